"""`build`: a year's plan rendered to Markdown and to one self-contained HTML file.

The data must be valid (the CLI validates first). `render` computes the
view once (`roadmap.render.view`) and lays it out with Jinja templates: the
packaged ones in `roadmap/templates/`, or any of them overridden by a file
of the same name in a user's templates folder. Output depends on nothing but
the data, the language and the optional date: the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jinja2

from roadmap.dataset import Data, collector_paused
from roadmap.files import write_atomic
from roadmap.i18n import Language
from roadmap.problems import UsageError
from roadmap.render import html, markdown
from roadmap.render.view import Plan, view

FORMATS = ("md", "html")
TEMPLATES = {"md": "plan.md.j2", "html": "plan.html.j2"}


def packaged_templates() -> Path:
    return Path(str(files("roadmap").joinpath("templates")))


def _autoescape(name: str | None) -> bool:
    """HTML templates (and their includes) escape every value; Markdown ones do not."""
    return name is not None and (".html" in name or name.endswith((".svg", ".htm")))


def _pct(ratio: float) -> str:
    """A 0..1 ratio as a percentage for SVG/CSS geometry: 42.1."""
    return f"{ratio * 100:.1f}"


@lru_cache(maxsize=8)
def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment per templates folder (user folder searched first)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(packaged_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown.escape
    env.filters["md_all"] = markdown.escape_all
    env.filters["slug"] = markdown.slug
    env.filters["pct"] = _pct
    env.globals["gantt"] = markdown.gantt
    env.globals["calendar_cells"] = html.calendar_cells
    return env


def document_name(year: int, lang: str, fmt: str) -> str:
    return f"plan-{year}.{lang}.{fmt}"


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    format: str
    content: str


def language_for(data: Data, lang: str | None) -> Language:
    assert data.dataset is not None
    own = data.dataset.language
    return Language(lang or own, own, data.dataset.currency)


def render(
    data: Data,
    year: int,
    formats: Sequence[str] = FORMATS,
    lang: str | None = None,
    templates: Path | None = None,
    date: dt.date | None = None,
    step: Callable[[str], None] | None = None,
) -> list[Document]:
    """The plan for `year` in each format; `step` is told what is being done.

    The view and the documents are built with the garbage collector paused,
    as loading is: they are trees of strings, lists and dataclasses that never
    form cycles, and each collection would rescan them all for nothing.
    """
    if templates is not None and not templates.is_dir():
        raise UsageError(f"templates folder not found: {templates}")
    language = language_for(data, lang)
    env = environment(templates.resolve() if templates else None)
    with collector_paused():
        if step:
            step("view")
        plan = view(data, year, language, date)
        return [
            _render(env, plan, fmt, document_name(year, language.code, fmt), step)
            for fmt in formats
        ]


def _render(
    env: jinja2.Environment,
    plan: Plan,
    fmt: str,
    name: str,
    step: Callable[[str], None] | None,
) -> Document:
    if step:
        step(fmt)
    template = TEMPLATES[fmt]
    try:
        content = env.get_template(template).render(plan=plan, t=plan.t)
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(
            f"template {exc.filename or exc.name}:{exc.lineno}: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise UsageError(f"template {template}: {exc.message}") from None
    return Document(name, fmt, content)


def write(documents: Sequence[Document], out: Path) -> list[Path]:
    """Each document into `out` (created if needed), atomically."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder is a file: {out}")
    paths = []
    for doc in documents:
        path = out / doc.name
        write_atomic(path, doc.content)
        paths.append(path)
    return paths
