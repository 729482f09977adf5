//! Grapheme boundaries, selection snapping, paragraphs and chunks.
//!
//! # Invariants
//!
//! - A span stored in the model starts and ends on an *extended grapheme
//!   cluster* boundary (Unicode UAX #29): never between a letter and its
//!   combining accent, inside a flag or an emoji joined by zero-width joiners,
//!   or between the CR and the LF of a CR LF line break. [`check_span`]
//!   verifies this; [`floor_grapheme`] and [`ceil_grapheme`] move an offset to
//!   the nearest boundary.
//! - Every function here takes untrusted offsets: out-of-range, reversed or
//!   mid-character offsets are clamped, reported or ignored as documented,
//!   never a panic.
//! - Everything that produces spans ([`snap_selection`], [`snap_quote`],
//!   [`paragraphs`], [`chunks`]) only produces spans that pass [`check_span`];
//!   the snapping functions never produce an empty span.
//! - The text is never normalised: CR LF stays CR LF and offsets are byte
//!   offsets into the text exactly as stored.

use super::offsets::{ByteOffset, OffsetError, Span, Unit};
use serde::{Deserialize, Serialize};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// Whether `at` is an extended grapheme cluster boundary of `text`.
///
/// `false` when `at` is past the end or not on a character boundary; `0` and
/// `text.len()` are always boundaries. Looks only at the characters around
/// `at` (plus, for runs of flags or emoji sequences, back to their start).
pub fn is_grapheme_boundary(text: &str, at: ByteOffset) -> bool {
    let at = at.0;
    if at > text.len() || !text.is_char_boundary(at) {
        return false;
    }
    if at == 0 || at == text.len() {
        return true;
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.is_boundary(text, 0) {
        Ok(answer) => answer,
        // With the whole text as the only chunk the cursor never asks for
        // more; fall back to a full scan rather than trusting a guess.
        Err(_) => text.grapheme_indices(true).any(|(i, _)| i == at),
    }
}

/// Checks that `span` is a valid span of `text` for storing in the model.
///
/// In this order: [`OffsetError::Reversed`] if it ends before it starts,
/// [`OffsetError::PastEnd`] if it reaches past the end (unit bytes),
/// [`OffsetError::InsideCharacter`] if an end is inside a UTF-8 sequence, and
/// [`OffsetError::NotGraphemeBoundary`] if an end splits a grapheme cluster.
/// Empty spans are accepted when their offset is valid.
pub fn check_span(text: &str, span: Span) -> Result<(), OffsetError> {
    let (start, end) = (span.start.0, span.end.0);
    if start > end {
        return Err(OffsetError::Reversed { start, end });
    }
    for offset in [start, end] {
        if offset > text.len() {
            return Err(OffsetError::PastEnd {
                offset,
                len: text.len(),
                unit: Unit::Bytes,
            });
        }
    }
    for offset in [start, end] {
        if !text.is_char_boundary(offset) {
            return Err(OffsetError::InsideCharacter {
                offset,
                unit: Unit::Bytes,
            });
        }
    }
    for offset in [start, end] {
        if !is_grapheme_boundary(text, ByteOffset(offset)) {
            return Err(OffsetError::NotGraphemeBoundary { offset });
        }
    }
    Ok(())
}

/// Largest character boundary `<= at`, after clamping `at` to the text.
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Smallest character boundary `>= at`, after clamping `at` to the text.
fn ceil_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The nearest grapheme boundary at or before `at` (clamped to the text length).
pub fn floor_grapheme(text: &str, at: ByteOffset) -> ByteOffset {
    let at = floor_char(text, at.0);
    if is_grapheme_boundary(text, ByteOffset(at)) {
        return ByteOffset(at);
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.prev_boundary(text, 0) {
        Ok(Some(found)) => ByteOffset(found),
        Ok(None) => ByteOffset(0),
        Err(_) => ByteOffset(
            text.grapheme_indices(true)
                .map(|(i, _)| i)
                .take_while(|&i| i <= at)
                .last()
                .unwrap_or(0),
        ),
    }
}

/// The nearest grapheme boundary at or after `at` (clamped to the text length).
pub fn ceil_grapheme(text: &str, at: ByteOffset) -> ByteOffset {
    let at = ceil_char(text, at.0);
    if is_grapheme_boundary(text, ByteOffset(at)) {
        return ByteOffset(at);
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    match cursor.next_boundary(text, 0) {
        Ok(Some(found)) => ByteOffset(found),
        Ok(None) => ByteOffset(text.len()),
        Err(_) => ByteOffset(
            text.grapheme_indices(true)
                .map(|(i, _)| i)
                .find(|&i| i >= at)
                .unwrap_or(text.len()),
        ),
    }
}

/// How a raw selection is cleaned up by [`snap_selection`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SnapMode {
    /// Whole words: ends inside a word move out to the word's edges, then
    /// whitespace and punctuation at the edges are dropped.
    #[default]
    Word,
    /// Whole grapheme clusters: ends move out to the nearest cluster
    /// boundary, then whitespace at the edges is dropped.
    Grapheme,
}

/// Punctuation dropped at the edges of a word-snapped selection.
///
/// Common Unicode punctuation (quotes, brackets, dashes, full stops, commas,
/// CJK and Arabic punctuation, …) and invisible format characters (zero-width
/// space, word joiner, byte order mark, soft hyphen). Deliberately kept,
/// because they belong to what they are attached to: `# % & @ ‰ ‱` and symbols
/// such as `$ € + < = >`.
fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '\''
            | '('
            | ')'
            | '*'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '['
            | '\\'
            | ']'
            | '_'
            | '{'
            | '}'
            | '\u{A1}'
            | '\u{A7}'
            | '\u{AB}'
            | '\u{AD}'
            | '\u{B6}'
            | '\u{B7}'
            | '\u{BB}'
            | '\u{BF}'
            | '\u{37E}'
            | '\u{387}'
            | '\u{55A}'..='\u{55F}'
            | '\u{589}'
            | '\u{58A}'
            | '\u{5BE}'
            | '\u{5C0}'
            | '\u{5C3}'
            | '\u{5C6}'
            | '\u{5F3}'
            | '\u{5F4}'
            | '\u{60C}'
            | '\u{60D}'
            | '\u{61B}'
            | '\u{61D}'..='\u{61F}'
            | '\u{66B}'..='\u{66D}'
            | '\u{6D4}'
            | '\u{964}'
            | '\u{965}'
            | '\u{E4F}'
            | '\u{E5A}'
            | '\u{E5B}'
            | '\u{200B}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2032}'..='\u{2043}'
            | '\u{2045}'..='\u{2051}'
            | '\u{2053}'..='\u{205E}'
            | '\u{2060}'
            | '\u{2E00}'..='\u{2E4F}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{30A0}'
            | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FE50}'..='\u{FE61}'
            | '\u{FE63}'
            | '\u{FE68}'
            | '\u{FEFF}'
            | '\u{FF01}'..='\u{FF03}'
            | '\u{FF07}'..='\u{FF0A}'
            | '\u{FF0C}'..='\u{FF0F}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF1F}'
            | '\u{FF3B}'..='\u{FF3D}'
            | '\u{FF3F}'
            | '\u{FF5B}'
            | '\u{FF5D}'
            | '\u{FF5F}'..='\u{FF65}'
    )
}

