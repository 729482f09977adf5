//! brat standoff export: golden files of the fixture corpus, an independent oracle
//! (code-point slicing of every text-bound line, fragments rebuilt with their gaps),
//! structural checks against the generated `annotation.conf`, an edge-case corpus, and
//! the Python consumer check run on both (when `tools/venv` exists).
//!
//! `UPDATE_GOLDEN=1 cargo test --test format_brat` rewrites `tests/golden/brat/`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use glossa::formats::brat;
use glossa::formats::{ExportError, ExportFile};
use glossa::model::annotations::{
    Annotations, Entity, Evidence, Mention, Meta, Polarity, Provenance, Quote, QuoteKind, Speaker,
    Stance, StanceTarget, Topic,
};
use glossa::model::document::{DocStatus, Document};
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::schema::{Color, Label, LabelSchema};
use glossa::model::workspace::{Project, Workspace};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------
// An independent reading of brat files.

/// What Python's `str.splitlines` (and so brat) breaks lines on.
const LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\u{0B}', '\u{0C}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// An event's `(role, argument id)` pairs.
type Args = Vec<(String, String)>;

#[derive(Debug)]
struct Textbound {
    ty: String,
    fragments: Vec<(usize, usize)>,
    text: String,
}

#[derive(Debug, Default)]
struct AnnFile {
    textbounds: BTreeMap<String, Textbound>,
    /// (id, type, arg1, arg2)
    relations: Vec<(String, String, String, String)>,
    /// (id, type, trigger, [(role, arg)])
    events: Vec<(String, String, String, Args)>,
    /// (id, type, target, value)
    attributes: Vec<(String, String, String, String)>,
    /// (type, members)
    equivs: Vec<(String, Vec<String>)>,
    /// (id, target, text)
    notes: Vec<(String, String, String)>,
}

fn parse_ann(s: &str) -> AnnFile {
    assert!(
        s.is_empty() || s.ends_with('\n'),
        "an .ann ends with a newline"
    );
    let mut a = AnnFile::default();
    let mut ids = BTreeSet::new();
    for line in s.lines() {
        assert!(
            !line.contains(LINE_BREAKS),
            "a line holds no other line break: {line:?}"
        );
        let (id, rest) = line.split_once('\t').expect("id TAB rest");
        if id != "*" {
            assert!(ids.insert(id.to_owned()), "id {id} is unique");
        }
        match id.chars().next() {
            Some('T') => {
                let (data, text) = rest.split_once('\t').expect("T: data TAB text");
                let (ty, offsets) = data.split_once(' ').expect("T: type offsets");
                let fragments = offsets
                    .split(';')
                    .map(|f| {
                        let (s, e) = f.split_once(' ').expect("start end");
                        (s.parse().unwrap(), e.parse().unwrap())
                    })
                    .collect();
                a.textbounds.insert(
                    id.to_owned(),
                    Textbound {
                        ty: ty.to_owned(),
                        fragments,
                        text: text.to_owned(),
                    },
                );
            }
            Some('R') => {
                let parts: Vec<&str> = rest.split(' ').collect();
                assert_eq!(parts.len(), 3, "R: type Arg1:x Arg2:y in {line:?}");
                let a1 = parts[1].strip_prefix("Arg1:").expect("Arg1");
                let a2 = parts[2].strip_prefix("Arg2:").expect("Arg2");
                a.relations
                    .push((id.into(), parts[0].into(), a1.into(), a2.into()));
            }
            Some('E') => {
                let mut parts = rest.split(' ');
                let (ty, trigger) = parts.next().unwrap().split_once(':').expect("E: type:T");
                let args = parts
                    .map(|p| {
                        let (r, t) = p.split_once(':').expect("role:id");
                        (r.to_owned(), t.to_owned())
                    })
                    .collect();
                a.events.push((id.into(), ty.into(), trigger.into(), args));
            }
            Some('A') => {
                let parts: Vec<&str> = rest.split(' ').collect();
                assert_eq!(parts.len(), 3, "A: type target value");
                a.attributes
                    .push((id.into(), parts[0].into(), parts[1].into(), parts[2].into()));
            }
            Some('*') => {
                let mut parts = rest.split(' ');
                let ty = parts.next().unwrap().to_owned();
                a.equivs.push((ty, parts.map(str::to_owned).collect()));
            }
            Some('#') => {
                let (data, text) = rest.split_once('\t').expect("#: data TAB text");
                let (ty, target) = data.split_once(' ').expect("#: type target");
                assert_eq!(ty, "AnnotatorNotes");
                a.notes.push((id.into(), target.into(), text.into()));
            }
            _ => panic!("unknown line {line:?}"),
        }
    }
    a
}

