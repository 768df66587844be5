//! The correctness suite: every kernel against the f64 [`reference`](mod@crate::reference), on
//! fresh random inputs, with outputs poisoned (NaN) before each launch and checked fully
//! written afterwards.
//!
//! Bounds (normwise, `max |gpu − ref| / max |ref|`, see
//! [`max_relative_error`]):
//! * f32 attention, entropy, JS and Euclidean distances: 1e-5; f64: 1e-12;
//! * f16/bf16 attention: twice the error of [`attention_emulated`] — the same tiled
//!   computation in that precision, done by the reference — against exact f64 arithmetic on
//!   the same (rounded) inputs;
//! * the log-sum-exp (always f32): 1e-5, with −∞ exactly where a row sees no key.
//!
//! The GPU tests (`cuda/tests/gpu.rs`) and the `gpu_suite` example run these; without a GPU
//! they cannot, and say so.
//!
//! [`attention_emulated`]: crate::reference::attention_emulated

use crate::attention::plan;
use crate::reference::{self, max_relative_error};
use crate::{
    AttentionElement, AttentionOptions, AttentionShape, CausalAlignment, Gpu, GpuError, GpuFloat,
    KernelChoice, PointsShape, Precision, RowsShape, TileConfig,
};

/// A small, fast, seedable generator (SplitMix64), so the suite needs no RNG crate.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// What was checked (kernel, type, shape, options).
    pub name: String,
    /// The measured error.
    pub error: f64,
    /// The bound it must stay within.
    pub bound: f64,
    /// Whether it did (and every output element was written).
    pub passed: bool,
    /// Extra facts: the emulated error, unwritten elements, the seed.
    pub detail: String,
}

impl std::fmt::Display for CaseResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {:<72} error {:>10.3e} bound {:>10.3e} {}",
            if self.passed { "PASS" } else { "FAIL" },
            self.name,
            self.error,
            self.bound,
            self.detail
        )
    }
}

/// Counts elements still holding the NaN poison.
fn unwritten(values: &[f64]) -> usize {
    values.iter().filter(|x| x.is_nan()).count()
}

