"""Crash safety, concurrency and IO failures of `pagevet build`, through the real entry point.

A build is killed with SIGKILL at each of its 20 fault points (PAGEVET_FAULT, see
pagevet/faults.py); after every kill no partial version is visible, LATEST names a complete
version, every version verifies, and the next build succeeds and removes what the killed one
left. Five builds started at once never make two versions with one number.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile_runner import PAGEVET, good_pages, make_dataset, pagevet_env  # noqa: E402

from pagevet.faults import BUILD_POINTS  # noqa: E402
from pagevet.store.manifest import verify_folder  # noqa: E402
from pagevet.versions import list_versions  # noqa: E402

ARTIFACTS = os.environ.get("PAGEVET_ARTIFACTS")


def _build(root: Path, *args: str, fault: str | None = None, env: dict | None = None):
    env = dict(env or pagevet_env())
    if fault:
        env["PAGEVET_FAULT"] = fault
    return subprocess.run(
        [PAGEVET, "build", "news", *args], cwd=root, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip


def _add_page(ds: Path, n: int) -> None:
    text = f"Tin thử nghiệm số {n}\n\n" + "\n".join(
        f"Câu {i} của bài {n}: người dân trong xã chăm sóc đồi chè sau mùa mưa." for i in range(6)
    )
    (ds / "raw/good" / f"{900 + n:03d}_{n:016x}.txt").write_text(text, "utf-8")


def _state(ds: Path) -> dict:
    """What a reader of versions/ sees, and whether it is sound."""
    versions = ds / "versions"
    built = list_versions(versions)
    latest = (
        (versions / "LATEST").read_text("utf-8").strip() if (versions / "LATEST").exists() else None
    )
    problems = {v: verify_folder(versions / f"v{v}") for v in built}
    return {
        "versions": built,
        "latest": latest,
        "problems": {v: p for v, p in problems.items() if p},
        "leftovers": sorted(
            p.name for p in versions.iterdir() if p.name.startswith((".building-", ".LATEST", ".v"))
        )
        if versions.is_dir()
        else [],  # fmt: skip
    }


def _sound(state: dict) -> None:
    assert not state["problems"], state
    if state["versions"]:
        assert state["latest"] and state["latest"].removeprefix("v") in state["versions"], state


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("crash")
    good, _ = good_pages(base / "_cache")
    root = base / "p"
    make_dataset(root, good)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    return root


def test_a_build_killed_at_any_of_22_points_leaves_every_version_sound(project: Path) -> None:
    ds = project / "news"
    assert len(BUILD_POINTS) == 22
    survived = []
    for n, point in enumerate(BUILD_POINTS, start=1):
        _add_page(ds, n)  # something changed: every build reaches every point
        before = _state(ds)
        killed = _build(project, fault=point)
        assert killed.returncode == -signal.SIGKILL, (
            point,
            killed.returncode,
            killed.stderr[-2000:],
        )
        after = _state(ds)
        _sound(after)
        # a version appears whole or not at all: only at and after the rename
        appeared = set(after["versions"]) - set(before["versions"])
        assert len(appeared) <= 1 and (not appeared or BUILD_POINTS.index(point) >= BUILD_POINTS.index("renamed")), (point, after)  # fmt: skip
        survived.append(point)
    recovered = _build(project)
    assert recovered.returncode == 0, recovered.stderr
    final = _state(ds)
    _sound(final)
    assert final["leftovers"] == [], final  # the next build removed what the killed ones left
    # LATEST is the newest version: a LATEST left behind ("renamed") was repaired, not fatal
    assert final["latest"] == f"v{final['versions'][-1]}"
    numbers = final["versions"]
    assert len(numbers) == len(set(numbers))
    verify = subprocess.run([PAGEVET, "verify", "news"], cwd=project, env=pagevet_env(), capture_output=True, text=True)  # fmt: skip
    assert verify.returncode == 0, verify.stderr
    _report(
        "kills",
        {
            "survived": len(survived),
            "of": len(BUILD_POINTS),
            "points": survived,
            "versions": numbers,
        },
    )


def _report(name: str, data: dict) -> None:
    if ARTIFACTS:
        Path(ARTIFACTS).mkdir(parents=True, exist_ok=True)
        (Path(ARTIFACTS) / f"hostile-{name}.json").write_text(json.dumps(data, indent=1), "utf-8")


def _group_alive(pgid: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_worker_processes_die_with_a_killed_build(tmp_path: Path) -> None:
    good, _ = good_pages(tmp_path / "_cache")
    make_dataset(tmp_path, good)
    for n in range(300):  # two reader batches, so the worker pool starts
        (tmp_path / "news/raw/good" / f"p{n:04d}.txt").write_text(
            f"Tin {n}\n\nNội dung ngắn số {n}.\n", "utf-8"
        )
    env = pagevet_env() | {"PAGEVET_WORKERS": "2", "PAGEVET_FAULT": "parsing"}
    proc = subprocess.Popen([PAGEVET, "build", "news"], cwd=tmp_path, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    proc.wait(timeout=600)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while (alive := _group_alive(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == [], f"orphan worker processes: {alive}"


def test_five_simultaneous_builds_make_one_version_per_number(
    project: Path, tmp_path: Path
) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    _add_page(root / "news", 77)
    before = set(list_versions(root / "news/versions"))
    procs = [
        subprocess.Popen(
            [PAGEVET, "build", "news", "--format", "json"],
            cwd=root,
            env=pagevet_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(5)
    ]
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in procs]
    created = [
        json.loads(out)["version"]
        for code, out, _ in results
        if code == 0 and json.loads(out)["created"]
    ]
    refused = [err for code, _, err in results if code == 2]
    for code, _out, err in results:
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert "another build of news is running (pid " in err, err
    assert len(created) == 1 and len(set(created)) == len(created), results
    state = _state(root / "news")
    _sound(state)
    assert set(state["versions"]) - before == set(created)
    assert (
        len(created)
        + len(refused)
        + sum(1 for c, o, _ in results if c == 0 and not json.loads(o)["created"])
        == 5
    )
    _report("concurrent", {"starts": 5, "sound": 5, "created": created, "refused": len(refused)})


def test_a_stale_lock_of_a_dead_build_is_taken_over(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    dead = subprocess.Popen(["true"])
    dead.wait()
    (root / "news/versions/.lock").write_text(f"{dead.pid}\n", "utf-8")
    (root / "news/versions/.building-stale123").mkdir()
    _add_page(root / "news", 88)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    assert not (root / "news/versions/.building-stale123").exists()


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


def _in_mount_namespace(root: Path, mount: str, env: dict) -> subprocess.CompletedProcess[str]:
    script = f"{mount} && exec {PAGEVET} build news"
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=root, env=env, capture_output=True, text=True, timeout=600)  # fmt: skip


def _nothing_partial(versions: Path, before: set[str]) -> None:
    assert set(list_versions(versions)) == before
    assert not [p for p in versions.iterdir() if p.name.startswith(".building-")]


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm (user and mount namespaces)")
def test_a_full_disk_fails_cleanly_with_exit_2(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    _add_page(root / "news", 99)
    versions = root / "news/versions"
    # a 64 KiB file system over versions/: the lock fits, the version does not
    done = _in_mount_namespace(root, f"mount -t tmpfs -o size=64k tmpfs {versions}", pagevet_env())
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and "Nothing was written" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_disk_full_at_any_write_leaves_nothing_partial(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    _add_page(root / "news", 98)
    versions = root / "news/versions"
    before = set(list_versions(versions))
    for point in ("tmp-created", "shard-written", "manifest-written"):
        done = _build(root, fault=f"enospc:{point}")
        assert done.returncode == 2, done.stderr
        assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
        _nothing_partial(versions, before)


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm (user and mount namespaces)")
def test_a_read_only_folder_fails_cleanly_with_exit_2(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(project, root)
    _add_page(root / "news", 97)
    versions = root / "news/versions"
    before = set(list_versions(versions))
    mount = f"mount --bind {versions} {versions} && mount -o remount,bind,ro {versions}"
    done = _in_mount_namespace(root, mount, pagevet_env())
    assert done.returncode == 2, done.stderr
    assert "Read-only file system" in done.stderr and "Traceback" not in done.stderr
    _nothing_partial(versions, before)
    shutil.rmtree(versions)
    fresh = root / "news"
    mount = f"mount --bind {fresh} {fresh} && mount -o remount,bind,ro {fresh}"
    done = _in_mount_namespace(root, mount, pagevet_env())
    assert done.returncode == 2 and "Read-only file system" in done.stderr, done.stderr
    assert not versions.exists()
