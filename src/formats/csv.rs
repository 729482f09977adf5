//! CSV tables for review in a spreadsheet: [`QUOTES_FILE`] and [`STANCES_FILE`].
//!
//! RFC 4180: a header row, records ended by CR LF, a field quoted (`"…"`, inner quotes
//! doubled) when it holds a comma, a double quote, CR or LF. UTF-8, optionally preceded
//! by a byte-order mark so that Excel detects the encoding.
//!
//! Columns of `quotes.csv`: [`QUOTE_COLUMNS`]; one row per quote, documents in the order
//! given, quotes in text order. `start`/`end` are the content's offsets in Unicode code
//! points (as in every Glossa export).
//!
//! Columns of `stances.csv`: [`STANCE_COLUMNS`]; one row per stance, in creation order.
//! `evidence` joins the evidence texts (span text, or the content of an evidence quote)
//! with `" | "`; `evidence_count` says how many there are.
//!
//! # Formula injection
//!
//! Spreadsheets run a cell starting with `=`, `+`, `-` or `@` (and some treat a leading
//! tab or CR the same way) as a formula, and article text is untrusted. Every free-text
//! cell (titles, names, quotes, cues, evidence, notes) starting with one of those
//! characters, or with `'`, gets one `'` in front, which spreadsheets take as "this is
//! text". To get the exact text back, drop one leading `'` from a text cell that starts
//! with one. Ids, kinds, polarities and numbers are Glossa's own and never prefixed.

use super::{cp_span, doc_refs, DocRef, ExportError, ExportFile};
use crate::model::annotations::{Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use crate::model::ids::Id;
use crate::model::workspace::{DocState, Workspace};

/// Name of the quotes table.
pub const QUOTES_FILE: &str = "quotes.csv";
/// Name of the stances table.
pub const STANCES_FILE: &str = "stances.csv";

/// Header of `quotes.csv`.
pub const QUOTE_COLUMNS: [&str; 11] = [
    "document",
    "document_id",
    "quote_id",
    "speaker",
    "entity",
    "quote",
    "cue",
    "kind",
    "start",
    "end",
    "note",
];

/// Header of `stances.csv`.
pub const STANCE_COLUMNS: [&str; 10] = [
    "document",
    "document_id",
    "stance_id",
    "holder",
    "target",
    "target_kind",
    "polarity",
    "evidence",
    "evidence_count",
    "note",
];

/// Separator between evidence texts in the `evidence` column.
pub const EVIDENCE_SEPARATOR: &str = " | ";

/// The UTF-8 byte-order mark written first when `bom` is set.
const BOM: &str = "\u{FEFF}";

/// One cell: free text (guarded against formula injection) or a value of our own.
enum Cell<'a> {
    Text(&'a str),
    Plain(String),
}

/// Whether a text cell needs the `'` guard (see the module docs).
pub fn needs_guard(s: &str) -> bool {
    matches!(
        s.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'')
    )
}

/// Appends one field, quoted if it holds a comma, a double quote, CR or LF.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

fn push_record(out: &mut String, cells: &[Cell<'_>]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Text(s) if needs_guard(s) => push_field(out, &format!("'{s}")),
            Cell::Text(s) => push_field(out, s),
            Cell::Plain(s) => push_field(out, s),
        }
    }
    out.push_str("\r\n");
}

fn header(bom: bool, columns: &[&str]) -> String {
    let mut out = String::from(if bom { BOM } else { "" });
    let cells: Vec<Cell<'_>> = columns.iter().map(|c| Cell::Plain((*c).into())).collect();
    push_record(&mut out, &cells);
    out
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

fn polarity_name(p: Polarity) -> &'static str {
    match p {
        Polarity::Favor => "FAVOR",
        Polarity::Against => "AGAINST",
        Polarity::None => "NONE",
    }
}

fn entity_name(ds: &DocState, id: Id) -> &str {
    ds.ann
        .entities
        .get(&id)
        .map(|e| e.name.as_str())
        .unwrap_or("")
}

