//! Property tests of the laws this module's functions must obey, each in `f32` and `f64`.

#![allow(clippy::needless_range_loop)] // index loops mirror the formulas

use super::*;
use crate::Real;
use crate::lie::So3;
use nalgebra::Vector3;
use proptest::prelude::*;

/// Relative tolerance for results that went through a handful of roundings.
/// With the `fast-math` feature, f32 `exp` is micromath's (2.4e-3 relative, see
/// `geoml::fast_math`), and the laws hold to that accuracy.
fn tol<T: Real>() -> f64 {
    if T::is_single_precision() {
        if cfg!(feature = "fast-math") {
            5e-3
        } else {
            2e-5
        }
    } else {
        1e-12
    }
}

/// The unit roundoff-sized step of `T` (one ulp of 1).
fn ulp<T: Real>() -> f64 {
    if T::is_single_precision() {
        1.2e-7
    } else {
        2.3e-16
    }
}

fn lift<T: Real, const N: usize>(x: &[f64; N]) -> [T; N] {
    x.map(T::lit)
}

fn lift_rows<T: Real, const D: usize, const N: usize>(x: &[[f64; D]; N]) -> [[T; D]; N] {
    x.map(|row| lift(&row))
}

fn assert_close_rows<T: Real, U: Real>(a: &[T], b: &[U], scale: f64, what: &str) {
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let (x, y) = (x.as_f64(), y.as_f64());
        assert!(
            (x - y).abs() <= tol::<T>() * scale.max(y.abs()),
            "{what}[{i}]: {x} vs {y}"
        );
    }
}

fn softmax_laws<T: Real>(logits: &[f64; 9], shift: f64, tau: f64) {
    let x = lift::<T, 9>(logits);
    let mut p = [T::zero(); 9];
    assert_eq!(softmax(&x, &mut p), Ok(9));
    let total: f64 = p.iter().map(|v| v.as_f64()).sum();
    assert!((total - 1.0).abs() <= 4.0 * tol::<T>(), "sum {total}");
    assert!(p.iter().all(|&v| v >= T::zero() && v <= T::one()));

    // Shift invariance (the shifted logits are rounded, so compare at that precision).
    let shifted = x.map(|v| v + T::lit(shift));
    let mut q = [T::zero(); 9];
    softmax(&shifted, &mut q).unwrap();
    // Each shifted logit is rounded to an ulp of |x| + |shift|, and so is each difference.
    let largest = logits.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let rounding = ulp::<T>() * (largest + shift.abs());
    for (a, b) in p.iter().zip(&q) {
        let (a, b) = (a.as_f64(), b.as_f64());
        // Below the smallest normal number (subnormal results) only absolute accuracy is left.
        let subnormal = if T::is_single_precision() {
            1.2e-38
        } else {
            2.3e-308
        };
        assert!((a - b).abs() <= (4.0 * rounding + tol::<T>()) * a.max(b) + subnormal);
    }

    // The online form equals the two-pass form.
    let mut o = [T::zero(); 9];
    let normaliser = online_softmax(&x, &mut o).unwrap();
    assert_close_rows(&o, &p, 0.0, "online");
    let lse = (logits.iter().map(|v| (v - 40.0).exp()).sum::<f64>()).ln() + 40.0;
    let got = normaliser.log_sum_exp().unwrap().as_f64();
    assert!((got - lse).abs() <= tol::<T>() * lse.abs().max(1.0));

    // Merging normalisers of two halves equals one pass over the whole.
    let (mut left, mut right) = (OnlineSoftmax::new(), OnlineSoftmax::new());
    x[..4].iter().for_each(|&v| left.push(v).unwrap());
    x[4..].iter().for_each(|&v| right.push(v).unwrap());
    left.merge(&right);
    assert_eq!(left.max(), normaliser.max());
    let (a, b) = (left.sum().as_f64(), normaliser.sum().as_f64());
    assert!((a - b).abs() <= tol::<T>() * b);

    // Log-softmax is the logarithm of softmax.
    let mut l = [T::zero(); 9];
    log_softmax(&x, &mut l).unwrap();
    for (lv, pv) in l.iter().zip(&p) {
        let (lv, pv) = (lv.as_f64(), pv.as_f64());
        assert!((lv.exp() - pv).abs() <= tol::<T>() * pv.max(1e-30) + 1e-37);
    }

    // Temperature τ is softmax of x / τ. The two round differently (x/τ versus (x − m)/τ), by up
    // to an ulp of the largest |x/τ|, which the exponential turns into a relative error.
    let mut t = [T::zero(); 9];
    softmax_with_temperature(&x, T::lit(tau), &mut t).unwrap();
    let mut reference = [T::zero(); 9];
    softmax(&x.map(|v| v / T::lit(tau)), &mut reference).unwrap();
    let spread = logits.iter().fold(0.0_f64, |m, v| m.max(v.abs())) / tau;
    for (a, b) in t.iter().zip(&reference) {
        let (a, b) = (a.as_f64(), b.as_f64());
        assert!(
            (a - b).abs() <= (4.0 * ulp::<T>() * spread + tol::<T>()) * b + 1e-37,
            "{a} vs {b}"
        );
    }
}

