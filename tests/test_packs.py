"""Audience packs: `roadmap build YEAR --market/--region/--partner/--packs`.

Which actions a pack holds is checked against the shipped 2026 data, with
the expected sets computed here from the YAML files, not by the code under
test: a market's are the actions naming it; a region's the actions in it
(its `region`, or its destination's), then the national ones (no region, no
destination) apart; a partner's the actions it owns, carries or co-finances.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DEFAULT_DATA
from roadmap.build import render_packs
from roadmap.cli import app
from roadmap.cli.common import EXIT_OK, EXIT_USAGE
from roadmap.validation import validate

YEAR = 2026


def build(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _yaml(name: str) -> dict:  # type: ignore[type-arg]
    with (DEFAULT_DATA / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)  # type: ignore[no-any-return]


PLAN = _yaml(f"plans/{YEAR}.yaml")
REGIONS = _yaml("regions.yaml")["regions"]
PARTNERS = [p["id"] for p in _yaml("partners.yaml")["partners"]]
MARKETS = [m["market"] for m in PLAN["markets"]]
ACTIONS = PLAN["actions"]
DEST_REGION = {d["id"]: r["id"] for r in REGIONS for d in r["destinations"]}


def _texts(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value.values())  # type: ignore[attr-defined]


def expected_market(mid: str) -> set[str]:
    return {a["id"] for a in ACTIONS if mid in (a.get("markets") or [])}


def expected_region(rid: str) -> set[str]:
    return {
        a["id"]
        for a in ACTIONS
        if a.get("region") == rid
        or (not a.get("region") and DEST_REGION.get(a.get("destination")) == rid)
    }


NATIONAL = {a["id"] for a in ACTIONS if not a.get("region") and not a.get("destination")}


def expected_naming(rid: str) -> set[str]:
    region = next(r for r in REGIONS if r["id"] == rid)
    names = {n.lower() for d in region["destinations"] for n in _texts(d["name"])}
    out = set()
    for a in ACTIONS:
        if a["id"] not in NATIONAL:
            continue
        words = " ".join(_texts(a["title"]) + _texts(a.get("description"))).lower()
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", words) for n in names):
            out.add(a["id"])
    return out


def expected_partner(pid: str) -> dict[str, int | None]:
    """Action id -> what the partner pays (None: nothing), for its actions."""
    out: dict[str, int | None] = {}
    for a in ACTIONS:
        lines = [f["amount"] for f in a.get("cofinancing", []) if f["partner"] == pid]
        if a.get("owner") != pid and pid not in a.get("co_owners", []) and not lines:
            continue
        if lines:
            out[a["id"]] = sum(lines)
        elif a.get("owner") == pid and not a.get("cofinancing"):
            out[a["id"]] = a["budget"]
        else:
            out[a["id"]] = None
    return out


def rows(html: str, labelled_by: str) -> list[str]:
    """The action ids of the rows of the table labelled by `labelled_by`."""
    match = re.search(
        rf'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{labelled_by}">'
        r"(.*?)</table>",
        html,
        re.S,
    )
    if match is None:
        return []
    return re.findall(r'<tr><th scope="row">(\S+) ', match.group(1))


@pytest.fixture(scope="module")
def every_pack() -> dict[str, str]:
    """Every pack of the shipped data in English HTML, by file name."""
    data, problems = validate(DEFAULT_DATA, years={YEAR})
    assert not [p for p in problems if p.severity.name == "ERROR"]
    docs = render_packs(data, YEAR, None, ["html"], "en")
    return {d.name: d.content for d in docs}


@pytest.mark.parametrize("mid", MARKETS)
def test_a_market_pack_holds_exactly_the_actions_naming_it(
    every_pack: dict[str, str], mid: str
) -> None:
    html = every_pack[f"market-{mid}-{YEAR}.en.html"]
    found = rows(html, "actions-title")
    assert len(found) == len(set(found))
    assert set(found) == expected_market(mid)


@pytest.mark.parametrize("rid", [r["id"] for r in REGIONS])
def test_a_region_pack_holds_its_actions_then_the_national_ones(
    every_pack: dict[str, str], rid: str
) -> None:
    html = every_pack[f"region-{rid}-{YEAR}.en.html"]
    assert set(rows(html, "actions-title")) == expected_region(rid)
    naming, other = rows(html, "naming-title"), rows(html, "country-title")
    assert set(naming) == expected_naming(rid)
    # every national action is in every region's pack, once
    assert sorted(naming + other) == sorted(NATIONAL)


def test_national_actions_are_in_every_region_pack(every_pack: dict[str, str]) -> None:
    # the plan's region sections leave them out: 23 actions in the shipped data
    assert len(NATIONAL) == 23
    souss = every_pack[f"region-souss-massa-{YEAR}.en.html"]
    # A26-009 names Agadir, a destination of Souss-Massa, in its title
    assert "A26-009" in rows(souss, "naming-title")


@pytest.mark.parametrize("pid", PARTNERS)
def test_a_partner_pack_holds_its_actions_and_amounts(every_pack: dict[str, str], pid: str) -> None:
    html = every_pack[f"partner-{pid}-{YEAR}.en.html"]
    expected = expected_partner(pid)
    table = re.search(r'aria-labelledby="actions-title">(.*?)</table>', html, re.S)
    if not expected:
        assert table is None
        assert f"no action of the {YEAR} plan" in html
        return
    assert table is not None
    found = {}
    for row in re.findall(r'<tr><th scope="row">(.*?)</tr>', table.group(1), re.S):
        ident = row.split(" ", 1)[0]
        share = re.findall(r'<td class="num">(.*?)</td>', row)[1]
        digits = re.sub(r"\D", "", share)
        found[ident] = int(digits) if digits else None
    assert found == expected


def test_a_market_pack_keeps_shared_indicators_apart(every_pack: dict[str, str]) -> None:
    html = every_pack[f"market-FR-{YEAR}.en.html"]
    own, shared = html.split('id="shared-kpis"', 1)
    own = own.split('id="kpis"', 1)[1]
    # A26-001 aims at France alone; A26-022 (Fez) at four markets
    assert "A26-001" in own and "A26-022" not in own
    assert "Overnights in Fez" in shared


def test_a_market_pack_says_where_its_approach_comes_from(every_pack: dict[str, str]) -> None:
    html = every_pack[f"market-FR-{YEAR}.en.html"]
    origins = html.split('id="origins"', 1)[1].split("</ul>", 1)[0]
    assert origins.count("<li>") == 3
    assert "July 2022" in origins
    assert "<h1>Plan 2026 — France</h1>" in html


def test_packs_writes_every_pack_and_an_index(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    code, stdout, _ = build(
        runner, str(YEAR), "--data", str(DEFAULT_DATA), "--packs", "-o", str(out)
    )
    assert code == EXIT_OK, stdout
    stems = (
        [f"market-{m}" for m in MARKETS]
        + [f"region-{r['id']}" for r in REGIONS]
        + [f"partner-{p}" for p in PARTNERS]
    )
    expected = {f"{s}-{YEAR}.fr.{fmt}" for s in stems for fmt in ("md", "html")}
    expected |= {f"packs-{YEAR}.fr.md", f"packs-{YEAR}.fr.html"}
    assert {p.name for p in out.iterdir()} == expected
    assert "wrote 146 files" in stdout
    html = (out / f"packs-{YEAR}.fr.html").read_text(encoding="utf-8")
    md = (out / f"packs-{YEAR}.fr.md").read_text(encoding="utf-8")
    # the shipped budgets are estimates: the index says what ≈ means
    assert 'id="legend"' in html
    for stem in stems:
        assert f'href="{stem}-{YEAR}.fr.html"' in html
        assert f"(<{stem}-{YEAR}.fr.md>)" in md


def test_same_input_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        args = ["--market", "FR", "--region", "souss-massa", "--partner", "CNT", "-o", str(out)]
        code, _, _ = build(runner, str(YEAR), "--data", str(DEFAULT_DATA), *args)
        assert code == EXIT_OK
    names = sorted(p.name for p in outs[0].iterdir())
    assert len(names) == 6
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


@pytest.mark.parametrize(
    ("lang", "title", "rtl"),
    [
        ("fr", "Plan 2026 — France", False),
        ("en", "Plan 2026 — France", False),
        ("ar", "خطة 2026 — ", True),
    ],
)
def test_languages(runner: CliRunner, tmp_path: Path, lang: str, title: str, rtl: bool) -> None:
    args = ["--market", "FR", "--region", "draa-tafilalet", "-l", lang, "-o", str(tmp_path)]
    code, _, err = build(runner, str(YEAR), "--data", str(DEFAULT_DATA), *args)
    assert code == EXIT_OK, err
    html = (tmp_path / f"market-FR-{YEAR}.{lang}.html").read_text(encoding="utf-8")
    assert title in html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert (' dir="rtl"' in html.split(">", 2)[1]) is rtl
    md = (tmp_path / f"region-draa-tafilalet-{YEAR}.{lang}.md").read_text(encoding="utf-8")
    assert "A26-032" in md


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--market", "FX", "did you mean 'FR'?"),
        ("--market", "fr", "did you mean 'FR'?"),
        ("--market", "France", "did you mean 'FR'?"),
        ("--region", "draa", "did you mean 'draa-tafilalet'?"),
        ("--partner", "crt-sous-massa", "did you mean 'crt-souss-massa'?"),
    ],
)
def test_unknown_audience_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, option: str, value: str, hint: str
) -> None:
    out = tmp_path / "out"
    code, _, err = build(
        runner, str(YEAR), "--data", str(DEFAULT_DATA), option, value, "-o", str(out)
    )
    assert code == EXIT_USAGE
    assert err.count("\n") == 1 and err.startswith("roadmap: error: ")
    assert f"no {option[2:]} {value!r}" in err and hint in err
    assert not out.exists()


def test_packs_and_one_audience_do_not_go_together(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = build(
        runner,
        str(YEAR),
        "--data",
        str(DEFAULT_DATA),
        "--packs",
        "--market",
        "FR",
        "-o",
        str(tmp_path),
    )
    assert code == EXIT_USAGE and "--packs" in err


def test_stdout_prints_one_pack(runner: CliRunner, minimal: Path) -> None:
    code, stdout, _ = build(
        runner, str(YEAR), "--data", str(minimal), "--market", "NO", "-f", "md", "--stdout"
    )
    assert code == EXIT_OK
    assert stdout.startswith("_Dossier marché_\n\n# Plan 2026 — ")
    code, _, err = build(
        runner,
        str(YEAR),
        "--data",
        str(minimal),
        "--market",
        "NO",
        "--market",
        "FR",
        "-f",
        "md",
        "--stdout",
    )
    assert code == EXIT_USAGE and "one pack" in err


def test_an_audience_with_no_action_says_so(
    runner: CliRunner, minimal: Path, tmp_path: Path
) -> None:
    plan = minimal / "plans" / f"{YEAR}.yaml"
    text = plan.read_text(encoding="utf-8")
    # Spain loses its only action; a third region, with no action at all, is added
    assert "    markets: [FR, ES]\n" in text
    plan.write_text(
        text.replace("    markets: [FR, ES]\n", "    markets: [FR]\n"), encoding="utf-8"
    )
    regions = minimal / "regions.yaml"
    regions.write_text(
        regions.read_text(encoding="utf-8")
        + """  - id: oriental
    name: Oriental
    destinations:
      - {id: saidia, name: Saïdia, role: lead, identities: [natural], assets: [Plage]}
      - {id: figuig, name: Figuig, role: emerging, identities: [cultural], assets: [Oasis]}
