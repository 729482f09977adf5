#![cfg(not(target_arch = "wasm32"))]
//! CoNLL-2003 BIO (IOB2): golden file of the fixture corpus, and an independent oracle —
//! the tokens, in order and separated only by whitespace, rebuild each text, and the
//! B-/I- runs are exactly the entities kept by the documented overlap rule.

mod common;

use glossa::formats::{add_imported, conll, ExportError, ImportedDoc};
use glossa::model::edit::{AnnotationId, Editor};
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use proptest::prelude::*;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/conll.txt");

/// What Python's `str.split()` splits on (written out independently of the exporter).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}')
}

/// One parsed document: sentences of (token, tag).
type Sentences = Vec<Vec<(String, String)>>;

/// Parses the export: checks the `-DOCSTART-` lines, the four columns and blank lines.
fn parse(out: &str) -> Vec<Sentences> {
    assert!(
        out.is_empty() || out.ends_with("\n\n"),
        "ends with a blank line"
    );
    let mut docs: Vec<Sentences> = Vec::new();
    let mut lines = out.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        if line == "-DOCSTART- -X- O O" {
            assert_eq!(lines.next(), Some(""), "a blank line follows -DOCSTART-");
            docs.push(vec![vec![]]);
            continue;
        }
        let doc = docs.last_mut().expect("a token before -DOCSTART-");
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 4, "four columns: {line:?}");
        assert_eq!(
            line.split_whitespace().count(),
            4,
            "no whitespace in a token: {line:?}"
        );
        assert_eq!((cols[1], cols[2]), ("_", "_"));
        let tag = cols[3];
        assert!(
            tag == "O" || tag.starts_with("B-") || tag.starts_with("I-"),
            "tag {tag:?}"
        );
        doc.last_mut()
            .unwrap()
            .push((cols[0].to_owned(), tag.to_owned()));
        if lines.peek() == Some(&"") {
            doc.push(vec![]);
        }
    }
    for doc in &mut docs {
        doc.retain(|s| !s.is_empty());
    }
    docs
}

/// Locates the tokens in order in `text` with only whitespace between them; returns
/// their byte spans. Panics if the tokens do not rebuild the text.
fn locate(text: &str, tokens: &[&str]) -> Vec<(usize, usize)> {
    let mut pos = 0;
    let mut out = Vec::new();
    for t in tokens {
        let rest = &text[pos..];
        let skipped = rest.len() - rest.trim_start_matches(is_space).len();
        pos += skipped;
        assert!(
            text[pos..].starts_with(t),
            "token {t:?} not found at byte {pos} of {text:?}"
        );
        out.push((pos, pos + t.len()));
        pos += t.len();
    }
    assert!(
        text[pos..].chars().all(is_space),
        "text left over: {:?}",
        &text[pos..]
    );
    out
}

/// Entity runs from IOB2 tags (checking validity): (byte start, byte end, label).
fn runs(sentences: &Sentences, spans: &[(usize, usize)]) -> BTreeSet<(usize, usize, String)> {
    let mut out = BTreeSet::new();
    let mut i = 0;
    for sentence in sentences {
        let mut open: Option<(usize, usize, String)> = None;
        for (_, tag) in sentence {
            let (s, e) = spans[i];
            i += 1;
            if let Some(label) = tag.strip_prefix("I-") {
                let run = open
                    .as_mut()
                    .expect("I- continues an entity of its sentence");
                assert_eq!(run.2, label, "I- continues the same label");
                run.1 = e;
                continue;
            }
            out.extend(open.take());
            if let Some(label) = tag.strip_prefix("B-") {
                open = Some((s, e, label.to_owned()));
            }
        }
        out.extend(open.take());
    }
    out
}

