//! Replays every crash input the fuzzers found (issue 9), on stable Rust and without
//! libFuzzer, through the same bodies and assertions as the fuzz targets in `fuzz/`.
//!
//! Each file under `fuzz/regressions/<target>/` is an input that once made a target fail; the
//! bug it found is fixed and named in RELIABILITY.md, and the tests below the replay state each
//! one as plain values, so that the fix is visible without decoding bytes.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_bodies;

use std::path::Path;

#[test]
fn every_kept_crash_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions");
    let mut replayed = 0;
    for (name, body) in fuzz_bodies::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable directory entry").path();
            let data = std::fs::read(&path).expect("a readable crash input");
            body(&data);
            replayed += 1;
        }
        // Short and empty inputs decode to zeros: every target must accept them too.
        body(&[]);
        body(&[0xff; 3]);
    }
    println!("replayed {replayed} crash inputs");
}

/// A generator stuck at one word, as a failed hardware RNG might be.
struct Stuck(u64);

impl geoml::symmetry::rand_core::TryRng for Stuck {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(self.0 as u8);
        Ok(())
    }
}

/// symmetry_permutations, `stuck-rng-hang` (the one-byte input `0a`): `Permutation::random`
/// rejected a generator's constant 0 forever in Lemire's method (for every bound that is not a
/// power of two) and never returned. Fixed in core/src/symmetry/random.rs: after 64
/// rejections in a row the last candidate is kept.
#[test]
fn a_stuck_generator_cannot_hang_sampling() {
    use geoml::symmetry::{Permutation, augment, random_permutations};
    for word in [0, 1, 3, u64::MAX] {
        let p = Permutation::<6>::random(&mut Stuck(word));
        assert!(Permutation::from_images(*p.images()).is_ok());
        assert_eq!(random_permutations::<_, 5>(&mut Stuck(word), 3).count(), 3);
        let mut out = [0u8; 4];
        let g = augment(&[1, 2, 3, 4], &mut Stuck(word), &mut out);
        let mut sorted = out;
        sorted.sort();
        assert_eq!(sorted, [1, 2, 3, 4], "{g:?}");
    }
}

/// manifold_sphere, `tolerance-admits-origin`: `Sphere::with_tolerance(1.0)` (any tolerance
/// ≥ 1) accepted the zero vector as a point of the sphere, and `exp` from it returned
/// `Ok([NaN, NaN])`. Fixed in core/src/manifold/sphere.rs: tolerances above
/// `Sphere::MAX_TOLERANCE` (1/2) are `InvalidParameter`, so every accepted point has norm ≥ 1/2.
#[test]
fn a_sphere_tolerance_cannot_admit_the_origin() {
    use geoml::Error;
    use geoml::manifold::{Sphere, Stereographic};
    use nalgebra::Vector2;
    for tolerance in [1.0, 0.75, 1e300] {
        assert_eq!(
            Sphere::<2>::with_tolerance(tolerance),
            Err(Error::InvalidParameter {
                name: "tolerance",
                value: tolerance
            })
        );
        assert!(
            Stereographic::<3>::north()
                .with_tolerance(tolerance)
                .is_err()
        );
    }
    let lax = Sphere::<2>::with_tolerance(Sphere::<2>::MAX_TOLERANCE).unwrap();
    fn check<T: geoml::Real>(lax: Sphere<2>) {
        let short = Vector2::new(T::lit(0.5), T::zero());
        let q = lax.exp(&short, &Vector2::zeros()).unwrap();
        assert!(q.iter().all(|x| x.is_finite()));
        let origin = Vector2::<T>::zeros();
        assert!(matches!(
            lax.exp(&origin, &origin),
            Err(Error::NotOnManifold { .. })
        ));
    }
    check::<f32>(lax);
    check::<f64>(lax);
}

/// manifold_charts, `distinct-points-at-underflowing-distance`: two distinct points of the
/// circle whose difference is subnormal have ‖x − y‖ = 0 in floating point; `check_definition`
/// tested them with `x != y`, called `separate`, and returned its undocumented
/// `InvalidParameter("distance between the points")`. Fixed in
/// core/src/manifold/definition.rs: pairs are separated only when ‖x − y‖ > 0.
#[test]
fn points_at_an_underflowing_distance_are_not_a_definition_error() {
    use geoml::Real;
    use geoml::manifold::{CircleAtlas, check_definition};
    use nalgebra::Vector2;
    fn check<T: Real>(tiny: T) {
        let x = Vector2::new(T::one(), T::zero());
        let y = Vector2::new(T::one(), tiny);
        assert!(x != y && (x - y).norm() == T::zero());
        let report = check_definition(&CircleAtlas::new(), &[x, y]).unwrap();
        assert_eq!((report.points, report.separated_pairs), (2, 0));
    }
    check(f32::from_bits(1));
    check(f64::from_bits(1));
}

/// manifold_charts, `theta-rounds-to-pi`: a point 5.2e-164 from the south pole, such as
/// (5.2e-164, 0, −1), got the spherical coordinates (π, 0) — θ rounded onto the excluded
/// value π — which the chart's own inverse rejects as `InvalidParameter("polar angle θ")`.
/// Fixed in core/src/manifold/spherical.rs: a point whose θ rounds to π is `OutsideChart`,
/// like the pole; the atlas still covers it with the turned chart.
#[test]
fn spherical_coordinates_never_round_onto_the_excluded_pole() {
    use geoml::manifold::{Atlas, Chart, Spherical, SphericalAtlas};
    use geoml::{Error, Real};
    use nalgebra::Vector3;
    fn check<T: Real>(tiny: T) {
        let p = Vector3::new(tiny, T::zero(), -T::one());
        let chart = Spherical::standard();
        assert!(matches!(
            chart.to_coords(&p),
            Err(Error::OutsideChart {
                chart: "spherical (polar axis z)",
                ..
            })
        ));
        let atlas = SphericalAtlas::new();
        let other = atlas.chart_for(&p).unwrap();
        let c = other.to_coords(&p).unwrap();
        assert!((other.to_point(&c).unwrap() - p).norm() < T::lit(1e-6));
    }
    check(5.2e-164_f64);
    check(1e-20_f32);
}

