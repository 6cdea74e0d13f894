"""Load or refresh the place tree from the national division codes (``divisions/``).

``divisions_load`` writes a ``DivisionTree`` (and, streamed, a villages file) into
``Region`` level by level, parents first, set-based: one query at the start for what
exists, then per level one bulk UPDATE for what changed and one ``COPY`` (``bulk_create``
off PostgreSQL) for what is new, with ids taken beforehand so that paths are computed in
Python and written with the rows. What it does with each division, in this order:

1. a region with the division's code: kept; its name (renamed), kind or parent (moved)
   are brought up to date, and it is no longer withdrawn;
2. a region entered by hand without a code, under the same parent with the same name
   (山东省 at the top, 淄博市 under it...): matched, it gets the code and the kind;
3. a region entered by hand without a code that skips a level (a 街道 typed in directly
   under its city, a district under its province): matched when its name is unique, at
   its level, in the subtree of its nearest coded ancestor, and the division's name is
   unique there too; it gets the code and moves under the division's parent (the run
   says so, and says whether it has reports). A name that repeats on either side is
   left alone and listed;
4. otherwise a new region.

Names are unique under a parent, and a new edition may hand a name from one unit to
another. The rule: every rename and move of a level is written at once (the names moved
aside first, so a chain or a swap of names among siblings just works); a name still held
by a region whose code this edition withdrew is freed by marking that region's name
(``和平街道（已撤销）``, listed as parked); a name held by anything else (a unit entered by
hand, say) is a true conflict: that rename or move is not made, and the run lists it.

Nothing is ever deleted. A region whose code lies in what the run loaded (its provinces,
down to its level) but is not in the data any more is marked ``withdrawn``; regions
without a code that match nothing are left alone, and so are regions outside the run's
provinces. After regions moved, every path is made again by one statement. A second run
of the same data changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.text import slugify
from pypinyin import lazy_pinyin
from pypinyin.seg.simpleseg import seg

from portal.text import pinyin_slug

from .bulk import allocate_pks, insert_regions, rebuild_paths, update_regions
from .divisions import Division, DivisionTree, Level, iter_villages, level_of_code
from .models import Region, RegionKind
from .tree import KIND_LEVEL

BATCH_SIZE = 2000
VILLAGE_CHUNK = 5000
VILLAGE_KINDS = (RegionKind.COMMUNITY, RegionKind.VILLAGE, RegionKind.GRID)
LEVELS = (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP)
NAME_MAX = Region._meta.get_field("name").max_length


@dataclass
class LoadSummary:
    """What a load did, per level (``created`` ...) and in total, and the lines a reader
    must see (``conflicts`` ...)."""

    created: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    renamed: dict[str, int] = field(default_factory=dict)
    moved: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)  # kind changed or withdrawal undone
    unchanged: dict[str, int] = field(default_factory=dict)
    withdrawn: int = 0  # marked: their code is no longer in the data
    left_alone: int = 0  # regions without a code that matched no division
    merges: int = 0  # rows of the files that are no node of their own (see the reader)
    conflicts: list[str] = field(default_factory=list)  # renames/moves not made: name taken
    parked: list[str] = field(default_factory=list)  # withdrawn regions whose name was taken
    rehomed: list[str] = field(default_factory=list)  # matched a level away, moved
    ambiguous: list[str] = field(default_factory=list)  # names that repeat: left alone
    moved_with_reports: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return (
            self.withdrawn
            + len(self.parked)
            + sum(
                sum(counts.values())
                for counts in (self.created, self.matched, self.renamed, self.moved, self.updated)
            )
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
    path: str


_FIELDS = ("pk", "parent_id", "name", "kind", "code", "withdrawn", "path")
_WRITTEN = ("parent_id", "name", "kind", "code", "withdrawn")


class _Index:
    """The regions that exist: by pk, by code, by (parent, name), and the uncoded ones
    not yet matched by (parent, name)."""

    def __init__(self, rows: Iterable[tuple]) -> None:
        self.by_pk: dict[int, _Row] = {}
        self.by_code: dict[str, _Row] = {}
        self.by_key: dict[tuple[int | None, str], _Row] = {}
        self.uncoded: dict[tuple[int | None, str], _Row] = {}
        for values in rows:
            self.put(_Row(*values))

    def put(self, row: _Row) -> None:
        self.by_pk[row.pk] = row
        self.by_key[(row.parent_id, row.name)] = row
        if row.code:
            self.by_code[row.code] = row
        else:
            self.uncoded[(row.parent_id, row.name)] = row

    def set(self, row: _Row, values: dict) -> None:
        """``row`` as written: its fields and its keys."""
        if self.by_key.get((row.parent_id, row.name)) is row:
            del self.by_key[(row.parent_id, row.name)]
        row.parent_id, row.name = values["parent_id"], values["name"]
        row.kind, row.withdrawn = values["kind"], values["withdrawn"]
        self.by_key[(row.parent_id, row.name)] = row
        if values["code"] and values["code"] != row.code:
            row.code = values["code"]
            self.by_code[row.code] = row


# The suffixes a division's name ends in, longest first: the slug hyphenates before them.
_SUFFIXES = sorted(
    ("街道", "镇", "乡", "区", "县", "市", "省", "自治区", "自治州", "自治县", "旗", "盟", "地区"),
    key=len,
    reverse=True,
)


@cache
def _word_pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word))


@lru_cache(maxsize=65536)
def _spell(text: str) -> str:
    # pypinyin's own segmentation, then each word's reading once: the same letters as
    # ``lazy_pinyin(text)`` (a word's reading does not depend on its neighbours), at a
    # third of the time for 44,000 names that share their words.
    return "".join(_word_pinyin(word) for word in seg(text))


_PLAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slugify(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else slugify(text)  # slugify's identity, cheaper


def division_slug(name: str) -> str:
    """``pinyin_slug``'s slug for a division's name, without its word segmenter: the stem
    and the suffix (和平街道 -> heping-jiedao, 张店区 -> zhangdian-qu). 40,000 names in
    about a second: the segmenter takes most of a load's time otherwise."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return _slugify(f"{_spell(stem)}-{_spell(suffix)}")[:60].strip("-") or pinyin_slug(
                name, max_length=60
            )
    return _slugify(_spell(name))[:60].strip("-") or pinyin_slug(name)


