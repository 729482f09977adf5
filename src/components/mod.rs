//! The Leptos user interface. State lives in a few narrow contexts (see [`state`]);
//! the article DOM is built imperatively once per document and painted with CSS
//! highlights, never re-rendered by reactivity.

pub(crate) mod app;
mod details;
pub(crate) mod doc_list;
mod export_dialog;
mod find_bar;
mod help;
pub(crate) mod import_dialog;
mod page_preview;
mod palette;
mod safety;
mod schema_dialog;
mod side_panel;
pub mod state;
mod top_bar;

pub use app::App;
pub use palette::LabelPalette;

/// Shows the `<dialog>` modally while `open` is true and closes it when it turns false
/// (`Esc` and the dialog's own close set `open` back through its `close` event).
fn sync_dialog(
    dialog_ref: leptos::prelude::NodeRef<leptos::html::Dialog>,
    open: leptos::prelude::RwSignal<bool>,
) {
    use leptos::prelude::*;
    Effect::new(move |_| {
        let Some(d) = dialog_ref.get() else { return };
        if open.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
}
