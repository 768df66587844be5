#!/usr/bin/env python3
"""Prints RELIABILITY.md's table of fuzz runs from the logs of tools/fuzz_long_runs.sh.

Usage: python3 tools/fuzz_runs_table.py LOGDIR

Each log starts with "commit C start T", ends with "exit E end T", and holds libFuzzer's
-print_final_stats lines in between.
"""
import datetime
import pathlib
import re
import sys


def parse(path):
    text = path.read_text(errors="replace")
    head = re.search(r"^commit (\S+) start (\S+)", text, re.M)
    tail = re.search(r"^exit (\d+) end (\S+)", text, re.M)
    stat = lambda name: re.search(rf"^stat::{name}:\s+(\d+)", text, re.M)
    executions = stat("number_of_executed_units")
    rss = stat("peak_rss_mb")
    corpus = re.findall(r"corp: (\d+)/", text)
    crashed = re.search(r"Test unit written to (\S+)", text)
    seconds = None
    if head and tail:
        parse_time = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
        seconds = (parse_time(tail.group(2)) - parse_time(head.group(2))).total_seconds()
    return {
        "target": re.sub(r"-\d+$", "", path.stem),
        "commit": head.group(1) if head else "?",
        "seconds": seconds,
        "executions": int(executions.group(1)) if executions else None,
        "rss": int(rss.group(1)) if rss else None,
        "corpus": int(corpus[-1]) if corpus else None,
        "exit": int(tail.group(1)) if tail else None,
        "crash": crashed.group(1) if crashed else None,
    }


def main():
    logs = sorted(pathlib.Path(sys.argv[1]).glob("*.log"))
    print("| target | commit | wall time | executions | exec/s | corpus | peak RSS | result |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    total = 0
    for run in map(parse, logs):
        if run["executions"] is None:
            continue
        total += run["executions"]
        rate = run["executions"] / run["seconds"] if run["seconds"] else 0
        result = "clean" if run["exit"] == 0 else f"crash: {run['crash']}"
        print(
            f"| `{run['target']}` | `{run['commit']}` | {run['seconds']:.0f} s "
            f"| {run['executions']:,} | {rate:,.0f} | {run['corpus']} | {run['rss']} MB | {result} |"
        )
    print(f"\nIn all {total:,} executions.")


if __name__ == "__main__":
    main()
