//! The permutation-equivariant linear layer (DeepSets), with mean normalisation.

use crate::{Error, Real, Result, check_finite, check_finite_rows};

/// A linear map from `N` tokens of `D` features to `N` tokens of `E` features that commutes
/// with every permutation of the tokens:
///
/// `out[n][j] = bias[j] + (1/D) Σᵢ ( own[i][j] · x[n][i] + pooled[i][j] · x̄[i] )`,
/// with `x̄[i] = (1/N) Σₙ x[n][i]` the mean of feature `i` over the tokens.
///
/// Every linear equivariant map of token sequences has this shape (Zaheer et al., "Deep
/// Sets", 2017): a per-token part that is the same for every token, plus a part that sees the
/// tokens only through a symmetric pooling. Two normalisations keep the output on the scale
/// of the input as `N` and `D` grow: pooling by the mean rather than the sum (a sum is the mean
/// times `N`, so nothing is lost), and dividing the sum over the `D` input features by `D` —
/// the "mean normalisation" that stops stacked layers from blowing up and saturating a final
/// sigmoid. Stacking these layers with a pointwise non-linearity between them keeps
/// equivariance; ending with an [`InvariantLinear`](super::InvariantLinear) gives an invariant
/// model.
///
/// ```
/// use geoml::symmetry::{EquivariantLinear, Permutation};
///
/// // One feature in, one out: y = x − mean(x), the centring map.
/// let centre = EquivariantLinear::new([[1.0_f64]], [[-1.0]], [0.0]).unwrap();
/// let x = [[1.0], [2.0], [6.0]];
/// let mut y = [[0.0]; 3];
/// centre.forward(&x, &mut y).unwrap();
/// assert_eq!(y, [[-2.0], [-1.0], [3.0]]);
///
/// // Permuting the tokens permutes the output.
/// let p = Permutation::cyclic_shift(1);
/// let (mut px, mut py, mut f_px) = ([[0.0]; 3], [[0.0]; 3], [[0.0]; 3]);
/// p.apply_rows(&x, &mut px);
/// p.apply_rows(&y, &mut py);
/// centre.forward(&px, &mut f_px).unwrap();
/// assert_eq!(f_px, py);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EquivariantLinear<T, const D: usize, const E: usize> {
    own: [[T; E]; D],
    pooled: [[T; E]; D],
    bias: [T; E],
}

impl<T: Real, const D: usize, const E: usize> EquivariantLinear<T, D, E> {
    /// The layer with per-token weights `own`, pooled weights `pooled` (both `D × E`, input
    /// feature by output feature) and `bias`.
    ///
    /// Errors: [`Error::NonFinite`] with the flat index over `[own; pooled; bias]`
    /// (`own[i][j]` at `i·E + j`, `pooled[i][j]` at `D·E + i·E + j`, `bias[j]` at `2·D·E + j`).
    ///
    /// ```
    /// use geoml::symmetry::EquivariantLinear;
    /// use geoml::Error;
    ///
    /// assert!(EquivariantLinear::new([[1.0_f64, 0.0]], [[0.0, 1.0]], [0.0, 0.0]).is_ok());
    /// // D = 1, E = 2: pooled[0][1] sits at D·E + 1 = 3 of [own; pooled; bias].
    /// let bad = EquivariantLinear::new([[1.0_f64, 0.0]], [[0.0, f64::NAN]], [0.0, 0.0]);
    /// assert!(matches!(bad, Err(Error::NonFinite { index: 3, .. })));
    /// ```
    pub fn new(own: [[T; E]; D], pooled: [[T; E]; D], bias: [T; E]) -> Result<Self> {
        check_finite_rows(&own)?;
        check_finite_rows(&pooled).map_err(|e| shift_index(e, D * E))?;
        check_finite(&bias).map_err(|e| shift_index(e, 2 * D * E))?;
        Ok(Self { own, pooled, bias })
    }

