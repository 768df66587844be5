//! The scalar coefficients of the exponential map, its Jacobians and their inverses, each
//! evaluated without catastrophic cancellation.
//!
//! Every closed form here, such as \\((\theta - \sin\theta)/\theta^3\\), subtracts two nearly
//! equal numbers when \\(\theta\\) is small: evaluated literally in `f64` it has lost half its
//! digits at \\(\theta = 10^{-4}\\) and all of them at \\(\theta = 10^{-8}\\). Each function
//! therefore switches, below its own cutoff, to its Taylor series in \\(\theta^2\\), and the
//! cutoff and the number of terms are chosen separately for `f32` and for `f64` so that both
//! branches stay within about one unit in the last place. Two of the coefficients need no
//! series at all once rewritten through half angles:
//! \\((1-\cos\theta)/\theta^2 = \tfrac12\operatorname{sinc}^2(\theta/2)\\) and
//! \\((\theta^2 + 2\cos\theta - 2)/(2\theta^4) =
//! \tfrac18 c(\theta/2)\,(1 + \operatorname{sinc}(\theta/2))\\).
//!
//! Accuracy: on \\(0 \le \theta \le \pi\\) every function is within \\(10^{-15}\\) relative of
//! a 50-digit mpmath value in `f64` and within \\(10^{-6}\\) in `f32` (the reference test
//! `tests/lie_reference.rs` checks this on a grid from \\(10^{-12}\\) to \\(\pi\\)). All are even
//! functions of \\(\theta\\); a negative argument is treated as its absolute value.
//!
//! ```
//! use geoml::lie::coefficients::theta_minus_sin_over_cube;
//!
//! // (θ − sin θ)/θ³ at θ = 1e-8: the literal formula returns 0 in f64, the series 1/6.
//! let theta = 1e-8_f64;
//! let literal = (theta - theta.sin()) / (theta * theta * theta);
//! assert_eq!(literal, 0.0);
//! assert!((theta_minus_sin_over_cube(theta) - 1.0 / 6.0).abs() < 1e-17);
//! ```

use crate::Real;

/// Taylor coefficients of \\((\theta - \sin\theta)/\theta^3 = \sum_k (-1)^k \theta^{2k}/(2k+3)!\\).
const THETA_MINUS_SIN_SERIES: [f64; 10] = [
    0.16666666666666666,
    -0.008333333333333333,
    0.0001984126984126984,
    -2.7557319223985893e-06,
    2.505210838544172e-08,
    -1.6059043836821613e-10,
    7.647163731819816e-13,
    -2.8114572543455206e-15,
    8.22063524662433e-18,
    -1.9572941063391263e-20,
];

/// Taylor coefficients of \\((1 - (\theta/2)\cot(\theta/2))/\theta^2 =
/// \sum_{n \ge 1} |B_{2n}|\,\theta^{2n-2}/(2n)!\\) (\\(B_{2n}\\) the Bernoulli numbers). All are
/// positive, so the sum has no cancellation at all.
const INVERSE_JACOBIAN_SERIES: [f64; 18] = [
    0.08333333333333333,
    0.001388888888888889,
    3.306878306878307e-05,
    8.267195767195768e-07,
    2.08767569878681e-08,
    5.284190138687493e-10,
    1.3382536530684679e-11,
    3.3896802963225827e-13,
    8.586062056277845e-15,
    2.174868698558062e-16,
    5.5090028283602295e-18,
    1.3954464685812522e-19,
    3.534707039629467e-21,
    8.953517427037546e-23,
    2.267952452337683e-24,
    5.744790668872202e-26,
    1.455172475614865e-27,
    3.6859949406653103e-29,
];

/// Taylor coefficients of \\((2\theta - 3\sin\theta + \theta\cos\theta)/(2\theta^5) =
/// \sum_j (-1)^j (j+1)\,\theta^{2j}/(2j+5)!\\).
const Q_THIRD_SERIES: [f64; 14] = [
    0.008333333333333333,
    -0.0003968253968253968,
    8.267195767195768e-06,
    -1.0020843354176688e-07,
    8.029521918410807e-10,
    -4.58829823909189e-12,
    1.9680200780418645e-14,
    -6.576508197299464e-17,
    1.7615646957052136e-19,
    -3.868170170630684e-22,
    7.091645312822921e-25,
    -1.1020427836554655e-27,
    1.4702951752382032e-30,
    -1.7025750581749252e-33,
];

