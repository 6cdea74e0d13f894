"""Writes of the importer: a raw file becomes a draft article with its import record; the
editor accepts it (linking and creating what they ticked, confirming figures) or
discards it. Each use case is one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.catalog.models import Initiative
from initiatives.places.divisions import national_gazetteer
from initiatives.places.models import FIGURE_FIELDS, Person, Post, Region, RegionProfile
from initiatives.places.services import (
    appointment_create,
    person_create,
    profile_record,
    region_create,
)
from portal.errors import WorkflowError
from portal.i18n import join_names
from portal.queue import enqueue_on_commit
from portal.text import unique_slug

from ..articles.models import (
    ArticleBlock,
    ArticleStatus,
    BlockKind,
    InterviewArticle,
    Outlet,
    OutletKind,
    Series,
)
from ..importer.decode import decode_upload
from ..importer.errors import ImportRejected
from ..importer.pipeline import ParsedArticle, clean_text, parse_article
from . import linking
from .models import ImportJob, ImportJobStatus, ImportRecord, ImportStatus

# The core refuses anything larger; reading one byte more than this lets it say so
# without the server ever holding a 20 MB upload in memory.
MAX_IMPORT_BYTES = 5 * 1024 * 1024


# Files up to this size are parsed in the request (the importer's worst input costs
# about 3 s per 100 KB, an article of 10 KB about 40 ms: ``bench/importer_bench.py``);
# larger ones go to the worker, which gives each one at most ``IMPORT_TIME_LIMIT``.
INLINE_IMPORT_BYTES = 32 * 1024
IMPORT_TIME_LIMIT = 120


class Outcome:
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    QUEUED = "queued"


@dataclass
class ImportOutcome:
    filename: str
    status: str
    message: str
    record: ImportRecord | None = None
    extracted: dict = field(default_factory=dict)
    job: ImportJob | None = None

    @property
    def ok(self) -> bool:
        return self.status != Outcome.REJECTED


def read_limited(fileobj) -> bytes:
    """At most one byte more than the importer accepts."""
    return fileobj.read(MAX_IMPORT_BYTES + 1)


def _raw_text(data: bytes | str, parsed: ParsedArticle) -> str:
    if isinstance(data, str):
        return data
    encoding = parsed.encoding if parsed.encoding not in ("", "str") else "utf-8"
    return data.decode(encoding, errors="replace")


def _cleaned_text(data: bytes | str, filename: str, parsed: ParsedArticle) -> str:
    """The whole text after the cleanup rules (header lines included), which is what the
    review page sets beside the raw text. The parsed article carries only the body, so
    the rules are run again on the decoded text, as ``parse_article`` ran them."""
    cleaned = getattr(parsed, "cleaned_text", None)
    if cleaned:
        return cleaned
    try:
        return clean_text(decode_upload(data, filename).text)[0]
    except ImportRejected:
        return parsed.body_text


def _change_dict(change) -> dict:
    if isinstance(change, dict):
        return change
    return {
        "rule": change.rule,
        "before_excerpt": change.before_excerpt,
        "after_excerpt": change.after_excerpt,
    }


def _published_at(value) -> dt.datetime | None:
    """A stated date becomes midnight of that day in China; a stated time is kept."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def duplicate_message(earlier: ImportRecord) -> str:
    return _(
        "内容与已有导入重复：第 %(pk)s 号导入“%(name)s”（%(when)s，%(status)s），未重复创建。"
    ) % {
        "pk": earlier.pk,
        "name": earlier.filename,
        "when": timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M"),
        "status": earlier.get_status_display(),
    }


