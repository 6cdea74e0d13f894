"""gunicorn's settings for the portal, read from the project directory (command-line flags
win). Each worker loads, when it starts and not on its first request, the search's
segmenter and the national gazetteer the importer reads places with (about 1.5 s and
55 MB, built from the vendored division files, no database)."""


def post_worker_init(worker):
    from initiatives.places.divisions import national_gazetteer
    from interviews.public.search import warm_worker

    warm_worker()
    national_gazetteer()
