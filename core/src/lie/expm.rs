//! The matrix exponential of a fixed-size square matrix: scaling and squaring with Padé
//! approximants, after Al-Mohy and Higham (2009).
//!
//! \\(e^A = (e^{2^{-s}A})^{2^s}\\), and \\(e^{2^{-s}A}\\) is replaced by the diagonal Padé
//! approximant \\(r_m = q_m^{-1}p_m\\) of degree m ∈ {3, 5, 7, 9, 13}. Degree and scaling are
//! chosen from the numbers \\(d_k = \lVert A^k\rVert_1^{1/k}\\) (which can be far smaller than
//! \\(\lVert A\rVert_1\\) for non-normal A) so that the backward error of \\(r_m\\) is below the
//! unit roundoff u: the largest admissible \\(d\\) for each degree is the threshold
//! \\(\theta_m\\), the root of \\(\sum_{k > 2m} |c_k|\,\theta^{k-1} = u\\) where
//! \\(\log(e^{-x}r_m(x)) = \sum_k c_k x^k\\). The thresholds below were computed from that
//! definition with exact rational series and agree with those Higham published
//! (f64: 1.496e-2, 0.2539, 0.9504, 2.098, 5.372; f32: 0.4259, 1.880, 3.926); in `f32` degree
//! 7 is the largest worth its cost, and it is used only up to 2.5 rather than 3.926: the
//! thresholds bound the truncation error of the approximant, not the rounding error of
//! evaluating its denominator, which grows like \\(u\,e^{\lVert A\rVert}\\) and at 3.9 would
//! cost single precision five more bits than one extra squaring does. The extra squarings of
//! Al-Mohy–Higham's `ell` guard against overscaling are included, bounded first by
//! \\(\lVert A\rVert_1\\) so that the common case costs nothing.

use crate::{Error, Real, Result, check_finite};
use nalgebra::{Const, DimMin, SMatrix};

/// Degree m, threshold θ_m, and the coefficient \\(|c_{2m+1}| = (m!)^2/((2m)!(2m+1)!)\\) of
/// the leading term of the backward-error series.
struct Degree {
    m: usize,
    theta: f64,
    leading: f64,
}

const DOUBLE: [Degree; 5] = [
    Degree {
        m: 3,
        theta: 0.014955852179582915,
        leading: 9.920634920634921e-6,
    },
    Degree {
        m: 5,
        theta: 0.25393983300632321,
        leading: 9.941312851365761e-11,
    },
    Degree {
        m: 7,
        theta: 0.95041789961629319,
        leading: 2.2281945605535596e-16,
    },
    Degree {
        m: 9,
        theta: 2.0978479612570675,
        leading: 1.6907929343118737e-22,
    },
    Degree {
        m: 13,
        theta: 5.3719203511481523,
        leading: 8.829961602018678e-36,
    },
];

const SINGLE: [Degree; 3] = [
    Degree {
        m: 3,
        theta: 0.42587300348979312,
        leading: 9.920634920634921e-6,
    },
    Degree {
        m: 5,
        theta: 1.8801526985337688,
        leading: 9.941312851365761e-11,
    },
    Degree {
        m: 7,
        // The backward-error threshold θ₇ is 3.9257248464332842, but evaluating the
        // denominator q₇(A) in f32 cancels by up to e^‖A‖ (≈ 50 at 3.9, i.e. 3e-6 relative):
        // stopping at 2.5 costs at most one more squaring and keeps the measured error of every
        // reference case within 2.5·u·max(1, κ_exp(A)).
        theta: 2.5,
        leading: 2.2281945605535596e-16,
    },
];

/// Numerator coefficients \\(b_j = \frac{(2m-j)!\,m!}{(2m)!\,j!\,(m-j)!}\\) of \\(p_m\\), scaled
/// to integers; \\(q_m(x) = p_m(-x)\\).
const PADE3: [f64; 4] = [120.0, 60.0, 12.0, 1.0];
const PADE5: [f64; 6] = [30240.0, 15120.0, 3360.0, 420.0, 30.0, 1.0];
const PADE7: [f64; 8] = [
    17297280.0, 8648640.0, 1995840.0, 277200.0, 25200.0, 1512.0, 56.0, 1.0,
];
const PADE9: [f64; 10] = [
    17643225600.0,
    8821612800.0,
    2075673600.0,
    302702400.0,
    30270240.0,
    2162160.0,
    110880.0,
    3960.0,
    90.0,
    1.0,
];
const PADE13: [f64; 14] = [
    64764752532480000.0,
    32382376266240000.0,
    7771770303897600.0,
    1187353796428800.0,
    129060195264000.0,
    10559470521600.0,
    670442572800.0,
    33522128640.0,
    1323241920.0,
    40840800.0,
    960960.0,
    16380.0,
    182.0,
    1.0,
];

