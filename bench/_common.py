"""What the benchmark scripts share."""

from urllib.parse import urlparse


def _admin(url: str):
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    admin.autocommit = True
    return admin, parsed.path.lstrip("/")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it is missing."""
    admin, name = _admin(url)
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def recreate_database(url: str) -> None:
    """Drop the PostgreSQL database of ``url`` (closing its connections) and create it empty."""
    admin, name = _admin(url)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
