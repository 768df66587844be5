//! The nearest orthogonal and the nearest rotation matrix (the orthogonal polar factor), and
//! random orthogonal matrices.
//!
//! For any square matrix \\(M = U\Sigma V^\top\\) (its SVD), \\(UV^\top\\) is the orthogonal
//! matrix nearest to M in the Frobenius norm, and
//! \\(U\,\mathrm{diag}(1, \dots, 1, \det UV^\top)\,V^\top\\) the nearest rotation (the
//! orthogonal Procrustes solution). Seed 001's "holonomy" initialisation is this projection
//! applied to a Gaussian matrix; its code multiplies by \\(V^\top\\)'s transpose instead of
//! \\(V^\top\\), which is still orthogonal but is not the nearest one (see the book chapter).

use super::random::standard_normal;
use crate::{Error, Real, Result, check_finite};
use nalgebra::allocator::Allocator;
use nalgebra::{Const, DefaultAllocator, DimDiff, DimMin, DimSub, Matrix3, SMatrix, U1};
use rand_core::Rng;

/// The iteration budget of the SVD, per dimension. nalgebra's implicit-shift SVD needs a few
/// sweeps per singular value; this is a guard against non-termination, not a tuning knob.
const SVD_ITERATIONS_PER_DIMENSION: usize = 1000;

/// The SVD of `m / max|m|`, with every left singular vector's sign chosen so that
/// \\(U^\top M V\\) has a non-negative diagonal (nalgebra's 3×3 shortcut returns the Q factor of a
/// QR decomposition, whose R may have negative diagonal entries).
fn svd_parts<T: Real, const N: usize>(
    m: &SMatrix<T, N, N>,
    max_iterations: usize,
) -> Result<(SMatrix<T, N, N>, SMatrix<T, N, N>, [T; N])>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>> + DimSub<U1>,
    DefaultAllocator: Allocator<DimDiff<Const<N>, U1>>,
{
    check_finite(m.as_slice())?;
    let scale = m.amax();
    if scale == T::zero() {
        return Err(Error::Singular { value: 0.0 });
    }
    let scaled = m / scale;
    let factors = |x: SMatrix<T, N, N>| {
        let svd = x.try_svd(true, true, T::default_epsilon(), max_iterations)?;
        let (u, v_t) = (svd.u?, svd.v_t?);
        let finite = u.iter().chain(v_t.iter()).all(|x| x.is_finite());
        finite.then_some((u, v_t))
    };
    // nalgebra's 3×3 SVD (eigenvectors of MᵀM, then a QR) can return NaN for a nearly
    // rank-deficient matrix in f32 (found by fuzzing, issue 9); the SVD of Mᵀ, which works
    // from MMᵀ instead, is tried then: Mᵀ = VΣUᵀ.
    let (u, v_t) = factors(scaled)
        .or_else(|| factors(scaled.transpose()).map(|(u, v_t)| (v_t.transpose(), u.transpose())))
        .ok_or(Error::NoConvergence {
            iterations: max_iterations,
        })?;
    let (mut u, v_t) = (orthonormalize(u), orthonormalize(v_t));
    let mut sigma = [T::zero(); N];
    for (i, s) in sigma.iter_mut().enumerate() {
        let d = u.column(i).dot(&(scaled * v_t.row(i).transpose()));
        if d < T::zero() {
            u.column_mut(i).neg_mut();
        }
        *s = d.abs();
    }
    Ok((u, v_t, sigma))
}

/// `x` polished by Newton–Schulz steps `X ← X(3I − XᵀX)/2` for as long as they bring `XᵀX`
/// closer to `I`: nalgebra's symmetric eigensolver, behind its 3×3 SVD, can return
/// eigenvectors 3e-3 from orthogonal for a badly scaled f32 matrix (found by fuzzing, issue
/// 9); each step squares that error, down to rounding.
fn orthonormalize<T: Real, const N: usize>(x: SMatrix<T, N, N>) -> SMatrix<T, N, N> {
    let identity = SMatrix::<T, N, N>::identity();
    let mut x = x;
    let mut error = (x.transpose() * x - identity).norm();
    for _ in 0..8 {
        let next = x * (identity * T::lit(3.0) - x.transpose() * x) * T::lit(0.5);
        let next_error = (next.transpose() * next - identity).norm();
        if next_error.partial_cmp(&error) != Some(core::cmp::Ordering::Less) {
            break;
        }
        x = next;
        error = next_error;
    }
    x
}

