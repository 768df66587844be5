//! The affine layer `Y = X W + b` on fixed arrays.

use super::checks::{frobenius_norm, headroom};
use crate::{Error, Real, Result, check_finite, check_finite_rows};

/// `out[i] = bias + Σ_d x[i][d] · weight[d]` for every row: the product `X W + b` with
/// `weight` stored `IN × OUT` (row `d` holds the contribution of input feature `d`), so the
/// innermost loop runs over contiguous output features. No checks.
pub(crate) fn affine_rows<T: Real, const IN: usize, const OUT: usize>(
    x: &[[T; IN]],
    weight: &[[T; OUT]; IN],
    bias: &[T; OUT],
    out: &mut [[T; OUT]],
) {
    for (row, y) in x.iter().zip(out.iter_mut()) {
        *y = *bias;
        for (&xd, w) in row.iter().zip(weight) {
            for (yj, &wj) in y.iter_mut().zip(w) {
                *yj += xd * wj;
            }
        }
    }
}

/// `Err(Overflow)` unless `‖x_i‖·‖W‖ + max|b|`, which bounds every output and every partial
/// sum by Cauchy–Schwarz, stays below half the largest finite value.
pub(crate) fn check_affine_bound<T: Real, const IN: usize, const OUT: usize>(
    x: &[[T; IN]],
    weight: &[[T; OUT]; IN],
    bias: &[T; OUT],
) -> Result<()> {
    let norm_w = frobenius_norm(weight.as_flattened())?;
    let largest_b = bias.iter().fold(0.0_f64, |m, b| m.max(b.as_f64().abs()));
    let mut largest_x = 0.0_f64;
    for row in x {
        largest_x = largest_x.max(frobenius_norm(row)?);
    }
    let bound = largest_x * norm_w + largest_b;
    if bound <= headroom::<T>(2.0) {
        Ok(())
    } else {
        Err(Error::Overflow { value: bound })
    }
}

/// A linear (affine) layer on rows, `y = x W + b`, as in seed 004's row convention
/// `Y = X W + B` for a data matrix `X` of `N` samples × `IN` features.
///
/// `W` is stored `IN × OUT`. PyTorch's `torch.nn.Linear` stores its weight the other way,
/// `OUT × IN`, and computes `x Wᵀ + b`: [`Linear::from_torch`] transposes it. Products are
/// accumulated in `T`, each output within `IN` ulp times `‖x‖·‖W‖` of the exact value.
///
/// ```
/// use geoml::attention::Linear;
///
/// // y = (x₀ + x₁, x₀ − x₁, 2 x₀) + (0, 0, 1)
/// let layer = Linear::new([[1.0_f64, 1.0, 2.0], [1.0, -1.0, 0.0]], [0.0, 0.0, 1.0])?;
/// let mut y = [[0.0; 3]; 2];
/// layer.forward(&[[3.0, 1.0], [0.5, 0.5]], &mut y)?;
/// assert_eq!(y, [[4.0, 2.0, 7.0], [1.0, 0.0, 2.0]]);
///
/// // The same layer from PyTorch's (out, in) layout.
/// let torch = Linear::from_torch(&[[1.0, 1.0], [1.0, -1.0], [2.0, 0.0]], &[0.0, 0.0, 1.0])?;
/// assert_eq!(torch, layer);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear<T, const IN: usize, const OUT: usize> {
    weight: [[T; OUT]; IN],
    bias: [T; OUT],
}

