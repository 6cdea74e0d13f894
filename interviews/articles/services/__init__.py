"""Writes of the articles slice, one module per use case: ``editing`` (save with blocks
and a revision), ``workflow`` (submit, return, publish or schedule, archive, reopen, the
scheduled publishing), ``revisions`` (restore an earlier version)."""
