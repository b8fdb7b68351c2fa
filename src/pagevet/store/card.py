"""The dataset card (README.md): YAML from the Hub libraries' own helpers, then prose."""

from __future__ import annotations

from typing import Any

SIZE_CATEGORIES = [
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
]


def size_category(rows: int) -> str:
    return next((name for limit, name in SIZE_CATEGORIES if rows < limit), "10M<n<100M")


def card_yaml(
    *,
    recipe: Any,
    configs: dict[str, dict[str, list[str]]],
    infos: dict[str, dict[str, Any]],
    rows: int,
) -> str:
    """YAML front matter: license, language, configs with data_files, dataset_info (features,
    split sizes, num_bytes), built with huggingface_hub and datasets helpers."""
    from datasets.info import DatasetInfo, DatasetInfosDict
    from datasets.splits import SplitDict, SplitInfo
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    card_data = DatasetCardData(
        language=recipe.languages,
        license=recipe.license,
        pretty_name=recipe.pretty_name,
        size_categories=[size_category(rows)],
        task_categories=recipe.task_categories,
        tags=["pagevet", "web-crawl", "audited"],
    )
    metadata = MetadataConfigs(
        {
            name: {
                "data_files": [{"split": split, "path": paths} for split, paths in files.items()],
                **({"default": True} if name == "default" else {}),
            }
            for name, files in configs.items()
        }
    )
    metadata.to_dataset_card_data(card_data)
    dataset_infos = DatasetInfosDict()
    for name, info in infos.items():
        splits = SplitDict()
        for split, (num_examples, num_bytes) in info["splits"].items():
            splits.add(SplitInfo(name=split, num_bytes=num_bytes, num_examples=num_examples))
        dataset_infos[name] = DatasetInfo(
            features=info["features"],
            splits=splits,
            dataset_size=sum(b for _, b in info["splits"].values()),
            download_size=info["download_size"],
            config_name=name,
        )
    dataset_infos.to_dataset_card_data(card_data)
    return card_data.to_yaml()


def card_markdown(
    *,
    recipe: Any,
    version: str,
    parent: str | None,
    yaml_text: str,
    counts: dict[str, Any],
    suites: dict[str, Any],
    change: str,
    fields: list[tuple[str, str]],
) -> str:
    lines = ["---", yaml_text.strip(), "---", "", f"# {recipe.pretty_name}", ""]
    lines += [recipe.description or "A dataset of web pages built with pagevet.", ""]
    lines += [
        f"Version **v{version}**" + (f" (parent v{parent})." if parent else " (first version)."),
        "",
        "## Where the data came from and how it was processed",
        "",
        "Pages were read from the crawl folders named in the recipe (`dataset.toml`, sha256 "
        f"`{recipe.sha256[:12]}`), parsed by pagevet into fields (title, slug, lead, clean text, "
        "byline, dates, source) with a role for every line, and audited by pagevet's rules. "
        "The `default` config holds every readable page with its clean text, findings and one "
        "boolean `flag__<rule>` column per rule; the `clean` config holds the pages without an "
        "error finding and only their clean text, for training; the `raw` config holds every page read, "
        "including unreadable ones, with the raw text. Splits come from a hash of the page id; "
        "pages with the same text or in one near-duplicate cluster share the split of the "
        "group's smallest id, so no text is in two splits and a page keeps its split across "
        "versions.",
        "",
        "## Quality",
        "",
        f"{counts['pages']} pages read, {counts['readable']} readable.",
        "",
        "| rule | pages flagged | error | warning | info |",
        "|---|---:|---:|---:|---:|",
    ]
    for rule, per in counts["findings"].items():
        lines.append(
            f"| `{rule}` | {counts['flags'].get(rule, 0)} | {per.get('error', 0)} | "
            f"{per.get('warning', 0)} | {per.get('info', 0)} |"
        )
    lines.append("")
    if suites:
        lines += ["| suite | verdict | expectations passed |", "|---|---|---:|"]
        for name, result in suites.items():
            verdict = "pass" if result["success"] else "FAIL"
            lines.append(f"| `{name}` | {verdict} | {result['passed']}/{result['evaluated']} |")
        lines.append("")
    if "clean" in counts:
        from pagevet.store.clean import card_section

        lines += card_section(counts["clean"])
    lines += ["## Fields", "", "| column | meaning |", "|---|---|"]
    lines += [f"| `{name}` | {meaning} |" for name, meaning in fields]
    lines += [
        "",
        "## Known limitations",
        "",
        "- Line roles and findings come from heuristics (marker lexicons, repetition, slug "
        "lines, corpus frequency); check the `findings` evidence before dropping pages.",
        "- Publication years inferred from day/month datelines (`published_from = inferred`) "
        "can be off by one around new year.",
        "- Page text belongs to its publishers; check the license of the sources before reuse.",
        "",
        "## Changes from the parent version",
        "",
        change,
        "",
    ]
    return "\n".join(lines)


FIELD_DOCS = [
    ("id", "stable page id (file name hash, record id, or sha256 of url/content)"),
    ("source", "site the page came from"),
    ("url", "URL as given"),
    ("slug", "slug as observed (URL path or the page's slug lines)"),
    ("title", "headline"),
    ("lead", "lead paragraph"),
    ("text", "clean main text: the lead and the body paragraphs"),
    ("byline", "author/credit line"),
    ("published_at", "publication date; `published_from` says how it was found"),
    ("crawled_at", "crawl date; `crawled_from` says how it was found"),
    ("language", "detected language (py3langid)"),
    ("line_roles", "role of every input line: title, lead, body, caption, byline, related, nav, "
     "artifact, spam, blank"),
    ("findings", "rule, severity, line, message, evidence (JSON) of every problem found"),
    ("flag__<rule>", "true when the page has a warning or error finding of that rule (info "
     "findings are in `findings` only)"),
    ("nav_char_share", "share of the page's characters in navigation/teaser/spam lines"),
    ("slug_verdict", "match, truncated, edited, mismatch or unknown; `slug_score` in 0..1"),
    ("split", "train/validation/test by a hash of `id` (of the smallest id among a page's "
     "exact and near duplicates)"),
    ("path, sha256, bytes, encoding", "provenance of the page as read"),
]  # fmt: skip
