"""Text pieces gathered for a streamed template: the long lists' helpers
(`roadmap.render.html`, `roadmap.render.markdown`) give their items a few
hundred at a time.

A Jinja loop costs far more per item than joining strings, and one string
of a whole list (the calendar of 100,000 actions: 45 MB, copied once more
as markup) would undo the streaming of the document: a template loops over
the batches instead, `{% for items in helper(...) %}{{ items }}{% endfor %}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

#: Items joined into one piece of the stream.
BATCH = 256


def batches(items: Iterable[str], size: int = BATCH) -> Iterator[str]:
    """`items` joined `size` at a time; nothing for no items."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield "".join(batch)
