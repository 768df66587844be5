"""Reference values for geoml::attention, computed by PyTorch (and NumPy for whitening).

Writes tests/data/attention/*.txt, read by tests/attention_reference.rs:

  softmax.txt       torch.softmax / torch.log_softmax / torch.logsumexp of rows of 8 logits,
                    with temperatures and -inf (masked) entries
  sdpa.txt          torch.nn.functional.scaled_dot_product_attention with N != M, top-left
                    causal (is_causal=True), bottom-right causal (causal_lower_right), additive
                    float masks and an explicit scale; the weights are the same call with V = I
  distance.txt      softmax(-s * torch.cdist(q, k)) @ v (the distance-scored attention of seed 000)
  multi_head.txt    torch.nn.MultiheadAttention (cross-attention, float mask, per-head weights)
  whitening.txt     standardising, PCA and ZCA whitening by numpy.linalg.eigh

Every input is rounded to float32 first, so that the Rust tests feed identical inputs to the f32
and f64 code; every reference is then computed in float64. Why these are trustworthy: PyTorch's
math backend for scaled_dot_product_attention on CPU in float64 is the reference implementation
the fused kernels are tested against; numpy.linalg.eigh is LAPACK's dsyevd.

Run from the repository root: python tools/attention_reference.py
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.attention.bias import causal_lower_right

from reftable import write_table

SCRIPT = "tools/attention_reference.py"
LIBRARIES = {"torch": torch.__version__, "numpy": np.__version__}
torch.manual_seed(20240605)
RNG = np.random.default_rng(20240605)


def f32(x):
    """x rounded to float32, returned as a float64 tensor."""
    return torch.as_tensor(np.asarray(x, dtype=np.float32).astype(np.float64))


def randn(*shape, scale=1.0):
    return f32(RNG.standard_normal(shape) * scale)


def flat(t):
    return [float(x) for x in torch.as_tensor(t).detach().reshape(-1)]


# --------------------------------------------------------------------------------------------
# softmax, log-softmax, log-sum-exp
# --------------------------------------------------------------------------------------------


def softmax_table():
    rows = {
        "normal": randn(8, scale=3.0),
        "large": f32([1.0e4, 1.0e4 - 2.5, 9.99e3, -1.0e4, 1.0e4 - 0.5, 0.0, 1.0e4 - 7.0, 12.0]),
        "huge": f32([3.0e38, -3.0e38, 2.9e38, 3.0e38, 0.0, -1.0, 1.0e30, -3.0e38]),
        "tiny": randn(8, scale=1e-6),
        "wide": f32([-80.0, 80.0, 79.0, -50.0, 0.0, 60.0, 78.5, -87.0]),
    }
    masked = randn(8, scale=2.0)
    masked[[1, 4, 5]] = float("-inf")
    records = []
    for name, x in list(rows.items()) + [("masked", masked)]:
        for tau in [1.0, 0.25, 4.0]:
            tag = f"{name}_t{str(tau).replace('.', 'p')}"
            records.append((f"softmax_{tag}", [tau] + flat(x) + flat(torch.softmax(x / tau, 0))))
            if name != "masked" and name != "huge":
                # huge/τ overflows float64 for τ < 1: log-softmax is tested on the other rows
                records.append(
                    (f"log_softmax_{tag}", [tau] + flat(x) + flat(torch.log_softmax(x / tau, 0)))
                )
        records.append((f"logsumexp_{name}", flat(x) + [float(torch.logsumexp(x, 0))]))
    write_table(
        "attention/softmax.txt",
        SCRIPT,
        LIBRARIES,
        records,
        notes=[
            "softmax_<row>_t<tau>: tau, 8 logits, softmax(logits / tau)",
            "log_softmax_<row>_t<tau>: tau, 8 logits, log_softmax(logits / tau)",
            "logsumexp_<row>: 8 logits (-inf = masked), logsumexp",
        ],
    )


# --------------------------------------------------------------------------------------------
# scaled dot-product attention
# --------------------------------------------------------------------------------------------

SHAPES = {  # name: (N, M, D, DV)
    "square": (6, 6, 8, 8),
    "wide": (4, 9, 5, 3),
    "tall": (9, 4, 5, 3),
    "n16": (16, 16, 16, 16),
}
CAUSAL = {"none": 0, "topleft": 1, "bottomright": 2}


def sdpa(q, k, v, causal, mask, scale):
    n, m = q.shape[0], k.shape[0]
    kwargs = {} if scale is None else {"scale": scale}
    q, k, v = q[None], k[None], v[None]
    if causal == "topleft" and mask is None:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True, **kwargs)[0]
    if causal == "bottomright" and mask is None:
        return F.scaled_dot_product_attention(q, k, v, attn_mask=causal_lower_right(n, m), **kwargs)[0]
    total = torch.zeros(n, m, dtype=torch.float64)
    if causal == "topleft":
        total[~torch.ones(n, m, dtype=torch.bool).tril()] = float("-inf")
    elif causal == "bottomright":
        total[~torch.ones(n, m, dtype=torch.bool).tril(diagonal=m - n)] = float("-inf")
    if mask is not None:
        total = total + mask
    attn_mask = None if causal == "none" and mask is None else total
    return F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, **kwargs)[0]


def sdpa_table():
    records = []
    for shape, (n, m, d, dv) in SHAPES.items():
        q, k, v = randn(n, d), randn(m, d), randn(m, dv)
        mask = randn(n, m, scale=0.5)
        # Hide a few keys, but leave every query at least one (fully masked rows are tested
        # separately: their output is zero by definition, here and in PyTorch >= 2.5).
        for i in range(n):
            j = int(RNG.integers(0, m))
            if j != i % m:
                mask[i, j] = float("-inf")
        cases = [
            ("plain", "none", None, None),
            ("topleft", "topleft", None, None),
            ("bottomright", "bottomright", None, None),
            ("mask", "none", mask, None),
            ("topleft_mask", "topleft", mask, None),
            ("scaled", "none", None, 0.3),
        ]
        for label, causal, additive, scale in cases:
            name = f"{shape}_{label}"
            out = sdpa(q, k, v, causal, additive, scale)
            weights = sdpa(q, k, torch.eye(m, dtype=torch.float64), causal, additive, scale)
            meta = [n, m, d, dv, CAUSAL[causal], 0 if additive is None else 1]
            meta.append(float("nan") if scale is None else scale)
            records.append((f"{name}_meta", meta))
            records += [(f"{name}_q", flat(q)), (f"{name}_k", flat(k)), (f"{name}_v", flat(v))]
            if additive is not None:
                records.append((f"{name}_mask", flat(additive)))
            records += [(f"{name}_out", flat(out)), (f"{name}_weights", flat(weights))]
    write_table(
        "attention/sdpa.txt",
        SCRIPT,
        LIBRARIES,
        records,
        notes=[
            "<case>_meta: N M D DV causal(0 none, 1 top-left = is_causal, 2 bottom-right ="
            " causal_lower_right) has_mask scale(nan = 1/sqrt(D))",
            "<case>_q (N*D), _k (M*D), _v (M*DV), _mask (N*M, optional), _out (N*DV),"
            " _weights (N*M; scaled_dot_product_attention with V = identity), row-major",
        ],
    )


def distance_table():
    records = []
    n, m, d, dv = 5, 7, 3, 2
    q, k, v = randn(n, d), randn(m, d), randn(m, dv)
    mask = randn(n, m, scale=0.5)
    mask[2, 3] = float("-inf")
    for label, additive, scale in [("plain", None, 1.0), ("mask_scaled", mask, 2.5)]:
        dist = torch.cdist(q, k, compute_mode="donot_use_mm_for_euclid_dist")
        scores = -scale * dist + (0 if additive is None else additive)
        weights = torch.softmax(scores, -1)
        records.append((f"{label}_meta", [n, m, d, dv, 0 if additive is None else 1, scale]))
        records += [(f"{label}_q", flat(q)), (f"{label}_k", flat(k)), (f"{label}_v", flat(v))]
        if additive is not None:
            records.append((f"{label}_mask", flat(additive)))
        records += [(f"{label}_out", flat(weights @ v)), (f"{label}_weights", flat(weights))]
    write_table(
        "attention/distance.txt",
        SCRIPT,
        LIBRARIES,
        records,
        notes=[
            "<case>_meta: N M D DV has_mask scale; weights = softmax(-scale * cdist(q, k) + mask)",
        ],
    )


def multi_head_table():
    e, h, n, m = 6, 2, 4, 5
    layer = torch.nn.MultiheadAttention(e, h, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for p in layer.parameters():
            p.copy_(randn(*p.shape, scale=0.5))
    query, key, value = randn(1, n, e), randn(1, m, e), randn(1, m, e)
    mask = randn(n, m, scale=0.5)
    mask[0, 1] = float("-inf")
    mask[3, 4] = float("-inf")
    with torch.no_grad():
        out, weights = layer(
            query, key, value, attn_mask=mask, need_weights=True, average_attn_weights=False
        )
    records = [
        ("meta", [e, h, n, m]),
        ("in_proj_weight", flat(layer.in_proj_weight)),
        ("in_proj_bias", flat(layer.in_proj_bias)),
        ("out_proj_weight", flat(layer.out_proj.weight)),
        ("out_proj_bias", flat(layer.out_proj.bias)),
        ("query", flat(query)),
        ("key", flat(key)),
        ("value", flat(value)),
        ("mask", flat(mask)),
        ("out", flat(out)),
        ("weights", flat(weights)),
    ]
    write_table(
        "attention/multi_head.txt",
        SCRIPT,
        LIBRARIES,
        records,
        notes=[
            "torch.nn.MultiheadAttention(embed_dim=E, num_heads=H, batch_first=True), float64;",
            "meta: E H N M; in_proj_weight (3E x E, torch layout: rows = outputs), out_proj_weight"
            " (E x E); out (N x E); weights (H x N x M, average_attn_weights=False)",
        ],
    )


def whitening_table():
    n, d = 10, 3
    mixing = np.array([[2.0, 0.0, 0.0], [1.2, 0.5, 0.0], [-0.7, 0.3, 0.2]])
    x = np.asarray(RNG.standard_normal((n, d)) @ mixing.T + [5.0, -3.0, 0.5], dtype=np.float32)
    x = x.astype(np.float64)
    records = [("x", x.reshape(-1).tolist())]
    mean = x.mean(axis=0)
    centred = x - mean
    covariance = centred.T @ centred / n
    values, vectors = np.linalg.eigh(covariance)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    for j in range(d):  # each eigenvector's largest component positive
        if vectors[np.argmax(np.abs(vectors[:, j])), j] < 0:
            vectors[:, j] = -vectors[:, j]
    for eps in [0.0, 0.1]:
        tag = "eps0" if eps == 0 else "eps0p1"
        z = centred / np.sqrt(centred.var(axis=0) + eps)
        pca = vectors / np.sqrt(values + eps)
        zca = pca @ vectors.T
        records += [
            (f"standardized_{tag}", z.reshape(-1).tolist()),
            (f"pca_matrix_{tag}", pca.reshape(-1).tolist()),
            (f"pca_{tag}", (centred @ pca).reshape(-1).tolist()),
            (f"zca_matrix_{tag}", zca.reshape(-1).tolist()),
            (f"zca_{tag}", (centred @ zca).reshape(-1).tolist()),
        ]
    records.append(("variances", values.tolist()))
    write_table(
        "attention/whitening.txt",
        SCRIPT,
        LIBRARIES,
        records,
        notes=[
            "x: 10 samples x 3 features; covariance with divisor N; eigenvalues decreasing,",
            "eigenvector signs: largest component positive; matrices row-major, y = (x - mean) W",
        ],
    )


if __name__ == "__main__":
    softmax_table()
    sdpa_table()
    distance_table()
    multi_head_table()
    whitening_table()