/// The overlap rule written out naively: edge whitespace trimmed, then longest (code
/// points) first, then earliest start, then label, then id; drop what overlaps a kept
/// span. Pending suggestions out.
fn expected_entities(ws: &Workspace, doc: Id) -> BTreeSet<(usize, usize, String)> {
    let ds = ws.doc(doc).unwrap();
    let schema = &ws.project_of(doc).unwrap().schema;
    let text = ds.text();
    let chars = |b: usize| text[..b].chars().count();
    let mut cands: Vec<_> = ds
        .ann
        .mentions
        .values()
        .filter(|m| !m.meta.provenance.is_pending_suggestion())
        .filter_map(|m| {
            // Edge whitespace is ignored; whitespace-only entities are left out.
            let (mut s, mut e) = (m.span.start.0, m.span.end.0);
            while let Some(c) = text[s..e].chars().next().filter(|c| is_space(*c)) {
                s += c.len_utf8();
            }
            while let Some(c) = text[s..e].chars().next_back().filter(|c| is_space(*c)) {
                e -= c.len_utf8();
            }
            if s == e {
                return None;
            }
            let label = schema.get(m.label).unwrap().name.replace(' ', "_");
            Some((Reverse(chars(e) - chars(s)), chars(s), label, m.id, s, e))
        })
        .collect();
    cands.sort();
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    for (_, _, label, _, s, e) in cands {
        if kept.iter().all(|(ks, ke, _)| e <= *ks || *ke <= s) {
            kept.push((s, e, label));
        }
    }
    kept.into_iter().collect()
}

/// Checks the whole export of `docs` against the oracle.
fn check_export(ws: &Workspace, docs: &[Id]) -> String {
    let file = conll::export(ws, docs).unwrap();
    assert_eq!(file.name, "glossa-conll.txt");
    assert_eq!(file.mime, "text/plain");
    let out = String::from_utf8(file.bytes).unwrap();
    let parsed = parse(&out);
    assert_eq!(parsed.len(), docs.len());
    for (sentences, id) in parsed.iter().zip(docs) {
        let text = ws.doc(*id).unwrap().text();
        let tokens: Vec<&str> = sentences
            .iter()
            .flatten()
            .map(|(t, _)| t.as_str())
            .collect();
        let spans = locate(text, &tokens);
        assert_eq!(runs(sentences, &spans), expected_entities(ws, *id));
    }
    out
}

#[test]
fn golden_file() {
    let f = common::fixture();
    let out = check_export(&f.editor.ws, &f.docs);
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
fn fixture_overlaps_are_reduced_by_the_documented_rule() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    let out = check_export(ws, &f.docs);
    let parsed = parse(&out);
    let entity_texts = |d: usize| -> Vec<(String, String)> {
        let text = ws.doc(f.docs[d]).unwrap().text();
        let tokens: Vec<&str> = parsed[d]
            .iter()
            .flatten()
            .map(|(t, _)| t.as_str())
            .collect();
        let spans = locate(text, &tokens);
        runs(&parsed[d], &spans)
            .into_iter()
            .map(|(s, e, l)| (text[s..e].to_owned(), l))
            .collect()
    };
    // "Lagos" (LOC) is nested in the longer "Lagos Port Authority" (ORG): dropped.
    assert_eq!(
        entity_texts(0),
        [
            ("Rene\u{301}e Okafor", "PERSON"),
            ("Lagos Port Authority", "ORG"),
            ("Okafor", "PERSON"),
            ("عمر فاروق", "PERSON"),
            ("he", "PERSON"),
            ("Lagos Port Authority", "ORG"),
        ]
        .map(|(t, l)| (t.to_owned(), l.to_owned()))
    );
    // "Mayor Zoë" (MISC, 9 code points) crosses "Zoë Lind" (PERSON, 8): the longer wins.
    assert_eq!(
        entity_texts(1),
        [
            ("Mayor Zoë", "MISC"),
            ("Lind", "PERSON"),
            ("Carl Ström", "PERSON"),
        ]
        .map(|(t, l)| (t.to_owned(), l.to_owned()))
    );
    // The combining accent stays in its token; the flag and the ZWJ family are tokens.
    assert!(out.contains("\nRene\u{301}e _ _ B-PERSON\nOkafor _ _ I-PERSON\n"));
    assert!(out.contains("\n🇳🇬 _ _ O\n"));
    assert!(out.contains("\n👩\u{200D}👩\u{200D}👧 _ _ O\n"));
    // Sentences: a paragraph break and a full stop followed by a capital both end one.
    assert!(out.contains("\nMonday _ _ O\n: _ _ O\n\n“ _ _ O\nWe _ _ O\n"));
    assert!(out.contains("\nreporters _ _ O\n. _ _ O\n\nThe _ _ O\nunion _ _ O\n"));
    assert!(!out.contains('\r'));
}

