//! The Leptos user interface. State lives in a few narrow contexts (see [`state`]);
//! the article DOM is built imperatively once per document and painted with CSS
//! highlights, never re-rendered by reactivity.

mod app;
mod details;
mod doc_list;
mod export_dialog;
mod find_bar;
mod help;
mod import_dialog;
mod page_preview;
mod palette;
mod schema_dialog;
mod side_panel;
pub mod state;
mod top_bar;

pub use app::App;
pub use palette::LabelPalette;
