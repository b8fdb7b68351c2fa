"""Language identification with py3langid, whose model ships inside the package (no download)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, max_chars: int = 1000) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language; ("und", 0.0) for too little text."""
    sample = text[:max_chars]
    if sum(map(str.isalpha, sample)) < 20:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)
