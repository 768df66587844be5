//! The Wasserstein distance between persistence diagrams, by an exact assignment.

use super::diagram_distance::{check_partners, finite_distance, split_bars};
use super::{Bar, DiagramDistance};
use crate::{Error, Real, Result};

const NONE: u16 = u16::MAX;

/// The two exponents of the Wasserstein distance, named as in GUDHI's
/// `gudhi.wasserstein.wasserstein_distance`.
///
/// ```
/// use geoml::persistence::WassersteinOptions;
///
/// let w1 = WassersteinOptions::<f64>::default();
/// assert_eq!((w1.order, w1.internal_p), (1.0, None)); // q = 1 over the L∞ ground metric
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WassersteinOptions<T> {
    /// The exponent `q ≥ 1` of the sum of costs (GUDHI's `order`; default 1).
    pub order: T,
    /// The ground metric `‖·‖_p` between points of the plane, `p ≥ 1` (GUDHI's `internal_p`);
    /// `None`, the default, is `p = ∞`: `max(|b − b'|, |d − d'|)`.
    pub internal_p: Option<T>,
}

impl<T: Real> Default for WassersteinOptions<T> {
    fn default() -> Self {
        Self {
            order: T::one(),
            internal_p: None,
        }
    }
}

/// The memory of [`wasserstein_distance`]: room for two diagrams of `POINTS` bars in all
/// (`POINTS ≥ |X| + |Y|`). The constructor is `const`.
#[derive(Debug, Clone)]
pub struct WassersteinWorkspace<T, const POINTS: usize> {
    left: heapless::Vec<[T; 2], POINTS>,
    right: heapless::Vec<[T; 2], POINTS>,
    left_index: [u16; POINTS],
    right_index: [u16; POINTS],
    left_essential: heapless::Vec<u16, POINTS>,
    right_essential: heapless::Vec<u16, POINTS>,
    /// Row and column potentials, and the columns' tentative reduced costs.
    row_potential: heapless::Vec<T, POINTS>,
    column_potential: heapless::Vec<T, POINTS>,
    slack: heapless::Vec<T, POINTS>,
    /// `owner[j]`: the row assigned to column `j`; `came_from[j]`: the column before `j` on
    /// the shortest path (`NONE` for the row being inserted).
    owner: [u16; POINTS],
    came_from: [u16; POINTS],
    done: [bool; POINTS],
}

impl<T, const POINTS: usize> WassersteinWorkspace<T, POINTS> {
    /// An empty workspace; one serves any number of calls, each overwriting what it uses.
    ///
    /// ```
    /// use geoml::persistence::{
    ///     wasserstein_distance, Bar, WassersteinOptions, WassersteinWorkspace,
    /// };
    ///
    /// let mut ws = WassersteinWorkspace::<f64, 4>::new(); // |X| + |Y| ≤ 4
    /// // Two bars to the diagonal, at 1 and 2 in L∞; W₂ = √(1² + 2²).
    /// let x = [Bar::new(0.0, Some(2.0))?, Bar::new(0.0, Some(4.0))?];
    /// let w2 = WassersteinOptions { order: 2.0, internal_p: None };
    /// let d = wasserstein_distance(&x, &[], &w2, &mut ws)?.finite();
    /// assert!(d.is_some_and(|d| (d - 5.0_f64.sqrt()).abs() < 1e-12));
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
            row_potential: heapless::Vec::new(),
            column_potential: heapless::Vec::new(),
            slack: heapless::Vec::new(),
            owner: [NONE; POINTS],
            came_from: [NONE; POINTS],
            done: [false; POINTS],
        }
    }
}

impl<T, const POINTS: usize> Default for WassersteinWorkspace<T, POINTS> {
    fn default() -> Self {
        Self::new()
    }
}

