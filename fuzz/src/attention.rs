//! `geoml::attention`: the softmax family, scaled dot-product (direct, with weights, tiled) and
//! distance attention with masks, multi-head attention, and the layers around them.

use super::decode::{Bytes, FuzzReal, all_finite, assert_same_error, first_non_finite};
use geoml::Error;
use geoml::attention::{
    AttentionOptions, CausalAlignment, Embedding, Linear, MultiHeadAttention, OnlineSoftmax,
    Standardizer, Tile, Whitening, distance_attention, log_softmax, log_softmax_with_temperature,
    online_softmax, project, scaled_dot_product_attention, scaled_dot_product_attention_tiled,
    softmax, softmax_with_temperature, standardize,
};

/// Target `attention_softmax`: softmax, log-softmax (with temperatures), the online softmax
/// and its normaliser.
pub fn softmaxes(data: &[u8]) {
    softmaxes_in::<f32>(data);
    softmaxes_in::<f64>(data);
}

/// Target `attention_attend`: scaled dot-product attention (direct, with weights, tiled) and
/// distance attention, with causal and additive masks and any scale.
pub fn attend(data: &[u8]) {
    attend_in::<f32>(data);
    attend_in::<f64>(data);
}

/// Target `attention_layers`: linear and embedding layers, projection, standardising, PCA and
/// ZCA whitening, multi-head attention.
pub fn layers(data: &[u8]) {
    layers_in::<f32>(data);
    layers_in::<f64>(data);
}

/// Logits: ordinary values, masked entries (−∞) and anything.
fn logits<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) -> [T; N] {
    let spread = 2f64.powi(i32::from(b.u8() % 64) - 16);
    core::array::from_fn(|_| match b.below(8) {
        0 => b.any(),
        1 => T::of_f64(f64::NEG_INFINITY),
        _ => T::of_f64(b.ordinary() * spread),
    })
}

/// The error the softmax family must give: the first NaN or +∞ (and −∞ too when masking is
/// not allowed).
fn expected_logit_error<T: FuzzReal>(logits: &[T], allow_masked: bool) -> Option<Error> {
    logits
        .iter()
        .position(|x| !(x.is_finite() || (allow_masked && *x == T::of_f64(f64::NEG_INFINITY))))
        .map(|index| Error::NonFinite {
            index,
            value: logits[index].as_f64(),
        })
}

fn softmaxes_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(4) {
        0 => softmax_laws::<T, 1>(&mut b),
        1 => softmax_laws::<T, 3>(&mut b),
        2 => softmax_laws::<T, 8>(&mut b),
        _ => softmax_laws::<T, 0>(&mut b),
    }
}