/// Direct formula for masked scaled dot-product attention, in f64.
fn naive_attention<const N: usize, const M: usize, const D: usize, const DV: usize>(
    q: &[[f64; D]; N],
    k: &[[f64; D]; M],
    v: &[[f64; DV]; M],
    causal: Option<CausalAlignment>,
    mask: Option<&[[f64; M]; N]>,
) -> ([[f64; DV]; N], [[f64; M]; N]) {
    let scale = 1.0 / (D as f64).sqrt();
    let mut out = [[0.0; DV]; N];
    let mut weights = [[0.0; M]; N];
    for i in 0..N {
        let mut s = [f64::NEG_INFINITY; M];
        for j in 0..M {
            let visible = match causal {
                None => true,
                Some(CausalAlignment::TopLeft) => j <= i,
                Some(CausalAlignment::BottomRight) => j + N <= i + M,
            };
            if visible {
                s[j] = scale * (0..D).map(|d| q[i][d] * k[j][d]).sum::<f64>()
                    + mask.map_or(0.0, |m| m[i][j]);
            }
        }
        let max = s.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            continue;
        }
        let z: f64 = s.iter().map(|x| (x - max).exp()).sum();
        for j in 0..M {
            weights[i][j] = (s[j] - max).exp() / z;
            for c in 0..DV {
                out[i][c] += weights[i][j] * v[j][c];
            }
        }
    }
    (out, weights)
}

type Case = ([[f64; 3]; 5], [[f64; 3]; 7], [[f64; 2]; 7], [[f64; 7]; 5]);

fn case() -> impl Strategy<Value = Case> {
    let value = -2.0..2.0_f64;
    (
        prop::array::uniform5(prop::array::uniform3(value.clone())),
        prop::array::uniform7(prop::array::uniform3(value.clone())),
        prop::array::uniform7(prop::array::uniform2(value.clone())),
        // Additive masks: mostly biases, sometimes −∞.
        prop::array::uniform5(prop::array::uniform7(prop_oneof![
            4 => -1.0..1.0_f64,
            1 => Just(f64::NEG_INFINITY),
        ])),
    )
}

fn causal_option(choice: u8) -> Option<CausalAlignment> {
    match choice % 3 {
        0 => None,
        1 => Some(CausalAlignment::TopLeft),
        _ => Some(CausalAlignment::BottomRight),
    }
}

