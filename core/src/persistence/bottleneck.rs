//! The bottleneck distance between persistence diagrams, exactly.

use super::diagram_distance::{check_partners, finite_distance, larger, split_bars};
use super::{Bar, DiagramDistance};
use crate::{Error, Real, Result};

const NONE: u16 = u16::MAX;

/// The memory of [`bottleneck_distance`]: room for diagrams of up to `POINTS` bars each and
/// for `CANDIDATES` candidate values. `CANDIDATES = POINTS² + 2·POINTS` always suffices (every
/// pair of finite points and every point's distance to the diagonal); far fewer are used in
/// practice, since only candidates between a lower and an upper bound of the answer are kept.
/// The constructor is `const`, so the workspace can be a `static`.
///
/// ```
/// use geoml::persistence::BottleneckWorkspace;
///
/// // Two H0 diagrams of 16 points, in f32: about 2 KiB.
/// type Firmware = BottleneckWorkspace<f32, 16, { 16 * 16 + 2 * 16 }>;
/// assert!(core::mem::size_of::<Firmware>() < 2500);
/// let _ws = Firmware::new();
/// ```
#[derive(Debug, Clone)]
pub struct BottleneckWorkspace<T, const POINTS: usize, const CANDIDATES: usize> {
    left: heapless::Vec<[T; 2], POINTS>,
    right: heapless::Vec<[T; 2], POINTS>,
    left_index: [u16; POINTS],
    right_index: [u16; POINTS],
    left_essential: heapless::Vec<u16, POINTS>,
    right_essential: heapless::Vec<u16, POINTS>,
    candidates: heapless::Vec<T, CANDIDATES>,
    /// The matching being grown: partner of each finite point, `NONE` for none.
    mate_left: [u16; POINTS],
    mate_right: [u16; POINTS],
    /// A matching valid at every scale above the largest infeasible one tried: the warm start.
    base_left: [u16; POINTS],
    base_right: [u16; POINTS],
    /// The matching of the smallest feasible scale tried: the answer's.
    best_left: [u16; POINTS],
    /// Search marks, compared with a counter so that they never need clearing.
    seen_left: [u32; POINTS],
    seen_right: [u32; POINTS],
    stamp: u32,
    /// The alternating path of the current search: vertices and where their scan resumes.
    path: [(u16, u16); POINTS],
}

impl<T, const POINTS: usize, const CANDIDATES: usize> BottleneckWorkspace<T, POINTS, CANDIDATES> {
    /// An empty workspace; one serves any number of calls, each overwriting what it uses.
    ///
    /// ```
    /// use geoml::persistence::{bottleneck_distance, Bar, BottleneckWorkspace, DiagramDistance};
    ///
    /// let mut ws = BottleneckWorkspace::<f64, 4, { 4 * 4 + 2 * 4 }>::new();
    /// // A lone bar against the empty diagram goes to the diagonal: (d − b)/2.
    /// let x = [Bar::new(1.0, Some(4.0))?];
    /// assert_eq!(bottleneck_distance(&x, &[], &mut ws)?, DiagramDistance::Finite(1.5));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn new() -> Self {
        Self {
            left: heapless::Vec::new(),
            right: heapless::Vec::new(),
            left_index: [0; POINTS],
            right_index: [0; POINTS],
            left_essential: heapless::Vec::new(),
            right_essential: heapless::Vec::new(),
            candidates: heapless::Vec::new(),
            // Zeros, not NONE: each run fills the matchings before reading them, and a zero
            // image puts a `static` workspace in .bss (no flash for its initial value).
            mate_left: [0; POINTS],
            mate_right: [0; POINTS],
            base_left: [0; POINTS],
            base_right: [0; POINTS],
            best_left: [0; POINTS],
            seen_left: [0; POINTS],
            seen_right: [0; POINTS],
            stamp: 0,
            path: [(0, 0); POINTS],
        }
    }
}