""",
        encoding="utf-8",
    )
    args = [
        "--market",
        "ES",
        "--region",
        "oriental",
        "--partner",
        "FNIH",
        "-l",
        "en",
        "-o",
        str(tmp_path),
    ]
    code, _, err = build(runner, str(YEAR), "--data", str(minimal), *args)
    assert code == EXIT_OK, err
    market = (tmp_path / f"market-ES-{YEAR}.en.md").read_text(encoding="utf-8")
    assert f"no action of the {YEAR} plan." in market
    region = (tmp_path / f"region-oriental-{YEAR}.en.html").read_text(encoding="utf-8")
    assert f"Oriental: no action of the {YEAR} plan takes place in the region." in region
    partner = (tmp_path / f"partner-FNIH-{YEAR}.en.html").read_text(encoding="utf-8")
    assert 'id="empty"' in partner


def test_data_is_inert_in_every_pack(runner: CliRunner, minimal: Path, tmp_path: Path) -> None:
    partners = minimal / "partners.yaml"
    hostile = "<script>alert(1)</script> *x* | y"
    text = partners.read_text(encoding="utf-8")
    assert "    name: Royal Air Maroc\n" in text
    partners.write_text(
        text.replace("    name: Royal Air Maroc\n", f'    name: "{hostile}"\n'), encoding="utf-8"
    )
    code, _, err = build(runner, str(YEAR), "--data", str(minimal), "--packs", "-o", str(tmp_path))
    assert code == EXIT_OK, err
    for name in (f"partner-RAM-{YEAR}.fr.html", f"packs-{YEAR}.fr.html"):
        html = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = (tmp_path / f"packs-{YEAR}.fr.md").read_text(encoding="utf-8")
    assert r"\<script\>alert(1)\</script\> \*x\* \| y" in md
