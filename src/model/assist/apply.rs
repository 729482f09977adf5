//! Turning the assists' proposals into annotations marked as suggestions, as one undo
//! step, and reviewing them (accept keeps them, reject removes them).

use super::{
    find_quotes, suggest_speakers, suggested_by, MentionKind, SpeakerGuess, QUOTE_FINDER,
    SPEAKER_SUGGESTER,
};
use crate::model::annotations::{Mention, Meta, Provenance, Quote, Speaker};
use crate::model::commands::{Command, EditError};
use crate::model::edit::{Editor, Outcome};
use crate::model::ids::Id;
use crate::model::offsets::Span;

/// Runs the quote finder and speaker suggestion on a document: new quotes (those not
/// already annotated) arrive as suggestions with their continuation links, cue and
/// speaker; a speaker with no mention yet gets a suggested mention. One undo step.
pub fn suggest_quotes(ed: &mut Editor, doc: Id, now_ms: u64) -> Result<Outcome, EditError> {
    let ds = ed.ws.doc(doc).ok_or(EditError::NoDocument)?;
    let schema = &ed.ws.project_of(doc).ok_or(EditError::NoProject)?.schema;
    let text = ds.text().to_owned();
    let found = find_quotes(&text);
    let existing: Vec<Span> = ds.ann.quotes.values().map(|q| q.content).collect();
    let fresh: Vec<usize> = (0..found.len())
        .filter(|i| !existing.iter().any(|e| e.overlaps(found[*i].content)))
        .collect();
    if fresh.is_empty() {
        return Err(EditError::Empty("no new quotes were found"));
    }
    let mentions: Vec<(Id, Span, MentionKind)> = ds
        .ann
        .mentions
        .values()
        .map(|m| {
            let kind = schema
                .get(m.label)
                .map(|l| MentionKind::from_label_name(&l.name))
                .unwrap_or(MentionKind::Other);
            (m.id, m.span, kind)
        })
        .collect();
    let person = schema.by_name("PERSON").map(|l| l.id);
    let org = schema.by_name("ORG").map(|l| l.id);
    let spans: Vec<Span> = fresh.iter().map(|i| found[*i].content).collect();
    let kinds: Vec<(Span, MentionKind)> = mentions.iter().map(|(_, s, k)| (*s, *k)).collect();
    let speakers = suggest_speakers(&text, &spans, &kinds);

    let mut commands = Vec::new();
    let mut quote_ids: Vec<Id> = Vec::new();
    let mut new_mentions: Vec<(Span, Id)> = Vec::new();
    for (n, i) in fresh.iter().enumerate() {
        let q = &found[*i];
        let id = ed.ws.new_id(now_ms);
        quote_ids.push(id);
        let suggestion = speakers.iter().find(|s| s.quote == n);
        let mut speaker = None;
        if let Some(s) = suggestion {
            speaker = match s.speaker {
                SpeakerGuess::Mention(k) => mentions.get(k).map(|m| Speaker::Mention(m.0)),
                SpeakerGuess::NewMention(span, kind) => {
                    let label = match kind {
                        MentionKind::Org => org,
                        _ => person,
                    };
                    match (label, new_mentions.iter().find(|(s, _)| *s == span)) {
                        (_, Some((_, mid))) => Some(Speaker::Mention(*mid)),
                        (Some(label), None) => {
                            let mid = ed.ws.new_id(now_ms);
                            commands.push(Command::PutMention {
                                doc,
                                mention: Mention {
                                    id: mid,
                                    span,
                                    label,
                                    entity: None,
                                    meta: Meta {
                                        provenance: suggested_by(SPEAKER_SUGGESTER),
                                        note: None,
                                    },
                                },
                            });
                            new_mentions.push((span, mid));
                            Some(Speaker::Mention(mid))
                        }
                        (None, None) => None,
                    }
                }
            };
        }
        // Continuations point at a quote made earlier in this batch (the chain's first).
        let continues = q
            .paragraph_continuation_of
            .and_then(|first| fresh.iter().position(|f| *f == first))
            .and_then(|k| quote_ids.get(k).copied());
        commands.push(Command::PutQuote {
            doc,
            quote: Quote {
                id,
                content: q.content,
                cue: suggestion.and_then(|s| s.cue),
                speaker,
                kind: q.kind,
                continues,
                meta: Meta {
                    provenance: suggested_by(QUOTE_FINDER),
                    note: None,
                },
            },
        });
    }
    let n = quote_ids.len();
    ed.run(
        Command::Batch {
            description: format!("suggest {n} quote(s)"),
            commands,
        },
        None,
    )
}