    /// The per-token weights, `own[i][j]` from input feature `i` to output feature `j`.
    ///
    /// ```
    /// let layer = geoml::symmetry::EquivariantLinear::new([[2.0_f32]], [[-1.0]], [0.5])?;
    /// assert_eq!(layer.own(), &[[2.0]]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn own(&self) -> &[[T; E]; D] {
        &self.own
    }

    /// The weights applied to the token mean `x̄`, `pooled[i][j]` from feature `i` to `j`.
    ///
    /// ```
    /// let layer = geoml::symmetry::EquivariantLinear::new([[2.0_f32]], [[-1.0]], [0.5])?;
    /// assert_eq!(layer.pooled(), &[[-1.0]]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn pooled(&self) -> &[[T; E]; D] {
        &self.pooled
    }

    /// The bias, added to every token.
    ///
    /// ```
    /// let layer = geoml::symmetry::EquivariantLinear::new([[2.0_f32]], [[-1.0]], [0.5])?;
    /// assert_eq!(layer.bias(), &[0.5]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn bias(&self) -> &[T; E] {
        &self.bias
    }

    /// Applies the layer to the `N` tokens of `x`, writing `N` tokens of `E` features to `out`.
    ///
    /// Errors: [`Error::NonFinite`] for a non-finite input (flat index `n · D + i`);
    /// [`Error::Overflow`] if an output overflows (inputs near the largest float). `out` is
    /// unspecified on error.
    ///
    /// ```
    /// use geoml::symmetry::EquivariantLinear;
    ///
    /// // D = 2 features: out[n] = (x[n][0] + x[n][1] + x̄[0] + x̄[1]) / 2 + 1.
    /// let layer = EquivariantLinear::new([[1.0_f64], [1.0]], [[1.0], [1.0]], [1.0])?;
    /// let mut y = [[0.0]; 2];
    /// layer.forward(&[[1.0, 3.0], [3.0, 5.0]], &mut y)?; // x̄ = (2, 4)
    /// assert_eq!(y, [[6.0], [8.0]]); // (4 + 6)/2 + 1 and (8 + 6)/2 + 1
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn forward<const N: usize>(&self, x: &[[T; D]; N], out: &mut [[T; E]; N]) -> Result<()> {
        check_finite_rows(x)?;
        if N == 0 {
            return Ok(());
        }
        let means = feature_means(x);
        // The token-independent part: bias + (1/D) Σᵢ pooled[i][j] x̄[i].
        let feature_scale = if D == 0 {
            T::zero()
        } else {
            T::lit(D as f64).recip()
        };
        let mut shared = [T::zero(); E];
        for (mean, weights) in means.iter().zip(self.pooled.iter()) {
            for (s, &w) in shared.iter_mut().zip(weights.iter()) {
                *s += w * *mean;
            }
        }
        for (s, &b) in shared.iter_mut().zip(self.bias.iter()) {
            *s = b + *s * feature_scale;
        }
        for (token, y) in x.iter().zip(out.iter_mut()) {
            let mut own = [T::zero(); E];
            for (&xi, weights) in token.iter().zip(self.own.iter()) {
                for (o, &w) in own.iter_mut().zip(weights.iter()) {
                    *o += w * xi;
                }
            }
            for ((yj, &oj), &sj) in y.iter_mut().zip(own.iter()).zip(shared.iter()) {
                *yj = sj + oj * feature_scale;
            }
        }
        overflow_check(out.as_flattened())
    }
}

/// The mean over the tokens of each feature, `x̄[i] = (1/N) Σₙ x[n][i]`, for `N ≥ 1`.
pub(crate) fn feature_means<T: Real, const N: usize, const D: usize>(x: &[[T; D]; N]) -> [T; D] {
    let mut means = [T::zero(); D];
    for token in x {
        for (m, &v) in means.iter_mut().zip(token.iter()) {
            *m += v;
        }
    }
    let scale = T::lit(N as f64).recip();
    for (i, m) in means.iter_mut().enumerate() {
        *m = if m.is_finite() {
            *m * scale
        } else {
            // Tokens near the largest float overflow the sum but not their mean: then each
            // term is scaled first (found in review, issue 9: a false `Overflow`).
            x.iter()
                .fold(T::zero(), |acc, token| acc + token[i] * scale)
        };
    }
    means
}

/// `Err(Overflow)` naming the first non-finite value, if any.
pub(crate) fn overflow_check<T: Real>(values: &[T]) -> Result<()> {
    match values.iter().find(|v| !v.is_finite()) {
        Some(v) => Err(Error::Overflow { value: v.as_f64() }),
        None => Ok(()),
    }
}

