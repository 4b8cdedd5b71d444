"""Script, event-handler and javascript: payloads in every text field stay inert."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import MINIMAL
from roadmap.build import render
from roadmap.dataset import Data
from roadmap.loader import SourceFile
from roadmap.problems import Severity
from roadmap.validation import validate

PAYLOAD = (
    "<script>alert(1)</script>\" onerror=\"alert(1)\" ' onload='alert(1)' "
    "javascript:alert(1) <img src=x onerror=alert(1)> [x](javascript:alert(1)) "
    '<a href="javascript:alert(1)">y</a> *em* _em_ `code` | {{ 7*7 }}'
)

#: Keys whose values are ids, closed sets, numbers, dates or flags: not text.
NOT_TEXT = {
    "id", "zone", "market", "region", "destination", "lever", "levers", "sectors",
    "sector", "partner", "partners", "owner", "co_owners", "participants", "by",
    "answers", "meeting", "council", "language", "currency", "tier", "role",
    "identities", "kind", "status", "date", "year", "value", "amount", "budget",
    "months", "target", "baseline", "values", "assumption", "deseasonalisation",
    "recurring", "high_potential", "lead", "emerging", "markets", "destinations",
}  # fmt: skip


def poison(node: Any, key: str | None = None) -> tuple[Any, int]:
    """`node` with every text value replaced by the payload; and how many were."""
    if isinstance(node, dict):
        out, count = {}, 0
        for k, v in node.items():
            scalar = not isinstance(v, dict | list)
            ids = isinstance(v, list) and all(isinstance(x, str) for x in v)
            if k in NOT_TEXT and (scalar or ids):
                out[k] = v
            else:
                out[k], n = poison(v, k)
                count += n
        return out, count
    if isinstance(node, list):
        items = [poison(v, key) for v in node]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(node, str):
        return PAYLOAD, 1
    return node, 0


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Data:
    root = tmp_path_factory.mktemp("xss") / "data"
    shutil.copytree(MINIMAL, root)
    total = 0
    for path in [*root.glob("*.yaml"), *root.glob("plans/*.yaml")]:
        raw = SourceFile.at(path).load()
        if path.name == "dataset.yaml":  # office is an id, the rest is text
            office = raw.pop("office")
            raw, n = poison(raw)
            raw["office"] = office
        else:
            raw, n = poison(raw)
        total += n
        path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data, problems = validate(root, years={2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert total > 60, "every text field was poisoned"
    return data


class Audit(HTMLParser):
    """Every element, attribute and script body of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_has_no_active_payload(poisoned: Data, lang: str) -> None:
    (doc,) = render(poisoned, 2026, ["html"], lang=lang)
    assert PAYLOAD not in doc.content  # it is there, but escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc.content
    audit = Audit()
    audit.feed(doc.content)
    audit.close()
    assert "img" not in audit.tags
    assert audit.tags.count("script") == 1
    assert all("alert" not in s for s in audit.scripts)
    assert [k for k, _ in audit.attrs if k.startswith("on")] == []
    for key, value in audit.attrs:
        if key in ("href", "src", "action", "xlink:href"):
            assert not value.strip().lower().startswith("javascript:"), (key, value)
            assert value.startswith("#"), (key, value)
    assert "{{ 7*7 }}" in doc.content  # data is never evaluated as a template


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markdown_has_no_raw_html_or_links_from_data(poisoned: Data, lang: str) -> None:
    (doc,) = render(poisoned, 2026, ["md"], lang=lang)
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(doc.content)
    for tok in tokens:
        assert tok.type != "html_block", tok.content
        for child in tok.children or []:
            assert child.type != "html_inline", child.content
            assert child.type not in ("em_open", "code_inline") or "em" not in child.content
            if child.type == "link_open":
                assert str(child.attrs["href"]).startswith("#")
    html = md.render(doc.content)
    assert "<script" not in html
    assert "<img" not in html
    assert "<em>em</em>" not in html
    assert "<code>code</code>" not in html
