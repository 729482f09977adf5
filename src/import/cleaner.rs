//! The scraped-page cleaner and story splitter.
//!
//! [`clean`] reads the text of a saved web page (lines) and returns a [`Preview`]: the
//! page cut into [`Story`]s, every line of the page in exactly one story, each line
//! either kept or removed with the reason (the rule that removed it) and a
//! [`LineRole`]. The user reviews and edits the preview ([`Preview::set_kept`],
//! [`Preview::merge_with_next`], [`Preview::split_at`], [`Preview::rename`],
//! [`Preview::set_include`]) and imports [`Preview::documents`].
//!
//! # Verbatim guarantee
//!
//! The cleaner only drops whole lines and cuts the page into stories; it never rewrites
//! characters of the lines it keeps (CONVENTIONS.md, "Text and offsets"):
//!
//! - the lines of all stories, each followed by its own terminator ([`LineEnd`]: LF,
//!   CR LF, CR, or none for the last line), concatenate back to the page exactly
//!   ([`Preview::original`]); the only exception is a byte-order mark at the very start,
//!   which is dropped and recorded in [`Preview::normalisations`];
//! - [`Story::text`] is the kept lines joined by their own original terminators.
//!
//! Blank lines (whitespace only) are never kept or removed by hand: they are kept
//! exactly when they separate two kept lines, one per run, so the text keeps its
//! blank-line paragraph structure without the runs of blank lines that removed lines
//! leave behind, and never starts or ends with a blank line.
//!
//! # How lines are judged
//!
//! 1. Each line is compared with the furniture rules ([`super::rules`], data in
//!    `furniture.txt`): share and follow blocks, lone social network names, player
//!    notices, layout words, dates and times, captions and credits, cookie and consent
//!    texts, newsletters, footers. The rule's category is the line's reason.
//! 2. Bylines ("By Jane Doe", "By Jane Doe and John Roe, Political Editor", a lone "By"
//!    followed by a name) and the short author-role lines right under them ("Political
//!    reporter", "@handle") are removed with the reason [`BYLINE`].
//! 3. A caption sandwiched between two caption/credit lines ("Image" / caption /
//!    "Credit...") is removed too.
//! 4. A **story starts** at a headline: a short title-like line (3–20 words, starting
//!    with a capital — or any letter of a script without case —, a digit or a quote
//!    mark, not ending like a sentence) followed within a
//!    few lines by a byline or a date line, with at most two other lines between them
//!    (a standfirst, which is kept, or author lines, which are removed).
//! 5. Under a "Read more" style heading, the short link-like lines are removed until a
//!    blank line, a long line or a new story ([`READ_MORE_LIST`]). In such a list only a
//!    line with a byline right under it (nothing but removed lines between) starts a
//!    story; date lines there do not count (teaser lists carry dates too).
//! 6. Runs of three or more consecutive short lines (menus) that include a rule match or
//!    are at least four lines long are removed ([`MENU`]).
//! 7. Text before the first story that holds no sentence is the page header
//!    ([`PAGE_HEADER`]). If it does hold sentences, the page started in the middle of a
//!    story: that part becomes a story whose title is guessed from its first words
//!    ([`Story::title_guessed`]). Short non-sentence lines after a story's last sentence
//!    are removed ([`AFTER_STORY`]); a "story" without any sentence (a teaser headline
//!    with a date) is folded into the previous one ([`TEASER`]).
//! 8. Stories with the same body paragraphs as an earlier story, or at least 80 % of
//!    them (counting paragraphs that differ in a few words as shared), are marked
//!    [`Story::duplicate_of`] with a [`DuplicateDiff`]; exact copies start excluded.

use super::rules::{self, LineView, Rule};
use crate::formats::ImportedDoc;
use serde::{Deserialize, Serialize};

/// Reason of bylines and author lines.
pub const BYLINE: &str = "byline";
/// Reason of the link-like lines under a "Read more" heading.
pub const READ_MORE_LIST: &str = "read-more";
/// Reason of runs of short menu lines.
pub const MENU: &str = "menu";
/// Reason of lines before the first story that hold no sentence.
pub const PAGE_HEADER: &str = "page-header";
/// Reason of short non-sentence lines after a story's last sentence.
pub const AFTER_STORY: &str = "after-story";
/// Reason of a headline without a story (a teaser), folded into its neighbour.
pub const TEASER: &str = "teaser";
/// Reason of blank lines that do not separate two kept lines.
pub const BLANK_LINE: &str = "blank-line";
/// Reason of lines the user removed.
pub const BY_USER: &str = "removed by you";

