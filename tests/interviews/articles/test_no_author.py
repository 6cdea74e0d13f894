"""Found by the URL sweep: an article and an import made by ``manage.py import_articles``
have no creator, and the editorial list, the article page and the import list answered 500
(a filter argument that does not resolve raises in Django templates)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_show_what_nobody_created(client, editor):
    from interviews.imports.services import import_file
    from interviews.models import ImportRecord

    import_file(data="和平街道：红色物业进小区\n\n问：怎么办？\n答：这样办。\n", filename="a.txt")
    record = ImportRecord.objects.get()
    assert record.created_by is None and record.article.created_by is None
    client.force_login(editor)
    for url in (
        reverse("interviews:editorial_list"),
        reverse("interviews:import_list"),
        reverse("interviews:article_manage", args=[record.article.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "红色物业进小区" in response.content.decode()
