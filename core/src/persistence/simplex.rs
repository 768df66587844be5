//! Simplices as numbers: the combinatorial number system.
//!
//! A `k`-simplex on the vertices `v₀ > v₁ > … > v_k` (always listed in decreasing order) is the
//! integer `C(v₀, k+1) + C(v₁, k) + … + C(v_k, 1)`. The map is a bijection between the
//! `(k+1)`-subsets of `{0, …, n−1}` and `0 … C(n, k+1) − 1`, and it orders simplices
//! colexicographically: comparing the numbers compares the vertex lists from the top vertex
//! down. Ripser popularised it for persistence: a simplex costs one `u32`, and its cofacets are
//! enumerated by inserting one vertex, which changes the number by a closed formula, so the
//! complex itself is never stored.
//!
//! With at most [`MAX_POINTS`] vertices, edges, triangles and tetrahedra all fit in a `u32`
//! (`C(255, 4) < 2²⁸`).

/// The most vertices a simplex number may use (vertices are `0 … 254`, and `u32` holds every
/// index up to tetrahedra).
pub const MAX_POINTS: usize = 255;

/// `C(v, k)` for `v ≤ 256`, `k ≤ 4`, by its closed form `v(v−1)…(v−k+1)/k!`. The product
/// stays below 2³² (256·255·254·253 < 2³²) and, for `v < k`, has a zero factor, so wrapping
/// `u32` arithmetic is exact with no branch. A lookup table of all of them cost 5 KiB of flash,
/// a twelfth of a firmware image.
#[inline(always)]
pub(crate) fn binomial(v: usize, k: usize) -> u32 {
    let v = v as u32;
    let falling =
        |terms: u32| (1..terms).fold(v, |product, i| product.wrapping_mul(v.wrapping_sub(i)));
    match k {
        0 => 1,
        1 => v,
        2 => falling(2) / 2,
        3 => falling(3) / 6,
        _ => falling(4) / 24, // k = 4
    }
}

/// The number of the simplex with vertices `vertices` (decreasing).
#[inline]
pub(crate) fn simplex_index(vertices: &[usize]) -> u32 {
    let k = vertices.len();
    vertices
        .iter()
        .enumerate()
        .map(|(position, &v)| binomial(v, k - position))
        .sum()
}

/// Writes into `out` the vertices (decreasing) of the simplex numbered `index` with
/// `out.len()` vertices among the first `n` points: the top vertex is the largest `v < n`
/// with `C(v, len) ≤ index`, and so on down.
#[inline]
pub(crate) fn simplex_vertices_into(mut index: u32, n: usize, out: &mut [usize]) {
    let len = out.len();
    let mut top = n;
    for (position, vertex) in out.iter_mut().enumerate() {
        let k = len - position;
        // Largest v in [k − 1, top) with C(v, k) ≤ index; C(k − 1, k) = 0 so it exists.
        let (mut lo, mut hi) = (k - 1, top);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if binomial(mid, k) <= index {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        *vertex = lo;
        index -= binomial(lo, k);
        top = lo;
    }
}

/// The number of `k`-simplices on `n` points, `C(n, k+1)` (a `const fn`, to size workspaces:
/// [`edge_count`] and [`triangle_count`] are its cases). Exact whenever `C(n, i)·(n − i)` fits
/// in `usize` for every `i ≤ k` (always for the sizes geoml holds, `n ≤ 255`, `k ≤ 3`);
/// otherwise it saturates at `usize::MAX`, which no workspace can allocate, rather than
/// overflow.
///
/// ```
/// use geoml::persistence::simplex_count;
///
/// assert_eq!(simplex_count(5, 0), 5); // vertices
/// assert_eq!(simplex_count(5, 3), 5); // tetrahedra: C(5, 4)
/// assert_eq!(simplex_count(2, 2), 0); // no triangle on two points
/// const TETRAHEDRA: usize = simplex_count(32, 3); // usable in array lengths
/// assert_eq!(TETRAHEDRA, 35_960);
/// ```
pub const fn simplex_count(n: usize, k: usize) -> usize {
    // Multiplicative formula, exact at every step: C(n, i+1) = C(n, i)·(n − i)/(i + 1).
    let mut count: usize = 1;
    let mut i = 0;
    while i <= k {
        if n < i {
            return 0;
        }
        count = match count.checked_mul(n - i) {
            Some(product) => product / (i + 1),
            None => return usize::MAX,
        };
        i += 1;
    }
    count
}

/// The number of edges on `n` points, `n(n − 1)/2`.
///
/// ```
/// assert_eq!(geoml::persistence::edge_count(16), 120);
/// assert_eq!(geoml::persistence::edge_count(1), 0);
/// ```
pub const fn edge_count(n: usize) -> usize {
    simplex_count(n, 1)
}

/// The number of triangles on `n` points, `n(n − 1)(n − 2)/6`.
///
/// ```
/// assert_eq!(geoml::persistence::triangle_count(4), 4); // the faces of a tetrahedron
/// assert_eq!(geoml::persistence::triangle_count(16), 560);
/// ```
pub const fn triangle_count(n: usize) -> usize {
    simplex_count(n, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials_match_the_multiplicative_formula() {
        for v in 0..=256 {
            for k in 0..=4 {
                let expected = if v < k {
                    0
                } else {
                    (0..k).fold(1_u64, |c, i| c * (v - i) as u64 / (i + 1) as u64)
                };
                assert_eq!(u64::from(binomial(v, k)), expected, "C({v}, {k})");
            }
        }
        assert!(binomial(255, 4) < 1 << 28);
    }

    fn vertices<const K: usize>(index: u32, n: usize) -> [usize; K] {
        let mut v = [0; K];
        simplex_vertices_into(index, n, &mut v);
        v
    }

    #[test]
    fn numbering_is_a_colexicographic_bijection() {
        let n = 9;
        let mut expected = 0_u32;
        for a in 0..n {
            for b in 0..a {
                for c in 0..b {
                    let index = simplex_index(&[a, b, c]);
                    assert_eq!(index, expected, "triangles are numbered in colex order");
                    assert_eq!(vertices::<3>(index, n), [a, b, c]);
                    expected += 1;
                }
            }
        }
        assert_eq!(expected as usize, triangle_count(n));
        for i in 0..n {
            for j in 0..i {
                assert_eq!(simplex_index(&[i, j]), binomial(i, 2) + j as u32);
                assert_eq!(vertices::<2>(simplex_index(&[i, j]), n), [i, j]);
            }
        }
        let tetrahedron = [254, 200, 3, 0];
        let index = simplex_index(&tetrahedron);
        assert_eq!(vertices::<4>(index, 255), tetrahedron);
    }

    #[test]
    fn counts() {
        assert_eq!(edge_count(16), 120);
        assert_eq!(edge_count(128), 8128);
        assert_eq!(triangle_count(32), 4960);
        assert_eq!(simplex_count(32, 3), 35960);
        assert_eq!(edge_count(1), 0);
        assert_eq!(triangle_count(0), 0);
        // Saturates instead of overflowing (found in review, issue 9).
        assert_eq!(simplex_count(usize::MAX, 3), usize::MAX);
        assert_eq!(edge_count(usize::MAX), usize::MAX);
        assert_eq!(simplex_count(3, usize::MAX), 0);
        assert_eq!(simplex_count(1 << 20, 1), (1 << 19) * ((1 << 20) - 1));
    }
}
