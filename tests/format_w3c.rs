//! W3C Web Annotation export: golden file of the fixture corpus, an independent oracle
//! (every selector sliced by code points: `exact`, `prefix`, `suffix`), structural
//! checks (ids, references, shapes), an edge-case corpus, and the Python consumer check
//! run on both (when `tools/venv` exists).
//!
//! `UPDATE_GOLDEN=1 cargo test --test format_w3c` rewrites `tests/golden/w3c.jsonld`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use glossa::formats::w3c;
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
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const PURPOSES: [&str; 13] = [
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parse(file: &ExportFile) -> Value {
    serde_json::from_slice(&file.bytes).expect("valid JSON")
}

fn items(v: &Value) -> &Vec<Value> {
    v["first"]["items"].as_array().expect("first.items")
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().expect("an array")
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("a string: {v}"))
}

/// The oracle for one span resource: the position slice (code points) is `exact`,
/// `prefix`/`suffix` the up to 32 code points around it. Returns (start, end, exact).
fn check_span(res: &Value, texts: &BTreeMap<String, &str>) -> (usize, usize, String) {
    assert_eq!(res["type"], "SpecificResource");
    let text = texts[s(&res["source"])];
    let chars: Vec<char> = text.chars().collect();
    let sels = arr(&res["selector"]);
    assert_eq!(sels.len(), 2);
    let quote = sels
        .iter()
        .find(|x| x["type"] == "TextQuoteSelector")
        .unwrap();
    let pos = sels
        .iter()
        .find(|x| x["type"] == "TextPositionSelector")
        .unwrap();
    let start = pos["start"].as_u64().unwrap() as usize;
    let end = pos["end"].as_u64().unwrap() as usize;
    assert!(start <= end && end <= chars.len());
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let exact = slice(start, end);
    assert_eq!(s(&quote["exact"]), exact);
    let prefix = slice(start.saturating_sub(32), start);
    let suffix = slice(end, (end + 32).min(chars.len()));
    assert_eq!(quote["prefix"].as_str().unwrap_or(""), prefix);
    assert_eq!(quote["suffix"].as_str().unwrap_or(""), suffix);
    // Empty context is left out rather than written as "".
    assert_eq!(quote.get("prefix").is_some(), !prefix.is_empty());
    assert_eq!(quote.get("suffix").is_some(), !suffix.is_empty());
    (start, end, exact)
}

/// Oracle and structure over a whole collection; `texts` maps document IRIs to texts.
/// Returns the annotations by id.
fn check_collection(v: &Value, texts: &BTreeMap<String, &str>) -> BTreeMap<String, Value> {
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    assert!(s(&v["id"]).starts_with("urn:glossa:collection:"));
    assert_eq!(v["first"]["type"], "AnnotationPage");
    assert_eq!(v["first"]["startIndex"], 0);
    let items = items(v);
    assert_eq!(v["total"].as_u64().unwrap() as usize, items.len());
    let mut by_id = BTreeMap::new();
    for a in items {
        let id = s(&a["id"]).to_owned();
        assert!(id.starts_with("urn:glossa:anno:"), "{id}");
        assert!(by_id.insert(id.clone(), a.clone()).is_none(), "{id} unique");
    }
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert!(PURPOSES.contains(&s(&a["motivation"])));
        let targets = arr(&a["target"]);
        assert!(!targets.is_empty());
        for t in targets {
            match t {
                Value::String(iri) => assert!(
                    by_id.contains_key(iri) || texts.contains_key(iri),
                    "target {iri} resolves"
                ),
                _ => {
                    check_span(t, texts);
                }
            }
        }
        let bodies = arr(&a["body"]);
        assert!(!bodies.is_empty());
        for b in bodies {
            assert!(PURPOSES.contains(&s(&b["purpose"])), "{b}");
            match s(&b["type"]) {
                "TextualBody" => assert!(!s(&b["value"]).is_empty()),
                "SpecificResource" if b.get("selector").is_some() => {
                    check_span(b, texts);
                }
                "SpecificResource" => {
                    assert!(by_id.contains_key(s(&b["source"])), "{b} resolves")
                }
                other => panic!("body type {other}"),
            }
        }
    }
    by_id
}

