"""The importer's pieces, each on small texts written for the test (not the seeds)."""

import codecs
import hashlib
from datetime import date, datetime, timedelta

import pytest

from interviews.importer import rules
from interviews.importer.changes import diff_changes
from interviews.importer.decode import (
    MAX_BYTES,
    MSG_BINARY,
    MSG_EMPTY,
    MSG_TOO_LARGE,
    MSG_UNKNOWN_ENCODING,
    decode_bytes,
    decode_upload,
    html_to_text,
)
from interviews.importer.errors import ImportRejected
from interviews.importer.figures import extract_figures
from interviews.importer.metadata import capture_metadata, format_published
from interviews.importer.pipeline import clean_text, content_hash, parse_article
from interviews.importer.places import cities_mentioned, city_from_series, find_person_mentions
from interviews.importer.structure import parse_credit_line, parse_structure

SIMPLIFIED = "我们社区今年新建了三个口袋公园，居民们都说散步的地方更多了。"
TRADITIONAL = "我們社區今年新建了三個口袋公園，居民們都說散步的地方更多了。"


# --- decoding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "big5", "utf16-bom"],
)
def test_decode_detects_encoding(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text.lstrip("\ufeff") in (SIMPLIFIED, TRADITIONAL)


def test_decode_gb18030_sentence_that_big5_would_also_accept():
    text = "街道党工委书记表示，下一步将继续推进老旧小区改造。"
    data = text.encode("gb18030")
    data.decode("big5")  # decodes, into nonsense: the scorer must reject that reading
    assert decode_bytes(data).text == text


def test_decode_traditional_big5_that_gb18030_would_also_accept():
    text = "街道黨工委書記表示，下一步將繼續推進老舊小區改造。"
    data = text.encode("big5")
    data.decode("gb18030")
    assert decode_bytes(data).text == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", MSG_EMPTY),
        (b"  \r\n\t \n", MSG_EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", MSG_BINARY),
        (bytes(range(1, 32)) * 20, MSG_BINARY),
        (bytes(range(0x80, 0x100)) * 8, MSG_UNKNOWN_ENCODING),
        (
            "丂丄丅丆丏丒丗丟丠両丣並丩丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢".encode("gb18030"),
            MSG_UNKNOWN_ENCODING,
        ),
        (b"a" * (MAX_BYTES + 1), MSG_TOO_LARGE),
    ],
    ids=["empty", "whitespace", "png", "control-chars", "undecodable", "nonsense", "too-large"],
)
def test_decode_rejects(data, message):
    with pytest.raises(ImportRejected) as caught:
        decode_bytes(data)
    assert caught.value.message == message
    assert str(caught.value) == message


def test_size_limit_message_names_five_megabytes():
    assert MSG_TOO_LARGE == "文件超过 5 MB"
    assert MAX_BYTES == 5 * 1024 * 1024
    decode_bytes("好".encode() * 10)  # small files pass


def test_html_is_reduced_to_paragraph_text():
    page = """<!DOCTYPE html><html><head><title>站点标题</title>
    <style>p { color: red }</style><script>var x = "<p>脚本</p>";</script></head>
    <body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
    <h1>春风社区的新变化</h1><p>社区今年新修了两条路，&nbsp;居民出行方便了。</p>
    <p>下一步还要<b>增加</b>停车位。<br>预计年底完工。</p></body></html>"""
    text = html_to_text(page)
    assert text.split("\n\n") == [
        "春风社区的新变化",
        "社区今年新修了两条路，\xa0居民出行方便了。",
        "下一步还要增加停车位。\n预计年底完工。",
    ]
    for gone in ("站点标题", "color", "脚本", "首页"):
        assert gone not in text


def test_decode_upload_reduces_html_by_file_name():
    page = "<div>柳林街道召开座谈会。</div><div>会议由街道主任主持。</div>"
    decoded = decode_upload(page.encode("gb18030"), "news.html")
    assert decoded.encoding == "gb18030"
    assert decoded.text == "柳林街道召开座谈会。\n\n会议由街道主任主持。"


# --- cleanup rules ----------------------------------------------------------------------


def test_normalise_whitespace():
    raw = "\ufeff标题行  \r\n\r\n\u3000\u3000第一段开头，\u00a0中间。\r\n\xa0\n\n\n\n第二段。\u200b"
    assert rules.normalise_whitespace(raw) == "标题行\n\n第一段开头， 中间。\n\n第二段。"


