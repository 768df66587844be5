//! What the firmware computes, written once for any scalar.
//!
//! build.rs runs these functions on the host in f64 and writes the results into
//! `expected.rs`; the firmware runs the very same functions in f32 and compares. Each scenario
//! hands its results to `report` with a name and the tolerance the f32 run must meet,
//! relative to the f64 value (absolute below 1).

use geoml::Real;

/// Calls `report(name, values, tolerance)` once per scenario, in a fixed order.
pub fn run_all<T: Real>(report: &mut impl FnMut(&'static str, &[T], f64)) {
    contract(report);
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
