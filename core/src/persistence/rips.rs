//! Vietoris–Rips persistent homology over Z/2: `H0` by Kruskal, `H1` and `H2` by reducing
//! the coboundary matrix with the shortcuts that make Ripser fast.
//!
//! The algorithm, in the order a run executes it:
//!
//! 1. **Filtration order.** The edges within the threshold are sorted by length, ties by
//!    decreasing combinatorial number; each length gets a rank, so that every later
//!    comparison of diameters is a comparison of small integers, and a simplex's diameter is
//!    the largest rank among its edges. Ranks map back to the input distances, so births and
//!    deaths are input values bit for bit.
//! 2. **`H0`.** Kruskal's algorithm with a union–find forest: an edge that joins two
//!    components kills one (`[0, length)`), every other edge is a candidate column for `H1`.
//! 3. **Apparent pairs.** A candidate edge `e` whose smallest cofacet `t` (same diameter,
//!    largest number) has `e` as its largest facet is paired with `t` at zero persistence and
//!    never becomes a column. In general position almost every edge is such a pair.
//! 4. **Cohomology with clearing.** The remaining columns are reduced from the last in
//!    filtration order to the first. A column's coboundary is never stored: its cofacets are
//!    enumerated on the fly by inserting a vertex into the simplex and pushed on a heap whose
//!    top is the pivot. Only the reduction matrix `V` (which simplices were added) is kept,
//!    and only for columns that needed additions. A column whose first cofacet has its own
//!    diameter and is not yet anyone's pivot is an *emergent pair* and is paired at once.
//!    Pivots of `H1` are not columns of `H2` (clearing).
//! 5. A column that reduces to zero is an essential class: a bar with `death = None`.
//!
//! This follows the design described in U. Bauer, "Ripser: efficient computation of
//! Vietoris–Rips persistence barcodes" (J. Appl. Comput. Topol., 2021); the code is our own.

use super::simplex::{MAX_POINTS, binomial, simplex_index, simplex_vertices_into};
use super::small_sort;
use super::workspace::{EMPTY_SLOT, PivotSlot, RipsUsage, RipsWorkspace};
use super::{Bar, DistanceMatrix, MAX_DIMENSION, PersistenceDiagram};
use crate::{Error, Real, Result};

/// Rank of an edge beyond the threshold (and of the diagonal): larger than every real rank, so
/// that the maximum over a simplex's edges flags the simplex as absent.
const ABSENT: u16 = u16::MAX;

/// What to compute: the options of ripser.py and GUDHI that change the diagram.
///
/// ```
/// use geoml::persistence::RipsOptions;
///
/// let defaults = RipsOptions::<f64>::default();
/// assert_eq!(defaults.max_dimension, 1);
/// assert_eq!(defaults.threshold, None); // the enclosing radius
/// assert_eq!(defaults.min_persistence, 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RipsOptions<T> {
    /// The highest homology dimension computed: 0, 1 or 2 (default 1).
    pub max_dimension: usize,
    /// The largest edge length in the filtration; `None` (the default) is the enclosing radius
    /// of the point set, beyond which the complex is a cone and nothing changes, so the diagram
    /// is that of the full filtration (Ripser's default). A smaller threshold truncates the
    /// filtration: classes alive at it are reported as essential (`death = None`), as ripser.py
    /// and GUDHI's `max_edge_length` do.
    pub threshold: Option<T>,
    /// Bars with `death − birth ≤ min_persistence` are left out (strict, as GUDHI's
    /// `min_persistence`; essential bars are always kept). Default 0: zero-length bars, whose
    /// number depends on how ties are broken, are never reported.
    pub min_persistence: T,
}

impl<T: Real> Default for RipsOptions<T> {
    fn default() -> Self {
        Self {
            max_dimension: 1,
            threshold: None,
            min_persistence: T::zero(),
        }
    }
}

/// The Vietoris–Rips persistence diagram of `distances` in dimensions `0 …
/// options.max_dimension`, written into `diagram` (which is cleared first).
///
/// The Rips complex at scale `s` has a simplex for every set of points with pairwise
/// distances at most `s`; as `s` grows, components merge (`H0` bars end) and loops (`H1`) and
/// voids (`H2`) appear and fill in. Births and deaths are input distances exactly (no rounding
/// of `f64` input; `H0` births are `0`), homology is over Z/2, and the diagram equals
/// ripser.py's and GUDHI's (`RipsComplex(...).create_simplex_tree(...).persistence()`), as the
/// reference tests check. The bars are grouped by dimension, in the order they were found
/// (sort them with [`PersistenceDiagram::sort_by_birth`] or
/// [`sort_by_persistence`](PersistenceDiagram::sort_by_persistence)).
///
/// Cost: sorting the `m ≤ n(n−1)/2` edges, then a scan of two rows of the rank matrix per
/// edge for the apparent pairs; only the few remaining columns touch the heap. `H2` enumerates
/// all triangles once more. Memory: `workspace` only; nothing is allocated.
///
/// Errors:
/// - [`Error::InvalidParameter`] for `max_dimension > 2`, a negative or non-finite
///   `min_persistence` (`"min_persistence"`) or threshold (`"threshold"`);
/// - [`Error::CapacityExceeded`] when `N` exceeds the workspace's
///   [`max_points`](RipsWorkspace::max_points), when the edges (or, for `H2`, the triangle
///   columns) exceed `SIMPLICES`, when the working coboundary exceeds `HEAP` or the
///   reduction exceeds `REDUCTION` (see [`RipsWorkspace`]), or when the bars exceed the
///   diagram's capacity (`needed` is then the exact number of bars). On every error the
///   diagram is left empty.
///
/// ```
/// use geoml::persistence::{rips_persistence, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16};
///
/// // Four points on a square of side 1: one component, and one loop from 1 to √2.
/// let points = [[0.0_f64, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
/// let mut buffer = [[0.0; 4]; 4];
/// let distances = DistanceMatrix::from_points(&points, &mut buffer)?;
/// let mut workspace = RipsWorkspace16::new();
/// let mut diagram = PersistenceDiagram::<f64, 16>::new();
/// let options = RipsOptions { threshold: Some(2.0), ..RipsOptions::default() };
/// rips_persistence(&distances, &options, &mut workspace, &mut diagram)?;
///
/// assert_eq!(diagram.dimension(0).len(), 4); // three merges at 1, one essential component
/// assert_eq!(diagram.essential_count(0), 1);
/// let loop_ = diagram.dimension(1)[0];
/// assert_eq!((loop_.birth(), loop_.death()), (1.0, Some(2.0_f64.sqrt())));
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn rips_persistence<
    T: Real,
    const N: usize,
    const POINTS: usize,
    const SIMPLICES: usize,
    const HEAP: usize,
    const REDUCTION: usize,
    const BARS: usize,
