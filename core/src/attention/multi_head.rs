//! Multi-head attention with per-head projections.

use super::linear::{affine_rows, check_affine_bound};
use super::options::AttentionOptions;
use super::scaled_dot_product::scaled_dot_product_attention;
use crate::{Error, Real, Result, check_finite, check_finite_rows};

/// The parameters of a multi-head attention layer in seed 004's layout: for each of the `H`
/// heads, projections `W_i^Q, W_i^K ∈ ℝ^{DM×DK}` and `W_i^V ∈ ℝ^{DM×DV}` (with biases), and
/// an output projection `W^O ∈ ℝ^{(H·DV)×DO}` (with bias):
///
/// ```text
/// head_i = Attention(X_q W_i^Q + b_i^Q,  X_k W_i^K + b_i^K,  X_v W_i^V + b_i^V)
/// MultiHead(X_q, X_k, X_v) = Concat(head_1, …, head_H) W^O + b^O
/// ```
///
/// where `Attention` is [`scaled_dot_product_attention`] with scale `1/√DK`. `W^O` is stored as
/// `H` blocks of `DV` rows (`w_o[i]` is the block that multiplies `head_i`), which is the same
/// matrix as the concatenated one; the concatenation itself is never formed. Rows are tokens
/// and products are `x W` (seed 004's row convention). PyTorch's `nn.MultiheadAttention` stores
/// every weight transposed and the heads' projections stacked: `w_q[i][d][c]` is its
/// `in_proj_weight[i·DK + c][d]`, and `w_o[i][c][o]` is its `out_proj.weight[o][i·DV + c]`
/// (tested against it, cross-attention with a mask included).
///
/// Seed 004's pseudocode obtains Q, K and V from one projection of width `3·embed_dim` split per
/// head, which is this layout with `X_q = X_k = X_v` (self-attention) and `DM = H·DK`; nothing
/// here requires `DM = H·DK`.
///
/// The fields are public; [`MultiHeadAttention::forward`] checks them on every call.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MultiHeadAttention<
    T,
    const DM: usize,
    const H: usize,
    const DK: usize,
    const DV: usize,
    const DO: usize,
> {
    /// `W_i^Q`, `DM × DK` per head.
    pub w_q: [[[T; DK]; DM]; H],
    /// `b_i^Q` per head.
    pub b_q: [[T; DK]; H],
    /// `W_i^K`, `DM × DK` per head.
    pub w_k: [[[T; DK]; DM]; H],
    /// `b_i^K` per head.
    pub b_k: [[T; DK]; H],
    /// `W_i^V`, `DM × DV` per head.
    pub w_v: [[[T; DV]; DM]; H],
    /// `b_i^V` per head.
    pub b_v: [[T; DV]; H],
    /// `W^O` as `H` blocks of `DV × DO`.
    pub w_o: [[[T; DO]; DV]; H],
    /// `b^O`.
    pub b_o: [T; DO],
}

