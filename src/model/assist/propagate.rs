//! Entity propagation: other occurrences of a labelled string, and a gazetteer of
//! names labelled across a corpus.
//!
//! Matching rules shared by both:
//!
//! - **Whole words** means the match starts and ends on a Unicode word boundary
//!   (UAX #29), or before a possessive `'s`: `Doe` matches in `Doe's` and `(Doe)` but
//!   not in `Doerr`; `al-Haddad` matches as a whole.
//! - **Case-insensitive** matching compares the lower-case forms character by
//!   character (full Unicode lower-casing, so `ÉCOLE` matches `école`); it never
//!   changes the text, and the spans are those of the text as written.
//! - Matches never split a grapheme cluster (`e` is not found inside `é` written as
//!   `e` + combining accent), so every span passes
//!   [`check_span`](crate::model::text::check_span).
//! - Matches do not overlap each other.

use super::span;
use crate::model::offsets::{ByteOffset, Span};
use crate::model::text::is_grapheme_boundary;
use std::collections::{BTreeMap, HashMap};
use unicode_segmentation::UnicodeSegmentation;

/// The word boundaries of `text` (UAX #29), sorted, with `0` and `text.len()`.
fn word_bounds(text: &str) -> Vec<usize> {
    let mut b: Vec<usize> = text.split_word_bound_indices().map(|(i, _)| i).collect();
    b.push(text.len());
    if b.first() != Some(&0) {
        b.insert(0, 0);
    }
    b
}

fn is_bound(bounds: &[usize], at: usize) -> bool {
    bounds.binary_search(&at).is_ok()
}

/// The lower-case characters of `s`.
fn fold(s: &str) -> Vec<char> {
    s.chars().flat_map(char::to_lowercase).collect()
}

/// Where a match of `needle` (`folded` when case-insensitive) starting at `at` ends.
fn match_at(
    text: &str,
    at: usize,
    needle: &str,
    folded: &[char],
    case_sensitive: bool,
) -> Option<usize> {
    let rest = text.get(at..)?;
    if case_sensitive {
        return rest.starts_with(needle).then_some(at + needle.len());
    }
    let mut k = 0;
    for (i, c) in rest.char_indices() {
        if k == folded.len() {
            return Some(at + i);
        }
        for lc in c.to_lowercase() {
            if folded.get(k) != Some(&lc) {
                return None;
            }
            k += 1;
        }
    }
    (k == folded.len()).then_some(text.len())
}

/// One needle to look for.
struct Needle<'a> {
    text: &'a str,
    folded: Vec<char>,
}

/// Whether a word ends at `end`: a word boundary, or a possessive `'s` / `’s`
/// follows (UAX #29 keeps `Doe's` as one word).
fn ends_word(text: &str, bounds: &[usize], end: usize) -> bool {
    if is_bound(bounds, end) {
        return true;
    }
    let rest = text.get(end..).unwrap_or("");
    ["'s", "\u{2019}s"]
        .iter()
        .any(|p| rest.starts_with(p) && is_bound(bounds, end + p.len()))
}

/// Whether a match from `start` to `end` is acceptable.
fn acceptable(text: &str, bounds: Option<&[usize]>, start: usize, end: usize) -> bool {
    end > start
        && bounds.is_none_or(|b| is_bound(b, start) && ends_word(text, b, end))
        && is_grapheme_boundary(text, ByteOffset(start))
        && is_grapheme_boundary(text, ByteOffset(end))
}

/// All non-overlapping matches of `needle`, left to right.
fn occurrences(
    text: &str,
    needle: &Needle,
    case_sensitive: bool,
    bounds: Option<&[usize]>,
) -> Vec<Span> {
    let mut out = Vec::new();
    if needle.text.is_empty() {
        return out;
    }
    let first_folded = needle.folded.first().copied();
    let first_char = needle.text.chars().next();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if at < from {
            continue;
        }
        let plausible = if case_sensitive {
            Some(c) == first_char
        } else {
            c.to_lowercase().next() == first_folded
        };
        if !plausible {
            continue;
        }
        if let Some(end) = match_at(text, at, needle.text, &needle.folded, case_sensitive) {
            if acceptable(text, bounds, at, end) {
                out.push(span(at, end));
                from = end;
            }
        }
    }
    out
}

/// The other occurrences of the text under `needle`, to label them the same way.
///
/// `whole_words`: only matches that start and end on word boundaries.
/// `case_sensitive`: `false` also matches other capitalisations. Matches that overlap
/// the needle itself or any span of `existing` (what is already labelled) are left
/// out, so accepting them all never creates overlapping mentions. An empty or invalid
/// needle gives nothing. Results are in text order; never panics.
pub fn propagate(
    text: &str,
    needle: Span,
    whole_words: bool,
    case_sensitive: bool,
    existing: &[Span],
) -> Vec<Span> {
    let Some(needle_text) = needle.slice(text).filter(|s| !s.trim().is_empty()) else {
        return Vec::new();
    };
    let bounds = whole_words.then(|| word_bounds(text));
    let n = Needle {
        text: needle_text,
        folded: fold(needle_text),
    };
    occurrences(text, &n, case_sensitive, bounds.as_deref())
        .into_iter()
        .filter(|s| !s.overlaps(needle) && !existing.iter().any(|e| e.overlaps(*s)))
        .collect()
}

