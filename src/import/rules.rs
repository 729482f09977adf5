//! Furniture rules of the scraped-page cleaner, kept as data.
//!
//! The rules live in `src/import/furniture.txt` (compiled in with `include_str!`), one
//! per line: `CATEGORY KIND[/MAXWORDS] PATTERN`. The file's header documents the syntax;
//! [`parse_rules`] reads it and [`builtin`] holds the parsed table. Extending the cleaner
//! with a new share button, consent text or date style is one more line in that file.
//!
//! Matching never allocates more than a few small strings per line and never panics: a
//! malformed rule is reported by [`parse_rules`] (a unit test keeps the shipped file
//! free of them) and skipped.

use std::sync::OnceLock;

/// The rule table shipped with Glossa (see the header of the file for the syntax).
pub const FURNITURE_RULES: &str = include_str!("furniture.txt");

/// Category of date and time lines; they also mark the start of a story.
pub const DATE_TIME: &str = "date-time";
/// Category of "Read more" style headings; the short link-like lines under them go too.
pub const READ_MORE: &str = "read-more";
/// Category of image captions and credits.
pub const CAPTION_CREDIT: &str = "caption-credit";

/// How a rule's pattern is compared with a line.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// The whole line equals the pattern (ignoring case, bullets and trailing `: . › » | …`).
    Exact,
    /// The line starts with the pattern (ignoring case and leading bullets).
    Prefix,
    /// The line contains the pattern (ignoring case).
    Contains,
    /// The line's words follow a word pattern (see the module and file docs).
    Shape(Shape),
}

/// A parsed word pattern of a [`Kind::Shape`] rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    elements: Vec<Element>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Element {
    atom: Atom,
    min: usize,
    max: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Literal(Vec<String>),
    Class(Class),
}

/// Word classes of shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Weekday,
    Month,
    Day,
    Year,
    Time,
    AmPm,
    Tz,
    NumDate,
    Count,
    Unit,
    Age,
    Stamp,
    Num,
    Any,
}

impl Class {
    fn parse(name: &str) -> Option<Class> {
        Some(match name {
            "weekday" => Class::Weekday,
            "month" => Class::Month,
            "day" => Class::Day,
            "year" => Class::Year,
            "time" => Class::Time,
            "ampm" => Class::AmPm,
            "tz" => Class::Tz,
            "numdate" => Class::NumDate,
            "count" => Class::Count,
            "unit" => Class::Unit,
            "age" => Class::Age,
            "stamp" => Class::Stamp,
            "num" => Class::Num,
            "any" => Class::Any,
            _ => return None,
        })
    }

    fn accepts(self, word: &str) -> bool {
        match self {
            Class::Weekday => is_weekday(word),
            Class::Month => is_month(word),
            Class::Day => is_day(word),
            Class::Year => is_year(word),
            Class::Time => is_time(word),
            Class::AmPm => matches!(word, "am" | "pm" | "a.m" | "p.m"),
            Class::Tz => is_tz(word),
            Class::NumDate => is_numdate(word),
            Class::Count => is_count(word),
            Class::Unit => is_unit(word),
            Class::Age => is_age(word),
            Class::Stamp => matches!(
                word,
                "published"
                    | "updated"
                    | "posted"
                    | "modified"
                    | "last"
                    | "first"
                    | "on"
                    | "at"
                    | "created"
                    | "edited"
                    | "date"
                    | "time"
                    | "pub"
                    | "upd"
                    | "originally"
                    | "uploaded"
            ),
            Class::Num => !word.is_empty() && word.len() <= 6 && all_digits(word),
            Class::Any => true,
        }
    }
}

/// One furniture rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Rule group, e.g. `cookie-consent`; becomes the removed line's reason.
    pub category: String,
    /// How the pattern is compared.
    pub kind: Kind,
    /// The rule only applies to lines of at most this many words.
    pub max_words: Option<usize>,
    /// The pattern as written in the rule file.
    pub pattern: String,
    /// The pattern prepared for comparison (lower case; for `Exact`, without trailing decoration).
    needle: String,
}