/// Where a function leaves its series for its closed form, and how many series terms it
/// needs below that point, for one precision. Chosen by measuring both branches against
/// 50-digit values (see the module documentation): below `cutoff` the closed form loses more
/// than an ulp to cancellation, above it the truncated series would.
#[derive(Clone, Copy)]
struct Cutoff {
    cutoff: f64,
    terms: usize,
}

impl Cutoff {
    fn pick<T: Real>(single: Cutoff, double: Cutoff) -> Cutoff {
        if T::is_single_precision() {
            single
        } else {
            double
        }
    }
}

/// `Σ coefficients[k]·y^k` over the first `terms` coefficients, by Horner's rule.
fn horner<T: Real>(y: T, coefficients: &[f64], terms: usize) -> T {
    let used = coefficients.get(..terms).unwrap_or(coefficients);
    used.iter()
        .rev()
        .fold(T::zero(), |acc, &c| acc * y + T::lit(c))
}

/// The threshold on \\(\theta^2\\) below which the two-term series of `sinc` is exact to the
/// last bit: the next term, \\(\theta^4/120\\), is then below \\(\varepsilon^2\\).
fn tiny<T: Real>() -> T {
    T::default_epsilon()
}

/// \\(\operatorname{sinc}\theta = \sin\theta/\theta\\), with value 1 at 0.
///
/// `sin θ / θ` has no cancellation, so it is evaluated literally except below
/// \\(\theta^2 < \varepsilon\\), where \\(1 - \theta^2/6\\) is exact to rounding (and avoids
/// 0/0). Accurate to about one ulp everywhere.
///
/// ```
/// use geoml::lie::coefficients::sinc;
/// assert_eq!(sinc(0.0_f64), 1.0);
/// assert!((sinc(core::f64::consts::PI / 2.0) - 2.0 / core::f64::consts::PI).abs() < 1e-16);
/// ```
pub fn sinc<T: Real>(theta: T) -> T {
    let t2 = theta * theta;
    if t2 < tiny::<T>() {
        T::one() - t2 / T::lit(6.0)
    } else {
        theta.sin() / theta
    }
}

/// \\((1 - \cos\theta)/\theta^2\\), the coefficient of \\([\omega]_\times\\) in the SO(3)
/// left Jacobian; \\(1/2\\) at 0.
///
/// Evaluated as \\(\tfrac12\operatorname{sinc}^2(\theta/2)\\), which has no cancellation and
/// needs no series.
///
/// ```
/// use geoml::lie::coefficients::one_minus_cos_over_square;
/// let t = 1e-9_f64;
/// assert_eq!(one_minus_cos_over_square(t), 0.5); // the literal formula gives 0
/// assert!((one_minus_cos_over_square(2.0_f64) - (1.0 - 2.0_f64.cos()) / 4.0).abs() < 1e-16);
/// ```
pub fn one_minus_cos_over_square<T: Real>(theta: T) -> T {
    let s = sinc(theta * T::lit(0.5));
    T::lit(0.5) * s * s
}

/// \\((\theta - \sin\theta)/\theta^3\\), the coefficient of \\([\omega]_\times^2\\) in the
/// SO(3) left Jacobian and of the first term of the SE(3) block \\(Q\\); \\(1/6\\) at 0.
///
/// Series with 10 terms below θ = 1.75 in `f64` (6 terms below 1.5 in `f32`), closed form
/// above.
///
/// ```
/// use geoml::lie::coefficients::theta_minus_sin_over_cube;
/// assert!((theta_minus_sin_over_cube(1e-5_f32) - 1.0 / 6.0).abs() < 1e-7);
/// ```
pub fn theta_minus_sin_over_cube<T: Real>(theta: T) -> T {
    let theta = theta.abs();
    let rule = Cutoff::pick::<T>(
        Cutoff {
            cutoff: 1.5,
            terms: 6,
        },
        Cutoff {
            cutoff: 1.75,
            terms: 10,
        },
    );
    if theta < T::lit(rule.cutoff) {
        horner(theta * theta, &THETA_MINUS_SIN_SERIES, rule.terms)
    } else {
        (theta - theta.sin()) / (theta * theta * theta)
    }
}

