//! The textbook algorithm, for tests and as the benchmark's anchor: build every simplex of the
//! Rips complex, sort them into a filtration, and reduce the boundary matrix column by column
//! (Edelsbrunner–Letscher–Zomorodian), with `std` collections and no shortcuts. Slow and
//! obviously correct, which is the point. Self-contained so that the benchmark can include it.

extern crate std;

use std::collections::HashMap;
use std::vec::Vec;

/// Bars `(dimension, birth, death)` of the Rips filtration of `d` (a full symmetric matrix,
/// lower triangle used) up to `threshold`, dimensions `0 ..= max_dimension`, zero-length bars
/// left out; `death = None` for essential classes.
///
/// Not a doctest: this module is compiled only for the unit tests and the benchmark (it needs
/// `std`), which reach it as `textbook::textbook_rips`. On the unit square it finds the one
/// loop, born at the side 1 and filled at the diagonal √2:
///
/// ```ignore
/// let s = 2.0_f64.sqrt();
/// let d = vec![
///     vec![0.0, 1.0, s, 1.0],
///     vec![1.0, 0.0, 1.0, s],
///     vec![s, 1.0, 0.0, 1.0],
///     vec![1.0, s, 1.0, 0.0],
/// ];
/// let bars = textbook::textbook_rips(&d, 2.0, 1);
/// assert!(bars.contains(&(1, 1.0, Some(s))));
/// assert_eq!(bars.iter().filter(|&&(k, _, death)| k == 0 && death.is_none()).count(), 1);
/// ```
pub fn textbook_rips(
    d: &[Vec<f64>],
    threshold: f64,
    max_dimension: usize,
) -> Vec<(usize, f64, Option<f64>)> {
    let n = d.len();
    let dist = |a: usize, b: usize| if a > b { d[a][b] } else { d[b][a] };
    // Every simplex up to dimension max_dimension + 1, with its diameter.
    let mut simplices: Vec<(f64, Vec<usize>)> = (0..n).map(|v| (0.0, std::vec![v])).collect();
    let mut frontier: Vec<Vec<usize>> = (0..n).map(|v| std::vec![v]).collect();
    for _ in 0..=max_dimension {
        let mut next = Vec::new();
        for s in &frontier {
            let top = *s.last().unwrap_or(&0);
            for v in top + 1..n {
                if s.iter().all(|&u| dist(u, v) <= threshold) {
                    let mut t = s.clone();
                    t.push(v);
                    next.push(t);
                }
            }
        }
        for t in &next {
            let mut diameter = 0.0_f64;
            for (a, &u) in t.iter().enumerate() {
                for &v in &t[a + 1..] {
                    diameter = diameter.max(dist(u, v));
                }
            }
            simplices.push((diameter, t.clone()));
        }
        frontier = next;
    }
    // Filtration: by diameter, faces before cofaces; any order among the rest is valid.
    simplices.sort_by(|a, b| {
        a.0.partial_cmp(&b.0)
            .unwrap()
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(&b.1))
    });
    let position: HashMap<Vec<usize>, usize> = simplices
        .iter()
        .enumerate()
        .map(|(i, (_, s))| (s.clone(), i))
        .collect();
    let mut low_owner: HashMap<usize, usize> = HashMap::new();
    let mut columns: Vec<Vec<usize>> = Vec::with_capacity(simplices.len());
    let mut paired = std::vec![false; simplices.len()];
    let mut bars = Vec::new();
    for (j, (diameter, s)) in simplices.iter().enumerate() {
        let mut column: Vec<usize> = if s.len() > 1 {
            (0..s.len())
                .map(|q| {
                    let mut f = s.clone();
                    f.remove(q);
                    position[&f]
                })
                .collect()
        } else {
            Vec::new()
        };
        column.sort_unstable();
        while let Some(&low) = column.last() {
            match low_owner.get(&low) {
                Some(&k) => {
                    // Symmetric difference of two sorted lists: addition over Z/2.
                    let other = &columns[k];
                    let mut merged = Vec::with_capacity(column.len() + other.len());
                    let (mut a, mut b) = (0, 0);
                    while a < column.len() || b < other.len() {
                        if b == other.len() || (a < column.len() && column[a] < other[b]) {
                            merged.push(column[a]);
                            a += 1;
                        } else if a == column.len() || other[b] < column[a] {
                            merged.push(other[b]);
                            b += 1;
                        } else {
                            a += 1;
                            b += 1;
                        }
                    }
                    column = merged;
                }
                None => break,
            }
        }
        if let Some(&low) = column.last() {
            low_owner.insert(low, j);
            paired[low] = true;
            paired[j] = true;
            let birth = simplices[low].0;
            let dimension = simplices[low].1.len() - 1;
            if *diameter > birth && dimension <= max_dimension {
                bars.push((dimension, birth, Some(*diameter)));
            }
        }
        columns.push(column);
    }
    for (j, (diameter, s)) in simplices.iter().enumerate() {
        if !paired[j] && s.len() - 1 <= max_dimension {
            bars.push((s.len() - 1, *diameter, None));
        }
    }
    bars
}
