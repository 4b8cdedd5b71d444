"""Labels of the Markdown and HTML progress reports and of the plan's "Results so far".

The `report.*` keys of each message catalogue (`roadmap/locales/<tag>.yaml`):
the ones only documents need (charts, legends, headings); the text report's
own are the `progress.*` keys (`roadmap.progress.labels`).
"""

from __future__ import annotations

from roadmap.i18n import Language

#: Prefix of the documents' keys in the catalogues.
PREFIX = "report."


def label(lang: Language, key: str, **values: object) -> str:
    """The document label `key` in `lang`, with `{name}` placeholders filled in."""
    return lang.t(PREFIX + key, **values)


def words(lang: Language) -> dict[str, str]:
    """Every document label of `lang`, by key without its prefix (for the templates)."""
    return {
        key.removeprefix(PREFIX): text
        for key, text in lang.messages.items()
        if key.startswith(PREFIX)
    }
