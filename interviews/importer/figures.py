"""Unit-profile figures stated in an article, each with the sentence it came from.

A number counts as a profile fact only where the sentence describes the unit: a
"profile sentence" (辖区面积…, 总人口…, 下辖…) or a count right after the unit's own
possessive words (辖区 / 全辖区 / 下辖 / 街道 / 全镇). ``在64个党支部中`` (a reference)
and ``63名党员担任路长`` (members doing something) are not profile facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

# The names of a unit profile's figures (``initiatives.places.models.FIGURE_FIELDS``): the
# importer may not import them (it is Django-free), so a test keeps the two the same.
FIGURE_KEYS = (
    "area_km2",
    "population",
    "communities",
    "party_branches",
    "party_members",
    "grids",
    "grid_party_branches",
)

PROFILE_MARKERS = re.compile(
    r"辖区面积|总面积|占地面积|总人口|常住人口|户籍人口|下辖|辖有|共辖|(?:街道|镇|乡)辖\s*\d"
    # 全镇面积…: the unit's own area; 某镇有基层党组织…个: the unit's own party
    r"|(?:全镇|全乡|全街道)(?:国土|行政区域|区域)?面积"
    r"|(?:街道|镇|乡)(?:共有|现有|有)(?:基层)?党(?:组织|员|支部|委)"
    # …面积126平方公里，人口1.8万人，辖12个行政村: a clause that opens with 辖 and a count
    r"|(?:^|[，,；;])辖\s*\d"
)
OWNER = r"(?:全辖区|辖区内|辖区|下辖|辖有|共辖|全街道|街道|全镇|全乡|共有|现有|共设|下设|设有|(?<![管统直])辖)"
# A number starts where a run of digits starts and takes the whole run: no backtracking
# into shorter numbers (a long run of digits would make each search quadratic), and a
# run longer than any real figure is no figure.
_NUM = r"(?<![\d.])(?P<n>\d{1,12}(?:\.\d{1,6})?)(?![\d.])"

# The owner words, then what pages put between them and a count (全镇现在有党员1120名).
_OWNED = rf"(?:(?P<owner>{OWNER})(?:现在|目前|如今|总共|一共|现|共)?(?:有|拥有)?)?\s*"
_POPULATION = r"(?:总人口|常住人口|户籍人口|居住人口|常住居民|人口)(?:总数|总量)?"
_ABOUT = r"(?:约|大约|达到|达|为|共|近|有|超过|超|逾){0,2}"
# After the number: 万 with or without 人 (人口2.4万，), or 人; never 2.4万户, 9万人次.
_PEOPLE = (
    r"\s*(?:(?P<wan>万)\s*(?:余|多)?\s*(?:人(?!次))?(?![户元亩平公千斤吨头只辆台家套间次个])"
    r"|(?:余|多)?\s*人(?!次))"
)

# key -> (pattern, needs_owner): with needs_owner, outside a profile sentence the match
# must be preceded by an owner word (its own group "owner").
FIGURE_PATTERNS: dict[str, tuple[tuple[re.Pattern[str], bool], ...]] = {
    "area_km2": (
        (re.compile(rf"面积(?:为|约|达|共)?\s*{_NUM}\s*(?:平方公里|平方千米|km2|km²)"), False),
        # 辖区3.2平方公里, 全镇占地12平方公里: the owner's words instead of 面积
        (
            re.compile(
                rf"(?P<owner>{OWNER})(?:占地|国土)?(?:约|为|达|共)?\s*{_NUM}\s*(?:平方公里|平方千米|km2|km²)"
            ),
            True,
        ),
    ),
    "population": (
        (re.compile(rf"{_POPULATION}{_ABOUT}\s*{_NUM}{_PEOPLE}"), False),
        # 2.4万人口, 辖区有2.4万常住人口: the number before the word, the unit's own.
        (re.compile(rf"{_OWNED}{_NUM}\s*(?:(?P<wan>万)\s*(?:余|多)?)?\s*(?:常住|户籍)?人口"), True),
        # 辖区内有居民1.2万人: the residents the unit has
        (
            re.compile(
                rf"(?P<owner>{OWNER})(?:现在|目前|现|共)?有居民(?:约|近|超过)?\s*{_NUM}{_PEOPLE}"
                r"(?=[，,。；;])"
            ),
            True,
        ),
        # 全镇面积210平方公里，有2万余人，: people the unit has, in a profile sentence only
        (
            re.compile(
                rf"(?:^|[，,])(?:共有|现有|有)(?:约|近|超过)?\s*{_NUM}\s*(?:(?P<wan>万)\s*(?:余|多)?\s*人"
                rf"|(?:余|多)?\s*人)(?=[，,。；;])"
            ),
            True,
        ),
    ),
    "communities": (
        (
            re.compile(
                rf"(?P<owner>{OWNER})?\s*{_NUM}\s*个(?:城市|农村)?社区"
                r"(?:居委会|居民委员会|(?![党居服网]))"
            ),
            True,
        ),
        # the count after the noun: 下辖社区10个, 社区居委会8个
        (re.compile(rf"{_OWNED}(?:城市|农村)?社区(?:居委会|居民委员会)?\s*{_NUM}\s*个"), True),
    ),
    "party_branches": (
        (
            re.compile(
                rf"(?P<owner>{OWNER})?\s*{_NUM}\s*个(?:基层)?党(?:[(（]总[)）]|总)?支部(?![书委])"
            ),
            True,
        ),
        (
            re.compile(rf"(?<!网格){_OWNED}(?:基层)?党(?:[(（]总[)）]|总)?支部\s*{_NUM}\s*个"),
            True,
        ),
    ),
    "party_members": (
        (re.compile(rf"{_OWNED}党员\s*{_NUM}\s*(?:余|多)?\s*(?:名|人)"), True),
        (re.compile(rf"{_OWNED}{_NUM}\s*(?:余|多)?名党员(?=[，,。；;、]|$)"), True),
    ),
    "grids": (
        (
            re.compile(
                rf"(?P<owner>{OWNER}|划分为?|划分成)?\s*{_NUM}\s*个(?:基础)?网格(?![党员长])"
            ),
            True,
        ),
        (re.compile(rf"(?P<owner>{OWNER}|划分)?\s*(?:基础)?网格\s*{_NUM}\s*个"), True),
    ),
    "grid_party_branches": (
        (re.compile(rf"(?P<owner>{OWNER}|建立|成立)?\s*{_NUM}\s*个网格党支部"), True),
        (
            re.compile(
                rf"(?:(?P<owner>{OWNER}|建立|成立|建成)(?:现在|目前|现|共)?有?)?\s*网格党支部\s*{_NUM}\s*个"
            ),
            True,
        ),
    ),
}


@dataclass
class Figures:
    values: dict[str, float | int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


_DIGIT = re.compile(r"\d")
_SPACE_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff\d])")


def _sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?；;])|\n+", text)
    return [p.strip() for p in parts if p.strip()]


def _number(raw: str, wan: str | None = None) -> float | int:
    value = Decimal(raw) * (10000 if wan else 1)
    return int(value) if value == value.to_integral_value() else float(value)


_RESIDENT = re.compile(rf"(?:常住人口|常住居民){_ABOUT}\s*{_NUM}{_PEOPLE}")


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
               "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# Chinese numerals before a figure's unit (八个社区, 三万余人, 一千二百名党员); not 十几个.
_CN_NUMBER = re.compile(
    r"(?<![零〇一二两三四五六七八九十百千万几第])([零〇一二两三四五六七八九十百千]{1,8})"
    r"(?=(?:余|多)?(?:万|个|名|平方|人))"
)


def _cn_int(numeral: str) -> int | None:
    """``一千二百`` -> 1200, ``十二`` -> 12, ``三`` -> 3; ``None`` for what is no number."""
    total, digit = 0, None
    for char in numeral:
        if char in _CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # 二三: two digits in a row is no numeral of this kind
            digit = _CN_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + (digit or 0)


def _with_digits(sentence: str) -> str:
    def repl(match: re.Match[str]) -> str:
        value = _cn_int(match.group(1))
        return match.group(0) if value is None else str(value)

    return _CN_NUMBER.sub(repl, sentence)


def extract_figures(text: str) -> Figures:
    """The first stated value of each profile figure, with its source sentence; the
    resident (常住) population wins over any other population the text gives."""
    figures = Figures()
    # A space a page put inside a word (总人 口2万余人) splits no figure; numerals in
    # characters count as digits. The source shown is the sentence as written.
    sentences = [(s, _with_digits(_SPACE_IN_WORD.sub("", s))) for s in _sentences(text)]
    for written, sentence in sentences:
        if match := _RESIDENT.search(sentence):
            figures.values["population"] = _number(match["n"], match["wan"])
            figures.sources["population"] = written
            break
    for written, sentence in sentences:
        if not _DIGIT.search(sentence):
            continue
        profile = bool(PROFILE_MARKERS.search(sentence))
        for key, patterns in FIGURE_PATTERNS.items():
            if key in figures.values:
                continue
            for pattern, needs_owner in patterns:
                for match in pattern.finditer(sentence):
                    if needs_owner and not profile and not match.groupdict().get("owner"):
                        continue
                    figures.values[key] = _number(match["n"], match.groupdict().get("wan"))
                    figures.sources[key] = written
                    break
                if key in figures.values:
                    break
    return figures
