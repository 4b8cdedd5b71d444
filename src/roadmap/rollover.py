"""`roadmap new`: next year's plan, started from the previous one.

What is copied, and what is reset (the README lists the same):

- `theme`, `partners`, `markets`, `destinations` and `priorities` (with the
  seasonality profile) are copied unchanged: the planner edits them.
- Objectives are copied; each target's baseline becomes what the previous
  year reached, when a progress review of it says so: the actual of the
  latest review giving one (`{value: <actual>, unit, year: PREVIOUS,
  period, source: "actual, review of DATE (<its source>)"}`, marked
  `assumption: true` only when the actual is an estimate). Otherwise it
  becomes the previous year's target: `{value: <previous target>, unit,
  year: PREVIOUS, source: "target of the PREVIOUS plan", assumption: true}`
  (the target stands in for the actual figure until it is known). Sources
  are in the dataset's language (the `new.source.*` labels); the file's
  opening comment says how many baselines came from each. The target is
  kept.
- Actions marked `recurring: true` are carried over with their ids, months,
  partners, budget and co-financing; `status` goes back to planned (the key
  is dropped) and `result` is removed. `answers` is kept: an action may
  answer a proposal of an earlier plan of the same folder, so the link to
  why the action exists survives.
- Proposals still `open` or `deferred` are carried forward with their ids,
  meetings, dates and reasons: a proposal keeps its identity from one plan
  to the next, so `roadmap diff` shows its status changing. The meetings
  they come from are carried, and so are those a market's `origins` names
  (the copied markets still point at them). Taken-up and declined
  proposals, and the other meetings, stay in the previous plan's history.
  A proposal's status is its latest decision in the previous year's
  progress reviews when one gives it (with that decision's reason), else
  the plan's.

The new year must come after the previous one and be a year a plan file
can have (`models.Year`). The file starts with the previous plan's
`yaml-language-server` schema line when it has one (none otherwise), then
an English comment saying what was copied. Keys the planner did not write
are not written either (the previous plan's own layout is kept); the output
is deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from roadmap import languages, models, yaml_text
from roadmap.dataset import PLANS_DIR, Data, collector_paused, plan_files
from roadmap.files import Content, digest, locked, write_atomic
from roadmap.i18n import Language
from roadmap.problems import Problem, Severity, UsageError
from roadmap.validation import validate

if TYPE_CHECKING:
    from roadmap.languages import Catalogue
    from roadmap.progress.models import ProposalChange, Review, TargetActual

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=\S+")

#: Width of the header note's comment lines: the dumped plan's.
NOTE_WIDTH = 100
#: A carried baseline's `source`: the label worded in the dataset's language
#: (plain text in the model); a language no catalogue has gets English.
SOURCE = "new.source.target"
#: A baseline taken from a review's actual: its `source` label, with the
#: review's date and the actual's own source (kept: it names the publication).
#: A source given per language is worded in each of its languages.
ACTUAL_SOURCE = "new.source.actual"


def _said(key: str, language: str, locales: Mapping[str, Catalogue] | None, **values: Any) -> str:
    """The label `key` in `language` (its catalogue, the dataset's, else English), filled in."""
    from roadmap.messages import labels_for

    return labels_for(None, language, locales)[key].format(**values)


def year_range() -> tuple[int, int]:
    """The years a plan may have: `models.YEAR`, the validator's range."""
    return int(models.YEAR.low), int(models.YEAR.high)


def check_years(year: int, previous: int) -> None:
    """Refuse a new plan year the validator would refuse, or not after `previous`."""
    low, high = year_range()
    for value in (year, previous):
        if not low <= value <= high:
            raise UsageError(f"{value} is not a plan year: a plan's year is {low} to {high}")
    if year <= previous:
        raise UsageError(
            f"the new plan's year must come after {previous}, not {year}: "
            "`roadmap new` starts a later plan from an earlier one"
        )


@dataclass(frozen=True)
class Rollover:
    """The new plan and what went into it: its text is `head`, then the
    carried actions dumped a few at a time (`pieces`, or `text` whole)."""

    year: int
    previous: int
    #: The header comment and every key of the plan but its actions.
    head: str
    #: The previous plan's actions carried over, dumped as they are written:
    #: the text of 70,000 actions is never held whole. `write_validated`
    #: empties it once the plan is written, so that the previous plan's
    #: models are freed before the new plan is read back.
    carried: list[models.Action]
    actions: tuple[str, ...]
    proposals: tuple[str, ...]
    meetings: tuple[str, ...]
    targets: int
    #: Baselines taken from a review's actual (the others from the targets).
    from_actuals: int = 0

    def pieces(self) -> Iterator[str]:
        """The new plan's text, in pieces: the head, then the actions a few at a time."""
        if len(self.carried) != len(self.actions):
            raise ValueError("the carried actions were let go once the plan was written")
        yield self.head + "actions:\n"
        # the dump builds a dict, a list or a node for every value, none in a
        # cycle: the collector would rescan them for nothing
        with collector_paused():
            writer = yaml_text.Writer(NOTE_WIDTH, whole_floats=True)
            for start in range(0, len(self.carried), ACTIONS_PER_DUMP):
                chunk = self.carried[start : start + ACTIONS_PER_DUMP]
                yield dump_items([_carried(a) for a in chunk], writer)

    @property
    def text(self) -> str:
        """The new plan's text, whole."""
        return "".join(self.pieces())


def _tidy(value: Any) -> Any:
    """Whole floats written as integers (21.0 -> 21), recursively."""
    if isinstance(value, float) and yaml_text.whole(value):
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def _dump(model: models.Record, exclude: set[str] | None = None) -> dict[str, Any]:
    """The keys the planner wrote (unset defaults are left out), but `exclude`."""
    dumped = model.model_dump(mode="python", exclude_unset=True, exclude=exclude)
    out: dict[str, Any] = _tidy(dumped)
    return out


#: Statuses of a proposal still waiting for an outcome: carried to next year.
PENDING = ("open", "deferred")


def latest_decisions(reviews: Mapping[dt.date, Review]) -> dict[str, ProposalChange]:
    """Each proposal's latest decision in the reviews (a later review wins, then a later day)."""
    found: dict[str, tuple[tuple[dt.date, dt.date], ProposalChange]] = {}
    for review_date in sorted(reviews):
        for change in reviews[review_date].proposals:
            key = (review_date, change.date)
            if change.proposal not in found or found[change.proposal][0] <= key:
                found[change.proposal] = (key, change)
    return {pid: change for pid, (_, change) in found.items()}


def _carried_proposals(
    previous: models.Plan,
    reviews: Mapping[dt.date, Review] | None = None,
) -> tuple[list[models.Proposal], list[models.Meeting]]:
    """The proposals next year's plan carries, and the meetings it must list.

    A proposal's status is its latest decision in the previous year's
    reviews, else the plan's: one taken up or declined during the year stays
    behind, one deferred during the year is carried with that reason. A
    meeting stays when a carried proposal was made there or when a market's
    `origins` names it: markets are copied, and their origins must be
    meetings of the plan.
    """
    decided = latest_decisions(reviews or {})
    proposals = []
    for proposal in previous.proposals:
        change = decided.get(proposal.id)
        if change is not None:
            update: dict[str, Any] = {"status": change.status}
            if change.reason is not None:
                update["reason"] = change.reason
            proposal = proposal.model_copy(update=update)
            # written as the planner's own keys (the dump leaves unset ones out)
            proposal.model_fields_set.update(update)
        if proposal.status in PENDING:
            proposals.append(proposal)
    wanted = {p.meeting for p in proposals}
    wanted.update(m for pm in previous.markets for m in pm.origins)
    return proposals, [m for m in previous.meetings if m.id in wanted]


def latest_actuals(
    reviews: Mapping[dt.date, Review],
) -> dict[str, tuple[dt.date, TargetActual]]:
    """Each target's actual as the latest review giving one states it, with that review's date."""
    out: dict[str, tuple[dt.date, TargetActual]] = {}
    for date in sorted(reviews):
        for given in reviews[date].targets:
            out[given.target] = (date, given)
    return out


def _baseline(
    target: models.Target,
    prev_year: int,
    language: str,
    actual: tuple[dt.date, TargetActual] | None,
    locales: Mapping[str, Catalogue] | None = None,
) -> dict[str, Any]:
    """Next year's baseline of `target`: the review's actual when known, else the target."""
    if actual is None:
        source = _said(SOURCE, language, locales, year=prev_year)
        return {
            "value": target.target,
            "unit": target.unit,
            "year": prev_year,
            "source": source,
            "assumption": True,
        }
    date, given = actual
    out: dict[str, Any] = {"value": given.actual, "unit": target.unit, "year": prev_year}
    if given.period is not None:
        out["period"] = given.period
    if isinstance(given.source, str):
        out["source"] = _said(
            ACTUAL_SOURCE, language, locales, date=date.isoformat(), source=given.source
        )
    else:  # a source per language stays one per language, each worded in its own
        out["source"] = {
            lang: _said(ACTUAL_SOURCE, lang, locales, date=date.isoformat(), source=value)
            for lang, value in given.source.items()
        }
    if given.assumption:
        out["assumption"] = True
    return out


def _note(words: Language, targets: int, from_actuals: int, sizes: Mapping[str, int]) -> list[str]:
    """The header's comment lines, in the dataset's language (`new.note.*` labels).

    Each label is one item of the note, wrapped as YAML comment lines of the
    dumped plan's width; an item's continuation lines are indented under it."""
    year, previous = sizes["year"], sizes["previous"]
    baselines = (
        words.t("new.note.baselines", targets=targets, previous=previous)
        if not from_actuals
        else words.t(
            "new.note.baselines_from_actuals",
            actuals=from_actuals,
            targets=targets,
            others=targets - from_actuals,
            previous=previous,
        )
    )
    items = [
        words.t("new.note.started", year=year, previous=previous),
        words.t("new.note.copied", previous=previous),
        words.t("new.note.actions", actions=sizes["actions"]),
        words.t("new.note.proposals", proposals=sizes["proposals"], meetings=sizes["meetings"]),
        baselines,
        words.t("new.note.unchanged"),
        words.t("new.note.review"),
    ]
    lines = []
    for item in items:
        indent = "#   " if item.startswith("- ") else "# "
        # break_on_hyphens off: `--from` and ids such as `co-financing` stay whole.
        lines += textwrap.wrap(
            item,
            width=NOTE_WIDTH,
            initial_indent="# ",
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return lines


def roll(
    previous: models.Plan,
    year: int,
    schema_line: str | None = None,
    language: str = "en",
    reviews: Mapping[dt.date, Review] | None = None,
    locales: Mapping[str, Catalogue] | None = None,
) -> Rollover:
    """The plan of `year` started from `previous`; see the module docstring.

    `language` is the dataset's: the text the rollover writes is in it, the
    header note too (its labels from the packaged catalogues and `locales`,
    the dataset's own).
    `reviews`: the previous plan's progress reviews by date, whose latest
    actuals become the baselines."""
    # the dump builds a dict, a list or a node for every value of the plan,
    # none in a cycle: the collector would rescan them for nothing
    with collector_paused():
        return _roll(previous, year, schema_line, language, reviews, locales)


def _roll(
    previous: models.Plan,
    year: int,
    schema_line: str | None,
    language: str,
    reviews: Mapping[dt.date, Review] | None,
    locales: Mapping[str, Catalogue] | None,
) -> Rollover:
    prev_year = previous.year
    check_years(year, prev_year)
    actuals = latest_actuals(reviews or {})
    carried = [a for a in previous.actions if a.recurring]
    if not carried:
        raise UsageError(
            f"plan {prev_year} has no recurring action to carry over, and a plan needs "
            f"at least one: mark actions `recurring: true` or write plans/{year}.yaml by hand"
        )
    proposals, meetings = _carried_proposals(previous, reviews)

    # the actions are dumped last, a few at a time (`Rollover.pieces`): all of
    # them at once here were a dict per value of the plan, for nothing
    doc = _dump(previous, exclude={"actions"})
    doc["year"] = year
    # a new year's plan is a draft until its own adoption
    doc.pop("adoption", None)
    objectives = []
    targets = from_actuals = 0
    for objective in previous.objectives:
        raw = _dump(objective)
        raw["targets"] = []
        for target in objective.targets:
            t = _dump(target)
            actual = actuals.get(target.id)
            t["baseline"] = _tidy(_baseline(target, prev_year, language, actual, locales))
            from_actuals += actual is not None
            raw["targets"].append(t)
            targets += 1
        objectives.append(raw)
    doc["objectives"] = objectives
    if meetings:
        doc["meetings"] = [_dump(m) for m in meetings]
    else:
        doc.pop("meetings", None)
    if proposals:
        doc["proposals"] = [_dump(p) for p in proposals]
    else:
        doc.pop("proposals", None)
    # `actions` is the plan's last key, and a block list under a top-level
    # key is written without indentation: its items dumped as lists of their
    # own, a few at a time (`Rollover.pieces`), are the bytes `dump` of the
    # whole plan writes (tests/test_dumper.py)

    header = [schema_line] if schema_line else []
    # A language no catalogue has (only a library caller can pass one: validate
    # refuses such a dataset) gets the reference note, as the sources do.
    words = Language(
        language if languages.has_catalogue(language, locales or {}) else languages.REFERENCE,
        language,
        "",
        locales,
    )
    sizes = {
        "year": year,
        "previous": prev_year,
        "actions": len(carried),
        "proposals": len(proposals),
        "meetings": len(meetings),
    }
    header += _note(words, targets, from_actuals, sizes)
    return Rollover(
        year=year,
        previous=prev_year,
        head="\n".join(header) + "\n" + dump(doc),
        carried=carried,
        actions=tuple(a.id for a in carried),
        proposals=tuple(p.id for p in proposals),
        meetings=tuple(m.id for m in meetings),
        targets=targets,
        from_actuals=from_actuals,
    )


#: A character outside these, in any key or value, can make libyaml's
#: emitter write other bytes than PyYAML's own: it double-quotes characters
#: beyond the BMP that PyYAML writes as they are, escapes NEL and the BOM
#: differently, and wraps double-quoted text (which line breaks, tabs and
#: control characters need) at other places (tests/test_dumper.py). It also
#: writes an empty key in another form, and a long one (it counts a simple
#: key's length in UTF-8 bytes, PyYAML in characters).
_EMITTERS_DIFFER = re.compile(r"[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


_LONGEST_KEY = 100


def _emitters_agree(value: Any) -> bool:
    """True when libyaml's emitter writes `value` byte for byte as PyYAML's does."""
    stack = [value]
    search = _EMITTERS_DIFFER.search
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if search(item):
                return False
        elif isinstance(item, dict):
            for key in item:
                if isinstance(key, str) and not 0 < len(key.encode()) <= _LONGEST_KEY:
                    return False
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


#: libyaml's emitter, when PyYAML was built with it: twice as fast as the
#: pure-Python one (which took 69 % of `roadmap new` at N = 10,000).
_FAST_DUMPER: type[yaml.SafeDumper] | None = getattr(yaml, "CSafeDumper", None)


def dump(doc: dict[str, Any] | list[Any]) -> str:
    """The plan as YAML: `yaml.safe_dump`'s bytes, from libyaml when it writes the same."""
    dumper = yaml.SafeDumper
    if _FAST_DUMPER is not None and _emitters_agree(doc):
        dumper = _FAST_DUMPER
    text: str = yaml.dump(
        doc,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        width=NOTE_WIDTH,
        default_flow_style=None,
    )
    return text


def dump_items(records: list[dict[str, Any]], writer: yaml_text.Writer) -> str:
    """`dump(_tidy(records))`: each record written by `writer` (which writes
    whole floats as integers) when it can be, the others tidied and dumped by
    PyYAML (a top-level list's items are written one after the other, each
    alike wherever it stands)."""
    if not writer.whole_floats:
        raise ValueError("the writer must write whole floats as integers, as `_tidy` does")
    parts: list[str] = []
    left: list[dict[str, Any]] = []  # records for PyYAML, in a row
    for record in records:
        text = writer.item(record)
        if text is None:
            left.append(_tidy(record))
            continue
        if left:
            parts.append(dump(left))
            left = []
        parts.append(text)
    if left:
        parts.append(dump(left))
    return "".join(parts)


def _carried(action: models.Action) -> dict[str, Any]:
    """A carried action as the new plan writes it: planned again, no result
    (whole floats still floats: `dump_items` writes them as integers)."""
    raw: dict[str, Any] = action.model_dump(
        mode="python", exclude_unset=True, exclude={"status", "result"}
    )
    return raw


#: Actions dumped together: the dumper holds a node per value of what it is
#: given, so a whole 100,000-action plan at once took gigabytes.
ACTIONS_PER_DUMP = 500


def schema_line_of(path: Path) -> str | None:
    """The `# yaml-language-server: $schema=...` line of a plan file, if any."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for _, line in zip(range(5), handle, strict=False):
                if SCHEMA_LINE.match(line):
                    return line.rstrip("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return None


def backup_path(path: Path) -> Path:
    """`YEAR.yaml.bak`, else the first free `YEAR.yaml.bak.N` (no timestamps)."""
    candidate = path.with_name(path.name + ".bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{n}")
        n += 1
    return candidate


def write(path: Path, text: Content, force: bool = False) -> Path | None:
    """Write the new plan (its text, or its pieces as they come); an existing
    file is replaced only with `force`, after a copy to a backup. Returns the
    backup's path, if one was made."""
    # Held from the existence check to the write: a second `new` at the same
    # time sees this one's plan, not the old one, and picks another backup.
    with locked([path.parent]):
        backup = None
        if path.exists():
            if not force:
                raise UsageError(
                    f"{path} already exists; use --force to replace it (a backup is kept)"
                )
            if not path.is_file():
                raise UsageError(f"{path} is not a file")
            backup = backup_path(path)
            try:
                shutil.copy2(path, backup)
            except OSError as exc:
                raise UsageError(f"cannot back up {path} to {backup}: {exc.strerror}") from None
        write_atomic(path, text)
    return backup


def undo(path: Path, backup: Path | None) -> None:
    """Take back a `write`: the replaced plan returns from its backup, a new
    plan is removed."""
    try:
        if backup is not None:
            backup.replace(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot remove {path}: {exc.strerror}") from None


def plan_digests(root: Path) -> dict[Path, str]:
    """Each plan file's digest (`files.digest`): taken before the plans are
    read, it tells later whether a file still holds what was read."""
    found = {}
    for path in plan_files(root):
        value = digest(path)
        if value is not None:
            found[path] = value
    return found


def known_proposals(
    digests: Mapping[Path, str], loaded: Data
) -> dict[Path, tuple[str, frozenset[str]]]:
    """The proposal ids of each plan `loaded` holds, with its file's digest
    taken before it was read (`plan_digests`), for `write_validated`."""
    known = {}
    for year, plan in loaded.plans.items():
        path = loaded.plan_sources[year].path
        if path in digests:
            known[path] = (digests[path], frozenset(p.id for p in plan.proposals))
    return known


def write_validated(
    root: Path,
    rollover: Rollover,
    force: bool = False,
    known: Mapping[Path, tuple[str, frozenset[str]]] | None = None,
) -> tuple[Path | None, list[Problem]]:
    """Write the new plan into the data folder `root` and validate it.

    When the written plan has errors (it should not: that is a bug), the
    write is taken back (`undo`) and the errors are returned; otherwise the
    backup's path, if one was made, and no problem.

    The rollover's carried actions are let go once written (`carried` is
    emptied; `text` and `pieces` refuse from then on): they are the
    previous plan's models, not needed to read the new plan back.

    `known` (`known_proposals`): the previous plans' proposal ids, which the
    carried actions may answer; a plan file unchanged since it was read is
    not read again for them (at N = 10,000, a second of reading)."""
    path = root / PLANS_DIR / f"{rollover.year}.yaml"
    backup = write(path, rollover.pieces(), force)
    rollover.carried.clear()
    _, problems = validate(root, {rollover.year}, known_proposals=known)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        undo(path, backup)
        return None, errors
    return backup, []
