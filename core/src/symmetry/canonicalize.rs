//! Canonicalization: a representative of each orbit, by sorting the rows.

use super::Permutation;
use crate::{Real, Result, check_finite_rows};
use core::cmp::Ordering;

/// Sorts the rows of `x` lexicographically into `out` and returns the permutation `π` that
/// does it (`out = π·x`).
///
/// Every reordering of the same rows has the same sorted form, so `out` is a canonical
/// representative of the orbit of `x` under `S_N`, and any function `f` becomes invariant as
/// `x ↦ f(canonicalize(x))` — exactly, with no averaging. The price: the sorted order jumps
/// when two rows swap places, so `f ∘ canonicalize` is discontinuous there even when `f` is
/// smooth.
///
/// Rows are compared entry by entry (first coordinate first); equal rows keep their input
/// order, so `π` is deterministic. Rows that differ only by the sign of a zero compare equal,
/// and the canonical forms of two reorderings are then equal under `==` (though not bit for
/// bit). Cost `O(N log N)` row comparisons, no allocation.
///
/// Errors: [`Error::NonFinite`](crate::Error::NonFinite) (flat index `i · D + k`), because NaN
/// has no place in an order.
///
/// ```
/// use geoml::symmetry::{canonicalize, Permutation};
///
/// let x = [[2.0_f64, 0.0], [1.0, 5.0], [1.0, 3.0]];
/// let mut sorted = [[0.0; 2]; 3];
/// let p = canonicalize(&x, &mut sorted).unwrap();
/// assert_eq!(sorted, [[1.0, 3.0], [1.0, 5.0], [2.0, 0.0]]);
///
/// // A reordering of x has the same canonical form.
/// let mut shuffled = [[0.0; 2]; 3];
/// Permutation::cyclic_shift(1).apply_rows(&x, &mut shuffled);
/// let mut sorted_again = [[0.0; 2]; 3];
/// canonicalize(&shuffled, &mut sorted_again).unwrap();
/// assert_eq!(sorted_again, sorted);
///
/// // And p says where each row went.
/// let mut moved = [[0.0; 2]; 3];
/// p.apply_rows(&x, &mut moved);
/// assert_eq!(moved, sorted);
/// ```
pub fn canonicalize<T: Real, const N: usize, const D: usize>(
    x: &[[T; D]; N],
    out: &mut [[T; D]; N],
) -> Result<Permutation<N>> {
    check_finite_rows(x)?;
    // order[k] = the input row that lands at position k.
    let mut order = *Permutation::<N>::identity().images();
    order.sort_unstable_by(|&a, &b| match (x.get(a), x.get(b)) {
        (Some(row_a), Some(row_b)) => lexicographic(row_a, row_b).then(a.cmp(&b)),
        _ => a.cmp(&b),
    });
    let sorting = Permutation::from_images(order)?.inverse();
    sorting.apply_rows(x, out);
    Ok(sorting)
}

/// Lexicographic order of two rows of finite numbers.
fn lexicographic<T: Real>(a: &[T], b: &[T]) -> Ordering {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| x.partial_cmp(y).unwrap_or(Ordering::Equal))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::symmetry::AllPermutations;
    use proptest::prelude::*;

    #[test]
    fn non_finite_rows_cannot_be_sorted() {
        let x = [[1.0_f32, 2.0], [f32::NAN, 0.0]];
        assert!(matches!(
            canonicalize(&x, &mut [[0.0; 2]; 2]),
            Err(Error::NonFinite { index: 2, .. })
        ));
    }

    #[test]
    fn ties_keep_input_order() {
        let x = [[1.0_f64], [0.0], [1.0], [0.0]];
        let mut out = [[9.0]; 4];
        let p = canonicalize(&x, &mut out).unwrap();
        assert_eq!(out, [[0.0], [0.0], [1.0], [1.0]]);
        assert_eq!(p.images(), &[2, 0, 3, 1]);
    }

    #[test]
    fn every_reordering_of_five_rows_has_one_canonical_form() {
        let x = [
            [0.5_f32, 1.0],
            [0.5, -1.0],
            [-2.0, 3.0],
            [0.5, 1.0],
            [7.0, 0.0],
        ];
        let mut reference = [[0.0; 2]; 5];
        canonicalize(&x, &mut reference).unwrap();
        for p in AllPermutations::<5>::new() {
            let mut moved = [[0.0; 2]; 5];
            p.apply_rows(&x, &mut moved);
            let mut canonical = [[0.0; 2]; 5];
            canonicalize(&moved, &mut canonical).unwrap();
            assert_eq!(canonical, reference);
        }
    }

    proptest! {
        #[test]
        fn canonical_form_is_sorted_and_invariant(
            x in prop::array::uniform6(prop::array::uniform2(-3i8..3)),
            keys in prop::array::uniform6(any::<u16>()),
        ) {
            // Small integers make ties and shared first coordinates frequent.
            let x = x.map(|r| r.map(f64::from));
            let mut order = [0usize, 1, 2, 3, 4, 5];
            order.sort_by_key(|&j| (keys[j], j));
            let p = Permutation::from_images(order).unwrap();
            let mut moved = [[0.0; 2]; 6];
            p.apply_rows(&x, &mut moved);
            let (mut a, mut b) = ([[0.0; 2]; 6], [[0.0; 2]; 6]);
            canonicalize(&x, &mut a).unwrap();
            canonicalize(&moved, &mut b).unwrap();
            prop_assert_eq!(a, b);
            prop_assert!(a.windows(2).all(|w| lexicographic(&w[0], &w[1]).is_le()));
        }
    }
}
