//! Testing a function for invariance or equivariance: the worst violation over permutations.

use super::Permutation;
use crate::{Error, Real, Result, check_finite};

/// What a symmetry check found: the largest violation over the permutations tried, and where.
///
/// The violation is absolute: the largest `|a − b|` over output entries, where `a` and `b` are
/// the two sides of the law being tested. Choose the tolerance on the scale of the outputs
/// (and of their rounding errors: a few `ε` times their magnitude for an exact symmetry).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SymmetryCheck<T, const N: usize> {
    /// The largest violation found (0 when the law held exactly everywhere).
    pub worst: T,
    /// The first permutation at which `worst` occurred.
    pub permutation: Permutation<N>,
    /// How many permutations were tried.
    pub tested: usize,
    /// The tolerance the check was asked to apply.
    pub tolerance: T,
}

impl<T: Real, const N: usize> SymmetryCheck<T, N> {
    /// Whether the law held within the tolerance for every permutation tried:
    /// `worst ≤ tolerance`.
    ///
    /// ```
    /// use geoml::symmetry::{check_invariance, AllPermutations};
    ///
    /// // The mean is invariant; it moves by rounding only, far below the tolerance.
    /// let mean = |x: &[[f64; 1]; 3]| Ok([x.iter().map(|r| r[0]).sum::<f64>() / 3.0]);
    /// let report = check_invariance(mean, &[[0.1], [0.2], [0.7]], AllPermutations::new(), 1e-12)?;
    /// assert!(report.holds() && report.worst <= report.tolerance);
    /// assert_eq!(report.tested, 6); // all of S₃
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn holds(&self) -> bool {
        self.worst <= self.tolerance
    }
}

/// Tests `f(g·x) = f(x)` for every `g` in `permutations` and reports the worst violation.
///
/// A passed check is evidence, not proof: it covers one input and the permutations listed.
/// Errors: whatever `f` returns; [`Error::NonFinite`] if `f` returns a non-finite value
/// (index into its output); [`Error::InvalidParameter`] for a negative or non-finite
/// `tolerance` (`name: "tolerance"`) or an empty list (`name: "permutations"`).
///
/// ```
/// use geoml::symmetry::{check_invariance, AllPermutations};
///
/// let x = [[1.0_f64, 2.0], [3.0, -1.0], [0.5, 0.5]];
/// let total = |x: &[[f64; 2]; 3]| Ok([x.iter().flatten().sum::<f64>()]);
/// let first = |x: &[[f64; 2]; 3]| Ok([x[0][0]]);
/// assert!(check_invariance(total, &x, AllPermutations::new(), 1e-12).unwrap().holds());
/// let report = check_invariance(first, &x, AllPermutations::new(), 1e-12).unwrap();
/// assert!(!report.holds());
/// assert_eq!(report.worst, 2.0); // 3.0 moved to the front
/// ```
pub fn check_invariance<T, F, I, const N: usize, const D: usize, const K: usize>(
    mut f: F,
    x: &[[T; D]; N],
    permutations: I,
    tolerance: T,
) -> Result<SymmetryCheck<T, N>>
where
    T: Real,
    F: FnMut(&[[T; D]; N]) -> Result<[T; K]>,
    I: IntoIterator<Item = Permutation<N>>,
{
    let mut report = start(tolerance)?;
    let reference = f(x)?;
    check_finite(&reference)?;
    let mut moved = *x;
    for g in permutations {
        g.apply_rows(x, &mut moved);
        let value = f(&moved)?;
        check_finite(&value)?;
        record(&mut report, g, &value, &reference);
    }
    finish(report)
}

/// Tests `f(g·x) = g·f(x)` (a sequence-to-sequence `f`, rows permuted alike on both sides)
/// for every `g` in `permutations` and reports the worst violation.
///
/// Self-attention without positional information satisfies this law; adding a position
/// encoding or a causal mask breaks it, and this check shows by how much.
///
/// Errors: as [`check_invariance`] (a non-finite output is reported by its flat index
/// `i · E + k`).
///
/// ```
/// use geoml::symmetry::{check_equivariance, AllPermutations};
/// use geoml::Result;
///
/// // Token-wise maps are equivariant; a running sum is not.
/// fn square(x: &[[f64; 1]; 4], y: &mut [[f64; 1]; 4]) -> Result<()> {
///     for (yi, xi) in y.iter_mut().zip(x) { yi[0] = xi[0] * xi[0]; }
///     Ok(())
/// }
/// fn running_sum(x: &[[f64; 1]; 4], y: &mut [[f64; 1]; 4]) -> Result<()> {
///     let mut s = 0.0;
///     for (yi, xi) in y.iter_mut().zip(x) { s += xi[0]; yi[0] = s; }
///     Ok(())
/// }
/// let x = [[1.0], [2.0], [3.0], [4.0]];
/// assert_eq!(check_equivariance(square, &x, AllPermutations::new(), 0.0).unwrap().worst, 0.0);
/// assert!(!check_equivariance(running_sum, &x, AllPermutations::new(), 1e-9).unwrap().holds());
/// ```
pub fn check_equivariance<T, F, I, const N: usize, const D: usize, const E: usize>(
    f: F,
    x: &[[T; D]; N],
    permutations: I,
    tolerance: T,
) -> Result<SymmetryCheck<T, N>>
where
    T: Real,
    F: FnMut(&[[T; D]; N], &mut [[T; E]; N]) -> Result<()>,
    I: IntoIterator<Item = Permutation<N>>,
{
    check_transformed(f, x, permutations, tolerance, |g, y, out| {
        g.apply_rows(y, out)
    })
}

