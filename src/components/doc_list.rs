//! The document list on the left: documents by project with status and counts per
//! layer, a progress bar for the corpus, search by title, a status filter, pasting a
//! new text and deleting a document (undoable).

use super::state::{Actions, EditorCtx, OpenDoc, Revision};
use crate::dom::now_ms;
use crate::model::document::DocStatus;
use crate::model::ids::Id;
use leptos::prelude::*;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    id: Id,
    title: String,
    status: DocStatus,
    mentions: usize,
    quotes: usize,
    stances: usize,
}

/// The list of documents, grouped by project.
#[component]
pub fn DocList() -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
    let actions = expect_context::<Actions>();
    let search = RwSignal::new(String::new());
    let filter = RwSignal::new(None::<DocStatus>);
    let paste_open = RwSignal::new(false);

    let projects = Memo::new(move |_| {
        revision.0.track();
        editor.0.with_value(|e| {
            e.ws.projects
                .iter()
                .map(|p| {
                    let rows: Vec<Row> = p
                        .documents
                        .iter()
                        .filter_map(|d| e.ws.doc(*d))
                        .map(|ds| Row {
                            id: ds.doc.id,
                            title: ds.doc.title.clone(),
                            status: ds.doc.status,
                            mentions: ds.ann.mentions.len(),
                            quotes: ds.ann.quotes.len(),
                            stances: ds.ann.stances.len(),
                        })
                        .collect();
                    (p.id, p.name.clone(), rows)
                })
                .collect::<Vec<_>>()
        })
    });
    let progress = move || {
        let all: Vec<Row> = projects.get().into_iter().flat_map(|(_, _, r)| r).collect();
        let done = all
            .iter()
            .filter(|r| matches!(r.status, DocStatus::Done | DocStatus::Reviewed))
            .count();
        (done, all.len())
    };
    let visible = move |r: &Row| {
        let q = search.get().to_lowercase();
        (q.is_empty() || r.title.to_lowercase().contains(&q))
            && filter.get().is_none_or(|f| f == r.status)
    };
    let delete = move |id: Id, title: String| {
        let ok = crate::dom::window()
            .confirm_with_message(&format!(
                "Delete “{title}” and its annotations? You can undo this with Ctrl+Z."
            ))
            .unwrap_or(false);
        if ok {
            actions.edit(|ed| ed.remove_document(id));
        }
    };
    view! {
        <nav class="doc-list" aria-label="Documents">
            <div class="doc-list__tools">
                <button type="button" class="button button--small" aria-haspopup="dialog" on:click=move |_| paste_open.set(true)>
                    "Paste text…"
                </button>
                <input
                    class="doc-list__search"
                    type="search"
                    aria-label="Search titles"
                    placeholder="Search titles"
                    prop:value=move || search.get()
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <select
                    class="dialog__select"
                    aria-label="Show documents with status"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.set(DocStatus::ALL.into_iter().find(|s| s.display_name() == v));
                    }
                >
                    <option value="">"All statuses"</option>
                    {DocStatus::ALL.into_iter().map(|s| view! { <option value=s.display_name()>{s.display_name()}</option> }).collect_view()}
                </select>
                <label class="doc-list__progress">
                    {move || {
                        let (d, n) = progress();
                        format!("{d} of {n} done")
                    }}
                    <progress max=move || progress().1.max(1).to_string() value=move || progress().0.to_string()></progress>
                </label>
            </div>
            <For
                each=move || projects.get()
                key=|p| p.clone()
                children=move |(_, name, rows)| {
                    view! {
                        <h2 class="doc-list__project">{name}</h2>
                        <ul class="doc-list__items">
                            {rows
                                .into_iter()
                                .map(|r| {
                                    let id = r.id;
                                    let title = r.title.clone();
                                    let row = r.clone();
                                    view! {
                                        <li class="doc-list__row" class:doc-list__row--hidden=move || !visible(&row)>
                                            <button
                                                type="button"
                                                class="doc-list__item"
                                                class:doc-list__item--active=move || open.0.get() == Some(id)
                                                aria-current=move || (open.0.get() == Some(id)).then_some("page")
                                                on:click=move |_| open.0.set(Some(id))
                                            >
                                                <span class="doc-list__title">{r.title.clone()}</span>
                                                <span class="doc-list__meta">
                                                    {format!(
                                                        "{} · {} · {} · {}",
                                                        r.status.display_name(),
                                                        plural(r.mentions, "mention"),
                                                        plural(r.quotes, "quote"),
                                                        plural(r.stances, "stance"),
                                                    )}
                                                </span>
                                            </button>
                                            <button
                                                type="button"
                                                class="doc-list__delete"
                                                aria-label=format!("Delete {title}")
                                                title="Delete this document"
                                                on:click=move |_| delete(id, title.clone())
                                            >
                                                "✕"
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                }
            />
            <super::safety::StorageMeter />
        </nav>
        <PasteDialog open=paste_open />
    }
}

/// "1 mention", "2 mentions".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The first non-empty line of a text, shortened: the guessed title of a pasted text.
pub fn guess_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut t: String = line.chars().take(90).collect();
    if line.chars().count() > 90 {
        t.push('…');
    }
    t
}

/// The paste dialog: a text and its title (guessed from the first line) become a new
/// document of the open project, kept verbatim.
#[component]
fn PasteDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let doc = expect_context::<OpenDoc>();
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let text = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let title_touched = RwSignal::new(false);
    super::sync_dialog(dialog_ref, open);
    let add = move |_| {
        let body = text.get_untracked();
        if body.trim().is_empty() {
            actions.status.message.set("Paste some text first.".into());
            return;
        }
        let t = {
            let t = title.get_untracked();
            if t.trim().is_empty() {
                guess_title(&body)
            } else {
                t
            }
        };
        let project = actions.editor.0.with_value(|e| {
            doc.0
                .get_untracked()
                .and_then(|d| e.ws.project_of(d))
                .or(e.ws.projects.first())
                .map(|p| p.id)
        });
        let Some(p) = project else { return };
        if let Some(out) =
            actions.edit(|ed| ed.add_document(p, t.trim(), "pasted", &body, now_ms()))
        {
            text.set(String::new());
            title.set(String::new());
            title_touched.set(false);
            open.set(false);
            actions.open.0.set(out.created);
        }
    };
    view! {
        <dialog class="dialog" node_ref=dialog_ref aria-labelledby="paste-title" on:close=move |_| open.set(false)>
            <h2 id="paste-title" class="dialog__title">"Paste a text"</h2>
            <label class="dialog__field">
                "Title"
                <input
                    class="details__input"
                    prop:value=move || title.get()
                    on:input=move |ev| {
                        title_touched.set(true);
                        title.set(event_target_value(&ev));
                    }
                />
            </label>
            <label class="dialog__field">
                "Text (kept exactly as pasted)"
                <textarea
                    class="dialog__textarea"
                    rows="12"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        if !title_touched.get_untracked() {
                            title.set(guess_title(&v));
                        }
                        text.set(v);
                    }
                ></textarea>
            </label>
            <div class="dialog__actions">
                <button type="button" class="button button--primary" on:click=add>"Add document"</button>
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </dialog>
    }
}