/// The body with this `label`, if any.
fn body<'a>(a: &'a Value, label: &str) -> Option<&'a Value> {
    arr(&a["body"]).iter().find(|b| b["label"] == label)
}

fn python_check(dir: &str, file: &ExportFile, texts: &[&str]) {
    let out = root().join("target").join("format-checks").join(dir);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(out.join("w3c")).unwrap();
    std::fs::write(out.join("w3c").join(&file.name), &file.bytes).unwrap();
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
        .arg(root().join("tests/consumers/check_w3c.py"))
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success(),
        "check_w3c.py failed:\n{stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(stdout.trim_end().ends_with("passed, 0 failed"), "{stdout}");
}

// ---------------------------------------------------------------------------------
// The fixture corpus.

fn fixture_texts(f: &common::Fixture) -> BTreeMap<String, &'static str> {
    [
        (w3c::doc_iri(f.docs[0]), common::TEXT_A),
        (w3c::doc_iri(f.docs[1]), common::TEXT_B),
    ]
    .into_iter()
    .collect()
}

#[test]
fn fixture_matches_the_golden_file() {
    let f = common::fixture();
    let file = w3c::export(&f.editor.ws, &f.docs).unwrap();
    assert_eq!(file.name, "glossa-w3c.jsonld");
    assert_eq!(file.mime, "application/ld+json");
    let path = root().join("tests/golden/w3c.jsonld");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &file.bytes).unwrap();
    }
    let golden = std::fs::read(&path).expect("tests/golden/w3c.jsonld (UPDATE_GOLDEN=1)");
    assert!(
        golden == file.bytes,
        "differs from tests/golden/w3c.jsonld (UPDATE_GOLDEN=1 to accept):\n{}",
        String::from_utf8_lossy(&file.bytes)
    );
    // Deterministic: a second export is byte-identical.
    assert_eq!(w3c::export(&f.editor.ws, &f.docs).unwrap(), file);
}

#[test]
fn fixture_passes_the_oracle_and_structure_checks() {
    let f = common::fixture();
    let v = parse(&w3c::export(&f.editor.ws, &f.docs).unwrap());
    let texts = fixture_texts(&f);
    let by_id = check_collection(&v, &texts);
    let ws = &f.editor.ws;
    let project = ws.project(f.project).unwrap();
    let n: usize = f.docs.iter().map(|d| ws.doc(*d).unwrap().ann.count()).sum();
    assert_eq!(
        by_id.len(),
        n,
        "one annotation per mention, entity, quote, stance"
    );
    // Every mention: its label as tagging body, its span at the code-point offsets
    // Python would count, independently computed here.
    for d in &f.docs {
        let ds = ws.doc(*d).unwrap();
        let text = ds.text();
        let cp = |sp: Span| {
            (
                text[..sp.start.0].chars().count(),
                text[..sp.end.0].chars().count(),
            )
        };
        for m in ds.ann.mentions.values() {
            let a = &by_id[&w3c::anno_iri(m.id)];
            assert_eq!(a["motivation"], "tagging");
            let b = &arr(&a["body"])[0];
            assert_eq!(b["purpose"], "tagging");
            assert_eq!(b["value"], project.schema.get(m.label).unwrap().name);
            let (st, en, exact) = check_span(&arr(&a["target"])[0], &texts);
            assert_eq!((st, en), cp(m.span));
            assert_eq!(exact, ds.span_text(m.span));
            match m.entity {
                Some(e) => assert_eq!(
                    body(a, "entity").unwrap()["source"],
                    w3c::anno_iri(e).as_str()
                ),
                None => assert!(body(a, "entity").is_none()),
            }
        }
        for q in ds.ann.quotes.values() {
            let a = &by_id[&w3c::anno_iri(q.id)];
            let (st, en, _) = check_span(&arr(&a["target"])[0], &texts);
            assert_eq!((st, en), cp(q.content));
            let cue = body(a, "cue").unwrap();
            let (st, en, _) = check_span(cue, &texts);
            assert_eq!((st, en), cp(q.cue.unwrap()));
        }
    }
    // Code points, not bytes or UTF-16: "Okafor" after the flag.
    let okafor = by_id
        .values()
        .flat_map(|a| arr(&a["target"]))
        .find(|t| t["selector"][0]["exact"] == "Okafor")
        .unwrap();
    assert_eq!(okafor["selector"][1]["start"], 111);
}

