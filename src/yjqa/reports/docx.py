"""The report as a Word document (python-docx): real headings, tables, lists and fields.

Headings use Word's built-in Heading 1-3 styles, so the navigation pane and the contents
field work; tables repeat their header row; charts are PNG pictures with alt text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from yjqa.core.documents.model import (
    Block,
    BulletList,
    Cell,
    Chart,
    Cover,
    Paragraph,
    RatingBox,
    Report,
    Section,
    Table,
)

from .charts import chart_png
from .html import rating_slug

__all__ = ["render_docx"]

FONT = "Arial"
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
SECONDARY = RGBColor(0x50, 0x5A, 0x5F)
BRAND = RGBColor(0x1D, 0x70, 0xB8)
LIGHT_FILL = "F3F2F1"
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) less 2 cm margins each side
CHART_WIDTH_CM = 15.0

# (text colour, fill) per rating, as the HTML tags (GOV.UK tag colours).
RATING_COLOURS: dict[str, tuple[str, str]] = {
    "outstanding": ("005A30", "CCE2D8"),
    "good": ("0C2D4A", "BBD4EA"),
    "requires-improvement": ("6E3619", "FCD6C3"),
    "inadequate": ("2A0B06", "F4CDC6"),
    "not-rated": ("282D30", "E5E6E7"),
}


# Low-level helpers -------------------------------------------------------------------


def _set_fonts(rpr_parent: object) -> None:
    """Force Arial on a style or defaults element, dropping theme fonts that would win."""
    get_rpr = getattr(rpr_parent, "get_or_add_rPr", None)
    if get_rpr is None:
        return
    rpr = get_rpr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _table_borders(table: DocxTable, colour: str, size_eighths: int) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size_eighths))
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), colour)
        borders.append(element)
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.append(borders)


def _row_properties(table: DocxTable, *, header_rows: int) -> None:
    """Rows never split across pages; the first `header_rows` repeat on every page."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _add_field(paragraph: DocxParagraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC ...) that Word computes when it lays out."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _column_widths(table: Table) -> list[float]:
    """Widths in cm, proportional to the longest text per column, within sensible bounds."""
    columns = len(table.header)
    weights = [float(max((len(word) for word in h.split()), default=0) + 2) for h in table.header]
    for index, row in enumerate(table.rows):
        if index in table.group_rows:
            continue
        for col, cell in enumerate(row[:columns]):
            weights[col] = max(weights[col], min(len(cell.text) + 2, 45))
    weights = [max(w, 5.0) for w in weights]
    total = sum(weights)
    return [TEXT_WIDTH_CM * w / total for w in weights]


def _set_widths(table: DocxTable, widths: Sequence[float]) -> None:
    """Word reads the cell widths, LibreOffice the grid: set both."""
    for col, width in enumerate(widths):
        column = table.columns[col]
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell_margins(table: DocxTable, *, vertical: int = 45, horizontal: int = 100) -> None:
    """Padding inside every cell, in twentieths of a point."""
    margins = OxmlElement("w:tblCellMar")
    for side, size in (
        ("top", vertical),
        ("left", horizontal),
        ("bottom", vertical),
        ("right", horizontal),
    ):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(size))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


# Styles and page furniture -------------------------------------------------------------


def _style(document: DocxDocument, name: str) -> ParagraphStyle:
    style = document.styles[name]
    if not isinstance(style, ParagraphStyle):  # pragma: no cover - built-in names
        raise TypeError(name)
    return style


def _setup_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                rpr.remove(fonts)
    for style in document.styles:
        _set_fonts(style.element)

    normal = _style(document, "Normal")
    normal.font.size = Pt(11)
    normal.font.color.rgb = TEXT
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)

    for name, size, before, after in (
        ("Heading 1", 20, 0, 12),
        ("Heading 2", 15, 18, 6),
        ("Heading 3", 12.5, 12, 4),
    ):
        heading = _style(document, name)
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.color.rgb = TEXT
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True
    _style(document, "Heading 1").paragraph_format.page_break_before = True

    toc_heading = _style(document, "TOC Heading")
    toc_heading.paragraph_format.page_break_before = False
    toc_heading.font.color.rgb = TEXT

    title = _style(document, "Title")
    title.font.size = Pt(34)
    title.font.bold = True
    title.font.color.rgb = TEXT
    border = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if border is not None:
        title.element.pPr.remove(border)

    caption = _style(document, "Caption")
    caption.font.size = Pt(10)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = TEXT
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(4)

    quote = _style(document, "Quote")
    quote.font.color.rgb = SECONDARY

    note = document.styles.add_style("Table Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    if isinstance(note, ParagraphStyle):
        note.font.size = Pt(8.5)
        note.font.color.rgb = SECONDARY
        note.paragraph_format.space_after = Pt(2)


def _setup_page(document: DocxDocument, cover: Cover) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.1)
    section.different_first_page_header_footer = True  # a clean cover (or letter head)

    header = section.header.paragraphs[0]
    tabs = header.paragraph_format.tab_stops
    for inherited in (Twips(4680), Twips(9360)):  # the Header style's centre and right tabs
        tabs.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    kind = f"{cover.kind} · Draft" if cover.draft else cover.kind
    run = header.add_run(f"{cover.title} {cover.service}\t{kind}")
    run.font.size = Pt(8)
    run.font.color.rgb = SECONDARY

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _add_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = SECONDARY


