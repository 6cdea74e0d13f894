"""A summary as the files offices circulate: XLSX (openpyxl), DOCX (python-docx: a title,
the narrative, tables) and CSV (UTF-8 with a BOM, so that Excel shows the Chinese)."""

import csv
import io
from urllib.parse import quote

from django.utils.translation import gettext as _

from portal.i18n import parenthesized

from .models import Summary
from .narrative import period_label, summary_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _pct(value) -> str:
    return "" if value is None else f"{value:.1f}%"


def _narrative(summary: Summary) -> str:
    """The paragraph in the language of whoever exports it."""
    return summary_text(summary.figures or {}) or summary.narrative


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
        [_("报送率"), _pct(counts.get("rate"))],
        [_("按时"), summary.on_time],
        [_("已通过"), summary.approved],
        [_("曾退回"), summary.returned],
        [_("逾期"), summary.overdue],
    ]
    statuses = figures.get("initiatives", {})
    overview += [
        [_("重点工作（进行中）"), statuses.get("active", 0)],
        [_("重点工作（已完成）"), statuses.get("completed", 0)],
        [_("指标平均完成度"), _pct(figures.get("progress"))],
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
                    _("逾期"),
                    _("报送率"),
                    _("指标完成度"),
                ],  # fmt: skip
                [
                    [
                        u["rank"] or "",
                        u["name"],
                        u["expected"],
                        u["filed"],
                        u["on_time"],
                        u["overdue"],
                        _pct(u["rate"]),
                        _pct(u["progress"]),
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
                        i["target"],
                        i["current"],
                        _pct(i["percent"]),
                    ]  # fmt: skip
                    for i in indicators
                ],
            )
        )
    return result


def summary_csv(summary: Summary) -> tuple[bytes, str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title(summary)])
    writer.writerow([_narrative(summary)])
    for caption, header, rows in tables(summary):
        writer.writerow([])
        writer.writerow([caption])
        writer.writerow(header)
        writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def summary_xlsx(summary: Summary) -> tuple[bytes, str]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("综述")
    sheet.append([title(summary)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_narrative(summary)])
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 100
    for caption, header, rows in tables(summary):
        ws = workbook.create_sheet(caption[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for column, _cell in enumerate(header, start=1):
            ws.column_dimensions[ws.cell(1, column).column_letter].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), XLSX


def summary_docx(summary: Summary) -> tuple[bytes, str]:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_heading(title(summary), level=1)
    document.add_paragraph(_narrative(summary))
    for caption, header, rows in tables(summary):
        document.add_heading(caption, level=2)
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(text)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), DOCX


EXPORTERS = {"csv": summary_csv, "xlsx": summary_xlsx, "docx": summary_docx}


def content_disposition(summary: Summary, fmt: str) -> str:
    """An ASCII fallback name and the Chinese name (RFC 6266), so every browser keeps it."""
    name = f"{title(summary)}.{fmt}"
    return f"attachment; filename=\"summary-{summary.pk}.{fmt}\"; filename*=UTF-8''{quote(name)}"
