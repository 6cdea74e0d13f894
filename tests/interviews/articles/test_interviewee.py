"""The interviewee is one of the unit's people (they hold or held a post there): a person of
another unit is refused with a message wherever an article is written (the editorial form,
the service, Django admin, the importer's accept step), and the form offers each person
with their units so the script can list only the chosen unit's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from initiatives.models import Appointment, Person, Post
from interviews.articles.forms import ArticleForm
from interviews.articles.services import editing
from interviews.imports import services as imports
from interviews.imports.forms import NONE
from interviews.imports.services import AcceptDecision, Outcome
from interviews.models import InterviewArticle
from tests.factories import AppointmentFactory, PersonFactory
from tests.interviews.imports.test_services import ARTICLE

pytestmark = pytest.mark.django_db

MISMATCH = "即墨路书记在和平街道没有任职记录。请从该单位的人员中选择受访人"


@pytest.fixture
def secretaries(unit, foreign_unit):
    """和平街道's secretary and 即墨路街道's."""
    ours = PersonFactory(name="王志刚")
    AppointmentFactory(person=ours, region=unit, post=Post.SUBDISTRICT_SECRETARY)
    theirs = PersonFactory(name="即墨路书记")
    AppointmentFactory(person=theirs, region=foreign_unit, post=Post.SUBDISTRICT_SECRETARY)
    return ours, theirs


def form_data(unit, person, **extra) -> dict:
    return {"headline": "访谈", "region": unit.pk, "person": person.pk, "published_at": "", **extra}


def test_the_form_refuses_another_units_secretary(unit, secretaries):
    ours, theirs = secretaries
    form = ArticleForm(form_data(unit, theirs), instance=InterviewArticle())
    assert not form.is_valid()
    assert MISMATCH in form.errors["person"][0]
    assert ArticleForm(form_data(unit, ours), instance=InterviewArticle()).is_valid()


def test_the_form_lists_people_with_their_units(unit, foreign_unit, secretaries):
    html = str(ArticleForm(instance=InterviewArticle())["person"])
    ours, theirs = secretaries
    assert f'data-units="{unit.pk}"' in html and f'data-units="{foreign_unit.pk}"' in html
    assert "王志刚（和平街道 党工委书记）" in html


def test_a_former_post_counts(unit, secretaries):
    """An article may be years old: a past appointment in the unit is enough."""
    former = PersonFactory(name="孙前任")
    AppointmentFactory(person=former, region=unit, end_date="2020-12-31")
    assert ArticleForm(form_data(unit, former), instance=InterviewArticle()).is_valid()


def test_the_service_refuses_it_too(unit, secretaries, editor):
    _ours, theirs = secretaries
    with pytest.raises(ValidationError) as refused:
        editing.article_save(
            article=InterviewArticle(headline="访谈", region=unit, person=theirs),
            by=editor,
            blocks=[editing.BlockData(kind="paragraph", text="正文")],
        )
    assert MISMATCH in refused.value.message_dict["person"][0]
    assert not InterviewArticle.objects.exists()


def test_admin_refuses_it_with_the_message(client, admin_user, unit, secretaries, make_article):
    _ours, theirs = secretaries
    article = make_article("后台的文章")
    client.force_login(admin_user)
    url = reverse("admin:interviews_interviewarticle_change", args=[article.pk])
    response = client.post(
        url,
        {
            "headline": article.headline,
            "slug": article.slug,
            "reporters": "[]",
            "correspondents": "[]",
            "region": unit.pk,
            "person": theirs.pk,
            "blocks-TOTAL_FORMS": "0",
            "blocks-INITIAL_FORMS": "0",
            "blocks-MIN_NUM_FORMS": "0",
            "blocks-MAX_NUM_FORMS": "1000",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "1000",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert MISMATCH in response.content.decode()
    assert InterviewArticle.objects.get(pk=article.pk).person is None


@pytest.fixture
def imported(unit, editor):
    outcome = imports.import_file(data=ARTICLE.encode("utf-8"), filename="heping.txt", by=editor)
    assert outcome.status == Outcome.IMPORTED, outcome.message
    return outcome.record


def test_the_import_does_not_link_a_namesake_of_another_unit(unit, foreign_unit, editor):
    namesake = PersonFactory(name="王志刚")
    AppointmentFactory(person=namesake, region=foreign_unit)
    outcome = imports.import_file(data=ARTICLE.encode("utf-8"), filename="heping.txt", by=editor)
    article = outcome.record.article
    assert article.region == unit
    assert article.person is None  # left for the editor, not guessed


def test_accepting_another_units_person_is_refused(imported, unit, secretaries, editor):
    _ours, theirs = secretaries
    with pytest.raises(ValidationError) as refused:
        imports.import_accept(
            record=imported, by=editor, decision=AcceptDecision(region=unit, person=theirs)
        )
    assert MISMATCH in " ".join(refused.value.messages)
    imported.refresh_from_db()
    assert imported.is_pending and imported.article.person is None


def test_a_new_interviewee_becomes_one_of_the_units_people(imported, unit, editor):
    imports.import_accept(
        record=imported, by=editor, decision=AcceptDecision(region=unit, create_person=True)
    )
    person = Person.objects.get(name="王志刚")
    assert Appointment.objects.filter(person=person, region=unit).exists()
    assert InterviewArticle.objects.get(pk=imported.article_id).person == person


def test_the_review_page_shows_the_refusal(client, unit, foreign_unit, editor):
    namesake = PersonFactory(name="王志刚")  # the name the article gives, of another unit
    AppointmentFactory(person=namesake, region=foreign_unit)
    record = imports.import_file(data=ARTICLE.encode("utf-8"), filename="a.txt", by=editor).record
    client.force_login(editor)
    response = client.post(
        reverse("interviews:import_accept", args=[record.pk]),
        {"unit": str(unit.pk), "person": str(namesake.pk), "series": NONE, "outlet": NONE},
    )
    assert response.status_code == 400
    assert "王志刚在和平街道没有任职记录" in response.content.decode()
    record.refresh_from_db()
    assert record.is_pending and record.article.person is None
