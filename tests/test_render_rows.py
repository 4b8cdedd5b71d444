"""The rows built in Python (`roadmap.render.html`, `roadmap.render.markdown`):
the bytes the templates' own loops wrote, every value escaped as the
template escaped it (HTML: autoescape; Markdown: the `md` filters).

Each helper is compared with the Jinja it replaced, for actions with and
without their optional parts and with hostile text in every field."""

from __future__ import annotations

import dataclasses
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from roadmap.render import markdown
from roadmap.render.html import (
    action_descriptions,
    action_entry,
    action_items,
    calendar_cells,
    calendar_rows,
    lever_rows,
    low_season_items,
)
from roadmap.render.view import Action, Estimate, LeverGroup
from roadmap.render.view.context import html_text

#: The plan template's annex entry before `action_entry`, as it was.
ENTRY = """\
{% for a in actions %}
{% set row_id = "action-" ~ loop.index %}
<tbody class="action" data-markets="{{ a.market_ids|join(" ") }}" data-region="{{ a.region_id }}" data-lever="{{ a.lever_id }}">
<tr class="action-row"><th scope="row" id="{{ row_id }}">{{ a.id }}</th><td class="title" data-label="{{ t["col.action"] }}">{{ a.title }}</td><td data-label="{{ t["col.markets"] }}">{{ a.markets|join(t["misc.comma"]) }}</td><td data-label="{{ t["col.region"] }}">{{ a.region }}</td><td data-label="{{ t["col.destination"] }}">{{ a.destination }}</td><td data-label="{{ t["col.lever"] }}">{{ a.lever }}</td><td data-label="{{ t["col.months"] }}">{{ a.months_text }}</td><td class="num" data-label="{{ t["col.budget"] }}">{{ a.budget }}</td><td data-label="{{ t["col.status"] }}">{{ a.status }}</td></tr>
<tr class="details"><td colspan="{{ action_cols }}" headers="{{ row_id }}"><dl>
{% if a.sectors %}<div><dt>{{ t["col.sectors"] }}</dt><dd>{{ a.sectors|join(t["misc.comma"]) }}</dd></div>{% endif %}
<div><dt>{{ t["col.owner"] }}</dt><dd>{{ a.owner }}{% if a.co_owners %}<span class="co-owners"> ({{ a.co_owners|join(t["misc.comma"]) }})</span>{% endif %}</dd></div>
{% if a.funding %}<div><dt>{{ t["col.funding"] }}</dt><dd><ul>{% for f in a.funding %}<li>{{ f }}</li>{% endfor %}</ul></dd></div>{% endif %}
{% if a.kpis %}<div><dt>{{ t["col.kpis"] }}</dt><dd><ul>{% for k in a.kpis %}<li>{{ k }}</li>{% endfor %}</ul></dd></div>{% endif %}
</dl></td></tr>
</tbody>
{% endfor %}
"""  # noqa: E501

#: The same entries through the helper, as the template calls it now.
ENTRY_NOW = """\
{% for a in actions %}
{{ action_entry(a, t, loop.index, action_cols) }}
{% endfor %}
"""

#: A market's table body before `lever_rows`.
ROWS = """\
<tbody>
{% for g in levers %}
{% for a in g.actions %}
<tr><td>{{ g.name }}</td><td>{{ a.id }} {{ a.title }}</td><td>{{ a.months_text }}</td><td class="num">{{ a.budget }}</td>{% if results %}<td>{{ results.statuses[a.id] }}</td>{% endif %}</tr>
{% endfor %}
{% endfor %}
</tbody>
"""  # noqa: E501

ROWS_NOW = """\
<tbody>
{{ lever_rows(levers, results) -}}
</tbody>
"""

EVIL = "<b>&\"'x</b>"

T = {
    key: f"{key} {EVIL}"
    for key in (
        "col.action", "col.markets", "col.region", "col.destination", "col.lever",
        "col.months", "col.budget", "col.status", "col.sectors", "col.owner",
        "col.funding", "col.kpis",
    )
} | {"misc.comma": ", <&> "}  # fmt: skip


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        action_entry=action_entry,
        lever_rows=lever_rows,
        action_items=action_items,
        low_season_items=low_season_items,
        calendar_cells=calendar_cells,
        calendar_rows=calendar_rows,
        action_descriptions=action_descriptions,
    )
    return env


