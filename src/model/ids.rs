//! Globally unique, stable ids (see `CONVENTIONS.md`, "Structure and identity").
//!
//! An [`Id`] is a 64-bit value: the upper 42 bits are milliseconds since the Unix epoch
//! (so ids sort roughly by creation time), the lower 22 bits come from a pseudo-random
//! generator seeded by the shell. Ids are never array positions, so exports diff cleanly
//! and merged workspaces do not collide. They serialise as 16 lowercase hex digits
//! (JSON numbers above 2^53 lose precision in JavaScript).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A globally unique, stable identifier of a project, document, label or annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub u64);

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// The text was not an id: ids are 16 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an id (expected 16 hexadecimal digits)")]
pub struct ParseIdError(pub String);

impl FromStr for Id {
    type Err = ParseIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 {
            return Err(ParseIdError(s.to_owned()));
        }
        u64::from_str_radix(s, 16)
            .map(Id)
            .map_err(|_| ParseIdError(s.to_owned()))
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Makes new ids: time-ordered in the high bits, pseudo-random in the low bits.
///
/// The generator is pure (the caller passes the clock and the seed), so the model stays
/// free of web APIs and tests are deterministic.
#[derive(Clone, Debug)]
pub struct IdGen {
    state: u64,
    last: u64,
}

impl IdGen {
    /// A generator seeded with `seed` (the shell passes crypto randomness; tests a constant).
    pub fn new(seed: u64) -> Self {
        IdGen {
            state: seed,
            last: 0,
        }
    }

    fn next_random(&mut self) -> u64 {
        // splitmix64: tiny, fast, good enough to spread the low bits.
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A new id for the time `now_ms` (milliseconds since the Unix epoch).
    ///
    /// Ids from one generator are strictly increasing, even if the clock goes back.
    pub fn next(&mut self, now_ms: u64) -> Id {
        let candidate = (now_ms << 22) | (self.next_random() & 0x3F_FFFF);
        let id = if candidate > self.last {
            candidate
        } else {
            self.last + 1
        };
        self.last = id;
        Id(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = Id(0x0123_4567_89ab_cdef);
        assert_eq!(id.to_string(), "0123456789abcdef");
        assert_eq!("0123456789abcdef".parse::<Id>(), Ok(id));
        assert!("xyz".parse::<Id>().is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"0123456789abcdef\"");
        assert_eq!(serde_json::from_str::<Id>(&json).unwrap(), id);
    }

    #[test]
    fn ids_increase_even_when_the_clock_stands_still() {
        let mut g = IdGen::new(7);
        let a = g.next(1000);
        let b = g.next(1000);
        let c = g.next(999);
        assert!(a < b && b < c);
    }
}
