//! GL(N): the invertible N×N real matrices under multiplication.

use crate::{Error, Real, Result, check_finite};
use nalgebra::{Const, DimMin, SMatrix};

/// An invertible real N×N matrix, an element of the general linear group GL(N, ℝ).
///
/// The group of seed 000: the product of two invertible matrices is invertible
/// (\\(\det AB = \det A\det B \ne 0\\)), matrix multiplication is associative, I is the
/// identity and \\(A^{-1}\\) the inverse — for 2×2 matrices
/// \\(A^{-1} = \frac{1}{ad - bc}\begin{bmatrix}d & -b\\\\ -c & a\end{bmatrix}\\). Products,
/// determinants and inverses are nalgebra's. Its subgroups O(N) (\\(A^\top A = I\\)) and SO(N)
/// (also \\(\det A = 1\\)) are tested by [`Gl::is_orthogonal`] and
/// [`Gl::is_special_orthogonal`].
///
/// ```
/// use geoml::lie::Gl;
/// use nalgebra::Matrix2;
///
/// // Seed 000's example of closure: two invertible matrices and their product.
/// let a = Gl::new(Matrix2::new(1.0_f64, 2.0, 3.0, 4.0))?;
/// let b = Gl::new(Matrix2::new(5.0_f64, 6.0, 7.0, 8.0))?;
/// let ab = a.compose(&b)?;
/// assert_eq!(ab.matrix(), Matrix2::new(19.0, 22.0, 43.0, 50.0));
/// assert_eq!(ab.determinant(), a.determinant() * b.determinant()); // (−2)(−2) = 4
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gl<T, const N: usize> {
    m: SMatrix<T, N, N>,
}

impl<T: Real, const N: usize> Gl<T, N>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>>,
{
    /// The group element of an invertible matrix.
    ///
    /// # Errors
    /// [`Error::NonFinite`]; [`Error::Singular`] (carrying the determinant) when nalgebra
    /// finds no inverse or the inverse overflows. No tolerance is applied: GL(N) is open, so
    /// every matrix with a representable inverse belongs to it, however ill-conditioned.
    ///
    /// ```
    /// use geoml::{Error, lie::Gl};
    /// use nalgebra::Matrix2;
    /// let singular = Matrix2::new(1.0_f64, 2.0, 2.0, 4.0);
    /// assert!(matches!(Gl::new(singular), Err(Error::Singular { .. })));
    /// ```
    pub fn new(m: SMatrix<T, N, N>) -> Result<Self> {
        check_finite(m.as_slice())?;
        inverse_of(&m)?;
        Ok(Gl { m })
    }

    /// The identity matrix.
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// assert_eq!(Gl::<f64, 3>::identity().determinant(), 1.0);
    /// ```
    pub fn identity() -> Self {
        Gl {
            m: SMatrix::identity(),
        }
    }

    /// The matrix.
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// assert_eq!(Gl::<f32, 2>::identity().matrix(), nalgebra::Matrix2::identity());
    /// ```
    pub fn matrix(&self) -> SMatrix<T, N, N> {
        self.m
    }

    /// The product `self · other`.
    ///
    /// # Errors
    /// [`Error::Overflow`] if an entry overflows; [`Error::Singular`] if the product of two
    /// invertible matrices is numerically singular (underflow).
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// use nalgebra::Matrix2;
    /// let a = Gl::new(Matrix2::new(2.0_f64, 0.0, 0.0, 1.0))?;
    /// assert_eq!(a.compose(&a)?.matrix()[(0, 0)], 4.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn compose(&self, other: &Self) -> Result<Self> {
        let m = self.m * other.m;
        if !m.iter().all(|x| x.is_finite()) {
            return Err(Error::Overflow {
                value: self.m.amax().max(other.m.amax()).as_f64(),
            });
        }
        Gl::new(m)
    }

    /// The inverse matrix (nalgebra's closed forms up to 4×4, LU with partial pivoting
    /// beyond).
    ///
    /// # Errors
    /// [`Error::Singular`] if the inverse overflows (the determinant underflows).
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// use nalgebra::Matrix2;
    /// let a = Gl::new(Matrix2::new(1.0_f64, 2.0, 3.0, 4.0))?;
    /// // 1/(ad − bc)·[[d, −b], [−c, a]] = [[−2, 1], [1.5, −0.5]].
    /// assert_eq!(a.inverse()?.matrix(), Matrix2::new(-2.0, 1.0, 1.5, -0.5));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn inverse(&self) -> Result<Self> {
        Ok(Gl {
            m: inverse_of(&self.m)?,
        })
    }

    /// The determinant.
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// use nalgebra::Matrix2;
    /// assert_eq!(Gl::new(Matrix2::new(1.0_f64, 2.0, 3.0, 4.0))?.determinant(), -2.0);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn determinant(&self) -> T {
        self.m.determinant()
    }

    /// Whether the matrix lies in O(N): \\(\lVert A^\top A - I\rVert_F \le\\) `tolerance`.
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// use nalgebra::Matrix2;
    /// // Seed 000's reflection [[cos, sin], [sin, −cos]] is orthogonal but not a rotation.
    /// let (c, s) = (0.6_f64, 0.8);
    /// let reflection = Gl::new(Matrix2::new(c, s, s, -c))?;
    /// assert!(reflection.is_orthogonal(1e-15));
    /// assert!(!reflection.is_special_orthogonal(1e-15));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_orthogonal(&self, tolerance: T) -> bool {
        (self.m.transpose() * self.m - SMatrix::<T, N, N>::identity()).norm() <= tolerance
    }

    /// Whether the matrix lies in SO(N): orthogonal and \\(|\det A - 1| \le\\) `tolerance`.
    ///
    /// ```
    /// use geoml::lie::Gl;
    /// use nalgebra::Matrix2;
    /// let (c, s) = (0.6_f64, 0.8);
    /// assert!(Gl::new(Matrix2::new(c, -s, s, c))?.is_special_orthogonal(1e-15));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_special_orthogonal(&self, tolerance: T) -> bool {
        self.is_orthogonal(tolerance) && (self.determinant() - T::one()).abs() <= tolerance
    }
}

