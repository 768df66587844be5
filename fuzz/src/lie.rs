//! `geoml::lie`: exp, log, composition, adjoint and Jacobians of SO(2), SO(3), SU(2), SE(2),
//! SE(3); their constructors from matrices and quaternions; expm, GL(n), polar projections,
//! the series coefficients and sampling.

use super::decode::{Bytes, FuzzReal, all_finite, distance_f64, first_non_finite, norm_f64};
use super::symmetry::ByteRng;
use core::fmt::Debug;
use geoml::Error;
use geoml::lie::coefficients::{
    half_cot_half, inverse_jacobian_coefficient, one_minus_cos_over_square, q_second_coefficient,
    q_third_coefficient, sinc, theta_minus_sin_over_cube,
};
use geoml::lie::random::{standard_normal_pair, uniform_unit};
use geoml::lie::{
    Gl, LieGroup, Se2, Se3, So2, So3, Su2, expm, nearest_orthogonal, nearest_rotation,
    random_orthogonal,
};
use nalgebra::{
    Complex, Matrix2, Matrix3, Matrix4, Quaternion, SMatrix, SVector, Vector2, Vector3,
};

/// Target `lie_groups`: the group laws of every group through `LieGroup`, and each group's own
/// constructors and maps.
pub fn groups(data: &[u8]) {
    groups_in::<f32>(data);
    groups_in::<f64>(data);
}

/// Target `lie_expm`: the matrix exponential, GL(n), polar projections, the series
/// coefficients and the samplers.
pub fn matrices(data: &[u8]) {
    matrices_in::<f32>(data);
    matrices_in::<f64>(data);
}

/// An algebra element: ordinary values at a random magnitude (angles near 0, π and 2π
/// included), or anything.
fn algebra<T: FuzzReal, const DOF: usize>(b: &mut Bytes<'_>) -> SVector<T, DOF> {
    match b.below(8) {
        0 => SVector::from(b.array::<T, DOF>()),
        1 => {
            // A rotation angle at a series cutoff or near π or 2π, along a random axis.
            let angles = [
                0.0,
                1e-12,
                1e-4,
                0.005,
                0.25,
                core::f64::consts::PI,
                core::f64::consts::TAU,
            ];
            let angle = angles[b.below(angles.len())] * (1.0 + b.perturbation());
            let axis = b.unit_f64::<DOF>();
            SVector::from(axis.map(|a| T::of_f64(a * angle)))
        }
        _ => {
            let magnitude = 2f64.powi(i32::from(b.u8() as i8 % 24));
            SVector::from(
                b.ordinary_array::<DOF>()
                    .map(|x| T::of_f64(x / 128.0 * magnitude)),
            )
        }
    }
}

/// What the laws need to know about a group beyond `LieGroup`.
trait Probe<T: FuzzReal, const DOF: usize>: LieGroup<T, DOF> + Debug {
    /// The rotation angle of an algebra element.
    fn angle(xi: &SVector<T, DOF>) -> f64;
}

fn rotation_angle<T: FuzzReal, const DOF: usize>(xi: &SVector<T, DOF>, from: usize) -> f64 {
    let squares: f64 = xi.iter().skip(from).map(|x| x.as_f64().powi(2)).sum();
    squares.sqrt()
}

impl<T: FuzzReal> Probe<T, 1> for So2<T> {
    fn angle(xi: &SVector<T, 1>) -> f64 {
        rotation_angle(xi, 0)
    }
}

impl<T: FuzzReal> Probe<T, 3> for So3<T> {
    fn angle(xi: &SVector<T, 3>) -> f64 {
        rotation_angle(xi, 0)
    }
}

impl<T: FuzzReal> Probe<T, 3> for Su2<T> {
    fn angle(xi: &SVector<T, 3>) -> f64 {
        rotation_angle(xi, 0)
    }
}

impl<T: FuzzReal> Probe<T, 3> for Se2<T> {
    fn angle(xi: &SVector<T, 3>) -> f64 {
        rotation_angle(xi, 2)
    }
}

