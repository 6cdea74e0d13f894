"""Reports through the API, scoped exactly as the portal: an official's token reads and
files its unit's reports, a reviewer's token reads its district's submitted reports and
approves or returns them. Reads go through ``reporting.selectors``, every write through
``reporting.services.workflow`` (locks, history naming the token's user, notifications,
the rules); a report the caller may not read answers 404 like one that does not exist."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives.catalog.models import Initiative
from initiatives.reporting import selectors
from initiatives.reporting.models import MilestoneProgressState, ProgressReport, ReportStatus
from initiatives.reporting.services import workflow
from portal.accounts.roles import Role, user_roles
from portal.errors import StaleReportError

from .errors import Conflict
from .filters import ReportFilter
from .pagination import ApiCursorPagination


class ReportPagination(ApiCursorPagination):
    ordering = ("-period_start", "-pk")


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    initiative = serializers.IntegerField(source="initiative_id")
    initiative_title = serializers.CharField(source="initiative.title")
    family = serializers.CharField(source="initiative.family.slug", allow_null=True)
    unit = UnitRefSerializer(source="initiative.region")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    narrative = serializers.CharField()
    review_comment = serializers.CharField()
    return_count = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    version = serializers.SerializerMethodField(
        help_text="Send it back with a write: a write based on an older version answers 409."
    )

    def get_version(self, report) -> str:
        return workflow.report_version(report)


class ValueRowSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    value = serializers.DecimalField(
        source="this_value", max_digits=14, decimal_places=2, allow_null=True
    )
    note = serializers.CharField(source="this_note", allow_null=True)


class MilestoneRowSerializer(serializers.Serializer):
    milestone = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    planned_date = serializers.DateField(allow_null=True)
    state = serializers.CharField(source="this_state", allow_null=True)
    actual_date = serializers.DateField(source="this_date", allow_null=True)
    note = serializers.CharField(source="this_note", allow_null=True)


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, photo) -> str:
        """The portal's permission-checked photo view: private files have no URL of their
        own (``portal.storage``)."""
        request = self.context.get("request")
        url = reverse("initiatives:report_photo", args=[photo.report_id, photo.pk])
        return request.build_absolute_uri(url) if request else url


class ReportDetailSerializer(ReportSerializer):
    values = ValueRowSerializer(source="value_rows", many=True)
    milestones = MilestoneRowSerializer(source="milestone_rows", many=True)
    photos = PhotoSerializer(source="photo_rows", many=True)


class DueSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(source="initiative.pk")
    initiative_title = serializers.CharField(source="initiative.title")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    due_date = serializers.DateField()
    overdue = serializers.BooleanField()
    days_left = serializers.IntegerField()
    report = serializers.IntegerField(source="report.pk", allow_null=True)


class DueListSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True)
    due = DueSerializer(many=True)
    overdue = DueSerializer(many=True)
    returned = ReportSerializer(many=True)


class ReportCreateSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(min_value=1)
    period_start = serializers.DateField(
        help_text="Any day of the period; it snaps to the period's first day."
    )


class ValueInSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1)
    value = serializers.DecimalField(max_digits=14, decimal_places=6, allow_null=True)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class MilestoneInSerializer(serializers.Serializer):
    milestone = serializers.IntegerField(min_value=1)
    state = serializers.ChoiceField(
        choices=MilestoneProgressState.choices, allow_null=True, allow_blank=True
    )
    actual_date = serializers.DateField(allow_null=True, required=False, default=None)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ReportSaveSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=32)
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    values = ValueInSerializer(many=True, required=False)
    milestones = MilestoneInSerializer(many=True, required=False)
    delete_photos = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False
    )


class PhotoInSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=32)
    image = serializers.ImageField()
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer):
    version = serializers.CharField(
        max_length=32,
        required=False,
        help_text="If given, a submit of an older version answers 409.",
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, allow_blank=True)


class ApproveSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _report_or_404(request, pk) -> ProgressReport:
    return selectors.report_for_page(user=request.user, pk=pk)


def _detail(request, report: ProgressReport, status_code=status.HTTP_200_OK) -> Response:
    """The report as the caller may read it now, with its values, milestones and photos
    (four queries besides the report's own)."""
    report = _report_or_404(request, report.pk)
    report.value_rows = selectors.report_indicator_rows(report=report)
    report.milestone_rows = selectors.report_milestone_rows(report=report)
    report.photo_rows = selectors.report_photos(report=report)
    body = ReportDetailSerializer(report, context={"request": request}).data
    return Response(body, status=status_code)


def _stale(report: ProgressReport, error: StaleReportError):
    current = ProgressReport.objects.only("updated_at").get(pk=report.pk)
    return Conflict(error.message, current_version=workflow.report_version(current))


class ReportListView(generics.ListAPIView):
    """GET: the reports the token's user may read (an official: their unit's; a reviewer:
    their district's once submitted), newest period first, filtered. POST: a draft."""

    serializer_class = ReportSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReportFilter
    pagination_class = ReportPagination

    def get_queryset(self):
        return (
            selectors.reports_visible_to(self.request.user)
            .select_related("initiative__region", "initiative__family")
            .order_by("-period_start", "-pk")
        )

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportDetailSerializer})
    def post(self, request):
        serializer = ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        initiative = (
            Initiative.objects.select_related("region")
            .filter(pk=serializer.validated_data["initiative"])
            .first()
        )
        if initiative is None or not request.user.has_perm("initiatives.file_report", initiative):
            raise serializers.ValidationError(
                {"initiative": [_("没有这项重点工作，或您无权为它填报。")]}
            )
        report = workflow.report_create(
            initiative=initiative,
            period_start=serializer.validated_data["period_start"],
            by=request.user,
        )
        return _detail(request, report, status.HTTP_201_CREATED)


