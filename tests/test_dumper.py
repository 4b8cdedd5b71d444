"""`roadmap new` writes its plan with libyaml's emitter only where that gives
PyYAML's own bytes: the output is byte for byte `yaml.safe_dump`'s."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bench_module
from roadmap import rollover
from roadmap.validation import validate

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml"
)

OPTIONS: dict[str, Any] = {
    "sort_keys": False,
    "allow_unicode": True,
    "width": rollover.NOTE_WIDTH,
    "default_flow_style": None,
}


def pure(doc: Any) -> str:
    text: str = yaml.dump(doc, Dumper=yaml.SafeDumper, **OPTIONS)
    return text


def libyaml(doc: Any) -> str:
    text: str = yaml.dump(doc, Dumper=yaml.CSafeDumper, **OPTIONS)
    return text


#: Text as data holds it: letters of several scripts, digits, spaces (long
#: runs wrap), punctuation YAML cares about, quotes, no-break spaces.
AGREEING = st.text(
    st.sampled_from([*"ab Zé€:,-#'\"[]{}&*!|>%@`?0.", "\u00a0", "\u202f", "م", "中"]),
    max_size=300,
)
KEYS = AGREEING.filter(lambda k: 0 < len(k.encode()) <= 100)
SCALARS = AGREEING | st.integers() | st.booleans() | st.none()
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, DOCS, min_size=1, max_size=4))
def test_libyaml_writes_the_same_bytes_as_pyyaml(doc: dict[str, Any]) -> None:
    assert rollover._emitters_agree(doc)
    assert libyaml(doc) == pure(doc)
    assert rollover.dump(doc) == pure(doc)


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f600 an emoji",  # libyaml double-quotes what PyYAML writes as it is
        "next line\x85",
        "\ufeffbyte-order mark",
        "tab\there",
        "a line\n  then an indented one, " + "long enough to be wrapped " * 6,
        "bell\x07",
    ],
)
def test_text_the_emitters_write_differently_is_written_by_pyyaml(text: str) -> None:
    doc = {"title": {"fr": text, "en": "plain"}, "items": [text, "x"]}
    assert not rollover._emitters_agree(doc)
    assert rollover.dump(doc) == pure(doc)


@pytest.mark.parametrize("key", ["\U0001f600", "", "k" * 200, "中" * 50])
def test_the_check_sees_keys_too(key: str) -> None:
    doc = {"ok": [{key: 1}]}
    assert not rollover._emitters_agree(doc)
    assert rollover.dump(doc) == pure(doc)


def test_a_text_the_emitters_disagree_on_is_one_the_check_refuses() -> None:
    """The check is not too lax: each character it lets through is written alike."""
    for text in ["\U0001f600", "\x85", "\ufeff", "\t\n x" * 40]:
        doc = {"k": [text * 3, {"f": text}]}
        if libyaml(doc) != pure(doc):
            assert not rollover._emitters_agree(doc)


def test_the_shipped_plan_rolls_to_the_same_bytes(tmp_path: Path) -> None:
    from conftest import DEFAULT_DATA

    root = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, root)
    loaded, _ = validate(root, {2026})
    text = rollover.roll(loaded.plans[2026], 2027).text
    body = text[text.index("\nyear:") + 1 :]
    assert body == pure(yaml.safe_load(body))


def test_actions_dumped_a_few_at_a_time_are_the_whole_plan_s_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new plan's text is the one dump of the whole plan would write."""
    generator = bench_module("generate")
    root = generator.generate(tmp_path / "data", 120)
    loaded, _ = validate(root)
    monkeypatch.setattr(rollover, "ACTIONS_PER_DUMP", 7)
    result = rollover.roll(loaded.plans[2026], 2027, reviews=loaded.reviews[2026])
    assert len(result.actions) > 7 * 5
    body = result.text[result.text.index("\nyear:") + 1 :]
    whole = yaml.safe_load(body)
    assert list(whole)[-1] == "actions"
    assert body == pure(whole)


def test_a_generated_plan_rolls_to_the_same_bytes(tmp_path: Path) -> None:
    generator = bench_module("generate")
    root = generator.generate(tmp_path / "data", 300)
    loaded, _ = validate(root)
    doc = rollover._dump(loaded.plans[2026])
    assert rollover._emitters_agree(doc)
    assert rollover.dump(doc) == pure(doc)