/// Stories sharing at least this share of paragraphs (numerator / denominator) are duplicates.
const DUPLICATE_SHARE: (usize, usize) = (4, 5);
/// Paragraphs whose words agree at least this much (LCS, numerator / denominator) count
/// as shared when deciding whether two stories are duplicates.
const NEAR_PARAGRAPH: (usize, usize) = (4, 5);
/// Words of a guessed title.
const GUESSED_TITLE_WORDS: usize = 8;

/// How a line ended in the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineEnd {
    /// The last line of the page, without a terminator.
    #[default]
    None,
    /// `\n`.
    Lf,
    /// `\r\n`.
    CrLf,
    /// A lone `\r`.
    Cr,
}

impl LineEnd {
    /// The terminator's characters.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnd::None => "",
            LineEnd::Lf => "\n",
            LineEnd::CrLf => "\r\n",
            LineEnd::Cr => "\r",
        }
    }
}

/// What a line is, as far as the cleaner can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LineRole {
    /// The story's headline (kept: it is part of the article).
    Headline,
    /// A byline or author line (removed by default).
    Byline,
    /// Article text, standfirst, or a blank line.
    Body,
    /// Page furniture: menus, share blocks, dates, captions, consent texts, …
    Furniture,
}

/// One line of the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The line exactly as in the page, without its terminator.
    pub text: String,
    /// Its terminator.
    pub end: LineEnd,
    /// Whether the line goes into the story's text.
    pub kept: bool,
    /// Why the cleaner removed (or would remove) it: a rule category such as
    /// `cookie-consent`, or one of the reasons of this module ([`BYLINE`], [`MENU`], …).
    /// A line the user kept against a rule keeps its reason (see [`Line::by_user`]).
    pub reason: Option<String>,
    /// What the line is.
    pub role: LineRole,
    /// Whether the user set [`Line::kept`] by hand.
    pub by_user: bool,
}

impl Line {
    /// Whether the line is empty or whitespace only.
    pub fn is_blank(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// What differs between a story and the earlier story it duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateDiff {
    /// Paragraphs of the earlier story that this one lacks.
    pub only_in_first: Vec<String>,
    /// Paragraphs of this story that the earlier one lacks.
    pub only_in_this: Vec<String>,
}

impl DuplicateDiff {
    /// Whether the two stories have the same paragraphs.
    pub fn is_exact(&self) -> bool {
        self.only_in_first.is_empty() && self.only_in_this.is_empty()
    }
}

/// One story of the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    /// Its title: the headline, or the first words when the page started mid-story.
    pub title: String,
    /// Whether the title was guessed from the first words (no headline was found).
    pub title_guessed: bool,
    /// Its lines, in page order, kept or not.
    pub lines: Vec<Line>,
    /// The earlier story (index into [`Preview::stories`]) with the same or nearly the
    /// same body paragraphs.
    pub duplicate_of: Option<usize>,
    /// What differs from that story (set when `duplicate_of` is).
    pub diff: Option<DuplicateDiff>,
    /// Whether the story is to be imported (exact duplicates start excluded).
    pub include: bool,
}

impl Story {
    /// The story's text: its kept lines joined by their own original terminators.
    pub fn text(&self) -> String {
        let kept: Vec<&Line> = self.lines.iter().filter(|l| l.kept).collect();
        let mut out = String::with_capacity(kept.iter().map(|l| l.text.len() + 2).sum());
        for (i, line) in kept.iter().enumerate() {
            out.push_str(&line.text);
            if i + 1 < kept.len() {
                out.push_str(line.end.as_str());
            }
        }
        out
    }

    /// The kept body paragraphs (kept non-blank body lines, without surrounding
    /// whitespace): what duplicate detection compares.
    pub fn body_paragraphs(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|l| l.kept && l.role == LineRole::Body && !l.is_blank())
            .map(|l| l.text.trim())
            .collect()
    }
}

/// The cleaned page, as shown to the user before importing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The stories, in page order; together they hold every line of the page.
    pub stories: Vec<Story>,
    /// Changes made to the page before cleaning, in words (none unless the page started
    /// with a byte-order mark). Nothing is ever changed silently.
    pub normalisations: Vec<String>,
}

