"""The ``initiatives`` app: one app label, split into slices. Dependencies run one way
(checked by ``lint-imports``, see ``pyproject.toml``):

- ``places``: the place tree (``tree.py``: levels, moves, subtrees, a unit's district),
  division codes, profile figures, people and appointments, the CSV/XLSX import;
- ``catalog``: initiative families, initiatives, milestones, indicators;
- ``reporting``: progress reports, values, photos, periods, the report workflow and its
  review, progress against targets, the daily opening of periods, reminders;
- ``summaries``: the summary counting, building, narrative, exports, digest, dashboards;
- ``public``: the public unit and initiative pages (approved figures only).

places <- catalog <- reporting <- summaries, public. The modules at this level
(``models``, ``admin``, ``rules``, ``urls``, ``templatetags``, ``management``) only hand
the slices to Django."""
