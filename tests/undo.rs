#![cfg(not(target_arch = "wasm32"))]
//! Random sequences of user edits on documents mixing ASCII, emoji (flags, ZWJ
//! sequences, skin tones), combining marks, Arabic, CJK and CRLF. After every step:
//! a refused edit changed nothing, `validate()` finds no problem, the interval index
//! agrees with the annotations, and `Touched` names everything that changed. At the end:
//! undoing every step gives back the starting workspace and redoing them the end state.

use glossa::model::annotations::{Evidence, Polarity, QuoteKind, SpanRef, Speaker, StanceTarget};
use glossa::model::commands::{EditError, Touched};
use glossa::model::document::DocStatus;
use glossa::model::edit::{AnnotationId, Editor, LabelInUse, Outcome};
use glossa::model::ids::Id;
use glossa::model::offsets::{ByteOffset, Span};
use glossa::model::text::{snap_quote, snap_selection, SnapMode};
use glossa::model::workspace::{DocState, Workspace};
use proptest::prelude::*;
use std::collections::BTreeSet;

const TEXT_A: &str = "Jane Doe met John Doe in Kyiv \u{1F1FA}\u{1F1E6} on Monday.\r\n\r\n\
“We will win,” Doe said. Doesn't matter, said Rene\u{301}e Okafor \
\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} of Doe & Co.\r\n\
\u{644}\u{64A}\u{644}\u{649} \u{62D}\u{62F}\u{627}\u{62F} (Layla Haddad) said the \u{6771}\u{4EAC} \
office agreed: “Doe is right.” Kyiv \u{1F1FA}\u{1F1E6}\u{1F1EC}\u{1F1F7} thanks Doe.";

const TEXT_B: &str = "Mayor Zo\u{EB} Lind \u{1F44D}\u{1F3FD} backs the tram.\n\n\
“It connects the east side to jobs,” Lind said. Carl Str\u{F6}m disagreed \u{1F4B8}.\r\n\
\u{5317}\u{4EAC}\u{548C}\u{6771}\u{4EAC} both have trams; Lind's aide said “Str\u{F6}m is wrong” \
and Str\u{F6}m said “Lind is wrong”.\r\nCafe\u{301} owners in Kyiv \u{1F1FA}\u{1F1E6} side with Lind.";

const NAMES: &[&str] = &[
    "Jane Doe",
    "Doe",
    "Kyiv",
    "  ",
    "\u{6771}\u{4EAC}",
    "Zo\u{EB} Lind",
];
const LABEL_NAMES: &[&str] = &[
    "EVENT",
    "LAW",
    "person",
    "",
    "WORK",
    "\u{645}\u{62B}\u{627}\u{644}",
];
const HOTKEYS: &[Option<char>] = &[None, Some('5'), Some('6'), Some('Q'), Some('1'), Some('p')];
const NOTES: &[Option<&str>] = &[
    Some("check the spelling"),
    Some("  "),
    None,
    Some("\u{1F1FA}\u{1F1E6} Rene\u{301}e?"),
];

/// Who a generated quote is attributed to.
#[derive(Clone, Debug)]
enum SpeakerPick {
    None,
    Mention(u8),
    Entity(u8),
}

/// What a generated stance is about.
#[derive(Clone, Debug)]
enum TargetPick {
    None,
    Entity(u8),
    Topic(u8),
}

/// One piece of generated stance evidence.
#[derive(Clone, Debug)]
enum EvPick {
    Span(u16, u16),
    Quote(u8),
}

