#![cfg(not(target_arch = "wasm32"))]
//! The scraped-page cleaner and story splitter: fixture pages in several sites' styles
//! (what is removed, what is kept, where stories split, duplicates and their diff), user
//! edits, the verbatim guarantee (property tests on random pages with CRLF, lone CR,
//! emoji and combining accents), and the report on the held-out page.
//!
//! Fixtures live in `tests/fixtures/pages/`: `NAME.txt` is the page as saved from a
//! browser, `NAME.json` its expectation. The expectation lists, in page order, each
//! story's title and body lines (a body entry matches a line that starts with it), and
//! the furniture lines (exact, trimmed). Every non-blank line of the page must be
//! accounted for, so the expectation says exactly what must be kept and removed.

use glossa::import::cleaner::{BLANK_LINE, BY_USER};
use glossa::import::{clean, LineEnd, LineRole, Preview, PreviewError};
use proptest::prelude::*;
use serde::Deserialize;
use std::collections::HashSet;

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

/// The tuning fixtures (the held-out page is scored separately, never tuned on).
const FIXTURES: [&str; 5] = [
    "harbour-gazette",
    "northfield-courier",
    "eurowire",
    "midstory-dockside-weekly",
    "dup-metro-brief",
];
const HELD_OUT: &str = "heldout-valley-ledger";

#[derive(Deserialize)]
struct Expect {
    stories: Vec<ExpectStory>,
    furniture: Vec<String>,
}

#[derive(Deserialize)]
struct ExpectStory {
    title: String,
    #[serde(default = "yes")]
    headline: bool,
    #[serde(default)]
    guessed: bool,
    body: Vec<String>,
    #[serde(default)]
    duplicate_of: Option<usize>,
    #[serde(default)]
    only_in_first: Option<Vec<String>>,
    #[serde(default)]
    only_in_this: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

fn load(name: &str) -> (String, Expect) {
    let page = std::fs::read_to_string(format!("{PAGES}/{name}.txt")).unwrap();
    // The fixtures are written with LF; tests derive the CRLF variants themselves, so a
    // checkout that converts line endings does not change what is tested.
    let page = page.replace("\r\n", "\n");
    let expect = std::fs::read_to_string(format!("{PAGES}/{name}.json")).unwrap();
    (page, serde_json::from_str(&expect).unwrap())
}

/// What a line of a fixture page is, according to its expectation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Headline(usize),
    Body(usize),
    Furniture,
    Blank,
}

/// Labels every line of `page` (split at LF) from the expectation; panics on a line the
/// expectation does not account for, or an expected line the page lacks.
fn label(name: &str, page: &str, expect: &Expect) -> Vec<Class> {
    let mut sequence: Vec<(&str, Class)> = Vec::new();
    for (k, s) in expect.stories.iter().enumerate() {
        if s.headline {
            sequence.push((&s.title, Class::Headline(k)));
        }
        sequence.extend(s.body.iter().map(|b| (b.as_str(), Class::Body(k))));
    }
    let furniture: HashSet<&str> = expect.furniture.iter().map(String::as_str).collect();
    let mut next = 0;
    let mut used_furniture = HashSet::new();
    let classes: Vec<Class> = page
        .split_terminator('\n')
        .map(|line| {
            let t = line.trim();
            if t.is_empty() {
                return Class::Blank;
            }
            if let Some((entry, class)) = sequence.get(next) {
                let fits = match class {
                    Class::Headline(_) => t == *entry,
                    _ => t.starts_with(entry),
                };
                if fits {
                    next += 1;
                    return *class;
                }
            }
            assert!(
                furniture.contains(t),
                "{name}: line {t:?} is neither the next expected line {:?} nor furniture",
                sequence.get(next).map(|s| s.0)
            );
            used_furniture.insert(t);
            Class::Furniture
        })
        .collect();
    assert_eq!(
        next,
        sequence.len(),
        "{name}: expected line {:?} not found in order",
        sequence.get(next).map(|s| s.0)
    );
    for f in &furniture {
        assert!(
            used_furniture.contains(f),
            "{name}: furniture {f:?} not in the page"
        );
    }
    classes
}

