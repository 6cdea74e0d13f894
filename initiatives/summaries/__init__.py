"""Summaries per unit, district, city and initiative family, per week and month: the
counting (``selectors/counting``, its rules in the docstring), the build
(``services/building``), the paragraph (``narrative``), exports, the reviewers' digest and
the home-page dashboards. The top slice: uses every other, and interviews' published
articles."""