/// `(speaker, entity)`: the mention's text and its entity's name, or the entity's name
/// twice for an entity speaker; empty when unknown.
fn speaker_cells(ds: &DocState, speaker: Option<Speaker>) -> (&str, &str) {
    match speaker {
        Some(Speaker::Mention(m)) => match ds.ann.mentions.get(&m) {
            Some(m) => (
                ds.span_text(m.span),
                m.entity.map(|e| entity_name(ds, e)).unwrap_or(""),
            ),
            None => ("", ""),
        },
        Some(Speaker::Entity(e)) => (entity_name(ds, e), entity_name(ds, e)),
        None => ("", ""),
    }
}

fn quote_rows(r: &DocRef<'_>, out: &mut String) -> Result<(), ExportError> {
    let ds = r.ds;
    let doc_id = ds.doc.id.to_string();
    let mut quotes: Vec<_> = ds.ann.quotes.values().collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    for q in quotes {
        let (start, end) = cp_span(ds, q.content)?;
        if let Some(cue) = q.cue {
            cp_span(ds, cue)?;
        }
        let (speaker, entity) = speaker_cells(ds, q.speaker);
        push_record(
            out,
            &[
                Cell::Text(&ds.doc.title),
                Cell::Plain(doc_id.clone()),
                Cell::Plain(q.id.to_string()),
                Cell::Text(speaker),
                Cell::Text(entity),
                Cell::Text(ds.span_text(q.content)),
                Cell::Text(q.cue.map(|c| ds.span_text(c)).unwrap_or("")),
                Cell::Plain(kind_name(q.kind).into()),
                Cell::Plain(start.to_string()),
                Cell::Plain(end.to_string()),
                Cell::Text(q.meta.note.as_deref().unwrap_or("")),
            ],
        );
    }
    Ok(())
}

fn stance_rows(r: &DocRef<'_>, out: &mut String) -> Result<(), ExportError> {
    let ds = r.ds;
    let doc_id = ds.doc.id.to_string();
    for s in ds.ann.stances.values() {
        let holder = s.holder.map(|h| entity_name(ds, h)).unwrap_or("");
        let (target, target_kind) = match s.target {
            Some(StanceTarget::Entity(e)) => (entity_name(ds, e), "entity"),
            Some(StanceTarget::Topic(t)) => (
                r.project
                    .topics
                    .get(&t)
                    .map(|t| t.name.as_str())
                    .unwrap_or(""),
                "topic",
            ),
            None => ("", ""),
        };
        let mut evidence = Vec::with_capacity(s.evidence.len());
        for ev in &s.evidence {
            match ev {
                Evidence::Span { span } => {
                    cp_span(ds, *span)?;
                    evidence.push(ds.span_text(*span));
                }
                Evidence::Quote { id } => {
                    if let Some(q) = ds.ann.quotes.get(id) {
                        evidence.push(ds.span_text(q.content));
                    }
                }
            }
        }
        let evidence_count = evidence.len();
        let evidence = evidence.join(EVIDENCE_SEPARATOR);
        push_record(
            out,
            &[
                Cell::Text(&ds.doc.title),
                Cell::Plain(doc_id.clone()),
                Cell::Plain(s.id.to_string()),
                Cell::Text(holder),
                Cell::Text(target),
                Cell::Plain(target_kind.into()),
                Cell::Plain(polarity_name(s.polarity).into()),
                Cell::Text(&evidence),
                Cell::Plain(evidence_count.to_string()),
                Cell::Text(s.meta.note.as_deref().unwrap_or("")),
            ],
        );
    }
    Ok(())
}

/// Exports the quotes and stances of `docs` (in that order) as [`QUOTES_FILE`] and
/// [`STANCES_FILE`]; with `bom`, each file starts with a UTF-8 byte-order mark (Excel).
///
/// Fails if a document does not exist, if `docs` is empty, or if a span does not fit
/// its text (see [`Workspace::validate`]).
pub fn export(ws: &Workspace, docs: &[Id], bom: bool) -> Result<Vec<ExportFile>, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut quotes = header(bom, &QUOTE_COLUMNS);
    let mut stances = header(bom, &STANCE_COLUMNS);
    for r in &refs {
        quote_rows(r, &mut quotes)?;
        stance_rows(r, &mut stances)?;
    }
    let file = |name: &str, body: String| ExportFile {
        name: name.into(),
        mime: "text/csv",
        bytes: body.into_bytes(),
    };
    Ok(vec![file(QUOTES_FILE, quotes), file(STANCES_FILE, stances)])
}
