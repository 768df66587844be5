//! `geoml::manifold`: charts and transitions (stereographic, angle, spherical, torus), the
//! sphere's Riemannian geometry, descent methods, Lie derivatives and Forman curvature.

use super::decode::{
    Bytes, FuzzReal, all_finite, distance_f64, first_non_finite, norm_f64, scaled_norm_f64,
};
use geoml::Error;
use geoml::manifold::{
    AngleChart, Atlas, Chart, CircleAtlas, DescentOptions, FormanVariant, Sphere, Spherical,
    SphericalAtlas, Stereographic, StereographicAtlas, Torus, WeightedGraph, check_definition,
    gradient_descent, lie_derivative, lie_derivative_from_gradient, natural_gradient_descent,
    natural_gradient_step, normal_fisher_information, separate,
};
use nalgebra::{SMatrix, SVector, Vector3, Vector4};

/// Target `manifold_charts`: every chart and atlas, their inverses, Jacobians, metrics and
/// transitions, the torus and the executable Definition 1.1.
pub fn charts(data: &[u8]) {
    charts_in::<f32>(data);
    charts_in::<f64>(data);
}

/// Target `manifold_sphere`: distance, exp, log, transport, geodesics, projections on S¹, S²,
/// S³; S³ as quaternions; holonomy.
pub fn sphere(data: &[u8]) {
    sphere_in::<f32>(data);
    sphere_in::<f64>(data);
}

/// Target `manifold_descent`: gradient and natural-gradient descent, the Fisher information of
/// a normal, Lie derivatives and Forman–Ricci curvature with its flow.
pub fn descent(data: &[u8]) {
    descent_in::<f32>(data);
    descent_in::<f64>(data);
}

fn vector<T: FuzzReal, const N: usize>(v: [T; N]) -> SVector<T, N> {
    SVector::from(v)
}

/// `|‖p‖ − 1|` in f64 (exact enough for any finite `p`).
fn sphere_residual<T: FuzzReal, const N: usize>(p: &SVector<T, N>) -> f64 {
    let scale = p.iter().fold(0.0_f64, |m, x| m.max(x.as_f64().abs()));
    if scale == 0.0 {
        return 1.0;
    }
    let n = scale
        * p.iter()
            .map(|x| (x.as_f64() / scale).powi(2))
            .sum::<f64>()
            .sqrt();
    (n - 1.0).abs()
}

/// The error a point check must give for `p`: the first non-finite entry, else `NotOnManifold`.
fn assert_point_error<T: FuzzReal, const N: usize>(e: Error, p: &SVector<T, N>) {
    match (e, first_non_finite(&[p.as_slice()])) {
        (Error::NonFinite { index, value }, Some((i, v))) => {
            assert!(
                index == i && super::decode::same(v, value),
                "{e:?} for {p:?}"
            )
        }
        (
            Error::NotOnManifold {
                residual,
                tolerance,
            },
            None,
        ) => {
            assert!(residual > tolerance, "{e:?} for {p:?}")
        }
        (e, bad) => panic!("{e:?} for {p:?} (first non-finite {bad:?})"),
    }
}

