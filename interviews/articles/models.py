"""Outlets, series, interview articles with their ordered body blocks, and revisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from initiatives.places.models import Appointment
from portal.text import BLOCK_MAX, COMMENT_MAX, DESCRIPTION_MAX, SEARCH_DOCUMENT_MAX, text_limit


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", _("报纸")
    APP = "app", _("客户端")
    WEBSITE = "website", _("网站")
    OTHER = "other", _("其他")


class Outlet(models.Model):
    name = models.CharField(_("名称"), max_length=64, unique=True)
    slug = models.SlugField(_("网址名"), max_length=80, unique=True)
    kind = models.CharField(
        _("类型"), max_length=16, choices=OutletKind.choices, default=OutletKind.NEWSPAPER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属媒体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="channels",
    )
    website = models.URLField(_("网址"), blank=True)

    class Meta:
        verbose_name = _("媒体")
        verbose_name_plural = _("媒体")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    title = models.CharField(_("系列名称"), max_length=128, unique=True)
    slug = models.SlugField(_("网址名"), max_length=120, unique=True)
    description = models.TextField(_("简介"), blank=True, **text_limit(DESCRIPTION_MAX))
    outlets = models.ManyToManyField(
        Outlet, verbose_name=_("联合推出媒体"), blank=True, related_name="series"
    )
    city = models.ForeignKey(
        "initiatives.Region",
        verbose_name=_("所属城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    launched_on = models.DateField(_("推出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("访谈系列")
        verbose_name_plural = _("访谈系列")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interviews:series_detail", kwargs={"slug": self.slug})


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("已发布")
    ARCHIVED = "archived", _("已归档")


class DraftState(models.TextChoices):
    """A live article's unpublished changes: the public keeps seeing the approved version
    until the change is approved as a new article is (four eyes)."""

    EDITING = "editing", _("有未发布的修改")
    IN_REVIEW = "in_review", _("修改待审")


LIVE_STATUSES = (ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED)


class InterviewArticle(models.Model):
    headline = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    slug = models.SlugField(_("网址名"), max_length=200, unique=True)
    editor_note = models.TextField(_("编者按"), blank=True, **text_limit(COMMENT_MAX))
    series = models.ForeignKey(
        Series,
        verbose_name=_("系列"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    outlets = models.ManyToManyField(
        Outlet, verbose_name=_("媒体"), blank=True, related_name="articles"
    )
    reporters = models.JSONField(_("记者"), default=list, blank=True)
    correspondents = models.JSONField(_("通讯员"), default=list, blank=True)
    byline = models.CharField(_("署名"), max_length=128, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    original_url = models.URLField(_("原文链接"), blank=True)
    region = models.ForeignKey(
        "initiatives.Region",
        verbose_name=_("受访单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    person = models.ForeignKey(
        "initiatives.Person",
        verbose_name=_("受访人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    interviewee_post = models.CharField(_("受访人职务"), max_length=64, blank=True)
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("提及的重点工作"),
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    review_comment = models.TextField(_("审稿意见"), blank=True, **text_limit(COMMENT_MAX))
    # The changes of an approved (scheduled or published) article wait in a revision; the
    # row and its blocks stay what the public sees. Archiving keeps them for a reopen.
    draft_state = models.CharField(
        _("未发布的修改"), max_length=16, choices=DraftState.choices, blank=True
    )
    draft_revision = models.ForeignKey(
        "ArticleRevision",
        verbose_name=_("修改稿"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
    )
    # Who wrote the waiting change: none of them may approve it (four eyes).
    draft_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), blank=True, related_name="+"
    )
    # Segmented (jieba, Simplified) text of the article, kept by the search service; on
    # PostgreSQL a GIN index over to_tsvector('simple', search_document) serves search.
    search_document = models.TextField(
        _("检索文本"), blank=True, editable=False, **text_limit(SEARCH_DOCUMENT_MAX)
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("访谈文章")
        verbose_name_plural = _("访谈文章")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(scheduled_at__isnull=False),
                name="article_scheduled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(draft_state="", draft_revision__isnull=True)
                | (~Q(draft_state="") & Q(draft_revision__isnull=False)),
                name="article_draft_state_has_revision",
            ),
            models.CheckConstraint(
                condition=Q(draft_state="") | Q(status__in=["scheduled", "published", "archived"]),
                name="article_draft_only_of_approved",
            ),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("interviews:article_detail", kwargs={"slug": self.slug})

    def clean(self):
        # Whoever writes (the editorial pages, Django admin, the importer's accept step):
        # an archived article is withdrawn and stays as it was until it is reopened
        # (``article_reopen``) ...
        if self.is_archived:
            raise ValidationError(_("已归档的文章不能修改。"))
        # ... and the interviewee is one of the unit's people: they hold or held a post
        # there (an appointment, current or past: the article may be years old).
        if (
            self.region_id
            and self.person_id
            and not Appointment.objects.filter(
                person_id=self.person_id, region_id=self.region_id
            ).exists()
        ):
            raise ValidationError(
                {
                    "person": _(
                        "%(person)s在%(unit)s没有任职记录。请从该单位的人员中选择受访人，"
                        "或先在后台为其登记在该单位的任职。"
                    )
                    % {"person": self.person.name, "unit": self.region.name}
                }
            )

    @property
    def is_draft(self) -> bool:
        return self.status == ArticleStatus.DRAFT

    @property
    def is_in_review(self) -> bool:
        return self.status == ArticleStatus.IN_REVIEW

    @property
    def is_scheduled(self) -> bool:
        return self.status == ArticleStatus.SCHEDULED

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == ArticleStatus.ARCHIVED

    @property
    def is_live(self) -> bool:
        """Approved: published, or scheduled to be. Edits then wait as a draft revision."""
        return self.status in LIVE_STATUSES

    @property
    def has_unpublished_changes(self) -> bool:
        return bool(self.draft_state)

    @property
    def changes_in_review(self) -> bool:
        return self.draft_state == DraftState.IN_REVIEW


class BlockKind(models.TextChoices):
    HEADING = "heading", _("小标题")
    PARAGRAPH = "paragraph", _("段落")
    QUESTION = "question", _("问")
    ANSWER = "answer", _("答")
    QUOTE = "quote", _("引语")
    PHOTO = "photo", _("图片")


def block_image_path(instance: "ArticleBlock", filename: str) -> str:
    return f"articles/{instance.article_id}/{filename}"


class ArticleBlock(models.Model):
    article = models.ForeignKey(
        InterviewArticle, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="blocks"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=BlockKind.choices)
    text = models.TextField(_("内容"), blank=True, **text_limit(BLOCK_MAX))
    image = models.ImageField(_("图片"), upload_to=block_image_path, blank=True)
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("正文块")
        verbose_name_plural = _("正文块")
        ordering = ["article", "position", "pk"]

    def __str__(self) -> str:
        # Body text may carry inline markup: cut the words, not a tag in half.
        return f"{self.get_kind_display()} {strip_tags(self.text)[:20]}"


class ArticleRevision(models.Model):
    """A snapshot of an article and its blocks (JSON), as Wagtail keeps revisions."""

    article = models.ForeignKey(
        InterviewArticle,
        verbose_name=_("文章"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    content = models.JSONField(_("内容快照"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # A snapshot of unpublished changes to an approved article (not what the public sees).
    draft = models.BooleanField(_("未发布的修改"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("修订")
        verbose_name_plural = _("修订")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.article} @ {self.created_at:%Y-%m-%d %H:%M}"
