"""From cleaned text to an article's parts: title block, credits, Q&A, captions, sections.

Newspaper pages print the parts of an interview in no fixed order: the deck may come
after the lead paragraph, the series banner in the middle, the interviewee's name block
at the end. Each part is therefore recognised by its own shape wherever it stands, and
taken out of the body once recognised; what is left is the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .credits import _spaced_names, bare_names, header_credits
from .places import (
    POSTS,
    Interviewee,
    PersonMention,
    PlaceChain,
    _name_after,
    chain_above,
    cities_mentioned,
    city_from_series,
    find_person_mentions,
    parse_place_prefix,
    place_chain_for,
)
from .text import (
    CAPTION_MARK,
    CJK,
    cjk_count,
    ends_terminally,
    is_prose,
    is_title_like,
    split_paragraphs,
)

# --- vocabularies -----------------------------------------------------------------------

EDITOR_NOTE = re.compile(r"^[【\[]?编者按[】\]]?\s*[:：]?\s*", re.S)
# An editor's note is a few paragraphs at most; past this, the body has begun.
EDITOR_NOTE_MAX_PARAGRAPHS = 6
SERIES_LINE = re.compile(r"(?:系列访谈|系列专访|系列报道|系列谈|访谈录|专题访谈|访谈实录)$")
SERIES_MOTTO_MAX = 16
# A series before the headline: ``某某•乡镇党委书记访谈：…``, ``《某某》系列访谈｜…``, and
# ``《某某》｜…`` (a bar, not a colon: ``《书名》：…`` is a headline about a book).
SERIES_PREFIX = re.compile(
    r"^(?:《(?P<named>[^》\n]{2,24})》(?:系列(?:访谈|报道|专访)\s*[：:|｜丨]|\s*[|｜丨])"
    r"|(?P<series>[^：:“”\s|｜丨《》]{2,24}(?:访谈|专访|面对面|对话|系列|访谈录))\s*[：:|｜丨])"
    r"\s*(?P<rest>\S.{3,})$"
)
SERIES_IN_LEAD = re.compile(
    r"《([^》\n]{2,24})》(?=系列(?:报道|访谈|专访))|《([^》\n]{2,24}访谈)》"
    r"|“([^”\n]{2,16})”(?=系列(?:报道|访谈|专访))"
)
# A numbered instalment of a series above the headline: 书记话发展之五, 书记访谈录（五）.
INSTALMENT = re.compile(
    rf"^(?:《(?P<named>[^》\n]{{2,16}})》(?:系列(?:报道|访谈|专访))?|(?P<series>[{CJK}·•]{{3,16}}?))"
    r"(?:之[一二三四五六七八九十百\d]{1,4}"
    r"|\s*[（(][一二三四五六七八九十百\d]{1,4}[)）])$"
)
LEAD_WORD = re.compile(r"^(?:——|—|--|－－)?\s*(?:记者专访|专访|对话|走近|访(?!谈)|记(?!者))")
SUBTITLE_MAX = 50
DASHED_DECK = re.compile(r"^(?:——|－－|--)\s*(?=\S.{3,48}$)")
SECTION_HEAD_MAX = 40
CAPTION_MAX = 80
CAPTION_POSITION = re.compile(
    r"[(（](?:前排|后排|中排)?(?:左|右|中|居中)[一二三四五六七八九十\d]*"
    r"(?:[、，,及和](?:左|右|中)[一二三四五六七八九十\d]*)*[)）]"
)
# A photographer's credit closing a caption: （记者 某某 摄）, （摄影：某某）, （某某/摄）.
PHOTO_CREDIT = re.compile(r"(?:\s|/|／|^)摄(?:影)?$|^摄影\s*[:：/／]|^图\s*[:：/／]")
CAPTION_START = re.compile(r"^(?:图为|图[:：]|[(（]图|▲|△|摄影[:：])")
COLUMN_PREFIX = re.compile(r"^【[^【】\n]{2,12}】\s*(?P<title>[^【】\s].{3,})$")
REPORT_WORDS = ("报道", "报导", "摄影报道", "采写", "联合报道", "综合报道")
REPORTER_LABELS = ("文/图", "文／图", "图/文", "图文", "文图", "文", "图")
AGENCY_SUFFIXES = ("记者站", "分社", "报社", "通讯社", "新闻中心", "融媒体中心", "编辑部", "记者组")
# A credit opening the lead, after the outlet's or agency's dateline where there is one:
# 〔记者某某／某地报导〕, 本报讯（记者 某某 通讯员 某某）, 某某网讯（记者 某某）,
# 新华社某地5月3日电（记者 某某）, 本报讯 记者某某 通讯员某某报道：
LEADING_CREDIT = re.compile(
    r"^(?:[^\s〔【\[(（。，！？\n]{1,24}?(?:讯|电)\s*)?"
    r"(?:[〔【\[(（]\s*([^〔〕【】\[\]()（）\n]{2,30}?)\s*[〕】\])）]"
    r"|((?:记者|通讯员)[^。，！？:：\n]{2,30}?(?:报道|报导))\s*[:：])\s*"
)
TRAILING_PAREN = re.compile(r"\s*[(（]([^()（）\n]{2,40})[)）]\s*$")
NAME_LABEL = re.compile(rf"^(?:[【\[]([{CJK}]{{2,4}})[】\]]\s*[:：]?|([{CJK}]{{2,4}})\s*[:：])")
POST_LABEL = "(?:书记|主任|镇长|乡长|区长|县长)"
# A question's label: 问：, 记者：, 主持人：, 主持人 李某：, 网友“某某”：, 【主持人】, [网友]：
QUESTION = re.compile(
    rf"^(?:问|记者|主持人(?:\s?[{CJK}]{{2,4}})?|[QＱ]\d{{0,2}}|网友(?:“[^”\n]{{1,16}}”|[^\s:：“”\n]{{1,12}})?)"
    r"\s*[:：]\s*|^[【\[](?:问|记者|主持人|网友[^】\]\n]{0,16})[】\]]\s*[:：]?\s*"
)
ANSWER = re.compile(
    r"^(?:答|[AＡ]\d{0,2}|嘉宾|访谈嘉宾)\s*[:：]\s*|^[【\[](?:答|嘉宾|访谈嘉宾)[】\]]\s*[:：]?\s*"
)
_SITE = r"[^\s\-_|｜—]{2,16}?(?:数字报|电子报|电子版|新闻网|网|日报|晚报|新闻|在线|频道)"
SITE_PREFIX = re.compile(rf"^{_SITE}\s*[-_|｜]\s*(?P<title>\S.{{3,}})$")
SITE_SUFFIX = re.compile(rf"^(?P<title>\S.{{3,}}?)\s*[-_|｜]\s*{_SITE}$")
# A page title's parts: 标题_栏目_站名, 标题 - 栏目 - 站名 (a hyphen between digits is no bar).
TITLE_PARTS = re.compile(r"\s*[_|｜丨]\s*|\s+-\s+|(?<=[^\d\s])-(?=[^\d\s])")
SITE_NAME = re.compile(
    rf"{_SITE}|[^\s]{{2,12}}(?:门户|门户网|门户网站|网站|政府网|发布|人民政府|政府)"
)
# The short form a lead gives the interviewee, which labels the answers: （以下简称“祁”）.
SHORT_FORM = re.compile(rf"以下简称\s*[“\"‘]([{CJK}]{{1,4}})[”\"’]")
GUEST_LABEL = re.compile(r"^(?:访谈嘉宾|嘉宾|受访者|受访嘉宾)\s*[:：]\s*")
# A Q&A article has at least this many question-answer pairs.
QA_MIN_PAIRS = 2


@dataclass
class Block:
    kind: str  # heading | paragraph | question | answer | quote | photo
    text: str
    caption: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "text": self.text, "caption": self.caption}


@dataclass
class QAPair:
    question: str
    answer: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"question": self.question, "answer": self.answer}


@dataclass
class Structure:
    headline: str | None = None
    subtitle: str | None = None
    series: str | None = None
    editor_note: str | None = None
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    byline: str | None = None
    interviewee: Interviewee = field(default_factory=Interviewee)
    qa_format: bool = False
    qa_pairs: list[QAPair] = field(default_factory=list)
    photo_captions: list[str] = field(default_factory=list)
    section_heads: list[str] = field(default_factory=list)
    body_blocks: list[Block] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return "\n\n".join(b.text for b in self.body_blocks if b.kind != "photo" and b.text)


# --- credits ----------------------------------------------------------------------------


@dataclass
class Credits:
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)

    def add(self, other: Credits) -> None:
        for name in other.reporters:
            if name not in self.reporters:
                self.reporters.append(name)
        for name in other.correspondents:
            if name not in self.correspondents:
                self.correspondents.append(name)


_NAME = re.compile(f"^[{CJK}]{{2,4}}$")
_ROLE_WORDS = ("记者", "通讯员", "实习生", "摄影", "编辑")


def _joined_single_characters(tokens: list[str]) -> list[str]:
    """``孟 琪`` (a name written with a space between its characters) as one token."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and re.fullmatch(f"[{CJK}]", token) and token not in REPORTER_LABELS:
            run.append(token)
            continue
        spaced = _spaced_names("".join(run)) if len(run) >= 2 else []
        out.extend(spaced or run)
        run = []
        if token:
            out.append(token)
    return out