/// manifold_sphere, `log-output-rejected-by-exp`: p = (−0.040017387318751985,
/// 0.9991989916739213) is 8.1e-9 off the unit circle (accepted: the tolerance is 1.5e-8), and
/// `log(p, q)` for q = (−1, 0) had a normal component of 1.56e-8 at p, so `exp(p, log(p, q))`
/// failed with `NotOnManifold`. Fixed in core/src/manifold/sphere.rs (`Chord::new`): the
/// tangent part is projected with ‖p‖², so it is orthogonal to p to rounding.
#[test]
fn exp_accepts_what_log_returns_at_an_inexact_point() {
    use geoml::Real;
    use geoml::manifold::Sphere;
    use nalgebra::Vector2;
    fn check<T: Real>(p: Vector2<T>) {
        let s = Sphere::<2>::new();
        let q = Vector2::new(-T::one(), T::zero());
        let v = s.log(&p, &q).unwrap();
        let back = s.exp(&p, &v).unwrap();
        assert!((back - q).norm() < T::lit(1e-3), "{back:?}");
    }
    check(Vector2::new(-0.040017387318751985_f64, 0.9991989916739213));
    let unit = Vector2::new(-0.04_f32, 0.9992).normalize();
    check(unit * (1.0 + 3e-4)); // f32's tolerance is 3.45e-4
}

/// manifold_charts, `definition-report-infinite`: for the sample points
/// (0, −3.6e-296, 1) and (−1, 0, 0) of S², `check_definition` on the spherical atlas returned
/// `Ok` with `max_inverse_jacobian_error = ∞`: at a point that close to a chart's pole the two
/// transition Jacobians are so large that their product overflows. Fixed in
/// core/src/manifold/definition.rs: a measurement that is not finite is `Error::Overflow`.
#[test]
fn a_definition_report_never_holds_infinity() {
    use geoml::manifold::{SphericalAtlas, check_definition};
    use geoml::{Error, Real};
    use nalgebra::Vector3;
    fn check<T: Real>(tiny: T) {
        let points = [
            Vector3::new(T::zero(), -tiny, T::one()),
            Vector3::new(-T::one(), T::zero(), T::zero()),
        ];
        match check_definition(&SphericalAtlas::new(), &points) {
            Ok(r) => {
                let measured = [
                    r.max_chart_round_trip,
                    r.max_transition_round_trip,
                    r.max_jacobian_error,
                    r.max_inverse_jacobian_error,
                ];
                assert!(measured.iter().all(|x| x.is_finite()), "{r:?}");
            }
            // In f32 the chart's differential itself overflows first, which the chart reports
            // as the point being outside it.
            Err(e) => assert!(
                matches!(e, Error::Overflow { .. } | Error::OutsideChart { .. }),
                "{e:?}"
            ),
        }
    }
    check(3.6315153923197253e-296_f64);
    check(1e-40_f32);
}

/// manifold_descent, `fisher-doubled-overflows`: `normal_fisher_information(σ)` checked that
/// 1/σ² is finite but returned 2/σ², which overflows first: every σ in [7.5e-155, 1.05e-154]
/// (f64) or [5.5e-20, 7.6e-20] (f32) gave `Ok` with ∞. Fixed in
/// core/src/manifold/natural_gradient.rs: the larger entry is checked.
#[test]
fn fisher_information_never_holds_infinity() {
    use geoml::manifold::normal_fisher_information;
    use geoml::{Error, Real};
    fn check<T: Real>(sigma: T) {
        match normal_fisher_information(sigma) {
            Ok(f) => panic!("{f:?}"),
            Err(e) => assert!(matches!(e, Error::Overflow { .. }), "{e:?}"),
        }
    }
    check(8.0e-155_f64);
    check(1.0e-154_f64);
    check(6.5e-20_f32);
    let f = normal_fisher_information(1.1e-154_f64).unwrap();
    assert!(f.iter().all(|x| x.is_finite()));
}

/// manifold_descent, `flow-weights-overflow`: when η·F(e) is so large that every new weight
/// `w_e (1 − η F(e))` overflows, `curvature_flow_step` renormalised ∞ by ∞ and returned `Ok`
/// with NaN weights (its pinch check ignored NaN). Here: a star whose centre has a huge vertex
/// weight, F(e) ≈ −big on every edge, and η = 1e10. Fixed in core/src/manifold/forman.rs: a
/// new total that is not finite (or that underflows to 0) is `Error::Overflow`, and the graph
/// is left as it was.
#[test]
fn a_curvature_flow_step_never_stores_nan() {
    use geoml::manifold::{FormanVariant, WeightedGraph};
    use geoml::{Error, Real};
    fn check<T: Real>(big: T) {
        let mut graph =
            WeightedGraph::<T, 4, 3>::with_vertex_weights([big, T::one(), T::one(), T::one()])
                .unwrap();
        for leaf in 1..4 {
            graph.add_edge(0, leaf, T::one()).unwrap();
        }
        let before = graph.clone();
        for variant in [FormanVariant::Plain, FormanVariant::Augmented] {
            let result = graph.curvature_flow_step(T::lit(1e10), variant);
            assert!(matches!(result, Err(Error::Overflow { .. })), "{result:?}");
            assert_eq!(graph, before);
        }
    }
    check(1e300_f64);
    check(1e30_f32);
}

/// attention_attend, `norm-underflow-nan`: keys of size 1e-171 have squares that underflow, so
/// the Frobenius norm that bounds every score came out 0; with queries of size 3e303 and the
/// scale −1.8e308 the scores then overflowed and attention returned `Ok` with NaN outputs and
/// weights (and the direct and online forms disagreed on the count of fully masked rows).
/// Fixed in core/src/attention/checks.rs: sums of squares small enough to have lost terms are
/// recomputed scaled, so the bound sees the true norm and reports `Overflow`.
#[test]
fn attention_bounds_see_tiny_keys() {
    use geoml::attention::{AttentionOptions, scaled_dot_product_attention};
    use geoml::{Error, Real};
    fn check<T: Real>(huge: T, tiny: T) {
        let q = [[huge, -huge]];
        let k = [[tiny, tiny], [-tiny, tiny]];
        let v = [[T::one()], [T::zero()]];
        let options = AttentionOptions::new().scale(-T::max_value().unwrap());
        let (mut out, mut w) = ([[T::zero()]], [[T::zero(); 2]]);
        let result = scaled_dot_product_attention(&q, &k, &v, &options, &mut out, Some(&mut w));
        assert!(
            matches!(result, Err(Error::Overflow { .. })),
            "{result:?}, {out:?}, {w:?}"
        );
        let result = scaled_dot_product_attention(&q, &k, &v, &options, &mut out, None);
        assert!(
            matches!(result, Err(Error::Overflow { .. })),
            "{result:?}, {out:?}"
        );
    }
    check(3e303_f64, 1e-171_f64);
    check(3e37_f32, 1e-30_f32);
}