impl<T: FuzzReal> Probe<T, 6> for Se3<T> {
    fn angle(xi: &SVector<T, 6>) -> f64 {
        rotation_angle(xi, 3)
    }
}

/// The distance `‖log(a⁻¹ b)‖` between two elements, if it can be computed.
fn apart<T: FuzzReal, G: Probe<T, DOF>, const DOF: usize>(a: &G, b: &G) -> Option<f64> {
    let delta = a.inverse().ok()?.compose(b).ok()?;
    LieGroup::log(&delta).ok().map(|v| norm_f64(&v))
}

fn assert_algebra_error<T: FuzzReal, const DOF: usize>(e: Error, xi: &SVector<T, DOF>, what: &str) {
    match first_non_finite(&[xi.as_slice()]) {
        Some(_) => assert!(matches!(e, Error::NonFinite { .. }), "{what}: {e:?}"),
        None => assert!(
            matches!(e, Error::Overflow { .. } | Error::Singular { .. }),
            "{what}({xi:?}): {e:?}"
        ),
    }
}

fn group_laws<T: FuzzReal, G: Probe<T, DOF>, const DOF: usize>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let xi: SVector<T, DOF> = algebra(b);
    let zeta: SVector<T, DOF> = algebra(b);
    let size = norm_f64(&xi);
    let angle = G::angle(&xi);

    let g = match <G as LieGroup<T, DOF>>::exp(&xi) {
        Ok(g) => g,
        Err(e) => {
            assert_algebra_error(e, &xi, "exp");
            return;
        }
    };
    let residual = g.residual().as_f64();
    assert!(
        residual.is_finite() && residual <= 64.0 * eps,
        "residual {residual} of exp({xi:?})"
    );

    // log ∘ exp = id below π.
    match LieGroup::log(&g) {
        Ok(back) => {
            assert!(all_finite(back.as_slice()), "log(exp({xi:?})) = {back:?}");
            if angle < core::f64::consts::PI - 1e-3 && size < 1e6 {
                let error = distance_f64(&back, &xi);
                let bound = 1e3 * eps * (1.0 + size) / (core::f64::consts::PI - angle);
                assert!(error <= bound, "log(exp({xi:?})) = {back:?}");
            }
        }
        Err(e) => assert!(
            matches!(e, Error::Overflow { .. }),
            "log(exp({xi:?})): {e:?}"
        ),
    }

    // g · g⁻¹ = id.
    if let Ok(inverse) = g.inverse()
        && let Ok(one) = g.compose(&inverse)
        && let Ok(v) = LieGroup::log(&one)
    {
        let bound = 1e3 * eps * (1.0 + size);
        assert!(norm_f64(&v) <= bound, "log(g g⁻¹) = {v:?} for ξ = {xi:?}");
    }

    // The adjoint fixes ξ: Ad(exp ξ) ξ = ξ.
    match g.adjoint() {
        Ok(ad) => {
            assert!(all_finite(ad.as_slice()));
            if size < 1e6 {
                let moved = ad * xi;
                // A rotation by a large angle is only known to ε·θ.
                let bound = 1e3 * eps * (1.0 + norm_f64(&ad)) * (1.0 + size) * (1.0 + angle);
                assert!(
                    distance_f64(&moved, &xi) <= bound,
                    "Ad(exp ξ) ξ = {moved:?} for {xi:?}"
                );
            }
        }
        Err(e) => assert!(matches!(e, Error::Overflow { .. }), "adjoint: {e:?}"),
    }

    // Jacobians: finite, J_r(ξ) = J_l(−ξ), and each inverse is the inverse below π.
    let left = G::left_jacobian(&xi);
    let right = G::right_jacobian(&xi);
    let left_inverse = G::left_jacobian_inverse(&xi);
    for (name, j) in [("J_l", &left), ("J_r", &right), ("J_l⁻¹", &left_inverse)] {
        match j {
            Ok(j) => assert!(all_finite(j.as_slice()), "{name}({xi:?}) = {j:?}"),
            Err(e) => assert_algebra_error(*e, &xi, name),
        }
    }
    if let (Ok(r), Ok(l)) = (&right, G::left_jacobian(&-xi)) {
        let bound = 64.0 * eps * (1.0 + norm_f64(r));
        assert!(
            distance_f64(r, &l) <= bound,
            "J_r(ξ) = {r:?}, J_l(−ξ) = {l:?}"
        );
    }
    if let (Ok(l), Ok(li)) = (&left, &left_inverse)
        && angle < core::f64::consts::PI
        && size < 1e6
    {
        let product = li * l;
        let bound = 1e3 * eps * (1.0 + norm_f64(l)) * (1.0 + norm_f64(li));
        let off = distance_f64(&product, &SMatrix::<T, DOF, DOF>::identity());
        assert!(off <= bound, "J_l⁻¹ J_l = {product:?} for {xi:?}");
    }
    if let Ok(ri) = G::right_jacobian_inverse(&xi) {
        assert!(all_finite(ri.as_slice()));
    }

    // Interpolation passes through both ends.
    if let Ok(h) = <G as LieGroup<T, DOF>>::exp(&zeta) {
        let t: T = if b.flag() {
            b.any()
        } else {
            T::of_f64(b.ordinary() / 64.0)
        };
        match g.interpolate(&h, t) {
            Ok(x) => assert!(x.residual().as_f64() <= 64.0 * eps, "interpolate residual"),
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                "interpolate: {e:?}"
            ),
        }
        let scale = 1.0 + size + norm_f64(&zeta);
        if let Ok(start) = g.interpolate(&h, T::zero()) {
            let d = apart(&g, &start);
            assert!(
                d.is_none_or(|d| d <= 1e3 * eps * scale),
                "γ(0) is {d:?} from g"
            );
        }
        if let Ok(end) = g.interpolate(&h, T::one()) {
            let d = apart(&h, &end);
            assert!(
                d.is_none_or(|d| d <= 1e3 * eps * scale),
                "γ(1) is {d:?} from h"
            );
        }
    }

    // Sampling: any standard deviation, any generator.
    let std_dev: SVector<T, DOF> = SVector::from(b.mostly_ordinary::<T, DOF>());
    let mut rng = ByteRng(b.clone());
    match g.random_gaussian(&mut rng, &std_dev) {
        Ok(x) => assert!(x.residual().as_f64() <= 64.0 * eps),
        Err(e) => assert!(
            matches!(
                e,
                Error::NonFinite { .. }
                    | Error::InvalidParameter {
                        name: "std_dev",
                        ..
                    }
                    | Error::Overflow { .. }
            ),
            "random_gaussian: {e:?}"
        ),
    }
}

