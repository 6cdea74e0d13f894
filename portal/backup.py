"""One backup of the portal and its restore: the database (django-dbbackup's connectors:
``pg_dump``/``pg_restore --clean`` on PostgreSQL, an SQL dump on SQLite) and every file of
the ``default`` and ``private`` storages, in one tar with a manifest of row counts and file
checksums that the restore checks (``manage.py backup_portal`` / ``restore_portal``)."""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction

STORAGE_ALIASES = ("default", "private")
_SQLITE_CONNECTOR = "dbbackup.db.sqlite.SqliteConnector"  # an SQL dump: works in memory too


class BackupError(Exception):
    """A restore that does not match its manifest, or an archive that is not a backup."""


@dataclass
class Manifest:
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # "<storage>/<name>": sha256
    connector: str = ""


def row_counts() -> dict[str, int]:
    """Rows of every model's table (proxy and unmanaged models left out)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _walk(storage, folder: str = ""):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def stored_files() -> dict[str, str]:
    """Every stored file, ``<storage>/<name>``, with its SHA-256."""
    found = {}
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        for name in _walk(storage):
            with storage.open(name, "rb") as handle:
                found[f"{alias}/{name}"] = hashlib.sha256(handle.read()).hexdigest()
    return found


def _connector(path: str | None = None):
    from dbbackup.db.base import get_connector

    engine = connections[DEFAULT_DB_ALIAS].settings_dict["ENGINE"]
    if path is None and "sqlite" in engine:
        path = _SQLITE_CONNECTOR
    return get_connector(DEFAULT_DB_ALIAS, connector_path=path)


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def backup_write(fileobj) -> Manifest:
    """Write the backup into ``fileobj`` (a binary file) and return its manifest."""
    connector = _connector()
    manifest = Manifest(
        rows=row_counts(),
        files=stored_files(),
        connector=f"{type(connector).__module__}.{type(connector).__name__}",
    )
    dump = connector.create_dump()
    dump.seek(0)
    with tarfile.open(fileobj=fileobj, mode="w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest.__dict__, ensure_ascii=False).encode())
        _add(archive, "database.dump", dump.read())
        for key in manifest.files:
            alias, name = key.split("/", 1)
            with storages[alias].open(name, "rb") as handle:
                _add(archive, f"files/{key}", handle.read())
    return manifest


def backup_restore(fileobj) -> Manifest:
    """Restore a backup into this database and these storages, then check that every
    table has the manifest's rows and every file its checksum."""
    with tarfile.open(fileobj=fileobj, mode="r:gz") as archive:
        try:
            manifest = Manifest(**json.loads(archive.extractfile("manifest.json").read()))
            dump = archive.extractfile("database.dump").read()
        except KeyError as exc:
            raise BackupError(f"not a portal backup: {exc}") from exc
        connector = _connector(manifest.connector)
        with tempfile.TemporaryFile() as dump_file:  # pg_restore reads it as its stdin
            dump_file.write(dump)
            dump_file.seek(0)
            if connector.connection.vendor == "sqlite":
                # One transaction: SQLite checks its deferred foreign keys at the commit,
                # after every table is back, not after each INSERT in table-name order.
                with transaction.atomic():
                    connector.restore_dump(dump_file)
            else:
                connector.restore_dump(dump_file)
        connections[DEFAULT_DB_ALIAS].close()  # pg_restore wrote from another process
        for key in manifest.files:
            alias, name = key.split("/", 1)
            storage = storages[alias]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(archive.extractfile(f"files/{key}").read()))
            if saved != name:
                raise BackupError(f"{key} was restored as {saved}")
    rows, files = row_counts(), stored_files()
    wrong_rows = {k: (n, rows.get(k)) for k, n in manifest.rows.items() if rows.get(k) != n}
    wrong_files = {k: h for k, h in manifest.files.items() if files.get(k) != h}
    if wrong_rows or wrong_files:
        raise BackupError(
            f"restore differs from the backup: rows {wrong_rows}, files {wrong_files}"
        )
    return manifest
