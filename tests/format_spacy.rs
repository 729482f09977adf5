#![cfg(not(target_arch = "wasm32"))]
//! spaCy / Prodigy JSONL: golden file of the fixture corpus, an independent oracle
//! (slicing by code points), import(export(x)) round trips, malformed input.

mod common;

use glossa::formats::{add_imported, spacy, ExportError, ImportError, ImportedDoc};
use glossa::model::annotations::Provenance;
use glossa::model::edit::{AnnotationId, Editor};
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/spacy.jsonl");

fn fixture_export() -> (common::Fixture, String) {
    let f = common::fixture();
    let file = spacy::export(&f.editor.ws, &f.docs).unwrap();
    assert_eq!(file.name, "glossa-spacy.jsonl");
    assert_eq!(file.mime, "application/x-ndjson");
    let text = String::from_utf8(file.bytes).unwrap();
    (f, text)
}

fn lines(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The oracle: Python-style slicing by code points.
fn slice_chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap()
}

/// Every (byte span, label name) of a document's mentions.
fn mention_set(ws: &Workspace, doc: Id) -> BTreeSet<(Span, String)> {
    let ds = ws.doc(doc).unwrap();
    let schema = &ws.project_of(doc).unwrap().schema;
    ds.ann
        .mentions
        .values()
        .map(|m| (m.span, schema.get(m.label).unwrap().name.clone()))
        .collect()
}

fn refusal(jsonl: &str) -> Vec<String> {
    match spacy::import(jsonl, "in.jsonl") {
        Err(ImportError::Invalid { problems }) => problems,
        other => panic!("expected the file to be refused, got {other:?}"),
    }
}

#[test]
fn golden_file() {
    let (_, out) = fixture_export();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &out).unwrap();
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("run with UPDATE_GOLDEN=1 once");
    assert_eq!(
        out, golden,
        "the export changed: check, then UPDATE_GOLDEN=1"
    );
}

#[test]
fn oracle_every_offset_slices_to_its_text_in_code_points() {
    let (f, out) = fixture_export();
    let ws = &f.editor.ws;
    let docs = lines(&out);
    assert_eq!(docs.len(), 2);
    assert!(out.ends_with('\n') && !out.ends_with("\n\n"));
    let mut checked = 0;
    let mut after_astral = 0;
    for (doc, id) in docs.iter().zip(f.docs) {
        let text = doc["text"].as_str().unwrap();
        assert_eq!(text, ws.doc(id).unwrap().text(), "text is verbatim");
        let mut check = |v: &Value| {
            let (s, e) = (n(&v["start"]), n(&v["end"]));
            assert_eq!(slice_chars(text, s, e), v["text"].as_str().unwrap());
            checked += 1;
        };
        let spans = doc["spans"].as_array().unwrap();
        for s in spans {
            check(s);
            if text
                .chars()
                .take(n(&s["start"]) as usize)
                .any(|c| c > '\u{FFFF}')
            {
                after_astral += 1;
            }
        }
        for q in doc["quotes"].as_array().unwrap() {
            check(q);
            if !q["cue"].is_null() {
                check(&q["cue"]);
            }
            if q["speaker"].get("start").is_some() {
                check(&q["speaker"]);
            }
        }
        // Sorted by (start, end).
        let keys: Vec<(u64, u64)> = spans
            .iter()
            .map(|s| (n(&s["start"]), n(&s["end"])))
            .collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
        // Exactly the document's mentions, with their labels.
        let ds = ws.doc(id).unwrap();
        let idx = ds.text_index();
        let exported: BTreeSet<(Span, String)> = spans
            .iter()
            .map(|s| {
                let span = idx
                    .span_from_chars(
                        text,
                        glossa::model::offsets::CharOffset(n(&s["start"]) as usize),
                        glossa::model::offsets::CharOffset(n(&s["end"]) as usize),
                    )
                    .unwrap();
                (span, s["label"].as_str().unwrap().to_owned())
            })
            .collect();
        assert_eq!(exported, mention_set(ws, id));
        assert_eq!(spans.len(), ds.ann.mentions.len());
        assert_eq!(doc["meta"]["id"], id.to_string());
        assert_eq!(doc["meta"]["title"], ds.doc.title.as_str());
        assert_eq!(
            doc["meta"]["status"],
            serde_json::to_value(ds.doc.status).unwrap()
        );
        assert_eq!(doc["meta"]["source"], ds.doc.source.as_str());
        assert_eq!(doc["meta"]["project"], "Fixture");
    }
    assert_eq!(
        checked, 19,
        "11 spans, 3 quotes, 3 cues, 2 speaker mentions"
    );
    assert!(after_astral >= 2, "spans after emoji/flags: {after_astral}");
}

