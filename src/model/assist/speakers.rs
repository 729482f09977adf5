//! The speaker suggester: who said a quote, read from the attribution around it.
//!
//! # Patterns
//!
//! Each quote is looked at within its sentence, its quotation (marks included) kept
//! as one opaque token so that words inside quotes never count. The patterns and
//! their confidences are data ([`rules::PATTERNS`]):
//!
//! - after the quote, **cue then speaker**: `“…,” said Jane Doe`, `“…,” says Doe, 71,`,
//!   `“…,” said government spokesperson Jane Doe` (the name, not the role), `“…,”
//!   according to Priya Raman of the Trust`;
//! - after the quote, **speaker then cue**: `“…,” Doe said`, `“…,” she said`, `“…,” the
//!   minister told reporters`, `“…,” the ministry said in a statement`, `“…,” Doe, a
//!   teacher, said`, `“…,” Doe later added`;
//! - before the quote, the **nearest cue** of the sentence and its subject: `Doe said:
//!   “…”`, `She added: “…”`, `He called it “unacceptable”`, `“…,” Doe said, “…”` (the
//!   second part), `Judge Helena Strand said Aalto had shown “no real remorse”`, and
//!   `According to Doe, “…”`;
//! - before the quote, a **colon** without a cue: `Moreau was cautious: “…”` (low
//!   confidence, no cue proposed).
//!
//! Then, for quotes still without a speaker:
//!
//! - the speaker of the chain when the quote continues speech from an earlier
//!   paragraph (see [`super::find_quotes`]);
//! - the speaker of the previous quote of the same paragraph when at most one sentence
//!   separates them (`“…,” said Doe, who leads the union. “…”`);
//! - for a paragraph made of nothing but unattributed quotes, the speaker of the
//!   previous paragraph's last quote if that quote ends its paragraph (a speaker going
//!   on talking, news style). A paragraph that also holds other text (`“Bring a
//!   raincoat.” That is the advice on the website.`) gets nothing.
//!
//! # Speakers
//!
//! - A **name** in the attribution is the speaker: the given PERSON or ORG mention it
//!   overlaps, or else a [`SpeakerGuess::NewMention`] for the name found heuristically
//!   — a run of capitalised words (accented letters, hyphens, particles such as `de
//!   la`, `van`, `al-`), without sentence-initial function words, days and months,
//!   and without titles and honorifics (`Dr`, `Prof.`, `President`, `Finance
//!   Minister`…), which mentions exclude. A run holding an organisation word
//!   (`Ministry`, `Ltd`, `Union`…) is an ORG and may contain `of`/`for`/`and`
//!   (`Ministry of Health`); for `X of Y said` the speaker is `X`. A run holding a
//!   place word (`Park`, `Bridge`, `Festival`…, [`rules::OTHER_WORDS`]) is never a
//!   speaker.
//! - A **pronoun** (`he`, `she`, `it`) is resolved to the last PERSON (ORG for `it`)
//!   mentioned before it outside quotes; given mentions win, heuristic names are the
//!   fallback when no fitting mention comes before. Gender is not guessed. `they` is
//!   not resolved.
//! - **"the minister"** (a role noun after an article) is resolved to the last earlier
//!   use of the same role attached to a name (`Minister Ana Duarte`, `spokesperson
//!   Jane Doe`, `Ana Duarte, the minister,`); if the role was used earlier only
//!   without a name, the role itself is proposed as a PERSON mention (`spokesperson`),
//!   as the conventions allow; if it was never used before, the last person (low
//!   confidence), or the role itself when there is none. **"the ministry"** (an
//!   organisation noun) is resolved to the last ORG whose name contains the word, or
//!   else the last ORG. An indefinite role (`a police spokesperson said`) is proposed as
//!   its own mention (`police spokesperson`).
//!
//! The cue is the attribution verb phrase: `said`, `according to`, and for `told` its
//! object too (`told reporters`, `told the Courier`).

use super::quotes::{find_quotes, QuoteSuggestion};
use super::rules::{self, CueKind, Shape, Side};
use super::{is_capitalised, span, tok_text, tokenize, units, Block, MentionKind, Tok, TokKind};
use crate::model::offsets::Span;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Who a suggestion says spoke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerGuess {
    /// An existing mention: an index into the `mentions` given to [`suggest_speakers`].
    Mention(usize),
    /// A mention to create: its span (a name found heuristically, without titles, or a
    /// role such as `police spokesperson`) and kind ([`MentionKind::Person`] or
    /// [`MentionKind::Org`]).
    NewMention(Span, MentionKind),
}

/// A proposed speaker for one quote.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerSuggestion {
    /// Index of the quote in the `quotes` given to [`suggest_speakers`].
    pub quote: usize,
    /// The speaker.
    pub speaker: SpeakerGuess,
    /// The attribution verb phrase (`said`, `told reporters`, `according to`), when
    /// there is one for this quote.
    pub cue: Option<Span>,
    /// How much the rule that made the suggestion is trusted, in `0.0..=1.0`.
    pub confidence: f32,
    /// The pronoun or role phrase of the attribution (`she`, `the minister`) that was
    /// resolved to the speaker, if any: the conventions make it a mention linked to the
    /// speaker's entity when it is needed.
    pub via: Option<Span>,
    /// Which rule made the suggestion (a pattern name of [`rules::PATTERNS`], or
    /// `"continuation"`, `"same paragraph"`, `"previous paragraph"`), for display.
    pub rule: &'static str,
}

/// A run of capitalised words that reads as a name.
#[derive(Clone, Copy, Debug)]
struct Run {
    /// First token (titles included, leading function words excluded).
    first: usize,
    /// Last token.
    last: usize,
    /// First token of the name proper, after titles.
    name_first: usize,
    /// The name: from `name_first` to `last`, without a possessive `'s`.
    span: Span,
    /// Person, organisation or other (places).
    kind: MentionKind,
    /// A single sentence-initial word never seen capitalised elsewhere: maybe not a
    /// name ("Tickets went on sale"); not used as an antecedent.
    weak: bool,
}

/// A noun phrase that can name a speaker.
#[derive(Clone, Debug)]
enum Np {
    Name(Run),
    Pronoun {
        span: Span,
        kind: MentionKind,
    },
    Role {
        span: Span,
        head: String,
        kind: MentionKind,
        definite: bool,
    },
}

/// A matched cue: its tokens and span.
#[derive(Clone, Copy, Debug)]
struct CueMatch {
    first: usize,
    last: usize,
    kind: CueKind,
    span: Span,
}

/// An attribution found for a quote: which pattern, the speaker phrase and the cue.
#[derive(Clone, Debug)]
struct Attribution {
    pattern: usize,
    np: Np,
    cue: Option<Span>,
}

/// The tokens and name runs of one unit.
struct UnitView<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    runs: Vec<Run>,
    blocks: &'a [Block],
}

