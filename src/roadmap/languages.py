"""Language tags and message catalogues, read without Babel.

A catalogue is one flat YAML file per language, `<tag>.yaml`, mapping each
label key to its text (`document.title: Feuille de route {year}`). The
packaged ones live in `roadmap/locales/`; a dataset may bring more in its
`locales/` folder, to add a language or override some labels. They are read
with the project's placed loader, so every problem in one (syntax, duplicate
key, unknown key, missing label, wrong `{placeholder}`) is reported at its
file:line:col like any data problem.

English is the reference: its keys and, in each label, its placeholders are
what every other catalogue must have. A dataset catalogue may leave labels
out when it names a fallback language with the reserved top-level key
`_fallback` (`_fallback: en`), or when a catalogue further up its tag's
chain has them (`pt-PT` overrides a few labels of `pt`).

Catalogues are read when a command renders (lazily, cached), never at
start-up; `roadmap validate` imports this module and must stay fast, so
Babel is imported only for a tag that no catalogue has.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from roadmap.loader import LoadError, SourceFile
from roadmap.messages import did_you_mean
from roadmap.models import LANG_TAG
from roadmap.problems import DataError, Problem

#: Folder of the packaged catalogues, and of a dataset's own (`data/locales/`).
LOCALES = "locales"
PACKAGED = Path(__file__).parent / LOCALES
#: The catalogue every other one is checked against.
REFERENCE = "en"
#: Reserved top-level key of a catalogue: the language its missing labels come from.
FALLBACK_KEY = "_fallback"

#: A well-formed BCP 47 tag as this tool accepts it (the models' pattern):
#: extensions and private use are no business of a locale here.
TAG = re.compile(LANG_TAG)


def canonical(tag: str) -> str:
    """`tag` in BCP 47's usual case (pt-pt -> pt-PT, zh-hant -> zh-Hant), `_` read as `-`."""
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def malformed(tag: str) -> str | None:
    """Why `tag` is not a well-formed tag, with the canonical form when it is one; else None."""
    if TAG.match(tag):
        return None
    fixed = canonical(tag)
    hint = f"; did you mean {fixed!r}?" if TAG.match(fixed) else ""
    return f"{tag!r} is not a BCP 47 language tag such as fr, pt-PT or ar-MA{hint}"


def chain(tag: str) -> list[str]:
    """`tag` then its shorter forms: pt-Latn-PT -> pt-Latn-PT, pt-Latn, pt."""
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def unknown(tag: str) -> str | None:
    """Why a well-formed `tag` names no locale Babel (CLDR) knows; else None."""
    if tag in packaged():
        return None
    from babel import localedata  # only here: validate stays fast for packaged tags

    if localedata.exists(tag.replace("-", "_")):
        return None
    known = [i.replace("_", "-") for i in localedata.locale_identifiers()]
    return f"no locale {tag!r} is known (CLDR){did_you_mean(tag, known)}"


def placeholders(text: str) -> set[str] | None:
    """The `{names}` a label fills in; None when its braces do not parse."""
    if "{" not in text and "}" not in text:
        return set()  # most labels: no need for the formatter's parser
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


@dataclass(frozen=True)
class Catalogue:
    """One language's labels, as one file gives them."""

    tag: str
    labels: dict[str, str]
    fallback: str | None = None
    source: SourceFile | None = None
    #: Keys the file does not give (its fallback or a shorter tag must).
    missing: tuple[str, ...] = field(default=())


@dataclass
class _Reader:
    source: SourceFile
    problems: list[Problem] = field(default_factory=list)

    def at(self, places: list[tuple[int, int]], code: str, message: str) -> None:
        line, column = places[0]
        self.problems.append(Problem(self.source.display, line, column, code, message))


