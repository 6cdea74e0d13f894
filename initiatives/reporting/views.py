"""Pages of the reporting loop: the official's reports and form, the report page with its
timeline, private photos, the reviewer's queue and actions. Thin: permission, form, one
service, redirect or render."""

import datetime as dt
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from portal.accounts.roles import Role, RoleRequiredMixin, unit_of, user_roles
from portal.errors import StaleReportError, WorkflowError

from ..catalog.models import Initiative
from . import editing, selectors
from .forms import ReturnForm
from .models import ProgressReport
from .periods import due_date, period_bounds
from .services import workflow as services


def _report_context(request, report: ProgressReport, parts: tuple | None = None) -> dict:
    """The report page's context; ``parts`` (rows, milestones, photos) when the caller has
    read them already (the form page), so they are not read twice."""
    user = request.user
    rows, milestones, photos = parts or (
        selectors.report_indicator_rows(report=report),
        selectors.report_milestone_rows(report=report),
        selectors.report_photos(report=report),
    )
    return {
        "report": report,
        "rows": rows,
        "milestones": milestones,
        "photos": photos,
        "timeline": selectors.report_timeline(report=report),
        "can_edit": report.is_editable and user.has_perm("initiatives.edit_report", report),
        "can_review": report.is_submitted and user.has_perm("initiatives.review_report", report),
        "return_form": ReturnForm(),
    }


class ReportListView(RoleRequiredMixin, TemplateView):
    """The official's unit: what is due, overdue, returned, and every report."""

    required_roles = (Role.OFFICIAL,)
    template_name = "initiatives/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(selectors.official_overview(user=self.request.user, today=today))
        context["today"] = today
        return context


class ReportCreateView(RoleRequiredMixin, View):
    """/reports/new/?initiative=..&period=YYYY-MM-DD: confirm, then create the draft."""

    required_roles = (Role.OFFICIAL,)
    template_name = "initiatives/report_create.html"

    def _target(self, request):
        params = request.POST if request.method == "POST" else request.GET
        unit = unit_of(request.user)
        try:
            initiative_id = int(params.get("initiative", ""))
            period = dt.date.fromisoformat(params.get("period", ""))
        except ValueError:
            raise Http404(_("缺少重点工作或报告周期。"))
        initiative = get_object_or_404(
            Initiative.objects.select_related("region", "family"),
            pk=initiative_id,
            region=unit,
        )
        return initiative, period

    def _render(self, request, initiative, period, error=""):
        start, end = period_bounds(initiative.frequency, period)
        existing = ProgressReport.objects.filter(initiative=initiative, period_start=start).first()
        context = {
            "initiative": initiative,
            "period_start": start,
            "period_end": end,
            "due_date": due_date(initiative.frequency, end),
            "existing": existing,
            "error": error,
        }
        return render(request, self.template_name, context, status=400 if error else 200)

    def get(self, request):
        initiative, period = self._target(request)
        return self._render(request, initiative, period)

    def post(self, request):
        initiative, period = self._target(request)
        try:
            report = services.report_create(
                initiative=initiative, period_start=period, by=request.user
            )
        except WorkflowError as exc:
            return self._render(request, initiative, period, error=exc.message)
        messages.success(request, _("已创建报告草稿，请填写本期进展。"))
        return redirect("initiatives:report_edit", pk=report.pk)


class ReportDetailView(LoginRequiredMixin, View):
    """/reports/<pk>/ and /review/<pk>/ (GET): the report, its progress and its timeline."""

    template_name = "initiatives/report_detail.html"

    def get(self, request, pk):
        report = selectors.report_for_page(user=request.user, pk=pk)
        return render(request, self.template_name, _report_context(request, report))


