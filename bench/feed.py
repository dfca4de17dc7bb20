"""Benchmark: the home feed API (GET /api/v1/feed) on a seeded network.

    python bench/feed.py --tier S --db both
    python bench/feed.py --tier M --db sqlite --readers 200 --pages 1

Each database gets its own benchmark database, never the development one:
var/bench/feed-<tier>.sqlite3, and the database learnwork_bench_feed_<tier> on the server of
LEARNWORK_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/), created when
missing. A `prepare` step (its own process) migrates, imports the ESCO taxonomy and seeds the
tier with `learnwork.seeding.seed` (people, follows, posts, reactions); a rerun reuses what is
there, and shifts the seeded timestamps forward when the data set was seeded more than an hour
ago, so the feed's 14-day window always holds the same posts. Tier M takes minutes to seed the
first time.

The `measure` step (another process, so peak memory is that of serving alone) sends requests
in-process through Django's full WSGI handler (every middleware, a real session cookie), in a
process set up as `learnwork serve` sets up each worker (`config.runtime.tune_collector`):

- feed: for a fixed-seed sample of readers (the heaviest followers included), one untimed
  request each warms the database's caches as a server that has been answering for a while has
  them; then their FeedImpression rows are deleted (untimed) so each timed request is a
  realistic first visit of the day, and pages 1..--pages are requested and timed. Interleaved
  with each feed request, the floor: a static JSON body of the feed's median size, served by a
  bench-only view through the same handler and middleware with the same session.
- queries per request (CaptureQueriesContext, in a separate untimed pass: database round trips,
  so on PostgreSQL a batch of statements sent together counts once, see
  `core.rawsql.fetch_batch`), compared between the reader following the fewest people and the
  one following the most, and between pages 1 and 2 (the API has no page size); the same pass
  records each request's Python allocation peak.
- publish to visible: a followee publishes (posts.services.post_publish) a post on one of the
  reader's goals; the time until it appears in the reader's next feed request.

Prints one `RESULT {"bench": "feed", ...}` and one `RESULT {"bench": "feed_publish_to_visible",
...}` line per database.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
import types
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

import benchdb
from benchdb import ensure_postgres_database, migrate_and_seed, run_steps, setup_django
from benchdb import log as _log

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SEED = 20240611
STALE = timedelta(hours=1)
QUERY_PASS_READERS = 20
PUBLISH_TRIALS = 20
BENCH_MARK = "Benchmark post: "


# --- databases -------------------------------------------------------------------------------

def database_url(db: str, tier: str, seed: int) -> str:
    return benchdb.database_url("feed", db, tier, seed)


# --- prepare ---------------------------------------------------------------------------------

def prepare(db: str, tier: str, seed: int) -> None:
    url = database_url(db, tier, seed)
    if db == "postgres":
        ensure_postgres_database(url)
    setup_django(url)
    seeded = migrate_and_seed(db, tier, seed, before_seed=lambda: _clean_up(db))
    _freshen(db)
    if not seeded.created_total:
        # A data set seeded by an older version may never have been analysed.
        from learnwork.seeding.runner import analyze

        analyze()
    if db == "postgres":
        _vacuum(db)


def _vacuum(db: str) -> None:
    """What autovacuum does on a production server (and may not have done here yet): the
    visibility map, without which index-only scans read the table anyway."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    _log(db, f"vacuumed in {time.perf_counter() - started:.1f} s")


def _clean_up(db: str) -> None:
    """What an interrupted measure step may have left: its posts and the readers' impressions."""
    from learnwork.posts.models import FeedImpression, Post

    Post.objects.filter(body__startswith=BENCH_MARK).delete()
    FeedImpression.objects.all().delete()


def _freshen(db: str) -> None:
    """Move the data set's timestamps forward by however long ago it was seeded, so the feed
    window holds the same posts as on the day it was seeded."""
    from django.db import transaction
    from django.db.models import F, Max
    from django.utils import timezone

    from learnwork.posts.models import Post, PostSkill, Reaction

    newest = Post.objects.aggregate(newest=Max("created"))["newest"]
    if newest is None:
        return
    # The seed puts its newest posts a minute or so before the time it ran.
    delta = timezone.now() - newest - timedelta(minutes=2)
    if delta < STALE:
        return
    started = time.perf_counter()
    with transaction.atomic():
        Post.objects.update(created=F("created") + delta)
        PostSkill.objects.update(created=F("created") + delta)
        Reaction.objects.update(created=F("created") + delta)
    _log(db, f"timestamps moved forward by {delta} ({time.perf_counter() - started:.1f} s)")


