//! The threshold graph at one scale: its edges (the 1-skeleton of the Rips complex) and its
//! connected components (single-linkage clusters).

use super::DistanceMatrix;
use crate::{Error, Real, Result};

/// The clusters of the points at `scale`: the connected components of the graph joining `i`
/// and `j` whenever `d(i, j) ≤ scale`, the 1-skeleton of the Rips complex at that scale.
/// These are single-linkage clusters, and their number is the number of `H0` bars alive at
/// `scale` (a bar `[0, death)` is alive while `scale < death`).
///
/// Writes into `labels[i]` the cluster of point `i`, numbered `0, 1, …` in order of each
/// cluster's smallest point, and returns the number of clusters. Cost `O(N²)`, no memory
/// beyond `labels` (which serves as the union–find forest).
///
/// Errors: [`Error::InvalidParameter`] named `"scale"` for a negative or non-finite scale.
///
/// ```
/// use geoml::persistence::{clusters_at_scale, DistanceMatrix};
///
/// let points = [[0.0_f64], [0.1], [0.2], [5.0], [5.1]];
/// let mut buffer = [[0.0; 5]; 5];
/// let d = DistanceMatrix::from_points(&points, &mut buffer)?;
/// let mut labels = [0; 5];
/// assert_eq!(clusters_at_scale(&d, 0.15, &mut labels)?, 2);
/// assert_eq!(labels, [0, 0, 0, 1, 1]);
/// assert_eq!(clusters_at_scale(&d, 0.05, &mut labels)?, 5);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn clusters_at_scale<T: Real, const N: usize>(
    distances: &DistanceMatrix<'_, T, N>,
    scale: T,
    labels: &mut [usize; N],
) -> Result<usize> {
    check_scale(scale)?;
    for (i, label) in labels.iter_mut().enumerate() {
        *label = i;
    }
    for (i, j, _) in ThresholdEdges::new(distances, scale) {
        let (a, b) = (root(labels, i), root(labels, j));
        if a != b {
            // The smaller index becomes the root, so each root is its cluster's smallest point.
            let (hi, lo) = if a > b { (a, b) } else { (b, a) };
            labels[hi] = lo;
        }
    }
    // Every link points to a smaller index, so one increasing pass points each point at its
    // root, and a second one, in which each root comes before its members, numbers them.
    for i in 0..N {
        labels[i] = labels[labels[i]];
    }
    let mut clusters = 0;
    for i in 0..N {
        labels[i] = if labels[i] == i {
            clusters += 1;
            clusters - 1
        } else {
            labels[labels[i]]
        };
    }
    Ok(clusters)
}

/// The edges of the threshold graph at `scale`: every pair `(i, j)`, `i < j`, with
/// `d(i, j) ≤ scale`, with its length — the 1-skeleton of the Rips complex, which seed 002
/// draws under a slider. An iterator, so nothing is stored; pairs come row by row.
///
/// Errors: [`Error::InvalidParameter`] named `"scale"` for a negative or non-finite scale.
///
/// ```
/// use geoml::persistence::{threshold_edges, DistanceMatrix};
///
/// let d = [[0.0_f32, 1.0, 3.0], [1.0, 0.0, 2.0], [3.0, 2.0, 0.0]];
/// let d = DistanceMatrix::new(&d)?;
/// let edges: Vec<_> = threshold_edges(&d, 2.0)?.collect();
/// assert_eq!(edges, [(0, 1, 1.0), (0, 2, 3.0), (1, 2, 2.0)].into_iter().filter(|e| e.2 <= 2.0).collect::<Vec<_>>());
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn threshold_edges<'d, 'a, T: Real, const N: usize>(
    distances: &'d DistanceMatrix<'a, T, N>,
    scale: T,
) -> Result<ThresholdEdges<'d, 'a, T, N>> {
    check_scale(scale)?;
    Ok(ThresholdEdges::new(distances, scale))
}

