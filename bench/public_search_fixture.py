"""The search side of ``public_bench.py``: migrates the search database, loads the demo
data and ARTICLES generated articles (``search_bench``'s generator), and writes which
generated articles contain each term, the truth the recall is measured against.

    DJANGO_SETTINGS_MODULE=... python bench/public_search_fixture.py \\
        --articles 100000 --truth truth.json [--reuse] TERM...

An article contains a term when its text holds the term's Simplified form (the generated
text is Simplified, so 網格化 and 网格化 have the same truth). ``--reuse`` keeps the rows
of a previous run when there are exactly ARTICLES of them.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("terms", nargs="+")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.public_settings")
    import django

    django.setup()
    import opencc
    from django.core.management import call_command
    from search_bench import corpus, load_corpus

    from interviews.models import ArticleStatus, InterviewArticle

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    generated = InterviewArticle.objects.filter(
        slug__startswith="bench-", status=ArticleStatus.PUBLISHED
    ).count()
    if args.reuse and generated == args.articles:
        print(f"reusing the {generated} generated articles", file=sys.stderr)
    else:
        print(f"generating {args.articles} articles ...", file=sys.stderr)
        load_corpus(args.articles)

    t2s = opencc.OpenCC("t2s")
    needles = {term: t2s.convert(term).lower() for term in args.terms}
    truth: dict[str, list[str]] = {term: [] for term in args.terms}
    for i, headline, body in corpus(args.articles):
        text = f"{headline} {body}".lower()
        for term, needle in needles.items():
            if needle in text:
                truth[term].append(f"bench-{i}")
    args.truth.write_text(json.dumps(truth, ensure_ascii=False))
    print(json.dumps({term: len(slugs) for term, slugs in truth.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
