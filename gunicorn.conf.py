"""gunicorn's settings for the portal, read from the project directory (command-line flags
win). Each worker loads, when it starts and not on its first request, the search's
segmenter and the national gazetteer the importer reads places with (about 1.5 s and
55 MB, built from the vendored division files, no database), then serves itself the home
page and one search in each language through the application it is about to serve
(``portal.warmup``), so that its first visitor pays for nothing the second does not."""

from urllib.parse import urlencode


def post_worker_init(worker):
    from django.urls import reverse

    from initiatives.places.divisions import national_gazetteer
    from interviews.public.search import warm_worker
    from interviews.search.analysis import DOMAIN_WORDS
    from portal.warmup import warm_requests

    warm_worker()
    national_gazetteer()
    if worker is not None:  # None where a test calls the hook without a worker
        search = reverse("interviews:search") + "?" + urlencode({"q": DOMAIN_WORDS[0]})
        warm_requests(worker.wsgi, [reverse("home"), search])
