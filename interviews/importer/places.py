"""Places and people named in an article: ``溟州市中区临渡路街道党工委书记钟远航``.

The place tree (province > city > district/county > sub-district/town) is read only
from what the text writes; nothing is looked up or guessed. Where a page writes a city
without its ``市`` before a district that starts with one (``溟州市中区`` is 溟州 +
市中区), the shared ``市`` is read as belonging to both.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from typing import Protocol

from .credits import COMPOUND_SURNAMES
from .text import CJK

UNIT_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
DISTRICT_SUFFIXES = ("区", "县", "旗")
# Longest first: the alternation must prefer 党工委书记 over 书记.
POSTS = (
    "党工委副书记", "党工委书记", "党委副书记", "党委书记", "党工委委员", "党委委员",
    "工委副书记", "工委书记",
    "办事处主任", "办事处副主任", "人大工委主任", "人大主席", "人大副主席",
    "副镇长", "镇长", "副乡长", "乡长", "主任", "书记",
)  # fmt: skip
_POST_RE = re.compile("|".join(POSTS))
# A second post after the first: 党委副书记、镇长, 党工委书记、办事处主任, 党委书记兼乡长.
_SECOND_POST = re.compile("([、兼])(" + "|".join(POSTS) + ")")
# Characters that end a name: verbs and particles that follow a name in reporting.
NAME_STOP = set("表说和在介指告认的是等接与对为也、就到把将从以被已曾称透讲谈带同及讲并向都还作")
# A name never starts with these.
NAME_BAD_FIRST = set("为是的在和与对及等也都就说表们这那其该各本此")
# Words that precede a person line in a deck and are not part of the place.
LEAD_WORDS = ("记者专访", "专访", "对话", "走近", "访", "记")
# Tokens ending in 市 that are not the name of a city.
# Words after a bare place name that make it a city: 岚江 + 市委 -> 岚江市.
CITY_ORGANS = ("市委", "市政府", "市人大", "市政协", "市纪委", "市委书记", "市长")
NOT_CITIES = (
    "城市",
    "都市",
    "超市",
    "全市",
    "本市",
    "该市",
    "我市",
    "各市",
    "门市",
    "夜市",
    "股市",
    "市场",
)


# What stands before 城市 in a word that is no city's name (大城市, 这座城市, 文明城市).
CITY_WORD_MODIFIERS = set("大小新老全各型化的座个名们中卫级")


def _city_shaped(word: str) -> bool:
    """``盐城市``, ``江城市``: a name and 市; not ``城市`` after a modifier or in a longer
    phrase (文明城市), nor the other words ending in 市 (超市, 全市)."""
    if word.endswith("城市") and len(word) == 3:
        return word[0] not in CITY_WORD_MODIFIERS
    return not word.endswith(NOT_CITIES)


def _city_at(run: str, start: int, word: str) -> bool:
    """``word`` (ending in 市) read as a city at ``start`` of ``run``: city-shaped, and a
    three-character 某城市 only where a place may start (not 明城市 of 文明城市)."""
    if not _city_shaped(word):
        return False
    if word.endswith("城市") and len(word) == 3 and start:
        return _after_place_boundary(run[:start])
    return True


def _after_place_boundary(before: str) -> bool:
    """Whether a place may start after ``before``: a province, a word that leads to a
    place (走进, 在) or anything but an ideograph."""
    if not re.match(f"[{CJK}]", before[-1]):
        return True
    return (
        before.endswith(("省", "自治区"))
        or before.endswith(tuple(PROVINCE_SHORT))
        or before.endswith(PLACE_LEAD_WORDS)
        or before[-1] in PLACE_BAD_FIRST
    )


@dataclass
class Interviewee:
    name: str | None = None
    post: str | None = None
    unit: str | None = None
    district: str | None = None
    city: str | None = None
    province: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class PersonMention:
    """One ``<places><unit><post><name>`` run found in the text."""

    places: str  # the ideographs before the unit, maybe with lead words (专访…)
    unit: str
    post: str
    name: str
    start: int


@dataclass(frozen=True)
class PlaceChain:
    province: str | None = None
    city: str | None = None
    district: str | None = None

    @property
    def depth(self) -> int:
        return sum(1 for v in (self.province, self.city, self.district) if v)


# Ideographs read back from a post or a unit: places and a unit are never longer, and an
# unbounded walk back through a text without punctuation would be quadratic.
RUN_MAX = 40


def _cjk_run_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < RUN_MAX and re.match(f"[{CJK}]", text[start - 1]):
        start -= 1
    return text[start:end]


def _name_after(text: str, start: int) -> str | None:
    i = start
    while i < len(text) and text[i] in " \u3000":
        i += 1
    chars = []
    # A compound surname (欧阳, 上官) takes one or two given characters after it.
    most = 4 if text.startswith(COMPOUND_SURNAMES, i) else 3
    while i < len(text) and len(chars) < most and re.match(f"[{CJK}]", text[i]):
        chars.append(text[i])
        i += 1
    if most == 4 and len(chars) == 4 and chars[3] in NAME_STOP:
        chars = chars[:3]
    if most == 3 and len(chars) >= 3 and chars[2] in NAME_STOP:
        chars = chars[:2]
    if len(chars) < 2 or chars[0] in NAME_BAD_FIRST or chars[1] in NAME_STOP:
        return None
    name = "".join(chars)
    if most == 3 and len(name) == 3 and text.count(name[:2]) > 2 * text.count(name):
        # 王伟主持…: the two-character form is what the article keeps using.
        name = name[:2]
    return name


def _unit_from_run(
    run: str, text: str, seen: dict[str, int] | None = None
) -> tuple[str, str] | None:
    """Split ``run`` (ideographs before a post) into (what precedes the unit, unit).

    Of the possible units (``渡路街道``, ``临渡路街道``...), the one the article also writes
    after a boundary (line start, punctuation, a district) wins; ties go to the shortest,
    since a longer candidate on a tie has swallowed a district (``南湖区柳林街道``).
    """
    suffix = next((s for s in UNIT_SUFFIXES if run.endswith(s)), None)
    if suffix is None:
        return None
    best: tuple[int, int, str] | None = None
    for name_length in range(2, 7):
        start = len(run) - len(suffix) - name_length
        if start < 0:
            break
        unit = run[start:]
        lead = next((w for w in LEAD_WORDS if unit.startswith(w)), "")
        if lead and len(unit) - len(lead) >= len(suffix) + 2:
            continue  # 对话望江镇: a deck's opening word is no part of the unit (访仙镇 is one)
        if seen is not None and unit in seen:
            score = seen[unit]
        else:
            pattern = re.compile(rf"(?:^|(?<=[^{CJK}])|(?<=[区县市旗]))" + re.escape(unit))
            score = len(pattern.findall(text))
            if seen is not None:
                seen[unit] = score  # counted once per text, however often it is named
        rest = run[:start]
        if _parse_chain(_strip_lead(rest)) is not None or not rest:
            score += 1
        candidate = (score, -name_length, unit)
        if best is None or candidate > best:
            best = candidate
    if best is None or best[0] == 0:
        return None
    unit = best[2]
    return run[: len(run) - len(unit)], unit


def find_person_mentions(text: str) -> list[PersonMention]:
    """Every ``<unit><post><name>`` in ``text``, in order."""
    mentions = []
    seen: dict[str, int] = {}
    for match in _POST_RE.finditer(text):
        run = _unit_run(_cjk_run_before(text, match.start()))
        split = _unit_from_run(run, text, seen)
        if split is None:
            continue
        post, end = match.group(0), match.end()
        if second := _SECOND_POST.match(text, end):
            post, end = f"{post}{second.group(1)}{second.group(2)}", second.end()
        name = _name_after(text, end)
        if name is None:
            continue
        places, unit = split
        mentions.append(PersonMention(places, unit, post, name, match.start()))
    return mentions


def _unit_run(run: str) -> str:
    """The run before a post, ending with the unit: ``柳溪镇镇`` (镇 + 党委书记) and
    ``柏石街道办事处`` (the office + 党工委书记) name the 镇 and the 街道."""
    if run.endswith(("镇镇", "乡乡")):
        return run[:-1]
    if run.endswith("街道办事处"):
        return run[: -len("办事处")]
    for office in ("人民政府", "政府", "公所"):  # 某镇人民政府镇长, 某乡公所乡长
        if run.endswith(("镇" + office, "乡" + office)):
            return run[: -len(office)]
    return run


def _strip_lead(places: str) -> str:
    for word in LEAD_WORDS:
        if places.startswith(word):
            return places[len(word) :]
    return places


# Provinces as pages write them without 省 (``山东寿光市``, ``湖北某某县``), completed.
# Municipalities are left out: 北京 and 上海 name streets and units (上海路街道) as often.
PROVINCE_SHORT = {
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省", "黑龙江": "黑龙江省",
    "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省", "福建": "福建省", "江西": "江西省",
    "山东": "山东省", "河南": "河南省", "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省",
    "海南": "海南省", "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省", "台湾": "台湾省", "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
}  # fmt: skip
# A place name written by the rules never starts with these: they end the words before
# it (在澜水县, 记岚江市, 走进枫林县).
PLACE_BAD_FIRST = set("在于到进访记是的了和与对把从向赴走入位地处属隶据")
# Words of two characters or more that end the words before a place, where their first
# character can begin a place name (来到鹤城县 is not 来安县's kind: 来到 is a verb).
PLACE_LEAD_WORDS = (
    "来到", "来自", "前往", "前去", "赶赴", "赶到", "深入", "回到", "返回", "进入", "抵达",
    "到达", "途经", "路过", "离开", "驱车", "坐落", "位于", "地处", "隶属", "属于", "毗邻",
    "紧邻", "邻近", "靠近", "地跨", "走访", "调研", "考察", "采访", "探访", "专访", "记者",
    "作为", "比如", "例如", "包括", "以及", "还有", "同时", "目前", "如今", "今年", "去年",
    "近日", "日前", "近年", "近期", "当天", "昨天", "今天", "全国", "全省",
)  # fmt: skip
# The run read before a unit: a chain of places is never longer.
CHAIN_MAX = 20
PROVINCE, CITY, DISTRICT = "province", "city", "district"
COUNTY_CITY = "county_city"  # a 市 read as a district: only with its city before it
_LEVEL_OF = {"PROVINCE": PROVINCE, "CITY": CITY, "COUNTY": DISTRICT}
_ABOVE = {DISTRICT: (CITY, PROVINCE), CITY: (PROVINCE,), PROVINCE: ()}


class PlaceFinder(Protocol):
    """What the importer asks of a gazetteer (``initiatives.places.divisions.Gazetteer``,
    handed in by the Django side): the places a text names, each with its level."""

    def find(self, text: str) -> list: ...


_finder: ContextVar[PlaceFinder | None] = ContextVar("importer_place_finder", default=None)


@contextmanager
def place_finder(finder: PlaceFinder | None):
    """Within the block, places are read with ``finder`` first and the rules second."""
    token = _finder.set(finder)
    try:
        yield
    finally:
        _finder.reset(token)


@dataclass(frozen=True)
class _Token:
    start: int
    level: str
    value: str
    known: bool  # found by the gazetteer


def _known_tokens(run: str) -> tuple[dict[int, list[_Token]], set[tuple[int, int]]]:
    """Tokens ending at each position, from the gazetteer; and the spans it covers."""
    finder = _finder.get()
    by_end: dict[int, list[_Token]] = {}
    spans: set[tuple[int, int]] = set()
    if finder is None or not run:
        return by_end, spans
    for mention in finder.find(run):
        levels: dict[str, str] = {}
        for place in mention.places:
            level = _LEVEL_OF.get(place.level.name)
            if level is None or level in levels:
                continue
            # Full names as the gazetteer writes them: a short form (山东, 赣州, 邳州)
            # stands for its place's name.
            levels[level] = place.name
        if not levels:
            continue
        spans.add((mention.start, mention.end))
        # A one-character county (宁县, 和县) right after another ideograph may be the end
        # of a longer name (安宁县): known, but no stronger than what the rules read.
        weak = mention.end - mention.start == 2 and mention.start > 0
        for level, value in levels.items():
            token = _Token(mention.start, level, value, not (weak and level == DISTRICT))
            by_end.setdefault(mention.end, []).append(token)
    return by_end, spans


def _rule_tokens(run: str, end: int, level: str, spans: set[tuple[int, int]]) -> list[_Token]:
    """Places the rules read ending at ``end``: 某某县, 某某市, 某某省, a province without 省.

    A span the gazetteer read is not read again by the rules at another level.
    """
    tokens: list[_Token] = []
    for length in range(2, 9):
        start = end - length
        if start < 0:
            break
        word = run[start:end]
        if (start, end) in spans or _led(run, start, end):
            continue
        is_city = word.endswith("市") and 3 <= length <= 5 and _city_at(run, start, word)
        if level == PROVINCE:
            if word in PROVINCE_SHORT:
                tokens.append(_Token(start, level, PROVINCE_SHORT[word], False))
            elif (word.endswith("省") and 3 <= length <= 4) or (
                word.endswith("自治区") and 5 <= length <= 8
            ):
                tokens.append(_Token(start, level, word, False))
        elif level == CITY:
            if is_city:
                tokens.append(_Token(start, level, word, False))
        elif word.endswith(DISTRICT_SUFFIXES) and 3 <= length <= 5 and "城市" not in word:
            tokens.append(_Token(start, level, word, False))
        elif is_city:
            # 某某市某某市: the second is a county-level city (a city must come before it).
            tokens.append(_Token(start, COUNTY_CITY, word, False))
    return tokens


def _led(run: str, start: int, end: int) -> bool:
    """Whether ``run[start:end]`` starts with the words before a place rather than a
    place's name: with such a word (来到鹤城县), or inside one (来|自云梦县)."""
    word = run[start:end]
    if word[0] in PLACE_BAD_FIRST or word.startswith(PLACE_LEAD_WORDS):
        return True
    return any(run[start - 1 : start + 1] == lead[:2] for lead in PLACE_LEAD_WORDS if start)


