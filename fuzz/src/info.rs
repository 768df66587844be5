//! `geoml::info`: entropy, KL, Jensen–Shannon, cosine similarity, the distance matrix and the
//! attention graphs.

use super::decode::{Bytes, FuzzReal, all_finite, assert_same_error, first_non_finite, same};
use geoml::Error;
use geoml::info::{
    KlDivergence, SUM_TOLERANCE, causal_attention_graph, check_distribution, cosine_similarity,
    entropy, js_distance, js_distance_matrix, js_divergence, kl_divergence, row_entropies,
    symmetrized_attention_graph,
};

/// Target `info_measures`: the measures of one, two and three distributions.
pub fn measures(data: &[u8]) {
    measures_in::<f32>(data);
    measures_in::<f64>(data);
}

/// Target `info_matrices`: row entropies, the JS distance matrix and the attention graphs.
pub fn matrices(data: &[u8]) {
    matrices_in::<f32>(data);
    matrices_in::<f64>(data);
}

fn measures_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(5) {
        0 => measures_of::<T, 1>(&mut b),
        1 => measures_of::<T, 2>(&mut b),
        2 => measures_of::<T, 3>(&mut b),
        3 => measures_of::<T, 5>(&mut b),
        _ => measures_of::<T, 8>(&mut b),
    }
}

fn matrices_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(5) {
        0 => matrices_of::<T, 1, 1>(&mut b),
        1 => matrices_of::<T, 2, 3>(&mut b),
        2 => matrices_of::<T, 3, 2>(&mut b),
        3 => matrices_of::<T, 4, 4>(&mut b),
        _ => matrices_of::<T, 6, 3>(&mut b),
    }
}

/// The error the distribution check must give for `rows` stacked one after another (flat
/// indices continue from row to row), or `None` when every row is a distribution: the first
/// non-finite or negative entry, else the first row whose sum (accumulated in order, in `T`)
/// is more than `tolerance` from 1 or overflows.
pub fn expected_distribution_error<T: FuzzReal>(rows: &[&[T]], tolerance: T) -> Option<Error> {
    let mut offset = 0;
    for (row, values) in rows.iter().enumerate() {
        let mut sum = T::zero();
        for (k, &v) in values.iter().enumerate() {
            if !v.is_finite() {
                return Some(Error::NonFinite {
                    index: offset + k,
                    value: v.as_f64(),
                });
            }
            if v < T::zero() {
                return Some(Error::NegativeProbability {
                    index: offset + k,
                    value: v.as_f64(),
                });
            }
            sum += v;
        }
        let deviation = (sum - T::one()).abs();
        if deviation > tolerance || !deviation.is_finite() {
            return Some(Error::NotNormalized {
                row,
                sum: sum.as_f64(),
                tolerance: tolerance.as_f64(),
            });
        }
        offset += values.len();
    }
    None
}

/// Asserts that a result over distributions is `Ok` exactly when the rows are distributions
/// (within [`SUM_TOLERANCE`]) and otherwise the error that names the first bad entry.
fn assert_checked<T: FuzzReal, R: core::fmt::Debug>(result: &geoml::Result<R>, rows: &[&[T]]) {
    let expected = expected_distribution_error(rows, T::lit(SUM_TOLERANCE));
    match (result, expected) {
        (Ok(_), None) => {}
        (Err(e), Some(x)) => assert_same_error(*e, x),
        (r, x) => panic!("{r:?} but expected {x:?} for {rows:?}"),
    }
}

fn log2_len(m: usize) -> f64 {
    (m as f64).log2()
}