fn groups_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(5) {
        0 => {
            group_laws::<T, So2<T>, 1>(&mut b);
            so2_laws::<T>(&mut b);
        }
        1 => {
            group_laws::<T, So3<T>, 3>(&mut b);
            so3_laws::<T>(&mut b);
        }
        2 => {
            group_laws::<T, Su2<T>, 3>(&mut b);
            su2_laws::<T>(&mut b);
        }
        3 => {
            group_laws::<T, Se2<T>, 3>(&mut b);
            se2_laws::<T>(&mut b);
        }
        _ => {
            group_laws::<T, Se3<T>, 6>(&mut b);
            se3_laws::<T>(&mut b);
        }
    }
}

/// A matrix near a rotation: `exp` of an algebra element, perturbed entrywise or scaled, or
/// anything.
fn near_rotation3<T: FuzzReal>(b: &mut Bytes<'_>) -> Matrix3<T> {
    if b.below(8) == 0 {
        return Matrix3::from_fn(|_, _| b.any());
    }
    let omega: Vector3<f64> = Vector3::from(b.ordinary_array::<3>().map(|x| x / 32.0));
    let r = nalgebra::Rotation3::new(omega).into_inner();
    let size = b.perturbation();
    let noise = Matrix3::from_fn(|_, _| f64::from(b.u8() as i8) / 128.0 * size);
    let m = if b.flag() { -r } else { r } + noise;
    m.map(T::of_f64)
}