fn in_list(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_possessive(w: &str) -> bool {
    w.ends_with("'s") || w.ends_with("\u{2019}s")
}

fn possessive_len(w: &str) -> usize {
    if w.ends_with("'s") {
        2
    } else if w.ends_with("\u{2019}s") {
        4
    } else {
        0
    }
}

fn is_pronoun(w: &str) -> Option<MentionKind> {
    rules::PRONOUNS
        .iter()
        .find(|(p, _)| *p == w)
        .map(|(_, person)| {
            if *person {
                MentionKind::Person
            } else {
                MentionKind::Org
            }
        })
}

fn role_kind(w: &str) -> Option<MentionKind> {
    if in_list(rules::PERSON_ROLES, w) || in_list(rules::TITLES, w) {
        Some(MentionKind::Person)
    } else if in_list(rules::ORG_NOUNS, w) {
        Some(MentionKind::Org)
    } else {
        None
    }
}

/// Cues by their first word, longest first.
fn cues_by_first_word() -> &'static HashMap<&'static str, Vec<&'static rules::Cue>> {
    static INDEX: OnceLock<HashMap<&'static str, Vec<&'static rules::Cue>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<&str, Vec<&rules::Cue>> = HashMap::new();
        for cue in rules::CUES {
            if let Some(first) = cue.words.first() {
                index.entry(first).or_default().push(cue);
            }
        }
        for list in index.values_mut() {
            list.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
        }
        index
    })
}

fn is_cue_word(w: &str) -> bool {
    cues_by_first_word().contains_key(w)
}

/// How far back (in tokens) "the minister" looks for the minister's name.
const ROLE_LOOKBACK_TOKENS: usize = 5000;

/// At most this many tokens on either side of a quote are read for its attribution,
/// so that a huge paragraph with many quotes stays fast.
const WINDOW_TOKENS: usize = 60;

impl<'a> UnitView<'a> {
    fn new(
        text: &'a str,
        toks: Vec<Tok>,
        blocks: &'a [Block],
        confirmed: &HashSet<String>,
    ) -> Self {
        let mut view = UnitView {
            text,
            toks,
            runs: Vec::new(),
            blocks,
        };
        view.runs = view.build_runs(confirmed);
        view
    }

