"""The importer held against the corpus under ``corpus/``: stated fields right, values invented.

``corpus/expected.json`` has the format of the seeds' ``expected.json`` (its ``_about``
gives the conventions), plus for each file its ``form``, whether it is ``heldout`` and
its byte ``encoding``. A part may keep its entries in its own folder instead
(``corpus/heldout3/expected.json``, ``corpus/heldout4/expected.json``, written apart
from the rule-writing); the entries of
every part's ``expected.json`` are merged with those of ``corpus/expected.json``. The importer is run the way the seed test runs it: once, through
``manage.py import_articles --dry-run --json``, over every corpus file.

How a field is counted (keys left out of an entry are not scored):

- *stated*: the entry gives a value: a string, a non-empty list, ``true``, a count above
  zero, a figure, a ``clean_text_must_contain`` / ``_must_not_contain`` string. It is
  *right* when the importer's value equals it, full- and half-width punctuation counting
  the same (the seed test's rule); lists compare whole and in order, counts compare with
  the number of items the importer found.
- *invented*: the entry says the text does not state the field (``null``, ``[]``,
  ``false``, ``0``, or a figure key missing from ``figures``) and the importer filled it
  in anyway.

Held-out files are reported by counts only: naming their missed fields would turn the
held-out part into more material for the rule-writing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
CORPUS = Path(__file__).resolve().parent / "corpus"
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4")
# The part kept out of the rule-writing. ``heldout/``, ``heldout2/`` and then ``heldout3/``
# were kept out in turn; each was scored while rules were written, so all three now count
# with dev, and ``heldout4/`` (written by someone who had not read the importer, before the
# next round of rules, with its entries in its own ``heldout4/expected.json``) is the part
# scored last.
HELDOUT_PART = "heldout4"

META_KEYS = ("form", "heldout", "encoding")
TEXT_FIELDS = ("headline", "subtitle", "series", "outlet", "published", "byline")
FLAG_FIELDS = ("editor_note", "qa_format")
LIST_FIELDS = ("reporters", "correspondents", "section_heads")
COUNTED_FIELDS = ("qa_pairs", "photo_captions")
PERSON_FIELDS = ("name", "post", "unit", "district", "city", "province")
TEXT_CHECKS = ("clean_text_must_contain", "clean_text_must_not_contain")
FIELD_KEYS = (
    *TEXT_FIELDS,
    *FLAG_FIELDS,
    *LIST_FIELDS,
    *COUNTED_FIELDS,
    "interviewee",
    "figures",
    *TEXT_CHECKS,
)
FIGURE_KEYS = (
    "area_km2",
    "population",
    "communities",
    "party_branches",
    "party_members",
    "grids",
    "grid_party_branches",
)
ENCODINGS = ("utf-8", "gb18030", "big5")

RIGHT = "right"
WRONG = "wrong"
INVENTED = "invented"
EMPTY = "empty"  # not stated and not filled in: nothing to count

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20


def width_blind(value: Any) -> Any:
    """Fold full-width ASCII forms (，：（）…) to ASCII, through lists and dicts."""
    if isinstance(value, str):
        return value.translate(_FULLWIDTH)
    if isinstance(value, list):
        return [width_blind(v) for v in value]
    if isinstance(value, dict):
        return {k: width_blind(v) for k, v in value.items()}
    return value


def load_expected(path: Path | None = None) -> dict[str, dict]:
    """Entries by path under ``corpus/`` (``dev/…``, ``heldout4/…``), ``_about`` left out.

    Without ``path``: those of ``corpus/expected.json`` and of each part's own
    ``expected.json`` where it has one; a name given twice is an error, not a silent
    override. With ``path``: that file's entries only.
    """
    if path is None:
        paths = [CORPUS / "expected.json", *(CORPUS / split / "expected.json" for split in SPLITS)]
    else:
        paths = [path]
    entries: dict[str, dict] = {}
    for one in paths:
        if not one.is_file():
            continue
        data = json.loads(one.read_text(encoding="utf-8"))
        for name, entry in data.items():
            if name.startswith("_"):
                continue
            if name in entries:
                raise ValueError(f"{name} has an entry in more than one expected.json")
            entries[name] = entry
    return entries


def corpus_files() -> list[str]:
    """Every text file in the corpus folders, as a path under ``corpus/``."""
    return sorted(
        path.relative_to(CORPUS).as_posix()
        for split in SPLITS
        for path in (CORPUS / split).glob("*")
        if path.is_file() and path.name != "expected.json"
    )


# --- one file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    field: str
    expected: Any
    got: Any
    outcome: str


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {}, False, 0)


def _compare(field_name: str, expected: Any, got: Any, same: bool) -> Check:
    if _filled(expected):
        return Check(field_name, expected, got, RIGHT if same else WRONG)
    return Check(field_name, expected, got, INVENTED if _filled(got) else EMPTY)


def _same(got: Any, expected: Any) -> bool:
    return width_blind(got) == width_blind(expected)


def score_file(expected: dict, result: dict | None) -> list[Check]:
    """One check per scored field of ``expected`` against the importer's JSON ``result``.

    ``result`` is ``None`` when the importer rejected the file: every stated field is then
    wrong and nothing is invented.
    """
    result = result or {}
    checks: list[Check] = []
    for key in TEXT_FIELDS:
        if key in expected:
            got = result.get(key)
            checks.append(_compare(key, expected[key], got, _same(got, expected[key])))
    for key in FLAG_FIELDS:
        if key in expected:
            got = bool(result.get(key))
            checks.append(_compare(key, bool(expected[key]), got, got is bool(expected[key])))
    for key in LIST_FIELDS:
        if key in expected:
            got = list(result.get(key) or [])
            checks.append(_compare(key, expected[key], got, _same(got, expected[key])))
    for key in COUNTED_FIELDS:
        if key in expected:
            got = len(result.get(key) or [])
            checks.append(_compare(key, expected[key], got, got == expected[key]))
    person = result.get("interviewee") or {}
    for sub, value in (expected.get("interviewee") or {}).items():
        got = person.get(sub)
        checks.append(_compare(f"interviewee.{sub}", value, got, _same(got, value)))
    if "figures" in expected:
        figures = result.get("figures") or {}
        for key in FIGURE_KEYS:
            value = expected["figures"].get(key)
            got = figures.get(key)
            checks.append(_compare(f"figures.{key}", value, got, got is not None and got == value))
    body = width_blind(result.get("body_text") or "")
    for text in expected.get("clean_text_must_contain", []):
        ok = bool(result) and width_blind(text) in body
        checks.append(Check("clean_text_must_contain", text, ok, RIGHT if ok else WRONG))
    for text in expected.get("clean_text_must_not_contain", []):
        present = width_blind(text) in body
        ok = bool(result) and not present
        checks.append(Check("clean_text_must_not_contain", text, present, RIGHT if ok else WRONG))
    return checks


@dataclass
class FileScore:
    name: str
    form: str
    heldout: bool
    checks: list[Check] = field(default_factory=list)
    error: str | None = None

    def count(self, outcome: str) -> int:
        return sum(1 for c in self.checks if c.outcome == outcome)

    @property
    def stated(self) -> int:
        return self.count(RIGHT) + self.count(WRONG)

    @property
    def right(self) -> int:
        return self.count(RIGHT)

    @property
    def invented(self) -> int:
        return self.count(INVENTED)

    def misses(self) -> list[Check]:
        return [c for c in self.checks if c.outcome in (WRONG, INVENTED)]


# --- the whole corpus ---------------------------------------------------------------------


def run_importer(names: Iterable[str]) -> dict[str, dict | None]:
    """The command's JSON line for each corpus file (``None`` where it rejected the file).

    A dry run reads no database and writes none, so this needs no test database.
    """
    names = list(names)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    files = [str(CORPUS / name) for name in names]
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", "--dry-run", "--json", *files],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_name: dict[str, dict | None] = {}
    for row in rows:
        name = Path(row.pop("file")).resolve().relative_to(CORPUS).as_posix()
        by_name[name] = None if row.get("status") == "rejected" else row
    missing = [name for name in names if name not in by_name]
    if missing:
        raise RuntimeError(
            f"import_articles gave no line for {missing} (exit {result.returncode}): "
            f"{result.stderr[-2000:]}"
        )
    return by_name


def part_of(name: str) -> str:
    """The corpus part (folder) a file belongs to: ``dev``, ``heldout``, ``heldout2``,
    ``heldout3`` or ``heldout4``."""
    return name.split("/", 1)[0]


def score_corpus(expected: dict[str, dict], results: dict[str, dict | None]) -> list[FileScore]:
    scores = []
    for name, entry in sorted(expected.items()):
        result = results.get(name)
        score = FileScore(name=name, form=entry["form"], heldout=bool(entry["heldout"]))
        score.checks = score_file(entry, result)
        if result is None:
            score.error = "rejected by the importer"
        scores.append(score)
    return scores


@dataclass(frozen=True)
class Totals:
    files: int
    stated: int
    right: int
    invented: int

    @property
    def share(self) -> float:
        return self.right / self.stated if self.stated else 1.0


def totals(scores: Iterable[FileScore]) -> Totals:
    scores = list(scores)
    return Totals(
        files=len(scores),
        stated=sum(s.stated for s in scores),
        right=sum(s.right for s in scores),
        invented=sum(s.invented for s in scores),
    )


def form_table(scores: list[FileScore], *, part_name: str) -> str:
    """Per form: files, stated fields, right, share right, invented values; then the total."""
    part = [s for s in scores if part_of(s.name) == part_name]
    forms = sorted({s.form for s in part})
    head = f"{'form':<26} {'files':>5} {'stated':>7} {'right':>6} {'right %':>8} {'invented':>9}"
    lines = [head, "-" * len(head)]
    for form in [*forms, None]:
        t = totals(s for s in part if form is None or s.form == form)
        label = "total" if form is None else form
        if form is None:
            lines.append("-" * len(head))
        lines.append(
            f"{label:<26} {t.files:>5} {t.stated:>7} {t.right:>6} {t.share:>8.1%} {t.invented:>9}"
        )
    return "\n".join(lines)


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def report(scores: list[FileScore]) -> str:
    """The per-form tables of each part, then each file: those used in the rule-writing
    with their misses, the held-out ones by counts only."""
    out = []
    for part_name in SPLITS:
        t = totals(s for s in scores if part_of(s.name) == part_name)
        kept = " (kept out of the rule-writing)" if part_name == HELDOUT_PART else ""
        out.append(
            f"== {part_name}{kept}: {t.right}/{t.stated} stated fields right ({t.share:.1%}), "
            f"{t.invented} invented values"
        )
        out.append(form_table(scores, part_name=part_name))
        out.append("")
    out.append("== files")
    for s in scores:
        note = f"  [{s.error}]" if s.error else ""
        out.append(f"{s.name}: {s.right}/{s.stated} right, {s.invented} invented{note}")
        if not s.heldout:
            for miss in s.misses():
                out.append(
                    f"    {miss.outcome:<8} {miss.field}: expected {_value(miss.expected)}, "
                    f"got {_value(miss.got)}"
                )
    return "\n".join(out) + "\n"
