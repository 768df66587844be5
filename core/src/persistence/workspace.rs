//! The fixed-capacity memory of a Rips persistence computation.

use super::simplex::{edge_count, simplex_count, triangle_count};

/// One slot of the pivot table: the reduced column whose pivot (lowest cofacet) is `pivot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PivotSlot {
    /// Combinatorial number of the pivot cofacet; `u32::MAX` marks an empty slot.
    pub(super) pivot: u32,
    /// Combinatorial number of the column's simplex.
    pub(super) column: u32,
    /// Where the column's reduction entries (the other simplices added to it) start in the
    /// reduction arena, and how many there are.
    pub(super) start: u32,
    pub(super) len: u32,
}

pub(super) const EMPTY_SLOT: PivotSlot = PivotSlot {
    pivot: u32::MAX,
    column: 0,
    start: 0,
    len: 0,
};

/// Everything [`rips_persistence`](super::rips_persistence) needs besides its input and its
/// output, in arrays whose lengths are the const parameters. Nothing is allocated; the
/// constructor is `const`, so a workspace can be a `static` (on a microcontroller, in a
/// `static` cell; on a desktop, boxed or in a `static` behind a mutex).
///
/// | parameter | holds | sufficient value |
/// | --- | --- | --- |
/// | `POINTS` | the filtration order of the edges as a rank matrix, `2·POINTS²` bytes | the number of points (at most 255) |
/// | `SIMPLICES` | the sorted edges, the columns to reduce and the pivot table, 26 bytes each | `C(n,2)` for `H0`/`H1` ([`edge_count`]); also `C(n,3)` for `H2` ([`triangle_count`]) |
/// | `HEAP` | the working coboundary (a binary heap of cofacets), 8 bytes each | `C(n,3) + n` for `H1`, `C(n,4) + n` for `H2`: never exceeded |
/// | `REDUCTION` | the stored reduction columns (Ripser's matrix `V`), 4 bytes each | data-dependent, see below |
///
/// With `SIMPLICES` and `HEAP` at their sufficient values the only capacity a run can exceed
/// is `REDUCTION`: the simplices added to reduce each column (most columns need none — apparent
/// and emergent pairs are paired without reduction). The aliases below were sized from the
/// largest use measured on random clouds, grids with many ties, random symmetric matrices and
/// real attention distances, times a margin of at least 2 ([`RipsWorkspace::usage`] reports
/// what a run used, to size a workspace for other data); a run that needs
/// more returns [`Error::CapacityExceeded`](crate::Error::CapacityExceeded), never a truncated
/// diagram. When that error comes from `HEAP` or `REDUCTION`, its `needed` is what the run
/// needed at the point it stopped: a lower bound for the whole run.
///
/// ```
/// use geoml::persistence::RipsWorkspace16;
/// use std::sync::Mutex;
///
/// // Built at compile time: no initialisation code, no heap. (Firmware would use its own
/// // static cell instead of a std mutex.)
/// static WORKSPACE: Mutex<RipsWorkspace16> = Mutex::new(RipsWorkspace16::new());
///
/// let ws = WORKSPACE.lock().unwrap();
/// assert_eq!(ws.max_points(), 16);
/// assert!(core::mem::size_of::<RipsWorkspace16>() < 12 * 1024);
/// ```
#[derive(Debug, Clone)]
pub struct RipsWorkspace<
    const POINTS: usize,
    const SIMPLICES: usize,
    const HEAP: usize,
    const REDUCTION: usize,
> {
    /// `rank[i][j]`: the position of `d(i, j)` among the distinct edge lengths within the
    /// threshold (`ABSENT` beyond it and on the diagonal). The filtration order, in integers.
    pub(super) rank: [[u16; POINTS]; POINTS],
    /// `rank_edge[r]`: an edge `i << 8 | j` (`i > j`) whose length has rank `r`, to turn a rank
    /// back into the input distance.
    pub(super) rank_edge: [u16; SIMPLICES],
    /// Sort keys: the edges by length, then the columns of the reduction.
    pub(super) order: [u64; SIMPLICES],
    /// Union–find forest of the `H0` pass.
    pub(super) parent: [u8; POINTS],
    /// Open-addressing table from pivot cofacet to reduced column.
    pub(super) pivots: [PivotSlot; SIMPLICES],
    /// The working coboundary, a binary min-heap of `rank << 32 | !index`.
    pub(super) heap: [u64; HEAP],
    /// The stored columns of the reduction matrix, then the column being reduced.
    pub(super) reduction: [u32; REDUCTION],
    /// What the last run used.
    pub(super) usage: RipsUsage,
}

/// How much of each capacity of a [`RipsWorkspace`] the last run used: the measurements to
/// size a workspace for a kind of data. A run that failed reports what it had used when it
/// stopped.
///
/// ```
/// use geoml::persistence::{rips_persistence, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16};
///
/// let points = [[0.0_f32, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.5, 0.5]];
/// let mut buffer = [[0.0; 5]; 5];
/// let d = DistanceMatrix::from_points(&points, &mut buffer)?;
/// let mut ws = RipsWorkspace16::new();
/// let mut diagram = PersistenceDiagram::<f32, 16>::new();
/// rips_persistence(&d, &RipsOptions::default(), &mut ws, &mut diagram)?;
/// let usage = ws.usage();
/// assert_eq!(usage.points, 5);
/// assert!(usage.simplices <= 10 && usage.heap <= 3 * 10);
/// # Ok::<(), geoml::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RipsUsage {
    /// The number of points.
    pub points: usize,
    /// The most entries of `SIMPLICES` in use: edges within the threshold, or `H2` columns.
    pub simplices: usize,
    /// The largest working coboundary, in heap entries (`HEAP`).
    pub heap: usize,
    /// The most reduction entries stored at once (`REDUCTION`).
    pub reduction: usize,
}

