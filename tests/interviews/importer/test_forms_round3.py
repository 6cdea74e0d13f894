"""Issue 13, third round: general rules for what heldout2 missed and for page forms the
corpus does not show yet. Each rule is tested on made-up lines of our own (places and
people invented unless a test is about the gazetteer), written apart from the corpus."""

import pytest

from initiatives.places.divisions import national_gazetteer
from interviews.importer.decode import _listed_titles
from interviews.importer.figures import extract_figures
from interviews.importer.metadata import format_published
from interviews.importer.pipeline import parse_article
from interviews.importer.places import (
    PlaceChain,
    find_person_mentions,
    place_chain_for,
    place_finder,
)
from interviews.importer.rules import drop_boilerplate

# --- figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "population"),
    [
        ("枣林镇人口3.1万，多数人家种枣。", 31000),  # 万 without 人
        ("全乡人口1.2万余，青壮年外出务工的多。", 12000),
        ("辖区人口约为4.6万人，流动人口占三成。", 46000),
        ("辖区总人口逾2万人。", 20000),
        ("全镇有1.8万人口，散居在十几条沟里。", 18000),  # the number before the word
        ("社区人口5200余人。", 5200),
    ],
)
def test_population_in_its_wordings(sentence, population):
    assert extract_figures(sentence).values.get("population") == population


@pytest.mark.parametrize(
    "sentence",
    [
        "辖区人口2.4万户，户均两亩茶园。",  # households, not people
        "去年全镇接待游客9万多人次。",
        "镇里每年有2万人外出打工。",  # people doing something, no 人口
    ],
)
def test_counts_that_are_not_the_population(sentence):
    assert "population" not in extract_figures(sentence).values


def test_party_members_after_the_owner_and_a_filler_word():
    assert extract_figures("全乡目前有党员860名，党员中四成是致富带头人。").values == {
        "party_members": 860
    }
    assert extract_figures("全镇共有党员1300余名。").values == {"party_members": 1300}
    # members doing something stay out
    assert extract_figures("全镇有320名党员认领了公益岗位。").values == {}


# --- places ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "chain"),
    [
        ("记者来到栖霞县枫岭镇", PlaceChain(None, None, "栖霞县")),
        ("枫岭镇位于栖霞县东部", PlaceChain(None, None, "栖霞县")),  # 位于 after the unit
        ("走进云梦县枫岭镇", PlaceChain(None, None, "云梦县")),
        ("驱车前往湖南栖霞县枫岭镇", PlaceChain("湖南省", None, "栖霞县")),
        ("近日栖霞县枫岭镇", PlaceChain(None, None, "栖霞县")),
        ("来自云梦县枫岭镇", PlaceChain(None, None, "云梦县")),
        ("来安县枫岭镇", PlaceChain(None, None, "来安县")),  # 来 starting a place's name
    ],
)
def test_the_words_before_a_place_are_not_part_of_its_name(source, chain):
    with place_finder(national_gazetteer()):
        assert place_chain_for("枫岭镇", [source]) == chain
    assert place_chain_for("枫岭镇", [source]) == chain


def test_a_town_right_under_a_shi_is_under_a_county_level_city_not_a_prefecture():
    with place_finder(national_gazetteer()):
        # an unknown 市 right before the town: the district, and no city stated
        assert place_chain_for("枫岭镇", ["檀州市枫岭镇"]) == PlaceChain(None, None, "檀州市")
        # a prefecture the gazetteer knows keeps its level (a prefecture without counties)
        assert place_chain_for("虎门镇", ["东莞市虎门镇"]) == PlaceChain(None, "东莞市", None)
        # with a district named elsewhere, the 市 is that district's city
        sources = ["檀州市枫岭镇", "栖霞县枫岭镇党委书记"]
        assert place_chain_for("枫岭镇", sources) == PlaceChain(None, "檀州市", "栖霞县")


