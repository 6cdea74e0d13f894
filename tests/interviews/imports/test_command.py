"""``manage.py import_articles``: dry run, real run, duplicates, legacy encodings, bad files."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from interviews.models import ArticleBlock, BlockKind, ImportRecord, ImportStatus, InterviewArticle

pytestmark = pytest.mark.django_db

EXPECTED_KEYS = {
    "headline", "subtitle", "series", "editor_note", "outlet", "published", "reporters",
    "correspondents", "byline", "interviewee", "qa_format", "qa_pairs", "photo_captions",
    "section_heads", "figures", "figure_sources", "field_sources", "body_text", "file",
}  # fmt: skip

# Our own sentences (not the seeds'): a short interview in the shape of the real ones.
ARTICLE = """书记带头抓网格 小区治理见实效

——专访测试区明湖街道党工委书记李青山

记者 周明 通讯员 陈雨

明湖街道位于城区东部，辖区面积2.5平方公里，总人口3.1万人，下辖6个社区。

问：街道今年重点抓了哪些工作？

答：我们把“红色物业”作为头号工程，每个小区都有党员楼长。

问：居民有什么变化？

答：过去没人管的楼道，现在每周都有人打扫，居民愿意参与了。
"""
TRADITIONAL = """街道黨工委推動網格治理

——訪測試區東湖街道黨工委書記王德明

東湖街道把網格員隊伍建設作為基礎工作，每個網格都配備了黨員骨幹。

王德明說，街道將繼續推進老舊小區改造，讓居民住得更舒心。
"""


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts():
    return (
        InterviewArticle.objects.count(),
        ArticleBlock.objects.count(),
        ImportRecord.objects.count(),
    )


@pytest.fixture
def article_file(tmp_path) -> Path:
    path = tmp_path / "minghu.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_dry_run_json_prints_one_object_per_file_and_writes_nothing(article_file, tmp_path):
    second = tmp_path / "donghu.txt"
    second.write_bytes(TRADITIONAL.encode("big5"))
    before = counts()
    out, err = run(str(article_file), str(second), "--dry-run", "--json")
    assert counts() == before == (0, 0, 0)
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert [Path(item["file"]).name for item in lines] == ["minghu.txt", "donghu.txt"]
    for item in lines:
        assert set(item) == EXPECTED_KEYS
    first = lines[0]
    assert first["headline"] == "书记带头抓网格 小区治理见实效"
    assert first["interviewee"]["name"] == "李青山"
    assert first["qa_format"] is True
    assert first["figures"]["population"] == 31000
    assert err == ""


def test_real_run_creates_a_draft_with_blocks_and_a_record(article_file, editor):
    out, _err = run(str(article_file), "--user", editor.username)
    article = InterviewArticle.objects.get()
    record = ImportRecord.objects.get()
    assert article.status == "draft"
    assert article.headline == "书记带头抓网格 小区治理见实效"
    assert article.reporters == ["周明"] and article.correspondents == ["陈雨"]
    assert article.created_by == editor and record.created_by == editor
    kinds = list(article.blocks.order_by("position").values_list("kind", flat=True))
    assert kinds.count(BlockKind.QUESTION) == 2 and kinds.count(BlockKind.ANSWER) == 2
    assert kinds.index(BlockKind.QUESTION) < kinds.index(BlockKind.ANSWER)
    assert record.article == article and record.status == ImportStatus.PENDING
    assert record.raw_text == ARTICLE and record.encoding == "utf-8"
    assert len(record.content_hash) == 64
    assert "李青山" in record.cleaned_text
    assert record.extracted["headline"] == article.headline
    assert "body_text" not in record.extracted
    assert "已导入为草稿《书记带头抓网格 小区治理见实效》" in out


def test_same_text_twice_creates_nothing_new_and_names_the_earlier_import(article_file, tmp_path):
    run(str(article_file))
    earlier = ImportRecord.objects.get()
    before = counts()
    # The same text saved again with Windows line ends and a BOM is the same article.
    copy = tmp_path / "copy.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    out, _err = run(str(copy))
    assert counts() == before
    assert f"第 {earlier.pk} 号导入“minghu.txt”" in out
    assert "未重复创建" in out


def test_gb18030_and_big5_files_are_decoded(tmp_path):
    gb = tmp_path / "gb.txt"
    gb.write_bytes(ARTICLE.encode("gb18030"))
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(TRADITIONAL.encode("big5"))
    run(str(gb), str(big5))
    by_name = {r.filename: r for r in ImportRecord.objects.select_related("article")}
    assert by_name["gb.txt"].encoding == "gb18030"
    assert by_name["gb.txt"].article.headline == "书记带头抓网格 小区治理见实效"
    assert by_name["big5.txt"].encoding == "big5"
    assert by_name["big5.txt"].raw_text == TRADITIONAL
    # Cleaned to Simplified characters.
    assert "网格员队伍建设" in by_name["big5.txt"].cleaned_text
    assert by_name["big5.txt"].extracted["interviewee"]["name"] == "王德明"


def test_bad_files_get_their_message_and_the_others_still_import(article_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(("网格治理。" * 10).encode("utf-8") * 140_000)  # about 21 MB
    assert huge.stat().st_size > 20 * 1024 * 1024
    nonsense = tmp_path / "nonsense.txt"
    nonsense.write_bytes(bytes([0xA1, 0x40, 0xFE, 0xA0, 0x81, 0x30]) * 300)

    out, err = run(str(empty), str(binary), str(huge), str(nonsense), str(article_file))
    assert "empty.txt：文件为空" in err
    assert "photo.txt：不是文本文件（疑似二进制）" in err
    assert "huge.txt：文件超过 5 MB" in err
    assert "nonsense.txt：" in err and "无法识别文件编码" in err
    assert ImportRecord.objects.get().filename == "minghu.txt"
    assert InterviewArticle.objects.count() == 1


def test_exit_is_an_error_only_when_every_file_failed(tmp_path, article_file):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    with pytest.raises(CommandError, match="全部 2 个文件均未能导入"):
        run(str(empty), str(tmp_path / "missing.txt"))
    assert counts() == (0, 0, 0)
    # One good file is enough for success; a duplicate is not a failure either.
    run(str(empty), str(article_file))
    run(str(article_file))


def test_missing_file_and_unknown_user_are_reported(tmp_path, article_file):
    _out, err = run(str(tmp_path / "missing.txt"), str(article_file))
    assert "missing.txt：找不到文件" in err
    with pytest.raises(CommandError, match="找不到用户“nobody”"):
        run(str(article_file), "--user", "nobody")


def test_json_real_run_reports_status_per_file(article_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out, _err = run(str(article_file), str(empty), "--json")
    first, second = (json.loads(line) for line in out.strip().splitlines())
    record = ImportRecord.objects.get()
    assert first == {
        "file": str(article_file),
        "status": "imported",
        "message": first["message"],
        "import": record.pk,
        "article": record.article_id,
    }
    assert second["status"] == "rejected" and "文件为空" in second["error"]
