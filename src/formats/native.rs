//! Glossa's own JSON format (`"format": "glossa", "version": 1`): everything a workspace
//! holds, re-importable without loss.
//!
//! See `docs/formats.md` for the format field by field and
//! `docs/glossa.schema.json` for its JSON Schema. In short:
//!
//! - **Export** ([`export`], [`export_workspace`]) writes projects (label schema in
//!   palette order, topics by id) and their documents (text verbatim, metadata, status,
//!   mentions, entities, quotes, stances, notes, provenance). Offsets are Unicode code
//!   points; every span also carries its exact `text` and its UTF-16 offsets (`utf16`).
//!   Output is deterministic: records in a stable order, no timestamps other than the
//!   documents' own, two-space indentation and a final newline.
//! - **Import** ([`parse`], [`parse_bytes`]) checks everything before anything changes:
//!   JSON syntax (line and column), the shape (line and JSON path of each field, what was
//!   expected and what was found), every span against the document text (code-point
//!   slice equals `text`, grapheme boundaries), duplicate ids and references. At most
//!   [`MAX_PROBLEMS`] problems are listed, in file order.
//! - **Into a workspace** ([`plan`], [`apply`]): [`ImportMode::Replace`] makes the
//!   workspace the file's content; [`ImportMode::Merge`] matches projects and documents by
//!   id (see [`apply`] for the rules). [`ImportPlan::summary`] says in words what changes.

use super::{cp_span, doc_refs, ExportError, ExportFile, ImportError};
use crate::model::annotations::{
    Annotations, Entity, Evidence, Mention, Meta, Polarity, Provenance, Quote, QuoteKind, Speaker,
    Stance, StanceTarget, Topic,
};
use crate::model::document::{DocStatus, Document};
use crate::model::ids::{Id, IdGen};
use crate::model::offsets::{CharOffset, OffsetError, Span, TextIndex};
use crate::model::schema::{normalise_hotkey, Color, Label, LabelSchema};
use crate::model::text::{check_span, is_grapheme_boundary};
use crate::model::workspace::{DocState, Project, Workspace};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The value of the top-level `"format"` field.
pub const FORMAT: &str = "glossa";
/// The format version this build writes and the newest it reads.
pub const VERSION: u64 = 1;
/// The file name of an export.
pub const FILE_NAME: &str = "glossa-export.json";
/// The MIME type of an export.
pub const MIME: &str = "application/json";
/// At most this many problems are listed when a file is refused.
pub const MAX_PROBLEMS: usize = 10;
/// Suffix added to the title of a document imported as a copy (see [`apply`]).
pub const COPY_SUFFIX: &str = " (imported copy)";

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    projects: Vec<ProjectOut<'a>>,
}

#[derive(Serialize)]
struct ProjectOut<'a> {
    id: Id,
    name: &'a str,
    labels: Vec<LabelOut<'a>>,
    topics: Vec<&'a Topic>,
    documents: Vec<DocOut<'a>>,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    id: Id,
    name: &'a str,
    color: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hotkey: Option<String>,
    description: &'a str,
}

#[derive(Serialize)]
struct DocOut<'a> {
    id: Id,
    title: &'a str,
    source: &'a str,
    status: DocStatus,
    created_ms: u64,
    modified_ms: u64,
    annotator: &'a str,
    text: &'a str,
    mentions: Vec<MentionOut<'a>>,
    entities: Vec<EntityOut<'a>>,
    quotes: Vec<QuoteOut<'a>>,
    stances: Vec<StanceOut<'a>>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    utf16: [usize; 2],
}

#[derive(Serialize)]
struct MetaOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'a Provenance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct MentionOut<'a> {
    id: Id,
    #[serde(flatten)]
    span: SpanOut<'a>,
    label: Id,
    label_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<Id>,
    #[serde(flatten)]
    meta: MetaOut<'a>,
}

#[derive(Serialize)]
struct EntityOut<'a> {
    id: Id,
    name: &'a str,
    label: Id,
    label_name: &'a str,
    #[serde(flatten)]
    meta: MetaOut<'a>,
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    id: Id,
    content: SpanOut<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cue: Option<SpanOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<Speaker>,
    kind: QuoteKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    continues: Option<Id>,
    #[serde(flatten)]
    meta: MetaOut<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum EvidenceOut<'a> {
    Quote {
        id: Id,
    },
    Span {
        start: usize,
        end: usize,
        text: &'a str,
        utf16: [usize; 2],
    },
}

#[derive(Serialize)]
struct StanceOut<'a> {
    id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    holder: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<StanceTarget>,
    polarity: Polarity,
    evidence: Vec<EvidenceOut<'a>>,
    #[serde(flatten)]
    meta: MetaOut<'a>,
}

fn bad_span(ds: &DocState, e: OffsetError) -> ExportError {
    ExportError::BadSpan {
        doc: ds.doc.title.clone(),
        reason: e.to_string(),
    }
}

fn span_out(ds: &DocState, span: Span) -> Result<SpanOut<'_>, ExportError> {
    // Only grapheme-aligned spans are written, so every export can be imported again.
    check_span(ds.text(), span).map_err(|e| bad_span(ds, e))?;
    let (start, end) = cp_span(ds, span)?;
    let (u0, u1) = ds
        .text_index()
        .span_to_utf16(ds.text(), span)
        .map_err(|e| bad_span(ds, e))?;
    Ok(SpanOut {
        start,
        end,
        text: ds.span_text(span),
        utf16: [u0.0, u1.0],
    })
}

fn meta_out(meta: &Meta) -> MetaOut<'_> {
    MetaOut {
        provenance: (meta.provenance != Provenance::Manual).then_some(&meta.provenance),
        note: meta.note.as_deref(),
    }
}

fn label_name(project: &Project, id: Id) -> &str {
    project
        .schema
        .get(id)
        .map(|l| l.name.as_str())
        .unwrap_or("?")
}

fn doc_out<'a>(ds: &'a DocState, project: &'a Project) -> Result<DocOut<'a>, ExportError> {
    let ann = &ds.ann;
    let mut mentions: Vec<&Mention> = ann.mentions.values().collect();
    mentions.sort_by_key(|m| (m.span, m.id));
    let mentions = mentions
        .into_iter()
        .map(|m| {
            Ok(MentionOut {
                id: m.id,
                span: span_out(ds, m.span)?,
                label: m.label,
                label_name: label_name(project, m.label),
                entity: m.entity,
                meta: meta_out(&m.meta),
            })
        })
        .collect::<Result<_, ExportError>>()?;
    let entities = ann
        .entities
        .values()
        .map(|e| EntityOut {
            id: e.id,
            name: &e.name,
            label: e.label,
            label_name: label_name(project, e.label),
            meta: meta_out(&e.meta),
        })
        .collect();
    let mut quotes: Vec<&Quote> = ann.quotes.values().collect();
    quotes.sort_by_key(|q| (q.content, q.id));
    let quotes = quotes
        .into_iter()
        .map(|q| {
            Ok(QuoteOut {
                id: q.id,
                content: span_out(ds, q.content)?,
                cue: q.cue.map(|c| span_out(ds, c)).transpose()?,
                speaker: q.speaker,
                kind: q.kind,
                continues: q.continues,
                meta: meta_out(&q.meta),
            })
        })
        .collect::<Result<_, ExportError>>()?;
    let stances = ann
        .stances
        .values()
        .map(|s| {
            let evidence = s
                .evidence
                .iter()
                .map(|e| match e {
                    Evidence::Quote { id } => Ok(EvidenceOut::Quote { id: *id }),
                    Evidence::Span { span } => {
                        let o = span_out(ds, *span)?;
                        Ok(EvidenceOut::Span {
                            start: o.start,
                            end: o.end,
                            text: o.text,
                            utf16: o.utf16,
                        })
                    }
                })
                .collect::<Result<_, ExportError>>()?;
            Ok(StanceOut {
                id: s.id,
                holder: s.holder,
                target: s.target,
                polarity: s.polarity,
                evidence,
                meta: meta_out(&s.meta),
            })
        })
        .collect::<Result<_, ExportError>>()?;
    let d = &ds.doc;
    Ok(DocOut {
        id: d.id,
        title: &d.title,
        source: &d.source,
        status: d.status,
        created_ms: d.created_ms,
        modified_ms: d.modified_ms,
        annotator: &d.annotator,
        text: &d.text,
        mentions,
        entities,
        quotes,
        stances,
    })
}

fn project_out<'a>(
    project: &'a Project,
    docs: &[&'a DocState],
) -> Result<ProjectOut<'a>, ExportError> {
    Ok(ProjectOut {
        id: project.id,
        name: &project.name,
        labels: project
            .schema
            .labels
            .iter()
            .map(|l| LabelOut {
                id: l.id,
                name: &l.name,
                color: l.color.as_str(),
                hotkey: l.hotkey.map(String::from),
                description: &l.description,
            })
            .collect(),
        topics: project.topics.values().collect(),
        documents: docs
            .iter()
            .map(|ds| doc_out(ds, project))
            .collect::<Result<_, _>>()?,
    })
}

fn render(groups: Vec<(&Project, Vec<&DocState>)>) -> Result<ExportFile, ExportError> {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        projects: groups
            .iter()
            .map(|(p, docs)| project_out(p, docs))
            .collect::<Result<_, _>>()?,
    };
    // Writing these plain structs to a string cannot fail (all map keys are strings);
    // the error arm only keeps the function free of panics.
    let pretty = serde_json::to_string_pretty(&file).map_err(|e| ExportError::BadSpan {
        doc: String::new(),
        reason: format!("could not write JSON: {e}"),
    })?;
    let mut json = compact_number_arrays(&pretty);
    json.push('\n');
    Ok(ExportFile {
        name: FILE_NAME.to_owned(),
        mime: MIME,
        bytes: json.into_bytes(),
    })
}

