"""A summary as the files offices circulate: XLSX (openpyxl), DOCX (python-docx: A4, a
title, the narrative, a bar chart, tables) and CSV (UTF-8 with a BOM, so that Excel shows
the Chinese).

Cells are typed: a percentage (``Percent``) is a number with a percentage format in XLSX and
"42.9%" elsewhere; an indicator's figure (``Amount``) keeps its indicator's precision; text
is made inert against formula injection (``portal.cells``) in every format."""

import csv
import io
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext as _

from portal.cells import is_formula_like, neutralise
from portal.i18n import join_messages, parenthesized

from ..catalog.amounts import format_number, row_precision
from . import chart
from .models import Summary
from .narrative import period_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Percent:
    """A percentage, 0..100 (None: not applicable)."""

    value: float | None

    def text(self) -> str:
        return "" if self.value is None else f"{self.value:.1f}%"


@dataclass(frozen=True)
class Amount:
    """An indicator's figure with its precision."""

    value: float | None
    places: int

    def text(self) -> str:
        return format_number(self.value, self.places)

    @property
    def number_format(self) -> str:
        return "0" if self.places == 0 else "0." + "0" * self.places


def cell_text(value) -> str:
    """A cell as CSV and DOCX write it: typed figures formatted, text made inert."""
    if isinstance(value, Percent | Amount):
        return value.text()
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else str(value)


def _narrative(summary: Summary) -> str:
    """The paragraph in the language of whoever exports it."""
    return summary.narrative


def title(summary: Summary) -> str:
    figures = summary.figures or {}
    scope = figures.get("scope", {}).get("name") or str(summary.region or summary.family)
    label = period_label(summary.period_kind, summary.period_start, summary.period_end)
    return _("%(scope)s%(period)s工作汇总") % {"scope": scope, "period": label}


def tables(summary: Summary) -> list[tuple[str, list[str], list[list]]]:
    """(caption, header, rows) of every table of the summary, in reading order."""
    figures = summary.figures or {}
    counts = figures.get("counts", {})
    overview = [
        [_("应报"), summary.expected],
        [_("已报"), summary.filed],
        [_("报送率"), Percent(counts.get("rate"))],
        [_("按时"), summary.on_time],
        [_("已通过"), summary.approved],
        [_("曾退回"), summary.returned],
        [_("本期逾期"), summary.overdue],
        [_("累计逾期未报"), summary.outstanding],
    ]
    statuses = figures.get("initiatives", {})
    overview += [
        [_("重点工作（进行中）"), statuses.get("active", 0)],
        [_("重点工作（已完成）"), statuses.get("completed", 0)],
        [_("指标平均完成度"), Percent(figures.get("progress"))],
        [_("本期发布访谈"), figures.get("articles", {}).get("count", 0)],
    ]
    result = [(_("概况"), [_("项目"), _("数值")], overview)]
    units = figures.get("units") or []
    if units:
        result.append(
            (
                _("各单位报送情况"),
                [
                    _("排名"),
                    _("单位"),
                    _("应报"),
                    _("已报"),
                    _("按时"),
                    _("本期逾期"),
                    _("报送率"),
                    _("指标完成度"),
                    _("累计逾期"),
                ],  # fmt: skip
                [
                    [
                        u["rank"] or "",
                        u["name"],
                        u["expected"],
                        u["filed"],
                        u["on_time"],
                        u["overdue"],
                        Percent(u["rate"]),
                        Percent(u["progress"]),
                        u.get("outstanding", 0),
                    ]  # fmt: skip
                    for u in units
                ],
            )
        )
    indicators = figures.get("indicators") or []
    if indicators:
        result.append(
            (
                _("指标进度"),
                [_("单位"), _("重点工作"), _("指标"), _("目标值"), _("当前值"), _("完成度")],
                [
                    [
                        i["region"],
                        i["initiative"],
                        i["name"] + parenthesized(i["unit"]) if i["unit"] else i["name"],
                        Amount(i["target"], row_precision(i)),
                        Amount(i["current"], row_precision(i)),
                        Percent(i["percent"]),
                    ]  # fmt: skip
                    for i in indicators
                ],
            )
        )
    return result


def chart_of(summary: Summary) -> tuple[str, list[tuple[str, float | None]]] | None:
    """(caption, rows) of the summary's chart: units by reporting rate, or, for a unit,
    its indicators' progress; None when there is nothing to draw."""
    figures = summary.figures or {}
    units = figures.get("units") or []
    if units:
        caption = _("各单位报送率（按排名，最多 %(n)d 个）") % {"n": chart.MAX_ROWS}
        return caption, [(u["name"], u["rate"]) for u in units]
    indicators = figures.get("indicators") or []
    if indicators:
        caption = _("指标完成度（最多 %(n)d 项）") % {"n": chart.MAX_ROWS}
        return caption, [(i["name"], i["percent"]) for i in indicators]
    return None


def summary_csv(summary: Summary) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell_text(title(summary))])
    writer.writerow([cell_text(_narrative(summary))])
    for caption, header, rows in tables(summary):
        writer.writerow([])
        writer.writerow([caption])
        writer.writerow(header)
        writer.writerows([cell_text(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def _xlsx_cell(sheet, row: int, column: int, value):
    """Write one typed cell: numbers as numbers, percentages as fractions with a
    percentage format, text always as text (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Percent):
        cell.value = None if value.value is None else value.value / 100
        cell.number_format = "0.0%"
    elif isinstance(value, Amount):
        cell.value = value.value
        cell.number_format = value.number_format
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl takes "=..." for a formula otherwise
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def summary_xlsx(summary: Summary) -> tuple[bytes, str]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("综述")
    _xlsx_cell(sheet, 1, 1, title(summary)).font = Font(bold=True, size=14)
    _xlsx_cell(sheet, 2, 1, _narrative(summary)).alignment = Alignment(
        wrap_text=True, vertical="top"
    )
    sheet.column_dimensions["A"].width = 100
    for caption, header, rows in tables(summary):
        ws = workbook.create_sheet(caption[:31])
        for column, text in enumerate(header, start=1):
            _xlsx_cell(ws, 1, column, text).font = Font(bold=True)
            ws.column_dimensions[ws.cell(1, column).column_letter].width = 16
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                _xlsx_cell(ws, number, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), XLSX


# A4 with the margins of official documents (GB/T 9704: 37, 35, 28 and 26 mm).
A4_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


def summary_docx(summary: Summary) -> tuple[bytes, str]:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    text_width = Mm(A4_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_heading(cell_text(title(summary)), level=1)
    document.add_paragraph(cell_text(_narrative(summary)))
    drawing = chart_of(summary)
    if drawing is not None:
        caption, rows = drawing
        document.add_heading(caption, level=2)
        drawn = chart.bar_chart(rows)
        document.add_picture(io.BytesIO(drawn.png), width=text_width)
        if drawn.legend:
            document.add_paragraph(
                _("图中序号：%(legend)s") % {"legend": join_messages(drawn.legend)}
            )
    for caption, header, rows in tables(summary):
        document.add_heading(caption, level=2)
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = cell_text(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = cell_text(value)
                if not isinstance(value, str):
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), DOCX


EXPORTERS = {"csv": summary_csv, "xlsx": summary_xlsx, "docx": summary_docx}


def content_disposition(summary: Summary, fmt: str) -> str:
    """An ASCII fallback name and the Chinese name (RFC 6266), so every browser keeps it."""
    name = f"{title(summary)}.{fmt}"
    return f"attachment; filename=\"summary-{summary.pk}.{fmt}\"; filename*=UTF-8''{quote(name)}"
