//! The reader of tests/data tables parses what the Python generators write.

mod common;

use common::{assert_close, close, read_table};

#[test]
fn the_format_round_trips_python_reprs() {
    let records = read_table("format_example.txt");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].name, "third");
    assert_eq!(records[0].values, vec![0.1 + 0.2, 1.0 / 3.0, 1e-300]);
    assert_eq!(records[1].name, "specials");
    assert_eq!(records[1].values[0], f64::INFINITY);
    assert_eq!(records[1].values[1], f64::NEG_INFINITY);
    assert!(records[1].values[2].is_nan());
}

#[test]
fn closeness_is_relative_with_an_absolute_floor() {
    assert!(close(1.0 + 1e-13, 1.0, 1e-12, 1e-30));
    assert!(!close(1.0 + 1e-11, 1.0, 1e-12, 1e-30));
    assert!(close(1e-20, 0.0, 1e-12, 1e-8));
    assert!(close(f64::INFINITY, f64::INFINITY, 0.0, 0.0));
    assert!(!close(1e308, f64::INFINITY, 1.0, 1.0));
    assert_close("identity", 2.5, 2.5, 0.0, 1.0);
}