/// Every line of the preview with its story index, in page order.
fn flat(preview: &Preview) -> Vec<(usize, &glossa::import::Line)> {
    preview
        .stories
        .iter()
        .enumerate()
        .flat_map(|(k, s)| s.lines.iter().map(move |l| (k, l)))
        .collect()
}

/// All the ways a fixture's preview differs from its expectation.
fn problems(name: &str, page: &str, expect: &Expect, preview: &Preview) -> Vec<String> {
    let classes = label(name, &page.replace("\r\n", "\n"), expect);
    let lines = flat(preview);
    let mut out = Vec::new();
    if lines.len() != classes.len() {
        out.push(format!(
            "{} lines in the preview, {} in the page",
            lines.len(),
            classes.len()
        ));
        return out;
    }
    let titles: Vec<&str> = preview.stories.iter().map(|s| s.title.as_str()).collect();
    let expected: Vec<&str> = expect.stories.iter().map(|s| s.title.as_str()).collect();
    if titles != expected {
        out.push(format!("titles {titles:#?}, expected {expected:#?}"));
    }
    for ((story, line), class) in lines.iter().zip(&classes) {
        let t = line.text.trim();
        match *class {
            Class::Headline(k) | Class::Body(k) => {
                if !line.kept {
                    out.push(format!("body line removed ({:?}): {t:?}", line.reason));
                } else if *story != k {
                    out.push(format!("line in story {story}, expected {k}: {t:?}"));
                }
                if matches!(class, Class::Headline(_)) && line.role != LineRole::Headline {
                    out.push(format!("headline has role {:?}: {t:?}", line.role));
                }
            }
            Class::Furniture => {
                if line.kept {
                    out.push(format!("furniture kept: {t:?}"));
                }
            }
            Class::Blank => {}
        }
    }
    for (k, (s, e)) in preview.stories.iter().zip(&expect.stories).enumerate() {
        if s.title_guessed != e.guessed {
            out.push(format!("story {k}: title_guessed {}", s.title_guessed));
        }
        if s.duplicate_of != e.duplicate_of {
            out.push(format!(
                "story {k}: duplicate_of {:?}, expected {:?}",
                s.duplicate_of, e.duplicate_of
            ));
        }
        if let (Some(first), Some(this)) = (&e.only_in_first, &e.only_in_this) {
            match &s.diff {
                Some(d) if d.only_in_first == *first && d.only_in_this == *this => {}
                other => out.push(format!("story {k}: diff {other:?}")),
            }
        }
    }
    out
}

fn crlf(page: &str) -> String {
    page.replace('\n', "\r\n")
}

