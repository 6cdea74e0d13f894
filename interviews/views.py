"""Public pages (cached, published articles only) and the editorial pages (editors and
admins). Views stay thin: permission, form, one service call, redirect or render."""

import os
import uuid

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from portal.i18n import join_messages
from portal.roles import Role, RoleRequiredMixin

from . import cache, selectors, services
from .forms import (
    ArticleForm,
    BlockFormSet,
    EditorialFilter,
    PublishForm,
    ReturnForm,
    initial_blocks,
)
from .models import ArticleRevision, ArticleStatus, BlockKind, InterviewArticle, Series
from .search import search

PAGE_SIZE = 10
UPLOAD_STASH = "articles/uploads"


# --- public pages -------------------------------------------------------------------------


def _page_data(qs, page_number) -> dict:
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(page_number)
    return {
        "articles": list(page.object_list),
        "number": page.number,
        "num_pages": paginator.num_pages,
        "count": paginator.count,
        "has_previous": page.has_previous(),
        "has_next": page.has_next(),
    }


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1900 < int(value) < 3000 else None


def article_list(request):
    series = request.GET.get("series", "")[:120]
    unit = request.GET.get("unit", "")[:80]
    year = _year(request.GET.get("year", ""))
    page = request.GET.get("page", "1")[:6]

    def compute():
        data = _page_data(selectors.public_article_list(series=series, unit=unit, year=year), page)
        data["choices"] = selectors.public_filter_choices()
        return data

    data = cache.get_or_compute(("list", series, unit, year, page), compute)
    query = {k: v for k, v in {"series": series, "unit": unit, "year": year or ""}.items() if v}
    return render(
        request,
        "interviews/article_list.html",
        {"data": data, "selected": query, "query": "&".join(f"{k}={v}" for k, v in query.items())},
    )


def article_detail(request, slug):
    article = cache.get_or_compute(("detail", slug), lambda: selectors.published_article(slug))
    if article is None:
        raise Http404(_("没有找到这篇文章。"))
    return render(request, "interviews/article_detail.html", {"article": article})


def series_detail(request, slug):
    page = request.GET.get("page", "1")[:6]

    def compute():
        series = Series.objects.prefetch_related("outlets").filter(slug=slug).first()
        if series is None:
            return None
        data = _page_data(selectors.public_article_list(series=slug), page)
        data["series"] = series
        return data

    data = cache.get_or_compute(("series", slug, page), compute)
    if data is None:
        raise Http404(_("没有找到这个系列。"))
    return render(request, "interviews/series_detail.html", {"data": data})


def search_view(request):
    query = " ".join(request.GET.get("q", "").split())[:60]
    results = (
        cache.get_or_compute(("search", query), lambda: search(query, limit=30)) if query else []
    )
    return render(request, "interviews/search.html", {"query": query, "results": results})


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("书记访谈")
    subtitle = gettext_lazy("街道、镇党（工）委书记访谈文章")

    def link(self):
        return reverse("interviews:article_list")

    def items(self):
        return cache.get_or_compute(("feed",), lambda: selectors.latest_published(limit=20))

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.subtitle or item.editor_note[:200]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


# --- editorial pages ----------------------------------------------------------------------


class EditorRequiredMixin(RoleRequiredMixin):
    required_roles = (Role.EDITOR,)


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
        form = ArticleForm(instance=article)
        formset = BlockFormSet(prefix="blocks", initial=initial_blocks(article))
        return self.render_form(request, article, form, formset)

    def post(self, request, *args, **kwargs):
        article = self.get_article()
        form = ArticleForm(request.POST, instance=article or InterviewArticle())
        formset = BlockFormSet(request.POST, request.FILES, prefix="blocks")
        if form.is_valid() and formset.is_valid():
            try:
                saved = services.article_save(
                    article=form.save(),
                    by=request.user,
                    blocks=formset.blocks(),
                    outlets=form.cleaned_data["outlets"],
                    initiatives=form.cleaned_data["initiatives"],
                )
            except (ValidationError, services.WorkflowError) as exc:
                form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
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
            revisions=selectors.revisions_of(article),
            return_form=ReturnForm(),
            publish_form=PublishForm(),
            can_approve=services.can_approve(self.request.user, article),
            Status=ArticleStatus,
        )
        return context


class ArticlePreviewView(EditorRequiredMixin, View):
    def get(self, request, pk):
        article = selectors.article_with_body(InterviewArticle.objects.all(), pk=pk)
        if article is None:
            raise Http404(_("没有找到这篇文章。"))
        return render(
            request, "interviews/article_detail.html", {"article": article, "preview": True}
        )


class TransitionView(EditorRequiredMixin, View):
    """POST only: one workflow service, then back to the article's page."""

    def post(self, request, pk):
        article = _article_for_editor(request, pk)
        try:
            message = self.transition(request, article)
        except (services.WorkflowError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, join_messages(exc.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect("interviews:article_manage", pk=article.pk)


class SubmitView(TransitionView):
    def transition(self, request, article):
        services.article_submit(article=article, by=request.user)
        return _("已提交审核。")


class ReturnView(TransitionView):
    def transition(self, request, article):
        form = ReturnForm(request.POST)
        if not form.is_valid():
            raise services.WorkflowError(_("退回时请填写审稿意见。"))
        services.article_return(
            article=article, by=request.user, comment=form.cleaned_data["comment"]
        )
        return _("已退回修改。")


class PublishView(TransitionView):
    def transition(self, request, article):
        form = PublishForm(request.POST)
        if not form.is_valid():
            raise services.WorkflowError(_("定时发布时间格式不正确。"))
        article = services.article_publish(
            article=article, by=request.user, at=form.cleaned_data.get("at")
        )
        if article.status == ArticleStatus.SCHEDULED:
            return _("已定时发布，到时自动上线。")
        return _("已发布。")


class ArchiveView(TransitionView):
    def transition(self, request, article):
        services.article_archive(article=article, by=request.user)
        return _("已归档，公众不再能看到这篇文章。")


class ReopenView(TransitionView):
    def transition(self, request, article):
        services.article_reopen(article=article, by=request.user)
        return _("文章已回到草稿。")


class RestoreView(TransitionView):
    def transition(self, request, article):
        revision = get_object_or_404(ArticleRevision, pk=self.kwargs["rid"], article=article)
        services.article_restore(article=article, revision=revision, by=request.user)
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