/// Why an edit of the preview was refused. Nothing changes when an edit is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PreviewError {
    /// No story at this index.
    #[error("there is no story number {} in the preview", .0 + 1)]
    NoStory(usize),
    /// No line at this index in the story.
    #[error("story {} has no line number {}", .story + 1, .line + 1)]
    NoLine {
        /// Story index.
        story: usize,
        /// Line index.
        line: usize,
    },
    /// Blank lines follow the lines around them.
    #[error("blank lines are kept or dropped with the lines around them")]
    BlankLine,
    /// The last story has nothing to merge with.
    #[error("the last story has no next story to merge with")]
    NoNextStory,
    /// A story can only be split between two of its lines.
    #[error("a story can only be split between two of its lines")]
    BadSplit,
    /// Titles cannot be empty.
    #[error("a story's title cannot be empty")]
    EmptyTitle,
}

impl Preview {
    /// The page as cleaned: every line of every story followed by its terminator (the
    /// input of [`clean`] minus the [`Preview::normalisations`]).
    pub fn original(&self) -> String {
        let mut out = String::new();
        for line in self.stories.iter().flat_map(|s| &s.lines) {
            out.push_str(&line.text);
            out.push_str(line.end.as_str());
        }
        out
    }

    fn story_mut(&mut self, story: usize) -> Result<&mut Story, PreviewError> {
        self.stories
            .get_mut(story)
            .ok_or(PreviewError::NoStory(story))
    }

    /// Keeps or removes a line (blank lines follow their neighbours and are refused).
    pub fn set_kept(&mut self, story: usize, line: usize, kept: bool) -> Result<(), PreviewError> {
        let s = self.story_mut(story)?;
        let l = s
            .lines
            .get_mut(line)
            .ok_or(PreviewError::NoLine { story, line })?;
        if l.is_blank() {
            return Err(PreviewError::BlankLine);
        }
        l.kept = kept;
        l.by_user = true;
        if kept && l.reason.as_deref() == Some(BY_USER) {
            l.reason = None;
        } else if !kept && l.reason.is_none() {
            l.reason = Some(BY_USER.to_owned());
        }
        self.refresh();
        Ok(())
    }

    /// Includes or excludes a story from the import.
    pub fn set_include(&mut self, story: usize, include: bool) -> Result<(), PreviewError> {
        self.story_mut(story)?.include = include;
        Ok(())
    }

    /// Appends the next story's lines to `story` (which keeps its title).
    pub fn merge_with_next(&mut self, story: usize) -> Result<(), PreviewError> {
        if story >= self.stories.len() {
            return Err(PreviewError::NoStory(story));
        }
        if story + 1 >= self.stories.len() {
            return Err(PreviewError::NoNextStory);
        }
        let next = self.stories.remove(story + 1);
        let s = &mut self.stories[story];
        s.lines.extend(next.lines);
        s.include |= next.include;
        self.refresh();
        Ok(())
    }

    /// Starts a new story at line `line` of `story` (`1..lines.len()`). The new story's
    /// title is its first kept line if that looks like a headline, else guessed.
    pub fn split_at(&mut self, story: usize, line: usize) -> Result<(), PreviewError> {
        let s = self.story_mut(story)?;
        if line == 0 || line >= s.lines.len() {
            return Err(PreviewError::BadSplit);
        }
        let lines = s.lines.split_off(line);
        let mut new = Story {
            title: String::new(),
            title_guessed: true,
            lines,
            duplicate_of: None,
            diff: None,
            include: true,
        };
        name_story(&mut new);
        self.stories.insert(story + 1, new);
        self.refresh();
        Ok(())
    }

    /// Renames a story (the title is trimmed; it cannot be empty).
    pub fn rename(&mut self, story: usize, title: &str) -> Result<(), PreviewError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(PreviewError::EmptyTitle);
        }
        let s = self.story_mut(story)?;
        s.title = title.to_owned();
        s.title_guessed = false;
        Ok(())
    }

    /// The stories to import: included stories with some kept text, as documents
    /// (`source` is typically the file name; no annotations).
    pub fn documents(&self, source: &str) -> Vec<ImportedDoc> {
        self.stories
            .iter()
            .filter(|s| s.include)
            .filter_map(|s| {
                let text = s.text();
                (!text.trim().is_empty()).then(|| ImportedDoc {
                    title: s.title.clone(),
                    source: source.to_owned(),
                    text,
                    mentions: Vec::new(),
                })
            })
            .collect()
    }

    /// Recomputes what follows from the lines: which blank lines are kept, duplicates.
    fn refresh(&mut self) {
        for story in &mut self.stories {
            settle_blank_lines(&mut story.lines);
        }
        find_duplicates(&mut self.stories);
    }
}

