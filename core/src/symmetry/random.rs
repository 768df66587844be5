//! Uniformly random permutations from a caller's random number generator, and augmentation.

use super::Permutation;
use rand_core::Rng;

impl<const N: usize> Permutation<N> {
    /// A uniformly random permutation, drawn with the Fisher–Yates shuffle from the caller's
    /// generator (any `rand_core::Rng`: a seeded `StdRng` in tests, a hardware RNG on a
    /// microcontroller).
    ///
    /// Each of the `N!` permutations has probability exactly `1/N!` given uniform `u64`s: the
    /// index drawn at each step is unbiased (Lemire's multiply-and-reject method), not a
    /// biased `x mod n`. Uses `N − 1` draws plus rare rejections.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// use rand::{rngs::StdRng, SeedableRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(7);
    /// let p = Permutation::<10>::random(&mut rng);
    /// let mut sorted = *p.images();
    /// sorted.sort();
    /// assert_eq!(sorted, *Permutation::<10>::identity().images());
    /// ```
    pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        let mut images = *Self::identity().images();
        // Fisher–Yates, from the back: position i swaps with a uniform j in 0..=i.
        for i in (1..N).rev() {
            let j = uniform_below(rng, i + 1);
            images.swap(i, j);
        }
        Self::from_images(images).unwrap_or_default()
    }
}

/// A uniform integer in `0..n` for `n ≥ 1` (Lemire 2019: the high word of `x · n`, with the
/// few `x` whose low word falls below `2⁶⁴ mod n` rejected so that every value is equally
/// likely).
fn uniform_below<R: Rng + ?Sized>(rng: &mut R, n: usize) -> usize {
    let n = n as u64;
    let threshold = n.wrapping_neg() % n;
    loop {
        let product = u128::from(rng.next_u64()) * u128::from(n);
        if (product as u64) >= threshold {
            // The high word is < n, which came from a usize.
            return (product >> 64) as usize;
        }
    }
}

/// An iterator of `count` independent uniformly random permutations, for symmetrizing by
/// sampling when `N!` is too many to enumerate (an unbiased estimate of the full average,
/// invariant only approximately).
///
/// ```
/// use geoml::symmetry::{random_permutations, Permutation};
/// use rand::{rngs::StdRng, SeedableRng};
///
/// let mut rng = StdRng::seed_from_u64(1);
/// let sample: Vec<Permutation<12>> = random_permutations(&mut rng, 10).collect();
/// assert_eq!(sample.len(), 10);
/// ```
pub fn random_permutations<R: Rng + ?Sized, const N: usize>(
    rng: &mut R,
    count: usize,
) -> RandomPermutations<'_, R, N> {
    RandomPermutations {
        rng,
        remaining: count,
    }
}

/// The iterator returned by [`random_permutations`].
#[derive(Debug)]
pub struct RandomPermutations<'r, R: ?Sized, const N: usize> {
    rng: &'r mut R,
    remaining: usize,
}

impl<R: Rng + ?Sized, const N: usize> Iterator for RandomPermutations<'_, R, N> {
    type Item = Permutation<N>;

    fn next(&mut self) -> Option<Permutation<N>> {
        self.remaining = self.remaining.checked_sub(1)?;
        Some(Permutation::random(self.rng))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<R: Rng + ?Sized, const N: usize> ExactSizeIterator for RandomPermutations<'_, R, N> {}

/// Data augmentation by permutation: `out = π·rows` for a fresh uniformly random `π`, which is
/// returned.
///
/// Training a plain model on randomly reordered copies of each example teaches it to
/// (approximately) ignore the order, without any guarantee; the layers and the
/// symmetrization of this module make the invariance exact. The permutation acts on the token
/// axis, the whole row moving together.
///
/// ```
/// use geoml::symmetry::augment;
/// use rand::{rngs::StdRng, SeedableRng};
///
/// let mut rng = StdRng::seed_from_u64(3);
/// let tokens = [[1.0_f32, 10.0], [2.0, 20.0], [3.0, 30.0]];
/// let mut shuffled = [[0.0; 2]; 3];
/// let p = augment(&tokens, &mut rng, &mut shuffled);
/// let mut back = [[0.0; 2]; 3];
/// p.inverse().apply_rows(&shuffled, &mut back);
/// assert_eq!(back, tokens);
/// ```
pub fn augment<E: Copy, R: Rng + ?Sized, const N: usize>(
    rows: &[E; N],
    rng: &mut R,
    out: &mut [E; N],
) -> Permutation<N> {
    let p = Permutation::random(rng);
    p.apply_rows(rows, out);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symmetry::AllPermutations;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn every_permutation_of_four_is_equally_likely() {
        // 24 000 draws, 1000 expected per permutation; χ² with 23 degrees of freedom has its
        // 99.9 % quantile at 49.7.
        let mut rng = StdRng::seed_from_u64(2024);
        let all: [Permutation<4>; 24] = {
            let mut a = [Permutation::identity(); 24];
            for (slot, p) in a.iter_mut().zip(AllPermutations::new()) {
                *slot = p;
            }
            a
        };
        let mut counts = [0u32; 24];
        for p in random_permutations::<_, 4>(&mut rng, 24_000) {
            let k = all.iter().position(|q| *q == p).unwrap();
            counts[k] += 1;
        }
        let chi2: f64 = counts
            .iter()
            .map(|&c| (f64::from(c) - 1000.0).powi(2) / 1000.0)
            .sum();
        assert!(chi2 < 49.7, "χ² = {chi2}, counts {counts:?}");
    }

    #[test]
    fn uniform_below_is_in_range_and_unbiased_for_awkward_n() {
        let mut rng = StdRng::seed_from_u64(9);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[uniform_below(&mut rng, 3)] += 1;
        }
        for c in counts {
            assert!((9_500..10_500).contains(&c), "{counts:?}");
        }
        assert_eq!(uniform_below(&mut rng, 1), 0);
    }

    #[test]
    fn sampling_is_reproducible_from_the_seed() {
        let a: [usize; 8] = *Permutation::<8>::random(&mut StdRng::seed_from_u64(11)).images();
        let b: [usize; 8] = *Permutation::<8>::random(&mut StdRng::seed_from_u64(11)).images();
        assert_eq!(a, b);
        assert_eq!(
            random_permutations::<_, 3>(&mut StdRng::seed_from_u64(0), 4).len(),
            4
        );
    }
}