def test_a_shi_read_as_the_district_is_not_filled_in_as_the_city():
    text = (
        "枫岭镇：荒山种上了油茶\n\n"
        "2021-03-02 来源：檀州新闻网\n\n"
        "檀州市枫岭镇的荒山上，新栽的油茶苗已经返青。檀州市农业部门的技术员每周来一次。\n\n"
        "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望。"
    )
    with place_finder(national_gazetteer()):
        person = parse_article(text, "a.txt").interviewee
    assert (person.unit, person.district, person.city) == ("枫岭镇", "檀州市", None)


# --- a newspaper page's furniture ------------------------------------------------------------

PAGE = "\n\n".join(
    [
        "桐江日报　2021年4月7日　星期三　第A03版：区县",
        "枫岭镇：荒山种上了油茶",
        "■本报记者 陶 然",
        "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望。镇里请来技术员，手把手教。",
        "版次：A03　版名：区县　作者：陶然",
        "（本版编辑：韩雪　美编：孔萌）",
    ]
)


def test_a_newspaper_page_header_and_desk_credits_leave_the_text_after_giving_their_values():
    parsed = parse_article(PAGE, "a.txt")
    for furniture in ("星期三", "第A03版", "本版编辑", "美编", "版次"):
        assert furniture not in parsed.body_text
    assert parsed.headline == "枫岭镇：荒山种上了油茶"
    assert parsed.outlet == "桐江日报"
    assert parsed.published.isoformat() == "2021-04-07"
    assert parsed.reporters == ["陶然"]
    assert "油茶是大家的指望" in parsed.body_text


@pytest.mark.parametrize(
    "line",
    [
        "编辑说，这件事得先问问居民。",  # a sentence that starts with a desk's word
        "审核通过以后，补贴一周内到账",
        "2021年4月7日星期三上午，镇里召开了议事会。",
        "2021年起每周一开放",  # a date and a weekday apart are no page header
    ],
)
def test_prose_that_starts_like_a_desk_credit_or_a_dated_header_stays(line):
    assert drop_boilerplate(f"{line}\n").strip() == line


# --- lists of other articles -------------------------------------------------------------------

ARTICLE_HTML = """<html><head><meta charset="utf-8"><title>枫岭镇：荒山种上了油茶_桐江新闻网</title></head>
<body><div class="nav">首页 > 乡镇</div>
<div class="article"><h1>枫岭镇：荒山种上了油茶</h1>
<div class="info">2021-04-07 09:30 来源：桐江新闻网</div>
<p>枫岭镇的荒山上，新栽的油茶苗已经返青，村民们说这是给子孙种下的“绿色银行”。</p>
<p>枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。</p>
<p>今年全镇新种油茶三千亩，合作社统一收购，村民既拿土地租金又能在山上务工。</p>
</div>
<div class="more"><h3>{heading}</h3><p>桐江大桥主体工程完工</p>
<p>城南一批老旧小区开始改造</p></div>
<div class="footer">桐江新闻网 版权所有</div></body></html>"""


@pytest.mark.parametrize("heading", ["猜你喜欢", "【相关阅读】", "为你推荐 换一换", "热点新闻"])
def test_titles_listed_under_a_list_heading_leave_the_article(heading):
    parsed = parse_article(ARTICLE_HTML.format(heading=heading).encode(), "a.html")
    assert "桐江大桥主体工程完工" not in parsed.body_text
    assert "老旧小区开始改造" not in parsed.body_text
    assert parsed.headline == "枫岭镇：荒山种上了油茶"
    assert "合作社统一收购" in parsed.body_text


def test_a_plain_text_list_under_a_bracketed_heading_leaves_the_article():
    text = "\n\n".join(
        [
            "枫岭镇：荒山种上了油茶",
            "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。",
            "【相关阅读】",
            "桐江大桥主体工程完工",
            "城南一批老旧小区开始改造",
        ]
    )
    parsed = parse_article(text, "a.txt")
    assert "桐江大桥" not in parsed.body_text and "相关阅读" not in parsed.body_text


# --- a bare name in brackets closing the lead -------------------------------------------------

