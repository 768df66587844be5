//! Property tests for the laws every chart, atlas and sphere operation must obey, in f32 and
//! f64: chart ∘ inverse = id, α → β → α = id, exp ∘ log = id, log ∘ exp = id, the metric axioms
//! of the distance, and parallel transport as an isometry undone by the reverse transport.

extern crate std;

use super::*;
use crate::{Error, Real};
use nalgebra::{SVector, Vector2, Vector3};
use proptest::prelude::*;

/// A point of Sⁿ⁻¹ from a raw vector (kept away from 0 so the direction is well defined),
/// normalised in the target precision.
fn on_sphere<T: Real, const N: usize>(raw: [f64; N]) -> Option<SVector<T, N>> {
    let v = SVector::<f64, N>::from(raw);
    (v.norm() > 0.1).then(|| {
        let t = SVector::<T, N>::from_fn(|i, _| T::lit(v[i]));
        Sphere::<N>::normalize(&t).ok()
    })?
}

fn eps<T: Real>() -> f64 {
    crate::fast_math::test_epsilon::<T>()
}

fn raw3() -> impl Strategy<Value = [f64; 3]> {
    proptest::array::uniform3(-1.0..1.0_f64)
}

fn raw4() -> impl Strategy<Value = [f64; 4]> {
    proptest::array::uniform4(-1.0..1.0_f64)
}

/// chart ∘ inverse = id on coordinates, inverse ∘ chart = id on points, for every chart of an
/// atlas and every coordinate it accepts.
fn chart_inverse_laws<A, T, const N: usize, const M: usize>(
    atlas: &A,
    p: &SVector<T, N>,
    factor: f64,
) -> core::result::Result<(), TestCaseError>
where
    A: Atlas<T, N, M>,
    T: Real,
{
    let tolerance = factor * eps::<T>();
    let chart = atlas
        .chart_for(p)
        .map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
    let c = chart
        .to_coords(p)
        .map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
    let back = chart
        .to_point(&c)
        .map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
    prop_assert!(
        (back - p).norm().as_f64() <= tolerance,
        "{} {:?}",
        chart.name(),
        p
    );
    for alpha in atlas.charts() {
        let Ok(c) = alpha.to_coords(p) else { continue };
        let again = alpha.to_coords(
            &alpha
                .to_point(&c)
                .map_err(|e| TestCaseError::fail(std::format!("{e}")))?,
        );
        let again = again.map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
        // Near the edge of a chart's domain (a spherical chart's pole) its coordinates are
        // conditioned by 1/margin.
        let margin = |chart: &A::Chart, x: &SVector<T, M>| {
            chart.domain_margin(x).map_or(1.0, |m| m.as_f64().min(1.0))
        };
        let scale = c.norm().as_f64().max(1.0) / margin(alpha, &c);
        prop_assert!(
            (again - c).norm().as_f64() <= tolerance * scale,
            "{}",
            alpha.name()
        );
        for beta in atlas.charts() {
            match atlas.transition(alpha, beta, &c) {
                Ok(d) => {
                    let back = atlas.transition(beta, alpha, &d);
                    let back = back.map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
                    let scale = scale / margin(beta, &d);
                    prop_assert!(
                        (back - c).norm().as_f64() <= tolerance * scale,
                        "{} → {} → back: {:?} vs {:?}",
                        alpha.name(),
                        beta.name(),
                        back,
                        c
                    );
                }
                Err(Error::OutsideChart { .. }) => {}
                Err(e) => return Err(TestCaseError::fail(std::format!("{e}"))),
            }
        }
    }
    Ok(())
}