#[test]
fn fixture_links_quotes_entities_and_stances() {
    let f = common::fixture();
    let v = parse(&w3c::export(&f.editor.ws, &f.docs).unwrap());
    let by_id = check_collection(&v, &fixture_texts(&f));
    let ds = f.editor.ws.doc(f.docs[0]).unwrap();
    let find = |pred: &dyn Fn(&Value) -> bool| by_id.values().find(|a| pred(a)).unwrap();
    let exact_of = |a: &Value| arr(&a["target"])[0]["selector"][0]["exact"].clone();
    let mention = |text: &str| {
        let t = text.to_owned();
        find(&move |a: &Value| a["motivation"] == "tagging" && exact_of(a) == t.as_str())
    };
    // Entities identify their mentions.
    let okafor_e = find(&|a: &Value| {
        a["motivation"] == "identifying" && arr(&a["body"])[0]["value"] == "Renée Okafor"
    });
    assert_eq!(arr(&okafor_e["body"])[1]["value"], "PERSON");
    let targets: Vec<&str> = arr(&okafor_e["target"]).iter().map(s).collect();
    assert_eq!(
        targets,
        [
            s(&mention("Rene\u{301}e Okafor")["id"]),
            s(&mention("Okafor")["id"])
        ]
    );
    // The direct quote: kind, speaker (a mention), cue.
    let q1 = find(&|a: &Value| {
        a["motivation"] == "linking" && exact_of(a) == "We will reopen the northern quay by June,"
    });
    assert_eq!(body(q1, "kind").unwrap()["value"], "direct");
    assert_eq!(
        body(q1, "speaker").unwrap()["source"],
        mention("Okafor")["id"]
    );
    assert_eq!(
        body(q1, "cue").unwrap()["selector"][0]["exact"],
        "told reporters"
    );
    // The indirect quote's speaker is an entity.
    let q2 =
        find(&|a: &Value| a["motivation"] == "linking" && exact_of(a) == "he opposed the plan");
    let omar = find(&|a: &Value| {
        a["motivation"] == "identifying" && arr(&a["body"])[0]["value"] == "Omar Farouk"
    });
    assert_eq!(body(q2, "speaker").unwrap()["source"], omar["id"]);
    // The AGAINST stance: polarity, holder, topic, note; evidence quote + span.
    let st = find(&|a: &Value| body(a, "polarity").is_some_and(|b| b["value"] == "AGAINST"));
    assert_eq!(st["motivation"], "classifying");
    assert_eq!(body(st, "holder").unwrap()["source"], omar["id"]);
    let target = body(st, "target").unwrap();
    assert_eq!(target["type"], "TextualBody");
    assert_eq!(target["value"], "Reopening the northern quay");
    assert!(s(&target["id"]).starts_with("urn:glossa:topic:"));
    assert!(arr(&st["body"])
        .iter()
        .any(|b| b["purpose"] == "commenting"
            && b["value"] == "Reported speech, not a direct quote."));
    let t = arr(&st["target"]);
    assert_eq!(t[0], q2["id"]);
    assert_eq!(t[1]["selector"][0]["exact"], "opposed the plan");
    assert_eq!(t[1]["source"], w3c::doc_iri(ds.doc.id).as_str());
    // The stance without evidence targets its document; its target is an entity.
    let none = find(&|a: &Value| body(a, "polarity").is_some_and(|b| b["value"] == "NONE"));
    assert_eq!(arr(&none["target"])[0], w3c::doc_iri(f.docs[1]).as_str());
    assert_eq!(body(none, "target").unwrap()["purpose"], "linking");
}

