//! Find in the document (`Ctrl+F`): matches are painted as a highlight layer; `Enter`
//! moves to the next match and selects it (a label key then labels it), and "Label all"
//! labels every match in one undoable step.

use super::state::{Actions, EditorCtx, OpenDoc, Revision};
use crate::dom::now_ms;
use crate::model::ids::Id;
use crate::model::text::find_all;
use leptos::prelude::*;

/// The search bar above the article (shown with `Ctrl+F`).
#[component]
pub fn FindBar() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open_doc = expect_context::<OpenDoc>();
    let find = actions.find;
    let query = RwSignal::new(String::new());
    let case = RwSignal::new(false);
    let current = RwSignal::new(0usize);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let label = RwSignal::new(None::<Id>);

    // Recompute matches when the query, the case option or the document changes.
    Effect::new(move |_| {
        let q = query.get();
        let c = case.get();
        let d = open_doc.0.get();
        if !find.open.get() {
            find.matches.set(Vec::new());
            actions.repaint();
            return;
        }
        let m = editor
            .0
            .with_value(|e| {
                d.and_then(|d| e.ws.doc(d))
                    .map(|ds| find_all(ds.text(), &q, c))
            })
            .unwrap_or_default();
        current.set(0);
        find.matches.set(m);
        actions.repaint();
    });
    // Focus the box when the bar opens.
    Effect::new(move |_| {
        if find.open.get() {
            if let Some(i) = input_ref.get() {
                let _ = i.focus();
                i.select();
            }
        }
    });
    let labels = Memo::new(move |_| {
        revision.0.track();
        let d = open_doc.0.get();
        editor.0.with_value(|e| {
            d.and_then(|d| e.ws.project_of(d))
                .map(|p| {
                    p.schema
                        .labels
                        .iter()
                        .map(|l| (l.id, l.name.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let go = move |step: isize| {
        let m = find.matches.get_untracked();
        if m.is_empty() {
            return;
        }
        let n = m.len() as isize;
        let i = (current.get_untracked() as isize + step).rem_euclid(n) as usize;
        current.set(i);
        actions.active.0.set(None);
        actions.selection.0.set(Some(m[i]));
        super::app::scroll_span_into_view(actions, m[i]);
    };
    let label_all = move |_| {
        let Some(d) = open_doc.0.get_untracked() else {
            return;
        };
        let Some(l) = label
            .get_untracked()
            .or_else(|| labels.get_untracked().first().map(|x| x.0))
        else {
            return;
        };
        let m = find.matches.get_untracked();
        actions.edit(|ed| ed.label_spans(d, &m, l, now_ms()));
    };
    let close = move || {
        find.open.set(false);
        query.set(String::new());
    };
    view! {
        <Show when=move || find.open.get()>
            <div class="find-bar" role="search" aria-label="Find in document">
                <input
                    class="find-bar__input"
                    type="search"
                    aria-label="Find"
                    placeholder="Find in this document"
                    node_ref=input_ref
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
                        "Enter" => {
                            ev.prevent_default();
                            go(if ev.shift_key() { -1 } else { 1 });
                        }
                        "Escape" => {
                            ev.prevent_default();
                            close();
                        }
                        _ => {}
                    }
                />
                <label class="dialog__check">
                    <input type="checkbox" prop:checked=move || case.get() on:change=move |ev| {
                        let t: web_sys::HtmlInputElement = event_target(&ev);
                        case.set(t.checked());
                    } />
                    "Match case"
                </label>
                <span class="find-bar__count" role="status">
                    {move || {
                        let n = find.matches.get().len();
                        if query.get().is_empty() { String::new() } else if n == 0 { "No matches".into() } else { format!("{n} match(es)") }
                    }}
                </span>
                <button type="button" class="button button--small" on:click=move |_| go(1)>"Next"</button>
                <select class="dialog__select" aria-label="Label for all matches" on:change=move |ev| label.set(event_target_value(&ev).parse().ok())>
                    {move || labels.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                </select>
                <button type="button" class="button button--small" on:click=label_all prop:disabled=move || find.matches.get().is_empty()>
                    "Label all matches"
                </button>
                <button type="button" class="button button--small" aria-label="Close the search" on:click=move |_| close()>"✕"</button>
            </div>
        </Show>
    }
}