/// One attention check: random normal Q, K, V of type `T`, poisoned outputs, the kernel
/// `options.kernel` selects, compared with the exact and emulated references.
///
/// # Errors
/// Any [`GpuError`] from the call itself (a failed check is a `CaseResult`, not an error).
pub fn attention_case<T: AttentionElement>(
    gpu: &Gpu,
    shape: AttentionShape,
    options: &AttentionOptions,
    seed: u64,
) -> Result<CaseResult, GpuError> {
    let mut rng = SplitMix64::new(seed);
    let mut draw = |n: usize| -> Vec<T> { (0..n).map(|_| T::from_f64(rng.normal())).collect() };
    let (q, k, v) = (
        draw(shape.q_len()),
        draw(shape.kv_len()),
        draw(shape.kv_len()),
    );
    let stream = gpu.stream();
    let q_dev = stream.clone_htod(&q)?;
    let k_dev = stream.clone_htod(&k)?;
    let v_dev = stream.clone_htod(&v)?;
    let mut out = stream.clone_htod(&vec![T::nan(); shape.q_len()])?;
    let mut lse = if options.return_lse {
        Some(stream.clone_htod(&vec![f32::NAN; shape.lse_len()])?)
    } else {
        None
    };
    gpu.attention_on_device(
        &q_dev,
        &k_dev,
        &v_dev,
        &mut out,
        lse.as_mut(),
        shape,
        options,
    )?;
    gpu.synchronize()?;
    let out: Vec<f64> = stream
        .clone_dtoh(&out)?
        .iter()
        .map(|x| x.to_f64())
        .collect();
    let lse: Option<Vec<f64>> = match lse {
        Some(l) => Some(stream.clone_dtoh(&l)?.iter().map(|&x| x as f64).collect()),
        None => None,
    };

    let to64 = |x: &[T]| x.iter().map(|e| e.to_f64()).collect::<Vec<f64>>();
    let (q64, k64, v64) = (to64(&q), to64(&k), to64(&v));
    let scale = options.scale_for(shape.head_dim);
    let exact = reference::attention(&q64, &k64, &v64, shape, options.causal, scale);
    let plan = plan::<T>(&shape, options.kernel, gpu.compute_capability())?;
    let kernel_name = plan.name.clone();
    let error = max_relative_error(&out, &exact.output);
    let (bound, mut detail) = if T::PRECISION == Precision::F32 {
        (1e-5, String::new())
    } else {
        let (block_n, p_precision) = if plan.generic {
            (32, Precision::F32)
        } else {
            (plan_block_n(&kernel_name).unwrap_or(64), T::PRECISION)
        };
        let emulated = reference::attention_emulated(
            &q64,
            &k64,
            &v64,
            shape,
            options.causal,
            scale,
            block_n,
            p_precision,
            T::PRECISION,
        );
        let emulated_error = max_relative_error(&emulated.output, &exact.output);
        (
            2.0 * emulated_error,
            format!("emulated {emulated_error:.3e}"),
        )
    };
    let mut passed = error <= bound;
    let holes = unwritten(&out);
    if holes > 0 {
        passed = false;
        detail.push_str(&format!(" {holes} output elements unwritten"));
    }
    if let Some(lse) = lse {
        let lse_error = max_relative_error(&lse, &exact.lse);
        let lse_holes = unwritten(&lse);
        detail.push_str(&format!(" lse {lse_error:.3e}"));
        if lse_error > 1e-5 || lse_holes > 0 {
            passed = false;
            detail.push_str(&format!(" (bound 1e-5; {lse_holes} unwritten)"));
        }
    }
    detail.push_str(&format!(" seed {seed}"));
    let causal = match options.causal {
        None => "full",
        Some(CausalAlignment::TopLeft) => "causal-tl",
        Some(CausalAlignment::BottomRight) => "causal-br",
    };
    Ok(CaseResult {
        name: format!(
            "attention {kernel_name} B{} H{} Nq{} Nk{} D{} {causal}{}",
            shape.batch,
            shape.heads,
            shape.query_len,
            shape.key_len,
            shape.head_dim,
            if options.return_lse { " +lse" } else { "" }
        ),
        error,
        bound,
        passed,
        detail: detail.trim().to_string(),
    })
}

/// `block_n` parsed from a tensor-core kernel name `flash_mma_<t>_d<D>_m<M>_n<BN>`.
fn plan_block_n(name: &str) -> Option<usize> {
    name.rsplit("_n").next()?.parse().ok()
}

/// Random attention-like rows: softmax of normal scores at temperature `1/sharpness`, with
/// every 7th element zeroed (so 0·log 0 is exercised).
fn attention_rows(rng: &mut SplitMix64, shape: RowsShape, sharpness: f64) -> Vec<f64> {
    let mut p = Vec::with_capacity(shape.input_len());
    for _ in 0..shape.total_rows() {
        let scores: Vec<f64> = (0..shape.len).map(|_| sharpness * rng.normal()).collect();
        let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let w: Vec<f64> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| if i % 7 == 3 { 0.0 } else { (s - max).exp() })
            .collect();
        let sum: f64 = w.iter().sum();
        p.extend(w.iter().map(|x| x / sum));
    }
    p
}

fn bound_for<F: GpuFloat>() -> f64 {
    if F::PRECISION == Precision::F32 {
        1e-5
    } else {
        1e-12
    }
}

