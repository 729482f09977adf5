//! CSV export of quotes and stances: RFC 4180, optional BOM, formula-injection guard.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use glossa::formats::csv::{self, QUOTES_FILE, QUOTE_COLUMNS, STANCES_FILE, STANCE_COLUMNS};
use glossa::formats::ExportError;
use glossa::model::annotations::{Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use glossa::model::edit::{AnnotationId, Editor};
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;
use std::path::PathBuf;

// ---------------------------------------------------------------------------------
// A tiny, strict RFC 4180 reader (independent of the exporter)
// ---------------------------------------------------------------------------------

/// Parses RFC 4180 CSV: records end with CR LF, fields are quoted when they hold a
/// comma, quote, CR or LF, inner quotes doubled. Anything else is an error.
fn parse_csv(s: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut chars = s.chars().peekable();
    if s.is_empty() {
        return Ok(records);
    }
    loop {
        // One field.
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("unterminated quoted field".into()),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                match c {
                    ',' | '\r' => break,
                    '"' => return Err(format!("bare quote in unquoted field {field:?}")),
                    '\n' => return Err(format!("bare LF after {field:?}")),
                    _ => {
                        field.push(c);
                        chars.next();
                    }
                }
            }
        }
        record.push(field);
        match chars.next() {
            Some(',') => continue,
            Some('\r') => {
                if chars.next() != Some('\n') {
                    return Err("CR not followed by LF".into());
                }
                records.push(std::mem::take(&mut record));
                if chars.peek().is_none() {
                    return Ok(records);
                }
            }
            None => return Err("the last record does not end with CR LF".into()),
            Some(c) => return Err(format!("unexpected {c:?} after a field")),
        }
    }
}

/// Undoes the formula-injection guard: one leading `'` is dropped.
fn unguard(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

fn cp_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn golden(name: &str, actual: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/csv")
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

fn tables(ws: &Workspace, docs: &[Id]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let files = csv::export(ws, docs, false).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [QUOTES_FILE, STANCES_FILE]);
    let q = parse_csv(std::str::from_utf8(&files[0].bytes).unwrap()).unwrap();
    let s = parse_csv(std::str::from_utf8(&files[1].bytes).unwrap()).unwrap();
    (q, s)
}

fn col(columns: &[&str], name: &str) -> usize {
    columns.iter().position(|c| *c == name).unwrap()
}

// ---------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------

#[test]
fn export_matches_the_golden_files() {
    let f = common::fixture();
    let files = csv::export(&f.editor.ws, &f.docs, false).unwrap();
    for file in &files {
        assert_eq!(file.mime, "text/csv");
        golden(&file.name, &file.bytes);
    }
}

#[test]
fn the_bom_is_the_only_difference() {
    let f = common::fixture();
    let plain = csv::export(&f.editor.ws, &f.docs, false).unwrap();
    let bom = csv::export(&f.editor.ws, &f.docs, true).unwrap();
    for (p, b) in plain.iter().zip(&bom) {
        assert_eq!(p.name, b.name);
        assert_eq!(&b.bytes[..3], b"\xEF\xBB\xBF");
        assert_eq!(&b.bytes[3..], &p.bytes[..]);
        assert_ne!(&p.bytes[..3], b"\xEF\xBB\xBF");
    }
}

#[test]
fn quote_rows_match_the_fixture() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    let (quotes, _) = tables(ws, &f.docs);
    assert_eq!(quotes[0], QUOTE_COLUMNS);
    let total: usize = f
        .docs
        .iter()
        .map(|d| ws.doc(*d).unwrap().ann.quotes.len())
        .sum();
    assert_eq!(quotes.len(), 1 + total);
    let c = |n| col(&QUOTE_COLUMNS, n);
    for row in &quotes[1..] {
        assert_eq!(row.len(), QUOTE_COLUMNS.len());
        let doc: Id = row[c("document_id")].parse().unwrap();
        let ds = ws.doc(doc).unwrap();
        assert_eq!(unguard(&row[c("document")]), ds.doc.title);
        let q = &ds.ann.quotes[&row[c("quote_id")].parse::<Id>().unwrap()];
        let (s, e): (usize, usize) = (
            row[c("start")].parse().unwrap(),
            row[c("end")].parse().unwrap(),
        );
        // Oracle: code-point slicing of the text gives the quote.
        assert_eq!(cp_slice(ds.text(), s, e), unguard(&row[c("quote")]));
        assert_eq!(unguard(&row[c("quote")]), ds.span_text(q.content));
    }
    let by_quote = |text: &str| {
        quotes
            .iter()
            .find(|r| r[c("quote")] == text)
            .unwrap_or_else(|| panic!("no row for {text}"))
    };
    let r = by_quote("We will reopen the northern quay by June,");
    assert_eq!(
        [
            &r[c("speaker")],
            &r[c("entity")],
            &r[c("cue")],
            &r[c("kind")]
        ],
        ["Okafor", "Renée Okafor", "told reporters", "direct"]
    );
    let r = by_quote("he opposed the plan");
    assert_eq!(
        [
            &r[c("speaker")],
            &r[c("entity")],
            &r[c("cue")],
            &r[c("kind")]
        ],
        ["Omar Farouk", "Omar Farouk", "said", "indirect"]
    );
    let r = by_quote("It connects the east side to jobs. Nobody should need a car to work,");
    assert_eq!(r[c("document")], "Tram extension");
    assert_eq!([&r[c("speaker")], &r[c("entity")]], ["Lind", "Zoë Lind"]);
}

