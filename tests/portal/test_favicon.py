"""A favicon: every page links one, and /favicon.ico (what browsers and admin pages ask for
without a link) answers with an icon instead of a logged 404."""

import io

import pytest
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert icon.format == "ICO" and icon.size[0] >= 16
    body = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in body
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200