/// The matrix 1-norm, the largest absolute column sum.
fn one_norm<T: Real, const N: usize>(a: &SMatrix<T, N, N>) -> T {
    a.column_iter()
        .map(|c| c.iter().fold(T::zero(), |s, x| s + x.abs()))
        .fold(T::zero(), |m, s| m.max(s))
}

fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// `x^(1/k)` for a non-negative norm (∞ stays ∞).
fn root<T: Real>(x: T, k: u32) -> T {
    if x == T::zero() {
        x
    } else {
        (x.ln() / T::lit(f64::from(k))).exp()
    }
}

/// Al-Mohy–Higham's `ell(A, m)`: how many extra squarings make the relative backward error
/// of degree m, estimated through \\(\lVert |A|^{2m+1}\rVert_1\\), fall below u.
fn ell<T: Real, const N: usize>(a: &SMatrix<T, N, N>, norm: T, degree: &Degree, u: f64) -> u32 {
    let two_m = (2 * degree.m) as f64;
    let norm = norm.as_f64();
    if norm == 0.0 {
        return 0;
    }
    // ‖|A|^{2m+1}‖ ≤ ‖A‖^{2m+1}: if even this bound passes, no squaring is needed.
    let log2_bound = log2(degree.leading) + two_m * log2(norm);
    if log2_bound <= log2(u) {
        return 0;
    }
    let abs_t = a.transpose().abs();
    let mut v = SMatrix::<T, N, 1>::repeat(T::one());
    for _ in 0..=2 * degree.m {
        v = abs_t * v;
    }
    let power_norm = v.max().as_f64();
    let log2_alpha = if power_norm.is_finite() && power_norm > 0.0 {
        log2(degree.leading) + log2(power_norm) - log2(norm)
    } else {
        log2_bound
    };
    let extra = libm::ceil((log2_alpha - log2(u)) / two_m);
    // `as` saturates; callers cap the total number of squarings anyway.
    if extra > 0.0 { extra as u32 } else { 0 }
}

/// The Padé numerator U (odd part) and V (even part) of degree m from A and its even powers.
fn pade_parts<T: Real, const N: usize>(
    a: &SMatrix<T, N, N>,
    powers: &[SMatrix<T, N, N>],
    b: &[f64],
) -> (SMatrix<T, N, N>, SMatrix<T, N, N>) {
    let id = SMatrix::<T, N, N>::identity();
    let mut odd = id * T::lit(b[1]);
    let mut even = id * T::lit(b[0]);
    for (k, p) in powers.iter().enumerate() {
        odd += p * T::lit(b[2 * k + 3]);
        even += p * T::lit(b[2 * k + 2]);
    }
    (a * odd, even)
}

/// Degree 13 in Higham's grouping: only A², A⁴, A⁶ and three more products.
fn pade13<T: Real, const N: usize>(
    a: &SMatrix<T, N, N>,
    a2: &SMatrix<T, N, N>,
    a4: &SMatrix<T, N, N>,
    a6: &SMatrix<T, N, N>,
) -> (SMatrix<T, N, N>, SMatrix<T, N, N>) {
    let b = |j: usize| T::lit(PADE13[j]);
    let id = SMatrix::<T, N, N>::identity();
    let inner_u = a6 * b(13) + a4 * b(11) + a2 * b(9);
    let u = a * (a6 * inner_u + a6 * b(7) + a4 * b(5) + a2 * b(3) + id * b(1));
    let inner_v = a6 * b(12) + a4 * b(10) + a2 * b(8);
    let v = a6 * inner_v + a6 * b(6) + a4 * b(4) + a2 * b(2) + id * b(0);
    (u, v)
}

