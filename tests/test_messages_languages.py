"""`validate` and `check` speak the dataset's language, or --lang (issue 13, point 5).

The sentences that explain a schema error and the summary line come from
the catalogues; the `file:line:col: severity code` prefix and the codes do
not change, whatever the language, so scripts keep parsing them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import languages
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from roadmap.messages import Message, labels_for

NBSP = "\u00a0"
PREFIX = re.compile(r"^\S+:\d+:\d+: (error|warning) [a-z-]+ ")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


@pytest.fixture
def broken(minimal: Path) -> Path:
    """A French dataset with an unknown key (a typo), a budget that is not a number,
    and a market missing its zone."""
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("budget: 1500000", 'budget: "beaucoup"', 1)
    text = text.replace("    lever: content\n", "    lever: content\n    levr: content\n", 1)
    plan.write_text(text, encoding="utf-8")
    markets = minimal / "markets.yaml"
    damaged = markets.read_text(encoding="utf-8").replace("    zone: western-europe\n", "", 1)
    markets.write_text(damaged, encoding="utf-8")
    return minimal


def validate(runner: CliRunner, root: Path, *args: str) -> tuple[int, list[str], str]:
    result = runner.invoke(app, ["validate", "--data", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout.splitlines(), result.stderr


def prefixes(lines: list[str]) -> list[str]:
    return [m.group(0) for m in map(PREFIX.match, lines) if m]


def test_validate_speaks_french_for_french_data(runner: CliRunner, broken: Path) -> None:
    code, lines, _ = validate(runner, broken)
    assert code == EXIT_PROBLEMS
    text = "\n".join(lines)
    assert "clé obligatoire 'zone' manquante" in text
    assert "clé inconnue 'levr' (vouliez-vous dire 'lever'\u202f?)" in text
    assert f"attendu{NBSP}: un nombre entier, trouvé{NBSP}: 'beaucoup'" in text
    assert lines[-1] == "3 erreurs"
    assert "missing required key" not in text and "error" not in lines[-1]


def test_the_prefix_and_codes_do_not_change_with_the_language(
    runner: CliRunner, broken: Path
) -> None:
    said = {tag: validate(runner, broken, "--lang", tag)[1] for tag in ("en", "fr", "ar", "pt")}
    assert said["en"][-1] == "3 errors"
    assert said["ar"][-1] == "الأخطاء: 3"
    assert said["pt"][-1] == "3 erros"
    assert "مفتاح غير معروف 'levr'" in "\n".join(said["ar"])
    shapes = {tag: prefixes(lines) for tag, lines in said.items()}
    assert len(shapes["en"]) == 3
    assert shapes["fr"] == shapes["en"] == shapes["ar"] == shapes["pt"]
    assert any(" bad-type " in p for p in shapes["fr"])


def test_json_messages_follow_the_language_but_not_the_codes(
    runner: CliRunner, broken: Path
) -> None:
    args = ["validate", "--data", str(broken), "--format", "json", "--lang"]
    docs = {tag: json.loads(runner.invoke(app, [*args, tag]).stdout) for tag in ("en", "fr")}
    en, fr = docs["en"]["problems"], docs["fr"]["problems"]
    assert [p["code"] for p in en] == [p["code"] for p in fr]
    assert [(p["line"], p["column"]) for p in en] == [(p["line"], p["column"]) for p in fr]
    assert "missing required key 'zone'" in [p["message"] for p in en]
    assert "clé obligatoire 'zone' manquante" in [p["message"] for p in fr]


def test_clean_data_says_so_in_its_language(runner: CliRunner, minimal: Path) -> None:
    assert validate(runner, minimal) == (EXIT_OK, ["aucun problème trouvé"], "")
    assert validate(runner, minimal, "--lang", "es")[1] == ["no se encontró ningún problema"]


def test_validate_files_reads_their_data_folder_language(
    runner: CliRunner, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-commit hook passes files: the folder they belong to gives the language."""
    monkeypatch.chdir(broken.parent)
    result = runner.invoke(app, ["validate", "data/markets.yaml"])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines()[-1] == "3 erreurs"


def test_a_bad_lang_is_a_usage_error(runner: CliRunner, minimal: Path) -> None:
    code, lines, err = validate(runner, minimal, "--lang", "fra")
    assert (code, lines) == (EXIT_USAGE, [])
    assert "no message catalogue for language 'fra' (did you mean 'fr'?)" in err
    code, _, err = validate(runner, minimal, "--lang", "fr_MA")
    assert code == EXIT_USAGE and "did you mean 'fr-MA'?" in err


def test_a_dataset_catalogue_words_validate(runner: CliRunner, broken: Path) -> None:
    """A language brought by the dataset: its own labels, English for the rest (fallback)."""
    (broken / "locales").mkdir()
    (broken / "locales" / "de.yaml").write_text(
        '_fallback: en\nvalidate.summary.errors.other: "{count} Fehler"\n'
        'msg.missing-key: "Pflichtschlüssel {key} fehlt"\n',
        encoding="utf-8",
    )
    code, lines, _ = validate(runner, broken, "--lang", "de")
    assert code == EXIT_PROBLEMS
    assert lines[-1] == "3 Fehler"
    assert "Pflichtschlüssel 'zone' fehlt" in "\n".join(lines)
    assert "unknown key 'levr'" in "\n".join(lines)


