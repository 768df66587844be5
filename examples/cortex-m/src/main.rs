//! geoml on a Cortex-M4: runs every scenario in f32, compares with the host's f64 results,
//! reports the memory footprint, and exits through semihosting (status 0 only if all match).
#![no_std]
#![no_main]

mod scenarios;

// Linked for its single-core critical-section implementation, which semihosting output uses.
use core::sync::atomic::{AtomicBool, Ordering};
use cortex_m as _;
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

include!(concat!(env!("OUT_DIR"), "/expected.rs"));

/// Set by a mismatch; read once at the end so every scenario still runs and prints.
static FAILED: AtomicBool = AtomicBool::new(false);

#[entry]
fn main() -> ! {
    hprintln!("geoml on a Cortex-M4 (f32, expected values from the host in f64)");
    let mut index = 0;
    scenarios::run_all::<f32>(&mut |name, values, tolerance| {
        check(index, name, values, tolerance);
        index += 1;
    });
    if index != EXPECTED.len() {
        hprintln!(
            "ran {} scenarios but the host computed {}",
            index,
            EXPECTED.len()
        );
        FAILED.store(true, Ordering::Relaxed);
    }
    report_footprint();
    if FAILED.load(Ordering::Relaxed) {
        hprintln!("RESULT: FAIL");
        debug::exit(debug::EXIT_FAILURE);
    } else {
        hprintln!("RESULT: PASS ({} scenarios)", index);
        debug::exit(debug::EXIT_SUCCESS);
    }
    halt()
}

/// Compares one scenario's f32 results with the host's f64 ones and prints the worst error.
fn check(index: usize, name: &str, values: &[f32], tolerance: f64) {
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
        "  [{}] {} ({} values): worst error {:e} (allowed {:e}) {}",
        index,
        name,
        values.len(),
        worst,
        tolerance,
        if ok { "ok" } else { "MISMATCH" }
    );
    if !ok {
        FAILED.store(true, Ordering::Relaxed);
    }
}

/// Static RAM from the linker's symbols, and the stack high-water mark: cortex-m-rt painted
/// the stack with 0xCCCC_CCCC at reset, and the lowest word no longer painted marks the
/// deepest the stack has grown.
fn report_footprint() {
    unsafe extern "C" {
        static __sdata: u32;
        static __ebss: u32;
        static _stack_end: u32;
        static _stack_start: u32;
    }
    // Only the addresses of the linker symbols are taken, never their values.
    let (data_start, bss_end) = (&raw const __sdata as usize, &raw const __ebss as usize);
    let (paint_start, stack_top) = (
        &raw const _stack_end as usize,
        &raw const _stack_start as usize,
    );
    let mut address = paint_start;
    while address < stack_top {
        // SAFETY: [paint_start, stack_top) is RAM the runtime painted at reset; an aligned
        // volatile read of it has no side effect.
        let word = unsafe { core::ptr::read_volatile(address as *const u32) };
        if word != 0xCCCC_CCCC {
            break;
        }
        address += 4;
    }
    hprintln!(
        "FOOTPRINT static_ram_bytes={} stack_bytes={}",
        bss_end - data_start,
        stack_top - address
    );
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
