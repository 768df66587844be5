#!/usr/bin/env bash
# The long fuzz runs of RELIABILITY.md: every target of fuzz/ for SECONDS (default 600), PARALLEL
# at a time (default 2, one worker each, niced), from the corpus it has grown so far.
# Logs go to LOGDIR (default fuzz/logs), one per target; print the table with
#   python3 tools/fuzz_runs_table.py fuzz/logs
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
parallel=${2:-2}
logdir=$(realpath -m "${LOGDIR:-logs}")
mkdir -p "$logdir"
cargo +nightly fuzz build
bin=target/x86_64-unknown-linux-gnu/release
commit=$(git rev-parse --short HEAD)
run_one() {
  local target=$1 log="$logdir/$1.log"
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "commit $commit start $(date -u +%FT%TZ)" >"$log"
  set +e
  nice -n 10 "$bin/$target" -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" \
    -timeout=10 -print_final_stats=1 "corpus/$target" >>"$log" 2>&1
  echo "exit $? end $(date -u +%FT%TZ)" >>"$log"
}
export -f run_one
export bin commit logdir seconds
cargo +nightly fuzz list | xargs -P "$parallel" -I{} bash -c 'run_one {}'