/// The exponential \\(e^A = \sum_k A^k/k!\\) of any real N×N matrix.
///
/// Algorithm 5.1 of Al-Mohy and Higham, "A new scaling and squaring algorithm for the matrix
/// exponential" (SIAM J. Matrix Anal. Appl. 31, 2009), with its degree thresholds for the
/// unit roundoff of `T` (see the module documentation), the norms of \\(A^2, A^4, A^6\\)
/// computed exactly and those of higher powers bounded by products of them. Runs without std
/// and without allocation (nalgebra's `Matrix::exp` needs std).
///
/// Accuracy: backward stable — the result is \\(e^{A + \Delta A}\\) with
/// \\(\lVert\Delta A\rVert \lesssim u\lVert A\rVert\\); for well-conditioned inputs it agrees
/// with `scipy.linalg.expm` to \\(10^{-14}\\) relative (f64), which `tests/lie_reference.rs`
/// checks.
///
/// # Errors
/// [`Error::NonFinite`] for a non-finite entry; [`Error::Overflow`] (carrying \\(\lVert A
/// \rVert_1\\)) when the result or an intermediate power would overflow — never an infinity
/// inside `Ok`; [`Error::Singular`] if the Padé denominator cannot be factored (not observed:
/// it is well conditioned by construction).
///
/// ```
/// use geoml::lie::expm;
/// use nalgebra::Matrix2;
///
/// // Seed 000: the exponential of the skew generator θG is the rotation by θ.
/// let theta = 0.1_f64;
/// let g = Matrix2::new(0.0, -theta, theta, 0.0);
/// let r = expm(&g)?;
/// let expected = Matrix2::new(theta.cos(), -theta.sin(), theta.sin(), theta.cos());
/// assert!((r - expected).amax() < 1e-16);
///
/// // A huge matrix overflows: an error, not infinities.
/// assert!(expm(&Matrix2::new(1000.0_f64, 0.0, 0.0, 0.0)).is_err());
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn expm<T: Real, const N: usize>(a: &SMatrix<T, N, N>) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>>,
{
    check_finite(a.as_slice())?;
    let norm = one_norm(a);
    let overflow = || Error::Overflow {
        value: norm.as_f64(),
    };
    let (table, u): (&[Degree], f64) = if T::is_single_precision() {
        (&SINGLE, f64::from(f32::EPSILON) / 2.0)
    } else {
        (&DOUBLE, f64::EPSILON / 2.0)
    };
    let pick = |m: usize| table.iter().find(|d| d.m == m);

    let a2 = a * a;
    let n2 = one_norm(&a2);
    // max(d4, d6) ≤ ‖A²‖^{1/2}.
    if let Some(d3) = pick(3)
        && root(n2, 2) <= T::lit(d3.theta)
        && ell(a, norm, d3, u) == 0
    {
        let (odd, even) = pade_parts(a, &[a2], &PADE3);
        return solve(&odd, &even).and_then(|x| finite(x, overflow));
    }
    let a4 = a2 * a2;
    let n4 = one_norm(&a4);
    let d4 = root(n4, 4);
    let eta2 = d4.max(root(n4 * n2, 6));
    if let Some(d5) = pick(5)
        && eta2 <= T::lit(d5.theta)
        && ell(a, norm, d5, u) == 0
    {
        let (odd, even) = pade_parts(a, &[a2, a4], &PADE5);
        return solve(&odd, &even).and_then(|x| finite(x, overflow));
    }
    let a6 = a4 * a2;
    let n6 = one_norm(&a6);
    let d6 = root(n6, 6);
    let d8 = d4.min(root(n2 * n6, 8));
    let eta3 = d6.max(d8);
    if let Some(d7) = pick(7)
        && eta3 <= T::lit(d7.theta)
        && ell(a, norm, d7, u) == 0
    {
        let (odd, even) = pade_parts(a, &[a2, a4, a6], &PADE7);
        return solve(&odd, &even).and_then(|x| finite(x, overflow));
    }
    if let Some(d9) = pick(9)
        && eta3 <= T::lit(d9.theta)
        && ell(a, norm, d9, u) == 0
    {
        let a8 = a4 * a4;
        let (odd, even) = pade_parts(a, &[a2, a4, a6, a8], &PADE9);
        return solve(&odd, &even).and_then(|x| finite(x, overflow));
    }

    // Scaling and squaring with the largest degree of the table.
    let top = &table[table.len() - 1];
    let d10 = d4.max(d6).min(root(n4 * n6, 10));
    // Every d_k is at most ‖A‖₁; the bound also keeps η finite when powers overflowed.
    let eta = eta3.min(d8.max(d10)).min(norm);
    let ratio = (eta / T::lit(top.theta)).as_f64();
    let mut s = if ratio > 1.0 {
        libm::ceil(log2(ratio)) as u32
    } else {
        0
    };
    let scale_of = |s: u32| T::lit(libm::ldexp(1.0, -(s as i32)));
    s = s.saturating_add(ell(&(a * scale_of(s)), norm * scale_of(s), top, u));
    // Beyond this many squarings every finite result would have overflowed long before.
    if s > 1100 {
        return Err(overflow());
    }
    let scale = scale_of(s);
    let a_s = a * scale;
    let powers_finite = [&a2, &a4, &a6]
        .iter()
        .all(|p| p.iter().all(|x| x.is_finite()));
    let (a2s, a4s, a6s) = if s > 0 && powers_finite && s < 50 {
        // Exact rescaling by powers of two (as long as they do not underflow).
        let s2 = scale * scale;
        (a2 * s2, a4 * (s2 * s2), a6 * (s2 * s2 * s2))
    } else if s == 0 {
        (a2, a4, a6)
    } else {
        let a2s = a_s * a_s;
        let a4s = a2s * a2s;
        (a2s, a4s, a4s * a2s)
    };
    let (odd, even) = if top.m == 13 {
        pade13(&a_s, &a2s, &a4s, &a6s)
    } else {
        pade_parts(&a_s, &[a2s, a4s, a6s], &PADE7)
    };
    let mut x = solve(&odd, &even)?;
    for _ in 0..s {
        x = x * x;
        if !x[(0, 0)].is_finite() {
            return Err(overflow());
        }
    }
    finite(x, overflow)
}

