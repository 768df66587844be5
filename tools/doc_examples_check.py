#!/usr/bin/env python3
"""Fails if a public function of the core lacks a runnable example in its own doc comment.

Usage: python3 tools/doc_examples_check.py [core/src]

A function counts as documented with an example when the `///` block right above it (attributes
allowed in between) contains a ``` fence. Items inside `#[cfg(test)]` code are skipped.
"""
import collections
import pathlib
import re
import sys


def missing_examples(root):
    missing = collections.defaultdict(list)
    total = 0
    for path in sorted(root.rglob("*.rs")):
        lines = path.read_text().splitlines()
        in_tests = False
        for i, line in enumerate(lines):
            if re.match(r"\s*#\[cfg\(test\)\]", line):
                in_tests = True
            match = re.match(r"\s*pub (const )?fn (\w+)", line)
            if not match or in_tests:
                continue
            total += 1
            j = i - 1
            doc = []
            while j >= 0 and lines[j].strip().startswith(("///", "#[")):
                doc.append(lines[j])
                j -= 1
            if not any("```" in d for d in doc):
                missing[str(path)].append(match.group(2))
    return total, missing


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "core/src")
    total, missing = missing_examples(root)
    count = sum(len(v) for v in missing.values())
    print(f"{total - count} of {total} public functions have an example in their own docs")
    for path, names in sorted(missing.items()):
        print(f"  {path}: {', '.join(names)}")
    sys.exit(1 if count else 0)


if __name__ == "__main__":
    main()
