"""Cross-file, review and follow-up messages in the dataset's language, or --lang.

The checks across files (unknown references, duplicate ids, sums), the
progress-review checks, `check`'s follow-up warnings and the models' own
validators give `Message`s: English text for library callers, said again
at print time in the reader's language, numbers in its locale. Places and
codes never change.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap import languages, models
from roadmap.cli import app
from roadmap.cli.common import EXIT_PROBLEMS
from roadmap.messages import Message, Number, labels_for

SRC = Path(__file__).parent.parent / "src" / "roadmap"
NNBSP = "\u202f"  # French groups digits with a narrow no-break space
NBSP = "\u00a0"
PREFIX = re.compile(r"^\S+:\d+:\d+: (error|warning) ([a-z-]+) ")


def write_review(root: Path, name: str, body: str) -> Path:
    path = root / "progress" / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


@pytest.fixture
def faulty(minimal: Path) -> Path:
    """The French dataset with an unknown lever, a repeated action id, co-financing
    that does not add up, and a review naming a KPI the action lacks and spending
    above its budget."""
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    for old, new in (
        ("lever: content", "lever: contnet"),
        ("  - id: A4\n", "  - id: A3\n"),
        ("{partner: ONMT, amount: 2000000}", "{partner: ONMT, amount: 2500000}"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    plan.write_text(text, encoding="utf-8")
    write_review(
        minimal,
        "2026-06-30.yaml",
        "actions:\n  - action: A1\n    spent: 3200000\n"
        "    kpis:\n      - {indicator: Resa, actual: 5}\n",
    )
    return minimal


def lines_of(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == EXIT_PROBLEMS, result.output
    assert "Traceback" not in result.output
    return result.stdout.splitlines()


def by_code(lines: list[str]) -> dict[str, str]:
    """Each problem's message by its code (one problem a code in these datasets)."""
    found = {}
    for line in lines:
        match = PREFIX.match(line)
        if match:
            found[match.group(2)] = line[match.end() :]
    return found


def test_cross_file_and_review_messages_speak_french_for_french_data(
    runner: CliRunner, faulty: Path
) -> None:
    said = by_code(lines_of(runner, "validate", "--data", str(faulty)))
    assert said["unknown-lever"] == "levier inconnu 'contnet' (vouliez-vous dire 'content'\u202f?)"
    assert said["duplicate-action"] == (
        "identifiant d'action 'A3' en double (première occurrence ligne 102, colonne 9)"
    )
    assert said["cofinancing-sum"] == (
        f"le cofinancement totalise 3{NNBSP}500{NNBSP}000 mais le budget est de "
        f"3{NNBSP}000{NNBSP}000 (+500{NNBSP}000)"
    )
    assert said["unknown-kpi"] == (
        f"l'action 'A1' n'a pas d'indicateur 'Resa'\u202f; ses indicateurs{NBSP}: 'Réservations'"
    )
    assert said["spent-above-budget"] == (
        f"la dépense 3{NNBSP}200{NNBSP}000 dépasse le budget de l'action 'A1', "
        f"3{NNBSP}000{NNBSP}000 (+200{NNBSP}000)"
    )


def test_english_wording_is_unchanged_with_lang_en(runner: CliRunner, faulty: Path) -> None:
    lines = lines_of(runner, "validate", "--data", str(faulty), "--lang", "en")
    said = by_code(lines)
    assert said == {
        "unknown-lever": "unknown lever 'contnet' (did you mean 'content'?)",
        "duplicate-action": "duplicate action id 'A3' (first at line 102, column 9)",
        "cofinancing-sum": "co-financing adds up to 3,500,000 but the budget is 3,000,000 "
        "(+500,000)",
        "unknown-kpi": "action 'A1' has no KPI 'Resa'; its KPIs: 'Réservations'",
        "spent-above-budget": "spent 3,200,000 is above action 'A1''s budget 3,000,000 (+200,000)",
    }
    assert lines[-1] == "4 errors, 1 warning"
    # the places and codes are those of the French report
    french = lines_of(runner, "validate", "--data", str(faulty))
    assert (
        [PREFIX.match(x).group(0) for x in lines[:-1]]
        == [  # type: ignore[union-attr]
            PREFIX.match(x).group(0)  # type: ignore[union-attr]
            for x in french[:-1]
        ]
    )