#[test]
fn stance_rows_match_the_fixture() {
    let f = common::fixture();
    let ws = &f.editor.ws;
    let (_, stances) = tables(ws, &f.docs);
    assert_eq!(stances[0], STANCE_COLUMNS);
    assert_eq!(stances.len(), 1 + 4);
    let c = |n| col(&STANCE_COLUMNS, n);
    let got: Vec<Vec<&str>> = stances[1..]
        .iter()
        .map(|r| {
            [
                "holder",
                "target",
                "target_kind",
                "polarity",
                "evidence",
                "evidence_count",
                "note",
            ]
            .iter()
            .map(|n| r[c(n)].as_str())
            .collect()
        })
        .collect();
    assert_eq!(
        got,
        vec![
            vec![
                "Omar Farouk",
                "Reopening the northern quay",
                "topic",
                "AGAINST",
                "he opposed the plan | opposed the plan",
                "2",
                "Reported speech, not a direct quote."
            ],
            vec![
                "Renée Okafor",
                "Reopening the northern quay",
                "topic",
                "FAVOR",
                "We will reopen the northern quay by June,",
                "1",
                ""
            ],
            vec![
                "Zoë Lind",
                "Tram extension",
                "topic",
                "FAVOR",
                "It connects the east side to jobs. Nobody should need a car to work, | backs the tram extension",
                "2",
                ""
            ],
            vec!["Carl Ström", "Zoë Lind", "entity", "NONE", "", "0", ""],
        ]
    );
    for row in &stances[1..] {
        let doc: Id = row[c("document_id")].parse().unwrap();
        let ds = ws.doc(doc).unwrap();
        assert!(ds
            .ann
            .stances
            .contains_key(&row[c("stance_id")].parse::<Id>().unwrap()));
    }
}

// ---------------------------------------------------------------------------------
// Awkward fields
// ---------------------------------------------------------------------------------

