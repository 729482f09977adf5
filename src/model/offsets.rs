//! Offsets in the three units Glossa deals with, spans, and conversion between units.
//!
//! The same position in a document's text can be counted three ways:
//!
//! - [`ByteOffset`]: bytes of UTF-8. This is what Rust uses, and every
//!   [`Span`] stored in the model is made of byte offsets.
//! - [`Utf16Offset`]: UTF-16 code units. This is what the browser DOM counts
//!   (`Range.startOffset`, `Text.length`, …). A character outside the Basic
//!   Multilingual Plane (most emoji) counts as two units, a *surrogate pair*.
//! - [`CharOffset`]: Unicode code points. This is what exports use, because it
//!   is what Python's `str` indexing (and most NLP tooling) counts.
//!
//! All conversion between these units lives in this module, in [`TextIndex`].
//!
//! # Invariants
//!
//! - An offset is *valid* for a text when it is at most the text's length in
//!   its unit and does not fall inside a character: a byte offset must be on a
//!   UTF-8 character boundary, a UTF-16 offset must not split a surrogate pair.
//!   The length itself is valid (it is the end of the text).
//! - A [`Span`] is half-open, `[start, end)`, and always has `start <= end`
//!   ([`Span::new`] and deserialization refuse reversed spans; code building a
//!   span from its public fields must keep the invariant).
//! - Spans stored in the model additionally start and end on extended grapheme
//!   cluster boundaries; that check needs the text's grapheme rules and lives
//!   in [`crate::model::text::check_span`]. The conversions here only check
//!   character boundaries, so callers converting offsets that come from
//!   outside (the DOM, an import) should run the resulting span through
//!   `check_span` or one of the snapping functions.
//! - Nothing here panics on a bad offset: every problem is reported as an
//!   [`OffsetError`] whose message says what is wrong in plain words.
//!
//! # Cost
//!
//! [`TextIndex::new`] is `O(n)` and keeps only sparse checkpoints (one per
//! [`CHECKPOINT_STRIDE`] code points), so the index is a small fraction of the
//! size of the text. A conversion is a binary search over the checkpoints plus
//! a scan of at most one stride of characters. A text made only of ASCII needs
//! no checkpoints at all: all three units coincide.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte offset into the UTF-8 text.
///
/// Valid for a text when it is at most the text's length and on a character
/// boundary.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ByteOffset(pub usize);

/// A UTF-16 code unit offset: what the browser DOM counts.
///
/// Valid for a text when it is at most the text's UTF-16 length and does not
/// fall between the two halves of a surrogate pair.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Utf16Offset(pub usize);

/// A Unicode code point offset: what Python and the exports count.
///
/// Valid for a text when it is at most the number of code points in the text.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct CharOffset(pub usize);

/// Which unit an offset counts. Used in error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of UTF-8 ([`ByteOffset`]).
    Bytes,
    /// UTF-16 code units ([`Utf16Offset`]).
    Utf16,
    /// Unicode code points ([`CharOffset`]).
    CodePoints,
}

impl Unit {
    fn singular(self) -> &'static str {
        match self {
            Unit::Bytes => "byte",
            Unit::Utf16 => "UTF-16 unit",
            Unit::CodePoints => "code point",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.singular())
    }
}

/// "1 byte", "38 code points".
fn quantity(count: &usize, unit: &Unit) -> String {
    if *count == 1 {
        format!("1 {}", unit.singular())
    } else {
        format!("{count} {}s", unit.singular())
    }
}

/// The explanation attached to [`OffsetError::InsideCharacter`].
fn inside_detail(unit: &Unit) -> &'static str {
    match unit {
        Unit::Bytes => "between the bytes that encode one character in UTF-8",
        Unit::Utf16 => "between the two UTF-16 units of a surrogate pair, as used by most emoji",
        Unit::CodePoints => "in the middle of one character",
    }
}

