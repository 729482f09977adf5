//! spaCy / Prodigy JSONL: one JSON object per line, one line per document.
//!
//! # Export
//!
//! ```json
//! {"text": "…", "spans": [{"start": 3, "end": 15, "label": "PERSON", "text": "…", "id": "…", "entity": "…"}],
//!  "quotes": [{"id": "…", "start": …, "end": …, "text": "…", "kind": "direct",
//!              "speaker": {…} | null, "cue": {"start": …, "end": …, "text": "…"} | null, "continues": "…" | null}],
//!  "entities": [{"id": "…", "name": "…", "label": "PERSON"}],
//!  "meta": {"id": "…", "title": "…", "source": "…", "status": "done", "project": "…", "annotator": "…"}}
//! ```
//!
//! - Offsets count **Unicode code points** (Python `str` indexing), half-open
//!   `[start, end)`; every span, quote, cue and speaker also carries its exact text.
//! - The text is verbatim (CR LF stays CR LF, escaped as `\r\n` by JSON). The line
//!   separators U+0085, U+2028 and U+2029 are written as `\u` escapes, so no tool that
//!   splits lines on them (Python's `str.splitlines`) can cut a document in two.
//! - `spans` holds the entity mentions, sorted by `(start, end)`, then label and id;
//!   they may overlap and nest. `quotes` holds quoted and reported speech with its cue
//!   and speaker: a mention speaker is `{"start", "end", "text", "label", "mention",
//!   "entity"}`, an entity speaker is `{"entity", "name"}`.
//! - Suggestions nobody has accepted yet are left out: the file is meant as training
//!   data. Stances are not part of this format (use the native or CSV export).
//!
//! # Import
//!
//! [`import`] reads lines of `{"text": …, "spans": [{"start", "end", "label", "text"?}],
//! "meta": {"title"?, "source"?}}` (Prodigy's extra fields such as `token_start` are
//! ignored). Spans become suggestions through [`super::add_imported`]. Every line is
//! checked first; a malformed file is refused with its first [`MAX_PROBLEMS`] problems,
//! each naming the line, the field and what was expected, and nothing is imported.
//!
//! The format is described for users in `docs/formats.md`.

use super::{cp_span, doc_refs, DocRef, ExportError, ExportFile, ImportError, ImportedDoc};
use crate::model::annotations::{QuoteKind, Speaker};
use crate::model::document::DocStatus;
use crate::model::ids::Id;
use crate::model::offsets::{CharOffset, Span, TextIndex, Utf16Offset};
use crate::model::text::is_grapheme_boundary;
use crate::model::workspace::Workspace;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

/// File name of the export.
pub const FILE_NAME: &str = "glossa-spacy.jsonl";

/// MIME type of the export (newline-delimited JSON).
pub const MIME: &str = "application/x-ndjson";

/// The provenance name to give [`super::add_imported`] for documents read by [`import`].
pub const PROVENANCE: &str = "spacy-jsonl";

/// How many problems an import refusal lists at most (then says how many more there are).
pub const MAX_PROBLEMS: usize = 10;

/// Longest title made from the first words of a text, in characters.
const TITLE_CHARS: usize = 60;

/// Most words in a title made from the first words of a text.
const TITLE_WORDS: usize = 8;

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    meta: MetaOut<'a>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    id: Id,
    entity: Option<Id>,
}

#[derive(Serialize)]
struct Piece<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum SpeakerOut<'a> {
    Mention {
        start: usize,
        end: usize,
        text: &'a str,
        label: &'a str,
        mention: Id,
        entity: Option<Id>,
    },
    Entity {
        entity: Id,
        name: &'a str,
    },
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    id: Id,
    start: usize,
    end: usize,
    text: &'a str,
    kind: QuoteKind,
    speaker: Option<SpeakerOut<'a>>,
    cue: Option<Piece<'a>>,
    continues: Option<Id>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: Id,
    name: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct MetaOut<'a> {
    id: Id,
    title: &'a str,
    source: &'a str,
    status: DocStatus,
    project: &'a str,
    annotator: &'a str,
}

