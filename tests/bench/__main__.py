"""Benchmarks that print figures, each beside its baseline measured in the same run.

python -m tests.bench [startup|register|dossier|package|responsiveness|load ...] [--runs N]
"""

from __future__ import annotations

import argparse

from tests.bench import dossier, load, package, register, responsiveness, startup

BENCHES = {
    "startup": startup.run,
    "register": register.run,
    "dossier": dossier.run,
    "package": package.run,
    "responsiveness": responsiveness.run,
    "load": load.run,
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("names", nargs="*", metavar="|".join(BENCHES), help="default: all")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in BENCHES]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in args.names or BENCHES:
        BENCHES[name](args.runs)


if __name__ == "__main__":
    main()
