//! Label Studio: a tasks JSON file plus the matching labeling config (export), and
//! pre-annotations read back from Label Studio tasks (import).
//!
//! # Export
//!
//! Two files: [`TASKS_FILE`], a JSON array with one task per document, and
//! [`CONFIG_FILE`], the `<View>` labeling config to paste into the project settings.
//! Each task is `{"data": {"text", "title", "glossa_id"}, "annotations": [{"result":
//! [...], "ground_truth": false}]}`. The results are:
//!
//! - mentions: regions of the `label` control (`type` `labels`), label = schema name;
//! - quotes: `QUOTE` (content) and `CUE` regions of the `quote` control;
//! - span evidence of stances: `EVIDENCE` regions of the `stance` control;
//! - relations (`type` `relation`, `direction` `right`): quote → cue (`cue`), quote →
//!   speaker mention (`speaker`; for an entity speaker its first mention), quote → the
//!   quote it continues (`continues`), and holder (first mention of the holder entity)
//!   → each piece of evidence, labelled with the polarity (`FAVOR`, `AGAINST`, `NONE`);
//! - three task-level text areas, `entities`, `quotes` and `stances`, one line per
//!   record, so what regions cannot carry (entity names, quote kinds, stance targets,
//!   stances without evidence) is still there to review.
//!
//! Offsets are **Unicode code points**, like every Glossa export and like Label Studio's
//! own `Text` tag (its editor counts code points and counts `\r\n` as two). Every region
//! also carries its exact `text`. Region ids are Glossa ids (16 hex digits; a cue is
//! `<quote id>-cue`, the n-th evidence span `<stance id>-ev<n>`), unique within a task.
//! Notes become the region's `meta.text`.
//!
//! # Import
//!
//! [`import`] reads a Label Studio export (or a pre-annotation file): a JSON array of
//! tasks, each with the text in `data.text` and regions in `annotations[*].result` or
//! `predictions[*].result` (`completions` too, the name used by Label Studio 0.x).
//! Every `labels` region (except those of Glossa's own `quote` and `stance` controls,
//! and those on another text field of the task) becomes a labelled span; other result types (relations, choices, text areas…) are
//! skipped. Offsets must be code points, fall on character boundaries as a reader sees
//! them, and match `value.text` when it is given. A file with problems is refused as a
//! whole, naming the first few problems by task, JSON path and what was expected.

use super::{cp_span, doc_refs, DocRef, ExportError, ExportFile, ImportError, ImportedDoc};
use crate::model::annotations::{Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use crate::model::ids::Id;
use crate::model::offsets::{CharOffset, OffsetError, Span, TextIndex, Utf16Offset};
use crate::model::text::check_span;
use crate::model::workspace::{DocState, Workspace};
use serde::Serialize;
use serde_json::{Map, Value};

/// Name of the tasks file of an export.
pub const TASKS_FILE: &str = "tasks.json";
/// Name of the labeling-config file of an export.
pub const CONFIG_FILE: &str = "labeling-config.xml";
/// The `Text` object tag the regions refer to (`to_name`).
pub const TEXT_NAME: &str = "text";
/// The `Labels` control of entity mentions (`from_name`).
pub const ENTITY_CONTROL: &str = "label";
/// The `Labels` control of quotes (`QUOTE`) and their cues (`CUE`).
pub const QUOTE_CONTROL: &str = "quote";
/// The `Labels` control of stance evidence spans (`EVIDENCE`).
pub const STANCE_CONTROL: &str = "stance";
/// Label of a quote's content region.
pub const QUOTE_LABEL: &str = "QUOTE";
/// Label of a quote's cue region.
pub const CUE_LABEL: &str = "CUE";
/// Label of a stance's evidence span region.
pub const EVIDENCE_LABEL: &str = "EVIDENCE";
/// Relation labels declared in the config (the last three are stance polarities).
pub const RELATIONS: [&str; 6] = ["speaker", "cue", "continues", "FAVOR", "AGAINST", "NONE"];

/// At most this many problems are reported when an import is refused.
const MAX_PROBLEMS: usize = 5;

/// The task-level text areas: (control name, header shown above it).
const TEXT_AREAS: [(&str, &str); 3] = [
    ("entities", "Entities"),
    ("quotes", "Quotes"),
    ("stances", "Stances"),
];

// ---------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------

#[derive(Serialize)]
struct Task<'a> {
    data: TaskData<'a>,
    annotations: [Annotation; 1],
}

