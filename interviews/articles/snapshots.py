"""An article as JSON and back: the content of a revision (fields, lists, blocks), and
putting a revision's content on an article, for a restore, an approved change, the form
and the preview of a waiting change."""

import datetime as dt
from dataclasses import dataclass, field

from initiatives.catalog.models import Initiative
from initiatives.places.models import Person, Region

from .models import InterviewArticle, Outlet, Series

# Fields copied into a revision and back by a restore.
SNAPSHOT_FIELDS = (
    "headline",
    "subtitle",
    "editor_note",
    "reporters",
    "correspondents",
    "byline",
    "original_url",
    "interviewee_post",
)
SNAPSHOT_FKS = {"series": Series, "region": Region, "person": Person}


@dataclass
class BlockData:
    kind: str
    text: str = ""
    caption: str = ""
    image: object = ""  # a stored file's name, or an uploaded file
    position: int = 0
    extra: dict = field(default_factory=dict)


def snapshot(article: InterviewArticle, blocks, *, outlets=None, initiatives=None) -> dict:
    """The article's fields and blocks as JSON. ``outlets`` and ``initiatives`` default to
    what the database holds (a draft passes the ones it has not written)."""
    content = {name: getattr(article, name) for name in SNAPSHOT_FIELDS}
    for name, _model in SNAPSHOT_FKS.items():
        obj = getattr(article, name)
        content[name] = obj.pk if obj else None
        content[f"{name}_label"] = str(obj) if obj else ""
    content["published_at"] = article.published_at.isoformat() if article.published_at else None
    content["status"] = article.status
    content["scheduled_at"] = article.scheduled_at.isoformat() if article.scheduled_at else None
    outlets = article.outlets.all() if outlets is None else outlets
    initiatives = article.initiatives.all() if initiatives is None else initiatives
    content["outlets"] = [[o.pk, o.name] for o in sorted(outlets, key=lambda o: o.name)]
    content["initiatives"] = [[i.pk, i.title] for i in sorted(initiatives, key=lambda i: i.title)]
    content["blocks"] = [
        {
            "kind": b.kind,
            "text": b.text,
            "caption": b.caption,
            "image": b.image.name if b.image else "",
            "position": b.position,
        }
        for b in blocks
    ]
    return content


def apply_content(article: InterviewArticle, content: dict):
    """Set a snapshot's fields on ``article`` (not its state) and return what it holds
    besides: (outlets, initiatives, blocks). Rows deleted since are left out."""
    for name in SNAPSHOT_FIELDS:
        setattr(article, name, content.get(name, getattr(article, name)))
    for name, model in SNAPSHOT_FKS.items():
        pk = content.get(name)
        setattr(article, name, model.objects.filter(pk=pk).first() if pk else None)
    published_at = content.get("published_at")
    article.published_at = dt.datetime.fromisoformat(published_at) if published_at else None
    outlets = list(Outlet.objects.filter(pk__in=[pk for pk, _name in content.get("outlets", [])]))
    initiatives = list(
        Initiative.objects.filter(pk__in=[pk for pk, _title in content.get("initiatives", [])])
    )
    blocks = [
        BlockData(
            kind=b["kind"],
            text=b.get("text", ""),
            caption=b.get("caption", ""),
            image=b.get("image", ""),
            position=b.get("position", i),
        )
        for i, b in enumerate(content.get("blocks", []))
    ]
    return outlets, initiatives, blocks