fn sphere_laws<T: Real, const N: usize>(
    p: &SVector<T, N>,
    q: &SVector<T, N>,
    r: &SVector<T, N>,
    raw_u: &SVector<T, N>,
    raw_v: &SVector<T, N>,
) -> core::result::Result<(), TestCaseError> {
    let s = Sphere::<N>::new();
    let e = eps::<T>();
    let fail = |e: Error| TestCaseError::fail(std::format!("{e}"));
    // Metric axioms.
    let (dpq, dqp) = (
        s.distance(p, q).map_err(fail)?,
        s.distance(q, p).map_err(fail)?,
    );
    prop_assert_eq!(dpq, dqp);
    prop_assert_eq!(s.distance(p, p).map_err(fail)?, T::zero());
    prop_assert!(dpq >= T::zero() && dpq.as_f64() <= core::f64::consts::PI + 4.0 * e);
    let dpr = s.distance(p, r).map_err(fail)?.as_f64();
    let dqr = s.distance(q, r).map_err(fail)?.as_f64();
    prop_assert!(dpr <= dpq.as_f64() + dqr + 8.0 * e);
    // exp ∘ log = id, and |log| = distance.
    match s.log(p, q) {
        Ok(v) => {
            prop_assert!((v.norm().as_f64() - dpq.as_f64()).abs() <= 8.0 * e);
            let back = s.exp(p, &v).map_err(fail)?;
            prop_assert!(
                (back - q).norm().as_f64() <= 16.0 * e,
                "{:?} vs {:?}",
                back,
                q
            );
        }
        Err(Error::CutLocus { .. }) => prop_assert!(core::f64::consts::PI - dpq.as_f64() < 1e-3),
        Err(other) => return Err(fail(other)),
    }
    // log ∘ exp = id for tangent vectors shorter than π.
    let u = s.project_tangent(p, raw_u).map_err(fail)?;
    let target = s.exp(p, &u).map_err(fail)?;
    if u.norm().as_f64() < core::f64::consts::PI - 0.05 {
        let back = s.log(p, &target).map_err(fail)?;
        prop_assert!(
            (back - u).norm().as_f64() <= 64.0 * e,
            "{:?} vs {:?}",
            back,
            u
        );
    }
    // Transport: tangent at the end, inner products kept, undone by the reverse transport.
    let v = s.project_tangent(p, raw_v).map_err(fail)?;
    match (s.transport(p, q, &u), s.transport(p, q, &v)) {
        (Ok(tu), Ok(tv)) => {
            // The reflection in p + q is conditioned by 1/‖p + q‖ (large near the antipode).
            let conditioning = 1.0 / (p + q).norm().as_f64().min(1.0);
            let scale = 1.0 + u.norm().as_f64() * v.norm().as_f64();
            prop_assert!((tu.dot(&tv) - u.dot(&v)).abs().as_f64() <= 16.0 * e * scale);
            let size = 1.0 + u.norm().as_f64();
            prop_assert!(q.dot(&tu).abs().as_f64() <= 16.0 * e * size * conditioning);
            let back = s.transport(q, p, &tu).map_err(fail)?;
            prop_assert!((back - u).norm().as_f64() <= 16.0 * e * size * conditioning);
        }
        (Err(Error::CutLocus { .. }), _) | (_, Err(Error::CutLocus { .. })) => {}
        (Err(other), _) | (_, Err(other)) => return Err(fail(other)),
    }
    // The geodesic passes through both ends.
    if let Ok(mid) = s.geodesic(p, q, T::lit(0.5)) {
        let half = s.distance(p, &mid).map_err(fail)?.as_f64();
        prop_assert!((2.0 * half - dpq.as_f64()).abs() <= 32.0 * e);
    }
    Ok(())
}