#[test]
fn quotes_speakers_and_entities() {
    let (_, out) = fixture_export();
    let docs = lines(&out);
    let a = &docs[0];
    let quotes = a["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2);
    let q1 = &quotes[0];
    assert_eq!(q1["text"], "We will reopen the northern quay by June,");
    assert_eq!(q1["kind"], "direct");
    assert_eq!(q1["cue"]["text"], "told reporters");
    assert_eq!(q1["speaker"]["text"], "Okafor");
    assert_eq!(q1["speaker"]["label"], "PERSON");
    assert!(q1["continues"].is_null());
    let q2 = &quotes[1];
    assert_eq!(q2["kind"], "indirect");
    assert_eq!(q2["speaker"]["name"], "Omar Farouk");
    // The speaker entity is listed, and its mentions point to it.
    let omar = q2["speaker"]["entity"].as_str().unwrap();
    let entities = a["entities"].as_array().unwrap();
    assert!(entities
        .iter()
        .any(|e| e["id"] == omar && e["label"] == "PERSON"));
    let grouped: Vec<&str> = a["spans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["entity"] == omar)
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(grouped, ["عمر فاروق", "he"]);
    // The speaker mention carries the entity too.
    assert_eq!(
        q1["speaker"]["entity"],
        entities
            .iter()
            .find(|e| e["name"] == "Renée Okafor")
            .unwrap()["id"]
    );
}

#[test]
fn round_trip_of_the_fixture() {
    let (f, out) = fixture_export();
    let ws = &f.editor.ws;
    let docs = spacy::import(&out, "fixture-spacy.jsonl").unwrap();
    assert_eq!(docs.len(), 2);
    for (d, id) in docs.iter().zip(f.docs) {
        let ds = ws.doc(id).unwrap();
        assert_eq!(d.text, ds.text());
        assert_eq!(d.title, ds.doc.title);
        assert_eq!(d.source, ds.doc.source);
        let got: BTreeSet<(Span, String)> = d.mentions.iter().cloned().collect();
        assert_eq!(got, mention_set(ws, id));
    }
    // Into a fresh workspace: suggestions with provenance, all valid, one undo step.
    let mut ed = Editor::new(Workspace::new(7));
    let p = ed.add_project("Imported", 1);
    add_imported(&mut ed, p, docs, spacy::PROVENANCE, 2).unwrap();
    assert_eq!(ed.ws.validate(), vec![]);
    let all: Vec<_> = ed.ws.docs().flat_map(|d| d.ann.mentions.values()).collect();
    assert_eq!(all.len(), 11);
    assert!(all.iter().all(|m| m.meta.provenance
        == Provenance::Suggested {
            by: "spacy-jsonl".into(),
            accepted: false
        }));
}

#[test]
fn pending_suggestions_are_not_exported_until_accepted() {
    let mut ed = Editor::new(Workspace::new(9));
    let p = ed.add_project("P", 1);
    let doc = ImportedDoc {
        title: "T".into(),
        source: "s".into(),
        text: "Ada met Obi.".into(),
        mentions: vec![
            (Span::from_bytes(0, 3).unwrap(), "PERSON".into()),
            (Span::from_bytes(8, 11).unwrap(), "PERSON".into()),
        ],
    };
    add_imported(&mut ed, p, vec![doc], "model", 2).unwrap();
    let id = ed.ws.project(p).unwrap().documents[0];
    let export = |ws: &Workspace| {
        lines(&String::from_utf8(spacy::export(ws, &[id]).unwrap().bytes).unwrap())
    };
    assert_eq!(export(&ed.ws)[0]["spans"], serde_json::json!([]));
    let first = ed
        .ws
        .doc(id)
        .unwrap()
        .ann
        .mentions
        .values()
        .find(|m| m.span.start.0 == 0)
        .unwrap()
        .id;
    ed.accept(id, AnnotationId::Mention(first)).unwrap();
    let spans = &export(&ed.ws)[0]["spans"];
    assert_eq!(spans.as_array().unwrap().len(), 1);
    assert_eq!(spans[0]["text"], "Ada");
}

#[test]
fn export_errors() {
    let f = common::fixture();
    assert_eq!(spacy::export(&f.editor.ws, &[]), Err(ExportError::Empty));
    assert_eq!(
        spacy::export(&f.editor.ws, &[Id(42)]),
        Err(ExportError::NoDocument(Id(42)))
    );
}

#[test]
fn prodigy_lines_with_extra_fields_blank_lines_bom_and_crlf() {
    let file = "\u{FEFF}{\"text\":\"Ada Obi visited Lagos.\",\"_input_hash\":1,\"answer\":\"accept\",\
        \"tokens\":[{\"text\":\"Ada\",\"start\":0,\"end\":3,\"id\":0}],\
        \"spans\":[{\"start\":0,\"end\":7,\"token_start\":0,\"token_end\":1,\"label\":\" PERSON \"},\
        {\"start\":16,\"end\":21,\"label\":\"GPE\",\"text\":\"Lagos\"},\
        {\"start\":16,\"end\":21,\"label\":\"gpe\"}],\
        \"meta\":{\"source\":\"https://example.org/a\",\"score\":0.5}}\r\n\r\n   \r\n\
        {\"text\":\"Second\\r\\ntext\",\"meta\":{\"title\":\"  My title \"}}\r\n";
    let docs = spacy::import(file, "prodigy.jsonl").unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].title, "Ada Obi visited Lagos.");
    assert_eq!(docs[0].source, "https://example.org/a");
    assert_eq!(
        docs[0].mentions,
        vec![
            (Span::from_bytes(0, 7).unwrap(), "PERSON".to_owned()),
            (Span::from_bytes(16, 21).unwrap(), "GPE".to_owned()),
        ],
        "labels trimmed, a duplicate differing only in case kept once"
    );
    assert_eq!(docs[1].text, "Second\r\ntext");
    assert_eq!(docs[1].title, "My title");
    assert_eq!(docs[1].source, "prodigy.jsonl");
    assert!(docs[1].mentions.is_empty());
}