impl<T, const POINTS: usize, const CANDIDATES: usize> Default
    for BottleneckWorkspace<T, POINTS, CANDIDATES>
{
    fn default() -> Self {
        Self::new()
    }
}

/// The bottleneck distance between two diagrams (one homology dimension each):
///
/// $$ d_B(X, Y) = \min_{\gamma} \max_{x} \lVert x - \gamma(x) \rVert_\infty, $$
///
/// the minimum over matchings `γ` of the points of `X` with those of `Y` or with the diagonal
/// (a point `(b, d)` is `(d − b)/2` from it in the L∞ norm) of the longest move.
///
/// Conventions, each a place where established libraries have erred:
/// - **Exact, and the winning candidate.** The answer is always one of the candidate values
///   (a distance `max(|b − b'|, |d − d'|)` between two finite points, or a distance `(d − b)/2`
///   to the diagonal), found by a search over those candidates with a bipartite matching test
///   at each — not the midpoint of an interval, not an approximation (GUDHI's `e = 0` mode).
/// - **Symmetric.** `d_B(X, Y)` and `d_B(Y, X)` are the same number, bit for bit.
/// - **Essential bars** are matched with essential bars by sorting their births; the distance
///   is at least the largest birth difference in that matching. Different numbers of essential
///   bars give [`DiagramDistance::Infinite`].
/// - Points on the diagonal (zero-length bars) cost nothing.
///
/// Cost: `O(|X|·|Y|)` to list the candidates between a lower bound (each point's nearest
/// option) and an upper bound (everything to the diagonal), then `O(log)` matching tests,
/// each warm-started from the last infeasible one.
///
/// Errors: [`Error::CapacityExceeded`] when a diagram has more than `min(POINTS, 65535)` bars, or more
/// candidates lie between the bounds than `CANDIDATES` holds (`needed` is their exact
/// number); [`Error::Overflow`] when the distance exceeds the range of `T` (bars spread from
/// near −MAX to near +MAX).
///
/// ```
/// use geoml::persistence::{bottleneck_distance, Bar, BottleneckWorkspace, DiagramDistance};
///
/// let x = [Bar::new(0.0_f64, Some(1.0))?, Bar::new(0.0, Some(0.5))?, Bar::essential(0.0)?];
/// let y = [Bar::new(0.0_f64, Some(0.875))?, Bar::essential(0.0)?];
/// let mut ws = BottleneckWorkspace::<f64, 8, 80>::new();
/// // (0, 1) moves to (0, 0.875): 0.125; (0, 0.5) goes to the diagonal: 0.25.
/// assert_eq!(bottleneck_distance(&x, &y, &mut ws)?, DiagramDistance::Finite(0.25));
/// assert_eq!(bottleneck_distance(&y, &x, &mut ws)?, DiagramDistance::Finite(0.25));
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn bottleneck_distance<T: Real, const POINTS: usize, const CANDIDATES: usize>(
    left: &[Bar<T>],
    right: &[Bar<T>],
    workspace: &mut BottleneckWorkspace<T, POINTS, CANDIDATES>,
) -> Result<DiagramDistance<T>> {
    workspace
        .solve(left, right, false)
        .and_then(finite_distance)
}

