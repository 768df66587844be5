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
        // Rows that pin a plain `true`, `None` or `0` are patterns too.
        #[allow(clippy::redundant_pattern_matching)]
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

/// The largest finite value of the type.
fn largest<T: Real>() -> T {
    T::max_value().unwrap_or_else(huge)
}

fn is_nan(x: f64) -> bool {
    x.is_nan()
}

/// A generator stuck at one word, as a failed hardware RNG might be: the samplers must still
/// return values in their documented ranges (and terminate).
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

        // Permutations are valid by construction: their operations take any index or shift.
        row!(t, "Permutation::cyclic_shift", "k = usize::MAX (no overflow: shift by MAX mod N)", *Permutation::<5>::cyclic_shift(usize::MAX).images(), images if images == [0, 1, 2, 3, 4].map(|j| (j + usize::MAX % 5) % 5));
        row!(
            t,
            "Permutation::cyclic_shift",
            "N = 0 (the empty permutation)",
            Permutation::<0>::cyclic_shift(3).images().len(),
            0
        );
        let shift = Permutation::<4>::cyclic_shift(1);
        row!(
            t,
            "Permutation::image",
            "j = N (None)",
            shift.image(4),
            None
        );
        row!(
            t,
            "Permutation::image",
            "j = usize::MAX (None)",
            shift.image(usize::MAX),
            None
        );
        row!(
            t,
            "Permutation::compose",
            "with its inverse (valid: identity)",
            shift.compose(&shift.inverse()).is_identity(),
            true
        );
        row!(
            t,
            "Permutation::compose",
            "N = 0 (valid: identity)",
            Permutation::<0>::identity()
                .compose(&Permutation::identity())
                .is_identity(),
            true
        );
        let cyclic = PermutationGroup::<4, 4>::generated_by(&[shift]).unwrap();
        row!(
            t,
            "PermutationGroup::contains",
            "a transposition, outside C₄ (false)",
            cyclic.contains(&Permutation::transposition(0, 1).unwrap()),
            false
        );
        row!(
            t,
            "PermutationGroup::contains",
            "the shift by 3 (true)",
            cyclic.contains(&Permutation::cyclic_shift(3)),
            true
        );
        use geoml::symmetry::{factorial, random_permutations};
        row!(
            t,
            "factorial",
            "21 (overflows 64-bit usize: None)",
            factorial(21),
            None
        );
        row!(
            t,
            "factorial",
            "usize::MAX (None)",
            factorial(usize::MAX),
            None
        );
        row!(t, "factorial", "0 (1)", factorial(0), Some(1));
        for word in [0, 3, u64::MAX] {
            row!(
                t,
                "Permutation::random",
                "stuck generator (valid, terminates)",
                Permutation::<7>::random(&mut Stuck(word))
                    .inverse()
                    .compose(&Permutation::<7>::random(&mut Stuck(word)))
                    .is_identity(),
                true
            );
            row!(
                t,
                "random_permutations",
                "stuck generator, count 3 (3 permutations)",
                random_permutations::<_, 7>(&mut Stuck(word), 3).count(),
                3
            );
        }
        row!(
            t,
            "random_permutations",
            "count 0 (empty)",
            random_permutations::<_, 7>(&mut Stuck(1), 0).count(),
            0
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

        // Moving data by a permutation never inspects it: NaN and ∞ move with their rows
        // (the checks belong to the layers that compute with them).
        use geoml::symmetry::augment;
        let shift = Permutation::<3>::cyclic_shift(1);
        let rows = [[nan, one], [inf, zero], [tiny, big]];
        let mut moved = [[zero; 2]; 3];
        shift.apply_rows(&rows, &mut moved);
        row!(
            t,
            "Permutation::apply_rows",
            "NaN, ∞ and subnormal rows (moved as they are)",
            (
                moved[1][0].as_f64().is_nan(),
                moved[2][0] == inf,
                moved[0][0] == tiny
            ),
            (true, true, true)
        );
        let a = [[nan, one, zero], [zero, inf, one], [one, zero, tiny]];
        let mut conjugated = [[zero; 3]; 3];
        shift.conjugate(&a, &mut conjugated);
        row!(
            t,
            "Permutation::conjugate",
            "NaN and ∞ entries (relabelled as they are)",
            (
                conjugated[1][1].as_f64().is_nan(),
                conjugated[2][2] == inf,
                conjugated[0][0] == tiny
            ),
            (true, true, true)
        );
        let mut out = [[zero; 2]; 3];
        let drawn = augment(&rows, &mut Stuck(0), &mut out);
        let mut expected = [[zero; 2]; 3];
        drawn.apply_rows(&rows, &mut expected);
        row!(
            t,
            "augment",
            "NaN rows, stuck generator (moved as they are)",
            out.iter().zip(&expected).all(|(a, b)| a
                .iter()
                .zip(b)
                .all(|(x, y)| x == y || (x.as_f64().is_nan() && y.as_f64().is_nan()))),
            true
        );
        t
    }
}

mod manifold {
    use super::*;
    use geoml::manifold::{
        AngleChart, Atlas, Chart, CircleAtlas, DescentOptions, FormanVariant, Sphere, Spherical,
        SphericalAtlas, Stereographic, StereographicAtlas, Torus, WeightedGraph, check_definition,
        gradient_descent, lie_derivative, lie_derivative_from_gradient, natural_gradient_step,
        normal_fisher_information, separate,
    };
    use nalgebra::{Matrix2, Vector1, Vector2, Vector3, Vector4};

    /// Functions configured by an f64 tolerance: one table, not one per precision.
    pub fn tolerance_table() -> Table {
        let mut t = Table::default();
        for (input, tolerance) in [
            ("NaN", f64::NAN),
            ("−1", -1.0),
            ("0.75 (> 1/2)", 0.75),
            ("+∞", f64::INFINITY),
        ] {
            row!(
                t,
                "Sphere::with_tolerance",
                input,
                Sphere::<3>::with_tolerance(tolerance),
                Err(Error::InvalidParameter {
                    name: "tolerance",
                    ..
                })
            );
            row!(
                t,
                "Stereographic::with_tolerance",
                input,
                Stereographic::<3>::north().with_tolerance(tolerance),
                Err(Error::InvalidParameter {
                    name: "tolerance",
                    ..
                })
            );
            row!(
                t,
                "StereographicAtlas::with_tolerance",
                input,
                StereographicAtlas::<2>::with_tolerance(tolerance),
                Err(Error::InvalidParameter {
                    name: "tolerance",
                    ..
                })
            );
        }
        row!(
            t,
            "Torus::with_tolerance",
            "−1",
            Torus::new(2.0_f64, 1.0).unwrap().with_tolerance(-1.0),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "Torus::with_tolerance",
            "1 (would accept the core circle)",
            Torus::new(2.0_f64, 1.0).unwrap().with_tolerance(1.0),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        t
    }

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero, half) = (T::one(), T::zero(), T::lit(0.5));
        let (nan, inf, tiny, big) = (nan::<T>(), inf::<T>(), subnormal::<T>(), huge::<T>());
        let s2 = Sphere::<3>::new();
        let (x, y, z) = (
            Vector3::new(one, zero, zero),
            Vector3::new(zero, one, zero),
            Vector3::new(zero, zero, one),
        );
        let nan_point = Vector3::new(zero, nan, one);
        let off = Vector3::new(zero, zero, T::lit(1.1));