/// An `OutsideChart` error must name the chart and carry a distance that is a number ≥ 0.
fn assert_outside<T: FuzzReal, const N: usize, const M: usize>(
    e: Error,
    chart: &impl Chart<T, N, M>,
) {
    match e {
        Error::OutsideChart {
            chart: name,
            distance,
        } => {
            assert_eq!(name, chart.name());
            assert!(distance >= 0.0, "{e:?}");
        }
        other => panic!("expected OutsideChart, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Charts and atlases.

/// The laws of one chart at the point `p` and the coordinates `c`. `residual` measures how
/// far a point is from the manifold (0 on it); `scale` ≥ 1 is the chart's conditioning (R/r
/// for the torus, 1 for the sphere's charts).
fn chart_laws<T, C, const N: usize, const M: usize>(
    chart: &C,
    p: &SVector<T, N>,
    c: &SVector<T, M>,
    residual: impl Fn(&SVector<T, N>) -> f64,
    scale: f64,
    radius: f64,
) where
    T: FuzzReal,
    C: Chart<T, N, M>,
{
    let eps = T::eps();
    let tolerance = eps.sqrt();
    let laws_apply = scale * eps < 1e-4;
    match chart.to_coords(p) {
        Ok(u) => {
            assert!(
                all_finite(u.as_slice()),
                "{}: χ({p:?}) = {u:?}",
                chart.name()
            );
            // χ(p) lies in V: the inverse takes it back to p (projected onto the manifold).
            let back = chart.to_point(&u);
            let Ok(back) = back else {
                panic!("{}: χ({p:?}) = {u:?} but χ⁻¹ gives {back:?}", chart.name());
            };
            assert!(all_finite(back.as_slice()));
            // The tolerance is relative to the manifold's radius (the torus's r): a point
            // near the centre of a horn-like torus is accepted within η·r and projected by that.
            let size = norm_f64(p).max(radius).max(1.0);
            let error = distance_f64(&back, p);
            if laws_apply {
                let bound = 16.0 * (tolerance + 64.0 * scale * eps) * size;
                assert!(error <= bound, "{}: χ⁻¹(χ({p:?})) = {back:?}", chart.name());
            }
            match (chart.to_coords_jacobian(p), chart.to_point_jacobian(&u)) {
                (Ok(d), Ok(j)) => {
                    assert!(all_finite(d.as_slice()) && all_finite(j.as_slice()));
                    if laws_apply {
                        // D·J − I relative to ‖D‖‖J‖, in f64 from normalised factors: near the
                        // axis of a torus of radii 4e19 the product itself overflows f32.
                        let (nd, nj) = (norm_f64(&d), norm_f64(&j));
                        let relative = if nd > 0.0 && nj > 0.0 {
                            let dn = SMatrix::<f64, M, N>::from_fn(|a, b| d[(a, b)].as_f64() / nd);
                            let jn = SMatrix::<f64, N, M>::from_fn(|a, b| j[(a, b)].as_f64() / nj);
                            let scaled_identity = SMatrix::<f64, M, M>::identity() / (nd * nj);
                            (dn * jn - scaled_identity).norm()
                        } else {
                            f64::INFINITY
                        };
                        assert!(
                            relative <= 1e3 * (tolerance + scale * eps)
                                || relative * nd * nj <= 1e3 * eps,
                            "{}: D·J at p = {p:?}, u = {u:?}, D = {d:?}, J = {j:?}",
                            chart.name()
                        );
                    }
                }
                // (A torus of huge radii may overflow its differential: Overflow.)
                (Err(Error::Overflow { .. }), _) => {}
                (Err(e), _) => assert_outside(e, chart),
                (_, Err(e)) => panic!("{}: χ⁻¹ Jacobian at {u:?}: {e:?}", chart.name()),
            }
            match chart.metric(&u) {
                Ok(g) => {
                    assert!(all_finite(g.as_slice()));
                    for i in 0..M {
                        assert!(g[(i, i)] >= T::zero(), "{}: g = {g:?}", chart.name());
                        for k in 0..M {
                            assert_eq!(g[(i, k)], g[(k, i)]);
                        }
                    }
                }
                Err(e) => assert!(
                    matches!(e, Error::Overflow { .. }),
                    "{}: metric at {u:?}: {e:?}",
                    chart.name()
                ),
            }
        }
        Err(e @ Error::OutsideChart { .. }) => {
            assert_outside(e, chart);
            assert!(chart.to_coords_jacobian(p).is_err());
        }
        Err(e) => {
            assert!(
                matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
                "{e:?}"
            );
            if let Some((i, v)) = first_non_finite(&[p.as_slice()]) {
                assert_eq!(
                    format!("{e:?}"),
                    format!(
                        "{:?}",
                        Error::NonFinite {
                            index: i,
                            value: v.as_f64()
                        }
                    )
                );
            }
        }
    }
    match chart.to_point(c) {
        Ok(q) => {
            assert!(
                all_finite(q.as_slice()),
                "{}: χ⁻¹({c:?}) = {q:?}",
                chart.name()
            );
            let off = residual(&q);
            assert!(
                off <= 64.0 * scale * eps,
                "{}: χ⁻¹({c:?}) off by {off}",
                chart.name()
            );
            let j = chart.to_point_jacobian(c);
            assert!(
                j.is_ok_and(|j| all_finite(j.as_slice())),
                "{}: {j:?}",
                chart.name()
            );
            // (The torus's metric (R + r cos θ)² may overflow: an error, documented.)
            let g = chart.metric(c);
            assert!(
                g.is_ok_and(|g| all_finite(g.as_slice()))
                    || matches!(g, Err(Error::Overflow { .. })),
                "{}: {g:?}",
                chart.name()
            );
            // Round trip in coordinates, where the chart is well conditioned.
            let margin = chart.domain_margin(c).map_or(1.0, |m| m.as_f64().min(1.0));
            let size = norm_f64(c);
            if laws_apply
                && margin > 1e-3
                && size < 1e6
                && let Ok(again) = chart.to_coords(&q)
            {
                let error = distance_f64(&again, c);
                let bound = 1e3 * scale * eps * (1.0 + size) * (1.0 + size) / margin;
                assert!(
                    error <= bound,
                    "{}: χ(χ⁻¹({c:?})) = {again:?}",
                    chart.name()
                );
            }
        }
        Err(e) => {
            // (A coordinate out of range may be reported before a NaN in another one.)
            match first_non_finite(&[c.as_slice()]) {
                Some(_) => assert!(
                    matches!(e, Error::NonFinite { .. } | Error::InvalidParameter { .. }),
                    "{e:?}"
                ),
                None => assert!(
                    matches!(e, Error::InvalidParameter { .. } | Error::Overflow { .. }),
                    "{}: χ⁻¹({c:?}): {e:?}",
                    chart.name()
                ),
            }
            assert!(chart.to_point_jacobian(c).is_err());
        }
    }
}

/// The laws of an atlas: it covers every point it accepts, its transitions agree with the
/// charts, go back to where they came from, and their Jacobians are inverse matrices.
fn atlas_laws<T, A, const N: usize, const M: usize>(
    atlas: &A,
    p: &SVector<T, N>,
    c: &SVector<T, M>,
    b: &mut Bytes<'_>,
    scale: f64,
) where
    T: FuzzReal,
    A: Atlas<T, N, M>,
{
    let eps = T::eps();
    let laws_apply = scale * eps < 1e-4;
    match atlas.chart_for(p) {
        Ok(chart) => {
            let u = chart.to_coords(p);
            assert!(
                u.is_ok(),
                "{} picked for {p:?} but χ(p) = {u:?}",
                chart.name()
            );
        }
        Err(e) => assert!(matches!(
            e,
            Error::NonFinite { .. } | Error::NotOnManifold { .. }
        )),
    }
    let charts = atlas.charts();
    let (Some(from), Some(to)) = (
        charts.get(b.below(charts.len())),
        charts.get(b.below(charts.len())),
    ) else {
        return;
    };
    let through_point = from.to_point(c).and_then(|q| to.to_coords(&q));
    match atlas.transition(from, to, c) {
        Ok(d) => {
            assert!(all_finite(d.as_slice()), "τ({c:?}) = {d:?}");
            let margin = |chart: &A::Chart, x: &SVector<T, M>| {
                chart.domain_margin(x).map_or(1.0, |m| m.as_f64().min(1.0))
            };
            let size = norm_f64(c).max(1.0);
            let conditioning = size * size / (margin(from, c) * margin(to, &d));
            if let (Ok(e), true) = (through_point, laws_apply && size < 1e6) {
                let bound = 1e3 * scale * eps * conditioning * (1.0 + norm_f64(&d));
                assert!(
                    distance_f64(&d, &e) <= bound,
                    "τ({c:?}) = {d:?}, χ∘χ⁻¹ = {e:?} ({} → {}, scale {scale}, conditioning {conditioning})",
                    from.name(),
                    to.name()
                );
            }
            match atlas.transition(to, from, &d) {
                Ok(back) if laws_apply && size < 1e6 => {
                    let bound = 1e3 * scale * eps * conditioning * size;
                    // Within rounding of both a pole and a seam, the round trip may come back
                    // across the seam (φ = −π + 3e-11 → π − 8e-7 at θ = 8e-11): different
                    // coordinates of the same point to rounding, which is what must hold.
                    let same_point = match (from.to_point(&back), from.to_point(c)) {
                        (Ok(x), Ok(y)) => distance_f64(&x, &y) <= 1e3 * scale * eps * size,
                        _ => false,
                    };
                    assert!(
                        distance_f64(&back, c) <= bound || same_point,
                        "τ⁻¹(τ({c:?})) = {back:?} via {d:?} ({} → {}, bound {bound})",
                        from.name(),
                        to.name()
                    );
                }
                Ok(_) => {}
                Err(e) => assert_outside(e, from),
            }
            match (
                atlas.transition_jacobian(from, to, c),
                atlas.transition_jacobian(to, from, &d),
            ) {
                (Ok(j), Ok(k)) => {
                    assert!(all_finite(j.as_slice()) && all_finite(k.as_slice()));
                    let product = k * j;
                    let bound = 1e3 * scale * eps * norm_f64(&k) * norm_f64(&j) * conditioning;
                    let off = distance_f64(&product, &SMatrix::<T, M, M>::identity());
                    assert!(
                        !laws_apply || off <= bound.max(1e3 * eps),
                        "J⁻¹·J = {product:?}"
                    );
                }
                (Err(e), _) => {
                    // The chain rule passes through a chart's inverse differential, which
                    // overflows within a subnormal distance of the chart's edge (dφ = 1/sin θ)
                    // or for extreme coordinates: an error there, never elsewhere.
                    let extreme = |x: &SVector<T, M>| {
                        let n = norm_f64(x);
                        !(1e-6..=1e6).contains(&n)
                    };
                    let near_edge = margin(from, c).min(margin(to, &d)) < 1e-6;
                    assert!(
                        near_edge || extreme(c) || extreme(&d),
                        "transition Jacobian at {c:?} (transition {d:?}): {e:?}"
                    );
                    assert!(
                        matches!(e, Error::OutsideChart { .. } | Error::Overflow { .. }),
                        "{e:?}"
                    );
                }
                (Ok(_), Err(e)) => assert_outside(e, from),
            }
        }
        Err(e) => {
            // (A coordinate out of range may be reported before a NaN in another one.)
            match first_non_finite(&[c.as_slice()]) {
                Some(_) => assert!(
                    matches!(e, Error::NonFinite { .. } | Error::InvalidParameter { .. }),
                    "{e:?}"
                ),
                None => assert!(
                    matches!(
                        e,
                        Error::InvalidParameter { .. } | Error::OutsideChart { .. }
                    ),
                    "transition at {c:?}: {e:?}"
                ),
            }
            assert!(atlas.transition_jacobian(from, to, c).is_err());
        }
    }
}

/// Definition 1.1 on one to three sample points: a report with finite measurements, or the
/// error of a bad sample point; `separate` gives finite balls.
fn definition_laws<T, A, const N: usize, const M: usize>(atlas: &A, points: &[SVector<T, N>])
where
    T: FuzzReal,
    A: Atlas<T, N, M>,
{
    match check_definition(atlas, points) {
        Ok(r) => {
            let measured = [
                r.max_chart_round_trip,
                r.max_transition_round_trip,
                r.max_jacobian_error,
                r.max_inverse_jacobian_error,
            ];
            assert!(all_finite(&measured), "{r:?} for {points:?}");
            assert!(r.points == points.len());
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::NonFinite { .. }
                    | Error::NotOnManifold { .. }
                    | Error::OutsideChart { .. }
                    | Error::Overflow { .. }
            ),
            "check_definition: {e:?}"
        ),
    }
    if let [x, y, ..] = points {
        match separate(atlas, x, y) {
            Ok((a, b)) => {
                for w in [a, b] {
                    assert!(all_finite(w.centre.as_slice()) && w.radius.is_finite());
                    assert!(w.radius >= T::zero());
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. }
                        | Error::NotOnManifold { .. }
                        | Error::OutsideChart { .. }
                        | Error::InvalidParameter { .. }
                ),
                "separate: {e:?}"
            ),
        }
    }
}

/// Coordinates: ordinary values, or values near a chart's edges (0, ±π, 2π), or anything.
fn coordinates<T: FuzzReal, const M: usize>(b: &mut Bytes<'_>) -> SVector<T, M> {
    let edges = [
        0.0,
        core::f64::consts::PI,
        -core::f64::consts::PI,
        core::f64::consts::TAU,
    ];
    vector(core::array::from_fn(|_| match b.below(4) {
        0 => b.any(),
        1 => {
            let edge = edges[b.below(edges.len())];
            T::of_f64(edge + b.perturbation())
        }
        _ => T::of_f64(b.ordinary() / 16.0),
    }))
}

/// A point near the sphere, or at or near one of its poles (where stereographic and
/// spherical charts are excluded), or anything.
fn sphere_point<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) -> SVector<T, N> {
    if b.below(4) == 0 {
        let mut pole = [0.0; N];
        let axis = b.below(N);
        pole[axis] = if b.flag() { 1.0 } else { -1.0 };
        // Nudge one other coordinate by a tiny amount, down to subnormals.
        let other = b.below(N);
        if other != axis {
            pole[other] = f64::from(b.u8() as i8) * 2f64.powi(-i32::from(b.u16() % 1100));
        }
        vector(pole.map(T::of_f64))
    } else {
        vector(b.unit())
    }
}