/// `section → type → role → allowed types` of an `annotation.conf`.
type Conf = BTreeMap<String, BTreeMap<String, BTreeMap<String, Vec<String>>>>;

fn parse_conf(s: &str) -> Conf {
    let mut conf = Conf::new();
    let mut section = String::new();
    for line in s.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some(name) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = name.to_owned();
            conf.entry(section.clone()).or_default();
            continue;
        }
        let (name, args) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        let mut roles = BTreeMap::new();
        for arg in args.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            let (k, v) = arg.split_once(':').expect("role:types");
            roles.insert(
                k.to_owned(),
                v.split('|').map(str::to_owned).collect::<Vec<_>>(),
            );
        }
        conf.entry(section.clone())
            .or_default()
            .insert(name.to_owned(), roles);
    }
    conf
}

/// The oracle: every text-bound line against the text, sliced by code points.
fn check_textbounds(text: &str, ann: &AnnFile) {
    let chars: Vec<char> = text.chars().collect();
    for (id, t) in &ann.textbounds {
        assert!(!t.fragments.is_empty(), "{id} has a fragment");
        let mut pieces = Vec::new();
        for &(s, e) in &t.fragments {
            assert!(s <= e && e <= chars.len(), "{id}: {s}..{e} fits");
            let piece: String = chars[s..e].iter().collect();
            assert!(
                !piece.contains(LINE_BREAKS),
                "{id}: fragment {piece:?} holds no line break"
            );
            pieces.push(piece);
        }
        assert_eq!(
            t.text,
            pieces.join(" "),
            "{id}: text field = fragments joined"
        );
        // Rebuilt with the original gaps, the fragments give the whole span, and the
        // gaps are line breaks only.
        let mut whole = pieces[0].clone();
        for (w, piece) in t.fragments.windows(2).zip(&pieces[1..]) {
            let gap: String = chars[w[0].1..w[1].0].iter().collect();
            assert!(w[0].1 < w[1].0, "{id}: fragments in order and apart");
            assert!(
                gap.chars().all(|c| LINE_BREAKS.contains(&c)),
                "{id}: gap {gap:?} is line breaks"
            );
            whole.push_str(&gap);
            whole.push_str(piece);
        }
        let (first, last) = (t.fragments[0].0, t.fragments[t.fragments.len() - 1].1);
        let full: String = chars[first..last].iter().collect();
        assert_eq!(whole, full, "{id}: fragments + gaps = the whole span");
    }
}

/// The structure: references resolve, every type is declared in `conf`.
fn check_structure(ann: &AnnFile, conf: &Conf) {
    let section = |s: &str| conf.get(s).cloned().unwrap_or_default();
    let (entities, relations, events, attributes) = (
        section("entities"),
        section("relations"),
        section("events"),
        section("attributes"),
    );
    let ty_of = |id: &str| -> Option<String> {
        ann.textbounds
            .get(id)
            .map(|t| t.ty.clone())
            .or_else(|| ann.events.iter().find(|e| e.0 == id).map(|e| e.1.clone()))
    };
    let triggers: BTreeSet<&str> = ann.events.iter().map(|e| e.2.as_str()).collect();
    for (id, t) in &ann.textbounds {
        assert!(
            entities.contains_key(&t.ty) || events.contains_key(&t.ty),
            "{id}: type {} declared",
            t.ty
        );
    }
    for (id, ty, a1, a2) in &ann.relations {
        let spec = relations
            .get(ty)
            .unwrap_or_else(|| panic!("{id}: {ty} declared"));
        let (t1, t2) = (
            ty_of(a1).expect("Arg1 exists"),
            ty_of(a2).expect("Arg2 exists"),
        );
        assert!(!triggers.contains(a1.as_str()) && !triggers.contains(a2.as_str()));
        assert!(spec["Arg1"].contains(&t1), "{id}: {ty} Arg1 may be {t1}");
        assert!(spec["Arg2"].contains(&t2), "{id}: {ty} Arg2 may be {t2}");
    }
    for (id, ty, trigger, args) in &ann.events {
        let spec = events
            .get(ty)
            .unwrap_or_else(|| panic!("{id}: {ty} declared"));
        assert_eq!(
            ty_of(trigger).as_deref(),
            Some(ty.as_str()),
            "{id}: trigger type"
        );
        for (role, arg) in args {
            let bare = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let allowed = spec
                .iter()
                .find(|(k, _)| k.trim_end_matches(['?', '*', '+']) == bare)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("{id}: role {role} declared"));
            let t = ty_of(arg).expect("argument exists");
            assert!(allowed.contains(&t), "{id}: {role} may be {t}");
        }
    }
    for (id, ty, target, value) in &ann.attributes {
        let spec = attributes
            .get(ty)
            .unwrap_or_else(|| panic!("{id}: {ty} declared"));
        let t = ty_of(target).expect("attribute target exists");
        assert!(spec["Arg"].contains(&t), "{id}: {ty} applies to {t}");
        assert!(spec["Value"].contains(value), "{id}: value {value}");
    }
    for (ty, members) in &ann.equivs {
        let spec = relations.get(ty).expect("equivalence declared");
        assert_eq!(spec["<REL-TYPE>"], vec!["symmetric-transitive".to_owned()]);
        assert!(members.len() >= 2);
        for m in members {
            assert!(spec["Arg1"].contains(&ty_of(m).expect("member exists")));
        }
    }
    for (id, target, text) in &ann.notes {
        assert!(ty_of(target).is_some(), "{id}: target {target} exists");
        assert!(
            !triggers.contains(target.as_str()),
            "{id}: not on a trigger"
        );
        assert!(!text.trim().is_empty());
    }
}

