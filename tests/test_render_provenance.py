"""What the built plan says of where its figures come from (issue 11).

Every estimated figure carries one marker (≈), explained by a legend near
the top and in the annex; an illustrative dataset says so on its cover; the
annex lists sources and assumptions apart; partner leverage has one
definition; a region lists only its own proposals, national ones are listed
once on their own; markets say where their approach comes from and
objectives show their history. Built from a fixture (the minimal data with
each case planted) and from the shipped data.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt

from conftest import DEFAULT_DATA, MINIMAL
from roadmap import indicators, provenance
from roadmap.build import render
from roadmap.dataset import Data
from roadmap.i18n import CATALOGUES, Language
from roadmap.loader import SourceFile
from roadmap.problems import Severity
from roadmap.render.view import Estimate, view
from roadmap.validation import validate

LANGS = ["fr", "en"]
FORMATS = ["md", "html"]
NBSP = "\u00a0"
ESTIMATED_BASIS = "Estimation du planificateur, faute de budget publié"
SOURCED_BASIS = "Convention ONMT-CRT signée, budget publié"
HOSTILE = "<script>alert(1)</script> | *gras* [x](javascript:alert(1))"


def _load(path: Path) -> Any:
    return SourceFile.at(path).load()


def _dump(path: Path, raw: Any) -> None:
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _fixture(root: Path, illustrative: bool = False, hostile: bool = False) -> Data:
    """The minimal data with every case of the issue planted (see the module docstring)."""
    shutil.copytree(MINIMAL, root)
    dataset = _load(root / "dataset.yaml")
    if not illustrative:
        del dataset["illustrative"]
    _dump(root / "dataset.yaml", dataset)
    plan = _load(root / "plans" / "2026.yaml")
    plan["meetings"] = [
        {
            "id": "delegates-2022",
            "name": {"fr": "Réunion des délégués", "en": "Delegates' meeting"},
            "date": "2022-07-12",
            "place": "Rabat",
            "participants": ["ONMT", "CNT"],
            "source": "Estimation : la presse dit « juillet 2022 »",
            "assumption": True,
        },
        {
            "id": "tour-ouarzazate",
            "name": {"fr": "Tournée, étape de Ouarzazate", "en": "Tour, Ouarzazate stop"},
            "date": "2025-02-05",
            "place": "Ouarzazate",
            "region": "draa-tafilalet",
            "participants": ["ONMT", "crt-draa-tafilalet"],
            "source": "Presse régionale, février 2025",
        },
        # national: no region, though it was held in a region
        {**plan["meetings"][0], "source": "Communiqué ONMT, décembre 2025"},
    ]
    proposals = plan["proposals"]
    for p in proposals:
        p["source"] = "Compte rendu de l'atelier"
    proposals += [
        {
            "id": "P4",
            "meeting": "tour-ouarzazate",
            "by": ["crt-draa-tafilalet"],
            "text": "Un circuit des kasbahs pour les voyagistes.",
            "source": "Presse régionale, février 2025",
        },
        {
            "id": "P5",
            "meeting": "mazagan-2025",
            "by": ["CNT"],
            "sector": "seaside",
            "text": "Une campagne balnéaire d'hiver.",
            "source": "Exemple construit pour illustrer le format",
            "assumption": True,
        },
    ]
    plan["markets"][0]["origins"] = ["delegates-2022", "tour-ouarzazate", "mazagan-2025"]
    growth = plan["objectives"][0]
    growth["history"] = [
        {"year": 2019, "text": "Record de 13 millions d'arrivées", "source": "Ministère"},
        {
            "year": 2024,
            "text": "Retour au-delà de 2019",
            "source": "Estimation sur les cumuls partiels",
            "assumption": True,
        },
    ]
    actions = {a["id"]: a for a in plan["actions"]}
    actions["A1"]["basis"] = {"source": ESTIMATED_BASIS, "assumption": True}
    actions["A3"]["basis"] = {"source": SOURCED_BASIS}
    actions["A2"]["basis"] = {"source": ESTIMATED_BASIS, "assumption": True}
    actions["A4"]["basis"] = {"source": SOURCED_BASIS}
    if hostile:
        actions["A1"]["basis"]["source"] = HOSTILE
        actions["A3"]["basis"]["source"] = HOSTILE + " (source)"
    _dump(root / "plans" / "2026.yaml", plan)
    data, problems = validate(root, years={2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    return data


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Data:
    return _fixture(tmp_path_factory.mktemp("provenance") / "data")


@pytest.fixture(scope="module")
def docs(planted: Data) -> dict[tuple[str, str], str]:
    return {(lang, d.format): d.content for lang in LANGS for d in render(planted, 2026, lang=lang)}


@pytest.fixture(scope="module")
def shipped() -> Data:
    data, problems = validate(DEFAULT_DATA, years={2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    return data


def _text(html: str) -> str:
    """The HTML's text as a reader sees it (tags dropped, hidden text kept)."""
    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    parser = Text(convert_charrefs=True)
    parser.feed(html)
    return "".join(parts)