class ReportEditView(LoginRequiredMixin, View):
    """/reports/<pk>/edit/: narrative, one value per indicator, the progress of each
    milestone, photos; save or submit. A failed post keeps what was typed (``editing``)."""

    template_name = "initiatives/report_form.html"
    invalid_message = _("有些内容需要修改，请查看标红的地方。什么都没有保存。")

    def _report(self, request, pk) -> ProgressReport:
        report = selectors.report_for_page(user=request.user, pk=pk)
        if not request.user.has_perm("initiatives.edit_report", report):
            raise PermissionDenied(_("只有本单位的工作人员可以填写这份报告。"))
        return report

    def _parts(self, report):
        return (
            selectors.report_indicator_rows(report=report),
            selectors.report_milestone_rows(report=report),
            selectors.report_photos(report=report),
        )

    def _render(self, request, report, parts, forms, *, error="", fields=None, stale=False,
                restored=False, status=200):  # fmt: skip
        photos = parts[2]
        context = {
            **_report_context(request, report, parts),
            **forms,
            **editing.field_rows(forms, fields or {}),
            "photo_rows": list(zip(photos, forms["existing_photos"].forms, strict=False)),
            "error": error,
            "stale": stale,
            "restored": restored,
        }
        return render(request, self.template_name, context, status=status)

    def _failed(self, request, report, parts, data, files, *, error, fields=None, stale=False,
                status=400):  # fmt: skip
        """Render the form again with what was posted, and keep it for a reload."""
        editing.stash(request, report, data=data, error=error, fields=fields, stale=stale)
        forms = editing.build_forms(report, *parts, data, files)
        for form in forms.values():
            form.is_valid()
        return self._render(
            request, report, parts, forms, error=error, fields=fields, stale=stale, status=status
        )

    def get(self, request, pk):
        report = self._report(request, pk)
        if not report.is_editable:
            editing.discard(request, report)
            messages.info(request, str(services.not_editable_error(report)))
            return redirect(report)
        parts = self._parts(report)
        kept = editing.unstash(request, report)
        if kept is None:
            return self._render(request, report, parts, editing.build_forms(report, *parts))
        forms = editing.build_forms(report, *parts, kept["data"])
        if kept["data"] is not None:
            for form in forms.values():
                form.is_valid()
        return self._render(
            request, report, parts, forms, error=kept["error"], fields=kept["fields"],
            stale=kept["stale"], restored=kept["data"] is not None,
        )  # fmt: skip

    def post(self, request, pk):
        report = self._report(request, pk)
        if request.POST.get("action") == "discard":
            editing.discard(request, report)
            messages.info(request, _("已放弃未保存的内容，显示的是最近一次保存的报告。"))
            return redirect("initiatives:report_edit", pk=report.pk)
        parts = self._parts(report)
        forms = editing.build_forms(report, *parts, request.POST, request.FILES)
        submit = request.POST.get("action") == "submit"
        if not all(f.is_valid() for f in forms.values()):
            missing = editing.missing_for_submit(report, forms) if submit else {}
            return self._failed(
                request, report, parts, request.POST, request.FILES,
                error=self.invalid_message, fields=missing,
            )  # fmt: skip
        changes = {
            "narrative": forms["form"].cleaned_data["narrative"],
            "values": forms["values"].values(),
            "milestones": forms["milestone_forms"].entries(),
            "new_photos": [
                (f.cleaned_data["image"], f.cleaned_data.get("caption", ""))
                for f in forms["new_photos"].forms
                if f.cleaned_data.get("image")
            ],
            "photo_captions": {
                f.cleaned_data["photo_id"]: f.cleaned_data.get("caption", "")
                for f in forms["existing_photos"].forms
                if f.cleaned_data
            },
            "delete_photos": [
                f.cleaned_data["photo_id"]
                for f in forms["existing_photos"].forms
                if f.cleaned_data.get("delete")
            ],
            "expected_version": forms["form"].cleaned_data["version"] or None,
        }
        service = services.report_save_and_submit if submit else services.report_save
        try:
            saved = service(report=report, by=request.user, **changes)
        except StaleReportError as exc:
            # Keep everything typed; the next save knowingly replaces the other person's.
            current = selectors.report_for_page(user=request.user, pk=pk)
            data = request.POST.copy()
            data["version"] = services.report_version(current)
            return self._failed(
                request, current, self._parts(current), data, request.FILES,
                error=exc.message, stale=True, status=409,
            )  # fmt: skip
        except WorkflowError as exc:
            return self._failed(
                request, report, parts, request.POST, request.FILES,
                error=exc.message, fields=exc.fields,
            )  # fmt: skip
        editing.discard(request, saved)
        if submit:
            messages.success(request, _("报告已提交审核，审核结果会通知您。"))
            return redirect(saved)
        messages.success(request, _("草稿已保存。"))
        return redirect("initiatives:report_edit", pk=saved.pk)


