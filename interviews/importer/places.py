"""Places and people named in an article: ``青岛市北区即墨路街道党工委书记张忠乾``.

The place tree (province > city > district/county > sub-district/town) is read only
from what the text writes; nothing is looked up or guessed. Where a page writes a city
without its ``市`` before a district that starts with one (``青岛市北区`` is 青岛 +
市北区), the shared ``市`` is read as belonging to both.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache

from .text import CJK

UNIT_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
DISTRICT_SUFFIXES = ("区", "县", "旗")
# Longest first: the alternation must prefer 党工委书记 over 书记.
POSTS = (
    "党工委副书记", "党工委书记", "党委副书记", "党委书记", "党工委委员",
    "工委副书记", "工委书记",
    "街道办事处主任", "办事处主任", "办事处副主任", "人大工委主任",
    "副镇长", "镇长", "副乡长", "乡长", "主任", "书记",
)  # fmt: skip
_POST_RE = re.compile("|".join(POSTS))
# A second post after the first: 党委副书记、镇长, 党工委书记、办事处主任.
_SECOND_POST = re.compile("、(" + "|".join(POSTS) + ")")
# Characters that end a name: verbs and particles that follow a name in reporting.
NAME_STOP = set("表说和在介指告认的是等接与对为也、就到把将从以被已曾称透讲谈带同及讲并向都还作")
# A name never starts with these.
NAME_BAD_FIRST = set("为是的在和与对及等也都就说表们这那其该各本此")
# Words that precede a person line in a deck and are not part of the place.
LEAD_WORDS = ("记者专访", "专访", "对话", "走近", "访")
# Tokens ending in 市 that are not the name of a city.
# Words after a bare place name that make it a city: 淄博 + 市委 -> 淄博市.
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


def _cjk_run_before(text: str, end: int) -> str:
    start = end
    while start > 0 and re.match(f"[{CJK}]", text[start - 1]):
        start -= 1
    return text[start:end]


def _name_after(text: str, start: int) -> str | None:
    i = start
    while i < len(text) and text[i] in " \u3000":
        i += 1
    chars = []
    while i < len(text) and len(chars) < 3 and re.match(f"[{CJK}]", text[i]):
        chars.append(text[i])
        i += 1
    if len(chars) >= 3 and chars[2] in NAME_STOP:
        chars = chars[:2]
    if len(chars) < 2 or chars[0] in NAME_BAD_FIRST or chars[1] in NAME_STOP:
        return None
    name = "".join(chars)
    if len(name) == 3 and text.count(name[:2]) > 2 * text.count(name):
        # 王伟主持…: the two-character form is what the article keeps using.
        name = name[:2]
    return name


def _unit_from_run(run: str, text: str) -> tuple[str, str] | None:
    """Split ``run`` (ideographs before a post) into (what precedes the unit, unit).

    Of the possible units (``墨路街道``, ``即墨路街道``...), the one the article also writes
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
        pattern = re.compile(rf"(?:^|(?<=[^{CJK}])|(?<=[区县市旗]))" + re.escape(unit))
        score = len(pattern.findall(text))
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
    for match in _POST_RE.finditer(text):
        run = _unit_run(_cjk_run_before(text, match.start()))
        split = _unit_from_run(run, text)
        if split is None:
            continue
        post, end = match.group(0), match.end()
        if second := _SECOND_POST.match(text, end):
            post, end = f"{post}、{second.group(1)}", second.end()
        name = _name_after(text, end)
        if name is None:
            continue
        places, unit = split
        mentions.append(PersonMention(places, unit, post, name, match.start()))
    return mentions


def _unit_run(run: str) -> str:
    """The run before a post, ending with the unit: ``松风镇镇`` (镇 + 党委书记) and
    ``白鹭洲街道办事处`` (the office + 党工委书记) name the 镇 and the 街道."""
    if run.endswith(("镇镇", "乡乡")):
        return run[:-1]
    if run.endswith("街道办事处"):
        return run[: -len("办事处")]
    return run


def _strip_lead(places: str) -> str:
    for word in LEAD_WORDS:
        if places.startswith(word):
            return places[len(word) :]
    return places


def _parse_chain(places: str) -> PlaceChain | None:
    """``青岛市北区`` -> (city 青岛市, district 市北区); None unless every character is placed."""
    if not places:
        return PlaceChain()
    for district_length in range(3, min(len(places), 6) + 1):
        district = places[-district_length:]
        if not district.endswith(DISTRICT_SUFFIXES):
            continue
        rest = places[:-district_length]
        head = _parse_city(rest, district)
        if head is not None:
            province, city = head
            return PlaceChain(province, city, district)
    head = _parse_city(places, None)
    if head is not None and head[1]:
        return PlaceChain(head[0], head[1], None)
    return None


def _parse_city(rest: str, district: str | None) -> tuple[str | None, str | None] | None:
    if not rest:
        return None, None
    province = None
    if "省" in rest:
        province, rest = rest[: rest.index("省") + 1], rest[rest.index("省") + 1 :]
        if len(province) < 3:
            return None
        if not rest:
            return province, None
    if rest.endswith("市") and 3 <= len(rest) <= 5 and not rest.endswith(NOT_CITIES):
        return province, rest
    if district and district.startswith("市") and 2 <= len(rest) <= 4:
        return province, rest + "市"
    return None


def parse_place_prefix(places: str) -> bool:
    """Whether ``places`` (before a unit) is empty, a lead word or a full place chain."""
    return _parse_chain(_strip_lead(places)) is not None


def place_chain_for(unit: str, sources: list[str]) -> PlaceChain:
    """The fullest chain written right before ``unit`` in the given lines."""
    best = PlaceChain()
    for source in sources:
        for match in re.finditer(re.escape(unit), source):
            run = _strip_lead(_cjk_run_before(source, match.start()))
            chain = _parse_chain(run)
            if chain is not None and chain.depth > best.depth:
                best = chain
    return best


_SERIES_CITY = re.compile(
    rf"^(?P<name>[{CJK}]{{2,4}}?)(?P<shi>市)?(?=(?:各)?(?:镇|乡|街道)(?:[(（]街道[)）])?[^{CJK}]*[{CJK}])"
)


def city_from_series(series: str | None) -> str | None:
    """``淄博镇(街道)党(工)委书记系列访谈`` is a series about 淄博's towns: city 淄博市."""
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
    """Cities the text names as ``X市`` (``淮南市``, ``淄博市委`` -> 淄博市), with counts.

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
            counts[word] += 1
        elif 2 <= len(word) <= 4 and i + 1 < len(words) and words[i + 1].word in CITY_ORGANS:
            counts[word + "市"] += 1
    return counts
