"""`make bench`: runs every benchmark in bench/ and prints its figures.

Each benchmark runs in a process of its own: they set up Django differently (throw-away
databases, settings), and one must not inherit what another changed.
"""

import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print("Aucun benchmark pour l'instant.")
        return 0
    failed = []
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        if subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0:
            failed.append(script.stem)
    if failed:
        print(f"Benchmarks en échec : {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
