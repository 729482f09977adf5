//! An interval index: "which annotations cover this offset" and "which annotations
//! overlap this range", fast, with annotations that overlap and nest freely.
//!
//! # Structure
//!
//! [`IntervalIndex`] is an AVL tree (stored in an arena `Vec`, no `unsafe`) ordered by
//! `(start, end, key)`, where every node also records the largest `end` in its subtree.
//! The tree height is at most about `1.44 log2 n` (about 21 at 20,000 entries), so
//!
//! - [`insert`](IntervalIndex::insert) and [`remove`](IntervalIndex::remove) are
//!   `O(log n)` worst case (no memmove, no rebuild);
//! - [`from_entries`](IntervalIndex::from_entries) is `O(n log n)` (a sort, then a
//!   linear balanced build);
//! - a query splits its answer in two ordered parts:
//!   1. intervals starting *before* the query start that reach past it: an in-order walk
//!      that skips every subtree whose largest end does not reach past the query start;
//!   2. intervals starting *inside* the query range: a plain ordered range walk,
//!      `O(log n + k)`.
//!
//!   Part 2 is `O(log n + k)`. Part 1 is the classic augmented interval-tree walk:
//!   every node it enters lies on the search path of the query start or on the root
//!   path of an interval it reports (pruned children cost `O(1)` each), so it is
//!   `O(log n)` plus at most `O(log n)` per reported interval, and much less in practice
//!   since reported intervals share most of their root paths. A very long interval (a
//!   quote spanning many paragraphs) is one reported entry, never a scan of what it
//!   covers, and short intervals far before the query are never visited.
//!
//! Queries take `&self` and never allocate except for the returned `Vec`;
//! [`for_each_overlapping`](IntervalIndex::for_each_overlapping) does not allocate at all.
//!
//! # Conventions
//!
//! Intervals are half-open, `[start, end)`, over `usize` positions. An interval given
//! with `start > end` is normalised by swapping its ends (the same holds for query
//! ranges). Empty intervals (`start == end`) are allowed; they are found by a query that
//! contains their position (see [`IntervalIndex::overlapping`]). Each entry is the triple
//! `(start, end, key)`; the index is a set of triples, so the same key may appear with
//! different ranges, but an identical triple is stored once.

use std::cmp::Ordering;
use std::fmt;

/// Marks a missing child in the arena.
const NIL: usize = usize::MAX;

/// One tree node, stored in the arena.
#[derive(Clone)]
struct Node<K> {
    start: usize,
    end: usize,
    key: K,
    /// Largest `end` in the subtree rooted here (this node included).
    max_end: usize,
    /// Height of the subtree rooted here (a leaf has height 1).
    height: u32,
    left: usize,
    right: usize,
}

/// Half-open intervals [start, end) over usize positions (byte offsets), each with a key.
///
/// Entries are kept ordered by `(start, end, key)`; every query reports in that order.
/// See the [module documentation](self) for the structure and its costs.
///
/// ```
/// use glossa::model::interval::IntervalIndex;
///
/// let mut idx = IntervalIndex::new();
/// idx.insert(0, 100, 'q'); // a long quote
/// idx.insert(10, 15, 'm'); // a mention inside it
/// idx.insert(15, 20, 'n'); // touching the mention, not overlapping it
/// assert_eq!(idx.at(12), vec!['q', 'm']);
/// assert_eq!(idx.at(15), vec!['q', 'n']);
/// assert_eq!(idx.overlapping(14, 16), vec!['q', 'm', 'n']);
/// ```
#[derive(Clone)]
pub struct IntervalIndex<K> {
    /// Arena of nodes; slots listed in `free` are unused.
    nodes: Vec<Node<K>>,
    /// Unused arena slots, reused by the next inserts.
    free: Vec<usize>,
    /// Root of the tree, or `NIL` when empty.
    root: usize,
}

impl<K> Default for IntervalIndex<K> {
    fn default() -> Self {
        IntervalIndex {
            nodes: Vec::new(),
            free: Vec::new(),
            root: NIL,
        }
    }
}

