"""Every error of the API as RFC 9457 problem details (``application/problem+json``):
``type``, ``title``, ``status``, ``detail``, and, where they apply, ``errors`` (the message
per field) and ``current_version`` (a stale write). Messages are the services' own, in the
caller's language (``Accept-Language``, read by Django's LocaleMiddleware)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView, exception_handler

from portal.errors import WorkflowError

PROBLEM_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("请求有误"),
    401: gettext_lazy("需要令牌"),
    403: gettext_lazy("无权操作"),
    404: gettext_lazy("没有找到"),
    405: gettext_lazy("不支持该方法"),
    406: gettext_lazy("无法提供所要求的格式"),
    409: gettext_lazy("版本冲突"),
    413: gettext_lazy("请求内容过大"),
    415: gettext_lazy("不支持的内容格式"),
    429: gettext_lazy("请求过于频繁"),
}


class Conflict(exceptions.APIException):
    """A write based on an older version of the object: nothing was saved."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"

    def __init__(self, detail: str, *, current_version: str):
        super().__init__(detail)
        self.current_version = current_version


class RuleBroken(exceptions.APIException):
    """A service refused the step (``WorkflowError``): its message, its fields."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "rule"

    def __init__(self, error: WorkflowError):
        super().__init__(error.message)
        self.fields = error.fields


class ProblemSerializer(serializers.Serializer):
    """The body of every error (documented once, used by every operation)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(required=False)
    current_version = serializers.CharField(required=False)


def _flatten(detail):
    """DRF's nested error details as plain strings, keyed by field."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(value) for value in detail]
    return str(detail)


def _first_message(errors) -> str:
    while isinstance(errors, dict | list) and errors:
        errors = next(iter(errors.values())) if isinstance(errors, dict) else errors[0]
    return str(errors) if errors else ""


def problem(status_code: int, detail: str, *, code: str, **extra) -> dict:
    return {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, _("服务器出错"))),
        "status": status_code,
        "detail": detail,
        "code": code,
        **extra,
    }


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``."""
    if isinstance(exc, WorkflowError):
        exc = RuleBroken(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        extra["errors"] = errors
        detail = _("请求的内容有误：%(message)s") % {"message": _first_message(errors)}
    else:
        detail = (
            str(exc.detail)
            if not isinstance(exc.detail, dict | list)
            else _first_message(exc.detail)
        )
    if isinstance(exc, RuleBroken) and exc.fields:
        extra["errors"] = exc.fields
    if isinstance(exc, Conflict):
        extra["current_version"] = exc.current_version
    code = exc.default_code if not isinstance(exc, exceptions.ValidationError) else "invalid"
    response.data = problem(response.status_code, detail, code=str(code), **extra)
    response.content_type = PROBLEM_TYPE
    return response


class NotFoundView(APIView):
    """Any other path under /api/v1/: a problem, not the portal's HTML page."""

    permission_classes = [AllowAny]
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound(_("没有这个接口。"))
