"""pagevet build: Hub-layout versions, determinism, version numbers, immutability."""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from clirun import run_cli
from pagevet.errors import PagevetError
from pagevet.store.build import build_version
from pagevet.store.croissant import validate_croissant
from pagevet.store.manifest import read_manifest, sha256_file, verify_folder

from .conftest import copy_dataset, make_dataset

PAGEVET = str(Path(sys.executable).parent / "pagevet")


def test_layout_and_manifest(built):
    v = built / "versions" / "v1.0.0"
    assert (built / "versions" / "LATEST").read_text().strip() == "v1.0.0"
    names = {p.relative_to(v).as_posix() for p in v.rglob("*") if p.is_file()}
    assert {"README.md", "manifest.json", "croissant.json", "validation/smoke.json"} <= names
    assert any(n.startswith("data/train-") for n in names)
    assert "raw/train-00000-of-00001.parquet" in names
    manifest = read_manifest(v)
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"manifest.json"}
    for rel, entry in listed.items():
        assert sha256_file(v / rel) == entry["sha256"]
        assert (v / rel).stat().st_size == entry["bytes"]
        if rel.endswith(".parquet"):
            assert pq.ParquetFile(v / rel).metadata.num_rows == entry["rows"]
    assert manifest["version"] == "1.0.0" and manifest["parent"] is None
    assert manifest["counts"]["pages"] == 60
    assert manifest["suites"]["smoke"]["success"] is True
    assert set(manifest["tools"]) >= {"pagevet", "pyarrow", "polars", "datasets"}
    assert "time" not in json.dumps(manifest)  # nothing time-dependent in what is hashed


def test_parquet_is_sorted_zstd_with_features_metadata(built):
    path = next((built / "versions" / "v1.0.0" / "data").glob("train-*.parquet"))
    meta = pq.ParquetFile(path)
    assert meta.metadata.row_group(0).column(0).compression == "ZSTD"
    assert b"huggingface" in meta.schema_arrow.metadata
    ids = pq.read_table(path, columns=["id"])["id"].to_pylist()
    assert ids == sorted(ids)


def test_same_input_gives_byte_identical_files(built, tmp_path):
    again = copy_dataset(built, tmp_path / "copy")
    shutil.rmtree(again / "versions")
    build_version(again)
    a = {f["path"]: f["sha256"] for f in read_manifest(built / "versions" / "v1.0.0")["files"]}
    b = {f["path"]: f["sha256"] for f in read_manifest(again / "versions" / "v1.0.0")["files"]}
    parquet = [p for p in a if p.endswith(".parquet")]
    assert parquet and all(a[p] == b[p] for p in parquet)
    assert a["README.md"] == b["README.md"] and a["croissant.json"] == b["croissant.json"]


