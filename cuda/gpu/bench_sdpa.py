"""PyTorch's side of the geoml-cuda GPU run (called by run.sh; needs torch with CUDA).

    python3 bench_sdpa.py causal DIR          compare gpu_suite's causal-dump outputs with SDPA
    python3 bench_sdpa.py bench GEOML_CSV OUT time SDPA on the shapes of GEOML_CSV and write
                                              OUT/sdpa.csv and OUT/results.md

Timing follows geoml's: random normal inputs (never zeros), two warm-up launches, then the
median of 5 to 50 samples, each a run of back-to-back launches timed with CUDA events.
"""

import csv
import datetime
import math
import os
import statistics
import subprocess
import sys

import torch
import torch.nn.functional as F

DTYPES = {"bf16": torch.bfloat16, "f16": torch.float16}


def causal_check(directory):
    """Our outputs vs SDPA (math backend, f64) on the same inputs, per alignment."""
    from torch.nn.attention.bias import causal_lower_right

    failed = cases = 0
    with open(os.path.join(directory, "manifest.csv")) as f:
        for case in csv.DictReader(f):
            b, h, nq, nk, d = (int(case[k]) for k in ("batch", "heads", "query_len", "key_len", "head_dim"))

            def load(suffix, n):
                path = os.path.join(directory, f"{case['name']}.{suffix}.f32")
                t = torch.frombuffer(bytearray(open(path, "rb").read()), dtype=torch.float32)
                return t.reshape(b, h, n, d).to("cuda", torch.float64)

            q, k, v, ours = load("q", nq), load("k", nk), load("v", nk), load("out", nq)
            if case["alignment"] == "top_left":
                ref = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            elif case["alignment"] == "bottom_right":
                ref = F.scaled_dot_product_attention(q, k, v, attn_mask=causal_lower_right(nq, nk))
            else:
                ref = F.scaled_dot_product_attention(q, k, v)
            # Rows that see no key: PyTorch gives NaN there, geoml gives 0 (documented).
            masked = torch.isnan(ref)
            ref = torch.where(masked, torch.zeros_like(ref), ref)
            err = ((ours - ref).abs().max() / ref.abs().max()).item()
            ok = err < 1e-5 and not torch.isnan(ours).any()
            failed += not ok
            cases += 1
            print(f"{'PASS' if ok else 'FAIL'} causal convention {case['name']} ({case['alignment']}, "
                  f"Nq={nq}, Nk={nk}): max rel error vs torch SDPA {err:.2e}, "
                  f"{int(masked.any(dim=-1).sum())} fully masked rows")
    print(f"causal: {cases - failed} passed, {failed} failed")
    return failed == 0


def time_ms(fn):
    """Median time of one call: each sample brackets `inner` back-to-back calls with CUDA
    events, after warm-up; 5 to 50 samples (the same scheme as gpu_suite's)."""
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)

    def sample(inner):
        start.record()
        for _ in range(inner):
            fn()
        end.record()
        end.synchronize()
        return start.elapsed_time(end) / inner

    sample(1), sample(1)
    first = max(sample(1), 1e-3)
    inner = min(100, max(1, math.ceil(2.0 / first)))
    reps = min(50, max(5, math.ceil(300.0 / (first * inner))))
    return statistics.median(sample(inner) for _ in range(reps))


def sdpa_variants():
    """The default dispatch, and each backend that can be forced, by name."""
    from torch.nn.attention import SDPBackend, sdpa_kernel

    variants = [("sdpa", None)]
    for name in ("FLASH_ATTENTION", "CUDNN_ATTENTION", "EFFICIENT_ATTENTION"):
        if hasattr(SDPBackend, name):
            variants.append((f"sdpa_{name.split('_')[0].lower()}", getattr(SDPBackend, name)))
    return variants, sdpa_kernel


