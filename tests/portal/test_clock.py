"""One source of "now" and "today": Django's ``timezone.now()`` and ``timezone.localdate()``
(Asia/Shanghai). A module that read the wall clock another way would ignore the time zone
(``date.today()`` is the server's zone, ``datetime.now()`` is naive) and could not be
frozen by the tests the same way. Durations use ``time.monotonic()``."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("portal", "initiatives", "interviews")
WALL_CLOCK = re.compile(
    r"\b(?:date|datetime)\.(?:today|now|utcnow)\(|\btime\.(?:time|localtime|gmtime|ctime)\("
)


def wall_clock_reads() -> list[str]:
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line.split("#", 1)[0]):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_module_reads_the_wall_clock_directly():
    assert wall_clock_reads() == []


def test_the_check_finds_what_it_looks_for():
    for line in ("d = dt.date.today()", "datetime.now()", "x = time.time()", "datetime.utcnow()"):
        assert WALL_CLOCK.search(line), line
    for line in ("timezone.now()", "timezone.localdate()", "time.monotonic()", "update(now)"):
        assert not WALL_CLOCK.search(line), line