/// Runs the oracle and the structural checks on a whole export; returns the parsed
/// `.ann` files by name with their texts.
fn check_export(files: &[ExportFile]) -> BTreeMap<String, (String, AnnFile)> {
    let by_name: HashMap<&str, &ExportFile> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    assert_eq!(by_name.len(), files.len(), "file names are unique");
    let conf_file = by_name[brat::CONF_FILE];
    let conf = parse_conf(std::str::from_utf8(&conf_file.bytes).unwrap());
    for s in ["entities", "relations", "events", "attributes"] {
        assert!(conf.contains_key(s), "[{s}] present");
    }
    let mut out = BTreeMap::new();
    for f in files.iter().filter(|f| f.name.ends_with(".ann")) {
        let stem = f.name.trim_end_matches(".ann");
        let txt = by_name
            .get(format!("{stem}.txt").as_str())
            .expect("each .ann has its .txt");
        let text = String::from_utf8(txt.bytes.clone()).unwrap();
        let ann = parse_ann(std::str::from_utf8(&f.bytes).unwrap());
        check_textbounds(&text, &ann);
        check_structure(&ann, &conf);
        out.insert(f.name.clone(), (text, ann));
    }
    assert_eq!(
        files.iter().filter(|f| f.name.ends_with(".txt")).count(),
        out.len()
    );
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes an export where `check_brat.py` expects it, and runs the check if the
/// project's Python exists.
fn python_check(dir: &str, files: &[ExportFile], texts: &[&str]) {
    let out = root().join("target").join("format-checks").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("brat")).unwrap();
    for f in files {
        std::fs::write(out.join("brat").join(&f.name), &f.bytes).unwrap();
    }
    std::fs::write(
        out.join("texts.json"),
        serde_json::to_string(texts).unwrap(),
    )
    .unwrap();
    let py = root().join("tools/venv/bin/python");
    if !py.exists() {
        eprintln!("skipping the Python check: no tools/venv (python3 -m venv tools/venv)");
        return;
    }
    let result = std::process::Command::new(py)
        .arg(root().join("tests/consumers/check_brat.py"))
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "check_brat.py failed:\n{stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(stdout.trim_end().ends_with("passed, 0 failed"), "{stdout}");
}

// ---------------------------------------------------------------------------------
// The fixture corpus.

fn fixture_files() -> (common::Fixture, Vec<ExportFile>) {
    let f = common::fixture();
    let files = brat::export(&f.editor.ws, &f.docs).unwrap();
    (f, files)
}

fn golden_dir() -> PathBuf {
    root().join("tests/golden/brat")
}

#[test]
fn fixture_matches_the_golden_files() {
    let (_, files) = fixture_files();
    let dir = golden_dir();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in &files {
            std::fs::write(dir.join(&f.name), &f.bytes).unwrap();
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/golden/brat exists (UPDATE_GOLDEN=1 writes it)")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    names.sort();
    assert_eq!(names, on_disk, "the same files as the golden ones");
    for f in &files {
        let golden = std::fs::read(dir.join(&f.name)).unwrap();
        assert!(
            golden == f.bytes,
            "{} differs from its golden file (UPDATE_GOLDEN=1 to accept):\n{}",
            f.name,
            String::from_utf8_lossy(&f.bytes)
        );
    }
}

#[test]
fn fixture_files_are_named_per_document_with_one_conf() {
    let (f, files) = fixture_files();
    let ws = &f.editor.ws;
    let mut expected = Vec::new();
    for d in f.docs {
        let doc = &ws.doc(d).unwrap().doc;
        let stem = glossa::formats::file_stem(&doc.title);
        let id8 = &doc.id.to_string()[..8];
        expected.push(format!("{stem}-{id8}.txt"));
        expected.push(format!("{stem}-{id8}.ann"));
    }
    expected.push("annotation.conf".into());
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, expected);
    assert!(files.iter().all(|f| f.mime == "text/plain"));
    // The .txt files are the texts verbatim (CRLF kept).
    assert_eq!(files[0].bytes, common::TEXT_A.as_bytes());
    assert_eq!(files[2].bytes, common::TEXT_B.as_bytes());
}

