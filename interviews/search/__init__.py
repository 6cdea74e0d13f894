"""Chinese-aware search, Django-light and model-free: ``analysis`` (OpenCC, then jieba with
search's own tokenizer, for texts and queries alike; the search document; the tsquery),
``highlight`` (escaped, marked snippets) and ``matching`` (a query against a queryset of
articles: PostgreSQL's tsvector and trigram indexes, or a scan on SQLite). The public
site's search page puts them together (``public/search.py``)."""
