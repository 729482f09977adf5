//! The rules of the assists, as data: cue phrases, attribution patterns and their
//! confidences, word lists for names, titles, roles and scare quotes.
//!
//! Everything the quote finder and the speaker suggester "know" about language is
//! here; the code in [`super::quotes`] and [`super::speakers`] only walks the text.
//! All words are matched **case-insensitively** on whole word tokens (Unicode word
//! segmentation, UAX #29), so a list entry `"said"` matches `said` and `Said`, and
//! multi-word entries match consecutive word tokens (`["told", "reporters"]`).
//!
//! The lists are English first, with a few French and German entries so that the
//! quote marks of those typographies («…», „…“) come with a usable attribution.
//! Adding a word here is the intended way to extend the rules.

/// How a cue relates the quote to its speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// A speech verb: the speaker is its subject (`Doe said`) or, inverted, follows it
    /// (`said Doe`).
    Verb,
    /// A preposition-like cue whose speaker always follows it: `according to Doe`,
    /// `selon Doe`, `laut Doe`.
    AccordingTo,
}

/// One cue phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The words of the phrase, lower case, matched on consecutive word tokens.
    pub words: &'static [&'static str],
    /// Verb or according-to.
    pub kind: CueKind,
    /// Whether the cue takes the addressee as object and the cue span covers it
    /// (`told reporters`, `told the Courier`, `told him`), as the conventions say the
    /// cue is the attribution verb *phrase*.
    pub takes_object: bool,
}

const fn verb(words: &'static [&'static str]) -> Cue {
    Cue {
        words,
        kind: CueKind::Verb,
        takes_object: false,
    }
}

const fn tell(words: &'static [&'static str]) -> Cue {
    Cue {
        words,
        kind: CueKind::Verb,
        takes_object: true,
    }
}

const fn according(words: &'static [&'static str]) -> Cue {
    Cue {
        words,
        kind: CueKind::AccordingTo,
        takes_object: false,
    }
}

/// The cue phrases (speech verbs in their common forms, "according to"). Longer
/// phrases are tried before shorter ones.
///
/// `called`, `calls`, `described`, `dubbed` are cues for partial quotes (`he called it
/// “unacceptable”`); `so-called` is never a cue.
pub const CUES: &[Cue] = &[
    according(&["according", "to"]),
    according(&["selon"]),
    according(&["laut"]),
    // French compound past: auxiliary + participle.
    verb(&["a", "déclaré"]),
    verb(&["a", "dit"]),
    verb(&["a", "affirmé"]),
    verb(&["a", "ajouté"]),
    verb(&["a", "expliqué"]),
    verb(&["a", "estimé"]),
    verb(&["a", "souligné"]),
    verb(&["a", "assuré"]),
    verb(&["a", "précisé"]),
    verb(&["a", "indiqué"]),
    verb(&["déclare"]),
    verb(&["affirme"]),
    verb(&["explique"]),
    verb(&["estime"]),
    verb(&["souligne"]),
    // German.
    verb(&["sagte"]),
    verb(&["sagt"]),
    verb(&["erklärte"]),
    verb(&["erklärt"]),
    verb(&["betonte"]),
    verb(&["betont"]),
    verb(&["meinte"]),
    // English.
    verb(&["said"]),
    verb(&["says"]),
    verb(&["say"]),
    verb(&["saying"]),
    tell(&["told"]),
    tell(&["tells"]),
    tell(&["telling"]),
    verb(&["added"]),
    verb(&["adds"]),
    verb(&["adding"]),
    verb(&["explained"]),
    verb(&["explains"]),
    verb(&["warned"]),
    verb(&["warns"]),
    verb(&["insisted"]),
    verb(&["insists"]),
    verb(&["noted"]),
    verb(&["notes"]),
    verb(&["stated"]),
    verb(&["states"]),
    verb(&["argued"]),
    verb(&["argues"]),
    verb(&["claimed"]),
    verb(&["claims"]),
    verb(&["asked"]),
    verb(&["asks"]),
    verb(&["replied"]),
    verb(&["replies"]),
    verb(&["continued"]),
    verb(&["wrote"]),
    verb(&["writes"]),
    verb(&["declared"]),
    verb(&["announced"]),
    verb(&["admitted"]),
    verb(&["admits"]),
    verb(&["acknowledged"]),
    verb(&["conceded"]),
    verb(&["recalled"]),
    verb(&["recalls"]),
    verb(&["suggested"]),
    verb(&["stressed"]),
    verb(&["emphasised"]),
    verb(&["emphasized"]),
    verb(&["observed"]),
    verb(&["remarked"]),
    verb(&["commented"]),
    verb(&["complained"]),
    verb(&["urged"]),
    verb(&["predicted"]),
    verb(&["promised"]),
    verb(&["vowed"]),
    verb(&["pledged"]),
    verb(&["confirmed"]),
    verb(&["denied"]),
    verb(&["responded"]),
    verb(&["answered"]),
    verb(&["tweeted"]),
    verb(&["joked"]),
    verb(&["shouted"]),
    verb(&["whispered"]),
    verb(&["asserted"]),
    verb(&["maintained"]),
    verb(&["cautioned"]),
    verb(&["called"]),
    verb(&["calls"]),
    verb(&["described"]),
    verb(&["describes"]),
    verb(&["dubbed"]),
];

