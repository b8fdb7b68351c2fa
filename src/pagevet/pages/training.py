"""Labelled lines for the content/furniture model, and fitting it.

Labels come from real pages nobody on the project wrote (`../shared/eval`: `cleaning/` has a
0/1 label per line; for `aeb/` and `readability/` a line is content when it occurs in the gold
main text) and from the generated sample's `labels.jsonl`. Pages are grouped by site so
validation can hold whole sites out. Fitting needs scikit-learn (the `train` extra); the
parser itself only reads the exported weights (`pagevet.pages.model`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from pagevet.pages.features import FEATURES
from pagevet.pages.markers import load_markers
from pagevet.pages.parse import PageInput, feature_pass, rule_pass
from pagevet.pages.title import strip_shared_ends
from pagevet.text.urls import source_from_url

DUMP_SETS = {"aeb": "gold_article_body", "readability": "gold_article_text", "cleaning": "gold_text"}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").split("\n") if x.strip()]


def _gold_labels(text: str, gold: str) -> list[int]:
    """A line is content when it occurs in the gold text after whitespace folding; a line of
    three words or fewer only when it is a whole gold line (else "Share" would count)."""
    gold_norm = " ".join(gold.split())
    gold_lines = {" ".join(x.split()) for x in gold.split("\n")}
    out = []
    for line in text.split("\n"):
        norm = " ".join(line.split())
        ok = bool(norm) and norm in gold_norm and (len(norm.split()) > 3 or norm in gold_lines)
        out.append(int(ok))
    return out


def eval_pages(eval_dir: str | Path, sets: tuple[str, ...] = tuple(DUMP_SETS)) -> list[dict]:
    """Full-page dumps of the eval sets as dicts: set, group (site), text, url, title,
    gold_title (og:title or title, without the end parts the site's pages share:
    `strip_shared_ends`), gold (main text), labels (0/1 per line)."""
    out = []
    for name in sets:
        path = Path(eval_dir) / name / "docs.jsonl"
        if not path.is_file():
            continue
        for i, r in enumerate(_read_jsonl(path)):
            text = r.get("text") or ""
            gold = r.get(DUMP_SETS[name]) or ""
            labels = r.get("line_labels") or _gold_labels(text, gold)
            site = source_from_url(r.get("url"))
            out.append(
                {
                    "set": name if name != "cleaning" else f"cleaning/{r.get('source_set')}",
                    "key": f"{name}/{i}",
                    "group": site or f"{name}/{i}",
                    "source": site,
                    "text": text,
                    "url": r.get("url"),
                    "title": r.get("og_title") or r.get("title"),
                    "gold_title": r.get("og_title") or r.get("title"),
                    "gold": gold,
                    "labels": [int(x) for x in labels],
                }
            )
    # the gold title is the headline: a site's name glued to its pages' titles is not
    by_site: dict[str, list[int]] = {}
    for i, p in enumerate(out):
        by_site.setdefault(p["group"], []).append(i)
    for idx in by_site.values():
        golds = strip_shared_ends([out[i]["gold_title"] for i in idx])
        for i, gold in zip(idx, golds, strict=True):
            out[i]["gold_title"] = gold
    return out


def sample_pages(dataset_dir: str | Path) -> list[dict]:
    """The generated sample's pages with their labelled roles (content = lead/body)."""
    dataset_dir = Path(dataset_dir)
    out = []
    for r in _read_jsonl(dataset_dir / "labels.jsonl"):
        text = (dataset_dir / r["path"]).read_text("utf-8")
        out.append(
            {
                "set": "sample",
                "key": f"sample/{r['id']}",
                "group": f"sample/{r['site']}",
                "source": r.get("source"),
                "text": text,
                "url": r.get("url"),
                "title": None,
                "gold_title": r.get("title"),
                "gold": "\n".join(
                    x.strip() for x, role in zip(text.split("\n"), r["line_roles"], strict=False)
                    if role in ("lead", "body")
                ),
                "labels": [int(x in ("lead", "body")) for x in r["line_roles"]],
            }
        )
    return out