/// Cleans a saved page and cuts it into stories (see the module docs).
pub fn clean(page: &str) -> Preview {
    let mut normalisations = Vec::new();
    let page = match page.strip_prefix('\u{FEFF}') {
        Some(rest) => {
            normalisations.push(
                "removed the byte-order mark (U+FEFF) at the start of the page: it marks \
                 the encoding and is not part of the text"
                    .to_owned(),
            );
            rest
        }
        None => page,
    };
    let raw = split_lines(page);
    let infos = analyse(&raw, rules::builtin());
    let mut stories = build_stories(&raw, infos);
    for story in &mut stories {
        settle_blank_lines(&mut story.lines);
    }
    find_duplicates(&mut stories);
    for story in &mut stories {
        story.include = !story.diff.as_ref().is_some_and(DuplicateDiff::is_exact);
    }
    Preview {
        stories,
        normalisations,
    }
}

/// Splits a page into lines with their terminators (LF, CR LF, lone CR).
fn split_lines(page: &str) -> Vec<(&str, LineEnd)> {
    let mut out = Vec::new();
    let mut rest = page;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            None => {
                out.push((rest, LineEnd::None));
                break;
            }
            Some(at) => {
                let text = &rest[..at];
                let after = &rest[at..];
                let (end, len) = if after.starts_with("\r\n") {
                    (LineEnd::CrLf, 2)
                } else if after.starts_with('\r') {
                    (LineEnd::Cr, 1)
                } else {
                    (LineEnd::Lf, 1)
                };
                out.push((text, end));
                rest = &after[len..];
            }
        }
    }
    out
}

/// What the analysis found out about a line.
#[derive(Clone, Debug)]
struct Info {
    blank: bool,
    words: usize,
    /// Category of the first matching rule.
    category: Option<&'static str>,
    /// Why the line is removed (`None`: kept).
    removed: Option<&'static str>,
    role: LineRole,
    date: bool,
    title_like: bool,
    body_like: bool,
    link_like: bool,
    in_read_more: bool,
}

impl Info {
    fn remove(&mut self, reason: &'static str, role: LineRole) {
        self.removed = Some(reason);
        self.role = role;
    }

    fn is_open(&self) -> bool {
        !self.blank && self.removed.is_none()
    }
}

/// The line's last visible character ends a sentence (`.`, `!`, `?`, `…`, `。`, `؟`,
/// `।`, …), possibly followed by closing quotes or brackets.
fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(is_closing);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', '؟', '۔', '।', '॥'])
}

/// Closing quotes and brackets (and whitespace) after a sentence's last mark.
fn is_closing(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '」' | '』' | '）'
        )
}

fn ends_with_period(s: &str) -> bool {
    let t = s.trim_end_matches(is_closing);
    (t.ends_with('.') && !t.ends_with("...")) || t.ends_with(['。', '۔', '।'])
}

/// A letter that is not lower case: a capital, or a letter of a script without case
/// (Arabic, Chinese, Hebrew, …).
fn is_capital(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase()
}

fn starts_like_title(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        is_capital(c)
            || c.is_numeric()
            || matches!(
                c,
                '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '「' | '『' | '¿' | '¡'
            )
    })
}

fn is_title_like(view: &LineView<'_>) -> bool {
    let t = view.trimmed;
    (3..=20).contains(&view.words)
        && t.chars().count() <= 200
        && starts_like_title(t)
        && !t.ends_with([',', ';', ':', '.'])
        && !ends_with_period(t)
}

fn is_body_like(view: &LineView<'_>) -> bool {
    view.words >= 8 || (view.words >= 4 && ends_sentence(view.trimmed))
}

fn is_link_like(view: &LineView<'_>) -> bool {
    view.words <= 16 && !ends_with_period(view.trimmed)
}

/// Small words allowed inside names and author lines.
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "&"
            | "de"
            | "del"
            | "della"
            | "da"
            | "di"
            | "do"
            | "dos"
            | "du"
            | "van"
            | "von"
            | "der"
            | "den"
            | "ter"
            | "la"
            | "le"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "y"
    )
}

