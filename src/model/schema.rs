//! The label schema of a project: entity labels with name, colour, hotkey and description.

use super::ids::{Id, IdGen};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A colour in `#rrggbb` form. Validated, because it ends up in CSS rules.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Color(String);

impl Color {
    /// Parses `#rrggbb` (case-insensitive); stored lowercase.
    pub fn parse(s: &str) -> Result<Color, SchemaError> {
        let ok =
            s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit());
        if ok {
            Ok(Color(s.to_ascii_lowercase()))
        } else {
            Err(SchemaError::BadColor(s.to_owned()))
        }
    }

    /// The colour as `#rrggbb`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Color {
    type Error = SchemaError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Color::parse(&s)
    }
}

impl From<Color> for String {
    fn from(c: Color) -> String {
        c.0
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Keys the application keeps for itself; they can never be a label's hotkey
/// (see `CONVENTIONS.md`, "Keys").
pub const RESERVED_KEYS: &[char] = &['Q', 'C', 'S', 'A', 'X', 'J', 'K', '?'];

/// Why a schema change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The colour is not of the form `#rrggbb`.
    #[error("\"{0}\" is not a colour: use the form #rrggbb, e.g. #e6194b")]
    BadColor(String),
    /// The hotkey is reserved by the application or not a single digit/letter.
    #[error("the key \"{0}\" cannot be a label hotkey: use 1–9 or a letter other than Q, C, S, A, X, J, K")]
    BadHotkey(char),
    /// Another label already uses this hotkey.
    #[error("the key \"{key}\" is already used by the label {label}")]
    HotkeyTaken {
        /// The key.
        key: char,
        /// The name of the label that has it.
        label: String,
    },
    /// Another label already has this name.
    #[error("there is already a label named {0}")]
    NameTaken(String),
    /// Label names must not be empty.
    #[error("a label needs a name")]
    EmptyName,
}

/// An entity label, e.g. PERSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// Stable id; annotations refer to the label by it, so renaming updates them all.
    pub id: Id,
    /// Display and export name, e.g. `PERSON`.
    pub name: String,
    /// Highlight colour.
    pub color: Color,
    /// Keyboard shortcut (normalised to upper case), if any.
    pub hotkey: Option<char>,
    /// What the label is for, shown in the palette's tooltip and help.
    #[serde(default)]
    pub description: String,
}

/// Checks that `key` may be a label hotkey and returns it normalised (upper case).
pub fn normalise_hotkey(key: char) -> Result<char, SchemaError> {
    let k = key.to_ascii_uppercase();
    let allowed = matches!(k, '1'..='9') || (k.is_ascii_uppercase() && !RESERVED_KEYS.contains(&k));
    if allowed {
        Ok(k)
    } else {
        Err(SchemaError::BadHotkey(key))
    }
}

/// The ordered list of labels of a project. Order gives palette position and the
/// highlight layer name (`g-l{index}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSchema {
    /// The labels, in palette order.
    pub labels: Vec<Label>,
}

impl LabelSchema {
    /// The familiar news set PERSON, ORG, LOC, MISC on keys 1–4, coloured from the
    /// Okabe–Ito palette (distinguishable with the common colour-vision deficiencies).
    pub fn news_default(ids: &mut IdGen, now_ms: u64) -> LabelSchema {
        let defs = [
            (
                "PERSON",
                "#e69f00",
                '1',
                "People, real or fictional, by name or by role when it refers to someone",
            ),
            (
                "ORG",
                "#56b4e9",
                '2',
                "Organisations: companies, agencies, parties, teams, institutions",
            ),
            (
                "LOC",
                "#009e73",
                '3',
                "Places: countries, cities, regions, rivers, buildings",
            ),
            (
                "MISC",
                "#cc79a7",
                '4',
                "Other names: events, laws, products, nationalities",
            ),
        ];
        LabelSchema {
            labels: defs
                .iter()
                .map(|(name, color, key, desc)| Label {
                    id: ids.next(now_ms),
                    name: (*name).to_owned(),
                    color: Color((*color).to_owned()),
                    hotkey: Some(*key),
                    description: (*desc).to_owned(),
                })
                .collect(),
        }
    }

    /// The label with this id.
    pub fn get(&self, id: Id) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }

    /// Position of the label in the palette (also its highlight layer number).
    pub fn index_of(&self, id: Id) -> Option<usize> {
        self.labels.iter().position(|l| l.id == id)
    }

    /// The label whose hotkey is `key` (case-insensitive).
    pub fn by_hotkey(&self, key: char) -> Option<&Label> {
        let k = key.to_ascii_uppercase();
        self.labels.iter().find(|l| l.hotkey == Some(k))
    }

    /// The label named `name` (case-insensitive).
    pub fn by_name(&self, name: &str) -> Option<&Label> {
        self.labels
            .iter()
            .find(|l| l.name.eq_ignore_ascii_case(name))
    }

    /// Checks that `label` could replace (same id) or join the schema: name present and
    /// unique, hotkey allowed and unique.
    pub fn check(&self, label: &Label) -> Result<(), SchemaError> {
        if label.name.trim().is_empty() {
            return Err(SchemaError::EmptyName);
        }
        for other in self.labels.iter().filter(|l| l.id != label.id) {
            if other.name.eq_ignore_ascii_case(&label.name) {
                return Err(SchemaError::NameTaken(label.name.clone()));
            }
            if label.hotkey.is_some() && other.hotkey == label.hotkey {
                return Err(SchemaError::HotkeyTaken {
                    key: label.hotkey.unwrap_or_default(),
                    label: other.name.clone(),
                });
            }
        }
        if let Some(k) = label.hotkey {
            normalise_hotkey(k)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_the_news_set_on_keys_one_to_four() {
        let s = LabelSchema::news_default(&mut IdGen::new(1), 0);
        let names: Vec<_> = s.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["PERSON", "ORG", "LOC", "MISC"]);
        assert_eq!(s.by_hotkey('3').map(|l| l.name.as_str()), Some("LOC"));
        for l in &s.labels {
            assert!(s.check(l).is_ok());
        }
    }

    #[test]
    fn reserved_keys_and_bad_colours_are_refused() {
        assert!(normalise_hotkey('q').is_err());
        assert!(normalise_hotkey('?').is_err());
        assert_eq!(normalise_hotkey('p'), Ok('P'));
        assert!(Color::parse("red").is_err());
        assert!(Color::parse("#12345g").is_err());
        assert!(Color::parse("#ABCDEF").is_ok());
        assert!(serde_json::from_str::<Color>("\"};body{\"").is_err());
    }

    #[test]
    fn names_and_hotkeys_stay_unique() {
        let s = LabelSchema::news_default(&mut IdGen::new(1), 0);
        let mut l = s.labels[0].clone();
        l.name = "org".into();
        assert_eq!(s.check(&l), Err(SchemaError::NameTaken("org".into())));
        let mut l = s.labels[0].clone();
        l.hotkey = Some('2');
        assert!(matches!(s.check(&l), Err(SchemaError::HotkeyTaken { .. })));
    }
}
