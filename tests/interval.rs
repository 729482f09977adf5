#![cfg(not(target_arch = "wasm32"))]
//! Tests of the interval index: edge cases, a brute-force model under random edits,
//! and a document-sized workload.

use glossa::model::interval::IntervalIndex;
use proptest::prelude::*;
use std::time::Instant;

// ---- brute-force model -------------------------------------------------------------

/// Whether the entry `(s, e)` matches the query `[qs, qe)`, written straight from the
/// documented rules.
fn matches(s: usize, e: usize, qs: usize, qe: usize) -> bool {
    let (qs, qe) = if qs <= qe { (qs, qe) } else { (qe, qs) };
    if s == e {
        // Empty intervals lying within [qs, qe] (for a point query: at the point).
        qs <= s && s <= qe
    } else if qs == qe {
        // Point query: intervals containing the point.
        s <= qs && qs < e
    } else {
        s < qe && e > qs
    }
}

/// A set of entries kept as a plain vector.
#[derive(Default)]
struct Model {
    entries: Vec<(usize, usize, u8)>,
}

impl Model {
    fn insert(&mut self, s: usize, e: usize, k: u8) {
        let entry = (s.min(e), s.max(e), k);
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    fn remove(&mut self, s: usize, e: usize, k: u8) -> bool {
        let entry = (s.min(e), s.max(e), k);
        match self.entries.iter().position(|x| *x == entry) {
            Some(i) => {
                self.entries.swap_remove(i);
                true
            }
            None => false,
        }
    }

    fn sorted(&self) -> Vec<(usize, usize, u8)> {
        let mut v = self.entries.clone();
        v.sort();
        v
    }

    fn overlapping(&self, qs: usize, qe: usize) -> Vec<(usize, usize, u8)> {
        self.sorted()
            .into_iter()
            .filter(|&(s, e, _)| matches(s, e, qs, qe))
            .collect()
    }
}

fn keys<K: Copy>(entries: &[(usize, usize, K)]) -> Vec<K> {
    entries.iter().map(|&(_, _, k)| k).collect()
}

fn triples<K: Copy + Ord>(idx: &IntervalIndex<K>, qs: usize, qe: usize) -> Vec<(usize, usize, K)> {
    let mut out = Vec::new();
    idx.for_each_overlapping(qs, qe, |s, e, k| out.push((s, e, k)));
    out
}

// ---- edge cases --------------------------------------------------------------------

#[test]
fn empty_index() {
    let idx: IntervalIndex<u32> = IntervalIndex::new();
    assert!(idx.is_empty());
    assert_eq!(idx.len(), 0);
    assert!(idx.at(0).is_empty());
    assert!(idx.overlapping(0, usize::MAX).is_empty());
    assert_eq!(idx.iter().count(), 0);
    let default: IntervalIndex<u32> = IntervalIndex::default();
    assert!(default.is_empty());
}

#[test]
fn nested_intervals() {
    let idx = IntervalIndex::from_entries([(0, 100, 'a'), (10, 20, 'b'), (12, 15, 'c')]);
    assert_eq!(idx.at(13), vec!['a', 'b', 'c']);
    assert_eq!(idx.at(15), vec!['a', 'b']);
    assert_eq!(idx.at(20), vec!['a']);
    assert_eq!(idx.at(99), vec!['a']);
    assert!(idx.at(100).is_empty());
    assert_eq!(idx.overlapping(14, 16), vec!['a', 'b', 'c']);
    assert_eq!(idx.overlapping(15, 30), vec!['a', 'b']);
    assert_eq!(idx.overlapping(0, 10), vec!['a']);
}

#[test]
fn crossing_intervals() {
    let idx = IntervalIndex::from_entries([(5, 15, 2), (0, 10, 1)]);
    assert_eq!(idx.at(3), vec![1]);
    assert_eq!(idx.at(7), vec![1, 2]);
    assert_eq!(idx.at(12), vec![2]);
    assert_eq!(idx.overlapping(9, 11), vec![1, 2]);
    assert_eq!(idx.overlapping(10, 11), vec![2]);
    assert_eq!(idx.overlapping(0, 5), vec![1]);
    assert!(idx.overlapping(15, 20).is_empty());
}

#[test]
fn touching_intervals_do_not_overlap() {
    let idx = IntervalIndex::from_entries([(0, 5, 'x'), (5, 9, 'y')]);
    assert_eq!(idx.at(4), vec!['x']);
    assert_eq!(idx.at(5), vec!['y']);
    assert_eq!(idx.overlapping(5, 5), vec!['y']);
    assert_eq!(idx.overlapping(0, 5), vec!['x']);
    assert_eq!(idx.overlapping(5, 9), vec!['y']);
    assert_eq!(idx.overlapping(4, 6), vec!['x', 'y']);
    assert!(idx.at(9).is_empty());
}

#[test]
fn empty_intervals() {
    let idx = IntervalIndex::from_entries([(5, 5, 'e'), (3, 8, 'a'), (5, 9, 'b'), (9, 9, 'z')]);
    // A point query finds empty intervals at the point, ordered among the others.
    assert_eq!(idx.at(5), vec!['a', 'e', 'b']);
    assert_eq!(idx.at(4), vec!['a']);
    assert_eq!(idx.at(6), vec!['a', 'b']);
    assert_eq!(idx.at(9), vec!['z']);
    // A range query finds empty intervals within its closed range.
    assert_eq!(idx.overlapping(0, 5), vec!['a', 'e']);
    assert_eq!(idx.overlapping(5, 6), vec!['a', 'e', 'b']);
    assert_eq!(idx.overlapping(6, 9), vec!['a', 'b', 'z']);
    assert_eq!(idx.overlapping(0, 4), vec!['a']);
    assert_eq!(idx.overlapping(9, 20), vec!['z']);
    assert!(idx.overlapping(10, 20).is_empty());
    // An empty interval is not found by a range merely touching it from the left.
    let lone = IntervalIndex::from_entries([(5, 5, ())]);
    assert!(lone.overlapping(6, 8).is_empty());
    assert!(lone.overlapping(0, 4).is_empty());
    assert_eq!(lone.overlapping(0, 5).len(), 1);
    assert_eq!(lone.overlapping(5, 8).len(), 1);
}

#[test]
fn very_long_interval_covers_everything() {
    let mut idx = IntervalIndex::new();
    for i in 0..1000 {
        idx.insert(i * 1500, i * 1500 + 10, i + 1);
    }
    idx.insert(0, 1_500_000, 0);
    for p in [0, 5, 11, 700_000, 1_498_505, 1_499_999] {
        assert!(idx.at(p).contains(&0), "at {p}");
    }
    // Ordered by (start, end, key): the short [0, 10) comes before [0, 1_500_000).
    assert_eq!(idx.at(0), vec![1, 0]);
    assert_eq!(idx.at(700_005), vec![0]);
    assert_eq!(idx.at(700_505), vec![0, 468]);
    assert!(idx.at(1_500_000).is_empty());
    assert_eq!(idx.overlapping(1_499_000, 2_000_000), vec![0]);
    assert_eq!(idx.overlapping(3005, 4505), vec![0, 3, 4]);
    assert_eq!(idx.overlapping(0, usize::MAX).len(), 1001);
}

#[test]
fn remove_missing_entry() {
    let mut idx = IntervalIndex::new();
    assert!(!idx.remove(0, 5, 1));
    idx.insert(0, 5, 1);
    assert!(!idx.remove(0, 5, 2), "same range, other key");
    assert!(!idx.remove(0, 6, 1), "same key, other range");
    assert!(!idx.remove(1, 5, 1), "same key, other start");
    assert_eq!(idx.len(), 1);
    assert!(idx.remove(0, 5, 1));
    assert!(!idx.remove(0, 5, 1), "already removed");
    assert!(idx.is_empty());
    assert!(idx.at(2).is_empty());
}

#[test]
fn duplicate_insert_is_a_no_op() {
    let mut idx = IntervalIndex::new();
    idx.insert(2, 7, 'k');
    idx.insert(2, 7, 'k');
    assert_eq!(idx.len(), 1);
    assert!(idx.contains(2, 7, 'k'));
    idx.insert(2, 7, 'j');
    assert_eq!(idx.len(), 2);
    assert_eq!(idx.at(3), vec!['j', 'k']);
    let bulk = IntervalIndex::from_entries([(1, 2, 0), (1, 2, 0), (1, 2, 0)]);
    assert_eq!(bulk.len(), 1);
}

#[test]
fn same_key_with_several_ranges() {
    let idx = IntervalIndex::from_entries([(0, 10, 7), (5, 15, 7), (20, 30, 7)]);
    assert_eq!(idx.len(), 3);
    assert_eq!(idx.at(6), vec![7, 7]);
    assert_eq!(
        triples(&idx, 6, 25),
        vec![(0, 10, 7), (5, 15, 7), (20, 30, 7)]
    );
}

#[test]
fn reversed_bounds_are_normalised() {
    let mut idx = IntervalIndex::new();
    idx.insert(9, 3, 'r');
    assert_eq!(idx.iter().collect::<Vec<_>>(), vec![(3, 9, 'r')]);
    assert!(idx.contains(3, 9, 'r'));
    assert_eq!(idx.overlapping(8, 0), vec!['r']);
    assert_eq!(idx.overlapping(12, 9), Vec::<char>::new());
    assert!(idx.remove(9, 3, 'r'));
    assert!(idx.is_empty());
}

#[test]
fn extreme_positions() {
    let m = usize::MAX;
    let idx = IntervalIndex::from_entries([(m - 1, m, 'a'), (m, m, 'b'), (0, m, 'c')]);
    assert_eq!(idx.at(m - 1), vec!['c', 'a']);
    assert_eq!(idx.at(m), vec!['b']);
    assert_eq!(idx.overlapping(m - 1, m), vec!['c', 'a', 'b']);
    assert_eq!(idx.overlapping(0, m), vec!['c', 'a', 'b']);
    assert_eq!(idx.at(0), vec!['c']);
}

#[test]
fn iteration_clear_clone_and_debug() {
    let mut idx = IntervalIndex::from_entries([(4, 6, 1u8), (0, 9, 2), (4, 5, 3), (4, 6, 0)]);
    assert_eq!(
        idx.iter().collect::<Vec<_>>(),
        vec![(0, 9, 2), (4, 5, 3), (4, 6, 0), (4, 6, 1)]
    );
    assert_eq!(
        format!("{idx:?}"),
        "[(0, 9, 2), (4, 5, 3), (4, 6, 0), (4, 6, 1)]"
    );
    let copy = idx.clone();
    idx.clear();
    assert!(idx.is_empty());
    assert!(idx.at(5).is_empty());
    assert_eq!(copy.len(), 4);
    assert_eq!(copy.at(5), vec![2, 0, 1]);
    idx.insert(1, 2, 9);
    assert_eq!(idx.iter().collect::<Vec<_>>(), vec![(1, 2, 9)]);
}

#[test]
fn at_is_a_point_query() {
    let idx = IntervalIndex::from_entries([(0, 3, 0), (3, 3, 1), (3, 4, 2), (2, 6, 3)]);
    for p in 0..8 {
        assert_eq!(idx.at(p), idx.overlapping(p, p), "at {p}");
    }
}

// ---- brute force, randomised -------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    Insert(usize, usize, u8),
    Remove(usize, usize, u8),
    /// Removes the model's n-th entry (modulo its size), so removals often hit.
    RemoveExisting(usize),
    At(usize),
    Overlapping(usize, usize),
    Clear,
}