impl<K: fmt::Debug> fmt::Debug for IntervalIndex<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        let mut walk = InOrder::new(&self.nodes, self.root);
        while let Some(i) = walk.next_index() {
            let n = &self.nodes[i];
            list.entry(&(n.start, n.end, &n.key));
        }
        list.finish()
    }
}

/// Orders a pair of positions.
fn normalise(start: usize, end: usize) -> (usize, usize) {
    if start <= end {
        (start, end)
    } else {
        (end, start)
    }
}

impl<K: Copy + Ord> IntervalIndex<K> {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds an index from `(start, end, key)` entries in any order, in `O(n log n)`.
    ///
    /// Duplicate entries are kept once; entries with `start > end` are normalised.
    pub fn from_entries(entries: impl IntoIterator<Item = (usize, usize, K)>) -> Self {
        let mut sorted: Vec<(usize, usize, K)> = entries
            .into_iter()
            .map(|(s, e, k)| {
                let (s, e) = normalise(s, e);
                (s, e, k)
            })
            .collect();
        sorted.sort_unstable();
        sorted.dedup();
        let nodes = sorted
            .into_iter()
            .map(|(start, end, key)| Node {
                start,
                end,
                key,
                max_end: end,
                height: 1,
                left: NIL,
                right: NIL,
            })
            .collect();
        let mut index = IntervalIndex {
            nodes,
            free: Vec::new(),
            root: NIL,
        };
        index.root = index.build(0, index.nodes.len());
        index
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.nodes.len() - self.free.len()
    }

    /// Whether the index has no entries.
    pub fn is_empty(&self) -> bool {
        self.root == NIL
    }

    /// Whether the entry `(start, end, key)` is present (`start > end` is normalised).
    pub fn contains(&self, start: usize, end: usize, key: K) -> bool {
        let (start, end) = normalise(start, end);
        self.find(&(start, end, key))
    }

    /// Adds the entry `(start, end, key)` in `O(log n)`.
    ///
    /// Inserting an entry that is already present is a no-op. `start > end` is normalised.
    pub fn insert(&mut self, start: usize, end: usize, key: K) {
        let (start, end) = normalise(start, end);
        let entry = (start, end, key);
        if self.find(&entry) {
            return;
        }
        self.root = self.insert_into(self.root, entry);
    }

    /// Removes the entry `(start, end, key)` in `O(log n)`; returns whether it was present.
    ///
    /// `start > end` is normalised.
    pub fn remove(&mut self, start: usize, end: usize, key: K) -> bool {
        let (start, end) = normalise(start, end);
        let entry = (start, end, key);
        if !self.find(&entry) {
            return false;
        }
        self.root = self.remove_from(self.root, &entry);
        true
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.free.clear();
        self.root = NIL;
    }

    /// keys of intervals with start <= at < end; empty intervals (start == end) are
    /// returned when at == start. Ordered by (start, end, key).
    ///
    /// Same as `overlapping(at, at)`.
    pub fn at(&self, at: usize) -> Vec<K> {
        self.overlapping(at, at)
    }

    /// keys of intervals overlapping [start, end): s < end && e > start; plus empty
    /// intervals lying within [start, end]; and when start == end (a point query range)
    /// behave like intervals containing that point or empty ones at it. Ordered by
    /// (start, end, key).
    ///
    /// A range with `start > end` is normalised.
    pub fn overlapping(&self, start: usize, end: usize) -> Vec<K> {
        let mut keys = Vec::new();
        self.for_each_overlapping(start, end, |_, _, k| keys.push(k));
        keys
    }

    /// Calls f for each (start, end, key) overlapping [start, end) (same rule as
    /// `overlapping`), in order, without allocating.
    pub fn for_each_overlapping(
        &self,
        start: usize,
        end: usize,
        mut f: impl FnMut(usize, usize, K),
    ) {
        let (qs, qe) = normalise(start, end);
        // Part 1: entries starting before `qs` that reach past it (nothing empty here).
        self.walk_crossing(self.root, qs, &mut f);
        // Part 2: entries starting at or after `qs`, up to the query's upper bound.
        self.walk_range(self.root, qs, qe, &mut f);
    }