fn attention_matches_formula<T: Real>(case: &Case, causal: Option<CausalAlignment>, masked: bool) {
    let (q, k, v, mask) = case;
    let (expected_out, expected_w) = naive_attention(q, k, v, causal, masked.then_some(mask));
    let (qt, kt, vt, mt) = (
        lift_rows::<T, 3, 5>(q),
        lift_rows::<T, 3, 7>(k),
        lift_rows::<T, 2, 7>(v),
        lift_rows::<T, 7, 5>(mask),
    );
    let mut options = AttentionOptions::new();
    options.causal = causal;
    if masked {
        options = options.additive_mask(&mt);
    }
    let fully_masked = expected_w
        .iter()
        .filter(|row| row.iter().all(|&w| w == 0.0))
        .count();

    // Direct form, with weights.
    let mut out = [[T::zero(); 2]; 5];
    let mut w = [[T::zero(); 7]; 5];
    let count = scaled_dot_product_attention(&qt, &kt, &vt, &options, &mut out, Some(&mut w));
    assert_eq!(count, Ok(fully_masked));
    assert_close_rows(w.as_flattened(), expected_w.as_flattened(), 1e-3, "weights");
    assert_close_rows(
        out.as_flattened(),
        expected_out.as_flattened(),
        1.0,
        "output",
    );
    for row in &w {
        let total: f64 = row.iter().map(|x| x.as_f64()).sum();
        assert!(total == 0.0 || (total - 1.0).abs() <= 8.0 * tol::<T>());
    }

    // The online path (no weights) and the tiled form with several tile widths agree.
    let mut online = [[T::zero(); 2]; 5];
    scaled_dot_product_attention(&qt, &kt, &vt, &options, &mut online, None).unwrap();
    assert_close_rows(online.as_flattened(), out.as_flattened(), 1.0, "online");
    let mut tiled = [[T::zero(); 2]; 5];
    for width in 0..4 {
        let count = match width {
            0 => scaled_dot_product_attention_tiled(&qt, &kt, &vt, &options, Tile::<1>, &mut tiled),
            1 => scaled_dot_product_attention_tiled(&qt, &kt, &vt, &options, Tile::<2>, &mut tiled),
            2 => scaled_dot_product_attention_tiled(&qt, &kt, &vt, &options, Tile::<3>, &mut tiled),
            _ => scaled_dot_product_attention_tiled(&qt, &kt, &vt, &options, Tile::<8>, &mut tiled),
        };
        assert_eq!(count, Ok(fully_masked));
        assert_close_rows(tiled.as_flattened(), out.as_flattened(), 1.0, "tiled");
    }
}

/// Shapes that exercise every branch of the blocked kernels: full query blocks and a remainder
/// row, full key groups and tail keys, full value chunks and tail columns.
type BlockedCase = (
    [[f64; 5]; 6],
    [[f64; 5]; 19],
    [[f64; 11]; 19],
    [[f64; 19]; 6],
);

fn blocked_case() -> impl Strategy<Value = BlockedCase> {
    // Flat vectors keep proptest's value trees small (nested arrays overflow a test stack).
    fn rows<const C: usize, const R: usize>(flat: &[f64]) -> [[f64; C]; R] {
        core::array::from_fn(|i| core::array::from_fn(|j| flat[i * C + j]))
    }
    let value = -2.0..2.0_f64;
    (
        prop::collection::vec(value.clone(), 6 * 5),
        prop::collection::vec(value.clone(), 19 * 5),
        prop::collection::vec(value.clone(), 19 * 11),
        // Additive masks: mostly biases, sometimes −∞.
        prop::collection::vec(
            prop_oneof![4 => -1.0..1.0_f64, 1 => Just(f64::NEG_INFINITY)],
            6 * 19,
        ),
    )
        .prop_map(|(q, k, v, mask)| (rows(&q), rows(&k), rows(&v), rows(&mask)))
}

