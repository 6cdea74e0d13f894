"""The bar chart a summary's DOCX carries, drawn with Pillow (no charting library): one bar
per unit (reporting rate) or per indicator (progress), 0-100 %.

Labels need a font with Chinese glyphs: the first CJK font found among the usual places
(Debian's fonts-noto-cjk, WenQuanYi, AR PL, Windows' and macOS' own). Without one the chart
is still drawn, with row numbers instead of names, and ``Chart.legend`` lists which number
is which, for the document to print under the chart."""

import functools
import glob
import io
import os
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
FONT_PATTERNS = (
    "/usr/share/fonts/**/*CJK*SC*",
    "/usr/share/fonts/**/*CJK*",
    "/usr/share/fonts/**/wqy*",
)
MAX_ROWS = 15
MAX_LABEL = 10  # characters of a name before it is cut with "…"

WIDTH = 1600
LABEL_WIDTH = 430
VALUE_WIDTH = 150
ROW_HEIGHT = 58
TOP, BOTTOM = 30, 70
RED = (183, 25, 31)
TRACK = (236, 236, 236)
GRID = (200, 200, 200)
INK = (33, 37, 41)
MUTED = (108, 117, 125)


@dataclass(frozen=True)
class Chart:
    png: bytes
    legend: list[str] | None  # "1 和平街道" ... when the names could not be drawn


@functools.lru_cache(maxsize=1)
def cjk_font_path() -> tuple[str, int] | None:
    """(font file, face index) of a font that has Chinese glyphs, or None."""
    paths = [p for p in FONT_CANDIDATES if os.path.exists(p)]
    for pattern in FONT_PATTERNS:
        paths += sorted(glob.glob(pattern, recursive=True))
    for path in paths:
        faces = []
        for index in range(8):
            try:
                font = ImageFont.truetype(path, 20, index=index)
            except OSError:
                break
            faces.append((index, " ".join(font.getname())))
        if not faces:
            continue
        # A collection holds Japanese, Korean, Simplified and Traditional faces: take SC.
        simplified = [i for i, name in faces if " SC" in name or "GB" in name or "CN" in name]
        return path, (simplified[0] if simplified else faces[0][0])
    return None


def _fonts(size: int):
    found = cjk_font_path()
    if found is not None:
        path, index = found
        return ImageFont.truetype(path, size, index=index), True
    return ImageFont.load_default(size=size), False


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(rows: list[tuple[str, float | None]]) -> Chart:
    """Horizontal bars for (label, percent) rows, the first ``MAX_ROWS`` of them."""
    rows = rows[:MAX_ROWS]
    font, has_cjk = _fonts(30)
    small, _cjk = _fonts(24)
    height = TOP + BOTTOM + ROW_HEIGHT * max(len(rows), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    # Row numbers need little room; names need the label column.
    left, right = (LABEL_WIDTH if has_cjk else 110), WIDTH - VALUE_WIDTH
    span = right - left
    bottom = TOP + ROW_HEIGHT * len(rows)
    for tick in (0, 25, 50, 75, 100):
        x = left + span * tick / 100
        draw.line([(x, TOP - 10), (x, bottom)], fill=GRID, width=2)
        draw.text((x, bottom + 12), f"{tick}%", fill=MUTED, font=small, anchor="ma")
    legend = []
    for number, (name, percent) in enumerate(rows, start=1):
        y = TOP + ROW_HEIGHT * (number - 1)
        middle = y + ROW_HEIGHT / 2
        label = _label(name) if has_cjk else str(number)
        if not has_cjk:
            legend.append(f"{number} {name}")
        draw.text((left - 16, middle), label, fill=INK, font=font, anchor="rm")
        draw.rectangle([left, y + 12, right, y + ROW_HEIGHT - 12], fill=TRACK)
        if percent is not None:
            width = span * max(0.0, min(100.0, float(percent))) / 100
            if width > 0:
                draw.rectangle([left, y + 12, left + width, y + ROW_HEIGHT - 12], fill=RED)
            text = f"{float(percent):.1f}%"
        else:
            text = "—"
        draw.text((right + 14, middle), text, fill=INK, font=font, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return Chart(png=buffer.getvalue(), legend=legend or None)
