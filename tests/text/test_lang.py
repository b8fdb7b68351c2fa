"""Language detection loads a decompressed copy of py3langid's model, kept in the user's cache
folder: the identifier is the packaged model's, attribute for attribute."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from pagevet.text import lang

TEXTS = [
    "Hôm nay trời đẹp, cả nhà cùng nhau ra công viên đi dạo và ăn kem.",
    "The council met on Tuesday evening to discuss the new library budget.",
    "Der Zug nach Berlin hatte heute wieder eine Stunde Verspätung.",
]


def _equal(x: object, y: object) -> bool:
    if isinstance(x, np.ndarray):
        return isinstance(y, np.ndarray) and x.dtype == y.dtype and np.array_equal(x, y)
    if isinstance(x, tuple):
        return len(x) == len(y) and all(map(_equal, x, y))  # type: ignore[arg-type]
    return type(x) is type(y) and x == y


def _same(a: LanguageIdentifier, b: LanguageIdentifier) -> bool:
    return all(_equal(getattr(a, n), getattr(b, n)) for n in LanguageIdentifier.__slots__)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PAGEVET_CACHE_DIR", str(tmp_path / "cache"))
    lang._identifier.cache_clear()
    yield tmp_path / "cache"
    lang._identifier.cache_clear()


def test_the_cached_copy_is_the_packaged_model(cache_dir):
    packaged = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    first = lang._identifier()  # decompresses and keeps the copy
    (copy,) = cache_dir.glob("py3langid-*.npz")
    lang._identifier.cache_clear()
    second = lang._identifier()  # loads the copy
    assert _same(first, packaged) and _same(second, packaged)
    for text in TEXTS:
        assert second.classify(text) == packaged.classify(text)
    assert copy.stat().st_size > 0


def test_an_unreadable_copy_falls_back_to_the_packaged_model(cache_dir):
    lang._identifier()
    (copy,) = cache_dir.glob("py3langid-*.npz")
    copy.write_bytes(b"not an npz")
    lang._identifier.cache_clear()
    packaged = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    assert _same(lang._identifier(), packaged)
    assert lang.detect_language(TEXTS[0])[0] == "vi"