    /// The text of a word token, `None` for punctuation, blocks and out of range.
    fn word(&self, k: usize) -> Option<&'a str> {
        self.toks
            .get(k)
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| tok_text(self.text, t))
    }

    fn lower(&self, k: usize) -> String {
        self.word(k).map(str::to_lowercase).unwrap_or_default()
    }

    fn is_punct(&self, k: usize, s: &str) -> bool {
        self.toks
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Punct && tok_text(self.text, t) == s)
    }

    fn is_hyphen(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| {
            t.kind == TokKind::Punct
                && matches!(tok_text(self.text, t), "-" | "\u{2010}" | "\u{2011}")
        })
    }

    fn adjacent(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.end == y.start,
            _ => false,
        }
    }

    fn is_lower_word(&self, k: usize) -> bool {
        self.word(k)
            .and_then(|w| w.chars().next())
            .is_some_and(|c| !c.is_uppercase())
    }

    fn is_terminator(&self, k: usize) -> bool {
        super::is_terminator(self.text, &self.toks, k)
    }

    fn block_at(&self, k: usize) -> Option<&Block> {
        match self.toks.get(k)?.kind {
            TokKind::Block(b) => self.blocks.get(b),
            _ => None,
        }
    }

    /// Whether token `k` may be part of a name.
    fn is_name_token(&self, k: usize) -> bool {
        let Some(w) = self.word(k) else {
            return false;
        };
        if !is_capitalised(w) {
            return false;
        }
        let lw = w.to_lowercase();
        if lw == "i" || in_list(rules::DAYS_AND_MONTHS, &lw) {
            return false;
        }
        let initial = self.toks[k].sentence_start;
        !(initial
            && (in_list(rules::FUNCTION_WORDS, &lw)
                || is_cue_word(&lw)
                || is_pronoun(&lw).is_some()))
    }

    fn is_particle(&self, k: usize) -> bool {
        self.word(k)
            .is_some_and(|w| in_list(rules::NAME_PARTICLES, w))
    }

    fn is_org_word(&self, k: usize) -> bool {
        in_list(rules::ORG_WORDS, &self.lower(k))
    }

    fn build_runs(&self, confirmed: &HashSet<String>) -> Vec<Run> {
        let mut runs = Vec::new();
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if !self.is_name_token(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut j = i;
            let mut has_org = self.is_org_word(j);
            loop {
                let w = self.word(j).unwrap_or("");
                if is_possessive(w) {
                    break;
                }
                let next = self.next_in_run(j, has_org);
                match next {
                    Some(k) => {
                        j = k;
                        has_org |= self.is_org_word(j);
                    }
                    None => break,
                }
            }
            if let Some(run) = self.make_run(start, j, confirmed) {
                runs.push(run);
            }
            i = j + 1;
        }
        runs
    }

    /// The token that continues a name run whose last token so far is `j`, if any.
    fn next_in_run(&self, j: usize, has_org: bool) -> Option<usize> {
        let w = self.word(j).unwrap_or("");
        let joined = |p: usize| self.adjacent(p - 1, p) && self.adjacent(p, p + 1);
        // "Dr. Samira", "Prof. Jean-Luc"
        if in_list(rules::TITLES, &w.to_lowercase())
            && self.is_punct(j + 1, ".")
            && self.adjacent(j, j + 1)
            && self.is_name_token(j + 2)
        {
            return Some(j + 2);
        }
        // "Jean-Luc", "Okabe-7b", but not "Berlin-based"
        let capital_or_digit = |k: usize| {
            self.word(k)
                .and_then(|x| x.chars().next())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        };
        if self.is_hyphen(j + 1) && joined(j + 1) && capital_or_digit(j + 2) {
            return Some(j + 2);
        }
        // "Supporters’ Trust"
        if (self.is_punct(j + 1, "\u{2019}") || self.is_punct(j + 1, "'"))
            && self.adjacent(j, j + 1)
            && w.ends_with('s')
            && self.is_name_token(j + 2)
        {
            return Some(j + 2);
        }
        if self.is_name_token(j + 1) {
            return Some(j + 1);
        }
        // "de la Vega", "al-Haddad"; not "Weidinger von der Verbraucherzentrale"
        let mut k = j + 1;
        while self.is_particle(k) {
            k += 1;
        }
        if k > j + 1 {
            if self.is_name_token(k) && !self.is_org_word(k) {
                return Some(k);
            }
            if self.is_hyphen(k) && joined(k) && self.word(k + 1).is_some_and(is_capitalised) {
                return Some(k + 1);
            }
        }
        // "Ministry of Health", "Marks & Spencer Group"
        let connector = self
            .word(j + 1)
            .is_some_and(|c| in_list(rules::NAME_CONNECTORS, c))
            || self.is_punct(j + 1, "&");
        (has_org && connector && self.is_name_token(j + 2)).then_some(j + 2)
    }

    fn make_run(&self, start: usize, last: usize, confirmed: &HashSet<String>) -> Option<Run> {
        let mut first = start;
        while first <= last && in_list(rules::FUNCTION_WORDS, &self.lower(first)) {
            first += 1;
        }
        if first > last {
            return None;
        }
        let mut name_first = first;
        for k in first..=last {
            if self.word(k).is_some() && in_list(rules::TITLES, &self.lower(k)) {
                name_first = k + 1;
            }
        }
        while name_first <= last && self.word(name_first).is_none() {
            name_first += 1;
        }
        if name_first > last || !self.word(name_first).is_some_and(is_capitalised) {
            return None;
        }
        let words: Vec<&str> = (name_first..=last).filter_map(|k| self.word(k)).collect();
        let letters = |w: &&str| w.chars().any(char::is_alphabetic);
        let all_caps = words
            .iter()
            .all(|w| !letters(w) || w.chars().all(|c| !c.is_lowercase()));
        if all_caps && (words.len() > 1 || words.iter().any(|w| w.chars().count() > 6)) {
            return None; // a dateline or a headline
        }
        if words.len() == 1 && words[0].chars().count() < 2 {
            return None; // an initial
        }
        let last_word = self.word(last).unwrap_or("");
        let end = self.toks[last].end - possessive_len(last_word);
        let start_byte = self.toks[name_first].start;
        if end <= start_byte {
            return None;
        }
        let any = |list: &[&str]| (first..=last).any(|k| in_list(list, &self.lower(k)));
        let acronym = words.len() == 1 && all_caps;
        let kind = if any(rules::ORG_WORDS) || acronym {
            MentionKind::Org
        } else if any(rules::OTHER_WORDS) {
            MentionKind::Other
        } else {
            MentionKind::Person
        };
        let weak = words.len() == 1
            && self.toks[name_first].sentence_start
            && !confirmed.contains(words[0]);
        Some(Run {
            first,
            last,
            name_first,
            span: span(start_byte, end),
            kind,
            weak,
        })
    }

    fn run_starting_at(&self, k: usize) -> Option<Run> {
        self.runs.iter().find(|r| r.first == k).copied()
    }

    fn run_ending_at(&self, k: usize) -> Option<Run> {
        self.runs.iter().find(|r| r.last == k).copied()
    }

    /// The cue starting at token `k` (before `hi`), with the object of `told`.
    fn cue_at(&self, k: usize, hi: usize) -> Option<CueMatch> {
        self.word(k)?;
        let cues = cues_by_first_word().get(self.lower(k).as_str())?;
        for cue in cues {
            let n = cue.words.len();
            if k + n > hi {
                continue;
            }
            if !(0..n).all(|i| self.word(k + i).is_some() && self.lower(k + i) == cue.words[i]) {
                continue;
            }
            if cue.words == ["called"]
                && k >= 2
                && self.is_hyphen(k - 1)
                && self.lower(k - 2) == "so"
            {
                continue; // so-called
            }
            let mut last = k + n - 1;
            if cue.takes_object {
                last = self.object_end(last + 1, hi).unwrap_or(last);
            }
            return Some(CueMatch {
                first: k,
                last,
                kind: cue.kind,
                span: span(self.toks[k].start, self.toks[last].end),
            });
        }
        None
    }

    fn is_cue_at(&self, k: usize, hi: usize) -> bool {
        self.cue_at(k, hi).is_some()
    }

    /// The last token of the object of `told` starting at `m`, if any.
    fn object_end(&self, m: usize, hi: usize) -> Option<usize> {
        for phrase in rules::TOLD_OBJECTS {
            let n = phrase.len();
            if m + n <= hi && (0..n).all(|i| self.lower(m + i) == phrase[i]) {
                return Some(m + n - 1);
            }
        }
        let mut o = m;
        if rules::ARTICLES.iter().any(|(a, _)| *a == self.lower(o)) {
            o += 1;
        }
        if o >= hi {
            return None;
        }
        if let Some(run) = self.run_starting_at(o) {
            return (run.last < hi).then_some(run.last);
        }
        let w = self.lower(o);
        (self.is_lower_word(o)
            && !in_list(rules::NOT_OBJECTS, &w)
            && !is_cue_word(&w)
            && is_pronoun(&w).is_none_or(|_| o == m))
        .then_some(o)
    }

    /// The window after the quotation at `at`: up to the end of the sentence or the
    /// next quotation.
    fn after_window(&self, at: usize) -> (usize, usize) {
        let s = at + 1;
        let mut e = s;
        while e < self.toks.len()
            && e < s + WINDOW_TOKENS
            && !matches!(self.toks[e].kind, TokKind::Block(_))
            && !self.is_terminator(e)
        {
            e += 1;
        }
        (s, e)
    }

    /// The window before the quotation at `at`: from the start of its sentence.
    fn before_window(&self, at: usize) -> (usize, usize) {
        let mut s = at;
        while s > 0 && at - s < WINDOW_TOKENS {
            let p = s - 1;
            if self.is_terminator(p) || self.block_at(p).is_some_and(|b| b.ends_sentence(self.text))
            {
                break;
            }
            s = p;
        }
        (s, at)
    }

    /// A speaker phrase starting at token `k`, and its last token.
    fn np_forward(&self, k: usize, hi: usize) -> Option<(Np, usize)> {
        if k >= hi {
            return None;
        }
        let w = self.lower(k);
        self.word(k)?;
        if let Some(kind) = is_pronoun(&w) {
            return Some((
                Np::Pronoun {
                    span: span(self.toks[k].start, self.toks[k].end),
                    kind,
                },
                k,
            ));
        }
        let mut mods_start = k;
        let mut definite = true;
        if let Some(run) = self.run_starting_at(k) {
            if is_possessive(self.word(run.last).unwrap_or("")) {
                // "Solheim’s spokesman": the role is the speaker, not Solheim.
                mods_start = run.last + 1;
            } else {
                // "Kremlin spokesperson Dmitri Volkov": the person after the role.
                let mut m = run.last + 1;
                let mut role = false;
                while m < hi && m <= run.last + rules::MAX_MODIFIERS && self.is_lower_word(m) {
                    let lw = self.lower(m);
                    if is_cue_word(&lw) || in_list(rules::NOT_OBJECTS, &lw) {
                        break;
                    }
                    role |= role_kind(&lw) == Some(MentionKind::Person);
                    m += 1;
                }
                if role {
                    if let Some(person) = self.run_starting_at(m).filter(|r| r.last < hi) {
                        return Some((Np::Name(person), person.last));
                    }
                }
                return (run.last < hi).then_some((Np::Name(run), run.last));
            }
        } else if let Some((_, d)) = rules::ARTICLES.iter().find(|(a, _)| *a == w) {
            mods_start = k + 1;
            definite = *d;
        }
        let mut head: Option<usize> = None;
        let mut m = mods_start;
        let mut words = 0;
        while m < hi && words < rules::MAX_MODIFIERS {
            if m > mods_start && self.is_hyphen(m) && self.adjacent(m - 1, m) {
                m += 1; // "45-year-old"
                continue;
            }
            let lw = self.lower(m);
            if self.word(m).is_none()
                || is_cue_word(&lw)
                || in_list(rules::NOT_OBJECTS, &lw)
                || (!self.is_lower_word(m) && role_kind(&lw).is_none())
            {
                break;
            }
            words += 1;
            let is_role = role_kind(&lw).is_some();
            if is_role {
                head = Some(m);
            }
            // "board chairwoman Hedda Solberg", "protester Kemal Yilmaz", "la maire,
            // Sophie Lemaire" (the comma only after a role noun).
            let name = self.run_starting_at(m + 1).or_else(|| {
                (is_role && self.is_punct(m + 1, ","))
                    .then(|| self.run_starting_at(m + 2))
                    .flatten()
            });
            let fits = |r: &Run| {
                r.last < hi
                    && (r.kind == MentionKind::Person || (is_role && r.kind == MentionKind::Org))
            };
            if let Some(run) = name.filter(fits) {
                return Some((Np::Name(run), run.last));
            }
            m += 1;
        }
        let h = head?;
        let head_word = self.lower(h);
        let kind = role_kind(&head_word)?;
        Some((
            Np::Role {
                span: span(self.toks[mods_start].start, self.toks[h].end),
                head: head_word,
                kind,
                definite,
            },
            h,
        ))
    }

    /// A speaker phrase ending at token `k` (not before `lo`).
    fn np_backward(&self, k: usize, lo: usize, depth: u8) -> Option<Np> {
        if k < lo || k >= self.toks.len() {
            return None;
        }
        let w = self.lower(k);
        if self.word(k).is_some() {
            if let Some(kind) = is_pronoun(&w) {
                return Some(Np::Pronoun {
                    span: span(self.toks[k].start, self.toks[k].end),
                    kind,
                });
            }
            if let Some(run) = self.run_ending_at(k).filter(|r| r.first >= lo) {
                // "Priya Raman of the Trust said", "Residents of Dunmere … called": X.
                let mut p = run.first;
                if p > lo && rules::ARTICLES.iter().any(|(a, _)| *a == self.lower(p - 1)) {
                    p -= 1;
                }
                if p > lo && matches!(self.lower(p - 1).as_str(), "of" | "from" | "at" | "for") {
                    if let Some(head) = p
                        .checked_sub(2)
                        .and_then(|q| self.run_ending_at(q))
                        .filter(|r| r.first >= lo && r.kind != MentionKind::Other)
                    {
                        return Some(Np::Name(head));
                    }
                }
                return Some(Np::Name(run));
            }
            if let Some(kind) = role_kind(&w) {
                let mut m = k;
                let mut definite = true;
                while m > lo && k - m < rules::MAX_MODIFIERS {
                    let prev = self.lower(m - 1);
                    if let Some((_, d)) = rules::ARTICLES.iter().find(|(a, _)| *a == prev) {
                        definite = *d;
                        break;
                    }
                    if !self.is_lower_word(m - 1) || is_cue_word(&prev) {
                        break;
                    }
                    m -= 1;
                }
                return Some(Np::Role {
                    span: span(self.toks[m].start, self.toks[k].end),
                    head: w,
                    kind,
                    definite,
                });
            }
            return None;
        }
        if self.is_punct(k, ",") && depth < 3 {
            // "Doe, a teacher, said" / "His lawyer, Emil Rask, said".
            let mut c0 = None;
            let mut p = k;
            while p > lo && k - p < 16 {
                p -= 1;
                if self.block_at(p).is_some() || self.is_terminator(p) {
                    break;
                }
                if self.is_punct(p, ",") {
                    c0 = Some(p);
                    break;
                }
            }
            if let Some(c0) = c0 {
                if let Some(run) = self
                    .run_starting_at(c0 + 1)
                    .filter(|r| r.last + 1 == k && r.kind != MentionKind::Other)
                {
                    return Some(Np::Name(run));
                }
                return c0
                    .checked_sub(1)
                    .and_then(|q| self.np_backward(q, lo, depth + 1));
            }
            return k
                .checked_sub(1)
                .and_then(|q| self.np_backward(q, lo, depth + 1));
        }
        None
    }

    /// Skips appositives and adverbs after a speaker phrase: the token where the cue
    /// should be.
    fn skip_to_cue(&self, mut m: usize, hi: usize) -> usize {
        if self.is_punct(m, ",") && self.is_cue_at(m + 1, hi) {
            return m + 1;
        }
        if self.is_punct(m, ",") {
            let mut p = m + 1;
            while p < hi && p <= m + 12 {
                if self.is_punct(p, ",") {
                    m = p + 1;
                    break;
                }
                p += 1;
            }
        }
        while m < hi && in_list(rules::SKIPPABLE_BEFORE_CUE, &self.lower(m)) {
            m += 1;
        }
        m
    }

    /// Skips adverbs backwards from `k` (the token before a cue).
    fn skip_back(&self, mut k: usize, lo: usize) -> usize {
        while k > lo && in_list(rules::SKIPPABLE_BEFORE_CUE, &self.lower(k)) {
            k -= 1;
        }
        k
    }

    /// All attributions of the quotation at token `at`, one per matching pattern.
    fn attributions(&self, at: usize) -> Vec<Attribution> {
        let mut out = Vec::new();
        for (pattern, p) in rules::PATTERNS.iter().enumerate() {
            let found = match (p.side, p.shape) {
                (Side::After, Shape::CueThenSpeaker) => self.after_cue_then_speaker(at),
                (Side::After, Shape::SpeakerThenCue) => self.after_speaker_then_cue(at),
                (Side::Before, Shape::NearestCue) => self.before_nearest_cue(at),
                (Side::Before, Shape::Colon) => self.before_colon(at),
                _ => None,
            };
            if let Some((np, cue)) = found {
                out.push(Attribution { pattern, np, cue });
            }
        }
        out
    }

    fn after_start(&self, at: usize) -> (usize, usize) {
        let (mut s, e) = self.after_window(at);
        while s < e && self.toks[s].kind == TokKind::Punct {
            s += 1;
        }
        (s, e)
    }

    fn after_cue_then_speaker(&self, at: usize) -> Option<(Np, Option<Span>)> {
        let (s, e) = self.after_start(at);
        let cue = self.cue_at(s, e)?;
        let np = self.np_forward(cue.last + 1, e).map(|(np, _)| np);
        if let Some(np @ Np::Name(_)) | Some(np @ Np::Pronoun { .. }) = np {
            return Some((np, Some(cue.span)));
        }
        // "said the 45-year-old mother of three, Lisa Grant": a name in apposition.
        let apposed = (cue.last + 1..e.min(cue.last + 12))
            .filter(|&p| self.is_punct(p, ","))
            .find_map(|p| {
                self.run_starting_at(p + 1).filter(|r| {
                    r.kind == MentionKind::Person
                        && (r.last + 1 == e || self.is_punct(r.last + 1, ","))
                })
            });
        match (apposed, np) {
            (Some(run), _) => Some((Np::Name(run), Some(cue.span))),
            (None, Some(np)) => Some((np, Some(cue.span))),
            (None, None) => None,
        }
    }

    fn after_speaker_then_cue(&self, at: usize) -> Option<(Np, Option<Span>)> {
        let (s, e) = self.after_start(at);
        let (mut np, last) = self.np_forward(s, e)?;
        let mut m = last + 1;
        if matches!(np, Np::Role { .. }) {
            // "the president of the federation, Lars Eriksen, said": skip the
            // complement; a name in apposition is the speaker.
            if matches!(self.lower(m).as_str(), "of" | "for" | "at" | "from") {
                let mut p = m + 1;
                while p < e && p <= m + 5 && self.word(p).is_some() && !self.is_cue_at(p, e) {
                    p += 1;
                }
                m = p;
            }
            if self.is_punct(m, ",") {
                if let Some(run) = self
                    .run_starting_at(m + 1)
                    .filter(|r| r.kind == MentionKind::Person && self.is_punct(r.last + 1, ","))
                {
                    np = Np::Name(run);
                    m = run.last + 2;
                }
            }
        }
        let m = self.skip_to_cue(m, e);
        let cue = self.cue_at(m, e).filter(|c| c.kind == CueKind::Verb)?;
        Some((np, Some(cue.span)))
    }

    fn before_nearest_cue(&self, at: usize) -> Option<(Np, Option<Span>)> {
        let (s, e) = self.before_window(at);
        let mut j = e;
        while j > s {
            j -= 1;
            let Some(cue) = self.cue_at(j, e) else {
                continue;
            };
            let gap = (cue.last + 1..e)
                .filter(|&k| self.word(k).is_some())
                .count();
            if gap > rules::MAX_CUE_GAP_WORDS {
                return None;
            }
            let np = match cue.kind {
                CueKind::AccordingTo => self.np_forward(cue.last + 1, e).map(|(np, _)| np),
                CueKind::Verb => {
                    let before = cue.first.checked_sub(1).filter(|&k| k >= s);
                    before
                        .and_then(|k| self.np_backward(self.skip_back(k, s), s, 0))
                        .or_else(|| {
                            // "Said Doe: “…”"
                            (cue.first == s)
                                .then(|| self.np_forward(cue.last + 1, e).map(|(np, _)| np))
                                .flatten()
                        })
                }
            };
            if let Some(np) = np {
                return Some((np, Some(cue.span)));
            }
        }
        None
    }

    fn before_colon(&self, at: usize) -> Option<(Np, Option<Span>)> {
        let (s, e) = self.before_window(at);
        if e == 0 || !self.is_punct(e - 1, ":") {
            return None;
        }
        let (np, _) = self.np_forward(s, e)?;
        match np {
            Np::Role {
                definite: false, ..
            } => None,
            np => Some((np, None)),
        }
    }
}

