"""Publishing versions with the real huggingface_hub / datasets clients against the test Hub."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import huggingface_hub.constants as hf_constants
import pyarrow.parquet as pq
import pytest
from hub_server import HubServer
from hub_testdata import TOKEN, rows_for, write_version
from huggingface_hub import HfApi

from pagevet.errors import PagevetError
from pagevet.hub import PublishPlan, apply_plan, plan_publish

REPO = "pagevet/vn-news"


def publish(version_dir: Path, hub: HubServer, **kwargs: Any) -> tuple[PublishPlan, Any]:
    plan = plan_publish(version_dir, REPO, token=TOKEN, endpoint=hub.url)
    return plan, apply_plan(plan, token=TOKEN, **kwargs)


def folder_files(version_dir: Path) -> dict[str, bytes]:
    return {
        p.relative_to(version_dir).as_posix(): p.read_bytes()
        for p in version_dir.rglob("*")
        if p.is_file()
    }


def v1_1(dataset_dir: Path) -> Path:
    """v1.1.0: train rows changed, the test split (one file) removed, card and manifest updated."""
    return write_version(
        dataset_dir, "1.1.0", parent="1.0.0", splits={"train": rows_for("1.1.0", 7)}
    )


def test_publish_puts_the_version_byte_for_byte_at_its_tag(
    hub: HubServer, dataset_dir: Path, tmp_path: Path
) -> None:
    v1 = write_version(dataset_dir, "1.0.0")

    plan, result = publish(v1, hub)

    assert not plan.repo_exists and plan.parent_commit is None
    assert {op.op for op in plan.operations} == {"add"}
    assert result.committed and result.tagged and result.tag == "v1.0.0"
    assert hub.commit_count(REPO) == 2  # the Hub's initial .gitattributes commit + ours
    assert hub.repo(REPO).tags == {"v1.0.0": result.commit}
    at_tag = hub.files_at(REPO, "v1.0.0")
    assert at_tag.pop(".gitattributes")
    assert at_tag == folder_files(v1)
    # The same through the real download client (HEAD for metadata, GET for bytes).
    downloaded = Path(
        HfApi(endpoint=hub.url).snapshot_download(
            REPO, repo_type="dataset", revision="v1.0.0", local_dir=tmp_path / "snapshot"
        )
    )
    assert {
        path: data for path, data in folder_files(downloaded).items() if not path.startswith(".")
    } == folder_files(v1)
    assert hub.unhandled == []


def test_parquet_goes_through_lfs_and_text_files_are_regular_blobs(
    hub: HubServer, dataset_dir: Path
) -> None:
    publish(write_version(dataset_dir, "1.0.0"), hub)

    commit = hub.repo(REPO).commits[hub.repo(REPO).tags["v1.0.0"]]
    lfs = sorted(path for path, blob in commit.files.items() if blob.lfs)
    assert lfs == [
        "data/test-00000-of-00001.parquet",
        "data/train-00000-of-00001.parquet",
        "raw/train-00000-of-00001.parquet",
    ]
    puts = [r for r in hub.requests if r.method == "PUT"]
    assert len(puts) == 3 and all(r.path.startswith("/_lfs_storage/") for r in puts)
    assert not any("xet" in r.path for r in hub.requests)


def test_load_dataset_at_the_tag_returns_the_local_rows(
    hub: HubServer, dataset_dir: Path, load_revision: Callable[..., dict[str, Any]]
) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    publish(v1, hub)

    loaded = load_revision(REPO, "v1.0.0", local_dir=v1)

    expected = {
        split: pq.read_table(v1 / "data" / f"{split}-00000-of-00001.parquet").to_pylist()
        for split in ("train", "test")
    }
    assert loaded["hub"] == expected
    assert loaded["local"] == expected
    raw = load_revision(REPO, "v1.0.0", name="raw")
    assert raw["hub"] == {
        "train": pq.read_table(v1 / "raw" / "train-00000-of-00001.parquet").to_pylist()
    }
    assert hub.unhandled == []


def test_publishing_again_is_a_noop(hub: HubServer, dataset_dir: Path) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    _, first = publish(v1, hub)
    commits, writes, state = hub.commit_count(REPO), len(hub.write_requests()), hub.fingerprint()

    plan, again = publish(v1, hub)

    assert plan.is_noop and plan.operations == () and plan.tag_commit == first.commit
    assert set(plan.unchanged) == set(folder_files(v1))
    assert (again.committed, again.tagged, again.commit) == (False, False, first.commit)
    assert hub.commit_count(REPO) == commits
    assert len(hub.write_requests()) == writes
    assert hub.fingerprint() == state


def test_a_new_version_is_one_commit_with_updates_and_deletes(
    hub: HubServer, dataset_dir: Path
) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    _, first = publish(v1, hub)
    v11 = v1_1(dataset_dir)

    plan, result = publish(v11, hub)

    ops = {op.path: op.op for op in plan.operations}
    assert ops["data/train-00000-of-00001.parquet"] == "update"
    assert ops["data/test-00000-of-00001.parquet"] == "delete"
    assert ops["manifest.json"] == "update"
    assert ".gitattributes" not in ops
    assert "croissant.json" in plan.unchanged
    assert plan.parent_commit == first.commit
    assert hub.commit_count(REPO) == 3
    assert hub.repo(REPO).commits[result.commit].parent == first.commit
    at_tag = hub.files_at(REPO, "v1.1.0")
    assert at_tag.pop(".gitattributes")
    assert at_tag == folder_files(v11)
    # The old tag still serves the old version.
    assert {p: d for p, d in hub.files_at(REPO, "v1.0.0").items() if p != ".gitattributes"} == (
        folder_files(v1)
    )
    assert hub.repo(REPO).branches["main"] == result.commit


def test_a_commit_pushed_between_plan_and_apply_is_refused(
    hub: HubServer, dataset_dir: Path
) -> None:
    _, first = publish(write_version(dataset_dir, "1.0.0"), hub)
    plan = plan_publish(v1_1(dataset_dir), REPO, token=TOKEN, endpoint=hub.url)
    other = HfApi(endpoint=hub.url, token=TOKEN).upload_file(
        path_or_fileobj=b"someone else's change\n",
        path_in_repo="NOTES.md",
        repo_id=REPO,
        repo_type="dataset",
    )

    expected = (
        f"the repo changed since the plan was made (expected parent {first.commit}, "
        f"found {other.oid}): re-run publish"
    )
    with pytest.raises(PagevetError, match=re.escape(expected)):
        apply_plan(plan, token=TOKEN)

    assert hub.commit_count(REPO) == 3  # initial, v1.0.0, the other one: nothing of ours
    assert "v1.1.0" not in hub.repo(REPO).tags
    # A fresh plan builds on the new head and removes the stray file.
    replan, result = publish(Path(plan.version_dir), hub)
    assert replan.parent_commit == other.oid
    assert ("delete", "NOTES.md") in {(op.op, op.path) for op in replan.operations}
    assert result.committed and "NOTES.md" not in hub.files_at(REPO, "v1.1.0")


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (
            lambda v: v.joinpath("data/train-00000-of-00001.parquet").write_bytes(b"PAR1 tampered"),
            "data/train-00000-of-00001.parquet",
        ),
        (
            lambda v: v.joinpath("raw/train-00000-of-00001.parquet").unlink(),
            "raw/train-00000-of-00001.parquet",
        ),
        (lambda v: v.joinpath("data/extra.parquet").write_bytes(b"x"), "data/extra.parquet"),
        (lambda v: v.joinpath("README.md").write_text("edited", encoding="utf-8"), "README.md"),
    ],
    ids=["changed", "missing", "unlisted", "edited-card"],
)
def test_a_tampered_folder_fails_verification_before_any_request(
    hub: HubServer, dataset_dir: Path, damage: Callable[[Path], Any], named: str
) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    damage(v1)

    with pytest.raises(PagevetError, match=re.escape(named)):
        plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url)
    assert hub.requests == []


def test_a_folder_changed_after_planning_is_refused_at_apply(
    hub: HubServer, dataset_dir: Path
) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    plan = plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url)
    (v1 / "croissant.json").write_text("{}", encoding="utf-8")

    with pytest.raises(PagevetError, match="croissant.json"):
        apply_plan(plan, token=TOKEN)
    assert hub.write_requests() == []


def test_a_failed_release_suite_is_refused_unless_forced(hub: HubServer, dataset_dir: Path) -> None:
    v1 = write_version(dataset_dir, "1.0.0", release_success=False)
    plan = plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url)
    assert plan.release_success is False
    assert any("release suite failed" in b for b in plan.to_dict()["blockers"])

    with pytest.raises(PagevetError, match=r"release suite failed .*force=True"):
        apply_plan(plan, token=TOKEN)
    assert hub.write_requests() == []

    result = apply_plan(plan, token=TOKEN, force=True)
    assert result.committed and result.tagged


def test_a_tag_on_different_files_is_refused(hub: HubServer, tmp_path: Path) -> None:
    publish(write_version(tmp_path / "a" / "vn-news", "1.0.0"), hub)
    other = write_version(
        tmp_path / "b" / "vn-news", "1.0.0", splits={"train": rows_for("other", 3)}
    )
    state = hub.fingerprint()

    plan = plan_publish(other, REPO, token=TOKEN, endpoint=hub.url)
    assert plan.tag_exists and plan.tag_matches_version is False and not plan.is_noop
    with pytest.raises(PagevetError, match=r"tag v1\.0\.0 already exists .* immutable"):
        apply_plan(plan, token=TOKEN, force=True)
    assert hub.fingerprint() == state


def test_the_dry_run_plan_lists_operations_with_sha256_and_touches_nothing(
    hub: HubServer, dataset_dir: Path
) -> None:
    _, first = publish(write_version(dataset_dir, "1.0.0"), hub)
    v11 = v1_1(dataset_dir)
    state, requests = hub.fingerprint(), len(hub.requests)

    plan = plan_publish(v11, REPO, token=TOKEN, endpoint=hub.url)
    as_json = json.loads(json.dumps(plan.to_dict()))

    assert hub.fingerprint() == state
    assert all(r.method == "GET" for r in hub.requests[requests:])
    assert as_json["parent_commit"] == first.commit
    assert as_json["tag"] == {
        "name": "v1.1.0",
        "exists": False,
        "commit": None,
        "matches_version": None,
    }
    assert as_json["noop"] is False and as_json["blockers"] == []
    for op in as_json["operations"]:
        if op["op"] == "delete":
            assert op["sha256"] is None and op["remote"]["sha256"]  # an LFS parquet file
        else:
            data = (v11 / op["path"]).read_bytes()
            assert op["sha256"] == hashlib.sha256(data).hexdigest() and op["bytes"] == len(data)
    assert [(op["op"], op["path"]) for op in as_json["operations"]] == [
        ("update", "README.md"),
        ("update", "data/train-00000-of-00001.parquet"),
        ("update", "manifest.json"),
        ("update", "raw/train-00000-of-00001.parquet"),
        ("delete", "data/test-00000-of-00001.parquet"),
    ]
    assert as_json["unchanged"] == [
        "croissant.json",
        "validation/pages.json",
        "validation/release.json",
    ]


@pytest.fixture
def all_logs() -> Iterator[list[str]]:
    """Every record of every logger, at DEBUG, formatted with its arguments."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect(level=logging.DEBUG)
    loggers = [
        logging.getLogger(),
        logging.getLogger("huggingface_hub"),
        logging.getLogger("pagevet"),
    ]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield records
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_the_token_never_appears_in_plans_results_errors_or_logs(
    hub: HubServer,
    dataset_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    all_logs: list[str],
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)  # taken from the environment, not an argument
    monkeypatch.setattr(hf_constants, "HF_DEBUG", True)  # huggingface_hub logs every request
    v1 = write_version(dataset_dir, "1.0.0")

    plan = plan_publish(v1, REPO, endpoint=hub.url)
    result = apply_plan(plan)
    stale_plan = plan_publish(v1_1(dataset_dir), REPO, endpoint=hub.url)
    HfApi(endpoint=hub.url).upload_file(
        path_or_fileobj=b"x\n", path_in_repo="x.md", repo_id=REPO, repo_type="dataset"
    )
    with pytest.raises(PagevetError) as stale:
        apply_plan(stale_plan)
    monkeypatch.setenv("HF_TOKEN", TOKEN[::-1])
    with pytest.raises(PagevetError, match="HTTP 401") as rejected:
        plan_publish(v1, REPO, endpoint=hub.url)

    assert result.tagged and any(
        "Authorization" in line or "authenticated" in line for line in all_logs
    )
    seen = [
        json.dumps(plan.to_dict()),
        repr(plan),
        json.dumps(result.to_dict()),
        repr(result),
        str(stale.value),
        str(rejected.value),
        *all_logs,
        *capfd.readouterr(),
    ]
    for text in seen:
        assert TOKEN not in text and TOKEN[::-1] not in text