fn is_name_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')'));
    if w.is_empty() {
        return false;
    }
    if is_particle(w) {
        return true;
    }
    let lower = w.to_lowercase();
    let first = w.chars().next().is_some_and(is_capital);
    first && !rules::is_weekday(lower.trim_end_matches('.')) && !rules::is_month(&lower)
}

/// "By Jane Doe", "By Jane Doe and John Roe, Political Editor", "Written by …".
fn is_byline(trimmed: &str) -> bool {
    let t = rules::strip_bullets(trimmed);
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 2 || words.len() > 14 || ends_sentence(t) {
        return false;
    }
    let first = words[0].to_lowercase();
    let rest = if first == "by" {
        &words[1..]
    } else if matches!(
        first.as_str(),
        "written" | "words" | "story" | "text" | "report"
    ) && words[1].eq_ignore_ascii_case("by")
    {
        &words[2..]
    } else {
        return false;
    };
    let mut names = 0;
    for w in rest {
        if matches!(*w, "|" | "-" | "–" | "—" | "•" | "·" | "/") {
            break;
        }
        if !is_name_word(w) {
            return false;
        }
        names += 1;
        if w.ends_with(',') || names > 8 {
            break;
        }
    }
    names >= 1
}

/// A line holding only a name ("Jane Doe", "Jane Doe and John Roe").
fn is_name_line(view: &LineView<'_>) -> bool {
    (1..=6).contains(&view.words)
        && !ends_sentence(view.trimmed)
        && view.trimmed.split_whitespace().all(is_name_word)
}

/// A short author line under a byline ("Political reporter", "@handle", "Reporting from X").
fn is_author_line(view: &LineView<'_>) -> bool {
    (1..=5).contains(&view.words)
        && !ends_sentence(view.trimmed)
        && view
            .trimmed
            .chars()
            .next()
            .is_some_and(|c| is_capital(c) || c == '@')
}

fn analyse(raw: &[(&str, LineEnd)], rules: &'static [Rule]) -> Vec<Info> {
    let views: Vec<LineView<'_>> = raw.iter().map(|(t, _)| LineView::new(t)).collect();
    let mut infos: Vec<Info> = views
        .iter()
        .map(|v| {
            let blank = v.trimmed.is_empty();
            let rule = rules::first_match(rules, v);
            let category = rule.map(|r| r.category.as_str());
            let mut info = Info {
                blank,
                words: v.words,
                category,
                removed: category,
                role: if category.is_some() {
                    LineRole::Furniture
                } else {
                    LineRole::Body
                },
                date: category == Some(rules::DATE_TIME),
                title_like: false,
                body_like: false,
                link_like: false,
                in_read_more: false,
            };
            if !blank && category.is_none() && is_byline(v.trimmed) {
                info.remove(BYLINE, LineRole::Byline);
            }
            info
        })
        .collect();
    let n = infos.len();

    // A lone "By" followed by a name.
    for i in 0..n {
        if views[i].core == "by"
            && i + 1 < n
            && infos[i + 1].is_open()
            && is_name_line(&views[i + 1])
        {
            infos[i].remove(BYLINE, LineRole::Byline);
            infos[i + 1].remove(BYLINE, LineRole::Byline);
        }
    }
    // Author lines right under a byline.
    for i in 0..n {
        if infos[i].role != LineRole::Byline {
            continue;
        }
        let mut j = i + 1;
        while j < n && j <= i + 2 && infos[j].is_open() && is_author_line(&views[j]) {
            infos[j].remove(BYLINE, LineRole::Byline);
            j += 1;
        }
    }
    // A caption between two caption/credit lines.
    for i in 1..n.saturating_sub(1) {
        if infos[i].is_open()
            && infos[i - 1].category == Some(rules::CAPTION_CREDIT)
            && infos[i + 1].category == Some(rules::CAPTION_CREDIT)
        {
            infos[i].remove(rules::CAPTION_CREDIT, LineRole::Furniture);
        }
    }
    for (info, view) in infos.iter_mut().zip(&views) {
        if info.is_open() {
            info.title_like = is_title_like(view);
            info.body_like = is_body_like(view);
            info.link_like = is_link_like(view);
        }
    }

    // Read-more lists (a new story with a real byline ends them).
    for h in 0..n {
        if infos[h].category != Some(rules::READ_MORE) {
            continue;
        }
        let mut j = h + 1;
        while j < n && infos[j].blank {
            j += 1;
        }
        while j < n && !infos[j].blank {
            if infos[j].removed.is_some() {
                infos[j].in_read_more = true;
            } else if infos[j].link_like
                && !matches!(headline_marker(&infos, j), Some((_, true, 0)))
            {
                infos[j].remove(READ_MORE_LIST, LineRole::Furniture);
                infos[j].in_read_more = true;
            } else {
                break;
            }
            j += 1;
        }
    }

    // Headlines.
    let mut i = 0;
    while i < n {
        if !infos[i].is_open() || !infos[i].title_like || infos[i].in_read_more {
            i += 1;
            continue;
        }
        let Some((marker, _, _)) = headline_marker(&infos, i) else {
            i += 1;
            continue;
        };
        infos[i].role = LineRole::Headline;
        for j in i + 1..marker {
            if infos[j].is_open() && is_author_line(&views[j]) {
                infos[j].remove(BYLINE, LineRole::Byline);
            }
        }
        i = marker + 1;
    }

    // Menus: runs of consecutive short lines.
    let mut start = 0;
    while start < n {
        let menuish = |k: usize| {
            let info = &infos[k];
            !info.blank
                && info.role != LineRole::Headline
                && info.role != LineRole::Byline
                && (info.removed.is_some()
                    || (info.words <= 3
                        && !info.body_like
                        && !views[k].trimmed.ends_with(['.', '!', '?', ',', ';'])))
        };
        if !menuish(start) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < n && menuish(end) {
            end += 1;
        }
        let matched = (start..end).filter(|&k| infos[k].removed.is_some()).count();
        let len = end - start;
        if len >= 3 && (matched >= 1 || len >= 4) {
            for info in &mut infos[start..end] {
                if info.removed.is_none() {
                    info.remove(MENU, LineRole::Furniture);
                }
            }
        }
        start = end;
    }
    infos
}