/// What is wrong with an offset or a span.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OffsetError {
    /// The offset is greater than the length of the text.
    #[error("offset {offset} is past the end of the text ({})", quantity(.len, .unit))]
    PastEnd {
        /// The offending offset.
        offset: usize,
        /// The length of the text, in `unit`.
        len: usize,
        /// The unit of both numbers.
        unit: Unit,
    },
    /// The offset falls inside the encoding of one character.
    #[error(
        "{unit} offset {offset} falls inside a character ({}); \
         use the offset just before or just after that character",
        inside_detail(.unit)
    )]
    InsideCharacter {
        /// The offending offset.
        offset: usize,
        /// The unit of the offset.
        unit: Unit,
    },
    /// The byte offset splits a user-perceived character: a letter and its
    /// combining accent, the two halves of a flag, an emoji sequence joined by
    /// zero-width joiners, or a CR LF line break.
    #[error(
        "byte offset {offset} splits what a reader sees as a single character \
         (for example a letter and its accent, a flag, an emoji sequence, or a \
         CR LF line break); the span must start and end outside such characters"
    )]
    NotGraphemeBoundary {
        /// The offending byte offset.
        offset: usize,
    },
    /// The span ends before it starts.
    #[error("span {start}..{end} ends before it starts")]
    Reversed {
        /// The start given.
        start: usize,
        /// The end given, smaller than `start`.
        end: usize,
    },
}

/// A half-open range `[start, end)` of byte offsets into one document's text.
///
/// Invariant: `start <= end`. [`Span::new`], [`Span::from_bytes`] and
/// deserialization enforce it; code writing the public fields directly must
/// keep it. Spans stored in the model also start and end on grapheme cluster
/// boundaries (see [`crate::model::text::check_span`]).
///
/// Serialized as `{"start": 3, "end": 10}` (byte offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "SpanRepr")]
pub struct Span {
    /// First byte of the span.
    pub start: ByteOffset,
    /// One past the last byte of the span.
    pub end: ByteOffset,
}

/// The unchecked serialized form of a [`Span`].
#[derive(Deserialize)]
struct SpanRepr {
    start: ByteOffset,
    end: ByteOffset,
}

impl TryFrom<SpanRepr> for Span {
    type Error = OffsetError;
    fn try_from(repr: SpanRepr) -> Result<Self, Self::Error> {
        Span::new(repr.start, repr.end)
    }
}

impl Span {
    /// A span from `start` to `end`; [`OffsetError::Reversed`] if `start > end`.
    pub fn new(start: ByteOffset, end: ByteOffset) -> Result<Span, OffsetError> {
        if start <= end {
            Ok(Span { start, end })
        } else {
            Err(OffsetError::Reversed {
                start: start.0,
                end: end.0,
            })
        }
    }

    /// A span from plain byte offsets; [`OffsetError::Reversed`] if `start > end`.
    pub fn from_bytes(start: usize, end: usize) -> Result<Span, OffsetError> {
        Span::new(ByteOffset(start), ByteOffset(end))
    }

    /// Length in bytes (0 if the invariant was broken).
    pub fn len(self) -> usize {
        self.end.0.saturating_sub(self.start.0)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether `offset` is one of the span's bytes: `start <= offset < end`.
    pub fn contains(self, offset: ByteOffset) -> bool {
        self.start <= offset && offset < self.end
    }

    /// Whether the two spans share at least one byte. Empty spans overlap nothing.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// Whether `other` lies entirely within this span (an empty `other` counts
    /// when it sits between `start` and `end`, both included).
    pub fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end && other.start <= other.end
    }

    /// The text the span covers; `None` if it is reversed, reaches past the end
    /// of `text` or does not start and end on character boundaries.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start.0..self.end.0)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start.0, self.end.0)
    }
}

/// How many code points separate two checkpoints of a [`TextIndex`].
pub const CHECKPOINT_STRIDE: usize = 64;

/// The same position counted in all three units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Position {
    byte: usize,
    utf16: usize,
    chars: usize,
}

impl Position {
    const START: Position = Position {
        byte: 0,
        utf16: 0,
        chars: 0,
    };

    fn uniform(offset: usize) -> Position {
        Position {
            byte: offset,
            utf16: offset,
            chars: offset,
        }
    }

    /// Moves past the character whose first byte is `lead` (a byte that is not a UTF-8
    /// continuation byte). Counting by lead bytes avoids decoding each character: a
    /// character is one UTF-16 unit unless it takes four UTF-8 bytes (lead `0xF0..`).
    fn advance_lead(&mut self, lead: u8) {
        self.chars += 1;
        self.utf16 += 1 + usize::from(lead >= 0xF0);
    }