def import_upload(*, data: bytes, filename: str, by=None) -> ImportOutcome:
    """An upload from the import page: a small file is imported at once (``import_file``);
    a large one becomes an ``ImportJob`` that the worker parses, so that no request
    spends more than a moment in the importer."""
    name = Path(filename).name or filename
    if len(data) <= INLINE_IMPORT_BYTES or len(data) > MAX_IMPORT_BYTES:
        return import_file(data=data, filename=name, by=by)
    with transaction.atomic():
        job = ImportJob.objects.create(filename=name, data=data, size=len(data), created_by=by)
        enqueue_on_commit("interviews.run_import_job", job.pk)
    return ImportOutcome(
        name,
        Outcome.QUEUED,
        _("%(name)s：文件较大，已交后台处理，完成后可在任务页查看结果。") % {"name": name},
        job=job,
    )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Parse a queued job's file (the task ``interviews.run_import_job``). A job another
    worker took, or one already finished, is left alone: running twice imports once."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    outcome = import_file(data=bytes(job.data), filename=job.filename, by=job.created_by)
    job.status = ImportJobStatus.DONE
    job.outcome = outcome.status
    job.message = outcome.message
    job.record = outcome.record
    job.data = b""  # the record keeps the text; the bytes are no longer needed
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "outcome", "message", "record", "data", "finished_at"])
    return job


def import_job_fail(*, job_id: int, reason: str) -> None:
    """A job the worker could not finish (its time limit, an error): failed, with why."""
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJobStatus.DONE).update(
        status=ImportJobStatus.FAILED,
        outcome=Outcome.REJECTED,
        message=reason,
        data=b"",
        finished_at=timezone.now(),
    )


def parse_upload(data: bytes | str, filename: str) -> ParsedArticle:
    """``parse_article`` with the national gazetteer reading the places (built once per
    process; it reads no database, so a dry run stays one)."""
    return parse_article(data, filename, places=national_gazetteer())


def import_file(*, data: bytes | str, filename: str, by=None) -> ImportOutcome:
    """Parse one raw file and store it as a draft with its import record, or say why not.

    A refused file (empty, binary, undecodable, too large) and a text imported before
    write nothing; the draft, its blocks and the record are one transaction.
    """
    name = Path(filename).name or filename
    try:
        parsed = parse_upload(data, name)
    except ImportRejected as exc:
        return ImportOutcome(
            name,
            Outcome.REJECTED,
            _("%(name)s：%(reason)s") % {"name": name, "reason": exc.message},
        )
    extracted = parsed.to_json()
    earlier = ImportRecord.objects.filter(content_hash=parsed.content_hash).first()
    if earlier is not None:
        return ImportOutcome(
            name, Outcome.DUPLICATE, duplicate_message(earlier), earlier, extracted
        )
    try:
        record = _store(
            parsed=parsed,
            extracted=extracted,
            raw_text=_raw_text(data, parsed),
            cleaned_text=_cleaned_text(data, name, parsed),
            filename=name,
            by=by,
        )
    except IntegrityError:
        # Another request stored the same text between our check and our insert.
        earlier = ImportRecord.objects.filter(content_hash=parsed.content_hash).first()
        if earlier is None:
            raise
        return ImportOutcome(
            name, Outcome.DUPLICATE, duplicate_message(earlier), earlier, extracted
        )
    message = _("%(name)s：已导入为草稿《%(headline)s》，请核对后接受。") % {
        "name": name,
        "headline": record.article.headline,
    }
    return ImportOutcome(name, Outcome.IMPORTED, message, record, extracted)


@transaction.atomic
def _store(
    *, parsed: ParsedArticle, extracted: dict, raw_text: str, cleaned_text: str, filename: str, by
) -> ImportRecord:
    headline = (parsed.headline or "").strip() or _("（无标题）%(name)s") % {"name": filename}
    suggestions = linking.suggest_links(extracted=extracted, text=parsed.body_text)
    person = parsed.interviewee
    article = InterviewArticle(
        headline=headline[:200],
        subtitle=(parsed.subtitle or "")[:200],
        slug=unique_slug(headline, model=InterviewArticle, max_length=200),
        editor_note=parsed.editor_note or "",
        series=suggestions.series,
        reporters=list(parsed.reporters),
        correspondents=list(parsed.correspondents),
        byline=(parsed.byline or "")[:128],
        published_at=_published_at(parsed.published),
        region=suggestions.best_unit,
        # Only someone who holds a post in the unit (a namesake elsewhere is not them).
        person=suggestions.best_person if suggestions.best_person_in_unit else None,
        interviewee_post=(person.post or "")[:64],
        status=ArticleStatus.DRAFT,
        created_by=by,
    )
    article.full_clean()
    article.save()
    if suggestions.outlet is not None:
        article.outlets.add(suggestions.outlet)
    ArticleBlock.objects.bulk_create(
        [_block(article, position, block) for position, block in enumerate(parsed.body_blocks)]
    )
    record = ImportRecord(
        filename=filename[:255],
        encoding=parsed.encoding[:32],
        content_hash=parsed.content_hash,
        raw_text=raw_text,
        cleaned_text=cleaned_text,
        changes=[_change_dict(c) for c in parsed.changes],
        extracted={
            **{k: v for k, v in extracted.items() if k != "body_text"},
            "warnings": list(parsed.warnings),
        },
        article=article,
        status=ImportStatus.PENDING,
        created_by=by,
    )
    record.full_clean(validate_unique=False)
    record.save()
    return record


