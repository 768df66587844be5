//! Stack measurement: cortex-m-rt paints the stack with 0xCCCC_CCCC at reset; the lowest word
//! no longer painted marks the deepest the stack has reached since. Repainting the free part
//! between scenarios gives each scenario its own high-water mark.

const PAINT: u32 = 0xCCCC_CCCC;

unsafe extern "C" {
    static _stack_end: u32;
    static _stack_start: u32;
    static __sdata: u32;
    static __ebss: u32;
}

/// Bytes of RAM taken by statics (.data and .bss), from the linker's symbols.
pub fn static_ram_bytes() -> usize {
    // Only the addresses of the linker symbols are taken, never their values.
    &raw const __ebss as usize - &raw const __sdata as usize
}

/// (lowest, highest) address of the stack region.
fn region() -> (usize, usize) {
    (
        &raw const _stack_end as usize,
        &raw const _stack_start as usize,
    )
}

/// Bytes of stack used at the deepest point since the last paint.
pub fn high_water_bytes() -> usize {
    let (bottom, top) = region();
    let mut address = bottom;
    while address < top {
        // SAFETY: [bottom, top) is the stack region in RAM; an aligned volatile read of it has
        // no side effect.
        if unsafe { core::ptr::read_volatile(address as *const u32) } != PAINT {
            break;
        }
        address += 4;
    }
    top - address
}

/// Repaints the free stack below the caller's frame, so the next measurement starts afresh.
#[inline(never)]
pub fn repaint_free() {
    let (bottom, _) = region();
    // Leave a margin below the current stack pointer for this function's own frame.
    let limit = cortex_m::register::msp::read() as usize - 64;
    let mut address = bottom;
    while address < limit {
        // SAFETY: the words between the stack region's bottom and 64 bytes below the current
        // stack pointer belong to no live frame; writing them cannot disturb the program.
        unsafe { core::ptr::write_volatile(address as *mut u32, PAINT) };
        address += 4;
    }
}
