//! Forman–Ricci curvature of small weighted graphs, and the curvature flow it drives, in fixed
//! capacity.

use super::numeric;
use crate::{Error, Real, Result};

/// An undirected edge between vertices `a` and `b` with a positive weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge<T: Real> {
    /// One end.
    pub a: usize,
    /// The other end.
    pub b: usize,
    /// The weight (read as a length by the curvature flow), finite and positive.
    pub weight: T,
}

/// Which cells the Forman curvature counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormanVariant {
    /// The graph as a 1-complex (vertices and edges), Sreejith et al. 2016:
    /// `F(e) = w_e (w_a/w_e + w_b/w_e − Σ_{e′∋a, e′≠e} w_a/√(w_e w_e′) − Σ_{e′∋b, e′≠e} w_b/√(w_e w_e′))`;
    /// unweighted, `F(e) = 4 − deg a − deg b`.
    Plain,
    /// Triangles added as 2-cells of weight 1 (Samal et al. 2018, as GraphRicciCurvature
    /// computes it): `F#(e) = w_e (t·w_e + w_a/w_e + w_b/w_e − Σ_{e′∥e} w_v/√(w_e w_e′))` with
    /// `t` the number of triangles on `e` and `e′ ∥ e` the edges sharing a vertex `v` with `e`
    /// but no triangle; unweighted, `F#(e) = 4 − deg a − deg b + 3t`.
    Augmented,
}

/// A weighted graph on the vertices `0..V` with at most `E` edges, in fixed capacity (a
/// `heapless::Vec` of edges and an array of vertex weights: no heap, it can live in a
/// `static`).
///
/// Forman's curvature of an edge is negative where the edge is a bottleneck between
/// well-connected regions (a bridge between communities) and larger where its neighbourhood
/// is sparse or closed up in triangles. The curvature flow
/// `w_e ← w_e (1 − η F(e))`, renormalised to keep the total weight, is the discrete analogue
/// of Ricci flow `∂g/∂t = −2 Ric`: with weights read as lengths, negatively curved edges are
/// stretched and the graph's bottlenecks stand out. (Seed 001's "Ricci flow" scales weights by
/// the degrees, never computes a curvature, and clamps weights at 0.01; it is not a curvature
/// flow.)
///
/// ```
/// use geoml::manifold::{FormanVariant, WeightedGraph};
///
/// // Two triangles joined by a bridge (2, 3).
/// let mut g = WeightedGraph::<f64, 6, 8>::new();
/// for (a, b) in [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (4, 5)] {
///     g.add_edge(a, b, 1.0)?;
/// }
/// let bridge = 3;
/// assert_eq!(g.forman_curvature(bridge, FormanVariant::Plain)?, -2.0); // 4 − 3 − 3
/// assert_eq!(g.forman_curvature(0, FormanVariant::Augmented)?, 3.0);   // 4 − 2 − 2 + 3
/// for _ in 0..8 {
///     g.curvature_flow_step(0.05, FormanVariant::Augmented)?;
/// }
/// let longest = g.edges().iter().map(|e| e.weight).fold(0.0, f64::max);
/// assert_eq!(g.edges()[bridge].weight, longest);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedGraph<T: Real, const V: usize, const E: usize> {
    vertex_weights: [T; V],
    edges: heapless::Vec<Edge<T>, E>,
}

impl<T: Real, const V: usize, const E: usize> Default for WeightedGraph<T, V, E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Real, const V: usize, const E: usize> WeightedGraph<T, V, E> {
    /// The graph with `V` vertices of weight 1 and no edges.
    ///
    /// ```
    /// use geoml::manifold::WeightedGraph;
    ///
    /// let g = WeightedGraph::<f64, 4, 6>::new();
    /// assert!(g.edges().is_empty());
    /// assert_eq!(g.vertex_weights(), &[1.0; 4]);
    /// ```
    pub fn new() -> Self {
        WeightedGraph {
            vertex_weights: [T::one(); V],
            edges: heapless::Vec::new(),
        }
    }

