"""Set-based writes of many regions at once, for the division loader: ids taken before the
rows are written (so their paths are known in Python and written with them), rows written
with PostgreSQL's ``COPY`` (``bulk_create`` elsewhere), and every path in the tree made
again by one recursive statement after regions moved."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from django.db import connection

from portal.pgcopy import copy_buffer

from .models import Region

_TABLE = Region._meta.db_table
COLUMNS = ("id", "parent_id", "name", "kind", "code", "withdrawn", "slug", "path")


def allocate_pks(n: int) -> list[int]:
    """``n`` ids for new regions. PostgreSQL: from the table's sequence (safe beside other
    writers); elsewhere (SQLite, one writer at a time): after the largest id."""
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [_TABLE, n],
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_TABLE}")
        start = cursor.fetchone()[0] + 1
        if connection.vendor == "sqlite":  # AUTOINCREMENT never hands out a deleted id
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [_TABLE])
            row = cursor.fetchone()
            start = max(start, row[0] + 1 if row else 1)
    return list(range(start, start + n))


def insert_regions(rows: Sequence[tuple], batch_size: int = 2000) -> None:
    """Write new regions given as tuples in ``COLUMNS`` order (ids and paths set): one
    ``COPY`` on PostgreSQL with psycopg2, ``bulk_create`` in batches otherwise."""
    if not rows:
        return
    with connection.cursor() as cursor:
        copy = getattr(cursor.cursor, "copy_expert", None)
        if connection.vendor == "postgresql" and copy is not None:
            copy(f"COPY {_TABLE} ({', '.join(COLUMNS)}) FROM STDIN", copy_buffer(rows))
            return
    Region.objects.bulk_create(
        (Region(**dict(zip(COLUMNS, row, strict=True))) for row in rows), batch_size=batch_size
    )


_CASTS = {"parent_id": "BIGINT"}


def update_regions(rows: Iterable[tuple], columns: Sequence[str], batch_size: int = 1000):
    """Set ``columns`` of many regions at once: ``rows`` are (id, value...) tuples, joined
    as a VALUES list in one UPDATE per batch (PostgreSQL and SQLite both name its
    columns column1, column2...). ``bulk_update``'s CASE per field and row took minutes
    for the whole country."""
    sets = ", ".join(f"{column} = v.column{i + 2}" for i, column in enumerate(columns))
    cells = ", ".join(
        ["CAST(%s AS BIGINT)"]
        + [f"CAST(%s AS {_CASTS[c]})" if c in _CASTS else "%s" for c in columns]
    )
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, batch_size)):
            values = ", ".join(f"({cells})" for _ in batch)
            cursor.execute(
                f"UPDATE {_TABLE} SET {sets} FROM (VALUES {values}) AS v "
                f"WHERE {_TABLE}.id = v.column1",
                [value for row in batch for value in row],
            )


def rebuild_paths() -> None:
    """Every region's path made again from the parent links, in one statement: after
    regions moved (their subtrees with them)."""
    sql = f"""
        WITH RECURSIVE tree(id, path) AS (
            SELECT id, '/' || CAST(id AS TEXT) || '/' FROM {_TABLE} WHERE parent_id IS NULL
            UNION ALL
            SELECT child.id, tree.path || CAST(child.id AS TEXT) || '/'
            FROM {_TABLE} AS child JOIN tree ON child.parent_id = tree.id
        )
        UPDATE {_TABLE} SET path = tree.path FROM tree
        WHERE {_TABLE}.id = tree.id AND {_TABLE}.path <> tree.path
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
