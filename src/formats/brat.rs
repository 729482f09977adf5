//! brat standoff: one `.txt` and one `.ann` per document, plus one generated
//! [`CONF_FILE`] declaring every type the `.ann` files use (see `docs/formats.md`).
//!
//! # Files
//!
//! For each document `<stem>-<id8>.txt` holds the text **verbatim** (CRLF stays CRLF) and
//! `<stem>-<id8>.ann` its annotations, where `<stem>` is [`file_stem`] of the title and
//! `<id8>` the first 8 hex digits of the document id (the full 16 digits when two
//! documents would otherwise get the same name). One [`CONF_FILE`] covers all documents.
//! Several files come as one zip through [`super::export`].
//!
//! # Offsets
//!
//! Offsets are Unicode **code points** (what brat and Python count); every text-bound
//! line also carries its exact text. brat reads `.ann` files line by line, so a text
//! field cannot hold a line break: a span that crosses one is written as discontinuous
//! fragments (`T1\tQuote 10 25;27 40\t…`), leaving out every character Python's
//! `str.splitlines` breaks on ([`is_line_break`]); the text field is the fragments'
//! texts joined by one space, as brat itself writes it. A span made only of line
//! breaks (or empty) becomes one empty fragment at its start.
//!
//! # Mapping
//!
//! | Glossa | brat |
//! |---|---|
//! | mention | `T` of the label's type ([`type_name`]) |
//! | entity | `*\tCoreference T… T…` over its mentions (2 or more), and an `AnnotatorNotes` `Entity: <name> (<label>)` on its first mention in text order, which also stands for the entity in relations and events |
//! | quote | `T` of type [`QUOTE`], attribute [`QUOTE_KIND`] (`Direct`, `Indirect`, `Mixed`); its cue a `T` of type [`CUE`]; relations [`SPEAKER`] and [`HAS_CUE`] (`Arg1` the quote) and [`CONTINUES`] (`Arg2` the quote it continues) |
//! | stance | event [`STANCE`] with arguments `Holder`, `Target` (entities) and `Evidence`, `Evidence2`, … (quotes and [`EVIDENCE`] spans); attribute [`POLARITY`] (`FAVOR`, `AGAINST`, `NONE`); a topic target as an `AnnotatorNotes` `Target topic: <topic>` on the event |
//! | note | `#n\tAnnotatorNotes <id>\t<note>` (line breaks and tabs become spaces) |
//!
//! A brat event needs a trigger: a text-bound annotation of the event's type. The
//! trigger of a stance is its first evidence span; else the content of its first
//! evidence quote; else the span of the holder's first mention; else that of the
//! target's; else an empty span at the start of the text. Evidence spans other than the
//! trigger become [`EVIDENCE`] `T`s, and every evidence quote is an `Evidence` argument.
//! A holder, target or speaker entity without a mention in the text is named in an
//! `AnnotatorNotes` instead (`Holder: <name> (no mention in the text)`).
//!
//! Suggestions nobody has accepted yet are not exported, nor what refers to them.
//!
//! Ids (`T1`, `R1`, `E1`, `A1`, `#1`) are numbered per document in a fixed order:
//! mentions in text order, then quotes in text order (each followed by its cue), then
//! stances in creation order, so the same annotations always give the same files.

