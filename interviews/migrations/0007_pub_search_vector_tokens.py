"""PostgreSQL only. The stored tsvector is built from the first line of
``search_document`` (the index's tokens) alone: the second line, the text as written, made
every run of Han characters between two punctuation marks a lexeme of its own (one per
clause: 安全党建工作), which no query word matches and which made the tsvector and its
indexes larger. The search documents are rebuilt too: their token line now adds jieba's
full-mode words (``interviews/search/analysis.py``). The GIN and RUM indexes are rebuilt
over the new column. Rebuilding re-segments every article (about 11 ms for a text of 230
characters here): minutes for thousands of long articles."""

from django.db import migrations

from interviews.search.rum import create_rum_index, drop_rum_index

TOKENS = "split_part(search_document, E'\\n', 1)"
WHOLE = "search_document"


def _has_index(schema_editor, name: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone() is not None


def _rebuild_documents(apps) -> None:
    from interviews.search.analysis import build_document

    Article = apps.get_model("interviews", "InterviewArticle")
    Block = apps.get_model("interviews", "ArticleBlock")
    ids = list(Article.objects.values_list("pk", flat=True).order_by("pk"))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        blocks = {}
        for block in Block.objects.filter(article_id__in=chunk).order_by("position", "pk"):
            blocks.setdefault(block.article_id, []).append(block)
        articles = list(Article.objects.filter(pk__in=chunk))
        for article in articles:
            article.search_document = build_document(article, blocks.get(article.pk, []))
        Article.objects.bulk_update(articles, ["search_document"])


def _column(apps, schema_editor, source: str, *, rebuild: bool) -> None:
    """Drop the indexes and the column, rebuild the documents (no index to maintain
    meanwhile), add the column from ``source`` and index it again."""
    if schema_editor.connection.vendor != "postgresql":
        if rebuild:
            _rebuild_documents(apps)
        return
    had_rum = _has_index(schema_editor, "interviews_article_search_rum")
    drop_rum_index(schema_editor.connection)
    schema_editor.execute("DROP INDEX IF EXISTS interviews_article_search_tsv")
    schema_editor.execute(
        "ALTER TABLE interviews_interviewarticle DROP COLUMN IF EXISTS search_vector"
    )
    if rebuild:
        _rebuild_documents(apps)
    schema_editor.execute(
        "ALTER TABLE interviews_interviewarticle ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {source})) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX interviews_article_search_tsv ON interviews_interviewarticle "
        "USING gin (search_vector)"
    )
    if had_rum:
        create_rum_index(schema_editor.connection)


def tokens_only(apps, schema_editor):
    _column(apps, schema_editor, TOKENS, rebuild=True)


def whole_document(apps, schema_editor):
    _column(apps, schema_editor, WHOLE, rebuild=False)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0006_merge_20261201_2244")]

    operations = [
        migrations.RunPython(tokens_only, whole_document),
    ]
