"""`make bench`: run every benchmark module in its own process and print their JSON lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        module = f"tests.benchmarks.{path.stem}"
        print(f"# {module}", file=sys.stderr, flush=True)
        rc = subprocess.call([sys.executable, "-m", module], cwd=HERE.parent.parent)
        failed += rc != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
