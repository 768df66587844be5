//! Pairwise Euclidean distance matrices of large point sets.

use crate::kernels::KernelFile;
use crate::shape::check_len;
use crate::{Gpu, GpuError, GpuFloat, PointsShape};
use cudarc::driver::{CudaSlice, LaunchConfig, PushKernelArg};

impl Gpu {
    /// The Euclidean distance between every point of X and every point of Y, per batch:
    /// `out[b, i, j] = ‖x_bi − y_bj‖₂`, as `scipy.spatial.distance.cdist(X, Y)`. Pass the
    /// same array twice for the distance matrix of one set (its diagonal is exactly 0).
    ///
    /// Differences are taken coordinate by coordinate, never through
    /// `‖x‖² + ‖y‖² − 2x·y` (which cancels for near points), so every distance has a small
    /// relative error: about `dim · ε` of the type at worst, 1e-6 typically in f32.
    ///
    /// # Errors
    /// Shape errors, and [`GpuError::NonFinite`] for a NaN or infinite coordinate.
    ///
    /// ```
    /// use geoml_cuda::{Gpu, PointsShape};
    ///
    /// let x = [0.0_f64, 0.0, 3.0, 4.0]; // two points in the plane
    /// match Gpu::new(0) {
    ///     Ok(gpu) => {
    ///         let d = gpu.euclidean_distances(&x, &x, PointsShape::new(1, 2, 2, 2)).unwrap();
    ///         assert_eq!(d, vec![0.0, 5.0, 5.0, 0.0]);
    ///     }
    ///     Err(e) => println!("skipped, no GPU: {e}"),
    /// }
    /// ```
    pub fn euclidean_distances<F: GpuFloat>(
        &self,
        x: &[F],
        y: &[F],
        shape: PointsShape,
    ) -> Result<Vec<F>, GpuError> {
        shape.validate()?;
        check_len("x", x.len(), shape.x_len())?;
        check_len("y", y.len(), shape.y_len())?;
        for (name, buffer) in [("x", x), ("y", y)] {
            if let Some(index) = buffer.iter().position(|c| !c.to_f64().is_finite()) {
                return Err(GpuError::NonFinite {
                    buffer: name,
                    index,
                });
            }
        }
        let stream = self.stream();
        let x_dev = stream.clone_htod(x)?;
        let y_dev = stream.clone_htod(y)?;
        let mut out = stream.alloc_zeros::<F>(shape.out_len())?;
        self.euclidean_distances_on_device(&x_dev, &y_dev, shape, &mut out)?;
        Ok(stream.clone_dtoh(&out)?)
    }

    /// [`Gpu::euclidean_distances`] on device buffers, writing `out`
    /// (`batch·x_points·y_points`). Asynchronous, and values are not checked: see
    /// [`Gpu::attention_on_device`].
    ///
    /// # Errors
    /// Shape errors (with `out`'s length checked too), compilation and launch errors.
    pub fn euclidean_distances_on_device<F: GpuFloat>(
        &self,
        x: &CudaSlice<F>,
        y: &CudaSlice<F>,
        shape: PointsShape,
        out: &mut CudaSlice<F>,
    ) -> Result<(), GpuError> {
        shape.validate()?;
        check_len("x", x.len(), shape.x_len())?;
        check_len("y", y.len(), shape.y_len())?;
        check_len("out", out.len(), shape.out_len())?;
        let function = self.function(KernelFile::Distance, &format!("euclidean_{}", F::NAME), 0)?;
        let config = LaunchConfig {
            grid_dim: (
                shape.y_points.div_ceil(64) as u32,
                shape.x_points.div_ceil(64) as u32,
                shape.batch as u32,
            ),
            block_dim: (256, 1, 1),
            shared_mem_bytes: 0,
        };
        let (n, m, d) = (
            shape.x_points as i32,
            shape.y_points as i32,
            shape.dim as i32,
        );
        let stream = self.stream();
        let mut launch = stream.launch_builder(&function);
        launch.arg(x).arg(y).arg(&n).arg(&m).arg(&d).arg(out);
        // SAFETY: arguments match `euclidean_*(x, y, n, m, d, out)`; lengths were checked
        // against the shape, whose dimensions fit the grid and i32.
        unsafe { launch.launch(config) }?;
        Ok(())
    }
}
