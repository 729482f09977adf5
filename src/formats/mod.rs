//! Import and export formats (pure: no web types, tested natively).
//!
//! Every export uses Unicode code points for offsets (what Python, spaCy, brat, Label
//! Studio and the W3C model count) and carries each span's exact text. Conversion goes
//! through the document's [`TextIndex`](crate::model::offsets::TextIndex) via [`cp_span`].

use crate::model::ids::Id;
use crate::model::offsets::Span;
use crate::model::schema::LabelSchema;
use crate::model::workspace::{DocState, Project, Workspace};

/// One file of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    /// File name, e.g. `glossa-export.json`.
    pub name: String,
    /// MIME type.
    pub mime: &'static str,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Why an export failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// A document to export does not exist.
    #[error("document {0} no longer exists")]
    NoDocument(Id),
    /// A span does not fit its text (run `validate()`).
    #[error("document \"{doc}\": a span does not fit the text ({reason})")]
    BadSpan {
        /// Document title.
        doc: String,
        /// What is wrong.
        reason: String,
    },
    /// Nothing to export.
    #[error("there is nothing to export: choose at least one document")]
    Empty,
}

/// Why an import was refused. Nothing changes when an import fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is not valid for its format; `problems` lists the first ones, each
    /// naming the line (or JSON path), the field and what was expected.
    #[error("{}", .problems.join("; "))]
    Invalid {
        /// The first problems found (at most a handful).
        problems: Vec<String>,
    },
    /// The file was written by a newer version of Glossa.
    #[error(
        "this file was written by a newer Glossa (format version {0}); update Glossa to read it"
    )]
    NewerVersion(u64),
}

/// Deepest nesting of arrays and objects an imported JSON file may have. Glossa's own
/// files nest about eight levels; the limit refuses hostile files before parsing.
pub const MAX_JSON_DEPTH: usize = 64;

/// Refuses JSON that nests deeper than [`MAX_JSON_DEPTH`], naming the line.
pub fn check_nesting(json: &str) -> Result<(), ImportError> {
    let (mut depth, mut line, mut in_string, mut escaped) = (0usize, 1usize, false, false);
    for b in json.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'\n' => line += 1,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(ImportError::Invalid {
                        problems: vec![format!(
                            "line {line}: the JSON nests deeper than {MAX_JSON_DEPTH} levels; this is not a file Glossa reads"
                        )],
                    });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One document to export, with what formats need around it.
pub struct DocRef<'a> {
    /// The document and its annotations.
    pub ds: &'a DocState,
    /// Its project (schema, topics).
    pub project: &'a Project,
}

impl DocRef<'_> {
    /// The label schema of the document's project.
    pub fn schema(&self) -> &LabelSchema {
        &self.project.schema
    }

    /// The name of a label id ("?" if unknown).
    pub fn label_name(&self, id: Id) -> &str {
        self.project
            .schema
            .get(id)
            .map(|l| l.name.as_str())
            .unwrap_or("?")
    }
}

/// Resolves document ids (in the given order) to [`DocRef`]s.
pub fn doc_refs<'a>(ws: &'a Workspace, docs: &[Id]) -> Result<Vec<DocRef<'a>>, ExportError> {
    if docs.is_empty() {
        return Err(ExportError::Empty);
    }
    docs.iter()
        .map(|id| {
            let ds = ws.doc(*id).ok_or(ExportError::NoDocument(*id))?;
            let project = ws.project_of(*id).ok_or(ExportError::NoDocument(*id))?;
            Ok(DocRef { ds, project })
        })
        .collect()
}

/// A span in code points `(start, end)`.
pub fn cp_span(ds: &DocState, span: Span) -> Result<(usize, usize), ExportError> {
    ds.text_index()
        .span_to_chars(ds.text(), span)
        .map(|(s, e)| (s.0, e.0))
        .map_err(|e| ExportError::BadSpan {
            doc: ds.doc.title.clone(),
            reason: e.to_string(),
        })
}

/// A file-name-safe version of a title: letters, digits, `-` and `_`, at most 60 chars.
pub fn file_stem(title: &str) -> String {
    let mut s: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let s: String = s.trim_matches('-').chars().take(60).collect();
    if s.is_empty() {
        "document".into()
    } else {
        s
    }
}