/// Puts arrays of whole numbers (the `utf16` pairs) on one line, `[3, 16]`, instead of
/// one number per line. Works line by line on pretty-printed JSON, where a line ending
/// in `[` always opens an array (strings never hold a raw line break).
fn compact_number_arrays(pretty: &str) -> String {
    let lines: Vec<&str> = pretty.split('\n').collect();
    // One output string (not a string per line): a long document has hundreds of
    // thousands of lines.
    let mut out = String::with_capacity(pretty.len() + 1);
    let mut first = true;
    let mut push = |s: &str| {
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(s);
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        if line.ends_with('[') {
            let mut nums = Vec::new();
            let mut j = i + 1;
            while let Some(next) = lines.get(j) {
                let t = next.trim();
                let n = t.strip_suffix(',').unwrap_or(t);
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    break;
                }
                nums.push(n);
                j += 1;
            }
            let close = lines.get(j).map(|l| l.trim_start());
            if let (false, Some(close @ ("]" | "],"))) = (nums.is_empty(), close) {
                push(&format!("{line}{}{close}", nums.join(", ")));
                i = j + 1;
                continue;
            }
        }
        push(line);
        i += 1;
    }
    out
}

/// Exports `docs` (in that order, each once) with their projects as one
/// `glossa-export.json`.
///
/// Projects appear in the order of their first document in `docs`, each with its full
/// label schema and topics but only the chosen documents. Errors: nothing chosen,
/// a document that no longer exists, or a span that does not fit its text (or splits a
/// grapheme cluster — such a file could not be imported again).
pub fn export(ws: &Workspace, docs: &[Id]) -> Result<ExportFile, ExportError> {
    let refs = doc_refs(ws, docs)?;
    let mut seen = BTreeSet::new();
    let mut groups: Vec<(&Project, Vec<&DocState>)> = Vec::new();
    for r in refs {
        if !seen.insert(r.ds.doc.id) {
            continue;
        }
        match groups.iter_mut().find(|(p, _)| p.id == r.project.id) {
            Some((_, list)) => list.push(r.ds),
            None => groups.push((r.project, vec![r.ds])),
        }
    }
    render(groups)
}

/// Exports the whole workspace: every project (empty ones too) in display order, with
/// its documents in list order.
///
/// A document belongs to the first project listing it (as [`Workspace::project_of`]);
/// ids a project lists without a document behind them are skipped, and so are
/// documents in no project (neither can be represented).
pub fn export_workspace(ws: &Workspace) -> Result<ExportFile, ExportError> {
    let mut seen = BTreeSet::new();
    let groups = ws
        .projects
        .iter()
        .map(|p| {
            let docs = p
                .documents
                .iter()
                .filter(|d| ws.project_of(**d).map(|q| q.id) == Some(p.id))
                .filter(|d| seen.insert(**d))
                .filter_map(|d| ws.doc(*d))
                .collect();
            (p, docs)
        })
        .collect();
    render(groups)
}

// ---------------------------------------------------------------------------------------
// Import: the parsed file
// ---------------------------------------------------------------------------------------

/// A checked native file: its projects and documents as model types.
///
/// Everything in it has passed [`parse`]'s checks, including
/// [`Workspace::validate`], so [`NativeFile::into_workspace`] cannot fail.
#[derive(Clone, Debug, PartialEq)]
pub struct NativeFile {
    ws: Workspace,
}

impl NativeFile {
    /// The projects, in file order (each lists its documents in file order).
    pub fn projects(&self) -> &[Project] {
        &self.ws.projects
    }

    /// A document of the file with its annotations.
    pub fn doc(&self, id: Id) -> Option<&DocState> {
        self.ws.doc(id)
    }

    /// The documents of the file, in file order.
    pub fn docs(&self) -> impl Iterator<Item = &DocState> {
        self.ws
            .projects
            .iter()
            .flat_map(|p| p.documents.iter())
            .filter_map(|d| self.ws.doc(*d))
    }

    /// Number of projects.
    pub fn project_count(&self) -> usize {
        self.ws.projects.len()
    }

    /// Number of documents.
    pub fn document_count(&self) -> usize {
        self.ws.docs.len()
    }

    /// Number of annotations of every kind (mentions, entities, quotes, stances).
    pub fn annotation_count(&self) -> usize {
        self.ws.docs().map(|d| d.ann.count()).sum()
    }

    /// The file's content as a workspace of its own (e.g. for a preview).
    pub fn as_workspace(&self) -> &Workspace {
        &self.ws
    }

    /// The file's content as a workspace whose id generator is seeded with `seed`.
    pub fn into_workspace(self, seed: u64) -> Workspace {
        let mut ws = self.ws;
        ws.ids = IdGen::new(seed);
        ws
    }
}

/// Reads a native file from raw bytes (files are read as bytes and decoded here, see
/// `CONVENTIONS.md`): the bytes must be UTF-8; a byte-order mark is allowed.
pub fn parse_bytes(bytes: &[u8]) -> Result<NativeFile, ImportError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let at = e.valid_up_to();
            let before = bytes.get(..at).unwrap_or_default();
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            Err(invalid(vec![format!(
                "line {line}: the file is not UTF-8 text (invalid byte at offset {at}); \
                 save it as UTF-8 and try again"
            )]))
        }
    }
}

fn invalid(problems: Vec<String>) -> ImportError {
    ImportError::Invalid { problems }
}

fn more_problems(n: usize) -> String {
    if n == 1 {
        "… and 1 more problem".to_owned()
    } else {
        format!("… and {n} more problems")
    }
}

/// Reads and checks a native file. Nothing is changed anywhere: the result is either a
/// [`NativeFile`] that can go into a workspace as it is, or an error listing the first
/// problems (at most [`MAX_PROBLEMS`], in file order), each with its line, the JSON path
/// of the field (e.g. `projects[0].documents[2].mentions[5].end`) and what was expected.
///
/// Errors: [`ImportError::NewerVersion`] for `"version"` above [`VERSION`];
/// [`ImportError::Invalid`] for everything else — not JSON, not a Glossa file, wrong
/// shape, unknown fields, a span whose `text` differs from the code-point slice of the
/// document text, a span that splits a grapheme cluster, `utf16` offsets that disagree
/// with `start`/`end`, duplicate ids, or references to records that do not exist.
pub fn parse(json: &str) -> Result<NativeFile, ImportError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.trim().is_empty() {
        return Err(invalid(vec!["the file is empty".to_owned()]));
    }
    super::check_nesting(json)?;
    let root: Value = serde_json::from_str(json).map_err(|e| syntax_error(&e))?;
    let Value::Object(top) = &root else {
        return Err(invalid(vec![format!(
            "line 1, top level: expected a JSON object with \"format\": \"glossa\", found {}",
            describe(&root)
        )]));
    };
    check_header(json, top)?;
    let mut c = Checker::default();
    c.fields(top, &["format", "version", "projects"]);
    let mut docs = Vec::new();
    let mut projects = Vec::new();
    let mut project_ids = BTreeSet::new();
    let mut doc_ids = BTreeSet::new();
    c.each(top, "projects", true, |c, v| {
        let p = c.project(v, &mut doc_ids, &mut docs)?;
        if !project_ids.insert(p.id) {
            c.key("id", |c| {
                c.report(format!(
                    "the project id {} appears more than once in the file",
                    p.id
                ))
            });
            return None;
        }
        projects.push(p);
        Some(())
    });
    if !c.issues.is_empty() {
        return Err(c.into_error(json));
    }
    let ws = Workspace::from_parts(projects, docs, 0);
    // A safety net for invariants the walk does not check itself (e.g. two mentions
    // with the same span and label).
    let problems = ws.validate();
    if !problems.is_empty() {
        let mut list: Vec<String> = problems
            .iter()
            .take(MAX_PROBLEMS)
            .map(|p| p.to_string())
            .collect();
        if problems.len() > MAX_PROBLEMS {
            list.push(more_problems(problems.len() - MAX_PROBLEMS));
        }
        return Err(invalid(list));
    }
    Ok(NativeFile { ws })
}

/// Checks `"format"` and `"version"` first, so that a file of another kind or of a
/// newer version is named as such rather than drowned in shape problems.
fn check_header(json: &str, top: &Map<String, Value>) -> Result<(), ImportError> {
    let line = |k: &'static str| {
        let path = [Seg::Key(k)];
        let root: [Seg; 0] = [];
        let lines = locate(json, &[&path, &root]);
        lines.into_iter().flatten().next().unwrap_or(1)
    };
    match top.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        None => {
            return Err(invalid(vec![format!(
                "line {}, format: this is not a Glossa JSON file: the top-level field \
                 \"format\" is missing (expected \"format\": \"glossa\")",
                line("format")
            )]))
        }
        Some(other) => {
            return Err(invalid(vec![format!(
                "line {}, format: this is not a Glossa JSON file: \"format\" is {} \
                 (expected \"glossa\")",
                line("format"),
                describe(other)
            )]))
        }
    }
    match top.get("version") {
        None => Err(invalid(vec![format!(
            "line {}, version: missing; expected the format version, 1",
            line("version")
        )])),
        Some(v) => match v.as_u64() {
            Some(VERSION) => Ok(()),
            Some(n) if n > VERSION => Err(ImportError::NewerVersion(n)),
            _ => Err(invalid(vec![format!(
                "line {}, version: expected the format version, 1, found {}",
                line("version"),
                describe(v)
            )])),
        },
    }
}

