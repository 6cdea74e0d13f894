"""One beat for the whole site, however many hosts start one, and every scheduled run
sent at most once.

Every worker host may start beat (``celery -A portal worker --beat`` or ``celery -A portal
beat``); each beat sends due tasks only while it holds a lock in Redis, a key naming its
holder that expires ``BEAT_LOCK_SECONDS`` after the last renewal. The holder renews it on
every tick (at most a third of that apart); the others wait and try again, so when the
holding host dies another beat takes over within ``BEAT_LOCK_SECONDS``. A beat that takes
the lock reads the schedule again from the database.

The lock alone cannot stop a double send: a holder that stalls (a loaded machine, a
pause) past the lock's expiry still sends what it found due while the beat that took over
sends it too, and a beat's copy of the schedule can be older than what another beat sent
(tests/hosts saw the minute's task sent twice right after a takeover). So every send is
first claimed in the database: the beat moves the task's ``last_run_at`` from the value it
read to the time of this run with one ``UPDATE ... WHERE last_run_at = <read>``, and sends
only if that row changed. Of two beats with the same due run, one claims it; the other
sends nothing and reads the schedule again. A beat killed between its claim and its send
loses that run (at most once): the next one is sent on time.

Without Redis (the embedded default: one host) there is nothing to share and no lock; the
claim still holds."""

import contextlib
import logging
import os
import socket
import uuid

from django.conf import settings
from django.db import DatabaseError, close_old_connections
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler, ModelEntry

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


class ClaimedEntry(ModelEntry):
    """A schedule entry that remembers ``last_run_at`` as the database had it (None for a
    task never run: ModelEntry fills in a default it does not store)."""

    def __init__(self, model, app=None):
        self.stored_last_run_at = model.last_run_at
        self.claimed = False
        super().__init__(model, app=app)


def claim_run(*, task_id: int, seen, run_at) -> bool:
    """Move a periodic task's ``last_run_at`` from ``seen`` to ``run_at``; False if another
    beat moved it first (the run is theirs)."""
    rows = PeriodicTask.objects.filter(pk=task_id)
    rows = rows.filter(last_run_at__isnull=True) if seen is None else rows.filter(last_run_at=seen)
    try:
        close_old_connections()
        return rows.update(last_run_at=run_at) == 1
    except DatabaseError as exc:  # not claimed: the schedule is read again and tried again
        logger.warning("beat: could not claim a run of task %s (%s)", task_id, exc)
        return False


class SingleBeatScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, ticking only while it holds the beat lock, sending
    only the runs it claimed in the database."""

    Entry = ClaimedEntry

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

    def _read_again(self) -> None:
        """Read the schedule from the database on the next tick and rebuild the heap."""
        self._initial_read = True
        self._heap = None

    def tick(self, *args, **kwargs):
        if self.lock is None:
            return super().tick(*args, **kwargs)
        wait = self.lock.seconds / 3
        held = self.lock.acquire()
        if held != self._holding:
            self._holding = held
            logger.info("beat lock %s by %s", "taken" if held else "lost", self.lock.holder)
            if held:
                # What the last holder sent is in the database, not in this process's copy.
                self._read_again()
        if not held:
            return wait
        return min(super().tick(*args, **kwargs), wait)

    def reserve(self, entry):
        seen = entry.stored_last_run_at
        new_entry = super().reserve(entry)  # the next entry: last_run_at is this run's time
        entry.claimed = claim_run(
            task_id=entry.model.pk, seen=seen, run_at=new_entry.stored_last_run_at
        )
        if not entry.claimed:
            self._dirty.discard(new_entry.name)  # write nothing of a run that is not ours
        return new_entry

    def apply_entry(self, entry, producer=None):
        if not getattr(entry, "claimed", True):
            logger.info(
                "beat: %s not claimed (another beat sent it, or the database did not answer); "
                "reading the schedule again",
                entry.name,
            )
            self._read_again()
            return
        super().apply_entry(entry, producer=producer)

    def close(self):
        super().close()
        if self.lock is not None and self._holding:
            self.lock.release()
