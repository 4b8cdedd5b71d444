"""`check`, `export` and `new` speak the dataset's language, or --lang (issue 13, point 5)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from roadmap import export, rollover
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_USAGE
from roadmap.validation import validate

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def without_kpi(root: Path) -> None:
    """A8 loses its KPI: one warning (action-without-kpi), at the action's id."""
    edit(
        root / "plans" / "2026.yaml",
        "    kpis: [{indicator: Vues, unit: views, target: 1000000}]\n",
        "",
    )


def set_language(root: Path, tag: str) -> None:
    edit(root / "dataset.yaml", "language: fr\n", f"language: {tag}\n")


def write_catalogue(root: Path, tag: str, text: str) -> None:
    path = root / "locales" / f"{tag}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check(runner: CliRunner, root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "2026", "--data", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


# --------------------------------------------------------------------------- check


def test_check_speaks_the_dataset_language(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    code, out = check(runner, clean)
    assert code == EXIT_OK
    # the test data is French: the id stays quoted as written, the rule's code as it is
    assert re.fullmatch(
        r"\S+/plans/2026\.yaml:\d+:9: warning action-without-kpi "
        rf"l'action 'A8' n'a aucun indicateur{NBSP}: son impact ne peut pas être mesuré\n"
        r"1 avertissement\n",
        out,
    )


def test_lang_picks_another_language(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    _, english = check(runner, clean, "--lang", "en")
    assert "warning action-without-kpi action 'A8' has no KPI: its impact cannot" in english
    _, spanish = check(runner, clean, "--lang", "es")
    assert "warning action-without-kpi la acción 'A8' no tiene ningún indicador" in spanish
    _, arabic = check(runner, clean, "--lang", "ar")
    assert "warning action-without-kpi الإجراء 'A8'" in arabic


def test_json_keeps_the_code_and_words_the_message(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    _, fr = check(runner, clean, "--format", "json")
    _, en = check(runner, clean, "--format", "json", "--lang", "en")
    french, english = json.loads(fr)["problems"], json.loads(en)["problems"]
    assert [p["code"] for p in french] == [p["code"] for p in english] == ["action-without-kpi"]
    assert [(p["file"], p["line"], p["column"]) for p in french] == [
        (p["file"], p["line"], p["column"]) for p in english
    ]
    assert french[0]["message"].startswith("l'action 'A8' n'a aucun indicateur")
    assert english[0]["message"].startswith("action 'A8' has no KPI")


def test_numbers_and_months_follow_the_language(runner: CliRunner, minimal: Path) -> None:
    (minimal / "roadmap.toml").write_text(
        "[rules.budget-concentration]\nthreshold = 0.2\n", encoding="utf-8"
    )
    _, fr = check(runner, minimal)
    _, en = check(runner, minimal, "--lang", "en")
    assert (
        f"le marché 'FR' concentre 30{NBSP}% du budget 2026 "
        f"(1{NNBSP}700{NNBSP}000 sur 5{NNBSP}700{NNBSP}000 MAD), au-delà du seuil de 20{NBSP}%"
    ) in fr
    assert (
        "market 'FR' holds 30% of the 2026 budget (1,700,000 of 5,700,000 MAD), "
        "over the 20% threshold"
    ) in en
    assert "Mars est un mois de basse saison (1,27, sous la moyenne annuelle 1,45)" in fr
    assert "March is a low-season month (1.27, below the yearly mean 1.45)" in en


def test_check_in_a_language_the_dataset_brings(runner: CliRunner, clean: Path) -> None:
    without_kpi(clean)
    write_catalogue(
        clean,
        "de",
        "_fallback: en\n"
        "check.action-without-kpi: "
        '"Maßnahme {action} hat keinen KPI: ihre Wirkung ist nicht messbar"\n',
    )
    set_language(clean, "de")
    code, out = check(runner, clean)
    assert code == EXIT_OK, out
    assert "warning action-without-kpi Maßnahme 'A8' hat keinen KPI: ihre Wirkung" in out
    # --lang still picks a packaged language over the dataset's
    _, french = check(runner, clean, "--lang", "fr")
    assert "l'action 'A8' n'a aucun indicateur" in french


@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("fr_FR!", "--lang: 'fr_FR!' is not a BCP 47 language tag"),
        ("xx", "no message catalogue for language 'xx'"),
    ],
)
def test_a_bad_lang_is_one_line_and_exit_2(
    runner: CliRunner, clean: Path, tag: str, said: str
) -> None:
    for command in (["check", "2026"], ["export", "2026", "--format", "csv"]):
        result = runner.invoke(app, [*command, "--data", str(clean), "--lang", tag])
        assert result.exit_code == EXIT_USAGE, result.output
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and said in lines[0], result.stderr


# --------------------------------------------------------------------------- export


def header(runner: CliRunner, root: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["export", "2026", "--data", str(root), "--format", "csv", *args])
    assert result.exit_code == EXIT_OK, result.output
    return next(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline="")))