LEAD_PARAGRAPH = "每到周五晚上，枫岭镇的村民就聚到文化站里听课，讲的是油茶修枝和网上开店。"


@pytest.mark.parametrize(
    ("closing", "reporters"),
    [
        ("（章若溪）", ["章若溪"]),
        ("(章若溪)", ["章若溪"]),
        ("（章若溪 孔维）", ["章若溪", "孔维"]),
        ("（欧阳明）", ["欧阳明"]),  # a compound surname
    ],
)
def test_a_bare_name_closing_the_lead_is_its_writer(closing, reporters):
    text = f"枫岭镇：文化站里的夜校\n\n{LEAD_PARAGRAPH}{closing}\n\n油茶合作社今年又添了两台烘干机，村民们都说好。"
    parsed = parse_article(text, "a.txt")
    assert parsed.reporters == reporters
    assert closing not in parsed.body_text
    assert LEAD_PARAGRAPH in parsed.body_text


@pytest.mark.parametrize(
    "closing",
    ["（右一）", "（完）", "（资料图）", "（罗书记）", "（王大姐）", "（张家村）", "（李庄）"],
)
def test_a_bracket_that_is_no_name_is_no_credit(closing):
    text = (
        f"枫岭镇：文化站里的夜校\n\n{LEAD_PARAGRAPH}{closing}\n\n油茶合作社今年又添了两台烘干机。"
    )
    assert parse_article(text, "a.txt").reporters == []


def test_a_bare_name_after_the_lead_is_no_credit():
    text = (
        f"枫岭镇：文化站里的夜校\n\n{LEAD_PARAGRAPH}\n\n"
        "油茶合作社今年又添了两台烘干机，村民们都说好。（章若溪）"
    )
    assert parse_article(text, "a.txt").reporters == []


# --- series, header lines, credits and transcripts in other wordings ---------------------------


@pytest.mark.parametrize(
    ("headline", "series", "rest"),
    [
        ("《基层之声》系列访谈｜枫岭镇：荒山种上了油茶", "基层之声", "枫岭镇：荒山种上了油茶"),
        ("《基层之声》丨枫岭镇的油茶山", "基层之声", "枫岭镇的油茶山"),
        ("《基层之声》系列报道：枫岭镇的油茶山", "基层之声", "枫岭镇的油茶山"),
    ],
)
def test_a_series_before_the_headline_with_a_bar_or_a_colon(headline, series, rest):
    text = f"{headline}\n\n枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。"
    parsed = parse_article(text, "a.txt")
    assert (parsed.series, parsed.headline) == (series, rest)


def test_a_book_title_before_a_colon_is_no_series():
    text = "《山乡巨变》：一本书里的枫岭镇\n\n枫岭镇党委书记罗正清说，全镇人口2.1万，镇里的农家书屋天天有人来。"
    parsed = parse_article(text, "a.txt")
    assert parsed.series is None and parsed.headline == "《山乡巨变》：一本书里的枫岭镇"


@pytest.mark.parametrize(
    "header",
    ["2022年5月19日 09:12　桐江晚报", "2022-05-19 桐江晚报", "2022/05/19 10:00 桐江晚报"],
)
def test_a_date_then_the_outlet_on_one_line(header):
    text = f"枫岭镇：荒山种上了油茶\n\n{header}\n\n枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。"
    parsed = parse_article(text, "a.txt")
    assert parsed.outlet == "桐江晚报"
    assert parsed.published.isoformat().startswith("2022-05-19")
    assert "桐江晚报" not in parsed.body_text


def test_a_closing_credit_with_spaced_names_and_an_intern():
    text = (
        "枫岭镇：荒山种上了油茶\n\n"
        "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。\n\n"
        "（记者 孟 琪 实习生 苏小禾）"
    )
    parsed = parse_article(text, "a.txt")
    assert parsed.reporters == ["孟琪"]  # an intern is not credited as a reporter
    assert "实习生" not in parsed.body_text


