//! The export dialog: choose a format and which documents, see the first lines, then
//! download the file (a zip when the format has several files) or copy it.

use super::state::{Actions, EditorCtx, OpenDoc};
use crate::dom::files::{copy_text, download};
use crate::formats::{export, export_files, file_stem, ExportOptions, Format};
use crate::model::document::DocStatus;
use crate::model::ids::Id;
use leptos::prelude::*;

/// Which documents to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Current,
    All,
    Finished,
    Chosen,
}

/// Lines shown in the preview.
const PREVIEW_LINES: usize = 14;

/// The export dialog; `open` shows and hides it.
#[component]
pub fn ExportDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let doc = expect_context::<OpenDoc>();
    let actions = expect_context::<Actions>();
    let format = RwSignal::new(Format::Native);
    let scope = RwSignal::new(Scope::Current);
    let bom = RwSignal::new(false);
    let chosen = RwSignal::new(std::collections::BTreeSet::<Id>::new());
    let all_docs = move || {
        editor.0.with_value(|e| {
            e.ws.projects
                .iter()
                .flat_map(|p| p.documents.iter())
                .filter_map(|d| e.ws.doc(*d).map(|ds| (*d, ds.doc.title.clone())))
                .collect::<Vec<_>>()
        })
    };
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();

    super::sync_dialog(dialog_ref, open);

    let doc_ids = move || -> Vec<Id> {
        let current = doc.0.get();
        let s = scope.get();
        let picked = chosen.get();
        editor.0.with_value(|e| match s {
            Scope::Current => current.into_iter().collect(),
            Scope::Chosen => {
                e.ws.projects
                    .iter()
                    .flat_map(|p| p.documents.iter().copied())
                    .filter(|d| picked.contains(d))
                    .collect()
            }
            Scope::All | Scope::Finished => {
                e.ws.projects
                    .iter()
                    .flat_map(|p| p.documents.iter().copied())
                    .filter(|d| {
                        s == Scope::All
                            || e.ws.doc(*d).is_some_and(|ds| {
                                matches!(ds.doc.status, DocStatus::Done | DocStatus::Reviewed)
                            })
                    })
                    .collect()
            }
        })
    };
    let stem = move || {
        let current = doc.0.get();
        match scope.get() {
            Scope::Current => editor.0.with_value(|e| {
                current
                    .and_then(|d| e.ws.doc(d))
                    .map(|ds| file_stem(&ds.doc.title))
                    .unwrap_or_else(|| "glossa".into())
            }),
            Scope::All => "glossa-corpus".into(),
            Scope::Finished => "glossa-finished".into(),
            Scope::Chosen => "glossa-selection".into(),
        }
    };
    let options = move || ExportOptions { csv_bom: bom.get() };
    let preview = Memo::new(move |_| {
        if !open.get() {
            return (String::new(), String::new());
        }
        let ids = doc_ids();
        let f = format.get();
        let o = options();
        let name = stem();
        editor
            .0
            .with_value(|e| match export_files(&e.ws, &ids, f, o) {
                Err(err) => (
                    String::new(),
                    crate::components::state::capitalise(&err.to_string()),
                ),
                Ok(files) => {
                    let mut out = String::new();
                    if files.len() > 1 {
                        out.push_str(&format!("{name}-{}.zip contains:\n", f.slug()));
                        for file in &files {
                            out.push_str(&format!(
                                "  {} ({} bytes)\n",
                                file.name,
                                file.bytes.len()
                            ));
                        }
                        out.push('\n');
                    }
                    if let Some(first) = files.first() {
                        if files.len() > 1 {
                            out.push_str(&format!("{}:\n", first.name));
                        }
                        let text = String::from_utf8_lossy(&first.bytes);
                        let text = text.trim_start_matches('\u{feff}');
                        for line in text.lines().take(PREVIEW_LINES) {
                            let line: String = line.chars().take(160).collect();
                            out.push_str(&line);
                            out.push('\n');
                        }
                    }
                    (out, String::new())
                }
            })
    });
    let is_zip = move || {
        format.get() == Format::Brat
            || format.get() == Format::LabelStudio
            || format.get() == Format::Csv
    };
    let make = move || {
        let ids = doc_ids();
        let f = format.get_untracked();
        editor
            .0
            .with_value(|e| export(&e.ws, &ids, f, options(), &stem()))
    };
    let on_download = move |_| match make() {
        Ok(file) => match download(&file.name, file.mime, &file.bytes) {
            Ok(()) => actions
                .status
                .message
                .set(format!("Downloaded {}", file.name)),
            Err(e) => actions
                .status
                .message
                .set(crate::components::state::capitalise(&e)),
        },
        Err(e) => actions
            .status
            .message
            .set(crate::components::state::capitalise(&e.to_string())),
    };
    let on_copy = move |_| match make() {
        Ok(file) => {
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            leptos::task::spawn_local(async move {
                match copy_text(&text).await {
                    Ok(()) => actions
                        .status
                        .message
                        .set("Copied the export to the clipboard".into()),
                    Err(e) => actions
                        .status
                        .message
                        .set(crate::components::state::capitalise(&e)),
                }
            });
        }
        Err(e) => actions
            .status
            .message
            .set(crate::components::state::capitalise(&e.to_string())),
    };
    let on_format = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if let Some(f) = Format::ALL.iter().find(|f| f.slug() == v) {
            format.set(*f);
        }
    };
    let on_scope = move |ev: leptos::ev::Event| {
        scope.set(match event_target_value(&ev).as_str() {
            "all" => Scope::All,
            "finished" => Scope::Finished,
            "chosen" => Scope::Chosen,
            _ => Scope::Current,
        });
    };
    view! {
        <dialog
            class="dialog"
            node_ref=dialog_ref
            aria-labelledby="export-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="export-title" class="dialog__title">"Export"</h2>
            <div class="dialog__row">
                <label class="dialog__field">
                    "Format"
                    <select class="dialog__select" on:change=on_format>
                        {Format::ALL
                            .iter()
                            .map(|f| view! { <option value=f.slug() selected=*f == Format::Native>{f.display_name()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="dialog__field">
                    "Documents"
                    <select class="dialog__select" on:change=on_scope>
                        <option value="current" selected=true>"This document"</option>
                        <option value="all">"All documents"</option>
                        <option value="finished">"Only done and reviewed"</option>
                        <option value="chosen">"Chosen documents…"</option>
                    </select>
                </label>
                <Show when=move || format.get() == Format::Csv>
                    <label class="dialog__check">
                        <input
                            type="checkbox"
                            prop:checked=move || bom.get()
                            on:change=move |ev| {
                                let t: web_sys::HtmlInputElement = event_target(&ev);
                                bom.set(t.checked());
                            }
                        />
                        "Byte-order mark for Excel"
                    </label>
                </Show>
            </div>
            <Show when=move || scope.get() == Scope::Chosen>
                <fieldset class="dialog__docs">
                    <legend>"Documents to export"</legend>
                    {move || {
                        all_docs()
                            .into_iter()
                            .map(|(id, title)| {
                                view! {
                                    <label class="dialog__check">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || chosen.get().contains(&id)
                                            on:change=move |ev| {
                                                let t: web_sys::HtmlInputElement = event_target(&ev);
                                                chosen.update(|c| {
                                                    if t.checked() {
                                                        c.insert(id);
                                                    } else {
                                                        c.remove(&id);
                                                    }
                                                });
                                            }
                                        />
                                        {title}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
            </Show>
            <p class="dialog__error" role="alert">{move || preview.get().1}</p>
            <pre class="dialog__preview" aria-label="Preview of the first lines" tabindex="0">{move || preview.get().0}</pre>
            <div class="dialog__actions">
                <button type="button" class="button button--primary" on:click=on_download>
                    {move || if is_zip() { "Download zip" } else { "Download" }}
                </button>
                <button type="button" class="button" on:click=on_copy prop:disabled=is_zip>
                    "Copy"
                </button>
                <button type="button" class="button" on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
        </dialog>
    }
}
