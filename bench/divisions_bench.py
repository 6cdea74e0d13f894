"""The division reader and the gazetteer, timed (no database).

    ./.venv/bin/python bench/divisions_bench.py [VILLAGES_CSV]

Prints the time to read the vendored files into the national tree, to build the
national gazetteer from it, to find the places in a 10,000-character text (the seed
articles, repeated, when they are beside the repository; generated sentences otherwise)
and to resolve a name in it; with a villages file (the npm package's ``villages.csv``),
the time to stream it and the process's peak memory before and after.
"""

import itertools
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from initiatives.places.divisions import (
    Gazetteer,
    iter_villages,
    read_divisions,
)

ROUNDS = 20
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SENTENCES = (
    "淄博市张店区和平街道党工委书记介绍，街道辖区内老旧小区较多。",
    "青岛市北区即墨路街道推行网格化管理，路长每周巡查一次。",
    "淮南市八公山区土坝孜街道参加全市文明城市测评，五次进入前十。",
    "北街街道地处市区东大门，辖区面积三点七五平方公里。",
)


def timed(function, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return result, min(times), statistics.median(times)


def sample_text(size=10_000):
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    source = "".join(p.read_text(encoding="utf-8", errors="replace") for p in seeds)
    source = source or "".join(SENTENCES)
    return "".join(itertools.islice(itertools.cycle(source), size))


def main() -> None:
    tree, best, median = timed(read_divisions, 5)
    print(f"read the tree ({len(tree):,} nodes): min {best:.0f} ms, median {median:.0f} ms")
    gazetteer, best, median = timed(lambda: Gazetteer.from_tree(tree), 5)
    print(f"build the gazetteer: min {best:.0f} ms, median {median:.0f} ms")
    text = sample_text()
    mentions, best, median = timed(lambda: gazetteer.find(text))
    print(
        f"find in {len(text):,} characters ({len(mentions)} mentions): "
        f"min {best:.2f} ms, median {median:.2f} ms"
    )
    result, best, median = timed(lambda: gazetteer.resolve(text, name="和平街道"))
    print(f"resolve 和平街道 in it ({result.status}): min {best:.2f} ms, median {median:.2f} ms")
    if len(sys.argv) > 1:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        count = sum(1 for _ in iter_villages(Path(sys.argv[1]), tree))
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"stream {count:,} villages: {seconds:.1f} s, "
            f"peak memory {before / 1024:.0f} MB before, {after / 1024:.0f} MB after"
        )


if __name__ == "__main__":
    main()
