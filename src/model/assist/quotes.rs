//! The quote finder: direct quotes between quote marks.
//!
//! # What it finds
//!
//! - Quotations between `“ ”` (English), `" "` (straight), `« »` (French, spaces
//!   inside the marks are left out), `„ “` and `„ ”` (German, Polish…), `» «` (German
//!   and Danish), `” ”` (Swedish and Finnish), `「 」` and `『 』` (CJK). Single marks
//!   (`‘ ’`, `‹ ›`) are not looked for: `’` is far more often an apostrophe, and they
//!   mostly nest inside double marks, where they stay part of the content.
//! - The content span is the text **between** the marks, trimmed of whitespace, as the
//!   conventions ask. Quotes never cross a unit (paragraph; see [`super`]).
//! - A straight `"` opens a quote only at the start of a word (after whitespace, an
//!   opening bracket or a dash, or at the start of the unit), so `12"` does not; any
//!   later `"` closes it. Marks of other typographies inside a quote (nested quotes)
//!   are part of the content.
//! - **Speech over several paragraphs** (news style): the closing mark is left out at
//!   the end of every paragraph but the last, and each following paragraph starts
//!   again with an opening mark. A quote still open at the end of a paragraph is kept
//!   (up to the end of the paragraph) when the next paragraph starts with an opening
//!   mark of the same typography, or when it opened at the start of its own paragraph;
//!   the first quote of the next paragraph is then a continuation, and
//!   [`QuoteSuggestion::paragraph_continuation_of`] points to the **first** quote of
//!   the chain (as the editor links continuations to the first). For French, a
//!   continued paragraph may also start with `»`. A quote left open in the middle of a
//!   paragraph that nothing continues is a missing closing mark and is dropped.
//!
//! # Scare quotes
//!
//! A quote of one or two words (`the so-called “emergency plan”`, `the city’s new
//! “smart” meters`) is a scare quote and left out, **unless**
//!
//! - its content ends with speech punctuation (`“Never,” she said`, `“Anyone?”`), or
//! - it is attributed: the speaker suggester finds a cue and a speaker for it in its
//!   sentence (`he called it “unacceptable”`, `“Reckless” said Doe`, `warned that
//!   traffic would be “very difficult”`) — and the word right before the opening mark
//!   is not an article, a possessive or `so-called` (`said the “savings” never
//!   existed` stays a scare quote). The words are in [`super::rules::SCARE_PRECEDERS`].
//!
//! Quotes of three words or more are always kept; quotes that belong to a chain of
//! continuations are always kept.

use super::rules;
use super::speakers::AttributionReader;
use super::{span, tokenize, trimmed, units, Block, TokKind};
use crate::model::annotations::QuoteKind;
use crate::model::offsets::Span;
use crate::model::text::check_span;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Which quote marks enclose a found quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteMarks {
    /// `“…”`
    Curly,
    /// `"…"`
    Straight,
    /// `«…»`
    Guillemets,
    /// `»…«`
    ReversedGuillemets,
    /// `„…“` or `„…”`
    LowHigh,
    /// `”…”`
    SameCurly,
    /// `「…」`
    Corner,
    /// `『…』`
    WhiteCorner,
}

impl QuoteMarks {
    /// The opening mark.
    pub fn opening(self) -> char {
        match self {
            QuoteMarks::Curly => '\u{201C}',
            QuoteMarks::Straight => '"',
            QuoteMarks::Guillemets => '\u{AB}',
            QuoteMarks::ReversedGuillemets => '\u{BB}',
            QuoteMarks::LowHigh => '\u{201E}',
            QuoteMarks::SameCurly => '\u{201D}',
            QuoteMarks::Corner => '\u{300C}',
            QuoteMarks::WhiteCorner => '\u{300E}',
        }
    }

    /// Whether `c` closes a quote opened with these marks.
    fn closes(self, c: char) -> bool {
        match self {
            QuoteMarks::Curly | QuoteMarks::SameCurly => c == '\u{201D}',
            QuoteMarks::Straight => c == '"',
            QuoteMarks::Guillemets => c == '\u{BB}',
            QuoteMarks::ReversedGuillemets => c == '\u{AB}',
            QuoteMarks::LowHigh => c == '\u{201C}' || c == '\u{201D}',
            QuoteMarks::Corner => c == '\u{300D}',
            QuoteMarks::WhiteCorner => c == '\u{300F}',
        }
    }

    /// Whether `c` at the start of a paragraph continues a quote with these marks.
    fn continues_with(self, c: char) -> bool {
        c == self.opening() || (self == QuoteMarks::Guillemets && c == '\u{BB}')
    }
}

