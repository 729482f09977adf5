//! Glossa: annotation of news articles in the browser.
//!
//! Module map (see `docs/architecture.md` for the data flow):
//!
//! - [`model`]: the pure annotation model — documents, offsets, spans, labels,
//!   mentions, entities, quotes, stances, commands and undo. No web types; tested natively.
//! - [`formats`]: import and export (native JSON, spaCy JSONL, CoNLL, brat, W3C, Label Studio, CSV).
//! - [`import`]: web-page import — HTML text extraction and the scraped-page cleaner and story splitter.
//! - [`storage`]: the one module that reads and writes browser storage (layout, encoding,
//!   migrations and sync are pure and tested natively; `storage::web` is the browser side).
//! - `dom` (wasm only): the article DOM, selections and the CSS-highlight painter.
//! - `components` (wasm only): the Leptos user interface.
//! - [`warm_up`]: runs the import and storage code on a small generated document in idle
//!   time after start, so the browser has compiled it before a user's first import.
//! - `bench` (wasm only): the `?bench=1` hooks of the browser benchmark.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod formats;
pub mod import;
pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod dom;
pub mod storage;
pub mod warm_up;

/// Mounts the application on the page's body.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::App);
}
