"""Reads of the summaries slice: ``counting`` (the counting rules, in its docstring),
``figures`` (progress, statuses, ranks, articles of a scope or of many subtrees) and
``reading`` (stored summaries: who sees which, history, charts)."""
