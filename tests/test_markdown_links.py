"""Web and e-mail addresses in data text are working links in GitHub's Markdown.

Escaping put backslashes inside the links GitHub's autolink extension makes
(`rapport%5C_annuel`). Each case is rendered by GitHub's own cmark-gfm (with
its extensions, through `cmarkgfm`) and by markdown-it with linkify, as
inline text and inside a table cell: the links are exactly the addresses,
the text around them is intact, and nothing else becomes markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

import cmarkgfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roadmap.render.markdown import escape


def _cmark_gfm(text: str) -> str:
    # GitHub's renderer: table, autolink, strikethrough, tagfilter, tasklist
    return cmarkgfm.github_flavored_markdown_to_html(text)


_MARKDOWN_IT = MarkdownIt("gfm-like")


RENDERERS: dict[str, Callable[[str], str]] = {
    "cmark-gfm": _cmark_gfm,
    "markdown-it": _MARKDOWN_IT.render,
}


class _Html(HTMLParser):
    """Every element's tag, every link as (href, text), and the text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.text = ""
        self._href: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self._href, self._link_text = dict(attrs).get("href") or "", ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text))
            self._href = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._href is not None:
            self._link_text += data


def parsed(html: str) -> _Html:
    parser = _Html()
    parser.feed(html)
    parser.close()
    return parser


#: (data text, [(link target, link text), ...]): the text shown is the data text.
CASES = [
    (
        "Rapport : https://www.onmt.ma/fr/rapport_annuel_2025.pdf.",
        [("https://www.onmt.ma/fr/rapport_annuel_2025.pdf",) * 2],
    ),
    (
        "Site www.visitmorocco.com/fr_FR (portail)",
        [("http://www.visitmorocco.com/fr_FR", "www.visitmorocco.com/fr_FR")],
    ),
    (
        "Écrire à contact_presse@onmt.ma, merci",
        [("mailto:contact_presse@onmt.ma", "contact_presse@onmt.ma")],
    ),
    (
        "(voir https://fr.wikipedia.org/wiki/Tourisme_(Maroc))",
        [("https://fr.wikipedia.org/wiki/Tourisme_(Maroc)",) * 2],
    ),
    # a trailing _ or ~ is punctuation, as on GitHub
    ("http://a.example/x*y*_z_ et **gras** _penché_", [("http://a.example/x*y*_z",) * 2]),
    (
        "Deux : https://a.example/a_b et https://b.example/c~d~",
        [("https://a.example/a_b",) * 2, ("https://b.example/c~d",) * 2],
    ),
    ("https://a.example/q?x=1&y=2#part_2!", [("https://a.example/q?x=1&y=2#part_2",) * 2]),
]

#: Text that must render as itself, with no link and no other markup.
NO_LINK = [
    "javascript:alert(1)",
    "[clic](javascript:alert(1))",
    "<javascript:alert(1)>",
    "data:text/html,<script>alert(1)</script>",
    "http://",
    "http:// a.example",
    "www.",
    "rapport_annuel_final",
]


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
@pytest.mark.parametrize(("text", "links"), CASES)
def test_addresses_are_links_and_text_is_intact(
    render: Callable[[str], str], text: str, links: list[tuple[str, str]]
) -> None:
    html = parsed(render(escape(text)))
    assert [(unquote(href), shown) for href, shown in html.links] == links
    assert html.text.strip() == text
    assert set(html.tags) == {"p", "a"}


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
@pytest.mark.parametrize(("text", "links"), CASES)
def test_addresses_are_links_in_a_table_cell(
    render: Callable[[str], str], text: str, links: list[tuple[str, str]]
) -> None:
    html = parsed(render(f"| a | b |\n|---|---|\n| {escape(text)} | end |\n"))
    assert [unquote(h) for h, _ in html.links] == [href for href, _ in links]
    assert html.tags.count("td") == 2
    assert text in html.text and "end" in html.text


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
@pytest.mark.parametrize("text", NO_LINK)
def test_other_text_opens_no_link_and_no_markup(render: Callable[[str], str], text: str) -> None:
    html = parsed(render(escape(text)))
    assert html.tags == ["p"]
    assert html.text.strip() == text


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_characters_an_address_cannot_hold_do_not_open_markup(
    render: Callable[[str], str],
) -> None:
    """`<`, `|` and backticks inside an address, and a space after it."""
    text = "https://a.example/x|y`z`<img src=x onerror=alert(1)> suite"
    html = parsed(render(f"| c |\n|---|\n| {escape(text)} |\n"))
    assert html.tags.count("td") == 1  # the | did not split the cell
    assert "img" not in html.tags and "code" not in html.tags
    assert [unquote(h) for h, _ in html.links] == ["https://a.example/x|y`z`"]
    assert "<img src=x onerror=alert(1)> suite" in html.text


def test_the_markdown_keeps_the_address_without_backslashes() -> None:
    """What a reader of the .md file itself sees."""
    assert escape("https://onmt.ma/rapport_annuel.pdf") == "<https://onmt.ma/rapport_annuel.pdf>"
    assert escape("a@b.example") == "<a@b.example>"
    assert escape("pas_une_adresse") == "pas\\_une\\_adresse"


_PIECES = st.sampled_from(
    [
        "https://",
        "http://",
        "www.",
        "a.example",
        "/x",
        "_",
        "*",
        "`",
        "<",
        ">",
        "|",
        "(",
        ")",
        "[",
        "]",
        "&amp;",
        "@",
        "b",
        ".",
        " ",
        "javascript:",
        "\\",
        "!",
        "#",
        "- ",
        "1. ",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_no_data_text_makes_markup_or_an_unsafe_link(text: str) -> None:
    for name, render in RENDERERS.items():
        html = parsed(render(escape(text)))
        assert set(html.tags) <= {"p", "a"}, (text, escape(text))
        for href, _ in html.links:
            assert href.startswith(("http://", "https://", "mailto:")), (text, href)
        if name != "cmark-gfm":
            continue  # markdown-it rewrites the text of odd links (`a:b:1` as a port)
        # GitHub shows the text as written; an address shows `|`, backticks
        # and backslashes percent-encoded
        shown = html.text
        for code, char in (("%7C", "|"), ("%60", "`"), ("%5C", "\\")):
            shown = shown.replace(code, char)
        assert shown.split() == text.split(), (text, escape(text))


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(_PIECES | st.sampled_from(["W", "wWw.", "HTTP://", "a.b", ":", "/"]), max_size=10).map(
        "".join
    )
)
def test_text_without_an_at_a_scheme_or_www_is_escaped_without_the_address_search(
    text: str,
) -> None:
    """`_may_link` keeps most text (a sentence with its full stop) from the
    address and link-start searches: escaped with those searches always run,
    every text gives the same Markdown."""
    from roadmap.render import markdown

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown, "_may_link", lambda _text: True)
        always = markdown._escape.__wrapped__(text)
    assert markdown._escape.__wrapped__(text) == always
