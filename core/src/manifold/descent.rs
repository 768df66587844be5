//! Gradient descent: in ℝᴰ, and on the sphere, where the gradient lives in the tangent space
//! and a step follows a geodesic.

use super::numeric;
use super::sphere::Sphere;
use crate::{Error, Real, Result};
use nalgebra::SVector;

/// Settings shared by the descent methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DescentOptions<T: Real> {
    /// The step size (learning rate) η > 0.
    pub step: T,
    /// The largest number of steps taken.
    pub max_iterations: usize,
    /// Stop when the gradient's norm (in the method's own metric) is at most this.
    pub gradient_tolerance: T,
}

impl<T: Real> DescentOptions<T> {
    /// Step `step`, at most `max_iterations` steps, gradient tolerance `√ε`.
    ///
    /// ```
    /// use geoml::manifold::{gradient_descent, DescentOptions};
    /// use nalgebra::Vector1;
    ///
    /// let options = DescentOptions::new(0.25_f64, 100);
    /// assert_eq!(options.gradient_tolerance, f64::EPSILON.sqrt());
    /// // f(x) = x², ∇f = 2x: η = 1/4 halves x, so ‖∇f‖ = 2⁻ᵏ⁺¹ ≤ 1e-12 after k = 41 steps.
    /// let tight = DescentOptions { gradient_tolerance: 1e-12, ..options };
    /// let outcome = gradient_descent(|x| x * 2.0, &Vector1::new(1.0), &tight)?;
    /// assert_eq!((outcome.iterations, outcome.converged), (41, true));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn new(step: T, max_iterations: usize) -> Self {
        DescentOptions {
            step,
            max_iterations,
            gradient_tolerance: T::default_epsilon().sqrt(),
        }
    }

    pub(crate) fn validate(&self) -> Result<()> {
        numeric::check_positive("step", self.step)?;
        if self.gradient_tolerance.is_finite() && self.gradient_tolerance >= T::zero() {
            Ok(())
        } else {
            Err(Error::InvalidParameter {
                name: "gradient tolerance",
                value: self.gradient_tolerance.as_f64(),
            })
        }
    }
}

/// Where a descent stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DescentOutcome<T: Real, const D: usize> {
    /// The last iterate.
    pub point: SVector<T, D>,
    /// Steps taken.
    pub iterations: usize,
    /// Norm of the gradient at `point` (Euclidean, Riemannian or Fisher, per method).
    pub gradient_norm: T,
    /// Whether the gradient tolerance was reached (rather than the iteration limit).
    pub converged: bool,
}

/// Gradient descent in ℝᴰ: `x ← x − η ∇f(x)` until `‖∇f(x)‖ ≤ tolerance` or the iteration
/// limit. The gradient is the caller's closure; on a quadratic `f = ½ xᵀAx` the iteration
/// converges for `0 < η < 2/λ_max(A)`.
///
/// # Errors
/// [`Error::InvalidParameter`] for a step that is not positive and finite or a negative
/// tolerance; [`Error::NonFinite`] for a non-finite start or a non-finite gradient (the index
/// of the entry); [`Error::Overflow`] if an iterate overflows (the step is too large).
///
/// ```
/// use geoml::manifold::{gradient_descent, DescentOptions};
/// use nalgebra::Vector2;
///
/// // f(x, y) = x² + y², ∇f = 2(x, y): each step with η = 0.1 multiplies the point by 0.8.
/// let outcome = gradient_descent(|p| p * 2.0, &Vector2::new(1.0_f64, 1.0), &DescentOptions::new(0.1, 200))?;
/// assert!(outcome.converged);
/// assert!(outcome.point.norm() < 1e-8);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn gradient_descent<T, const D: usize, G>(
    mut gradient: G,
    start: &SVector<T, D>,
    options: &DescentOptions<T>,
) -> Result<DescentOutcome<T, D>>
where
    T: Real,
    G: FnMut(&SVector<T, D>) -> SVector<T, D>,
{
    options.validate()?;
    numeric::check_vector(start)?;
    let mut point = *start;
    let mut iterations = 0;
    loop {
        let g = gradient(&point);
        numeric::check_vector(&g)?;
        let gradient_norm = numeric::finite_scalar(numeric::norm(&g))?;
        let converged = gradient_norm <= options.gradient_tolerance;
        if converged || iterations == options.max_iterations {
            return Ok(DescentOutcome {
                point,
                iterations,
                gradient_norm,
                converged,
            });
        }
        point = numeric::finite_result(point - g * options.step)?;
        iterations += 1;
    }
}

