"""PostgreSQL's ``COPY ... FROM STDIN`` text format, for the set-based writers (the
division loader, the summary build): one row per line, fields by tabs, ``\\N`` for NULL,
backslash, tab, newline and carriage return escaped."""

import io
import json
from collections.abc import Iterable, Sequence


def copy_field(value) -> str:
    """One value: None, booleans, numbers, dates and times, JSON (dicts and lists) and text."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        # JSON escapes control characters itself: only its backslashes remain to escape.
        return json.dumps(value, ensure_ascii=False).replace("\\", "\\\\")
    if not isinstance(value, str):
        value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    # Four C-level replaces: ``str.translate`` with a mapping looks every character up in
    # a dict, and over the summary build's 100 MB of (mostly CJK) JSON that was a sixth
    # of the build.
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def copy_buffer(rows: Iterable[Sequence]) -> io.StringIO:
    """The rows as COPY's input, ready to read."""
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(copy_field, row)) + "\n" for row in rows)
    buffer.seek(0)
    return buffer