/// Objects of `told` that are longer than one word, tried before the one-word rule
/// (`told a press conference`). Otherwise the object is an optional article plus one
/// word or one capitalised name (`told reporters`, `told the Courier`).
pub const TOLD_OBJECTS: &[&[&str]] = &[
    &["a", "press", "conference"],
    &["a", "news", "conference"],
    &["the", "press"],
    &["the", "bbc"],
    &["local", "media"],
    &["state", "media"],
];

/// Words that never start the object of `told` (the cue then stays `told`).
pub const NOT_OBJECTS: &[&str] = &[
    "that", "on", "in", "at", "after", "before", "during", "when", "while", "with", "of", "about",
    "to", "by", "for", "from",
];

/// Which side of the quote an attribution pattern reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The words right after the closing mark, up to the end of the sentence.
    After,
    /// The words of the sentence before the opening mark.
    Before,
}

/// The shape of an attribution pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Cue, then the speaker: `“…,” said Jane Doe`, `“…,” according to Doe`.
    CueThenSpeaker,
    /// Speaker, then cue: `“…,” Doe said`, `“…,” the minister told reporters`.
    SpeakerThenCue,
    /// The nearest cue before the quote in its sentence with its subject: `Doe said:
    /// “…”`, `He called it “unacceptable”`; or the speaker after an according-to cue:
    /// `According to Doe, “…”`.
    NearestCue,
    /// No cue, but the sentence introduces the quote with a colon: `Doe was cautious:
    /// “…”`. The speaker is the subject at the start of the sentence; no cue is proposed.
    Colon,
}

/// An attribution pattern and how much it is trusted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AttributionPattern {
    /// Short name, shown to the user with the suggestion ("said NAME").
    pub name: &'static str,
    /// Which side of the quote it reads.
    pub side: Side,
    /// Its shape.
    pub shape: Shape,
    /// Base confidence in `0.0..=1.0`, multiplied by the speaker factor below.
    pub confidence: f32,
}

/// The patterns, in order of preference on equal confidence.
pub const PATTERNS: &[AttributionPattern] = &[
    AttributionPattern {
        name: "“…,” said NAME",
        side: Side::After,
        shape: Shape::CueThenSpeaker,
        confidence: 0.95,
    },
    AttributionPattern {
        name: "“…,” NAME said",
        side: Side::After,
        shape: Shape::SpeakerThenCue,
        confidence: 0.95,
    },
    AttributionPattern {
        name: "NAME said: “…”",
        side: Side::Before,
        shape: Shape::NearestCue,
        confidence: 0.85,
    },
    AttributionPattern {
        name: "NAME …: “…”",
        side: Side::Before,
        shape: Shape::Colon,
        confidence: 0.5,
    },
];

/// Confidence of a speaker inherited from the previous quote of the same paragraph
/// when at most one sentence (the previous quote's own attribution) separates them.
pub const INHERIT_SAME_PARAGRAPH: f32 = 0.7;

/// Confidence of a speaker inherited by a paragraph of nothing but unattributed quotes
/// from the last quote of the paragraph before.
pub const INHERIT_PREVIOUS_PARAGRAPH: f32 = 0.5;

