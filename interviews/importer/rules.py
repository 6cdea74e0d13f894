"""Cleanup rules: each a small pure function ``str -> str``, run in the order of ``RULES``.

Every rule is written to leave real content alone: when a rule cannot tell damage from
text, it leaves the text as it is. The pipeline records what each rule changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache

from .credits import CREDIT_MARKS, header_credits
from .text import (
    CJK,
    CJK_PUNCT,
    CJK_RE,
    cjk_count,
    ends_terminally,
    is_prose,
    is_title_like,
    join_paragraphs,
    split_paragraphs,
    unbalanced_quote,
)

Rule = Callable[[str], str]

# --- whitespace and paragraphs ----------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f\u205f\u3000]+")


def normalise_whitespace(text: str) -> str:
    """Unix line ends, NFC, one kind of space, no indents, at most one blank line in a row.

    Non-breaking and ideographic spaces (web pages indent paragraphs with them) become
    ordinary spaces; a line holding only such spaces becomes blank.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def separate_line_paragraphs(text: str) -> str:
    """Give each paragraph its own blank-line break.

    Scraped pages often separate paragraphs by a single line break. When the text has
    no blank line at all, every line is a paragraph. Elsewhere a line of prose ending a
    sentence, followed by another line of prose, starts a new paragraph; short lines
    (a name under its post, a credit under a byline) stay together.
    """
    lines = text.split("\n")
    if "\n\n" not in text and len(lines) > 1:
        return join_paragraphs(lines)
    # A transcript's speakers by name (高某某：…): a label that starts two lines or more.
    labels = Counter(m.group(1) for line in lines if (m := _NAME_LABEL.match(line)))
    speakers = {label for label, count in labels.items() if count >= 2}
    out: list[str] = []
    in_header = True  # no line of prose yet
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        ended = line and nxt and is_prose(line) and ends_terminally(line)
        turn = bool(_SPEAKER_START.match(nxt)) or (
            (m := _NAME_LABEL.match(nxt)) is not None and m.group(1) in speakers
        )
        # Above the text, a title, deck or credit line over a whole sentence of prose:
        # the text starts there (a line cut mid-sentence ends in no 。).
        opens = (
            in_header
            and line
            and not is_prose(line)
            and is_prose(nxt)
            and ends_terminally(nxt)
            and (is_title_like(line) or line.startswith(("——", "—")) or _is_credit_only(line))
        )
        if (ended and is_prose(nxt)) or (line and nxt and turn) or opens:
            out.append("")
        in_header = in_header and not is_prose(line)
    return "\n".join(out)


_NAME_LABEL = re.compile(rf"^([{CJK}]{{2,4}})\s*[:：](?=\S)")


# A turn of a transcript: 问：, 答：, 记者：, 主持人：, 嘉宾：, 王书记：.
_SPEAKER_START = re.compile(
    rf"^[【\[]?(?:问|答|记者|主持人|嘉宾|访谈嘉宾|网友|[QＱAＡ]\d{{0,2}}|[{CJK}]{{1,3}}(?:书记|主任|镇长|乡长|区长|县长))[】\]]?\s*[:：]"
)


# --- characters -------------------------------------------------------------------------


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _changed(text: str, config: str) -> int:
    converted = _converter(config).convert(text)
    if len(converted) != len(text):
        return abs(len(converted) - len(text)) + 1
    return sum(1 for a, b in zip(text, converted, strict=True) if a != b)


