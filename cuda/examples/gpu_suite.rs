//! The GPU suite of geoml-cuda: built on the development machine, run on a GPU machine by
//! `cuda/gpu/run.sh` (see cuda/gpu/README.md). Needs no Rust toolchain where it runs.
//!
//! ```text
//! gpu_suite info                 device, architecture, NVRTC version, kernel compile time
//! gpu_suite check [--quick]      the correctness suite (--quick: tiny shapes, for compute-sanitizer)
//! gpu_suite bench CSV            attention timings on the benchmark shapes, written to CSV
//! gpu_suite causal-dump DIR      small causal problems and our outputs, for a check against PyTorch
//! ```
//! Every subcommand exits with status 1 on a failed check and 2 on an error.

use geoml_cuda::validation::{self, SplitMix64};
use geoml_cuda::{
    AttentionElement, AttentionOptions, AttentionShape, CausalAlignment, Gpu, GpuError,
    KernelChoice, TileConfig, kernels,
};
use half::{bf16, f16};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("info") => info(),
        Some("check") => check(args.iter().any(|a| a == "--quick")),
        Some("bench") => match args.get(1) {
            Some(path) => bench(Path::new(path), args.iter().any(|a| a == "--quick")),
            None => Err("usage: gpu_suite bench CSV [--quick]".into()),
        },
        Some("causal-dump") => match args.get(1) {
            Some(dir) => causal_dump(Path::new(dir)),
            None => Err("usage: gpu_suite causal-dump DIR".into()),
        },
        _ => Err(
            "usage: gpu_suite info | check [--quick] | bench CSV [--quick] | causal-dump DIR"
                .into(),
        ),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("gpu_suite: {e}");
            ExitCode::from(2)
        }
    }
}

type Outcome = Result<bool, Box<dyn std::error::Error>>;

fn open() -> Result<Gpu, GpuError> {
    let gpu = Gpu::new(0)?;
    println!(
        "device: {} (compute capability {}.{}, kernels built for {}), NVRTC {:?}",
        gpu.name(),
        gpu.compute_capability().0,
        gpu.compute_capability().1,
        gpu.arch(),
        kernels::nvrtc_version()?
    );
    Ok(gpu)
}

fn info() -> Outcome {
    let gpu = open()?;
    let start = Instant::now();
    let logs = gpu.compile_all()?;
    println!(
        "compiled {} kernel files in {:.1} s",
        logs.len(),
        start.elapsed().as_secs_f64()
    );
    for log in logs.iter().filter(|l| !l.trim().is_empty()) {
        println!("{log}");
    }
    Ok(true)
}