/// [`bottleneck_distance`], also writing an optimal matching: `partners[i]` is the index in
/// `right` of the bar matched with `left[i]`, or `None` when `left[i]` goes to the diagonal
/// (bars of `right` that no entry names go to the diagonal). Every matched pair, and every
/// bar sent to the diagonal, is within the returned distance. Essential bars are matched in
/// order of birth. When the distance is infinite no matching exists and every entry is
/// `None`.
///
/// Errors: as [`bottleneck_distance`], and [`Error::DimensionMismatch`] when `partners` is
/// shorter than `left`.
///
/// ```
/// use geoml::persistence::{bottleneck_matching, Bar, BottleneckWorkspace};
///
/// let x = [Bar::new(0.0_f32, Some(1.0))?, Bar::new(0.0, Some(0.5))?];
/// let y = [Bar::new(0.0_f32, Some(0.875))?];
/// let mut ws = BottleneckWorkspace::<f32, 8, 80>::new();
/// let mut partners = [None; 2];
/// bottleneck_matching(&x, &y, &mut ws, &mut partners)?;
/// assert_eq!(partners, [Some(0), None]);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn bottleneck_matching<T: Real, const POINTS: usize, const CANDIDATES: usize>(
    left: &[Bar<T>],
    right: &[Bar<T>],
    workspace: &mut BottleneckWorkspace<T, POINTS, CANDIDATES>,
    partners: &mut [Option<usize>],
) -> Result<DiagramDistance<T>> {
    check_partners(left, partners)?;
    partners.iter_mut().for_each(|p| *p = None);
    let distance = finite_distance(workspace.solve(left, right, true)?)?;
    if distance.is_infinite() {
        return Ok(distance);
    }
    let ws = &*workspace;
    for (k, &i) in ws.left_index[..ws.left.len()].iter().enumerate() {
        let mate = ws.best_left[k];
        if mate != NONE {
            partners[i as usize] = Some(ws.right_index[mate as usize] as usize);
        }
    }
    for (&i, &j) in ws.left_essential.iter().zip(ws.right_essential.iter()) {
        partners[i as usize] = Some(j as usize);
    }
    Ok(distance)
}

/// `max(|a_b − b_b|, |a_d − b_d|)`: exactly symmetric, since `|x − y| = |y − x|` in floating
/// point.
#[inline(always)]
fn chebyshev<T: Real>(a: &[T; 2], b: &[T; 2]) -> T {
    larger((a[0] - b[0]).abs(), (a[1] - b[1]).abs())
}

/// The L∞ distance from `(b, d)` to the diagonal, `(d − b)/2`.
#[inline(always)]
fn to_diagonal<T: Real>(p: &[T; 2]) -> T {
    (p[1] - p[0]) * T::lit(0.5)
}

/// For points on one line (one birth for all, sorted by death): whether every point of `near`
/// farther than `delta` from the diagonal has its own partner in `far` within `delta`.
///
/// Those points are the largest ones, each can reach a window of `far` that moves right with
/// it, and giving each, in increasing order, the leftmost free point of its window never
/// loses a solution. By the Mendelsohn–Dulmage theorem, coverings of the two sides found
/// separately combine into one matching that covers both, so two sweeps decide the test.
fn covers<T: Real>(near: &[[T; 2]], far: &[[T; 2]], delta: T) -> bool {
    let mut j = 0;
    for a in near.iter().filter(|a| to_diagonal(a) > delta) {
        // Skip the far points too small for `a`, hence for every later point.
        while j < far.len() && a[1] - far[j][1] > delta {
            j += 1;
        }
        match far.get(j) {
            Some(b) if b[1] - a[1] <= delta => j += 1,
            _ => return false,
        }
    }
    true
}