        row!(
            t,
            "Sphere::check_point",
            "NaN entry",
            s2.check_point(&nan_point),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Sphere::check_point",
            "off the sphere (‖p‖ = 1.1)",
            s2.check_point(&off),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::check_point",
            "huge entries",
            s2.check_point(&Vector3::new(big, big, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::check_point",
            "subnormal (≈ origin)",
            s2.check_point(&Vector3::new(tiny, zero, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::check_tangent",
            "normal vector",
            s2.check_tangent(&z, &Vector3::new(zero, zero, half)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::check_tangent",
            "−∞ in v",
            s2.check_tangent(&z, &Vector3::new(-inf, zero, zero)),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "Sphere::normalize",
            "zero vector",
            Sphere::<3>::normalize(&Vector3::<T>::zeros()),
            Err(Error::InvalidParameter { name: "norm", .. })
        );
        row!(
            t,
            "Sphere::normalize",
            "+∞ entry",
            Sphere::<3>::normalize(&Vector3::new(one, inf, zero)),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(t, "Sphere::normalize", "huge entries (valid)", Sphere::<3>::normalize(&Vector3::new(big, big, zero)),
            Ok(p) if (p.norm() - T::one()).abs() < T::lit(1e-6));
        row!(t, "Sphere::normalize", "subnormal entries (valid)", Sphere::<3>::normalize(&Vector3::new(tiny, zero, tiny)),
            Ok(p) if (p.norm() - T::one()).abs() < T::lit(1e-6));
        row!(
            t,
            "Sphere::project_tangent",
            "NaN vector",
            s2.project_tangent(&z, &nan_point),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Sphere::project_tangent",
            "point off the sphere",
            s2.project_tangent(&off, &x),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::log",
            "second point off the sphere",
            s2.log(&y, &off),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::distance",
            "second point off the sphere",
            s2.distance(&z, &off),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::distance",
            "NaN point",
            s2.distance(&nan_point, &z),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Sphere::exp",
            "normal (not tangent) vector",
            s2.exp(&z, &Vector3::new(zero, zero, half)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::exp",
            "tangent vector whose norm overflows",
            s2.exp(&z, &Vector3::new(largest(), largest(), zero)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Sphere::log",
            "antipode",
            s2.log(&z, &-z),
            Err(Error::CutLocus { distance: 0.0 })
        );
        row!(
            t,
            "Sphere::log",
            "+∞ in q",
            s2.log(&z, &Vector3::new(inf, zero, zero)),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "Sphere::transport",
            "antipode",
            s2.transport(&z, &-z, &x),
            Err(Error::CutLocus { .. })
        );
        row!(
            t,
            "Sphere::transport",
            "vector not tangent",
            s2.transport(&z, &x, &z),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::geodesic",
            "t = +∞",
            s2.geodesic(&z, &x, inf),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "Sphere::geodesic",
            "antipode",
            s2.geodesic(&x, &-x, half),
            Err(Error::CutLocus { .. })
        );
        row!(
            t,
            "Sphere::transport_along",
            "empty path",
            s2.transport_along(&[], &x),
            Err(Error::InvalidParameter {
                name: "path length",
                ..
            })
        );
        row!(
            t,
            "Sphere::transport_along",
            "a leg between antipodes",
            s2.transport_along(&[z, -z], &x),
            Err(Error::CutLocus { .. })
        );
        row!(
            t,
            "Sphere::gradient_step",
            "step 0",
            s2.gradient_step(&z, &x, zero),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        row!(
            t,
            "Sphere::gradient_step",
            "NaN step",
            s2.gradient_step(&z, &x, nan),
            Err(Error::InvalidParameter { name: "step", .. })
        );

        let s3 = Sphere::<4>::new();
        let e4 = Vector4::new(zero, zero, zero, one);
        row!(
            t,
            "Sphere::to_quaternion",
            "off S³",
            s3.to_quaternion(&(e4 * T::lit(2.0))),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Sphere::multiply",
            "NaN factor",
            s3.multiply(&e4, &Vector4::new(nan, zero, zero, one)),
            Err(Error::NonFinite { index: 0, .. })
        );
        let mut circle = [Vector3::<T>::zeros(); 4];
        row!(
            t,
            "Sphere::circle_of_latitude",
            "polar angle 0 (a pole)",
            Sphere::<3>::circle_of_latitude(zero, &mut circle),
            Err(Error::InvalidParameter {
                name: "polar angle θ",
                ..
            })
        );
        row!(
            t,
            "Sphere::circle_of_latitude",
            "NaN polar angle",
            Sphere::<3>::circle_of_latitude(nan, &mut circle),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Sphere::circle_of_latitude",
            "two points",
            Sphere::<3>::circle_of_latitude(half, &mut circle[..2]),
            Err(Error::InvalidParameter { name: "points", .. })
        );
        row!(
            t,
            "Sphere::holonomy_angle",
            "one point",
            s2.holonomy_angle(&[z]),
            Err(Error::InvalidParameter { name: "points", .. })
        );
        row!(
            t,
            "Sphere::holonomy_angle",
            "a leg between antipodes",
            s2.holonomy_angle(&[z, x, -x]),
            Err(Error::CutLocus { .. })
        );

        // Charts and atlases: poles, seams, coordinates outside the domain.
        let north = Stereographic::<3>::north();
        row!(
            t,
            "Stereographic::to_coords",
            "its own pole",
            north.to_coords(&z),
            Err(Error::OutsideChart {
                chart: "stereographic from the north pole",
                distance: 0.0
            })
        );
        row!(
            t,
            "Stereographic::to_coords",
            "off the sphere",
            north.to_coords(&off),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Stereographic::to_coords",
            "NaN point",
            north.to_coords(&nan_point),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Stereographic::to_coords_jacobian",
            "its own pole",
            north.to_coords_jacobian(&z),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "Stereographic::to_point",
            "+∞ coordinate",
            north.to_point(&Vector2::new(inf, zero)),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(t, "Stereographic::to_point", "huge coordinates (valid: near the pole)",
            north.to_point(&Vector2::new(big, big)), Ok(p) if p.iter().all(|v| v.is_finite()));
        row!(
            t,
            "Stereographic::to_point_jacobian",
            "NaN coordinate",
            north.to_point_jacobian(&Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        let atlas = StereographicAtlas::<3>::new();
        row!(
            t,
            "StereographicAtlas::transition",
            "north → south at u = 0 (the south pole)",
            atlas.transition(&atlas.north(), &atlas.south(), &Vector2::new(zero, zero)),
            Err(Error::OutsideChart {
                chart: "stereographic from the south pole",
                ..
            })
        );
        row!(
            t,
            "StereographicAtlas::transition",
            "subnormal u (inverse overflows)",
            atlas.transition(&atlas.north(), &atlas.south(), &Vector2::new(tiny, zero)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "StereographicAtlas::transition_jacobian",
            "north → south at u = 0",
            atlas.transition_jacobian(&atlas.north(), &atlas.south(), &Vector2::new(zero, zero)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "StereographicAtlas::chart_for",
            "off the sphere",
            atlas.chart_for(&off),
            Err(Error::NotOnManifold { .. })
        );

        let principal = AngleChart::principal();
        let minus_x = Vector2::new(-one, zero);
        row!(
            t,
            "AngleChart::to_coords",
            "its seam (−1, 0)",
            principal.to_coords(&minus_x),
            Err(Error::OutsideChart {
                chart: "angle in (−π, π)",
                ..
            })
        );
        row!(
            t,
            "AngleChart::to_point",
            "angle π (outside (−π, π))",
            principal.to_point(&Vector1::new(T::pi())),
            Err(Error::InvalidParameter { name: "angle", .. })
        );
        row!(
            t,
            "AngleChart::to_point",
            "NaN angle",
            principal.to_point(&Vector1::new(nan)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "AngleChart::metric",
            "angle −π",
            principal.metric(&Vector1::new(-T::pi())),
            Err(Error::InvalidParameter { name: "angle", .. })
        );
        let circle_atlas = CircleAtlas::new();
        row!(
            t,
            "CircleAtlas::transition",
            "principal → shifted at 0 (the shifted seam)",
            circle_atlas.transition(
                &circle_atlas.principal(),
                &circle_atlas.shifted(),
                &Vector1::new(zero)
            ),
            Err(Error::OutsideChart {
                chart: "angle in (0, 2π)",
                ..
            })
        );
        row!(
            t,
            "CircleAtlas::transition_jacobian",
            "angle 2π in the shifted chart",
            circle_atlas.transition_jacobian(
                &circle_atlas.shifted(),
                &circle_atlas.principal(),
                &Vector1::new(T::two_pi())
            ),
            Err(Error::InvalidParameter { name: "angle", .. })
        );

        let spherical = Spherical::standard();
        row!(
            t,
            "Spherical::to_coords",
            "the pole (0, 0, 1)",
            spherical.to_coords(&z),
            Err(Error::OutsideChart {
                chart: "spherical (polar axis z)",
                ..
            })
        );
        row!(
            t,
            "Spherical::to_coords",
            "the seam (−1, 0, 0)",
            spherical.to_coords(&-x),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "Spherical::to_coords",
            "a subnormal distance from the south pole",
            spherical.to_coords(&Vector3::new(tiny, zero, -one)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "Spherical::to_point",
            "θ = 0",
            spherical.to_point(&Vector2::new(zero, zero)),
            Err(Error::InvalidParameter {
                name: "polar angle θ",
                ..
            })
        );
        row!(
            t,
            "Spherical::to_point",
            "φ = π",
            spherical.to_point(&Vector2::new(half, T::pi())),
            Err(Error::InvalidParameter {
                name: "azimuth φ",
                ..
            })
        );
        row!(
            t,
            "Spherical::christoffel",
            "θ subnormal (cot θ overflows)",
            spherical.christoffel(&Vector2::new(tiny, zero)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Spherical::gaussian_curvature",
            "NaN",
            spherical.gaussian_curvature(&Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        let spherical_atlas = SphericalAtlas::new();
        row!(
            t,
            "SphericalAtlas::chart_for",
            "NaN point",
            spherical_atlas.chart_for(&nan_point),
            Err(Error::NonFinite { index: 1, .. })
        );

        row!(
            t,
            "Torus::new",
            "r > R",
            Torus::new(one, T::lit(2.0)),
            Err(Error::InvalidParameter {
                name: "major radius R",
                ..
            })
        );
        row!(
            t,
            "Torus::new",
            "r = 0",
            Torus::new(one, zero),
            Err(Error::InvalidParameter {
                name: "minor radius r",
                ..
            })
        );
        row!(
            t,
            "Torus::new",
            "R = +∞",
            Torus::new(inf, one),
            Err(Error::InvalidParameter {
                name: "major radius R",
                ..
            })
        );
        row!(
            t,
            "Torus::new",
            "NaN r",
            Torus::new(one, nan),
            Err(Error::InvalidParameter {
                name: "minor radius r",
                ..
            })
        );
        let torus = Torus::new(T::lit(3.0), one).unwrap();
        row!(
            t,
            "Torus::check_point",
            "the origin (off the torus)",
            torus.check_point(&Vector3::zeros()),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Torus::angles",
            "NaN point",
            torus.angles(&nan_point),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Torus::project",
            "a point on the z axis",
            torus.project(&z),
            Err(Error::InvalidParameter {
                name: "distance from the z axis",
                ..
            })
        );
        row!(
            t,
            "Torus::project",
            "a point on the core circle",
            torus.project(&Vector3::new(T::lit(3.0), zero, zero)),
            Err(Error::InvalidParameter {
                name: "distance from the core circle",
                ..
            })
        );
        row!(
            t,
            "Torus::embed",
            "+∞ angle",
            torus.embed(&Vector2::new(inf, zero)),
            Err(Error::NonFinite { index: 0, .. })
        );
        let giant = Torus::new(largest(), largest::<T>() * half).unwrap();
        row!(
            t,
            "Torus::embed",
            "R + r overflows",
            giant.embed(&Vector2::new(zero, zero)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Torus::metric",
            "(R + r cos θ)² overflows",
            giant.metric(T::lit(2.0)),
            Err(Error::Overflow { .. })
        );
        let thin = Torus::new(tiny * T::lit(4.0), tiny).unwrap();
        row!(
            t,
            "Torus::gaussian_curvature",
            "subnormal radii (K overflows)",
            thin.gaussian_curvature(zero),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Torus::christoffel",
            "NaN θ",
            torus.christoffel(nan),
            Err(Error::NonFinite { .. })
        );
        let torus_atlas = torus.atlas();
        let chart = torus_atlas.charts()[0];
        row!(
            t,
            "TorusChart::to_coords",
            "the inner equator at φ = π (θ's and φ's seams)",
            chart.to_coords(&Vector3::new(T::lit(-2.0), zero, zero)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "TorusChart::to_point",
            "θ = π",
            chart.to_point(&Vector2::new(T::pi(), zero)),
            Err(Error::InvalidParameter {
                name: "tube angle θ",
                ..
            })
        );
        row!(
            t,
            "TorusAtlas::transition",
            "φ = 0 into a shifted-φ chart",
            torus_atlas.transition(
                &torus_atlas.charts()[0],
                &torus_atlas.charts()[2],
                &Vector2::new(half, zero)
            ),
            Err(Error::OutsideChart { .. })
        );

        row!(
            t,
            "check_definition",
            "NaN sample point",
            check_definition(&atlas, &[z, nan_point]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "check_definition",
            "sample point off the sphere",
            check_definition(&spherical_atlas, &[off]),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "separate",
            "the same point twice",
            separate(
                &circle_atlas,
                &Vector2::new(one, zero),
                &Vector2::new(one, zero)
            ),
            Err(Error::InvalidParameter {
                name: "distance between the points",
                ..
            })
        );

        // Descent and Fisher information.
        let gradient = |p: &Vector2<T>| *p;
        let start = Vector2::new(one, one);
        row!(
            t,
            "gradient_descent",
            "step 0",
            gradient_descent(gradient, &start, &DescentOptions::new(zero, 5)),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        let mut bad_tolerance = DescentOptions::new(half, 5);
        bad_tolerance.gradient_tolerance = -one;
        row!(
            t,
            "gradient_descent",
            "negative gradient tolerance",
            gradient_descent(gradient, &start, &bad_tolerance),
            Err(Error::InvalidParameter {
                name: "gradient tolerance",
                ..
            })
        );
        row!(
            t,
            "gradient_descent",
            "NaN start",
            gradient_descent(
                gradient,
                &Vector2::new(nan, one),
                &DescentOptions::new(half, 5)
            ),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "gradient_descent",
            "huge step (iterate overflows)",
            gradient_descent(gradient, &start, &DescentOptions::new(big, 5)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Sphere::gradient_descent",
            "start off the sphere",
            s2.gradient_descent(|p: &Vector3<T>| *p, &off, &DescentOptions::new(half, 5)),
            Err(Error::NotOnManifold { .. })
        );
        let spd = Matrix2::new(T::lit(2.0), zero, zero, one);
        row!(
            t,
            "natural_gradient_step",
            "asymmetric Fisher matrix",
            natural_gradient_step(&start, &start, &Matrix2::new(one, half, zero, one), one),
            Err(Error::NotSymmetric { row: 0, col: 1, .. })
        );
        row!(
            t,
            "natural_gradient_step",
            "zero Fisher matrix (singular)",
            natural_gradient_step(&start, &start, &Matrix2::zeros(), one),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "natural_gradient_step",
            "indefinite Fisher matrix",
            natural_gradient_step(&start, &start, &Matrix2::new(one, zero, zero, -one), one),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "natural_gradient_step",
            "NaN gradient",
            natural_gradient_step(&start, &Vector2::new(one, nan), &spd, one),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "natural_gradient_step",
            "step −1",
            natural_gradient_step(&start, &start, &spd, -one),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        row!(
            t,
            "normal_fisher_information",
            "σ = 0",
            normal_fisher_information(zero),
            Err(Error::InvalidParameter {
                name: "standard deviation σ",
                ..
            })
        );
        row!(
            t,
            "normal_fisher_information",
            "σ = +∞",
            normal_fisher_information(inf),
            Err(Error::InvalidParameter {
                name: "standard deviation σ",
                ..
            })
        );
        row!(
            t,
            "normal_fisher_information",
            "subnormal σ (2/σ² overflows)",
            normal_fisher_information(tiny),
            Err(Error::Overflow { .. })
        );
        let f = |p: &Vector2<T>| p.x * p.y;
        let rotation = |p: &Vector2<T>| Vector2::new(-p.y, p.x);
        row!(
            t,
            "lie_derivative",
            "NaN point",
            lie_derivative(f, rotation, &Vector2::new(nan, one)),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "lie_derivative",
            "field returns +∞",
            lie_derivative(f, |_: &Vector2<T>| Vector2::new(inf, zero), &start),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "lie_derivative",
            "f returns NaN",
            lie_derivative(|_: &Vector2<T>| nan, rotation, &start),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "lie_derivative_from_gradient",
            "huge gradient and field (product overflows)",
            lie_derivative_from_gradient(&Vector2::new(big, big), &Vector2::new(big, big)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "lie_derivative_from_gradient",
            "NaN field",
            lie_derivative_from_gradient(&start, &Vector2::new(nan, one)),
            Err(Error::NonFinite { index: 0, .. })
        );

        // Forman curvature on a fixed-capacity graph.
        row!(
            t,
            "WeightedGraph::with_vertex_weights",
            "NaN weight",
            WeightedGraph::<T, 3, 2>::with_vertex_weights([one, nan, one]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "WeightedGraph::with_vertex_weights",
            "zero weight",
            WeightedGraph::<T, 3, 2>::with_vertex_weights([one, zero, one]),
            Err(Error::InvalidParameter {
                name: "vertex weight",
                ..
            })
        );
        let mut graph = WeightedGraph::<T, 3, 2>::new();
        row!(
            t,
            "WeightedGraph::add_edge",
            "vertex 3 of 3",
            graph.add_edge(0, 3, one),
            Err(Error::InvalidParameter {
                name: "vertex",
                value: 3.0
            })
        );
        row!(
            t,
            "WeightedGraph::add_edge",
            "self-loop",
            graph.add_edge(1, 1, one),
            Err(Error::InvalidParameter {
                name: "self-loop at vertex",
                ..
            })
        );
        row!(
            t,
            "WeightedGraph::add_edge",
            "weight 0",
            graph.add_edge(0, 1, zero),
            Err(Error::InvalidParameter {
                name: "edge weight",
                ..
            })
        );
        row!(
            t,
            "WeightedGraph::add_edge",
            "weight +∞",
            graph.add_edge(0, 1, inf),
            Err(Error::NonFinite { .. })
        );
        let _ = graph.add_edge(0, 1, one);
        row!(
            t,
            "WeightedGraph::add_edge",
            "duplicate edge",
            graph.add_edge(1, 0, one),
            Err(Error::InvalidParameter {
                name: "duplicate edge at vertex",
                ..
            })
        );
        let _ = graph.add_edge(1, 2, one);
        row!(
            t,
            "WeightedGraph::add_edge",
            "a third edge into capacity 2",
            graph.add_edge(0, 2, one),
            Err(Error::CapacityExceeded {
                needed: 3,
                capacity: 2
            })
        );
        row!(
            t,
            "WeightedGraph::forman_curvature",
            "edge index past the last",
            graph.forman_curvature(2, FormanVariant::Plain),
            Err(Error::InvalidParameter { name: "edge", .. })
        );
        row!(
            t,
            "WeightedGraph::curvature_flow_step",
            "step 0",
            graph.curvature_flow_step(zero, FormanVariant::Plain),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        row!(
            t,
            "WeightedGraph::curvature_flow_step",
            "step so large a weight turns negative",
            graph.curvature_flow_step(T::lit(10.0), FormanVariant::Plain),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        let mut star = WeightedGraph::<T, 4, 3>::with_vertex_weights([big, one, one, one]).unwrap();
        for leaf in 1..4 {
            let _ = star.add_edge(0, leaf, one);
        }
        row!(
            t,
            "WeightedGraph::curvature_flow_step",
            "new weights overflow",
            star.curvature_flow_step(T::lit(1e10), FormanVariant::Plain),
            Err(Error::Overflow { .. })
        );

        // Trait functions of the charts and atlases not tried above.
        let (two, max) = (T::lit(2.0), largest::<T>());
        use geoml::manifold::{Branch, DefinitionReport, natural_gradient_descent};
        let principal_angle = AngleChart::principal();
        row!(
            t,
            "AngleChart::to_point_jacobian",
            "NaN angle",
            Chart::<T, 2, 1>::to_point_jacobian(&principal_angle, &Vector1::new(nan)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "AngleChart::to_point_jacobian",
            "angle π (its cut)",
            Chart::<T, 2, 1>::to_point_jacobian(&principal_angle, &Vector1::new(T::pi())),
            Err(Error::InvalidParameter { name: "angle", .. })
        );
        row!(
            t,
            "AngleChart::to_coords_jacobian",
            "the seam (−1, 0)",
            Chart::<T, 2, 1>::to_coords_jacobian(&principal_angle, &Vector2::new(-one, zero)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "AngleChart::to_coords_jacobian",
            "+∞ point",
            Chart::<T, 2, 1>::to_coords_jacobian(&principal_angle, &Vector2::new(inf, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "AngleChart::to_coords_jacobian",
            "off the circle",
            Chart::<T, 2, 1>::to_coords_jacobian(&principal_angle, &Vector2::new(two, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(t, "AngleChart::domain_margin", "angle 0 (valid: π from the cut)", Chart::<T, 2, 1>::domain_margin(&principal_angle, &Vector1::new(zero)), Some(m) if m == T::pi());
        row!(t, "AngleChart::domain_margin", "NaN angle (NaN: not inside)", Chart::<T, 2, 1>::domain_margin(&principal_angle, &Vector1::new(nan)), Some(m) if m.as_f64().is_nan());
        row!(
            t,
            "CircleAtlas::chart_for",
            "NaN point",
            Atlas::<T, 2, 1>::chart_for(&CircleAtlas::new(), &Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "CircleAtlas::chart_for",
            "the origin (off the circle)",
            Atlas::<T, 2, 1>::chart_for(&CircleAtlas::new(), &Vector2::zeros()),
            Err(Error::NotOnManifold { .. })
        );
        row!(t, "CircleAtlas::chart_for", "(−1, 0), the principal seam (valid: the shifted chart)", Atlas::<T, 2, 1>::chart_for(&CircleAtlas::new(), &Vector2::new(-one, zero)), Ok(c) if c == CircleAtlas::new().shifted());

        let standard = Spherical::standard();
        row!(
            t,
            "Spherical::to_point_jacobian",
            "NaN coordinates",
            Chart::<T, 3, 2>::to_point_jacobian(&standard, &Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Spherical::to_point_jacobian",
            "θ = 0 (the pole)",
            Chart::<T, 3, 2>::to_point_jacobian(&standard, &Vector2::new(zero, zero)),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "Spherical::to_coords_jacobian",
            "the pole (0, 0, 1)",
            Chart::<T, 3, 2>::to_coords_jacobian(&standard, &Vector3::new(zero, zero, one)),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "Spherical::to_coords_jacobian",
            "off the sphere",
            Chart::<T, 3, 2>::to_coords_jacobian(&standard, &Vector3::new(two, zero, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Spherical::metric",
            "θ = π (the other pole)",
            Chart::<T, 3, 2>::metric(&standard, &Vector2::new(T::pi(), zero)),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "Spherical::metric",
            "−∞ φ",
            Chart::<T, 3, 2>::metric(&standard, &Vector2::new(one, -inf)),
            Err(Error::NonFinite { .. })
        );
        row!(t, "Spherical::metric", "subnormal θ (valid: tiny but positive sin²θ)", Chart::<T, 3, 2>::metric(&standard, &Vector2::new(tiny, zero)), Ok(g) if g[(1, 1)] >= zero && g[(0, 0)] == one);
        row!(t, "Spherical::domain_margin", "NaN coordinates (NaN: not inside)", Chart::<T, 3, 2>::domain_margin(&standard, &Vector2::new(nan, zero)), Some(m) if m.as_f64().is_nan());
        row!(t, "Spherical::domain_margin", "θ = π/2, φ = 0 (valid: π/2)", Chart::<T, 3, 2>::domain_margin(&standard, &Vector2::new(T::frac_pi_2(), zero)), Some(m) if m == T::frac_pi_2());

        let north = Stereographic::<3>::north();
        row!(
            t,
            "Stereographic::metric",
            "NaN coordinates",
            Chart::<T, 3, 2>::metric(&north, &Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(t, "Stereographic::metric", "largest coordinates (valid: the metric underflows to 0, finite)", Chart::<T, 3, 2>::metric(&north, &Vector2::new(max, max)), Ok(g) if g.iter().all(|x| x.is_finite()));
        row!(
            t,
            "Stereographic::domain_margin",
            "any coordinates (V = ℝᴹ: None)",
            Chart::<T, 3, 2>::domain_margin(&north, &Vector2::new(nan, inf)),
            None
        );

        let tchart = torus.chart(Branch::Principal, Branch::Shifted);
        row!(
            t,
            "Torus::chart",
            "principal θ, shifted φ (valid: the named chart)",
            tchart.branches(),
            (Branch::Principal, Branch::Shifted)
        );
        row!(
            t,
            "Torus::chart",
            "its chart on φ = 0 (the shifted cut)",
            tchart.to_coords(&torus.embed(&Vector2::new(one, zero)).unwrap()),
            Err(Error::OutsideChart { .. })
        );
        row!(
            t,
            "TorusChart::to_point_jacobian",
            "NaN coordinates",
            tchart.to_point_jacobian(&Vector2::new(nan, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "TorusChart::to_point_jacobian",
            "φ = 0 (the shifted cut)",
            tchart.to_point_jacobian(&Vector2::new(zero, zero)),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "TorusChart::to_coords_jacobian",
            "the origin (off the torus)",
            tchart.to_coords_jacobian(&Vector3::zeros()),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "TorusChart::to_coords_jacobian",
            "+∞ point",
            tchart.to_coords_jacobian(&Vector3::new(inf, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "TorusChart::metric",
            "θ = π (the principal cut)",
            tchart.metric(&Vector2::new(T::pi(), one)),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "TorusChart::metric",
            "NaN coordinates",
            tchart.metric(&Vector2::new(one, nan)),
            Err(Error::NonFinite { .. })
        );
        row!(t, "TorusChart::domain_margin", "NaN coordinates (NaN: not inside)", tchart.domain_margin(&Vector2::new(nan, one)), Some(m) if m.as_f64().is_nan());
        row!(
            t,
            "TorusAtlas::chart_for",
            "NaN point",
            torus_atlas.chart_for(&Vector3::new(nan, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "TorusAtlas::chart_for",
            "the origin (off the torus)",
            torus_atlas.chart_for(&Vector3::zeros()),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "TorusAtlas::transition_jacobian",
            "NaN coordinates",
            torus_atlas.transition_jacobian(
                &torus_atlas.charts()[0],
                &torus_atlas.charts()[3],
                &Vector2::new(nan, one)
            ),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "TorusAtlas::transition_jacobian",
            "θ = 0, on the target's cut",
            torus_atlas.transition_jacobian(
                &torus_atlas.charts()[0],
                &torus_atlas.charts()[3],
                &Vector2::new(zero, one)
            ),
            Err(Error::OutsideChart { .. })
        );

        // Plain values and settings.
        let report: DefinitionReport<T> = check_definition(
            &SphericalAtlas::new(),
            &[Vector3::new(zero, one, zero), Vector3::new(one, zero, zero)],
        )
        .unwrap();
        row!(
            t,
            "DefinitionReport::holds",
            "NaN tolerance",
            report.holds(nan),
            false
        );
        row!(
            t,
            "DefinitionReport::holds",
            "negative tolerance",
            report.holds(-one),
            false
        );
        row!(
            t,
            "DefinitionReport::holds",
            "+∞ tolerance (valid: every part exercised)",
            report.holds(inf),
            true
        );
        for (input, step) in [
            ("NaN step", nan),
            ("−∞ step", -inf),
            ("negative step", -one),
        ] {
            row!(
                t,
                "DescentOptions::new",
                input,
                gradient_descent(gradient, &start, &DescentOptions::new(step, 5)),
                Err(Error::InvalidParameter { name: "step", .. })
            );
        }
        row!(
            t,
            "DescentOptions::new",
            "0 iterations (valid: the start, unconverged)",
            gradient_descent(gradient, &start, &DescentOptions::new(half, 0)).map(|o| o.iterations),
            Ok(0)
        );
        let fisher = |p: &Vector2<T>| Ok((*p, spd));
        row!(
            t,
            "natural_gradient_descent",
            "NaN start",
            natural_gradient_descent(
                fisher,
                &Vector2::new(one, nan),
                &DescentOptions::new(half, 5)
            ),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "natural_gradient_descent",
            "NaN step",
            natural_gradient_descent(fisher, &start, &DescentOptions::new(nan, 5)),
            Err(Error::InvalidParameter { name: "step", .. })
        );
        row!(
            t,
            "natural_gradient_descent",
            "asymmetric Fisher matrix",
            natural_gradient_descent(
                |p: &Vector2<T>| Ok((*p, Matrix2::new(one, half, zero, one))),
                &start,
                &DescentOptions::new(half, 5)
            ),
            Err(Error::NotSymmetric { row: 0, col: 1, .. })
        );
        row!(
            t,
            "natural_gradient_descent",
            "gradient turns NaN",
            natural_gradient_descent(
                |_: &Vector2<T>| Ok((Vector2::new(nan, zero), spd)),
                &start,
                &DescentOptions::new(half, 5)
            ),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "natural_gradient_descent",
            "closure fails",
            natural_gradient_descent(
                |_: &Vector2<T>| Err(Error::Singular { value: 0.0 }),
                &start,
                &DescentOptions::new(half, 5)
            ),
            Err(Error::Singular { .. })
        );

        let unchecked = nalgebra::UnitQuaternion::new_unchecked(nalgebra::Quaternion::new(
            nan, zero, zero, one,
        ));
        row!(t, "Sphere::from_quaternion", "unchecked NaN quaternion (a relabelling: NaN stays)", Sphere::from_quaternion(&unchecked)[3], x if x.as_f64().is_nan());
        row!(t, "Sphere::from_quaternion", "identity (valid: the north pole e₄)", Sphere::from_quaternion(&nalgebra::UnitQuaternion::<T>::identity()), p if p == Vector4::new(zero, zero, zero, one));

        let mut path = WeightedGraph::<T, 3, 2>::new();
        let _ = path.add_edge(0, 1, one);
        row!(
            t,
            "WeightedGraph::degree",
            "vertex past the last (0)",
            path.degree(7),
            0
        );
        row!(
            t,
            "WeightedGraph::degree",
            "usize::MAX (0)",
            path.degree(usize::MAX),
            0
        );
        let mut disparate =
            WeightedGraph::<T, 3, 2>::with_vertex_weights([tiny, tiny, tiny]).unwrap();
        let _ = disparate.add_edge(0, 1, max);
        let _ = disparate.add_edge(1, 2, tiny);
        row!(
            t,
            "WeightedGraph::forman_curvatures",
            "largest edge beside subnormal ones (a ratio overflows)",
            disparate.forman_curvatures(FormanVariant::Plain),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "WeightedGraph::forman_curvatures",
            "no edges (valid: empty)",
            WeightedGraph::<T, 3, 2>::new()
                .forman_curvatures(FormanVariant::Plain)
                .map(|c| c.len()),
            Ok(0)
        );
        t
    }
}

mod attention {
    use super::*;
    use geoml::attention::{
        AttentionOptions, CausalAlignment, Embedding, Linear, MultiHeadAttention, OnlineSoftmax,
        Standardizer, Tile, Whitening, distance_attention, log_softmax,
        log_softmax_with_temperature, online_softmax, project, scaled_dot_product_attention,
        scaled_dot_product_attention_tiled, softmax, softmax_with_temperature, standardize,
    };

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero, half) = (T::one(), T::zero(), T::lit(0.5));
        let (nan, inf, tiny, big) = (nan::<T>(), inf::<T>(), subnormal::<T>(), huge::<T>());
        let mut out3 = [zero; 3];

        row!(t, "softmax", "NaN logit", softmax(&[one, nan, zero], &mut out3),
            Err(Error::NonFinite { index: 1, value }) if is_nan(value));
        row!(t, "softmax", "+∞ logit", softmax(&[inf, one, zero], &mut out3),
            Err(Error::NonFinite { index: 0, value }) if value == f64::INFINITY);
        row!(
            t,
            "softmax",
            "every logit −∞ (fully masked: zeros, count 0)",
            softmax(&[-inf; 3], &mut out3),
            Ok(0)
        );
        row!(
            t,
            "softmax",
            "huge logits (valid)",
            softmax(&[big, -big, big], &mut out3),
            Ok(3)
        );
        row!(
            t,
            "softmax_with_temperature",
            "τ = 0",
            softmax_with_temperature(&[one; 3], zero, &mut out3),
            Err(Error::InvalidParameter {
                name: "temperature",
                ..
            })
        );
        row!(
            t,
            "softmax_with_temperature",
            "τ = NaN",
            softmax_with_temperature(&[one; 3], nan, &mut out3),
            Err(Error::InvalidParameter {
                name: "temperature",
                ..
            })
        );
        row!(
            t,
            "softmax_with_temperature",
            "τ subnormal (valid: one-hot)",
            softmax_with_temperature(&[one, zero, half], tiny, &mut out3),
            Ok(3)
        );
        row!(
            t,
            "log_softmax",
            "−∞ logit (log 0 has no finite value)",
            log_softmax(&[one, -inf, zero], &mut out3),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "log_softmax",
            "no logits (N = 0)",
            log_softmax::<T, 0>(&[], &mut []),
            Err(Error::InvalidParameter { name: "N", .. })
        );
        row!(
            t,
            "log_softmax_with_temperature",
            "span past the finite range",
            log_softmax_with_temperature(&[big, -big, zero], T::lit(0.25), &mut out3),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "log_softmax_with_temperature",
            "τ = −1",
            log_softmax_with_temperature(&[one; 3], -one, &mut out3),
            Err(Error::InvalidParameter {
                name: "temperature",
                ..
            })
        );
        row!(
            t,
            "online_softmax",
            "NaN logit",
            online_softmax(&[one, zero, nan], &mut out3).map(|n| n.seen()),
            Err(Error::NonFinite { index: 2, .. })
        );
        let mut normaliser = OnlineSoftmax::new();
        let _ = normaliser.push(one);
        row!(
            t,
            "OnlineSoftmax::push",
            "+∞ after one logit",
            normaliser.push(inf),
            Err(Error::NonFinite { index: 1, .. })
        );

        let q = [[one, zero], [zero, one]];
        let k = [[one, one], [half, zero], [zero, -one]];
        let v = [[one], [zero], [-one]];
        let none = AttentionOptions::<T, 2, 3>::new();
        let mut out = [[zero; 1]; 2];
        row!(
            t,
            "scaled_dot_product_attention",
            "NaN query",
            scaled_dot_product_attention(&[[one, nan], [zero, one]], &k, &v, &none, &mut out, None),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "scaled_dot_product_attention",
            "+∞ value",
            scaled_dot_product_attention(&q, &k, &[[one], [inf], [zero]], &none, &mut out, None),
            Err(Error::NonFinite { index: 1, .. })
        );
        let nan_mask = [[zero, nan, zero], [zero; 3]];
        row!(
            t,
            "scaled_dot_product_attention",
            "NaN mask entry",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().additive_mask(&nan_mask),
                &mut out,
                None
            ),
            Err(Error::InvalidMask { index: 1, .. })
        );
        let inf_mask = [[zero; 3], [zero, zero, inf]];
        row!(
            t,
            "scaled_dot_product_attention",
            "+∞ mask entry",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().additive_mask(&inf_mask),
                &mut out,
                None
            ),
            Err(Error::InvalidMask { index: 5, .. })
        );
        row!(
            t,
            "scaled_dot_product_attention",
            "scale +∞",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().scale(inf),
                &mut out,
                None
            ),
            Err(Error::InvalidParameter { name: "scale", .. })
        );
        row!(
            t,
            "scaled_dot_product_attention",
            "huge queries and keys (scores overflow)",
            scaled_dot_product_attention(
                &[[big, big]; 2],
                &[[big, big]; 3],
                &v,
                &none,
                &mut out,
                None
            ),
            Err(Error::Overflow { .. })
        );
        let hide_all = [[-inf; 3]; 2];
        row!(
            t,
            "scaled_dot_product_attention",
            "every key masked (zeros, both rows counted)",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().additive_mask(&hide_all),
                &mut out,
                None
            ),
            Ok(2)
        );
        let wide = AttentionOptions::<T, 4, 2>::new().causal(CausalAlignment::BottomRight);
        row!(
            t,
            "scaled_dot_product_attention",
            "bottom-right causal with N > M (two rows see nothing)",
            scaled_dot_product_attention(
                &[[one, zero]; 4],
                &[[one, zero]; 2],
                &[[one]; 2],
                &wide,
                &mut [[zero]; 4],
                None
            ),
            Ok(2)
        );
        row!(
            t,
            "scaled_dot_product_attention_tiled",
            "tile width 0",
            scaled_dot_product_attention_tiled(&q, &k, &v, &none, Tile::<0>, &mut out),
            Err(Error::InvalidParameter { name: "W", .. })
        );
        row!(
            t,
            "scaled_dot_product_attention_tiled",
            "NaN key",
            scaled_dot_product_attention_tiled(
                &q,
                &[[one, one], [nan, zero], [zero, one]],
                &v,
                &none,
                Tile::<2>,
                &mut out
            ),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(
            t,
            "distance_attention",
            "huge keys (distances overflow)",
            distance_attention(&q, &[[big, -big]; 3], &v, &none, &mut out, None),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "distance_attention",
            "−∞ key",
            distance_attention(
                &q,
                &[[one, one], [zero, -inf], [zero, one]],
                &v,
                &none,
                &mut out,
                None
            ),
            Err(Error::NonFinite { index: 3, .. })
        );

        let layer = MultiHeadAttention::<T, 2, 1, 1, 1, 2> {
            w_q: [[[one], [zero]]],
            b_q: [[zero]],
            w_k: [[[one], [nan]]],
            b_k: [[zero]],
            w_v: [[[one], [zero]]],
            b_v: [[zero]],
            w_o: [[[one, zero]]],
            b_o: [zero; 2],
        };
        let tokens = [[one, zero], [zero, one]];
        let mut y = [[zero; 2]; 2];
        let self_attention = AttentionOptions::<T, 2, 2>::new();
        row!(
            t,
            "MultiHeadAttention::forward",
            "NaN in W_K",
            layer.forward(&tokens, &tokens, &tokens, &self_attention, &mut y, None),
            Err(Error::NonFinite { index: 1, .. })
        );
        let mut huge_layer = layer;
        huge_layer.w_k = [[[big], [big]]];
        row!(
            t,
            "MultiHeadAttention::forward",
            "huge weights (projection overflows)",
            huge_layer.forward(
                &[[big, big]; 2],
                &[[big, big]; 2],
                &[[big, big]; 2],
                &self_attention,
                &mut y,
                None
            ),
            Err(Error::Overflow { .. })
        );

        row!(
            t,
            "Linear::new",
            "NaN weight",
            Linear::new([[one], [nan]], [zero]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Linear::new",
            "∞ bias",
            Linear::new([[one], [one]], [inf]),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Linear::from_torch",
            "NaN weight",
            Linear::from_torch(&[[one, nan]], &[zero]),
            Err(Error::NonFinite { index: 1, .. })
        );
        let linear = Linear::new([[big], [big]], [zero]).unwrap();
        let mut linear_out = [[zero]; 1];
        row!(
            t,
            "Linear::forward",
            "huge input (output overflows)",
            linear.forward(&[[big, big]], &mut linear_out),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Linear::forward",
            "NaN input",
            linear.forward(&[[one, nan]], &mut linear_out),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Embedding::new",
            "+∞ entry",
            Embedding::new([[one, inf]]),
            Err(Error::NonFinite { index: 1, .. })
        );
        let embedding = Embedding::new([[one, zero], [zero, one], [half, half]]).unwrap();
        row!(
            t,
            "Embedding::lookup",
            "token id 7 of 3",
            embedding.lookup(&[0, 7, 1], &mut [[zero; 2]; 3]),
            Err(Error::IndexOutOfRange {
                position: 1,
                index: 7,
                len: 3
            })
        );
        row!(
            t,
            "Embedding::lookup",
            "token id usize::MAX",
            embedding.lookup(&[usize::MAX], &mut [[zero; 2]; 1]),
            Err(Error::IndexOutOfRange {
                position: 0,
                index: usize::MAX,
                len: 3
            })
        );
        row!(
            t,
            "project",
            "onto the zero vector",
            project(&[one, one], &[zero, -zero]),
            Err(Error::ZeroVector { index: 1 })
        );
        row!(
            t,
            "project",
            "NaN in v",
            project(&[nan, one], &[one, zero]),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "project",
            "+∞ in onto",
            project(&[one, one], &[one, inf]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(t, "project", "huge onto subnormal (valid)", project(&[big, big], &[tiny, zero]),
            Ok(p) if p.iter().all(|x| x.is_finite()));

        let samples = [
            [one, T::lit(2.0)],
            [T::lit(3.0), T::lit(5.0)],
            [T::lit(-1.0), zero],
        ];
        row!(
            t,
            "Standardizer::fit",
            "no samples (N = 0)",
            Standardizer::<T, 2>::fit::<0>(&[], zero),
            Err(Error::InvalidParameter { name: "N", .. })
        );
        row!(
            t,
            "Standardizer::fit",
            "ε = −1",
            Standardizer::fit(&samples, -one),
            Err(Error::InvalidParameter { name: "eps", .. })
        );
        row!(
            t,
            "Standardizer::fit",
            "a constant feature with ε = 0",
            Standardizer::fit(&[[one, zero], [one, one]], zero),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "Standardizer::fit",
            "huge samples (variance overflows)",
            Standardizer::fit(&[[big, zero], [-big, one]], zero),
            Err(Error::Overflow { .. })
        );
        let standardizer = Standardizer::fit(&samples, zero).unwrap();
        row!(
            t,
            "Standardizer::apply",
            "NaN sample",
            standardizer.apply(&[[one, nan]], &mut [[zero; 2]]),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "standardize",
            "+∞ sample",
            standardize(&[[one, zero], [inf, one]], zero, &mut [[zero; 2]; 2]),
            Err(Error::NonFinite { index: 2, .. })
        );
        let collinear = [
            [one, T::lit(2.0)],
            [T::lit(2.0), T::lit(4.0)],
            [T::lit(3.0), T::lit(6.0)],
        ];
        row!(
            t,
            "Whitening::pca",
            "collinear features with ε = 0",
            Whitening::pca(&collinear, zero),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "Whitening::zca",
            "no samples",
            Whitening::<T, 2>::zca::<0>(&[], zero),
            Err(Error::InvalidParameter { name: "N", .. })
        );
        row!(
            t,
            "Whitening::zca",
            "NaN ε",
            Whitening::zca(&samples, nan),
            Err(Error::InvalidParameter { name: "eps", .. })
        );
        row!(
            t,
            "Whitening::pca",
            "NaN sample",
            Whitening::pca(&[[one, zero], [nan, one]], zero),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(
            t,
            "Whitening::pca",
            "huge samples (covariance overflows)",
            Whitening::pca(&[[big, zero], [-big, one], [zero, -one]], zero),
            Err(Error::Overflow { .. })
        );
        let white = Whitening::zca(&samples, zero).unwrap();
        row!(
            t,
            "Whitening::apply",
            "−∞ sample",
            white.apply(&[[-inf, zero]], &mut [[zero; 2]]),
            Err(Error::NonFinite { index: 0, .. })
        );

        // The option builders store their values; the attention call checks them.
        row!(
            t,
            "AttentionOptions::scale",
            "NaN scale",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().scale(nan),
                &mut out,
                None
            ),
            Err(Error::InvalidParameter { name: "scale", .. })
        );
        row!(
            t,
            "AttentionOptions::scale",
            "subnormal scale (valid: uniform weights)",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().scale(tiny),
                &mut out,
                None
            )
            .map(|_| out[0][0].abs() < T::lit(1e-3)),
            Ok(true)
        );
        let nan_entry = [[zero, nan, zero], [zero; 3]];
        row!(
            t,
            "AttentionOptions::additive_mask",
            "NaN entry",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().additive_mask(&nan_entry),
                &mut out,
                None
            ),
            Err(Error::InvalidMask { index: 1, .. })
        );
        let plus_inf = [[zero; 3], [zero, zero, inf]];
        row!(
            t,
            "AttentionOptions::additive_mask",
            "+∞ entry",
            scaled_dot_product_attention(
                &q,
                &k,
                &v,
                &AttentionOptions::new().additive_mask(&plus_inf),
                &mut out,
                None
            ),
            Err(Error::InvalidMask { index: 5, .. })
        );
        let mut out4 = [[zero; 1]; 4];
        row!(
            t,
            "AttentionOptions::causal",
            "top-left with N > M (every row sees key 0)",
            scaled_dot_product_attention(
                &[[one, zero]; 4],
                &[[one, zero]; 2],
                &[[one]; 2],
                &AttentionOptions::new().causal(CausalAlignment::TopLeft),
                &mut out4,
                None
            ),
            Ok(0)
        );
        row!(
            t,
            "AttentionOptions::causal",
            "bottom-right with N > M (two rows see nothing)",
            scaled_dot_product_attention(
                &[[one, zero]; 4],
                &[[one, zero]; 2],
                &[[one]; 2],
                &AttentionOptions::new().causal(CausalAlignment::BottomRight),
                &mut out4,
                None
            ),
            Ok(2)
        );

        let mut running = OnlineSoftmax::new();
        let _ = running.push(one);
        let _ = running.push(zero);
        let masked = OnlineSoftmax::<T>::new();
        row!(t, "OnlineSoftmax::probability", "NaN logit (0)", running.probability(nan), p if p == zero);
        row!(t, "OnlineSoftmax::probability", "+∞ logit (0)", running.probability(inf), p if p == zero);
        row!(t, "OnlineSoftmax::probability", "−∞ logit (0)", running.probability(-inf), p if p == zero);
        row!(t, "OnlineSoftmax::probability", "any logit while fully masked (0)", masked.probability(one), p if p == zero);
        row!(t, "OnlineSoftmax::probability", "huge logit never pushed (documented: above 1, here +∞)", running.probability(big), p if p > one);
        let mut merged = running;
        merged.merge(&masked);
        row!(t, "OnlineSoftmax::merge", "with a fully masked part (unchanged)", (merged.max(), merged.sum() == running.sum()), (m, true) if m == running.max());
        let mut empty = OnlineSoftmax::<T>::new();
        empty.merge(&masked);
        row!(
            t,
            "OnlineSoftmax::merge",
            "two fully masked parts (still fully masked)",
            empty.is_fully_masked(),
            true
        );
        let mut far = OnlineSoftmax::new();
        let _ = far.push(-big);
        let mut near = running;
        near.merge(&far);
        row!(
            t,
            "OnlineSoftmax::merge",
            "a part whose max is −huge (its sum underflows to 0, finite)",
            (near.sum().is_finite(), near.max() == running.max()),
            (true, true)
        );
        let mut high = OnlineSoftmax::new();
        let _ = high.push(big);
        let mut low = running;
        low.merge(&high);
        row!(
            t,
            "OnlineSoftmax::merge",
            "a part with huge max (rescales, finite)",
            (low.sum().is_finite(), low.max() == Some(big)),
            (true, true)
        );
        t
    }
}

mod lie {
    use super::*;
    use geoml::lie::{
        Gl, LieGroup, Se2, Se3, So2, So3, Su2, expm, nearest_orthogonal, nearest_rotation,
    };
    use nalgebra::{Complex, Matrix2, Matrix3, Matrix4, Quaternion, Vector2, Vector3, Vector6};

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero, two) = (T::one(), T::zero(), T::lit(2.0));
        let (nan, inf, tiny, big) = (nan::<T>(), inf::<T>(), subnormal::<T>(), huge::<T>());
        let max = largest::<T>();
        let reflection = Matrix3::new(one, zero, zero, zero, one, zero, zero, zero, -one);
        let symmetric = Matrix3::new(one, two, zero, two, one, zero, zero, zero, one);

        row!(
            t,
            "So2::exp",
            "NaN angle",
            So2::exp(nan),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So2::exp",
            "huge angle (valid)",
            So2::exp(big).map(|r| r.log().is_finite()),
            Ok(true)
        );
        row!(
            t,
            "So2::from_complex",
            "|z| = 2",
            So2::from_complex(&Complex::new(two, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So2::from_complex",
            "+∞",
            So2::from_complex(&Complex::new(inf, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So2::from_complex_normalizing",
            "z = 0",
            So2::from_complex_normalizing(&Complex::new(zero, zero)),
            Err(Error::NotOnManifold { residual: 1.0, .. })
        );
        row!(t, "So2::from_complex_normalizing", "subnormal z (valid)", So2::from_complex_normalizing(&Complex::new(tiny, tiny)).map(|r| r.log()),
            Ok(a) if (a - T::frac_pi_4()).abs() < T::lit(1e-6));
        row!(
            t,
            "So2::from_matrix",
            "a reflection",
            So2::from_matrix(&Matrix2::new(one, zero, zero, -one)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So2::from_matrix_nearest",
            "NaN entry",
            So2::from_matrix_nearest(&Matrix2::new(one, nan, zero, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So2::vee",
            "a symmetric matrix",
            So2::vee(&Matrix2::new(one, one, one, one)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So2::act",
            "huge point (result overflows)",
            So2::exp(T::frac_pi_4())
                .unwrap()
                .act(&Vector2::new(max, max)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "So2::act",
            "−∞ point",
            So2::identity().act(&Vector2::new(-inf, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So2::interpolate",
            "t = NaN",
            So2::identity().interpolate(&So2::identity(), nan),
            Err(Error::NonFinite { .. })
        );

        row!(
            t,
            "So3::exp",
            "+∞ component",
            So3::exp(&Vector3::new(inf, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::exp",
            "huge rotation vector (valid)",
            So3::exp(&Vector3::new(big, big, zero)).map(|r| r.angle().is_finite()),
            Ok(true)
        );
        row!(
            t,
            "So3::from_quaternion",
            "|q| = 2",
            So3::from_quaternion(&Quaternion::new(two, zero, zero, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So3::from_quaternion_normalizing",
            "q = 0",
            So3::from_quaternion_normalizing(&Quaternion::new(zero, zero, zero, zero)),
            Err(Error::NotOnManifold { residual: 1.0, .. })
        );
        row!(
            t,
            "So3::from_quaternion_normalizing",
            "NaN",
            So3::from_quaternion_normalizing(&Quaternion::new(nan, zero, zero, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::from_matrix",
            "a reflection (det −1)",
            So3::from_matrix(&reflection),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So3::from_matrix",
            "NaN entry",
            So3::from_matrix(&Matrix3::from_element(nan)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::from_matrix_nearest",
            "zero matrix",
            So3::from_matrix_nearest(&Matrix3::<T>::zeros()),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "So3::vee",
            "a symmetric matrix",
            So3::vee(&symmetric),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So3::left_jacobian",
            "|ω| overflows",
            So3::left_jacobian(&Vector3::new(max, max, zero)),
            Err(Error::Overflow { .. })
        );
        row!(t, "So3::left_jacobian_inverse", "θ = 2π rounded (valid: huge but finite)", So3::left_jacobian_inverse(&Vector3::new(T::two_pi(), zero, zero)),
            Ok(j) if j.iter().all(|x| x.is_finite()));
        row!(
            t,
            "So3::right_jacobian",
            "NaN",
            So3::right_jacobian(&Vector3::new(nan, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::act",
            "huge point (result overflows)",
            So3::exp(&Vector3::new(T::frac_pi_4(), zero, zero))
                .unwrap()
                .act(&Vector3::new(zero, max, max)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "LieGroup::reparameterize",
            "negative standard deviation",
            So3::identity().reparameterize(&Vector3::new(one, -one, one), &Vector3::zeros()),
            Err(Error::InvalidParameter {
                name: "std_dev",
                ..
            })
        );
        row!(
            t,
            "LieGroup::reparameterize",
            "NaN noise",
            So3::identity()
                .reparameterize(&Vector3::new(one, one, one), &Vector3::new(nan, zero, zero)),
            Err(Error::NonFinite { .. })
        );

        row!(
            t,
            "Su2::exp",
            "NaN",
            Su2::exp(&Vector3::new(zero, nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Su2::from_quaternion",
            "|q| = 2",
            Su2::from_quaternion(&Quaternion::new(two, zero, zero, zero)),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Su2::vee",
            "NaN entry",
            Su2::vee(&Su2::hat(&Vector3::new(nan, zero, zero))),
            Err(Error::NonFinite { .. })
        );

        row!(
            t,
            "Se2::new",
            "NaN translation",
            Se2::new(So2::identity(), Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::exp",
            "translation overflows",
            Se2::exp(&Vector3::new(max, max, T::lit(0.5))),
            Err(Error::Overflow { .. })
        );
        row!(t, "Se2::v_matrix_inverse", "θ = 2π rounded (valid: huge but finite)", Se2::v_matrix_inverse(T::two_pi()),
            Ok(v) if v.iter().all(|x| x.is_finite()));
        row!(
            t,
            "Se2::from_matrix",
            "rotation block a reflection",
            Se2::from_matrix(&Matrix3::new(
                one, zero, zero, zero, -one, zero, zero, zero, one
            )),
            Err(Error::NotOnManifold { .. })
        );
        row!(t, "Se2::left_jacobian_inverse", "θ = 2π rounded (valid: huge but finite)", Se2::left_jacobian_inverse(&Vector3::new(one, zero, T::two_pi())),
            Ok(j) if j.iter().all(|x| x.is_finite()));
        let far = Se2::new(So2::exp(T::frac_pi_4()).unwrap(), Vector2::new(max, max)).unwrap();
        row!(
            t,
            "Se2::compose",
            "translations add past the largest float",
            far.compose(&far),
            Err(Error::Overflow { .. })
        );

        row!(
            t,
            "Se3::exp",
            "NaN",
            Se3::exp(&Vector6::new(zero, zero, nan, zero, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::q_block",
            "+∞",
            Se3::q_block(&Vector6::new(inf, zero, zero, zero, zero, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::from_matrix",
            "bottom row not (0, 0, 0, 1)",
            Se3::from_matrix(&Matrix4::new(
                one, zero, zero, zero, zero, one, zero, zero, zero, zero, one, zero, one, zero,
                zero, one
            )),
            Err(Error::NotOnManifold { .. })
        );
        let far3 = Se3::new(So3::identity(), Vector3::new(max, max, zero)).unwrap();
        row!(
            t,
            "Se3::compose",
            "translations add past the largest float",
            far3.compose(&far3),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Se3::inverse",
            "finite (valid)",
            far3.inverse().map(|g| g.translation()[0].is_finite()),
            Ok(true)
        );

        row!(
            t,
            "expm",
            "NaN entry",
            expm(&Matrix2::new(one, nan, zero, one)),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(
            t,
            "expm",
            "‖A‖ = 1000 (e^A overflows)",
            expm(&Matrix2::new(T::lit(1000.0), zero, zero, zero)),
            Err(Error::Overflow { .. })
        );
        row!(t, "expm", "−1000 I (underflows to 0, valid)", expm(&(Matrix2::identity() * T::lit(-1000.0))),
            Ok(e) if e.iter().all(|x| x.is_finite()));
        // e^A for a skew A of norm 2^127 or more is a rotation by an angle no float pins down:
        // a finite (backward-stable) matrix or Overflow, never ∞ or NaN.
        row!(
            t,
            "expm",
            "huge skew matrix (a rotation by an unknowable angle)",
            expm(&Matrix2::new(zero, -big, big, zero)).map(|e| e.iter().all(|x| x.is_finite())),
            Ok(true) | Err(Error::Overflow { .. })
        );
        row!(
            t,
            "expm",
            "skew matrix of norm MAX",
            expm(&Matrix2::new(zero, -max, max, zero)).map(|e| e.iter().all(|x| x.is_finite())),
            Ok(true) | Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Gl::new",
            "singular matrix",
            Gl::new(Matrix2::new(one, two, two, T::lit(4.0))),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "Gl::new",
            "+∞ entry",
            Gl::new(Matrix2::new(one, inf, zero, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Gl::new",
            "subnormal diagonal (inverse overflows)",
            Gl::new(Matrix2::new(tiny, zero, zero, tiny)),
            Err(Error::Singular { .. })
        );
        let huge_gl = Gl::new(Matrix2::new(max, zero, zero, max)).unwrap();
        row!(
            t,
            "Gl::compose",
            "product overflows",
            huge_gl.compose(&huge_gl),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "nearest_orthogonal",
            "zero matrix",
            nearest_orthogonal(&Matrix3::<T>::zeros()),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "nearest_orthogonal",
            "NaN entry",
            nearest_orthogonal(&Matrix2::new(nan, zero, zero, one)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "nearest_rotation",
            "a reflection (valid: the nearest rotation)",
            nearest_rotation(&reflection).map(|r| r.determinant() > T::zero()),
            Ok(true)
        );
        row!(
            t,
            "nearest_rotation",
            "zero matrix",
            nearest_rotation(&Matrix2::<T>::zeros()),
            Err(Error::Singular { .. })
        );

        // Coefficients: plain values, not `Result`s; finite θ gives a finite value (even in θ),
        // and a non-finite θ gives NaN, which the `Result`-returning callers never pass.
        use geoml::lie::coefficients::{
            half_cot_half, inverse_jacobian_coefficient, one_minus_cos_over_square,
            q_second_coefficient, q_third_coefficient, sinc, theta_minus_sin_over_cube,
        };
        row!(t, "sinc", "NaN θ (NaN out)", sinc(nan), x if x.as_f64().is_nan());
        row!(t, "sinc", "+∞ θ (NaN out)", sinc(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "sinc",
            "subnormal θ (valid: the value at 0)",
            sinc(tiny) == sinc(zero) && sinc(zero).is_finite(),
            true
        );
        row!(
            t,
            "sinc",
            "−θ (valid: even)",
            sinc(-T::lit(0.75)) == sinc(T::lit(0.75)),
            true
        );
        row!(t, "one_minus_cos_over_square", "NaN θ (NaN out)", one_minus_cos_over_square(nan), x if x.as_f64().is_nan());
        row!(t, "one_minus_cos_over_square", "+∞ θ (NaN out)", one_minus_cos_over_square(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "one_minus_cos_over_square",
            "subnormal θ (valid: the value at 0)",
            one_minus_cos_over_square(tiny) == one_minus_cos_over_square(zero)
                && one_minus_cos_over_square(zero).is_finite(),
            true
        );
        row!(
            t,
            "one_minus_cos_over_square",
            "−θ (valid: even)",
            one_minus_cos_over_square(-T::lit(0.75)) == one_minus_cos_over_square(T::lit(0.75)),
            true
        );
        row!(t, "theta_minus_sin_over_cube", "NaN θ (NaN out)", theta_minus_sin_over_cube(nan), x if x.as_f64().is_nan());
        row!(t, "theta_minus_sin_over_cube", "+∞ θ (NaN out)", theta_minus_sin_over_cube(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "theta_minus_sin_over_cube",
            "subnormal θ (valid: the value at 0)",
            theta_minus_sin_over_cube(tiny) == theta_minus_sin_over_cube(zero)
                && theta_minus_sin_over_cube(zero).is_finite(),
            true
        );
        row!(
            t,
            "theta_minus_sin_over_cube",
            "−θ (valid: even)",
            theta_minus_sin_over_cube(-T::lit(0.75)) == theta_minus_sin_over_cube(T::lit(0.75)),
            true
        );
        row!(t, "inverse_jacobian_coefficient", "NaN θ (NaN out)", inverse_jacobian_coefficient(nan), x if x.as_f64().is_nan());
        row!(t, "inverse_jacobian_coefficient", "+∞ θ (NaN out)", inverse_jacobian_coefficient(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "inverse_jacobian_coefficient",
            "subnormal θ (valid: the value at 0)",
            inverse_jacobian_coefficient(tiny) == inverse_jacobian_coefficient(zero)
                && inverse_jacobian_coefficient(zero).is_finite(),
            true
        );
        row!(
            t,
            "inverse_jacobian_coefficient",
            "−θ (valid: even)",
            inverse_jacobian_coefficient(-T::lit(0.75))
                == inverse_jacobian_coefficient(T::lit(0.75)),
            true
        );
        row!(t, "q_second_coefficient", "NaN θ (NaN out)", q_second_coefficient(nan), x if x.as_f64().is_nan());
        row!(t, "q_second_coefficient", "+∞ θ (NaN out)", q_second_coefficient(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "q_second_coefficient",
            "subnormal θ (valid: the value at 0)",
            q_second_coefficient(tiny) == q_second_coefficient(zero)
                && q_second_coefficient(zero).is_finite(),
            true
        );
        row!(
            t,
            "q_second_coefficient",
            "−θ (valid: even)",
            q_second_coefficient(-T::lit(0.75)) == q_second_coefficient(T::lit(0.75)),
            true
        );
        row!(t, "q_third_coefficient", "NaN θ (NaN out)", q_third_coefficient(nan), x if x.as_f64().is_nan());
        row!(t, "q_third_coefficient", "+∞ θ (NaN out)", q_third_coefficient(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "q_third_coefficient",
            "subnormal θ (valid: the value at 0)",
            q_third_coefficient(tiny) == q_third_coefficient(zero)
                && q_third_coefficient(zero).is_finite(),
            true
        );
        row!(
            t,
            "q_third_coefficient",
            "−θ (valid: even)",
            q_third_coefficient(-T::lit(0.75)) == q_third_coefficient(T::lit(0.75)),
            true
        );
        row!(t, "half_cot_half", "NaN θ (NaN out)", half_cot_half(nan), x if x.as_f64().is_nan());
        row!(t, "half_cot_half", "+∞ θ (NaN out)", half_cot_half(inf), x if x.as_f64().is_nan());
        row!(
            t,
            "half_cot_half",
            "subnormal θ (valid: the value at 0)",
            half_cot_half(tiny) == half_cot_half(zero) && half_cot_half(zero).is_finite(),
            true
        );
        row!(
            t,
            "half_cot_half",
            "−θ (valid: even)",
            half_cot_half(-T::lit(0.75)) == half_cot_half(T::lit(0.75)),
            true
        );
        row!(t, "sinc", "huge θ (valid: finite, tiny)", sinc(big), x if x.is_finite() && x.abs() <= one);

        let rotation = Gl::new(Matrix2::new(zero, -one, one, zero)).unwrap();
        row!(
            t,
            "Gl::is_orthogonal",
            "NaN tolerance",
            rotation.is_orthogonal(nan),
            false
        );
        row!(
            t,
            "Gl::is_orthogonal",
            "negative tolerance",
            rotation.is_orthogonal(-one),
            false
        );
        row!(
            t,
            "Gl::is_orthogonal",
            "∞ tolerance (a non-orthogonal matrix passes)",
            Gl::new(Matrix2::new(two, zero, zero, one))
                .unwrap()
                .is_orthogonal(inf),
            true
        );
        row!(
            t,
            "Gl::is_special_orthogonal",
            "NaN tolerance",
            rotation.is_special_orthogonal(nan),
            false
        );
        row!(
            t,
            "Gl::is_special_orthogonal",
            "a reflection, tolerance 0.5",
            Gl::new(Matrix2::new(one, zero, zero, -one))
                .unwrap()
                .is_special_orthogonal(T::lit(0.5)),
            false
        );

        // Samplers fed a generator stuck at one word: the documented ranges still hold.
        use geoml::lie::random::{
            standard_normal, standard_normal_pair, standard_normal_vector, uniform_unit,
        };
        use geoml::lie::random_orthogonal;
        for word in [0, u64::MAX] {
            row!(t, "uniform_unit", "stuck generator (valid: in [0, 1))", uniform_unit::<T, _>(&mut Stuck(word)), u if u >= T::zero() && u < T::one());
            row!(t, "standard_normal_pair", "stuck generator (valid: finite, |x| ≤ 8.6)", standard_normal_pair::<T, _>(&mut Stuck(word)), (a, b) if a.abs() <= T::lit(8.6) && b.abs() <= T::lit(8.6));
            row!(t, "standard_normal", "stuck generator (valid: finite)", standard_normal::<T, _>(&mut Stuck(word)), x if x.is_finite());
            row!(
                t,
                "standard_normal_vector",
                "stuck generator (valid: finite)",
                standard_normal_vector::<T, 5, _>(&mut Stuck(word))
                    .iter()
                    .all(|x| x.is_finite()),
                true
            );
            row!(
                t,
                "So2::random_uniform",
                "stuck generator (valid: on the group)",
                So2::<T>::random_uniform(&mut Stuck(word)).residual() < T::lit(1e-5),
                true
            );
            row!(
                t,
                "So3::random_uniform",
                "stuck generator (valid: on the group)",
                So3::<T>::random_uniform(&mut Stuck(word)).residual() < T::lit(1e-5),
                true
            );
            row!(
                t,
                "Su2::random_uniform",
                "stuck generator (valid: on the group)",
                Su2::<T>::random_uniform(&mut Stuck(word)).residual() < T::lit(1e-5),
                true
            );
            row!(
                t,
                "Se2::random_uniform",
                "stuck generator (valid)",
                Se2::<T>::random_uniform(&mut Stuck(word), one)
                    .map(|g| g.translation().amax() <= one),
                Ok(true)
            );
            row!(
                t,
                "Se3::random_uniform",
                "stuck generator (valid)",
                Se3::<T>::random_uniform(&mut Stuck(word), one)
                    .map(|g| g.translation().amax() <= one),
                Ok(true)
            );
            row!(
                t,
                "LieGroup::random_gaussian",
                "stuck generator (valid: on the group)",
                So3::<T>::identity()
                    .random_gaussian(&mut Stuck(word), &Vector3::new(one, one, one))
                    .map(|g| g.residual() < T::lit(1e-5)),
                Ok(true)
            );
        }
        // Stuck at 0, every normal draw is the same, so the Gaussian matrix has rank 1: still
        // orthogonal, or Singular if even that is zero; never NaN inside Ok.
        row!(
            t,
            "random_orthogonal",
            "generator stuck at 0",
            random_orthogonal::<T, 3, _>(&mut Stuck(0))
                .map(|q| (q.transpose() * q - Matrix3::identity()).norm() < T::lit(1e-4)),
            Ok(true) | Err(Error::Singular { .. })
        );
        row!(
            t,
            "random_orthogonal",
            "generator stuck at u64::MAX",
            random_orthogonal::<T, 3, _>(&mut Stuck(u64::MAX))
                .map(|q| (q.transpose() * q - Matrix3::identity()).norm() < T::lit(1e-4)),
            Ok(true) | Err(Error::Singular { .. })
        );
        for (input, width) in [("NaN half_width", nan), ("+∞ half_width", inf)] {
            row!(
                t,
                "Se2::random_uniform",
                input,
                Se2::<T>::random_uniform(&mut Stuck(7), width),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se3::random_uniform",
                input,
                Se3::<T>::random_uniform(&mut Stuck(7), width),
                Err(Error::NonFinite { .. })
            );
        }
        row!(
            t,
            "Se2::random_uniform",
            "negative half_width",
            Se2::<T>::random_uniform(&mut Stuck(7), -one),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "Se3::random_uniform",
            "negative half_width",
            Se3::<T>::random_uniform(&mut Stuck(7), -one),
            Err(Error::InvalidParameter { .. })
        );
        row!(
            t,
            "Se2::random_uniform",
            "largest half_width (valid: finite)",
            Se2::<T>::random_uniform(&mut Stuck(u64::MAX), max)
                .map(|g| g.translation().iter().all(|x| x.is_finite())),
            Ok(true)
        );
        row!(
            t,
            "Se3::random_uniform",
            "largest half_width (valid: finite)",
            Se3::<T>::random_uniform(&mut Stuck(u64::MAX), max)
                .map(|g| g.translation().iter().all(|x| x.is_finite())),
            Ok(true)
        );
        row!(
            t,
            "LieGroup::random_gaussian",
            "NaN std_dev",
            So3::<T>::identity().random_gaussian(&mut Stuck(7), &Vector3::new(nan, one, one)),
            Err(Error::NonFinite { .. })
        );

        // SO(2), SO(3), SU(2): compose and hat cannot fail; a non-finite hat input stays
        // non-finite (documented); the Jacobians check their input.
        let a2 = So2::exp(T::lit(0.3)).unwrap();
        row!(
            t,
            "So2::compose",
            "long chain (valid: stays on the group)",
            (0..10_000).fold(a2, |g, _| g.compose(&a2)).residual() < T::lit(1e-5),
            true
        );
        row!(t, "So2::hat", "NaN θ (non-finite out)", So2::hat(nan)[(1, 0)], x if x.as_f64().is_nan());
        row!(
            t,
            "So2::hat",
            "huge θ (valid)",
            So2::hat(big)[(0, 1)] == -big,
            true
        );
        for (input, v) in [("NaN", nan), ("−∞", -inf)] {
            row!(
                t,
                "So2::left_jacobian",
                input,
                So2::left_jacobian(&nalgebra::Vector1::new(v)),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "So2::right_jacobian",
                input,
                So2::right_jacobian(&nalgebra::Vector1::new(v)),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "So2::left_jacobian_inverse",
                input,
                So2::left_jacobian_inverse(&nalgebra::Vector1::new(v)),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "So2::right_jacobian_inverse",
                input,
                So2::right_jacobian_inverse(&nalgebra::Vector1::new(v)),
                Err(Error::NonFinite { .. })
            );
        }
        row!(t, "So2::left_jacobian", "huge θ (valid: the identity)", So2::left_jacobian(&nalgebra::Vector1::new(big)), Ok(j) if j[(0, 0)] == T::one());

        let a3 = So3::exp(&Vector3::new(T::lit(0.3), T::lit(-0.2), T::lit(0.1))).unwrap();
        let b3 = So3::exp(&Vector3::new(zero, T::lit(1.0), zero)).unwrap();
        row!(
            t,
            "So3::compose",
            "long chain (valid: stays on the group)",
            (0..10_000).fold(a3, |g, _| g.compose(&a3)).residual() < T::lit(1e-5),
            true
        );
        row!(t, "So3::hat", "NaN ω (non-finite out)", So3::hat(&Vector3::new(nan, zero, zero))[(2, 1)], x if x.as_f64().is_nan());
        row!(
            t,
            "So3::hat",
            "huge ω (valid: skew)",
            {
                let h = So3::hat(&Vector3::new(big, -big, big));
                h + h.transpose() == Matrix3::zeros()
            },
            true
        );
        row!(t, "So3::angle_to", "itself (valid: 0)", a3.angle_to(&a3), x if x.abs() < T::lit(1e-3));
        row!(t, "So3::angle_to", "a half turn (valid: π)", So3::identity().angle_to(&So3::exp(&Vector3::new(T::pi(), zero, zero)).unwrap()), x if (x - T::pi()).abs() < T::lit(1e-5));
        row!(
            t,
            "So3::right_jacobian_inverse",
            "NaN ω",
            So3::right_jacobian_inverse(&Vector3::new(zero, nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::right_jacobian_inverse",
            "|ω| = 2π exactly, like the left inverse",
            So3::right_jacobian_inverse(&Vector3::new(T::two_pi(), zero, zero)).is_ok()
                == So3::left_jacobian_inverse(&Vector3::new(T::two_pi(), zero, zero)).is_ok(),
            true
        );
        row!(
            t,
            "So3::interpolate",
            "t = NaN",
            a3.interpolate(&b3, nan),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::interpolate",
            "t = +∞",
            a3.interpolate(&b3, inf),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "So3::interpolate",
            "huge t (valid: on the group)",
            a3.interpolate(&b3, big)
                .map(|g| g.residual() < T::lit(1e-4)),
            Ok(true)
        );
        row!(
            t,
            "So3::from_unit_quaternion",
            "unchecked q = (2, 0, 0, 0)",
            So3::from_unit_quaternion(&nalgebra::UnitQuaternion::new_unchecked(Quaternion::new(
                two, zero, zero, zero
            ))),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "So3::from_unit_quaternion",
            "unchecked NaN quaternion",
            So3::from_unit_quaternion(&nalgebra::UnitQuaternion::new_unchecked(Quaternion::new(
                nan, zero, zero, zero
            ))),
            Err(Error::NonFinite { .. })
        );

        let a4 = Su2::exp(&Vector3::new(T::lit(0.3), T::lit(-0.2), T::lit(0.1))).unwrap();
        let minus_a4 = Su2::from_quaternion(&-a4.quaternion()).unwrap();
        row!(
            t,
            "Su2::compose",
            "long chain (valid: stays on the group)",
            (0..10_000).fold(a4, |g, _| g.compose(&a4)).residual() < T::lit(1e-5),
            true
        );
        row!(
            t,
            "Su2::hat",
            "NaN ω (non-finite out)",
            Su2::hat(&Vector3::new(nan, zero, zero))
                .iter()
                .any(|z| z.re.as_f64().is_nan() || z.im.as_f64().is_nan()),
            true
        );
        row!(
            t,
            "Su2::from_quaternion_normalizing",
            "q = 0",
            Su2::from_quaternion_normalizing(&Quaternion::new(zero, zero, zero, zero)),
            Err(Error::NotOnManifold { residual: 1.0, .. })
        );
        row!(
            t,
            "Su2::from_quaternion_normalizing",
            "NaN entry",
            Su2::from_quaternion_normalizing(&Quaternion::new(one, nan, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Su2::from_quaternion_normalizing",
            "huge entries (valid: no overflow)",
            Su2::from_quaternion_normalizing(&Quaternion::new(max, max, zero, zero))
                .map(|g| g.residual() < T::lit(1e-5)),
            Ok(true)
        );
        row!(
            t,
            "Su2::from_quaternion_normalizing",
            "subnormal q (valid)",
            Su2::from_quaternion_normalizing(&Quaternion::new(tiny, zero, zero, zero))
                .map(|g| g.residual() < T::lit(1e-5)),
            Ok(true)
        );
        let c = |re: T, im: T| Complex::new(re, im);
        row!(
            t,
            "Su2::from_complex_matrix",
            "NaN entry (index of its im part)",
            Su2::from_complex_matrix(&Matrix2::new(
                c(one, zero),
                c(zero, nan),
                c(zero, zero),
                c(one, zero)
            )),
            Err(Error::NonFinite { index: 3, .. })
        );
        row!(
            t,
            "Su2::from_complex_matrix",
            "2·identity (not unitary)",
            Su2::from_complex_matrix(&Matrix2::new(
                c(two, zero),
                c(zero, zero),
                c(zero, zero),
                c(two, zero)
            )),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Su2::from_complex_matrix",
            "diag(1, −1) (unitary, not SU(2) form)",
            Su2::from_complex_matrix(&Matrix2::new(
                c(one, zero),
                c(zero, zero),
                c(zero, zero),
                c(-one, zero)
            )),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Su2::act",
            "NaN point",
            a4.act(&Vector3::new(nan, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Su2::act",
            "largest point (overflow)",
            a4.act(&Vector3::new(max, max, max)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Su2::interpolate",
            "t = NaN",
            a4.interpolate(&a4, nan),
            Err(Error::NonFinite { .. })
        );
        let minus_one = Su2::from_quaternion(&Quaternion::new(-one, zero, zero, zero)).unwrap();
        row!(
            t,
            "Su2::interpolate",
            "identity to −1 (cut locus)",
            Su2::identity().interpolate(&minus_one, T::lit(0.5)),
            Err(Error::CutLocus { .. })
        );
        row!(
            t,
            "Su2::interpolate",
            "other = −self, a⁻¹b rounds next to −1 (valid: ill-conditioned, on the group)",
            a4.interpolate(&minus_a4, T::lit(0.5))
                .map(|g| g.residual() < T::lit(1e-5)),
            Ok(true) | Err(Error::CutLocus { .. })
        );
        row!(
            t,
            "Su2::interpolate",
            "largest t (overflow)",
            a4.interpolate(&Su2::exp(&Vector3::new(zero, one, zero)).unwrap(), max),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "LieGroup::reparameterize",
            "σ·ε overflows",
            Se2::identity().reparameterize(
                &Vector3::new(max, one, one),
                &Vector3::new(T::lit(4.0), zero, zero)
            ),
            Err(Error::Overflow { .. })
        );
        for (input, v) in [("NaN", nan), ("+∞", inf)] {
            let w = Vector3::new(v, zero, zero);
            row!(
                t,
                "Su2::left_jacobian",
                input,
                Su2::left_jacobian(&w),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Su2::right_jacobian",
                input,
                Su2::right_jacobian(&w),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Su2::left_jacobian_inverse",
                input,
                Su2::left_jacobian_inverse(&w),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Su2::right_jacobian_inverse",
                input,
                Su2::right_jacobian_inverse(&w),
                Err(Error::NonFinite { .. })
            );
        }

        // SE(2).
        let g2 = Se2::exp(&Vector3::new(one, two, T::lit(0.5))).unwrap();
        let h2 = Se2::exp(&Vector3::new(-one, zero, T::lit(2.0))).unwrap();
        row!(
            t,
            "Se2::from_matrix_nearest",
            "NaN entry",
            Se2::from_matrix_nearest(&Matrix3::new(
                one, zero, nan, zero, one, zero, zero, zero, one
            )),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::from_matrix_nearest",
            "scaled rotation block, junk last row (valid)",
            Se2::from_matrix_nearest(&Matrix3::new(
                two,
                zero,
                one,
                zero,
                two,
                one,
                T::lit(5.0),
                T::lit(5.0),
                T::lit(5.0)
            ))
            .map(|g| g.rotation().log().abs() < T::lit(1e-6)
                && g.translation() == Vector2::new(one, one)),
            Ok(true)
        );
        row!(
            t,
            "Se2::v_matrix",
            "NaN θ",
            Se2::v_matrix(nan),
            Err(Error::NonFinite { .. })
        );
        row!(t, "Se2::v_matrix", "subnormal θ (valid: the identity to rounding)", Se2::v_matrix(tiny), Ok(v) if (v - Matrix2::identity()).amax() <= T::default_epsilon());
        row!(
            t,
            "Se2::act",
            "NaN point",
            g2.act(&Vector2::new(nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::act",
            "largest point (overflow)",
            g2.act(&Vector2::new(max, max)),
            Err(Error::Overflow { .. })
        );
        row!(t, "Se2::hat", "NaN ξ (non-finite out)", Se2::hat(&Vector3::new(nan, zero, zero))[(0, 2)], x if x.as_f64().is_nan());
        row!(
            t,
            "Se2::vee",
            "NaN entry",
            Se2::vee(&Matrix3::new(
                zero, nan, zero, zero, zero, zero, zero, zero, zero
            )),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::vee",
            "symmetric rotation block",
            Se2::vee(&Matrix3::new(
                zero, one, zero, one, zero, zero, zero, zero, zero
            )),
            Err(Error::NotOnManifold { .. })
        );
        row!(
            t,
            "Se2::vee",
            "non-zero last row",
            Se2::vee(&Matrix3::new(
                zero, -one, zero, one, zero, zero, zero, zero, one
            )),
            Err(Error::NotOnManifold { .. })
        );
        for (input, v) in [("NaN", nan), ("−∞", -inf)] {
            let xi = Vector3::new(one, v, zero);
            row!(
                t,
                "Se2::left_jacobian",
                input,
                Se2::left_jacobian(&xi),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se2::right_jacobian",
                input,
                Se2::right_jacobian(&xi),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se2::right_jacobian_inverse",
                input,
                Se2::right_jacobian_inverse(&xi),
                Err(Error::NonFinite { .. })
            );
        }
        row!(t, "Se2::left_jacobian", "largest ρ (valid: |w| ≤ 0.8 max|ρ|, finite)", Se2::left_jacobian(&Vector3::new(max, max, T::lit(2.0))), Ok(j) if j.iter().all(|x| x.is_finite()));
        row!(t, "Se2::right_jacobian_inverse", "θ = 2π rounded (valid: huge but finite)", Se2::right_jacobian_inverse(&Vector3::new(one, zero, T::two_pi())), Ok(j) if j.iter().all(|x| x.is_finite()));
        row!(
            t,
            "Se2::interpolate",
            "t = NaN",
            g2.interpolate(&h2, nan),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::interpolate",
            "t = −∞",
            g2.interpolate(&h2, -inf),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se2::interpolate",
            "largest t (overflow)",
            g2.interpolate(&h2, max),
            Err(Error::Overflow { .. })
        );

        // SE(3).
        let xi6 = Vector6::new(one, two, -one, T::lit(0.3), T::lit(0.2), T::lit(-0.1));
        let g3 = Se3::exp(&xi6).unwrap();
        let h3 = Se3::exp(&Vector6::new(-one, zero, one, zero, T::lit(1.5), zero)).unwrap();
        row!(
            t,
            "Se3::new",
            "NaN translation",
            Se3::new(a3, Vector3::new(zero, nan, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::new",
            "largest translation (valid)",
            Se3::new(a3, Vector3::new(max, max, max)).map(|g| g.translation().x == max),
            Ok(true)
        );
        row!(
            t,
            "Se3::from_matrix_nearest",
            "NaN entry",
            Se3::from_matrix_nearest(&Matrix4::new(
                one, zero, zero, nan, zero, one, zero, zero, zero, zero, one, zero, zero, zero,
                zero, one
            )),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::from_matrix_nearest",
            "zero rotation block",
            Se3::from_matrix_nearest(&Matrix4::new(
                zero, zero, zero, one, zero, zero, zero, one, zero, zero, zero, one, zero, zero,
                zero, one
            )),
            Err(Error::Singular { .. })
        );
        row!(
            t,
            "Se3::from_matrix_nearest",
            "reflected block (valid: a rotation)",
            Se3::from_matrix_nearest(&Matrix4::new(
                one, zero, zero, zero, zero, one, zero, zero, zero, zero, -one, zero, zero, zero,
                zero, one
            ))
            .map(|g| g.rotation().residual() < T::lit(1e-5)),
            Ok(true)
        );
        row!(
            t,
            "Se3::act",
            "+∞ point",
            g3.act(&Vector3::new(inf, zero, zero)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::act",
            "largest point (overflow)",
            g3.act(&Vector3::new(max, max, max)),
            Err(Error::Overflow { .. })
        );
        row!(t, "Se3::hat", "NaN ξ (non-finite out)", Se3::hat(&Vector6::new(nan, zero, zero, zero, zero, zero))[(0, 3)], x if x.as_f64().is_nan());
        row!(
            t,
            "Se3::vee",
            "NaN entry",
            Se3::vee(&Matrix4::from_element(nan)),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::vee",
            "identity (rotation block not skew)",
            Se3::<T>::vee(&Matrix4::identity()),
            Err(Error::NotOnManifold { .. })
        );
        for (input, v) in [("NaN", nan), ("+∞", inf)] {
            let xi = Vector6::new(one, zero, zero, zero, v, zero);
            row!(
                t,
                "Se3::left_jacobian",
                input,
                Se3::left_jacobian(&xi),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se3::right_jacobian",
                input,
                Se3::right_jacobian(&xi),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se3::left_jacobian_inverse",
                input,
                Se3::left_jacobian_inverse(&xi),
                Err(Error::NonFinite { .. })
            );
            row!(
                t,
                "Se3::right_jacobian_inverse",
                input,
                Se3::right_jacobian_inverse(&xi),
                Err(Error::NonFinite { .. })
            );
        }
        row!(
            t,
            "Se3::left_jacobian",
            "largest ρ (overflow)",
            Se3::left_jacobian(&Vector6::new(max, max, max, one, one, one)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Se3::left_jacobian_inverse",
            "largest ρ (overflow)",
            Se3::left_jacobian_inverse(&Vector6::new(max, max, max, one, one, one)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Se3::interpolate",
            "t = NaN",
            g3.interpolate(&h3, nan),
            Err(Error::NonFinite { .. })
        );
        row!(
            t,
            "Se3::interpolate",
            "largest t (overflow)",
            g3.interpolate(&h3, max),
            Err(Error::Overflow { .. })
        );
        t
    }
}

mod persistence {
    use super::*;
    use geoml::persistence::{
        Bar, BottleneckWorkspace, DiagramDistance, DistanceMatrix, PersistenceDiagram, RipsOptions,
        RipsWorkspace16, WassersteinOptions, WassersteinWorkspace, bottleneck_distance,
        bottleneck_matching, clusters_at_scale, rips_persistence, threshold_edges,
        wasserstein_distance, wasserstein_matching,
    };

    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (one, zero, two) = (T::one(), T::zero(), T::lit(2.0));
        let (nan, inf, max) = (nan::<T>(), inf::<T>(), largest::<T>());
        let good = [[zero, one, two], [one, zero, one], [two, one, zero]];

        row!(
            t,
            "DistanceMatrix::new",
            "NaN entry",
            DistanceMatrix::new(&[[zero, nan], [one, zero]]).map(|_| ()),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "DistanceMatrix::new",
            "non-zero diagonal",
            DistanceMatrix::new(&[[zero, one], [one, two]]).map(|_| ()),
            Err(Error::NonZeroDiagonal {
                index: 1,
                value: 2.0
            })
        );
        row!(
            t,
            "DistanceMatrix::new",
            "negative entry",
            DistanceMatrix::new(&[[zero, -one], [-one, zero]]).map(|_| ()),
            Err(Error::NegativeEntry {
                row: 0,
                col: 1,
                value: -1.0
            })
        );
        row!(
            t,
            "DistanceMatrix::new",
            "asymmetric matrix",
            DistanceMatrix::new(&[[zero, one], [two, zero]]).map(|_| ()),
            Err(Error::NotSymmetric {
                row: 0,
                col: 1,
                value: 1.0,
                mirror: 2.0
            })
        );
        row!(
            t,
            "DistanceMatrix::new",
            "raw attention weights (rows of a softmax)",
            DistanceMatrix::new(&[[T::lit(0.5), T::lit(0.5)], [T::lit(0.25), T::lit(0.75)]])
                .map(|_| ()),
            Err(Error::NonZeroDiagonal { index: 0, .. })
        );
        row!(
            t,
            "DistanceMatrix::with_tolerance",
            "negative tolerance",
            DistanceMatrix::with_tolerance(&good, -one).map(|_| ()),
            Err(Error::InvalidParameter {
                name: "tolerance",
                ..
            })
        );
        row!(
            t,
            "DistanceMatrix::with_tolerance",
            "exact symmetry demanded of a rounded matrix",
            DistanceMatrix::with_tolerance(&[[zero, one], [T::lit(1.0000001), zero]], zero)
                .map(|_| ()),
            Err(Error::NotSymmetric { .. })
        );
        let mut buffer = [[zero; 2]; 2];
        row!(
            t,
            "DistanceMatrix::from_points",
            "+∞ coordinate",
            DistanceMatrix::from_points(&[[zero, inf], [one, zero]], &mut buffer).map(|_| ()),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "DistanceMatrix::from_points",
            "squared distance overflows",
            DistanceMatrix::from_points(&[[max, zero], [-max, zero]], &mut buffer).map(|_| ()),
            Err(Error::Overflow { .. })
        );

        row!(
            t,
            "Bar::new",
            "NaN birth",
            Bar::new(nan, Some(one)),
            Err(Error::NonFinite { index: 0, .. })
        );
        row!(
            t,
            "Bar::new",
            "+∞ death (use Bar::essential)",
            Bar::new(zero, Some(inf)),
            Err(Error::NonFinite { index: 1, .. })
        );
        row!(
            t,
            "Bar::new",
            "death before birth",
            Bar::new(two, Some(one)),
            Err(Error::InvalidParameter {
                name: "death",
                value: 1.0
            })
        );
        row!(
            t,
            "Bar::new",
            "lifetime past the largest float",
            Bar::new(-max, Some(max)),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "Bar::essential",
            "−∞ birth",
            Bar::essential(-inf),
            Err(Error::NonFinite { index: 0, .. })
        );
        let mut small = PersistenceDiagram::<T, 1>::new();
        let bar = Bar::new(zero, Some(one)).unwrap();
        row!(
            t,
            "PersistenceDiagram::push",
            "dimension 3",
            small.push(3, bar),
            Err(Error::InvalidParameter {
                name: "dimension",
                ..
            })
        );
        let _ = small.push(0, bar);
        row!(
            t,
            "PersistenceDiagram::push",
            "a second bar into capacity 1",
            small.push(1, bar),
            Err(Error::CapacityExceeded {
                needed: 2,
                capacity: 1
            })
        );

        let d = DistanceMatrix::new(&good).unwrap();
        let mut workspace = RipsWorkspace16::new();
        let mut diagram = PersistenceDiagram::<T, 8>::new();
        let with = |options: RipsOptions<T>| options;
        row!(
            t,
            "rips_persistence",
            "max_dimension 3",
            rips_persistence(
                &d,
                &with(RipsOptions {
                    max_dimension: 3,
                    ..RipsOptions::default()
                }),
                &mut workspace,
                &mut diagram
            ),
            Err(Error::InvalidParameter {
                name: "max_dimension",
                value: 3.0
            })
        );
        row!(
            t,
            "rips_persistence",
            "NaN min_persistence",
            rips_persistence(
                &d,
                &with(RipsOptions {
                    min_persistence: nan,
                    ..RipsOptions::default()
                }),
                &mut workspace,
                &mut diagram
            ),
            Err(Error::InvalidParameter {
                name: "min_persistence",
                ..
            })
        );
        row!(
            t,
            "rips_persistence",
            "negative threshold",
            rips_persistence(
                &d,
                &with(RipsOptions {
                    threshold: Some(-one),
                    ..RipsOptions::default()
                }),
                &mut workspace,
                &mut diagram
            ),
            Err(Error::InvalidParameter {
                name: "threshold",
                ..
            })
        );
        let seventeen: [[T; 17]; 17] =
            core::array::from_fn(|i| core::array::from_fn(|j| T::lit(i.abs_diff(j) as f64)));
        row!(
            t,
            "rips_persistence",
            "17 points into a 16-point workspace",
            rips_persistence(
                &DistanceMatrix::new(&seventeen).unwrap(),
                &RipsOptions::default(),
                &mut workspace,
                &mut diagram
            ),
            Err(Error::CapacityExceeded {
                needed: 17,
                capacity: 16
            })
        );
        let apart: [[T; 6]; 6] = core::array::from_fn(|i| {
            core::array::from_fn(|j| if i == j { zero } else { T::lit(10.0) })
        });
        let mut tiny_diagram = PersistenceDiagram::<T, 2>::new();
        row!(
            t,
            "rips_persistence",
            "six components below the threshold into a diagram of 2 bars",
            rips_persistence(
                &DistanceMatrix::new(&apart).unwrap(),
                &with(RipsOptions {
                    threshold: Some(one),
                    ..RipsOptions::default()
                }),
                &mut workspace,
                &mut tiny_diagram
            ),
            Err(Error::CapacityExceeded {
                needed: 6,
                capacity: 2
            })
        );
        row!(
            t,
            "rips_persistence",
            "a diagram left empty on error",
            tiny_diagram.len(),
            0
        );
        let mut labels = [0; 3];
        row!(
            t,
            "clusters_at_scale",
            "negative scale",
            clusters_at_scale(&d, -one, &mut labels),
            Err(Error::InvalidParameter { name: "scale", .. })
        );
        row!(
            t,
            "clusters_at_scale",
            "+∞ scale",
            clusters_at_scale(&d, inf, &mut labels),
            Err(Error::InvalidParameter { name: "scale", .. })
        );
        row!(
            t,
            "threshold_edges",
            "NaN scale",
            threshold_edges(&d, nan).map(|e| e.count()),
            Err(Error::InvalidParameter { name: "scale", .. })
        );

        let x = [
            Bar::new(zero, Some(one)).unwrap(),
            Bar::new(zero, Some(two)).unwrap(),
            Bar::essential(zero).unwrap(),
        ];
        let y = [Bar::new(zero, Some(one)).unwrap()];
        let mut ws = BottleneckWorkspace::<T, 2, 16>::new();
        row!(
            t,
            "bottleneck_distance",
            "3 bars into a 2-point workspace",
            bottleneck_distance(&x, &y, &mut ws),
            Err(Error::CapacityExceeded {
                needed: 3,
                capacity: 2
            })
        );
        let mut roomy = BottleneckWorkspace::<T, 8, 64>::new();
        row!(
            t,
            "bottleneck_distance",
            "different numbers of essential bars (valid: infinite)",
            bottleneck_distance(&x, &y, &mut roomy),
            Ok(DiagramDistance::Infinite {
                essential_left: 1,
                essential_right: 0
            })
        );
        let mut partners = [None; 2];
        row!(
            t,
            "bottleneck_matching",
            "partners shorter than the left diagram",
            bottleneck_matching(&x, &y, &mut roomy, &mut partners),
            Err(Error::DimensionMismatch {
                expected: 3,
                found: 2
            })
        );
        let many: [Bar<T>; 5] =
            core::array::from_fn(|k| Bar::new(zero, Some(T::lit(k as f64 + 1.0))).unwrap());
        let _ = many;
        let mut few_candidates = BottleneckWorkspace::<T, 8, 1>::new();
        let three = [Bar::new(zero, Some(T::lit(3.0))).unwrap()];
        let near = [
            Bar::new(zero, Some(two)).unwrap(),
            Bar::new(zero, Some(T::lit(2.5))).unwrap(),
        ];
        row!(
            t,
            "bottleneck_distance",
            "more candidates than CANDIDATES",
            bottleneck_distance(&three, &near, &mut few_candidates),
            Err(Error::CapacityExceeded { capacity: 1, .. })
        );
        // The longest bar `Bar::new` admits (lifetime MAX), and essential classes at ±MAX,
        // whose distance overflows.
        let half = max / two;
        let extreme = [Bar::new(-half, Some(half)).unwrap()];
        let (low, high) = (
            [Bar::essential(-max).unwrap()],
            [Bar::essential(max).unwrap()],
        );
        row!(
            t,
            "bottleneck_distance",
            "essential bars born at −MAX and +MAX (their distance overflows)",
            bottleneck_distance(&low, &high, &mut roomy),
            Err(Error::Overflow { .. })
        );
        let opposite = [
            Bar::new(max, Some(max)).unwrap(),
            Bar::new(-max, Some(-max)).unwrap(),
        ];
        row!(t, "bottleneck_distance", "zero-length bars at ±MAX (valid: 0)", bottleneck_distance(&opposite, &opposite[..1], &mut roomy),
            Ok(DiagramDistance::Finite(v)) if v == T::zero());
        row!(t, "bottleneck_matching", "a bar from −MAX/2 to +MAX/2 against one at 0 (valid: MAX/2)",
            bottleneck_matching(&extreme, &y[..1], &mut roomy, &mut partners[..1]), Ok(DiagramDistance::Finite(v)) if v == half);
        let mut wws = WassersteinWorkspace::<T, 8>::new();
        row!(
            t,
            "wasserstein_distance",
            "order 0.5",
            wasserstein_distance(
                &y,
                &y,
                &WassersteinOptions {
                    order: T::lit(0.5),
                    internal_p: None
                },
                &mut wws
            ),
            Err(Error::InvalidParameter { name: "order", .. })
        );
        row!(
            t,
            "wasserstein_distance",
            "order +∞",
            wasserstein_distance(
                &y,
                &y,
                &WassersteinOptions {
                    order: inf,
                    internal_p: None
                },
                &mut wws
            ),
            Err(Error::InvalidParameter { name: "order", .. })
        );
        row!(
            t,
            "wasserstein_distance",
            "internal_p NaN",
            wasserstein_distance(
                &y,
                &y,
                &WassersteinOptions {
                    order: one,
                    internal_p: Some(nan)
                },
                &mut wws
            ),
            Err(Error::InvalidParameter {
                name: "internal_p",
                ..
            })
        );
        let mut small_w = WassersteinWorkspace::<T, 3>::new();
        row!(
            t,
            "wasserstein_distance",
            "|X| + |Y| = 4 into 3 points",
            wasserstein_distance(&x, &y, &WassersteinOptions::default(), &mut small_w),
            Err(Error::CapacityExceeded {
                needed: 4,
                capacity: 3
            })
        );
        row!(
            t,
            "wasserstein_distance",
            "essential bars born at −MAX and +MAX, order 2 (the cost overflows)",
            wasserstein_distance(
                &low,
                &high,
                &WassersteinOptions {
                    order: two,
                    internal_p: Some(two)
                },
                &mut wws
            ),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "wasserstein_matching",
            "essential bars born at −MAX and +MAX",
            wasserstein_matching(
                &low,
                &high,
                &WassersteinOptions::default(),
                &mut wws,
                &mut partners[..1]
            ),
            Err(Error::Overflow { .. })
        );
        row!(
            t,
            "wasserstein_matching",
            "partners shorter than the left diagram",
            wasserstein_matching(
                &x,
                &y,
                &WassersteinOptions::default(),
                &mut wws,
                &mut partners
            ),
            Err(Error::DimensionMismatch {
                expected: 3,
                found: 2
            })
        );

        // Queries of bars and diagrams: plain values, defined for every input.
        let short = Bar::new(one, Some(two)).unwrap();
        let forever = Bar::essential(zero).unwrap();
        row!(
            t,
            "Bar::is_alive_at",
            "NaN scale (false: no comparison holds)",
            short.is_alive_at(nan),
            false
        );
        row!(
            t,
            "Bar::is_alive_at",
            "+∞ scale, essential bar (alive)",
            forever.is_alive_at(inf),
            true
        );
        row!(
            t,
            "Bar::is_alive_at",
            "+∞ scale, finite bar (dead)",
            short.is_alive_at(inf),
            false
        );
        row!(
            t,
            "Bar::is_alive_at",
            "its death (half-open: dead)",
            short.is_alive_at(two),
            false
        );
        row!(
            t,
            "Bar::persists_beyond",
            "NaN threshold, finite bar (false)",
            short.persists_beyond(nan),
            false
        );
        row!(
            t,
            "Bar::persists_beyond",
            "NaN threshold, essential bar (always true)",
            forever.persists_beyond(nan),
            true
        );
        row!(
            t,
            "Bar::persists_beyond",
            "−∞ threshold (true)",
            short.persists_beyond(-inf),
            true
        );
        row!(
            t,
            "Bar::persists_beyond",
            "its own length (strict: false)",
            short.persists_beyond(one),
            false
        );
        let mut diagram = PersistenceDiagram::<T, 4>::new();
        let _ = diagram.push(0, forever);
        let _ = diagram.push(0, short);
        let _ = diagram.push(1, Bar::new(one, Some(one)).unwrap());
        row!(
            t,
            "PersistenceDiagram::dimension",
            "k = 3 > MAX_DIMENSION (empty)",
            diagram.dimension(3).len(),
            0
        );
        row!(
            t,
            "PersistenceDiagram::dimension",
            "k = usize::MAX (empty)",
            diagram.dimension(usize::MAX).len(),
            0
        );
        row!(
            t,
            "PersistenceDiagram::essential_count",
            "k = usize::MAX (0)",
            diagram.essential_count(usize::MAX),
            0
        );
        row!(
            t,
            "PersistenceDiagram::essential_count",
            "k = 0 (valid: 1)",
            diagram.essential_count(0),
            1
        );
        let mut kept = diagram.clone();
        kept.retain_persistence_above(nan);
        row!(
            t,
            "PersistenceDiagram::retain_persistence_above",
            "NaN threshold (only essential bars stay)",
            kept.len(),
            1
        );
        let mut kept = diagram.clone();
        kept.retain_persistence_above(zero);
        row!(
            t,
            "PersistenceDiagram::retain_persistence_above",
            "0 (zero-length bars go)",
            kept.len(),
            2
        );
        let mut kept = diagram.clone();
        kept.retain_persistence_above(-inf);
        row!(
            t,
            "PersistenceDiagram::retain_persistence_above",
            "−∞ (every bar stays)",
            kept.len(),
            3
        );
        let matrix = DistanceMatrix::new(&good).unwrap();
        row!(t, "DistanceMatrix::get", "i = j (0)", matrix.get(1, 1), x if x == zero);
        row!(t, "DistanceMatrix::get", "i past N (0)", matrix.get(3, 0), x if x == zero);
        row!(t, "DistanceMatrix::get", "usize::MAX (0)", matrix.get(usize::MAX, usize::MAX - 1), x if x == zero);
        row!(
            t,
            "DistanceMatrix::get",
            "either order (symmetric)",
            matrix.get(0, 2) == matrix.get(2, 0) && matrix.get(2, 0) == two,
            true
        );
        use geoml::persistence::{edge_count, simplex_count, triangle_count};
        row!(t, "simplex_count", "k + 1 > n (0)", simplex_count(2, 5), 0);
        row!(
            t,
            "simplex_count",
            "n = usize::MAX, k = 3 (saturates)",
            simplex_count(usize::MAX, 3),
            usize::MAX
        );
        row!(
            t,
            "simplex_count",
            "k = usize::MAX (0, no overflow)",
            simplex_count(4, usize::MAX),
            0
        );
        row!(
            t,
            "edge_count",
            "n = usize::MAX (saturates)",
            edge_count(usize::MAX),
            usize::MAX
        );
        row!(t, "edge_count", "n = 0 (0)", edge_count(0), 0);
        row!(
            t,
            "triangle_count",
            "n = usize::MAX (saturates)",
            triangle_count(usize::MAX),
            usize::MAX
        );
        row!(
            t,
            "triangle_count",
            "n = 255 (valid: C(255, 3))",
            triangle_count(255),
            2_731_135
        );
        t
    }
}

mod fast_math {
    use super::*;
    use geoml::fast_math::{atan2, exp, sqrt};

    /// The elementary functions return plain values, not `Result`: the table pins the special
    /// values their documentation promises, in every mode.
    pub fn table<T: Real>() -> Table {
        let mut t = Table::default();
        let (nan, inf) = (nan::<T>(), inf::<T>());
        row!(t, "fast_math::exp", "−∞ (exactly 0)", exp(-inf), x if x == T::zero());
        row!(t, "fast_math::exp", "+∞ (stays +∞)", exp(inf), x if x == inf);
        row!(t, "fast_math::exp", "NaN (stays NaN)", exp(nan), x if is_nan(x.as_f64()));
        row!(t, "fast_math::exp", "−1000 (underflows to 0)", exp(T::lit(-1000.0)), x if x == T::zero());
        row!(t, "fast_math::sqrt", "0 (exactly 0)", sqrt(T::zero()), x if x == T::zero());
        row!(t, "fast_math::sqrt", "subnormal (accurate)", sqrt(subnormal::<T>()), x if x > T::zero() && x.is_finite());
        row!(t, "fast_math::sqrt", "NaN (stays NaN)", sqrt(nan), x if is_nan(x.as_f64()));
        row!(t, "fast_math::atan2", "(±0, −1): ±π as IEEE 754", atan2(-T::zero(), -T::one()), x if x == -T::pi());
        row!(t, "fast_math::atan2", "(0, 0) (0 as IEEE 754)", atan2(T::zero(), T::zero()), x if x == T::zero());
        row!(t, "fast_math::atan2", "NaN (stays NaN)", atan2(nan, T::one()), x if is_nan(x.as_f64()));
        // The crate-root scalar helpers.
        use geoml::check_finite_rows;
        row!(t, "check_finite", "NaN at 2", geoml::check_finite(&[T::one(), T::zero(), nan]), Err(Error::NonFinite { index: 2, value }) if is_nan(value));
        row!(t, "check_finite", "−∞ first", geoml::check_finite(&[-inf, nan]), Err(Error::NonFinite { index: 0, value }) if value == f64::NEG_INFINITY);
        row!(
            t,
            "check_finite",
            "subnormal and largest (valid)",
            geoml::check_finite(&[subnormal::<T>(), largest::<T>()]),
            Ok(())
        );
        row!(
            t,
            "check_finite",
            "empty (valid)",
            geoml::check_finite::<T>(&[]),
            Ok(())
        );
        row!(
            t,
            "check_finite_rows",
            "∞ at row 1, column 0 (index 2)",
            check_finite_rows(&[[T::one(), T::zero()], [inf, T::one()]]),
            Err(Error::NonFinite { index: 2, .. })
        );
        row!(
            t,
            "check_finite_rows",
            "zero-width rows (valid)",
            check_finite_rows::<T, 0>(&[[], []]),
            Ok(())
        );
        row!(t, "Real::lit", "NaN (NaN)", T::lit(f64::NAN), x if is_nan(x.as_f64()));
        row!(t, "Real::lit", "1e300 (∞ in f32, exact in f64)", T::lit(1e300).as_f64(), x if x == if T::is_single_precision() { f64::INFINITY } else { 1e300 });
        row!(t, "Real::lit", "2⁻¹⁰⁷⁴ (0 in f32, subnormal in f64)", T::lit(2f64.powi(-1074)).as_f64(), x if x == if T::is_single_precision() { 0.0 } else { 2f64.powi(-1074) });
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
    symmetry::permutation_table().finish("permutations", 10);
}

#[test]
fn symmetry_f32() {
    symmetry::table::<f32>().finish("symmetry f32", 13);
}

#[test]
fn symmetry_f64() {
    symmetry::table::<f64>().finish("symmetry f64", 13);
}

#[test]
fn manifold_tolerances() {
    manifold::tolerance_table().finish("manifold tolerances", 4);
}

#[test]
fn manifold_f32() {
    manifold::table::<f32>().finish("manifold f32", 78);
}

#[test]
fn manifold_f64() {
    manifold::table::<f64>().finish("manifold f64", 78);
}

#[test]
fn attention_f32() {
    attention::table::<f32>().finish("attention f32", 27);
}

#[test]
fn attention_f64() {
    attention::table::<f64>().finish("attention f64", 27);
}

#[test]
fn lie_f32() {
    lie::table::<f32>().finish("lie f32", 99);
}

#[test]
fn lie_f64() {
    lie::table::<f64>().finish("lie f64", 99);
}

#[test]
fn persistence_f32() {
    persistence::table::<f32>().finish("persistence f32", 22);
}

#[test]
fn persistence_f64() {
    persistence::table::<f64>().finish("persistence f64", 22);
}

#[test]
fn fast_math_f32() {
    fast_math::table::<f32>().finish("fast_math f32", 6);
}

#[test]
fn fast_math_f64() {
    fast_math::table::<f64>().finish("fast_math f64", 6);
}
