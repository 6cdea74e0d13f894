"""What a cleanup rule changed, as excerpt pairs for a side-by-side view."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import asdict, dataclass

# Characters of unchanged text shown on each side of a change.
CONTEXT = 8
# Changes closer together than this on one line are reported as one.
MERGE_GAP = 6
MAX_EXCERPT = 240
# How far ahead ``edits`` looks for the text to agree again, in items (lines or characters).
WINDOW = 32
# Equal items in a row that count as agreeing again.
SYNC_RUN = 3
# Comparisons ``edits`` may spend per item of input before it reports the rest as one edit.
WORK_PER_ITEM = 4
# Later occurrences of an item tried as the end of a long deletion or insertion.
ANCHOR_TRIES = 4


@dataclass(frozen=True)
class Change:
    rule: str
    before_excerpt: str
    after_excerpt: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _clip(text: str) -> str:
    if len(text) <= MAX_EXCERPT:
        return text
    half = MAX_EXCERPT // 2
    return f"{text[:half]}…{text[-half:]}"


def diff_changes(rule: str, before: str, after: str) -> list[Change]:
    """The edits that turned ``before`` into ``after``.

    Lines are matched first; a replaced line is then compared character by character,
    so a rule that swaps one comma reports that comma with a little context rather than
    the whole paragraph. Both comparisons are linear in the text (``edits``).
    """
    if before == after:
        return []
    old_lines = before.split("\n")
    new_lines = after.split("\n")
    if len(old_lines) == len(new_lines):
        # The rule edited lines in place: compare them pairwise, no matching needed.
        changes = []
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:
                changes.extend(_line_changes(rule, old, new))
        return changes
    # Lines compared as numbers: one dictionary pass, then every comparison is O(1).
    ids: dict[str, int] = {}
    old_ids = [ids.setdefault(line, len(ids)) for line in old_lines]
    new_ids = [ids.setdefault(line, len(ids)) for line in new_lines]
    changes: list[Change] = []
    for i1, i2, j1, j2 in edits(old_ids, new_ids):
        old_block, new_block = old_lines[i1:i2], new_lines[j1:j2]
        if len(old_block) == len(new_block):
            for old, new in zip(old_block, new_block, strict=True):
                changes.extend(_line_changes(rule, old, new))
        else:
            old_text, new_text = "\n".join(old_block), "\n".join(new_block)
            if old_text.strip() or new_text.strip():
                changes.append(Change(rule, _clip(old_text), _clip(new_text)))
    return changes


def edits(old: Sequence, new: Sequence) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) of each edit turning ``old`` into ``new``, in linear time.

    ``difflib.SequenceMatcher`` is cubic in the worst case (4 KB of hostile bytes took
    minutes). Cleanup rules make small local edits, so a bounded look-ahead finds them:
    after the common prefix and suffix, at each mismatch the nearest resynchronising
    pair within ``WINDOW`` items (confirmed by ``SYNC_RUN`` equal items) ends the edit.
    Past the window, a long deletion or insertion is found through the positions of
    each item (``_anchored``); failing both, one item counts as replaced.
    Every step is bounded, and a work budget proportional to the input
    caps the total: past it, the rest is reported as one edit (still true, only
    coarser). An edit found this way is always a real difference; it may be larger
    than the smallest possible one.
    """
    n, m = len(old), len(new)
    lo = 0
    while lo < n and lo < m and old[lo] == new[lo]:
        lo += 1
    hi_old, hi_new = n, m
    while hi_old > lo and hi_new > lo and old[hi_old - 1] == new[hi_new - 1]:
        hi_old -= 1
        hi_new -= 1
    result: list[tuple[int, int, int, int]] = []
    budget = WORK_PER_ITEM * (n + m) + WINDOW * WINDOW
    where_old = _positions(old, lo, hi_old)
    where_new = _positions(new, lo, hi_new)
    i, j = lo, lo
    while i < hi_old and j < hi_new:
        if old[i] == new[j]:
            i += 1
            j += 1
            continue
        found = None
        for distance in range(1, 2 * WINDOW + 1):
            for x in range(max(0, distance - WINDOW), min(distance, WINDOW) + 1):
                y = distance - x
                budget -= 1
                if i + x < hi_old and j + y < hi_new and old[i + x] != new[j + y]:
                    continue
                if _synced(old, new, i + x, j + y, hi_old, hi_new):
                    found = (x, y)
                    break
            if found or budget <= 0:
                break
        if found is None and budget > 0:
            found = _anchored(old, new, i, j, hi_old, hi_new, where_old, where_new)
            budget -= 2 * ANCHOR_TRIES * SYNC_RUN
        if found is None:
            if budget <= 0:
                break
            found = (1, 1)  # no agreement near: this item was replaced, go on after it
        result.append((i, i + found[0], j, j + found[1]))
        i += found[0]
        j += found[1]
    if i < hi_old or j < hi_new:
        result.append((i, hi_old, j, hi_new))
    return result


def _positions(items: Sequence, lo: int, hi: int) -> dict:
    where: dict = {}
    for k in range(lo, hi):
        where.setdefault(items[k], []).append(k)
    return where


def _anchored(old, new, i, j, n, m, where_old, where_new) -> tuple[int, int] | None:
    """A long deletion or insertion (a block of furniture lines dropped): the next place
    where ``new[j]`` occurs in ``old`` (or ``old[i]`` in ``new``) and the two agree again,
    trying at most ``ANCHOR_TRIES`` occurrences each; the shorter jump wins."""
    best = None
    for items, start, other, here in (
        (where_old.get(new[j], ()), i, j, "old"),
        (where_new.get(old[i], ()), j, i, "new"),
    ):
        first = bisect.bisect_right(items, start)
        for position in items[first : first + ANCHOR_TRIES]:
            pair = (position, other) if here == "old" else (other, position)
            if _synced(old, new, pair[0], pair[1], n, m):
                jump = (pair[0] - i, pair[1] - j)
                if best is None or sum(jump) < sum(best):
                    best = jump
                break
    return best


def _synced(old: Sequence, new: Sequence, i: int, j: int, n: int, m: int) -> bool:
    """``old[i:]`` and ``new[j:]`` start alike for ``SYNC_RUN`` items (or both end)."""
    if i > n or j > m:
        return False
    for k in range(SYNC_RUN):
        if i + k == n or j + k == m:
            return i + k == n and j + k == m
        if old[i + k] != new[j + k]:
            return False
    return True


def _edited_spans(old: str, new: str):
    """(i1, i2, j1, j2) of each edit; a same-length pair is compared position by position."""
    if len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                yield i, i + 1, i, i + 1
        return
    yield from edits(old, new)


def _line_changes(rule: str, old: str, new: str) -> list[Change]:
    spans: list[list[int]] = []
    for i1, i2, j1, j2 in _edited_spans(old, new):
        if spans and i1 - spans[-1][1] <= MERGE_GAP:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    result = []
    for i1, i2, j1, j2 in spans:
        lo_old, hi_old = max(0, i1 - CONTEXT), min(len(old), i2 + CONTEXT)
        lo_new, hi_new = max(0, j1 - CONTEXT), min(len(new), j2 + CONTEXT)
        result.append(Change(rule, _clip(old[lo_old:hi_old]), _clip(new[lo_new:hi_new])))
    return result
