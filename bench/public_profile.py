"""One uncached render of a public page, in process: the queries it makes, the time per
render (median of ``--renders``) and, with ``--profile``, pyinstrument's call tree of
one render. Production-like: DEBUG off, the cached template loader, the page cache
skipped (the view is called directly, so no page-cache round trip), the fragment cache
as the settings have it.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=portal.settings.local \\
        ./.venv/bin/python bench/public_profile.py /articles/SLUG/ /units/SLUG/ [--profile]

Run ``public_fixture.py`` on that database first for seed 001's article.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--all", action="store_true", help="pyinstrument: every frame")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    factory = RequestFactory()

    def render(path):
        request = factory.get(path)
        request.user = AnonymousUser()
        request.session = {}
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        match = resolve(path.split("?")[0])
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, (path, response.status_code)
        return response

    for path in args.paths:
        render(path)  # templates compiled, fragments stored
        with CaptureQueriesContext(connection) as queries:
            size = len(render(path).content)
        times, cpu = [], []
        for _ in range(args.renders):
            started, started_cpu = time.perf_counter(), time.process_time()
            render(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(
            f"{path}: {size:,} B, {len(queries)} queries, median {statistics.median(times):.2f}"
            f" ms wall, {statistics.mean(cpu):.2f} ms CPU of this process, over "
            f"{args.renders} renders"
        )
        for query in queries:
            print(f"    {query['time']}s {query['sql'][:150]}")
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0002)
            with profiler:
                for _ in range(20):
                    render(path)
            print(profiler.output_text(unicode=True, color=False, show_all=args.all))


if __name__ == "__main__":
    main()