/// One unit read for attributions, for the quote finder.
pub(crate) struct AttributionReader<'a>(UnitView<'a>);

impl<'a> AttributionReader<'a> {
    /// Reads the unit whose tokens (with these blocks) are `toks`.
    pub(crate) fn new(text: &'a str, toks: Vec<Tok>, blocks: &'a [Block]) -> Self {
        AttributionReader(UnitView::new(text, toks, blocks, &HashSet::new()))
    }

    /// The tokens of the unit.
    pub(crate) fn toks(&self) -> &[Tok] {
        &self.0.toks
    }

    /// Whether the quotation at token `at` has an attribution (a cue and a speaker
    /// phrase, not necessarily resolvable). Used to keep attributed short quotes.
    pub(crate) fn attributed(&self, at: usize) -> bool {
        self.0.attributions(at).iter().any(|a| a.cue.is_some())
    }
}

/// The whole document as the suggester sees it.
struct Doc<'a> {
    text: &'a str,
    mentions: &'a [(Span, MentionKind)],
    /// Per mention: whether it lies inside a quote (never an antecedent).
    mention_in_quote: Vec<bool>,
    views: Vec<UnitView<'a>>,
}

impl Doc<'_> {
    /// The guess for a phrase at `at`: the speaking mention it overlaps most, else a
    /// new mention.
    fn guess_for(&self, at: Span, kind: MentionKind) -> SpeakerGuess {
        let best = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, (s, k))| k.can_speak() && s.overlaps(at))
            .max_by_key(|(i, (s, _))| {
                let overlap = s.end.min(at.end).0.saturating_sub(s.start.max(at.start).0);
                (overlap, std::cmp::Reverse(*i))
            });
        match best {
            Some((i, _)) => SpeakerGuess::Mention(i),
            None => SpeakerGuess::NewMention(at, kind),
        }
    }

    /// Name runs before byte `pos` of the given kind, in text order.
    fn runs_before(&self, pos: usize, kind: MentionKind) -> impl Iterator<Item = &Run> + '_ {
        self.views
            .iter()
            .flat_map(|v| v.runs.iter())
            .filter(move |r| r.kind == kind && !r.weak && r.span.end.0 <= pos)
    }

    /// The last fitting speaker before `pos`: given mentions first, heuristic names
    /// when no fitting mention comes before.
    fn antecedent(&self, pos: usize, kind: MentionKind) -> Option<SpeakerGuess> {
        let mention = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(i, (s, k))| *k == kind && s.end.0 <= pos && !self.mention_in_quote[*i])
            .max_by_key(|(i, (s, _))| (s.start, *i));
        if let Some((i, _)) = mention {
            return Some(SpeakerGuess::Mention(i));
        }
        let run = self.runs_before(pos, kind).last()?;
        Some(self.guess_for(run.span, kind))
    }

    /// "the ministry": the last organisation before `pos` whose name holds `head`,
    /// else the last organisation.
    fn org_antecedent(&self, head: &str, pos: usize) -> Option<SpeakerGuess> {
        let holds = |s: Span| {
            s.slice(self.text).is_some_and(|t| {
                t.to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == head)
            })
        };
        let orgs: Vec<(usize, Span)> = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(i, (s, k))| {
                *k == MentionKind::Org && s.end.0 <= pos && !self.mention_in_quote[*i]
            })
            .map(|(i, (s, _))| (i, *s))
            .collect();
        if !orgs.is_empty() {
            let pick = orgs
                .iter()
                .rev()
                .max_by_key(|(_, s)| (holds(*s), s.start))
                .map(|(i, _)| *i)?;
            return Some(SpeakerGuess::Mention(pick));
        }
        let runs: Vec<&Run> = self.runs_before(pos, MentionKind::Org).collect();
        let run = runs
            .iter()
            .rev()
            .find(|r| holds(r.span))
            .or_else(|| runs.last())?;
        Some(self.guess_for(run.span, MentionKind::Org))
    }

    /// "the minister": the last earlier use of `head` attached to a name. `Err(true)`
    /// when the role was used before without a name, `Err(false)` when never.
    fn named_role(&self, head: &str, pos: usize) -> Result<Run, bool> {
        let mut seen = false;
        let mut budget = ROLE_LOOKBACK_TOKENS;
        for v in self.views.iter().rev() {
            if v.toks.first().is_none_or(|t| t.start >= pos) {
                continue;
            }
            for k in (0..v.toks.len()).rev() {
                if v.toks[k].end > pos {
                    continue;
                }
                if budget == 0 {
                    return Err(seen);
                }
                budget -= 1;
                if v.word(k).is_none() || v.lower(k) != head {
                    continue;
                }
                seen = true;
                let attached = v
                    .runs
                    .iter()
                    .find(|r| r.first <= k && k < r.name_first)
                    .copied()
                    .or_else(|| v.run_starting_at(k + 1))
                    .or_else(|| {
                        v.is_punct(k + 1, ",")
                            .then(|| v.run_starting_at(k + 2))
                            .flatten()
                    })
                    .or_else(|| {
                        // "Ana Duarte, the finance minister"
                        let mut m = k;
                        while m > 0 && k - m <= rules::MAX_MODIFIERS && v.is_lower_word(m - 1) {
                            m -= 1;
                            if v.is_punct(m.wrapping_sub(1), ",") {
                                break;
                            }
                        }
                        (m >= 2 && v.is_punct(m - 1, ","))
                            .then(|| v.run_ending_at(m - 2))
                            .flatten()
                    });
                if let Some(run) = attached.filter(|r| r.kind == MentionKind::Person) {
                    return Ok(run);
                }
            }
        }
        Err(seen)
    }

    /// Resolves a speaker phrase: the guess, the pronoun or role resolved, and the
    /// confidence factor.
    fn resolve(&self, np: &Np) -> Option<(SpeakerGuess, Option<Span>, f32)> {
        match np {
            Np::Name(run) => {
                if !run.kind.can_speak() {
                    return None;
                }
                Some((self.guess_for(run.span, run.kind), None, rules::FACTOR_NAME))
            }
            Np::Pronoun { span, kind } => self
                .antecedent(span.start.0, *kind)
                .map(|g| (g, Some(*span), rules::FACTOR_PRONOUN)),
            Np::Role {
                span, head, kind, ..
            } if *kind == MentionKind::Org => Some(match self.org_antecedent(head, span.start.0) {
                Some(g) => (g, Some(*span), rules::FACTOR_ROLE_RESOLVED),
                None => (
                    self.guess_for(*span, MentionKind::Org),
                    None,
                    rules::FACTOR_ROLE_ITSELF,
                ),
            }),
            Np::Role {
                span,
                head,
                definite: true,
                ..
            } => Some(match self.named_role(head, span.start.0) {
                Ok(run) => (
                    self.guess_for(run.span, MentionKind::Person),
                    Some(*span),
                    rules::FACTOR_ROLE_RESOLVED,
                ),
                Err(true) => (
                    self.guess_for(*span, MentionKind::Person),
                    None,
                    rules::FACTOR_ROLE_ITSELF,
                ),
                Err(false) => match self.antecedent(span.start.0, MentionKind::Person) {
                    Some(g) => (g, Some(*span), rules::FACTOR_ROLE_GUESSED),
                    None => (
                        self.guess_for(*span, MentionKind::Person),
                        None,
                        rules::FACTOR_ROLE_ITSELF,
                    ),
                },
            }),
            Np::Role { span, .. } => Some((
                self.guess_for(*span, MentionKind::Person),
                None,
                rules::FACTOR_ROLE_ITSELF,
            )),
        }
    }
}

