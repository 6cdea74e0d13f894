"""Issue 10, finding 5: every importer step is linear or bounded in the input size.

Speed itself is measured by ``bench/importer_bench.py`` (seconds per 100 KB); these tests
pin what makes it linear without timing anything: the diff's work is counted, and the
patterns that used to backtrack quadratically keep their meaning in their linear form.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.importer import changes
from interviews.importer.changes import diff_changes, edits
from interviews.importer.errors import ImportRejected
from interviews.importer.figures import extract_figures
from interviews.importer.pipeline import _LEFTOVER_GARBLE, parse_article
from interviews.importer.rules import fullwidth_punctuation_between_cjk


class Counted(list):
    """A list that counts the items read from it."""

    reads = 0

    def __getitem__(self, index):
        Counted.reads += 1
        return super().__getitem__(index)


def _apply(old, new, found):
    """Rebuild ``new`` from ``old`` and the edits: equal stretches from old, edits from new."""
    out, i = [], 0
    for i1, i2, j1, j2 in found:
        out.extend(old[i:i1])
        out.extend(new[j1:j2])
        i = i2
    out.extend(old[i:])
    return out


small_text = st.text(alphabet="街道党建，。?(\n ab", max_size=300)


@settings(max_examples=300, deadline=None)
@given(small_text, small_text)
def test_edits_turn_old_into_new(old, new):
    found = edits(old, new)
    assert "".join(_apply(old, new, found)) == new
    # Edits are in order, do not overlap, and each one really differs.
    position = (0, 0)
    for i1, i2, j1, j2 in found:
        assert (i1, j1) >= position and i1 <= i2 and j1 <= j2
        assert old[i1:i2] != new[j1:j2]
        position = (i2, j2)


@settings(max_examples=200, deadline=None)
@given(small_text, st.integers(0, 300), st.text(alphabet="，,。", max_size=3))
def test_a_small_local_edit_is_reported_small(text, at, inserted):
    at = min(at, len(text))
    new = text[:at] + inserted + text[at:]
    changed = sum(max(i2 - i1, j2 - j1) for i1, i2, j1, j2 in edits(text, new))
    assert changed <= len(inserted) + 2 * changes.SYNC_RUN + changes.WINDOW


def _reads(old: str, new: str) -> int:
    Counted.reads = 0
    edits(Counted(old), Counted(new))
    return Counted.reads


def test_the_diff_reads_each_item_a_bounded_number_of_times():
    """The cubic case of difflib (issue 10): hostile text, one character dropped in places."""
    for unit in ("\ufffe\ufbfa", "ab", "街道党建", "?"):
        small = unit * 1000
        large = unit * 8000
        per_item_small = _reads(small, small[::3]) / len(small)
        per_item_large = _reads(large, large[::3]) / len(large)
        # Each unit of budget reads a pair, a sync check a few more; positions read once.
        bound = 4 * (changes.WORK_PER_ITEM + 2 * changes.ANCHOR_TRIES * changes.SYNC_RUN) + 8
        assert per_item_small <= bound and per_item_large <= bound, unit
        assert per_item_large <= 1.5 * per_item_small + 4, unit


def test_diff_changes_on_a_line_count_change_keeps_the_line_excerpts():
    before = "标题\n\n第一段,,内容。\n分享到微信\n第二段。"
    after = "标题\n\n第一段,内容。\n第二段。"
    found = diff_changes("rule", before, after)
    assert any("分享到微信" in c.before_excerpt for c in found)
    assert all(len(c.before_excerpt) <= changes.MAX_EXCERPT + 1 for c in found)


def test_hostile_bytes_of_the_finding_are_parsed_or_refused():
    """4 KB of FF FE FA FB took 91.6 s before (cubic diff); now the bench's milliseconds."""
    try:
        article = parse_article(b"\xff\xfe\xfa\xfb" * 1024, "hostile.txt")
    except ImportRejected:
        return
    assert article.content_hash


def test_numbers_are_whole_runs_of_digits():
    assert extract_figures("辖区共有12个社区，总人口3.5万人。").values == {
        "communities": 12,
        "population": 35000,
    }
    assert extract_figures("辖区" + "1" * 500 + "个社区。").values == {}
    assert extract_figures("辖区" + "1" * 5000).values == {}


def test_half_width_brackets_around_chinese_still_become_full_width():
    assert fullwidth_punctuation_between_cjk("镇(街道)党委") == "镇（街道）党委"
    assert fullwidth_punctuation_between_cjk("见(ABC)说明") == "见(ABC)说明"
    unclosed = "(" + "街道党建" * 2000
    assert fullwidth_punctuation_between_cjk(unclosed) == unclosed


def test_leftover_garble_is_still_found_after_a_run_of_question_marks():
    assert _LEFTOVER_GARBLE.search("街道??党建")
    assert _LEFTOVER_GARBLE.search("街a?b党")
    assert not _LEFTOVER_GARBLE.search("街" + "?" * 5000)