def test_separate_line_paragraphs_when_page_has_no_blank_lines():
    text = "春风街道召开会议，部署冬季供暖工作。\n会上，各社区汇报了准备情况。"
    assert rules.separate_line_paragraphs(text) == text.replace("\n", "\n\n")


def test_separate_line_paragraphs_keeps_short_line_blocks_together():
    text = "春风街道党工委书记\n李明\n\n他说，今年的工作重点是民生，要把实事办好。\n会上还通报了上半年各项工作的进展和下一步的打算。"
    assert rules.separate_line_paragraphs(text) == (
        "春风街道党工委书记\n李明\n\n他说，今年的工作重点是民生，要把实事办好。\n\n"
        "会上还通报了上半年各项工作的进展和下一步的打算。"
    )


def test_to_simplified_converts_traditional_text():
    assert rules.to_simplified(TRADITIONAL) == SIMPLIFIED


def test_to_simplified_leaves_simplified_text_alone():
    # OpenCC would turn 乾 into 干: a Simplified text keeps its names.
    text = "东岭街道党工委书记周文乾表示，要把老旧小区改造好，让居民住得舒心。"
    assert rules.to_simplified(text) == text


def test_close_garbled_quotes_only_inside_an_open_quotation():
    assert rules.close_garbled_quotes("“路修好了，大家都高兴\ufffd,!社区主任说。") == (
        "“路修好了，大家都高兴”社区主任说。"
    )
    assert (
        rules.close_garbled_quotes("路修好了\ufffd,!大家都高兴。") == "路修好了\ufffd,!大家都高兴。"
    )


def test_remove_replacement_chars():
    assert rules.remove_replacement_chars("居民\ufffd满意\ufffc度提高") == "居民满意度提高"


def test_drop_mojibake_debris_between_ideographs_only():
    assert rules.drop_mojibake_debris("新建^公园") == "新建公园"
    assert rules.drop_mojibake_debris("公式 x^2 与 a|b") == "公式 x^2 与 a|b"


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("乡(xiāng)村振兴", "乡村振兴"),
        ("绿(lǜ)化带和长(cháng)廊", "绿化带和长廊"),
        ("乡（xiāng）村", "乡村"),
        ("我们的(de)目标", "我们的(de)目标"),  # no tone mark: not an annotation
        ("会议(GDP)数据", "会议(GDP)数据"),  # Latin, not pinyin
        ("Beijing(Běijīng)", "Beijing(Běijīng)"),  # not after an ideograph
        ("商圈(xyzé)改造", "商圈(xyzé)改造"),  # not a pinyin syllable
    ],
)
def test_drop_pinyin_annotations(text, cleaned):
    assert rules.drop_pinyin_annotations(text) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("我们,,一起努力", "我们,一起努力"),
        ("安全，，整洁", "安全，整洁"),
        ("道路,、绿地,、广场", "道路、绿地、广场"),
        ("工作结束,。", "工作结束。"),
        ("路灯、,围墙", "路灯、围墙"),
        ("还有很多……", "还有很多……"),
        ("春风——社区", "春风——社区"),
        ("共3,000人", "共3,000人"),
    ],
)
def test_collapse_doubled_punctuation(text, cleaned):
    assert rules.collapse_doubled_punctuation(text) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("把学习 and 实践结合起来", "把学习和实践结合起来"),
        ("文化&体育活动", "文化和体育活动"),
        ("iPhone and iPad", "iPhone and iPad"),
        ("安装Android系统", "安装Android系统"),
        ("扫描band条码", "扫描band条码"),
    ],
)
def test_replace_stray_latin_words(text, cleaned):
    assert rules.replace_stray_latin_words(text) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("今天,我们开会:讨论(社区)工作?", "今天，我们开会：讨论（社区）工作？"),
        ("5月3日,街道组织义诊!", "5月3日，街道组织义诊！"),
        ("时间19:55开始", "时间19:55开始"),
        ("面积3.75平方公里", "面积3.75平方公里"),
        ("网址http://example.com/a?b=1", "网址http://example.com/a?b=1"),
        ("Hello, world (test)", "Hello, world (test)"),
    ],
)
def test_fullwidth_punctuation_between_cjk(text, cleaned):
    assert rules.fullwidth_punctuation_between_cjk(text) == cleaned


