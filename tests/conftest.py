"""Shared test fixtures: where the repository and `../shared` are; no network in tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_7c163b9f9ddf6534.txt"
SAMPLE = REPO / "datasets" / "sample-news"

for key, value in {
    "HF_HUB_OFFLINE": "1",
    "HF_UPDATE_DOWNLOAD_COUNTS": "0",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "HF_HUB_DISABLE_XET": "1",
}.items():
    os.environ.setdefault(key, value)


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not beside the repository")
    return SEED.read_text("utf-8")