/// A grapheme cluster that is whitespace: its first or its last character is
/// whitespace (the last one matters for a prefix mark followed by a space,
/// which Unicode keeps in one cluster).
fn is_space_cluster(cluster: &str) -> bool {
    cluster.chars().next().is_some_and(char::is_whitespace)
        || cluster.chars().next_back().is_some_and(char::is_whitespace)
}

/// A grapheme cluster made only of whitespace.
fn is_blank_cluster(cluster: &str) -> bool {
    cluster.chars().all(char::is_whitespace)
}

/// A grapheme cluster dropped at the edges in word mode: whitespace, or a
/// cluster whose base character is punctuation.
fn is_space_or_punctuation_cluster(cluster: &str) -> bool {
    is_space_cluster(cluster) || cluster.chars().next().is_some_and(is_edge_punctuation)
}

/// Drops whole grapheme clusters matching `drop` from both ends of
/// `start..end` (both grapheme boundaries). `None` if nothing is left.
fn trim_clusters(
    text: &str,
    mut start: usize,
    mut end: usize,
    drop: fn(&str) -> bool,
) -> Option<Span> {
    while start < end {
        let next = ceil_grapheme(text, ByteOffset(start + 1)).0.min(end);
        match text.get(start..next) {
            Some(cluster) if drop(cluster) => start = next,
            _ => break,
        }
    }
    while start < end {
        let prev = floor_grapheme(text, ByteOffset(end - 1)).0.max(start);
        match text.get(prev..end) {
            Some(cluster) if drop(cluster) => end = prev,
            _ => break,
        }
    }
    (start < end).then_some(Span {
        start: ByteOffset(start),
        end: ByteOffset(end),
    })
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Moves `start` and `end` (grapheme boundaries) outward when they fall
/// strictly inside a word (a Unicode word-boundary segment containing a
/// letter or digit).
///
/// Word boundaries always fall on both sides of a line break, so segmenting
/// only the lines around the selection gives the same boundaries as
/// segmenting the whole text.
fn expand_to_words(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return (start, end);
    };
    let window_start = before.rfind(is_line_break).map_or(0, |i| i + 1);
    let window_end = after.find(is_line_break).map_or(text.len(), |i| end + i);
    let Some(window) = text.get(window_start..window_end) else {
        return (start, end);
    };
    let (mut new_start, mut new_end) = (start, end);
    for (i, segment) in window.split_word_bound_indices() {
        let seg_start = window_start + i;
        let seg_end = seg_start + segment.len();
        if seg_start >= end {
            break;
        }
        if !segment.chars().any(char::is_alphanumeric) {
            continue;
        }
        if seg_start < start && start < seg_end {
            new_start = seg_start;
        }
        if seg_start < end && end < seg_end {
            new_end = seg_end;
        }
    }
    (new_start, new_end)
}

