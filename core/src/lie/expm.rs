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
use nalgebra::SMatrix;

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
        leading: 9.92063492063492e-06,
    },
    Degree {
        m: 5,
        theta: 0.2539398330063232,
        leading: 9.941312851365761e-11,
    },
    Degree {
        m: 7,
        theta: 0.9504178996162932,
        leading: 2.2281945605535596e-16,
    },
    Degree {
        m: 9,
        theta: 2.0978479612570675,
        leading: 1.6907929343118737e-22,
    },
    Degree {
        m: 13,
        theta: 5.371920351148153,
        leading: 8.829961602018678e-36,
    },
];

const SINGLE: [Degree; 3] = [
    Degree {
        m: 3,
        theta: 0.4258730034897931,
        leading: 9.92063492063492e-06,
    },
    Degree {
        m: 5,
        theta: 1.8801526985337689,
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

/// The matrix 1-norm, the largest absolute column sum, as f64; +∞ if any entry is not finite
/// (an overflowed power), which a plain `max` would silently skip for NaN.
fn one_norm<T: Real, const N: usize>(a: &SMatrix<T, N, N>) -> f64 {
    column_sums(a).1
}

/// The smallest and the largest absolute column sum (the latter is the 1-norm), as f64; the
/// largest is +∞ if any entry is not finite.
fn column_sums<T: Real, const N: usize>(a: &SMatrix<T, N, N>) -> (f64, f64) {
    let mut smallest = f64::INFINITY;
    let mut largest = 0.0_f64;
    for column in &a.data.0 {
        let sum = column.iter().fold(T::zero(), |s, x| s + x.abs()).as_f64();
        if !sum.is_finite() {
            return (smallest, f64::INFINITY);
        }
        smallest = smallest.min(sum);
        largest = largest.max(sum);
    }
    (smallest, largest)
}

/// \\(c_0 I + \sum_k c_k P_k\\) (at most four terms), each entry written once.
fn combine<T: Real, const N: usize>(
    identity_coefficient: f64,
    terms: &[(&SMatrix<T, N, N>, f64)],
) -> SMatrix<T, N, N> {
    let zero = SMatrix::<T, N, N>::zeros();
    let mut m = [&zero; 4];
    let mut c = [T::zero(); 4];
    for (k, (matrix, coefficient)) in terms.iter().take(4).enumerate() {
        m[k] = matrix;
        c[k] = T::lit(*coefficient);
    }
    let [m0, m1, m2, m3] = m.map(|x| &x.data.0);
    let mut out = [[T::zero(); N]; N];
    for (j, column) in out.iter_mut().enumerate() {
        for (i, x) in column.iter_mut().enumerate() {
            *x = m0[j][i] * c[0] + m1[j][i] * c[1] + m2[j][i] * c[2] + m3[j][i] * c[3];
        }
        if let Some(x) = column.get_mut(j) {
            *x += T::lit(identity_coefficient);
        }
    }
    SMatrix::from_data(nalgebra::ArrayStorage(out))
}

/// `x^k` by repeated squaring (no `powi`, which is `pow` without std).
fn power(mut x: f64, mut k: usize) -> f64 {
    let mut result = 1.0;
    while k > 0 {
        if k & 1 == 1 {
            result *= x;
        }
        x *= x;
        k >>= 1;
    }
    result
}

/// `x^(1/k)` for a non-negative norm (only on the scaling path, where it is needed).
fn root(x: f64, k: u32) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        libm::exp(libm::log(x) / f64::from(k))
    }
}

/// The norms \\(\lVert A^{2k}\rVert_1\\) known so far, and the bounds they give on
/// \\(d_{2k} = \lVert A^{2k}\rVert_1^{1/(2k)}\\) through \\(\lVert A^{i+j}\rVert \le
/// \lVert A^i\rVert\lVert A^j\rVert\\). Comparisons \\(d_k \le \theta\\) are made as
/// \\(\lVert A^k\rVert \le \theta^k\\), so that choosing the degree costs no logarithms.
struct Norms {
    n1: f64,
    n2: f64,
    n4: f64,
    n6: f64,
}

