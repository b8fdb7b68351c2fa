"""MinHash signatures and LSH band keys for whole batches of texts, vectorised with numpy.

Words are hashed once by polars (in bulk, no Python call per word); k-word shingles are
combined from the word hashes with wrap-around uint64 arithmetic; each of the `num_perm`
permutations is a multiply-add-shift hash of the shingle hash, and a page's signature is the
minimum per permutation (`np.minimum.reduceat` over the page's shingles). Signatures are
deterministic for a given polars version (its word hash) and these seeds.

Bands: `bands` groups of `rows` signature values, each folded into one uint64 key; two pages
are candidates when they share a key in the same band. The keys are plain integers, so the
candidate search is a group-by that can run on spilled Parquet.
"""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

_MIX = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio odd constant: spreads combined hashes
_SHIFT = np.uint64(32)
# At most this many (shingle x permutation) values in memory at once (~64 MB of uint64).
_CHUNK_VALUES = 8_000_000


def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Odd multipliers and offsets of the `num_perm` multiply-add-shift hashes."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def _combine(h: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Fold `value` into the running hash `h` (order-sensitive), element-wise."""
    h = (h ^ value) * _MIX
    return h ^ (h >> _SHIFT)


def shingle_hashes(texts: pl.Series, shingle: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the `shingle`-word shingles of every text (words split on single spaces, as
    in the normalised text), and the index of each shingle's text. A text with fewer words
    than `shingle` has one shingle of all its words; an empty text has none."""
    words = texts.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))
    counts = words.list.len().to_numpy().astype(np.int64)
    flat = words.explode().drop_nulls().hash(seed=0).to_numpy().astype(np.uint64, copy=False)
    starts = np.cumsum(counts) - counts
    n_shingles = np.where(counts > 0, np.maximum(counts - shingle + 1, 1), 0)
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), n_shingles)
    # position of each shingle's first word in `flat`
    first = np.repeat(starts, n_shingles) + (
        np.arange(owner.size, dtype=np.int64)
        - np.repeat(np.cumsum(n_shingles) - n_shingles, n_shingles)
    )
    length = np.minimum(np.repeat(counts, n_shingles), shingle)  # short texts: all their words
    h = np.zeros(owner.size, dtype=np.uint64)
    for j in range(shingle):
        take = j < length
        idx = np.where(take, first + j, 0)
        h = np.where(take, _combine(h, flat[idx]), h)
    return h, owner


def signatures(
    texts: pl.Series, *, num_perm: int = 128, shingle: int = 5, seed: int = 1
) -> np.ndarray:
    """A (len(texts), num_perm) uint32 MinHash signature per text; an empty text's row is all
    0xFFFFFFFF (it matches nothing)."""
    a, b = permutations(num_perm, seed)
    hashes, owner = shingle_hashes(texts, shingle)
    out = np.full((len(texts), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if hashes.size == 0:
        return out
    # chunks of whole texts, so each text's minimum is taken in one reduceat
    bounds = np.flatnonzero(np.diff(owner)) + 1
    starts = np.concatenate([[0], bounds])
    per_chunk = max(1, _CHUNK_VALUES // num_perm)
    i = 0
    while i < starts.size:
        j = i + 1
        while j < starts.size and starts[j] - starts[i] < per_chunk:
            j += 1
        lo = starts[i]
        hi = starts[j] if j < starts.size else hashes.size
        values = ((hashes[lo:hi, None] * a[None, :] + b[None, :]) >> _SHIFT).astype(np.uint32)
        out[owner[starts[i:j]]] = np.minimum.reduceat(values, starts[i:j] - lo, axis=0)
        i = j
    return out


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """A (n, bands) uint64 key per band: the band's `rows` signature values folded together."""
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    for band in range(bands):
        h = np.full(sigs.shape[0], np.uint64(band + 1), dtype=np.uint64)
        for col in sigs[:, band * rows : (band + 1) * rows].T:
            h = _combine(h, col.astype(np.uint64))
        keys[:, band] = h
    return keys


@functools.lru_cache
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the equally weighted false-positive and false-negative
    probability mass around `threshold`, as datasketch's MinHashLSH chooses them (0.8 and
    128 give 9 bands of 13 rows)."""
    pairs = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)])
    b, r = pairs[:, :1].astype(float), pairs[:, 1:].astype(float)
    below = np.linspace(0.0, threshold, 1001)[None, :]
    above = np.linspace(threshold, 1.0, 1001)[None, :]
    fp = np.trapezoid(1 - (1 - below**r) ** b, below, axis=1)
    fn = np.trapezoid((1 - above**r) ** b, above, axis=1)
    best = int(np.argmin(0.5 * fp + 0.5 * fn))
    return int(pairs[best, 0]), int(pairs[best, 1])