/// The `q`-Wasserstein distance between two diagrams over the `L_p` ground metric:
///
/// $$ W_{q,p}(X, Y) = \Big( \min_{\gamma} \sum_{x} \lVert x - \gamma(x) \rVert_p^{\,q} \Big)^{1/q}, $$
///
/// the minimum over matchings `γ` of the points of `X` with those of `Y` or with the diagonal,
/// a point `(b, d)` being `(d − b)·2^{1/p − 1}` from the diagonal (`(d − b)/2` for `p = ∞`).
/// Essential bars are matched by sorting their births, each pair adding `|b − b'|^q`;
/// different numbers of them give [`DiagramDistance::Infinite`]. These are GUDHI's
/// conventions (`order`, `internal_p`, `keep_essential_parts=True`), which it computes with
/// POT's network simplex; here the assignment is solved exactly by the Hungarian method
/// (shortest augmenting paths with potentials) on the `|X| × (|Y| + |X|)` cost matrix in
/// which each point of `X` has its own diagonal column, after moving each point of `Y` to the
/// diagonal at first. The cost is then summed from the matching itself, not from the
/// potentials. Distances are raised to the order `q` in units of the largest ground distance
/// of the problem, so that `x^q` neither overflows nor underflows. The Hungarian method is
/// exact up to rounding relative to the largest cost in play, so when the optimum is small
/// beside it (a large `q`, or distant points no good matching uses) the assignment is solved
/// again in units of the largest distance the matching found uses, every cost capped at the
/// number of terms plus one (which changes no optimum), up to twice. If that does not make
/// the optimum of the order of the unit (costs that all underflow, as for q = 10¹⁷), the unit
/// becomes the smallest largest distance M of any matching, found by bisection on a threshold
/// with 0/1 costs; in units of M the optimum lies in [1, number of terms] for every order. The
/// result is then optimal and symmetric up to rounding in the last bits.
///
/// Cost: `O(r²·(|X| + |Y|))` per assignment with `r = min(|X|, |Y|)` finite points: one when
/// the optimum is of the order of the largest distance, two or three for most large orders,
/// up to about 60 more for extreme ones; no allocation.
///
/// Errors: [`Error::CapacityExceeded`] when `|X| + |Y| > min(POINTS, 65535)`; [`Error::InvalidParameter`]
/// for `order < 1` (`"order"`) or `internal_p < 1` (`"internal_p"`), or either not finite;
/// [`Error::Overflow`] when the distance, or a sum of costs raised to the order on the way to
/// it, exceeds the range of `T`.
///
/// ```
/// use geoml::persistence::{wasserstein_distance, Bar, DiagramDistance, WassersteinOptions, WassersteinWorkspace};
///
/// let x = [Bar::new(0.0_f64, Some(1.0))?, Bar::new(0.0, Some(0.5))?];
/// let y = [Bar::new(0.0_f64, Some(0.875))?];
/// let mut ws = WassersteinWorkspace::<f64, 8>::new();
/// // (0, 1) → (0, 0.875) costs 0.125 and (0, 0.5) → diagonal 0.25: W₁ = 0.375.
/// let w = wasserstein_distance(&x, &y, &WassersteinOptions::default(), &mut ws)?;
/// assert_eq!(w, DiagramDistance::Finite(0.375));
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn wasserstein_distance<T: Real, const POINTS: usize>(
    left: &[Bar<T>],
    right: &[Bar<T>],
    options: &WassersteinOptions<T>,
    workspace: &mut WassersteinWorkspace<T, POINTS>,
) -> Result<DiagramDistance<T>> {
    workspace
        .solve(left, right, options, None)
        .and_then(finite_distance)
}

/// [`wasserstein_distance`], also writing an optimal matching: `partners[i]` is the index in
/// `right` of the bar matched with `left[i]`, or `None` for the diagonal (bars of `right` no
/// entry names go to the diagonal). When the distance is infinite every entry is `None`.
///
/// Errors: as [`wasserstein_distance`], and [`Error::DimensionMismatch`] when `partners` is
/// shorter than `left`.
///
/// ```
/// use geoml::persistence::{wasserstein_matching, Bar, WassersteinOptions, WassersteinWorkspace};
///
/// let x = [Bar::new(0.0_f32, Some(0.5))?, Bar::new(0.0, Some(1.0))?];
/// let y = [Bar::new(0.0_f32, Some(0.875))?];
/// let mut ws = WassersteinWorkspace::<f32, 8>::new();
/// let mut partners = [None; 2];
/// wasserstein_matching(&x, &y, &WassersteinOptions::default(), &mut ws, &mut partners)?;
/// assert_eq!(partners, [None, Some(0)]);
/// # Ok::<(), geoml::Error>(())
/// ```
pub fn wasserstein_matching<T: Real, const POINTS: usize>(
    left: &[Bar<T>],
    right: &[Bar<T>],
    options: &WassersteinOptions<T>,
    workspace: &mut WassersteinWorkspace<T, POINTS>,
    partners: &mut [Option<usize>],
) -> Result<DiagramDistance<T>> {
    check_partners(left, partners)?;
    partners.iter_mut().for_each(|p| *p = None);
    workspace
        .solve(left, right, options, Some(partners))
        .and_then(finite_distance)
}