def test_a_token_from_the_stored_login_is_used(hub: HubServer, dataset_dir: Path) -> None:
    Path(hf_constants.HF_TOKEN_PATH).parent.mkdir(parents=True, exist_ok=True)
    Path(hf_constants.HF_TOKEN_PATH).write_text(TOKEN, encoding="utf-8")
    plan = plan_publish(write_version(dataset_dir, "1.0.0"), REPO, endpoint=hub.url)

    assert apply_plan(plan).tagged


def test_publishing_without_a_token_is_refused(hub: HubServer, dataset_dir: Path) -> None:
    plan = plan_publish(write_version(dataset_dir, "1.0.0"), REPO, endpoint=hub.url)

    with pytest.raises(PagevetError, match="needs a Hugging Face token"):
        apply_plan(plan)
    assert hub.write_requests() == []


def test_a_private_repo_is_created_private(hub: HubServer, dataset_dir: Path) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    plan = plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url, private=True)
    apply_plan(plan, token=TOKEN)

    assert hub.repo(REPO).private
    assert not HfApi(endpoint=hub.url, token=False).repo_exists(REPO, repo_type="dataset")
    assert plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url).is_noop


def test_a_plan_is_applied_only_to_its_endpoint(hub: HubServer, dataset_dir: Path) -> None:
    plan = plan_publish(write_version(dataset_dir, "1.0.0"), REPO, token=TOKEN, endpoint=hub.url)

    with pytest.raises(PagevetError, match="the plan was made against"):
        apply_plan(plan, token=TOKEN, endpoint="https://huggingface.co")


