"""Issue 13: the general rules for the page forms the corpus showed (our own made-up lines)."""

import pytest

from interviews.importer.credits import header_credits
from interviews.importer.figures import extract_figures
from interviews.importer.metadata import capture_metadata, format_published
from interviews.importer.pipeline import parse_article
from interviews.importer.places import find_person_mentions
from interviews.importer.rules import drop_boilerplate, to_simplified

BODY = (
    "近年来，街道党工委坚持党建引领基层治理，把支部建在小区里，组织党员志愿者参与网格服务。\n\n"
    "居民说，现在楼道亮了，有事找社区也有人应了。"
)


@pytest.mark.parametrize(
    ("line", "reporters", "correspondents"),
    [
        ("□ 记者 王 某", ["王某"], []),
        ("【全媒体记者 王某】", ["王某"], []),
        ("来源：某台　作者：记者 乔宇 孟凡　编辑：段丽　2020-10-16", ["乔宇", "孟凡"], []),
        ("■王某 李 某", ["王某", "李某"], []),
        ("【本报讯】记者 黄韵诗 深圳报道", ["黄韵诗"], []),
        ("本报记者 张三 通讯员 李四 王 五", ["张三"], ["李四", "王五"]),
        ("作者：文/图 雷嘉乐　浏览量：", ["雷嘉乐"], []),
    ],
)
def test_bylines_in_the_forms_real_pages_use(line, reporters, correspondents):
    assert header_credits(line) == {"reporter": reporters, "correspondent": correspondents}


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("2022-01-14 17:05:26  来源：某某融媒体中心", "2022-01-14T17:05:26+08:00"),
        ("来源：某台  作者：王某  编辑：李某  2018-06-24 20:35:29", "2018-06-24T20:35:29+08:00"),
        ("访谈时间：2022年8月30日 上午9:30\n发布日期：2022-08-31", "2022-08-31"),
        ("沁川日报 2019-05-28", "2019-05-28"),
    ],
)
def test_dates_that_share_a_line(header, published):
    metadata = capture_metadata(f"街道的新变化\n\n{header}\n\n{BODY}")
    assert format_published(metadata.published) == published


def test_furniture_lines_and_mastheads_are_dropped_and_the_headline_found():
    text = "\n".join(
        [
            "青梧县新闻网",
            "当前位置：青梧县新闻网 > 乡镇动态 > 正文",
            "如不能正常浏览请选用IE浏览器",
            "请输入您要查询的内容",
            "鹤汀镇：“夜间课堂”点亮农民学技路",
            "2020-12-03 20:16:08 来源：青梧县新闻网 作者：甘露 编辑：邢天宇",
            "",
            BODY,
            "",
            "关键词：夜间课堂 农民",
            "?",
            "往期推荐",
            "鹤汀镇召开党建工作推进会",
        ]
    )
    article = parse_article(text)
    assert article.headline == "鹤汀镇：“夜间课堂”点亮农民学技路"
    assert article.reporters == ["甘露"]
    assert article.outlet == "青梧县新闻网"
    assert article.section_heads == []
    for furniture in ("当前位置", "浏览器", "请输入", "关键词", "往期推荐", "推进会"):
        assert furniture not in article.body_text
    assert "?" not in drop_boilerplate("?\n\n" + BODY)


@pytest.mark.parametrize(
    ("text", "unit", "post", "name"),
    [
        ("青梧县鹤汀镇镇党委书记贺永平说", "鹤汀镇", "党委书记", "贺永平"),
        ("白鹭洲街道办事处党工委书记蒋文涛介绍", "白鹭洲街道", "党工委书记", "蒋文涛"),
        ("北堤街道工委书记詹立华说", "北堤街道", "工委书记", "詹立华"),
        ("松风镇党委副书记、镇长段鹏飞", "松风镇", "党委副书记、镇长", "段鹏飞"),
        (
            "枫林湾街道党工委书记、办事处主任彭思远",
            "枫林湾街道",
            "党工委书记、办事处主任",
            "彭思远",
        ),
    ],
)
def test_post_and_unit_variants(text, unit, post, name):
    mention = find_person_mentions(text)[0]
    assert (mention.unit, mention.post, mention.name) == (unit, post, name)


def test_zhe_becomes_the_particle_for_mainland_and_taiwan_traditional():
    mainland = "接著，街道帶著群眾聯繫著每一戶，著名的老街有著新面貌。"
    taiwan = "接著，社區裡的志工帶著長者使用軟體，有著很深的感情，著名景點也在這裡。"
    assert to_simplified(mainland) == "接着，街道带着群众联系着每一户，著名的老街有着新面貌。"
    assert (
        to_simplified(taiwan)
        == "接着，社区里的志工带着长者使用软件，有着很深的感情，著名景点也在这里。"
    )


def test_series_as_a_title_prefix_and_in_the_lead():
    prefixed = parse_article("田野新篇•乡镇党委书记访谈：漳溪乡把好山好水变成好日子\n\n" + BODY)
    assert prefixed.series == "田野新篇•乡镇党委书记访谈"
    assert prefixed.headline == "漳溪乡把好山好水变成好日子"
    lead = parse_article(
        "高溪乡：让红色资源“活”起来\n\n本报推出《乡村振兴面对面》系列报道，今天走进高溪乡。\n\n"
        + BODY
    )
    assert lead.series == "乡村振兴面对面"


def test_figures_in_other_wordings():
    figures = extract_figures("街道总人 口2万余人，下设4个社区居委会，共有党员2100余名。").values
    assert figures == {"population": 20000, "communities": 4, "party_members": 2100}


def test_a_single_labelled_pair_is_qa_and_host_guest_labels_count():
    single = parse_article(
        "加装电梯如何破题？\n\n记者：老旧小区加装电梯，难点在哪里？\n\n"
        "答：难在意见统一，我们请党员先上门，一户一户听意见，再把方案定下来。"
    )
    assert single.qa_format and len(single.qa_pairs) == 1
    hosted = parse_article(
        "湿地街区新画卷\n\n主持人：街道这两年有什么变化？\n\n嘉宾：我们把社区党建和湿地保护结合起来，"
        "环境好了，居民的精气神也足了。\n\n主持人：下一步呢？\n\n嘉宾：停车场6月底建成，增加车位180个。"
    )
    assert hosted.qa_format and len(hosted.qa_pairs) == 2
