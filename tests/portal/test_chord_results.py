"""A chord's callback when a piece of its header runs twice (portal.celery_results): the
database result backend calls it once every piece is ready, and never before. The pieces'
results are stored as a worker stores them; what would queue the callback is recorded."""

import uuid
from types import SimpleNamespace

import pytest
from celery import states
from celery.result import AsyncResult
from django_celery_results.backends import database as stock
from django_celery_results.models import ChordCounter

from portal import celery_results
from portal.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def callbacks(monkeypatch):
    called = []

    def record(app, callback, group_result):
        called.append((callback["task"], sorted(r.id for r in group_result.results)))

    monkeypatch.setattr(celery_results, "trigger_callback", record)
    monkeypatch.setattr(stock, "trigger_callback", record)
    return called


def _chord(backend, size=3):
    group_id = str(uuid.uuid4())
    pieces = [str(uuid.uuid4()) for _ in range(size)]
    body = app.signature("initiatives.build_top_summaries", args=("week", "2026-11-16"))
    backend.apply_chord((group_id, [AsyncResult(p, app=app) for p in pieces]), body)
    return group_id, pieces, body


def _returns(backend, group_id, body, piece):
    """A piece finishing on a worker: its result stored, then the chord told."""
    backend.store_result(piece, 1, states.SUCCESS)
    backend.on_chord_part_return(
        SimpleNamespace(id=piece, group=group_id, chord=body), states.SUCCESS, 1
    )


def test_a_piece_run_twice_neither_calls_back_early_nor_loses_the_callback(callbacks):
    backend = celery_results.ChordSafeDatabaseBackend(app=app)
    group_id, (first, second, last), body = _chord(backend)
    _returns(backend, group_id, body, first)
    _returns(backend, group_id, body, first)  # redelivered: run again
    _returns(backend, group_id, body, second)
    assert callbacks == [], "called back while a piece still runs"
    assert ChordCounter.objects.get(group_id=group_id).count == 1
    _returns(backend, group_id, body, last)
    assert callbacks == [("initiatives.build_top_summaries", sorted([first, second, last]))]
    assert not ChordCounter.objects.filter(group_id=group_id).exists()
    _returns(backend, group_id, body, second)  # a late second run calls nothing
    assert len(callbacks) == 1


def test_a_failed_piece_still_ends_the_chord(callbacks):
    backend = celery_results.ChordSafeDatabaseBackend(app=app)
    group_id, (first, second), body = _chord(backend, size=2)
    _returns(backend, group_id, body, first)
    backend.store_result(second, ValueError("boom"), states.FAILURE)
    backend.on_chord_part_return(
        SimpleNamespace(id=second, group=group_id, chord=body), states.FAILURE, None
    )
    # trigger_callback joins the header and marks the callback failed (ChordError).
    assert len(callbacks) == 1


def test_the_stock_backend_loses_the_callback_of_a_piece_run_twice(callbacks):
    """Why the project's backend exists: django-celery-results counts the repeat."""
    backend = stock.DatabaseBackend(app=app)
    group_id, (first, second, last), body = _chord(backend)
    for piece in (first, first, second, last):
        _returns(backend, group_id, body, piece)
    assert callbacks == []


def test_the_project_uses_it():
    assert isinstance(app.backend, celery_results.ChordSafeDatabaseBackend)