/// A document whose quotes and notes hold commas, quotes, CR LF, emoji and would-be
/// formulas.
fn awkward() -> (Editor, Id) {
    let text = "Ana, \"the boss\" 👩\u{200D}👩\u{200D}👧, said: =SUM(A1:A9) and\r\n\"@once, \"\"twice\"\"\r\nthrice\" 🇳🇬 -5% +1 'x' end";
    let mut ed = Editor::new(Workspace::new(11));
    let p = ed.add_project("P", 1);
    let person = ed.ws.project(p).unwrap().schema.labels[0].id;
    let d = ed
        .add_document(p, "=HYPERLINK(\"x\"), a \"title\"", "a.txt", text, 1)
        .unwrap()
        .created
        .unwrap();
    let find = |needle: &str| {
        let s = text.find(needle).unwrap();
        Span::from_bytes(s, s + needle.len()).unwrap()
    };
    let ana = ed
        .add_mention(
            d,
            find("Ana, \"the boss\" 👩\u{200D}👩\u{200D}👧"),
            person,
            1,
        )
        .unwrap()
        .created
        .unwrap();
    let e = ed
        .create_entity(d, "+Ana \"Boss\", Jr.", person, &[ana], 1)
        .unwrap()
        .created
        .unwrap();
    let contents = [
        "=SUM(A1:A9) and\r\n\"@once, \"\"twice\"\"\r\nthrice\" 🇳🇬",
        "-5%",
        "+1 'x'",
        "'x'",
    ];
    let mut quotes = Vec::new();
    for (i, c) in contents.iter().enumerate() {
        let q = ed
            .add_quote(
                d,
                find(c),
                (i == 0).then(|| find("said")),
                Some(if i % 2 == 0 {
                    Speaker::Mention(ana)
                } else {
                    Speaker::Entity(e)
                }),
                QuoteKind::Mixed,
                1,
            )
            .unwrap()
            .created
            .unwrap();
        quotes.push(q);
    }
    ed.set_note(
        d,
        AnnotationId::Quote(quotes[0]),
        Some("@note, with \"quotes\"\r\nand a line".into()),
    )
    .unwrap();
    let topic = ed.add_topic(p, "-taxes, \"new\"", 1).unwrap();
    ed.add_stance(
        d,
        Some(e),
        Some(StanceTarget::Topic(topic)),
        Polarity::Against,
        vec![
            Evidence::Quote { id: quotes[1] },
            Evidence::Span {
                span: find("thrice"),
            },
        ],
        1,
    )
    .unwrap();
    assert_eq!(ed.ws.validate(), vec![]);
    (ed, d)
}

#[test]
fn awkward_fields_read_back_exactly() {
    let (ed, d) = awkward();
    let ds = ed.ws.doc(d).unwrap();
    let (quotes, stances) = tables(&ed.ws, &[d]);
    assert_eq!(quotes.len(), 1 + 4);
    let c = |n| col(&QUOTE_COLUMNS, n);
    let mut seen = Vec::new();
    for row in &quotes[1..] {
        assert_eq!(row.len(), QUOTE_COLUMNS.len());
        assert_eq!(unguard(&row[c("document")]), ds.doc.title);
        let q = &ds.ann.quotes[&row[c("quote_id")].parse::<Id>().unwrap()];
        let (s, e): (usize, usize) = (
            row[c("start")].parse().unwrap(),
            row[c("end")].parse().unwrap(),
        );
        let exact = unguard(&row[c("quote")]);
        assert_eq!(exact, ds.span_text(q.content));
        assert_eq!(cp_slice(ds.text(), s, e), exact);
        assert_eq!(unguard(&row[c("entity")]), "+Ana \"Boss\", Jr.");
        assert_eq!(row[c("kind")], "mixed");
        seen.push(row[c("quote")].clone());
    }
    // Cells that a spreadsheet would run as formulas (or that start with ') are guarded.
    assert_eq!(
        seen,
        [
            "'=SUM(A1:A9) and\r\n\"@once, \"\"twice\"\"\r\nthrice\" 🇳🇬",
            "'-5%",
            "'+1 'x'",
            "''x'",
        ]
    );
    let first = &quotes[1];
    assert_eq!(
        first[c("speaker")],
        "Ana, \"the boss\" 👩\u{200D}👩\u{200D}👧"
    );
    assert_eq!(first[c("entity")], "'+Ana \"Boss\", Jr.");
    assert_eq!(first[c("cue")], "said");
    assert_eq!(first[c("note")], "'@note, with \"quotes\"\r\nand a line");
    assert_eq!(first[c("document")], "'=HYPERLINK(\"x\"), a \"title\"");
    assert_eq!(quotes[2][c("speaker")], "'+Ana \"Boss\", Jr.");
    let c = |n| col(&STANCE_COLUMNS, n);
    assert_eq!(stances.len(), 2);
    let s = &stances[1];
    assert_eq!(s[c("holder")], "'+Ana \"Boss\", Jr.");
    assert_eq!(s[c("target")], "'-taxes, \"new\"");
    assert_eq!(s[c("evidence")], "'-5% | thrice");
    assert_eq!(s[c("evidence_count")], "2");
}

