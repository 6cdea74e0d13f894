"""The import services: draft creation, accepting with links and confirmed figures,
discarding, and refusals that leave everything as it was."""

import datetime as dt
from decimal import Decimal

import pytest

from initiatives.models import Appointment, Person, Post, Region, RegionKind, RegionProfile
from interviews.imports import services
from interviews.imports.services import AcceptDecision, Outcome
from interviews.models import (
    ArticleBlock,
    BlockKind,
    ImportRecord,
    ImportStatus,
    InterviewArticle,
    Outlet,
    Series,
)
from portal.errors import WorkflowError
from tests.factories import AppointmentFactory, InitiativeFactory, OutletFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Our own text, with the parts the importer extracts: series, outlet and date in the
# header, an interviewee, a section head, a photo caption and profile figures.
ARTICLE = """欢迎来到测试新闻网

新闻来源：测试新闻网 发布时间：2021-03-15

城市书记谈治理系列访谈

小巷里的网格长 守好群众家门口

——专访张店区和平街道党工委书记王志刚

和平街道辖区面积4.6平方公里，总人口5.2万人，下辖7个社区，党员860名。

街道今年推出“红色物业”和“花开和平”两项工作，居民说变化看得见。

网格长每天走一遍

王志刚说，网格长每天要把自己负责的楼院走一遍，发现问题当天上报。

王志刚（左二）在社区查看楼道整治情况。

他表示，接下来要把好做法固定下来，形成长效机制。
"""


@pytest.fixture
def imported(unit, editor):
    outcome = services.import_file(data=ARTICLE.encode("utf-8"), filename="heping.txt", by=editor)
    assert outcome.status == Outcome.IMPORTED, outcome.message
    return outcome.record


def test_import_creates_draft_blocks_and_record_in_order(imported, unit):
    article = imported.article
    assert article.region == unit
    assert article.published_at == dt.datetime(
        2021, 3, 15, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )
    blocks = list(article.blocks.order_by("position"))
    assert [b.position for b in blocks] == list(range(len(blocks)))
    kinds = [b.kind for b in blocks]
    assert BlockKind.HEADING in kinds
    photo = next(b for b in blocks if b.kind == BlockKind.PHOTO)
    assert photo.caption == "王志刚（左二）在社区查看楼道整治情况。"
    assert photo.text == "" and not photo.image
    assert imported.extracted["figures"]["population"] == 52000
    assert imported.changes and {"rule", "before_excerpt", "after_excerpt"} <= set(
        imported.changes[0]
    )
    # The whole cleaned text is kept, header included, for the side-by-side view.
    assert "小巷里的网格长" in imported.cleaned_text
    assert "欢迎来到" not in imported.cleaned_text


def test_existing_series_and_outlet_are_linked_at_import(unit, editor):
    outlet = OutletFactory(name="测试新闻网")
    outcome = services.import_file(data=ARTICLE, filename="a.txt", by=editor)
    article = outcome.record.article
    assert list(article.outlets.all()) == [outlet]
    # The series is not in the database: nothing is created until the editor confirms.
    assert article.series is None
    assert not Series.objects.exists()


def test_duplicate_text_creates_nothing(imported):
    before = (InterviewArticle.objects.count(), ArticleBlock.objects.count())
    outcome = services.import_file(data=ARTICLE.encode("gb18030"), filename="again.txt")
    assert outcome.status == Outcome.DUPLICATE
    assert outcome.record == imported
    assert f"第 {imported.pk} 号导入“heping.txt”" in outcome.message
    assert (InterviewArticle.objects.count(), ArticleBlock.objects.count()) == before
    assert ImportRecord.objects.count() == 1


def test_rejected_input_writes_nothing(db):
    outcome = services.import_file(data=b"\x00\x01\x02" * 100, filename="x.txt")
    assert outcome.status == Outcome.REJECTED
    assert outcome.message == "x.txt：不是文本文件（疑似二进制）"
    assert not ImportRecord.objects.exists() and not InterviewArticle.objects.exists()