/// Entropy and Jensen–Shannon checks for element type `F`: random attention rows (normwise
/// bound), and nearly equal rows (absolute bound 1e-6 in f32, 1e-13 in f64, on distances of
/// order 1e-4 — the textbook `H(m) − (H(p) + H(q))/2` form misses this by orders of magnitude
/// in f32).
///
/// # Errors
/// Any [`GpuError`] from the calls.
pub fn analysis_cases<F: GpuFloat>(
    gpu: &Gpu,
    seed: u64,
    quick: bool,
) -> Result<Vec<CaseResult>, GpuError> {
    let mut rng = SplitMix64::new(seed);
    let shape = if quick {
        RowsShape::new(2, 40, 70)
    } else {
        RowsShape::new(3, 300, 1000)
    };
    let p64 = attention_rows(&mut rng, shape, 2.0);
    let p: Vec<F> = p64.iter().map(|&x| F::from_f64(x)).collect();
    let p_used: Vec<f64> = p.iter().map(|x| x.to_f64()).collect();
    let stream = gpu.stream();
    let p_dev = stream.clone_htod(&p)?;
    let mut results = Vec::new();

    let mut entropy = stream.clone_htod(&vec![F::nan(); shape.total_rows()])?;
    gpu.row_entropy_on_device(&p_dev, shape, &mut entropy)?;
    let entropy: Vec<f64> = stream
        .clone_dtoh(&entropy)?
        .iter()
        .map(|x| x.to_f64())
        .collect();
    let expected = reference::row_entropy(&p_used, shape);
    results.push(normwise(
        format!(
            "row_entropy_{} B{} rows{} len{}",
            F::NAME,
            shape.batch,
            shape.rows,
            shape.len
        ),
        &entropy,
        &expected,
        bound_for::<F>(),
        seed,
    ));

    let mut js = stream.clone_htod(&vec![F::nan(); shape.matrix_len()])?;
    gpu.js_distance_matrix_on_device(&p_dev, shape, &mut js)?;
    gpu.synchronize()?;
    let js: Vec<f64> = stream.clone_dtoh(&js)?.iter().map(|x| x.to_f64()).collect();
    let expected = reference::js_distance_matrix(&p_used, shape);
    results.push(normwise(
        format!(
            "js_matrix_{} B{} rows{} len{}",
            F::NAME,
            shape.batch,
            shape.rows,
            shape.len
        ),
        &js,
        &expected,
        bound_for::<F>(),
        seed,
    ));

    // Nearly equal rows: one base row and perturbations of relative size 1e-4.
    let near = RowsShape::new(1, 24, 200);
    let base = attention_rows(&mut rng, RowsShape::new(1, 1, near.len), 1.0);
    let rows: Vec<f64> = (0..near.rows)
        .flat_map(|_| {
            base.iter()
                .map(|&b| b * (1.0 + 1e-4 * (2.0 * rng.uniform() - 1.0)))
                .collect::<Vec<f64>>()
        })
        .collect();
    let rows_t: Vec<F> = rows.iter().map(|&x| F::from_f64(x)).collect();
    let rows_used: Vec<f64> = rows_t.iter().map(|x| x.to_f64()).collect();
    let gpu_near: Vec<f64> = gpu
        .js_distance_matrix(&rows_t, near)?
        .iter()
        .map(|x| x.to_f64())
        .collect();
    let m = near.len;
    let mut worst: f64 = 0.0;
    let mut smallest = f64::INFINITY;
    for i in 0..near.rows {
        for j in 0..near.rows {
            let exact = reference::js_distance_stable(
                &rows_used[i * m..(i + 1) * m],
                &rows_used[j * m..(j + 1) * m],
            );
            if i != j {
                smallest = smallest.min(exact);
            }
            let got = gpu_near[i * near.rows + j];
            worst = if got.is_nan() {
                f64::INFINITY
            } else {
                worst.max((got - exact).abs())
            };
        }
    }
    let bound = if F::PRECISION == Precision::F32 {
        1e-6
    } else {
        1e-13
    };
    results.push(CaseResult {
        name: format!("js_matrix_{} nearly equal rows (absolute error)", F::NAME),
        error: worst,
        bound,
        passed: worst <= bound,
        detail: format!("smallest distance {smallest:.2e} seed {seed}"),
    });
    Ok(results)
}

