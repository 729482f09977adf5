#![cfg(not(target_arch = "wasm32"))]
//! The native Glossa JSON format: golden file, an independent code-point oracle, the
//! JSON Schema, determinism, round trips (fixture and random corpora), refusal of
//! malformed files with messages naming the place, and merge/replace imports.
//!
//! `UPDATE_GOLDEN=1 cargo test --test format_native` rewrites `tests/golden/native.json`.

mod common;

use glossa::formats::native::{
    apply, export, export_workspace, parse, parse_bytes, plan, DocChangeKind, ImportMode,
    NativeFile, COPY_SUFFIX, FILE_NAME, MAX_PROBLEMS,
};
use glossa::formats::{ExportError, ImportError};
use glossa::model::annotations::{
    Annotations, Entity, Evidence, Mention, Meta, Polarity, Provenance, Quote, QuoteKind, Speaker,
    Stance, StanceTarget, Topic,
};
use glossa::model::document::{DocStatus, Document};
use glossa::model::edit::Editor;
use glossa::model::ids::{Id, IdGen};
use glossa::model::offsets::{ByteOffset, Span};
use glossa::model::schema::{Color, Label, LabelSchema};
use glossa::model::text::{snap_selection, SnapMode};
use glossa::model::workspace::{Project, Workspace};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

const NOW: u64 = 1_700_000_000_000;

fn golden_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/native.json")
}

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/glossa.schema.json")
}

fn export_text(ws: &Workspace) -> String {
    let file = export_workspace(ws).expect("export");
    String::from_utf8(file.bytes).expect("UTF-8")
}

fn fixture_json() -> String {
    export_text(&common::fixture().editor.ws)
}

fn problems(json: &str) -> Vec<String> {
    match parse(json) {
        Err(ImportError::Invalid { problems }) => problems,
        Err(other) => panic!("expected Invalid, got {other:?}"),
        Ok(_) => panic!("the file was accepted"),
    }
}

/// The 1-based line of the first line containing `needle`.
fn line_of(json: &str, needle: &str) -> usize {
    json.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the file"))
        + 1
}

/// The fixture export as a JSON value, changed by `f`, pretty-printed.
fn mutated(f: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&fixture_json()).unwrap();
    f(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

fn doc_a(v: &mut Value) -> &mut Value {
    &mut v["projects"][0]["documents"][0]
}

// ---------------------------------------------------------------------------------------
// Golden file, oracle, schema
// ---------------------------------------------------------------------------------------

#[test]
fn the_fixture_export_equals_the_golden_file_byte_for_byte() {
    let got = fixture_json();
    let path = golden_path();
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .expect("tests/golden/native.json is missing: run with UPDATE_GOLDEN=1");
    assert!(
        got == want,
        "the export differs from tests/golden/native.json; if the change is intended, \
         rerun with UPDATE_GOLDEN=1 and review the diff"
    );
    assert!(got.ends_with("}\n") && !got.ends_with("\n\n"));
    assert!(got.starts_with("{\n  \"format\": \"glossa\",\n  \"version\": 1,\n"));
}

/// Checks every span of a native file by slicing its document text by code points (as
/// Python does) and by UTF-16 units (as JavaScript does), independently of the crate's
/// `TextIndex`. Returns how many spans were checked.
fn oracle(file: &Value) -> usize {
    fn visit(text: &str, utf16: &[u16], v: &Value, checked: &mut usize) {
        match v {
            Value::Object(o) => {
                if let (Some(s), Some(e), Some(t)) = (
                    o.get("start").and_then(Value::as_u64),
                    o.get("end").and_then(Value::as_u64),
                    o.get("text").and_then(Value::as_str),
                ) {
                    let (s, e) = (s as usize, e as usize);
                    let by_cp: String = text.chars().skip(s).take(e - s).collect();
                    assert_eq!(by_cp, t, "code points {s}..{e}");
                    let u = o["utf16"].as_array().expect("utf16");
                    let (u0, u1) = (u[0].as_u64().unwrap(), u[1].as_u64().unwrap());
                    let by_u16 = String::from_utf16(&utf16[u0 as usize..u1 as usize])
                        .expect("UTF-16 offsets split a surrogate pair");
                    assert_eq!(by_u16, t, "UTF-16 units {u0}..{u1}");
                    *checked += 1;
                }
                for child in o.values() {
                    visit(text, utf16, child, checked);
                }
            }
            Value::Array(a) => {
                for child in a {
                    visit(text, utf16, child, checked);
                }
            }
            _ => {}
        }
    }
    let mut checked = 0;
    for p in file["projects"].as_array().unwrap() {
        for d in p["documents"].as_array().unwrap() {
            let text = d["text"].as_str().unwrap();
            let utf16: Vec<u16> = text.encode_utf16().collect();
            for layer in ["mentions", "quotes", "stances"] {
                visit(text, &utf16, &d[layer], &mut checked);
            }
        }
    }
    checked
}

#[test]
fn every_golden_span_is_the_code_point_slice_of_its_text() {
    let golden = std::fs::read_to_string(golden_path()).unwrap();
    let v: Value = serde_json::from_str(&golden).unwrap();
    // A: 7 mentions, 2 quotes with cues, 1 evidence span; B: 4 mentions, 1 quote with
    // a cue, 1 evidence span.
    assert_eq!(oracle(&v), 7 + 4 + 1 + 4 + 2 + 1);
    let a = &v["projects"][0]["documents"][0];
    assert!(a["text"].as_str().unwrap().contains("\r\n"));
    let flagged = a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == "Okafor")
        .unwrap();
    // After the flag (2 code points, 4 UTF-16 units) and the curly quotes.
    assert_eq!(flagged["start"], 111);
    assert_eq!(flagged["utf16"], json!([113, 119]));
}