/// The un-tiled path (no weights), the weights path, the tiled form and the formula agree, for
/// dot-product and distance scores.
fn blocked_paths_agree<T: Real>(case: &BlockedCase, causal: Option<CausalAlignment>, masked: bool) {
    let (q, k, v, mask) = case;
    let (expected, expected_w) = naive_attention(q, k, v, causal, masked.then_some(mask));
    let fully_masked = expected_w
        .iter()
        .filter(|row| row.iter().all(|&w| w == 0.0))
        .count();
    let (qt, kt, vt, mt) = (
        lift_rows::<T, 5, 6>(q),
        lift_rows::<T, 5, 19>(k),
        lift_rows::<T, 11, 19>(v),
        lift_rows::<T, 19, 6>(mask),
    );
    let mut options = AttentionOptions::new();
    options.causal = causal;
    if masked {
        options = options.additive_mask(&mt);
    }
    let mut out = [[T::lit(f64::NAN); 11]; 6];
    let count = scaled_dot_product_attention(&qt, &kt, &vt, &options, &mut out, None);
    assert_eq!(count, Ok(fully_masked));
    assert_close_rows(out.as_flattened(), expected.as_flattened(), 1.0, "blocked");
    let mut tiled = [[T::zero(); 11]; 6];
    scaled_dot_product_attention_tiled(&qt, &kt, &vt, &options, Tile::<4>, &mut tiled).unwrap();
    assert_close_rows(
        tiled.as_flattened(),
        out.as_flattened(),
        1.0,
        "blocked vs tiled",
    );

    let (mut by_distance, mut with_weights) = ([[T::lit(f64::NAN); 11]; 6], [[T::zero(); 11]; 6]);
    let mut w = [[T::zero(); 19]; 6];
    let direct = distance_attention(&qt, &kt, &vt, &options, &mut by_distance, None);
    let weighted = distance_attention(&qt, &kt, &vt, &options, &mut with_weights, Some(&mut w));
    assert_eq!(direct, weighted);
    assert_close_rows(
        by_distance.as_flattened(),
        with_weights.as_flattened(),
        10.0,
        "blocked distance attention",
    );
}

/// `out[perm[i]]` must be the output of query `i`: permuting the queries permutes the outputs,
/// and permuting keys and values together changes nothing (no causal mask).
fn permutation_equivariance<T: Real>(case: &Case, perm_q: [usize; 5], perm_k: [usize; 7]) {
    let (q, k, v, mask) = case;
    let (qt, kt, vt, mt) = (
        lift_rows::<T, 3, 5>(q),
        lift_rows::<T, 3, 7>(k),
        lift_rows::<T, 2, 7>(v),
        lift_rows::<T, 7, 5>(mask),
    );
    let mut out = [[T::zero(); 2]; 5];
    let options = AttentionOptions::new().additive_mask(&mt);
    scaled_dot_product_attention(&qt, &kt, &vt, &options, &mut out, None).unwrap();

    let mut pq = [[T::zero(); 3]; 5];
    let mut pk = [[T::zero(); 3]; 7];
    let mut pv = [[T::zero(); 2]; 7];
    let mut pm = [[T::zero(); 7]; 5];
    for i in 0..5 {
        pq[perm_q[i]] = qt[i];
        for j in 0..7 {
            pm[perm_q[i]][perm_k[j]] = mt[i][j];
        }
    }
    for j in 0..7 {
        pk[perm_k[j]] = kt[j];
        pv[perm_k[j]] = vt[j];
    }
    let mut permuted = [[T::zero(); 2]; 5];
    let options = AttentionOptions::new().additive_mask(&pm);
    scaled_dot_product_attention(&pq, &pk, &pv, &options, &mut permuted, None).unwrap();
    for i in 0..5 {
        assert_close_rows(&permuted[perm_q[i]], &out[i], 1.0, "permuted");
    }

    // Self-attention: Attn(PX) = P Attn(X).
    let x = lift_rows::<T, 3, 7>(k);
    let mut y = [[T::zero(); 3]; 7];
    scaled_dot_product_attention(&x, &x, &x, &AttentionOptions::new(), &mut y, None).unwrap();
    let mut y_permuted = [[T::zero(); 3]; 7];
    scaled_dot_product_attention(
        &pk,
        &pk,
        &pk,
        &AttentionOptions::new(),
        &mut y_permuted,
        None,
    )
    .unwrap();
    for j in 0..7 {
        assert_close_rows(&y_permuted[perm_k[j]], &y[j], 1.0, "self-attention");
    }
}

