//! Scaled dot-product attention, direct and tiled.

use super::kernel::{Problem, Score, attend_online, attend_with_weights};
use super::options::AttentionOptions;
use super::row_block::{attend_direct, fits};
use crate::{Error, Real, Result};

/// Keys per tile when the caller does not choose and the keys are too many to copy: 16 fills
/// four 128-bit SIMD registers per query in `f32`.
pub(crate) const DEFAULT_TILE: usize = 16;

/// The tile width of [`scaled_dot_product_attention_tiled`]: `Tile::<W>` processes `W` keys at
/// a time and stores `W` scores per query (`W ≥ 1`; it need not divide the number of keys).
///
/// ```
/// use geoml::attention::{scaled_dot_product_attention_tiled, AttentionOptions, Tile};
///
/// let x = [[0.5_f32, -1.0], [1.0, 0.25], [0.0, 2.0]];
/// let mut y = [[0.0; 2]; 3];
/// scaled_dot_product_attention_tiled(&x, &x, &x, &AttentionOptions::new(), Tile::<2>, &mut y)?;
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tile<const W: usize>;

/// `1/√D`, or 1 for `D = 0` (where every score is 0 anyway).
pub(crate) fn inverse_sqrt_dim<T: Real, const D: usize>() -> T {
    if D == 0 {
        T::one()
    } else {
        T::one() / T::lit(D as f64).sqrt()
    }
}

/// Scaled dot-product attention of `N` queries over `M` keys (Vaswani et al., 2017):
///
/// ```text
/// out = softmax(s · Q Kᵀ + A) V,   s = 1/√D by default,
/// ```
///
/// row by row: query `i` gets the weights `w[i][j] = softmax_j(s·⟨q_i, k_j⟩ + A[i][j])` over the
/// keys and returns `Σ_j w[i][j] v_j`. `Q` is `N × D`, `K` is `M × D`, `V` is `M × DV`, and `N`
/// need not equal `M` (cross-attention, or queries over a longer cached sequence).
///
/// `options` adds an optional causal mask (see [`CausalAlignment`](super::CausalAlignment) for
/// where its diagonal lies when `N ≠ M`), an optional additive mask `A` (PyTorch's float
/// `attn_mask`: −∞ hides a key) and an optional scale. This matches
/// `torch.nn.functional.scaled_dot_product_attention` (tested against it with `N ≠ M`, causal
/// and additive masks, in `f32` within 1e-5 and `f64` within 1e-12 relative).
///
/// **Weights.** With `weights = Some(w)` the `N × M` weight matrix is written to `w` (each row
/// sums to 1); with `None` it is never formed. Then, when there are more than 16 keys and they
/// take at most 64 KiB (`M·D·size_of::<T>()`), blocks of 4 queries are scored against all keys
/// at once and get the exact two-pass softmax, with a copy of the keys and `20·M + 16·D` more
/// values on the stack (in builds whose SIMD vectors hold 4 `f32`, the portable default;
/// BENCHMARKS.md has the measurements); otherwise the keys are processed in tiles of 16 with
/// the online softmax, as [`scaled_dot_product_attention_tiled`] does (which stores one tile
/// at a time whatever the size). All of these agree to rounding.
///
/// **Fully masked rows.** A query that sees no key (every score −∞ after masking) has no
/// distribution. Its output row (and weight row) is all zeros (as recent PyTorch versions
/// return; older ones gave NaN), and the function returns how many such rows there are, so
/// `Ok(0)` means every query attended to something.
///
/// **Accuracy.** Scores are dot products accumulated in `T`; in `f32` the exponential is a
/// vectorised polynomial within 2 ulp, in `f64` libm's. Outputs are within a few ulp times
/// `√D·max|q|·max|k|` of the exact values.
///
/// # Errors
/// Checked in this order, the first failure returned:
/// [`Error::NonFinite`] for a NaN or infinite element of `q`, `k` or `v` (row-major index within
/// that input); [`Error::InvalidMask`] for a NaN or +∞ mask entry; [`Error::InvalidParameter`]
/// named `"scale"` for a non-finite scale; [`Error::Overflow`] when the inputs are so large that a
/// score could overflow: `D·max|q|·max|k|`, `|s|·D·max|q|·max|k| + max|A|` or `M·max|v|` above a
/// quarter of the largest finite value (about 8.5e37 in `f32`). `out` and `weights` are
/// unspecified after an error.
///
/// # Example
/// ```
/// use geoml::attention::{scaled_dot_product_attention, AttentionOptions, CausalAlignment};
///
/// // Three queries over four keys in two dimensions; values are one-hot so that the output
/// // row of a query is its weight row.
/// let q = [[1.0_f64, 0.0], [0.0, 1.0], [1.0, 1.0]];
/// let k = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]];
/// let v = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]];
/// let mut out = [[0.0; 4]; 3];
/// let mut w = [[0.0; 4]; 3];
/// let masked = scaled_dot_product_attention(&q, &k, &v, &AttentionOptions::new(), &mut out, Some(&mut w))?;
/// assert_eq!(masked, 0);
/// // Query 0 scores 1/√2 against key 0, 0 against keys 1 and 3, −1/√2 against key 2.
/// let e = std::f64::consts::FRAC_1_SQRT_2.exp();
/// let z = e + 2.0 + 1.0 / e;
/// assert!((w[0][0] - e / z).abs() < 1e-15);
/// assert!((out[0][0] - w[0][0]).abs() < 1e-15);
///
/// // Top-left causal: query 0 sees only key 0.
/// let causal = AttentionOptions::new().causal(CausalAlignment::TopLeft);
/// scaled_dot_product_attention(&q, &k, &v, &causal, &mut out, None)?;
/// assert_eq!(out[0], [1.0, 0.0, 0.0, 0.0]);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn scaled_dot_product_attention<
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
    let problem = Problem::new(q, k, v, options, Score::Dot, inverse_sqrt_dim::<T, D>())?;
    Ok(match weights {
        Some(weights) => attend_with_weights(&problem, out, weights),
        None if fits::<T, M, D>() => attend_direct(&problem, out),
        None => attend_online::<T, N, M, D, DV, DEFAULT_TILE>(&problem, out),
    })
}