/// A pending suggestion of a document, in text order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    /// A suggested mention.
    Mention(Id),
    /// A suggested quote.
    Quote(Id),
}

/// Every pending suggestion of a document, in text order.
pub fn pending(ed: &Editor, doc: Id) -> Vec<(Span, Pending)> {
    let Some(ds) = ed.ws.doc(doc) else {
        return Vec::new();
    };
    let mut v: Vec<(Span, Pending)> = ds
        .ann
        .mentions
        .values()
        .filter(|m| m.meta.provenance.is_pending_suggestion())
        .map(|m| (m.span, Pending::Mention(m.id)))
        .chain(
            ds.ann
                .quotes
                .values()
                .filter(|q| q.meta.provenance.is_pending_suggestion())
                .map(|q| (q.content, Pending::Quote(q.id))),
        )
        .collect();
    v.sort_by_key(|(s, p)| (*s, matches!(p, Pending::Quote(_))));
    v
}

/// Accepts (`accept = true`) or rejects suggestions as one undo step. Accepting a quote
/// also accepts its suggested speaker mention; rejecting a mention a quote names as
/// speaker clears that link; rejecting a quote removes it and its continuations' links.
pub fn review(
    ed: &mut Editor,
    doc: Id,
    items: &[Pending],
    accept: bool,
) -> Result<Outcome, EditError> {
    let ds = ed.ws.doc(doc).ok_or(EditError::NoDocument)?;
    let mut commands = Vec::new();
    let mut mentions: Vec<Id> = Vec::new();
    let mut quotes: Vec<Id> = Vec::new();
    for p in items {
        match p {
            Pending::Mention(id) => mentions.push(*id),
            Pending::Quote(id) => {
                quotes.push(*id);
                if accept {
                    if let Some(Speaker::Mention(m)) = ds.ann.quotes.get(id).and_then(|q| q.speaker)
                    {
                        if ds
                            .ann
                            .mentions
                            .get(&m)
                            .is_some_and(|m| m.meta.provenance.is_pending_suggestion())
                        {
                            mentions.push(m);
                        }
                    }
                }
            }
        }
    }
    mentions.sort();
    mentions.dedup();
    let accepted = |p: &Provenance| match p {
        Provenance::Suggested { by, .. } => Provenance::Suggested {
            by: by.clone(),
            accepted: true,
        },
        other => other.clone(),
    };
    if accept {
        for id in &mentions {
            if let Some(m) = ds.ann.mentions.get(id) {
                let mut m = m.clone();
                m.meta.provenance = accepted(&m.meta.provenance);
                commands.push(Command::PutMention { doc, mention: m });
            }
        }
        for id in &quotes {
            if let Some(q) = ds.ann.quotes.get(id) {
                let mut q = q.clone();
                q.meta.provenance = accepted(&q.meta.provenance);
                commands.push(Command::PutQuote { doc, quote: q });
            }
        }
    } else {
        // Unlink what refers to the rejected records, then remove them (quotes first).
        for q in ds.ann.quotes.values() {
            if quotes.contains(&q.id) {
                continue;
            }
            let speaker_gone =
                matches!(q.speaker, Some(Speaker::Mention(m)) if mentions.contains(&m));
            let chain_gone = q.continues.is_some_and(|c| quotes.contains(&c));
            if speaker_gone || chain_gone {
                let mut q = q.clone();
                if speaker_gone {
                    q.speaker = None;
                }
                if chain_gone {
                    q.continues = None;
                }
                commands.push(Command::PutQuote { doc, quote: q });
            }
        }
        for s in ds.ann.stances.values() {
            let mut s2 = s.clone();
            s2.evidence.retain(|e| !matches!(e, crate::model::annotations::Evidence::Quote { id } if quotes.contains(id)));
            if s2.evidence.len() != s.evidence.len() {
                commands.push(Command::PutStance { doc, stance: s2 });
            }
        }
        // Quotes that continue each other: remove later ones first.
        let mut order = quotes.clone();
        order.sort_by_key(|id| std::cmp::Reverse(ds.ann.quotes.get(id).map(|q| q.content)));
        for id in order {
            commands.push(Command::DeleteQuote { doc, id });
        }
        for id in &mentions {
            commands.push(Command::DeleteMention { doc, id: *id });
        }
    }
    let n = items.len();
    let verb = if accept { "accept" } else { "reject" };
    ed.run(
        Command::Batch {
            description: format!("{verb} {n} suggestion(s)"),
            commands,
        },
        None,
    )
}

