"""Language identification with py3langid, whose model ships inside the package (no download).

The model ships LZMA-compressed, and decompressing it takes about 1.5 CPU-seconds — in every
process that detects a language (each worker of a run). The first process keeps the
decompressed arrays in the user's cache folder (`$XDG_CACHE_HOME/pagevet`, else
`~/.cache/pagevet`; `PAGEVET_CACHE_DIR` overrides), named by the py3langid version and the
compressed model's sha256, and later ones load that copy (a fraction of a second). The arrays
are the same, so is every result; when the copy cannot be written or read, the packaged
model is loaded as before.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any


def _cache_dir() -> Path:
    if os.environ.get("PAGEVET_CACHE_DIR"):
        return Path(os.environ["PAGEVET_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pagevet"


def _decompressed_copy(model: Path) -> Path:
    """The uncompressed .npz of `model` in the cache folder, written on first use."""
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    copy = _cache_dir() / f"py3langid-{metadata.version('py3langid')}-{digest}.npz"
    if not copy.is_file():
        import lzma

        copy.parent.mkdir(parents=True, exist_ok=True)
        # written beside and renamed: a process reading it never sees half a file
        fd, tmp = tempfile.mkstemp(dir=copy.parent, prefix=".py3langid-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(lzma.decompress(model.read_bytes()))
            os.replace(tmp, copy)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return copy


def _from_copy(copy: Path) -> Any:
    """What `LanguageIdentifier.from_modelpath` builds, from the uncompressed arrays (the
    steps of py3langid 0.4's `modelio.load_model` after its LZMA stream)."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    with np.load(copy, allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            _to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]),
        )


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = Path(MODEL_DIR / MODEL_FILE)
    try:
        return _from_copy(_decompressed_copy(model))
    except Exception:  # noqa: BLE001  (any trouble with the copy: the packaged model)
        return LanguageIdentifier.from_modelpath(model, norm_probs=True)


def detect_language(text: str, *, max_chars: int = 1000) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language; ("und", 0.0) for too little text."""
    sample = text[:max_chars]
    if sum(map(str.isalpha, sample)) < 20:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