/// Exports `docs` (in that order) as spaCy / Prodigy JSONL, one line per document.
///
/// Errors: [`ExportError::Empty`] for no documents, [`ExportError::NoDocument`] for an
/// unknown id, [`ExportError::BadSpan`] if a span does not fit its text.
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<ExportFile, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut out = String::new();
    for r in &refs {
        out.push_str(&export_line(r)?);
        out.push('\n');
    }
    Ok(ExportFile {
        name: FILE_NAME.into(),
        mime: MIME,
        bytes: out.into_bytes(),
    })
}

/// One document as one JSON line (without the newline).
fn export_line(r: &DocRef<'_>) -> Result<String, ExportError> {
    let ds = r.ds;
    let ann = &ds.ann;
    let piece = |span: Span| -> Result<Piece<'_>, ExportError> {
        let (start, end) = cp_span(ds, span)?;
        Ok(Piece {
            start,
            end,
            text: ds.span_text(span),
        })
    };

    let entities: Vec<EntityOut<'_>> = ann
        .entities
        .values()
        .filter(|e| !e.meta.provenance.is_pending_suggestion())
        .map(|e| EntityOut {
            id: e.id,
            name: &e.name,
            label: r.label_name(e.label),
        })
        .collect();
    let exported_entities: HashSet<Id> = entities.iter().map(|e| e.id).collect();
    let entity_ref = |e: Option<Id>| e.filter(|e| exported_entities.contains(e));

    let mut mentions: Vec<_> = ann
        .mentions
        .values()
        .filter(|m| !m.meta.provenance.is_pending_suggestion())
        .collect();
    mentions.sort_by(|a, b| {
        (a.span, r.label_name(a.label), a.id).cmp(&(b.span, r.label_name(b.label), b.id))
    });
    let spans = mentions
        .into_iter()
        .map(|m| {
            let p = piece(m.span)?;
            Ok(SpanOut {
                start: p.start,
                end: p.end,
                label: r.label_name(m.label),
                text: p.text,
                id: m.id,
                entity: entity_ref(m.entity),
            })
        })
        .collect::<Result<Vec<_>, ExportError>>()?;

    let mut quotes: Vec<_> = ann
        .quotes
        .values()
        .filter(|q| !q.meta.provenance.is_pending_suggestion())
        .collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    let exported_quotes: HashSet<Id> = quotes.iter().map(|q| q.id).collect();
    let quotes = quotes
        .into_iter()
        .map(|q| {
            let content = piece(q.content)?;
            let speaker = match q.speaker {
                Some(Speaker::Mention(id)) => match ann.mentions.get(&id) {
                    Some(m) => {
                        let p = piece(m.span)?;
                        Some(SpeakerOut::Mention {
                            start: p.start,
                            end: p.end,
                            text: p.text,
                            label: r.label_name(m.label),
                            mention: m.id,
                            entity: entity_ref(m.entity),
                        })
                    }
                    None => None,
                },
                Some(Speaker::Entity(id)) => ann.entities.get(&id).map(|e| SpeakerOut::Entity {
                    entity: e.id,
                    name: &e.name,
                }),
                None => None,
            };
            Ok(QuoteOut {
                id: q.id,
                start: content.start,
                end: content.end,
                text: content.text,
                kind: q.kind,
                speaker,
                cue: q.cue.map(piece).transpose()?,
                continues: q.continues.filter(|c| exported_quotes.contains(c)),
            })
        })
        .collect::<Result<Vec<_>, ExportError>>()?;

    let line = Line {
        text: ds.text(),
        spans,
        quotes,
        entities,
        meta: MetaOut {
            id: ds.doc.id,
            title: &ds.doc.title,
            source: &ds.doc.source,
            status: ds.doc.status,
            project: &r.project.name,
            annotator: &ds.doc.annotator,
        },
    };
    let json = serde_json::to_string(&line).map_err(|e| ExportError::BadSpan {
        doc: ds.doc.title.clone(),
        reason: format!("it could not be written as JSON: {e}"),
    })?;
    Ok(escape_line_separators(json))
}

