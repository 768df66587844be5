//! Persistence diagrams: the bars of each homology dimension, in a fixed-capacity buffer.

use super::Bar;
use super::small_sort;
use crate::{Error, Real, Result};
use core::cmp::Ordering;

/// The highest homology dimension a [`PersistenceDiagram`] holds (`H0`, `H1`, `H2`).
pub const MAX_DIMENSION: usize = 2;

/// The bars of homology dimensions `0 … MAX_DIMENSION`, at most `CAPACITY` in all, stored
/// without a heap (it can live in a `static`: [`PersistenceDiagram::new`] is `const`).
///
/// Bars are grouped by dimension: [`dimension(k)`](Self::dimension) is the slice of `Hk` bars.
/// Within a dimension the order is the one the computation produced until a `sort_*` method
/// is called. A computation that would produce more than `CAPACITY` bars fails with
/// [`Error::CapacityExceeded`] and leaves the diagram empty: a diagram is never truncated.
///
/// ```
/// use geoml::persistence::{Bar, PersistenceDiagram};
///
/// let mut diagram = PersistenceDiagram::<f64, 8>::new();
/// diagram.push(1, Bar::new(0.5, Some(0.75))?)?;
/// diagram.push(0, Bar::new(0.0, Some(0.5))?)?;
/// diagram.push(0, Bar::essential(0.0)?)?;
/// diagram.push(0, Bar::new(0.0, Some(0.25))?)?;
/// diagram.sort_by_persistence();
/// assert_eq!(diagram.dimension(0)[0], Bar::essential(0.0)?); // infinite first
/// assert_eq!(diagram.dimension(0)[2].death(), Some(0.25));
/// assert_eq!(diagram.dimension(1).len(), 1);
/// diagram.retain_persistence_above(0.25);
/// assert_eq!(diagram.dimension(0).len(), 2); // 0.25 is not strictly above 0.25
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PersistenceDiagram<T, const CAPACITY: usize> {
    bars: heapless::Vec<Bar<T>, CAPACITY>,
    /// `ends[k]`: one past the last bar of dimension `k` in `bars`.
    ends: [usize; MAX_DIMENSION + 1],
}

impl<T, const CAPACITY: usize> PersistenceDiagram<T, CAPACITY> {
    /// An empty diagram; `const`, so it can initialise a `static`.
    ///
    /// ```
    /// use geoml::persistence::PersistenceDiagram;
    ///
    /// static EMPTY: PersistenceDiagram<f32, 64> = PersistenceDiagram::new();
    /// assert!(EMPTY.is_empty() && EMPTY.capacity() == 64);
    /// ```
    pub const fn new() -> Self {
        Self {
            bars: heapless::Vec::new(),
            ends: [0; MAX_DIMENSION + 1],
        }
    }
}