# --- measure ---------------------------------------------------------------------------------

class Server:
    """The project's WSGI application, called in-process, with a bench-only floor view."""

    def __init__(self) -> None:
        from django.conf import settings
        from django.core.wsgi import get_wsgi_application
        from django.http import HttpRequest, HttpResponse
        from django.urls import include, path

        self.floor_body = b"{}"

        def floor(request: HttpRequest) -> HttpResponse:
            return HttpResponse(self.floor_body, content_type="application/json")

        urls = types.ModuleType("bench_feed_urls")
        urls.urlpatterns = [  # type: ignore[attr-defined]
            path("bench/floor", floor),
            path("", include(settings.ROOT_URLCONF)),
        ]
        sys.modules[urls.__name__] = urls
        settings.ROOT_URLCONF = urls.__name__
        self.app = get_wsgi_application()
        # What `learnwork serve`'s WSGI module does in each worker (learnwork.config.wsgi).
        from learnwork.config.runtime import tune_collector

        tune_collector()

    def get(self, path: str, *, session: str, query: str = "") -> tuple[str, bytes, float]:
        """(status, body, server milliseconds)."""
        from django.conf import settings

        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_ACCEPT": "application/json",
            "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}",
            "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http", "wsgi.multithread": False, "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status: list[str] = []

        def start_response(line: str, headers: Any, exc_info: Any = None) -> Callable[..., Any]:
            status.append(line)
            return lambda data: None

        started = time.perf_counter()
        response = self.app(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()  # what a WSGI server does: fires request_finished
        return status[0], body, (time.perf_counter() - started) * 1000


def _session_for(user: Any) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    # Through the configured engine, as signing in writes it.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def _check(status: str, body: bytes) -> None:
    if not status.startswith("200"):
        raise SystemExit(f"the server answered {status}: {body[:300]!r}")


def _p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 1000) - 1]


def _forget_impressions(user_ids: Iterable[int]) -> None:
    from learnwork.posts.models import FeedImpression

    FeedImpression.objects.filter(user_id__in=list(user_ids)).delete()