# Taiwan-standard to mainland Simplified with phrases: it also reads mainland Traditional
# (its character table is t2s's), and unlike ``t2s`` it turns the aspect particle 著
# into 着 by context (接著, 有著, 帶著 -> 接着, 有着, 带着) while keeping 著名, 显著;
# Taiwan wording becomes mainland wording (軟體 -> 软件).
SIMPLIFIED_CONFIG = "tw2sp"


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified (``SIMPLIFIED_CONFIG``), for Traditional texts only.

    A text is Traditional when ``t2s`` would change more of it than ``s2t`` would. A
    Simplified text is left as it is: converting it anyway would rewrite names written
    with characters that are also Traditional forms (周文乾 -> 周文干).
    """
    if not cjk_count(text):
        return text
    if _changed(text, "t2s") <= _changed(text, "s2t"):
        return text
    return _converter(SIMPLIFIED_CONFIG).convert(text)


_GARBLED_CLOSE = re.compile(r"\ufffd+[,!，！]+")


def close_garbled_quotes(text: str) -> str:
    """A replacement character where an open quotation must close becomes the closing quote.

    Double-encoded pages lose the bytes of ”, leaving ``�`` and ASCII debris (``�,!``).
    Only when the paragraph has an unclosed “ before the damage is ” put back; the rest
    is left for ``remove_replacement_chars``. The quotes before each damage are counted
    once per line, as the line is walked (counting again at each one was quadratic).
    """
    if "\ufffd" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        pieces: list[str] = []
        balance = last = 0
        for match in _GARBLED_CLOSE.finditer(line):
            before = line[last : match.start()]
            balance += before.count("“") - before.count("”")
            pieces.append(before)
            pieces.append("”" if balance > 0 else match.group(0))
            last = match.end()
        pieces.append(line[last:])
        lines.append("".join(pieces))
    return "\n".join(lines)


def remove_replacement_chars(text: str) -> str:
    """Drop U+FFFD and U+FFFC: the characters they stood for are lost."""
    return text.replace("\ufffd", "").replace("\ufffc", "")


# Not "|": between ideographs it is a page's separator (标题|某某日报, 记者|某某).
_DEBRIS = re.compile(rf"(?<=[{CJK}])[\^`~\\]+(?=[{CJK}(（])")


def drop_mojibake_debris(text: str) -> str:
    """ASCII symbols stuck between ideographs (``絽^区``): leftovers of mis-decoded bytes."""
    return _DEBRIS.sub("", text)


_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = re.compile(
    r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:[aeiouüv]{1,3})(?:ng|n|r)?$"
)
_PINYIN_ANNOTATION = re.compile(
    rf"(?<=[{CJK}])[(（]\s*([a-zü{_TONE_VOWELS}]{{1,7}}(?:[ '][a-zü{_TONE_VOWELS}]{{1,7}}){{0,3}})\s*[)）]"
)
_STRIP_TONES = str.maketrans(
    _TONE_VOWELS, "aaaaeeeeiiiioooouuuuüüüü"
)  # one plain vowel per tone-marked one


def _is_toned_pinyin(content: str) -> bool:
    if not any(ch in _TONE_VOWELS for ch in content):
        return False
    return all(_SYLLABLE.match(s.translate(_STRIP_TONES)) for s in re.split(r"[ ']", content))


def drop_pinyin_annotations(text: str) -> str:
    """Remove ``(qū)`` after an ideograph: tone-marked pinyin in brackets, nothing else.

    Bracketed Latin without tone marks (an English name, an abbreviation) is kept.
    """

    def repl(match: re.Match[str]) -> str:
        return "" if _is_toned_pinyin(match.group(1)) else match.group(0)

    return _PINYIN_ANNOTATION.sub(repl, text)


_DOUBLED = re.compile(r"([,，、;；:：。])\1+")
_COMMA_BEFORE_PUNCT = re.compile(r"[,，]+(?=[、。；;：:？?！!])")
_ENUM_BEFORE_COMMA = re.compile(r"(?<=、)[,，]+")


def collapse_doubled_punctuation(text: str) -> str:
    """``,,`` to ``,``, and a comma glued to a stronger mark (``,、`` ``,。``) to that mark.

    Dashes (——) and ellipses (……) are doubled on purpose and are left alone.
    """
    text = _DOUBLED.sub(r"\1", text)
    text = _COMMA_BEFORE_PUNCT.sub("", text)
    return _ENUM_BEFORE_COMMA.sub("", text)


_LATIN_CONJUNCTIONS = {"and": "和", "&": "和", "or": "或"}
_STRAY_LATIN = re.compile(
    rf"(?<=[{CJK}])[ \t]*(?<![A-Za-z])(and|And|AND|&|or)(?![A-Za-z])[ \t]*(?=[{CJK}])"
)


def replace_stray_latin_words(text: str) -> str:
    """A lone English conjunction between Chinese words (``精神 and 市委``) in Chinese.

    These come from machine-assisted typesetting; only ``and``/``&``/``or`` standing
    alone between ideographs are touched, never Latin words in their own context.
    """
    return _STRAY_LATIN.sub(lambda m: _LATIN_CONJUNCTIONS[m.group(1).lower()], text)


_CJK_PUNCT_SET = frozenset(CJK_PUNCT)
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_PUNCT = re.compile(r"[,;:?!]")
# Brackets matched first, their content checked after: a class of "anything but a
# bracket" on both sides of one ideograph backtracks quadratically on an unclosed "(".
_HALF_PARENS = re.compile(r"\(([^()\n]*)\)")


def fullwidth_punctuation_between_cjk(text: str) -> str:
    """ASCII ``, ; : ? !`` and brackets around Chinese to their full-width forms.

    A mark is converted when Chinese stands before it and Chinese, a digit or the line
    end after it (``日,岚江`` ``人,下辖`` ``说:``), or a digit before and Chinese after.
    Times, decimals and URLs (``19:55`` ``3.75`` ``http://``) are not touched.
    """

    def repl(match: re.Match[str]) -> str:
        i = match.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else "\n"
        prev_cjk = _is_cjk(prev) or prev in _CJK_PUNCT_SET
        next_cjk = _is_cjk(nxt) or nxt in _CJK_PUNCT_SET
        if prev_cjk and (next_cjk or nxt.isdigit() or nxt in "\n "):
            return _ASCII_TO_FULL[match.group(0)]
        if prev.isdigit() and next_cjk and match.group(0) != ":":
            return _ASCII_TO_FULL[match.group(0)]
        return match.group(0)

    text = _HALF_PUNCT.sub(repl, text)
    return _HALF_PARENS.sub(
        lambda m: f"（{m.group(1)}）" if CJK_RE.search(m.group(1)) else m.group(0), text
    )


def _is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))


# --- boilerplate ------------------------------------------------------------------------

# The desk's labels on a newspaper's or site's credit line (the writers' are read apart).
_DESK = (
    r"(?:本版|本期|本文|网络)?(?:责任编辑|值班编辑|编辑|责编|美编|美术编辑|校对|审核|审校|审读|"
    r"一审|二审|三审|初审|复审|终审|签发|组版|版式|版式设计|统筹)"
)
# A name on a desk's credit line, maybe with a space inside (杜 军).
_DESK_NAME = rf"(?:[{CJK}·]{{2,4}}|[{CJK}] [{CJK}]{{1,2}})"
# Lines that are site furniture, never article text. Values worth keeping (source,
# publication time) are read by ``metadata.capture_metadata`` before this rule runs.
BOILERPLATE_LINES = tuple(
    re.compile(p)
    for p in (
        r"^欢迎(?:来到|访问|光临|您)",
        r"^(?:新闻|文章|信息|稿件|本文|本稿)?来源\s*[:：丨|｜]",
        r"^(?:转自\s*[:：]|(?:本文)?(?:转载自|摘自|选自))",
        r"^(?:发布|发表|更新|录入|上传)(?:时间|日期)[:：]",
        r"^(?:时间|日期)[:：]\s*\d",
        r"^(?:作者|撰稿|责任编辑|编辑|责编|审核|审校|校对|值班编辑)[:：]",
        # the desk's credits, bracketed or not, labelled with or without a colon
        # (本版编辑：某某, 责编 某某 美编 某某, （本期编辑：某某）)
        rf"^[【\[(（]?\s*{_DESK}(?:\s*[:：]\s*|\s+){_DESK_NAME}"
        rf"(?:[\s，,、/|｜]+(?:{_DESK}(?:\s*[:：]\s*|\s+))?{_DESK_NAME}){{0,6}}\s*[】\])）]?$",
        # an account's description under its name (某某县委宣传部官方账号)
        r"^\S{2,24}(?:官方账号|官方微信公众号|官方公众号|官方微信|官方微博|官方抖音号|官方平台)$",
        r"^(?:点击|浏览|阅读|访问)(?:数|量|次数|率)?[:：]",
        r"^字号[:：]",
        r"^【?字(?:体|号|级)\s*[:：]?\s*【?大\s*】?\s*【?中\s*】?\s*【?小",
        r"^【?(?:打印|关闭|关闭窗口|打印本页|我要打印|返回顶部|返回|收藏|纠错|字体[:：]?\s*大\s*中\s*小)】?$",
        r"^【?分享(?:到)?】?(?:[:：])?\s*(?:(?:微信|朋友圈|微博|新浪微博|腾讯微博|QQ好友|QQ空间|QQ|空间|"
        r"复制链接|豆瓣|分享到微信|分享到|分享)[\s　]*)*$",
        r"^(?:上一篇|下一篇|相关新闻|相关阅读|推荐阅读|热点推荐|延伸阅读)[:：]?",
        r"版权(?:说明|声明|所有|保护)[:：]",
        r"^.{0,30}版权所有.{0,60}$",  # 某某时报 版权所有
        r"(?:Copyright|COPYRIGHT|copyright|©)",
        r"未经.{0,30}(?:授权|许可|允许|同意).{0,20}(?:禁止|不得)(?:转载|使用|复制)",
        r"^转载请注明|^本文转载自|^本站转载",
        r"^(?:联合推出|联合出品|出品|监制|主办|承办|协办|制作)$",
        r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$",
        r"^(?:https?://|www\.)\S+$",
        # breadcrumbs and site navigation
        r"^(?:您)?(?:当前|现在|目前)?(?:所在)?(?:的)?位置[:：]",
        r"^首页\s*(?:>|>>|»|＞|›|/|\||｜|→)",
        r"\S\s*(?:>|>>|»|＞|›)\s*\S.*(?:>|>>|»|＞|›)",
        r"^(?:首页|网站首页)(?:\s*[|｜]\s*\S+){2,}",
        r"(?:设为首页|加入收藏|无障碍(?:浏览)?|长者模式|繁體|简体版|English)\s*(?:\S+\s*){0,6}$",
        # browser notices, search prompts, comments and lists of other articles
        r"浏览器",
        r"^(?:请输入|站内搜索|搜索[:：]|全文检索)",
        r"^(?:网友评论|发表评论|我要评论|请登录后|评论\s*\d|相关(?:文章|链接|报道|新闻)|猜你喜欢|"
        r"往期(?:推荐|回顾|精彩)|24小时热|热门(?:文章|排行)|精彩推荐|更多(?:新闻|阅读))",
        r"^(?:点击蓝字|点个“?在看|分享、点赞|戳“?阅读原文)",
        r"^(?:原创\s|\S+\s+\S+\s+\d{4}-\d{2}-\d{2}.*发表于)",
        r"^(?:热门|热点|相关|搜索)?(?:关键词|关键字|标签|词条标签|热词|热搜|Tags?)[:：]",
        r"^[?？]+$",
        r"^[(（]?原标题[:：]",
        r"^[(（]?(?:本文)?来源[:：].{1,20}[)）]$",
        r"(?:免责声明|本文为转载|转载此文|不代表本(?:网|站)观点)",
        r"A-\s*A\+|A\+\s*A-",
        r"违法和不良信息举报|分辨率浏览|^视频加载中|上一篇.{0,30}下一篇",
        # a line of search keywords or channel names (南昌新闻 南昌头条 江西新闻 …)
        rf"^(?!.*(?:记者|通讯员|作者|摄影))[{CJK}A-Za-z]{{2,8}}(?:[ 　]+[{CJK}A-Za-z]{{2,8}}){{4,}}$",
        r"^【?(?:打印|关闭|打印此文|打印本页|我要打印|返回目录|关闭窗口|收藏|纠错)】?(?:\s*【?(?:打印|关闭|打印此文|打印本页|我要打印|关闭窗口|收藏|纠错|返回顶部|返回目录)】?)*$",
        # site footers
        r"ICP备|ICP证|公网安备|网站标识码|主办单位[:：]|承办单位[:：]|技术支持[:：]|IPv6|许可证(?:编号|号)?[:：]",
        r"^(?:联系邮箱|投稿邮箱)[:：]",
        r"^[(（]?作者(?:单位|简介)[:：]",
        r"^(?:主办|承办|协办|主管|运维|维护)(?:单位)?\s*[:：]",
        r"(?:地址|邮编|联系电话)[:：].{0,40}(?:邮编|电话|传真)[:：]",
        r"^[【\[(（]\s*(?:责任编辑|编辑|责编|审核|校对)\s*[:：]",
        r"^(?:访谈|直播|采访|录制)(?:时间|日期|地点)[:：]",
        # a magazine's issue line (《某刊》2021年第9期 人物)
        r"^《[^》]{1,12}》\s*\d{4}\s*年?\s*第\s*\d{1,3}\s*期",
        # a newspaper's page header and its page links (第A05版：城事, 上一版 下一版)
        r"^第\s*[A-Z]?\d{1,3}\s*版(?:[:：]|\s|$)",
        r"^(?:版次|版面|版名|版号|版别|期号|刊期)\s*[:：]",
        # a page header holding the paper's name, the day and the page
        # (某某日报 2020年12月16日 星期三 第05版：基层)
        r"^(?=[^。，！？!?]{0,80}$)(?:(?=.*\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?\s*"
        r"(?:星期|周)[一二三四五六日天])|(?=.*\d{4}\s*[年/.-]\s*\d{1,2})(?=.*第\s*[A-Z]?\d{1,3}\s*版))",
        r"^[^。，！？!?]{0,20}第\s*[A-Z]?\d{1,3}\s*版\s*[:：]",
        r"上一版|下一版|版面导航|本版(?:其他|新闻)",
    )
)
# A short header line holding the source, the credits or the time along with other
# things (``2022-01-14 17:05:26 来源：某融媒体中心``): read by ``capture_metadata``,
# then dropped like a line holding only one of them.
_HEADER_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_HEADER_META = re.compile(
    rf"(?:来源|作者|编辑|责编|浏览|点击|阅读)\s*[:：]|{_HEADER_DATE}\s*\d{{1,2}}[:：]\d{{2}}"
    rf"|^\S{{2,12}}\s+{_HEADER_DATE}$|^{_HEADER_DATE}\s*\S{{2,12}}$"
)
_SCRIPT_LABEL = re.compile(
    r"^[【\[]\s*(导语|正文|解说|同期|现场|字幕|采访|主持人导语|记者出镜|出镜|画外音)\s*[】\]]\s*[:：]?\s*"
)
_TABLE_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|$")
# Headings of lists of other articles; the short title lines under them go with them.
LIST_HEADING = re.compile(
    r"^[【\[]?(?:往期推荐|往期回顾|往期精彩|相关阅读|推荐阅读|延伸阅读|相关文章|相关新闻|相关链接|"
    r"相关报道|相关稿件|相关推荐|猜你喜欢|为你推荐|编辑推荐|今日推荐|热门推荐|热点推荐|精彩推荐|"
    r"更多精彩|24小时热文|热门文章|热点新闻|最新文章|最新新闻|阅读排行|点击排行|图片新闻)[】\]]?"
    r"\s*[:：]?\s*(?:更多|换一换|换一批)?\s*(?:>+|»|＞+)?$"
)
LIST_TITLE_MAX = 40
HEADER_META_MAX = 90
HEADLINE_MAX = 50
_QR_PROMPT = re.compile(
    r"^用?(?:微信|手机)?(?:扫码|扫一扫|扫描二维码|长按(?:识别)?二维码|识别二维码)"
)
_DATE_ONLY_LINE = re.compile(
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$"
)
# Short lines under a QR code name the app the code opens (学习强国, a paper's own app...).
QR_TAIL_MAX = 12


# Names of outlets and channels: a masthead line above the headline is one of them.
MASTHEAD_SUFFIXES = (
    "新闻网", "日报网", "网", "日报", "晚报", "早报", "晨报", "商报", "时报", "都市报",
    "电视台", "融媒体中心", "新闻", "在线", "在线访谈", "频道", "杂志", "月刊",
    "门户网站", "人民政府", "政府网",
)  # fmt: skip
MASTHEAD_MAX = 16
_TOPIC = re.compile(r"^(?:访谈主题|本期主题|访谈题目)\s*[:：]\s*(\S.*)$")
CREDIT_LINE_MAX = 40
_SITE_TITLE = re.compile(r"\S\s+[-_|｜—]\s+\S")
_PAGE_CODE = re.compile(rf"^[A-Z]{{1,2}}\d{{1,3}}\s*[{CJK}·]{{2,10}}$")
_PAGE_HEADER = re.compile(r"星期[一二三四五六日天]|第\s*[A-Z]?\d{1,3}\s*版|\b[A-Z]\d{2}\b")


def _is_masthead(line: str, kept: list[str], paragraph: str) -> bool:
    """A site's or paper's name, a channel, a site title or a newspaper page header
    standing above the headline (never the last title line before the article)."""
    if not line or is_prose(line, min_length=1) or any(ch in line for ch in "“”《》：:？?！!"):
        return False
    if _PAGE_HEADER.search(line) and re.search(r"\d{4}\s*[年-]", line):
        return True
    if _PAGE_CODE.match(line):
        return True  # A12 中国新闻: a newspaper page's number and its section
    if _SITE_TITLE.search(line) and len(line) <= 40:
        return True
    if re.search(r"系列|专题|专栏", line):
        return False  # a series' title, not the site's
    # 某某县人民政府 在线访谈: a site's name and its channel, each a masthead's kind of name
    parts = line.split(" ")
    return len(parts) <= 3 and all(
        len(part) <= MASTHEAD_MAX and part.endswith(MASTHEAD_SUFFIXES) for part in parts
    )


def _is_credit_only(line: str) -> bool:
    """``（本报记者 潘 悦）``, ``□ 记者 王 某``: a line that only credits (read before)."""
    if ends_terminally(line):
        return False
    credits = header_credits(line)
    if not (credits["reporter"] or credits["correspondent"]):
        return False
    rest = re.sub(
        rf"(?:图片|摄影|摄像|摄|图)\s*[/／|｜丨:：]\s*[{CJK}]{{2,4}}"  # the photographer too
        rf"|[\s【】\[\]()（）{CREDIT_MARKS}/／|｜丨、]"
        rf"|[{CJK}]{{2,8}}?(?:日报|晚报|早报|时报|电视台|融媒体中心)(?=记者)"
        r"|本报|本刊|全媒体|融媒体|记者|通讯员|通信员|作者|编辑|撰文|文字|[:：]|文|图",
        "",
        line,
    )
    for name in credits["reporter"] + credits["correspondent"]:
        rest = rest.replace(name, "", 1)
    rest = re.sub(f"[{CJK}]{{2,4}}(?:报道|报导|电)|讯", "", rest)
    return len(rest) <= 2


# All of them as one pattern: one search per line instead of one per pattern.
_ANY_BOILERPLATE = re.compile("|".join(f"(?:{p.pattern})" for p in BOILERPLATE_LINES))


def _is_boilerplate(line: str) -> bool:
    return _ANY_BOILERPLATE.search(line) is not None


def drop_boilerplate(text: str) -> str:
    """Remove site banners, share links, QR prompts, copyright and source/time lines.

    A QR prompt takes the short labels printed under it in the same block with it.
    A line holding only a date is dropped only in the header, before the first
    paragraph of prose; a date inside the article stays.
    """
    out: list[str] = []
    in_header = True
    in_list = False  # under 往期推荐 / 相关阅读: the titles of other articles
    for paragraph in split_paragraphs(text):
        kept: list[str] = []
        after_qr = False
        for line in paragraph.split("\n"):
            if cell := _TABLE_ROW.match(line.strip()):
                line = cell.group(1)  # ``| 标题 |``: a table cell the extractor kept
            stripped = line.strip()
            if after_qr and len(stripped) <= QR_TAIL_MAX and not is_prose(stripped, min_length=1):
                continue
            after_qr = False
            if in_list and len(stripped) <= LIST_TITLE_MAX and not is_prose(stripped):
                continue
            in_list = bool(LIST_HEADING.match(stripped))
            if in_list:
                continue
            if _QR_PROMPT.search(stripped):
                after_qr = bool(out or kept)  # at the very top, what follows is the title
                continue
            if _is_boilerplate(stripped):
                continue
            if in_header and _DATE_ONLY_LINE.match(stripped):
                continue
            if in_header and (topic := _TOPIC.match(stripped)):
                kept.append(topic.group(1))  # 访谈主题：<the headline>
                continue
            if script := _SCRIPT_LABEL.match(stripped):
                # A broadcast script's labels (【导语】, 【同期】…) go; a name plate under
                # 【同期】 is a paragraph of its own, not the start of what is said.
                rest = stripped[script.end() :]
                if not rest:
                    continue
                if script.group(1) in ("同期", "现场", "采访") and not is_prose(rest):
                    if kept:
                        out.append("\n".join(kept))
                    out.append(rest)
                    kept = []
                    continue
                line = stripped = rest
            if in_header and _is_masthead(stripped, kept, paragraph):
                continue
            if len(stripped) <= CREDIT_LINE_MAX and _is_credit_only(stripped):
                continue
            if (
                in_header
                and len(stripped) <= HEADER_META_MAX
                and not ends_terminally(stripped)
                and _HEADER_META.search(stripped)
            ):
                continue
            if is_prose(stripped) and (ends_terminally(stripped) or len(stripped) > HEADLINE_MAX):
                in_header = False  # (a headline with a 、 or a comma in it is no text yet)
            kept.append(line)
        if kept:
            out.append("\n".join(kept))
    return join_paragraphs(out)


def drop_repeated_headline(text: str) -> str:
    """A page that prints its headline twice at the top keeps the first copy; a mirror
    site that repeats its title and deck blocks keeps them once."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        return text
    first = re.sub(r"\s+", "", paragraphs[0])
    kept = [paragraphs[0]]
    seen_titles = {first}
    # 标题_转载_某某资讯网: the page title's own title part, which the page prints again
    own = re.split(r"_|\s[-|｜]\s|｜", first, maxsplit=1)[0]
    page_title = own != first and len(own) >= 6
    if page_title:
        seen_titles.add(own)
    in_header = True  # repeated title blocks are dropped before the article starts only
    compacts = [re.sub(r"\s+", "", p) for p in paragraphs]
    last_prose = max((i for i, p in enumerate(paragraphs) if is_prose(p)), default=-1)
    decks = {c for c in compacts[1:6] if c.startswith(("——", "—"))}
    for i, paragraph in enumerate(paragraphs[1:], start=1):
        compact = compacts[i]
        following = compacts[i + 1] if i + 1 < len(compacts) else ""
        previous = compacts[i - 1]
        if compact == first and (i <= 5 or following in decks):
            continue  # the headline again; further down only with its deck (a mirror's
            # title block printed again under the article)
        ending = not in_header and i >= last_prose
        if page_title and compact == own and ending:
            continue  # a page title's title printed again with nothing after it
        if i > 5 and compact in decks and previous == first:
            continue
        in_header = in_header and not (is_prose(paragraph) or ends_terminally(paragraph))
        title = is_title_like(paragraph) or paragraph.startswith(("——", "—"))
        if in_header and title and "\n" not in paragraph and compact in seen_titles:
            continue
        if title:
            seen_titles.add(compact)
        kept.append(paragraph)
    return join_paragraphs(kept)


# --- broken paragraphs ------------------------------------------------------------------

_LABEL_START = re.compile(
    r"^(?:问|答|记者|编者按|主持人|嘉宾|网友|[QＱAＡ]\d{0,2})\s*[:：]|^[【\[](?:问|答|记者|主持人|嘉宾)"
)


def _continues(before: str, after: str, *, quote_open: bool) -> bool:
    """Whether ``after`` is the rest of the sentence ``before`` was cut in."""
    if not before or not after or _LABEL_START.match(after):
        return False
    if ends_terminally(before) or before[-1] in "：:":
        return False
    if is_title_like(after) and not quote_open:
        return False
    if before[-1] in "，,、":
        return True
    if quote_open:
        return True
    if _CLOSING_NOTE.search(before):
        return False  # …路子。（通讯员 某某）: a note after the last sentence ends it
    cut = len(before) >= CUT_SENTENCE_MIN and ("，" in before or "," in before)
    if cut and not before.startswith(("——", "—")) and is_prose(after):
        return True  # a sentence cut after a clause (…说，镇里从…中 / 挑选了28人，…)
    if is_title_like(before):
        return False
    return is_prose(before, min_length=20)


_CLOSING_NOTE = re.compile(r"[。！？!?”]\s*[（(][^（）()\n]{1,40}[)）]$")
# A line this long with a clause in it is a cut sentence, not a title with a comma.
CUT_SENTENCE_MIN = 25
# A paragraph this long absorbs no more lines: real paragraphs are far shorter, and each
# join looks at the whole paragraph, so without a cap a run of joins is quadratic.
MAX_JOINED = 4000


def rejoin_broken_paragraphs(text: str) -> str:
    """Join paragraphs a page layout cut mid-sentence (``工作`` / ``十分辛苦``).

    A paragraph continues into the next when it does not end a sentence and is prose:
    it ends in a comma, leaves a quotation open, or is a long line with commas. Short
    lines without punctuation (subheads, names, credits) never absorb their neighbours.
    """
    out: list[str] = []
    for paragraph in split_paragraphs(text):
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if (
                lines
                and len(lines[-1]) < MAX_JOINED
                and _continues(lines[-1], line, quote_open=unbalanced_quote(lines[-1]))
            ):
                lines[-1] += line
            else:
                lines.append(line)
        paragraph = "\n".join(lines)
        if out:
            previous = out[-1]
            first_line = paragraph.split("\n", 1)[0]
            last_line = previous.rsplit("\n", 1)[-1]
            if (
                "\n" not in previous
                and len(previous) < MAX_JOINED
                and _continues(last_line, first_line, quote_open=unbalanced_quote(previous))
            ):
                out[-1] = previous + paragraph
                continue
        out.append(paragraph)
    return join_paragraphs(out)


RULES: tuple[Rule, ...] = (
    normalise_whitespace,
    separate_line_paragraphs,
    to_simplified,
    close_garbled_quotes,
    remove_replacement_chars,
    drop_mojibake_debris,
    drop_pinyin_annotations,
    collapse_doubled_punctuation,
    replace_stray_latin_words,
    fullwidth_punctuation_between_cjk,
    drop_boilerplate,
    drop_repeated_headline,
    rejoin_broken_paragraphs,
)


def run_rules(text: str, rules: tuple[Rule, ...] = RULES) -> str:
    for rule in rules:
        text = rule(text)
    return text