/// attention_layers, `whitening-subnormal-variance`: six f32 samples of size 1e-21 have a
/// covariance with subnormal eigenvalues (1.1e-43, 6.7e-44), which carry only a few bits: the
/// "whitened" output had variance 1.011 instead of 1. Fixed in core/src/attention/whitening.rs:
/// a variance (plus ε) below the smallest normal number is numerically zero, `Singular`.
#[test]
fn whitening_rejects_variances_without_precision() {
    use geoml::Error;
    use geoml::attention::Whitening;
    let x = [
        [0.0_f32, 7.4777127e-22],
        [8.437242e-22, -3.3087225e-24],
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
    ];
    assert!(matches!(
        Whitening::pca(&x, 0.0),
        Err(Error::Singular { .. })
    ));
    assert!(matches!(
        Whitening::zca(&x, 0.0),
        Err(Error::Singular { .. })
    ));
    // A regulariser in the normal range makes the same data usable.
    assert!(Whitening::zca(&x, 1e-30).is_ok());
    // The same data scaled into the normal range is whitened.
    let scaled = x.map(|r| r.map(|v| v * 1e20));
    let white = Whitening::zca(&scaled, 0.0).unwrap();
    let mut y = [[0.0; 2]; 6];
    white.apply(&scaled, &mut y).unwrap();
    let variance: f32 = y.iter().map(|r| r[0] * r[0]).sum::<f32>() / 6.0;
    assert!((variance - 1.0).abs() < 1e-4, "{variance}");
}