DESK_LINE_MAX = 24


def _is_desk_line(paragraph: str) -> bool:
    return (
        "\n" not in paragraph
        and len(paragraph) <= DESK_LINE_MAX
        and cjk_count(paragraph) >= 4
        and paragraph.endswith(AGENCY_SUFFIXES)
        and re.fullmatch(f"[{CJK}]+", paragraph) is not None
    )


def parse_credit_line(line: str) -> Credits | None:
    """``文/图 溟州日报记者 乔木 简宁 通讯员 郑川`` -> reporters and correspondents.

    Every token must be a label, a role or a name; a sentence that merely mentions a
    reporter (``记者先后与9位书记座谈``) is not a credit line.
    """
    tokens = _joined_single_characters(
        [t for t in re.split(r"[\s、，,;；]+|[:：]", line.strip()) if t]
    )
    credits = Credits()
    role: str | None = None
    for token in tokens:
        if token in REPORTER_LABELS:
            role = role or "reporter"
            continue
        for marker, marker_role in (
            ("记者", "reporter"),
            ("通讯员", "correspondent"),
            ("通信员", "correspondent"),
        ):
            if marker in token:
                head, _, tail = token.partition(marker)
                if head and (head in REPORTER_LABELS or not re.fullmatch(f"[{CJK}]{{0,8}}", head)):
                    return None
                role = marker_role
                token = tail
                break
        else:
            if token in ("实习生", "摄影", "摄", "见习"):
                role = "other"
                continue
        if not token or (role and token in REPORT_WORDS):
            continue  # 记者 某某 某某 报道: the closing word of a credit
        if role is None or not _NAME.match(token) or token.endswith(_ROLE_WORDS):
            return None
        if role == "reporter":
            credits.reporters.append(token)
        elif role == "correspondent":
            credits.correspondents.append(token)
    if not credits.reporters and not credits.correspondents:
        return None
    return credits