>(
    distances: &DistanceMatrix<'_, T, N>,
    options: &RipsOptions<T>,
    workspace: &mut RipsWorkspace<POINTS, SIMPLICES, HEAP, REDUCTION>,
    diagram: &mut PersistenceDiagram<T, BARS>,
) -> Result<()> {
    diagram.clear();
    if options.max_dimension > MAX_DIMENSION {
        return Err(Error::InvalidParameter {
            name: "max_dimension",
            value: options.max_dimension as f64,
        });
    }
    let min_persistence = options.min_persistence;
    if !min_persistence.is_finite() || min_persistence < T::zero() {
        return Err(Error::InvalidParameter {
            name: "min_persistence",
            value: min_persistence.as_f64(),
        });
    }
    let threshold = match options.threshold {
        Some(t) if !t.is_finite() || t < T::zero() => {
            return Err(Error::InvalidParameter {
                name: "threshold",
                value: t.as_f64(),
            });
        }
        Some(t) => t,
        None => distances.enclosing_radius(),
    };
    let capacity = workspace.max_points();
    if N > capacity {
        return Err(Error::CapacityExceeded {
            needed: N,
            capacity,
        });
    }
    let mut out = BarSink {
        diagram,
        needed: 0,
        min_persistence,
    };
    let run = workspace.run(distances, threshold, options.max_dimension, &mut out);
    let needed = out.needed;
    if let Err(e) = run {
        diagram.clear();
        return Err(e);
    }
    if needed > BARS {
        diagram.clear();
        return Err(Error::CapacityExceeded {
            needed,
            capacity: BARS,
        });
    }
    Ok(())
}

/// Where bars go: kept if they persist beyond the threshold, counted even when the diagram is
/// full so that the error can say how many were needed.
struct BarSink<'d, T, const BARS: usize> {
    diagram: &'d mut PersistenceDiagram<T, BARS>,
    needed: usize,
    min_persistence: T,
}

impl<T: Real, const BARS: usize> BarSink<'_, T, BARS> {
    fn add(&mut self, dimension: usize, birth: T, death: Option<T>) {
        let bar = Bar::from_valid(birth, death);
        if bar.persists_beyond(self.min_persistence) {
            self.needed += 1;
            self.diagram.push_in_order(dimension, bar);
        }
    }
}

/// A simplex given by its vertices in decreasing order (at most a tetrahedron).
#[derive(Clone, Copy)]
struct Vertices {
    v: [usize; 4],
    len: usize,
}

impl Vertices {
    #[inline(always)]
    fn triangle(a: usize, b: usize, c: usize) -> Self {
        Self {
            v: [a, b, c, 0],
            len: 3,
        }
    }

    #[inline]
    fn decode(index: u32, len: usize, n: usize) -> Self {
        let mut v = [0; 4];
        simplex_vertices_into(index, n, &mut v[..len]);
        Self { v, len }
    }

    #[inline(always)]
    fn as_slice(&self) -> &[usize] {
        &self.v[..self.len]
    }

    /// This simplex with vertex `k` inserted, and the position it took. (Fixed-size element
    /// moves: a `copy_from_slice` of a few words would call `memmove`.)
    #[inline(always)]
    fn with(&self, k: usize) -> (Self, usize) {
        let v = &self.v;
        let position = (0..self.len).filter(|&q| v[q] > k).count();
        let pick = |q: usize| {
            if q < position {
                v[q]
            } else if q == position {
                k
            } else {
                v[q - 1]
            }
        };
        let w = [pick(0), pick(1), pick(2), pick(3)];
        (
            Self {
                v: w,
                len: self.len + 1,
            },
            position,
        )
    }

    /// This simplex without the vertex at `position`.
    #[inline(always)]
    fn without(&self, position: usize) -> Self {
        let v = &self.v;
        let pick = |q: usize| if q < position { v[q] } else { v[q + 1] };
        Self {
            v: [pick(0), pick(1), pick(2), 0],
            len: self.len - 1,
        }
    }

    #[inline(always)]
    fn index(&self) -> u32 {
        simplex_index(self.as_slice())
    }

    /// The vertices a byte each, top vertex in the highest byte: ordered as the numbers are.
    #[inline(always)]
    fn packed(&self) -> u32 {
        self.as_slice().iter().fold(0, |p, &v| (p << 8) | v as u32)
    }

    #[inline(always)]
    fn unpack(packed: u32, len: usize) -> Self {
        let byte = |q: usize| (packed >> (8 * (len - 1 - q))) as usize & 0xFF;
        let mut v = [0; 4];
        for (q, x) in v.iter_mut().enumerate().take(len) {
            *x = byte(q);
        }
        Self { v, len }
    }
}

/// The filtration, read-only: the rank matrix of the first `n` points.
struct Filtration<'a, const P: usize> {
    rank: &'a [[u16; P]; P],
    n: usize,
}

