#![cfg(not(target_arch = "wasm32"))]
//! Behaviour of the annotation model through the public [`Editor`] API: what a user does,
//! what is refused (with a readable message), what one undo step covers, the queries,
//! `validate()` on healthy and deliberately broken workspaces, and the interval index at
//! corpus size checked against a brute-force scan.

use glossa::model::annotations::{
    Annotations, Entity, Evidence, Mention, Meta, Polarity, Provenance, Quote, QuoteKind, SpanRef,
    Speaker, Stance, StanceTarget,
};
use glossa::model::commands::EditError;
use glossa::model::document::{DocStatus, Document};
use glossa::model::edit::{AnnotationId, Editor, LabelInUse};
use glossa::model::ids::{Id, IdGen};
use glossa::model::offsets::{ByteOffset, OffsetError, Span};
use glossa::model::schema::{LabelSchema, SchemaError};
use glossa::model::text::{snap_selection, SnapMode};
use glossa::model::workspace::{DocState, Problem, Project, Workspace};
use std::collections::{BTreeMap, HashSet};

// ---- helpers ------------------------------------------------------------------------

const E_ACUTE: &str = "e\u{301}"; // e + combining acute accent
const FLAG_UA: &str = "\u{1F1FA}\u{1F1E6}"; // 🇺🇦
const FAMILY: &str = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}"; // 👩‍👩‍👧

/// A news-like text with nesting material, emoji, a combining accent and CRLF.
fn news() -> String {
    format!(
        "Jane Doe met John Doe in Kyiv {FLAG_UA} on Monday. Doesn't matter, said McDoe; \
         DOE disagreed.\r\n“We will win,” Doe said. Rene{E_ACUTE}e Okafor {FAMILY} agreed \
         with Zoe and Zoe\u{301}.\r\nThe Kyiv office of Doe & Co said: “Doe is right.”"
    )
}

/// The span of the `n`-th (0-based) occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, n: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in text"))
        .0;
    Span::from_bytes(start, start + needle.len()).unwrap()
}

/// The span of `needle` inside the first occurrence of `context`.
fn find_in(text: &str, context: &str, needle: &str) -> Span {
    let c = find(text, context, 0);
    let inner = find(&text[c.start.0..c.end.0], needle, 0);
    Span::from_bytes(c.start.0 + inner.start.0, c.start.0 + inner.end.0).unwrap()
}

fn span(start: usize, end: usize) -> Span {
    Span::from_bytes(start, end).unwrap()
}

/// An editor with one project (default news labels) and one "to do" document, an empty
/// undo history and a deterministic clock.
struct T {
    ed: Editor,
    project: Id,
    doc: Id,
    text: String,
    now: u64,
}

impl T {
    fn new(text: &str) -> T {
        let mut ed = Editor::new(Workspace::new(42));
        let now = 1_700_000_000_000;
        let project = ed.add_project("News", now);
        let doc = ed
            .add_document(project, "Story", "story.txt", text, now)
            .unwrap()
            .created
            .unwrap();
        ed.history.clear();
        T {
            ed,
            project,
            doc,
            text: text.to_owned(),
            now,
        }
    }

    fn tick(&mut self) -> u64 {
        self.now += 1;
        self.now
    }

    fn label(&self, name: &str) -> Id {
        self.ed
            .ws
            .project(self.project)
            .unwrap()
            .schema
            .by_name(name)
            .unwrap_or_else(|| panic!("no label {name}"))
            .id
    }

    fn ds(&self) -> &DocState {
        self.ed.ws.doc(self.doc).unwrap()
    }

    fn mention_at(&mut self, s: Span, label: &str) -> Id {
        let (doc, label, now) = (self.doc, self.label(label), self.tick());
        self.ed
            .add_mention(doc, s, label, now)
            .unwrap()
            .created
            .unwrap()
    }

    /// Labels `needle` inside the first occurrence of `context`.
    fn mention_in(&mut self, context: &str, needle: &str, label: &str) -> Id {
        let s = find_in(&self.text, context, needle);
        self.mention_at(s, label)
    }

    /// Labels the `n`-th occurrence of `needle`.
    fn mention(&mut self, needle: &str, n: usize, label: &str) -> Id {
        let s = find(&self.text, needle, n);
        self.mention_at(s, label)
    }

    fn entity(&mut self, name: &str, label: &str, mentions: &[Id]) -> Id {
        let (doc, label, now) = (self.doc, self.label(label), self.tick());
        self.ed
            .create_entity(doc, name, label, mentions, now)
            .unwrap()
            .created
            .unwrap()
    }

    fn quote(&mut self, needle: &str, speaker: Option<Speaker>) -> Id {
        let (doc, now) = (self.doc, self.tick());
        let content = find(&self.text, needle, 0);
        self.ed
            .add_quote(doc, content, None, speaker, QuoteKind::Direct, now)
            .unwrap()
            .created
            .unwrap()
    }

    fn mention_rec(&self, id: Id) -> &Mention {
        &self.ds().ann.mentions[&id]
    }
}

/// Every span the interval index should hold for a document, in index order.
fn expected_index(ds: &DocState) -> Vec<(Span, SpanRef)> {
    let mut v = Vec::new();
    for m in ds.ann.mentions.values() {
        v.push((m.span, SpanRef::Mention(m.id)));
    }
    for q in ds.ann.quotes.values() {
        v.push((q.content, SpanRef::QuoteContent(q.id)));
        if let Some(c) = q.cue {
            v.push((c, SpanRef::QuoteCue(q.id)));
        }
    }
    for s in ds.ann.stances.values() {
        for (n, e) in s.evidence.iter().enumerate() {
            if let Evidence::Span { span } = e {
                v.push((*span, SpanRef::Evidence(s.id, n)));
            }
        }
    }
    v.sort_by_key(|(s, r)| (s.start, s.end, *r));
    v
}

fn assert_index_agrees(ds: &DocState) {
    let expected = expected_index(ds);
    assert_eq!(ds.indexed_spans(), expected.len());
    let whole = span(0, ds.text().len());
    let got = ds.overlapping(whole);
    let want: Vec<SpanRef> = expected.iter().map(|(_, r)| *r).collect();
    assert_eq!(got, want);
}

// ---- mentions -----------------------------------------------------------------------

#[test]
fn adding_a_mention_stores_span_label_and_is_one_undo_step() {
    let mut t = T::new(&news());
    let person = t.label("PERSON");
    let s = find(&t.text, "Jane Doe", 0);
    let now = t.tick();
    let out = t.ed.add_mention(t.doc, s, person, now).unwrap();
    let id = out.created.unwrap();
    assert!(out.description.contains("Jane Doe"), "{}", out.description);
    assert!(out.description.contains("PERSON"), "{}", out.description);
    assert_eq!(out.touched.docs, vec![t.doc]);

    let m = t.mention_rec(id);
    assert_eq!(m.span, s);
    assert_eq!(m.label, person);
    assert_eq!(m.entity, None);
    assert_eq!(m.meta.provenance, Provenance::Manual);
    assert_eq!(t.ds().span_text(m.span), "Jane Doe");
    assert_eq!(
        t.ds().at(ByteOffset(s.start.0 + 2)),
        vec![SpanRef::Mention(id)]
    );
    assert_eq!(t.ds().find_mention(s, person).map(|m| m.id), Some(id));
    assert_eq!(t.ed.ws.validate(), vec![]);

    t.ed.undo().unwrap();
    assert!(t.ds().ann.mentions.is_empty());
    assert!(t.ds().at(ByteOffset(s.start.0 + 2)).is_empty());
    t.ed.redo().unwrap();
    assert_eq!(t.mention_rec(id).span, s);
    assert_index_agrees(t.ds());
}

#[test]
fn an_exact_duplicate_is_refused_with_a_readable_message() {
    let mut t = T::new(&news());
    let person = t.label("PERSON");
    t.mention("Jane Doe", 0, "PERSON");
    let before = t.ed.clone();
    let s = find(&t.text, "Jane Doe", 0);
    let now = t.tick();
    let err = t.ed.add_mention(t.doc, s, person, now).unwrap_err();
    assert_eq!(
        err,
        EditError::DuplicateMention {
            text: "Jane Doe".into(),
            label: "PERSON".into()
        }
    );
    assert_eq!(err.to_string(), "\"Jane Doe\" is already labelled PERSON");
    assert_eq!(t.ed.ws, before.ws);
    assert_eq!(t.ed.history, before.history);
    assert_eq!(t.ds().ann.mentions.len(), 1);
}