def test_a_bad_repo_id_or_missing_branch_is_explained(hub: HubServer, dataset_dir: Path) -> None:
    v1 = write_version(dataset_dir, "1.0.0")
    with pytest.raises(PagevetError, match="<namespace>/<name>"):
        plan_publish(v1, "vn-news", token=TOKEN, endpoint=hub.url)
    publish(v1, hub)
    with pytest.raises(PagevetError, match="has no branch 'release'"):
        plan_publish(v1, REPO, token=TOKEN, endpoint=hub.url, revision="release")


def test_a_repo_created_by_someone_else_after_planning_is_refused(
    hub: HubServer, dataset_dir: Path
) -> None:
    plan = plan_publish(write_version(dataset_dir, "1.0.0"), REPO, token=TOKEN, endpoint=hub.url)
    other = HfApi(endpoint=hub.url, token=TOKEN)
    other.create_repo(REPO, repo_type="dataset")
    theirs = other.upload_file(
        path_or_fileobj=b"theirs\n", path_in_repo="THEIRS.md", repo_id=REPO, repo_type="dataset"
    )

    with pytest.raises(PagevetError, match=f"expected parent no repo, found {theirs.oid}"):
        apply_plan(plan, token=TOKEN)
    assert hub.commit_count(REPO) == 2 and hub.repo(REPO).tags == {}
