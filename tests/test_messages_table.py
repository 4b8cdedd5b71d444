"""`messages.explain` words each pydantic error kind by one row of a table."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from roadmap import messages, models


def _error(kind: str, loc: tuple[str | int, ...] = ("budget",), **extra: Any) -> ErrorDetails:
    return typing_error(
        {"type": kind, "loc": loc, "msg": extra.pop("msg", "pydantic says"), **extra}
    )


def typing_error(raw: dict[str, Any]) -> ErrorDetails:
    return raw  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            _error("extra_forbidden", ("budgt",), input=1),
            ("unknown-key", "unknown key 'budgt' (did you mean 'budget'?)", True),
        ),
        (_error("missing", ("id",)), ("missing-key", "missing required key 'id'", False)),
        (
            _error("int_parsing", input="ten"),
            ("bad-type", "expected a whole number, got 'ten'", False),
        ),
        (
            _error("date_parsing", ("date",), input="2026-13-01"),
            ("bad-date", "'2026-13-01' is not a valid date (YYYY-MM-DD)", False),
        ),
        (
            _error(
                "literal_error", ("status",), input="don", ctx={"expected": "'done' or 'planned'"}
            ),
            ("bad-value", "'don' is not one of 'done' or 'planned' (did you mean 'done'?)", False),
        ),
        (
            _error(
                "string_pattern_mismatch",
                ("language",),
                input="fr_FR",
                ctx={"pattern": models.LANG_TAG},
            ),
            (
                "bad-language",
                "'fr_FR' is not a BCP 47 language tag such as fr, pt-PT or ar-MA;"
                " did you mean 'fr-FR'?",
                False,
            ),
        ),
        (
            _error("string_pattern_mismatch", ("x", "[key]"), input="a b", ctx={"pattern": "^z$"}),
            ("bad-value", "'a b' is not the form ^z$", True),
        ),
        (
            _error("out_of_range", ("months", 0), msg="must be from 1 to 12"),
            ("out-of-range", "month must be from 1 to 12", False),
        ),
        (
            _error("greater_than_equal", ("months", 0), input=0, ctx={"ge": 1}),
            ("out-of-range", "month '0' must be at least 1", False),
        ),
        (
            _error("less_than", input=9, ctx={"lt": 5}),
            ("out-of-range", "value '9' must be less than 5", False),
        ),
        (
            _error("string_too_long", input="abc", ctx={"max_length": 2}),
            ("too-long", "'abc' is longer than 2 characters", False),
        ),
        (_error("string_too_short", input=""), ("empty", "must not be empty", False)),
        (_error("too_short", ctx={"min_length": 1}), ("too-few", "needs at least 1 item", False)),
        (_error("too_long", ctx={"max_length": 3}), ("too-many", "holds at most 3 items", False)),
        (
            _error("value_error", msg="Value error, a declined proposal needs a `reason`"),
            ("invalid", "a declined proposal needs a `reason`", False),
        ),
        (
            _error("dict_type", ("name", "<by-language>"), input=[1]),
            ("bad-type", "expected text or a mapping of language to text, got a list", False),
        ),
        (
            _error("dict_type", ("meta",), input=[1]),
            ("bad-type", "expected a mapping of keys to values, got a list", False),
        ),
        (_error("a_kind_no_row_words"), ("invalid", "pydantic says", False)),
    ],
)
def test_each_kind_has_its_sentence(error: ErrorDetails, expected: tuple[str, str, bool]) -> None:
    class Budget(BaseModel):
        budget: int
        id: str = ""

    loc, *said = messages.explain(error, Budget)
    assert tuple(said) == expected
    assert "[key]" not in loc and "<by-language>" not in loc


def test_every_row_is_reached_from_a_real_error() -> None:
    """The table's keys are pydantic's own names: a real error lands on its row."""
    try:
        models.Dataset.model_validate({"title": "t"})
    except ValidationError as exc:
        kinds = {e["type"] for e in exc.errors()}
    assert kinds <= set(messages._BY_KIND)
    assert "missing" in kinds
