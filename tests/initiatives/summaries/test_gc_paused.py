"""The build's pieces run with the cyclic garbage collector paused, and resume it."""

import gc

import pytest

from initiatives.summaries.services import building


def test_a_piece_runs_with_the_collector_paused_and_resumes_it():
    seen = []

    @building._gc_paused
    def piece(n, *, m):
        seen.append(gc.isenabled())
        return n + m

    assert gc.isenabled()
    assert piece(3, m=4) == 7
    assert seen == [False]
    assert gc.isenabled()


def test_a_failing_piece_resumes_the_collector():
    @building._gc_paused
    def piece():
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        piece()
    assert gc.isenabled()


def test_a_nested_piece_leaves_the_collector_to_the_outer_one():
    seen = []

    @building._gc_paused
    def inner():
        seen.append(gc.isenabled())

    @building._gc_paused
    def outer():
        inner()
        seen.append(gc.isenabled())

    outer()
    assert seen == [False, False]
    assert gc.isenabled()


def test_the_national_pieces_are_paused():
    for piece in (building.summaries_build_districts, building.summaries_build_top):
        assert piece.__wrapped__ is not piece