# --- the parser -------------------------------------------------------------------------


# The first paragraphs where a title line may share its paragraph with what follows.
TITLE_SPLIT_PARAGRAPHS = 3


def _split_title_lines(paragraphs: list[str]) -> list[str]:
    """A headline over the line that follows it with no blank line between
    (``标题`` / ``访谈嘉宾：…``, ``标题`` / ``主持人：…``) is a paragraph of its own; a name
    block (post over name) and a credit block stay together."""
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        first, _, rest = paragraph.partition("\n")
        if (
            index < TITLE_SPLIT_PARAGRAPHS
            and rest
            and _title_shaped(first)
            and not parse_credit_line(first)
            and not _is_person_line(paragraph)
            and not all(parse_credit_line(line) for line in paragraph.split("\n"))
        ):
            out.extend([first, rest])
        else:
            out.append(paragraph)
    return out


def _title_shaped(line: str) -> bool:
    """Title-like, allowing the one question or exclamation mark a headline may end in."""
    if is_title_like(line):
        return True
    return (
        line[-1:] in "？?！!"
        and is_title_like(line[:-1])
        and not line.startswith(("问", "答", "记者", "主持人"))
    )


class _Parser:
    def __init__(self, text: str) -> None:
        self.paragraphs = _split_title_lines(split_paragraphs(text))
        self.role: dict[int, str] = {}
        self.result = Structure()
        self.credits = Credits()
        self.person_sources: list[str] = []
        self.title_sources: list[str] = []
        self.full_text = text
        self.raw_headline = ""
        for i, paragraph in enumerate(self.paragraphs):
            if paragraph.startswith(CAPTION_MARK):
                self.paragraphs[i] = paragraph.replace(CAPTION_MARK, "").strip()
                self.role[i] = "photo"
        # The answers' label, once the interviewee is known (``_answer_label``).
        self._speaker: re.Pattern[str] | None | bool = False

    def free(self, index: int) -> bool:
        return 0 <= index < len(self.paragraphs) and index not in self.role

    def _headline_without_site(self) -> None:
        """``某某晚报数字报-标题`` / ``标题_某某网``: a page title's site name goes; so does a
        programme's or column's name in brackets before it (``【某某新闻】标题``)."""
        headline = self.result.headline or ""
        self.raw_headline = headline  # the site's name may write the district's city
        parts = TITLE_PARTS.split(headline)
        tail = parts[1:]
        if (
            tail
            and len(parts[0]) >= 4
            and all(len(p) <= 16 and not re.search(r"[，。：:！？“”]", p) for p in tail)
            and any(SITE_NAME.fullmatch(p) for p in tail)
        ):
            # 标题_乡镇动态_某某新闻网, 标题-某某新闻网-某某门户: the channel and site go.
            self.result.headline = headline = parts[0]
        if m := SITE_PREFIX.match(headline) or SITE_SUFFIX.match(headline):
            self.result.headline = headline = m["title"].strip()
        if m := COLUMN_PREFIX.match(headline):
            self.result.headline = m["title"].strip()
            column = headline[1 : headline.index("】")]
            if self.result.series is None and SERIES_LINE.search(column):
                self.result.series = column  # 【某某系列访谈】: a series, not a column

    def run(self) -> Structure:
        self._editor_note()
        self._credits()
        self._series()
        self._title_line()
        self._subtitle_and_headline()
        self._series_wordings()
        self._headline_without_site()
        self._name_blocks()
        self._interviewee()
        self._captions()
        self._qa()
        self._section_heads()
        self._blocks()
        return self.result

    def _series_wordings(self) -> None:
        """Series written other ways: a title prefix (``某某•乡镇党委书记访谈：<headline>``),
        ``《某某》系列报道`` in the lead, a bracketed ``《…访谈》`` in the first paragraphs."""
        headline = self.result.headline or ""
        if m := SERIES_PREFIX.match(headline):
            series = (m["named"] or m["series"]).strip()
            if self.result.series in (None, series):
                self.result.series = series
                self.result.headline = rest = m["rest"].strip()
                self._deck_over_headline(rest)
                return
        if self.result.series:
            return
        for paragraph in self.paragraphs[:6]:
            if m := SERIES_IN_LEAD.search(paragraph):
                self.result.series = m.group(1) or m.group(2) or m.group(3)
                return

    def _deck_over_headline(self, rest: str) -> None:
        """``乡镇党委书记访谈：专访某乡党委书记某某`` over ``某乡：把小茶叶做成大产业``: the
        series' line holds the deck; the title line under it is the headline."""
        if self.result.subtitle or not (LEAD_WORD.match(rest) and self._is_deck(rest)):
            return
        at = next((i for i, r in self.role.items() if r == "headline"), None)
        if (
            at is None
            or not self.free(at + 1)
            or not self._headline_shaped(self.paragraphs[at + 1])
        ):
            return
        self.role[at + 1] = "headline"
        self.result.subtitle = rest
        self.result.headline = self.paragraphs[at + 1]
        self.person_sources.append(rest)
        self.title_sources.append(self.result.headline)

    def _editor_note(self) -> None:
        for i, paragraph in enumerate(self.paragraphs):
            match = EDITOR_NOTE.match(paragraph)
            if not match:
                continue
            self.role[i] = "note"
            inline = paragraph[match.end() :].strip()
            parts = [inline] if inline else []
            j = i + 1
            while not inline and self.free(j) and len(parts) < EDITOR_NOTE_MAX_PARAGRAPHS:
                candidate = self.paragraphs[j]
                if "\n" in candidate or not (is_prose(candidate) and ends_terminally(candidate)):
                    break
                parts.append(candidate)
                self.role[j] = "note"
                j += 1
            self.result.editor_note = "\n\n".join(parts) or None
            return

    def _credits(self) -> None:
        lead_seen = False  # a bare name in brackets credits only at the end of the lead
        for i, paragraph in enumerate(self.paragraphs):
            if not self.free(i):
                continue
            is_lead = not lead_seen and is_prose(paragraph)
            if lead_seen and _is_desk_line(paragraph):
                # 某某日报某地记者站 alone under the text: the desk that filed it.
                self.result.byline = self.result.byline or paragraph
                self.role[i] = "credit"
                continue
            lead_seen = lead_seen or is_lead
            lines = paragraph.split("\n")
            parsed = [parse_credit_line(line) for line in lines]
            if all(parsed):
                for credits in parsed:
                    self.credits.add(credits)
                self.role[i] = "credit"
                continue
            if lead := LEADING_CREDIT.match(paragraph):
                # 〔记者某某／某地报导〕 or 【全媒体记者 某某】 opening the lead.
                inner = lead.group(1) or re.sub(r"(?:报道|报导)$", "", lead.group(2))
                found = header_credits(inner)
                if found["reporter"] or found["correspondent"]:
                    self.credits.add(Credits(found["reporter"], found["correspondent"]))
                    paragraph = paragraph[lead.end() :].lstrip()
                    self.paragraphs[i] = paragraph
                    if not paragraph:
                        self.role[i] = "credit"
                        continue
            match = TRAILING_PAREN.search(paragraph)
            if not match:
                continue
            inner = match.group(1).strip()
            if PHOTO_CREDIT.search(inner) and len(paragraph) <= CAPTION_MAX:
                # 某某一角（某某日报记者 侯悦 摄）: a photo's caption and its photographer
                self.role[i] = "photo"
                continue
            credits = parse_credit_line(inner)
            if credits is not None:
                self.credits.add(credits)
            elif inner.endswith(AGENCY_SUFFIXES) and cjk_count(inner) >= 4:
                self.result.byline = self.result.byline or inner
            elif (names := _names_after_desk(inner)) and (
                not paragraph[: match.start()].strip()
                or ends_terminally(paragraph[: match.start()].rstrip())
            ):
                # （某某县融媒体中心 庞露）: the desk, then its writer's name, closing the text
                self.credits.add(Credits(names, []))
            elif (
                is_lead
                and ends_terminally(paragraph[: match.start()].rstrip())
                and (names := bare_names(inner))
            ):
                # ``…授课。（闻秋实）``: the writer's name closing the lead.
                self.credits.add(Credits(names, []))
            else:
                continue
            rest = paragraph[: match.start()].rstrip()
            if rest:
                self.paragraphs[i] = rest
            else:
                self.role[i] = "credit"
        self._closing_name()
        self.result.reporters = self.credits.reporters
        self.result.correspondents = self.credits.correspondents

    def _closing_name(self) -> None:
        """``…建设。（庞雪）`` closing the text, naming a writer already credited: the
        credit again, out of the text (a name not credited elsewhere stays as it is)."""
        last = max((i for i in range(len(self.paragraphs)) if self.free(i)), default=None)
        if last is None:
            return
        paragraph = self.paragraphs[last]
        match = TRAILING_PAREN.search(paragraph)
        if not match or not ends_terminally(paragraph[: match.start()].rstrip()):
            return
        names = bare_names(match.group(1).strip())
        credited = self.credits.reporters + self.credits.correspondents
        if names and all(name in credited for name in names):
            self.paragraphs[last] = paragraph[: match.start()].rstrip()

    def _series(self) -> None:
        for i, paragraph in enumerate(self.paragraphs[:2]):
            nxt = self.paragraphs[i + 1] if i + 1 < len(self.paragraphs) else ""
            m = INSTALMENT.match(paragraph) if self.free(i) else None
            if m and nxt and _title_shaped(nxt):
                self.role[i] = "series"
                self.result.series = m["named"] or m["series"]
                self.title_sources.append(paragraph)
                return
        for i, paragraph in enumerate(self.paragraphs):
            if not self.free(i) or "\n" in paragraph or len(paragraph) > SUBTITLE_MAX:
                continue
            if not SERIES_LINE.search(paragraph) or ends_terminally(paragraph):
                continue
            if find_person_mentions(paragraph):
                continue  # 某乡党委书记某某访谈录: a deck about one person, not a series
            series = paragraph
            self.role[i] = "series"
            previous = self.paragraphs[i - 1] if i else ""
            if (
                self.free(i - 1)
                and "\n" not in previous
                and len(previous) <= SERIES_MOTTO_MAX
                and is_title_like(previous)
                and not re.search(r"[，,。：:]", previous)
            ):
                series = f"{previous}——{paragraph}"
                self.role[i - 1] = "series"
            self.result.series = series
            self.title_sources.append(series)
            return

    def _title_line(self) -> None:
        """``标题——《系列》 某街道党工委书记某某``: one line holding headline, series, deck."""
        for i in range(min(3, len(self.paragraphs))):
            paragraph = self.paragraphs[i]
            if not self.free(i) or "\n" in paragraph or ends_terminally(paragraph):
                continue
            match = re.match(r"^(?P<head>.+?)\s*——\s*(?P<rest>.+)$", paragraph)
            if not match or not is_title_like(match["head"]):
                continue
            rest = match["rest"]
            series_match = re.search(r"《([^》]+)》", rest)
            remainder = re.sub(r"《[^》]+》", " ", rest).strip()
            subtitle = remainder if remainder and self._is_deck(remainder, bare_ok=True) else None
            if not series_match and not subtitle:
                continue
            self.role[i] = "title"
            self.result.headline = match["head"].strip()
            if series_match and not self.result.series:
                self.result.series = series_match.group(1).strip()
            self.result.subtitle = subtitle
            self.title_sources.append(paragraph)
            if subtitle:
                self.person_sources.append(subtitle)
            return

    def _is_deck(self, line: str, *, bare_ok: bool = False) -> bool:
        """``专访…书记王某`` / ``——访…`` (or, with ``bare_ok``, a bare person line)."""
        if "\n" in line or len(line) > SUBTITLE_MAX or ends_terminally(line):
            return False
        mentions = find_person_mentions(line)
        if not mentions:
            return False
        if LEAD_WORD.match(line) and re.search(
            rf"{re.escape(mentions[-1].name)}\s*[：:]\s*\S", line
        ):
            return False  # 对话某镇党委书记某某：一颗蒜如何…: a headline, not a deck
        if LEAD_WORD.match(line) or line.rstrip().endswith("访谈录"):
            return True
        last = mentions[-1]
        return bare_ok and line.rstrip().endswith(last.name)

    def _subtitle_and_headline(self) -> None:
        if self.result.headline or self.result.subtitle:
            return
        for i, paragraph in enumerate(self.paragraphs):
            if not self.free(i) or not self._is_deck(paragraph):
                continue
            self.role[i] = "subtitle"
            self.result.subtitle = re.sub(r"^(?:——|—|--|－－)\s*", "", paragraph).strip()
            self.person_sources.append(self.result.subtitle)
            self.title_sources.append(self.result.subtitle)
            if self.free(i - 1) and self._headline_shaped(self.paragraphs[i - 1]):
                self.role[i - 1] = "headline"
                self.result.headline = self.paragraphs[i - 1]
                self.title_sources.append(self.result.headline)
            return
        for i, paragraph in enumerate(self.paragraphs[:3]):
            if not self.free(i):
                continue
            if self._headline_shaped(paragraph):
                self.role[i] = "headline"
                self.result.headline = paragraph
                self.title_sources.append(paragraph)
                deck = self.paragraphs[i + 1] if self.free(i + 1) else ""
                if DASHED_DECK.match(deck) and not ends_terminally(deck) and "\n" not in deck:
                    # ——街道将24项事项搬上服务车: a dashed line under the headline is its deck
                    self.role[i + 1] = "subtitle"
                    self.result.subtitle = DASHED_DECK.sub("", deck).strip()
                    self.title_sources.append(self.result.subtitle)
            return

    def _headline_shaped(self, paragraph: str) -> bool:
        if not _title_shaped(paragraph) or parse_credit_line(paragraph):
            return False
        return not CAPTION_POSITION.search(paragraph)

    def _name_blocks(self) -> None:
        """``石岭区和风街道党工委书记`` over ``贺文涛``: the interviewee's name block; also
        ``访谈嘉宾：某街道党工委书记 王某`` in an interview's header."""
        for i, paragraph in enumerate(self.paragraphs):
            if not self.free(i) or len(paragraph) > SUBTITLE_MAX or paragraph.count("\n") > 1:
                continue
            paragraph = GUEST_LABEL.sub("", paragraph)
            if _is_person_line(paragraph):
                self.role[i] = "name"
                person = re.sub(r"\s", "", paragraph)
                self.person_sources.append(person)
                self.title_sources.append(person)

    def _interviewee(self) -> None:
        mention: PersonMention | None = None
        for source in self.person_sources:
            found = find_person_mentions(source)
            if found:
                mention = found[-1]
                break
        if mention is None:
            body = "\n\n".join(p for i, p in enumerate(self.paragraphs) if self.free(i))
            found = find_person_mentions(body)
            if not found:
                # Named only in the headline or the editor's note (记者专访了某街道党工委书记…).
                found = find_person_mentions("\n\n".join(self.paragraphs))
            if found:
                counts = Counter((m.unit, m.post, m.name) for m in found)
                unit, post, name = counts.most_common(1)[0][0]
                mention = next(m for m in found if (m.unit, m.post, m.name) == (unit, post, name))
        if mention is None:
            mention = _short_unit_mention("\n\n".join(self.paragraphs))
        if mention is None:
            return
        mention = _shortest_named_unit(mention, self.full_text)
        sources = [*self.title_sources, self.result.headline or "", self.raw_headline]
        sources += self.paragraphs
        chain = place_chain_for(mention.unit, sources)
        if chain.district and not chain.city:
            # 青屏区石湾街道 in the text, 岚江市青屏区 in the page title: the district's city.
            above = chain_above(chain.district, sources)
            if above.city and above.province in (None, chain.province):
                chain = PlaceChain(above.province or chain.province, above.city, chain.district)
        city = chain.city or city_from_series(self.result.series)
        if city is None:
            counts = cities_mentioned(self.full_text)
            counts.pop(chain.district or "", None)  # the 市 read as the district is no city
            mentioned = counts.most_common(2)
            if len(mentioned) == 1 or (len(mentioned) == 2 and mentioned[0][1] > mentioned[1][1]):
                city = mentioned[0][0]
        self.result.interviewee = Interviewee(
            name=mention.name,
            post=mention.post,
            unit=mention.unit,
            district=chain.district,
            city=city,
            province=chain.province,
        )

    def _captions(self) -> None:
        for i, paragraph in enumerate(self.paragraphs):
            if self.role.get(i) == "photo":
                self.result.photo_captions.append(paragraph)  # marked, or credited 摄
                continue
            if not self.free(i) or "\n" in paragraph or len(paragraph) > CAPTION_MAX:
                continue
            if paragraph.startswith("“"):
                continue
            if CAPTION_POSITION.search(paragraph) or CAPTION_START.match(paragraph):
                self.role[i] = "photo"
                self.result.photo_captions.append(paragraph)

    def _answer_label(self) -> re.Pattern[str] | None:
        """The interviewee's label (王某某：, 王书记：), or a name that answers a question:
        a label that starts a paragraph right after a question and is a person's name
        (a surname, then one or two characters) or a surname and a post."""
        if self._speaker is not False:
            return self._speaker
        labels = []
        if name := self.result.interviewee.name:
            labels += [re.escape(name), rf"{re.escape(name[0])}(?:书记|主任|镇长|乡长)"]
        for m in SHORT_FORM.finditer("\n".join(self.paragraphs[:6])):
            labels.append(re.escape(m.group(1)))  # （以下简称“祁”）: the answers' label
        for i, paragraph in enumerate(self.paragraphs[1:], start=1):
            if not QUESTION.match(self.paragraphs[i - 1]):
                continue
            if (m := NAME_LABEL.match(paragraph)) and not QUESTION.match(paragraph):
                label = m.group(1) or m.group(2)
                if bare_names(label) == [label] or re.fullmatch(rf"[{CJK}]{POST_LABEL}", label):
                    labels.append(re.escape(label))
        self._speaker = None
        if labels:
            names = "|".join(dict.fromkeys(labels))
            self._speaker = re.compile(
                rf"^(?:[【\[](?:{names})[】\]]\s*[:：]?|(?:{names})\s*[:：])\s*"
            )
        return self._speaker

    def _qa(self) -> None:
        speaker = self._answer_label()
        pairs: list[QAPair] = []
        labelled = 0  # answers that carry an answer label (答：, 嘉宾：, 王书记：)
        current: QAPair | None = None
        for i, paragraph in enumerate(self.paragraphs):
            if not self.free(i):
                continue
            if match := QUESTION.match(paragraph):
                current = QAPair(question=paragraph[match.end() :].strip())
                pairs.append(current)
                self.role[i] = "question"
                continue
            match = ANSWER.match(paragraph) or (speaker.match(paragraph) if speaker else None)
            if match and current is not None:
                labelled += 1
                answer = paragraph[match.end() :].strip()
                current.answer = f"{current.answer}\n\n{answer}" if current.answer else answer
                self.role[i] = "answer"
                continue
            if current is not None and current.answer and is_prose(paragraph, min_length=1):
                current.answer = f"{current.answer}\n\n{paragraph}"
                self.role[i] = "answer"
        complete = [p for p in pairs if p.question and p.answer]
        # One pair is Q&A when both its question and its answer are labelled.
        self.result.qa_format = len(complete) >= QA_MIN_PAIRS or (
            len(complete) == 1 and labelled >= 1
        )
        self.result.qa_pairs = complete if self.result.qa_format else []
        if not self.result.qa_format:
            for i, role in list(self.role.items()):
                if role in ("question", "answer"):
                    del self.role[i]

    def _section_heads(self) -> None:
        """Subheads: title-shaped lines between paragraphs of the body (a title-shaped
        line above the first paragraph is header furniture or a title, never a subhead)."""
        body = [i for i, p in enumerate(self.paragraphs) if self._is_body_prose(i)]
        if not body:
            return
        for i, paragraph in enumerate(self.paragraphs):
            if i < body[0] or i > body[-1]:
                continue
            if not self.free(i) or not is_title_like(paragraph, max_length=SECTION_HEAD_MAX):
                continue
            if parse_credit_line(paragraph) or _is_person_line(paragraph):
                continue
            self.role[i] = "heading"
            self.result.section_heads.append(paragraph)

    def _is_body_prose(self, index: int) -> bool:
        return self.role.get(index) in (None, "answer", "question") and is_prose(
            self.paragraphs[index]
        )

    def _blocks(self) -> None:
        blocks = self.result.body_blocks
        for i, paragraph in enumerate(self.paragraphs):
            role = self.role.get(i)
            if role == "photo":
                blocks.append(Block("photo", "", paragraph))
            elif role == "heading":
                blocks.append(Block("heading", paragraph))
            elif role == "question":
                blocks.append(Block("question", QUESTION.sub("", paragraph, count=1)))
            elif role == "answer":
                speaker = self._answer_label()
                text = ANSWER.sub("", paragraph, count=1)
                if speaker is not None:
                    text = speaker.sub("", text, count=1)
                blocks.append(Block("answer", text))
            elif role is None:
                kind = "quote" if _is_quotation(paragraph) else "paragraph"
                blocks.append(Block(kind, paragraph.replace("\n", "")))


