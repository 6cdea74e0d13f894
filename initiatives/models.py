"""The models of the ``initiatives`` app, defined in its slices (they keep the app label, so
tables do not move); Django loads them from here. Code inside the project imports a model
from its slice (``initiatives.places.models``), never from this module."""

from .catalog.models import (
    Direction,
    Frequency,
    Indicator,
    Initiative,
    InitiativeFamily,
    InitiativeStatus,
    Measure,
    Milestone,
)
from .places.models import (
    DISTRICT_KINDS,
    FIGURE_FIELDS,
    SECRETARY_POSTS,
    UNIT_KINDS,
    Appointment,
    Person,
    Post,
    Region,
    RegionKind,
    RegionProfile,
)
from .reporting.models import (
    HistoryReason,
    IndicatorValue,
    MilestoneProgress,
    MilestoneProgressState,
    ProgressReport,
    ReportPhoto,
    ReportStatus,
)
from .summaries.models import PeriodKind, ScopeKind, Summary

__all__ = [
    "DISTRICT_KINDS",
    "FIGURE_FIELDS",
    "SECRETARY_POSTS",
    "UNIT_KINDS",
    "Appointment",
    "Direction",
    "Frequency",
    "HistoryReason",
    "Indicator",
    "IndicatorValue",
    "Initiative",
    "InitiativeFamily",
    "InitiativeStatus",
    "Measure",
    "Milestone",
    "MilestoneProgress",
    "MilestoneProgressState",
    "PeriodKind",
    "Person",
    "Post",
    "ProgressReport",
    "Region",
    "RegionKind",
    "RegionProfile",
    "ReportPhoto",
    "ReportStatus",
    "ScopeKind",
    "Summary",
]