#[derive(Serialize)]
struct TaskData<'a> {
    text: &'a str,
    title: &'a str,
    glossa_id: String,
}

#[derive(Serialize)]
struct Annotation {
    result: Vec<ResultItem>,
    ground_truth: bool,
}

#[derive(Serialize)]
struct RegionValue {
    start: usize,
    end: usize,
    text: String,
    labels: [String; 1],
}

#[derive(Serialize)]
struct RegionMeta {
    text: [String; 1],
}

#[derive(Serialize)]
struct TextAreaValue {
    text: Vec<String>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ResultItem {
    Region {
        id: String,
        from_name: &'static str,
        to_name: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: RegionValue,
        #[serde(skip_serializing_if = "Option::is_none")]
        meta: Option<RegionMeta>,
    },
    Relation {
        from_id: String,
        to_id: String,
        #[serde(rename = "type")]
        kind: &'static str,
        direction: &'static str,
        labels: [&'static str; 1],
    },
    TextArea {
        id: &'static str,
        from_name: &'static str,
        to_name: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: TextAreaValue,
    },
}

/// Entity labels for the config: name and colour, first occurrence wins.
#[derive(Default)]
struct LabelSet(Vec<(String, Option<String>)>);

impl LabelSet {
    fn add(&mut self, name: &str, colour: Option<&str>) {
        if !self.0.iter().any(|(n, _)| n == name) {
            self.0.push((name.to_owned(), colour.map(str::to_owned)));
        }
    }
}

/// Exports `docs` (in that order) as Label Studio [`TASKS_FILE`] and [`CONFIG_FILE`].
///
/// Fails if a document does not exist, if `docs` is empty, or if a span does not fit
/// its text (see [`Workspace::validate`]).
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<Vec<ExportFile>, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut labels = LabelSet::default();
    let mut tasks = Vec::with_capacity(refs.len());
    for r in &refs {
        for l in &r.schema().labels {
            labels.add(&l.name, Some(l.color.as_str()));
        }
        tasks.push(task(r, &mut labels)?);
    }
    // Serialising these plain structs cannot fail (no maps, no non-string keys); the
    // error is mapped rather than unwrapped all the same.
    let mut json = serde_json::to_string_pretty(&tasks).map_err(|e| ExportError::BadSpan {
        doc: "Label Studio tasks".into(),
        reason: e.to_string(),
    })?;
    json.push('\n');
    Ok(vec![
        ExportFile {
            name: TASKS_FILE.into(),
            mime: "application/json",
            bytes: json.into_bytes(),
        },
        ExportFile {
            name: CONFIG_FILE.into(),
            mime: "application/xml",
            bytes: labeling_config(&labels).into_bytes(),
        },
    ])
}

fn region(
    ds: &DocState,
    id: String,
    control: &'static str,
    label: &str,
    span: Span,
    note: Option<&str>,
) -> Result<ResultItem, ExportError> {
    let (start, end) = cp_span(ds, span)?;
    Ok(ResultItem::Region {
        id,
        from_name: control,
        to_name: TEXT_NAME,
        kind: "labels",
        value: RegionValue {
            start,
            end,
            text: ds.span_text(span).to_owned(),
            labels: [label.to_owned()],
        },
        meta: note.map(|n| RegionMeta {
            text: [n.to_owned()],
        }),
    })
}

fn relation(from: String, to: String, label: &'static str) -> ResultItem {
    ResultItem::Relation {
        from_id: from,
        to_id: to,
        kind: "relation",
        direction: "right",
        labels: [label],
    }
}

/// `FAVOR`, `AGAINST` or `NONE`.
fn polarity_name(p: Polarity) -> &'static str {
    match p {
        Polarity::Favor => "FAVOR",
        Polarity::Against => "AGAINST",
        Polarity::None => "NONE",
    }
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

/// The region id of the mention that stands for `entity`: its first in text order.
fn first_mention(ds: &DocState, entity: Id) -> Option<Id> {
    ds.mentions_of_entity(entity).first().map(|m| m.id)
}

fn entity_name(ds: &DocState, entity: Id) -> Option<&str> {
    ds.ann.entities.get(&entity).map(|e| e.name.as_str())
}

/// "Okafor (Renée Okafor)" for a mention of an entity, the name for an entity speaker.
fn speaker_text(ds: &DocState, speaker: Speaker) -> Option<String> {
    match speaker {
        Speaker::Mention(m) => {
            let m = ds.ann.mentions.get(&m)?;
            let text = ds.span_text(m.span);
            Some(match m.entity.and_then(|e| entity_name(ds, e)) {
                Some(name) if name != text => format!("{text} ({name})"),
                _ => text.to_owned(),
            })
        }
        Speaker::Entity(e) => entity_name(ds, e).map(str::to_owned),
    }
}

fn quoted(s: &str) -> String {
    format!("\u{201C}{s}\u{201D}")
}

fn task<'a>(r: &DocRef<'a>, labels: &mut LabelSet) -> Result<Task<'a>, ExportError> {
    let ds = r.ds;
    let ann = &ds.ann;
    let mut regions = Vec::new();
    let mut relations = Vec::new();

    let mut mentions: Vec<_> = ann.mentions.values().collect();
    mentions.sort_by_key(|m| (m.span, m.id));
    for m in mentions {
        let name = r.label_name(m.label);
        labels.add(name, None);
        regions.push(region(
            ds,
            m.id.to_string(),
            ENTITY_CONTROL,
            name,
            m.span,
            m.meta.note.as_deref(),
        )?);
    }

    let mut quotes: Vec<_> = ann.quotes.values().collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    let mut quote_lines = Vec::new();
    for q in &quotes {
        let qid = q.id.to_string();
        regions.push(region(
            ds,
            qid.clone(),
            QUOTE_CONTROL,
            QUOTE_LABEL,
            q.content,
            q.meta.note.as_deref(),
        )?);
        let mut line = format!(
            "{} ({})",
            quoted(ds.span_text(q.content)),
            kind_name(q.kind)
        );
        if let Some(cue) = q.cue {
            let cid = format!("{qid}-cue");
            regions.push(region(
                ds,
                cid.clone(),
                QUOTE_CONTROL,
                CUE_LABEL,
                cue,
                None,
            )?);
            relations.push(relation(qid.clone(), cid, "cue"));
        }
        if let Some(sp) = q.speaker {
            let target = match sp {
                Speaker::Mention(m) => ann.mentions.contains_key(&m).then_some(m),
                Speaker::Entity(e) => first_mention(ds, e),
            };
            if let Some(m) = target {
                relations.push(relation(qid.clone(), m.to_string(), "speaker"));
            }
            if let Some(s) = speaker_text(ds, sp) {
                line.push_str(&format!("; speaker: {s}"));
            }
        }
        if let Some(cue) = q.cue {
            line.push_str(&format!("; cue: {}", ds.span_text(cue)));
        }
        if let Some(first) = q.continues.and_then(|c| ann.quotes.get(&c)) {
            relations.push(relation(qid.clone(), first.id.to_string(), "continues"));
            line.push_str(&format!(
                "; continues: {}",
                quoted(ds.span_text(first.content))
            ));
        }
        if let Some(n) = &q.meta.note {
            line.push_str(&format!("; note: {n}"));
        }
        quote_lines.push(line);
    }

    let mut stance_lines = Vec::new();
    for s in ann.stances.values() {
        let polarity = polarity_name(s.polarity);
        let holder_region = s.holder.and_then(|h| first_mention(ds, h));
        let mut evidence_texts = Vec::new();
        for (n, ev) in s.evidence.iter().enumerate() {
            let (to, text) = match ev {
                Evidence::Span { span } => {
                    let id = format!("{}-ev{n}", s.id);
                    regions.push(region(
                        ds,
                        id.clone(),
                        STANCE_CONTROL,
                        EVIDENCE_LABEL,
                        *span,
                        None,
                    )?);
                    (Some(id), ds.span_text(*span))
                }
                Evidence::Quote { id } => match ann.quotes.get(id) {
                    Some(q) => (Some(id.to_string()), ds.span_text(q.content)),
                    None => (None, ""),
                },
            };
            if let Some(to) = to {
                evidence_texts.push(quoted(text));
                if let Some(h) = holder_region {
                    relations.push(relation(h.to_string(), to, polarity));
                }
            }
        }
        let holder = s
            .holder
            .and_then(|h| entity_name(ds, h))
            .unwrap_or("(no holder)");
        let target = match s.target {
            Some(StanceTarget::Entity(e)) => entity_name(ds, e).map(|n| format!("{n} (entity)")),
            Some(StanceTarget::Topic(t)) => r.project.topics.get(&t).map(|t| t.name.clone()),
            None => None,
        }
        .unwrap_or_else(|| "(no target)".into());
        let mut line = format!("{holder} {polarity} {target}");
        if !evidence_texts.is_empty() {
            line.push_str(&format!("; evidence: {}", evidence_texts.join(" | ")));
        }
        if let Some(n) = &s.meta.note {
            line.push_str(&format!("; note: {n}"));
        }
        stance_lines.push(line);
    }

    let mut entity_lines = Vec::new();
    for e in ann.entities.values() {
        let texts: Vec<&str> = ds
            .mentions_of_entity(e.id)
            .iter()
            .map(|m| ds.span_text(m.span))
            .collect();
        let mut line = format!("{} ({})", e.name, r.label_name(e.label));
        if !texts.is_empty() {
            line.push_str(&format!(": {}", texts.join("; ")));
        }
        if let Some(n) = &e.meta.note {
            line.push_str(&format!("; note: {n}"));
        }
        entity_lines.push(line);
    }

    let mut result = regions;
    result.extend(relations);
    for ((name, _), lines) in TEXT_AREAS
        .iter()
        .zip([entity_lines, quote_lines, stance_lines])
    {
        if !lines.is_empty() {
            result.push(ResultItem::TextArea {
                id: name,
                from_name: name,
                to_name: TEXT_NAME,
                kind: "textarea",
                value: TextAreaValue { text: lines },
            });
        }
    }
    Ok(Task {
        data: TaskData {
            text: ds.text(),
            title: &ds.doc.title,
            glossa_id: ds.doc.id.to_string(),
        },
        annotations: [Annotation {
            result,
            ground_truth: false,
        }],
    })
}