#[test]
fn fixture_pages_are_cleaned_and_split_as_expected() {
    let mut all = Vec::new();
    for name in FIXTURES {
        let (page, expect) = load(name);
        for (variant, page) in [("LF", page.clone()), ("CRLF", crlf(&page))] {
            let preview = clean(&page);
            for p in problems(name, &page, &expect, &preview) {
                all.push(format!("{name} ({variant}): {p}"));
            }
            assert_eq!(preview.original(), page, "{name} ({variant})");
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn story_text_is_the_kept_lines_with_their_own_terminators() {
    let (page, _) = load("harbour-gazette");
    let page = crlf(&page);
    let preview = clean(&page);
    let text = preview.stories[0].text();
    assert!(text.starts_with(
        "Ferry subsidy for island routes to be cut by a third, minister confirms\r\n\r\n\
         The government will reduce"
    ));
    assert!(text.ends_with("would seek a meeting with the department."));
    assert!(!text.contains("\r\n\r\n\r\n"));
    assert!(!text.contains("Facebook"));
    // Every paragraph of the text is a run of lines of the page.
    for paragraph in text.split("\r\n\r\n") {
        assert!(
            page.contains(&format!("\r\n{paragraph}\r\n")),
            "{paragraph:?}"
        );
    }
}

#[test]
fn removed_lines_say_which_rule_removed_them() {
    let (page, _) = load("harbour-gazette");
    let preview = clean(&page);
    let reason = |text: &str| {
        flat(&preview)
            .into_iter()
            .find(|(_, l)| l.text == text)
            .map(|(_, l)| (l.reason.clone(), l.role))
            .unwrap()
    };
    let r = |s: &str| Some(s.to_owned());
    assert_eq!(
        reason("Please use Chrome browser for a more accessible video player"),
        (r("player-notice"), LineRole::Furniture)
    );
    assert_eq!(
        reason("Connect with us"),
        (r("share-follow"), LineRole::Furniture)
    );
    assert_eq!(
        reason("Accept all"),
        (r("cookie-consent"), LineRole::Furniture)
    );
    assert_eq!(
        reason("Tuesday 14 May 2024 10:32, UK"),
        (r("date-time"), LineRole::Furniture)
    );
    assert_eq!(
        reason("File pic: A ferry leaves Port Aske in heavy rain"),
        (r("caption-credit"), LineRole::Furniture)
    );
    assert_eq!(
        reason("Why ferry fares have doubled in ten years"),
        (r("read-more"), LineRole::Furniture)
    );
    assert_eq!(reason("Ana Ferreira"), (r("byline"), LineRole::Byline));
    assert_eq!(reason("Harbour Gazette"), (r("menu"), LineRole::Furniture));
    assert_eq!(reason("Climate"), (r("layout-word"), LineRole::Furniture));
    assert_eq!(
        reason("Ferry subsidy for island routes to be cut by a third, minister confirms"),
        (None, LineRole::Headline)
    );
}

/// A page with one story and one example of each kind of furniture between its lines.
#[test]
fn each_kind_of_furniture_goes_and_look_alike_body_lines_stay() {
    let body = [
        "Facebook said on Tuesday it would appeal against the fine imposed by the regulator.",
        "By the time the last ferry arrived, the queue had reached the station.",
        "Share prices in the ferry company fell by 4% after the announcement.",
        "The council said the photo was taken before the storm.",
        "Advertisement revenue at the paper has fallen for three years, its owner said.",
        "Read more about the plan in the council's own summary, the mayor told residents.",
        "On Tuesday, 14 May 2024, the harbour reopened.",
    ];
    let furniture = [
        "Share this",
        "Follow us on Facebook",
        "Twitter",
        "• WhatsApp",
        "Please use Chrome browser for a more accessible video player",
        "Published",
        "on",
        "By",
        "World",
        "Continue Reading",
        "Advertisement",
        "Skip to content",
        "Menu",
        "Tuesday 14 May 2024 10:32",
        "14/05/2024",
        "3 hours ago",
        "Updated 10:45 GMT",
        "Image: The harbour at dawn",
        "Pic: Harbour Gazette",
        "File pic: The old ferry terminal",
        "Photo: A ferry in the storm / Coastline Press",
        "(Image: The mayor at the quay)",
        "We use cookies to give you the best experience on our site.",
        "Accept all",
        "Manage preferences",
    ];
    let mut page = String::from("Harbour reopens after storm damage is repaired\nBy Jo Marsh\n\n");
    for (i, f) in furniture.iter().enumerate() {
        page.push_str(body[i % body.len()]);
        page.push_str("\n\n");
        page.push_str(f);
        page.push_str("\n\n");
    }
    page.push_str("The harbour master thanked the crews who worked through the weekend.\n");
    let preview = clean(&page);
    assert_eq!(preview.stories.len(), 1, "{:#?}", preview.stories);
    let story = &preview.stories[0];
    assert_eq!(
        story.title,
        "Harbour reopens after storm damage is repaired"
    );
    for line in &story.lines {
        let t = line.text.as_str();
        if furniture.contains(&t) || t == "By Jo Marsh" {
            assert!(!line.kept, "kept furniture {t:?}");
            assert!(line.reason.is_some());
        } else if !line.is_blank() {
            assert!(line.kept, "removed body line {t:?} ({:?})", line.reason);
        }
    }
    let text = story.text();
    assert!(!text.contains("\n\n\n"), "blank-line runs collapse");
    assert_eq!(text.matches("\n\n").count(), furniture.len() + 1);
}

#[test]
fn read_more_lists_end_at_a_blank_line_or_a_long_line() {
    let page = "Ferry strike called off after late talks\nBy Jo Marsh\n\n\
        Unions called off Friday's ferry strike after talks that ran past midnight.\n\n\
        Read more from Harbour Gazette:\n\
        Island schools face teacher shortage\n\
        Port Aske pier to close\n\
        The talks were chaired by the harbour board, which said both sides had moved.\n\
        Sailings will run to the normal timetable.\n\n\
        Related stories\n\n\
        Strike dates announced\n\n\
        Passengers will be refunded for tickets bought for Friday.\n";
    let preview = clean(page);
    let story = &preview.stories[0];
    let kept: Vec<&str> = story
        .lines
        .iter()
        .filter(|l| l.kept && !l.is_blank())
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        kept,
        vec![
            "Ferry strike called off after late talks",
            "Unions called off Friday's ferry strike after talks that ran past midnight.",
            "The talks were chaired by the harbour board, which said both sides had moved.",
            "Sailings will run to the normal timetable.",
            "Passengers will be refunded for tickets bought for Friday.",
        ]
    );
}

#[test]
fn a_page_that_starts_mid_story_gets_a_guessed_title() {
    let (page, _) = load("midstory-dockside-weekly");
    let preview = clean(&page);
    assert!(preview.stories[0].title_guessed);
    assert!(!preview.stories[1].title_guessed);
    assert!(preview.stories[0]
        .text()
        .starts_with("council would not pay for the repairs"));
}

#[test]
fn duplicates_carry_their_diff_and_exact_copies_start_excluded() {
    let (page, _) = load("dup-metro-brief");
    let preview = clean(&page);
    let s = &preview.stories;
    assert_eq!(s.len(), 4);
    assert_eq!((s[2].duplicate_of, s[3].duplicate_of), (Some(0), Some(1)));
    assert!(!s[2].diff.as_ref().unwrap().is_exact());
    assert!(s[3].diff.as_ref().unwrap().is_exact());
    assert_eq!(
        s.iter().map(|s| s.include).collect::<Vec<_>>(),
        vec![true, true, true, false]
    );
    let docs = preview.documents("metro.txt");
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[2].title,
        "Airport tram gets green light after decade of debate"
    );
    assert!(docs[2].text.contains("£640m"));
    assert_eq!(docs[0].source, "metro.txt");
    assert!(docs.iter().all(|d| d.mentions.is_empty()));
}

#[test]
fn distinct_stories_are_not_duplicates() {
    let page = "Tram line to the airport approved\nBy Dara Flynn\n\n\
        The authority approved the tram line on Wednesday after ten years of debate.\n\n\
        The line will have six stops.\n\n\
        Library opening hours to be extended\nBy Ken Adair\n\n\
        The authority approved the tram line on Wednesday after ten years of debate.\n\n\
        Kelby's central library will open until 9pm on weekdays from July.\n\n\
        Users asked for later opening in a survey last year.\n";
    let preview = clean(page);
    assert_eq!(preview.stories.len(), 2);
    assert_eq!(
        preview.stories[1].duplicate_of, None,
        "1 of 3 paragraphs shared"
    );
}

#[test]
fn user_edits() {
    let (page, _) = load("dup-metro-brief");
    let mut p = clean(&page);
    let original = p.original();

    // Keep a byline against the rule; remove a body line by hand; undo that.
    let by = p.stories[0]
        .lines
        .iter()
        .position(|l| l.text == "By Dara Flynn")
        .unwrap();
    p.set_kept(0, by, true).unwrap();
    assert!(p.stories[0].text().contains("By Dara Flynn"));
    assert!(p.stories[0].lines[by].by_user);
    assert_eq!(p.stories[0].lines[by].reason.as_deref(), Some("byline"));
    let body = p.stories[0]
        .lines
        .iter()
        .position(|l| l.text.starts_with("The 9km line"))
        .unwrap();
    p.set_kept(0, body, false).unwrap();
    assert_eq!(p.stories[0].lines[body].reason.as_deref(), Some(BY_USER));
    let text = p.stories[0].text();
    assert!(!text.contains("9km"));
    assert!(
        !text.contains("\n\n\n"),
        "the blank lines around it collapse"
    );
    p.set_kept(0, body, true).unwrap();
    assert_eq!(p.stories[0].lines[body].reason, None);

    // Blank lines and bad indices are refused, changing nothing.
    let blank = p.stories[0]
        .lines
        .iter()
        .position(|l| l.is_blank())
        .unwrap();
    let before = p.clone();
    assert_eq!(p.set_kept(0, blank, true), Err(PreviewError::BlankLine));
    assert_eq!(p.set_kept(9, 0, true), Err(PreviewError::NoStory(9)));
    assert_eq!(
        p.set_kept(0, 999, true),
        Err(PreviewError::NoLine {
            story: 0,
            line: 999
        })
    );
    assert_eq!(p.merge_with_next(3), Err(PreviewError::NoNextStory));
    assert_eq!(p.merge_with_next(4), Err(PreviewError::NoStory(4)));
    assert_eq!(p.split_at(0, 0), Err(PreviewError::BadSplit));
    assert_eq!(p.rename(0, "  "), Err(PreviewError::EmptyTitle));
    assert_eq!(p, before);

    // Merging stories 2 and 3 (tram copy + library copy): no longer a duplicate of either.
    p.merge_with_next(2).unwrap();
    assert_eq!(p.stories.len(), 3);
    assert_eq!(p.stories[2].duplicate_of, None);
    assert!(p.stories[2].include);
    // Splitting it again at the library headline restores both, duplicates found again.
    let at = p.stories[2]
        .lines
        .iter()
        .position(|l| l.text == "Central library to stay open later")
        .unwrap();
    p.split_at(2, at).unwrap();
    assert_eq!(p.stories.len(), 4);
    assert_eq!(p.stories[3].title, "Central library to stay open later");
    assert!(!p.stories[3].title_guessed);
    assert_eq!(p.stories[3].duplicate_of, Some(1));
    assert_eq!(p.stories[2].duplicate_of, Some(0));

    // Splitting mid-paragraph guesses a title.
    let mid = p.stories[0]
        .lines
        .iter()
        .position(|l| l.text.starts_with("Critics said"))
        .unwrap();
    p.split_at(0, mid).unwrap();
    assert!(p.stories[1].title_guessed);
    assert_eq!(
        p.stories[1].title,
        "Critics said the cost, estimated at £610m, could…"
    );
    p.rename(1, "  Tram costs ").unwrap();
    assert_eq!(p.stories[1].title, "Tram costs");
    assert!(!p.stories[1].title_guessed);

    p.set_include(1, false).unwrap();
    assert!(p.documents("x").iter().all(|d| d.title != "Tram costs"));
    assert_eq!(p.original(), original, "edits never change the lines");
}

#[test]
fn a_byte_order_mark_is_dropped_and_reported() {
    let page = "\u{FEFF}Harbour reopens after the storm\nBy Jo Marsh\n\nThe harbour reopened on Monday after repairs.";
    let p = clean(page);
    assert_eq!(p.normalisations.len(), 1);
    assert!(p.normalisations[0].contains("U+FEFF"));
    assert_eq!(p.original(), &page[3..]);
    assert!(clean(&page[3..]).normalisations.is_empty());
}

#[test]
fn mixed_terminators_survive() {
    let page = "The harbour reopened on Monday after repairs to the sea wall.\r\n\r\n\
        Advertisement\n\nCrews worked through the weekend, the harbour master said.\r\
        Share this\r\nThe first ferry left at six in the morning, on time.";
    let p = clean(page);
    assert_eq!(p.stories.len(), 1);
    assert_eq!(
        p.stories[0].text(),
        "The harbour reopened on Monday after repairs to the sea wall.\r\n\r\n\
         Crews worked through the weekend, the harbour master said.\r\
         The first ferry left at six in the morning, on time."
    );
    assert_eq!(p.stories[0].lines[1].end, LineEnd::CrLf);
}

#[test]
fn scripts_without_case_or_spaces_keep_their_text_and_headlines() {
    // Chinese: no spaces between words; the menu before the text is the page header.
    let page = "首页\n新闻\n体育\n\n港口工人周二宣布罢工，要求提高工资并改善夜班安全条件。\n\n\
        工会表示，谈判已经持续了三个月，但资方没有作出让步。\n";
    let p = clean(page);
    assert_eq!(p.stories.len(), 1);
    assert_eq!(
        p.stories[0].text(),
        "港口工人周二宣布罢工，要求提高工资并改善夜班安全条件。\n\n\
         工会表示，谈判已经持续了三个月，但资方没有作出让步。"
    );
    // Arabic: a headline (no capital letters in the script) followed by a date line.
    let page = "القائمة\n\nعمال الموانئ يعلنون إضرابا عن العمل\n14/05/2024\n\n\
        أعلن عمال الموانئ في المدينة يوم الثلاثاء إضرابا مفتوحا للمطالبة بزيادة الأجور.\n";
    let p = clean(page);
    assert_eq!(p.stories.len(), 1);
    assert_eq!(p.stories[0].title, "عمال الموانئ يعلنون إضرابا عن العمل");
    assert!(!p.stories[0].title_guessed);
    assert!(p.stories[0].text().ends_with("بزيادة الأجور."));
    assert!(!p.stories[0].text().contains("القائمة"));
}

#[test]
fn empty_and_furniture_only_pages() {
    let p = clean("");
    assert_eq!(p.stories.len(), 1);
    assert_eq!(p.stories[0].text(), "");
    assert!(p.documents("x").is_empty());
    let p = clean("Menu\nHome\nNews\nAccept all\n");
    assert_eq!(p.stories.len(), 1);
    assert_eq!(p.stories[0].text(), "");
    assert!(p.stories[0]
        .lines
        .iter()
        .all(|l| !l.kept && l.reason.is_some()));
    assert!(p.stories[0].lines.last().unwrap().reason.as_deref() == Some("cookie-consent"));
    let p = clean("\n\n \n");
    assert!(p.stories[0]
        .lines
        .iter()
        .all(|l| l.reason.as_deref() == Some(BLANK_LINE)));
}

// ---------------------------------------------------------------------------------------
// The verbatim guarantee, on random pages.

/// Lines of random pages: sentences (with emoji, combining accents, Arabic, CJK),
/// headline-like lines, bylines, dates, furniture, blank and whitespace-only lines.
fn line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        6 => "[a-zA-Z]{1,9}",
        1 => prop::sample::select(vec![
            "Rene\u{301}e", "\u{e9}t\u{e9}", "a\u{308}\u{301}", "\u{1F1FA}\u{1F1E6}",
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", "\u{1F44D}\u{1F3FD}", "\u{301}",
            "\u{645}\u{631}\u{62D}\u{628}\u{627}", "\u{4E2D}\u{6587}", "“quoted”", "£14m",
            "\u{A0}", "\u{200B}", "\u{FEFF}", "10:32", "2024", "May", "Tuesday", "By",
        ])
        .prop_map(str::to_owned),
    ];
    let sentence = prop::collection::vec(word, 1..18).prop_map(|w| w.join(" "));
    prop_oneof![
        6 => (sentence.clone(), prop::sample::select(vec![".", "", "?", ".”", ","]))
            .prop_map(|(s, p)| format!("{s}{p}")),
        2 => Just(String::new()),
        1 => prop::sample::select(vec![" ", "\t", "  \u{A0}"]).prop_map(str::to_owned),
        1 => sentence.clone().prop_map(|s| format!("By {s}")),
        2 => prop::sample::select(vec![
            "Tuesday 14 May 2024 10:32", "3 hours ago", "Updated 10:45 GMT", "14/05/2024",
            "Share this", "Facebook", "Accept all", "Read more from Harbour Gazette:",
            "Most read", "Advertisement", "By", "Jo Marsh", "Image: A ferry", "Menu",
            "We use cookies to improve your experience.", "• X", "© 2024 Gazette",
            "Ferry strike called off after talks", "Harbour reopens after storm",
            "1", "Tram line approved",
        ])
        .prop_map(str::to_owned),
    ]
}