/// Confidence factor of a speaker inherited along a chain of paragraph continuations.
pub const INHERIT_CONTINUATION: f32 = 0.8;

/// Confidence factor when the speaker is a name written in the attribution.
pub const FACTOR_NAME: f32 = 1.0;
/// Confidence factor when the speaker is a pronoun resolved to an earlier name.
pub const FACTOR_PRONOUN: f32 = 0.85;
/// Confidence factor when the speaker is "the minister" resolved to a named earlier
/// mention of the role, or "the ministry" resolved to an organisation.
pub const FACTOR_ROLE_RESOLVED: f32 = 0.8;
/// Confidence factor when "the minister" could only be resolved to the last person.
pub const FACTOR_ROLE_GUESSED: f32 = 0.5;
/// Confidence factor when the speaker is an unnamed role proposed as its own mention
/// ("police spokesperson").
pub const FACTOR_ROLE_ITSELF: f32 = 0.7;

/// At most this many words between a cue and the quote for [`Shape::NearestCue`]
/// (`Doe said in a statement that the plan was “…”`).
pub const MAX_CUE_GAP_WORDS: usize = 12;

/// At most this many lower-case words between an article and a role noun or a name
/// (`the regional finance minister`, `board chairwoman Hedda Solberg`).
pub const MAX_MODIFIERS: usize = 4;

/// A quote of at most this many words is a scare quote unless it is attributed or
/// ends with speech punctuation.
pub const MAX_SCARE_WORDS: usize = 2;

/// Pronouns that can be a speaker, and what they refer to (`true`: a person,
/// `false`: an organisation). "They" is left out: it is too often a group.
pub const PRONOUNS: &[(&str, bool)] = &[
    ("he", true),
    ("she", true),
    ("it", false),
    ("il", true),
    ("elle", true),
    ("er", true),
];

/// Titles and honorifics: dropped from the start of a name ("Dr Amara Whitfield" →
/// `Amara Whitfield`, "Finance Minister Ana Duarte" → `Ana Duarte`), as mentions
/// exclude them. A trailing full stop (`Dr.`, `Prof.`) goes with them.
pub const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "vice",
    "prime",
    "minister",
    "chancellor",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "judge",
    "justice",
    "general",
    "gen",
    "colonel",
    "col",
    "captain",
    "capt",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "officer",
    "inspector",
    "detective",
    "chief",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "father",
    "sister",
    "rabbi",
    "imam",
    "bishop",
    "archbishop",
    "reverend",
    "rev",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "commissioner",
    "ambassador",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "coach",
    "sheikh",
    "mme",
    "mlle",
    "herr",
    "frau",
    "geschäftsführer",
    "geschäftsführerin",
    "bürgermeister",
    "bürgermeisterin",
    "ministerin",
    "kanzler",
    "kanzlerin",
    "präsident",
    "präsidentin",
    "sprecher",
    "sprecherin",
];

/// Role nouns that refer to a person: "the minister said", "a police spokesperson
/// said". Titles above also count.
pub const PERSON_ROLES: &[&str] = &[
    "spokesperson",
    "spokeswoman",
    "spokesman",
    "minister",
    "president",
    "mayor",
    "judge",
    "leader",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "executive",
    "ceo",
    "founder",
    "manager",
    "coach",
    "official",
    "officer",
    "lawyer",
    "attorney",
    "prosecutor",
    "senator",
    "governor",
    "councillor",
    "councilor",
    "chancellor",
    "secretary",
    "ambassador",
    "commissioner",
    "head",
    "chief",
    "captain",
    "economist",
    "analyst",
    "scientist",
    "expert",
    "researcher",
    "professor",
    "teacher",
    "doctor",
    "nurse",
    "witness",
    "resident",
    "engineer",
    "maire",
    "ministre",
    "porte-parole",
    "sprecher",
    "sprecherin",
];

/// Nouns that refer to an organisation: "the ministry said", "the company said".
pub const ORG_NOUNS: &[&str] = &[
    "ministry",
    "department",
    "government",
    "company",
    "firm",
    "agency",
    "authority",
    "council",
    "board",
    "institute",
    "university",
    "union",
    "party",
    "club",
    "police",
    "army",
    "military",
    "court",
    "committee",
    "commission",
    "bank",
    "group",
    "office",
    "organisation",
    "organization",
    "association",
    "federation",
    "foundation",
    "charity",
    "hospital",
    "school",
    "airline",
    "operator",
    "regulator",
    "team",
    "campaign",
    "embassy",
    "kremlin",
    "ministère",
    "gouvernement",
    "mairie",
    "ministerium",
    "regierung",
];

