import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from initiatives.places.divisions import DivisionDataError, Level, read_divisions
from initiatives.places.loading import LEVELS, divisions_load


class Command(BaseCommand):
    help = (
        "Load or refresh the place tree from the national division codes (统计用区划代码 "
        "2023, vendored): full 12-digit codes, hand-entered units matched by name under "
        "their parent, nothing deleted. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            metavar="CODE",
            help="2-digit province code (37 山东); repeat or comma-separate; default all",
        )
        parser.add_argument(
            "--to",
            default="street",
            metavar="LEVEL",
            help="deepest level: province, city, area (区县) or street (街道/镇, the default)",
        )
        parser.add_argument(
            "--villages",
            type=Path,
            metavar="FILE",
            help="the npm package's villages.csv (plain, .gz or .xz), streamed: 社区/村 too",
        )
        parser.add_argument(
            "--data", type=Path, metavar="DIR", help="division files (default: the vendored)"
        )

    def handle(self, *args, province=None, to="street", villages=None, data=None, **options):
        verbosity = options.get("verbosity", 1)
        provinces = None
        if province:
            provinces = {p.strip() for value in province for p in value.split(",") if p.strip()}
        try:
            level = Level.parse(to)
        except DivisionDataError as exc:
            raise CommandError(f"--to: {exc}")
        if level not in LEVELS:
            raise CommandError("--to: province, city, area or street (villages: --villages)")
        if villages is not None and level is not Level.TOWNSHIP:
            raise CommandError("--villages needs --to street")
        if villages is not None and not villages.is_file():
            raise CommandError(f"--villages: no such file: {villages}")
        started = time.perf_counter()
        try:
            tree = read_divisions(data, provinces=provinces, to=level)
        except (OSError, DivisionDataError) as exc:
            raise CommandError(str(exc))

        def progress(items, label, total):
            if verbosity < 1:
                return items
            return tqdm(items, desc=label, total=total or None, unit=" rows", file=self.stderr)

        try:
            summary = divisions_load(tree=tree, villages=villages, progress=progress)
        except DivisionDataError as exc:
            raise CommandError(str(exc))
        elapsed = time.perf_counter() - started
        if verbosity < 1:
            return
        levels = [lv.value for lv in (*LEVELS, Level.VILLAGE)]
        self.stdout.write(f"{'':<10}" + "".join(f"{lv:>10}" for lv in levels))
        for what in ("created", "matched", "renamed", "moved", "updated", "unchanged"):
            counts = getattr(summary, what)
            self.stdout.write(f"{what:<10}" + "".join(f"{counts.get(lv, 0):>10,}" for lv in levels))
        self.stdout.write(
            f"withdrawn (marked, kept): {summary.withdrawn:,}; left alone (no code, no match): "
            f"{summary.left_alone:,}; rows merged into other nodes: {summary.merges:,}"
        )
        for title, lines in (
            ("not renamed or moved, the name is taken (conflicts)", summary.conflicts),
            ("withdrawn regions whose name a division took (parked)", summary.parked),
            ("entered by hand a level away, matched and moved", summary.rehomed),
            ("names that repeat, left alone", summary.ambiguous),
            ("moved regions that have reports", summary.moved_with_reports),
        ):
            self._list(title, lines, verbosity)
        self.stdout.write(self.style.SUCCESS(f"{summary.changes:,} changes in {elapsed:.1f} s"))

    def _list(self, title, lines, verbosity, shown=20):
        if not lines:
            return
        self.stdout.write(f"{title}: {len(lines):,}")
        limit = len(lines) if verbosity > 1 else shown
        for line in lines[:limit]:
            self.stdout.write(f"  {line}")
        if len(lines) > limit:
            self.stdout.write(f"  ... {len(lines) - limit:,} more (-v 2 lists them all)")