/// Writes U+0085, U+2028 and U+2029 as JSON `\u` escapes. They can only occur inside
/// JSON strings (the structure is ASCII), so the result is the same JSON value.
fn escape_line_separators(json: String) -> String {
    if !json.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '\u{85}' => out.push_str("\\u0085"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// The problems found so far: the first [`MAX_PROBLEMS`], then only a count.
#[derive(Default)]
struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    fn push(&mut self, problem: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn into_error(mut self) -> ImportError {
        match self.more {
            0 => {}
            1 => self.list.push("… and 1 more problem".into()),
            n => self.list.push(format!("… and {n} more problems")),
        }
        ImportError::Invalid {
            problems: self.list,
        }
    }
}

/// Reads spaCy / Prodigy JSONL: one document per line.
///
/// Each non-blank line is an object with `text` (a non-empty string), optionally `spans`
/// (a list of `{"start", "end", "label", "text"?}` with code point offsets) and `meta`
/// (`title` and `source`, both optional strings); other fields are ignored. A span must
/// lie within the text, be non-empty, start and end between user-perceived characters
/// (grapheme clusters) and, when it has a `text`, cover exactly that text. Exact
/// duplicates (same offsets, same label ignoring ASCII case) are kept once.
///
/// The title comes from `meta.title`, else from the first words of the text; the
/// source from `meta.source`, else `source` (the file name). A UTF-8 byte-order mark,
/// CR LF line ends and blank lines are accepted.
///
/// Errors: [`ImportError::Invalid`] listing the first [`MAX_PROBLEMS`] problems, e.g.
/// `line 3: spans[2].end: 120 is past the end of the text (98 code points); expected an
/// offset from 0 to 98`, when any
/// line is malformed or the file holds no document. Lines count from 1, list positions
/// from 0.
pub fn import(jsonl: &str, source: &str) -> Result<Vec<ImportedDoc>, ImportError> {
    let body = jsonl.strip_prefix('\u{FEFF}').unwrap_or(jsonl);
    super::check_nesting(body)?;
    let mut problems = Problems::default();
    let mut docs = Vec::new();
    for (i, raw) in body.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        if let Some(doc) = read_line(line, i + 1, source, &mut problems) {
            docs.push(doc);
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    if docs.is_empty() {
        return Err(ImportError::Invalid {
            problems: vec![
                "the file holds no document: expected one JSON object per line, \
                 like {\"text\": \"…\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"PERSON\"}]}"
                    .into(),
            ],
        });
    }
    Ok(docs)
}

/// What kind of JSON value this is, for messages ("found a number").
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The start of a text for a message: escaped, at most 40 characters.
fn preview(s: &str) -> String {
    const MAX: usize = 40;
    let short: String = s.chars().take(MAX).collect();
    if short.len() < s.len() {
        format!("{:?}…", short)
    } else {
        format!("{short:?}")
    }
}

/// An optional string field of an object: `Ok(None)` when absent or null.
fn opt_str<'v>(
    obj: &'v serde_json::Map<String, Value>,
    field: &str,
    path: &str,
    n: usize,
    problems: &mut Problems,
) -> Option<Option<&'v str>> {
    match obj.get(field) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.as_str())),
        Some(other) => {
            problems.push(format!(
                "line {n}: {path}{field}: expected a string, found {}",
                kind(other)
            ));
            None
        }
    }
}

