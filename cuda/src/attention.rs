//! Batched multi-head scaled-dot-product attention, forward, flash style.

use crate::kernels::KernelFile;
use crate::shape::check_len;
use crate::{AttentionElement, AttentionShape, Gpu, GpuError};
use cudarc::driver::{CudaSlice, LaunchConfig, PushKernelArg};

/// Where the causal mask's diagonal sits when `query_len ≠ key_len`.
///
/// Query `i` may attend key `j` when `j ≤ i + offset`:
///
/// | alignment | offset | same as |
/// | --- | --- | --- |
/// | [`TopLeft`](CausalAlignment::TopLeft) | 0 | PyTorch `scaled_dot_product_attention(..., is_causal=True)` |
/// | [`BottomRight`](CausalAlignment::BottomRight) | `key_len − query_len` | FlashAttention ≥ 2.1, `torch.nn.attention.bias.causal_lower_right` |
///
/// The two agree when `query_len = key_len`. Bottom-right is what decoding with a KV cache
/// wants (the last query sees every key); with `query_len > key_len` its first
/// `query_len − key_len` rows see no key at all and get the fully-masked result (output 0,
/// log-sum-exp −∞).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CausalAlignment {
    /// Mask aligned to the top-left corner (PyTorch's `is_causal=True`).
    TopLeft,
    /// Mask aligned to the bottom-right corner (FlashAttention ≥ 2.1).
    BottomRight,
}

impl CausalAlignment {
    /// The offset of the diagonal: key `j` is visible to query `i` when `j ≤ i + offset`.
    pub fn offset(self, query_len: usize, key_len: usize) -> i64 {
        match self {
            CausalAlignment::TopLeft => 0,
            CausalAlignment::BottomRight => key_len as i64 - query_len as i64,
        }
    }
}

/// The tiling of the tensor-core kernel: each of its 4 warps owns `16 · m_tiles` query rows,
/// and keys stream through shared memory `block_n` at a time. Exists for tuning and
/// benchmarking; [`KernelChoice::Auto`] picks a default per head dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileConfig {
    /// Row tiles of 16 per warp (1 or 2): 64 or 128 query rows per block.
    pub m_tiles: usize,
    /// Keys per shared-memory tile (32 or 64).
    pub block_n: usize,
}

impl TileConfig {
    /// The configurations compiled into `attention.cu` for head dimension `head_dim`.
    pub fn available(head_dim: usize) -> &'static [TileConfig] {
        const D64: [TileConfig; 2] = [
            TileConfig {
                m_tiles: 1,
                block_n: 64,
            },
            TileConfig {
                m_tiles: 2,
                block_n: 64,
            },
        ];
        // 128 rows × 64 keys at D = 128 needs 255 registers and spills (ptxas, sm_90a).
        const D128: [TileConfig; 2] = [
            TileConfig {
                m_tiles: 1,
                block_n: 64,
            },
            TileConfig {
                m_tiles: 2,
                block_n: 32,
            },
        ];
        match head_dim {
            64 => &D64,
            128 => &D128,
            _ => &[],
        }
    }

    /// The default for `head_dim` (64 or 128): 128 query rows per block, which halves the
    /// shared-memory reads of K and V per multiply-add compared with 64 rows, with 64 keys
    /// per tile at D = 64 (237 registers on sm_90a) and 32 at D = 128 (252 registers).
    pub fn default_for(head_dim: usize) -> TileConfig {
        if head_dim == 64 {
            TileConfig {
                m_tiles: 2,
                block_n: 64,
            }
        } else {
            TileConfig {
                m_tiles: 2,
                block_n: 32,
            }
        }
    }
}

/// Which kernel runs an attention call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KernelChoice {
    /// Tensor cores for f16/bf16 with head dim 64 or 128 on compute capability ≥ 8.0, the
    /// CUDA-core kernel otherwise.
    #[default]
    Auto,
    /// Always the CUDA-core kernel (f32 arithmetic throughout; any head dim ≤ 256).
    Generic,
    /// The tensor-core kernel with this tiling (f16/bf16, head dim 64 or 128, sm_80+).
    TensorCore(TileConfig),
}

