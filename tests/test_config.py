"""`[tool.pagevet]` in pyproject.toml and a recipe's `[rules]`: merged settings and the errors
that name the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pagevet.config import Config, find_pyproject, load_config
from pagevet.errors import PagevetError
from pagevet.rules.engine import select_rules

PYPROJECT = """\
[project]
name = "tin-tuc"

[tool.pagevet]
select = ["nav-spam", "too-short", "near-duplicate", "language-mismatch"]
ignore = ["near-duplicate"]
fail-on = "warning"
languages = ["vi"]
markers = ["lexicons/extra.toml"]

[tool.pagevet.severity]
nav-spam = "warning"

[tool.pagevet.rules.too-short]
min_chars = 300

[tool.pagevet.rules.language-mismatch]
min_score = 0.8
"""


def project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(text, "utf-8")
    return tmp_path


def test_defaults_without_a_pyproject(tmp_path: Path) -> None:
    assert find_pyproject(tmp_path) is None
    config = load_config(tmp_path)
    assert config == Config()
    assert (config.select, config.ignore, config.fail_on, config.origin) == (
        None,
        [],
        "error",
        "defaults",
    )


def test_a_pyproject_without_the_table_keeps_the_defaults(tmp_path: Path) -> None:
    project(tmp_path, '[project]\nname = "x"\n')
    assert load_config(tmp_path) == Config()


def test_tool_pagevet_settings(tmp_path: Path) -> None:
    project(tmp_path, PYPROJECT)
    config = load_config(tmp_path)
    assert config.select == ["nav-spam", "too-short", "near-duplicate", "language-mismatch"]
    assert config.ignore == ["near-duplicate"]
    assert config.fail_on == "warning"
    assert config.severity == {"nav-spam": "warning"}
    assert config.languages == ["vi"]
    assert config.params == {
        "too-short": {"min_chars": 300},
        "language-mismatch": {"languages": ["vi"], "min_score": 0.8},
    }
    # Marker files are resolved against the pyproject's folder.
    assert config.markers == [str((tmp_path / "lexicons" / "extra.toml").resolve())]
    assert config.origin == str((tmp_path / "pyproject.toml").resolve())
    assert [r.id for r in select_rules(config)] == ["nav-spam", "language-mismatch", "too-short"]


def test_the_nearest_pyproject_of_a_subfolder_is_used(tmp_path: Path) -> None:
    project(tmp_path, PYPROJECT)
    deep = tmp_path / "crawl" / "2024" / "05"
    deep.mkdir(parents=True)
    assert find_pyproject(deep) == tmp_path / "pyproject.toml"
    assert load_config(deep).fail_on == "warning"


def test_the_current_folder_is_the_default_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, PYPROJECT)
    monkeypatch.chdir(tmp_path)
    assert load_config().select is not None


def test_a_recipe_s_rules_come_after_the_pyproject(tmp_path: Path) -> None:
    project(tmp_path, PYPROJECT)
    recipe = {
        "languages": ["vi", "en"],
        "rules": {
            "ignore": ["language-mismatch"],
            "severity": {"too-short": "info"},
            "rules": {"too-short": {"min_chars": 150}, "nav-spam": {"warning_share": 0.3}},
        },
    }
    config = load_config(tmp_path, recipe)
    assert config.origin == "recipe"
    assert config.ignore == ["near-duplicate", "language-mismatch"]
    assert config.severity == {"nav-spam": "warning", "too-short": "info"}
    assert config.params["too-short"] == {"min_chars": 150}
    assert config.params["nav-spam"] == {"warning_share": 0.3}
    assert config.languages == ["vi", "en"]
    # The recipe's languages become the parameter; explicit parameters still win.
    assert config.params["language-mismatch"] == {"languages": ["vi"], "min_score": 0.8}
    assert config.fail_on == "warning"


def test_recipe_languages_without_a_pyproject(tmp_path: Path) -> None:
    config = load_config(tmp_path, {"languages": ["vi"]})
    assert config.params == {"language-mismatch": {"languages": ["vi"]}}


def test_unknown_setting_names_the_file_and_the_valid_ones(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet]\nfail_on = "warning"\nselcet = ["nav-spam"]\n')
    with pytest.raises(PagevetError) as raised:
        load_config(tmp_path)
    message = str(raised.value)
    assert str(tmp_path / "pyproject.toml") in message
    assert "unknown setting(s) fail_on, selcet" in message
    assert "valid settings are exclude, fail-on, ignore, languages, markers, per-file-ignores, rules, select, severity, waive" in (
        message
    )


def test_unknown_severity_names_the_file_the_rule_and_the_valid_ones(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet.severity]\nnav-spam = "fatal"\n')
    with pytest.raises(PagevetError) as raised:
        load_config(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path / 'pyproject.toml'}: severity 'fatal' for nav-spam is not one of "
        "info, warning, error"
    )


def test_unknown_fail_on_names_the_file(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet]\nfail-on = "critical"\n')
    with pytest.raises(PagevetError, match=r"pyproject\.toml: fail-on 'critical' is not one of "
                       r"info, warning, error, never"):  # fmt: skip
        load_config(tmp_path)


def test_fail_on_never(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet]\nfail-on = "never"\n')
    assert load_config(tmp_path).fail_on == "never"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    project(tmp_path, "[tool.pagevet\nselect = [\n")
    with pytest.raises(PagevetError, match=r"pyproject\.toml is not valid TOML"):
        load_config(tmp_path)


def test_unknown_setting_in_a_recipe_names_the_recipe(tmp_path: Path) -> None:
    with pytest.raises(PagevetError, match=r"^recipe: unknown setting\(s\) treshold"):
        load_config(tmp_path, {"rules": {"treshold": 0.5}})


@pytest.mark.parametrize(
    "table",
    [
        'select = ["nav-spamm"]',
        'ignore = ["near-duplicates"]',
        '[tool.pagevet.severity]\ntoo-shrt = "info"',
        "[tool.pagevet.rules.too-shrt]\nmin_chars = 10",
    ],
    ids=["select", "ignore", "severity", "params"],
)
def test_unknown_rule_ids_are_refused(tmp_path: Path, table: str) -> None:
    project(tmp_path, f"[tool.pagevet]\n{table}\n")
    with pytest.raises(PagevetError, match=r"unknown rule '[a-z-]+'; known rules: .*nav-spam"):
        select_rules(load_config(tmp_path))


def test_unknown_rule_error_names_the_file(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet]\nselect = ["nav-spamm"]\n')
    with pytest.raises(PagevetError, match=r"pyproject\.toml"):
        select_rules(load_config(tmp_path))


def test_a_string_instead_of_a_list_is_refused_naming_the_setting(tmp_path: Path) -> None:
    project(tmp_path, '[tool.pagevet]\nselect = "nav-spam"\n')
    with pytest.raises(PagevetError, match=r"pyproject\.toml.*select"):
        select_rules(load_config(tmp_path))