/// A minimal JSON Schema (2020-12) checker for the keywords `docs/glossa.schema.json`
/// uses. An unknown keyword fails the test, so the schema cannot drift into keywords
/// nobody checks.
fn schema_errors(root: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let Value::Object(s) = schema else {
        panic!("schema at {at} is not an object");
    };
    let ty = |t: &str, v: &Value| match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("unknown type {other}"),
    };
    for (k, rule) in s {
        match k.as_str() {
            "$schema" | "title" | "description" | "$defs" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .expect("only local $defs references");
                let target = &root["$defs"][name];
                assert!(!target.is_null(), "dangling $ref {name}");
                schema_errors(root, target, v, at, out);
            }
            "type" => {
                if !ty(rule.as_str().unwrap(), v) {
                    out.push(format!("{at}: not of type {rule}"));
                }
            }
            "const" => {
                if v != rule {
                    out.push(format!("{at}: {v} is not {rule}"));
                }
            }
            "enum" => {
                if !rule.as_array().unwrap().contains(v) {
                    out.push(format!("{at}: {v} not in {rule}"));
                }
            }
            "properties" => {
                if let Value::Object(o) = v {
                    for (name, sub) in rule.as_object().unwrap() {
                        if let Some(x) = o.get(name) {
                            schema_errors(root, sub, x, &format!("{at}.{name}"), out);
                        }
                    }
                }
            }
            "required" => {
                if let Value::Object(o) = v {
                    for name in rule.as_array().unwrap() {
                        if !o.contains_key(name.as_str().unwrap()) {
                            out.push(format!("{at}: missing {name}"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(
                    rule,
                    &Value::Bool(false),
                    "only additionalProperties: false"
                );
                if let Value::Object(o) = v {
                    let known = s["properties"].as_object().unwrap();
                    for name in o.keys() {
                        if !known.contains_key(name) {
                            out.push(format!("{at}: unexpected field {name}"));
                        }
                    }
                }
            }
            "items" => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate() {
                        schema_errors(root, rule, x, &format!("{at}[{i}]"), out);
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let Value::Array(a) = v {
                    let n = rule.as_u64().unwrap() as usize;
                    let ok = if k == "minItems" {
                        a.len() >= n
                    } else {
                        a.len() <= n
                    };
                    if !ok {
                        out.push(format!("{at}: {k} {n}"));
                    }
                }
            }
            "minimum" => {
                if let Some(n) = v.as_f64() {
                    if n < rule.as_f64().unwrap() {
                        out.push(format!("{at}: below {rule}"));
                    }
                }
            }
            "minLength" => {
                if let Some(t) = v.as_str() {
                    if t.chars().count() < rule.as_u64().unwrap() as usize {
                        out.push(format!("{at}: shorter than {rule}"));
                    }
                }
            }
            "pattern" => {
                if let Some(t) = v.as_str() {
                    let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
                    let ok = match rule.as_str().unwrap() {
                        "^[0-9a-f]{16}$" => t.len() == 16 && t.chars().all(hex),
                        "^#[0-9a-f]{6}$" => {
                            t.len() == 7 && t.starts_with('#') && t[1..].chars().all(hex)
                        }
                        other => panic!("pattern {other} is not supported by this checker"),
                    };
                    if !ok {
                        out.push(format!("{at}: {t:?} does not match {rule}"));
                    }
                }
            }
            "oneOf" => {
                let passing = rule
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|sub| {
                        let mut e = Vec::new();
                        schema_errors(root, sub, v, at, &mut e);
                        e.is_empty()
                    })
                    .count();
                if passing != 1 {
                    out.push(format!("{at}: matches {passing} of oneOf"));
                }
            }
            other => panic!("schema keyword {other} is not supported by this checker"),
        }
    }
}

fn conforms(v: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let mut errors = Vec::new();
    schema_errors(&schema, &schema, v, "$", &mut errors);
    errors
}

#[test]
fn the_golden_file_conforms_to_the_json_schema_and_the_checker_is_not_vacuous() {
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(golden_path()).unwrap()).unwrap();
    assert_eq!(conforms(&golden), Vec::<String>::new());
    let broken: [fn(&mut Value); 5] = [
        |v| {
            v["projects"][0]["documents"][0]["mentions"][0]
                .as_object_mut()
                .unwrap()
                .remove("label");
        },
        |v| v["projects"][0]["documents"][0]["mentions"][0]["spekaer"] = json!(1),
        |v| v["projects"][0]["documents"][0]["stances"][0]["polarity"] = json!("For"),
        |v| v["projects"][0]["labels"][0]["color"] = json!("red"),
        |v| v["projects"][0]["documents"][0]["quotes"][0]["content"]["utf16"] = json!([1]),
    ];
    for f in broken {
        let mut v = golden.clone();
        f(&mut v);
        assert!(!conforms(&v).is_empty(), "{v}");
    }
}

// ---------------------------------------------------------------------------------------
// Export: API, determinism, round trip
// ---------------------------------------------------------------------------------------

#[test]
fn export_of_chosen_documents_names_the_file_and_keeps_their_order() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    let all = export(ws, &f.docs).unwrap();
    assert_eq!(all.name, FILE_NAME);
    assert_eq!(all.mime, "application/json");
    assert_eq!(all, export_workspace(ws).unwrap());
    // Reversed order, with a repeat: each document once, in the order given.
    let [a, b] = f.docs;
    let rev = export(ws, &[b, a, b]).unwrap();
    let v: Value = serde_json::from_slice(&rev.bytes).unwrap();
    let ids: Vec<&str> = v["projects"][0]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [b.to_string(), a.to_string()]);
    // Only B: the project comes with its whole schema and topics.
    let only_b = parse_bytes(&export(ws, &[b]).unwrap().bytes).unwrap();
    assert_eq!(only_b.document_count(), 1);
    assert_eq!(
        only_b.projects()[0].schema,
        ws.project(f.project).unwrap().schema
    );
    assert_eq!(only_b.projects()[0].topics.len(), 2);
    assert_eq!(export(ws, &[]), Err(ExportError::Empty));
    assert_eq!(export(ws, &[Id(7)]), Err(ExportError::NoDocument(Id(7))));
}