/// The orthogonal matrix nearest to `m` in the Frobenius norm, \\(UV^\top\\) from the SVD
/// \\(m = U\Sigma V^\top\\) (the orthogonal polar factor). It is unique when `m` is
/// invertible; for a rank-deficient `m` one of the nearest is returned. The result may be a
/// reflection (det = −1); [`nearest_rotation`] never is.
///
/// Accuracy: orthogonal to a few ε; the input is scaled by its largest entry first, so any
/// finite magnitude works.
///
/// # Errors
/// [`Error::NonFinite`]; [`Error::Singular`] for the zero matrix; [`Error::NoConvergence`] if
/// the SVD does not converge, or gives non-finite factors for both `m` and `mᵀ` (never
/// observed).
///
/// ```
/// use geoml::lie::nearest_orthogonal;
/// use nalgebra::Matrix2;
/// // A shear is pulled back to the rotation it is closest to.
/// let q = nearest_orthogonal(&Matrix2::new(1.0_f64, 0.2, 0.0, 1.0))?;
/// assert!((q.transpose() * q - Matrix2::identity()).norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn nearest_orthogonal<T: Real, const N: usize>(m: &SMatrix<T, N, N>) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>> + DimSub<U1>,
    DefaultAllocator: Allocator<DimDiff<Const<N>, U1>>,
{
    let (u, v_t, _) = svd_parts(m, SVD_ITERATIONS_PER_DIMENSION * N.max(1))?;
    Ok(u * v_t)
}

/// The rotation (special orthogonal matrix, det = +1) nearest to `m` in the Frobenius norm:
/// \\(U\,\mathrm{diag}(1, \dots, 1, s)\,V^\top\\) with \\(s = \det UV^\top\\) placed at the
/// smallest singular value.
///
/// # Errors
/// As [`nearest_orthogonal`].
///
/// ```
/// use geoml::lie::nearest_rotation;
/// use nalgebra::Matrix3;
/// // A reflection has no nearby rotation; the nearest one flips the weakest direction back.
/// let mirror = Matrix3::new(1.0_f64, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, -0.5);
/// let r = nearest_rotation(&mirror)?;
/// assert!((r.determinant() - 1.0).abs() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn nearest_rotation<T: Real, const N: usize>(m: &SMatrix<T, N, N>) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>> + DimSub<U1>,
    DefaultAllocator: Allocator<DimDiff<Const<N>, U1>>,
{
    let (mut u, v_t, sigma) = svd_parts(m, SVD_ITERATIONS_PER_DIMENSION * N.max(1))?;
    if (u * v_t).determinant() < T::zero() {
        let weakest = (0..N)
            .min_by(|&a, &b| {
                sigma[a]
                    .partial_cmp(&sigma[b])
                    .unwrap_or(core::cmp::Ordering::Equal)
            })
            .unwrap_or(0);
        u.column_mut(weakest).neg_mut();
    }
    Ok(u * v_t)
}

/// A random orthogonal matrix from the Haar (uniform) measure on O(N): the orthogonal polar
/// factor of a matrix of independent standard normal entries. This is the orthogonal weight
/// initialisation of seed 001 (where it is called "holonomy" initialisation); every singular
/// value of the result is 1, so a layer initialised with it preserves norms exactly.
///
/// # Errors
/// [`Error::NoConvergence`] if the SVD does not converge (never observed);
/// [`Error::Singular`] if eight draws in a row give the zero matrix, which only a degenerate
/// generator does.
///
/// ```
/// use geoml::lie::random_orthogonal;
/// use nalgebra::SMatrix;
/// use rand::{rngs::StdRng, SeedableRng};
///
/// let w: SMatrix<f64, 10, 10> = random_orthogonal(&mut StdRng::seed_from_u64(0))?;
/// assert!((w.transpose() * w - SMatrix::<f64, 10, 10>::identity()).norm() < 1e-13);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn random_orthogonal<T: Real, const N: usize, R: Rng + ?Sized>(
    rng: &mut R,
) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>> + DimSub<U1>,
    DefaultAllocator: Allocator<DimDiff<Const<N>, U1>>,
{
    // A Gaussian matrix is zero with probability 0; a few redraws guard against bad luck, and
    // the bound against a degenerate generator that returns the same numbers forever.
    let mut last = Err(Error::Singular { value: 0.0 });
    for _ in 0..8 {
        last = nearest_orthogonal(&gaussian_matrix::<T, N, R>(rng));
        if !matches!(last, Err(Error::Singular { .. })) {
            break;
        }
    }
    last
}

