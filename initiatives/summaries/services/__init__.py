"""Writes of the summaries slice: ``building`` (every build is an upsert keyed by scope and
period; the national build in batches of districts) and ``digest`` (the reviewers' weekly
notice)."""