def read(
    source: SourceFile, tag: str, reference: Mapping[str, str] | None
) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue in `source` and every problem in it, checked against `reference`.

    Missing labels are listed on the catalogue, not reported: whether they
    are a problem depends on what the tag's chain and fallback provide.
    """
    reader = _Reader(source)
    try:
        raw = source.load()
    except LoadError as exc:
        reader.problems += exc.problems
        if exc.data is None:
            return None, reader.problems
        raw = exc.data
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        reader.at([(1, 1)], "not-a-mapping", "a catalogue maps each label key to its text")
        return None, reader.problems
    labels: dict[str, str] = {}
    fallback = raw.pop(FALLBACK_KEY, None)
    if fallback is not None:
        why = malformed(fallback) if isinstance(fallback, str) else "must be a language tag"
        if why:
            where = source.locate([((FALLBACK_KEY,), False)])
            reader.at(where, "bad-fallback", f"{FALLBACK_KEY}: {why}")
            fallback = None
    for key, text in raw.items():
        if not isinstance(text, str):
            reader.at(
                source.locate([((key,), False)]), "label-not-text", f"label {key!r} must be text"
            )
            continue
        if reference is not None and key not in reference:
            hint = did_you_mean(key, reference)
            reader.at(
                source.locate([((key,), True)]), "unknown-label", f"unknown label key {key!r}{hint}"
            )
            continue
        shown = placeholders(text)
        wanted = placeholders(reference[key]) if reference is not None else shown
        if shown is None:
            reader.at(
                source.locate([((key,), False)]),
                "bad-placeholder",
                f"label {key!r}: unbalanced braces (write {{{{ and }}}} for a literal brace)",
            )
            continue
        if wanted is not None and shown != wanted:
            extra, lacking = sorted(shown - wanted), sorted(wanted - shown)
            said = []
            if extra:
                said.append("has " + ", ".join(f"{{{n}}}" for n in extra) + " that English has not")
            if lacking:
                said.append("lacks " + ", ".join(f"{{{n}}}" for n in lacking))
            reader.at(
                source.locate([((key,), False)]),
                "bad-placeholder",
                f"label {key!r} {' and '.join(said)}",
            )
            continue
        labels[key] = text
    missing = tuple(k for k in reference if k not in raw) if reference is not None else ()
    return Catalogue(tag, labels, fallback, source, missing), reader.problems


@cache
def packaged() -> tuple[str, ...]:
    """Tags of the packaged catalogues, sorted (a directory listing: no file read)."""
    return tuple(sorted(p.stem for p in PACKAGED.glob("*.yaml")))


@cache
def packaged_catalogue(tag: str) -> Catalogue:
    """The packaged catalogue of `tag`, read once; it must be complete."""
    source = SourceFile(PACKAGED / f"{tag}.yaml", f"roadmap/{LOCALES}/{tag}.yaml")
    reference = None if tag == REFERENCE else packaged_catalogue(REFERENCE).labels
    catalogue, problems = read(source, tag, reference)
    if catalogue is not None and catalogue.missing:
        problems.append(Problem(source.display, 1, 1, "missing-label", _missing(catalogue.missing)))
    if problems or catalogue is None:
        # a broken packaged catalogue is a bug of the release: shown placed, exit 1
        raise DataError(problems)
    return catalogue


def reference() -> Mapping[str, str]:
    return packaged_catalogue(REFERENCE).labels


def _missing(keys: tuple[str, ...]) -> str:
    return (
        f"{len(keys)} label(s) missing: {', '.join(keys)} (or name a fallback: {FALLBACK_KEY}: en)"
    )


def layers(tag: str, extra: Mapping[str, Catalogue]) -> Iterator[Catalogue]:
    """The catalogues `tag`'s labels are looked up in, first to last.

    For each form of the tag, longest first, the dataset's catalogue then
    the packaged one; then, the same way, the fallback the first dataset
    catalogue naming one gives. A fallback already seen is not followed
    again (no loop).
    """
    seen: set[str] = set()
    pending: list[str] = [tag]
    while pending:
        current = pending.pop(0)
        fallback = None
        for form in chain(current):
            if form in seen:
                continue
            seen.add(form)
            if form in extra:
                yield extra[form]
                fallback = fallback or extra[form].fallback
            if form in packaged():
                yield packaged_catalogue(form)
        if fallback is not None:
            pending.append(fallback)


def available(extra: Mapping[str, Catalogue]) -> list[str]:
    return sorted(set(packaged()) | set(extra))


def has_catalogue(tag: str, extra: Mapping[str, Catalogue]) -> bool:
    """Whether some catalogue serves `tag` (itself or a shorter form of it)."""
    return any(form in extra or form in packaged() for form in chain(tag))


def merged(tag: str, extra: Mapping[str, Catalogue]) -> tuple[dict[str, str], list[str]]:
    """Every label of `tag`, and the reference keys no layer gives (empty when complete)."""
    labels: dict[str, str] = {}
    for layer in reversed(list(layers(tag, extra))):
        labels.update(layer.labels)
    return labels, [k for k in reference() if k not in labels]


def dataset_catalogues(
    root: Path, base: Path | None = None
) -> tuple[dict[str, Catalogue], list[Problem]]:
    """The catalogues in a data folder's `locales/`, each checked, and their problems.

    A file is named after its tag (`locales/pt-PT.yaml`). Labels it leaves
    out must come from a shorter form of its tag or its `_fallback`, else
    they are reported at the top of the file, listed.
    """
    folder = root / LOCALES
    if not folder.is_dir():
        return {}, []
    found: dict[str, Catalogue] = {}
    problems: list[Problem] = []
    ref = reference()
    for path in sorted(folder.iterdir()):
        source = SourceFile.at(path, base)
        if path.suffix not in (".yaml", ".yml"):
            problems.append(
                Problem(source.display, 1, 1, "unknown-file", "a catalogue is a <tag>.yaml file")
            )
            continue
        tag = path.stem
        why = malformed(tag) or unknown(tag)
        if why:
            problems.append(Problem(source.display, 1, 1, "bad-language-tag", why))
            continue
        catalogue, found_problems = read(source, tag, ref)
        problems += found_problems
        if catalogue is not None:
            found[tag] = catalogue
    for tag, catalogue in found.items():
        if catalogue.fallback is not None and not has_catalogue(catalogue.fallback, found):
            where = (
                catalogue.source.locate([((FALLBACK_KEY,), False)])
                if catalogue.source
                else [(1, 1)]
            )
            hint = did_you_mean(catalogue.fallback, available(found))
            problems.append(
                Problem(
                    catalogue.source.display if catalogue.source else tag,
                    *where[0],
                    "unknown-language",
                    f"{FALLBACK_KEY}: no catalogue for {catalogue.fallback!r}{hint}; "
                    f"available: {', '.join(available(found))}",
                )
            )
            continue
        _, missing = merged(tag, found)
        # a label dropped for a problem of its own is reported once, not as missing too
        missing = [k for k in missing if k in catalogue.missing]
        if missing and catalogue.source is not None:
            problems.append(
                Problem(catalogue.source.display, 1, 1, "missing-label", _missing(tuple(missing)))
            )
    return found, problems
