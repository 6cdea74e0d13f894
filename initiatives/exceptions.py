"""Errors the initiatives app raises to its users. Their message is written for the person
in front of the screen, in Chinese, and views show it as it is."""


class WorkflowError(Exception):
    """A step of the reporting loop that cannot happen now (wrong state, bad input, a
    duplicate). Nothing has been saved when it is raised."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)

    def __str__(self) -> str:
        return self.message


class StaleReportError(WorkflowError):
    """Someone else saved the report after this person opened it."""
