"""The importer's rules are about the forms of pages, not about the pages it was written
against: nothing in ``interviews/importer/`` (code, comments or docstrings) names a person,
place, outlet or series that the seeds or the corpus state. Examples in its docstrings are
made up."""

import json
from pathlib import Path

import pytest

from tests.interviews.importer.corpus_score import CORPUS
from tests.seedpaths import SEEDS

IMPORTER = Path(__file__).resolve().parents[3] / "interviews" / "importer"


def stated_names(entry: dict) -> set[str]:
    person = entry.get("interviewee") or {}
    values = [person.get(key) for key in ("name", "unit", "district", "city")]
    values += [entry.get("outlet"), entry.get("series"), entry.get("byline")]
    values += [*(entry.get("reporters") or []), *(entry.get("correspondents") or [])]
    # One character says nothing; a province is a fixed list of 34, not a page's place.
    return {v for v in values if isinstance(v, str) and len(v) >= 2}


def expected_files() -> list[Path]:
    files = sorted(CORPUS.rglob("expected.json"))
    if (SEEDS / "expected.json").is_file():
        files.append(SEEDS / "expected.json")
    return files


def test_the_scan_reads_the_corpus_and_its_names():
    names = {n for f in expected_files() for e in entries(f) for n in stated_names(e)}
    assert len(names) > 300
    assert "和平街道" in stated_names({"interviewee": {"unit": "和平街道"}})


def entries(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)]


@pytest.mark.parametrize("path", expected_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_importer_names_nothing_the_seeds_or_the_corpus_state(path):
    source = {p.name: p.read_text(encoding="utf-8") for p in sorted(IMPORTER.rglob("*.py"))}
    named = sorted(
        (name, file)
        for entry in entries(path)
        for name in stated_names(entry)
        for file, text in source.items()
        if name in text
    )
    assert named == []