/// Suggests a speaker for each quote from the attribution around it.
///
/// `quotes` are content spans (between the marks, as [`super::find_quotes`] returns
/// them, or as a person marked them); `mentions` are the document's mentions with
/// their kind. Returns at most one suggestion per quote, in quote order; quotes with
/// no readable attribution get none. See the [module docs](self) for the patterns.
/// Spans that are reversed, out of range or not on character boundaries are ignored;
/// never panics.
pub fn suggest_speakers(
    text: &str,
    quotes: &[Span],
    mentions: &[(Span, MentionKind)],
) -> Vec<SpeakerSuggestion> {
    let valid = |s: &Span| s.start <= s.end && s.slice(text).is_some();
    let blocks: Vec<Block> = quotes
        .iter()
        .map(|q| {
            if valid(q) {
                Block::around(text, *q)
            } else {
                Block {
                    content: span(0, 0),
                    outer: span(0, 0),
                }
            }
        })
        .collect();
    let unit_spans = units(text);
    let toks: Vec<Vec<Tok>> = unit_spans
        .iter()
        .map(|u| tokenize(text, *u, &blocks))
        .collect();
    let mut confirmed = HashSet::new();
    for t in toks.iter().flatten() {
        let w = tok_text(text, t);
        if t.kind == TokKind::Word && !t.sentence_start && is_capitalised(w) {
            confirmed.insert(w.to_owned());
        }
    }
    let views: Vec<UnitView> = toks
        .into_iter()
        .map(|t| UnitView::new(text, t, &blocks, &confirmed))
        .collect();
    let mentions: Vec<(Span, MentionKind)> = mentions
        .iter()
        .map(|(s, k)| {
            if valid(s) {
                (*s, *k)
            } else {
                (span(0, 0), MentionKind::Other)
            }
        })
        .collect();
    let doc = Doc {
        text,
        mention_in_quote: inside_quotes(quotes, &mentions),
        mentions: &mentions,
        views,
    };
    // Where each quote is: (unit, token).
    let mut place: Vec<Option<(usize, usize)>> = vec![None; quotes.len()];
    for (u, v) in doc.views.iter().enumerate() {
        for (k, t) in v.toks.iter().enumerate() {
            if let TokKind::Block(b) = t.kind {
                if let Some(p) = place.get_mut(b) {
                    *p = Some((u, k));
                }
            }
        }
    }
    let mut result: Vec<Option<SpeakerSuggestion>> = vec![None; quotes.len()];
    for (q, p) in place.iter().enumerate() {
        let Some((u, k)) = *p else { continue };
        let best = doc.views[u]
            .attributions(k)
            .into_iter()
            .filter_map(|a| {
                let (speaker, via, factor) = doc.resolve(&a.np)?;
                let pattern = rules::PATTERNS.get(a.pattern)?;
                Some(SpeakerSuggestion {
                    quote: q,
                    speaker,
                    cue: a.cue,
                    confidence: pattern.confidence * factor,
                    via,
                    rule: pattern.name,
                })
            })
            .fold(None::<SpeakerSuggestion>, |best, s| match best {
                Some(b) if b.confidence >= s.confidence => Some(b),
                _ => Some(s),
            });
        result[q] = best;
    }
    // Each fallback may feed the next (a chain's first paragraph inheriting from the
    // paragraph before, then passing it on), so they run twice.
    let found = if quotes.is_empty() {
        Vec::new()
    } else {
        find_quotes(text)
    };
    for _ in 0..2 {
        inherit_along_chains(&found, quotes, &mut result);
        inherit_in_paragraph(&doc, &place, &mut result);
        inherit_from_previous_paragraph(&doc, &place, &mut result);
    }
    result.into_iter().flatten().collect()
}

