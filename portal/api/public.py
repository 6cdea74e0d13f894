"""Public, read-only API: units (the tree with codes, profile figures over time, the
current secretary), each unit's approved figures, published articles and series (blocks
as structured JSON) and search. No token needed (rate-limited per address).

Every answer is cached in the default cache (Redis in production: every host shares it)
under its path, query, language and, for articles, the published version that the article
services bump, and carries an ``ETag``: ``If-None-Match`` with it answers 304."""

import hashlib
import json

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.urls import path
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives.places.models import FIGURE_FIELDS, Region
from initiatives.places.tree import ancestor_ids, in_district
from initiatives.public import selectors as unit_selectors
from initiatives.reporting.models import IndicatorValue
from interviews.articles import published
from interviews.articles.models import Series
from interviews.public import search as article_search
from interviews.public import selectors as article_selectors
from portal import pagecache

from .filters import month_bounds
from .pagination import ApiCursorPagination

CACHE_PREFIX = "api:v1:public"


def etag_of(data) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
    return f'"{hashlib.sha1(body.encode()).hexdigest()}"'


class CachedPublicMixin:
    """Cache the body, answer with its ETag, and 304 when the client has it already."""

    permission_classes = [AllowAny]
    etag = True
    follows_articles = False

    def _cache_key(self, request) -> str:
        # Every change to published articles invalidates the lists' tag (published.LISTS).
        version = pagecache.tag_version(published.LISTS) if self.follows_articles else 0
        parts = (translation.get_language(), request.get_host(), request.get_full_path())
        digest = hashlib.sha1("|".join(parts).encode()).hexdigest()
        return f"{CACHE_PREFIX}:{version}:{digest}"

    def get(self, request, *args, **kwargs):
        key = self._cache_key(request)
        cached = cache.get(key)
        if cached is None:
            if hasattr(self, "retrieve"):
                data = self.retrieve(**kwargs)
            else:
                data = super().get(request, *args, **kwargs).data
            cached = (etag_of(data), data)
            cache.set(key, cached, timeout=settings.API_PUBLIC_CACHE_SECONDS)
        etag, data = cached
        headers = {
            "ETag": etag,
            "Cache-Control": f"public, max-age={min(60, settings.API_PUBLIC_CACHE_SECONDS)}",
            "Vary": "Accept-Language",
        }
        wanted = request.headers.get("If-None-Match", "")
        if wanted and (wanted.strip() == "*" or etag in parse_etags(wanted)):
            return Response(status=304, headers=headers)
        return Response(data, headers=headers)


# Units ---------------------------------------------------------------------------------


class RegionRefSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    slug = serializers.CharField()


class UnitSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    slug = serializers.CharField()
    parent = RegionRefSerializer(allow_null=True)
    ancestors = serializers.SerializerMethodField()
    secretary = serializers.CharField(source="secretary_name", allow_null=True)

    @extend_schema_field(RegionRefSerializer(many=True))
    def get_ancestors(self, region) -> list[dict]:
        known = self.context.get("ancestors", {})
        chain = [known[pk] for pk in ancestor_ids(region.path) if pk in known]
        return RegionRefSerializer(chain, many=True).data


class UnitFilter(filters.FilterSet):
    district = filters.CharFilter(method="in_district", label=_("区县的统计用区划代码"))
    code = filters.CharFilter(field_name="code", label=_("单位的统计用区划代码（12 位）"))

    def in_district(self, queryset, name, value):
        district = Region.objects.filter(code=value).first()
        if district is None:
            return queryset.none()
        return queryset.filter(in_district(district))


class UnitPagination(ApiCursorPagination):
    ordering = ("path",)


class UnitListView(CachedPublicMixin, generics.ListAPIView):
    """Every reporting unit (街道/镇/乡), in tree order, with its code, parent, chain of
    ancestors and current secretary."""

    serializer_class = UnitSerializer
    pagination_class = UnitPagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = UnitFilter

    def get_queryset(self):
        return unit_selectors.public_units(today=timezone.localdate())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        ancestors = unit_selectors.regions_by_id(
            pk for region in page for pk in ancestor_ids(region.path)
        )
        data = UnitSerializer(page, many=True, context={"ancestors": ancestors}).data
        return self.get_paginated_response(data)