/// Options of an attention call. The default is no mask, scale `1/√D`, no log-sum-exp.
///
/// ```
/// use geoml_cuda::{AttentionOptions, CausalAlignment};
///
/// let options = AttentionOptions {
///     causal: Some(CausalAlignment::TopLeft),
///     return_lse: true,
///     ..AttentionOptions::default()
/// };
/// assert_eq!(options.scale_for(64), 0.125);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AttentionOptions {
    /// A causal mask and its alignment, or none.
    pub causal: Option<CausalAlignment>,
    /// The factor applied to `q·k`; `None` means `1/√head_dim` (PyTorch's default).
    pub scale: Option<f32>,
    /// Whether to also return the log-sum-exp of each row (natural log, f32).
    pub return_lse: bool,
    /// Which kernel runs the call.
    pub kernel: KernelChoice,
}

impl AttentionOptions {
    /// The scale used for head dimension `head_dim`.
    pub fn scale_for(&self, head_dim: usize) -> f64 {
        match self.scale {
            Some(s) => s as f64,
            None => 1.0 / (head_dim as f64).sqrt(),
        }
    }
}

/// The result of [`Gpu::attention`].
#[derive(Debug, Clone, PartialEq)]
pub struct AttentionOutput<T> {
    /// `[batch, heads, query_len, head_dim]`.
    pub output: Vec<T>,
    /// `[batch, heads, query_len]` when asked for: `ln Σ_j exp(scale · q_i·k_j)` over the
    /// visible keys, −∞ for a row that sees none.
    pub lse: Option<Vec<f32>>,
}

/// The kernel a call resolves to, with its launch geometry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub name: String,
    pub rows_per_block: usize,
    pub threads: u32,
    pub shared_bytes: usize,
    pub generic: bool,
}

pub(crate) fn plan<T: AttentionElement>(
    shape: &AttentionShape,
    choice: KernelChoice,
    compute_capability: (i32, i32),
) -> Result<Plan, GpuError> {
    let d = shape.head_dim;
    let half = T::NAME != "f32";
    let tensor_ok = half && matches!(d, 64 | 128) && compute_capability.0 >= 8;
    let tiles = match choice {
        KernelChoice::Generic => None,
        KernelChoice::Auto => tensor_ok.then(|| TileConfig::default_for(d)),
        KernelChoice::TensorCore(tiles) => {
            if !tensor_ok || !TileConfig::available(d).contains(&tiles) {
                return Err(GpuError::Unsupported(format!(
                    "no tensor-core kernel for {} with head_dim {d}, {tiles:?} on compute capability {}.{}",
                    T::NAME,
                    compute_capability.0,
                    compute_capability.1
                )));
            }
            Some(tiles)
        }
    };
    Ok(match tiles {
        Some(TileConfig { m_tiles, block_n }) => {
            let rows = 64 * m_tiles;
            Plan {
                name: format!("flash_mma_{}_d{d}_m{m_tiles}_n{block_n}", T::NAME),
                rows_per_block: rows,
                threads: 128,
                shared_bytes: (rows + 4 * block_n) * d * 2,
                generic: false,
            }
        }
        None => {
            let per_lane = d.div_ceil(32).next_power_of_two();
            Plan {
                name: format!("flash_generic_{}_p{per_lane}", T::NAME),
                rows_per_block: 32,
                threads: 256,
                // Q [32][d], K [32][d|1], V [32][d], all f32.
                shared_bytes: (32 * d + 32 * (d | 1) + 32 * d) * 4,
                generic: true,
            }
        }
    })
}

