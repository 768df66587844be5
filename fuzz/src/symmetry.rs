//! `geoml::symmetry`: permutations, generated groups, canonicalization, the DeepSets layers,
//! symmetrization and the invariance checks, with a random generator fed by the fuzzer.

use super::decode::{Bytes, FuzzReal, all_finite, assert_same_error, first_non_finite, same};
use core::convert::Infallible;
use geoml::Error;
use geoml::symmetry::rand_core::TryRng;
use geoml::symmetry::{
    AllPermutations, EquivariantLinear, InvariantLinear, Permutation, PermutationGroup, augment,
    canonicalize, check_conjugation_equivariance, check_equivariance, check_invariance, factorial,
    random_permutations, symmetrize_equivariant, symmetrize_invariant,
};

/// Target `symmetry_permutations`: permutations from any images, their algebra, generated
/// groups and sampling from any generator.
pub fn permutations(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(4) {
        0 => permutations_of::<1>(&mut b),
        1 => permutations_of::<3>(&mut b),
        2 => permutations_of::<4>(&mut b),
        _ => permutations_of::<5>(&mut b),
    }
}

/// Target `symmetry_layers`: canonicalization, the layers, symmetrization and the checks.
pub fn layers(data: &[u8]) {
    layers_in::<f32>(data);
    layers_in::<f64>(data);
}

/// A random generator whose words are the fuzzer's bytes (zeros once they run out): the
/// most hostile generator there is, constant output included.
pub(crate) struct ByteRng<'a>(pub(crate) Bytes<'a>);

impl TryRng for ByteRng<'_> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.0.u32())
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(self.0.u64())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.iter_mut().for_each(|x| *x = self.0.u8());
        Ok(())
    }
}

fn is_bijection<const N: usize>(p: &Permutation<N>) -> bool {
    let mut seen = [false; N];
    p.images().iter().all(|&i| match seen.get_mut(i) {
        Some(s) if !*s => {
            *s = true;
            true
        }
        _ => false,
    })
}

fn any_permutation<const N: usize>(b: &mut Bytes<'_>) -> Permutation<N> {
    let images: [usize; N] = core::array::from_fn(|_| b.index());
    let result = Permutation::from_images(images);
    // The first entry that is out of range or repeats an earlier one is named.
    let bad = (0..N).find(|&k| images[k] >= N || images[..k].contains(&images[k]));
    match (result, bad) {
        (Ok(p), None) => {
            assert_eq!(p.images(), &images);
            p
        }
        (Err(Error::NotAPermutation { index, image }), Some(k)) => {
            assert_eq!((index, image), (k, images[k]));
            // Fall back to a valid permutation from the same bytes.
            let mut order: [usize; N] = core::array::from_fn(|j| j);
            order.sort_by_key(|&j| (images[j], j));
            Permutation::from_images(order).unwrap_or_default()
        }
        (got, bad) => panic!("{images:?}: {got:?}, first bad entry {bad:?}"),
    }
}

fn permutations_of<const N: usize>(b: &mut Bytes<'_>) {
    let p = any_permutation::<N>(b);
    let q = any_permutation::<N>(b);
    let id = Permutation::<N>::identity();
    assert!(is_bijection(&p) && is_bijection(&q));
    assert_eq!(p.compose(&p.inverse()), id);
    assert_eq!(p.inverse().compose(&p), id);
    assert_eq!(p.compose(&q).inverse(), q.inverse().compose(&p.inverse()));
    assert_eq!(p.compose(&q).sign(), p.sign() * q.sign());
    assert_eq!(p.is_identity(), p == id);
    assert_eq!(p.image(N), None);
    let probe: [usize; N] = core::array::from_fn(|j| j * 10);
    let (mut moved, mut back) = ([0; N], [0; N]);
    p.apply_rows(&probe, &mut moved);
    p.inverse().apply_rows(&moved, &mut back);
    assert_eq!(back, probe);
    let k = b.index();
    let shift = Permutation::<N>::cyclic_shift(k);
    assert!(is_bijection(&shift));

    let (x, y) = (b.index(), b.index());
    match Permutation::<N>::transposition(x, y) {
        Ok(t) => {
            assert!(x < N && y < N);
            assert_eq!(t.compose(&t), id);
            assert_eq!(t.sign(), if x == y { 1 } else { -1 });
        }
        Err(Error::InvalidParameter { name, value }) => {
            let (bad_name, bad) = if x >= N { ("a", x) } else { ("b", y) };
            assert!(
                bad >= N && name == bad_name && value == bad as f64,
                "{name} {value}"
            );
        }
        Err(e) => panic!("transposition: {e:?}"),
    }

    // A generated group is a group whose order divides N!, or a capacity error.
    let generators = [p, q, shift];
    let count = b.below(4);
    let generators = &generators[..count];
    match PermutationGroup::<N, 12>::generated_by(generators) {
        Ok(group) => {
            let order = group.order();
            assert!((1..=12).contains(&order));
            assert_eq!(factorial(N).map(|f| f % order), Some(0), "order {order}");
            assert!(group.contains(&id));
            for g in generators {
                assert!(group.contains(g));
            }
            for g in group.iter() {
                assert!(group.contains(&g.inverse()));
                for h in group.iter() {
                    assert!(group.contains(&g.compose(&h)));
                }
            }
        }
        Err(e) => assert_eq!(
            e,
            Error::CapacityExceeded {
                needed: 13,
                capacity: 12
            }
        ),
    }

    // Sampling from any generator, constant ones included, terminates with permutations.
    let mut rng = ByteRng(b.clone());
    let count = b.below(4);
    let mut sampled = 0;
    for g in random_permutations::<_, N>(&mut rng, count) {
        assert!(is_bijection(&g));
        sampled += 1;
    }
    assert_eq!(sampled, count);
    let (mut out, rows) = ([0; N], core::array::from_fn::<usize, N, _>(|j| j));
    let g = augment(&rows, &mut rng, &mut out);
    assert!(is_bijection(&g));
    assert_eq!(&out, &g.inverse().images().map(|j| rows[j]));
}

