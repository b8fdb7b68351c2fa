"""Run `pagevet` on every hostile kind and measure: exit code, the one-line message, good pages
kept, peak RSS, wall time. Used by test_hostile.py and by `python tests/hostile/table.py`."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
for _folder in (TESTS, TESTS.parent / "tools"):  # tests/ helpers; tools/ holds samplegen
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from hostile_kinds import ALL_KINDS, Kind  # noqa: E402

PAGEVET = str(Path(sys.executable).with_name("pagevet"))
TIMEOUT = 240  # seconds; a kind that takes longer is reported as a hang
SMOKE = {
    "name": "smoke",
    "expectations": [
        {
            "type": "expect_column_values_to_not_be_null",
            "kwargs": {"column": "id"},
            "meta": {},
            "severity": "critical",
        },  # fmt: skip
        {
            "type": "expect_column_values_to_be_unique",
            "kwargs": {"column": "id"},
            "meta": {},
            "severity": "critical",
        },  # fmt: skip
    ],
    "meta": {},
}
RECIPE = """name = "news"
license = "cc-by-4.0"
languages = ["vi", "en"]
suites = ["checks/smoke.json"]
release_suite = ""

[[sources]]
path = "raw"

[split]
train = 0.8
validation = 0.1
test = 0.1
"""


@dataclass
class Outcome:
    kind: str
    scope: str
    command: str
    exit_code: int | None  # None: killed after TIMEOUT (a hang)
    message: str
    good_total: int
    good_kept: int
    peak_rss_mb: float
    seconds: float
    stderr: str
    hostile_rows: int = 0
    machine_paths: int = 0  # places in the built version that hold the machine's folder path

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def good_pages(cache: Path) -> tuple[Path, list[str]]:
    """A folder of good pages (four text dumps and two JSONL records from the bundled sample
    generator) and their ids."""
    folder = cache / "good"
    if not folder.is_dir():
        from samplegen import write_sample

        sample = cache / "sample"
        write_sample(sample / "news", pages=60, seed=11)
        folder.mkdir(parents=True)
        texts = sorted((sample / "news/raw/thoibaohoanvu").glob("*.txt"))[:4]
        for page in texts:
            shutil.copy(page, folder / page.name)
        lines = (sample / "news/raw/dailyexample/pages.jsonl").read_text("utf-8").splitlines()[:2]
        (folder / "pages.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    ids = [p.name.split("_", 1)[1].removesuffix(".txt") for p in sorted(folder.glob("*.txt"))]
    ids += [
        json.loads(line)["id"] for line in (folder / "pages.jsonl").read_text("utf-8").splitlines()
    ]
    return folder, ids


def make_dataset(root: Path, good: Path) -> Path:
    """root/checks/smoke.json, root/pyproject.toml and the dataset root/news with raw/good."""
    (root / "checks").mkdir(parents=True, exist_ok=True)
    (root / "checks/smoke.json").write_text(json.dumps(SMOKE, indent=1), "utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'hostile'\n", "utf-8")
    ds = root / "news"
    (ds / "raw").mkdir(parents=True, exist_ok=True)
    shutil.copytree(good, ds / "raw/good")
    (ds / "dataset.toml").write_text(RECIPE, "utf-8")
    return ds


def run_measured(
    args: list[str], cwd: Path, env: dict[str, str], during=None
) -> tuple[int | None, str, str, float, float]:
    """Run a command; (exit code or None on timeout, stdout, stderr, peak RSS MiB of the
    command and its descendants, seconds)."""
    started = time.monotonic()
    with open(cwd / ".stdout", "w+b") as out, open(cwd / ".stderr", "w+b") as err:
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        if during:
            threading.Thread(target=during, daemon=True).start()
        timer = threading.Timer(TIMEOUT, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = (
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    seconds = time.monotonic() - started
    code = None if proc.returncode == -signal.SIGKILL and seconds >= TIMEOUT else proc.returncode
    # ru_maxrss (KiB on Linux) of the command itself; its worker processes report through it
    return code, stdout, stderr, usage.ru_maxrss / 1024, seconds


def pagevet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(PAGEVET_WORKERS="1", HF_HUB_OFFLINE="1", HF_UPDATE_DOWNLOAD_COUNTS="0",
               HF_HUB_DISABLE_TELEMETRY="1", GX_ANALYTICS_ENABLED="false")  # fmt: skip
    env.pop("PAGEVET_FAULT", None)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _version_rows(ds: Path) -> tuple[list[dict], list[dict]]:
    import pyarrow.parquet as pq

    latest = (ds / "versions/LATEST").read_text("utf-8").strip()
    folder = ds / "versions" / latest
    data = [r for p in sorted((folder / "data").glob("*.parquet"))
            for r in pq.read_table(p, columns=["id", "path"]).to_pylist()]  # fmt: skip
    raw = [r for p in sorted((folder / "raw").glob("*.parquet"))
           for r in pq.read_table(p, columns=["id", "path", "read_error", "findings"]).to_pylist()]  # fmt: skip
    return data, raw


def _machine_paths(ds: Path, raw: list[dict], root: str) -> int:
    """How many values of the version (text files, and the path, read_error and findings of
    every row) hold `root`: published files must not carry the build machine's paths."""
    latest = (ds / "versions/LATEST").read_text("utf-8").strip()
    texts = [p.read_text("utf-8", "replace") for p in (ds / "versions" / latest).rglob("*")
             if p.is_file() and p.suffix in (".md", ".json")]  # fmt: skip
    values = [
        json.dumps([r["path"], r["read_error"], r["findings"]], ensure_ascii=False) for r in raw
    ]
    return sum(root in value for value in texts + values)


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