#[test]
fn export_puts_projects_in_the_order_of_their_first_document_and_includes_empty_ones() {
    let mut ed = common::fixture().editor;
    let first = ed.ws.projects[0].id;
    let other = ed.add_project("Other", NOW + 5);
    let _empty = ed.add_project("Empty", NOW + 6);
    let c = ed
        .add_document(other, "C", "c.txt", "Short text.", NOW + 7)
        .unwrap()
        .created
        .unwrap();
    let a = ed.ws.project(first).unwrap().documents[0];
    let v: Value = serde_json::from_slice(&export(&ed.ws, &[c, a]).unwrap().bytes).unwrap();
    let names: Vec<&str> = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Other", "Fixture"]);
    let whole = export_workspace(&ed.ws).unwrap();
    let back = parse_bytes(&whole.bytes).unwrap();
    assert_eq!(back.project_count(), 3);
    assert_eq!(back.projects()[2].documents, Vec::<Id>::new());
    assert!(back.into_workspace(1) == ed.ws);
}

#[test]
fn exports_are_deterministic() {
    let one = fixture_json();
    let again = export_text(&common::fixture().editor.ws);
    assert_eq!(one, again);
    let ws = common::fixture().editor.ws;
    assert_eq!(export_text(&ws), export_text(&ws));
}

#[test]
fn the_fixture_round_trips_exactly() {
    let f = common::fixture();
    let json = fixture_json();
    let file = parse(&json).unwrap();
    assert_eq!(file.project_count(), 1);
    assert_eq!(file.document_count(), 2);
    assert_eq!(file.annotation_count(), (7 + 3 + 2 + 2) + (4 + 2 + 1 + 2));
    assert_eq!(
        file.docs().map(|d| d.doc.id).collect::<Vec<_>>(),
        f.docs.to_vec()
    );
    let ws = file.into_workspace(99);
    assert!(ws == f.editor.ws, "the imported workspace differs");
    assert_eq!(ws.validate(), vec![]);
    assert_eq!(export_text(&ws), json);
    // Bytes with a byte-order mark read the same.
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(json.as_bytes());
    assert!(parse_bytes(&bom).unwrap().into_workspace(1) == f.editor.ws);
}

#[test]
fn hand_written_minimal_files_are_read_with_defaults() {
    let json = r##"{"format": "glossa", "version": 1, "projects": [
      {"id": "00000000000000AA", "name": "P",
       "labels": [{"id": "0000000000000001", "name": "PER", "color": "#ABCDEF", "hotkey": "p"}],
       "documents": [{"id": "0000000000000002", "title": "T", "text": "Ann said 🇳🇬 hi.",
         "mentions": [{"id": "0000000000000003", "start": 0, "end": 3, "text": "Ann",
                       "label": "0000000000000001"}],
         "quotes": [{"id": "0000000000000004", "kind": "indirect",
                     "content": {"start": 9, "end": 11, "text": "🇳🇬"},
                     "speaker": {"kind": "mention", "id": "0000000000000003"}}]}]}]}"##;
    let ws = parse(json).unwrap().into_workspace(1);
    let p = &ws.projects[0];
    assert_eq!(p.id, Id(0xaa));
    assert_eq!(p.schema.labels[0].hotkey, Some('P'));
    assert_eq!(p.schema.labels[0].color.as_str(), "#abcdef");
    let d = ws.doc(Id(2)).unwrap();
    assert_eq!(d.doc.status, DocStatus::Todo);
    assert_eq!(d.doc.source, "");
    let q = &d.ann.quotes[&Id(4)];
    assert_eq!(d.span_text(q.content), "🇳🇬");
    assert_eq!(q.speaker, Some(Speaker::Mention(Id(3))));
}

// ---------------------------------------------------------------------------------------
// Random corpora
// ---------------------------------------------------------------------------------------

/// Pieces of text: ASCII, emoji (flags, ZWJ sequences, skin tones), combining marks,
/// Arabic, CJK, Devanagari, CRLF and lone CR, quotes, JSON-special characters.
const PIECES: &[&str] = &[
    "The",
    "mayor",
    "said",
    " ",
    " ",
    ",",
    ".",
    "“",
    "”",
    "\"",
    "\\",
    "🇳🇬",
    "🇫🇷",
    "👩\u{200d}👩\u{200d}👧",
    "👍🏽",
    "e\u{301}",
    "Rene\u{301}e",
    "a\u{308}\u{301}",
    "عمر فاروق",
    "北京市",
    "東京",
    "क्षि",
    "\r\n",
    "\n",
    "\r\n\r\n",
    "\r",
    "Zoë",
    "💸",
    "\u{200d}",
    "\t",
    "\u{feff}",
    "\u{7}",
];

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
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick(&mut self, ids: &[Id]) -> Option<Id> {
        (!ids.is_empty()).then(|| ids[self.below(ids.len())])
    }
    fn words(&mut self) -> String {
        (0..self.below(4))
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }
    fn span(&mut self, text: &str) -> Option<Span> {
        let (a, b) = (self.below(text.len() + 1), self.below(text.len() + 1));
        let mode = if self.chance(50) {
            SnapMode::Word
        } else {
            SnapMode::Grapheme
        };
        let raw = Span {
            start: ByteOffset(a.min(b)),
            end: ByteOffset(a.max(b)),
        };
        snap_selection(text, raw, mode)
    }
    fn meta(&mut self) -> Meta {
        let provenance = match self.below(3) {
            0 => Provenance::Manual,
            1 => Provenance::Imported { from: self.words() },
            _ => Provenance::Suggested {
                by: self.words(),
                accepted: self.chance(50),
            },
        };
        let note = self.chance(30).then(|| self.words());
        Meta { provenance, note }
    }
}