/// For each mention, whether one of the (valid, non-empty) quotes contains it.
fn inside_quotes(quotes: &[Span], mentions: &[(Span, MentionKind)]) -> Vec<bool> {
    let mut sorted: Vec<Span> = quotes.iter().copied().filter(|q| q.start < q.end).collect();
    sorted.sort();
    // Largest end among the quotes starting at or before each one.
    let mut max_end = Vec::with_capacity(sorted.len());
    let mut best = 0;
    for q in &sorted {
        best = best.max(q.end.0);
        max_end.push(best);
    }
    mentions
        .iter()
        .map(|(m, _)| {
            let n = sorted.partition_point(|q| q.start <= m.start);
            n > 0 && max_end[n - 1] >= m.end.0
        })
        .collect()
}

/// Gives the quotes of a chain of paragraph continuations without a speaker the
/// chain's best speaker.
fn inherit_along_chains(
    found: &[QuoteSuggestion],
    quotes: &[Span],
    result: &mut [Option<SpeakerSuggestion>],
) {
    let mut chained: HashSet<usize> = HashSet::new();
    for (i, f) in found.iter().enumerate() {
        if let Some(r) = f.paragraph_continuation_of {
            chained.insert(i);
            chained.insert(r);
        }
    }
    let index: HashMap<Span, usize> = found
        .iter()
        .enumerate()
        .map(|(i, f)| (f.content, i))
        .collect();
    let mut chain_of_quote: BTreeMap<usize, usize> = BTreeMap::new();
    for (q, s) in quotes.iter().enumerate() {
        if let Some(&i) = index.get(s).filter(|i| chained.contains(i)) {
            chain_of_quote.insert(q, found[i].paragraph_continuation_of.unwrap_or(i));
        }
    }
    let mut best: BTreeMap<usize, SpeakerSuggestion> = BTreeMap::new();
    for (&q, &root) in &chain_of_quote {
        if let Some(s) = &result[q] {
            if best.get(&root).is_none_or(|b| b.confidence < s.confidence) {
                best.insert(root, s.clone());
            }
        }
    }
    for (&q, root) in &chain_of_quote {
        if result[q].is_none() {
            if let Some(b) = best.get(root) {
                result[q] = Some(SpeakerSuggestion {
                    quote: q,
                    speaker: b.speaker,
                    cue: None,
                    confidence: b.confidence * rules::INHERIT_CONTINUATION,
                    via: None,
                    rule: "continuation",
                });
            }
        }
    }
}