use super::{cp_span, doc_refs, file_stem, DocRef, ExportError, ExportFile};
use crate::model::annotations::{Entity, Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use crate::model::ids::Id;
use crate::model::offsets::{ByteOffset, Span};
use crate::model::workspace::{DocState, Workspace};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// Name of the generated configuration file.
pub const CONF_FILE: &str = "annotation.conf";
/// Entity type of a quote's content.
pub const QUOTE: &str = "Quote";
/// Entity type of a quote's cue.
pub const CUE: &str = "Cue";
/// Entity type of a stance's evidence span (other than the one used as trigger).
pub const EVIDENCE: &str = "Evidence";
/// Event type of a stance (its trigger is a text-bound annotation of this type too).
pub const STANCE: &str = "Stance";
/// Relation from a quote (`Arg1`) to its speaker mention (`Arg2`).
pub const SPEAKER: &str = "Speaker";
/// Relation from a quote (`Arg1`) to its cue (`Arg2`).
pub const HAS_CUE: &str = "HasCue";
/// Relation from a quote (`Arg1`) to the quote it continues (`Arg2`).
pub const CONTINUES: &str = "Continues";
/// Equivalence relation grouping the mentions of one entity (`*` lines).
pub const COREFERENCE: &str = "Coreference";
/// Attribute of a quote: `Direct`, `Indirect` or `Mixed`.
pub const QUOTE_KIND: &str = "QuoteKind";
/// Attribute of a stance event: `FAVOR`, `AGAINST` or `NONE`.
pub const POLARITY: &str = "Polarity";

/// Names a label may not take as a brat type (compared ignoring case), because the
/// export uses them or brat gives them a meaning.
const RESERVED: [&str; 16] = [
    QUOTE,
    CUE,
    EVIDENCE,
    STANCE,
    SPEAKER,
    HAS_CUE,
    CONTINUES,
    COREFERENCE,
    QUOTE_KIND,
    POLARITY,
    "Holder",
    "Target",
    "Equiv",
    "ENTITY-NESTING",
    "SEPARATOR",
    "AnnotatorNotes",
];

/// Whether brat (Python's `str.splitlines`) ends a line at `c`.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The brat type name for a label name, as brat stores types: every character other
/// than ASCII letters, digits, `_` and `-` becomes `_` ("Political party" →
/// `Political_party`). A name with no letter or digit left becomes `Label`.
/// [`export`] further adds `-2`, `-3`… when two labels, or a label and one of the
/// export's own types, would get the same name.
pub fn type_name(label: &str) -> String {
    let s: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.chars().any(|c| c.is_ascii_alphanumeric()) {
        s
    } else {
        "Label".into()
    }
}

/// Label names → distinct brat type names, in first-seen order.
#[derive(Default)]
struct TypeNames {
    by_name: HashMap<String, String>,
    taken: HashSet<String>,
    order: Vec<(String, String)>,
}

impl TypeNames {
    fn new() -> TypeNames {
        let mut t = TypeNames::default();
        t.taken
            .extend(RESERVED.iter().map(|r| r.to_ascii_lowercase()));
        t
    }

    /// The type for `label`, assigned on first use.
    fn get(&mut self, label: &str) -> String {
        if let Some(t) = self.by_name.get(label) {
            return t.clone();
        }
        let base = type_name(label);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate.to_ascii_lowercase()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.to_ascii_lowercase());
        self.by_name.insert(label.to_owned(), candidate.clone());
        self.order.push((label.to_owned(), candidate.clone()));
        candidate
    }
}

/// Replaces line breaks and tabs by spaces, so a note stays on its line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_line_break(c) || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn kind_value(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "Direct",
        QuoteKind::Indirect => "Indirect",
        QuoteKind::Mixed => "Mixed",
    }
}

fn polarity_value(p: Polarity) -> &'static str {
    match p {
        Polarity::Favor => "FAVOR",
        Polarity::Against => "AGAINST",
        Polarity::None => "NONE",
    }
}

/// The `.ann` of one document, built block by block.
struct Ann<'a> {
    ds: &'a DocState,
    t: usize,
    r: usize,
    e: usize,
    a: usize,
    n: usize,
    textbounds: String,
    relations: String,
    equivs: String,
    events: String,
    attributes: String,
    notes: String,
}

impl<'a> Ann<'a> {
    fn new(ds: &'a DocState) -> Ann<'a> {
        Ann {
            ds,
            t: 0,
            r: 0,
            e: 0,
            a: 0,
            n: 0,
            textbounds: String::new(),
            relations: String::new(),
            equivs: String::new(),
            events: String::new(),
            attributes: String::new(),
            notes: String::new(),
        }
    }

    /// Writes a text-bound annotation and returns its id (`T7`).
    fn textbound(&mut self, ty: &str, span: Span) -> Result<String, ExportError> {
        let (start, _) = cp_span(self.ds, span)?;
        let mut fragments: Vec<(usize, usize, &str)> = Vec::new();
        let text = self.ds.span_text(span);
        let mut cp = start;
        let mut open: Option<(usize, usize)> = None; // (code point, byte) of the fragment start
        for (byte, c) in text.char_indices() {
            if is_line_break(c) {
                if let Some((s, b)) = open.take() {
                    fragments.push((s, cp, &text[b..byte]));
                }
            } else if open.is_none() {
                open = Some((cp, byte));
            }
            cp += 1;
        }
        if let Some((s, b)) = open {
            fragments.push((s, cp, &text[b..]));
        }
        if fragments.is_empty() {
            fragments.push((start, start, ""));
        }
        self.t += 1;
        let id = format!("T{}", self.t);
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(s, e, _)| format!("{s} {e}"))
            .collect();
        let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| *t).collect();
        let _ = writeln!(
            self.textbounds,
            "{id}\t{ty} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        );
        Ok(id)
    }

