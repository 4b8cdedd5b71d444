"""Message catalogues as data files, a dataset's own catalogues, BCP 47 tags (issue 13)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.i18n import CATALOGUES, Language, resolve_text
from roadmap.languages import (
    PACKAGED,
    dataset_catalogues,
    malformed,
    merged,
    packaged,
    placeholders,
)
from roadmap.problems import UsageError

NBSP = "\u00a0"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(root: Path, name: str, text: str) -> Path:
    path = root / "locales" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _set_language(root: Path, tag: str, currency: str | None = None) -> None:
    path = root / "dataset.yaml"
    text = re.sub(r"(?m)^language: .*$", f"language: {tag}", path.read_text(encoding="utf-8"))
    if currency:
        text = re.sub(r"(?m)^currency: .*$", f"currency: {currency}", text)
    path.write_text(text, encoding="utf-8")


def _validate(runner: CliRunner, root: Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", "--data", str(root), "--lang", "en"])
    return result.exit_code, result.stdout.splitlines()


def _build_md(runner: CliRunner, root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["build", "2026", "--data", str(root), "--format", "md", "--stdout", *args]
    )
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- packaged catalogues


def test_packaged_catalogues_are_files_with_english_keys_and_placeholders() -> None:
    assert {"en", "fr"} <= set(packaged())
    assert set(packaged()) == {p.stem for p in PACKAGED.glob("*.yaml")}
    english = CATALOGUES["en"]
    assert len(english) > 250
    for tag in packaged():
        labels = CATALOGUES[tag]
        assert set(labels) == set(english), tag
        for key, text in labels.items():
            assert placeholders(text) == placeholders(english[key]), (tag, key)


def test_packaged_labels_keep_their_typography() -> None:
    # French keeps its no-break spaces; they are written \u00a0 in the file, read as the character
    assert CATALOGUES["fr"]["misc.quoted"] == f"«{NBSP}{{text}}{NBSP}»"
    assert "\\u00a0" in (PACKAGED / "fr.yaml").read_text(encoding="utf-8")
    assert CATALOGUES["fr"]["progress.title"] == "Avancement du plan {year} au {date}"
    assert CATALOGUES["en"]["report.section.targets"]


@pytest.mark.parametrize("tag", packaged())
def test_every_packaged_language_renders_the_shipped_plan(runner: CliRunner, tag: str) -> None:
    code, doc, err = _build_md(runner, DEFAULT_DATA, "--lang", tag)
    assert code == EXIT_OK, err
    labels, missing = merged(tag, {})
    assert missing == []
    assert labels["section.summary"] in doc
    assert labels["section.annex"] in doc
    # no label key leaked into the document in place of its text
    leaked = [k for k in labels if f" {k} " in doc or f">{k}<" in doc]
    assert leaked == []


def test_validate_reads_no_catalogue_and_imports_no_babel() -> None:
    """Catalogues are read when a command renders: validate stays as fast as before."""
    code = (
        "import sys; from pathlib import Path; from roadmap.validation import validate; "
        "from roadmap import languages; "
        f"validate(Path({str(DEFAULT_DATA)!r})); "
        "print(languages.packaged_catalogue.cache_info().currsize, 'babel' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "0 False"


# ---------------------------------------------------------------- a dataset's catalogue


def test_a_dataset_catalogue_adds_a_language_that_renders(runner: CliRunner, minimal: Path) -> None:
    _write(
        minimal,
        "de.yaml",
        '_fallback: en\ndocument.title: "Fahrplan {year}"\nsection.summary: Zusammenfassung\n',
    )
    _set_language(minimal, "de")
    assert _validate(runner, minimal) == (EXIT_OK, ["no problems found"])
    code, doc, err = _build_md(runner, minimal)
    assert code == EXIT_OK, err
    assert "Zusammenfassung" in doc
    assert "Annex" in doc  # the rest from the fallback
    assert "Januar" in doc or "Jan" in doc  # months from the tag's own locale


def test_a_dataset_catalogue_overrides_one_packaged_label(runner: CliRunner, minimal: Path) -> None:
    code, before, _ = _build_md(runner, minimal)
    assert code == EXIT_OK
    _write(minimal, "fr.yaml", "section.summary: Résumé du plan\n")
    assert _validate(runner, minimal) == (EXIT_OK, ["no problems found"])
    code, after, err = _build_md(runner, minimal)
    assert code == EXIT_OK, err
    assert "## Synthèse" in before and "## Résumé du plan" in after
    assert "Synthèse" not in after.replace("#synthèse", "")
    # one label changed, and the anchor made from it: nothing else
    assert after.replace("Résumé du plan", "Synthèse").replace("#résumé-du-plan", "#synthèse") == (
        before
    )


def test_a_region_tag_overrides_its_language_and_falls_back_to_it(
    runner: CliRunner, minimal: Path
) -> None:
    _write(minimal, "fr-MA.yaml", "section.summary: Synthèse marocaine\n")
    _set_language(minimal, "fr-MA")
    assert _validate(runner, minimal) == (EXIT_OK, ["no problems found"])
    code, doc, err = _build_md(runner, minimal)
    assert code == EXIT_OK, err
    assert "Synthèse marocaine" in doc and "Annexe" in doc


# ---------------------------------------------------------------- bad catalogues


BAD = {
    "syntax": (
        "de.yaml",
        "_fallback: en\nsection.summary: [unclosed\n",
        r"data/locales/de.yaml:2:18: error yaml-unclosed the \[...\] list opened at 2:18",
    ),
    "duplicate": (
        "de.yaml",
        "_fallback: en\nsection.summary: A\nsection.summary: B\n",
        r"data/locales/de.yaml:3:1: error duplicate-key .*section.summary",
    ),
    "unknown-key": (
        "de.yaml",
        "_fallback: en\nsection.sumary: A\n",
        r"data/locales/de.yaml:2:1: error unknown-label unknown label key 'section.sumary' "
        r"\(did you mean 'section.summary'\?\)",
    ),
    "missing": (
        "de.yaml",
        "section.summary: Zusammenfassung\n",
        r"data/locales/de.yaml:1:1: error missing-label \d+ label\(s\) missing: document.title, ",
    ),
    "extra-placeholder": (
        "de.yaml",
        '_fallback: en\ndocument.title: "Fahrplan {jahr}"\n',
        r"data/locales/de.yaml:2:17: error bad-placeholder label 'document.title' has \{jahr\} "
        r"that English has not and lacks \{year\}",
    ),
    "unbalanced": (
        "fr.yaml",
        'document.title: "Feuille {year"\n',
        r"data/locales/fr.yaml:1:17: error bad-placeholder label 'document.title': unbalanced",
    ),
    "malformed-tag": (
        "pt_PT.yaml",
        "_fallback: en\n",
        r"data/locales/pt_PT.yaml:1:1: error bad-language-tag 'pt_PT' is not a BCP 47 language "
        r"tag such as fr, pt-PT or ar-MA; did you mean 'pt-PT'\?",
    ),
    "unknown-tag": (
        "fr-XY.yaml",
        "section.summary: A\n",
        r"data/locales/fr-XY.yaml:1:1: error bad-language-tag no locale 'fr-XY' is known "
        r"\(CLDR\) \(did you mean 'fr-\w+'\?\)",
    ),
    "bad-fallback": (
        "de.yaml",
        "_fallback: xx\n",
        r"data/locales/de.yaml:1:12: error unknown-language _fallback: no catalogue for 'xx'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_catalogue_is_one_placed_line_and_exit_1(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    name, text, expected = BAD[case]
    monkeypatch.chdir(minimal.parent)
    _write(minimal, name, text)
    result = runner.invoke(app, ["validate", "--data", "data"])
    assert result.exit_code == EXIT_PROBLEMS, result.output
    lines = [line for line in result.stdout.splitlines() if " error " in line]
    assert len(lines) == 1, lines
    assert re.match(expected, lines[0]), lines[0]
    assert "Traceback" not in result.output
    # build refuses it too, before rendering, and writes nothing
    built = runner.invoke(app, ["build", "2026", "--data", "data", "--out", "out"])
    assert built.exit_code == EXIT_PROBLEMS
    assert not (minimal.parent / "out").exists()


def test_a_missing_label_lists_every_missing_key(minimal: Path) -> None:
    english = list(CATALOGUES["en"])
    given = "\n".join(f'{k}: "{CATALOGUES["en"][k]}"' for k in english[2:] if "{" not in k)
    _write(minimal, "de.yaml", given.replace("\\", "\\\\") + "\n")
    _, problems = dataset_catalogues(minimal)
    missing = [p for p in problems if p.code == "missing-label"]
    assert len(missing) == 1
    assert f"2 label(s) missing: {english[0]}, {english[1]} " in missing[0].message


# ---------------------------------------------------------------- language tags


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        (
            "pt_PT",
            "dataset.yaml:8:11: error bad-language 'pt_PT' is not a BCP 47 language tag"
            " such as fr, pt-PT or ar-MA; did you mean 'pt-PT'?",
        ),
        ("PT", "dataset.yaml:8:11: error bad-language 'PT' "),
    ],
)
def test_a_malformed_dataset_language_is_placed(
    runner: CliRunner, minimal: Path, tag: str, message: str
) -> None:
    _set_language(minimal, tag)
    code, lines = _validate(runner, minimal)
    assert code == EXIT_PROBLEMS
    assert lines[1:] == ["1 error"]
    assert message in lines[0] and "is not a BCP 47 language tag" in lines[0], lines


def test_an_unknown_dataset_language_says_did_you_mean(runner: CliRunner, minimal: Path) -> None:
    _set_language(minimal, "fr-XY")
    code, lines = _validate(runner, minimal)
    assert code == EXIT_PROBLEMS
    assert lines[1:] == ["1 error"]
    assert re.search(
        r"dataset\.yaml:8:11: error unknown-language no locale 'fr-XY' is known \(CLDR\) "
        r"\(did you mean 'fr-\w+'\?\)",
        lines[0],
    ), lines


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "pt_pt",
            "--lang: 'pt_pt' is not a BCP 47 language tag such as fr, pt-PT or ar-MA; "
            "did you mean 'pt-PT'?",
        ),
        ("fr-XY", "no locale 'fr-XY' is known (CLDR) (did you mean 'fr-"),
        ("xx", "no message catalogue for language 'xx'"),
    ],
)
def test_a_bad_lang_option_is_a_usage_error(
    runner: CliRunner, minimal: Path, tag: str, expected: str
) -> None:
    code, _, err = _build_md(runner, minimal, "--lang", tag)
    assert code == EXIT_USAGE
    assert len(err.splitlines()) == 1 and expected in err, err


def test_well_formed_tags() -> None:
    for tag in ("fr", "en-GB", "pt-PT", "ar-MA", "es-419", "zh-Hant-TW", "ast"):
        assert malformed(tag) is None, tag
    for tag in ("", "french", "pt_PT", "pt-pt", "EN", "en-", "-en", "en--GB"):
        assert malformed(tag) is not None, tag


def test_money_follows_the_tags_own_locale(tmp_path: Path) -> None:
    _write(tmp_path, "pt.yaml", "_fallback: en\nsection.summary: Síntese do plano\n")
    extra, problems = dataset_catalogues(tmp_path)
    assert problems == []
    portugal = Language("pt-PT", "pt-PT", "EUR", extra)
    brazil = Language("pt-BR", "pt-PT", "EUR", extra)
    assert portugal.money(3_600_000) == f"3{NBSP}600{NBSP}000{NBSP}EUR"
    assert brazil.money(3_600_000) == f"EUR{NBSP}3.600.000"
    assert portugal.number(1234.5) != brazil.number(1234.5)
    assert portugal.month_names[0] == "Janeiro"
    # both find the labels of pt, the dataset's first
    assert portugal.t("section.summary") == brazil.t("section.summary") == "Síntese do plano"


def test_a_tag_without_catalogue_for_it_or_its_language_is_refused() -> None:
    with pytest.raises(UsageError, match="no message catalogue for language 'de-AT'"):
        Language("de-AT", "fr", "EUR")


def test_text_per_language_is_looked_up_along_the_tag() -> None:
    text = {"fr": "Maroc", "pt": "Marrocos", "en": "Morocco"}
    assert resolve_text(text, "pt-PT", "fr") == "Marrocos"
    assert resolve_text(text, "en-GB", "fr") == "Morocco"
    assert resolve_text({"fr": "Maroc", "en": "Morocco"}, "de-AT", "en-GB") == "Morocco"
    assert resolve_text({"pt-PT": "Portugal", "pt": "Portugal (pt)"}, "pt-PT") == "Portugal"


def test_data_text_accepts_region_tags(runner: CliRunner, minimal: Path) -> None:
    path = minimal / "dataset.yaml"
    text = path.read_text(encoding="utf-8").replace("  en: Morocco", "  en-GB: Morocco")
    path.write_text(text, encoding="utf-8")
    assert _validate(runner, minimal) == (EXIT_OK, ["no problems found"])
    code, doc, err = _build_md(runner, minimal, "--lang", "en-GB")
    assert code == EXIT_OK, err
    assert "Morocco" in doc  # en-GB text for the en-GB reader, English labels from en
    assert "Summary" in doc


def test_validate_takes_a_catalogue_path(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal.parent)
    _write(minimal, "de.yaml", "_fallback: en\nsection.summary: Zusammenfassung\n")
    ok = runner.invoke(app, ["validate", "data/locales/de.yaml"])
    assert ok.exit_code == EXIT_OK, ok.output
    _write(minimal, "de.yaml", "_fallback: en\nsection.sumary: Zusammenfassung\n")
    bad = runner.invoke(app, ["validate", "data/locales/de.yaml"])
    assert bad.exit_code == EXIT_PROBLEMS
    assert bad.stdout.startswith("data/locales/de.yaml:2:1: error unknown-label ")


def test_fallbacks_that_loop_end_in_missing_labels(minimal: Path) -> None:
    _write(minimal, "de.yaml", "_fallback: nl\nsection.summary: Zusammenfassung\n")
    _write(minimal, "nl.yaml", "_fallback: de\nsection.summary: Samenvatting\n")
    found, problems = dataset_catalogues(minimal)
    assert set(found) == {"de", "nl"}
    assert [(p.file.rsplit("/", 1)[-1], p.code) for p in problems] == [
        ("de.yaml", "missing-label"),
        ("nl.yaml", "missing-label"),
    ]
