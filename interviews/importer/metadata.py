"""Values read off page furniture before ``drop_boilerplate`` removes it.

Only what a line says is taken: the outlet from a ``来源`` label, a welcome banner or a
copyright notice, and the publication date from a labelled date or a date standing
alone in the header. A date mentioned in running text is never a publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .credits import header_credits
from .rules import _is_boilerplate, _is_credit_only, normalise_whitespace, to_simplified
from .text import ends_terminally, is_prose

# China has kept one offset, without summer time, since 1991.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

OUTLET_SUFFIXES = (
    "日报网", "新闻网", "网", "日报", "晚报", "早报", "晨报", "商报", "时报", "报",
    "客户端", "电视台", "广播电视台", "融媒体中心", "新闻", "在线", "App", "APP", "杂志",
    "发布", "融媒", "热线", "头条",
    # a government site's 来源 names the office that wrote the page
    "人民政府", "政府网", "政府", "办公室", "宣传部", "组织部", "新闻中心", "新闻办", "传媒",
    "报社", "杂志社", "广播电台", "电台", "信息网", "党建网", "政务网", "政府办",
)  # fmt: skip

_DATE = (
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
_PUBLICATION_DATE = re.compile(rf"(?:发布|发表|刊发|出版|见报)(?:时间|日期)?\s*[:：]\s*{_DATE}")
# A labelled date that is not the page's: when an interview or event took place, or when
# the page was last edited (更新时间 is no publication date).
_OTHER_EVENT = re.compile(
    r"(?:访谈|活动|会议|采访|录制|直播|开幕|举办|更新|修改|编辑)(?:时间|日期)|最后更新|最近更新"
)
_LABELLED_DATE = re.compile(rf"(?:时间|日期)\s*[:：]\s*{_DATE}")
# A date sharing a short header line with the source, credits or the outlet's name.
_DATE_ANYWHERE = re.compile(rf"(?<!\d){_DATE}")
_DATE_LINE = re.compile(rf"^{_DATE}\s*$")
# How a page labels its source (来源：, 新闻来源：): one rule for the header and the closing line.
_SOURCE_LABEL = r"(?:(?:(?:新闻|文章|信息|稿件|本文|本稿)?来源|转自)\s*[:：丨|｜]\s*|(?:本文)?(?:转载自|摘自|选自)\s*[:：]?\s*)"
_SOURCE = re.compile(rf"{_SOURCE_LABEL}《?([^\s:：|｜【】\[\]()（）《》]+)")
_BANNER = re.compile(r"^欢迎(?:来到|访问|光临)\s*([^\s!！。，,]+)")
_COPYRIGHT = re.compile(r"^(.{2,15}?)版权(?:说明|声明|所有)")
# Lines read for the header: a page's header is short.
HEADER_LINES = 30


@dataclass(frozen=True)
class Metadata:
    outlet: str | None = None
    published: date | datetime | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()


_ACCOUNT = re.compile(r"^(?:微信公众号|公众号|微信号|微博|头条号|百家号|抖音号)[:：]?")


_EDITION = re.compile(r"(?<=报)(?:电子版|数字报|电子报|数字版|网络版)$")


def _outlet_name(value: str) -> str | None:
    value = re.sub(r"\d.*$", "", value)  # 桐江日报2021年4月7日: the name only
    value = _ACCOUNT.sub("", value.strip("“”\"'《》 ")).strip("“”\"'《》 ")
    value = _EDITION.sub("", value)  # 某某新报电子版: the paper, not its edition
    if not value or value.startswith(("本网", "本报", "本站", "网络", "互联网")):
        return None
    if value.endswith(OUTLET_SUFFIXES) and 2 <= len(value) <= 20:
        return value
    return None


def _parse_date(match: re.Match[str]) -> date | datetime | None:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is None:
            return day
        return datetime(
            day.year,
            day.month,
            day.day,
            int(match["H"]),
            int(match["M"]),
            int(match["S"] or 0),
            tzinfo=CHINA_TZ,
        )
    except ValueError:
        return None


def capture_metadata(raw_text: str) -> Metadata:
    """Outlet and publication time stated in the page header (or its footer notice)."""
    text = normalise_whitespace(to_simplified(raw_text))
    lines = [line for line in text.split("\n") if line.strip()]
    outlet_from_source = outlet_from_banner = outlet_from_notice = None
    outlet_from_dateline = outlet_from_closing = None
    credits: dict[str, list[str]] = {"reporter": [], "correspondent": []}
    # Publication dates by strength: labelled as such, labelled, sharing a header line.
    dates: list[date | datetime | None] = [None, None, None]
    in_header = True
    for index, line in enumerate(lines):
        header = in_header and index < HEADER_LINES
        if header and (m := _SOURCE.search(line)) and outlet_from_source is None:
            outlet_from_source = _outlet_name(m.group(1))
        if header and (m := _BANNER.search(line)) and outlet_from_banner is None:
            outlet_from_banner = _outlet_name(m.group(1))
        if (m := _COPYRIGHT.search(line)) and outlet_from_notice is None:
            outlet_from_notice = _outlet_name(m.group(1))
        if header and _meta_line(line) and len(line) <= 120 and not ends_terminally(line):
            for role, names in header_credits(line).items():
                credits[role].extend(n for n in names if n not in credits[role])
        if header:
            _header_dates(line, dates)
            if outlet_from_dateline is None:
                outlet_from_dateline = _dateline_outlet(line)
        if is_prose(line, min_length=40) and not _is_boilerplate(line):
            in_header = False  # (a browser notice above the header is no article text)
        if outlet_from_source is None and (m := _TRAILING_SOURCE.match(line)):
            outlet_from_source = _outlet_name(m.group(1))  # （来源：某某融媒） under the text
        closing = not header and outlet_from_closing is None and len(line) <= CREDIT_LINE_MAX
        if closing and (m := _CLOSING_SOURCE.match(line)):
            outlet_from_closing = _outlet_name(m.group(1))  # 来源：某某融媒体中心 closing it
        closing_credit = not header and len(line) <= CREDIT_LINE_MAX and _is_credit_only(line)
        if closing_credit or (_BRACKETED_CREDIT.match(line) and len(line) <= CREDIT_LINE_MAX):
            # （记者 某某） closing the text: read here, dropped by the cleanup rules.
            for role, names in header_credits(line).items():
                credits[role].extend(n for n in names if n not in credits[role])
    masthead = _masthead_outlet(lines)
    outlet = (
        outlet_from_source
        or outlet_from_closing
        or outlet_from_banner
        or outlet_from_dateline
        or masthead
        or _corroborated(outlet_from_notice, text)
    )
    published = next((d for d in dates if d is not None), None)
    return Metadata(
        outlet=outlet,
        published=published,
        reporters=tuple(credits["reporter"]),
        correspondents=tuple(credits["correspondent"]),
    )


# Labels of a header's fields: a line holding two of them is a header line even when a
# name list's 、 makes it look like prose (来源：… 作者：甲、乙 编辑：… 2018-06-24 20:35).
_FIELD_LABEL = re.compile(r"(?:来源|作者|记者|通讯员|编辑|责编|时间|日期|发布|浏览|点击)\s*[:：]")


def _meta_line(line: str) -> bool:
    return not is_prose(line, min_length=30) or len(_FIELD_LABEL.findall(line)) >= 2


def _header_dates(line: str, dates: list) -> None:
    """Fill ``dates`` (strongest first) from one header line. A later line of the same
    strength giving the same day with its time (a site's bar 2020年9月3日 星期四 above
    the article's 2020-09-03 08:12:45) gives the time."""
    if m := _PUBLICATION_DATE.search(line):
        _keep(dates, 0, _parse_date(m))
    other_event = _OTHER_EVENT.search(line)
    if not other_event and (m := _LABELLED_DATE.search(line) or _DATE_LINE.match(line)):
        _keep(dates, 1, _parse_date(m))
    short = len(line) <= 100 and _meta_line(line)
    if short and not other_event and (m := _DATE_ANYWHERE.search(line)):
        _keep(dates, 2, _parse_date(m))


def _keep(dates: list, strength: int, found: date | datetime | None) -> None:
    held = dates[strength]
    refines = isinstance(found, datetime) and not isinstance(held, datetime)
    if held is None or (refines and found.date() == held):
        dates[strength] = found


_DATELINE_NAME = re.compile(
    r"^(?:原创\s+)?([^\s\d:：|｜]{2,12})(?:\s+|\s*[|｜/]\s*)\d{4}\s*[-/.年]"
)


_TIME_THEN_NAME = re.compile(
    rf"^{_DATE}\s*(?P<name>[^\s\d:：|｜/／]{{2,12}})"
    r"(?:$|\s*[/／|｜]|\s+(?=\S{0,6}[:：]|记者|作者|本报|通讯员))"
)
_TRAILING_SOURCE = re.compile(rf"^[(（]\s*{_SOURCE_LABEL}([^\s)）]+)\s*[)）]$")
# The source under the text, on a line of its own (the original of a repost or an account's post).
_CLOSING_SOURCE = re.compile(rf"^{_SOURCE_LABEL}《?([^\s:：|｜【】\[\]()（）《》]+?)》?$")
_BRACKETED_CREDIT = re.compile(r"^[(（【〔\[][^()（）【】〔〕\[\]]{2,36}[)）】〕\]]$")
CREDIT_LINE_MAX = 40
# A paper's name alone on the first line (a newspaper page's masthead).
MASTHEAD_OUTLET_SUFFIXES = ("日报", "晚报", "早报", "晨报", "商报", "时报", "都市报", "报")


def _dateline_outlet(line: str) -> str | None:
    """``岫川日报 2019-05-28``, ``溪川发布 2023-08-22 17:45``: an outlet's name before a date;
    ``2011-10-19 12:19某某新闻网``, ``2022年5月19日 09:12 某某晚报 作者：…``: after the date
    or time, with or without a space."""
    if len(line) > 60:
        return None
    if m := _DATELINE_NAME.match(line):
        return _outlet_name(m.group(1))
    if m := _TIME_THEN_NAME.match(line):
        return _outlet_name(m["name"])
    return None


def _corroborated(name: str | None, text: str) -> str | None:
    """A copyright notice's name, when the page also names it elsewhere (its masthead, its
    title): a notice alone may be any site's furniture (a mirror's, a template's)."""
    if name and text.count(name) >= 2:
        return name
    return None


def _masthead_outlet(lines: list[str]) -> str | None:
    """``岚州日报`` alone on the page's first line: the paper that printed the page."""
    if not lines:
        return None
    first = lines[0].strip()
    if len(first) <= 12 and " " not in first and first.endswith(MASTHEAD_OUTLET_SUFFIXES):
        return _outlet_name(first)
    return None


def format_published(value: date | datetime | None) -> str | None:
    """ISO 8601: a date, or a time to the minute with its offset (``…T19:55+08:00``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    return value.isoformat()
