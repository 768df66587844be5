//! Information measures of attention rows at GPU scale: row entropies and Jensen–Shannon
//! distance matrices, in bits.

use crate::kernels::KernelFile;
use crate::shape::check_len;
use crate::{Gpu, GpuError, GpuFloat, RowsShape};
use cudarc::driver::{CudaSlice, LaunchConfig, PushKernelArg};

/// Row statistics on the device: entropy and reciprocal sum per row, after the status check.
struct RowStats<F> {
    entropy: CudaSlice<F>,
    inv_sum: CudaSlice<F>,
}

impl Gpu {
    /// Launches `row_stats`, waits, and turns the first bad row into an error.
    fn row_stats<F: GpuFloat>(
        &self,
        p: &CudaSlice<F>,
        shape: RowsShape,
    ) -> Result<RowStats<F>, GpuError> {
        let stream = self.stream();
        let rows = shape.total_rows();
        let mut entropy = stream.alloc_zeros::<F>(rows)?;
        let mut inv_sum = stream.alloc_zeros::<F>(rows)?;
        let mut status = stream.alloc_zeros::<i32>(rows)?;
        let function = self.function(KernelFile::Analysis, &format!("row_stats_{}", F::NAME), 0)?;
        // A 2-D grid covers any number of rows: row = x + y·gridDim.x.
        let grid_x = rows.min(i32::MAX as usize);
        let config = LaunchConfig {
            grid_dim: (grid_x as u32, rows.div_ceil(grid_x) as u32, 1),
            block_dim: (256, 1, 1),
            shared_mem_bytes: 0,
        };
        let total_rows = rows as i64;
        let len = shape.len as i32;
        let mut launch = stream.launch_builder(&function);
        launch
            .arg(p)
            .arg(&total_rows)
            .arg(&len)
            .arg(&mut entropy)
            .arg(&mut inv_sum)
            .arg(&mut status);
        // SAFETY: arguments match `row_stats_*(p, rows, m, entropy, inv_sum, status)`; `p` holds
        // rows·len elements and each output `rows`, as checked by the callers.
        unsafe { launch.launch(config) }?;
        let status = stream.clone_dtoh(&status)?;
        if let Some(row) = status.iter().position(|&s| s != 0) {
            return Err(GpuError::NotADistribution {
                row,
                reason: if status[row] == 1 {
                    "it has a negative, NaN or infinite element"
                } else {
                    "it sums to zero"
                },
            });
        }
        Ok(RowStats { entropy, inv_sum })
    }

    /// Shannon entropy in bits of every row, `H(p) = −Σ_i p_i log₂ p_i` with `0·log 0 = 0`,
    /// after normalising the row by its sum (as `scipy.stats.entropy(p, base=2)` does).
    /// Returns `batch·rows` values. Accuracy: f32 within about 1e-6 relative, f64 within
    /// about 1e-14.
    ///
    /// # Errors
    /// Shape errors, and [`GpuError::NotADistribution`] naming the first row with a
    /// negative, NaN or infinite element or a zero sum.
    ///
    /// ```
    /// use geoml_cuda::{Gpu, RowsShape};
    ///
    /// let rows = [0.5_f64, 0.5, 0.0, 0.0, 0.25, 0.25, 0.25, 0.25];
    /// match Gpu::new(0) {
    ///     Ok(gpu) => {
    ///         let h = gpu.row_entropy(&rows, RowsShape::new(1, 2, 4)).unwrap();
    ///         assert!((h[0] - 1.0).abs() < 1e-12 && (h[1] - 2.0).abs() < 1e-12);
    ///     }
    ///     Err(e) => println!("skipped, no GPU: {e}"),
    /// }
    /// ```
    pub fn row_entropy<F: GpuFloat>(&self, p: &[F], shape: RowsShape) -> Result<Vec<F>, GpuError> {
        shape.validate()?;
        check_len("p", p.len(), shape.input_len())?;
        let p_dev = self.stream().clone_htod(p)?;
        let mut out = self.stream().alloc_zeros::<F>(shape.total_rows())?;
        self.row_entropy_on_device(&p_dev, shape, &mut out)?;
        Ok(self.stream().clone_dtoh(&out)?)
    }

    /// [`Gpu::row_entropy`] on device buffers, writing `out` (`batch·rows` values). Waits for
    /// the kernel, to check every row.
    ///
    /// # Errors
    /// As [`Gpu::row_entropy`], with `out`'s length checked too.
    pub fn row_entropy_on_device<F: GpuFloat>(
        &self,
        p: &CudaSlice<F>,
        shape: RowsShape,
        out: &mut CudaSlice<F>,
    ) -> Result<(), GpuError> {
        shape.validate()?;
        check_len("p", p.len(), shape.input_len())?;
        check_len("out", out.len(), shape.total_rows())?;
        let stats = self.row_stats(p, shape)?;
        self.stream().memcpy_dtod(&stats.entropy, out)?;
        Ok(())
    }

