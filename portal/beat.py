"""One beat for the whole site, however many hosts start one.

Every worker host may start beat (``celery -A portal worker --beat`` or ``celery -A portal
beat``); each beat sends due tasks only while it holds a lock in Redis, a key naming its
holder that expires ``BEAT_LOCK_SECONDS`` after the last renewal. The holder renews it on
every tick (at most a third of that apart); the others wait and try again, so when the
holding host dies another beat takes over within ``BEAT_LOCK_SECONDS``. The holder writes
what it sent to the database after every send (``CELERY_BEAT_SYNC_EVERY = 1``) and a beat
that takes the lock reads the schedule again from there, so the new holder does not send
again what the dead one sent (tests/hosts found that without it, the taking beat sent the
minute's task a second time). A holder killed between a send and its write can still cause
one repeat, and right after taking over beat was seen sending an entry twice within 0.2 s:
every scheduled task is safe to run twice.

Without Redis (the embedded default: one host) there is nothing to share and no lock."""

import contextlib
import logging
import os
import socket
import uuid

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "portal:beat:lock"

# Renew if we hold it, take it if it is free; 1 when held afterwards.
_ACQUIRE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class BeatLock:
    """A lock held by one process, renewed by its holder, expiring if it stops."""

    def __init__(self, client, *, key: str = LOCK_KEY, seconds: float = 30):
        self.client = client
        self.key = key
        self.seconds = seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def acquire(self) -> bool:
        """Take or renew the lock; False if another beat holds it (or Redis is away)."""
        try:
            return bool(
                self._acquire(keys=[self.key], args=[self.holder, int(self.seconds * 1000)])
            )
        except Exception as exc:  # Redis away: send nothing rather than maybe twice
            logger.warning("beat lock: Redis did not answer (%s); sending nothing", exc)
            return False

    def release(self) -> None:
        with contextlib.suppress(Exception):  # it expires by itself
            self._release(keys=[self.key], args=[self.holder])


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, ticking only while it holds the beat lock."""

    def __init__(self, *args, **kwargs):
        self.lock = None
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5
            )
            self.lock = BeatLock(client, seconds=settings.BEAT_LOCK_SECONDS)
        self._holding = self.lock is None
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        if self.lock is None:
            return super().tick(*args, **kwargs)
        wait = self.lock.seconds / 3
        held = self.lock.acquire()
        if held != self._holding:
            self._holding = held
            logger.info("beat lock %s by %s", "taken" if held else "lost", self.lock.holder)
            if held:
                # What the last holder sent is in the database (it syncs after every send),
                # not in this process's copy of the schedule: read it again, rebuild the heap.
                self._initial_read = True
                self._heap = None
        if not held:
            return wait
        return min(super().tick(*args, **kwargs), wait)

    def close(self):
        super().close()
        if self.lock is not None and self._holding:
            self.lock.release()
