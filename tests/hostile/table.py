"""Print the hostile-input table (kind -> exit code, message, good pages kept, peak RSS), then
the crash and concurrency counts, by running the corpus and the crash tests.

    PYTHONPATH=src python tests/hostile/table.py [OUT_DIR] [--kinds-only]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from hostile_runner import run_all, table, write_artifacts  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else tempfile.mkdtemp(prefix="pagevet-hostile-"))
    outcomes = run_all(out / "runs")
    write_artifacts(outcomes, out)
    print(table(outcomes))
    if "--kinds-only" in sys.argv:
        return
    env = dict(os.environ, PAGEVET_ARTIFACTS=str(out))
    here = Path(__file__).parent
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(here / "test_crash.py"),
         "-k", "20_points or simultaneous"],
        env=env, check=False,
    )  # fmt: skip
    for name in ("kills", "concurrent"):
        path = out / f"hostile-{name}.json"
        data = json.loads(path.read_text()) if path.exists() else None
        if name == "kills":
            print(
                f"\nkills survived: {data['survived']}/{data['of']}" if data else "\nkills: not run"
            )
        else:
            print(f"concurrent starts: {data['sound']}/{data['starts']} sound, one version made"
                  if data else "concurrent: not run")  # fmt: skip
    print(f"\n(artifacts in {out})")


if __name__ == "__main__":
    main()