/// [`scaled_dot_product_attention`] by tiles of `W` keys with the online softmax
/// ([`OnlineSoftmax`](super::OnlineSoftmax)), for sequences whose `N × M` weights the caller
/// does not want to store.
///
/// For each tile it computes the `W` scores of every query, and keeps per query only a running
/// maximum `m`, a running sum `d` and the un-normalised output `o` (in `out` itself): when a
/// tile raises the maximum to `m'`, the old `d` and `o` are multiplied by `exp(m − m')` before
/// the tile's `exp(s − m')` terms are added (FlashAttention's recurrence). At the end `o / d` is
/// the output. Extra memory: `W·D` for the transposed key tile and two numbers per query.
/// The result equals the direct form to rounding, for any `W` (it need not divide `M`).
///
/// Masks, scale, fully masked rows (zero output, counted in the return value) and errors are
/// those of [`scaled_dot_product_attention`], plus [`Error::InvalidParameter`] named `"W"`
/// for `W = 0`.
///
/// # Example
/// ```
/// use geoml::attention::{
///     scaled_dot_product_attention, scaled_dot_product_attention_tiled, AttentionOptions, Tile,
/// };
///
/// let q: [[f32; 4]; 5] = core::array::from_fn(|i| core::array::from_fn(|d| (i + d) as f32 * 0.1));
/// let k: [[f32; 4]; 7] = core::array::from_fn(|j| core::array::from_fn(|d| (j * d) as f32 * 0.05));
/// let v: [[f32; 2]; 7] = core::array::from_fn(|j| [j as f32, 1.0]);
/// let options = AttentionOptions::new();
/// let (mut tiled, mut direct) = ([[0.0; 2]; 5], [[0.0; 2]; 5]);
/// let mut weights = [[0.0; 7]; 5];
/// scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<3>, &mut tiled)?;
/// scaled_dot_product_attention(&q, &k, &v, &options, &mut direct, Some(&mut weights))?;
/// for (a, b) in tiled.iter().flatten().zip(direct.iter().flatten()) {
///     assert!((a - b).abs() < 1e-6);
/// }
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn scaled_dot_product_attention_tiled<
    T: Real,
    const N: usize,
    const M: usize,
    const D: usize,
    const DV: usize,
    const W: usize,