/// Escapes text for an XML attribute value.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            // Characters XML 1.0 cannot hold at all are dropped.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn labels_block(out: &mut String, control: &str, labels: &[(String, Option<String>)]) {
    out.push_str(&format!(
        "  <Labels name=\"{control}\" toName=\"{TEXT_NAME}\">\n"
    ));
    for (name, colour) in labels {
        out.push_str(&format!("    <Label value=\"{}\"", xml_escape(name)));
        if let Some(c) = colour {
            out.push_str(&format!(" background=\"{}\"", xml_escape(c)));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </Labels>\n");
}

/// The labeling config: every label used in the tasks is declared.
fn labeling_config(labels: &LabelSet) -> String {
    let mut out = String::from("<View>\n");
    // Keep every space and line break as in the text (Label Studio trims them otherwise).
    out.push_str("  <Style>.htx-text { white-space: pre-wrap; }</Style>\n");
    out.push_str("  <Header value=\"$title\"/>\n");
    labels_block(&mut out, ENTITY_CONTROL, &labels.0);
    let own = |name: &str, colour: &str| (name.to_owned(), Some(colour.to_owned()));
    labels_block(
        &mut out,
        QUOTE_CONTROL,
        &[own(QUOTE_LABEL, "#2a9d8f"), own(CUE_LABEL, "#e9c46a")],
    );
    labels_block(&mut out, STANCE_CONTROL, &[own(EVIDENCE_LABEL, "#e76f51")]);
    out.push_str(&format!(
        "  <Text name=\"{TEXT_NAME}\" value=\"${TEXT_NAME}\"/>\n"
    ));
    out.push_str("  <Relations>\n");
    for r in RELATIONS {
        out.push_str(&format!("    <Relation value=\"{r}\"/>\n"));
    }
    out.push_str("  </Relations>\n");
    for (name, header) in TEXT_AREAS {
        out.push_str(&format!("  <Header value=\"{header}\"/>\n"));
        out.push_str(&format!(
            "  <TextArea name=\"{name}\" toName=\"{TEXT_NAME}\" editable=\"true\" rows=\"3\"/>\n"
        ));
    }
    out.push_str("</View>\n");
    out
}

// ---------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------

/// The problems found so far, at most [`MAX_PROBLEMS`].
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn full(&self) -> bool {
        self.0.len() >= MAX_PROBLEMS
    }

    fn push(&mut self, msg: String) {
        if !self.full() {
            self.0.push(msg);
        }
    }
}

