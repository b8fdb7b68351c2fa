"""A quick loop for the line smoother (`pagevet.pages.smoothing`): fit and judge it on
held-out sites in a minute.

The slow part (rule pass and line features of every labelled page, the first-stage content
model of every site fold and its honest out-of-fold p on the fold's training sites) is
computed once and cached (pickles in /tmp); each run then fits only the second stage per
fold on the out-of-fold p of the fold's training sites and parses the held-out sites with
both stages (`finish_pages`), and prints clean-text shingle F1 and content-line P/R per set,
held-out and in-sample, for: no smoothing, each smoother tried.

    python scripts/smooth_loop.py --eval ../shared/eval --sample datasets/sample-news

Same pages and site folds as `evaluate.py --cross-site` (`prepared_pages`, `site_folds`).
Delete the cache (`--cache`) after changing line features or the first-stage model.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

from pagevet.pages.training import inner_site_folds as inner_folds


def _build(eval_dir: Path, sample: Path | None, folds: int, max_pages: int | None,
           cache: Path) -> dict:  # fmt: skip
    from pagevet.evaluate import prepared_pages, site_folds
    from pagevet.pages.model import ContentModel
    from pagevet.pages.parse import model_pass
    from pagevet.pages.training import fit

    start = time.time()
    prep_path = cache.with_suffix(".prep.pkl")
    if prep_path.is_file():
        prep = pickle.loads(prep_path.read_bytes())
    else:
        prep = prepared_pages(eval_dir, sample, max_pages=max_pages)
        prep_path.write_bytes(pickle.dumps(prep))
    pages, inputs, rules, features, frame = prep
    print(f"  prepared {len(pages)} pages ({time.time() - start:.0f} s)", flush=True)
    fold_of = site_folds(pages, folds)
    inner = inner_folds([p["group"] for p in pages])
    variants: dict[str, dict] = {}
    for name in [*map(str, range(folds)), "all"]:
        train = [i for i, f in enumerate(fold_of) if name == "all" or f != int(name)]
        weights = fit(frame.filter(pl.col("page").is_in(train)), "hgb")
        # out-of-fold first-stage p of the training pages: two inner site folds
        oof: dict[int, np.ndarray] = {}
        for j in (0, 1):
            fit_idx = [i for i in train if inner[i] != j]
            pred_idx = [i for i in train if inner[i] == j]
            inner_w = fit(frame.filter(pl.col("page").is_in(fit_idx)), "hgb")
            sub = features.filter(pl.col("page").is_in(pred_idx))
            _, cols = model_pass(sub, ContentModel(inner_w))
            for i, c in zip(pred_idx, cols, strict=True):
                oof[i] = (c["n"], c["content_p"])
        variants[name] = {"weights": weights, "train": train, "oof": oof}
        print(f"  stage 1 {name}: fitted, out-of-fold p ({time.time() - start:.0f} s)", flush=True)
    return {"variants": variants, "folds": folds, "fold_of": fold_of}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--sample", type=Path, default=Path("datasets/sample-news"))
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/smooth/loop.pkl"))
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--method",
        action="append",
        help="none, median, hmm, stack-hgb, stack-logistic (default: all)",
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "--fast",
        action="store_true",
        help="roles from content_pass alone "
        "(no title pass: the title line counts as text; no title accuracy)",
    )
    args = parser.parse_args(argv)
    start = time.time()
    args.cache.parent.mkdir(parents=True, exist_ok=True)
    if args.cache.is_file():
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = _build(args.eval, args.sample, args.folds, args.max_pages, args.cache)
        args.cache.write_bytes(pickle.dumps(cache))
    print(f"cache ready ({time.time() - start:.0f} s)", flush=True)
    if args.build_only:
        return 0
    prep = pickle.loads(args.cache.with_suffix(".prep.pkl").read_bytes())
    pages, inputs, rules, features, frame = prep
    frame = frame.sort("page", "n")
    changed = False
    first = next(iter(cache["variants"].values()))["oof"]
    if not isinstance(next(iter(first.values())), tuple):
        ns = {
            int(page): part["n"].to_numpy()
            for (page,), part in features.filter(~pl.col("blank")).sort("page", "n")
            .group_by("page", maintain_order=True)
        }  # fmt: skip
        for v in cache["variants"].values():
            v["oof"] = {i: (ns[i], p) for i, p in v["oof"].items()}
        changed = True
    for name, v in cache["variants"].items():
        if "title" not in v["weights"]:
            from pagevet.pages.training import train_title

            sub = frame.filter(pl.col("page").is_in(v["train"]))
            v["weights"]["title"] = train_title(pages, sub, v["weights"])
            changed = True
            print(f"  title finder {name} fitted ({time.time() - start:.0f} s)", flush=True)
    if changed:
        args.cache.write_bytes(pickle.dumps(cache))
    methods = args.method or ["none", "median", "hmm", "stack-hgb", "stack-logistic"]
    results = run_methods(cache, pages, inputs, rules, features, frame, methods, start,
                          args.fast)  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    return 0


def _oof_p(frame: pl.DataFrame, v: dict) -> np.ndarray:
    """Out-of-fold first-stage p of `frame`'s rows (the variant's training pages, in page
    and line order), from the cached per-page arrays over non-blank lines."""
    from pagevet.pages.parse import model_pass  # noqa: F401 (arrays are model_pass's cols)

    parts = []
    for (page,), _part in frame.group_by("page", maintain_order=True):
        parts.append(pl.DataFrame({"page": np.full(len(v["oof"][page][0]), page, dtype=np.uint32),
                                   "n": v["oof"][page][0], "p_oof": v["oof"][page][1]}))  # fmt: skip
    oof = pl.concat(parts).with_columns(pl.col("n").cast(frame.schema["n"]))
    return frame.join(oof, on=["page", "n"], how="left")["p_oof"].to_numpy()


class Median:
    """A rolling median of p over `window` lines of the page."""

    def __init__(self, window: int) -> None:
        self.window = window

    def score(self, page: np.ndarray, p: np.ndarray, line: dict) -> np.ndarray:
        f = pl.DataFrame({"page": page, "p": p})
        return f.select(
            pl.col("p").rolling_median(self.window, center=True, min_samples=1).over("page")
        )["p"].to_numpy()


class Hmm:
    """Two states (content, furniture): emissions log p + bias / log(1-p), a cost to switch
    state; Viterbi over each page, all pages at once position by position. p becomes the
    decoded state (1.0 / 0.0)."""

    def __init__(self, cost: float, bias: float) -> None:
        self.cost, self.bias = cost, bias

    def score(self, page: np.ndarray, p: np.ndarray, line: dict) -> np.ndarray:
        eps = 1e-6
        e1 = np.log(np.clip(p, eps, 1)) + self.bias
        e0 = np.log(np.clip(1 - p, eps, 1))
        _, starts, sizes = np.unique(page, return_index=True, return_counts=True)
        order = np.argsort(-sizes, kind="stable")
        starts, sizes = starts[order], sizes[order]
        back = np.zeros((p.size, 2), dtype=np.int8)
        s0, s1 = e0[starts].copy(), e1[starts].copy()
        c = self.cost
        longest = int(sizes.max()) if sizes.size else 0
        for j in range(1, longest):
            k = int(np.count_nonzero(sizes > j))
            rows = starts[:k] + j
            a0, a1 = s0[:k], s1[:k]
            to0 = a1 - c > a0
            to1 = a0 - c > a1
            back[rows, 0] = to0
            back[rows, 1] = ~to1
            n0 = np.where(to0, a1 - c, a0) + e0[rows]
            n1 = np.where(to1, a0 - c, a1) + e1[rows]
            s0[:k], s1[:k] = n0, n1
        state = (s1 > s0).astype(np.int8)
        out = np.zeros(p.size)
        for j in range(longest - 1, -1, -1):
            k = int(np.count_nonzero(sizes > j))
            rows = starts[:k] + j
            out[rows] = state[:k]
            if j:
                state[:k] = back[rows, state[:k].astype(np.int64)]
        return out


def _line_f1(page, p, line, y, method) -> float:
    got = method.score(page, p, line) >= 0.5
    tp = np.count_nonzero(got & (y == 1))
    fp = np.count_nonzero(got & (y == 0))
    fn = np.count_nonzero(~got & (y == 1))
    return 2 * tp / (2 * tp + fp + fn)


def fit_method(name: str, frame: pl.DataFrame, p: np.ndarray):
    """A smoother of kind `name` fitted on the training rows' out-of-fold p (grid search on
    content-line F1 for the median and the HMM)."""
    from pagevet.pages.smoothing import LINE_COLUMNS, Smoother
    from pagevet.pages.training import fit_smoother

    if name == "none":
        return None
    if name.startswith("stack-"):
        return Smoother(fit_smoother(frame, p, name.split("-", 1)[1]))
    page = frame["page"].to_numpy()
    line = {c: frame[c].to_numpy() for c in LINE_COLUMNS}
    y = frame["label"].to_numpy()
    if name == "median":
        grid = [Median(w) for w in (3, 5, 7)]
    else:
        grid = [Hmm(c, b) for c in (0.5, 1.0, 2.0, 3.0, 5.0) for b in (-0.5, 0.0, 0.5)]
    scored = [(_line_f1(page, p, line, y, m), i) for i, m in enumerate(grid)]
    best = grid[max(scored)[1]]
    print(f"    {name}: {vars(best)} (train out-of-fold line F1 {max(scored)[0]:.4f}, "
          f"unsmoothed {_line_f1(page, p, line, y, Median(1)):.4f})", flush=True)  # fmt: skip
    return best


def run_methods(cache, pages, inputs, rules, features, frame, methods, start,
                fast=False) -> dict:  # fmt: skip
    from types import SimpleNamespace

    from pagevet.evaluate import _parse_scores
    from pagevet.pages.model import ContentModel
    from pagevet.pages.parse import content_pass, finish_scored, model_pass, smooth_pass

    fold_of = cache["fold_of"]
    everything = list(range(len(pages)))
    results: dict = {}
    scored: dict = {}
    for name, v in cache["variants"].items():
        test = everything if name == "all" else [i for i in everything if fold_of[i] == int(name)]
        model = ContentModel({k: w for k, w in v["weights"].items() if k != "title"})
        probs, cols = model_pass(features.filter(pl.col("page").is_in(test)), model)
        rows = frame.filter(pl.col("page").is_in(v["train"]))
        scored[name] = (test, probs, cols, rows, _oof_p(rows, v))
    print(f"stage 1 scored ({time.time() - start:.0f} s)", flush=True)
    for method in methods:
        for how in ("held-out", "in-sample"):
            names = ["all"] if how == "in-sample" else [n for n in scored if n != "all"]
            parsed: list = [None] * len(pages)
            for name in names:
                test, probs, cols, rows, oof = scored[name]
                smoother = fit_method(method, rows, oof)
                # the parser's own pass, with this method as the smoother
                new = probs if smoother is None else smooth_pass(probs, cols, smoother)
                title = cache["variants"][name]["weights"]["title"]
                if fast:
                    got = []
                    for i, p_i, c in zip(test, new, cols, strict=True):
                        roles = content_pass(rules[i], p_i, 0.5, c)
                        s = rules[i].lines.s
                        text = "\n".join(s[j] for j, r in enumerate(roles) if r in ("lead", "body"))
                        got.append(SimpleNamespace(roles=roles, text=text, title=None))
                else:
                    got = finish_scored([inputs[i] for i in test], [rules[i] for i in test],
                                        new, cols, title, 0.5)  # fmt: skip
                for i, g in zip(test, got, strict=True):
                    parsed[i] = g
            res = _parse_scores(pages, parsed)
            results.setdefault(method, {})[how] = res
            for set_name, r in res.items():
                c = r["content_lines"]
                print(f"{method:15s} {how:9s} {set_name:12s} text P/R/F1 {r['text_precision']:.3f}/"
                      f"{r['text_recall']:.3f}/{r['text_f1']:.4f}  lines P/R "
                      f"{c['precision']:.3f}/{c['recall']:.3f}  title "
                      f"{r['title_accuracy']}", flush=True)  # fmt: skip
        print(f"({time.time() - start:.0f} s)", flush=True)
    return results


if __name__ == "__main__":
    sys.exit(main())
