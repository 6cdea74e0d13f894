"""Formula injection in exported cells (CSV, XLSX, DOCX tables), by OWASP's rule: a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is made inert.

In CSV and DOCX the text gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet
programs show as text and never evaluate; XLSX cells keep the text as it is but are written
as strings with Excel's quote prefix (``quotePrefix``), so that they never become formulas,
not even when edited. Numbers are never touched: -5 stays a number. An import of a file the
portal exported strips the apostrophe again (``restore``)."""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return isinstance(text, str) and text.startswith(TRIGGERS)


def neutralise(value):
    """``value`` with an apostrophe before a text that a spreadsheet would evaluate;
    anything else unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text before ``neutralise`` (an apostrophe followed by a trigger is removed)."""
    if isinstance(text, str) and text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text
