//! Puts memory.x where the linker finds it, and computes the expected results of every
//! scenario on the host, in f64, with the same geoml code the firmware runs in f32.

#[path = "src/scenarios.rs"]
#[allow(dead_code)]
mod scenarios;

use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::copy("memory.x", out.join("memory.x")).expect("memory.x is readable");
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=src/scenarios.rs");

    let mut table = String::from(
        "/// Expected results, computed on the host in f64 by build.rs.\npub const EXPECTED: &[(&str, &[f64])] = &[\n",
    );
    let mut workspaces = Box::new(scenarios::Workspaces::<f64>::new());
    scenarios::run_all::<f64>(&mut workspaces, &mut |name, values, _tolerance| {
        let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
        writeln!(table, "    ({name:?}, &[{}]),", values.join(", ")).expect("writing to a String");
    });
    table.push_str("];\n");
    fs::write(out.join("expected.rs"), table).expect("OUT_DIR is writable");
}