fn so2_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let z = Complex::new(b.any::<T>(), b.any::<T>());
    let unit = {
        let v = b.unit_f64::<2>();
        Complex::new(T::of_f64(v[0]), T::of_f64(v[1]))
    };
    for z in [z, unit] {
        match So2::from_complex(&z) {
            Ok(r) => assert!(r.residual().as_f64() <= T::eps().sqrt() * 2.0),
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
                "{e:?}"
            ),
        }
        match So2::from_complex_normalizing(&z) {
            Ok(r) => assert!(r.residual().as_f64() <= 64.0 * T::eps()),
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. } | Error::NotOnManifold { .. } | Error::Singular { .. }
                ),
                "{e:?}"
            ),
        }
    }
    let m = Matrix2::new(unit.re, -unit.im, unit.im, unit.re);
    if let Ok(r) = So2::from_matrix(&m) {
        let theta = r.log();
        assert!(theta.is_finite() && theta.abs() <= T::pi(), "{theta:?}");
        let back = So2::vee(&So2::hat(theta));
        assert_eq!(back, Ok(theta));
    }
    let any = Matrix2::from_fn(|_, _| b.any::<T>());
    match So2::from_matrix_nearest(&any) {
        Ok(r) => assert!(r.residual().as_f64() <= 64.0 * T::eps()),
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Singular { .. }),
            "{e:?}"
        ),
    }
    let p = Vector2::new(b.any::<T>(), b.any::<T>());
    if let Ok(r) = So2::exp(T::of_f64(b.ordinary())) {
        match r.act(&p) {
            Ok(q) => assert!(all_finite(q.as_slice())),
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                "{e:?}"
            ),
        }
    }
}

fn so3_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let m = near_rotation3::<T>(b);
    match So3::from_matrix(&m) {
        Ok(r) => {
            assert!(r.residual().as_f64() <= 64.0 * eps);
            let angle = r.angle();
            assert!((T::zero()..=T::pi()).contains(&angle), "angle {angle:?}");
            let back = So3::exp(&r.log()).map(|x| r.angle_to(&x));
            assert!(
                back.is_ok_and(|d| d.as_f64() <= 1e3 * eps),
                "exp(log r) is {back:?} from r"
            );
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
            "{e:?}"
        ),
    }
    match So3::from_matrix_nearest(&m) {
        Ok(r) => {
            assert!(r.residual().as_f64() <= 64.0 * eps);
            assert!(all_finite(r.matrix().as_slice()));
        }
        Err(e) => assert!(
            matches!(
                e,
                Error::NonFinite { .. } | Error::Singular { .. } | Error::NoConvergence { .. }
            ),
            "from_matrix_nearest: {e:?}"
        ),
    }
    let q = Quaternion::new(b.any::<T>(), b.any(), b.any(), b.any());
    let unit = {
        let v = b.unit_f64::<4>();
        Quaternion::new(
            T::of_f64(v[3]),
            T::of_f64(v[0]),
            T::of_f64(v[1]),
            T::of_f64(v[2]),
        )
    };
    for q in [q, unit] {
        match So3::from_quaternion(&q) {
            Ok(r) => assert!(r.residual().as_f64() <= T::eps().sqrt() * 2.0),
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
                "{e:?}"
            ),
        }
        match So3::from_quaternion_normalizing(&q) {
            Ok(r) => {
                assert!(r.residual().as_f64() <= 64.0 * eps);
                let p = Vector3::new(b.any::<T>(), b.any(), b.any());
                match r.act(&p) {
                    Ok(x) => assert!(all_finite(x.as_slice())),
                    Err(e) => assert!(
                        matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                        "{e:?}"
                    ),
                }
            }
            Err(e) => assert!(
                matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
                "{e:?}"
            ),
        }
    }
    let w = Vector3::new(b.any::<T>(), b.any(), b.any());
    match So3::vee(&So3::hat(&w)) {
        Ok(v) => assert_eq!(v, w),
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. }),
            "vee(hat({w:?})): {e:?}"
        ),
    }
    match So3::vee(&m) {
        Ok(v) => assert!(all_finite(v.as_slice())),
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
            "{e:?}"
        ),
    }
}

