"""What a cleanup rule changed, as excerpt pairs for a side-by-side view."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass

# Characters of unchanged text shown on each side of a change.
CONTEXT = 8
# Changes closer together than this on one line are reported as one.
MERGE_GAP = 6
MAX_EXCERPT = 240


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

    Lines are matched first (cheap on long texts); a replaced line is then compared
    character by character, so a rule that swaps one comma reports that comma with a
    little context rather than the whole paragraph.
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
    # autojunk: blank and repeated lines are frequent and would make matching quadratic
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=True)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old_block, new_block = old_lines[i1:i2], new_lines[j1:j2]
        if tag == "replace" and len(old_block) == len(new_block):
            for old, new in zip(old_block, new_block, strict=True):
                changes.extend(_line_changes(rule, old, new))
        else:
            old_text, new_text = "\n".join(old_block), "\n".join(new_block)
            if old_text.strip() or new_text.strip():
                changes.append(Change(rule, _clip(old_text), _clip(new_text)))
    return changes


def _edited_spans(old: str, new: str):
    """(i1, i2, j1, j2) of each edit; a same-length pair is compared position by position."""
    if len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                yield i, i + 1, i, i + 1
        return
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield i1, i2, j1, j2


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