    fn relation(&mut self, ty: &str, arg1: &str, arg2: &str) {
        self.r += 1;
        let _ = writeln!(self.relations, "R{}\t{ty} Arg1:{arg1} Arg2:{arg2}", self.r);
    }

    fn attribute(&mut self, ty: &str, target: &str, value: &str) {
        self.a += 1;
        let _ = writeln!(self.attributes, "A{}\t{ty} {target} {value}", self.a);
    }

    fn note(&mut self, target: &str, text: &str) {
        let text = one_line(text);
        if text.trim().is_empty() {
            return;
        }
        self.n += 1;
        let _ = writeln!(self.notes, "#{}\tAnnotatorNotes {target}\t{text}", self.n);
    }

    fn finish(self) -> String {
        [
            self.textbounds,
            self.relations,
            self.equivs,
            self.events,
            self.attributes,
            self.notes,
        ]
        .concat()
    }
}

/// Writes the `.ann` of one document, naming label types through `types`.
fn ann_file(r: &DocRef<'_>, types: &mut TypeNames) -> Result<String, ExportError> {
    let ds = r.ds;
    let ann = &ds.ann;
    let mut out = Ann::new(ds);
    let label_of = |id: Id| r.schema().get(id).map_or("?", |l| l.name.as_str());

    // Mentions, in text order.
    let mut mentions: Vec<_> = ann
        .mentions
        .values()
        .filter(|m| !m.meta.provenance.is_pending_suggestion())
        .collect();
    mentions
        .sort_by(|a, b| (a.span, label_of(a.label), a.id).cmp(&(b.span, label_of(b.label), b.id)));
    let entities: BTreeMap<&Id, &Entity> = ann
        .entities
        .iter()
        .filter(|(_, e)| !e.meta.provenance.is_pending_suggestion())
        .collect();
    let mut mention_t: HashMap<Id, String> = HashMap::new();
    // Each entity's mentions' ids, entities in the text order of their first mention.
    let mut members: Vec<(Id, Vec<String>)> = Vec::new();
    let mut slot: HashMap<Id, usize> = HashMap::new();
    // An entity's first mention: its T and span.
    let mut entity_t: HashMap<Id, (String, Span)> = HashMap::new();
    for m in &mentions {
        let ty = types.get(label_of(m.label));
        let t = out.textbound(&ty, m.span)?;
        if let Some(e) = m.entity.filter(|e| entities.contains_key(e)) {
            match slot.get(&e) {
                Some(&i) => members[i].1.push(t.clone()),
                None => {
                    slot.insert(e, members.len());
                    members.push((e, vec![t.clone()]));
                    entity_t.insert(e, (t.clone(), m.span));
                }
            }
        }
        mention_t.insert(m.id, t);
    }
    for m in &mentions {
        if let (Some(note), Some(t)) = (&m.meta.note, mention_t.get(&m.id)) {
            out.note(t, note);
        }
    }

    // Entities: coreference over their mentions, named on the first one.
    for (id, ts) in &members {
        let (Some(e), Some(first)) = (entities.get(id), ts.first()) else {
            continue;
        };
        if ts.len() >= 2 {
            let _ = writeln!(out.equivs, "*\t{COREFERENCE} {}", ts.join(" "));
        }
        out.note(
            first,
            &format!("Entity: {} ({})", e.name, label_of(e.label)),
        );
        if let Some(note) = &e.meta.note {
            out.note(first, &format!("Entity note: {note}"));
        }
    }
    let entity_name = |id: Id| entities.get(&id).map(|e| e.name.as_str());

    // Quotes, in text order, each followed by its cue.
    let mut quotes: Vec<_> = ann
        .quotes
        .values()
        .filter(|q| !q.meta.provenance.is_pending_suggestion())
        .collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    let mut quote_t: HashMap<Id, String> = HashMap::new();
    let mut cue_t: HashMap<Id, String> = HashMap::new();
    for q in &quotes {
        let t = out.textbound(QUOTE, q.content)?;
        quote_t.insert(q.id, t);
        if let Some(cue) = q.cue {
            let c = out.textbound(CUE, cue)?;
            cue_t.insert(q.id, c);
        }
    }
    for q in &quotes {
        let Some(qt) = quote_t.get(&q.id).cloned() else {
            continue;
        };
        match q.speaker {
            Some(Speaker::Mention(m)) => {
                if let Some(mt) = mention_t.get(&m).cloned() {
                    out.relation(SPEAKER, &qt, &mt);
                }
            }
            Some(Speaker::Entity(e)) => {
                if let Some((et, _)) = entity_t.get(&e) {
                    out.relation(SPEAKER, &qt, et);
                } else if let Some(name) = entity_name(e) {
                    out.note(&qt, &format!("Speaker: {name} (no mention in the text)"));
                }
            }
            None => {}
        }
        if let Some(ct) = cue_t.get(&q.id).cloned() {
            out.relation(HAS_CUE, &qt, &ct);
        }
        if let Some(prev) = q.continues.and_then(|p| quote_t.get(&p).cloned()) {
            out.relation(CONTINUES, &qt, &prev);
        }
        out.attribute(QUOTE_KIND, &qt, kind_value(q.kind));
        if let Some(note) = &q.meta.note {
            out.note(&qt, note);
        }
    }

    // Stances, in creation order: a trigger, then the event.
    let topics = &r.project.topics;
    for s in ann
        .stances
        .values()
        .filter(|s| !s.meta.provenance.is_pending_suggestion())
    {
        let mention_span = |e: Option<Id>| entity_t.get(&e?).map(|(_, span)| *span);
        let first_span = s
            .evidence
            .iter()
            .position(|ev| matches!(ev, Evidence::Span { .. }));
        let first_quote = s.evidence.iter().find_map(|ev| match ev {
            Evidence::Quote { id } if quote_t.contains_key(id) => {
                ann.quotes.get(id).map(|q| q.content)
            }
            _ => None,
        });
        let target_entity = match s.target {
            Some(StanceTarget::Entity(e)) => Some(e),
            _ => None,
        };
        let trigger_span = match first_span.and_then(|i| s.evidence.get(i)) {
            Some(Evidence::Span { span }) => *span,
            _ => first_quote
                .or_else(|| mention_span(s.holder))
                .or_else(|| mention_span(target_entity))
                .unwrap_or(Span {
                    start: ByteOffset(0),
                    end: ByteOffset(0),
                }),
        };
        let trigger = out.textbound(STANCE, trigger_span)?;
        let mut args: Vec<(String, String)> = Vec::new();
        if let Some(h) = s.holder {
            if let Some((ht, _)) = entity_t.get(&h) {
                args.push(("Holder".into(), ht.clone()));
            }
        }
        if let Some(e) = target_entity {
            if let Some((tt, _)) = entity_t.get(&e) {
                args.push(("Target".into(), tt.clone()));
            }
        }
        let mut n_evidence = 0;
        for (i, ev) in s.evidence.iter().enumerate() {
            let t = match ev {
                Evidence::Span { .. } if Some(i) == first_span => continue,
                Evidence::Span { span } => out.textbound(EVIDENCE, *span)?,
                Evidence::Quote { id } => match quote_t.get(id) {
                    Some(t) => t.clone(),
                    None => continue,
                },
            };
            n_evidence += 1;
            let role = if n_evidence == 1 {
                EVIDENCE.to_owned()
            } else {
                format!("{EVIDENCE}{n_evidence}")
            };
            args.push((role, t));
        }
        out.e += 1;
        let eid = format!("E{}", out.e);
        let mut line = format!("{eid}\t{STANCE}:{trigger}");
        for (role, t) in &args {
            let _ = write!(line, " {role}:{t}");
        }
        let _ = writeln!(out.events, "{line}");
        out.attribute(POLARITY, &eid, polarity_value(s.polarity));
        if let Some(h) = s.holder {
            if !entity_t.contains_key(&h) {
                if let Some(name) = entity_name(h) {
                    out.note(&eid, &format!("Holder: {name} (no mention in the text)"));
                }
            }
        }
        match s.target {
            Some(StanceTarget::Topic(t)) => {
                if let Some(topic) = topics.get(&t) {
                    out.note(&eid, &format!("Target topic: {}", topic.name));
                }
            }
            Some(StanceTarget::Entity(e)) if !entity_t.contains_key(&e) => {
                if let Some(name) = entity_name(e) {
                    out.note(&eid, &format!("Target: {name} (no mention in the text)"));
                }
            }
            _ => {}
        }
        if let Some(note) = &s.meta.note {
            out.note(&eid, note);
        }
    }
    Ok(out.finish())
}

