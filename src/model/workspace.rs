//! Workspace → projects → documents, with each document's annotations and the indexes
//! derived from them (text offsets, interval index). Edits go through
//! [`Command`](super::commands::Command)s; this module holds the state and the queries.

use super::annotations::{
    Annotations, Evidence, Mention, Quote, SpanRef, Speaker, Stance, StanceTarget, Topic,
};
use super::document::Document;
use super::ids::{Id, IdGen};
use super::interval::IntervalIndex;
use super::offsets::{ByteOffset, OffsetError, Span, TextIndex};
use super::schema::LabelSchema;
use super::text::check_span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A corpus with its own label schema and topics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Stable id.
    pub id: Id,
    /// Display name, e.g. "Samples".
    pub name: String,
    /// Entity labels.
    pub schema: LabelSchema,
    /// Stance topics, reusable across the project's documents.
    #[serde(default)]
    pub topics: BTreeMap<Id, Topic>,
    /// The project's documents, in list order.
    #[serde(default)]
    pub documents: Vec<Id>,
}

/// One document with its annotations and derived indexes.
#[derive(Clone, Debug)]
pub struct DocState {
    /// The document (text and metadata).
    pub doc: Document,
    /// Its annotations.
    pub ann: Annotations,
    text_index: TextIndex,
    spans: IntervalIndex<SpanRef>,
}

impl PartialEq for DocState {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc && self.ann == other.ann
    }
}

