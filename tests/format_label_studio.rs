//! Label Studio export (tasks JSON + labeling config) and import (pre-annotations).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use glossa::formats::label_studio::{self, CONFIG_FILE, TASKS_FILE};
use glossa::formats::{ExportError, ImportError, ImportedDoc};
use glossa::model::edit::Editor;
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::text::check_span;
use glossa::model::workspace::Workspace;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

fn golden(name: &str, actual: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/label-studio")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(
        String::from_utf8_lossy(actual),
        String::from_utf8_lossy(&expected),
        "{} differs from the golden file (UPDATE_GOLDEN=1 rewrites it after review)",
        path.display()
    );
}

fn export_fixture() -> (common::Fixture, Value, String) {
    let f = common::fixture();
    let files = label_studio::export(&f.editor.ws, &f.docs).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [TASKS_FILE, CONFIG_FILE]);
    let tasks: Value = serde_json::from_slice(&files[0].bytes).unwrap();
    let config = String::from_utf8(files[1].bytes.clone()).unwrap();
    (f, tasks, config)
}

/// Code-point slice, written independently of the crate's `TextIndex`.
fn cp_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#9;", "\t")
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

/// The `value` attributes of `<tag value="…"/>` elements inside the element opened by
/// `open` (e.g. `<Labels name="label"`), by plain string scanning.
fn values_in(config: &str, open: &str, close: &str, tag: &str) -> Vec<String> {
    let start = config
        .find(open)
        .unwrap_or_else(|| panic!("{open} missing"));
    let body = &config[start..];
    let body = &body[..body.find(close).unwrap()];
    let marker = format!("<{tag} value=\"");
    body.match_indices(&marker)
        .map(|(i, _)| {
            let rest = &body[i + marker.len()..];
            unescape_xml(&rest[..rest.find('"').unwrap()])
        })
        .collect()
}

fn results(task: &Value) -> &Vec<Value> {
    task["annotations"][0]["result"].as_array().unwrap()
}

