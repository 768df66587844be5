//! PCA and ZCA whitening of a data matrix.

use super::checks::check_non_negative;
use crate::{Error, Real, Result, check_finite_rows};
use nalgebra::allocator::Allocator;
use nalgebra::{
    ArrayStorage, Const, DefaultAllocator, DimDiff, DimSub, SMatrix, SVector, SymmetricEigen, U1,
};

/// Which rotation follows the rescaling of the principal axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `W = V Λ^{-1/2}`: coordinates along the principal axes.
    Pca,
    /// `W = V Λ^{-1/2} Vᵀ`: rotated back to the original axes.
    Zca,
}

/// A whitening transform `y = (x − μ) W` fitted to a data matrix, which makes the sample
/// covariance of the output the identity (exactly when `ε = 0`).
///
/// With rows as samples (seed 004's `X ∈ ℝ^{N×D}`), `μ` the feature means and
/// `Σ = (1/N) Σ_n (x_n − μ)ᵀ(x_n − μ)` the covariance, any `W` with `Wᵀ Σ W = I` whitens. Writing
/// `Σ = V Λ Vᵀ` (nalgebra's `SymmetricEigen`; eigenvalues sorted in decreasing order, each
/// eigenvector's largest component made positive so the result is unique) and adding the
/// regulariser `ε ≥ 0` to the eigenvalues:
///
/// * **PCA** ([`Whitening::pca`]): `W = V (Λ + εI)^{-1/2}`. Output feature `j` is the `j`-th
///   principal component, scaled to unit variance.
/// * **ZCA** ([`Whitening::zca`]): `W = V (Λ + εI)^{-1/2} Vᵀ`, symmetric. Of all whitening
///   transforms it moves the data least (it is the one closest to the identity), so output
///   feature `j` still corresponds to input feature `j`.
///
/// The two differ by the rotation `Vᵀ`: every whitening matrix is `V Λ^{-1/2} R` for an
/// orthogonal `R`. The regulariser keeps directions of (near) zero variance from being blown up.
/// Accuracy: the eigen-decomposition is backward stable, so `Wᵀ Σ W` is the identity to a few
/// ulp times the condition number of `Σ + εI`.
///
/// ```
/// use geoml::attention::Whitening;
///
/// // Strongly correlated features.
/// let x = [[1.0_f64, 2.1], [2.0, 3.9], [3.0, 6.2], [4.0, 7.8], [5.0, 10.1]];
/// let white = Whitening::zca(&x, 0.0)?;
/// let mut y = [[0.0; 2]; 5];
/// white.apply(&x, &mut y)?;
/// // The covariance of y is the identity.
/// for a in 0..2 {
///     for b in 0..2 {
///         let c: f64 = y.iter().map(|r| r[a] * r[b]).sum::<f64>() / 5.0;
///         assert!((c - if a == b { 1.0 } else { 0.0 }).abs() < 1e-9);
///     }
/// }
/// // ZCA's matrix is symmetric; PCA's first axis carries the most variance.
/// assert!((white.matrix()[(0, 1)] - white.matrix()[(1, 0)]).abs() < 1e-9);
/// let pca = Whitening::pca(&x, 0.0)?;
/// assert!(pca.variances()[0] > 100.0 * pca.variances()[1]);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whitening<T: Real, const D: usize> {
    mean: SVector<T, D>,
    matrix: SMatrix<T, D, D>,
    variances: SVector<T, D>,
}