#[test]
fn same_span_with_another_label_and_nested_or_overlapping_spans_are_allowed() {
    let mut t = T::new(&news());
    let jane_doe = t.mention("Jane Doe", 0, "PERSON");
    let as_misc = t.mention("Jane Doe", 0, "MISC");
    let doe = t.mention("Doe", 0, "PERSON"); // nested inside "Jane Doe"
    let overlap = t.mention("Doe met John", 0, "MISC"); // crosses "Jane Doe"'s end
    assert_eq!(t.ds().ann.mentions.len(), 4);
    assert_eq!(t.ed.ws.validate(), vec![]);

    let inside_doe = find(&t.text, "Doe", 0).start.0 + 1;
    let mut at = t.ds().at(ByteOffset(inside_doe));
    at.sort();
    let mut want = vec![
        SpanRef::Mention(jane_doe),
        SpanRef::Mention(as_misc),
        SpanRef::Mention(doe),
        SpanRef::Mention(overlap),
    ];
    want.sort();
    assert_eq!(at, want);
    // Only the overlapping one reaches into "John".
    let john = find(&t.text, "John", 0);
    assert_eq!(t.ds().overlapping(john), vec![SpanRef::Mention(overlap)]);
    assert_index_agrees(t.ds());
}

#[test]
fn spans_splitting_a_grapheme_are_refused() {
    let mut t = T::new(&news());
    let person = t.label("PERSON");
    let text = t.text.clone();
    let accent = text.find('\u{301}').unwrap(); // the first U+0301 ("Renée")
    let flag = text.find(FLAG_UA).unwrap();
    let fam = text.find(FAMILY).unwrap();
    let crlf = text.find("\r\n").unwrap();
    let renee = find(&text, "Rene", 0).start.0;
    let cases = [
        // between e and U+0301: "Rene|\u{301}e"
        (span(renee, accent), accent),
        (span(accent, accent + 3), accent),
        // between the two regional indicators of 🇺🇦
        (span(flag, flag + 4), flag + 4),
        (span(flag + 4, flag + 8), flag + 4),
        // inside the ZWJ family emoji
        (span(fam, fam + 4), fam + 4),
        (span(fam, fam + 7), fam + 7),
        // between CR and LF
        (span(crlf - 8, crlf + 1), crlf + 1),
        (span(crlf + 1, crlf + 5), crlf + 1),
    ];
    for (s, offset) in cases {
        let before = t.ed.clone();
        let now = t.tick();
        let err = t.ed.add_mention(t.doc, s, person, now).unwrap_err();
        assert_eq!(
            err,
            EditError::Span(OffsetError::NotGraphemeBoundary { offset }),
            "span {s}"
        );
        assert!(
            err.to_string().contains("single character"),
            "{}",
            err.to_string()
        );
        assert_eq!(t.ed.ws, before.ws);
        assert_eq!(t.ed.history, before.history);
    }
    // Inside the UTF-8 bytes of one character.
    let err =
        t.ed.add_mention(t.doc, span(flag + 1, flag + 8), person, 1)
            .unwrap_err();
    assert!(matches!(
        err,
        EditError::Span(OffsetError::InsideCharacter { .. })
    ));
    // Past the end.
    let end = text.len();
    let err =
        t.ed.add_mention(t.doc, span(end - 1, end + 3), person, 1)
            .unwrap_err();
    assert!(matches!(err, EditError::Span(OffsetError::PastEnd { .. })));
    // An empty span is refused too.
    let err = t.ed.add_mention(t.doc, span(3, 3), person, 1).unwrap_err();
    assert!(matches!(err, EditError::Empty(_)));
    assert!(t.ds().ann.mentions.is_empty());

    // Snapping the same raw selections gives spans the editor accepts.
    for (raw, _) in cases {
        let s = snap_selection(&text, raw, SnapMode::Grapheme).unwrap();
        let now = t.tick();
        match t.ed.add_mention(t.doc, s, person, now) {
            Ok(_) | Err(EditError::DuplicateMention { .. }) => {}
            Err(e) => panic!("snapped span {s} refused: {e}"),
        }
    }
    assert!(!t.ds().ann.mentions.is_empty());
    assert_eq!(t.ed.ws.validate(), vec![]);

    // Resizing onto a bad boundary, a quote or stance evidence splitting a cluster: refused.
    let m = *t.ds().ann.mentions.keys().next().unwrap();
    let before = t.ed.clone();
    assert!(t.ed.resize_mention(t.doc, m, span(flag, flag + 4)).is_err());
    assert!(t
        .ed
        .add_quote(t.doc, span(renee, accent), None, None, QuoteKind::Direct, 5)
        .is_err());
    assert!(t
        .ed
        .add_quote(
            t.doc,
            span(0, 4),
            Some(span(crlf, crlf + 1)),
            None,
            QuoteKind::Direct,
            5
        )
        .is_err());
    let ev = vec![Evidence::Span {
        span: span(fam, fam + 4),
    }];
    assert!(t
        .ed
        .add_stance(t.doc, None, None, Polarity::Favor, ev, 5)
        .is_err());
    assert_eq!(t.ed.ws, before.ws);
    assert_eq!(t.ed.history, before.history);
}

#[test]
fn first_annotation_edit_starts_the_document_in_the_same_undo_step() {
    let mut t = T::new(&news());
    assert_eq!(t.ds().doc.status, DocStatus::Todo);
    let start = t.ed.ws.clone();
    let m = t.mention("Kyiv", 0, "LOC");
    assert_eq!(t.ds().doc.status, DocStatus::InProgress);
    let after = t.ed.ws.clone();

    // One undo takes back both the mention and the status.
    t.ed.undo().unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::Todo);
    assert!(t.ds().ann.mentions.is_empty());
    assert_eq!(t.ed.ws, start);
    assert!(matches!(t.ed.undo(), Err(EditError::NothingTo("undo"))));
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);
    assert_eq!(t.ds().doc.status, DocStatus::InProgress);

    // Later edits leave the status alone, whatever it is.
    t.ed.set_status(t.doc, DocStatus::Done).unwrap();
    t.ed.remove_mention(t.doc, m).unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::Done);
    t.ed.undo().unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::Done);
    t.ed.undo().unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::InProgress);

    // Changing the status by hand is not an annotation edit and does not start anything.
    let mut t = T::new(&news());
    t.ed.set_status(t.doc, DocStatus::Reviewed).unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::Reviewed);
    t.ed.undo().unwrap();
    assert_eq!(t.ds().doc.status, DocStatus::Todo);

    // A failed first edit does not start the document either.
    let person = t.label("PERSON");
    assert!(t.ed.add_mention(t.doc, span(1, 1), person, 9).is_err());
    assert_eq!(t.ds().doc.status, DocStatus::Todo);
}

#[test]
fn removing_a_speaker_mention_reattributes_its_quotes_and_undo_restores_the_link() {
    let mut t = T::new(&news());
    let doe = t.mention_in("Doe said", "Doe", "PERSON"); // "Doe said"
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let e = t.entity("Jane Doe", "PERSON", &[doe, jane]);
    let q = t.quote("We will win,", Some(Speaker::Mention(doe)));
    assert_eq!(
        t.ds()
            .quotes_of_speaker(e)
            .iter()
            .map(|q| q.id)
            .collect::<Vec<_>>(),
        vec![q]
    );
    let before = t.ed.ws.clone();

    let out = t.ed.remove_mention(t.doc, doe).unwrap();
    assert!(
        out.description.contains("attributed to its entity"),
        "{}",
        out.description
    );
    assert!(!t.ds().ann.mentions.contains_key(&doe));
    assert_eq!(t.ds().ann.quotes[&q].speaker, Some(Speaker::Entity(e)));
    assert_eq!(t.ds().quotes_of_speaker(e).len(), 1);
    assert_eq!(t.ed.ws.validate(), vec![]);
    let after = t.ed.ws.clone();

    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_eq!(t.ds().ann.quotes[&q].speaker, Some(Speaker::Mention(doe)));
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);

    // Without an entity the quote loses its speaker (and says so).
    let mut t = T::new(&news());
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    let q = t.quote("We will win,", Some(Speaker::Mention(doe)));
    let before = t.ed.ws.clone();
    let out = t.ed.remove_mention(t.doc, doe).unwrap();
    assert!(
        out.description.contains("without a speaker"),
        "{}",
        out.description
    );
    assert_eq!(t.ds().ann.quotes[&q].speaker, None);
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_eq!(t.ds().ann.quotes[&q].speaker, Some(Speaker::Mention(doe)));
}

#[test]
fn relabel_and_resize_refuse_duplicates_and_undo() {
    let mut t = T::new(&news());
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let other = t.mention("Jane Doe", 0, "ORG");
    let person = t.label("PERSON");
    let loc = t.label("LOC");
    let before = t.ed.clone();
    assert!(matches!(
        t.ed.relabel_mention(t.doc, other, person),
        Err(EditError::DuplicateMention { .. })
    ));
    assert_eq!(t.ed.ws, before.ws);
    t.ed.relabel_mention(t.doc, other, loc).unwrap();
    assert_eq!(t.mention_rec(other).label, loc);

    let doe = find(&t.text, "Doe", 0);
    t.ed.resize_mention(t.doc, jane, doe).unwrap();
    assert_eq!(t.mention_rec(jane).span, doe);
    assert_eq!(t.ds().at(ByteOffset(0)), vec![SpanRef::Mention(other)]);
    assert_index_agrees(t.ds());
    t.ed.undo().unwrap();
    assert_eq!(t.mention_rec(jane).span, find(&t.text, "Jane Doe", 0));
    assert_index_agrees(t.ds());
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before.ws);
}