fn su2_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let q = Quaternion::new(b.any::<T>(), b.any(), b.any(), b.any());
    match Su2::from_quaternion_normalizing(&q) {
        Ok(u) => {
            assert!(u.residual().as_f64() <= 64.0 * T::eps());
            let r = u.to_so3();
            assert!(r.residual().as_f64() <= 64.0 * T::eps());
            match Su2::from_complex_matrix(&u.to_complex_matrix()) {
                Ok(back) => assert!(back.residual().as_f64() <= 64.0 * T::eps()),
                Err(e) => panic!("from_complex_matrix(to_complex_matrix): {e:?}"),
            }
            match u.log() {
                Ok(v) => assert!(
                    all_finite(v.as_slice()),
                    "log of {u:?} = {v:?} (from {q:?})"
                ),
                // −1 is SU(2)'s cut locus (a turn by 2π about any axis).
                Err(e) => assert!(matches!(e, Error::CutLocus { .. }), "log of {u:?}: {e:?}"),
            }
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::NotOnManifold { .. }),
            "{e:?}"
        ),
    }
    let w = Vector3::new(b.any::<T>(), b.any(), b.any());
    match Su2::vee(&Su2::hat(&w)) {
        Ok(v) => assert!(all_finite(v.as_slice())),
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
            "{e:?}"
        ),
    }
}

fn se2_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let theta: T = if b.flag() {
        b.any()
    } else {
        T::of_f64(b.ordinary() / 16.0)
    };
    match (Se2::v_matrix(theta), Se2::v_matrix_inverse(theta)) {
        (Ok(v), Ok(vi)) => {
            assert!(all_finite(v.as_slice()) && all_finite(vi.as_slice()));
            if theta.as_f64().abs() < core::f64::consts::PI {
                let off = distance_f64(&(vi * v), &Matrix2::identity());
                assert!(
                    off <= 1e3 * T::eps() * (1.0 + norm_f64(&vi)),
                    "V⁻¹V = {:?}",
                    vi * v
                );
            }
        }
        (v, vi) => {
            for e in [v.err(), vi.err()].into_iter().flatten() {
                assert!(
                    matches!(
                        e,
                        Error::NonFinite { .. } | Error::Singular { .. } | Error::Overflow { .. }
                    ),
                    "{e:?}"
                );
            }
        }
    }
    let m = Matrix3::from_fn(|i, j| {
        if i == 2 {
            T::of_f64(if j == 2 { 1.0 } else { 0.0 })
        } else {
            b.any()
        }
    });
    for result in [Se2::from_matrix(&m), Se2::from_matrix_nearest(&m)] {
        match result {
            Ok(g) => {
                assert!(g.residual().as_f64() <= T::eps().sqrt() * 4.0);
                assert!(all_finite(g.matrix().as_slice()));
                let p = Vector2::new(b.any::<T>(), b.any());
                match g.act(&p) {
                    Ok(x) => assert!(all_finite(x.as_slice())),
                    Err(e) => assert!(
                        matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                        "{e:?}"
                    ),
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. }
                        | Error::NotOnManifold { .. }
                        | Error::Singular { .. }
                        | Error::NoConvergence { .. }
                ),
                "Se2 from matrix: {e:?}"
            ),
        }
    }
}

