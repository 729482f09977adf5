//! The top bar: product name, the open document's title and status, undo/redo and the
//! save status.

use super::export_dialog::ExportDialog;
use super::import_dialog::ImportDialog;
use super::state::{Actions, EditorCtx, OpenDoc, Revision, SaveState, Status};
use leptos::prelude::*;

/// The application's top bar.
#[component]
pub fn TopBar() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
    let status = expect_context::<Status>();
    let info = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            let ds = doc.and_then(|d| e.ws.doc(d));
            (
                ds.map(|d| d.doc.title.clone()).unwrap_or_default(),
                ds.map(|d| d.doc.status.display_name()).unwrap_or(""),
                e.history.undo_description().map(str::to_owned),
                e.history.redo_description().map(str::to_owned),
            )
        })
    });
    let export_open = RwSignal::new(false);
    let import_open = RwSignal::new(false);
    let save_text = move || match status.save.get() {
        SaveState::Saved => "Saved".to_owned(),
        SaveState::NotSaved(why) => format!("Not saved: {why}"),
        SaveState::Full(_) => "Not saved: storage full".to_owned(),
    };
    view! {
        <header class="top-bar">
            <span class="top-bar__brand">"Glossa"</span>
            <h1 class="top-bar__title">{move || info.get().0}</h1>
            <button
                class="button button--small"
                type="button"
                aria-label="Rename this document"
                on:click=move |_| {
                    let Some(d) = open.0.get_untracked() else { return };
                    let current = info.get_untracked().0;
                    let answer = crate::dom::window()
                        .prompt_with_message_and_default("New title of this document", &current)
                        .ok()
                        .flatten();
                    if let Some(t) = answer.filter(|t| !t.trim().is_empty() && *t != current) {
                        actions.edit(|ed| ed.rename_document(d, t.trim()));
                    }
                }
            >
                "Rename"
            </button>
            <select
                class="top-bar__status"
                aria-label="Status of this document"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let status = crate::model::document::DocStatus::ALL.into_iter().find(|s| s.display_name() == v);
                    if let (Some(d), Some(st)) = (open.0.get_untracked(), status) {
                        actions.edit(|ed| ed.set_status(d, st));
                    }
                }
            >
                {move || {
                    let current = info.get().1;
                    crate::model::document::DocStatus::ALL
                        .into_iter()
                        .map(|s| view! { <option value=s.display_name() selected=s.display_name() == current>{s.display_name()}</option> })
                        .collect_view()
                }}
            </select>
            <div class="top-bar__actions">
                <button
                    class="button"
                    type="button"
                    aria-label="Previous document"
                    aria-keyshortcuts="Alt+ArrowLeft"
                    title="Previous document (Alt+←)"
                    on:click=move |_| super::app::step_document(actions, false)
                >
                    "‹"
                </button>
                <button
                    class="button"
                    type="button"
                    aria-label="Next document"
                    aria-keyshortcuts="Alt+ArrowRight"
                    title="Next document (Alt+→)"
                    on:click=move |_| super::app::step_document(actions, true)
                >
                    "›"
                </button>
                <button
                    class="button"
                    type="button"
                    aria-keyshortcuts="Control+Z"
                    title=move || info.get().2.map(|d| format!("Undo: {d} (Ctrl+Z)")).unwrap_or_else(|| "Nothing to undo".into())
                    prop:disabled=move || info.get().2.is_none()
                    on:click=move |_| actions.undo()
                >
                    "Undo"
                </button>
                <button
                    class="button"
                    type="button"
                    aria-keyshortcuts="Control+Shift+Z Control+Y"
                    title=move || info.get().3.map(|d| format!("Redo: {d} (Ctrl+Shift+Z)")).unwrap_or_else(|| "Nothing to redo".into())
                    prop:disabled=move || info.get().3.is_none()
                    on:click=move |_| actions.redo()
                >
                    "Redo"
                </button>
                <button
                    class="button"
                    type="button"
                    aria-haspopup="dialog"
                    on:click=move |_| import_open.set(true)
                >
                    "Import…"
                </button>
                <button
                    class="button"
                    type="button"
                    aria-haspopup="dialog"
                    on:click=move |_| export_open.set(true)
                >
                    "Export…"
                </button>
                <super::safety::BackupButton />
                <button
                    class="button"
                    type="button"
                    aria-haspopup="dialog"
                    aria-keyshortcuts="?"
                    title="Keyboard shortcuts (?)"
                    on:click=move |_| actions.help.set(true)
                >
                    "Help"
                </button>
            </div>
            <span
                class="top-bar__save"
                class:top-bar__save--error=move || status.save.get() != SaveState::Saved
                role="status"
            >
                {save_text}
            </span>
        </header>
        <p class="status-line" role="status" aria-live="polite">{move || status.message.get()}</p>
        <ExportDialog open=export_open />
        <ImportDialog open=import_open />
    }
}
