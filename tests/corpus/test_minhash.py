"""numpy MinHash: unbiased Jaccard estimates, LSH parameters as datasketch picks them, edge
cases (empty and short texts)."""

from __future__ import annotations

import random

import numpy as np
import polars as pl
import pytest

from pagevet.corpus.minhash import band_keys, lsh_params, shingle_hashes, signatures


def _shingles(text: str, k: int = 5) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def _pairs(n: int, seed: int) -> tuple[list[str], np.ndarray]:
    rng = random.Random(seed)
    texts, true = [], []
    for _ in range(n):
        words = [f"w{rng.randrange(10**6)}" for _ in range(200)]
        other = list(words)
        for _ in range(rng.randrange(1, 25)):
            other[rng.randrange(len(other))] = f"x{rng.randrange(10**6)}"
        texts += [" ".join(words), " ".join(other)]
        a, b = _shingles(texts[-2]), _shingles(texts[-1])
        true.append(len(a & b) / len(a | b))
    return texts, np.array(true)


def test_estimates_are_unbiased_with_the_expected_error() -> None:
    texts, true = _pairs(200, seed=3)
    sigs = signatures(pl.Series(texts), num_perm=128)
    estimate = (sigs[0::2] == sigs[1::2]).mean(axis=1)
    assert abs((estimate - true).mean()) < 0.01
    expected_sd = np.sqrt(true * (1 - true) / 128).mean()
    assert np.sqrt(((estimate - true) ** 2).mean()) < 1.3 * expected_sd


def test_signatures_are_deterministic_and_order_free() -> None:
    texts, _ = _pairs(5, seed=1)
    one = signatures(pl.Series(texts))
    assert (one == signatures(pl.Series(texts))).all()
    assert (one[::-1] == signatures(pl.Series(texts[::-1]))).all()
    # chunking does not change a signature
    assert (one[:3] == signatures(pl.Series(texts[:3]))).all()


def test_identical_texts_have_identical_signatures_and_bands() -> None:
    sigs = signatures(pl.Series(["a b c d e f g", "a b c d e f g", "a b c d e f h"]))
    keys = band_keys(sigs, 9, 13)
    assert (sigs[0] == sigs[1]).all() and (keys[0] == keys[1]).all()
    assert keys.shape == (3, 9) and keys.dtype == np.uint64


def test_empty_and_short_texts() -> None:
    hashes, owner = shingle_hashes(pl.Series(["", "two words", "one two three four five six"]), 5)
    assert owner.tolist() == [1, 2, 2]  # a short text is one shingle; an empty one none
    sigs = signatures(pl.Series(["", "two words", "two words"]))
    assert (sigs[0] == np.iinfo(np.uint32).max).all()
    assert (sigs[1] == sigs[2]).all()
    assert signatures(pl.Series([], dtype=pl.String)).shape == (0, 128)


@pytest.mark.parametrize(
    ("threshold", "num_perm", "expected"),
    [(0.8, 128, (9, 13)), (0.5, 128, (25, 5)), (0.9, 64, (3, 21)), (0.7, 256, (25, 10))],
)
def test_lsh_params_as_datasketch_chooses_them(threshold, num_perm, expected) -> None:
    assert lsh_params(threshold, num_perm) == expected
