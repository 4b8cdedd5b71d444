"""Markdown helpers: data text made inert, tables kept whole, the Mermaid calendar.

Data goes into GitHub-flavoured Markdown only through `escape` (inline
text, table cells) or `mermaid_text` (inside the ```mermaid block), so that
a `|`, `*`, `_`, backtick, `<` or line break in the data never breaks a
table, starts a heading or list, or injects emphasis, links or HTML.

Web addresses (`https://...`, `http://...`, `www....`) and e-mail addresses
in the data are the one exception: escaping them would put backslashes
inside the link GitHub makes of them (`rapport%5C_annuel`), so each is
written as a link of its own, its characters kept (see `_link`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from roadmap.render.pieces import batches
from roadmap.render.view import Action, LeverGroup
from roadmap.render.view.results import Results

#: Characters that may start inline markup anywhere in a line, backslash-escaped
#: (every ASCII punctuation character may be, in CommonMark).
_INLINE = re.compile(r"[\\`*_\[\]<>|~]")
#: Line breaks and other breaking spaces, as a plain space (no-break spaces
#: in numbers stay).
_BREAKS = str.maketrans(dict.fromkeys("\t\r\n\x0c\x0b\x85\u2028\u2029", " "))
#: `str.translate` with a table looks up every character (20 us for a
#: title with accents): a search finds the rare text that needs it first.
_ANY_BREAK = re.compile("[\t\r\n\x0c\x0b\x85\u2028\u2029]")
#: An `&` that would start an entity or character reference.
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: Block markers at the very start of the text: a quote, or a heading, list
#: item or thematic break (those need a space, the end, or a repeat after).
_BLOCK_START = re.compile(r"^(\s*)(>|[#+-](?=[\s#+-]|$)|\d+(?=[.)](?:\s|$)))")
#: Line breaks and ordinary spaces; no-break spaces in numbers are kept.
_SPACES = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]+")
_RUN_OF_SPACES = re.compile(r"  +")


def escape(value: object) -> str:
    """Plain text that renders as itself, on one line, in text or a table cell;
    web and e-mail addresses in it render as working links."""
    return _escape(str(value))


@lru_cache(maxsize=1 << 16)
def _escape(text: str) -> str:
    """`escape`, memoised: a plan repeats its names, months and amounts (a
    10,000-action plan escapes 360,000 values, 33,000 different ones)."""
    if _ANY_BREAK.search(text):
        text = text.translate(_BREAKS)
    if "  " in text:
        text = _RUN_OF_SPACES.sub(" ", text)
    text = text.strip()
    # the search is slow next to the plain tests: most text has no address
    match = _ADDRESS.search(text) if _may_link(text) else None
    out, start = [], 0
    while match:
        address = _address_end(match.group())
        end = match.start() + len(address)
        if _ADDRESS.fullmatch(address):
            before = _inline(text[start : match.start()])
            if before.endswith("!"):
                before = before[:-1] + "\\!"  # `![...](...)` would be an image
            out += [before, _link(address, bool(match["email"]))]
            start = end
        match = _ADDRESS.search(text, max(end, match.start() + 1))
    out.append(_inline(text[start:]))
    return _block_safe("".join(out))


def _may_link(text: str) -> bool:
    """Whether `text` may hold an address or a link's start (`_ADDRESS`,
    `_LINK_START`): each needs an `@`, a `://` or a `www.` in any case.
    Those patterns start with a look behind or an alternation, tried at every
    character (2 us for a sentence); a sentence's full stop no longer
    sends it to them."""
    return "@" in text or "://" in text or "www." in text.lower()


def _inline(text: str) -> str:
    """Text with every character that could open inline markup escaped."""
    text = _INLINE.sub(r"\\\g<0>", text)
    if _may_link(text):
        # What GitHub would still link (`www.\_`, `a\_b@c.example`) would
        # take the escapes into the link: the character that makes a link
        # is escaped, so that no link starts.
        text = _LINK_START.sub(r"\\\g<0>", text)
    if "&" in text:
        text = _ENTITY.sub("\\\\&", text)
    return text


def _block_safe(text: str) -> str:
    """`text` with a block marker at its very start escaped."""
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


#: What GitHub (cmark-gfm's autolink extension) links in text: a web address
#: from `http://`, `https://` or `www.` and a domain, up to white space, `>`,
#: `<` or something like `&amp;` (renderers disagree on what it means in a
#: link: it stays text); or an e-mail address. Not right after a
#: letter, digit or `.@/+-` (`xhttp://...` is no link there either).
#: `javascript:` or any other scheme is never linked.
_ADDRESS = re.compile(
    r"(?<![\w.@/+-])(?:"
    r"(?P<url>(?:https?://|www\.)[\w-]+(?:(?!&#?\w+;)[^\s<>])*)"
    r"|(?P<email>[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w@-]))"
    r")",
    re.IGNORECASE,
)
#: The character at which GitHub's autolink extension starts a link.
_LINK_START = re.compile(r"@|:(?=//)|(?<=www)\.", re.IGNORECASE)
#: Characters GFM leaves out at a link's end (a sentence's full stop).
_TRAILING = "?!.,:*_~'\""
#: Characters an autolink or a link destination cannot hold as they are:
#: `<`, `>`, a backslash (an escape in a destination), `|` (a table's cell
#: separator even there), a backtick, ASCII control characters.
_URL_UNSAFE = re.compile(r"[<>\\|`\x00-\x1f\x7f]")


def _address_end(address: str) -> str:
    """The address without what GFM leaves out at its end: trailing
    punctuation, a `)` that closes nothing."""
    while address:
        last = address[-1]
        if last in _TRAILING or (last == ")" and address.count(")") > address.count("(")):
            address = address[:-1]
        else:
            break
    return address


def _destination(address: str) -> str:
    """`address` as it may stand between `<` and `>`, unsafe characters percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", address)