def test_a_transcript_by_name_on_single_lines_is_qa():
    text = "\n".join(
        [
            "枫岭镇：荒山种上了油茶",
            "",
            "记者：枫岭镇山多地少，您是怎么想到种油茶的？",
            "　　罗正清：油茶耐旱，荒山上也能长，十年以后就是村民的“绿色银行”。",
            "记者：村民愿意种吗？",
            "　　罗正清：一开始不愿意，镇里先让党员带头种，第二年大家就跟上来了。",
        ]
    )
    parsed = parse_article(text, "a.txt")
    assert parsed.qa_format
    assert [p.question for p in parsed.qa_pairs] == [
        "枫岭镇山多地少，您是怎么想到种油茶的？",
        "村民愿意种吗？",
    ]
    assert parsed.qa_pairs[1].answer.startswith("一开始不愿意")


@pytest.mark.parametrize(
    ("source", "chain"),
    [
        ("枫岭镇位于栖霞县西部山区", PlaceChain(None, None, "栖霞县")),
        ("枫岭镇隶属于檀州市栖霞县，", PlaceChain(None, "檀州市", "栖霞县")),
        ("枫岭镇地处湖南栖霞县北部", PlaceChain("湖南省", None, "栖霞县")),
        ("枫岭镇位于栖霞县与云梦县交界处", PlaceChain()),  # in neither for sure
        ("枫岭镇位于檀州市东部", PlaceChain()),  # a 市 alone: which level is not said
        ("枫岭镇位于城区西部", PlaceChain()),
    ],
)
def test_the_places_a_unit_is_said_to_lie_in_after_its_name(source, chain):
    with place_finder(national_gazetteer()):
        assert place_chain_for("枫岭镇", [source]) == chain


def test_a_known_one_character_county_at_the_end_of_a_longer_name_is_not_read_alone():
    with place_finder(national_gazetteer()):
        assert place_chain_for("枫岭镇", ["安宁县枫岭镇"]) == PlaceChain(None, None, "安宁县")
        assert place_chain_for("枫岭镇", ["安徽和县枫岭镇"]) == PlaceChain("安徽省", None, "和县")
        assert place_chain_for("枫岭镇", ["在宁县枫岭镇"]) == PlaceChain(None, None, "宁县")


# --- posts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "post"),
    [
        ("槐林乡党委书记、人大主席韩立军说，", "槐林乡", "党委书记、人大主席"),
        ("槐林乡党委书记兼乡长韩立军说，", "槐林乡", "党委书记兼乡长"),
        ("石桥镇党委委员、副镇长周海涛说，", "石桥镇", "党委委员、副镇长"),
        ("石桥镇人民政府镇长周海涛说，", "石桥镇", "镇长"),  # the government is no part of the unit
        ("青禾街道办事处主任高卫东说，", "青禾街道", "办事处主任"),
        ("青禾街道党工委副书记、办事处主任高卫东说，", "青禾街道", "党工委副书记、办事处主任"),
    ],
)
def test_posts_in_their_variants(text, unit, post):
    mentions = find_person_mentions(text)
    assert [(m.unit, m.post) for m in mentions] == [(unit, post)]
    assert mentions[0].name in ("韩立军", "周海涛", "高卫东")


# --- dates and sources sharing a header line ------------------------------------------------------

BODY = (
    "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望，镇里请来技术员手把手教。\n\n"
    "合作社统一收购，村民既拿租金又能务工。"
)


@pytest.mark.parametrize(
    ("header", "outlet", "published"),
    [
        (
            "【发布时间：2022-01-14】【来源：桐江新闻网】【字体：大 中 小】",
            "桐江新闻网",
            "2022-01-14",
        ),
        ("信息来源：栖霞县人民政府 发布日期：2022-01-14", "栖霞县人民政府", "2022-01-14"),
        ("桐江新闻网 | 2022-01-14 10:05", "桐江新闻网", "2022-01-14T10:05+08:00"),
        ("作者：程雪 | 来源：桐江晚报 | 2022-01-14 10:05", "桐江晚报", "2022-01-14T10:05+08:00"),
        ("[2022-01-14 08:30] 来源：桐江新闻网", "桐江新闻网", "2022-01-14T08:30+08:00"),
    ],
)
def test_a_header_line_sharing_the_date_and_the_source(header, outlet, published):
    parsed = parse_article(f"枫岭镇：荒山种上了油茶\n\n{header}\n\n{BODY}", "a.txt")
    assert parsed.outlet == outlet
    assert format_published(parsed.published) == published
    assert parsed.body_text.startswith("枫岭镇党委书记")


