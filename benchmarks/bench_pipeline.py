"""Benchmark `pagevet check` and `pagevet build` beside datatrove's four quality filters.

    python benchmarks/bench_pipeline.py --pages 2000 [--real DIR] [--scales 1 2 4]
    python benchmarks/bench_pipeline.py --pages 40000 --real-jsonl /work/shared/eval/*/docs.jsonl

A corpus of N generated pages (one text dump per file, the sample generator's sites, defects
and duplicates) is written to a work folder, plus every page file under `--real DIR` (or the
`text` of every record of `--real-jsonl` files, written as text dumps at run time and never
kept). Then, for each scale (N, 2N, 4N generated pages + the real ones):

- `pagevet check` (the CLI, default workers, `--format jsonl` to /dev/null),
- `pagevet build` of a recipe over the corpus (a first, full build),
- `pagevet build` again after 1 % of the pages changed (incremental rebuild), at the first
  scale (or those of `--incremental-scales`),
- datatrove: a reader of the same files -> GopherQuality -> GopherRepetition -> C4Quality ->
  FineWebQuality, on `LocalPipelineExecutor` with one task in one process (its worker
  processes are forkserver grandchildren whose CPU time cannot be counted; pages per
  CPU-second is the comparison, its wall MB/s is for one core). It lives in its own venv (`--datatrove-venv`, created with pip on first use);
  the column is skipped when it cannot be installed. Its defaults stand except one: common
  Vietnamese function words join Gopher's English stop words (with English defaults every
  Vietnamese article fails "gopher_enough_stop_words"). C4's terminal-punctuation line rule
  is off: it rewrites text rather than judging the page.

Every contender runs as a child process; CPU seconds are its user + system time including
its worker processes (os.wait4), MB/s is input bytes per wall second, peak RSS is the largest
sum of the resident sizes of the child and its descendants, sampled every 50 ms ("tree") and
the largest resident size of any one of them, from the same samples (not ru_maxrss: Linux
keeps a forked child's pre-exec size in it, so a spawned worker reported its parent's size at
the fork). The machine is shared: prefer CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATATROVE_VERSION = "0.10.1"

# A few hundred of the most frequent Vietnamese function words: datatrove's Gopher filter needs
# at least two stop words per document and ships only English ones.
VI_STOP_WORDS = [
    "và",
    "của",
    "là",
    "có",
    "được",
    "cho",
    "không",
    "những",
    "các",
    "một",
    "trong",
    "với",
    "đã",
    "này",
    "người",
    "để",
    "khi",
    "đến",
    "từ",
    "thì",
    "cũng",
    "về",
    "như",
    "ra",
    "sẽ",
    "nhưng",
    "đang",
    "vào",
    "lại",
    "theo",
    "năm",
    "tại",
    "sau",
    "nhiều",
    "trên",
    "còn",
    "hơn",
    "đó",
    "rất",
    "mà",
    "do",
    "bị",
    "nên",
    "nếu",
    "vì",
    "chỉ",
    "việc",
    "phải",
]

DATATROVE_RUNNER = r'''
import json, sys, time
from pathlib import Path
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import (
    C4QualityFilter, FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter,
)
from datatrove.pipeline.filters.gopher_quality_filter import STOP_WORDS

spec = json.loads(sys.argv[1])
files = [l for l in Path(spec["list"]).read_text("utf-8").splitlines() if l]

def read(data, rank=0, world_size=1):
    for i in range(rank, len(files), world_size):
        path = files[i]
        with open(path, encoding="utf-8", errors="replace") as f:
            yield Document(text=f.read(), id=path, metadata={})

class Count:
    """Last step: count the documents that passed every filter."""
    def __init__(self, out): self.out = out
    def __call__(self, data, rank=0, world_size=1):
        n = sum(1 for _ in data)
        Path(self.out, f"kept-{rank:05d}").write_text(str(n))
        return iter(())

if __name__ == "__main__":  # worker processes import this module again
    stop_words = list(STOP_WORDS) + spec["vi_stop_words"]
    pipeline = [
        read,
        GopherQualityFilter(stop_words=stop_words),
        GopherRepetitionFilter(),
        C4QualityFilter(filter_no_terminal_punct=False),
        FineWebQualityFilter(),
        Count(spec["out"]),
    ]
    LocalPipelineExecutor(
        pipeline=pipeline, tasks=1, workers=1,
        logging_dir=spec["logs"], skip_completed=False,
    ).run()
    kept = sum(int(p.read_text()) for p in Path(spec["out"]).glob("kept-*"))
    print(json.dumps({"kept": kept}))
'''


@dataclass
class Run:
    name: str
    wall: float
    cpu: float
    rss_tree_mb: float
    rss_max_mb: float
    exit_code: int
    note: str = ""


def _tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident KB of `root` and every descendant (from /proc), and of the largest one."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            pid, ppid, pages = int(entry), int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, largest, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        todo.extend(children.get(pid, []))
    return total, largest


def measure(name: str, command: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `command`, return wall and CPU seconds (with its children) and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, largest = _tree_rss_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = b"".join(stderr_chunks).decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        print(f"  {name} exited {proc.returncode}:\n{stderr[-3000:]}", file=sys.stderr)
    return Run(
        name,
        wall,
        usage.ru_utime + usage.ru_stime,
        peak[0] / 1024,
        peak[1] / 1024,
        proc.returncode,
    )


def generate(folder: Path, pages: int, seed: int) -> None:
    """`pages` generated pages as one text dump per file under folder/<site>/."""
    marker = folder / ".complete"
    if marker.exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tools")]
    try:
        from samplegen import generate_pages  # tools/samplegen (issue 9)
    except ImportError:
        from pagevet.sample import generate_pages  # before it moved
    for page in generate_pages(pages, seed):
        path = folder / page.site / f"{page.id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.text.encode("utf-8"))
    marker.write_text("ok")


def real_pages(folder: Path, dirs: list[Path], jsonl: list[Path]) -> int:
    """Copy page files from `dirs` and write the text of `jsonl` records as text dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for d in dirs:
        for path in sorted(p for p in d.rglob("*") if p.is_file()):
            shutil.copyfile(path, folder / f"dir{n:06d}_{path.name}")
            n += 1
    for file in jsonl:
        with file.open(encoding="utf-8") as f:
            for line in f:
                text = (json.loads(line).get("text") or "").strip()
                if text:
                    (folder / f"{file.parent.name}_{n:06d}.txt").write_text(text + "\n", "utf-8")
                    n += 1
    return n