#[test]
fn malformed_files_are_refused_with_line_field_and_expectation() {
    let text = "x".repeat(98);
    let cases: Vec<(String, &str)> = vec![
        (
            format!(
                "{{\"text\":\"a\"}}\n{{\"text\":\"b\"}}\n{{\"text\":\"{text}\",\"spans\":[{{\"start\":0,\"end\":1,\"label\":\"P\"}},{{\"start\":0,\"end\":2,\"label\":\"P\"}},{{\"start\":3,\"end\":120,\"label\":\"P\"}}]}}"
            ),
            "line 3: spans[2].end: 120 is past the end of the text (98 code points); expected an offset from 0 to 98",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 2, \"end\": 1, \"label\": \"P\"}]}".into(),
            "line 1: spans[0]: start 2 is after end 1",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 1, \"end\": 1, \"label\": \"P\"}]}".into(),
            "line 1: spans[0]: start and end are both 1; a span needs at least one character",
        ),
        (
            "{\"spans\": []}".into(),
            "line 1: text: missing; every line needs the document's text as a string",
        ),
        (
            "{\"text\": 5}".into(),
            "line 1: text: expected a string, found a number",
        ),
        ("{\"text\": \"\"}".into(), "line 1: text: is empty; expected the document's text"),
        (
            "[1, 2]".into(),
            "line 1: expected a JSON object like {\"text\": \"…\", \"spans\": […]}, found a list",
        ),
        (
            "{\"text\": \"abc\", \"spans\": {}}".into(),
            "line 1: spans: expected a list of spans, found an object",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [7]}".into(),
            "line 1: spans[0]: expected an object like {\"start\": 0, \"end\": 5, \"label\": \"PERSON\"}, found a number",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": -1, \"end\": 2, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].start: expected a whole number of code points (0 or more), found -1",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2.5, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].end: expected a whole number of code points (0 or more), found 2.5",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": \"0\", \"end\": 2, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].start: expected a whole number of code points (0 or more), found a string",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"end\": 2, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].start: missing; expected a code point offset",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2}]}".into(),
            "line 1: spans[0].label: missing; expected a label name such as PERSON",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"  \"}]}".into(),
            "line 1: spans[0].label: is empty; expected a label name such as PERSON",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": 3}]}".into(),
            "line 1: spans[0].label: expected a string, found a number",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"P\", \"text\": [] }]}".into(),
            "line 1: spans[0].text: expected a string, found a list",
        ),
        (
            "{\"text\": \"abc\", \"meta\": \"x\"}".into(),
            "line 1: meta: expected an object, found a string",
        ),
        (
            "{\"text\": \"abc\", \"meta\": {\"title\": 1}}".into(),
            "line 1: meta.title: expected a string, found a number",
        ),
        (
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"P\", \"text\": \"bc\"}]}".into(),
            "line 1: spans[0].text: expected \"ab\" (the text at code points 0..2), found \"bc\"",
        ),
        (
            // Byte offsets: "Obi" is at bytes 9..12 but code points 7..10.
            "{\"text\": \"ÉÉ Ada Obi\", \"spans\": [{\"start\": 9, \"end\": 12, \"label\": \"P\", \"text\": \"Obi\"}]}".into(),
            "line 1: spans[0].end: 12 is past the end of the text (10 code points); expected an offset from 0 to 10; the offsets look like UTF-8 byte offsets, but this format counts Unicode code points (as Python does)",
        ),
        (
            "{\"text\": \"ÉÉ Ada Obi and more\", \"spans\": [{\"start\": 9, \"end\": 12, \"label\": \"P\", \"text\": \"Obi\"}]}".into(),
            "line 1: spans[0].text: expected \"i a\" (the text at code points 9..12), found \"Obi\"; the offsets look like UTF-8 byte offsets, but this format counts Unicode code points (as Python does)",
        ),
        (
            // Between "e" and its combining accent.
            "{\"text\": \"Rene\u{301}e\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].end: 4 splits what a reader sees as one character (a letter and its accent, a flag, an emoji sequence or a CR LF line break); expected an offset just before or after it",
        ),
        (
            // Half a flag.
            "{\"text\": \"\u{1F1F3}\u{1F1EC} Lagos\", \"spans\": [{\"start\": 1, \"end\": 8, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].start: 1 splits what a reader sees as one character (a letter and its accent, a flag, an emoji sequence or a CR LF line break); expected an offset just before or after it",
        ),
        (
            // Between CR and LF.
            "{\"text\": \"a\\r\\nb\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"P\"}]}".into(),
            "line 1: spans[0].end: 2 splits what a reader sees as one character (a letter and its accent, a flag, an emoji sequence or a CR LF line break); expected an offset just before or after it",
        ),
        (
            "\n\n  \n".into(),
            "the file holds no document: expected one JSON object per line, like {\"text\": \"…\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PERSON\"}]}",
        ),
    ];
    for (file, expected) in cases {
        let problems = refusal(&file);
        assert_eq!(problems, vec![expected.to_owned()], "for {file}");
    }
}