#[test]
fn fixture_passes_the_oracle_and_structure_checks() {
    let (f, files) = fixture_files();
    let parsed = check_export(&files);
    assert_eq!(parsed.len(), 2);
    let ws = &f.editor.ws;
    let project = ws.project(f.project).unwrap();
    // Every mention, quote and cue of the model is a T of the right type at the
    // offset Python would count (code points before the span).
    for (d, (_, (text, ann))) in f.docs.iter().zip(&parsed) {
        let ds = ws.doc(*d).unwrap();
        let cp = |s: Span| {
            (
                text[..s.start.0].chars().count(),
                text[..s.end.0].chars().count(),
            )
        };
        let has = |ty: &str, span: Span| {
            let (s, e) = cp(span);
            ann.textbounds
                .values()
                .any(|t| t.ty == ty && t.fragments == [(s, e)] && t.text == ds.span_text(span))
        };
        for m in ds.ann.mentions.values() {
            let label = &project.schema.get(m.label).unwrap().name;
            assert!(has(label, m.span), "mention {:?}", ds.span_text(m.span));
        }
        for q in ds.ann.quotes.values() {
            assert!(has(brat::QUOTE, q.content));
            assert!(has(brat::CUE, q.cue.unwrap()));
        }
        assert_eq!(ann.events.len(), ds.ann.stances.len());
        assert_eq!(
            ann.attributes.len(),
            ds.ann.quotes.len() + ds.ann.stances.len()
        );
    }
    // Offsets are code points, not bytes or UTF-16: "Okafor" after the flag.
    let (_, a) = &parsed.values().next().unwrap();
    let okafor = a.textbounds.values().find(|t| t.text == "Okafor").unwrap();
    assert_eq!(okafor.fragments, [(111, 117)]);
}

#[test]
fn fixture_links_quotes_entities_and_stances() {
    let (_, files) = fixture_files();
    let parsed = check_export(&files);
    let (_, (_, a)) = parsed.iter().next().unwrap();
    let t = |text: &str, ty: &str| -> String {
        a.textbounds
            .iter()
            .find(|(_, t)| t.text == text && t.ty == ty)
            .map(|(id, _)| id.clone())
            .unwrap_or_else(|| panic!("{ty} {text:?}"))
    };
    let q1 = t("We will reopen the northern quay by June,", "Quote");
    let q2 = t("he opposed the plan", "Quote");
    let rel = |ty: &str, a1: &str| -> Option<String> {
        a.relations
            .iter()
            .find(|r| r.1 == ty && r.2 == a1)
            .map(|r| r.3.clone())
    };
    assert_eq!(rel("Speaker", &q1), Some(t("Okafor", "PERSON")));
    assert_eq!(rel("HasCue", &q1), Some(t("told reporters", "Cue")));
    // An entity speaker stands as its first mention in text order.
    assert_eq!(rel("Speaker", &q2), Some(t("عمر فاروق", "PERSON")));
    assert!(a
        .attributes
        .iter()
        .any(|x| x.1 == "QuoteKind" && x.2 == q2 && x.3 == "Indirect"));
    // Coreference groups the mentions of each entity.
    assert!(a.equivs.iter().any(|(ty, m)| ty == "Coreference"
        && *m == [t("Rene\u{301}e Okafor", "PERSON"), t("Okafor", "PERSON")]));
    assert!(a.notes.iter().any(
        |n| n.1 == t("Rene\u{301}e Okafor", "PERSON") && n.2 == "Entity: Renée Okafor (PERSON)"
    ));
    // The AGAINST stance: trigger = its evidence span, evidence quote as argument,
    // topic and note as notes on the event.
    let e = a
        .events
        .iter()
        .find(|e| a.attributes.iter().any(|x| x.2 == e.0 && x.3 == "AGAINST"))
        .unwrap();
    assert_eq!(a.textbounds[&e.2].text, "opposed the plan");
    assert!(e.3.contains(&("Holder".into(), t("عمر فاروق", "PERSON"))));
    assert!(e.3.contains(&("Evidence".into(), q2.clone())));
    let notes: Vec<&str> = a
        .notes
        .iter()
        .filter(|n| n.1 == e.0)
        .map(|n| n.2.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "Target topic: Reopening the northern quay",
            "Reported speech, not a direct quote."
        ]
    );
}

