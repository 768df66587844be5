"""Reference values for geoml::persistence, computed by GUDHI, ripser.py and POT.

Writes, into tests/data/persistence/ (format: tools/reftable.py):

  clouds.txt     point clouds (uniform in the unit square and cube, 8 to 128 points; a noisy
                 circle; a torus; a sphere; a grid with many tied distances; two points) and
                 their Vietoris-Rips persistence diagrams:
                   <case>_points            n, dim, then the coordinates row by row
                   <case>_gudhi_h<k>        GUDHI on the float64 distance matrix
                   <case>_ripser_h<k>       ripser.py, which computes in float32: the
                                            diagram of the matrix rounded to float32 (GUDHI on
                                            that rounded matrix gives the same; checked here)
                 plus cases with a threshold below the enclosing radius (<case>_truncated_...,
                 the threshold in <case>_truncated_threshold) and with GUDHI's min_persistence
                 (<case>_filtered_..., the value in <case>_filtered_min_persistence).
  attention.txt  for each sentence of tests/data/transformer/ and each (layer, head): the
                 Jensen-Shannon distances (base 2) between the attention rows, from
                 scipy.spatial.distance.jensenshannon, as the lower triangle row by row
                 (js_<sentence>_L<l>_H<h>), and their diagrams by GUDHI and ripser.py
                 (..._gudhi_h<k>, ..._ripser_h<k>), dimensions 0 to 2.
  distances.txt  pairs of diagrams (<pair>_left, <pair>_right, as birth death birth death ...,
                 death inf for essential points) with GUDHI's exact bottleneck distance (e=0)
                 and GUDHI's Wasserstein distance (POT backend) for several (order, internal_p).

A diagram record lists birth death pairs sorted by (birth, death); 'inf' is an essential class.
The distance matrix of a point cloud is sqrt(sum_k (x_ik - x_jk)^2) with the sum in order, as
DistanceMatrix::from_points computes it. Everything is seeded: rerunning reproduces the files.

Why these references: GUDHI and Ripser are the established implementations of Rips persistence
(GUDHI in double precision, ripser.py in single); they agree with each other on every case
here (checked below). GUDHI's bottleneck with e=0 is its exact algorithm, and its Wasserstein
distance solves the optimal transport problem with POT's network simplex.

Usage (from the repository root):
  python3 -m venv /tmp/venv-persistence
  /tmp/venv-persistence/bin/pip install -r tools/requirements-persistence.txt
  /tmp/venv-persistence/bin/python tools/persistence_reference.py
"""

import importlib.metadata as md
import math
import pathlib
import sys

import gudhi
import gudhi.wasserstein
import warnings
import numpy as np
from ripser import ripser
from scipy.spatial.distance import jensenshannon

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from reftable import ROOT, write_table  # noqa: E402

SCRIPT = "tools/persistence_reference.py"
LIBRARIES = {name: md.version(name) for name in ("gudhi", "ripser", "POT", "numpy", "scipy")}


def distance_matrix(points):
    """sqrt(sum_k (x_ik - x_jk)^2), summed in k order; exactly symmetric, zero diagonal."""
    n = len(points)
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i):
            s = 0.0
            for a, b in zip(points[i], points[j]):
                s += (a - b) * (a - b)
            d[i, j] = d[j, i] = math.sqrt(s)
    return d


def sorted_pairs(pairs):
    pairs = sorted((float(b), float(d)) for b, d in pairs)
    return [x for pair in pairs for x in pair]


def gudhi_diagrams(d, max_dim, threshold=math.inf, min_persistence=0.0):
    rips = gudhi.RipsComplex(distance_matrix=d, max_edge_length=threshold)
    tree = rips.create_simplex_tree(max_dimension=max_dim + 1)
    # persistence_dim_max: otherwise GUDHI skips the top dimension of the complex, which is
    # H1 itself when a low threshold leaves no triangle (it would report no loops at all).
    tree.compute_persistence(min_persistence=min_persistence, persistence_dim_max=True)
    return [sorted_pairs(tree.persistence_intervals_in_dimension(k)) for k in range(max_dim + 1)]


def ripser_diagrams(d, max_dim, threshold=math.inf):
    dgms = ripser(d, distance_matrix=True, maxdim=max_dim, thresh=threshold)["dgms"]
    return [sorted_pairs(dgm) for dgm in dgms]


