"""The gazetteer on the five seed articles, cleaned by the importer as an import would.

Each seed's unit (from ``expected.json``) resolves to its code, read in the article's
own text; 北街街道's article names no district, so it stays ambiguous between the five.
Skipped where the seeds are not beside the repository.
"""

import json
from functools import cache
from pathlib import Path

import pytest

from initiatives.places.divisions import Status, national_gazetteer
from interviews.importer.pipeline import parse_article
from tests.seedpaths import SEEDS

ROOT = Path(__file__).resolve().parents[4]
RESOLVED = {
    "000_67bc172323e9ea28.txt": "370303004000",  # 和平街道, 张店区
    "002_116b7d6207b84404.txt": "340405002000",  # 土坝孜街道, 八公山区
    "003_a7d22efc812dab5c.txt": "370303002000",  # 公园街道, 张店区
    "004_1c5ee67ea58ef9b2.txt": "370203020000",  # 即墨路街道, 市北区
}
BEIJIE = ["140502004000", "211382002000", "520402004000", "620702004000", "640205004000"]

pytestmark = pytest.mark.skipif(
    not (SEEDS / "expected.json").is_file(), reason=f"no seed articles in {SEEDS}"
)


@cache
def _expected() -> dict:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


@cache
def _text(seed: str) -> str:
    article = parse_article((SEEDS / seed).read_bytes(), seed)
    parts = (article.headline, article.subtitle, article.editor_note, article.body_text)
    return "\n".join(part for part in parts if part)


@pytest.mark.parametrize("seed", sorted(RESOLVED))
def test_the_seeds_unit_resolves_to_its_code(seed):
    unit = _expected()[seed]["interviewee"]["unit"]
    result = national_gazetteer().resolve(_text(seed), name=unit)
    assert result.status is Status.RESOLVED
    assert result.code == RESOLVED[seed]
    assert result.resolved.place.name == unit


@pytest.mark.parametrize("seed", sorted(RESOLVED))
def test_the_district_and_city_the_editor_reads_are_found(seed):
    interviewee = _expected()[seed]["interviewee"]
    found = {m.text for m in national_gazetteer().find(_text(seed))}
    district, city = interviewee["district"], interviewee["city"]
    assert district in found
    assert city in found or city.removesuffix("市") in found


def test_beijie_lists_its_five_candidates():
    seed = "001_0eb3708fd6ee1e52.txt"
    unit = _expected()[seed]["interviewee"]["unit"]
    result = national_gazetteer().resolve(_text(seed), name=unit)
    assert unit == "北街街道"
    assert result.status is Status.AMBIGUOUS
    assert sorted(c.code for c in result.leading) == BEIJIE
    assert len(result.candidates) == 5