/// Shortens `s` for an error message.
fn excerpt(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head:?}…")
    }
}

/// What a JSON value is, for "found …" in messages.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A title from the first words of the text (at most 8 words and 60 characters).
fn first_words(text: &str) -> String {
    let mut title = String::new();
    for w in text.split_whitespace().take(8) {
        if title.chars().count() + w.chars().count() + 1 > 60 && !title.is_empty() {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(w);
    }
    let title: String = title.chars().take(60).collect();
    if title.is_empty() {
        "Untitled".into()
    } else {
        title
    }
}

/// Whitespace runs collapsed to one space, ends trimmed: Label Studio may save a region's
/// `text` with whitespace trimmed when the config does not preserve it.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A non-negative whole number (JSON `3` or `3.0`).
fn whole_number(v: &Value) -> Option<usize> {
    if let Some(n) = v.as_u64() {
        return usize::try_from(n).ok();
    }
    let f = v.as_f64()?;
    if f >= 0.0 && f.fract() == 0.0 && f <= 9.0e15 {
        usize::try_from(f as u64).ok()
    } else {
        None
    }
}

/// Reads Label Studio tasks (an export or a pre-annotation file) as documents with
/// labelled spans, to join the workspace as suggestions (see
/// [`add_imported`](super::add_imported)); `source` is the file name, kept as provenance.
///
/// Accepts a JSON array of tasks (or one task object). Each task holds its text in
/// `data.text` (a task without `data` may hold `text` itself) and an optional title in
/// `data.title` or `meta.title`; regions come from `annotations[*].result`,
/// `predictions[*].result` and `completions[*].result`. Results of type `labels` become
/// spans, one per label name (trimmed; duplicates merged); regions of Glossa's own
/// `quote` and `stance` controls, regions whose `to_name` names another string field
/// of `data` (a second `Text` tag, e.g. on `$title`) and every other result type are
/// skipped.
///
/// `value.start`/`value.end` are code points. The file is refused, with nothing
/// imported, if a region's offsets are missing, reversed, empty, past the end of the
/// text or inside a character as a reader sees it (accent, flag, emoji sequence,
/// CR LF), if `value.text` (when present) differs from the text at those offsets
/// (whitespace differences aside), or if its labels are missing. The error names the
/// first problems: `task 2: predictions[0].result[3].value.end: …` (tasks counted from
/// 1, JSON indices from 0).
pub fn import(json: &str, source: &str) -> Result<Vec<ImportedDoc>, ImportError> {
    let refuse = |msg: String| ImportError::Invalid {
        problems: vec![msg],
    };
    let json = json.strip_prefix('\u{FEFF}').unwrap_or(json);
    super::check_nesting(json)?;
    let root: Value = serde_json::from_str(json)
        .map_err(|e| refuse(format!("the file is not valid JSON ({e})")))?;
    let tasks: Vec<&Value> = match &root {
        Value::Array(items) => items.iter().collect(),
        Value::Object(_) => vec![&root],
        other => {
            return Err(refuse(format!(
                "expected a JSON array of Label Studio tasks, found {}",
                json_kind(other)
            )))
        }
    };
    if tasks.is_empty() {
        return Err(refuse(
            "the file holds no tasks: expected a JSON array of Label Studio tasks".into(),
        ));
    }
    let mut problems = Problems::default();
    let mut docs = Vec::with_capacity(tasks.len());
    for (i, task) in tasks.into_iter().enumerate() {
        if problems.full() {
            break;
        }
        if let Some(doc) = read_task(task, i + 1, source, &mut problems) {
            docs.push(doc);
        }
    }
    if problems.0.is_empty() {
        Ok(docs)
    } else {
        Err(ImportError::Invalid {
            problems: problems.0,
        })
    }
}

fn read_task(task: &Value, n: usize, source: &str, problems: &mut Problems) -> Option<ImportedDoc> {
    let mut problem = |path: &str, what: String| {
        if path.is_empty() {
            problems.push(format!("task {n}: {what}"));
        } else {
            problems.push(format!("task {n}: {path}: {what}"));
        }
    };
    let Some(obj) = task.as_object() else {
        problem(
            "",
            format!(
                "expected an object with \"data\", found {}",
                json_kind(task)
            ),
        );
        return None;
    };
    let (data, data_path) = match obj.get("data") {
        Some(Value::Object(d)) => (d, "data"),
        Some(other) => {
            problem(
                "data",
                format!(
                    "expected an object holding the text, found {}",
                    json_kind(other)
                ),
            );
            return None;
        }
        // A bare task (`{"text": ...}`) is its own data.
        None => (obj, ""),
    };
    let text_path = if data_path.is_empty() {
        "text".to_owned()
    } else {
        format!("{data_path}.text")
    };
    let text = match data.get("text") {
        Some(Value::String(t)) => t.as_str(),
        Some(other) => {
            problem(
                &text_path,
                format!(
                    "expected the document text as a string, found {}",
                    json_kind(other)
                ),
            );
            return None;
        }
        None => {
            problem(
                &text_path,
                "missing: expected the document text as a string (tasks whose text is \
                 at a URL cannot be read)"
                    .into(),
            );
            return None;
        }
    };
    let title = [
        data.get("title"),
        obj.get("meta").and_then(|m| m.get("title")),
    ]
    .into_iter()
    .flatten()
    .filter_map(Value::as_str)
    .map(str::trim)
    .find(|t| !t.is_empty())
    .map(str::to_owned)
    .unwrap_or_else(|| first_words(text));

    let index = TextIndex::new(text);
    let mut reader = RegionReader {
        data,
        text,
        index: &index,
        mentions: Vec::new(),
        problems: Vec::new(),
    };
    for list in ["annotations", "predictions", "completions"] {
        match obj.get(list) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (a, ann) in items.iter().enumerate() {
                    let path = format!("{list}[{a}]");
                    reader.annotation(&path, ann);
                }
            }
            Some(other) => reader.problems.push((
                list.to_owned(),
                format!(
                    "expected an array of annotations, found {}",
                    json_kind(other)
                ),
            )),
        }
    }
    let ok = reader.problems.is_empty();
    for (path, what) in reader.problems {
        problem(&path, what);
    }
    if !ok {
        return None;
    }
    // One mention per span and label (names compared as the schema does).
    let mut seen = std::collections::HashSet::new();
    let mut mentions: Vec<(Span, String)> = reader
        .mentions
        .into_iter()
        .filter(|(span, name)| seen.insert((*span, name.to_ascii_lowercase())))
        .collect();
    mentions.sort();
    Some(ImportedDoc {
        title,
        source: source.to_owned(),
        text: text.to_owned(),
        mentions,
    })
}