impl Norms {
    /// \\(d_4 \le \theta\\), \\(d_6 \le \theta\\) with \\(\lVert A^6\rVert \le \lVert A^4\rVert
    /// \lVert A^2\rVert\\) until A⁶ is formed.
    fn eta2_within(&self, theta: f64) -> bool {
        self.n4 <= power(theta, 4) && self.n4 * self.n2 <= power(theta, 6)
    }
    /// \\(d_8 \le \theta\\) with \\(\lVert A^8\rVert \le \min(\lVert A^4\rVert^2,
    /// \lVert A^2\rVert\lVert A^6\rVert)\\).
    fn d8_within(&self, theta: f64) -> bool {
        self.n4 <= power(theta, 4) || self.n2 * self.n6 <= power(theta, 8)
    }
    /// \\(\eta_3 = \max(d_6, d_8) \le \theta\\).
    fn eta3_within(&self, theta: f64) -> bool {
        self.n6 <= power(theta, 6) && self.d8_within(theta)
    }
    /// \\(\min(\eta_3, \max(d_8, d_{10})) \le \theta\\), with \\(\lVert A^{10}\rVert \le
    /// \lVert A^4\rVert\lVert A^6\rVert\\); also true when \\(\lVert A\rVert_1 \le \theta\\).
    fn eta5_within(&self, theta: f64) -> bool {
        self.n1 <= theta
            || self.eta3_within(theta)
            || (self.d8_within(theta) && self.n4 * self.n6 <= power(theta, 10))
    }
    /// The value of that bound, for the number of squarings.
    fn eta5(&self) -> f64 {
        let d4 = root(self.n4, 4);
        let d6 = root(self.n6, 6);
        let d8 = d4.min(root(self.n2 * self.n6, 8));
        let d10 = root(self.n4 * self.n6, 10);
        d6.max(d8).min(d8.max(d10)).min(self.n1)
    }
}

/// A power \\(|A|^k\\) of the entrywise absolute value, with its smallest and largest column
/// sums. For a non-negative matrix B these bound its spectral radius,
/// \\(\min_j \sum_i B_{ij} \le \rho(B) \le \lVert B\rVert_1\\), so
/// \\(\lVert |A|^n\rVert_1 \ge \rho(|A|)^n \ge (\text{smallest column sum of } |A|^k)^{n/k}\\).
struct AbsolutePower<T, const N: usize> {
    matrix: SMatrix<T, N, N>,
    smallest: f64,
    largest: f64,
}

impl<T: Real, const N: usize> AbsolutePower<T, N> {
    fn new(matrix: SMatrix<T, N, N>) -> Self {
        let (smallest, largest) = column_sums(&matrix);
        AbsolutePower {
            matrix,
            smallest,
            largest,
        }
    }
}

/// The row vector \\(v^\top B\\) (column sums weighted by v).
fn row_times<T: Real, const N: usize>(v: &[T; N], b: &SMatrix<T, N, N>) -> [T; N] {
    let mut out = [T::zero(); N];
    for (o, column) in out.iter_mut().zip(b.data.0.iter()) {
        *o = column
            .iter()
            .zip(v.iter())
            .fold(T::zero(), |s, (x, y)| s + *x * *y);
    }
    out
}

/// What Al-Mohy–Higham's `ell(A, m)` needs to know about |A|, gathered lazily and shared by
/// the degrees: |A|, |A|², |A|⁴ and their column sums.
struct AbsoluteBounds<T, const N: usize> {
    first: AbsolutePower<T, N>,
    square: Option<AbsolutePower<T, N>>,
    fourth: Option<AbsolutePower<T, N>>,
}

impl<T: Real, const N: usize> AbsoluteBounds<T, N> {
    fn new(a: &SMatrix<T, N, N>) -> Self {
        // Entrywise on the arrays (nalgebra's `abs` goes through its generic iterators).
        let abs = SMatrix::from_data(nalgebra::ArrayStorage(
            a.data.0.map(|column| column.map(|x| x.abs())),
        ));
        AbsoluteBounds {
            first: AbsolutePower::new(abs),
            square: None,
            fourth: None,
        }
    }

    fn square(&mut self) -> &AbsolutePower<T, N> {
        let b = &self.first.matrix;
        self.square.get_or_insert_with(|| AbsolutePower::new(b * b))
    }