fn charts_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(6) {
        0 => {
            let p = sphere_point::<T, 2>(&mut b);
            let c = coordinates::<T, 1>(&mut b);
            let atlas = StereographicAtlas::<2>::new();
            for chart in atlas.charts() {
                chart_laws(chart, &p, &c, sphere_residual, 1.0, 1.0);
            }
            atlas_laws(&atlas, &p, &c, &mut b, 1.0);
            let q = sphere_point::<T, 2>(&mut b);
            definition_laws(&atlas, &[p, q]);
        }
        1 => {
            let p = sphere_point::<T, 3>(&mut b);
            let c = coordinates::<T, 2>(&mut b);
            let atlas = StereographicAtlas::<3>::new();
            for chart in atlas.charts() {
                chart_laws(chart, &p, &c, sphere_residual, 1.0, 1.0);
            }
            atlas_laws(&atlas, &p, &c, &mut b, 1.0);
            let q = sphere_point::<T, 3>(&mut b);
            definition_laws(&atlas, &[p, q]);
            if let Ok(strict) = StereographicAtlas::<3>::with_tolerance(b.any_f64()) {
                atlas_laws(&strict, &p, &c, &mut b, 1.0);
            }
        }
        2 => {
            let p = sphere_point::<T, 4>(&mut b);
            let c = coordinates::<T, 3>(&mut b);
            let atlas = StereographicAtlas::<4>::new();
            let charts = [Stereographic::<4>::north(), Stereographic::<4>::south()];
            for chart in &charts {
                chart_laws(chart, &p, &c, sphere_residual, 1.0, 1.0);
            }
            atlas_laws(&atlas, &p, &c, &mut b, 1.0);
        }
        3 => {
            let p = sphere_point::<T, 2>(&mut b);
            let c = coordinates::<T, 1>(&mut b);
            let atlas = CircleAtlas::new();
            for chart in [AngleChart::principal(), AngleChart::shifted()] {
                chart_laws(&chart, &p, &c, sphere_residual, 1.0, 1.0);
            }
            atlas_laws(&atlas, &p, &c, &mut b, 1.0);
            let q = sphere_point::<T, 2>(&mut b);
            let r = sphere_point::<T, 2>(&mut b);
            definition_laws(&atlas, &[p, q, r]);
        }
        4 => {
            let p = sphere_point::<T, 3>(&mut b);
            let c = coordinates::<T, 2>(&mut b);
            let atlas = SphericalAtlas::new();
            for chart in [Spherical::standard(), Spherical::turned()] {
                chart_laws(&chart, &p, &c, sphere_residual, 1.0, 1.0);
                match chart.christoffel(&c) {
                    Ok(gamma) => assert!(gamma.iter().all(|g| all_finite(g.as_slice()))),
                    Err(e) => assert!(matches!(
                        e,
                        Error::NonFinite { .. }
                            | Error::InvalidParameter { .. }
                            | Error::Overflow { .. }
                    )),
                }
                let k = chart.gaussian_curvature(&c);
                assert!(k.is_err() || k == Ok(T::one()), "{k:?}");
                assert_eq!(k.is_ok(), chart.to_point(&c).is_ok());
            }
            atlas_laws(&atlas, &p, &c, &mut b, 1.0);
            let q = sphere_point::<T, 3>(&mut b);
            definition_laws(&atlas, &[p, q]);
        }
        _ => torus_laws::<T>(&mut b),
    }
}

