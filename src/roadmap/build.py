"""`build`: a year's plan rendered to Markdown and to one self-contained HTML file.

The data must be valid (the CLI validates first). `render` computes the
view once (`roadmap.render.view`) and lays it out with Jinja templates: the
packaged ones in `roadmap/templates/`, or any of them overridden by a file
of the same name in a user's templates folder. Output depends on nothing but
the data, the language and the optional date: the same input gives the same
bytes.

With `stream=True`, a Markdown or HTML document from the packaged templates
is not rendered at once: its content is Jinja's `Template.generate()`,
consumed by `write` into its temporary file, one document after the other,
so that a 100,000-action plan is never held whole as a string.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TextIO

import jinja2
import jinja2.bccache

from roadmap import __version__
from roadmap.dataset import Data, collector_paused
from roadmap.files import Content, write_files
from roadmap.i18n import Language, text_direction
from roadmap.inputs import InputFileError, check_regular
from roadmap.problems import UsageError
from roadmap.render import html, markdown, pdf
from roadmap.render.view import Plan, view
from roadmap.render.view.audience import Audience, Packs, audiences
from roadmap.render.view.context import Context
from roadmap.render.view.results import Results, results

FORMATS = ("md", "html")
#: The PDF is the HTML document, laid out for print (`roadmap.render.pdf`).
TEMPLATES = {"md": "plan.md.j2", "html": "plan.html.j2", "pdf": "plan.html.j2"}


def packaged_templates() -> Path:
    return Path(str(files("roadmap").joinpath("templates")))


def _autoescape(name: str | None) -> bool:
    """HTML templates (and their includes) escape every value; Markdown ones do not."""
    return name is not None and (".html" in name or name.endswith((".svg", ".htm")))


def _pct(ratio: float) -> str:
    """A 0..1 ratio as a percentage for SVG/CSS geometry: 42.1."""
    return f"{ratio * 100:.1f}"


_WORD = re.compile(r"(?<!^)(?=[A-Z])")


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined that names the plan's own objects as templates call them:
    `'plan' has no attribute 'x'`, not `'roadmap.render.view.Plan object' ...`."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj, name = self._undefined_obj, self._undefined_name
        if self._undefined_hint is None and dataclasses.is_dataclass(obj) and isinstance(name, str):
            return f"{_WORD.sub('_', type(obj).__name__).lower()!r} has no attribute {name!r}"
        return super()._undefined_message


class _UserTemplates(jinja2.FileSystemLoader):
    """A user's templates folder: only regular files are read, as with data."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            try:
                check_regular(path)
            except InputFileError as exc:
                raise UsageError(f"template {path.as_posix()}: {exc.message}") from None
        return super().get_source(environment, template)


#: How templates are compiled: part of the bytecode cache's key, as Jinja's
#: own key holds only the template's name and file.
_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}