def _section(doc: str, fmt: str, start: str, end: str) -> str:
    body = doc.split(start, 1)[1]
    return body.split(end, 1)[0]


def _money(lang: str, amount: int) -> str:
    return Language(lang, "fr", "MAD").money(amount)


# ------------------------------------------------------------------ markers


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_legend_is_near_the_top_and_in_the_annex(docs: dict, lang: str, fmt: str) -> None:
    doc = _text(docs[(lang, fmt)]) if fmt == "html" else docs[(lang, fmt)]
    shown = CATALOGUES[lang]["mark.legend"]
    assert doc.count(shown) == 2
    first_section = doc.index(CATALOGUES[lang]["section.summary"])
    assert doc.index(shown) < first_section  # before the first section: on the cover
    annex = doc.rindex(CATALOGUES[lang]["section.annex"])
    assert doc.rindex(shown) > annex


def test_no_legend_when_nothing_is_an_estimate(tmp_path: Path) -> None:
    data = _fixture(tmp_path / "data")
    root = tmp_path / "data"
    plan = _load(root / "plans" / "2026.yaml")
    for a in plan["actions"]:
        a["basis"] = {"source": SOURCED_BASIS}
    plan["meetings"][0].pop("assumption")
    plan["proposals"] = [p for p in plan["proposals"] if not p.get("assumption")]
    for o in plan["objectives"]:
        for m in o.get("history", []):
            m.pop("assumption", None)
        for t in o["targets"]:
            t["baseline"].pop("assumption", None)
            t["source"] = "Publié"
    plan["priorities"]["deseasonalisation"]["seasonality"].pop("assumption")
    _dump(root / "plans" / "2026.yaml", plan)
    markets = _load(root / "markets.yaml")
    for m in markets["markets"]:
        for f in m.get("baseline", []):
            f.pop("assumption", None)
    _dump(root / "markets.yaml", markets)
    data, problems = validate(root, years={2026})
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    for doc in render(data, 2026, lang="en"):
        assert "≈" not in doc.content
        assert CATALOGUES["en"]["annex.no_assumption"] in doc.content


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_estimated_budget_is_marked_and_a_sourced_one_is_not(
    docs: dict, lang: str, fmt: str
) -> None:
    doc = docs[(lang, fmt)]
    text = _text(doc) if fmt == "html" else doc
    estimate = CATALOGUES[lang]["mark.estimate"]
    a1, a3 = _money(lang, 3_000_000), _money(lang, 800_000)
    if fmt == "md":
        row = next(line for line in doc.splitlines() if line.startswith("| A1 |"))
        assert f"| ≈{NBSP}{a1} |" in row
        row = next(line for line in doc.splitlines() if line.startswith("| A3 |"))
        assert f"| {a3} |" in row
    else:
        # the marker is hidden from screen readers, which read the word instead
        assert f'title="{estimate}"><span aria-hidden="true">≈</span>' in doc
        assert f"≈{estimate}{NBSP}{a1}" in text
        assert f"≈{estimate}{NBSP}{a3}" not in text and a3 in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_sourced_baseline_is_not_marked_and_an_estimated_one_is(
    docs: dict, lang: str, fmt: str
) -> None:
    doc = docs[(lang, fmt)]
    lines = (_text(doc) if fmt == "html" else doc).splitlines()
    language = Language(lang, "fr", "MAD")
    sourced = f"{language.number(19.8)} (2025)"
    estimated = f"{language.number(2.6)} (2024)"
    assert any(sourced in line and "≈" not in line.split(sourced)[0][-3:] for line in lines)
    assert any(re.search(f"≈[^0-9]{{0,20}}{re.escape(estimated)}", line) for line in lines)


