"""The API's fixtures: a client and a token per user."""

import pytest


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def bearer():
    """``bearer(user)``: the Authorization header of a fresh token of ``user``."""
    from portal.api.services import token_create

    def make(user, **kwargs):
        _token, key = token_create(user=user, name=kwargs.pop("name", "测试"), **kwargs)
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    return make