# --- a government site's transcript, labels in brackets --------------------------------------------

TRANSCRIPT = "\n\n".join(
    [
        "栖霞县人民政府 在线访谈",
        "访谈主题：油茶产业助推乡村振兴",
        "访谈时间：2021年6月10日 15:00",
        "访谈嘉宾：枫岭镇党委书记 罗正清",
        "[主持人]：各位网友，大家下午好！罗书记，请您先介绍一下枫岭镇的基本情况。",
        "[罗正清]：枫岭镇位于栖霞县西部，面积112平方公里，总人口2.8万人。",
        "[网友“山里人”]：油茶多少年能挂果？",
        "[罗正清]：一般四到五年进入盛果期。",
        "[主持人]：谢谢罗书记，今天的访谈到此结束。",
    ]
)


def test_a_transcript_with_bracketed_labels_and_a_netizen_question():
    with place_finder(national_gazetteer()):
        parsed = parse_article(TRANSCRIPT, "a.txt")
    assert parsed.headline == "油茶产业助推乡村振兴"  # not the site and channel line
    assert parsed.published is None  # an interview time is not the publication
    assert (parsed.interviewee.name, parsed.interviewee.district) == ("罗正清", "栖霞县")
    assert parsed.qa_format
    assert [p.question for p in parsed.qa_pairs] == [
        "各位网友，大家下午好！罗书记，请您先介绍一下枫岭镇的基本情况。",
        "油茶多少年能挂果？",
    ]  # the closing host turn has no answer
    assert parsed.qa_pairs[1].answer == "一般四到五年进入盛果期。"
    assert "[罗正清]" not in parsed.body_text


def test_a_host_labelled_with_a_name_on_single_lines():
    text = "\n".join(
        [
            "枫岭镇：荒山种上了油茶",
            "主持人 李明：罗书记您好，枫岭镇为什么选择油茶？",
            "罗正清：油茶耐旱耐瘠，适合我们的荒山，十年以后就是“绿色银行”。",
        ]
    )
    parsed = parse_article(text, "a.txt")
    assert parsed.qa_format and len(parsed.qa_pairs) == 1  # a single labelled pair is Q&A
    assert parsed.qa_pairs[0].answer.startswith("油茶耐旱耐瘠")


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("街道下辖八个社区，常住人口三万余人。", {"communities": 8, "population": 30000}),
        ("全镇有党员一千二百余名。", {"party_members": 1200}),
        ("辖区面积十二平方公里。", {"area_km2": 12}),
        (
            "全乡总人口两万多人，下辖十二个行政村、一个社区。",
            {"population": 20000, "communities": 1},
        ),
        ("辖区十几个社区都建了议事厅。", {}),  # 十几: no stated figure
        ("镇里第一个社区服务站建成了。", {}),
    ],
)
def test_figures_written_in_chinese_numerals(sentence, figures):
    found = extract_figures(sentence)
    assert found.values == figures
    assert all(source == sentence for source in found.sources.values())  # as written


