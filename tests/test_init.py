"""`roadmap init DIR --country NAME --language TAG`: a skeleton that works at once.

A new office runs init, then validate and build, before filling anything
in: all three must succeed. Bad options are refused with one line and exit
2, before anything is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from roadmap import languages, scaffold
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.problems import UsageError
from roadmap.provenance import unmarked
from roadmap.validation import validate


def init(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["init", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _refused(runner: CliRunner, target: Path, *args: str) -> str:
    """The one error line of a refused init, having checked nothing was written."""
    before = sorted(target.parent.iterdir()) if target.parent.exists() else []
    code, out = init(runner, str(target), *args)
    assert code == EXIT_USAGE, out
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("roadmap: error: "), out
    after = sorted(target.parent.iterdir()) if target.parent.exists() else []
    assert after == before  # no folder, no left-over temporary folder
    return lines[0]


# --------------------------------------------------------------------------- good input


def test_a_packaged_language_gets_a_folder_that_validates_and_builds(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "office"
    code, out = init(
        runner, str(root), "--country", "Portugal", "--language", "pt-PT", "--year", "2027"
    )
    assert code == EXIT_OK, out
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert names == [
        "dataset.yaml",
        "levers.yaml",
        "markets.yaml",
        "partners.yaml",
        "plans/2027.yaml",
        "regions.yaml",
        "sectors.yaml",
    ]  # pt-PT is served by the packaged pt: no catalogue to translate
    assert "amounts in EUR" in out  # Portugal's currency, from the tag
    dataset = _yaml(root / "dataset.yaml")
    assert (dataset["country"], dataset["language"], dataset["currency"]) == (
        "Portugal",
        "pt-PT",
        "EUR",
    )
    loaded, problems = validate(root, {2027})
    assert problems == []
    plan = loaded.plans[2027]
    assert len(plan.objectives) == 1 and len(plan.actions) == 1

    assert runner.invoke(app, ["validate", "--data", str(root)]).exit_code == EXIT_OK
    result = runner.invoke(
        app, ["build", "2027", "--data", str(root), "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == EXIT_OK, result.output
    html = (tmp_path / "b" / "plan-2027.pt-PT.html").read_text(encoding="utf-8")
    assert 'lang="pt-PT"' in html
    assert "Portugal" in html


def test_every_figure_is_marked_as_an_assumption(tmp_path: Path) -> None:
    result = scaffold.create(tmp_path / "d", "Chile", "es-CL", "CLP", 2027)
    assert result.errors == ()
    loaded, _ = validate(result.root, {2027})
    plan = loaded.plans[2027]
    assert list(unmarked(plan, loaded.dataset)) == []
    target = plan.objectives[0].targets[0]
    assert target.assumption and target.baseline.assumption
    assert plan.priorities.deseasonalisation.seasonality.assumption
    assert plan.actions[0].basis is not None and plan.actions[0].basis.assumption
    markets = _yaml(result.root / "markets.yaml")["markets"]
    assert all(f.get("assumption") for m in markets for f in m.get("baseline", []))


def test_the_files_tell_what_to_fill(tmp_path: Path) -> None:
    result = scaffold.create(tmp_path / "d", "Chile", "es", "CLP", 2027)
    for path in result.files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# "), path
    assert "roadmap new 2028 --from 2027" in (result.root / "plans" / "2027.yaml").read_text(
        encoding="utf-8"
    )


def test_a_language_without_a_catalogue_gets_one_to_translate(
    runner: CliRunner, tmp_path: Path
) -> None:
    assert not languages.has_catalogue("hr", {})
    root = tmp_path / "hr"
    code, out = init(
        runner, str(root), "--country", "Hrvatska", "--language", "hr", "--year", "2027"
    )
    assert code == EXIT_OK, out
    catalogue = root / "locales" / "hr.yaml"
    assert f"{catalogue} holds the English labels to translate" in out
    labels = _yaml(catalogue)
    assert labels.pop("_fallback") == "en"
    english = _yaml(languages.PACKAGED / "en.yaml")
    assert labels == english  # every key, every placeholder, ready to translate
    assert "Translate each text" in catalogue.read_text(encoding="utf-8")
    assert _yaml(root / "dataset.yaml")["currency"] == "EUR"  # hr -> Croatia -> EUR
    _, problems = validate(root, {2027})
    assert problems == []
    result = runner.invoke(
        app, ["build", "2027", "--data", str(root), "--out", str(tmp_path / "b")]
    )
    assert result.exit_code == EXIT_OK, result.output
    assert '<html lang="hr"' in (tmp_path / "b" / "plan-2027.hr.html").read_text(encoding="utf-8")


def test_an_empty_folder_is_filled(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    code, out = init(
        runner, str(root), "--country", "Kenya", "--language", "en-KE", "--year", "2027"
    )
    assert code == EXIT_OK, out
    assert "amounts in KES" in out
    assert (root / "plans" / "2027.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no temporary folder left


def test_missing_parent_folders_are_made(tmp_path: Path) -> None:
    result = scaffold.create(tmp_path / "a" / "b" / "data", "Chile", "es", "CLP", 2027)
    assert (result.root / "dataset.yaml").is_file()


def test_the_year_defaults_to_next_year(runner: CliRunner, tmp_path: Path) -> None:
    code, out = init(
        runner, str(tmp_path / "d"), "--country", "Chile", "--language", "es", "--currency", "CLP"
    )
    assert code == EXIT_OK, out
    assert (tmp_path / "d" / "plans" / f"{dt.date.today().year + 1}.yaml").is_file()


def test_a_country_name_is_quoted_as_needed(tmp_path: Path) -> None:
    name = 'Côte d\'Ivoire: "test" # not a comment'
    result = scaffold.create(tmp_path / "d", name, "fr-CI", "XOF", 2027)
    assert result.errors == ()
    assert _yaml(result.root / "dataset.yaml")["country"] == name
    assert _yaml(result.root / "markets.yaml")["markets"][1]["name"] == name


@pytest.mark.parametrize(
    ("tag", "currency"),
    [("hr-HR", "EUR"), ("hr", "EUR"), ("pt-BR", "BRL"), ("en", "USD"), ("fr-MA", "MAD")],
)
def test_the_default_currency_is_the_tags_country(tag: str, currency: str) -> None:
    assert scaffold.default_currency(tag, dt.date(2026, 1, 1)) == currency


# --------------------------------------------------------------------------- bad input


def test_a_folder_with_files_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    line = _refused(runner, root, "--country", "X", "--language", "fr", "--year", "2027")
    assert line == (
        f"roadmap: error: {root} is not empty; give a new or empty folder (nothing is overwritten)"
    )
    assert [p.name for p in root.iterdir()] == ["notes.txt"]
    assert (root / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_text("", encoding="utf-8")
    line = _refused(runner, path, "--country", "X", "--language", "fr", "--year", "2027")
    assert line.endswith("is a file; give a new or empty folder")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "hr_HR",
            "--language: 'hr_HR' is not a BCP 47 language tag such as fr, pt-PT or ar-MA; "
            "did you mean 'hr-HR'?",
        ),
        ("pt-pt", "did you mean 'pt-PT'?"),
        ("xx", "--language: no locale 'xx' is known (CLDR)"),
        ("french", "is not a BCP 47 language tag"),
        ("", "is not a BCP 47 language tag"),
    ],
)
def test_a_bad_language_tag_is_refused(
    runner: CliRunner, tmp_path: Path, tag: str, expected: str
) -> None:
    line = _refused(runner, tmp_path / "d", "--country", "X", "--language", tag, "--year", "2027")
    assert expected in line


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "eur",
            "--currency: 'eur' is not an ISO 4217 currency code such as EUR, USD or MAD "
            "(did you mean 'EUR'?)",
        ),
        ("EURO", "--currency: 'EURO' is not an ISO 4217 currency code"),
        ("ZZZ", "--currency: 'ZZZ' is not an ISO 4217 currency code"),
    ],
)
def test_an_unknown_currency_is_refused(
    runner: CliRunner, tmp_path: Path, code: str, expected: str
) -> None:
    line = _refused(
        runner, tmp_path / "d", "--country", "X", "--language", "fr", "--currency", code
    )
    assert expected in line


def test_a_language_with_no_country_needs_a_currency(runner: CliRunner, tmp_path: Path) -> None:
    # Esperanto belongs to no country: CLDR gives it the world (001), which has no currency
    line = _refused(runner, tmp_path / "d", "--country", "X", "--language", "eo")
    assert line == "roadmap: error: --currency: CLDR gives 'eo' no country; give --currency CODE"


@pytest.mark.parametrize("year", ["1900", "2201", "20x"])
def test_a_year_out_of_range_is_refused(runner: CliRunner, tmp_path: Path, year: str) -> None:
    line = _refused(runner, tmp_path / "d", "--country", "X", "--language", "fr", "--year", year)
    assert "year" in line


@pytest.mark.parametrize("name", ["", "   ", "Two\nlines"])
def test_a_blank_country_is_refused(runner: CliRunner, tmp_path: Path, name: str) -> None:
    line = _refused(runner, tmp_path / "d", "--country", name, "--language", "fr", "--year", "2027")
    assert "--country" in line


def test_missing_options_are_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    code, out = init(runner, str(tmp_path / "d"), "--language", "fr")
    assert code == EXIT_USAGE
    assert "--country" in out
    assert not (tmp_path / "d").exists()


def test_bad_options_raise_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--currency"):
        scaffold.create(tmp_path / "d", "X", "fr", "ABC", 2027)
    assert list(tmp_path.iterdir()) == []


def test_a_skeleton_that_would_not_validate_is_not_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a bug in the templates must not leave a broken folder behind
    broken = scaffold._LEVERS.replace("id: brand", "id: brand-x")
    monkeypatch.setattr(scaffold, "_LEVERS", broken)
    root = tmp_path / "d"
    code, out = init(runner, str(root), "--country", "X", "--language", "fr", "--year", "2027")
    assert code == EXIT_PROBLEMS
    assert "unknown" in out or "brand" in out
    assert "the skeleton would not validate, so nothing was written" in out
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_parent_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> str:
        raise PermissionError(13, "Permission denied")

    # simulated: the tests may run as root, who writes anywhere
    monkeypatch.setattr(scaffold.tempfile, "mkdtemp", refuse)
    line = _refused(runner, tmp_path / "d", "--country", "X", "--language", "fr", "--year", "2027")
    assert line == f"roadmap: error: cannot create {tmp_path / 'd'}: Permission denied"


def test_the_current_folder_is_filled_in_place(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "office"
    here.mkdir()
    inode = here.stat().st_ino
    monkeypatch.chdir(here)
    code, out = init(runner, ".", "--country", "Chile", "--language", "es", "--year", "2027")
    assert code == EXIT_OK, out
    # the same folder (a shell standing in it still sees the files), nothing beside it
    assert here.stat().st_ino == inode
    assert (here / "plans" / "2027.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office"]
    _, problems = validate(here, {2027})
    assert problems == []