def page_inputs(pages: list[dict]) -> list[PageInput]:
    """The parser's inputs for labelled pages as a crawl of text dumps gives them: text, URL
    and site, no metadata title (the same at training and evaluation time)."""
    return [PageInput(p["text"], url=p["url"], source=p["source"]) for p in pages]


def labelled_frame(pages: list[dict], features: pl.DataFrame) -> pl.DataFrame:
    """Non-blank lines' features (from `feature_pass`) with their label, set and group."""
    meta = pl.DataFrame(
        {
            "page": pl.Series(range(len(pages)), dtype=pl.UInt32),
            "set": [p["set"] for p in pages],
            "group": [p["group"] for p in pages],
            "label": [p["labels"] for p in pages],
        },
        schema_overrides={"label": pl.List(pl.Int8)},
    )
    labels = meta.explode("label").with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).over("page").alias("n")
    )
    return features.filter(~pl.col("blank")).join(labels, on=["page", "n"], how="inner")


def labelled_lines(pages: list[dict]) -> pl.DataFrame:
    """Features of every non-blank line (rule pass, then the vectorised features, exactly as
    the parser computes them) with its label, set and group."""
    markers = load_markers()
    inputs = page_inputs(pages)
    rules = [rule_pass(p.text, p.title, markers) for p in inputs]
    return labelled_frame(pages, feature_pass(inputs, rules, markers))


def fit(
    frame: pl.DataFrame,
    kind: str = "hgb",
    seed: int = 0,
    features: Sequence[str] = FEATURES,
    **hgb: Any,
) -> dict[str, Any]:
    """Fit the content model on labelled lines; returns its exported weights. `features`:
    the columns to fit on (the smoother's are its own); `hgb`: tree settings to override."""
    frame = frame.filter(pl.col("label").is_not_null())
    x = frame.select(features).to_numpy().astype(np.float64)
    y = frame["label"].to_numpy().astype(np.int8)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression

        # the range seen in training: scoring clips to it, so a line far outside (a
        # 250,000-character paragraph) is scored like the longest lines the model knows
        # rather than extrapolated linearly
        lo, hi = np.percentile(x, 0.1, axis=0), np.percentile(x, 99.9, axis=0)
        x = np.clip(x, lo, hi)
        mean, std = x.mean(axis=0), x.std(axis=0)
        std[std == 0] = 1.0
        clf = LogisticRegression(C=1.0, max_iter=2000)
        clf.fit((x - mean) / std, y)
        return {
            "kind": "logistic",
            "features": list(features),
            "lo": lo.tolist(),
            "hi": hi.tolist(),
            "mean": mean.tolist(),
            "std": std.tolist(),
            "coef": clf.coef_[0].tolist(),
            "intercept": float(clf.intercept_[0]),
        }
    from sklearn.ensemble import HistGradientBoostingClassifier

    settings = dict(max_iter=150, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=40,
                    l2_regularization=1.0, early_stopping=False, random_state=seed)  # fmt: skip
    clf = HistGradientBoostingClassifier(**(settings | hgb))
    clf.fit(x, y)
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        trees.append(
            {
                "feature": nodes["feature_idx"].astype(int).tolist(),
                "threshold": [round(float(t), 6) for t in nodes["num_threshold"]],
                "left": nodes["left"].astype(int).tolist(),
                "right": nodes["right"].astype(int).tolist(),
                "leaf": nodes["is_leaf"].astype(int).tolist(),
                "value": [round(float(v), 6) for v in nodes["value"]],
                "nan_left": nodes["missing_go_to_left"].astype(int).tolist(),
            }
        )
    return {
        "kind": "trees",
        "features": list(features),
        "baseline": float(clf._baseline_prediction.ravel()[0]),
        "trees": trees,
    }


