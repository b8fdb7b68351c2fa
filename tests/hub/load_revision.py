"""Load a Hub revision with `datasets.load_dataset` in a fresh interpreter; print its rows as JSON.

Usage: python load_revision.py REPO_ID REVISION [CONFIG] [LOCAL_VERSION_DIR]

Run by the `load_revision` fixture with `HF_ENDPOINT` (and friends) in the environment, so that
`huggingface_hub` and `datasets` read them at import time exactly as in a user's shell. Output:
{"hub": {split: rows}, "local": {split: rows} (when a local folder is given)}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hub_server import block_non_loopback


def rows_by_split(dataset_dict: object) -> dict[str, list[dict[str, object]]]:
    return {split: ds.to_list() for split, ds in dataset_dict.items()}  # type: ignore[attr-defined]


def main(argv: list[str]) -> None:
    repo_id, revision = argv[1], argv[2]
    config = argv[3] if len(argv) > 3 and argv[3] else None
    local_dir = argv[4] if len(argv) > 4 and argv[4] else None
    block_non_loopback()
    import datasets

    result = {"hub": rows_by_split(datasets.load_dataset(repo_id, config, revision=revision))}
    if local_dir is not None:
        result["local"] = rows_by_split(datasets.load_dataset(str(Path(local_dir)), config))
    json.dump(result, sys.stdout, ensure_ascii=False, default=str)  # dates as ISO text


if __name__ == "__main__":
    main(sys.argv)