/// The orthogonal polar factor of an invertible 3×3 matrix by Higham's scaled Newton iteration
/// \\(X \leftarrow \tfrac12(\gamma X + \gamma^{-1}X^{-\top})\\),
/// \\(\gamma = (\lVert X^{-1}\rVert_F/\lVert X\rVert_F)^{1/2}\\) (scaling switched off once the
/// steps are small). It converges quadratically — in two steps for a matrix a little off the
/// group — and, unlike \\(UV^\top\\) formed from an SVD, it keeps the relative accuracy of the
/// small off-diagonal entries of a nearly-identity rotation: the inverse comes from cofactors
/// (nalgebra's closed form), in which those entries are not mixed with the unit diagonal.
/// `None` when an iterate is singular or it has not converged after 100 steps.
pub(crate) fn newton_polar3<T: Real>(m: &Matrix3<T>) -> Option<Matrix3<T>> {
    let scale = m.amax();
    if scale == T::zero() || !scale.is_finite() {
        return None;
    }
    let mut x = m / scale;
    let small = T::default_epsilon().sqrt();
    let mut scaling = true;
    let mut last = false;
    for _ in 0..100 {
        let inverse_t = x.try_inverse()?.transpose();
        let gamma = if scaling {
            (inverse_t.norm() / x.norm()).sqrt()
        } else {
            T::one()
        };
        let next = (x * gamma + inverse_t / gamma) * T::lit(0.5);
        let step = (next - x).norm();
        x = next;
        if last {
            return x.iter().all(|v| v.is_finite()).then_some(x);
        }
        // Near convergence scaling only slows the last steps down.
        scaling &= step > T::lit(1e-2);
        // One step after the change falls below √ε, quadratic convergence has reached ε.
        last = step <= small;
    }
    None
}