/// Names labelled across a corpus, to suggest the same labels in other documents.
///
/// Built from (name, label name) pairs, e.g. the text of every PERSON and ORG mention
/// of a project. When a name was given several labels, the most frequent wins (ties:
/// the alphabetically first label). Matching is case-sensitive and on whole words
/// unless [`Gazetteer::case_insensitive`] is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gazetteer {
    /// name → label → how many times the pair was added.
    votes: BTreeMap<String, BTreeMap<String, usize>>,
    case_sensitive: bool,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::new()
    }
}

impl Gazetteer {
    /// An empty, case-sensitive gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer {
            votes: BTreeMap::new(),
            case_sensitive: true,
        }
    }

    /// A gazetteer of (name, label name) pairs.
    pub fn from_pairs<I, N, L>(pairs: I) -> Gazetteer
    where
        I: IntoIterator<Item = (N, L)>,
        N: AsRef<str>,
        L: AsRef<str>,
    {
        let mut g = Gazetteer::new();
        for (name, label) in pairs {
            g.add(name.as_ref(), label.as_ref());
        }
        g
    }

    /// Matches names whatever their capitalisation (`ACME` for `Acme`); names that
    /// differ only in case are then one entry, their votes added up.
    pub fn case_insensitive(mut self) -> Gazetteer {
        self.case_sensitive = false;
        self
    }

    /// Adds one labelled name. Leading and trailing whitespace is dropped; blank
    /// names and labels are ignored.
    pub fn add(&mut self, name: &str, label: &str) {
        let (name, label) = (name.trim(), label.trim());
        if name.is_empty() || label.is_empty() {
            return;
        }
        *self
            .votes
            .entry(name.to_owned())
            .or_default()
            .entry(label.to_owned())
            .or_default() += 1;
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.votes.len()
    }

    /// Whether no name was added.
    pub fn is_empty(&self) -> bool {
        self.votes.is_empty()
    }

    /// The label a name gets (exact name; see the type docs for ties).
    pub fn label(&self, name: &str) -> Option<&str> {
        winner(self.votes.get(name.trim())?)
    }

    /// (name, label) entries to match: per name, or per lower-cased name.
    fn entries(&self) -> Vec<(String, String)> {
        if self.case_sensitive {
            return self
                .votes
                .iter()
                .filter_map(|(n, v)| winner(v).map(|l| (n.clone(), l.to_owned())))
                .collect();
        }
        let mut merged: BTreeMap<String, (String, BTreeMap<String, usize>)> = BTreeMap::new();
        for (name, votes) in &self.votes {
            let entry = merged
                .entry(name.to_lowercase())
                .or_insert_with(|| (name.clone(), BTreeMap::new()));
            for (label, n) in votes {
                *entry.1.entry(label.clone()).or_default() += n;
            }
        }
        merged
            .into_values()
            .filter_map(|(n, v)| winner(&v).map(|l| (n, l.to_owned())))
            .collect()
    }

    /// The names of the gazetteer found in `text`, on whole words, with their labels.
    ///
    /// Longest match first: all matches are collected, then taken from the longest
    /// down, skipping any that overlaps one already taken (`Bank of Eastland` wins over
    /// `Eastland`). Results are in text order and never overlap; never panics.
    pub fn suggest(&self, text: &str) -> Vec<(Span, String)> {
        self.suggest_excluding(text, &[])
    }

    /// Like [`Gazetteer::suggest`], leaving out matches that overlap `existing` spans
    /// (what is already labelled).
    pub fn suggest_excluding(&self, text: &str, existing: &[Span]) -> Vec<(Span, String)> {
        let key = |s: &str| {
            let first = s.split_word_bounds().next().unwrap_or("");
            if self.case_sensitive {
                first.to_owned()
            } else {
                first.to_lowercase()
            }
        };
        let mut index: HashMap<String, Vec<(String, Vec<char>, String)>> = HashMap::new();
        for (name, label) in self.entries() {
            let folded = fold(&name);
            index
                .entry(key(&name))
                .or_default()
                .push((name, folded, label));
        }
        if index.is_empty() {
            return Vec::new();
        }
        let bounds = word_bounds(text);
        let mut matches: Vec<(Span, String)> = Vec::new();
        for (at, segment) in text.split_word_bound_indices() {
            let Some(cands) = index.get(&key(segment)) else {
                continue;
            };
            for (name, folded, label) in cands {
                let Some(end) = match_at(text, at, name, folded, self.case_sensitive) else {
                    continue;
                };
                let s = span(at, end);
                if acceptable(text, Some(&bounds), at, end)
                    && !existing.iter().any(|e| e.overlaps(s))
                {
                    matches.push((s, label.clone()));
                }
            }
        }
        matches.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then(a.0.start.cmp(&b.0.start))
                .then(a.1.cmp(&b.1))
        });
        let mut taken: Vec<(Span, String)> = Vec::new();
        for (s, label) in matches {
            if !taken.iter().any(|(t, _)| t.overlaps(s)) {
                taken.push((s, label));
            }
        }
        taken.sort_by_key(|(s, _)| s.start);
        taken
    }
}

