"""Issue 10, finding 9: 20 article-form posts left 19 orphan files under media/articles/
(uploads kept for a failed form, photos replaced). The daily task deletes what no block or
revision names once it is a day old; what a block or a revision names stays."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from interviews.articles.services.files import article_orphan_files_delete

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_uploads_of_failed_forms_go_a_day_later(client, editor, now):
    client.force_login(editor)
    stashed = []
    for i in range(3):  # a headline missing: the form fails and keeps the photo for later
        response = client.post(
            reverse("interviews:article_create"),
            {
                "headline": "",
                "blocks-TOTAL_FORMS": "1",
                "blocks-INITIAL_FORMS": "0",
                "blocks-0-kind": "photo",
                "blocks-0-position": "1",
                "blocks-0-image": SimpleUploadedFile(f"p{i}.png", png(), "image/png"),
            },
        )
        assert response.status_code == 200
        stashed.append(response.context["formset"].forms[0]["existing_image"].value())
    assert all(default_storage.exists(name) for name in stashed)
    assert article_orphan_files_delete() == []  # too recent: a form may still send them
    with time_machine.travel(now + dt.timedelta(hours=25), tick=False):
        deleted = article_orphan_files_delete()
    assert set(stashed) <= set(deleted)
    assert not any(default_storage.exists(name) for name in stashed)


def test_what_a_block_or_a_revision_names_stays(make_article, now):
    from interviews.models import ArticleBlock, ArticleRevision

    article = make_article(blocks=(("paragraph", "正文。"),))
    live = default_storage.save(f"articles/{article.pk}/live.png", ContentFile(png()))
    ArticleBlock.objects.create(article=article, kind="photo", image=live, position=9)
    older = default_storage.save(f"articles/{article.pk}/older.png", ContentFile(png()))
    ArticleRevision.objects.create(
        article=article, content={"blocks": [{"kind": "photo", "image": older}]}, note="旧版"
    )
    stray = default_storage.save(f"articles/{article.pk}/stray.png", ContentFile(png()))
    with time_machine.travel(now + dt.timedelta(days=2), tick=False):
        assert article_orphan_files_delete(dry_run=True) == [stray]
        assert default_storage.exists(stray)
        call_command("delete_orphan_files", verbosity=0)
    assert not default_storage.exists(stray)
    assert default_storage.exists(live) and default_storage.exists(older)