def test_drop_boilerplate_removes_page_furniture():
    text = "\n\n".join(
        [
            "欢迎访问东岭在线",
            "东岭社区的新变化",
            "来源：东岭在线\n2021-03-08 09:30\n分享\n分享到微博",
            "社区今年新修了两条路，资金来源于区里的专项补助。",
            "2020年5月1日，第一条路通车。",
            "扫码阅读全文\n东岭在线",
            "联合推出",
            "东岭在线版权说明：本站文章未经授权禁止转载。",
            "联系我们：editor@example.com",
            "editor@example.com",
        ]
    )
    assert rules.drop_boilerplate(text) == (
        "东岭社区的新变化\n\n社区今年新修了两条路，资金来源于区里的专项补助。\n\n"
        "2020年5月1日，第一条路通车。\n\n联系我们：editor@example.com"
    )


def test_drop_boilerplate_keeps_a_date_line_after_the_header():
    text = "居民们在新修的广场上跳起了舞，大家都说生活越过越好了。\n\n2021年3月8日"
    assert rules.drop_boilerplate(text) == text


def test_drop_repeated_headline():
    body = "\n\n".join(f"正文第{n}段。" for n in "一二三四五")
    text = f"柳林街道办实事\n\n柳林街道办实事\n\n{body}\n\n柳林街道办实事"
    # the copy at the top goes; a paragraph far below that happens to match stays
    assert rules.drop_repeated_headline(text) == f"柳林街道办实事\n\n{body}\n\n柳林街道办实事"


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        # a long line of prose cut mid-word
        (
            "社区组织志愿者走进每家每户，了解老人们的实际需求，帮助他们解决生活中遇到的各种困\n\n难，受到了居民的好评。",
            "社区组织志愿者走进每家每户，了解老人们的实际需求，帮助他们解决生活中遇到的各种困难，受到了居民的好评。",
        ),
        # a short line that leaves a quotation open
        ("“我们要把小区的停车\n\n难题解决好。”他说。", "“我们要把小区的停车难题解决好。”他说。"),
        # a line ending in a comma
        ("为了方便居民，\n\n街道新建了便民服务站。", "为了方便居民，街道新建了便民服务站。"),
        # a subhead stays a subhead
        ("织密服务网络 提升治理效能\n\n街道今年新设了八个服务点。", None),
        ("聚焦民生：办好十件实事，让群众满意\n\n街道今年新设了八个服务点。", None),
        # finished sentences stay apart
        ("街道今年新设了八个服务点。\n\n明年还将继续增加。", None),
        # a name block under a post is not prose
        ("柳林街道党工委书记\n李明\n\n他说，要把实事办好。", None),
        # Q&A labels start their own paragraph
        (
            "社区今年做了很多工作，比如说修路、建公园、增加停车位等等\n\n问：下一步有什么打算？",
            None,
        ),
    ],
)
def test_rejoin_broken_paragraphs(text, cleaned):
    assert rules.rejoin_broken_paragraphs(text) == (text if cleaned is None else cleaned)


def test_rules_run_in_documented_order():
    assert [rule.__name__ for rule in rules.RULES] == [
        "normalise_whitespace",
        "separate_line_paragraphs",
        "to_simplified",
        "close_garbled_quotes",
        "remove_replacement_chars",
        "drop_mojibake_debris",
        "drop_pinyin_annotations",
        "collapse_doubled_punctuation",
        "replace_stray_latin_words",
        "fullwidth_punctuation_between_cjk",
        "drop_boilerplate",
        "drop_repeated_headline",
        "rejoin_broken_paragraphs",
    ]


# --- changes ----------------------------------------------------------------------------


def test_diff_changes_reports_each_edit_with_context():
    before = "今天,我们开会。\n\n社区,,很好。"
    after = "今天，我们开会。\n\n社区，很好。"
    changes = diff_changes("fullwidth", before, after)
    assert [(c.rule, c.before_excerpt, c.after_excerpt) for c in changes] == [
        ("fullwidth", "今天,我们开会。", "今天，我们开会。"),
        ("fullwidth", "社区,,很好。", "社区，很好。"),
    ]
    assert diff_changes("none", before, before) == []