// ---- entities -----------------------------------------------------------------------

#[test]
fn merging_entities_moves_everything_and_undo_restores_both() {
    let mut t = T::new(&news());
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let doe1 = t.mention_in("Doe said", "Doe", "PERSON");
    let doe2 = t.mention_in("Doe & Co", "Doe", "PERSON"); // "Doe & Co" (as a person, for the test)
    let doe3 = t.mention_in("Doe is right", "Doe", "PERSON"); // "Doe is right"
    let kyiv = t.mention("Kyiv", 0, "LOC");
    let keep = t.entity("Jane Doe", "PERSON", &[jane]);
    let absorb = t.entity("Doe", "PERSON", &[doe1, doe2, doe3]);
    let place = t.entity("Kyiv", "LOC", &[kyiv]);
    let q_entity = t.quote("We will win,", Some(Speaker::Entity(absorb)));
    let q_mention = t.quote("Doe is right.", Some(Speaker::Mention(doe1)));
    let now = t.tick();
    let held =
        t.ed.add_stance(
            t.doc,
            Some(absorb),
            Some(StanceTarget::Entity(place)),
            Polarity::Favor,
            vec![Evidence::Quote { id: q_entity }],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let now = t.tick();
    let targeted =
        t.ed.add_stance(
            t.doc,
            Some(place),
            Some(StanceTarget::Entity(absorb)),
            Polarity::Against,
            vec![],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let now = t.tick();
    let both =
        t.ed.add_stance(
            t.doc,
            Some(absorb),
            Some(StanceTarget::Entity(absorb)),
            Polarity::None,
            vec![],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let before = t.ed.ws.clone();

    let out = t.ed.merge_entities(t.doc, keep, absorb).unwrap();
    assert!(out.description.contains("merge"), "{}", out.description);
    let ds = t.ds();
    assert!(!ds.ann.entities.contains_key(&absorb));
    assert!(ds.ann.entities.contains_key(&keep));
    let ms: Vec<Id> = ds.mentions_of_entity(keep).iter().map(|m| m.id).collect();
    assert_eq!(ms, vec![jane, doe1, doe2, doe3]); // text order
    assert!(ds.mentions_of_entity(absorb).is_empty());
    assert_eq!(
        ds.ann.quotes[&q_entity].speaker,
        Some(Speaker::Entity(keep))
    );
    assert_eq!(
        ds.ann.quotes[&q_mention].speaker,
        Some(Speaker::Mention(doe1))
    );
    let mut qs: Vec<Id> = ds.quotes_of_speaker(keep).iter().map(|q| q.id).collect();
    qs.sort();
    let mut want = vec![q_entity, q_mention];
    want.sort();
    assert_eq!(qs, want);
    assert_eq!(ds.ann.stances[&held].holder, Some(keep));
    assert_eq!(
        ds.ann.stances[&targeted].target,
        Some(StanceTarget::Entity(keep))
    );
    assert_eq!(ds.ann.stances[&both].holder, Some(keep));
    assert_eq!(
        ds.ann.stances[&both].target,
        Some(StanceTarget::Entity(keep))
    );
    let mut held_by: Vec<Id> = ds.stances_of_holder(keep).iter().map(|s| s.id).collect();
    held_by.sort();
    let mut want = vec![held, both];
    want.sort();
    assert_eq!(held_by, want);
    assert_eq!(t.ed.ws.validate(), vec![]);
    let after = t.ed.ws.clone();

    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert!(t.ds().ann.entities.contains_key(&absorb));
    assert_eq!(t.ds().mentions_of_entity(absorb).len(), 3);
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);

    // Merging an entity into itself or into a missing one is refused, changing nothing.
    let snapshot = t.ed.clone();
    assert!(t.ed.merge_entities(t.doc, keep, keep).is_err());
    assert!(t.ed.merge_entities(t.doc, keep, absorb).is_err());
    assert_eq!(t.ed.ws, snapshot.ws);
    assert_eq!(t.ed.history, snapshot.history);
}

#[test]
fn splitting_an_entity_moves_only_its_chosen_mentions() {
    let mut t = T::new(&news());
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let john = t.mention("John Doe", 0, "PERSON");
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    let kyiv = t.mention("Kyiv", 0, "LOC");
    let e = t.entity("The Does", "PERSON", &[jane, john, doe]);
    let before = t.ed.ws.clone();

    let now = t.tick();
    // `kyiv` is not a mention of `e`: it is ignored.
    let new =
        t.ed.split_entity(t.doc, e, &[john, kyiv], "John Doe", now)
            .unwrap()
            .created
            .unwrap();
    let ds = t.ds();
    assert_eq!(ds.ann.entities[&new].name, "John Doe");
    assert_eq!(ds.ann.entities[&new].label, ds.ann.entities[&e].label);
    assert_eq!(
        ds.mentions_of_entity(new)
            .iter()
            .map(|m| m.id)
            .collect::<Vec<_>>(),
        vec![john]
    );
    assert_eq!(
        ds.mentions_of_entity(e)
            .iter()
            .map(|m| m.id)
            .collect::<Vec<_>>(),
        vec![jane, doe]
    );
    assert_eq!(ds.ann.mentions[&kyiv].entity, None);
    assert_eq!(t.ed.ws.validate(), vec![]);

    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);

    // Nothing of the entity chosen: refused.
    let snapshot = t.ed.clone();
    let now = t.tick();
    assert!(matches!(
        t.ed.split_entity(t.doc, e, &[kyiv], "Kyiv", now),
        Err(EditError::Empty(_))
    ));
    assert_eq!(t.ed.ws, snapshot.ws);
}

#[test]
fn removing_an_entity_ungroups_and_unlinks_in_one_step() {
    let mut t = T::new(&news());
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    let e = t.entity("Doe", "PERSON", &[doe]);
    let q = t.quote("We will win,", Some(Speaker::Entity(e)));
    let now = t.tick();
    let s =
        t.ed.add_stance(
            t.doc,
            Some(e),
            Some(StanceTarget::Entity(e)),
            Polarity::Favor,
            vec![],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let before = t.ed.ws.clone();
    t.ed.remove_entity(t.doc, e).unwrap();
    let ds = t.ds();
    assert!(ds.ann.entities.is_empty());
    assert_eq!(ds.ann.mentions[&doe].entity, None);
    assert_eq!(ds.ann.quotes[&q].speaker, None);
    assert_eq!(ds.ann.stances[&s].holder, None);
    assert_eq!(ds.ann.stances[&s].target, None);
    assert_eq!(t.ed.ws.validate(), vec![]);
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
}

// ---- label all occurrences ------------------------------------------------------------

#[test]
fn label_all_occurrences_takes_whole_words_only_as_one_step() {
    let mut t = T::new(&news());
    let person = t.label("PERSON");
    // Already labelled PERSON: skipped. Labelled ORG: still gets PERSON.
    let pre = t.mention_in("John Doe", "Doe", "PERSON"); // "John Doe"
    let org = t.mention_in("Doe & Co", "Doe", "ORG"); // "Doe & Co"
    let before = t.ed.ws.clone();

    let first = find(&t.text, "Doe", 0);
    let now = t.tick();
    let out =
        t.ed.label_all_occurrences(t.doc, first, person, now)
            .unwrap();
    assert!(out.description.contains("Doe"), "{}", out.description);

    let text = t.text.clone();
    let want: Vec<Span> = vec![
        find_in(&text, "Jane Doe", "Doe"),
        find_in(&text, "” Doe said", "Doe"),
        find_in(&text, "Doe & Co", "Doe"),
        find_in(&text, "“Doe is", "Doe"),
    ];
    let mut got: Vec<Span> = t
        .ds()
        .ann
        .mentions
        .values()
        .filter(|m| m.label == person && m.id != pre)
        .map(|m| m.span)
        .collect();
    got.sort();
    assert_eq!(got, want);
    // Not inside "Doesn't" or "McDoe", not "DOE" (case-sensitive).
    for inside in [
        find_in(&text, "Doesn't", "Doe"),
        find_in(&text, "McDoe", "Doe"),
        find(&text, "DOE", 0),
    ] {
        assert!(
            t.ds().ann.mentions.values().all(|m| m.span != inside),
            "{inside} labelled"
        );
    }
    assert_eq!(t.mention_rec(org).label, t.label("ORG"));
    assert_eq!(t.ed.ws.validate(), vec![]);
    let after = t.ed.ws.clone();

    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);

    // Nothing left to label: refused, nothing changes.
    let snapshot = t.ed.clone();
    let now = t.tick();
    assert!(matches!(
        t.ed.label_all_occurrences(t.doc, first, person, now),
        Err(EditError::Empty(_))
    ));
    assert_eq!(t.ed.ws, snapshot.ws);
    assert_eq!(t.ed.history, snapshot.history);
}

#[test]
fn label_all_occurrences_never_splits_a_grapheme() {
    let mut t = T::new(&news());
    let misc = t.label("MISC");
    // "Zoe" and "Zoe\u{301}": the second would end between e and its accent.
    let zoe = find(&t.text, "Zoe", 0);
    let now = t.tick();
    t.ed.label_all_occurrences(t.doc, zoe, misc, now).unwrap();
    let spans: Vec<Span> = t.ds().ann.mentions.values().map(|m| m.span).collect();
    assert_eq!(spans, vec![zoe]);
    assert_eq!(t.ed.ws.validate(), vec![]);
}

// ---- labels -------------------------------------------------------------------------

/// A story with an EVENT label used by a mention and an entity, with a quote and a stance
/// that depend on that entity.
struct LabelFixture {
    t: T,
    event: Id,
    monday: Id,
    kyiv: Id,
    meeting: Id,
    jane_e: Id,
    q: Id,
    s: Id,
}

fn label_fixture() -> LabelFixture {
    let mut t = T::new(&news());
    let now = t.tick();
    let event =
        t.ed.add_label(t.project, "EVENT", "#123456", Some('5'), "Events", now)
            .unwrap()
            .created
            .unwrap();
    let monday = t.mention("Monday", 0, "EVENT");
    let kyiv = t.mention("Kyiv", 0, "LOC");
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let meeting = t.entity("Monday meeting", "EVENT", &[monday, kyiv]);
    let jane_e = t.entity("Jane Doe", "PERSON", &[jane]);
    let q = t.quote("We will win,", Some(Speaker::Entity(meeting)));
    let now = t.tick();
    let s =
        t.ed.add_stance(
            t.doc,
            Some(meeting),
            Some(StanceTarget::Entity(jane_e)),
            Polarity::Against,
            vec![],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    assert_eq!(t.ed.ws.validate(), vec![]);
    LabelFixture {
        t,
        event,
        monday,
        kyiv,
        meeting,
        jane_e,
        q,
        s,
    }
}

#[test]
fn deleting_a_used_label_is_refused_when_asked_to() {
    let LabelFixture { mut t, event, .. } = label_fixture();
    let before = t.ed.clone();
    let err =
        t.ed.delete_label(t.project, event, LabelInUse::Refuse)
            .unwrap_err();
    assert!(matches!(err, EditError::InUse { what: "label", .. }));
    assert!(err.to_string().contains("still used"), "{err}");
    assert_eq!(t.ed.ws, before.ws);
    assert_eq!(t.ed.history, before.history);

    // An unused label goes, and comes back at its palette position on undo.
    let misc = t.label("MISC");
    let ws = t.ed.ws.clone();
    t.ed.delete_label(t.project, misc, LabelInUse::Refuse)
        .unwrap();
    assert!(t
        .ed
        .ws
        .project(t.project)
        .unwrap()
        .schema
        .get(misc)
        .is_none());
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, ws);
    assert_eq!(
        t.ed.ws.project(t.project).unwrap().schema.index_of(misc),
        Some(3)
    );
}

#[test]
fn deleting_a_label_can_reassign_its_annotations() {
    let LabelFixture {
        mut t,
        event,
        monday,
        meeting,
        ..
    } = label_fixture();
    let misc = t.label("MISC");
    let before = t.ed.ws.clone();
    t.ed.delete_label(t.project, event, LabelInUse::Reassign(misc))
        .unwrap();
    let schema = &t.ed.ws.project(t.project).unwrap().schema;
    assert!(schema.get(event).is_none());
    assert_eq!(t.mention_rec(monday).label, misc);
    assert_eq!(t.ds().ann.entities[&meeting].label, misc);
    assert_eq!(t.ds().ann.mentions.len(), 3);
    assert_eq!(t.ed.ws.validate(), vec![]);
    let after = t.ed.ws.clone();
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_eq!(
        t.ed.ws.project(t.project).unwrap().schema.index_of(event),
        Some(4)
    );
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);

    // Reassigning to a label that does not exist is refused, changing nothing.
    t.ed.undo().unwrap();
    let snapshot = t.ed.clone();
    assert!(t
        .ed
        .delete_label(t.project, event, LabelInUse::Reassign(Id(7)))
        .is_err());
    assert!(t
        .ed
        .delete_label(t.project, event, LabelInUse::Reassign(event))
        .is_err());
    assert_eq!(t.ed.ws, snapshot.ws);
    assert_eq!(t.ed.history, snapshot.history);
}