def _block(article: InterviewArticle, position: int, block: dict) -> ArticleBlock:
    kind = block.get("kind") or BlockKind.PARAGRAPH
    if kind not in BlockKind.values:
        kind = BlockKind.PARAGRAPH
    text = block.get("text") or ""
    caption = block.get("caption") or ""
    if kind == BlockKind.PHOTO:
        # Photos arrive as captions only; the editor adds the image later.
        caption, text = (caption or text), ""
        if len(caption) > 200:
            caption, text = caption[:199] + "…", caption
    return ArticleBlock(
        article=article, kind=kind, text=text, caption=caption[:200], position=position
    )


@dataclass
class AcceptDecision:
    """What the editor ticked on the review page."""

    region: Region | None = None
    create_region: bool = False
    person: Person | None = None
    create_person: bool = False
    series: Series | None = None
    create_series: bool = False
    outlet: Outlet | None = None
    create_outlet: bool = False
    initiatives: list[Initiative] = field(default_factory=list)
    figure_keys: list[str] = field(default_factory=list)
    as_of: dt.date | None = None


def _locked_pending(record_id: int) -> ImportRecord:
    record = ImportRecord.objects.select_for_update().get(pk=record_id)
    if not record.is_pending:
        raise WorkflowError(
            _("该导入已处理（%(status)s），不能再次操作。")
            % {"status": record.get_status_display()}
        )
    return record


@transaction.atomic
def import_accept(*, record: ImportRecord, by, decision: AcceptDecision) -> ImportRecord:
    """Make the draft the editor's: apply the links they chose, create the rows they
    ticked as new, and record the figures they confirmed as a unit profile."""
    record = _locked_pending(record.pk)
    article = record.article
    if article is None:
        raise WorkflowError(_("该导入的草稿已被删除，无法接受。"))
    extracted = record.extracted or {}
    person_info = extracted.get("interviewee") or {}

    region = decision.region
    if decision.create_region:
        region = region_create_for_import(extracted=extracted)
    person = decision.person
    if decision.create_person:
        person = person_create_for_import(
            name=person_info.get("name") or "",
            post=person_info.get("post") or "",
            region=region,
            article=article,
        )
    series = decision.series
    if decision.create_series:
        series = series_create_for_import(title=extracted.get("series") or "")
    outlet = decision.outlet
    if decision.create_outlet:
        outlet = outlet_create_for_import(name=extracted.get("outlet") or "")

    for initiative in decision.initiatives:
        if region is None or initiative.region_id != region.pk:
            raise WorkflowError(
                _("重点工作“%(title)s”不属于所关联的单位，不能关联。") % {"title": initiative.title}
            )

    article.region = region
    article.person = person
    article.series = series
    article.full_clean()
    article.save(update_fields=["region", "person", "series", "updated_at"])
    if outlet is not None:
        article.outlets.add(outlet)
    article.initiatives.set(decision.initiatives)

    if decision.figure_keys:
        profile_create_from_import(
            record=record, region=region, keys=decision.figure_keys, as_of=decision.as_of, by=by
        )

    record.status = ImportStatus.ACCEPTED
    record.save(update_fields=["status"])
    return record


@transaction.atomic
def import_discard(*, record: ImportRecord, by) -> ImportRecord:
    """Give up an import: its draft, never edited by anyone, is deleted; the record stays
    (with its raw text) so the same text is recognised if it comes again."""
    record = _locked_pending(record.pk)
    article = record.article
    record.status = ImportStatus.DISCARDED
    record.article = None
    record.save(update_fields=["status", "article"])
    if article is not None and article.is_draft:
        article.delete()
    return record


