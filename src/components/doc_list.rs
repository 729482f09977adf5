//! The document list on the left: the project's documents with status and counts.

use super::state::{EditorCtx, OpenDoc, Revision};
use crate::model::ids::Id;
use leptos::prelude::*;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    id: Id,
    title: String,
    status: &'static str,
    mentions: usize,
    quotes: usize,
}

/// The list of documents, grouped by project.
#[component]
pub fn DocList() -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
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
                            status: ds.doc.status.display_name(),
                            mentions: ds.ann.mentions.len(),
                            quotes: ds.ann.quotes.len(),
                        })
                        .collect();
                    (p.id, p.name.clone(), rows)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <nav class="doc-list" aria-label="Documents">
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
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="doc-list__item"
                                                class:doc-list__item--active=move || open.0.get() == Some(id)
                                                aria-current=move || (open.0.get() == Some(id)).then_some("page")
                                                on:click=move |_| open.0.set(Some(id))
                                            >
                                                <span class="doc-list__title">{r.title}</span>
                                                <span class="doc-list__meta">
                                                    {format!("{} · {} · {}", r.status, plural(r.mentions, "mention"), plural(r.quotes, "quote"))}
                                                </span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                }
            />
        </nav>
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