impl<const P: usize> Filtration<'_, P> {
    /// The diameter rank of a simplex: the largest rank among its edges.
    #[inline]
    fn rank_of(&self, s: &Vertices) -> u16 {
        let v = s.as_slice();
        let mut r = 0;
        for (a, &va) in v.iter().enumerate() {
            for &vb in &v[a + 1..] {
                r = r.max(self.rank[va][vb]);
            }
        }
        r
    }

    /// The vertex `k` whose insertion gives the smallest cofacet of `s` in filtration order
    /// among those of `s`'s own rank `r` (the largest such `k`, as the number grows with `k`),
    /// if there is one.
    #[inline]
    fn zero_pivot_cofacet(&self, s: &Vertices, r: u16) -> Option<usize> {
        let n = self.n;
        match *s.as_slice() {
            [a, b] => {
                let (ra, rb) = (&self.rank[a][..n], &self.rank[b][..n]);
                (0..n).rev().find(|&k| ra[k].max(rb[k]) <= r)
            }
            [a, b, c] => {
                let (ra, rb, rc) = (&self.rank[a][..n], &self.rank[b][..n], &self.rank[c][..n]);
                (0..n).rev().find(|&k| ra[k].max(rb[k]).max(rc[k]) <= r)
            }
            _ => None,
        }
    }

    /// The position of the vertex whose removal gives the largest facet of `t` (rank `r`) in
    /// filtration order: among the facets of rank `r`, the one with the smallest number, and
    /// the numbers grow as the removed vertex gets smaller.
    #[inline]
    fn zero_pivot_facet(&self, t: &Vertices, r: u16) -> usize {
        (0..t.len)
            .find(|&q| self.rank_of(&t.without(q)) == r)
            .unwrap_or(t.len - 1)
    }

    /// Whether `s` (rank `r`) is the facet of an apparent pair: its zero-pivot cofacet has `s`
    /// as zero-pivot facet. Such a column would be paired with that cofacet at zero
    /// persistence without any reduction, so it is not reduced at all.
    fn is_apparent_facet(&self, s: &Vertices, r: u16) -> bool {
        match self.zero_pivot_cofacet(s, r) {
            Some(k) => {
                let (t, position) = s.with(k);
                self.zero_pivot_facet(&t, r) == position
            }
            None => false,
        }
    }

    /// The facet `f` of `t` (rank `r`) such that `(f, t)` is an apparent pair, if any.
    fn apparent_facet(&self, t: &Vertices, r: u16) -> Option<Vertices> {
        let q = self.zero_pivot_facet(t, r);
        let f = t.without(q);
        (self.zero_pivot_cofacet(&f, r) == Some(t.v[q])).then_some(f)
    }

    /// Pushes every cofacet of `s` (rank `r`) within the threshold onto `heap`, each as
    /// `rank << 32 | !number` so that the heap's minimum is the first cofacet in filtration
    /// order (smallest diameter, then largest number).
    ///
    /// Inserting `k` between `v[p−1]` and `v[p]` shifts the vertices after it one place down,
    /// so on each such range of `k` the number is a constant plus `C(k, len + 1 − p)`.
    fn push_cofacets(&self, s: &Vertices, r: u16, heap: &mut Heap<'_>) {
        let v = s.as_slice();
        let len = v.len();
        // suffix[p] = Σ_{q ≥ p} C(v[q], len − q): the vertices after an insertion at p.
        let mut suffix = [0_u32; 5];
        for q in (0..len).rev() {
            suffix[q] = suffix[q + 1] + binomial(v[q], len - q);
        }
        let mut prefix = 0_u32;
        let mut upper = self.n;
        for p in 0..=len {
            let lower = if p < len { v[p] + 1 } else { 0 };
            let base = prefix + suffix[p];
            let k_choose = len + 1 - p;
            match *v {
                [a, b] => {
                    let (ra, rb) = (&self.rank[a], &self.rank[b]);
                    for k in lower..upper {
                        let rk = r.max(ra[k]).max(rb[k]);
                        if rk != ABSENT {
                            heap.push_unordered(key(rk, base + binomial(k, k_choose)));
                        }
                    }
                }
                [a, b, c] => {
                    let (ra, rb, rc) = (&self.rank[a], &self.rank[b], &self.rank[c]);
                    for k in lower..upper {
                        let rk = r.max(ra[k]).max(rb[k]).max(rc[k]);
                        if rk != ABSENT {
                            heap.push_unordered(key(rk, base + binomial(k, k_choose)));
                        }
                    }
                }
                _ => {}
            }
            if p < len {
                prefix += binomial(v[p], len + 1 - p);
                upper = v[p];
            }
        }
    }
}

/// The heap key of a simplex: smaller keys come first in the filtration.
#[inline(always)]
fn key(rank: u16, index: u32) -> u64 {
    (u64::from(rank) << 32) | u64::from(!index)
}

#[inline(always)]
fn key_rank(key: u64) -> u16 {
    (key >> 32) as u16
}

#[inline(always)]
fn key_index(key: u64) -> u32 {
    !(key as u32)
}

/// The working coboundary: a binary min-heap over a workspace array in which a cofacet may
/// appear several times; pairs of equal entries cancel (Z/2) when they reach the top.
struct Heap<'a> {
    data: &'a mut [u64],
    len: usize,
    /// Entries appended since the last ordering, to be sifted in before the next query.
    ordered: usize,
}

impl Heap<'_> {
    /// Makes room for `extra` more entries, compacting (cancelling pairs) if needed.
    fn reserve(&mut self, extra: usize) -> Result<()> {
        if self.len + extra > self.data.len() {
            self.order();
            self.len = cancel_pairs(&mut self.data[..self.len]);
            self.ordered = self.len;
            if self.len + extra > self.data.len() {
                return Err(Error::CapacityExceeded {
                    needed: self.len + extra,
                    capacity: self.data.len(),
                });
            }
        }
        Ok(())
    }

    /// Appends without restoring the heap order (after [`Heap::reserve`]).
    #[inline(always)]
    fn push_unordered(&mut self, key: u64) {
        self.data[self.len] = key;
        self.len += 1;
    }

    /// Restores the heap order: sift in the appended entries, or rebuild when they are many.
    fn order(&mut self) {
        let appended = self.len - self.ordered;
        if appended > self.ordered {
            for i in (0..self.len / 2).rev() {
                self.sift_down(i);
            }
        } else {
            for i in self.ordered..self.len {
                self.sift_up(i);
            }
        }
        self.ordered = self.len;
    }

    fn sift_up(&mut self, mut i: usize) {
        let x = self.data[i];
        while i > 0 {
            let parent = (i - 1) / 2;
            if self.data[parent] <= x {
                break;
            }
            self.data[i] = self.data[parent];
            i = parent;
        }
        self.data[i] = x;
    }

    fn sift_down(&mut self, mut i: usize) {
        let x = self.data[i];
        loop {
            let mut child = 2 * i + 1;
            if child >= self.len {
                break;
            }
            if child + 1 < self.len && self.data[child + 1] < self.data[child] {
                child += 1;
            }
            if self.data[child] >= x {
                break;
            }
            self.data[i] = self.data[child];
            i = child;
        }
        self.data[i] = x;
    }

    fn pop(&mut self) {
        self.len -= 1;
        self.ordered = self.len;
        if self.len > 0 {
            self.data[0] = self.data[self.len];
            self.sift_down(0);
        }
    }

    /// The pivot: the smallest entry that occurs an odd number of times (it stays in the heap).
    fn pivot(&mut self) -> Option<u64> {
        self.order();
        loop {
            if self.len == 0 {
                return None;
            }
            let top = self.data[0];
            // Another copy of the minimum, if any, is a child of the root.
            let twin = (1..self.len.min(3)).any(|c| self.data[c] == top);
            if !twin {
                return Some(top);
            }
            self.pop();
            self.pop();
        }
    }
}

