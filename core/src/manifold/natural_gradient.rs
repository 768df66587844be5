//! Natural-gradient descent: steepest descent in the Fisher information metric, solved with a
//! Cholesky factorisation.

use super::descent::{DescentOptions, DescentOutcome};
use super::numeric;
use crate::{Error, Real, Result};
use nalgebra::{Cholesky, Matrix2, SMatrix, SVector};

/// Solves `F x = g` for a symmetric positive-definite `F` by Cholesky, with the checks the
/// natural gradient needs.
fn solve_fisher<T: Real, const D: usize>(
    fisher: &SMatrix<T, D, D>,
    gradient: &SVector<T, D>,
) -> Result<SVector<T, D>> {
    numeric::check_matrix(fisher)?;
    numeric::check_vector(gradient)?;
    let scale = fisher.amax().max(T::one());
    for row in 0..D {
        for col in (row + 1)..D {
            let (a, b) = (fisher[(row, col)], fisher[(col, row)]);
            if (a - b).abs() > T::lit(64.0) * T::default_epsilon() * scale {
                return Err(Error::NotSymmetric {
                    row,
                    col,
                    value: a.as_f64(),
                    mirror: b.as_f64(),
                });
            }
        }
    }
    let not_positive = || Error::Singular {
        value: failing_pivot(fisher).as_f64(),
    };
    let factor = Cholesky::new(*fisher).ok_or_else(not_positive)?;
    let x = factor.solve(gradient);
    if x.iter().all(|v| v.is_finite()) {
        Ok(x)
    } else {
        Err(not_positive())
    }
}

/// The first pivot `a_kk − Σ_{j<k} l_kj²` of the Cholesky factorisation that is not positive
/// (or the smallest one, if rounding made the solve fail instead): what `Singular` reports.
fn failing_pivot<T: Real, const D: usize>(a: &SMatrix<T, D, D>) -> T {
    let mut l = SMatrix::<T, D, D>::zeros();
    let mut smallest = T::max_value().unwrap_or(T::one());
    for k in 0..D {
        let mut pivot = a[(k, k)];
        for j in 0..k {
            pivot -= l[(k, j)] * l[(k, j)];
        }
        if pivot.partial_cmp(&T::zero()) != Some(core::cmp::Ordering::Greater) {
            return pivot;
        }
        smallest = smallest.min(pivot);
        let root = pivot.sqrt();
        l[(k, k)] = root;
        for i in (k + 1)..D {
            let mut s = a[(i, k)];
            for j in 0..k {
                s -= l[(i, j)] * l[(k, j)];
            }
            l[(i, k)] = s / root;
        }
    }
    smallest
}

/// One natural-gradient step `θ ← θ − η F(θ)⁻¹ ∇f(θ)`, with `F⁻¹∇f` obtained by solving
/// `F x = ∇f` through a Cholesky factorisation (no inverse is formed).
///
/// `F` is the Fisher information of the model at `θ`, the metric in which the natural gradient
/// is the steepest-descent direction; the step is invariant under smooth reparameterisation of
/// the model, and with `F` the Hessian of `f` and `η = 1` it is a Newton step.
///
/// # Errors
/// [`Error::NonFinite`]; [`Error::InvalidParameter`] for a step that is not positive and
/// finite; [`Error::NotSymmetric`] if `F` is not symmetric (to 64ε relative);
/// [`Error::Singular`] (with the first non-positive Cholesky pivot) if `F` is not positive definite;
/// [`Error::Overflow`] if the new point overflows.
///
/// ```
/// use geoml::manifold::natural_gradient_step;
/// use nalgebra::{Matrix2, Vector2};
///
/// // f(θ) = ½ θᵀAθ with F = A: one step with η = 1 lands on the minimum.
/// let a = Matrix2::new(4.0_f64, 1.0, 1.0, 3.0);
/// let theta = Vector2::new(1.0, -2.0);
/// let next = natural_gradient_step(&theta, &(a * theta), &a, 1.0)?;
/// assert!(next.norm() < 1e-15);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn natural_gradient_step<T: Real, const D: usize>(
    point: &SVector<T, D>,
    gradient: &SVector<T, D>,
    fisher: &SMatrix<T, D, D>,
    step: T,
) -> Result<SVector<T, D>> {
    numeric::check_positive("step", step)?;
    numeric::check_vector(point)?;
    let direction = solve_fisher(fisher, gradient)?;
    numeric::finite_result(point - direction * step)
}