impl<T: Real, const D: usize> Whitening<T, D> {
    /// PCA whitening `W = V (Λ + εI)^{-1/2}` of `x`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"N"` for no samples, named `"eps"` unless `ε` is
    /// finite and `≥ 0`; [`Error::NonFinite`] for a non-finite sample value (row-major index);
    /// [`Error::Overflow`] when the covariance exceeds the finite range; [`Error::Singular`] with
    /// the value `λ + ε` when a direction has numerically zero variance after regularisation
    /// (`λ + ε ≤ D·ε_mach·λ_max`, e.g. collinear features with `ε = 0`, or `λ + ε` below the
    /// smallest normal number of `T`, where it has lost its precision), or with NaN if the
    /// eigen-decomposition does not converge (not seen on finite input).
    ///
    /// ```
    /// use geoml::attention::Whitening;
    ///
    /// // Centred data with covariance diag(0.5, 2): the second feature is the first axis.
    /// let x = [[1.0_f64, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]];
    /// let white = Whitening::pca(&x, 0.0)?;
    /// assert_eq!(white.variances().as_slice(), &[2.0, 0.5]);
    /// let mut y = [[0.0; 2]; 4];
    /// white.apply(&x, &mut y)?;
    /// // (0, 2) lies on the first principal axis, 2/√2 = √2 standard deviations out.
    /// assert!((y[2][0] - 2.0_f64.sqrt()).abs() < 1e-12 && y[2][1].abs() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn pca<const N: usize>(x: &[[T; D]; N], eps: T) -> Result<Self>
    where
        Const<D>: DimSub<U1>,
        DefaultAllocator: Allocator<DimDiff<Const<D>, U1>>,
    {
        let (mean, covariance) = moments(x, eps)?;
        let (values, vectors) = symmetric_eigen(covariance)?;
        Self::assemble(mean, values, vectors, eps, Kind::Pca)
    }

    /// ZCA whitening `W = V (Λ + εI)^{-1/2} Vᵀ` of `x`.
    ///
    /// # Errors
    /// As [`Whitening::pca`].
    ///
    /// ```
    /// use geoml::attention::Whitening;
    ///
    /// // Covariance diag(0.5, 2): ZCA rescales each feature in place, W = diag(√2, 1/√2).
    /// let x = [[1.0_f64, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]];
    /// let white = Whitening::zca(&x, 0.0)?;
    /// let mut y = [[0.0; 2]; 4];
    /// white.apply(&x, &mut y)?;
    /// assert!((y[0][0] - 2.0_f64.sqrt()).abs() < 1e-12 && y[0][1].abs() < 1e-12);
    /// assert!(y[2][0].abs() < 1e-12 && (y[2][1] - 2.0_f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn zca<const N: usize>(x: &[[T; D]; N], eps: T) -> Result<Self>
    where
        Const<D>: DimSub<U1>,
        DefaultAllocator: Allocator<DimDiff<Const<D>, U1>>,
    {
        let (mean, covariance) = moments(x, eps)?;
        let (values, vectors) = symmetric_eigen(covariance)?;
        Self::assemble(mean, values, vectors, eps, Kind::Zca)
    }

    /// Sorts the eigenpairs, fixes their signs and builds `W`.
    fn assemble(
        mean: SVector<T, D>,
        values: [T; D],
        vectors: SMatrix<T, D, D>,
        eps: T,
        kind: Kind,
    ) -> Result<Self> {
        // Eigenpairs in decreasing order of eigenvalue (D is small: selection sort).
        let mut order: [usize; D] = core::array::from_fn(|i| i);
        for i in 0..D {
            for j in i + 1..D {
                if values[order[j]] > values[order[i]] {
                    order.swap(i, j);
                }
            }
        }
        // A covariance is positive semi-definite: negative eigenvalues are rounding.
        let variances = SVector::<T, D>::from_fn(|i, _| values[order[i]].max(T::zero()));
        let mut sorted = SMatrix::<T, D, D>::zeros();
        for (i, &o) in order.iter().enumerate() {
            let mut column = vectors.column(o).into_owned();
            let largest = column.iamax();
            if column[largest] < T::zero() {
                column = -column;
            }
            sorted.set_column(i, &column);
        }
        let largest_variance = variances.iter().fold(T::zero(), |m, &v| m.max(v));
        // A variance below the smallest normal number has lost its relative precision (the
        // output was visibly not white, found by fuzzing, issue 9): numerically zero as well.
        let smallest_normal = if T::is_single_precision() {
            T::lit(f64::from(f32::MIN_POSITIVE))
        } else {
            T::lit(f64::MIN_POSITIVE)
        };
        let negligible =
            (largest_variance * T::lit(D as f64) * T::default_epsilon()).max(smallest_normal);
        let mut scaled = sorted;
        for (i, &variance) in variances.iter().enumerate() {
            let total = variance + eps;
            if !total.is_finite() || total <= negligible {
                return Err(Error::Singular {
                    value: total.as_f64(),
                });
            }
            let factor = T::one() / total.sqrt();
            for v in scaled.column_mut(i).iter_mut() {
                *v *= factor;
            }
        }
        let matrix = match kind {
            Kind::Pca => scaled,
            Kind::Zca => scaled * sorted.transpose(),
        };
        Ok(Self {
            mean,
            matrix,
            variances,
        })
    }