/// Turns a raw selection into a clean span, or `None` if nothing is left.
///
/// The raw span may be anything: reversed (the ends are swapped), past the
/// end of the text (clamped), inside characters or grapheme clusters. An
/// empty raw selection (a caret, after clamping) gives `None`.
///
/// - [`SnapMode::Word`]: an end that falls inside a word moves out to the
///   edge of that word (Unicode word boundaries, so `don't`, `U.S` and `3.5`
///   are single words; `well-known` is three segments but a selection inside
///   it keeps its inner hyphen). Then whitespace and punctuation are dropped
///   at both edges, whole grapheme clusters at a time, while punctuation
///   inside is kept. So selecting `rump,` in `Mr Trump, 70` gives `Trump`,
///   and `U.S.` gives `U.S` (the final full stop is treated as sentence
///   punctuation).
/// - [`SnapMode::Grapheme`]: the ends move out to the nearest grapheme
///   cluster boundaries, then whitespace is dropped at both edges.
///
/// The result is never empty, lies within the text and passes [`check_span`].
/// In word mode it neither starts nor ends with whitespace or punctuation.
pub fn snap_selection(text: &str, raw: Span, mode: SnapMode) -> Option<Span> {
    let (a, b) = if raw.start <= raw.end {
        (raw.start.0, raw.end.0)
    } else {
        (raw.end.0, raw.start.0)
    };
    let (a, b) = (a.min(text.len()), b.min(text.len()));
    if a == b {
        return None;
    }
    let start = floor_grapheme(text, ByteOffset(a)).0;
    let end = ceil_grapheme(text, ByteOffset(b)).0;
    match mode {
        SnapMode::Grapheme => trim_clusters(text, start, end, is_space_cluster),
        SnapMode::Word => {
            let (start, end) = expand_to_words(text, start, end);
            // Word boundaries are nearly always grapheme boundaries; make sure.
            let start = floor_grapheme(text, ByteOffset(start)).0;
            let end = ceil_grapheme(text, ByteOffset(end)).0;
            trim_clusters(text, start, end, is_space_or_punctuation_cluster)
        }
    }
}

/// The closing marks that end a quotation opened by `open`, or `None` if
/// `open` cannot open one.
fn closers_of(open: char) -> Option<&'static [char]> {
    Some(match open {
        '\u{201C}' => &['\u{201D}'],             // “ … ”
        '\u{201E}' => &['\u{201C}', '\u{201D}'], // „ … “ (German) or „ … ” (Polish)
        '\u{201F}' => &['\u{201D}'],             // ‟ … ”
        '\u{AB}' => &['\u{BB}'],                 // « … »
        '\u{BB}' => &['\u{AB}'],                 // » … « (German, Danish)
        '\u{2039}' => &['\u{203A}'],             // ‹ … ›
        '\u{203A}' => &['\u{2039}'],             // › … ‹
        '\u{2018}' => &['\u{2019}'],             // ‘ … ’
        '\u{201A}' => &['\u{2018}', '\u{2019}'], // ‚ … ‘
        '"' => &['"'],
        '\'' => &['\''],
        '\u{300C}' => &['\u{300D}'], // 「 … 」
        '\u{300E}' => &['\u{300F}'], // 『 … 』
        _ => return None,
    })
}

/// Marks that double as apostrophes (`don't`, `l’homme`).
fn is_apostrophe_like(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

/// The quotations in `text[within]`, as the byte ranges strictly between
/// their marks, in the order they close.
///
/// Marks are paired with a stack, so nested quotations pair correctly. A
/// single quote or apostrophe between two letters or digits is an apostrophe,
/// not a mark; a single quote closes only when not followed by a letter or
/// digit and opens only when not preceded by one.
fn quotations(text: &str, within: Span) -> Vec<(usize, usize)> {
    let Some(part) = within.slice(text) else {
        return Vec::new();
    };
    let chars: Vec<(usize, char)> = part
        .char_indices()
        .map(|(i, c)| (within.start.0 + i, c))
        .collect();
    let mut open: Vec<(char, usize)> = Vec::new(); // (mark, byte after the mark)
    let mut found = Vec::new();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev_alnum = k
            .checked_sub(1)
            .and_then(|j| chars.get(j))
            .is_some_and(|&(_, p)| p.is_alphanumeric());
        let next_alnum = chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if is_apostrophe_like(c) && prev_alnum && next_alnum {
            continue;
        }
        let may_close = !(is_apostrophe_like(c) && next_alnum);
        let closes = may_close
            .then(|| {
                open.iter()
                    .rposition(|&(mark, _)| closers_of(mark).is_some_and(|cs| cs.contains(&c)))
            })
            .flatten();
        if let Some(level) = closes {
            if let Some(&(_, inner_start)) = open.get(level) {
                found.push((inner_start, at));
            }
            open.truncate(level);
        } else if closers_of(c).is_some() && !(is_apostrophe_like(c) && prev_alnum) {
            open.push((c, at + c.len_utf8()));
        }
    }
    found
}

