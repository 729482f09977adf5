//! How large values are encoded for local storage.
//!
//! Local storage counts UTF-16 units (5,242,880 per origin in Chromium), so a byte of
//! ASCII costs a whole unit. Large values (document texts, annotation chunks) are
//! deflated and the compressed bytes packed 15 bits per unit, into characters
//! U+0020…U+801F: never a surrogate or control character, so every browser stores
//! them unchanged. Small values, and values that do not shrink, are kept as text.
//!
//! Format: `=` + the text itself, or `~` + the compressed byte count + `:` + the
//! packed bytes.

use thiserror::Error;

/// Values shorter than this (in bytes) are stored as text.
const COMPRESS_FROM: usize = 200;
/// First code point used for packed units.
const BASE: u32 = 0x20;
/// Decompressed values larger than this are refused (a damaged length could
/// otherwise ask for any amount of memory).
const MAX_DECODED: usize = 256 * 1024 * 1024;

/// Why a stored value could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// The value does not start with a known tag.
    #[error("it does not start with a known format mark")]
    UnknownTag,
    /// The packed data is cut short or holds characters that packing never writes.
    #[error("the packed data is damaged or cut short")]
    BadPacking,
    /// The compressed stream is damaged.
    #[error("the compressed data is damaged")]
    BadCompression,
    /// The decompressed bytes are not UTF-8.
    #[error("the decoded text is not UTF-8")]
    NotUtf8,
}

/// How hard to compress: texts are written once, annotation chunks on every edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effort {
    /// Smallest output (deflate level 6), for document texts: written once, and most of
    /// what a long document stores.
    Smallest,
    /// Nearly as small (deflate level 5), for annotation chunks: within 5 % of level 6's
    /// size on their JSON at half its time, which halves storing a large import.
    Small,
}

/// Encodes a value for storage, compressed when that makes it shorter.
pub fn encode(text: &str) -> String {
    encode_with(text, Effort::Smallest)
}

/// Encodes a value for storage with the given compression effort.
pub fn encode_with(text: &str, effort: Effort) -> String {
    if text.len() >= COMPRESS_FROM {
        let level = match effort {
            Effort::Smallest => 6,
            Effort::Small => 5,
        };
        let compressed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), level);
        let packed_units = (compressed.len() * 8).div_ceil(15) + 12;
        if packed_units < utf16_len(text) {
            let mut out = String::with_capacity(packed_units * 3);
            out.push('~');
            out.push_str(&compressed.len().to_string());
            out.push(':');
            pack(&compressed, &mut out);
            return out;
        }
    }
    let mut out = String::with_capacity(text.len() + 1);
    out.push('=');
    out.push_str(text);
    out
}

/// Decodes a value written by [`encode`].
pub fn decode(value: &str) -> Result<String, DecodeError> {
    if let Some(text) = value.strip_prefix('=') {
        return Ok(text.to_owned());
    }
    let Some(rest) = value.strip_prefix('~') else {
        return Err(DecodeError::UnknownTag);
    };
    let (len, packed) = rest.split_once(':').ok_or(DecodeError::BadPacking)?;
    let len: usize = len.parse().map_err(|_| DecodeError::BadPacking)?;
    if len > MAX_DECODED {
        return Err(DecodeError::BadPacking);
    }
    let bytes = unpack(packed, len)?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_DECODED)
        .map_err(|_| DecodeError::BadCompression)?;
    String::from_utf8(raw).map_err(|_| DecodeError::NotUtf8)
}

/// Length of a string in UTF-16 units, what local storage counts.
pub fn utf16_len(s: &str) -> usize {
    // Every character is one unit except those of four UTF-8 bytes (two units): count
    // the bytes that start a character, plus the four-byte starts once more. A byte loop
    // is several times faster than decoding characters on long texts.
    s.as_bytes()
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

fn pack(bytes: &[u8], out: &mut String) {
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        acc |= u32::from(b) << bits;
        bits += 8;
        if bits >= 15 {
            out.push(unit(acc & 0x7fff));
            acc >>= 15;
            bits -= 15;
        }
    }
    if bits > 0 {
        out.push(unit(acc & 0x7fff));
    }
}

fn unit(v: u32) -> char {
    // BASE + v ≤ 0x801F: below the surrogates, so always a valid char.
    char::from_u32(BASE + v).unwrap_or(' ')
}

fn unpack(packed: &str, len: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(len);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in packed.chars() {
        let v = (c as u32)
            .checked_sub(BASE)
            .filter(|v| *v < 0x8000)
            .ok_or(DecodeError::BadPacking)?;
        acc |= v << bits;
        bits += 15;
        while bits >= 8 && out.len() < len {
            out.push((acc & 0xff) as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if out.len() == len {
        Ok(out)
    } else {
        Err(DecodeError::BadPacking)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_stay_text_and_long_ones_shrink() {
        assert_eq!(encode("{\"a\":1}"), "={\"a\":1}");
        let text = "The council voted on the bike lane. ".repeat(100);
        let e = encode(&text);
        assert!(e.starts_with('~'));
        assert!(utf16_len(&e) * 5 < utf16_len(&text), "{}", utf16_len(&e));
        assert_eq!(decode(&e).unwrap(), text);
    }

    #[test]
    fn utf16_length_matches_the_encoder() {
        for s in [
            "",
            "abc",
            "Zoë",
            "🇫🇷 e\u{301} عبد 👩‍👩‍👧",
            "\u{10FFFF}\u{7F}\u{80}\u{800}",
        ] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }

    #[test]
    fn damage_is_reported() {
        let text = "Zoë said “yes” 🇫🇷. ".repeat(50);
        let e = encode(&text);
        let cut: String = e.chars().take(e.chars().count() / 2).collect();
        assert_eq!(decode(&cut), Err(DecodeError::BadPacking));
        assert_eq!(decode("{\"mentions\":{}}"), Err(DecodeError::UnknownTag));
        assert!(decode("~12:\u{d7ff}").is_err());
    }
}
