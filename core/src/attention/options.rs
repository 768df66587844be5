//! What an attention call may add to its inputs: a causal mask, an additive mask, a scale.

/// Where a causal mask puts its diagonal when there are `N` queries and `M` keys.
///
/// With `N = M` both alignments are the usual lower-triangular mask (query `i` sees keys
/// `0..=i`). They differ when `N ≠ M`:
///
/// | alignment | query `i` sees keys `j` with | PyTorch |
/// | --- | --- | --- |
/// | [`TopLeft`](Self::TopLeft) | `j ≤ i` | `scaled_dot_product_attention(…, is_causal=True)`, i.e. `torch.ones(N, M).tril()` |
/// | [`BottomRight`](Self::BottomRight) | `j ≤ i + M − N` | `torch.nn.attention.bias.causal_lower_right(N, M)` |
///
/// Bottom-right is the one to use when the `N` queries are the *last* `N` positions of a
/// sequence whose `M` keys include earlier, cached positions (decoding with a key–value cache):
/// the last query then sees every key. With `N > M` it hides every key from the first `N − M`
/// queries; those rows are *fully masked* (see the attention functions for their result).
///
/// ```
/// use geoml::attention::{scaled_dot_product_attention, AttentionOptions, CausalAlignment};
///
/// // Two queries over three keys; with one-hot values the output row is the weight row.
/// let q = [[0.0_f64]; 2];
/// let k = [[0.0]; 3];
/// let v = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
/// let mut out = [[0.0; 3]; 2];
/// let top_left = AttentionOptions::new().causal(CausalAlignment::TopLeft);
/// scaled_dot_product_attention(&q, &k, &v, &top_left, &mut out, None)?;
/// assert_eq!(out[0], [1.0, 0.0, 0.0]); // query 0 sees key 0
/// let bottom_right = AttentionOptions::new().causal(CausalAlignment::BottomRight);
/// scaled_dot_product_attention(&q, &k, &v, &bottom_right, &mut out, None)?;
/// assert_eq!(out[0], [0.5, 0.5, 0.0]); // query 0 sees keys 0 and 1
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CausalAlignment {
    /// Query `i` sees keys `j ≤ i` (the diagonal starts at the top-left corner).
    TopLeft,
    /// Query `i` sees keys `j ≤ i + M − N` (the diagonal ends at the bottom-right corner).
    BottomRight,
}

impl CausalAlignment {
    /// The last key query `i` may see, or `None` when it sees none.
    pub(crate) fn last_visible(self, i: usize, n: usize, m: usize) -> Option<usize> {
        match self {
            CausalAlignment::TopLeft => Some(i),
            CausalAlignment::BottomRight => (i + m).checked_sub(n),
        }
    }
}

/// Masks and scale of one attention call, for `N` queries and `M` keys.
///
/// * `causal`: an optional [`CausalAlignment`]; hidden keys get weight exactly 0.
/// * `additive_mask`: an optional `N × M` array added to the scores before the softmax, as
///   PyTorch's float `attn_mask`: 0 leaves a score alone, −∞ hides the key, other finite values
///   bias it. NaN and +∞ are errors. It may be combined with `causal`.
/// * `scale`: the factor applied to the raw scores; `None` means the attention's own default
///   (`1/√D` for dot-product attention, 1 for distance attention).
///
/// The default has no mask and the default scale.
///
/// ```
/// use geoml::attention::{AttentionOptions, CausalAlignment};
///
/// let bias = [[0.0_f32, -1.0, f32::NEG_INFINITY]; 2];
/// let options = AttentionOptions::new()
///     .causal(CausalAlignment::BottomRight)
///     .additive_mask(&bias)
///     .scale(0.5);
/// assert_eq!(options.scale, Some(0.5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttentionOptions<'a, T, const N: usize, const M: usize> {
    /// The causal mask, if any.
    pub causal: Option<CausalAlignment>,
    /// The additive mask, if any (row `i`: query `i`; column `j`: key `j`).
    pub additive_mask: Option<&'a [[T; M]; N]>,
    /// The score scale; `None` for the default of the attention called.
    pub scale: Option<T>,
}