/// Sorts `values` and removes pairs of equal entries (addition over Z/2); returns the new
/// length.
fn cancel_pairs<U: Ord + Copy>(values: &mut [U]) -> usize {
    small_sort::sort_by(values, |a, b| a < b);
    let mut kept = 0;
    let mut i = 0;
    while i < values.len() {
        if i + 1 < values.len() && values[i] == values[i + 1] {
            i += 2;
        } else {
            values[kept] = values[i];
            kept += 1;
            i += 1;
        }
    }
    kept
}

/// The pivot table: open addressing over the first `capacity` slots.
struct Pivots<'a> {
    slots: &'a mut [PivotSlot],
}

impl Pivots<'_> {
    #[inline]
    fn home(&self, pivot: u32) -> usize {
        // Fibonacci hashing, then a multiply-shift into [0, len).
        let h = pivot.wrapping_mul(0x9E37_79B1);
        ((u64::from(h) * self.slots.len() as u64) >> 32) as usize
    }

    fn get(&self, pivot: u32) -> Option<PivotSlot> {
        let len = self.slots.len();
        let mut i = self.home(pivot);
        for _ in 0..len {
            let slot = self.slots[i];
            if slot.pivot == pivot {
                return Some(slot);
            }
            if slot.pivot == EMPTY_SLOT.pivot {
                return None;
            }
            i = if i + 1 == len { 0 } else { i + 1 };
        }
        None
    }

    /// Inserts a pivot not yet present; the table always has room (one slot per column).
    fn insert(&mut self, slot: PivotSlot) {
        let len = self.slots.len();
        let mut i = self.home(slot.pivot);
        for _ in 0..len {
            if self.slots[i].pivot == EMPTY_SLOT.pivot {
                self.slots[i] = slot;
                return;
            }
            i = if i + 1 == len { 0 } else { i + 1 };
        }
    }
}

/// The bits of a non-negative distance as an `f64`, which order as the numbers do (`+ 0.0`
/// turns −0 into +0).
#[inline(always)]
fn length_bits<T: Real>(d: T) -> u64 {
    (d.as_f64() + 0.0).to_bits()
}

/// A column key: rank, then decreasing number (the packed vertices order as the numbers do),
/// so that ascending keys are the filtration order.
#[inline(always)]
fn column_key(rank: u16, s: &Vertices) -> u64 {
    (u64::from(rank) << 32) | u64::from(!s.packed())
}

#[inline(always)]
fn column_of(key: u64, len: usize) -> (u16, Vertices) {
    ((key >> 32) as u16, Vertices::unpack(!(key as u32), len))
}