impl DocState {
    /// Builds the derived indexes (O(n) in the text, O(k log k) in the annotations).
    pub fn new(doc: Document, ann: Annotations) -> DocState {
        let text_index = TextIndex::new(&doc.text);
        let mut entries = Vec::new();
        for m in ann.mentions.values() {
            entries.push(span_entry(m.span, SpanRef::Mention(m.id)));
        }
        for q in ann.quotes.values() {
            entries.extend(quote_entries(q));
        }
        for s in ann.stances.values() {
            entries.extend(stance_entries(s));
        }
        DocState {
            doc,
            ann,
            text_index,
            spans: IntervalIndex::from_entries(entries),
        }
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// The offset converter of this document's text.
    pub fn text_index(&self) -> &TextIndex {
        &self.text_index
    }

    /// The exact text a span covers ("" if the span does not fit the text).
    pub fn span_text(&self, span: Span) -> &str {
        span.slice(&self.doc.text).unwrap_or("")
    }

    /// Checks that a span fits this text and falls on grapheme boundaries.
    pub fn check_span(&self, span: Span) -> Result<(), OffsetError> {
        check_span(&self.doc.text, span)
    }

    /// Spans covering `at`, in (start, end) order.
    pub fn at(&self, at: ByteOffset) -> Vec<SpanRef> {
        self.spans.at(at.0)
    }

    /// Spans overlapping `range`, in (start, end) order.
    pub fn overlapping(&self, range: Span) -> Vec<SpanRef> {
        self.spans.overlapping(range.start.0, range.end.0)
    }

    /// Calls `f` for each painted span overlapping `range`, without allocating.
    pub fn for_each_overlapping(&self, range: Span, mut f: impl FnMut(Span, SpanRef)) {
        self.spans
            .for_each_overlapping(range.start.0, range.end.0, |s, e, k| {
                f(
                    Span {
                        start: ByteOffset(s),
                        end: ByteOffset(e),
                    },
                    k,
                )
            });
    }

    /// The span a [`SpanRef`] points to, if it still exists.
    pub fn span_of(&self, r: SpanRef) -> Option<Span> {
        match r {
            SpanRef::Mention(id) => self.ann.mentions.get(&id).map(|m| m.span),
            SpanRef::QuoteContent(id) => self.ann.quotes.get(&id).map(|q| q.content),
            SpanRef::QuoteCue(id) => self.ann.quotes.get(&id).and_then(|q| q.cue),
            SpanRef::Evidence(id, n) => match self.ann.stances.get(&id)?.evidence.get(n)? {
                Evidence::Span { span } => Some(*span),
                // A quote given as evidence is shown where the quote is.
                Evidence::Quote { id } => self.ann.quotes.get(id).map(|q| q.content),
            },
        }
    }

    /// True if the record a [`SpanRef`] belongs to still exists (a stance without
    /// evidence has no span but still exists).
    pub fn has_record(&self, r: SpanRef) -> bool {
        match r {
            SpanRef::Mention(id) => self.ann.mentions.contains_key(&id),
            SpanRef::QuoteContent(id) => self.ann.quotes.contains_key(&id),
            SpanRef::QuoteCue(id) => self.ann.quotes.get(&id).is_some_and(|q| q.cue.is_some()),
            SpanRef::Evidence(id, _) => self.ann.stances.contains_key(&id),
        }
    }

    /// The name of a quote's speaker as shown to users: the mention's text or the
    /// entity's canonical name (`None` without a speaker).
    pub fn speaker_name(&self, q: &Quote) -> Option<String> {
        match q.speaker? {
            Speaker::Mention(m) => self
                .ann
                .mentions
                .get(&m)
                .map(|m| self.span_text(m.span).to_owned()),
            Speaker::Entity(e) => self.ann.entities.get(&e).map(|e| e.name.clone()),
        }
    }

    /// Mentions grouped under `entity`, in text order.
    pub fn mentions_of_entity(&self, entity: Id) -> Vec<&Mention> {
        let mut v: Vec<&Mention> = self
            .ann
            .mentions
            .values()
            .filter(|m| m.entity == Some(entity))
            .collect();
        v.sort_by_key(|m| (m.span, m.id));
        v
    }

    /// Quotes spoken by `entity`, directly or through one of its mentions.
    pub fn quotes_of_speaker(&self, entity: Id) -> Vec<&Quote> {
        self.ann
            .quotes
            .values()
            .filter(|q| match q.speaker {
                Some(Speaker::Entity(e)) => e == entity,
                Some(Speaker::Mention(m)) => {
                    self.ann.mentions.get(&m).and_then(|m| m.entity) == Some(entity)
                }
                None => false,
            })
            .collect()
    }

    /// Stances held by `entity`.
    pub fn stances_of_holder(&self, entity: Id) -> Vec<&Stance> {
        self.ann
            .stances
            .values()
            .filter(|s| s.holder == Some(entity))
            .collect()
    }

    /// A mention with exactly this span and label, if any.
    pub fn find_mention(&self, span: Span, label: Id) -> Option<&Mention> {
        self.spans
            .overlapping(span.start.0, span.end.0)
            .into_iter()
            .filter_map(|r| match r {
                SpanRef::Mention(id) => self.ann.mentions.get(&id),
                _ => None,
            })
            .find(|m| m.span == span && m.label == label)
    }

    pub(crate) fn index_mention(&mut self, m: &Mention, add: bool) {
        let (s, e, k) = span_entry(m.span, SpanRef::Mention(m.id));
        self.index_entry(s, e, k, add);
    }

    pub(crate) fn index_quote(&mut self, q: &Quote, add: bool) {
        for (s, e, k) in quote_entries(q) {
            self.index_entry(s, e, k, add);
        }
    }

    pub(crate) fn index_stance(&mut self, st: &Stance, add: bool) {
        for (s, e, k) in stance_entries(st) {
            self.index_entry(s, e, k, add);
        }
    }

    fn index_entry(&mut self, s: usize, e: usize, k: SpanRef, add: bool) {
        if add {
            self.spans.insert(s, e, k);
        } else {
            self.spans.remove(s, e, k);
        }
    }

    /// Number of entries in the interval index (for tests and diagnostics).
    pub fn indexed_spans(&self) -> usize {
        self.spans.len()
    }
}

fn span_entry(span: Span, r: SpanRef) -> (usize, usize, SpanRef) {
    (span.start.0, span.end.0, r)
}

fn quote_entries(q: &Quote) -> Vec<(usize, usize, SpanRef)> {
    let mut v = vec![span_entry(q.content, SpanRef::QuoteContent(q.id))];
    if let Some(c) = q.cue {
        v.push(span_entry(c, SpanRef::QuoteCue(q.id)));
    }
    v
}

fn stance_entries(s: &Stance) -> Vec<(usize, usize, SpanRef)> {
    s.evidence
        .iter()
        .enumerate()
        .filter_map(|(n, e)| match e {
            Evidence::Span { span } => Some(span_entry(*span, SpanRef::Evidence(s.id, n))),
            Evidence::Quote { .. } => None,
        })
        .collect()
}

/// A violated invariant found by [`Workspace::validate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// A span does not fit its document's text.
    #[error("document \"{doc}\": {what} has a bad span: {error}")]
    BadSpan {
        /// Document title.
        doc: String,
        /// Which annotation, in words.
        what: String,
        /// What is wrong.
        error: OffsetError,
    },
    /// A record refers to something that does not exist.
    #[error("document \"{doc}\": {what} refers to a missing {missing}")]
    Dangling {
        /// Document title.
        doc: String,
        /// Which annotation, in words.
        what: String,
        /// What kind of record is missing.
        missing: &'static str,
    },
    /// Two mentions have the same span and label.
    #[error("document \"{doc}\": mention \"{text}\" appears twice with the same label")]
    DuplicateMention {
        /// Document title.
        doc: String,
        /// The mention's text.
        text: String,
    },
    /// A project lists a document that does not exist, or a document is in no project.
    #[error("project \"{project}\" lists a missing document {doc}")]
    MissingDocument {
        /// Project name.
        project: String,
        /// Document id.
        doc: Id,
    },
    /// A document belongs to no project, or to several.
    #[error("document \"{doc}\" belongs to {projects} projects instead of exactly one")]
    Orphan {
        /// Document title.
        doc: String,
        /// How many projects list it.
        projects: usize,
    },
    /// Quotes continue each other in a circle.
    #[error("document \"{doc}\": quote {id} continues itself through a chain of continuations")]
    ContinuationCycle {
        /// Document title.
        doc: String,
        /// A quote on the cycle.
        id: Id,
    },
    /// A record's key differs from its id.
    #[error("document \"{doc}\": a record is stored under id {key} but says it is {id}")]
    IdMismatch {
        /// Document title.
        doc: String,
        /// Map key.
        key: Id,
        /// Record id.
        id: Id,
    },
}