/// Moves a `NonFinite` index by `offset` (to report it in a concatenation of inputs).
pub(crate) fn shift_index(error: Error, offset: usize) -> Error {
    match error {
        Error::NonFinite { index, value } => Error::NonFinite {
            index: index + offset,
            value,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symmetry::{AllPermutations, Permutation};
    use proptest::prelude::*;

    fn layer(seed: [[f64; 3]; 6], bias: [f64; 3]) -> EquivariantLinear<f64, 3, 3> {
        let own = [seed[0], seed[1], seed[2]];
        let pooled = [seed[3], seed[4], seed[5]];
        EquivariantLinear::new(own, pooled, bias).unwrap()
    }

    #[test]
    fn matches_the_formula_written_out() {
        let l = EquivariantLinear::new(
            [[1.0_f64, 2.0], [3.0, 4.0]],
            [[0.5, -1.0], [0.0, 2.0]],
            [0.25, -0.25],
        )
        .unwrap();
        let x = [[1.0, 0.0], [3.0, 2.0]];
        let mut y = [[0.0; 2]; 2];
        l.forward(&x, &mut y).unwrap();
        // x̄ = (2, 1); shared = b + (1/2)(0.5·2 + 0·1, −1·2 + 2·1) = (0.75, −0.25).
        // token 0: own = (1, 2)       → (0.75 + 0.5, −0.25 + 1.0)
        // token 1: own = (3 + 6, 6 + 8) → (0.75 + 4.5, −0.25 + 7.0)
        assert_eq!(y, [[1.25, 0.75], [5.25, 6.75]]);
    }

    #[test]
    fn bad_weights_inputs_and_overflow_are_errors() {
        assert_eq!(
            EquivariantLinear::new([[1.0_f64]], [[1.0]], [f64::NAN])
                .map_err(|e| matches!(e, Error::NonFinite { index: 2, .. })),
            Err(true)
        );
        let l = EquivariantLinear::new([[2.0_f32]], [[0.0]], [0.0]).unwrap();
        assert!(matches!(
            l.forward(&[[1.0], [f32::INFINITY]], &mut [[0.0]; 2]),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            l.forward(&[[f32::MAX]], &mut [[0.0]; 1]),
            Err(Error::Overflow { .. })
        ));
        let empty: [[f32; 1]; 0] = [];
        assert!(l.forward(&empty, &mut []).is_ok());
        // Tokens whose sum overflows but whose mean does not: no false Overflow.
        let pooled = EquivariantLinear::new([[0.0_f32]], [[0.5]], [0.0]).unwrap();
        let mut out = [[0.0]; 2];
        pooled.forward(&[[f32::MAX], [f32::MAX]], &mut out).unwrap();
        assert_eq!(out, [[f32::MAX / 2.0]; 2]);
    }

    proptest! {
        #[test]
        fn layer_is_equivariant(
            seed in prop::array::uniform6(prop::array::uniform3(-1.0_f64..1.0)),
            bias in prop::array::uniform3(-1.0_f64..1.0),
            x in prop::array::uniform5(prop::array::uniform3(-2.0_f64..2.0)),
            which in 0usize..120,
        ) {
            let l = layer(seed, bias);
            let p: Permutation<5> = AllPermutations::new().nth(which).unwrap();
            let (mut y, mut px, mut f_px, mut py) = ([[0.0; 3]; 5], [[0.0; 3]; 5], [[0.0; 3]; 5], [[0.0; 3]; 5]);
            l.forward(&x, &mut y).unwrap();
            p.apply_rows(&x, &mut px);
            l.forward(&px, &mut f_px).unwrap();
            p.apply_rows(&y, &mut py);
            for (a, b) in f_px.as_flattened().iter().zip(py.as_flattened()) {
                prop_assert!((a - b).abs() < 1e-14);
            }
            let l32 = EquivariantLinear::new(
                l.own().map(|r| r.map(|v| v as f32)),
                l.pooled().map(|r| r.map(|v| v as f32)),
                l.bias().map(|v| v as f32),
            ).unwrap();
            let x32 = x.map(|r| r.map(|v| v as f32));
            let (mut y32, mut px32, mut f_px32, mut py32) = ([[0.0_f32; 3]; 5], [[0.0; 3]; 5], [[0.0; 3]; 5], [[0.0; 3]; 5]);
            l32.forward(&x32, &mut y32).unwrap();
            p.apply_rows(&x32, &mut px32);
            l32.forward(&px32, &mut f_px32).unwrap();
            p.apply_rows(&y32, &mut py32);
            for (a, b) in f_px32.as_flattened().iter().zip(py32.as_flattened()) {
                prop_assert!((a - b).abs() < 1e-5);
            }
        }
    }
}