def test_csv_headers_in_the_dataset_language(runner: CliRunner, clean: Path) -> None:
    assert header(runner, clean) == [
        "Id",
        "Intitulé",
        "Marchés",
        "Zones",
        "Région",
        "Destination",
        "Levier",
        "Filières",
        "Porteur",
        "Co-porteurs",
        "Mois",
        "Budget",
        "Cofinancements",
        "Indicateurs",
        "Propositions traitées",
        "Désaisonnalisation",
        "Statut",
    ]
    english = header(runner, clean, "--lang", "en")
    assert english[:3] == ["Id", "Title", "Markets"] and english[-1] == "Status"
    assert header(runner, clean, "--lang", "ar")[1] == "العنوان"


def test_keys_keep_the_stable_english_keys(runner: CliRunner, clean: Path) -> None:
    assert header(runner, clean, "--keys") == list(export.COLUMNS)
    assert header(runner, clean, "--keys", "--lang", "ar") == list(export.COLUMNS)


def test_json_keys_stay_stable_in_every_language(runner: CliRunner, clean: Path) -> None:
    docs = {}
    for tag in ("fr", "en", "ar"):
        result = runner.invoke(
            app, ["export", "2026", "--data", str(clean), "--format", "json", "--lang", tag]
        )
        assert result.exit_code == EXIT_OK, result.output
        docs[tag] = json.loads(result.stdout)
    for tag, doc in docs.items():
        assert doc["language"] == tag
        assert doc["columns"] == list(export.COLUMNS)
        assert all(list(a) == list(export.COLUMNS) for a in doc["actions"])
    # the title is data text: in the language asked for when the data has it
    assert docs["fr"]["actions"][0]["title"] != docs["en"]["actions"][0]["title"]


def test_a_dataset_catalogue_renames_a_header(runner: CliRunner, clean: Path) -> None:
    write_catalogue(clean, "fr", 'export.title: "Libellé de l\'action"\n')
    got = header(runner, clean)
    assert got[1] == "Libellé de l'action"
    assert got[2] == "Marchés"


def test_a_header_cannot_be_a_formula(runner: CliRunner, clean: Path) -> None:
    write_catalogue(clean, "fr", 'export.title: "=Titre"\n')
    assert header(runner, clean)[1] == "'=Titre"


def test_a_bad_lang_writes_nothing(runner: CliRunner, clean: Path, tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    result = runner.invoke(
        app,
        ["export", "2026", "--data", str(clean), "-f", "csv", "-o", str(out), "--lang", "zz"],
    )
    assert result.exit_code == EXIT_USAGE
    assert not out.exists()


# --------------------------------------------------------------------------- new


def note(root: Path) -> list[str]:
    lines = (root / "plans" / "2027.yaml").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("#") and "$schema" not in line]


def new(runner: CliRunner, root: Path) -> None:
    result = runner.invoke(app, ["new", "2027", "--from", "2026", "--data", str(root)])
    assert result.exit_code == EXIT_OK, result.output


def test_new_writes_its_note_in_french(runner: CliRunner, minimal: Path) -> None:
    new(runner, minimal)
    lines = note(minimal)
    assert lines[:2] == [
        "# Plan 2027, commencé avec `roadmap new 2027 --from 2026`.",
        f"# Repris du plan 2026{NBSP}:",
    ]
    assert lines[-1] == "# Vérifiez chaque valeur avant l'adoption du plan."
    text = " ".join(line.lstrip("#").strip() for line in lines)
    assert "- 1 action(s) récurrente(s) avec leurs identifiants" in text
    assert "chacune des 2 valeur(s) de référence est désormais la cible 2026" in text
    assert all(len(line) <= rollover.NOTE_WIDTH for line in lines)
    # every continuation line is indented under its item
    assert all(line.startswith(("# ", "#   ")) for line in lines)


def test_new_writes_its_note_in_english(runner: CliRunner, minimal: Path) -> None:
    set_language(minimal, "en")
    new(runner, minimal)
    lines = note(minimal)
    assert lines[:2] == [
        "# The 2027 plan, started with `roadmap new 2027 --from 2026`.",
        "# Copied from the 2026 plan:",
    ]
    assert lines[-1] == "# Review every value before the plan is adopted."
    text = " ".join(line.lstrip("#").strip() for line in lines)
    assert "- 1 recurring action(s) with their ids, months, partners" in text
    assert "each of the 2 baseline(s) is now the 2026 target" in text
    assert "récurrente" not in text


def test_new_takes_the_note_from_the_dataset_catalogue(runner: CliRunner, minimal: Path) -> None:
    write_catalogue(minimal, "fr", 'new.note.review: "Relisez tout avant le comité."\n')
    new(runner, minimal)
    assert note(minimal)[-1] == "# Relisez tout avant le comité."


def test_a_language_without_catalogue_gets_the_reference_note(minimal: Path) -> None:
    """Only a library caller can pass one (validate refuses such a dataset)."""
    loaded, _ = validate(minimal, {2026})
    text = rollover.roll(loaded.plans[2026], 2027, language="de").text
    assert text.splitlines()[0] == "# The 2027 plan, started with `roadmap new 2027 --from 2026`."
    assert yaml.safe_load(text)["year"] == 2027
