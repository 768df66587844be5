//! A 64-bit tick counter from SysTick's 24-bit down-counter, for timing scenarios. Under QEMU
//! with `-icount shift=0` every instruction advances the emulated clock by 1 ns, and SysTick
//! runs at the board's 25 MHz, so one tick is 40 instructions executed on the Cortex-M4,
//! repeatably (calibrated: `cortex_m::asm::delay(400_000)`, 800 002 instructions, reads 20 000
//! ticks).

use cortex_m::peripheral::{SYST, syst::SystClkSource};

const RELOAD: u32 = 0x00FF_FFFF;

pub struct Clock {
    syst: SYST,
    wraps: u64,
}

impl Clock {
    /// Starts SysTick on the processor clock, free-running from its largest reload value.
    pub fn start() -> Self {
        let mut syst = cortex_m::Peripherals::take()
            .map(|p| p.SYST)
            .expect("peripherals are taken once");
        syst.set_clock_source(SystClkSource::Core);
        syst.set_reload(RELOAD);
        syst.clear_current();
        syst.enable_counter();
        // The counter reads 0 until its first reload; the elapsed-time formula below needs it
        // running, or the first reading would look like a whole period.
        while SYST::get_current() == 0 {}
        Clock { syst, wraps: 0 }
    }

    /// Ticks since `start`; call it at least once per wrap (2²⁴ ticks).
    pub fn now(&mut self) -> u64 {
        if self.syst.has_wrapped() {
            self.wraps += 1;
        }
        self.wraps * u64::from(RELOAD + 1) + u64::from(RELOAD - SYST::get_current())
    }
}
