//! geoml on a Cortex-M4: runs every scenario in f32, compares with the host's f64 results,
//! reports the memory footprint, and exits through semihosting (status 0 only if all match).
#![no_std]
#![no_main]

mod cycles;
mod scenarios;
mod stack;

use core::sync::atomic::{AtomicBool, Ordering};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

include!(concat!(env!("OUT_DIR"), "/expected.rs"));

/// Set by a mismatch; read once at the end so every scenario still runs and prints.
static FAILED: AtomicBool = AtomicBool::new(false);

#[entry]
fn main() -> ! {
    hprintln!("geoml on a Cortex-M4 (f32, expected values from the host in f64)");
    // The workspaces live in a static, as they would in real firmware: a const initialiser
    // puts them in .bss with no temporary on the stack (cortex_m::singleton! would first build
    // the 13 KiB value in main's frame, which then keeps that room for the whole run).
    static mut WORKSPACES: scenarios::Workspaces<f32> = scenarios::Workspaces::new();
    // SAFETY: this is the only reference ever taken to WORKSPACES, once, before any other code
    // runs (there are no interrupts in this program).
    let pointer = &raw mut WORKSPACES;
    let workspaces = unsafe { &mut *pointer };
    let (mut index, mut deepest) = (0, 0);
    let mut clock = cycles::Clock::start();
    stack::repaint_free();
    let mut last = clock.now();
    scenarios::run_all::<f32>(workspaces, &mut |name, values, tolerance| {
        let ticks = clock.now() - last;
        let used = stack::high_water_bytes();
        deepest = deepest.max(used);
        check(index, name, values, tolerance, used, ticks);
        index += 1;
        stack::repaint_free();
        last = clock.now();
    });
    if index != EXPECTED.len() {
        hprintln!(
            "ran {} scenarios but the host computed {}",
            index,
            EXPECTED.len()
        );
        FAILED.store(true, Ordering::Relaxed);
    }
    hprintln!(
        "FOOTPRINT static_ram_bytes={} stack_bytes={}",
        stack::static_ram_bytes(),
        deepest
    );
    if FAILED.load(Ordering::Relaxed) {
        hprintln!("RESULT: FAIL");
        debug::exit(debug::EXIT_FAILURE);
    } else {
        hprintln!("RESULT: PASS ({} scenarios)", index);
        debug::exit(debug::EXIT_SUCCESS);
    }
    halt()
}

/// Compares one scenario's f32 results with the host's f64 ones and prints the worst error in
/// parts per billion (integers keep float formatting, ~12 KiB of flash, out of the firmware),
/// with the scenario's stack high-water mark and its SysTick ticks (instructions ÷ 40 under
/// QEMU's `-icount shift=0`, whose 1 ns per instruction meets the 25 MHz SysTick).
fn check(index: usize, name: &str, values: &[f32], tolerance: f64, stack_bytes: usize, ticks: u64) {
    let Some(&(expected_name, expected)) = EXPECTED.get(index) else {
        hprintln!("  [{}] {}: no expected values", index, name);
        FAILED.store(true, Ordering::Relaxed);
        return;
    };
    let mut worst = 0.0_f64;
    let mut ok = expected_name == name && expected.len() == values.len();
    for (&got, &want) in values.iter().zip(expected) {
        let error = libm::fabs(f64::from(got) - want) / libm::fmax(libm::fabs(want), 1.0);
        if error.is_nan() || error > tolerance {
            ok = false;
        }
        worst = libm::fmax(worst, error);
    }
    hprintln!(
        "  [{}] {} ({} values): worst error {} ppb (allowed {} ppb), stack {} B, {} ticks: {}",
        index,
        name,
        values.len(),
        parts_per_billion(worst),
        parts_per_billion(tolerance),
        stack_bytes,
        ticks,
        if ok { "ok" } else { "MISMATCH" }
    );
    if !ok {
        FAILED.store(true, Ordering::Relaxed);
    }
}

/// `x · 10⁹` rounded, saturating (NaN reads as the maximum).
fn parts_per_billion(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else {
        libm::round(x * 1e9) as u64
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    hprintln!("PANIC: {}", info);
    hprintln!("RESULT: FAIL");
    debug::exit(debug::EXIT_FAILURE);
    halt()
}

/// Where the firmware rests if the host ignores the semihosting exit request.
fn halt() -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