def test_library_callers_still_get_english(faulty: Path) -> None:
    from roadmap.validation import validate

    _, problems = validate(faulty)
    messages = {p.code: p.message for p in problems}
    assert messages["unknown-lever"] == "unknown lever 'contnet' (did you mean 'content'?)"
    assert isinstance(messages["duplicate-action"], Message)
    assert messages["duplicate-action"].said(labels_for("es")) == (
        "identificador de acción 'A3' repetido (primera aparición en la línea 102, columna 9)"
    )


def test_follow_up_warnings_follow_the_language(
    runner: CliRunner, minimal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap.progress import timely

    write_review(minimal, "2026-03-31.yaml", "actions:\n  - {action: A1, status: ongoing}\n")
    monkeypatch.setattr(timely, "today", lambda: dt.date(2026, 11, 1))
    french = by_code(
        runner.invoke(app, ["check", "2026", "--data", str(minimal)]).stdout.split("\n")
    )
    assert french["stale-review"] == (
        "le dernier suivi de 2026 date de 215 jours\u202f; tant que l'année court, faites un "
        "suivi au moins tous les 100 jours (roadmap.toml [progress] review-age)"
    )
    assert french["action-without-status"] == (
        "l'action 'A4' court jusqu'au mois 10 de 2026, qui est passé, et aucun suivi ne donne "
        "son statut"
    )
    args = ["check", "2026", "--data", str(minimal), "--lang", "ar"]
    arabic = by_code(runner.invoke(app, args).stdout.split("\n"))
    assert arabic["stale-review"].startswith("آخر مراجعة لسنة 2026 مضى عليها 215 يومًا")
    args[-1] = "en"
    english = by_code(runner.invoke(app, args).stdout.split("\n"))
    assert english["stale-review"] == (
        "the latest review of 2026 is 215 days old; while the year runs, review at least "
        "every 100 days (roadmap.toml [progress] review-age)"
    )


def test_the_models_own_validators_follow_the_language(runner: CliRunner, minimal: Path) -> None:
    plan = minimal / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    reason: Juillet est déjà le mois de pointe.\n", ""))
    said = by_code(lines_of(runner, "validate", "--data", str(minimal)))
    assert said["invalid"] == "une proposition écartée (declined) doit donner sa raison (`reason`)"
    said = by_code(lines_of(runner, "validate", "--data", str(minimal), "--lang", "en"))
    assert said["invalid"] == "a declined proposal needs a `reason`"
    plan.write_text(text)
    write_review(minimal, "2026-06-30.yaml", "actions:\n  - {action: A1, status: cancelled}\n")
    said = by_code(lines_of(runner, "validate", "--data", str(minimal), "--lang", "pt"))
    assert said["invalid"] == "uma ação cancelada (cancelled) precisa do seu motivo (`reason`)"


def test_numbers_take_the_locale_of_the_language() -> None:
    message = Message(
        "msg.cofinancing-sum",
        total=Number(3_500_000),
        budget=Number(3_000_000),
        difference=Number(-500_000, signed=True),
    )
    assert message == "co-financing adds up to 3,500,000 but the budget is 3,000,000 (-500,000)"
    assert "3.500.000" in message.said(labels_for("pt"))  # Brazil's grouping for plain pt
    assert f"3{NBSP}500{NBSP}000" in message.said(labels_for("pt-PT"))
    # Egypt writes Arabic-Indic digits (CLDR's default numbering system), Morocco Western ones
    assert "٣٬٥٠٠٬٠٠٠" in message.said(labels_for("ar-EG"))
    assert "3.500.000" in message.said(labels_for("ar-MA"))
    # signs are the locale's: Arabic marks them left to right within right-to-left text
    assert "(\u200e-500.000)" in message.said(labels_for("ar-MA"))
    assert "(\u061c-٥٠٠٬٠٠٠)" in message.said(labels_for("ar-EG"))
    # labels that do not know their language keep the English digits
    assert "3,500,000" in message.said(dict(labels_for("fr")))


# --------------------------------------------------------------------------- the keys


def _message_calls() -> list[tuple[str, ast.Call]]:
    """Every `Message(...)` call in the package, with the file it is in."""
    calls = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message":
                calls.append((path.name, node))
    return calls


def _keys_of(call: ast.Call, english: typing.Mapping[str, str], named: set[str]) -> list[str]:
    """The catalogue keys a call may name: its literal, or every key its f-string's head
    starts that no call names literally (`msg.form.{name}` is not `msg.form.pattern`)."""
    first = call.args[0]
    if isinstance(first, ast.Constant):
        return [first.value]
    if isinstance(first, ast.IfExp):  # one key or another
        branches = (first.body, first.orelse)
        assert all(isinstance(b, ast.Constant) for b in branches), ast.dump(first)
        return [b.value for b in branches]  # type: ignore[attr-defined]
    assert isinstance(first, ast.JoinedStr), ast.dump(first)
    head = first.values[0]
    assert isinstance(head, ast.Constant), "a computed key starts with its literal prefix"
    keys = [k for k in english if k.startswith(head.value) and k not in named]
    assert keys, head.value
    return keys


def test_every_message_key_in_the_code_is_in_english_with_its_placeholders() -> None:
    english = languages.reference()
    calls = _message_calls()
    assert len(calls) > 60
    named = {c.args[0].value for _, c in calls if isinstance(c.args[0], ast.Constant)}
    for where, call in calls:
        given = {k.arg for k in call.keywords}
        keys = _keys_of(call, english, named)
        fitting = [k for k in keys if languages.placeholders(english[k]) == given]
        assert fitting, (where, keys)
        head = call.args[0]
        if isinstance(head, ast.JoinedStr) and head.values[0].value.count(".") < 2:  # type: ignore[attr-defined]
            continue  # `msg.{code}.{n}`: a family too wide to check each; one fits
        assert fitting == keys, (where, set(keys) - set(fitting))


def _kinds(method: str, position: int) -> set[str]:
    """The `kind` arguments the checks pass to `_Checker.ref`/`refs`/`unique`."""
    kinds = set()
    for path in (SRC / "checks.py", SRC / "progress" / "checks.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == method
                and len(node.args) > position
            ):
                arg = node.args[position]
                if isinstance(arg, ast.Constant):  # `refs` passes its own `kind` on to `ref`
                    kinds.add(arg.value)
    return kinds


def test_every_kind_of_reference_and_id_has_its_sentences() -> None:
    english = languages.reference()
    unknown = _kinds("ref", 4) | _kinds("refs", 4)
    duplicate = _kinds("unique", 3)
    assert {"market", "partner", "action", "target", "proposal"} <= unknown
    assert {"action", "objective", "zone", "partner"} <= duplicate
    for kind in unknown:
        assert f"msg.unknown.{kind}" in english
    for kind in duplicate:
        assert f"msg.duplicate.{kind}" in english
    for status in typing.get_args(models.AdoptionStatus):
        assert f"msg.adoption.state.{status}" in english
    for tag in languages.packaged():
        labels = labels_for(tag)
        new = [
            k for k in english if k.startswith(("msg.unknown.", "msg.duplicate.", "msg.review."))
        ]
        assert all(labels[k] for k in new)


# --------------------------------------------------------------------------- roadmap.toml


def test_configuration_errors_follow_the_language(runner: CliRunner, minimal: Path) -> None:
    (minimal / "roadmap.toml").write_text(
        "[rules]\nno-kpi = false\n[rules.budget-concentration]\nthreshold = 2\n"
        "[progress]\nreview-age = 0\n",
        encoding="utf-8",
    )
    args = ["check", "2026", "--data", str(minimal)]
    french = lines_of(runner, *args)
    assert any(line.endswith("config-unknown-rule règle inconnue 'no-kpi'") for line in french), (
        french
    )
    assert any(
        line.endswith(
            "config-bad-value progress.review-age est un nombre entier de jours de 1 à 366, "
            f"trouvé{NBSP}: 0"
        )
        for line in french
    ), french
    english = lines_of(runner, *args, "--lang", "en")
    assert any(
        line.endswith(
            "config-bad-value rules.budget-concentration.threshold is a share of the budget, "
            "more than 0 and at most 1 (0.25 = 25%), got 2"
        )
        for line in english
    ), english
    assert (
        [PREFIX.match(x).group(0) for x in english[:-1]]
        == [  # type: ignore[union-attr]
            PREFIX.match(x).group(0)  # type: ignore[union-attr]
            for x in french[:-1]
        ]
    )


def test_the_option_sentences_are_those_of_the_settings() -> None:
    """The catalogue says what config.PROGRESS_OPTIONS and models.SHARE say (one source)."""
    from roadmap import config

    english = languages.reference()
    for key, (*_, rule) in config.PROGRESS_OPTIONS.items():
        assert english[f"msg.config.progress.{key}"] == rule
    assert english["msg.config.share"] == models.SHARE.rule
