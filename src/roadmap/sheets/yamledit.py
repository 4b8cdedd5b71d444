"""Records appended to a list of a YAML file, every existing byte kept.

The file is never re-emitted as a whole. Its node tree (libyaml's composer,
as the loader uses) says where the list ends; the new records are written
by PyYAML's emitter (libyaml's when present: ten thousand records in well
under a second, where ruamel.yaml's pure-Python round-trip emitter takes
half a minute) and inserted as text right after the list's last item,
indented as that list is. So the file's comments, anchors, quoting, key
order, blank lines and line endings stay as they were, byte for byte (a
ruamel.yaml round trip drops an anchor no alias uses, as the shipped plan
has): `git diff` shows added lines only, and `added_lines_only` checks
that it does before anything is written. Text that YAML 1.1 would read
as something else (`NO`, `yes`, `2026-03-31`) is quoted: the plan reads
the same in every YAML reader.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import yaml

from roadmap.core_schema import RESOLVED_STARTS, core_value
from roadmap.loader import LoadError, compose
from roadmap.problems import RoadmapError

#: Keys whose list is written on one line (`by: [FNIH, CNT]`), as in the plan.
FLOW_LISTS = frozenset({"by", "markets", "sectors", "co_owners", "months", "answers"})


class EditError(RoadmapError):
    """The file cannot be edited without changing what is already there."""


class _Writer(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's emitter (libyaml's when present): the judge of how a scalar is written."""


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # French text is full of apostrophes: where quotes are needed, double
    # ones read better than single ones, which double each apostrophe
    style = '"' if "'" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Writer.add_representer(str, _text)
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_FIRST_SPECIAL = frozenset("!&*{}[]|>%@`#,?:-'\" \t")
_FLOW_SPECIAL = frozenset(",[]{}?:#")
#: Unicode's spaces (Zs), read as a plain space by the printable check.
_SPACES_AS_SPACE = dict.fromkeys(
    [0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], " "
)


@lru_cache(maxsize=4096)
def scalar(value: str, in_flow: bool = False) -> str:
    """One line of YAML for a text, plain where every YAML reader reads it back as text.

    Plain when it is safe on sight (the common case, decided in Python
    without the emitter); otherwise whatever PyYAML's emitter writes, and
    double-quoted where that is plain but either YAML 1.1 (`NO`,
    `2026-03-31`) or YAML 1.2's core schema, which roadmap reads (`0E0`),
    would take it for something other than text.
    """
    # only a text whose first character can start a number, null or boolean can be one
    text_in_12 = value[:1] not in RESOLVED_STARTS or type(core_value(value)) is str
    # Python's printable, with the no-break and other spaces French text is full of
    printable = value.translate(_SPACES_AS_SPACE).isprintable()
    if (
        text_in_12
        and value
        and printable
        and value[0] not in _FIRST_SPECIAL
        and value[-1] not in " :"
        and ": " not in value
        and " #" not in value
        and not (in_flow and not _FLOW_SPECIAL.isdisjoint(value))
        and (
            # only a text whose first character starts an implicit type can be one
            value[0] not in _RESOLVER.yaml_implicit_resolvers
            or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR  # type: ignore[no-untyped-call]
        )
    ):
        return value
    if printable and value:
        # one line of printable characters: quoted here, as the emitter would
        # (single quotes; double ones around an apostrophe, l'année)
        if "'" not in value:
            return f"'{value}'"
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = _emitted(value, in_flow, None)
    if not text_in_12 and out == value:
        out = _emitted(value, in_flow, '"')
    return out


def _emitted(value: str, in_flow: bool, style: str | None) -> str:
    out: str = yaml.dump(
        [value] if in_flow else value,
        Dumper=_Writer,
        allow_unicode=True,
        width=1 << 16,
        default_flow_style=True,
        default_style=style,
    )
    out = out.removesuffix("\n").removesuffix("\n...")
    return out[1:-1] if in_flow else out


