"""Revisions: bringing back an earlier version of an article."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.errors import WorkflowError

from ..models import ArticleRevision, InterviewArticle
from ..snapshots import apply_content
from .editing import article_save


def article_restore(
    *, article: InterviewArticle, revision: ArticleRevision, by
) -> InterviewArticle:
    """Bring back a revision's content (not its state); this makes a new revision. On an
    approved article the restored content is a draft change, reviewed like any other."""
    if revision.article_id != article.pk:
        raise WorkflowError(_("该修订不属于这篇文章。"))
    article = InterviewArticle.objects.get(pk=article.pk)
    outlets, initiatives, blocks = apply_content(article, revision.content)
    number = (
        ArticleRevision.objects.filter(article=article, pk__lte=revision.pk).count()
        if revision.pk
        else 0
    )
    return article_save(
        article=article,
        by=by,
        blocks=blocks,
        outlets=outlets,
        initiatives=initiatives,
        note=_("恢复到第 %(n)s 版（%(at)s）")
        % {"n": number, "at": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")},
    )
