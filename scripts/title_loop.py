"""A quick loop for the title finder: fit and judge it on held-out sites in seconds.

The slow part of `evaluate.py --cross-site` (line features, the content model of every site
fold, the roles it gives) is computed once and cached (a pickle, by default in /tmp); then
each run recomputes only the title candidates (`pagevet.pages.title`, as the worktree has it)
and fits the title finder per fold, and prints title accuracy per set on held-out sites and
in-sample, as `cross_site` measures it (same pages, same site folds, same content models).

    python scripts/title_loop.py --eval ../shared/eval --sample datasets/sample-news
    python scripts/title_loop.py --misses cleaning     # held-out pages whose title is wrong

It also prints, per set, how far the page's confidence can be trusted: the precision (title
right) among pages given a title with confidence >= 0.6 / 0.8 / 0.9 (title-slug-mismatch
errors only at >= its `error_title_confidence`, 0.8) and their coverage (share of the set's
titled pages). `top` is the best candidate's score (what the parser reports); with
--calibrate, `calibrated` is the confidence of `pagevet.pages.title.title_confidence` fitted
with the finder (best score, gap to the runner-up, number of candidates).

Delete the cache (`--cache`) after changing line features or the content model.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

from pagevet.pages.parse import _GENERIC, content_pass, model_pass
from pagevet.pages.title import accepts, gold_title_match, page_candidates, score_candidates

try:  # the page's calibrated confidence (absent from an older checkout: --old-code)
    from pagevet.pages.title import title_confidence
except ImportError:
    title_confidence = None

BARS = (0.6, 0.8, 0.9)


def _confidence_table(confidences: dict) -> dict:
    """Per set, per confidence (the best score, "top", and the calibrated one, "calibrated")
    and bar: precision (the title right among pages given a title at confidence >= bar)
    and coverage (their share of the set's pages with a gold title)."""
    out: dict = {}
    for name, rows in sorted(confidences.items()):
        for which, k in (("top", 0), ("calibrated", 1)):
            for bar in BARS:
                above = [right for conf, right in rows
                         if conf is not None and conf[k] is not None and conf[k] >= bar]  # fmt: skip
                if which == "calibrated" and not any(c and c[1] is not None for c, _ in rows):
                    continue
                out.setdefault(name, {}).setdefault(which, {})[str(bar)] = {
                    "precision": round(sum(above) / len(above), 4) if above else None,
                    "coverage": round(len(above) / len(rows), 4),
                    "pages": len(above),
                }
    return out


def _build(eval_dir: Path, sample: Path | None, folds: int, max_pages: int | None) -> dict:
    import polars as pl

    from pagevet.evaluate import prepared_pages, site_folds
    from pagevet.pages.model import ContentModel
    from pagevet.pages.training import fit

    pages, inputs, rules, features, frame = prepared_pages(eval_dir, sample, max_pages=max_pages)
    fold_of = site_folds(pages, folds)
    variants: dict[str, list] = {}
    for name in [*map(str, range(folds)), "all"]:
        idx = [i for i, f in enumerate(fold_of) if name == "all" or f != int(name)]
        weights = fit(frame.filter(pl.col("page").is_in(idx)), "hgb")
        probs, cols = model_pass(features, ContentModel(weights))
        per_page = []
        for rule, p, c in zip(rules, probs, cols, strict=True):
            roles = content_pass(rule, p, 0.5, c)
            run = np.array([roles[int(n)] in ("lead", "body") for n in c["n"]], dtype=bool)
            rule_roles = rule.lines.roles
            fit_content = np.array(
                [rule_roles[int(n)] in _GENERIC and q >= 0.5
                 for n, q in zip(c["n"], c["content_p"], strict=True)], dtype=bool,
            )  # fmt: skip
            per_page.append({"cols": c, "run": run, "fit": fit_content})
        variants[name] = per_page
        print(f"  content model {name}: fitted and scored", flush=True)
    meta = [
        {k: p[k] for k in ("set", "group", "url", "gold_title")}
        | {"lines": [x.strip() for x in p["text"].split("\n")], "fold": f}
        for p, f in zip(pages, fold_of, strict=True)
    ]
    return {"pages": meta, "variants": variants, "folds": folds}


def _rows(cache: dict, variant: str, idx: list[int], roles: str) -> list[tuple]:
    out = []
    pages = cache["pages"]
    for i in idx:
        page = pages[i]
        v = cache["variants"][variant][i]
        if len(v["cols"]["n"]) == 0:
            out.append((i, np.zeros(0, dtype=np.int64), np.zeros((0, 0)), np.zeros(0)))
            continue
        keep, x = page_candidates(v["cols"], page["lines"], v[roles], page["url"])
        gold = page["gold_title"]
        y = np.array([gold_title_match(page["lines"][int(v["cols"]["n"][k])], gold)
                      for k in keep], dtype=np.int8)  # fmt: skip
        out.append((i, keep, x, y))
    return out


def _fit(rows: list[tuple], total: int, objective: str, groups: list | None,
         calibrate: bool = False) -> dict:  # fmt: skip
    from pagevet.pages.training import fit_title

    rows = [r for r in rows if r[1].size]
    x = np.vstack([r[2] for r in rows])
    y = np.concatenate([r[3] for r in rows])
    ids = np.concatenate([np.full(r[1].size, r[0]) for r in rows])
    site = np.array([groups[i] for i in ids]) if groups is not None else None
    if calibrate:
        return fit_title(x, y, ids, total, objective, site, calibrate=True)
    return fit_title(x, y, ids, total, objective, site)


def _judge(cache: dict, rows: list[tuple], weights: dict, acc: dict, misses: list,
           confidences: dict) -> None:  # fmt: skip
    pages = cache["pages"]
    for i, keep, x, y in rows:
        page = pages[i]
        gold = page["gold_title"]
        if not (gold and gold.strip()):
            continue
        got = None
        conf = None
        if keep.size:
            scores = score_candidates(x, weights)
            if accepts(scores, weights):
                v_n = cache["_n"][i]
                got = page["lines"][int(v_n[keep[int(np.argmax(scores))]])]
                new = (title_confidence(scores, weights)
                       if title_confidence and weights.get("confidence") else None)  # fmt: skip
                conf = (float(np.max(scores)), new)
        right = gold_title_match(got, gold)
        confidences.setdefault(page["set"].split("/")[0], []).append((conf, right))
        shown = page["shown"]
        cand = bool(y.size and y.any())
        a = acc.setdefault(page["set"].split("/")[0], [0, 0, 0, 0, 0])
        a[0] += 1
        a[1] += right
        a[2] += shown
        a[3] += shown and right
        a[4] += cand
        if shown and not right:
            misses.append((page["set"], page["url"], gold, got, cand))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--sample", type=Path, default=Path("datasets/sample-news"))
    parser.add_argument("--folds", type=int, default=2)
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/pagevet-title-loop.pkl"))
    parser.add_argument("--train-roles", choices=["fit", "run"], default="fit",
                        help="article lines of training pages: as train_roles.py takes them "
                        "(fit) or as the parser gives them (run)")  # fmt: skip
    parser.add_argument("--objective", choices=["pointwise", "softmax"], default="pointwise")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a number of pagevet.pages.title (WINDOW=20)",
    )
    parser.add_argument(
        "--inner-threshold",
        action="store_true",
        help="thresholds chosen on inner site folds' scores",
    )
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="fit the page confidence's calibration (best score, gap to the runner-up, "
        "number of candidates) with the finder and report its precision/coverage beside "
        "the best score's",
    )
    parser.add_argument("--misses", help="print the held-out misses of this set")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    import pagevet.pages.title as title_module

    for item in args.set:
        name, value = item.split("=", 1)
        setattr(title_module, name, type(getattr(title_module, name))(value))
    start = time.time()
    if args.cache.is_file():
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = _build(args.eval, args.sample, args.folds, args.max_pages)
        args.cache.write_bytes(pickle.dumps(cache))
    if "shown" not in cache["pages"][0]:
        for page in cache["pages"]:
            gold = page["gold_title"]
            page["shown"] = bool(gold) and any(gold_title_match(x, gold) for x in page["lines"])
        args.cache.write_bytes(pickle.dumps(cache))
    print(f"{len(cache['pages'])} pages ready ({time.time() - start:.0f} s)", flush=True)
    folds = cache["folds"]
    pages = cache["pages"]
    titled = [i for i, p in enumerate(pages) if p["gold_title"]]
    results = {}
    for how in ("held-out", "in-sample"):
        acc: dict = {}
        misses: list = []
        confidences: dict = {}
        groups = range(folds) if how == "held-out" else ["all"]
        for k in groups:
            variant = str(k)
            train_idx = [i for i in titled if k == "all" or pages[i]["fold"] != k]
            test_idx = [i for i, p in enumerate(pages) if k == "all" or p["fold"] == k]
            weights = _fit(
                _rows(cache, variant, train_idx, args.train_roles),
                len(train_idx),
                args.objective,
                [p["group"] for p in pages] if args.inner_threshold else None,
                args.calibrate,
            )
            cache["_n"] = {i: cache["variants"][variant][i]["cols"]["n"] for i in test_idx}
            _judge(cache, _rows(cache, variant, test_idx, "run"), weights, acc, misses,
                   confidences)  # fmt: skip
        results[how] = {
            name: {"pages": a[0], "accuracy": round(a[1] / a[0], 4), "shown": a[2],
                   "accuracy_shown": round(a[3] / a[2], 4) if a[2] else None,
                   "candidates_hold_gold": a[4]}
            for name, a in sorted(acc.items())
        }  # fmt: skip
        for name, r in results[how].items():
            print(f"{how:9s} {name:12s} {r['accuracy']:.3f} of {r['pages']:4d}  "
                  f"({r['accuracy_shown']} of {r['shown']} shown; gold among candidates on "
                  f"{r['candidates_hold_gold']})")  # fmt: skip
        table = _confidence_table(confidences)
        results[how + " confidence"] = table
        for name, per in table.items():
            for which, bars in per.items():
                print(f"{how:9s} {name:12s} {which:10s} " + "  ".join(
                    f">={bar}: precision {r['precision']} coverage {r['coverage']} "
                    f"({r['pages']})" for bar, r in bars.items()))  # fmt: skip
        if args.misses and how == "held-out":
            for m in misses:
                if m[0].split("/")[0] == args.misses:
                    print("   MISS", m)
    print(f"({time.time() - start:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
