import datetime as dt

from portal.pgcopy import copy_buffer, copy_field


def test_every_kind_of_value_in_copy_text_format():
    assert copy_field(None) == "\\N"
    assert (copy_field(True), copy_field(False), copy_field(7), copy_field(1.5)) == (
        "t",
        "f",
        "7",
        "1.5",
    )
    assert copy_field(dt.date(2026, 9, 28)) == "2026-09-28"
    assert copy_field("a\tb\nc\\d\re") == "a\\tb\\nc\\\\d\\re"
    # JSON writes the tab as backslash-t; COPY then escapes that backslash.
    assert copy_field({"名": "和平\t街道"}) == '{"名": "和平\\\\t街道"}'


def test_rows_become_lines_of_tab_separated_fields():
    assert copy_buffer([(1, "x", None), (2, "y\tz", True)]).read() == "1\tx\t\\N\n2\ty\\tz\tt\n"