def diagram_records(prefix, d, max_dim, threshold=math.inf, min_persistence=0.0, f32=True):
    """GUDHI (float64 and float32-rounded input) and ripser diagrams, checked to agree."""
    records = []
    g = gudhi_diagrams(d, max_dim, threshold, min_persistence)
    records += [(f"{prefix}_gudhi_h{k}", dgm) for k, dgm in enumerate(g)]
    if f32:
        d32 = d.astype(np.float32).astype(np.float64)
        t32 = float(np.float32(threshold)) if math.isfinite(threshold) else threshold
        g32 = gudhi_diagrams(d32, max_dim, t32, min_persistence)
        r = ripser_diagrams(d, max_dim, threshold)
        if min_persistence == 0.0:
            assert g32 == r, f"{prefix}: GUDHI on float32 input and ripser.py disagree"
        records += [(f"{prefix}_ripser_h{k}", dgm) for k, dgm in enumerate(r)]
    return records


def point_clouds():
    rng = np.random.default_rng(20261122)
    clouds = {}
    for n in (8, 16, 32, 64, 128):
        for dim in (2, 3):
            clouds[f"uniform{n}_r{dim}"] = rng.random((n, dim))
    angles = rng.random(32) * 2 * math.pi
    radii = 1 + 0.05 * rng.standard_normal(32)
    clouds["circle32"] = np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)
    u, v = rng.random(100) * 2 * math.pi, rng.random(100) * 2 * math.pi
    clouds["torus100"] = np.stack(
        [(1 + 0.4 * np.cos(v)) * np.cos(u), (1 + 0.4 * np.cos(v)) * np.sin(u), 0.4 * np.sin(v)],
        axis=1,
    )
    s = rng.standard_normal((24, 3))
    clouds["sphere24"] = s / np.linalg.norm(s, axis=1, keepdims=True)
    clouds["grid25"] = np.array([[float(i), float(j)] for i in range(5) for j in range(5)])
    clouds["two_points"] = np.array([[0.0, 0.0], [0.3, 0.4]])
    return clouds


def clouds_table():
    records = []
    for name, points in point_clouds().items():
        n, dim = points.shape
        records.append((f"{name}_points", [n, dim] + [float(x) for x in points.ravel()]))
        d = distance_matrix(points)
        max_dim = 2 if n <= 32 else 1
        records += diagram_records(name, d, max_dim)
        print(name, "done", flush=True)
        if name in ("circle32", "uniform16_r2", "grid25"):
            # Truncated filtrations: classes alive at the threshold are essential.
            t = float(np.quantile(d[np.tril_indices(n, -1)], 0.1))
            records.append((f"{name}_truncated_threshold", [t]))
            records += diagram_records(f"{name}_truncated", d, max_dim, threshold=t)
            records.append((f"{name}_filtered_min_persistence", [0.05]))
            records += diagram_records(
                f"{name}_filtered", d, max_dim, min_persistence=0.05, f32=False
            )
    return records


def attention_table():
    records = []
    for path in sorted((ROOT / "tests" / "data" / "transformer").glob("*.txt")):
        sentence = path.stem
        n = None
        for line in path.read_text().splitlines():
            if line.startswith("# n_tokens:"):
                n = int(line.split(":")[1])
            if not line.startswith("attn_"):
                continue
            name, *values = line.split()
            a = np.array([float(v) for v in values]).reshape(n, n)
            d = np.zeros((n, n))
            for i in range(n):
                for j in range(i):
                    d[i, j] = d[j, i] = jensenshannon(a[i], a[j], base=2)
            head = name[len("attn_"):]
            prefix = f"js_{sentence}_{head}"
            records.append((prefix, [d[i, j] for i in range(n) for j in range(i)]))
            records += diagram_records(prefix, d, 2)
        print(sentence, "done", flush=True)
    return records


def gudhi_array(pairs):
    return np.array(pairs, dtype=float).reshape(-1, 2)


WASSERSTEIN = [(1.0, math.inf), (2.0, math.inf), (1.0, 2.0), (2.0, 1.0), (3.5, 2.0)]


def distance_records(name, left, right):
    """Bottleneck and Wasserstein distances of the diagrams, and of the diagrams rounded to
    float32 (the references of the f32 computations: a difference of two rounded coordinates
    can be far from the same difference of the exact ones, relatively)."""
    records = [(f"{name}_left", left), (f"{name}_right", right)]
    for suffix, cast in (("", float), ("32", lambda v: float(np.float32(v)))):
        x = gudhi_array([cast(v) for v in left])
        y = gudhi_array([cast(v) for v in right])
        b = gudhi.bottleneck_distance(x, y, e=0)
        assert b == gudhi.bottleneck_distance(y, x, e=0)
        records.append((f"{name}_bottleneck{suffix}", [b]))
        for order, internal_p in WASSERSTEIN:
            w = gudhi.wasserstein.wasserstein_distance(
                x, y, order=order, internal_p=internal_p, keep_essential_parts=True
            )
            records.append((f"{name}_wasserstein{suffix}_q{order!r}_p{internal_p!r}", [w]))
    return records


