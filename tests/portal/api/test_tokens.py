"""API tokens: stored hashed, expiring, revoked, on the account page and in admin."""

import datetime as dt

import pytest
from django.urls import reverse

from portal.api import services
from portal.api.models import ApiToken
from portal.api.services import key_digest
from portal.errors import WorkflowError

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_its_hash_only(official):
    token, key = services.token_create(user=official, name="区数据平台")
    assert key.startswith("pt_") and len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == key_digest(key) and key not in stored.key_hash
    assert stored.prefix == key[:10]
    assert not any(key in str(v) for v in ApiToken.objects.values_list().get(pk=token.pk))


def test_the_key_authenticates_until_revoked(api, official, now):
    token, key = services.token_create(user=official, name="网格 App")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert api.get("/api/v1/reports/", **auth).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == now

    services.token_revoke(token=token, by=official)
    response = api.get("/api/v1/reports/", **auth)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "令牌无效、已吊销或已过期。"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_expired_token_is_refused(api, official, now, time_machine):
    _token, key = services.token_create(
        user=official, name="一周", expires_at=now + dt.timedelta(days=7)
    )
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert api.get("/api/v1/reports/", **auth).status_code == 200
    time_machine.move_to(now + dt.timedelta(days=7, seconds=1), tick=False)
    assert api.get("/api/v1/reports/", **auth).status_code == 401


def test_a_deactivated_user_token_and_a_wrong_key_are_refused(api, official):
    _token, key = services.token_create(user=official, name="x")
    assert api.get("/api/v1/reports/", HTTP_AUTHORIZATION="Bearer pt_wrong").status_code == 401
    official.is_active = False
    official.save(update_fields=["is_active"])
    assert api.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_create_refuses_no_name_and_a_past_expiry(official, now):
    with pytest.raises(WorkflowError, match="请给令牌起一个名称"):
        services.token_create(user=official, name="  ")
    with pytest.raises(WorkflowError, match="到期时间应晚于现在"):
        services.token_create(user=official, name="x", expires_at=now - dt.timedelta(minutes=1))
    assert ApiToken.objects.count() == 0


def test_only_the_owner_or_an_admin_revokes(official, other_official, admin_user):
    from django.core.exceptions import PermissionDenied

    token, _key = services.token_create(user=official, name="x")
    with pytest.raises(PermissionDenied):
        services.token_revoke(token=token, by=other_official)
    assert services.token_revoke(token=token, by=admin_user).is_revoked


def test_the_account_page_creates_shows_the_key_once_and_revokes(client, official, other_official):
    client.force_login(official)
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 200
    response = client.post(reverse("api_tokens"), {"name": "区数据平台", "expires_on": ""})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=official)
    assert token.key_hash == key_digest(key)
    # Shown once: the list page later shows only the prefix.
    assert key not in client.get(reverse("api_tokens")).content.decode()

    # Another user cannot revoke it (404), its owner can.
    client.force_login(other_official)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(official)
    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.is_revoked


def test_the_account_page_refuses_a_past_day_with_its_message(client, official, today):
    client.force_login(official)
    response = client.post(
        reverse("api_tokens"),
        {"name": "x", "expires_on": (today - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "到期时间应晚于现在。" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_the_account_menu_links_the_token_page(client, official):
    client.force_login(official)
    assert reverse("api_tokens") in client.get("/").content.decode()


def test_anonymous_users_go_to_login(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_admin_creates_a_token_showing_the_key_once_and_revokes(client, admin_user, official):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:portal_apitoken_add"),
        {"user": official.pk, "name": "后台建的", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=official)
    shown = [str(m) for m in response.context["messages"]]
    assert any(token.prefix in text for text in shown)
    client.post(
        reverse("admin:portal_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.is_revoked