/// Snaps a selection for a quote: the text between the enclosing quotation
/// marks, marks excluded.
///
/// The selection is first snapped with [`SnapMode::Word`] (which drops marks
/// at its edges). If it then lies inside a quotation within one paragraph
/// (see [`paragraphs`]), the result is the whole inside of the innermost
/// such quotation, trimmed of whitespace (punctuation inside the marks, such
/// as a final comma, is kept). Recognised marks: `“ ” „ ‟ « » ‹ › " ' ‘ ’ ‚
/// 「 」 『 』`, paired as in English, German, French and CJK typography.
/// Otherwise the word-snapped selection is returned.
///
/// `None` when word snapping leaves nothing; never an empty span.
pub fn snap_quote(text: &str, raw: Span) -> Option<Span> {
    let selection = snap_selection(text, raw, SnapMode::Word)?;
    let Some(paragraph) = paragraphs(text)
        .into_iter()
        .find(|p| p.contains_span(selection))
    else {
        return Some(selection);
    };
    let innermost = quotations(text, paragraph)
        .into_iter()
        .filter(|&(inner_start, inner_end)| {
            inner_start <= selection.start.0 && selection.end.0 <= inner_end
        })
        .max_by_key(|&(inner_start, _)| inner_start);
    let Some((inner_start, inner_end)) = innermost else {
        return Some(selection);
    };
    let start = ceil_grapheme(text, ByteOffset(inner_start)).0;
    let end = floor_grapheme(text, ByteOffset(inner_end)).0;
    match trim_clusters(text, start, end, is_space_cluster) {
        Some(inside) if inside.contains_span(selection) => Some(inside),
        _ => Some(selection),
    }
}

/// The paragraphs of `text`: the non-blank stretches between blank lines.
///
/// A line ends at `\n`, `\r\n` or `\r`; a line is blank when it holds only
/// whitespace. Each paragraph runs from its first to its last non-blank line
/// and is trimmed of whitespace at both ends (including indentation of its
/// first line and trailing spaces of its last), whole grapheme clusters at a
/// time: a cluster that mixes whitespace with something else (a prefix mark
/// followed by a space, a space carrying a combining accent) is kept, so no
/// visible character is ever left out. Single line breaks inside a
/// paragraph are kept. Separators are not included.
///
/// The spans are non-empty, in increasing order, do not overlap, lie on
/// grapheme boundaries, and together with the gaps between them tile the
/// text; the gaps hold only whitespace.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut found = Vec::new();
    let mut current: Option<(usize, usize)> = None; // (start of first line, end of last line)
    let mut line_start = 0;
    loop {
        let rest = text.get(line_start..).unwrap_or("");
        let line_len = rest.find(is_line_break).unwrap_or(rest.len());
        let line_end = line_start + line_len;
        let break_len = if rest[line_len..].starts_with("\r\n") {
            2
        } else if line_end < text.len() {
            1
        } else {
            0
        };
        let line = &rest[..line_len];
        if line.chars().all(char::is_whitespace) {
            if let Some((start, end)) = current.take() {
                found.extend(trim_clusters(text, start, end, is_blank_cluster));
            }
        } else {
            let start = current.map_or(line_start, |(start, _)| start);
            current = Some((start, line_end));
        }
        if break_len == 0 {
            break;
        }
        line_start = line_end + break_len;
    }
    if let Some((start, end)) = current {
        found.extend(trim_clusters(text, start, end, is_blank_cluster));
    }
    found
}

