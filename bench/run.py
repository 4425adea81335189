"""`make bench`: runs every benchmark in bench/ and prints its figures.

Benchmarks arrive with the issues that set targets (import, certificates, report, load test).
"""

import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if not modules:
        print("Aucun benchmark pour l'instant.")
        return 0
    for name in modules:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
