//! The bad-input table (issue 9): for every public function of the core that takes data, the
//! bad inputs tried — NaN, ±∞, subnormals, huge magnitudes, off-manifold points, excluded
//! chart poles, non-distributions, asymmetric matrices, capacity overflow — and the exact
//! `Err` each must give, in f32 and in f64.
//!
//! Each row is `row!(table, "function", "input", call, pattern)`: the call's `Result` must
//! match the pattern (an `Err` with the variant and the fields that name the bad value; a few
//! rows pin the documented `Ok` for inputs that are hard but valid, such as subnormals). A
//! table collects every mismatch and fails once, listing them all. RELIABILITY.md summarises
//! what the table covers.

use geoml::{Error, Real};

/// One row of the table, after it ran.
struct Row {
    function: &'static str,
    input: &'static str,
    expected: &'static str,
    got: String,
    passed: bool,
}

/// The rows of one table.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

impl Table {
    /// Fails with every row whose result did not match, and checks that the table covered at
    /// least `functions` distinct functions.
    fn finish(self, name: &str, functions: usize) {
        let failures: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.passed)
            .map(|r| {
                format!(
                    "{} with {}: expected {}, got {}",
                    r.function, r.input, r.expected, r.got
                )
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{name}: {} of {} rows failed:\n{}",
            failures.len(),
            self.rows.len(),
            failures.join("\n")
        );
        let mut names: Vec<&str> = self.rows.iter().map(|r| r.function).collect();
        names.sort_unstable();
        names.dedup();
        assert!(
            names.len() >= functions,
            "{name}: only {} functions: {names:?}",
            names.len()
        );
    }
}

/// Runs `call` and records whether its result matches `pattern` (with an optional guard).
macro_rules! row {
    ($table:expr, $function:expr, $input:expr, $call:expr, $($pattern:tt)+) => {{
        let result = $call;
        let passed = matches!(result, $($pattern)+);
        $table.rows.push(Row {
            function: $function,
            input: $input,
            expected: stringify!($($pattern)+),
            got: format!("{result:?}"),
            passed,
        });
    }};
}

fn nan<T: Real>() -> T {
    T::lit(f64::NAN)
}

fn inf<T: Real>() -> T {
    T::lit(f64::INFINITY)
}

/// A subnormal of the type: 2⁻¹³⁰ in f32, 2⁻¹⁰²⁸ in f64.
fn subnormal<T: Real>() -> T {
    if T::is_single_precision() {
        T::lit(2f64.powi(-130))
    } else {
        T::lit(f64::MIN_POSITIVE / 64.0)
    }
}

/// Near the largest finite value of the type: 2¹²⁷ in f32, 2¹⁰²³ in f64.
fn huge<T: Real>() -> T {
    if T::is_single_precision() {
        T::lit(2f64.powi(127))
    } else {
        T::lit(2f64.powi(1023))
    }
}

fn is_nan(x: f64) -> bool {
    x.is_nan()
}

