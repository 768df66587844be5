#!/usr/bin/env python3
"""Fails if a public function of the core that takes data has no row in tests/bad_input.rs.

Usage: python3 tools/bad_input_coverage.py [core/src] [tests/bad_input.rs]

Issue 9 asks the bad-input table to try every public function that takes data (any parameter
besides `self`). This script walks the module tree of the core from `lib.rs`, following
`mod name;` declarations, so modules declared under `#[cfg(test)]` (such as the textbook
Rips oracle) and `#[cfg(test)]` items are skipped. It collects:

* `pub fn` free functions, named `name` (a row may also say `module::name`);
* `pub fn` methods of inherent impls, named `Type::name`;
* every method of an impl of one of the core's own public traits, named under the type
  (`So3::exp` for `impl LieGroup for So3`), and the trait's default methods, named
  `Trait::name` (a row for any implementing type's `Type::name` also counts).

Impls of foreign traits (operators, `Default`, `Iterator`, `Display`) are not counted: they
forward to inherent functions that have rows. A row is `row!(table, "function", ...)`; the
script exits 1 and lists every function without one.
"""
import pathlib
import re
import sys


def strip_comments_and_strings(src):
    """Blanks out comments, string and char literals, keeping braces structural."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif src.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if src.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif src.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            out.append(" ")
        elif re.match(r'b?r#*"', src[i:i + 40]) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', src[i:])
            if m:
                end = src.find('"' + m.group(1), i + m.end())
                i = n if end < 0 else end + 1 + len(m.group(1))
                out.append('""')
            else:
                i += 1
                out.append(c)
        elif c == '"':
            i += 1
            while i < n and src[i] != '"':
                i += 2 if src[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'":
            m = re.match(r"'(\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'])'", src[i:])
            if m:
                out.append("' '")
                i += m.end()
            else:  # a lifetime
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching(text, i, open_c, close_c):
    """Index just past the bracket that closes the one at `i`."""
    depth = 0
    while i < len(text):
        if text[i] == open_c:
            depth += 1
        elif text[i] == close_c:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def split_top_level(text, sep=","):
    """Splits at `sep` outside (), [], {} and <> (with `->` not counted as a bracket)."""
    text = text.replace("->", "→")
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "([{<":
            depth += 1
        elif c in ")]}>":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip().replace("→", "->") for p in parts if p.strip()]


def strip_attributes(header):
    """Returns (attributes, rest) for a header that may start with `#[...]` attributes."""
    attrs = []
    header = header.strip()
    while header.startswith("#"):
        start = header.find("[")
        end = matching(header, start, "[", "]")
        attrs.append(header[:end])
        header = header[end:].strip()
    return attrs, header


def is_test_only(attrs):
    return any(re.match(r"#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]", a) for a in attrs)


def skip_generics(text):
    """Drops a leading `<...>` (balanced, `->` aware)."""
    text = text.strip()
    if not text.startswith("<"):
        return text
    t = text.replace("->", "→")
    end = matching(t, 0, "<", ">")
    return t[end:].replace("→", "->").strip()


def impl_target(header):
    """(trait or None, type) of an `impl` header."""
    rest = skip_generics(re.sub(r"^(unsafe\s+)?impl\b", "", header).strip())
    rest = re.split(r"\bwhere\b", rest)[0]
    t = rest.replace("->", "→")
    depth, trait, target = 0, None, rest
    for m in re.finditer(r"[<>]|\bfor\b", t):
        if m.group() == "<":
            depth += 1
        elif m.group() == ">":
            depth -= 1
        elif depth == 0:
            trait, target = t[: m.start()].replace("→", "->"), t[m.end():].replace("→", "->")
            break

    def last_name(path):
        path = path.strip().lstrip("&").strip()
        path = re.sub(r"^(mut|dyn)\s+", "", path)
        depth, cut = 0, len(path)
        for i, c in enumerate(path):
            if c == "<" and depth == 0:
                cut = i
                break
        names = re.findall(r"\w+", path[:cut])
        return names[-1] if names else path

    return (last_name(trait) if trait else None), last_name(target)


def fn_signature(header):
    """(name, data parameters) of a `fn` header."""
    m = re.search(r"\bfn\s+(\w+)", header)
    rest = skip_generics(header[m.end():])
    if not rest.startswith("("):
        return m.group(1), []
    params = rest[1:matching(rest, 0, "(", ")") - 1]
    data = []
    for p in split_top_level(params):
        if re.match(r"^(&\s*('\w+\s+)?)?(mut\s+)?self\b", p):
            continue
        data.append(p)
    return m.group(1), data


class Walker:
    def __init__(self, root):
        self.root = root
        self.functions = []  # (file, qualified name, accepted names, parameters)
        self.own_traits = set()
        self.trait_impls = {}  # trait -> set of implementing types
        self.trait_defaults = []  # (file, trait, fn, params)

    def module_file(self, directory, name):
        for candidate in (directory / f"{name}.rs", directory / name / "mod.rs"):
            if candidate.exists():
                return candidate
        return None

    def walk_file(self, path, module_path, child_dir):
        text = strip_comments_and_strings(path.read_text())
        self.walk_items(text, 0, len(text), path, module_path, child_dir, None)

    def walk_items(self, text, start, end, path, module_path, child_dir, context):
        """Walks the items between start and end. context: None, ("impl", trait, type) or
        ("trait", name)."""
        i, header_start = start, start
        while i < end:
            c = text[i]
            if c == "#" and text.startswith("[", i + 1) or text.startswith("#![", i):
                i = matching(text, text.find("[", i), "[", "]")
                continue
            if c == "(":
                i = matching(text, i, "(", ")")
                continue
            if c == "[":
                i = matching(text, i, "[", "]")
                continue
            if c not in "{;":
                if c == "}":
                    header_start = i + 1
                i += 1
                continue
            header = text[header_start:i]
            attrs, body = strip_attributes(header)
            if c == ";":
                m = re.match(r"(pub(\([^)]*\))?\s+)?mod\s+(\w+)$", body.strip())
                if m and not is_test_only(attrs) and context is None:
                    f = self.module_file(child_dir, m.group(3))
                    if f is not None:
                        sub_dir = f.parent if f.name == "mod.rs" else child_dir / m.group(3)
                        self.walk_file(f, module_path + [m.group(3)], sub_dir)
                i += 1
                header_start = i
                continue
            block_end = matching(text, i, "{", "}")
            if not is_test_only(attrs):
                self.item(text, i, block_end, body, path, module_path, child_dir, context)
            i = block_end
            header_start = i

    def item(self, text, open_i, block_end, body, path, module_path, child_dir, context):
        words = re.sub(r"\([^)]*\)", "", body)
        if re.match(r"^(pub\s+)?(unsafe\s+)?impl\b", words):
            trait, target = impl_target(body)
            if trait is not None:
                self.trait_impls.setdefault(trait, set()).add(target)
            self.walk_items(text, open_i + 1, block_end - 1, path, module_path, child_dir,
                            ("impl", trait, target))
        elif re.match(r"^pub\s+(unsafe\s+)?trait\s+(\w+)", body):
            name = re.match(r"^pub\s+(unsafe\s+)?trait\s+(\w+)", body).group(2)
            self.own_traits.add(name)
            self.walk_items(text, open_i + 1, block_end - 1, path, module_path, child_dir,
                            ("trait", name))
        elif re.match(r"^(pub(\([^)]*\))?\s+)?mod\s+(\w+)$", body.strip()) and context is None:
            name = re.match(r"^(pub(\([^)]*\))?\s+)?mod\s+(\w+)", body.strip()).group(3)
            self.walk_items(text, open_i + 1, block_end - 1, path, module_path + [name],
                            child_dir / name, None)
        elif re.search(r"\bfn\s+\w+", body) and not re.search(r"\bmacro_rules\b", body):
            public = bool(re.match(r"^pub\s", body))
            name, params = fn_signature(body)
            if context is None:
                if public:
                    self.functions.append((path, name, ("free", module_path), params))
            elif context[0] == "impl":
                _, trait, target = context
                if trait is None and public:
                    self.functions.append((path, f"{target}::{name}", ("method",), params))
                elif trait is not None:
                    self.functions.append((path, f"{target}::{name}", ("trait", trait), params))
            elif context[0] == "trait":
                self.trait_defaults.append((path, context[1], name, params))

    def public_data_functions(self):
        found, seen = [], set()
        for path, name, kind, params in self.functions:
            if kind[0] == "trait" and kind[1] not in self.own_traits:
                continue
            if params and name not in seen:
                seen.add(name)
                found.append((path, name, kind, params))
        for path, trait, name, params in self.trait_defaults:
            overridden = all(f"{t}::{name}" in seen for t in self.trait_impls.get(trait, ()))
            if params and not (overridden and self.trait_impls.get(trait)):
                found.append((path, f"{trait}::{name}", ("default", trait), params))
        return found


def row_names(table_path):
    table = pathlib.Path(table_path).read_text()
    return set(re.findall(r'\brow!\(\s*\w+\s*,\s*"((?:[^"\\]|\\.)*)"', table))


def covered(name, kind, rows, trait_impls):
    if name in rows:
        return True
    if kind[0] == "free":
        return any(f"{m}::{name}" in rows for m in kind[1])
    if kind[0] == "default":
        short = name.split("::")[-1]
        return any(f"{t}::{short}" in rows for t in trait_impls.get(kind[1], ()))
    return False


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "core/src")
    table = sys.argv[2] if len(sys.argv) > 2 else "tests/bad_input.rs"
    walker = Walker(root)
    walker.walk_file(root / "lib.rs", [], root)
    functions = walker.public_data_functions()
    rows = row_names(table)
    missing = [f for f in functions if not covered(f[1], f[2], rows, walker.trait_impls)]
    print(f"{len(functions) - len(missing)} of {len(functions)} public functions that take "
          f"data have a row in {table}")
    for path, name, _, params in missing:
        print(f"  {path}: {name}({', '.join(params)})")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