fn measures_of<T: FuzzReal, const M: usize>(b: &mut Bytes<'_>) {
    let p: [T; M] = b.distribution();
    let q: [T; M] = b.distribution();
    let r: [T; M] = b.distribution();
    let eps = T::eps();

    // Entropy: in [0, log₂ M], and blind to the order of outcomes.
    let h = entropy(&p);
    assert_checked(&h, &[&p]);
    if let Ok(h) = h {
        let h = h.as_f64();
        assert!(h.is_finite() && (0.0..=log2_len(M)).contains(&h), "H = {h}");
        let mut reversed = p;
        reversed.reverse();
        // (The reversed sum is rounded differently, so it may fall just outside the tolerance.)
        if let Ok(back) = entropy(&reversed).map(|x| x.as_f64()) {
            let close = (back - h).abs() <= 1e3 * eps * h.max(1.0);
            assert!(close, "H(p) = {h}, H(reversed p) = {back}");
        }
    }

    // KL: finite and ≥ 0, zero from p to itself, infinite exactly on a support mismatch,
    // and at least Pinsker's bound.
    let kl = kl_divergence(&p, &q);
    assert_checked(&kl, &[&p, &q]);
    match kl {
        Ok(KlDivergence::Finite(d)) => {
            let d = d.as_f64();
            assert!(d.is_finite() && d >= 0.0, "KL = {d}");
            assert!(
                !p.iter()
                    .zip(&q)
                    .any(|(&x, &y)| x > T::zero() && y <= T::zero())
            );
            let l1 = l1_of_normalised(&p, &q);
            let pinsker = l1 * l1 / (2.0 * core::f64::consts::LN_2);
            let slack = 16.0 * M as f64 * eps * (l1 + eps);
            assert!(d >= pinsker - slack, "KL = {d} < Pinsker {pinsker}");
        }
        Ok(KlDivergence::Infinite { index }) => {
            let first = p
                .iter()
                .zip(&q)
                .position(|(&x, &y)| x > T::zero() && y <= T::zero());
            assert_eq!(first, Some(index), "KL infinite at {index}");
        }
        Err(_) => {}
    }
    if check_distribution(&p, T::lit(SUM_TOLERANCE)).is_ok() {
        assert_eq!(kl_divergence(&p, &p), Ok(KlDivergence::Finite(T::zero())));
        assert_eq!(js_divergence(&p, &p), Ok(T::zero()));
    }

    // Jensen–Shannon: in [0, 1] bits, exactly symmetric, its distance the square root and
    // a metric (triangle inequality up to the rounding of a square root).
    let js = js_divergence(&p, &q);
    assert_checked(&js, &[&p, &q]);
    if let Ok(js) = js {
        assert!((T::zero()..=T::one()).contains(&js), "JS = {js:?}");
        assert_eq!(js_divergence(&q, &p), Ok(js), "JS is not symmetric");
        assert_eq!(js_distance(&p, &q), Ok(js.sqrt()));
        if let (Ok(pr), Ok(qr)) = (js_distance(&p, &r), js_distance(&q, &r)) {
            let pq = js.sqrt().as_f64();
            let slack = 4.0 * (M as f64 * eps).sqrt();
            let (pr, qr) = (pr.as_f64(), qr.as_f64());
            assert!(pr <= pq + qr + slack, "d(p,r) = {pr} > {pq} + {qr}");
        }
    } else {
        assert!(js_distance(&p, &q).is_err());
    }

    // Cosine similarity on arbitrary vectors: in [−1, 1], symmetric, odd, 1 on itself.
    let u: [T; M] = if b.flag() {
        b.unit()
    } else {
        b.mostly_ordinary()
    };
    let v: [T; M] = b.mostly_ordinary();
    let c = cosine_similarity(&u, &v);
    match c {
        Ok(c) => {
            assert!((-T::one()..=T::one()).contains(&c), "cos = {c:?}");
            assert_eq!(cosine_similarity(&v, &u), Ok(c), "cosine is not symmetric");
            let minus = v.map(|x| -x);
            assert_eq!(cosine_similarity(&u, &minus), Ok(-c), "cosine is not odd");
            let own = cosine_similarity(&u, &u).map(|x| x.as_f64());
            assert!(
                own.is_ok_and(|x| (x - 1.0).abs() <= 4.0 * M as f64 * eps),
                "{own:?}"
            );
        }
        Err(e) => {
            let expected = match first_non_finite(&[&u, &v]) {
                Some((index, value)) => Error::NonFinite {
                    index,
                    value: value.as_f64(),
                },
                None if u.iter().all(|&x| x == T::zero()) => Error::ZeroVector { index: 0 },
                None => Error::ZeroVector { index: 1 },
            };
            assert_same_error(e, expected);
        }
    }

    // The check itself, with any tolerance.
    let tolerance: T = b.parameter();
    let checked = check_distribution(&p, tolerance);
    if !(tolerance.is_finite() && tolerance >= T::zero()) {
        assert!(
            matches!(checked, Err(Error::InvalidParameter { name: "tolerance", value }) if same(tolerance, value)),
            "{checked:?}"
        );
    } else {
        match (checked, expected_distribution_error(&[&p], tolerance)) {
            (Ok(()), None) => {}
            (Err(e), Some(x)) => assert_same_error(e, x),
            (got, x) => panic!("{got:?} but expected {x:?}"),
        }
    }
}

