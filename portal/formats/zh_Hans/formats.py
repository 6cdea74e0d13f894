"""Chinese date formats as the portal shows them: 2026年11月5日, 11月5日 (Django's own
MONTH_DAY_FORMAT pads the month: 09月5日). Names not set here fall back to Django's."""

DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