def _read_chain(run: str) -> tuple[int, PlaceChain]:
    """``_read_chain_with`` the current gazetteer; runs repeat (a unit named again and
    again), so readings are kept per gazetteer and run."""
    offset = max(0, len(run) - CHAIN_MAX)
    start, chain = _read_chain_with(run[offset:], _finder.get())
    return offset + start, chain


@lru_cache(maxsize=8192)
def _read_chain_with(run: str, finder: PlaceFinder | None) -> tuple[int, PlaceChain]:
    """The best chain of places ending ``run``: (where it starts, the chain).

    Read from the end: a district, then a city, then a province, each optional and each
    either known to the gazetteer or shaped like one by the rules. Readings with more
    places win, then more known ones, then those that reach further back.
    """
    known, spans = _known_tokens(run)
    best: tuple[tuple[int, int, int], int, dict[str, str]] = ((0, 0, 0), len(run), {})

    def walk(end: int, allowed: tuple[str, ...], found: dict[str, str], n_known: int,
             need_city: bool) -> None:  # fmt: skip
        nonlocal best
        score = (len(found), n_known, len(run) - end)
        if not need_city and score > best[0]:
            best = (score, end, dict(found))
        for level in allowed:
            candidates = [t for t in known.get(end, []) if t.level == level]
            candidates += _rule_tokens(run, end, level, spans)
            for token in candidates:
                if token.level == COUNTY_CITY:
                    if level != DISTRICT:
                        continue
                    found[DISTRICT] = token.value
                    walk(token.start, (CITY,), found, n_known, True)
                    del found[DISTRICT]
                    continue
                if token.level != level:
                    continue
                found[level] = token.value
                # 市中区 read by the rules stands only under a city written before it
                # (溟州市中区); alone, 市青山区 of 城市青山区 is no district.
                shared = level == DISTRICT and token.value.startswith("市") and not token.known
                above = (CITY,) if shared else _ABOVE[level]
                walk(token.start, above, found, n_known + token.known, shared)
                del found[level]
            # A city written without its 市 before a district starting with one
            # (溟州市中区 is 溟州 + 市中区).
            if level == CITY and found.get(DISTRICT, "").startswith("市"):
                for length in range(2, 5):
                    start = end - length
                    word = run[start:end] if start >= 0 else ""
                    if (
                        word
                        and not _led(run, start, end)
                        and (start, end) not in spans
                        and _city_at(run, start, word + "市")
                    ):
                        found[CITY] = word + "市"
                        walk(start, (PROVINCE,), found, n_known, False)
                        del found[CITY]

    walk(len(run), (DISTRICT, CITY, PROVINCE), {}, 0, False)
    _, start, found = best
    chain = PlaceChain(found.get(PROVINCE), found.get(CITY), found.get(DISTRICT))
    return start, chain


