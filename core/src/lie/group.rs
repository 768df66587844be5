//! The interface every Lie group of this module shares.

use crate::{Error, Real, Result, check_finite};
use nalgebra::{SMatrix, SVector};
use rand_core::Rng;

use super::random::standard_normal_vector;

/// A matrix Lie group with a `DOF`-dimensional Lie algebra, identified with
/// \\(\mathbb{R}^{\mathrm{DOF}}\\) by `hat`/`vee`.
///
/// Conventions (shared by every implementation):
///
/// * `compose(a, b)` is the product \\(ab\\): acting on a point, `b` acts first.
/// * `exp` and `log` are the group exponential and its principal inverse.
/// * The adjoint satisfies \\(\mathrm{Ad}(g)\,\xi = \log(g \exp(\xi) g^{-1})\\) for small ξ.
/// * The right Jacobian satisfies \\(\exp(\xi + \delta) \approx \exp(\xi)\exp(J_r(\xi)\delta)\\),
///   the left one \\(\exp(\xi + \delta) \approx \exp(J_l(\xi)\delta)\exp(\xi)\\); and
///   \\(J_r(\xi) = J_l(-\xi)\\).
/// * Perturbations and samples are applied on the right: `mean · exp(ξ)`.
///
/// Every method returns a [`Result`]: for the rotation groups only `exp` and the Jacobians can
/// fail (non-finite input, singular inverse Jacobian), but the rigid-motion groups can overflow
/// in any operation that moves a translation. Each group also has inherent methods of the same
/// names, infallible where the group allows; this trait lets generic code (the property tests,
/// the samplers below) treat all groups alike.
///
/// ```
/// use geoml::lie::{LieGroup, So3};
/// use nalgebra::Vector3;
///
/// fn round_trip<G: LieGroup<f64, D>, const D: usize>(xi: &nalgebra::SVector<f64, D>) -> f64 {
///     let g = G::exp(xi).unwrap();
///     (LieGroup::log(&g).unwrap() - xi).norm()
/// }
/// assert!(round_trip::<So3<f64>, 3>(&Vector3::new(0.1, -0.2, 0.3)) < 1e-16);
/// ```
pub trait LieGroup<T: Real, const DOF: usize>: Copy + Sized {
    /// The identity element.
    fn identity() -> Self;
    /// The product `self · other`.
    fn compose(&self, other: &Self) -> Result<Self>;
    /// The inverse element.
    fn inverse(&self) -> Result<Self>;
    /// The exponential of the algebra element with coordinates `xi`.
    fn exp(xi: &SVector<T, DOF>) -> Result<Self>;
    /// The principal logarithm, in algebra coordinates.
    fn log(&self) -> Result<SVector<T, DOF>>;
    /// The adjoint matrix \\(\mathrm{Ad}(g)\\).
    fn adjoint(&self) -> Result<SMatrix<T, DOF, DOF>>;
    /// The left Jacobian \\(J_l(\xi)\\) of `exp`.
    fn left_jacobian(xi: &SVector<T, DOF>) -> Result<SMatrix<T, DOF, DOF>>;
    /// The right Jacobian \\(J_r(\xi) = J_l(-\xi)\\).
    fn right_jacobian(xi: &SVector<T, DOF>) -> Result<SMatrix<T, DOF, DOF>>;
    /// The inverse of the left Jacobian.
    fn left_jacobian_inverse(xi: &SVector<T, DOF>) -> Result<SMatrix<T, DOF, DOF>>;
    /// The inverse of the right Jacobian.
    fn right_jacobian_inverse(xi: &SVector<T, DOF>) -> Result<SMatrix<T, DOF, DOF>>;
    /// How far the stored representation is from the group (0 for an exact element), e.g.
    /// \\(|\,\lVert q \rVert - 1|\\) for a unit quaternion. Always below a few ε.
    fn residual(&self) -> T;

    /// The geodesic from `self` (t = 0) to `other` (t = 1):
    /// \\(a \exp(t \log(a^{-1} b))\\). For t outside [0, 1] it extrapolates.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a non-finite `t`; [`Error::Overflow`] (naming `t`) when a finite
    /// but huge `t` takes \\(t \log(a^{-1} b)\\) past the largest float; otherwise whatever
    /// `log`, `exp` or `compose` report.
    fn interpolate(&self, other: &Self, t: T) -> Result<Self> {
        check_finite(&[t])?;
        let delta = self.inverse()?.compose(other)?;
        // A finite t can still overflow the tangent; exp would then report the ∞ it was handed
        // as if the caller had passed it (found by the bad-input table, issue 9).
        let xi = finite_or_overflow(LieGroup::log(&delta)? * t, t)?;
        self.compose(&<Self as LieGroup<T, DOF>>::exp(&xi)?)
    }

    /// The reparameterised sample \\(g = \mu \exp(\sigma \odot \varepsilon)\\): a Gaussian in the
    /// Lie algebra with standard deviations `std_dev`, pushed through `exp` and moved to the
    /// mean `self`. It is a smooth function of (μ, σ) for a fixed ε, which is what the
    /// reparameterisation trick needs (Falorsi et al., 2019).
    ///
    /// # Errors
    /// [`Error::NonFinite`] for non-finite `std_dev` or `eps`, [`Error::InvalidParameter`] for a
    /// negative standard deviation, [`Error::Overflow`] when \\(\sigma \odot \varepsilon\\)
    /// overflows; otherwise whatever `exp` or `compose` report.
    fn reparameterize(&self, std_dev: &SVector<T, DOF>, eps: &SVector<T, DOF>) -> Result<Self> {
        check_finite(std_dev.as_slice())?;
        check_finite(eps.as_slice())?;
        if let Some(s) = std_dev.iter().find(|s| **s < T::zero()) {
            return Err(Error::InvalidParameter {
                name: "std_dev",
                value: s.as_f64(),
            });
        }
        let largest = std_dev.amax().max(eps.amax());
        let xi = finite_or_overflow(std_dev.component_mul(eps), largest)?;
        self.compose(&<Self as LieGroup<T, DOF>>::exp(&xi)?)
    }

    /// A sample of the Gaussian [`reparameterize`](LieGroup::reparameterize) describes, with ε
    /// drawn from the standard normal distribution by `rng`.
    ///
    /// # Errors
    /// As [`reparameterize`](LieGroup::reparameterize).
    fn random_gaussian<R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        std_dev: &SVector<T, DOF>,
    ) -> Result<Self> {
        let eps = standard_normal_vector::<T, DOF, R>(rng);
        self.reparameterize(std_dev, &eps)
    }
}

/// `Ok(m)` when every entry is finite, else [`Error::Overflow`] reporting `input` (the size of
/// the input that overflowed): the rigid-motion groups use it after every operation that
/// moves a translation.
pub(crate) fn finite_or_overflow<T: Real, const R: usize, const C: usize>(
    m: SMatrix<T, R, C>,
    input: T,
) -> Result<SMatrix<T, R, C>> {
    if m.iter().all(|x| x.is_finite()) {
        Ok(m)
    } else {
        Err(Error::Overflow {
            value: input.as_f64(),
        })
    }
}