mod info {
    use super::*;
    use geoml::info::{
        causal_attention_graph, check_distribution, cosine_similarity, entropy, js_distance,
        js_distance_matrix, js_divergence, kl_divergence, row_entropies,
        symmetrized_attention_graph,
    };

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero, half) = (T::one(), T::zero(), T::lit(0.5));
        let (nan, inf, tiny, big) = (nan::<T>(), inf::<T>(), subnormal::<T>(), huge::<T>());
        let good = [half, half];

        row!(t, "entropy", "NaN entry", entropy(&[half, nan]),
            Err(Error::NonFinite { index: 1, value }) if is_nan(value));
        row!(t, "entropy", "+∞ entry", entropy(&[inf, zero]),
            Err(Error::NonFinite { index: 0, value }) if value == f64::INFINITY);
        row!(t, "entropy", "−∞ entry", entropy(&[one, -inf]),
            Err(Error::NonFinite { index: 1, value }) if value == f64::NEG_INFINITY);
        row!(
            t,
            "entropy",
            "negative entry",
            entropy(&[T::lit(1.25), T::lit(-0.25)]),
            Err(Error::NegativeProbability {
                index: 1,
                value: -0.25
            })
        );
        row!(
            t,
            "entropy",
            "sum 0.9 (not a distribution)",
            entropy(&[half, T::lit(0.4)]),
            Err(Error::NotNormalized { row: 0, .. })
        );
        row!(
            t,
            "entropy",
            "all subnormal (sum ≈ 0)",
            entropy(&[tiny, tiny]),
            Err(Error::NotNormalized { row: 0, .. })
        );
        row!(t, "entropy", "two huge entries (sum overflows)", entropy(&[big, big]),
            Err(Error::NotNormalized { row: 0, sum, .. }) if sum == f64::INFINITY);
        row!(
            t,
            "entropy",
            "no outcomes (M = 0)",
            entropy::<T, 0>(&[]),
            Err(Error::NotNormalized {
                row: 0,
                sum: 0.0,
                ..
            })
        );
        row!(t, "entropy", "subnormal entry beside 1 (valid)", entropy(&[one, tiny]),
            Ok(h) if h.is_finite() && h >= T::zero());

        row!(
            t,
            "row_entropies",
            "NaN in row 1",
            row_entropies(&[good, [one, nan]], &mut [zero; 2]),
            Err(Error::NonFinite { index: 3, .. })
        );
        row!(
            t,
            "row_entropies",
            "row 1 sums to 0.9",
            row_entropies(&[good, [half, T::lit(0.4)]], &mut [zero; 2]),
            Err(Error::NotNormalized { row: 1, .. })
        );

        row!(
            t,
            "kl_divergence",
            "∞ in q",
            kl_divergence(&good, &[half, inf]),
            Err(Error::NonFinite { index: 3, .. })
        );
        row!(
            t,
            "kl_divergence",
            "negative in p",
            kl_divergence(&[T::lit(1.5), -half], &good),
            Err(Error::NegativeProbability {
                index: 1,
                value: -0.5
            })
        );
        row!(
            t,
            "kl_divergence",
            "q not normalised",
            kl_divergence(&good, &[half, T::lit(0.6)]),
            Err(Error::NotNormalized { row: 1, .. })
        );
        row!(t, "kl_divergence", "subnormal q where p > 0 (valid, large)",
            kl_divergence(&[zero, one], &[one, tiny]),
            Ok(d) if d.finite().is_some_and(|d| d.is_finite() && d > T::lit(100.0)));

        row!(
            t,
            "js_divergence",
            "NaN in p",
            js_divergence(&[nan, one], &good),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "js_divergence",
            "huge in q",
            js_divergence(&good, &[big, big]),
            Err(Error::NotNormalized { row: 1, .. })
        );
        row!(
            t,
            "js_distance",
            "−∞ in q",
            js_distance(&good, &[-inf, one]),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(
            t,
            "js_distance",
            "negative in q",
            js_distance(&good, &[T::lit(2.0), -one]),
            Err(Error::NegativeProbability {
                index: 3,
                value: -1.0
            })
        );
        row!(t, "js_distance", "disjoint subnormal-weighted supports (valid)",
            js_distance(&[one, zero, tiny], &[zero, one, zero]),
            Ok(d) if d.is_finite() && d <= T::one());

        row!(
            t,
            "js_distance_matrix",
            "NaN in row 2",
            js_distance_matrix(&[good, good, [nan, one]], &mut [[zero; 3]; 3]),
            Err(Error::NonFinite { index: 4, .. })
        );
        row!(
            t,
            "js_distance_matrix",
            "row 1 not normalised",
            js_distance_matrix(&[good, [half, T::lit(0.2)]], &mut [[zero; 2]; 2]),
            Err(Error::NotNormalized { row: 1, .. })
        );

        row!(
            t,
            "check_distribution",
            "NaN tolerance",
            check_distribution(&good, nan),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "check_distribution",
            "negative tolerance",
            check_distribution(&good, -one),
            Err(Error::InvalidParameter {
                name: "tolerance",
                value: -1.0
            })
        );
        row!(
            t,
            "check_distribution",
            "∞ tolerance",
            check_distribution(&good, inf),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "check_distribution",
            "sum 0.75 at tolerance 1e-3",
            check_distribution(&[half, T::lit(0.25)], T::lit(1e-3)),
            Err(Error::NotNormalized {
                row: 0,
                sum: 0.75,
                ..
            })
        );

        row!(
            t,
            "cosine_similarity",
            "zero first vector",
            cosine_similarity(&[zero, zero], &good),
            Err(Error::ZeroVector { index: 0 })
        );
        row!(
            t,
            "cosine_similarity",
            "−0 second vector",
            cosine_similarity(&good, &[-zero, zero]),
            Err(Error::ZeroVector { index: 1 })
        );
        row!(
            t,
            "cosine_similarity",
            "NaN in b",
            cosine_similarity(&good, &[one, nan]),
            Err(Error::NonFinite { index: 3, .. })
        );
        row!(
            t,
            "cosine_similarity",
            "+∞ in a",
            cosine_similarity(&[inf, one], &good),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(t, "cosine_similarity", "huge against subnormal (valid)",
            cosine_similarity(&[big, big], &[tiny, tiny]),
            Ok(c) if (c - T::one()).abs() < T::lit(1e-6));

        let asymmetric = [[one, zero], [T::lit(0.3), T::lit(0.7)]];
        row!(
            t,
            "symmetrized_attention_graph",
            "NaN entry",
            symmetrized_attention_graph(&[[nan, one], good], &mut [[zero; 2]; 2]),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "symmetrized_attention_graph",
            "row 0 not a distribution",
            symmetrized_attention_graph(&[[half, T::lit(0.4)], good], &mut [[zero; 2]; 2]),
            Err(Error::NotNormalized { row: 0, .. })
        );
        row!(
            t,
            "symmetrized_attention_graph",
            "asymmetric (valid: it symmetrizes)",
            symmetrized_attention_graph(&asymmetric, &mut [[zero; 2]; 2]),
            Ok(())
        );
        row!(
            t,
            "causal_attention_graph",
            "negative entry",
            causal_attention_graph(&[good, [T::lit(2.0), -one]], &mut [[zero; 2]; 2]),
            Err(Error::NegativeProbability {
                index: 3,
                value: -1.0
            })
        );
        row!(
            t,
            "causal_attention_graph",
            "+∞ entry",
            causal_attention_graph(&[good, [inf, zero]], &mut [[zero; 2]; 2]),
            Err(Error::NonFinite { index: 2, .. })
        );
        t
    }
}