#[test]
fn entity_boundaries_inside_a_word_split_the_token() {
    let mut ed = Editor::new(Workspace::new(5));
    let p = ed.add_project("P", 1);
    let text = "The Lagos-based firm and NATO's chief met.";
    let d = ed
        .add_document(p, "T", "s", text, 1)
        .unwrap()
        .created
        .unwrap();
    let labels: Vec<Id> = ed
        .ws
        .project(p)
        .unwrap()
        .schema
        .labels
        .iter()
        .map(|l| l.id)
        .collect();
    // "Lagos" inside "Lagos-based" would be split by word rules anyway; "NATO" inside
    // "NATO's" (one word token) must split the token.
    ed.add_mention(d, common::find(text, "Lagos", 0), labels[2], 1)
        .unwrap();
    ed.add_mention(d, common::find(text, "NATO", 0), labels[1], 1)
        .unwrap();
    // A span ending inside a word: "fir".
    ed.add_mention(d, common::find(text, "fir", 0), labels[3], 1)
        .unwrap();
    let out = check_export(&ed.ws, &[d]);
    assert!(out.contains("\nNATO _ _ B-ORG\n's _ _ O\n"), "{out}");
    assert!(out.contains("\nfir _ _ B-MISC\nm _ _ O\n"), "{out}");
    assert!(
        out.contains("\nLagos _ _ B-LOC\n- _ _ O\nbased _ _ O\n"),
        "{out}"
    );
}

#[test]
fn no_sentence_break_inside_an_entity_and_label_spaces_become_underscores() {
    let mut ed = Editor::new(Workspace::new(6));
    let p = ed.add_project("P", 1);
    ed.add_label(p, "Public figure", "#112233", None, "", 1)
        .unwrap();
    let label = ed
        .ws
        .project(p)
        .unwrap()
        .schema
        .by_name("Public figure")
        .unwrap()
        .id;
    let text = "They met Mr. Smith. Then J. R. R. Tolkien left.";
    let d = ed
        .add_document(p, "T", "s", text, 1)
        .unwrap()
        .created
        .unwrap();
    ed.add_mention(d, common::find(text, "Mr. Smith", 0), label, 1)
        .unwrap();
    ed.add_mention(d, common::find(text, "J. R. R. Tolkien", 0), label, 1)
        .unwrap();
    let out = check_export(&ed.ws, &[d]);
    assert!(
        out.contains(
            "\nMr _ _ B-Public_figure\n. _ _ I-Public_figure\nSmith _ _ I-Public_figure\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\nJ _ _ B-Public_figure\n. _ _ I-Public_figure\nR _ _ I-Public_figure\n"),
        "{out}"
    );
    // Without the entities, UAX #29 would end a sentence after "Mr." and "J.".
    assert!(out.contains("\n. _ _ O\n\nThen _ _ O\n"), "{out}");
}

#[test]
fn edge_whitespace_is_ignored_and_whitespace_entities_are_left_out() {
    let mut ed = Editor::new(Workspace::new(8));
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
    let text = "Ada \r\nObi met Eve.";
    let d = ed
        .add_document(p, "T", "s", text, 1)
        .unwrap()
        .created
        .unwrap();
    // "\r\nObi met " is the longest (10 code points), but without its edge whitespace it
    // is "Obi met" (7), shorter than "Ada \r\nObi" (9); " \r\n" is whitespace only; the
    // line break inside "Ada \r\nObi" does not end a sentence.
    ed.add_mention(d, common::find(text, " \r\n", 0), labels[0], 1)
        .unwrap();
    ed.add_mention(d, common::find(text, "\r\nObi met ", 0), labels[1], 1)
        .unwrap();
    ed.add_mention(d, common::find(text, "Ada \r\nObi", 0), labels[2], 1)
        .unwrap();
    ed.add_mention(d, common::find(text, " Eve", 0), labels[3], 1)
        .unwrap();
    let out = check_export(&ed.ws, &[d]);
    assert_eq!(
        out,
        "-DOCSTART- -X- O O\n\nAda _ _ B-LOC\nObi _ _ I-LOC\nmet _ _ O\nEve _ _ B-MISC\n. _ _ O\n\n"
    );
}