#[test]
fn invalid_json_names_the_line_and_column() {
    let p = refusal("{\"text\": \"ok\"}\n{\"text\": \"abc\", \"spans\": [}\n");
    assert_eq!(p.len(), 1);
    assert_eq!(
        p,
        ["line 2: not valid JSON (expected value at column 27); each line must be one JSON object"]
    );
    // Columns count characters, not bytes.
    let p = refusal("{\"text\": \"éé\", x}");
    assert!(p[0].contains("at column 16)"), "{p:?}");
    let p = refusal("{\"text\": \"abc\"");
    assert!(
        p[0].starts_with("line 1: not valid JSON (EOF while parsing an object"),
        "{p:?}"
    );
}

#[test]
fn several_problems_are_all_named_and_nothing_is_imported() {
    let file = "{\"text\": \"good\", \"spans\": [{\"start\": 0, \"end\": 4, \"label\": \"P\"}]}\n\
                {\"text\": 1, \"spans\": 2}\n\
                {\"text\": \"ab\", \"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"P\"}, {\"start\": 1}]}\n";
    assert_eq!(
        refusal(file),
        vec![
            "line 2: text: expected a string, found a number",
            "line 2: spans: expected a list of spans, found a number",
            "line 3: spans[0].end: 9 is past the end of the text (2 code points); expected an offset from 0 to 2",
            "line 3: spans[1].end: missing; expected a code point offset",
            "line 3: spans[1].label: missing; expected a label name such as PERSON",
        ]
    );
}

#[test]
fn problem_list_is_capped() {
    let line = "{\"text\": \"ab\", \"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"P\"}]}";
    let file = vec![line; 25].join("\n");
    let p = refusal(&file);
    assert_eq!(p.len(), spacy::MAX_PROBLEMS + 1);
    assert!(p[9].starts_with("line 10: "));
    assert_eq!(p[10], "… and 15 more problems");
}

// ---------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------

/// Pieces of text that stress offsets: ASCII, emoji (flags, ZWJ, skin tones), combining
/// marks, Arabic, CJK, CR LF and the line separators JSONL readers trip over.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Ada",
        "Obi",
        "x",
        "Lagos",
        " ",
        " ",
        "  ",
        ".",
        ",",
        "\"",
        "“",
        "”",
        "\r\n",
        "\n",
        "\r\n\r\n",
        "\t",
        "e\u{301}",
        "Rene\u{301}e",
        "a\u{308}\u{301}",
        "\u{301}",
        "🇳🇬",
        "🇵🇹",
        "🇺",
        "👩\u{200D}👩\u{200D}👧",
        "😀",
        "👍🏽",
        "عمر فاروق",
        "\u{600}",
        "中文",
        "東京",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{A0}",
        "\u{FEFF}",
        "\\",
        "\u{0}",
        "3.5",
    ])
}

