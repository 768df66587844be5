//! Measures the error of geoml::fast_math in f32 against f64 libm over the whole input range.
//!
//! `cargo run --release --example fast_math_error --features fast-math` gives the figures that
//! the module documentation and the book's microcontroller chapter state; without the feature
//! it shows the default (libm) f32 errors for comparison.

use geoml::fast_math;
use std::f64::consts::{PI, TAU};

/// Every `stride`-th f32 bit pattern from `from` (inclusive) while `keep` holds.
fn scan(from: f32, stride: u32, keep: impl Fn(f32) -> bool, mut visit: impl FnMut(f32)) {
    let mut bits = from.to_bits();
    while keep(f32::from_bits(bits)) {
        visit(f32::from_bits(bits));
        match bits.checked_add(stride) {
            Some(next) => bits = next,
            None => break,
        }
    }
}

fn relative(approx: f32, exact: f64) -> f64 {
    (f64::from(approx) - exact).abs() / exact.abs()
}

fn main() {
    let mode = if cfg!(feature = "fast-math") {
        "fast-math (micromath)"
    } else {
        "default (libm)"
    };
    println!("geoml::fast_math in f32, {mode}, against f64 libm");

    let (mut worst, mut at) = (0.0_f64, 0.0_f32);
    let mut track = |error: f64, x: f32| {
        if error > worst {
            (worst, at) = (error, x);
        }
    };
    scan(
        0.0,
        61,
        |x| x <= 88.7,
        |x| track(relative(fast_math::exp(x), f64::from(x).exp()), x),
    );
    scan(
        -0.0,
        61,
        |x| x >= -87.3,
        |x| track(relative(fast_math::exp(x), f64::from(x).exp()), x),
    );
    println!("exp   on [-87.3, 88.7]:      max relative error {worst:.3e} at x = {at:e}");

    (worst, at) = (0.0, 0.0);
    scan(f32::MIN_POSITIVE, 61, f32::is_finite, |x| {
        let error = relative(fast_math::sqrt(x), f64::from(x).sqrt());
        if error > worst {
            (worst, at) = (error, x);
        }
    });
    println!("sqrt  on normal f32:         max relative error {worst:.3e} at x = {at:e}");

    let (mut worst, mut at) = (0.0_f64, 0.0_f64);
    for i in 0..=4_000_000 {
        let t = -PI + TAU * f64::from(i) / 4e6;
        for radius in [1e-30, 1e-3, 1.0, 1e3, 1e30] {
            let (y, x) = ((radius * t.sin()) as f32, (radius * t.cos()) as f32);
            let error =
                (f64::from(fast_math::atan2(y, x)) - f64::from(y).atan2(f64::from(x))).abs();
            if error > worst {
                (worst, at) = (error, t);
            }
        }
    }
    println!("atan2 over all directions:   max absolute error {worst:.3e} rad at angle {at:.6}");
}
