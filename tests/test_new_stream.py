"""`roadmap new` writes the new plan as it dumps it, a few actions at a time,
and lets the previous plan's models go before it reads the new plan back:
its text is never held whole, nor both plans' models at once."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from roadmap import rollover
from roadmap.validation import validate

DEFAULT_DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def rolled(tmp_path: Path) -> tuple[Path, rollover.Rollover]:
    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    loaded, _ = validate(root, {2026})
    return root, rollover.roll(loaded.plans[2026], 2027)


def test_the_text_comes_in_pieces_a_few_actions_each(
    rolled: tuple[Path, rollover.Rollover], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, result = rolled
    whole = result.text
    monkeypatch.setattr(rollover, "ACTIONS_PER_DUMP", 2)
    pieces = list(result.pieces())
    assert len(result.actions) > 2
    assert len(pieces) == 1 + -(-len(result.actions) // 2)  # the head, then one per dump
    assert pieces[0].endswith("\nactions:\n")
    assert "".join(pieces) == whole


def test_the_plan_is_streamed_to_its_file_and_the_carried_models_let_go_before_reading_it(
    rolled: tuple[Path, rollover.Rollover], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, result = rolled
    expected = result.text
    written: list[Any] = []
    carried_when_read: list[int] = []
    real_write, real_validate = rollover.write, validate

    def write(path: Path, text: Any, force: bool = False) -> Path | None:
        written.append(text)
        return real_write(path, text, force)

    def read_back(*args: Any, **kwargs: Any) -> Any:
        carried_when_read.append(len(result.carried))
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(rollover, "write", write)
    monkeypatch.setattr(rollover, "validate", read_back)
    assert rollover.write_validated(root, result) == (None, [])
    assert len(written) == 1 and not isinstance(written[0], str | bytes)
    assert (root / "plans" / "2027.yaml").read_text(encoding="utf-8") == expected
    assert carried_when_read == [0]
    with pytest.raises(ValueError, match="let go"):
        _ = result.text