#[test]
fn fields_are_quoted_only_when_needed_and_records_end_with_crlf() {
    let (ed, d) = awkward();
    let files = csv::export(&ed.ws, &[d], false).unwrap();
    for f in &files {
        let s = std::str::from_utf8(&f.bytes).unwrap();
        assert!(s.ends_with("\r\n"));
        // Every LF in the file is preceded by CR (fields keep their own CR LF).
        for (i, _) in s.match_indices('\n') {
            assert_eq!(&s[i - 1..i], "\r", "bare LF at byte {i} of {}", f.name);
        }
        let header = s.lines().next().unwrap();
        assert!(!header.contains('"'), "the header needs no quoting");
    }
    let q = std::str::from_utf8(&files[0].bytes).unwrap();
    // Numbers, ids and kinds are never quoted; the quote with CR LF is.
    assert!(q.contains(",mixed,"));
    assert!(
        q.contains(",\"'=SUM(A1:A9) and\r\n\"\"@once, \"\"\"\"twice\"\"\"\"\r\nthrice\"\" 🇳🇬\",")
    );
    assert!(q.contains(",'-5%,"));
}

#[test]
fn the_guard_is_only_for_risky_starts() {
    for s in ["=1", "+1", "-1", "@a", "\tx", "\rx", "'x"] {
        assert!(csv::needs_guard(s), "{s:?}");
    }
    for s in ["", "a=1", " =1", "1-2", "“=”", "\u{FEFF}="] {
        assert!(!csv::needs_guard(s), "{s:?}");
    }
}

#[test]
fn a_document_without_quotes_or_stances_gives_headers_only() {
    let mut ed = Editor::new(Workspace::new(1));
    let p = ed.add_project("P", 1);
    let d = ed
        .add_document(p, "T", "", "Nothing here.", 1)
        .unwrap()
        .created
        .unwrap();
    let files = csv::export(&ed.ws, &[d], true).unwrap();
    assert_eq!(
        files[0].bytes,
        format!("\u{FEFF}{}\r\n", QUOTE_COLUMNS.join(",")).into_bytes()
    );
    assert_eq!(
        files[1].bytes,
        format!("\u{FEFF}{}\r\n", STANCE_COLUMNS.join(",")).into_bytes()
    );
}

#[test]
fn export_refuses_nothing_and_missing_documents() {
    let f = common::fixture();
    assert_eq!(
        csv::export(&f.editor.ws, &[], false),
        Err(ExportError::Empty)
    );
    assert_eq!(
        csv::export(&f.editor.ws, &[Id(7)], true),
        Err(ExportError::NoDocument(Id(7)))
    );
}

#[test]
fn the_reader_rejects_what_rfc_4180_forbids() {
    assert!(parse_csv("a,b\n").is_err());
    assert!(parse_csv("a,\"b\r\n").is_err());
    assert!(parse_csv("a,b\"c\r\n").is_err());
    assert!(parse_csv("a,b").is_err());
    assert_eq!(
        parse_csv("a,\"b,\"\"c\"\"\r\nd\"\r\n,\r\n").unwrap(),
        vec![vec!["a", "b,\"c\"\r\nd"], vec!["", ""]]
    );
}

/// With `GLOSSA_CONSUMER_OUT=<dir>`, writes the fixture export in the layout of
/// `examples/export_fixture.rs` (`texts.json`, `csv/…`, `fixture-csv.zip`), so
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
    std::fs::create_dir_all(out.join("csv")).unwrap();
    std::fs::write(
        out.join("texts.json"),
        serde_json::to_string(&texts).unwrap(),
    )
    .unwrap();
    for file in csv::export(ws, &f.docs, true).unwrap() {
        std::fs::write(out.join("csv").join(&file.name), &file.bytes).unwrap();
    }
    let options = glossa::formats::ExportOptions { csv_bom: true };
    let one = glossa::formats::export(
        ws,
        &f.docs,
        glossa::formats::Format::Csv,
        options,
        "fixture",
    )
    .unwrap();
    assert_eq!(one.name, "fixture-csv.zip");
    std::fs::write(out.join(&one.name), &one.bytes).unwrap();
}
