"""Object permissions on progress reports (loaded by ``initiatives/rules.py``, which
``rules`` autodiscovers).

An official reads and writes only the reports of their own unit; a reviewer reads and
acts only on the reports of units in their district (anywhere below it in the place
tree) once they have been submitted; an admin reads and reviews everything. The names are our own
(``initiatives.read_report`` ...), not Django's model permissions, so that admin's
model-level doors and these object-level checks never get mixed up."""

import rules

from portal.accounts.roles import district_of, is_official, is_portal_admin, is_reviewer, unit_of

from ..places.tree import lies_in
from .models import ReportStatus


def _region_of(obj):
    """The unit of a report or of an initiative."""
    initiative = getattr(obj, "initiative", obj)
    return initiative.region


@rules.predicate
def in_own_unit(user, obj) -> bool:
    if obj is None:
        return False
    unit = unit_of(user)
    return unit is not None and _region_of(obj).pk == unit.pk


@rules.predicate
def in_own_district(user, obj) -> bool:
    if obj is None:
        return False
    district = district_of(user)
    if district is None:
        return False
    return lies_in(_region_of(obj), district)


@rules.predicate
def is_submitted_once(user, obj) -> bool:
    """Not a draft: a report the unit has sent (submitted, returned, approved)."""
    return obj is not None and getattr(obj, "status", None) != ReportStatus.DRAFT


unit_official = is_official & in_own_unit
district_reviewer = is_reviewer & in_own_district

# Reports (object: a ProgressReport).
# A draft is the unit's own until it is submitted (DHIS2 and Akvo keep drafts so).
rules.add_perm(
    "initiatives.read_report",
    unit_official | (district_reviewer & is_submitted_once) | is_portal_admin,
)
rules.add_perm("initiatives.edit_report", unit_official)
rules.add_perm("initiatives.review_report", district_reviewer | is_portal_admin)
# Filing a new report (object: an Initiative).
rules.add_perm("initiatives.file_report", unit_official)
