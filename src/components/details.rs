//! The details card at the top of the side panel: edits the selected annotation —
//! a mention's label and entity, a quote's speaker, cue and kind, a stance's holder,
//! target and polarity — and its note. Every change is one undoable step.

use super::state::{capitalise, Actions, Active, EditorCtx, OpenDoc, Revision};
use crate::dom::now_ms;
use crate::model::annotations::{Polarity, QuoteKind, SpanRef, Speaker, StanceTarget};
use crate::model::edit::AnnotationId;
use crate::model::ids::Id;
use leptos::prelude::*;

/// What the card shows.
#[derive(Clone, PartialEq)]
enum Card {
    None,
    Mention {
        id: Id,
        suggested: Option<String>,
        text: String,
        label: Id,
        entity: Option<String>,
        note: String,
    },
    Quote {
        id: Id,
        suggested: Option<String>,
        text: String,
        speaker: Option<String>,
        cue: Option<String>,
        kind: QuoteKind,
        note: String,
    },
    Stance {
        id: Id,
        holder: Option<Id>,
        target: String,
        polarity: Polarity,
        evidence: usize,
        note: String,
    },
}

/// The details card of the active annotation.
#[component]
pub fn Details() -> impl IntoView {
    let editor = expect_context::<EditorCtx>();
    let revision = expect_context::<Revision>();
    let open = expect_context::<OpenDoc>();
    let active = expect_context::<Active>();
    let actions = expect_context::<Actions>();

    let card = Memo::new(move |_| {
        revision.0.track();
        let (Some(doc), Some(a)) = (open.0.get(), active.0.get()) else {
            return Card::None;
        };
        editor.0.with_value(|e| {
            let Some(ds) = e.ws.doc(doc) else {
                return Card::None;
            };
            let note = |n: &Option<String>| n.clone().unwrap_or_default();
            match a {
                SpanRef::Mention(id) => {
                    ds.ann
                        .mentions
                        .get(&id)
                        .map_or(Card::None, |m| Card::Mention {
                            id,
                            suggested: pending_by(&m.meta.provenance),
                            text: ds.span_text(m.span).to_owned(),
                            label: m.label,
                            entity: m
                                .entity
                                .and_then(|en| ds.ann.entities.get(&en))
                                .map(|en| en.name.clone()),
                            note: note(&m.meta.note),
                        })
                }
                SpanRef::QuoteContent(id) | SpanRef::QuoteCue(id) => {
                    ds.ann.quotes.get(&id).map_or(Card::None, |q| Card::Quote {
                        id,
                        suggested: pending_by(&q.meta.provenance),
                        text: ds.span_text(q.content).to_owned(),
                        speaker: ds.speaker_name(q),
                        cue: q.cue.map(|c| ds.span_text(c).to_owned()),
                        kind: q.kind,
                        note: note(&q.meta.note),
                    })
                }
                SpanRef::Evidence(id, _) => {
                    ds.ann
                        .stances
                        .get(&id)
                        .map_or(Card::None, |s| Card::Stance {
                            id,
                            holder: s.holder,
                            target: match s.target {
                                Some(StanceTarget::Entity(en)) => ds
                                    .ann
                                    .entities
                                    .get(&en)
                                    .map(|en| en.name.clone())
                                    .unwrap_or_default(),
                                Some(StanceTarget::Topic(t)) => {
                                    e.ws.project_of(doc)
                                        .and_then(|p| p.topics.get(&t))
                                        .map(|t| t.name.clone())
                                        .unwrap_or_default()
                                }
                                None => String::new(),
                            },
                            polarity: s.polarity,
                            evidence: s.evidence.len(),
                            note: note(&s.meta.note),
                        })
                }
            }
        })
    });

    // Entities of the open document, for pickers.
    let entities = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            let mut v: Vec<(Id, String)> = doc
                .and_then(|d| e.ws.doc(d))
                .map(|ds| {
                    ds.ann
                        .entities
                        .values()
                        .map(|en| (en.id, en.name.clone()))
                        .collect()
                })
                .unwrap_or_default();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    let topics = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            doc.and_then(|d| e.ws.project_of(d))
                .map(|p| {
                    p.topics
                        .values()
                        .map(|t| t.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let labels = Memo::new(move |_| {
        revision.0.track();
        let doc = open.0.get();
        editor.0.with_value(|e| {
            doc.and_then(|d| e.ws.project_of(d))
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

    let doc = move || open.0.get_untracked();
    let entity_by_name = move |name: &str| -> Option<Id> {
        let n = name.trim();
        entities
            .get_untracked()
            .into_iter()
            .find(|(_, e)| e.eq_ignore_ascii_case(n))
            .map(|(id, _)| id)
    };

    // Mention actions.
    let link_entity = move |mention: Id, label: Id, name: String| {
        let Some(d) = doc() else { return };
        let name = name.trim().to_owned();
        if name.is_empty() {
            actions.edit(|ed| ed.set_mention_entity(d, mention, None));
        } else if let Some(en) = entity_by_name(&name) {
            actions.edit(|ed| ed.set_mention_entity(d, mention, Some(en)));
        } else {
            actions.edit(|ed| ed.create_entity(d, &name, label, &[mention], now_ms()));
        }
    };
    let label_all = move |mention: Id, corpus: bool| {
        let Some(d) = doc() else { return };
        let found = editor.0.with_value(|e| {
            e.ws.doc(d)
                .and_then(|ds| ds.ann.mentions.get(&mention))
                .map(|m| (m.span, m.label))
        });
        let Some((span, label)) = found else { return };
        if corpus {
            actions.edit(|ed| ed.label_all_in_corpus(d, span, label, now_ms()));
        } else {
            actions.edit(|ed| ed.label_all_occurrences(d, span, label, now_ms()));
        }
    };
    // A quote's speaker by name: an existing entity, or a new PERSON entity of that name.
    let set_speaker = move |quote: Id, name: String| {
        let Some(d) = doc() else { return };
        let name = name.trim().to_owned();
        if name.is_empty() {
            actions.edit(|ed| ed.link_speaker(d, quote, None));
            return;
        }
        let entity = match entity_by_name(&name) {
            Some(en) => Some(en),
            None => {
                let person = labels.get_untracked().first().map(|l| l.0);
                let Some(person) = person else { return };
                actions
                    .edit(|ed| ed.create_entity(d, &name, person, &[], now_ms()))
                    .and_then(|o| o.created)
            }
        };
        if let Some(en) = entity {
            actions.edit(|ed| ed.link_speaker(d, quote, Some(Speaker::Entity(en))));
        }
    };
    let suggest_others = move |mention: Id, corpus: bool| {
        let Some(d) = doc() else { return };
        actions.edit(|ed| {
            crate::model::assist::apply::suggest_occurrences(ed, d, mention, corpus, now_ms())
        });
    };
    let set_note = move |target: AnnotationId, note: String| {
        let Some(d) = doc() else { return };
        actions.edit(|ed| ed.set_note(d, target, Some(note)));
    };

    let note_box = move |target: AnnotationId, current: String| {
        view! {
            <label class="details__field">
                "Note"
                <textarea
                    class="details__note"
                    rows="2"
                    prop:value=current
                    on:change=move |ev| set_note(target, event_target_value(&ev))
                ></textarea>
            </label>
        }
    };

    let suggestion_banner = move |by: Option<String>| {
        by.map(|by| {
            view! {
                <div class="details__suggestion" role="group" aria-label="Suggestion">
                    <span>{format!("Suggested by {by}")}</span>
                    <button type="button" class="button button--small button--primary" aria-keyshortcuts="A Enter"
                        on:click=move |_| super::app::review_active(actions, true)>"Accept (A)"</button>
                    <button type="button" class="button button--small" aria-keyshortcuts="X"
                        on:click=move |_| super::app::review_active(actions, false)>"Reject (X)"</button>
                </div>
            }
        })
    };
    view! {
        <section class="details" aria-label="Selected annotation">
            {move || match card.get() {
                Card::None => view! {
                    <p class="details__empty">
                        "Click a highlight or a row to edit it. S makes a stance from the selection or the selected quote."
                    </p>
                }
                .into_any(),
                Card::Mention { id, suggested, text, label, entity, note } => {
                    let entity_value = entity.clone().unwrap_or_default();
                    view! {
                        <h3 class="details__title">"Mention"</h3>
                        {suggestion_banner(suggested)}
                        <p class="details__quote">{text.clone()}</p>
                        <label class="details__field">
                            "Label"
                            <select
                                class="details__select"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    if let (Some(d), Ok(l)) = (doc(), v.parse::<Id>()) {
                                        actions.edit(|ed| ed.relabel_mention(d, id, l));
                                    }
                                }
                            >
                                {labels
                                    .get()
                                    .into_iter()
                                    .map(|(lid, name)| view! { <option value=lid.to_string() selected=lid == label>{name}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="details__field">
                            "Entity (type a name: an existing entity or a new one)"
                            <input
                                class="details__input"
                                list="details-entities"
                                prop:value=entity_value
                                placeholder=text.clone()
                                on:change=move |ev| link_entity(id, label, event_target_value(&ev))
                            />
                        </label>
                        <datalist id="details-entities">
                            {entities.get().into_iter().map(|(_, n)| view! { <option value=n></option> }).collect_view()}
                        </datalist>
                        {note_box(AnnotationId::Mention(id), note)}
                        <div class="details__actions">
                            <button type="button" class="button" on:click=move |_| label_all(id, false)>
                                "Label all in document"
                            </button>
                            <button type="button" class="button" on:click=move |_| label_all(id, true)>
                                "… in corpus"
                            </button>
                            <button type="button" class="button" on:click=move |_| suggest_others(id, false)>
                                "Suggest other occurrences"
                            </button>
                            <button type="button" class="button" on:click=move |_| suggest_others(id, true)>
                                "… in corpus"
                            </button>
                            <button type="button" class="button" on:click=move |_| {
                                if let Some(d) = doc() {
                                    actions.edit(|ed| ed.remove_mention(d, id));
                                }
                            }>"Delete mention"</button>
                        </div>
                    }
                    .into_any()
                }
                Card::Quote { id, suggested, text, speaker, cue, kind, note } => {
                    let kinds = [(QuoteKind::Direct, "Direct"), (QuoteKind::Indirect, "Indirect"), (QuoteKind::Mixed, "Mixed")];
                    view! {
                        <h3 class="details__title">"Quote"</h3>
                        {suggestion_banner(suggested)}
                        <p class="details__quote">{format!("“{text}”")}</p>
                        <label class="details__field">
                            "Speaker (click a name in the text, or type an entity or a new name)"
                            <input
                                class="details__input"
                                list="details-entities"
                                prop:value=speaker.clone().unwrap_or_default()
                                placeholder="none yet"
                                on:change=move |ev| set_speaker(id, event_target_value(&ev))
                            />
                        </label>
                        <datalist id="details-entities">
                            {entities.get().into_iter().map(|(_, n)| view! { <option value=n></option> }).collect_view()}
                        </datalist>
                        <p class="details__row">
                            <span class="details__key">"Cue: "</span>
                            {cue.unwrap_or_else(|| "none — select it and press C".into())}
                        </p>
                        <div class="details__segmented" role="group" aria-label="Kind of speech">
                            {kinds
                                .into_iter()
                                .map(|(k, name)| view! {
                                    <button
                                        type="button"
                                        class="button button--small"
                                        aria-pressed=(k == kind).to_string()
                                        on:click=move |_| {
                                            if let Some(d) = doc() {
                                                actions.edit(|ed| ed.set_quote_kind(d, id, k));
                                            }
                                        }
                                    >
                                        {name}
                                    </button>
                                })
                                .collect_view()}
                        </div>
                        {note_box(AnnotationId::Quote(id), note)}
                        <div class="details__actions">
                            <button type="button" class="button" on:click=move |_| actions.quote_focus.set(Some(id))>
                                "Set speaker or cue"
                            </button>
                            <button type="button" class="button" on:click=move |_| {
                                if let Some(d) = doc() {
                                    actions.edit(|ed| ed.remove_quote(d, id));
                                }
                            }>"Delete quote"</button>
                        </div>
                    }
                    .into_any()
                }
                Card::Stance { id, holder, target, polarity, evidence, note } => {
                    let polarities = [(Polarity::Favor, "For"), (Polarity::Against, "Against"), (Polarity::None, "Neutral")];
                    view! {
                        <h3 class="details__title">"Stance"</h3>
                        <label class="details__field">
                            "Holder"
                            <select
                                class="details__select"
                                on:change=move |ev| {
                                    let v = event_target_value(&ev).parse::<Id>().ok();
                                    if let Some(d) = doc() {
                                        actions.edit(|ed| ed.update_stance(d, id, "set the stance holder", |s| s.holder = v));
                                    }
                                }
                            >
                                <option value="" selected=holder.is_none()>"— choose an entity —"</option>
                                {entities
                                    .get()
                                    .into_iter()
                                    .map(|(eid, n)| view! { <option value=eid.to_string() selected=Some(eid) == holder>{n}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <label class="details__field">
                            "Target (an entity or a topic)"
                            <input
                                class="details__input"
                                list="details-targets"
                                prop:value=target
                                on:change=move |ev| {
                                    let Some(d) = doc() else { return };
                                    let name = event_target_value(&ev).trim().to_owned();
                                    if name.is_empty() {
                                        actions.edit(|ed| ed.update_stance(d, id, "clear the stance target", |s| s.target = None));
                                    } else if let Some(en) = entity_by_name(&name) {
                                        actions.edit(|ed| ed.update_stance(d, id, "set the stance target", |s| s.target = Some(StanceTarget::Entity(en))));
                                    } else {
                                        let project = actions.editor.0.with_value(|e| e.ws.project_of(d).map(|p| p.id));
                                        let Some(p) = project else { return };
                                        let topic = actions.editor.0.try_update_value(|ed| ed.add_topic(p, &name, now_ms()));
                                        match topic {
                                            Some(Ok(t)) => {
                                                actions.edit(|ed| ed.update_stance(d, id, "set the stance topic", |s| s.target = Some(StanceTarget::Topic(t))));
                                            }
                                            Some(Err(e)) => actions.status.message.set(capitalise(&e.to_string())),
                                            None => {}
                                        }
                                    }
                                }
                            />
                        </label>
                        <datalist id="details-targets">
                            {entities.get().into_iter().map(|(_, n)| view! { <option value=n></option> }).collect_view()}
                            {topics.get().into_iter().map(|n| view! { <option value=n></option> }).collect_view()}
                        </datalist>
                        <div class="details__segmented" role="group" aria-label="Polarity">
                            {polarities
                                .into_iter()
                                .map(|(p, name)| view! {
                                    <button
                                        type="button"
                                        class="button button--small"
                                        aria-pressed=(p == polarity).to_string()
                                        on:click=move |_| {
                                            if let Some(d) = doc() {
                                                actions.edit(|ed| ed.set_polarity(d, id, p));
                                            }
                                        }
                                    >
                                        {name}
                                    </button>
                                })
                                .collect_view()}
                        </div>
                        <p class="details__row">{format!("Evidence: {evidence} item(s)")}</p>
                        {note_box(AnnotationId::Stance(id), note)}
                        <div class="details__actions">
                            <button type="button" class="button" on:click=move |_| {
                                if let Some(d) = doc() {
                                    actions.edit(|ed| ed.remove_stance(d, id));
                                }
                            }>"Delete stance"</button>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// Who suggested an annotation still waiting for review.
fn pending_by(p: &crate::model::annotations::Provenance) -> Option<String> {
    match p {
        crate::model::annotations::Provenance::Suggested {
            by,
            accepted: false,
        } => Some(by.clone()),
        _ => None,
    }
}