/// Suggests the other whole-word occurrences of a mention's text, in its document or
/// (with `corpus`) in every document of its project, with the mention's label. Spans
/// that overlap an existing mention are skipped. One undo step.
pub fn suggest_occurrences(
    ed: &mut Editor,
    doc: Id,
    mention: Id,
    corpus: bool,
    now_ms: u64,
) -> Result<Outcome, EditError> {
    let ds = ed.ws.doc(doc).ok_or(EditError::NoDocument)?;
    let m = ds
        .ann
        .mentions
        .get(&mention)
        .ok_or(EditError::Missing("mention"))?;
    let (span, label) = (m.span, m.label);
    let needle = ds.span_text(span).to_owned();
    let mut found: Vec<(Id, Span)> = Vec::new();
    let existing = |d: &crate::model::workspace::DocState| -> Vec<Span> {
        d.ann.mentions.values().map(|m| m.span).collect()
    };
    let here: Vec<Span> = super::propagate(ds.text(), span, true, true, &existing(ds));
    found.extend(here.into_iter().map(|s| (doc, s)));
    if corpus {
        let others: Vec<Id> = ed
            .ws
            .project_of(doc)
            .map(|p| p.documents.iter().copied().filter(|d| *d != doc).collect())
            .unwrap_or_default();
        let gazetteer = super::Gazetteer::from_pairs([(needle.as_str(), "x")]);
        for d in others {
            let Some(other) = ed.ws.doc(d) else { continue };
            for (s, _) in gazetteer.suggest_excluding(other.text(), &existing(other)) {
                found.push((d, s));
            }
        }
    }
    suggest_mentions(
        ed,
        found,
        label,
        super::PROPAGATION,
        &format!("suggest other “{needle}”"),
        now_ms,
    )
}

/// Suggests, in `doc`, the names the project's other documents already have as
/// mentions (a gazetteer built from the corpus), with their most frequent label.
pub fn suggest_known_names(ed: &mut Editor, doc: Id, now_ms: u64) -> Result<Outcome, EditError> {
    let project = ed.ws.project_of(doc).ok_or(EditError::NoProject)?;
    let schema = project.schema.clone();
    let mut g = super::Gazetteer::new();
    for d in &project.documents {
        let Some(ds) = ed.ws.doc(*d) else { continue };
        for m in ds.ann.mentions.values() {
            if m.meta.provenance.is_pending_suggestion() {
                continue;
            }
            if let Some(l) = schema.get(m.label) {
                g.add(ds.span_text(m.span), &l.name);
            }
        }
    }
    let ds = ed.ws.doc(doc).ok_or(EditError::NoDocument)?;
    let existing: Vec<Span> = ds.ann.mentions.values().map(|m| m.span).collect();
    let hits = g.suggest_excluding(ds.text(), &existing);
    if hits.is_empty() {
        return Err(EditError::Empty(
            "no known names were found in this document",
        ));
    }
    let mut commands = Vec::new();
    for (span, label_name) in hits {
        let Some(label) = schema.by_name(&label_name).map(|l| l.id) else {
            continue;
        };
        commands.push(Command::PutMention {
            doc,
            mention: Mention {
                id: ed.ws.new_id(now_ms),
                span,
                label,
                entity: None,
                meta: Meta {
                    provenance: suggested_by(super::GAZETTEER),
                    note: None,
                },
            },
        });
    }
    let n = commands.len();
    ed.run(
        Command::Batch {
            description: format!("suggest {n} known name(s)"),
            commands,
        },
        None,
    )
}

fn suggest_mentions(
    ed: &mut Editor,
    found: Vec<(Id, Span)>,
    label: Id,
    by: &str,
    description: &str,
    now_ms: u64,
) -> Result<Outcome, EditError> {
    if found.is_empty() {
        return Err(EditError::Empty("no other occurrence was found"));
    }
    let n = found.len();
    let commands = found
        .into_iter()
        .map(|(doc, span)| Command::PutMention {
            doc,
            mention: Mention {
                id: ed.ws.new_id(now_ms),
                span,
                label,
                entity: None,
                meta: Meta {
                    provenance: suggested_by(by),
                    note: None,
                },
            },
        })
        .collect();
    ed.run(
        Command::Batch {
            description: format!("{description} ({n})"),
            commands,
        },
        None,
    )
}

/// What proposed a pending suggestion (its provenance's `by`).
pub fn source_of(ed: &Editor, doc: Id, p: Pending) -> Option<String> {
    let ds = ed.ws.doc(doc)?;
    let prov = match p {
        Pending::Mention(id) => &ds.ann.mentions.get(&id)?.meta.provenance,
        Pending::Quote(id) => &ds.ann.quotes.get(&id)?.meta.provenance,
    };
    match prov {
        Provenance::Suggested { by, .. } => Some(by.clone()),
        _ => None,
    }
}
