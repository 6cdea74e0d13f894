"""A live worker keeps its messages: the Redis transport's visibility timeout as a lease.

Kombu's Redis transport emulates acknowledgements: a message a worker takes goes into the
``unacked`` hash, indexed by the time it was taken (the ``unacked_index`` sorted set). Any
worker puts back on the queue what has been there longer than ``visibility_timeout``: that
is how the task of a worker host that died comes back (``acks_late``). But the clock starts
when the message is taken, not when its worker was last seen: a task that runs longer than
the timeout, or waits for its ETA, is handed to a second worker while the first still runs
it (tests/hosts saw a summary build piece run twice that way, which made the chord count
the piece twice and never call the build's last step).

So every worker renews the index entries of the messages it holds, every third of the
timeout: a message stays unacknowledged as long as its worker lives, and comes back one
timeout after the worker died, however long the task takes. The timeout can then be
short (``CELERY_VISIBILITY_TIMEOUT``): it bounds how late a dead host's work is redone,
not how long a task may run. A worker stuck for longer than the timeout (swapped out,
paused) can still lose a message to another worker: every task stays safe to run twice.
The renewal runs in the worker's event loop, beside the pool: with the prefork pool (the
default) it goes on while tasks run; the solo pool runs tasks in that loop and renews
only between them.
"""

import logging

from celery import bootsteps
from django.utils import timezone

logger = logging.getLogger(__name__)


def held_tags(qos) -> list:
    """The delivery tags a channel's QoS holds unacknowledged (acked ones wait in _dirty
    until kombu flushes them)."""
    dirty = qos._dirty
    return [tag for tag in list(qos._delivered) if tag not in dirty]


def renew(channel, tags: list, *, now: float | None = None) -> int:
    """Mark ``tags`` as taken just now in the transport's index; only tags still there
    (``XX``: an acknowledged or restored message is not put back)."""
    if not tags:
        return 0
    # The transport's own epoch seconds, from the project's one clock (frozen in tests).
    stamp = timezone.now().timestamp() if now is None else now
    with channel.conn_or_acquire() as client:
        return client.zadd(channel.unacked_index_key, dict.fromkeys(tags, stamp), xx=True, ch=True)


class VisibilityLease(bootsteps.StartStopStep):
    """Consumer bootstep: renews this worker's unacknowledged messages on a timer."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        self.tref = None
        super().__init__(parent, **kwargs)

    def start(self, c):
        channel = c.task_consumer.channel
        if not hasattr(channel, "unacked_index_key"):  # not the Redis transport
            return
        interval = max(channel.visibility_timeout / 3, 0.5)
        self.tref = c.timer.call_repeatedly(interval, self._renew, (channel,), priority=5)
        logger.info("visibility lease: renewing held messages every %.1fs", interval)

    def _renew(self, channel):
        try:
            renew(channel, held_tags(channel.qos))
        except Exception as exc:  # Redis away: the next round tries again
            logger.warning("visibility lease: could not renew (%s)", exc)

    def stop(self, c):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop
