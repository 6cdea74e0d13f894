"""The editorial pages (editors and admins): the list, the form with its blocks, the
article's page with its workflow buttons and revisions, preview, compare. Thin: permission,
form, one service call, redirect or render."""

import os
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portal.accounts.roles import EditorRequiredMixin
from portal.errors import WorkflowError
from portal.i18n import join_messages

from . import selectors
from .forms import (
    ArticleForm,
    BlockFormSet,
    EditorialFilter,
    PublishForm,
    ReturnForm,
    initial_blocks,
)
from .models import ArticleRevision, ArticleStatus, BlockKind, InterviewArticle
from .services import editing, revisions, workflow

UPLOAD_STASH = "articles/uploads"


class EditorialListView(EditorRequiredMixin, TemplateView):
    template_name = "interviews/article_editorial_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = EditorialFilter(self.request.GET, queryset=selectors.editorial_articles())
        paginator = Paginator(filterset.qs, 30)
        page = paginator.get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            filter=filterset,
            page=page,
            counts=selectors.editorial_counts(),
            statuses=ArticleStatus.choices,
            query=params.urlencode(),
        )
        return context


class ArticleFormView(EditorRequiredMixin, View):
    template_name = "interviews/article_form.html"

    def get_article(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(InterviewArticle, pk=pk) if pk else None

    def render_form(self, request, article, form, formset):
        return render(
            request,
            self.template_name,
            {
                "article": article,
                "form": form,
                "formset": formset,
                "block_kinds": BlockKind.choices,
            },
        )

    def get(self, request, *args, **kwargs):
        article = self.get_article()
        # An approved article's form goes on from its waiting change, if it has one.
        current = selectors.with_changes(article) if article else None
        form = ArticleForm(instance=current)
        formset = BlockFormSet(prefix="blocks", initial=initial_blocks(current))
        return self.render_form(request, article, form, formset)

    def post(self, request, *args, **kwargs):
        article = self.get_article()
        form = ArticleForm(request.POST, instance=article or InterviewArticle())
        formset = BlockFormSet(request.POST, request.FILES, prefix="blocks")
        if form.is_valid() and formset.is_valid():
            try:
                saved = editing.article_save(
                    article=form.save(),
                    by=request.user,
                    blocks=formset.blocks(),
                    outlets=form.cleaned_data["outlets"],
                    initiatives=form.cleaned_data["initiatives"],
                )
            except (ValidationError, WorkflowError) as exc:
                form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
            else:
                if saved.has_unpublished_changes:
                    messages.success(
                        request,
                        _("修改已保存为未发布的修改；提交审核并由其他编辑通过后才会替换线上版本。"),
                    )
                else:
                    messages.success(request, _("文章已保存。"))
                return redirect("interviews:article_manage", pk=saved.pk)
        messages.error(request, _("请更正下面标出的错误，已填写的内容都保留着。"))
        formset = self._keep_uploads(request, formset)
        return self.render_form(request, article, form, formset)

    def _keep_uploads(self, request, formset):
        """A file input cannot be refilled: keep photos that were uploaded with a form that
        failed elsewhere, and post them back by name."""
        data = request.POST.copy()
        kept = False
        for block_form in formset.forms:
            upload = block_form.cleaned_data.get("image") if block_form.is_valid() else None
            if isinstance(upload, UploadedFile):
                ext = os.path.splitext(upload.name)[1].lower()[:6]
                name = default_storage.save(f"{UPLOAD_STASH}/{uuid.uuid4().hex}{ext}", upload)
                data[f"{block_form.prefix}-existing_image"] = name
                kept = True
        if not kept:
            return formset
        rebound = BlockFormSet(data, prefix="blocks")
        rebound.is_valid()
        return rebound


def _article_for_editor(request, pk) -> InterviewArticle:
    return get_object_or_404(InterviewArticle.objects.select_related("series", "created_by"), pk=pk)


class ArticleManageView(EditorRequiredMixin, TemplateView):
    template_name = "interviews/article_manage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = selectors.article_with_body(
            InterviewArticle.objects.select_related("created_by"), pk=self.kwargs["pk"]
        )
        if article is None:
            raise Http404(_("没有找到这篇文章。"))
        context.update(
            article=article,
            compare_changes=selectors.live_and_draft_revisions(article),
            revisions=selectors.revisions_of(article),
            return_form=ReturnForm(),
            publish_form=PublishForm(),
            can_approve=editing.can_approve(self.request.user, article),
            Status=ArticleStatus,
        )
        return context


class ArticlePreviewView(EditorRequiredMixin, View):
    def get(self, request, pk):
        article = selectors.article_with_body(InterviewArticle.objects.all(), pk=pk)
        if article is None:
            raise Http404(_("没有找到这篇文章。"))
        # What the article will look like: a waiting change shown over the live version.
        article = selectors.with_changes(article)
        return render(
            request,
            "interviews/article_detail.html",
            {"article": article, "preview": True, "Kind": BlockKind},
        )


class TransitionView(EditorRequiredMixin, View):
    """POST only: one workflow service, then back to the article's page."""

    def post(self, request, pk):
        article = _article_for_editor(request, pk)
        try:
            message = self.transition(request, article)
        except (WorkflowError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, join_messages(exc.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect("interviews:article_manage", pk=article.pk)


class SubmitView(TransitionView):
    def transition(self, request, article):
        workflow.article_submit(article=article, by=request.user)
        return _("已提交审核。")


class ReturnView(TransitionView):
    def transition(self, request, article):
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise WorkflowError(_("退回时请填写审稿意见。"))
        workflow.article_return(
            article=article, by=request.user, comment=form.cleaned_data["comment"]
        )
        return _("已退回修改。")


class PublishView(TransitionView):
    def transition(self, request, article):
        form = PublishForm(request.POST)
        if not form.is_valid():
            raise WorkflowError(_("定时发布时间格式不正确。"))
        had_changes = article.changes_in_review
        article = workflow.article_publish(
            article=article, by=request.user, at=form.cleaned_data.get("at")
        )
        if had_changes:
            return _("修改已审核通过，线上版本已更新。")
        if article.status == ArticleStatus.SCHEDULED:
            return _("已定时发布，到时自动上线。")
        return _("已发布。")


class DiscardChangesView(TransitionView):
    def transition(self, request, article):
        workflow.article_discard_changes(article=article, by=request.user)
        return _("已放弃未发布的修改，线上版本不变。")


class ArchiveView(TransitionView):
    def transition(self, request, article):
        workflow.article_archive(article=article, by=request.user)
        return _("已归档，公众不再能看到这篇文章。")


class ReopenView(TransitionView):
    def transition(self, request, article):
        workflow.article_reopen(article=article, by=request.user)
        return _("文章已回到草稿。")


class RestoreView(TransitionView):
    def transition(self, request, article):
        revision = get_object_or_404(ArticleRevision, pk=self.kwargs["rid"], article=article)
        revisions.article_restore(article=article, revision=revision, by=request.user)
        return _("已恢复该版本（并保存为新的修订）。")

    def post(self, request, pk, rid):
        return super().post(request, pk)


class RevisionCompareView(EditorRequiredMixin, TemplateView):
    template_name = "interviews/article_compare.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = _article_for_editor(self.request, self.kwargs["pk"])
        revisions = {r.pk: r for r in selectors.revisions_of(article)}
        try:
            a, b = int(self.request.GET.get("a", "")), int(self.request.GET.get("b", ""))
        except ValueError:
            raise Http404(_("请选择两个版本进行比较。"))
        if a not in revisions or b not in revisions:
            raise Http404(_("请选择两个版本进行比较。"))
        older, newer = sorted((revisions[a], revisions[b]), key=lambda r: r.pk)
        context.update(
            article=article,
            older=older,
            newer=newer,
            rows=selectors.revision_diff(older, newer),
        )
        return context