def inner_site_folds(groups: Sequence[str]) -> np.ndarray:
    """Two inner site folds of the training pages (another hash byte than
    `evaluate.site_folds`, so they cut across its folds)."""
    return np.array([hashlib.sha256(str(g).encode()).digest()[1] % 2 for g in groups])


def out_of_fold_p(frame: pl.DataFrame, kind: str = "hgb") -> np.ndarray:
    """First-stage p of every row of `frame` from a content model fitted on the other inner
    site fold: the p the smoother sees on a site the content model never saw."""
    from pagevet.pages.model import ContentModel

    inner = inner_site_folds(frame["group"].to_list())
    p = np.full(frame.height, np.nan)
    for j in (0, 1):
        rows = inner == j
        if not rows.any() or rows.all():
            continue
        weights = fit(frame.filter(pl.Series(~rows)), kind)
        x = frame.filter(pl.Series(rows)).select(FEATURES).to_numpy().astype(np.float64)
        p[rows] = ContentModel(weights).score(x)
    return p


SMOOTHER_TREES = {"max_iter": 100, "max_leaf_nodes": 15, "min_samples_leaf": 80}


def fit_smoother(frame: pl.DataFrame, p: np.ndarray, kind: str = "hgb") -> dict[str, Any]:
    """The smoother (`pagevet.pages.smoothing`) fitted on labelled lines (`frame`, in page
    and line order) from their first-stage p (out of fold: `out_of_fold_p`)."""
    from pagevet.pages.smoothing import LINE_COLUMNS, SMOOTH_FEATURES, smooth_features

    x = smooth_features(
        frame["page"].to_numpy(), p, {c: frame[c].to_numpy() for c in LINE_COLUMNS}
    ).with_columns(frame["label"])
    return fit(x, kind, features=SMOOTH_FEATURES, **(SMOOTHER_TREES if kind == "hgb" else {}))


def train_smoother(frame: pl.DataFrame, kind: str = "hgb", first_kind: str = "hgb") -> dict:
    """The smoother over a `first_kind` content model, fitted on out-of-fold p."""
    frame = frame.sort("page", "n")
    return fit_smoother(frame, out_of_fold_p(frame, first_kind), kind)


def title_rows(
    pages: list[dict], frame: pl.DataFrame, weights: dict[str, Any], threshold: float = 0.5
) -> tuple[np.ndarray, np.ndarray]:
    """Title-finder training rows: the candidates of every page with a gold title, labelled
    1 when the line is that title (or its headline part)."""
    from pagevet.pages.model import ContentModel
    from pagevet.pages.parse import _GENERIC
    from pagevet.pages.title import gold_title_match, page_candidates

    model = ContentModel({k: v for k, v in weights.items() if k != "title"})
    wanted = [i for i, p in enumerate(pages) if p.get("gold_title")]
    sub = frame.filter(pl.col("page").is_in(wanted)).sort("page", "n")
    sub = sub.with_columns(
        pl.Series("content_p", model.score(sub.select(FEATURES).to_numpy().astype(np.float64)))
    )
    xs, ys, ids = [], [], []
    for (page,), part in sub.group_by("page", maintain_order=True):
        cols = {c: part[c].to_numpy().astype(np.float64) for c in part.columns
                if c not in ("page", "line", "fold", "rule_role", "set", "group", "blank")}  # fmt: skip
        cols["n"] = part["n"].to_numpy().astype(np.int64)
        cols["title_agree"] = cols["title_recall"] * cols["title_precision"]
        roles = part["rule_role"].to_list()
        content = np.array(
            [(r in _GENERIC and p >= threshold) for r, p in zip(roles, cols["content_p"], strict=True)]
        )
        lines = [x.strip() for x in pages[page]["text"].split("\n")]
        keep, x = page_candidates(cols, lines, content, pages[page]["url"])
        if keep.size == 0:
            continue
        gold = pages[page]["gold_title"]
        y = np.array([gold_title_match(lines[int(cols["n"][k])], gold) for k in keep], dtype=np.int8)
        xs.append(x)
        ys.append(y)
        ids.append(np.full(len(y), page, dtype=np.int64))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ids), len(wanted)


