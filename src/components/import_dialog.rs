//! Importing files: Glossa JSON (merge into or replace the workspace, after showing
//! what will change), spaCy JSONL and Label Studio tasks (documents whose annotations
//! arrive as suggestions), and plain text. Files are read as bytes and decoded in Rust;
//! a malformed file is refused with its first problems and changes nothing.

use super::state::{Actions, OpenDoc};
use crate::dom::files::read_bytes;
use crate::dom::{now_ms, random_seed};
use crate::formats::native::{self, ImportMode, NativeFile};
use crate::formats::{add_imported, label_studio, spacy};
use crate::model::workspace::Workspace;
use crate::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A Glossa JSON file waiting for the user's choice of merge or replace.
struct Pending {
    name: String,
    file: NativeFile,
}

/// Decodes bytes as UTF-8, naming the first bad byte.
pub fn decode_utf8(name: &str, bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (invalid byte at position {}); save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The import dialog; `open` shows and hides it.
#[component]
pub fn ImportDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let open_doc = expect_context::<OpenDoc>();
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let report = RwSignal::new(String::new());
    let pending: StoredValue<Option<Pending>, LocalStorage> = StoredValue::new_local(None);
    let plan_text = RwSignal::new(None::<(String, String)>);
    let previous: StoredValue<Option<Workspace>> = StoredValue::new(None);
    let can_undo_import = RwSignal::new(false);
    let page = RwSignal::new(None::<super::page_preview::PagePreview>);

    super::sync_dialog(dialog_ref, open);

    let project_for_new = move || {
        let doc = open_doc.0.get_untracked();
        actions.editor.0.with_value(|e| {
            doc.and_then(|d| e.ws.project_of(d))
                .or(e.ws.projects.first())
                .map(|p| p.id)
        })
    };

    let import_one = move |name: String, bytes: Vec<u8>| -> Result<String, String> {
        if let Some(why) = actions.read_only.get_untracked() {
            return Err(why);
        }
        if bytes.is_empty() {
            return Err(format!("{name} is empty"));
        }
        // Invalid UTF-8 (or a binary file): decode with replacement characters and say so.
        let (text, warning) = match decode_utf8(&name, &bytes) {
            Ok(t) => (t, None),
            Err(e) => {
                let lossy = String::from_utf8_lossy(&bytes).into_owned();
                let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
                if bad * 10 > lossy.chars().count().max(1) || bytes.contains(&0) {
                    return Err(format!(
                        "{name} does not look like text (a binary file?): {e}"
                    ));
                }
                (
                    lossy,
                    Some(format!(
                        " — warning: {bad} invalid byte sequence(s) replaced by �"
                    )),
                )
            }
        };
        check_space(actions, &name, &text)?;
        let warning = warning.unwrap_or_default();
        let lower = name.to_lowercase();
        let trimmed = text.trim_start();
        let project = project_for_new().ok_or("there is no project to import into")?;
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            let docs = spacy::import(&text, &name).map_err(|e| format!("{name}: {e}"))?;
            let n = docs.len();
            actions
                .edit(|ed| add_imported(ed, project, docs, "spacy-jsonl", now_ms()))
                .ok_or_else(|| actions.status.message.get_untracked())?;
            Ok(format!("{name}: {n} document(s) with suggestions"))
        } else if lower.ends_with(".json") && trimmed.starts_with('[') {
            let docs = label_studio::import(&text, &name).map_err(|e| format!("{name}: {e}"))?;
            let n = docs.len();
            actions
                .edit(|ed| add_imported(ed, project, docs, "label-studio", now_ms()))
                .ok_or_else(|| actions.status.message.get_untracked())?;
            Ok(format!("{name}: {n} document(s) with suggestions"))
        } else if lower.ends_with(".json") {
            let file = native::parse(&text).map_err(|e| format!("{name}: {e}"))?;
            let empty = actions
                .editor
                .0
                .with_value(|e| e.ws.docs().next().is_none());
            if empty {
                apply_native(
                    actions,
                    previous,
                    can_undo_import,
                    file,
                    ImportMode::Replace,
                );
                Ok(format!("{name}: imported"))
            } else {
                let merge = actions
                    .editor
                    .0
                    .with_value(|e| native::plan(&e.ws, &file, ImportMode::Merge).summary());
                let replace = actions
                    .editor
                    .0
                    .with_value(|e| native::plan(&e.ws, &file, ImportMode::Replace).summary());
                plan_text.set(Some((merge, replace)));
                pending.set_value(Some(Pending {
                    name: name.clone(),
                    file,
                }));
                Ok(format!("{name}: choose how to import it"))
            }
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            // HTML: parsed inertly, readable text only, title from <h1> or <title>.
            let tree =
                crate::dom::html::parse(&text).ok_or("the browser could not read this HTML")?;
            let ex = crate::import::html::extract(&tree);
            if ex.text.trim().is_empty() {
                return Err(format!("{name} has no readable text"));
            }
            let title = ex
                .title
                .unwrap_or_else(|| super::doc_list::guess_title(&ex.text));
            actions
                .edit(|ed| ed.add_document(project, &title, &name, &ex.text, now_ms()))
                .ok_or_else(|| actions.status.message.get_untracked())?;
            Ok(format!("{name}: added (readable text of the page)"))
        } else {
            if text.trim().is_empty() {
                return Err(format!("{name} is empty"));
            }
            let known = [".txt", ".md", ".markdown", ".text"]
                .iter()
                .any(|x| lower.ends_with(x));
            let unknown = if known {
                ""
            } else {
                " (unknown file type: read as plain text)"
            };
            // A page saved as text: if the cleaner finds furniture or several stories,
            // show the preview first.
            let preview = crate::import::clean(&text);
            // (A plain article with a line or two the cleaner doubts is imported as is.)
            let removed = preview
                .stories
                .iter()
                .flat_map(|s| &s.lines)
                .filter(|l| !l.kept && !l.is_blank())
                .count();
            if preview.stories.len() > 1 || removed >= 3 {
                let n = preview.stories.len();
                page.set(Some(super::page_preview::PagePreview {
                    name: name.clone(),
                    preview,
                }));
                return Ok(format!(
                    "{name}: {n} stor{} found — check the preview below",
                    if n == 1 { "y" } else { "ies" }
                ));
            }
            // Plain text: one document, kept verbatim; title from the first line.
            let title: String = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or(&name)
                .chars()
                .take(90)
                .collect();
            actions
                .edit(|ed| ed.add_document(project, &title, &name, &text, now_ms()))
                .ok_or_else(|| actions.status.message.get_untracked())?;
            Ok(format!("{name}: added{unknown}{warning}"))
        }
    };

    let run_files = move |files: Vec<web_sys::File>| {
        report.set(format!("Reading {} file(s)…", files.len()));
        spawn_local(async move {
            let mut lines = Vec::new();
            for f in files {
                let name = f.name();
                let line = match read_bytes(&f).await {
                    Ok(bytes) => import_one(name, bytes),
                    Err(e) => Err(e),
                };
                lines.push(match line {
                    Ok(s) => s,
                    Err(e) => format!("Not imported — {e}"),
                });
            }
            report.set(lines.join("\n"));
        });
    };
    let on_files = move |_| {
        let Some(input) = input_ref.get() else { return };
        let Some(list) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        run_files(files);
    };
    // Files dropped anywhere on the window open this dialog and are imported.
    let _drop = window_event_listener(leptos::ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        let Some(dt) = e.data_transfer() else { return };
        let Some(list) = dt.files() else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if !files.is_empty() {
            open.set(true);
            run_files(files);
        }
    });
    let _dragover = window_event_listener(leptos::ev::dragover, move |e: web_sys::DragEvent| {
        e.prevent_default();
    });

    let choose = move |mode: ImportMode| {
        if let Some(p) = pending.try_update_value(|p| p.take()).flatten() {
            let name = p.name.clone();
            apply_native(actions, previous, can_undo_import, p.file, mode);
            let how = if mode == ImportMode::Merge {
                "merged"
            } else {
                "replaced the workspace"
            };
            report.set(format!("{name}: {how}"));
        }
        plan_text.set(None);
    };

    view! {
        <dialog class="dialog" node_ref=dialog_ref aria-labelledby="import-title" on:close=move |_| open.set(false)>
            <h2 id="import-title" class="dialog__title">"Import"</h2>
            <p class="dialog__hint">
                "Glossa JSON restores everything. spaCy JSONL and Label Studio tasks arrive as suggestions to accept or reject. Text, Markdown and HTML files (readable text only) become new documents. You can also drop files anywhere on the window."
            </p>
            <label class="dialog__field">
                "Files"
                <input
                    type="file"
                    multiple=true
                    accept=".json,.jsonl,.ndjson,.txt,.md,.html,.htm"
                    node_ref=input_ref
                    on:change=on_files
                />
            </label>
            <pre class="dialog__report" role="status">{move || report.get()}</pre>
            <super::page_preview::PagePreviewPanel page=page report=report />
            <Show when=move || plan_text.get().is_some()>
                <div class="dialog__choice" role="group" aria-label="How to import">
                    <p>
                        <strong>"Merge: "</strong>
                        {move || plan_text.get().map(|p| p.0).unwrap_or_default()}
                    </p>
                    <p>
                        <strong>"Replace: "</strong>
                        {move || plan_text.get().map(|p| p.1).unwrap_or_default()}
                    </p>
                    <div class="dialog__actions">
                        <button type="button" class="button button--primary" on:click=move |_| choose(ImportMode::Merge)>"Merge"</button>
                        <button type="button" class="button" on:click=move |_| choose(ImportMode::Replace)>"Replace"</button>
                        <button type="button" class="button" on:click=move |_| { pending.set_value(None); plan_text.set(None); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
            <div class="dialog__actions">
                <Show when=move || can_undo_import.get()>
                    <button
                        type="button"
                        class="button"
                        on:click=move |_| {
                            if let Some(ws) = previous.try_update_value(|p| p.take()).flatten() {
                                swap_workspace(actions, ws);
                                can_undo_import.set(false);
                                report.set("The import was undone.".into());
                            }
                        }
                    >
                        "Undo import"
                    </button>
                </Show>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </dialog>
    }
}