/// A line of the rule file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    /// 1-based line number in the rule file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a rule file: the rules it defines and the lines it could not read (skipped).
pub fn parse_rules(src: &str) -> (Vec<Rule>, Vec<RuleError>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (n, raw) in src.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_rule(line) {
            Ok(rule) => rules.push(rule),
            Err(message) => errors.push(RuleError {
                line: n + 1,
                message,
            }),
        }
    }
    (rules, errors)
}

fn parse_rule(line: &str) -> Result<Rule, String> {
    let (category, rest) = line
        .split_once(char::is_whitespace)
        .ok_or("expected CATEGORY KIND PATTERN")?;
    let rest = rest.trim_start();
    let (kind, pattern) = rest
        .split_once(char::is_whitespace)
        .ok_or("expected CATEGORY KIND PATTERN")?;
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err("the pattern is empty".into());
    }
    let (kind, max_words) = match kind.split_once('/') {
        Some((k, n)) => (
            k,
            Some(
                n.parse::<usize>()
                    .map_err(|_| format!("bad word limit {n:?}"))?,
            ),
        ),
        None => (kind, None),
    };
    let lower = pattern.to_lowercase();
    let (kind, needle) = match kind {
        "exact" => (Kind::Exact, core_of(&lower).to_owned()),
        "prefix" => (Kind::Prefix, lower),
        "contains" => (Kind::Contains, lower),
        "shape" => (Kind::Shape(parse_shape(&lower)?), lower),
        other => return Err(format!("unknown kind {other:?}")),
    };
    Ok(Rule {
        category: category.to_owned(),
        kind,
        max_words,
        pattern: pattern.to_owned(),
        needle,
    })
}

fn parse_shape(pattern: &str) -> Result<Shape, String> {
    let mut elements = Vec::new();
    for token in pattern.split_whitespace() {
        let (body, min, max) = if let Some(b) = token.strip_suffix('?') {
            (b, 0, 1)
        } else if let Some(b) = token.strip_suffix('*') {
            (b, 0, usize::MAX)
        } else if let Some(b) = token.strip_suffix('+') {
            (b, 1, usize::MAX)
        } else {
            (token, 1, 1)
        };
        if body.is_empty() {
            return Err(format!("empty element in shape {pattern:?}"));
        }
        let atom = match body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
            Some(name) => Atom::Class(
                Class::parse(name).ok_or_else(|| format!("unknown word class {{{name}}}"))?,
            ),
            None => Atom::Literal(body.split('|').map(str::to_owned).collect()),
        };
        elements.push(Element { atom, min, max });
    }
    Ok(Shape { elements })
}

/// The shipped rules, parsed once (lines that fail to parse are skipped).
pub fn builtin() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| parse_rules(FURNITURE_RULES).0)
}

/// A line prepared for matching.
#[derive(Clone, Debug)]
pub(crate) struct LineView<'a> {
    /// The line without surrounding whitespace.
    pub trimmed: &'a str,
    /// Lower case, without surrounding whitespace and leading bullets.
    pub head: String,
    /// `head` without trailing decoration (`: . › » | …` and dashes).
    pub core: String,
    /// Words of the trimmed line ([`word_count`]).
    pub words: usize,
    /// Words of `head` without surrounding punctuation (for shapes); empty words dropped.
    pub tokens: Vec<String>,
}

impl<'a> LineView<'a> {
    pub fn new(line: &'a str) -> LineView<'a> {
        let trimmed = line.trim();
        let head = strip_bullets(trimmed).to_lowercase();
        let core = core_of(&head).to_owned();
        let tokens = head
            .split_whitespace()
            .map(token_of)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        LineView {
            trimmed,
            words: word_count(trimmed),
            head,
            core,
            tokens,
        }
    }
}

/// Words of a line: whitespace-separated words, where a run of Chinese or Japanese
/// characters (written without spaces) counts as one word per two characters.
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| {
            let cjk = w.chars().filter(|&c| is_cjk(c)).count();
            cjk.div_ceil(2).max(1)
        })
        .sum()
}