fn torus_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let (major, minor): (T, T) = if b.below(4) == 0 {
        (b.any(), b.any())
    } else {
        let r = (b.ordinary().abs() + 1.0) / 32.0;
        let big = r * (1.0 + (b.ordinary().abs() + 1.0) / 16.0);
        (T::of_f64(big), T::of_f64(r))
    };
    let torus = match Torus::new(major, minor) {
        Ok(t) => t,
        Err(e) => {
            let valid_minor = minor.is_finite() && minor > T::zero();
            let name = if valid_minor {
                "major radius R"
            } else {
                "minor radius r"
            };
            assert!(
                matches!(e, Error::InvalidParameter { name: n, .. } if n == name),
                "{e:?}"
            );
            return;
        }
    };
    let (big, small) = (major.as_f64(), minor.as_f64());
    // Accuracy is about ε·R/r, and nothing at all once r·ε is below the smallest normal
    // number (rounding at the scale of r is then absolute, subnormal): no laws there.
    let scale = if small * T::eps() < T::tiny() {
        f64::INFINITY
    } else {
        (big / small).max(1.0)
    };
    let angles = coordinates::<T, 2>(b);
    // A point near the torus: embedded angles, perturbed relative to r.
    let size = b.perturbation();
    let p = match torus.embed(&angles) {
        Ok(p) => {
            assert!(all_finite(p.as_slice()));
            let off = torus_residual(&torus, &p);
            assert!(
                scale * T::eps() > 1e-4 || off <= 64.0 * scale * T::eps(),
                "off by {off}"
            );
            if let Ok(back) = torus.angles(&p) {
                assert!(all_finite(back.as_slice()));
            }
            let nudge =
                Vector3::new(T::one(), T::lit(0.5), T::lit(-0.25)) * T::of_f64(size * small);
            p + nudge
        }
        Err(e) => {
            assert!(
                matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                "{e:?}"
            );
            vector(b.array())
        }
    };
    let p = if b.below(8) == 0 {
        vector(b.array())
    } else {
        p
    };
    let residual = |q: &Vector3<T>| torus_residual(&torus, q);
    for chart in torus.atlas().charts() {
        chart_laws(chart, &p, &angles, residual, scale, small);
    }
    atlas_laws(&torus.atlas(), &p, &angles, b, scale);
    match torus.project(&p) {
        Ok(q) => {
            assert!(all_finite(q.as_slice()));
            // Its accuracy is about ε·R/r, which the tolerance √ε (relative to r) admits.
            if scale * T::eps().sqrt() < 1.0 / 64.0 {
                assert!(
                    torus.check_point(&q).is_ok(),
                    "project({p:?}) = {q:?} is off the torus"
                );
            }
        }
        Err(e) => assert!(matches!(
            e,
            Error::NonFinite { .. } | Error::InvalidParameter { .. } | Error::Overflow { .. }
        )),
    }
    let theta = angles.x;
    for result in [
        torus.metric(theta).map(|g| all_finite(g.as_slice())),
        torus
            .christoffel(theta)
            .map(|g| g.iter().all(|m| all_finite(m.as_slice()))),
        torus.gaussian_curvature(theta).map(|k| k.is_finite()),
    ] {
        match result {
            Ok(finite) => assert!(finite),
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                "{e:?}"
            ),
        }
    }
    let q = Vector3::new(T::zero(), major + minor, T::zero());
    definition_laws(&torus.atlas(), &[p, q]);
}

