"""One beat however many hosts start one: the Redis lock of ``portal.beat`` (real Redis)."""

import time
import uuid

import pytest
from django_celery_beat.schedulers import DatabaseScheduler

from portal.beat import BeatLock, SingleBeatScheduler


@pytest.fixture
def redis_client(redis_broker):
    import redis

    client = redis.Redis.from_url(redis_broker)
    key = f"portal:test:beat:{uuid.uuid4().hex}"
    yield client, key
    client.delete(key)


def test_one_holder_at_a_time_and_the_next_takes_over_when_it_stops(redis_client):
    client, key = redis_client
    first, second = BeatLock(client, key=key, seconds=5), BeatLock(client, key=key, seconds=5)
    assert first.acquire() and not second.acquire()
    assert first.acquire(), "the holder renews"
    assert client.get(key).decode() == first.holder
    second.release()  # releasing what one does not hold changes nothing
    assert not second.acquire()
    first.release()
    assert second.acquire() and not first.acquire()


def test_the_lock_expires_when_its_holder_stops_renewing(redis_client):
    client, key = redis_client
    dead, alive = BeatLock(client, key=key, seconds=0.3), BeatLock(client, key=key, seconds=0.3)
    assert dead.acquire() and not alive.acquire()
    time.sleep(0.5)
    assert alive.acquire()
    assert not dead.acquire(), "a holder that came back after expiry waits its turn"


def test_a_beat_without_the_lock_sends_nothing(redis_client, monkeypatch):
    client, key = redis_client
    ticks = []
    reads = []

    def tick(self, *args, **kwargs):
        ticks.append(self)
        reads.append((self._initial_read, self._heap))
        self._initial_read, self._heap = False, ["read"]
        return 1.0

    monkeypatch.setattr(DatabaseScheduler, "tick", tick)
    beats = []
    for _ in range(2):
        beat = SingleBeatScheduler.__new__(SingleBeatScheduler)  # no database connection
        beat.lock, beat._holding = BeatLock(client, key=key, seconds=6), False
        beat._initial_read, beat._heap = False, ["stale"]
        beats.append(beat)
    for _ in range(3):
        assert [beat.tick() for beat in beats] == [1.0, 2.0]
    assert ticks == [beats[0]] * 3
    beats[0].lock.release()
    assert beats[1].tick() == 1.0 and ticks[-1] is beats[1]
    # Taking the lock, a beat reads the schedule (what the last holder sent) again.
    assert reads[-1] == (True, None) and beats[1]._heap == ["read"]
    assert beats[0].tick() == 2.0


def _beat(scheduler_class):
    """A beat on the project's app and the test database that believes it holds the lock
    (as a holder that stalled past the lock's expiry does)."""
    from portal.celery import app

    beat = scheduler_class(app=app)
    beat.lock, beat._holding = None, True
    beat.producer = None  # nothing reaches a broker: the sends are recorded
    return beat


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("scheduler_class", "sends"),
    [(SingleBeatScheduler, 1), (DatabaseScheduler, 2)],
    ids=["claimed", "stock"],
)
def test_two_beats_that_both_found_a_run_due_send_it_once(scheduler_class, sends, monkeypatch):
    """The takeover case: two beats read the schedule while the run was due; the first
    sends it; the second, with its copy read before that send, must not. django-celery-
    beat's own scheduler (``stock``) sends it twice: why the claim exists."""
    import datetime as dt

    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from portal.celery import app

    sent = []
    task = app.tasks["portal.send_pending_notifications"]
    # What beat hands to the broker, recorded; beat's own bookkeeping around it runs.
    monkeypatch.setattr(
        task,
        "apply_async",
        lambda *args, **kwargs: sent.append(kwargs["headers"]["periodic_task_name"]),
    )
    first, second = _beat(scheduler_class), _beat(scheduler_class)
    PeriodicTask.objects.update(enabled=False)  # the project's schedule: not due in this test
    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    due = PeriodicTask.objects.create(
        name="test-hourly",
        task="portal.send_pending_notifications",
        interval=hourly,
        last_run_at=timezone.now() - dt.timedelta(hours=2),
    )
    for beat in (first, second):
        assert list(beat.schedule) == ["test-hourly"]  # both read it, due
    try:
        assert first.tick() == 0
        assert len(sent) == 1
        second.tick()
        second.tick()  # and again, after reading the schedule again
        assert sent == ["test-hourly"] * sends
        due.refresh_from_db()
        run_at = due.last_run_at
        assert run_at > timezone.now() - dt.timedelta(minutes=1)
        if scheduler_class is SingleBeatScheduler:
            assert due.total_run_count == 1
            # The second beat read the schedule again: the run is not due for an hour.
            assert second.schedule["test-hourly"].last_run_at == run_at
            assert not second.schedule["test-hourly"].is_due().is_due
    finally:
        for beat in (first, second):
            beat._finalize.cancel()