/// \\(r_m = (V - U)^{-1}(V + U)\\) by LU with partial pivoting.
fn solve<T: Real, const N: usize>(
    odd: &SMatrix<T, N, N>,
    even: &SMatrix<T, N, N>,
) -> Result<SMatrix<T, N, N>>
where
    Const<N>: DimMin<Const<N>, Output = Const<N>>,
{
    let q = even - odd;
    let p = even + odd;
    q.lu().solve(&p).ok_or(Error::Singular {
        value: q.determinant().as_f64(),
    })
}

fn finite<T: Real, const N: usize>(
    x: SMatrix<T, N, N>,
    overflow: impl Fn() -> Error,
) -> Result<SMatrix<T, N, N>> {
    if x.iter().all(|v| v.is_finite()) {
        Ok(x)
    } else {
        Err(overflow())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::{Matrix1, Matrix2, Matrix3, Matrix4, SMatrix};
    use rand::{RngExt, SeedableRng, rngs::StdRng};

    fn factorial(n: usize) -> f64 {
        (1..=n).map(|k| k as f64).product()
    }

    #[test]
    fn pade_coefficients_follow_their_formula() {
        for (m, b) in [
            (3, &PADE3[..]),
            (5, &PADE5[..]),
            (7, &PADE7[..]),
            (9, &PADE9[..]),
            (13, &PADE13[..]),
        ] {
            for j in 0..=m {
                let exact = factorial(2 * m - j) * factorial(m)
                    / (factorial(2 * m) * factorial(j) * factorial(m - j));
                // b_j / b_m equals the formula's ratio (the formula gives m!/(2m)! for j = m).
                let ratio = b[j] / b[m];
                let formula_ratio = exact / (factorial(m) / factorial(2 * m));
                assert!(
                    (ratio - formula_ratio).abs() <= 1e-14 * ratio,
                    "m = {m}, j = {j}"
                );
            }
        }
        for d in DOUBLE.iter().chain(SINGLE.iter()) {
            let m = d.m;
            let leading = factorial(m) * factorial(m) / (factorial(2 * m) * factorial(2 * m + 1));
            assert!((d.leading - leading).abs() <= 1e-15 * leading);
        }
    }

    /// Taylor series with many terms and many squarings: an independent, slow reference.
    fn taylor<const N: usize>(a: &SMatrix<f64, N, N>) -> SMatrix<f64, N, N> {
        let s = 8;
        let b = a / f64::from(1 << s);
        let mut term = SMatrix::<f64, N, N>::identity();
        let mut sum = term;
        for k in 1..30 {
            term = term * b / k as f64;
            sum += term;
        }
        for _ in 0..s {
            sum = sum * sum;
        }
        sum
    }

    fn check_random<const N: usize>(rng: &mut StdRng, scale: f64)
    where
        Const<N>: DimMin<Const<N>, Output = Const<N>>,
    {
        let a = SMatrix::<f64, N, N>::from_fn(|_, _| rng.random_range(-1.0..1.0) * scale);
        let e = expm(&a).unwrap();
        let r = taylor(&a);
        assert!((e - r).amax() <= 1e-12 * r.amax(), "{a} {e} {r}");
        let a32 = a.map(|x| x as f32);
        let e32 = expm(&a32).unwrap();
        let r32 = taylor(&a32.map(f64::from));
        assert!(
            (e32.map(f64::from) - r32).amax() <= 1e-5 * r32.amax(),
            "{a32} {e32} {r32}"
        );
    }

    #[test]
    fn agrees_with_a_long_taylor_series_for_every_degree() {
        let mut rng = StdRng::seed_from_u64(1);
        // Scales chosen so that every degree (3, 5, 7, 9, 13 and squaring) is exercised.
        for scale in [1e-4, 5e-3, 0.05, 0.2, 0.5, 1.0, 2.0, 4.0] {
            for _ in 0..5 {
                check_random::<1>(&mut rng, scale);
                check_random::<3>(&mut rng, scale);
                check_random::<4>(&mut rng, scale);
                check_random::<6>(&mut rng, scale);
            }
        }
    }

    #[test]
    fn skew_generators_give_rotations() {
        for theta in [1e-9_f64, 0.1, 1.0, 3.0, 10.0, 100.0] {
            let g = Matrix2::new(0.0, -theta, theta, 0.0);
            let r = expm(&g).unwrap();
            let expected = Matrix2::new(theta.cos(), -theta.sin(), theta.sin(), theta.cos());
            assert!((r - expected).amax() < 1e-14 * theta.max(1.0), "{theta}");
        }
    }

    #[test]
    fn exponentials_of_commuting_and_scalar_matrices() {
        let e = expm(&Matrix1::new(-2.0_f64)).unwrap();
        assert!((e[(0, 0)] - (-2.0_f64).exp()).abs() < 1e-16);
        let d = Matrix3::from_diagonal(&nalgebra::Vector3::new(1.0_f64, -3.0, 7.0));
        let e = expm(&d).unwrap();
        for (i, x) in [1.0_f64, -3.0, 7.0].iter().enumerate() {
            let err = (e[(i, i)] - x.exp()).abs() / x.exp();
            // Padé's denominator at 3.5 cancels by e^3.5 ≈ 33, and one squaring doubles that.
            assert!(err <= 5e-15, "{x}: {err:e}");
        }
        assert_eq!(expm(&Matrix4::<f32>::zeros()).unwrap(), Matrix4::identity());
        // A nilpotent matrix: e^N = I + N exactly.
        let n = Matrix3::new(0.0_f64, 1e8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        let e = expm(&n).unwrap();
        assert!((e - (Matrix3::identity() + n)).amax() <= 1e-16 * 1e8);
    }

    #[test]
    fn overflow_and_bad_input_are_errors() {
        assert!(matches!(
            expm(&Matrix2::new(710.0_f64, 0.0, 0.0, 0.0)),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            expm(&Matrix2::new(89.0_f32, 0.0, 0.0, 0.0)),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            expm(&Matrix2::new(1e308_f64, 1e308, 1e308, 1e308)),
            Err(Error::Overflow { .. })
        ));
        assert!(matches!(
            expm(&Matrix2::new(0.0_f64, f64::NAN, 0.0, 0.0)),
            Err(Error::NonFinite { index: 2, .. })
        ));
        // Large but representable: e^700 ≈ 1e304.
        let e = expm(&Matrix2::new(700.0_f64, 0.0, 0.0, -700.0)).unwrap();
        assert!((e[(0, 0)] / 700.0_f64.exp() - 1.0).abs() < 1e-12);
        // A large skew matrix still gives a rotation (to the accuracy its conditioning allows)…
        let theta = 1e6_f64;
        let r = expm(&Matrix2::new(0.0, -theta, theta, 0.0)).unwrap();
        assert!((r[(0, 0)] - theta.cos()).abs() < 1e-8 && (r[(1, 0)] - theta.sin()).abs() < 1e-8);
        // …but at 1e200 the 660 squarings amplify rounding by (1 + ε)^(2^660): an error.
        assert!(matches!(
            expm(&Matrix2::new(0.0_f64, -1e200, 1e200, 0.0)),
            Err(Error::Overflow { .. })
        ));
    }
}