impl<T: Real, const POINTS: usize, const CANDIDATES: usize>
    BottleneckWorkspace<T, POINTS, CANDIDATES>
{
    fn solve(
        &mut self,
        left: &[Bar<T>],
        right: &[Bar<T>],
        want_matching: bool,
    ) -> Result<DiagramDistance<T>> {
        split_bars(
            left,
            &mut self.left,
            &mut self.left_index,
            &mut self.left_essential,
        )?;
        split_bars(
            right,
            &mut self.right,
            &mut self.right_index,
            &mut self.right_essential,
        )?;
        let (n, m) = (self.left.len(), self.right.len());
        self.best_left[..n].fill(NONE);

        // Essential bars: matched by sorted birth, or nothing matches at all.
        if self.left_essential.len() != self.right_essential.len() {
            return Ok(DiagramDistance::Infinite {
                essential_left: self.left_essential.len(),
                essential_right: self.right_essential.len(),
            });
        }
        let mut essential = T::zero();
        for (&i, &j) in self.left_essential.iter().zip(self.right_essential.iter()) {
            essential = essential.max((left[i as usize].birth() - right[j as usize].birth()).abs());
        }

        // Bounds: sending everything to the diagonal works (upper); each point must go
        // somewhere, at least as far as its nearest option (lower).
        let mut upper = T::zero();
        let mut lower = T::zero();
        let smaller = |a: T, b: T| if a < b { a } else { b };
        for a in self.left.iter() {
            let nearest = self
                .right
                .iter()
                .fold(to_diagonal(a), |m, b| smaller(m, chebyshev(a, b)));
            lower = larger(lower, nearest);
            upper = larger(upper, to_diagonal(a));
        }
        for b in self.right.iter() {
            let nearest = self
                .left
                .iter()
                .fold(to_diagonal(b), |m, a| smaller(m, chebyshev(a, b)));
            lower = larger(lower, nearest);
            upper = larger(upper, to_diagonal(b));
        }

        // The candidates strictly between: every value the answer could take below `upper`.
        self.candidates.clear();
        let mut needed = 0;
        {
            let mut offer = |c: T| {
                if c >= lower && c < upper {
                    needed += 1;
                    let _ = self.candidates.push(c);
                }
            };
            for a in self.left.iter() {
                offer(to_diagonal(a));
                for b in self.right.iter() {
                    offer(chebyshev(a, b));
                }
            }
            for b in self.right.iter() {
                offer(to_diagonal(b));
            }
        }
        if needed > CANDIDATES {
            return Err(Error::CapacityExceeded {
                needed,
                capacity: CANDIDATES,
            });
        }

        // Search: the smallest feasible candidate. `upper` is feasible with nobody matched.
        // When every finite point has the same birth (H0 diagrams: all births are 0) the
        // points lie on a line and each test is a linear sweep; otherwise it grows a matching,
        // warm-started from the last infeasible test.
        let on_a_line = {
            let birth = self.left.first().or(self.right.first()).map(|p| p[0]);
            self.left
                .iter()
                .chain(self.right.iter())
                .all(|p| Some(p[0]) == birth)
        };
        self.base_left[..n].fill(NONE);
        self.base_right[..m].fill(NONE);
        let mut answer = upper;
        let (mut start, mut end) = (0, self.candidates.len());
        while start < end {
            let middle = start + (end - start) / 2;
            let probe = {
                let active = &mut self.candidates[start..end];
                let (_, &mut c, _) = active.select_nth_unstable_by(middle - start, |x, y| {
                    x.partial_cmp(y).unwrap_or(core::cmp::Ordering::Equal)
                });
                c
            };
            let feasible = if on_a_line {
                covers(&self.left, &self.right, probe) && covers(&self.right, &self.left, probe)
            } else {
                self.mate_left[..n].copy_from_slice(&self.base_left[..n]);
                self.mate_right[..m].copy_from_slice(&self.base_right[..m]);
                self.feasible(probe)
            };
            if feasible {
                answer = probe;
                end = middle;
                if !on_a_line {
                    self.best_left[..n].copy_from_slice(&self.mate_left[..n]);
                }
            } else {
                start = middle + 1;
                if !on_a_line {
                    // The partial matching only uses pairs within `probe`: valid for any
                    // larger one.
                    self.base_left[..n].copy_from_slice(&self.mate_left[..n]);
                    self.base_right[..m].copy_from_slice(&self.mate_right[..m]);
                }
            }
        }
        if on_a_line && want_matching && answer < upper {
            self.mate_left[..n].fill(NONE);
            self.mate_right[..m].fill(NONE);
            let found = self.feasible(answer);
            debug_assert!(found);
            self.best_left[..n].copy_from_slice(&self.mate_left[..n]);
        }
        Ok(DiagramDistance::Finite(larger(answer, essential)))
    }

    /// Whether every point farther than `delta` from the diagonal can be matched with a point
    /// of the other diagram within `delta` (the others may go to the diagonal). Grows the
    /// current matching one such point at a time; by the Mendelsohn–Dulmage theorem the
    /// points of the two sides can be covered one after the other.
    fn feasible(&mut self, delta: T) -> bool {
        for u in 0..self.left.len() {
            if self.mate_left[u] == NONE
                && to_diagonal(&self.left[u]) > delta
                && !self.augment::<true>(u, delta)
            {
                return false;
            }
        }
        for w in 0..self.right.len() {
            if self.mate_right[w] == NONE
                && to_diagonal(&self.right[w]) > delta
                && !self.augment::<false>(w, delta)
            {
                return false;
            }
        }
        true
    }

    /// Looks for an alternating path from the unmatched point `start` (of the left diagram if
    /// `FROM_LEFT`) that ends at an unmatched point of the other side, or at a matched point of
    /// the same side that may go to the diagonal (it gives up its partner); flips it.
    fn augment<const FROM_LEFT: bool>(&mut self, start: usize, delta: T) -> bool {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen_left.fill(0);
            self.seen_right.fill(0);
            self.stamp = 1;
        }
        let stamp = self.stamp;
        let Self {
            left,
            right,
            mate_left,
            mate_right,
            seen_left,
            seen_right,
            path,
            ..
        } = self;
        // `near` is the side the search starts on, `far` the other one.
        let (near, far, mate_near, mate_far, seen_far) = if FROM_LEFT {
            (&left[..], &right[..], mate_left, mate_right, seen_right)
        } else {
            (&right[..], &left[..], mate_right, mate_left, seen_left)
        };
        // Both sides are sorted by death, and `|d − d'| ≤ delta` is necessary: only a window
        // of the far side can be within reach. (The window uses the same subtraction as
        // `chebyshev`, so it is exact.)
        let window_start = |p: &[T; 2]| far.partition_point(|q| p[1] - q[1] > delta);
        let window_end = |p: &[T; 2]| far.partition_point(|q| q[1] - p[1] <= delta);
        let mut depth = 1;
        path[0] = (start as u16, window_start(&near[start]) as u16);
        while depth > 0 {
            let (x, resume) = path[depth - 1];
            let point = &near[x as usize];
            let end = window_end(point);
            let mut next = None;
            let mut y = resume as usize;
            while y < end {
                if seen_far[y] != stamp && chebyshev(point, &far[y]) <= delta {
                    seen_far[y] = stamp;
                    next = Some(y);
                    break;
                }
                y += 1;
            }
            let Some(y) = next else {
                depth -= 1; // dead end: back up
                continue;
            };
            path[depth - 1].1 = (y + 1) as u16;
            let owner = mate_far[y];
            let ends = owner == NONE || to_diagonal(&near[owner as usize]) <= delta;
            if ends {
                if owner != NONE {
                    mate_near[owner as usize] = NONE; // it goes to the diagonal instead
                }
                // Flip the path: each vertex on it takes the far point it reached.
                let mut target = y as u16;
                for level in (0..depth).rev() {
                    let x = path[level].0;
                    let previous = mate_near[x as usize];
                    mate_near[x as usize] = target;
                    mate_far[target as usize] = x;
                    target = previous;
                }
                return true;
            }
            path[depth] = (owner, window_start(&near[owner as usize]) as u16);
            depth += 1;
        }
        false
    }
}