# A field per profile figure, named as the model names them (FIGURE_FIELDS is their home).
ProfileSerializer = type(
    "ProfileSerializer",
    (serializers.Serializer,),
    {
        "as_of": serializers.DateField(),
        **{name: serializers.IntegerField(allow_null=True) for name in FIGURE_FIELDS},
        "source": serializers.CharField(),
        "source_url": serializers.CharField(),
    },
)


class AppointmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="person.name")
    post = serializers.CharField()
    post_label = serializers.CharField(source="get_post_display")
    post_title = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)


class IndicatorProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2)
    target = serializers.DecimalField(max_digits=14, decimal_places=2)
    percent = serializers.FloatField(allow_null=True)


class PublicInitiativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    family = serializers.CharField(source="family.slug", allow_null=True)
    start_date = serializers.DateField()
    target_date = serializers.DateField(allow_null=True)
    indicators = IndicatorProgressSerializer(source="indicators.all", many=True)


class UnitDetailSerializer(serializers.Serializer):
    unit = UnitSerializer(source="region")
    ancestors = RegionRefSerializer(many=True)
    profiles = ProfileSerializer(many=True, help_text="Profile figures over time, newest first.")
    secretary = AppointmentSerializer(allow_null=True)
    other_posts = AppointmentSerializer(many=True)
    former_secretaries = AppointmentSerializer(many=True)
    initiatives = PublicInitiativeSerializer(many=True)


class UnitDetailView(CachedPublicMixin, APIView):
    """One unit: its chain, profile figures over time, current secretary and other posts,
    former secretaries, initiatives with progress (approved reports only)."""

    @extend_schema(responses=UnitDetailSerializer)
    def get(self, request, slug: str):
        return super().get(request, slug=slug)

    def retrieve(self, slug: str) -> dict:
        detail = unit_selectors.unit_detail(slug=slug, today=timezone.localdate())
        if not detail.region.is_unit:
            raise exceptions.NotFound(_("没有找到这个单位。"))
        detail.region.secretary_name = detail.secretary.person.name if detail.secretary else None
        return UnitDetailSerializer(
            {
                "region": detail.region,
                "ancestors": detail.ancestors,
                "profiles": [row["profile"] for row in detail.history_rows],
                "secretary": detail.secretary,
                "other_posts": detail.other_posts,
                "former_secretaries": detail.former_secretaries,
                "initiatives": detail.initiatives,
            },
            context={"ancestors": {r.pk: r for r in detail.ancestors}},
        ).data


class FigureSerializer(serializers.Serializer):
    initiative = serializers.IntegerField(source="report.initiative_id")
    initiative_title = serializers.CharField(source="report.initiative.title")
    indicator = serializers.IntegerField(source="indicator_id")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    period_start = serializers.DateField(source="report.period_start")
    period_end = serializers.DateField(source="report.period_end")
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class FigureFilter(filters.FilterSet):
    period = filters.CharFilter(
        method="overlapping_month",
        label=_("报告周期与之重叠的月份（YYYY-MM）"),
        validators=[
            RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份应写成 YYYY-MM，例如 2026-10。"))
        ],
    )
    family = filters.CharFilter(
        field_name="report__initiative__family__slug", label=_("工作类别（网址名）")
    )

    def overlapping_month(self, queryset, name, value):
        first, following = month_bounds(value)
        return queryset.filter(report__period_start__lt=following, report__period_end__gte=first)


class FigurePagination(ApiCursorPagination):
    ordering = ("-pk",)


class UnitFiguresView(CachedPublicMixin, generics.ListAPIView):
    """The unit's approved figures: one row per indicator and approved period."""

    serializer_class = FigureSerializer
    pagination_class = FigurePagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = FigureFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return IndicatorValue.objects.none()
        region = Region.objects.filter(slug=self.kwargs["slug"]).first()
        if region is None or not region.is_unit:
            raise exceptions.NotFound(_("没有找到这个单位。"))
        return unit_selectors.approved_values(region=region)


# Articles and series -------------------------------------------------------------------


class SeriesRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()


class ArticleSerializer(serializers.Serializer):
    slug = serializers.CharField()
    headline = serializers.CharField()
    subtitle = serializers.CharField()
    series = SeriesRefSerializer(allow_null=True)
    unit = RegionRefSerializer(source="region", allow_null=True)
    person = serializers.CharField(source="person.name", allow_null=True, default=None)
    interviewee_post = serializers.CharField()
    byline = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    outlets = serializers.SerializerMethodField()

    def get_outlets(self, article) -> list[str]:
        return [outlet.name for outlet in article.outlets.all()]


class BlockSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField(help_text="Sanitised inline HTML (b, i, a ...).")
    caption = serializers.CharField()
    image = serializers.SerializerMethodField()

    def get_image(self, block) -> str | None:
        return block.image.url if block.image else None


class ArticleDetailSerializer(ArticleSerializer):
    editor_note = serializers.CharField()
    original_url = serializers.CharField()
    blocks = BlockSerializer(source="blocks.all", many=True)


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ArticleFilter(filters.FilterSet):
    series = filters.CharFilter(field_name="series__slug", label=_("系列（网址名）"))
    unit = filters.CharFilter(field_name="region__code", label=_("单位的统计用区划代码（12 位）"))
    year = YearFilter(
        field_name="published_at__year", label=_("发布年份"), min_value=1949, max_value=2200
    )


class ArticlePagination(ApiCursorPagination):
    ordering = ("-published_at", "-pk")


class ArticleListView(CachedPublicMixin, generics.ListAPIView):
    """Published articles, newest first."""

    follows_articles = True
    serializer_class = ArticleSerializer
    pagination_class = ArticlePagination
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ArticleFilter

    def get_queryset(self):
        return article_selectors.published_articles()


class ArticleDetailView(CachedPublicMixin, APIView):
    """One published article with its blocks in order."""

    follows_articles = True

    @extend_schema(responses=ArticleDetailSerializer)
    def get(self, request, slug: str):
        return super().get(request, slug=slug)

    def retrieve(self, slug: str) -> dict:
        article = article_selectors.published_article(slug)
        if article is None:
            raise exceptions.NotFound(_("没有找到这篇文章。"))
        return ArticleDetailSerializer(article).data


class SeriesSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()


class SeriesPagination(ApiCursorPagination):
    ordering = ("title",)


class SeriesListView(CachedPublicMixin, generics.ListAPIView):
    """Every series (栏目) of interviews."""

    follows_articles = True
    serializer_class = SeriesSerializer
    pagination_class = SeriesPagination

    def get_queryset(self):
        return Series.objects.all()


class SeriesDetailSerializer(SeriesSerializer):
    articles = ArticleSerializer(many=True)


class SeriesDetailView(CachedPublicMixin, APIView):
    """A series with its published articles, newest first (at most 100)."""

    follows_articles = True

    @extend_schema(responses=SeriesDetailSerializer)
    def get(self, request, slug: str):
        return super().get(request, slug=slug)

    def retrieve(self, slug: str) -> dict:
        series = Series.objects.filter(slug=slug).first()
        if series is None:
            raise exceptions.NotFound(_("没有找到这个系列。"))
        series.articles_page = list(article_selectors.public_article_list(series=slug)[:100])
        return SeriesDetailSerializer(
            {
                "title": series.title,
                "slug": series.slug,
                "description": series.description,
                "articles": series.articles_page,
            }
        ).data


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["article", "initiative", "unit"])
    kind_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField()


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = SearchResultSerializer(many=True)


class SearchView(CachedPublicMixin, APIView):
    """Published articles (ranked), then initiatives and units whose names match."""

    follows_articles = True

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words to look for (2-100 characters).")
        ],
        responses=SearchSerializer,
    )
    def get(self, request):
        return super().get(request)

    def retrieve(self) -> dict:
        query = (self.request.query_params.get("q") or "").strip()
        if len(query) > 100:
            raise exceptions.ValidationError({"q": [_("搜索词最多 100 个字。")]})
        results = article_search.search(query) if query else []
        return SearchSerializer(
            {
                "query": query,
                "results": [
                    {
                        "kind": r.kind,
                        "kind_label": str(r.kind_label),
                        "title": strip_tags(r.title),
                        "url": self.request.build_absolute_uri(r.url),
                        "snippet": strip_tags(r.snippet),
                    }
                    for r in results
                ],
            }
        ).data


urlpatterns = [
    path("units/", UnitListView.as_view(), name="units"),
    path("units/<slug:slug>/", UnitDetailView.as_view(), name="unit"),
    path("units/<slug:slug>/figures/", UnitFiguresView.as_view(), name="unit_figures"),
    path("articles/", ArticleListView.as_view(), name="articles"),
    path("articles/<slug:slug>/", ArticleDetailView.as_view(), name="article"),
    path("series/", SeriesListView.as_view(), name="series_list"),
    path("series/<slug:slug>/", SeriesDetailView.as_view(), name="series"),
    path("search/", SearchView.as_view(), name="search"),
]