fn distance_attention_is_rotation_invariant<T: Real>(case: &Case, axis: [f64; 3], angle: f64) {
    let (q, k, v, _) = case;
    // The rotation comes from geoml's own SO(3): exp of the rotation vector axis·angle.
    let direction = (Vector3::from(axis) + Vector3::new(0.0, 0.0, 1e-3)).normalize();
    let rotation = So3::<f64>::exp(&(direction * angle)).unwrap();
    let rotate = |x: &[f64; 3]| -> [T; 3] {
        let r = rotation.act(&Vector3::from(*x)).unwrap();
        [T::lit(r.x), T::lit(r.y), T::lit(r.z)]
    };
    let (qt, kt, vt) = (
        lift_rows::<T, 3, 5>(q),
        lift_rows::<T, 3, 7>(k),
        lift_rows::<T, 2, 7>(v),
    );
    let (rq, rk) = (q.map(|x| rotate(&x)), k.map(|x| rotate(&x)));
    let options = AttentionOptions::new();
    let (mut w, mut rw) = ([[T::zero(); 7]; 5], [[T::zero(); 7]; 5]);
    let (mut out, mut rout) = ([[T::zero(); 2]; 5], [[T::zero(); 2]; 5]);
    distance_attention(&qt, &kt, &vt, &options, &mut out, Some(&mut w)).unwrap();
    distance_attention(&rq, &rk, &vt, &options, &mut rout, Some(&mut rw)).unwrap();
    // Rotating the inputs rounds them: compare at a few ulp of the coordinates.
    assert_close_rows(rw.as_flattened(), w.as_flattened(), 10.0, "rotated weights");
    assert_close_rows(
        rout.as_flattened(),
        out.as_flattened(),
        10.0,
        "rotated output",
    );

    // A joint translation leaves distances, hence distance attention, unchanged as well.
    let shift = [axis[1] * 5.0, axis[2] * 5.0, axis[0] * 5.0];
    let translate =
        |x: &[f64; 3]| lift::<T, 3>(&[x[0] + shift[0], x[1] + shift[1], x[2] + shift[2]]);
    let (tq, tk) = (q.map(|x| translate(&x)), k.map(|x| translate(&x)));
    let mut tw = [[T::zero(); 7]; 5];
    distance_attention(&tq, &tk, &vt, &options, &mut rout, Some(&mut tw)).unwrap();
    assert_close_rows(
        tw.as_flattened(),
        w.as_flattened(),
        100.0,
        "translated weights",
    );
}

fn whitening_laws<T: Real>(x: &[[f64; 3]; 12]) {
    let xt = lift_rows::<T, 3, 12>(x);
    for zca in [false, true] {
        let white = if zca {
            Whitening::zca(&xt, T::zero())
        } else {
            Whitening::pca(&xt, T::zero())
        };
        let Ok(white) = white else { continue }; // degenerate draws are rejected, not wrong
        let lambda = white.variances();
        let condition = lambda[0].as_f64() / lambda[2].as_f64();
        if condition > 1e4 {
            continue;
        }
        let mut y = [[T::zero(); 3]; 12];
        white.apply(&xt, &mut y).unwrap();
        for a in 0..3 {
            let mean: f64 = y.iter().map(|r| r[a].as_f64()).sum::<f64>() / 12.0;
            assert!(mean.abs() < 100.0 * tol::<T>() * condition);
            for b in 0..3 {
                let c: f64 = y.iter().map(|r| r[a].as_f64() * r[b].as_f64()).sum::<f64>() / 12.0;
                let expected = if a == b { 1.0 } else { 0.0 };
                assert!(
                    (c - expected).abs() < 100.0 * tol::<T>() * condition,
                    "cov {c}"
                );
            }
        }
        assert!(lambda[0] >= lambda[1] && lambda[1] >= lambda[2]);
        if zca {
            let w = white.matrix();
            assert!((w[(0, 2)] - w[(2, 0)]).abs().as_f64() < 100.0 * tol::<T>() * condition);
        }
    }
}

