"""Action, lever and sector descriptions in the built plan, escaped as every data text."""

from __future__ import annotations

from pathlib import Path

from roadmap.build import render
from roadmap.validation import validate

ACTION = "Campagne <b>segmentée</b> | *repeaters*"
LEVER = "Sièges <script>x</script> | lignes"
SECTOR = "Médinas & [festivals](http://x)"


def _describe(root: Path) -> None:
    plan = root / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "  - id: A1\n", f"  - id: A1\n    description: {{fr: '{ACTION}', en: Segmented campaign}}\n"
    )
    plan.write_text(text, encoding="utf-8")
    levers = root / "levers.yaml"
    levers.write_text(
        levers.read_text(encoding="utf-8").replace(
            "    name: Contenu\n", f"    name: Contenu\n    description: '{LEVER}'\n"
        ),
        encoding="utf-8",
    )
    sectors = root / "sectors.yaml"
    sectors.write_text(
        sectors.read_text(encoding="utf-8").replace(
            "description: Villes impériales, médinas, festivals.", f"description: '{SECTOR}'"
        ),
        encoding="utf-8",
    )


def test_descriptions_in_markdown(minimal: Path) -> None:
    _describe(minimal)
    data, _ = validate(minimal, years={2026})
    (doc,) = render(data, 2026, ["md"])
    annex = doc.content.split("### Description des actions\n", 1)[1]
    assert annex.startswith(
        "\n- **A1 Campagne hiver en France**\u00a0: "
        "Campagne \\<b\\>segmentée\\</b\\> \\| \\*repeaters\\*\n"
    )
    levers = doc.content.split("## Leviers et filières", 1)[1].split("\n## ", 1)[0]
    assert "| Levier | Description | Actions | Budget | Part |" in levers
    assert "| Contenu | Sièges \\<script\\>x\\</script\\> \\| lignes | " in levers
    # the address is a link of its own; the brackets around it stay text
    assert "| Culture et patrimoine | Médinas & \\[festivals\\](<http://x>) | " in levers
    (english,) = render(data, 2026, ["md"], lang="en")
    assert "- **A1 Winter campaign in France**: Segmented campaign\n" in english.content


def test_descriptions_in_html(minimal: Path) -> None:
    _describe(minimal)
    data, _ = validate(minimal, years={2026})
    (doc,) = render(data, 2026, ["html"])
    html = doc.content
    assert '<h3 id="annex-descriptions">Description des actions</h3>' in html
    assert (
        "<dt>A1 <bdi>Campagne hiver en France</bdi></dt>\n"
        "<dd>Campagne &lt;b&gt;segmentée&lt;/b&gt; | *repeaters*</dd>"
    ) in html
    assert '<td class="description">Sièges &lt;script&gt;x&lt;/script&gt; | lignes</td>' in html
    assert '<td class="description">Médinas &amp; [festivals](http://x)</td>' in html
    assert "<script>x</script>" not in html


def test_no_description_no_heading(minimal: Path) -> None:
    data, _ = validate(minimal, years={2026})
    assert not any(a.description for a in data.plans[2026].actions)
    md, html = render(data, 2026)
    assert "Description des actions" not in md.content
    assert "annex-descriptions" not in html.content