/// A quote proposed by [`find_quotes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteSuggestion {
    /// The text between the marks, trimmed of whitespace; never empty, on grapheme
    /// boundaries.
    pub content: Span,
    /// For the second and later paragraphs of speech running over several paragraphs:
    /// the index, in the returned list, of the chain's first quote.
    pub paragraph_continuation_of: Option<usize>,
    /// Always [`QuoteKind::Direct`]: the finder only looks for quote marks.
    pub kind: QuoteKind,
    /// The marks around it.
    pub marks: QuoteMarks,
}

/// Which mark opens a quote at byte `at` of `text`, if `c` does there.
fn opener(text: &str, unit: Span, at: usize, c: char) -> Option<QuoteMarks> {
    let prev = text
        .get(unit.start.0..at)
        .and_then(|s| s.chars().next_back());
    let next = text
        .get(at + c.len_utf8()..unit.end.0)
        .and_then(|s| s.chars().next());
    let word_start = prev
        .is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/:;,".contains(p))
        && next.is_some_and(|n| !n.is_whitespace());
    match c {
        '\u{201C}' => Some(QuoteMarks::Curly),
        '\u{201E}' => Some(QuoteMarks::LowHigh),
        '\u{AB}' => Some(QuoteMarks::Guillemets),
        '\u{300C}' => Some(QuoteMarks::Corner),
        '\u{300E}' => Some(QuoteMarks::WhiteCorner),
        '"' if word_start => Some(QuoteMarks::Straight),
        '\u{BB}' if word_start => Some(QuoteMarks::ReversedGuillemets),
        '\u{201D}' if word_start => Some(QuoteMarks::SameCurly),
        _ => None,
    }
}

/// A quotation found in one unit: where its opening mark is and, if it was closed,
/// where its closing mark is.
#[derive(Clone, Copy, Debug)]
struct Found {
    marks: QuoteMarks,
    open: usize,
    open_end: usize,
    close: Option<(usize, usize)>,
}

/// Pairs the marks of one unit. `continued`: the unit starts with the continuation
/// mark of a quote left open in the previous unit, with these marks.
fn scan(text: &str, unit: Span, continued: Option<QuoteMarks>) -> Vec<Found> {
    let Some(body) = unit.slice(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut open: Option<Found> = None;
    let mut skip_first = false;
    if let (Some(marks), Some(c)) = (continued, body.chars().next()) {
        open = Some(Found {
            marks,
            open: unit.start.0,
            open_end: unit.start.0 + c.len_utf8(),
            close: None,
        });
        skip_first = true;
    }
    for (i, c) in body.char_indices() {
        if skip_first && i == 0 {
            continue;
        }
        let at = unit.start.0 + i;
        match open {
            None => {
                if let Some(marks) = opener(text, unit, at, c) {
                    open = Some(Found {
                        marks,
                        open: at,
                        open_end: at + c.len_utf8(),
                        close: None,
                    });
                }
            }
            Some(mut o) => {
                if o.marks.closes(c) {
                    o.close = Some((at, at + c.len_utf8()));
                    found.push(o);
                    open = None;
                } else if c == o.marks.opening()
                    && o.marks != QuoteMarks::Straight
                    && o.marks != QuoteMarks::SameCurly
                {
                    // A second opening mark: the first one was never closed.
                    open = opener(text, unit, at, c).map(|marks| Found {
                        marks,
                        open: at,
                        open_end: at + c.len_utf8(),
                        close: None,
                    });
                }
            }
        }
    }
    found.extend(open);
    found
}

/// A candidate quote before the scare-quote filter.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    block: Block,
    marks: QuoteMarks,
    unit: usize,
    /// Index of the chain's first candidate, for continuations.
    continues: Option<usize>,
    /// Part of a chain of continuations (first or later).
    chained: bool,
}