#[test]
fn fixture_passes_the_python_consumer_check() {
    let (_, files) = fixture_files();
    python_check("brat-fixture", &files, &[common::TEXT_A, common::TEXT_B]);
}

// ---------------------------------------------------------------------------------
// Edge cases: line breaks inside spans, awkward label names, suggestions, entities
// without mentions, stances without evidence, clashing file names.

const EDGE_TEXT: &str =
    "Ana said:\r\n“Line one\r\nline two” 🇵🇹 e\u{301}\tTab\u{2028}sep.\n\nAna again, again.";

struct Edge {
    ws: Workspace,
    docs: Vec<Id>,
}

fn id(n: u64) -> Id {
    Id(0x1111_2222_0000_0000 + n)
}

fn meta(note: Option<&str>, provenance: Provenance) -> Meta {
    Meta {
        provenance,
        note: note.map(str::to_owned),
    }
}

fn suggested(accepted: bool) -> Provenance {
    Provenance::Suggested {
        by: "test".into(),
        accepted,
    }
}

fn label(n: u64, name: &str) -> Label {
    Label {
        id: id(100 + n),
        name: name.into(),
        color: Color::parse("#336699").unwrap(),
        hotkey: None,
        description: String::new(),
    }
}

fn doc(n: u64, title: &str, text: &str) -> Document {
    Document {
        id: id(n),
        title: title.into(),
        source: "edge.txt".into(),
        text: text.into(),
        status: DocStatus::Todo,
        created_ms: 0,
        modified_ms: 0,
        annotator: String::new(),
    }
}

fn edge() -> Edge {
    let f = |needle: &str, n: usize| common::find(EDGE_TEXT, needle, n);
    let [party, quote_label, person, dashes] = [
        label(1, "Political party"),
        label(2, "Quote"),
        label(3, "PERSON"),
        label(4, "---"),
    ];
    let mut ann = Annotations::default();
    let mut mention = |n: u64, span: Span, l: &Label, entity: Option<u64>, m: Meta| {
        ann.mentions.insert(
            id(n),
            Mention {
                id: id(n),
                span,
                label: l.id,
                entity: entity.map(id),
                meta: m,
            },
        );
    };
    mention(10, f("Ana", 0), &person, Some(20), Meta::default());
    mention(
        11,
        f("Ana", 1),
        &person,
        Some(20),
        meta(Some("first line\nsecond\tline"), Provenance::Manual),
    );
    mention(12, f("Tab\u{2028}sep", 0), &dashes, None, Meta::default());
    mention(13, f("\r\n", 0), &quote_label, None, Meta::default());
    mention(14, f("e\u{301}\tTab", 0), &party, None, Meta::default());
    mention(15, f("Ana", 1), &party, None, meta(None, suggested(false)));
    mention(16, f("🇵🇹", 0), &person, None, meta(None, suggested(true)));
    let entity = |n: u64, name: &str, m: Meta| Entity {
        id: id(n),
        name: name.into(),
        label: person.id,
        meta: m,
    };
    ann.entities.insert(
        id(20),
        entity(
            20,
            "Ana Lima",
            meta(Some("entity\nnote"), Provenance::Manual),
        ),
    );
    ann.entities
        .insert(id(21), entity(21, "Ghost", Meta::default()));
    let quote = |n: u64,
                 content: Span,
                 cue: Option<Span>,
                 speaker: Option<Speaker>,
                 continues: Option<u64>,
                 m: Meta| Quote {
        id: id(n),
        content,
        cue,
        speaker,
        kind: QuoteKind::Mixed,
        continues: continues.map(id),
        meta: m,
    };
    ann.quotes.insert(
        id(30),
        quote(
            30,
            f("Line one\r\nline two", 0),
            Some(f("said", 0)),
            Some(Speaker::Mention(id(10))),
            None,
            meta(Some("q note"), Provenance::Manual),
        ),
    );
    ann.quotes.insert(
        id(31),
        quote(
            31,
            f("Ana again", 0),
            None,
            Some(Speaker::Entity(id(21))),
            Some(30),
            Meta::default(),
        ),
    );
    ann.quotes.insert(
        id(32),
        quote(
            32,
            f("sep", 0),
            None,
            Some(Speaker::Mention(id(15))),
            None,
            meta(None, suggested(false)),
        ),
    );
    let topic = Topic {
        id: id(90),
        name: "Ferries\tand\ntrams".into(),
    };
    let stance = |n: u64, holder: Option<u64>, target, evidence, m| Stance {
        id: id(n),
        holder: holder.map(id),
        target,
        polarity: Polarity::Against,
        evidence,
        meta: m,
    };
    ann.stances.insert(
        id(40),
        stance(
            40,
            Some(21),
            Some(StanceTarget::Topic(topic.id)),
            vec![],
            Meta::default(),
        ),
    );
    ann.stances.insert(
        id(41),
        stance(
            41,
            Some(20),
            Some(StanceTarget::Entity(id(21))),
            vec![
                Evidence::Span { span: f("Tab", 0) },
                Evidence::Quote { id: id(30) },
                Evidence::Span {
                    span: f("again", 1),
                },
                Evidence::Quote { id: id(32) },
            ],
            Meta::default(),
        ),
    );
    ann.stances.insert(
        id(42),
        stance(
            42,
            None,
            None,
            vec![Evidence::Quote { id: id(31) }],
            Meta::default(),
        ),
    );
    ann.stances.insert(
        id(43),
        stance(43, Some(20), None, vec![], meta(None, suggested(false))),
    );
    ann.stances.insert(
        id(44),
        stance(
            44,
            None,
            Some(StanceTarget::Entity(id(20))),
            vec![],
            Meta::default(),
        ),
    );

    let mut ann2 = Annotations::default();
    ann2.mentions.insert(
        id(50),
        Mention {
            id: id(50),
            span: common::find("Plain text.", "Plain", 0),
            label: person.id,
            entity: None,
            meta: Meta::default(),
        },
    );
    let d3 = Document {
        id: Id(0x3333_4444_0000_0003),
        ..doc(0, "", "")
    };
    let project = Project {
        id: id(99),
        name: "Edge".into(),
        schema: LabelSchema {
            labels: vec![party, quote_label, person, dashes],
        },
        topics: [(topic.id, topic)].into_iter().collect(),
        documents: vec![id(1), id(2), d3.id],
    };
    let docs = vec![id(1), id(2), d3.id, id(1)];
    let ws = Workspace::from_parts(
        vec![project],
        vec![
            (doc(1, "Édition: “spéciale”", EDGE_TEXT), ann),
            (doc(2, "Édition: “spéciale”", "Plain text."), ann2),
            (d3, Annotations::default()),
        ],
        7,
    );
    assert_eq!(ws.validate(), vec![], "the edge corpus is valid");
    Edge { ws, docs }
}