fn op() -> impl Strategy<Value = Op> {
    let short = (0..200usize, 0..25usize, 0..4u8).prop_map(|(s, l, k)| (s, s + l, k));
    let any_range = (0..200usize, 0..200usize, 0..4u8);
    prop_oneof![
        6 => short.prop_map(|(s, e, k)| Op::Insert(s, e, k)),
        2 => any_range.clone().prop_map(|(s, e, k)| Op::Insert(s, e, k)),
        2 => any_range.prop_map(|(s, e, k)| Op::Remove(s, e, k)),
        3 => any::<usize>().prop_map(Op::RemoveExisting),
        3 => (0..205usize).prop_map(Op::At),
        3 => (0..205usize, 0..40usize).prop_map(|(s, l)| Op::Overlapping(s, s + l)),
        1 => (0..205usize, 0..205usize).prop_map(|(s, e)| Op::Overlapping(s, e)),
        1 => Just(Op::Clear),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn matches_brute_force_under_random_edits(ops in prop::collection::vec(op(), 1..300)) {
        let mut idx = IntervalIndex::new();
        let mut model = Model::default();
        for op in ops {
            match op {
                Op::Insert(s, e, k) => {
                    idx.insert(s, e, k);
                    model.insert(s, e, k);
                    prop_assert!(idx.contains(s, e, k));
                }
                Op::Remove(s, e, k) => {
                    prop_assert_eq!(idx.remove(s, e, k), model.remove(s, e, k));
                    prop_assert!(!idx.contains(s, e, k));
                }
                Op::RemoveExisting(n) => {
                    if !model.entries.is_empty() {
                        let (s, e, k) = model.entries[n % model.entries.len()];
                        prop_assert!(model.remove(s, e, k));
                        prop_assert!(idx.remove(s, e, k));
                    }
                }
                Op::At(p) => {
                    prop_assert_eq!(idx.at(p), keys(&model.overlapping(p, p)), "at {}", p);
                }
                Op::Overlapping(qs, qe) => {
                    let expected = model.overlapping(qs, qe);
                    prop_assert_eq!(idx.overlapping(qs, qe), keys(&expected));
                    prop_assert_eq!(triples(&idx, qs, qe), expected);
                }
                Op::Clear => {
                    idx.clear();
                    model.entries.clear();
                }
            }
            prop_assert_eq!(idx.len(), model.entries.len());
            prop_assert_eq!(idx.is_empty(), model.entries.is_empty());
        }
        prop_assert_eq!(idx.iter().collect::<Vec<_>>(), model.sorted());
        // Every point and a spread of ranges on the final state.
        for p in 0..=225 {
            prop_assert_eq!(idx.at(p), keys(&model.overlapping(p, p)), "final at {}", p);
        }
        for qs in (0..225).step_by(7) {
            for qe in (qs..230).step_by(11) {
                prop_assert_eq!(triples(&idx, qs, qe), model.overlapping(qs, qe));
            }
        }
    }

    #[test]
    fn bulk_build_matches_brute_force(
        entries in prop::collection::vec((0..200usize, 0..200usize, 0..4u8), 0..200),
        queries in prop::collection::vec((0..205usize, 0..205usize), 1..50),
    ) {
        let idx = IntervalIndex::from_entries(entries.iter().copied());
        let mut model = Model::default();
        for &(s, e, k) in &entries {
            model.insert(s, e, k);
        }
        prop_assert_eq!(idx.len(), model.entries.len());
        prop_assert_eq!(idx.iter().collect::<Vec<_>>(), model.sorted());
        for (qs, qe) in queries {
            prop_assert_eq!(triples(&idx, qs, qe), model.overlapping(qs, qe));
            prop_assert_eq!(idx.at(qs), keys(&model.overlapping(qs, qs)));
        }
    }
}

// ---- document-sized workload -------------------------------------------------------

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn twenty_thousand_intervals_over_a_long_document() {
    const DOC: usize = 1_500_000;
    const N: u32 = 20_000;
    let mut rng = Rng(0x5EED);
    let mut entries = Vec::new();
    for key in 0..N {
        let start = rng.below(DOC);
        let len = match rng.below(100) {
            0 => rng.below(DOC),        // a quote spanning much of the article
            1..=4 => rng.below(20_000), // several paragraphs
            5..=7 => 0,                 // empty (a caret mark)
            _ => 1 + rng.below(80),     // a mention
        };
        entries.push((start, (start + len).min(DOC), key));
    }
    let brute_at = |p: usize| -> Vec<u32> {
        let mut v: Vec<_> = entries
            .iter()
            .copied()
            .filter(|&(s, e, _)| matches(s, e, p, p))
            .collect();
        v.sort();
        keys(&v)
    };
    let brute_range = |qs: usize, qe: usize| -> Vec<(usize, usize, u32)> {
        let mut v: Vec<_> = entries
            .iter()
            .copied()
            .filter(|&(s, e, _)| matches(s, e, qs, qe))
            .collect();
        v.sort();
        v
    };

    // One at a time, as during editing, with a click-like query after each insert.
    let timer = Instant::now();
    let mut idx = IntervalIndex::new();
    let mut hits = 0usize;
    for &(s, e, k) in &entries {
        idx.insert(s, e, k);
        hits += idx.at(rng.below(DOC)).len();
    }
    let elapsed = timer.elapsed();
    eprintln!("{N} inserts + {N} point queries: {elapsed:?} ({hits} hits)");
    assert_eq!(idx.len(), N as usize);

    let timer = Instant::now();
    let bulk = IntervalIndex::from_entries(entries.iter().copied());
    eprintln!("bulk build of {N}: {:?}", timer.elapsed());
    assert!(bulk.iter().eq(idx.iter()));

    let timer = Instant::now();
    let mut painted = 0usize;
    for _ in 0..N {
        let qs = rng.below(DOC);
        idx.for_each_overlapping(qs, qs + 3000, |_, _, _| painted += 1);
    }
    eprintln!(
        "{N} viewport range queries: {:?} ({painted} hits)",
        timer.elapsed()
    );

    for _ in 0..20 {
        let p = rng.below(DOC);
        assert_eq!(idx.at(p), brute_at(p), "at {p}");
        let qs = rng.below(DOC);
        let qe = qs + rng.below(50_000);
        assert_eq!(
            triples(&idx, qs, qe),
            brute_range(qs, qe),
            "overlapping {qs}..{qe}"
        );
        assert_eq!(triples(&bulk, qs, qe), brute_range(qs, qe));
    }
    for &(s, _, _) in entries.iter().take(10) {
        assert_eq!(idx.at(s), brute_at(s), "at a start {s}");
    }

    // Remove every other entry, one at a time, then check again.
    let timer = Instant::now();
    for &(s, e, k) in entries.iter().step_by(2) {
        assert!(idx.remove(s, e, k));
    }
    eprintln!("{} removes: {:?}", N / 2, timer.elapsed());
    let kept: Vec<_> = entries.iter().copied().skip(1).step_by(2).collect();
    assert_eq!(idx.len(), kept.len());
    for _ in 0..10 {
        let p = rng.below(DOC);
        let mut expected: Vec<_> = kept
            .iter()
            .copied()
            .filter(|&(s, e, _)| matches(s, e, p, p))
            .collect();
        expected.sort();
        assert_eq!(idx.at(p), keys(&expected));
    }
}