/// Finds the direct quotes of `text`, in text order. See the [module docs](self) for
/// the marks, the paragraph continuations and the scare-quote rule.
///
/// Every returned content span is non-empty and passes
/// [`check_span`]; continuation indices always point to an
/// earlier element. Never panics.
pub fn find_quotes(text: &str) -> Vec<QuoteSuggestion> {
    let units = units(text);
    let mut cands: Vec<Candidate> = Vec::new();
    // The chain root and marks of a quote left open at the end of the previous unit.
    let mut pending: Option<(usize, QuoteMarks)> = None;
    for (u, &unit) in units.iter().enumerate() {
        let first_char = unit.slice(text).and_then(|s| s.chars().next());
        let continued = pending.filter(|(_, m)| first_char.is_some_and(|c| m.continues_with(c)));
        let found = scan(text, unit, continued.map(|(_, m)| m));
        pending = None;
        let next_first = units
            .get(u + 1)
            .and_then(|n| n.slice(text))
            .and_then(|s| s.chars().next());
        for (k, f) in found.iter().enumerate() {
            let is_continuation = k == 0 && continued.is_some();
            let (content_end, outer_end) = match f.close {
                Some((close, close_end)) => (close, close_end),
                None => {
                    let at_start = f.open == unit.start.0;
                    let next_continues = next_first.is_some_and(|c| f.marks.continues_with(c));
                    if !(at_start || next_continues || is_continuation) {
                        continue;
                    }
                    (unit.end.0, unit.end.0)
                }
            };
            let Some(content) = trimmed(text, f.open_end, content_end) else {
                continue;
            };
            let root = if is_continuation {
                continued.map(|(root, _)| root)
            } else {
                None
            };
            if let Some(r) = root {
                if let Some(first) = cands.get_mut(r) {
                    first.chained = true;
                }
            }
            let index = cands.len();
            cands.push(Candidate {
                block: Block {
                    content,
                    outer: span(f.open, outer_end),
                },
                marks: f.marks,
                unit: u,
                continues: root,
                chained: root.is_some() || f.close.is_none(),
            });
            if f.close.is_none() {
                pending = Some((root.unwrap_or(index), f.marks));
            }
        }
    }
    let keep = scare_filter(text, &units, &cands);
    let mut new_index = vec![None; cands.len()];
    let mut out = Vec::new();
    for (i, c) in cands.iter().enumerate() {
        if !keep[i] || check_span(text, c.block.content).is_err() {
            continue;
        }
        new_index[i] = Some(out.len());
        out.push(QuoteSuggestion {
            content: c.block.content,
            paragraph_continuation_of: c
                .continues
                .and_then(|r| new_index.get(r).copied().flatten()),
            kind: QuoteKind::Direct,
            marks: c.marks,
        });
    }
    out
}

/// Number of words in `s`.
fn word_count(s: &str) -> usize {
    s.unicode_words().count()
}

/// Which candidates survive the scare-quote rule.
fn scare_filter(text: &str, units: &[Span], cands: &[Candidate]) -> Vec<bool> {
    let mut keep = vec![true; cands.len()];
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    for (i, c) in cands.iter().enumerate() {
        if let Some(list) = by_unit.get_mut(c.unit) {
            list.push(i);
        }
    }
    for (&unit, members) in units.iter().zip(&by_unit) {
        // (position among the unit's blocks, candidate index)
        let short: Vec<(usize, usize)> = members
            .iter()
            .copied()
            .enumerate()
            .filter(|&(_, i)| is_short(text, &cands[i]))
            .collect();
        if short.is_empty() {
            continue;
        }
        let blocks: Vec<Block> = members.iter().map(|&i| cands[i].block).collect();
        let reader = AttributionReader::new(text, tokenize(text, unit, &blocks), &blocks);
        let toks = reader.toks();
        let mut at_of_block = vec![None; blocks.len()];
        for (k, t) in toks.iter().enumerate() {
            if let TokKind::Block(b) = t.kind {
                if let Some(slot) = at_of_block.get_mut(b) {
                    *slot = Some(k);
                }
            }
        }
        for (b, i) in short {
            let Some(at) = at_of_block.get(b).copied().flatten() else {
                continue;
            };
            keep[i] = !preceded_by_scare_word(text, toks, at) && reader.attributed(at);
        }
    }
    keep
}

/// A candidate of at most [`rules::MAX_SCARE_WORDS`] words that does not end with
/// speech punctuation and is not part of a chain.
fn is_short(text: &str, c: &Candidate) -> bool {
    if c.chained {
        return false;
    }
    let Some(content) = c.block.content.slice(text) else {
        return false;
    };
    let ends_speech = content
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|ch| rules::SPEECH_END.contains(&ch));
    !ends_speech && word_count(content) <= rules::MAX_SCARE_WORDS
}