/// Natural-gradient descent: [`natural_gradient_step`] until the gradient's norm in the
/// Fisher metric, `√(∇fᵀ F⁻¹ ∇f)`, is at most the tolerance. The closure returns the
/// gradient and the Fisher information at a point.
///
/// # Errors
/// As [`natural_gradient_step`] at every iterate.
///
/// ```
/// use geoml::manifold::{natural_gradient_descent, normal_fisher_information, DescentOptions};
/// use nalgebra::Vector2;
///
/// // Fit N(μ, σ²) to data with mean 2 and variance 0.25 by minimising the mean negative
/// // log-likelihood in θ = (μ, σ).
/// let (mean, var) = (2.0_f64, 0.25);
/// let gradient = |t: &Vector2<f64>| {
///     let (mu, s) = (t.x, t.y);
///     let second = var + (mean - mu) * (mean - mu);
///     Vector2::new(-(mean - mu) / (s * s), 1.0 / s - second / (s * s * s))
/// };
/// let outcome = natural_gradient_descent(
///     |t| Ok((gradient(t), normal_fisher_information(t.y)?)),
///     &Vector2::new(0.0, 1.0),
///     &DescentOptions::new(0.5, 200),
/// )?;
/// assert!(outcome.converged);
/// assert!((outcome.point - Vector2::new(2.0, 0.5)).norm() < 1e-7);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn natural_gradient_descent<T, const D: usize, G>(
    mut gradient_and_fisher: G,
    start: &SVector<T, D>,
    options: &DescentOptions<T>,
) -> Result<DescentOutcome<T, D>>
where
    T: Real,
    G: FnMut(&SVector<T, D>) -> Result<(SVector<T, D>, SMatrix<T, D, D>)>,
{
    options.validate()?;
    numeric::check_vector(start)?;
    let mut point = *start;
    let mut iterations = 0;
    loop {
        let (gradient, fisher) = gradient_and_fisher(&point)?;
        let direction = solve_fisher(&fisher, &gradient)?;
        let gradient_norm = numeric::finite_scalar(gradient.dot(&direction).max(T::zero()).sqrt())?;
        let converged = gradient_norm <= options.gradient_tolerance;
        if converged || iterations == options.max_iterations {
            return Ok(DescentOutcome {
                point,
                iterations,
                gradient_norm,
                converged,
            });
        }
        point = numeric::finite_result(point - direction * options.step)?;
        iterations += 1;
    }
}

/// The Fisher information of the normal distribution `N(μ, σ²)` per observation, in the
/// parameters `(μ, σ)`: `F = diag(1/σ², 2/σ²)`, i.e. `E[s sᵀ]` for the score
/// `s = ∇ log p(x | μ, σ)`. It does not depend on μ.
///
/// # Errors
/// [`Error::InvalidParameter`] named `"standard deviation σ"` unless `σ > 0` and finite;
/// [`Error::Overflow`] if `1/σ²` overflows.
///
/// ```
/// use geoml::manifold::normal_fisher_information;
/// let f = normal_fisher_information(0.5_f32)?;
/// assert_eq!((f[(0, 0)], f[(1, 1)], f[(0, 1)]), (4.0, 8.0, 0.0));
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn normal_fisher_information<T: Real>(std_dev: T) -> Result<Matrix2<T>> {
    numeric::check_positive("standard deviation σ", std_dev)?;
    let precision = T::one() / (std_dev * std_dev);
    if !precision.is_finite() {
        let inverse = 1.0 / std_dev.as_f64();
        return Err(Error::Overflow {
            value: inverse * inverse,
        });
    }
    Ok(Matrix2::new(
        precision,
        T::zero(),
        T::zero(),
        precision * T::lit(2.0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifold::gradient_descent;
    use nalgebra::Vector2;

    fn fit<T: Real>() {
        // Mean NLL of N(μ, σ²) for data with sample mean m and variance v.
        let (m, v) = (T::lit(2.0), T::lit(0.25));
        let gradient = move |t: &Vector2<T>| {
            let (mu, s) = (t.x, t.y);
            let second = v + (m - mu) * (m - mu);
            Vector2::new(-(m - mu) / (s * s), T::one() / s - second / (s * s * s))
        };
        let start = Vector2::new(T::zero(), T::one());
        let mut options = DescentOptions::new(T::lit(0.5), 500);
        options.gradient_tolerance = T::default_epsilon().sqrt() * T::lit(10.0);
        let natural = natural_gradient_descent(
            |t| Ok((gradient(t), normal_fisher_information(t.y)?)),
            &start,
            &options,
        )
        .unwrap();
        assert!(natural.converged);
        let target = Vector2::new(T::lit(2.0), T::lit(0.5));
        assert!((natural.point - target).norm() < T::lit(1e-3));
        // Plain gradient descent with the same step is unstable here (curvature 1/σ² = 4 at the
        // optimum in μ, and larger along the way); with a stable step it needs many more
        // iterations.
        options.step = T::lit(0.05);
        let plain = gradient_descent(gradient, &start, &options).unwrap();
        assert!(
            plain.iterations > 4 * natural.iterations,
            "{} vs {}",
            plain.iterations,
            natural.iterations
        );
    }

    #[test]
    fn natural_gradient_fits_a_normal_faster_f32_f64() {
        fit::<f32>();
        fit::<f64>();
    }

    #[test]
    fn bad_fisher_matrices_are_named() {
        let theta = Vector2::new(1.0_f64, 1.0);
        let g = Vector2::new(1.0, 0.0);
        assert!(matches!(
            natural_gradient_step(&theta, &g, &Matrix2::new(1.0, 0.5, 0.0, 1.0), 0.1),
            Err(Error::NotSymmetric { row: 0, col: 1, .. })
        ));
        match natural_gradient_step(&theta, &g, &Matrix2::new(1.0, 0.0, 0.0, -2.0), 0.1) {
            Err(Error::Singular { value }) => assert_eq!(value, -2.0),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            natural_gradient_step(&theta, &g, &Matrix2::zeros(), 0.1),
            Err(Error::Singular { .. })
        ));
        assert!(matches!(
            normal_fisher_information(0.0_f32),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            normal_fisher_information(1e-30_f32),
            Err(Error::Overflow { .. })
        ));
    }
}