#[test]
fn deleting_a_label_can_delete_its_annotations() {
    let LabelFixture {
        mut t,
        event,
        monday,
        kyiv,
        meeting,
        jane_e,
        q,
        s,
    } = label_fixture();
    let before = t.ed.ws.clone();
    let out =
        t.ed.delete_label(t.project, event, LabelInUse::DeleteAnnotations)
            .unwrap();
    assert!(out.description.contains("EVENT"), "{}", out.description);
    let ds = t.ds();
    assert!(!ds.ann.mentions.contains_key(&monday));
    assert!(!ds.ann.entities.contains_key(&meeting));
    // The LOC mention grouped under the deleted entity stays, ungrouped.
    assert_eq!(ds.ann.mentions[&kyiv].entity, None);
    assert_eq!(ds.ann.quotes[&q].speaker, None);
    assert_eq!(ds.ann.stances[&s].holder, None);
    assert_eq!(
        ds.ann.stances[&s].target,
        Some(StanceTarget::Entity(jane_e))
    );
    assert!(ds.ann.entities.contains_key(&jane_e));
    assert_eq!(t.ed.ws.validate(), vec![]);
    assert_index_agrees(t.ds());
    let after = t.ed.ws.clone();
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_index_agrees(t.ds());
    t.ed.redo().unwrap();
    assert_eq!(t.ed.ws, after);
}

#[test]
fn deleting_a_label_with_its_annotations_handles_records_linking_two_of_them() {
    let LabelFixture {
        mut t,
        event,
        meeting,
        jane_e,
        s,
        ..
    } = label_fixture();
    // A second EVENT entity, target of a stance held by the first one, and a quote whose
    // speaker is an EVENT mention that belongs to a surviving PERSON entity.
    let vote = t.mention("Kyiv", 1, "EVENT");
    let summit = t.entity("Summit", "EVENT", &[vote]);
    let doe = t.mention_in("Doe said", "Doe", "EVENT");
    let doe_p = t.mention_in("Doe is right", "Doe", "PERSON");
    let doe_e = t.entity("Doe", "PERSON", &[doe, doe_p]);
    let q2 = t.quote("Doe is right.", Some(Speaker::Mention(doe)));
    t.ed.update_stance(t.doc, s, "retarget", |st| {
        st.target = Some(StanceTarget::Entity(summit))
    })
    .unwrap();
    assert_eq!(t.ds().ann.stances[&s].holder, Some(meeting));
    assert_eq!(t.ed.ws.validate(), vec![]);
    let before = t.ed.ws.clone();

    t.ed.delete_label(t.project, event, LabelInUse::DeleteAnnotations)
        .unwrap();
    let ds = t.ds();
    // Both EVENT entities go; the PERSON ones stay.
    let mut left: Vec<Id> = ds.ann.entities.keys().copied().collect();
    let mut want = vec![jane_e, doe_e];
    left.sort();
    want.sort();
    assert_eq!(left, want);
    assert!(!ds.ann.entities.contains_key(&meeting));
    assert!(!ds.ann.entities.contains_key(&summit));
    assert_eq!(ds.ann.stances[&s].holder, None);
    assert_eq!(ds.ann.stances[&s].target, None);
    // Like `remove_mention`: the quote goes to the mention's (surviving) entity.
    assert_eq!(ds.ann.quotes[&q2].speaker, Some(Speaker::Entity(doe_e)));
    assert_eq!(t.ed.ws.validate(), vec![]);
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
}

#[test]
fn a_step_refused_halfway_is_rolled_back_completely() {
    let mut t = T::new(&news());
    let now = t.tick();
    let event =
        t.ed.add_label(t.project, "EVENT", "#123456", None, "", now)
            .unwrap()
            .created
            .unwrap();
    // Ids grow with time, so "Kyiv" is reassigned first, then "Monday" collides with the
    // MISC mention of the same span: the batch fails after changing "Kyiv".
    let kyiv = t.mention("Kyiv", 0, "EVENT");
    t.mention("Monday", 0, "EVENT");
    t.mention("Monday", 0, "MISC");
    let misc = t.label("MISC");
    let before = t.ed.clone();
    let err =
        t.ed.delete_label(t.project, event, LabelInUse::Reassign(misc))
            .unwrap_err();
    assert_eq!(
        err,
        EditError::DuplicateMention {
            text: "Monday".into(),
            label: "MISC".into()
        }
    );
    assert_eq!(t.ed.ws, before.ws);
    assert_eq!(t.ed.history, before.history);
    assert_eq!(t.mention_rec(kyiv).label, event);
    assert_index_agrees(t.ds());
    assert_eq!(t.ed.ws.validate(), vec![]);
}