#[cfg(test)]
pub(super) mod tests {
    extern crate std;
    use super::*;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use std::vec::Vec;

    /// Every matching of the finite points, as (left, right) pairs on the augmented sets
    /// `X ∪ diag(Y)` and `Y ∪ diag(X)`; `visit` gets the list of matched costs.
    pub(crate) fn all_matchings(
        x: &[[f64; 2]],
        y: &[[f64; 2]],
        cost: &dyn Fn(&[f64; 2], &[f64; 2]) -> f64,
        diagonal: &dyn Fn(&[f64; 2]) -> f64,
        visit: &mut dyn FnMut(&[f64]),
    ) {
        let (n, m) = (x.len(), y.len());
        let size = n + m;
        let mut perm: Vec<usize> = (0..size).collect();
        // Heap's algorithm over the right side's order.
        fn heaps(k: usize, perm: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
            if k <= 1 {
                f(perm);
                return;
            }
            for i in 0..k {
                heaps(k - 1, perm, f);
                let j = if k.is_multiple_of(2) { i } else { 0 };
                perm.swap(j, k - 1);
            }
        }
        heaps(size, &mut perm, &mut |p: &[usize]| {
            let mut costs = Vec::new();
            for (l, &r) in p.iter().enumerate() {
                let c = match (l < n, r < m) {
                    (true, true) => cost(&x[l], &y[r]),
                    (true, false) if r - m == l => diagonal(&x[l]),
                    (false, true) if l - n == r => diagonal(&y[r]),
                    (false, false) => 0.0,
                    _ => return,
                };
                costs.push(c);
            }
            visit(&costs);
        });
    }

