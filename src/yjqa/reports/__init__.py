"""Render an inspection report (`yjqa.core.documents.model.Report`) as HTML, PDF and Word.

One document model, three renderers that read the same content: `render_html` (accessible,
self-contained HTML5), `render_pdf` (A4, typeset by Typst from the same model, tagged,
charts as vectors) and
`render_docx` (Word, with real headings, tables and a contents field). `chart_svg` and
`chart_png` draw the model's charts with matplotlib. Nothing here imports Django.
"""

from __future__ import annotations

from .charts import chart_png, chart_svg
from .docx import render_docx
from .html import render_html
from .pdf import render_pdf

__all__ = ["chart_png", "chart_svg", "render_docx", "render_html", "render_pdf"]