class ReportSubmitView(LoginRequiredMixin, View):
    """/reports/<pk>/submit/ (POST): submit as saved. What it lacks is shown on the form,
    each on its field."""

    def post(self, request, pk):
        report = selectors.report_for_page(user=request.user, pk=pk)
        try:
            services.report_submit(report=report, by=request.user)
        except WorkflowError as exc:
            if exc.fields and request.user.has_perm("initiatives.edit_report", report):
                editing.stash(request, report, data=None, error=exc.message, fields=exc.fields)
                return redirect("initiatives:report_edit", pk=report.pk)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("报告已提交审核，审核结果会通知您。"))
        return redirect(report)


class ReportPhotoView(LoginRequiredMixin, View):
    """/reports/<pk>/photos/<photo_pk>/ (and .../thumbnail/): a private photo, sent after
    the same check as the report page. The files live in the private storage that no URL
    serves; with ``PRIVATE_MEDIA_X_ACCEL`` nginx sends the file after this check."""

    thumbnail = False

    def get(self, request, pk, photo_pk):
        report = selectors.report_for_page(user=request.user, pk=pk)
        photo = get_object_or_404(report.photos, pk=photo_pk)
        file = photo.thumbnail if self.thumbnail and photo.thumbnail else photo.image
        if not file.name or not file.storage.exists(file.name):
            raise Http404(_("照片文件不存在。"))
        content_type = "image/jpeg" if file is photo.thumbnail else photo.content_type
        content_type = content_type or "application/octet-stream"
        if settings.PRIVATE_MEDIA_X_ACCEL:
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = (
                settings.PRIVATE_MEDIA_X_ACCEL.rstrip("/") + "/" + quote(file.name)
            )
        else:
            response = FileResponse(file.storage.open(file.name, "rb"), content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ReviewQueueView(RoleRequiredMixin, TemplateView):
    """/review/: the district's reports, waiting ones by default, with filters."""

    required_roles = (Role.REVIEWER,)
    template_name = "initiatives/review_queue.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = selectors.review_queue(user=self.request.user, data=self.request.GET)
        page = Paginator(filterset.qs, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filterset=filterset, page=page, query=query.urlencode())
        return context


class ReviewActionView(RoleRequiredMixin, View):
    """/review/<pk>/: the report page with the review panel (GET); approve or return
    with a comment (POST)."""

    required_roles = (Role.REVIEWER,)

    def get(self, request, pk):
        report = selectors.report_for_page(user=request.user, pk=pk)
        return render(request, ReportDetailView.template_name, _report_context(request, report))

    def post(self, request, pk):
        report = selectors.report_for_page(user=request.user, pk=pk)
        if not request.user.has_perm("initiatives.review_report", report):
            raise PermissionDenied(_("您无权审核这份报告。"))
        action = request.POST.get("action")
        form = ReturnForm(request.POST)
        form.is_valid()
        try:
            if action == "approve":
                services.report_approve(
                    report=report, by=request.user, comment=form.cleaned_data.get("comment", "")
                )
                messages.success(request, _("报告已审核通过。"))
            elif action == "return":
                services.report_return(
                    report=report, by=request.user, comment=form.cleaned_data.get("comment", "")
                )
                messages.success(request, _("报告已退回，填报单位会收到您的意见。"))
            else:
                raise WorkflowError(_("请选择“通过”或“退回”。"))
        except WorkflowError as exc:
            context = _report_context(request, report)
            context["return_form"] = form
            context["review_error"] = exc.message
            return render(request, "initiatives/report_detail.html", context, status=400)
        if Role.REVIEWER in user_roles(request.user):
            return redirect("initiatives:review_queue")
        return redirect(report)
