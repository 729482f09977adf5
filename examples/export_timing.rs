//! Times every export format on a generated long document: 1.5 million characters with
//! 16,500 mentions (10 % of them nested in or crossing another), natively in release
//! mode. The browser benchmark (`scripts/bench.sh`) measures the same in wasm.
//!
//! Usage: `cargo run --release --example export_timing`

use glossa::formats::{export, ExportOptions, Format};
use glossa::model::edit::Editor;
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

fn main() {
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
    while text.chars().count() < 1_500_000 {
        let w = WORDS[next() % WORDS.len()];
        text.push_str(w);
        para += w.len() + 1;
        if para > 600 {
            text.push_str(".\n\n");
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
    println!("| format | export (ms, native release, median of 5) | size (bytes) |");
    println!("| --- | --- | --- |");
    for f in Format::ALL {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..5 {
            let t = Instant::now();
            let file = export(&ed.ws, &[d], f, ExportOptions::default(), "bench").unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            size = file.bytes.len();
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("| {} | {:.0} | {} |", f.display_name(), times[2], size);
    }
}