def _parse_chain(places: str) -> PlaceChain | None:
    """``溟州市中区`` -> (city 溟州市, district 市中区); None unless every character is placed."""
    if not places:
        return PlaceChain()
    if len(places) > CHAIN_MAX:
        return None
    start, chain = _read_chain(places)
    if start != 0 or chain.depth == 0:
        return None
    return chain


def parse_place_prefix(places: str) -> bool:
    """Whether ``places`` (before a unit) is empty, a lead word or a full place chain."""
    return _parse_chain(_strip_lead(places)) is not None


def place_chain_for(unit: str, sources: list[str]) -> PlaceChain:
    """The fullest chain written right before ``unit`` in the given lines (words before
    the chain, ``在``, ``记者走进``, are left out)."""
    chains: list[PlaceChain] = []
    said_in: list[PlaceChain] = []  # 位于/地处/隶属于 after the unit
    for source in sources:
        for match in re.finditer(re.escape(unit), source):
            run = _strip_lead(_cjk_run_before(source, match.start()))
            if run.endswith("的") and not _read_chain(run)[1].depth:
                run = run[:-1]  # 云台区的听涛街道
            _, chain = _read_chain(run)
            if chain.depth:
                chains.append(chain)
            if after := _chain_after(source, match.end()):
                said_in.append(after)
    if not any(chain.district for chain in chains):
        # 某镇位于某县: only where no mention before the unit names its district (地处
        # 开封老城区西北部 is where in the city, not the unit's district).
        chains += said_in
    if not chains:
        return PlaceChain()
    best = max(chains, key=lambda c: c.depth)
    # What other mentions add without contradicting it (溟州听涛街道 … 云台区听涛街道).
    merged = {"province": best.province, "city": best.city, "district": best.district}
    for chain in chains:
        values = {"province": chain.province, "city": chain.city, "district": chain.district}
        if any(merged[k] and values[k] and merged[k] != values[k] for k in merged):
            continue
        for key, value in values.items():
            merged[key] = merged[key] or value
    if merged["city"] and not merged["district"] and not is_prefecture_city(merged["city"]):
        # 某某市柳桥镇: a town or street right under a 市 is under a county-level city (a
        # prefecture's towns sit under its counties; the few prefectures without counties
        # are in the gazetteer), so the 市 is the district and the city is not stated.
        merged["district"], merged["city"] = merged["city"], None
    return PlaceChain(**merged)