impl Gpu {
    /// Scaled dot-product attention of host arrays:
    /// `O = softmax(scale · Q Kᵀ + mask) V` per batch and head, in the layout of
    /// [`AttentionShape`] (PyTorch's `[B, H, N, D]`).
    ///
    /// Inputs are f32, f16 or bf16; products and the softmax are accumulated in f32, never in
    /// the input type. The softmax is computed online over tiles of keys, so memory grows
    /// with `N`, not `N²`. Accuracy: f32 within about 1e-6 relative of exact arithmetic;
    /// f16/bf16 within twice the error of the same tiled computation with P rounded to the
    /// input type before P·V, as FlashAttention does (checked by the crate's GPU suite).
    ///
    /// # Errors
    /// Shape errors ([`GpuError::ZeroDimension`], [`GpuError::DimensionTooLarge`],
    /// [`GpuError::LengthMismatch`]), [`GpuError::NonFinite`] for a NaN or infinite input,
    /// and compilation or driver errors.
    ///
    /// ```
    /// use geoml_cuda::{AttentionOptions, AttentionShape, Gpu};
    ///
    /// let shape = AttentionShape::self_attention(1, 2, 16, 8);
    /// let x: Vec<f32> = (0..shape.q_len()).map(|i| (i as f32 * 0.37).sin()).collect();
    /// match Gpu::new(0) {
    ///     Ok(gpu) => {
    ///         let out = gpu.attention(&x, &x, &x, shape, &AttentionOptions::default()).unwrap();
    ///         assert_eq!(out.output.len(), shape.q_len());
    ///     }
    ///     Err(e) => println!("skipped, no GPU: {e}"),
    /// }
    /// ```
    pub fn attention<T: AttentionElement>(
        &self,
        q: &[T],
        k: &[T],
        v: &[T],
        shape: AttentionShape,
        options: &AttentionOptions,
    ) -> Result<AttentionOutput<T>, GpuError> {
        shape.validate()?;
        check_len("q", q.len(), shape.q_len())?;
        check_len("k", k.len(), shape.kv_len())?;
        check_len("v", v.len(), shape.kv_len())?;
        for (name, buffer) in [("q", q), ("k", k), ("v", v)] {
            if let Some(index) = buffer.iter().position(|x| !x.is_finite()) {
                return Err(GpuError::NonFinite {
                    buffer: name,
                    index,
                });
            }
        }
        let stream = self.stream();
        let q_dev = stream.clone_htod(q)?;
        let k_dev = stream.clone_htod(k)?;
        let v_dev = stream.clone_htod(v)?;
        let mut out = stream.alloc_zeros::<T>(shape.q_len())?;
        let mut lse = if options.return_lse {
            Some(stream.alloc_zeros::<f32>(shape.lse_len())?)
        } else {
            None
        };
        self.attention_on_device(
            &q_dev,
            &k_dev,
            &v_dev,
            &mut out,
            lse.as_mut(),
            shape,
            options,
        )?;
        let output = stream.clone_dtoh(&out)?;
        let lse = match lse {
            Some(l) => Some(stream.clone_dtoh(&l)?),
            None => None,
        };
        self.synchronize()?;
        Ok(AttentionOutput { output, lse })
    }