fn softmax_laws<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) {
    let eps = T::eps();
    let x: [T; N] = logits(b);
    let neg_inf = T::of_f64(f64::NEG_INFINITY);
    let unmasked_expected = x.iter().filter(|v| v.is_finite()).count();
    let temperature: T = if b.flag() { T::one() } else { b.parameter() };
    let valid_temperature = temperature.is_finite() && temperature > T::zero();

    // Softmax: a distribution over the unmasked logits, zero where masked, all zero when
    // every logit is masked.
    let mut p = [T::lit(7.0); N];
    match softmax_with_temperature(&x, temperature, &mut p) {
        Ok(unmasked) => {
            assert!(valid_temperature && expected_logit_error(&x, true).is_none());
            assert_eq!(unmasked, unmasked_expected);
            assert!(all_finite(&p), "softmax({x:?}) = {p:?}");
            assert!(
                p.iter().all(|&v| (T::zero()..=T::one()).contains(&v)),
                "{p:?}"
            );
            for (&pi, &xi) in p.iter().zip(&x) {
                if xi == neg_inf {
                    assert_eq!(pi, T::zero());
                }
            }
            let sum: f64 = p.iter().map(|v| v.as_f64()).sum();
            if unmasked == 0 {
                assert_eq!(sum, 0.0);
            } else {
                assert!(
                    (sum - 1.0).abs() <= 4.0 * N as f64 * eps,
                    "Σ softmax = {sum}"
                );
            }
            if temperature == T::one() {
                let mut plain = [T::zero(); N];
                assert_eq!(softmax(&x, &mut plain), Ok(unmasked));
                assert_eq!(plain, p);
            }
            // The online form agrees to rounding.
            let mut q = [T::zero(); N];
            if temperature == T::one() {
                let normaliser = online_softmax(&x, &mut q);
                let Ok(normaliser) = normaliser else {
                    panic!("online_softmax({x:?}): {normaliser:?}");
                };
                assert_eq!(normaliser.unmasked(), unmasked);
                assert_eq!(normaliser.seen(), N);
                assert_eq!(normaliser.is_fully_masked(), unmasked == 0);
                for (a, c) in p.iter().zip(&q) {
                    assert!(
                        (a.as_f64() - c.as_f64()).abs() <= 8.0 * N as f64 * eps,
                        "{p:?} vs {q:?}"
                    );
                }
                if let Some(lse) = normaliser.log_sum_exp() {
                    assert!(lse.is_finite(), "log-sum-exp {lse:?}");
                }
                assert!(normaliser.sum().is_finite());
                // Two halves merged are the whole row.
                let (mut left, mut right) = (OnlineSoftmax::new(), OnlineSoftmax::new());
                let half = N / 2;
                for &v in &x[..half] {
                    assert!(left.push(v).is_ok());
                }
                for &v in &x[half..] {
                    assert!(right.push(v).is_ok());
                }
                left.merge(&right);
                assert_eq!(left.unmasked(), unmasked);
                assert_eq!(left.seen(), N);
                let (a, c) = (left.sum().as_f64(), normaliser.sum().as_f64());
                assert!(
                    (a - c).abs() <= 8.0 * N as f64 * eps * c.max(1.0),
                    "{a} vs {c}"
                );
                for &v in &x {
                    let pr = left.probability(v);
                    assert!(
                        pr.is_finite()
                            && pr >= T::zero()
                            && pr <= T::one() + T::of_f64(8.0 * N as f64 * eps),
                        "{pr:?}"
                    );
                }
            }
        }
        Err(e) => {
            if !valid_temperature {
                assert!(
                    matches!(
                        e,
                        Error::InvalidParameter {
                            name: "temperature",
                            ..
                        }
                    ),
                    "{e:?}"
                );
            } else {
                match expected_logit_error(&x, true) {
                    Some(expected) => assert_same_error(e, expected),
                    None => panic!("softmax({x:?}): {e:?}"),
                }
            }
        }
    }

    // Log-softmax: finite, ≤ 0, and its exponentials sum to 1.
    let mut lp = [T::zero(); N];
    match log_softmax_with_temperature(&x, temperature, &mut lp) {
        Ok(()) => {
            assert!(valid_temperature && N > 0 && expected_logit_error(&x, false).is_none());
            assert!(all_finite(&lp), "log_softmax({x:?}) = {lp:?}");
            assert!(
                lp.iter().all(|&v| v.as_f64() <= 4.0 * N as f64 * eps),
                "{lp:?}"
            );
            let sum: f64 = lp.iter().map(|v| v.as_f64().exp()).sum();
            assert!(
                (sum - 1.0).abs() <= 1e3 * N as f64 * eps,
                "Σ exp(log_softmax) = {sum}"
            );
            if temperature == T::one() {
                let mut plain = [T::zero(); N];
                assert!(log_softmax(&x, &mut plain).is_ok());
                assert_eq!(plain, lp);
            }
        }
        Err(e) => {
            if !valid_temperature {
                assert!(
                    matches!(
                        e,
                        Error::InvalidParameter {
                            name: "temperature",
                            ..
                        }
                    ),
                    "{e:?}"
                );
            } else if let Some(expected) = expected_logit_error(&x, false) {
                assert_same_error(e, expected);
            } else if N == 0 {
                assert!(
                    matches!(e, Error::InvalidParameter { name: "N", .. }),
                    "{e:?}"
                );
            } else {
                assert!(
                    matches!(e, Error::Overflow { .. }),
                    "log_softmax({x:?}): {e:?}"
                );
            }
        }
    }

    // The normaliser rejects NaN and +∞ without changing.
    let mut running = OnlineSoftmax::new();
    for &v in &x {
        let before = running;
        match running.push(v) {
            Ok(()) => assert!(v.is_finite() || v == neg_inf),
            Err(e) => {
                assert_eq!(running, before);
                assert!(matches!(e, Error::NonFinite { index, .. } if index == before.seen()));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Attention.

fn attend_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(6) {
        0 => attend_laws::<T, 2, 3, 2, 2>(&mut b),
        1 => attend_laws::<T, 3, 3, 1, 2>(&mut b),
        2 => attend_laws::<T, 1, 4, 3, 1>(&mut b),
        3 => attend_laws::<T, 4, 2, 2, 3>(&mut b),
        4 => attend_laws::<T, 2, 0, 2, 1>(&mut b),
        _ => attend_laws::<T, 0, 2, 1, 1>(&mut b),
    }
}

/// Inputs: ordinary values at a random magnitude (so that scores are large, tiny or overflow),
/// or anything.
fn tokens<T: FuzzReal, const R: usize, const C: usize>(b: &mut Bytes<'_>) -> [[T; C]; R] {
    if b.below(8) == 0 {
        return b.rows();
    }
    let magnitude = 2f64.powi(i32::from(b.u8() as i8) * 8);
    core::array::from_fn(|_| core::array::from_fn(|_| T::of_f64(b.ordinary() / 64.0 * magnitude)))
}

fn attend_laws<T: FuzzReal, const N: usize, const M: usize, const D: usize, const DV: usize>(
    b: &mut Bytes<'_>,
) {
    let eps = T::eps();
    let q: [[T; D]; N] = tokens(b);
    let k: [[T; D]; M] = tokens(b);
    let v: [[T; DV]; M] = tokens(b);
    let mask: [[T; M]; N] = core::array::from_fn(|_| logits(b));
    let mut options = AttentionOptions::<T, N, M>::new();
    options.causal = match b.below(3) {
        0 => None,
        1 => Some(CausalAlignment::TopLeft),
        _ => Some(CausalAlignment::BottomRight),
    };
    if b.flag() {
        options.additive_mask = Some(&mask);
    }
    if b.flag() {
        options.scale = Some(if b.flag() {
            b.any()
        } else {
            T::of_f64(b.ordinary() / 16.0)
        });
    }
    let distance = b.flag();
    let run = |out: &mut [[T; DV]; N], weights: Option<&mut [[T; M]; N]>| {
        if distance {
            distance_attention(&q, &k, &v, &options, out, weights)
        } else {
            scaled_dot_product_attention(&q, &k, &v, &options, out, weights)
        }
    };
    let mut out = [[T::lit(7.0); DV]; N];
    let mut w = [[T::lit(7.0); M]; N];
    let result = run(&mut out, Some(&mut w));
    let mut direct = [[T::lit(7.0); DV]; N];
    let result_direct = run(&mut direct, None);
    assert_eq!(
        format!("{result:?}"),
        format!("{result_direct:?}"),
        "with and without weights: q = {q:?}, k = {k:?}, v = {v:?}, mask = {:?}, causal = {:?}, scale = {:?}, distance = {distance}, w = {w:?}, out = {out:?}, direct = {direct:?}",
        options.additive_mask,
        options.causal,
        options.scale
    );
    match result {
        Ok(fully_masked) => {
            assert!(all_finite(out.as_flattened()) && all_finite(w.as_flattened()));
            let vmax = v
                .as_flattened()
                .iter()
                .fold(0.0_f64, |m, x| m.max(x.as_f64().abs()));
            let mut masked_rows = 0;
            for i in 0..N {
                let row_sum: f64 = w[i].iter().map(|x| x.as_f64()).sum();
                assert!(
                    w[i].iter().all(|&x| x >= T::zero() && x <= T::one()),
                    "{:?}",
                    w[i]
                );
                if row_sum == 0.0 {
                    masked_rows += 1;
                    assert!(
                        out[i].iter().all(|&x| x == T::zero()),
                        "masked row {i}: {:?}",
                        out[i]
                    );
                } else {
                    assert!(
                        (row_sum - 1.0).abs() <= 4.0 * (M as f64 + 1.0) * eps,
                        "Σ w[{i}] = {row_sum}"
                    );
                }
                for j in 0..M {
                    let hidden_causally = match options.causal {
                        Some(CausalAlignment::TopLeft) => j > i,
                        Some(CausalAlignment::BottomRight) => j + N > i + M,
                        None => false,
                    };
                    let hidden_by_mask = options
                        .additive_mask
                        .is_some_and(|m| m[i][j] == T::of_f64(f64::NEG_INFINITY));
                    if hidden_causally || hidden_by_mask {
                        assert_eq!(w[i][j], T::zero(), "hidden key {j} of query {i} has weight");
                    }
                }
                // An output is a convex combination of the values.
                for (d, value) in out[i].iter().enumerate() {
                    let value = value.as_f64();
                    assert!(
                        value.abs()
                            <= vmax * (1.0 + 4.0 * (M as f64 + 1.0) * eps)
                                + 16.0 * (M as f64 + 1.0) * T::tiny() * eps,
                        "out[{i}][{d}] = {value}"
                    );
                }
            }
            assert_eq!(masked_rows, fully_masked);
            // Direct (online) and tiled forms agree with the weighted form to rounding.
            let slack = 64.0 * (M as f64 + 1.0) * eps * vmax + 1e3 * T::tiny();
            let compare = |other: &[[T; DV]; N], name: &str| {
                for (a, c) in out.as_flattened().iter().zip(other.as_flattened()) {
                    let diff = (a.as_f64() - c.as_f64()).abs();
                    assert!(diff <= slack, "{name}: {a:?} vs {c:?}");
                }
            };
            compare(&direct, "online");
            if !distance {
                let mut tiled = [[T::zero(); DV]; N];
                let r =
                    scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<3>, &mut tiled);
                assert_eq!(r, Ok(fully_masked));
                compare(&tiled, "tile 3");
                let r =
                    scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<1>, &mut tiled);
                assert_eq!(r, Ok(fully_masked));
                compare(&tiled, "tile 1");
            }
        }
        Err(e) => {
            let expected = first_non_finite(&[q.as_flattened()])
                .map(|(index, value)| Error::NonFinite {
                    index,
                    value: value.as_f64(),
                })
                .or_else(|| {
                    first_non_finite(&[k.as_flattened()]).map(|(index, value)| Error::NonFinite {
                        index,
                        value: value.as_f64(),
                    })
                })
                .or_else(|| {
                    first_non_finite(&[v.as_flattened()]).map(|(index, value)| Error::NonFinite {
                        index,
                        value: value.as_f64(),
                    })
                })
                .or_else(|| {
                    let mask = options.additive_mask?;
                    let index = mask
                        .as_flattened()
                        .iter()
                        .position(|x| !x.is_finite() && *x != T::of_f64(f64::NEG_INFINITY))?;
                    Some(Error::InvalidMask {
                        index,
                        value: mask.as_flattened()[index].as_f64(),
                    })
                })
                .or_else(|| {
                    let scale = options.scale?;
                    (!scale.is_finite()).then(|| Error::InvalidParameter {
                        name: "scale",
                        value: scale.as_f64(),
                    })
                });
            match expected {
                Some(expected) => assert_same_error(e, expected),
                None => assert!(matches!(e, Error::Overflow { .. }), "attention: {e:?}"),
            }
            let tiled =
                scaled_dot_product_attention_tiled(&q, &k, &v, &options, Tile::<0>, &mut direct);
            assert!(matches!(
                tiled,
                Err(Error::InvalidParameter { name: "W", .. })
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Layers.

fn layers_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(5) {
        0 => linear_laws::<T>(&mut b),
        1 => projection_laws::<T>(&mut b),
        2 => standardize_laws::<T>(&mut b),
        3 => whitening_laws::<T>(&mut b),
        _ => multi_head_laws::<T>(&mut b),
    }
}

fn linear_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let weight: [[T; 2]; 3] = tokens(b);
    let bias: [T; 2] = b.mostly_ordinary();
    let x: [[T; 3]; 4] = tokens(b);
    match Linear::new(weight, bias) {
        Ok(layer) => {
            let torch: [[T; 3]; 2] =
                core::array::from_fn(|o| core::array::from_fn(|i| weight[i][o]));
            assert_eq!(Linear::from_torch(&torch, &bias), Ok(layer));
            let mut y = [[T::zero(); 2]; 4];
            match layer.forward(&x, &mut y) {
                Ok(()) => {
                    assert!(all_finite(y.as_flattened()));
                    for (row, out) in x.iter().zip(&y) {
                        for o in 0..2 {
                            let terms: [f64; 3] =
                                core::array::from_fn(|i| row[i].as_f64() * weight[i][o].as_f64());
                            let exact = terms.iter().sum::<f64>() + bias[o].as_f64();
                            let size =
                                terms.iter().map(|t| t.abs()).sum::<f64>() + bias[o].as_f64().abs();
                            let error = (out[o].as_f64() - exact).abs();
                            assert!(
                                error <= 8.0 * T::eps() * size + T::tiny(),
                                "{out:?} vs {exact}"
                            );
                        }
                    }
                }
                Err(e) => match first_non_finite(&[x.as_flattened()]) {
                    Some((index, value)) => assert_same_error(
                        e,
                        Error::NonFinite {
                            index,
                            value: value.as_f64(),
                        },
                    ),
                    None => assert!(matches!(e, Error::Overflow { .. }), "{e:?}"),
                },
            }
        }
        Err(e) => match first_non_finite(&[weight.as_flattened()]) {
            Some((index, value)) => assert_same_error(
                e,
                Error::NonFinite {
                    index,
                    value: value.as_f64(),
                },
            ),
            None => assert!(matches!(e, Error::NonFinite { .. }), "{e:?}"),
        },
    }
    // Embedding: rows copied exactly, ids out of range named.
    let table: [[T; 2]; 3] = tokens(b);
    let ids: [usize; 4] = core::array::from_fn(|_| b.index());
    match Embedding::new(table) {
        Ok(embedding) => {
            let mut out = [[T::zero(); 2]; 4];
            match embedding.lookup(&ids, &mut out) {
                Ok(()) => {
                    for (id, row) in ids.iter().zip(&out) {
                        assert_eq!(Some(row), table.get(*id));
                    }
                }
                Err(e) => {
                    let position = ids.iter().position(|&id| id >= 3);
                    let expected = position.map(|p| Error::IndexOutOfRange {
                        position: p,
                        index: ids[p],
                        len: 3,
                    });
                    assert_eq!(Some(e), expected);
                }
            }
        }
        Err(e) => assert!(matches!(e, Error::NonFinite { .. }), "{e:?}"),
    }
}

fn projection_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let v: [T; 3] = b.mostly_ordinary();
    let onto: [T; 3] = if b.flag() {
        b.unit()
    } else {
        b.mostly_ordinary()
    };
    match project(&v, &onto) {
        Ok(p) => {
            assert!(all_finite(&p));
            // p is parallel to onto, and v − p is orthogonal to it (relative to the sizes).
            let size = |x: &[T; 3]| x.iter().fold(0.0_f64, |m, y| m.max(y.as_f64().abs()));
            let (sv, sa) = (size(&v), size(&onto));
            let residual: [f64; 3] = core::array::from_fn(|i| {
                let scale = sv.max(f64::MIN_POSITIVE);
                v[i].as_f64() / scale - p[i].as_f64() / scale
            });
            let unit: [f64; 3] = core::array::from_fn(|i| onto[i].as_f64() / sa);
            let dot: f64 = residual.iter().zip(&unit).map(|(x, y)| x * y).sum();
            if sv > 0.0 {
                assert!(
                    dot.abs() <= 64.0 * T::eps() + 1e3 * T::tiny() / sv.min(1.0),
                    "(v − p)·a = {dot}"
                );
            }
        }
        Err(e) => {
            let expected = first_non_finite(&[&v[..]])
                .map(|(index, value)| Error::NonFinite {
                    index,
                    value: value.as_f64(),
                })
                .or_else(|| {
                    first_non_finite(&[&onto[..]]).map(|(index, value)| Error::NonFinite {
                        index,
                        value: value.as_f64(),
                    })
                })
                .or_else(|| {
                    onto.iter()
                        .all(|x| *x == T::zero())
                        .then_some(Error::ZeroVector { index: 1 })
                });
            match expected {
                Some(expected) => assert_same_error(e, expected),
                None => assert!(matches!(e, Error::Overflow { .. }), "{e:?}"),
            }
        }
    }
}

fn standardize_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let x: [[T; 2]; 5] = tokens(b);
    let eps: T = if b.flag() { T::zero() } else { b.parameter() };
    let mut out = [[T::zero(); 2]; 5];
    match standardize(&x, eps, &mut out) {
        Ok(s) => {
            assert!(all_finite(out.as_flattened()));
            assert!(all_finite(s.mean()) && all_finite(s.scale()));
            assert!(s.scale().iter().all(|&v| v > T::zero()), "{:?}", s.scale());
            // Each standardised feature has mean 0 (relative to its spread).
            for d in 0..2 {
                let mean: f64 = out.iter().map(|r| r[d].as_f64()).sum::<f64>() / 5.0;
                let spread = out.iter().fold(0.0_f64, |m, r| m.max(r[d].as_f64().abs()));
                // The mean is known to an ulp or so of its magnitude, which the scale divides.
                let centring = 8.0 * T::eps() * s.mean()[d].as_f64().abs() / s.scale()[d].as_f64();
                assert!(
                    mean.abs() <= 1e-3 * spread.max(1.0) + 64.0 * T::eps() + centring,
                    "mean {mean} for x = {x:?}, ε = {eps:?}, out = {out:?}, {s:?}"
                );
            }
            // With ε = 0 each feature has variance 1.
            if eps == T::zero() {
                for d in 0..2 {
                    let variance: f64 =
                        out.iter().map(|r| r[d].as_f64().powi(2)).sum::<f64>() / 5.0;
                    assert!(
                        (variance - 1.0).abs()
                            <= 1e3 * T::eps()
                                + 32.0 * T::eps() * s.mean()[d].as_f64().abs()
                                    / s.scale()[d].as_f64(),
                        "variance {variance} for {x:?}"
                    );
                }
            }
            let again = Standardizer::fit(&x, eps);
            assert_eq!(again, Ok(s));
        }
        Err(e) => {
            if !(eps.is_finite() && eps >= T::zero()) {
                assert!(
                    matches!(e, Error::InvalidParameter { name: "eps", .. }),
                    "{e:?}"
                );
            } else if let Some((index, value)) = first_non_finite(&[x.as_flattened()]) {
                assert_same_error(
                    e,
                    Error::NonFinite {
                        index,
                        value: value.as_f64(),
                    },
                );
            } else {
                assert!(
                    matches!(e, Error::Singular { .. } | Error::Overflow { .. }),
                    "{e:?}"
                );
            }
        }
    }
}

fn whitening_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let x: [[T; 2]; 6] = tokens(b);
    let eps: T = if b.flag() { T::zero() } else { b.parameter() };
    let fits = [Whitening::pca(&x, eps), Whitening::zca(&x, eps)];
    for fit in fits {
        match fit {
            Ok(white) => {
                assert!(
                    all_finite(white.mean().as_slice()) && all_finite(white.matrix().as_slice())
                );
                assert!(all_finite(white.variances().as_slice()));
                assert!(white.variances().iter().all(|&v| v >= T::zero()));
                assert!(white.variances()[0] >= white.variances()[1]);
                let mut y = [[T::zero(); 2]; 6];
                match white.apply(&x, &mut y) {
                    Ok(()) => {
                        assert!(all_finite(y.as_flattened()));
                        // With ε = 0 and a well-conditioned covariance, the output is white.
                        let (big, small) =
                            (white.variances()[0].as_f64(), white.variances()[1].as_f64());
                        if eps == T::zero() && small > 1e-2 * big && big > 0.0 {
                            for a in 0..2 {
                                for c in 0..2 {
                                    let cov: f64 = y
                                        .iter()
                                        .map(|r| r[a].as_f64() * r[c].as_f64())
                                        .sum::<f64>()
                                        / 6.0;
                                    let target = if a == c { 1.0 } else { 0.0 };
                                    assert!(
                                        (cov - target).abs() <= 1e4 * T::eps(),
                                        "cov[{a}][{c}] = {cov} for x = {x:?}, y = {y:?}, {white:?}"
                                    );
                                }
                            }
                        }
                    }
                    Err(e) => assert!(matches!(e, Error::Overflow { .. }), "apply: {e:?}"),
                }
            }
            Err(e) => {
                if !(eps.is_finite() && eps >= T::zero()) {
                    assert!(
                        matches!(e, Error::InvalidParameter { name: "eps", .. }),
                        "{e:?}"
                    );
                } else if let Some((index, value)) = first_non_finite(&[x.as_flattened()]) {
                    assert_same_error(
                        e,
                        Error::NonFinite {
                            index,
                            value: value.as_f64(),
                        },
                    );
                } else {
                    assert!(
                        matches!(e, Error::Singular { .. } | Error::Overflow { .. }),
                        "{e:?}"
                    );
                }
            }
        }
    }
}

fn multi_head_laws<T: FuzzReal>(b: &mut Bytes<'_>) {
    let mut weights = || -> T { T::of_f64(b.ordinary() / 128.0) };
    let layer = MultiHeadAttention::<T, 2, 2, 1, 2, 2> {
        w_q: core::array::from_fn(|_| core::array::from_fn(|_| [weights()])),
        b_q: core::array::from_fn(|_| [weights()]),
        w_k: core::array::from_fn(|_| core::array::from_fn(|_| [weights()])),
        b_k: core::array::from_fn(|_| [weights()]),
        w_v: core::array::from_fn(|_| core::array::from_fn(|_| [weights(), weights()])),
        b_v: core::array::from_fn(|_| [weights(), weights()]),
        w_o: core::array::from_fn(|_| core::array::from_fn(|_| [weights(), weights()])),
        b_o: [weights(), weights()],
    };
    let mut layer = layer;
    if b.below(8) == 0 {
        layer.w_k[b.below(2)][b.below(2)][0] = b.any();
    }
    let x: [[T; 2]; 3] = tokens(b);
    let memory: [[T; 2]; 2] = tokens(b);
    let mut options = AttentionOptions::<T, 3, 2>::new();
    if b.flag() {
        options.causal = Some(if b.flag() {
            CausalAlignment::TopLeft
        } else {
            CausalAlignment::BottomRight
        });
    }
    let mut out = [[T::zero(); 2]; 3];
    let mut w = [[[T::zero(); 2]; 3]; 2];
    match layer.forward(&x, &memory, &memory, &options, &mut out, Some(&mut w)) {
        Ok(masked) => {
            assert!(all_finite(out.as_flattened()) && all_finite(w.as_flattened().as_flattened()));
            assert!(masked <= 3);
            let mut plain = [[T::zero(); 2]; 3];
            assert_eq!(
                layer.forward(&x, &memory, &memory, &options, &mut plain, None),
                Ok(masked)
            );
        }
        Err(e) => assert!(
            matches!(e, Error::NonFinite { .. } | Error::Overflow { .. }),
            "multi-head: {e:?}"
        ),
    }
}
