"""The editor's import pages: list, upload (form and per-file JSON endpoint), review,
accept and discard. Editors and admins only."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from portal.accounts.roles import EditorRequiredMixin
from portal.errors import WorkflowError

from ..articles.models import BlockKind
from . import selectors, services
from .forms import ACCEPTED_SUFFIXES, ImportAcceptForm, ImportFileForm, ImportUploadForm
from .linking import suggest_links


def upload_one(upload, *, by) -> services.ImportOutcome:
    """One uploaded file through the import service; a wrong kind of file is refused
    here with its own message, before anything is read."""
    name = Path(upload.name).name
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        return services.ImportOutcome(
            name,
            services.Outcome.REJECTED,
            _("%(name)s：只能导入 .txt 或 .html 文件") % {"name": name},
        )
    return services.import_upload(data=services.read_limited(upload), filename=name, by=by)


def _outcome_url(outcome: services.ImportOutcome) -> str | None:
    """Where the editor goes next: the review of the record made, or the queued job."""
    if outcome.record:
        return reverse("interviews:import_review", kwargs={"pk": outcome.record.pk})
    if outcome.job:
        return reverse("interviews:import_job", kwargs={"pk": outcome.job.pk})
    return None


class ImportListView(EditorRequiredMixin, ListView):
    template_name = "interviews/import_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        return selectors.import_records_for_list()


def _upload_i18n() -> dict[str, str]:
    """Words the upload page's script shows, translated here."""
    return {
        "progress": _("已处理 %(done)s / %(total)s 个文件"),
        "imported": _("已导入"),
        "duplicate": _("重复"),
        "rejected": _("未导入"),
        "review": _("核对"),
        "queued": _("后台处理"),
        "follow": _("查看进度"),
        "network": _("上传失败，请检查网络后重试"),
    }


class ImportUploadView(EditorRequiredMixin, View):
    template_name = "interviews/import_upload.html"

    def _render(self, request, form, status=200):
        context = {"form": form, "upload_i18n": _upload_i18n()}
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, ImportUploadForm())

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form, status=400)
        outcomes = [upload_one(upload, by=request.user) for upload in form.cleaned_data["files"]]
        level = {
            services.Outcome.IMPORTED: messages.SUCCESS,
            services.Outcome.DUPLICATE: messages.WARNING,
            services.Outcome.REJECTED: messages.ERROR,
            services.Outcome.QUEUED: messages.INFO,
        }
        for outcome in outcomes:
            messages.add_message(request, level[outcome.status], outcome.message)
        return redirect("interviews:import_list")


class ImportUploadFileView(EditorRequiredMixin, View):
    """POST one file, get JSON back: the upload page's script sends files one by one
    so that it can show progress."""

    def post(self, request):
        form = ImportFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse(
                {"status": services.Outcome.REJECTED, "message": _("没有收到文件。")}, status=400
            )
        outcome = upload_one(form.cleaned_data["file"], by=request.user)
        return JsonResponse(
            {
                "file": outcome.filename,
                "status": outcome.status,
                "message": outcome.message,
                "url": _outcome_url(outcome),
            }
        )


class ImportJobView(EditorRequiredMixin, View):
    """A large upload the worker parses: its state, refreshed until it is done, then
    the outcome and the review of the record it made."""

    template_name = "interviews/import_job.html"
    REFRESH_SECONDS = 3

    def get(self, request, pk):
        job = selectors.import_job(pk)
        if job.is_finished and job.record_id and job.outcome == services.Outcome.IMPORTED:
            return redirect("interviews:import_review", pk=job.record_id)
        context = {"job": job, "refresh": None if job.is_finished else self.REFRESH_SECONDS}
        return render(request, self.template_name, context)


class ImportReviewView(EditorRequiredMixin, View):
    template_name = "interviews/import_review.html"

    def _context(self, record, form=None):
        suggestions = suggest_links(extracted=record.extracted or {}, text=record.cleaned_text)
        figures = selectors.figure_rows(record)
        if form is None:
            form = ImportAcceptForm(
                suggestions=suggestions,
                figures=figures,
                article=record.article,
                initial={"as_of": _published_date(record)},
            )
        return {
            "record": record,
            "extracted": record.extracted or {},
            "suggestions": suggestions,
            "figures": figures,
            "form": form,
            "rule_changes": selectors.changes_by_rule(record),
            "diff_rows": selectors.diff_rows(record),
            "edit_links": selectors.article_edit_links(record.article),
            "blocks": _preview_blocks(record),
            "Kind": BlockKind,
        }

    def get(self, request, pk):
        record = selectors.import_record_for_review(pk)
        return render(request, self.template_name, self._context(record))


class ImportAcceptView(ImportReviewView):
    def post(self, request, pk):
        record = selectors.import_record_for_review(pk)
        form = ImportAcceptForm(
            request.POST,
            suggestions=suggest_links(extracted=record.extracted or {}, text=record.cleaned_text),
            figures=selectors.figure_rows(record),
            article=record.article,
        )
        if form.is_valid():
            try:
                services.import_accept(record=record, by=request.user, decision=form.decision())
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:  # from the places services: nothing was saved
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("已接受为草稿《%(headline)s》，现在可以编辑。")
                    % {"headline": record.article.headline},
                )
                return redirect("interviews:import_review", pk=record.pk)
        return render(request, self.template_name, self._context(record, form), status=400)

    def get(self, request, pk):
        return redirect("interviews:import_review", pk=pk)


class ImportDiscardView(EditorRequiredMixin, View):
    def post(self, request, pk):
        record = selectors.import_record_for_review(pk)
        try:
            services.import_discard(record=record, by=request.user)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect("interviews:import_review", pk=record.pk)
        messages.success(
            request, _("已放弃导入“%(name)s”，草稿已删除。") % {"name": record.filename}
        )
        return redirect("interviews:import_list")


def _preview_blocks(record) -> list:
    """The draft's blocks, each answer paragraph after the first marked as continuing,
    so the preview labels an answer once."""
    blocks = list(record.article.blocks.all()) if record.article else []
    previous = None
    for block in blocks:
        block.continues = previous is not None and previous.kind == block.kind == BlockKind.ANSWER
        previous = block
    return blocks


def _published_date(record):
    published = (record.extracted or {}).get("published")
    return published[:10] if published else None