    /// Moves through `text` from this position to the first character boundary where
    /// `reached` holds, or to the end of `text`.
    fn advance_until(&mut self, text: &str, reached: impl Fn(&Position) -> bool) {
        let start = self.byte;
        let rest = text.as_bytes().get(start..).unwrap_or_default();
        let mut end = text.len();
        for (i, &b) in rest.iter().enumerate() {
            if is_continuation(b) {
                continue;
            }
            if reached(self) {
                end = start + i;
                break;
            }
            self.advance_lead(b);
        }
        self.byte = end;
    }

    /// Moves over `bytes`, which must start and end on character boundaries.
    fn advance_over(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if !is_continuation(b) {
                self.advance_lead(b);
            }
        }
        self.byte += bytes.len();
    }
}

/// Whether `b` continues a UTF-8 sequence (`0b10xx_xxxx`) rather than starting one.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Converts offsets between bytes, UTF-16 units and code points for one text.
///
/// Built once per document with [`TextIndex::new`] in `O(n)`. It stores the
/// three lengths and one checkpoint every [`CHECKPOINT_STRIDE`] code points
/// (none at all for ASCII text), not a table per character.
///
/// The index does not keep the text: every conversion takes the text as its
/// first argument, which **must be the same text the index was built from**.
/// If a text of a different length is passed, the index is rebuilt for that
/// call (slow but correct); a different text of the same length gives
/// meaningless results, but never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextIndex {
    len_bytes: usize,
    len_utf16: usize,
    len_chars: usize,
    /// Positions of code points `0, STRIDE, 2 * STRIDE, …`; empty for ASCII text.
    checkpoints: Vec<Position>,
}

impl Default for TextIndex {
    fn default() -> Self {
        TextIndex::new("")
    }
}

impl TextIndex {
    /// Indexes `text` in `O(n)`.
    pub fn new(text: &str) -> TextIndex {
        if text.is_ascii() {
            return TextIndex {
                len_bytes: text.len(),
                len_utf16: text.len(),
                len_chars: text.len(),
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_STRIDE + 1);
        let mut pos = Position::START;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if is_continuation(b) {
                continue;
            }
            if pos.chars % CHECKPOINT_STRIDE == 0 {
                checkpoints.push(Position { byte: i, ..pos });
            }
            pos.advance_lead(b);
        }
        pos.byte = text.len();
        TextIndex {
            len_bytes: pos.byte,
            len_utf16: pos.utf16,
            len_chars: pos.chars,
            checkpoints,
        }
    }