    pub(crate) fn random_diagram(rng: &mut StdRng, max_points: usize, grid: f64) -> Vec<Bar<f64>> {
        let count = rng.random_range(0..=max_points);
        (0..count)
            .map(|_| {
                let b = (rng.random::<f64>() * grid).floor() / grid;
                let d = b + (rng.random::<f64>() * grid).floor() / grid;
                Bar::new(b, Some(d)).unwrap()
            })
            .collect()
    }

    fn points(bars: &[Bar<f64>]) -> Vec<[f64; 2]> {
        bars.iter()
            .filter_map(|b| b.death().map(|d| [b.birth(), d]))
            .collect()
    }

    fn brute_force(x: &[Bar<f64>], y: &[Bar<f64>]) -> f64 {
        let mut best = f64::INFINITY;
        all_matchings(
            &points(x),
            &points(y),
            &|a, b| chebyshev(a, b),
            &|a| to_diagonal(a),
            &mut |costs| best = best.min(costs.iter().copied().fold(0.0, f64::max)),
        );
        best
    }

    #[test]
    fn equals_the_best_of_all_matchings_exactly() {
        let mut rng = StdRng::seed_from_u64(11);
        let mut ws = BottleneckWorkspace::<f64, 8, 80>::new();
        for grid in [2.0, 4.0, 1000.0] {
            for _ in 0..300 {
                let x = random_diagram(&mut rng, 4, grid);
                let y = random_diagram(&mut rng, 4, grid);
                let ours = bottleneck_distance(&x, &y, &mut ws).unwrap();
                assert_eq!(
                    ours,
                    DiagramDistance::Finite(brute_force(&x, &y)),
                    "{x:?} {y:?}"
                );
                assert_eq!(bottleneck_distance(&y, &x, &mut ws).unwrap(), ours);
                // The matching it reports achieves the distance.
                let mut partners = [None; 8];
                bottleneck_matching(&x, &y, &mut ws, &mut partners).unwrap();
                let delta = ours.finite().unwrap();
                let mut used = [false; 8];
                for (i, p) in partners[..x.len()].iter().enumerate() {
                    let a = [x[i].birth(), x[i].death().unwrap()];
                    match p {
                        Some(j) => {
                            assert!(!used[*j]);
                            used[*j] = true;
                            let b = [y[*j].birth(), y[*j].death().unwrap()];
                            assert!(chebyshev(&a, &b) <= delta);
                        }
                        None => assert!(to_diagonal(&a) <= delta),
                    }
                }
                for (j, b) in y.iter().enumerate() {
                    if !used[j] {
                        assert!(to_diagonal(&[b.birth(), b.death().unwrap()]) <= delta);
                    }
                }
            }
        }
    }