def cache_folder() -> Path:
    """Where compiled templates are kept between runs: roadmap/templates in
    the user's cache folder (`$XDG_CACHE_HOME`, by default ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "roadmap" / "templates"


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs: compiling the packaged plan
    templates takes longer than rendering a 300-action plan.

    Jinja checks each entry against its template's source (a checksum) and
    its own bytecode format; the key adds roadmap's and Jinja's versions
    and the compile options. The cache is an optimisation only: a folder
    that cannot be made, read or written leaves templates compiled at
    every run, never an error.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self._folder = folder
        self._salt = f"{__version__}|{jinja2.__version__}|{sorted(_OPTIONS.items())}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._salt}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@lru_cache(maxsize=8)
def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """The one Jinja environment per templates folder (user folder searched first)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(_UserTemplates(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(packaged_templates())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=_Undefined,
        bytecode_cache=_BytecodeCache(cache_folder()),
        trim_blocks=_OPTIONS["trim_blocks"],
        lstrip_blocks=_OPTIONS["lstrip_blocks"],
        keep_trailing_newline=_OPTIONS["keep_trailing_newline"],
    )
    env.filters["md"] = markdown.escape
    env.filters["md_all"] = markdown.escape_all
    env.filters["slug"] = markdown.slug
    env.filters["pct"] = _pct
    env.globals["gantt"] = markdown.gantt
    env.globals["md_action_row"] = markdown.action_row
    env.globals["md_lever_rows"] = markdown.lever_rows
    env.globals["md_action_items"] = markdown.action_items
    env.globals["md_low_season_items"] = markdown.low_season_items
    env.globals["md_action_descriptions"] = markdown.action_descriptions
    env.globals["calendar_cells"] = html.calendar_cells
    env.globals["action_entry"] = html.action_entry
    env.globals["lever_rows"] = html.lever_rows
    env.globals["action_items"] = html.action_items
    env.globals["low_season_items"] = html.low_season_items
    env.globals["calendar_rows"] = html.calendar_rows
    env.globals["action_descriptions"] = html.action_descriptions
    env.globals["heat_cell"] = html.heat_cell
    env.filters["svg_text"] = html.svg_text
    env.globals["text_direction"] = text_direction
    return env


def document_name(year: int, lang: str, fmt: str) -> str:
    return f"plan-{year}.{lang}.{fmt}"


@dataclass(frozen=True, slots=True)
class Document:
    """One file to write. `content` is a one-use stream of text pieces when
    the document was rendered with `stream=True` (not a PDF)."""

    name: str
    format: str
    content: Content


def language_for(data: Data, lang: str | None) -> Language:
    if data.dataset is None:
        raise UsageError("the plan needs a dataset.yaml that validated without errors")
    own = data.dataset.language
    return Language(lang or own, own, data.dataset.currency, data.locales)


def render(
    data: Data,
    year: int,
    formats: Sequence[str] = FORMATS,
    lang: str | None = None,
    templates: Path | None = None,
    date: dt.date | None = None,
    step: Callable[[str], None] | None = None,
    progress: Mapping[str, float] | None = None,
    warnings: bool = False,
    stream: bool = False,
    release: bool = False,
) -> list[Document]:
    """The plan for `year` in each format; `step` is told what is being done.

    When the year has progress reviews, the plan shows its results as of
    the latest (`roadmap.render.view.results`), judged with `progress`,
    roadmap.toml's `[progress]` options. The annex lists `roadmap check`'s
    warnings in a draft, or whatever the plan's status with `warnings`.

    The view and the documents are built with the garbage collector paused,
    as loading is: they are trees of strings, lists and dataclasses that never
    form cycles, and each collection would rescan them all for nothing.

    `release`: the caller gives `data` up (the CLI): its progress reviews,
    a third of a large plan's data, are dropped from it once the results
    are computed, and their memory serves the view.
    """
    if templates is not None and not templates.is_dir():
        raise UsageError(f"templates folder not found: {templates}")
    language = language_for(data, lang)
    env = environment(templates.resolve() if templates else None)
    with collector_paused():
        if step:
            step("view")
        # the results first: their transient memory is freed before the view is built
        found = results(data, year, language, progress)
        if release:
            data.reviews.clear()
            data.review_sources.clear()
        plan = view(data, year, language, date, warnings=warnings)
        return [
            _render(
                env,
                plan,
                fmt,
                document_name(year, language.code, fmt),
                step,
                templates,
                found,
                date,
                stream=stream,
            )
            for fmt in formats
        ]


def _render(
    env: jinja2.Environment,
    plan: Plan,
    fmt: str,
    name: str,
    step: Callable[[str], None] | None,
    user: Path | None = None,
    found: Results | None = None,
    date: dt.date | None = None,
    template: str | None = None,
    stream: bool = False,
    **values: object,
) -> Document:
    """One document: `template` (default: the plan's in `fmt`) given the plan view and `values`.

    `stream`: the content is the template's stream of pieces, rendered as
    it is consumed. Not with a `user`'s templates: their mistakes are
    expected, and a document rendered whole fails before anything is
    written, its output folder not even made. The PDF is laid out from the
    whole HTML, so it is always rendered at once.
    """
    if step:
        step(fmt)
    paged = fmt == "pdf"
    context = {"plan": plan, "t": plan.t, "results": found, "paged": paged, **values}
    with _user_errors(user):
        loaded = env.get_template(template or TEMPLATES[fmt])
    if stream and not paged and user is None:
        # a packaged template that fails half-way is a bug: its traceback
        # goes up through `write`, which leaves the previous files whole
        return Document(name, fmt, loaded.generate(context))
    with _user_errors(user):
        content = loaded.render(context)
    if paged:
        return Document(name, fmt, pdf.pdf(content, date))
    return Document(name, fmt, content)


@contextmanager
def _user_errors(user: Path | None) -> Iterator[None]:
    """A user template's failure as a one-line UsageError (`template_error`);
    a packaged template's is a bug, raised as it is, with its traceback."""
    try:
        yield
    except UsageError:
        raise
    except Exception as exc:
        error = template_error(exc, user)
        if error is None:
            raise
        raise error from None


def pack_name(year: int, stem: str, lang: str, fmt: str) -> str:
    """An audience pack's file: market-FR-2026.fr.html; the index is packs-2026.fr.html."""
    return f"{stem}-{year}.{lang}.{fmt}"


def pack_template(fmt: str) -> str:
    """A pack's template in `fmt`: the plan's, named `pack` for `plan` (pack.html.j2)."""
    return TEMPLATES[fmt].replace("plan", "pack", 1)


def render_packs(
    data: Data,
    year: int,
    asked: Sequence[Audience] | None = None,
    formats: Sequence[str] = FORMATS,
    lang: str | None = None,
    templates: Path | None = None,
    date: dt.date | None = None,
    step: Callable[[str], None] | None = None,
    progress: Mapping[str, float] | None = None,
    stream: bool = False,
) -> list[Document]:
    """The audience packs `asked` for (`roadmap.render.view.audience`) in each format.

    `asked` None: every market, region and partner pack, and the index page
    that links them (`packs-YEAR.LANG.FMT`). The plan's view is built once;
    each pack filters it. An unknown audience is a usage error, raised before
    anything is rendered.
    """
    if templates is not None and not templates.is_dir():
        raise UsageError(f"templates folder not found: {templates}")
    language = language_for(data, lang)
    env = environment(templates.resolve() if templates else None)
    with collector_paused():
        if step:
            step("view")
        if data.dataset is None or year not in data.plans:
            raise UsageError(f"no valid plan for {year}: the plan needs data without errors")
        ctx = Context(data, data.plans[year], language)
        plan = view(data, year, language, date, ctx)
        found = results(data, year, language, progress)
        packs = Packs(ctx, plan)
        wanted = audiences(ctx, plan, asked)
        built = [packs.pack(a) for a in wanted]
        docs = [
            _render(
                env,
                plan,
                fmt,
                pack_name(year, p.stem, language.code, fmt),
                None,
                templates,
                found,
                date,
                pack_template(fmt),
                stream,
                pack=p,
            )
            for p in built
            for fmt in formats
        ]
        if asked is None:
            index = packs.index(built)
            docs += [
                _render(
                    env,
                    plan,
                    fmt,
                    pack_name(year, "packs", language.code, fmt),
                    None,
                    templates,
                    found,
                    date,
                    pack_template(fmt).replace("pack.", "pack.index.", 1),
                    stream,
                    index=index,
                    names={p.stem: pack_name(year, p.stem, language.code, fmt) for p in built},
                )
                for fmt in formats
            ]
        return docs


def template_error(exc: Exception, user: Path | None) -> UsageError | None:
    """`exc`, raised while rendering, as one line with the template and line
    it comes from when that is one of the `user`'s templates; None otherwise.

    Anything a user's template does wrong is the user's mistake: a syntax
    error, an undefined name, a template not found, or any exception its
    code raises (1/0). Jinja rewrites the traceback so that each template's
    frame carries the template's file name and line: the innermost frame in
    the user's folder is the place shown.
    """
    if user is None:
        return None
    root = user.resolve()
    place: tuple[str, int | None] | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        place = _place(root, user, exc.filename, exc.lineno)
    else:
        tb = exc.__traceback__
        while tb is not None:
            place = _place(root, user, tb.tb_frame.f_code.co_filename, tb.tb_lineno) or place
            tb = tb.tb_next
    if place is None:
        return None
    shown, line = place
    where = f"{shown}:{line}" if line else shown
    return UsageError(f"template {where}: {_message(exc, user)}")


def _place(
    root: Path, user: Path, filename: str | None, line: int | None
) -> tuple[str, int | None] | None:
    """(`filename` as the user names it, `line`) if the file is in their folder."""
    path = Path(filename or "")
    if not path.is_absolute() or not path.is_relative_to(root):
        return None
    return (user / path.relative_to(root)).as_posix(), line


def _message(exc: Exception, user: Path) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):  # TemplatesNotFound too
        wanted = " or ".join(repr(str(n)) for n in exc.templates)
        return (
            f"template {wanted} not found (looked in {user.as_posix()}/ and the built-in templates)"
        )
    if isinstance(exc, jinja2.TemplateError) and exc.message:
        return exc.message
    return str(exc) or type(exc).__name__


def write(documents: Sequence[Document], out: Path) -> list[Path]:
    """Each document into `out` (created if needed), atomically, as one set:
    another build into `out` at the same time writes all its files before
    or after these, never in between. Streamed documents are rendered here,
    with the collector paused as `render` does."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"output folder is a file: {out}")
    with collector_paused():
        return write_files([(out / doc.name, doc.content) for doc in documents])


def print_document(document: Document, stdout: TextIO) -> None:
    """The document on `stdout` (bytes to its buffer, streamed pieces as they come)."""
    content = document.content
    if isinstance(content, bytes):
        stdout.buffer.write(content)
    elif isinstance(content, str):
        stdout.write(content)
    else:
        with collector_paused():
            stdout.writelines(content)
