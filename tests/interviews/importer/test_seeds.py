"""The importer held against what a careful editor reads off the five seed articles.

The output under test is what editors and scripts get: ``manage.py import_articles
--dry-run --json`` run once over the five files, one JSON object per file. One test per
seed and per stated field of ``../shared/seeds/expected.json``, so a failure names the
article and the field. Full- and half-width punctuation count as the same on both sides.
"""

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.seedpaths import SEEDS

ROOT = Path(__file__).resolve().parents[3]
TEXT_CHECKS = ("clean_text_must_contain", "clean_text_must_not_contain")
COUNTED = ("qa_pairs", "photo_captions")

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def width_blind(value):
    """Fold full-width ASCII forms (，：（）…) to ASCII, through lists and dicts."""
    if isinstance(value, str):
        return value.translate(_FULLWIDTH)
    if isinstance(value, list):
        return [width_blind(v) for v in value]
    if isinstance(value, dict):
        return {k: width_blind(v) for k, v in value.items()}
    return value


def _load_expected() -> dict:
    path = SEEDS / "expected.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: fields for name, fields in data.items() if not name.startswith("_")}


EXPECTED = _load_expected()


def _cases():
    for seed, fields in sorted(EXPECTED.items()):
        short = seed.split("_", 1)[0]
        for key, value in fields.items():
            if key in TEXT_CHECKS:
                for i, text in enumerate(value):
                    yield pytest.param(seed, key, text, id=f"{short}-{key}-{i}")
            elif key == "interviewee":
                for sub, sub_value in value.items():
                    yield pytest.param(
                        seed, f"interviewee.{sub}", sub_value, id=f"{short}-interviewee.{sub}"
                    )
            else:
                yield pytest.param(seed, key, value, id=f"{short}-{key}")


@cache
def dry_run_output() -> dict[str, dict]:
    """The command's JSON lines by file name. A dry run reads no database and writes none."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    files = [str(SEEDS / seed) for seed in sorted(EXPECTED)]
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--dry-run", "--json", *files],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {Path(row.pop("file")).name: row for row in rows}


def parsed(seed: str) -> dict:
    return dry_run_output()[seed]


def test_seed_folder_is_present():
    if EXPECTED:
        assert len(EXPECTED) == 5, sorted(EXPECTED)
        return
    message = f"seed articles not found at {SEEDS}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.parametrize(("seed", "field", "expected"), list(_cases()))
def test_seed_field(seed, field, expected):
    result = parsed(seed)
    if field == "clean_text_must_contain":
        assert width_blind(expected) in width_blind(result["body_text"])
    elif field == "clean_text_must_not_contain":
        assert width_blind(expected) not in width_blind(result["body_text"])
    elif field.startswith("interviewee."):
        assert width_blind(result["interviewee"][field.split(".", 1)[1]]) == width_blind(expected)
    elif field == "editor_note":
        assert bool(result["editor_note"]) is expected, result["editor_note"]
    elif field in COUNTED and isinstance(expected, int) and not isinstance(expected, bool):
        assert len(result[field]) == expected, result[field]
    elif field == "figures":
        assert result["figures"] == expected, result["figure_sources"]
    else:
        assert width_blind(result[field]) == width_blind(expected)


def test_to_json_has_exactly_the_expected_keys():
    if not EXPECTED:
        pytest.skip(f"seed articles not found at {SEEDS}")
    stated = set().union(*(fields.keys() for fields in EXPECTED.values())) - set(TEXT_CHECKS)
    seed = sorted(EXPECTED)[0]
    assert set(parsed(seed)) == stated | {"body_text", "figure_sources", "field_sources"}