/// Han ideographs, hiragana and katakana (scripts written without spaces between words).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2FFFF}')
}

/// Leading list bullets and arrows ignored when matching ("• Facebook").
pub(crate) fn strip_bullets(s: &str) -> &str {
    let mut s = s;
    loop {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(b), Some(space))
                if is_bullet(b) && space.is_whitespace() && s.chars().count() > 2 =>
            {
                s = s[b.len_utf8()..].trim_start();
            }
            _ => return s,
        }
    }
}

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '*'
            | '-'
            | '–'
            | '—'
            | '›'
            | '»'
            | '>'
            | '|'
            | '▪'
            | '◦'
            | '‣'
            | '○'
            | '●'
            | '■'
            | '►'
            | '▶'
            | '→'
    )
}

fn is_decoration(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | '.'
                | '›'
                | '»'
                | '>'
                | '|'
                | '…'
                | '→'
                | '▸'
                | '▶'
                | '·'
                | '•'
                | '-'
                | '–'
                | '—'
        )
}

fn core_of(s: &str) -> &str {
    s.trim_end_matches(is_decoration).trim()
}

fn is_token_punctuation(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | '|'
            | '·'
            | '•'
            | '–'
            | '—'
            | '-'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
    )
}

fn token_of(word: &str) -> &str {
    let mut t = word.trim_matches(is_token_punctuation);
    loop {
        let next = t
            .trim_end_matches(['.', ':'])
            .trim_matches(is_token_punctuation);
        if next.len() == t.len() {
            return t;
        }
        t = next;
    }
}

/// The first rule of `rules` that matches `view`.
pub(crate) fn first_match<'r>(rules: &'r [Rule], view: &LineView<'_>) -> Option<&'r Rule> {
    if view.trimmed.is_empty() {
        return None;
    }
    rules.iter().find(|rule| rule.matches(view))
}

impl Rule {
    /// Whether the rule matches `line` (a line of a page, without its terminator).
    pub fn matches_line(&self, line: &str) -> bool {
        let view = LineView::new(line);
        !view.trimmed.is_empty() && self.matches(&view)
    }

    pub(crate) fn matches(&self, view: &LineView<'_>) -> bool {
        if self.max_words.is_some_and(|max| view.words > max) {
            return false;
        }
        match &self.kind {
            Kind::Exact => view.core == self.needle,
            Kind::Prefix => view.head.starts_with(&self.needle),
            Kind::Contains => view.head.contains(&self.needle),
            Kind::Shape(shape) => {
                !view.tokens.is_empty()
                    && view.tokens.len() <= 24
                    && shape_matches(&shape.elements, &view.tokens)
            }
        }
    }
}

fn shape_matches(elements: &[Element], tokens: &[String]) -> bool {
    let Some((first, rest)) = elements.split_first() else {
        return tokens.is_empty();
    };
    let mut n = 0;
    while n < tokens.len() && n < first.max && first.atom.accepts(&tokens[n]) {
        n += 1;
    }
    if n < first.min {
        return false;
    }
    (first.min..=n)
        .rev()
        .any(|k| shape_matches(rest, &tokens[k..]))
}

impl Atom {
    fn accepts(&self, word: &str) -> bool {
        match self {
            Atom::Literal(options) => options.iter().any(|o| o == word),
            Atom::Class(class) => class.accepts(word),
        }
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A weekday name or abbreviation, lower case.
pub(crate) fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "mon"
            | "tuesday"
            | "tue"
            | "tues"
            | "wednesday"
            | "wed"
            | "thursday"
            | "thu"
            | "thur"
            | "thurs"
            | "friday"
            | "fri"
            | "saturday"
            | "sat"
            | "sunday"
            | "sun"
    )
}

