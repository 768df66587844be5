//! Attention scored by negative Euclidean distance, which rotations cannot change.

use super::kernel::{Problem, Score, attend_online, attend_with_weights};
use super::options::AttentionOptions;
use super::row_block::{attend_direct, fits};
use super::scaled_dot_product::DEFAULT_TILE;
use crate::{Real, Result};

/// Distance-scored attention: the score of query `i` and key `j` is `−s·‖q_i − k_j‖`
/// (`s = 1` by default), so a query attends most to the keys nearest to it:
///
/// ```text
/// w[i][j] = softmax_j(−s·‖q_i − k_j‖ + A[i][j]),   out_i = Σ_j w[i][j] v_j.
/// ```
///
/// A dot product `⟨q, k⟩` changes when queries and keys are rotated separately, but a
/// distance only depends on the difference: for any orthogonal `R` applied to every query and
/// every key, `‖R q − R k‖ = ‖q − k‖`, so the weights are *invariant* and, when the values are
/// left alone, so is the output (rotate the values too and the output rotates with them:
/// it is *equivariant*). Seed 000 of this project proposes this layer as "rotation-invariant
/// attention"; its code computes the right scores but then multiplies weights and values
/// element-wise (`einsum("bnqd,bnqd->bnqd")`, which needs equal shapes and sums over nothing)
/// instead of summing over the keys (`"bnqk,bnkd->bnqd"`) — here the sum over keys is the
/// matrix product `W V` as in every attention.
///
/// The distance is computed as `√Σ_d (q_d − k_d)²` (not `‖q‖² + ‖k‖² − 2⟨q, k⟩`, which loses
/// every digit for nearby points). Options, masks, weights, fully masked rows (zero output and
/// weights, counted in the return value), accuracy and errors are those of
/// [`scaled_dot_product_attention`](super::scaled_dot_product_attention), except that the
/// default scale is 1 and the overflow bound is on `D·(max|q| + max|k|)²`.
///
/// # Example
/// ```
/// use geoml::attention::{distance_attention, AttentionOptions};
///
/// // Two queries, three keys on a line; each query attends most to the key nearest to it.
/// let q = [[0.0_f64, 0.0], [10.0, 0.0]];
/// let k = [[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]];
/// let v = [[1.0], [2.0], [3.0]];
/// let mut out = [[0.0]; 2];
/// let mut w = [[0.0; 3]; 2];
/// distance_attention(&q, &k, &v, &AttentionOptions::new(), &mut out, Some(&mut w))?;
/// let z = 1.0 + (-1.0_f64).exp() + (-10.0_f64).exp();
/// assert!((w[0][0] - 1.0 / z).abs() < 1e-15);
/// assert!(w[1][2] > w[1][1] && w[1][1] > w[1][0]);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn distance_attention<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
>(
    q: &[[T; D]; N],
    k: &[[T; D]; M],
    v: &[[T; DV]; M],
    options: &AttentionOptions<'_, T, N, M>,
    out: &mut [[T; DV]; N],
    weights: Option<&mut [[T; M]; N]>,
) -> Result<usize> {
    let problem = Problem::new(q, k, v, options, Score::NegativeDistance, T::one())?;
    Ok(match weights {
        Some(weights) => attend_with_weights(&problem, out, weights),
        None if fits::<T, M, D>() => attend_direct(&problem, out),
        None => attend_online::<T, N, M, D, DV, DEFAULT_TILE>(&problem, out),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attention::scaled_dot_product_attention;

    /// Both scores survive a joint rotation; only the distance survives a joint translation.
    #[test]
    fn translation_separates_distance_from_dot_product_attention() {
        let q = [[0.5_f64, 0.0], [0.0, 1.0]];
        let k = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]];
        let v = [[1.0], [2.0], [3.0]];
        let moved = |x: [f64; 2]| [x[0] + 3.0, x[1] - 2.0];
        let (tq, tk) = (q.map(moved), k.map(moved));
        let options = AttentionOptions::new();
        let (mut w, mut tw) = ([[0.0; 3]; 2], [[0.0; 3]; 2]);
        let mut out = [[0.0]; 2];
        distance_attention(&q, &k, &v, &options, &mut out, Some(&mut w)).unwrap();
        distance_attention(&tq, &tk, &v, &options, &mut out, Some(&mut tw)).unwrap();
        for (a, b) in w.as_flattened().iter().zip(tw.as_flattened()) {
            assert!((a - b).abs() < 1e-15);
        }
        scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut w)).unwrap();
        scaled_dot_product_attention(&tq, &tk, &v, &options, &mut out, Some(&mut tw)).unwrap();
        assert!((w[0][0] - tw[0][0]).abs() > 0.1);
    }
}