/// \\((1 - \tfrac{\theta}{2}\cot\tfrac{\theta}{2})/\theta^2 = 1/\theta^2 - (1 + \cos\theta)/
/// (2\theta\sin\theta)\\), the coefficient of \\([\omega]_\times^2\\) in the inverse SO(3)
/// Jacobian; \\(1/12\\) at 0, \\(1/\pi^2\\) at π, infinite at θ = 2π (the Jacobian is singular
/// there).
///
/// Series (all terms positive) with 18 terms below θ = 2.25 in `f64` (10 terms below 2.5 in
/// `f32`), closed form above.
///
/// ```
/// use geoml::lie::coefficients::inverse_jacobian_coefficient;
/// use core::f64::consts::PI;
/// assert!((inverse_jacobian_coefficient(PI) - 1.0 / (PI * PI)).abs() < 1e-16);
/// assert!((inverse_jacobian_coefficient(1e-12_f64) - 1.0 / 12.0).abs() < 1e-17);
/// ```
pub fn inverse_jacobian_coefficient<T: Real>(theta: T) -> T {
    let theta = theta.abs();
    let rule = Cutoff::pick::<T>(
        Cutoff {
            cutoff: 2.5,
            terms: 10,
        },
        Cutoff {
            cutoff: 2.25,
            terms: 18,
        },
    );
    if theta < T::lit(rule.cutoff) {
        horner(theta * theta, &INVERSE_JACOBIAN_SERIES, rule.terms)
    } else {
        (T::one() - half_cot_half(theta)) / (theta * theta)
    }
}

/// \\((\theta^2 + 2\cos\theta - 2)/(2\theta^4)\\), the coefficient of the second term of the
/// SE(3) block \\(Q\\); \\(1/24\\) at 0.
///
/// Since \\(\theta^2 - 4\sin^2(\theta/2) = 4(h - \sin h)(h + \sin h)\\) with \\(h = \theta/2\\),
/// it equals \\(\tfrac18\,\frac{h - \sin h}{h^3}\,(1 + \operatorname{sinc} h)\\): the one
/// cancelling factor is [`theta_minus_sin_over_cube`] at the half angle.
///
/// ```
/// use geoml::lie::coefficients::q_second_coefficient;
/// // Its series is 1/24 − θ²/720 + …
/// let t = 1e-6_f64;
/// assert!((q_second_coefficient(t) - (1.0 / 24.0 - t * t / 720.0)).abs() < 1e-17);
/// ```
pub fn q_second_coefficient<T: Real>(theta: T) -> T {
    let h = theta.abs() * T::lit(0.5);
    theta_minus_sin_over_cube(h) * (T::one() + sinc(h)) * T::lit(0.125)
}

/// \\((2\theta - 3\sin\theta + \theta\cos\theta)/(2\theta^5)\\), the coefficient of the third
/// term of the SE(3) block \\(Q\\); \\(1/120\\) at 0.
///
/// The literal form cancels badly up to θ ≈ 3 (it has lost ten digits at θ = 0.1), so the
/// series is used below θ = 3.25 with 14 terms in `f64` (7 terms in `f32`), closed form above.
///
/// ```
/// use geoml::lie::coefficients::q_third_coefficient;
/// assert!((q_third_coefficient(1e-3_f64) - 1.0 / 120.0).abs() < 1e-9);
/// ```
pub fn q_third_coefficient<T: Real>(theta: T) -> T {
    let theta = theta.abs();
    let rule = Cutoff::pick::<T>(
        Cutoff {
            cutoff: 3.25,
            terms: 7,
        },
        Cutoff {
            cutoff: 3.25,
            terms: 14,
        },
    );
    if theta < T::lit(rule.cutoff) {
        horner(theta * theta, &Q_THIRD_SERIES, rule.terms)
    } else {
        let (s, c) = theta.sin_cos();
        let t2 = theta * theta;
        (T::lit(2.0) * theta - T::lit(3.0) * s + theta * c) / (T::lit(2.0) * t2 * t2 * theta)
    }
}