/// The ground metric and the exponent, with the cheap cases spelled out.
#[derive(Clone, Copy)]
struct Costs<T> {
    order: T,
    internal_p: Option<T>,
    /// `2^{1/p − 1}`: the distance to the diagonal per unit of persistence.
    diagonal_factor: T,
    /// The unit in which distances are raised to the order (1 until [`Costs::scaled_to`]).
    unit: T,
    /// A ceiling on every cost, in a refinement pass (see [`Costs::refined`]).
    cap: Option<T>,
    /// In a feasibility pass, the distance up to which a cost is 0 (and 1 beyond): see
    /// [`WassersteinWorkspace::smallest_largest_distance`].
    threshold: Option<T>,
}

impl<T: Real> Costs<T> {
    fn new(options: &WassersteinOptions<T>) -> Result<Self> {
        let order = options.order;
        if !order.is_finite() || order < T::one() {
            return Err(Error::InvalidParameter {
                name: "order",
                value: order.as_f64(),
            });
        }
        let diagonal_factor = match options.internal_p {
            None => T::lit(0.5),
            Some(p) if !p.is_finite() || p < T::one() => {
                return Err(Error::InvalidParameter {
                    name: "internal_p",
                    value: p.as_f64(),
                });
            }
            Some(p) => T::lit(2.0).powf(p.recip() - T::one()),
        };
        Ok(Self {
            order,
            internal_p: options.internal_p,
            diagonal_factor,
            unit: T::one(),
            cap: None,
            threshold: None,
        })
    }

    /// These costs with distances measured in units of `largest` (the largest ground
    /// distance of the problem) before they are raised to the order: `x^q` overflows for a
    /// large `x` (or order) and underflows for a small one, while `(x/largest)^q ≤ 1` does
    /// neither for the costs that matter (found by fuzzing, issue 9: tiny bars with order
    /// 100 gave a distance of 0). Order 1 too: the potentials add and subtract costs, which
    /// overflowed for distances near the largest float (W₁ came out as MAX for 9e307).
    fn scaled_to(self, largest: T) -> Self {
        let unit = if largest.is_finite() && largest > T::zero() {
            largest
        } else {
            T::one()
        };
        Self { unit, ..self }
    }

    /// These costs in units of `unit`, the largest distance a matching actually uses, each
    /// capped at `cap`. The assignment is exact only to rounding relative to the largest cost
    /// in play (it enters the potentials): when the optimum is far below it, as with q = 432
    /// where every useful cost is 1e-29 of the largest, the matching found can be far from
    /// optimal, and W(X, Y) ≠ W(Y, X) (found by fuzzing, issue 9). In units of a used
    /// distance, the matching's own costs are ≤ 1, so its total is at most `cap − 1` = the
    /// number of its terms; a cost above that cannot be in an optimal matching, so capping it
    /// changes no optimum while keeping every cost, and the potentials, of order 1.
    fn refined(self, unit: T, cap: T) -> Self {
        Self {
            unit,
            cap: Some(cap),
            threshold: None,
            ..self
        }
    }

    /// Costs 0 for a distance up to `threshold` and 1 beyond: an optimal assignment costs 0
    /// exactly when some matching uses no distance above the threshold.
    fn thresholded(self, threshold: T) -> Self {
        Self {
            threshold: Some(threshold),
            ..self
        }
    }

    #[inline]
    fn power(&self, x: T) -> T {
        if let Some(threshold) = self.threshold {
            return if x <= threshold { T::zero() } else { T::one() };
        }
        let raw = if self.order == T::one() {
            if self.unit == T::one() {
                x
            } else {
                x / self.unit
            }
        } else {
            (x / self.unit).powf(self.order)
        };
        match self.cap {
            Some(cap) => raw.min(cap),
            None => raw,
        }
    }

    /// The distance `total^{1/q}` in the original units.
    fn distance(&self, total: T) -> T {
        if self.order == T::one() {
            total * self.unit
        } else {
            total.powf(self.order.recip()) * self.unit
        }
    }

    /// `‖a − b‖_p`.
    #[inline]
    fn ground(&self, a: &[T; 2], b: &[T; 2]) -> T {
        let (x, y) = ((a[0] - b[0]).abs(), (a[1] - b[1]).abs());
        match self.internal_p {
            None => x.max(y),
            Some(p) if p == T::one() => x + y,
            // In units of the larger coordinate: x^p overflowed for p ≈ 86 and x ≈ 5e6 in f32
            // (found by fuzzing, issue 9).
            Some(p) => {
                let larger = x.max(y);
                if larger > T::zero() && larger.is_finite() {
                    larger * ((x / larger).powf(p) + (y / larger).powf(p)).powf(p.recip())
                } else {
                    larger
                }
            }
        }
    }