impl<T: Real, const DM: usize, const H: usize, const DK: usize, const DV: usize, const DO: usize>
    MultiHeadAttention<T, DM, H, DK, DV, DO>
{
    /// Multi-head attention of `N` query tokens over `M` key/value tokens (`query = key =
    /// value` for self-attention), written to `out`. `options` (masks and scale) applies to
    /// every head; with `weights = Some(w)`, `w[i]` receives head `i`'s `N × M` weights.
    /// Returns the number of fully masked query rows (their head outputs are zero, so their
    /// output is `b^O`).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite element, checked in the order `query`, `key`,
    /// `value`, `w_q`, `b_q`, `w_k`, `b_k`, `w_v`, `b_v`, `w_o`, `b_o` (flat row-major index
    /// within the first offending array); the errors of [`scaled_dot_product_attention`] for
    /// `options`; [`Error::Overflow`] when a projection or the output could leave the finite
    /// range (bounds of [`Linear::forward`](super::Linear::forward)). `out` and `weights` are
    /// unspecified after an error.
    ///
    /// # Example
    /// ```
    /// use geoml::attention::{AttentionOptions, MultiHeadAttention};
    ///
    /// // Two heads of dimension 1 over 2-dimensional tokens; head 0 looks at feature 0, head 1
    /// // at feature 1, and W^O puts each head's output back in its own feature.
    /// let layer = MultiHeadAttention::<f64, 2, 2, 1, 1, 2> {
    ///     w_q: [[[1.0], [0.0]], [[0.0], [1.0]]],
    ///     b_q: [[0.0]; 2],
    ///     w_k: [[[1.0], [0.0]], [[0.0], [1.0]]],
    ///     b_k: [[0.0]; 2],
    ///     w_v: [[[1.0], [0.0]], [[0.0], [1.0]]],
    ///     b_v: [[0.0]; 2],
    ///     w_o: [[[1.0, 0.0]], [[0.0, 1.0]]],
    ///     b_o: [0.0; 2],
    /// };
    /// let x = [[1.0, -1.0], [-1.0, 1.0], [2.0, 0.5]];
    /// let mut y = [[0.0; 2]; 3];
    /// let mut w = [[[0.0; 3]; 3]; 2];
    /// layer.forward(&x, &x, &x, &AttentionOptions::new(), &mut y, Some(&mut w))?;
    /// // Head 0 of token 2 scores 2·(1, −1, 2) against the keys' feature 0.
    /// let s = [2.0_f64, -2.0, 4.0];
    /// let z: f64 = s.iter().map(|v| v.exp()).sum();
    /// assert!((w[0][2][2] - 4.0_f64.exp() / z).abs() < 1e-15);
    /// let expected: f64 = s.iter().zip([1.0, -1.0, 2.0]).map(|(s, v)| s.exp() / z * v).sum();
    /// assert!((y[2][0] - expected).abs() < 1e-14);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn forward<const N: usize, const M: usize>(
        &self,
        query: &[[T; DM]; N],
        key: &[[T; DM]; M],
        value: &[[T; DM]; M],
        options: &AttentionOptions<'_, T, N, M>,
        out: &mut [[T; DO]; N],
        weights: Option<&mut [[[T; M]; N]; H]>,
    ) -> Result<usize> {
        check_finite_rows(query)?;
        check_finite_rows(key)?;
        check_finite_rows(value)?;
        check_finite(self.w_q.as_flattened().as_flattened())?;
        check_finite(self.b_q.as_flattened())?;
        check_finite(self.w_k.as_flattened().as_flattened())?;
        check_finite(self.b_k.as_flattened())?;
        check_finite(self.w_v.as_flattened().as_flattened())?;
        check_finite(self.b_v.as_flattened())?;
        check_finite(self.w_o.as_flattened().as_flattened())?;
        check_finite(&self.b_o)?;

        let mut weights = weights;
        let mut fully_masked = 0;
        let mut q = [[T::zero(); DK]; N];
        let mut k = [[T::zero(); DK]; M];
        let mut v = [[T::zero(); DV]; M];
        let mut head = [[T::zero(); DV]; N];
        for row in out.iter_mut() {
            *row = self.b_o;
        }
        for i in 0..H {
            check_affine_bound(query, &self.w_q[i], &self.b_q[i])?;
            check_affine_bound(key, &self.w_k[i], &self.b_k[i])?;
            check_affine_bound(value, &self.w_v[i], &self.b_v[i])?;
            affine_rows(query, &self.w_q[i], &self.b_q[i], &mut q);
            affine_rows(key, &self.w_k[i], &self.b_k[i], &mut k);
            affine_rows(value, &self.w_v[i], &self.b_v[i], &mut v);
            let head_weights = weights.as_deref_mut().and_then(|w| w.get_mut(i));
            fully_masked =
                scaled_dot_product_attention(&q, &k, &v, options, &mut head, head_weights)?;
            check_affine_bound(&head, &self.w_o[i], &[T::zero(); DO])?;
            // out += head_i · W^O_i
            for (y, h) in out.iter_mut().zip(&head) {
                for (&hc, w) in h.iter().zip(&self.w_o[i]) {
                    for (yo, &wo) in y.iter_mut().zip(w) {
                        *yo += hc * wo;
                    }
                }
            }
        }
        if let Some(bad) = out.as_flattened().iter().find(|y| !y.is_finite()) {
            return Err(Error::Overflow {
                value: bad.as_f64(),
            });
        }
        Ok(fully_masked)
    }
}

