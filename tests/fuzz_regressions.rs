//! Replays every crash input the fuzzers found (issue 9), on stable Rust and without
//! libFuzzer, through the same bodies and assertions as the fuzz targets in `fuzz/`.
//!
//! Each file under `fuzz/regressions/<target>/` is an input that once made a target fail; the
//! bug it found is fixed and named in RELIABILITY.md, and the tests below the replay state each
//! one as plain values, so that the fix is visible without decoding bytes.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_bodies;

use std::path::Path;

#[test]
fn every_kept_crash_input_passes_its_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("regressions");
    let mut replayed = 0;
    for (name, body) in fuzz_bodies::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable directory entry").path();
            let data = std::fs::read(&path).expect("a readable crash input");
            body(&data);
            replayed += 1;
        }
        // Short and empty inputs decode to zeros: every target must accept them too.
        body(&[]);
        body(&[0xff; 3]);
    }
    println!("replayed {replayed} crash inputs");
}

/// A generator stuck at one word, as a failed hardware RNG might be.
struct Stuck(u64);

impl geoml::symmetry::rand_core::TryRng for Stuck {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.0 as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        dst.fill(self.0 as u8);
        Ok(())
    }
}

/// symmetry_permutations, `stuck-rng-hang` (the one-byte input `0a`): `Permutation::random`
/// rejected a generator's constant 0 forever in Lemire's method (for every bound that is not a
/// power of two) and never returned. Fixed in core/src/symmetry/random.rs: after 64
/// rejections in a row the last candidate is kept.
#[test]
fn a_stuck_generator_cannot_hang_sampling() {
    use geoml::symmetry::{Permutation, augment, random_permutations};
    for word in [0, 1, 3, u64::MAX] {
        let p = Permutation::<6>::random(&mut Stuck(word));
        assert!(Permutation::from_images(*p.images()).is_ok());
        assert_eq!(random_permutations::<_, 5>(&mut Stuck(word), 3).count(), 3);
        let mut out = [0u8; 4];
        let g = augment(&[1, 2, 3, 4], &mut Stuck(word), &mut out);
        let mut sorted = out;
        sorted.sort();
        assert_eq!(sorted, [1, 2, 3, 4], "{g:?}");
    }
}