/// Gives the quotes of a paragraph made of nothing but quotes, none of them with a
/// speaker, the speaker of the previous paragraph's last quote, when that quote ends
/// its paragraph (at most its attribution follows): news style for a speaker who goes
/// on talking.
fn inherit_from_previous_paragraph(
    doc: &Doc,
    place: &[Option<(usize, usize)>],
    result: &mut [Option<SpeakerSuggestion>],
) {
    let mut by_unit: Vec<Vec<usize>> = vec![Vec::new(); doc.views.len()];
    for (q, p) in place.iter().enumerate() {
        if let Some(list) = p.and_then(|(u, _)| by_unit.get_mut(u)) {
            list.push(q);
        }
    }
    for (u, view) in doc.views.iter().enumerate().skip(1) {
        let only_quotes = view.toks.iter().all(|t| t.kind != TokKind::Word);
        let here = &by_unit[u];
        if !only_quotes || here.is_empty() || here.iter().any(|&q| result[q].is_some()) {
            continue;
        }
        let prev = &doc.views[u - 1];
        let Some(last) = prev
            .toks
            .iter()
            .rposition(|t| matches!(t.kind, TokKind::Block(_)))
        else {
            continue;
        };
        let ends = (last + 1..prev.toks.len())
            .filter(|&k| prev.is_terminator(k))
            .count();
        let source = match prev.toks[last].kind {
            TokKind::Block(q) => result.get(q).cloned().flatten(),
            _ => None,
        };
        let Some(source) = source.filter(|_| ends <= 1) else {
            continue;
        };
        for &q in here {
            result[q] = Some(SpeakerSuggestion {
                quote: q,
                speaker: source.speaker,
                cue: None,
                confidence: rules::INHERIT_PREVIOUS_PARAGRAPH.min(source.confidence),
                via: None,
                rule: "previous paragraph",
            });
        }
    }
}

