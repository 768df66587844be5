//! Stop: the contract every function of the core keeps.

use geoml::{Error, check_finite_rows};

pub fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Four 3-dimensional tokens, one of which overflowed upstream.
    let tokens = [
        [0.1_f32, 0.2, 0.3],
        [0.4, 0.5, 0.6],
        [0.7, f32::INFINITY, 0.9],
        [1.0, 1.1, 1.2],
    ];
    match check_finite_rows(&tokens) {
        Err(Error::NonFinite { index, value }) => {
            println!(
                "token {} dimension {} holds {value}: rejected with a named error",
                index / 3,
                index % 3
            );
            println!("  the error reads: {}", Error::NonFinite { index, value });
        }
        other => return Err(format!("expected a NonFinite error, got {other:?}").into()),
    }
    let clean = [[0.1_f64, 0.2], [0.3, 0.4]];
    check_finite_rows(&clean)?;
    println!("a clean 2×2 batch passes the same check");
    Ok(())
}