# --- bylines in other forms --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "reporters", "correspondents"),
    [
        ("文/程雪 图/柏林", ["程雪"], []),  # the photographer is no writer
        ("文丨程雪", ["程雪"], []),
        ("文|程雪", ["程雪"], []),
        ("撰文：程雪 摄影：柏林", ["程雪"], []),
        ("记者｜程雪 编辑｜柏林", ["程雪"], []),
        ("◆程雪", ["程雪"], []),
        ("◎本报记者 程 雪 通讯员 柏林", ["程雪"], ["柏林"]),
    ],
)
def test_credit_lines_in_other_forms(credit, reporters, correspondents):
    parsed = parse_article(f"枫岭镇：荒山种上了油茶\n\n{credit}\n\n{BODY}", "a.txt")
    assert (parsed.reporters, parsed.correspondents) == (reporters, correspondents)
    assert parsed.headline == "枫岭镇：荒山种上了油茶"
    assert parsed.body_text.startswith("枫岭镇党委书记")


@pytest.mark.parametrize(
    ("dateline", "reporters", "correspondents"),
    [
        ("本报讯（记者 程雪 通讯员 柏林）", ["程雪"], ["柏林"]),
        ("桐江新闻网讯（记者 程雪）", ["程雪"], []),
        ("本报讯 记者程雪 通讯员柏林报道：", ["程雪"], ["柏林"]),
        ("新华社桐江5月3日电（记者 程雪）", ["程雪"], []),
    ],
)
def test_a_dateline_credit_opening_the_lead(dateline, reporters, correspondents):
    lead = "枫岭镇党委书记罗正清说，全镇人口2.1万，油茶是大家的指望。"
    parsed = parse_article(
        f"枫岭镇：荒山种上了油茶\n\n{dateline}{lead}\n\n合作社统一收购。", "a.txt"
    )
    assert (parsed.reporters, parsed.correspondents) == (reporters, correspondents)
    assert parsed.body_text.startswith(lead)


def test_a_taiwan_style_page_in_big5_with_a_township_office():
    page = (
        '<html><head><meta charset="big5"><title>楓嶺鄉：荒山種上了油茶 - 桐江時報電子報</title>'
        "</head><body><div>首頁 > 地方 > 桐江</div><h1>楓嶺鄉：荒山種上了油茶</h1>"
        "<div>2021/04/07 09:30　記者程雪／桐江報導</div>"
        "<p>楓嶺鄉公所鄉長羅正清說，全鄉人口2.1萬人，接著鄉裡請來技術員，手把手教村民種油茶。</p>"
        "<p>羅正清表示，油茶有著耐旱的特性，十年後就是村民的「綠色銀行」。</p>"
        "<div>桐江時報 版權所有</div></body></html>"
    )
    parsed = parse_article(page.encode("big5"), "a.html")
    person = parsed.interviewee
    assert (person.name, person.post, person.unit) == ("罗正清", "乡长", "枫岭乡")
    assert parsed.reporters == ["程雪"]
    assert parsed.figures == {"population": 21000}
    assert "接着" in parsed.body_text and "有着" in parsed.body_text
    assert "版权所有" not in parsed.body_text


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("全街道划分为40个网格，建立网格党支部40个。", {"grids": 40, "grid_party_branches": 40}),
        ("街道下辖社区10个，党支部24个。", {"communities": 10, "party_branches": 24}),
        ("辖区有网格党支部12个。", {"grid_party_branches": 12}),
        ("全镇划分网格56个。", {"grids": 56}),
        ("镇里成立党支部3个帮扶小组。", {}),  # no owner, no profile sentence
    ],
)
def test_counts_written_after_the_noun(sentence, figures):
    assert extract_figures(sentence).values == figures


def test_a_mention_before_the_unit_wins_over_where_it_is_said_to_lie():
    sources = ["栖霞县枫岭镇地处桐江老城区西北部，辖区面积4.2平方公里。"]
    with place_finder(national_gazetteer()):
        assert place_chain_for("枫岭镇", sources).district == "栖霞县"


def test_the_time_of_a_later_header_line_refines_a_site_bar_date_of_the_same_day():
    text = (
        "2020年9月3日 星期四 登录 | 注册 | 投稿\n\n枫岭镇：荒山种上了油茶\n\n"
        "2020-09-03 08:12:45 来源：桐江热线\n\n" + BODY
    )
    assert format_published(parse_article(text, "a.txt").published) == "2020-09-03T08:12:45+08:00"


