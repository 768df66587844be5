//! Permutations of `N` positions and their action on sequences of tokens.

use crate::{Error, Result};

/// A permutation `π` of the positions `0..N`, acting on sequences by moving the item at
/// position `j` to position `π(j)`.
///
/// Conventions (the ones of the permutation-equivariance proofs for attention):
///
/// * `π` is stored as its list of images `[π(0), …, π(N − 1)]`.
/// * The action on a sequence `X` is `(π·X)[π(j)] = X[j]`, i.e. `(π·X)[i] = X[π⁻¹(i)]`; as a
///   matrix, `π·X = P X` with `P[π(j)][j] = 1`.
/// * [`compose`](Self::compose) is composition of maps, `(π ∘ σ)(j) = π(σ(j))`: apply `σ`
///   first. The action respects it: `(π ∘ σ)·X = π·(σ·X)`.
///
/// Permutations are small `Copy` values (`N` indices); nothing allocates.
///
/// ```
/// use geoml::symmetry::Permutation;
///
/// let rotate = Permutation::<3>::cyclic_shift(1); // 0 → 1 → 2 → 0
/// let tokens = [[1.0_f64, 0.0], [2.0, 0.0], [3.0, 0.0]];
/// let mut moved = [[0.0; 2]; 3];
/// rotate.apply_rows(&tokens, &mut moved);
/// assert_eq!(moved, [[3.0, 0.0], [1.0, 0.0], [2.0, 0.0]]);
/// assert_eq!(rotate.compose(&rotate.inverse()), Permutation::identity());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permutation<const N: usize> {
    images: [usize; N],
}

impl<const N: usize> Default for Permutation<N> {
    fn default() -> Self {
        Self::identity()
    }
}

impl<const N: usize> Permutation<N> {
    /// The identity, `π(j) = j`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// assert_eq!(Permutation::<4>::identity().images(), &[0, 1, 2, 3]);
    /// ```
    pub fn identity() -> Self {
        let mut images = [0; N];
        for (j, image) in images.iter_mut().enumerate() {
            *image = j;
        }
        Self { images }
    }

    /// The permutation with `π(j) = images[j]`.
    ///
    /// Errors: [`Error::NotAPermutation`] naming the first entry that is `≥ N` or repeats an
    /// earlier one.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// use geoml::Error;
    ///
    /// assert!(Permutation::from_images([2, 0, 1]).is_ok());
    /// assert_eq!(
    ///     Permutation::from_images([2, 0, 2]),
    ///     Err(Error::NotAPermutation { index: 2, image: 2 }),
    /// );
    /// ```
    pub fn from_images(images: [usize; N]) -> Result<Self> {
        let mut seen = [false; N];
        for (index, &image) in images.iter().enumerate() {
            match seen.get_mut(image) {
                Some(flag) if !*flag => *flag = true,
                _ => return Err(Error::NotAPermutation { index, image }),
            }
        }
        Ok(Self { images })
    }

    /// The cyclic shift by `k`: `π(j) = (j + k) mod N`, moving every token `k` places to the
    /// right and wrapping around. Shifts by 1 generate the cyclic group of order `N`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// assert_eq!(Permutation::<4>::cyclic_shift(1).images(), &[1, 2, 3, 0]);
    /// assert_eq!(Permutation::<4>::cyclic_shift(6), Permutation::cyclic_shift(2));
    /// ```
    pub fn cyclic_shift(k: usize) -> Self {
        let mut images = [0; N];
        if N > 0 {
            let k = k % N;
            for (j, image) in images.iter_mut().enumerate() {
                *image = (j + k) % N;
            }
        }
        Self { images }
    }

    /// The transposition that swaps positions `a` and `b` (the identity when `a = b`).
    ///
    /// Errors: [`Error::InvalidParameter`] naming `a` or `b` when it is `≥ N`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// assert_eq!(Permutation::<3>::transposition(0, 2).unwrap().images(), &[2, 1, 0]);
    /// assert!(Permutation::<3>::transposition(0, 3).is_err());
    /// ```
    pub fn transposition(a: usize, b: usize) -> Result<Self> {
        for (name, position) in [("a", a), ("b", b)] {
            if position >= N {
                return Err(Error::InvalidParameter {
                    name,
                    value: position as f64,
                });
            }
        }
        let mut p = Self::identity();
        p.images.swap(a, b);
        Ok(p)
    }

    /// The list of images `[π(0), …, π(N − 1)]`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    ///
    /// let p = Permutation::from_images([2, 0, 1])?;
    /// assert_eq!(p.images(), &[2, 0, 1]);
    /// assert_eq!(p.inverse().images(), &[1, 2, 0]); // π⁻¹(π(j)) = j
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn images(&self) -> &[usize; N] {
        &self.images
    }