#[test]
fn fixture_passes_the_python_consumer_check() {
    let f = common::fixture();
    let file = w3c::export(&f.editor.ws, &f.docs).unwrap();
    python_check("w3c-fixture", &file, &[common::TEXT_A, common::TEXT_B]);
}

// ---------------------------------------------------------------------------------
// Edge cases.

const EDGE_TEXT: &str = "🇵🇹 Ana said:\r\n“Line one\r\nline two” e\u{301} — Ana again.";

fn id(n: u64) -> Id {
    Id(0x1111_2222_0000_0000 + n)
}

fn doc(n: u64, text: &str) -> Document {
    Document {
        id: id(n),
        title: format!("Doc {n}"),
        source: "edge.txt".into(),
        text: text.into(),
        status: DocStatus::Todo,
        created_ms: 0,
        modified_ms: 0,
        annotator: String::new(),
    }
}

fn pending() -> Meta {
    Meta {
        provenance: Provenance::Suggested {
            by: "test".into(),
            accepted: false,
        },
        note: None,
    }
}

fn edge() -> (Workspace, Vec<Id>) {
    let f = |needle: &str, n: usize| common::find(EDGE_TEXT, needle, n);
    let person = Label {
        id: id(100),
        name: "Person / Personne".into(),
        color: Color::parse("#336699").unwrap(),
        hotkey: None,
        description: String::new(),
    };
    let mut ann = Annotations::default();
    let mention = |n: u64, span: Span, entity: Option<u64>, meta: Meta| Mention {
        id: id(n),
        span,
        label: person.id,
        entity: entity.map(id),
        meta,
    };
    for m in [
        // At the very start (no prefix) and at the very end (no suffix).
        mention(10, f("🇵🇹", 0), None, Meta::default()),
        mention(11, f("Ana", 0), Some(20), Meta::default()),
        mention(12, f("again.", 0), None, Meta::default()),
        mention(13, f("Ana", 1), Some(20), pending()),
        mention(
            14,
            f("e\u{301}", 0),
            None,
            Meta {
                provenance: Provenance::Manual,
                note: Some("line\nbreak".into()),
            },
        ),
    ] {
        ann.mentions.insert(m.id, m);
    }
    for (n, name, meta) in [
        (20, "Ana", Meta::default()),
        (21, "Ghost", Meta::default()),
        (22, "Maybe", pending()),
    ] {
        ann.entities.insert(
            id(n),
            Entity {
                id: id(n),
                name: name.into(),
                label: person.id,
                meta,
            },
        );
    }
    ann.quotes.insert(
        id(30),
        Quote {
            id: id(30),
            content: f("Line one\r\nline two", 0),
            cue: Some(f("said", 0)),
            speaker: Some(Speaker::Mention(id(13))),
            kind: QuoteKind::Mixed,
            continues: None,
            meta: Meta::default(),
        },
    );
    ann.quotes.insert(
        id(31),
        Quote {
            id: id(31),
            content: f("Ana again", 0),
            cue: None,
            speaker: Some(Speaker::Entity(id(21))),
            kind: QuoteKind::Indirect,
            continues: Some(id(30)),
            meta: Meta::default(),
        },
    );
    let topic = Topic {
        id: id(90),
        name: "Ferries".into(),
    };
    ann.stances.insert(
        id(40),
        Stance {
            id: id(40),
            holder: Some(id(21)),
            target: Some(StanceTarget::Topic(topic.id)),
            polarity: Polarity::Favor,
            evidence: vec![],
            meta: Meta::default(),
        },
    );
    ann.stances.insert(
        id(41),
        Stance {
            id: id(41),
            holder: Some(id(22)),
            target: Some(StanceTarget::Entity(id(22))),
            polarity: Polarity::Against,
            evidence: vec![
                Evidence::Quote { id: id(31) },
                Evidence::Span {
                    span: f("Line one\r\nline two", 0),
                },
            ],
            meta: Meta::default(),
        },
    );
    ann.stances.insert(
        id(42),
        Stance {
            id: id(42),
            holder: None,
            target: None,
            polarity: Polarity::None,
            evidence: vec![],
            meta: pending(),
        },
    );
    let project = Project {
        id: id(99),
        name: "Edge".into(),
        schema: LabelSchema {
            labels: vec![person],
        },
        topics: [(topic.id, topic)].into_iter().collect(),
        documents: vec![id(1), id(2)],
    };
    let ws = Workspace::from_parts(
        vec![project],
        vec![
            (doc(1, EDGE_TEXT), ann),
            (doc(2, ""), Annotations::default()),
        ],
        3,
    );
    assert_eq!(ws.validate(), vec![], "the edge corpus is valid");
    (ws, vec![id(1), id(2), id(1)])
}