/// The byline or date line that makes line `i` a headline: `(index, is_byline, other
/// lines passed)`.
///
/// Looks at most 15 lines ahead; blank lines and removed lines are passed over, at
/// most two other lines (standfirst, author lines) may come first. Date lines inside a
/// read-more list do not count.
fn headline_marker(infos: &[Info], i: usize) -> Option<(usize, bool, usize)> {
    let mut others = 0;
    for (j, info) in infos.iter().enumerate().skip(i + 1).take(15) {
        if info.blank {
            continue;
        }
        if info.role == LineRole::Byline {
            return Some((j, true, others));
        }
        if info.date && !info.in_read_more {
            return Some((j, false, others));
        }
        if info.removed.is_some() {
            continue;
        }
        others += 1;
        if others > 2 || info.words > 80 {
            return None;
        }
    }
    None
}

/// Cuts the analysed lines into stories.
fn build_stories(raw: &[(&str, LineEnd)], mut infos: Vec<Info>) -> Vec<Story> {
    let n = raw.len();
    let mut starts: Vec<usize> = (0..n)
        .filter(|&i| infos[i].role == LineRole::Headline)
        .collect();

    // Text before the first headline.
    let first = starts.first().copied().unwrap_or(n);
    let preamble_has_text = infos[..first]
        .iter()
        .any(|info| info.removed.is_none() && info.body_like);
    if preamble_has_text {
        // The page starts in the middle of a story: drop the short lines before the text.
        for info in infos[..first].iter_mut() {
            if info.removed.is_none() && info.body_like {
                break;
            }
            if info.is_open() {
                info.remove(PAGE_HEADER, LineRole::Furniture);
            }
        }
        if first > 0 {
            starts.insert(0, 0);
        }
    } else {
        for info in infos[..first].iter_mut() {
            if info.is_open() {
                info.remove(PAGE_HEADER, LineRole::Furniture);
            }
        }
    }
    if starts.first() != Some(&0) {
        if starts.is_empty() {
            starts.push(0);
        } else {
            starts[0] = 0;
        }
    }

    // Ranges of stories, then fold teasers (no sentence) into their neighbour.
    let mut ranges: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(n)))
        .collect();
    let has_text = |infos: &[Info], (s, e): (usize, usize)| {
        infos[s..e].iter().any(|i| i.is_open() && i.body_like)
    };
    let mut k = 0;
    while k < ranges.len() && ranges.len() > 1 {
        if has_text(&infos, ranges[k]) {
            k += 1;
            continue;
        }
        let (s, e) = ranges[k];
        for info in &mut infos[s..e] {
            if info.role == LineRole::Headline {
                info.remove(TEASER, LineRole::Furniture);
            }
        }
        if k > 0 {
            ranges[k - 1].1 = e;
            ranges.remove(k);
        } else {
            ranges[1].0 = s;
            ranges.remove(0);
        }
    }

    // Short lines after each story's last sentence.
    for &(s, e) in &ranges {
        if let Some(last) = (s..e)
            .rev()
            .find(|&i| infos[i].is_open() && infos[i].body_like)
        {
            for info in &mut infos[last + 1..e] {
                if info.is_open() {
                    info.remove(AFTER_STORY, LineRole::Furniture);
                }
            }
        }
    }

    ranges
        .into_iter()
        .map(|(s, e)| {
            let lines = (s..e)
                .map(|i| Line {
                    text: raw[i].0.to_owned(),
                    end: raw[i].1,
                    kept: infos[i].removed.is_none(),
                    reason: infos[i].removed.map(str::to_owned),
                    role: infos[i].role,
                    by_user: false,
                })
                .collect();
            let mut story = Story {
                title: String::new(),
                title_guessed: true,
                lines,
                duplicate_of: None,
                diff: None,
                include: true,
            };
            name_story(&mut story);
            story
        })
        .collect()
}

