//! The long document both timing examples use: about 1,500,000 characters of
//! English-like words with Arabic, accented names, emoji and flags (paragraphs of ~600
//! characters), labelled with 16,500 mentions through the `Editor` (15,000 word spans plus
//! 1,500 longer ones that nest in or cross them). Deterministic.

use glossa::model::edit::Editor;
use glossa::model::ids::Id;
use glossa::model::text::{snap_selection, SnapMode};
use glossa::model::workspace::Workspace;
use std::time::Instant;

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "José",
    "Müller",
    "port",
    "عبد",
    "الرحمن",
    "strike",
    "🌍",
    "voted",
    "“plan”",
    "Zoë",
    "on",
    "Tuesday",
    "🇺🇦",
    "minister",
    "told",
    "reporters",
    "e\u{301}te\u{301}",
];

/// Builds the document and labels it; prints its size and how long labelling took.
pub fn long_document() -> (Editor, Id) {
    // Deterministic text: ~1.5M chars, paragraphs of ~600 chars.
    let mut text = String::new();
    let mut seed: u64 = 20241125;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut para = 0;
    let mut chars = 0;
    while chars < 1_500_000 {
        let w = WORDS[next() % WORDS.len()];
        text.push_str(w);
        chars += w.chars().count() + 1;
        para += w.len() + 1;
        if para > 600 {
            text.push_str(".\n\n");
            chars += 2; // three characters where a space was counted
            para = 0;
        } else {
            text.push(' ');
        }
    }
    let mut ed = Editor::new(Workspace::new(1));
    let p = ed.add_project("Bench", 1);
    let d = ed
        .add_document(p, "Long", "bench", &text, 1)
        .unwrap()
        .created
        .unwrap();
    let labels: Vec<_> = ed
        .ws
        .project(p)
        .unwrap()
        .schema
        .labels
        .iter()
        .map(|l| l.id)
        .collect();
    let step = text.len() / 15_000;
    let mut added = 0;
    let t0 = Instant::now();
    for i in 0..15_000 {
        let at = i * step;
        for (k, len) in [(0usize, 8usize), (1, 20)] {
            if k == 1 && i % 10 != 0 {
                continue;
            }
            let raw =
                glossa::model::offsets::Span::from_bytes(at, (at + len).min(text.len())).unwrap();
            if let Some(s) = snap_selection(&text, raw, SnapMode::Word) {
                if ed
                    .add_mention(d, s, labels[(i + k) % labels.len()], 2)
                    .is_ok()
                {
                    added += 1;
                }
            }
        }
    }
    println!(
        "document: {} chars, {} mentions added in {:.0} ms",
        text.chars().count(),
        added,
        t0.elapsed().as_secs_f64() * 1000.0
    );
    (ed, d)
}