fn inverse_of<T: Real, const N: usize>(m: &SMatrix<T, N, N>) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>>,
{
    match m.try_inverse() {
        Some(inv) if inv.iter().all(|x| x.is_finite()) => Ok(inv),
        _ => Err(Error::Singular {
            value: m.determinant().as_f64(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix2, SMatrix};
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    fn random<T: Real, const N: usize>(rng: &mut StdRng) -> Gl<T, N>
    where
        Const<N>: DimMin<Const<N>, Output = Const<N>>,
    {
        loop {
            let m = SMatrix::<f64, N, N>::from_fn(|_, _| rng.random_range(-2.0..2.0));
            if let Ok(g) = Gl::new(m.map(T::lit)) {
                return g;
            }
        }
    }

    fn axioms<T: Real, const N: usize>(rel: f64)
    where
        Const<N>: DimMin<Const<N>, Output = Const<N>>,
    {
        let mut rng = StdRng::seed_from_u64(3);
        for _ in 0..100 {
            let (a, b, c) = (
                random::<T, N>(&mut rng),
                random::<T, N>(&mut rng),
                random::<T, N>(&mut rng),
            );
            let lhs = a.compose(&b).unwrap().compose(&c).unwrap().matrix();
            let rhs = a.compose(&b.compose(&c).unwrap()).unwrap().matrix();
            let size = lhs.amax().max(T::one());
            assert!(((lhs - rhs).amax() / size).as_f64() < rel, "associativity");
            let id = Gl::<T, N>::identity();
            assert_eq!(id.compose(&a).unwrap(), a);
            assert_eq!(a.compose(&id).unwrap(), a);
            if let Ok(inv) = a.inverse() {
                let cond = (a.matrix().norm() * inv.matrix().norm()).as_f64();
                let e = a.compose(&inv).unwrap().matrix() - SMatrix::<T, N, N>::identity();
                assert!(e.amax().as_f64() < rel * cond, "inverse");
                let det = (a.determinant() * b.determinant()).as_f64();
                let det_ab = a.compose(&b).unwrap().determinant().as_f64();
                assert!((det - det_ab).abs() <= rel * 10.0 * cond * det.abs().max(1.0));
            }
        }
    }

    #[test]
    fn group_axioms_hold_in_both_precisions() {
        axioms::<f32, 2>(1e-5);
        axioms::<f32, 3>(1e-5);
        axioms::<f64, 2>(1e-13);
        axioms::<f64, 5>(1e-13);
    }

    #[test]
    fn seed_example_and_closed_form_inverse() {
        let a = Matrix2::new(1.0_f32, 2.0, 3.0, 4.0);
        let b = Matrix2::new(5.0_f32, 6.0, 7.0, 8.0);
        let ab = Gl::new(a).unwrap().compose(&Gl::new(b).unwrap()).unwrap();
        assert_eq!(ab.matrix(), Matrix2::new(19.0, 22.0, 43.0, 50.0));
        let (p, q, r, s) = (1.0_f32, 2.0, 3.0, 4.0);
        let det = p * s - q * r;
        let by_formula = Matrix2::new(s, -q, -r, p) / det;
        assert_eq!(Gl::new(a).unwrap().inverse().unwrap().matrix(), by_formula);
    }

    #[test]
    fn singular_and_non_finite_matrices_are_rejected() {
        assert!(matches!(
            Gl::new(SMatrix::<f64, 5, 5>::zeros()),
            Err(Error::Singular { .. })
        ));
        assert!(matches!(
            Gl::new(Matrix2::new(1.0_f32, f32::INFINITY, 0.0, 1.0)),
            Err(Error::NonFinite { index: 2, .. })
        ));
        let big = Gl::new(Matrix2::new(1e200_f64, 0.0, 0.0, 1.0)).unwrap();
        assert!(matches!(big.compose(&big), Err(Error::Overflow { .. })));
        let tiny = Gl::new(Matrix2::new(1e-200_f64, 0.0, 0.0, 1.0)).unwrap();
        assert!(matches!(tiny.compose(&tiny), Err(Error::Singular { .. })));
    }
}