def chain_above(district: str, sources: list[str]) -> PlaceChain:
    """The city (and province) written right before ``district`` in the given lines
    (``岚江市青屏区``), where every such mention agrees; else an empty chain."""
    found: set[PlaceChain] = set()
    for source in sources:
        for match in re.finditer(re.escape(district), source):
            _, chain = _read_chain(_strip_lead(_cjk_run_before(source, match.start())))
            if chain.city and not chain.district:
                found.add(chain)
    return found.pop() if len(found) == 1 else PlaceChain()


def _gazetteer_levels(name: str) -> set[str]:
    finder = _finder.get()
    if finder is None:
        return set()
    mentions = [m for m in finder.find(name) if m.start == 0 and m.end == len(name)]
    return {p.level.name for m in mentions for p in m.places}


def is_prefecture_city(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a prefecture-level city."""
    return "CITY" in _gazetteer_levels(name)


# ``石桥镇位于安宁县西部``, ``苇塘镇隶属于澜川市澜水县``: the chain the unit is said to be in.
_IN_CHAIN = re.compile(rf"(?:位于|地处|隶属于|隶属|地属|属于)([{CJK}]{{2,{CHAIN_MAX}}})")
# ``南礁乡是海澄县唯一的海岛乡``, ``某街道是某市某区的老城街道``: a unit said to be one of a county's.
_IS_OF = re.compile(rf"是([{CJK}]{{2,{CHAIN_MAX}}})")
_AREA_NOUNS = ("城区", "景区", "园区", "社区", "新区", "街区", "开发区", "示范区", "片区")
_OF_WORDS = ("的", "唯一", "最", "下辖", "所辖", "第一", "一个", "面积最", "人口最")
_CHAIN_END = ("省", "自治区", "市", "县", "区", "旗")
_BETWEEN = ("与", "和", "、", "交界", "接壤", "之间", "边界", "结合部")


def _chain_after(source: str, end: int) -> PlaceChain | None:
    """The places a unit is said to lie in right after its name; the longest start of
    the words there that is a chain and nothing else (安宁县 of 安宁县西部)."""
    m = _IN_CHAIN.match(source, end)
    said_is = m is None and (m := _IS_OF.match(source, end)) is not None
    if not m:
        return None
    words = m.group(1)
    for length in range(len(words), 1, -1):
        head = words[:length]
        if head.endswith(_CHAIN_END) and (chain := _parse_chain(head)) is not None:
            if said_is and (not words[length:].startswith(_OF_WORDS) or head.endswith(_AREA_NOUNS)):
                return None  # 某镇是某县城所在地, 某街道是老城区的一部分: no county said
            if words[length:].startswith(_BETWEEN) or not chain.district:
                return None  # 位于甲县与乙县交界处: in neither for sure; 位于某市: which level?
            return chain
    return None


def is_county_level(name: str) -> bool:
    """Whether the gazetteer (when there is one) knows ``name`` as a county-level unit only."""
    finder = _finder.get()
    if finder is None:
        return False
    mentions = [m for m in finder.find(name) if m.start == 0 and m.end == len(name)]
    levels = {p.level.name for m in mentions for p in m.places}
    return "COUNTY" in levels and "CITY" not in levels


_SERIES_CITY = re.compile(
    rf"^(?P<name>[{CJK}]{{2,4}}?)(?P<shi>市)?(?=(?:各)?(?:镇|乡|街道)(?:[(（]街道[)）])?[^{CJK}]*[{CJK}])"
)


def city_from_series(series: str | None) -> str | None:
    """``岚江镇(街道)党(工)委书记系列访谈`` is a series about 岚江's towns: city 岚江市."""
    if not series:
        return None
    tail = re.split(r"——|—", series)[-1].strip()
    explicit = re.match(rf"^([{CJK}]{{2,4}}市)(?!场|民|委|区)", tail)
    if explicit and not explicit.group(1).endswith(NOT_CITIES):
        return explicit.group(1)
    match = _SERIES_CITY.match(tail)
    if match:
        return match.group("name") + "市"
    return None


@cache
def _pos_tokenizer():
    """The importer's own segmenter with part-of-speech tags (jieba's dictionary as shipped):
    jieba's global dictionary is never used, so what else ran in the process (search adds
    its domain words to its own tokenizer) cannot shift how place names are cut."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def cities_mentioned(text: str) -> Counter[str]:
    """Cities the text names as ``X市`` (``青岫市``, ``岚江市委`` -> 岚江市), with counts.

    Only words the segmenter tags as place names count, so ``城市``, ``市区``, ``市场``
    and ``地处市区`` are not read as cities.
    """
    counts: Counter[str] = Counter()
    words = list(_pos_tokenizer().cut(text))
    for i, pair in enumerate(words):
        word, flag = pair.word, pair.flag
        if flag != "ns" or not re.fullmatch(f"[{CJK}]+", word):
            continue
        if word.endswith("市") and 3 <= len(word) <= 5 and not word.endswith(NOT_CITIES):
            if not is_county_level(word):
                counts[word] += 1
        elif 2 <= len(word) <= 4 and i + 1 < len(words) and words[i + 1].word in CITY_ORGANS:
            counts[word + "市"] += 1
    return counts