impl<T, const N: usize, const M: usize> Default for AttentionOptions<'_, T, N, M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'a, T, const N: usize, const M: usize> AttentionOptions<'a, T, N, M> {
    /// No mask, default scale (the same as [`Default`]).
    ///
    /// ```
    /// use geoml::attention::AttentionOptions;
    ///
    /// let options = AttentionOptions::<f64, 2, 3>::new();
    /// assert!(options.causal.is_none() && options.additive_mask.is_none());
    /// assert_eq!((options.scale, options), (None, AttentionOptions::default()));
    /// ```
    pub const fn new() -> Self {
        Self {
            causal: None,
            additive_mask: None,
            scale: None,
        }
    }

    /// With a causal mask of the given alignment: hidden keys get weight exactly 0.
    ///
    /// ```
    /// use geoml::attention::{scaled_dot_product_attention, AttentionOptions, CausalAlignment};
    ///
    /// // Equal scores: each query spreads its weight evenly over the keys it may see.
    /// let (q, k, v) = ([[0.0_f64]; 2], [[0.0]; 2], [[1.0], [3.0]]);
    /// let (mut out, mut w) = ([[0.0]; 2], [[0.0; 2]; 2]);
    /// let causal = AttentionOptions::new().causal(CausalAlignment::TopLeft);
    /// scaled_dot_product_attention(&q, &k, &v, &causal, &mut out, Some(&mut w))?;
    /// assert_eq!(w, [[1.0, 0.0], [0.5, 0.5]]);
    /// assert_eq!(out, [[1.0], [2.0]]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn causal(mut self, alignment: CausalAlignment) -> Self {
        self.causal = Some(alignment);
        self
    }

    /// With an additive mask `A`: the weights become `softmax(s · QKᵀ + A)` row by row.
    ///
    /// ```
    /// use geoml::attention::{scaled_dot_product_attention, AttentionOptions};
    ///
    /// // Zero scores; a bias of ln 3 makes key 0 three times as likely, −∞ hides key 2.
    /// let mask = [[3.0_f64.ln(), 0.0, f64::NEG_INFINITY]];
    /// let (q, k, v) = ([[0.0_f64]], [[0.0]; 3], [[1.0], [5.0], [100.0]]);
    /// let (mut out, mut w) = ([[0.0]], [[0.0; 3]]);
    /// let options = AttentionOptions::new().additive_mask(&mask);
    /// scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut w))?;
    /// assert!((w[0][0] - 0.75).abs() < 1e-15 && w[0][2] == 0.0);
    /// assert!((out[0][0] - 2.0).abs() < 1e-14); // 0.75 · 1 + 0.25 · 5
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn additive_mask(mut self, mask: &'a [[T; M]; N]) -> Self {
        self.additive_mask = Some(mask);
        self
    }

    /// With an explicit score scale `s`, replacing the attention's default (`1/√D` for dot
    /// products): scores are `s · q·k`.
    ///
    /// ```
    /// use geoml::attention::{scaled_dot_product_attention, AttentionOptions};
    ///
    /// // Scores ln 2 · (1, 0): weights 2/3 and 1/3.
    /// let (q, k, v) = ([[1.0_f64]], [[1.0], [0.0]], [[0.0], [3.0]]);
    /// let mut out = [[0.0]];
    /// let options = AttentionOptions::new().scale(2.0_f64.ln());
    /// scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None)?;
    /// assert!((out[0][0] - 1.0).abs() < 1e-15); // 2/3 · 0 + 1/3 · 3
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn scale(mut self, scale: T) -> Self {
        self.scale = Some(scale);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alignments() {
        // N = 2 queries, M = 4 keys.
        assert_eq!(CausalAlignment::TopLeft.last_visible(0, 2, 4), Some(0));
        assert_eq!(CausalAlignment::BottomRight.last_visible(0, 2, 4), Some(2));
        assert_eq!(CausalAlignment::BottomRight.last_visible(1, 2, 4), Some(3));
        // N = 4 queries, M = 2 keys: the first two rows see nothing bottom-right aligned.
        assert_eq!(CausalAlignment::BottomRight.last_visible(1, 4, 2), None);
        assert_eq!(CausalAlignment::BottomRight.last_visible(2, 4, 2), Some(0));
        assert_eq!(CausalAlignment::TopLeft.last_visible(3, 4, 2), Some(3));
    }
}
