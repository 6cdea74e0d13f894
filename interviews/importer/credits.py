"""Credits a header line gives: reporters and correspondents, names written with spaces."""

from __future__ import annotations

import re

from .text import CJK

# A credit label and what follows it up to the next label, bracket or digit.
_CREDIT = re.compile(
    r"(?P<label>作者(?!单位|简介)|记者|通讯员|通信员)\s*[:：]?\s*(?P<names>[^:：【】〔〕\[\]()（）\d|｜]*?)"
    r"(?=$|[:：【】〔〕\[\]()（）\d|｜]|\s*(?:来源|编辑|责编|时间|日期|浏览|点击|通讯员|通信员|记者|摄影|摄像"
    r"|实习生|见习|报道|报导))"
)
_DATELINE_PLACE = re.compile(
    f"[{CJK}]{{2,4}}(?:\\d{{1,2}}日)?(?:报道|报导|电)(?=$|\\s|[】〕）)])"
)  # 深圳报道, 福州17日电
# An agency's dateline after the writer's name, with no space between (记者韦一鸣福州17日电):
# the place taken as the two characters before the day, as most datelines write it.
_AGENCY_DATELINE = re.compile(
    f"((?:记者|通讯员)\\s*)([{CJK}]{{2,3}})[{CJK}]{{2}}\\d{{1,2}}日(?:电|讯)"
)
CREDIT_MARKS = "■□▲◆◇●○◎★☆▼►▶"
_CREDIT_MARK = re.compile(rf"^[{CREDIT_MARKS}]\s*(?!记者|作者|通讯员)")
# The writer's label written other ways (文/某某, 文丨某某, 撰文：某某, 记者｜某某), read as 作者：;
# a photographer's (图/某某, 摄影：某某) as 摄影, which ends the writers' names.
_WRITER_LABEL = re.compile(
    r"(?:^|(?<=[\s【\[(（]))(?:(?:撰文|文字|文/图|图/文|文／图)(?:\s*[/／|｜丨:：]|\s)|文\s*[/／|｜丨:：])\s*"
)
_PHOTO_LABEL = re.compile(r"(?:^|(?<=[\s【\[(（]))(?:图片|图|摄影|摄像|摄)\s*[/／|｜丨:：]\s*")
_BAR_AFTER_LABEL = re.compile(r"(记者|作者|通讯员|通信员|编辑|责编)\s*[|｜丨/／]\s*")
_CREDIT_PREFIXES = ("文/图", "图/文", "文/", "图/", "文", "本报", "本刊", "全媒体", "融媒体")
_NOT_A_NAME_END = ("报道", "报导", "中心", "日报", "记者", "编辑", "网", "台", "社", "站")


def header_credits(line: str) -> dict[str, list[str]]:
    """Reporters and correspondents a header line credits: ``作者：王某 编辑：李某``,
    ``记者 潘 悦`` (a space inside a name), ``【全媒体记者 王某】``, ``文/图 王某``."""
    found: dict[str, list[str]] = {"reporter": [], "correspondent": []}
    line = _AGENCY_DATELINE.sub(r"\1\2 ", line)  # 记者王某福州17日电: the name, then where
    line = _DATELINE_PLACE.sub(" ", line)  # 深圳报道: where the report comes from
    line = _CREDIT_MARK.sub("记者 ", line)  # ■王某 李 某: a credit line's mark
    line = _BAR_AFTER_LABEL.sub(r"\1：", line)
    line = _PHOTO_LABEL.sub(" 摄影 ", _WRITER_LABEL.sub(" 作者：", line))
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
        names.extend(_spaced_names(pending))
        pending = ""
        if token and re.fullmatch(f"[{CJK}]{{2,3}}", token) and not token.endswith(_NOT_A_NAME_END):
            names.append(token)
    return names


def _spaced_names(run: str) -> list[str]:
    """Single ideographs in a row as names: ``喻洁`` (喻 洁) or ``罗婷`` (罗 婷); four or six
    are two-character names each written with a space inside (杨 帆 卢 倩), when every
    pair starts with a surname; other runs are no names."""
    if 2 <= len(run) <= 3:
        return [run]
    if len(run) in (4, 6):
        pairs = [run[i : i + 2] for i in range(0, len(run), 2)]
        if all(is_surnamed(pair) for pair in pairs):
            return pairs
    return []


# Surnames (the common single ones and the compound ones): a bare name in brackets is
# taken for a credit only when it starts with one, so ``（右一）`` or ``（完）`` is not.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦"
    "俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房"
    "滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁"
    "胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰"
    "支卿国狄平计索宣晋相初门云容敬扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那宿鲜印逯"
    "隆茹诸战慕危玉亢嵇湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由郦"
    "贝阎钮粘郗蒯逄訾笪禤酆芈"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文",
    "长孙", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "澹台", "呼延", "万俟",
)  # fmt: skip


def is_surnamed(name: str) -> bool:
    """Whether ``name`` starts with a surname (a compound one, or a single one)."""
    return name.startswith(COMPOUND_SURNAMES) or name[:1] in SURNAMES


# What follows a surname in a bracket that is no credit: 张书记, 李大姐, 左一 (a place in a photo).
_FORMS_OF_ADDRESS = (
    "书记", "主任", "老师", "同志", "先生", "女士", "大姐", "大哥", "大爷", "大妈", "阿姨", "师傅",
    "镇长", "乡长", "县长", "区长", "市长", "局长", "站长", "村长", "队长", "组长", "会长", "社长",
    "总", "某", "家",
)  # fmt: skip
_PLACE_OR_BODY_END = frozenset("村庄镇乡街区县市省屯寨堡集店局所站院校馆组队会部办委司处厂场园港")
_NUMERAL = re.compile("[一二三四五六七八九十〇零]")
_BARE_NAMES = re.compile(
    f"[{CJK}](?:[ \u3000]?[{CJK}]){{1,3}}(?:[ \u3000、]+[{CJK}](?:[ \u3000]?[{CJK}]){{1,3}}){{0,3}}"
)


def bare_names(text: str) -> list[str]:
    """``闻秋实``, ``闻 秋实  李明``: the names of a bracket that holds nothing but names
    (each a surname and one or two given characters, or a compound surname and one or
    two); otherwise ``[]``."""
    text = text.strip()
    if not _BARE_NAMES.fullmatch(text):
        return []
    names = _names(text) if " " in text or "\u3000" in text or "、" in text else [text]
    if "".join(names) != re.sub(r"[\s、]", "", text):
        return []
    for name in names:
        compound = name.startswith(COMPOUND_SURNAMES)
        if not (compound and 3 <= len(name) <= 4) and not (
            not compound and name[0] in SURNAMES and 2 <= len(name) <= 3
        ):
            return []
        if name.endswith(_NOT_A_NAME_END + _FORMS_OF_ADDRESS) or _NUMERAL.fullmatch(name[1:]):
            return []
        if name[-1] in _PLACE_OR_BODY_END:
            return []  # （张家村）, （李庄）, （王集镇）: a place or a body, not a writer
    return names
