//! The Cortex-M firmware's workload on the host, for instruction counts.
//!
//! Runs the firmware's scenarios (`examples/cortex-m/src/scenarios.rs`, the very file the firmware runs) in
//! f32, `REPEATS` times, so that `valgrind --tool=callgrind` can count the instructions of the
//! default build and of the `fast-math` build:
//!
//! ```sh
//! cd tools/firmware-workload
//! cargo build --release [--features fast-math]
//! valgrind --tool=callgrind target/release/geoml-firmware-workload
//! ```
//!
//! Instruction counts repeat exactly whatever else the machine does, which wall-clock timings
//! on a shared machine do not. BENCHMARKS.md records the figures.

#[path = "../../../examples/cortex-m/src/scenarios.rs"]
mod scenarios;

const REPEATS: usize = 100;

fn main() {
    let mut workspaces = Box::new(scenarios::Workspaces::<f32>::new());
    // A checksum of every result keeps the work from being optimised away.
    let mut checksum = 0.0_f64;
    for _ in 0..REPEATS {
        scenarios::run_all::<f32>(&mut workspaces, &mut |_, values, _| {
            checksum += values.iter().map(|&v| f64::from(v)).sum::<f64>();
        });
    }
    let mode = if cfg!(feature = "fast-math") {
        "fast-math"
    } else {
        "default"
    };
    println!("{REPEATS} runs of the firmware scenarios ({mode}); checksum {checksum:.6e}");
}
