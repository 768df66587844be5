"""Write reference tables in the format tests/common/mod.rs reads.

A table is text: '#' comment lines first (what wrote it, with which library versions, when),
then one record a line, `name v1 v2 ...`, each number as Python's repr (exact for float64).
"""

import datetime
import math
import pathlib
import platform

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def number(x):
    """repr of a float64 ('inf', '-inf', 'nan' for the special values)."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def write_table(relative, script, libraries, records, notes=()):
    """Write tests/data/<relative>.

    script: the generator's path relative to the repository root.
    libraries: {name: version} of what computed the values.
    records: iterable of (name, [numbers]); names must not contain whitespace.
    notes: extra comment lines (what the values are, their layout).
    """
    path = DATA / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# written by {script} on {datetime.date.today().isoformat()}",
        f"# python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in sorted(libraries.items())),
    ]
    lines += [f"# {note}" for note in notes]
    for name, values in records:
        if any(c.isspace() for c in name) or not name:
            raise ValueError(f"bad record name {name!r}")
        lines.append(" ".join([name] + [number(v) for v in values]))
    path.write_text("\n".join(lines) + "\n")
    return path