#[test]
fn edge_corpus_passes_the_oracle_and_structure_checks() {
    let e = edge();
    let files = brat::export(&e.ws, &e.docs).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    // The repeated document is written once; same stem and same first 8 hex digits
    // fall back to the full id; an empty title becomes "document".
    assert_eq!(
        names,
        [
            "Édition-spéciale-11112222.txt",
            "Édition-spéciale-11112222.ann",
            "Édition-spéciale-1111222200000002.txt",
            "Édition-spéciale-1111222200000002.ann",
            "document-33334444.txt",
            "document-33334444.ann",
            "annotation.conf",
        ]
    );
    let parsed = check_export(&files);
    let (text, a) = &parsed[names[1]];
    assert_eq!(text, EDGE_TEXT);
    let find = |text: &str, ty: &str| -> (&String, &Textbound) {
        a.textbounds
            .iter()
            .find(|(_, t)| t.text == text && t.ty == ty)
            .unwrap_or_else(|| panic!("{ty} {text:?}"))
    };
    // A quote across CRLF: two fragments with the CRLF left out.
    let (q1, quote) = find("Line one line two", "Quote");
    assert_eq!(quote.fragments, [(12, 20), (22, 30)]);
    // A span across U+2028 too; a span holding a tab keeps it.
    assert_eq!(find("Tab sep", "Label").1.fragments, [(38, 41), (42, 45)]);
    assert_eq!(
        find("e\u{301}\tTab", "Political_party").1.fragments,
        [(35, 41)]
    );
    // A span made only of a line break: one empty fragment at its start.
    let crlf = a.textbounds.values().find(|t| t.ty == "Quote-2").unwrap();
    assert_eq!(
        (crlf.fragments.as_slice(), crlf.text.as_str()),
        (&[(9, 9)][..], "")
    );
    // Pending suggestions are left out (mention 15, quote 32, stance 43), accepted
    // ones kept.
    assert!(!a
        .textbounds
        .values()
        .any(|t| t.ty == "Political_party" && t.text == "Ana"));
    assert!(!a.textbounds.values().any(|t| t.text == "sep"));
    assert!(a.textbounds.values().any(|t| t.text == "🇵🇹"));
    assert_eq!(a.events.len(), 4);
    // Notes stay on one line.
    assert!(a.notes.iter().any(|n| n.2 == "first line second line"));
    assert!(a.notes.iter().any(|n| n.2 == "Entity note: entity note"));
    assert!(a.notes.iter().any(|n| n.1 == *q1 && n.2 == "q note"));
    // The continued quote, and an entity speaker without a mention named in a note.
    let (q2, _) = find("Ana again", "Quote");
    assert!(a
        .relations
        .iter()
        .any(|r| r.1 == "Continues" && r.2 == *q2 && r.3 == *q1));
    assert!(a
        .notes
        .iter()
        .any(|n| n.1 == *q2 && n.2 == "Speaker: Ghost (no mention in the text)"));
    assert!(!a.relations.iter().any(|r| r.1 == "Speaker" && r.2 == *q2));
    // Stance 40: no evidence, holder and target without mentions: an empty trigger at
    // the start, holder and topic in notes.
    let e40 = &a.events[0];
    assert_eq!(a.textbounds[&e40.2].fragments, [(0, 0)]);
    assert!(e40.3.is_empty());
    let notes: Vec<&str> = a
        .notes
        .iter()
        .filter(|n| n.1 == e40.0)
        .map(|n| n.2.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "Holder: Ghost (no mention in the text)",
            "Target topic: Ferries and trams"
        ]
    );
    // Stance 41: trigger = first evidence span; the quote and the other span are
    // Evidence, Evidence2; the pending quote is dropped.
    let e41 = &a.events[1];
    assert_eq!(a.textbounds[&e41.2].text, "Tab");
    let roles: Vec<(&str, &str)> = e41
        .3
        .iter()
        .map(|(r, t)| (r.as_str(), a.textbounds[t].ty.as_str()))
        .collect();
    assert_eq!(
        roles,
        [
            ("Holder", "PERSON"),
            ("Evidence", "Quote"),
            ("Evidence2", "Evidence")
        ]
    );
    // Stance 42: trigger = the evidence quote's content.
    let e42 = &a.events[2];
    assert_eq!(a.textbounds[&e42.2].text, "Ana again");
    assert_eq!(a.textbounds[&e42.2].ty, "Stance");
    // Stance 44: trigger = the target entity's first mention.
    let e44 = &a.events[3];
    assert_eq!(a.textbounds[&e44.2].fragments, [(0, 3)]);
    assert_eq!(e44.3, [("Target".to_owned(), "T1".to_owned())]);

    // The conf: renamed labels are declared and explained.
    let conf = String::from_utf8(files.last().unwrap().bytes.clone()).unwrap();
    assert!(conf.contains("#   Political party -> Political_party\n"));
    assert!(conf.contains("#   Quote -> Quote-2\n"));
    assert!(conf.contains("#   --- -> Label\n"));
    let parsed_conf = parse_conf(&conf);
    let entities: Vec<&String> = parsed_conf["entities"].keys().collect();
    for t in [
        "Political_party",
        "Quote-2",
        "PERSON",
        "Label",
        "Quote",
        "Cue",
        "Evidence",
    ] {
        assert!(entities.iter().any(|e| *e == t), "{t} declared");
    }
    // The empty document: empty files.
    assert!(parsed[names[5]].1.textbounds.is_empty());
    assert_eq!(parsed[names[5]].0, "");
}

