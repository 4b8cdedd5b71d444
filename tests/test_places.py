"""Every place is in characters, for any text before the mistake.

Generated files put text that trips byte-based or "\\n"-only counting
(accented and astral characters, tabs, CRLF and the other line breaks YAML
knows, a byte-order mark) before a planted mistake, and check the place
reported against the place the mistake was planted at, counted here
independently, as an editor counts: lines from 1, columns in characters
from 1. The line breaks are YAML's (libyaml's): LF, CRLF, CR, NEL (U+0085),
LS (U+2028) and PS (U+2029).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL
from roadmap.loader import LoadError, SourceFile
from roadmap.validation import validate

BREAKS = ["\n", "\r\n", "\r", "\x85", "\u2028", "\u2029"]
# What YAML does not allow in text (YAML 1.1 "printable", as libyaml checks).
FORBIDDEN = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)]
    + [chr(c) for c in range(0x7F, 0xA0) if c != 0x85]
    + ["\ufffe", "\uffff"]
)
# Text an editor shows on one line: anything printable, tabs, accents,
# scripts written right to left, astral characters (emoji, CJK extension B).
LINE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(
            codec="utf-8",
            exclude_categories=["Cs"],
            exclude_characters="".join(FORBIDDEN + BREAKS),
        ),
        st.sampled_from(["é", "\t", "ß", "ع", "🙂", "𠀀", "\u00a0", "\ufeff"]),
    ),
    max_size=24,
)
PLACES = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass
class Doc:
    """A document built line by line, knowing the place of what it holds."""

    text: str = ""
    line: int = 1
    column: int = 1
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, piece: str, mark: str | None = None) -> Doc:
        assert not any(b in piece for b in BREAKS)
        if mark is not None:
            self.marks[mark] = (self.line, self.column)
        self.text += piece
        self.column += len(piece)  # characters, whatever they are
        return self

    def newline(self, brk: str) -> Doc:
        self.text += brk
        self.line, self.column = self.line + 1, 1
        return self


def _comments(doc: Doc, lines: list[tuple[str, str]]) -> None:
    for text, brk in lines:
        doc.add("# " + text).newline(brk)


COMMENTS = st.lists(st.tuples(LINE_TEXT, st.sampled_from(BREAKS)), max_size=6)
QUOTABLE = LINE_TEXT.map(lambda s: s.replace("'", "").replace('"', "").replace("\\", ""))


def _load(text: str, bom: bool) -> LoadError:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.yaml"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        try:
            SourceFile.at(path, Path(tmp)).load()
        except LoadError as exc:
            return exc
    raise AssertionError(f"no problem reported for {text!r}")


def _place(exc: LoadError, code: str) -> tuple[int, int]:
    found = [(p.line, p.column) for p in exc.problems if p.code == code]
    assert found, [p.render() for p in exc.problems]
    return found[0]


@given(COMMENTS, QUOTABLE, st.sampled_from(FORBIDDEN), st.booleans(), st.sampled_from(BREAKS))
@example([("é" * 5, "\n")], "ééé", "\x00", False, "\n")  # the NUL after accents
@example([("🙂", "\r\n")], "🙂🙂", "\x01", True, "\u2028")
@PLACES
def test_a_forbidden_character_is_placed_where_it_is(
    comments: list[tuple[str, str]], before: str, bad: str, bom: bool, brk: str
) -> None:
    doc = Doc()
    doc.add("a: 1").newline(brk)
    _comments(doc, comments)
    doc.add('b: "' + before).add(bad, "bad").add('"').newline(brk)
    assert _place(_load(doc.text, bom), "yaml-character") == doc.marks["bad"]


@given(COMMENTS, QUOTABLE, QUOTABLE, st.booleans(), st.sampled_from(BREAKS))
@PLACES
def test_a_duplicate_key_is_placed_after_any_text(
    comments: list[tuple[str, str]], value: str, key: str, bom: bool, brk: str
) -> None:
    doc = Doc()
    doc.add(f"'k{key}': 1").newline(brk)
    _comments(doc, comments)
    doc.add(f"b: '{value}'").newline(brk)
    doc.add(f"'k{key}'", "dup").add(": 2").newline(brk)
    assert _place(_load(doc.text, bom), "duplicate-key") == doc.marks["dup"]


@given(COMMENTS, QUOTABLE, QUOTABLE, st.booleans(), st.sampled_from(BREAKS))
@example([("ééé", "\n")] * 3, "é", "", False, "\n")
@PLACES
def test_an_unclosed_quote_is_placed_where_it_opens(
    comments: list[tuple[str, str]], before: str, inside: str, bom: bool, brk: str
) -> None:
    doc = Doc()
    doc.add(f"a: '{before}'").newline(brk)
    _comments(doc, comments)
    doc.add("b: ").add('"', "open").add(inside).newline(brk)
    doc.add("c: 2").newline(brk)
    exc = _load(doc.text, bom)
    line, column = doc.marks["open"]
    assert _place(exc, "yaml-unclosed") == (line, column)
    assert f"quoted text opened at {line}:{column} is never closed" in exc.problems[0].message


@given(COMMENTS, QUOTABLE.filter(lambda s: s.strip(" \t\ufeff\u00a0") != ""), st.booleans())
@example([("ééé", "\r\n"), ("🙂", "\x85")], "Connectivité", True)
@settings(PLACES, max_examples=60)
def test_a_schema_error_is_placed_in_characters(
    comments: list[tuple[str, str]], text: str, bom: bool
) -> None:
    """Past the loader: a problem found by the models, placed by walking the file."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(MINIMAL, data)
        lines = (MINIMAL / "levers.yaml").read_text(encoding="utf-8").split("\n")
        doc = Doc()
        doc.add(lines[0]).newline("\n")
        _comments(doc, comments)
        for original in lines[1:-1]:
            if original.startswith("    name: {fr: Connectivité"):
                doc.add(f"    name: {{fr: 'x{text}', ").add("english", "bad").add(": Air}")
            else:
                doc.add(original)
            doc.newline("\n")
        (data / "levers.yaml").write_bytes(
            (b"\xef\xbb\xbf" if bom else b"") + doc.text.encode("utf-8")
        )
        _, problems = validate(data)
    found = [(p.line, p.column) for p in problems if p.code == "bad-language"]
    assert found == [doc.marks["bad"]], [p.render() for p in problems]