    fn fourth(&mut self) -> &AbsolutePower<T, N> {
        let b2 = self.square().matrix;
        self.fourth
            .get_or_insert_with(|| AbsolutePower::new(b2 * b2))
    }

    /// \\(\lVert |A|^k\rVert_1\\) for odd k ≥ 5 exactly, as \\(1^\top |A|^{4q}\\) times
    /// \\(|A|\\) or \\(|A|^3\\): a few vector products with the cached powers.
    fn power_norm(&mut self, k: usize) -> f64 {
        let fourth = self.fourth().matrix;
        let square = self.square().matrix;
        let first = self.first.matrix;
        let mut v = row_times(&[T::one(); N], &fourth);
        for _ in 1..k / 4 {
            v = row_times(&v, &fourth);
        }
        if k % 4 == 3 {
            v = row_times(&v, &square);
        }
        v = row_times(&v, &first);
        let n = v.iter().fold(T::zero(), |m, x| m.max(*x)).as_f64();
        if n.is_finite() { n } else { f64::INFINITY }
    }

    /// Al-Mohy–Higham's `ell(2^{-s}A, m)`: the number of extra squarings after which the
    /// relative backward error of degree m, estimated by
    /// \\(\alpha = |c_{2m+1}|\,\lVert |A_s|^{2m+1}\rVert_1/\lVert A_s\rVert_1\\) with
    /// \\(A_s = 2^{-s}A\\), falls below u: \\(\lceil\log_2(\alpha/u)/(2m)\rceil^+\\).
    ///
    /// For small matrices the 2m+1 matrix–vector products AMH spend on
    /// \\(\lVert |A|^{2m+1}\rVert\\) cost as much as the exponential itself, so cheaper bounds
    /// decide first: \\(\lVert A\rVert^{2m}\\), \\(\lVert |A|^2\rVert^m\\) and
    /// \\(\lVert |A|^4\rVert^{\lfloor m/2\rfloor}\lVert |A|^2\rVert^{m \bmod 2}\\) from above,
    /// and — when only whether ell = 0 matters (`only_whether_zero`) — the spectral-radius
    /// bounds of [`AbsolutePower`] from below. In that mode an undecided case answers 1 ("not
    /// zero"), which sends the caller to the next degree.
    fn ell(&mut self, degree: &Degree, s: u32, u: f64, only_whether_zero: bool) -> u32 {
        let norm = self.first.largest;
        if norm == 0.0 {
            return 0;
        }
        let (m, k) = (degree.m, 2 * degree.m + 1);
        let c = degree.leading;
        let shrink = libm::ldexp(1.0, -(s as i32));
        let norm_s = norm * shrink;
        // α ≤ c‖A_s‖^{2m}.
        if c * power(norm_s, 2 * m) <= u {
            return 0;
        }
        // α ≥ c·ρ^k/‖A_s‖ ≥ c·(smallest column sum)^k/‖A_s‖.
        let rejects = |rho: f64| only_whether_zero && c * power(rho * shrink, k) / norm_s > u;
        if rejects(self.first.smallest) {
            return 1;
        }
        let (square_smallest, square_largest) = {
            let sq = self.square();
            (sq.smallest, sq.largest)
        };
        let square_s = square_largest * shrink * shrink;
        if c * power(square_s, m) <= u {
            return 0;
        }
        if rejects(libm::sqrt(square_smallest)) {
            return 1;
        }
        if only_whether_zero {
            // Undecided by the cheap bounds: report "not zero" and let the caller move on to
            // the next degree. That is always safe (a higher degree only lowers the backward
            // error), costs at most one matrix product, and saves the two products and the
            // vector products the exact value would need.
            return 1;
        }
        let fourth_largest = self.fourth().largest;
        let fourth_s = fourth_largest * power(shrink, 4);
        if c * power(fourth_s, m / 2) * power(square_s, m % 2) <= u {
            return 0;
        }
        let alpha = c * self.power_norm(k) * power(shrink, k) / norm_s;
        // Each extra squaring divides α by 2^{2m}; count them without logarithms.
        let step = libm::ldexp(1.0, 2 * m as i32);
        let mut extra = 0;
        let mut limit = u;
        while alpha > limit && extra < 64 {
            limit *= step;
            extra += 1;
        }
        if extra < 64 {
            return extra;
        }
        // Only for absurd norms (or an overflowed power): the logarithmic form of the first
        // bound.
        let log2 = libm::log2;
        let log2_alpha = log2(c) + (2 * m) as f64 * log2(norm_s);
        let extra = libm::ceil((log2_alpha - log2(u)) / (2 * m) as f64);
        // `as` saturates; the caller caps the total number of squarings anyway.
        if extra > 0.0 { extra as u32 } else { 0 }
    }
}