>(
    q: &[[T; D]; N],
    k: &[[T; D]; M],
    v: &[[T; DV]; M],
    options: &AttentionOptions<'_, T, N, M>,
    tile: Tile<W>,
    out: &mut [[T; DV]; N],
) -> Result<usize> {
    let _ = tile;
    if W == 0 {
        return Err(Error::InvalidParameter {
            name: "W",
            value: 0.0,
        });
    }
    let problem = Problem::new(q, k, v, options, Score::Dot, inverse_sqrt_dim::<T, D>())?;
    Ok(attend_online::<T, N, M, D, DV, W>(&problem, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attention::CausalAlignment;

    #[test]
    fn empty_shapes() {
        // No keys: every query is fully masked and answers zero.
        let q = [[1.0_f32, 2.0]; 3];
        let (k, v): ([[f32; 2]; 0], [[f32; 4]; 0]) = ([], []);
        let mut out = [[9.0; 4]; 3];
        let mut w: [[f32; 0]; 3] = [[]; 3];
        let options = AttentionOptions::new();
        assert_eq!(
            scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut w)),
            Ok(3)
        );
        assert_eq!(out, [[0.0; 4]; 3]);
        out = [[9.0; 4]; 3];
        assert_eq!(
            scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None),
            Ok(3)
        );
        assert_eq!(out, [[0.0; 4]; 3]);
        // No queries.
        let none: [[f64; 2]; 0] = [];
        let mut nothing: [[f64; 1]; 0] = [];
        let keys = [[1.0, 0.0]];
        let options = AttentionOptions::new();
        assert_eq!(
            scaled_dot_product_attention(&none, &keys, &[[1.0]], &options, &mut nothing, None),
            Ok(0)
        );
        // Zero-dimensional queries and keys: every score is 0, the weights uniform.
        let (q0, k0): ([[f64; 0]; 2], [[f64; 0]; 4]) = ([[]; 2], [[]; 4]);
        let v = [[1.0], [2.0], [3.0], [6.0]];
        let mut out = [[0.0]; 2];
        let options = AttentionOptions::new();
        scaled_dot_product_attention(&q0, &k0, &v, &options, &mut out, None).unwrap();
        assert!((out[0][0] - 3.0).abs() < 1e-15);
    }

    #[test]
    fn bad_masks_parameters_and_inputs_are_named() {
        let q = [[1.0_f64, 0.0]; 2];
        let k = [[0.5, 0.5]; 3];
        let v = [[1.0]; 3];
        let mut out = [[0.0]; 2];
        let mut mask = [[0.0; 3]; 2];
        mask[1][2] = f64::NAN;
        let options = AttentionOptions::new().additive_mask(&mask);
        assert!(matches!(
            scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None),
            Err(Error::InvalidMask { index: 5, value }) if value.is_nan()
        ));
        mask[1][2] = f64::INFINITY;
        let options = AttentionOptions::new().additive_mask(&mask);
        assert_eq!(
            scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None),
            Err(Error::InvalidMask {
                index: 5,
                value: f64::INFINITY
            })
        );
        let options = AttentionOptions::new().scale(f64::INFINITY);
        assert!(matches!(
            scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None),
            Err(Error::InvalidParameter { name: "scale", .. })
        ));
        let options = AttentionOptions::new();
        assert!(matches!(
            scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<0>, &mut out),
            Err(Error::InvalidParameter { name: "W", .. })
        ));
        let bad_k = [[0.5, 0.5], [0.5, f64::NEG_INFINITY], [0.0, 0.0]];
        assert!(matches!(
            scaled_dot_product_attention(&q, &bad_k, &v, &options, &mut out, None),
            Err(Error::NonFinite { index: 3, .. })
        ));
        // Inputs whose scores could overflow are rejected, not turned into NaN.
        let huge = [[3e38_f32, 3e38]; 2];
        let mut out32 = [[0.0_f32]; 2];
        assert!(matches!(
            scaled_dot_product_attention(
                &huge,
                &huge,
                &[[1.0]; 2],
                &AttentionOptions::new(),
                &mut out32,
                None
            ),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn masked_rows_leave_no_trace_of_stale_output() {
        // `out` starts full of NaN; fully masked rows must come back as zeros.
        let q = [[1.0_f32, 0.0]; 4];
        let k = [[0.0, 1.0]; 2];
        let v = [[2.0]; 2];
        let causal = AttentionOptions::new().causal(CausalAlignment::BottomRight);
        for with_weights in [false, true] {
            let mut out = [[f32::NAN]; 4];
            let mut w = [[f32::NAN; 2]; 4];
            let weights = with_weights.then_some(&mut w);
            assert_eq!(
                scaled_dot_product_attention(&q, &k, &v, &causal, &mut out, weights),
                Ok(2)
            );
            assert_eq!(out, [[0.0], [0.0], [2.0], [2.0]]);
        }
    }
}