    /// `‖a − b‖_p^q`.
    #[inline]
    fn between(&self, a: &[T; 2], b: &[T; 2]) -> T {
        self.power(self.ground(a, b))
    }

    /// The distance of `a` to the diagonal.
    #[inline]
    fn diagonal_distance(&self, a: &[T; 2]) -> T {
        (a[1] - a[0]) * self.diagonal_factor
    }

    /// The distance of `a` to the diagonal, to the `q`.
    #[inline]
    fn diagonal_cost(&self, a: &[T; 2]) -> T {
        self.power(self.diagonal_distance(a))
    }
}

impl<T: Real, const POINTS: usize> WassersteinWorkspace<T, POINTS> {
    fn solve(
        &mut self,
        left: &[Bar<T>],
        right: &[Bar<T>],
        options: &WassersteinOptions<T>,
        partners: Option<&mut [Option<usize>]>,
    ) -> Result<DiagramDistance<T>> {
        let costs = Costs::new(options)?;
        // Columns are numbered in u16, with u16::MAX meaning none.
        let capacity = POINTS.min(u16::MAX as usize);
        if left.len() + right.len() > capacity {
            return Err(Error::CapacityExceeded {
                needed: left.len() + right.len(),
                capacity,
            });
        }
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
        if self.left_essential.len() != self.right_essential.len() {
            return Ok(DiagramDistance::Infinite {
                essential_left: self.left_essential.len(),
                essential_right: self.right_essential.len(),
            });
        }
        let essential_gap =
            |i: u16, j: u16| (left[i as usize].birth() - right[j as usize].birth()).abs();
        // The largest distance of the problem, and a lower bound on the largest distance any
        // matching uses: every point must go somewhere, at least as far as its nearest option;
        // and unless W = 0, that largest distance is at least the smallest positive one.
        let mut largest = T::zero();
        let mut lower_bound = T::zero();
        let mut smallest_positive = T::lit(f64::INFINITY);
        let mut note = |x: T| {
            if x > T::zero() {
                smallest_positive = smallest_positive.min(x);
            }
        };
        for (&i, &j) in self.left_essential.iter().zip(self.right_essential.iter()) {
            let gap = essential_gap(i, j);
            if !gap.is_finite() {
                // Essential pairs are fixed: the distance is past the range of T (the caller
                // reports it as an overflow).
                return Ok(DiagramDistance::Finite(gap));
            }
            largest = largest.max(gap);
            lower_bound = lower_bound.max(gap);
            note(gap);
        }
        // Infinite distances (points near ±MAX) are left out of `largest`: every point has a
        // finite way to the diagonal, so no optimal matching needs them.
        for (points, others) in [(&self.left, &self.right), (&self.right, &self.left)] {
            for a in points.iter() {
                let mut nearest = costs.diagonal_distance(a);
                note(nearest);
                for b in others.iter() {
                    let distance = costs.ground(a, b);
                    if distance.is_finite() {
                        largest = largest.max(distance);
                    }
                    nearest = nearest.min(distance);
                    note(distance);
                }
                largest = largest.max(costs.diagonal_distance(a));
                lower_bound = lower_bound.max(nearest);
            }
        }
        let lower_bound = lower_bound.max(smallest_positive.min(largest));
        let terms = self.left_essential.len() + self.left.len() + self.right.len();
        let cap = T::lit((terms + 1) as f64);
        let scaled = costs.scaled_to(largest);
        // Precise when the optimum is of the order of the unit, and so of the largest cost in
        // play (see `Costs::refined`), or exactly 0 (a matching of zero distances only).
        let precise = |total: T, used: T, costs: &Costs<T>, unit: T| {
            used == T::zero() || (total.is_finite() && total >= costs.power(unit) * T::lit(0.5))
        };
        // First in units of the largest distance, which is all it takes when the optimum is
        // of that order (the common case); then up to twice in units of the largest distance
        // the last matching used (q = 432 needed one such pass).
        let mut costs = scaled;
        let (mut total, mut used) = self.solve_finite(&costs, essential_gap);
        let mut unit = largest;
        let mut passes = 1;
        while !precise(total, used, &costs, unit) {
            if passes == 3 || !(total > T::zero() && used.is_finite() && used < unit) {
                // Every cost underflowed or overflowed (orders like 1e17), or the descent is
                // slow: the unit that is right for every order is the smallest largest
                // distance of any matching, M. Every matching has a term ≥ 1 in units of M
                // and the one that attains M has all of its terms ≤ 1, so the optimum lies in
                // [1, terms] there.
                unit = self.smallest_largest_distance(&scaled, lower_bound, largest, essential_gap);
                if unit == T::zero() {
                    // A matching of zero distances (the one just found): W = 0.
                    (total, costs) = (T::zero(), scaled);
                    break;
                }
                costs = scaled.refined(unit, cap);
                (total, _) = self.solve_finite(&costs, essential_gap);
                break;
            }
            unit = used;
            costs = scaled.refined(unit, cap);
            (total, used) = self.solve_finite(&costs, essential_gap);
            passes += 1;
        }
        if let Some(partners) = partners {
            let swap = self.left.len() > self.right.len();
            let n = self.left.len().min(self.right.len());
            for j in 0..self.left.len().max(self.right.len()) {
                let i = self.owner[j] as usize;
                if i < n {
                    let (l, r) = if swap { (j, i) } else { (i, j) };
                    partners[self.left_index[l] as usize] = Some(self.right_index[r] as usize);
                }
            }
            for (&i, &j) in self.left_essential.iter().zip(self.right_essential.iter()) {
                partners[i as usize] = Some(j as usize);
            }
        }
        Ok(DiagramDistance::Finite(costs.distance(total)))
    }

