//! Assists: pure rules that propose annotations for a person to accept or reject.
//!
//! - [`quotes`]: [`find_quotes`] finds direct quotes between quote marks of several
//!   typographies, links speech running over several paragraphs, and leaves out scare
//!   quotes.
//! - [`speakers`]: [`suggest_speakers`] reads the attribution around each quote
//!   (`“…,” said Jane Doe`, `Doe told reporters`, `according to Doe`, `the ministry
//!   said`) and proposes a speaker, either an existing mention or a new one, with the
//!   cue.
//! - [`propagate`](mod@propagate): [`propagate()`](propagate::propagate) finds other
//!   occurrences of a labelled string; [`Gazetteer`] labels names seen elsewhere in a
//!   corpus.
//! - [`rules`]: everything the rules know about language (cue verbs, patterns, titles,
//!   roles, scare-quote words, confidences), as data.
//!
//! Nothing here touches the model's records: the functions take text and spans and
//! return suggestions with byte [`Span`]s that pass [`check_span`]. The UI turns an
//! accepted suggestion into an edit with [`Provenance::Suggested`] (see
//! [`suggested_by`]). No function panics on any input text or span.
//!
//! Throughout, a *unit* is what quotes may not cross: a paragraph as found by
//! [`paragraphs`], or, in a text with no blank line at all but several lines, a line.

pub mod apply;
pub mod propagate;
pub mod quotes;
pub mod rules;
pub mod speakers;

pub use propagate::{propagate, Gazetteer};
pub use quotes::{find_quotes, QuoteMarks, QuoteSuggestion};
pub use speakers::{suggest_speakers, SpeakerGuess, SpeakerSuggestion};

use super::annotations::Provenance;
use super::offsets::{ByteOffset, Span};
use super::text::{check_span, paragraphs};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// What `by` says in the provenance of an accepted quote-finder suggestion.
pub const QUOTE_FINDER: &str = "quote-finder";
/// What `by` says in the provenance of an accepted speaker suggestion.
pub const SPEAKER_SUGGESTER: &str = "speaker-suggester";
/// What `by` says in the provenance of a mention from [`propagate()`](propagate::propagate).
pub const PROPAGATION: &str = "propagation";
/// What `by` says in the provenance of a mention from a [`Gazetteer`].
pub const GAZETTEER: &str = "gazetteer";

/// The provenance of a suggestion made by the assist `by` (one of [`QUOTE_FINDER`],
/// [`SPEAKER_SUGGESTER`], [`PROPAGATION`], [`GAZETTEER`]), not yet accepted.
pub fn suggested_by(by: &str) -> Provenance {
    Provenance::Suggested {
        by: by.to_owned(),
        accepted: false,
    }
}

/// The coarse type of a mention, as far as the assists care: who can be a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A person (PERSON), including an unnamed role that refers to one.
    Person,
    /// An organisation (ORG).
    Org,
    /// Anything else (places, events…): never a speaker.
    Other,
}

impl MentionKind {
    /// The kind of a label from its name: `PERSON`, `PER` → person; `ORG`,
    /// `ORGANIZATION`, `ORGANISATION` → organisation; anything else → other.
    pub fn from_label_name(name: &str) -> MentionKind {
        match name.trim().to_uppercase().as_str() {
            "PERSON" | "PER" | "PERSONS" | "PEOPLE" => MentionKind::Person,
            "ORG" | "ORGANIZATION" | "ORGANISATION" | "ORGANIZATIONS" | "ORGANISATIONS" => {
                MentionKind::Org
            }
            _ => MentionKind::Other,
        }
    }

    /// Whether a mention of this kind can say something.
    pub fn can_speak(self) -> bool {
        matches!(self, MentionKind::Person | MentionKind::Org)
    }
}

/// A byte span from plain offsets (callers guarantee `start <= end`).
pub(crate) fn span(start: usize, end: usize) -> Span {
    Span {
        start: ByteOffset(start),
        end: ByteOffset(end.max(start)),
    }
}

/// The units of `text` (see the module docs).
pub(crate) fn units(text: &str) -> Vec<Span> {
    let paras = paragraphs(text);
    let [only] = paras.as_slice() else {
        return paras;
    };
    let Some(body) = only.slice(text) else {
        return paras;
    };
    if !body.contains(['\n', '\r']) {
        return paras;
    }
    let mut out = Vec::new();
    let mut line_start = only.start.0;
    for line in body.split_inclusive(['\n', '\r']) {
        let end = line_start + line.len();
        let trimmed = line.trim_end_matches(['\n', '\r']);
        for p in paragraphs(trimmed) {
            let s = span(line_start + p.start.0, line_start + p.end.0);
            if check_span(text, s).is_ok() {
                out.push(s);
            }
        }
        line_start = end;
    }
    out
}