#[test]
fn edge_corpus_passes_the_oracle_and_structure_checks() {
    let (ws, docs) = edge();
    let v = parse(&w3c::export(&ws, &docs).unwrap());
    let texts: BTreeMap<String, &str> =
        [(w3c::doc_iri(id(1)), EDGE_TEXT), (w3c::doc_iri(id(2)), "")]
            .into_iter()
            .collect();
    let by_id = check_collection(&v, &texts);
    assert_eq!(v["label"], "Glossa annotations of 2 documents");
    // Pending suggestions (mention 13, entity 22, stance 42) and what refers to them
    // are left out; the document listed twice is exported once.
    let ids: BTreeSet<&str> = by_id.keys().map(String::as_str).collect();
    let expected: BTreeSet<String> = [10, 11, 12, 14, 20, 21, 30, 31, 40, 41]
        .map(|n| w3c::anno_iri(id(n)))
        .into_iter()
        .collect();
    assert_eq!(ids, expected.iter().map(String::as_str).collect());
    let get = |n: u64| &by_id[&w3c::anno_iri(id(n))];
    // Context left out at the edges of the text.
    let flag = &arr(&get(10)["target"])[0]["selector"][0];
    assert!(flag.get("prefix").is_none());
    assert_eq!(s(&flag["suffix"]).chars().count(), 32);
    let end = &arr(&get(12)["target"])[0]["selector"][0];
    assert!(end.get("suffix").is_none());
    assert_eq!(s(&end["prefix"]).chars().count(), 32);
    // A span across CRLF is one segment, its exact text holding the CRLF.
    let q = get(30);
    assert_eq!(
        arr(&q["target"])[0]["selector"][0]["exact"],
        "Line one\r\nline two"
    );
    assert_eq!(arr(&q["target"])[0]["selector"][1]["start"], 15);
    // The speaker was a pending mention: no speaker body.
    assert!(body(q, "speaker").is_none());
    assert_eq!(body(q, "kind").unwrap()["value"], "mixed");
    // Entity speaker without a mention; continuation.
    let q2 = get(31);
    assert_eq!(
        body(q2, "speaker").unwrap()["source"],
        w3c::anno_iri(id(21)).as_str()
    );
    assert_eq!(
        body(q2, "continues").unwrap()["source"],
        w3c::anno_iri(id(30)).as_str()
    );
    // An entity without mentions targets its document; one whose only other mention
    // is pending targets the remaining one.
    assert_eq!(arr(&get(21)["target"])[0], w3c::doc_iri(id(1)).as_str());
    assert_eq!(arr(&get(20)["target"]).len(), 1);
    // Stance without evidence targets the document; holder, topic kept.
    let s40 = get(40);
    assert_eq!(arr(&s40["target"])[0], w3c::doc_iri(id(1)).as_str());
    assert_eq!(
        body(s40, "holder").unwrap()["source"],
        w3c::anno_iri(id(21)).as_str()
    );
    assert_eq!(body(s40, "target").unwrap()["value"], "Ferries");
    // Stance whose holder and target entity are pending: neither is linked.
    let s41 = get(41);
    assert!(body(s41, "holder").is_none() && body(s41, "target").is_none());
    assert_eq!(arr(&s41["target"]).len(), 2);
    // A note keeps its line break (JSON escapes it).
    assert!(arr(&get(14)["body"])
        .iter()
        .any(|b| b["purpose"] == "commenting" && b["value"] == "line\nbreak"));
    // Order: mentions in text order, then entities, quotes, stances.
    let order: Vec<&str> = items(&v).iter().map(|a| s(&a["id"])).collect();
    let expected_order: Vec<String> = [10, 11, 14, 12, 20, 21, 30, 31, 40, 41]
        .map(|n| w3c::anno_iri(id(n)))
        .into();
    assert_eq!(order, expected_order);
}