/// \\(\tfrac{\theta}{2}\cot\tfrac{\theta}{2}\\), the diagonal of the inverse of the SE(2)
/// matrix \\(V\\); 1 at 0, 0 at π, infinite at 2π.
///
/// Evaluated as \\(\cos h/\operatorname{sinc} h\\) with \\(h = \theta/2\\): no cancellation.
///
/// ```
/// use geoml::lie::coefficients::half_cot_half;
/// assert_eq!(half_cot_half(0.0_f64), 1.0);
/// assert!(half_cot_half(core::f64::consts::PI).abs() < 1e-16);
/// ```
pub fn half_cot_half<T: Real>(theta: T) -> T {
    let h = theta * T::lit(0.5);
    h.cos() / sinc(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The series constants are the rationals they claim to be.
    #[test]
    fn series_constants_match_their_formulas() {
        // Exact factorials up to 33! (the largest that fits in u128), rounded once to f64.
        let mut exact = [1u128; 34];
        for n in 1..34 {
            exact[n] = exact[n - 1] * n as u128;
        }
        let factorial = exact.map(|f| f as f64);
        for (k, &c) in THETA_MINUS_SIN_SERIES.iter().enumerate() {
            let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
            let expected = sign / factorial[2 * k + 3];
            assert!((c - expected).abs() <= 4e-16 * expected.abs(), "term {k}");
        }
        for (j, &c) in Q_THIRD_SERIES.iter().enumerate() {
            let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
            let expected = sign * (j as f64 + 1.0) / factorial[2 * j + 5];
            assert!((c - expected).abs() <= 4e-16 * expected.abs(), "term {j}");
        }
        // |B_2| = 1/6, |B_4| = 1/30, |B_6| = 1/42, |B_8| = 1/30, |B_10| = 5/66.
        let bernoulli = [1.0 / 6.0, 1.0 / 30.0, 1.0 / 42.0, 1.0 / 30.0, 5.0 / 66.0];
        for (i, b) in bernoulli.iter().enumerate() {
            let n = i + 1;
            let expected = b / factorial[2 * n];
            let c = INVERSE_JACOBIAN_SERIES[i];
            assert!((c - expected).abs() <= 4e-16 * expected, "term {i}");
        }
    }

    /// Both branches agree at each cutoff (no jump where the evaluation switches).
    #[test]
    fn branches_meet_at_the_cutoffs() {
        fn check<T: Real>(f: fn(T) -> T, at: f64, rel: f64) {
            let below = f(T::lit(at) * (T::one() - T::default_epsilon()));
            let above = f(T::lit(at));
            let diff = (below - above).abs().as_f64();
            assert!(
                diff <= rel * above.abs().as_f64(),
                "{at}: {below} vs {above}"
            );
        }
        for (cut32, cut64, f32f, f64f) in [
            (
                1.5,
                1.75,
                theta_minus_sin_over_cube::<f32> as fn(f32) -> f32,
                theta_minus_sin_over_cube::<f64> as fn(f64) -> f64,
            ),
            (
                2.5,
                2.25,
                inverse_jacobian_coefficient::<f32>,
                inverse_jacobian_coefficient::<f64>,
            ),
            (
                3.25,
                3.25,
                q_third_coefficient::<f32>,
                q_third_coefficient::<f64>,
            ),
        ] {
            check(f32f, cut32, 1e-6);
            check(f64f, cut64, 1e-15);
        }
    }

    #[test]
    fn values_at_zero_are_the_limits() {
        assert_eq!(sinc(0.0_f32), 1.0);
        assert_eq!(one_minus_cos_over_square(0.0_f64), 0.5);
        assert_eq!(theta_minus_sin_over_cube(0.0_f64), 1.0 / 6.0);
        assert_eq!(inverse_jacobian_coefficient(0.0_f64), 1.0 / 12.0);
        assert_eq!(q_second_coefficient(0.0_f64), 1.0 / 24.0);
        assert_eq!(q_third_coefficient(0.0_f64), 1.0 / 120.0);
        assert_eq!(half_cot_half(0.0_f32), 1.0);
    }

    #[test]
    fn functions_are_even() {
        for t in [0.3_f64, 1.9, 3.0, 5.0] {
            assert_eq!(theta_minus_sin_over_cube(-t), theta_minus_sin_over_cube(t));
            assert_eq!(
                inverse_jacobian_coefficient(-t),
                inverse_jacobian_coefficient(t)
            );
            assert_eq!(q_second_coefficient(-t), q_second_coefficient(t));
            assert_eq!(q_third_coefficient(-t), q_third_coefficient(t));
            assert_eq!(sinc(-t), sinc(t));
        }
    }
}
