//! W3C Web Annotation (JSON-LD): one `AnnotationCollection` ([`FILE_NAME`]) whose
//! `first` page holds every annotation of the exported documents inline (see
//! `docs/formats/w3c.md`).
//!
//! # Shape
//!
//! The file uses the standard context [`CONTEXT`] and nothing outside it. Each document
//! is a source identified by `urn:glossa:doc:<id>`; each annotation is identified by
//! `urn:glossa:anno:<id>` (the Glossa id of the mention, entity, quote or stance).
//! `body` and `target` are always arrays.
//!
//! A span of text is a `SpecificResource` with the document as `source` and two
//! selectors describing the same segment: a `TextQuoteSelector` (`exact`, and `prefix`
//! / `suffix` of up to [`CONTEXT_CHARS`] code points, left out when empty) and a
//! `TextPositionSelector` (`start`, `end` in Unicode **code points**, like every Glossa
//! export).
//!
//! | Glossa | `motivation` | `body` | `target` |
//! |---|---|---|---|
//! | mention | `tagging` | `TextualBody` `tagging` with the label name; `SpecificResource` `identifying`, `label` `entity`, `source` the entity's annotation | the span |
//! | entity | `identifying` | `TextualBody` `identifying` with the canonical name; `TextualBody` `tagging` with its label | its mentions' annotations (the document if it has none) |
//! | quote | `linking` | `TextualBody` `classifying`, `label` `kind`: `direct`, `indirect` or `mixed`; `SpecificResource` `identifying`, `label` `speaker` (a mention's or an entity's annotation); `SpecificResource` `describing`, `label` `cue`, the cue span; `SpecificResource` `linking`, `label` `continues` (the quote it continues) | the content span |
//! | stance | `classifying` | `TextualBody` `classifying`, `label` `polarity`: `FAVOR`, `AGAINST` or `NONE`; `SpecificResource` `identifying`, `label` `holder` (an entity's annotation); `label` `target`: a `SpecificResource` `linking` to an entity's annotation, or a `TextualBody` `describing` with the topic's text and `id` `urn:glossa:topic:<id>` | the evidence: quote annotations and spans (the document if there is none) |
//!
//! A note is one more body: `TextualBody`, `purpose` `commenting`. Suggestions nobody
//! has accepted yet are left out, with whatever refers to them.
//!
//! Order is fixed: documents as given; in each, mentions in text order, entities in the
//! text order of their first mention, quotes in text order, stances in creation order.

use super::{cp_span, doc_refs, DocRef, ExportError, ExportFile};
use crate::model::annotations::{Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use crate::model::ids::Id;
use crate::model::offsets::Span;
use crate::model::workspace::{DocState, Workspace};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Name of the exported file.
pub const FILE_NAME: &str = "glossa-w3c.jsonld";
/// MIME type of the exported file.
pub const MIME: &str = "application/ld+json";
/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// At most this many code points of `prefix` and `suffix` in a `TextQuoteSelector`.
pub const CONTEXT_CHARS: usize = 32;

/// The IRI of a document: `urn:glossa:doc:<id>`.
pub fn doc_iri(id: Id) -> String {
    format!("urn:glossa:doc:{id}")
}

/// The IRI of a project topic (a stance target shared by its documents):
/// `urn:glossa:topic:<id>`.
pub fn topic_iri(id: Id) -> String {
    format!("urn:glossa:topic:{id}")
}

/// The IRI of the annotation made from a mention, entity, quote or stance:
/// `urn:glossa:anno:<id>`.
pub fn anno_iri(id: Id) -> String {
    format!("urn:glossa:anno:{id}")
}

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page,
}

#[derive(Serialize)]
struct Page {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation>,
}

#[derive(Serialize)]
struct Annotation {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body>,
    target: Vec<Target>,
}

/// A `TextualBody` (with `value`) or a `SpecificResource` (with `source`, and
/// `selector` for a span).
#[derive(Serialize)]
struct Body {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selector: Option<[Selector; 2]>,
}

impl Body {
    fn text(purpose: &'static str, label: Option<&'static str>, value: &str) -> Body {
        Body {
            id: None,
            kind: "TextualBody",
            purpose,
            label,
            value: Some(value.to_owned()),
            source: None,
            selector: None,
        }
    }

