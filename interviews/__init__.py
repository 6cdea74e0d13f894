"""The ``interviews`` app: one app label, split into slices. Dependencies run one way
(checked by ``lint-imports``, see ``pyproject.toml``):

- ``importer``: the raw-article parser (decode, thirteen cleanup rules, structure, figures),
  Django-free: it imports nothing from Django or the project;
- ``search``: Chinese text analysis and matching (its own jieba tokenizer);
- ``articles``: outlets, series, articles with blocks, editing, the editorial workflow,
  revisions, the scheduled publishing;
- ``public``: the public site (list, article, series, feed, sitemap, search page, cache);
- ``imports``: the importer's Django side (upload, review, linking, accepting a draft).

importer <- search <- articles <- public, imports. Interviews may use the initiatives
slices ``places`` and ``catalog``, never ``reporting`` or ``summaries``. The modules at this
level (``models``, ``admin``, ``rules``, ``urls``, ``templatetags``, ``management``) only
hand the slices to Django."""
