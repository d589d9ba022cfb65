"""Document setup shared by the minutes, agenda and action log (.docx).

One place decides how a partnership document looks: A4 pages, plain Arial
text in black, real Word heading/list/table styles, the protective marking
in the header, "Page N of M" in the footer, and document properties that
name the partnership (never python-docx's defaults).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from exporters.files import atomic_write, resolve_output
from exporters.text import clean_line, clean_text
from models.formats import clock, long_date, short_date, time_range  # noqa: F401  (the exporters' formats)
from models.views import ACTION_STATUS_LABELS, MeetingView, PartnershipInfo

FONT = "Arial"
BLACK = RGBColor(0, 0, 0)
HEADER_FILL = "D9D9D9"  # light grey behind table header rows
OVERDUE_FILL = "F4CCCC"  # light red behind overdue actions
TABLE_TEXT_PT = 10

SCHEDULE_12A = "Part 1 of Schedule 12A to the Local Government Act 1972"

_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


# ----------------------------------------------------------------- wording
def status_label(status: str) -> str:
    """Human label for an action status (``in_progress`` -> ``In progress``)."""
    return ACTION_STATUS_LABELS.get(status, clean_line(status).replace("_", " ").capitalize())


def exempt_citation(paragraph: int | None) -> str:
    """``(paragraph 2 of Part 1 of Schedule 12A to the Local Government Act 1972)``."""
    if paragraph is None:
        return f"({SCHEDULE_12A})"
    return f"(paragraph {paragraph} of {SCHEDULE_12A})"


def document_marking(partnership: PartnershipInfo, *, sensitive: bool) -> str:
    """The protective marking for the header.

    A document that carries exempt (Part II) material is at least
    OFFICIAL-SENSITIVE; a higher marking chosen by the partnership is kept.
    """
    marking = clean_line(partnership.protective_marking) or "OFFICIAL"
    if sensitive and marking.upper() == "OFFICIAL":
        return "OFFICIAL-SENSITIVE"
    return marking


def split_paragraphs(text: str | None) -> list[str]:
    """Split minute text on blank lines; control characters are removed."""
    cleaned = clean_text(text).strip()
    if not cleaned:
        return []
    return [part.strip() for part in _BLANK_LINES.split(cleaned) if part.strip()]


def utc_now(now: datetime | None) -> datetime:
    """``now`` in UTC (naive values are taken as UTC); the current time if None."""
    if now is None:
        return datetime.now(timezone.utc)
    if now.tzinfo is None:
        return now.replace(tzinfo=timezone.utc)
    return now.astimezone(timezone.utc)


# ----------------------------------------------------------------- document
def new_document(
    partnership: PartnershipInfo,
    *,
    title: str,
    subject: str,
    marking: str,
    footer_note: str,
    now: datetime | None = None,
    landscape: bool = False,
) -> DocxDocument:
    """A blank A4 document with styles, header, footer and properties set."""
    doc = Document()
    _drop_template_leftovers(doc)
    _page_setup(doc, landscape=landscape)
    _restyle(doc)
    _header_footer(doc, marking=marking, footer_note=footer_note)
    _core_properties(doc, partnership, title=title, subject=subject, marking=marking, now=now)
    return doc


def meeting_document(meeting: MeetingView, *, kind: str, subject: str, public: bool,
                     now: datetime | None) -> DocxDocument:
    """A new document about one meeting: ``kind`` ("minutes", "agenda") names it in the
    title and footer; the subject says when it is the public version; the marking is
    raised when exempt items are included."""
    body = clean_line(meeting.body)
    return new_document(
        meeting.partnership,
        title=f"{body} {kind}, {long_date(meeting.date)}",
        subject=subject + (" (public version)" if public else ""),
        marking=document_marking(meeting.partnership, sensitive=not public and meeting.has_exempt_items),
        footer_note=f"{body} \u2014 {kind} {'of' if kind == 'minutes' else 'for'} {short_date(meeting.date)}",
        now=now,
    )


def to_bytes(doc: DocxDocument) -> bytes:
    """Serialise a document to .docx bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_document(output: str | Path, build: Callable[[], bytes], *, suffixes: tuple[str, ...]) -> Path:
    """Check ``output``, build the bytes, then write them all-or-nothing."""
    path = resolve_output(output, suffixes=suffixes)
    data = build()
    return atomic_write(path, data)


def _drop_template_leftovers(doc: DocxDocument) -> None:
    """Remove the template's thumbnail and say which application wrote the file."""
    package = doc.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype == _THUMBNAIL:
            del package.rels[rId]
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = (  # noqa: SLF001 - python-docx has no API for app.xml
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                'extended-properties"><Application>Convenor</Application>'
                "<DocSecurity>0</DocSecurity></Properties>"
            ).encode("utf-8")


def _page_setup(doc: DocxDocument, *, landscape: bool) -> None:
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = Cm(2.2)
    section.bottom_margin = Cm(2.6)
    section.header_distance = section.footer_distance = Cm(1.0)


