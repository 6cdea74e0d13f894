"""Issue 13, second round: the general rules written against dev/ and the first held-out part
(our own made-up lines; the places are invented unless a test is about the gazetteer)."""

import pytest

from initiatives.places.divisions import national_gazetteer
from interviews.importer.decode import repair_mojibake
from interviews.importer.encyclopedia import read_entry
from interviews.importer.metadata import capture_metadata
from interviews.importer.pipeline import parse_article
from interviews.importer.places import PlaceChain, _read_chain, place_chain_for, place_finder
from interviews.importer.rules import drop_boilerplate, separate_line_paragraphs

LEAD = "记者近日走进这里，看到居民们正在小广场上议事，大家七嘴八舌地商量路灯该装在哪几处。"


def _garbled(text: str) -> str:
    """``text`` as a GBK decoder reads its UTF-8 bytes, each undecodable byte a ``?``."""
    return text.encode("utf-8").decode("gbk", errors="replace").replace("\ufffd", "?")


# --- mojibake -------------------------------------------------------------------------------


def test_utf8_read_as_gbk_is_turned_back_and_lost_characters_are_marked():
    line = "街道党工委书记詹立华说，老城区的空地少，但边角地不少。"
    garbled = _garbled(line)
    assert garbled != line and "銆" in garbled
    repaired = repair_mojibake(f"{garbled}\n")
    assert "党工委书记詹立华说" in repaired
    assert "銆" not in repaired
    # what could not be rebuilt is U+FFFD (removed and flagged later), never a guess
    assert all(ch in line or ch in "\ufffd\n" for ch in repaired)


def test_a_line_that_is_not_mojibake_is_left_alone():
    text = "土壩孜街道作為八公山區老城區的縮影，城鄉交錯。\n鹤汀镇党委书记贺永平说，果农有问题打个电话。"
    assert repair_mojibake(text) == text


def test_every_lost_span_is_flagged_for_the_editor():
    article = (
        "北堤街道：居民议事会议出口袋公园\n\n"
        f"{_garbled('北堤街道辖区面积1.9平方公里，总人口3.3万人，下辖5个社区。')}\n\n"
        "祁玉洁说，每一处口袋公园都先由居民议事会讨论选址和设计方案。"
    )
    parsed = parse_article(article.encode("utf-8"), "a.txt")
    assert "\ufffd" not in parsed.body_text and "锛" not in parsed.body_text
    flags = [w for w in parsed.warnings if w.startswith("无法复原的乱码")]
    assert flags and all("北堤街道" in w or "�" in w for w in flags)


def test_the_text_after_a_garbled_closing_quote_is_flagged():
    text = "“我们要把事情办好�,!蓖鯘深8嬖V记者，街道将继续推进。"
    parsed = parse_article(text, "a.txt")
    assert any("引号后" in w and "蓖鯘深" in w for w in parsed.warnings)


# --- places -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "chain"),
    [
        ("江苏邳州市", PlaceChain("江苏省", None, "邳州市")),  # a county-level city
        ("江西赣州瑞金市", PlaceChain("江西省", "赣州市", "瑞金市")),
        ("在浙江安吉县", PlaceChain("浙江省", None, "安吉县")),  # words before the chain
        ("成都市锦江区", PlaceChain(None, "成都市", "锦江区")),
        ("武夷山市", PlaceChain(None, None, "武夷山市")),
    ],
)
def test_the_gazetteer_reads_levels_and_short_forms(run, chain):
    with place_finder(national_gazetteer()):
        assert _read_chain(run)[1] == chain


@pytest.mark.parametrize(
    ("run", "chain"),
    [
        ("湖北鹤川县", PlaceChain("湖北省", None, "鹤川县")),  # a province without 省
        ("德川市潞西县", PlaceChain(None, "德川市", "潞西县")),
        ("淮江市东郊区", PlaceChain(None, "淮江市", "东郊区")),
        ("在漓水县", PlaceChain(None, None, "漓水县")),
        ("青岛市北区", PlaceChain(None, "青岛市", "市北区")),
    ],
)
def test_the_rules_read_places_the_gazetteer_does_not_know(run, chain):
    with place_finder(national_gazetteer()):
        assert _read_chain(run)[1] == chain
    assert _read_chain(run)[1] == chain  # and without a gazetteer


def test_a_chain_is_merged_across_mentions_and_read_past_de():
    sources = [
        "厦门鹭江街道 台胞参与社区营造",
        "位于福建省厦门市思明区的鹭江街道，近年",
        "思明区鹭江街道党工委书记",
    ]
    with place_finder(national_gazetteer()):
        assert place_chain_for("鹭江街道", sources) == PlaceChain("福建省", "厦门市", "思明区")


