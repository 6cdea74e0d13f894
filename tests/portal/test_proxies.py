"""The reader's address behind the reverse proxy (django-axes counts failures by it)."""

import pytest
from django.test import RequestFactory, override_settings

from portal.proxies import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.4", "198.51.100.7", "198.51.100.7"),  # through the proxy
        ("10.0.0.4", "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # a claim before it
        ("198.51.100.8", "203.0.113.9", "198.51.100.8"),  # not from the proxy: ignored
        ("10.0.0.4", "", "10.0.0.4"),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.4"])
def test_the_forwarded_address_is_believed_only_from_the_proxy(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.4"], AXES_FAILURE_LIMIT=2)
def test_failures_through_the_proxy_count_against_the_reader_not_the_proxy(client, official):
    from axes.models import AccessAttempt

    for _ in range(2):
        client.post(
            "/accounts/login/",
            {"username": official.username, "password": "wrong"},
            REMOTE_ADDR="10.0.0.4",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