    /// The smallest largest distance of any matching (the bottleneck value under this ground
    /// metric, with the essential pairs fixed), by bisection on a threshold: a matching that
    /// uses no distance above `t` exists exactly when the assignment with costs 0 up to `t` and
    /// 1 beyond costs 0, and then its own largest distance, an actual distance ≤ `t`, is the
    /// new upper end. `low` is a lower bound, `high` a distance some matching stays within (the
    /// largest one: every point can go to the diagonal). About 60 assignments at most; only
    /// orders where the first passes fail (huge q) come here.
    fn smallest_largest_distance(
        &mut self,
        costs: &Costs<T>,
        low: T,
        high: T,
        essential_gap: impl Fn(u16, u16) -> T + Copy,
    ) -> T {
        let mut feasible = |t: T| {
            let (total, used) = self.solve_finite(&costs.thresholded(t), essential_gap);
            (total == T::zero()).then_some(used)
        };
        if let Some(used) = feasible(low) {
            return used;
        }
        let (mut low, mut high) = (low, high);
        loop {
            // Geometric steps while the ends are far apart, then halving.
            let middle = if low > T::zero() && high > low * T::lit(2.0) {
                low.sqrt() * high.sqrt() // (low·high overflows for ends near 1e194)
            } else {
                low + (high - low) * T::lit(0.5)
            };
            if !(middle > low && middle < high) {
                return high;
            }
            match feasible(middle) {
                Some(used) => high = used,
                None => low = middle,
            }
        }
    }

    /// One assignment of the finite points under `costs`: the total cost of the matching
    /// (essential pairs included), summed from the matching itself rather than from the
    /// potentials, and the largest distance it uses.
    fn solve_finite(&mut self, costs: &Costs<T>, essential_gap: impl Fn(u16, u16) -> T) -> (T, T) {
        let mut total = T::zero();
        let mut used = T::zero();
        for (&i, &j) in self.left_essential.iter().zip(self.right_essential.iter()) {
            let gap = essential_gap(i, j);
            total += costs.power(gap);
            used = used.max(gap);
        }
        // Rows are the smaller diagram: the work grows with the square of their number.
        let swap = self.left.len() > self.right.len();
        let (rows, columns) = if swap {
            (&self.right, &self.left)
        } else {
            (&self.left, &self.right)
        };
        let (n, m) = (rows.len(), columns.len());
        assign(
            rows,
            columns,
            costs,
            &mut self.row_potential,
            &mut self.column_potential,
            &mut self.slack,
            &mut self.owner,
            &mut self.came_from,
            &mut self.done,
        );
        // Cost of the matching: assigned pairs, rows sent to their diagonal column, and the
        // columns' points nobody took.
        let taken = &mut self.done;
        taken[..m].fill(false);
        for j in 0..m + n {
            let i = self.owner[j] as usize;
            if j < m {
                if i < n {
                    total += costs.between(&rows[i], &columns[j]);
                    used = used.max(costs.ground(&rows[i], &columns[j]));
                    taken[j] = true;
                }
            } else if i < n {
                total += costs.diagonal_cost(&rows[i]);
                used = used.max(costs.diagonal_distance(&rows[i]));
            }
        }
        for (j, point) in columns.iter().enumerate() {
            if !taken[j] {
                total += costs.diagonal_cost(point);
                used = used.max(costs.diagonal_distance(point));
            }
        }
        (total, used)
    }
}