def recipe(dataset: Path, corpus: Path) -> None:
    """A recipe over `corpus` gated by the repository's default suite, as a user's would be."""
    dataset.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "checks", dataset / "checks", dirs_exist_ok=True)
    (dataset / "dataset.toml").write_text(
        f'name = "bench"\nlicense = "cc-by-4.0"\nlanguages = ["vi", "en"]\n'
        f'description = "benchmark corpus"\n\n[[sources]]\npath = "{corpus}"\nallow_outside = true\n',
        "utf-8",
    )


def change_one_percent(corpus: Path, seed: int) -> int:
    files = sorted(p for p in corpus.rglob("*.txt"))
    chosen = random.Random(seed).sample(files, max(1, len(files) // 100))
    for path in chosen:
        with path.open("a", encoding="utf-8") as f:
            f.write("Bài viết được cập nhật lúc 10:05.\n")
    return len(chosen)


def datatrove_python(venv: Path) -> Path | None:
    """The venv's python with datatrove importable, created on first use; None if it cannot be."""
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import datatrove.pipeline.filters"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"installing datatrove=={DATATROVE_VERSION} into {venv} ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            # the filters import regex, and tokenise words with spaCy's blank pipelines
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                f"datatrove=={DATATROVE_VERSION}",
                "regex",
                "nltk",
                "spacy",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, OSError):
        pass
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print("datatrove could not be installed: its column is skipped", file=sys.stderr)
    return None


def run_datatrove(python: Path, files: list[Path], work: Path, tasks: int) -> tuple[Run, int]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    listing = work / "files.txt"
    listing.write_text("\n".join(str(f) for f in files), "utf-8")
    spec = {
        "list": str(listing),
        "out": str(work),
        "logs": str(work / "logs"),
        "tasks": tasks,
        "vi_stop_words": VI_STOP_WORDS,
    }
    script = work / "run_datatrove.py"
    script.write_text(DATATROVE_RUNNER, "utf-8")
    run = measure("datatrove", [str(python), str(script), json.dumps(spec)])
    kept = sum(int(p.read_text()) for p in work.glob("kept-*"))
    return run, kept


def pagevet_cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from pagevet.cli import main; main()", *args]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--pages", type=int, default=2000, help="generated pages at scale 1")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--real", type=Path, action="append", default=[], help="page folder")
    parser.add_argument("--real-jsonl", type=Path, nargs="+", default=[], help="docs.jsonl")
    parser.add_argument("--work", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora")
    parser.add_argument("--datatrove-venv", type=Path, default=Path("/tmp/pagevet-bench-dt"))
    parser.add_argument("--no-datatrove", action="store_true")
    parser.add_argument(
        "--datatrove-scales", type=int, nargs="+", help="run datatrove at these scales only"
    )
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument(
        "--incremental-scales",
        type=int,
        nargs="+",
        help="rebuild after 1 %% changed at these scales (default: the first scale only)",
    )
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="pagevet-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
        "HF_HUB_OFFLINE": "1",
        "HF_UPDATE_DOWNLOAD_COUNTS": "0",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    os.environ.update(env)
    workers = int(os.environ.get("PAGEVET_WORKERS") or os.cpu_count() or 1)
    dt_python = None if args.no_datatrove else datatrove_python(args.datatrove_venv)

    real = work / "real"
    shutil.rmtree(real, ignore_errors=True)
    n_real = real_pages(real, args.real, args.real_jsonl) if args.real or args.real_jsonl else 0

    started = time.perf_counter()
    help_run = measure("help", pagevet_cmd("--help"))
    rows: list[dict] = []
    try:
        for scale in args.scales:
            n = args.pages * scale
            corpus = work / f"corpus-{scale}x"
            generate(corpus / "generated", n, args.seed)
            if n_real:
                shutil.rmtree(corpus / "real", ignore_errors=True)
                shutil.copytree(real, corpus / "real")
            files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.name[0] != ".")
            mb = sum(p.stat().st_size for p in files) / 1e6
            pages = len(files)
            print(f"scale {scale}x: {pages} pages ({n_real} real), {mb:.1f} MB", file=sys.stderr)

            results: list[Run] = []
            if not args.no_check:
                results.append(
                    measure("check", pagevet_cmd("check", str(corpus), "--format", "jsonl"))
                )
            dataset = work / f"dataset-{scale}x"
            shutil.rmtree(dataset, ignore_errors=True)
            recipe(dataset, corpus)
            results.append(measure("build", pagevet_cmd("build", str(dataset))))
            inc_scales = args.incremental_scales or args.scales[:1]
            if scale in inc_scales and not args.no_incremental:
                changed = change_one_percent(corpus, args.seed)
                inc = measure("build (1% changed)", pagevet_cmd("build", str(dataset)))
                inc.note = f"{changed} pages changed"
                results.append(inc)
            kept = None
            if dt_python and (not args.datatrove_scales or scale in args.datatrove_scales):
                dt_run, kept = run_datatrove(dt_python, files, work / "datatrove", workers)
                dt_run.note = f"{kept}/{pages} kept"
                results.append(dt_run)
            for r in results:
                rows.append(
                    {
                        "scale": scale,
                        "pages": pages,
                        "mb": round(mb, 1),
                        "tool": r.name,
                        "wall_s": round(r.wall, 1),
                        "cpu_s": round(r.cpu, 1),
                        "pages_per_cpu_s": round(pages / r.cpu, 1) if r.cpu else None,
                        "mb_per_wall_s": round(mb / r.wall, 2),
                        "rss_tree_mb": round(r.rss_tree_mb),
                        "rss_max_mb": round(r.rss_max_mb),
                        "exit": r.exit_code,
                        "note": r.note,
                    }
                )
            print_table(rows, help_run.wall)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
                shutil.rmtree(dataset, ignore_errors=True)
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "help_s": help_run.wall}, indent=2))
    print(f"total benchmark time {time.perf_counter() - started:.0f} s", file=sys.stderr)


