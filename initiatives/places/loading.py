"""Load or refresh the place tree from the national division codes (``divisions/``).

``divisions_load`` writes a ``DivisionTree`` (and, streamed, a villages file) into
``Region`` level by level, parents first, in bulk: one query per level for what exists,
``bulk_create`` for what is new, one UPDATE per level for the new rows' paths. What it
does with each division, in this order:

1. a region with the division's code: kept; its name (renamed), kind or parent (moved,
   through ``tree.region_move``) are brought up to date, and it is no longer withdrawn;
2. a region entered by hand without a code, under the same parent with the same name
   (山东省 at the top, 淄博市 under it...): matched, it gets the code and the kind;
3. otherwise a new region.

Nothing is ever deleted. A region whose code lies in what the run loaded (its provinces,
down to its level) but is not in the data any more is marked ``withdrawn``; regions
without a code that match nothing are left alone, and so are regions outside the run's
provinces. A second run of the same data changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from portal.text import pinyin_slug

from .divisions import Division, DivisionTree, Level, iter_villages, level_of_code
from .models import Region, RegionKind
from .tree import region_move

BATCH_SIZE = 2000
VILLAGE_CHUNK = 5000
VILLAGE_KINDS = (RegionKind.COMMUNITY, RegionKind.VILLAGE, RegionKind.GRID)
LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP)


@dataclass
class LoadSummary:
    """What a load did, per level (``created`` ...) and in total."""

    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    renamed: dict[str, int] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)  # kind changed or withdrawal undone
    unchanged: dict[str, int] = field(default_factory=dict)
    withdrawn: int = 0  # marked: their code is no longer in the data
    left_alone: int = 0  # regions without a code that matched no division
    merges: int = 0  # rows of the files that are no node of their own (see the reader)

    @property
    def changes(self) -> int:
        return self.withdrawn + sum(
            sum(counts.values())
            for counts in (self.created, self.matched, self.renamed, self.moved, self.updated)
        )

    def add(self, what: str, level: Level, n: int = 1) -> None:
        counts = getattr(self, what)
        counts[level.value] = counts.get(level.value, 0) + n

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())


@dataclass
class _Row:
    pk: int
    parent_id: int | None
    name: str
    kind: str
    code: str | None
    withdrawn: bool


class _Index:
    """The regions that exist: by code, and the uncoded ones by (parent, name)."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self.by_code: dict[str, _Row] = {}
        self.uncoded: dict[tuple[int | None, str], _Row] = {}
        for values in rows:
            self.put(_Row(*values))

    def put(self, row: _Row) -> None:
        if row.code:
            self.by_code[row.code] = row
        else:
            self.uncoded[(row.parent_id, row.name)] = row


_FIELDS = ("pk", "parent_id", "name", "kind", "code", "withdrawn")


# The suffixes a division's name ends in, longest first: the slug hyphenates before them.
_SUFFIXES = sorted(
    ("街道", "镇", "乡", "区", "县", "市", "省", "自治区", "自治州", "自治县", "旗", "盟", "地区"),
    key=len,
    reverse=True,
)


