"""Import pages: who may see them, the upload form and per-file endpoint, the review page
and its accept/discard buttons, and the list's pinned query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from initiatives.models import RegionProfile
from interviews.imports import services
from interviews.imports.selectors import article_edit_links
from interviews.models import ImportRecord, ImportStatus, InterviewArticle

pytestmark = pytest.mark.django_db

# Our own text: an interview without a publication date, with figures and Q&A.
ARTICLE = """老街区里的新气象

——访张店区和平街道党工委书记王志刚

和平街道辖区面积2.8平方公里,常住人口3.6万人,下辖5个社区。

问：今年街道最看重哪件事？

答：让老旧小区有人管，我们推行“红色物业”，党员带头当楼长。

问：群众怎么评价？

答：大家说<楼道亮了>，心里也亮堂了。
"""
OTHER = """网格连着千万家

——访张店区公园街道党工委书记张敬帅

公园街道把网格员请进楼院，每天听一听居民的难处。
"""


def upload(name, content):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


@pytest.fixture
def record(unit, editor):
    return services.import_file(data=ARTICLE, filename="heping.txt", by=editor).record


URLS = [
    ("get", "interviews:import_list", False),
    ("get", "interviews:import_upload", False),
    ("post", "interviews:import_upload_file", False),
    ("get", "interviews:import_review", True),
    ("post", "interviews:import_accept", True),
    ("post", "interviews:import_discard", True),
]


@pytest.mark.parametrize(("method", "name", "needs_pk"), URLS)
def test_anonymous_goes_to_login(client, record, method, name, needs_pk):
    url = reverse(name, kwargs={"pk": record.pk} if needs_pk else None)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["official", "reviewer"])
@pytest.mark.parametrize(("method", "name", "needs_pk"), URLS)
def test_other_roles_are_refused(client, record, request, role, method, name, needs_pk):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, kwargs={"pk": record.pk} if needs_pk else None)
    response = getattr(client, method)(url)
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING
    assert InterviewArticle.objects.count() == 1


def test_nav_link_only_for_editors_and_admins(client, official, editor, admin_user):
    client.force_login(official)
    assert "导入稿件" not in client.get("/").content.decode()
    for user in (editor, admin_user):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert "导入稿件" in page and reverse("interviews:import_list") in page


def test_plain_form_imports_several_files_and_reports_each(client, editor, unit):
    client.force_login(editor)
    response = client.post(
        reverse("interviews:import_upload"),
        {
            "files": [
                upload("heping.txt", ARTICLE),
                upload("empty.txt", b""),
                upload("photo.jpg", b"\xff\xd8\xff"),
                upload(
                    "gongyuan.html",
                    f"<html><body><p>{OTHER.replace(chr(10), '</p><p>')}</p></body></html>",
                ),
            ]
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("interviews:import_list")
    assert "heping.txt：已导入为草稿《老街区里的新气象》" in page
    assert "empty.txt：文件为空" in page
    assert "photo.jpg：只能导入 .txt 或 .html 文件" in page
    assert "gongyuan.html：已导入为草稿《网格连着千万家》" in page
    assert sorted(ImportRecord.objects.values_list("filename", flat=True)) == [
        "gongyuan.html",
        "heping.txt",
    ]


def test_upload_form_without_files_says_so(client, editor):
    client.force_login(editor)
    response = client.post(reverse("interviews:import_upload"), {})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_per_file_endpoint_answers_json(client, editor, unit):
    client.force_login(editor)
    url = reverse("interviews:import_upload_file")
    first = client.post(url, {"file": upload("heping.txt", ARTICLE)}).json()
    record = ImportRecord.objects.get()
    assert first == {
        "file": "heping.txt",
        "status": "imported",
        "message": "heping.txt：已导入为草稿《老街区里的新气象》，请核对后接受。",
        "url": reverse("interviews:import_review", kwargs={"pk": record.pk}),
    }
    again = client.post(url, {"file": upload("copy.txt", ARTICLE)}).json()
    assert again["status"] == "duplicate" and f"第 {record.pk} 号导入" in again["message"]
    bad = client.post(url, {"file": upload("big.txt", b"a" * (5 * 1024 * 1024 + 10))}).json()
    assert bad == {
        "file": "big.txt",
        "status": "rejected",
        "message": "big.txt：文件超过 5 MB",
        "url": None,
    }
    missing = client.post(url, {})
    assert missing.status_code == 400 and missing.json()["message"] == "没有收到文件。"
    assert ImportRecord.objects.count() == 1


def test_review_page_shows_diff_changes_fields_and_suggestions(client, editor, record):
    client.force_login(editor)
    page = client.get(
        reverse("interviews:import_review", kwargs={"pk": record.pk})
    ).content.decode()
    # Side-by-side diff, escaped: the article's own angle brackets stay text.
    assert 'class="table table-sm mb-0 diff-table"' in page and 'class="row-replace"' in page
    assert "&lt;楼道亮了&gt;" in page and "<楼道亮了>" not in page
    # Changes grouped by rule, in the editor's words.
    assert "中文间标点改为全角" in page
    # Extracted fields, the draft's Q&A, linking and figures.
    assert "王志刚" in page and "和平街道" in page
    assert "问：今年街道最看重哪件事？" in page
    assert "关联已有：张店区和平街道" in page
    assert "新建人员“王志刚”" in page
    assert "常住人口：36000" in page
    assert "和平街道辖区面积2.8平方公里，常住人口3.6万人，下辖5个社区。" in page
    assert "接受为草稿" in page and "放弃" in page


def test_accept_with_unticked_figures_changes_no_profile(client, editor, record, unit):
    client.force_login(editor)
    url = reverse("interviews:import_accept", kwargs={"pk": record.pk})
    response = client.post(url, {"unit": str(unit.pk), "person": "", "series": "", "outlet": ""})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ImportStatus.ACCEPTED
    assert not RegionProfile.objects.exists()
    page = client.get(response.url).content.decode()
    assert "已接受为草稿《老街区里的新气象》" in page
    assert "接受为草稿</button>" not in page
    # Every edit link offered resolves to a real page.
    for _label, link in article_edit_links(record.article):
        resolve(link)


def test_ticked_figures_need_a_date_when_the_article_has_none(client, editor, record, unit):
    client.force_login(editor)
    url = reverse("interviews:import_accept", kwargs={"pk": record.pk})
    data = {"unit": str(unit.pk), "figures": ["area_km2", "population"]}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "确认概况数据时必须填写数据日期。" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING and not RegionProfile.objects.exists()

    response = client.post(url, {**data, "as_of": "2021-06-30"})
    assert response.status_code == 302
    profile = RegionProfile.objects.get()
    assert (profile.region, str(profile.as_of)) == (unit, "2021-06-30")
    assert profile.population == 36000 and profile.communities is None


def test_accept_refuses_choices_not_offered(client, editor, record, other_unit):
    client.force_login(editor)
    url = reverse("interviews:import_accept", kwargs={"pk": record.pk})
    response = client.post(url, {"unit": str(other_unit.pk)})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.PENDING


def test_discard_button_deletes_the_draft(client, editor, record):
    client.force_login(editor)
    article_pk = record.article_id
    response = client.post(
        reverse("interviews:import_discard", kwargs={"pk": record.pk}), follow=True
    )
    assert "已放弃导入“heping.txt”，草稿已删除。" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ImportStatus.DISCARDED
    assert not InterviewArticle.objects.filter(pk=article_pk).exists()
    again = client.post(reverse("interviews:import_discard", kwargs={"pk": record.pk}), follow=True)
    assert "该导入已处理（已放弃），不能再次操作。" in again.content.decode()


def test_unknown_import_is_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("interviews:import_review", kwargs={"pk": 999})).status_code == 404


def test_list_query_count_does_not_grow_with_rows(
    client, editor, unit, django_assert_max_num_queries
):
    client.force_login(editor)
    services.import_file(data=ARTICLE, filename="a.txt", by=editor)
    url = reverse("interviews:import_list")
    client.get(url)  # warm the session and role caches
    with django_assert_max_num_queries(7) as first:
        response = client.get(url)
    assert response.content.decode().count("a.txt") == 1
    for n in range(5):
        services.import_file(data=OTHER + f"\n第{n}段补充说明。\n", filename=f"b{n}.txt", by=editor)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert all(f"b{n}.txt" in page for n in range(5))


def test_review_page_shows_the_line_each_field_came_from(client, editor, record):
    client.force_login(editor)
    page = client.get(reverse("interviews:import_review", kwargs={"pk": record.pk}))
    html = page.content.decode()
    sources = record.extracted["field_sources"]
    assert set(sources) >= {"headline", "interviewee"}
    for key, line in sources.items():
        assert f'data-source="{key}"' in html
        assert line in ARTICLE.replace(",", "，") or line in ARTICLE
    # a field nobody could read has no source line
    assert 'data-source="series"' not in html
