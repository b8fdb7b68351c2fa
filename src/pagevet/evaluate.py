"""How good the parser and the rules are: line-role precision/recall, clean-text shingle F1
and per-rule precision/recall/F1 against labels, plus false-positive rates on clean news."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pagevet.config import Config, load_config
from pagevet.pages.roles import ROLES
from pagevet.pipeline import run

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-gram multiset, as the article-extraction benchmark scores extracted text."""
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def shingle_prf(predicted: str, gold: str, n: int = 4) -> tuple[float, float, float]:
    p, g = shingles(predicted, n), shingles(gold, n)
    if not p and not g:
        return 1.0, 1.0, 1.0
    common = sum((p & g).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4)}  # fmt: skip


def role_scores(pairs: list[tuple[list[str], list[str]]]) -> dict[str, Any]:
    """Per-role precision/recall over (predicted, gold) role lists, blank lines excluded."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    right = total = 0
    for predicted, gold in pairs:
        for p, g in zip(predicted, gold, strict=False):
            if g == "blank":
                continue
            total += 1
            if p == g:
                tp[p] += 1
                right += 1
            else:
                fp[p] += 1
                fn[g] += 1
    per_role = {
        r: _prf(tp[r], fp[r], fn[r]) for r in ROLES if r != "blank" and (tp[r] + fp[r] + fn[r])
    }
    return {
        "accuracy": round(right / total, 4) if total else 1.0,
        "lines": total,
        "roles": per_role,
    }


def evaluate_labels(dataset_dir: str | Path, config: Config | None = None) -> dict[str, Any]:
    """Parser and rules against a dataset's `labels.jsonl` (the bundled sample has one)."""
    from pagevet.store.recipe import load_recipe

    dataset_dir = Path(dataset_dir)
    recipe = load_recipe(dataset_dir)
    config = config or load_config(dataset_dir).merged(recipe.as_config_table(), "recipe")
    labels = {
        row["id"]: row
        for row in map(json.loads, (dataset_dir / "labels.jsonl").read_text("utf-8").splitlines())
    }
    pages = run(recipe.sources, config, source_names=recipe.source_names).pages
    pairs, text_scores = [], []
    fired: dict[str, set[str]] = {}
    for row in pages.iter_rows(named=True):
        label = labels.get(row["id"])
        if label is None:
            continue
        predicted = [r["role"] for r in row["line_roles"]]
        pairs.append((predicted, label["line_roles"]))
        lines = (row["page_text"] or "").split("\n")
        gold_text = "\n".join(
            line.strip()
            for line, role in zip(lines, label["line_roles"], strict=False)
            if role in ("lead", "body")
        )
        text_scores.append(shingle_prf(row["text"] or "", gold_text)[2])
        for f in row["findings"]:
            fired.setdefault(f["rule"], set()).add(row["id"])
    expected: dict[str, set[str]] = {}
    for page_id, label in labels.items():
        for f in label["expected_findings"]:
            expected.setdefault(f["rule"], set()).add(page_id)
    rules = {}
    for rule in sorted(set(expected) | set(fired)):
        got, want = fired.get(rule, set()), expected.get(rule, set())
        rules[rule] = _prf(len(got & want), len(got - want), len(want - got))
        rules[rule]["false_positives"] = sorted(got - want)[:10]
        rules[rule]["misses"] = sorted(want - got)[:10]
    return {
        "pages": len(pairs),
        "line_roles": role_scores(pairs),
        "text_f1": round(sum(text_scores) / len(text_scores), 4) if text_scores else None,
        "rules": rules,
    }


def _raw_rows(records: list[dict[str, Any]], source_name: str) -> pa.Table:
    from pagevet.sources.schema import RAW_SCHEMA

    rows = []
    for i, r in enumerate(records):
        text = r.get("text") or ""
        rows.append(
            {
                "id": str(r.get("id") or f"{source_name}-{i}"),
                "path": f"{source_name}/docs.jsonl",
                "record": i,
                "offset": None,
                "format": "jsonl",
                "sha256": "",
                "bytes": len(text.encode("utf-8")),
                "encoding": "utf-8",
                "url": r.get("url"),
                "title": r.get("title"),
                "author": None,
                "published_at": r.get("date"),
                "crawled_at": None,
                "source": None,
                "text": text,
                "raw": text,
                "error": None,
            }
        )
    return pa.Table.from_pylist(rows, schema=RAW_SCHEMA)


