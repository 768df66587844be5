//! A compact in-place sort for the small arrays of persistence (diagram bars, tie groups,
//! reduction columns).
//!
//! `core`'s `sort_unstable` is the right tool for the one large sort (the edges of a Rips
//! filtration), but each comparator instantiates 3–6 KiB of pattern-defeating quicksort, and a
//! firmware image has no room for half a dozen of them. Insertion sort below 16 elements and
//! heapsort above cost a few hundred bytes per comparator and stay O(n log n).

/// Sorts `items` so that `!less(items[k + 1], items[k])` for every k (not stable).
pub(super) fn sort_by<U: Copy>(items: &mut [U], mut less: impl FnMut(&U, &U) -> bool) {
    if items.len() <= 16 {
        insertion_sort(items, &mut less);
        return;
    }
    // Build a max-heap, then repeatedly move its maximum behind the shrinking heap.
    for start in (0..items.len() / 2).rev() {
        sift_down(items, start, &mut less);
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift_down(&mut items[..end], 0, &mut less);
    }
}

/// Sorts by a key, smallest key first (not stable).
pub(super) fn sort_by_key<U: Copy, K: PartialOrd>(items: &mut [U], mut key: impl FnMut(&U) -> K) {
    sort_by(items, |a, b| key(a) < key(b));
}

fn insertion_sort<U: Copy>(items: &mut [U], less: &mut impl FnMut(&U, &U) -> bool) {
    for i in 1..items.len() {
        let item = items[i];
        let mut j = i;
        while j > 0 && less(&item, &items[j - 1]) {
            items[j] = items[j - 1];
            j -= 1;
        }
        items[j] = item;
    }
}

/// Restores the max-heap property below `root`, assuming it holds for its subtrees.
fn sift_down<U: Copy>(heap: &mut [U], mut root: usize, less: &mut impl FnMut(&U, &U) -> bool) {
    loop {
        let mut child = 2 * root + 1;
        if child >= heap.len() {
            return;
        }
        if child + 1 < heap.len() && less(&heap[child], &heap[child + 1]) {
            child += 1;
        }
        if !less(&heap[root], &heap[child]) {
            return;
        }
        heap.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use proptest::prelude::*;
    use std::vec::Vec;

    proptest! {
        /// Same order as the standard library's sort, for every length across the cutover.
        #[test]
        fn sorts_like_the_standard_library(mut items in proptest::collection::vec(0u16..64, 0..80)) {
            let mut expected = items.clone();
            expected.sort_unstable();
            sort_by(&mut items, |a, b| a < b);
            prop_assert_eq!(items, expected);
        }

        #[test]
        fn sorts_by_key_descending(mut items in proptest::collection::vec(-1e3f64..1e3, 0..80)) {
            sort_by_key(&mut items, |&x| -x);
            prop_assert!(items.windows(2).all(|w| w[0] >= w[1]));
        }
    }

    #[test]
    fn keeps_every_element() {
        let mut items: Vec<u32> = (0..200).map(|i| (i * 7919) % 211).collect();
        let mut expected = items.clone();
        expected.sort_unstable();
        sort_by(&mut items, |a, b| a < b);
        assert_eq!(items, expected);
    }
}