def random_diagram(rng, count, grid, essential):
    pairs = []
    for _ in range(count):
        b = math.floor(rng.random() * grid) / grid
        pairs.append((b, b + math.floor(rng.random() * grid) / grid))
    pairs += [(math.floor(rng.random() * grid) / grid, math.inf) for _ in range(essential)]
    return sorted_pairs(pairs)


def distances_table():
    rng = np.random.default_rng(7)
    records = []
    k = 0
    for grid in (4.0, 16.0, 1e6):
        for count_left, count_right in ((0, 3), (3, 3), (5, 8), (12, 9), (30, 30)):
            for essential in (0, 1, 2):
                left = random_diagram(rng, count_left, grid, essential)
                right = random_diagram(rng, count_right, grid, essential)
                records += distance_records(f"random{k}", left, right)
                k += 1
    # Edge cases: identical diagrams, only diagonal points, different essential counts, empty.
    same = random_diagram(rng, 10, 16.0, 1)
    records += distance_records("identical", same, same)
    records += distance_records("diagonal_only", [0.5, 0.5, 0.25, 0.25], [0.75, 0.75])
    records += distance_records("essential_counts_differ", [0.0, math.inf, 0.0, 1.0], [0.0, 0.5])
    records += distance_records("empty", [], [])
    records += distance_records("one_empty", [0.0, 1.0, 0.25, 0.5], [])
    # H0 diagrams of two clouds of 64 random points in R^3 (63 finite bars and one essential):
    # the benchmark's pair.
    clouds = [np.random.default_rng(seed).random((64, 3)) for seed in (101, 102)]
    h0 = [gudhi_diagrams(distance_matrix(c), 0)[0] for c in clouds]
    records += distance_records("h0_64_r3", h0[0], h0[1])
    # H0 and H1 diagrams of two sentences (the seed's comparison of two texts).
    attention = {
        r[0]: r[1] for r in attention_records if r[0].endswith(("_gudhi_h0", "_gudhi_h1"))
    }
    for head in ("L0_H0", "L2_H5", "L5_H11"):
        for dim in (0, 1):
            for a, b in (("quantum_long", "quantum_reordered"), ("quantum_long", "cat")):
                records += distance_records(
                    f"{a}_vs_{b}_{head}_h{dim}",
                    attention[f"js_{a}_{head}_gudhi_h{dim}"],
                    attention[f"js_{b}_{head}_gudhi_h{dim}"],
                )
    return records


if __name__ == "__main__":
    # GUDHI warns when essential counts differ (the distance is then inf, which is recorded).
    warnings.filterwarnings("ignore", message="Cardinality of essential parts differs")
    notes_diagram = [
        "diagram records: birth death pairs sorted by (birth, death); death inf = essential",
    ]
    write_table(
        "persistence/clouds.txt",
        SCRIPT,
        LIBRARIES,
        clouds_table(),
        notes=notes_diagram
        + ["<case>_points: n, dim, coordinates row by row; distances computed as in the docstring"],
    )
    attention_records = attention_table()
    write_table(
        "persistence/attention.txt",
        SCRIPT,
        LIBRARIES,
        attention_records,
        notes=notes_diagram
        + [
            "js_<sentence>_L<l>_H<h>: lower triangle (i > j, row by row) of the Jensen-Shannon "
            "distances (base 2) between the attention rows of tests/data/transformer/<sentence>.txt",
        ],
    )
    write_table(
        "persistence/distances.txt",
        SCRIPT,
        LIBRARIES,
        distances_table(),
        notes=[
            "<pair>_left/_right: birth death pairs (death inf = essential)",
            "<pair>_bottleneck: gudhi.bottleneck_distance(e=0)",
            "<pair>_wasserstein_q<order>_p<internal_p>: gudhi.wasserstein.wasserstein_distance "
            "(keep_essential_parts=True)",
            "<pair>_bottleneck32, <pair>_wasserstein32_...: the same of the diagrams rounded to float32",
        ],
    )