impl<const POINTS: usize, const SIMPLICES: usize, const HEAP: usize, const REDUCTION: usize>
    RipsWorkspace<POINTS, SIMPLICES, HEAP, REDUCTION>
{
    /// A workspace; every run overwrites what it uses, so one workspace serves any number of
    /// runs.
    ///
    /// ```
    /// use geoml::persistence::{RipsUsage, RipsWorkspace16, RipsWorkspace32};
    ///
    /// let small = RipsWorkspace16::new(); // about 10 KiB: fine on the stack
    /// assert_eq!(small.usage(), RipsUsage::default()); // no run yet
    /// // Larger workspaces belong on the heap (or in a `static`), not on the stack.
    /// let large = Box::new(RipsWorkspace32::new());
    /// assert_eq!(large.max_points(), 32);
    /// ```
    pub const fn new() -> Self {
        Self {
            // All zeros: every run fills what it reads (the rank rows, the pivot table) before
            // reading it, and a zero image lets a `static` workspace live in .bss, costing no
            // flash for its initial value.
            rank: [[0; POINTS]; POINTS],
            rank_edge: [0; SIMPLICES],
            order: [0; SIMPLICES],
            parent: [0; POINTS],
            pivots: [PivotSlot {
                pivot: 0,
                column: 0,
                start: 0,
                len: 0,
            }; SIMPLICES],
            heap: [0; HEAP],
            reduction: [0; REDUCTION],
            usage: RipsUsage {
                points: 0,
                simplices: 0,
                heap: 0,
                reduction: 0,
            },
        }
    }

    /// What the last run used of each capacity.
    ///
    /// ```
    /// use geoml::persistence::{
    ///     rips_persistence, DistanceMatrix, PersistenceDiagram, RipsOptions, RipsWorkspace16,
    /// };
    ///
    /// // Four points of a square, the full filtration: all C(4, 2) = 6 edges are used.
    /// let points = [[0.0_f64, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
    /// let mut buffer = [[0.0; 4]; 4];
    /// let d = DistanceMatrix::from_points(&points, &mut buffer)?;
    /// let (mut ws, mut diagram) = (RipsWorkspace16::new(), PersistenceDiagram::<f64, 8>::new());
    /// let options = RipsOptions { threshold: Some(2.0), ..RipsOptions::default() };
    /// rips_persistence(&d, &options, &mut ws, &mut diagram)?;
    /// assert_eq!((ws.usage().points, ws.usage().simplices), (4, 6));
    /// # Ok::<(), geoml::Error>(())
    /// ```
    pub const fn usage(&self) -> RipsUsage {
        self.usage
    }

    /// The most points a run may have: `min(POINTS, 255)`.
    ///
    /// ```
    /// use geoml::persistence::{RipsWorkspace, RipsWorkspace16};
    ///
    /// assert_eq!(RipsWorkspace16::new().max_points(), 16);
    /// assert_eq!(RipsWorkspace::<256, 1, 1, 1>::new().max_points(), 255); // vertex ids are bytes
    /// ```
    pub const fn max_points(&self) -> usize {
        if POINTS < super::simplex::MAX_POINTS {
            POINTS
        } else {
            super::simplex::MAX_POINTS
        }
    }
}

impl<const POINTS: usize, const SIMPLICES: usize, const HEAP: usize, const REDUCTION: usize> Default
    for RipsWorkspace<POINTS, SIMPLICES, HEAP, REDUCTION>
{
    fn default() -> Self {
        Self::new()
    }
}

// The aliases: `SIMPLICES` and, up to 64 points, `HEAP` at their sufficient values, so that
// only `REDUCTION` could run out. The `REDUCTION` sizes (and `HEAP` for 128 points) are at
// least twice the most any run used on: uniform clouds in ℝ² to ℝ¹⁶, grids with many tied
// distances, random symmetric matrices with 2 to 1000 distinct values (not metrics, the
// hardest case), circles, tori, spheres and the attention distances of tests/data.

/// `H0` and `H1` of up to 16 points (the firmware size, about 10 KiB).
pub type RipsWorkspace16 = RipsWorkspace<16, { edge_count(16) }, { triangle_count(16) + 16 }, 512>;

/// `H0` and `H1` of up to 32 points.
pub type RipsWorkspace32 = RipsWorkspace<32, { edge_count(32) }, { triangle_count(32) + 32 }, 2048>;

/// `H0`, `H1` and `H2` of up to 32 points.
pub type RipsWorkspace32H2 =
    RipsWorkspace<32, { triangle_count(32) }, { simplex_count(32, 3) + 32 }, 8192>;

/// `H0` and `H1` of up to 64 points.
pub type RipsWorkspace64 = RipsWorkspace<64, { edge_count(64) }, { triangle_count(64) + 64 }, 8192>;

/// `H0` and `H1` of up to 128 points. Its `HEAP` is 19 % of the `C(128, 3) + 128` that would
/// make it sufficient for every input: enough for every input measured (metric ones use a
/// tenth of it), but an adversarial matrix could need more and get
/// [`Error::CapacityExceeded`](crate::Error::CapacityExceeded).
pub type RipsWorkspace128 = RipsWorkspace<128, { edge_count(128) }, 65536, 32768>;