/// Tests `f(g·x) = P f(x) Pᵀ` for an `f` whose output is an `N × N` matrix indexed by tokens
/// on both sides — an attention matrix, an attention graph, a distance matrix between
/// tokens — and reports the worst violation.
///
/// Errors: as [`check_invariance`].
///
/// ```
/// use geoml::symmetry::{check_conjugation_equivariance, AllPermutations};
/// use geoml::Result;
///
/// // Squared distances between tokens relabel with the tokens.
/// fn gram(x: &[[f64; 2]; 3], d: &mut [[f64; 3]; 3]) -> Result<()> {
///     for i in 0..3 {
///         for j in 0..3 {
///             d[i][j] = (x[i][0] - x[j][0]).powi(2) + (x[i][1] - x[j][1]).powi(2);
///         }
///     }
///     Ok(())
/// }
/// let x = [[0.0, 1.0], [2.0, 0.5], [-1.0, 3.0]];
/// let report = check_conjugation_equivariance(gram, &x, AllPermutations::new(), 0.0).unwrap();
/// assert!(report.holds());
/// assert_eq!(report.tested, 6);
/// ```
pub fn check_conjugation_equivariance<T, F, I, const N: usize, const D: usize>(
    f: F,
    x: &[[T; D]; N],
    permutations: I,
    tolerance: T,
) -> Result<SymmetryCheck<T, N>>
where
    T: Real,
    F: FnMut(&[[T; D]; N], &mut [[T; N]; N]) -> Result<()>,
    I: IntoIterator<Item = Permutation<N>>,
{
    check_transformed(f, x, permutations, tolerance, |g, y, out| {
        g.conjugate(y, out)
    })
}

/// The common loop of the equivariance checks: `f(g·x)` against `act(g, f(x))`, where `act`
/// is how the permutation moves an output (its rows, or its rows and columns).
fn check_transformed<T, F, I, A, const N: usize, const D: usize, const E: usize>(
    mut f: F,
    x: &[[T; D]; N],
    permutations: I,
    tolerance: T,
    act: A,
) -> Result<SymmetryCheck<T, N>>
where
    T: Real,
    F: FnMut(&[[T; D]; N], &mut [[T; E]; N]) -> Result<()>,
    I: IntoIterator<Item = Permutation<N>>,
    A: Fn(&Permutation<N>, &[[T; E]; N], &mut [[T; E]; N]),
{
    let mut report = start(tolerance)?;
    let mut reference = [[T::zero(); E]; N];
    f(x, &mut reference)?;
    check_finite(reference.as_flattened())?;
    let mut moved = *x;
    let mut value = [[T::zero(); E]; N];
    let mut expected = [[T::zero(); E]; N];
    for g in permutations {
        g.apply_rows(x, &mut moved);
        f(&moved, &mut value)?;
        check_finite(value.as_flattened())?;
        act(&g, &reference, &mut expected);
        record(
            &mut report,
            g,
            value.as_flattened(),
            expected.as_flattened(),
        );
    }
    finish(report)
}

fn start<T: Real, const N: usize>(tolerance: T) -> Result<SymmetryCheck<T, N>> {
    if !(tolerance.is_finite() && tolerance >= T::zero()) {
        return Err(Error::InvalidParameter {
            name: "tolerance",
            value: tolerance.as_f64(),
        });
    }
    Ok(SymmetryCheck {
        worst: T::zero(),
        permutation: Permutation::identity(),
        tested: 0,
        tolerance,
    })
}

fn record<T: Real, const N: usize>(
    report: &mut SymmetryCheck<T, N>,
    g: Permutation<N>,
    value: &[T],
    expected: &[T],
) {
    let violation = value
        .iter()
        .zip(expected.iter())
        .fold(T::zero(), |m, (&a, &b)| m.max((a - b).abs()));
    // Differences of finite numbers can overflow; an infinite violation is still "worst".
    if violation > report.worst || (!violation.is_finite() && report.worst.is_finite()) {
        report.worst = violation;
        report.permutation = g;
    }
    report.tested += 1;
}