@pytest.mark.parametrize("lang", LANGS)
def test_totals_and_ratios_computed_from_estimates_are_marked(planted: Data, lang: str) -> None:
    plan = view(planted, 2026, Language(lang, "fr", "MAD"))
    s = plan.summary
    assert isinstance(s.total_budget, Estimate)  # A1 and A2 are estimates
    assert isinstance(s.leverage, Estimate)
    assert plan.estimates
    ouarzazate = next(r for r in plan.regions if r.id == "draa-tafilalet")
    # Draa-Tafilalet's actions (A3, A4) rest on a published source
    assert not isinstance(ouarzazate.budget, Estimate)
    assert ouarzazate.budget == _money(lang, 1_200_000)


@pytest.mark.parametrize("lang", LANGS)
def test_figures_of_every_kind_are_marked_when_estimated(planted: Data, lang: str) -> None:
    t = CATALOGUES[lang]
    plan = view(planted, 2026, Language(lang, "fr", "MAD"))
    meetings = {m.place: m for m in plan.coconstruction.meetings}
    assert isinstance(meetings["Rabat"].date, Estimate)
    assert not isinstance(meetings["Ouarzazate"].date, Estimate)
    p5 = next(p for p in plan.coconstruction.proposals if p.id == "P5")
    assert isinstance(p5.text, Estimate)
    assert p5.text.text.startswith(t["mark.example"])  # shown as an example
    p1 = next(p for p in plan.coconstruction.proposals if p.id == "P1")
    assert not isinstance(p1.text, Estimate)
    ds = plan.deseasonalisation
    assert ds.estimate and all(isinstance(m.profile, Estimate) for m in ds.months)
    a1 = next(a for a in plan.annex.actions if a.id == "A1")
    assert all(isinstance(f, Estimate) for f in a1.funding + a1.kpis)
    a3 = next(a for a in plan.annex.actions if a.id == "A3")
    assert not any(isinstance(f, Estimate) for f in a3.funding)
    fr = next(m for z in plan.zones for m in z.markets if m.id == "FR")
    no = next(m for z in plan.zones for m in z.markets if m.id == "NO")
    assert not isinstance(fr.baseline[0], Estimate)
    assert isinstance(no.baseline[0], Estimate)  # markets.yaml says assumption: true


# ------------------------------------------------------------ illustrative


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_illustrative_dataset_says_so_on_its_cover(
    tmp_path: Path, planted: Data, lang: str, fmt: str
) -> None:
    data = _fixture(tmp_path / "data", illustrative=True)
    doc = render(data, 2026, [fmt], lang=lang)[0].content
    note = {"fr": "Jeu de données de test : ses chiffres", "en": "Test data: its figures"}[lang]
    banner = CATALOGUES[lang]["document.illustrative"]
    cover = doc[: doc.index(CATALOGUES[lang]["section.summary"])]
    assert banner in cover and note in cover
    # a figure with no mark of its own is shown as an illustration
    plan = view(data, 2026, Language(lang, "fr", "MAD"))
    growth = plan.summary.targets[0]
    assert isinstance(growth.target, str) and not isinstance(growth.target, Estimate)
    a4 = next(a for a in plan.annex.actions if a.id == "A4")
    assert not isinstance(a4.budget, Estimate)  # sourced: stays sourced
    plain = render(planted, 2026, [fmt], lang=lang)[0].content
    assert banner not in plain and note not in plain


