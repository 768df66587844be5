"""Reference values for geoml-cuda's f64 CPU reference (cuda/src/reference.rs), which is the
oracle the GPU kernels are checked against: attention from scipy.special.softmax and
logsumexp, entropies from scipy.stats.entropy, Jensen-Shannon distances from
scipy.spatial.distance.jensenshannon (and, for nearly equal rows where float64 loses digits,
from mpmath at 50 digits), Euclidean distances from scipy.spatial.distance.cdist.

Writes tests/data/cuda/reference.txt, read by tests/cuda_reference.rs.
Run from the repository root: python tools/cuda_reference.py
"""

import mpmath
import numpy as np
import scipy
from scipy.spatial.distance import cdist, jensenshannon
from scipy.special import logsumexp, softmax
from scipy.stats import entropy

from reftable import write_table

rng = np.random.default_rng(20261122)
records = []

# Attention: record = nq nk d causal scale | q | k | v | out | lse, causal 0 none,
# 1 top-left (PyTorch is_causal), 2 bottom-right (FlashAttention >= 2.1).
for name, nq, nk, d, causal in [
    ("attn_full", 5, 7, 4, 0),
    ("attn_top_left_square", 6, 6, 3, 1),
    ("attn_top_left_long_q", 7, 4, 3, 1),
    ("attn_bottom_right_short_q", 4, 7, 3, 2),
    ("attn_bottom_right_long_q", 7, 4, 3, 2),
]:
    q, k, v = rng.standard_normal((nq, d)), rng.standard_normal((nk, d)), rng.standard_normal((nk, d))
    scale = 1.0 / np.sqrt(d)
    s = scale * q @ k.T
    offset = {0: None, 1: 0, 2: nk - nq}[causal]
    if offset is not None:
        visible = np.tril(np.ones((nq, nk), dtype=bool), k=offset)
        s = np.where(visible, s, -np.inf)
    out = np.zeros((nq, d))
    lse = np.full(nq, -np.inf)
    for i in range(nq):
        if np.isfinite(s[i]).any():  # a row with no visible key: out 0, lse -inf (geoml's convention)
            out[i] = softmax(s[i]) @ v
            lse[i] = logsumexp(s[i])
    records.append((name, [nq, nk, d, causal, scale, *q.ravel(), *k.ravel(), *v.ravel(), *out.ravel(), *lse]))

# Entropy (bits) of rows normalised by their sums: record = len | p | H.
for i in range(4):
    p = rng.random(9)
    p[rng.random(9) < 0.3] = 0.0
    p[0] = max(p[0], 0.1)
    records.append((f"entropy_{i}", [len(p), *p, entropy(p, base=2)]))
records.append(("entropy_point_mass", [3, 0.0, 2.0, 0.0, 0.0]))

# Jensen-Shannon distance (bits): record = len | p | q | distance.
for i in range(4):
    p, q = rng.random(8), rng.random(8)
    p[i] = 0.0
    records.append((f"js_{i}", [8, *p, *q, jensenshannon(p, q, base=2)]))
records.append(("js_disjoint", [2, 1.0, 0.0, 0.0, 1.0, 1.0]))


def js_mp(p, q):
    """JS distance in bits at 50 digits, from the definition."""
    mpmath.mp.dps = 50
    p = [mpmath.mpf(x) for x in p]
    q = [mpmath.mpf(x) for x in q]
    sp, sq = sum(p), sum(q)
    total = mpmath.mpf(0)
    for a, b in zip(p, q):
        a, b = a / sp, b / sq
        m = (a + b) / 2
        if a > 0:
            total += a * mpmath.log(a / m, 2) / 2
        if b > 0:
            total += b * mpmath.log(b / m, 2) / 2
    return float(mpmath.sqrt(total))


# Nearly equal rows, built so that normalising them is exact in float64 (integer entries
# summing to 2**30), which leaves the JS formula itself as the only source of error.
for i, size in enumerate([200, 2]):
    total = 2**30
    p = rng.integers(2**26, 2**27, 6)
    p[-1] = total - p[:-1].sum()
    delta = rng.integers(-size, size + 1, 6)
    delta[-1] = -delta[:-1].sum()
    q = p + delta
    assert p.sum() == q.sum() == total and (p > 0).all() and (q > 0).all()
    p, q = p / total, q / total
    records.append((f"js_nearly_equal_{i}", [6, *p, *q, js_mp(p, q)]))

# Euclidean distances: record = n m d | x | y | distances.
for i, (n, m, d) in enumerate([(3, 4, 2), (2, 5, 7)]):
    x, y = rng.standard_normal((n, d)), rng.standard_normal((m, d))
    records.append((f"euclidean_{i}", [n, m, d, *x.ravel(), *y.ravel(), *cdist(x, y).ravel()]))

write_table(
    "cuda/reference.txt",
    "tools/cuda_reference.py",
    {"numpy": np.__version__, "scipy": scipy.__version__, "mpmath": mpmath.__version__},
    records,
    notes=[
        "attention record: nq nk d causal scale q k v out lse (row-major; causal 0 none, 1 top-left, 2 bottom-right)",
        "entropy record: len p H_bits; js record: len p q distance_bits; euclidean record: n m d x y distances",
    ],
)