    /// All entries in (start, end, key) order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, K)> + '_ {
        let mut walk = InOrder::new(&self.nodes, self.root);
        std::iter::from_fn(move || {
            walk.next_index().map(|i| {
                let n = &self.nodes[i];
                (n.start, n.end, n.key)
            })
        })
    }

    // ---- queries -------------------------------------------------------------------

    /// Whether `entry` is in the tree.
    fn find(&self, entry: &(usize, usize, K)) -> bool {
        let mut t = self.root;
        while t != NIL {
            let n = &self.nodes[t];
            match entry.cmp(&(n.start, n.end, n.key)) {
                Ordering::Less => t = n.left,
                Ordering::Greater => t = n.right,
                Ordering::Equal => return true,
            }
        }
        false
    }

    /// In order, reports the entries of subtree `t` with `start < qs < end`.
    fn walk_crossing<F: FnMut(usize, usize, K)>(&self, t: usize, qs: usize, f: &mut F) {
        if t == NIL {
            return;
        }
        let n = &self.nodes[t];
        if n.max_end <= qs {
            // Nothing below reaches past `qs`.
            return;
        }
        self.walk_crossing(n.left, qs, f);
        if n.start >= qs {
            // This node and its right subtree start at or after `qs`: part 2's business.
            return;
        }
        if n.end > qs {
            f(n.start, n.end, n.key);
        }
        self.walk_crossing(n.right, qs, f);
    }

    /// In order, reports the entries of subtree `t` that start at or after `qs` and lie
    /// below the query's upper bound: `start < qe`, or `start == qe` when the entry is
    /// empty or the query is a point (`qs == qe`).
    fn walk_range<F: FnMut(usize, usize, K)>(&self, t: usize, qs: usize, qe: usize, f: &mut F) {
        if t == NIL {
            return;
        }
        let n = &self.nodes[t];
        let from_lo = n.start >= qs;
        let below_hi = n.start < qe || (n.start == qe && (qs == qe || n.end == qe));
        if from_lo {
            self.walk_range(n.left, qs, qe, f);
        }
        if from_lo && below_hi {
            f(n.start, n.end, n.key);
        }
        if below_hi {
            self.walk_range(n.right, qs, qe, f);
        }
    }

    // ---- tree maintenance ----------------------------------------------------------

    /// Builds a perfectly balanced subtree over the (sorted, fresh) arena slots `lo..hi`.
    fn build(&mut self, lo: usize, hi: usize) -> usize {
        if lo >= hi {
            return NIL;
        }
        let mid = lo + (hi - lo) / 2;
        let left = self.build(lo, mid);
        let right = self.build(mid + 1, hi);
        self.nodes[mid].left = left;
        self.nodes[mid].right = right;
        self.update(mid);
        mid
    }

    /// Stores a new leaf and returns its slot.
    fn alloc(&mut self, (start, end, key): (usize, usize, K)) -> usize {
        let node = Node {
            start,
            end,
            key,
            max_end: end,
            height: 1,
            left: NIL,
            right: NIL,
        };
        match self.free.pop() {
            Some(i) => {
                self.nodes[i] = node;
                i
            }
            None => {
                self.nodes.push(node);
                self.nodes.len() - 1
            }
        }
    }

    /// Inserts `entry` (known to be absent) below `t`; returns the new subtree root.
    fn insert_into(&mut self, t: usize, entry: (usize, usize, K)) -> usize {
        if t == NIL {
            return self.alloc(entry);
        }
        let n = &self.nodes[t];
        if entry < (n.start, n.end, n.key) {
            let left = self.insert_into(n.left, entry);
            self.nodes[t].left = left;
        } else {
            let right = self.insert_into(n.right, entry);
            self.nodes[t].right = right;
        }
        self.rebalance(t)
    }

    /// Removes `entry` (known to be present) from below `t`; returns the new subtree root.
    fn remove_from(&mut self, t: usize, entry: &(usize, usize, K)) -> usize {
        let n = &self.nodes[t];
        let (left, right) = (n.left, n.right);
        match entry.cmp(&(n.start, n.end, n.key)) {
            Ordering::Less => {
                let left = self.remove_from(left, entry);
                self.nodes[t].left = left;
            }
            Ordering::Greater => {
                let right = self.remove_from(right, entry);
                self.nodes[t].right = right;
            }
            Ordering::Equal => {
                self.free.push(t);
                if left == NIL {
                    return right;
                }
                if right == NIL {
                    return left;
                }
                // Replace this node by its successor, the minimum of the right subtree.
                let (right, succ) = self.take_min(right);
                self.nodes[succ].left = left;
                self.nodes[succ].right = right;
                return self.rebalance(succ);
            }
        }
        self.rebalance(t)
    }

    /// Detaches the minimum of subtree `t`; returns (new subtree root, detached slot).
    fn take_min(&mut self, t: usize) -> (usize, usize) {
        let left = self.nodes[t].left;
        if left == NIL {
            return (self.nodes[t].right, t);
        }
        let (left, min) = self.take_min(left);
        self.nodes[t].left = left;
        (self.rebalance(t), min)
    }

    fn height(&self, t: usize) -> u32 {
        if t == NIL {
            0
        } else {
            self.nodes[t].height
        }
    }

    /// Recomputes the height and largest end of `t` from its children.
    fn update(&mut self, t: usize) {
        let (left, right) = (self.nodes[t].left, self.nodes[t].right);
        let mut max_end = self.nodes[t].end;
        if left != NIL {
            max_end = max_end.max(self.nodes[left].max_end);
        }
        if right != NIL {
            max_end = max_end.max(self.nodes[right].max_end);
        }
        let height = 1 + self.height(left).max(self.height(right));
        let n = &mut self.nodes[t];
        n.max_end = max_end;
        n.height = height;
    }

    fn rotate_right(&mut self, t: usize) -> usize {
        let l = self.nodes[t].left;
        self.nodes[t].left = self.nodes[l].right;
        self.nodes[l].right = t;
        self.update(t);
        self.update(l);
        l
    }

    fn rotate_left(&mut self, t: usize) -> usize {
        let r = self.nodes[t].right;
        self.nodes[t].right = self.nodes[r].left;
        self.nodes[r].left = t;
        self.update(t);
        self.update(r);
        r
    }

    /// Updates `t` and restores the AVL balance at it; returns the new subtree root.
    fn rebalance(&mut self, t: usize) -> usize {
        self.update(t);
        let (left, right) = (self.nodes[t].left, self.nodes[t].right);
        let (hl, hr) = (self.height(left), self.height(right));
        if hl > hr + 1 {
            if self.height(self.nodes[left].left) < self.height(self.nodes[left].right) {
                self.nodes[t].left = self.rotate_left(left);
            }
            self.rotate_right(t)
        } else if hr > hl + 1 {
            if self.height(self.nodes[right].right) < self.height(self.nodes[right].left) {
                self.nodes[t].right = self.rotate_right(right);
            }
            self.rotate_left(t)
        } else {
            t
        }
    }
}