#[test]
fn pending_suggestions_are_left_out() {
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
    let out = check_export(&ed.ws, &[id]);
    assert!(!out.contains("B-"));
    let obi = ed
        .ws
        .doc(id)
        .unwrap()
        .ann
        .mentions
        .values()
        .find(|m| m.span.start.0 == 8)
        .unwrap()
        .id;
    ed.accept(id, AnnotationId::Mention(obi)).unwrap();
    let out = check_export(&ed.ws, &[id]);
    assert_eq!(
        out,
        "-DOCSTART- -X- O O\n\nAda _ _ O\nmet _ _ O\nObi _ _ B-PERSON\n. _ _ O\n\n"
    );
}

#[test]
fn empty_and_whitespace_documents_and_errors() {
    let mut ed = Editor::new(Workspace::new(2));
    let p = ed.add_project("P", 1);
    let d = ed
        .add_document(p, "T", "s", " \r\n\u{3000}", 1)
        .unwrap()
        .created
        .unwrap();
    assert_eq!(
        check_export(&ed.ws, &[d, d]),
        "-DOCSTART- -X- O O\n\n".repeat(2)
    );
    assert_eq!(conll::export(&ed.ws, &[]), Err(ExportError::Empty));
    assert_eq!(
        conll::export(&ed.ws, &[Id(1)]),
        Err(ExportError::NoDocument(Id(1)))
    );
}

// ---------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Ada",
        "Obi",
        "x",
        "Lagos",
        "NATO's",
        "U.S.",
        "3.5",
        " ",
        " ",
        "  ",
        ".",
        ". ",
        "! ",
        "? ",
        ",",
        "\"",
        "“",
        "”",
        "-",
        "\r\n",
        "\n",
        "\r\n\r\n",
        "\r",
        "\t",
        "e\u{301}",
        "Rene\u{301}e",
        "a\u{308}\u{301}",
        "\u{301}",
        " \u{301}",
        "🇳🇬",
        "🇵🇹",
        "🇺",
        "👩\u{200D}👩\u{200D}👧",
        "😀",
        "👍🏽",
        "عمر فاروق",
        "\u{600}",
        "\u{600} ",
        "中文",
        "東京",
        "。",
        "カタカナ",
        "ひらがな",
        "\u{2028}",
        "\u{85}",
        "\u{A0}",
        "\u{3000}",
        "\u{1C}",
        "\u{1F}",
        "\u{FEFF}",
        "\u{200B}",
        "\u{0}",
        "-DOCSTART-",
    ])
}

/// A text and raw span choices `(a, b, label)`, reduced modulo the text's grapheme
/// boundaries when the workspace is built.
type RawDoc = (String, Vec<(usize, usize, usize)>);

fn document() -> impl Strategy<Value = RawDoc> {
    (
        prop::collection::vec(piece(), 1..40).prop_map(|p| p.concat()),
        prop::collection::vec((any::<usize>(), any::<usize>(), 0usize..4), 0..14),
    )
}

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
            if a < b {
                let _ = ed.add_mention(doc, Span::from_bytes(a, b).unwrap(), labels[l], 1);
            }
        }
        ids.push(doc);
    }
    (ed.ws, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// Tokens rebuild every text; B-/I- runs are exactly the entities the rule keeps,
    /// so no kept entity is lost or widened; IOB2 is valid within sentences.
    #[test]
    fn tokens_rebuild_the_text_and_runs_match_the_kept_entities(
        docs in prop::collection::vec(document(), 1..4)
    ) {
        let (ws, ids) = build(&docs);
        check_export(&ws, &ids);
    }

    #[test]
    fn tokenize_covers_every_non_space_character(
        text in prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat()),
        cuts in prop::collection::vec(any::<usize>(), 0..6),
    ) {
        let cuts: Vec<_> = cuts
            .into_iter()
            .map(|c| glossa::model::offsets::ByteOffset(c % (text.len() + 1)))
            .collect();
        let tokens = conll::tokenize(&text, &cuts);
        let mut pos = 0;
        for t in &tokens {
            prop_assert!(t.start.0 >= pos && t.start < t.end);
            prop_assert!(text[pos..t.start.0].chars().all(is_space));
            prop_assert!(!text[t.start.0..t.end.0].chars().any(is_space));
            for c in &cuts {
                if text.is_char_boundary(c.0) {
                    prop_assert!(*c <= t.start || t.end <= *c);
                }
            }
            pos = t.end.0;
        }
        prop_assert!(text[pos..].chars().all(is_space));
    }
}