/// Cuts `span` into consecutive chunks of at most about `max_bytes` bytes.
///
/// Cuts fall only on grapheme boundaries, preferably just after whitespace in
/// the second half of a chunk. The chunks tile the span exactly (the first
/// starts at `span.start`, each starts where the previous ends, the last ends
/// at `span.end`) and none is empty. A chunk is longer than `max_bytes` only
/// when it is a single grapheme cluster longer than that. A `max_bytes` of 0
/// counts as 1.
///
/// An empty span, or one that is reversed, past the end of the text or not on
/// character boundaries, gives no chunks.
pub fn chunks(text: &str, span: Span, max_bytes: usize) -> Vec<Span> {
    let (start, end) = (span.start.0, span.end.0);
    if start >= end || span.slice(text).is_none() {
        return Vec::new();
    }
    let max = max_bytes.max(1);
    let mut found = Vec::with_capacity((end - start) / max + 1);
    let mut pos = start;
    while end - pos > max {
        let limit = pos + max;
        let mut cut = floor_grapheme(text, ByteOffset(limit)).0;
        if cut <= pos {
            // A single cluster longer than the limit: it becomes one chunk.
            cut = ceil_grapheme(text, ByteOffset(pos + 1)).0;
        } else {
            // Look for whitespace in the second half of the chunk only.
            let earliest = ceil_char(text, pos + max / 2);
            let last_space = text
                .get(earliest..cut)
                .and_then(|window| {
                    window
                        .char_indices()
                        .rev()
                        .find(|&(_, c)| c.is_whitespace())
                        .map(|(i, c)| earliest + i + c.len_utf8())
                })
                .filter(|&after| after > pos && is_grapheme_boundary(text, ByteOffset(after)));
            if let Some(after) = last_space {
                cut = after;
            }
        }
        if cut >= end {
            break;
        }
        found.push(Span {
            start: ByteOffset(pos),
            end: ByteOffset(cut),
        });
        pos = cut;
    }
    found.push(Span {
        start: ByteOffset(pos),
        end: ByteOffset(end),
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Span {
        Span {
            start: ByteOffset(start),
            end: ByteOffset(end),
        }
    }

    fn snapped(text: &str, raw: Span, mode: SnapMode) -> Option<&str> {
        let s = snap_selection(text, raw, mode)?;
        assert_eq!(check_span(text, s), Ok(()));
        s.slice(text)
    }

    /// The raw span covering the first occurrence of `needle`.
    fn find(text: &str, needle: &str) -> Span {
        let start = text.find(needle).expect("needle in test text");
        span(start, start + needle.len())
    }

    fn quote(text: &str, raw: Span) -> Option<&str> {
        let s = snap_quote(text, raw)?;
        assert_eq!(check_span(text, s), Ok(()));
        s.slice(text)
    }

    const E_ACUTE: &str = "e\u{301}"; // e + combining acute accent
    const FLAG_FR: &str = "\u{1F1EB}\u{1F1F7}";
    const FAMILY: &str = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}";

    #[test]
    fn boundaries_inside_clusters() {
        let text = format!("caf{E_ACUTE}!");
        assert!(is_grapheme_boundary(&text, ByteOffset(3)));
        assert!(!is_grapheme_boundary(&text, ByteOffset(4))); // between e and U+0301
        assert!(!is_grapheme_boundary(&text, ByteOffset(5))); // inside U+0301
        assert!(is_grapheme_boundary(&text, ByteOffset(6)));
        assert!(is_grapheme_boundary(&text, ByteOffset(text.len())));
        assert!(!is_grapheme_boundary(&text, ByteOffset(text.len() + 1)));

        let flags = format!("{FLAG_FR}{FLAG_FR}");
        assert!(!is_grapheme_boundary(&flags, ByteOffset(4)));
        assert!(is_grapheme_boundary(&flags, ByteOffset(8)));
        assert!(!is_grapheme_boundary(&flags, ByteOffset(12)));

        let family = format!("a{FAMILY}b");
        for i in 2..1 + FAMILY.len() {
            assert!(!is_grapheme_boundary(&family, ByteOffset(i)), "{i}");
        }
        assert!(is_grapheme_boundary(&family, ByteOffset(1 + FAMILY.len())));

        let crlf = "a\r\nb";
        assert!(is_grapheme_boundary(crlf, ByteOffset(1)));
        assert!(!is_grapheme_boundary(crlf, ByteOffset(2)));
        assert!(is_grapheme_boundary(crlf, ByteOffset(3)));
    }

    #[test]
    fn floor_and_ceil() {
        let text = format!("x{E_ACUTE}{FLAG_FR}y");
        // x=0, e=1, U+0301=2..4, flag=4..12, y=12
        assert_eq!(floor_grapheme(&text, ByteOffset(2)), ByteOffset(1));
        assert_eq!(ceil_grapheme(&text, ByteOffset(2)), ByteOffset(4));
        assert_eq!(floor_grapheme(&text, ByteOffset(3)), ByteOffset(1));
        assert_eq!(floor_grapheme(&text, ByteOffset(9)), ByteOffset(4));
        assert_eq!(ceil_grapheme(&text, ByteOffset(5)), ByteOffset(12));
        assert_eq!(ceil_grapheme(&text, ByteOffset(12)), ByteOffset(12));
        assert_eq!(floor_grapheme(&text, ByteOffset(999)), ByteOffset(13));
        assert_eq!(ceil_grapheme(&text, ByteOffset(999)), ByteOffset(13));
        assert_eq!(floor_grapheme("", ByteOffset(3)), ByteOffset(0));
    }

    #[test]
    fn check_span_errors() {
        let text = format!("{E_ACUTE}\u{E9}\r\n");
        assert_eq!(check_span(&text, span(0, 3)), Ok(()));
        assert_eq!(check_span(&text, span(3, 3)), Ok(()));
        assert_eq!(
            check_span(&text, span(4, 2)),
            Err(OffsetError::Reversed { start: 4, end: 2 })
        );
        assert_eq!(
            check_span(&text, span(0, 99)),
            Err(OffsetError::PastEnd {
                offset: 99,
                len: text.len(),
                unit: Unit::Bytes
            })
        );
        assert_eq!(
            check_span(&text, span(0, 4)),
            Err(OffsetError::InsideCharacter {
                offset: 4,
                unit: Unit::Bytes
            })
        );
        assert_eq!(
            check_span(&text, span(1, 3)),
            Err(OffsetError::NotGraphemeBoundary { offset: 1 })
        );
        assert_eq!(
            check_span(&text, span(0, 6)),
            Err(OffsetError::NotGraphemeBoundary { offset: 6 })
        );
        assert_eq!(check_span(&text, span(0, 7)), Ok(()));
    }

    #[test]
    fn word_snapping() {
        let text = "Mr Trump, 70, said: \"we're fine\" (really).";
        assert_eq!(
            snapped(text, find(text, "rump,"), SnapMode::Word),
            Some("Trump")
        );
        assert_eq!(
            snapped(text, find(text, "r Tr"), SnapMode::Word),
            Some("Mr Trump")
        );
        assert_eq!(
            snapped(text, find(text, " Trump, "), SnapMode::Word),
            Some("Trump")
        );
        assert_eq!(
            snapped(text, find(text, "e're f"), SnapMode::Word),
            Some("we're fine")
        );
        assert_eq!(
            snapped(text, find(text, "(really)."), SnapMode::Word),
            Some("really")
        );
        assert_eq!(snapped(text, find(text, ", "), SnapMode::Word), None);
        assert_eq!(snapped(text, find(text, "\" ("), SnapMode::Word), None);
        // Reversed and out-of-range raw spans.
        let r = find(text, "rump");
        assert_eq!(
            snapped(text, span(r.end.0, r.start.0), SnapMode::Word),
            Some("Trump")
        );
        assert_eq!(
            snapped(text, span(text.len() - 3, usize::MAX), SnapMode::Word),
            Some("really")
        );
        assert_eq!(snapped(text, span(500, 600), SnapMode::Word), None);
        assert_eq!(snapped(text, span(4, 4), SnapMode::Word), None);
    }

    #[test]
    fn word_snapping_keeps_inner_punctuation() {
        let text = "the U.S. and well-known facts, 3.5% up.";
        assert_eq!(snapped(text, find(text, ".S"), SnapMode::Word), Some("U.S"));
        assert_eq!(
            snapped(text, find(text, "ll-kn"), SnapMode::Word),
            Some("well-known")
        );
        assert_eq!(snapped(text, find(text, ".5"), SnapMode::Word), Some("3.5"));
        assert_eq!(
            snapped(text, find(text, ".5% u"), SnapMode::Word),
            Some("3.5% up")
        );
    }

    #[test]
    fn word_snapping_never_splits_clusters() {
        let text = format!("un caf{E_ACUTE} cr{E_ACUTE}me, {FLAG_FR} {FAMILY}!");
        let e = text.find('\u{301}').unwrap();
        // Selecting up to the middle of é: the whole word.
        assert_eq!(
            snapped(&text, span(3, e), SnapMode::Word),
            Some(&text[3..e + 2])
        );
        assert_eq!(
            snapped(&text, span(e, e + 1), SnapMode::Grapheme),
            Some(&text[e - 1..e + 2])
        );
        let flag = text.find(FLAG_FR).unwrap();
        assert_eq!(
            snapped(&text, span(flag + 4, flag + 5), SnapMode::Word),
            Some(FLAG_FR)
        );
        let fam = text.find(FAMILY).unwrap();
        assert_eq!(
            snapped(&text, span(fam + 5, fam + 9), SnapMode::Grapheme),
            Some(FAMILY)
        );
        assert_eq!(
            snapped(&text, span(fam - 1, text.len()), SnapMode::Word),
            Some(FAMILY)
        );
    }

    #[test]
    fn crlf_is_never_split() {
        let text = "one\r\ntwo";
        assert_eq!(snapped(text, span(4, 6), SnapMode::Grapheme), Some("t"));
        assert_eq!(snapped(text, span(2, 4), SnapMode::Word), Some("one"));
        assert_eq!(snapped(text, span(4, 5), SnapMode::Word), None);
    }

    #[test]
    fn arabic_and_cjk() {
        let arabic = "\u{642}\u{627}\u{644} \u{627}\u{644}\u{631}\u{626}\u{64A}\u{633}\u{60C} \u{625}\u{646}";
        // Part of the second word, including the Arabic comma after it.
        let word = "\u{627}\u{644}\u{631}\u{626}\u{64A}\u{633}";
        let start = arabic.find(word).unwrap();
        let raw = span(start + 4, start + word.len() + 2);
        assert_eq!(snapped(arabic, raw, SnapMode::Word), Some(word));

        let cjk = "\u{5B98}\u{5458}\u{8868}\u{793A}\u{3002}\u{300C}\u{597D}\u{300D}";
        // "表示。" → "表示" (each ideograph is its own word; the full stop goes).
        let s = cjk.find('\u{8868}').unwrap();
        assert_eq!(
            snapped(cjk, span(s, s + 9), SnapMode::Word),
            Some("\u{8868}\u{793A}")
        );
    }

    #[test]
    fn grapheme_mode_trims_only_whitespace() {
        let text = "  (hello),  ";
        assert_eq!(
            snapped(text, span(0, text.len()), SnapMode::Grapheme),
            Some("(hello),")
        );
        assert_eq!(snapped(text, span(0, 2), SnapMode::Grapheme), None);
        assert_eq!(snapped(text, span(3, 5), SnapMode::Grapheme), Some("he"));
    }

    #[test]
    fn quotes_expand_to_the_inside() {
        let text = "He said: \u{201C}We will win, and soon,\u{201D} before leaving.";
        let inside = "We will win, and soon,";
        assert_eq!(quote(text, find(text, "win")), Some(inside));
        assert_eq!(quote(text, find(text, "ll wi")), Some(inside));
        // The marks themselves are dropped when selected.
        assert_eq!(
            quote(text, find(text, "\u{201C}We will win, and soon,\u{201D}")),
            Some(inside)
        );
        assert_eq!(quote(text, find(text, "\u{201C}We")), Some(inside));
        // A selection reaching outside the quotation stays word-snapped.
        assert_eq!(
            quote(text, find(text, "soon,\u{201D} bef")),
            Some("soon,\u{201D} before")
        );
        // No quotation around: plain word snapping.
        assert_eq!(quote(text, find(text, "aid")), Some("said"));
        assert_eq!(quote(text, find(text, "\u{201D} ")), None);
    }

    #[test]
    fn quotes_in_other_typographies() {
        let de = "Er sagte: \u{201E}Wir schaffen das\u{201C}.";
        assert_eq!(quote(de, find(de, "schaffen")), Some("Wir schaffen das"));
        let fr = "Il a dit\u{A0}: \u{AB}\u{A0}Nous gagnerons\u{A0}\u{BB}.";
        assert_eq!(quote(fr, find(fr, "gagn")), Some("Nous gagnerons"));
        let ja = "\u{5F7C}\u{306F}\u{300C}\u{306F}\u{3044}\u{300D}\u{3068}";
        let s = ja.find('\u{3044}').unwrap();
        assert_eq!(quote(ja, span(s, s + 3)), Some("\u{306F}\u{3044}"));
        let plain = "She said \"it isn't over\" and 'we can't stop' now";
        assert_eq!(quote(plain, find(plain, "isn")), Some("it isn't over"));
        assert_eq!(quote(plain, find(plain, "an't")), Some("we can't stop"));
    }

    #[test]
    fn nested_quotes_pick_the_innermost() {
        let text = "\u{201C}He told me \u{2018}never again\u{2019} and left,\u{201D} she said.";
        assert_eq!(quote(text, find(text, "never")), Some("never again"));
        assert_eq!(
            quote(text, find(text, "left")),
            Some("He told me \u{2018}never again\u{2019} and left,")
        );
        // Apostrophes are not marks.
        let text = "\u{201C}It\u{2019}s the economy,\u{201D} they\u{2019}re saying.";
        assert_eq!(
            quote(text, find(text, "econ")),
            Some("It\u{2019}s the economy,")
        );
    }

    #[test]
    fn quotes_stay_within_a_paragraph() {
        let text = "\u{201C}First paragraph.\n\nSecond\u{201D} one.";
        assert_eq!(quote(text, find(text, "Second")), Some("Second"));
        assert_eq!(quote(text, find(text, "First")), Some("First"));
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text =
            "\r\n  Title\r\n\r\nFirst line\r\nsecond line.  \r\n \t\r\n\r\nLast\rpara\r\rEnd\n\n";
        let got: Vec<&str> = paragraphs(text)
            .into_iter()
            .map(|s| s.slice(text).unwrap())
            .collect();
        assert_eq!(
            got,
            vec!["Title", "First line\r\nsecond line.", "Last\rpara", "End"]
        );
        assert!(paragraphs("").is_empty());
        assert!(paragraphs(" \n\r\n\t").is_empty());
        assert_eq!(paragraphs("one"), vec![span(0, 3)]);
    }

    #[test]
    fn chunks_tile_the_span() {
        let text = "The quick brown fox jumps over the lazy dog again and again.";
        let whole = span(0, text.len());
        let parts = chunks(text, whole, 16);
        assert_eq!(parts.first().unwrap().start, whole.start);
        assert_eq!(parts.last().unwrap().end, whole.end);
        for pair in parts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for p in &parts {
            assert!(p.len() <= 16);
        }
        // Cuts prefer whitespace: every chunk but the last ends after a space.
        for p in &parts[..parts.len() - 1] {
            assert!(p.slice(text).unwrap().ends_with(' '), "{:?}", p.slice(text));
        }
        assert_eq!(chunks(text, whole, 1000), vec![whole]);
        assert!(chunks(text, span(3, 3), 10).is_empty());
        assert!(chunks(text, span(3, 999), 10).is_empty());
        assert!(chunks(text, span(5, 3), 10).is_empty());
    }

    #[test]
    fn chunks_never_split_clusters() {
        let text = FAMILY.repeat(3);
        let parts = chunks(&text, span(0, text.len()), 4);
        assert_eq!(parts.len(), 3);
        for p in &parts {
            assert_eq!(p.slice(&text), Some(FAMILY));
        }
        let text = format!("{E_ACUTE}{E_ACUTE}{E_ACUTE}");
        let parts = chunks(&text, span(0, text.len()), 0);
        assert_eq!(parts.len(), 3);
    }
}

/// True if the word segment holds something a person would call a word (a letter or digit).
fn is_wordlike(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The first word that starts at or after `from` (for the keyboard word cursor).
/// `None` at the end of the text.
pub fn next_word(text: &str, from: ByteOffset) -> Option<Span> {
    let from = ceil_grapheme(text, from).0;
    // Segment from the start of the line: line breaks are always word boundaries.
    let line_start = text[..from].rfind('\n').map(|i| i + 1).unwrap_or(0);
    text[line_start..]
        .split_word_bound_indices()
        .map(|(i, w)| (line_start + i, w))
        .find(|(i, w)| *i >= from && is_wordlike(w))
        .map(|(i, w)| Span {
            start: ByteOffset(i),
            end: ByteOffset(i + w.len()),
        })
}

/// The last word that ends at or before `before` (for the keyboard word cursor).
/// `None` at the start of the text.
pub fn prev_word(text: &str, before: ByteOffset) -> Option<Span> {
    let before = floor_grapheme(text, before).0;
    let mut end = before;
    loop {
        let line_start = text[..end].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let found = text[line_start..end]
            .split_word_bound_indices()
            .rev()
            .map(|(i, w)| (line_start + i, w))
            .find(|(_, w)| is_wordlike(w));
        if let Some((i, w)) = found {
            return Some(Span {
                start: ByteOffset(i),
                end: ByteOffset(i + w.len()),
            });
        }
        if line_start == 0 {
            return None;
        }
        end = line_start - 1;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
    }
}

#[cfg(test)]
mod word_cursor_tests {
    use super::*;

    fn words_forward(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = ByteOffset(0);
        while let Some(w) = next_word(text, at) {
            out.push(w.slice(text).unwrap());
            at = w.end;
        }
        out
    }

    fn words_backward(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = ByteOffset(text.len());
        while let Some(w) = prev_word(text, at) {
            out.push(w.slice(text).unwrap());
            at = w.start;
        }
        out.reverse();
        out
    }

    #[test]
    fn the_word_cursor_visits_every_word_both_ways() {
        let text = "“Zoë said,” José 🇫🇷 told\r\n\r\nthe e\u{301}te\u{301} crowd — 東京!";
        let fwd = words_forward(text);
        assert_eq!(
            fwd,
            [
                "Zoë",
                "said",
                "José",
                "told",
                "the",
                "e\u{301}te\u{301}",
                "crowd",
                "東",
                "京"
            ]
        );
        assert_eq!(words_backward(text), fwd);
        assert_eq!(next_word(text, ByteOffset(text.len())), None);
        assert_eq!(prev_word(text, ByteOffset(0)), None);
    }
}

/// Every occurrence of `query` in `text`, left to right and not overlapping, that
/// starts and ends on grapheme boundaries. Case-insensitive unless `case_sensitive`
/// (simple case folding per character, so offsets stay those of the original text).
pub fn find_all(text: &str, query: &str, case_sensitive: bool) -> Vec<Span> {
    let mut out = Vec::new();
    if query.is_empty() {
        return out;
    }
    let fold = |c: char| -> char {
        if case_sensitive {
            c
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    };
    let q: Vec<char> = query.chars().map(fold).collect();
    let mut i = 0;
    while i < text.len() {
        let mut matched = true;
        let mut end = i;
        let mut it = text[i..].char_indices();
        for qc in &q {
            match it.next() {
                Some((off, c)) if fold(c) == *qc => end = i + off + c.len_utf8(),
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        let span = Span {
            start: ByteOffset(i),
            end: ByteOffset(end),
        };
        if matched && check_span(text, span).is_ok() {
            out.push(span);
            i = end;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

#[cfg(test)]
mod find_tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_and_never_inside_a_grapheme() {
        let text = "Zoë met ZOË; zoe\u{301} is not zoë. 🇺🇦🇺🇦";
        let got: Vec<&str> = find_all(text, "zoë", false)
            .into_iter()
            .map(|s| s.slice(text).unwrap())
            .collect();
        assert_eq!(got, ["Zoë", "ZOË", "zoë"]);
        assert_eq!(find_all(text, "zoë", true).len(), 1);
        // "zoe" would end between e and its combining accent: not a match.
        assert!(find_all(text, "zoe", false).is_empty());
        // Half a flag pair is never matched.
        assert_eq!(find_all(text, "🇦🇺", false), vec![]);
        assert!(find_all(text, "", false).is_empty());
    }
}
