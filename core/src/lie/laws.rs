//! Property tests of the group laws, for every group of the module, in f32 and f64:
//! closure, associativity, identity, inverse, exp∘log = id (and log∘exp = id on the principal
//! domain), the adjoint identity Ad(g)ξ = log(g·exp(ξ)·g⁻¹), the matrix exponential of the
//! hat matrix, and the Jacobians against central finite differences.

use super::{LieGroup, Se2, Se3, So2, So3, Su2, expm};
use crate::{Real, Result};
use alloc_free::*;
use nalgebra::{Complex, SMatrix, SVector};
use proptest::prelude::*;

/// Small helpers that need no allocation in the core but are convenient in tests.
mod alloc_free {
    extern crate std;
    pub use std::vec::Vec;
    pub use std::{format, vec};
}

/// What the law tests need beyond [`LieGroup`]: the entries of the element's matrix form (the
/// quaternion itself for SU(2), whose sign matters), and its exponential computed by [`expm`]
/// from the hat matrix.
trait Subject<T: Real, const D: usize>: LieGroup<T, D> + core::fmt::Debug {
    fn flat(&self) -> Vec<f64>;
    fn expm_of_hat(xi: &SVector<T, D>) -> Vec<f64>;
}

fn flat_matrix<T: Real, const R: usize, const C: usize>(m: &SMatrix<T, R, C>) -> Vec<f64> {
    m.iter().map(|x| x.as_f64()).collect()
}

impl<T: Real> Subject<T, 1> for So2<T> {
    fn flat(&self) -> Vec<f64> {
        flat_matrix(&self.matrix())
    }
    fn expm_of_hat(xi: &SVector<T, 1>) -> Vec<f64> {
        flat_matrix(&expm(&So2::hat(xi.x)).unwrap())
    }
}

impl<T: Real> Subject<T, 3> for So3<T> {
    fn flat(&self) -> Vec<f64> {
        flat_matrix(&self.matrix())
    }
    fn expm_of_hat(xi: &SVector<T, 3>) -> Vec<f64> {
        flat_matrix(&expm(&So3::hat(xi)).unwrap())
    }
}

impl<T: Real> Subject<T, 3> for Su2<T> {
    fn flat(&self) -> Vec<f64> {
        let q = self.quaternion();
        vec![q.w.as_f64(), q.i.as_f64(), q.j.as_f64(), q.k.as_f64()]
    }
    fn expm_of_hat(xi: &SVector<T, 3>) -> Vec<f64> {
        // nalgebra's (std-only) complex matrix exponential, an independent route.
        let h = Su2::hat(xi).map(|z| Complex::new(z.re.as_f64(), z.im.as_f64()));
        let e = h.exp();
        // Read the quaternion back from [[a + di, −b − ci], [b − ci, a − di]].
        vec![e[(0, 0)].re, e[(1, 0)].re, -e[(1, 0)].im, e[(0, 0)].im]
    }
}

impl<T: Real> Subject<T, 3> for Se2<T> {
    fn flat(&self) -> Vec<f64> {
        flat_matrix(&self.matrix())
    }
    fn expm_of_hat(xi: &SVector<T, 3>) -> Vec<f64> {
        flat_matrix(&expm(&Se2::hat(xi)).unwrap())
    }
}

impl<T: Real> Subject<T, 6> for Se3<T> {
    fn flat(&self) -> Vec<f64> {
        flat_matrix(&self.matrix())
    }
    fn expm_of_hat(xi: &SVector<T, 6>) -> Vec<f64> {
        flat_matrix(&expm(&Se3::hat(xi)).unwrap())
    }
}

fn ok<X>(r: Result<X>) -> core::result::Result<X, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(format!("unexpected error {e}")))
}

/// max |a − b| ≤ tol·max(1, max |b|).
fn near(a: &[f64], b: &[f64], tol: f64) -> bool {
    let scale = b.iter().fold(1.0_f64, |m, x| m.max(x.abs()));
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol * scale)
}

/// Tolerances per precision: (algebra, finite differences, finite-difference step).
fn tolerances<T: Real>() -> (f64, f64, f64) {
    if T::is_single_precision() {
        (5e-5, 2e-2, 2e-2)
    } else {
        (2e-13, 1e-7, 1e-5)
    }
}

fn to_t<T: Real, const D: usize>(v: &[f64; D]) -> SVector<T, D> {
    SVector::from_fn(|i, _| T::lit(v[i]))
}

