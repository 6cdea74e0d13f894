"""The broker's visibility timeout as a lease (portal.celery_lease), on the real Redis: a
message a live worker holds is not handed to another worker however long it has been
held; once its worker stops renewing, the next sweep puts it back on the queue."""

import time
import uuid

import pytest
from kombu import Connection, Producer, Queue

from portal.celery import app
from portal.celery_lease import VisibilityLease, held_tags, renew


@pytest.fixture
def channel(redis_broker):
    # Keys of this test's own (kombu's global_keyprefix), so no worker's messages are touched.
    prefix = f"portal-test-lease-{uuid.uuid4().hex[:8]}:"
    options = {"global_keyprefix": prefix, "visibility_timeout": 60}
    with Connection(redis_broker, transport_options=options) as connection:
        channel = connection.default_channel
        queue = Queue(f"lease-{uuid.uuid4().hex[:8]}", channel=channel)
        queue.declare()
        yield channel, queue
        queue.delete()
        with channel.conn_or_acquire() as client:
            client.delete(channel.unacked_key, channel.unacked_index_key)


def _publish(channel, queue):
    Producer(channel).publish("piece", routing_key=queue.name, serializer="json")


def _taken_long_ago(channel, tag):
    """As if the message had been taken twice the timeout ago."""
    with channel.conn_or_acquire() as client:
        client.zadd(channel.unacked_index_key, {tag: time.time() - 2 * channel.visibility_timeout})


def _sweep(channel):
    channel.qos.restore_visible(num=100, interval=1)


def test_a_held_message_renewed_by_its_worker_stays_with_it(channel):
    channel, queue = channel
    _publish(channel, queue)
    message = queue.get(no_ack=False)
    assert held_tags(channel.qos) == [message.delivery_tag]
    _taken_long_ago(channel, message.delivery_tag)
    assert renew(channel, held_tags(channel.qos)) == 1
    _sweep(channel)
    assert queue.get(no_ack=False) is None, "a live worker's message went back to the queue"
    message.ack()
    assert held_tags(channel.qos) == []
    with channel.conn_or_acquire() as client:
        assert client.zcard(channel.unacked_index_key) == 0


def test_a_message_whose_worker_stopped_renewing_goes_back(channel):
    channel, queue = channel
    _publish(channel, queue)
    message = queue.get(no_ack=False)
    _taken_long_ago(channel, message.delivery_tag)  # and nobody renews it
    _sweep(channel)
    again = queue.get(no_ack=False)
    assert again is not None and again.decode() == "piece"
    assert again.delivery_tag == message.delivery_tag
    again.ack()


def test_renewing_puts_back_nothing_acknowledged(channel):
    channel, queue = channel
    _publish(channel, queue)
    message = queue.get(no_ack=False)
    message.ack()
    assert renew(channel, [message.delivery_tag]) == 0
    with channel.conn_or_acquire() as client:
        assert client.zcard(channel.unacked_index_key) == 0


def test_every_worker_runs_the_lease():
    assert VisibilityLease in app.steps["consumer"]
    options = app.conf.broker_transport_options
    # A dead host's work is looked for often enough to come back soon after the timeout.
    assert options["unacked_restore_throttle"] == 1
    assert options["unacked_restore_interval"] <= options["visibility_timeout"] / 4 + 1
