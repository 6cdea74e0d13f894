"""The forms a place's name takes in articles: 山东省 / 山东, 张店区 / 张店, 延边朝鲜族自治州
/ 延边 / 延边州, 于家务回族乡 / 于家务乡.

The rule for short forms (a name without its level suffix):

- provinces, cities and county-level units drop their suffix (省, 市, 自治区 with the
  people's names before it, 地区, 盟, 自治州, 区, 新区, 县, 自治县, 旗, 林区, 特区...);
  autonomous ones also keep a short form with the bare suffix (延边州, 峨边县, 鄂伦春旗);
- a short form has at least two characters: 矿区, 城区 and 郊区 have none;
- a short form that is a common word is not used: 和平, 新华, 红旗, 凤凰, 资源, 比如,
  and generic ones (城东, 新城, 市中, 江南). The list, ``data/common_words.txt``, was
  reviewed by hand from the short forms that jieba's dictionary calls something other
  than a place, and those made only of generic characters; a place listed there is
  still found by its full name (和平区, 资源县);
- 街道, 镇 and 乡 keep their suffix (和平街道 is never found as 和平: township names are
  mostly common words, and articles write the suffix); 街道办事处 and 街道地区 may be
  written 街道,
  and 民族乡 / 族镇 without the people's name (于家务乡);
- development zones (类似县级单位) and farms, prisons, zones (类似乡级单位) have no short
  forms.

The same list holds the few full names that are common words (城区, 郊区, 老城区,
新城区, 街道): ``Gazetteer.resolve`` finds those places by name, ``Gazetteer.find`` does
not look for them in running text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .records import Kind, Level

COMMON_WORDS_FILE = Path(__file__).with_name("data") / "common_words.txt"
BLOCKER_WORDS_FILE = Path(__file__).with_name("data") / "blocker_words.txt"
MIN_FORM_LENGTH = 2

# The 56 peoples as autonomous names write them. Names of one character only count
# with 族 (回族, 藏族: 西藏 keeps its 藏); longer ones also bare (博尔塔拉蒙古自治州).
PEOPLES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
    "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
    "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜",
    "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯",
    "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂",
    "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴",
    "基诺",
)  # fmt: skip
_PEOPLE_ALTERNATIVES = sorted(
    [f"{p}族" for p in PEOPLES] + [p for p in PEOPLES if len(p) > 1] + ["各族"],
    key=len,
    reverse=True,
)
_PEOPLES_TAIL = re.compile(f"(?:{'|'.join(_PEOPLE_ALTERNATIVES)})+$")

# Suffixes stripped for the short form, longest first, per kind.
_SUFFIXES: dict[Kind, tuple[str, ...]] = {
    Kind.PROVINCE: ("省",),
    Kind.MUNICIPALITY: ("市",),
    Kind.AUTONOMOUS_REGION: ("自治区",),
    Kind.PREFECTURE_CITY: ("市",),
    Kind.PREFECTURE: ("地区",),
    Kind.LEAGUE: ("盟",),
    Kind.AUTONOMOUS_PREFECTURE: ("自治州",),
    Kind.DISTRICT: ("新区", "矿区", "区"),
    Kind.COUNTY: ("县",),
    Kind.COUNTY_CITY: ("市",),
    Kind.AUTONOMOUS_COUNTY: ("自治县",),
    Kind.BANNER: ("旗",),
    Kind.AUTONOMOUS_BANNER: ("自治旗",),
    Kind.FORESTRY_DISTRICT: ("林区",),
    Kind.SPECIAL_DISTRICT: ("特区",),
}
# Autonomous units are also written with the bare level: 延边州, 峨边县, 鄂伦春旗.
_BARE_SUFFIX = {
    Kind.AUTONOMOUS_PREFECTURE: "州",
    Kind.AUTONOMOUS_COUNTY: "县",
    Kind.AUTONOMOUS_BANNER: "旗",
}


def strip_peoples(text: str) -> str:
    """``延边朝鲜族`` -> ``延边``; ``内蒙古`` and ``西藏`` stay (too little would be left)."""
    match = _PEOPLES_TAIL.search(text)
    if match is None:
        return text
    base = text[: match.start()]
    if len(base) >= MIN_FORM_LENGTH:
        return base
    # 鄂伦春自治旗, 鄂温克族自治旗: the people's name is the place's.
    return text.removesuffix("族")


def short_forms(name: str, level: Level, kind: Kind) -> tuple[str, ...]:
    """The forms besides ``name`` that articles write, before the common-word filter."""
    if level is Level.TOWNSHIP:
        return _township_forms(name)
    if level is Level.VILLAGE:
        return ()
    for suffix in _SUFFIXES.get(kind, ()):
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            break
    else:
        return ()
    if kind in (Kind.AUTONOMOUS_REGION, Kind.AUTONOMOUS_PREFECTURE) or kind in _BARE_SUFFIX:
        base = strip_peoples(base)
    forms = [base]
    if kind in _BARE_SUFFIX:
        forms.append(base + _BARE_SUFFIX[kind])
    return tuple(f for f in forms if len(f) >= MIN_FORM_LENGTH and f != name)


def _township_forms(name: str) -> tuple[str, ...]:
    if name.endswith("街道办事处"):
        return (name.removesuffix("办事处"),)
    if name.endswith("街道地区"):  # 北安市's 和平街道地区
        return (name.removesuffix("地区"),)
    if "族" not in name:
        return ()
    for suffix in ("乡", "镇", "苏木"):
        if name.endswith(suffix):
            head = name.removesuffix(suffix).removesuffix("民族")
            if not head.endswith("族"):
                continue
            base = strip_peoples(head)
            if base != head and len(base) >= MIN_FORM_LENGTH:
                return (base + suffix,)
    return ()


@cache
def common_words() -> frozenset[str]:
    """Short forms that are common words (``data/common_words.txt``, one a line)."""
    return frozenset(_words(COMMON_WORDS_FILE))


@cache
def blocker_words() -> frozenset[str]:
    """Words that overlap a place's form in text without being a place (政府 in 党和政府,
    where 和政 is 和政县's short form): ``data/blocker_words.txt``, made by ``refresh.py``
    from jieba's dictionary, and the common words."""
    return common_words() | frozenset(_words(BLOCKER_WORDS_FILE))


def _words(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if (w := line.split("#", 1)[0].strip())]