    /// The feature means `μ = (1/N) Σ_n x_n`.
    ///
    /// ```
    /// let x = [[1.0_f64, 2.0], [3.0, 7.0], [5.0, 3.0]];
    /// let white = geoml::attention::Whitening::zca(&x, 0.0)?;
    /// assert_eq!(white.mean().as_slice(), &[3.0, 4.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn mean(&self) -> &SVector<T, D> {
        &self.mean
    }

    /// The whitening matrix `W` (`y = (x − μ) W`, rows as samples).
    ///
    /// ```
    /// // Covariance diag(0.5, 2) gives the ZCA matrix diag(1/√0.5, 1/√2).
    /// let x = [[1.0_f64, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]];
    /// let w = *geoml::attention::Whitening::zca(&x, 0.0)?.matrix();
    /// let expected = nalgebra::Matrix2::new(2.0_f64.sqrt(), 0.0, 0.0, 0.5_f64.sqrt());
    /// assert!((w - expected).norm() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn matrix(&self) -> &SMatrix<T, D, D> {
        &self.matrix
    }

    /// The eigenvalues `λ` of the covariance in decreasing order: the variance along each
    /// principal axis (before `ε` is added).
    ///
    /// ```
    /// // All the spread is along (1, 1)/√2, where the points sit at ±2√2: λ = 8, and 0 across
    /// // (which ε = 10⁻³ keeps invertible).
    /// let x = [[2.0_f64, 2.0], [-2.0, -2.0]];
    /// let white = geoml::attention::Whitening::pca(&x, 1e-3)?;
    /// assert!((white.variances()[0] - 8.0).abs() < 1e-12);
    /// assert!(white.variances()[1].abs() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn variances(&self) -> &SVector<T, D> {
        &self.variances
    }

    /// `out[n] = (x[n] − μ) W` for new or fitted samples.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite value (row-major index); [`Error::Overflow`] if a
    /// whitened value exceeds the finite range.
    ///
    /// ```
    /// let x = [[0.0_f64, 1.0], [1.0, 3.0], [2.0, 2.0]];
    /// let white = geoml::attention::Whitening::pca(&x, 0.0)?;
    /// let mut y = [[0.0; 2]; 3];
    /// white.apply(&x, &mut y)?;
    /// // Mean zero and covariance (1/N) Σ yᵀy = I.
    /// let cov = |a: usize, b: usize| y.iter().map(|r| r[a] * r[b]).sum::<f64>() / 3.0;
    /// assert!((cov(0, 0) - 1.0).abs() < 1e-12 && (cov(1, 1) - 1.0).abs() < 1e-12);
    /// assert!(cov(0, 1).abs() < 1e-12 && y.iter().map(|r| r[0]).sum::<f64>().abs() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn apply<const N: usize>(&self, x: &[[T; D]; N], out: &mut [[T; D]; N]) -> Result<()> {
        check_finite_rows(x)?;
        for (row, y) in x.iter().zip(out.iter_mut()) {
            let centred = SVector::from(*row) - self.mean;
            let white = self.matrix.tr_mul(&centred);
            for (y, &w) in y.iter_mut().zip(white.iter()) {
                if !w.is_finite() {
                    return Err(Error::Overflow { value: w.as_f64() });
                }
                *y = w;
            }
        }
        Ok(())
    }
}