def _frame_of(
    records: list[dict[str, Any]], name: str, config: Config, *, dates: bool = False
) -> pl.DataFrame:
    """Parse eval records through the same pipeline as a crawl (rules included); with
    `dates`, their `date` is given as metadata like a scraper export would."""
    import tempfile

    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        columns = ["id", "url", "title", "text", *(["published_at"] if dates else [])]
        table = _raw_rows(records, name).select(columns)
        path = Path(tmp) / f"{name}.parquet"
        pq.write_table(table, path)
        return run([path], config).pages


def evaluate_dumps(records: list[dict[str, Any]], gold_key: str, name: str) -> dict[str, Any]:
    """Full-page text dumps with a gold main text: rough line labels (a line is content when
    it occurs in the gold text) and clean-text shingle F1. Titles are given as metadata."""
    config = Config(select=["nav-spam"])
    frame = _frame_of([{k: r.get(k) for k in ("url", "title", "text")} | {"id": str(i)}
                       for i, r in enumerate(records)], name, config)  # fmt: skip
    by_id = {str(i): r for i, r in enumerate(records)}
    f1s, precisions, recalls = [], [], []
    tp = fp = fn = 0
    for row in frame.iter_rows(named=True):
        gold = by_id[row["id"]][gold_key] or ""
        p, r, f = shingle_prf(row["text"] or "", gold)
        precisions.append(p)
        recalls.append(r)
        f1s.append(f)
        gold_norm = " ".join(gold.split())
        for line, role in zip((row["page_text"] or "").split("\n"),
                              (x["role"] for x in row["line_roles"]), strict=False):  # fmt: skip
            norm = " ".join(line.split())
            if not norm:
                continue
            content = norm in gold_norm
            kept = role in ("lead", "body", "title")
            tp += content and kept
            fp += kept and not content
            fn += content and not kept
    n = len(f1s) or 1
    return {
        "pages": len(f1s),
        "text_precision": round(sum(precisions) / n, 4),
        "text_recall": round(sum(recalls) / n, 4),
        "text_f1": round(sum(f1s) / n, 4),
        "content_lines": _prf(tp, fp, fn),
    }


def date_accuracy(records: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """How often the publication date parsed from the text (and URL) alone equals the date
    the records carry, by how it was found."""
    from pagevet.text.dates import parse_date

    frame = _frame_of(records, name, Config(select=["too-short"]))
    truth = {str(r.get("id")): parse_date(r.get("date")) for r in records}
    by_how: dict[str, list[int]] = {}
    for row in frame.iter_rows(named=True):
        expected = truth.get(row["id"])
        if expected is None:
            continue
        how = row["published_from"] or "none"
        by_how.setdefault(how, []).append(int(row["published_at"] == expected))
    total = [x for xs in by_how.values() for x in xs]
    return {
        "pages": len(total),
        "accuracy": round(sum(total) / len(total), 4) if total else None,
        "by_source": {
            k: {"pages": len(v), "accuracy": round(sum(v) / len(v), 4)}
            for k, v in sorted(by_how.items())
        },  # fmt: skip
    }


def false_positive_rates(
    records: list[dict[str, Any]], name: str, rules: list[str]
) -> dict[str, Any]:
    """Share of clean pages each rule flags (dates given as metadata, as a scraper export
    would), with the flags for a person to read."""
    config = Config(select=rules)
    frame = _frame_of(records, name, config, dates=True)
    out: dict[str, Any] = {"pages": frame.height, "rules": {}}
    for rule in rules:
        flagged = frame.filter(pl.col(f"flag__{rule}"))
        flags = [
            {"id": row["id"], "url": row["url"], "findings": [
                f["message"] for f in row["findings"] if f["rule"] == rule]}
            for row in flagged.iter_rows(named=True)
        ]  # fmt: skip
        out["rules"][rule] = {
            "flagged": flagged.height,
            "rate": round(flagged.height / frame.height, 4) if frame.height else 0.0,
            "flags": flags,
        }
    return out


# Findings on the clean sets that a person read and found right: not false alarms. The danes
# sample of news titles holds a lottery results page and a betting-tips page. Keyed by URL.
CONFIRMED_FINDINGS: dict[str, frozenset[str]] = {
    "gambling-spam": frozenset(
        {
            "https://bnews.vn/ket-qua-xo-so-mien-bac-hom-nay-9-10/216164.html",
            "https://bongda24h.vn/nhan-dinh-bong-da-brazil/"
            "soi-keo-avai-vs-cruzeiro-hang-2-brazil-2021-607-298362.html",
        }
    ),
}
# Rules that must raise no false alarm on clean news, and the clean sets they are judged on.
FALSE_ALARM_RULES = ("gambling-spam", "date-range-inconsistent")
CLEAN_NEWS_SETS = ("dantri", "danes", "baomoi")


def read_eval_records(path: str | Path) -> list[dict[str, Any]]:
    """id, url, title, text, date of every page of an eval set's docs.jsonl (ids are the
    record's doc_id or its line number)."""
    records = []
    lines = Path(path).read_text("utf-8").splitlines()
    for n, line in enumerate(x for x in lines if x.strip()):
        r = json.loads(line)
        records.append(
            {
                "id": str(r.get("doc_id") or n),
                "url": r.get("url"),
                "title": r.get("title"),
                "text": r.get("text") or "",
                "date": r.get("date"),
            }
        )
    return records


def _rule_flags(frame: pl.DataFrame, rule: str) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "url": row["url"],
            "severities": sorted({f["severity"] for f in row["findings"] if f["rule"] == rule}),
            "findings": [f["message"] for f in row["findings"] if f["rule"] == rule],
        }
        for row in frame.filter(pl.col(f"flag__{rule}")).iter_rows(named=True)
    ]


