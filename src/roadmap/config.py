"""Rule configuration: switch planning-quality rules off, or tune them.

Read from, in this order (the first found wins, nothing is merged):

1. `roadmap.toml` in the data folder, whose top level is the settings;
2. the `[tool.roadmap]` table of the nearest `pyproject.toml`, looking in
   the data folder and then each folder above it (a `pyproject.toml`
   without `[tool.roadmap]` ends the search: that project uses defaults).

    [tool.roadmap.rules]
    action-without-kpi = false            # off
    [tool.roadmap.rules.budget-concentration]
    threshold = 0.30                      # a share of the budget, 0 < x <= 1
    lever-threshold = 0.50
    [tool.roadmap.progress]               # `roadmap progress` verdicts, `check`'s review age
    on-track = 0.9                        # share of the way / share of the year elapsed
    met = 1.0                             # share of the way from which a target is met
    review-age = 100                      # days
    [tool.roadmap.roles.lead]             # destinations of a role in each region
    min = 1                               # at least (default: lead 1, emerging 1, candidate 0)
    max = 2                               # at most (default: lead 1, emerging 1, candidate none)

A rule is `true`/`false`, or a table of its options (which may hold
`enabled`). Unknown keys, rule names and options, and bad values are
errors, each placed at its line (tomllib gives no places: the key is
searched for in the text; 1:1 when not found).

`[roles]` is read by every command that loads the data (`roles`), since
`roadmap validate` checks the regions against it; the rest by the commands
that apply rules (`load`). Reading `[roles]` needs no coverage rules, so
`validate` stays fast.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap.inputs import InputFileError, read_bytes
from roadmap.messages import Message, suggest
from roadmap.models import SHARE
from roadmap.problems import Problem

if TYPE_CHECKING:
    from roadmap.coverage import RuleSettings

CONFIG_NAME = "roadmap.toml"
#: Largest settings file read, in bytes: a real one is a few hundred.
MAX_CONFIG_BYTES = 1024 * 1024
PYPROJECT = "pyproject.toml"
#: Keys a configuration may hold at its top level.
KNOWN_KEYS = ("rules", "progress", "roles")
#: The destination roles, each with how many of them a region has by default:
#: (at least, at most; None = no bound).
ROLES: dict[str, tuple[int, int | None]] = {
    "lead": (1, 1),
    "emerging": (1, 1),
    "candidate": (0, None),
}
#: Most destinations of one role a bound may name (more is surely a typo).
MAX_ROLE_COUNT = 1000
#: Options of the `[progress]` table: (above, at most, whole number, what it is).
PROGRESS_OPTIONS: dict[str, tuple[int, int, bool, str]] = {
    "on-track": (0, 1, False, "more than 0 and at most 1 (0.9 = 90% of the expected way)"),
    "met": (0, 1, False, "a share of the way, more than 0 and at most 1 (1 = the target)"),
    "review-age": (0, 366, True, "a whole number of days from 1 to 366"),
}


@dataclass
class Config:
    """The settings read, where from (None: defaults), and their problems."""

    rules: dict[str, RuleSettings] = field(default_factory=dict)
    path: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    #: `[progress]` options (roadmap.progress.state.Thresholds reads them).
    progress: dict[str, float] = field(default_factory=dict)


def _display(path: Path) -> str:
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return shown.replace(os.sep, "/")


def find(root: Path) -> tuple[Path, tuple[str, ...]] | None:
    """The file that configures the data folder `root`, and the table inside it."""
    # Anything there but a folder is the settings file: a pipe or device is
    # refused when it is read, never silently skipped.
    own = root / CONFIG_NAME
    if own.exists() and not own.is_dir():
        return own, ()
    folder = root.absolute()
    for candidate in (folder, *folder.parents):
        pyproject = candidate / PYPROJECT
        if pyproject.exists() and not pyproject.is_dir():
            return pyproject, ("tool", "roadmap")
    return None


class _Reader:
    def __init__(self, path: Path, text: str, prefix: tuple[str, ...]) -> None:
        self.path = path
        self.display = _display(path)
        # TOML breaks lines at "\n" only; str.splitlines would also break at
        # U+2028 and others that TOML allows in text, and shift every place
        self.lines = text.split("\n")
        self.prefix = prefix
        self.problems: list[Problem] = []

    def place(self, *keys: str) -> tuple[int, int]:
        """Line and column of the deepest key found, each searched from the line
        of the one before it; (1, 1) when not even the first is found."""
        place = (1, 1)
        start = 0
        for key in keys:
            pattern = re.compile(r"(?<![\w-])([\"']?)" + re.escape(key) + r"\1\s*[=\].]")
            for i in range(start, len(self.lines)):
                match = pattern.search(self.lines[i])
                if match:
                    place, start = (i + 1, match.start() + 1), i
                    break
            else:
                break
        return place

    def error(self, code: str, message: str, *keys: str) -> None:
        line, column = self.place(*keys) if keys else (1, 1)
        self.problems.append(Problem(self.display, line, column, code, message))

    def name(self, *keys: str) -> str:
        return ".".join((*self.prefix, *keys))

    def roles(self, table: Any) -> dict[str, tuple[int, int | None]]:
        """`[roles]`: each role's bounds; a bad table keeps the role's defaults."""
        bounds = dict(ROLES)
        where = (*self.prefix[1:], "roles")
        if not isinstance(table, dict):
            self.error(
                "config-bad-value", Message("msg.config.table", name=self.name("roles")), *where
            )
            return bounds
        for role, options in table.items():
            if role not in ROLES:
                self.error(
                    "config-unknown-role",
                    Message(
                        "msg.config.unknown-role",
                        role=repr(role),
                        hint=suggest(role, ROLES),
                        roles=", ".join(ROLES),
                    ),
                    *where,
                    role,
                )
                continue
            if not isinstance(options, dict):
                self.error(
                    "config-bad-value",
                    Message("msg.config.role-table", name=self.name("roles", role)),
                    *where,
                    role,
                )
                continue
            low, high = ROLES[role]
            ok = True
            for key, value in options.items():
                if key not in ("min", "max"):
                    self.error(
                        "config-unknown-option",
                        Message(
                            "msg.config.role-option",
                            role=repr(role),
                            key=repr(key),
                            hint=suggest(key, ("min", "max")),
                        ),
                        *where,
                        role,
                        key,
                    )
                    ok = False
                elif isinstance(value, bool) or not isinstance(value, int):
                    self.error(
                        "config-bad-value",
                        Message(
                            "msg.config.role-whole",
                            name=self.name("roles", role, key),
                            value=repr(value),
                        ),
                        *where,
                        role,
                        key,
                    )
                    ok = False
                elif not 0 <= value <= MAX_ROLE_COUNT:
                    self.error(
                        "config-bad-value",
                        Message(
                            "msg.config.role-range",
                            name=self.name("roles", role, key),
                            most=MAX_ROLE_COUNT,
                            value=value,
                        ),
                        *where,
                        role,
                        key,
                    )
                    ok = False
                elif key == "min":
                    low = value
                else:
                    high = value
            if ok and high is not None and low > high:
                # placed at `min` when given, else at `max`: the one that moved
                key = "min" if "min" in options else "max"
                self.error(
                    "config-bad-value",
                    Message(
                        "msg.config.min-above-max",
                        name=self.name("roles", role),
                        low=low,
                        high=high,
                    ),
                    *where,
                    role,
                    key,
                )
                ok = False
            if ok:
                bounds[role] = (low, high)
        return bounds

    def read(self, doc: Mapping[str, Any]) -> dict[str, RuleSettings]:
        for key in doc:
            if key not in KNOWN_KEYS:
                self.error(
                    "config-unknown-key",
                    Message(
                        "msg.config.unknown-key",
                        key=repr(self.name(key)),
                        hint=suggest(key, KNOWN_KEYS),
                    ),
                    *self.prefix[1:],
                    key,
                )
        rules = doc.get("rules", {})
        if not isinstance(rules, dict):
            self.error(
                "config-bad-value",
                Message("msg.config.rules-table", name=self.name("rules")),
                *self.prefix[1:],
                "rules",
            )
            return {}
        settings: dict[str, RuleSettings] = {}
        for name, value in rules.items():
            setting = self.rule(name, value)
            if setting is not None:
                settings[name] = setting
        return settings

    def progress(self, table: Any) -> dict[str, float]:
        """The `[progress]` options; a bad one is an error and keeps its default."""
        where = (*self.prefix[1:], "progress")
        if not isinstance(table, dict):
            self.error(
                "config-bad-value", Message("msg.config.table", name=self.name("progress")), *where
            )
            return {}
        options: dict[str, float] = {}
        for key, value in table.items():
            if key not in PROGRESS_OPTIONS:
                self.error(
                    "config-unknown-option",
                    Message(
                        "msg.config.progress-option",
                        name=self.name("progress"),
                        key=repr(key),
                        hint=suggest(key, PROGRESS_OPTIONS),
                        options=", ".join(PROGRESS_OPTIONS),
                    ),
                    *where,
                    key,
                )
                continue
            low, high, whole, _ = PROGRESS_OPTIONS[key]  # its sentence: msg.config.progress.*
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if not number or (whole and not isinstance(value, int)) or not low < value <= high:
                self.error(
                    "config-bad-value",
                    Message(
                        "msg.config.is",
                        name=self.name("progress", key),
                        # the sentence of PROGRESS_OPTIONS, said in the reader's language
                        rule=Message(f"msg.config.progress.{key}"),
                        value=repr(value),
                    ),
                    *where,
                    key,
                )
                continue
            options[key] = value
        return options

    def rule(self, name: str, value: Any) -> RuleSettings | None:
        from roadmap.coverage import RULES, RuleSettings  # only commands that apply rules

        where = (*self.prefix[1:], "rules", name)
        if name not in RULES:
            self.error(
                "config-unknown-rule",
                Message("msg.config.unknown-rule", rule=repr(name), hint=suggest(name, RULES)),
                *where,
            )
            return None
        if isinstance(value, bool):
            return RuleSettings(enabled=value)
        if not isinstance(value, dict):
            self.error(
                "config-bad-value",
                Message("msg.config.rule-value", rule=repr(name), value=repr(value)),
                *where,
            )
            return None
        enabled = True
        options: dict[str, float] = {}
        known = ("enabled", *RULES[name].options)
        ok = True
        for key, option in value.items():
            if key == "enabled":
                if isinstance(option, bool):
                    enabled = option
                    continue
                self.error(
                    "config-bad-value",
                    Message(
                        "msg.config.enabled",
                        name=self.name("rules", name, key),
                        value=repr(option),
                    ),
                    *where,
                    key,
                )
            elif key not in RULES[name].options:
                self.error(
                    "config-unknown-option",
                    Message(
                        "msg.config.rule-option",
                        rule=repr(name),
                        key=repr(key),
                        hint=suggest(key, known),
                        takes=(
                            Message("msg.config.takes", options=", ".join(known))
                            if len(known) > 1
                            else ""
                        ),
                    ),
                    *where,
                    key,
                )
            elif (
                isinstance(option, bool)
                or not isinstance(option, int | float)
                or not SHARE.fits(option)
            ):
                self.error(
                    "config-bad-value",
                    Message(
                        "msg.config.is",
                        name=self.name("rules", name, key),
                        rule=Message("msg.config.share"),  # SHARE.rule, in the reader's words
                        value=repr(option),
                    ),
                    *where,
                    key,
                )
            else:
                options[key] = float(option)
                continue
            ok = False
        return RuleSettings(enabled, options) if ok else None


def _document(
    root: Path, needs: str | None = None
) -> tuple[Path, str, tuple[str, ...], Any] | Config:
    """The settings table of `root` with its file, text and prefix; or a Config
    that says there is none (defaults) or why it cannot be read.

    With `needs` (a key), a file whose text cannot hold that key anywhere is
    not parsed: Config() stands for it, as for a file without the table.
    """
    found = find(root)
    if found is None:
        return Config()
    path, prefix = found
    try:
        text = read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8-sig")
    except (InputFileError, UnicodeDecodeError) as exc:
        reason = exc.message if isinstance(exc, InputFileError) else Message("msg.config.not-utf8")
        said = Message("msg.config.cannot-read", reason=reason)
        return Config(path=path, problems=[Problem(_display(path), 1, 1, "config-syntax", said)])
    if needs is not None and not _may_hold(text, needs):
        return Config()
    # imported here: `validate` reads the project's pyproject.toml for
    # `[roles]`, and one without a roadmap table need not be parsed
    import tomllib

    try:
        doc: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        message = message[: match.start()].strip() if match else message
        return Config(
            path=path,
            problems=[Problem(_display(path), line, column, "config-syntax", f"TOML: {message}")],
        )
    for key in prefix:
        doc = doc.get(key) if isinstance(doc, dict) else None
        if doc is None:
            return Config()
    return path, text, prefix, doc


def _may_hold(text: str, key: str) -> bool:
    """Whether a TOML text can hold `key` as some table's key.

    A key is written as is (bare or quoted) unless a basic string spells it
    with escapes (\\u0072oles): only then is it absent from the text.
    """
    return key in text or "\\u" in text or "\\U" in text


def load(root: Path) -> Config:
    """The rule settings for the data folder `root`; problems are errors.

    `[roles]` is left to `roles`, which every data load reads: its problems
    are reported once, with the data's.
    """
    found = _document(root)
    if isinstance(found, Config):
        return found
    path, text, prefix, doc = found
    reader = _Reader(path, text, prefix)
    if not isinstance(doc, dict):
        reader.error(
            "config-bad-value", Message("msg.config.table", name=".".join(prefix)), *prefix[1:]
        )
        return Config(path=path, problems=reader.problems)
    rules = reader.read(doc)
    progress = reader.progress(doc.get("progress", {}))
    return Config(rules, path, sorted(reader.problems), progress)


def roles(root: Path) -> tuple[dict[str, tuple[int, int | None]], list[Problem]]:
    """Each destination role's bounds per region for the data folder `root`
    (`[roles]`, else the defaults), and the table's problems.

    A file that cannot be read or parsed is reported by `load`, not here.
    """
    # a file that cannot name `roles` has no [roles] (its other problems
    # are `load`'s): not parsed, so `validate` need not import tomllib
    found = _document(root, needs="roles")
    if isinstance(found, Config):
        return dict(ROLES), []
    path, text, prefix, doc = found
    if not isinstance(doc, dict) or "roles" not in doc:
        return dict(ROLES), []
    reader = _Reader(path, text, prefix)
    bounds = reader.roles(doc["roles"])
    return bounds, sorted(reader.problems)