/// Gives a quote without a speaker the speaker of the previous quote of its
/// paragraph, when at most one sentence end separates them.
fn inherit_in_paragraph(
    doc: &Doc,
    place: &[Option<(usize, usize)>],
    result: &mut [Option<SpeakerSuggestion>],
) {
    let mut order: Vec<(usize, usize, usize)> = place
        .iter()
        .enumerate()
        .filter_map(|(q, p)| p.map(|(u, k)| (u, k, q)))
        .collect();
    order.sort_unstable();
    for pair in 0..order.len().saturating_sub(1) {
        let (u0, k0, q0) = order[pair];
        let (u1, k1, q1) = order[pair + 1];
        if u0 != u1 || result[q1].is_some() {
            continue;
        }
        let Some(prev) = result[q0].clone() else {
            continue;
        };
        let view = &doc.views[u0];
        let ends = (k0 + 1..k1).filter(|&k| view.is_terminator(k)).count();
        if ends <= 1 {
            result[q1] = Some(SpeakerSuggestion {
                quote: q1,
                speaker: prev.speaker,
                cue: None,
                confidence: rules::INHERIT_SAME_PARAGRAPH.min(prev.confidence),
                via: None,
                rule: "same paragraph",
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The speaker's text and the cue's text for each quote found in `text`.
    fn run(text: &str) -> Vec<(String, Option<String>)> {
        run_with(text, &[])
    }

    fn run_with(text: &str, mentions: &[(Span, MentionKind)]) -> Vec<(String, Option<String>)> {
        let quotes: Vec<Span> = find_quotes(text).iter().map(|q| q.content).collect();
        let sugg = suggest_speakers(text, &quotes, mentions);
        (0..quotes.len())
            .map(|q| match sugg.iter().find(|s| s.quote == q) {
                None => ("-".to_owned(), None),
                Some(s) => {
                    let who = match s.speaker {
                        SpeakerGuess::Mention(i) => {
                            format!("#{}", mentions[i].0.slice(text).unwrap())
                        }
                        SpeakerGuess::NewMention(sp, _) => sp.slice(text).unwrap().to_owned(),
                    };
                    (who, s.cue.map(|c| c.slice(text).unwrap().to_owned()))
                }
            })
            .collect()
    }

    fn one(text: &str) -> (String, Option<String>) {
        run(text).into_iter().next().unwrap()
    }

    fn pair(who: &str, cue: &str) -> (String, Option<String>) {
        (who.to_owned(), Some(cue.to_owned()))
    }

    #[test]
    fn said_name_after_the_quote() {
        assert_eq!(
            one("“We will win,” said Jane Doe."),
            pair("Jane Doe", "said")
        );
        assert_eq!(
            one("“We will win,” said government spokesperson Jane Doe."),
            pair("Jane Doe", "said")
        );
        assert_eq!(
            one("“We will win,” says Bernard Achebe, 71, a fan."),
            pair("Bernard Achebe", "says")
        );
    }

    #[test]
    fn name_said_after_the_quote() {
        assert_eq!(one("“We will win,” Doe said."), pair("Doe", "said"));
        assert_eq!(
            one("“We will win,” Doe told reporters on Monday."),
            pair("Doe", "told reporters")
        );
        assert_eq!(
            one("“We will win,” Doe, a teacher, later added."),
            pair("Doe", "added")
        );
    }

    #[test]
    fn name_said_before_the_quote() {
        assert_eq!(
            one("Jane Doe said: “We will win.”"),
            pair("Jane Doe", "said")
        );
        assert_eq!(
            one("Education minister Pavel Rusu insisted: “Closing schools is wrong.”"),
            pair("Pavel Rusu", "insisted")
        );
        assert_eq!(
            one("Jane Doe called it “unacceptable” today."),
            pair("Jane Doe", "called")
        );
    }

    #[test]
    fn according_to() {
        assert_eq!(
            one("According to Jane Doe, “the plan is dead.”"),
            pair("Jane Doe", "According to")
        );
        assert_eq!(
            one("“The plan is dead,” according to Priya Raman of the Trust."),
            pair("Priya Raman", "according to")
        );
    }

    #[test]
    fn titles_are_excluded() {
        assert_eq!(
            one("“It will be close,” said Professor Miriam Adeyemi."),
            pair("Miriam Adeyemi", "said")
        );
        assert_eq!(
            one("“It will be close,” said Dr. Samira al-Haddad of the Institute."),
            pair("Samira al-Haddad", "said")
        );
        assert_eq!(
            one("Finance Minister Ana Duarte said: “No comment.”"),
            pair("Ana Duarte", "said")
        );
    }

    #[test]
    fn pronouns_resolve_to_the_last_person() {
        let text = "Rovers manager Joaquín de la Vega was cautious. “It is one game,” he said.";
        assert_eq!(one(text), pair("Joaquín de la Vega", "said"));
        let text = "Greta Holm spoke. She added: “We are still waiting.”";
        assert_eq!(one(text), pair("Greta Holm", "added"));
        // No antecedent: no suggestion.
        assert_eq!(one("“It is one game,” he said.").0, "-");
    }

    #[test]
    fn pronoun_with_given_mentions() {
        let text = "Ana Duarte met Ben Stiles. “No,” she said.";
        let a = text.find("Ana Duarte").unwrap();
        let b = text.find("Ben Stiles").unwrap();
        let mentions = [
            (span(a, a + 10), MentionKind::Person),
            (span(b, b + 10), MentionKind::Person),
        ];
        // Gender is not guessed: the last person.
        assert_eq!(run_with(text, &mentions)[0], pair("#Ben Stiles", "said"));
        let sugg = suggest_speakers(text, &[find_quotes(text)[0].content], &mentions);
        assert_eq!(sugg[0].via.and_then(|v| v.slice(text)), Some("she"));
    }

    #[test]
    fn organisations() {
        let text = "The Ministry of Health confirmed it. “No panic,” the ministry said.";
        assert_eq!(one(text), pair("Ministry of Health", "said"));
        let text = "Stagehand Ltd apologised. “Demand was high,” the company said.";
        assert_eq!(one(text), pair("Stagehand Ltd", "said"));
    }

    #[test]
    fn roles() {
        let text = "Judge Helena Strand spoke. “You betrayed them,” the judge told him.";
        assert_eq!(one(text), pair("Helena Strand", "told him"));
        let text = "“Enjoy the day,” a police spokesperson said.";
        assert_eq!(one(text), pair("police spokesperson", "said"));
        let text = "A spokesperson for the club spoke. “Yes, it is,” the spokesperson said.";
        assert_eq!(one(text), pair("spokesperson", "said"));
    }

    #[test]
    fn split_quote_and_same_paragraph() {
        let text = "“We have seen it,” Whitfield said, “so act now.” “Really.”";
        let got = run(text);
        assert_eq!(got[0], pair("Whitfield", "said"));
        assert_eq!(got[1], pair("Whitfield", "said"));
        assert_eq!(got[2], ("Whitfield".to_owned(), None));
        // Two sentences in between: no inheritance.
        let text = "“Yes,” said Jane Doe. Smith disagreed. Nobody cared. “No.”";
        assert_eq!(run(text)[1].0, "-");
    }

    #[test]
    fn continuation_chains_share_the_speaker() {
        let text = "Viktor Aalto spoke briefly. “I am ashamed.\n\n“I will pay it back,” he said.";
        let got = run(text);
        assert_eq!(got[0], ("Viktor Aalto".to_owned(), None));
        assert_eq!(got[1], pair("Viktor Aalto", "said"));
    }

    #[test]
    fn appositions_and_possessives() {
        let text = "“It is over,” the president of the federation, Lars Eriksen, said.";
        assert_eq!(one(text), pair("Lars Eriksen", "said"));
        let text = "“Thank you,” Solheim’s spokesman, Per Aas, said.";
        assert_eq!(one(text), pair("Per Aas", "said"));
        let text = "“I’m here,” said the 45-year-old mother of three, Lisa Grant.";
        assert_eq!(one(text), pair("Lisa Grant", "said"));
        let text = "“Where is the money?” asked protester Kemal Yilmaz.";
        assert_eq!(one(text), pair("Kemal Yilmaz", "asked"));
    }

    #[test]
    fn names_do_not_swallow_organisations_or_places() {
        let text = "Laut Jonas Weidinger von der Verbraucherzentrale ist die Lage „nicht gut“.";
        assert_eq!(one(text), pair("Jonas Weidinger", "Laut"));
        // A place is never a speaker nor an antecedent.
        let text = "Ana Duarte visited Elmstead Park. “Lovely,” she said.";
        assert_eq!(one(text), pair("Ana Duarte", "said"));
    }

    #[test]
    fn paragraph_of_pure_speech_continues_the_previous_speaker() {
        let text = "Oskar Pellinen spoke. “We are careful,” Pellinen said.\n\n“Very careful.”";
        assert_eq!(run(text)[1], ("Pellinen".to_owned(), None));
        // Not when the paragraph holds other text too.
        let text = "“We are careful,” Jane Doe said.\n\n“Bring a coat.” That is the advice.";
        assert_eq!(run(text)[1].0, "-");
    }

    #[test]
    fn straight_quotes_and_crlf() {
        let text = "Jane Doe spoke.\r\n\r\n\"We will win,\" she said.\r\n";
        assert_eq!(one(text), pair("Jane Doe", "said"));
    }

    #[test]
    fn colon_without_cue() {
        let text = "Prof. Jean-Luc Moreau, who was not involved, was cautious: “It is early.”";
        assert_eq!(one(text), ("Jean-Luc Moreau".to_owned(), None));
    }

    #[test]
    fn unattributed() {
        assert_eq!(one("A sign reads: “Closed until further notice.”").0, "-");
        assert_eq!(one("“Bring a raincoat.” That is the advice.").0, "-");
    }

    #[test]
    fn mentions_are_preferred() {
        let text = "“We will win,” said Jane Doe.";
        let d = text.find("Doe").unwrap();
        let mentions = [(span(d, d + 3), MentionKind::Person)];
        let sugg = suggest_speakers(text, &[find_quotes(text)[0].content], &mentions);
        assert_eq!(sugg[0].speaker, SpeakerGuess::Mention(0));
    }

    #[test]
    fn bad_spans_are_ignored() {
        let text = "“Oui,” dit-il. é";
        let quotes = [span(5, 2), span(0, 999), span(1, 2)];
        let mentions = [(span(3, 1), MentionKind::Person)];
        let _ = suggest_speakers(text, &quotes, &mentions);
    }
}
