//! `geoml::persistence`: distance matrices, Rips persistence, clusters at a scale, and the
//! bottleneck and Wasserstein distances between diagrams.

// Matrix entries are indexed by (i, j) on purpose: the laws read d[i][j] against d[j][i].
#![allow(clippy::needless_range_loop)]

use super::decode::{Bytes, FuzzReal, all_finite, assert_same_error, first_non_finite};
use geoml::Error;
use geoml::persistence::{
    Bar, BottleneckWorkspace, DiagramDistance, DistanceMatrix, PersistenceDiagram, RipsOptions,
    RipsWorkspace16, WassersteinOptions, WassersteinWorkspace, bottleneck_distance,
    bottleneck_matching, clusters_at_scale, rips_persistence, threshold_edges,
    wasserstein_distance, wasserstein_matching,
};

/// Target `persistence_rips`: distance matrices from points and from entries, Rips persistence
/// (H0, H1, H2) with any options, clusters and threshold edges.
pub fn rips(data: &[u8]) {
    rips_in::<f32>(data);
    rips_in::<f64>(data);
}

/// Target `persistence_distances`: bottleneck and Wasserstein distances and matchings.
pub fn distances(data: &[u8]) {
    distances_in::<f32>(data);
    distances_in::<f64>(data);
}

fn rips_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    match b.below(5) {
        0 => rips_of::<T, 1>(&mut b),
        1 => rips_of::<T, 3>(&mut b),
        2 => rips_of::<T, 5>(&mut b),
        3 => rips_of::<T, 7>(&mut b),
        _ => rips_of::<T, 10>(&mut b),
    }
}

/// Points on a small grid (many equal distances, so ties are broken everywhere), at a random
/// magnitude, or anything.
fn points<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) -> [[T; 2]; N] {
    if b.below(8) == 0 {
        return b.rows();
    }
    let magnitude = 2f64.powi(i32::from(b.u8() as i8 % 64));
    let grid = b.flag();
    core::array::from_fn(|_| {
        core::array::from_fn(|_| {
            let x = b.ordinary();
            T::of_f64(if grid { (x / 32.0).round() } else { x / 32.0 } * magnitude)
        })
    })
}

/// The error `DistanceMatrix::new` must give for a matrix with a non-finite entry, a non-zero
/// diagonal or a negative entry (the first two passes of its check), if any.
fn expected_matrix_error<T: FuzzReal, const N: usize>(d: &[[T; N]; N]) -> Option<Error> {
    if let Some((index, value)) = first_non_finite(&[d.as_flattened()]) {
        return Some(Error::NonFinite {
            index,
            value: value.as_f64(),
        });
    }
    for (i, row) in d.iter().enumerate() {
        for (j, &x) in row.iter().enumerate() {
            if i == j && x != T::zero() {
                return Some(Error::NonZeroDiagonal {
                    index: i,
                    value: x.as_f64(),
                });
            }
            if x < T::zero() {
                return Some(Error::NegativeEntry {
                    row: i,
                    col: j,
                    value: x.as_f64(),
                });
            }
        }
    }
    None
}

fn sorted_bars<T: FuzzReal, const CAP: usize>(
    d: &PersistenceDiagram<T, CAP>,
) -> Vec<(usize, f64, f64)> {
    let mut bars: Vec<(usize, f64, f64)> = d
        .iter()
        .map(|(k, bar)| {
            (
                k,
                bar.birth().as_f64(),
                bar.death().map_or(f64::INFINITY, |x| x.as_f64()),
            )
        })
        .collect();
    bars.sort_by(|a, b| a.partial_cmp(b).unwrap_or(core::cmp::Ordering::Equal));
    bars
}

