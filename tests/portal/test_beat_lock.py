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