/// `|dist(p, core circle) − r| / r` in f64.
fn torus_residual<T: FuzzReal>(torus: &Torus<T>, p: &Vector3<T>) -> f64 {
    let (big, small) = (torus.major_radius().as_f64(), torus.minor_radius().as_f64());
    let (x, y, z) = (p.x.as_f64(), p.y.as_f64(), p.z.as_f64());
    ((x.hypot(y) - big).hypot(z) - small).abs() / small
}

// ---------------------------------------------------------------------------------------
// The sphere.

fn sphere_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(4) {
        0 => sphere_laws::<T, 2>(&mut b),
        1 => sphere_laws::<T, 3>(&mut b),
        2 => {
            sphere_laws::<T, 4>(&mut b);
            quaternion_laws::<T>(&mut b);
        }
        _ => holonomy_laws::<T>(&mut b),
    }
}

fn sphere_laws<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let s = if b.below(4) == 0 {
        match Sphere::<N>::with_tolerance(b.any_f64()) {
            Ok(s) => s,
            Err(e) => {
                assert!(matches!(
                    e,
                    Error::InvalidParameter {
                        name: "tolerance",
                        ..
                    }
                ));
                Sphere::<N>::new()
            }
        }
    } else {
        Sphere::<N>::new()
    };
    let tolerance = s.tolerance::<T>().as_f64();
    let (p, q, r) = (
        sphere_point::<T, N>(b),
        sphere_point::<T, N>(b),
        sphere_point::<T, N>(b),
    );
    let raw: SVector<T, N> = vector(b.mostly_ordinary());
    let stretch = T::of_f64(if b.below(4) == 0 { b.any_f64() } else { 1.0 });

    // Point checks agree with the residual, away from the boundary of the tolerance.
    for x in [&p, &q, &r] {
        match s.check_point(x) {
            Ok(()) => assert!(sphere_residual(x) <= tolerance * (1.0 + 1e-3) + 4.0 * eps),
            Err(e) => {
                assert_point_error(e, x);
                assert!(
                    !all_finite(x.as_slice())
                        || sphere_residual(x) >= tolerance * (1.0 - 1e-3) - 4.0 * eps
                );
            }
        }
    }
    let exact = |x: &SVector<T, N>| sphere_residual(x) <= 4.0 * eps;

    // Normalising: a unit vector, or the zero vector's error.
    match Sphere::<N>::normalize(&raw) {
        Ok(u) => {
            assert!(all_finite(u.as_slice()) && sphere_residual(&u) <= 4.0 * N as f64 * eps);
            assert!(tolerance < 64.0 * eps || s.check_point(&u).is_ok());
        }
        Err(Error::InvalidParameter { name: "norm", .. }) => {
            assert!(raw.iter().all(|x| *x == T::zero()))
        }
        Err(e) => assert!(matches!(e, Error::NonFinite { .. }), "{e:?}"),
    }

    // Distance: a metric with values in [0, π].
    let d = |x: &SVector<T, N>, y: &SVector<T, N>| s.distance(x, y);
    match d(&p, &q) {
        Ok(dpq) => {
            assert!(dpq >= T::zero() && dpq <= T::pi(), "d = {dpq:?}");
            assert_eq!(d(&q, &p), Ok(dpq), "distance not symmetric");
            assert_eq!(d(&p, &p), Ok(T::zero()));
            if let (Ok(dpr), Ok(dqr)) = (d(&p, &r), d(&q, &r)) {
                let slack = 8.0 * tolerance + 16.0 * eps;
                let (dpq, dpr, dqr) = (dpq.as_f64(), dpr.as_f64(), dqr.as_f64());
                assert!(dpr <= dpq + dqr + slack, "triangle: {dpr} > {dpq} + {dqr}");
            }
        }
        Err(e) => {
            let bad = if s.check_point(&p).is_err() { p } else { q };
            assert_point_error(e, &bad);
        }
    }

    // log and exp: exp ∘ log = id on the sphere, log ∘ exp = id below π.
    match s.log(&p, &q) {
        Ok(v) => {
            assert!(all_finite(v.as_slice()));
            let length = norm_f64(&v);
            assert!(
                length <= core::f64::consts::PI * (1.0 + 8.0 * eps),
                "|log| = {length}"
            );
            let back = s.exp(&p, &v);
            match back {
                Ok(back) if exact(&p) && exact(&q) => {
                    let error = distance_f64(&back, &q);
                    assert!(error <= 256.0 * eps, "exp(log(q)) = {back:?} for {q:?}");
                }
                Ok(back) => assert!(sphere_residual(&back) <= 8.0 * N as f64 * eps),
                // log's output is tangent to rounding, which a tolerance well above ε must
                // accept (a caller's tolerance below ε may reject it).
                Err(e) if tolerance >= 64.0 * eps => {
                    panic!("exp(p, log(p, q)) failed: {e:?} for {p:?}, {q:?}")
                }
                Err(e) => assert!(matches!(e, Error::NotOnManifold { .. }), "{e:?}"),
            }
        }
        Err(Error::CutLocus { distance }) => {
            assert!(
                (0.0..1e-2).contains(&distance),
                "cut locus {distance} for {p:?}, {q:?}, tolerance {tolerance}"
            );
        }
        Err(e) => {
            let bad = if s.check_point(&p).is_err() { p } else { q };
            assert_point_error(e, &bad);
        }
    }
    if let Ok(u) = s.project_tangent(&p, &raw) {
        assert!(all_finite(u.as_slice()));
        let u = u * stretch;
        match s.exp(&p, &u) {
            Ok(target) => {
                assert!(
                    all_finite(target.as_slice()),
                    "exp({p:?}, {u:?}) = {target:?}"
                );
                assert!(
                    sphere_residual(&target) <= 8.0 * N as f64 * eps,
                    "exp = {target:?}"
                );
                let length = norm_f64(&u);
                if exact(&p) && tolerance >= 64.0 * eps && length < core::f64::consts::PI - 0.05 {
                    // exp sees only the tangent part of u (its normal part is rounding,
                    // accepted by the tolerance).
                    let tangent = u - p * (p.dot(&u) / p.norm_squared());
                    let back = s.log(&p, &target);
                    // (u's normal part moves exp's result by about as much.)
                    let normal = u.dot(&p).as_f64().abs();
                    let close = back.is_ok_and(|v| {
                        distance_f64(&v, &tangent)
                            <= 256.0 * eps * (1.0 + length) + 4.0 * normal * (1.0 + length)
                    });
                    assert!(
                        close,
                        "log(exp({u:?})) = {back:?} at p = {p:?} (target {target:?}, tangent part {tangent:?})"
                    );
                }
                let step = s.gradient_step(&p, &raw, stretch.abs());
                assert!(
                    step.is_err()
                        || step.is_ok_and(|x| sphere_residual(&x) <= 8.0 * N as f64 * eps)
                );
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NotOnManifold { .. } | Error::Overflow { .. } | Error::NonFinite { .. }
                ),
                "exp: {e:?}"
            ),
        }
        // Transport: a reflection, so it keeps lengths, lands tangent at q and undoes itself.
        match s.transport(&p, &q, &u) {
            Ok(y) => {
                assert!(all_finite(y.as_slice()));
                // Half lengths: a tangent vector of length near the largest float may have
                // an image whose computed length rounds past it.
                let (ny, nu) = (scaled_norm_f64(&y, 0.5), scaled_norm_f64(&u, 0.5));
                assert!(
                    // (Subnormal components are rounded absolutely, amplified by the
                    // reflection's 1/‖p + q‖.)
                    (ny - nu).abs()
                        <= 32.0 * eps * nu
                            + 64.0 * N as f64 * T::tiny() * eps / norm_f64(&(p + q)).min(1.0),
                    "|transport| = {ny}, |v| = {nu} for p = {p:?}, q = {q:?}, v = {u:?}"
                );
                if exact(&p) && exact(&q) {
                    let normal = y.dot(&q).as_f64().abs();
                    let conditioning = 1.0 / norm_f64(&(p + q)).min(1.0);
                    assert!(
                        // A reflection keeps v's own normal part ⟨v, p⟩ (accepted within the
                        // tolerance) as ⟨Y, q⟩, up to rounding.
                        normal <= u.dot(&p).as_f64().abs() + 64.0 * eps * (1.0 + nu) * conditioning,
                        "⟨Y, q⟩ = {normal} for p = {p:?}, q = {q:?}, v = {u:?}, Y = {y:?}"
                    );
                    if let Ok(back) = s.transport(&q, &p, &y) {
                        let error = distance_f64(&back, &u);
                        assert!(
                            error <= 64.0 * eps * (1.0 + nu) * conditioning,
                            "back {back:?}"
                        );
                    }
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::CutLocus { .. }
                        | Error::NotOnManifold { .. }
                        | Error::NonFinite { .. }
                        | Error::Overflow { .. }
                ),
                "transport: {e:?}"
            ),
        }
        match s.transport_along(&[p, r, q], &u) {
            Ok(w) => {
                assert!(all_finite(w.as_slice()));
                let (nw, nu) = (norm_f64(&w), norm_f64(&u));
                assert!(
                    nw <= nu * (1.0 + 64.0 * eps) + 64.0 * eps,
                    "|w| = {nw} > |v| = {nu}"
                );
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::CutLocus { .. }
                        | Error::NotOnManifold { .. }
                        | Error::NonFinite { .. }
                        | Error::Overflow { .. }
                ),
                "transport_along: {e:?}"
            ),
        }
        match s.check_tangent(&p, &u) {
            Ok(()) => {}
            Err(e) => assert!(matches!(
                e,
                Error::NotOnManifold { .. } | Error::NonFinite { .. }
            )),
        }
    }
    let empty: [SVector<T, N>; 0] = [];
    assert!(matches!(
        s.transport_along(&empty, &raw),
        Err(Error::InvalidParameter {
            name: "path length",
            ..
        })
    ));

    // Geodesics: through p at 0 and q at 1, and on the sphere for any t.
    let t: T = if b.flag() {
        b.any()
    } else {
        T::of_f64(b.ordinary() / 64.0)
    };
    match s.geodesic(&p, &q, t) {
        Ok(x) => {
            assert!(all_finite(x.as_slice()) && sphere_residual(&x) <= 8.0 * N as f64 * eps);
            if exact(&p) && exact(&q) {
                if let Ok(start) = s.geodesic(&p, &q, T::zero()) {
                    assert!(distance_f64(&start, &p) <= 16.0 * eps, "γ(0) = {start:?}");
                }
                if let Ok(end) = s.geodesic(&p, &q, T::one()) {
                    assert!(distance_f64(&end, &q) <= 256.0 * eps, "γ(1) = {end:?}");
                }
            }
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::CutLocus { .. }
                    | Error::NotOnManifold { .. }
                    | Error::NonFinite { .. }
                    | Error::Overflow { .. }
            ),
            "geodesic: {e:?}"
        ),
    }
}