fn axioms<T: Real, G: Subject<T, D>, const D: usize>(
    a: &[f64; D],
    b: &[f64; D],
    c: &[f64; D],
) -> core::result::Result<(), TestCaseError> {
    let (tol, _, _) = tolerances::<T>();
    let (xa, xb, xc) = (to_t::<T, D>(a), to_t::<T, D>(b), to_t::<T, D>(c));
    let (ga, gb, gc) = (ok(G::exp(&xa))?, ok(G::exp(&xb))?, ok(G::exp(&xc))?);
    // Closure: the product is (to rounding) on the group.
    let ab = ok(ga.compose(&gb))?;
    let eps = T::default_epsilon().as_f64();
    prop_assert!(ab.residual().as_f64() <= 8.0 * eps, "closure: {ab:?}");
    // Associativity.
    let left = ok(ab.compose(&gc))?;
    let right = ok(ga.compose(&ok(gb.compose(&gc))?))?;
    prop_assert!(near(&left.flat(), &right.flat(), tol), "associativity");
    // Identity.
    let e = G::identity();
    prop_assert!(near(&ok(e.compose(&ga))?.flat(), &ga.flat(), tol));
    prop_assert!(near(&ok(ga.compose(&e))?.flat(), &ga.flat(), tol));
    // Inverse, on both sides.
    let inv = ok(ga.inverse())?;
    prop_assert!(near(&ok(ga.compose(&inv))?.flat(), &e.flat(), tol), "a·a⁻¹");
    prop_assert!(near(&ok(inv.compose(&ga))?.flat(), &e.flat(), tol), "a⁻¹·a");
    Ok(())
}

fn exp_log<T: Real, G: Subject<T, D>, const D: usize>(
    x: &[f64; D],
    principal: bool,
) -> core::result::Result<(), TestCaseError> {
    let (tol, _, _) = tolerances::<T>();
    let xi = to_t::<T, D>(x);
    let g = ok(G::exp(&xi))?;
    // exp ∘ log = id on the whole group.
    let back = ok(G::exp(&ok(LieGroup::log(&g))?))?;
    prop_assert!(near(&back.flat(), &g.flat(), tol), "exp(log g) != g");
    // log ∘ exp = id on the principal domain.
    if principal {
        let log = ok(LieGroup::log(&g))?;
        prop_assert!(
            near(&flat_matrix(&log), x, tol),
            "log(exp ξ) = {log} != {x:?}"
        );
    }
    // The closed-form exponential is the matrix exponential of the hat matrix.
    prop_assert!(
        near(&g.flat(), &G::expm_of_hat(&xi), tol),
        "exp vs expm(hat)"
    );
    Ok(())
}

fn adjoint<T: Real, G: Subject<T, D>, const D: usize>(
    g: &[f64; D],
    x: &[f64; D],
) -> core::result::Result<(), TestCaseError> {
    let (tol, _, _) = tolerances::<T>();
    let g = ok(G::exp(&to_t::<T, D>(g)))?;
    let xi = to_t::<T, D>(x);
    let conjugated = ok(ok(g.compose(&ok(G::exp(&xi))?))?.compose(&ok(g.inverse())?))?;
    let lhs = ok(LieGroup::log(&conjugated))?;
    let rhs = ok(g.adjoint())? * xi;
    prop_assert!(
        near(&flat_matrix(&lhs), &flat_matrix(&rhs), tol),
        "{lhs} vs {rhs}"
    );
    Ok(())
}

/// Central differences of ξ ↦ log(exp(ξ)⁻¹·exp(ξ + δ)) (right) and
/// log(exp(ξ + δ)·exp(ξ)⁻¹) (left) against the Jacobians, and the inverses against them.
fn jacobians<T: Real, G: Subject<T, D>, const D: usize>(
    x: &[f64; D],
) -> core::result::Result<(), TestCaseError> {
    let (tol, fd_tol, h) = tolerances::<T>();
    let xi = to_t::<T, D>(x);
    let g_inv = ok(ok(G::exp(&xi))?.inverse())?;
    let mut right = SMatrix::<f64, D, D>::zeros();
    let mut left = SMatrix::<f64, D, D>::zeros();
    for i in 0..D {
        let mut step = SVector::<T, D>::zeros();
        step[i] = T::lit(h);
        let plus = ok(G::exp(&(xi + step)))?;
        let minus = ok(G::exp(&(xi - step)))?;
        let r = ok(LieGroup::log(&ok(g_inv.compose(&plus))?))?
            - ok(LieGroup::log(&ok(g_inv.compose(&minus))?))?;
        let l = ok(LieGroup::log(&ok(plus.compose(&g_inv))?))?
            - ok(LieGroup::log(&ok(minus.compose(&g_inv))?))?;
        for k in 0..D {
            right[(k, i)] = r[k].as_f64() / (2.0 * h);
            left[(k, i)] = l[k].as_f64() / (2.0 * h);
        }
    }
    let jr = ok(G::right_jacobian(&xi))?;
    let jl = ok(G::left_jacobian(&xi))?;
    prop_assert!(
        near(&flat_matrix(&jr), right.as_slice(), fd_tol),
        "J_r {jr} vs {right}"
    );
    prop_assert!(
        near(&flat_matrix(&jl), left.as_slice(), fd_tol),
        "J_l {jl} vs {left}"
    );
    let id = SMatrix::<T, D, D>::identity();
    let jr_inv = ok(G::right_jacobian_inverse(&xi))?;
    let jl_inv = ok(G::left_jacobian_inverse(&xi))?;
    prop_assert!(near(
        &flat_matrix(&(jr * jr_inv)),
        &flat_matrix(&id),
        10.0 * tol
    ));
    prop_assert!(near(
        &flat_matrix(&(jl * jl_inv)),
        &flat_matrix(&id),
        10.0 * tol
    ));
    Ok(())
}