def test_clean_text_records_the_rule_of_every_change():
    cleaned, changes = clean_text("分享到微信\n\n社區(qū)今年,,新建了公園。")
    assert cleaned == "社区今年，新建了公园。"
    assert {c.rule for c in changes} == {
        "to_simplified",
        "drop_pinyin_annotations",
        "collapse_doubled_punctuation",
        "fullwidth_punctuation_between_cjk",
        "drop_boilerplate",
    }
    removed = next(c for c in changes if c.rule == "drop_boilerplate")
    assert removed.before_excerpt == "分享到微信\n" and removed.after_excerpt == ""


# --- metadata, places, figures, credits -------------------------------------------------


def test_capture_metadata_labelled_and_header_dates():
    meta = capture_metadata(
        "欢迎来到东岭在线\n\n发布时间：2021-03-08\n\n社区今年新修了两条路，居民出行方便了。"
    )
    assert meta.outlet == "东岭在线" and meta.published == date(2021, 3, 8)
    meta = capture_metadata(
        "南湖日报\n\n来源：南湖日报网\n2021/3/8 9:05\n\n社区今年新修了两条路，居民出行方便了。"
    )
    assert meta.outlet == "南湖日报网"
    assert format_published(meta.published) == "2021-03-08T09:05+08:00"
    assert meta.published.utcoffset() == timedelta(hours=8)


def test_capture_metadata_never_takes_a_date_from_running_text():
    meta = capture_metadata(
        "来源：本网原创\n\n2021年3月8日，社区召开居民议事会，讨论加装电梯的事情。"
    )
    assert meta.outlet is None and meta.published is None


def test_format_published_keeps_seconds_when_given():
    from interviews.importer.metadata import CHINA_TZ

    assert (
        format_published(datetime(2021, 3, 8, 9, 5, 7, tzinfo=CHINA_TZ))
        == "2021-03-08T09:05:07+08:00"
    )
    assert format_published(None) is None


def test_person_mentions_and_place_chain():
    text = "东山市南湖区柳林街道党工委书记李明表示，今年要办好十件实事。"
    [mention] = find_person_mentions(text)
    assert (mention.unit, mention.post, mention.name) == ("柳林街道", "党工委书记", "李明")
    assert mention.places == "东山市南湖区"


def test_interviewee_from_deck_with_city_sharing_its_shi():
    text = "东山市北区柳林街道办实事\n\n专访东山市北区柳林街道党工委书记李明\n\n社区今年新修了两条路，居民出行方便了。"
    structure = parse_structure(text)
    assert structure.headline == "东山市北区柳林街道办实事"
    assert structure.subtitle == "专访东山市北区柳林街道党工委书记李明"
    person = structure.interviewee
    assert (person.name, person.unit, person.district, person.city, person.province) == (
        "李明",
        "柳林街道",
        "市北区",
        "东山市",
        None,
    )


def test_city_never_guessed():
    structure = parse_structure(
        "专访柳林街道党工委书记李明\n\n他说，城市管理要精细，市区的道路要干净。"
    )
    assert structure.interviewee.city is None
    assert structure.interviewee.district is None
    assert cities_mentioned("城市管理要精细，地处市区的小区要整洁。") == {}


def test_city_from_series_named_after_a_city():
    assert city_from_series("砥砺前行——东山镇(街道)党(工)委书记访谈") == "东山市"
    assert city_from_series("南湖区书记谈发展") is None
    assert city_from_series(None) is None


@pytest.mark.parametrize(
    ("line", "reporters", "correspondents"),
    [
        ("文/图 本报记者 李明 王芳 通讯员 赵强", ["李明", "王芳"], ["赵强"]),
        ("记者 孙丽", ["孙丽"], []),
        ("记者孙丽 通讯员周涛", ["孙丽"], ["周涛"]),
    ],
)
def test_parse_credit_line(line, reporters, correspondents):
    credits = parse_credit_line(line)
    assert (credits.reporters, credits.correspondents) == (reporters, correspondents)


@pytest.mark.parametrize(
    "line", ["记者分别与八位书记进行了交流", "记者了解到，社区新建了公园。", "李明 王芳"]
)
def test_sentences_are_not_credit_lines(line):
    assert parse_credit_line(line) is None