/// A text and raw span choices `(a, b, label)`, reduced modulo the text's grapheme
/// boundaries when the workspace is built.
type RawDoc = (String, Vec<(usize, usize, usize)>);

fn document() -> impl Strategy<Value = RawDoc> {
    (
        prop::collection::vec(piece(), 1..30).prop_map(|p| p.concat()),
        prop::collection::vec((any::<usize>(), any::<usize>(), 0usize..4), 0..12),
    )
}

/// Builds a workspace with one document per input, mentions on grapheme boundaries.
fn build(docs: &[RawDoc]) -> (Workspace, Vec<Id>) {
    let mut ed = Editor::new(Workspace::new(11));
    let p = ed.add_project("P", 1);
    let labels: Vec<Id> = ed
        .ws
        .project(p)
        .unwrap()
        .schema
        .labels
        .iter()
        .map(|l| l.id)
        .collect();
    let mut ids = Vec::new();
    for (i, (text, raw)) in docs.iter().enumerate() {
        let doc = ed
            .add_document(p, &format!("Doc {i}"), "gen", text, 1)
            .unwrap()
            .created
            .unwrap();
        let bounds: Vec<usize> = text
            .grapheme_indices(true)
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        for &(a, b, l) in raw {
            let (a, b) = (bounds[a % bounds.len()], bounds[b % bounds.len()]);
            let (a, b) = (a.min(b), a.max(b));
            if a == b {
                continue;
            }
            // Duplicates are refused by the editor; that is fine.
            let _ = ed.add_mention(doc, Span::from_bytes(a, b).unwrap(), labels[l], 1);
        }
        ids.push(doc);
    }
    (ed.ws, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn import_of_export_gives_back_the_same_spans_and_labels(
        docs in prop::collection::vec(document(), 1..4)
    ) {
        let (ws, ids) = build(&docs);
        let file = spacy::export(&ws, &ids).unwrap();
        let out = String::from_utf8(file.bytes).unwrap();
        // One line per document, even with U+2028, U+2029 and U+0085 in the text;
        // Python's str.splitlines() splits on those too.
        prop_assert_eq!(out.split('\n').count(), ids.len() + 1);
        let separators = ['\u{2028}', '\u{2029}', '\u{85}', '\r'];
        prop_assert!(!out.contains(separators), "a raw line separator in the output");
        for (line, id) in out.lines().zip(&ids) {
            let v: Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            prop_assert_eq!(text, ws.doc(*id).unwrap().text());
            for s in v["spans"].as_array().unwrap() {
                prop_assert_eq!(
                    slice_chars(text, n(&s["start"]), n(&s["end"])),
                    s["text"].as_str().unwrap()
                );
            }
        }
        let back = spacy::import(&out, "x.jsonl").unwrap();
        prop_assert_eq!(back.len(), ids.len());
        for (d, id) in back.iter().zip(&ids) {
            prop_assert_eq!(&d.text, ws.doc(*id).unwrap().text());
            let got: BTreeSet<(Span, String)> = d.mentions.iter().cloned().collect();
            prop_assert_eq!(got.len(), d.mentions.len());
            prop_assert_eq!(got, mention_set(&ws, *id));
        }
        // And they join a workspace cleanly.
        let mut ed = Editor::new(Workspace::new(3));
        let p = ed.add_project("Q", 1);
        add_imported(&mut ed, p, back, spacy::PROVENANCE, 2).unwrap();
        prop_assert_eq!(ed.ws.validate(), vec![]);
    }

    #[test]
    fn arbitrary_lines_never_panic(line in "\\PC{0,80}", text in "\\PC{0,20}", a in 0usize..30, b in 0usize..30) {
        let _ = spacy::import(&line, "x");
        let json = serde_json::json!({"text": text, "spans": [{"start": a, "end": b, "label": "L"}]});
        match spacy::import(&json.to_string(), "x") {
            Ok(docs) => {
                let (span, _) = &docs[0].mentions[0];
                prop_assert!(glossa::model::text::check_span(&docs[0].text, *span).is_ok());
                prop_assert!(!span.is_empty());
            }
            Err(ImportError::Invalid { problems }) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.len() <= spacy::MAX_PROBLEMS + 1);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
