//! What the firmware computes, written once for any scalar.
//!
//! build.rs runs these functions on the host in f64 and writes the results into
//! `expected.rs`; the firmware runs the very same functions in f32 and compares. Each scenario
//! hands its results to `report` with a name and the tolerance the f32 run must meet,
//! relative to the f64 value (absolute below 1).

use geoml::Real;
use geoml::manifold::{Atlas, Chart, S2, StereographicAtlas};
use nalgebra::Vector3;

/// The value a scenario reports when a call fails where it should not: far from every
/// expected value, so the comparison fails loudly.
const FAILED_CALL: f64 = 1.0e6;

/// Calls `report(name, values, tolerance)` once per scenario, in a fixed order.
pub fn run_all<T: Real>(report: &mut impl FnMut(&'static str, &[T], f64)) {
    contract(report);
    chart_transition(report);
    sphere_geodesics(report);
}

/// Deterministic inputs: a 32-bit linear congruential generator mapped to [-1, 1), so host and
/// firmware see bit-identical data.
pub struct Lcg(u32);

impl Lcg {
    pub fn new(seed: u32) -> Self {
        Lcg(seed)
    }

    pub fn next<T: Real>(&mut self) -> T {
        self.0 = self.0.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        T::lit(f64::from(self.0 >> 8) / f64::from(1u32 << 23) - 1.0)
    }
}

/// The contract of the core: a NaN is found and named, clean data passes.
fn contract<T: Real>(report: &mut impl FnMut(&'static str, &[T], f64)) {
    let mut rng = Lcg::new(7);
    let mut data = [T::zero(); 16];
    for x in data.iter_mut() {
        *x = rng.next();
    }
    let clean = geoml::check_finite(&data).is_ok();
    data[11] = T::lit(f64::NAN);
    let found = match geoml::check_finite(&data) {
        Err(geoml::Error::NonFinite { index, .. }) => index as f64,
        _ => -1.0,
    };
    report(
        "contract: clean data passes, the NaN is at index 11",
        &[T::lit(f64::from(u8::from(clean))), T::lit(found)],
        0.0,
    );
}

/// Four points of S² in the north stereographic chart, carried to the south chart by the
/// atlas's transition map (which is u ↦ u/‖u‖²), and back to the sphere.
fn chart_transition<T: Real>(report: &mut impl FnMut(&'static str, &[T], f64)) {
    let atlas = StereographicAtlas::<3>::new();
    let mut rng = Lcg::new(11);
    let mut values = [T::zero(); 4 * 5];
    for out in values.chunks_exact_mut(5) {
        let p = Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize();
        let result = atlas.north().to_coords(&p).and_then(|u| {
            let v = atlas.transition(&atlas.north(), &atlas.south(), &u)?;
            let back = atlas.south().to_point(&v)?;
            Ok([u[0], u[1], v[0], v[1], (back - p).norm()])
        });
        out.copy_from_slice(&result.unwrap_or([T::lit(FAILED_CALL); 5]));
    }
    report(
        "manifold: S² north → south stereographic transition",
        &values,
        1e-5,
    );
}

/// Geodesic distance, exp and log on S² between pairs of points, including a pair 1e-4
/// apart where the clipped-acos formula would lose every digit in f32.
fn sphere_geodesics<T: Real>(report: &mut impl FnMut(&'static str, &[T], f64)) {
    let sphere = S2::new();
    let mut rng = Lcg::new(23);
    let mut values = [T::zero(); 4 * 5];
    for (k, out) in values.chunks_exact_mut(5).enumerate() {
        let p = Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize();
        let q = if k == 0 {
            (p + Vector3::new(T::lit(1e-4), T::zero(), T::zero())).normalize()
        } else {
            Vector3::new(rng.next::<T>(), rng.next(), rng.next()).normalize()
        };
        let result = sphere.log(&p, &q).and_then(|v| {
            let d = sphere.distance(&p, &q)?;
            let there = sphere.exp(&p, &v)?;
            Ok([d, v.norm(), v[0], v[1], (there - q).norm()])
        });
        out.copy_from_slice(&result.unwrap_or([T::lit(FAILED_CALL); 5]));
    }
    report(
        "manifold: S² distance, log and exp round trip",
        &values,
        1e-5,
    );
}