proptest! {
    #[test]
    fn stereographic_s2_charts_and_transitions(raw in raw3()) {
        if let Some(p) = on_sphere::<f64, 3>(raw) {
            chart_inverse_laws(&StereographicAtlas::<3>::new(), &p, 8.0)?;
        }
        if let Some(p) = on_sphere::<f32, 3>(raw) {
            chart_inverse_laws(&StereographicAtlas::<3>::new(), &p, 8.0)?;
        }
    }

    #[test]
    fn spherical_charts_and_transitions(raw in raw3()) {
        if let Some(p) = on_sphere::<f64, 3>(raw) {
            chart_inverse_laws(&SphericalAtlas::new(), &p, 16.0)?;
        }
        if let Some(p) = on_sphere::<f32, 3>(raw) {
            chart_inverse_laws(&SphericalAtlas::new(), &p, 16.0)?;
        }
    }

    #[test]
    fn circle_charts_and_transitions(t in -3.2..3.2_f64) {
        let p = Vector2::new(t.cos(), t.sin());
        chart_inverse_laws(&CircleAtlas::new(), &p, 8.0)?;
        chart_inverse_laws(&StereographicAtlas::<2>::new(), &p, 8.0)?;
        let p32 = Vector2::new(t.cos() as f32, t.sin() as f32);
        chart_inverse_laws(&CircleAtlas::new(), &p32, 8.0)?;
        chart_inverse_laws(&StereographicAtlas::<2>::new(), &p32, 8.0)?;
    }

    #[test]
    fn s3_charts_and_transitions(raw in raw4()) {
        if let Some(p) = on_sphere::<f64, 4>(raw) {
            chart_inverse_laws(&StereographicAtlas::<4>::new(), &p, 8.0)?;
        }
        if let Some(p) = on_sphere::<f32, 4>(raw) {
            chart_inverse_laws(&StereographicAtlas::<4>::new(), &p, 8.0)?;
        }
    }

    #[test]
    fn torus_charts_and_transitions(theta in -3.2..3.2_f64, phi in -3.2..3.2_f64) {
        // Chart accuracy scales with R/r (the inverse takes √(x² + y²) − R).
        let torus = Torus::new(3.0_f64, 1.0).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
        let p = torus.embed(&Vector2::new(theta, phi)).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
        chart_inverse_laws(&torus.atlas(), &p, 32.0)?;
        let torus32 = Torus::new(3.0_f32, 1.0).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
        let p32 = torus32.embed(&Vector2::new(theta as f32, phi as f32)).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
        chart_inverse_laws(&torus32.atlas(), &p32, 32.0)?;
    }

    #[test]
    fn s2_riemannian_laws(a in raw3(), b in raw3(), c in raw3(), u in raw3(), v in raw3()) {
        if let (Some(p), Some(q), Some(r)) = (on_sphere::<f64, 3>(a), on_sphere::<f64, 3>(b), on_sphere::<f64, 3>(c)) {
            let (u, v) = (Vector3::from(u) * 3.0, Vector3::from(v));
            sphere_laws(&p, &q, &r, &u, &v)?;
        }
        if let (Some(p), Some(q), Some(r)) = (on_sphere::<f32, 3>(a), on_sphere::<f32, 3>(b), on_sphere::<f32, 3>(c)) {
            let (u, v) = (Vector3::from(u.map(|x| x as f32)) * 3.0, Vector3::from(v.map(|x| x as f32)));
            sphere_laws(&p, &q, &r, &u, &v)?;
        }
    }

    #[test]
    fn s3_riemannian_laws(a in raw4(), b in raw4(), c in raw4(), u in raw4(), v in raw4()) {
        if let (Some(p), Some(q), Some(r)) = (on_sphere::<f64, 4>(a), on_sphere::<f64, 4>(b), on_sphere::<f64, 4>(c)) {
            sphere_laws(&p, &q, &r, &SVector::from(u), &SVector::from(v))?;
        }
        if let (Some(p), Some(q), Some(r)) = (on_sphere::<f32, 4>(a), on_sphere::<f32, 4>(b), on_sphere::<f32, 4>(c)) {
            sphere_laws(&p, &q, &r, &SVector::from(u.map(|x| x as f32)), &SVector::from(v.map(|x| x as f32)))?;
        }
    }

    #[test]
    fn nearby_and_nearly_antipodal_points(raw in raw3(), direction in raw3(), exponent in -12.0..-1.0_f64) {
        // q at distance 10^exponent from p, and from −p: the laws hold at both ends of [0, π]
        // (the accuracy of the distance there is checked against mpmath in the reference tests).
        if let Some(p) = on_sphere::<f64, 3>(raw) {
            let s = Sphere::<3>::new();
            let t = s.project_tangent(&p, &Vector3::from(direction)).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
            if t.norm() > 0.1 {
                let small = 10f64.powf(exponent);
                let step = t / t.norm() * small;
                let near = s.exp(&p, &step).map_err(|e| TestCaseError::fail(std::format!("{e}")))?;
                let far = -near;
                sphere_laws(&p, &near, &far, &step, &Vector3::from(direction))?;
            }
        }
    }
}