/// Applies a parsed Glossa JSON file (merge or replace), keeping the old workspace for
/// "Undo import".
pub(crate) fn apply_native(
    actions: Actions,
    previous: StoredValue<Option<Workspace>>,
    can_undo: RwSignal<bool>,
    file: NativeFile,
    mode: ImportMode,
) {
    let old = actions.editor.0.with_value(|e| e.ws.clone());
    let new = native::apply(&old, file, mode, random_seed());
    previous.set_value(Some(old));
    can_undo.set(true);
    swap_workspace(actions, new);
}

/// Refuses a file that browser storage could not hold, before anything changes. What
/// is stored is compressed, so the need is estimated from how well the file's first
/// 64 KB compress (with a margin), without compressing all of it.
pub(crate) fn check_space(actions: Actions, name: &str, text: &str) -> Result<(), String> {
    use storage::codec::{encode, utf16_len};
    let (used, limit) = actions.usage.get_untracked();
    let mut cut = text.len().min(64 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &text[..cut];
    let ratio = utf16_len(&encode(sample)) as f64 / utf16_len(sample).max(1) as f64;
    let needed = (utf16_len(text) as f64 * ratio * 1.25) as usize;
    if used + needed > limit {
        return Err(format!(
            "{name} is too large for the space left in browser storage (it needs about {:.1} MB; {:.1} of {:.0} MB are used); export and delete documents first",
            needed as f64 * 2.0 / 1_048_576.0,
            used as f64 * 2.0 / 1_048_576.0,
            limit as f64 * 2.0 / 1_048_576.0
        ));
    }
    Ok(())
}

/// Puts `ws` in place of the current workspace, stores it whole and shows a document.
fn swap_workspace(actions: Actions, ws: Workspace) {
    let open = actions.open.0.get_untracked();
    let same_text = actions.editor.0.try_update_value(|e| {
        // Whether the open document keeps its text (then its article stays as it is).
        let same_text = open.is_some_and(|d| match (e.ws.doc(d), ws.doc(d)) {
            (Some(a), Some(b)) => a.text() == b.text(),
            _ => false,
        });
        // Store only what the import changed.
        actions.persist.update_value(|p| p.mark_changed(&e.ws, &ws));
        e.ws = ws;
        e.history.clear();
        same_text
    });
    let same_text = same_text == Some(true);
    actions.flush();
    let still = actions
        .editor
        .0
        .with_value(|e| open.is_some_and(|d| e.ws.doc(d).is_some()));
    if same_text {
        // Same document, same text, maybe new annotations or labels: the article DOM
        // stays (rebuilding a long one costs as much as opening it); only the highlights
        // and the panels change.
        actions.selection.0.set(None);
        actions.active.0.set(None);
        actions.refresh_label_colours();
        actions.repaint();
    } else if !still {
        let first = actions.editor.0.with_value(|e| {
            e.ws.projects
                .iter()
                .flat_map(|p| p.documents.iter())
                .next()
                .copied()
        });
        actions.open.0.set(first);
    } else {
        // Same document id with another text: rebuild the article and repaint.
        actions.open.0.set(None);
        actions.open.0.set(open);
    }
    actions.revision.0.update(|r| *r += 1);
}