def _fit_softmax(xs: np.ndarray, y: np.ndarray, pages: np.ndarray,
                 l2: float = 1.0) -> tuple[np.ndarray, float]:  # fmt: skip
    """A conditional logit over each page's candidates (the page's title is one of them: a
    softmax over the page, fitted on the pages whose title is a candidate), then one scale
    and intercept fitted pointwise so its score reads as a probability (the order of a
    page's candidates is the softmax's)."""
    from scipy.optimize import minimize
    from sklearn.linear_model import LogisticRegression

    with_title = np.isin(pages, pages[y == 1])
    xg, yg, pg = xs[with_title], y[with_title].astype(bool), pages[with_title]
    order = np.argsort(pg, kind="stable")
    xg, yg, pg = xg[order], yg[order], pg[order]
    _, starts = np.unique(pg, return_index=True)
    group = np.repeat(np.arange(starts.size), np.diff(np.append(starts, pg.size)))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = xg @ w
        zmax = np.maximum.reduceat(z, starts)
        e = np.exp(z - zmax[group])
        total = np.add.reduceat(e, starts)
        pos = np.add.reduceat(np.where(yg, e, 0.0), starts)
        value = float(np.sum(np.log(total) - np.log(pos))) + 0.5 * l2 * float(w @ w)
        # d/dw: sum over candidates of (softmax - softmax restricted to the titles) x
        share = e / total[group] - np.where(yg, e / pos[group], 0.0)
        return value, xg.T @ share + l2 * w

    w = minimize(loss, np.zeros(xs.shape[1]), jac=True, method="L-BFGS-B",
                 options={"maxiter": 2000}).x  # fmt: skip
    cal = LogisticRegression(C=1.0, max_iter=2000).fit((xs @ w)[:, None], y)
    return w * float(cal.coef_[0, 0]), float(cal.intercept_[0])


