"""Task results in the database (django-celery-results), with a chord that a piece run
twice cannot break.

django-celery-results counts a chord's header down by one for every piece that returns
and, when the count reaches zero, deletes the counter and calls the callback if every
piece is ready by then. A piece run twice (redelivered to a second worker while the
first still ran it, or after its worker died having stored its result) is counted twice:
the count reaches zero while another piece still runs, the callback is not called, the
counter is gone, and the last piece finds nothing to count ("Can't find ChordCounter").
The summary build's last step (``initiatives.build_top_summaries``) was lost that way
(tests/hosts, a worker host killed mid-build).

Here the callback is called when every piece of the header has a ready result (read
while the counter row is locked), and once: the piece that finds them all ready deletes
the counter; a piece that returns after that finds no counter and calls nothing. The
count is kept as the number of pieces not ready yet. Results must be stored (no
``ignore_result`` on a chord's pieces), as django-celery-results already requires.
"""

import json
import logging

from celery import states
from celery.canvas import maybe_signature
from django.db import router, transaction
from django_celery_results.backends.database import DatabaseBackend, trigger_callback
from django_celery_results.models import ChordCounter, TaskResult

logger = logging.getLogger(__name__)


def _pieces_not_ready(counter: ChordCounter, deps) -> int:
    entries = json.loads(counter.sub_tasks)  # result tuples: [[task_id, parent], children]
    if any(children for _, children in entries):  # a group inside the header
        return sum(not result.ready() for result in deps.results)
    ids = {task_id for (task_id, _parent), _children in entries}
    ready = TaskResult.objects.filter(task_id__in=ids, status__in=states.READY_STATES).count()
    return len(ids) - ready


class ChordSafeDatabaseBackend(DatabaseBackend):
    """``django-db`` results; a chord's callback once all of its header is ready."""

    def on_chord_part_return(self, request, state, result, **kwargs):
        tid, gid = request.id, request.group
        if not gid or not tid:
            return
        with transaction.atomic(using=router.db_for_write(ChordCounter)):
            counter = ChordCounter.objects.select_for_update().filter(group_id=gid).first()
            if counter is None:
                logger.info("chord %s: called back already; %s returned again", gid, tid)
                return
            deps = counter.group_result(app=self.app)
            waiting = _pieces_not_ready(counter, deps)
            if waiting:
                counter.count = waiting
                counter.save(update_fields=["count"])
                return
            counter.delete()
        callback = maybe_signature(request.chord, app=self.app)
        trigger_callback(app=self.app, callback=callback, group_result=deps)