fn invalid(json: &str) -> Vec<String> {
    match label_studio::import(json, "bad.json") {
        Err(ImportError::Invalid { problems }) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn task_with(text: &str, region: Value) -> String {
    json!([{ "data": { "text": text }, "predictions": [{ "result": [region] }] }]).to_string()
}

fn region(start: Value, end: Value, text: Option<&str>, labels: Value) -> Value {
    let mut value = json!({ "start": start, "end": end, "labels": labels });
    if let Some(t) = text {
        value["text"] = json!(t);
    }
    json!({ "id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": value })
}

/// Mentions of a document as (span, label name), sorted.
fn mentions_of(ws: &Workspace, doc: Id) -> Vec<(Span, String)> {
    let ds = ws.doc(doc).unwrap();
    let schema = &ws.project_of(doc).unwrap().schema;
    let mut v: Vec<(Span, String)> = ds
        .ann
        .mentions
        .values()
        .map(|m| (m.span, schema.get(m.label).unwrap().name.clone()))
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------

#[test]
fn export_matches_the_golden_files() {
    let f = common::fixture();
    let files = label_studio::export(&f.editor.ws, &f.docs).unwrap();
    for file in &files {
        golden(&file.name, &file.bytes);
    }
    assert_eq!(files[0].mime, "application/json");
    assert_eq!(files[1].mime, "application/xml");
}

#[test]
fn every_region_slices_to_its_text_by_code_points() {
    let (f, tasks, _) = export_fixture();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    let mut checked = 0;
    for (task, doc) in tasks.iter().zip(f.docs) {
        let ds = f.editor.ws.doc(doc).unwrap();
        let text = task["data"]["text"].as_str().unwrap();
        assert_eq!(text, ds.text(), "the text is verbatim (CRLF kept)");
        assert_eq!(task["data"]["glossa_id"], json!(doc.to_string()));
        assert_eq!(task["data"]["title"], json!(ds.doc.title));
        assert_eq!(task["annotations"][0]["ground_truth"], json!(false));
        for r in results(task) {
            let Some(start) = r["value"]["start"].as_u64() else {
                continue;
            };
            let end = r["value"]["end"].as_u64().unwrap() as usize;
            let want = r["value"]["text"].as_str().unwrap();
            assert_eq!(cp_slice(text, start as usize, end), want, "{r}");
            checked += 1;
        }
    }
    // 7 + 4 mentions, 3 quotes with 3 cues, 2 evidence spans.
    assert_eq!(checked, 11 + 6 + 2);
}

#[test]
fn regions_cover_every_mention_quote_and_evidence() {
    let (f, tasks, _) = export_fixture();
    let a = f.editor.ws.doc(f.docs[0]).unwrap();
    let task = &tasks[0];
    let res = results(task);
    let by_control = |c: &str| -> Vec<&Value> {
        res.iter()
            .filter(|r| r["from_name"] == json!(c) && r["type"] == json!("labels"))
            .collect()
    };
    assert_eq!(by_control("label").len(), a.ann.mentions.len());
    for m in a.ann.mentions.values() {
        let r = by_control("label")
            .into_iter()
            .find(|r| r["id"] == json!(m.id.to_string()))
            .expect("one region per mention, with the mention's id");
        assert_eq!(r["value"]["text"], json!(a.span_text(m.span)));
        assert_eq!(r["to_name"], json!("text"));
    }
    let quote_labels: Vec<&str> = by_control("quote")
        .iter()
        .map(|r| r["value"]["labels"][0].as_str().unwrap())
        .collect();
    assert_eq!(quote_labels, ["QUOTE", "CUE", "QUOTE", "CUE"]);
    assert_eq!(by_control("stance").len(), 1);
    // "Lagos" (LOC) nested in "Lagos Port Authority" (ORG): both present, overlapping.
    let lagos_start = common::TEXT_A[..common::TEXT_A.find("Lagos").unwrap()]
        .chars()
        .count();
    let lagos: Vec<&Value> = by_control("label")
        .into_iter()
        .filter(|r| r["value"]["start"] == json!(lagos_start))
        .collect();
    assert_eq!(lagos.len(), 2, "{lagos:?}");
    // The note of the stance is in the stances text area; the first doc has all three.
    let areas: Vec<&str> = res
        .iter()
        .filter(|r| r["type"] == json!("textarea"))
        .map(|r| r["from_name"].as_str().unwrap())
        .collect();
    assert_eq!(areas, ["entities", "quotes", "stances"]);
    let stances = res
        .iter()
        .find(|r| r["from_name"] == json!("stances"))
        .unwrap();
    let lines: Vec<&str> = stances["value"]["text"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(lines.iter().any(|l| l.starts_with(
        "Omar Farouk AGAINST Reopening the northern quay; evidence: \u{201C}he opposed the plan\u{201D}"
    ) && l.ends_with("note: Reported speech, not a direct quote.")), "{lines:?}");
}

#[test]
fn ids_are_unique_and_relations_point_at_regions() {
    let (_, tasks, config) = export_fixture();
    let declared: HashSet<String> = values_in(&config, "<Relations>", "</Relations>", "Relation")
        .into_iter()
        .collect();
    let mut relation_labels = BTreeSet::new();
    for task in tasks.as_array().unwrap() {
        let res = results(task);
        let mut ids = HashSet::new();
        for r in res.iter().filter(|r| r["type"] != json!("relation")) {
            assert!(ids.insert(r["id"].as_str().unwrap()), "duplicate id in {r}");
        }
        let regions: HashSet<&str> = res
            .iter()
            .filter(|r| r["type"] == json!("labels"))
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        for r in res.iter().filter(|r| r["type"] == json!("relation")) {
            assert!(regions.contains(r["from_id"].as_str().unwrap()), "{r}");
            assert!(regions.contains(r["to_id"].as_str().unwrap()), "{r}");
            assert_eq!(r["direction"], json!("right"));
            let l = r["labels"][0].as_str().unwrap();
            assert!(declared.contains(l), "relation label {l} not declared");
            relation_labels.insert(l.to_owned());
        }
    }
    let want: BTreeSet<String> = ["speaker", "cue", "AGAINST", "FAVOR"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(relation_labels, want);
}

#[test]
fn speakers_link_quotes_to_mentions_even_for_entity_speakers() {
    let (f, tasks, _) = export_fixture();
    let a = f.editor.ws.doc(f.docs[0]).unwrap();
    let res = results(&tasks[0]);
    let text_of = |id: &str| -> String {
        let r = res.iter().find(|r| r["id"] == json!(id)).unwrap();
        r["value"]["text"].as_str().unwrap().to_owned()
    };
    let mut speakers: Vec<(String, String)> = res
        .iter()
        .filter(|r| r["labels"] == json!(["speaker"]))
        .map(|r| {
            (
                text_of(r["from_id"].as_str().unwrap()),
                text_of(r["to_id"].as_str().unwrap()),
            )
        })
        .collect();
    speakers.sort();
    assert_eq!(
        speakers,
        [
            (
                "We will reopen the northern quay by June,".to_owned(),
                "Okafor".to_owned()
            ),
            // Speaker::Entity(Omar Farouk) → its first mention in text order.
            ("he opposed the plan".to_owned(), "عمر فاروق".to_owned()),
        ]
    );
    assert_eq!(a.ann.quotes.len(), 2);
}

#[test]
fn the_config_declares_every_label_used() {
    let (_, tasks, config) = export_fixture();
    assert!(config.starts_with("<View>\n") && config.ends_with("</View>\n"));
    assert!(config.contains("white-space: pre-wrap"));
    assert!(config.contains("<Text name=\"text\" value=\"$text\"/>"));
    for control in ["label", "quote", "stance"] {
        let open = format!("<Labels name=\"{control}\" toName=\"text\">");
        let declared = values_in(&config, &open, "</Labels>", "Label");
        for task in tasks.as_array().unwrap() {
            for r in results(task)
                .iter()
                .filter(|r| r["from_name"] == json!(control))
            {
                let l = r["value"]["labels"][0].as_str().unwrap();
                assert!(declared.iter().any(|d| d == l), "{l} not in {declared:?}");
            }
        }
    }
    assert!(config.contains("<Label value=\"PERSON\" background=\"#e69f00\"/>"));
    for area in ["entities", "quotes", "stances"] {
        assert!(config.contains(&format!("<TextArea name=\"{area}\" toName=\"text\"")));
    }
}

#[test]
fn label_names_are_xml_escaped() {
    let mut ed = Editor::new(Workspace::new(5));
    let p = ed.add_project("P", 1);
    let label = ed.ws.project(p).unwrap().schema.labels[0].clone();
    let mut renamed = label.clone();
    renamed.name = "A&B <\"x\"> 'y'".into();
    ed.update_label(p, renamed).unwrap();
    let d = ed
        .add_document(p, "T", "", "abc def", 1)
        .unwrap()
        .created
        .unwrap();
    ed.add_mention(d, Span::from_bytes(0, 3).unwrap(), label.id, 1)
        .unwrap();
    let files = label_studio::export(&ed.ws, &[d]).unwrap();
    let config = String::from_utf8(files[1].bytes.clone()).unwrap();
    assert!(config.contains("value=\"A&amp;B &lt;&quot;x&quot;&gt; &apos;y&apos;\""));
    let declared = values_in(&config, "<Labels name=\"label\"", "</Labels>", "Label");
    assert!(declared.contains(&"A&B <\"x\"> 'y'".to_owned()));
    let tasks: Value = serde_json::from_slice(&files[0].bytes).unwrap();
    assert_eq!(
        tasks[0]["annotations"][0]["result"][0]["value"]["labels"],
        json!(["A&B <\"x\"> 'y'"])
    );
}

#[test]
fn export_refuses_nothing_and_missing_documents() {
    let f = common::fixture();
    assert_eq!(
        label_studio::export(&f.editor.ws, &[]),
        Err(ExportError::Empty)
    );
    assert_eq!(
        label_studio::export(&f.editor.ws, &[Id(42)]),
        Err(ExportError::NoDocument(Id(42)))
    );
}

// ---------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------

#[test]
fn the_export_imports_back_as_the_same_mentions() {
    let f = common::fixture();
    let files = label_studio::export(&f.editor.ws, &f.docs).unwrap();
    let json = String::from_utf8(files[0].bytes.clone()).unwrap();
    let docs = label_studio::import(&json, "fixture-label-studio.json").unwrap();
    assert_eq!(docs.len(), 2);
    for (doc, id) in docs.iter().zip(f.docs) {
        let ds = f.editor.ws.doc(id).unwrap();
        assert_eq!(doc.text, ds.text());
        assert_eq!(doc.title, ds.doc.title);
        assert_eq!(doc.source, "fixture-label-studio.json");
        assert_eq!(doc.mentions, mentions_of(&f.editor.ws, id));
    }
}

#[test]
fn predictions_completions_and_bare_tasks_are_read() {
    let text = "Ana 🇵🇹 met Zoë in Lisbon.";
    let json = json!([
        {
            "data": { "text": text, "title": "  First  " },
            "predictions": [{ "model_version": "m1", "result": [
                { "from_name": "label", "to_name": "text", "type": "labels",
                  "value": { "start": 0, "end": 3, "text": "Ana", "labels": ["PER", "person"] } },
                { "from_name": "label", "to_name": "text", "type": "labels",
                  "value": { "start": 11, "end": 14, "labels": [" PERSON "] } },
                // A region on the title (another Text tag): not the document's.
                { "from_name": "label", "to_name": "title", "type": "labels",
                  "value": { "start": 2, "end": 99, "labels": ["X"] } },
                { "from_name": "sentiment", "to_name": "text", "type": "choices",
                  "value": { "choices": ["Positive"] } },
                { "from_id": "a", "to_id": "b", "type": "relation", "direction": "right" }
            ]}],
            "annotations": [{ "result": [
                { "from_name": "label", "to_name": "text", "type": "labels",
                  "value": { "start": 0, "end": 3, "text": "Ana", "labels": ["per"] } },
                { "from_name": "quote", "to_name": "text", "type": "labels",
                  "value": { "start": 7, "end": 10, "text": "met", "labels": ["QUOTE"] } }
            ]}]
        },
        { "text": "Lisbon again", "completions": [{ "result": [
            { "value": { "start": 0.0, "end": 6, "labels": ["LOC"] } }
        ]}]},
        { "data": { "text": "" }, "meta": { "title": "Empty one" } }
    ])
    .to_string();
    let docs = label_studio::import(&json, "ls.json").unwrap();
    let span = |s, e| Span::from_bytes(s, e).unwrap();
    let zoe = text.find("Zoë").unwrap();
    assert_eq!(
        docs[0],
        ImportedDoc {
            title: "First".into(),
            source: "ls.json".into(),
            text: text.into(),
            mentions: vec![
                // Annotations are read before predictions; "PER" repeats "per".
                (span(0, 3), "per".into()),
                (span(0, 3), "person".into()),
                (span(zoe, zoe + "Zoë".len()), "PERSON".into()),
            ],
        }
    );
    assert_eq!(docs[1].title, "Lisbon again");
    assert_eq!(docs[1].mentions, vec![(span(0, 6), "LOC".into())]);
    assert_eq!(docs[2].title, "Empty one");
    assert!(docs[2].mentions.is_empty());
}

#[test]
fn whitespace_trimmed_region_text_is_accepted() {
    // Label Studio without `white-space: pre-wrap` saves region text with runs of
    // whitespace squeezed; the offsets are what counts.
    let text = "Berlin,  Germany.\r\nNext";
    let json = task_with(
        text,
        region(json!(0), json!(16), Some("Berlin, Germany"), json!(["LOC"])),
    );
    let docs = label_studio::import(&json, "x").unwrap();
    assert_eq!(
        docs[0].mentions,
        vec![(Span::from_bytes(0, 16).unwrap(), "LOC".into())]
    );
}

#[test]
fn malformed_files_are_refused_naming_the_place() {
    let text = "Ms Rene\u{301}e 🇳🇬 said\r\nhi";
    // Each case: JSON and a fragment of the first problem.
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "the file is not valid JSON (key must be a string at line 1"),
        ("42".into(), "expected a JSON array of Label Studio tasks, found a number"),
        ("[]".into(), "the file holds no tasks"),
        ("[3]".into(), "task 1: expected an object with \"data\", found a number"),
        (json!([{"data": []}]).to_string(), "task 1: data: expected an object holding the text, found an array"),
        (json!([{"data": {"url": "x"}}]).to_string(), "task 1: data.text: missing: expected the document text as a string"),
        (json!([{"data": {"text": 5}}]).to_string(), "task 1: data.text: expected the document text as a string, found a number"),
        (json!([{"data": {"text": "a"}, "predictions": {}}]).to_string(), "task 1: predictions: expected an array of annotations, found an object"),
        (json!([{"data": {"text": "a"}, "predictions": [{"score": 1}]}]).to_string(), "task 1: predictions[0].result: missing: expected an array of regions"),
        (json!([{"data": {"text": "a"}, "annotations": [{"result": [7]}]}]).to_string(), "task 1: annotations[0].result[0]: expected a region object, found a number"),
        (task_with(text, region(json!(3), json!(99), None, json!(["X"]))), "task 1: predictions[0].result[0].value.end: 99 is past the end of the text (21 code points); expected an offset from 0 to 21"),
        (task_with(text, region(json!(-1), json!(2), None, json!(["X"]))), "task 1: predictions[0].result[0].value.start: expected an offset in code points (a whole number from 0 to 21), found -1"),
        (task_with(text, region(json!("3"), json!(5), None, json!(["X"]))), "value.start: expected an offset in code points (a whole number from 0 to 21), found a string"),
        (task_with(text, region(json!(1.5), json!(5), None, json!(["X"]))), "value.start: expected an offset in code points (a whole number from 0 to 21), found 1.5"),
        (task_with(text, region(json!(5), json!(3), None, json!(["X"]))), "value.end: 3 is less than value.start (5); expected a region of at least one character"),
        (task_with(text, region(json!(4), json!(4), None, json!(["X"]))), "value.end: 4 is equal to value.start (4)"),
        // Between "e" and its combining accent.
        (task_with(text, region(json!(3), json!(7), None, json!(["X"]))), "task 1: predictions[0].result[0].value.end: 7 splits what a reader sees as one character"),
        // Between the two regional indicators of the flag.
        (task_with(text, region(json!(11), json!(13), None, json!(["X"]))), "value.start: 11 splits what a reader sees as one character"),
        // Between CR and LF.
        (task_with(text, region(json!(13), json!(18), None, json!(["X"]))), "value.end: 18 splits what a reader sees as one character"),
        (task_with(text, region(json!(3), json!(9), Some("Renée"), json!(["X"]))), "value.text: expected \"Rene\\u{301}e\" (the text at code points 3..9), found \"Renée\""),
        (task_with(text, region(json!(3), json!(9), None, json!([]))), "value.labels: expected at least one label name, found an empty list"),
        (task_with(text, region(json!(3), json!(9), None, json!("X"))), "value.labels: expected a list of label names, found a string"),
        (task_with(text, region(json!(3), json!(9), None, json!(["  "]))), "value.labels[0]: expected a label name, found an empty string"),
        (task_with(text, json!({"type": "labels", "value": 3})), "predictions[0].result[0].value: expected an object with start, end and labels, found a number"),
    ];
    for (json, want) in cases {
        let problems = invalid(&json);
        assert!(
            problems[0].contains(want),
            "for {json}\n  got:  {problems:?}\n  want: {want}"
        );
    }
}

#[test]
fn utf16_offsets_get_a_hint() {
    // JavaScript indices: the flag counts 4 units, so "said" is at 15..19 in UTF-16
    // but at 13..17 in code points.
    let text = "Ms Okafor 🇳🇬 said hi";
    let json = task_with(
        text,
        region(json!(15), json!(19), Some("said"), json!(["X"])),
    );
    let problems = invalid(&json);
    assert!(
        problems[0].contains("look like UTF-16 units"),
        "{problems:?}"
    );
}

#[test]
fn several_problems_are_listed_and_capped() {
    let bad = |n: usize| region(json!(n), json!(1000), None, json!(["X"]));
    let results: Vec<Value> = (0..9).map(bad).collect();
    let json = json!([
        { "data": { "text": "fine" }, "annotations": [{ "result": [] }] },
        { "data": { "text": "short" }, "annotations": [{ "result": results }] },
    ])
    .to_string();
    let problems = invalid(&json);
    assert_eq!(problems.len(), 5, "{problems:?}");
    for (i, p) in problems.iter().enumerate() {
        assert!(
            p.starts_with(&format!(
                "task 2: annotations[0].result[{i}].value.end: 1000"
            )),
            "{p}"
        );
    }
    let err = label_studio::import(&json, "x").unwrap_err().to_string();
    assert!(err.contains("; task 2: annotations[0].result[1]"), "{err}");
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let json = format!("\u{FEFF}{}", json!([{ "data": { "text": "x" } }]));
    assert_eq!(label_studio::import(&json, "x").unwrap()[0].text, "x");
}

// ---------------------------------------------------------------------------------
// Round trip over random texts
// ---------------------------------------------------------------------------------

const PIECES: &[&str] = &[
    "word",
    "Ab",
    " ",
    " ",
    ",",
    ".",
    "\r\n",
    "\n",
    "Zoë",
    "e\u{301}",
    "🇳🇬",
    "🇫🇷",
    "👩\u{200D}👩\u{200D}👧",
    "👍🏽",
    "عمر",
    "فاروق",
    "漢字",
    "かな",
    "\u{201C}",
    "💸",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn mentions_survive_export_and_import(
        text in text_strategy(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..4), 0..12),
    ) {
        let mut ed = Editor::new(Workspace::new(9));
        let p = ed.add_project("P", 1);
        let labels: Vec<Id> = ed.ws.project(p).unwrap().schema.labels.iter().map(|l| l.id).collect();
        let d = ed.add_document(p, "Random", "r.txt", &text, 1).unwrap().created.unwrap();
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| check_span(&text, Span::from_bytes(i, i).unwrap()).is_ok())
            .collect();
        let mut want: BTreeMap<(Span, usize), ()> = BTreeMap::new();
        for (a, b, l) in picks {
            let (x, y) = (a.get(&bounds), b.get(&bounds));
            let (s, e) = if x < y { (*x, *y) } else { (*y, *x) };
            if s == e { continue; }
            let span = Span::from_bytes(s, e).unwrap();
            if want.insert((span, l), ()).is_none() {
                ed.add_mention(d, span, labels[l], 1).unwrap();
            }
        }
        prop_assert_eq!(ed.ws.validate(), vec![]);
        let files = label_studio::export(&ed.ws, &[d]).unwrap();
        // Independent oracle: code-point slicing gives each region's text.
        let tasks: Value = serde_json::from_slice(&files[0].bytes).unwrap();
        for r in results(&tasks[0]) {
            let (s, e) = (r["value"]["start"].as_u64().unwrap() as usize, r["value"]["end"].as_u64().unwrap() as usize);
            prop_assert_eq!(cp_slice(&text, s, e), r["value"]["text"].as_str().unwrap());
        }
        let json = String::from_utf8(files[0].bytes.clone()).unwrap();
        let docs = label_studio::import(&json, "r.json").unwrap();
        prop_assert_eq!(docs.len(), 1);
        prop_assert_eq!(&docs[0].text, &text);
        prop_assert_eq!(&docs[0].mentions, &mentions_of(&ed.ws, d));
    }
}

/// With `GLOSSA_CONSUMER_OUT=<dir>`, writes the fixture export in the layout of
/// `examples/export_fixture.rs` (`texts.json`, `label-studio/…`, `fixture-label-studio.zip`), so
/// `tests/consumers/check_*.py` can run on it while other formats are unfinished.
#[test]
fn writes_the_consumer_files_when_asked() {
    let Some(out) = std::env::var_os("GLOSSA_CONSUMER_OUT") else {
        return;
    };
    let out = PathBuf::from(out);
    let f = common::fixture();
    let ws = &f.editor.ws;
    let texts: Vec<&str> = f.docs.iter().map(|d| ws.doc(*d).unwrap().text()).collect();
    std::fs::create_dir_all(out.join("label-studio")).unwrap();
    std::fs::write(
        out.join("texts.json"),
        serde_json::to_string(&texts).unwrap(),
    )
    .unwrap();
    for file in label_studio::export(ws, &f.docs).unwrap() {
        std::fs::write(out.join("label-studio").join(&file.name), &file.bytes).unwrap();
    }
    let options = glossa::formats::ExportOptions { csv_bom: true };
    let one = glossa::formats::export(
        ws,
        &f.docs,
        glossa::formats::Format::LabelStudio,
        options,
        "fixture",
    )
    .unwrap();
    assert_eq!(one.name, "fixture-label-studio.zip");
    std::fs::write(out.join(&one.name), &one.bytes).unwrap();
}
