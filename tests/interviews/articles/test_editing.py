"""Writing articles: the form with its blocks, the admin, role boundaries, sanitising."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from interviews.articles.services import editing
from interviews.models import ArticleBlock, ArticleStatus, InterviewArticle
from tests.factories import OutletFactory, SeriesFactory

pytestmark = pytest.mark.django_db

EDITOR_PAGES = [
    ("interviews:editorial_list", False),
    ("interviews:article_create", False),
    ("interviews:article_manage", True),
    ("interviews:article_edit", True),
    ("interviews:article_preview", True),
]


def png(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def block_post(blocks, prefix="blocks") -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(blocks)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, block in enumerate(blocks):
        for key, value in block.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def article_post(**overrides) -> dict:
    data = {
        "headline": "把小区管起来",
        "subtitle": "专访和平街道党工委书记",
        "editor_note": "",
        "reporters_text": "张培、韩凯 马玉姝",
        "correspondents_text": "徐坤",
        "byline": "",
        "published_at": "",
        "original_url": "",
        "interviewee_post": "党工委书记",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "needs_pk"), EDITOR_PAGES)
def test_editor_pages_refuse_officials_reviewers_and_anonymous(
    client, make_article, official, reviewer, name, needs_pk
):
    article = make_article()
    url = reverse(name, args=[article.pk] if needs_pk else [])
    for user in (official, reviewer):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "needs_pk"), EDITOR_PAGES)
def test_editor_pages_open_to_editors_and_admins(
    client, make_article, editor, admin_user, name, needs_pk
):
    article = make_article()
    url = reverse(name, args=[article.pk] if needs_pk else [])
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_create_article_with_blocks_in_posted_order(client, editor, unit):
    series = SeriesFactory()
    outlets = [OutletFactory(), OutletFactory()]
    client.force_login(editor)
    data = article_post(
        series=series.pk, outlets=[o.pk for o in outlets], region=unit.pk, published_at=""
    )
    data.update(
        block_post(
            [
                {"kind": "answer", "text": "红色物业让小区有人管。", "position": "2"},
                {"kind": "question", "text": "老旧小区怎么管？", "position": "1"},
                {"kind": "photo", "caption": "书记在社区", "position": "3", "image": png()},
                {"kind": "paragraph", "text": "删掉的段落", "position": "4", "DELETE": "on"},
            ]
        )
    )
    response = client.post(reverse("interviews:article_create"), data)
    article = InterviewArticle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:article_manage", args=[article.pk])
    assert article.status == ArticleStatus.DRAFT
    assert article.slug == "ba-xiaoqu-guan-qilai"
    assert article.created_by == editor
    assert article.reporters == ["张培", "韩凯", "马玉姝"]
    assert article.correspondents == ["徐坤"]
    assert set(article.outlets.all()) == set(outlets)
    blocks = list(article.blocks.order_by("position"))
    assert [(b.kind, b.position) for b in blocks] == [
        ("question", 1),
        ("answer", 2),
        ("photo", 3),
    ]
    assert blocks[2].image.name.startswith(f"articles/{article.pk}/")
    assert blocks[2].caption == "书记在社区"
    assert "红色物业" in article.search_document
    assert article.revisions.count() == 1


def test_invalid_post_keeps_everything_typed_and_the_uploaded_photo(client, editor):
    client.force_login(editor)
    data = article_post(headline="", original_url="不是网址")
    data.update(
        block_post(
            [
                {"kind": "question", "text": "第一个问题保留着吗？", "position": "1"},
                {"kind": "answer", "text": "", "position": "2"},
                {"kind": "photo", "caption": "图片说明保留", "position": "3", "image": png()},
            ]
        )
    )
    response = client.post(reverse("interviews:article_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert InterviewArticle.objects.count() == 0
    assert "请更正下面标出的错误，已填写的内容都保留着。" in html
    assert "这个字段是必填项。" in html  # headline
    assert "请填写内容，或删除这一块。" in html
    assert "第一个问题保留着吗？" in html
    assert "图片说明保留" in html
    assert "专访和平街道党工委书记" in html
    # The photo was kept and is posted back by name: resubmitting without it works.
    kept = response.context["formset"].forms[2]["existing_image"].value()
    assert kept.startswith("articles/uploads/")
    data = article_post()
    data.update(
        block_post(
            [
                {"kind": "question", "text": "第一个问题保留着吗？", "position": "1"},
                {
                    "kind": "photo",
                    "caption": "图片说明保留",
                    "position": "2",
                    "existing_image": kept,
                },
            ]
        )
    )
    client.post(reverse("interviews:article_create"), data)
    photo = ArticleBlock.objects.get(kind="photo")
    assert photo.image.name == kept


def test_photo_block_without_photo_and_path_tricks_are_refused(client, editor):
    client.force_login(editor)
    data = article_post()
    data.update(
        block_post(
            [
                {"kind": "photo", "caption": "无图", "position": "1"},
                {"kind": "photo", "position": "2", "existing_image": "../../etc/passwd"},
            ]
        )
    )
    html = client.post(reverse("interviews:article_create"), data).content.decode()
    assert "图片块需要上传一张图片。" in html
    assert "图片路径无效，请重新上传。" in html
    assert InterviewArticle.objects.count() == 0


def test_body_needs_at_least_one_block(client, editor):
    client.force_login(editor)
    data = article_post()
    data.update(block_post([]))
    html = client.post(reverse("interviews:article_create"), data).content.decode()
    assert "正文至少需要一块内容。" in html


def test_edit_replaces_blocks_and_keeps_slug(client, make_article, editor):
    article = make_article("原来的标题")
    client.force_login(editor)
    form = client.get(reverse("interviews:article_edit", args=[article.pk]))
    assert "原来的标题" in form.content.decode()
    data = article_post(headline="新的标题")
    data.update(block_post([{"kind": "heading", "text": "小标题", "position": "1"}]))
    client.post(reverse("interviews:article_edit", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.headline == "新的标题"
    assert article.slug == "yuanlai-de-biaoti"
    assert list(article.blocks.values_list("kind", "text")) == [("heading", "小标题")]
    assert article.revisions.count() == 2


class LiveScript(HTMLParser):
    """What a browser would run: <script> bodies and on* handler attributes."""

    def __init__(self, html):
        super().__init__()
        self.handlers, self.scripts, self._in_script = [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.handlers += [value for name, value in attrs if name == "onerror"]
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_nothing_runs(html):
    live = LiveScript(html)
    assert live.handlers == []
    assert not any("alert" in body for body in live.scripts)


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_in_any_field_is_cleaned_or_escaped(client, make_article, editor):
    article = make_article(
        headline=f"标题{XSS}",
        status="published",
        subtitle=XSS,
        editor_note=XSS,
        byline=XSS,
        interviewee_post=XSS[:60],
        reporters=[XSS],
        blocks=[
            ("heading", XSS),
            ("paragraph", f"<strong>加粗</strong>{XSS}"),
            ("question", XSS),
            ("answer", f"<em>强调</em>{XSS}"),
            ("quote", XSS),
        ],
    )
    stored = list(article.blocks.values_list("kind", "text"))
    for kind, text in stored:
        if kind != "heading":
            assert "<script" not in text and "onerror" not in text
    assert ("paragraph", "<strong>加粗</strong>") in [(k, t[:20]) for k, t in stored]
    for url in (
        article.get_absolute_url(),
        reverse("interviews:article_list"),
        reverse("interviews:search") + "?q=标题",
    ):
        html = client.get(url).content.decode()
        assert_nothing_runs(html)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;" in html  # plain fields are shown, escaped
    assert "<strong>加粗</strong>" in html  # allowed inline markup survives
    client.force_login(editor)
    for name in ("article_manage", "article_preview", "article_edit"):
        html = client.get(reverse(f"interviews:{name}", args=[article.pk])).content.decode()
        assert_nothing_runs(html)


def test_sanitize_inline_allow_list():
    assert editing.sanitize_inline('<b>b</b><a href="javascript:x">a</a><br>') == "<b>b</b>a<br>"
    assert editing.sanitize_inline("1 < 2 & 3") == "1 &lt; 2 &amp; 3"


def test_admin_saves_blocks_inline_through_the_service(client, admin_user):
    client.force_login(admin_user)
    data = {
        "headline": "后台写的文章",
        "slug": "houtai",
        "reporters": "[]",
        "correspondents": "[]",
        "blocks-TOTAL_FORMS": "2",
        "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "0",
        "blocks-MAX_NUM_FORMS": "1000",
        "blocks-0-position": "2",
        "blocks-0-kind": "answer",
        "blocks-0-text": "网格化管理<script>x</script>",
        "blocks-1-position": "1",
        "blocks-1-kind": "question",
        "blocks-1-text": "怎么管？",
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:interviews_interviewarticle_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = InterviewArticle.objects.get(slug="houtai")
    assert list(article.blocks.values_list("kind", "text")) == [
        ("question", "怎么管？"),
        ("answer", "网格化管理"),
    ]
    assert "网格化" in article.search_document
    assert article.revisions.get().note == "后台创建"
    assert article.created_by == admin_user


def test_editorial_list_filters_and_pins_queries(
    client, make_article, editor, django_assert_max_num_queries
):
    make_article("草稿一")
    make_article("待审一", status="in_review")
    client.force_login(editor)
    url = reverse("interviews:editorial_list")
    html = client.get(url, {"status": "in_review"}).content.decode()
    assert "待审一" in html and "草稿一" not in html
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i in range(6):
        make_article(f"更多{i}", status="published" if i % 2 else "draft")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "更多5" in html
