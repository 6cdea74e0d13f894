"""Search benchmark: the indexed Chinese search next to a plain ``icontains`` scan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench ./.venv/bin/python bench/search_bench.py

Creates the database if missing, migrates it, generates ARTICLES published articles of
Chinese text from a vocabulary (segmented by the same pipeline as the save service, written
with COPY), then times each query ROUNDS times and prints p50/p95 in milliseconds. Rows it
made are replaced on the next run. Not part of the test suite.
"""

import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from _common import ensure_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
QUERIES = ["党建", "红色物业", "网格化", "網格化", "党建引领", "双报到"]
SEED = 20260101

DOMAIN = ["红色物业", "党建引领", "网格化", "路长治", "双报到", "微党校", "党建", "志愿服务"]
_WORD_TEXT = (
    "社区 居民 街道 书记 群众 服务 工作 小区 改造 治理 发展 项目 干部 党员 支部 网格 道路 "
    "环境 整治 问题 责任 落实 推进 基层 组织 队伍 创新 机制 考核 文明 城市 创建 花园 停车 "
    "充电桩 养老 中心 招商 引资 老旧 棚户区 拆迁 签约 开工 竣工 楼长 街长 管家 议事 协商 "
    "民生 实事 就业 医疗 教育 安全 防疫 巡查 台账 积分 赛马 讲堂 学习 培训 宣传 活动 志愿者 "
    "物业 业委会 居委会 四位一体 办公室 交办 反馈 满意 幸福 美丽 整洁 绿化 硬化 路灯 健身"
)
WORDS = _WORD_TEXT.split()
PUNCT = ["，", "，", "，", "。", "；", "、"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    if rng.random() < 0.12:
        words.insert(rng.randrange(len(words)), rng.choice(DOMAIN))
    text = ""
    for word in words:
        text += word + (rng.choice(PUNCT) if rng.random() < 0.2 else "")
    return text.rstrip("，；、") + "。"


def generate(rng: random.Random, n: int) -> tuple[str, str]:
    headline = "".join(rng.choices(WORDS, k=4))
    body = "".join(sentence(rng) for _ in range(rng.randint(6, 12)))
    return headline, body


def corpus(articles: int):
    """``(i, headline, body)`` of the generated articles: the same on every run, so a
    caller can tell which of them contain a term without reading the database."""
    rng = random.Random(SEED)
    for i in range(articles):
        headline, body = generate(rng, i)
        yield i, headline, body


def load_corpus(articles: int = ARTICLES) -> None:
    from django.db import connection
    from django.utils import timezone

    from interviews.search.analysis import index_line

    texts = corpus(articles)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM interviews_interviewarticle WHERE slug LIKE 'bench-%%'")
    columns = (
        "headline, subtitle, slug, editor_note, reporters, correspondents, byline, "
        "published_at, original_url, interviewee_post, status, review_comment, "
        "search_document, created_at, updated_at, draft_state"
    )
    now = timezone.now()
    batch = 10_000
    connection.ensure_connection()
    raw = connection.connection
    for start in range(0, articles, batch):
        buffer = io.StringIO()
        for _n in range(start, min(start + batch, articles)):
            i, headline, body = next(texts)
            text = f"{headline} {body}"
            document = index_line(text) + "\\n" + text
            published = now.replace(microsecond=0) - timezone.timedelta(minutes=i)
            row = [
                headline,
                "",
                f"bench-{i}",
                "",
                json.dumps([]),
                json.dumps([]),
                "",
                published.isoformat(),
                "",
                "",
                "published",
                "",
                document,
                now.isoformat(),
                now.isoformat(),
                "",  # draft_state: no waiting change
            ]
            buffer.write("\t".join(row) + "\n")
        buffer.seek(0)
        with raw.cursor() as cursor:
            cursor.copy_expert(
                f"COPY interviews_interviewarticle ({columns}) FROM STDIN WITH (FORMAT text)",
                buffer,
            )
        raw.commit()
        print(f"  {min(start + batch, articles):>7} rows  {time.perf_counter() - started:6.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE interviews_interviewarticle")
    print(f"corpus ready in {time.perf_counter() - started:.1f} s")


def timed(fn) -> tuple[list[float], int]:
    times, count = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        count = len(fn())
        times.append((time.perf_counter() - started) * 1000)
    return times, count


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database, e.g. .../portal_bench")
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    from interviews.models import ArticleStatus, InterviewArticle
    from interviews.public.search import search_articles
    from interviews.search.analysis import simplify

    call_command("migrate", verbosity=0)
    print(f"generating {ARTICLES} articles ...")
    load_corpus()
    total = InterviewArticle.objects.filter(status=ArticleStatus.PUBLISHED).count()
    print(f"\n{total} published articles; {ROUNDS} rounds per query; times in ms\n")
    header = f"{'query':<10}{'matches':>9}{'index p50':>11}{'index p95':>11}"
    header += f"{'scan p50':>10}{'scan p95':>10}{'p50 ratio':>11}"
    print(header)
    for query in QUERIES:
        phrase = simplify(query)
        matches = InterviewArticle.objects.filter(
            status=ArticleStatus.PUBLISHED, search_document__icontains=phrase
        ).count()
        indexed, _n = timed(lambda q=query: search_articles(q, limit=20)[0])
        scan, _m = timed(
            lambda p=phrase: list(
                InterviewArticle.objects.filter(
                    status=ArticleStatus.PUBLISHED, search_document__icontains=p
                )
                .only("id", "headline", "slug", "search_document", "published_at")
                .order_by("-published_at")[:20]
            )
        )
        i50, i95, s50, s95 = pct(indexed, 50), pct(indexed, 95), pct(scan, 50), pct(scan, 95)
        print(
            f"{query:<10}{matches:>9}{i50:>11.1f}{i95:>11.1f}{s50:>10.1f}{s95:>10.1f}"
            f"{s50 / i50:>10.1f}x"
        )


if __name__ == "__main__":
    main()