/// Reads one line; `None` (with problems recorded) if it is malformed.
fn read_line(line: &str, n: usize, source: &str, problems: &mut Problems) -> Option<ImportedDoc> {
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            let mut msg = e.to_string();
            if let Some(at) = msg.rfind(" at line ") {
                msg.truncate(at);
            }
            // serde_json counts columns in bytes; people count characters.
            let byte = e.column().saturating_sub(1);
            let column = line.char_indices().take_while(|(i, _)| *i < byte).count() + 1;
            problems.push(format!(
                "line {n}: not valid JSON ({msg} at column {column}); each line must be one \
                 JSON object"
            ));
            return None;
        }
    };
    let Value::Object(obj) = value else {
        problems.push(format!(
            "line {n}: expected a JSON object like {{\"text\": \"…\", \"spans\": […]}}, found {}",
            kind(&value)
        ));
        return None;
    };
    let before = problems.list.len() + problems.more;

    let text = match obj.get("text") {
        Some(Value::String(t)) if !t.is_empty() => Some(t.as_str()),
        Some(Value::String(_)) => {
            problems.push(format!(
                "line {n}: text: is empty; expected the document's text"
            ));
            None
        }
        None => {
            problems.push(format!(
                "line {n}: text: missing; every line needs the document's text as a string"
            ));
            None
        }
        Some(other) => {
            problems.push(format!(
                "line {n}: text: expected a string, found {}",
                kind(other)
            ));
            None
        }
    };

    let (mut title, mut meta_source) = (None, None);
    match obj.get("meta") {
        None | Some(Value::Null) => {}
        Some(Value::Object(meta)) => {
            title = opt_str(meta, "title", "meta.", n, problems).flatten();
            meta_source = opt_str(meta, "source", "meta.", n, problems).flatten();
        }
        Some(other) => problems.push(format!(
            "line {n}: meta: expected an object, found {}",
            kind(other)
        )),
    }

    let spans: &[Value] = match obj.get("spans") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(format!(
                "line {n}: spans: expected a list of spans, found {}",
                kind(other)
            ));
            &[]
        }
    };

    let text = text?;
    let index = TextIndex::new(text);
    let mut mentions = Vec::new();
    let mut seen = HashSet::new();
    for (j, item) in spans.iter().enumerate() {
        if let Some((span, label)) = read_span(item, text, &index, n, j, problems) {
            if seen.insert((span, label.to_ascii_lowercase())) {
                mentions.push((span, label));
            }
        }
    }
    if problems.list.len() + problems.more > before {
        return None;
    }
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| title_from_text(text));
    let source = meta_source
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(source);
    Some(ImportedDoc {
        title,
        source: source.to_owned(),
        text: text.to_owned(),
        mentions,
    })
}

/// A whole number of code points at `spans[j].field`, or a problem.
fn offset(
    obj: &serde_json::Map<String, Value>,
    field: &str,
    n: usize,
    j: usize,
    problems: &mut Problems,
) -> Option<usize> {
    let found = match obj.get(field) {
        None => {
            problems.push(format!(
                "line {n}: spans[{j}].{field}: missing; expected a code point offset"
            ));
            return None;
        }
        Some(v) => v,
    };
    match found.as_u64().and_then(|v| usize::try_from(v).ok()) {
        Some(v) => Some(v),
        None => {
            let what = match found {
                Value::Number(num) => num.to_string(),
                other => kind(other).to_owned(),
            };
            problems.push(format!(
                "line {n}: spans[{j}].{field}: expected a whole number of code points \
                 (0 or more), found {what}"
            ));
            None
        }
    }
}

