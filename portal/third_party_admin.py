"""Django admin of third-party apps in the reader's language, where no catalogue can help.

Most of their English is translated in ``locale/zh_Hans`` (LOCALE_PATHS wins over the
apps' own catalogues). What is left has no message to translate: column headers that
Django makes from a method's name ("Status", "Scheduler"), django-axes' record names
(f-strings) and django-celery-beat's cron descriptions (cron_descriptor follows the
process's locale, not the request's language). Each app's admin is replaced by a subclass
that says these in the active language; the import (``portal/admin.py``) runs after the
apps' own admin modules, because they come first in INSTALLED_APPS."""

import calendar

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from celery import schedules
from cron_descriptor import (
    FormatException,
    MissingFieldException,
    Options,
    WrongArgumentException,
    get_description,
)
from django.contrib import admin
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
    cronexp,
)

# --- django-axes: names of its records ----------------------------------------------------


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _attempt_name(self) -> str:
    return _("%(username)s 的登录尝试（%(time)s）") % {
        "username": self.username or "—",
        "time": _when(self.attempt_time),
    }


def _failure_name(self) -> str:
    text = _("%(username)s 登录失败（%(time)s，%(ip)s）") % {
        "username": self.username or "—",
        "time": _when(self.attempt_time),
        "ip": self.ip_address or "—",
    }
    return text + (_("，已锁定") if self.locked_out else "")


def _log_name(self) -> str:
    return _("%(username)s 的登录记录（%(time)s）") % {
        "username": self.username or "—",
        "time": _when(self.attempt_time),
    }


# Breadcrumbs, headings and checkboxes print ``str(obj)``, which axes writes in English.
AccessAttempt.__str__ = _attempt_name
AccessFailureLog.__str__ = _failure_name
AccessLog.__str__ = _log_name


def _replace(model, admin_class):
    """Put ``admin_class`` in place of the app's own admin, if the app registered one."""
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, admin_class)


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=gettext_lazy("状态"))
    def status(self, obj):
        return super().status(obj)

    @admin.display(description=gettext_lazy("过期时间"))
    def expiration(self, obj):
        return super().expiration(obj)


_replace(AccessAttempt, AccessAttemptAdmin)
_replace(AccessLog, axes_admin.AccessLogAdmin)
_replace(AccessFailureLog, axes_admin.AccessFailureLogAdmin)


# --- django-celery-beat: the schedule in words ------------------------------------------

# cron_descriptor's day and month names come from ``calendar`` in the process's locale
# (English in the C locale); Django's catalogue has them in every language.
_ENGLISH_DAYS = [calendar.day_name[i] for i in range(7)]
_ENGLISH_MONTHS = [calendar.month_name[i] for i in range(1, 13)]


def crontab_description(crontab: CrontabSchedule | None) -> str:
    """The schedule in the active language, e.g. "在 01:30, 仅在 星期一（Asia/Shanghai）"."""
    if crontab is None:
        return ""
    try:
        parsed = schedules.crontab(
            minute=crontab.minute,
            hour=crontab.hour,
            day_of_week=crontab.day_of_week,
            day_of_month=crontab.day_of_month,
            month_of_year=crontab.month_of_year,
        )
        every_day = parsed.day_of_week and set(parsed.day_of_week) == set(range(7))
        day_of_week = "*" if every_day else cronexp(",".join(map(str, parsed.day_of_week)))
    except ValueError:
        day_of_week = cronexp(crontab.day_of_week)
    expression = " ".join(
        [
            cronexp(crontab.minute),
            cronexp(crontab.hour),
            cronexp(crontab.day_of_month),
            cronexp(crontab.month_of_year),
            day_of_week,
        ]
    )
    options = Options()
    options.locale_code = "zh_CN" if (get_language() or "").startswith("zh") else "en_US"
    options.use_24hour_time_format = True
    try:
        text = get_description(expression, options)
    except (FormatException, MissingFieldException, WrongArgumentException):
        text = expression
    for english, day in zip(_ENGLISH_DAYS, WEEKDAYS.values(), strict=True):
        text = text.replace(english, str(day))
    for english, month in zip(_ENGLISH_MONTHS, MONTHS.values(), strict=True):
        text = text.replace(english, str(month))
    return _("%(schedule)s（%(zone)s）") % {"schedule": text, "zone": crontab.timezone}


class TaskNameFilter(admin.AllValuesFieldListFilter):
    """Celery beat's ``task`` field is named "Task Name" without a message to translate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("任务名称")


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("任务名称"))
    def task_name(self, obj):
        return obj.task


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_display = tuple(
        "schedule_display" if name == "scheduler" else name
        for name in beat_admin.PeriodicTaskAdmin.list_display
    )
    list_filter = [
        ("task", TaskNameFilter) if name == "task" else name
        for name in beat_admin.PeriodicTaskAdmin.list_filter
    ]

    @admin.display(description=gettext_lazy("执行计划"))
    def schedule_display(self, obj):
        if obj.crontab_id:
            return crontab_description(obj.crontab)
        return obj.scheduler

    @admin.display(description=gettext_lazy("计划说明"))
    def crontab_translation(self, obj):
        return crontab_description(obj.crontab)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The page shows the chosen crontab's description as it is picked (celery beat's
        # script reads this mapping).
        extra_context = {
            **(extra_context or {}),
            "readable_crontabs": {
                c.pk: crontab_description(c) for c in CrontabSchedule.objects.all()
            },
        }
        return admin.ModelAdmin.changeform_view(
            self, request, object_id, form_url, extra_context=extra_context
        )


class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    inlines = [PeriodicTaskInline]
    list_display = ("__str__", "description")
    fields = ("description", "minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone")  # fmt: skip
    readonly_fields = ("description",)

    @admin.display(description=gettext_lazy("计划说明"))
    def description(self, obj):
        return crontab_description(obj)


class IntervalScheduleAdmin(beat_admin.IntervalScheduleAdmin):
    inlines = [PeriodicTaskInline]


class SolarScheduleAdmin(beat_admin.SolarScheduleAdmin):
    inlines = [PeriodicTaskInline]


class ClockedScheduleAdmin(beat_admin.ClockedScheduleAdmin):
    inlines = [PeriodicTaskInline]


_replace(PeriodicTask, PeriodicTaskAdmin)
_replace(CrontabSchedule, CrontabScheduleAdmin)
_replace(IntervalSchedule, IntervalScheduleAdmin)
_replace(SolarSchedule, SolarScheduleAdmin)
_replace(ClockedSchedule, ClockedScheduleAdmin)