#[test]
fn renaming_a_label_keeps_its_annotations() {
    let mut t = T::new(&news());
    let m = t.mention("Jane Doe", 0, "PERSON");
    let person = t.label("PERSON");
    let mut label =
        t.ed.ws
            .project(t.project)
            .unwrap()
            .schema
            .get(person)
            .unwrap()
            .clone();
    label.name = "HUMAN".into();
    label.hotkey = Some('h'); // normalised to upper case
    t.ed.update_label(t.project, label).unwrap();
    let schema = &t.ed.ws.project(t.project).unwrap().schema;
    assert_eq!(schema.get(person).unwrap().name, "HUMAN");
    assert_eq!(schema.get(person).unwrap().hotkey, Some('H'));
    assert_eq!(schema.index_of(person), Some(0));
    assert!(schema.by_name("PERSON").is_none());
    assert_eq!(t.mention_rec(m).label, person);
    assert_eq!(t.ed.ws.validate(), vec![]);
    t.ed.undo().unwrap();
    let schema = &t.ed.ws.project(t.project).unwrap().schema;
    assert_eq!(schema.get(person).unwrap().name, "PERSON");
    assert_eq!(t.mention_rec(m).label, person);
}

#[test]
fn reserved_and_taken_hotkeys_are_refused() {
    let mut t = T::new(&news());
    let before = t.ed.clone();
    for key in ['Q', 'q', 'C', 'c', 'S', 'A', 'X', 'J', 'K', '?', '0', '!'] {
        let err =
            t.ed.add_label(t.project, "EVENT", "#123456", Some(key), "", 1)
                .unwrap_err();
        assert_eq!(err, EditError::Schema(SchemaError::BadHotkey(key)), "{key}");
        assert!(err.to_string().contains("cannot be a label hotkey"));
    }
    // Taken, or a name already used (case-insensitive), or a bad colour.
    assert!(matches!(
        t.ed.add_label(t.project, "EVENT", "#123456", Some('1'), "", 1),
        Err(EditError::Schema(SchemaError::HotkeyTaken { key: '1', .. }))
    ));
    assert!(matches!(
        t.ed.add_label(t.project, "person", "#123456", None, "", 1),
        Err(EditError::Schema(SchemaError::NameTaken(_)))
    ));
    assert!(matches!(
        t.ed.add_label(t.project, "EVENT", "red", None, "", 1),
        Err(EditError::Schema(SchemaError::BadColor(_)))
    ));
    assert_eq!(t.ed.ws, before.ws);
    assert_eq!(t.ed.history, before.history);

    // An existing label cannot be given a reserved key either.
    let mut l = t.ed.ws.project(t.project).unwrap().schema.labels[0].clone();
    l.hotkey = Some('x');
    assert!(t.ed.update_label(t.project, l).is_err());
    assert_eq!(t.ed.ws, before.ws);

    // Allowed: a free digit and a free letter (stored upper case).
    let now = t.tick();
    let id =
        t.ed.add_label(t.project, "EVENT", "#ABCDEF", Some('p'), "", now)
            .unwrap()
            .created
            .unwrap();
    let schema = &t.ed.ws.project(t.project).unwrap().schema;
    assert_eq!(schema.get(id).unwrap().hotkey, Some('P'));
    assert_eq!(schema.get(id).unwrap().color.as_str(), "#abcdef");
    assert_eq!(schema.by_hotkey('p').map(|l| l.id), Some(id));
    assert!(t
        .ed
        .add_label(t.project, "LAW", "#000000", Some('5'), "", now)
        .is_ok());
}

// ---- topics, stances, notes, suggestions ---------------------------------------------

#[test]
fn topics_are_reused_by_name() {
    let mut t = T::new(&news());
    let now = t.tick();
    let a = t.ed.add_topic(t.project, "Bike lanes", now).unwrap();
    let described = t.ed.history.undo_description().map(str::to_owned);
    let b = t.ed.add_topic(t.project, "Bike lanes", now + 1).unwrap();
    let c = t.ed.add_topic(t.project, "  bike LANES ", now + 2).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    let topics = &t.ed.ws.project(t.project).unwrap().topics;
    assert_eq!(topics.len(), 1);
    assert_eq!(topics[&a].name, "Bike lanes");
    // Reusing a topic is not an edit: a single undo removes it.
    assert_eq!(
        t.ed.history.undo_description().map(str::to_owned),
        described
    );
    let other = t.ed.add_topic(t.project, "Parking", now + 3).unwrap();
    assert_ne!(other, a);
    assert!(matches!(
        t.ed.add_topic(t.project, "   ", now + 4),
        Err(EditError::Empty(_))
    ));
    t.ed.undo().unwrap();
    t.ed.undo().unwrap();
    assert!(t.ed.ws.project(t.project).unwrap().topics.is_empty());
}