/// The span inside `[start, end)` trimmed of whitespace, on grapheme boundaries;
/// `None` if nothing visible is left.
pub(crate) fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let a = super::text::ceil_grapheme(text, ByteOffset(start)).0;
    let b = super::text::floor_grapheme(text, ByteOffset(end)).0;
    let inner = text.get(a..b.max(a))?;
    // From the first visible cluster to the last one, blank lines included.
    let parts = paragraphs(inner);
    let (first, last) = (parts.first()?, parts.last()?);
    let s = span(a + first.start.0, a + last.end.0);
    check_span(text, s)
        .ok()
        .map(|_| s)
        .filter(|s| !s.is_empty())
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A word: a UAX #29 word segment holding a letter or digit.
    Word,
    /// Any other visible segment: punctuation, symbols, emoji.
    Punct,
    /// A quotation, marks included, kept opaque; the number is its block index.
    Block(usize),
}

/// A token of one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word, punctuation or quotation.
    pub kind: TokKind,
    /// Whether the token starts a sentence.
    pub sentence_start: bool,
}

/// A quotation inside a unit: its content and its extent with the marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    /// The text between the marks.
    pub content: Span,
    /// The content widened to its marks (equal to `content` when none are found).
    pub outer: Span,
}

/// Whether `c` is a quotation mark of any typography the assists know.
pub(crate) fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{AB}'
            | '\u{BB}'
            | '\u{300C}'
            | '\u{300D}'
            | '\u{300E}'
            | '\u{300F}'
    )
}

/// Whitespace that is not a line break.
fn is_inline_space(c: char) -> bool {
    c.is_whitespace() && c != '\n' && c != '\r'
}

impl Block {
    /// The block of a content span: widened over whitespace (not line breaks) to a
    /// quote mark on each side when there is one.
    pub(crate) fn around(text: &str, content: Span) -> Block {
        let (s, e) = (content.start.0, content.end.0);
        let mut start = s;
        if let Some(before) = text.get(..s) {
            let stripped = before.trim_end_matches(is_inline_space);
            if let Some(c) = stripped.chars().next_back() {
                if is_quote_mark(c) && before.len() - stripped.len() <= 8 {
                    start = stripped.len() - c.len_utf8();
                }
            }
        }
        let mut end = e;
        if let Some(after) = text.get(e..) {
            let stripped = after.trim_start_matches(is_inline_space);
            if let Some(c) = stripped.chars().next() {
                let skipped = after.len() - stripped.len();
                if is_quote_mark(c) && skipped <= 8 {
                    end = e + skipped + c.len_utf8();
                }
            }
        }
        Block {
            content,
            outer: span(start, end),
        }
    }

    /// Whether the content ends a sentence (`“We are ready.”`).
    pub(crate) fn ends_sentence(&self, text: &str) -> bool {
        self.content
            .slice(text)
            .and_then(|s| s.trim_end().chars().next_back())
            .is_some_and(|c| matches!(c, '.' | '!' | '?' | '…'))
    }
}

/// Lower-cased text of a token.
pub(crate) fn lower(text: &str, tok: &Tok) -> String {
    tok_text(text, tok).to_lowercase()
}

/// The text of a token (empty if the token is not a slice of `text`).
pub(crate) fn tok_text<'a>(text: &'a str, tok: &Tok) -> &'a str {
    text.get(tok.start..tok.end).unwrap_or("")
}

/// Whether a word starts with an upper-case letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Cuts `unit` into tokens, keeping each block (sorted, inside the unit, not
/// overlapping) as one opaque token, and marks sentence starts.
pub(crate) fn tokenize(text: &str, unit: Span, blocks: &[Block]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pos = unit.start.0;
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by_key(|&i| (blocks[i].outer.start, blocks[i].outer.end));
    for i in order {
        let b = blocks[i].outer;
        if b.start.0 < pos || b.end.0 > unit.end.0 || b.is_empty() {
            continue;
        }
        segment(text, pos, b.start.0, &mut out);
        out.push(Tok {
            start: b.start.0,
            end: b.end.0,
            kind: TokKind::Block(i),
            sentence_start: false,
        });
        pos = b.end.0;
    }
    segment(text, pos, unit.end.0, &mut out);
    for i in 0..out.len() {
        let starts = match i.checked_sub(1) {
            None => true,
            Some(p) => match out[p].kind {
                TokKind::Block(b) => blocks[b].ends_sentence(text),
                // A word right after a mark starts a sentence if the mark does.
                TokKind::Punct if tok_text(text, &out[p]).chars().all(is_quote_mark) => {
                    out[p].sentence_start
                }
                TokKind::Punct => is_terminator(text, &out, p),
                TokKind::Word => false,
            },
        };
        out[i].sentence_start = starts;
    }
    out
}