    /// Length of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.len_bytes
    }

    /// Length of the text in UTF-16 code units (what the DOM reports).
    pub fn len_utf16(&self) -> usize {
        self.len_utf16
    }

    /// Length of the text in code points (what Python's `len` reports).
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Whether the text is pure ASCII, in which case all units coincide.
    pub fn is_ascii(&self) -> bool {
        self.len_bytes == self.len_chars
    }

    /// How many checkpoints the index stores (0 for ASCII text). Exposed to
    /// check that the index stays compact.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The last checkpoint whose `key` is at most `value`.
    fn checkpoint_before(&self, key: impl Fn(&Position) -> usize, value: usize) -> Position {
        let after = self.checkpoints.partition_point(|cp| key(cp) <= value);
        after
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .copied()
            .unwrap_or(Position::START)
    }

    fn locate_byte(&self, text: &str, b: ByteOffset) -> Result<Position, OffsetError> {
        if text.len() != self.len_bytes {
            return TextIndex::new(text).locate_byte(text, b);
        }
        let b = b.0;
        if b > self.len_bytes {
            return Err(OffsetError::PastEnd {
                offset: b,
                len: self.len_bytes,
                unit: Unit::Bytes,
            });
        }
        if !text.is_char_boundary(b) {
            return Err(OffsetError::InsideCharacter {
                offset: b,
                unit: Unit::Bytes,
            });
        }
        if self.is_ascii() {
            return Ok(Position::uniform(b));
        }
        let mut pos = self.checkpoint_before(|cp| cp.byte, b);
        let Some(between) = text.get(pos.byte..b) else {
            return TextIndex::new(text).locate_byte(text, ByteOffset(b));
        };
        pos.advance_over(between.as_bytes());
        Ok(pos)
    }

    fn locate_utf16(&self, text: &str, u: Utf16Offset) -> Result<Position, OffsetError> {
        if text.len() != self.len_bytes {
            return TextIndex::new(text).locate_utf16(text, u);
        }
        let u = u.0;
        if u > self.len_utf16 {
            return Err(OffsetError::PastEnd {
                offset: u,
                len: self.len_utf16,
                unit: Unit::Utf16,
            });
        }
        if self.is_ascii() {
            return Ok(Position::uniform(u));
        }
        let mut pos = self.checkpoint_before(|cp| cp.utf16, u);
        if !text.is_char_boundary(pos.byte) {
            return TextIndex::new(text).locate_utf16(text, Utf16Offset(u));
        }
        pos.advance_until(text, |p| p.utf16 >= u);
        if pos.utf16 == u {
            Ok(pos)
        } else if pos.utf16 > u {
            Err(OffsetError::InsideCharacter {
                offset: u,
                unit: Unit::Utf16,
            })
        } else {
            // Only reachable when the text is not the one the index was built from.
            Err(OffsetError::PastEnd {
                offset: u,
                len: pos.utf16,
                unit: Unit::Utf16,
            })
        }
    }

    fn locate_char(&self, text: &str, c: CharOffset) -> Result<Position, OffsetError> {
        if text.len() != self.len_bytes {
            return TextIndex::new(text).locate_char(text, c);
        }
        let c = c.0;
        if c > self.len_chars {
            return Err(OffsetError::PastEnd {
                offset: c,
                len: self.len_chars,
                unit: Unit::CodePoints,
            });
        }
        if self.is_ascii() {
            return Ok(Position::uniform(c));
        }
        let mut pos = self.checkpoint_before(|cp| cp.chars, c);
        if !text.is_char_boundary(pos.byte) {
            return TextIndex::new(text).locate_char(text, CharOffset(c));
        }
        pos.advance_until(text, |p| p.chars >= c);
        if pos.chars == c {
            Ok(pos)
        } else {
            // Only reachable when the text is not the one the index was built from.
            Err(OffsetError::PastEnd {
                offset: c,
                len: pos.chars,
                unit: Unit::CodePoints,
            })
        }
    }

    /// The UTF-16 offset of byte offset `b` in `text`.
    ///
    /// Errors: [`OffsetError::PastEnd`] or [`OffsetError::InsideCharacter`] (unit bytes).
    pub fn byte_to_utf16(&self, text: &str, b: ByteOffset) -> Result<Utf16Offset, OffsetError> {
        self.locate_byte(text, b).map(|p| Utf16Offset(p.utf16))
    }

    /// The code point offset of byte offset `b` in `text`.
    ///
    /// Errors: [`OffsetError::PastEnd`] or [`OffsetError::InsideCharacter`] (unit bytes).
    pub fn byte_to_char(&self, text: &str, b: ByteOffset) -> Result<CharOffset, OffsetError> {
        self.locate_byte(text, b).map(|p| CharOffset(p.chars))
    }

    /// The byte offset of UTF-16 offset `u` in `text`.
    ///
    /// Errors: [`OffsetError::PastEnd`], or [`OffsetError::InsideCharacter`]
    /// when `u` falls inside a surrogate pair.
    pub fn utf16_to_byte(&self, text: &str, u: Utf16Offset) -> Result<ByteOffset, OffsetError> {
        self.locate_utf16(text, u).map(|p| ByteOffset(p.byte))
    }

    /// The byte offset of code point offset `c` in `text`.
    ///
    /// Errors: [`OffsetError::PastEnd`].
    pub fn char_to_byte(&self, text: &str, c: CharOffset) -> Result<ByteOffset, OffsetError> {
        self.locate_char(text, c).map(|p| ByteOffset(p.byte))
    }

    /// The code point offset of UTF-16 offset `u` in `text`.
    ///
    /// Errors: as [`TextIndex::utf16_to_byte`].
    pub fn utf16_to_char(&self, text: &str, u: Utf16Offset) -> Result<CharOffset, OffsetError> {
        self.locate_utf16(text, u).map(|p| CharOffset(p.chars))
    }

    /// The UTF-16 offset of code point offset `c` in `text`.
    ///
    /// Errors: as [`TextIndex::char_to_byte`].
    pub fn char_to_utf16(&self, text: &str, c: CharOffset) -> Result<Utf16Offset, OffsetError> {
        self.locate_char(text, c).map(|p| Utf16Offset(p.utf16))
    }

    /// The span as a pair of UTF-16 offsets (for the DOM).
    ///
    /// Errors: [`OffsetError::Reversed`], then the errors of
    /// [`TextIndex::byte_to_utf16`] for the start and the end.
    pub fn span_to_utf16(
        &self,
        text: &str,
        s: Span,
    ) -> Result<(Utf16Offset, Utf16Offset), OffsetError> {
        let s = Span::new(s.start, s.end)?;
        Ok((
            self.byte_to_utf16(text, s.start)?,
            self.byte_to_utf16(text, s.end)?,
        ))
    }

    /// The span between two UTF-16 offsets (from the DOM).
    ///
    /// Only character boundaries are checked; run the result through
    /// [`crate::model::text::check_span`] or a snapping function before storing it.
    ///
    /// Errors: [`OffsetError::Reversed`] if `start > end`, then the errors of
    /// [`TextIndex::utf16_to_byte`].
    pub fn span_from_utf16(
        &self,
        text: &str,
        start: Utf16Offset,
        end: Utf16Offset,
    ) -> Result<Span, OffsetError> {
        if start > end {
            return Err(OffsetError::Reversed {
                start: start.0,
                end: end.0,
            });
        }
        Span::new(
            self.utf16_to_byte(text, start)?,
            self.utf16_to_byte(text, end)?,
        )
    }

    /// The span as a pair of code point offsets (for exports).
    ///
    /// Errors: [`OffsetError::Reversed`], then the errors of
    /// [`TextIndex::byte_to_char`] for the start and the end.
    pub fn span_to_chars(
        &self,
        text: &str,
        s: Span,
    ) -> Result<(CharOffset, CharOffset), OffsetError> {
        let s = Span::new(s.start, s.end)?;
        Ok((
            self.byte_to_char(text, s.start)?,
            self.byte_to_char(text, s.end)?,
        ))
    }

    /// The span between two code point offsets (from imports).
    ///
    /// Only range is checked; run the result through
    /// [`crate::model::text::check_span`] or a snapping function before storing it.
    ///
    /// Errors: [`OffsetError::Reversed`] if `start > end`, then the errors of
    /// [`TextIndex::char_to_byte`].
    pub fn span_from_chars(
        &self,
        text: &str,
        start: CharOffset,
        end: CharOffset,
    ) -> Result<Span, OffsetError> {
        if start > end {
            return Err(OffsetError::Reversed {
                start: start.0,
                end: end.0,
            });
        }
        Span::new(
            self.char_to_byte(text, start)?,
            self.char_to_byte(text, end)?,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(n: usize) -> ByteOffset {
        ByteOffset(n)
    }

    #[test]
    fn ascii_needs_no_checkpoints_and_units_coincide() {
        let text = "Mr Trump said.\r\nThen left.";
        let idx = TextIndex::new(text);
        assert!(idx.is_ascii());
        assert_eq!(idx.checkpoint_count(), 0);
        assert_eq!(idx.len_bytes(), text.len());
        assert_eq!(idx.len_utf16(), text.len());
        assert_eq!(idx.len_chars(), text.len());
        for i in 0..=text.len() {
            assert_eq!(idx.byte_to_utf16(text, b(i)), Ok(Utf16Offset(i)));
            assert_eq!(idx.char_to_byte(text, CharOffset(i)), Ok(b(i)));
        }
        assert_eq!(
            idx.byte_to_char(text, b(text.len() + 1)),
            Err(OffsetError::PastEnd {
                offset: text.len() + 1,
                len: text.len(),
                unit: Unit::Bytes
            })
        );
    }

    #[test]
    fn empty_text() {
        let idx = TextIndex::new("");
        assert_eq!(idx.byte_to_utf16("", b(0)), Ok(Utf16Offset(0)));
        assert_eq!(idx.utf16_to_byte("", Utf16Offset(0)), Ok(b(0)));
        assert_eq!(idx.char_to_byte("", CharOffset(0)), Ok(b(0)));
        assert!(matches!(
            idx.char_to_byte("", CharOffset(1)),
            Err(OffsetError::PastEnd { .. })
        ));
        assert_eq!(TextIndex::default(), idx);
    }

    #[test]
    fn emoji_counts_two_utf16_units_one_code_point() {
        // "a😀b": 😀 is 4 bytes, 2 UTF-16 units, 1 code point.
        let text = "a\u{1F600}b";
        let idx = TextIndex::new(text);
        assert!(!idx.is_ascii());
        assert_eq!(
            (idx.len_bytes(), idx.len_utf16(), idx.len_chars()),
            (6, 4, 3)
        );
        assert_eq!(idx.byte_to_utf16(text, b(5)), Ok(Utf16Offset(3)));
        assert_eq!(idx.byte_to_char(text, b(5)), Ok(CharOffset(2)));
        assert_eq!(idx.utf16_to_byte(text, Utf16Offset(3)), Ok(b(5)));
        assert_eq!(idx.char_to_byte(text, CharOffset(2)), Ok(b(5)));
        assert_eq!(
            idx.utf16_to_byte(text, Utf16Offset(2)),
            Err(OffsetError::InsideCharacter {
                offset: 2,
                unit: Unit::Utf16
            })
        );
        for inside in 2..5 {
            assert_eq!(
                idx.byte_to_utf16(text, b(inside)),
                Err(OffsetError::InsideCharacter {
                    offset: inside,
                    unit: Unit::Bytes
                })
            );
        }
        assert_eq!(idx.utf16_to_char(text, Utf16Offset(4)), Ok(CharOffset(3)));
        assert_eq!(idx.char_to_utf16(text, CharOffset(1)), Ok(Utf16Offset(1)));
    }

    #[test]
    fn arabic_cjk_and_combining_marks() {
        // é as e + U+0301, Arabic (2 bytes each), CJK (3 bytes each).
        let text = "e\u{301} \u{645}\u{631}\u{62D}\u{628}\u{627} \u{4F60}\u{597D}";
        let idx = TextIndex::new(text);
        for (i, (byte, ch)) in text.char_indices().enumerate() {
            assert_eq!(idx.byte_to_char(text, b(byte)), Ok(CharOffset(i)));
            assert_eq!(idx.char_to_byte(text, CharOffset(i)), Ok(b(byte)));
            assert_eq!(ch.len_utf16(), 1);
            assert_eq!(idx.byte_to_utf16(text, b(byte)), Ok(Utf16Offset(i)));
        }
    }

    #[test]
    fn long_text_crosses_checkpoints() {
        let piece = "ab\u{1F1FA}\u{1F1E6}\u{e9}\u{4E2D}\r\n";
        let text = piece.repeat(500);
        let idx = TextIndex::new(&text);
        assert!(idx.checkpoint_count() > 1);
        assert!(idx.checkpoint_count() <= idx.len_chars() / CHECKPOINT_STRIDE + 1);
        let mut utf16 = 0;
        for (chars, (byte, ch)) in text.char_indices().enumerate() {
            assert_eq!(idx.byte_to_utf16(&text, b(byte)), Ok(Utf16Offset(utf16)));
            assert_eq!(idx.utf16_to_byte(&text, Utf16Offset(utf16)), Ok(b(byte)));
            assert_eq!(idx.char_to_byte(&text, CharOffset(chars)), Ok(b(byte)));
            utf16 += ch.len_utf16();
        }
        assert_eq!(utf16, idx.len_utf16());
        assert_eq!(
            idx.utf16_to_byte(&text, Utf16Offset(utf16)),
            Ok(b(text.len()))
        );
    }

    #[test]
    fn spans() {
        let s = Span::from_bytes(2, 5).unwrap();
        assert_eq!(s.len(), 3);
        assert!(!s.is_empty());
        assert!(s.contains(b(2)) && s.contains(b(4)) && !s.contains(b(5)));
        assert!(s.overlaps(Span::from_bytes(4, 9).unwrap()));
        assert!(!s.overlaps(Span::from_bytes(5, 9).unwrap()));
        assert!(!s.overlaps(Span::from_bytes(3, 3).unwrap()));
        assert!(s.contains_span(Span::from_bytes(2, 5).unwrap()));
        assert!(s.contains_span(Span::from_bytes(5, 5).unwrap()));
        assert!(!s.contains_span(Span::from_bytes(1, 3).unwrap()));
        assert_eq!(s.slice("0123456"), Some("234"));
        assert_eq!(s.slice("0123"), None);
        assert_eq!(
            Span::from_bytes(0, 2).unwrap().slice("\u{e9}"),
            Some("\u{e9}")
        );
        assert_eq!(Span::from_bytes(0, 1).unwrap().slice("\u{e9}"), None);
        assert_eq!(
            Span::from_bytes(40, 38),
            Err(OffsetError::Reversed { start: 40, end: 38 })
        );
        assert_eq!(s.to_string(), "2..5");
    }

    #[test]
    fn span_conversions_check_order() {
        let text = "\u{1F600}x";
        let idx = TextIndex::new(text);
        let s = Span::from_bytes(0, 5).unwrap();
        assert_eq!(
            idx.span_to_utf16(text, s),
            Ok((Utf16Offset(0), Utf16Offset(3)))
        );
        assert_eq!(
            idx.span_to_chars(text, s),
            Ok((CharOffset(0), CharOffset(2)))
        );
        assert_eq!(
            idx.span_from_utf16(text, Utf16Offset(2), Utf16Offset(3)),
            Ok(Span::from_bytes(4, 5).unwrap())
        );
        assert_eq!(
            idx.span_from_chars(text, CharOffset(1), CharOffset(2)),
            Ok(Span::from_bytes(4, 5).unwrap())
        );
        assert_eq!(
            idx.span_from_utf16(text, Utf16Offset(3), Utf16Offset(2)),
            Err(OffsetError::Reversed { start: 3, end: 2 })
        );
        assert_eq!(
            idx.span_from_chars(text, CharOffset(2), CharOffset(0)),
            Err(OffsetError::Reversed { start: 2, end: 0 })
        );
        let reversed = Span {
            start: b(5),
            end: b(0),
        };
        assert!(matches!(
            idx.span_to_chars(text, reversed),
            Err(OffsetError::Reversed { .. })
        ));
        assert!(matches!(
            idx.span_from_utf16(text, Utf16Offset(1), Utf16Offset(3)),
            Err(OffsetError::InsideCharacter {
                offset: 1,
                unit: Unit::Utf16
            })
        ));
    }

    #[test]
    fn messages_are_readable() {
        let e = OffsetError::PastEnd {
            offset: 40,
            len: 38,
            unit: Unit::CodePoints,
        };
        assert_eq!(
            e.to_string(),
            "offset 40 is past the end of the text (38 code points)"
        );
        let e = OffsetError::PastEnd {
            offset: 2,
            len: 1,
            unit: Unit::Bytes,
        };
        assert_eq!(
            e.to_string(),
            "offset 2 is past the end of the text (1 byte)"
        );
        let e = OffsetError::InsideCharacter {
            offset: 5,
            unit: Unit::Utf16,
        };
        assert!(e
            .to_string()
            .starts_with("UTF-16 unit offset 5 falls inside a character"));
        assert!(e.to_string().contains("surrogate pair"));
        let e = OffsetError::Reversed { start: 40, end: 38 };
        assert_eq!(e.to_string(), "span 40..38 ends before it starts");
        let e = OffsetError::NotGraphemeBoundary { offset: 1 };
        assert!(e.to_string().contains("accent"));
        assert_eq!(Unit::Utf16.to_string(), "UTF-16 unit");
    }

    #[test]
    fn serde_shapes() {
        let s = Span::from_bytes(3, 10).unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"start":3,"end":10}"#);
        assert_eq!(serde_json::from_str::<Span>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Span>(r#"{"start":10,"end":3}"#).is_err());
        assert_eq!(serde_json::to_string(&CharOffset(7)).unwrap(), "7");
    }

    #[test]
    fn wrong_text_does_not_panic() {
        let idx = TextIndex::new("\u{1F600}\u{1F600}");
        // A different length: the index is rebuilt for the call.
        assert_eq!(idx.byte_to_char("abc", b(2)), Ok(CharOffset(2)));
        // Same length, different content: meaningless but no panic.
        let _ = idx.utf16_to_byte("abcdefgh", Utf16Offset(3));
        let _ = idx.char_to_byte("abcdefgh", CharOffset(2));
        let _ = idx.byte_to_utf16("abcdefgh", b(7));
    }
}