class _Slugs:
    """Slugs for new regions, unique against the table and each other: the name's pinyin
    (heping-jiedao), then with the code when a namesake has it (heping-jiedao-370303004)."""

    def __init__(self) -> None:
        self._taken: set[str] | None = None

    @property
    def taken(self) -> set[str]:
        if self._taken is None:  # a run that creates nothing never reads the slugs
            self._taken = set(Region.objects.values_list("slug", flat=True).iterator())
        return self._taken

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

    def release(self, slug: str) -> None:
        self.taken.discard(slug)


Progress = Callable[[Iterable, str, int], Iterable]


def _no_progress(items: Iterable, label: str, total: int) -> Iterable:
    return items


def _label(row: _Row) -> str:
    return f"{row.name} ({row.code or 'no code'}, id {row.pk})"


class _Loader:
    def __init__(self, progress: Progress, tree: DivisionTree, index: _Index) -> None:
        self.progress = progress
        self.tree = tree
        self.index = index  # everything but villages: townships' paths for the villages
        self.summary = LoadSummary()
        self.slugs = _Slugs()
        self.pks: dict[str, int] = {}  # code -> pk of what this run has placed
        self.villages_seen: set[int] = set()
        self.moved: set[int] = set()  # pks whose parent changed: paths to make again
        self.deepest = max(tree.levels, key=lambda lv: lv.depth) if tree.levels else None

    # --- one level -----------------------------------------------------------------------

    def level(
        self, level: Level, divisions: list[Division], index: _Index, *, bar: bool = True
    ) -> None:
        new: list[tuple[Division, int | None, str]] = []
        changes: dict[int, dict] = {}  # pk -> the fields to write
        counted: dict[int, str] = {}  # pk -> renamed/moved, undone if the change is refused
        loop = self.progress(divisions, level.value, len(divisions)) if bar else divisions
        for division in loop:
            parent_id = self.pks[division.parent] if division.parent else None
            row = index.by_code.get(division.code)
            kind = division.region_kind
            if row is None:
                row = index.uncoded.pop((parent_id, division.name), None)
                if row is not None:
                    changes[row.pk] = {"code": division.code, "kind": kind}
                    self.summary.add("matched", level)
            elif (row.name, row.parent_id, row.kind, row.withdrawn) == (
                division.name,
                parent_id,
                kind,
                False,
            ):
                self.summary.add("unchanged", level)
            else:
                what = (
                    "renamed"
                    if row.name != division.name
                    else "moved"
                    if row.parent_id != parent_id
                    else "updated"
                )
                self.summary.add(what, level)
                counted[row.pk] = what
                changes[row.pk] = {
                    "kind": kind,
                    "withdrawn": False,
                    "name": division.name,
                    "parent_id": parent_id,
                }
            if row is None:
                new.append((division, parent_id, self.slugs.make(division)))
            else:
                self.placed(division, row.pk)
        if new and index.uncoded and level is not Level.VILLAGE:
            new = self._match_in_subtrees(level, divisions, new, index, changes)
        names = self._write_changes(level, changes, counted, new, index)
        self._create(level, new, names, index)

    def placed(self, division: Division, pk: int) -> None:
        # Villages have no children: only their codes are kept (as numbers, for the
        # withdrawn check), not a map of 600,000 pks.
        if division.level is Level.VILLAGE:
            self.villages_seen.add(int(division.code))
        else:
            self.pks[division.code] = pk

    # --- hand-entered trees that skip a level ---------------------------------------------

    def _coded_ancestor(self, row: _Row, index: _Index) -> int | None:
        parent = index.by_pk.get(row.parent_id) if row.parent_id else None
        while parent is not None and not parent.code:
            parent = index.by_pk.get(parent.parent_id) if parent.parent_id else None
        return parent.pk if parent is not None else None

    def _ancestor_codes(self, division: Division) -> Iterator[str]:
        code = division.parent
        while code is not None:
            yield code
            code = self.tree[code].parent

    def _match_in_subtrees(self, level, divisions, new, index, changes):
        """The divisions still without a region, matched to uncoded regions of their
        level in the subtree of the regions' nearest coded ancestor (see the module)."""
        candidates: dict[tuple[int, str, int], list[_Row]] = defaultdict(list)
        for row in index.uncoded.values():
            anchor = self._coded_ancestor(row, index)
            if anchor is not None:
                candidates[(anchor, row.name, KIND_LEVEL[RegionKind(row.kind)])].append(row)
        if not candidates:
            return new
        names_under = Counter(
            (ancestor, d.name) for d in divisions for ancestor in self._ancestor_codes(d)
        )
        remaining = []
        for division, parent_id, slug in new:
            depth = KIND_LEVEL[RegionKind(division.region_kind)]
            match = None
            for ancestor in self._ancestor_codes(division):
                key = (self.pks[ancestor], division.name, depth)
                rows = candidates.get(key)
                if not rows:
                    continue
                if len(rows) == 1 and names_under[(ancestor, division.name)] == 1:
                    match = rows[0]
                    del candidates[key]
                else:
                    self.summary.ambiguous.append(
                        f"{division.name}: {len(rows)} entered by hand, "
                        f"{names_under[(ancestor, division.name)]} in the data under "
                        f"{self.tree[ancestor].name} ({ancestor}); left alone"
                    )
                    del candidates[key]
                break
            if match is None:
                remaining.append((division, parent_id, slug))
                continue
            index.uncoded.pop((match.parent_id, match.name))
            self.slugs.release(slug)
            changes[match.pk] = {
                "code": division.code,
                "kind": division.region_kind,
                "parent_id": parent_id,
            }
            self.summary.add("matched", level)
            parent = self.tree[division.parent].name if division.parent else "the top"
            was = index.by_pk[match.parent_id].name if match.parent_id else "the top"
            self.summary.rehomed.append(
                f"{match.name} (id {match.pk}) is {division.code}: moved under {parent} "
                f"(was under {was})"
            )
            self.placed(division, match.pk)
        return remaining

    # --- writes ------------------------------------------------------------------------

    def _withdrawable(self, row: _Row) -> bool:
        """Whether this run marks ``row`` withdrawn (its name may then be taken)."""
        code = row.code
        if not code or code in self.tree or self.deepest is None:
            return False
        if level_of_code(code) is Level.VILLAGE:  # streamed: not known before the end
            return False
        return _in_scope(code, self.tree, self.deepest)

    def _park_name(self, row: _Row, index: _Index, wanted: set) -> str:
        for candidate in (
            f"{row.name}（已撤销）",
            f"{row.name}（已撤销 {row.code}）",
            f"{row.name[:40]}（已撤销 {row.code} {row.pk}）",
        ):
            key = (row.parent_id, candidate[:NAME_MAX])
            if key not in index.by_key and key not in wanted:
                wanted.add(key)
                return key[1]
        raise AssertionError("a parked name with the id is unique")

    def _write_changes(self, level, changes, counted, new, index) -> dict[str, str]:
        """Write ``changes`` in two bulk UPDATEs (names moved aside, then the final
        values) after settling who gets which name (see the module). Returns the names
        of new divisions that cannot take their own (code -> name)."""
        rows = index.by_pk
        keyed = {}
        for pk, updates in changes.items():
            row = rows[pk]
            key = (updates.get("parent_id", row.parent_id), updates.get("name", row.name))
            if key != (row.parent_id, row.name):
                keyed[pk] = key
        blocked: set[int] = set()
        parked: dict[int, str] = {}
        renamed_new: dict[str, str] = {}
        wanted = set(keyed.values()) | {(parent_id, d.name) for d, parent_id, _ in new}

        def leaves(pk: int) -> bool:
            return (pk in keyed and pk not in blocked) or pk in parked

        def settle(pk_or_code, key) -> bool:
            """False when the key's holder stays and cannot be moved aside."""
            holder = index.by_key.get(key)
            if holder is None or holder.pk == pk_or_code or leaves(holder.pk):
                return True
            if self._withdrawable(holder):
                parked[holder.pk] = self._park_name(holder, index, wanted)
                self.summary.parked.append(f"{_label(holder)} -> {parked[holder.pk]}")
                return True
            return False

        unsettled = True
        claimed: dict[tuple, int] = {}  # final key -> the mover that takes it
        while unsettled:  # a refused rename keeps its old name, which another may want
            unsettled = False
            claimed = {}
            for pk, key in keyed.items():
                if pk in blocked:
                    continue
                other = claimed.get(key)  # villages (not checked by the reader) may repeat
                if other is None and settle(pk, key):
                    claimed[key] = pk
                    continue
                blocked.add(pk)
                holder = rows[other] if other is not None else index.by_key[key]
                self.summary.conflicts.append(
                    f"{_label(rows[pk])} not renamed or moved to {key[1]}: "
                    f"{_label(holder)} holds that name under the same parent"
                )
                if pk in counted:
                    self.summary.add(counted[pk], level, -1)
                unsettled = True
        taken = set(claimed)
        for division, parent_id, _ in new:
            key = (parent_id, division.name)
            if key not in taken and settle(None, key):
                taken.add(key)
                continue
            name = f"{division.name}（{division.code}）"[:NAME_MAX]
            renamed_new[division.code] = name
            taken.add((parent_id, name))
            holder = index.by_key.get(key)
            self.summary.conflicts.append(
                f"{division.code} created as {name}: "
                f"{_label(holder) if holder else 'another division'} holds {division.name}"
            )

        aside = [pk for pk in keyed if pk not in blocked] + list(parked)
        update_regions(((pk, f"#{pk}") for pk in aside), ["name"])
        final: dict[int, dict] = {}
        for pk, updates in changes.items():
            row = rows[pk]
            values = {
                "parent_id": row.parent_id,
                "name": row.name,
                "kind": row.kind,
                "code": row.code,
                "withdrawn": row.withdrawn,
                **updates,
            }
            if pk in blocked:
                values["parent_id"], values["name"] = row.parent_id, row.name
            final[pk] = values
        for pk, name in parked.items():
            row = rows[pk]
            final[pk] = {**final.get(pk, _values(row)), "name": name}
        update_regions(
            ((pk, *(values[c] for c in _WRITTEN)) for pk, values in final.items()), _WRITTEN
        )
        for pk, values in final.items():
            row = rows[pk]
            if values["parent_id"] != row.parent_id:
                self.moved.add(pk)
            index.set(row, values)
        return renamed_new

    def _create(self, level: Level, new, names: dict[str, str], index: _Index) -> None:
        if not new:
            return
        rows = []  # in ``bulk.COLUMNS`` order
        paths = self.index.by_pk
        for (division, parent_id, slug), pk in zip(new, allocate_pks(len(new)), strict=True):
            path = f"{paths[parent_id].path if parent_id else '/'}{pk}/"
            name = names.get(division.code, division.name)
            rows.append(
                (pk, parent_id, name, division.region_kind, division.code, False, slug, path)
            )
        self.summary.add("created", level, len(rows))
        for batch in _batches(rows, BATCH_SIZE * 10):
            insert_regions(batch)
        if level is Level.VILLAGE:
            self.villages_seen.update(int(row[4]) for row in rows)
            return
        for pk, parent_id, name, kind, code, _, _, path in rows:
            self.pks[code] = pk
            index.put(_Row(pk, parent_id, name, kind, code, False, path))

    def report_moves(self) -> None:
        """Paths made again after moves, and the moved regions that have reports named."""
        if not self.moved:
            return
        rebuild_paths()
        moved = sorted(self.moved)
        for batch in _batches(moved, BATCH_SIZE):
            with_reports = (
                Region.objects.filter(pk__in=batch, initiatives__reports__isnull=False)
                .values_list("pk", "name", "code", "parent__name")
                .distinct()
            )
            for pk, name, code, parent in with_reports:
                self.summary.moved_with_reports.append(
                    f"{name} ({code}, id {pk}) has reports and now lies under {parent}"
                )