fn random_annotations(
    rng: &mut Rng,
    ids: &mut IdGen,
    now: u64,
    text: &str,
    project: &Project,
) -> Annotations {
    let labels: Vec<Id> = project.schema.labels.iter().map(|l| l.id).collect();
    let topics: Vec<Id> = project.topics.keys().copied().collect();
    let mut ann = Annotations::default();
    for _ in 0..rng.below(3) {
        let id = ids.next(now);
        let label = rng.pick(&labels).unwrap();
        let (name, meta) = (rng.words(), rng.meta());
        ann.entities.insert(
            id,
            Entity {
                id,
                name,
                label,
                meta,
            },
        );
    }
    let entities: Vec<Id> = ann.entities.keys().copied().collect();
    let mut seen = HashSet::new();
    for _ in 0..rng.below(8) {
        let Some(span) = rng.span(text) else { continue };
        let label = rng.pick(&labels).unwrap();
        if !seen.insert((span, label)) {
            continue;
        }
        let id = ids.next(now);
        let entity = if rng.chance(50) {
            rng.pick(&entities)
        } else {
            None
        };
        let meta = rng.meta();
        ann.mentions.insert(
            id,
            Mention {
                id,
                span,
                label,
                entity,
                meta,
            },
        );
    }
    let mentions: Vec<Id> = ann.mentions.keys().copied().collect();
    for _ in 0..rng.below(3) {
        let Some(content) = rng.span(text) else {
            continue;
        };
        let cue = if rng.chance(50) { rng.span(text) } else { None };
        let speaker = match rng.below(3) {
            0 => None,
            1 => rng.pick(&mentions).map(Speaker::Mention),
            _ => rng.pick(&entities).map(Speaker::Entity),
        };
        let kind = [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed][rng.below(3)];
        let earlier: Vec<Id> = ann.quotes.keys().copied().collect();
        let continues = if rng.chance(30) {
            rng.pick(&earlier)
        } else {
            None
        };
        let id = ids.next(now);
        let meta = rng.meta();
        ann.quotes.insert(
            id,
            Quote {
                id,
                content,
                cue,
                speaker,
                kind,
                continues,
                meta,
            },
        );
    }
    let quotes: Vec<Id> = ann.quotes.keys().copied().collect();
    for _ in 0..rng.below(3) {
        let holder = if rng.chance(60) {
            rng.pick(&entities)
        } else {
            None
        };
        let target = match rng.below(3) {
            0 => None,
            1 => rng.pick(&entities).map(StanceTarget::Entity),
            _ => rng.pick(&topics).map(StanceTarget::Topic),
        };
        let polarity = [Polarity::Favor, Polarity::Against, Polarity::None][rng.below(3)];
        let evidence = (0..rng.below(4))
            .filter_map(|_| {
                if rng.chance(50) {
                    rng.pick(&quotes).map(|id| Evidence::Quote { id })
                } else {
                    rng.span(text).map(|span| Evidence::Span { span })
                }
            })
            .collect();
        let id = ids.next(now);
        let meta = rng.meta();
        ann.stances.insert(
            id,
            Stance {
                id,
                holder,
                target,
                polarity,
                evidence,
                meta,
            },
        );
    }
    ann
}

fn random_workspace(texts: &[Vec<usize>], seed: u64) -> Workspace {
    let mut rng = Rng(seed);
    let mut ids = IdGen::new(seed);
    let now = NOW + rng.below(1 << 30) as u64;
    let mut projects = Vec::new();
    for n in 0..1 + rng.below(2) {
        let mut schema = LabelSchema::news_default(&mut ids, now);
        if rng.chance(50) {
            schema.labels.push(Label {
                id: ids.next(now),
                name: format!("QUOTÉ \"{n}\" 🙂"),
                color: Color::parse("#00aA00").unwrap(),
                hotkey: None,
                description: rng.words(),
            });
        }
        let mut topics = BTreeMap::new();
        for _ in 0..rng.below(3) {
            let id = ids.next(now);
            topics.insert(
                id,
                Topic {
                    id,
                    name: rng.words(),
                },
            );
        }
        projects.push(Project {
            id: ids.next(now),
            name: rng.words(),
            schema,
            topics,
            documents: Vec::new(),
        });
    }
    let mut docs = Vec::new();
    for pieces in texts {
        let text: String = pieces.iter().map(|i| PIECES[*i]).collect();
        let p = rng.below(projects.len());
        let doc = Document {
            id: ids.next(now),
            title: rng.words(),
            source: rng.words(),
            text,
            status: DocStatus::ALL[rng.below(4)],
            created_ms: rng.next(),
            modified_ms: rng.next() >> rng.below(64),
            annotator: rng.words(),
        };
        let ann = random_annotations(&mut rng, &mut ids, now, &doc.text, &projects[p]);
        projects[p].documents.push(doc.id);
        docs.push((doc, ann));
    }
    Workspace::from_parts(projects, docs, seed)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_corpora_round_trip_exactly(
        texts in proptest::collection::vec(
            proptest::collection::vec(0..PIECES.len(), 0..40), 1..4),
        seed in any::<u64>(),
    ) {
        let ws = random_workspace(&texts, seed);
        prop_assert_eq!(ws.validate(), vec![]);
        let json = export_text(&ws);
        let value: Value = serde_json::from_str(&json).unwrap();
        oracle(&value);
        prop_assert_eq!(conforms(&value), Vec::<String>::new());
        let file = parse(&json);
        prop_assert!(file.is_ok(), "{:?}", file.err());
        let back = file.unwrap().into_workspace(seed);
        prop_assert!(back == ws, "the imported workspace differs");
        prop_assert_eq!(export_text(&back), json);
    }

    #[test]
    fn a_merge_of_a_workspace_into_itself_changes_nothing(
        texts in proptest::collection::vec(
            proptest::collection::vec(0..PIECES.len(), 0..30), 1..3),
        seed in any::<u64>(),
    ) {
        let ws = random_workspace(&texts, seed);
        let file = parse(&export_text(&ws)).unwrap();
        let p = plan(&ws, &file, ImportMode::Merge);
        prop_assert!(p.changes_nothing(), "{}", p.summary());
        prop_assert!(apply(&ws, file.clone(), ImportMode::Merge, 1) == ws);
        prop_assert!(plan(&ws, &file, ImportMode::Replace).changes_nothing());
    }
}

