//! The annotation model: pure Rust, no web types.
//!
//! - [`offsets`]: offset newtypes per unit (bytes, UTF-16 units, code points),
//!   [`Span`](offsets::Span) and the [`TextIndex`](offsets::TextIndex) converting between units.
//! - [`text`]: grapheme boundaries, word snapping and paragraphs.
//! - [`interval`]: an interval index for "what is at this offset / in this range".
//! - [`ids`]: globally unique, stable ids.
//! - [`samples`]: the built-in sample articles.
//! - [`document`], [`schema`], [`annotations`]: documents, labels, and the annotation layers.
//! - [`workspace`]: workspace → projects → documents, derived indexes, queries, `validate()`.
//! - [`commands`]: record-level edits with inverses, and the undo history.
//! - [`edit`]: the [`Editor`](edit::Editor): what a user does, as undoable steps.
//! - [`assist`]: pure rules proposing quotes, speakers and entity labels as suggestions.

pub mod annotations;
pub mod assist;
pub mod commands;
pub mod document;
pub mod edit;
pub mod ids;
pub mod interval;
pub mod offsets;
pub mod samples;
pub mod schema;
pub mod text;
pub mod workspace;
