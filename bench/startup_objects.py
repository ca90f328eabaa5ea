"""Where the instructions of a start go, by shared object: gkdesk --smoke, the floor, the bare window (issue 16).

    python bench/startup_objects.py DATA_DIR [--keep DIR]

Runs each process once under valgrind's callgrind (instructions executed: the one figure the
shared machine does not move) in bench/run.py's environment with PYTHONHASHSEED=0, and sums each
function's own instructions by the object it lives in (libpython, libQt6Gui, libfontconfig …).
The floor (bench/run.py BARE_DESK) draws the desk's first frame with PySide6 alone, so a library
that runs the same in gkdesk and in the floor is the library's own cost of that frame; what
gkdesk runs above the floor in libpython is Python running gkdesk's code (and the stdlib and
PySide Python code it calls). Each process is run twice, the first to write its bytecode.
"""
from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # noqa: E402 - bench/run.py: env(), PY, BARE_WINDOW, BARE_DESK

_NAMED = re.compile(r"c?ob=\((\d+)\)(?: (.*))?")


def by_object(path: Path) -> collections.Counter:
    """Own instructions per object in a callgrind file (name compression: `ob=(n) name` once)."""
    names: dict[str, str] = {}
    own: collections.Counter = collections.Counter()
    current, after_calls = "", False
    for line in path.open(errors="replace"):
        if line.startswith(("ob=", "cob=")):
            m = _NAMED.match(line.strip())
            if m and m.group(2):
                names[m.group(1)] = m.group(2)
            if line.startswith("ob="):
                current = m.group(1) if m else line[3:].strip()
        elif line.startswith("calls="):
            after_calls = True  # the next cost line is the call's inclusive cost, not own cost
        elif line[:1].isdigit() or line[:1] in "+-*":
            if after_calls:
                after_calls = False
            else:
                parts = line.split()
                if len(parts) >= 2:
                    own[current] += int(parts[1])
    out: collections.Counter = collections.Counter()
    for key, n in own.items():
        out[Path(names.get(key, key)).name] += n
    return out


def count(argv: list[str], out: Path) -> collections.Counter:
    env = bench.env() | {"PYTHONHASHSEED": "0"}
    for _ in range(2):
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv], cwd=bench.ROOT,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return by_object(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", help="a store folder (bench/run.py builds the seeds store)")
    ap.add_argument("--keep", type=Path, help="keep the callgrind files here")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gkdesk-objects-"))
    folder.mkdir(parents=True, exist_ok=True)
    sides = {
        "gkdesk": [bench.PY, "-m", "gkdesk.app", "--data-dir", args.data_dir, "--smoke"],
        "floor": [bench.PY, "-c", bench.BARE_DESK, args.data_dir],
        "bare": [bench.PY, "-c", bench.BARE_WINDOW],
    }
    found = {name: count(argv, folder / f"callgrind.{name}") for name, argv in sides.items()}
    total = {name: sum(c.values()) for name, c in found.items()}
    print("instructions (M) by object, own cost; callgrind, PYTHONHASHSEED=0, bytecode cached")
    print("| object | gkdesk | floor | bare | gkdesk − floor |")
    print("|---|---|---|---|---|")
    objects = sorted(set().union(*found.values()), key=lambda o: -found["gkdesk"][o] - found["floor"][o])
    for o in objects:
        g, f, b = (found[n][o] / 1e6 for n in ("gkdesk", "floor", "bare"))
        if max(g, f, b) >= 1.0:
            print(f"| {o} | {g:.1f} | {f:.1f} | {b:.1f} | {g - f:+.1f} |")
    g, f, b = (total[n] / 1e6 for n in ("gkdesk", "floor", "bare"))
    print(f"| all | {g:.1f} | {f:.1f} | {b:.1f} | {g - f:+.1f} |")
    print(f"gkdesk / bare {g / b:.2f}x, floor / bare {f / b:.2f}x, gkdesk / floor {g / f:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
