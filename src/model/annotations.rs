//! The annotation layers of a document: mentions, entities, quotes and stances, plus
//! project-wide topics. Records refer to each other by [`Id`], never by position.

use super::ids::Id;
use super::offsets::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an annotation came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Provenance {
    /// Made by a person in the editor.
    #[default]
    Manual,
    /// Read from a file.
    Imported {
        /// The file or format it came from.
        from: String,
    },
    /// Proposed by an assist or a model; stays a suggestion until a person accepts it.
    Suggested {
        /// What proposed it, e.g. `quote-finder` or a model name.
        by: String,
        /// Whether a person accepted it.
        accepted: bool,
    },
}

impl Provenance {
    /// True for a suggestion nobody has accepted yet.
    pub fn is_pending_suggestion(&self) -> bool {
        matches!(
            self,
            Provenance::Suggested {
                accepted: false,
                ..
            }
        )
    }
}

/// What every annotation carries besides its content: provenance and a free note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// Where the annotation came from.
    #[serde(default, skip_serializing_if = "is_manual")]
    pub provenance: Provenance,
    /// A note by the annotator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn is_manual(p: &Provenance) -> bool {
    *p == Provenance::Manual
}

/// A labelled span of text, e.g. `Trump` as PERSON. Spans may overlap and nest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Stable id.
    pub id: Id,
    /// The text it covers (grapheme boundaries).
    pub span: Span,
    /// The label's id in the project schema.
    pub label: Id,
    /// The canonical entity this mention refers to, if grouped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<Id>,
    /// Provenance and note.
    #[serde(default, flatten)]
    pub meta: Meta,
}

/// A canonical entity grouping mentions ("Trump", "Donald Trump", "the US president").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id.
    pub id: Id,
    /// Canonical name, e.g. `Donald Trump`.
    pub name: String,
    /// Its type: a label id of the schema.
    pub label: Id,
    /// Provenance and note.
    #[serde(default, flatten)]
    pub meta: Meta,
}

/// Who said a quote: one mention, or an entity as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Speaker {
    /// A mention in the text.
    Mention(Id),
    /// A canonical entity.
    Entity(Id),
}

/// Direct ("…"), indirect (reported) or mixed speech.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Quoted verbatim between quote marks.
    #[default]
    Direct,
    /// Reported speech without quote marks.
    Indirect,
    /// Partly quoted, partly reported.
    Mixed,
}

/// Quoted or reported speech: content, cue and speaker (source, cue, content as in PARC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Stable id.
    pub id: Id,
    /// The speech itself; for direct speech the text between the marks.
    pub content: Span,
    /// The attribution verb phrase, e.g. `said`, `told reporters`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    /// Who said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// Direct, indirect or mixed.
    #[serde(default)]
    pub kind: QuoteKind,
    /// For speech running over several paragraphs: the quote this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<Id>,
    /// Provenance and note.
    #[serde(default, flatten)]
    pub meta: Meta,
}

/// Stance polarity; exported as `FAVOR`, `AGAINST`, `NONE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Polarity {
    /// For.
    Favor,
    /// Against.
    Against,
    /// Neutral.
    #[default]
    None,
}

impl Polarity {
    /// The name shown in the UI: For / Against / Neutral.
    pub fn display_name(self) -> &'static str {
        match self {
            Polarity::Favor => "For",
            Polarity::Against => "Against",
            Polarity::None => "Neutral",
        }
    }
}

/// What a stance is about: an entity or a free-text topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum StanceTarget {
    /// An entity of the same document.
    Entity(Id),
    /// A topic of the project.
    Topic(Id),
}

/// Evidence for a stance: a span of text or a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Evidence {
    /// A span of the document.
    Span {
        /// The span.
        span: Span,
    },
    /// A quote of the document.
    Quote {
        /// The quote's id.
        id: Id,
    },
}

/// Who (holder) is for or against (polarity) what (target), and the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stance {
    /// Stable id.
    pub id: Id,
    /// The entity holding the stance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<Id>,
    /// What the stance is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<StanceTarget>,
    /// For, against or neutral.
    #[serde(default)]
    pub polarity: Polarity,
    /// Spans and quotes that show the stance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Provenance and note.
    #[serde(default, flatten)]
    pub meta: Meta,
}

/// A free-text stance target reusable across the documents of a project,
/// e.g. "Ukraine joining NATO".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    /// Stable id.
    pub id: Id,
    /// The topic as written by the user.
    pub name: String,
}

/// All annotations of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    /// Labelled spans.
    #[serde(default)]
    pub mentions: BTreeMap<Id, Mention>,
    /// Canonical entities.
    #[serde(default)]
    pub entities: BTreeMap<Id, Entity>,
    /// Quotes.
    #[serde(default)]
    pub quotes: BTreeMap<Id, Quote>,
    /// Stances.
    #[serde(default)]
    pub stances: BTreeMap<Id, Stance>,
}

impl Annotations {
    /// Each quote's `continues` link, by quote id.
    pub fn clone_quote_links(&self) -> BTreeMap<Id, Option<Id>> {
        self.quotes.iter().map(|(k, q)| (*k, q.continues)).collect()
    }

    /// Number of annotations of every kind.
    pub fn count(&self) -> usize {
        self.mentions.len() + self.entities.len() + self.quotes.len() + self.stances.len()
    }
}

/// A reference to one painted span of a document, as stored in the interval index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpanRef {
    /// A mention's span.
    Mention(Id),
    /// A quote's content.
    QuoteContent(Id),
    /// A quote's cue.
    QuoteCue(Id),
    /// The n-th evidence span of a stance.
    Evidence(Id, usize),
}