/// A month name or abbreviation, lower case.
pub(crate) fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "jan"
            | "february"
            | "feb"
            | "march"
            | "mar"
            | "april"
            | "apr"
            | "may"
            | "june"
            | "jun"
            | "july"
            | "jul"
            | "august"
            | "aug"
            | "september"
            | "sep"
            | "sept"
            | "october"
            | "oct"
            | "november"
            | "nov"
            | "december"
            | "dec"
    )
}

fn is_day(w: &str) -> bool {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    digits.len() <= 2 && all_digits(digits) && matches!(digits.parse::<u8>(), Ok(1..=31))
}

fn is_year(w: &str) -> bool {
    w.len() == 4 && all_digits(w) && matches!(w.parse::<u16>(), Ok(1900..=2099))
}

fn is_time(w: &str) -> bool {
    let (rest, ampm) = ["a.m", "p.m", "am", "pm"]
        .iter()
        .find_map(|s| w.strip_suffix(s).map(|r| (r, true)))
        .or_else(|| w.strip_suffix('h').map(|r| (r, false)))
        .unwrap_or((w, false));
    let rest = rest.trim_end();
    let mut parts = rest.split([':', '.']);
    let hour = parts.next().unwrap_or("");
    if !(1..=2).contains(&hour.len()) || !all_digits(hour) {
        return false;
    }
    let hour: u8 = hour.parse().unwrap_or(99);
    match parts.next() {
        None => ampm && (1..=12).contains(&hour),
        Some(minute) => {
            let seconds_ok = match parts.next() {
                None => true,
                Some(s) => s.len() == 2 && all_digits(s) && parts.next().is_none(),
            };
            hour <= 24 && minute.len() == 2 && all_digits(minute) && minute < "60" && seconds_ok
        }
    }
}

fn is_tz(w: &str) -> bool {
    if matches!(
        w,
        "gmt"
            | "bst"
            | "utc"
            | "cet"
            | "cest"
            | "eet"
            | "eest"
            | "wet"
            | "west"
            | "et"
            | "est"
            | "edt"
            | "ct"
            | "cst"
            | "cdt"
            | "mt"
            | "mst"
            | "mdt"
            | "pt"
            | "pst"
            | "pdt"
            | "ist"
            | "aest"
            | "aedt"
            | "jst"
            | "hkt"
            | "sgt"
            | "msk"
            | "z"
            | "uk"
            | "local"
            | "time"
    ) {
        return true;
    }
    ["utc", "gmt"].iter().any(|p| {
        w.strip_prefix(p)
            .and_then(|r| r.strip_prefix(['+', '-']))
            .is_some_and(|r| {
                let r: String = r.chars().filter(|c| *c != ':').collect();
                (1..=4).contains(&r.len()) && all_digits(&r)
            })
    })
}

fn is_numdate(w: &str) -> bool {
    // ISO date-times: 2024-05-14t10:32:00z (lower case by now).
    let date = match w.split_once('t') {
        Some((d, time)) if !time.is_empty() && time.starts_with(|c: char| c.is_ascii_digit()) => d,
        Some(_) => return false,
        None => w,
    };
    let Some(sep) = date.chars().find(|c| matches!(c, '/' | '-' | '.')) else {
        return false;
    };
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 || !parts.iter().all(|p| all_digits(p)) {
        return false;
    }
    let lens = (parts[0].len(), parts[1].len(), parts[2].len());
    matches!(
        lens,
        (1..=2, 1..=2, 2) | (1..=2, 1..=2, 4) | (4, 1..=2, 1..=2)
    )
}

fn is_count(w: &str) -> bool {
    (w.len() <= 3 && all_digits(w))
        || matches!(
            w,
            "a" | "an"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "eleven"
                | "twelve"
                | "few"
                | "several"
        )
}

fn is_unit(w: &str) -> bool {
    matches!(
        w,
        "second"
            | "seconds"
            | "sec"
            | "secs"
            | "minute"
            | "minutes"
            | "min"
            | "mins"
            | "hour"
            | "hours"
            | "hr"
            | "hrs"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "wk"
            | "wks"
            | "month"
            | "months"
            | "mo"
            | "mos"
            | "year"
            | "years"
            | "yr"
            | "yrs"
    )
}