_FULL_UNIT = re.compile(rf"(?<=[县区市旗])([{CJK}]{{2,4}}?(?:乡|镇|街道))")


def _short_unit_mention(text: str) -> PersonMention | None:
    """``走进岚山县石门乡，听乡党委书记葛立新讲…``: the post names its unit by the kind
    only (乡党委书记); the unit is the nearest one of that kind named before it."""
    for match in re.finditer(
        rf"(?:^|[^{CJK}]|专访|访|听|采访了?|对话)(乡|镇|街道)({'|'.join(POSTS[:5])})", text
    ):
        suffix, post = match.group(1), match.group(2)
        name = _name_after(text, match.end())
        if name is None:
            continue
        units = [
            m.group(1)
            for m in _FULL_UNIT.finditer(text, 0, match.start())
            if m.group(1).endswith(suffix)
        ]
        if units:
            return PersonMention("", units[-1], post, name, match.start(2))
    return None


_DESK_THEN_NAMES = re.compile(
    rf"^[{CJK}]{{2,16}}(?:{'|'.join(AGENCY_SUFFIXES + ('日报', '晚报', '电视台', '新闻网'))})"
    r"\s+(?P<names>\S.*)$"
)


def _names_after_desk(inner: str) -> list[str]:
    """``桐江县融媒体中心 庞露`` -> [庞露]: a desk or outlet, a space, then only names."""
    m = _DESK_THEN_NAMES.match(inner)
    return bare_names(m["names"]) if m else []