/// The Padé numerator U (odd part) and V (even part) of degree m from A and its even powers.
// Inlined: returning the 512-byte matrices of an 8×8 call out of line costs copies that
// measured 6 % of expm's instructions.
#[inline(always)]
fn pade_parts<T: Real, const N: usize>(
    a: &SMatrix<T, N, N>,
    powers: &[&SMatrix<T, N, N>],
    b: &[f64],
) -> (SMatrix<T, N, N>, SMatrix<T, N, N>) {
    let mut odd_terms: [(&SMatrix<T, N, N>, f64); 4] = [(a, 0.0); 4];
    let mut even_terms: [(&SMatrix<T, N, N>, f64); 4] = [(a, 0.0); 4];
    let used = powers.len().min(4);
    for (k, p) in powers.iter().take(used).enumerate() {
        odd_terms[k] = (p, b[2 * k + 3]);
        even_terms[k] = (p, b[2 * k + 2]);
    }
    let odd = combine(b[1], &odd_terms[..used]);
    let even = combine(b[0], &even_terms[..used]);
    (a * odd, even)
}

/// Two linear combinations of the same three powers in one pass over their entries:
/// \\(x_0 + X + \sum_k c_k P_k\\) and \\(y_0 + Y + \sum_k d_k P_k\\) (x₀, y₀ on the diagonal; X,
/// Y optional extra terms with coefficient 1).
#[inline(always)] // as pade_parts
fn combine_pair<T: Real, const N: usize>(
    powers: [&SMatrix<T, N, N>; 3],
    (c, x0, x): ([f64; 3], f64, Option<&SMatrix<T, N, N>>),
    (d, y0, y): ([f64; 3], f64, Option<&SMatrix<T, N, N>>),
) -> (SMatrix<T, N, N>, SMatrix<T, N, N>) {
    let c = c.map(T::lit);
    let d = d.map(T::lit);
    let [p0, p1, p2] = powers.map(|p| &p.data.0);
    let mut first = match x {
        Some(m) => m.data.0,
        None => [[T::zero(); N]; N],
    };
    let mut second = match y {
        Some(m) => m.data.0,
        None => [[T::zero(); N]; N],
    };
    for j in 0..N {
        for i in 0..N {
            let (a, b, e) = (p0[j][i], p1[j][i], p2[j][i]);
            // Left to right from the extra term, as Higham's evaluation sums them.
            first[j][i] = first[j][i] + a * c[0] + b * c[1] + e * c[2];
            second[j][i] = second[j][i] + a * d[0] + b * d[1] + e * d[2];
        }
        first[j][j] += T::lit(x0);
        second[j][j] += T::lit(y0);
    }
    (
        SMatrix::from_data(nalgebra::ArrayStorage(first)),
        SMatrix::from_data(nalgebra::ArrayStorage(second)),
    )
}

/// Degree 13 in Higham's grouping: only A², A⁴, A⁶ and three more products.
#[inline(always)] // as pade_parts
fn pade13<T: Real, const N: usize>(
    a: &SMatrix<T, N, N>,
    a2: &SMatrix<T, N, N>,
    a4: &SMatrix<T, N, N>,
    a6: &SMatrix<T, N, N>,
) -> (SMatrix<T, N, N>, SMatrix<T, N, N>) {
    let b = PADE13;
    let powers = [a6, a4, a2];
    let (inner_u, inner_v) = combine_pair(
        powers,
        ([b[13], b[11], b[9]], 0.0, None),
        ([b[12], b[10], b[8]], 0.0, None),
    );
    let (pu, pv) = (a6 * inner_u, a6 * inner_v);
    let (outer_u, v) = combine_pair(
        powers,
        ([b[7], b[5], b[3]], b[1], Some(&pu)),
        ([b[6], b[4], b[2]], b[0], Some(&pv)),
    );
    (a * outer_u, v)
}