/// attention_layers, `standardize-subnormal-variance`: five f32 samples of size 1e-21..4e-20
/// have feature variances below the smallest normal f32, with only a few bits of precision; the
/// standardised output had variance 1.0004 instead of 1 (the same defect as the whitening
/// above). Fixed in core/src/attention/standardize.rs: such a variance (plus ε) is `Singular`.
#[test]
fn standardizing_rejects_variances_without_precision() {
    use geoml::Error;
    use geoml::attention::{Standardizer, standardize};
    let x = [
        [1.6675961e-21_f32, 4.2351647e-21],
        [-4.6322114e-22, -3.3087225e-24],
        [4.1501306e-20, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
    ];
    let mut out = [[0.0; 2]; 5];
    assert!(matches!(
        standardize(&x, 0.0, &mut out),
        Err(Error::Singular { .. })
    ));
    let x64 = [[1e-160_f64, 0.0], [-2e-160, 1.0], [3e-161, 2.0]];
    assert!(matches!(
        Standardizer::fit(&x64, 0.0),
        Err(Error::Singular { .. })
    ));
    assert!(Standardizer::fit(&x64, 1e-300).is_ok());
    let scaled = x.map(|r| r.map(|v| v * 1e20));
    standardize(&scaled, 0.0, &mut out).unwrap();
    let variance: f32 = out.iter().map(|r| r[0] * r[0]).sum::<f32>() / 5.0;
    assert!((variance - 1.0).abs() < 1e-5, "{variance}");
}

/// manifold_charts, `torus-project-subnormal`: projecting (1.877987e-317, 1.42683e-317, 0), a
/// point a subnormal distance from the z axis, onto the torus computed `x / ρ` from subnormal
/// numbers with a few bits each, and landed 1.5e-7 (relative to r) off the torus, ten times
/// the tolerance. Fixed in
/// core/src/manifold/torus.rs: both directions are taken from components scaled by their
/// largest magnitude first.
#[test]
fn projecting_onto_the_torus_from_near_its_axis_lands_on_it() {
    use geoml::Real;
    use geoml::manifold::Torus;
    use nalgebra::Vector3;
    fn check<T: Real>(x: T, y: T) {
        let torus = Torus::new(T::lit(3.0), T::one()).unwrap();
        let q = torus.project(&Vector3::new(x, y, T::zero())).unwrap();
        torus.check_point(&q).unwrap();
        // The inner equator in the direction of (x, y): ρ = R − r = 2.
        let expected =
            Vector3::new(x.as_f64(), y.as_f64(), 0.0) / x.as_f64().hypot(y.as_f64()) * 2.0;
        let error = (0..3)
            .map(|i| (q[i].as_f64() - expected[i]).abs())
            .fold(0.0, f64::max);
        assert!(error < 1e-6, "{q:?} vs {expected:?}");
    }
    check(1.877987e-317_f64, 1.42683e-317);
    check(1.878e-40_f32, 1.427e-40);
}

/// lie_expm, `svd3-nan`: for this nearly rank-one f32 matrix nalgebra's 3×3 SVD (symmetric
/// eigenvectors of MᵀM, then a QR) returns NaN factors, and `nearest_orthogonal` returned `Ok`
/// with a NaN matrix. Fixed in core/src/lie/polar.rs: non-finite factors are rejected and the
/// SVD of Mᵀ (from MMᵀ) is used instead, which succeeds here.
#[test]
fn the_nearest_orthogonal_matrix_is_never_nan() {
    use geoml::lie::{nearest_orthogonal, nearest_rotation};
    use nalgebra::Matrix3;
    let m = Matrix3::new(
        -106958860.0_f32,
        -13.0,
        -0.0004884461,
        -13.0,
        -13.0,
        0.0,
        -13.0,
        -13.0,
        0.0,
    );
    for q in [
        nearest_orthogonal(&m).unwrap(),
        nearest_rotation(&m).unwrap(),
    ] {
        assert!(q.iter().all(|x| x.is_finite()), "{q:?}");
        assert!((q.transpose() * q - Matrix3::identity()).norm() < 1e-5);
    }
    assert!(nearest_rotation(&m).unwrap().determinant() > 0.0);
}

/// attention_layers, `standardize-constant-feature`: the f32 feature (−745.2, −745.2, −745.2,
/// −745.2, −745.2) is constant, but its computed mean −745.2001 is off by rounding, so its
/// "variance" was 3.7e-9 and it was standardised to all ones instead of being reported.
/// Fixed in core/src/attention/standardize.rs: a variance within the rounding noise
/// (N·ε·|mean|)² counts as 0, so a constant feature with ε = 0 is `Singular`.
#[test]
fn a_constant_feature_is_singular_whatever_the_rounding() {
    use geoml::Error;
    use geoml::attention::{Standardizer, standardize};
    let x = [
        [7.003_906_3_f32, -745.2],
        [-745.2, -745.2],
        [-745.2, -745.2],
        [-745.2, -745.2],
        [-745.2, -745.2],
    ];
    assert!(matches!(
        Standardizer::fit(&x, 0.0),
        Err(Error::Singular { .. })
    ));
    let mut out = [[0.0; 2]; 5];
    assert!(matches!(
        standardize(&x, 0.0, &mut out),
        Err(Error::Singular { .. })
    ));
    // With a regulariser the constant feature is centred to zeros.
    standardize(&x, 1e-3, &mut out).unwrap();
    assert!(out.iter().all(|r| r[1].abs() < 1e-2), "{out:?}");
    let x64 = [[0.1_f64, 1.0], [0.1, 2.0], [0.1, 3.0]];
    assert!(matches!(
        Standardizer::fit(&x64, 0.0),
        Err(Error::Singular { .. })
    ));
    // attention_layers, `standardize-corrected-mean`: with a small regulariser a constant
    // feature (709.8 five times) came out as 0.0028 everywhere, its rounded mean divided by
    // √ε; the mean now gets one correction pass, exact for a constant.
    let x = [
        [118.02734_f32, 709.8],
        [118.02734, 709.8],
        [709.8, 709.8],
        [709.8, 709.8],
        [709.8, 709.8],
    ];
    standardize(&x, 0.000_488_281_25, &mut out).unwrap();
    assert!(out.iter().all(|r| r[1] == 0.0), "{out:?}");
    // The noise bound itself must not overflow: a variance past the f32 range stays an
    // Overflow (an early version of the fix squared the bound and called it noise).
    let wide = [
        [2.976_493_2e29_f32, 1.0],
        [4.0e-41, 2.0],
        [2.976_493_2e29, 3.0],
    ];
    assert!(matches!(
        Standardizer::fit(&wide, 2.9e29),
        Err(Error::Overflow { .. })
    ));
}

/// Found by the bad-input table (tests/bad_input.rs): the bar [−MAX, MAX) is at distance
/// (MAX − (−MAX))/2 = ∞ from the diagonal in floating point, and `bottleneck_distance` and
/// `wasserstein_distance` returned `Ok(Finite(∞))`. Fixed in
/// core/src/persistence/diagram_distance.rs (used by bottleneck.rs and wasserstein.rs): a
/// distance that overflows is `Error::Overflow`. `Bar::new` now rejects that bar (its
/// lifetime overflows); essential classes born at ±MAX still have a distance past the range.
#[test]
fn diagram_distances_never_hold_infinity() {
    use geoml::persistence::{
        Bar, BottleneckWorkspace, WassersteinOptions, WassersteinWorkspace, bottleneck_distance,
        wasserstein_distance,
    };
    use geoml::{Error, Real};
    fn check<T: Real>() {
        let max = T::max_value().unwrap();
        assert!(matches!(
            Bar::new(-max, Some(max)),
            Err(Error::Overflow { .. })
        ));
        let (low, high) = (
            [Bar::essential(-max).unwrap()],
            [Bar::essential(max).unwrap()],
        );
        let mut bottleneck = BottleneckWorkspace::<T, 4, 16>::new();
        let d = bottleneck_distance(&low, &high, &mut bottleneck);
        assert!(matches!(d, Err(Error::Overflow { .. })), "{d:?}");
        let mut wasserstein = WassersteinWorkspace::<T, 4>::new();
        let w = wasserstein_distance(
            &low,
            &high,
            &WassersteinOptions::default(),
            &mut wasserstein,
        );
        assert!(matches!(w, Err(Error::Overflow { .. })), "{w:?}");
    }
    check::<f32>();
    check::<f64>();
}

/// lie_expm, `svd3-not-orthogonal`: for this badly scaled f32 matrix (entries from 3e-18 to
/// 3e31) nalgebra's symmetric eigensolver, behind its 3×3 SVD, returns eigenvectors 2.6e-3 from
/// orthogonal, and so did `nearest_orthogonal`. Fixed in core/src/lie/polar.rs: both SVD
/// factors are polished by Newton–Schulz steps.
#[test]
fn the_nearest_orthogonal_matrix_is_orthogonal() {
    use geoml::lie::{nearest_orthogonal, nearest_rotation};
    use nalgebra::{Matrix3, Vector3};
    let m = Matrix3::from_columns(&[
        Vector3::new(3.471_988e-18_f32, 3.253_120_7e31, 4.117_903_6e24),
        Vector3::new(2.908_977_8e24, 2.908_977_8e24, 3.777_893_2e23),
        Vector3::new(2.908_977_8e24, 2.908_977_8e24, 2.908_977_8e24),
    ]);
    for q in [
        nearest_orthogonal(&m).unwrap(),
        nearest_rotation(&m).unwrap(),
    ] {
        let off = (q.transpose() * q - Matrix3::identity()).norm();
        assert!(off < 1e-6, "QᵀQ is {off} from I");
    }
}

/// manifold_sphere, `log-along-p`: p = −0.49995·(1, 1, 1, 1) and q = −0.50016·(1, 1, 1, 1) are
/// the same point of S³, both accepted within f32's tolerance (3.5e-4) off the sphere. `log`
/// took its length from the chord formula, which counts their radial difference (4.2e-4),
/// and its direction from the rounding left in q's tangent part: a vector of length 4.2e-4
/// pointing anywhere, which `exp` at p then rejected as not tangent. Fixed in
/// core/src/manifold/sphere.rs (`Chord::new`): the angle is atan2(‖q⊥‖·‖p‖, ⟨p, q⟩).
#[test]
fn log_between_two_lengths_of_one_direction_is_zero() {
    use geoml::manifold::Sphere;
    use nalgebra::Vector4;
    let s3 = Sphere::<4>::new();
    let p = Vector4::repeat(-0.49994922_f32);
    let q = Vector4::repeat(-0.50016016_f32);
    let v = s3.log(&p, &q).unwrap();
    assert!(v.norm() < 1e-6, "{v:?}");
    let back = s3.exp(&p, &v).unwrap();
    assert!((back - q.normalize()).norm() < 1e-6);
    let p64 = Vector4::repeat(-0.5_f64) * (1.0 + 1e-8);
    let q64 = Vector4::repeat(-0.5_f64) * (1.0 - 1e-8);
    assert!(Sphere::<4>::new().log(&p64, &q64).unwrap().norm() < 1e-15);
}

/// persistence_distances, `wasserstein-order-underflow`: for bars of length about 1e-9 and a
/// large order q, every cost x^q underflowed to 0, and `wasserstein_distance` returned 0 for
/// two different diagrams (less than their bottleneck distance, which W_q never is). Fixed in
/// core/src/persistence/wasserstein.rs: distances are raised to q in units of the largest
/// ground distance of the problem.
#[test]
fn wasserstein_distances_of_tiny_bars_at_large_orders() {
    use geoml::Real;
    use geoml::persistence::{
        Bar, BottleneckWorkspace, DiagramDistance, WassersteinOptions, WassersteinWorkspace,
        bottleneck_distance, wasserstein_distance,
    };
    fn check<T: Real>(tiny: T, order: T) {
        let x = [Bar::new(T::zero(), Some(tiny)).unwrap()];
        let y = [Bar::new(T::zero(), Some(tiny * T::lit(3.0))).unwrap()];
        let mut ws = WassersteinWorkspace::<T, 4>::new();
        let options = WassersteinOptions {
            order,
            internal_p: None,
        };
        let Ok(DiagramDistance::Finite(w)) = wasserstein_distance(&x, &y, &options, &mut ws) else {
            panic!("no finite distance")
        };
        let mut bw = BottleneckWorkspace::<T, 4, 16>::new();
        let Ok(DiagramDistance::Finite(b)) = bottleneck_distance(&x, &y, &mut bw) else {
            panic!("no finite bottleneck distance")
        };
        // Both bars to the diagonal is optimal: d_B = 1.5·tiny, and
        // W_q = 1.5·tiny·(1 + 3^−q)^{1/q}, within 1 % of it for q ≥ 4.
        assert!(
            b > T::zero() && w >= b * T::lit(0.999),
            "W = {w:?}, d_B = {b:?}"
        );
        assert!(
            (w / (tiny * T::lit(1.5)) - T::one()).abs() < T::lit(1e-2),
            "{w:?}"
        );
    }
    check(1e-9_f64, 100.0);
    check(1e-9_f32, 50.0);
    // And huge bars no longer overflow on the way: (1e200)^4 is past f64's range.
    check(1e200_f64, 4.0);
}

/// persistence_distances, `wasserstein-hang`: when the costs of the assignment overflow (bars
/// spread from −MAX to +MAX on both sides), no reduced cost is below ∞, the Hungarian search
/// picked an already visited column again and again, and `wasserstein_distance` never
/// returned. Fixed in core/src/persistence/wasserstein.rs: each pass of the search takes a
/// column not yet visited, so it ends; the infinite cost is then an `Overflow` error.
/// (`Bar::new` now rejects bars from −MAX to +MAX, so this uses the longest it admits, from
/// −MAX/2 to +MAX/2, whose costs against bars at +MAX still overflow.)
#[test]
fn wasserstein_ends_when_every_cost_overflows() {
    use geoml::Error;
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let max = f32::MAX;
        let half = max / 2.0;
        let x = [
            Bar::new(-half, Some(half)).unwrap(),
            Bar::new(-half, Some(half)).unwrap(),
        ];
        // Every pair costs ∞; only the ways to the diagonal are finite.
        let y = [
            Bar::new(max, Some(max)).unwrap(),
            Bar::new(max, Some(max)).unwrap(),
        ];
        let mut ws = WassersteinWorkspace::<f32, 8>::new();
        let results = [1.0_f32, 2.0].map(|order| {
            let options = WassersteinOptions {
                order,
                internal_p: None,
            };
            wasserstein_distance(&x, &y, &options, &mut ws)
        });
        let _ = tx.send(results);
    });
    let results = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("wasserstein_distance did not return within 20 s");
    for result in results {
        // Each bar of x goes to the diagonal at L∞ distance MAX/2: W₁ = MAX, W₂ = MAX/√2 (or
        // the sum overflows), never ∞ inside Ok.
        assert!(
            matches!(result, Ok(DiagramDistance::Finite(v)) if v.is_finite() && v >= f32::MAX / 4.0)
                || matches!(result, Err(Error::Overflow { .. })),
            "{result:?}"
        );
    }
}