fn quaternion_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let s3 = Sphere::<4>::new();
    let (p, q) = (sphere_point::<T, 4>(b), sphere_point::<T, 4>(b));
    match s3.to_quaternion(&p) {
        Ok(unit) => {
            let back = Sphere::<4>::from_quaternion(&unit);
            assert!(all_finite(back.as_slice()) && sphere_residual(&back) <= 8.0 * T::eps());
        }
        Err(e) => assert_point_error(e, &p),
    }
    match s3.multiply(&p, &q) {
        Ok(pq) => {
            assert!(all_finite(pq.as_slice()));
            let expected = (1.0 + sphere_residual(&p)) * (1.0 + sphere_residual(&q));
            let n: Vector4<T> = pq;
            let size = norm_f64(&n);
            assert!(
                (size - expected).abs() <= 4.0 * (T::eps().sqrt() + 16.0 * T::eps()),
                "|pq| = {size}"
            );
        }
        Err(e) => assert!(matches!(
            e,
            Error::NonFinite { .. } | Error::NotOnManifold { .. }
        )),
    }
}

fn holonomy_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let s2 = Sphere::<3>::new();
    let theta: T = if b.flag() {
        b.any()
    } else {
        T::of_f64(b.ordinary().abs() / 40.0)
    };
    let mut circle = [Vector3::<T>::zeros(); 7];
    let n = b.below(8);
    let out = &mut circle[..n];
    match Sphere::<3>::circle_of_latitude(theta, out) {
        Ok(()) => {
            for x in out.iter() {
                assert!(sphere_residual(x) <= 8.0 * T::eps(), "{x:?}");
            }
            match s2.holonomy_angle(out) {
                Ok(angle) => {
                    assert!(angle.is_finite() && angle.abs() <= T::pi(), "{angle:?}");
                }
                Err(e) => assert!(matches!(e, Error::CutLocus { .. }), "holonomy: {e:?}"),
            }
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::InvalidParameter { .. }),
            "circle_of_latitude: {e:?}"
        ),
    }
    let points: [Vector3<T>; 4] = core::array::from_fn(|_| sphere_point::<T, 3>(b));
    let count = b.below(5);
    match s2.holonomy_angle(&points[..count]) {
        Ok(angle) => assert!(angle.is_finite() && angle.abs() <= T::pi(), "{angle:?}"),
        Err(e) => assert!(
            matches!(
                e,
                Error::CutLocus { .. }
                    | Error::NotOnManifold { .. }
                    | Error::NonFinite { .. }
                    | Error::InvalidParameter { .. }
                    | Error::Overflow { .. }
            ),
            "holonomy: {e:?}"
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Descent, Lie derivatives, Forman curvature.

fn descent_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(4) {
        0 => euclidean_descent::<T>(&mut b),
        1 => natural_descent::<T>(&mut b),
        2 => lie_derivative_laws::<T>(&mut b),
        _ => forman_laws::<T>(&mut b),
    }
}

fn options<T: FuzzReal>(b: &mut Bytes<'_>) -> DescentOptions<T> {
    let mut options = DescentOptions::new(b.parameter(), b.below(12));
    if b.below(4) == 0 {
        options.gradient_tolerance = b.any();
    }
    options
}

fn valid_options<T: FuzzReal>(o: &DescentOptions<T>) -> bool {
    o.step.is_finite()
        && o.step > T::zero()
        && o.gradient_tolerance.is_finite()
        && o.gradient_tolerance >= T::zero()
}

fn outcome_laws<T: FuzzReal, const D: usize>(
    outcome: &geoml::manifold::DescentOutcome<T, D>,
    o: &DescentOptions<T>,
) {
    assert!(all_finite(outcome.point.as_slice()), "{outcome:?}");
    assert!(outcome.gradient_norm.is_finite() && outcome.gradient_norm >= T::zero());
    assert!(outcome.iterations <= o.max_iterations);
    assert_eq!(
        outcome.converged,
        outcome.gradient_norm <= o.gradient_tolerance
    );
    assert!(outcome.converged || outcome.iterations == o.max_iterations);
}

fn euclidean_descent<T: FuzzReal>(b: &mut Bytes<'_>) {
    let o = options::<T>(b);
    let a: SMatrix<T, 3, 3> = SMatrix::from_fn(|_, _| T::of_f64(b.ordinary() / 64.0));
    let shift: SVector<T, 3> = vector(b.mostly_ordinary());
    let start: SVector<T, 3> = vector(b.mostly_ordinary());
    let gradient = |x: &SVector<T, 3>| a * x + shift;
    match gradient_descent(gradient, &start, &o) {
        Ok(outcome) => outcome_laws(&outcome, &o),
        Err(Error::InvalidParameter { name, .. }) => {
            assert!(!valid_options(&o) && (name == "step" || name == "gradient tolerance"))
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
            "{e:?}"
        ),
    }
    // On the sphere: the iterates stay on it.
    let s2 = Sphere::<3>::new();
    let p: SVector<T, 3> = sphere_point(b);
    match s2.gradient_descent(gradient, &p, &o) {
        Ok(outcome) => {
            outcome_laws(&outcome, &o);
            assert!(
                sphere_residual(&outcome.point) <= s2.tolerance::<T>().as_f64() + 64.0 * T::eps()
            );
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::InvalidParameter { .. }
                    | Error::NonFinite { .. }
                    | Error::Overflow { .. }
                    | Error::NotOnManifold { .. }
            ),
            "{e:?}"
        ),
    }
}