/// The exponential \\(e^A = \sum_k A^k/k!\\) of any real N×N matrix.
///
/// Algorithm 5.1 of Al-Mohy and Higham, "A new scaling and squaring algorithm for the matrix
/// exponential" (SIAM J. Matrix Anal. Appl. 31, 2009), with its degree thresholds for the
/// unit roundoff of `T` (see the module documentation), the norms of \\(A^2, A^4, A^6\\)
/// computed exactly and those of higher powers bounded by products of them. Runs without std
/// and without allocation (nalgebra's `Matrix::exp` needs std). The Padé quotient is formed as
/// \\(r_m = I + 2q_m^{-1}U\\) (U the odd part), which adds the identity exactly; up to 4×4
/// with nalgebra's closed-form inverse of \\(q_m\\), beyond by Gaussian elimination with
/// partial pivoting on the stack — both several times faster than a general LU at these sizes.
///
/// Accuracy: backward stable — the result is \\(e^{A + \Delta A}\\) with
/// \\(\lVert\Delta A\rVert \lesssim u\lVert A\rVert\\). Against 60-digit mpmath values
/// (`tests/lie_reference.rs`) the f64 error is below 2.6e-15 relative on every case, and within
/// 1e-14 of `scipy.linalg.expm` wherever scipy itself is accurate; in f32 it is below
/// 2u·max(1, κ), κ the condition number of the exponential at A.
///
/// # Errors
/// [`Error::NonFinite`] for a non-finite entry; [`Error::Overflow`] (carrying \\(\lVert A
/// \rVert_1\\)) when the result or an intermediate power would overflow — never an infinity
/// inside `Ok`; [`Error::Singular`] if the Padé denominator has a zero pivot. It is well
/// conditioned when the scaled matrix is small in norm, but the scaling is chosen from the
/// growth of the powers of A, so a badly scaled A whose huge entries are nilpotent (powers that
/// do not grow like ‖A‖^k; entries from 1e-323 to 1e231 in a 5×5, found by fuzzing) can leave
/// it so ill-conditioned that elimination meets a zero pivot; more squarings would lose the
/// result's accuracy instead, so this is reported.
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
/// assert!((r - expected).amax() < 4e-16);
///
/// // A huge matrix overflows: an error, not infinities.
/// assert!(expm(&Matrix2::new(1000.0_f64, 0.0, 0.0, 0.0)).is_err());
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn expm<T: Real, const N: usize>(a: &SMatrix<T, N, N>) -> Result<SMatrix<T, N, N>> {
    check_finite(a.as_slice())?;
    let n1 = one_norm(a);
    let overflow = || Error::Overflow { value: n1 };
    let (table, u): (&[Degree], f64) = if T::is_single_precision() {
        (&SINGLE, f64::from(f32::EPSILON) / 2.0)
    } else {
        (&DOUBLE, f64::EPSILON / 2.0)
    };
    let pick = |m: usize| table.iter().find(|d| d.m == m);
    let done = |odd: &SMatrix<T, N, N>, even: &SMatrix<T, N, N>| {
        let x = solve(odd, even, overflow)?;
        all_finite(&x, overflow)?;
        Ok(x)
    };

    let mut abs = AbsoluteBounds::new(a);
    let a2 = a * a;
    let mut norms = Norms {
        n1,
        n2: one_norm(&a2),
        n4: f64::INFINITY,
        n6: f64::INFINITY,
    };
    // max(d4, d6) ≤ ‖A²‖^{1/2}.
    if let Some(d3) = pick(3)
        && norms.n2 <= d3.theta * d3.theta
        && abs.ell(d3, 0, u, true) == 0
    {
        let (odd, even) = pade_parts(a, &[&a2], &PADE3);
        return done(&odd, &even);
    }
    let a4 = a2 * a2;
    norms.n4 = one_norm(&a4);
    if let Some(d5) = pick(5)
        && norms.eta2_within(d5.theta)
        && abs.ell(d5, 0, u, true) == 0
    {
        let (odd, even) = pade_parts(a, &[&a2, &a4], &PADE5);
        return done(&odd, &even);
    }
    let a6 = a4 * a2;
    norms.n6 = one_norm(&a6);
    if let Some(d7) = pick(7)
        && norms.eta3_within(d7.theta)
        && abs.ell(d7, 0, u, true) == 0
    {
        let (odd, even) = pade_parts(a, &[&a2, &a4, &a6], &PADE7);
        return done(&odd, &even);
    }
    if let Some(d9) = pick(9)
        && norms.eta3_within(d9.theta)
        && abs.ell(d9, 0, u, true) == 0
    {
        let a8 = a4 * a4;
        let (odd, even) = pade_parts(a, &[&a2, &a4, &a6, &a8], &PADE9);
        return done(&odd, &even);
    }

    // Scaling and squaring with the largest degree of the table.
    let top = &table[table.len() - 1];
    // The fewest squarings s with η ≤ 2^s·θ, found by comparisons while s is small.
    let mut s = 0;
    while s < 64 && !norms.eta5_within(top.theta * libm::ldexp(1.0, s)) {
        s += 1;
    }
    let mut s = s as u32;
    if s == 64 {
        s = libm::ceil(libm::log2(norms.eta5() / top.theta)).max(0.0) as u32;
    }
    s = s.saturating_add(abs.ell(top, s, u, false));
    // Beyond this many squarings every finite result would have overflowed long before.
    if s > 1100 {
        return Err(overflow());
    }
    let top_parts = |a: &SMatrix<T, N, N>, a2, a4, a6| {
        if top.m == 13 {
            pade13(a, a2, a4, a6)
        } else {
            pade_parts(a, &[a2, a4, a6], &PADE7)
        }
    };
    let (odd, even) = if s == 0 {
        top_parts(a, &a2, &a4, &a6)
    } else {
        // Recomputed rather than rescaled: the unscaled powers may have overflowed.
        // 2^-s in two factors: 2^-s itself underflows the scalar type for the largest s.
        let (first, second) = (s / 2, s - s / 2);
        let a_s = a
            * T::lit(libm::ldexp(1.0, -(first as i32)))
            * T::lit(libm::ldexp(1.0, -(second as i32)));
        let a2s = a_s * a_s;
        let a4s = a2s * a2s;
        let a6s = a4s * a2s;
        top_parts(&a_s, &a2s, &a4s, &a6s)
    };
    let mut x = solve(&odd, &even, overflow)?;
    for _ in 0..s {
        x = x * x;
        if !x[(0, 0)].is_finite() {
            return Err(overflow());
        }
    }
    all_finite(&x, overflow)?;
    Ok(x)
}