fn syntax_error(e: &serde_json::Error) -> ImportError {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let core = msg.strip_suffix(&suffix).unwrap_or(&msg);
    let text = match e.classify() {
        serde_json::error::Category::Eof => format!(
            "line {}, column {}: the file ends too early, as if it were cut off ({core})",
            e.line(),
            e.column()
        ),
        _ => format!(
            "line {}, column {}: this is not valid JSON: {core}",
            e.line(),
            e.column()
        ),
    };
    invalid(vec![text])
}

// ---------------------------------------------------------------------------------------
// Import: the checking walk
// ---------------------------------------------------------------------------------------

/// One step of a JSON path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    if s.is_empty() {
        "top level".to_owned()
    } else {
        s
    }
}

/// A problem found by the walk: where (the path, of which the first `exists` steps are
/// in the file) and what.
struct Issue {
    path: Vec<Seg>,
    exists: usize,
    message: String,
}

/// More issues than this are counted, not kept.
const COLLECT: usize = 200;

/// A short, quoted rendering of user text for messages.
fn show(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}

/// What a JSON value is, for "found …" in messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", show(s)),
        Value::Array(a) => format!("an array of {} items", a.len()),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn optional<'v>(o: &'v Map<String, Value>, k: &str) -> Option<&'v Value> {
    o.get(k).filter(|v| !v.is_null())
}

/// The ids of the items of an array, as far as they can be read: reference checks use
/// them so that one broken record does not make every reference to it dangle too.
fn raw_ids(v: Option<&Value>) -> BTreeSet<Id> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("id")?.as_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The text of one document, for checking spans.
struct DocCtx<'t> {
    text: &'t str,
    index: TextIndex,
}

/// Ids a document's records may refer to.
struct Refs<'p> {
    labels: &'p BTreeSet<Id>,
    topics: &'p BTreeSet<Id>,
    mentions: BTreeSet<Id>,
    entities: BTreeSet<Id>,
    quotes: BTreeSet<Id>,
}

const SPAN_FIELDS: &[&str] = &["start", "end", "text", "utf16"];
const DOC_FIELDS: &[&str] = &[
    "id",
    "title",
    "source",
    "status",
    "created_ms",
    "modified_ms",
    "annotator",
    "text",
    "mentions",
    "entities",
    "quotes",
    "stances",
];
const STATUSES: &[(&str, DocStatus)] = &[
    ("todo", DocStatus::Todo),
    ("in_progress", DocStatus::InProgress),
    ("done", DocStatus::Done),
    ("reviewed", DocStatus::Reviewed),
];
const QUOTE_KINDS: &[(&str, QuoteKind)] = &[
    ("direct", QuoteKind::Direct),
    ("indirect", QuoteKind::Indirect),
    ("mixed", QuoteKind::Mixed),
];
const POLARITIES: &[(&str, Polarity)] = &[
    ("FAVOR", Polarity::Favor),
    ("AGAINST", Polarity::Against),
    ("NONE", Polarity::None),
];

/// Walks the JSON value tree, building model types and collecting issues with paths.
/// Every function returns `None` when it reported a problem.
#[derive(Default)]
struct Checker {
    path: Vec<Seg>,
    issues: Vec<Issue>,
    dropped: usize,
}

impl Checker {
    fn push_issue(&mut self, path: Vec<Seg>, exists: usize, message: String) {
        if self.issues.len() < COLLECT {
            self.issues.push(Issue {
                path,
                exists,
                message,
            });
        } else {
            self.dropped += 1;
        }
    }

    /// A problem with the value at the current path.
    fn report(&mut self, message: impl Into<String>) {
        let path = self.path.clone();
        let n = path.len();
        self.push_issue(path, n, message.into());
    }

    /// A required field `k` of the object at the current path is missing.
    fn report_missing(&mut self, k: &'static str, expected: &str) {
        let mut path = self.path.clone();
        path.push(Seg::Key(k));
        let n = self.path.len();
        self.push_issue(path, n, format!("missing; expected {expected}"));
    }

    fn at<R>(&mut self, seg: Seg, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(seg);
        let r = f(self);
        self.path.pop();
        r
    }

    fn key<R>(&mut self, k: &'static str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.at(Seg::Key(k), f)
    }

    fn into_error(self, json: &str) -> ImportError {
        let targets: Vec<&[Seg]> = self
            .issues
            .iter()
            .map(|i| i.path.get(..i.exists).unwrap_or_default())
            .collect();
        let lines = locate(json, &targets);
        let mut items: Vec<(Option<usize>, String)> = self
            .issues
            .iter()
            .zip(lines)
            .map(|(issue, line)| {
                let place = path_string(&issue.path);
                let text = match line {
                    Some(l) => format!("line {l}, {place}: {}", issue.message),
                    None => format!("{place}: {}", issue.message),
                };
                (line, text)
            })
            .collect();
        items.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
        let total = items.len() + self.dropped;
        let mut problems: Vec<String> = items
            .into_iter()
            .take(MAX_PROBLEMS)
            .map(|(_, t)| t)
            .collect();
        if total > MAX_PROBLEMS {
            problems.push(more_problems(total - MAX_PROBLEMS));
        }
        invalid(problems)
    }

    // --- shapes -----------------------------------------------------------------------