/// Words that make a capitalised name an organisation ("Ministry of Health",
/// "Stagehand Ltd", "Avelin Dockworkers’ Union"). A run containing one may also
/// contain `of`, `for`, `and`, `&` ("Institute for Deep Sky Studies").
pub const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "government",
    "agency",
    "authority",
    "council",
    "board",
    "institute",
    "university",
    "college",
    "union",
    "party",
    "club",
    "police",
    "army",
    "court",
    "committee",
    "commission",
    "bank",
    "group",
    "office",
    "organisation",
    "organization",
    "association",
    "federation",
    "foundation",
    "trust",
    "charity",
    "hospital",
    "school",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "co",
    "systems",
    "shipping",
    "airlines",
    "airways",
    "motors",
    "energy",
    "holdings",
    "media",
    "news",
    "times",
    "post",
    "gazette",
    "courier",
    "herald",
    "journal",
    "tribune",
    "press",
    "network",
    "service",
    "services",
    "fc",
    "united",
    "parliament",
    "senate",
    "assembly",
    "congress",
    "nations",
    "alliance",
    "front",
    "movement",
    "league",
    "society",
    "centre",
    "center",
    "stadtwerke",
    "verbraucherzentrale",
    "ministère",
    "mairie",
];

/// Words that make a capitalised name a place or a thing rather than a person
/// ("Elmstead Park", "Halvard Bridge", "Okabe Telescope"): such names are never
/// proposed as speakers nor used to resolve "he" or "she".
pub const OTHER_WORDS: &[&str] = &[
    "park",
    "street",
    "road",
    "avenue",
    "square",
    "bridge",
    "hall",
    "stadium",
    "arena",
    "river",
    "lake",
    "valley",
    "falls",
    "island",
    "islands",
    "mountain",
    "mountains",
    "bay",
    "airport",
    "station",
    "province",
    "district",
    "region",
    "county",
    "city",
    "town",
    "village",
    "port",
    "harbour",
    "harbor",
    "festival",
    "cup",
    "prize",
    "award",
    "telescope",
    "church",
    "cathedral",
    "museum",
    "theatre",
    "theater",
    "building",
    "tower",
    "fever",
    "virus",
    "act",
    "bill",
    "treaty",
    "war",
];

/// Lower-case particles inside names: "Joaquín de la Vega", "Samira al-Haddad",
/// "Ludwig van Beethoven". A particle joins a name only when a capitalised word (or a
/// hyphen and one) follows.
pub const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "dos", "das", "du", "des", "la", "le", "van", "von", "der",
    "den", "ter", "ten", "al", "el", "bin", "ibn", "bint", "y", "e", "zu",
];

/// Words that join two capitalised parts of an organisation's name.
pub const NAME_CONNECTORS: &[&str] = &["of", "for", "and", "&"];

/// Capitalised words that are not names when they start a name run ("The Port
/// Authority" → `Port Authority`), and that are not names at all when they start a
/// sentence ("But Doe said" → `Doe`).
pub const FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "so",
    "yet",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "as",
    "at",
    "in",
    "on",
    "of",
    "for",
    "to",
    "from",
    "by",
    "with",
    "without",
    "about",
    "over",
    "under",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "we",
    "you",
    "they",
    "he",
    "she",
    "it",
    "i",
    "not",
    "no",
    "some",
    "many",
    "most",
    "every",
    "each",
    "all",
    "both",
    "one",
    "two",
    "three",
    "asked",
    "like",
    "unlike",
    "despite",
    "although",
    "though",
    "however",
    "meanwhile",
    "still",
    "also",
    "even",
    "only",
    "now",
    "then",
    "yes",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "des",
    "du",
    "et",
    "mais",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "und",
    "aber",
    "er",
    "sie",
    "es",
    "wir",
    "jetzt",
    "viele",
];

/// Days and months: never part of a name.
pub const DAYS_AND_MONTHS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
];