fn finish<T: Real, const N: usize>(report: SymmetryCheck<T, N>) -> Result<SymmetryCheck<T, N>> {
    if report.tested == 0 {
        return Err(Error::InvalidParameter {
            name: "permutations",
            value: 0.0,
        });
    }
    if !report.worst.is_finite() {
        return Err(Error::Overflow {
            value: report.worst.as_f64(),
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symmetry::{
        AllPermutations, EquivariantLinear, InvariantLinear, PermutationGroup, canonicalize,
        random_permutations,
    };
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    const X: [[f64; 3]; 5] = [
        [0.2, -1.0, 0.5],
        [1.5, 0.3, -0.4],
        [-0.7, 0.8, 2.0],
        [0.0, 0.1, -1.2],
        [0.9, -0.6, 0.3],
    ];

    fn equivariant_layer() -> EquivariantLinear<f64, 3, 2> {
        EquivariantLinear::new(
            [[0.5, -1.0], [0.25, 0.75], [-0.3, 0.2]],
            [[1.0, 0.1], [-0.5, 0.4], [0.6, -0.8]],
            [0.05, -0.1],
        )
        .unwrap()
    }

    #[test]
    fn the_layers_pass_and_a_positional_map_fails() {
        let layer = equivariant_layer();
        let forward = |x: &[[f64; 3]; 5], y: &mut [[f64; 2]; 5]| layer.forward(x, y);
        let report = check_equivariance(forward, &X, AllPermutations::new(), 1e-14).unwrap();
        assert!(report.holds(), "{report:?}");
        assert_eq!(report.tested, 120);

        let readout = InvariantLinear::new([[1.0], [-2.0], [0.5]], [0.3]).unwrap();
        let pooled = |x: &[[f64; 3]; 5]| readout.forward(x);
        assert!(
            check_invariance(pooled, &X, AllPermutations::new(), 1e-14)
                .unwrap()
                .holds()
        );

        // A row-wise map is equivariant; adding the position index breaks it.
        let rowwise = |x: &[[f64; 3]; 5], y: &mut [[f64; 1]; 5]| {
            for (yi, xi) in y.iter_mut().zip(x) {
                yi[0] = (xi[0] * xi[1]).tanh() + xi[2];
            }
            Ok(())
        };
        assert_eq!(
            check_equivariance(rowwise, &X, AllPermutations::new(), 0.0)
                .unwrap()
                .worst,
            0.0
        );
        let positional = |x: &[[f64; 3]; 5], y: &mut [[f64; 1]; 5]| {
            for (i, (yi, xi)) in y.iter_mut().zip(x).enumerate() {
                yi[0] = xi[0] + 0.01 * i as f64;
            }
            Ok(())
        };
        let report = check_equivariance(positional, &X, AllPermutations::new(), 1e-6).unwrap();
        assert!(!report.holds());
        // The worst case moves the first token to the last place or back: 4 · 0.01.
        assert!((report.worst - 0.04).abs() < 1e-12, "{report:?}");
        assert!(!report.permutation.is_identity());
    }

    #[test]
    fn canonicalized_functions_are_invariant() {
        // Any function of the sorted rows is invariant, even a positional one.
        let positional = |x: &[[f64; 3]; 5]| {
            let mut sorted = [[0.0; 3]; 5];
            canonicalize(x, &mut sorted)?;
            Ok([sorted[0][0] - 3.0 * sorted[4][2]])
        };
        let mut rng = StdRng::seed_from_u64(8);
        let report =
            check_invariance(positional, &X, random_permutations(&mut rng, 200), 0.0).unwrap();
        assert!(report.holds() && report.tested == 200);
    }

    #[test]
    fn a_cyclic_symmetry_is_seen_only_by_the_cyclic_group() {
        // Token i interacts with token i + 1 (mod 5): invariant under shifts only.
        let ring = |x: &[[f64; 3]; 5]| {
            let mut s = 0.0;
            for i in 0..5 {
                s += x[i][0] * x[(i + 1) % 5][1];
            }
            Ok([s])
        };
        let shifts =
            PermutationGroup::<5, 5>::generated_by(&[Permutation::cyclic_shift(1)]).unwrap();
        assert!(
            check_invariance(ring, &X, shifts.iter(), 1e-14)
                .unwrap()
                .holds()
        );
        assert!(
            !check_invariance(ring, &X, AllPermutations::new(), 1e-6)
                .unwrap()
                .holds()
        );
    }

    #[test]
    fn bad_arguments_are_errors() {
        let zero = |_: &[[f64; 3]; 5]| Ok([0.0]);
        assert!(matches!(
            check_invariance(zero, &X, AllPermutations::new(), -1.0),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        ));
        assert!(matches!(
            check_invariance(zero, &X, core::iter::empty(), 0.0),
            Err(Error::InvalidParameter {
                name: "permutations",
                ..
            })
        ));
        let nan = |x: &[[f64; 3]; 5]| Ok([if x[0][0] == X[0][0] { 0.0 } else { f64::NAN }]);
        assert!(matches!(
            check_invariance(nan, &X, AllPermutations::new(), 0.0),
            Err(Error::NonFinite { index: 0, .. })
        ));
        let wild = |x: &[[f64; 3]; 5]| {
            Ok([if x[0][0] == X[0][0] {
                f64::MAX
            } else {
                -f64::MAX
            }])
        };
        assert!(matches!(
            check_invariance(wild, &X, AllPermutations::new(), 0.0),
            Err(Error::Overflow { .. })
        ));
    }
}