impl<const POINTS: usize, const SIMPLICES: usize, const HEAP: usize, const REDUCTION: usize>
    RipsWorkspace<POINTS, SIMPLICES, HEAP, REDUCTION>
{
    fn run<T: Real, const N: usize, const BARS: usize>(
        &mut self,
        distances: &DistanceMatrix<'_, T, N>,
        threshold: T,
        max_dimension: usize,
        out: &mut BarSink<'_, T, BARS>,
    ) -> Result<()> {
        let n = N;
        debug_assert!(n <= POINTS && n <= MAX_POINTS);
        let d = distances.entries();
        self.usage = RipsUsage {
            points: n,
            ..RipsUsage::default()
        };

        // 1. The edges within the threshold, in filtration order.
        let edges = self.sort_edges(d, threshold)?;
        self.usage.simplices = edges;

        // 2. Ranks: equal lengths share one, so ties stay ties.
        for row in self.rank[..n].iter_mut() {
            row[..n].fill(ABSENT);
        }
        let mut rank: u16 = 0;
        let mut previous = None;
        for position in 0..edges {
            let e = Vertices::unpack(self.order[position] as u32 & 0xFFFF, 2);
            let (i, j) = (e.v[0], e.v[1]);
            let bits = length_bits(d[i][j]);
            if previous.is_some_and(|b| b != bits) {
                rank += 1;
            }
            previous = Some(bits);
            self.rank_edge[rank as usize] = (i << 8 | j) as u16;
            self.rank[i][j] = rank;
            self.rank[j][i] = rank;
            self.order[position] = column_key(rank, &e);
        }

        let value = |rank_edge: &[u16; SIMPLICES], r: u16| -> T {
            let e = rank_edge[r as usize] as usize;
            d[e >> 8][e & 0xFF]
        };

        // 3. H0 by Kruskal; the other edges are H1 columns unless apparent.
        for (v, p) in self.parent[..n].iter_mut().enumerate() {
            *p = v as u8;
        }
        let mut columns = 0;
        for position in 0..edges {
            let column = self.order[position];
            let (r, e) = column_of(column, 2);
            let (i, j) = (e.v[0], e.v[1]);
            let (ri, rj) = (find(&mut self.parent, i), find(&mut self.parent, j));
            if ri != rj {
                // Union by index; with path halving the trees stay shallow.
                let (hi, lo) = if ri > rj { (ri, rj) } else { (rj, ri) };
                self.parent[hi] = lo as u8;
                out.add(0, T::zero(), Some(d[i][j]));
            } else if max_dimension >= 1 && !self.is_apparent_edge(n, i, j, r) {
                self.order[columns] = column;
                columns += 1;
            }
        }
        for v in 0..n {
            if find(&mut self.parent, v) == v {
                out.add(0, T::zero(), None);
            }
        }
        if max_dimension == 0 {
            return Ok(());
        }

        // 4. H1: reduce the edge columns against their triangle cofacets.
        let table = self.reduce(n, columns, 2, out, &value)?;
        if max_dimension == 1 {
            return Ok(());
        }

        // 5. H2: the triangles that are neither H1 pivots (clearing) nor in an apparent pair.
        let mut triangles = 0;
        {
            let filtration = Filtration {
                rank: &self.rank,
                n,
            };
            let pivots = Pivots {
                slots: &mut self.pivots[..table],
            };
            for a in 2..n {
                for b in 1..a {
                    let rab = self.rank[a][b];
                    if rab == ABSENT {
                        continue;
                    }
                    for c in 0..b {
                        let r = rab.max(self.rank[a][c]).max(self.rank[b][c]);
                        if r == ABSENT {
                            continue;
                        }
                        let t = Vertices::triangle(a, b, c);
                        if pivots.get(t.index()).is_some()
                            || filtration.apparent_facet(&t, r).is_some()
                            || filtration.is_apparent_facet(&t, r)
                        {
                            continue;
                        }
                        if let Some(slot) = self.order.get_mut(triangles) {
                            *slot = column_key(r, &t);
                        }
                        triangles += 1;
                    }
                }
            }
        }
        self.usage.simplices = self.usage.simplices.max(triangles);
        if triangles > SIMPLICES {
            return Err(Error::CapacityExceeded {
                needed: triangles,
                capacity: SIMPLICES,
            });
        }
        self.order[..triangles].sort_unstable();
        self.reduce(n, triangles, 3, out, &value)?;
        Ok(())
    }

    /// Writes the edges within `threshold` into `order` in filtration order (length, then
    /// decreasing number), each as its packed vertices in the low 16 bits, and returns their
    /// number.
    ///
    /// The sort runs on 64-bit keys: the length's bits without their lowest 16, then the
    /// packed vertices in their place. Lengths that differ only in those 16 bits (and exact
    /// ties) end up adjacent, in runs of equal high bits, and each such run — rare and short —
    /// is then put in exact order. Sorting 128-bit keys would cost half as much again.
    fn sort_edges<T: Real, const N: usize>(
        &mut self,
        d: &[[T; N]; N],
        threshold: T,
    ) -> Result<usize> {
        let mut edges = 0;
        for (i, row) in d.iter().enumerate() {
            for (j, &length) in row[..i].iter().enumerate() {
                if length <= threshold {
                    if let Some(slot) = self.order.get_mut(edges) {
                        *slot = (length_bits(length) & !0xFFFF) | (i << 8 | j) as u64;
                    }
                    edges += 1;
                }
            }
        }
        if edges > SIMPLICES {
            return Err(Error::CapacityExceeded {
                needed: edges,
                capacity: SIMPLICES,
            });
        }
        let order = &mut self.order[..edges];
        order.sort_unstable();
        let exact = |key: u64| {
            let (i, j) = ((key >> 8) as usize & 0xFF, key as usize & 0xFF);
            // Ascending length, then descending packed vertices (= descending number).
            (length_bits(d[i][j]), !(key as u16))
        };
        let mut start = 0;
        while start < edges {
            let mut end = start + 1;
            while end < edges && order[end] >> 16 == order[start] >> 16 {
                end += 1;
            }
            if end - start > 1 {
                small_sort::sort_by_key(&mut order[start..end], |&k| exact(k));
            }
            start = end;
        }
        Ok(edges)
    }

    /// Whether the edge `{i, j}` (`i > j`, rank `r`) is the facet of an apparent pair.
    ///
    /// Its zero-pivot cofacet is `{i, j, k}` for the largest `k` whose edges to `i` and `j` are
    /// no longer than `r`; the edge is that triangle's largest facet unless a facet with a
    /// smaller number also has rank `r`. The facets of `{a > b > c}` in increasing number are
    /// `{b, c}`, `{a, c}`, `{a, b}`, so for `k > i` nothing comes before `{i, j}`, for
    /// `i > k > j` the facet `{k, j}` does, and for `k < j` the facets `{j, k}` and `{i, k}` do.
    #[inline]
    fn is_apparent_edge(&self, n: usize, i: usize, j: usize, r: u16) -> bool {
        let (ri, rj) = (&self.rank[i][..n], &self.rank[j][..n]);
        let Some(k) = (0..n).rev().find(|&k| ri[k].max(rj[k]) <= r) else {
            return false;
        };
        if k > i {
            true
        } else if k > j {
            rj[k] != r
        } else {
            rj[k] != r && ri[k] != r
        }
    }

    /// Reduces the `columns` first entries of `order` (simplices with `len` vertices, in
    /// filtration order) from last to first; returns the size of the pivot table used, whose
    /// slots stay valid for the clearing of the next dimension.
    fn reduce<T: Real, const BARS: usize>(
        &mut self,
        n: usize,
        columns: usize,
        len: usize,
        out: &mut BarSink<'_, T, BARS>,
        value: &impl Fn(&[u16; SIMPLICES], u16) -> T,
    ) -> Result<usize> {
        let dimension = len - 1;
        let table = SIMPLICES.min(2 * columns + 1);
        let Self {
            rank,
            rank_edge,
            order,
            pivots,
            heap,
            reduction,
            usage,
            ..
        } = self;
        let filtration = Filtration { rank, n };
        let slots = &mut pivots[..table];
        slots.fill(EMPTY_SLOT);
        let mut pivots = Pivots { slots };
        let mut heap = Heap {
            data: &mut heap[..],
            len: 0,
            ordered: 0,
        };
        let cofacets_per_simplex = n.saturating_sub(len);
        let mut stored = 0_usize; // reduction entries of finished columns

        for &column in order[..columns].iter().rev() {
            let (r, s) = column_of(column, len);
            let index = s.index();

            // Emergent pair: the first cofacet has the column's own diameter and nobody has
            // claimed it, neither a reduced column nor an apparent pair.
            if let Some(k) = filtration.zero_pivot_cofacet(&s, r) {
                let (t, _) = s.with(k);
                let t_index = t.index();
                if filtration.apparent_facet(&t, r).is_none() && pivots.get(t_index).is_none() {
                    pivots.insert(PivotSlot {
                        pivot: t_index,
                        column: index,
                        start: stored as u32,
                        len: 0,
                    });
                    continue;
                }
            }

            heap.len = 0;
            heap.ordered = 0;
            heap.reserve(cofacets_per_simplex)?;
            filtration.push_cofacets(&s, r, &mut heap);
            let mut added = 0_usize; // reduction entries of this column, after `stored`
            loop {
                usage.heap = usage.heap.max(heap.len);
                usage.reduction = usage.reduction.max(stored + added);
                let Some(pivot) = heap.pivot() else {
                    // Reduced to zero: a class that never dies.
                    out.add(dimension, value(rank_edge, r), None);
                    break;
                };
                let (pivot_rank, pivot_index) = (key_rank(pivot), key_index(pivot));
                if let Some(owner) = pivots.get(pivot_index) {
                    // Add the owner's column: its simplex and its own reduction entries.
                    let (start, count) = (owner.start as usize, owner.len as usize);
                    reserve_reduction(reduction, stored, &mut added, 1 + count)?;
                    let tail = stored + added;
                    reduction[tail] = owner.column;
                    reduction.copy_within(start..start + count, tail + 1);
                    added += 1 + count;
                    for &added_index in &reduction[tail..tail + 1 + count] {
                        let f = Vertices::decode(added_index, len, n);
                        heap.reserve(cofacets_per_simplex)?;
                        filtration.push_cofacets(&f, filtration.rank_of(&f), &mut heap);
                    }
                } else if let Some(f) = {
                    let t = Vertices::decode(pivot_index, len + 1, n);
                    filtration.apparent_facet(&t, pivot_rank)
                } {
                    // The pivot belongs to an apparent pair (f, t), whose column is δf.
                    reserve_reduction(reduction, stored, &mut added, 1)?;
                    reduction[stored + added] = f.index();
                    added += 1;
                    heap.reserve(cofacets_per_simplex)?;
                    filtration.push_cofacets(&f, pivot_rank, &mut heap);
                } else {
                    let kept = cancel_pairs(&mut reduction[stored..stored + added]);
                    pivots.insert(PivotSlot {
                        pivot: pivot_index,
                        column: index,
                        start: stored as u32,
                        len: kept as u32,
                    });
                    stored += kept;
                    if pivot_rank != r {
                        out.add(
                            dimension,
                            value(rank_edge, r),
                            Some(value(rank_edge, pivot_rank)),
                        );
                    }
                    break;
                }
            }
        }
        Ok(table)
    }
}