pub mod brat;
pub mod conll;
pub mod csv;
pub mod label_studio;
pub mod native;
pub mod spacy;
pub mod w3c;
pub mod zip;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Glossa's own JSON: everything, re-importable.
    Native,
    /// spaCy / Prodigy JSONL.
    SpacyJsonl,
    /// CoNLL-2003 BIO (IOB2), entities only.
    Conll,
    /// brat standoff (`.txt` + `.ann` + `annotation.conf`).
    Brat,
    /// W3C Web Annotation (JSON-LD).
    W3c,
    /// Label Studio tasks JSON + labeling config.
    LabelStudio,
    /// CSV tables of quotes and stances.
    Csv,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 7] = [
        Format::Native,
        Format::SpacyJsonl,
        Format::Conll,
        Format::Brat,
        Format::W3c,
        Format::LabelStudio,
        Format::Csv,
    ];

    /// The name shown to users.
    pub fn display_name(self) -> &'static str {
        match self {
            Format::Native => "Glossa JSON (everything)",
            Format::SpacyJsonl => "spaCy / Prodigy JSONL",
            Format::Conll => "CoNLL-2003 (BIO)",
            Format::Brat => "brat standoff",
            Format::W3c => "W3C Web Annotation",
            Format::LabelStudio => "Label Studio",
            Format::Csv => "CSV (quotes and stances)",
        }
    }

    /// A short machine name, used in file names.
    pub fn slug(self) -> &'static str {
        match self {
            Format::Native => "glossa",
            Format::SpacyJsonl => "spacy",
            Format::Conll => "conll",
            Format::Brat => "brat",
            Format::W3c => "w3c",
            Format::LabelStudio => "label-studio",
            Format::Csv => "csv",
        }
    }
}

/// Export options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// CSV: start with a UTF-8 byte-order mark (for Excel).
    pub csv_bom: bool,
}

/// Exports `docs` (in that order) in `format` as one file: formats with several files
/// come as a zip named `{stem}-{format}.zip`.
pub fn export(
    ws: &Workspace,
    docs: &[Id],
    format: Format,
    options: ExportOptions,
    stem: &str,
) -> Result<ExportFile, ExportError> {
    let files = export_files(ws, docs, format, options)?;
    if files.len() == 1 {
        let mut f = files.into_iter().next().ok_or(ExportError::Empty)?;
        if let Some(ext) = f.name.rsplit_once('.').map(|(_, e)| e.to_owned()) {
            f.name = format!("{stem}-{}.{ext}", format.slug());
        }
        return Ok(f);
    }
    Ok(ExportFile {
        name: format!("{stem}-{}.zip", format.slug()),
        mime: "application/zip",
        bytes: zip::store(&files),
    })
}

/// Exports `docs` in `format` as the format's own files (before zipping).
pub fn export_files(
    ws: &Workspace,
    docs: &[Id],
    format: Format,
    options: ExportOptions,
) -> Result<Vec<ExportFile>, ExportError> {
    Ok(match format {
        Format::Native => vec![native::export(ws, docs)?],
        Format::SpacyJsonl => vec![spacy::export(ws, docs)?],
        Format::Conll => vec![conll::export(ws, docs)?],
        Format::Brat => brat::export(ws, docs)?,
        Format::W3c => vec![w3c::export(ws, docs)?],
        Format::LabelStudio => label_studio::export(ws, docs)?,
        Format::Csv => csv::export(ws, docs, options.csv_bom)?,
    })
}

/// A document read from a pre-annotation file (spaCy JSONL, Label Studio), before it
/// joins the workspace. Spans are byte spans into `text`, already checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedDoc {
    /// Title (from meta, or the first words).
    pub title: String,
    /// Where it came from (file name).
    pub source: String,
    /// The verbatim text.
    pub text: String,
    /// Labelled spans: span and label name.
    pub mentions: Vec<(Span, String)>,
}

/// Colours given to labels that an imported file introduces (colour-blind-safe set).
const IMPORT_COLOURS: [&str; 6] = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#cc79a7",
];

