"""Markdown helpers: data text made inert, tables kept whole, the Mermaid calendar.

Data goes into GitHub-flavoured Markdown only through `escape` (inline
text, table cells) or `mermaid_text` (inside the ```mermaid block), so that
a `|`, `*`, `_`, backtick, `<` or line break in the data never breaks a
table, starts a heading or list, or injects emphasis, links or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from roadmap.render.view import Action

#: Characters that may start inline markup anywhere in a line, backslash-escaped
#: (every ASCII punctuation character may be, in CommonMark); line breaks and
#: other breaking spaces become a plain space (no-break spaces in numbers stay).
_INLINE = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]<>|~"} | dict.fromkeys("\t\r\n\x0c\x0b\x85\u2028\u2029", " ")
)
#: An `&` that would start an entity or character reference.
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: Block markers at the very start of the text: a quote, or a heading, list
#: item or thematic break (those need a space, the end, or a repeat after).
_BLOCK_START = re.compile(r"^(\s*)(>|[#+-](?=[\s#+-]|$)|\d+(?=[.)](?:\s|$)))")
#: Line breaks and ordinary spaces; no-break spaces in numbers are kept.
_SPACES = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]+")
_RUN_OF_SPACES = re.compile(r"  +")


def escape(value: object) -> str:
    """Plain text that renders as itself, on one line, in text or a table cell."""
    return _escape(str(value))


@lru_cache(maxsize=1 << 16)
def _escape(text: str) -> str:
    """`escape`, memoised: a plan repeats its names, months and amounts (a
    10,000-action plan escapes 360,000 values, 33,000 different ones)."""
    text = text.translate(_INLINE)
    if "  " in text:
        text = _RUN_OF_SPACES.sub(" ", text)
    text = text.strip()
    if "&" in text:
        text = _ENTITY.sub("\\\\&", text)
    match = _BLOCK_START.match(text)
    if match:
        marker = match.group(2)
        if marker.isdigit():
            # "1." or "1)" would start an ordered list: escape the delimiter.
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[: match.start(2)] + "\\" + text[match.start(2) :]
    return text


def escape_all(values: Iterable[object], sep: str = ", ") -> str:
    return sep.join(escape(v) for v in values)


_MERMAID_DROP = re.compile(r"[:#;`<>{}\[\]\"\\]")
_MERMAID_KEYWORDS = {
    "title",
    "section",
    "click",
    "datefmt",
    "dateformat",
    "axisformat",
    "tickinterval",
    "excludes",
    "includes",
    "todaymarker",
    "inclusiveenddates",
    "topaxis",
    "weekday",
    "acctitle",
    "accdescr",
    "accdescription",
    "gantt",
}


def mermaid_text(value: object) -> str:
    """Text safe inside a Mermaid gantt line: no `:`, `#`, `;`, tags or line breaks."""
    text = _SPACES.sub(" ", _MERMAID_DROP.sub(" ", str(value))).strip()
    first = text.split(" ", 1)[0].lower()
    if first in _MERMAID_KEYWORDS:
        text = "· " + text
    return text or "·"


def _month_start(year: int, month: int) -> str:
    if month == 13:
        return f"{year + 1}-01-01"
    return f"{year}-{month:02d}-01"


def gantt(title: str, year: int, actions: list[Action]) -> str:
    """A Mermaid gantt chart: one task per action per run of contiguous months.

    Tasks are grouped in one section per lever, in order of first appearance;
    each task runs from the first day of its first month to the first day
    after its last month. Months are the ticks (`tickInterval 1month`).
    """
    sections: dict[str, list[str]] = {}
    for a in actions:
        label = mermaid_text(f"{a.id} {a.title}")
        lines = sections.setdefault(a.lever, [])
        for start, end in a.ranges:
            lines.append(f"    {label} :{_month_start(year, start)}, {_month_start(year, end + 1)}")
    out = [
        "gantt",
        f"    title {mermaid_text(title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b",
        "    tickInterval 1month",
    ]
    for lever, lines in sections.items():
        out.append(f"    section {mermaid_text(lever)}")
        out += lines
    return "\n".join(out)


_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def slug(title: str) -> str:
    """GitHub's heading anchor for a title (lower case, spaces to hyphens)."""
    return _SLUG_DROP.sub("", title.strip().lower()).replace(" ", "-")