/// The label with the most votes (ties: alphabetically first).
fn winner(votes: &BTreeMap<String, usize>) -> Option<&str> {
    votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(l, _)| l.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, spans: &[Span]) -> Vec<String> {
        spans
            .iter()
            .map(|s| format!("{}@{}", s.slice(text).unwrap(), s.start.0))
            .collect()
    }

    fn at(text: &str, needle: &str) -> Span {
        let i = text.find(needle).unwrap();
        span(i, i + needle.len())
    }

    #[test]
    fn whole_words_and_case() {
        let text = "Doe met Doerr. doe's DOE (Doe) Doe";
        let needle = at(text, "Doe");
        assert_eq!(
            texts(text, &propagate(text, needle, true, true, &[])),
            ["Doe@26", "Doe@31"]
        );
        assert_eq!(
            texts(text, &propagate(text, needle, true, false, &[])),
            ["doe@15", "DOE@21", "Doe@26", "Doe@31"]
        );
        assert_eq!(propagate(text, needle, false, true, &[]).len(), 3);
    }

    #[test]
    fn existing_spans_are_skipped() {
        let text = "Jane Doe and Doe and Doe";
        let needle = span(13, 16);
        let existing = [span(0, 8), span(21, 24)];
        assert!(propagate(text, needle, true, true, &existing).is_empty());
    }

    #[test]
    fn unicode_folding_and_clusters() {
        let text = "École, ÉCOLE, école, e\u{301}cole";
        let needle = at(text, "École");
        assert_eq!(propagate(text, needle, true, false, &[]).len(), 2);
        let text = "cafe\u{301} and cafe";
        // "cafe" inside "café" (combining accent) would split a cluster.
        let got = propagate(text, span(text.len() - 4, text.len()), false, true, &[]);
        assert!(got.is_empty());
    }

    #[test]
    fn odd_needles() {
        let text = "a\r\nb a\r\nb";
        assert_eq!(propagate(text, span(0, 4), true, true, &[]), [span(5, 9)]);
        assert!(propagate(text, span(0, 99), true, true, &[]).is_empty());
        assert!(propagate(text, span(1, 1), true, true, &[]).is_empty());
        assert!(propagate("👍🏽 👍🏽", span(0, 8), true, true, &[]).len() == 1);
    }

    #[test]
    fn gazetteer_longest_first_and_votes() {
        let g = Gazetteer::from_pairs([
            ("Bank of Eastland", "ORG"),
            ("Eastland", "LOC"),
            ("Eastland", "LOC"),
            ("Eastland", "ORG"),
            ("Doe", "PERSON"),
        ]);
        assert_eq!(g.len(), 3);
        assert_eq!(g.label("Eastland"), Some("LOC"));
        let text = "The Bank of Eastland, in Eastland, hired Doe. Doerr left.";
        let got: Vec<(String, String)> = g
            .suggest(text)
            .into_iter()
            .map(|(s, l)| (s.slice(text).unwrap().to_owned(), l))
            .collect();
        assert_eq!(
            got,
            [
                ("Bank of Eastland".to_owned(), "ORG".to_owned()),
                ("Eastland".to_owned(), "LOC".to_owned()),
                ("Doe".to_owned(), "PERSON".to_owned()),
            ]
        );
    }

    #[test]
    fn gazetteer_case_and_exclusions() {
        let g = Gazetteer::from_pairs([("Acme", "ORG"), ("acme", "MISC"), ("ACME", "ORG")]);
        assert_eq!(g.len(), 3);
        let text = "ACME and Acme";
        assert_eq!(g.suggest(text).len(), 2);
        let g = g.case_insensitive();
        let got = g.suggest(text);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|(_, l)| l == "ORG"));
        assert_eq!(g.suggest_excluding(text, &[span(0, 4)]).len(), 1);
        assert!(Gazetteer::new().suggest(text).is_empty());
        assert!(Gazetteer::from_pairs([(" ", "X"), ("Y", "")]).is_empty());
    }
}
