"""Revisions: bringing back an earlier version of an article."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.catalog.models import Initiative
from portal.errors import WorkflowError

from ..models import ArticleRevision, InterviewArticle, Outlet
from .editing import SNAPSHOT_FIELDS, SNAPSHOT_FKS, BlockData, article_save


def article_restore(
    *, article: InterviewArticle, revision: ArticleRevision, by
) -> InterviewArticle:
    """Bring back a revision's content (not its state); this makes a new revision."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("该修订不属于这篇文章。"))
    content = revision.content
    article = InterviewArticle.objects.get(pk=article.pk)
    for name in SNAPSHOT_FIELDS:
        setattr(article, name, content.get(name, getattr(article, name)))
    for name, model in SNAPSHOT_FKS.items():
        pk = content.get(name)
        setattr(article, name, model.objects.filter(pk=pk).first() if pk else None)
    published_at = content.get("published_at")
    article.published_at = dt.datetime.fromisoformat(published_at) if published_at else None
    outlets = Outlet.objects.filter(pk__in=[pk for pk, _name in content.get("outlets", [])])
    initiatives = Initiative.objects.filter(
        pk__in=[pk for pk, _title in content.get("initiatives", [])]
    )
    blocks = [
        BlockData(
            kind=b["kind"],
            text=b.get("text", ""),
            caption=b.get("caption", ""),
            image=b.get("image", ""),
            position=b.get("position", i),
        )
        for i, b in enumerate(content.get("blocks", []))
    ]
    number = (
        ArticleRevision.objects.filter(article=article, pk__lte=revision.pk).count()
        if revision.pk
        else 0
    )
    return article_save(
        article=article,
        by=by,
        blocks=blocks,
        outlets=list(outlets),
        initiatives=list(initiatives),
        note=_("恢复到第 %(n)s 版（%(at)s）")
        % {"n": number, "at": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")},
    )