/// Euclidean-distance checks for `F`: random point sets in several dimensions (normwise),
/// and a tight cluster far from the origin (elementwise relative 1e-5 in f32, 1e-12 in f64,
/// which the ‖x‖² + ‖y‖² − 2x·y form fails).
///
/// # Errors
/// Any [`GpuError`] from the calls.
pub fn distance_cases<F: GpuFloat>(
    gpu: &Gpu,
    seed: u64,
    quick: bool,
) -> Result<Vec<CaseResult>, GpuError> {
    let mut rng = SplitMix64::new(seed);
    let mut results = Vec::new();
    let dims: &[usize] = if quick {
        &[3, 17]
    } else {
        &[1, 3, 17, 64, 129]
    };
    for &dim in dims {
        let shape = if quick {
            PointsShape::new(2, 70, 65, dim)
        } else {
            PointsShape::new(2, 300, 257, dim)
        };
        let x: Vec<F> = (0..shape.x_len())
            .map(|_| F::from_f64(rng.normal()))
            .collect();
        let y: Vec<F> = (0..shape.y_len())
            .map(|_| F::from_f64(rng.normal()))
            .collect();
        let stream = gpu.stream();
        let (x_dev, y_dev) = (stream.clone_htod(&x)?, stream.clone_htod(&y)?);
        let mut out = stream.clone_htod(&vec![F::nan(); shape.out_len()])?;
        gpu.euclidean_distances_on_device(&x_dev, &y_dev, shape, &mut out)?;
        gpu.synchronize()?;
        let got: Vec<f64> = stream
            .clone_dtoh(&out)?
            .iter()
            .map(|v| v.to_f64())
            .collect();
        let x64: Vec<f64> = x.iter().map(|v| v.to_f64()).collect();
        let y64: Vec<f64> = y.iter().map(|v| v.to_f64()).collect();
        let expected = reference::euclidean_distances(&x64, &y64, shape);
        results.push(normwise(
            format!(
                "euclidean_{} B2 n{} m{} d{dim}",
                F::NAME,
                shape.x_points,
                shape.y_points
            ),
            &got,
            &expected,
            bound_for::<F>(),
            seed,
        ));
    }
    // A cluster of radius 1e-3 around (100, …, 100): distances 1e-3 between points of norm
    // 1e3 — the expanded form would lose every digit in f32.
    let shape = PointsShape::new(1, 50, 50, 8);
    let x: Vec<F> = (0..shape.x_len())
        .map(|_| F::from_f64(100.0 + 1e-3 * rng.uniform()))
        .collect();
    let got: Vec<f64> = gpu
        .euclidean_distances(&x, &x, shape)?
        .iter()
        .map(|v| v.to_f64())
        .collect();
    let x64: Vec<f64> = x.iter().map(|v| v.to_f64()).collect();
    let expected = reference::euclidean_distances(&x64, &x64, shape);
    let worst = got
        .iter()
        .zip(&expected)
        .map(|(&g, &e)| {
            if g.is_nan() {
                f64::INFINITY
            } else if e == 0.0 {
                if g == 0.0 { 0.0 } else { f64::INFINITY }
            } else {
                (g - e).abs() / e
            }
        })
        .fold(0.0, f64::max);
    let bound = if F::PRECISION == Precision::F32 {
        1e-5
    } else {
        1e-12
    };
    results.push(CaseResult {
        name: format!("euclidean_{} tight cluster (elementwise relative)", F::NAME),
        error: worst,
        bound,
        passed: worst <= bound,
        detail: format!("seed {seed}"),
    });
    Ok(results)
}

fn normwise(name: String, got: &[f64], expected: &[f64], bound: f64, seed: u64) -> CaseResult {
    let error = max_relative_error(got, expected);
    let holes = unwritten(got);
    CaseResult {
        name,
        error,
        bound,
        passed: error <= bound && holes == 0,
        detail: if holes > 0 {
            format!("{holes} elements unwritten seed {seed}")
        } else {
            format!("seed {seed}")
        },
    }
}

