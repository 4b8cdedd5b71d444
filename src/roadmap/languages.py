"""Languages a plan can be rendered in, without loading the catalogues.

`roadmap validate` checks dataset.yaml's `language` against this list and
must stay fast: it cannot import `i18n` (Babel and every label). A test
keeps the list equal to the languages `i18n.CATALOGUES` holds.
"""

from __future__ import annotations

#: Codes of the languages with a message catalogue in `i18n`, sorted.
LANGUAGES: tuple[str, ...] = ("en", "fr")