def _values(row: _Row) -> dict:
    return {
        "parent_id": row.parent_id,
        "name": row.name,
        "kind": row.kind,
        "code": row.code,
        "withdrawn": row.withdrawn,
    }


def fill_new_paths() -> None:
    """The paths of regions created without one (empty), from their parents': for rows
    written with ``bulk_create`` outside the loader (the tests' and benches' floors)."""
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
    index = _Index(Region.objects.exclude(kind__in=VILLAGE_KINDS).values_list(*_FIELDS).iterator())
    loader = _Loader(progress, tree, index)
    summary = loader.summary
    summary.merges = len(tree.merges)
    existing = list(index.by_code.values())
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
        for row in existing
        if row.code not in seen and not row.withdrawn and _in_scope(row.code, tree, deepest)
    ]
    if deepest is Level.VILLAGE:
        gone += _gone_villages(tree, loader.villages_seen)
    for batch in _batches(gone, BATCH_SIZE):
        summary.withdrawn += Region.objects.filter(pk__in=batch).update(withdrawn=True)
    loader.report_moves()
    summary.left_alone = len(index.uncoded)
    return summary


def _load_villages(loader: _Loader, path: Path, tree: DivisionTree) -> None:
    """The villages file in chunks: each chunk looks up what exists for it (its codes,
    and everything under its townships) in one query, so the file and the table are
    never held whole."""
    rows = (d for d in iter_villages(path, tree) if not _merged_village(loader, d))
    for chunk in _batches(loader.progress(rows, Level.VILLAGE.value, 0), VILLAGE_CHUNK):
        codes = [d.code for d in chunk]
        parents = {loader.pks[d.parent] for d in chunk}
        existing = Region.objects.filter(Q(code__in=codes) | Q(parent_id__in=parents)).values_list(
            *_FIELDS
        )
        loader.level(Level.VILLAGE, chunk, _Index(existing), bar=False)


def _merged_village(loader: _Loader, division: Division) -> bool:
    """A village row that is a node of the tree already (the files list 金门县 as a village
    of itself, 350527000000): counted as merged, not made its own child."""
    if division.code in loader.tree:
        loader.summary.merges += 1
        return True
    return False


def _gone_villages(tree: DivisionTree, seen: set[int]) -> list[int]:
    gone = []
    coded = Region.objects.filter(kind__in=VILLAGE_KINDS, code__isnull=False, withdrawn=False)
    for pk, code in coded.values_list("pk", "code").iterator():
        if int(code) not in seen and code[:2] in tree.provinces:
            gone.append(pk)
    return gone