    fn link(purpose: &'static str, label: &'static str, iri: String) -> Body {
        Body {
            id: None,
            kind: "SpecificResource",
            purpose,
            label: Some(label),
            value: None,
            source: Some(iri),
            selector: None,
        }
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Target {
    /// Another annotation, or a whole document.
    Iri(String),
    /// A span of a document.
    Segment(Segment),
}

#[derive(Serialize)]
struct Segment {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    selector: [Selector; 2],
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector {
    TextQuoteSelector {
        exact: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        prefix: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The two selectors of a span: quote (with context) and code point position.
fn selectors(ds: &DocState, span: Span) -> Result<[Selector; 2], ExportError> {
    let (start, end) = cp_span(ds, span)?;
    let text = ds.text();
    let before = text.get(..span.start.0).unwrap_or("");
    let after = text.get(span.end.0..).unwrap_or("");
    let mut prefix: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
    prefix.reverse();
    Ok([
        Selector::TextQuoteSelector {
            exact: ds.span_text(span).to_owned(),
            prefix: prefix.into_iter().collect(),
            suffix: after.chars().take(CONTEXT_CHARS).collect(),
        },
        Selector::TextPositionSelector { start, end },
    ])
}

fn segment(ds: &DocState, span: Span) -> Result<Segment, ExportError> {
    Ok(Segment {
        kind: "SpecificResource",
        source: doc_iri(ds.doc.id),
        selector: selectors(ds, span)?,
    })
}

fn kind_value(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

fn polarity_value(p: Polarity) -> &'static str {
    match p {
        Polarity::Favor => "FAVOR",
        Polarity::Against => "AGAINST",
        Polarity::None => "NONE",
    }
}

fn push_note(body: &mut Vec<Body>, note: &Option<String>) {
    if let Some(n) = note.as_deref().filter(|n| !n.trim().is_empty()) {
        body.push(Body::text("commenting", None, n));
    }
}

/// The annotations of one document, in the documented order.
fn doc_items(r: &DocRef<'_>, items: &mut Vec<Annotation>) -> Result<(), ExportError> {
    let ds = r.ds;
    let ann = &ds.ann;
    let label_of = |id: Id| r.schema().get(id).map_or("?", |l| l.name.as_str());
    let exported_entities: HashSet<Id> = ann
        .entities
        .values()
        .filter(|e| !e.meta.provenance.is_pending_suggestion())
        .map(|e| e.id)
        .collect();

    let mut mentions: Vec<_> = ann
        .mentions
        .values()
        .filter(|m| !m.meta.provenance.is_pending_suggestion())
        .collect();
    mentions
        .sort_by(|a, b| (a.span, label_of(a.label), a.id).cmp(&(b.span, label_of(b.label), b.id)));
    let exported_mentions: HashSet<Id> = mentions.iter().map(|m| m.id).collect();
    // Entities in the text order of their first mention, with their mentions.
    let mut members: Vec<(Id, Vec<Id>)> = Vec::new();
    let mut slot: HashMap<Id, usize> = HashMap::new();
    for m in &mentions {
        let mut body = vec![Body::text("tagging", None, label_of(m.label))];
        if let Some(e) = m.entity.filter(|e| exported_entities.contains(e)) {
            body.push(Body::link("identifying", "entity", anno_iri(e)));
            match slot.get(&e) {
                Some(&i) => members[i].1.push(m.id),
                None => {
                    slot.insert(e, members.len());
                    members.push((e, vec![m.id]));
                }
            }
        }
        push_note(&mut body, &m.meta.note);
        items.push(Annotation {
            id: anno_iri(m.id),
            kind: "Annotation",
            motivation: "tagging",
            body,
            target: vec![Target::Segment(segment(ds, m.span)?)],
        });
    }

    // Then entities without a mention, by id.
    let mut entities: Vec<(Id, Vec<Id>)> = members;
    let unlisted: BTreeSet<Id> = exported_entities
        .iter()
        .filter(|e| !slot.contains_key(e))
        .copied()
        .collect();
    entities.extend(unlisted.into_iter().map(|e| (e, Vec::new())));
    for (id, ms) in entities {
        let Some(e) = ann.entities.get(&id) else {
            continue;
        };
        let mut body = Vec::new();
        if !e.name.trim().is_empty() {
            body.push(Body::text("identifying", None, &e.name));
        }
        body.push(Body::text("tagging", None, label_of(e.label)));
        push_note(&mut body, &e.meta.note);
        let target = if ms.is_empty() {
            vec![Target::Iri(doc_iri(ds.doc.id))]
        } else {
            ms.into_iter().map(|m| Target::Iri(anno_iri(m))).collect()
        };
        items.push(Annotation {
            id: anno_iri(id),
            kind: "Annotation",
            motivation: "identifying",
            body,
            target,
        });
    }

    let mut quotes: Vec<_> = ann
        .quotes
        .values()
        .filter(|q| !q.meta.provenance.is_pending_suggestion())
        .collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    let exported_quotes: HashSet<Id> = quotes.iter().map(|q| q.id).collect();
    for q in &quotes {
        let mut body = vec![Body::text("classifying", Some("kind"), kind_value(q.kind))];
        let speaker = match q.speaker {
            Some(Speaker::Mention(m)) if exported_mentions.contains(&m) => Some(m),
            Some(Speaker::Entity(e)) if exported_entities.contains(&e) => Some(e),
            _ => None,
        };
        if let Some(s) = speaker {
            body.push(Body::link("identifying", "speaker", anno_iri(s)));
        }
        if let Some(cue) = q.cue {
            body.push(Body {
                id: None,
                kind: "SpecificResource",
                purpose: "describing",
                label: Some("cue"),
                value: None,
                source: Some(doc_iri(ds.doc.id)),
                selector: Some(selectors(ds, cue)?),
            });
        }
        if let Some(prev) = q.continues.filter(|p| exported_quotes.contains(p)) {
            body.push(Body::link("linking", "continues", anno_iri(prev)));
        }
        push_note(&mut body, &q.meta.note);
        items.push(Annotation {
            id: anno_iri(q.id),
            kind: "Annotation",
            motivation: "linking",
            body,
            target: vec![Target::Segment(segment(ds, q.content)?)],
        });
    }

    let topics: HashMap<Id, &str> = r
        .project
        .topics
        .values()
        .map(|t| (t.id, t.name.as_str()))
        .collect();
    for s in ann
        .stances
        .values()
        .filter(|s| !s.meta.provenance.is_pending_suggestion())
    {
        let mut body = vec![Body::text(
            "classifying",
            Some("polarity"),
            polarity_value(s.polarity),
        )];
        if let Some(h) = s.holder.filter(|h| exported_entities.contains(h)) {
            body.push(Body::link("identifying", "holder", anno_iri(h)));
        }
        match s.target {
            Some(StanceTarget::Entity(e)) if exported_entities.contains(&e) => {
                body.push(Body::link("linking", "target", anno_iri(e)));
            }
            Some(StanceTarget::Topic(t)) => {
                if let Some(name) = topics.get(&t).filter(|n| !n.trim().is_empty()) {
                    let mut b = Body::text("describing", Some("target"), name);
                    b.id = Some(topic_iri(t));
                    body.push(b);
                }
            }
            _ => {}
        }
        push_note(&mut body, &s.meta.note);
        let mut target = Vec::new();
        for ev in &s.evidence {
            match ev {
                Evidence::Span { span } => target.push(Target::Segment(segment(ds, *span)?)),
                Evidence::Quote { id } if exported_quotes.contains(id) => {
                    target.push(Target::Iri(anno_iri(*id)))
                }
                Evidence::Quote { .. } => {}
            }
        }
        if target.is_empty() {
            target.push(Target::Iri(doc_iri(ds.doc.id)));
        }
        items.push(Annotation {
            id: anno_iri(s.id),
            kind: "Annotation",
            motivation: "classifying",
            body,
            target,
        });
    }
    Ok(())
}

/// FNV-1a (64 bits) of the exported document ids, for a stable collection id.
fn collection_hash(docs: &[Id]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for d in docs {
        for b in d.0.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Exports `docs` (in that order) as one W3C Web Annotation collection, [`FILE_NAME`].
/// A document listed twice is exported once.
///
/// Fails if `docs` is empty, if a document does not exist, or if a span does not fit
/// its text (see [`Workspace::validate`]).
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<ExportFile, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut items = Vec::new();
    for r in &refs {
        if !seen.insert(r.ds.doc.id) {
            continue;
        }
        order.push(r.ds.doc.id);
        doc_items(r, &mut items)?;
    }
    let collection = Collection {
        context: CONTEXT,
        id: format!("urn:glossa:collection:{:016x}", collection_hash(&order)),
        kind: "AnnotationCollection",
        label: match order.len() {
            1 => "Glossa annotations of 1 document".into(),
            n => format!("Glossa annotations of {n} documents"),
        },
        total: items.len(),
        first: Page {
            kind: "AnnotationPage",
            start_index: 0,
            items,
        },
    };
    // Serialising these plain structs cannot fail (no maps, no non-string keys); the
    // error is mapped rather than unwrapped all the same.
    let mut json = serde_json::to_string_pretty(&collection).map_err(|e| ExportError::BadSpan {
        doc: "W3C annotation collection".into(),
        reason: e.to_string(),
    })?;
    json.push('\n');
    Ok(ExportFile {
        name: FILE_NAME.into(),
        mime: MIME,
        bytes: json.into_bytes(),
    })
}