#[test]
fn edge_corpus_passes_the_python_consumer_check() {
    let e = edge();
    let files = brat::export(&e.ws, &e.docs).unwrap();
    python_check("brat-edge", &files, &[EDGE_TEXT, "Plain text.", ""]);
}

#[test]
fn label_names_become_brat_type_names() {
    assert_eq!(brat::type_name("PERSON"), "PERSON");
    assert_eq!(brat::type_name("Political party"), "Political_party");
    assert_eq!(brat::type_name("Ort/Lieu"), "Ort_Lieu");
    assert_eq!(brat::type_name("Pays-Bas_2"), "Pays-Bas_2");
    assert_eq!(brat::type_name("Personne é"), "Personne__");
    assert_eq!(brat::type_name("---"), "Label");
    assert_eq!(brat::type_name(""), "Label");
    assert_eq!(brat::type_name("<ENTITY>"), "_ENTITY_");
    for c in ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{0B}'] {
        assert!(brat::is_line_break(c));
    }
    assert!(!brat::is_line_break('\t') && !brat::is_line_break(' '));
}

#[test]
fn errors_are_reported_not_panicked() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    assert_eq!(brat::export(ws, &[]), Err(ExportError::Empty));
    assert_eq!(
        brat::export(ws, &[Id(42)]),
        Err(ExportError::NoDocument(Id(42)))
    );
    // A span past the end of the text, and a label missing from the schema.
    let mut ann = Annotations::default();
    ann.mentions.insert(
        id(1),
        Mention {
            id: id(1),
            span: Span::from_bytes(0, 99).unwrap(),
            label: id(12345),
            entity: None,
            meta: Meta::default(),
        },
    );
    let project = Project {
        id: id(99),
        name: "Bad".into(),
        schema: LabelSchema::default(),
        topics: Default::default(),
        documents: vec![id(7)],
    };
    let bad = Workspace::from_parts(
        vec![project.clone()],
        vec![(doc(7, "Bad", "short"), ann)],
        1,
    );
    assert!(matches!(
        brat::export(&bad, &[id(7)]),
        Err(ExportError::BadSpan { .. })
    ));
    let mut ann = Annotations::default();
    ann.mentions.insert(
        id(1),
        Mention {
            id: id(1),
            span: Span::from_bytes(0, 5).unwrap(),
            label: id(12345),
            entity: None,
            meta: Meta::default(),
        },
    );
    let unknown = Workspace::from_parts(vec![project], vec![(doc(7, "Bad", "short"), ann)], 1);
    let files = brat::export(&unknown, &[id(7)]).unwrap();
    let parsed = check_export(&files);
    let (_, a) = parsed.values().next().unwrap();
    assert_eq!(a.textbounds["T1"].ty, "Label");
}