    /// `π(j)`, or `None` when `j ≥ N`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// let p = Permutation::<3>::cyclic_shift(1);
    /// assert_eq!(p.image(2), Some(0));
    /// assert_eq!(p.image(3), None);
    /// ```
    pub fn image(&self, j: usize) -> Option<usize> {
        self.images.get(j).copied()
    }

    /// The composition `self ∘ other`: `j ↦ self(other(j))`, i.e. `other` first.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// let s = Permutation::<3>::transposition(0, 1).unwrap();
    /// let r = Permutation::<3>::cyclic_shift(1);
    /// assert_eq!(r.compose(&s).images(), &[2, 1, 0]); // 0 → 1 → 2, 1 → 0 → 1, 2 → 2 → 0
    /// assert_ne!(r.compose(&s), s.compose(&r)); // S₃ is not commutative
    /// ```
    pub fn compose(&self, other: &Self) -> Self {
        // Images are always < N, so the lookup never fails; `unwrap_or` keeps the code free
        // of panics all the same.
        Self {
            images: other
                .images
                .map(|j| self.images.get(j).copied().unwrap_or(j)),
        }
    }

    /// The inverse permutation, `π⁻¹(π(j)) = j`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// let p = Permutation::from_images([3, 0, 2, 1]).unwrap();
    /// assert_eq!(p.inverse().images(), &[1, 3, 2, 0]);
    /// assert_eq!(p.inverse().compose(&p), Permutation::identity());
    /// ```
    pub fn inverse(&self) -> Self {
        let mut images = [0; N];
        for (j, &image) in self.images.iter().enumerate() {
            if let Some(slot) = images.get_mut(image) {
                *slot = j;
            }
        }
        Self { images }
    }

    /// Whether this is the identity, `π(j) = j` for every `j`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    ///
    /// assert!(Permutation::<4>::cyclic_shift(4).is_identity()); // a full turn
    /// assert!(!Permutation::<4>::cyclic_shift(1).is_identity());
    /// let swap = Permutation::<4>::transposition(1, 2)?;
    /// assert!(swap.compose(&swap).is_identity()); // a transposition is its own inverse
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_identity(&self) -> bool {
        self.images.iter().enumerate().all(|(j, &image)| j == image)
    }

    /// The sign `(−1)^(number of inversions)`: `+1` for even permutations, `−1` for odd ones.
    /// A homomorphism: `sign(π ∘ σ) = sign(π) · sign(σ)`.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// assert_eq!(Permutation::<5>::transposition(1, 3).unwrap().sign(), -1);
    /// assert_eq!(Permutation::<5>::cyclic_shift(1).sign(), 1); // a 5-cycle is even
    /// ```
    pub fn sign(&self) -> i8 {
        // Each cycle of length L contributes L − 1 transpositions.
        let mut visited = [false; N];
        let mut transpositions = 0usize;
        for start in 0..N {
            let mut j = start;
            let mut length = 0usize;
            while let Some(flag) = visited.get_mut(j) {
                if *flag {
                    break;
                }
                *flag = true;
                length += 1;
                j = self.images.get(j).copied().unwrap_or(N);
            }
            transpositions += length.saturating_sub(1);
        }
        if transpositions.is_multiple_of(2) {
            1
        } else {
            -1
        }
    }

    /// Applies `π` to a sequence: `out[π(j)] = items[j]`, so `out = π·items`.
    ///
    /// The items are anything `Copy`: the rows `[T; D]` of a token sequence `[[T; D]; N]`,
    /// scalars, indices.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// let p = Permutation::from_images([1, 2, 0]).unwrap();
    /// let mut out = ['?'; 3];
    /// p.apply_rows(&['a', 'b', 'c'], &mut out);
    /// assert_eq!(out, ['c', 'a', 'b']); // a moved to 1, b to 2, c to 0
    /// ```
    pub fn apply_rows<E: Copy>(&self, items: &[E; N], out: &mut [E; N]) {
        for (&item, &image) in items.iter().zip(self.images.iter()) {
            if let Some(slot) = out.get_mut(image) {
                *slot = item;
            }
        }
    }

