#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| geoml_fuzz::lie::matrices(data));