def division_slug(name: str) -> str:
    """``pinyin_slug``'s slug for a division's name, without its word segmenter: the stem
    and the suffix (和平街道 -> heping-jiedao, 张店区 -> zhangdian-qu). 40,000 names in
    seconds: the segmenter takes most of a load's time otherwise."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return slugify(f"{''.join(lazy_pinyin(stem))}-{''.join(lazy_pinyin(suffix))}")[
                :60
            ].strip("-") or pinyin_slug(name, max_length=60)
    return slugify("".join(lazy_pinyin(name)))[:60].strip("-") or pinyin_slug(name)


class _Slugs:
    """Slugs for new regions, unique against the table and each other: the name's pinyin
    (heping-jiedao), then with the code when a namesake has it (heping-jiedao-370303004)."""

    def __init__(self) -> None:
        self.taken = set(Region.objects.values_list("slug", flat=True).iterator())

    def make(self, division: Division) -> str:
        base = division_slug(division.name)
        for candidate in (base, f"{base}-{division.code.rstrip('0') or division.code}"):
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        n = 2
        while f"{base}-{division.code}-{n}" in self.taken:
            n += 1
        self.taken.add(f"{base}-{division.code}-{n}")
        return f"{base}-{division.code}-{n}"


Progress = Callable[[Iterable, str, int], Iterable]


def _no_progress(items: Iterable, label: str, total: int) -> Iterable:
    return items


class _Loader:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.summary = LoadSummary()
        self.slugs = _Slugs()
        self.pks: dict[str, int] = {}  # code -> pk of what this run has placed
        self.villages_seen: set[int] = set()

    def level(
        self, level: Level, divisions: list[Division], index: _Index, *, bar: bool = True
    ) -> None:
        new: list[Region] = []
        changed: list[tuple[_Row, dict]] = []
        loop = self.progress(divisions, level.value, len(divisions)) if bar else divisions
        for division in loop:
            parent_id = self.pks[division.parent] if division.parent else None
            row = index.by_code.get(division.code)
            kind = division.region_kind
            if row is None:
                row = index.uncoded.get((parent_id, division.name))
                if row is not None:
                    changed.append((row, {"code": division.code, "kind": kind}))
                    self.summary.add("matched", level)
                    index.uncoded.pop((parent_id, division.name))
            elif (row.name, row.parent_id, row.kind, row.withdrawn) == (
                division.name,
                parent_id,
                kind,
                False,
            ):
                self.summary.add("unchanged", level)
            else:
                updates = {"kind": kind, "withdrawn": False, "name": division.name}
                if row.name != division.name:
                    self.summary.add("renamed", level)
                elif row.parent_id != parent_id:
                    self.summary.add("moved", level)
                else:
                    self.summary.add("updated", level)
                changed.append((row, {**updates, "parent_id": parent_id}))
            if row is None:
                new.append(
                    Region(
                        parent_id=parent_id,
                        name=division.name,
                        kind=kind,
                        code=division.code,
                        slug=self.slugs.make(division),
                    )
                )
                self.summary.add("created", level)
            else:
                self.placed(division, row.pk)
        self._write_changes(changed)
        self._create(new)

    def placed(self, division: Division, pk: int) -> None:
        # Villages have no children: only their codes are kept (as numbers, for the
        # withdrawn check), not a map of 600,000 pks.
        if division.level is Level.VILLAGE:
            self.villages_seen.add(int(division.code))
        else:
            self.pks[division.code] = pk

    def _write_changes(self, changed: list[tuple[_Row, dict]]) -> None:
        for row, updates in changed:
            region = Region.objects.get(pk=row.pk)
            parent_id = updates.pop("parent_id", region.parent_id)
            for name, value in updates.items():
                setattr(region, name, value)
            if parent_id != region.parent_id:
                parent = Region.objects.get(pk=parent_id) if parent_id else None
                region_move(region=region, parent=parent)
            else:
                region.save(update_fields=list(updates))

    def _create(self, new: list[Region]) -> None:
        if not new:
            return
        # ``path`` is empty until the UPDATE below: no saved region has an empty path.
        for batch in _batches(new, BATCH_SIZE):
            Region.objects.bulk_create(batch)
        if new[0].kind not in VILLAGE_KINDS:
            codes = [r.code for r in new]
            for batch in _batches(codes, BATCH_SIZE):
                self.pks.update(
                    Region.objects.filter(code__in=batch).values_list("code", "pk").iterator()
                )
        else:
            self.villages_seen.update(int(r.code) for r in new)
        fill_new_paths()


def fill_new_paths() -> None:
    """The paths of the regions just created (empty until now), from their parents'."""
    pk_text = Cast("pk", output_field=CharField())
    Region.objects.filter(path="", parent__isnull=True).update(
        path=Concat(Value("/"), pk_text, Value("/"), output_field=CharField())
    )
    parent_path = Subquery(Region.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
    Region.objects.filter(path="", parent__isnull=False).update(
        path=Concat(parent_path, pk_text, Value("/"), output_field=CharField())
    )


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _in_scope(code: str, tree: DivisionTree, deepest: Level) -> bool:
    return code[:2] in tree.provinces and level_of_code(code).depth <= deepest.depth


@transaction.atomic
def divisions_load(
    *,
    tree: DivisionTree,
    villages: Path | None = None,
    progress: Progress = _no_progress,
) -> LoadSummary:
    """Load ``tree`` (and the villages file, streamed) into the place tree; see the
    module's docstring. ``progress(items, label, total)`` wraps each level's loop (a
    progress bar)."""
    loader = _Loader(progress)
    summary = loader.summary
    summary.merges = len(tree.merges)
    index = _Index(Region.objects.exclude(kind__in=VILLAGE_KINDS).values_list(*_FIELDS).iterator())
    levels = [level for level in LEVELS if level in tree.levels]
    for level in levels:
        loader.level(level, tree.at_level(level), index)
    deepest = levels[-1]
    if villages is not None:
        _load_villages(loader, villages, tree)
        deepest = Level.VILLAGE
    seen = set(loader.pks)
    gone = [
        row.pk
        for row in index.by_code.values()
        if row.code not in seen and not row.withdrawn and _in_scope(row.code, tree, deepest)
    ]
    if deepest is Level.VILLAGE:
        gone += _gone_villages(tree, loader.villages_seen)
    for batch in _batches(gone, BATCH_SIZE):
        summary.withdrawn += Region.objects.filter(pk__in=batch).update(withdrawn=True)
    summary.left_alone = len(index.uncoded)
    return summary


def _load_villages(loader: _Loader, path: Path, tree: DivisionTree) -> None:
    """The villages file in chunks: each chunk looks up what exists for it in two
    queries, so the file and the table are never held whole."""
    rows = iter_villages(path, tree)
    chunks = _batches(rows, VILLAGE_CHUNK)
    for chunk in loader.progress(chunks, Level.VILLAGE.value, 0):
        codes = [d.code for d in chunk]
        parents = {loader.pks[d.parent] for d in chunk}
        existing = Region.objects.filter(
            Q(code__in=codes) | Q(parent_id__in=parents, code__isnull=True)
        ).values_list(*_FIELDS)
        loader.level(Level.VILLAGE, chunk, _Index(existing), bar=False)


def _gone_villages(tree: DivisionTree, seen: set[int]) -> list[int]:
    gone = []
    coded = Region.objects.filter(kind__in=VILLAGE_KINDS, code__isnull=False, withdrawn=False)
    for pk, code in coded.values_list("pk", "code").iterator():
        if int(code) not in seen and code[:2] in tree.provinces:
            gone.append(pk)
    return gone
