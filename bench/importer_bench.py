"""Seconds per 100 KB of ``parse_article`` on ordinary and hostile inputs (issue 10, finding 5).

    ./.venv/bin/python bench/importer_bench.py            # 4 KB and 100 KB of each input
    ./.venv/bin/python bench/importer_bench.py --sizes 4,32,128

Every importer step must be linear (or bounded) in the input size: the seconds per
100 KB of one input should stay about the same as the input grows, and a hostile input
should cost about what an ordinary article of its size costs. Each line prints the input,
its size, the seconds of one ``parse_article`` call, the seconds per 100 KB, and the ratio
of that rate to the ordinary article's rate at the same size (measured in the same run).
Rejected inputs (binary, undecodable) count too: refusing must be cheap as well.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from initiatives.places.divisions import national_gazetteer  # noqa: E402
from interviews.importer.errors import ImportRejected  # noqa: E402
from interviews.importer.pipeline import parse_article  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"

ORDINARY_PARAGRAPH = (
    "近年来，街道党工委坚持党建引领基层治理，把支部建在小区里，"
    "组织党员志愿者参与网格服务，辖区居民的满意度不断提升。\n\n"
)


def _repeat(unit: bytes, size: int) -> bytes:
    return (unit * (size // len(unit) + 1))[:size]


def _ordinary(size: int) -> bytes:
    seeds = sorted(SEEDS.glob("*.txt"))
    unit = seeds[0].read_bytes() if seeds else ORDINARY_PARAGRAPH.encode()
    head = "专访街道党工委书记\n\n".encode()
    return _whole_characters(head + _repeat(unit, size - len(head)))


def _whole_characters(data: bytes) -> bytes:
    """UTF-8 cut at a size may end inside a character: drop the partial one."""
    return data.decode("utf-8", "ignore").encode("utf-8")


def _html(unit: str, size: int) -> bytes:
    head = "<html><head><title>街道党建</title></head><body><h1>街道党建</h1>".encode()
    return _whole_characters(head + _repeat(unit.encode("utf-8"), size - len(head) - 14)) + (
        b"</body></html>"
    )


def _utf8(text: str) -> Callable[[int], bytes]:
    return lambda size: _whole_characters(_repeat(text.encode("utf-8"), size))


INPUTS: dict[str, Callable[[int], bytes]] = {
    "ordinary article (seed 000 repeated)": _ordinary,
    "one paragraph line, no breaks": _utf8(ORDINARY_PARAGRAPH.replace("\n", "")),
    "FF FE FA FB bytes": lambda size: _repeat(b"\xff\xfe\xfa\xfb", size),
    "FA FB bytes (no BOM)": lambda size: _repeat(b"\xfa\xfb", size),
    "mojibake (UTF-8 read as GBK)": _utf8(
        ORDINARY_PARAGRAPH.encode("utf-8").decode("gbk", "replace")
    ),
    "replacement characters and text": _utf8("党建\ufffd\ufffd,!引领\ufffd“工作"),
    "question marks after an ideograph": _utf8("街" + "?" * 200),
    "open bracket, no close": _utf8("(" + "街道党建" * 50),
    "digits without a unit": _utf8("辖区" + "1" * 300),
    "punctuation runs": _utf8("，,、。" * 10 + "街道"),
    "one character per line": _utf8("街\n"),
    "short lines, blank between": _utf8("党建引领\n\n"),
    "pinyin-like brackets": _utf8("街(jiē)(dào)(dǎng)"),
    "dashes and spaces": _utf8("—— " * 30 + "街道\n"),
    "one run of digits": lambda size: _whole_characters(("辖区" + "1" * size).encode()[:size]),
    "one run of question marks": lambda size: ("街" + "?" * size).encode()[:size],
    "one bracket, one line": lambda size: _whole_characters(
        ("(" + "街道党建" * size).encode()[:size]
    ),
    "one line of spaces and ideographs": _utf8("街 "),
    "lines ending in a comma (rejoined)": _utf8("街道党建工作取得新进展，\n"),
    "an open quote, garbled closes": _utf8("“党建\ufffd,引领"),
    "HTML page (trafilatura)": lambda size: _html(f"<p>{ORDINARY_PARAGRAPH.strip()}</p>", size),
    "HTML, nested divs": lambda size: _html("<div>" * 20 + "街道" + "</div>" * 20, size),
    "place chains before posts (gazetteer)": _utf8("江苏邳州市槐荫湾街道党工委书记庞建军说，"),
    # issue 13, third round: captions put back, listed titles, transcripts, numerals
    "HTML, figure captions and lists": lambda size: _html(
        f"<p>{ORDINARY_PARAGRAPH.strip()}</p><figure><figcaption>罗正清（右）查看苗情"
        "</figcaption></figure><h3>猜你喜欢</h3><p>桐江大桥主体工程完工</p>",
        size,
    ),
    "unclosed figcaptions": lambda size: _html("<figcaption>街道党建", size),
    "a transcript by name": _utf8("记者：油茶多少年挂果？\n罗正清：一般四到五年。\n"),
    "numerals in characters": _utf8("辖区一千二百个社区，人口三万余人。下辖十二个网格。"),
    "places after the unit": _utf8("枫岭镇位于安宁县西部，来到檀州市枫岭镇，"),
    "infobox lines (encyclopedia entry)": lambda size: _whole_characters(
        (
            "中文名 芦湾镇\n"
            + _repeat("人口 2.9万人\n面积 86.5 km2\n".encode(), size).decode("utf-8", "ignore")
            + "\n芦湾镇，隶属于漓水县，是农业大镇。"
        ).encode()[:size]
    ),
}


PLACES = None


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    with contextlib.suppress(ImportRejected):
        parse_article(data, "bench.txt", places=PLACES)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="4,100", help="input sizes in KB, comma-separated")
    args = parser.parse_args()
    sizes = [int(float(s) * 1024) for s in args.sizes.split(",")]
    global PLACES
    PLACES = national_gazetteer()  # as the Django side hands it in (built once per process)
    parse_article(_ordinary(4096), "warm.txt", places=PLACES)  # converters, tables
    # the segmenter that reads city names, loaded on first use
    parse_article(INPUTS["place chains before posts (gazetteer)"](4096), "w.txt", places=PLACES)
    parse_article(_html("<p>街道党建工作。</p>", 4096), "warm.html")  # the extractor too
    print(f"{'input':40} {'KB':>6} {'seconds':>9} {'s/100KB':>9} {'x ordinary':>10}")
    for size in sizes:
        baseline = None
        for name, make in INPUTS.items():
            data = make(size)
            seconds = _timed(data)
            rate = seconds / (len(data) / 102400)
            if baseline is None:
                baseline = rate
            print(
                f"{name:40} {len(data) / 1024:6.0f} {seconds:9.3f} {rate:9.3f} "
                f"{rate / baseline:10.2f}"
            )
        print()


if __name__ == "__main__":
    main()