fn layers_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(3) {
        0 => layers_of::<T, 1, 1, 1>(&mut b),
        1 => layers_of::<T, 3, 2, 1>(&mut b),
        _ => layers_of::<T, 4, 1, 2>(&mut b),
    }
}

/// An upper bound on the rounding error of the layers, whose means are summed in a different
/// order after a permutation: a few ε per term times the largest term.
fn layer_slack<T: FuzzReal>(weights: &[&[T]], x: &[T], terms: usize) -> T {
    let wmax = weights
        .iter()
        .flat_map(|p| p.iter())
        .fold(0.0_f64, |m, w| m.max(w.as_f64().abs()));
    let xmax = x.iter().fold(0.0_f64, |m, v| m.max(v.as_f64().abs()));
    let slack = 8.0 * (terms as f64 + 2.0) * T::eps() * (wmax * xmax + wmax);
    // A bound beyond the type's range bounds nothing: the largest finite value.
    let slack = T::of_f64(slack);
    if slack.is_finite() {
        slack
    } else {
        T::max_value().unwrap_or(slack)
    }
}

fn layers_of<T: FuzzReal, const N: usize, const D: usize, const E: usize>(b: &mut Bytes<'_>) {
    let x: [[T; D]; N] = if b.below(4) == 0 {
        b.rows()
    } else {
        core::array::from_fn(|_| b.ordinary_array().map(|v: f64| T::of_f64(v.round() / 4.0)))
    };

    // Canonicalization: sorted rows, the same for every reordering of the input.
    let mut canonical = [[T::zero(); D]; N];
    match canonicalize(&x, &mut canonical) {
        Ok(p) => {
            assert!(all_finite(x.as_flattened()));
            let mut expected = [[T::zero(); D]; N];
            p.apply_rows(&x, &mut expected);
            assert_eq!(canonical, expected);
            for w in canonical.windows(2) {
                let order = w[0].iter().zip(&w[1]).find_map(|(a, c)| {
                    let o = a.partial_cmp(c)?;
                    o.is_ne().then_some(o)
                });
                assert!(order != Some(core::cmp::Ordering::Greater), "{canonical:?}");
            }
            for g in AllPermutations::<N>::new() {
                let mut moved = [[T::zero(); D]; N];
                g.apply_rows(&x, &mut moved);
                let mut again = [[T::zero(); D]; N];
                assert!(canonicalize(&moved, &mut again).is_ok());
                assert_eq!(again, canonical);
            }
        }
        Err(e) => expect_non_finite(e, x.as_flattened()),
    }

    let own: [[T; E]; D] = core::array::from_fn(|_| b.mostly_ordinary());
    let pooled: [[T; E]; D] = core::array::from_fn(|_| b.mostly_ordinary());
    let bias: [T; E] = b.mostly_ordinary();
    let tolerance: T = b.parameter();
    let valid_tolerance = tolerance.is_finite() && tolerance >= T::zero();
    let all_weights = [own.as_flattened(), pooled.as_flattened(), &bias[..]];

    // The equivariant layer: an error names the bad weight; its output is finite; it is
    // equivariant up to rounding; symmetrizing it changes nothing beyond rounding.
    match EquivariantLinear::new(own, pooled, bias) {
        Ok(layer) => {
            let mut y = [[T::zero(); E]; N];
            match layer.forward(&x, &mut y) {
                Ok(()) => {
                    assert!(all_finite(y.as_flattened()));
                    let slack = layer_slack(&all_weights, x.as_flattened(), N * D);
                    let forward = |x: &[[T; D]; N], y: &mut [[T; E]; N]| layer.forward(x, y);
                    let report = check_equivariance(forward, &x, AllPermutations::new(), slack);
                    match report {
                        Ok(r) => assert!(r.holds(), "{r:?}"),
                        Err(Error::Overflow { .. }) => {}
                        Err(e) => panic!("check_equivariance: {e:?}"),
                    }
                    let mut s = [[T::zero(); E]; N];
                    match symmetrize_equivariant(forward, AllPermutations::new(), &x, &mut s) {
                        Ok(()) => {
                            assert!(all_finite(s.as_flattened()));
                            for (a, c) in s.as_flattened().iter().zip(y.as_flattened()) {
                                let diff = (*a - *c).abs();
                                assert!(diff <= slack, "symmetrized {a:?} vs {c:?}");
                            }
                        }
                        Err(Error::Overflow { .. }) => {}
                        Err(e) => panic!("symmetrize_equivariant: {e:?}"),
                    }
                }
                Err(Error::NonFinite { index, value }) => {
                    let bad = first_non_finite(&[x.as_flattened()]);
                    assert!(bad.is_some_and(|(i, v)| i == index && same(v, value)));
                }
                Err(Error::Overflow { .. }) => assert!(all_finite(x.as_flattened())),
                Err(e) => panic!("forward: {e:?}"),
            }
        }
        Err(e) => expect_non_finite_in(e, &all_weights),
    }

    // The invariant layer, and the checks on any tolerance.
    let weight: [[T; E]; D] = own;
    match InvariantLinear::new(weight, bias) {
        Ok(layer) => {
            let forward = |x: &[[T; D]; N]| layer.forward(x);
            let report = check_invariance(forward, &x, AllPermutations::new(), tolerance);
            match (layer.forward(&x), report) {
                (_, Err(Error::InvalidParameter { name, .. })) => {
                    assert!(!valid_tolerance && name == "tolerance");
                }
                (Ok(y), Ok(r)) => {
                    assert!(all_finite(&y) && r.worst.is_finite() && r.worst >= T::zero());
                    assert_eq!(r.tested, factorial(N).unwrap_or(0));
                    let slack =
                        layer_slack(&[weight.as_flattened(), &bias], x.as_flattened(), N * D);
                    assert!(r.worst <= slack, "{r:?}");
                    match symmetrize_invariant(forward, AllPermutations::new(), &x) {
                        Ok(s) => {
                            for (a, c) in s.iter().zip(&y) {
                                assert!((*a - *c).abs() <= slack, "{a:?} vs {c:?}");
                            }
                        }
                        Err(Error::Overflow { .. }) => {}
                        Err(e) => panic!("symmetrize_invariant: {e:?}"),
                    }
                }
                (Err(e), Err(f)) => assert_same_error(f, e),
                (Ok(_), Err(Error::Overflow { .. })) => {}
                (y, r) => panic!("forward {y:?}, check {r:?}"),
            }
        }
        Err(e) => expect_non_finite_in(e, &[weight.as_flattened(), &bias[..]]),
    }

    // A conjugation check on a map whose outputs the fuzzer picks (NaN and ∞ included): the
    // check returns the map's error, a non-finite error, an overflow, or a finite report.
    let scale: T = b.any();
    let gram = |x: &[[T; D]; N], out: &mut [[T; N]; N]| {
        for (i, row) in out.iter_mut().enumerate() {
            for (j, o) in row.iter_mut().enumerate() {
                *o = x[i]
                    .iter()
                    .zip(&x[j])
                    .fold(T::zero(), |s, (a, c)| s + *a * *c)
                    * scale;
            }
        }
        Ok(())
    };
    match check_conjugation_equivariance(gram, &x, AllPermutations::new(), tolerance) {
        Ok(r) => {
            assert!(valid_tolerance && r.worst.is_finite() && r.worst >= T::zero());
        }
        Err(Error::InvalidParameter { name, .. }) => {
            assert!(!valid_tolerance && name == "tolerance")
        }
        Err(Error::NonFinite { .. } | Error::Overflow { .. }) => {}
        Err(e) => panic!("check_conjugation_equivariance: {e:?}"),
    }
}

fn expect_non_finite<T: FuzzReal>(e: Error, values: &[T]) {
    expect_non_finite_in(e, &[values]);
}

fn expect_non_finite_in<T: FuzzReal>(e: Error, parts: &[&[T]]) {
    match (e, first_non_finite(parts)) {
        (Error::NonFinite { index, value }, Some((i, v))) if index == i && same(v, value) => {}
        (e, bad) => panic!("{e:?}, first non-finite {bad:?}"),
    }
}