def fit_title(x: np.ndarray, y: np.ndarray, pages: np.ndarray, total: int,
              objective: str = "pointwise", groups: np.ndarray | None = None,
              calibrate: bool = False) -> dict[str, Any]:  # fmt: skip
    """A linear scorer of title candidates — a logistic regression over candidates
    (`pointwise`) or a softmax over each page's candidates (`softmax`: the finder picks one
    line per page) — and the confidence thresholds under which a page gets no title, chosen
    to make the most pages right (a page is right when its best candidate is its title, or
    when it has no title line and gets none); with `groups` (each row's site), on scores of
    sites held out of the fit. With `calibrate`, also the page's `confidence`: a logistic
    regression on `CONFIDENCE_INPUTS` (best score, gap to the runner-up, number of
    candidates) predicting whether the best candidate is the title, fitted on the same
    (out-of-fold with `groups`) scores; measured on held-out sites it ranked the pages no
    better than the best score (scripts/title_loop.py --calibrate), so the shipped finder
    has none and its confidence is the best score. Exported weights."""
    from sklearn.linear_model import LogisticRegression

    from pagevet.pages.title import CONFIDENCE_INPUTS, TITLE_FEATURES, confidence_inputs

    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    xs = (x - mean) / std

    def fitted(rows: np.ndarray) -> tuple[np.ndarray, float]:
        if objective == "softmax":
            return _fit_softmax(xs[rows], y[rows], pages[rows])
        clf = LogisticRegression(C=1.0, max_iter=2000).fit(xs[rows], y[rows])
        return clf.coef_[0], float(clf.intercept_[0])

    coef, intercept = fitted(np.ones(y.size, dtype=bool))
    prob = 1.0 / (1.0 + np.exp(-(xs @ coef + intercept)))
    if groups is not None:
        # the thresholds are chosen on scores of sites the weights were not fitted on (two
        # inner site folds): scores of the training sites themselves are surer than the
        # finder will be on a new site
        inner = np.array([hashlib.sha256(str(g).encode()).digest()[1] % 2 for g in groups])
        for k in (0, 1):
            if (inner == k).all() or not (inner == k).any() or not y[inner != k].any():
                break
            c, b = fitted(inner != k)
            prob[inner == k] = 1.0 / (1.0 + np.exp(-(xs[inner == k] @ c + b)))
    shown = set(pages[y == 1].tolist())
    per_page: dict[int, list[tuple[float, int]]] = {}
    for page, pr, label in zip(pages.tolist(), prob.tolist(), y.tolist(), strict=True):
        per_page.setdefault(page, []).append((pr, label))
    # per page: best probability, its label, the runner-up's probability
    best = []
    for page, cands in per_page.items():
        cands.sort(reverse=True)
        second = cands[1][0] if len(cands) > 1 else 0.0
        best.append((cands[0][0], cands[0][1], second, page in shown))
    b_pr = np.array([b[0] for b in best])
    b_label = np.array([b[1] for b in best], dtype=bool)
    b_second = np.array([b[2] for b in best])
    b_shown = np.array([b[3] for b in best], dtype=bool)
    unseen = total - len(best)  # pages without candidates: right (no title) at any threshold
    scores = []
    # accept the best candidate when p >= high, or p >= low and p >= margin * runner-up;
    # chosen to make the most pages right (ties: the stricter setting)
    for high in np.arange(0.05, 0.96, 0.05):
        for low in np.arange(0.05, high + 1e-9, 0.05):
            for margin in (2.0, 4.0, 8.0, 16.0, 32.0):
                ok = (b_pr >= high) | ((b_pr >= low) & (b_pr >= margin * b_second))
                right = int(((ok & b_label) | (~ok & ~b_shown)).sum())
                scores.append((right + unseen, high, low, margin))
    top = max(s[0] for s in scores)
    _, high, low, margin = max(
        (s for s in scores if s[0] == top), key=lambda s: (s[1], s[2], s[3])
    )
    threshold = high
    # the page's confidence: was its best candidate the title, from its candidates' scores
    # (out of fold with `groups`, like the thresholds)
    confidence = None
    if calibrate and 0 < b_label.sum() < b_label.size:
        conf_x = np.array([confidence_inputs(np.array([c[0] for c in cands]))
                           for cands in per_page.values()])  # fmt: skip
        cal = LogisticRegression(C=10.0, max_iter=2000).fit(conf_x, b_label)
        confidence = {
            "inputs": list(CONFIDENCE_INPUTS),
            "coef": cal.coef_[0].tolist(),
            "intercept": float(cal.intercept_[0]),
        }
    return {
        "features": list(TITLE_FEATURES),
        "mean": mean.tolist(),
        "std": std.tolist(),
        "coef": np.asarray(coef).tolist(),
        "intercept": float(intercept),
        "threshold": round(float(threshold), 2),
        "threshold_low": round(float(low), 2),
        "margin": float(margin),
    } | ({"confidence": confidence} if confidence else {})


def train(pages: list[dict], frame: pl.DataFrame, kind: str = "logistic") -> dict[str, Any]:
    """Content model and title finder fitted on `pages` (their lines in `frame`)."""
    weights = fit(frame, kind)
    weights["title"] = train_title(pages, frame, weights)
    return weights


def train_title(pages: list[dict], frame: pl.DataFrame, weights: dict[str, Any]) -> dict[str, Any]:
    """The title finder fitted over a content model's `weights`: a softmax over each page's
    candidates, thresholds chosen on inner site folds."""
    x, y, ids, total = title_rows(pages, frame, weights)
    groups = np.array([pages[i]["group"] for i in ids.tolist()])
    return fit_title(x, y, ids, total, "softmax", groups)