/// The whole workspace: projects, their documents and the id generator.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// Projects, in display order.
    pub projects: Vec<Project>,
    pub(crate) docs: BTreeMap<Id, DocState>,
    pub(crate) ids: IdGen,
}

impl PartialEq for Workspace {
    fn eq(&self, other: &Self) -> bool {
        self.projects == other.projects && self.docs == other.docs
    }
}

impl Workspace {
    /// An empty workspace; `seed` seeds the id generator.
    pub fn new(seed: u64) -> Workspace {
        Workspace {
            projects: Vec::new(),
            docs: BTreeMap::new(),
            ids: IdGen::new(seed),
        }
    }

    /// A workspace assembled from stored parts (derived indexes are rebuilt).
    pub fn from_parts(
        projects: Vec<Project>,
        docs: impl IntoIterator<Item = (Document, Annotations)>,
        seed: u64,
    ) -> Workspace {
        let docs = docs
            .into_iter()
            .map(|(d, a)| (d.id, DocState::new(d, a)))
            .collect();
        Workspace {
            projects,
            docs,
            ids: IdGen::new(seed),
        }
    }

    /// Puts a document as stored elsewhere (another tab saved it), replacing this
    /// workspace's copy; its derived indexes are rebuilt. The project lists are left alone.
    pub fn put_stored_doc(&mut self, doc: Document, ann: Annotations) {
        self.docs.insert(doc.id, DocState::new(doc, ann));
    }

    /// Drops a document that was removed elsewhere, from the documents and every list.
    pub fn drop_stored_doc(&mut self, id: Id) {
        self.docs.remove(&id);
        for p in &mut self.projects {
            p.documents.retain(|d| *d != id);
        }
    }

    /// Puts a project as stored elsewhere, replacing this workspace's copy (or adding it).
    pub fn put_stored_project(&mut self, project: Project) {
        match self.projects.iter_mut().find(|p| p.id == project.id) {
            Some(p) => *p = project,
            None => self.projects.push(project),
        }
    }

    /// A new id for time `now_ms`.
    pub fn new_id(&mut self, now_ms: u64) -> Id {
        self.ids.next(now_ms)
    }

    /// The document with this id.
    pub fn doc(&self, id: Id) -> Option<&DocState> {
        self.docs.get(&id)
    }

    pub(crate) fn doc_mut(&mut self, id: Id) -> Option<&mut DocState> {
        self.docs.get_mut(&id)
    }

    /// All documents, by id.
    pub fn docs(&self) -> impl Iterator<Item = &DocState> {
        self.docs.values()
    }

    /// The project with this id.
    pub fn project(&self, id: Id) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub(crate) fn project_mut(&mut self, id: Id) -> Option<&mut Project> {
        self.projects.iter_mut().find(|p| p.id == id)
    }

    /// The project a document belongs to.
    pub fn project_of(&self, doc: Id) -> Option<&Project> {
        self.projects.iter().find(|p| p.documents.contains(&doc))
    }

    /// Every violated invariant: spans out of range or not on grapheme boundaries,
    /// dangling references, duplicate mentions, missing documents. Empty when all is well.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for p in &self.projects {
            for d in &p.documents {
                if !self.docs.contains_key(d) {
                    problems.push(Problem::MissingDocument {
                        project: p.name.clone(),
                        doc: *d,
                    });
                }
            }
        }
        for ds in self.docs.values() {
            let owners = self
                .projects
                .iter()
                .filter(|p| p.documents.contains(&ds.doc.id))
                .count();
            if owners != 1 {
                problems.push(Problem::Orphan {
                    doc: ds.doc.title.clone(),
                    projects: owners,
                });
            }
            let schema = self.project_of(ds.doc.id).map(|p| &p.schema);
            let topics = self.project_of(ds.doc.id).map(|p| &p.topics);
            validate_doc(ds, schema, topics, &mut problems);
        }
        problems
    }
}