fn se3_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let xi: SVector<T, 6> = algebra(b);
    match Se3::q_block(&xi) {
        Ok(q) => assert!(all_finite(q.as_slice()), "Q({xi:?}) = {q:?}"),
        Err(e) => assert_algebra_error(e, &xi, "q_block"),
    }
    let r = near_rotation3::<T>(b);
    let t = Vector3::new(b.any::<T>(), b.any(), b.any());
    let mut m = Matrix4::identity();
    m.fixed_view_mut::<3, 3>(0, 0).copy_from(&r);
    m.fixed_view_mut::<3, 1>(0, 3).copy_from(&t);
    for result in [Se3::from_matrix(&m), Se3::from_matrix_nearest(&m)] {
        match result {
            Ok(g) => {
                assert!(g.residual().as_f64() <= T::eps().sqrt() * 4.0);
                match g.log() {
                    Ok(v) => assert!(all_finite(v.as_slice())),
                    Err(e) => assert!(matches!(e, Error::Overflow { .. }), "log: {e:?}"),
                }
                match g.act(&t) {
                    Ok(x) => assert!(all_finite(x.as_slice())),
                    Err(e) => assert!(
                        matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
                        "{e:?}"
                    ),
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. }
                        | Error::NotOnManifold { .. }
                        | Error::Singular { .. }
                        | Error::NoConvergence { .. }
                ),
                "Se3 from matrix: {e:?}"
            ),
        }
    }
    if let Ok(rotation) = So3::from_matrix_nearest(&r) {
        match Se3::new(rotation, t) {
            Ok(g) => assert!(all_finite(g.translation().as_slice())),
            Err(e) => assert!(matches!(e, Error::NonFinite { .. }), "{e:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// expm, GL(n), polar, coefficients, samplers.

fn matrices_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(6) {
        0 => expm_laws::<T, 1>(&mut b),
        1 => expm_laws::<T, 2>(&mut b),
        2 => expm_laws::<T, 3>(&mut b),
        3 => expm_laws::<T, 5>(&mut b),
        4 => polar_laws::<T>(&mut b),
        _ => coefficient_laws::<T>(&mut b),
    }
}

fn one_norm<T: FuzzReal, const N: usize>(a: &SMatrix<T, N, N>) -> f64 {
    (0..N)
        .map(|j| (0..N).map(|i| a[(i, j)].as_f64().abs()).sum::<f64>())
        .fold(0.0, f64::max)
}

fn expm_laws<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let magnitude = 2f64.powi(i32::from(b.u8() as i8 % 16));
    let mut a: SMatrix<T, N, N> =
        SMatrix::from_fn(|_, _| T::of_f64(b.ordinary() / 128.0 * magnitude));
    match b.below(4) {
        0 => a = SMatrix::from_fn(|_, _| b.any()),
        1 => a = (a - a.transpose()) * T::lit(0.5), // a rotation generator
        _ => {}
    }
    let norm = one_norm(&a);
    match expm(&a) {
        Ok(e) => {
            assert!(all_finite(e.as_slice()), "expm({a:?}) = {e:?}");
            if norm <= 4.0 {
                // e^A e^{−A} = I.
                if let Ok(f) = expm(&-a) {
                    let off = distance_f64(&(e * f), &SMatrix::<T, N, N>::identity());
                    assert!(
                        off <= 1e3 * eps * norm_f64(&e) * norm_f64(&f),
                        "e^A e^-A = {:?}",
                        e * f
                    );
                } else {
                    panic!("expm(−A) failed for ‖A‖₁ = {norm}");
                }
            }
            if a == -a.transpose() && norm < 1e3 {
                let off = distance_f64(&(e.transpose() * e), &SMatrix::<T, N, N>::identity());
                assert!(
                    off <= 1e3 * eps * (1.0 + norm),
                    "expm(skew) not orthogonal: {off}"
                );
            }
        }
        Err(e) => match first_non_finite(&[a.as_slice()]) {
            Some(_) => assert!(matches!(e, Error::NonFinite { .. }), "{e:?}"),
            None => {
                // (Singular: a badly scaled, nearly nilpotent A; see expm's documentation.)
                assert!(
                    matches!(e, Error::Overflow { .. } | Error::Singular { .. }),
                    "expm({a:?}): {e:?}"
                );
                // e^{‖A‖} cannot overflow below the log of the largest float.
                let limit = if T::is_single_precision() {
                    80.0
                } else {
                    700.0
                };
                assert!(norm > limit / 8.0, "expm failed at ‖A‖₁ = {norm}: {e:?}");
            }
        },
    }
    if N == 3 {
        gl_laws(&Matrix3::from_fn(|i, j| a[(i, j)]));
    }
}

fn gl_laws<T: FuzzReal>(m: &Matrix3<T>) {
    match Gl::new(*m) {
        Ok(g) => {
            assert!(all_finite(g.matrix().as_slice()));
            assert!(g.determinant() != T::zero());
            match g.inverse() {
                Ok(h) => {
                    assert!(all_finite(h.matrix().as_slice()));
                    if let Ok(one) = g.compose(&h) {
                        assert!(all_finite(one.matrix().as_slice()));
                    }
                }
                Err(e) => assert!(matches!(e, Error::Singular { .. }), "{e:?}"),
            }
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Singular { .. }),
            "Gl::new: {e:?}"
        ),
    }
}

