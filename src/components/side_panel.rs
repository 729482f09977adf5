//! The side panel with the Entities, Quotes and Stances tabs. Rows are plain data
//! re-read when the revision changes; clicking a row selects its annotation and scrolls
//! its text into view. Updating the panel never touches the article DOM.

use super::state::{Actions, Active, EditorCtx, OpenDoc, Revision};
use crate::model::annotations::SpanRef;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Entities,
    Quotes,
    Stances,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    target: SpanRef,
    text: String,
    chip: String,
    chip_class: String,
}

/// Rows (at most this many are rendered; the rest are summarised).
const MAX_ROWS: usize = 500;

/// The side panel.
#[component]
pub fn SidePanel() -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
    let active = expect_context::<Active>();
    let actions = expect_context::<Actions>();
    let tab = RwSignal::new(Tab::Entities);
    let rows = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        let t = tab.get();
        editor.0.with_value(|e| {
            let Some(ds) = doc.and_then(|d| e.ws.doc(d)) else {
                return (Vec::new(), 0);
            };
            let schema = e.ws.project_of(ds.doc.id).map(|p| &p.schema);
            let mut total_mentions = 0;
            let mut rows: Vec<(crate::model::offsets::Span, Row)> = match t {
                Tab::Entities => {
                    // Sort the cheap keys and build only the rows shown: a long document
                    // has thousands of mentions, and this runs after every edit.
                    let mut keys: Vec<(crate::model::offsets::Span, SpanRef)> = ds
                        .ann
                        .mentions
                        .values()
                        .map(|m| (m.span, SpanRef::Mention(m.id)))
                        .collect();
                    total_mentions = keys.len();
                    // Only the first rows in text order are shown: select them in linear
                    // time, then sort just those.
                    if keys.len() > MAX_ROWS {
                        keys.select_nth_unstable(MAX_ROWS);
                        keys.truncate(MAX_ROWS);
                    }
                    keys.sort_unstable();
                    keys.into_iter()
                        .filter_map(|(_, r)| match r {
                            SpanRef::Mention(id) => ds.ann.mentions.get(&id),
                            _ => None,
                        })
                        .map(|m| {
                            let i = schema.and_then(|s| s.index_of(m.label)).unwrap_or(0);
                            let name = schema
                                .and_then(|s| s.get(m.label))
                                .map(|l| l.name.clone())
                                .unwrap_or_default();
                            (
                                m.span,
                                Row {
                                    target: SpanRef::Mention(m.id),
                                    text: ds.span_text(m.span).to_owned(),
                                    chip: name,
                                    chip_class: format!("label-chip label-chip--l{i}"),
                                },
                            )
                        })
                        .collect()
                }
                Tab::Quotes => ds
                    .ann
                    .quotes
                    .values()
                    .map(|q| {
                        let speaker = ds.speaker_name(q);
                        (
                            q.content,
                            Row {
                                target: SpanRef::QuoteContent(q.id),
                                text: ds.span_text(q.content).to_owned(),
                                chip_class: if speaker.is_some() {
                                    "label-chip label-chip--quote".into()
                                } else {
                                    "label-chip label-chip--missing".into()
                                },
                                chip: speaker.unwrap_or_else(|| "no speaker".into()),
                            },
                        )
                    })
                    .collect(),
                Tab::Stances => ds
                    .ann
                    .stances
                    .values()
                    .map(|s| {
                        let name = |e: Option<crate::model::ids::Id>| {
                            e.and_then(|e| ds.ann.entities.get(&e))
                                .map(|e| e.name.clone())
                        };
                        let target = match s.target {
                            Some(crate::model::annotations::StanceTarget::Entity(e)) => {
                                name(Some(e))
                            }
                            Some(crate::model::annotations::StanceTarget::Topic(t)) => {
                                e.ws.project_of(ds.doc.id)
                                    .and_then(|p| p.topics.get(&t))
                                    .map(|t| t.name.clone())
                            }
                            None => None,
                        };
                        let r = SpanRef::Evidence(s.id, 0);
                        let at = ds.span_of(r).unwrap_or(crate::model::offsets::Span {
                            start: Default::default(),
                            end: Default::default(),
                        });
                        (
                            at,
                            Row {
                                target: r,
                                text: format!(
                                    "{} → {} ({} evidence)",
                                    name(s.holder).unwrap_or_else(|| "no holder".into()),
                                    target.unwrap_or_else(|| "no target".into()),
                                    s.evidence.len()
                                ),
                                chip: s.polarity.display_name().to_owned(),
                                chip_class: "label-chip label-chip--stance".into(),
                            },
                        )
                    })
                    .collect(),
            };
            if t == Tab::Quotes {
                // Grouped by speaker; quotes lacking one come first, flagged.
                rows.sort_by(|(a, ra), (b, rb)| {
                    let key = |r: &Row| (r.chip_class.contains("--quote"), r.chip.to_lowercase());
                    key(ra).cmp(&key(rb)).then(a.cmp(b))
                });
            } else {
                rows.sort_by_key(|(s, r)| (*s, r.target));
            }
            let total = if t == Tab::Entities {
                total_mentions
            } else {
                rows.len()
            };
            rows.truncate(MAX_ROWS);
            (rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>(), total)
        })
    });
    let select = move |target: SpanRef| {
        active.0.set(Some(target));
        scroll_to(actions, target);
    };
    let tab_button = move |t: Tab, name: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="side-panel__tab"
                class:side-panel__tab--active=move || tab.get() == t
                aria-selected=move || (tab.get() == t).to_string()
                on:click=move |_| tab.set(t)
            >
                {name}
            </button>
        }
    };
    let pending_count = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            doc.map(|d| crate::model::assist::apply::pending(e, d).len())
                .unwrap_or(0)
        })
    });
    // Which suggestions "Accept all" / "Reject all" apply to: all, one kind, or one source.
    let which = RwSignal::new(String::from("all"));
    let sources = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            let mut v: Vec<String> = doc
                .map(|d| {
                    crate::model::assist::apply::pending(e, d)
                        .into_iter()
                        .filter_map(|(_, p)| crate::model::assist::apply::source_of(e, d, p))
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v.dedup();
            v
        })
    });
    let precision = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        let project = editor
            .0
            .with_value(|e| doc.and_then(|d| e.ws.project_of(d)).map(|p| p.id));
        project
            .map(crate::storage::web::review_log)
            .unwrap_or_default()
            .into_iter()
            .map(|(src, (a, r))| format!("{src} {a}/{} ({}%)", a + r, (a * 100) / (a + r).max(1)))
            .collect::<Vec<_>>()
            .join(" · ")
    });
    let review_all = move |accept: bool| {
        let Some(d) = open.0.get_untracked() else {
            return;
        };
        let w = which.get_untracked();
        let items: Vec<_> = editor.0.with_value(|e| {
            use crate::model::assist::apply::{pending, source_of, Pending};
            pending(e, d)
                .into_iter()
                .map(|(_, p)| p)
                .filter(|p| match w.as_str() {
                    "all" => true,
                    "kind:quote" => matches!(p, Pending::Quote(_)),
                    "kind:mention" => matches!(p, Pending::Mention(_)),
                    src => source_of(e, d, *p).is_some_and(|s| format!("by:{s}") == src),
                })
                .collect()
        });
        if items.is_empty() {
            actions
                .status
                .message
                .set("No suggestions of that kind.".into());
            return;
        }
        super::state::review_suggestions(actions, d, &items, accept);
    };
    let find_quotes = move |_| {
        let Some(d) = open.0.get_untracked() else {
            return;
        };
        if actions
            .edit(|ed| crate::model::assist::apply::suggest_quotes(ed, d, crate::dom::now_ms()))
            .is_some()
        {
            tab.set(Tab::Quotes);
            actions.status.message.set(
                "Quotes suggested: J / K go through them, A or Enter accepts, X rejects.".into(),
            );
        }
    };
    view! {
        <aside class="side-panel" aria-label="Annotations">
            <super::details::Details />
            <div class="suggestions" role="group" aria-label="Suggestions">
                <button type="button" class="button button--small" on:click=find_quotes>"Find quotes"</button>
                <button type="button" class="button button--small" on:click=move |_| {
                    if let Some(d) = open.0.get_untracked() {
                        actions.edit(|ed| crate::model::assist::apply::suggest_known_names(ed, d, crate::dom::now_ms()));
                    }
                }>"Suggest known names"</button>
                <Show when=move || { pending_count.get() > 0 }>
                    <span class="suggestions__count">{move || format!("{} suggestion(s)", pending_count.get())}</span>
                    <select class="dialog__select" aria-label="Which suggestions" on:change=move |ev| which.set(event_target_value(&ev))>
                        <option value="all">"all"</option>
                        <option value="kind:quote">"quotes"</option>
                        <option value="kind:mention">"mentions"</option>
                        {move || sources.get().into_iter().map(|s| view! { <option value=format!("by:{s}")>{format!("from {s}")}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button--small" on:click=move |_| review_all(true)>"Accept all"</button>
                    <button type="button" class="button button--small" on:click=move |_| review_all(false)>"Reject all"</button>
                </Show>
                <Show when=move || !precision.get().is_empty()>
                    <p class="suggestions__precision">{move || format!("Accepted so far: {}", precision.get())}</p>
                </Show>
            </div>
            <div class="side-panel__tabs" role="tablist" aria-label="Annotation layers">
                {tab_button(Tab::Entities, "Entities")}
                {tab_button(Tab::Quotes, "Quotes")}
                {tab_button(Tab::Stances, "Stances")}
            </div>
            <div class="side-panel__body" role="tabpanel">
                <Show
                    when=move || !rows.get().0.is_empty()
                    fallback=move || view! { <p class="side-panel__empty">{move || empty_hint(tab.get())}</p> }
                >
                    <ul class="side-panel__rows">
                        <For
                            each=move || rows.get().0
                            key=|r| r.clone()
                            children=move |r: Row| {
                                let target = r.target;
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="side-panel__row"
                                            class:side-panel__row--active=move || active.0.get() == Some(target)
                                            on:click=move |_| select(target)
                                        >
                                            <span class=r.chip_class.clone()>{r.chip.clone()}</span>
                                            <span class="side-panel__text">{r.text.clone()}</span>
                                        </button>
                                    </li>
                                }
                            }
                        />
                    </ul>
                    <Show when=move || { let (r, t) = rows.get(); t > r.len() }>
                        <p class="side-panel__more">{move || { let (r, t) = rows.get(); format!("{} more not shown", t - r.len()) }}</p>
                    </Show>
                </Show>
            </div>
        </aside>
    }
}

fn empty_hint(tab: Tab) -> &'static str {
    match tab {
        Tab::Entities => "No entities yet. Select a name in the text and press a label key (1–4) or click a label.",
        Tab::Quotes => "No quotes yet. Select words inside quotation marks and press Q: the quote becomes the text between the marks.",
        Tab::Stances => "No stances yet. Select the evidence (or a quote) and press S, then choose holder, target and polarity above.",
    }
}

/// Scrolls the paragraph holding `target` into view.
fn scroll_to(actions: Actions, target: SpanRef) {
    let Some(doc) = actions.open.0.get_untracked() else {
        return;
    };
    let span = actions
        .editor
        .0
        .with_value(|e| e.ws.doc(doc).and_then(|ds| ds.span_of(target)));
    let Some(span) = span else { return };
    actions.view.dom.with_value(|dom| {
        let Some(dom) = dom else { return };
        let pi = dom.paras.partition_point(|p| p.span.end <= span.start);
        if let Some(p) = dom.paras.get(pi) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            opts.set_behavior(web_sys::ScrollBehavior::Smooth);
            p.element
                .scroll_into_view_with_scroll_into_view_options(&opts);
        }
    });
}