impl<const N: usize> Sphere<N> {
    /// One step of Riemannian gradient descent on the sphere: the Riemannian gradient is the
    /// tangent projection of the Euclidean one, `grad f = ∇f − ⟨p, ∇f⟩ p`, and the step follows
    /// the geodesic, `p ← exp_p(−η grad f)`, so the iterate stays exactly on the sphere.
    ///
    /// # Errors
    /// As [`Sphere::project_tangent`] and [`Sphere::exp`]; `InvalidParameter` for a bad step.
    ///
    /// ```
    /// use geoml::manifold::Sphere;
    /// use nalgebra::Vector3;
    /// let s2 = Sphere::<3>::new();
    /// let p = Vector3::new(0.0_f64, 0.6, 0.8);
    /// // f(p) = p_z: the step goes downhill towards the south pole and stays on the sphere.
    /// let q = s2.gradient_step(&p, &Vector3::new(0.0, 0.0, 1.0), 0.1)?;
    /// assert!(q.z < p.z && (q.norm() - 1.0).abs() < 1e-15);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn gradient_step<T: Real>(
        &self,
        p: &SVector<T, N>,
        euclidean_gradient: &SVector<T, N>,
        step: T,
    ) -> Result<SVector<T, N>> {
        numeric::check_positive("step", step)?;
        let g = self.project_tangent(p, euclidean_gradient)?;
        self.exp(p, &(g * -step))
    }

    /// Riemannian gradient descent on the sphere with [`Sphere::gradient_step`], until the
    /// Riemannian gradient's norm is at most the tolerance. The closure returns the Euclidean
    /// gradient of (any extension of) the function to ℝᴺ.
    ///
    /// # Errors
    /// As [`gradient_descent`] and [`Sphere::exp`]; the start must be on the sphere.
    ///
    /// ```
    /// use geoml::manifold::{DescentOptions, Sphere};
    /// use nalgebra::{Matrix3, Vector3};
    ///
    /// // Minimise the Rayleigh quotient pᵀAp: the minimiser is the eigenvector of the
    /// // smallest eigenvalue (here the y axis).
    /// let a = Matrix3::from_diagonal(&Vector3::new(3.0_f64, 1.0, 2.0));
    /// let start = Sphere::<3>::normalize(&Vector3::new(1.0, 0.2, 1.0))?;
    /// let outcome = Sphere::<3>::new().gradient_descent(|p| a * p * 2.0, &start, &DescentOptions::new(0.2, 500))?;
    /// assert!(outcome.converged && (outcome.point.y.abs() - 1.0).abs() < 1e-12);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn gradient_descent<T, G>(
        &self,
        mut euclidean_gradient: G,
        start: &SVector<T, N>,
        options: &DescentOptions<T>,
    ) -> Result<DescentOutcome<T, N>>
    where
        T: Real,
        G: FnMut(&SVector<T, N>) -> SVector<T, N>,
    {
        options.validate()?;
        self.check_point(start)?;
        let mut point = *start;
        let mut iterations = 0;
        loop {
            let g = self.project_tangent(&point, &euclidean_gradient(&point))?;
            let gradient_norm = numeric::finite_scalar(numeric::norm(&g))?;
            let converged = gradient_norm <= options.gradient_tolerance;
            if converged || iterations == options.max_iterations {
                return Ok(DescentOutcome {
                    point,
                    iterations,
                    gradient_norm,
                    converged,
                });
            }
            point = self.exp(&point, &(g * -options.step))?;
            iterations += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix3, SymmetricEigen, Vector2, Vector3};

    fn rayleigh<T: Real>() {
        let a = Matrix3::new(
            T::lit(2.0),
            T::lit(0.5),
            T::lit(0.0),
            T::lit(0.5),
            T::lit(1.0),
            T::lit(0.3),
            T::lit(0.0),
            T::lit(0.3),
            T::lit(3.0),
        );
        let start = Sphere::<3>::normalize(&Vector3::new(T::one(), T::one(), T::one())).unwrap();
        let mut options = DescentOptions::new(T::lit(0.2), 2000);
        options.gradient_tolerance = T::default_epsilon().sqrt() * T::lit(10.0);
        let outcome = Sphere::<3>::new()
            .gradient_descent(|p| a * p * T::lit(2.0), &start, &options)
            .unwrap();
        assert!(outcome.converged);
        let eigen = SymmetricEigen::new(a);
        let smallest = eigen.eigenvalues.imin();
        let v = eigen.eigenvectors.column(smallest);
        assert!((outcome.point.dot(&v).abs() - T::one()).abs() < T::lit(1e-4));
        assert!((outcome.point.norm() - T::one()).abs() < T::lit(8.0) * T::default_epsilon());
    }

    #[test]
    fn riemannian_descent_finds_the_smallest_eigenvector_f32_f64() {
        rayleigh::<f32>();
        rayleigh::<f64>();
    }

    #[test]
    fn bad_settings_and_gradients_are_named() {
        let start = Vector2::new(1.0_f64, 1.0);
        assert!(matches!(
            gradient_descent(|p| *p, &start, &DescentOptions::new(-0.1, 10)),
            Err(Error::InvalidParameter { name: "step", .. })
        ));
        assert!(matches!(
            gradient_descent(
                |_| Vector2::new(0.0, f64::NAN),
                &start,
                &DescentOptions::new(0.1, 10)
            ),
            Err(Error::NonFinite { index: 1, .. })
        ));
        // A step far beyond 2/λ diverges until it overflows: an error, not ∞.
        assert!(matches!(
            gradient_descent(|p| p * 2.0, &start, &DescentOptions::new(1e10, 100)),
            Err(Error::Overflow { .. })
        ));
        let outcome = gradient_descent(|p| p * 2.0, &start, &DescentOptions::new(0.1, 3)).unwrap();
        assert!(!outcome.converged && outcome.iterations == 3);
        assert!((outcome.point - start * 0.512).norm() < 1e-15);
    }
}