mod symmetry {
    use super::*;
    use geoml::symmetry::{
        AllPermutations, EquivariantLinear, InvariantLinear, Permutation, PermutationGroup,
        canonicalize, check_conjugation_equivariance, check_equivariance, check_invariance,
        symmetrize_equivariant, symmetrize_invariant,
    };

    /// The permutation functions take no scalars: one table, not one per precision.
    pub fn permutation_table() -> Table {
        let mut t = Table::default();
        row!(
            t,
            "Permutation::from_images",
            "image out of range",
            Permutation::<3>::from_images([0, 3, 1]),
            Err(Error::NotAPermutation { index: 1, image: 3 })
        );
        row!(
            t,
            "Permutation::from_images",
            "usize::MAX image",
            Permutation::<2>::from_images([usize::MAX, 0]),
            Err(Error::NotAPermutation {
                index: 0,
                image: usize::MAX
            })
        );
        row!(
            t,
            "Permutation::from_images",
            "repeated image",
            Permutation::<3>::from_images([2, 0, 2]),
            Err(Error::NotAPermutation { index: 2, image: 2 })
        );
        row!(
            t,
            "Permutation::transposition",
            "a out of range",
            Permutation::<3>::transposition(3, 0),
            Err(Error::InvalidParameter {
                name: "a",
                value: 3.0
            })
        );
        row!(
            t,
            "Permutation::transposition",
            "b = usize::MAX",
            Permutation::<3>::transposition(0, usize::MAX),
            Err(Error::InvalidParameter { name: "b", .. })
        );
        let cycle = Permutation::<4>::cyclic_shift(1);
        let swap = Permutation::<4>::transposition(0, 1).unwrap();
        row!(
            t,
            "PermutationGroup::generated_by",
            "S₄ (24 elements) into capacity 23",
            PermutationGroup::<4, 23>::generated_by(&[cycle, swap]),
            Err(Error::CapacityExceeded {
                needed: 24,
                capacity: 23
            })
        );
        row!(
            t,
            "PermutationGroup::generated_by",
            "capacity 0",
            PermutationGroup::<4, 0>::generated_by(&[]),
            Err(Error::CapacityExceeded {
                needed: 1,
                capacity: 0
            })
        );
        row!(
            t,
            "PermutationGroup::generated_by",
            "C₄ into capacity 4 (exactly enough)",
            PermutationGroup::<4, 4>::generated_by(&[cycle]).map(|g| g.order()),
            Ok(4)
        );
        t
    }

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero) = (T::one(), T::zero());
        let (nan, inf, tiny, big) = (nan::<T>(), inf::<T>(), subnormal::<T>(), huge::<T>());
        let x = [[one, zero], [zero, one], [-one, T::lit(2.0)]];

        row!(
            t,
            "canonicalize",
            "NaN row",
            canonicalize(&[[one, zero], [nan, one]], &mut [[zero; 2]; 2]),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(t, "canonicalize", "−∞ entry", canonicalize(&[[one], [-inf]], &mut [[zero]; 2]),
            Err(Error::NonFinite { index: 1, value }) if value == f64::NEG_INFINITY);
        row!(
            t,
            "canonicalize",
            "subnormals and ±0 (valid)",
            canonicalize(&[[tiny], [-zero], [zero], [-tiny]], &mut [[zero]; 4])
                .map(|p| *p.images()),
            Ok([3, 1, 2, 0])
        );

        let w = [[one, -one], [T::lit(0.5), T::lit(2.0)]];
        row!(
            t,
            "EquivariantLinear::new",
            "NaN in pooled",
            EquivariantLinear::new(w, [[one, nan], [one, one]], [zero; 2]),
            Err(Error::NonFinite { index: 5, .. })
        );
        row!(
            t,
            "EquivariantLinear::new",
            "∞ bias",
            EquivariantLinear::new(w, w, [zero, inf]),
            Err(Error::NonFinite { index: 9, .. })
        );
        let layer = EquivariantLinear::new(w, w, [zero; 2]).unwrap();
        row!(
            t,
            "EquivariantLinear::forward",
            "NaN token",
            layer.forward(&[[one, one], [one, nan]], &mut [[zero; 2]; 2]),
            Err(Error::NonFinite { index: 3, .. })
        );
        row!(
            t,
            "EquivariantLinear::forward",
            "huge tokens (output overflows)",
            layer.forward(&[[big, big], [big, big]], &mut [[zero; 2]; 2]),
            Err(Error::Overflow { .. })
        );

        row!(
            t,
            "InvariantLinear::new",
            "NaN weight",
            InvariantLinear::new([[nan], [one]], [zero]),
            Err(Error::NonFinite { index: 0, .. })
        );
        let readout = InvariantLinear::new([[T::lit(4.0)], [T::lit(4.0)]], [zero]).unwrap();
        row!(
            t,
            "InvariantLinear::forward",
            "no tokens (N = 0)",
            readout.forward::<0>(&[]),
            Err(Error::InvalidParameter { name: "N", .. })
        );
        row!(
            t,
            "InvariantLinear::forward",
            "−∞ token",
            readout.forward(&[[one, -inf]]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "InvariantLinear::forward",
            "huge tokens (output overflows)",
            readout.forward(&[[big, big], [big, big]]),
            Err(Error::Overflow { .. })
        );

        let total = |x: &[[T; 2]; 3]| Ok([x.iter().flatten().fold(T::zero(), |s, &v| s + v)]);
        let poisoned = |_: &[[T; 2]; 3]| Ok([T::one(), nan]);
        row!(
            t,
            "check_invariance",
            "NaN tolerance",
            check_invariance(total, &x, AllPermutations::new(), nan),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "check_invariance",
            "negative tolerance",
            check_invariance(total, &x, AllPermutations::new(), -one),
            Err(Error::InvalidParameter {
                name: "tolerance",
                value: -1.0
            })
        );
        row!(
            t,
            "check_invariance",
            "no permutations",
            check_invariance(total, &x, [], one),
            Err(Error::InvalidParameter {
                name: "permutations",
                ..
            })
        );
        row!(
            t,
            "check_invariance",
            "f returns NaN",
            check_invariance(poisoned, &x, AllPermutations::new(), one),
            Err(Error::NonFinite { index: 1, .. })
        );
        let copy = |x: &[[T; 2]; 3], y: &mut [[T; 2]; 3]| {
            *y = *x;
            Ok(())
        };
        row!(
            t,
            "check_equivariance",
            "∞ tolerance",
            check_equivariance(copy, &x, AllPermutations::new(), inf),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "check_equivariance",
            "no permutations",
            check_equivariance(copy, &x, [], one),
            Err(Error::InvalidParameter {
                name: "permutations",
                ..
            })
        );
        // Positional (not equivariant), with entries ±big: differences overflow.
        let outer = |_: &[[T; 2]; 3], a: &mut [[T; 3]; 3]| {
            for (i, row) in a.iter_mut().enumerate() {
                *row = [if i == 0 { big } else { -big }; 3];
            }
            Ok(())
        };
        row!(
            t,
            "check_conjugation_equivariance",
            "outputs near the largest float (differences overflow)",
            check_conjugation_equivariance(outer, &x, AllPermutations::new(), one),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "check_conjugation_equivariance",
            "negative tolerance",
            check_conjugation_equivariance(outer, &x, AllPermutations::new(), -one),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );

        row!(
            t,
            "symmetrize_invariant",
            "no permutations",
            symmetrize_invariant(total, [], &x),
            Err(Error::InvalidParameter {
                name: "permutations",
                ..
            })
        );
        row!(
            t,
            "symmetrize_invariant",
            "f returns NaN",
            symmetrize_invariant(poisoned, AllPermutations::new(), &x),
            Err(Error::NonFinite { index: 1, .. })
        );
        let huge_sum = |_: &[[T; 2]; 3]| Ok([big]);
        row!(
            t,
            "symmetrize_invariant",
            "sum of huge values overflows",
            symmetrize_invariant(huge_sum, AllPermutations::new(), &x),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "symmetrize_equivariant",
            "no permutations",
            symmetrize_equivariant(copy, [], &x, &mut [[zero; 2]; 3]),
            Err(Error::InvalidParameter {
                name: "permutations",
                ..
            })
        );
        let spoiled = |x: &[[T; 2]; 3], y: &mut [[T; 2]; 3]| {
            *y = *x;
            y[2][1] = inf;
            Ok(())
        };
        row!(
            t,
            "symmetrize_equivariant",
            "f returns ∞",
            symmetrize_equivariant(spoiled, AllPermutations::new(), &x, &mut [[zero; 2]; 3]),
            Err(Error::NonFinite { index: 5, .. })
        );
        t
    }
}

#[test]
fn info_f32() {
    info::table::<f32>().finish("info f32", 10);
}

#[test]
fn info_f64() {
    info::table::<f64>().finish("info f64", 10);
}

#[test]
fn symmetry_permutations() {
    symmetry::permutation_table().finish("permutations", 3);
}

#[test]
fn symmetry_f32() {
    symmetry::table::<f32>().finish("symmetry f32", 10);
}

#[test]
fn symmetry_f64() {
    symmetry::table::<f64>().finish("symmetry f64", 10);
}