/// In-order walk over arena slots with an explicit stack (at most the tree height).
struct InOrder<'a, K> {
    nodes: &'a [Node<K>],
    stack: Vec<usize>,
}

impl<'a, K> InOrder<'a, K> {
    fn new(nodes: &'a [Node<K>], root: usize) -> Self {
        let mut walk = InOrder {
            nodes,
            stack: Vec::new(),
        };
        walk.push_left_spine(root);
        walk
    }

    fn push_left_spine(&mut self, mut t: usize) {
        while t != NIL {
            self.stack.push(t);
            t = self.nodes[t].left;
        }
    }

    fn next_index(&mut self) -> Option<usize> {
        let t = self.stack.pop()?;
        self.push_left_spine(self.nodes[t].right);
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl<K: Copy + Ord> IntervalIndex<K> {
        /// Checks order, AVL balance, heights, largest ends and the arena bookkeeping.
        fn check_invariants(&self) {
            let mut reachable = 0;
            self.check_subtree(self.root, None, None, &mut reachable);
            assert_eq!(reachable, self.len());
            assert_eq!(self.is_empty(), reachable == 0);
        }

        /// Returns the subtree's (height, largest end).
        fn check_subtree(
            &self,
            t: usize,
            lo: Option<(usize, usize, K)>,
            hi: Option<(usize, usize, K)>,
            count: &mut usize,
        ) -> (u32, usize) {
            if t == NIL {
                return (0, 0);
            }
            assert!(!self.free.contains(&t), "freed slot {t} is still linked");
            *count += 1;
            let n = &self.nodes[t];
            let entry = (n.start, n.end, n.key);
            assert!(n.start <= n.end);
            assert!(lo.is_none_or(|lo| lo < entry), "order broken");
            assert!(hi.is_none_or(|hi| entry < hi), "order broken");
            let (hl, ml) = self.check_subtree(n.left, lo, Some(entry), count);
            let (hr, mr) = self.check_subtree(n.right, Some(entry), hi, count);
            assert!(hl.abs_diff(hr) <= 1, "unbalanced at {t}");
            assert_eq!(n.height, 1 + hl.max(hr));
            assert_eq!(n.max_end, n.end.max(ml).max(mr));
            (n.height, n.max_end)
        }
    }

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

        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
    }