/// Makes room for `extra` entries after the column being reduced, cancelling pairs in it if
/// that is what it takes.
fn reserve_reduction(
    reduction: &mut [u32],
    stored: usize,
    added: &mut usize,
    extra: usize,
) -> Result<()> {
    if stored + *added + extra > reduction.len() {
        *added = cancel_pairs(&mut reduction[stored..stored + *added]);
        if stored + *added + extra > reduction.len() {
            return Err(Error::CapacityExceeded {
                needed: stored + *added + extra,
                capacity: reduction.len(),
            });
        }
    }
    Ok(())
}

/// The root of `v`'s tree, halving the path on the way.
#[inline]
fn find(parent: &mut [u8], mut v: usize) -> usize {
    while parent[v] as usize != v {
        let grandparent = parent[parent[v] as usize];
        parent[v] = grandparent;
        v = grandparent as usize;
    }
    v
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::RipsWorkspace16;
    use super::super::textbook::textbook_rips;
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use std::vec::Vec;

    type Bars = Vec<(usize, f64, Option<f64>)>;

    fn sorted(mut bars: Bars) -> Bars {
        bars.sort_by(|a, b| {
            (a.0, a.1, a.2.unwrap_or(f64::INFINITY))
                .partial_cmp(&(b.0, b.1, b.2.unwrap_or(f64::INFINITY)))
                .unwrap()
        });
        bars
    }

    fn ours<T: Real, const N: usize>(d: &[[T; N]; N], options: &RipsOptions<T>) -> Result<Bars> {
        let mut ws = std::boxed::Box::new(RipsWorkspace::<
            N,
            { super::super::triangle_count(24) },
            { super::super::simplex_count(24, 3) + 24 },
            4096,
        >::new());
        let mut diagram = std::boxed::Box::new(PersistenceDiagram::<T, 512>::new());
        rips_persistence(&DistanceMatrix::new(d)?, options, &mut ws, &mut diagram)?;
        Ok(sorted(
            diagram
                .iter()
                .map(|(k, b)| (k, b.birth().as_f64(), b.death().map(|x| x.as_f64())))
                .collect(),
        ))
    }

    fn textbook<T: Real, const N: usize>(d: &[[T; N]; N], threshold: f64, max_dim: usize) -> Bars {
        let rows: Vec<Vec<f64>> = d
            .iter()
            .map(|r| r.iter().map(|x| x.as_f64()).collect())
            .collect();
        sorted(textbook_rips(&rows, threshold, max_dim))
    }

    fn random_points<const N: usize, const D: usize>(rng: &mut StdRng) -> [[f64; N]; N] {
        let mut p = [[0.0; D]; N];
        for x in p.iter_mut().flatten() {
            *x = rng.random::<f64>();
        }
        let mut d = [[0.0; N]; N];
        DistanceMatrix::from_points(&p, &mut d).unwrap();
        d
    }

    /// Small integer distances: ties everywhere, the hard case for tie-breaking.
    fn random_ties<const N: usize>(rng: &mut StdRng, levels: u32) -> [[f64; N]; N] {
        let lower: Vec<f64> = (0..N * N)
            .map(|_| f64::from(rng.random_range(1..=levels)))
            .collect();
        core::array::from_fn(|i| {
            core::array::from_fn(|j| match i.cmp(&j) {
                core::cmp::Ordering::Greater => lower[i * N + j],
                core::cmp::Ordering::Less => lower[j * N + i],
                core::cmp::Ordering::Equal => 0.0,
            })
        })
    }

    fn check<const N: usize>(d: &[[f64; N]; N], max_dim: usize, threshold: Option<f64>) {
        let options = RipsOptions {
            max_dimension: max_dim,
            threshold,
            min_persistence: 0.0,
        };
        let t = threshold.unwrap_or_else(|| DistanceMatrix::new(d).unwrap().enclosing_radius());
        let expected = textbook(d, t, max_dim);
        assert_eq!(
            ours(d, &options).unwrap(),
            expected,
            "f64, max_dim {max_dim}, threshold {t}"
        );
        let d32 = d.map(|r| r.map(|x| x as f32));
        let options32 = RipsOptions {
            max_dimension: max_dim,
            threshold: threshold.map(|x| x as f32),
            min_persistence: 0.0,
        };
        let t32 = threshold.map(|x| f64::from(x as f32)).unwrap_or_else(|| {
            DistanceMatrix::new(&d32)
                .unwrap()
                .enclosing_radius()
                .as_f64()
        });
        assert_eq!(
            ours(&d32, &options32).unwrap(),
            textbook(&d32, t32, max_dim),
            "f32"
        );
    }

    #[test]
    fn agrees_with_the_textbook_algorithm_on_random_clouds() {
        let mut rng = StdRng::seed_from_u64(1);
        for _ in 0..20 {
            check(&random_points::<12, 2>(&mut rng), 2, None);
            check(&random_points::<16, 3>(&mut rng), 1, None);
            check(&random_points::<9, 3>(&mut rng), 2, Some(0.45));
        }
    }

    #[test]
    fn agrees_with_the_textbook_algorithm_with_many_ties() {
        let mut rng = StdRng::seed_from_u64(2);
        for levels in [1, 2, 3, 5, 8] {
            for _ in 0..15 {
                check(&random_ties::<10>(&mut rng, levels), 2, None);
                check(&random_ties::<14>(&mut rng, levels), 1, None);
                check(
                    &random_ties::<8>(&mut rng, levels),
                    2,
                    Some(f64::from(levels) / 2.0),
                );
            }
        }
    }

    #[test]
    fn regular_polygon_has_one_loop() {
        // 12 points on a circle: many equal distances, one long-lived loop.
        let mut p = [[0.0_f64; 2]; 12];
        for (k, q) in p.iter_mut().enumerate() {
            let a = core::f64::consts::TAU * k as f64 / 12.0;
            *q = [a.cos(), a.sin()];
        }
        let mut d = [[0.0; 12]; 12];
        DistanceMatrix::from_points(&p, &mut d).unwrap();
        check(&d, 2, None);
        let bars = ours(&d, &RipsOptions::default()).unwrap();
        assert_eq!(bars.iter().filter(|b| b.0 == 1).count(), 1);
    }

    fn square() -> [[f64; 4]; 4] {
        let points = [[0.0_f64, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let mut d = [[0.0; 4]; 4];
        DistanceMatrix::from_points(&points, &mut d).unwrap();
        d
    }

    #[test]
    fn every_capacity_is_checked_and_the_diagram_is_never_truncated() {
        let d = square();
        let m = DistanceMatrix::new(&d).unwrap();
        let options = RipsOptions {
            threshold: Some(2.0),
            ..RipsOptions::default()
        };
        let mut diagram = PersistenceDiagram::<f64, 16>::new();
        // Too many points.
        let mut ws = RipsWorkspace::<3, 6, 8, 8>::new();
        assert_eq!(
            rips_persistence(&m, &options, &mut ws, &mut diagram),
            Err(Error::CapacityExceeded {
                needed: 4,
                capacity: 3
            })
        );
        // Too many edges (the 6 edges of four points).
        let mut ws = RipsWorkspace::<4, 5, 8, 8>::new();
        assert_eq!(
            rips_persistence(&m, &options, &mut ws, &mut diagram),
            Err(Error::CapacityExceeded {
                needed: 6,
                capacity: 5
            })
        );
        // Too small a heap for the 2 cofacets of an edge.
        let mut ws = RipsWorkspace::<4, 6, 1, 8>::new();
        assert_eq!(
            rips_persistence(&m, &options, &mut ws, &mut diagram),
            Err(Error::CapacityExceeded {
                needed: 2,
                capacity: 1
            })
        );
        // Too small a diagram: the error names the exact number of bars, the diagram is empty.
        let mut ws = RipsWorkspace::<4, 6, 8, 8>::new();
        let mut small = PersistenceDiagram::<f64, 3>::new();
        small.push(0, Bar::essential(9.0).unwrap()).unwrap();
        assert_eq!(
            rips_persistence(&m, &options, &mut ws, &mut small),
            Err(Error::CapacityExceeded {
                needed: 5,
                capacity: 3
            })
        );
        assert!(small.is_empty());
        rips_persistence(&m, &options, &mut ws, &mut diagram).unwrap();
        assert_eq!(diagram.len(), 5);
        // H2 columns: the four triangles of the square need SIMPLICES ≥ 4 (it has 6).
        let h2 = RipsOptions {
            max_dimension: 2,
            ..options
        };
        rips_persistence(&m, &h2, &mut ws, &mut diagram).unwrap();
        // A reduction that needs entries: random clouds with a REDUCTION of 0.
        let mut rng = StdRng::seed_from_u64(4);
        let mut tiny = RipsWorkspace::<16, 120, 576, 0>::new();
        let mut failed = false;
        for _ in 0..50 {
            let d = random_points::<16, 3>(&mut rng);
            let m = DistanceMatrix::new(&d).unwrap();
            let mut out = PersistenceDiagram::<f64, 64>::new();
            match rips_persistence(&m, &RipsOptions::default(), &mut tiny, &mut out) {
                Err(Error::CapacityExceeded {
                    capacity: 0,
                    needed,
                }) => {
                    assert!(needed > 0 && out.is_empty());
                    failed = true;
                }
                other => assert!(other.is_ok()),
            }
        }
        assert!(failed, "some cloud needed a reduction entry");
    }

    #[test]
    fn bad_options_are_named() {
        let d = square();
        let m = DistanceMatrix::new(&d).unwrap();
        let mut ws = RipsWorkspace16::new();
        let mut diagram = PersistenceDiagram::<f64, 16>::new();
        let cases = [
            (
                RipsOptions {
                    max_dimension: 3,
                    ..RipsOptions::default()
                },
                "max_dimension",
            ),
            (
                RipsOptions {
                    min_persistence: -1.0,
                    ..RipsOptions::default()
                },
                "min_persistence",
            ),
            (
                RipsOptions {
                    min_persistence: f64::NAN,
                    ..RipsOptions::default()
                },
                "min_persistence",
            ),
            (
                RipsOptions {
                    threshold: Some(-0.5),
                    ..RipsOptions::default()
                },
                "threshold",
            ),
            (
                RipsOptions {
                    threshold: Some(f64::INFINITY),
                    ..RipsOptions::default()
                },
                "threshold",
            ),
        ];
        for (options, name) in cases {
            assert!(matches!(
                rips_persistence(&m, &options, &mut ws, &mut diagram),
                Err(Error::InvalidParameter { name: n, .. }) if n == name
            ));
        }
    }

    #[test]
    fn design_edge_cases() {
        let mut ws = RipsWorkspace16::new();
        let mut diagram = PersistenceDiagram::<f32, 32>::new();
        let options = RipsOptions::default();
        // No point, one point, two points.
        let empty: [[f32; 0]; 0] = [];
        rips_persistence(
            &DistanceMatrix::new(&empty).unwrap(),
            &options,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        assert!(diagram.is_empty());
        rips_persistence(
            &DistanceMatrix::new(&[[0.0_f32]]).unwrap(),
            &options,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        assert_eq!(diagram.dimension(0), &[Bar::essential(0.0).unwrap()]);
        let two = [[0.0_f32, 0.7], [0.7, 0.0]];
        rips_persistence(
            &DistanceMatrix::new(&two).unwrap(),
            &options,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        diagram.sort_by_birth();
        assert_eq!(
            diagram.dimension(0),
            &[
                Bar::new(0.0, Some(0.7)).unwrap(),
                Bar::essential(0.0).unwrap()
            ]
        );
        assert!(diagram.dimension(1).is_empty());
        // Duplicate points merge at 0: a zero-length bar, never reported; ties everywhere.
        let same = [[0.0_f32; 5]; 5];
        rips_persistence(
            &DistanceMatrix::new(&same).unwrap(),
            &options,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        assert_eq!(diagram.len(), 1);
        // All distances equal: the complex jumps from points to a full simplex; no loop.
        let mut equal = [[1.0_f32; 6]; 6];
        for (i, row) in equal.iter_mut().enumerate() {
            row[i] = 0.0;
        }
        let h2 = RipsOptions {
            max_dimension: 2,
            ..options
        };
        rips_persistence(
            &DistanceMatrix::new(&equal).unwrap(),
            &h2,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        assert_eq!(diagram.dimension(0).len(), 6);
        assert!(diagram.dimension(1).is_empty() && diagram.dimension(2).is_empty());
        // A threshold below every edge: every point is its own essential class.
        let low = RipsOptions {
            threshold: Some(0.5),
            ..options
        };
        rips_persistence(
            &DistanceMatrix::new(&equal).unwrap(),
            &low,
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        assert_eq!(diagram.essential_count(0), 6);
        // A threshold between the side and the diagonal of a square: the loop never dies.
        let mut diagram64 = PersistenceDiagram::<f64, 8>::new();
        let d = square();
        let loop_alive = RipsOptions {
            threshold: Some(1.2),
            ..RipsOptions::default()
        };
        rips_persistence(
            &DistanceMatrix::new(&d).unwrap(),
            &loop_alive,
            &mut ws,
            &mut diagram64,
        )
        .unwrap();
        assert_eq!(diagram64.dimension(1), &[Bar::essential(1.0).unwrap()]);
        // min_persistence is strict: a bar of length exactly 0.4 is dropped at 0.4.
        let line = [[0.0_f64, 0.4], [0.4, 0.0]];
        let strict = RipsOptions {
            min_persistence: 0.4,
            ..RipsOptions::default()
        };
        rips_persistence(
            &DistanceMatrix::new(&line).unwrap(),
            &strict,
            &mut ws,
            &mut diagram64,
        )
        .unwrap();
        assert_eq!(diagram64.dimension(0), &[Bar::essential(0.0).unwrap()]);
    }

    #[test]
    fn births_and_deaths_are_the_input_distances_exactly() {
        // Distances that are not exactly representable after any arithmetic: every bar end
        // must be one of them, bit for bit, in f64 and in f32.
        let mut rng = StdRng::seed_from_u64(8);
        let d = random_points::<16, 3>(&mut rng);
        let inputs: Vec<u64> = d.iter().flatten().map(|x| x.to_bits()).collect();
        let mut ws = RipsWorkspace16::new();
        let mut diagram = PersistenceDiagram::<f64, 64>::new();
        rips_persistence(
            &DistanceMatrix::new(&d).unwrap(),
            &RipsOptions::default(),
            &mut ws,
            &mut diagram,
        )
        .unwrap();
        for (_, bar) in diagram.iter() {
            assert!(inputs.contains(&bar.birth().to_bits()));
            assert!(bar.death().is_none_or(|x| inputs.contains(&x.to_bits())));
        }
        let d32 = d.map(|r| r.map(|x| x as f32));
        let inputs32: Vec<u32> = d32.iter().flatten().map(|x| x.to_bits()).collect();
        let mut diagram32 = PersistenceDiagram::<f32, 64>::new();
        rips_persistence(
            &DistanceMatrix::new(&d32).unwrap(),
            &RipsOptions::default(),
            &mut ws,
            &mut diagram32,
        )
        .unwrap();
        for (_, bar) in diagram32.iter() {
            assert!(inputs32.contains(&bar.birth().to_bits()));
            assert!(bar.death().is_none_or(|x| inputs32.contains(&x.to_bits())));
        }
    }
}