/// Articles: an article before a role noun makes it a role phrase ("the minister");
/// `true` when definite (resolved to an earlier mention), `false` when indefinite
/// (the role is proposed as its own mention).
pub const ARTICLES: &[(&str, bool)] = &[
    ("the", true),
    ("this", true),
    ("that", true),
    ("a", false),
    ("an", false),
    ("another", false),
    ("one", false),
    ("la", true),
    ("le", true),
    ("l", true),
    ("un", false),
    ("une", false),
    ("der", true),
    ("die", true),
    ("das", true),
    ("ein", false),
    ("eine", false),
];

/// Words between a speaker and the cue that are skipped: `Doe later said`, `Doe has
/// also warned`, `Residents … have called`.
pub const SKIPPABLE_BEFORE_CUE: &[&str] = &[
    "also",
    "later",
    "then",
    "previously",
    "once",
    "again",
    "earlier",
    "recently",
    "repeatedly",
    "simply",
    "quickly",
    "further",
    "never",
    "first",
    "finally",
    "has",
    "had",
    "have",
    "would",
    "will",
    "himself",
    "herself",
    "itself",
    "themselves",
    "publicly",
    "privately",
    "angrily",
    "calmly",
    "bluntly",
    "flatly",
    "has",
    "since",
    "just",
    "only",
    "even",
    "openly",
];

/// The word right before a short quote that marks it as a scare quote even near a
/// cue: an article or possessive ("the “savings”", "a “configuration error”", "its
/// “reform”"), or `so-called`. Words ending in `'s`/`’s` count as possessives.
pub const SCARE_PRECEDERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "some",
    "any",
    "new",
    "so-called",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "einen",
    "dem",
    "den",
];

/// Punctuation at the end of a quote's content that marks speech rather than a scare
/// quote ("“Never,” she said", "“Anyone?”").
pub const SPEECH_END: &[char] = &[',', '.', '!', '?', '…', ';', ':'];

/// Abbreviations whose full stop does not end a sentence (`Dr.`, `U.S.`, `Inc.`).
/// Single capital letters (initials) are handled separately.
pub const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt",
    "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "u.s", "u.k", "e.g", "i.e", "mt",
    "ft", "rev", "mme", "mlle", "approx", "dept", "est", "fig",
];

/// Whether `word` (any case) is in `list` (lower case).
pub fn contains(list: &[&str], word: &str) -> bool {
    let lower = word.to_lowercase();
    list.iter().any(|w| *w == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lower(list: &[&str]) -> bool {
        list.iter().all(|w| w.to_lowercase() == *w && !w.is_empty())
    }

    #[test]
    fn lists_are_lower_case_and_non_empty() {
        for list in [
            TITLES,
            PERSON_ROLES,
            ORG_NOUNS,
            ORG_WORDS,
            OTHER_WORDS,
            NAME_PARTICLES,
            NAME_CONNECTORS,
            FUNCTION_WORDS,
            DAYS_AND_MONTHS,
            SKIPPABLE_BEFORE_CUE,
            SCARE_PRECEDERS,
            ABBREVIATIONS,
            NOT_OBJECTS,
        ] {
            assert!(all_lower(list), "{list:?}");
        }
        for cue in CUES {
            assert!(all_lower(cue.words), "{:?}", cue.words);
        }
        for obj in TOLD_OBJECTS {
            assert!(all_lower(obj));
        }
    }

    #[test]
    fn confidences_are_probabilities() {
        for p in PATTERNS {
            assert!((0.0..=1.0).contains(&p.confidence), "{}", p.name);
        }
        for f in [
            INHERIT_SAME_PARAGRAPH,
            INHERIT_PREVIOUS_PARAGRAPH,
            INHERIT_CONTINUATION,
            FACTOR_NAME,
            FACTOR_PRONOUN,
            FACTOR_ROLE_RESOLVED,
            FACTOR_ROLE_GUESSED,
            FACTOR_ROLE_ITSELF,
        ] {
            assert!((0.0..=1.0).contains(&f));
        }
    }

    #[test]
    fn contains_ignores_case() {
        assert!(contains(TITLES, "Dr"));
        assert!(contains(CUES[0].words, "According"));
        assert!(!contains(TITLES, "Doe"));
    }
}