/// persistence_distances, `wasserstein-hang` (its input): bars near 2.3e7 in f32 with the
/// ground metric ‖·‖_p for p = 86.3: x^p overflowed, every cost was ∞ (and the search hung, see
/// above). Fixed in core/src/persistence/wasserstein.rs: the p-norm is taken in units of the
/// larger coordinate, so the distance comes out finite.
#[test]
fn a_large_ground_exponent_does_not_overflow() {
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    let bar = |birth: f32, death: f32| Bar::new(birth, Some(death)).unwrap();
    let x = [bar(22632448.0, 27875328.0), bar(22632448.0, 27875328.0)];
    let y = [bar(22632448.0, 27875328.0), bar(22632448.0, 29972480.0)];
    let options = WassersteinOptions {
        order: 86.33984,
        internal_p: Some(86.33984),
    };
    let mut ws = WassersteinWorkspace::<f32, 8>::new();
    // x₀ ↔ y₀ costs 0 and x₁ ↔ y₁ costs |29972480 − 27875328| = 2097152.
    let w = wasserstein_distance(&x, &y, &options, &mut ws);
    let Ok(DiagramDistance::Finite(w)) = w else {
        panic!("{w:?}")
    };
    assert!((w / 2097152.0 - 1.0).abs() < 1e-3, "{w}");
}