#[cfg(test)]
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use crate::attention::CausalAlignment;

    fn layer() -> MultiHeadAttention<f64, 3, 2, 2, 1, 2> {
        MultiHeadAttention {
            w_q: [
                [[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2]],
                [[0.2, 0.1], [-0.3, 0.5], [0.6, -0.1]],
            ],
            b_q: [[0.1, 0.0], [0.0, -0.1]],
            w_k: [
                [[0.3, 0.2], [-0.1, 0.4], [0.2, -0.5]],
                [[-0.2, 0.3], [0.4, 0.1], [0.1, 0.2]],
            ],
            b_k: [[0.0, 0.2], [0.1, 0.0]],
            w_v: [[[1.0], [0.5], [-0.5]], [[-1.0], [0.2], [0.3]]],
            b_v: [[0.0], [0.5]],
            w_o: [[[1.0, -1.0]], [[0.5, 2.0]]],
            b_o: [0.25, -0.25],
        }
    }

    #[test]
    fn equals_heads_computed_by_hand() {
        let layer = layer();
        let x = [
            [1.0, 0.5, -1.0],
            [0.2, -0.3, 0.8],
            [-0.5, 1.5, 0.1],
            [0.0, 0.4, 0.9],
        ];
        let mut y = [[0.0; 2]; 4];
        layer
            .forward(&x, &x, &x, &AttentionOptions::new(), &mut y, None)
            .unwrap();
        let mut expected = [layer.b_o; 4];
        for i in 0..2 {
            let project = |w: &[[f64; 2]; 3], b: &[f64; 2]| -> [[f64; 2]; 4] {
                core::array::from_fn(|n| {
                    core::array::from_fn(|c| b[c] + (0..3).map(|d| x[n][d] * w[d][c]).sum::<f64>())
                })
            };
            let q = project(&layer.w_q[i], &layer.b_q[i]);
            let k = project(&layer.w_k[i], &layer.b_k[i]);
            let v: [[f64; 1]; 4] = core::array::from_fn(|n| {
                [layer.b_v[i][0] + (0..3).map(|d| x[n][d] * layer.w_v[i][d][0]).sum::<f64>()]
            });
            let mut head = [[0.0; 1]; 4];
            scaled_dot_product_attention(&q, &k, &v, &AttentionOptions::new(), &mut head, None)
                .unwrap();
            for n in 0..4 {
                for o in 0..2 {
                    expected[n][o] += head[n][0] * layer.w_o[i][0][o];
                }
            }
        }
        for (a, b) in y.as_flattened().iter().zip(expected.as_flattened()) {
            assert!((a - b).abs() < 1e-14, "{a} vs {b}");
        }
    }

    #[test]
    fn fully_masked_rows_output_the_bias() {
        let layer = layer();
        let x = [[1.0, 0.5, -1.0], [0.2, -0.3, 0.8], [-0.5, 1.5, 0.1]];
        let memory = [[0.3, 0.1, 0.2]];
        let options = AttentionOptions::new().causal(CausalAlignment::BottomRight);
        let mut y = [[0.0; 2]; 3];
        let masked = layer
            .forward(&x, &memory, &memory, &options, &mut y, None)
            .unwrap();
        assert_eq!(masked, 2);
        assert_eq!(y[0], layer.b_o);
        assert_eq!(y[1], layer.b_o);
        assert_ne!(y[2], layer.b_o);
    }

    #[test]
    fn bad_weights_are_named_by_position() {
        let mut layer = layer();
        layer.w_v[1][2][0] = f64::NAN;
        let x = [[0.0; 3]; 2];
        let mut y = [[0.0; 2]; 2];
        let result = layer.forward(&x, &x, &x, &AttentionOptions::new(), &mut y, None);
        assert!(matches!(result, Err(Error::NonFinite { index: 5, .. })));
    }
}