/// \\(r_m = (V - U)^{-1}(V + U)\\) by Gaussian elimination with partial pivoting on row
/// arrays. Rows are copied out whole so that every inner loop has the constant length N
/// (unrolled and vectorised); the columns left of the pivot are finished and never read
/// again, so updating them too costs nothing but saves variable-length loops. Measured on
/// 8×8 systems this is 2.7× faster than a column-oriented variant and 4× faster than
/// nalgebra's general LU.
fn solve<T: Real, const N: usize>(
    odd: &SMatrix<T, N, N>,
    even: &SMatrix<T, N, N>,
    overflow: impl Fn() -> Error,
) -> Result<SMatrix<T, N, N>> {
    if N <= 4 {
        // nalgebra's closed-form inverse (cofactors) is cheaper than elimination up to 4×4,
        // and q is well conditioned by construction (Higham 2005, Table 2.2).
        let q = even - odd;
        if !q.iter().all(|x| x.is_finite()) {
            return Err(overflow());
        }
        // r = q⁻¹(q + 2U) = I + 2q⁻¹U: the identity is added exactly, which keeps results
        // near I (small A) accurate to the last bit.
        return match q.try_inverse() {
            Some(inverse) => {
                let mut x = inverse * odd * T::lit(2.0);
                for k in 0..N {
                    x[(k, k)] += T::one();
                }
                Ok(x)
            }
            None => Err(Error::Singular { value: 0.0 }),
        };
    }
    let (odd, even) = (&odd.data.0, &even.data.0);
    let mut q = [[T::zero(); N]; N];
    let mut p = [[T::zero(); N]; N];
    for j in 0..N {
        for i in 0..N {
            q[i][j] = even[j][i] - odd[j][i];
            p[i][j] = odd[j][i];
        }
    }
    for k in 0..N {
        let mut pivot_row = k;
        for i in k + 1..N {
            if q[i][k].abs() > q[pivot_row][k].abs() {
                pivot_row = i;
            }
        }
        q.swap(k, pivot_row);
        p.swap(k, pivot_row);
        let (q_k, p_k) = (q[k], p[k]);
        let pivot = q_k[k];
        if !pivot.is_finite() {
            return Err(overflow());
        }
        if pivot == T::zero() {
            return Err(Error::Singular { value: 0.0 });
        }
        // One division per pivot (a multiplier's rounding is absorbed by the backward error).
        let inverse = T::one() / pivot;
        for i in k + 1..N {
            let l = q[i][k] * inverse;
            let (q_i, p_i) = (&mut q[i], &mut p[i]);
            for j in 0..N {
                q_i[j] -= l * q_k[j];
                p_i[j] -= l * p_k[j];
            }
        }
    }
    // Back substitution; a reciprocal rather than N divisions per pivot (half an ulp, far
    // below the method's own error).
    for k in (0..N).rev() {
        let inverse = T::one() / q[k][k];
        let mut p_k = p[k];
        for x in p_k.iter_mut() {
            *x *= inverse;
        }
        p[k] = p_k;
        for i in 0..k {
            let f = q[i][k];
            let p_i = &mut p[i];
            for j in 0..N {
                p_i[j] -= f * p_k[j];
            }
        }
    }
    // r = q⁻¹(q + 2U) = I + 2q⁻¹U, so the right-hand side above was U and the identity is
    // added exactly here.
    let two = T::lit(2.0);
    let mut x = [[T::zero(); N]; N];
    for j in 0..N {
        for i in 0..N {
            x[j][i] = p[i][j] * two;
        }
    }
    for (j, column) in x.iter_mut().enumerate() {
        column[j] += T::one();
    }
    Ok(SMatrix::from_data(nalgebra::ArrayStorage(x)))
}