/// A matrix of independent standard normal entries (kept apart from the SVD's `where` clauses,
/// which would otherwise hide nalgebra's blanket allocator impls from the constructor).
fn gaussian_matrix<T: Real, const N: usize, R: Rng + ?Sized>(rng: &mut R) -> SMatrix<T, N, N> {
    SMatrix::<T, N, N>::from_fn(|_, _| standard_normal::<T, R>(rng))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix3, Matrix4, SMatrix};
    use rand::{SeedableRng, rngs::StdRng};

    /// The polar factor by Newton's iteration X ← (X + X^{-T})/2, an independent method.
    fn newton_polar(m: &Matrix4<f64>) -> Matrix4<f64> {
        let mut x = *m;
        for _ in 0..60 {
            let inv_t = x.try_inverse().unwrap().transpose();
            x = (x + inv_t) * 0.5;
        }
        x
    }

    #[test]
    fn polar_factor_matches_newton_iteration() {
        let mut rng = StdRng::seed_from_u64(2);
        for _ in 0..20 {
            let m = Matrix4::<f64>::from_fn(|_, _| standard_normal(&mut rng));
            let q = nearest_orthogonal(&m).unwrap();
            assert!((q - newton_polar(&m)).amax() < 1e-12);
        }
    }

    #[test]
    fn three_by_three_signs_are_fixed() {
        // Matrices whose QR-based 3×3 SVD returns negative diagonal entries in R.
        let mut rng = StdRng::seed_from_u64(8);
        for _ in 0..200 {
            let m = Matrix3::<f64>::from_fn(|_, _| standard_normal(&mut rng));
            let q = nearest_orthogonal(&m).unwrap();
            // The polar factor satisfies Qᵀ M symmetric positive semi-definite.
            let h = q.transpose() * m;
            assert!((h - h.transpose()).amax() < 1e-12, "{h}");
            assert!(h.symmetric_eigenvalues().min() > -1e-12);
        }
    }

    #[test]
    fn nearest_rotation_has_determinant_one_in_both_precisions() {
        let mut rng = StdRng::seed_from_u64(4);
        for _ in 0..50 {
            let m = Matrix3::<f32>::from_fn(|_, _| standard_normal(&mut rng));
            let r = nearest_rotation(&m).unwrap();
            assert!((r.determinant() - 1.0).abs() < 1e-5);
            assert!((r.transpose() * r - Matrix3::identity()).amax() < 1e-5);
            let m = Matrix3::<f64>::from_fn(|_, _| standard_normal(&mut rng));
            let r = nearest_rotation(&m).unwrap();
            assert!((r.determinant() - 1.0).abs() < 1e-14);
        }
    }

    #[test]
    fn nearest_rotation_beats_other_rotations() {
        let mut rng = StdRng::seed_from_u64(6);
        let m = Matrix3::<f64>::from_fn(|_, _| standard_normal(&mut rng));
        let best = (nearest_rotation(&m).unwrap() - m).norm();
        for _ in 0..500 {
            let other = random_orthogonal::<f64, 3, _>(&mut rng).unwrap();
            if other.determinant() > 0.0 {
                assert!((other - m).norm() >= best - 1e-12);
            }
        }
    }

    #[test]
    fn bad_inputs_are_errors() {
        let zero = Matrix3::<f64>::zeros();
        assert_eq!(
            nearest_orthogonal(&zero),
            Err(Error::Singular { value: 0.0 })
        );
        let mut nan = Matrix3::<f32>::identity();
        nan[(1, 2)] = f32::NAN;
        assert!(matches!(
            nearest_rotation(&nan),
            Err(Error::NonFinite { index: 7, .. })
        ));
        // Huge and tiny magnitudes are scaled away.
        let huge = Matrix3::<f64>::identity() * 1e300;
        assert!((nearest_orthogonal(&huge).unwrap() - Matrix3::identity()).amax() < 1e-15);
        let tiny = Matrix3::<f64>::identity() * 1e-310;
        assert!((nearest_orthogonal(&tiny).unwrap() - Matrix3::identity()).amax() < 1e-15);
    }

    #[test]
    fn an_exhausted_budget_is_reported() {
        let mut rng = StdRng::seed_from_u64(1);
        let m = SMatrix::<f64, 6, 6>::from_fn(|_, _| standard_normal(&mut rng));
        assert_eq!(
            svd_parts(&m, 1).map(|_| ()),
            Err(Error::NoConvergence { iterations: 1 })
        );
    }

    /// A generator that always returns zero words gives u₁ = 1 in Box–Muller, hence zero
    /// normal samples: an error after a bounded number of redraws, not a hang.
    #[test]
    fn a_degenerate_generator_is_an_error_not_a_hang() {
        struct Zero;
        impl rand_core::TryRng for Zero {
            type Error = core::convert::Infallible;
            fn try_next_u32(&mut self) -> core::result::Result<u32, Self::Error> {
                Ok(0)
            }
            fn try_next_u64(&mut self) -> core::result::Result<u64, Self::Error> {
                Ok(0)
            }
            fn try_fill_bytes(&mut self, dst: &mut [u8]) -> core::result::Result<(), Self::Error> {
                dst.fill(0);
                Ok(())
            }
        }
        assert_eq!(
            random_orthogonal::<f64, 3, _>(&mut Zero),
            Err(Error::Singular { value: 0.0 })
        );
    }

    #[test]
    fn random_orthogonal_is_orthogonal_and_uncorrelated() {
        let mut rng = StdRng::seed_from_u64(12);
        let mut mean = SMatrix::<f64, 4, 4>::zeros();
        let n = 2000;
        for _ in 0..n {
            let q: SMatrix<f64, 4, 4> = random_orthogonal(&mut rng).unwrap();
            assert!((q.transpose() * q - SMatrix::<f64, 4, 4>::identity()).amax() < 1e-14);
            mean += q;
        }
        // Haar-distributed entries have mean 0 and variance 1/N.
        assert!((mean / f64::from(n)).amax() < 0.06, "{mean}");
    }
}
