//! Every one of the N! permutations, one swap apart, by Heap's algorithm.

use super::Permutation;

/// An iterator over all `N!` permutations of `0..N` (the symmetric group `S_N`), each exactly
/// once, starting with the identity.
///
/// Heap's algorithm (B. R. Heap, 1963) in its iterative form: consecutive permutations differ
/// by one swap, each step costs O(1) amortised, and the state is two arrays of `N` indices —
/// no allocation, no recursion. `N!` grows fast: 8! = 40 320, 10! = 3 628 800, 12! ≈ 4.8·10⁸;
/// use [`random_permutations`](super::random_permutations) to sample larger groups.
///
/// ```
/// use geoml::symmetry::{AllPermutations, Permutation};
///
/// let all: Vec<Permutation<3>> = AllPermutations::new().collect();
/// assert_eq!(all.len(), 6);
/// assert!(all[0].is_identity());
/// assert_eq!(all.iter().filter(|p| p.sign() == 1).count(), 3); // the alternating group A₃
/// ```
#[derive(Debug, Clone)]
pub struct AllPermutations<const N: usize> {
    current: [usize; N],
    /// Heap's per-level counters: `counters[i]` swaps done at level `i` so far.
    counters: [usize; N],
    /// The level Heap's loop resumes at; `N` or more once every permutation was produced.
    level: usize,
    started: bool,
}

impl<const N: usize> AllPermutations<N> {
    /// The enumeration, positioned before the identity.
    ///
    /// ```
    /// use geoml::symmetry::AllPermutations;
    ///
    /// let mut all = AllPermutations::<3>::new();
    /// assert_eq!(all.next().map(|p| *p.images()), Some([0, 1, 2]));
    /// assert_eq!(all.next().map(|p| *p.images()), Some([1, 0, 2])); // one swap later
    /// assert_eq!(AllPermutations::<4>::new().count(), 24);
    /// ```
    pub fn new() -> Self {
        Self {
            current: *Permutation::<N>::identity().images(),
            counters: [0; N],
            level: 1,
            started: false,
        }
    }
}

impl<const N: usize> Default for AllPermutations<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Iterator for AllPermutations<N> {
    type Item = Permutation<N>;

    fn next(&mut self) -> Option<Permutation<N>> {
        if !self.started {
            self.started = true;
            return Some(self.emit());
        }
        while self.level < N {
            let i = self.level;
            let count = self.counters[i];
            if count < i {
                // Even levels swap with the first position, odd levels with the counter's.
                let other = if i.is_multiple_of(2) { 0 } else { count };
                self.current.swap(other, i);
                self.counters[i] = count + 1;
                self.level = 1;
                return Some(self.emit());
            }
            self.counters[i] = 0;
            self.level += 1;
        }
        None
    }
}

impl<const N: usize> AllPermutations<N> {
    fn emit(&self) -> Permutation<N> {
        // `current` is always a rearrangement of 0..N (swaps of the identity).
        Permutation::from_images(self.current).unwrap_or_default()
    }
}

impl<const N: usize> core::iter::FusedIterator for AllPermutations<N> {}

/// `N!`, or `None` when it does not fit in a `usize` (`N > 20` on 64-bit targets, `N > 12` on
/// 32-bit ones).
///
/// ```
/// use geoml::symmetry::factorial;
/// assert_eq!(factorial(5), Some(120));
/// assert_eq!(factorial(0), Some(1));
/// assert_eq!(factorial(200), None);
/// ```
pub fn factorial(n: usize) -> Option<usize> {
    (1..=n).try_fold(1usize, |acc, k| acc.checked_mul(k))
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::collections::HashSet;

    fn check_all<const N: usize>() {
        let mut seen = HashSet::new();
        let mut previous: Option<Permutation<N>> = None;
        for p in AllPermutations::<N>::new() {
            assert!(seen.insert(p), "{p:?} produced twice");
            if let Some(q) = previous {
                // Heap's property: one swap between consecutive permutations.
                let moved = (0..N).filter(|&j| p.images()[j] != q.images()[j]).count();
                assert_eq!(moved, 2, "{q:?} → {p:?}");
            }
            previous = Some(p);
        }
        assert_eq!(Some(seen.len()), factorial(N));
    }

    #[test]
    fn heap_yields_n_factorial_distinct_permutations() {
        check_all::<0>();
        check_all::<1>();
        check_all::<2>();
        check_all::<3>();
        check_all::<4>();
        check_all::<5>();
        check_all::<6>();
        check_all::<7>();
    }

    #[test]
    fn the_iterator_stays_exhausted() {
        let mut it = AllPermutations::<3>::new();
        assert_eq!(it.by_ref().count(), 6);
        assert_eq!(it.next(), None);
        assert_eq!(it.next(), None);
    }
}