/// lie_groups, `su2-log-near-minus-one`: the unit quaternion (1.98e-40, 0, 0, −1) of f32 is
/// next to −1 with a subnormal vector part; `Su2::log` multiplied that vector part by
/// θ/|q⃗| = 3.2e40, which overflows f32, and returned `Ok([∞, NaN, NaN])`. Fixed in
/// core/src/lie/su2.rs: there the direction is normalised first and the angle applied after.
#[test]
fn su2_log_next_to_minus_one_is_finite() {
    use geoml::lie::Su2;
    use nalgebra::Quaternion;
    let u =
        Su2::from_quaternion_normalizing(&Quaternion::new(-0.25_f32, 4.954e-41, 0.0, 0.0)).unwrap();
    let v = u.log().unwrap();
    assert!(v.iter().all(|x| x.is_finite()), "{v:?}");
    // A turn by 2π about the x axis.
    assert!(
        (v.x - core::f32::consts::TAU).abs() < 1e-5 && v.y == 0.0 && v.z == 0.0,
        "{v:?}"
    );
    let u64 =
        Su2::from_quaternion_normalizing(&Quaternion::new(-1.0_f64, 1e-310, 0.0, 0.0)).unwrap();
    assert!(u64.log().unwrap().iter().all(|x| x.is_finite()));
}

/// lie_groups, `so2-nearest-subnormal`: `So2::from_matrix_nearest` halves the entries before
/// adding them (so that sums of huge entries stay finite); for entries at the smallest
/// subnormals the halves round to 0, and it returned the undocumented
/// `NotOnManifold { residual: 1 }` for a matrix with a definite nearest rotation. Fixed in
/// core/src/lie/so2.rs: the unhalved sums are used then.
#[test]
fn the_nearest_rotation_of_a_subnormal_matrix() {
    use geoml::lie::So2;
    use nalgebra::Matrix2;
    let r = So2::from_matrix_nearest(&Matrix2::new(f32::from_bits(1), 0.0, 0.0, 0.0)).unwrap();
    assert_eq!(r.log(), 0.0);
    let m = Matrix2::new(0.0, -f64::from_bits(1), f64::from_bits(1), 0.0);
    let r = So2::from_matrix_nearest(&m).unwrap();
    assert!((r.log() - core::f64::consts::FRAC_PI_2).abs() < 1e-15);
}

/// manifold_charts, `torus-jacobian-huge-radii`: on a torus of radii ~1e19 in f32,
/// `TorusChart::to_coords_jacobian` formed ρ² and (ρ − R)² + z², which overflow, and returned
/// `Ok` with a zero φ row. Fixed in core/src/manifold/torus.rs: bounded ratios, one division
/// at a time.
#[test]
fn the_torus_chart_differential_of_a_huge_torus() {
    use geoml::manifold::{Chart, Torus};
    use nalgebra::{Matrix2, Vector2};
    let torus = Torus::new(4.0e19_f32, 1.2e18).unwrap();
    let atlas = torus.atlas();
    let chart = &atlas.charts()[0];
    let p = torus.embed(&Vector2::new(1.5, 0.3)).unwrap();
    let u = chart.to_coords(&p).unwrap();
    let d = chart.to_coords_jacobian(&p).unwrap();
    let j = chart.to_point_jacobian(&u).unwrap();
    let off = (d * j - Matrix2::identity()).norm();
    assert!(off < 1e-5, "D·J − I = {off}");
}

/// lie_groups, `so3-vee-huge`: `So3::vee` took (m₂₁ − m₁₂)/2, whose difference overflows for
/// entries near the largest float: `vee(hat(ω))` was `Ok([−125, ∞, 0])` for ω = (−125, MAX,
/// 0). Fixed in core/src/lie/so3.rs (`half_difference`, also used by `So2::vee`); `Su2::vee`,
/// whose ω is twice the entries, reports `Overflow` instead of ∞.
#[test]
fn vee_inverts_hat_up_to_the_largest_float() {
    use geoml::lie::{So2, So3, Su2};
    use nalgebra::{Complex, Matrix2, Vector3};
    let w = Vector3::new(-125.0_f32, f32::MAX, 0.0);
    assert_eq!(So3::vee(&So3::hat(&w)).unwrap(), w);
    assert_eq!(So2::vee(&So2::hat(-f64::MAX)).unwrap(), -f64::MAX);
    // The smallest subnormal survives too (halving first would round it to 0).
    let tiny = Vector3::new(f64::from_bits(1), 0.0, -f64::from_bits(1));
    assert_eq!(So3::vee(&So3::hat(&tiny)).unwrap(), tiny);
    let z = Complex::new(0.0_f32, 0.0);
    let m = Matrix2::new(
        z,
        Complex::new(-f32::MAX, 0.0),
        Complex::new(f32::MAX, 0.0),
        z,
    );
    assert!(matches!(Su2::vee(&m), Err(geoml::Error::Overflow { .. })));
}

/// manifold_charts, `definition-round-trip-overflow`: `check_definition` on a torus of radii
/// ~1e30 in f32 measured the chart round trip with `‖·‖`, whose squares overflow: `Ok` with
/// `max_chart_round_trip = ∞`. Fixed in core/src/manifold/definition.rs: scaled norms, and
/// `Overflow` if a measurement still overflows.
#[test]
fn a_definition_report_of_a_huge_torus_is_finite() {
    use geoml::manifold::{Torus, check_definition};
    use nalgebra::Vector2;
    let torus = Torus::new(2.5e30_f32, 1.0e29).unwrap();
    let points = [
        torus.embed(&Vector2::new(0.3, 1.6)).unwrap(),
        torus.embed(&Vector2::new(-2.0, 1.5)).unwrap(),
    ];
    let report = check_definition(&torus.atlas(), &points).unwrap();
    assert!(report.max_chart_round_trip.is_finite());
    assert!(report.max_chart_round_trip <= 1e-5 * 2.6e30);
}