fn interpolation<T: Real, G: Subject<T, D>, const D: usize>(
    a: &[f64; D],
    b: &[f64; D],
) -> core::result::Result<(), TestCaseError> {
    let (tol, _, _) = tolerances::<T>();
    let ga = ok(G::exp(&to_t::<T, D>(a)))?;
    let gb = ok(G::exp(&to_t::<T, D>(b)))?;
    prop_assert!(near(
        &ok(ga.interpolate(&gb, T::zero()))?.flat(),
        &ga.flat(),
        tol
    ));
    prop_assert!(near(
        &ok(ga.interpolate(&gb, T::one()))?.flat(),
        &gb.flat(),
        10.0 * tol
    ));
    // The midpoint of a geodesic is equidistant: half the way twice is the whole way.
    let mid = ok(ga.interpolate(&gb, T::lit(0.5)))?;
    let again = ok(mid.interpolate(&gb, T::one()))?;
    prop_assert!(near(&again.flat(), &gb.flat(), 10.0 * tol));
    Ok(())
}

/// A rotation part of norm below 2.9 < π (principal), a translation part in [−5, 5].
fn rotation3() -> impl Strategy<Value = [f64; 3]> {
    prop::array::uniform3(-1.65..1.65_f64)
}

fn motion2() -> impl Strategy<Value = [f64; 3]> {
    (-5.0..5.0_f64, -5.0..5.0_f64, -3.0..3.0_f64).prop_map(|(x, y, t)| [x, y, t])
}

fn motion3() -> impl Strategy<Value = [f64; 6]> {
    (prop::array::uniform3(-5.0..5.0_f64), rotation3())
        .prop_map(|(r, w)| [r[0], r[1], r[2], w[0], w[1], w[2]])
}

macro_rules! group_laws {
    ($name:ident, $group:ident, $dof:literal, $strategy:expr) => {
        mod $name {
            use super::*;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(48))]

                #[test]
                fn group_axioms(a in $strategy, b in $strategy, c in $strategy) {
                    axioms::<f64, $group<f64>, $dof>(&a, &b, &c)?;
                    axioms::<f32, $group<f32>, $dof>(&a, &b, &c)?;
                }

                #[test]
                fn exp_and_log_are_inverse(x in $strategy) {
                    exp_log::<f64, $group<f64>, $dof>(&x, true)?;
                    exp_log::<f32, $group<f32>, $dof>(&x, true)?;
                }

                #[test]
                fn adjoint_conjugates_the_exponential(g in $strategy, x in $strategy) {
                    adjoint::<f64, $group<f64>, $dof>(&g, &x)?;
                    adjoint::<f32, $group<f32>, $dof>(&g, &x)?;
                }

                #[test]
                fn jacobians_match_finite_differences(x in $strategy) {
                    jacobians::<f64, $group<f64>, $dof>(&x)?;
                    jacobians::<f32, $group<f32>, $dof>(&x)?;
                }

                #[test]
                fn interpolation_runs_along_the_geodesic(a in $strategy, b in $strategy) {
                    interpolation::<f64, $group<f64>, $dof>(&a, &b)?;
                    interpolation::<f32, $group<f32>, $dof>(&a, &b)?;
                }
            }
        }
    };
}

group_laws!(so2, So2, 1, prop::array::uniform1(-3.0..3.0_f64));
group_laws!(so3, So3, 3, rotation3());
group_laws!(su2, Su2, 3, rotation3());
group_laws!(se2, Se2, 3, motion2());
group_laws!(se3, Se3, 6, motion3());

mod beyond_pi {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// exp ∘ log = id also for rotation vectors far beyond π (log then wraps), and SU(2)
        /// keeps angles up to 2π that SO(3) folds.
        #[test]
        fn exp_log_round_trip_for_any_angle(x in prop::array::uniform3(-20.0..20.0_f64)) {
            exp_log::<f64, So3<f64>, 3>(&x, false)?;
            exp_log::<f32, So3<f32>, 3>(&x, false)?;
            exp_log::<f64, Su2<f64>, 3>(&x, false)?;
            let m = SVector::<f64, 3>::from(x);
            if m.norm() < 6.2 {
                exp_log::<f64, Su2<f64>, 3>(&x, true)?;
            }
        }
    }
}