impl<T, const CAPACITY: usize> Default for PersistenceDiagram<T, CAPACITY> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Real, const CAPACITY: usize> PersistenceDiagram<T, CAPACITY> {
    /// The bars of dimension `k` (empty for `k > MAX_DIMENSION`).
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(1, Bar::new(1.0, Some(1.5))?)?;
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// assert_eq!(diagram.dimension(0), &[Bar::essential(0.0)?]);
    /// assert_eq!(diagram.dimension(1)[0].birth(), 1.0);
    /// assert!(diagram.dimension(2).is_empty() && diagram.dimension(7).is_empty());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn dimension(&self, k: usize) -> &[Bar<T>] {
        match self.range(k) {
            Some((start, end)) => &self.bars[start..end],
            None => &[],
        }
    }

    /// Every bar with its dimension, dimension by dimension.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(1, Bar::new(1.0, Some(1.5))?)?;
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// let dims: Vec<usize> = diagram.iter().map(|(k, _)| k).collect();
    /// assert_eq!(dims, [0, 1]); // H0 first, whatever the order of the pushes
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Bar<T>)> + '_ {
        (0..=MAX_DIMENSION).flat_map(move |k| self.dimension(k).iter().map(move |b| (k, b)))
    }

    /// The number of bars of all dimensions.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// diagram.push(1, Bar::new(1.0, Some(2.0))?)?;
    /// assert_eq!(diagram.len(), 2);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.bars.len()
    }

    /// Whether there are no bars.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f32, 2>::new();
    /// assert!(diagram.is_empty());
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// assert!(!diagram.is_empty());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.bars.is_empty()
    }

    /// The most bars the diagram can hold, `CAPACITY`.
    ///
    /// ```
    /// let diagram = geoml::persistence::PersistenceDiagram::<f64, 32>::new();
    /// assert_eq!(diagram.capacity(), 32);
    /// ```
    pub const fn capacity(&self) -> usize {
        CAPACITY
    }

    /// Removes every bar.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(1, Bar::new(0.5, Some(1.0))?)?;
    /// diagram.clear();
    /// assert!(diagram.is_empty() && diagram.dimension(1).is_empty());
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn clear(&mut self) {
        self.bars.clear();
        self.ends = [0; MAX_DIMENSION + 1];
    }

    /// Adds `bar` to dimension `k` (after the bars already there).
    ///
    /// Errors: [`Error::InvalidParameter`] named `"dimension"` for `k > MAX_DIMENSION`;
    /// [`Error::CapacityExceeded`] when the diagram is full (then it is unchanged).
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 2>::new();
    /// diagram.push(0, Bar::new(0.0, Some(1.0))?)?;
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// assert_eq!(diagram.dimension(0)[1], Bar::essential(0.0)?); // after the first
    /// assert!(diagram.push(1, Bar::new(1.0, Some(2.0))?).is_err()); // full
    /// assert!(diagram.push(3, Bar::essential(0.0)?).is_err()); // k > MAX_DIMENSION
    /// assert_eq!(diagram.len(), 2);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn push(&mut self, k: usize, bar: Bar<T>) -> Result<()> {
        let Some((_, end)) = self.range(k) else {
            return Err(Error::InvalidParameter {
                name: "dimension",
                value: k as f64,
            });
        };
        self.bars
            .insert(end, bar)
            .map_err(|_| Error::CapacityExceeded {
                needed: CAPACITY + 1,
                capacity: CAPACITY,
            })?;
        for e in self.ends.iter_mut().skip(k) {
            *e += 1;
        }
        Ok(())
    }

    /// Appends to the last dimension in use or a higher one; the caller (the Rips computation)
    /// produces dimensions in increasing order and has checked the capacity.
    pub(crate) fn push_in_order(&mut self, k: usize, bar: Bar<T>) -> bool {
        if self.bars.push(bar).is_err() {
            return false;
        }
        for e in self.ends.iter_mut().skip(k) {
            *e = self.bars.len();
        }
        true
    }

    /// Sorts each dimension by birth, then death, essential bars last among equal births: the
    /// canonical order for comparing two diagrams entry by entry.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(1, Bar::essential(0.5)?)?;
    /// diagram.push(1, Bar::new(0.5, Some(0.9))?)?;
    /// diagram.push(1, Bar::new(0.2, Some(2.0))?)?;
    /// diagram.sort_by_birth();
    /// let births: Vec<_> = diagram.dimension(1).iter().map(|b| (b.birth(), b.death())).collect();
    /// assert_eq!(births, [(0.2, Some(2.0)), (0.5, Some(0.9)), (0.5, None)]);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn sort_by_birth(&mut self) {
        self.sort_each(|a, b| {
            a.birth()
                .partial_cmp(&b.birth())
                .unwrap_or(Ordering::Equal)
                .then_with(|| compare_deaths(a.death(), b.death()))
        });
    }

    /// Sorts each dimension by decreasing persistence (essential bars first), ties by birth:
    /// the most significant features first.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(0, Bar::new(0.0, Some(0.5))?)?;
    /// diagram.push(0, Bar::new(0.0, Some(3.0))?)?;
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// diagram.sort_by_persistence();
    /// let lives: Vec<_> = diagram.dimension(0).iter().map(|b| b.persistence()).collect();
    /// assert_eq!(lives, [None, Some(3.0), Some(0.5)]); // ∞, then decreasing
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn sort_by_persistence(&mut self) {
        self.sort_each(|a, b| {
            compare_deaths(
                b.persistence().map(|p| p.as_f64()),
                a.persistence().map(|p| p.as_f64()),
            )
            .then_with(|| a.birth().partial_cmp(&b.birth()).unwrap_or(Ordering::Equal))
        });
    }

    /// Keeps only the bars that [persist beyond](Bar::persists_beyond) `min_persistence`
    /// (strictly longer; essential bars always stay), as GUDHI's `min_persistence` does.
    ///
    /// ```
    /// use geoml::persistence::{Bar, PersistenceDiagram};
    ///
    /// let mut diagram = PersistenceDiagram::<f64, 4>::new();
    /// diagram.push(0, Bar::new(0.0, Some(0.1))?)?; // noise
    /// diagram.push(0, Bar::essential(0.0)?)?;
    /// diagram.push(1, Bar::new(1.0, Some(2.0))?)?; // a loop of persistence 1
    /// diagram.retain_persistence_above(0.5);
    /// assert_eq!((diagram.dimension(0).len(), diagram.dimension(1).len()), (1, 1));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn retain_persistence_above(&mut self, min_persistence: T) {
        let mut kept = 0;
        let mut start = 0;
        let mut ends = [0; MAX_DIMENSION + 1];
        for (k, end) in self.ends.iter().enumerate() {
            for i in start..*end {
                if self.bars[i].persists_beyond(min_persistence) {
                    self.bars[kept] = self.bars[i];
                    kept += 1;
                }
            }
            start = *end;
            ends[k] = kept;
        }
        self.bars.truncate(kept);
        self.ends = ends;
    }

    /// The number of essential (infinite) bars of dimension `k`: for `H0`, the number of
    /// connected components at the largest scale.
    ///
    /// ```
    /// use geoml::persistence::{
    ///     rips_persistence, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16,
    /// };
    ///
    /// // Points 0, 1 and 10 on a line, filtration cut at 2: {0, 1} merge at 1, 10 stays apart.
    /// let mut buffer = [[0.0; 3]; 3];
    /// let d = DistanceMatrix::from_points(&[[0.0_f64], [1.0], [10.0]], &mut buffer)?;
    /// let (mut ws, mut diagram) = (RipsWorkspace16::new(), PersistenceDiagram::<f64, 8>::new());
    /// let options = RipsOptions { threshold: Some(2.0), ..RipsOptions::default() };
    /// rips_persistence(&d, &options, &mut ws, &mut diagram)?;
    /// assert_eq!(diagram.essential_count(0), 2); // two components at scale 2
    /// assert_eq!(diagram.dimension(0).len(), 3);
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub fn essential_count(&self, k: usize) -> usize {
        self.dimension(k)
            .iter()
            .filter(|b| b.is_essential())
            .count()
    }

    fn range(&self, k: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(k)?;
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        Some((start, end))
    }

    fn sort_each(&mut self, mut order: impl FnMut(&Bar<T>, &Bar<T>) -> Ordering) {
        let mut start = 0;
        for &end in self.ends.iter() {
            small_sort::sort_by(&mut self.bars[start..end], |a, b| {
                order(a, b) == Ordering::Less
            });
            start = end;
        }
    }
}