fn natural_descent<T: FuzzReal>(b: &mut Bytes<'_>) {
    // A Fisher matrix: B Bᵀ + δI (positive definite), or with one entry spoiled, or anything.
    let base: SMatrix<T, 2, 2> = SMatrix::from_fn(|_, _| T::of_f64(b.ordinary() / 32.0));
    let mut fisher =
        base * base.transpose() + SMatrix::identity() * T::of_f64(b.perturbation().abs());
    match b.below(4) {
        0 => fisher[(b.below(2), b.below(2))] = b.any(),
        1 => fisher = SMatrix::from_fn(|_, _| b.any()),
        _ => {}
    }
    let point: SVector<T, 2> = vector(b.mostly_ordinary());
    let gradient: SVector<T, 2> = vector(b.mostly_ordinary());
    let step: T = b.parameter();
    match natural_gradient_step(&point, &gradient, &fisher, step) {
        Ok(next) => {
            assert!(all_finite(next.as_slice()), "{next:?}");
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::InvalidParameter { .. }
                    | Error::NonFinite { .. }
                    | Error::NotSymmetric { .. }
                    | Error::Singular { .. }
                    | Error::Overflow { .. }
            ),
            "natural_gradient_step: {e:?}"
        ),
    }
    let o = options::<T>(b);
    let model = |x: &SVector<T, 2>| -> geoml::Result<_> { Ok((fisher * x - gradient, fisher)) };
    match natural_gradient_descent(model, &point, &o) {
        Ok(outcome) => outcome_laws(&outcome, &o),
        Err(e) => assert!(
            matches!(
                e,
                Error::InvalidParameter { .. }
                    | Error::NonFinite { .. }
                    | Error::NotSymmetric { .. }
                    | Error::Singular { .. }
                    | Error::Overflow { .. }
            ),
            "natural_gradient_descent: {e:?}"
        ),
    }
    let sigma: T = b.any();
    match normal_fisher_information(sigma) {
        Ok(f) => {
            // (1/σ² may underflow to 0 for a huge σ: still finite.)
            assert!(all_finite(f.as_slice()) && f[(0, 0)] >= T::zero() && f[(1, 1)] >= T::zero());
        }
        Err(Error::InvalidParameter { .. }) => assert!(!(sigma.is_finite() && sigma > T::zero())),
        Err(e) => assert!(matches!(e, Error::Overflow { .. }), "{e:?}"),
    }
}