/// The `annotation.conf` declaring the label types `types` and the export's own types.
fn conf_file(types: &TypeNames) -> String {
    let labels: Vec<&str> = types.order.iter().map(|(_, t)| t.as_str()).collect();
    let any_label = labels.join("|");
    let mut out = String::from(
        "# brat annotation configuration, written by Glossa with its brat export.\n\
         # Entity types are the projects' labels, plus Quote, Cue and Evidence.\n",
    );
    let renamed: Vec<_> = types.order.iter().filter(|(n, t)| n != t).collect();
    if !renamed.is_empty() {
        out.push_str("# Labels whose names brat cannot store as they are:\n");
        for (name, ty) in renamed {
            let _ = writeln!(out, "#   {} -> {ty}", one_line(name));
        }
    }
    out.push_str("\n[entities]\n\n");
    for t in &labels {
        let _ = writeln!(out, "{t}");
    }
    for t in [QUOTE, CUE, EVIDENCE] {
        let _ = writeln!(out, "{t}");
    }
    out.push_str("\n[relations]\n\n");
    if !labels.is_empty() {
        let _ = writeln!(out, "{SPEAKER}\tArg1:{QUOTE}, Arg2:{any_label}");
    }
    let _ = writeln!(out, "{HAS_CUE}\tArg1:{QUOTE}, Arg2:{CUE}");
    let _ = writeln!(out, "{CONTINUES}\tArg1:{QUOTE}, Arg2:{QUOTE}");
    if !labels.is_empty() {
        let _ = writeln!(
            out,
            "{COREFERENCE}\tArg1:{any_label}, Arg2:{any_label}, <REL-TYPE>:symmetric-transitive"
        );
    }
    out.push_str("# Spans of any types may nest, cross and coincide.\n");
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n");
    if labels.is_empty() {
        let _ = writeln!(out, "{STANCE}\t{EVIDENCE}*:{QUOTE}|{EVIDENCE}");
    } else {
        let _ = writeln!(
            out,
            "{STANCE}\tHolder?:{any_label}, Target?:{any_label}, {EVIDENCE}*:{QUOTE}|{EVIDENCE}"
        );
    }
    out.push_str("\n[attributes]\n\n");
    let _ = writeln!(
        out,
        "{QUOTE_KIND}\tArg:{QUOTE}, Value:Direct|Indirect|Mixed"
    );
    let _ = writeln!(out, "{POLARITY}\tArg:{STANCE}, Value:FAVOR|AGAINST|NONE");
    out
}