fn is_age(w: &str) -> bool {
    let split = w.find(|c: char| !c.is_ascii_digit()).unwrap_or(w.len());
    let (n, unit) = w.split_at(split);
    (1..=3).contains(&n.len())
        && matches!(
            unit,
            "s" | "m" | "h" | "d" | "w" | "y" | "mo" | "min" | "mins" | "hr" | "hrs" | "yr" | "yrs"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(line: &str) -> Option<&'static str> {
        first_match(builtin(), &LineView::new(line)).map(|r| r.category.as_str())
    }

    #[test]
    fn the_shipped_rule_file_parses_completely() {
        let (rules, errors) = parse_rules(FURNITURE_RULES);
        assert_eq!(errors, vec![]);
        assert!(rules.len() > 100);
        assert_eq!(builtin().len(), rules.len());
    }

    #[test]
    fn bad_rules_are_reported_and_skipped() {
        let (rules, errors) = parse_rules(
            "# comment\nshare exact Share\nx\nshare fuzzy y\nd shape {nope}\nx exact/z y\n",
        );
        assert_eq!(rules.len(), 1);
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![3, 4, 5, 6]
        );
    }

    #[test]
    fn dates_and_times_in_many_styles() {
        for line in [
            "Tuesday 14 May 2024 10:32",
            "Tuesday 14 May 2024 10:32, UK",
            "14/05/2024",
            "2024-05-14",
            "2024-05-14T10:32:00Z",
            "3 hours ago",
            "an hour ago",
            "Updated 10:45 GMT",
            "Updated: 3 June 2024 09:40 BST",
            "Published May 14, 2024",
            "Updated May 15, 2024, 9:12 a.m. ET",
            "May 16, 2024, 7:45 p.m. ET",
            "14th May 2024 | 10.32am",
            "Last updated on 14 May 2024 at 10:32",
            "5h ago",
            "Yesterday at 18:00",
            "Mon 3 Jun 2024 07.15 BST",
            "10:32 GMT 14 May 2024",
        ] {
            assert_eq!(category(line), Some(DATE_TIME), "{line}");
        }
        for line in [
            "The council met on 14 May 2024 to vote.",
            "By 2030 the port will be closed",
            "May is a good month",
            "10 Downing Street",
            "Published",
        ] {
            assert_ne!(category(line), Some(DATE_TIME), "{line}");
        }
    }

    #[test]
    fn exact_rules_ignore_case_bullets_and_trailing_decoration() {
        assert_eq!(category("• Facebook"), Some("share-follow"));
        assert_eq!(category("  ADVERTISEMENT  "), Some("layout-word"));
        assert_eq!(category("Continue reading ›"), Some("layout-word"));
        assert_eq!(category("Read more from Harbour Gazette:"), Some(READ_MORE));
        assert_eq!(category("Facebook is fined by the regulator"), None);
        assert_eq!(category("-"), None);
    }

    #[test]
    fn word_limits_apply() {
        assert_eq!(category("Share on WhatsApp"), Some("share-follow"));
        assert_eq!(
            category("Share on the market fell sharply after the announcement was made public"),
            None
        );
    }

    #[test]
    fn words_of_scripts_without_spaces() {
        assert_eq!(word_count("  two words "), 2);
        assert_eq!(word_count("港口工人周二宣布罢工"), 5);
        assert_eq!(word_count("首页"), 1);
        assert_eq!(word_count("東京 2024年"), 2);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn shape_matching_handles_hostile_lines() {
        let long = "1 ".repeat(10_000);
        assert_eq!(category(&long), None);
        let many = "on ".repeat(24);
        let _ = category(&many);
        assert!(!is_time("99:99"));
        assert!(is_time("9:05"));
        assert!(is_time("10am"));
        assert!(!is_time("am"));
        assert!(!is_numdate("1/2"));
        assert!(is_age("3h"));
        assert!(!is_age("h"));
    }
}