fn lie_derivative_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    // f(x) = ½ xᵀAx + bᵀx, X(x) = Bx + c.
    let a: SMatrix<T, 2, 2> = SMatrix::from_fn(|_, _| T::of_f64(b.ordinary() / 64.0));
    let a = (a + a.transpose()) * T::lit(0.5);
    let lin: SVector<T, 2> = vector(b.mostly_ordinary());
    let field_matrix: SMatrix<T, 2, 2> = SMatrix::from_fn(|_, _| T::of_f64(b.ordinary() / 64.0));
    let field_shift: SVector<T, 2> = vector(b.mostly_ordinary());
    let p: SVector<T, 2> = vector(b.mostly_ordinary());
    let f = |x: &SVector<T, 2>| (x.transpose() * a * x)[(0, 0)] * T::lit(0.5) + lin.dot(x);
    let field = |x: &SVector<T, 2>| field_matrix * x + field_shift;
    let numeric = lie_derivative(f, field, &p);
    let grad = a * p + lin;
    let exact = lie_derivative_from_gradient(&grad, &field(&p));
    match exact {
        Ok(value) => {
            assert!(value.is_finite());
            assert_eq!(value, grad.dot(&field(&p)));
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
            "{e:?}"
        ),
    }
    match numeric {
        Ok(value) => {
            assert!(value.is_finite(), "{value:?}");
            // A quadratic is differentiated exactly by the stencil, up to rounding.
            if let Ok(exact) = exact {
                let eps = T::eps();
                let reach = eps.powf(0.2) * norm_f64(&p).max(1.0);
                let size = norm_f64(&p) + 2.0 * reach;
                let f_size = norm_f64(&a) * size * size + norm_f64(&lin) * size;
                let speed = norm_f64(&field(&p));
                // Each value of f is rounded by ε|f| (ε·tiny once subnormal), and the slope
                // along the unit direction, multiplied by ‖X‖ last, by ε·tiny if it is
                // subnormal.
                let bound = 64.0 * eps * ((f_size + T::tiny()) / reach + T::tiny()) * speed
                    + 64.0 * eps * exact.as_f64().abs()
                    + 64.0 * T::tiny();
                let error = (value.as_f64() - exact.as_f64()).abs();
                if f_size.is_finite() && bound.is_finite() {
                    assert!(
                        error <= bound,
                        "L_X f = {value:?}, exact {exact:?} (bound {bound:e}) for A = {a:?}, b = {lin:?}, B = {field_matrix:?}, c = {field_shift:?}, p = {p:?}"
                    );
                }
            }
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
            "{e:?}"
        ),
    }
}

fn forman_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let unweighted = b.flag();
    let mut graph = if unweighted {
        WeightedGraph::<T, 5, 6>::new()
    } else {
        let weights: [T; 5] = core::array::from_fn(|_| b.parameter());
        match WeightedGraph::<T, 5, 6>::with_vertex_weights(weights) {
            Ok(g) => g,
            Err(e) => {
                assert!(matches!(
                    e,
                    Error::NonFinite { .. }
                        | Error::InvalidParameter {
                            name: "vertex weight",
                            ..
                        }
                ));
                return;
            }
        }
    };
    for _ in 0..b.below(9) {
        let (x, y) = (b.index(), b.index());
        let weight: T = if unweighted { T::one() } else { b.parameter() };
        let before = graph.edges().len();
        match graph.add_edge(x, y, weight) {
            Ok(k) => assert_eq!(k, before),
            Err(e) => {
                assert_eq!(graph.edges().len(), before);
                assert!(
                    matches!(
                        e,
                        Error::InvalidParameter { .. }
                            | Error::NonFinite { .. }
                            | Error::CapacityExceeded {
                                needed: 7,
                                capacity: 6
                            }
                    ),
                    "{e:?}"
                );
            }
        }
    }
    let variant = if b.flag() {
        FormanVariant::Plain
    } else {
        FormanVariant::Augmented
    };
    match graph.forman_curvatures(variant) {
        Ok(curvatures) => {
            assert!(all_finite(&curvatures));
            if unweighted {
                // Unweighted: F(e) = 4 − deg a − deg b (+ 3 per triangle, augmented).
                for (edge, &f) in graph.edges().iter().zip(curvatures.iter()) {
                    let plain = 4.0 - graph.degree(edge.a) as f64 - graph.degree(edge.b) as f64;
                    if variant == FormanVariant::Plain {
                        assert_eq!(f.as_f64(), plain, "{edge:?}");
                    } else {
                        let triangles = (f.as_f64() - plain) / 3.0;
                        assert!(
                            triangles >= 0.0 && triangles.fract() == 0.0,
                            "{edge:?}: {f:?}"
                        );
                    }
                }
            }
        }
        Err(e) => assert!(matches!(e, Error::Overflow { .. }), "{e:?}"),
    }
    assert!(graph.forman_curvature(6, variant).is_err());
    for _ in 0..b.below(4) {
        let before = graph.clone();
        let total = graph.total_weight();
        let step: T = b.parameter();
        match graph.curvature_flow_step(step, variant) {
            Ok(()) => {
                let weights: Vec<T> = graph.edges().iter().map(|e| e.weight).collect();
                assert!(
                    weights.iter().all(|w| w.is_finite() && *w > T::zero()),
                    "flow gave {weights:?} from {before:?} with step {step:?} {variant:?}"
                );
                let new_total = graph.total_weight().as_f64();
                let slack = 64.0 * T::eps() * total.as_f64();
                assert!(
                    (new_total - total.as_f64()).abs() <= slack,
                    "total {total:?} → {new_total}"
                );
            }
            Err(e) => {
                assert_eq!(graph, before, "the graph changed on error");
                assert!(
                    matches!(e, Error::InvalidParameter { .. } | Error::Overflow { .. }),
                    "{e:?}"
                );
            }
        }
    }
}