class ReportDetailView(APIView):
    """GET: one report with its values, milestones and photos. PATCH: save narrative,
    values, milestones, remove photos (``report_save``; ``version`` required)."""

    writes = True

    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, pk: int):
        return _detail(request, _report_or_404(request, pk))

    @extend_schema(request=ReportSaveSerializer, responses=ReportDetailSerializer)
    def patch(self, request, pk: int):
        report = _report_or_404(request, pk)
        serializer = ReportSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        changes = {
            "narrative": data.get("narrative", report.narrative),
            "values": {
                row["indicator"]: (row["value"], row.get("note", ""))
                for row in data.get("values", [])
            },
            "milestones": {
                row["milestone"]: (
                    row["state"] or None,
                    row.get("actual_date"),
                    row.get("note", ""),
                )
                for row in data.get("milestones", [])
            },
            "delete_photos": data.get("delete_photos", []),
        }
        try:
            workflow.report_save(
                report=report, by=request.user, expected_version=data["version"], **changes
            )
        except StaleReportError as exc:
            raise _stale(report, exc)
        return _detail(request, report)


class ReportPhotoView(APIView):
    """POST (multipart): attach a photo (``image``, ``caption``, ``version``)."""

    parser_classes = [MultiPartParser, FormParser]
    writes = True

    @extend_schema(
        request={"multipart/form-data": PhotoInSerializer}, responses={201: ReportDetailSerializer}
    )
    def post(self, request, pk: int):
        report = _report_or_404(request, pk)
        serializer = PhotoInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            workflow.report_save(
                report=report,
                by=request.user,
                narrative=report.narrative,
                values={},
                new_photos=[(data["image"], data.get("caption", ""))],
                expected_version=data["version"],
            )
        except StaleReportError as exc:
            raise _stale(report, exc)
        return _detail(request, report, status.HTTP_201_CREATED)


class ReportSubmitView(APIView):
    """POST: send the report, as saved, to the district's reviewers."""

    parser_classes = [JSONParser]

    @extend_schema(request=SubmitSerializer, responses=ReportDetailSerializer)
    def post(self, request, pk: int):
        report = _report_or_404(request, pk)
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data.get("version")
        try:
            if version is None:
                workflow.report_submit(report=report, by=request.user)
            else:
                # Checked on the locked row: nothing changes but the state.
                workflow.report_save_and_submit(
                    report=report,
                    by=request.user,
                    narrative=report.narrative,
                    values={},
                    expected_version=version,
                )
        except StaleReportError as exc:
            raise _stale(report, exc)
        return _detail(request, report)


class ReportReturnView(APIView):
    """POST: a reviewer returns a submitted report with a comment (required)."""

    parser_classes = [JSONParser]

    @extend_schema(request=ReturnSerializer, responses=ReportDetailSerializer)
    def post(self, request, pk: int):
        report = _report_or_404(request, pk)
        serializer = ReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.report_return(
            report=report, by=request.user, comment=serializer.validated_data["comment"]
        )
        return _detail(request, report)


class ReportApproveView(APIView):
    """POST: a reviewer approves a submitted report, with a comment if any."""

    parser_classes = [JSONParser]

    @extend_schema(request=ApproveSerializer, responses=ReportDetailSerializer)
    def post(self, request, pk: int):
        report = _report_or_404(request, pk)
        serializer = ApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.report_approve(
            report=report, by=request.user, comment=serializer.validated_data["comment"]
        )
        return _detail(request, report)


class DueReportsView(APIView):
    """GET: what the official's unit still has to file (due, overdue) and what came back."""

    @extend_schema(responses=DueListSerializer)
    def get(self, request):
        overview = selectors.official_overview(user=request.user, today=timezone.localdate())
        body = DueListSerializer(
            {
                "unit": overview["unit"],
                "due": overview["todo"],
                "overdue": overview["overdue"],
                "returned": overview["returned"],
            }
        ).data
        return Response(body)


class QueuePagination(ApiCursorPagination):
    ordering = ("pk",)  # ids grow with time: the oldest waiting first


class IsReviewer(IsAuthenticated):
    message = gettext_lazy("只有区级审核人可以查看审核队列。")

    def has_permission(self, request, view):
        roles = user_roles(request.user)
        return super().has_permission(request, view) and bool(roles & {Role.REVIEWER, Role.ADMIN})


class ReviewQueueView(ReportListView):
    """GET: the reviewer's district queue: submitted reports oldest first unless another
    status is asked for."""

    http_method_names = ["get", "head", "options"]
    permission_classes = [IsReviewer]
    pagination_class = QueuePagination

    def get_queryset(self):
        queryset = super().get_queryset()
        if "status" not in self.request.query_params:
            queryset = queryset.filter(status=ReportStatus.SUBMITTED)
        return queryset