    fn object<'v>(&mut self, v: &'v Value, what: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(o) => Some(o),
            other => {
                self.report(format!(
                    "expected {what} (a JSON object), found {}",
                    describe(other)
                ));
                None
            }
        }
    }

    /// Reports fields of `o` that are not in `allowed`.
    fn fields(&mut self, o: &Map<String, Value>, allowed: &[&str]) {
        for k in o.keys() {
            if !allowed.contains(&k.as_str()) {
                self.report(format!(
                    "unknown field {} (expected one of: {})",
                    show(k),
                    allowed.join(", ")
                ));
            }
        }
    }

    fn required<'v>(
        &mut self,
        o: &'v Map<String, Value>,
        k: &'static str,
        expected: &str,
    ) -> Option<&'v Value> {
        let v = o.get(k);
        if v.is_none() {
            self.report_missing(k, expected);
        }
        v
    }

    fn string(&mut self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.report(format!("expected a string, found {}", describe(other)));
                None
            }
        }
    }

    fn whole(&mut self, v: &Value, expected: &str) -> Option<u64> {
        let n = v.as_u64();
        if n.is_none() {
            self.report(format!("expected {expected}, found {}", describe(v)));
        }
        n
    }

    fn offset(&mut self, v: &Value) -> Option<usize> {
        let n = self.whole(v, "a code point offset (a whole number, 0 or more)")?;
        let n = usize::try_from(n).ok();
        if n.is_none() {
            self.report("the offset is too large");
        }
        n
    }

    fn id(&mut self, v: &Value) -> Option<Id> {
        let id = v.as_str().and_then(|s| s.parse().ok());
        if id.is_none() {
            self.report(format!(
                "expected an id (16 hexadecimal digits, e.g. \"0189f4a2c3d4e5f6\"), found {}",
                describe(v)
            ));
        }
        id
    }

    fn choice<T: Copy>(&mut self, v: &Value, options: &[(&str, T)]) -> Option<T> {
        let found = v
            .as_str()
            .and_then(|s| options.iter().find(|(name, _)| *name == s))
            .map(|(_, t)| *t);
        if found.is_none() {
            let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            self.report(format!(
                "expected one of {}, found {}",
                names.join(", "),
                describe(v)
            ));
        }
        found
    }

    fn req_string(&mut self, o: &Map<String, Value>, k: &'static str) -> Option<String> {
        let v = self.required(o, k, "a string")?;
        self.key(k, |c| c.string(v))
    }

    /// An optional string field: `Some(None)` when absent or null, `None` on a problem.
    fn opt_string(&mut self, o: &Map<String, Value>, k: &'static str) -> Option<Option<String>> {
        match optional(o, k) {
            None => Some(None),
            Some(v) => self.key(k, |c| c.string(v)).map(Some),
        }
    }

    fn req_id(&mut self, o: &Map<String, Value>, k: &'static str) -> Option<Id> {
        let v = self.required(o, k, "an id (16 hexadecimal digits)")?;
        self.key(k, |c| c.id(v))
    }

    /// An optional id field that must be one of `known`.
    fn opt_ref(
        &mut self,
        o: &Map<String, Value>,
        k: &'static str,
        known: &BTreeSet<Id>,
        what: &str,
    ) -> Option<Option<Id>> {
        match optional(o, k) {
            None => Some(None),
            Some(v) => self.key(k, |c| {
                let id = c.id(v)?;
                c.known(id, known, what).map(Some)
            }),
        }
    }

    /// A required id field that must be one of `known`.
    fn req_ref(
        &mut self,
        o: &Map<String, Value>,
        k: &'static str,
        known: &BTreeSet<Id>,
        what: &str,
    ) -> Option<Id> {
        let v = self.required(o, k, "an id (16 hexadecimal digits)")?;
        self.key(k, |c| {
            let id = c.id(v)?;
            c.known(id, known, what)
        })
    }

    /// Checks that `id` is one of `known` ("a mention of this document", …).
    fn known(&mut self, id: Id, known: &BTreeSet<Id>, what: &str) -> Option<Id> {
        if known.contains(&id) {
            Some(id)
        } else {
            self.report(format!("refers to {id}, which is not {what}"));
            None
        }
    }

    fn req_choice<T: Copy>(
        &mut self,
        o: &Map<String, Value>,
        k: &'static str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let v = self.required(o, k, &format!("one of {}", names.join(", ")))?;
        self.key(k, |c| c.choice(v, options))
    }

    /// Runs `f` on every item of the array field `k` (absent or null: no items, unless
    /// `required`). `None` if the field is not an array or any item failed.
    fn each(
        &mut self,
        o: &Map<String, Value>,
        k: &'static str,
        required: bool,
        mut f: impl FnMut(&mut Self, &Value) -> Option<()>,
    ) -> Option<()> {
        let v = if required {
            self.required(o, k, "an array")?
        } else {
            match optional(o, k) {
                Some(v) => v,
                None => return Some(()),
            }
        };
        self.key(k, |c| {
            let Value::Array(items) = v else {
                c.report(format!("expected an array, found {}", describe(v)));
                return None;
            };
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                ok &= c.at(Seg::Index(i), |c| f(c, item)).is_some();
            }
            ok.then_some(())
        })
    }

    // --- projects, labels, topics -------------------------------------------------------

    fn project(
        &mut self,
        v: &Value,
        doc_ids: &mut BTreeSet<Id>,
        docs: &mut Vec<(Document, Annotations)>,
    ) -> Option<Project> {
        let o = self.object(v, "a project")?;
        self.fields(o, &["id", "name", "labels", "topics", "documents"]);
        let id = self.req_id(o, "id");
        let name = self.req_string(o, "name");
        let schema = self.labels(o);
        let topics = self.topics(o);
        let refs_labels = raw_ids(o.get("labels"));
        let refs_topics = raw_ids(o.get("topics"));
        let mut listed = Vec::new();
        let documents = self.each(o, "documents", false, |c, v| {
            let (doc, ann) = c.document(v, &refs_labels, &refs_topics)?;
            if !doc_ids.insert(doc.id) {
                c.key("id", |c| {
                    c.report(format!(
                        "the document id {} appears more than once in the file",
                        doc.id
                    ))
                });
                return None;
            }
            listed.push(doc.id);
            docs.push((doc, ann));
            Some(())
        });
        documents?;
        Some(Project {
            id: id?,
            name: name?,
            schema: schema?,
            topics: topics?,
            documents: listed,
        })
    }

    fn labels(&mut self, o: &Map<String, Value>) -> Option<LabelSchema> {
        let mut labels: Vec<Label> = Vec::new();
        self.each(o, "labels", false, |c, v| {
            let label = c.label(v)?;
            if labels.iter().any(|l| l.id == label.id) {
                c.key("id", |c| {
                    c.report(format!(
                        "the label id {} is used twice in this project",
                        label.id
                    ))
                });
                return None;
            }
            let before = LabelSchema {
                labels: labels.clone(),
            };
            if let Err(e) = before.check(&label) {
                c.report(e.to_string());
                return None;
            }
            labels.push(label);
            Some(())
        })?;
        Some(LabelSchema { labels })
    }

    fn label(&mut self, v: &Value) -> Option<Label> {
        let o = self.object(v, "a label")?;
        self.fields(o, &["id", "name", "color", "hotkey", "description"]);
        let id = self.req_id(o, "id");
        let name = self.req_string(o, "name");
        let color = self
            .required(o, "color", "a colour like \"#e6194b\"")
            .and_then(|v| {
                self.key("color", |c| {
                    let s = c.string(v)?;
                    match Color::parse(&s) {
                        Ok(color) => Some(color),
                        Err(e) => {
                            c.report(e.to_string());
                            None
                        }
                    }
                })
            });
        let hotkey = match optional(o, "hotkey") {
            None => Some(None),
            Some(v) => self.key("hotkey", |c| {
                let s = c.string(v)?;
                let mut chars = s.chars();
                let key = match (chars.next(), chars.next()) {
                    (Some(k), None) => normalise_hotkey(k).map_err(|e| e.to_string()),
                    _ => Err(format!(
                        "expected a single key such as \"1\" or \"P\", found {}",
                        show(&s)
                    )),
                };
                match key {
                    Ok(k) => Some(Some(k)),
                    Err(msg) => {
                        c.report(msg);
                        None
                    }
                }
            }),
        };
        let description = self.opt_string(o, "description");
        Some(Label {
            id: id?,
            name: name?,
            color: color?,
            hotkey: hotkey?,
            description: description?.unwrap_or_default(),
        })
    }

    fn topics(&mut self, o: &Map<String, Value>) -> Option<BTreeMap<Id, Topic>> {
        let mut topics = BTreeMap::new();
        self.each(o, "topics", false, |c, v| {
            let t = c.object(v, "a topic")?;
            c.fields(t, &["id", "name"]);
            let id = c.req_id(t, "id");
            let name = c.req_string(t, "name");
            let topic = Topic {
                id: id?,
                name: name?,
            };
            if topics.contains_key(&topic.id) {
                c.key("id", |c| {
                    c.report(format!(
                        "the topic id {} is used twice in this project",
                        topic.id
                    ))
                });
                return None;
            }
            topics.insert(topic.id, topic);
            Some(())
        })?;
        Some(topics)
    }

    // --- documents --------------------------------------------------------------------

    fn document(
        &mut self,
        v: &Value,
        labels: &BTreeSet<Id>,
        topics: &BTreeSet<Id>,
    ) -> Option<(Document, Annotations)> {
        let o = self.object(v, "a document")?;
        self.fields(o, DOC_FIELDS);
        let id = self.req_id(o, "id");
        let title = self.req_string(o, "title");
        let source = self.opt_string(o, "source");
        let status = match optional(o, "status") {
            None => Some(DocStatus::Todo),
            Some(v) => self.key("status", |c| c.choice(v, STATUSES)),
        };
        let mut ms = |k: &'static str| match optional(o, k) {
            None => Some(0),
            Some(v) => self.key(k, |c| {
                c.whole(v, "milliseconds since 1970 (a whole number, 0 or more)")
            }),
        };
        let created_ms = ms("created_ms");
        let modified_ms = ms("modified_ms");
        let annotator = self.opt_string(o, "annotator");
        let text = self.req_string(o, "text");
        let ann = match &text {
            Some(text) => {
                let refs = Refs {
                    labels,
                    topics,
                    mentions: raw_ids(o.get("mentions")),
                    entities: raw_ids(o.get("entities")),
                    quotes: raw_ids(o.get("quotes")),
                };
                let d = DocCtx {
                    text,
                    index: TextIndex::new(text),
                };
                self.annotations(o, &d, &refs)
            }
            None => None,
        };
        Some((
            Document {
                id: id?,
                title: title?,
                source: source?.unwrap_or_default(),
                text: text?,
                status: status?,
                created_ms: created_ms?,
                modified_ms: modified_ms?,
                annotator: annotator?.unwrap_or_default(),
            },
            ann?,
        ))
    }

    fn annotations(
        &mut self,
        o: &Map<String, Value>,
        d: &DocCtx<'_>,
        refs: &Refs<'_>,
    ) -> Option<Annotations> {
        let mut ann = Annotations::default();
        let twice = |c: &mut Self, id: Id, what: &str| {
            c.key("id", |c| {
                c.report(format!(
                    "the id {id} is used twice in this document's {what}"
                ))
            })
        };
        let mentions = self.each(o, "mentions", false, |c, v| {
            let m = c.mention(v, d, refs)?;
            if ann.mentions.contains_key(&m.id) {
                twice(c, m.id, "mentions");
                return None;
            }
            ann.mentions.insert(m.id, m);
            Some(())
        });
        let entities = self.each(o, "entities", false, |c, v| {
            let e = c.entity(v, refs)?;
            if ann.entities.contains_key(&e.id) {
                twice(c, e.id, "entities");
                return None;
            }
            ann.entities.insert(e.id, e);
            Some(())
        });
        let quotes = self.each(o, "quotes", false, |c, v| {
            let q = c.quote(v, d, refs)?;
            if ann.quotes.contains_key(&q.id) {
                twice(c, q.id, "quotes");
                return None;
            }
            ann.quotes.insert(q.id, q);
            Some(())
        });
        let stances = self.each(o, "stances", false, |c, v| {
            let s = c.stance(v, d, refs)?;
            if ann.stances.contains_key(&s.id) {
                twice(c, s.id, "stances");
                return None;
            }
            ann.stances.insert(s.id, s);
            Some(())
        });
        mentions?;
        entities?;
        quotes?;
        stances?;
        Some(ann)
    }

    /// The span given by the fields `start`, `end`, `text` and optional `utf16` of `o`.
    fn span_fields(&mut self, o: &Map<String, Value>, d: &DocCtx<'_>) -> Option<Span> {
        let start = self
            .required(o, "start", "a code point offset")
            .and_then(|v| self.key("start", |c| c.offset(v)));
        let end = self
            .required(o, "end", "a code point offset")
            .and_then(|v| self.key("end", |c| c.offset(v)));
        let text = self.req_string(o, "text");
        let utf16 = match optional(o, "utf16") {
            None => Some(None),
            Some(v) => self.key("utf16", |c| {
                let pair = v.as_array().and_then(|a| match a.as_slice() {
                    [s, e] => Some((s.as_u64()?, e.as_u64()?)),
                    _ => None,
                });
                if pair.is_none() {
                    c.report(format!(
                        "expected two UTF-16 offsets [start, end], found {}",
                        describe(v)
                    ));
                }
                pair.map(Some)
            }),
        };
        let (start, end) = (start?, end?);
        let len = d.index.len_chars();
        if end < start {
            self.key("end", |c| {
                c.report(format!(
                    "the span ends (end {end}) before it starts (start {start})"
                ))
            });
            return None;
        }
        if end > len {
            self.key("end", |c| {
                c.report(format!(
                    "{end} is past the end of the document text ({len} code points)"
                ))
            });
            return None;
        }
        let span = match d
            .index
            .span_from_chars(d.text, CharOffset(start), CharOffset(end))
        {
            Ok(span) => span,
            Err(e) => {
                self.report(e.to_string());
                return None;
            }
        };
        let covered = span.slice(d.text).unwrap_or_default();
        let mut ok = true;
        for (k, cp, at) in [("start", start, span.start), ("end", end, span.end)] {
            if !is_grapheme_boundary(d.text, at) {
                ok = false;
                self.key(k, |c| {
                    c.report(format!(
                        "code point offset {cp} splits what a reader sees as one character \
                         (a letter and its accent, a flag, an emoji sequence or a CR LF line \
                         break); spans must start and end on grapheme cluster boundaries"
                    ))
                });
            }
        }
        if let Some(text) = &text {
            if text != covered {
                ok = false;
                self.key("text", |c| {
                    c.report(format!(
                        "the file says {}, but code points {start}..{end} of the document \
                         text are {}",
                        show(text),
                        show(covered)
                    ))
                });
            }
        }
        if let Some(Some((u0, u1))) = utf16 {
            if let Ok((e0, e1)) = d.index.span_to_utf16(d.text, span) {
                if (u0, u1) != (e0.0 as u64, e1.0 as u64) {
                    ok = false;
                    self.key("utf16", |c| {
                        c.report(format!(
                            "[{u0}, {u1}] does not match start and end (expected [{}, {}])",
                            e0.0, e1.0
                        ))
                    });
                }
            }
        }
        text?;
        utf16?;
        ok.then_some(span)
    }

    /// A span object (`content`, `cue`): `{start, end, text, utf16?}`.
    fn span_object(&mut self, v: &Value, d: &DocCtx<'_>) -> Option<Span> {
        let o = self.object(v, "a span")?;
        self.fields(o, SPAN_FIELDS);
        self.span_fields(o, d)
    }

    fn meta(&mut self, o: &Map<String, Value>) -> Option<Meta> {
        let provenance = match optional(o, "provenance") {
            None => Some(Provenance::Manual),
            Some(v) => self.key("provenance", |c| c.provenance(v)),
        };
        let note = self.opt_string(o, "note");
        Some(Meta {
            provenance: provenance?,
            note: note?,
        })
    }

    fn provenance(&mut self, v: &Value) -> Option<Provenance> {
        let o = self.object(v, "a provenance")?;
        let kind = self.req_choice(
            o,
            "kind",
            &[("manual", 0u8), ("imported", 1), ("suggested", 2)],
        );
        match kind? {
            0 => {
                self.fields(o, &["kind"]);
                Some(Provenance::Manual)
            }
            1 => {
                self.fields(o, &["kind", "from"]);
                Some(Provenance::Imported {
                    from: self.req_string(o, "from")?,
                })
            }
            _ => {
                self.fields(o, &["kind", "by", "accepted"]);
                let by = self.req_string(o, "by");
                let accepted = self.required(o, "accepted", "true or false").and_then(|v| {
                    self.key("accepted", |c| {
                        let b = v.as_bool();
                        if b.is_none() {
                            c.report(format!("expected true or false, found {}", describe(v)));
                        }
                        b
                    })
                });
                Some(Provenance::Suggested {
                    by: by?,
                    accepted: accepted?,
                })
            }
        }
    }

    fn mention(&mut self, v: &Value, d: &DocCtx<'_>, refs: &Refs<'_>) -> Option<Mention> {
        let o = self.object(v, "a mention")?;
        self.fields(
            o,
            &[
                "id",
                "start",
                "end",
                "text",
                "utf16",
                "label",
                "label_name",
                "entity",
                "provenance",
                "note",
            ],
        );
        let id = self.req_id(o, "id");
        let span = self.span_fields(o, d);
        let label = self.req_ref(o, "label", refs.labels, "a label of this project");
        let label_name = self.opt_string(o, "label_name");
        let entity = self.opt_ref(o, "entity", &refs.entities, "an entity of this document");
        let meta = self.meta(o);
        label_name?;
        Some(Mention {
            id: id?,
            span: span?,
            label: label?,
            entity: entity?,
            meta: meta?,
        })
    }

    fn entity(&mut self, v: &Value, refs: &Refs<'_>) -> Option<Entity> {
        let o = self.object(v, "an entity")?;
        self.fields(
            o,
            &["id", "name", "label", "label_name", "provenance", "note"],
        );
        let id = self.req_id(o, "id");
        let name = self.req_string(o, "name");
        let label = self.req_ref(o, "label", refs.labels, "a label of this project");
        let label_name = self.opt_string(o, "label_name");
        let meta = self.meta(o);
        label_name?;
        Some(Entity {
            id: id?,
            name: name?,
            label: label?,
            meta: meta?,
        })
    }

    fn quote(&mut self, v: &Value, d: &DocCtx<'_>, refs: &Refs<'_>) -> Option<Quote> {
        let o = self.object(v, "a quote")?;
        self.fields(
            o,
            &[
                "id",
                "content",
                "cue",
                "speaker",
                "kind",
                "continues",
                "provenance",
                "note",
            ],
        );
        let id = self.req_id(o, "id");
        let content = self
            .required(o, "content", "a span {\"start\", \"end\", \"text\"}")
            .and_then(|v| self.key("content", |c| c.span_object(v, d)));
        let cue = match optional(o, "cue") {
            None => Some(None),
            Some(v) => self.key("cue", |c| c.span_object(v, d)).map(Some),
        };
        let speaker = match optional(o, "speaker") {
            None => Some(None),
            Some(v) => self.key("speaker", |c| c.speaker(v, refs)).map(Some),
        };
        let kind = self.req_choice(o, "kind", QUOTE_KINDS);
        let continues = self.opt_ref(o, "continues", &refs.quotes, "a quote of this document");
        let meta = self.meta(o);
        Some(Quote {
            id: id?,
            content: content?,
            cue: cue?,
            speaker: speaker?,
            kind: kind?,
            continues: continues?,
            meta: meta?,
        })
    }

    fn speaker(&mut self, v: &Value, refs: &Refs<'_>) -> Option<Speaker> {
        let o = self.object(v, "a speaker {\"kind\", \"id\"}")?;
        self.fields(o, &["kind", "id"]);
        let kind = self.req_choice(o, "kind", &[("mention", true), ("entity", false)])?;
        if kind {
            self.req_ref(o, "id", &refs.mentions, "a mention of this document")
                .map(Speaker::Mention)
        } else {
            self.req_ref(o, "id", &refs.entities, "an entity of this document")
                .map(Speaker::Entity)
        }
    }

    fn stance(&mut self, v: &Value, d: &DocCtx<'_>, refs: &Refs<'_>) -> Option<Stance> {
        let o = self.object(v, "a stance")?;
        self.fields(
            o,
            &[
                "id",
                "holder",
                "target",
                "polarity",
                "evidence",
                "provenance",
                "note",
            ],
        );
        let id = self.req_id(o, "id");
        let holder = self.opt_ref(o, "holder", &refs.entities, "an entity of this document");
        let target = match optional(o, "target") {
            None => Some(None),
            Some(v) => self.key("target", |c| c.target(v, refs)).map(Some),
        };
        let polarity = self.req_choice(o, "polarity", POLARITIES);
        let mut evidence = Vec::new();
        let ev = self.each(o, "evidence", false, |c, v| {
            evidence.push(c.evidence(v, d, refs)?);
            Some(())
        });
        let meta = self.meta(o);
        ev?;
        Some(Stance {
            id: id?,
            holder: holder?,
            target: target?,
            polarity: polarity?,
            evidence,
            meta: meta?,
        })
    }

    fn target(&mut self, v: &Value, refs: &Refs<'_>) -> Option<StanceTarget> {
        let o = self.object(v, "a target {\"kind\", \"id\"}")?;
        self.fields(o, &["kind", "id"]);
        let kind = self.req_choice(o, "kind", &[("entity", true), ("topic", false)])?;
        if kind {
            self.req_ref(o, "id", &refs.entities, "an entity of this document")
                .map(StanceTarget::Entity)
        } else {
            self.req_ref(o, "id", refs.topics, "a topic of this project")
                .map(StanceTarget::Topic)
        }
    }

    fn evidence(&mut self, v: &Value, d: &DocCtx<'_>, refs: &Refs<'_>) -> Option<Evidence> {
        let o = self.object(v, "evidence")?;
        let kind = self.req_choice(o, "kind", &[("quote", true), ("span", false)])?;
        if kind {
            self.fields(o, &["kind", "id"]);
            self.req_ref(o, "id", &refs.quotes, "a quote of this document")
                .map(|id| Evidence::Quote { id })
        } else {
            self.fields(o, &["kind", "start", "end", "text", "utf16"]);
            self.span_fields(o, d).map(|span| Evidence::Span { span })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Import: lines of JSON paths
// ---------------------------------------------------------------------------------------

/// The line (1-based) where the value at each target path starts in `json` (already
/// known to be valid JSON). One pass; subtrees no target goes into are skipped quickly.
fn locate(json: &str, targets: &[&[Seg]]) -> Vec<Option<usize>> {
    let mut lines = vec![None; targets.len()];
    let all: Vec<usize> = (0..targets.len()).collect();
    let mut scan = Scan {
        json,
        bytes: json.as_bytes(),
        pos: 0,
        line: 1,
    };
    scan.value(0, &all, targets, &mut lines);
    lines
}

struct Scan<'a> {
    json: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            if c == b'\n' {
                self.line += 1;
            }
            self.pos += 1;
        }
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// Skips a string (at its opening quote); returns the byte range of its contents.
    fn string(&mut self) -> (usize, usize) {
        self.bump();
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    let end = self.pos;
                    self.bump();
                    return (start, end);
                }
                _ => self.bump(),
            }
        }
        (start, self.pos)
    }

    /// Skips one value.
    fn skip(&mut self) {
        let mut depth = 0usize;
        loop {
            self.blank();
            match self.peek() {
                None => return,
                Some(b'"') => {
                    self.string();
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.bump();
                }
                Some(b'}' | b']') => {
                    depth = depth.saturating_sub(1);
                    self.bump();
                }
                Some(b',' | b':') => {
                    if depth == 0 {
                        return;
                    }
                    self.bump();
                }
                Some(_) => {
                    while let Some(c) = self.peek() {
                        if matches!(
                            c,
                            b',' | b'}'
                                | b']'
                                | b':'
                                | b'"'
                                | b'{'
                                | b'['
                                | b' '
                                | b'\t'
                                | b'\n'
                                | b'\r'
                        ) {
                            break;
                        }
                        self.bump();
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    fn key_text(&self, start: usize, end: usize) -> String {
        let raw = self.json.get(start..end).unwrap_or_default();
        if raw.contains('\\') {
            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_default()
        } else {
            raw.to_owned()
        }
    }

    fn value(
        &mut self,
        depth: usize,
        cands: &[usize],
        targets: &[&[Seg]],
        lines: &mut [Option<usize>],
    ) {
        self.blank();
        let mut deeper = Vec::new();
        for &t in cands {
            match targets.get(t) {
                Some(path) if path.len() == depth => {
                    if let Some(l) = lines.get_mut(t) {
                        *l = Some(self.line);
                    }
                }
                Some(_) => deeper.push(t),
                None => {}
            }
        }
        if deeper.is_empty() {
            self.skip();
            return;
        }
        let step = |t: usize| targets.get(t).and_then(|p| p.get(depth)).copied();
        match self.peek() {
            Some(b'{') => {
                self.bump();
                loop {
                    self.blank();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        _ => return,
                    }
                    let (a, z) = self.string();
                    let key = self.key_text(a, z);
                    self.blank();
                    if self.peek() == Some(b':') {
                        self.bump();
                    }
                    let child: Vec<usize> = deeper
                        .iter()
                        .copied()
                        .filter(|&t| matches!(step(t), Some(Seg::Key(k)) if k == key))
                        .collect();
                    let before = self.pos;
                    self.value(depth + 1, &child, targets, lines);
                    if self.pos == before {
                        return;
                    }
                }
            }
            Some(b'[') => {
                self.bump();
                let mut i = 0;
                loop {
                    self.blank();
                    match self.peek() {
                        Some(b']') | None => {
                            self.bump();
                            return;
                        }
                        Some(b',') => {
                            self.bump();
                            continue;
                        }
                        _ => {}
                    }
                    let child: Vec<usize> = deeper
                        .iter()
                        .copied()
                        .filter(|&t| step(t) == Some(Seg::Index(i)))
                        .collect();
                    let before = self.pos;
                    self.value(depth + 1, &child, targets, lines);
                    if self.pos == before {
                        return;
                    }
                    i += 1;
                }
            }
            _ => self.skip(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Into a workspace: plan and apply
// ---------------------------------------------------------------------------------------

/// How an imported file joins a non-empty workspace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportMode {
    /// The workspace becomes the file's content; everything else is removed.
    Replace,
    /// The file's projects and documents join the workspace (see [`apply`]).
    Merge,
}

/// What an import does to one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocChangeKind {
    /// A document the workspace does not have.
    New,
    /// A document the workspace has (same id): it takes the file's version —
    /// metadata and annotations (and, when replacing, the text).
    Updated {
        /// Annotations the workspace has now.
        annotations_before: usize,
        /// Annotations it will have.
        annotations_after: usize,
    },
    /// A document the workspace has, identical in the file.
    Unchanged,
    /// Merge only: the workspace has a document with this id but a different text; the
    /// file's version is added as a new document with new ids (title + [`COPY_SUFFIX`]).
    Copied,
    /// Replace only: a document of the workspace that is not in the file.
    Removed,
}

/// One document an import touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocChange {
    /// The document's id (in the file, or in the workspace for a removed one).
    pub id: Id,
    /// Its title.
    pub title: String,
    /// What happens to it.
    pub kind: DocChangeKind,
}

/// What an import will change, to show before the user confirms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// The mode planned for.
    pub mode: ImportMode,
    /// Projects of the file the workspace does not have.
    pub new_projects: usize,
    /// Projects of both whose name, labels or topics change (merge), or whose content
    /// differs in any way (replace).
    pub updated_projects: usize,
    /// Replace only: projects of the workspace that are not in the file.
    pub removed_projects: usize,
    /// Documents of the file the workspace does not have.
    pub new_documents: usize,
    /// Documents of both that change (their annotations are replaced by the file's).
    pub updated_documents: usize,
    /// Documents of both that stay as they are.
    pub unchanged_documents: usize,
    /// Merge only: documents whose id exists with a different text, added as copies.
    pub copied_documents: usize,
    /// Replace only: documents of the workspace that are not in the file.
    pub removed_documents: usize,
    /// Merge only: documents of the workspace the file does not mention, kept as they are.
    pub kept_documents: usize,
    /// Every document of the file, then (replace) every removed one.
    pub changes: Vec<DocChange>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportPlan {
    /// Whether applying the plan would change nothing.
    pub fn changes_nothing(&self) -> bool {
        self.new_projects
            + self.updated_projects
            + self.removed_projects
            + self.new_documents
            + self.updated_documents
            + self.copied_documents
            + self.removed_documents
            == 0
    }

    /// The plan in words, e.g. "3 new documents, 1 updated (its annotations are
    /// replaced), 2 unchanged". Only the first document count names the noun; project
    /// counts follow after a semicolon. "Nothing changes" when nothing does.
    pub fn summary(&self) -> String {
        let mut docs: Vec<String> = Vec::new();
        let noun = |docs: &Vec<String>, n: usize| {
            if docs.is_empty() {
                format!("{} ", if n == 1 { "document" } else { "documents" })
            } else {
                String::new()
            }
        };
        if self.new_documents > 0 {
            docs.push(plural(self.new_documents, "new document", "new documents"));
        }
        if self.updated_documents > 0 {
            let n = self.updated_documents;
            let whose = if n == 1 { "its" } else { "their" };
            docs.push(format!(
                "{n} {}updated ({whose} annotations are replaced)",
                noun(&docs, n)
            ));
        }
        if self.copied_documents > 0 {
            let n = self.copied_documents;
            let copies = if n == 1 { "a copy" } else { "copies" };
            docs.push(format!(
                "{n} {}with a different text under the same id (imported as {copies})",
                noun(&docs, n)
            ));
        }
        if self.unchanged_documents > 0 {
            let n = self.unchanged_documents;
            docs.push(format!("{n} {}unchanged", noun(&docs, n)));
        }
        if self.removed_documents > 0 {
            let n = self.removed_documents;
            docs.push(format!("{n} {}removed", noun(&docs, n)));
        }
        let mut projects: Vec<String> = Vec::new();
        if self.new_projects > 0 {
            projects.push(plural(self.new_projects, "new project", "new projects"));
        }
        if self.updated_projects > 0 {
            let n = self.updated_projects;
            projects.push(match self.mode {
                ImportMode::Merge => format!(
                    "{} with changed name, labels or topics",
                    plural(n, "project", "projects")
                ),
                ImportMode::Replace => format!("{} changed", plural(n, "project", "projects")),
            });
        }
        if self.removed_projects > 0 {
            projects.push(format!(
                "{} removed",
                plural(self.removed_projects, "project", "projects")
            ));
        }
        if self.changes_nothing() {
            return if self.unchanged_documents > 0 {
                format!("Nothing changes: {}", docs.join(", "))
            } else {
                "Nothing changes".to_owned()
            };
        }
        let parts: Vec<String> = [docs.join(", "), projects.join(", ")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        parts.join("; ")
    }
}

/// The merged label schema of a project and how the file's label ids map onto it.
struct LabelMerge {
    schema: LabelSchema,
    /// File label id → id in the merged schema (only where they differ).
    remap: BTreeMap<Id, Id>,
}

/// Merges label schemas (see [`apply`] for the rules).
fn merge_labels(local: &LabelSchema, file: &LabelSchema) -> LabelMerge {
    let file_ids: BTreeSet<Id> = file.labels.iter().map(|l| l.id).collect();
    let local_ids: BTreeSet<Id> = local.labels.iter().map(|l| l.id).collect();
    // A file label unknown here with the name of a label only we have is that label.
    let mut remap = BTreeMap::new();
    for fl in file.labels.iter().filter(|l| !local_ids.contains(&l.id)) {
        if let Some(ll) = local
            .labels
            .iter()
            .find(|ll| !file_ids.contains(&ll.id) && ll.name.eq_ignore_ascii_case(&fl.name))
        {
            remap.insert(fl.id, ll.id);
        }
    }
    let mapped_onto: BTreeMap<Id, &Label> = file
        .labels
        .iter()
        .filter_map(|fl| remap.get(&fl.id).map(|to| (*to, fl)))
        .collect();
    // (label, whether it comes from the file)
    let mut merged: Vec<(Label, bool)> = Vec::new();
    for ll in &local.labels {
        if let Some(fl) = file.get(ll.id) {
            merged.push((fl.clone(), true));
        } else if let Some(fl) = mapped_onto.get(&ll.id) {
            merged.push((
                Label {
                    id: ll.id,
                    ..(*fl).clone()
                },
                true,
            ));
        } else {
            merged.push((ll.clone(), false));
        }
    }
    for fl in &file.labels {
        if !local_ids.contains(&fl.id) && !remap.contains_key(&fl.id) {
            merged.push((fl.clone(), true));
        }
    }
    // The file wins: our own labels give up a hotkey or a name the file's labels use.
    let taken_keys: BTreeSet<char> = merged
        .iter()
        .filter(|(_, from_file)| *from_file)
        .filter_map(|(l, _)| l.hotkey)
        .collect();
    let mut names: Vec<String> = merged
        .iter()
        .filter(|(_, from_file)| *from_file)
        .map(|(l, _)| l.name.to_lowercase())
        .collect();
    for (label, from_file) in merged.iter_mut() {
        if *from_file {
            continue;
        }
        if label.hotkey.is_some_and(|k| taken_keys.contains(&k)) {
            label.hotkey = None;
        }
        if names.contains(&label.name.to_lowercase()) {
            let base = label.name.clone();
            let mut n = 2;
            while names.contains(&format!("{base} ({n})").to_lowercase()) {
                n += 1;
            }
            label.name = format!("{base} ({n})");
        }
        names.push(label.name.to_lowercase());
    }
    LabelMerge {
        schema: LabelSchema {
            labels: merged.into_iter().map(|(l, _)| l).collect(),
        },
        remap,
    }
}

fn remap_labels(ann: &mut Annotations, remap: &BTreeMap<Id, Id>) {
    if remap.is_empty() {
        return;
    }
    for m in ann.mentions.values_mut() {
        if let Some(to) = remap.get(&m.label) {
            m.label = *to;
        }
    }
    for e in ann.entities.values_mut() {
        if let Some(to) = remap.get(&e.label) {
            e.label = *to;
        }
    }
}

/// Gives a document and all its records new ids (unused in `used`), keeping the links.
fn with_new_ids(
    doc: &Document,
    ann: &Annotations,
    gen: &mut IdGen,
    used: &mut BTreeSet<Id>,
) -> (Document, Annotations) {
    let now = doc.modified_ms.max(doc.created_ms);
    let mut fresh = || loop {
        let id = gen.next(now);
        if used.insert(id) {
            return id;
        }
    };
    let mut map: BTreeMap<Id, Id> = BTreeMap::new();
    let ids = ann
        .mentions
        .keys()
        .chain(ann.entities.keys())
        .chain(ann.quotes.keys())
        .chain(ann.stances.keys());
    for old in ids {
        map.entry(*old).or_insert_with(&mut fresh);
    }
    let new_doc = Document {
        id: fresh(),
        title: format!("{}{COPY_SUFFIX}", doc.title),
        ..doc.clone()
    };
    let m = |id: Id| map.get(&id).copied().unwrap_or(id);
    let mut out = Annotations::default();
    for x in ann.mentions.values() {
        let id = m(x.id);
        out.mentions.insert(
            id,
            Mention {
                id,
                entity: x.entity.map(m),
                ..x.clone()
            },
        );
    }
    for x in ann.entities.values() {
        let id = m(x.id);
        out.entities.insert(id, Entity { id, ..x.clone() });
    }
    for x in ann.quotes.values() {
        let id = m(x.id);
        let speaker = x.speaker.map(|s| match s {
            Speaker::Mention(i) => Speaker::Mention(m(i)),
            Speaker::Entity(i) => Speaker::Entity(m(i)),
        });
        out.quotes.insert(
            id,
            Quote {
                id,
                speaker,
                continues: x.continues.map(m),
                ..x.clone()
            },
        );
    }
    for x in ann.stances.values() {
        let id = m(x.id);
        let target = x.target.map(|t| match t {
            StanceTarget::Entity(i) => StanceTarget::Entity(m(i)),
            StanceTarget::Topic(i) => StanceTarget::Topic(i),
        });
        let evidence = x
            .evidence
            .iter()
            .map(|e| match e {
                Evidence::Quote { id } => Evidence::Quote { id: m(*id) },
                Evidence::Span { span } => Evidence::Span { span: *span },
            })
            .collect();
        out.stances.insert(
            id,
            Stance {
                id,
                holder: x.holder.map(m),
                target,
                evidence,
                ..x.clone()
            },
        );
    }
    (new_doc, out)
}

/// Every id of a workspace: projects, documents, labels, topics and annotations.
fn all_ids(ws: &Workspace, into: &mut BTreeSet<Id>) {
    for p in &ws.projects {
        into.insert(p.id);
        into.extend(p.schema.labels.iter().map(|l| l.id));
        into.extend(p.topics.keys().copied());
    }
    for ds in ws.docs() {
        into.insert(ds.doc.id);
        let a = &ds.ann;
        into.extend(a.mentions.keys().copied());
        into.extend(a.entities.keys().copied());
        into.extend(a.quotes.keys().copied());
        into.extend(a.stances.keys().copied());
    }
}

/// The result of merging: the new projects, the documents coming from the file (with
/// their final ids and label ids), the local documents they replace, and the plan.
struct Merged {
    projects: Vec<Project>,
    incoming: Vec<(Document, Annotations)>,
    replaced: BTreeSet<Id>,
    plan: ImportPlan,
}

fn merge(ws: &Workspace, file: &NativeFile, seed: u64) -> Merged {
    let mut projects = ws.projects.clone();
    let mut incoming = Vec::new();
    let mut replaced = BTreeSet::new();
    let mut changes = Vec::new();
    let (mut new_projects, mut updated_projects) = (0, 0);
    let mut gen = IdGen::new(seed ^ 0x6c6f_7373_6172_7921);
    let mut used: Option<BTreeSet<Id>> = None;
    for fp in file.projects() {
        let (at, remap) = match projects.iter().position(|p| p.id == fp.id) {
            Some(i) => {
                let Some(lp) = projects.get_mut(i) else {
                    continue;
                };
                let lm = merge_labels(&lp.schema, &fp.schema);
                let mut topics = lp.topics.clone();
                topics.extend(fp.topics.iter().map(|(k, t)| (*k, t.clone())));
                if lp.name != fp.name || lp.schema != lm.schema || lp.topics != topics {
                    updated_projects += 1;
                }
                lp.name = fp.name.clone();
                lp.schema = lm.schema;
                lp.topics = topics;
                (i, lm.remap)
            }
            None => {
                new_projects += 1;
                projects.push(Project {
                    documents: Vec::new(),
                    ..fp.clone()
                });
                (projects.len() - 1, BTreeMap::new())
            }
        };
        for did in &fp.documents {
            let Some(fds) = file.doc(*did) else {
                continue;
            };
            let mut ann = fds.ann.clone();
            remap_labels(&mut ann, &remap);
            let doc = fds.doc.clone();
            let title = doc.title.clone();
            let (doc, ann, kind) = match ws.doc(*did) {
                None => (doc, ann, DocChangeKind::New),
                Some(lds) if lds.doc.text != doc.text => {
                    let used = used.get_or_insert_with(|| {
                        let mut set = BTreeSet::new();
                        all_ids(ws, &mut set);
                        all_ids(&file.ws, &mut set);
                        set
                    });
                    let (d, a) = with_new_ids(&doc, &ann, &mut gen, used);
                    (d, a, DocChangeKind::Copied)
                }
                Some(lds) => {
                    let same_place = ws.project_of(*did).map(|p| p.id) == Some(fp.id);
                    let kind = if same_place && lds.doc == doc && lds.ann == ann {
                        DocChangeKind::Unchanged
                    } else {
                        DocChangeKind::Updated {
                            annotations_before: lds.ann.count(),
                            annotations_after: ann.count(),
                        }
                    };
                    replaced.insert(*did);
                    if !same_place {
                        for p in projects.iter_mut() {
                            p.documents.retain(|d| d != did);
                        }
                    }
                    (doc, ann, kind)
                }
            };
            if let Some(p) = projects.get_mut(at) {
                if !p.documents.contains(&doc.id) {
                    p.documents.push(doc.id);
                }
            }
            changes.push(DocChange {
                id: *did,
                title,
                kind,
            });
            incoming.push((doc, ann));
        }
    }
    let count = |k: fn(&DocChangeKind) -> bool| changes.iter().filter(|c| k(&c.kind)).count();
    let plan = ImportPlan {
        mode: ImportMode::Merge,
        new_projects,
        updated_projects,
        removed_projects: 0,
        new_documents: count(|k| *k == DocChangeKind::New),
        updated_documents: count(|k| matches!(k, DocChangeKind::Updated { .. })),
        unchanged_documents: count(|k| *k == DocChangeKind::Unchanged),
        copied_documents: count(|k| *k == DocChangeKind::Copied),
        removed_documents: 0,
        kept_documents: ws.docs().filter(|d| !replaced.contains(&d.doc.id)).count(),
        changes,
    };
    Merged {
        projects,
        incoming,
        replaced,
        plan,
    }
}

fn replace_plan(ws: &Workspace, file: &NativeFile) -> ImportPlan {
    let mut changes = Vec::new();
    for ds in file.docs() {
        let id = ds.doc.id;
        let kind = match ws.doc(id) {
            None => DocChangeKind::New,
            Some(lds) => {
                let same_place =
                    ws.project_of(id).map(|p| p.id) == file.ws.project_of(id).map(|p| p.id);
                if same_place && lds == ds {
                    DocChangeKind::Unchanged
                } else {
                    DocChangeKind::Updated {
                        annotations_before: lds.ann.count(),
                        annotations_after: ds.ann.count(),
                    }
                }
            }
        };
        changes.push(DocChange {
            id,
            title: ds.doc.title.clone(),
            kind,
        });
    }
    // Removed documents: in the workspace's list order, then any in no project.
    let mut listed: Vec<Id> = ws
        .projects
        .iter()
        .flat_map(|p| p.documents.iter().copied())
        .collect();
    listed.extend(ws.docs().map(|d| d.doc.id));
    let mut seen = BTreeSet::new();
    for id in listed {
        if !seen.insert(id) || file.doc(id).is_some() {
            continue;
        }
        if let Some(ds) = ws.doc(id) {
            changes.push(DocChange {
                id,
                title: ds.doc.title.clone(),
                kind: DocChangeKind::Removed,
            });
        }
    }
    let count = |k: fn(&DocChangeKind) -> bool| changes.iter().filter(|c| k(&c.kind)).count();
    let file_projects = file.projects();
    ImportPlan {
        mode: ImportMode::Replace,
        new_projects: file_projects
            .iter()
            .filter(|p| ws.project(p.id).is_none())
            .count(),
        updated_projects: file_projects
            .iter()
            .filter(|p| ws.project(p.id).is_some_and(|lp| lp != *p))
            .count(),
        removed_projects: ws
            .projects
            .iter()
            .filter(|p| !file_projects.iter().any(|fp| fp.id == p.id))
            .count(),
        new_documents: count(|k| *k == DocChangeKind::New),
        updated_documents: count(|k| matches!(k, DocChangeKind::Updated { .. })),
        unchanged_documents: count(|k| *k == DocChangeKind::Unchanged),
        copied_documents: 0,
        removed_documents: count(|k| *k == DocChangeKind::Removed),
        kept_documents: 0,
        changes,
    }
}

/// What importing `file` into `ws` with `mode` would change (nothing is changed).
pub fn plan(ws: &Workspace, file: &NativeFile, mode: ImportMode) -> ImportPlan {
    match mode {
        ImportMode::Replace => replace_plan(ws, file),
        ImportMode::Merge => merge(ws, file, 0).plan,
    }
}

/// The workspace after importing `file` into `ws` (pure: `ws` is not touched; the app
/// swaps the result in and saves it). `seed` seeds the new workspace's id generator.
///
/// **Replace**: the result is the file's content, ids exactly as in the file.
///
/// **Merge**:
/// - Projects are matched by id. A new project is added at the end. A matched project
///   takes the file's name; topics are the union by id (the file's version wins); labels
///   are the union by id, the file's version of a label wins and keeps our palette
///   position, new labels go at the end. A file label with an id we do not know but the
///   name (case-insensitive) of a label only we have *is* that label: it keeps our id
///   and takes the file's colour, hotkey and description, and the imported annotations
///   are relabelled to our id. If one of our remaining labels has a hotkey or a name a
///   file label uses, ours loses the hotkey or gets a suffix (" (2)").
/// - Documents are matched by id. A new one is added to its project. A matched one
///   with the same text takes the file's version entirely (metadata and annotations,
///   which replace ours) and moves to the file's project if it was elsewhere. A matched
///   one whose text differs is not overwritten: the file's version is added as a new
///   document with new ids for it and all its records, titled with [`COPY_SUFFIX`].
/// - Documents and projects the file does not mention are kept as they are.
pub fn apply(ws: &Workspace, file: NativeFile, mode: ImportMode, seed: u64) -> Workspace {
    match mode {
        ImportMode::Replace => file.into_workspace(seed),
        ImportMode::Merge => {
            let merged = merge(ws, &file, seed);
            let kept = ws
                .docs()
                .filter(|d| !merged.replaced.contains(&d.doc.id))
                .map(|d| (d.doc.clone(), d.ann.clone()));
            let docs: Vec<(Document, Annotations)> = kept.chain(merged.incoming).collect();
            Workspace::from_parts(merged.projects, docs, seed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_javascript() {
        let p = [
            Seg::Key("projects"),
            Seg::Index(0),
            Seg::Key("documents"),
            Seg::Index(2),
            Seg::Key("end"),
        ];
        assert_eq!(path_string(&p), "projects[0].documents[2].end");
        assert_eq!(path_string(&[]), "top level");
    }

    #[test]
    fn locate_finds_the_line_of_each_path() {
        let json = "{\n  \"a\": [\n    1,\n    {\"b\\u0020c\": 2,\n     \"d\": \"x,]}\"}\n  ],\n  \"e\": {}\n}";
        let t1 = [Seg::Key("a"), Seg::Index(1), Seg::Key("d")];
        let t2 = [Seg::Key("a"), Seg::Index(1), Seg::Key("b c")];
        let t3 = [Seg::Key("e")];
        let t4 = [Seg::Key("a"), Seg::Index(5)];
        let t5: [Seg; 0] = [];
        let lines = locate(json, &[&t1, &t2, &t3, &t4, &t5]);
        assert_eq!(lines, vec![Some(5), Some(4), Some(7), None, Some(1)]);
    }

    #[test]
    fn locate_never_loops_on_garbage() {
        let t = [Seg::Key("a"), Seg::Index(3)];
        for junk in [
            "",
            "{",
            "[[[",
            "{\"a\": [1, 2",
            "]]]",
            "{:}",
            "\"abc",
            "[:]",
        ] {
            let _ = locate(junk, &[&t]);
        }
    }

    #[test]
    fn summaries_name_the_noun_once() {
        let mut p = ImportPlan {
            mode: ImportMode::Merge,
            new_projects: 0,
            updated_projects: 0,
            removed_projects: 0,
            new_documents: 3,
            updated_documents: 1,
            unchanged_documents: 2,
            copied_documents: 0,
            removed_documents: 0,
            kept_documents: 4,
            changes: vec![],
        };
        assert_eq!(
            p.summary(),
            "3 new documents, 1 updated (its annotations are replaced), 2 unchanged"
        );
        p.new_documents = 0;
        p.updated_documents = 2;
        p.new_projects = 1;
        assert_eq!(
            p.summary(),
            "2 documents updated (their annotations are replaced), 2 unchanged; 1 new project"
        );
        p.updated_documents = 0;
        p.new_projects = 0;
        assert!(p.changes_nothing());
        assert_eq!(p.summary(), "Nothing changes: 2 documents unchanged");
    }

    fn label(id: u64, name: &str, key: Option<char>) -> Label {
        Label {
            id: Id(id),
            name: name.into(),
            color: Color::parse("#123456").unwrap(),
            hotkey: key,
            description: String::new(),
        }
    }

    #[test]
    fn label_merge_lets_the_file_win_and_maps_same_names() {
        let local = LabelSchema {
            labels: vec![
                label(1, "PERSON", Some('1')),
                label(2, "EVENT", Some('5')),
                label(3, "LAW", Some('6')),
            ],
        };
        let file = LabelSchema {
            labels: vec![
                label(1, "PERSON", Some('9')),
                label(10, "event", Some('7')),
                label(11, "PRODUCT", Some('6')),
            ],
        };
        let m = merge_labels(&local, &file);
        let got: Vec<(u64, &str, Option<char>)> = m
            .schema
            .labels
            .iter()
            .map(|l| (l.id.0, l.name.as_str(), l.hotkey))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "PERSON", Some('9')),
                (2, "event", Some('7')),
                (3, "LAW", None),
                (11, "PRODUCT", Some('6')),
            ]
        );
        assert_eq!(m.remap.get(&Id(10)), Some(&Id(2)));
        for l in &m.schema.labels {
            assert!(m.schema.check(l).is_ok(), "{l:?}");
        }
    }

    #[test]
    fn label_merge_renames_our_label_when_the_file_takes_its_name() {
        let local = LabelSchema {
            labels: vec![label(1, "PERSON", None), label(2, "PEOPLE", None)],
        };
        let file = LabelSchema {
            labels: vec![label(1, "PEOPLE", None)],
        };
        let m = merge_labels(&local, &file);
        let names: Vec<&str> = m.schema.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["PEOPLE", "PEOPLE (2)"]);
    }

    #[test]
    fn header_problems_come_first() {
        assert_eq!(
            parse("{\"format\":\"glossa\",\"version\":7,\"projects\":5}"),
            Err(ImportError::NewerVersion(7))
        );
        let e = parse("{\"format\":\"brat\",\"version\":1}").unwrap_err();
        assert!(e.to_string().contains("not a Glossa JSON file"), "{e}");
        let e = parse("[1]").unwrap_err();
        assert!(e.to_string().contains("expected a JSON object"), "{e}");
        let e = parse(" \n").unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = parse_bytes(b"{\n\"format\": \"\xff\"}").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn an_empty_file_of_the_right_kind_is_an_empty_workspace() {
        let f = parse("\u{feff}{\"format\":\"glossa\",\"version\":1,\"projects\":[]}").unwrap();
        assert_eq!(f.project_count(), 0);
        assert_eq!(f.document_count(), 0);
        assert_eq!(f.into_workspace(1), Workspace::new(2));
    }
}
