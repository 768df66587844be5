#!/usr/bin/env python3
"""Run the Cortex-M4 firmware under QEMU and enforce its footprint budgets.

Usage: python3 tools/cortex_m_check.py path/to/firmware.elf [--label NAME]

- Boots the ELF on QEMU's mps2-an386 (Cortex-M4) with semihosting; the firmware compares its
  f32 results with the host's f64 ones and exits with failure on any mismatch or panic.
- Runs QEMU with `-icount shift=0` (one emulated nanosecond per instruction), so the SysTick
  ticks the firmware prints per scenario count instructions (÷ 40 at the 25 MHz SysTick) and
  repeat exactly.
- Reads the ELF's section table: flash = .vector_table + .text + .rodata + .data (the
  initial values of .data live in flash); static RAM = .data + .bss + .uninit.
- Takes the stack high-water mark the firmware measured (cortex-m-rt paints the stack).
- Fails unless flash <= 64 KiB and static RAM + stack <= 24 KiB.
Only the Python standard library is used, so CI needs nothing extra.
"""

import argparse
import re
import struct
import subprocess
import sys

FLASH_BUDGET = 64 * 1024
RAM_BUDGET = 24 * 1024
QEMU = [
    "qemu-system-arm", "-machine", "mps2-an386", "-cpu", "cortex-m4", "-nographic",
    "-semihosting-config", "enable=on,target=native", "-icount", "shift=0", "-kernel",
]


def section_sizes(path):
    """{name: size} of an ELF32 little-endian file's sections."""
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        raise SystemExit(f"{path} is not a 32-bit little-endian ELF")
    shoff, = struct.unpack_from("<I", data, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2E)
    headers = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = headers[shstrndx][4]

    def name(offset):
        end = data.index(b"\0", names_offset + offset)
        return data[names_offset + offset:end].decode()

    return {name(h[0]): h[5] for h in headers}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("elf")
    parser.add_argument("--label", default="default features")
    args = parser.parse_args()

    run = subprocess.run(QEMU + [args.elf], capture_output=True, text=True, timeout=300)
    print(run.stdout, end="")
    print(run.stderr, end="", file=sys.stderr)
    failures = []
    if run.returncode != 0 or "RESULT: PASS" not in run.stdout:
        failures.append(f"the firmware failed (exit status {run.returncode})")

    sizes = section_sizes(args.elf)
    flash = sum(sizes.get(s, 0) for s in (".vector_table", ".text", ".rodata", ".data"))
    static_ram = sum(sizes.get(s, 0) for s in (".data", ".bss", ".uninit"))
    match = re.search(r"FOOTPRINT static_ram_bytes=(\d+) stack_bytes=(\d+)", run.stdout)
    if match is None:
        failures.append("the firmware printed no FOOTPRINT line")
        stack = 0
    else:
        stack = int(match.group(2))
        if int(match.group(1)) != static_ram:
            failures.append(f"static RAM from the linker symbols ({match.group(1)}) and the ELF ({static_ram}) disagree")

    print(f"\nfootprint ({args.label}): flash {flash} B ({flash / 1024:.1f} KiB, budget {FLASH_BUDGET // 1024} KiB); "
          f"static RAM {static_ram} B + stack {stack} B = {static_ram + stack} B "
          f"({(static_ram + stack) / 1024:.1f} KiB, budget {RAM_BUDGET // 1024} KiB)")
    for name in (".vector_table", ".text", ".rodata", ".data", ".bss", ".uninit"):
        print(f"  {name:14} {sizes.get(name, 0):7} B")
    if flash > FLASH_BUDGET:
        failures.append(f"flash {flash} B exceeds the {FLASH_BUDGET} B budget")
    if static_ram + stack > RAM_BUDGET:
        failures.append(f"static RAM + stack {static_ram + stack} B exceeds the {RAM_BUDGET} B budget")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
