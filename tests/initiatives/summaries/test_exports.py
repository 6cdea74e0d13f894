"""Exports: the files open, and the Chinese reads back intact."""

import csv
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from initiatives.models import ScopeKind, Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def district_summary(client, reviewer, unit, other_unit, foreign_unit):
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    client.force_login(reviewer)
    return Summary.objects.get(scope_kind=ScopeKind.DISTRICT, region=unit.parent)


def download(client, summary, fmt):
    response = client.get(reverse("initiatives:summary_export", args=[summary.pk, fmt]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    return response.content


def test_csv_has_a_bom_and_chinese(client, district_summary):
    content = download(client, district_summary, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["张店区2026年第40周（9月28日至10月4日）工作汇总"]
    assert rows[1] == [district_summary.narrative]
    assert ["应报", "7"] in rows and ["报送率", "57.1%"] in rows
    heping = next(row for row in rows if row[:2] == ["1", "和平街道"])
    assert heping[:8] == ["1", "和平街道", "3", "2", "1", "0", "66.7%", "30.0%"]
    # Last: 累计逾期, every slot since January past due and unfiled on the as-of day.
    unit = district_summary.figures["units"][0]
    assert heping[8] == str(unit["outstanding"]) and unit["outstanding"] > 0


def test_xlsx_reads_back(client, district_summary):
    workbook = load_workbook(io.BytesIO(download(client, district_summary, "xlsx")))
    assert workbook.sheetnames == ["综述", "概况", "各单位报送情况", "指标进度"]
    assert workbook["综述"]["A2"].value == district_summary.narrative
    units = [[c.value for c in row] for row in workbook["各单位报送情况"].iter_rows()]
    assert units[0][:3] == ["排名", "单位", "应报"]
    assert units[2][:4] == [2, "公园街道", 4, 2]


def test_docx_has_title_narrative_and_tables(client, district_summary):
    document = Document(io.BytesIO(download(client, district_summary, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "张店区2026年第40周（9月28日至10月4日）工作汇总"
    assert district_summary.narrative in texts
    assert len(document.tables) == 3
    assert document.tables[1].rows[1].cells[1].text == "和平街道"


def test_unknown_format_is_not_found(client, district_summary):
    assert client.get(f"/summaries/{district_summary.pk}/export.pdf").status_code == 404