// ---------------------------------------------------------------------------------------
// Malformed files
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_json_is_refused_with_its_line_and_column() {
    let json = fixture_json().replacen("\"version\": 1,", "\"version\": 1", 1);
    let p = problems(&json);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("line 4, column "), "{p:?}");
    assert!(p[0].contains("not valid JSON"), "{p:?}");
    let json = fixture_json();
    let p = problems(&json[..json.len() / 2]);
    assert!(p[0].contains("ends too early"), "{p:?}");
    let p = problems("");
    assert_eq!(p, ["the file is empty"]);
}

#[test]
fn a_missing_field_is_named_with_the_line_of_its_record() {
    let json = mutated(|v| {
        doc_a(v)["mentions"][0]
            .as_object_mut()
            .unwrap()
            .remove("label");
    });
    let p = problems(&json);
    // The line of the mention's opening brace: the nearest `{` above its id.
    let id_line = line_of(&json, "\"62f3f95a00374251\"");
    let lines: Vec<&str> = json.lines().collect();
    let line = (1..id_line)
        .rev()
        .find(|l| lines[l - 1].trim() == "{")
        .unwrap();
    assert_eq!(
        p,
        [format!(
            "line {line}, projects[0].documents[0].mentions[0].label: missing; expected an id \
             (16 hexadecimal digits)"
        )]
    );
}

#[test]
fn a_wrong_type_is_named_with_what_was_expected_and_found() {
    let json = mutated(|v| doc_a(v)["mentions"][1]["end"] = json!("29"));
    let p = problems(&json);
    let line = line_of(&json, "\"end\": \"29\"");
    assert_eq!(
        p,
        [format!(
            "line {line}, projects[0].documents[0].mentions[1].end: expected a code point \
             offset (a whole number, 0 or more), found the string \"29\""
        )]
    );
    let p = problems(&mutated(|v| v["projects"][0]["documents"] = json!({})));
    assert!(
        p[0].contains("projects[0].documents: expected an array, found an object"),
        "{p:?}"
    );
    let p = problems(&mutated(|v| {
        doc_a(v)["stances"][0]["polarity"] = json!("For")
    }));
    assert!(
        p[0].contains(
            "stances[0].polarity: expected one of \"FAVOR\", \"AGAINST\", \"NONE\", found the \
             string \"For\""
        ),
        "{p:?}"
    );
}

#[test]
fn spans_that_end_before_they_start_or_past_the_text_are_refused() {
    let p = problems(&mutated(|v| {
        let m = &mut doc_a(v)["mentions"][1];
        m["start"] = json!(29);
        m["end"] = json!(24);
    }));
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains("mentions[1].end: the span ends (end 24) before it starts (start 29)"),
        "{p:?}"
    );
    let p = problems(&mutated(|v| {
        doc_a(v)["quotes"][0]["cue"]["end"] = json!(100_000)
    }));
    let len = common::TEXT_A.chars().count();
    assert_eq!(p.len(), 1);
    assert!(
        p[0].contains(&format!(
            "quotes[0].cue.end: 100000 is past the end of the document text ({len} code points)"
        )),
        "{p:?}"
    );
}

#[test]
fn a_span_whose_text_differs_is_refused_naming_both_texts() {
    let json = mutated(|v| doc_a(v)["mentions"][3]["text"] = json!("Okafor!"));
    let p = problems(&json);
    let line = line_of(&json, "\"Okafor!\"");
    assert_eq!(
        p,
        [format!(
            "line {line}, projects[0].documents[0].mentions[3].text: the file says \
             \"Okafor!\", but code points 111..117 of the document text are \"Okafor\""
        )]
    );
    // Offsets counted in UTF-16 (as JavaScript would) land elsewhere.
    let p = problems(&mutated(|v| {
        let m = &mut doc_a(v)["mentions"][3];
        m["start"] = json!(113);
        m["end"] = json!(119);
    }));
    assert!(p.iter().any(|m| m.contains("mentions[3].text")), "{p:?}");
    assert!(p
        .iter()
        .any(|m| m.contains("mentions[3].utf16: [113, 119] does not match")));
}

#[test]
fn spans_that_split_a_grapheme_cluster_are_refused() {
    // "Rene" + combining acute: ending before the accent splits "é".
    let p = problems(&mutated(|v| {
        let m = &mut doc_a(v)["mentions"][0];
        m["end"] = json!(7);
        m["text"] = json!("Rene");
        m.as_object_mut().unwrap().remove("utf16");
    }));
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains(
            "mentions[0].end: code point offset 7 splits what a reader sees as one character"
        ),
        "{p:?}"
    );
    // Half a flag, and between CR and LF.
    let text = common::TEXT_A;
    let flag = text.chars().position(|c| c == '🇳').unwrap();
    let crlf = text.chars().position(|c| c == '\r').unwrap();
    let p = problems(&mutated(|v| {
        let m = &mut doc_a(v)["mentions"][0];
        m["start"] = json!(flag + 1);
        m["end"] = json!(crlf + 1);
        m["text"] = json!(text
            .chars()
            .skip(flag + 1)
            .take(crlf - flag)
            .collect::<String>());
        m.as_object_mut().unwrap().remove("utf16");
    }));
    assert_eq!(p.len(), 2, "{p:?}");
    let start = format!("mentions[0].start: code point offset {} splits", flag + 1);
    let end = format!("mentions[0].end: code point offset {} splits", crlf + 1);
    assert!(p.iter().any(|m| m.contains(&start)), "{p:?}");
    assert!(p.iter().any(|m| m.contains(&end)), "{p:?}");
}

