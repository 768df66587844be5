//! Property tests: the laws persistence diagrams and their distances obey, on random input.

extern crate std;

use super::*;
use proptest::prelude::*;
use std::vec::Vec;

const N: usize = 10;

type Workspace = RipsWorkspace<N, { triangle_count(N) }, { simplex_count(N, 3) + N }, 2048>;

fn matrix_from_points(coordinates: &[f64]) -> [[f64; N]; N] {
    let mut points = [[0.0; 2]; N];
    for (p, c) in points.iter_mut().zip(coordinates.chunks(2)) {
        p.copy_from_slice(c);
    }
    let mut d = [[0.0; N]; N];
    DistanceMatrix::from_points(&points, &mut d).unwrap();
    d
}

fn diagram(d: &[[f64; N]; N], max_dimension: usize) -> PersistenceDiagram<f64, 128> {
    let mut ws = Workspace::new();
    let mut out = PersistenceDiagram::new();
    let options = RipsOptions {
        max_dimension,
        ..RipsOptions::default()
    };
    rips_persistence(
        &DistanceMatrix::new(d).unwrap(),
        &options,
        &mut ws,
        &mut out,
    )
    .unwrap();
    out.sort_by_birth();
    out
}

fn bottleneck(x: &[Bar<f64>], y: &[Bar<f64>]) -> f64 {
    let mut ws = BottleneckWorkspace::<f64, 64, { 64 * 64 + 128 }>::new();
    bottleneck_distance(x, y, &mut ws)
        .unwrap()
        .finite()
        .unwrap()
}

/// Coordinates on a coarse grid half the time, so that ties are common.
fn coordinates() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        proptest::collection::vec(0.0..1.0_f64, 2 * N),
        proptest::collection::vec((0..4_u8).prop_map(f64::from), 2 * N),
    ]
}

fn bars() -> impl Strategy<Value = Vec<Bar<f64>>> {
    proptest::collection::vec((0..8_u8, 0..8_u8), 0..7).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(b, l)| Bar::new(f64::from(b) / 4.0, Some(f64::from(b + l) / 4.0)).unwrap())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// H0: one class per distinct point at scale 0, all born at 0, one of them essential, and
    /// the deaths are the lengths of a minimum spanning tree (Prim's, computed here).
    #[test]
    fn h0_is_the_minimum_spanning_tree(c in coordinates()) {
        let d = matrix_from_points(&c);
        let dgm = diagram(&d, 0);
        let h0 = dgm.dimension(0);
        prop_assert_eq!(dgm.essential_count(0), 1);
        prop_assert!(h0.iter().all(|b| b.birth() == 0.0));
        let mut in_tree = [false; N];
        let mut best = [f64::INFINITY; N];
        best[0] = 0.0;
        let mut lengths = Vec::new();
        for _ in 0..N {
            let v = (0..N).filter(|&v| !in_tree[v]).min_by(|&a, &b| best[a].total_cmp(&best[b])).unwrap();
            in_tree[v] = true;
            if v != 0 { lengths.push(best[v]); }
            for u in 0..N {
                best[u] = best[u].min(if u > v { d[u][v] } else { d[v][u] });
            }
        }
        let mut positive: Vec<f64> = lengths.into_iter().filter(|&l| l > 0.0).collect();
        positive.sort_by(f64::total_cmp);
        let deaths: Vec<f64> = h0.iter().filter_map(|b| b.death()).collect();
        prop_assert_eq!(deaths, positive);
    }

    /// Relabelling the points changes nothing.
    #[test]
    fn diagrams_do_not_depend_on_the_order_of_the_points(c in coordinates(), shift in 1..N) {
        let d = matrix_from_points(&c);
        let mut permuted = [[0.0; N]; N];
        for i in 0..N {
            for j in 0..N {
                permuted[i][j] = d[(i + shift) % N][(j + shift) % N];
            }
        }
        let (a, b) = (diagram(&d, 2), diagram(&permuted, 2));
        for k in 0..=2 {
            prop_assert_eq!(a.dimension(k), b.dimension(k));
        }
    }

    /// Stability: moving every distance by at most ε moves each diagram by at most ε in the
    /// bottleneck distance (Chazal, de Silva, Oudot).
    #[test]
    fn diagrams_are_stable(c in coordinates(), noise in proptest::collection::vec(-1.0..1.0_f64, N * N), size in 0.0..0.2_f64) {
        let d = matrix_from_points(&c);
        let mut e = d;
        let mut moved = 0.0_f64;
        for i in 0..N {
            for j in 0..i {
                let x = (d[i][j] + size * noise[i * N + j]).max(0.0);
                moved = moved.max((x - d[i][j]).abs());
                e[i][j] = x;
                e[j][i] = x;
            }
        }
        let (a, b) = (diagram(&d, 2), diagram(&e, 2));
        for k in 0..=2 {
            let distance = bottleneck(a.dimension(k), b.dimension(k));
            prop_assert!(distance <= moved * (1.0 + 1e-12), "H{}: {} > {}", k, distance, moved);
        }
    }

    /// Scaling the distances by a power of two scales the diagram exactly.
    #[test]
    fn diagrams_scale_with_the_distances(c in coordinates()) {
        let d = matrix_from_points(&c);
        let scaled = d.map(|row| row.map(|x| 4.0 * x));
        let (a, b) = (diagram(&d, 2), diagram(&scaled, 2));
        for k in 0..=2 {
            let expected: Vec<_> = a.dimension(k).iter().map(|bar| (4.0 * bar.birth(), bar.death().map(|x| 4.0 * x))).collect();
            let got: Vec<_> = b.dimension(k).iter().map(|bar| (bar.birth(), bar.death())).collect();
            prop_assert_eq!(got, expected);
        }
    }

    /// The bottleneck distance is a metric (on diagrams without essential bars), symmetric to
    /// the bit, and never more than any Wasserstein distance.
    #[test]
    fn bottleneck_is_a_metric(x in bars(), y in bars(), z in bars()) {
        prop_assert_eq!(bottleneck(&x, &x), 0.0);
        let xy = bottleneck(&x, &y);
        prop_assert_eq!(xy.to_bits(), bottleneck(&y, &x).to_bits());
        prop_assert!(bottleneck(&x, &z) <= xy + bottleneck(&y, &z));
        let mut ws = WassersteinWorkspace::<f64, 16>::new();
        for order in [1.0, 2.0, 7.5] {
            let options = WassersteinOptions { order, internal_p: None };
            let w = wasserstein_distance(&x, &y, &options, &mut ws).unwrap().finite().unwrap();
            prop_assert!(xy <= w * (1.0 + 1e-12));
        }
    }

    /// So is the Wasserstein distance (up to rounding).
    #[test]
    fn wasserstein_is_a_metric(x in bars(), y in bars(), z in bars(), order in 1.0..4.0_f64) {
        let mut ws = WassersteinWorkspace::<f64, 16>::new();
        let options = WassersteinOptions { order, internal_p: Some(2.0) };
        let mut w = |a: &[Bar<f64>], b: &[Bar<f64>]| {
            wasserstein_distance(a, b, &options, &mut ws).unwrap().finite().unwrap()
        };
        prop_assert_eq!(w(&x, &x), 0.0);
        let xy = w(&x, &y);
        prop_assert!((xy - w(&y, &x)).abs() <= 1e-12 * xy.max(1.0));
        prop_assert!(w(&x, &z) <= (xy + w(&y, &z)) * (1.0 + 1e-12));
    }
}
