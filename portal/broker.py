"""The embedded broker: without Redis, tasks wait in a SQLite file through kombu's
SQLAlchemy transport (``sqla+sqlite:///...``, see ``portal/settings/local.py``).

The transport never deletes a message: a worker that takes one only marks its row
invisible (``visible = 0``). ``purge_delivered`` deletes those rows; ``manage.py
run_worker`` calls it every few minutes so that the file does not grow for ever."""

from sqlalchemy import create_engine, inspect, text

SCHEMES = ("sqla+", "sqlalchemy+")
DEFAULT_MESSAGE_TABLE = "kombu_message"


def is_embedded(broker_url: str) -> bool:
    return broker_url.startswith(SCHEMES)


def purge_delivered(broker_url: str, *, transport_options: dict | None = None) -> int:
    """Delete the messages workers have already taken; return how many. Waiting messages
    are kept. A message a worker holds but has not finished is in the worker's memory
    (this transport has no visibility timeout), so its row is not needed either."""
    if not is_embedded(broker_url):
        return 0
    table = (transport_options or {}).get("message_tablename", DEFAULT_MESSAGE_TABLE)
    url = broker_url.split("+", 1)[1]
    connect_args = {"timeout": 20} if url.startswith("sqlite") else {}
    engine = create_engine(url, connect_args=connect_args)
    try:
        if not inspect(engine).has_table(table):
            return 0  # no worker or web process has used the broker yet
        with engine.begin() as conn:
            result = conn.execute(
                text(f'DELETE FROM "{table}" WHERE visible = :taken'), {"taken": False}
            )
            return result.rowcount or 0
    finally:
        engine.dispose()