#[test]
fn dangling_references_are_refused_naming_the_reference() {
    let json = mutated(|v| doc_a(v)["quotes"][0]["speaker"]["id"] = json!("00000000000000ff"));
    let p = problems(&json);
    let line = line_of(&json, "00000000000000ff");
    assert_eq!(
        p,
        [format!(
            "line {line}, projects[0].documents[0].quotes[0].speaker.id: refers to \
             00000000000000ff, which is not a mention of this document"
        )]
    );
    let p = problems(&mutated(|v| {
        doc_a(v)["stances"][0]["target"]["id"] = json!("00000000000000ee");
        doc_a(v)["mentions"][0]["label"] = json!("00000000000000dd");
        doc_a(v)["stances"][1]["evidence"][0]["id"] = json!("00000000000000cc");
    }));
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].contains(
        "mentions[0].label: refers to 00000000000000dd, which is not a label of this project"
    ));
    assert!(p[1].contains(
        "stances[0].target.id: refers to 00000000000000ee, which is not a topic of this project"
    ));
    assert!(p[2].contains("stances[1].evidence[0].id: refers to 00000000000000cc, which is not a quote of this document"));
}

#[test]
fn duplicate_ids_unknown_fields_and_bad_labels_are_refused() {
    let p = problems(&mutated(|v| {
        let first = doc_a(v)["entities"][0].clone();
        doc_a(v)["entities"].as_array_mut().unwrap().push(first);
    }));
    assert!(
        p[0].contains(
            "entities[3].id: the id 62f3f95a0038a864 is used twice in this document's entities"
        ),
        "{p:?}"
    );
    let p = problems(&mutated(|v| doc_a(v)["quotes"][1]["spekaer"] = json!({})));
    assert!(
        p[0].contains("quotes[1]: unknown field \"spekaer\" (expected one of: id, content,"),
        "{p:?}"
    );
    let p = problems(&mutated(|v| {
        v["projects"][0]["labels"][1]["hotkey"] = json!("1");
        v["projects"][0]["labels"][2]["hotkey"] = json!("Q");
        v["projects"][0]["labels"][3]["color"] = json!("purple");
    }));
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p[0].contains("labels[1]: the key \"1\" is already used by the label PERSON"),
        "{p:?}"
    );
    assert!(
        p[1].contains("labels[2].hotkey: the key \"Q\" cannot be a label hotkey"),
        "{p:?}"
    );
    assert!(
        p[2].contains("labels[3].color: \"purple\" is not a colour"),
        "{p:?}"
    );
    // Two mentions with the same span and label: caught by the model's own validation.
    let p = problems(&mutated(|v| {
        let mut copy = doc_a(v)["mentions"][0].clone();
        copy["id"] = json!("00000000000000ab");
        doc_a(v)["mentions"].as_array_mut().unwrap().push(copy);
    }));
    assert!(p[0].contains("appears twice with the same label"), "{p:?}");
    let p = problems(&mutated(|v| {
        let copy = v["projects"][0]["documents"][1].clone();
        v["projects"][0]["documents"]
            .as_array_mut()
            .unwrap()
            .push(copy);
    }));
    assert!(p[0].contains("documents[2].id: the document id"), "{p:?}");
}

#[test]
fn newer_versions_and_other_formats_are_refused_plainly() {
    let json = mutated(|v| v["version"] = json!(2));
    let err = parse(&json).unwrap_err();
    assert_eq!(err, ImportError::NewerVersion(2));
    assert!(err.to_string().contains("newer Glossa"));
    let json = mutated(|v| v["format"] = json!("label-studio"));
    let line = line_of(&json, "\"format\"");
    assert_eq!(
        problems(&json),
        [format!(
            "line {line}, format: this is not a Glossa JSON file: \"format\" is the string \
             \"label-studio\" (expected \"glossa\")"
        )]
    );
    let p = problems("{\"version\": 1}");
    assert!(p[0].contains("\"format\" is missing"), "{p:?}");
    let p = problems(&mutated(|v| v["version"] = json!("1")));
    assert!(p[0].contains("version: expected the format version, 1, found the string"));
}

#[test]
fn at_most_the_first_few_problems_are_listed_in_file_order() {
    let json = mutated(|v| {
        for d in v["projects"][0]["documents"].as_array_mut().unwrap() {
            for m in d["mentions"].as_array_mut().unwrap() {
                m["end"] = json!(-1);
            }
        }
    });
    let p = problems(&json);
    assert_eq!(p.len(), MAX_PROBLEMS + 1);
    assert_eq!(p[MAX_PROBLEMS], "… and 1 more problem");
    let lines: Vec<usize> = p[..MAX_PROBLEMS]
        .iter()
        .map(|m| m["line ".len()..m.find(',').unwrap()].parse().unwrap())
        .collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
    assert!(p[0].contains("documents[0].mentions[0].end: expected a code point offset"));
    assert!(p[9].contains("documents[1].mentions[2].end"), "{p:?}");
}

// ---------------------------------------------------------------------------------------
// Plan and apply
// ---------------------------------------------------------------------------------------

fn file_of(ws: &Workspace) -> NativeFile {
    parse(&export_text(ws)).unwrap()
}