#[test]
fn exports_through_the_format_menu_as_one_zip() {
    let f = common::fixture();
    let one = glossa::formats::export(
        &f.editor.ws,
        &f.docs[..1],
        glossa::formats::Format::Brat,
        Default::default(),
        "corpus",
    )
    .unwrap();
    assert_eq!(one.name, "corpus-brat.zip");
    assert_eq!(one.mime, "application/zip");
    assert_eq!(&one.bytes[..4], b"PK\x03\x04");
}

// ---------------------------------------------------------------------------------
// Random texts of awkward characters and random spans on grapheme boundaries.

/// Whole graphemes (so every join between pieces is a grapheme boundary).
const PIECES: [&str; 12] = [
    "a",
    " ",
    "\r\n",
    "\n",
    "\u{2028}",
    "\t",
    "e\u{301}",
    "🇵🇹",
    "ع",
    "👩‍👩‍👧",
    "\u{85}",
    "Zoë",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn random_spans_pass_the_oracle(
        pieces in proptest::collection::vec(0..PIECES.len(), 1..40),
        spans in proptest::collection::vec((0usize..41, 0usize..41), 0..12),
    ) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        // Byte offsets of the piece boundaries.
        let mut bounds = vec![0];
        for &i in &pieces {
            bounds.push(bounds.last().unwrap() + PIECES[i].len());
        }
        let person = label(1, "PERSON");
        let mut ann = Annotations::default();
        let mut seen = BTreeSet::new();
        for (n, (a, b)) in spans.into_iter().enumerate() {
            let (a, b) = (a.min(bounds.len() - 1), b.min(bounds.len() - 1));
            let span = Span::from_bytes(bounds[a.min(b)], bounds[a.max(b)]).unwrap();
            if !seen.insert(span) {
                continue;
            }
            let m = Mention {
                id: id(10 + n as u64),
                span,
                label: person.id,
                entity: None,
                meta: Meta::default(),
            };
            ann.mentions.insert(m.id, m);
        }
        let project = Project {
            id: id(99),
            name: "P".into(),
            schema: LabelSchema { labels: vec![person] },
            topics: Default::default(),
            documents: vec![id(1)],
        };
        let n_mentions = ann.mentions.len();
        let spans: Vec<Span> = ann.mentions.values().map(|m| m.span).collect();
        let ws = Workspace::from_parts(vec![project], vec![(doc(1, "R", &text), ann)], 1);
        proptest::prop_assert_eq!(ws.validate(), vec![]);
        let files = brat::export(&ws, &[id(1)]).unwrap();
        let parsed = check_export(&files);
        let (_, a) = parsed.values().next().unwrap();
        proptest::prop_assert_eq!(a.textbounds.len(), n_mentions);
        // Each span's non-line-break characters are exactly those its fragments cover.
        let chars: Vec<char> = text.chars().collect();
        for span in spans {
            let s = text[..span.start.0].chars().count();
            let e = text[..span.end.0].chars().count();
            let expected: Vec<usize> = (s..e).filter(|&i| !LINE_BREAKS.contains(&chars[i])).collect();
            let found = a.textbounds.values().any(|t| {
                let covered: Vec<usize> = t.fragments.iter().flat_map(|&(x, y)| x..y).collect();
                covered == expected
                    && t.fragments[0].0 >= s
                    && t.fragments[t.fragments.len() - 1].1 <= e.max(s)
            });
            proptest::prop_assert!(found, "span {}..{} of {:?}", s, e, text);
        }
    }
}