/// Sets a story's title: its headline, else its first kept line if that looks like a
/// headline (which then becomes the headline), else its first words (guessed).
fn name_story(story: &mut Story) {
    if let Some(h) = story
        .lines
        .iter()
        .find(|l| l.role == LineRole::Headline && l.kept)
    {
        story.title = h.text.trim().to_owned();
        story.title_guessed = false;
        return;
    }
    let Some(first) = story.lines.iter_mut().find(|l| l.kept && !l.is_blank()) else {
        story.title = "Untitled".to_owned();
        story.title_guessed = true;
        return;
    };
    if is_title_like(&LineView::new(&first.text)) {
        first.role = LineRole::Headline;
        story.title = first.text.trim().to_owned();
        story.title_guessed = false;
        return;
    }
    let words: Vec<&str> = first.text.split_whitespace().collect();
    let mut title = words
        .iter()
        .take(GUESSED_TITLE_WORDS)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if words.len() > GUESSED_TITLE_WORDS {
        title = title
            .trim_end_matches([',', ';', ':', '-', '–', '—'])
            .to_owned();
        title.push('…');
    }
    story.title = title;
    story.title_guessed = true;
}

/// Keeps a blank line exactly when it is the first blank line between two kept lines.
fn settle_blank_lines(lines: &mut [Line]) {
    let mut seen_text = false;
    let mut pending: Option<usize> = None;
    for i in 0..lines.len() {
        if lines[i].is_blank() {
            lines[i].kept = false;
            lines[i].reason = Some(BLANK_LINE.to_owned());
            lines[i].role = LineRole::Body;
            if seen_text && pending.is_none() {
                pending = Some(i);
            }
        } else if lines[i].kept {
            if let Some(p) = pending.take() {
                lines[p].kept = true;
                lines[p].reason = None;
            }
            seen_text = true;
        }
    }
}

/// Marks stories whose body paragraphs are (nearly) those of an earlier story.
fn find_duplicates(stories: &mut [Story]) {
    let paragraphs: Vec<Vec<String>> = stories
        .iter()
        .map(|s| s.body_paragraphs().into_iter().map(str::to_owned).collect())
        .collect();
    for j in 0..stories.len() {
        stories[j].duplicate_of = None;
        stories[j].diff = None;
        if paragraphs[j].is_empty() {
            continue;
        }
        for i in 0..j {
            if stories[i].duplicate_of.is_some() || paragraphs[i].is_empty() {
                continue;
            }
            if let Some(diff) = compare(&paragraphs[i], &paragraphs[j]) {
                stories[j].duplicate_of = Some(i);
                stories[j].diff = Some(diff);
                break;
            }
        }
    }
}