/// Whether the token before the quotation at `at` is an article, a possessive or
/// `so-called`.
fn preceded_by_scare_word(text: &str, toks: &[super::Tok], at: usize) -> bool {
    let Some(prev) = at.checked_sub(1).and_then(|p| toks.get(p)) else {
        return false;
    };
    if prev.kind != TokKind::Word {
        return false;
    }
    let word = super::lower(text, prev);
    if rules::SCARE_PRECEDERS.contains(&word.as_str())
        || word.ends_with("'s")
        || word.ends_with("\u{2019}s")
    {
        return true;
    }
    // "so-called" is three tokens: so, -, called.
    if word == "called" && at >= 3 {
        let dash = &toks[at - 2];
        let so = &toks[at - 3];
        return super::tok_text(text, dash) == "-"
            && so.end == dash.start
            && dash.end == prev.start
            && super::lower(text, so) == "so";
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find_quotes(text)
            .iter()
            .map(|q| q.content.slice(text).unwrap())
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        let text = "“We will win,” she said. He said \"never again\" and left.";
        assert_eq!(found(text), ["We will win,", "never again"]);
        let q = find_quotes(text);
        assert_eq!(q[0].marks, QuoteMarks::Curly);
        assert_eq!(q[1].marks, QuoteMarks::Straight);
        assert_eq!(q[0].kind, QuoteKind::Direct);
    }

    #[test]
    fn other_typographies() {
        let fr = "Il a dit\u{A0}: \u{AB}\u{A0}Nous gagnerons bient\u{F4}t\u{A0}\u{BB}.";
        assert_eq!(found(fr), ["Nous gagnerons bient\u{F4}t"]);
        let de = "Er sagte: \u{201E}Wir schaffen das schon\u{201C}. Sie: \u{201E}Nein, nie wieder\u{201D}";
        assert_eq!(found(de), ["Wir schaffen das schon", "Nein, nie wieder"]);
        let ja = "\u{5F7C}\u{306F}\u{300C}\u{306F}\u{3044}\u{3001}\u{884C}\u{304D}\u{307E}\u{3059}\u{300D}\u{3068}";
        assert_eq!(found(ja).len(), 1);
    }

    #[test]
    fn inches_are_not_quotes() {
        assert!(found("a 12\" pipe and a 3\" one, said the plumber").is_empty());
    }

    #[test]
    fn nested_marks_stay_inside() {
        let text = "“She said ‘never’ and \"no\" twice,” he said.";
        assert_eq!(found(text), ["She said ‘never’ and \"no\" twice,"]);
    }

    #[test]
    fn multi_paragraph_speech_is_chained() {
        let text =
            "Doe said: “First part.\n\n“Second part.\n\n“Third part,” she added.\n\n“Other.”";
        let q = find_quotes(text);
        let got: Vec<_> = q
            .iter()
            .map(|q| (q.content.slice(text).unwrap(), q.paragraph_continuation_of))
            .collect();
        assert_eq!(
            got,
            [
                ("First part.", None),
                ("Second part.", Some(0)),
                ("Third part,", Some(0)),
                ("Other.", None)
            ]
        );
    }

    #[test]
    fn paragraph_initial_open_quote_is_kept() {
        let text = "“All of this paragraph is speech.\n\nThe next one is not.";
        assert_eq!(found(text), ["All of this paragraph is speech."]);
        // Left open in mid-paragraph and not continued: a missing closing mark.
        let text = "He said “this never closes.\n\nThe next one.";
        assert!(found(text).is_empty());
    }

    #[test]
    fn french_continuation_with_closing_guillemet() {
        let text = "\u{AB}\u{A0}Premier paragraphe.\n\n\u{BB}\u{A0}Suite du discours.\u{A0}\u{BB}";
        let q = find_quotes(text);
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].paragraph_continuation_of, Some(0));
        assert_eq!(q[1].content.slice(text), Some("Suite du discours."));
    }

    #[test]
    fn scare_quotes_are_dropped() {
        assert!(found("The so-called “emergency plan” was late.").is_empty());
        assert!(found("The city’s new “smart” meters failed.").is_empty());
        assert!(found("They blamed a “configuration error” for it.").is_empty());
        assert!(found("Doe said the “savings” never existed.").is_empty());
    }

    #[test]
    fn attributed_short_quotes_are_kept() {
        assert_eq!(
            found("He called it “unacceptable” on Monday."),
            ["unacceptable"]
        );
        assert_eq!(found("“Never,” she said."), ["Never,"]);
        assert_eq!(found("“Anyone?”"), ["Anyone?"]);
        assert_eq!(found("“Reckless” said Jane Doe."), ["Reckless"]);
        assert_eq!(
            found("Doe warned that traffic would be “very difficult” for weeks."),
            ["very difficult"]
        );
        // Three words are never a scare quote.
        assert_eq!(found("a “wait and see” approach"), ["wait and see"]);
    }

    #[test]
    fn a_space_carrying_a_joiner_is_kept() {
        // Found by proptest: the space and the ZWJ are one cluster, which is visible.
        let text = "\u{201E} \u{200D}";
        let q = find_quotes(text);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].content.slice(text), Some(" \u{200D}"));
    }

    #[test]
    fn empty_and_blank_quotes_are_skipped() {
        assert!(found("“” and “  ” and \"\"").is_empty());
        assert!(found("").is_empty());
        assert!(found("“").is_empty());
    }

    #[test]
    fn reopened_curly_quote_drops_the_unclosed_one() {
        let text = "He said “this is broken and “this is fine,” she said.";
        assert_eq!(found(text), ["this is fine,"]);
    }
}