#[test]
fn replace_into_an_empty_workspace_restores_everything() {
    let f = common::fixture();
    let file = file_of(&f.editor.ws);
    let empty = Workspace::new(3);
    let p = plan(&empty, &file, ImportMode::Replace);
    assert_eq!((p.new_projects, p.new_documents), (1, 2));
    assert_eq!(p.summary(), "2 new documents; 1 new project");
    assert!(apply(&empty, file.clone(), ImportMode::Replace, 5) == f.editor.ws);
    assert!(apply(&empty, file, ImportMode::Merge, 5) == f.editor.ws);
}

#[test]
fn replace_shows_updated_and_removed_documents() {
    let f = common::fixture();
    let [a, b] = f.docs;
    let mut local = f.editor.clone();
    let c = local
        .add_document(f.project, "Local only", "c.txt", "Hello there.", NOW + 9)
        .unwrap()
        .created
        .unwrap();
    let mut remote = f.editor.clone();
    let first = *remote
        .ws
        .doc(a)
        .unwrap()
        .ann
        .mentions
        .keys()
        .next()
        .unwrap();
    remote.remove_mention(a, first).unwrap();
    let file = parse(&String::from_utf8(export(&remote.ws, &[a]).unwrap().bytes).unwrap()).unwrap();
    let p = plan(&local.ws, &file, ImportMode::Replace);
    assert_eq!(p.updated_documents, 1);
    assert_eq!(p.removed_documents, 2);
    assert_eq!(p.updated_projects, 1);
    assert_eq!(
        p.changes.iter().map(|c| (c.id, c.kind)).collect::<Vec<_>>(),
        vec![
            (
                a,
                DocChangeKind::Updated {
                    annotations_before: 14,
                    annotations_after: 13
                }
            ),
            (b, DocChangeKind::Removed),
            (c, DocChangeKind::Removed),
        ]
    );
    assert_eq!(
        p.summary(),
        "1 document updated (its annotations are replaced), 2 removed; 1 project changed"
    );
    let after = apply(&local.ws, file.clone(), ImportMode::Replace, 1);
    assert!(after == file.into_workspace(2));
    assert!(after.doc(c).is_none());
}

#[test]
fn merge_adds_new_documents_and_projects_and_replaces_changed_annotations() {
    let f = common::fixture();
    let [a, b] = f.docs;
    let local = f.editor.ws.clone();
    let mut remote = f.editor.clone();
    let person = remote.ws.project(f.project).unwrap().schema.labels[0].id;
    let span = common::find(common::TEXT_B, "Critics", 0);
    remote.add_mention(b, span, person, NOW + 100).unwrap();
    remote
        .add_document(f.project, "New here", "d.txt", "Fresh text 🇫🇷.", NOW + 101)
        .unwrap();
    let second = remote.add_project("Second", NOW + 102);
    remote
        .add_document(second, "Elsewhere", "e.txt", "Other text.", NOW + 103)
        .unwrap();
    let file = file_of(&remote.ws);
    let p = plan(&local, &file, ImportMode::Merge);
    assert_eq!(
        (p.new_documents, p.updated_documents, p.unchanged_documents),
        (2, 1, 1)
    );
    assert_eq!(
        p.summary(),
        "2 new documents, 1 updated (its annotations are replaced), 1 unchanged; 1 new project"
    );
    assert_eq!(p.changes[0].id, a);
    assert_eq!(p.changes[0].kind, DocChangeKind::Unchanged);
    let merged = apply(&local, file, ImportMode::Merge, 7);
    assert!(merged == remote.ws, "merging a newer copy gives that copy");
    assert_eq!(merged.validate(), vec![]);
}

#[test]
fn merge_keeps_documents_the_file_does_not_mention() {
    let f = common::fixture();
    let [a, b] = f.docs;
    let mut local = f.editor.clone();
    let c = local
        .add_document(f.project, "Local only", "c.txt", "Hello there.", NOW + 9)
        .unwrap()
        .created
        .unwrap();
    let mut remote = f.editor.clone();
    let q = *remote.ws.doc(b).unwrap().ann.quotes.keys().next().unwrap();
    remote
        .set_note(
            b,
            glossa::model::edit::AnnotationId::Quote(q),
            Some("checked".into()),
        )
        .unwrap();
    let file = parse_bytes(&export(&remote.ws, &[b]).unwrap().bytes).unwrap();
    let p = plan(&local.ws, &file, ImportMode::Merge);
    assert_eq!((p.updated_documents, p.kept_documents), (1, 2));
    assert_eq!(
        p.summary(),
        "1 document updated (its annotations are replaced)"
    );
    let merged = apply(&local.ws, file, ImportMode::Merge, 1);
    assert_eq!(merged.validate(), vec![]);
    assert!(merged.doc(a) == local.ws.doc(a));
    assert!(merged.doc(c) == local.ws.doc(c));
    assert!(merged.doc(b) == remote.ws.doc(b));
    assert_eq!(merged.projects[0].documents, vec![a, b, c]);
}

