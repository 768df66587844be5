"""Time ripser.py and GUDHI against geoml on the same inputs, in one run, and print the ratios.

The inputs are written to tests/data/persistence/timing.txt (format: tools/reftable.py), which
the criterion benchmark core/benches/persistence.rs reads, so both sides work on the same
numbers:

  rips_points          64 points uniform in the unit cube of R^3 (n, dim, coordinates)
  rips_points_16, rips_points_128   16 and 128 such points
  bottleneck_left/right  the H0 diagrams (63 finite bars and one essential) of two other such
                         clouds, computed by GUDHI (births all 0: points on a line)
  general_left/right     two diagrams of 63 finite points, births uniform in [0, 1) and
                         lifetimes uniform in [0, 0.5), and one essential bar each (births and
                         deaths both vary: the general, two-dimensional case, same size)

Timed here, each as the median of many repetitions:
  ripser.py   ripser(D, distance_matrix=True, maxdim=1)           H0 and H1 from the matrix
  GUDHI       RipsComplex(distance_matrix=D).create_simplex_tree(max_dimension=2)
              .compute_persistence()                               H0 and H1 from the matrix
  GUDHI       bottleneck_distance(x, y, e=0)                        exact bottleneck, both pairs
  (and, for information, GUDHI's default e and persim.bottleneck)
then the script runs the benchmark groups `timing_*` of core/benches/persistence.rs with
criterion and reads geoml's medians from target/criterion/.

Usage (from the repository root, with the environment of tools/requirements-persistence.txt):
  /tmp/venv-persistence/bin/python tools/persistence_timing.py
"""

import importlib.metadata as md
import json
import math
import pathlib
import platform
import subprocess
import sys
import time
import warnings

import gudhi
import numpy as np
import persim
from ripser import ripser

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from persistence_reference import distance_matrix, gudhi_diagrams  # noqa: E402
from reftable import ROOT, write_table  # noqa: E402


def median_seconds(f, repeat=200, budget=3.0):
    """Median wall time of f() over up to `repeat` calls or `budget` seconds."""
    f()  # warm up
    times = []
    start = time.perf_counter()
    while len(times) < repeat and time.perf_counter() - start < budget:
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def criterion_median(group, function):
    path = ROOT / "target" / "criterion" / group / function / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"] * 1e-9