/// `Some(diff)` if `this` shares at least 80 % of the paragraphs of the longer of the two.
fn compare(first: &[String], this: &[String]) -> Option<DuplicateDiff> {
    let (num, den) = DUPLICATE_SHARE;
    if first.len().min(this.len()) * den < first.len().max(this.len()) * num {
        return None;
    }
    let mut used = vec![false; first.len()];
    let mut matched = vec![false; this.len()];
    for (j, p) in this.iter().enumerate() {
        if let Some(i) = (0..first.len()).find(|&i| !used[i] && first[i] == *p) {
            used[i] = true;
            matched[j] = true;
        }
    }
    let exact = matched.iter().filter(|&&m| m).count();
    let longest = first.len().max(this.len());
    // Not even with every unmatched paragraph counted as near: give up early.
    if (exact + (first.len() - exact).min(this.len() - exact)) * den < longest * num {
        return None;
    }
    let mut near_used = used.clone();
    let mut near = 0;
    for (j, p) in this.iter().enumerate() {
        if matched[j] {
            continue;
        }
        if let Some(i) = (0..first.len()).find(|&i| !near_used[i] && nearly_equal(&first[i], p)) {
            near_used[i] = true;
            near += 1;
        }
    }
    if (exact + near) * den < longest * num {
        return None;
    }
    Some(DuplicateDiff {
        only_in_first: first
            .iter()
            .zip(&used)
            .filter(|(_, &u)| !u)
            .map(|(p, _)| p.clone())
            .collect(),
        only_in_this: this
            .iter()
            .zip(&matched)
            .filter(|(_, &m)| !m)
            .map(|(p, _)| p.clone())
            .collect(),
    })
}

/// Whether two paragraphs share most of their words in order (a changed figure or name).
fn nearly_equal(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    if a.is_empty() || b.is_empty() || a.len() > 400 || b.len() > 400 {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let (num, den) = NEAR_PARAGRAPH;
    if short.len() * den < long.len() * num {
        return false;
    }
    // Longest common subsequence of words, one row at a time.
    let mut row = vec![0usize; short.len() + 1];
    for w in long.iter() {
        let mut diagonal = 0;
        for (k, s) in short.iter().enumerate() {
            let above = row[k + 1];
            row[k + 1] = if s == w {
                diagonal + 1
            } else {
                above.max(row[k])
            };
            diagonal = above;
        }
    }
    let lcs = row[short.len()];
    2 * lcs * den >= (a.len() + b.len()) * num
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_terminators() {
        let lines = split_lines("a\r\nb\rc\n\nd");
        assert_eq!(
            lines,
            vec![
                ("a", LineEnd::CrLf),
                ("b", LineEnd::Cr),
                ("c", LineEnd::Lf),
                ("", LineEnd::Lf),
                ("d", LineEnd::None)
            ]
        );
        assert_eq!(split_lines(""), vec![]);
        assert_eq!(split_lines("x\n"), vec![("x", LineEnd::Lf)]);
    }

    #[test]
    fn bylines() {
        for yes in [
            "By Jane Doe",
            "By Jane Doe and John Roe",
            "By Jane Doe, Political Editor",
            "BY ANN LEE",
            "By Ana de la Cruz | 14 May 2024",
            "Written by Sam Idowu",
        ] {
            assert!(is_byline(yes), "{yes}");
        }
        for no in [
            "By Friday the council had voted",
            "By May 2025 the port will close",
            "By 2030",
            "By the time the ferry arrived",
            "By Christmas, the queue had gone.",
            "Bypass closed overnight",
            "By",
        ] {
            assert!(!is_byline(no), "{no}");
        }
    }

    #[test]
    fn near_paragraphs() {
        assert!(nearly_equal(
            "Critics said the cost, estimated at £610m, could rise further.",
            "Critics said the cost, estimated at £640m, could rise further."
        ));
        assert!(!nearly_equal(
            "Critics said the cost could rise.",
            "Supporters said the line would take cars off the road."
        ));
    }

    #[test]
    fn blank_lines_settle() {
        let mk = |t: &str, kept: bool| Line {
            text: t.into(),
            end: LineEnd::Lf,
            kept,
            reason: None,
            role: LineRole::Body,
            by_user: false,
        };
        let mut lines = vec![
            mk("", true),
            mk("A", true),
            mk("", true),
            mk("x", false),
            mk(" ", true),
            mk("B", true),
            mk("", true),
        ];
        settle_blank_lines(&mut lines);
        let kept: Vec<bool> = lines.iter().map(|l| l.kept).collect();
        assert_eq!(kept, vec![false, true, true, false, false, true, false]);
    }
}