def _link(address: str, email: bool) -> str:
    """A link whose text is the address and whose target is the address.

    An address with its scheme, or an e-mail address, is an autolink
    (`<https://...>`), inside which nothing is markup. A `www.` address
    takes `http://` in its target only (as GitHub does), so it is a link
    whose text is escaped as any text.
    """
    if email or address.lower().startswith(("http://", "https://")):
        return f"<{_destination(address)}>"
    return f"[{_inline(address)}](<{_destination('http://' + address)}>)"


def escape_all(values: Iterable[object], sep: str = ", ") -> str:
    return sep.join(escape(v) for v in values)


#: `escape` of a value that is text already (a str, or an `Estimate`: one
#: too, escaped by its text), without `escape`'s conversion: the helpers
#: below escape 25 values an action, and the call cost more than the
#: memoised escape.
escape_text = _escape


def _all(values: Iterable[str], sep: str) -> str:
    """`escape_all` of text values."""
    return sep.join(map(_escape, values))


# The two tables with a row per action, and the lists of actions, are built
# here, not in a Jinja loop:
# there every cell was one more piece of the stream, one getattr and one
# filter call, and they were half of the Markdown's rendering. Each writes
# what its template's loop wrote, byte for byte (tests/test_render_rows.py).


def action_row(a: Action, t: Mapping[str, str]) -> str:
    """An action's row in the annex's table (id, title, markets, region,
    destination, lever, sectors, owner, months, budget, funding, KPIs, status)."""
    e = escape_text
    comma, sep = t["misc.comma"], t["misc.list_sep"]
    co_owners = f" ({_all(a.co_owners, comma)})" if a.co_owners else ""
    return (
        f"| {e(a.id)} | {e(a.title)} | {_all(a.markets, comma)} | {e(a.region)}"
        f" | {e(a.destination)} | {e(a.lever)} | {_all(a.sectors, comma)}"
        f" | {e(a.owner)}{co_owners} | {e(a.months_text)} | {e(a.budget)}"
        f" | {_all(a.funding, sep)} | {_all(a.kpis, sep)} | {e(a.status)} |"
    )


def lever_rows(levers: Sequence[LeverGroup], results: Results | None) -> str:
    """A market's table: a row per action under its lever's name, each line
    ended, with the action's status as of the latest review when there is one."""
    e = escape_text
    rows = []
    for g in levers:
        name = e(g.name)
        for a in g.actions:
            status = f" {e(results.statuses[a.id])} |" if results else ""
            rows.append(
                f"| {name} | {e(a.id)} {e(a.title)} | {e(a.months_text)}"
                f" | {e(a.budget)} |{status}\n"
            )
    return "".join(rows)


def action_items(
    actions: Sequence[Action],
    t: Mapping[str, str],
    results: Results | None,
    destination: bool = False,
) -> Iterator[str]:
    """An action list's items (a destination's, a region's others), each line
    ended, in batches (`pieces.batches`): id, title, with `destination` the
    action's destination when it has one, then lever, months, budget and,
    with a review, status."""
    e, sep = escape_text, t["misc.list_sep"]

    def item(a: Action) -> str:
        where = f" ({e(a.destination)})" if destination and a.destination else ""
        status = f"{sep}{e(results.statuses[a.id])}" if results else ""
        return (
            f"- {e(a.id)} {e(a.title)}{where} ({e(a.lever)}{sep}{e(a.months_text)}{sep}"
            f"{e(a.budget)}{status})\n"
        )

    return batches(map(item, actions))


def low_season_items(
    actions: Sequence[Action], serving: Sequence[bool], flag: str
) -> Iterator[str]:
    """The low-season actions' items, each line ended, in batches: id, title,
    months, and the priority's tag on those that serve it (`serving`, one
    flag per action)."""
    e = escape_text
    tag = f" · _{e(flag)}_"
    return batches(
        f"- {e(a.id)} {e(a.title)} ({e(a.months_text)}){tag if serves else ''}\n"
        for a, serves in zip(actions, serving, strict=True)
    )


def action_descriptions(actions: Sequence[Action], t: Mapping[str, str]) -> Iterator[str]:
    """The annex's descriptions, each line ended, in batches: each action that has one."""
    e, colon = escape_text, t["misc.colon"]
    return batches(
        f"- **{e(a.id)} {e(a.title)}**{colon} {e(a.description)}\n"
        for a in actions
        if a.description
    )


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