def _named_alone(unit: str, text: str) -> int:
    """How often ``unit`` stands in ``text`` after a boundary (line start, punctuation,
    a district) rather than inside longer words."""
    pattern = re.compile(rf"(?:^|(?<=[^{CJK}])|(?<=[区县市旗]))" + re.escape(unit), re.M)
    return len(pattern.findall(text))


def _shortest_named_unit(mention: PersonMention, text: str) -> PersonMention:
    """``制茶云雾乡`` where the sentence before lost its 。: a shorter unit that the whole
    text names alone more often than the longer one (云雾乡：…, 青溪县云雾乡) is the unit."""
    unit = mention.unit
    suffix = next((s for s in ("街道", "镇", "乡") if unit.endswith(s)), "")
    best, best_count = unit, _named_alone(unit, text)
    for cut in range(1, len(unit) - len(suffix) - 1):
        tail = unit[cut:]
        if (count := _named_alone(tail, text)) > best_count:
            best, best_count = tail, count
    if best == unit:
        return mention
    return PersonMention(mention.places + unit[: len(unit) - len(best)], best, mention.post,
                         mention.name, mention.start)  # fmt: skip


def _is_person_line(paragraph: str) -> bool:
    """Nothing but ``<places><unit><post><name>``, on one line or with the name below."""
    joined = re.sub(r"\s", "", paragraph)
    mentions = find_person_mentions(joined)
    if len(mentions) != 1:
        return False
    m = mentions[0]
    return joined == f"{m.places}{m.unit}{m.post}{m.name}" and parse_place_prefix(m.places)


def _is_quotation(paragraph: str) -> bool:
    """A paragraph that is one quotation from its first character to its last."""
    if not (paragraph.startswith("“") and paragraph.endswith("”")):
        return False
    depth = 0
    for position, char in enumerate(paragraph):
        depth += char == "“"
        depth -= char == "”"
        if depth == 0 and position < len(paragraph) - 1:
            return False
    return True


def parse_structure(text: str) -> Structure:
    """Split cleaned text into the parts of an interview article."""
    return _Parser(text).run()
