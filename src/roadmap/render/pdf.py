"""The plan as a print-quality A4 PDF: the plan's own HTML laid out by WeasyPrint.

WeasyPrint reuses the HTML document (the same template, with the print
stylesheet `templates/print.css` added), so the PDF says exactly what the
HTML says. Nothing is fetched: the only resources it may load are the fonts
shipped in `roadmap/fonts/` (Noto, SIL Open Font License), and Fontconfig is
given an empty configuration while the fonts are set up, so that no system
font can stand in for them either. The bytes depend on the document and the
edition date only: the PDF's dates are the edition date (or none), and its
identifier is derived from its content.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from roadmap.problems import UsageError

#: What a user runs when the PDF extra is missing.
INSTALL = 'pip install "roadmap[pdf]"'


@dataclass(frozen=True, slots=True)
class Face:
    family: str
    file: str
    weight: int = 400
    style: str = "normal"


#: The packaged fonts, as the print stylesheet names them. Latin first;
#: Arabic script from Noto Naskh; the few symbols the plan prints (▼, ≈)
#: from subsets of Noto Sans Symbols 2 and Noto Sans Math.
FACES = (
    Face("Noto Sans", "NotoSans-Regular.ttf"),
    Face("Noto Sans", "NotoSans-Bold.ttf", 700),
    Face("Noto Sans", "NotoSans-Italic.ttf", 400, "italic"),
    Face("Noto Sans", "NotoSans-BoldItalic.ttf", 700, "italic"),
    Face("Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf"),
    Face("Noto Naskh Arabic", "NotoNaskhArabic-Bold.ttf", 700),
    Face("Noto Sans Symbols 2", "NotoSansSymbols2-Regular.subset.ttf"),
    Face("Noto Sans Math", "NotoSansMath-Regular.subset.ttf"),
)

#: An empty Fontconfig configuration: no font folder, so no system font.
_NO_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig></fontconfig>
"""

# FONTCONFIG_FILE is read from the process environment when a configuration
# is created: two builds in threads must not interleave their changes.
_ENVIRONMENT = threading.Lock()


def fonts_folder() -> Path:
    return Path(str(files("roadmap").joinpath("fonts")))


def font_faces() -> str:
    """The @font-face rules of the packaged fonts, with file URLs."""
    folder = fonts_folder()
    return "".join(
        f"@font-face {{ font-family: {f.family!r}; src: url({(folder / f.file).as_uri()!r});"
        f" font-weight: {f.weight}; font-style: {f.style}; }}\n"
        for f in FACES
    )


def available() -> bool:
    """Whether WeasyPrint (the PDF extra) can be loaded, Pango included."""
    return missing() is None


def missing() -> str | None:
    """What the PDF lacks, as the end of a sentence ("needs WeasyPrint: pip
    install ..."), or None when it can be made."""
    try:
        _weasyprint()
    except UsageError as exc:
        return str(exc).removeprefix("the PDF ")
    return None


def _weasyprint() -> Any:
    try:
        # On import WeasyPrint warns when the system has no font: the PDF
        # uses none of the system's, so that warning is not the user's.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import weasyprint
    except ImportError:
        raise UsageError(f"the PDF needs WeasyPrint: {INSTALL}") from None
    except OSError as exc:  # WeasyPrint is there, Pango is not
        raise UsageError(
            f"the PDF needs WeasyPrint and the Pango library ({exc}): {INSTALL}, "
            "and install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
        ) from None
    return weasyprint


@contextmanager
def _only_packaged_fonts(scratch: Path) -> Iterator[None]:
    """Fontconfig reads an empty configuration, in `scratch`, while this runs."""
    conf = scratch / "fonts.conf"
    conf.write_text(_NO_SYSTEM_FONTS, encoding="utf-8")
    with _ENVIRONMENT:
        before = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(conf)
        try:
            yield
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


def pdf(html: str, date: dt.date | None = None) -> bytes:
    """`html`, a whole document with its print stylesheet, laid out as a PDF.

    `date` is the edition date: the PDF's creation and modification dates,
    at midnight UTC; without it the PDF has no date at all.
    """
    import tempfile

    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher(weasyprint)
    with tempfile.TemporaryDirectory(prefix="roadmap-pdf-") as scratch:
        with _only_packaged_fonts(Path(scratch)):
            fonts = FontConfiguration()
        css = weasyprint.CSS(string=font_faces(), font_config=fonts, url_fetcher=fetcher)
        document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None).render(
            stylesheets=[css], font_config=fonts
        )
        for page in document.pages:
            page.links[:] = [link for link in page.links if _inert_or_safe(link[0], link[1])]
        stamp = _stamp(date)
        document.metadata.created = stamp
        document.metadata.modified = stamp
        document.metadata.generator = "roadmap"
        # The file identifier is a hash of the content (pydyf), so the same
        # plan and date give the same bytes.
        written: bytes = document.write_pdf(pdf_identifier=True)
        return written


#: Addresses a PDF link may open; anything else (javascript:, file:, data:)
#: loses its link and stays as text.
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _inert_or_safe(kind: str, target: object) -> bool:
    """Whether a link WeasyPrint found may stay: one inside the document, or
    to a web or mail address. The plan's own HTML links only inside itself;
    this holds for a user's template too."""
    if kind == "internal":
        return True
    return kind == "external" and str(target).strip().lower().startswith(_SAFE_SCHEMES)


def _stamp(date: dt.date | None) -> str | None:
    return None if date is None else f"{date.isoformat()}T00:00:00Z"


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that loads the packaged fonts and nothing else.

    Data cannot put a resource in the document (the HTML escapes it), but
    a user's template could: an image, a stylesheet or a font from the
    network or the disk is refused rather than fetched.
    """
    allowed = {(fonts_folder() / f.file).as_uri() for f in FACES}

    class PackagedFontsOnly(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"the PDF loads no resource from elsewhere: {url}")
            return super().fetch(url, headers)

    return PackagedFontsOnly(allowed_protocols=("file",))
