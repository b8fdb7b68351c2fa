"""Evaluate pagevet's parser and rules: per-rule precision/recall/F1 and per-role precision/
recall on a labelled dataset, and, when ../shared/eval is present, clean-text shingle F1 on
real page dumps and false-positive rates on clean Vietnamese news.

Example:

    python scripts/evaluate.py datasets/sample-news --eval ../shared/eval --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pagevet.evaluate import (
    cross_site,
    date_accuracy,
    evaluate_dumps,
    evaluate_labels,
    false_positive_rates,
    rule_false_alarm_rates,
)

TARGET = 0.95  # precision and recall each rule must reach on the sample labels


def _table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda r: "  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])


def _cross_site_table(result: dict) -> str:
    rows = []
    for name in result["cross_site"]:
        row = [name, result["cross_site"][name]["pages"]]
        for how in ("cross_site", "in_sample", "rules_only"):
            v = result[how][name]
            c = v["content_lines"]
            title = "-" if v["title_accuracy"] is None else (
                f"{v['title_accuracy']:.3f} ({v['title_accuracy_shown']:.3f} of "
                f"{v['title_shown_pages']} shown)"
            )
            row += [f"{v['text_precision']:.3f}/{v['text_recall']:.3f}/{v['text_f1']:.3f}",
                    f"{c['precision']:.3f}/{c['recall']:.3f}", title]  # fmt: skip
        rows.append(row)
    head = ["set", "pages"]
    for how in ("held-out", "in-sample", "rules-only"):
        head += [f"{how} text P/R/F1", "lines P/R", "title acc"]
    return (
        f"\n== cross-site ({result['folds']} site folds; text dumps with URL, no metadata "
        f"title; {'with' if result.get('smoothed') else 'without'} the smoother): held-out "
        f"sites beside the in-sample fit and the rules alone\n"
        + _table(rows, head)
    )


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _print_false_alarms(eval_dir: Path, out: dict) -> None:
    """Rule false alarms on clean news (dantri, danes, baomoi) and title/slug pairs (danes)."""
    result = rule_false_alarm_rates(eval_dir)
    out["false_alarms"] = result
    for name, r in result.items():
        if name == "danes_slug_pairs":
            continue
        print(
            f"\n== {name}: {r['pages']} clean pages: rule false alarms (findings a person read "
            "and confirmed are not counted)"
        )
        for rule, v in r["rules"].items():
            print(
                f"  {rule}: {v['false']} false ({v['false_rate']:.2%}), {v['confirmed']} confirmed"
            )
            for flag in v["flags"][:10]:
                print(f"    {flag['id']} {flag['url']}: {' | '.join(flag['findings'])[:160]}")
        s = r["title_slug_errors"]
        print(
            f"  title-slug-mismatch errors on the {s['pages']} pages with a given title: "
            f"{s['errors']} ({s['rate']:.2%})"
        )
    pairs = result.get("danes_slug_pairs")
    if pairs:
        print(
            f"\n== danes title/URL pairs: {pairs['pages']} real pairs, verdicts "
            f"{json.dumps(pairs['verdicts'])}; false errors {pairs['errors']} "
            f"({pairs['error_rate']:.2%}); shuffled pairs found {pairs['shuffled_found']}/"
            f"{pairs['shuffled']} ({pairs['shuffled_found_rate']:.2%}), "
            f"{pairs['shuffled_errors']} as errors"
        )
        for flag in pairs["error_flags"][:10]:
            print(f"    {flag['id']} {flag['url']}: {' | '.join(flag['findings'])[:160]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", type=Path, help="dataset folder with labels.jsonl")
    parser.add_argument("--eval", type=Path, help="folder of real pages (../shared/eval)")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--check-targets",
        action="store_true",
        help=f"exit 1 unless every rule has precision and recall ≥ {TARGET}",
    )
    parser.add_argument(
        "--cross-site",
        action="store_true",
        help="also fit the content model and title finder on half of the sites of --eval and "
        "score the other half, then swap (needs the `train` extra)",
    )
    parser.add_argument("--folds", type=int, default=2, help="site folds for --cross-site")
    parser.add_argument(
        "--kind",
        choices=["hgb", "logistic"],
        default="hgb",
        help="the content model --cross-site fits (the shipped one is hgb)",
    )
    parser.add_argument(
        "--max-pages", type=int, help="--cross-site on the first N pages of each set only"
    )
    parser.add_argument(
        "--smooth",
        action="store_true",
        help="--cross-site with a smoother (pagevet.pages.smoothing) fitted per fold over the "
        "content model's out-of-fold p (none is shipped: it measured worse on held-out sites)",
    )
    args = parser.parse_args(argv)

    out: dict = {"labels": evaluate_labels(args.dataset)}
    labels = out["labels"]
    print(f"== {args.dataset}: {labels['pages']} labelled pages")
    print(
        _table(
            [
                [
                    r,
                    v["tp"],
                    v["fp"],
                    v["fn"],
                    f"{v['precision']:.3f}",
                    f"{v['recall']:.3f}",
                    f"{v['f1']:.3f}",
                ]
                for r, v in labels["rules"].items()
            ],
            ["rule", "tp", "fp", "fn", "precision", "recall", "f1"],
        )
    )
    roles = labels["line_roles"]
    print(
        f"\nline roles: accuracy {roles['accuracy']:.4f} over {roles['lines']} non-blank lines; "
        f"clean-text shingle F1 {labels['text_f1']:.4f}"
    )
    print(
        _table(
            [
                [r, v["tp"], v["fp"], v["fn"], f"{v['precision']:.3f}", f"{v['recall']:.3f}"]
                for r, v in roles["roles"].items()
            ],
            ["role", "tp", "fp", "fn", "precision", "recall"],
        )
    )

    if args.eval and args.eval.is_dir():
        for name, gold in (("aeb", "gold_article_body"), ("readability", "gold_article_text")):
            path = args.eval / name / "docs.jsonl"
            if path.is_file():
                result = evaluate_dumps(_read_jsonl(path), gold, name)
                out[name] = result
                c = result["content_lines"]
                print(
                    f"\n== {name}: {result['pages']} pages: clean-text shingle P/R/F1 "
                    f"{result['text_precision']:.3f}/{result['text_recall']:.3f}/"
                    f"{result['text_f1']:.3f}; content lines P/R {c['precision']:.3f}/"
                    f"{c['recall']:.3f}"
                )
        path = args.eval / "dantri" / "docs.jsonl"
        if path.is_file():
            records = [
                {
                    "id": r.get("doc_id"),
                    "url": r.get("url"),
                    "title": r.get("title"),
                    "text": r.get("text"),
                    "date": r.get("date"),
                }
                for r in _read_jsonl(path)
            ]
            dates = date_accuracy(records, "dantri")
            out["dantri_dates"] = dates
            print(
                f"\n== dantri: published_at from the text and URL alone equals the dataset's "
                f"date on {dates['accuracy']:.2%} of {dates['pages']} pages; by how it was "
                f"found: {json.dumps(dates['by_source'])}"
            )
            rules = ["date-range-inconsistent", "title-slug-mismatch", "date-implausible"]
            result = false_positive_rates(records, "dantri", rules)
            out["dantri"] = result
            print(
                f"\n== dantri: {result['pages']} clean news pages, flag rates (false positives "
                "unless a person reading the flag finds a real problem):"
            )
            for rule, r in result["rules"].items():
                print(f"  {rule}: {r['flagged']} pages ({r['rate']:.2%})")
                for flag in r["flags"][:15]:
                    print(f"    {flag['id']} {flag['url']}: {' | '.join(flag['findings'])[:200]}")
        _print_false_alarms(args.eval, out)
        if args.cross_site:
            result = cross_site(
                args.eval, args.dataset, folds=args.folds, max_pages=args.max_pages,
                kind=args.kind, smooth=args.smooth,
            )
            out["cross_site"] = result
            print(_cross_site_table(result))
    elif args.eval:
        print(f"\n{args.eval} not found: only the labelled dataset was evaluated")

    if args.json:
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False), "utf-8")
    if args.check_targets:
        failing = [
            r for r, v in labels["rules"].items() if v["precision"] < TARGET or v["recall"] < TARGET
        ]
        if failing:
            print(f"\nbelow target {TARGET}: {', '.join(failing)}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