fn page() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                line(),
                prop::sample::select(vec!["\n", "\n", "\r\n", "\r\n", "\r"]),
            ),
            0..60,
        ),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, last_terminated, bom)| {
            let mut page = String::new();
            if bom {
                page.push('\u{FEFF}');
            }
            let n = lines.len();
            for (i, (l, end)) in lines.into_iter().enumerate() {
                page.push_str(&l);
                if i + 1 < n || last_terminated {
                    page.push_str(end);
                }
            }
            page
        })
}

/// Byte ranges of the lines of `page` and their terminators, by an independent split.
fn oracle_lines(page: &str) -> Vec<(usize, usize, &str)> {
    let bytes = page.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i, "\n"));
                i += 1;
                start = i;
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                out.push((start, i, "\r\n"));
                i += 2;
                start = i;
            }
            b'\r' => {
                out.push((start, i, "\r"));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len(), ""));
    }
    out
}

/// Checks the verbatim guarantee of `preview` against `page`.
fn check_verbatim(page: &str, preview: &Preview) -> Result<(), TestCaseError> {
    let body = page.strip_prefix('\u{FEFF}').unwrap_or(page);
    prop_assert_eq!(
        preview.normalisations.len(),
        usize::from(body.len() != page.len())
    );
    prop_assert_eq!(preview.original(), body);
    let oracle = oracle_lines(body);
    let lines = flat(preview);
    prop_assert_eq!(lines.len(), oracle.len());
    for ((_, line), (s, e, end)) in lines.iter().zip(&oracle) {
        prop_assert_eq!(line.text.as_str(), &body[*s..*e]);
        prop_assert_eq!(line.end.as_str(), *end);
    }
    let mut at = 0;
    for (k, story) in preview.stories.iter().enumerate() {
        prop_assert!(!story.lines.is_empty() || body.is_empty());
        // The text from the oracle's byte ranges of the kept lines.
        let kept: Vec<usize> = (at..at + story.lines.len())
            .filter(|&i| lines[i].1.kept)
            .collect();
        let mut expected = String::new();
        for (n, &i) in kept.iter().enumerate() {
            let (s, e, end) = oracle[i];
            expected.push_str(&body[s..e]);
            if n + 1 < kept.len() {
                expected.push_str(end);
            }
        }
        prop_assert_eq!(story.text(), expected);
        // No blank line first, last, or twice in a row among the kept lines.
        let blank: Vec<bool> = kept.iter().map(|&i| lines[i].1.is_blank()).collect();
        prop_assert!(blank.first() != Some(&true) && blank.last() != Some(&true));
        prop_assert!(!blank.windows(2).any(|w| w[0] && w[1]));
        if let Some(d) = story.duplicate_of {
            prop_assert!(d < k);
            prop_assert!(story.diff.is_some());
        }
        at += story.lines.len();
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Edit {
    Keep(usize, usize, bool),
    Merge(usize),
    Split(usize, usize),
    Rename(usize, String),
    Include(usize, bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..6usize, 0..70usize, any::<bool>()).prop_map(|(s, l, k)| Edit::Keep(s, l, k)),
        1 => (0..6usize).prop_map(Edit::Merge),
        2 => (0..6usize, 0..40usize).prop_map(|(s, l)| Edit::Split(s, l)),
        1 => (0..6usize, "[ a-zé]{0,8}").prop_map(|(s, t)| Edit::Rename(s, t)),
        1 => (0..6usize, any::<bool>()).prop_map(|(s, b)| Edit::Include(s, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn cleaning_never_rewrites_kept_text(page in page()) {
        let preview = clean(&page);
        check_verbatim(&page, &preview)?;
    }

    #[test]
    fn edits_never_rewrite_kept_text(page in page(), edits in prop::collection::vec(edit(), 0..12)) {
        let mut preview = clean(&page);
        for e in edits {
            let before = preview.clone();
            let result = match e {
                Edit::Keep(s, l, k) => preview.set_kept(s, l, k),
                Edit::Merge(s) => preview.merge_with_next(s),
                Edit::Split(s, l) => preview.split_at(s, l),
                Edit::Rename(s, t) => preview.rename(s, &t),
                Edit::Include(s, b) => preview.set_include(s, b),
            };
            if result.is_err() {
                prop_assert_eq!(&preview, &before, "a refused edit changes nothing");
            }
            check_verbatim(&page, &preview)?;
        }
    }

    #[test]
    fn kept_lines_stay_kept_when_furniture_is_added_around_them(
        sentences in prop::collection::vec("[A-Z][a-z]{2,8}( [a-z]{2,8}){7,14}\\.", 1..6),
    ) {
        // Body sentences (8+ words ending in a full stop) between furniture are never lost.
        let mut page = String::from("Menu\nHome\nAccept all\n\n");
        for s in &sentences {
            page.push_str(s);
            page.push_str("\n\nShare this\nFacebook\n\n");
        }
        let preview = clean(&page);
        let kept: Vec<&str> = flat(&preview)
            .into_iter()
            .filter(|(_, l)| l.kept && !l.is_blank())
            .map(|(_, l)| l.text.as_str())
            .collect();
        let expected: Vec<&str> = sentences.iter().map(String::as_str).collect();
        prop_assert_eq!(kept, expected);
    }
}

// ---------------------------------------------------------------------------------------
// The held-out page.

/// Sentences of a line (at least one).
fn sentences(line: &str) -> usize {
    line.split_inclusive(['.', '!', '?'])
        .filter(|s| s.trim().chars().any(char::is_alphanumeric))
        .count()
        .max(1)
}

/// Scores the cleaner on the held-out page, written before the cleaner existed and never
/// tuned on. Goal: no body sentence lost. Bound on furniture kept: 3 lines, about 5 % of
/// the page's 65 furniture lines — site-specific furniture that no general rule names
/// (a promotional line, an unusual player notice wording) may slip through, and a few
/// such lines cost a reader seconds to untick in the preview, while a lost body sentence
/// silently damages the corpus.
#[test]
fn heldout_report() {
    let (page, expect) = load(HELD_OUT);
    let classes = label(HELD_OUT, &page, &expect);
    let preview = clean(&page);
    let lines = flat(&preview);
    assert_eq!(lines.len(), classes.len());
    let (mut body, mut body_lost, mut sentences_total, mut sentences_lost, mut wrong_story) =
        (0, 0, 0, 0, 0);
    let (mut furniture, mut furniture_kept, mut removed, mut removed_right) = (0, 0, 0, 0);
    let mut report = Vec::new();
    for ((story, line), class) in lines.iter().zip(&classes) {
        let t = line.text.trim();
        match *class {
            Class::Headline(k) | Class::Body(k) => {
                body += 1;
                sentences_total += sentences(t);
                if !line.kept {
                    body_lost += 1;
                    sentences_lost += sentences(t);
                    report.push(format!("  LOST ({:?}): {t}", line.reason));
                } else if *story != k {
                    wrong_story += 1;
                    report.push(format!("  in story {story}, expected {k}: {t}"));
                }
            }
            Class::Furniture => {
                furniture += 1;
                if line.kept {
                    furniture_kept += 1;
                    report.push(format!("  furniture kept: {t}"));
                }
            }
            Class::Blank => {}
        }
        if !line.kept && !line.is_blank() {
            removed += 1;
            if *class == Class::Furniture {
                removed_right += 1;
            }
        }
    }
    let found: Vec<&str> = preview.stories.iter().map(|s| s.title.as_str()).collect();
    let expected: Vec<&str> = expect.stories.iter().map(|s| s.title.as_str()).collect();
    let precision = removed_right as f64 / removed.max(1) as f64;
    let recall = removed_right as f64 / furniture.max(1) as f64;
    println!("held-out page {HELD_OUT}:");
    println!("  stories found {:?}", found);
    println!("  stories expected {:?}", expected);
    println!(
        "  body lines {body}, lost {body_lost}; body sentences {sentences_total}, lost {sentences_lost}; in the wrong story {wrong_story}"
    );
    println!(
        "  furniture lines {furniture}, kept {furniture_kept}; removal precision {precision:.3}, recall {recall:.3}"
    );
    for r in &report {
        println!("{r}");
    }
    assert_eq!(sentences_lost, 0, "body sentences lost");
    assert!(furniture_kept <= 3, "furniture kept: {furniture_kept}");
    assert_eq!(found, expected, "story split");
    assert_eq!(wrong_story, 0);
}
