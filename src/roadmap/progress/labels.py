"""Labels of the progress reports: the `progress.*` keys of each message catalogue.

They live in the same catalogue files as the plan's labels (one file per
language, `roadmap/locales/<tag>.yaml`), so a language, packaged or brought
by a dataset, is added in one place. Action and proposal statuses reuse the
plan's own labels.
"""

from __future__ import annotations

from roadmap.i18n import Language

#: Prefix of the progress reports' keys in the catalogues.
PREFIX = "progress."


def label(lang: Language, key: str, **values: object) -> str:
    """The progress label `key` in `lang`, with `{name}` placeholders filled in."""
    return lang.t(PREFIX + key, **values)


def status(lang: Language, value: str) -> str:
    """An action's status in `lang` (`late` and `cancelled` are progress's own)."""
    if value in ("late", "cancelled"):
        return label(lang, f"action.{value}")
    return lang.t(f"action.{value}")