/// Adds pre-annotated documents (spaCy JSONL, Label Studio) to `project` as one undo
/// step. Their mentions arrive as **suggestions** (`Provenance::Suggested { by }`), to be
/// accepted or rejected by a person; labels the schema lacks are added first.
pub fn add_imported(
    ed: &mut crate::model::edit::Editor,
    project: Id,
    docs: Vec<ImportedDoc>,
    by: &str,
    now_ms: u64,
) -> Result<crate::model::edit::Outcome, crate::model::commands::EditError> {
    use crate::model::annotations::{Annotations, Mention, Meta, Provenance};
    use crate::model::commands::{Command, EditError};
    use crate::model::document::{DocStatus, Document};
    use crate::model::schema::{Color, Label};
    let p = ed.ws.project(project).ok_or(EditError::NoProject)?;
    let mut schema = p.schema.clone();
    let first = p.documents.len();
    let mut commands = Vec::new();
    let n_docs = docs.len();
    for (at, d) in (first..).zip(docs) {
        let mut ann = Annotations::default();
        for (span, name) in d.mentions {
            let label = match schema.by_name(&name) {
                Some(l) => l.id,
                None => {
                    let colour = IMPORT_COLOURS[schema.labels.len() % IMPORT_COLOURS.len()];
                    let label = Label {
                        id: ed.ws.new_id(now_ms),
                        name: name.trim().to_owned(),
                        color: Color::parse(colour)?,
                        hotkey: None,
                        description: format!("Added by an import ({by})"),
                    };
                    schema.check(&label)?;
                    commands.push(Command::PutLabel {
                        project,
                        label: label.clone(),
                        at: None,
                    });
                    let id = label.id;
                    schema.labels.push(label);
                    id
                }
            };
            let id = ed.ws.new_id(now_ms);
            ann.mentions.insert(
                id,
                Mention {
                    id,
                    span,
                    label,
                    entity: None,
                    meta: Meta {
                        provenance: Provenance::Suggested {
                            by: by.to_owned(),
                            accepted: false,
                        },
                        note: None,
                    },
                },
            );
        }
        let id = ed.ws.new_id(now_ms);
        commands.push(Command::AddDocument {
            project,
            doc: Box::new(Document {
                id,
                title: d.title,
                source: d.source,
                text: d.text,
                status: DocStatus::Todo,
                created_ms: now_ms,
                modified_ms: now_ms,
                annotator: String::new(),
            }),
            ann: Box::new(ann),
            at,
        });
    }
    ed.run(
        Command::Batch {
            description: format!("import {n_docs} document(s) with suggestions from {by}"),
            commands,
        },
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotations::Provenance;
    use crate::model::edit::Editor;
    use crate::model::offsets::Span;

    #[test]
    fn imported_documents_arrive_as_suggestions_with_new_labels_in_one_step() {
        let mut ed = Editor::new(Workspace::new(3));
        let p = ed.add_project("P", 1);
        let text = "Ana 🇵🇹 met GPT-5 in Lisbon.".to_owned();
        let lisbon = text.find("Lisbon").unwrap();
        let docs = vec![ImportedDoc {
            title: "T".into(),
            source: "x.jsonl".into(),
            text: text.clone(),
            mentions: vec![
                (Span::from_bytes(0, 3).unwrap(), "PERSON".into()),
                (Span::from_bytes(lisbon, lisbon + 6).unwrap(), "GPE".into()),
            ],
        }];
        add_imported(&mut ed, p, docs, "spacy-jsonl", 2).unwrap();
        assert_eq!(ed.ws.validate(), vec![]);
        let schema = &ed.ws.project(p).unwrap().schema;
        assert!(
            schema.by_name("GPE").is_some(),
            "the unknown label was added"
        );
        let ds = ed.ws.docs().next().unwrap();
        assert_eq!(ds.text(), text);
        assert_eq!(ds.ann.mentions.len(), 2);
        assert!(ds.ann.mentions.values().all(|m| m.meta.provenance
            == Provenance::Suggested {
                by: "spacy-jsonl".into(),
                accepted: false
            }));
        ed.undo().unwrap();
        assert_eq!(ed.ws.docs().count(), 0);
        assert!(ed.ws.project(p).unwrap().schema.by_name("GPE").is_none());
    }
}