def _action(**changes: Any) -> Action:
    base = Action(
        id=f"A1{EVIL}", title=f"title {EVIL}", description="", markets=[f"M {EVIL}", "Two"],
        market_ids=["FR", f"x{EVIL}"], region=f"R {EVIL}", region_id=f"r{EVIL}",
        destination=f"D {EVIL}", lever=f"L {EVIL}", lever_id=f"l{EVIL}",
        sectors=[f"S {EVIL}", "S2"], owner=f"O {EVIL}", co_owners=[f"C {EVIL}", "C2"],
        months=[1, 2], months_text=f"jan {EVIL}", ranges=[(1, 2)],
        budget=f"1 000 {EVIL}", budget_value=1000,
        funding=[f"F {EVIL}", Estimate(f"5 {EVIL}", "≈", f"est {EVIL}", prefix=f"P {EVIL} : ")],
        kpis=[Estimate("3 visits", "≈", "estimate"), f"K {EVIL}"], status=f"planned {EVIL}",
        deseasonalisation=False, answers=[], result="",
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


ACTIONS = [
    _action(),
    _action(id="A2", sectors=[], co_owners=[], funding=[], kpis=[], market_ids=[], markets=[]),
    _action(id="A3", budget=Estimate("2 000", "≈", f"estimate {EVIL}"), region="", owner=""),
    _action(id="A4", co_owners=["only"], sectors=["one"], funding=["f"], kpis=[]),
]


def test_the_annex_entry_is_what_the_template_wrote() -> None:
    env = _env()
    values = {"actions": ACTIONS, "t": T, "action_cols": 9}
    before = env.from_string(ENTRY).render(values)
    after = env.from_string(ENTRY_NOW).render(values)
    assert after == before
    assert EVIL not in after  # every value escaped
    assert '<span class="estimate" title="est &lt;b&gt;' in after  # an estimate's own markup


@dataclasses.dataclass
class _Results:
    statuses: dict[str, str]


@pytest.mark.parametrize("with_results", [False, True])
def test_a_markets_rows_are_what_the_template_wrote(with_results: bool) -> None:
    env = _env()
    levers = [
        LeverGroup(f"lever {EVIL}", ACTIONS[:3]),
        LeverGroup("empty", []),
        LeverGroup("second", ACTIONS[3:]),
    ]
    results = _Results({a.id: f"late {EVIL}" for a in ACTIONS}) if with_results else None
    values = {"levers": levers, "results": results}
    before = env.from_string(ROWS).render(values)
    after = env.from_string(ROWS_NOW).render(values)
    assert after == before
    assert EVIL not in after
    assert ("late &lt;b&gt;" in after) is with_results


def test_a_market_without_actions_has_an_empty_body() -> None:
    assert _env().from_string(ROWS_NOW).render({"levers": [], "results": None}) == (
        "<tbody>\n</tbody>\n"
    )


def test_html_text_escapes_plain_text_and_keeps_an_estimates_markup() -> None:
    estimate = Estimate("5 MAD", "≈", "estimate")
    plain = str.__str__(estimate)  # the same characters, as a plain string
    assert html_text(plain) == html_text(plain) == "≈\u00a05 MAD"  # memoised, same answer
    # an estimate equal to a remembered plain string is still shown as one
    assert html_text(estimate) == str(estimate.__html__())
    assert '<span class="estimate"' in html_text(estimate)
    assert html_text(EVIL) == "&lt;b&gt;&amp;&#34;&#39;x&lt;/b&gt;"
    assert html_text(3) == "3"


#: The lists, calendar and descriptions before their helpers, as they were.
LISTS = """\
<ul>
{% for a in actions %}
<li>{{ a.id }} <bdi>{{ a.title }}</bdi> <span class="note">({{ a.lever }}{{ t["misc.list_sep"] }}{{ a.months_text }}{{ t["misc.list_sep"] }}{{ a.budget }}{% if results %}{{ t["misc.list_sep"] }}{{ results.statuses[a.id] }}{% endif %})</span></li>
{% endfor %}
</ul>
<ul>
{% for a in actions %}
<li>{{ a.id }} {{ a.title }} <span class="note">({{ a.months_text }})</span>{% if serving[loop.index0] %} <span class="tag">{{ flag }}</span>{% endif %}</li>
{% endfor %}
</ul>
<tbody>
{% for a in actions %}
<tr><th scope="row">{{ a.id }} <bdi>{{ a.title }}</bdi></th><td>{{ a.lever }}</td>{{ calendar_cells(a.calendar) }}</tr>
{% endfor %}
</tbody>
<dl class="descriptions">
{% for a in actions if a.description %}
<dt>{{ a.id }} <bdi>{{ a.title }}</bdi></dt>
<dd>{{ a.description }}</dd>
{% endfor %}
</dl>
"""  # noqa: E501

LISTS_NOW = """\
<ul>
{% for items in action_items(actions, t, results) %}{{ items }}{% endfor %}
</ul>
<ul>
{% for items in low_season_items(actions, serving, flag) %}{{ items }}{% endfor %}
</ul>
<tbody>
{% for rows in calendar_rows(actions) %}{{ rows }}{% endfor %}
</tbody>
<dl class="descriptions">
{% for entries in action_descriptions(actions) %}{{ entries }}{% endfor %}
</dl>
"""


@pytest.mark.parametrize("with_results", [False, True])
@pytest.mark.parametrize("count", [0, 1, 4])
def test_lists_calendar_and_descriptions_are_what_the_template_wrote(
    with_results: bool, count: int
) -> None:
    actions = [
        dataclasses.replace(
            a,
            description=f"about {EVIL}" if i % 2 else "",
            calendar=[f"m{m} {EVIL}" if m in a.months else "" for m in range(1, 13)],
        )
        for i, a in enumerate(ACTIONS[:count])
    ]
    results = _Results({a.id: f"late {EVIL}" for a in actions}) if with_results else None
    values = {
        "actions": actions,
        "t": T | {"misc.list_sep": " <·> "},
        "results": results,
        "serving": [i % 2 == 0 for i in range(count)],
        "flag": f"flag {EVIL}",
    }
    env = _env()
    before = env.from_string(LISTS).render(values)
    after = env.from_string(LISTS_NOW).render(values)
    assert after == before
    assert EVIL not in after
    assert ("late &lt;b&gt;" in after) is (with_results and count > 0)


def test_low_season_items_need_one_flag_per_action() -> None:
    with pytest.raises(ValueError):
        list(low_season_items(ACTIONS[:2], [True], "flag"))


def test_long_lists_come_in_batches_not_one_string() -> None:
    from roadmap.render.pieces import BATCH, batches

    rows = list(calendar_rows([ACTIONS[0]] * (2 * BATCH + 1)))
    assert [r.count("<tr>") for r in rows] == [BATCH, BATCH, 1]
    assert all(isinstance(r, Markup) for r in rows)
    assert list(batches([])) == []
    assert list(batches(["a", "b", "c"], 2)) == ["ab", "c"]


# ------------------------------------------------------------------ Markdown

MD_ROW = """\
{% for a in actions %}
| {{ a.id|md }} | {{ a.title|md }} | {{ a.markets|md_all(t["misc.comma"]) }} | {{ a.region|md }} | {{ a.destination|md }} | {{ a.lever|md }} | {{ a.sectors|md_all(t["misc.comma"]) }} | {{ a.owner|md }}{% if a.co_owners %} ({{ a.co_owners|md_all(t["misc.comma"]) }}){% endif %} | {{ a.months_text|md }} | {{ a.budget|md }} | {{ a.funding|md_all(t["misc.list_sep"]) }} | {{ a.kpis|md_all(t["misc.list_sep"]) }} | {{ a.status|md }} |
{% endfor %}
"""  # noqa: E501

MD_ROW_NOW = """\
{% for a in actions %}
{{ md_action_row(a, t) }}
{% endfor %}
"""

MD_ROWS = """\
|---|
{% for g in levers %}
{% for a in g.actions %}
| {{ g.name|md }} | {{ a.id|md }} {{ a.title|md }} | {{ a.months_text|md }} | {{ a.budget|md }} |{% if results %} {{ results.statuses[a.id]|md }} |{% endif %}

{% endfor %}
{% endfor %}
{% if True %}
after
{% endif %}
"""  # noqa: E501

MD_ROWS_NOW = """\
|---|
{{ md_lever_rows(levers, results) -}}
{% if True %}
after
{% endif %}
"""

MD_EVIL = "*a* _b_ `c` <d> [e](f) | g ~h~ \\ # 1. www.x.example a@b.example\nnext"


def _md_env() -> jinja2.Environment:
    env = jinja2.Environment(
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(md=markdown.escape, md_all=markdown.escape_all)
    env.globals.update(md_action_row=markdown.action_row, md_lever_rows=markdown.lever_rows)
    return env


def _md_actions() -> list[Action]:
    def evil(value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Estimate):
            return value.replace(EVIL, MD_EVIL)
        if isinstance(value, list):
            return [evil(v) for v in value]
        return value

    return [
        dataclasses.replace(
            a, **{f.name: evil(getattr(a, f.name)) for f in dataclasses.fields(Action)}
        )
        for a in ACTIONS
    ]


def test_the_markdown_annex_row_is_what_the_template_wrote() -> None:
    env = _md_env()
    values = {"actions": _md_actions(), "t": T | {"misc.list_sep": " ; "}}
    before = env.from_string(MD_ROW).render(values)
    assert env.from_string(MD_ROW_NOW).render(values) == before
    assert "\\*a\\*" in before  # escaped, not emphasis


@pytest.mark.parametrize("with_results", [False, True])
def test_a_markets_markdown_rows_are_what_the_template_wrote(with_results: bool) -> None:
    env = _md_env()
    actions = _md_actions()
    levers = [
        LeverGroup(f"lever {MD_EVIL}", actions[:3]),
        LeverGroup("empty", []),
        LeverGroup("second", actions[3:]),
    ]
    results = _Results({a.id: f"late {MD_EVIL}" for a in actions}) if with_results else None
    values = {"levers": levers, "results": results}
    before = env.from_string(MD_ROWS).render(values)
    assert env.from_string(MD_ROWS_NOW).render(values) == before
    assert ("late \\*a\\*" in before) is with_results


#: The Markdown lists before their helpers, with the lines around them.
MD_LISTS = """\
{% for d in dests %}
#### {{ d.name|md }}

{% for a in d.actions %}
- {{ a.id|md }} {{ a.title|md }} ({{ a.lever|md }}{{ t["misc.list_sep"] }}{{ a.months_text|md }}{{ t["misc.list_sep"] }}{{ a.budget|md }}{% if results %}{{ t["misc.list_sep"] }}{{ results.statuses[a.id]|md }}{% endif %})
{% else %}
- {{ t["regions.none"] }}
{% endfor %}

{% endfor %}
{% if others %}
#### others

{% for a in others %}
- {{ a.id|md }} {{ a.title|md }}{% if a.destination %} ({{ a.destination|md }}){% endif %} ({{ a.lever|md }}{{ t["misc.list_sep"] }}{{ a.months_text|md }}{{ t["misc.list_sep"] }}{{ a.budget|md }}{% if results %}{{ t["misc.list_sep"] }}{{ results.statuses[a.id]|md }}{% endif %})
{% endfor %}

{% endif %}
#### low

{% for a in others %}
- {{ a.id|md }} {{ a.title|md }} ({{ a.months_text|md }}){% if serving[loop.index0] %} · _{{ flag|md }}_{% endif %}

{% else %}
- {{ t["regions.none"] }}
{% endfor %}
{% if others|selectattr("description")|first is defined %}

### descriptions

{% for a in others if a.description %}
- **{{ a.id|md }} {{ a.title|md }}**{{ t["misc.colon"] }} {{ a.description|md }}
{% endfor %}
{% endif %}

### after
"""  # noqa: E501

MD_LISTS_NOW = """\
{% for d in dests %}
#### {{ d.name|md }}

{% for items in md_action_items(d.actions, t, results) %}{{ items }}{% else %}
- {{ t["regions.none"] }}
{% endfor %}

{% endfor %}
{% if others %}
#### others

{% for items in md_action_items(others, t, results, destination=True) %}{{ items }}{% endfor %}

{% endif %}
#### low

{% for items in md_low_season_items(others, serving, flag) %}{{ items }}{% else %}
- {{ t["regions.none"] }}
{% endfor %}
{% if others|selectattr("description")|first is defined %}

### descriptions

{% for items in md_action_descriptions(others, t) %}{{ items }}{% endfor %}
{% endif %}

### after
"""


@pytest.mark.parametrize("with_results", [False, True])
@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_markdown_lists_are_what_the_template_wrote(with_results: bool, count: int) -> None:
    env = _md_env()
    env.globals.update(
        md_action_items=markdown.action_items,
        md_low_season_items=markdown.low_season_items,
        md_action_descriptions=markdown.action_descriptions,
    )
    actions = [
        dataclasses.replace(
            a,
            description=f"about {MD_EVIL}" if i % 2 else "",
            destination=a.destination if i % 3 else "",
        )
        for i, a in enumerate(_md_actions()[:count])
    ]
    results = _Results({a.id: f"late {MD_EVIL}" for a in actions}) if with_results else None
    values = {
        "dests": [LeverGroup(f"d {MD_EVIL}", actions), LeverGroup("none", [])],
        "others": actions,
        "t": T | {"misc.list_sep": " ; ", "misc.colon": " :", "regions.none": "none"},
        "results": results,
        "serving": [i % 2 == 0 for i in range(count)],
        "flag": f"flag {MD_EVIL}",
    }
    before = env.from_string(MD_LISTS).render(values)
    assert env.from_string(MD_LISTS_NOW).render(values) == before
    assert ("late \\*a\\*" in before) is (with_results and count > 0)


# ------------------------------------------------------------- shared figures


def test_equal_figures_are_one_object_and_still_marked() -> None:
    from conftest import DEFAULT_DATA
    from roadmap.build import language_for
    from roadmap.render.view.context import Context
    from roadmap.validation import validate

    data, _ = validate(DEFAULT_DATA, years={2026})
    ctx = Context(data, data.plans[2026], language_for(data, "en"))
    ctx.estimates_shown = False
    assert ctx.shown("12", False) == "12" and not ctx.estimates_shown
    assert ctx.shown("12", False, prefix="A: ") == "A: 12"
    assert ctx.shown("12", False, prefix="A: ") is ctx.shown("12", False, prefix="A: ")
    first = ctx.shown("12", True, prefix="A: ")
    assert isinstance(first, Estimate) and ctx.estimates_shown
    assert ctx.shown("12", True, prefix="A: ") is first
    assert (first.text, first.prefix) == ("12", "A: ")
    # an estimate and a plain figure of the same text stay apart
    assert not isinstance(ctx.shown("12", False), Estimate)
    assert ctx.shown("12", True) is not first and ctx.shown("12", True).prefix == ""


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_funding_and_kpi_lines_are_labelled_by_their_funder_and_indicator(lang: str) -> None:
    from conftest import DEFAULT_DATA
    from roadmap.build import language_for
    from roadmap.render.view.context import Context
    from roadmap.validation import validate

    data, _ = validate(DEFAULT_DATA, years={2026})
    language = language_for(data, lang)
    plan = data.plans[2026]
    ctx = Context(data, plan, language)
    for model, action in zip(plan.actions, ctx.actions, strict=True):
        for line, shown in zip(model.cofinancing, action.funding, strict=True):
            label = language.labelled(ctx.partner_names.get(line.partner, line.partner), "")
            assert str(shown).startswith(label)
        for kpi, shown in zip(model.kpis, action.kpis, strict=True):
            assert str(shown).startswith(language.labelled(language.text(kpi.indicator), ""))
            if kpi.baseline is not None:
                assert f"({language.t('col.baseline').lower()} " in shown
    assert ctx._funder("CNT") is ctx._funder("CNT")  # one label for every line
    assert ctx._funder("NOT-A-PARTNER") == language.labelled("NOT-A-PARTNER", "")


def test_escape_text_is_escape_for_text_and_estimates_in_any_order() -> None:
    # an estimate and a plain string of the same characters share a memo entry:
    # whichever comes first, both escape to what `escape` gives
    for first_estimate in (True, False):
        markdown._escape.cache_clear()
        estimate = Estimate(f"5 {MD_EVIL}", "≈", "estimate", prefix="*P* : ")
        plain = str.__str__(estimate)
        values = [estimate, plain] if first_estimate else [plain, estimate]
        got = [markdown.escape_text(v) for v in values]
        assert got == [markdown.escape(v) for v in values]
        assert type(got[0]) is str and got[0] == got[1]
    assert markdown.escape_text(MD_EVIL) == markdown.escape(MD_EVIL)


def test_html_text_of_an_estimate_is_what_autoescape_writes() -> None:
    from markupsafe import escape

    estimate = Estimate(f"5 {EVIL}", "≈", f"est {EVIL}", prefix=f"P {EVIL} : ")
    assert html_text(estimate) == str(escape(estimate))
    assert html_text(estimate) is html_text(estimate)  # its markup, not a copy each time
    assert EVIL not in html_text(estimate)