/// Reads and checks `spans[j]` of line `n`: its byte span and trimmed label.
fn read_span(
    item: &Value,
    text: &str,
    index: &TextIndex,
    n: usize,
    j: usize,
    problems: &mut Problems,
) -> Option<(Span, String)> {
    let Value::Object(obj) = item else {
        problems.push(format!(
            "line {n}: spans[{j}]: expected an object like \
             {{\"start\": 0, \"end\": 5, \"label\": \"PERSON\"}}, found {}",
            kind(item)
        ));
        return None;
    };
    let start = offset(obj, "start", n, j, problems);
    let end = offset(obj, "end", n, j, problems);
    let label = match obj.get("label") {
        Some(Value::String(l)) if !l.trim().is_empty() => Some(l.trim().to_owned()),
        Some(Value::String(_)) => {
            problems.push(format!(
                "line {n}: spans[{j}].label: is empty; expected a label name such as PERSON"
            ));
            None
        }
        None => {
            problems.push(format!(
                "line {n}: spans[{j}].label: missing; expected a label name such as PERSON"
            ));
            None
        }
        Some(other) => {
            problems.push(format!(
                "line {n}: spans[{j}].label: expected a string, found {}",
                kind(other)
            ));
            None
        }
    };
    let expected = match obj.get("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(t.as_str()),
        Some(other) => {
            problems.push(format!(
                "line {n}: spans[{j}].text: expected a string, found {}",
                kind(other)
            ));
            return None;
        }
    };
    let (start, end, label) = (start?, end?, label?);

    let len = index.len_chars();
    let past = [("start", start), ("end", end)]
        .into_iter()
        .filter(|(_, at)| *at > len)
        .map(|(field, at)| format!("spans[{j}].{field}: {at}"))
        .collect::<Vec<_>>();
    if !past.is_empty() {
        let hint = expected
            .map(|e| unit_hint(text, index, start, end, e))
            .unwrap_or_default();
        let (verb, what) = match past.len() {
            1 => ("is", "an offset"),
            _ => ("are", "offsets"),
        };
        problems.push(format!(
            "line {n}: {} {verb} past the end of the text ({len} code {}); expected {what} \
             from 0 to {len}{hint}",
            past.join(" and "),
            if len == 1 { "point" } else { "points" }
        ));
        return None;
    }
    if start >= end {
        problems.push(if start == end {
            format!(
                "line {n}: spans[{j}]: start and end are both {start}; a span needs at least \
                 one character"
            )
        } else {
            format!("line {n}: spans[{j}]: start {start} is after end {end}")
        });
        return None;
    }
    let span = match index.span_from_chars(text, CharOffset(start), CharOffset(end)) {
        Ok(span) => span,
        Err(e) => {
            problems.push(format!("line {n}: spans[{j}]: {e}"));
            return None;
        }
    };
    let covered = span.slice(text).unwrap_or("");
    if let Some(expected) = expected {
        if covered != expected {
            problems.push(format!(
                "line {n}: spans[{j}].text: expected {} (the text at code points \
                 {start}..{end}), found {}{}",
                preview(covered),
                preview(expected),
                unit_hint(text, index, start, end, expected)
            ));
            return None;
        }
    }
    for (field, at, by) in [("start", start, span.start), ("end", end, span.end)] {
        if !is_grapheme_boundary(text, by) {
            problems.push(format!(
                "line {n}: spans[{j}].{field}: {at} splits what a reader sees as one \
                 character (a letter and its accent, a flag, an emoji sequence or a CR LF \
                 line break); expected an offset just before or after it"
            ));
            return None;
        }
    }
    Some((span, label))
}

/// When offsets that do not fit in code points would fit as UTF-16 units or UTF-8
/// bytes, says so (the usual mistake of a JavaScript or byte-oriented producer).
fn unit_hint(text: &str, index: &TextIndex, start: usize, end: usize, expected: &str) -> String {
    let as_utf16 = index
        .span_from_utf16(text, Utf16Offset(start), Utf16Offset(end))
        .ok()
        .and_then(|s| s.slice(text));
    if as_utf16 == Some(expected) {
        return "; the offsets look like UTF-16 code units (as JavaScript counts), but this \
                format counts Unicode code points (as Python does)"
            .into();
    }
    if text.get(start..end) == Some(expected) {
        return "; the offsets look like UTF-8 byte offsets, but this format counts Unicode \
                code points (as Python does)"
            .into();
    }
    String::new()
}

