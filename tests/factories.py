"""factory_boy factories for every model the tests build. Units come with their district,
city and province, as in the real tree."""

import datetime as dt

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from initiatives import models as im
from interviews import models as am
from portal.models import UserProfile


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Region

    name = factory.Sequence(lambda n: f"测试区划{n}")
    kind = im.RegionKind.CITY
    slug = factory.Sequence(lambda n: f"region-{n}")
    parent = None


class DistrictFactory(RegionFactory):
    kind = im.RegionKind.DISTRICT
    name = factory.Sequence(lambda n: f"测试{n}区")
    parent = factory.SubFactory(RegionFactory, kind=im.RegionKind.CITY)


class UnitFactory(RegionFactory):
    """A 街道 in its own district."""

    kind = im.RegionKind.SUBDISTRICT
    name = factory.Sequence(lambda n: f"测试{n}街道")
    parent = factory.SubFactory(DistrictFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Person

    name = factory.Sequence(lambda n: f"张{n}")
    slug = factory.Sequence(lambda n: f"person-{n}")


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Appointment

    person = factory.SubFactory(PersonFactory)
    region = factory.SubFactory(UnitFactory)
    post = im.Post.SUBDISTRICT_SECRETARY
    start_date = dt.date(2020, 1, 1)


class InitiativeFamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.InitiativeFamily
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"党建+{n}")
    slug = factory.Sequence(lambda n: f"family-{n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Initiative

    region = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"重点工作{n}")
    family = factory.SubFactory(InitiativeFamilyFactory)
    start_date = dt.date(2026, 1, 1)
    status = im.InitiativeStatus.ACTIVE
    frequency = im.Frequency.MONTH


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.Indicator

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "个"
    baseline = 0
    target = 100


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ProgressReport

    initiative = factory.SubFactory(InitiativeFactory)
    period_start = dt.date(2026, 10, 1)
    period_end = dt.date(2026, 10, 31)
    due_date = dt.date(2026, 11, 5)
    status = im.ReportStatus.DRAFT
    narrative = "本月推进情况。"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.IndicatorValue

    report = factory.SubFactory(ProgressReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = 10


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", settings.DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role: str, *, unit=None, district=None, **kwargs):
    """A user in one role's group, with the profile that role needs."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    if role in ("reviewer", "editor", "admin"):
        user.is_staff = True
    if role == "admin":
        user.is_superuser = True
    user.save()
    UserProfile.objects.update_or_create(user=user, defaults={"unit": unit, "district": district})
    return user


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.Outlet

    name = factory.Sequence(lambda n: f"测试日报{n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.Series

    title = factory.Sequence(lambda n: f"书记访谈系列{n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.InterviewArticle

    headline = factory.Sequence(lambda n: f"访谈标题{n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    status = am.ArticleStatus.DRAFT


class ArticleBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = am.ArticleBlock

    article = factory.SubFactory(ArticleFactory)
    kind = am.BlockKind.PARAGRAPH
    text = "段落内容。"
    position = factory.Sequence(lambda n: n)