/// Errors the kernels must report rather than compute through: a bad distribution row is
/// named by its index, a NaN input and a wrong length are refused.
///
/// # Errors
/// A [`GpuError`] other than the ones provoked.
pub fn error_cases(gpu: &Gpu) -> Result<Vec<CaseResult>, GpuError> {
    let mut results = Vec::new();
    let mut check = |name: &str, ok: bool, detail: String| {
        results.push(CaseResult {
            name: name.to_string(),
            error: if ok { 0.0 } else { 1.0 },
            bound: 0.0,
            passed: ok,
            detail,
        })
    };
    let shape = RowsShape::new(2, 3, 4);
    let mut p = vec![0.25_f32; shape.input_len()];
    p[4 * 4 + 2] = -0.1; // row 4: a negative element
    let r = gpu.row_entropy(&p, shape);
    check(
        "row_entropy names a negative row",
        matches!(r, Err(GpuError::NotADistribution { row: 4, .. })),
        format!("{r:?}"),
    );
    let mut p = vec![0.25_f64; shape.input_len()];
    p[8..12].iter_mut().for_each(|x| *x = 0.0); // row 2 sums to zero
    let r = gpu.js_distance_matrix(&p, shape);
    check(
        "js_distance_matrix names a zero row",
        matches!(r, Err(GpuError::NotADistribution { row: 2, .. })),
        format!("{:?}", r.map(|_| ())),
    );
    let p = vec![f32::NAN; shape.input_len()];
    let r = gpu.row_entropy(&p, shape);
    check(
        "row_entropy refuses NaN",
        matches!(r, Err(GpuError::NotADistribution { row: 0, .. })),
        format!("{r:?}"),
    );
    let a = AttentionShape::self_attention(1, 1, 8, 16);
    let mut q = vec![0.5_f32; a.q_len()];
    q[3] = f32::INFINITY;
    let r = gpu.attention(&q, &q, &q, a, &AttentionOptions::default());
    check(
        "attention refuses an infinite input",
        matches!(
            r,
            Err(GpuError::NonFinite {
                buffer: "q",
                index: 3
            })
        ),
        format!("{:?}", r.map(|_| ())),
    );
    let r = gpu.attention(&q[..10], &q, &q, a, &AttentionOptions::default());
    check(
        "attention refuses a short buffer",
        matches!(r, Err(GpuError::LengthMismatch { buffer: "q", .. })),
        format!("{:?}", r.map(|_| ())),
    );
    Ok(results)
}

/// The attention cases of the suite: every kernel (tensor-core tilings and the CUDA-core
/// kernel), f32/f16/bf16, head dims 64 and 128 and odd ones, causal both ways and not,
/// sequence lengths that are not multiples of the tiles, `N_q ≠ N_k` both ways, with and
/// without the log-sum-exp. `quick` keeps the shapes tiny (for compute-sanitizer).
pub fn attention_plan(quick: bool) -> Vec<(AttentionShape, AttentionOptions, &'static str)> {
    let causals = [
        None,
        Some(CausalAlignment::TopLeft),
        Some(CausalAlignment::BottomRight),
    ];
    let shapes: Vec<AttentionShape> = if quick {
        vec![
            AttentionShape::new(1, 2, 70, 70, 64),
            AttentionShape::new(1, 1, 130, 33, 128),
            AttentionShape::new(1, 1, 20, 90, 40),
        ]
    } else {
        vec![
            AttentionShape::new(2, 3, 200, 200, 64),
            AttentionShape::new(2, 2, 333, 333, 128),
            AttentionShape::new(1, 2, 77, 300, 128),
            AttentionShape::new(1, 2, 300, 77, 64),
            AttentionShape::new(1, 4, 1024, 1024, 128),
            AttentionShape::new(2, 2, 150, 150, 40),
            AttentionShape::new(1, 2, 129, 200, 256),
            AttentionShape::new(1, 3, 64, 64, 8),
        ]
    };
    let dtypes = ["f32", "f16", "bf16"];
    let mut plan = Vec::new();
    for (s, shape) in shapes.iter().enumerate() {
        for (c, causal) in causals.iter().enumerate() {
            for (t, dtype) in dtypes.iter().enumerate() {
                let mut kernels = vec![KernelChoice::Auto];
                // Every tiling on every small shape; the large shape (slow on the CPU
                // reference) with the default kernels only.
                if *dtype != "f32" && shape.query_len < 1024 {
                    kernels.extend(
                        TileConfig::available(shape.head_dim)
                            .iter()
                            .map(|&tiles| KernelChoice::TensorCore(tiles)),
                    );
                    if matches!(shape.head_dim, 64 | 128) {
                        kernels.push(KernelChoice::Generic);
                    }
                }
                for kernel in kernels {
                    let options = AttentionOptions {
                        causal: *causal,
                        scale: None,
                        return_lse: (s + c + t) % 2 == 0,
                        kernel,
                    };
                    plan.push((*shape, options, *dtype));
                }
            }
        }
    }
    plan
}