def _cover(document: DocxDocument, cover: Cover) -> None:
    kind = document.add_paragraph()
    kind.paragraph_format.space_before = Pt(120)
    run = kind.add_run(cover.kind)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = BRAND
    if cover.draft:
        draft = kind.add_run("    DRAFT")
        draft.bold = True
        draft.font.size = Pt(14)
        draft.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)

    title = document.add_paragraph(style="Title")
    title.paragraph_format.space_before = Pt(24)
    lead = title.add_run(cover.title)
    lead.bold = False
    lead.font.size = Pt(22)
    lead.add_break()
    title.add_run(cover.service)

    for label, value in cover.detail_lines():
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(4)
        term = line.add_run(f"{label}: ")
        term.bold = True
        line.add_run(value)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _letter_head(document: DocxDocument, cover: Cover) -> None:
    """A letter's head (To, Copy to, From, Publication date) and title: no cover page."""
    _style(document, "Heading 1").paragraph_format.page_break_before = False
    for name, size in (("Heading 1", 13), ("Heading 2", 11.5)):
        _style(document, name).font.size = Pt(size)
    if cover.draft:
        draft = document.add_paragraph().add_run("DRAFT: not for publication")
        draft.bold = True
        draft.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)
    for label, value in cover.details:
        line = document.add_paragraph()
        line.paragraph_format.space_after = Pt(2)
        line.paragraph_format.tab_stops.add_tab_stop(Cm(4.0))
        term = line.add_run(f"{label}:")
        term.italic = True
        line.add_run(f"\t{value}")
    title = document.add_paragraph(style="Title")  # the letter's title, for Word's outline
    title.paragraph_format.space_before = Pt(14)
    title.paragraph_format.space_after = Pt(10)
    run = title.add_run(f"{cover.title} {cover.service}")
    run.bold = True
    run.font.size = Pt(15)


def _contents(document: DocxDocument) -> None:
    document.add_paragraph("Contents", style="TOC Heading")
    _add_field(
        document.add_paragraph(),
        'TOC \\o "1-3" \\h \\z \\u',
        "Right-click and update the field to show page numbers.",
    )


# Blocks ---------------------------------------------------------------------------------