def bench(geoml_csv, out_dir):
    with open(geoml_csv) as f:
        ours = list(csv.DictReader(f))
    shapes = sorted({(r["dtype"], int(r["head_dim"]), int(r["heads"]), int(r["seq_len"]),
                      int(r["batch"]), r["causal"] == "true") for r in ours},
                    key=lambda s: (s[0], s[1], s[5], s[3]))
    variants, sdpa_kernel = sdpa_variants()
    rows = []
    gen = torch.Generator(device="cuda").manual_seed(1234)
    for dtype, d, h, n, b, causal in shapes:
        q, k, v = (torch.randn(b, h, n, d, device="cuda", dtype=DTYPES[dtype], generator=gen) for _ in range(3))
        flops = 4 * b * h * n * n * d / (2 if causal else 1)
        for name, backend in variants:
            try:
                if backend is None:
                    ms = time_ms(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal))
                else:
                    with sdpa_kernel(backend):
                        ms = time_ms(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=causal))
            except RuntimeError as e:  # a backend that does not take this shape
                print(f"{name} {dtype} D={d} N={n}: not available ({str(e).splitlines()[0][:80]})")
                continue
            rows.append(dict(impl=name, dtype=dtype, head_dim=d, heads=h, seq_len=n, batch=b,
                             causal=str(causal).lower(), config="", default="true",
                             median_ms=f"{ms:.4f}", tflops=f"{flops / (ms * 1e-3) / 1e12:.2f}"))
        del q, k, v
    with open(os.path.join(out_dir, "sdpa.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        w.writeheader()
        w.writerows(rows)
    write_results(ours, rows, os.path.join(out_dir, "results.md"))


def write_results(ours, sdpa, path):
    def key(r):
        return (r["dtype"], int(r["head_dim"]), int(r["seq_len"]), r["causal"])

    default = {key(r): r for r in ours if r["default"] == "true"}
    best = {}
    for r in ours:
        if key(r) not in best or float(r["tflops"]) > float(best[key(r)]["tflops"]):
            best[key(r)] = r
    ref = {key(r): r for r in sdpa if r["impl"] == "sdpa"}
    others = sorted({r["impl"] for r in sdpa if r["impl"] != "sdpa"})
    forced = {(r["impl"],) + key(r): r for r in sdpa}
    commit = os.environ.get("GEOML_COMMIT", "")[:12]
    if not commit:
        try:
            commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        except OSError:
            pass
    commit = commit or "unknown"
    lines = [
        f"# geoml-cuda attention vs torch SDPA — {torch.cuda.get_device_name()}, "
        f"{datetime.date.today().isoformat()}, commit {commit}, torch {torch.__version__}",
        "",
        "B·N = 16384 tokens, H·D = 2048; TFLOP/s = 4·B·H·N²·D / time (halved for causal); "
        "median of 5–50 samples of back-to-back launches timed with CUDA events.",
        "",
        "| dtype | D | N | causal | geoml default | geoml best (tiles) | SDPA | default/SDPA | best/SDPA | "
        + " | ".join(others) + " |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | " + " | ".join("---" for _ in others) + " |",
    ]
    target_ok = []
    for k in sorted(default, key=lambda k: (k[0], k[1], k[3], k[2])):
        if k not in ref:
            continue
        ours_t, best_t, ref_t = float(default[k]["tflops"]), float(best[k]["tflops"]), float(ref[k]["tflops"])
        extra = [forced.get((o,) + k, {}).get("tflops", "—") for o in others]
        lines.append(f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {ours_t:.1f} | {best_t:.1f} ({best[k]['config']}) | "
                     f"{ref_t:.1f} | {ours_t / ref_t:.2f} | {best_t / ref_t:.2f} | " + " | ".join(extra) + " |")
        if k[0] == "bf16" and k[1] == 128 and k[2] >= 2048:
            target_ok.append(ours_t / ref_t >= 0.5)
    lines += ["", f"Target (bf16, D = 128, N ≥ 2k, default tiles ≥ 50 % of SDPA): "
              f"{'MET' if target_ok and all(target_ok) else 'NOT MET'} "
              f"({sum(target_ok)} of {len(target_ok)} shapes)."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "causal":
        sys.exit(0 if causal_check(sys.argv[2]) else 1)
    if len(sys.argv) == 4 and sys.argv[1] == "bench":
        bench(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(__doc__)