# --- encyclopedia entries -------------------------------------------------------------------


def test_an_encyclopedia_entry_keeps_its_name_sections_and_text_only():
    page = "\n".join(
        [
            "博闻百科 首页 请输入词条名称",
            "芦湾镇",
            "编辑 讨论 收藏",
            "芦湾镇，隶属于望川市漓水县，地处漓水县北部平原，是漓水县的农业大镇。[1]",
            "中文名",
            "芦湾镇",
            "面 积",
            "86.5 km²",
            "目录",
            "1 历史沿革",
            "2 经济",
            "历史沿革",
            "编辑",
            "1992年撤乡设镇。",
            "经济",
            "芦湾镇以水稻和小龙虾种植为主，农村居民人均可支配收入2.1万元。",
            "参考资料",
            "1. 漓水县志",
            "词条标签：行政区划",
        ]
    )
    entry = read_entry(page)
    assert entry is not None
    assert entry.name == "芦湾镇"
    assert entry.section_heads == ("历史沿革", "经济")
    for furniture in ("请输入词条名称", "编辑", "[1]", "参考资料", "词条标签", "目录", "86.5 km²"):
        assert furniture not in entry.text
    parsed = parse_article(page, "entry.txt")
    assert (parsed.headline, parsed.section_heads) == ("芦湾镇", ["历史沿革", "经济"])
    assert parsed.published is None and parsed.interviewee.name is None


def test_an_article_with_a_population_sentence_is_no_entry():
    assert read_entry(f"人口2.9万人的小镇\n\n{LEAD}") is None


# --- headers, credits, outlets ----------------------------------------------------------------


def test_outlet_from_a_masthead_a_glued_dateline_and_a_closing_source():
    assert capture_metadata(f"眉州日报\n2021年09月08日 星期三\n{LEAD}").outlet == "眉州日报"
    assert capture_metadata(f"标题\n2011-10-19 12:19漓水新闻网\n{LEAD}").outlet == "漓水新闻网"
    assert capture_metadata(f"标题\n{LEAD}\n（来源：临泓融媒）").outlet == "临泓融媒"


def test_a_copyright_notice_alone_names_no_outlet():
    assert capture_metadata(f"标题\n{LEAD}\n望川新闻网 版权所有").outlet is None
    page = f"望川新闻网 首页 要闻\n标题\n{LEAD}\n望川新闻网 版权所有"
    assert capture_metadata(page).outlet == "望川新闻网"


def test_a_closing_bracketed_credit_is_read_and_作者单位_is_not_one():
    metadata = capture_metadata(f"标题\n{LEAD}\n（记者 朱明轩）\n（作者单位：《乡土》杂志社）")
    assert metadata.reporters == ("朱明轩",)


def test_transcript_turns_on_single_lines_become_paragraphs():
    text = "问：下一步有什么打算？\n答：建设示范带，把沿线的茶园串起来。\n记者：年轻人愿意回来吗？\n聂书记：回来的越来越多了。"
    assert separate_line_paragraphs(f"标题\n\n{text}").count("\n\n") == 4


@pytest.mark.parametrize(
    "line",
    [
        "【字体：大 中 小】  打印",
        "字级 大 中 小",
        "【我要打印】【关闭窗口】",
        "第A05版：城事",
        "| 第A05版：城事 | 上一版 下一版 |",
        "《社区风采》2021年第9期 人物",
        "主办：沁川市临泓区人民政府办公室 地址：临泓区府前路1号 邮编：310000",
        "南昌新闻 南昌新闻网 南昌本地新闻 南昌头条 江西新闻",
    ],
)
def test_more_furniture_lines_are_dropped(line):
    assert drop_boilerplate(f"{LEAD}\n\n{line}") == LEAD


def test_a_short_unit_post_names_the_unit_named_before():
    text = (
        "高溪乡：让红色资源活起来\n\n"
        "今天，我们走进永新县高溪乡，听乡党委书记易红波讲高溪的红色故事。\n\n"
        "易红波告诉记者，过去这些旧址大多藏在深山无人识，这几年乡里进行了修缮。"
    )
    person = parse_article(text, "a.txt", places=national_gazetteer()).interviewee
    assert (person.name, person.post, person.unit, person.district) == (
        "易红波", "党委书记", "高溪乡", "永新县",
    )  # fmt: skip
