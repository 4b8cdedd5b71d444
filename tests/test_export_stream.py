"""`roadmap export` hands its text on in pieces, an action (JSON) or a
thousand rows (CSV) at a time, each action's record made as it is written:
the bytes are those of encoding the whole document at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from roadmap import export, models
from roadmap.validation import validate

DEFAULT_DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def loaded() -> Any:
    found, _ = validate(DEFAULT_DATA, {2026})
    return found


def _whole_json(plan: models.Plan, markets: Any, lang: str, currency: str) -> str:
    doc = {
        "version": export.JSON_EXPORT_VERSION,
        "year": plan.year,
        "language": lang,
        "currency": currency,
        "columns": list(export.COLUMNS),
        "actions": list(export.records(plan, markets, lang)),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _tricky(plan: models.Plan) -> models.Plan:
    """The plan with texts JSON escapes (line breaks, quotes, tabs) and empty lists."""
    first = plan.actions[0].model_copy(
        update={
            "title": {"fr": 'Ligne 1\nligne "2"\tfin', "ar": "حملة\r\nثانية"},
            "markets": [],
            "cofinancing": [],
            "kpis": [],
        }
    )
    return plan.model_copy(update={"actions": [first, *plan.actions[1:]]})


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_json_pieces_are_the_whole_document_s_bytes(loaded: Any, lang: str) -> None:
    for plan in (loaded.plans[2026], _tricky(loaded.plans[2026])):
        pieces = list(export.json_pieces(plan, loaded.markets, lang, "MAD"))
        assert len(pieces) == len(plan.actions) + 1
        assert "".join(pieces) == _whole_json(plan, loaded.markets, lang, "MAD")


def test_json_of_a_plan_with_no_action_is_the_whole_document_s_bytes(loaded: Any) -> None:
    plan = loaded.plans[2026].model_copy(update={"actions": []})
    text = export.to_json(plan, loaded.markets, "fr", "MAD")
    assert text == _whole_json(plan, loaded.markets, "fr", "MAD")
    assert json.loads(text)["actions"] == []


def test_csv_comes_a_thousand_rows_at_a_time(loaded: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = loaded.plans[2026]
    whole = export.to_csv(plan, loaded.markets, "fr", dialect="locale")
    monkeypatch.setattr(export, "_ROWS_PER_PIECE", 2)
    pieces = list(export.csv_pieces(plan, loaded.markets, "fr", dialect="locale"))
    assert len(pieces) == len(plan.actions) // 2 + 1
    assert pieces[0].startswith(export.BOM)
    assert "".join(pieces) == whole


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_records_are_made_as_they_are_written(
    loaded: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    made: list[str] = []
    real = export.records

    def counted(*args: Any) -> Any:
        for record in real(*args):
            made.append(record["id"])
            yield record

    monkeypatch.setattr(export, "records", counted)
    monkeypatch.setattr(export, "_ROWS_PER_PIECE", 1)
    pieces = export.stream(loaded.plans[2026], loaded.markets, fmt, "fr", "MAD")
    assert made == []
    next(pieces)
    assert len(made) == 1
    rest = list(pieces)
    assert len(made) == len(loaded.plans[2026].actions) and rest


def test_an_unknown_dialect_locale_fails_before_any_piece(loaded: Any) -> None:
    from babel.core import UnknownLocaleError

    with pytest.raises((UnknownLocaleError, ValueError)):
        export.stream(loaded.plans[2026], loaded.markets, "csv", "xx-ZZ", "MAD", None, "locale")