fn rips_of<T: FuzzReal, const N: usize>(b: &mut Bytes<'_>) {
    let p: [[T; 2]; N] = points(b);
    let mut buffer = [[T::zero(); N]; N];
    let from_points = DistanceMatrix::from_points(&p, &mut buffer).map(|d| *d.entries());
    let entries: [[T; N]; N] = match (from_points, b.below(4)) {
        (Ok(entries), 0 | 1) => {
            assert!(all_finite(entries.as_flattened()));
            for i in 0..N {
                assert_eq!(entries[i][i], T::zero());
                for j in 0..N {
                    assert_eq!(entries[i][j], entries[j][i]);
                    assert!(entries[i][j] >= T::zero());
                }
            }
            entries
        }
        (Err(e), 0 | 1) => {
            match first_non_finite(&[p.as_flattened()]) {
                Some((index, value)) => assert_same_error(
                    e,
                    Error::NonFinite {
                        index,
                        value: value.as_f64(),
                    },
                ),
                None => assert!(matches!(e, Error::Overflow { .. }), "from_points: {e:?}"),
            }
            return;
        }
        // A matrix given by its entries: symmetric from the upper triangle (perturbed by a
        // relative amount), with a spoiled entry now and then.
        (_, mode) => {
            let mut d = [[T::zero(); N]; N];
            for i in 0..N {
                for j in (i + 1)..N {
                    let x = T::of_f64((b.ordinary().abs() / 16.0).round() / 4.0);
                    d[i][j] = x;
                    d[j][i] = T::of_f64(x.as_f64() * (1.0 + b.perturbation()));
                }
            }
            if mode == 3 && N > 0 {
                d[b.below(N)][b.below(N)] = b.any();
            }
            d
        }
    };

    let matrix = match DistanceMatrix::new(&entries) {
        Ok(m) => {
            assert!(expected_matrix_error(&entries).is_none());
            m
        }
        Err(e) => {
            match expected_matrix_error(&entries) {
                Some(expected) => assert_same_error(e, expected),
                None => match e {
                    Error::NotSymmetric {
                        row,
                        col,
                        value,
                        mirror,
                    } => {
                        assert!(row < col && (value - mirror).abs() > 0.0, "{e:?}");
                    }
                    e => panic!("DistanceMatrix::new: {e:?}"),
                },
            }
            return;
        }
    };
    let tolerance: T = b.parameter();
    match DistanceMatrix::with_tolerance(&entries, tolerance) {
        Ok(_) => assert!(tolerance.is_finite() && tolerance >= T::zero()),
        Err(e) => assert!(
            matches!(
                e,
                Error::InvalidParameter {
                    name: "tolerance",
                    ..
                } | Error::NotSymmetric { .. }
            ),
            "with_tolerance: {e:?}"
        ),
    }
    let radius = matrix.enclosing_radius();
    assert!(
        radius.is_finite() && radius >= T::zero(),
        "enclosing radius {radius:?}"
    );

    // Rips persistence with any options.
    let options = RipsOptions {
        max_dimension: b.below(4),
        threshold: match b.below(4) {
            0 => None,
            1 => Some(b.any()),
            _ => Some(T::of_f64(b.ordinary().abs() / 64.0)),
        },
        min_persistence: if b.flag() { T::zero() } else { b.parameter() },
    };
    let mut workspace = RipsWorkspace16::new();
    let mut diagram = PersistenceDiagram::<T, 48>::new();
    let result = rips_persistence(&matrix, &options, &mut workspace, &mut diagram);
    match result {
        Ok(()) => {
            let values: Vec<f64> = entries.as_flattened().iter().map(|x| x.as_f64()).collect();
            let min_persistence = options.min_persistence.as_f64();
            for (k, bar) in diagram.iter() {
                assert!(k <= options.max_dimension);
                let birth = bar.birth().as_f64();
                assert!(birth.is_finite() && birth >= 0.0);
                assert!(
                    birth == 0.0 || values.contains(&birth),
                    "birth {birth} is no distance"
                );
                if let Some(death) = bar.death() {
                    let death = death.as_f64();
                    assert!(
                        death.is_finite() && birth <= death,
                        "bar [{birth}, {death})"
                    );
                    assert!(values.contains(&death), "death {death} is no distance");
                    assert!(
                        death - birth > min_persistence,
                        "bar [{birth}, {death}) kept"
                    );
                }
                if k == 0 {
                    assert_eq!(birth, 0.0);
                }
            }
            // The essential H0 bars are the clusters at the threshold.
            let threshold = options.threshold.unwrap_or(radius);
            let mut labels = [0; N];
            let clusters = clusters_at_scale(&matrix, threshold, &mut labels);
            assert_eq!(
                clusters,
                Ok(diagram.essential_count(0)),
                "H0 essential bars vs clusters"
            );
            assert!(labels.iter().all(|&l| l < N.max(1)));
            // Relabelling the points (reversing them) gives the same bars, when the matrix is
            // exactly symmetric (else the reversal reads the other triangle).
            let symmetric = (0..N).all(|i| (0..N).all(|j| entries[i][j] == entries[j][i]));
            let reversed: [[T; N]; N] =
                core::array::from_fn(|i| core::array::from_fn(|j| entries[N - 1 - i][N - 1 - j]));
            let reversed_matrix = DistanceMatrix::with_tolerance(&reversed, T::of_f64(f64::MAX));
            if let (Ok(reversed_matrix), true) = (reversed_matrix, symmetric) {
                let mut again = PersistenceDiagram::<T, 48>::new();
                let r = rips_persistence(&reversed_matrix, &options, &mut workspace, &mut again);
                assert_eq!(r, Ok(()));
                assert_eq!(
                    sorted_bars(&diagram),
                    sorted_bars(&again),
                    "relabelled points"
                );
            }
        }
        Err(e) => {
            assert!(diagram.is_empty(), "diagram not emptied on error");
            match e {
                Error::InvalidParameter { name, .. } => {
                    let bad_threshold = options
                        .threshold
                        .is_some_and(|t| !(t.is_finite() && t >= T::zero()));
                    let bad_min = !(options.min_persistence.is_finite()
                        && options.min_persistence >= T::zero());
                    assert!(
                        (name == "max_dimension" && options.max_dimension > 2)
                            || (name == "min_persistence" && bad_min)
                            || (name == "threshold" && bad_threshold),
                        "{e:?}"
                    );
                }
                Error::CapacityExceeded { needed, capacity } => assert!(needed > capacity, "{e:?}"),
                e => panic!("rips_persistence: {e:?}"),
            }
        }
    }

    // Threshold edges are the pairs within the scale.
    let scale: T = if b.flag() {
        b.any()
    } else {
        T::of_f64(b.ordinary().abs() / 64.0)
    };
    match threshold_edges(&matrix, scale) {
        Ok(edges) => {
            for (i, j, d) in edges {
                assert!(i < j && j < N && d <= scale && d == matrix.get(i, j));
            }
        }
        Err(e) => {
            assert!(
                matches!(e, Error::InvalidParameter { name: "scale", .. }),
                "{e:?}"
            );
            assert!(!(scale.is_finite() && scale >= T::zero()));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Diagram distances.

/// A bar: ordinary births and lengths (zero-length ones included), essential ones, or anything.
fn bar<T: FuzzReal>(b: &mut Bytes<'_>) -> Result<Bar<T>, Error> {
    match b.below(8) {
        0 => {
            let (birth, death): (T, T) = (b.any(), b.any());
            if b.flag() {
                Bar::essential(birth)
            } else {
                Bar::new(birth, Some(death))
            }
        }
        1 => Bar::essential(T::of_f64(b.ordinary().abs() / 16.0)),
        _ => {
            let magnitude = 2f64.powi(i32::from(b.u8() as i8 % 32));
            let birth = b.ordinary() / 16.0 * magnitude;
            let length = (b.ordinary().abs() / 16.0).round() / 4.0 * magnitude;
            Bar::new(T::of_f64(birth), Some(T::of_f64(birth + length)))
        }
    }
}

fn diagram<T: FuzzReal>(b: &mut Bytes<'_>) -> Vec<Bar<T>> {
    let count = b.below(7);
    let mut bars = Vec::new();
    for _ in 0..count {
        match bar::<T>(b) {
            Ok(x) => {
                assert!(x.birth().is_finite());
                assert!(x.death().is_none_or(|d| d.is_finite() && d >= x.birth()));
                assert!(
                    x.persistence()
                        .is_none_or(|l| l.is_finite() && l >= T::zero())
                );
                bars.push(x);
            }
            Err(e) => assert!(
                matches!(
                    e,
                    Error::NonFinite { .. }
                        | Error::InvalidParameter { name: "death", .. }
                        | Error::Overflow { .. }
                ),
                "Bar::new: {e:?}"
            ),
        }
    }
    bars
}

fn essential<T: FuzzReal>(bars: &[Bar<T>]) -> usize {
    bars.iter().filter(|b| b.is_essential()).count()
}

fn distances_in<T: FuzzReal>(data: &[u8]) {
    let mut b = Bytes::new(data);
    let x = diagram::<T>(&mut b);
    let y = diagram::<T>(&mut b);
    let z = diagram::<T>(&mut b);
    let mut bottleneck = BottleneckWorkspace::<T, 8, 96>::new();
    let mut partners = [None; 8];

    // Bottleneck: a metric, exactly symmetric, infinite exactly when the essential counts
    // differ, and the value of its own matching.
    let dxy = bottleneck_distance(&x, &y, &mut bottleneck);
    match dxy {
        Ok(d) => {
            check_distance(d, &x, &y);
            assert_eq!(
                bottleneck_distance(&y, &x, &mut bottleneck),
                Ok(swapped(d)),
                "bottleneck not symmetric"
            );
            let matched = bottleneck_matching(&x, &y, &mut bottleneck, &mut partners[..x.len()]);
            assert_eq!(matched, Ok(d), "matching disagrees with the distance");
            if let DiagramDistance::Finite(value) = d {
                for (i, partner) in partners[..x.len()].iter().enumerate() {
                    if let Some(j) = partner {
                        assert!(*j < y.len());
                        assert_eq!(x[i].is_essential(), y[*j].is_essential());
                    }
                    let _ = value;
                }
            }
            if let (
                Ok(DiagramDistance::Finite(dyz)),
                Ok(DiagramDistance::Finite(dxz)),
                DiagramDistance::Finite(dxy),
            ) = (
                bottleneck_distance(&y, &z, &mut bottleneck),
                bottleneck_distance(&x, &z, &mut bottleneck),
                d,
            ) {
                let (dxy, dyz, dxz) = (dxy.as_f64(), dyz.as_f64(), dxz.as_f64());
                assert!(
                    dxz <= (dxy + dyz) * (1.0 + 4.0 * T::eps()),
                    "triangle: {dxz} > {dxy} + {dyz}"
                );
            }
            assert_eq!(
                bottleneck_distance(&x, &x, &mut bottleneck),
                Ok(DiagramDistance::Finite(T::zero())),
                "d(X, X) ≠ 0"
            );
        }
        Err(e) => assert!(
            matches!(e, Error::CapacityExceeded { .. } | Error::Overflow { .. }),
            "bottleneck: {e:?}"
        ),
    }
    let short = bottleneck_matching(
        &x,
        &y,
        &mut bottleneck,
        &mut partners[..x.len().saturating_sub(1)],
    );
    if !x.is_empty() {
        assert!(
            matches!(short, Err(Error::DimensionMismatch { .. })),
            "{short:?}"
        );
    }

    // Wasserstein with any order and ground metric.
    let options = WassersteinOptions {
        order: if b.flag() {
            T::one()
        } else {
            b.parameter::<T>() * T::lit(16.0)
        },
        internal_p: match b.below(3) {
            0 => None,
            1 => Some(T::one()),
            _ => Some(b.parameter::<T>() * T::lit(16.0)),
        },
    };
    let valid = options.order.is_finite()
        && options.order >= T::one()
        && options
            .internal_p
            .is_none_or(|p| p.is_finite() && p >= T::one());
    let mut wasserstein = WassersteinWorkspace::<T, 16>::new();
    match wasserstein_distance(&x, &y, &options, &mut wasserstein) {
        Ok(w) => {
            assert!(valid);
            check_distance(w, &x, &y);
            if let Ok(back) = wasserstein_distance(&y, &x, &options, &mut wasserstein) {
                match (w, back) {
                    (DiagramDistance::Finite(a), DiagramDistance::Finite(c)) => {
                        let (a, c) = (a.as_f64(), c.as_f64());
                        assert!(
                            (a - c).abs() <= 64.0 * T::eps() * a.max(c),
                            "W not symmetric: {a} vs {c} for {x:?}, {y:?}, {options:?}"
                        );
                    }
                    (a, c) => assert_eq!(a.is_infinite(), c.is_infinite()),
                }
            }
            let matched =
                wasserstein_matching(&x, &y, &options, &mut wasserstein, &mut partners[..x.len()]);
            assert_eq!(
                matched,
                Ok(w),
                "Wasserstein matching disagrees with the distance"
            );
            // W_q with the L∞ ground metric is at least the bottleneck distance (checked for
            // q = 1: for a large q, costs far below the largest distance count as 0; see the
            // documentation of wasserstein_distance).
            if options.internal_p.is_none()
                && options.order == T::one()
                && let (DiagramDistance::Finite(wv), Ok(DiagramDistance::Finite(bv))) = (w, dxy)
            {
                let (wv, bv) = (wv.as_f64(), bv.as_f64());
                assert!(wv >= bv * (1.0 - 64.0 * T::eps()), "W = {wv} < d_B = {bv}");
            }
        }
        Err(e) => match e {
            Error::InvalidParameter { name, .. } => {
                assert!(!valid && (name == "order" || name == "internal_p"), "{e:?}")
            }
            e => assert!(
                matches!(e, Error::CapacityExceeded { .. } | Error::Overflow { .. }),
                "wasserstein: {e:?} for {x:?}, {y:?}, {options:?}"
            ),
        },
    }
}

/// The same distance seen from the other diagram.
fn swapped<T>(d: DiagramDistance<T>) -> DiagramDistance<T> {
    match d {
        DiagramDistance::Infinite {
            essential_left,
            essential_right,
        } => DiagramDistance::Infinite {
            essential_left: essential_right,
            essential_right: essential_left,
        },
        finite => finite,
    }
}

/// A distance between diagrams: finite and ≥ 0, or infinite exactly when the numbers of
/// essential bars differ.
fn check_distance<T: FuzzReal>(d: DiagramDistance<T>, x: &[Bar<T>], y: &[Bar<T>]) {
    match d {
        DiagramDistance::Finite(v) => {
            assert!(v.is_finite() && v >= T::zero(), "distance {v:?}");
            assert_eq!(essential(x), essential(y));
        }
        DiagramDistance::Infinite {
            essential_left,
            essential_right,
        } => {
            assert_eq!(
                (essential_left, essential_right),
                (essential(x), essential(y))
            );
            assert_ne!(essential_left, essential_right);
        }
    }
}