    /// The graph with the given vertex weights and no edges.
    ///
    /// # Errors
    /// [`Error::NonFinite`] or [`Error::InvalidParameter`] (named `"vertex weight"`) unless
    /// every weight is finite and positive.
    ///
    /// ```
    /// use geoml::manifold::{FormanVariant, WeightedGraph};
    ///
    /// // The path 0 – 1 – 2 with a heavy end vertex.
    /// let mut g = WeightedGraph::<f64, 3, 2>::with_vertex_weights([2.0, 1.0, 1.0])?;
    /// g.add_edge(0, 1, 1.0)?;
    /// g.add_edge(1, 2, 1.0)?;
    /// // F(e₀₁) = w₀ + w₁ − w₁ √(1/1) = 2 + 1 − 1.
    /// assert_eq!(g.forman_curvature(0, FormanVariant::Plain)?, 2.0);
    /// assert!(WeightedGraph::<f64, 3, 2>::with_vertex_weights([1.0, 0.0, 1.0]).is_err());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn with_vertex_weights(weights: [T; V]) -> Result<Self> {
        crate::check_finite(&weights)?;
        for w in weights {
            numeric::check_positive("vertex weight", w)?;
        }
        Ok(WeightedGraph {
            vertex_weights: weights,
            edges: heapless::Vec::new(),
        })
    }

    /// Adds the edge `{a, b}` with weight `weight` and returns its index.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for a vertex ≥ V (named `"vertex"`), a self-loop (named
    /// `"self-loop at vertex"`), an edge already present (named `"duplicate edge at vertex"`,
    /// value `a`) or a weight that is not positive (named `"edge weight"`);
    /// [`Error::NonFinite`] for a NaN or infinite weight; [`Error::CapacityExceeded`] when the
    /// graph already has `E` edges.
    ///
    /// ```
    /// use geoml::manifold::WeightedGraph;
    ///
    /// let mut g = WeightedGraph::<f32, 3, 2>::new();
    /// assert_eq!(g.add_edge(0, 1, 1.0)?, 0);
    /// assert!(g.add_edge(1, 0, 2.0).is_err()); // the same undirected edge
    /// assert!(g.add_edge(1, 3, 1.0).is_err()); // no vertex 3
    /// assert_eq!(g.add_edge(1, 2, 0.5)?, 1);
    /// assert!(matches!(g.add_edge(0, 2, 1.0), Err(geoml::Error::CapacityExceeded { capacity: 2, .. })));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn add_edge(&mut self, a: usize, b: usize, weight: T) -> Result<usize> {
        for v in [a, b] {
            if v >= V {
                return Err(Error::InvalidParameter {
                    name: "vertex",
                    value: v as f64,
                });
            }
        }
        if a == b {
            return Err(Error::InvalidParameter {
                name: "self-loop at vertex",
                value: a as f64,
            });
        }
        numeric::check_scalar(weight)?;
        numeric::check_positive("edge weight", weight)?;
        if self.weight_between(a, b).is_some() {
            return Err(Error::InvalidParameter {
                name: "duplicate edge at vertex",
                value: a as f64,
            });
        }
        self.edges
            .push(Edge { a, b, weight })
            .map_err(|_| Error::CapacityExceeded {
                needed: E + 1,
                capacity: E,
            })?;
        Ok(self.edges.len() - 1)
    }

    /// The edges in the order they were added.
    ///
    /// ```
    /// use geoml::manifold::{Edge, WeightedGraph};
    ///
    /// let mut g = WeightedGraph::<f64, 3, 3>::new();
    /// g.add_edge(2, 0, 0.5)?;
    /// g.add_edge(0, 1, 1.5)?;
    /// assert_eq!(g.edges()[0], Edge { a: 2, b: 0, weight: 0.5 });
    /// assert_eq!(g.edges()[1].weight, 1.5);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn edges(&self) -> &[Edge<T>] {
        &self.edges
    }

    /// The vertex weights.
    ///
    /// ```
    /// use geoml::manifold::WeightedGraph;
    ///
    /// let g = WeightedGraph::<f64, 3, 2>::with_vertex_weights([1.0, 2.0, 3.0])?;
    /// assert_eq!(g.vertex_weights(), &[1.0, 2.0, 3.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn vertex_weights(&self) -> &[T; V] {
        &self.vertex_weights
    }

    /// The number of edges at vertex `v` (0 for a vertex outside `0..V`).
    ///
    /// ```
    /// use geoml::manifold::WeightedGraph;
    ///
    /// // A star with centre 0.
    /// let mut g = WeightedGraph::<f64, 4, 3>::new();
    /// for leaf in 1..4 {
    ///     g.add_edge(0, leaf, 1.0)?;
    /// }
    /// assert_eq!((g.degree(0), g.degree(2), g.degree(7)), (3, 1, 0));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn degree(&self, v: usize) -> usize {
        self.edges.iter().filter(|e| e.a == v || e.b == v).count()
    }

    /// The sum of the edge weights.
    ///
    /// ```
    /// use geoml::manifold::WeightedGraph;
    ///
    /// let mut g = WeightedGraph::<f64, 3, 3>::new();
    /// g.add_edge(0, 1, 0.25)?;
    /// g.add_edge(1, 2, 1.5)?;
    /// assert_eq!(g.total_weight(), 1.75);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn total_weight(&self) -> T {
        self.edges.iter().fold(T::zero(), |s, e| s + e.weight)
    }

    fn weight_between(&self, x: usize, y: usize) -> Option<T> {
        self.edges
            .iter()
            .find(|e| (e.a == x && e.b == y) || (e.a == y && e.b == x))
            .map(|e| e.weight)
    }

    fn vertex_weight(&self, v: usize) -> T {
        self.vertex_weights.get(v).copied().unwrap_or(T::one())
    }

    /// The Forman–Ricci curvature of edge `edge` (an index from [`WeightedGraph::add_edge`]):
    ///
    /// `F(e) = w_a + w_b − Σ_{e′} w_v √(w_e / w_e′) + t·w_e²`
    ///
    /// for `e = {a, b}` with vertex weights `w_a, w_b`, the sum over the other edges `e′` that
    /// share a vertex `v` with `e`, and `t` the number of triangles on `e`. With
    /// [`FormanVariant::Plain`] `t = 0` and every such `e′` counts; with
    /// [`FormanVariant::Augmented`] the edges `e′` in a triangle with `e` are left out of the sum
    /// (these are the formulas of [`FormanVariant`], multiplied out).
    ///
    /// Accuracy: a sum of `deg a + deg b` terms, each to an ulp; weights are combined as
    /// `√(w_e / w_e′)`, so no product overflows.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"edge"` for an index past the last edge;
    /// [`Error::Overflow`] if the weights are so disparate that a ratio overflows.
    ///
    /// ```
    /// use geoml::manifold::{FormanVariant, WeightedGraph};
    ///
    /// // The path 0 – 1 – 2 with edge weights 1 and 4, unit vertex weights.
    /// let mut g = WeightedGraph::<f64, 3, 2>::new();
    /// let light = g.add_edge(0, 1, 1.0)?;
    /// let heavy = g.add_edge(1, 2, 4.0)?;
    /// assert_eq!(g.forman_curvature(light, FormanVariant::Plain)?, 1.5); // 1 + 1 − √(1/4)
    /// assert_eq!(g.forman_curvature(heavy, FormanVariant::Plain)?, 0.0); // 1 + 1 − √(4/1)
    /// assert!(g.forman_curvature(2, FormanVariant::Plain).is_err()); // no edge 2
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn forman_curvature(&self, edge: usize, variant: FormanVariant) -> Result<T> {
        let e = *self.edges.get(edge).ok_or(Error::InvalidParameter {
            name: "edge",
            value: edge as f64,
        })?;
        let (wa, wb) = (self.vertex_weight(e.a), self.vertex_weight(e.b));
        let mut triangles = T::zero();
        let mut parallel = T::zero();
        for other in self.edges.iter() {
            // The end it shares with e, and the vertex at its other end.
            let (shared, far) = match (other.a, other.b) {
                (x, y) if (x, y) == (e.a, e.b) || (y, x) == (e.a, e.b) => continue,
                (x, y) if x == e.a || x == e.b => (x, y),
                (x, y) if y == e.a || y == e.b => (y, x),
                _ => continue,
            };
            let opposite = if shared == e.a { e.b } else { e.a };
            let closes_triangle = self.weight_between(far, opposite).is_some();
            if variant == FormanVariant::Augmented && closes_triangle {
                // Each triangle is met from both of e's ends: count it half each time.
                triangles += T::lit(0.5);
                continue;
            }
            let w_shared = if shared == e.a { wa } else { wb };
            parallel += w_shared * (e.weight / other.weight).sqrt();
        }
        let curvature = wa + wb - parallel + triangles * e.weight * e.weight;
        numeric::check_scalar(curvature).map_err(|_| Error::Overflow {
            value: curvature.as_f64().abs(),
        })?;
        Ok(curvature)
    }

    /// The curvature of every edge, in edge order.
    ///
    /// # Errors
    /// As [`WeightedGraph::forman_curvature`].
    ///
    /// ```
    /// use geoml::manifold::{FormanVariant, WeightedGraph};
    ///
    /// // A 4-cycle with the chord (0, 2): two triangles sharing the chord.
    /// let mut g = WeightedGraph::<f64, 4, 5>::new();
    /// for (a, b) in [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)] {
    ///     g.add_edge(a, b, 1.0)?;
    /// }
    /// // Unweighted, F = 4 − deg a − deg b, and F# adds 3 per triangle.
    /// let plain = g.forman_curvatures(FormanVariant::Plain)?;
    /// assert_eq!(plain.as_slice(), &[-1.0, -1.0, -1.0, -1.0, -2.0]);
    /// let augmented = g.forman_curvatures(FormanVariant::Augmented)?;
    /// assert_eq!(augmented.as_slice(), &[2.0, 2.0, 2.0, 2.0, 4.0]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn forman_curvatures(&self, variant: FormanVariant) -> Result<heapless::Vec<T, E>> {
        let mut out = heapless::Vec::new();
        for k in 0..self.edges.len() {
            // Cannot fail: out has the same capacity as self.edges.
            let _ = out.push(self.forman_curvature(k, variant)?);
        }
        Ok(out)
    }

    /// One step of the normalised Forman–Ricci flow: every weight becomes
    /// `w_e (1 − η F(e))` with the curvatures of the current weights, then all weights are
    /// scaled so that their total is unchanged. The graph is left as it was on error.
    ///
    /// Like Ricci flow on a manifold, the flow can pinch: on two communities joined by a bridge
    /// the bridge's curvature grows more negative as it stretches, so it absorbs nearly all the
    /// length in finitely many steps while the other weights shrink geometrically (practical
    /// community detection stops there and cuts the longest edges).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] named `"step"` unless `η > 0` is finite and small enough
    /// that every new weight stays positive (`η F(e) < 1`); [`Error::Overflow`] (with the ratio
    /// of the total weight to the smallest) once the flow has pinched so far that a weight
    /// leaves the normal range of `T`, or (with the new total weight) when `η F(e)` is so large
    /// that the new weights leave the range of `T` before renormalising; as
    /// [`WeightedGraph::forman_curvature`].
    ///
    /// ```
    /// use geoml::manifold::{FormanVariant, WeightedGraph};
    ///
    /// // The path 0 – 1 – 2 – 3: F = 1 on the end edges, 0 on the middle one.
    /// let mut g = WeightedGraph::<f64, 4, 3>::new();
    /// for (a, b) in [(0, 1), (1, 2), (2, 3)] {
    ///     g.add_edge(a, b, 1.0)?;
    /// }
    /// g.curvature_flow_step(0.1, FormanVariant::Plain)?;
    /// // Weights (0.9, 1, 0.9), rescaled to the old total 3.
    /// assert!((g.edges()[1].weight - 3.0 / 2.8).abs() < 1e-15);
    /// assert!((g.total_weight() - 3.0).abs() < 1e-14);
    /// // η F(e) ≥ 1 would leave the end edges without length: refused, the graph unchanged.
    /// let before = g.clone();
    /// assert!(g.curvature_flow_step(2.0, FormanVariant::Plain).is_err());
    /// assert_eq!(g, before);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn curvature_flow_step(&mut self, step: T, variant: FormanVariant) -> Result<()> {
        numeric::check_positive("step", step)?;
        let curvatures = self.forman_curvatures(variant)?;
        let total = self.total_weight();
        let mut updated = self.edges.clone();
        for (edge, curvature) in updated.iter_mut().zip(curvatures.iter()) {
            let factor = T::one() - step * *curvature;
            if factor.partial_cmp(&T::zero()) != Some(core::cmp::Ordering::Greater) {
                return Err(Error::InvalidParameter {
                    name: "step",
                    value: step.as_f64(),
                });
            }
            edge.weight *= factor;
        }
        let new_total = updated.iter().fold(T::zero(), |s, e| s + e.weight);
        // η·F(e) so large that the new weights overflow (∞/∞ = NaN after renormalising), or so
        // small that they all underflow: no weight can be renormalised (found by fuzzing,
        // issue 9: the step returned Ok with NaN weights).
        if !(new_total.is_finite() && new_total > T::zero()) {
            return Err(Error::Overflow {
                value: new_total.as_f64(),
            });
        }
        // Each weight's share of the new total (at most 1) times the old total, so that no
        // renormalised weight exceeds the total: scaling by total/new_total instead rounded a
        // lone edge of weight f32::MAX, shrunk by 0.74 and scaled back, up to ∞ (found by
        // fuzzing, issue 9).
        for edge in updated.iter_mut() {
            edge.weight = edge.weight / new_total * total;
        }
        // The flow can pinch: a bridge absorbs nearly all the length while the other weights
        // shrink geometrically, until one of them leaves the range of T.
        let smallest = updated.iter().fold(total, |m, e| m.min(e.weight));
        let ratio = total / smallest;
        if !(smallest > T::zero() && ratio.is_finite()) {
            return Err(Error::Overflow {
                value: ratio.as_f64(),
            });
        }
        self.edges = updated;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unweighted_formulas<T: Real>() {
        // A 4-cycle with one chord: triangles (0,1,2) and (0,2,3).
        let mut g = WeightedGraph::<T, 4, 5>::new();
        for (a, b) in [(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)] {
            g.add_edge(a, b, T::one()).unwrap();
        }
        for (k, e) in g.edges().iter().enumerate() {
            let (da, db) = (g.degree(e.a) as f64, g.degree(e.b) as f64);
            let plain = g.forman_curvature(k, FormanVariant::Plain).unwrap();
            assert_eq!(plain.as_f64(), 4.0 - da - db);
            let t = if (e.a, e.b) == (0, 2) { 2.0 } else { 1.0 };
            let augmented = g.forman_curvature(k, FormanVariant::Augmented).unwrap();
            assert_eq!(augmented.as_f64(), 4.0 - da - db + 3.0 * t);
        }
    }

    #[test]
    fn unweighted_curvature_counts_degrees_and_triangles_f32_f64() {
        unweighted_formulas::<f32>();
        unweighted_formulas::<f64>();
    }

    fn flow<T: Real>() {
        let mut g = WeightedGraph::<T, 6, 7>::new();
        for (a, b) in [(0, 1), (0, 2), (1, 2), (2, 3), (3, 4), (3, 5), (4, 5)] {
            g.add_edge(a, b, T::one()).unwrap();
        }
        let before = g.edges()[3].weight / g.total_weight();
        let step = T::lit(0.05);
        for _ in 0..10 {
            g.curvature_flow_step(step, FormanVariant::Plain).unwrap();
            let drift = (g.total_weight() - T::lit(7.0)).abs().as_f64();
            assert!(drift < 64.0 * T::default_epsilon().as_f64());
        }
        assert!(g.edges()[3].weight / g.total_weight() > T::lit(1.5) * before);
        // A step so large a weight would turn negative is refused and changes nothing.
        let snapshot = g.clone();
        assert!(matches!(
            g.curvature_flow_step(T::lit(10.0), FormanVariant::Augmented),
            Err(Error::InvalidParameter { name: "step", .. })
        ));
        assert_eq!(g, snapshot);
        // Run on, the augmented flow pinches: the bridge takes all the length, the other
        // weights underflow, and the flow reports it instead of dividing by zero.
        let mut outcome = Ok(());
        for _ in 0..100 {
            outcome = g.curvature_flow_step(step, FormanVariant::Augmented);
            if outcome.is_err() {
                break;
            }
        }
        assert!(
            matches!(outcome, Err(Error::Overflow { .. })),
            "{outcome:?}"
        );
        assert!(g.edges()[3].weight > T::lit(6.99));
    }

    #[test]
    fn flow_keeps_the_total_and_stretches_the_bridge_f32_f64() {
        flow::<f32>();
        flow::<f64>();
    }

    #[test]
    fn bad_edges_are_named() {
        let mut g = WeightedGraph::<f32, 3, 2>::new();
        assert!(matches!(
            g.add_edge(0, 3, 1.0),
            Err(Error::InvalidParameter { name: "vertex", .. })
        ));
        assert!(matches!(
            g.add_edge(1, 1, 1.0),
            Err(Error::InvalidParameter {
                name: "self-loop at vertex",
                ..
            })
        ));
        assert!(matches!(
            g.add_edge(0, 1, f32::NAN),
            Err(Error::NonFinite { .. })
        ));
        assert!(matches!(
            g.add_edge(0, 1, -1.0),
            Err(Error::InvalidParameter {
                name: "edge weight",
                ..
            })
        ));
        g.add_edge(0, 1, 1.0).unwrap();
        assert!(matches!(
            g.add_edge(1, 0, 2.0),
            Err(Error::InvalidParameter {
                name: "duplicate edge at vertex",
                ..
            })
        ));
        g.add_edge(1, 2, 1.0).unwrap();
        assert_eq!(
            g.add_edge(0, 2, 1.0),
            Err(Error::CapacityExceeded {
                needed: 3,
                capacity: 2
            })
        );
        assert!(matches!(
            g.forman_curvature(5, FormanVariant::Plain),
            Err(Error::InvalidParameter { name: "edge", .. })
        ));
        assert!(WeightedGraph::<f64, 2, 1>::with_vertex_weights([1.0, 0.0]).is_err());
    }
}
