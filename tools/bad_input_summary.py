#!/usr/bin/env python3
"""Prints RELIABILITY.md's summary of the bad-input table from tests/bad_input.rs.

Usage: python3 tools/bad_input_summary.py [tests/bad_input.rs]

Each `row!(table, "function", "input", call, pattern)` of the file is one row; rows are grouped
by the `mod` they sit in (one per geoml module) and by function, in the order of the file.
"""
import collections
import re
import sys

MODULE_ORDER = ["info", "symmetry", "manifold", "attention", "lie", "persistence", "fast_math"]
STRING = r'"((?:[^"\\]|\\.)*)"'


def main():
    text = open(sys.argv[1] if len(sys.argv) > 1 else "tests/bad_input.rs").read()
    modules = [(m.start(), m.group(1)) for m in re.finditer(r"^mod (\w+) \{", text, re.M)]
    rows = collections.OrderedDict((name, collections.OrderedDict()) for name in MODULE_ORDER)
    for match in re.finditer(r"row!\(\s*\w+,\s*" + STRING + r",\s*" + STRING, text):
        enclosing = [name for start, name in modules if start < match.start()]
        if not enclosing:
            continue  # the module documentation's example
        module = enclosing[-1]
        function, case = match.group(1), match.group(2).replace("|", "\\|")
        rows[module].setdefault(function, []).append(case)
    functions = sum(len(f) for f in rows.values())
    total = sum(len(c) for f in rows.values() for c in f.values())
    print(f"In all, {total} rows over {functions} functions (each run in f32 and in f64).")
    for module, table in rows.items():
        count = sum(len(c) for c in table.values())
        print(f"\n#### `geoml::{module}` — {len(table)} functions, {count} rows\n")
        print("| function | inputs tried |")
        print("| --- | --- |")
        for function, cases in table.items():
            print(f"| `{function}` | {'; '.join(cases)} |")


if __name__ == "__main__":
    main()