/// The iterator of [`threshold_edges`]: `(i, j, d(i, j))` with `i < j` and `d(i, j) ≤ scale`.
#[derive(Debug, Clone)]
pub struct ThresholdEdges<'d, 'a, T, const N: usize> {
    distances: &'d DistanceMatrix<'a, T, N>,
    scale: T,
    i: usize,
    j: usize,
}

impl<'d, 'a, T: Real, const N: usize> ThresholdEdges<'d, 'a, T, N> {
    fn new(distances: &'d DistanceMatrix<'a, T, N>, scale: T) -> Self {
        Self {
            distances,
            scale,
            i: 0,
            j: 1,
        }
    }
}

impl<T: Real, const N: usize> Iterator for ThresholdEdges<'_, '_, T, N> {
    type Item = (usize, usize, T);

    fn next(&mut self) -> Option<Self::Item> {
        while self.i < N {
            while self.j < N {
                let (i, j) = (self.i, self.j);
                self.j += 1;
                let d = self.distances.get(i, j);
                if d <= self.scale {
                    return Some((i, j, d));
                }
            }
            self.i += 1;
            self.j = self.i + 1;
        }
        None
    }
}

fn check_scale<T: Real>(scale: T) -> Result<()> {
    if !scale.is_finite() || scale < T::zero() {
        return Err(Error::InvalidParameter {
            name: "scale",
            value: scale.as_f64(),
        });
    }
    Ok(())
}

/// The root of `v` in the forest stored in `parent`.
fn root<const N: usize>(parent: &mut [usize; N], mut v: usize) -> usize {
    while parent[v] != v {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::super::{PersistenceDiagram, RipsOptions, RipsWorkspace16, rips_persistence};
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn cluster_count_is_the_number_of_h0_bars_alive() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut ws = RipsWorkspace16::new();
        let mut diagram = PersistenceDiagram::<f64, 64>::new();
        for _ in 0..50 {
            let mut p = [[0.0_f64; 2]; 12];
            for x in p.iter_mut().flatten() {
                *x = (rng.random::<f64>() * 6.0).floor(); // a grid: ties
            }
            let mut buffer = [[0.0; 12]; 12];
            let d = DistanceMatrix::from_points(&p, &mut buffer).unwrap();
            let options = RipsOptions {
                max_dimension: 0,
                threshold: Some(100.0),
                min_persistence: 0.0,
            };
            rips_persistence(&d, &options, &mut ws, &mut diagram).unwrap();
            for scale in [0.0, 0.5, 1.0, 1.2, 1.5, 2.0, 3.0, 10.0] {
                let mut labels = [0; 12];
                let clusters = clusters_at_scale(&d, scale, &mut labels).unwrap();
                // Duplicate points are one cluster at scale 0 but give no (zero-length) bar.
                let alive = diagram
                    .dimension(0)
                    .iter()
                    .filter(|b| b.is_alive_at(scale))
                    .count();
                assert_eq!(clusters, alive, "scale {scale}");
                assert_eq!(labels[0], 0);
                for i in 0..12 {
                    assert!(labels[i] < clusters);
                    for j in 0..12 {
                        if d.get(i, j) <= scale {
                            assert_eq!(labels[i], labels[j]);
                        }
                    }
                }
                let edges = threshold_edges(&d, scale).unwrap();
                let expected = (0..12)
                    .flat_map(|i| (i + 1..12).map(move |j| (i, j)))
                    .filter(|&(i, j)| d.get(i, j) <= scale)
                    .count();
                assert_eq!(edges.count(), expected);
            }
        }
    }

    #[test]
    fn bad_scales_are_named() {
        let m = [[0.0_f32, 1.0], [1.0, 0.0]];
        let d = DistanceMatrix::new(&m).unwrap();
        assert!(matches!(
            clusters_at_scale(&d, -1.0, &mut [0; 2]),
            Err(Error::InvalidParameter { name: "scale", .. })
        ));
        assert!(threshold_edges(&d, f32::NAN).is_err());
        assert_eq!(clusters_at_scale(&d, 1.0, &mut [9; 2]), Ok(1));
    }
}
