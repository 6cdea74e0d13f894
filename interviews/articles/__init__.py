"""Articles: outlets, series, interview articles with ordered blocks, their editing, the
editorial workflow and revisions, and the version of what is published
(``published``)."""