/// One user operation. `doc` picks one of the two documents (which may have been
/// removed); `u8` picks choose among existing records (or, now and then, a missing id);
/// `u16` positions are per mille of the text length.
#[derive(Clone, Debug)]
enum Op {
    AddMention {
        doc: bool,
        a: u16,
        b: u16,
        word: bool,
        label: u8,
    },
    AddMentionRaw {
        doc: bool,
        a: u16,
        b: u16,
        label: u8,
    },
    AddMentionLike {
        doc: bool,
        pick: u8,
        label: u8,
    },
    RemoveMention {
        doc: bool,
        pick: u8,
    },
    Relabel {
        doc: bool,
        pick: u8,
        label: u8,
    },
    Resize {
        doc: bool,
        pick: u8,
        a: u16,
        b: u16,
        word: bool,
    },
    CreateEntity {
        doc: bool,
        picks: Vec<u8>,
        label: u8,
        name: u8,
    },
    MergeEntities {
        doc: bool,
        keep: u8,
        absorb: u8,
    },
    SplitEntity {
        doc: bool,
        entity: u8,
        picks: Vec<u8>,
        name: u8,
    },
    RemoveEntity {
        doc: bool,
        entity: u8,
    },
    AddQuote {
        doc: bool,
        a: u16,
        b: u16,
        cue: Option<(u16, u16)>,
        speaker: SpeakerPick,
        kind: u8,
    },
    LinkSpeaker {
        doc: bool,
        quote: u8,
        speaker: SpeakerPick,
    },
    ContinueQuote {
        doc: bool,
        quote: u8,
        first: u8,
    },
    RemoveQuote {
        doc: bool,
        quote: u8,
    },
    AddTopic {
        name: u8,
    },
    AddStance {
        doc: bool,
        holder: Option<u8>,
        target: TargetPick,
        evidence: Vec<EvPick>,
        polarity: u8,
    },
    SetPolarity {
        doc: bool,
        stance: u8,
        polarity: u8,
    },
    RemoveStance {
        doc: bool,
        stance: u8,
    },
    SetNote {
        doc: bool,
        kind: u8,
        pick: u8,
        note: u8,
    },
    Accept {
        doc: bool,
        kind: u8,
        pick: u8,
    },
    LabelAll {
        doc: bool,
        a: u16,
        b: u16,
        label: u8,
    },
    AddLabel {
        name: u8,
        key: u8,
        good_color: bool,
    },
    RenameLabel {
        label: u8,
        name: u8,
    },
    DeleteLabel {
        label: u8,
        mode: u8,
        to: u8,
    },
    SetStatus {
        doc: bool,
        status: u8,
    },
    RemoveDocument {
        doc: bool,
    },
    Undo,
    Redo,
}

fn pos() -> impl Strategy<Value = u16> {
    0u16..=1000
}

