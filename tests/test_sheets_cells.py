"""Cell values read as the data wants them: days, numbers, lists, text."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from roadmap.sheets import cells

DAY = dt.date(2026, 3, 31)


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-31",
        "2026/03/31",
        "31/03/2026",
        "31.03.2026",
        "31-03-2026",
        "31/03/26",
        "31 March 2026",
        "March 31, 2026",
        "31 mars 2026",
        "31-Mar-2026",
        "  31 mars 2026. ",
        dt.datetime(2026, 3, 31, 0, 0),
        DAY,
        46112,  # a spreadsheet's day number
    ],
)
def test_days(value: object) -> None:
    assert cells.day(value, "fr") == DAY


def test_an_ambiguous_day_follows_the_locale() -> None:
    assert cells.day("03/04/2026", "fr") == dt.date(2026, 4, 3)
    assert cells.day("03/04/2026", "en") == dt.date(2026, 3, 4)  # en: en-US, month first
    assert cells.day("03/04/2026", "en-GB") == dt.date(2026, 4, 3)


@pytest.mark.parametrize("value", ["31/02/2026", "2026-13-01", "tomorrow", "12", True, 0])
def test_not_days(value: object) -> None:
    with pytest.raises(cells.CellError):
        cells.day(value, "fr")


@pytest.mark.parametrize(
    ("value", "tag", "expected"),
    [
        ("1,234,567.5", "fr", 1234567.5),
        ("1.234.567,5", "en", 1234567.5),
        ("1 234 567,5", "en", 1234567.5),
        ("1\u202f234\u202f567", "fr", 1234567),
        ("1\u00a0234", "fr", 1234),
        ("1'234'567.25", "en", 1234567.25),
        ("12,5", "en", 12.5),
        ("1,234", "en", 1234),
        ("1,234", "fr", 1.234),
        ("1.234", "fr", 1234),
        ("-3,5", "fr", -3.5),
        (1500.0, "fr", 1500),
        (12, "fr", 12),
    ],
)
def test_numbers_with_either_locales_grouping(value: object, tag: str, expected: float) -> None:
    got = cells.number(value, tag)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize("value", ["1,23,4", "1.2.3", "12 abc", "1,5.3", "--2", "1,", True])
def test_not_numbers(value: object) -> None:
    with pytest.raises(cells.CellError):
        cells.number(value, "en")


def test_lists_texts_and_flags() -> None:
    assert cells.ids(" FNIH ; CNT,RAM\nONMT ") == ["FNIH", "CNT", "RAM", "ONMT"]
    assert cells.text("  a\r\nb  ") == "a\nb"
    assert cells.text("'=1+1 is two") == "=1+1 is two"
    assert cells.text(2026.0) == "2026"
    assert cells.text("   ") is None
    with pytest.raises(cells.CellError, match="a formula"):
        cells.text('=HYPERLINK("https://example.org", "x")')
    assert cells.flag("TRUE") is True and cells.flag("no") is False
    with pytest.raises(cells.CellError):
        cells.flag("maybe")


@given(st.text(max_size=40))
@example("0E0")  # a float in YAML 1.2's core schema, text in YAML 1.1
@example("NO")
@example("\u00a0lead, l'année\u202f: oui")
@example('back\\slash: "quoted"')
@settings(max_examples=400)
def test_any_text_is_written_as_yaml_that_reads_back_as_that_text(value: str) -> None:
    from roadmap.loader import _events_to_data  # the project's own reader
    from roadmap.sheets.yamledit import dump

    written = dump([{"text": value, "by": [value]}])
    assert yaml.safe_load(written) == [{"text": value, "by": [value]}]  # YAML 1.1
    assert _events_to_data(written, "x") == [{"text": value, "by": [value]}]  # roadmap's 1.2
