"""`roadmap build --format pdf`: the plan as an A4 PDF to sign.

The shipped plan is built once in French and once in Arabic (a build takes
seconds); the rest uses the small example plans. Poppler's tools read the
PDF as a reader's viewer would: `pdffonts` (fonts embedded, packaged ones
only), `pdftotext` (text extractable, in reading order), `pdfinfo` (pages,
sizes); pypdf reads its outline and its links. Without poppler-utils the
tests skip on a developer's machine and FAIL under CI=true.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import DEFAULT_DATA, EXAMPLES, MINIMAL, overlay
from roadmap.build import render
from roadmap.cli import app
from roadmap.languages import packaged_catalogue
from roadmap.render import pdf
from roadmap.validation import validate

#: `all` includes the PDF here, as for a user with the extra (tests/conftest.py).
pytestmark = pytest.mark.pdf

EDITION = "2026-01-15"
#: The fonts in roadmap/fonts/, as PDF font names (after the subset tag).
PACKAGED = {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic", "Noto-Sans-Bold-Italic"} | {
    "Noto-Naskh-Arabic",
    "Noto-Naskh-Arabic-Bold",
    "Noto-Sans-Symbols-2",
    "Noto-Sans-Math",
}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"{name} not found (Debian: apt-get install poppler-utils)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason} (CI=true: the PDF tests must run)", pytrace=False)
        pytest.skip(reason)
    return found


def run(tool: str, *args: str | Path) -> str:
    done = subprocess.run(
        [_tool(tool), *map(str, args)], capture_output=True, text=True, check=True
    )
    return done.stdout


def build(runner: CliRunner, data: Path, out: Path, *options: str) -> Path:
    result = runner.invoke(
        app,
        ["build", "2026", "--data", str(data), "-f", "pdf", "-o", str(out), "-q", *options],
    )
    assert result.exit_code == 0, result.output
    (built,) = out.glob("*.pdf")
    return built


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(CliRunner(), DEFAULT_DATA, tmp_path_factory.mktemp("fr"), "--date", EDITION)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ar")
    return build(CliRunner(), DEFAULT_DATA, out, "--date", EDITION, "--lang", "ar")


@pytest.fixture
def adopted(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(MINIMAL, root)
    overlay(EXAMPLES / "valid" / "adopted", root)
    return root


def fonts(path: Path) -> set[str]:
    """(name without subset tag) of every font, each checked embedded."""
    rows = run("pdffonts", path).splitlines()[2:]
    names = set()
    for row in rows:
        name, embedded = row.split()[0], row.split()[-5]
        assert embedded == "yes", row
        names.add(name.split("+", 1)[-1].rstrip(","))
    return names


# ---------------------------------------------------------------- the shipped plan


def test_the_french_plan_is_at_most_40_portrait_a4_pages(french: Path) -> None:
    info = run("pdfinfo", "-f", "1", "-l", "999", french)
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 10 <= pages <= 40
    sizes = {
        line.split(":", 1)[1].split("pts")[0].strip()
        for line in info.splitlines()
        if line.startswith("Page") and "size:" in line
    }
    assert sizes == {"595.276 x 841.89"}  # A4 portrait, every page


def test_fonts_are_embedded_and_only_the_packaged_ones(french: Path, arabic: Path) -> None:
    assert {"Noto-Sans", "Noto-Sans-Bold"} <= fonts(french) <= PACKAGED
    assert {"Noto-Sans", "Noto-Naskh-Arabic"} <= fonts(arabic) <= PACKAGED


def test_french_text_reads_in_order(french: Path) -> None:
    text = run("pdftotext", "-layout", french, "-")
    cover = text.split("\f")[0]
    for line in (
        "Feuille de route de la promotion touristique",
        "Maroc · Stronger Together, plus forts ensemble · 2026",
        "Édition du 15 janvier 2026",
        "Office : Office National Marocain du Tourisme",
        "Statut : Projet",
    ):
        assert line in cover.replace("\u00a0", " ").replace("\u202f", " "), line
    # the approval page, the executive summary, the contents, then the body in order
    order = ["Approbation", "Note de synthèse", "Sommaire", "Marchés prioritaires", "Régions"]
    order += ["Calendrier", "Co-construction", "Annexe", "Tableau des actions", "Hypothèses"]
    at = [text.find(f"\n{heading}\n") for heading in order]
    assert -1 not in at, dict(zip(order, at, strict=True))
    assert at == sorted(at)


def test_the_contents_give_page_numbers(french: Path) -> None:
    pages = run("pdftotext", "-layout", french, "-").split("\f")
    contents = next(p for p in pages if "Sommaire" in p and "Annexe" in p)
    annex = next(line for line in contents.splitlines() if line.strip().startswith("Annexe"))
    number = int(annex.rstrip().split()[-1].strip("."))
    # that page starts the annex, and its header says so
    assert "Annexe" in pages[number - 1].splitlines()[0]
    assert f"{number} / {len(pages) - 1}" in pages[number - 1]  # running footer


def test_arabic_text_is_extractable(arabic: Path) -> None:
    text = run("pdftotext", arabic, "-")
    # the catalogue's Arabic, as characters (not glyph soup), in logical order
    for words in ("المصادقة", "ملخص تنفيذي", "الحالة", "مشروع"):
        assert words in text, words


def test_the_arabic_plan_keeps_its_seasonality_heat_map(arabic: Path) -> None:
    """Once SVG text drawn glyph by glyph, the heat map was left out of the Arabic
    PDF; in HTML WeasyPrint lays it out right to left, January first."""
    labels = packaged_catalogue("ar").labels
    text = run("pdftotext", arabic, "-")
    assert text.count(labels["priorities.heatmap"]) == 1
    chart = text.split(labels["priorities.heatmap"], 1)[1].split(labels["priorities.months"], 1)[0]
    # its rows' labels and every month's abbreviation
    assert labels["col.profile"] in chart and labels["col.actions"] in chart
    for month in ("يناير", "ديسمبر"):
        assert month in chart, month


def test_bookmarks_are_the_document_outline(french: Path) -> None:
    outline = PdfReader(french).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[0] == "Feuille de route de la promotion touristique du Maroc"
    children = next(item for item in outline if isinstance(item, list))
    names = [c.title for c in children if not isinstance(c, list)]
    assert names[:3] == ["Approbation", "Note de synthèse", "Sommaire"]
    assert "Annexe" in names and "Calendrier" in names


def test_identical_bytes_for_the_same_input(
    runner: CliRunner, adopted: Path, tmp_path: Path
) -> None:
    first = build(runner, adopted, tmp_path / "a", "--date", EDITION).read_bytes()
    second = build(runner, adopted, tmp_path / "b", "--date", EDITION).read_bytes()
    assert first == second
    reader = PdfReader(tmp_path / "a" / "plan-2026.fr.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"].startswith("D:20260115")
    # without --date, no date at all
    undated = build(runner, adopted, tmp_path / "c").read_bytes()
    assert b"/CreationDate" not in undated and b"/ModDate" not in undated


def test_an_adopted_plan_has_its_approval_page(
    runner: CliRunner, adopted: Path, tmp_path: Path
) -> None:
    text = run("pdftotext", build(runner, adopted, tmp_path, "-l", "en"), "-")
    cover, approval = text.split("\f")[:2]
    assert "Status: Adopted · Adopted on January 20, 2026" in cover
    assert "Approval" in approval and "Board of directors" in approval
    assert approval.count("Signature") == 2
    assert "Director General" in approval and "Moroccan National Tourism Office" in approval


# ---------------------------------------------------------------- hostile input


def test_hostile_addresses_in_data_are_inert(
    runner: CliRunner, adopted: Path, tmp_path: Path
) -> None:
    plan = adopted / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    theme = "theme: {fr: Plus forts ensemble, en: Stronger Together}\n"
    assert theme in text
    hostile = "javascript:alert(1) <a href='javascript:alert(2)'>x</a> http://example.invalid/x.png"
    plan.write_text(text.replace(theme, f'theme: "{hostile}"\n'), encoding="utf-8")
    built = build(runner, adopted, tmp_path / "out")
    reader = PdfReader(built)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            assert action is None or action.get("/S") != "/URI", action
    raw = built.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS" not in raw
    assert "javascript:alert(1)" in run("pdftotext", built, "-")  # shown, as text


def test_a_template_link_to_javascript_loses_its_link() -> None:
    html = (
        '<html><body><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">f</a>'
        ' <a href="https://example.org/">web</a> <a href="#x">in</a><p id="x">x</p></body></html>'
    )
    reader = PdfReader(_pdf(html))
    uris = [
        a.get_object()["/A"]["/URI"]
        for a in reader.pages[0].get("/Annots") or []
        if "/A" in a.get_object()
    ]
    assert uris == ["https://example.org/"]


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    html = (
        '<html><head><link rel="stylesheet" href="http://example.invalid/x.css"></head>'
        '<body><img src="http://example.invalid/x.png"><img src="file:///etc/hostname"></body></html>'
    )
    fetched: list[str] = []
    import weasyprint

    original = weasyprint.URLFetcher.fetch

    def spy(self: object, url: str, headers: object = None) -> object:
        fetched.append(url)
        return original(self, url, headers)  # type: ignore[arg-type]

    monkeypatch.setattr(weasyprint.URLFetcher, "fetch", spy)
    raw = _pdf(html).read_bytes()
    # only the packaged fonts were read; no image made it in
    assert fetched and all(u.startswith(pdf.fonts_folder().as_uri()) for u in fetched), fetched
    assert b"/Subtype /Image" not in raw


def _pdf(html: str) -> Path:
    import tempfile

    out = Path(tempfile.mkdtemp()) / "x.pdf"
    out.write_bytes(pdf.pdf(html))
    return out


def test_no_system_font_stands_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """⌘ is in no packaged font: it stays a missing glyph rather than borrow one."""
    html = "<html><body><p style=\"font-family: 'Noto Sans'\">Signe ⌘ ok</p></body></html>"
    assert fonts(_pdf(html)) <= PACKAGED
    # the check has teeth: with the system's fonts allowed, one (DejaVu) stands in
    monkeypatch.setattr(pdf, "_only_packaged_fonts", lambda _scratch: contextlib.nullcontext())
    if not fonts(_pdf(html)) - PACKAGED:
        pytest.skip("no system font has ⌘ on this machine")


# ---------------------------------------------------------------- usage


def test_missing_extra_is_one_line_and_exit_2(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    result = runner.invoke(
        app, ["build", "2026", "--data", str(MINIMAL), "-f", "pdf", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert (
        result.output
        == 'roadmap: error: --format pdf needs WeasyPrint: pip install "roadmap[pdf]"\n'
    )
    assert not list(tmp_path.iterdir())
    # `all` then builds what it can: Markdown and HTML
    result = runner.invoke(app, ["build", "2026", "--data", str(MINIMAL), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".html", ".md"]


def test_all_includes_the_pdf_when_the_extra_is_there(
    runner: CliRunner, adopted: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["build", "2026", "--data", str(adopted), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".html", ".md", ".pdf"]


def test_render_gives_bytes(adopted: Path) -> None:
    loaded, problems = validate(adopted, {2026})
    assert problems == []
    (doc,) = render(loaded, 2026, ["pdf"])
    assert isinstance(doc.content, bytes) and doc.content.startswith(b"%PDF-")
    assert doc.name == "plan-2026.fr.pdf"


def test_missing_pango_says_so(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint installed, its system library not: one line that names both."""
    import builtins

    real = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    result = runner.invoke(app, ["build", "2026", "--data", str(MINIMAL), "-f", "pdf"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "libpango-1.0-0" in result.output and 'pip install "roadmap[pdf]"' in result.output
