"""The villages file (37 MB in the npm package, not in the repository) is streamed."""

import csv
import gzip
import itertools
import tracemalloc

import pytest

from initiatives.places.divisions import (
    DivisionDataError,
    Kind,
    Level,
    iter_villages,
    national_tree,
    read_divisions,
)

HEADER = ["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"]


def _village(street: str, number: int, name: str) -> list[str]:
    return [f"{street}{number:03d}", name, street, street[:2], street[:4], street[:6]]


def _villages_file(path, rows: int, opener=open):
    """``rows`` villages spread over real townships, in the package's format."""
    townships = [d.source_code for d in national_tree().at_level(Level.TOWNSHIP)]
    names = itertools.cycle(["幸福社区居委会", "东庄村村委会", "巴音嘎查", "农场生活区"])
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow(
                _village(townships[i % len(townships)], 1 + i // len(townships), next(names))
            )
    return path


def _peak_while_reading(path) -> tuple[int, int]:
    tree = national_tree()
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_villages(path, tree))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def test_reading_ten_times_the_rows_takes_no_more_memory(tmp_path):
    small = _villages_file(tmp_path / "small.csv", 10_000)
    large = _villages_file(tmp_path / "large.csv", 100_000)
    small_count, small_peak = _peak_while_reading(small)
    large_count, large_peak = _peak_while_reading(large)
    assert (small_count, large_count) == (10_000, 100_000)
    assert large.stat().st_size > 5_000_000
    # Flat: a row at a time, whatever the file's size (5+ MB here).
    assert large_peak < small_peak + 64 * 1024
    assert large_peak < 1_000_000


def test_a_gzipped_villages_file_streams_too(tmp_path):
    path = _villages_file(tmp_path / "villages.csv.gz", 30_000, opener=gzip.open)
    count, peak = _peak_while_reading(path)
    assert count == 30_000
    assert peak < 1_000_000


def test_villages_hang_under_their_township_with_a_kind(tmp_path):
    path = tmp_path / "villages.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(_village("370303004", 1, "中后河社区居委会"))
        writer.writerow(_village("370303004", 2, "某某村民委员会"))
        writer.writerow(_village("152527201", 1, "某某嘎查"))
        writer.writerow(_village("230803198", 1, "某某居委会"))  # 向阳区直辖村级区划
        writer.writerow(_village("441900003", 1, "某某生活区"))  # 东莞市 东城街道
    villages = list(iter_villages(path, national_tree()))
    assert [(v.code, v.parent, v.kind) for v in villages] == [
        ("370303004001", "370303004000", Kind.COMMUNITY),
        ("370303004002", "370303004000", Kind.VILLAGE),
        ("152527201001", "152527201000", Kind.GACHA),
        ("230803198001", "230803000000", Kind.COMMUNITY),
        ("441900003001", "441900003000", Kind.VILLAGE_LIKE),
    ]
    assert {v.level for v in villages} == {Level.VILLAGE}
    assert villages[0].region_kind == "community"
    assert villages[1].region_kind == "village"


def test_villages_of_other_provinces_are_skipped(tmp_path):
    path = tmp_path / "villages.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(_village("110101001", 1, "多福巷社区居委会"))
        writer.writerow(_village("370303004", 1, "中后河社区居委会"))
    shandong = read_divisions(provinces={"37"})
    assert [v.code for v in iter_villages(path, shandong)] == ["370303004001"]


def test_a_village_of_no_known_township_is_refused(tmp_path):
    path = tmp_path / "villages.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(_village("370303999", 1, "某某社区"))
    with pytest.raises(DivisionDataError, match="no township 370303999"):
        list(iter_villages(path, national_tree()))


def test_villages_need_a_tree_down_to_townships(tmp_path):
    path = _villages_file(tmp_path / "villages.csv", 1)
    with pytest.raises(DivisionDataError, match="down to townships"):
        list(iter_villages(path, read_divisions(provinces={"37"}, to=Level.COUNTY)))
