//! A fixture corpus shared by the format tests and the consumer-check example: fictional
//! text with emoji (incl. a flag and a ZWJ sequence), combining accents, Arabic, CRLF
//! and overlapping/nested spans, with every annotation layer present.
#![allow(dead_code)]

use glossa::model::annotations::{Evidence, Polarity, QuoteKind, Speaker, StanceTarget};
use glossa::model::edit::{AnnotationId, Editor};
use glossa::model::ids::Id;
use glossa::model::offsets::Span;
use glossa::model::workspace::Workspace;

/// First document: CRLF line breaks, a flag, a combining accent, Arabic, nesting.
pub const TEXT_A: &str = "Ms Rene\u{301}e Okafor of the Lagos Port Authority 🇳🇬 said on Monday:\r\n\r\n“We will reopen the northern quay by June,” Okafor told reporters. \
The union leader عمر فاروق said he opposed the plan 👩‍👩‍👧.\r\n\r\nThe Lagos Port Authority declined to comment further.";

/// Second document: plain LF text with a quote over two paragraphs.
pub const TEXT_B: &str = "Mayor Zoë Lind backs the tram extension.\n\n“It connects the east side to jobs. \
Nobody should need a car to work,” Lind said.\n\nCritics, led by Carl Ström, said the cost was too high 💸.";

/// The span of the `n`-th (0-based) occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str, n: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in fixture"))
        .0;
    Span::from_bytes(start, start + needle.len()).unwrap()
}

/// The span of `needle` inside the first occurrence of `context`.
pub fn find_in(text: &str, context: &str, needle: &str) -> Span {
    let c = find(text, context, 0);
    let inner = find(&text[c.start.0..c.end.0], needle, 0);
    Span::from_bytes(c.start.0 + inner.start.0, c.start.0 + inner.end.0).unwrap()
}

/// Ids of interesting records in the fixture.
pub struct Fixture {
    /// The editor holding the workspace.
    pub editor: Editor,
    /// The project.
    pub project: Id,
    /// Document A and B.
    pub docs: [Id; 2],
}

