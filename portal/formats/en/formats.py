"""English date formats: Nov. 5, 2026 and Nov. 5 (Django's MONTH_DAY_FORMAT spells the
month out). Names not set here fall back to Django's."""

DATE_FORMAT = "N j, Y"
DATETIME_FORMAT = "N j, Y, H:i"
MONTH_DAY_FORMAT = "N j"