#[test]
fn stances_target_topics_and_carry_evidence() {
    let mut t = T::new(&news());
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    let e = t.entity("Doe", "PERSON", &[doe]);
    let q = t.quote("We will win,", Some(Speaker::Mention(doe)));
    let now = t.tick();
    let topic = t.ed.add_topic(t.project, "The war", now).unwrap();
    let ev_span = find(&t.text, "Doe is right.", 0);
    let before = t.ed.ws.clone();
    let now = t.tick();
    let s =
        t.ed.add_stance(
            t.doc,
            Some(e),
            Some(StanceTarget::Topic(topic)),
            Polarity::Against,
            vec![Evidence::Quote { id: q }, Evidence::Span { span: ev_span }],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let ds = t.ds();
    let st = &ds.ann.stances[&s];
    assert_eq!(st.target, Some(StanceTarget::Topic(topic)));
    assert_eq!(st.polarity, Polarity::Against);
    assert_eq!(
        ds.stances_of_holder(e)
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        vec![s]
    );
    // The span evidence is painted (index 1: the quote evidence has none).
    let inside = ByteOffset(ev_span.start.0 + 5);
    assert!(ds.at(inside).contains(&SpanRef::Evidence(s, 1)));
    assert_eq!(ds.span_of(SpanRef::Evidence(s, 1)), Some(ev_span));
    // A quote given as evidence is shown where the quote is.
    let quote_span = ds.ann.quotes.values().next().map(|q| q.content);
    assert_eq!(ds.span_of(SpanRef::Evidence(s, 0)), quote_span);
    assert_index_agrees(ds);
    assert_eq!(t.ed.ws.validate(), vec![]);

    t.ed.set_polarity(t.doc, s, Polarity::Favor).unwrap();
    assert_eq!(t.ds().ann.stances[&s].polarity, Polarity::Favor);
    assert_eq!(Polarity::Favor.display_name(), "For");
    t.ed.undo().unwrap();
    assert_eq!(t.ds().ann.stances[&s].polarity, Polarity::Against);
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_index_agrees(t.ds());

    // A topic or holder that does not exist is refused.
    let snapshot = t.ed.clone();
    assert_eq!(
        t.ed.add_stance(
            t.doc,
            None,
            Some(StanceTarget::Topic(Id(5))),
            Polarity::None,
            vec![],
            1
        ),
        Err(EditError::Missing("topic"))
    );
    assert_eq!(
        t.ed.add_stance(t.doc, Some(Id(5)), None, Polarity::None, vec![], 1),
        Err(EditError::Missing("holder entity"))
    );
    assert_eq!(t.ed.ws, snapshot.ws);
    assert_eq!(t.ed.history, snapshot.history);
}

#[test]
fn quotes_continue_and_removal_unlinks() {
    let mut t = T::new(&news());
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    let first = t.quote("We will win,", Some(Speaker::Mention(doe)));
    let second = t.quote("Doe is right.", None);
    let cue = find_in(&t.text, "Doe said", "said");
    t.ed.set_cue(t.doc, first, Some(cue)).unwrap();
    assert!(t
        .ds()
        .at(ByteOffset(cue.start.0))
        .contains(&SpanRef::QuoteCue(first)));
    t.ed.continue_quote(t.doc, second, first).unwrap();
    assert_eq!(t.ds().ann.quotes[&second].continues, Some(first));
    assert_eq!(
        t.ds().ann.quotes[&second].speaker,
        Some(Speaker::Mention(doe))
    );
    let now = t.tick();
    let s =
        t.ed.add_stance(
            t.doc,
            None,
            None,
            Polarity::Favor,
            vec![Evidence::Quote { id: first }],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let before = t.ed.ws.clone();
    let out = t.ed.remove_quote(t.doc, first).unwrap();
    assert!(
        out.description.contains("2 annotation"),
        "{}",
        out.description
    );
    let ds = t.ds();
    assert!(!ds.ann.quotes.contains_key(&first));
    assert_eq!(ds.ann.quotes[&second].continues, None);
    assert!(ds.ann.stances[&s].evidence.is_empty());
    assert!(!ds
        .at(ByteOffset(cue.start.0))
        .contains(&SpanRef::QuoteCue(first)));
    assert_index_agrees(ds);
    assert_eq!(t.ed.ws.validate(), vec![]);
    t.ed.undo().unwrap();
    assert_eq!(t.ed.ws, before);
    assert_index_agrees(t.ds());
}

#[test]
fn notes_are_set_cleared_and_undone() {
    let mut t = T::new(&news());
    let m = t.mention("Kyiv", 0, "LOC");
    let e = t.entity("Kyiv", "LOC", &[m]);
    let q = t.quote("We will win,", None);
    let now = t.tick();
    let s =
        t.ed.add_stance(t.doc, Some(e), None, Polarity::None, vec![], now)
            .unwrap()
            .created
            .unwrap();
    for target in [
        AnnotationId::Mention(m),
        AnnotationId::Entity(e),
        AnnotationId::Quote(q),
        AnnotationId::Stance(s),
    ] {
        let note_of = |t: &T| -> Option<String> {
            let a = &t.ds().ann;
            match target {
                AnnotationId::Mention(id) => a.mentions[&id].meta.note.clone(),
                AnnotationId::Entity(id) => a.entities[&id].meta.note.clone(),
                AnnotationId::Quote(id) => a.quotes[&id].meta.note.clone(),
                AnnotationId::Stance(id) => a.stances[&id].meta.note.clone(),
            }
        };
        t.ed.set_note(t.doc, target, Some("check the spelling".into()))
            .unwrap();
        assert_eq!(note_of(&t).as_deref(), Some("check the spelling"));
        // Blank notes clear.
        t.ed.set_note(t.doc, target, Some("  \n".into())).unwrap();
        assert_eq!(note_of(&t), None);
        t.ed.undo().unwrap();
        assert_eq!(note_of(&t).as_deref(), Some("check the spelling"));
        t.ed.set_note(t.doc, target, None).unwrap();
        assert_eq!(note_of(&t), None);
    }
    assert!(matches!(
        t.ed.set_note(t.doc, AnnotationId::Mention(Id(3)), Some("x".into())),
        Err(EditError::Missing("mention"))
    ));
}

/// One project with the default labels and one document, built from parts.
fn parts(text: &str) -> (Project, Document, LabelSchema) {
    let schema = LabelSchema::news_default(&mut IdGen::new(1), 0);
    let doc = Document {
        id: Id(0x100),
        title: "Parts".into(),
        source: String::new(),
        text: text.to_owned(),
        status: DocStatus::Todo,
        created_ms: 0,
        modified_ms: 0,
        annotator: String::new(),
    };
    let project = Project {
        id: Id(0x10),
        name: "P".into(),
        schema: schema.clone(),
        topics: BTreeMap::new(),
        documents: vec![doc.id],
    };
    (project, doc, schema)
}

fn mention_rec(id: u64, s: Span, label: Id) -> Mention {
    Mention {
        id: Id(id),
        span: s,
        label,
        entity: None,
        meta: Meta::default(),
    }
}

#[test]
fn accept_turns_a_suggestion_into_an_accepted_one() {
    let text = news();
    let (project, doc, schema) = parts(&text);
    let person = schema.labels[0].id;
    let suggested = Provenance::Suggested {
        by: "quote-finder".into(),
        accepted: false,
    };
    let mut ann = Annotations::default();
    let mut m = mention_rec(0x200, find(&text, "Jane Doe", 0), person);
    m.meta.provenance = suggested.clone();
    ann.mentions.insert(m.id, m);
    let manual = mention_rec(0x201, find(&text, "Kyiv", 0), schema.labels[2].id);
    ann.mentions.insert(manual.id, manual.clone());
    let q = Quote {
        id: Id(0x300),
        content: find(&text, "We will win,", 0),
        cue: None,
        speaker: None,
        kind: QuoteKind::Direct,
        continues: None,
        meta: Meta {
            provenance: suggested.clone(),
            note: None,
        },
    };
    ann.quotes.insert(q.id, q);
    let ws = Workspace::from_parts(vec![project], [(doc.clone(), ann)], 7);
    assert_eq!(ws.validate(), vec![]);
    let mut ed = Editor::new(ws);
    assert!(ed.ws.doc(doc.id).unwrap().ann.mentions[&Id(0x200)]
        .meta
        .provenance
        .is_pending_suggestion());
    let before = ed.ws.clone();

    ed.accept(doc.id, AnnotationId::Mention(Id(0x200))).unwrap();
    let p = &ed.ws.doc(doc.id).unwrap().ann.mentions[&Id(0x200)]
        .meta
        .provenance;
    assert_eq!(
        *p,
        Provenance::Suggested {
            by: "quote-finder".into(),
            accepted: true
        }
    );
    assert!(!p.is_pending_suggestion());
    ed.accept(doc.id, AnnotationId::Quote(Id(0x300))).unwrap();
    assert!(!ed.ws.doc(doc.id).unwrap().ann.quotes[&Id(0x300)]
        .meta
        .provenance
        .is_pending_suggestion());
    // Accepting a manual annotation leaves it manual.
    ed.accept(doc.id, AnnotationId::Mention(manual.id)).unwrap();
    assert_eq!(
        ed.ws.doc(doc.id).unwrap().ann.mentions[&manual.id]
            .meta
            .provenance,
        Provenance::Manual
    );
    ed.undo().unwrap();
    ed.undo().unwrap();
    ed.undo().unwrap();
    assert_eq!(ed.ws, before);
    assert!(ed.ws.doc(doc.id).unwrap().ann.mentions[&Id(0x200)]
        .meta
        .provenance
        .is_pending_suggestion());
}

// ---- queries ------------------------------------------------------------------------

#[test]
fn queries_answer_what_is_where_and_who_said_what() {
    let mut t = T::new(&news());
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let doe_inner = t.mention("Doe", 0, "PERSON");
    let doe_said = t.mention_in("Doe said", "Doe", "PERSON");
    let kyiv = t.mention("Kyiv", 0, "LOC");
    let e = t.entity("Jane Doe", "PERSON", &[doe_said, jane, doe_inner]);
    let other = t.entity("Kyiv", "LOC", &[kyiv]);
    let q1 = t.quote("We will win,", Some(Speaker::Mention(doe_said)));
    let q2 = t.quote("Doe is right.", Some(Speaker::Entity(e)));
    let q3 = t.quote("Doesn't matter", Some(Speaker::Entity(other)));
    let now = t.tick();
    let s1 =
        t.ed.add_stance(t.doc, Some(e), None, Polarity::Favor, vec![], now)
            .unwrap()
            .created
            .unwrap();
    let now = t.tick();
    t.ed.add_stance(t.doc, Some(other), None, Polarity::Favor, vec![], now)
        .unwrap();
    let ds = t.ds();
    let text = ds.text();

    // at: nested spans, in (start, end) order; the end offset is excluded.
    let j = find(text, "Jane Doe", 0);
    let d = find(text, "Doe", 0);
    assert_eq!(ds.at(j.start), vec![SpanRef::Mention(jane)]);
    assert_eq!(
        ds.at(d.start),
        vec![SpanRef::Mention(jane), SpanRef::Mention(doe_inner)]
    );
    assert!(ds.at(j.end).is_empty());
    let w = find(text, "We will win,", 0);
    assert_eq!(ds.at(w.start), vec![SpanRef::QuoteContent(q1)]);

    // overlapping: everything touching the range, nothing merely adjacent.
    let first_sentence = find(text, "Jane Doe met John Doe in Kyiv", 0);
    assert_eq!(
        ds.overlapping(first_sentence),
        vec![
            SpanRef::Mention(jane),
            SpanRef::Mention(doe_inner),
            SpanRef::Mention(kyiv)
        ]
    );
    assert!(ds.overlapping(span(j.end.0, j.end.0 + 1)).is_empty());

    // mentions_of_entity: text order, whatever order they were grouped in.
    let ms: Vec<Id> = ds.mentions_of_entity(e).iter().map(|m| m.id).collect();
    assert_eq!(ms, vec![jane, doe_inner, doe_said]);
    assert_eq!(
        ds.mentions_of_entity(other)
            .iter()
            .map(|m| m.id)
            .collect::<Vec<_>>(),
        vec![kyiv]
    );

    // quotes_of_speaker: directly and through a mention.
    let mut qs: Vec<Id> = ds.quotes_of_speaker(e).iter().map(|q| q.id).collect();
    qs.sort();
    let mut want = vec![q1, q2];
    want.sort();
    assert_eq!(qs, want);
    assert_eq!(
        ds.quotes_of_speaker(other)
            .iter()
            .map(|q| q.id)
            .collect::<Vec<_>>(),
        vec![q3]
    );

    // stances_of_holder.
    assert_eq!(
        ds.stances_of_holder(e)
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        vec![s1]
    );
    assert!(ds.stances_of_holder(Id(1)).is_empty());
    assert_index_agrees(ds);
}

// ---- validate -----------------------------------------------------------------------

#[test]
fn validate_is_empty_for_a_healthy_workspace() {
    let mut t = T::new(&news());
    let jane = t.mention("Jane Doe", 0, "PERSON");
    let doe = t.mention_in("Doe said", "Doe", "PERSON");
    t.mention("Jane Doe", 0, "MISC");
    let e = t.entity("Jane Doe", "PERSON", &[jane, doe]);
    let q = t.quote("We will win,", Some(Speaker::Mention(doe)));
    let cue = find_in(&t.text, "Doe said", "said");
    t.ed.set_cue(t.doc, q, Some(cue)).unwrap();
    let now = t.tick();
    let topic = t.ed.add_topic(t.project, "War", now).unwrap();
    let now = t.tick();
    t.ed.add_stance(
        t.doc,
        Some(e),
        Some(StanceTarget::Topic(topic)),
        Polarity::Against,
        vec![
            Evidence::Quote { id: q },
            Evidence::Span {
                span: find(&t.text, FAMILY, 0),
            },
        ],
        now,
    )
    .unwrap();
    // A second document in the same project, empty.
    let now = t.tick();
    t.ed.add_document(t.project, "Other", "", "Nothing here.\r\n", now)
        .unwrap();
    assert_eq!(t.ed.ws.validate(), vec![]);
    assert_index_agrees(t.ds());
}

/// A from-parts workspace with one healthy mention, entity, quote and stance; `break_it`
/// then damages it.
fn broken(break_it: impl FnOnce(&mut Project, &mut Annotations, &LabelSchema)) -> Vec<Problem> {
    let text = news();
    let (mut project, doc, schema) = parts(&text);
    let person = schema.labels[0].id;
    let mut ann = Annotations::default();
    let mut m = mention_rec(0x200, find(&text, "Jane Doe", 0), person);
    m.entity = Some(Id(0x400));
    ann.mentions.insert(m.id, m);
    ann.entities.insert(
        Id(0x400),
        Entity {
            id: Id(0x400),
            name: "Jane Doe".into(),
            label: person,
            meta: Meta::default(),
        },
    );
    ann.quotes.insert(
        Id(0x300),
        Quote {
            id: Id(0x300),
            content: find(&text, "We will win,", 0),
            cue: Some(find_in(&text, "Doe said", "said")),
            speaker: Some(Speaker::Mention(Id(0x200))),
            kind: QuoteKind::Direct,
            continues: None,
            meta: Meta::default(),
        },
    );
    ann.stances.insert(
        Id(0x500),
        Stance {
            id: Id(0x500),
            holder: Some(Id(0x400)),
            target: None,
            polarity: Polarity::Favor,
            evidence: vec![Evidence::Quote { id: Id(0x300) }],
            meta: Meta::default(),
        },
    );
    let healthy = Workspace::from_parts(vec![project.clone()], [(doc.clone(), ann.clone())], 1);
    assert_eq!(healthy.validate(), vec![]);
    break_it(&mut project, &mut ann, &schema);
    Workspace::from_parts(vec![project], [(doc, ann)], 1).validate()
}

fn only(problems: Vec<Problem>) -> Problem {
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = problems.into_iter().next().unwrap();
    assert!(!p.to_string().is_empty());
    p
}

#[test]
fn validate_reports_a_dangling_label() {
    let p = only(broken(|_, ann, _| {
        ann.mentions.get_mut(&Id(0x200)).unwrap().label = Id(0xdead);
    }));
    assert!(
        matches!(&p, Problem::Dangling { missing: "label", what, .. } if what.contains("mention")),
        "{p:?}"
    );
    // An entity typed with a label that is not in the schema.
    let p = only(broken(|_, ann, _| {
        ann.entities.get_mut(&Id(0x400)).unwrap().label = Id(0xdead);
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "label",
                ..
            }
        ),
        "{p:?}"
    );
}

#[test]
fn validate_reports_a_dangling_entity() {
    let p = only(broken(|_, ann, _| {
        ann.mentions.get_mut(&Id(0x200)).unwrap().entity = Some(Id(0xdead));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "entity",
                ..
            }
        ),
        "{p:?}"
    );
    let p = only(broken(|_, ann, _| {
        ann.stances.get_mut(&Id(0x500)).unwrap().holder = Some(Id(0xdead));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "holder entity",
                ..
            }
        ),
        "{p:?}"
    );
}

#[test]
fn validate_reports_a_span_inside_a_character() {
    let text = news();
    let accent = text.find('\u{301}').unwrap();
    let p = only(broken(|_, ann, _| {
        // "Rene" + U+0301: ends between the e and its accent.
        ann.mentions.get_mut(&Id(0x200)).unwrap().span = span(accent - 4, accent);
    }));
    assert_eq!(
        p,
        Problem::BadSpan {
            doc: "Parts".into(),
            what: format!("mention {}", Id(0x200)),
            error: OffsetError::NotGraphemeBoundary { offset: accent },
        }
    );
    let p = only(broken(|_, ann, _| {
        // Inside the UTF-8 encoding of U+0301.
        ann.mentions.get_mut(&Id(0x200)).unwrap().span = span(accent - 4, accent + 1);
    }));
    assert!(
        matches!(
            p,
            Problem::BadSpan {
                error: OffsetError::InsideCharacter { .. },
                ..
            }
        ),
        "{p:?}"
    );
    // A cue between CR and LF.
    let crlf = text.find("\r\n").unwrap();
    let p = only(broken(|_, ann, _| {
        ann.quotes.get_mut(&Id(0x300)).unwrap().cue = Some(span(crlf + 1, crlf + 2));
    }));
    assert!(
        matches!(&p, Problem::BadSpan { what, error: OffsetError::NotGraphemeBoundary { .. }, .. } if what.contains("cue")),
        "{p:?}"
    );
    // Stance evidence past the end of the text.
    let p = only(broken(|_, ann, _| {
        ann.stances
            .get_mut(&Id(0x500))
            .unwrap()
            .evidence
            .push(Evidence::Span {
                span: span(0, text.len() + 1),
            });
    }));
    assert!(
        matches!(
            p,
            Problem::BadSpan {
                error: OffsetError::PastEnd { .. },
                ..
            }
        ),
        "{p:?}"
    );
}

#[test]
fn validate_reports_a_duplicate_mention() {
    let text = news();
    let p = only(broken(|_, ann, schema| {
        let dup = mention_rec(0x201, find(&text, "Jane Doe", 0), schema.labels[0].id);
        ann.mentions.insert(dup.id, dup);
    }));
    assert_eq!(
        p,
        Problem::DuplicateMention {
            doc: "Parts".into(),
            text: "Jane Doe".into()
        }
    );
    // Same span, other label: fine.
    let problems = broken(|_, ann, schema| {
        let other = mention_rec(0x201, find(&text, "Jane Doe", 0), schema.labels[1].id);
        ann.mentions.insert(other.id, other);
    });
    assert_eq!(problems, vec![]);
}

#[test]
fn validate_reports_a_dangling_speaker() {
    let p = only(broken(|_, ann, _| {
        ann.quotes.get_mut(&Id(0x300)).unwrap().speaker = Some(Speaker::Mention(Id(0xdead)));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "speaker mention",
                ..
            }
        ),
        "{p:?}"
    );
    let p = only(broken(|_, ann, _| {
        ann.quotes.get_mut(&Id(0x300)).unwrap().speaker = Some(Speaker::Entity(Id(0xdead)));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "speaker entity",
                ..
            }
        ),
        "{p:?}"
    );
    // Removing the speaker mention by hand leaves the quote dangling.
    let problems = broken(|_, ann, _| {
        ann.mentions.remove(&Id(0x200));
    });
    assert!(problems.iter().any(|p| matches!(
        p,
        Problem::Dangling {
            missing: "speaker mention",
            ..
        }
    )));
    // Other dangling references.
    let p = only(broken(|_, ann, _| {
        ann.stances.get_mut(&Id(0x500)).unwrap().target = Some(StanceTarget::Topic(Id(0xdead)));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "topic",
                ..
            }
        ),
        "{p:?}"
    );
    let p = only(broken(|_, ann, _| {
        ann.quotes.get_mut(&Id(0x300)).unwrap().continues = Some(Id(0xdead));
    }));
    assert!(
        matches!(
            p,
            Problem::Dangling {
                missing: "quote it continues",
                ..
            }
        ),
        "{p:?}"
    );
}

#[test]
fn validate_reports_a_missing_document() {
    let p = only(broken(|project, _, _| {
        project.documents.push(Id(0xdead));
    }));
    assert_eq!(
        p,
        Problem::MissingDocument {
            project: "P".into(),
            doc: Id(0xdead)
        }
    );
    // A record stored under another key.
    let p = only(broken(|_, ann, _| {
        let s = ann.stances.remove(&Id(0x500)).unwrap();
        ann.stances.insert(Id(0x501), s);
    }));
    assert!(matches!(p, Problem::IdMismatch { .. }), "{p:?}");
}

// ---- corpus-size queries ------------------------------------------------------------

/// splitmix64: a tiny deterministic generator for the test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn queries_at_corpus_size_agree_with_a_brute_force_scan() {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "Zoë",
        "said",
        "on",
        "Monday",
        "東京",
        "ليلى",
        "Rene\u{301}e",
        "port",
        "strike",
        "🇺🇦",
        "of",
        "a",
        "vote",
        "and",
        "minister",
        "👩‍👩‍👧",
        "reporters",
        "Kyiv",
    ];
    let mut rng = Rng(2024);
    let mut text = String::with_capacity(3_000_000);
    let mut words: Vec<Span> = Vec::new();
    let mut chars = 0usize;
    while chars < 1_500_000 {
        if !words.is_empty() {
            let sep = if rng.below(60) == 0 { "\r\n\r\n" } else { " " };
            text.push_str(sep);
            chars += sep.chars().count();
        }
        let w = WORDS[rng.below(WORDS.len())];
        let start = text.len();
        text.push_str(w);
        chars += w.chars().count();
        words.push(span(start, text.len()));
    }
    assert!(text.chars().count() >= 1_500_000);

    let (project, doc, schema) = parts(&text);
    let labels: Vec<Id> = schema.labels.iter().map(|l| l.id).collect();
    let mut ann = Annotations::default();
    let mut seen = HashSet::new();
    let mut next_id = 0x1_0000u64;
    while ann.mentions.len() < 20_000 {
        let first = rng.below(words.len());
        // Mostly 1–3 words, now and then a paragraph-sized span.
        let n = if rng.below(100) == 0 {
            1 + rng.below(3000)
        } else {
            1 + rng.below(3)
        };
        let last = (first + n - 1).min(words.len() - 1);
        let s = span(words[first].start.0, words[last].end.0);
        let label = labels[rng.below(labels.len())];
        if !seen.insert((s, label)) {
            continue;
        }
        next_id += 1 + rng.below(5) as u64;
        ann.mentions
            .insert(Id(next_id), mention_rec(next_id, s, label));
    }
    let ws = Workspace::from_parts(vec![project], [(doc.clone(), ann)], 3);
    assert_eq!(ws.validate(), vec![]);
    let ds = ws.doc(doc.id).unwrap();
    assert_eq!(ds.indexed_spans(), 20_000);
    let all: Vec<(Span, Id)> = ds.ann.mentions.values().map(|m| (m.span, m.id)).collect();

    let sorted = |mut v: Vec<(Span, Id)>| -> Vec<SpanRef> {
        v.sort_by_key(|(s, id)| (s.start, s.end, *id));
        v.into_iter().map(|(_, id)| SpanRef::Mention(id)).collect()
    };
    let mut total = 0;
    for _ in 0..300 {
        let o = rng.below(text.len() + 1);
        let want = sorted(
            all.iter()
                .copied()
                .filter(|(s, _)| s.start.0 <= o && o < s.end.0)
                .collect(),
        );
        total += want.len();
        assert_eq!(ds.at(ByteOffset(o)), want, "at {o}");
    }
    for _ in 0..300 {
        let a = rng.below(text.len() + 1);
        let b = (a + 1 + rng.below(20_000)).min(text.len());
        let want = sorted(
            all.iter()
                .copied()
                .filter(|(s, _)| s.start.0 < b && a < s.end.0)
                .collect(),
        );
        total += want.len();
        let r = span(a, b);
        assert_eq!(ds.overlapping(r), want, "overlapping {r}");
        let mut visited = Vec::new();
        ds.for_each_overlapping(r, |s, k| {
            assert_eq!(ds.span_of(k), Some(s));
            visited.push(k);
        });
        assert_eq!(visited, want);
    }
    // The queries found something (the data is dense enough to be a real check).
    assert!(total > 600, "{total}");
    // find_mention uses the index too.
    let (s, id) = all[all.len() / 2];
    let label = ds.ann.mentions[&id].label;
    assert_eq!(ds.find_mention(s, label).map(|m| m.id), Some(id));
}