/// A title from the first words of `text`: at most [`TITLE_WORDS`] words and
/// [`TITLE_CHARS`] characters, "…" when cut; "Untitled" for a text without words.
fn title_from_text(text: &str) -> String {
    let first_line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut title = String::new();
    let mut cut = false;
    for (i, word) in first_line.split_whitespace().enumerate() {
        let needed = word.chars().count() + usize::from(!title.is_empty());
        if i >= TITLE_WORDS || title.chars().count() + needed > TITLE_CHARS {
            cut = true;
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    if title.is_empty() {
        // A first word longer than the limit: cut it.
        title = first_line.trim().chars().take(TITLE_CHARS).collect();
        cut = first_line.trim().chars().count() > TITLE_CHARS;
    }
    if title.is_empty() {
        return "Untitled".into();
    }
    if cut {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(jsonl: &str) -> Vec<String> {
        match import(jsonl, "t.jsonl") {
            Err(ImportError::Invalid { problems }) => problems,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn reads_code_point_offsets_after_astral_characters() {
        let line = r#"{"text":"🇳🇬 Ada Obi","spans":[{"start":3,"end":10,"label":"PERSON","text":"Ada Obi"}]}"#;
        let docs = import(line, "f.jsonl").unwrap();
        assert_eq!(docs.len(), 1);
        let (span, label) = &docs[0].mentions[0];
        assert_eq!(span.slice(&docs[0].text), Some("Ada Obi"));
        assert_eq!(label, "PERSON");
        assert_eq!(docs[0].title, "🇳🇬 Ada Obi");
        assert_eq!(docs[0].source, "f.jsonl");
    }

    #[test]
    fn utf16_offsets_are_refused_with_a_hint() {
        // "Ada" is at code points 3..6, UTF-16 units 5..8.
        let line = r#"{"text":"🇳🇬 Ada","spans":[{"start":5,"end":8,"label":"P","text":"Ada"}]}"#;
        let p = problems(line);
        assert_eq!(
            p,
            vec![
                "line 1: spans[0].end: 8 is past the end of the text (6 code points); expected \
                 an offset from 0 to 6; the offsets look like UTF-16 code units (as JavaScript counts), but this format \
                 counts Unicode code points (as Python does)"
                    .to_owned()
            ]
        );
        let line =
            r#"{"text":"🇳🇬 Ada Obi","spans":[{"start":5,"end":8,"label":"P","text":"Ada"}]}"#;
        let p = problems(line);
        assert!(p[0].contains("look like UTF-16"), "{p:?}");
    }

    #[test]
    fn line_separators_are_escaped() {
        let s = escape_line_separators("{\"t\":\"a\u{2028}b\u{85}\"}".into());
        assert_eq!(s, "{\"t\":\"a\\u2028b\\u0085\"}");
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["t"], "a\u{2028}b\u{85}");
    }

    #[test]
    fn titles_from_first_words() {
        assert_eq!(
            title_from_text("\r\n  Hello world.\r\nMore"),
            "Hello world."
        );
        assert_eq!(
            title_from_text("one two three four five six seven eight nine"),
            "one two three four five six seven eight…"
        );
        assert_eq!(title_from_text(&"x".repeat(70)).chars().count(), 61);
        assert_eq!(title_from_text(" \n "), "Untitled");
    }

    #[test]
    fn problems_are_capped() {
        let line = r#"{"text":"abc","spans":[{"start":0,"end":10,"label":"P"}]}"#;
        let file = [line; 14].join("\n");
        let p = problems(&file);
        assert_eq!(p.len(), MAX_PROBLEMS + 1);
        assert_eq!(p[MAX_PROBLEMS], "… and 4 more problems");
    }
}