/// manifold_sphere, `cut-locus-distance-off-sphere`: for q = −p with p accepted off the sphere
/// (‖p‖ = 0.977 at tolerance 0.17), `log` reported `CutLocus { distance: 0.024 }` from the
/// chord formula, which counts the radial difference. Fixed in core/src/manifold/sphere.rs:
/// the angle between the directions.
#[test]
fn the_cut_locus_distance_ignores_the_points_lengths() {
    use geoml::manifold::Sphere;
    use nalgebra::Vector4;
    let s3 = Sphere::<4>::with_tolerance(0.17).unwrap();
    let p = Vector4::new(0.977_f32, 0.0, 0.0, 0.0);
    let q = Vector4::new(-1.0, 0.0, 0.0, 0.0);
    match s3.log(&p, &q) {
        Err(geoml::Error::CutLocus { distance }) => assert_eq!(distance, 0.0),
        other => panic!("{other:?}"),
    }
}

/// manifold_descent, `flow-lone-edge-at-max`: a lone edge of weight `f32::MAX` shrunk by the
/// flow's factor 0.74 and renormalised by `total / new_total` came back as ∞ inside `Ok`.
/// Fixed in core/src/manifold/forman.rs: each weight's share of the new total times the old
/// total, which cannot exceed the total.
#[test]
fn a_curvature_flow_step_keeps_a_maximal_weight_finite() {
    use geoml::manifold::{FormanVariant, WeightedGraph};
    let mut graph = WeightedGraph::<f32, 5, 4>::with_vertex_weights([
        4.7944336,
        4.8945313,
        0.00048828125,
        0.00048828125,
        0.00048828125,
    ])
    .unwrap();
    graph.add_edge(3, 0, f32::MAX).unwrap();
    graph
        .curvature_flow_step(0.053466797, FormanVariant::Augmented)
        .unwrap();
    assert_eq!(graph.edges()[0].weight, f32::MAX);
}

/// persistence_distances, `wasserstein-large-order-suboptimal`: with order q = 432 every
/// useful cost is about 1e-29 of the largest one in units of the largest distance, below the
/// Hungarian method's rounding, and W(X, Y) = 393216 (a suboptimal matching) while
/// W(Y, X) = 392832. Fixed in core/src/persistence/wasserstein.rs: the assignment is solved
/// again in units of the largest distance its matching uses, with capped costs.
#[test]
fn wasserstein_distances_of_a_large_order_are_optimal_and_symmetric() {
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    fn check<T: geoml::Real + core::fmt::Debug>() {
        let bar = |b: f64, d: f64| Bar::new(T::lit(b), Some(T::lit(d))).unwrap();
        let x = [
            bar(3783040.0, 4700544.0),
            bar(3782656.0, 4700160.0),
            bar(3783040.0, 4700544.0),
        ];
        let y = [
            bar(3782656.0, 4700160.0),
            bar(3651968.0, 4307328.0),
            bar(3783040.0, 4700544.0),
        ];
        let mut ws = WassersteinWorkspace::<T, 8>::new();
        let options = WassersteinOptions {
            order: T::lit(432.0),
            internal_p: None,
        };
        // The optimum sends x₁ to y₁ (392832) and matches the rest exactly; the runner-up
        // sends x₀ to y₁ (393216). At q = 432 the 384 of the pair (x₀, y₀) vanishes.
        for (a, b) in [(&x, &y), (&y, &x)] {
            let w = wasserstein_distance(a, b, &options, &mut ws).unwrap();
            assert_eq!(w, DiagramDistance::Finite(T::lit(392832.0)));
        }
    }
    check::<f32>();
    check::<f64>();
}

/// persistence_distances, `wasserstein-huge-order-underflow`: with order q = 1.7e17 every cost
/// underflowed in the first pass, the refinement took the arbitrary matching's distances as
/// units and ran out of passes: W(X, Y) = 0 while W(Y, X) = 8 (and the bottleneck distance is
/// 8). Fixed in core/src/persistence/wasserstein.rs: after an all-zero pass the unit is a lower
/// bound on the largest distance any matching uses.
#[test]
fn wasserstein_distances_of_a_huge_order_do_not_vanish() {
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    fn check<T: geoml::Real + core::fmt::Debug>() {
        let bar = |b: f64, d: f64| Bar::new(T::lit(b), Some(T::lit(d))).unwrap();
        let x = [
            bar(11.130859375, 19.130859375),
            bar(33.630859375, 41.630859375),
            bar(33.6640625, 41.6640625),
            bar(33.630859375, 41.630859375),
        ];
        let y = [
            bar(131584.0, 131584.0),
            bar(0.501953125, 0.501953125),
            bar(33.630859375, 41.630859375),
            bar(-0.26275634765625, -0.20025634765625),
        ];
        let mut ws = WassersteinWorkspace::<T, 16>::new();
        let options = WassersteinOptions {
            order: T::lit(1.7350338315026432e17),
            internal_p: Some(T::one()),
        };
        // Three bars of lifetime 8 have no partner: W_q → 8 as q → ∞.
        for (a, b) in [(&x, &y), (&y, &x)] {
            let w = wasserstein_distance(a, b, &options, &mut ws).unwrap();
            assert_eq!(w, DiagramDistance::Finite(T::lit(8.0)));
        }
    }
    check::<f32>();
    check::<f64>();
}

/// persistence_distances, `wasserstein-sum-overflow-no-convergence`: two bars from −MAX to 0
/// are each MAX from the diagonal, so W₁ exceeds the largest float; the first pass's sum was
/// ∞, which the refinement took for an underflow and searched units until it gave up with
/// `NoConvergence`. Fixed in core/src/persistence/wasserstein.rs: an overflowing sum moves to
/// the matching's own unit, where it stays finite, and the infinite distance is `Overflow`.
#[test]
fn a_wasserstein_distance_past_the_largest_float_is_an_overflow() {
    use geoml::Error;
    use geoml::persistence::{Bar, WassersteinOptions, WassersteinWorkspace, wasserstein_distance};
    let x = [
        Bar::new(-f64::MAX, Some(0.0)).unwrap(),
        Bar::new(-25.25, Some(0.0)).unwrap(),
        Bar::new(-f64::MAX, Some(0.82421875)).unwrap(),
    ];
    let y = [Bar::new(-3.37e-4, Some(-2.45e-4)).unwrap()];
    let mut ws = WassersteinWorkspace::<f64, 8>::new();
    let options = WassersteinOptions {
        order: 1.0,
        internal_p: Some(1.0),
    };
    let w = wasserstein_distance(&x, &y, &options, &mut ws);
    assert!(matches!(w, Err(Error::Overflow { .. })), "{w:?}");
}

