"""The signed-in user of a request comes with the profile, its unit and its district in
one query (``portal.accounts.backends.UserBackend``), for password logins and sessions."""

import pytest
from django.urls import reverse

from portal.accounts.backends import UserBackend
from portal.accounts.roles import district_of, unit_of
from tests.factories import DistrictFactory, UnitFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


def test_the_user_is_read_with_profile_unit_and_district_in_one_query(
    django_assert_num_queries,
):
    district = DistrictFactory()
    unit = UnitFactory(parent=district)
    official = make_user("official", unit=unit)
    reviewer = make_user("reviewer", district=district)
    with django_assert_num_queries(1):
        user = UserBackend().get_user(official.pk)
        assert unit_of(user) == unit and district_of(user) is None
    with django_assert_num_queries(1):
        user = UserBackend().get_user(reviewer.pk)
        assert district_of(user) == district and unit_of(user) is None


def test_a_user_without_profile_an_inactive_user_and_a_missing_id():
    bare = UserFactory()
    assert UserBackend().get_user(bare.pk) == bare
    assert unit_of(UserBackend().get_user(bare.pk)) is None
    inactive = UserFactory(is_active=False)
    assert UserBackend().get_user(inactive.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_password_login_keeps_the_session_on_this_backend(client, settings):
    official = make_user("official", unit=UnitFactory())
    official.set_password("pw-for-this-test-2026")
    official.save()
    response = client.post(
        reverse("login"), {"username": official.username, "password": "pw-for-this-test-2026"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "portal.accounts.backends.UserBackend"
    assert "portal.accounts.backends.UserBackend" in settings.AUTHENTICATION_BACKENDS
