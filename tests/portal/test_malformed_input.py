"""Issue 10, finding 7: malformed input is a 400 (or the ordinary page) with a clear
message, never a 500. One middleware (portal/middleware.py) answers for every page."""

import pytest

from portal.middleware import MAX_QUERY_VALUE

NUL = "%00"
FORTY_DIGITS = "9" * 40


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/search/?q=a{NUL}b",
        f"/articles/?series=a{NUL}",
        f"/articles/?unit={NUL}",
        f"/units/?q={NUL}",
        f"/articles/?year=2026&unit=x&{NUL}=1",
        f"/review/?status={NUL}",
    ],
)
def test_a_nul_byte_in_a_query_parameter_is_a_400_that_says_why(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"/units/?page={FORTY_DIGITS}",
        f"/articles/?page={FORTY_DIGITS}",
        f"/series/any/?page={FORTY_DIGITS}",
        "/units/?page=-1",
        "/units/?page=1e9",
    ],
)
def test_an_absurd_page_number_is_a_400_that_says_why(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "页码无效" in response.content.decode()


@pytest.mark.django_db
def test_the_largest_page_number_allowed_is_the_ordinary_page(client):
    response = client.get("/units/?page=999999")
    assert response.status_code == 200
    response = client.get("/articles/?page=999999")
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_over_long_query_value_is_a_400(client):
    response = client.get("/search/", {"q": "党" * (MAX_QUERY_VALUE + 1)})
    assert response.status_code == 400
    assert str(MAX_QUERY_VALUE) in response.content.decode()
    assert client.get("/search/", {"q": "党" * MAX_QUERY_VALUE}).status_code == 200


@pytest.mark.django_db
def test_the_message_is_in_the_readers_language(client):
    response = client.get(f"/search/?q={NUL}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_a_one_megabyte_username_at_login_is_the_login_page_with_the_limit(client):
    response = client.post(
        "/accounts/login/", {"username": "a" * 1_000_000, "password": "demo-pass-2026"}
    )
    assert response.status_code == 200
    assert "150" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_field_is_a_400(client, official):
    client.force_login(official)
    response = client.post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
def test_login_still_works(client, official):
    from django.conf import settings

    official.set_password(settings.DEMO_PASSWORD)
    official.save()
    response = client.post(
        "/accounts/login/", {"username": official.username, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_the_api_answers_malformed_input_with_problem_details(client):
    response = client.get("/api/v1/units/?district=a%00b")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400
    assert response.json()["detail"]