#[test]
fn merge_imports_a_document_with_a_different_text_as_a_copy_with_new_ids() {
    let f = common::fixture();
    let [a, b] = f.docs;
    let local = &f.editor.ws;
    // Same id, text extended at the end: every span still fits.
    let json = mutated(|v| {
        let t = doc_a(v)["text"].as_str().unwrap().to_owned();
        doc_a(v)["text"] = json!(format!("{t} Extra."));
    });
    let file = parse(&json).unwrap();
    let p = plan(local, &file, ImportMode::Merge);
    assert_eq!((p.copied_documents, p.unchanged_documents), (1, 1));
    assert_eq!(
        p.summary(),
        "1 document with a different text under the same id (imported as a copy), 1 unchanged"
    );
    let merged = apply(local, file, ImportMode::Merge, 11);
    assert_eq!(merged.validate(), vec![]);
    assert!(
        merged.doc(a) == local.doc(a),
        "the local document is untouched"
    );
    let list = &merged.projects[0].documents;
    assert_eq!(list.len(), 3);
    assert_eq!(&list[..2], &[a, b]);
    let copy = merged.doc(list[2]).unwrap();
    assert_eq!(copy.doc.title, format!("Port reopening{COPY_SUFFIX}"));
    assert!(copy.text().ends_with(" Extra."));
    let original = local.doc(a).unwrap();
    assert_eq!(copy.ann.count(), original.ann.count());
    let ids_of = |ann: &Annotations| -> BTreeSet<Id> {
        ann.mentions
            .keys()
            .chain(ann.entities.keys())
            .chain(ann.quotes.keys())
            .chain(ann.stances.keys())
            .copied()
            .collect()
    };
    assert!(ids_of(&copy.ann).is_disjoint(&ids_of(&original.ann)));
    let texts = |ds: &glossa::model::workspace::DocState| -> Vec<String> {
        let mut v: Vec<String> = ds
            .ann
            .mentions
            .values()
            .map(|m| ds.span_text(m.span).to_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(texts(copy), texts(original));
    // Links survive the renumbering: the speaker of a copied quote is a copied mention.
    let q = copy
        .ann
        .quotes
        .values()
        .find(|q| q.kind == QuoteKind::Direct)
        .unwrap();
    let Some(Speaker::Mention(m)) = q.speaker else {
        panic!("speaker lost")
    };
    assert_eq!(copy.span_text(copy.ann.mentions[&m].span), "Okafor");
}

#[test]
fn merge_unions_labels_and_maps_a_same_named_label_onto_ours() {
    let f = common::fixture();
    let b = f.docs[1];
    let mut local = f.editor.clone();
    let ours = local
        .add_label(f.project, "EVENT", "#111111", Some('5'), "ours", NOW + 1)
        .unwrap()
        .created
        .unwrap();
    let mut remote = f.editor.clone();
    let theirs = remote
        .add_label(f.project, "Event", "#222222", Some('6'), "theirs", NOW + 2)
        .unwrap()
        .created
        .unwrap();
    assert_ne!(ours, theirs);
    let mut person = remote.ws.project(f.project).unwrap().schema.labels[0].clone();
    person.color = Color::parse("#000000").unwrap();
    remote.update_label(f.project, person.clone()).unwrap();
    let tram = common::find(common::TEXT_B, "tram extension", 0);
    remote.add_mention(b, tram, theirs, NOW + 3).unwrap();
    let topic = remote.add_topic(f.project, "Car traffic", NOW + 4).unwrap();
    let file = file_of(&remote.ws);
    let p = plan(&local.ws, &file, ImportMode::Merge);
    assert_eq!(p.updated_projects, 1);
    assert_eq!(p.updated_documents, 1);
    let merged = apply(&local.ws, file, ImportMode::Merge, 1);
    assert_eq!(merged.validate(), vec![]);
    let project = merged.project(f.project).unwrap();
    let labels: Vec<(&str, Option<char>)> = project
        .schema
        .labels
        .iter()
        .map(|l| (l.name.as_str(), l.hotkey))
        .collect();
    assert_eq!(
        labels,
        [
            ("PERSON", Some('1')),
            ("ORG", Some('2')),
            ("LOC", Some('3')),
            ("MISC", Some('4')),
            ("Event", Some('6')),
        ]
    );
    assert_eq!(project.schema.labels[0].color.as_str(), "#000000");
    let event = &project.schema.labels[4];
    assert_eq!((event.id, event.description.as_str()), (ours, "theirs"));
    let doc_b = merged.doc(b).unwrap();
    let m = doc_b
        .find_mention(tram, ours)
        .expect("relabelled to our id");
    assert_eq!(doc_b.span_text(m.span), "tram extension");
    assert!(project.topics.contains_key(&topic));
}

#[test]
fn merge_moves_a_document_to_the_project_the_file_puts_it_in() {
    let f = common::fixture();
    let [a, b] = f.docs;
    let mut local = f.editor.clone();
    let other = local.add_project("Other", NOW + 1);
    let c = local
        .add_document(other, "C", "c.txt", "Moved text.", NOW + 2)
        .unwrap()
        .created
        .unwrap();
    // The file has C in the fixture project (same id, same text).
    let json = mutated(|v| {
        let docs = v["projects"][0]["documents"].as_array_mut().unwrap();
        docs.push(json!({"id": c.to_string(), "title": "C", "text": "Moved text."}));
    });
    let file = parse(&json).unwrap();
    let p = plan(&local.ws, &file, ImportMode::Merge);
    assert_eq!(p.updated_documents, 1, "{}", p.summary());
    let merged = apply(&local.ws, file, ImportMode::Merge, 1);
    assert_eq!(merged.validate(), vec![]);
    assert_eq!(merged.project(f.project).unwrap().documents, vec![a, b, c]);
    assert_eq!(merged.project(other).unwrap().documents, Vec::<Id>::new());
    let _ = Editor::new(merged);
}

#[test]
fn deeply_nested_json_is_refused_with_a_clear_message() {
    let hostile = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    for result in [
        glossa::formats::native::parse(&hostile).map(|_| ()),
        glossa::formats::label_studio::import(&hostile, "x.json").map(|_| ()),
        glossa::formats::spacy::import(&hostile, "x.jsonl").map(|_| ()),
    ] {
        let e = result.unwrap_err().to_string();
        assert!(e.contains("nests deeper than 64"), "{e}");
    }
    // Brackets inside strings do not count.
    let deep_string = format!("{{\"a\": \"{}\"}}", "[".repeat(200));
    assert!(glossa::formats::check_nesting(&deep_string).is_ok());
}