fn all_finite<T: Real, const N: usize>(
    x: &SMatrix<T, N, N>,
    overflow: impl Fn() -> Error,
) -> Result<()> {
    if x.data.0.iter().flatten().all(|v| v.is_finite()) {
        Ok(())
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
            // Scaled so that b_m = 1, the coefficients are the integers (2m − j)!/(j!(m − j)!),
            // all exactly representable in f64 (the largest, 26!/13! ≈ 6.5e16, has enough
            // factors of two): compare them exactly, in u128.
            let factorial_u128 = |n: usize| (1..=n as u128).product::<u128>();
            for (j, &coefficient) in b.iter().enumerate() {
                let exact = factorial_u128(2 * m - j) / (factorial_u128(j) * factorial_u128(m - j));
                assert_eq!(coefficient as u128, exact, "m = {m}, j = {j}");
                assert_eq!(
                    exact as f64, coefficient,
                    "m = {m}, j = {j} is not exact in f64"
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

    fn check_random<const N: usize>(rng: &mut StdRng, scale: f64) {
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
        // Degenerate sizes work too.
        assert_eq!(expm(&SMatrix::<f64, 0, 0>::zeros()).unwrap().len(), 0);
        assert_eq!(
            expm(&SMatrix::<f64, 6, 6>::zeros()).unwrap(),
            SMatrix::<f64, 6, 6>::identity()
        );
        // A nilpotent matrix: e^N = I + N, to rounding.
        let n = Matrix3::new(0.0_f64, 1e8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        let e = expm(&n).unwrap();
        assert!((e - (Matrix3::identity() + n)).amax() <= 4e-16 * 1e8);
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
        // Norms near the largest float need about a thousand squarings (128 in f32); the
        // exponential of a hugely negative definite matrix underflows to zero, finitely.
        let sink = Matrix2::new(-1e306_f64, 0.0, 0.0, -1e306);
        assert_eq!(expm(&sink).unwrap(), Matrix2::zeros());
        let sink32 = Matrix2::new(-1e37_f32, 0.0, 0.0, -1e37);
        assert_eq!(expm(&sink32).unwrap(), Matrix2::zeros());
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
