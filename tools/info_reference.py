"""Reference values for geoml::info, written into tests/data/info/ (read by tests/info_reference.rs).

What is computed, and by what:
  * pairs.txt      Shannon entropy (scipy.stats.entropy, base 2), KL divergence in both
                   directions (scipy.special.rel_entr summed, over ln 2, after normalising as
                   scipy.stats.entropy does; `inf` where the supports differ), Jensen–Shannon
                   divergence and distance (scipy.spatial.distance.jensenshannon, base=2).
  * pairwise.txt   the condensed pairwise JS-distance matrix of a set of rows,
                   scipy.spatial.distance.pdist(rows, metric="jensenshannon"), which works in
                   nats, divided by sqrt(ln 2) to give base 2; checked against pdist with
                   jensenshannon(u, v, base=2) as a callable.
  * near_identical.txt  JS divergence and distance of distributions that differ by a few
                   units of 2^-k: scipy's formula cancels there (its error is reported in the
                   header), so these values are computed with mpmath at 60 digits.
  * cosine.txt     cosine similarity, mpmath at 60 digits (cross-checked with
                   1 - scipy.spatial.distance.cosine).
  * attention.txt  (when tests/data/transformer/ exists) row entropies and condensed pairwise
                   JS distances of real attention heads, scipy as above, each checked against
                   mpmath at 60 digits; the few values where scipy's formulas cancel (near
                   point masses, nearly equal rows) are replaced by mpmath's, and counted in
                   the header.

Every input is representable in float32 (drawn, then rounded to float32), so the Rust tests feed
the same distributions to f32 and f64 and compare both with one set of references. Inputs
need not sum to one exactly; scipy and geoml both divide by the sum.

Run from the repository root:  python tools/info_reference.py
"""

import math
import pathlib
import sys

import mpmath
import numpy as np
import scipy
from scipy.spatial.distance import cosine, jensenshannon, pdist
from scipy.special import rel_entr
from scipy.stats import entropy

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from reftable import DATA, write_table  # noqa: E402