def main():
    # persim warns that it ignores the essential bar of each diagram (it does).
    warnings.filterwarnings("ignore", message=".*non-finite death times.*")
    points = np.random.default_rng(64).random((64, 3))
    d = distance_matrix(points)
    points16 = np.random.default_rng(16).random((16, 3))
    points128 = np.random.default_rng(128).random((128, 3))
    d16, d128 = distance_matrix(points16), distance_matrix(points128)
    left, right = (
        gudhi_diagrams(distance_matrix(np.random.default_rng(seed).random((64, 3))), 0)[0]
        for seed in (65, 66)
    )
    def synthetic(seed):
        rng = np.random.default_rng(seed)
        births = rng.random(63)
        pairs = sorted(zip(births, births + 0.5 * rng.random(63))) + [(0.0, math.inf)]
        return [float(v) for pair in pairs for v in pair]

    general_left, general_right = synthetic(67), synthetic(68)
    write_table(
        "persistence/timing.txt",
        "tools/persistence_timing.py",
        {name: md.version(name) for name in ("gudhi", "ripser", "numpy")},
        [
            ("rips_points", [64, 3] + [float(x) for x in points.ravel()]),
            ("rips_points_16", [16, 3] + [float(x) for x in points16.ravel()]),
            ("rips_points_128", [128, 3] + [float(x) for x in points128.ravel()]),
            ("bottleneck_left", left),
            ("bottleneck_right", right),
            ("general_left", general_left),
            ("general_right", general_right),
        ],
        notes=["inputs of the timing comparison; diagrams as birth death pairs (inf: essential)"],
    )
    x = np.array(left).reshape(-1, 2)
    y = np.array(right).reshape(-1, 2)
    gx = np.array(general_left).reshape(-1, 2)
    gy = np.array(general_right).reshape(-1, 2)

    def gudhi_rips(m):
        tree = gudhi.RipsComplex(distance_matrix=m).create_simplex_tree(max_dimension=2)
        tree.compute_persistence()

    theirs = {
        "ripser.py H0+H1": median_seconds(lambda: ripser(d, distance_matrix=True, maxdim=1)),
        "GUDHI H0+H1": median_seconds(lambda: gudhi_rips(d), repeat=50),
        "ripser.py H0+H1, 16 points": median_seconds(
            lambda: ripser(d16, distance_matrix=True, maxdim=1)
        ),
        "GUDHI H0+H1, 16 points": median_seconds(lambda: gudhi_rips(d16)),
        "ripser.py H0+H1, 128 points": median_seconds(
            lambda: ripser(d128, distance_matrix=True, maxdim=1), repeat=50
        ),
        "GUDHI H0+H1, 128 points": median_seconds(lambda: gudhi_rips(d128), repeat=10),
        "GUDHI bottleneck e=0": median_seconds(lambda: gudhi.bottleneck_distance(x, y, e=0)),
        "GUDHI bottleneck default e": median_seconds(lambda: gudhi.bottleneck_distance(x, y)),
        "persim bottleneck": median_seconds(lambda: persim.bottleneck(x, y), repeat=50),
        "GUDHI bottleneck general e=0": median_seconds(lambda: gudhi.bottleneck_distance(gx, gy, e=0)),
    }
    subprocess.run(
        ["cargo", "bench", "-p", "geoml", "--bench", "persistence", "--", "timing_",
         "--warm-up-time", "1", "--measurement-time", "3"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    ours = {
        "geoml H0+H1 (f64)": criterion_median("timing_rips_h1_64_points_r3", "geoml_f64"),
        "geoml H0+H1 (f32)": criterion_median("timing_rips_h1_64_points_r3", "geoml_f32"),
        "geoml H0+H1, 16 points (f64)": criterion_median("timing_rips_h1_16_points_r3", "geoml_f64"),
        "geoml H0+H1, 128 points (f64)": criterion_median(
            "timing_rips_h1_128_points_r3", "geoml_f64"
        ),
        "geoml bottleneck (f64)": criterion_median("timing_bottleneck_h0_63_points", "geoml_f64"),
        "geoml bottleneck (f32)": criterion_median("timing_bottleneck_h0_63_points", "geoml_f32"),
        "geoml bottleneck general (f64)": criterion_median("timing_bottleneck_general_63_points", "geoml_f64"),
    }
    print(f"# {platform.node()} {platform.machine()}, python {platform.python_version()}, "
          f"gudhi {md.version('gudhi')}, ripser {md.version('ripser')}, persim {md.version('persim')}")
    for name, seconds in {**theirs, **ours}.items():
        print(f"{name:28s} {seconds * 1e3:9.4f} ms")
    rips = ours["geoml H0+H1 (f64)"]
    bottleneck = ours["geoml bottleneck (f64)"]
    print(f"ratio ripser.py / geoml (H0+H1, f64):        {theirs['ripser.py H0+H1'] / rips:7.1f}")
    print(f"ratio GUDHI / geoml (H0+H1, f64):            {theirs['GUDHI H0+H1'] / rips:7.1f}")
    print(f"ratio GUDHI e=0 / geoml (bottleneck, f64):   {theirs['GUDHI bottleneck e=0'] / bottleneck:7.1f}")
    print(f"ratio GUDHI default / geoml (bottleneck):    {theirs['GUDHI bottleneck default e'] / bottleneck:7.1f}")
    for n in (16, 128):
        ours_n = ours[f"geoml H0+H1, {n} points (f64)"]
        print(f"ratio ripser.py / geoml (H0+H1, {n} points):  {theirs[f'ripser.py H0+H1, {n} points'] / ours_n:7.1f}")
        print(f"ratio GUDHI / geoml (H0+H1, {n} points):      {theirs[f'GUDHI H0+H1, {n} points'] / ours_n:7.1f}")
    general = theirs["GUDHI bottleneck general e=0"] / ours["geoml bottleneck general (f64)"]
    print(f"ratio GUDHI e=0 / geoml (bottleneck, general 63 points): {general:7.1f}")
    assert math.isfinite(rips)


if __name__ == "__main__":
    main()
