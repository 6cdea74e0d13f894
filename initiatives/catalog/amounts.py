"""How an indicator's figures are written: its precision (whole numbers for counts) and one
format for every page, form and export, so that "2 座" and "150.50 平方米" each read the same
wherever they appear.

An indicator's precision is its own ``decimals`` when set, otherwise its unit's: a count
(个, 座, 件, 次 ...) and the small units that plans count in whole (米, 平方米, 元) are whole
numbers, anything else (公里, 万元, 亩 ...) keeps two decimals. Figures are written with exactly that many decimals, no digit grouping, and the
unit after a space."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Units that count things: their figures are whole numbers unless an indicator says
# otherwise.
COUNT_UNITS = frozenset(
    [
        "个",
        "座",
        "件",
        "次",
        "户",
        "条",
        "名",
        "人",
        "处",
        "家",
        "栋",
        "幢",
        "场",
        "台",
        "辆",
        "项",
        "所",
        "张",
        "棵",
        "株",
        "间",
        "套",
        "位",
        "支",
        "批",
        "期",
        "篇",
        "份",
        "人次",
        "户次",
        "场次",
        "名次",
        "个次",
        "块",
        "盏",
        "根",
        "口",
        "把",
        "部",
        "本",
        "册",
        "面",
        "处次",
    ]
)
# Measures that plans give in whole numbers (5700 米, 68000 平方米).
WHOLE_MEASURES = frozenset(["米", "平方米", "立方米", "元"])
MAX_DECIMALS = 2


def default_decimals(unit: str) -> int:
    """The precision of a unit: 0 for a count or a whole measure, 2 otherwise."""
    unit = (unit or "").strip()
    return 0 if unit in COUNT_UNITS or unit in WHOLE_MEASURES else MAX_DECIMALS


def precision(decimals: int | None, unit: str) -> int:
    """An indicator's precision: its own ``decimals``, or its unit's."""
    return default_decimals(unit) if decimals is None else decimals


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def exceeds_precision(value: Decimal, places: int) -> bool:
    """Whether ``value`` has more significant decimals than ``places`` (3.0 is whole)."""
    return value != value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value, places: int) -> str:
    """``1250`` / ``0.67`` / ``-3.50``: exactly ``places`` decimals; "" for no value."""
    number = to_decimal(value)
    if number is None or not number.is_finite():
        return ""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    return f"{rounded:f}"


def format_amount(value, places: int, unit: str = "") -> str:
    """``1250 平方米``: the number with its precision, then the unit."""
    text = format_number(value, places)
    if text and unit:
        return f"{text} {unit}"
    return text


def row_precision(row) -> int:
    """The precision of an indicator given as a summary's JSON row (``decimals``, ``unit``;
    rows stored before precisions existed have no ``decimals``: their unit decides)."""
    return precision(row.get("decimals"), row.get("unit", ""))
