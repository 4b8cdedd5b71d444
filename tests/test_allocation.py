"""The budget split's helpers: `allocate_columns` and `kind_keys` give what
`allocate` and `keys_of` give, one column or one kind at a time."""

from __future__ import annotations

from fractions import Fraction

from conftest import DEFAULT_DATA
from roadmap import allocation, models
from roadmap.validation import validate

ITEMS: list[tuple[tuple[int, int, int], list[str]]] = [
    ((300, 100, 7), ["FR"]),
    ((1_000_000_000_000_001, 5, 0), ["FR", "ES", "FR"]),  # a key twice counts once
    ((10, 0, 1), []),  # no key: under `empty`
    ((7, 3, 2), ["ES", "US", "DE"]),  # thirds
    ((1, 1, 1), ["US"]),
]


def test_allocate_columns_is_allocate_of_each_column() -> None:
    got = allocation.allocate_columns(iter(ITEMS), "", 3)
    for i in range(3):
        expected = allocation.allocate(((amounts[i], keys) for amounts, keys in ITEMS), "")
        assert got[i] == expected
        assert list(got[i]) == list(expected)  # same keys, in the same order
    assert got[0]["ES"] == Fraction(1_000_000_000_000_001, 2) + Fraction(7, 3)
    assert got[1][""] == 0


def test_allocate_columns_of_nothing() -> None:
    assert allocation.allocate_columns(iter([]), "", 2) == [{}, {}]


def test_kind_keys_are_keys_of_one_kind() -> None:
    loaded, _ = validate(DEFAULT_DATA)
    assert loaded.markets is not None
    zones = {m.id: m.zone for m in loaded.markets.markets}
    actions = [a for plan in loaded.plans.values() for a in plan.actions]
    bare = actions[0].model_copy(update={"markets": ["XX", "XX"], "region": None, "sectors": []})
    for action in [*actions, bare]:
        keys = allocation.keys_of(action, zones)
        for kind in allocation.KINDS:
            assert allocation.kind_keys(action, kind, zones) == keys[kind], (action.id, kind)
    assert isinstance(bare, models.Action) and allocation.kind_keys(bare, "market", zones) == ["XX"]
