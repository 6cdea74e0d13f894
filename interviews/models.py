"""The models of the ``interviews`` app, defined in its slices (they keep the app label);
Django loads them from here. Code inside the project imports a model from its slice."""

from .articles.models import (
    ArticleBlock,
    ArticleRevision,
    ArticleStatus,
    BlockKind,
    InterviewArticle,
    Outlet,
    OutletKind,
    Series,
)
from .imports.models import ImportJob, ImportJobStatus, ImportRecord, ImportStatus

__all__ = [
    "ArticleBlock",
    "ArticleRevision",
    "ArticleStatus",
    "BlockKind",
    "ImportJob",
    "ImportJobStatus",
    "ImportRecord",
    "ImportStatus",
    "InterviewArticle",
    "Outlet",
    "OutletKind",
    "Series",
]