fn seed() -> u64 {
    match std::env::var("GEOML_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => seed,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

fn check(quick: bool) -> Outcome {
    let gpu = open()?;
    let seed = seed();
    println!(
        "correctness suite ({}), seed {seed} (rerun with GEOML_SEED={seed})",
        if quick { "quick" } else { "full" }
    );
    let start = Instant::now();
    let results = validation::run_all(&gpu, seed, quick, &mut |r| {
        println!("{r}");
        let _ = std::io::stdout().flush();
    })?;
    let failed = results.iter().filter(|r| !r.passed).count();
    println!(
        "check: {} passed, {failed} failed ({:.1} s)",
        results.len() - failed,
        start.elapsed().as_secs_f64()
    );
    Ok(failed == 0)
}

/// Median time of one launch, in milliseconds: each sample brackets `inner` back-to-back
/// launches with CUDA events (so host-side launch overhead overlaps the GPU work, as it does in
/// a real pipeline), after warm-up; 5 to 50 samples.
fn time_launches(
    gpu: &Gpu,
    mut launch: impl FnMut() -> Result<(), GpuError>,
) -> Result<f64, GpuError> {
    use cudarc::driver::sys::CUevent_flags;
    let ctx = gpu.context();
    let (start, end) = (
        ctx.new_event(Some(CUevent_flags::CU_EVENT_DEFAULT))?,
        ctx.new_event(Some(CUevent_flags::CU_EVENT_DEFAULT))?,
    );
    let timed =
        |launch: &mut dyn FnMut() -> Result<(), GpuError>, inner: usize| -> Result<f64, GpuError> {
            start.record(gpu.stream())?;
            for _ in 0..inner {
                launch()?;
            }
            end.record(gpu.stream())?;
            Ok(start.elapsed_ms(&end)? as f64 / inner as f64)
        };
    // Warm-up: module load and compilation happen on the first launch.
    for _ in 0..2 {
        timed(&mut launch, 1)?;
    }
    let first = timed(&mut launch, 1)?.max(1e-3);
    let inner = ((2.0 / first).ceil() as usize).clamp(1, 100);
    let reps = ((300.0 / (first * inner as f64)).ceil() as usize).clamp(5, 50);
    let mut times: Vec<f64> = (0..reps)
        .map(|_| timed(&mut launch, inner))
        .collect::<Result<_, _>>()?;
    gpu.synchronize()?;
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn bench(path: &Path, quick: bool) -> Outcome {
    let gpu = open()?;
    let mut csv = String::from(
        "impl,dtype,head_dim,heads,seq_len,batch,causal,config,default,median_ms,tflops\n",
    );
    bench_dtype::<bf16>(&gpu, quick, &mut csv)?;
    bench_dtype::<f16>(&gpu, quick, &mut csv)?;
    std::fs::write(path, csv)?;
    println!("wrote {}", path.display());
    Ok(true)
}

/// Benchmark shapes: 16k tokens per batch (B·N = 16384), hidden 2048 = H·D.
fn bench_dtype<T: AttentionElement>(gpu: &Gpu, quick: bool, csv: &mut String) -> Outcome {
    let tokens = 16_384usize;
    let hidden = 2_048usize;
    let mut rng = SplitMix64::new(seed());
    let elements = tokens * hidden;
    let stream = gpu.stream();
    // Same element count for every shape: draw once, reinterpret per shape.
    let mut draw = || -> Result<_, GpuError> {
        let host: Vec<T> = (0..elements).map(|_| T::from_f64(rng.normal())).collect();
        Ok(stream.clone_htod(&host)?)
    };
    let (q, k, v) = (draw()?, draw()?, draw()?);
    let mut out = stream.alloc_zeros::<T>(elements)?;
    let lens: &[usize] = if quick {
        &[512, 2048]
    } else {
        &[512, 1024, 2048, 4096, 8192, 16384]
    };
    for &head_dim in &[64usize, 128] {
        let heads = hidden / head_dim;
        for &n in lens {
            let batch = tokens / n;
            let shape = AttentionShape::self_attention(batch, heads, n, head_dim);
            for causal in [false, true] {
                let default = TileConfig::default_for(head_dim);
                for &tiles in TileConfig::available(head_dim) {
                    let options = AttentionOptions {
                        causal: causal.then_some(CausalAlignment::TopLeft),
                        kernel: KernelChoice::TensorCore(tiles),
                        ..AttentionOptions::default()
                    };
                    let ms = time_launches(gpu, || {
                        gpu.attention_on_device(&q, &k, &v, &mut out, None, shape, &options)
                    })?;
                    let flops = 4.0 * (batch * heads * n * n * head_dim) as f64
                        / if causal { 2.0 } else { 1.0 };
                    let tflops = flops / (ms * 1e-3) / 1e12;
                    let config = format!("m{}n{}", tiles.m_tiles, tiles.block_n);
                    let line = format!(
                        "geoml,{},{head_dim},{heads},{n},{batch},{causal},{config},{},{ms:.4},{tflops:.2}\n",
                        T::NAME,
                        tiles == default
                    );
                    print!("{line}");
                    csv.push_str(&line);
                }
            }
        }
    }
    Ok(true)
}

/// Writes small f32 problems (causal top-left and bottom-right, N_q ≠ N_k both ways) with our
/// outputs, for bench_sdpa.py to compare with PyTorch's SDPA on the same GPU.
fn causal_dump(dir: &Path) -> Outcome {
    let gpu = open()?;
    std::fs::create_dir_all(dir)?;
    let mut rng = SplitMix64::new(seed());
    let mut manifest = String::from("name,batch,heads,query_len,key_len,head_dim,alignment\n");
    let cases = [
        ("tl_short_q", 37, 53, Some(CausalAlignment::TopLeft)),
        ("tl_long_q", 53, 37, Some(CausalAlignment::TopLeft)),
        ("br_short_q", 37, 53, Some(CausalAlignment::BottomRight)),
        ("br_long_q", 53, 37, Some(CausalAlignment::BottomRight)),
        ("full", 37, 53, None),
    ];
    for (name, nq, nk, causal) in cases {
        let shape = AttentionShape::new(2, 3, nq, nk, 64);
        let mut draw = |n: usize| -> Vec<f32> { (0..n).map(|_| rng.normal() as f32).collect() };
        let (q, k, v) = (
            draw(shape.q_len()),
            draw(shape.kv_len()),
            draw(shape.kv_len()),
        );
        let options = AttentionOptions {
            causal,
            ..AttentionOptions::default()
        };
        let out = gpu.attention(&q, &k, &v, shape, &options)?;
        for (suffix, data) in [("q", &q), ("k", &k), ("v", &v), ("out", &out.output)] {
            let bytes: Vec<u8> = data.iter().flat_map(|x| x.to_le_bytes()).collect();
            std::fs::write(dir.join(format!("{name}.{suffix}.f32")), bytes)?;
        }
        let alignment = match causal {
            None => "none",
            Some(CausalAlignment::TopLeft) => "top_left",
            Some(CausalAlignment::BottomRight) => "bottom_right",
        };
        manifest.push_str(&format!("{name},2,3,{nq},{nk},64,{alignment}\n"));
    }
    std::fs::write(dir.join("manifest.csv"), manifest)?;
    println!("wrote {} cases to {}", cases.len(), dir.display());
    Ok(true)
}
