"""Credits a header line gives: reporters and correspondents, names written with spaces."""

from __future__ import annotations

import re

from .text import CJK

# A credit label and what follows it up to the next label, bracket or digit.
_CREDIT = re.compile(
    r"(?P<label>作者(?!单位|简介)|记者|通讯员|通信员)\s*[:：]?\s*(?P<names>[^:：【】〔〕\[\]()（）\d|｜]*?)"
    r"(?=$|[:：【】〔〕\[\]()（）\d|｜]|\s*(?:来源|编辑|责编|时间|日期|浏览|点击|通讯员|通信员|记者|摄影|报道|报导))"
)
_DATELINE_PLACE = re.compile(f"[{CJK}]{{2,4}}(?:报道|报导|电)(?=$|\\s|[】〕）)])")
_CREDIT_MARK = re.compile(r"^[■□▲]\s*(?!记者|作者|通讯员)")
_CREDIT_PREFIXES = ("文/图", "图/文", "文/", "图/", "文", "本报", "本刊", "全媒体", "融媒体")
_NOT_A_NAME_END = ("报道", "报导", "中心", "日报", "记者", "编辑", "网", "台", "社", "站")


def header_credits(line: str) -> dict[str, list[str]]:
    """Reporters and correspondents a header line credits: ``作者：王某 编辑：李某``,
    ``记者 潘 悦`` (a space inside a name), ``【全媒体记者 王某】``, ``文/图 王某``."""
    found: dict[str, list[str]] = {"reporter": [], "correspondent": []}
    line = _DATELINE_PLACE.sub(" ", line)  # 深圳报道: where the report comes from
    line = _CREDIT_MARK.sub("记者 ", line)  # ■王某 李 某: a credit line's mark
    for m in _CREDIT.finditer(line):
        role = "correspondent" if m["label"] in ("通讯员", "通信员") else "reporter"
        names = m["names"].strip()
        for prefix in _CREDIT_PREFIXES:
            names = names.removeprefix(prefix).strip()
        for name in _names(names):
            if name not in found[role]:
                found[role].append(name)
    return found


def _names(text: str) -> list[str]:
    """Names in a credit: tokens of two or three ideographs; single ideographs in a row
    are one name written with spaces (``潘 悦``, ``李 某``)."""
    tokens = [t for t in re.split(r"[\s、，,/／]+", text) if t]
    names: list[str] = []
    pending = ""
    for token in tokens + [""]:
        if len(token) == 1 and re.fullmatch(f"[{CJK}]", token):
            pending += token
            continue
        if 2 <= len(pending) <= 3:
            names.append(pending)
        pending = ""
        if token and re.fullmatch(f"[{CJK}]{{2,3}}", token) and not token.endswith(_NOT_A_NAME_END):
            names.append(token)
    return names
