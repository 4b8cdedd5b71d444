"""`roadmap progress --format html`: the progress report as one self-contained HTML file.

Laid out by the packaged template `progress/report.html.j2` from the
`document` view: inline CSS, inline SVG charts (targets against actuals,
cumulative budget by month), no script and no external resource. The
template autoescapes every value, so data text is shown, never run.
"""

from __future__ import annotations

from roadmap.build import environment
from roadmap.progress.document import BAR_WIDTH, document
from roadmap.progress.report import View

TEMPLATE = "progress/report.html.j2"


def html(view: View) -> str:
    doc = document(view)
    return environment().get_template(TEMPLATE).render(doc=doc, t=doc.t, bar_width=BAR_WIDTH)
