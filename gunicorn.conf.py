"""gunicorn's settings for the portal, read from the project directory (command-line flags
win). Each worker loads the search's segmenter when it starts, not on its first query."""


def post_worker_init(worker):
    from interviews.public.search import warm_worker

    warm_worker()
