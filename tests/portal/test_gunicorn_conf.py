"""What a gunicorn worker loads when it starts (gunicorn.conf.py), so that no visitor's
first request pays for it."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_a_worker_builds_the_national_gazetteer_when_it_starts():
    from initiatives.places.divisions import gazetteer

    gazetteer.national_gazetteer.cache_clear()
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert gazetteer.national_gazetteer.cache_info().currsize == 1
    assert gazetteer.national_gazetteer().named("和平街道")
