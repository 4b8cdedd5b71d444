"""The Markdown plan read back by a real CommonMark/GFM parser (markdown-it-py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import MINIMAL
from roadmap.build import render
from roadmap.loader import SourceFile
from roadmap.render.markdown import escape, gantt, mermaid_text, slug
from roadmap.render.view import month_ranges
from roadmap.validation import validate

NASTY = "a | b *c* _d_ `e` <b>f</b> [g](h) \\ ~~i~~ &amp; line\nbreak"


def gfm() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def tables(tokens: list[Token]) -> list[list[int]]:
    """Cells per row of every table: [[header cells, row cells, ...], ...]."""
    out: list[list[int]] = []
    row = 0
    for tok in tokens:
        if tok.type == "table_open":
            out.append([])
        elif tok.type == "tr_open":
            row = 0
        elif tok.type in ("th_open", "td_open"):
            row += 1
        elif tok.type == "tr_close":
            out[-1].append(row)
    return out


def inline_types(tokens: list[Token]) -> set[str]:
    kinds = set()
    for tok in tokens:
        kinds.add(tok.type)
        for child in tok.children or []:
            kinds.add(child.type)
    return kinds


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("a | b", "a | b"),
        ("*not em*", "*not em*"),
        ("<script>x</script>", "<script>x</script>"),
        ("# not a heading", "# not a heading"),
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("[a](javascript:alert(1))", "[a](javascript:alert(1))"),
        ("&amp;", "&amp;"),
        ("Culture & heritage", "Culture & heritage"),
        ("two\nlines", "two lines"),
        ("---", "---"),
        ("+ x", "+ x"),
        ("> quote", "> quote"),
        ("2) x", "2) x"),
        ("1\u202f200\u00a0MAD", "1\u202f200\u00a0MAD"),
    ],
)
def test_escaped_text_renders_as_itself(text: str, rendered: str) -> None:
    tokens = gfm().parse(f"- {escape(text)}\n")
    inline = next(t for t in tokens if t.type == "inline")
    assert [c.type for c in inline.children or []] == ["text"]
    assert inline.children is not None
    assert inline.children[0].content == rendered


@pytest.mark.parametrize("text", ["75.4%", "+8.6%", "-11.5%", "#1", "2026"])
def test_numbers_and_harmless_starts_are_not_escaped(text: str) -> None:
    assert escape(text) == text


def test_table_cells_survive_pipes_and_line_breaks() -> None:
    row = f"| {escape(NASTY)} | {escape('x|y')} |"
    tokens = gfm().parse(f"| a | b |\n|---|---|\n{row}\n")
    assert tables(tokens) == [[2, 2]]
    assert "html_inline" not in inline_types(tokens)
    assert "em_open" not in inline_types(tokens)
    assert "link_open" not in inline_types(tokens)


def test_gantt_has_one_task_per_run_of_months() -> None:
    data, _ = validate(MINIMAL, years={2026})
    (doc,) = render(data, 2026, ["md"])
    chart = doc.content.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "dateFormat YYYY-MM-DD" in chart
    assert "axisFormat %b" in chart
    assert "tickInterval 1month" in chart
    # A1 runs in months 1, 2 and 11: two tasks; A2 in December ends on 1 January.
    assert "    A1 Campagne hiver en France :2026-01-01, 2026-03-01" in chart
    assert "    A1 Campagne hiver en France :2026-11-01, 2026-12-01" in chart
    assert "    A2 Ligne directe Oslo-Essaouira :2026-12-01, 2027-01-01" in chart
    assert "    section Contenu" in chart


def test_mermaid_text_drops_what_would_break_the_chart() -> None:
    assert mermaid_text("a: b; c # d\n`e` <f>") == "a b c d e f"
    assert mermaid_text("section Evil") == "· section Evil"
    assert mermaid_text("click A1 href") == "· click A1 href"
    assert mermaid_text(":;#") == "·"


def test_gantt_lines_never_hold_data_separators() -> None:
    from roadmap.render.view import Action

    action = Action(
        id="X1", title="t: evil; # ```\nsection s", description="", markets=[], market_ids=[],
        region="", region_id="", destination="", lever="l:v#", lever_id="l", sectors=[],
        owner="", co_owners=[], months=[3], months_text="", ranges=month_ranges([3]),
        budget="", budget_value=0, funding=[], kpis=[], status="", deseasonalisation=False,
        answers=[], result="",
    )  # fmt: skip
    chart = gantt("T: #1", 2026, [action])
    for line in chart.splitlines()[1:]:
        if ":20" in line:
            label = line.rsplit(" :", 1)[0]
            assert ":" not in label and ";" not in label and "#" not in label
        else:
            assert ":" not in line.split(" ", 5)[-1] or line.strip().startswith("dateFormat")
    assert "```" not in chart


def test_month_ranges() -> None:
    assert month_ranges([1, 2, 11]) == [(1, 2), (11, 11)]
    assert month_ranges([12, 10, 11, 11]) == [(10, 12)]
    assert month_ranges([]) == []


def test_slug_is_githubs() -> None:
    assert slug("Marchés prioritaires") == "marchés-prioritaires"
    assert slug("Levers and sectors") == "levers-and-sectors"


def test_every_table_of_a_nasty_plan_keeps_its_columns(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    plan = root / "plans" / "2026.yaml"
    raw = SourceFile.at(plan).load()
    for action in raw["actions"]:
        action["title"] = NASTY
        action["description"] = NASTY
    raw["proposals"][0]["text"] = NASTY
    plan.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data, problems = validate(root, years={2026})
    assert not [p for p in problems if p.severity == "error"]
    for lang in ("fr", "en"):
        (doc,) = render(data, 2026, ["md"], lang=lang)
        tokens = gfm().parse(doc.content)
        found = tables(tokens)
        assert len(found) >= 10
        for rows in found:
            assert len(set(rows)) == 1, rows
        kinds = inline_types(tokens)
        assert "html_inline" not in kinds
        assert "html_block" not in kinds
        assert "link_open" in kinds  # the table of contents, and nothing else:
        links = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
        assert all(str(h).startswith("#") for h in links)
        assert "<em>c</em>" not in gfm().render(doc.content)


@pytest.mark.parametrize("char", list("\\`*_[]<>|~"))
def test_every_inline_markup_character_is_backslash_escaped(char: str) -> None:
    assert escape(f"é{char}x{char}") == f"é\\{char}x\\{char}"


@pytest.mark.parametrize("char", list("\t\r\n\x0c\x0b\x85\u2028\u2029"))
def test_every_line_break_is_one_space(char: str) -> None:
    assert escape(f"été{char}x") == "été x"
    assert escape(f"a{char}{char}b") == "a b"
