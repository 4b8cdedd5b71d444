"""The default data's plan, byte for byte, in both formats and languages.

Regenerate after a deliberate change with `pytest --update-golden`
and review the diff of tests/golden/plans/ before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DEFAULT_DATA
from roadmap.build import render
from roadmap.dataset import Data
from roadmap.problems import Severity
from roadmap.validation import validate

GOLDEN = Path(__file__).parent / "golden" / "plans"
YEAR = 2026


@pytest.fixture(scope="module")
def default_data() -> Data:
    data, problems = validate(DEFAULT_DATA, years={YEAR})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    return data


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(default_data: Data, lang: str, fmt: str, update_golden: bool) -> None:
    (doc,) = render(default_data, YEAR, [fmt], lang=lang)
    golden = GOLDEN / doc.name
    if update_golden:
        golden.write_bytes(doc.content.encode("utf-8"))
    assert golden.exists(), f"{golden} missing: run pytest --update-golden"
    expected = golden.read_bytes().decode("utf-8")
    assert doc.content == expected, f"{doc.name} differs: run pytest --update-golden and review"


def test_two_builds_are_byte_identical(default_data: Data) -> None:
    first = render(default_data, YEAR)
    again_data, _ = validate(DEFAULT_DATA, years={YEAR})
    second = render(again_data, YEAR)
    assert [d.content for d in first] == [d.content for d in second]