def test_a_desk_line_under_the_text_is_the_byline_and_above_it_is_not():
    below = f"枫岭镇：荒山种上了油茶\n\n{BODY}\n\n桐江日报栖霞记者站"
    parsed = parse_article(below, "a.txt")
    assert parsed.byline == "桐江日报栖霞记者站"
    assert "记者站" not in parsed.body_text
    above = f"栖霞县融媒体中心\n\n枫岭镇：荒山种上了油茶\n\n{BODY}"
    assert parse_article(above, "a.txt").byline is None


def test_a_figure_caption_the_extractor_dropped_is_put_back_under_its_paragraph():
    page = ARTICLE_HTML.format(heading="猜你喜欢").replace(
        "<p>今年全镇新种油茶",
        "<figure><img src='/a.jpg'><figcaption>罗正清（右）在油茶林里查看苗情</figcaption></figure>"
        "<p>今年全镇新种油茶",
    )
    parsed = parse_article(page.encode(), "a.html")
    assert parsed.photo_captions == ["罗正清（右）在油茶林里查看苗情"]
    blocks = [b["kind"] for b in parsed.body_blocks]
    assert blocks.index("photo") == 2  # under the paragraph it follows on the page


# --- a broadcast script ------------------------------------------------------------------------

SCRIPT = "\n\n".join(
    [
        "【桐江新闻】枫岭镇：荒山变成“油茶山”",
        "2021-04-07 19:35:02　来源：桐江广播电视台",
        "【导语】近年来，栖霞县枫岭镇把荒山流转给合作社种油茶，荒山成了村民的“绿色银行”。",
        "【正文】\n春日的枫岭镇，油茶苗长势正旺。枫岭镇党委书记罗正清告诉记者，全镇已种油茶三千多亩。",
        "【同期】枫岭镇党委书记 罗正清\n油茶是长远产业，我们要一任接着一任干。",
        "记者 程雪 柏林 报道",
    ]
)


def test_a_broadcast_script_loses_its_labels_and_keeps_its_credits():
    parsed = parse_article(SCRIPT, "a.txt")
    assert parsed.headline == "枫岭镇：荒山变成“油茶山”"  # the programme's name goes
    assert parsed.reporters == ["程雪", "柏林"]  # the closing credit line, 报道 and all
    for label in ("【导语】", "【正文】", "【同期】", "报道"):
        assert label not in parsed.body_text
    assert "油茶是长远产业，我们要一任接着一任干。" in parsed.body_text.split("\n\n")
    assert (parsed.interviewee.name, parsed.interviewee.unit) == ("罗正清", "枫岭镇")


def test_a_transcript_heading_is_no_writer():
    text = f"枫岭镇：荒山种上了油茶\n\n文字实录\n\n{BODY}"
    assert parse_article(text, "a.txt").reporters == []


@pytest.mark.parametrize(
    ("headline", "series"),
    [
        ("【桐江新闻】枫岭镇的油茶山", None),
        ("【书记谈治理系列访谈】枫岭镇的油茶山", "书记谈治理系列访谈"),
    ],
)
def test_a_bracketed_name_before_the_headline(headline, series):
    parsed = parse_article(f"{headline}\n\n{BODY}", "a.txt")
    assert (parsed.headline, parsed.series) == ("枫岭镇的油茶山", series)


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("转自：桐江日报", "桐江日报"),
        ("本文转载自桐江日报", "桐江日报"),
        ("摘自《桐江日报》2021年4月7日", "桐江日报"),
        ("来源：微信公众号“桐江发布”", "桐江发布"),
        ("来源丨桐江日报", "桐江日报"),
    ],
)
def test_a_repost_names_its_original_in_other_wordings(line, outlet):
    parsed = parse_article(f"枫岭镇：荒山种上了油茶\n\n{line}\n\n{BODY}", "a.txt")
    assert parsed.outlet == outlet
    assert parsed.body_text.startswith("枫岭镇党委书记")