#[test]
fn label_all_occurrences_finds_whole_words_in_cjk_text() {
    let mut ed = Editor::new(Workspace::new(5));
    let p = ed.add_project("P", 1);
    let text = "北京和東京。東京很大。";
    let d = ed
        .add_document(p, "CJK", "", text, 1)
        .unwrap()
        .created
        .unwrap();
    let loc = ed.ws.project(p).unwrap().schema.labels[2].id;
    let first = find(text, "東京", 0);
    let out = ed.label_all_occurrences(d, first, loc, 2).unwrap();
    assert!(out.description.contains("2 ×"), "{}", out.description);
    assert_eq!(ed.ws.doc(d).unwrap().ann.mentions.len(), 2);
}

#[test]
fn a_quote_cannot_continue_itself_through_a_chain() {
    let mut ed = Editor::new(Workspace::new(6));
    let p = ed.add_project("P", 1);
    let text = "“One,” she said.\n\n“Two,” she said.";
    let d = ed
        .add_document(p, "Q", "", text, 1)
        .unwrap()
        .created
        .unwrap();
    let q1 = ed
        .add_quote(d, find(text, "One,", 0), None, None, QuoteKind::Direct, 2)
        .unwrap()
        .created
        .unwrap();
    let q2 = ed
        .add_quote(d, find(text, "Two,", 0), None, None, QuoteKind::Direct, 3)
        .unwrap()
        .created
        .unwrap();
    ed.continue_quote(d, q2, q1).unwrap();
    let before = ed.ws.clone();
    assert!(
        ed.continue_quote(d, q1, q2).is_err(),
        "q1 → q2 → q1 is a cycle"
    );
    assert!(ed.ws == before, "the refused edit changed nothing");
    assert_eq!(ed.ws.validate(), vec![]);
}

