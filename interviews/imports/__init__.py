"""The editor's side of the raw-article importer: upload, review, accept, link, confirm.

The Django-free core (decode, cleanup rules, structure, figures) is ``interviews.importer``;
this package turns its ``ParsedArticle`` into a draft and records what it did.
"""
