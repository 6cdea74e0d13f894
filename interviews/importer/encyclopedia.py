"""Encyclopedia entries about a unit (a 街道's or a 镇's page on an online encyclopedia).

An entry is no interview: its title is the unit's name (the infobox's ``中文名``), its
subheads are the sections its table of contents (``目录``) lists, it has no interviewee,
no reporter and no publication date (``最近更新`` is an edit time). The infobox (key and
value, on one line or two), the contents, ``编辑`` links, reference marks (``[1]``) and
everything from the references or the tag list on are page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import CJK, ends_terminally, is_prose

# Keys of an infobox about a place; an entry has ``中文名`` and at least one other.
INFOBOX_KEYS = (
    "中文名", "外文名", "别名", "行政区类别", "所属地区", "上级行政区", "下辖地区", "面积",
    "人口", "政府驻地", "邮政编码", "电话区号", "著名景点", "车牌代码", "地理位置",
    "气候条件", "方言", "火车站", "机场", "行政区划代码", "区划代码", "地区生产总值",
    "人口密度", "民族", "时区", "类别",
)  # fmt: skip
MIN_OTHER_KEYS = 1
_KEY_LINE = re.compile(r"^(?P<key>[^\s:：]{2,7})\s*(?:[:：]\s*|\s+)?(?P<value>.*)$")
_TOC_START = re.compile(r"^目录\s*(?P<rest>.*)$")
_TOC_ENTRY = re.compile(r"(?:^|\s)(?P<n>\d{1,2})\s*(?P<head>[^\d\s][^\s]{0,15})")
_TOC_LINE = re.compile(r"^(?P<n>\d{1,2})\s*(?P<head>[^\d\s.][^\s]{0,15})$")
_FOOTER = re.compile(
    r"^(?:参考资料|参考文献|词条图册|词条标签|词条统计|浏览次数|扩展阅读|相关词条)"
)
_EDIT_LINKS = re.compile(r"^(?:编辑|讨论|收藏|赞|分享|播报|上传视频|\s)+$")
_NOTICE = re.compile(r"^本词条")
_REFERENCE_MARK = re.compile(r"\[\d{1,3}(?:-\d{1,3})?\]")
HEAD_MAX = 12


@dataclass(frozen=True)
class Entry:
    name: str
    text: str  # the entry's own text: its name, then paragraphs and subheads
    section_heads: tuple[str, ...]


def _compact(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _key_of(line: str) -> tuple[str, str] | None:
    """``中文名：某某街道``, ``中文名 某某街道`` or a bare ``面 积`` key: (key, value)."""
    if is_prose(line) and ends_terminally(line):
        return None  # a sentence that starts with 人口 or 面积
    for key in INFOBOX_KEYS:
        compact = _compact(line)
        if not compact.startswith(key):
            continue
        spaced = re.match(r"^" + r"\s*".join(map(re.escape, key)) + r"\s*[:：]?\s*(.*)$", line)
        if spaced:
            return key, spaced.group(1).strip()
    return None


def read_entry(text: str) -> Entry | None:
    """The entry ``text`` is, or ``None`` when it is not one."""
    if not re.search(r"中\s*文\s*名", text):
        return None  # most uploads: one search, no line read
    lines = [line.strip() for line in text.split("\n")]
    keys = [(i, kv) for i, line in enumerate(lines) if line and (kv := _key_of(line))]
    names = [(i, value) for i, (key, value) in keys if key == "中文名"]
    if not names or len({key for _, (key, _) in keys}) < 1 + MIN_OTHER_KEYS:
        return None
    name_index, name = names[0]
    name = name.split()[0] if name else ""
    if not name:
        name = next((line for line in lines[name_index + 1 :] if line), "")
    if not re.fullmatch(f"[{CJK}]{{2,12}}", name):
        return None
    skip: set[int] = set()
    for i, (_key, value) in keys:
        skip.add(i)
        if not value:  # the value stands on the next line
            j = i + 1
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and not is_prose(lines[j]):
                skip.add(j)
    heads, toc_lines = _contents(lines)
    skip |= toc_lines
    body: list[str] = [name]
    started = False
    for i, line in enumerate(lines):
        if not line or i in skip:
            continue
        if _FOOTER.match(line):
            if started:
                break
            continue
        if _EDIT_LINKS.match(line) or _NOTICE.match(line):
            continue
        if not started:
            if not is_prose(line):
                continue
            started = True
        line = _REFERENCE_MARK.sub("", line)
        if line != name:
            body.append(line)
    if not started:
        return None
    if not heads:
        heads = _standalone_heads(body[1:])
    return Entry(name=name, text="\n\n".join(body), section_heads=tuple(heads))


def _contents(lines: list[str]) -> tuple[list[str], set[int]]:
    """The sections ``目录`` lists (top level only) and the lines it takes."""
    for i, line in enumerate(lines):
        match = _TOC_START.match(line)
        if not match:
            continue
        taken = {i}
        heads = [m["head"] for m in _TOC_ENTRY.finditer(match["rest"])]
        j = i + 1
        while not heads and j < len(lines):
            if not lines[j]:
                j += 1
                continue
            entry = _TOC_LINE.match(lines[j])
            if not entry:
                break
            heads.append(entry["head"])
            taken.add(j)
            j += 1
        while heads and j < len(lines):
            if not lines[j]:
                j += 1  # one entry per paragraph (an <li> each)
                continue
            entry = _TOC_LINE.match(lines[j])
            if not entry:
                break
            heads.append(entry["head"])
            taken.add(j)
            j += 1
        return heads, taken
    return [], set()


def _standalone_heads(body: list[str]) -> list[str]:
    """Short lines without punctuation standing between paragraphs."""
    heads = []
    for i, line in enumerate(body):
        short = len(line) <= HEAD_MAX and re.fullmatch(f"[{CJK}]+", line)
        if 0 < i < len(body) - 1 and short and is_prose(body[i + 1]):
            heads.append(line)
    return heads