    #[test]
    fn invariants_hold_under_random_edits() {
        let mut rng = Rng(7);
        let mut idx = IntervalIndex::new();
        let mut model = std::collections::BTreeSet::new();
        for step in 0..4000 {
            let s = rng.below(60);
            let e = s + rng.below(20);
            let k = rng.below(4) as u8;
            if rng.below(3) == 0 {
                assert_eq!(idx.remove(s, e, k), model.remove(&(s, e, k)));
            } else {
                idx.insert(s, e, k);
                model.insert((s, e, k));
            }
            if step % 97 == 0 {
                idx.check_invariants();
            }
            assert_eq!(idx.len(), model.len());
        }
        idx.check_invariants();
        assert!(idx.iter().eq(model.iter().copied()));
        // Drain everything, checking the tree as it shrinks.
        for (i, &(s, e, k)) in model.iter().enumerate() {
            assert!(idx.remove(s, e, k));
            if i % 31 == 0 {
                idx.check_invariants();
            }
        }
        assert!(idx.is_empty());
        idx.check_invariants();
    }

    #[test]
    fn bulk_build_is_balanced_and_deduplicated() {
        for n in [0usize, 1, 2, 3, 7, 8, 100, 1000] {
            let entries =
                (0..n).flat_map(|i| [(i % 13, i % 13 + i % 5, i), (i % 13, i % 13 + i % 5, i)]);
            let idx = IntervalIndex::from_entries(entries);
            assert_eq!(idx.len(), n);
            idx.check_invariants();
        }
    }

    #[test]
    fn freed_slots_are_reused() {
        let mut idx = IntervalIndex::new();
        for i in 0..10 {
            idx.insert(i, i + 1, i);
        }
        for i in 0..10 {
            assert!(idx.remove(i, i + 1, i));
        }
        for i in 0..10 {
            idx.insert(i, i + 2, i);
        }
        assert_eq!(idx.nodes.len(), 10);
        idx.check_invariants();
        idx.clear();
        assert!(idx.is_empty());
        assert_eq!(idx.nodes.len(), 0);
        idx.check_invariants();
    }

    #[test]
    fn height_stays_logarithmic_for_sorted_inserts() {
        let mut idx = IntervalIndex::new();
        for i in 0..20_000 {
            idx.insert(i, i + 1_000_000, 0u32);
        }
        idx.check_invariants();
        // AVL bound: height < 1.4405 log2(n + 2).
        assert!(
            idx.height(idx.root) <= 21,
            "height {}",
            idx.height(idx.root)
        );
    }
}