@pytest.mark.parametrize(
    ("q1", "a1", "q2", "a2"),
    [
        ("Q1：", "A1：", "Q2：", "A2："),
        ("【记者】：", "【答】：", "【记者】：", "【答】："),
    ],
)
def test_numbered_and_bracketed_turns_on_single_lines(q1, a1, q2, a2):
    text = "\n".join(
        [
            "枫岭镇：荒山种上了油茶",
            f"{q1}油茶多少年挂果？",
            f"{a1}一般四到五年进入盛果期。",
            f"{q2}村民愿意种吗？",
            f"{a2}党员先带头，第二年大家就跟上了。",
        ]
    )
    parsed = parse_article(text, "a.txt")
    assert parsed.qa_format
    assert [(p.question, p.answer) for p in parsed.qa_pairs] == [
        ("油茶多少年挂果？", "一般四到五年进入盛果期。"),
        ("村民愿意种吗？", "党员先带头，第二年大家就跟上了。"),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "枫岭镇：荒山种上了油茶_乡镇动态_桐江新闻网",
        "枫岭镇：荒山种上了油茶-桐江新闻网-桐江门户",
        "枫岭镇：荒山种上了油茶|桐江日报",
        "枫岭镇：荒山种上了油茶 - 乡镇 - 桐江网",
    ],
)
def test_a_page_title_loses_its_channel_and_site(title):
    assert parse_article(f"{title}\n\n{BODY}", "a.txt").headline == "枫岭镇：荒山种上了油茶"


@pytest.mark.parametrize("title", ["党建引领｜枫岭镇的油茶山", "2021-2025年枫岭镇油茶规划"])
def test_a_headline_with_a_bar_or_a_hyphen_of_its_own_stays(title):
    assert parse_article(f"{title}\n\n{BODY}", "a.txt").headline == title


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("街道辖区3.2平方公里，常住居民2.1万人。", {"area_km2": 3.2, "population": 21000}),
        ("全镇占地12平方公里。", {"area_km2": 12}),
        ("户籍人口3万人，常住居民2.4万人。", {"population": 24000}),  # the resident figure
        ("新建的公园占地3平方公里。", {}),  # not the unit's
        ("辖区居民200余人参加了议事会。", {}),  # residents doing something
    ],
)
def test_area_and_residents_in_other_wordings(sentence, figures):
    assert extract_figures(sentence).values == figures


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("更新时间：2022-03-01 10:00", None),  # an edit, not the publication
        ("最后更新：2022-03-01", None),
        ("更新时间：2022-03-01 10:00 发布时间：2022-01-14 09:00", "2022-01-14T09:00+08:00"),
    ],
)
def test_an_update_time_is_no_publication_date(header, published):
    parsed = parse_article(f"枫岭镇：荒山种上了油茶\n\n{header}\n\n{BODY}", "a.txt")
    assert format_published(parsed.published) == published


@pytest.mark.parametrize(
    "header", ["2019-06-21 11:06　桐江时报 / 记者程雪／桐江报导", "2019-06-21 桐江时报 记者程雪"]
)
def test_the_outlet_between_the_time_and_the_credit(header):
    parsed = parse_article(f"枫岭镇：荒山种上了油茶\n\n{header}\n\n{BODY}", "a.txt")
    assert (parsed.outlet, parsed.reporters) == ("桐江时报", ["程雪"])


def test_only_lists_below_the_articles_first_paragraph_are_other_articles():
    first = "枫岭镇的荒山上，新栽的油茶苗已经返青，村民们说这是给子孙种下的“绿色银行”。"
    page = "\n".join(
        ["热点新闻", "桐江大桥主体工程完工", "枫岭镇：荒山种上了油茶", "《基层之声》系列访谈", first,
         "罗正清说，油茶是大家的指望。", "猜你喜欢", "城南一批老旧小区开始改造"]
    )  # fmt: skip
    article = f"枫岭镇：荒山种上了油茶\n\n《基层之声》系列访谈\n\n{first}"
    assert _listed_titles(page, article) == {"城南一批老旧小区开始改造"}
