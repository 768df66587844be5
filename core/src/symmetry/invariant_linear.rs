//! The permutation-invariant linear layer: mean pooling, then a normalised linear map.

use super::equivariant_linear::{feature_means, overflow_check, shift_index};
use crate::{Error, Real, Result, check_finite, check_finite_rows};

/// A linear map from `N` tokens of `D` features to `E` numbers that ignores the order of the
/// tokens:
///
/// `out[j] = bias[j] + (1/D) Σᵢ weight[i][j] · x̄[i]`, with `x̄[i] = (1/N) Σₙ x[n][i]`.
///
/// Every linear invariant function of a token sequence factors through the sum (here the
/// mean) of the tokens. The `1/D` is the same mean normalisation as in
/// [`EquivariantLinear`](super::EquivariantLinear). Used as the last layer after equivariant
/// ones, it turns a per-token representation into one answer for the whole set.
///
/// ```
/// use geoml::symmetry::InvariantLinear;
///
/// let readout = InvariantLinear::new([[1.0_f64], [3.0]], [0.5]).unwrap();
/// let x = [[1.0, 0.0], [3.0, 2.0]];
/// let swapped = [[3.0, 2.0], [1.0, 0.0]];
/// // x̄ = (2, 1): 0.5 + (1·2 + 3·1)/2 = 3.
/// assert_eq!(readout.forward(&x).unwrap(), [3.0]);
/// assert_eq!(readout.forward(&swapped).unwrap(), [3.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InvariantLinear<T, const D: usize, const E: usize> {
    weight: [[T; E]; D],
    bias: [T; E],
}

impl<T: Real, const D: usize, const E: usize> InvariantLinear<T, D, E> {
    /// The layer with weights `weight` (`D × E`, input feature by output) and `bias`.
    ///
    /// Errors: [`Error::NonFinite`] with the flat index over `[weight; bias]` (`bias[j]` at
    /// `D·E + j`).
    ///
    /// ```
    /// use geoml::symmetry::InvariantLinear;
    /// use geoml::Error;
    ///
    /// assert!(InvariantLinear::new([[1.0_f64], [2.0]], [0.0]).is_ok());
    /// // D = 2, E = 1: bias[0] sits at D·E = 2.
    /// let bad = InvariantLinear::new([[1.0_f64], [2.0]], [f64::INFINITY]);
    /// assert!(matches!(bad, Err(Error::NonFinite { index: 2, .. })));
    /// ```
    pub fn new(weight: [[T; E]; D], bias: [T; E]) -> Result<Self> {
        check_finite_rows(&weight)?;
        check_finite(&bias).map_err(|e| shift_index(e, D * E))?;
        Ok(Self { weight, bias })
    }

    /// The weights, `weight[i][j]` from input feature `i` to output `j`.
    ///
    /// ```
    /// let weight = [[1.0_f32, 0.0], [0.0, 1.0]];
    /// let readout = geoml::symmetry::InvariantLinear::new(weight, [0.0; 2])?;
    /// assert_eq!(readout.weight()[1], [0.0, 1.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn weight(&self) -> &[[T; E]; D] {
        &self.weight
    }

    /// The bias, added to each output after the normalised map.
    ///
    /// ```
    /// let readout = geoml::symmetry::InvariantLinear::new([[1.0_f32]], [-0.5])?;
    /// assert_eq!(readout.bias(), &[-0.5]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn bias(&self) -> &[T; E] {
        &self.bias
    }

    /// Applies the layer to the `N` tokens of `x`.
    ///
    /// Errors: [`Error::NonFinite`] for a non-finite input (flat index `n · D + i`);
    /// [`Error::InvalidParameter`] (`name: "N"`) when there are no tokens, whose mean is
    /// undefined; [`Error::Overflow`] if an output overflows.
    ///
    /// ```
    /// use geoml::symmetry::InvariantLinear;
    ///
    /// // out = (x̄[0] − x̄[1]) / 2 with D = 2: the same for any order of the tokens.
    /// let readout = InvariantLinear::new([[1.0_f64], [-1.0]], [0.0])?;
    /// assert_eq!(readout.forward(&[[4.0, 0.0], [2.0, 2.0], [0.0, 1.0]])?, [0.5]); // x̄ = (2, 1)
    /// assert_eq!(readout.forward(&[[0.0, 1.0], [4.0, 0.0], [2.0, 2.0]])?, [0.5]);
    /// let none: [[f64; 2]; 0] = [];
    /// assert!(readout.forward(&none).is_err()); // no tokens, no mean
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn forward<const N: usize>(&self, x: &[[T; D]; N]) -> Result<[T; E]> {
        check_finite_rows(x)?;
        if N == 0 {
            return Err(Error::InvalidParameter {
                name: "N",
                value: 0.0,
            });
        }
        let means = feature_means(x);
        let feature_scale = if D == 0 {
            T::zero()
        } else {
            T::lit(D as f64).recip()
        };
        let mut out = [T::zero(); E];
        for (mean, weights) in means.iter().zip(self.weight.iter()) {
            for (o, &w) in out.iter_mut().zip(weights.iter()) {
                *o += w * *mean;
            }
        }
        for (o, &b) in out.iter_mut().zip(self.bias.iter()) {
            *o = b + *o * feature_scale;
        }
        overflow_check(&out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symmetry::{AllPermutations, EquivariantLinear};
    use proptest::prelude::*;

    #[test]
    fn empty_sets_and_bad_values_are_errors() {
        let l = InvariantLinear::new([[1.0_f32]], [0.0]).unwrap();
        let empty: [[f32; 1]; 0] = [];
        assert_eq!(
            l.forward(&empty),
            Err(Error::InvalidParameter {
                name: "N",
                value: 0.0
            })
        );
        assert!(matches!(
            InvariantLinear::new([[1.0_f64, 2.0]], [0.0, f64::INFINITY]),
            Err(Error::NonFinite { index: 3, .. })
        ));
        // Tokens at the largest float: their mean is finite (no false Overflow) ...
        assert_eq!(l.forward(&[[f32::MAX], [f32::MAX]]), Ok([f32::MAX]));
        // ... and an output past it is an error.
        let doubling = InvariantLinear::new([[2.0_f32]], [0.0]).unwrap();
        assert!(matches!(
            doubling.forward(&[[f32::MAX], [f32::MAX]]),
            Err(Error::Overflow { .. })
        ));
    }

    proptest! {
        #[test]
        fn deep_sets_model_is_invariant(
            w1 in prop::array::uniform2(prop::array::uniform4(-1.0_f64..1.0)),
            p1 in prop::array::uniform2(prop::array::uniform4(-1.0_f64..1.0)),
            w2 in prop::array::uniform4(prop::array::uniform1(-1.0_f64..1.0)),
            x in prop::array::uniform4(prop::array::uniform2(-3.0_f64..3.0)),
        ) {
            // Equivariant → ReLU → invariant, the shape of seed 003's intrinsic model.
            let first = EquivariantLinear::new(w1, p1, [0.1; 4]).unwrap();
            let last = InvariantLinear::new(w2, [-0.2]).unwrap();
            let model = |x: &[[f64; 2]; 4]| {
                let mut h = [[0.0; 4]; 4];
                first.forward(x, &mut h).unwrap();
                h.iter_mut().flatten().for_each(|v| *v = v.max(0.0));
                last.forward(&h).unwrap()[0]
            };
            let reference = model(&x);
            for p in AllPermutations::<4>::new() {
                let mut moved = x;
                p.apply_rows(&x, &mut moved);
                prop_assert!((model(&moved) - reference).abs() < 1e-14);
            }
        }
    }
}