def _set_font(style_font, *, size: float | None = None, bold: bool | None = None) -> None:
    """Use Arial in black, overriding the template's theme fonts and colours."""
    style_font.name = FONT
    style_font.color.rgb = BLACK
    if size is not None:
        style_font.size = Pt(size)
    if bold is not None:
        style_font.bold = bold


def _clear_theme_fonts(style) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:cs"), FONT)
    fonts.set(qn("w:eastAsia"), FONT)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)


def _restyle(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _set_font(normal.font, size=11)
    _clear_theme_fonts(normal)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    sizes = {"Title": 20, "Subtitle": 13, "Heading 1": 14, "Heading 2": 12, "Heading 3": 11}
    for name, size in sizes.items():
        style = styles[name]
        _set_font(style.font, size=size, bold=name != "Subtitle")
        _clear_theme_fonts(style)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = Pt(0 if name in ("Title", "Subtitle") else 12)
        fmt.space_after = Pt(6)
        if name in ("Title", "Subtitle"):
            # the template draws a coloured rule under the title; drop it
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)
            spacing = style.element.rPr.find(qn("w:spacing"))
            if spacing is not None:
                style.element.rPr.remove(spacing)
    for name in ("Header", "Footer"):
        _set_font(styles[name].font, size=9)
        _clear_theme_fonts(styles[name])
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(3)
    resolution = styles.add_style("Resolution", WD_STYLE_TYPE.PARAGRAPH)
    resolution.base_style = normal
    resolution.quick_style = True
    fmt = resolution.paragraph_format
    fmt.left_indent = Cm(1.5)
    fmt.first_line_indent = Cm(-0.9)
    fmt.tab_stops.add_tab_stop(Cm(1.5))
    fmt.space_after = Pt(3)


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) that Word and LibreOffice update."""
    def char(kind: str):
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)  # noqa: SLF001

    char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} \\* MERGEFORMAT "
    instr_run._r.append(instr)  # noqa: SLF001
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _header_footer(doc: DocxDocument, *, marking: str, footer_note: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run(marking)
    run.bold = True
    footer = section.footer
    pages = footer.paragraphs[0]
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer_note:
        pages.add_run(f"{clean_line(footer_note)} \u2014 ")
    pages.add_run("Page ")
    _add_field(pages, "PAGE", "1")
    pages.add_run(" of ")
    _add_field(pages, "NUMPAGES", "1")
    bottom = footer.add_paragraph()
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    bottom.add_run(marking).bold = True


def _core_properties(
    doc: DocxDocument,
    partnership: PartnershipInfo,
    *,
    title: str,
    subject: str,
    marking: str,
    now: datetime | None,
) -> None:
    props = doc.core_properties
    stamp = utc_now(now).replace(tzinfo=None, microsecond=0)
    author = clean_line(partnership.name)[:255]
    props.title = clean_line(title)[:255]
    props.subject = clean_line(subject)[:255]
    props.author = author
    props.last_modified_by = (clean_line(partnership.business_manager) or author)[:255]
    props.comments = ""
    props.keywords = ""
    props.category = marking[:255]
    props.created = stamp
    props.modified = stamp
    props.revision = 1


# ----------------------------------------------------------------- content helpers
def add_text(doc_or_cell, text: str, *, style: str | None = None, bold: bool = False) -> Paragraph:
    """Add a paragraph; single line breaks inside ``text`` become line breaks."""
    paragraph = doc_or_cell.add_paragraph(style=style)
    add_runs(paragraph, text, bold=bold)
    return paragraph


def add_runs(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Append cleaned ``text`` to ``paragraph``, keeping its line breaks."""
    lines = clean_text(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if index < len(lines) - 1:
            run.add_break()


def add_label_line(doc: DocxDocument, label: str, value: str) -> Paragraph:
    """``Label: value`` with the label in bold (for the title block)."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.add_run(f"{label}: ").bold = True
    add_runs(paragraph, clean_line(value))
    return paragraph


def shade(cell: _Cell, fill: str) -> None:
    """Fill a table cell with a solid colour (hex RGB)."""
    tc_pr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def add_table(
    doc: DocxDocument,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_cm: Sequence[float],
    row_fills: Sequence[str | None] | None = None,
    bold_cells: Sequence[tuple[int, int]] = (),
) -> Table:
    """A bordered table with a repeating, shaded header row."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    header_row = table.rows[0]
    tr_pr = header_row._tr.get_or_add_trPr()  # noqa: SLF001
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header_row.cells, headers):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(TABLE_TEXT_PT)
        shade(cell, HEADER_FILL)
    bold = set(bold_cells)
    for row_index, values in enumerate(rows):
        row = table.add_row()
        fill = row_fills[row_index] if row_fills else None
        for col_index, (cell, value) in enumerate(zip(row.cells, values)):
            paragraph = cell.paragraphs[0]
            add_runs(paragraph, value, bold=(row_index, col_index) in bold)
            for run in paragraph.runs:
                run.font.size = Pt(TABLE_TEXT_PT)
            if fill:
                shade(cell, fill)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    return table