def print_table(rows: list[dict], help_seconds: float) -> None:
    print(f"\ncores: {os.cpu_count()}   load average: {os.getloadavg()[0]:.1f}   "
          f"`pagevet --help`: {help_seconds:.2f} s")  # fmt: skip
    header = (
        "| scale | pages | MB | tool | wall s | CPU s | pages/CPU-s | MB/s (wall) "
        "| peak RSS tree MB | max proc RSS MB | note |"
    )
    print(header)
    print("|---" * 11 + "|")
    for r in rows:
        print(
            f"| {r['scale']}x | {r['pages']} | {r['mb']} | {r['tool']} | {r['wall_s']} "
            f"| {r['cpu_s']} | {r['pages_per_cpu_s']} | {r['mb_per_wall_s']} "
            f"| {r['rss_tree_mb']} | {r['rss_max_mb']} | {r['note']} |"
        )
    by_scale: dict[int, dict[str, dict]] = {}
    for r in rows:
        by_scale.setdefault(r["scale"], {})[r["tool"]] = r
    for scale, tools in by_scale.items():
        dt = tools.get("datatrove")
        for name in ("check", "build"):
            if dt and name in tools and dt["pages_per_cpu_s"]:
                ratio = tools[name]["pages_per_cpu_s"] / dt["pages_per_cpu_s"]
                print(f"{scale}x: pagevet {name} / datatrove pages per CPU-s = {ratio:.1f}x")
        inc, full = tools.get("build (1% changed)"), tools.get("build")
        if inc and full:
            print(f"{scale}x: incremental build / full build wall = "
                  f"{inc['wall_s'] / full['wall_s']:.0%}, CPU = {inc['cpu_s'] / full['cpu_s']:.0%}")  # fmt: skip
    first = by_scale.get(min(by_scale), {}).get("build") if by_scale else None
    for scale, tools in by_scale.items():
        if first and "build" in tools and scale != min(by_scale):
            print(f"{scale}x: build peak RSS (tree) / {min(by_scale)}x = "
                  f"{tools['build']['rss_tree_mb'] / first['rss_tree_mb']:.2f}")  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