/// Σ|p/Σp − q/Σq| in f64.
fn l1_of_normalised<T: FuzzReal>(p: &[T], q: &[T]) -> f64 {
    let sp: f64 = p.iter().map(|x| x.as_f64()).sum();
    let sq: f64 = q.iter().map(|x| x.as_f64()).sum();
    p.iter()
        .zip(q)
        .map(|(x, y)| (x.as_f64() / sp - y.as_f64() / sq).abs())
        .sum()
}

fn matrices_of<T: FuzzReal, const N: usize, const M: usize>(b: &mut Bytes<'_>) {
    let rows: [[T; M]; N] = core::array::from_fn(|_| b.distribution());
    let row_refs: [&[T]; N] = core::array::from_fn(|i| &rows[i][..]);
    let sentinel = T::lit(7.0);

    // Row entropies are the entropies of the rows, bit for bit; `out` is untouched on error.
    let mut h = [sentinel; N];
    let result = row_entropies(&rows, &mut h);
    assert_checked(&result, &row_refs);
    if result.is_ok() {
        for (row, &hi) in rows.iter().zip(&h) {
            assert_eq!(entropy(row), Ok(hi));
        }
    } else {
        assert_eq!(h, [sentinel; N], "out written on error");
    }

    // The JS distance matrix: zero diagonal, symmetric, each entry the pair's distance.
    let mut d = [[sentinel; N]; N];
    let result = js_distance_matrix(&rows, &mut d);
    assert_checked(&result, &row_refs);
    if result.is_ok() {
        for i in 0..N {
            assert_eq!(d[i][i], T::zero());
            for j in 0..N {
                assert_eq!(d[i][j], d[j][i]);
                assert!((T::zero()..=T::one()).contains(&d[i][j]));
                if i != j {
                    assert_eq!(js_distance(&rows[i], &rows[j]), Ok(d[i][j]));
                }
            }
        }
    } else {
        assert_eq!(d, [[sentinel; N]; N], "out written on error");
    }

    // The graphs of a square attention matrix: symmetric, finite, built from the entries.
    if N == M {
        let a: [[T; N]; N] = core::array::from_fn(|i| core::array::from_fn(|j| rows[i][j]));
        let a_refs: [&[T]; N] = core::array::from_fn(|i| &a[i][..]);
        let mut w = [[sentinel; N]; N];
        let result = symmetrized_attention_graph(&a, &mut w);
        assert_checked(&result, &a_refs);
        if result.is_ok() {
            assert!(all_finite(w.as_flattened()));
            for i in 0..N {
                for j in 0..N {
                    assert_eq!(w[i][j], w[j][i]);
                    assert_eq!(w[i][j], T::lit(0.5) * (a[i][j] + a[j][i]));
                }
            }
        } else {
            assert_eq!(w, [[sentinel; N]; N], "out written on error");
        }
        let mut w = [[sentinel; N]; N];
        let result = causal_attention_graph(&a, &mut w);
        assert_checked(&result, &a_refs);
        if result.is_ok() {
            for i in 0..N {
                for j in 0..N {
                    assert_eq!(w[i][j], a[i.max(j)][i.min(j)]);
                }
            }
        } else {
            assert_eq!(w, [[sentinel; N]; N], "out written on error");
        }
    }
}
