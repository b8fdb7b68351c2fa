"""Test data for the Hub tests: the token and users of the test server, and tiny version folders."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hub_server import HubServer

from pagevet.store.manifest import write_manifest_digest

TOKEN = "hf_pagevetTestToken0123456789abcdefXYZ"
USER = "pagevet-bot"
ORG = "pagevet"

CARD = """---
license: cc-by-4.0
language:
- vi
configs:
- config_name: default
  default: true
  data_files:
  - split: train
    path: data/train-00000-of-00001.parquet
  - split: test
    path: data/test-00000-of-00001.parquet
- config_name: raw
  data_files:
  - split: train
    path: raw/train-00000-of-00001.parquet
---

# {name} {version}

A tiny dataset built by the pagevet hub tests.
"""

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("n", pa.int64()),
        ("tags", pa.list_(pa.string())),
    ]
)


def subprocess_env(hub: HubServer, tmp_path: Path, token: str | None = None) -> dict[str, str]:
    """The environment a user would set to point huggingface_hub and datasets at `hub`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HF_", "HUGGINGFACE_")) and key not in ("TRANSFORMERS_OFFLINE",)
    }
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HOME=str(tmp_path / "sub_hf_home"),
        HF_DATASETS_CACHE=str(tmp_path / "sub_datasets_cache"),
        HF_HUB_DISABLE_XET="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_UPDATE_DOWNLOAD_COUNTS="0",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        HF_DATASETS_DISABLE_PROGRESS_BARS="1",
        HF_HUB_OFFLINE="0",
        HF_DATASETS_OFFLINE="0",
    )
    if token is not None:
        env["HF_TOKEN"] = token
    return env


def rows_for(version: str, count: int, *, offset: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "id": f"page-{i:03d}",
            "title": f"Tiêu đề {i} ({version})",
            "text": f"Nội dung trang {i}, giai đoạn 2021-2025.",
            "n": i,
            "tags": ["vi", f"v{version}"],
        }
        for i in range(offset, offset + count)
    ]


def write_version(
    dataset_dir: Path,
    version: str,
    *,
    parent: str | None = None,
    splits: dict[str, list[dict[str, Any]]] | None = None,
    raw: list[dict[str, Any]] | None = None,
    release_success: bool | None = True,
    name: str = "vn-news",
) -> Path:
    """Write `dataset_dir/versions/v<version>/` in the Hub layout `store/` produces, with a manifest."""
    root = dataset_dir / "versions" / f"v{version}"
    (root / "data").mkdir(parents=True)
    (root / "raw").mkdir()
    (root / "validation").mkdir()
    splits = (
        splits
        if splits is not None
        else {"train": rows_for(version, 6), "test": rows_for(version, 2, offset=6)}
    )
    for split, rows in splits.items():
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        pq.write_table(table, root / "data" / f"{split}-00000-of-00001.parquet", compression="zstd")
    raw_rows = (
        raw
        if raw is not None
        else [{**row, "text": "RAW " + row["text"]} for rows in splits.values() for row in rows]
    )
    pq.write_table(
        pa.Table.from_pylist(raw_rows, schema=SCHEMA), root / "raw" / "train-00000-of-00001.parquet"
    )
    configs = CARD
    if "test" not in splits:
        configs = configs.replace(
            "  - split: test\n    path: data/test-00000-of-00001.parquet\n", ""
        )
    (root / "README.md").write_text(configs.format(name=name, version=version), encoding="utf-8")
    (root / "croissant.json").write_text(
        json.dumps({"@type": "sc:Dataset", "name": name}), encoding="utf-8"
    )
    suites: dict[str, Any] = {"pages": {"success": True, "statistics": {"evaluated": 3}}}
    if release_success is not None:
        suites["release"] = {"success": release_success, "statistics": {"evaluated": 2}}
    for suite, result in suites.items():
        (root / "validation" / f"{suite}.json").write_text(json.dumps(result), encoding="utf-8")

    files = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        rows = pq.read_metadata(path).num_rows if rel.endswith(".parquet") else None
        files.append(
            {
                "path": rel,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "bytes": path.stat().st_size,
                "rows": rows,
            }
        )
    manifest = {
        "name": name,
        "version": version,
        "parent": parent,
        "files": files,
        "suites": suites,
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    write_manifest_digest(root, root / "manifest.json")
    return root