    /// The Jensen–Shannon distance between every two rows of each batch,
    /// `d(p, q) = √JSD(p, q)` with `JSD = ½ KL(p‖m) + ½ KL(q‖m)`, `m = (p + q)/2`, in bits —
    /// `scipy.spatial.distance.jensenshannon(p, q, base=2)`, rows normalised by their sums
    /// as scipy does. Returns `batch` symmetric `rows × rows` matrices with zero diagonals,
    /// row-major; every value lies in `[0, 1]`.
    ///
    /// Each term is computed in a form that does not cancel (see `analysis.cu`), so the
    /// absolute error of a distance stays near the type's rounding unit however close two
    /// rows are (the suite checks 1e-6 in f32 on distances of order 1e-5), where the textbook
    /// `H(m) − (H(p) + H(q))/2` would lose everything below about 1e-3 in f32. Normwise,
    /// results are within 1e-5 (f32) and 1e-12 (f64) of the f64 reference. Very small
    /// distances are only as accurate, relatively, as the rows' normalisation in the kernel's
    /// precision allows.
    ///
    /// # Errors
    /// Shape errors, and [`GpuError::NotADistribution`] naming the first bad row.
    ///
    /// ```
    /// use geoml_cuda::{Gpu, RowsShape};
    ///
    /// // Disjoint supports are exactly 1 bit apart.
    /// let rows = [1.0_f32, 0.0, 0.0, 1.0];
    /// match Gpu::new(0) {
    ///     Ok(gpu) => {
    ///         let d = gpu.js_distance_matrix(&rows, RowsShape::new(1, 2, 2)).unwrap();
    ///         assert!((d[1] - 1.0).abs() < 1e-6 && d[0] == 0.0);
    ///     }
    ///     Err(e) => println!("skipped, no GPU: {e}"),
    /// }
    /// ```
    pub fn js_distance_matrix<F: GpuFloat>(
        &self,
        p: &[F],
        shape: RowsShape,
    ) -> Result<Vec<F>, GpuError> {
        shape.validate()?;
        check_len("p", p.len(), shape.input_len())?;
        let p_dev = self.stream().clone_htod(p)?;
        let mut out = self.stream().alloc_zeros::<F>(shape.matrix_len())?;
        self.js_distance_matrix_on_device(&p_dev, shape, &mut out)?;
        Ok(self.stream().clone_dtoh(&out)?)
    }

    /// [`Gpu::js_distance_matrix`] on device buffers, writing `out`
    /// (`batch·rows·rows` values). Waits for the row check; the distance kernel itself is
    /// queued asynchronously (see [`Gpu::synchronize`]).
    ///
    /// # Errors
    /// As [`Gpu::js_distance_matrix`], with `out`'s length checked too.
    pub fn js_distance_matrix_on_device<F: GpuFloat>(
        &self,
        p: &CudaSlice<F>,
        shape: RowsShape,
        out: &mut CudaSlice<F>,
    ) -> Result<(), GpuError> {
        shape.validate()?;
        check_len("p", p.len(), shape.input_len())?;
        check_len("out", out.len(), shape.matrix_len())?;
        let stats = self.row_stats(p, shape)?;
        let function = self.function(KernelFile::Analysis, &format!("js_matrix_{}", F::NAME), 0)?;
        let tiles = shape.rows.div_ceil(32);
        if tiles > 65_535 {
            return Err(GpuError::DimensionTooLarge {
                dim: "rows",
                value: shape.rows,
                max: 65_535 * 32,
            });
        }
        let config = LaunchConfig {
            grid_dim: (tiles as u32, tiles as u32, shape.batch as u32),
            block_dim: (256, 1, 1),
            shared_mem_bytes: 0,
        };
        let n = shape.rows as i32;
        let m = shape.len as i32;
        let stream = self.stream();
        let mut launch = stream.launch_builder(&function);
        launch.arg(p).arg(&stats.inv_sum).arg(&n).arg(&m).arg(out);
        // SAFETY: arguments match `js_matrix_*(p, inv_sum, n, m, out)`; lengths were checked:
        // p is batch·n·m, inv_sum batch·n, out batch·n·n; the grid is tiles × tiles × batch.
        unsafe { launch.launch(config) }?;
        // `stats` is freed as it drops here, in stream order, after the kernel that reads it.
        Ok(())
    }
}