fn segment(text: &str, from: usize, to: usize, out: &mut Vec<Tok>) {
    let Some(part) = text.get(from..to) else {
        return;
    };
    for (i, w) in part.split_word_bound_indices() {
        if w.chars().all(char::is_whitespace) {
            continue;
        }
        let kind = if w.chars().any(char::is_alphanumeric) {
            TokKind::Word
        } else {
            TokKind::Punct
        };
        out.push(Tok {
            start: from + i,
            end: from + i + w.len(),
            kind,
            sentence_start: false,
        });
    }
}

/// Whether token `i` ends a sentence: `.`, `!`, `?`, `…` outside quotations, except
/// the full stop of an abbreviation or initial, or one followed by a lower-case word.
pub(crate) fn is_terminator(text: &str, toks: &[Tok], i: usize) -> bool {
    let Some(tok) = toks.get(i) else {
        return false;
    };
    if tok.kind != TokKind::Punct {
        return false;
    }
    let t = tok_text(text, tok);
    if !t.chars().any(|c| matches!(c, '.' | '!' | '?' | '…')) {
        return false;
    }
    if let Some(next) = toks.get(i + 1) {
        if next.kind == TokKind::Word
            && tok_text(text, next)
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        {
            return false;
        }
    }
    if t == "." {
        if let Some(prev) = i.checked_sub(1).and_then(|p| toks.get(p)) {
            let w = tok_text(text, prev);
            let adjacent = prev.end == tok.start;
            let initial = w.chars().count() == 1 && is_capitalised(w);
            if prev.kind == TokKind::Word
                && adjacent
                && (initial || rules::contains(rules::ABBREVIATIONS, w))
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|s| s.slice(text).unwrap()).collect()
    }

    #[test]
    fn units_are_paragraphs_or_lines() {
        let text = "One.\n\nTwo\nstill two.\n";
        assert_eq!(texts(text, &units(text)), ["One.", "Two\nstill two."]);
        let text = "  One.\r\nTwo.\r\n\tThree. ";
        assert_eq!(texts(text, &units(text)), ["One.", "Two.", "Three."]);
        assert!(units("").is_empty());
        assert!(units(" \n ").is_empty());
    }

    #[test]
    fn kinds_from_label_names() {
        assert_eq!(MentionKind::from_label_name("PERSON"), MentionKind::Person);
        assert_eq!(MentionKind::from_label_name(" org "), MentionKind::Org);
        assert_eq!(MentionKind::from_label_name("LOC"), MentionKind::Other);
        assert!(!MentionKind::Other.can_speak());
    }

    #[test]
    fn blocks_widen_to_their_marks() {
        let text = "He said \u{AB}\u{A0}oui\u{A0}\u{BB} and \u{201C}no\u{201D}.";
        let oui = text.find("oui").unwrap();
        let b = Block::around(text, span(oui, oui + 3));
        assert_eq!(b.outer.slice(text), Some("\u{AB}\u{A0}oui\u{A0}\u{BB}"));
        let no = text.find("no\u{201D}").unwrap();
        let b = Block::around(text, span(no, no + 2));
        assert_eq!(b.outer.slice(text), Some("\u{201C}no\u{201D}"));
        let b = Block::around(text, span(0, 2));
        assert_eq!(b.outer, span(0, 2));
    }

    #[test]
    fn tokens_and_sentences() {
        let text = "Dr. Doe said it. “Yes.” Then she left";
        let toks = tokenize(text, span(0, text.len()), &[]);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence_start && t.kind == TokKind::Word)
            .map(|t| tok_text(text, t))
            .collect();
        assert_eq!(starts, ["Dr", "Yes", "Then"]);
    }

    #[test]
    fn trimming() {
        let text = " \u{A0}a b\u{A0} ";
        assert_eq!(
            trimmed(text, 0, text.len()).unwrap().slice(text),
            Some("a b")
        );
        assert_eq!(trimmed(text, 0, 2), None);
        assert_eq!(trimmed(text, 9, 2), None);
    }
}