fn speaker_pick() -> impl Strategy<Value = SpeakerPick> {
    prop_oneof![
        Just(SpeakerPick::None),
        any::<u8>().prop_map(SpeakerPick::Mention),
        any::<u8>().prop_map(SpeakerPick::Entity),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let b = any::<bool>;
    let p = any::<u8>;
    prop_oneof![
        6 => (b(), pos(), pos(), b(), p()).prop_map(|(doc, a, b, word, label)| Op::AddMention { doc, a, b, word, label }),
        1 => (b(), 0u16..600, 0u16..600, p()).prop_map(|(doc, a, b, label)| Op::AddMentionRaw { doc, a, b, label }),
        2 => (b(), p(), p()).prop_map(|(doc, pick, label)| Op::AddMentionLike { doc, pick, label }),
        2 => (b(), p()).prop_map(|(doc, pick)| Op::RemoveMention { doc, pick }),
        2 => (b(), p(), p()).prop_map(|(doc, pick, label)| Op::Relabel { doc, pick, label }),
        2 => (b(), p(), pos(), pos(), b()).prop_map(|(doc, pick, a, b, word)| Op::Resize { doc, pick, a, b, word }),
        4 => (b(), prop::collection::vec(p(), 0..4), p(), p()).prop_map(|(doc, picks, label, name)| Op::CreateEntity { doc, picks, label, name }),
        2 => (b(), p(), p()).prop_map(|(doc, keep, absorb)| Op::MergeEntities { doc, keep, absorb }),
        1 => (b(), p(), prop::collection::vec(p(), 0..3), p()).prop_map(|(doc, entity, picks, name)| Op::SplitEntity { doc, entity, picks, name }),
        1 => (b(), p()).prop_map(|(doc, entity)| Op::RemoveEntity { doc, entity }),
        3 => (b(), pos(), pos(), prop::option::of((pos(), pos())), speaker_pick(), p())
            .prop_map(|(doc, a, b, cue, speaker, kind)| Op::AddQuote { doc, a, b, cue, speaker, kind }),
        2 => (b(), p(), speaker_pick()).prop_map(|(doc, quote, speaker)| Op::LinkSpeaker { doc, quote, speaker }),
        1 => (b(), p(), p()).prop_map(|(doc, quote, first)| Op::ContinueQuote { doc, quote, first }),
        1 => (b(), p()).prop_map(|(doc, quote)| Op::RemoveQuote { doc, quote }),
        1 => p().prop_map(|name| Op::AddTopic { name }),
        3 => (
            b(),
            prop::option::of(p()),
            prop_oneof![
                Just(TargetPick::None),
                p().prop_map(TargetPick::Entity),
                p().prop_map(TargetPick::Topic)
            ],
            prop::collection::vec(
                prop_oneof![
                    (pos(), pos()).prop_map(|(a, b)| EvPick::Span(a, b)),
                    p().prop_map(EvPick::Quote)
                ],
                0..3
            ),
            p()
        )
            .prop_map(|(doc, holder, target, evidence, polarity)| Op::AddStance { doc, holder, target, evidence, polarity }),
        2 => (b(), p(), p()).prop_map(|(doc, stance, polarity)| Op::SetPolarity { doc, stance, polarity }),
        1 => (b(), p()).prop_map(|(doc, stance)| Op::RemoveStance { doc, stance }),
        2 => (b(), p(), p(), p()).prop_map(|(doc, kind, pick, note)| Op::SetNote { doc, kind, pick, note }),
        1 => (b(), p(), p()).prop_map(|(doc, kind, pick)| Op::Accept { doc, kind, pick }),
        2 => (b(), pos(), pos(), p()).prop_map(|(doc, a, b, label)| Op::LabelAll { doc, a, b, label }),
        1 => (p(), p(), b()).prop_map(|(name, key, good_color)| Op::AddLabel { name, key, good_color }),
        1 => (p(), p()).prop_map(|(label, name)| Op::RenameLabel { label, name }),
        2 => (p(), p(), p()).prop_map(|(label, mode, to)| Op::DeleteLabel { label, mode, to }),
        1 => (b(), p()).prop_map(|(doc, status)| Op::SetStatus { doc, status }),
        1 => b().prop_map(|doc| Op::RemoveDocument { doc }),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

// ---- the world under test -----------------------------------------------------------

/// The editor, the ids of the fixed project and documents, and a deterministic clock.
struct World {
    ed: Editor,
    project: Id,
    docs: [Id; 2],
    now: u64,
}

/// An id no record has (ids are time-ordered from 2023 on).
const MISSING: Id = Id(1);

/// `items[i % len]`, or a missing id one time in sixteen (and when there is nothing).
fn pick(items: &[Id], i: u8) -> Id {
    if i % 16 == 15 || items.is_empty() {
        MISSING
    } else {
        items[i as usize % items.len()]
    }
}

/// Like [`pick`], but mostly a record other than `first` (when there is one).
fn pick_other(items: &[Id], first: Id, i: u8) -> Id {
    let others: Vec<Id> = items.iter().copied().filter(|x| *x != first).collect();
    if i % 8 == 7 || others.is_empty() {
        pick(items, i)
    } else {
        others[i as usize % others.len()]
    }
}

fn at(text: &str, per_mille: u16) -> usize {
    text.len() * per_mille as usize / 1000
}

fn raw(text: &str, a: u16, b: u16) -> Span {
    let (a, b) = (at(text, a), at(text, b));
    Span {
        start: ByteOffset(a.min(b)),
        end: ByteOffset(a.max(b)),
    }
}

fn snapped(text: &str, a: u16, b: u16, word: bool) -> Option<Span> {
    let mode = if word {
        SnapMode::Word
    } else {
        SnapMode::Grapheme
    };
    snap_selection(text, raw(text, a, b), mode)
}

/// What happened to one operation.
enum Res {
    /// A new undo step.
    Step(Touched),
    /// Succeeded without an undo step (reusing a topic, undo, redo, nothing to select).
    NoStep,
    /// Refused.
    Refused(EditError),
}

fn step(r: Result<Outcome, EditError>) -> Res {
    match r {
        Ok(o) => Res::Step(o.touched),
        Err(e) => Res::Refused(e),
    }
}

impl World {
    fn new() -> World {
        let mut ed = Editor::new(Workspace::new(0x5eed));
        let now = 1_700_000_000_000;
        let project = ed.add_project("Corpus", now);
        let a = ed
            .add_document(project, "A", "a.txt", TEXT_A, now)
            .unwrap()
            .created
            .unwrap();
        let b = ed
            .add_document(project, "B", "b.txt", TEXT_B, now)
            .unwrap()
            .created
            .unwrap();
        let mut w = World {
            ed,
            project,
            docs: [a, b],
            now,
        };
        // Some annotations to start from in document A; B stays "to do".
        let person = w.labels()[0];
        let loc = w.labels()[2];
        let doe =
            Span::from_bytes(TEXT_A.find("Doe").unwrap(), TEXT_A.find("Doe").unwrap() + 3).unwrap();
        let kyiv = Span::from_bytes(
            TEXT_A.find("Kyiv").unwrap(),
            TEXT_A.find("Kyiv").unwrap() + 4,
        )
        .unwrap();
        let t = w.tick();
        w.ed.label_all_occurrences(a, doe, person, t).unwrap();
        let t = w.tick();
        w.ed.label_all_occurrences(a, kyiv, loc, t).unwrap();
        let does = w.ids(a, 0);
        let t = w.tick();
        let e =
            w.ed.create_entity(a, "Doe", person, &does[..2], t)
                .unwrap()
                .created
                .unwrap();
        let win = TEXT_A.find("We will win,").unwrap();
        let t = w.tick();
        w.ed.add_quote(
            a,
            Span::from_bytes(win, win + "We will win,".len()).unwrap(),
            None,
            Some(Speaker::Mention(does[2])),
            QuoteKind::Direct,
            t,
        )
        .unwrap();
        let t = w.tick();
        let topic = w.ed.add_topic(project, "Trams", t).unwrap();
        let t = w.tick();
        w.ed.add_stance(
            a,
            Some(e),
            Some(StanceTarget::Topic(topic)),
            Polarity::Favor,
            vec![],
            t,
        )
        .unwrap();
        w.ed.history.clear();
        assert_eq!(w.ed.ws.validate(), vec![]);
        w
    }

    fn tick(&mut self) -> u64 {
        self.now += 1;
        self.now
    }

    fn doc(&self, second: bool) -> Id {
        self.docs[second as usize]
    }

    fn text(&self, doc: Id) -> &'static str {
        if doc == self.docs[0] {
            TEXT_A
        } else {
            TEXT_B
        }
    }

    fn labels(&self) -> Vec<Id> {
        self.ed
            .ws
            .project(self.project)
            .map(|p| p.schema.labels.iter().map(|l| l.id).collect())
            .unwrap_or_default()
    }

    fn topics(&self) -> Vec<Id> {
        self.ed
            .ws
            .project(self.project)
            .map(|p| p.topics.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Ids of mentions (0), entities (1), quotes (2) or stances (3) of a document.
    fn ids(&self, doc: Id, kind: u8) -> Vec<Id> {
        let Some(ds) = self.ed.ws.doc(doc) else {
            return Vec::new();
        };
        let a = &ds.ann;
        match kind % 4 {
            0 => a.mentions.keys().copied().collect(),
            1 => a.entities.keys().copied().collect(),
            2 => a.quotes.keys().copied().collect(),
            _ => a.stances.keys().copied().collect(),
        }
    }

    fn speaker(&self, doc: Id, s: &SpeakerPick) -> Option<Speaker> {
        match s {
            SpeakerPick::None => None,
            SpeakerPick::Mention(i) => Some(Speaker::Mention(pick(&self.ids(doc, 0), *i))),
            SpeakerPick::Entity(i) => Some(Speaker::Entity(pick(&self.ids(doc, 1), *i))),
        }
    }

    fn annotation(&self, doc: Id, kind: u8, i: u8) -> AnnotationId {
        let id = pick(&self.ids(doc, kind), i);
        match kind % 4 {
            0 => AnnotationId::Mention(id),
            1 => AnnotationId::Entity(id),
            2 => AnnotationId::Quote(id),
            _ => AnnotationId::Stance(id),
        }
    }

    fn apply(&mut self, op: &Op) -> Res {
        let now = self.tick();
        let polarity = |p: u8| [Polarity::Favor, Polarity::Against, Polarity::None][p as usize % 3];
        match op {
            Op::AddMention {
                doc,
                a,
                b,
                word,
                label,
            } => {
                let d = self.doc(*doc);
                let Some(s) = snapped(self.text(d), *a, *b, *word) else {
                    return Res::NoStep;
                };
                let l = pick(&self.labels(), *label);
                step(self.ed.add_mention(d, s, l, now))
            }
            Op::AddMentionRaw { doc, a, b, label } => {
                let d = self.doc(*doc);
                // Raw offsets: often inside a character or a cluster.
                let s = Span {
                    start: ByteOffset(*a as usize),
                    end: ByteOffset(*a as usize + *b as usize % 9),
                };
                let l = pick(&self.labels(), *label);
                step(self.ed.add_mention(d, s, l, now))
            }
            Op::AddMentionLike {
                doc,
                pick: i,
                label,
            } => {
                // The span of an existing mention again: another label, or a duplicate.
                let d = self.doc(*doc);
                let m = pick(&self.ids(d, 0), *i);
                let Some(s) = self
                    .ed
                    .ws
                    .doc(d)
                    .and_then(|ds| ds.ann.mentions.get(&m))
                    .map(|m| m.span)
                else {
                    return Res::NoStep;
                };
                let l = pick(&self.labels(), *label);
                step(self.ed.add_mention(d, s, l, now))
            }
            Op::RemoveMention { doc, pick: i } => {
                let d = self.doc(*doc);
                let m = pick(&self.ids(d, 0), *i);
                step(self.ed.remove_mention(d, m))
            }
            Op::Relabel {
                doc,
                pick: i,
                label,
            } => {
                let d = self.doc(*doc);
                let m = pick(&self.ids(d, 0), *i);
                let l = pick(&self.labels(), *label);
                step(self.ed.relabel_mention(d, m, l))
            }
            Op::Resize {
                doc,
                pick: i,
                a,
                b,
                word,
            } => {
                let d = self.doc(*doc);
                let m = pick(&self.ids(d, 0), *i);
                let s = snapped(self.text(d), *a, *b, *word)
                    .unwrap_or_else(|| raw(self.text(d), *a, *b));
                step(self.ed.resize_mention(d, m, s))
            }
            Op::CreateEntity {
                doc,
                picks,
                label,
                name,
            } => {
                let d = self.doc(*doc);
                let ms: Vec<Id> = picks.iter().map(|i| pick(&self.ids(d, 0), *i)).collect();
                let l = pick(&self.labels(), *label);
                let n = NAMES[*name as usize % NAMES.len()];
                step(self.ed.create_entity(d, n, l, &ms, now))
            }
            Op::MergeEntities { doc, keep, absorb } => {
                let d = self.doc(*doc);
                let es = self.ids(d, 1);
                let k = pick(&es, *keep);
                step(self.ed.merge_entities(d, k, pick_other(&es, k, *absorb)))
            }
            Op::SplitEntity {
                doc,
                entity,
                picks,
                name,
            } => {
                let d = self.doc(*doc);
                let e = pick(&self.ids(d, 1), *entity);
                // Prefer the entity's own mentions so the split usually happens.
                let own: Vec<Id> = self
                    .ed
                    .ws
                    .doc(d)
                    .map(|ds| ds.mentions_of_entity(e).iter().map(|m| m.id).collect())
                    .unwrap_or_default();
                let ms: Vec<Id> = picks.iter().map(|i| pick(&own, *i)).collect();
                let n = NAMES[*name as usize % NAMES.len()];
                step(self.ed.split_entity(d, e, &ms, n, now))
            }
            Op::RemoveEntity { doc, entity } => {
                let d = self.doc(*doc);
                let e = pick(&self.ids(d, 1), *entity);
                step(self.ed.remove_entity(d, e))
            }
            Op::AddQuote {
                doc,
                a,
                b,
                cue,
                speaker,
                kind,
            } => {
                let d = self.doc(*doc);
                let text = self.text(d);
                let Some(content) = snap_quote(text, raw(text, *a, *b)) else {
                    return Res::NoStep;
                };
                let cue = cue.and_then(|(x, y)| snapped(text, x, y, true));
                let sp = self.speaker(d, speaker);
                let k =
                    [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed][*kind as usize % 3];
                step(self.ed.add_quote(d, content, cue, sp, k, now))
            }
            Op::LinkSpeaker {
                doc,
                quote,
                speaker,
            } => {
                let d = self.doc(*doc);
                let q = pick(&self.ids(d, 2), *quote);
                let sp = self.speaker(d, speaker);
                step(self.ed.link_speaker(d, q, sp))
            }
            Op::ContinueQuote { doc, quote, first } => {
                let d = self.doc(*doc);
                let qs = self.ids(d, 2);
                let q = pick(&qs, *quote);
                step(self.ed.continue_quote(d, q, pick_other(&qs, q, *first)))
            }
            Op::RemoveQuote { doc, quote } => {
                let d = self.doc(*doc);
                let q = pick(&self.ids(d, 2), *quote);
                step(self.ed.remove_quote(d, q))
            }
            Op::AddTopic { name } => {
                let before = self.topics().len();
                let n = ["Trams", "trams ", "War", "  ", "\u{6771}\u{4EAC}"][*name as usize % 5];
                match self.ed.add_topic(self.project, n, now) {
                    Ok(id) => {
                        assert!(self.topics().contains(&id));
                        if self.topics().len() > before {
                            Res::Step(Touched {
                                projects: vec![self.project],
                                ..Touched::default()
                            })
                        } else {
                            Res::NoStep
                        }
                    }
                    Err(e) => Res::Refused(e),
                }
            }
            Op::AddStance {
                doc,
                holder,
                target,
                evidence,
                polarity: pol,
            } => {
                let d = self.doc(*doc);
                let es = self.ids(d, 1);
                let h = holder.map(|i| pick(&es, i));
                let t = match target {
                    TargetPick::None => None,
                    TargetPick::Entity(i) => Some(StanceTarget::Entity(pick(&es, *i))),
                    TargetPick::Topic(i) => Some(StanceTarget::Topic(pick(&self.topics(), *i))),
                };
                let text = self.text(d);
                let ev = evidence
                    .iter()
                    .filter_map(|e| match e {
                        EvPick::Span(x, y) => {
                            snapped(text, *x, *y, true).map(|span| Evidence::Span { span })
                        }
                        EvPick::Quote(i) => Some(Evidence::Quote {
                            id: pick(&self.ids(d, 2), *i),
                        }),
                    })
                    .collect();
                step(self.ed.add_stance(d, h, t, polarity(*pol), ev, now))
            }
            Op::SetPolarity {
                doc,
                stance,
                polarity: pol,
            } => {
                let d = self.doc(*doc);
                let s = pick(&self.ids(d, 3), *stance);
                step(self.ed.set_polarity(d, s, polarity(*pol)))
            }
            Op::RemoveStance { doc, stance } => {
                let d = self.doc(*doc);
                let s = pick(&self.ids(d, 3), *stance);
                step(self.ed.remove_stance(d, s))
            }
            Op::SetNote {
                doc,
                kind,
                pick: i,
                note,
            } => {
                let d = self.doc(*doc);
                let target = self.annotation(d, *kind, *i);
                let n = NOTES[*note as usize % NOTES.len()].map(str::to_owned);
                step(self.ed.set_note(d, target, n))
            }
            Op::Accept { doc, kind, pick: i } => {
                let d = self.doc(*doc);
                let target = self.annotation(d, *kind, *i);
                step(self.ed.accept(d, target))
            }
            Op::LabelAll { doc, a, b, label } => {
                let d = self.doc(*doc);
                let Some(s) = snapped(self.text(d), *a, *b, true) else {
                    return Res::NoStep;
                };
                let l = pick(&self.labels(), *label);
                step(self.ed.label_all_occurrences(d, s, l, now))
            }
            Op::AddLabel {
                name,
                key,
                good_color,
            } => {
                let n = LABEL_NAMES[*name as usize % LABEL_NAMES.len()];
                let k = HOTKEYS[*key as usize % HOTKEYS.len()];
                let c = if *good_color { "#A1b2C3" } else { "blue" };
                step(self.ed.add_label(self.project, n, c, k, "", now))
            }
            Op::RenameLabel { label, name } => {
                let l = pick(&self.labels(), *label);
                let Some(mut lab) = self
                    .ed
                    .ws
                    .project(self.project)
                    .and_then(|p| p.schema.get(l))
                    .cloned()
                else {
                    return Res::NoStep;
                };
                lab.name = LABEL_NAMES[*name as usize % LABEL_NAMES.len()].to_owned();
                step(self.ed.update_label(self.project, lab))
            }
            Op::DeleteLabel { label, mode, to } => {
                let labels = self.labels();
                let l = pick(&labels, *label);
                let m = match mode % 3 {
                    0 => LabelInUse::Refuse,
                    1 => LabelInUse::DeleteAnnotations,
                    _ => LabelInUse::Reassign(pick(&labels, *to)),
                };
                step(self.ed.delete_label(self.project, l, m))
            }
            Op::SetStatus { doc, status } => {
                let d = self.doc(*doc);
                step(self.ed.set_status(d, DocStatus::ALL[*status as usize % 4]))
            }
            Op::RemoveDocument { doc } => step(self.ed.remove_document(self.doc(*doc))),
            Op::Undo | Op::Redo => unreachable!("handled by the runner"),
        }
    }
}

// ---- checks -------------------------------------------------------------------------

/// The interval index holds exactly the painted spans of the annotations.
fn check_index(ds: &DocState) -> Result<(), TestCaseError> {
    let mut want: Vec<(Span, SpanRef)> = Vec::new();
    for m in ds.ann.mentions.values() {
        want.push((m.span, SpanRef::Mention(m.id)));
    }
    for q in ds.ann.quotes.values() {
        want.push((q.content, SpanRef::QuoteContent(q.id)));
        if let Some(c) = q.cue {
            want.push((c, SpanRef::QuoteCue(q.id)));
        }
    }
    for s in ds.ann.stances.values() {
        for (n, e) in s.evidence.iter().enumerate() {
            if let Evidence::Span { span } = e {
                want.push((*span, SpanRef::Evidence(s.id, n)));
            }
        }
    }
    prop_assert_eq!(
        ds.indexed_spans(),
        want.len(),
        "indexed spans of {}",
        ds.doc.title
    );
    want.sort_by_key(|(s, r)| (s.start, s.end, *r));
    let whole = Span::from_bytes(0, ds.text().len()).unwrap();
    let got = ds.overlapping(whole);
    let keys: Vec<SpanRef> = want.iter().map(|(_, r)| *r).collect();
    prop_assert_eq!(&got, &keys);
    for m in ds.ann.mentions.keys() {
        prop_assert!(got.contains(&SpanRef::Mention(*m)));
    }
    for (s, r) in &want {
        prop_assert_eq!(ds.span_of(*r), Some(*s));
        if !s.is_empty() {
            prop_assert!(ds.at(s.start).contains(r), "{:?} not at {}", r, s.start.0);
        }
    }
    Ok(())
}

fn check_healthy(ws: &Workspace) -> Result<(), TestCaseError> {
    prop_assert_eq!(ws.validate(), vec![]);
    for ds in ws.docs() {
        check_index(ds)?;
    }
    Ok(())
}

/// Everything that differs between `before` and `after` is named in `t`, so the storage
/// layer saves it.
fn check_touched(before: &Workspace, after: &Workspace, t: &Touched) -> Result<(), TestCaseError> {
    let ids: BTreeSet<Id> = before
        .docs()
        .chain(after.docs())
        .map(|d| d.doc.id)
        .collect();
    for id in ids {
        if before.doc(id) != after.doc(id) {
            prop_assert!(
                t.docs.contains(&id),
                "document {} changed, not in {:?}",
                id,
                t
            );
        }
    }
    for p in before.projects.iter().chain(after.projects.iter()) {
        if before.project(p.id) != after.project(p.id) {
            // A document added or removed: storage rewrites the project lists itself.
            prop_assert!(
                t.projects.contains(&p.id) || !t.added_or_removed.is_empty(),
                "project {} changed, not in {:?}",
                p.id,
                t
            );
        }
    }
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut w = World::new();
    let start = w.ed.ws.clone();
    check_healthy(&start)?;
    // states[i]: the workspace after i steps of the current history; `depth` is where
    // the workspace is now.
    let mut states = vec![start.clone()];
    let mut depth = 0usize;
    for op in ops {
        let before = w.ed.clone();
        match op {
            Op::Undo => match w.ed.undo() {
                Ok(t) => {
                    prop_assert!(depth > 0);
                    depth -= 1;
                    prop_assert!(
                        w.ed.ws == states[depth],
                        "undo did not restore step {}",
                        depth
                    );
                    check_touched(&before.ws, &w.ed.ws, &t)?;
                }
                Err(e) => {
                    prop_assert_eq!(depth, 0, "undo refused: {}", e);
                    prop_assert_eq!(e, EditError::NothingTo("undo"));
                    prop_assert!(w.ed.ws == before.ws);
                }
            },
            Op::Redo => match w.ed.redo() {
                Ok(t) => {
                    prop_assert!(depth + 1 < states.len());
                    depth += 1;
                    prop_assert!(
                        w.ed.ws == states[depth],
                        "redo did not restore step {}",
                        depth
                    );
                    check_touched(&before.ws, &w.ed.ws, &t)?;
                }
                Err(e) => {
                    prop_assert_eq!(depth + 1, states.len(), "redo refused: {}", e);
                    prop_assert_eq!(e, EditError::NothingTo("redo"));
                    prop_assert!(w.ed.ws == before.ws);
                }
            },
            _ => match w.apply(op) {
                Res::Step(t) => {
                    check_touched(&before.ws, &w.ed.ws, &t)?;
                    states.truncate(depth + 1);
                    states.push(w.ed.ws.clone());
                    depth += 1;
                }
                Res::NoStep => {
                    prop_assert!(w.ed.ws == before.ws, "{:?} changed the workspace", op);
                    prop_assert!(w.ed.history == before.history);
                }
                Res::Refused(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert!(
                        w.ed.ws == before.ws,
                        "{:?} was refused ({}) but changed the workspace",
                        op,
                        e
                    );
                    prop_assert!(w.ed.history == before.history);
                }
            },
        }
        check_healthy(&w.ed.ws)?;
    }

    // Undo every step: back to the start; redo them: back to the end.
    let end = w.ed.ws.clone();
    for _ in 0..depth {
        w.ed.undo()
            .map_err(|e| TestCaseError::fail(format!("undo: {e}")))?;
        check_healthy(&w.ed.ws)?;
    }
    prop_assert!(
        w.ed.ws == start,
        "undoing every step did not restore the start"
    );
    prop_assert!(w.ed.undo().is_err());
    for _ in 0..depth {
        w.ed.redo()
            .map_err(|e| TestCaseError::fail(format!("redo: {e}")))?;
        check_healthy(&w.ed.ws)?;
    }
    prop_assert!(w.ed.ws == end, "redoing every step did not restore the end");
    // Steps undone during the sequence can still be redone, up to the newest.
    while depth + 1 < states.len() {
        w.ed.redo()
            .map_err(|e| TestCaseError::fail(format!("redo: {e}")))?;
        depth += 1;
        prop_assert!(w.ed.ws == states[depth]);
    }
    prop_assert!(w.ed.redo().is_err());
    check_healthy(&w.ed.ws)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_undo_and_redo_exactly(ops in prop::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

/// The generator reaches the interesting paths: most kinds of edit succeed in some case.
#[test]
fn the_generated_edits_mostly_succeed() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec(op(), 20..40);
    let mut ok = std::collections::BTreeMap::<String, usize>::new();
    let mut tried = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..60 {
        let ops = strategy.new_tree(&mut runner).unwrap().current();
        let mut w = World::new();
        for op in &ops {
            if matches!(op, Op::Undo | Op::Redo) {
                continue;
            }
            let name = format!("{op:?}");
            let name = name
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap()
                .to_owned();
            *tried.entry(name.clone()).or_default() += 1;
            if let Res::Step(_) = w.apply(op) {
                *ok.entry(name).or_default() += 1;
            }
        }
    }
    for kind in [
        "AddMention",
        "AddMentionLike",
        "RemoveMention",
        "Relabel",
        "Resize",
        "CreateEntity",
        "MergeEntities",
        "SplitEntity",
        "RemoveEntity",
        "AddQuote",
        "LinkSpeaker",
        "ContinueQuote",
        "RemoveQuote",
        "AddTopic",
        "AddStance",
        "SetPolarity",
        "RemoveStance",
        "SetNote",
        "Accept",
        "LabelAll",
        "AddLabel",
        "RenameLabel",
        "DeleteLabel",
        "SetStatus",
        "RemoveDocument",
    ] {
        assert!(
            ok.get(kind).copied().unwrap_or(0) > 0,
            "{kind} never succeeded: tried {:?}, ok {:?}",
            tried.get(kind),
            ok.get(kind)
        );
    }
}