#[test]
fn validate_reports_a_document_in_no_project() {
    let mut ed = Editor::new(Workspace::new(7));
    let p = ed.add_project("P", 1);
    let d = ed
        .add_document(p, "Lost", "", "Text.", 1)
        .unwrap()
        .created
        .unwrap();
    let doc = ed.ws.doc(d).unwrap().doc.clone();
    let mut projects = ed.ws.projects.clone();
    projects[0].documents.clear();
    let ws = Workspace::from_parts(projects, vec![(doc, Default::default())], 1);
    assert!(matches!(
        ws.validate().as_slice(),
        [Problem::Orphan { projects: 0, .. }]
    ));
}

#[test]
fn label_all_in_corpus_labels_every_document_of_the_project_as_one_step() {
    let mut ed = Editor::new(Workspace::new(9));
    let p = ed.add_project("P", 1);
    let a = ed
        .add_document(p, "A", "", "Doe met Doe.", 1)
        .unwrap()
        .created
        .unwrap();
    let b = ed
        .add_document(p, "B", "", "Doesn't Doe know? 🇺🇦 Doe!", 1)
        .unwrap()
        .created
        .unwrap();
    let person = ed.ws.project(p).unwrap().schema.labels[0].id;
    let out = ed.label_all_in_corpus(a, span(0, 3), person, 2).unwrap();
    assert!(
        out.description.contains("4 ×") && out.description.contains("2 document(s)"),
        "{}",
        out.description
    );
    assert_eq!(ed.ws.doc(a).unwrap().ann.mentions.len(), 2);
    let db = ed.ws.doc(b).unwrap();
    let texts: Vec<&str> = db
        .ann
        .mentions
        .values()
        .map(|m| db.span_text(m.span))
        .collect();
    assert_eq!(texts, ["Doe", "Doe"], "not the Doe inside Doesn't");
    ed.undo().unwrap();
    assert!(
        ed.ws.docs().all(|d| d.ann.mentions.is_empty()),
        "one undo step"
    );
}

#[test]
fn a_quote_speaker_is_named_by_its_mention_or_its_entity() {
    let mut ed = Editor::new(Workspace::new(13));
    let p = ed.add_project("P", 1);
    let text = "“Yes,” said Ana Ruiz.";
    let d = ed
        .add_document(p, "Q", "", text, 1)
        .unwrap()
        .created
        .unwrap();
    let person = ed.ws.project(p).unwrap().schema.labels[0].id;
    let m = ed
        .add_mention(d, find(text, "Ana Ruiz", 0), person, 2)
        .unwrap()
        .created
        .unwrap();
    let q = ed
        .add_quote(d, find(text, "Yes,", 0), None, None, QuoteKind::Direct, 3)
        .unwrap()
        .created
        .unwrap();
    let name = |ed: &Editor| {
        let ds = ed.ws.doc(d).unwrap();
        ds.speaker_name(&ds.ann.quotes[&q])
    };
    assert_eq!(name(&ed), None);
    ed.link_speaker(d, q, Some(Speaker::Mention(m))).unwrap();
    assert_eq!(name(&ed).as_deref(), Some("Ana Ruiz"));
    let e = ed
        .create_entity(d, "Ana María Ruiz", person, &[m], 4)
        .unwrap()
        .created
        .unwrap();
    ed.link_speaker(d, q, Some(Speaker::Entity(e))).unwrap();
    assert_eq!(name(&ed).as_deref(), Some("Ana María Ruiz"));
}