def test_figures_only_from_profile_statements():
    text = (
        "柳林街道辖区面积2.5平方公里，常住人口3.6万人，下辖6个社区，15个党支部，共有党员420名。"
        "在10个党支部中开展了评比。街道30名党员担任楼长。全辖区40个网格党支部全部建立了服务站。"
    )
    figures = extract_figures(text)
    assert figures.values == {
        "area_km2": 2.5,
        "population": 36000,
        "communities": 6,
        "party_branches": 15,
        "party_members": 420,
        "grid_party_branches": 40,
    }
    assert figures.sources["grid_party_branches"] == "全辖区40个网格党支部全部建立了服务站。"


def test_figures_ignore_counts_that_are_not_profile_facts():
    text = "力争有1个社区创建为先进，还有3个社区正在改造，明确街道63名党员担任路长。"
    assert extract_figures(text).values == {}


# --- the whole article ------------------------------------------------------------------

ARTICLE = """欢迎访问东岭在线

柳林街道：小网格撬动大治理

来源：东岭在线  发布时间：2022-06-01

编者按：基层治理千头万绪。本报今起推出系列访谈，听听街道书记们怎么说。

东岭镇(街道)党(工)委书记系列访谈

文/图 本报记者 孙丽 通讯员 周涛

柳林街道党工委书记
李明

记者：柳林街道的基本情况怎样？

李明：柳林街道辖区面积2.5平方公里,,常住人口3.6万人,下辖6个社区。

记者：网格化管理有什么新做法?

李明：我们把全街道划分为48个网格，每个网格都有专人负责。

今年，我们还为每个网格配了一名党建指导员，专门负责
\n
联系网格里的党员。

李明(左二)在社区走访居民。

分享到微信"""


def test_parse_article_end_to_end():
    article = parse_article(ARTICLE.encode("gb18030"), "liulin.txt")
    data = article.to_json()
    assert article.encoding == "gb18030"
    assert data["headline"] == "柳林街道：小网格撬动大治理"
    assert data["outlet"] == "东岭在线"
    assert data["published"] == "2022-06-01"
    assert data["editor_note"] == "基层治理千头万绪。本报今起推出系列访谈，听听街道书记们怎么说。"
    assert data["series"] == "东岭镇（街道）党（工）委书记系列访谈"
    assert data["reporters"] == ["孙丽"] and data["correspondents"] == ["周涛"]
    assert data["interviewee"] == {
        "name": "李明",
        "post": "党工委书记",
        "unit": "柳林街道",
        "district": None,
        "city": "东岭市",  # the series is named after the city
        "province": None,
    }
    assert data["qa_format"] is True
    assert [pair["question"] for pair in data["qa_pairs"]] == [
        "柳林街道的基本情况怎样？",
        "网格化管理有什么新做法？",
    ]
    assert data["qa_pairs"][1]["answer"] == (
        "我们把全街道划分为48个网格，每个网格都有专人负责。\n\n"
        "今年，我们还为每个网格配了一名党建指导员，专门负责联系网格里的党员。"
    )
    assert data["photo_captions"] == ["李明（左二）在社区走访居民。"]
    assert data["figures"] == {"area_km2": 2.5, "population": 36000, "communities": 6, "grids": 48}
    assert [b["kind"] for b in article.body_blocks] == [
        "question",
        "answer",
        "question",
        "answer",
        "answer",
        "photo",
    ]
    for gone in ("分享到微信", "欢迎访问", ",,", "发布时间"):
        assert gone not in data["body_text"]
    assert {c.rule for c in article.changes} >= {"drop_boilerplate", "collapse_doubled_punctuation"}


def test_parse_article_leaves_unstated_fields_empty():
    data = parse_article("社区今年新修了两条路，居民出行方便了。2021年3月8日通车。").to_json()
    assert data["headline"] is None and data["published"] is None and data["outlet"] is None
    assert data["interviewee"] == dict.fromkeys(
        ("name", "post", "unit", "district", "city", "province")
    )
    assert data["reporters"] == [] and data["qa_pairs"] == [] and data["figures"] == {}


def test_content_hash_ignores_line_ends_and_bom():
    text = "柳林街道办实事\n\n社区今年新修了两条路。"
    a = parse_article(text.encode("utf-8"))
    b = parse_article(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    assert a.content_hash == b.content_hash == content_hash(text)
    assert a.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_parse_article_rejects_through_decode():
    with pytest.raises(ImportRejected, match="文件为空"):
        parse_article(b"")
    with pytest.raises(ImportRejected, match="文件为空"):
        parse_article("<html><body><script>x()</script></body></html>", "empty.html")
