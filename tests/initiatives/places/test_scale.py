"""Everything that lists or picks units, with 41,000 of them: pages stay one page long,
queries stay few, and no form offers a 41,000-option <select>."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.db.models import ForeignKey, ManyToManyField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Region, RegionKind
from initiatives.places.loading import fill_new_paths
from initiatives.public.selectors import UNITS_PER_PAGE
from tests.factories import make_user

UNITS = 41_000
CITIES = 20
DISTRICTS_PER_CITY = 10
OPTION = re.compile(r"<option\b")
SELECT = re.compile(r"<select\b.*?</select>", re.S)


def build_country():
    """Two provinces, 20 cities, 200 districts and 41,000 街道 and 镇, in bulk."""
    provinces = Region.objects.bulk_create(
        Region(name=name, kind=RegionKind.PROVINCE, code=code, slug=f"p{code[:2]}")
        for name, code in (("甲省", "370000000000"), ("乙省", "340000000000"))
    )
    fill_new_paths()
    cities = Region.objects.bulk_create(
        Region(
            name=f"第{n}市",
            kind=RegionKind.CITY,
            parent=provinces[n % 2],
            code=f"{provinces[n % 2].code[:2]}{n + 1:02d}00000000",
            slug=f"c{n}",
        )
        for n in range(CITIES)
    )
    fill_new_paths()
    districts = Region.objects.bulk_create(
        Region(
            name=f"第{n}区",
            kind=RegionKind.DISTRICT,
            parent=city,
            code=f"{city.code[:4]}{n + 1:02d}000000",
            slug=f"d{city.pk}-{n}",
        )
        for city in cities
        for n in range(DISTRICTS_PER_CITY)
    )
    fill_new_paths()
    per_district = UNITS // len(districts)
    Region.objects.bulk_create(
        (
            Region(
                name=f"测试{n}{'街道' if n % 2 else '镇'}",
                kind=RegionKind.SUBDISTRICT if n % 2 else RegionKind.TOWN,
                parent=district,
                code=f"{district.code[:6]}{n + 1:03d}000",
                slug=f"u{district.pk}-{n}",
            )
            for district in districts
            for n in range(per_district)
        ),
        batch_size=2000,
    )
    fill_new_paths()
    return provinces, cities, districts


def queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


def largest_select(html: str) -> int:
    return max((len(OPTION.findall(s)) for s in SELECT.findall(html)), default=0)


@pytest.mark.django_db
def test_41000_units_list_pick_and_admin_in_pinned_queries(client):
    provinces, cities, districts = build_country()
    assert Region.objects.filter(kind__in=["subdistrict", "town"]).count() == UNITS

    # /units/: one page of 200, three queries whatever the page or filter.
    response, count = queries(client, "/units/")
    assert (count, response.context["listing"].count_on_page) == (3, UNITS_PER_PAGE)
    assert response.context["listing"].has_next
    assert largest_select(response.content.decode()) <= 40  # provinces, not units
    response, count = queries(client, "/units/", {"page": "150"})
    assert (count, response.context["listing"].count_on_page) == (3, UNITS_PER_PAGE)
    response, count = queries(client, "/units/", {"page": "206"})
    assert response.context["listing"].count_on_page == 0 and count == 2
    city = cities[3]
    response, count = queries(
        client, "/units/", {"province": city.parent_id, "city": city.pk, "kind": "town"}
    )
    listing = response.context["listing"]
    assert count == 3 and listing.filters.city == city
    units = [u for p in listing.provinces for g in p.groups for u in g.units]
    assert len(units) == UNITS_PER_PAGE
    assert {u.kind for u in units} == {"town"} and all(u.path.startswith(city.path) for u in units)
    # The city list holds the chosen province's cities only.
    assert len(listing.filters.cities) == CITIES // 2
    response, count = queries(client, "/units/", {"q": districts[5].code[:6]})
    assert response.context["listing"].count_on_page == UNITS_PER_PAGE
    # 205 in a district: a page of 200 and a page of 5.
    within = {"within": districts[5].pk}
    assert client.get("/units/", within).content.decode().count('class="list-group-item') == 200
    last = client.get("/units/", {**within, "page": 2}).context["listing"]
    assert last.count_on_page == UNITS // len(districts) - 200
    # A province's own page lists its first 100 units and links to the rest.
    detail = client.get(provinces[0].get_absolute_url())
    assert len(detail.context["detail"].child_units) == 100
    assert f"?within={provinces[0].pk}" in detail.content.decode()

    # The picker's suggestions: at most 20, in one query.
    response, count = queries(client, reverse("initiatives:unit_autocomplete"), {"q": "测试1"})
    results = response.json()["results"]
    assert count == 1 and len(results) == 20
    # Each with its city and district, and the code the field reads back.
    for result in results:
        assert re.fullmatch(r"第\d+市 第\d+区 测试1\d*(街道|镇) · \d{12}", result["label"])
    # An exact name comes first.
    response = client.get(reverse("initiatives:unit_autocomplete"), {"q": "测试8镇"})
    assert response.json()["results"][0]["label"].split(" · ")[0].endswith(" 测试8镇")
    response, count = queries(
        client, reverse("initiatives:unit_autocomplete"), {"q": districts[7].code[:6] + "002"}
    )
    assert [r["label"].split(" · ")[1] for r in response.json()["results"]] == [
        districts[7].code[:6] + "002000"
    ]

    # Admin: a page of 100, the same queries with filters and a search; no <select> of
    # units on the change forms (autocomplete).
    client.force_login(make_user("admin"))
    url = "/admin/initiatives/region/"
    response, plain = queries(client, url)
    assert len(response.context["cl"].result_list) == 100
    response, filtered = queries(
        client, url, {"province": city.parent_id, "city": city.pk, "kind": "town"}
    )
    # The chosen province and city looked up (twice each: choices, then rows), the
    # province's cities listed: constant, whatever the rows.
    assert filtered == plain + 4
    assert len(response.context["cl"].result_list) == 100
    response, searched = queries(client, url, {"q": districts[7].code[:6]})
    assert response.context["cl"].result_count == UNITS // len(districts) + 1
    assert searched <= plain
    for model, model_admin in admin.site._registry.items():
        if not any(_points_at_region(f) for f in model._meta.get_fields()):
            continue
        if not model_admin.has_add_permission(response.wsgi_request):
            continue
        opts = model._meta
        page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert page.status_code == 200, opts.label
        assert largest_select(page.content.decode()) < 100, opts.label

    # The article form: the unit is a text field with suggestions.
    client.force_login(make_user("editor"))
    page = client.get(reverse("interviews:article_create")).content.decode()
    assert largest_select(page) < 100
    assert 'data-unit-autocomplete="/places/units/autocomplete/"' in page


def _points_at_region(field) -> bool:
    return isinstance(field, (ForeignKey, ManyToManyField)) and field.related_model is Region


def test_every_admin_field_pointing_at_a_region_is_an_autocomplete():
    """A <select> of every region is a 41,000-option page: every FK or M2M to Region in
    admin (inlines too) is an autocomplete, or read only."""
    missing = []
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)] + [
            (inline.model, inline(model, admin.site)) for inline in model_admin.inlines
        ]
        for owner, owner_admin in admins:
            for field in owner._meta.get_fields():
                if not _points_at_region(field) or not field.editable:
                    continue
                if field.name in owner_admin.autocomplete_fields:
                    continue
                if field.name in owner_admin.readonly_fields:
                    continue
                fields = owner_admin.fields or [
                    f for _name, options in owner_admin.fieldsets or () for f in options["fields"]
                ]
                if fields and field.name not in _flatten(fields):
                    continue
                missing.append(f"{type(owner_admin).__name__}.{field.name}")
    assert missing == []


def _flatten(fields):
    for item in fields:
        if isinstance(item, (list, tuple)):
            yield from item
        else:
            yield item