def region_create_for_import(*, extracted: dict) -> Region:
    """The article's unit as a new Region under the district the text names."""
    info = extracted.get("interviewee") or {}
    name = linking.normalise_unit_name(info.get("unit") or "")
    district = linking.match_district(district=info.get("district"), city=info.get("city"))
    if not name:
        raise WorkflowError(_("文中未写明单位名称，无法新建单位。"))
    if district is None:
        raise WorkflowError(
            _("文中的区县“%(district)s”不在区划库中，请先在后台建立区县，再新建单位。")
            % {"district": info.get("district") or _("（未写明）")}
        )
    if Region.objects.filter(parent=district, name=name).exists():
        raise WorkflowError(
            _("%(district)s已有“%(name)s”，请选择关联已有单位。")
            % {"district": district.name, "name": name}
        )
    return region_create(parent=district, name=name, kind=linking.unit_kind_for(name))


_POSTS = {"党工委书记": Post.SUBDISTRICT_SECRETARY, "党委书记": Post.TOWN_SECRETARY}


def person_create_for_import(
    *, name: str, post: str, region: Region | None, article: InterviewArticle
) -> Person:
    """The interviewee as a new Person; with a unit, their post there as an appointment
    (dates left empty: the article does not say since when; a post it does not name is
    "other"), so that they are one of the unit's people, as an interviewee must be."""
    if not name:
        raise WorkflowError(_("文中未写明受访人姓名，无法新建人员。"))
    person = person_create(name=name)
    if region is not None:
        appointment_create(
            person=person,
            region=region,
            post=_POSTS.get(post, Post.OTHER),
            post_title=post[:64],
            note=(_("据访谈《%(headline)s》") % {"headline": article.headline})[:255],
        )
    return person


def series_create_for_import(*, title: str) -> Series:
    if not title:
        raise WorkflowError(_("文中未写明系列名称，无法新建系列。"))
    existing = linking.match_series(title)
    if existing is not None:
        return existing
    series = Series(title=title[:128], slug=unique_slug(title, model=Series, max_length=120))
    series.full_clean()
    series.save()
    return series


def _outlet_kind(name: str) -> str:
    if name.endswith("客户端"):
        return OutletKind.APP
    if name.endswith("网"):
        return OutletKind.WEBSITE
    if name.endswith(("报", "日报", "晚报", "晨报")):
        return OutletKind.NEWSPAPER
    return OutletKind.OTHER


def outlet_create_for_import(*, name: str) -> Outlet:
    if not name:
        raise WorkflowError(_("文中未写明媒体名称，无法新建媒体。"))
    existing = linking.match_outlet(name)
    if existing is not None:
        return existing
    outlet = Outlet(name=name[:64], slug=unique_slug(name, model=Outlet), kind=_outlet_kind(name))
    outlet.full_clean()
    outlet.save()
    return outlet


def profile_source(record: ImportRecord) -> str:
    extracted = record.extracted or {}
    headline = (
        record.article.headline if record.article else extracted.get("headline") or record.filename
    )
    outlet = extracted.get("outlet")
    source = _("访谈《%(headline)s》") % {"headline": headline}
    if outlet:
        source += f"（{outlet}）"
    return source[:255]


def profile_create_from_import(
    *,
    record: ImportRecord,
    region: Region | None,
    keys: list[str],
    as_of: dt.date | None,
    by=None,
) -> RegionProfile:
    """A RegionProfile holding only the figures the editor confirmed."""
    figures = (record.extracted or {}).get("figures") or {}
    if region is None:
        raise WorkflowError(_("请先关联受访单位，再确认概况数据。"))
    if as_of is None:
        raise WorkflowError(_("原文没有发布日期，请填写概况数据的日期。"))
    unknown = [k for k in keys if k not in FIGURE_FIELDS or k not in figures]
    if unknown:
        raise WorkflowError(_("文中没有这些数据：%(keys)s") % {"keys": join_names(unknown)})
    values = {}
    for key in keys:
        value = figures[key]
        values[key] = Decimal(str(value)) if key == "area_km2" else int(value)
    # One profile per unit and date: figures already recorded for that date are kept.
    return profile_record(
        region=region, as_of=as_of, figures=values, source=profile_source(record), by=by
    )