def run_kind(
    kind: Kind, base: Path, good: Path, good_ids: list[str], base_version: Path | None = None
) -> Outcome:
    root = base / kind.name.replace("/", "-").replace(" ", "_")
    if root.exists():
        shutil.rmtree(root)
    env = pagevet_env()
    if kind.scope == "argument" and base_version is not None:
        shutil.copytree(base_version, root)
        ds = root / "news"
    else:
        ds = make_dataset(root, good)
    hostile = ds / "raw/hostile"
    if kind.scope == "input":
        hostile.mkdir(parents=True, exist_ok=True)
        kind.make(hostile)
        args = [PAGEVET, "build", "news", "--format", "json"]
    elif kind.scope == "recipe":
        kind.make(ds)
        args = [PAGEVET, "build", "news", "--format", "json"]
    else:
        kind.make(ds)
        args = [PAGEVET, *(a.replace("{ds}", "news") for a in kind.args)]
    during = (lambda: kind.during(hostile)) if kind.during else None
    code, stdout, stderr, rss, seconds = run_measured(args, root, env, during)
    kept, message, hostile_rows, machine = 0, _first_line(stderr), 0, 0
    if kind.scope == "input" and code == 0:
        data, raw = _version_rows(ds)
        ids = {r["id"] for r in data}
        kept = sum(i in ids for i in good_ids)
        machine = _machine_paths(ds, raw, str(root.resolve()))
        bad = [r for r in raw if r["path"].startswith("raw/hostile/")]
        hostile_rows = len(bad)
        # as `pagevet check` shows a finding: the page's path, then the message
        messages = [
            f["message"] if f["message"].startswith(r["path"]) else f"{r['path']}: {f['message']}"
            for r in bad
            for f in (r["findings"] or [])
            if f["rule"] in ("unreadable-page", "encoding-error")
        ]
        message = (
            messages[0]
            if messages
            else (
                f"{len(bad)} page(s) read, no reader finding"
                if bad
                else "no page (nothing to read)"
            )
        )
    elif kind.scope == "argument":
        message = _first_line(stderr) or _first_line(stdout)
    return Outcome(
        kind=kind.name,
        scope=kind.scope,
        command=" ".join(a if a != PAGEVET else "pagevet" for a in args),
        exit_code=code,
        message=message[:300],
        good_total=len(good_ids) if kind.scope == "input" else 0,
        good_kept=kept,
        peak_rss_mb=round(rss, 1),
        seconds=round(seconds, 1),
        stderr=stderr[-3000:],
        hostile_rows=hostile_rows,
        machine_paths=machine if kind.scope == "input" and code == 0 else 0,
    )


def base_version(base: Path, good: Path) -> Path:
    """A project with v1.0.0 of the good pages built (argument kinds run against a copy)."""
    root = base / "_base"
    if not (root / "news/versions/LATEST").is_file():
        if root.exists():
            shutil.rmtree(root)
        make_dataset(root, good)
        code, _, stderr, _, _ = run_measured(
            [PAGEVET, "build", "news", "--version", "1.0.0"], root, pagevet_env()
        )
        assert code == 0, stderr
    return root


def run_all(base: Path, kinds: list[Kind] | None = None, parallel: int = 2) -> list[Outcome]:
    base.mkdir(parents=True, exist_ok=True)
    good, ids = good_pages(base / "_cache")
    kinds = ALL_KINDS if kinds is None else kinds
    version = base_version(base, good) if any(k.scope == "argument" for k in kinds) else None

    def safely(kind: Kind) -> Outcome:
        try:
            return run_kind(kind, base, good, ids, version)
        except Exception as error:  # a broken kind is a failed row, not a lost run
            return Outcome(kind.name, kind.scope, "", -1, f"runner error: {error!r}"[:300],
                           0, 0, 0.0, 0.0, repr(error))  # fmt: skip

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(safely, kinds))


def table(outcomes: list[Outcome]) -> str:
    lines = [
        "| kind | exit | message | good pages kept | peak RSS (MiB) | s |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        kept = f"{o.good_kept}/{o.good_total}" if o.scope == "input" else "n/a"
        message = o.message.replace("|", "\\|").replace("\n", " ")
        code = "HANG" if o.exit_code is None else str(o.exit_code)
        lines.append(
            f"| {o.kind} | {code} | {message} | {kept} | {o.peak_rss_mb:.0f} | {o.seconds:.0f} |"
        )
    return "\n".join(lines)


def write_artifacts(outcomes: list[Outcome], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.json").write_text(
        json.dumps([asdict(o) for o in outcomes], indent=1), "utf-8"
    )
    path = folder / "hostile.md"
    path.write_text(table(outcomes) + "\n", "utf-8")
    return path


def max_rss_children_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