proptest! {
    #[test]
    fn softmax_sums_to_one_and_is_shift_invariant(
        logits in prop::array::uniform9(-50.0..50.0_f64),
        shift in -100.0..100.0_f64,
        tau in 0.05..20.0_f64,
    ) {
        softmax_laws::<f32>(&logits, shift, tau);
        softmax_laws::<f64>(&logits, shift, tau);
    }

    #[test]
    fn attention_matches_the_formula_and_tiled_equals_direct(
        case in case(), causal in 0u8..3, masked in any::<bool>(),
    ) {
        attention_matches_formula::<f32>(&case, causal_option(causal), masked);
        attention_matches_formula::<f64>(&case, causal_option(causal), masked);
    }

    #[test]
    fn blocked_untiled_attention_matches_the_formula(
        case in blocked_case(), causal in 0u8..3, masked in any::<bool>(),
    ) {
        blocked_paths_agree::<f32>(&case, causal_option(causal), masked);
        blocked_paths_agree::<f64>(&case, causal_option(causal), masked);
    }

    #[test]
    fn attention_is_permutation_equivariant(
        case in case(),
        perm_q in Just([0usize, 1, 2, 3, 4]).prop_shuffle(),
        perm_k in Just([0usize, 1, 2, 3, 4, 5, 6]).prop_shuffle(),
    ) {
        permutation_equivariance::<f32>(&case, perm_q, perm_k);
        permutation_equivariance::<f64>(&case, perm_q, perm_k);
    }

    #[test]
    fn distance_attention_is_invariant_under_joint_rotation(
        case in case(), axis in prop::array::uniform3(-1.0..1.0_f64), angle in -3.1..3.1_f64,
    ) {
        distance_attention_is_rotation_invariant::<f32>(&case, axis, angle);
        distance_attention_is_rotation_invariant::<f64>(&case, axis, angle);
    }

    #[test]
    fn whitened_data_has_identity_covariance(
        x in prop::array::uniform12(prop::array::uniform3(-3.0..3.0_f64)),
    ) {
        whitening_laws::<f32>(&x);
        whitening_laws::<f64>(&x);
    }

    #[test]
    fn standardized_features_have_mean_zero_and_unit_variance(
        x in prop::array::uniform6(prop::array::uniform2(-1e3..1e3_f64)),
    ) {
        let mut z = [[0.0; 2]; 6];
        if standardize(&x, 0.0, &mut z).is_ok() {
            for d in 0..2 {
                let mean: f64 = z.iter().map(|r| r[d]).sum::<f64>() / 6.0;
                let var: f64 = z.iter().map(|r| r[d] * r[d]).sum::<f64>() / 6.0;
                prop_assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn projection_is_idempotent_and_leaves_an_orthogonal_residual(
        v in prop::array::uniform4(-10.0..10.0_f64),
        a in prop::array::uniform4(-10.0..10.0_f64),
    ) {
        prop_assume!(a.iter().any(|x| x.abs() > 1e-3));
        let p = project(&v, &a).unwrap();
        let pp = project(&p, &a).unwrap();
        let residual: f64 = (0..4).map(|i| (v[i] - p[i]) * a[i]).sum();
        let scale: f64 = v.iter().chain(&a).map(|x| x.abs()).fold(1.0, f64::max);
        prop_assert!(residual.abs() < 1e-12 * scale * scale);
        for i in 0..4 {
            prop_assert!((p[i] - pp[i]).abs() < 1e-12 * scale);
        }
    }
}

/// The same law checked with `geoml::symmetry` over all 120 orderings of five tokens: plain
/// self-attention is permutation-equivariant, and a causal mask breaks it.
#[test]
fn self_attention_is_equivariant_over_all_of_s5_and_causal_attention_is_not() {
    use crate::symmetry::{AllPermutations, check_equivariance};
    let x = [
        [0.3_f64, -1.2, 0.5],
        [1.1, 0.4, -0.7],
        [-0.6, 0.9, 0.2],
        [0.0, -0.3, 1.4],
        [0.8, 0.8, -0.9],
    ];
    let plain = |x: &[[f64; 3]; 5], y: &mut [[f64; 3]; 5]| {
        scaled_dot_product_attention(x, x, x, &AttentionOptions::new(), y, None).map(|_| ())
    };
    let report = check_equivariance(plain, &x, AllPermutations::new(), 1e-13).unwrap();
    assert!(report.holds(), "worst {}", report.worst);
    let causal = |x: &[[f64; 3]; 5], y: &mut [[f64; 3]; 5]| {
        let options = AttentionOptions::new().causal(CausalAlignment::TopLeft);
        scaled_dot_product_attention(x, x, x, &options, y, None).map(|_| ())
    };
    let report = check_equivariance(causal, &x, AllPermutations::new(), 1e-13).unwrap();
    assert!(!report.holds() && report.worst > 0.1);
}