/// Deaths in increasing order with `None` (infinity) last.
fn compare_deaths<U: PartialOrd>(a: Option<U>, b: Option<U>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(b: f64, d: Option<f64>) -> Bar<f64> {
        Bar::new(b, d).unwrap()
    }

    #[test]
    fn bars_stay_grouped_by_dimension() {
        let mut d = PersistenceDiagram::<f64, 5>::new();
        d.push(2, bar(1.0, Some(2.0))).unwrap();
        d.push(0, bar(0.0, None)).unwrap();
        d.push(1, bar(0.5, Some(0.6))).unwrap();
        d.push(0, bar(0.0, Some(0.3))).unwrap();
        assert_eq!(d.dimension(0), &[bar(0.0, None), bar(0.0, Some(0.3))]);
        assert_eq!(d.dimension(1), &[bar(0.5, Some(0.6))]);
        assert_eq!(d.dimension(2), &[bar(1.0, Some(2.0))]);
        assert!(d.dimension(3).is_empty());
        let dims: heapless::Vec<usize, 5> = d.iter().map(|(k, _)| k).collect();
        assert_eq!(dims.as_slice(), &[0, 0, 1, 2]);
        assert!(d.push(3, bar(0.0, None)).is_err());
        d.push(1, bar(0.0, Some(1.0))).unwrap();
        assert_eq!(
            d.push(1, bar(0.0, Some(1.0))),
            Err(Error::CapacityExceeded {
                needed: 6,
                capacity: 5
            })
        );
        assert_eq!(d.len(), 5);
        d.sort_by_birth();
        assert_eq!(d.dimension(0), &[bar(0.0, Some(0.3)), bar(0.0, None)]);
        assert_eq!(d.dimension(1)[0], bar(0.0, Some(1.0)));
        d.retain_persistence_above(0.5);
        assert_eq!(d.len(), 3);
        assert_eq!(d.dimension(0), &[bar(0.0, None)]);
        assert_eq!(d.dimension(1), &[bar(0.0, Some(1.0))]);
        assert_eq!(d.dimension(2), &[bar(1.0, Some(2.0))]);
        assert_eq!(d.essential_count(0), 1);
        d.clear();
        assert!(d.is_empty() && d.dimension(2).is_empty());
    }
}
