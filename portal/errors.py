"""The one error type for a rule of the portal that a request breaks. Every slice's
services raise it (a report in the wrong state, an article that is archived, an import
already accepted, a period that does not start on its first day); views turn it into a
message for the person in front of the screen, written in Chinese through gettext and shown
as it is. Nothing has been saved when it is raised.

Input that a form or the model checks field by field stays a ``ValidationError``. A rule
that concerns particular fields (what a submission still lacks) names them in ``fields``
(a key per field, each with its own message), so that the page marks every one of them."""

from collections.abc import Mapping


class WorkflowError(Exception):
    """A step that cannot happen now (wrong state, bad input, a duplicate)."""

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.fields = {key: str(text) for key, text in (fields or {}).items()}

    def __str__(self) -> str:
        return self.message


class StaleReportError(WorkflowError):
    """Someone else saved the report after this person opened it."""
