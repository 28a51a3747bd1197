"""Writers: a `Report` to XLSX bytes (openpyxl) or PDF bytes (fpdf2)."""

import io
from decimal import Decimal

from babel.numbers import format_decimal
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from backoffice.i18n import LOCALE, format_decimal_id
from backoffice.reports.document import Report

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# The PDF's core font is Latin-1: the few typographic characters we use get plain stand-ins.
LATIN1_STANDINS = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2265": ">=",
     "\u00d7": "x", "\u2026": "..."}
)  # fmt: skip
FORMULA_START = ("=", "+", "-", "@")


def render(report: Report, fmt: str) -> tuple[bytes, str]:
    """(file bytes, MIME type) of `report` as "xlsx" or "pdf"."""
    writer = {"xlsx": to_xlsx, "pdf": to_pdf}[fmt]
    return writer(report), MIME[fmt]


def cell_value(value):
    """A value as a spreadsheet cell: numbers stay numbers; text is never a formula and loses
    the control characters XML cannot hold (a stored row can never make the file fail)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int | float) or value is None:
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def to_xlsx(report: Report) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    bold = Font(bold=True)
    sheet.append([cell_value(report.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in report.subtitle:
        sheet.append([cell_value(line)])
    for section in report.sections:
        sheet.append([])
        sheet.append([cell_value(section.heading)])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append([cell_value(c) for c in section.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in section.rows:
            sheet.append([cell_value(v) for v in row])
        if section.note:
            sheet.append([cell_value(section.note)])
    sheet.column_dimensions["A"].width = 42
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _latin1(value) -> str:
    text = "" if value is None else _number_id(value) if _is_fraction(value) else str(value)
    return text.translate(LATIN1_STANDINS).encode("latin-1", "replace").decode("latin-1")


def _is_fraction(value) -> bool:
    return isinstance(value, float | Decimal)


def _number_id(value: float | Decimal) -> str:
    """A fraction as printed in Indonesian: a Decimal keeps its places (79,10), a float shows
    up to two (95,5; 100)."""
    if isinstance(value, Decimal):
        return format_decimal_id(value, max(0, -value.as_tuple().exponent))
    return format_decimal(value, format="#,##0.##", locale=LOCALE)


def to_pdf(report: Report) -> bytes:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_compression(False)  # small reports; their text stays searchable as written
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in report.subtitle:
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(section.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        with pdf.table(first_row_as_headings=True, line_height=5) as table:
            for row in [section.columns, *section.rows]:
                cells = table.row()
                for value in row:
                    cells.cell(_latin1(value))
        if section.note:
            pdf.set_font("Helvetica", "I", 8)
            pdf.multi_cell(0, 4, _latin1(section.note), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
