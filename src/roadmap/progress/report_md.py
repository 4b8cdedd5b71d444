"""`roadmap progress --format md`: the progress report as GitHub-flavoured Markdown.

Laid out by the packaged template `progress/report.md.j2` from the
`document` view; data text goes through the plan's Markdown escaping
(`roadmap.render.markdown.escape`), so a note cannot open a table cell,
a heading, a link or HTML.
"""

from __future__ import annotations

from roadmap.build import environment
from roadmap.progress.document import document
from roadmap.progress.report import View

TEMPLATE = "progress/report.md.j2"


def markdown(view: View) -> str:
    doc = document(view)
    return environment().get_template(TEMPLATE).render(doc=doc, t=doc.t)