def _cell_text(target: _Cell, cell: Cell, *, numeric: bool, header: bool = False) -> None:
    paragraph = target.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(0)
    if numeric or cell.numeric:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(cell.text)
    run.font.size = Pt(10)
    run.bold = cell.bold or header or cell.rating is not None
    if cell.rating:
        colour, fill = RATING_COLOURS[rating_slug(cell.rating)]
        run.font.color.rgb = RGBColor.from_string(colour)
        _shade(target, fill)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _table(document: DocxDocument, table: Table) -> None:
    caption = document.add_paragraph(table.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    columns = len(table.header)
    grid = document.add_table(rows=len(table.rows) + 1, cols=columns, style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    _table_borders(grid, "B1B4B6", 4)
    widths = _column_widths(table)

    for col, text in enumerate(table.header):
        target = grid.rows[0].cells[col]
        _cell_text(target, Cell(text=text), numeric=col in table.numeric_columns, header=True)
        _shade(target, LIGHT_FILL)
    for index, row in enumerate(table.rows):
        cells = grid.rows[index + 1].cells
        if len(row) < columns and row:
            cells[len(row) - 1].merge(cells[columns - 1])
        for col, cell in enumerate(row[:columns]):
            target = grid.rows[index + 1].cells[col]
            _cell_text(target, cell, numeric=col in table.numeric_columns)
            if index in table.group_rows:
                _shade(target, LIGHT_FILL)
                for run in target.paragraphs[0].runs:
                    run.bold = True
    _set_widths(grid, widths)
    _cell_margins(grid)
    _row_properties(grid, header_rows=1)
    for note in table.footnotes:
        document.add_paragraph(note, style="Table Note")
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _rating_box(document: DocxDocument, box: RatingBox) -> None:
    grid = document.add_table(rows=1, cols=2, style="Table Grid")
    grid.autofit = False
    _table_borders(grid, "1D70B8", 12)
    statement, rating = grid.rows[0].cells
    _set_widths(grid, (12.0, 5.0))
    _cell_margins(grid, vertical=100, horizontal=160)

    label = statement.paragraphs[0]
    small = label.add_run(f"Standard {box.standard_id}: {box.title}")
    small.font.size = Pt(8.5)
    small.font.color.rgb = SECONDARY
    headline = statement.add_paragraph()
    headline.add_run(box.headline).bold = True

    rating_label = rating.paragraphs[0]
    rating_label.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = rating_label.add_run("Rating")
    small.font.size = Pt(8.5)
    small.font.color.rgb = SECONDARY
    word = rating.add_paragraph()
    word.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = word.add_run(box.rating)
    run.bold = True
    run.font.size = Pt(12)
    colour, fill = RATING_COLOURS[rating_slug(box.rating)]
    run.font.color.rgb = RGBColor.from_string(colour)
    _shade(rating, fill)
    for cell in (statement, rating):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.space_before = Pt(3)
            paragraph.paragraph_format.space_after = Pt(3)
    _row_properties(grid, header_rows=0)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _chart(document: DocxDocument, chart: Chart) -> None:
    shape = document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(CHART_WIDTH_CM))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt_text)
    doc_pr.set("title", chart.title)
    picture = document.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    caption = document.add_paragraph(chart.title, style="Caption")
    caption.paragraph_format.keep_with_next = True
    document.add_paragraph(chart.alt_text, style="Table Note").paragraph_format.space_after = Pt(10)


def _restart_numbering(document: DocxDocument, start: int) -> int:
    """A fresh list instance of the 'List Number' style, starting at `start`."""
    numbering = document.part.numbering_part.element
    style_num = _style(document, "List Number").element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(num.numId)


def _bullets(document: DocxDocument, bullets: BulletList) -> None:
    style = "List Number" if bullets.numbered else "List Bullet"
    num_id: int | None = None
    for item in bullets.items:
        paragraph = document.add_paragraph(item, style=style)
        paragraph.paragraph_format.space_after = Pt(4)
        paragraph.paragraph_format.line_spacing = 1.15
        if bullets.numbered:
            if num_id is None:
                num_id = _restart_numbering(document, bullets.start)
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
    document.paragraphs[-1].paragraph_format.space_after = Pt(10)


def _paragraph(document: DocxDocument, paragraph: Paragraph) -> None:
    if paragraph.style == "quote":
        document.add_paragraph(paragraph.text, style="Quote")
        return
    out = document.add_paragraph()
    run = out.add_run(paragraph.text)
    if paragraph.style == "lead":
        run.font.size = Pt(13)
    elif paragraph.style == "small":
        run.font.size = Pt(9)
        run.font.color.rgb = SECONDARY


def _block(document: DocxDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        _paragraph(document, block)
    elif isinstance(block, BulletList):
        _bullets(document, block)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, RatingBox):
        _rating_box(document, block)
    else:
        _chart(document, block)


def _sections(document: DocxDocument, sections: Iterable[Section]) -> None:
    for section in sections:
        if section.title:  # a letter's opening and closing paragraphs have no heading
            document.add_heading(section.title, level=section.level)
        for block in section.blocks:
            _block(document, block)


def _properties(document: DocxDocument, report: Report, headings: Sequence[str]) -> None:
    props = document.core_properties
    cover = report.cover
    props.title = f"{cover.title} {cover.service}"
    props.subject = f"{cover.kind}: {cover.framework}" if cover.framework else cover.kind
    props.author = props.last_modified_by = "yjqa"
    props.language = "en-GB"
    keywords = ""
    for heading in headings[:10]:  # Word keeps at most 255 characters of keywords
        longer = f"{keywords}; {heading}" if keywords else heading
        if len(longer) > 255:
            break
        keywords = longer
    props.keywords = keywords
    props.comments = "Draft" if cover.draft else ""


def render_docx(report: Report) -> bytes:
    """Render the report as a .docx file (bytes)."""
    document = Document()
    _setup_styles(document)
    _setup_page(document, report.cover)
    if report.cover.letter:
        _letter_head(document, report.cover)
    else:
        _cover(document, report.cover)
    if any(s.in_contents for s in report.sections):
        _contents(document)
    _sections(document, report.sections)
    _properties(document, report, [s.title for s in report.sections if s.level == 1])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