def _visible(folder):
    """What a user sees in `versions/`: hidden files (the build lock) left out."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_unchanged_input_makes_no_new_version(built, tmp_path):
    again = copy_dataset(built, tmp_path / "copy")
    result = build_version(again)
    assert not result.created and result.version == "1.0.0"
    assert _visible(again / "versions") == ["LATEST", "v1.0.0", "v1.0.0.sha256"]


def test_version_bumps_minor_for_rows_and_patch_for_metadata(built, tmp_path):
    ds = copy_dataset(built, tmp_path / "copy")
    page = sorted((ds / "raw" / "thoibaohoanvu").glob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\nMột đoạn văn mới được thêm vào cuối bài viết.\n")
    minor = build_version(ds)
    assert (minor.version, minor.bump, minor.parent) == ("1.1.0", "minor", "1.0.0")
    recipe = ds / "dataset.toml"
    recipe.write_text(recipe.read_text("utf-8").replace("Synthetic", "Generated"), "utf-8")
    patch = build_version(ds)
    assert (patch.version, patch.bump) == ("1.1.1", "patch")
    card = (ds / "versions" / "v1.1.1" / "README.md").read_text("utf-8")
    assert "Generated Vietnamese" in card and "parent v1.1.0" in card
    # v1.0.0 is untouched by later builds
    assert (ds / "versions" / "v1.0.0" / "manifest.json").read_bytes() == (
        built / "versions" / "v1.0.0" / "manifest.json"
    ).read_bytes()


def test_existing_version_is_refused(built, tmp_path):
    ds = copy_dataset(built, tmp_path / "copy")
    with pytest.raises(PagevetError, match="already exists"):
        build_version(ds, version="1.0.0")


def test_a_failed_build_leaves_nothing_behind(built, tmp_path):
    ds = copy_dataset(built, tmp_path / "copy")
    (ds.parent / "checks" / "smoke.json").write_text(
        '{"name": "smoke", "expectations": [{"type": "expect_nothing_real", "kwargs": {}}]}'
    )
    page = sorted((ds / "raw" / "tinsongnam").glob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\nThêm một câu.\n", "utf-8")
    with pytest.raises(PagevetError, match="expect_nothing_real"):
        build_version(ds)
    assert _visible(ds / "versions") == ["LATEST", "v1.0.0", "v1.0.0.sha256"]


def test_unreadable_pages_are_kept_in_raw_only(fresh):
    broken = fresh / "raw" / "tinsongnam" / "999_ffffffffffffffff.txt.gz"
    broken.write_bytes(gzip.compress("Tiêu đề\n\nNội dung bài báo".encode())[:20])
    result = build_version(fresh)
    v = result.folder
    raw = pq.read_table(v / "raw" / "train-00000-of-00001.parquet").to_pylist()
    bad = [r for r in raw if r["read_error"]]
    assert len(bad) == 1 and "999_ffffffffffffffff.txt.gz" in bad[0]["path"]
    assert bad[0]["findings"][0]["rule"] == "unreadable-page"
    default_rows = sum(pq.ParquetFile(p).metadata.num_rows for p in (v / "data").glob("*.parquet"))
    assert result.manifest["counts"]["pages"] == len(raw) == default_rows + 1 == 61


def test_split_is_stable_across_versions(built, tmp_path):
    ds = copy_dataset(built, tmp_path / "copy")
    first = {r["id"]: r["split"] for r in pq.read_table(built / "versions/v1.0.0/raw").to_pylist()}
    for page in sorted((ds / "raw" / "tinsongnam").glob("*.txt"))[:3]:
        page.unlink()
    build_version(ds)
    second = {r["id"]: r["split"] for r in pq.read_table(ds / "versions/v1.1.0/raw").to_pylist()}
    assert len(second) == len(first) - 3
    assert all(first[i] == s for i, s in second.items())


def test_card_yaml_and_croissant(built):
    v = built / "versions" / "v1.0.0"
    card = (v / "README.md").read_text("utf-8")
    meta = yaml.safe_load(card.split("---")[1])
    assert meta["license"] == "cc-by-4.0" and meta["language"] == ["vi", "en"]
    configs = {c["config_name"]: c for c in meta["configs"]}
    assert set(configs) == {"default", "clean", "raw"}
    infos = {i["config_name"]: i for i in meta["dataset_info"]}
    manifest = read_manifest(v)
    splits = {s["name"]: s["num_examples"] for s in infos["default"]["splits"]}
    assert splits == manifest["counts"]["splits"]
    assert "## Quality" in card and "| `nav-spam` |" in card
    validate_croissant(v / "croissant.json")
    croissant = json.loads((v / "croissant.json").read_text())
    assert {r["name"] for r in croissant["recordSet"]} == {"default", "clean", "raw"}


def test_load_dataset_reads_both_configs(built):
    import datasets

    v = built / "versions" / "v1.0.0"
    manifest = read_manifest(v)
    default = datasets.load_dataset(str(v))
    assert {k: len(d) for k, d in default.items()} == manifest["counts"]["splits"]
    features = default["train"].features
    assert features["published_at"].dtype == "date32"
    assert set(features["line_roles"].feature) == {"n", "role"}
    assert set(features["findings"].feature) == {"rule", "severity", "line", "message", "evidence"}
    raw = datasets.load_dataset(str(v), "raw")
    assert len(raw["train"]) == manifest["counts"]["pages"] and "raw" in raw["train"].features


def test_cli_build_verify_and_tampering(fresh):
    out = run_cli("build", str(fresh))
    assert out.code == 0, out.err
    assert "built" in out.out and "v1.0.0" in out.out and "suite smoke: passed" in out.out
    again = run_cli("build", str(fresh))
    assert again.code == 0 and "nothing changed since v1.0.0" in again.out
    ok = run_cli("verify", str(fresh))
    assert ok.code == 0 and "every file matches" in ok.out
    data = next((fresh / "versions" / "v1.0.0" / "data").glob("train-*.parquet"))
    data.write_bytes(data.read_bytes() + b"x")
    bad = run_cli("verify", str(fresh))
    assert bad.code == 1 and data.name in bad.err
    missing = run_cli("verify", str(fresh), "--version", "9.9.9")
    assert missing.code == 2 and "built versions: v1.0.0" in missing.err


def test_init_writes_a_recipe_and_refuses_to_overwrite(tmp_path):
    raw = tmp_path / "crawl"
    raw.mkdir()
    folder = tmp_path / "datasets" / "vn-news"
    out = run_cli("init", str(folder), "--source", str(raw))
    assert out.code == 0, out.err
    recipe = (folder / "dataset.toml").read_text("utf-8")
    assert 'name = "vn-news"' in recipe and "[split]" in recipe
    again = run_cli("init", str(folder), "--source", str(raw))
    assert again.code == 2 and "already exists" in again.err


def test_bad_recipe_names_the_file_and_key(tmp_path):
    folder = make_dataset(tmp_path)
    (folder / "dataset.toml").write_text('name = "x"\nlicense = "mit"\n', "utf-8")
    out = run_cli("build", str(folder))
    assert out.code == 2
    assert "dataset.toml" in out.err and "languages" in out.err


def test_strict_build_fails_the_gate_and_writes_nothing(fresh):
    (fresh.parent / "checks" / "smoke.json").write_text(
        '{"name": "smoke", "expectations": [{"type": "expect_column_mean_to_be_between", '
        '"kwargs": {"column": "flag__nav-spam", "min_value": 0.0, "max_value": 0.0}, '
        '"meta": {}, "severity": "critical"}]}'
    )
    out = run_cli("build", str(fresh), "--strict")
    assert out.code == 1
    assert "smoke" in out.err and "--strict" in out.err
    assert not (fresh / "versions" / "LATEST").exists()
    assert not (fresh / "versions").exists()  # a failed first build leaves nothing behind
    lenient = run_cli("build", str(fresh))
    assert lenient.code == 0 and "suite smoke: FAILED" in lenient.out
    assert read_manifest(fresh / "versions" / "v1.0.0")["suites"]["smoke"]["success"] is False


def test_large_tables_are_sharded_and_still_load(fresh):
    import datasets

    recipe = fresh / "dataset.toml"
    recipe.write_text(recipe.read_text("utf-8").replace(
        'release_suite = ""', 'release_suite = ""\nmax_shard_bytes = 40000'), "utf-8")  # fmt: skip
    v = build_version(fresh).folder
    raw_shards = sorted(p.name for p in (v / "raw").glob("*.parquet"))
    assert len(raw_shards) > 1
    assert raw_shards[-1].endswith(f"-of-{len(raw_shards):05d}.parquet")
    ids = [
        i for p in sorted((v / "raw").glob("*.parquet")) for i in pq.read_table(p)["id"].to_pylist()
    ]
    assert ids == sorted(ids) and len(ids) == 60
    loaded = datasets.load_dataset(str(v), "raw")
    assert len(loaded["train"]) == 60


def test_version_numbers_follow_what_changed():
    from pagevet.store.build import _choose_version

    parent = {"version": "1.4.2", "fingerprint": {"schema": "s", "data": "d", "metadata": "m"}}
    same = {"schema": "s", "data": "d", "metadata": "m"}
    assert _choose_version(None, same, None) == ("1.0.0", "major")
    assert _choose_version(parent, same, None) == (None, None)
    assert _choose_version(parent, {**same, "metadata": "x"}, None) == ("1.4.3", "patch")
    assert _choose_version(parent, {**same, "data": "x"}, None) == ("1.5.0", "minor")
    assert _choose_version(parent, {**same, "schema": "x", "data": "x"}, None) == ("2.0.0", "major")
    assert _choose_version(parent, same, "v3.0.0") == ("3.0.0", "given")


_connections: list[tuple[str, tuple]] = []
_watching = False


def _audit(event: str, args: tuple) -> None:
    if _watching and event in {"socket.connect", "socket.getaddrinfo", "socket.sendto"}:
        _connections.append((event, args))


def test_a_build_makes_no_network_connection(fresh):
    global _watching
    sys.addaudithook(_audit)  # audit hooks cannot be removed: the flag scopes it to this test
    _watching = True
    try:
        result = build_version(fresh)
    finally:
        _watching = False
    assert result.created
    assert _connections == []


def test_an_edited_manifest_fails_verify_and_the_publish_gate(built, tmp_path):
    from pagevet.hub.verify import verify_version_dir

    ds = copy_dataset(built, tmp_path / "copy")
    version = ds / "versions" / "v1.0.0"
    assert verify_folder(version) == []
    manifest = json.loads((version / "manifest.json").read_text("utf-8"))
    manifest["suites"]["release"] = {"success": True}  # a forged release verdict
    (version / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    problems = verify_folder(version)
    assert problems and problems[0].startswith("manifest.json: sha256")
    with pytest.raises(PagevetError, match="manifest.json"):
        verify_version_dir(version)
    (ds / "versions" / "v1.0.0.sha256").unlink()
    assert "missing" in verify_folder(version)[0]


def test_a_build_streams_its_pages_and_leaves_no_spill(fresh, monkeypatch):
    """The local engine's build goes through the streaming pipeline and writer: the pipeline's
    one-table `run` (every page in one frame) is never called, and the spilled batches beside
    the version are gone afterwards."""
    import pagevet.store.build as build

    def whole_table(*args, **kwargs):
        raise AssertionError("build held every page in one table")

    monkeypatch.setattr(build, "run", whole_table)
    result = build_version(fresh)
    assert result.manifest["counts"]["pages"] == 60
    assert [p.name for p in (fresh / "versions").iterdir() if p.name.startswith(".")] == [".lock"]


def test_suites_validated_in_batches_save_the_same_results(built, fresh, monkeypatch):
    """A large version's suites run batch by batch on the columns they need (suites.run
    BATCH_ROWS); the saved results are those of one run on the whole table."""
    import pagevet.suites.run as run_module

    monkeypatch.setattr(run_module, "BATCH_ROWS", 17)
    batched = build_version(fresh)
    whole = built / "versions" / "v1.0.0" / "validation"
    assert sorted(p.name for p in whole.iterdir()) == ["smoke.json"]
    for path in whole.iterdir():
        assert (batched.folder / "validation" / path.name).read_text() == path.read_text()