def test_a_failure_while_storing_leaves_no_half_import(unit, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ArticleBlock.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.import_file(data=ARTICLE, filename="a.txt")
    assert not InterviewArticle.objects.exists() and not ImportRecord.objects.exists()


def test_figures_change_no_profile_until_confirmed(imported, unit, editor):
    services.import_accept(record=imported, by=editor, decision=AcceptDecision(region=unit))
    assert not RegionProfile.objects.exists()
    imported.refresh_from_db()
    assert imported.status == ImportStatus.ACCEPTED


def test_confirmed_figures_create_one_profile_with_only_those_figures(imported, unit, editor):
    decision = AcceptDecision(
        region=unit, figure_keys=["area_km2", "population"], as_of=dt.date(2021, 3, 15)
    )
    services.import_accept(record=imported, by=editor, decision=decision)
    profile = RegionProfile.objects.get()
    assert profile.region == unit and profile.as_of == dt.date(2021, 3, 15)
    assert profile.area_km2 == Decimal("4.60") and profile.population == 52000
    assert profile.communities is None and profile.party_members is None
    assert profile.source == "访谈《小巷里的网格长 守好群众家门口》（测试新闻网）"


def test_figures_need_a_unit_and_a_date(imported, unit, editor):
    with pytest.raises(WorkflowError, match="请先关联受访单位"):
        services.import_accept(
            record=imported,
            by=editor,
            decision=AcceptDecision(figure_keys=["population"], as_of=dt.date(2021, 3, 15)),
        )
    with pytest.raises(WorkflowError, match="请填写概况数据的日期"):
        services.import_accept(
            record=imported,
            by=editor,
            decision=AcceptDecision(region=unit, figure_keys=["population"]),
        )
    with pytest.raises(WorkflowError, match="文中没有这些数据：grids"):
        services.import_accept(
            record=imported,
            by=editor,
            decision=AcceptDecision(region=unit, figure_keys=["grids"], as_of=dt.date(2021, 1, 1)),
        )
    imported.refresh_from_db()
    assert imported.status == ImportStatus.PENDING
    assert not RegionProfile.objects.exists()


def test_accept_creates_what_the_editor_ticked(editor, district):
    # The unit is not in the tree yet; its district is.
    outcome = services.import_file(data=ARTICLE, filename="a.txt", by=editor)
    record = outcome.record
    assert record.article.region is None
    decision = AcceptDecision(
        create_region=True, create_person=True, create_series=True, create_outlet=True
    )
    services.import_accept(record=record, by=editor, decision=decision)
    article = InterviewArticle.objects.get()
    region = Region.objects.get(name="和平街道")
    assert region.parent == district and region.kind == RegionKind.SUBDISTRICT
    assert region.slug == "heping-jiedao"
    person = Person.objects.get(name="王志刚")
    appointment = Appointment.objects.get(person=person)
    assert appointment.region == region and appointment.post == Post.SUBDISTRICT_SECRETARY
    assert appointment.start_date is None
    assert article.region == region and article.person == person
    assert article.series.title == "城市书记谈治理系列访谈"
    assert list(article.outlets.values_list("name", flat=True)) == ["测试新闻网"]
    assert Outlet.objects.get().kind == "website"


def test_new_unit_needs_its_district_in_the_tree(editor, db):
    record = services.import_file(data=ARTICLE, filename="a.txt", by=editor).record
    with pytest.raises(WorkflowError, match="区县“张店区”不在区划库中"):
        services.import_accept(
            record=record,
            by=editor,
            decision=AcceptDecision(create_region=True, create_person=True),
        )
    assert not Region.objects.filter(name="和平街道").exists()
    assert not Person.objects.exists()


def test_existing_person_and_initiatives_are_linked(imported, unit, editor, other_unit):
    secretary = PersonFactory(name="王志刚")
    AppointmentFactory(person=secretary, region=unit)
    red = InitiativeFactory(region=unit, title="红色物业")
    foreign = InitiativeFactory(region=other_unit, title="花开和平")
    decision = AcceptDecision(region=unit, person=secretary, initiatives=[red])
    services.import_accept(record=imported, by=editor, decision=decision)
    article = InterviewArticle.objects.get()
    assert article.person == secretary
    assert list(article.initiatives.all()) == [red]
    assert Person.objects.count() == 1
    # Another unit's initiative is refused.
    imported.status = ImportStatus.PENDING
    imported.save(update_fields=["status"])
    with pytest.raises(WorkflowError, match="不属于所关联的单位"):
        services.import_accept(
            record=imported, by=editor, decision=AcceptDecision(region=unit, initiatives=[foreign])
        )


def test_accepting_twice_is_refused(imported, editor):
    services.import_accept(record=imported, by=editor, decision=AcceptDecision())
    with pytest.raises(WorkflowError, match="该导入已处理（已接受）"):
        services.import_accept(record=imported, by=editor, decision=AcceptDecision())


def test_discard_deletes_the_draft_and_keeps_the_record(imported, editor):
    article_pk = imported.article_id
    services.import_discard(record=imported, by=editor)
    imported.refresh_from_db()
    assert imported.status == ImportStatus.DISCARDED and imported.article is None
    assert not InterviewArticle.objects.filter(pk=article_pk).exists()
    assert not ArticleBlock.objects.exists()
    with pytest.raises(WorkflowError, match="已放弃"):
        services.import_discard(record=imported, by=editor)
    # The same text again is recognised, with the earlier import's state.
    again = services.import_file(data=ARTICLE, filename="b.txt")
    assert again.status == Outcome.DUPLICATE and "已放弃" in again.message


def test_the_importer_extracts_exactly_the_profile_figures():
    from initiatives.models import FIGURE_FIELDS
    from interviews.importer.figures import FIGURE_KEYS

    assert FIGURE_KEYS == FIGURE_FIELDS
