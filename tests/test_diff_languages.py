"""`roadmap diff` speaks the dataset's language, or --lang (issue 13, point 5).

Headings, labels, statuses and sentences come from the catalogues; numbers
follow the tag's locale through Babel (separators and digits); data text
given per language shows in the report's language; JSON stays English.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_USAGE
from roadmap.i18n import Language

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "data"
NBSP = "\u00a0"
NNBSP = "\u202f"

runner = CliRunner(env={"GITHUB_ACTIONS": None})


def diff(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args, "--data", str(DEFAULT_DATA)])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_french_headings_labels_and_numbers() -> None:
    code, out, _ = diff("2025", "2026", "--lang", "fr")
    assert code == EXIT_OK
    assert out.startswith(f"2025 → 2026{NBSP}: 95 ajout(s), 7 retrait(s), 151 modification(s)\n")
    for heading in (
        f"Propositions de 2025{NBSP}: ce qu'elles sont devenues",
        "Marchés et destinations",
        "Budget par levier",
        "Budget par zone",
        "Synthèse",
        "Changements",
        "Cibles des indicateurs",
    ):
        assert f"\n{heading}\n" in out, heading
    # French grouping (narrow no-break space), decimal comma, spaced percent sign
    assert f"70{NNBSP}000{NNBSP}000" in out
    assert f"+61,4{NBSP}%" in out
    assert "(sans marché)" in out
    assert "toujours retenue par A26-030" in out
    # no English left in the labels
    # (the Changes table shows the YAML's values as written: `status: taken-up`)
    for english in ("Budget by lever", "Summary", "still taken-up", "proposal(s)", " by A26"):
        assert english not in out, english


def test_the_dataset_language_is_the_default() -> None:
    """The shipped data is French: no --lang gives the French report."""
    assert diff("2025", "2026")[1] == diff("2025", "2026", "--lang", "fr")[1]


def test_data_text_follows_the_report_language() -> None:
    _, fr, _ = diff("2025", "2026", "--lang", "fr")
    _, en, _ = diff("2025", "2026", "--lang", "en")
    assert "Positionner Marrakech sur le haut de gamme" in fr
    assert "Position Marrakech on the upscale market" in en
    assert "Positionner Marrakech" not in en
    # a shift's name: South Korea in each language
    assert "Corée du Sud" in fr and "South Korea" in en


def test_markdown_in_french() -> None:
    code, out, _ = diff("2025", "2026", "--lang", "fr", "--format", "md")
    assert code == EXIT_OK
    assert out.startswith(f"## Changements du plan{NBSP}: 2025 → 2026\n")
    assert "### Budget par levier" in out
    assert "| levier | 2025 | 2026 | variation | % |" in out


def test_arabic_report() -> None:
    code, out, _ = diff("2025", "2026", "--lang", "ar", "--format", "md")
    assert code == EXIT_OK
    assert out.startswith("## تغييرات الخطة: 2025 ← 2026\n")
    assert "### الميزانية حسب الرافعة" in out
    assert "### الملخص" in out
    assert "إضافات: 95" in out
    # `ar` writes Western digits (CLDR's default for ar), with its own comma in lists
    assert "70,000,000" in out
    assert "A26-035، A26-038، A26-039" in out


def test_arabic_egypt_writes_arabic_indic_digits() -> None:
    """CLDR gives ar-EG the `arab` numbering system: digits and separators are Arabic."""
    code, out, _ = diff("2025", "2026", "--lang", "ar-EG")
    assert code == EXIT_OK
    assert "٧٠٬٠٠٠٬٠٠٠" in out
    assert "70,000,000" not in out
    # ids and years of the data are not numbers to localise
    assert "A26-030" in out and "2025" in out


def test_json_stays_english_whatever_the_language() -> None:
    outs = [diff("2025", "2026", "--format", "json", "--lang", tag)[1] for tag in ("fr", "ar")]
    assert outs[0] == outs[1]
    doc = json.loads(outs[0])
    assert {"version", "summary", "changes", "budgets"} <= set(doc)
    assert doc["changes"][0]["kind"] in {"added", "removed", "changed", "reordered"}


def test_reviews_diff_in_french() -> None:
    code, out, _ = diff("2026@2026-01-31", "2026@latest", "--lang", "fr")
    assert code == EXIT_OK
    assert "\nRevues comparées\n" in out
    assert "le plan tel qu'adopté" in out
    assert "\nActions dont le statut a changé\n" in out
    assert "prévue" in out and "en cours" in out
    assert f"64,7{NBSP}%" in out
    assert "Money committed" not in out and "planned" not in out


def test_reviews_diff_in_arabic_markdown() -> None:
    code, out, _ = diff("2026@2026-01-31", "2026@latest", "--lang", "ar", "--format", "md")
    assert code == EXIT_OK
    assert out.startswith("## تغيرات التقدم: 2026@2026-01-31 ← 2026@latest\n")
    assert "### الإجراءات التي تغير وضعها" in out


@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("fra", "no message catalogue for language 'fra' (did you mean 'fr'?)"),
        ("fr_FR", "did you mean 'fr-FR'?"),
        ("xx-YY", "no message catalogue for language 'xx-YY'"),
    ],
)
def test_an_unknown_or_malformed_tag_is_a_usage_error(tag: str, said: str) -> None:
    code, out, err = diff("2025", "2026", "--lang", tag)
    assert code == EXIT_USAGE
    assert out == ""
    assert said in err
    assert len(err.strip().splitlines()) == 1


def test_a_dataset_catalogue_words_the_report(minimal: Path, tmp_path: Path) -> None:
    """A language the tool does not ship, brought by the data folder, words the diff;
    the labels it leaves out come from its fallback."""
    (minimal / "locales").mkdir()
    (minimal / "locales" / "de.yaml").write_text(
        '_fallback: en\ndiff.budget.lever: "Budget nach Hebel"\n', encoding="utf-8"
    )
    plan = minimal / "plans" / "2026.yaml"
    after = tmp_path / "after.yaml"
    after.write_text(
        plan.read_text(encoding="utf-8").replace("budget: 1500000", "budget: 1600000"),
        encoding="utf-8",
    )
    args = ["diff", str(plan), str(after), "--data", str(minimal), "--format", "md"]
    result = runner.invoke(app, [*args, "--lang", "de"])
    assert result.exit_code == EXIT_OK, result.output
    assert "### Budget nach Hebel" in result.stdout
    assert "### Summary" in result.stdout
    # German groups digits with a dot
    assert "1.500.000" in result.stdout and "1.600.000" in result.stdout


def test_numbers_follow_the_numbering_system_of_the_locale() -> None:
    egypt, morocco, arabic = (Language(t, "ar", "MAD") for t in ("ar-EG", "ar-MA", "ar"))
    assert egypt.number(1234.5) == "١٬٢٣٤٫٥"
    assert egypt.percent(0.123).startswith("١٢٫٣٪")
    assert morocco.number(1234.5) == "1.234,5"
    assert arabic.number(1234.5) == "1,234.5"
    assert "٢٠٢٦" in egypt.date(__import__("datetime").date(2026, 6, 30))


def test_data_errors_read_as_validate_words_them(minimal: Path) -> None:
    """A dataset language no locale knows is a data error, placed, worded as validate does
    (not a usage error about the report's language)."""
    path = minimal / "dataset.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("language: fr\n", "language: en-XX\n"),
        encoding="utf-8",
    )
    validated = runner.invoke(app, ["validate", "--data", str(minimal)])
    diffed = runner.invoke(app, ["diff", "2026", "2026", "--data", str(minimal)])
    assert (validated.exit_code, diffed.exit_code) == (1, EXIT_USAGE)
    assert "error unknown-language no locale 'en-XX' is known" in diffed.stdout
    assert diffed.stdout == validated.stdout


def test_data_errors_in_the_dataset_language(minimal: Path) -> None:
    plan = minimal / "plans" / "2026.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("budget: 1500000", "budget: x", 1),
        encoding="utf-8",
    )
    diffed = runner.invoke(app, ["diff", "2026", "2026", "--data", str(minimal)])
    assert diffed.exit_code == EXIT_USAGE
    assert f"attendu{NBSP}: un nombre entier, trouvé{NBSP}: 'x'" in diffed.stdout
    assert diffed.stdout.endswith("1 erreur\n")