def _value(value: Any, indent: int) -> str:
    """A value after `key:`: the rest of the line, and any lines under it."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int | float):
        return " " + repr(value)
    if isinstance(value, dt.date):
        return " " + value.isoformat()
    if isinstance(value, str):
        lines = value.split("\n")
        if (
            len(lines) > 1
            and all(line == line.rstrip() and line.isprintable() for line in lines)
            and lines[0][:1] not in ("", " ")
            and lines[-1]
        ):
            # a paragraph per line, as typed in the cell
            pad = " " * (indent + 2)
            return " |-\n" + "\n".join(pad + line if line else "" for line in lines)
        return " " + scalar(value)
    raise TypeError(f"cannot write {type(value).__name__} in a record")


def _mapping(record: dict[str, Any], indent: int, first: str) -> list[str]:
    """Lines of a block mapping at `indent`; the first line starts with `first`."""
    pad = " " * indent
    lines = []
    for n, (key, value) in enumerate(record.items()):
        lead = first if n == 0 else pad
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:")
            lines += _mapping(value, indent + 2, " " * (indent + 2))
        elif isinstance(value, list) and (key in FLOW_LISTS or not value):
            lines.append(f"{lead}{key}: [{', '.join(scalar(str(v), True) for v in value)}]")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            for item in value:
                if isinstance(item, dict):  # a list of records: `- key: value` blocks
                    lines += _mapping(item, indent + 4, f"{pad}  - ")
                else:
                    lines.append(f"{pad}  - {_value(item, indent + 4).lstrip()}")
        else:
            lines.append(f"{lead}{key}:{_value(value, indent)}")
    return lines


def dump(records: Sequence[dict[str, Any]], indent: int = 0) -> str:
    """The records as a YAML block list, each line indented by `indent` spaces.

    Keys in the records' order; lists of ids on one line (`by: [FNIH,
    CNT]`) as the plan writes them; texts per language as a block.
    """
    pad = " " * indent
    lines: list[str] = []
    for record in records:
        lines += _mapping(record, indent + 2, pad + "- ")
    return "".join(line + "\n" for line in lines)


def append(text: str, key: str, records: Sequence[dict[str, Any]], display: str) -> str:
    """`text` with `records` added at the end of the top-level list `key`."""
    if not records:
        return text
    try:
        root = compose(text, display)
    except LoadError as exc:
        raise EditError(str(exc)) from None
    newline = "\r\n" if "\r\n" in text else "\n"
    if not isinstance(root, yaml.MappingNode):
        raise EditError(f"{display}: the file is not a mapping of keys to values")
    pairs = [(k.value, k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)]
    found = next(((k, v) for name, k, v in pairs if name == key), None)
    if found is None:
        # no such list yet: a new key before the next top-level one
        # (`actions`, the plan's last), else at the end of the file
        block = f"{key}:{newline}" + _lines(dump(records, 2), newline)
        after = next((k for name, k, _v in pairs if name == "actions"), None)
        at = _line_start(text, after.start_mark.index) if after is not None else len(text)
        if at == len(text) and text and not text.endswith("\n"):
            block = newline + block
        return text[:at] + block + text[at:]
    _key, seq = found
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"{display}: `{key}` is not a list")
    if seq.flow_style or not seq.value:
        raise EditError(
            f"{display}:{seq.start_mark.line + 1}:{seq.start_mark.column + 1}: `{key}` is"
            " written in flow style ([...]); write it as a block list (one `- ` item per"
            " record) to import into it"
        )
    first = seq.value[0]
    dash = text.rfind("-", 0, first.start_mark.index)
    indent = dash - _line_start(text, dash)
    following = [
        k.start_mark.index for _n, k, _v in pairs if k.start_mark.index > seq.start_mark.index
    ]
    at = _after_list(text, min(following, default=len(text)))
    block = _lines(dump(records, indent), newline)
    if at == len(text) and text and not text.endswith("\n"):
        block = newline + block
    return text[:at] + block + text[at:]


def _lines(block: str, newline: str) -> str:
    return block.replace("\n", newline) if newline != "\n" else block


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _after_list(text: str, upper: int) -> int:
    """Where a top-level list that stops before `upper` (the next key) ends.

    Blank lines and comments at the left margin just above the next key
    belong to that key (a section header); the list ends after the line
    before them. An alias or a comment on the last item's last line stays
    with the item.
    """
    at = _line_start(text, upper) if upper < len(text) else len(text)
    while at > 0:
        start = _line_start(text, at - 1)
        line = text[start:at]
        if line.strip() and not line.startswith("#"):
            break
        at = start
    return at


def added_lines_only(before: str, after: str) -> int | None:
    """The first line of `before` that `after` changes or drops; None if it only adds."""
    matcher = difflib.SequenceMatcher(
        None, before.splitlines(True), after.splitlines(True), autojunk=False
    )
    for tag, i1, _i2, _j1, _j2 in matcher.get_opcodes():
        if tag not in ("equal", "insert"):
            return i1 + 1
    return None