def _sample_readers(count: int, rng: random.Random) -> tuple[list[Any], dict[int, int]]:
    """A fixed-seed sample of seeded people who follow someone, with the heaviest followers
    (up to a tenth of the sample) always in it; and everyone's follow counts."""
    from django.db.models import Count

    from learnwork.accounts.models import User
    from learnwork.seeding.people import EMAIL_DOMAIN
    from learnwork.social.models import Follow

    follows = dict(Follow.objects.order_by().values_list("follower_id")
                   .annotate(n=Count("id")).values_list("follower_id", "n"))
    seeded = sorted(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True)
                    .values_list("pk", flat=True))
    followers = [pk for pk in seeded if follows.get(pk, 0) > 0]
    heavy = sorted(followers, key=lambda pk: (-follows[pk], pk))[:max(1, count // 10)]
    rest = [pk for pk in followers if pk not in set(heavy)]
    chosen = heavy + rng.sample(rest, min(len(rest), count - len(heavy)))
    users = {u.pk: u for u in User.objects.filter(pk__in=chosen)}
    return [users[pk] for pk in chosen], follows


def _queries_pass(server: Server, readers: list[Any], sessions: dict[int, str],
                  follows: dict[int, int]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure(reader: Any, page: int) -> tuple[int, float, list[str]]:
        if page == 1:
            _forget_impressions([reader.pk])
        tracemalloc.start()
        with CaptureQueriesContext(connection) as captured:
            status, _body, _ms = server.get("/api/v1/feed", session=sessions[reader.pk],
                                            query=f"page={page}")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        _check(status, b"")
        return len(captured), peak / 2**20, [f"{float(q['time']) * 1000:7.2f} ms  {q['sql']}"
                                             for q in captured.captured_queries]

    by_follows = sorted(readers, key=lambda u: (follows.get(u.pk, 0), u.pk))
    light = min(by_follows, key=lambda u: (abs(follows.get(u.pk, 0) - 10), u.pk))
    heavy = by_follows[-1]
    counts: list[int] = []
    peaks: list[float] = []
    slowest_sql: list[str] = []
    for reader in by_follows[:: max(1, len(by_follows) // QUERY_PASS_READERS)]:
        n, peak, sql = measure(reader, 1)
        counts.append(n)
        peaks.append(peak)
        if n == max(counts):
            slowest_sql = sql
    light_n = measure(light, 1)[0]
    heavy_n, _peak, heavy_sql = measure(heavy, 1)
    heavy_page2 = measure(heavy, 2)[0]
    return {
        "queries_per_request": max([*counts, light_n, heavy_n]),
        "queries_min": min([*counts, light_n, heavy_n]),
        "queries_light": light_n, "light_follows": follows.get(light.pk, 0),
        "queries_heavy": heavy_n, "heavy_follows": follows.get(heavy.pk, 0),
        "queries_page2_heavy": heavy_page2,
        "queries_equal_light_heavy": light_n == heavy_n,
        "queries_equal_pages": heavy_n == heavy_page2,
        "peak_request_alloc_mb": round(max(peaks), 2),
        "_sql": heavy_sql or slowest_sql,
    }


def _floor_body(size: int) -> bytes:
    skeleton = json.dumps({"posts": [], "pad": ""}).encode()
    return json.dumps({"posts": [], "pad": "x" * max(0, size - len(skeleton))}).encode()


def _publish_pass(server: Server, readers: list[Any], sessions: dict[int, str],
                  rng: random.Random) -> dict[str, Any]:
    from learnwork.posts.models import Post
    from learnwork.posts.services import post_publish
    from learnwork.skills.models import LearningGoal
    from learnwork.social.models import Follow

    trials: list[float] = []
    pages: list[int] = []
    missed = 0
    candidates = list(readers)
    rng.shuffle(candidates)
    for reader in candidates[:PUBLISH_TRIALS]:
        followee_ids = list(Follow.objects.filter(follower=reader, topic_links__isnull=True)
                            .order_by("followee_id").values_list("followee_id", flat=True))
        goal = LearningGoal.objects.filter(user=reader).order_by("pk").first()
        if not followee_ids or goal is None:
            continue
        author = Follow.objects.filter(follower=reader, followee_id=rng.choice(followee_ids)
                                       ).select_related("followee").get().followee
        _forget_impressions([reader.pk])
        body = (f"{BENCH_MARK}how I got better at {goal.skill.label}, because a colleague "
                "asked.\n\n1. Write down the goal first.\n2. Practise on a real case.\n"
                "3. Ask for one review.\n\nFor example, this week it saved me an hour.")
        started = time.perf_counter()
        post = post_publish(author=author, body=body, skill_ids=[goal.skill_id])
        found_on = 0
        for page in range(1, 4):
            _status, content, _ms = server.get("/api/v1/feed", session=sessions[reader.pk],
                                               query=f"page={page}")
            data = json.loads(content)
            if any(item["id"] == post.pk for item in data.get("posts", [])):
                found_on = page
                break
            if not data.get("has_next"):
                break
        elapsed = (time.perf_counter() - started) * 1000
        Post.objects.filter(pk=post.pk).delete()
        if found_on:
            trials.append(elapsed)
            pages.append(found_on)
        else:
            missed += 1
    return {
        "trials": len(trials) + missed, "visible": len(trials),
        "first_page_share": round(sum(1 for p in pages if p == 1) / len(pages), 2) if pages
        else 0.0,
        "p50_ms": round(_p(trials, 0.5), 2) if trials else None,
        "p95_ms": round(_p(trials, 0.95), 2) if trials else None,
        "max_ms": round(max(trials), 2) if trials else None,
    }


def measure(db: str, tier: str, seed: int, readers_wanted: int, pages: int,
            show_sql: bool) -> None:
    setup_django(database_url(db, tier, seed))
    from learnwork.accounts.models import User
    from learnwork.posts.models import Post, Reaction
    from learnwork.social.models import Follow

    rng = random.Random(SAMPLE_SEED + seed)
    server = Server()
    readers, follows = _sample_readers(readers_wanted, rng)
    if not readers:
        raise SystemExit(f"[{db}] no seeded readers: run the prepare step first")
    sessions = {reader.pk: _session_for(reader) for reader in readers}
    totals = {"posts": Post.objects.count(), "follows": Follow.objects.count(),
              "reactions": Reaction.objects.count(), "people": User.objects.count()}

    # Warm up, untimed: imports, URL resolver and caches, and one request per sampled reader, as
    # a server that has been answering for a while holds its readers' rows in memory (the
    # timed request is still each reader's first of the day: impressions are deleted). Learn
    # the feed's typical size for the floor on the way.
    sizes = []
    for reader in readers:
        _forget_impressions([reader.pk])
        status, body, _ms = server.get("/api/v1/feed", session=sessions[reader.pk])
        _check(status, body)
        sizes.append(len(body))
    server.floor_body = _floor_body(int(statistics.median(sizes)))
    for reader in readers[:20]:
        server.get("/bench/floor", session=sessions[reader.pk])

    feed_ms: list[float] = []
    floor_ms: list[float] = []
    per_page: list[int] = []
    timed: list[tuple[float, int, int]] = []
    empty = 0
    for reader in readers:
        _forget_impressions([reader.pk])
        for page in range(1, pages + 1):
            status, body, ms = server.get("/api/v1/feed", session=sessions[reader.pk],
                                          query=f"page={page}")
            _check(status, body)
            feed_ms.append(ms)
            timed.append((ms, reader.pk, page))
            shown = len(json.loads(body)["posts"])
            per_page.append(shown)
            empty += shown == 0
            status, floor, ms = server.get("/bench/floor", session=sessions[reader.pk])
            _check(status, floor)
            floor_ms.append(ms)

    queries = _queries_pass(server, readers, sessions, follows)
    sql = queries.pop("_sql")
    publish = _publish_pass(server, readers, sessions, rng)
    _forget_impressions(sessions)

    p95, floor_p95 = _p(feed_ms, 0.95), _p(floor_ms, 0.95)
    result = {
        "bench": "feed", "tier": tier, "db": db, "requests": len(feed_ms),
        "p50_ms": round(_p(feed_ms, 0.50), 2), "p95_ms": round(p95, 2),
        "p99_ms": round(_p(feed_ms, 0.99), 2),
        **{k: v for k, v in queries.items() if k == "queries_per_request"},
        "floor_p50_ms": round(_p(floor_ms, 0.50), 2), "floor_p95_ms": round(floor_p95, 2),
        "ratio_to_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
        "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **totals,
        **{k: v for k, v in queries.items() if k != "queries_per_request"},
        "readers": len(readers), "pages": pages,
        "heavy_readers": sum(1 for r in readers if follows.get(r.pk, 0) >= 1000),
        "max_follows": max(follows.get(r.pk, 0) for r in readers),
        "posts_per_page_p50": statistics.median(per_page), "empty_pages": empty,
        "response_bytes_p50": len(server.floor_body),
    }
    print("RESULT " + json.dumps(result), flush=True)
    print("RESULT " + json.dumps({"bench": "feed_publish_to_visible", "tier": tier, "db": db,
                                  **publish}), flush=True)
    if show_sql:
        for ms, pk, page in sorted(timed, reverse=True)[:5]:
            _log(db, f"slow: {ms:.1f} ms, reader {pk} ({follows.get(pk, 0)} follows), "
                     f"page {page}")
        _log(db, f"queries of one request by the heaviest follower ({len(sql)}):")
        for statement in sql:
            print(f"    {statement[:600]}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--readers", type=int, default=200)
    parser.add_argument("--pages", type=int, default=1)
    parser.add_argument("--show-sql", action="store_true",
                        help="print the queries of the heaviest follower's request")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.db, args.tier, args.seed)
        return 0
    if args.step == "measure":
        measure(args.db, args.tier, args.seed, args.readers, args.pages, args.show_sql)
        return 0
    return run_steps(__file__, args.db, [
        "--tier", args.tier, "--seed", str(args.seed), "--readers", str(args.readers),
        "--pages", str(args.pages), *(["--show-sql"] if args.show_sql else [])])

if __name__ == "__main__":
    sys.exit(main())
