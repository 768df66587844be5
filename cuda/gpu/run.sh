#!/usr/bin/env bash
# geoml-cuda on a GPU machine, in one go: the correctness suite, compute-sanitizer (memcheck
# and racecheck), PyTorch's causal convention, and the benchmark against
# torch.nn.functional.scaled_dot_product_attention. Needs the prebuilt binary (see README.md),
# python3 with torch, and compute-sanitizer; no Rust, no network.
#
#   bash cuda/gpu/run.sh [BINARY]        (default: .gpu-bin/gpu_suite)
#
# STEPS (default "check sanitize causal bench") picks the steps, e.g. STEPS=bench to time only.
#
# Results go to $OUT (default ./gpu-out): summary.txt, check.log, memcheck.log,
# racecheck.log, causal.log, geoml.csv, sdpa.csv, results.md — eight files, as the device
# tool returns at most eight. Exit status: 0 when every step passed.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.gpu-bin/gpu_suite}
OUT=${OUT:-./gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
note() { echo "$*" | tee -a "$SUMMARY"; }

# libcuda comes with the driver; NVRTC from the CUDA toolkit or PyTorch's nvidia wheels.
NVRTC_DIRS=$(
  { ls -d /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib 2>/dev/null
    python3 - <<'PY' 2>/dev/null
import glob, os, site
for base in site.getsitepackages():
    for path in glob.glob(os.path.join(base, "nvidia", "**", "libnvrtc.so*"), recursive=True):
        print(os.path.dirname(path))
PY
  } | sort -u | tr '\n' ':'
)
export LD_LIBRARY_PATH="${NVRTC_DIRS}${LD_LIBRARY_PATH:-}"

note "geoml-cuda GPU run, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
# The commit the binary was built from (README step 1 writes it beside the binary).
COMMIT=$(cat "$(dirname "$BIN")/COMMIT" 2>/dev/null || git rev-parse HEAD 2>/dev/null || echo unknown)
export GEOML_COMMIT=$COMMIT
note "commit: $COMMIT"
note "$(nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | head -1)"
note "torch: $(python3 -c 'import torch; print(torch.__version__, torch.version.cuda)' 2>&1)"
note "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
if [ ! -x "$BIN" ]; then
  note "FAIL: no executable $BIN (build it first: see cuda/gpu/README.md)"
  exit 2
fi
if ! "$BIN" info 2>&1 | tee -a "$SUMMARY"; then
  note "FAIL: the binary cannot open the GPU or compile its kernels (see above); nothing else was run"
  exit 2
fi

STEPS=${STEPS:-check sanitize causal bench}
wants() { [[ " $STEPS " == *" $1 "* ]]; }
status=0
step() { # name, then the command; records PASS/FAIL with the exit code
  local name=$1; shift
  local start=$SECONDS
  "$@"
  local rc=$?
  if [ $rc -eq 0 ]; then note "PASS $name ($((SECONDS - start)) s)"; else note "FAIL $name: exit $rc ($((SECONDS - start)) s)"; status=1; fi
}

wants check && step "correctness suite" bash -c "set -o pipefail; '$BIN' check 2>&1 | tee '$OUT/check.log'"
# The sanitizers slow kernels down a hundredfold or more: the quick suite (tiny shapes) still
# runs every kernel, every tiling, masks and tails.
if wants sanitize; then
step "compute-sanitizer memcheck" bash -c "compute-sanitizer --tool memcheck --leak-check full --error-exitcode 3 '$BIN' check --quick >'$OUT/memcheck.log' 2>&1"
step "compute-sanitizer racecheck" bash -c "compute-sanitizer --tool racecheck --racecheck-report all --error-exitcode 3 '$BIN' check --quick >'$OUT/racecheck.log' 2>&1"
tail -n 3 "$OUT/memcheck.log" "$OUT/racecheck.log" | tee -a "$SUMMARY"
fi
if wants causal; then
DUMP=$(mktemp -d)
step "causal convention vs PyTorch" bash -c "'$BIN' causal-dump '$DUMP' >'$OUT/causal.log' 2>&1 && python3 cuda/gpu/bench_sdpa.py causal '$DUMP' >>'$OUT/causal.log' 2>&1"
cat "$OUT/causal.log" >>"$SUMMARY"
fi
if wants bench; then
step "benchmark geoml" bash -c "'$BIN' bench '$OUT/geoml.csv' >/dev/null"
step "benchmark SDPA and compare" python3 cuda/gpu/bench_sdpa.py bench "$OUT/geoml.csv" "$OUT"
fi
note "overall: $([ $status -eq 0 ] && echo PASS || echo FAIL)"
cat "$OUT/results.md" 2>/dev/null
exit $status