fn validate_doc(
    ds: &DocState,
    schema: Option<&LabelSchema>,
    topics: Option<&BTreeMap<Id, Topic>>,
    out: &mut Vec<Problem>,
) {
    let title = || ds.doc.title.clone();
    let ann = &ds.ann;
    let bad_span = |what: String, span: Span, out: &mut Vec<Problem>| {
        if let Err(error) = ds.check_span(span) {
            out.push(Problem::BadSpan {
                doc: title(),
                what,
                error,
            });
        }
    };
    let dangling = |what: String, missing: &'static str| Problem::Dangling {
        doc: title(),
        what,
        missing,
    };
    let mut seen = std::collections::HashSet::new();
    for (k, m) in &ann.mentions {
        if *k != m.id {
            out.push(Problem::IdMismatch {
                doc: title(),
                key: *k,
                id: m.id,
            });
        }
        let what = format!("mention {}", m.id);
        bad_span(what.clone(), m.span, out);
        if schema.and_then(|s| s.get(m.label)).is_none() {
            out.push(dangling(what.clone(), "label"));
        }
        if let Some(e) = m.entity {
            if !ann.entities.contains_key(&e) {
                out.push(dangling(what.clone(), "entity"));
            }
        }
        if !seen.insert((m.span, m.label)) {
            out.push(Problem::DuplicateMention {
                doc: title(),
                text: ds.span_text(m.span).to_owned(),
            });
        }
    }
    for (k, e) in &ann.entities {
        if *k != e.id {
            out.push(Problem::IdMismatch {
                doc: title(),
                key: *k,
                id: e.id,
            });
        }
        if schema.and_then(|s| s.get(e.label)).is_none() {
            out.push(dangling(format!("entity \"{}\"", e.name), "label"));
        }
    }
    for (k, q) in &ann.quotes {
        if *k != q.id {
            out.push(Problem::IdMismatch {
                doc: title(),
                key: *k,
                id: q.id,
            });
        }
        let what = format!("quote {}", q.id);
        bad_span(what.clone(), q.content, out);
        if let Some(c) = q.cue {
            bad_span(format!("the cue of quote {}", q.id), c, out);
        }
        match q.speaker {
            Some(Speaker::Mention(m)) if !ann.mentions.contains_key(&m) => {
                out.push(dangling(what.clone(), "speaker mention"))
            }
            Some(Speaker::Entity(e)) if !ann.entities.contains_key(&e) => {
                out.push(dangling(what.clone(), "speaker entity"))
            }
            _ => {}
        }
        if let Some(c) = q.continues {
            if !ann.quotes.contains_key(&c) {
                out.push(dangling(what.clone(), "quote it continues"));
            } else if continues_itself(ann, q.id) {
                out.push(Problem::ContinuationCycle {
                    doc: title(),
                    id: q.id,
                });
            }
        }
    }
    for (k, s) in &ann.stances {
        if *k != s.id {
            out.push(Problem::IdMismatch {
                doc: title(),
                key: *k,
                id: s.id,
            });
        }
        let what = format!("stance {}", s.id);
        if let Some(h) = s.holder {
            if !ann.entities.contains_key(&h) {
                out.push(dangling(what.clone(), "holder entity"));
            }
        }
        match s.target {
            Some(StanceTarget::Entity(e)) if !ann.entities.contains_key(&e) => {
                out.push(dangling(what.clone(), "target entity"))
            }
            Some(StanceTarget::Topic(t)) if !topics.is_some_and(|ts| ts.contains_key(&t)) => {
                out.push(dangling(what.clone(), "topic"))
            }
            _ => {}
        }
        for ev in &s.evidence {
            match ev {
                Evidence::Span { span } => bad_span(format!("evidence of {what}"), *span, out),
                Evidence::Quote { id } if !ann.quotes.contains_key(id) => {
                    out.push(dangling(what.clone(), "evidence quote"))
                }
                Evidence::Quote { .. } => {}
            }
        }
    }
}

/// True if following `continues` links from `start` comes back to it.
pub(crate) fn continues_itself(ann: &Annotations, start: Id) -> bool {
    let mut cur = ann.quotes.get(&start).and_then(|q| q.continues);
    let mut steps = 0;
    while let Some(c) = cur {
        if c == start {
            return true;
        }
        steps += 1;
        if steps > ann.quotes.len() {
            return true;
        }
        cur = ann.quotes.get(&c).and_then(|q| q.continues);
    }
    false
}