/// Reads the regions of one task, collecting spans and (path, problem) pairs.
struct RegionReader<'a> {
    /// The task's data (to recognise regions of other data fields).
    data: &'a Map<String, Value>,
    text: &'a str,
    index: &'a TextIndex,
    mentions: Vec<(Span, String)>,
    problems: Vec<(String, String)>,
}

impl RegionReader<'_> {
    fn problem(&mut self, path: String, what: String) {
        self.problems.push((path, what));
    }

    fn annotation(&mut self, path: &str, ann: &Value) {
        let Some(obj) = ann.as_object() else {
            self.problem(
                path.to_owned(),
                format!(
                    "expected an object with \"result\", found {}",
                    json_kind(ann)
                ),
            );
            return;
        };
        match obj.get("result") {
            Some(Value::Array(results)) => {
                for (i, item) in results.iter().enumerate() {
                    if self.problems.len() >= MAX_PROBLEMS {
                        return;
                    }
                    self.result(&format!("{path}.result[{i}]"), item);
                }
            }
            Some(other) => self.problem(
                format!("{path}.result"),
                format!("expected an array of regions, found {}", json_kind(other)),
            ),
            None => self.problem(
                format!("{path}.result"),
                "missing: expected an array of regions".into(),
            ),
        }
    }

    fn result(&mut self, path: &str, item: &Value) {
        let Some(obj) = item.as_object() else {
            self.problem(
                path.to_owned(),
                format!("expected a region object, found {}", json_kind(item)),
            );
            return;
        };
        let kind = obj.get("type").and_then(Value::as_str);
        let has_labels = obj.get("value").and_then(|v| v.get("labels")).is_some();
        let is_labels = match kind {
            Some(k) => k == "labels",
            None => has_labels,
        };
        if !is_labels {
            return; // relations, choices, text areas, …: not spans to import
        }
        let from = obj.get("from_name").and_then(Value::as_str);
        if from == Some(QUOTE_CONTROL) || from == Some(STANCE_CONTROL) {
            return; // Glossa's own quote and evidence regions are not entity labels
        }
        // A region on another text of the task (e.g. `<Text name="title" value="$title">`):
        // its offsets count in that text, not the document.
        if let Some(to) = obj.get("to_name").and_then(Value::as_str) {
            if to != TEXT_NAME && self.data.get(to).is_some_and(Value::is_string) {
                return;
            }
        }
        let value = match obj.get("value") {
            Some(Value::Object(v)) => v,
            Some(other) => {
                self.problem(
                    format!("{path}.value"),
                    format!(
                        "expected an object with start, end and labels, found {}",
                        json_kind(other)
                    ),
                );
                return;
            }
            None => {
                self.problem(
                    format!("{path}.value"),
                    "missing: expected an object with start, end and labels".into(),
                );
                return;
            }
        };
        let labels = self.labels(path, value);
        let Some(span) = self.span(path, value) else {
            return;
        };
        for name in labels.unwrap_or_default() {
            self.mentions.push((span, name));
        }
    }

    fn labels(&mut self, path: &str, value: &Map<String, Value>) -> Option<Vec<String>> {
        let lpath = format!("{path}.value.labels");
        let Some(list) = value.get("labels").and_then(Value::as_array) else {
            let found = value.get("labels").map_or("nothing", json_kind);
            self.problem(
                lpath,
                format!("expected a list of label names, found {found}"),
            );
            return None;
        };
        if list.is_empty() {
            self.problem(
                lpath,
                "expected at least one label name, found an empty list".into(),
            );
            return None;
        }
        let mut names = Vec::new();
        for (i, l) in list.iter().enumerate() {
            match l.as_str().map(str::trim) {
                Some(name) if !name.is_empty() => names.push(name.to_owned()),
                Some(_) => {
                    self.problem(
                        format!("{lpath}[{i}]"),
                        "expected a label name, found an empty string".into(),
                    );
                    return None;
                }
                None => {
                    self.problem(
                        format!("{lpath}[{i}]"),
                        format!("expected a label name, found {}", json_kind(l)),
                    );
                    return None;
                }
            }
        }
        Some(names)
    }

    fn span(&mut self, path: &str, value: &Map<String, Value>) -> Option<Span> {
        let len = self.index.len_chars();
        let mut ends = [0usize; 2];
        let mut ok = true;
        for (slot, field) in ends.iter_mut().zip(["start", "end"]) {
            let fpath = format!("{path}.value.{field}");
            match value.get(field) {
                None => {
                    self.problem(fpath, "missing: expected an offset in code points".into());
                    ok = false;
                }
                Some(v) => match whole_number(v) {
                    Some(n) if n <= len => *slot = n,
                    Some(n) => {
                        self.problem(
                            fpath,
                            format!(
                                "{n} is past the end of the text ({len} code points); \
                                 expected an offset from 0 to {len}"
                            ),
                        );
                        ok = false;
                    }
                    None => {
                        let found = match v {
                            Value::Number(x) => format!("{x}"),
                            other => json_kind(other).to_owned(),
                        };
                        self.problem(
                            fpath,
                            format!(
                                "expected an offset in code points (a whole number \
                                 from 0 to {len}), found {found}"
                            ),
                        );
                        ok = false;
                    }
                },
            }
        }
        if !ok {
            return None;
        }
        let [start, end] = ends;
        if start >= end {
            let what = if start == end {
                "equal to"
            } else {
                "less than"
            };
            self.problem(
                format!("{path}.value.end"),
                format!(
                    "{end} is {what} value.start ({start}); expected a region of at \
                     least one character"
                ),
            );
            return None;
        }
        let span = match self
            .index
            .span_from_chars(self.text, CharOffset(start), CharOffset(end))
        {
            Ok(s) => s,
            Err(e) => {
                self.problem(format!("{path}.value"), e.to_string());
                return None;
            }
        };
        if let Err(e) = check_span(self.text, span) {
            let (field, at) = match e {
                OffsetError::NotGraphemeBoundary { offset } if offset == span.start.0 => {
                    ("start", start)
                }
                OffsetError::NotGraphemeBoundary { .. } => ("end", end),
                other => {
                    self.problem(format!("{path}.value"), other.to_string());
                    return None;
                }
            };
            self.problem(
                format!("{path}.value.{field}"),
                format!(
                    "{at} splits what a reader sees as one character (a letter and its \
                     accent, a flag, an emoji sequence or a CR LF line break); expected \
                     an offset just before or after it"
                ),
            );
            return None;
        }
        let actual = span.slice(self.text).unwrap_or("");
        match value.get("text") {
            None | Some(Value::Null) => {}
            Some(Value::String(given)) => {
                if given != actual && squeeze(given) != squeeze(actual) {
                    let hint = if self.utf16_reading(start, end) == Some(given.as_str()) {
                        "; the offsets look like UTF-16 units (JavaScript string indices, \
                         as older Label Studio versions wrote), but Glossa reads code points"
                    } else {
                        ""
                    };
                    self.problem(
                        format!("{path}.value.text"),
                        format!(
                            "expected {} (the text at code points {start}..{end}), found {}{hint}",
                            excerpt(actual),
                            excerpt(given)
                        ),
                    );
                    return None;
                }
            }
            Some(other) => {
                self.problem(
                    format!("{path}.value.text"),
                    format!("expected a string, found {}", json_kind(other)),
                );
                return None;
            }
        }
        Some(span)
    }

    /// The text at `start..end` read as UTF-16 offsets, if they fit.
    fn utf16_reading(&self, start: usize, end: usize) -> Option<&str> {
        let s = self
            .index
            .span_from_utf16(self.text, Utf16Offset(start), Utf16Offset(end))
            .ok()?;
        s.slice(self.text)
    }
}