#[test]
fn edge_corpus_passes_the_python_consumer_check() {
    let (ws, docs) = edge();
    let file = w3c::export(&ws, &docs).unwrap();
    python_check("w3c-edge", &file, &[EDGE_TEXT]);
}

#[test]
fn errors_are_reported_not_panicked() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    assert_eq!(w3c::export(ws, &[]), Err(ExportError::Empty));
    assert_eq!(
        w3c::export(ws, &[Id(42)]),
        Err(ExportError::NoDocument(Id(42)))
    );
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
    let bad = Workspace::from_parts(vec![project], vec![(doc(7, "short"), ann)], 1);
    assert!(matches!(
        w3c::export(&bad, &[id(7)]),
        Err(ExportError::BadSpan { .. })
    ));
}

#[test]
fn exports_through_the_format_menu() {
    let f = common::fixture();
    let one = glossa::formats::export(
        &f.editor.ws,
        &f.docs,
        glossa::formats::Format::W3c,
        Default::default(),
        "corpus",
    )
    .unwrap();
    assert_eq!(one.name, "corpus-w3c.jsonld");
    assert_eq!(one.mime, "application/ld+json");
    assert_eq!(one.bytes, w3c::export(&f.editor.ws, &f.docs).unwrap().bytes);
}

// ---------------------------------------------------------------------------------
// Random texts of awkward characters and random spans on grapheme boundaries.

/// Whole graphemes (so every join between pieces is a grapheme boundary).
const PIECES: [&str; 11] = [
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
    "Zoë",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn random_spans_pass_the_oracle(
        pieces in proptest::collection::vec(0..PIECES.len(), 1..60),
        spans in proptest::collection::vec((0usize..61, 0usize..61), 0..12),
    ) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        let mut bounds = vec![0];
        for &i in &pieces {
            bounds.push(bounds.last().unwrap() + PIECES[i].len());
        }
        let person = Label {
            id: id(100),
            name: "PERSON".into(),
            color: Color::parse("#336699").unwrap(),
            hotkey: None,
            description: String::new(),
        };
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
        let mentions: Vec<(Id, Span)> = ann.mentions.values().map(|m| (m.id, m.span)).collect();
        let ws = Workspace::from_parts(vec![project], vec![(doc(1, &text), ann)], 1);
        proptest::prop_assert_eq!(ws.validate(), vec![]);
        let v = parse(&w3c::export(&ws, &[id(1)]).unwrap());
        let texts: BTreeMap<String, &str> = [(w3c::doc_iri(id(1)), text.as_str())].into_iter().collect();
        let by_id = check_collection(&v, &texts);
        for (mid, span) in mentions {
            let a = &by_id[&w3c::anno_iri(mid)];
            let (s, e, exact) = check_span(&arr(&a["target"])[0], &texts);
            proptest::prop_assert_eq!(s, text[..span.start.0].chars().count());
            proptest::prop_assert_eq!(e, text[..span.end.0].chars().count());
            proptest::prop_assert_eq!(exact, &text[span.start.0..span.end.0]);
        }
    }
}