    /// [`Gpu::attention`] on device buffers: writes `out` (shaped like Q) and, if given, `lse`
    /// (`[batch, heads, query_len]`, f32). Asynchronous: the kernel is queued on
    /// [`Gpu::stream`] and this returns once it is launched; call [`Gpu::synchronize`] (or
    /// copy a result back) to wait, which is also where an error inside the kernel surfaces.
    /// Values are not checked: NaN in gives NaN out.
    ///
    /// # Errors
    /// Shape errors as [`Gpu::attention`] (with `out` and `lse` lengths checked too),
    /// compilation errors, [`GpuError::SharedMemory`], and launch errors.
    #[allow(clippy::too_many_arguments)] // three inputs, two outputs, a shape and options
    pub fn attention_on_device<T: AttentionElement>(
        &self,
        q: &CudaSlice<T>,
        k: &CudaSlice<T>,
        v: &CudaSlice<T>,
        out: &mut CudaSlice<T>,
        lse: Option<&mut CudaSlice<f32>>,
        shape: AttentionShape,
        options: &AttentionOptions,
    ) -> Result<(), GpuError> {
        shape.validate()?;
        check_len("q", q.len(), shape.q_len())?;
        check_len("k", k.len(), shape.kv_len())?;
        check_len("v", v.len(), shape.kv_len())?;
        check_len("out", out.len(), shape.q_len())?;
        if let Some(l) = &lse {
            check_len("lse", l.len(), shape.lse_len())?;
        }
        let plan = plan::<T>(&shape, options.kernel, self.compute_capability())?;
        let function = self.function(KernelFile::Attention, &plan.name, plan.shared_bytes)?;
        // Lengths were validated to fit in i32; dims to fit the grid.
        let nq = shape.query_len as i32;
        let nk = shape.key_len as i32;
        let d = shape.head_dim as i32;
        let scale_log2 = (options.scale_for(shape.head_dim) * std::f64::consts::LOG2_E) as f32;
        let (causal, offset) = match options.causal {
            Some(alignment) => (
                1i32,
                alignment.offset(shape.query_len, shape.key_len) as i32,
            ),
            None => (0i32, 0i32),
        };
        let config = LaunchConfig {
            grid_dim: (
                shape.query_len.div_ceil(plan.rows_per_block) as u32,
                shape.heads as u32,
                shape.batch as u32,
            ),
            block_dim: (plan.threads, 1, 1),
            shared_mem_bytes: plan.shared_bytes as u32,
        };
        let null: u64 = 0;
        let stream = self.stream();
        let mut launch = stream.launch_builder(&function);
        launch.arg(q).arg(k).arg(v).arg(out);
        match lse {
            Some(l) => launch.arg(l),
            None => launch.arg(&null),
        };
        launch.arg(&nq).arg(&nk);
        if plan.generic {
            launch.arg(&d);
        }
        launch.arg(&scale_log2).arg(&causal).arg(&offset);
        // SAFETY: the argument list matches the kernel's signature (attention.cu: q, k, v, o,
        // lse, nq, nk, [d,] scale_log2, causal, causal_offset); every buffer's length was
        // checked against the shape the kernel indexes with; the grid covers the rows.
        unsafe { launch.launch(config) }?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use half::{bf16, f16};

    #[test]
    fn plans_pick_tensor_cores_only_where_they_apply() {
        let s128 = AttentionShape::self_attention(1, 1, 100, 128);
        let p = plan::<bf16>(&s128, KernelChoice::Auto, (9, 0)).unwrap();
        assert_eq!(p.name, "flash_mma_bf16_d128_m2_n32");
        assert_eq!(p.shared_bytes, (128 + 128) * 128 * 2);
        // f32, other head dims and old GPUs fall back to the CUDA-core kernel.
        assert!(
            plan::<f32>(&s128, KernelChoice::Auto, (9, 0))
                .unwrap()
                .generic
        );
        let s80 = AttentionShape::self_attention(1, 1, 100, 80);
        let p = plan::<f16>(&s80, KernelChoice::Auto, (9, 0)).unwrap();
        assert_eq!(p.name, "flash_generic_f16_p4");
        assert!(
            plan::<f16>(&s128, KernelChoice::Auto, (7, 5))
                .unwrap()
                .generic
        );
        // Asking for a tile the file does not hold is an error, not a missing symbol later.
        let bad = KernelChoice::TensorCore(TileConfig {
            m_tiles: 2,
            block_n: 64,
        });
        assert!(matches!(
            plan::<f16>(&s128, bad, (9, 0)),
            Err(GpuError::Unsupported(_))
        ));
    }

    #[test]
    fn every_plan_names_a_kernel_in_the_source() {
        let source = KernelFile::Attention.source();
        for d in 1..=256 {
            let shape = AttentionShape::self_attention(1, 1, 7, d);
            for name in [
                plan::<f32>(&shape, KernelChoice::Auto, (9, 0))
                    .unwrap()
                    .name,
                plan::<f16>(&shape, KernelChoice::Auto, (9, 0))
                    .unwrap()
                    .name,
                plan::<bf16>(&shape, KernelChoice::Auto, (9, 0))
                    .unwrap()
                    .name,
            ] {
                assert!(source.contains(&format!("({name},")), "{name} missing");
            }
            for &tiles in TileConfig::available(d) {
                let name = plan::<bf16>(&shape, KernelChoice::TensorCore(tiles), (9, 0))
                    .unwrap()
                    .name;
                assert!(source.contains(&format!("({name},")), "{name} missing");
            }
        }
    }

    #[test]
    fn causal_offsets_follow_the_alignment() {
        assert_eq!(CausalAlignment::TopLeft.offset(3, 5), 0);
        assert_eq!(CausalAlignment::BottomRight.offset(3, 5), 2);
        assert_eq!(CausalAlignment::BottomRight.offset(5, 3), -2);
    }
}
