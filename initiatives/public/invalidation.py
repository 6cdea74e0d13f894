"""Which cached public pages (``portal.pagecache``) a write drops: a unit's page when its
profile, people, initiatives, indicators, milestones or approved reports change, and the
unit list and search (``UNITS``) when names or secretaries do. Receivers of the models'
saves and deletes, so that services, Django admin and imports all count; connected in
``InitiativesConfig.ready``. The invalidation waits for the commit."""

from django.db.models.signals import post_delete, post_save

from portal.pagecache import invalidate_on_commit

from ..catalog.models import Indicator, Initiative, Milestone
from ..places.models import Appointment, Person, Region, RegionProfile
from ..places.pagetags import UNITS, unit_tag
from ..places.tree import ancestor_ids
from ..reporting.models import ProgressReport, ReportStatus


def _region_tags(region_ids) -> list[str]:
    """The unit pages of these regions and of every region above them (a district's page
    lists its units)."""
    wanted = set()
    for region in Region.objects.filter(pk__in=set(region_ids)).only("path"):
        wanted |= {region.pk, *ancestor_ids(region.path)}
    return [
        unit_tag(slug)
        for slug in Region.objects.filter(pk__in=wanted).values_list("slug", flat=True)
    ]


def _region_saved(sender, instance, **kwargs):
    tags = [UNITS, unit_tag(instance.slug)]
    tags += [
        unit_tag(slug)
        for slug in Region.objects.filter(pk__in=ancestor_ids(instance.path)).values_list(
            "slug", flat=True
        )
    ]
    invalidate_on_commit(*tags)


def _of_region(sender, instance, **kwargs):
    invalidate_on_commit(UNITS, *_region_tags([instance.region_id]))


def _person_saved(sender, instance, **kwargs):
    regions = Appointment.objects.filter(person=instance).values_list("region_id", flat=True)
    invalidate_on_commit(UNITS, *_region_tags(regions))


def _of_initiative(sender, instance, **kwargs):
    region_id = (
        Initiative.objects.filter(pk=instance.initiative_id)
        .values_list("region_id", flat=True)
        .first()
    )
    if region_id is not None:
        invalidate_on_commit(*_region_tags([region_id]))


def _report_saved(sender, instance, **kwargs):
    # The public sees approved reports only; other states change nothing it sees.
    if instance.status == ReportStatus.APPROVED or kwargs.get("signal") is post_delete:
        _of_initiative(sender, instance)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_region_saved, sender=Region, dispatch_uid=f"pages-region-{id(signal)}")
        for model in (RegionProfile, Appointment, Initiative):
            signal.connect(
                _of_region, sender=model, dispatch_uid=f"pages-{model.__name__}-{id(signal)}"
            )
        signal.connect(_person_saved, sender=Person, dispatch_uid=f"pages-person-{id(signal)}")
        for model in (Indicator, Milestone):
            signal.connect(
                _of_initiative, sender=model, dispatch_uid=f"pages-{model.__name__}-{id(signal)}"
            )
        signal.connect(
            _report_saved, sender=ProgressReport, dispatch_uid=f"pages-report-{id(signal)}"
        )