    #[test]
    fn points_on_a_line_take_the_sweep_and_agree_with_all_matchings() {
        // One birth for every finite point (as in H0 diagrams): the linear-sweep test.
        let mut rng = StdRng::seed_from_u64(13);
        let mut ws = BottleneckWorkspace::<f64, 8, 80>::new();
        for birth in [0.0, 0.75] {
            for grid in [4.0, 1000.0] {
                for _ in 0..300 {
                    let line = |rng: &mut StdRng| -> Vec<Bar<f64>> {
                        (0..rng.random_range(0..=4))
                            .map(|_| {
                                let d = birth + (rng.random::<f64>() * grid).floor() / grid;
                                Bar::new(birth, Some(d)).unwrap()
                            })
                            .collect()
                    };
                    let (x, y) = (line(&mut rng), line(&mut rng));
                    let ours = bottleneck_distance(&x, &y, &mut ws).unwrap();
                    assert_eq!(
                        ours,
                        DiagramDistance::Finite(brute_force(&x, &y)),
                        "{x:?} {y:?}"
                    );
                    let mut partners = [None; 8];
                    bottleneck_matching(&x, &y, &mut ws, &mut partners).unwrap();
                    let delta = ours.finite().unwrap();
                    for (i, p) in partners[..x.len()].iter().enumerate() {
                        let a = [x[i].birth(), x[i].death().unwrap()];
                        match p {
                            Some(j) => {
                                let b = [y[*j].birth(), y[*j].death().unwrap()];
                                assert!(chebyshev(&a, &b) <= delta);
                            }
                            None => assert!(to_diagonal(&a) <= delta),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn essential_bars_match_by_sorting_or_not_at_all() {
        let mut ws = BottleneckWorkspace::<f64, 8, 80>::new();
        let x = [Bar::essential(0.0).unwrap(), Bar::essential(1.0).unwrap()];
        let y = [Bar::essential(1.25).unwrap(), Bar::essential(0.5).unwrap()];
        assert_eq!(
            bottleneck_distance(&x, &y, &mut ws).unwrap(),
            DiagramDistance::Finite(0.5)
        );
        let mut partners = [None; 2];
        bottleneck_matching(&x, &y, &mut ws, &mut partners).unwrap();
        assert_eq!(partners, [Some(1), Some(0)]);
        assert_eq!(
            bottleneck_distance(&x, &y[..1], &mut ws).unwrap(),
            DiagramDistance::Infinite {
                essential_left: 2,
                essential_right: 1
            }
        );
        bottleneck_matching(&x, &y[..1], &mut ws, &mut partners).unwrap();
        assert_eq!(partners, [None, None]);
    }

    #[test]
    fn edge_cases() {
        let mut ws = BottleneckWorkspace::<f32, 4, 24>::new();
        let none: [Bar<f32>; 0] = [];
        assert_eq!(
            bottleneck_distance(&none, &none, &mut ws).unwrap(),
            DiagramDistance::Finite(0.0)
        );
        let diagonal = [Bar::new(0.5_f32, Some(0.5)).unwrap(); 3];
        assert_eq!(
            bottleneck_distance(&diagonal, &none, &mut ws).unwrap(),
            DiagramDistance::Finite(0.0)
        );
        let x = [Bar::new(0.0_f32, Some(3.0)).unwrap()];
        assert_eq!(
            bottleneck_distance(&x, &x, &mut ws).unwrap(),
            DiagramDistance::Finite(0.0)
        );
        assert_eq!(
            bottleneck_distance(&x, &none, &mut ws).unwrap(),
            DiagramDistance::Finite(1.5)
        );
        let five = [x[0]; 5];
        assert_eq!(
            bottleneck_distance(&five, &x, &mut ws),
            Err(Error::CapacityExceeded {
                needed: 5,
                capacity: 4
            })
        );
        let mut small = BottleneckWorkspace::<f32, 4, 1>::new();
        let y = [
            Bar::new(0.0_f32, Some(2.0)).unwrap(),
            Bar::new(0.0, Some(2.5)).unwrap(),
        ];
        assert!(matches!(
            bottleneck_distance(&x, &y, &mut small),
            Err(Error::CapacityExceeded { capacity: 1, .. })
        ));
        assert!(matches!(
            bottleneck_matching(&x, &y, &mut ws, &mut []),
            Err(Error::DimensionMismatch {
                expected: 1,
                found: 0
            })
        ));
    }
}