/// Solves the assignment of `rows` to columns `0 … m + n` (the `m` points of `columns`, then
/// one diagonal column per row, open to that row only) at minimum total reduced cost
/// `c(i, j) − c(j, diagonal)` for `j < m` and `c(i, diagonal)` for column `m + i`: the
/// shortest-augmenting-path Hungarian method (Kuhn–Munkres with potentials), inserting one row
/// at a time. On return `owner[j]` is the row in column `j` (`NONE` if empty).
#[allow(clippy::too_many_arguments)]
fn assign<T: Real, const POINTS: usize>(
    rows: &heapless::Vec<[T; 2], POINTS>,
    columns: &heapless::Vec<[T; 2], POINTS>,
    costs: &Costs<T>,
    row_potential: &mut heapless::Vec<T, POINTS>,
    column_potential: &mut heapless::Vec<T, POINTS>,
    slack: &mut heapless::Vec<T, POINTS>,
    owner: &mut [u16; POINTS],
    came_from: &mut [u16; POINTS],
    done: &mut [bool; POINTS],
) {
    let (n, m) = (rows.len(), columns.len());
    let width = m + n;
    let infinity = T::lit(f64::INFINITY);
    row_potential.clear();
    column_potential.clear();
    slack.clear();
    for _ in 0..n {
        let _ = row_potential.push(T::zero());
    }
    for _ in 0..width {
        let _ = column_potential.push(T::zero());
        let _ = slack.push(infinity);
    }
    owner[..width].fill(NONE);
    let cost = |i: usize, j: usize| -> Option<T> {
        if j < m {
            Some(costs.between(&rows[i], &columns[j]) - costs.diagonal_cost(&columns[j]))
        } else if j - m == i {
            Some(costs.diagonal_cost(&rows[i]))
        } else {
            None
        }
    };
    for new_row in 0..n {
        slack[..width].fill(infinity);
        done[..width].fill(false);
        // The search starts from a virtual column holding `new_row`.
        let mut current: Option<usize> = None;
        let final_column = loop {
            let i = match current {
                None => new_row,
                Some(j) => {
                    done[j] = true;
                    owner[j] as usize
                }
            };
            let mut delta = infinity;
            // A column not yet visited, even when no reduced cost is below ∞ (costs that
            // overflowed): each pass then still visits a new column, so the search ends. It
            // looped forever on such costs (found by fuzzing, issue 9); the matching it now
            // returns has an infinite cost, reported as an overflow.
            let mut next = (0..width).find(|&j| !done[j]).unwrap_or(0);
            for j in 0..width {
                if done[j] {
                    continue;
                }
                if let Some(c) = cost(i, j) {
                    let reduced = c - row_potential[i] - column_potential[j];
                    if reduced < slack[j] {
                        slack[j] = reduced;
                        came_from[j] = current.map_or(NONE, |c| c as u16);
                    }
                }
                if slack[j] < delta {
                    delta = slack[j];
                    next = j;
                }
            }
            row_potential[new_row] += delta;
            for j in 0..width {
                if done[j] {
                    row_potential[owner[j] as usize] += delta;
                    column_potential[j] -= delta;
                } else {
                    slack[j] -= delta;
                }
            }
            current = Some(next);
            if owner[next] == NONE {
                break next;
            }
        };
        // Shift the rows along the path back to the virtual column.
        let mut j = final_column;
        loop {
            let previous = came_from[j];
            if previous == NONE {
                owner[j] = new_row as u16;
                break;
            }
            owner[j] = owner[previous as usize];
            j = previous as usize;
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::bottleneck::tests::{all_matchings, random_diagram};
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use std::vec::Vec;

    fn brute_force(x: &[Bar<f64>], y: &[Bar<f64>], options: &WassersteinOptions<f64>) -> f64 {
        let costs = Costs::new(options).unwrap();
        let points = |bars: &[Bar<f64>]| -> Vec<[f64; 2]> {
            bars.iter()
                .map(|b| [b.birth(), b.death().unwrap()])
                .collect()
        };
        let mut best = f64::INFINITY;
        all_matchings(
            &points(x),
            &points(y),
            &|a, b| costs.between(a, b),
            &|a| costs.diagonal_cost(a),
            &mut |c| best = best.min(c.iter().sum()),
        );
        best.powf(options.order.recip())
    }

    /// The exact W_q by enumeration, each matching's sum taken in units of its own largest
    /// distance, so that no order over- or underflows.
    fn brute_force_any_order(
        x: &[Bar<f64>],
        y: &[Bar<f64>],
        order: f64,
        internal_p: Option<f64>,
    ) -> f64 {
        let distances = Costs::new(&WassersteinOptions {
            order: 1.0,
            internal_p,
        })
        .unwrap();
        let points = |bars: &[Bar<f64>]| -> Vec<[f64; 2]> {
            bars.iter()
                .map(|b| [b.birth(), b.death().unwrap()])
                .collect()
        };
        let mut best = f64::INFINITY;
        all_matchings(
            &points(x),
            &points(y),
            &|a, b| distances.between(a, b),
            &|a| distances.diagonal_cost(a),
            &mut |c| {
                let largest = c.iter().fold(0.0_f64, |m, &x| m.max(x));
                if largest > 0.0 {
                    let sum: f64 = c.iter().map(|x| (x / largest).powf(order)).sum();
                    best = best.min(largest * sum.powf(order.recip()));
                } else {
                    best = 0.0;
                }
            },
        );
        best
    }

    /// Large orders, where the Hungarian method's rounding relative to the largest cost used to
    /// pick suboptimal matchings, or all-zero ones (issue 9): refined, the result is optimal.
    #[test]
    fn large_orders_equal_the_best_of_all_matchings() {
        let mut rng = StdRng::seed_from_u64(14);
        let mut ws = WassersteinWorkspace::<f64, 16>::new();
        let mut ws32 = WassersteinWorkspace::<f32, 16>::new();
        let cases = [1.0, 2.0, 40.0, 432.0, 1e6, 1.7e17, 1.3e109, 1.4e196]
            .into_iter()
            .flat_map(|order| [(order, None), (order, Some(86.33984375))]);
        for (order, internal_p) in cases {
            let options = WassersteinOptions { order, internal_p };
            for grid in [2.0, 1000.0, 1e6] {
                for round in 0..40 {
                    let mut x = random_diagram(&mut rng, 4, grid);
                    let y = random_diagram(&mut rng, 4, grid);
                    // Sometimes a point at −MAX, infinitely far from everything but the
                    // diagonal (found by fuzzing).
                    if round % 4 == 0 {
                        x.push(Bar::new(-f64::MAX, Some(-f64::MAX)).unwrap());
                    }
                    let expected = brute_force_any_order(&x, &y, order, internal_p);
                    for (a, b) in [(&x, &y), (&y, &x)] {
                        let ours = wasserstein_distance(a, b, &options, &mut ws);
                        let ours =
                            ours.unwrap_or_else(|e| panic!("{e:?} for q = {order}, {a:?}, {b:?}"));
                        let ours = ours.finite().unwrap();
                        assert!(
                            (ours - expected).abs() <= 1e-12 * expected,
                            "q = {order}: {ours} against {expected} for {a:?}, {b:?}"
                        );
                        // The same in f32 (the grid values are exact in f32 only to rounding,
                        // and so is the optimum).
                        let single = |bars: &[Bar<f64>]| -> Vec<Bar<f32>> {
                            bars.iter()
                                .map(|b| {
                                    let narrow = |v: f64| (v as f32).clamp(-f32::MAX, f32::MAX);
                                    Bar::new(narrow(b.birth()), b.death().map(narrow))
                                })
                                .collect::<Result<_>>()
                                .unwrap()
                        };
                        if order > f64::from(f32::MAX) {
                            continue; // not an f32 order
                        }
                        let options = WassersteinOptions {
                            order: order as f32,
                            internal_p: internal_p.map(|p| p as f32),
                        };
                        let ours =
                            wasserstein_distance(&single(a), &single(b), &options, &mut ws32)
                                .unwrap_or_else(|e| {
                                    panic!("f32: {e:?} for q = {order}, {a:?}, {b:?}")
                                });
                        let ours = f64::from(ours.finite().unwrap());
                        // Against the optimum of the f32-rounded bars (exact in f64; the
                        // f32 order and exponent differ from the f64 ones by rounding too).
                        let widen = |bars: Vec<Bar<f32>>| -> Vec<Bar<f64>> {
                            bars.iter()
                                .map(|b| {
                                    let wide = |v: f32| f64::from(v);
                                    Bar::new(wide(b.birth()), b.death().map(wide)).unwrap()
                                })
                                .collect()
                        };
                        let expected = brute_force_any_order(
                            &widen(single(a)),
                            &widen(single(b)),
                            f64::from(order as f32),
                            internal_p.map(|p| f64::from(p as f32)),
                        );
                        assert!(
                            (ours - expected).abs() <= 1e-5 * expected,
                            "f32, q = {order}: {ours} against {expected} for {a:?}, {b:?}"
                        );
                    }
                }
            }
        }
    }

    /// Identical diagrams, with bars whose costs underflow at large orders beside a huge one:
    /// W = 0 exactly, in every order.
    #[test]
    fn identical_diagrams_at_a_huge_order_are_at_distance_zero() {
        let x = [
            Bar::new(0.0_f64, Some(1e-300)).unwrap(),
            Bar::new(1.0, Some(1.0 + 1e-15)).unwrap(),
            Bar::new(1e300, Some(1.5e300)).unwrap(),
        ];
        let mut ws = WassersteinWorkspace::<f64, 8>::new();
        for order in [1.0, 2.0, 1e6, 1e200] {
            let options = WassersteinOptions {
                order,
                internal_p: None,
            };
            let w = wasserstein_distance(&x, &x, &options, &mut ws).unwrap();
            assert_eq!(w, DiagramDistance::Finite(0.0), "q = {order}");
        }
    }

    #[test]
    fn equals_the_best_of_all_matchings() {
        let mut rng = StdRng::seed_from_u64(12);
        let mut ws = WassersteinWorkspace::<f64, 16>::new();
        let mut partners = [None; 8];
        for (order, internal_p) in [(1.0, None), (2.0, None), (1.0, Some(1.0)), (3.5, Some(2.0))] {
            let options = WassersteinOptions { order, internal_p };
            for grid in [2.0, 1000.0] {
                for _ in 0..200 {
                    let x = random_diagram(&mut rng, 4, grid);
                    let y = random_diagram(&mut rng, 4, grid);
                    let expected = brute_force(&x, &y, &options);
                    let ours = wasserstein_distance(&x, &y, &options, &mut ws).unwrap();
                    let ours = ours.finite().unwrap();
                    assert!(
                        (ours - expected).abs() <= 1e-13 * expected.max(1.0),
                        "{ours} {expected}"
                    );
                    let back = wasserstein_distance(&y, &x, &options, &mut ws).unwrap();
                    assert!((back.finite().unwrap() - ours).abs() <= 1e-13 * ours.max(1.0));
                    // The matching's own cost is the distance.
                    wasserstein_matching(&x, &y, &options, &mut ws, &mut partners).unwrap();
                    let costs = Costs::new(&options).unwrap();
                    let p = |b: &Bar<f64>| [b.birth(), b.death().unwrap()];
                    let mut total = 0.0;
                    let mut used = [false; 8];
                    for (i, partner) in partners[..x.len()].iter().enumerate() {
                        total += match partner {
                            Some(j) => {
                                used[*j] = true;
                                costs.between(&p(&x[i]), &p(&y[*j]))
                            }
                            None => costs.diagonal_cost(&p(&x[i])),
                        };
                    }
                    for (j, b) in y.iter().enumerate() {
                        if !used[j] {
                            total += costs.diagonal_cost(&p(b));
                        }
                    }
                    let total = total.powf(order.recip());
                    assert!((total - expected).abs() <= 1e-13 * expected.max(1.0));
                }
            }
        }
    }

    #[test]
    fn essential_parts_and_bad_options() {
        let mut ws = WassersteinWorkspace::<f64, 8>::new();
        let x = [
            Bar::essential(0.0).unwrap(),
            Bar::new(0.0, Some(1.0)).unwrap(),
        ];
        let y = [Bar::essential(0.5).unwrap()];
        let options = WassersteinOptions {
            order: 2.0,
            internal_p: None,
        };
        // 0.5² from the essential pair, 0.5² for (0, 1) to the diagonal.
        let w = wasserstein_distance(&x, &y, &options, &mut ws).unwrap();
        assert!((w.finite().unwrap() - 0.5_f64.sqrt()).abs() < 1e-15);
        assert!(
            wasserstein_distance(&x, &[], &options, &mut ws)
                .unwrap()
                .is_infinite()
        );
        for (order, internal_p, name) in [
            (0.5, None, "order"),
            (f64::INFINITY, None, "order"),
            (1.0, Some(0.5), "internal_p"),
            (1.0, Some(f64::NAN), "internal_p"),
        ] {
            let bad = WassersteinOptions { order, internal_p };
            assert!(matches!(
                wasserstein_distance(&x, &y, &bad, &mut ws),
                Err(Error::InvalidParameter { name: n, .. }) if n == name
            ));
        }
        let mut tiny = WassersteinWorkspace::<f64, 2>::new();
        assert_eq!(
            wasserstein_distance(&x, &y, &options, &mut tiny),
            Err(Error::CapacityExceeded {
                needed: 3,
                capacity: 2
            })
        );
        let empty: [Bar<f32>; 0] = [];
        let mut ws32 = WassersteinWorkspace::<f32, 4>::new();
        assert_eq!(
            wasserstein_distance(&empty, &empty, &WassersteinOptions::default(), &mut ws32),
            Ok(DiagramDistance::Finite(0.0))
        );
    }
}