/// Builds the fixture corpus deterministically (seeded ids, fixed clock).
pub fn fixture() -> Fixture {
    let mut ed = Editor::new(Workspace::new(20241125));
    let now = 1_700_000_000_000;
    let p = ed.add_project("Fixture", now);
    let a = ed
        .add_document(p, "Port reopening", "fixture-a.txt", TEXT_A, now)
        .unwrap()
        .created
        .unwrap();
    let b = ed
        .add_document(p, "Tram extension", "fixture-b.txt", TEXT_B, now)
        .unwrap()
        .created
        .unwrap();
    let labels: Vec<Id> = ed
        .ws
        .project(p)
        .unwrap()
        .schema
        .labels
        .iter()
        .map(|l| l.id)
        .collect();
    let (person, org, loc) = (labels[0], labels[1], labels[2]);

    // Document A
    let renee = ed
        .add_mention(a, find(TEXT_A, "Rene\u{301}e Okafor", 0), person, now)
        .unwrap()
        .created
        .unwrap();
    let okafor = ed
        .add_mention(a, find(TEXT_A, "Okafor", 1), person, now)
        .unwrap()
        .created
        .unwrap();
    let lpa = ed
        .add_mention(a, find(TEXT_A, "Lagos Port Authority", 0), org, now)
        .unwrap()
        .created
        .unwrap();
    // Nested: "Lagos" inside "Lagos Port Authority" as LOC.
    ed.add_mention(a, find(TEXT_A, "Lagos", 0), loc, now)
        .unwrap();
    let lpa2 = ed
        .add_mention(a, find(TEXT_A, "Lagos Port Authority", 1), org, now)
        .unwrap()
        .created
        .unwrap();
    let omar = ed
        .add_mention(a, find(TEXT_A, "عمر فاروق", 0), person, now)
        .unwrap()
        .created
        .unwrap();
    let he = ed
        .add_mention(a, find_in(TEXT_A, "said he opposed", "he"), person, now)
        .unwrap()
        .created
        .unwrap();
    let okafor_e = ed
        .create_entity(a, "Renée Okafor", person, &[renee, okafor], now)
        .unwrap()
        .created
        .unwrap();
    ed.create_entity(a, "Lagos Port Authority", org, &[lpa, lpa2], now)
        .unwrap();
    let omar_e = ed
        .create_entity(a, "Omar Farouk", person, &[omar, he], now)
        .unwrap()
        .created
        .unwrap();
    let q1 = ed
        .add_quote(
            a,
            find(TEXT_A, "We will reopen the northern quay by June,", 0),
            Some(find(TEXT_A, "told reporters", 0)),
            Some(Speaker::Mention(okafor)),
            QuoteKind::Direct,
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let q2 = ed
        .add_quote(
            a,
            find(TEXT_A, "he opposed the plan", 0),
            Some(find(TEXT_A, "said", 1)),
            Some(Speaker::Entity(omar_e)),
            QuoteKind::Indirect,
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let topic = ed.add_topic(p, "Reopening the northern quay", now).unwrap();
    let st = ed
        .add_stance(
            a,
            Some(omar_e),
            Some(StanceTarget::Topic(topic)),
            Polarity::Against,
            vec![
                Evidence::Quote { id: q2 },
                Evidence::Span {
                    span: find(TEXT_A, "opposed the plan", 0),
                },
            ],
            now,
        )
        .unwrap()
        .created
        .unwrap();
    ed.add_stance(
        a,
        Some(okafor_e),
        Some(StanceTarget::Topic(topic)),
        Polarity::Favor,
        vec![Evidence::Quote { id: q1 }],
        now,
    )
    .unwrap();
    ed.set_note(
        a,
        AnnotationId::Stance(st),
        Some("Reported speech, not a direct quote.".into()),
    )
    .unwrap();

    // Document B: a quote continued over two paragraphs is one quote here (same paragraph).
    let zoe = ed
        .add_mention(b, find(TEXT_B, "Zoë Lind", 0), person, now)
        .unwrap()
        .created
        .unwrap();
    let lind = ed
        .add_mention(b, find(TEXT_B, "Lind", 1), person, now)
        .unwrap()
        .created
        .unwrap();
    let carl = ed
        .add_mention(b, find(TEXT_B, "Carl Ström", 0), person, now)
        .unwrap()
        .created
        .unwrap();
    // Crossing spans of two labels: "Mayor Zoë" (MISC) crosses "Zoë Lind" (PERSON).
    ed.add_mention(b, find(TEXT_B, "Mayor Zoë", 0), labels[3], now)
        .unwrap();
    let lind_e = ed
        .create_entity(b, "Zoë Lind", person, &[zoe, lind], now)
        .unwrap()
        .created
        .unwrap();
    let carl_e = ed
        .create_entity(b, "Carl Ström", person, &[carl], now)
        .unwrap()
        .created
        .unwrap();
    let qb = ed
        .add_quote(
            b,
            find(
                TEXT_B,
                "It connects the east side to jobs. Nobody should need a car to work,",
                0,
            ),
            Some(find(TEXT_B, "said", 0)),
            Some(Speaker::Mention(lind)),
            QuoteKind::Direct,
            now,
        )
        .unwrap()
        .created
        .unwrap();
    let tram = ed.add_topic(p, "Tram extension", now).unwrap();
    ed.add_stance(
        b,
        Some(lind_e),
        Some(StanceTarget::Topic(tram)),
        Polarity::Favor,
        vec![
            Evidence::Quote { id: qb },
            Evidence::Span {
                span: find(TEXT_B, "backs the tram extension", 0),
            },
        ],
        now,
    )
    .unwrap();
    ed.add_stance(
        b,
        Some(carl_e),
        Some(StanceTarget::Entity(lind_e)),
        Polarity::None,
        vec![],
        now,
    )
    .unwrap();
    ed.history.clear();
    Fixture {
        editor: ed,
        project: p,
        docs: [a, b],
    }
}

/// A deterministic news-like article of about `chars` characters (names with accents,
/// Arabic, emoji and curly quotes), different for each `seed`.
#[allow(dead_code)]
pub fn article(seed: u64, chars: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "said",
        "on",
        "Tuesday",
        "that",
        "port",
        "workers",
        "would",
        "return",
        "José",
        "Müller",
        "told",
        "reporters",
        "“we",
        "will",
        "not",
        "wait”",
        "minister",
        "Zoë",
        "Okafor",
        "عبد",
        "الرحمن",
        "strike",
        "🌍",
        "plan",
        "budget",
        "city",
        "of",
        "Aridia",
        "tram",
        "line",
        "union",
        "a",
        "vote",
        "in",
        "March",
    ];
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut text = String::new();
    let mut n = 0;
    while n < chars {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let w = WORDS[(state % WORDS.len() as u64) as usize];
        text.push_str(w);
        n += w.chars().count() + 1;
        text.push(if state % 13 == 0 { '\n' } else { ' ' });
    }
    text
}

/// `n` spans over distinct words of `text`, spread evenly.
#[allow(dead_code)]
pub fn word_spans(text: &str, n: usize) -> Vec<Span> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let step = (words.len() / n.max(1)).max(1);
    words
        .iter()
        .step_by(step)
        .take(n)
        .map(|&(s, e)| Span::from_bytes(s, e).unwrap())
        .collect()
}