def test_an_illustrative_dataset_marks_what_has_no_mark(tmp_path: Path) -> None:
    root = tmp_path / "data"
    data = _fixture(root, illustrative=True)
    plan = _load(root / "plans" / "2026.yaml")
    del plan["actions"][2]["basis"]  # A3: no source of its own
    _dump(root / "plans" / "2026.yaml", plan)
    data, _ = validate(root, years={2026})
    a3 = next(
        a for a in view(data, 2026, Language("en", "fr", "MAD")).annex.actions if a.id == "A3"
    )
    assert isinstance(a3.budget, Estimate)


# ------------------------------------------------------------------- annex


@pytest.mark.parametrize("lang", LANGS)
def test_the_annex_lists_sources_and_assumptions_apart(planted: Data, lang: str) -> None:
    annex = view(planted, 2026, Language(lang, "fr", "MAD")).annex
    sources = [s.source for s in annex.sources]
    assumptions = [s.source for s in annex.assumptions]
    assert assumptions.count(ESTIMATED_BASIS) == 1 and ESTIMATED_BASIS not in sources
    assert sources.count(SOURCED_BASIS) == 1 and SOURCED_BASIS not in assumptions
    # what each covers, by kind: both estimated actions on one line
    used = next(s for s in annex.assumptions if s.source == ESTIMATED_BASIS).used_for
    assert used == [
        Language(lang, "fr", "MAD").labelled(CATALOGUES[lang]["annex.for.actions"], "A1, A2")
    ]
    # the same text from provenance: nothing re-derived
    cited_sources, cited_assumptions = provenance.sources(planted.plans[2026], planted.dataset)
    assert [c.text for c in cited_sources] == sources[: len(cited_sources)]
    assert [c.text for c in cited_assumptions] == assumptions[: len(cited_assumptions)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_built_annex_shows_each_assumption_once_under_assumptions(
    docs: dict, lang: str, fmt: str
) -> None:
    doc = docs[(lang, fmt)]
    t = CATALOGUES[lang]
    sources = _section(doc, fmt, t["annex.sources"], t["annex.assumptions"])
    assumptions = doc.rsplit(t["annex.assumptions"], 1)[1]
    assert ESTIMATED_BASIS not in sources and assumptions.count(ESTIMATED_BASIS) == 1
    assert SOURCED_BASIS in sources and SOURCED_BASIS not in assumptions


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_text_in_a_source_or_assumption_stays_inert(tmp_path: Path, lang: str) -> None:
    data = _fixture(tmp_path / "data", hostile=True)
    md, html = render(data, 2026, lang=lang)
    assert "<script>alert(1)</script>" not in html.content.split("<script>\n", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.content
    parsed = MarkdownIt("commonmark", {"html": True}).enable("table").parse(md.content)
    for tok in parsed:
        assert tok.type != "html_block"
        for child in tok.children or []:
            assert child.type not in ("html_inline", "em_open", "strong_open") or (
                "gras" not in child.content
            )
            if child.type == "link_open":
                assert str(child.attrs["href"]).startswith("#")
    # the table keeps its two columns: the `|` in the text is escaped
    rows = [line for line in md.content.splitlines() if "alert(1)" in line and "(source)" in line]
    assert rows and all(len(re.split(r"(?<!\\)\|", line)) == 4 for line in rows)


# ---------------------------------------------------------------- leverage


@pytest.mark.parametrize("lang", LANGS)
def test_partner_leverage_has_one_definition_said_once(planted: Data, lang: str) -> None:
    t = CATALOGUES[lang]
    plan = planted.plans[2026]
    office = planted.dataset.office if planted.dataset else ""
    payments = [(f.partner, f.amount) for a in plan.actions for f in a.cofinancing] + [
        (a.owner or office, a.budget) for a in plan.actions if not a.cofinancing
    ]
    expected = indicators.partner_leverage(payments, office)
    # A1 CNT 1.0 M, A3 CRT 0.3 M, A4 CNT owner 0.4 M; ONMT 2.0 + 1.5 + 0.5 M
    assert expected == pytest.approx(1.7 / 4.0)
    language = Language(lang, "fr", "MAD")
    md = render(planted, 2026, ["md"], lang=lang)[0].content
    assert (
        f"- {t['summary.leverage']}{t['misc.colon']} **≈{NBSP}{language.number(expected)}**" in md
    )
    # the ratio is named once among the key figures and defined once
    assert md.count(t["summary.leverage"]) == 2
    assert t["summary.funding_note"] in md.replace("\\", "")
    assert {"fr": "Financement privé par unité", "en": "Private money per unit"}[lang] not in md


# ----------------------------------------------------------------- regions


def _region_ids(md: str, heading: str, end: str) -> set[str]:
    section = md.split(f"### {heading}\n", 1)[1].split(end, 1)[0]
    return set(re.findall(r"^- \*\*([^*]+)\*\*", section, re.M))


@pytest.mark.parametrize("lang", LANGS)
def test_a_region_lists_only_its_own_proposals(planted: Data, lang: str) -> None:
    plan = view(planted, 2026, Language(lang, "fr", "MAD"))
    by_region = {r.id: [p.id for p in r.proposals] for r in plan.regions}
    # P1 is made for the region; P4 at one of its meetings, without a region
    assert by_region == {"marrakech-safi": [], "draa-tafilalet": ["P1", "P4"]}
    national = {g.name: [p.id for p in g.proposals] for g in plan.national}
    t = CATALOGUES[lang]
    zones = {"fr": "Pays nordiques", "en": "Nordic countries"}
    seaside = next(s for s in plan.sectors if s.id == "seaside").name
    assert national == {zones[lang]: ["P2"], seaside: ["P5"], t["regions.national_other"]: ["P3"]}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_built_regions_show_national_proposals_apart(docs: dict, lang: str, fmt: str) -> None:
    doc = docs[(lang, fmt)]
    t = CATALOGUES[lang]
    regions = _section(
        doc, fmt, t["section.regions"] + ("</h2>" if fmt == "html" else "\n"), t["regions.national"]
    )
    national = doc.split(t["regions.national"], 2)[-1].split(t["section.levers"], 1)[0]
    for pid in ("P2", "P3", "P5"):
        assert f"<strong>{pid}</strong>" not in regions and f"**{pid}**" not in regions
        assert f"{pid}" in national
    for pid in ("P1", "P4"):
        assert pid in regions and pid not in national


@pytest.mark.parametrize("lang", LANGS)
def test_no_region_of_the_shipped_plan_lists_a_national_proposal(shipped: Data, lang: str) -> None:
    plan = shipped.plans[2026]
    region_of = {m.id: m.region for m in plan.meetings}
    own = {p.id: p.region or region_of.get(p.meeting) for p in plan.proposals}
    built = view(shipped, 2026, Language(lang, "fr", "MAD"))
    listed = [(r.id, p.id) for r in built.regions for p in r.proposals]
    for rid, pid in listed:
        if pid in own:  # earlier years' proposals: checked by their own plan
            assert own[pid] == rid, (pid, rid)
    national = {p.id for g in built.national for p in g.proposals}
    assert national == {pid for pid, rid in own.items() if rid is None}


# ------------------------------------------------------ origins and history


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_market_says_where_its_approach_comes_from(docs: dict, lang: str, fmt: str) -> None:
    doc = docs[(lang, fmt)]
    text = _text(doc) if fmt == "html" else doc
    t = CATALOGUES[lang]
    language = Language(lang, "fr", "MAD")
    months = language.month_names_in_text
    line = next(x for x in text.splitlines() if t["markets.origins"] in x)
    delegates = {"fr": "Réunion des délégués", "en": "Delegates' meeting"}[lang]
    tour = {"fr": "Tournée, étape de Ouarzazate", "en": "Tour, Ouarzazate stop"}[lang]
    # the delegates' date is an estimate: marked
    assert f"{delegates}, ≈" in line and f"{months[6]} 2022" in line
    assert f"{tour}, {months[1]} 2025" in line
    assert line.index(delegates) < line.index(tour)
    assert sum(t["markets.origins"] in x for x in text.splitlines()) == 1  # FR only


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_objectives_show_their_history_before_the_targets(docs: dict, lang: str, fmt: str) -> None:
    doc = docs[(lang, fmt)]
    text = _text(doc) if fmt == "html" else doc
    t = CATALOGUES[lang]
    first = text.index("Record de 13 millions")
    second = text.index("Retour au-delà de 2019")
    table = text.index(t["col.indicator"])
    assert first < second < table
    assert "2019" in text[first - 10 : first] and "2024" in text[second - 30 : second]
    assert "≈" in text[second - 20 : second] and "≈" not in text[first - 10 : first]


# --------------------------------------------------------------------- KPIs


@pytest.mark.parametrize("lang", LANGS)
def test_a_market_lists_the_kpis_of_its_own_actions_with_their_ids(
    planted: Data, lang: str
) -> None:
    plan = view(planted, 2026, Language(lang, "fr", "MAD"))
    markets = {m.id: m for z in plan.zones for m in z.markets}
    # A1 (FR, ES) has the only KPI; Norway's and the US's actions have none
    assert [k.action for k in markets["FR"].kpis] == ["A1"]
    assert [k.action for k in markets["ES"].kpis] == ["A1"]
    assert markets["NO"].kpis == [] and markets["US"].kpis == []


# --------------------------------------------------------------- shipped


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_shipped_plan_has_the_legend_and_marks_by_provenance(
    shipped: Data, lang: str, fmt: str
) -> None:
    doc = render(shipped, 2026, [fmt], lang=lang)[0].content
    assert CATALOGUES[lang]["mark.legend"] in (_text(doc) if fmt == "html" else doc)
    plan = view(shipped, 2026, Language(lang, "fr", "MAD"))
    marks = provenance.marks_for(shipped.dataset)
    targets = [t for o in shipped.plans[2026].objectives for t in o.targets]
    for model, shown in zip(targets, plan.summary.targets, strict=True):
        assert isinstance(shown.baseline, Estimate) == marks.figure(model.baseline).estimated
        assert isinstance(shown.target, Estimate) == marks.target(model).estimated
    for model, action in zip(shipped.plans[2026].actions, plan.annex.actions, strict=True):
        assert isinstance(action.budget, Estimate) == marks.basis(model).estimated


def test_an_estimate_s_html_is_made_once_and_escapes_its_parts() -> None:
    from markupsafe import escape

    e = Estimate("1 < 2 MAD", "≈", 'estimate "E"', prefix="A&B : ")
    html = escape(e)
    assert html == (
        'A&amp;B : <span class="estimate" title="estimate &#34;E&#34;">'
        '<span aria-hidden="true">≈</span>'
        '<span class="visually-hidden">estimate &#34;E&#34;</span></span>\u00a01 &lt; 2 MAD'
    )
    assert e.__html__() is e.__html__()  # one Markup for every table that shows it
    assert str(e) == "A&B : ≈\u00a01 < 2 MAD"  # the text, for Markdown, unchanged