/// Exports `docs` (in that order) as brat standoff: a `.txt` and an `.ann` per
/// document, then [`CONF_FILE`]. A document listed twice is written once.
///
/// Fails if `docs` is empty, if a document does not exist, or if a span does not fit
/// its text (see [`Workspace::validate`]).
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<Vec<ExportFile>, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut types = TypeNames::new();
    for r in &refs {
        for l in &r.schema().labels {
            types.get(&l.name);
        }
    }
    let mut files = Vec::with_capacity(refs.len() * 2 + 1);
    let mut seen_docs = HashSet::new();
    let mut names = HashSet::new();
    for r in &refs {
        let doc = &r.ds.doc;
        if !seen_docs.insert(doc.id) {
            continue;
        }
        let stem = file_stem(&doc.title);
        let full = doc.id.to_string();
        let short = full.get(..8).unwrap_or(&full);
        let mut base = format!("{stem}-{short}");
        let mut n = 1;
        while !names.insert(base.clone()) {
            base = match n {
                1 => format!("{stem}-{full}"),
                _ => format!("{stem}-{full}-{n}"),
            };
            n += 1;
        }
        let ann = ann_file(r, &mut types)?;
        files.push(ExportFile {
            name: format!("{base}.txt"),
            mime: "text/plain",
            bytes: doc.text.as_bytes().to_vec(),
        });
        files.push(ExportFile {
            name: format!("{base}.ann"),
            mime: "text/plain",
            bytes: ann.into_bytes(),
        });
    }
    files.push(ExportFile {
        name: CONF_FILE.into(),
        mime: "text/plain",
        bytes: conf_file(&types).into_bytes(),
    });
    Ok(files)
}