impl<T: Real, const IN: usize, const OUT: usize> Linear<T, IN, OUT> {
    /// The layer `y = x W + b` with `W` given `IN × OUT`.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite weight (row-major index in `weight`), then for a
    /// non-finite bias (index in `bias`).
    ///
    /// ```
    /// use geoml::attention::Linear;
    ///
    /// // One input, two outputs: y = (2x + 1, −x).
    /// let layer = Linear::new([[2.0_f64, -1.0]], [1.0, 0.0])?;
    /// let mut y = [[0.0; 2]];
    /// layer.forward(&[[3.0]], &mut y)?;
    /// assert_eq!(y, [[7.0, -3.0]]);
    /// assert!(Linear::new([[f64::NAN, 0.0]], [0.0, 0.0]).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(weight: [[T; OUT]; IN], bias: [T; OUT]) -> Result<Self> {
        check_finite_rows(&weight)?;
        check_finite(&bias)?;
        Ok(Self { weight, bias })
    }

    /// The layer from PyTorch's layout: `weight_out_in[j][d]` is the weight from input `d` to
    /// output `j` (`torch.nn.Linear.weight`, shape `(OUT, IN)`).
    ///
    /// # Errors
    /// As [`Linear::new`], with indices in PyTorch's layout.
    ///
    /// ```
    /// use geoml::attention::Linear;
    ///
    /// // torch.nn.Linear(3, 2).weight has shape (2, 3); ours is its transpose.
    /// let layer = Linear::from_torch(&[[1.0_f64, 2.0, 3.0], [4.0, 5.0, 6.0]], &[0.5, -0.5])?;
    /// assert_eq!(layer.weight(), &[[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]);
    /// let mut y = [[0.0; 2]];
    /// layer.forward(&[[1.0, 1.0, 1.0]], &mut y)?; // x Wᵀ + b in PyTorch's terms
    /// assert_eq!(y, [[6.5, 14.5]]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn from_torch(weight_out_in: &[[T; IN]; OUT], bias: &[T; OUT]) -> Result<Self> {
        check_finite_rows(weight_out_in)?;
        let mut weight = [[T::zero(); OUT]; IN];
        for (j, row) in weight_out_in.iter().enumerate() {
            for (w, &x) in weight.iter_mut().zip(row) {
                w[j] = x;
            }
        }
        Self::new(weight, *bias)
    }

    /// `W`, `IN × OUT`: row `d` holds the weights from input feature `d`.
    ///
    /// ```
    /// let layer = geoml::attention::Linear::new([[1.0_f32, 2.0], [3.0, 4.0]], [0.0; 2])?;
    /// assert_eq!(layer.weight()[1], [3.0, 4.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn weight(&self) -> &[[T; OUT]; IN] {
        &self.weight
    }

    /// `b`, added to every output row.
    ///
    /// ```
    /// let layer = geoml::attention::Linear::new([[1.0_f32, 0.0]], [0.25, -1.0])?;
    /// assert_eq!(layer.bias(), &[0.25, -1.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn bias(&self) -> &[T; OUT] {
        &self.bias
    }

    /// `out[i] = x[i] W + b` for each of the `N` rows.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite input (row-major index); [`Error::Overflow`] when
    /// an output could exceed half the largest finite value (the bound `‖x_i‖·‖W‖ + max|b|`,
    /// Frobenius norm of `W`). `out` is unspecified after an error.
    ///
    /// ```
    /// use geoml::attention::Linear;
    ///
    /// // The mean of two features, plus 10.
    /// let layer = Linear::new([[0.5_f64], [0.5]], [10.0])?;
    /// let mut y = [[0.0]; 3];
    /// layer.forward(&[[1.0, 3.0], [-2.0, 2.0], [4.0, 4.0]], &mut y)?;
    /// assert_eq!(y, [[12.0], [10.0], [14.0]]);
    /// assert!(layer.forward(&[[f64::MAX, f64::MAX]; 3], &mut y).is_err()); // would overflow
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn forward<const N: usize>(&self, x: &[[T; IN]; N], out: &mut [[T; OUT]; N]) -> Result<()> {
        check_finite_rows(x)?;
        check_affine_bound(x, &self.weight, &self.bias)?;
        affine_rows(x, &self.weight, &self.bias, out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_weights_and_inputs() {
        assert!(matches!(
            Linear::new([[1.0_f32, f32::NAN]], [0.0, 0.0]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            Linear::new([[1.0_f32, 0.0]], [0.0, f32::INFINITY]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        let layer = Linear::new([[1.0_f32], [1.0]], [0.0]).unwrap();
        let mut y = [[0.0]; 2];
        assert!(matches!(
            layer.forward(&[[1.0, 2.0], [f32::NAN, 0.0]], &mut y),
            Err(Error::NonFinite { index: 2, .. })
        ));
        assert!(matches!(
            layer.forward(&[[1.0, 2.0], [f32::MAX, f32::MAX]], &mut y),
            Err(Error::Overflow { .. })
        ));
    }
}