/// persistence_distances, `wasserstein-capped-infinite-distance`: with order 1.3e109 and a
/// point at −MAX (infinitely far from everything but the diagonal), a refinement pass whose
/// costs were all capped picked that infinite distance arbitrarily, and it was taken for a
/// distance the matching needs: W(X, Y) = 2395038 and W(Y, X) = 2393284, both wrong. Fixed in
/// core/src/persistence/wasserstein.rs: only essential pairs can force an infinite distance
/// (every point has a finite way to the diagonal), infinite distances are left out of the
/// units, and an arbitrary matching's infinite distance is no information.
#[test]
fn wasserstein_distances_beside_a_point_at_the_largest_float() {
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    let m = f64::MAX;
    let bar = |b: f64, d: f64| Bar::new(b, Some(d)).unwrap();
    let x = [
        bar(-m, -m),
        bar(22632448.0, 27875328.0),
        bar(22632448.0, 24729600.0),
    ];
    let y = [
        bar(0.0, 0.0),
        bar(0.0, 0.0),
        bar(22629376.0, 27872256.0),
        bar(22632448.0, 27875328.0),
        bar(22632448.0, 22632448.0),
    ];
    let mut ws = WassersteinWorkspace::<f64, 16>::new();
    let options = WassersteinOptions {
        order: 1.3114998568079535e109,
        internal_p: Some(86.33984375),
    };
    // W_q → the largest term: the bar (22629376, 27872256) of Y, 5242880·2^{1/p − 1} from the
    // diagonal, which is nearer than any partner in X.
    let expected = 5242880.0 * 2f64.powf(1.0 / 86.33984375 - 1.0);
    for (a, b) in [(&x[..], &y[..]), (&y[..], &x[..])] {
        match wasserstein_distance(a, b, &options, &mut ws).unwrap() {
            DiagramDistance::Finite(w) => assert!((w - expected).abs() <= 1e-9 * expected, "{w}"),
            other => panic!("{other:?}"),
        }
    }
}

/// persistence_distances, `wasserstein-order-1e196`: with order and ground exponent 1.4e196 the
/// heuristic refinement of rows 33–35 found no unit where the costs neither underflow nor
/// overflow and gave up with `NoConvergence`. Fixed in core/src/persistence/wasserstein.rs:
/// the fallback unit is the smallest largest distance of any matching, found by bisection
/// on 0/1 threshold costs, in which the optimum lies in [1, terms] for every order. Here W_q is
/// the bottleneck distance to rounding (q and p are both effectively ∞).
#[test]
fn a_wasserstein_distance_of_order_1e196_is_the_bottleneck_distance() {
    use geoml::persistence::{
        Bar, BottleneckWorkspace, DiagramDistance, WassersteinOptions, WassersteinWorkspace,
        bottleneck_distance, wasserstein_distance,
    };
    let bar = |b: f64, d: f64| Bar::new(b, Some(d)).unwrap();
    let x = [
        bar(6.375732421875, 8.125732421875),
        bar(8.908746793437033e194, 8.908746793437033e194),
        bar(8.908446046618976e194, 8.908746793437033e194),
        bar(8.908746793437033e194, 8.908746793437033e194),
        bar(42.87109375, 8.908746793266274e194),
    ];
    let y = [
        bar(0.0001, 8.908746793437033e194),
        bar(8.908746793437033e194, 8.908746793437033e194),
        bar(0.0, 0.0),
        bar(0.0, 0.0),
        bar(0.0, 8.759885985834615e194),
    ];
    let options = WassersteinOptions {
        order: 1.4253994869499252e196,
        internal_p: Some(1.4253994869499252e196),
    };
    let mut ws = WassersteinWorkspace::<f64, 16>::new();
    let mut bottleneck_ws = BottleneckWorkspace::<f64, 16, 256>::new();
    let Ok(DiagramDistance::Finite(d_b)) = bottleneck_distance(&x, &y, &mut bottleneck_ws) else {
        panic!("no bottleneck distance");
    };
    for (a, b) in [(&x[..], &y[..]), (&y[..], &x[..])] {
        match wasserstein_distance(a, b, &options, &mut ws) {
            Ok(DiagramDistance::Finite(w)) => {
                assert!((w - d_b).abs() <= 1e-12 * d_b, "W = {w}, d_B = {d_b}")
            }
            other => panic!("{other:?}"),
        }
    }
}

/// persistence_distances, `wasserstein-order-1-potentials-overflow`: with order 1 the costs
/// were raw distances, and for bars from −MAX to 0 the Hungarian potentials, which add and
/// subtract costs, overflowed: W₁(X, Y) = MAX from a wrong matching while W₁(Y, X) = 9.06e307.
/// Fixed in core/src/persistence/wasserstein.rs: order 1 is measured in units of the largest
/// distance too.
#[test]
fn wasserstein_distances_of_order_one_near_the_largest_float() {
    use geoml::persistence::{
        Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace, wasserstein_distance,
    };
    let m = f64::MAX;
    let bar = |b: f64, d: f64| Bar::new(b, Some(d)).unwrap();
    let x = [
        bar(-m, 0.0),
        bar(-m, -m),
        bar(-m, 0.0),
        bar(-m, -m),
        bar(-11695104.0, -11695104.0),
    ];
    let y = [
        bar(0.0, 0.0),
        bar(0.0311279296875, 0.9061279296875),
        bar(-1727.875, -1279.875),
        bar(0.00383913516998291, 0.00432741641998291),
        bar(-m, 0.0),
    ];
    let p = 86.33984375;
    let options = WassersteinOptions {
        order: 1.0,
        internal_p: Some(p),
    };
    // One bar (−MAX, 0) of X pairs with Y's, the other goes to the diagonal,
    // MAX·2^{1/p − 1} away; the small bars add 0.875, 448 and 4.9e-4 times that factor.
    let factor = 2f64.powf(1.0 / p - 1.0);
    let expected = m * factor;
    let mut ws = WassersteinWorkspace::<f64, 16>::new();
    for (a, b) in [(&x[..], &y[..]), (&y[..], &x[..])] {
        match wasserstein_distance(a, b, &options, &mut ws).unwrap() {
            DiagramDistance::Finite(w) => assert!((w - expected).abs() <= 1e-12 * expected, "{w}"),
            other => panic!("{other:?}"),
        }
    }
}
