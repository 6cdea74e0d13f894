import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from initiatives.reporting.periods import last_complete_period, period_bounds
from initiatives.summaries.models import PeriodKind
from initiatives.summaries.services.building import summaries_build_period


class Command(BaseCommand):
    help = (
        "Build every summary of one week or month: the period containing --date, or the last "
        "complete one. Synchronous by default; --async fans the build out on the workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=PeriodKind.values, required=True)
        parser.add_argument("--date", help="YYYY-MM-DD, a day inside the period to build")
        parser.add_argument("--async", action="store_true", dest="fan_out")

    def handle(self, *args, period, date=None, fan_out=False, **options):
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}")
            start, _ = period_bounds(period, day)
        else:
            start = last_complete_period(period)
        result = summaries_build_period(period_kind=period, period_start=start, fan_out=fan_out)
        if fan_out:
            self.stdout.write(f"queued the {period} of {start} on the workers ({result.id})")
        else:
            self.stdout.write(self.style.SUCCESS(f"built {result} summaries: {period} of {start}"))