fn polar_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let m = near_rotation3::<T>(b);
    let scale = T::of_f64(2f64.powi(i32::from(b.u8() as i8)));
    let m = m * scale;
    for (name, result) in [
        ("nearest_orthogonal", nearest_orthogonal(&m)),
        ("nearest_rotation", nearest_rotation(&m)),
    ] {
        match result {
            Ok(q) => {
                assert!(all_finite(q.as_slice()), "{name}({m:?}) = {q:?}");
                let off = distance_f64(&(q.transpose() * q), &Matrix3::identity());
                assert!(off <= 64.0 * eps, "{name}: QᵀQ off by {off} for {m:?}");
                if name == "nearest_rotation" {
                    assert!(q.determinant() > T::zero());
                }
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. } | Error::Singular { .. } | Error::NoConvergence { .. }
                ),
                "{name}: {e:?}"
            ),
        }
    }
    let mut rng = ByteRng(b.clone());
    match random_orthogonal::<T, 3, _>(&mut rng) {
        Ok(q) => {
            let off = distance_f64(&(q.transpose() * q), &Matrix3::identity());
            assert!(off <= 64.0 * eps, "random_orthogonal: QᵀQ off by {off}");
        }
        Err(e) => assert!(
            matches!(e, Error::Singular { .. } | Error::NoConvergence { .. }),
            "{e:?}"
        ),
    }
    let u: T = uniform_unit(&mut rng);
    assert!(u >= T::zero() && u < T::one());
    let (x, y): (T, T) = standard_normal_pair(&mut rng);
    assert!(x.is_finite() && y.is_finite(), "{x:?} {y:?}");
    assert!(So3::<T>::random_uniform(&mut rng).residual().as_f64() <= 64.0 * eps);
    match Se2::<T>::random_uniform(&mut rng, b.parameter()) {
        Ok(g) => assert!(all_finite(g.translation().as_slice())),
        Err(e) => assert!(
            matches!(e, Error::InvalidParameter { .. } | Error::NonFinite { .. }),
            "{e:?}"
        ),
    }
}

fn coefficient_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    // The series coefficients on their domain: finite, continuous through their cutoffs.
    let theta: T = if b.flag() {
        b.any()
    } else {
        T::of_f64(b.ordinary() / 32.0)
    };
    let inside = theta.is_finite() && theta.as_f64().abs() <= core::f64::consts::PI;
    let values = [
        ("sinc", sinc(theta)),
        ("(1 − cos θ)/θ²", one_minus_cos_over_square(theta)),
        ("(θ − sin θ)/θ³", theta_minus_sin_over_cube(theta)),
        ("inverse Jacobian", inverse_jacobian_coefficient(theta)),
        ("Q second", q_second_coefficient(theta)),
        ("Q third", q_third_coefficient(theta)),
        ("θ/2 cot θ/2", half_cot_half(theta)),
    ];
    if inside {
        for (name, v) in values {
            assert!(v.is_finite(), "{name}({theta:?}) = {v:?}");
        }
    }
}