    /// Relabels both indices of an `N × N` matrix: `out[π(i)][π(j)] = a[i][j]`, i.e.
    /// `out = P A Pᵀ`. An attention matrix transforms this way when its tokens are permuted,
    /// and so does the weighted adjacency matrix of a graph on the tokens.
    ///
    /// ```
    /// use geoml::symmetry::Permutation;
    /// let swap = Permutation::<2>::transposition(0, 1).unwrap();
    /// let a = [[0.9_f64, 0.1], [0.3, 0.7]];
    /// let mut b = [[0.0; 2]; 2];
    /// swap.conjugate(&a, &mut b);
    /// assert_eq!(b, [[0.7, 0.3], [0.1, 0.9]]);
    /// ```
    pub fn conjugate<E: Copy>(&self, a: &[[E; N]; N], out: &mut [[E; N]; N]) {
        for (row, &row_image) in a.iter().zip(self.images.iter()) {
            if let Some(out_row) = out.get_mut(row_image) {
                self.apply_rows(row, out_row);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A permutation of 0..6 from arbitrary sort keys.
    fn permutation_from_keys(keys: [u32; 6]) -> Permutation<6> {
        let mut order = [0usize, 1, 2, 3, 4, 5];
        order.sort_by_key(|&j| (keys[j], j));
        Permutation::from_images(order).unwrap()
    }

    fn any_permutation() -> impl Strategy<Value = Permutation<6>> {
        prop::array::uniform6(any::<u32>()).prop_map(permutation_from_keys)
    }

    #[test]
    fn out_of_range_images_are_rejected() {
        assert_eq!(
            Permutation::from_images([0, 5, 1]),
            Err(Error::NotAPermutation { index: 1, image: 5 })
        );
        assert!(Permutation::<0>::from_images([]).is_ok());
        assert_eq!(Permutation::<0>::cyclic_shift(3), Permutation::identity());
    }

    #[test]
    fn the_action_matches_the_permutation_matrix() {
        // P[π(j)][j] = 1, so (P X)[i] = Σⱼ P[i][j] X[j] = X[π⁻¹(i)].
        let p = Permutation::from_images([2, 0, 3, 1]).unwrap();
        let x = [10.0_f64, 20.0, 30.0, 40.0];
        let mut matrix = [[0.0; 4]; 4];
        for (j, &image) in p.images().iter().enumerate() {
            matrix[image][j] = 1.0;
        }
        let mut expected = [0.0; 4];
        for i in 0..4 {
            expected[i] = (0..4).map(|j| matrix[i][j] * x[j]).sum();
        }
        let mut out = [0.0; 4];
        p.apply_rows(&x, &mut out);
        assert_eq!(out, expected);
    }

    proptest! {
        #[test]
        fn group_laws_hold(a in any_permutation(), b in any_permutation(), c in any_permutation()) {
            let id = Permutation::<6>::identity();
            prop_assert_eq!(a.compose(&b).compose(&c), a.compose(&b.compose(&c)));
            prop_assert_eq!(a.compose(&id), a);
            prop_assert_eq!(id.compose(&a), a);
            prop_assert!(a.compose(&a.inverse()).is_identity());
            prop_assert!(a.inverse().compose(&a).is_identity());
            prop_assert_eq!(a.compose(&b).inverse(), b.inverse().compose(&a.inverse()));
            prop_assert_eq!(a.compose(&b).sign(), a.sign() * b.sign());
        }

        #[test]
        fn the_action_respects_composition(a in any_permutation(), b in any_permutation()) {
            let x = [[1.0_f32, -1.0], [2.0, -2.0], [3.0, -3.0], [4.0, -4.0], [5.0, -5.0], [6.0, -6.0]];
            let (mut bx, mut abx, mut direct) = ([[0.0; 2]; 6], [[0.0; 2]; 6], [[0.0; 2]; 6]);
            b.apply_rows(&x, &mut bx);
            a.apply_rows(&bx, &mut abx);
            a.compose(&b).apply_rows(&x, &mut direct);
            prop_assert_eq!(abx, direct);
            let mut back = [[0.0; 2]; 6];
            a.inverse().apply_rows(&abx, &mut bx);
            b.inverse().apply_rows(&bx, &mut back);
            prop_assert_eq!(back, x);
        }

        #[test]
        fn conjugation_is_p_a_p_transpose(a in any_permutation(), entries in prop::array::uniform6(prop::array::uniform6(-1.0_f64..1.0))) {
            let mut matrix = [[0.0; 6]; 6];
            for (j, &image) in a.images().iter().enumerate() {
                matrix[image][j] = 1.0;
            }
            let mut expected = [[0.0; 6]; 6];
            for i in 0..6 {
                for j in 0..6 {
                    // (P A Pᵀ)[i][j] = Σ_k Σ_l P[i][k] A[k][l] P[j][l]
                    for k in 0..6 {
                        for l in 0..6 {
                            expected[i][j] += matrix[i][k] * entries[k][l] * matrix[j][l];
                        }
                    }
                }
            }
            let mut out = [[0.0; 6]; 6];
            a.conjugate(&entries, &mut out);
            prop_assert_eq!(out, expected);
        }
    }
}