/// Runs every check, calling `report` after each, and returns all results.
///
/// # Errors
/// The first [`GpuError`] a call returns (a failed check is a result, not an error).
pub fn run_all(
    gpu: &Gpu,
    seed: u64,
    quick: bool,
    report: &mut dyn FnMut(&CaseResult),
) -> Result<Vec<CaseResult>, GpuError> {
    let mut results = Vec::new();
    let mut push = |r: CaseResult, results: &mut Vec<CaseResult>| {
        report(&r);
        results.push(r);
    };
    for (i, (shape, options, dtype)) in attention_plan(quick).into_iter().enumerate() {
        let case_seed = seed.wrapping_add(i as u64);
        let r = match dtype {
            "f32" => attention_case::<f32>(gpu, shape, &options, case_seed)?,
            "f16" => attention_case::<half::f16>(gpu, shape, &options, case_seed)?,
            _ => attention_case::<half::bf16>(gpu, shape, &options, case_seed)?,
        };
        push(r, &mut results);
    }
    for r in analysis_cases::<f32>(gpu, seed ^ 1, quick)? {
        push(r, &mut results);
    }
    for r in analysis_cases::<f64>(gpu, seed ^ 2, quick)? {
        push(r, &mut results);
    }
    for r in distance_cases::<f32>(gpu, seed ^ 3, quick)? {
        push(r, &mut results);
    }
    for r in distance_cases::<f64>(gpu, seed ^ 4, quick)? {
        push(r, &mut results);
    }
    for r in error_cases(gpu)? {
        push(r, &mut results);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_roughly_normal() {
        let mut a = SplitMix64::new(42);
        let mut b = SplitMix64::new(42);
        assert_eq!(a.next_u64(), b.next_u64());
        let xs: Vec<f64> = (0..20_000).map(|_| a.normal()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
        assert!(
            mean.abs() < 0.03 && (var - 1.0).abs() < 0.05,
            "{mean} {var}"
        );
        assert!(
            (0..1000)
                .map(|_| a.uniform())
                .all(|u| (0.0..1.0).contains(&u))
        );
    }

    #[test]
    fn the_plan_covers_every_kernel_and_mask() {
        let plan = attention_plan(false);
        let names: std::collections::HashSet<String> = plan
            .iter()
            .map(|(shape, options, dtype)| {
                let p = match *dtype {
                    "f32" => crate::attention::plan::<f32>(shape, options.kernel, (9, 0)),
                    "f16" => crate::attention::plan::<half::f16>(shape, options.kernel, (9, 0)),
                    _ => crate::attention::plan::<half::bf16>(shape, options.kernel, (9, 0)),
                };
                p.unwrap().name
            })
            .collect();
        let source = crate::kernels::KernelFile::Attention.source();
        // Every tensor-core entry point of attention.cu is exercised by the suite.
        for line in source.lines().filter(|l| l.starts_with("GEOML_FLASH_MMA(")) {
            let name = line["GEOML_FLASH_MMA(".len()..].split(',').next().unwrap();
            assert!(names.contains(name), "{name} is never tested");
        }
        assert!(plan.iter().any(|(s, o, _)| s.query_len > s.key_len
            && o.causal == Some(CausalAlignment::BottomRight)
            && o.return_lse));
        assert!(plan_block_n("flash_mma_bf16_d128_m2_n32") == Some(32));
    }

    #[test]
    fn attention_rows_are_distributions_with_zeros() {
        let mut rng = SplitMix64::new(1);
        let shape = RowsShape::new(1, 3, 20);
        let p = attention_rows(&mut rng, shape, 2.0);
        for row in p.chunks(20) {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert_eq!(row[3], 0.0);
        }
    }
}
