//! Reading the reference tables in tests/data.
//!
//! A table is a text file written by a script in tools/: `#` starts a comment line (the header
//! names the script, the library versions and the date), and every other non-empty line is a
//! record `name v1 v2 …` — a label without spaces followed by numbers as Python's `repr`
//! writes them (`inf`, `-inf` and `nan` allowed), which round-trip f64 exactly.

#![allow(dead_code)] // each test binary uses only part of this module

use std::path::{Path, PathBuf};

/// One record of a reference table.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The label of the record (what case it is).
    pub name: String,
    /// Its numbers, in the order the generator wrote them.
    pub values: Vec<f64>,
}

/// The path of `tests/data/<relative>`.
pub fn data_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(relative)
}

/// Reads `tests/data/<relative>`, panicking with the file and line on any malformed record.
pub fn read_table(relative: &str) -> Vec<Record> {
    let path = data_path(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(number, line)| {
            let mut fields = line.split_whitespace();
            let name = fields.next().unwrap_or_default().to_string();
            let values = fields
                .map(|field| {
                    parse_number(field).unwrap_or_else(|| {
                        panic!(
                            "{}:{}: {field:?} is not a number",
                            path.display(),
                            number + 1
                        )
                    })
                })
                .collect();
            Record { name, values }
        })
        .collect()
}

fn parse_number(field: &str) -> Option<f64> {
    match field {
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" => Some(f64::NAN),
        _ => field.parse().ok(),
    }
}

/// `|actual − expected| ≤ rel · max(|expected|, floor)`: a relative bound that becomes an
/// absolute one (`rel · floor`) for expected values below `floor`.
pub fn close(actual: f64, expected: f64, rel: f64, floor: f64) -> bool {
    if expected.is_infinite() || actual.is_infinite() {
        return actual == expected;
    }
    (actual - expected).abs() <= rel * expected.abs().max(floor)
}

/// Panics with `what`, the values and their relative error unless [`close`] holds.
pub fn assert_close(what: &str, actual: f64, expected: f64, rel: f64, floor: f64) {
    assert!(
        close(actual, expected, rel, floor),
        "{what}: got {actual:e}, expected {expected:e} (relative error {:e}, allowed {rel:e})",
        (actual - expected).abs() / expected.abs().max(floor)
    );
}