def test_check_words_data_errors_and_its_summary(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(app, ["check", "2026", "--data", str(broken)])
    assert result.exit_code == EXIT_PROBLEMS
    assert result.stdout.splitlines()[-1] == "3 erreurs"
    assert "clé inconnue 'levr'" in result.stdout
    result = runner.invoke(app, ["check", "2026", "--data", str(broken), "--lang", "en"])
    assert result.stdout.splitlines()[-1] == "3 errors"


def test_build_prints_data_errors_as_validate_does(runner: CliRunner, broken: Path) -> None:
    built = runner.invoke(
        app, ["build", "2026", "--data", str(broken), "--stdout", "--format", "md"]
    )
    assert built.exit_code == EXIT_PROBLEMS
    assert built.stdout.splitlines() == validate(runner, broken)[1]
    assert built.stdout.endswith("3 erreurs\n")


def test_every_message_label_is_in_every_catalogue() -> None:
    english = languages.reference()
    keys = [k for k in english if k.startswith(("msg.", "validate.summary."))]
    assert len(keys) > 40
    for tag in languages.packaged():
        labels = labels_for(tag)
        for key in keys:
            assert labels[key], (tag, key)
        if tag != "en":
            # translated, not copied: most sentences differ from English
            same = [k for k in keys if labels[k] == english[k]]
            assert len(same) < len(keys) // 4, (tag, same)


def test_a_message_keeps_its_english_text_for_library_callers() -> None:
    message = Message("msg.missing-key", key="'zone'")
    assert message == "missing required key 'zone'"
    assert isinstance(message, str)
    assert message.said(labels_for("fr")) == "clé obligatoire 'zone' manquante"


def test_clean_validate_loads_no_babel(minimal: Path) -> None:
    """The summary is worded without Babel: validate's start-up stays as it was."""
    code = (
        "import sys; from typer.testing import CliRunner; from roadmap.cli import app; "
        f"r = CliRunner().invoke(app, ['validate', '--data', {str(minimal)!r}]); "
        "print(r.stdout.strip(), 'babel' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "aucun problème trouvé False"


# --------------------------------------------------------------------------- new


def _set_language(root: Path, tag: str) -> None:
    path = root / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert "language: fr\n" in text
    path.write_text(text.replace("language: fr\n", f"language: {tag}\n"), encoding="utf-8")


@pytest.mark.parametrize(
    ("tag", "wrote", "source"),
    [
        ("es", "escrito data/plans/2027.yaml: 3 acción(es) recurrente(s)", "meta del plan 2026"),
        ("pt-PT", "escrito data/plans/2027.yaml: 3 ação(ões) recorrente(s)", "meta do plano 2026"),
        ("ar", "كُتب data/plans/2027.yaml: إجراءات متكررة: 3", "القيمة المستهدفة في خطة 2026"),
    ],
)
def test_new_speaks_and_writes_the_dataset_language(
    runner: CliRunner, clean: Path, tag: str, wrote: str, source: str
) -> None:
    _set_language(clean, tag)
    result = runner.invoke(app, ["new", "2027", "--from", "2026"])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout.startswith(wrote)
    assert "wrote" not in result.stdout and "baseline" not in result.stdout
    plan = (clean / "plans" / "2027.yaml").read_text(encoding="utf-8")
    assert f"source: {source}" in plan


def test_new_words_a_source_per_language_in_each_language(clean: Path) -> None:
    """A review's source given per language gives a baseline source per language,
    each in its own catalogue's words."""
    import datetime as dt

    import yaml

    from roadmap import rollover
    from roadmap.progress.models import Review
    from roadmap.validation import validate as load

    loaded, _ = load(clean, {2026})
    review = Review.model_validate(
        {
            "targets": [
                {
                    "target": "arrivals",
                    "actual": 21.1,
                    "source": {"es": "Ministerio, enero", "ar": "الوزارة، يناير"},
                }
            ]
        }
    )
    result = rollover.roll(
        loaded.plans[2026], 2027, language="es", reviews={dt.date(2027, 1, 31): review}
    )
    baseline = yaml.safe_load(result.text)["objectives"][0]["targets"][0]["baseline"]
    assert baseline["source"] == {
        "es": "dato real, seguimiento del 2027-01-31 (Ministerio, enero)",
        "ar": "القيمة الفعلية، مراجعة 2027-01-31 (الوزارة، يناير)",
    }


def test_new_source_from_a_dataset_catalogue(clean: Path) -> None:
    """A dataset's own language words the sources `new` writes."""
    from roadmap import rollover
    from roadmap.validation import validate as load

    _set_language(clean, "de")
    (clean / "locales").mkdir()
    (clean / "locales" / "de.yaml").write_text(
        '_fallback: en\nnew.source.target: "Zielwert des Plans {year}"\n', encoding="utf-8"
    )
    loaded, problems = load(clean, {2026})
    assert not problems
    result = rollover.roll(loaded.plans[2026], 2027, language="de", locales=loaded.locales)
    assert "source: Zielwert des Plans 2026" in result.text


def test_build_and_progress_warnings_are_summed_up_in_the_dataset_language(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    (minimal / "market.yaml").write_text("x: 1\n", encoding="utf-8")  # a stray file: a warning
    built = runner.invoke(app, ["build", "2026", "--data", str(minimal), "-o", str(tmp_path / "o")])
    assert built.exit_code == EXIT_OK, built.output
    assert "warning unknown-file" in built.stderr
    assert built.stderr.endswith("1 avertissement\n")
    english = runner.invoke(
        app, ["build", "2026", "--data", str(minimal), "-o", str(tmp_path / "e"), "--lang", "en"]
    )
    assert english.stderr.endswith("1 warning\n")