SCRIPT = "tools/info_reference.py"
LIBS = {"numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__}
LN2 = math.log(2.0)
mpmath.mp.dps = 60

rng = np.random.default_rng(20260522)


def f32(x):
    """Round to float32 and back: an input both precisions see exactly."""
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def kl_bits(p, q):
    p = p / p.sum()
    q = q / q.sum()
    return float(rel_entr(p, q).sum() / LN2)


def dirichlet(m, alpha):
    return f32(rng.dirichlet(np.full(m, alpha)))


def pair_cases():
    cases = []
    for m in (2, 3, 4, 8, 16, 64):
        for alpha in (0.1, 1.0, 10.0):
            cases.append((f"dirichlet_m{m}_a{alpha}", dirichlet(m, alpha), dirichlet(m, alpha)))
    # Sparse rows: zeros in p, in q, in both; supports that differ make KL infinite.
    for m in (4, 8, 16):
        p, q = dirichlet(m, 1.0), dirichlet(m, 1.0)
        p[: m // 4] = 0.0
        q[m // 4 : m // 2] = 0.0
        cases.append((f"sparse_m{m}", f32(p / p.sum()), f32(q / q.sum())))
        q2 = dirichlet(m, 1.0)
        q2[: m // 4] = 0.0
        cases.append((f"shared_zeros_m{m}", f32(p / p.sum()), f32(q2 / q2.sum())))
    # Extremes: point masses, uniform, disjoint supports, a row against itself.
    cases.append(("point_vs_uniform_m8", f32(np.eye(8)[3]), f32(np.full(8, 1 / 8))))
    cases.append(("disjoint_m4", f32([0.5, 0.5, 0, 0]), f32([0, 0, 0.25, 0.75])))
    same = dirichlet(16, 1.0)
    cases.append(("identical_m16", same, same.copy()))
    # Peaked rows as in attention heads that look at one token, with a long tail.
    for m in (16, 64):
        p = f32(rng.dirichlet(np.full(m, 0.05)) * 0.01 + np.eye(m)[0] * 0.99)
        q = f32(rng.dirichlet(np.full(m, 0.05)) * 0.02 + np.eye(m)[1] * 0.98)
        cases.append((f"peaked_m{m}", p, q))
    # Not normalised to the last bit (float32 rounding of a softmax): both libraries rescale.
    p = f32(dirichlet(8, 1.0) * (1 + 3e-5))
    cases.append(("sum_off_by_3e-5_m8", p, dirichlet(8, 1.0)))
    return cases


def pairs_table():
    records = []
    for name, p, q in pair_cases():
        m = len(p)
        h_p = float(entropy(p, base=2))
        h_q = float(entropy(q, base=2))
        kl_pq = float(entropy(p, q, base=2))
        kl_qp = float(entropy(q, p, base=2))
        assert math.isinf(kl_pq) == math.isinf(kl_bits(p, q))
        if not math.isinf(kl_pq):
            assert abs(kl_pq - kl_bits(p, q)) <= 1e-14 * max(kl_pq, 1e-3), name
        js_dist = float(jensenshannon(p, q, base=2))
        js_div = js_dist**2
        records.append((name, [m, *p, *q, h_p, h_q, kl_pq, kl_qp, js_div, js_dist]))
    write_table(
        "info/pairs.txt",
        SCRIPT,
        LIBS,
        records,
        notes=[
            "record: name M p[0..M] q[0..M] H(p) H(q) KL(p||q) KL(q||p) JSdiv JSdist, all in bits",
            "H: scipy.stats.entropy(p, base=2); KL: scipy.stats.entropy(p, q, base=2) "
            "(= rel_entr(p/sum, q/sum).sum()/ln 2), inf when p > 0 = q somewhere",
            "JSdist: scipy.spatial.distance.jensenshannon(p, q, base=2); JSdiv = JSdist**2",
        ],
    )


def pairwise_table():
    records = []
    for n, m, alpha in ((5, 7, 1.0), (16, 16, 0.3), (64, 64, 0.5), (12, 3, 2.0)):
        rows = np.array([dirichlet(m, alpha) for _ in range(n)])
        rows[1] = rows[0]  # a duplicate row: distance exactly 0
        if m > 3:
            rows[2, : m // 3] = 0.0  # zeros, as under a mask
            rows[2] = f32(rows[2] / rows[2].sum())
        nats = pdist(rows, metric="jensenshannon")
        bits = nats / math.sqrt(LN2)
        check = pdist(rows, lambda u, v: jensenshannon(u, v, base=2))
        assert np.allclose(bits, check, rtol=1e-13, atol=0), (n, m)
        records.append((f"rows_n{n}_m{m}", [n, m, *rows.ravel(), *bits]))
    write_table(
        "info/pairwise.txt",
        SCRIPT,
        LIBS,
        records,
        notes=[
            "record: name N M rows[N*M row-major] condensed[N(N-1)/2] (pairs (i, j), i < j, "
            "row by row)",
            "condensed = scipy.spatial.distance.pdist(rows, metric='jensenshannon') / sqrt(ln 2)",
        ],
    )


def mp_js_bits(p, q):
    p = [mpmath.mpf(x) for x in p]
    q = [mpmath.mpf(x) for x in q]
    sp, sq = mpmath.fsum(p), mpmath.fsum(q)
    p = [x / sp for x in p]
    q = [x / sq for x in q]
    total = mpmath.mpf(0)
    for a, b in zip(p, q):
        m = (a + b) / 2
        if a > 0:
            total += a * mpmath.log(a / m)
        if b > 0:
            total += b * mpmath.log(b / m)
    return total / (2 * mpmath.log(2))


def near_identical_table():
    records = []
    worst_scipy = 0.0
    for k, m, moved in ((10, 8, 1), (16, 8, 1), (20, 8, 3), (20, 64, 1), (23, 16, 2)):
        unit = 2.0**-k
        # Dyadic entries summing exactly to one: exact in float32 and float64.
        counts = rng.integers(1, 100, size=m).astype(np.float64)
        counts = np.floor(counts / counts.sum() * 2**k)
        counts[-1] += 2**k - counts.sum()
        p = counts * unit
        q = p.copy()
        for j in range(moved):
            q[2 * j] += unit
            q[2 * j + 1] -= unit
        assert p.sum() == 1.0 and q.sum() == 1.0 and (q > 0).all()
        assert (f32(p) == p).all() and (f32(q) == q).all()
        div = mp_js_bits(p, q)
        dist = mpmath.sqrt(div)
        scipy_dist = float(jensenshannon(p, q, base=2))
        worst_scipy = max(worst_scipy, abs(scipy_dist - float(dist)) / float(dist))
        records.append((f"delta_2^-{k}_m{m}_moved{moved}", [m, *p, *q, float(div), float(dist)]))
    write_table(
        "info/near_identical.txt",
        SCRIPT,
        LIBS,
        records,
        notes=[
            "record: name M p[0..M] q[0..M] JSdiv JSdist (bits), mpmath at 60 digits",
            "p and q differ by a few units of 2^-k; scipy's jensenshannon cancels here: its "
            f"largest relative error on these cases is {worst_scipy:.1e}",
        ],
    )


def cosine_table():
    records = []
    for d, scale in ((3, 1.0), (8, 1.0), (16, 1e-3), (64, 1e3), (384, 1.0)):
        for kind in ("random", "nearly_parallel", "nearly_orthogonal"):
            a = rng.normal(size=d) * scale
            if kind == "random":
                b = rng.normal(size=d) * scale
            elif kind == "nearly_parallel":
                b = a + 1e-4 * scale * rng.normal(size=d)
            else:
                b = rng.normal(size=d)
                b -= a * (a @ b) / (a @ a)
                b = b * scale + 1e-5 * a
            a, b = f32(a), f32(b)
            ma = [mpmath.mpf(x) for x in a]
            mb = [mpmath.mpf(x) for x in b]
            dot = mpmath.fsum(x * y for x, y in zip(ma, mb))
            na = mpmath.sqrt(mpmath.fsum(x * x for x in ma))
            nb = mpmath.sqrt(mpmath.fsum(y * y for y in mb))
            c = float(dot / (na * nb))
            assert abs(c - (1 - cosine(a, b))) < 1e-13
            records.append((f"{kind}_d{d}", [d, *a, *b, c]))
    write_table(
        "info/cosine.txt",
        SCRIPT,
        LIBS,
        records,
        notes=["record: name D a[0..D] b[0..D] cos(a, b), mpmath at 60 digits"],
    )


def mp_entropy_bits(row):
    row = [mpmath.mpf(x) for x in row]
    total = mpmath.fsum(row)
    return -mpmath.fsum((x / total) * mpmath.log(x / total) for x in row if x > 0) / mpmath.log(2)


def checked_by_mpmath(value, exact, tally):
    """scipy's value, unless it is off the 60-digit value by more than 1e-13 relative."""
    exact = float(exact)
    error = abs(value - exact) / abs(exact) if exact != 0 else abs(value)
    tally["worst"] = max(tally["worst"], error)
    if error > 1e-13:
        tally["replaced"] += 1
        return exact
    return float(value)


def attention_table():
    """Row entropies and pairwise JS distances of real heads, if the export is present."""
    folder = DATA / "transformer"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        print("no tests/data/transformer/*.txt: skipping attention.txt")
        return
    records = []
    sources = []
    tally = {"worst": 0.0, "replaced": 0, "total": 0}
    for path in files:
        meta, heads = read_attention(path)
        if not heads:
            continue
        sources.append(f"{path.name} ({meta.get('sentence', '?')!r})")
        n = int(meta["n_tokens"])
        for name, values in heads:
            rows = np.array(values).reshape(n, n)
            h = [
                checked_by_mpmath(float(entropy(r, base=2)), mp_entropy_bits(r), tally)
                for r in rows
            ]
            js = pdist(rows, metric="jensenshannon") / math.sqrt(LN2)
            pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
            js = [
                checked_by_mpmath(d, mpmath.sqrt(mp_js_bits(rows[i], rows[j])), tally)
                for d, (i, j) in zip(js, pairs)
            ]
            tally["total"] += len(h) + len(js)
            records.append((f"{path.stem}:{name}", [n, *h, *js]))
    write_table(
        "info/attention.txt",
        SCRIPT,
        LIBS,
        records,
        notes=[
            "record: file:head N H(row 0..N) condensed JS distances[N(N-1)/2] (bits)",
            "rows are the attention rows of tests/data/transformer/<file>.txt, record <head>",
            "H: scipy.stats.entropy(row, base=2); JS: pdist(metric='jensenshannon')/sqrt(ln 2)",
            "every value was also computed with mpmath at 60 digits; where scipy was off by more "
            f"than 1e-13 relative ({tally['replaced']} of {tally['total']} values: near point "
            "masses and nearly equal rows, where its formulas cancel) the mpmath value is "
            f"written instead; scipy's largest relative error was {tally['worst']:.1e}",
            "sources: " + "; ".join(sources),
        ],
    )


def read_attention(path):
    meta, heads = {}, []
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition(":")
            meta[key.strip()] = value.strip()
            continue
        name, *values = line.split()
        if name.startswith("attn_"):
            heads.append((name, [float(v) for v in values]))
    return meta, heads


if __name__ == "__main__":
    pairs_table()
    pairwise_table()
    near_identical_table()
    cosine_table()
    attention_table()
    print("wrote", DATA / "info")