def false_alarms(records: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Pages of a clean news set that gambling-spam and date-range-inconsistent flag, split
    into findings a person confirmed (`CONFIRMED_FINDINGS`) and false alarms; and the
    title-slug-mismatch errors on the pages whose title is given (their slug renders it)."""
    rules = [*FALSE_ALARM_RULES, "title-slug-mismatch"]
    frame = _frame_of(records, name, Config(select=rules), dates=True)
    out: dict[str, Any] = {"pages": frame.height, "rules": {}}
    for rule in FALSE_ALARM_RULES:
        flags = _rule_flags(frame, rule)
        confirmed = CONFIRMED_FINDINGS.get(rule, frozenset())
        false = [f for f in flags if f["url"] not in confirmed]
        out["rules"][rule] = {
            "flagged": len(flags),
            "confirmed": len(flags) - len(false),
            "false": len(false),
            "false_rate": round(len(false) / frame.height, 4) if frame.height else 0.0,
            "flags": flags,
        }
    titled = {r["id"] for r in records if r.get("title")}
    errors = [
        f
        for f in _rule_flags(frame, "title-slug-mismatch")
        if f["id"] in titled and "error" in f["severities"]
    ]
    out["title_slug_errors"] = {
        "pages": len(titled),
        "errors": len(errors),
        "rate": round(len(errors) / len(titled), 4) if titled else 0.0,
        "flags": errors,
    }
    return out


def shuffled_pairs(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each record's title and text under another record's URL: the record half the list
    further on, so the pairing is deterministic and never pairs a page with itself."""
    n = len(records)
    return [
        {**r, "id": f"{r['id']}~{records[(k + n // 2) % n]['id']}",
         "url": records[(k + n // 2) % n]["url"]}
        for k, r in enumerate(records)
    ] if n > 1 else []  # fmt: skip


def slug_pairs(records: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """title-slug-mismatch on real title/URL pairs (their slug renders the title, bar the odd
    edited headline): errors are false alarms; and on shuffled pairs (a title under another
    page's URL): every one should be flagged. Only pages whose own pair can be compared (a
    slug with words, a title) are shuffled."""
    config = Config(select=["title-slug-mismatch"])
    real = _frame_of(records, name, config)
    verdicts = real.select("id", "slug_verdict")
    counts = dict(sorted(Counter(verdicts["slug_verdict"].to_list()).items()))
    errors = [f for f in _rule_flags(real, "title-slug-mismatch") if "error" in f["severities"]]
    known = set(verdicts.filter(pl.col("slug_verdict") != "unknown")["id"].to_list())
    shuffled = _frame_of(shuffled_pairs([r for r in records if r["id"] in known]), name, config)
    found = shuffled.filter(pl.col("flag__title-slug-mismatch"))
    shuffled_errors = _rule_flags(shuffled, "title-slug-mismatch")
    missed = shuffled.filter(~pl.col("flag__title-slug-mismatch"))
    return {
        "pages": real.height,
        "verdicts": counts,
        "errors": len(errors),
        "error_rate": round(len(errors) / real.height, 4) if real.height else 0.0,
        "error_flags": errors,
        "shuffled": shuffled.height,
        "shuffled_found": found.height,
        "shuffled_found_rate": round(found.height / shuffled.height, 4) if shuffled.height else 1.0,
        "shuffled_errors": sum("error" in f["severities"] for f in shuffled_errors),
        "shuffled_missed": [
            {"id": row["id"], "title": row["title"], "url": row["url"]}
            for row in missed.iter_rows(named=True)
        ],
    }


def rule_false_alarm_rates(eval_dir: str | Path) -> dict[str, Any]:
    """`false_alarms` on each clean news set present in `eval_dir` (dantri, danes, baomoi) and
    `slug_pairs` on danes."""
    eval_dir = Path(eval_dir)
    out: dict[str, Any] = {}
    for name in CLEAN_NEWS_SETS:
        path = eval_dir / name / "docs.jsonl"
        if path.is_file():
            records = read_eval_records(path)
            out[name] = false_alarms(records, name)
            if name == "danes":
                out["danes_slug_pairs"] = slug_pairs(records, name)
    return out


def _top_set(name: str) -> str:
    return name.split("/")[0]


def _parse_scores(pages: list[dict], parsed: list[Any]) -> dict[str, Any]:
    """Per set: clean-text shingle P/R/F1 (mean over pages), content-line P/R (title, lead
    and body count as kept) and title accuracy (exact after folding, against the gold title
    or its headline without the site and section names; a gold title an extractor cut at the
    headline's own quote mark matches the headline it starts: `gold_title_match`), over the
    pages given."""
    from pagevet.pages.title import gold_title_match

    acc: dict[str, dict[str, Any]] = {}
    for page, got in zip(pages, parsed, strict=True):
        a = acc.setdefault(_top_set(page["set"]), {"p": [], "r": [], "f": [], "tp": 0, "fp": 0,
                                                    "fn": 0, "titles": 0, "right": 0, "shown": 0,
                                                    "shown_right": 0})  # fmt: skip
        p, r, f = shingle_prf(got.text or "", page["gold"] or "")
        a["p"].append(p)
        a["r"].append(r)
        a["f"].append(f)
        for role, label in zip(got.roles, page["labels"], strict=False):
            if role == "blank":
                continue
            kept = role in ("lead", "body", "title")
            a["tp"] += kept and label == 1
            a["fp"] += kept and label == 0
            a["fn"] += (not kept) and label == 1
        gold_title = page.get("gold_title")
        if gold_title and gold_title.strip():
            right = gold_title_match(got.title, gold_title)
            a["titles"] += 1
            a["right"] += right
            if any(gold_title_match(x, gold_title) for x in (page["text"] or "").split("\n")):
                a["shown"] += 1
                a["shown_right"] += right
    out = {}
    for name, a in sorted(acc.items()):
        n = len(a["f"]) or 1
        out[name] = {
            "pages": len(a["f"]),
            "text_precision": round(sum(a["p"]) / n, 4),
            "text_recall": round(sum(a["r"]) / n, 4),
            "text_f1": round(sum(a["f"]) / n, 4),
            "content_lines": _prf(a["tp"], a["fp"], a["fn"]),
            "title_pages": a["titles"],
            "title_accuracy": round(a["right"] / a["titles"], 4) if a["titles"] else None,
            # pages whose gold title is one of their lines: what a finder can get right
            "title_shown_pages": a["shown"],
            "title_accuracy_shown": round(a["shown_right"] / a["shown"], 4) if a["shown"] else None,
        }
    return out


def site_folds(pages: list[dict], folds: int = 2) -> list[int]:
    """The cross-site fold of each labelled page: a hash of its site (`group`), so every
    page of a site falls in the same fold, whatever pages are evaluated."""
    import hashlib

    return [hashlib.sha256(p["group"].encode()).digest()[0] % folds for p in pages]


def prepared_pages(
    eval_dir: str | Path,
    sample_dir: str | Path | None = None,
    sets: tuple[str, ...] = ("aeb", "readability", "cleaning"),
    max_pages: int | None = None,
) -> tuple[list[dict], list[Any], list[Any], pl.DataFrame, pl.DataFrame]:
    """The labelled pages `cross_site` judges (the first `max_pages` of each eval set, then
    the sample's), their parser inputs, rule passes, line features and labelled lines."""
    from pagevet.pages.markers import load_markers
    from pagevet.pages.parse import feature_pass, rule_pass
    from pagevet.pages.training import eval_pages, labelled_frame, page_inputs, sample_pages

    pages = eval_pages(eval_dir, sets)
    if max_pages:
        seen: Counter[str] = Counter()
        kept = []
        for p in pages:
            seen[_top_set(p["set"])] += 1
            if seen[_top_set(p["set"])] <= max_pages:
                kept.append(p)
        pages = kept
    if sample_dir:
        pages += sample_pages(sample_dir)
    markers = load_markers()
    inputs = page_inputs(pages)
    rules = [rule_pass(x.text, x.title, markers) for x in inputs]
    features = feature_pass(inputs, rules, markers)
    return pages, inputs, rules, features, labelled_frame(pages, features)


def cross_site(
    eval_dir: str | Path,
    sample_dir: str | Path | None = None,
    *,
    folds: int = 2,
    sets: tuple[str, ...] = ("aeb", "readability", "cleaning"),
    max_pages: int | None = None,
    kind: str = "logistic",
    compare: bool = True,
    smooth: bool = False,
) -> dict[str, Any]:
    """The learned parser judged on sites it was not fitted on.

    Pages (text dumps: URL known, no metadata title) are grouped by site; fold k's sites are
    parsed by a model fitted on the other folds' sites, and the scores of every page come
    from the fold that held it out. `in_sample` is the same parse with the model fitted on
    every page, for comparison. Template-line frequencies are counted per site over the
    pages evaluated, as a crawl would. `max_pages` keeps the first pages of each set (a
    quicker run); without `compare`, only the held-out figures. With `smooth`, the smoother
    (`pagevet.pages.smoothing`) is fitted with the content model, on the same sites (on
    out-of-fold p of inner site folds of them), as the parser would ship it (none is shipped:
    on held-out sites it measured worse, see scripts/smooth_loop.py). Needs scikit-learn
    (the `train` extra)."""
    from pagevet.pages.model import ContentModel
    from pagevet.pages.parse import finish_pages
    from pagevet.pages.smoothing import Smoother
    from pagevet.pages.training import train, train_smoother

    pages, inputs, rules, features, frame = prepared_pages(eval_dir, sample_dir, sets, max_pages)
    fold_of = site_folds(pages, folds)

    def fitted(rows: pl.DataFrame) -> tuple[ContentModel, Smoother | None]:
        weights = train(pages, rows, kind)
        smoother = Smoother(train_smoother(rows, "hgb", kind)) if smooth else None
        return ContentModel(weights), smoother

    def run(models: tuple[ContentModel, Smoother | None], idx: list[int]) -> list[Any]:
        sub = features.filter(pl.col("page").is_in(idx))
        return finish_pages([inputs[i] for i in idx], [rules[i] for i in idx], sub, models[0],
                            0.5, models[1])  # fmt: skip

    held_out: list[Any] = [None] * len(pages)
    for k in range(folds):
        train_idx = [i for i, f in enumerate(fold_of) if f != k]
        test_idx = [i for i, f in enumerate(fold_of) if f == k]
        if not test_idx or not train_idx:
            continue
        models = fitted(frame.filter(pl.col("page").is_in(train_idx)))
        for i, got in zip(test_idx, run(models, test_idx), strict=True):
            held_out[i] = got
    everything = list(range(len(pages)))
    done = [i for i in everything if held_out[i] is not None]
    out = {
        "folds": folds,
        "pages": len(pages),
        "smoothed": smooth,
        "cross_site": _parse_scores([pages[i] for i in done], [held_out[i] for i in done]),
    }
    if compare:
        in_sample = run(fitted(frame), everything)
        out["in_sample"] = _parse_scores(pages, in_sample)
        out["rules_only"] = _parse_scores(pages, finish_pages(inputs, rules, None, None, 0.5))
    return out