/// The feature means and the covariance `(1/N) Σ (x − μ)ᵀ(x − μ)` of `x`, after checking `N`,
/// `ε` and the data.
fn moments<T: Real, const N: usize, const D: usize>(
    x: &[[T; D]; N],
    eps: T,
) -> Result<(SVector<T, D>, SMatrix<T, D, D>)> {
    if N == 0 {
        return Err(Error::InvalidParameter {
            name: "N",
            value: 0.0,
        });
    }
    check_non_negative("eps", eps)?;
    check_finite_rows(x)?;
    let count = T::lit(N as f64);
    let mut mean = SVector::<T, D>::zeros();
    for row in x {
        mean += SVector::from(*row) / count;
    }
    let mut covariance = SMatrix::<T, D, D>::zeros();
    for row in x {
        let centred = SVector::from(*row) - mean;
        covariance += centred * centred.transpose() / count;
    }
    if let Some(bad) = covariance.iter().find(|c| !c.is_finite()) {
        return Err(Error::Overflow {
            value: bad.as_f64(),
        });
    }
    Ok((mean, covariance))
}

/// Eigenvalues and eigenvectors (columns) of a symmetric matrix, by nalgebra's
/// `SymmetricEigen`.
///
/// nalgebra needs `D − 1` as a type for the tridiagonalisation, hence the bounds (which every
/// concrete `D` up to 127 meets). They are kept to this function: in a function with a
/// `DefaultAllocator` bound, the compiler no longer sees that static matrices are plain arrays.
fn symmetric_eigen<T: Real, const D: usize>(
    matrix: SMatrix<T, D, D>,
) -> Result<([T; D], SMatrix<T, D, D>)>
where
    Const<D>: DimSub<U1>,
    DefaultAllocator: Allocator<DimDiff<Const<D>, U1>>,
{
    let iterations = 1000 * (D + 1);
    let eigen = SymmetricEigen::<T, Const<D>>::try_new(matrix, T::default_epsilon(), iterations)
        .ok_or(Error::Singular { value: f64::NAN })?;
    let values = core::array::from_fn(|i| eigen.eigenvalues[i]);
    // Column-major, as ArrayStorage stores it.
    let columns: [[T; D]; D] =
        core::array::from_fn(|j| core::array::from_fn(|i| eigen.eigenvectors[(i, j)]));
    Ok((values, SMatrix::from_array_storage(ArrayStorage(columns))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_features_need_regularisation() {
        let x = [[1.0_f64, 2.0], [2.0, 4.0], [3.0, 6.0]];
        assert!(matches!(
            Whitening::pca(&x, 0.0),
            Err(Error::Singular { .. })
        ));
        let w = Whitening::zca(&x, 1e-3).unwrap();
        assert!(w.variances()[1].abs() < 1e-12);
    }

    #[test]
    fn errors() {
        let empty: [[f32; 2]; 0] = [];
        assert!(matches!(
            Whitening::pca(&empty, 0.0),
            Err(Error::InvalidParameter { name: "N", .. })
        ));
        let x = [[1.0_f32, 0.0], [0.0, 1.0]];
        assert!(matches!(
            Whitening::zca(&x, f32::NAN),
            Err(Error::InvalidParameter { name: "eps", .. })
        ));
        assert!(matches!(
            Whitening::zca(&[[1.0_f32, f32::INFINITY]], 0.1),
            Err(Error::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            Whitening::zca(&[[3e38_f32, 0.0], [-3e38, 1.0]], 0.1),
            Err(Error::Overflow { .. })
        ));
    }
}
