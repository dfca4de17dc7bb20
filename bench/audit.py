"""Benchmark: the follow audit page (GET /following/audit/) for readers who follow ~1,000 accounts.

    python bench/audit.py --tier S --db both
    python bench/audit.py --tier M --db sqlite --readers 40

Each database gets its own benchmark database, never the development one nor the feed bench's:
var/bench/audit-<tier>.sqlite3, and the database learnwork_bench_audit_<tier> on the server of
LEARNWORK_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/), created when
missing. The `prepare` step (its own process) migrates, imports the ESCO taxonomy and seeds the
tier with `learnwork.seeding.seed` (the same stages as the feed bench), shifts the seeded
timestamps forward when the data set is older than an hour (as bench/feed.py does), then
simulates a month of home-feed visits for the sampled readers: on most days each one opens the
feed and is shown up to their daily budget (10 to 30) of their follows' posts of the previous
three days, the posts they marked "I learned from this" among them (they learned from what they
saw). Those FeedImpression rows are rebuilt on every prepare, so the 30-day window always holds
a month. Tier M takes about 15 minutes to seed the first time, per database.

The readers: the seeded people whose follow count is closest to 1,000 (a fixed, deterministic
sample), plus one light reader (about 10 follows) for the query-count comparison.

The `measure` step (another process) sends requests in-process through Django's full WSGI
handler (every middleware, a real session cookie), using bench/feed.py's `Server`:

- audit: each sampled reader's audit page, first page, default sort, `--rounds` times, timed;
  interleaved with each, the floor: a static body of the page's median size served by a
  bench-only view through the same handler and middleware with the same session;
- the audit API (`GET /api/v1/following/audit`, 100 accounts) once per reader, timed;
- queries per request (CaptureQueriesContext, untimed) for the light and the heaviest reader;
- the interpreter's full garbage collections during the timed page requests (how many, the
  longest): in a warmed worker they take 100 ms or more on this machine and land in the tail;
  `--gc-freeze` measures what `gc.freeze()` in the warmed worker (a deployment option) changes.

Prints one `RESULT {"bench": "audit", ...}` line per database, with `target_p95_ms` (150) and
whether p95 met it.
"""

from __future__ import annotations

import argparse
import bisect
import gc
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import benchdb
from benchdb import ensure_postgres_database, migrate_and_seed, run_steps, setup_django
from benchdb import log as _log
from feed import Server, _check, _freshen, _p, _session_for, _vacuum

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SEED = 20261126
TARGET_FOLLOWS = 1000
TARGET_P95_MS = 150.0
DAYS = 30
VISIT_CHANCE = 0.85
BUDGETS = (10, 20, 20, 20, 30)
# The feed shows posts of the last few days; a post is shown on one day only.
SHOWN_FROM_DAYS = 3


# --- databases -------------------------------------------------------------------------------

def database_url(db: str, tier: str, seed: int) -> str:
    return benchdb.database_url("audit", db, tier, seed)


# --- the readers -----------------------------------------------------------------------------

def sample_readers(count: int) -> tuple[list[int], int | None, dict[int, int]]:
    """(the `count` seeded people whose follow count is closest to TARGET_FOLLOWS, one light
    reader, everyone's follow counts): the same in every step."""
    from django.db.models import Count

    from learnwork.accounts.models import User
    from learnwork.seeding.people import EMAIL_DOMAIN
    from learnwork.social.models import Follow

    follows = dict(Follow.objects.filter(followee__is_active=True).order_by()
                   .values_list("follower_id").annotate(n=Count("id")))
    seeded = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True)
    people = sorted(pk for pk in seeded.values_list("pk", flat=True) if follows.get(pk, 0))
    heavy = sorted(people, key=lambda pk: (abs(follows[pk] - TARGET_FOLLOWS), pk))[:count]
    light = min(people, key=lambda pk: (abs(follows[pk] - 10), pk), default=None)
    return heavy, light, follows


# --- prepare ---------------------------------------------------------------------------------

def _simulate_month(reader_id: int, rng: random.Random, now: Any) -> list[Any]:
    """FeedImpression rows for a month of home-feed visits by one reader."""
    from learnwork.posts.models import FeedImpression, Post, Reaction
    from learnwork.social.models import Follow

    followed = Follow.objects.filter(follower_id=reader_id).values("followee_id")
    since = now - timedelta(days=DAYS + SHOWN_FROM_DAYS)
    posts = sorted(Post.objects.filter(author_id__in=followed, created__gte=since)
                   .values_list("created", "id"))
    times = [created for created, _pk in posts]
    learned = set(Reaction.objects.filter(user_id=reader_id, kind=Reaction.Kind.LEARNED)
                  .values_list("post_id", flat=True))
    budget = rng.choice(BUDGETS)
    shown: set[int] = set()
    rows = []
    for days_ago in range(DAYS, 0, -1):
        if rng.random() > VISIT_CHANCE:
            continue
        visit = now - timedelta(days=days_ago - 1, hours=rng.uniform(1, 20))
        start = bisect.bisect_left(times, visit - timedelta(days=SHOWN_FROM_DAYS))
        end = bisect.bisect_right(times, visit)
        fresh = [pk for _created, pk in posts[start:end] if pk not in shown]
        chosen = [pk for pk in fresh if pk in learned][:budget]
        rest = [pk for pk in fresh if pk not in learned]
        rng.shuffle(rest)
        chosen += rest[:budget - len(chosen)]
        shown.update(chosen)
        rows += [FeedImpression(user_id=reader_id, post_id=pk,
                                shown_at=visit + timedelta(seconds=index))
                 for index, pk in enumerate(chosen)]
    return rows


def _impressions(db: str, readers: list[int]) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from learnwork.posts.models import FeedImpression

    started = time.perf_counter()
    rng = random.Random(SAMPLE_SEED)
    now = timezone.now()
    with transaction.atomic():
        FeedImpression.objects.all().delete()
        counts = []
        for reader in readers:
            rows = _simulate_month(reader, rng, now)
            FeedImpression.objects.bulk_create(rows, batch_size=2000)
            counts.append(len(rows))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {FeedImpression._meta.db_table}")
    _log(db, f"simulated a month of feed visits: {sum(counts)} impressions for "
             f"{len(readers)} readers ({time.perf_counter() - started:.1f} s)")
    return {"impressions": sum(counts)}


def prepare(db: str, tier: str, seed: int, readers_wanted: int) -> None:
    url = database_url(db, tier, seed)
    if db == "postgres":
        ensure_postgres_database(url)
    setup_django(url)
    seeded = migrate_and_seed(db, tier, seed)
    _freshen(db)
    if not seeded.created_total:
        from learnwork.seeding.runner import analyze

        analyze()
    heavy, light, _follows = sample_readers(readers_wanted)
    _impressions(db, heavy + ([light] if light is not None else []))
    if db == "postgres":
        _vacuum(db)


# --- measure ---------------------------------------------------------------------------------

AUDIT = "/following/audit/"
AUDIT_API = "/api/v1/following/audit"


class _FullCollections:
    """Counts the interpreter's full (generation 2) collections during `watch()` blocks."""

    def __init__(self) -> None:
        self.count = 0
        self.requests = 0
        self.longest = 0.0
        self._started = 0.0
        self._seen = False

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.count += 1
            self._seen = True
            self.longest = max(self.longest, (time.perf_counter() - self._started) * 1000)

    @contextmanager
    def watch(self) -> Iterator[None]:
        self._seen = False
        gc.callbacks.append(self._callback)
        try:
            yield
        finally:
            gc.callbacks.remove(self._callback)
            self.requests += self._seen


def _queries(server: Server, session: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status, body, _ms = server.get(AUDIT, session=session)
    _check(status, body)
    return len(captured)


def _plain_static_urls() -> None:
    """Production pages name their CSS through WhiteNoise's manifest, written by
    `collectstatic`; the bench serves no static files, so it names them without one rather
    than write a manifest into the shared var/ directory (a dictionary lookup either way)."""
    from django.conf import settings

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def measure(db: str, tier: str, seed: int, readers_wanted: int, rounds: int,
            gc_freeze: bool = False) -> None:
    setup_django(database_url(db, tier, seed))
    _plain_static_urls()
    from django.db.models import Count

    from learnwork.accounts.models import User
    from learnwork.posts.models import FeedImpression
    from learnwork.recommendations.audit_selectors import follow_audit

    heavy, light, follows = sample_readers(readers_wanted)
    if not heavy:
        raise SystemExit(f"[{db}] no seeded readers: run the prepare step first")
    users = {u.pk: u for u in User.objects.filter(pk__in=[*heavy, light])}
    sessions = {pk: _session_for(users[pk]) for pk in users}
    shown = dict(FeedImpression.objects.filter(user_id__in=heavy).order_by()
                 .values_list("user_id").annotate(n=Count("id")))
    server = Server()

    # Warm up (imports, URL resolver, the hierarchy), and learn the page's size for the floor.
    sizes = []
    for pk in heavy[:10]:
        status, body, _ms = server.get(AUDIT, session=sessions[pk])
        _check(status, body)
        sizes.append(len(body))
    server.floor_body = b"x" * int(statistics.median(sizes))
    for pk in heavy[:10]:
        server.get("/bench/floor", session=sessions[pk])
    if gc_freeze:
        # What a server would do once its worker is warm (e.g. gunicorn's post_fork hook):
        # everything loaded so far is left out of later collections.
        gc.collect()
        gc.freeze()

    page_ms: list[float] = []
    floor_ms: list[float] = []
    rng = random.Random(SAMPLE_SEED + seed)
    order = [pk for _ in range(rounds) for pk in heavy]
    rng.shuffle(order)
    pauses = _FullCollections()
    for pk in order:
        with pauses.watch():
            status, body, ms = server.get(AUDIT, session=sessions[pk])
        _check(status, body)
        page_ms.append(ms)
        status, floor, ms = server.get("/bench/floor", session=sessions[pk])
        _check(status, floor)
        floor_ms.append(ms)
    api_ms = []
    for pk in heavy:
        status, body, ms = server.get(AUDIT_API, session=sessions[pk], query="limit=100")
        _check(status, body)
        api_ms.append(ms)

    heaviest = max(heavy, key=lambda pk: (follows.get(pk, 0), pk))
    queries_heavy = _queries(server, sessions[heaviest])
    queries_light = _queries(server, sessions[light]) if light is not None else None
    mix: dict[str, int] = {}
    for pk in heavy:
        for action, n in follow_audit(reader=users[pk]).counts.items():
            mix[action] = mix.get(action, 0) + n

    p95, floor_p95 = _p(page_ms, 0.95), _p(floor_ms, 0.95)
    counts = [follows.get(pk, 0) for pk in heavy]
    result = {
        "bench": "audit", "tier": tier, "db": db, "requests": len(page_ms),
        "p50_ms": round(_p(page_ms, 0.50), 2), "p95_ms": round(p95, 2),
        "p99_ms": round(_p(page_ms, 0.99), 2),
        "floor_p50_ms": round(_p(floor_ms, 0.50), 2), "floor_p95_ms": round(floor_p95, 2),
        "ratio_to_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
        "target_p95_ms": TARGET_P95_MS, "meets_target": p95 <= TARGET_P95_MS,
        "api_p50_ms": round(_p(api_ms, 0.50), 2), "api_p95_ms": round(_p(api_ms, 0.95), 2),
        "queries_per_request": queries_heavy, "queries_light": queries_light,
        "queries_equal_light_heavy": queries_light == queries_heavy,
        "light_follows": follows.get(light, 0) if light is not None else None,
        "heavy_follows": follows.get(heaviest, 0),
        "readers": len(heavy), "rounds": rounds,
        "follows_min": min(counts), "follows_p50": statistics.median(counts),
        "follows_max": max(counts),
        "impressions_per_reader_p50": statistics.median(shown.get(pk, 0) for pk in heavy),
        "suggestions": mix,
        # Full garbage collections of the worker's whole heap during timed page requests:
        # they are the process's, not the audit's, but they land in its tail.
        "gc_full_collections": pauses.count, "gc_full_max_ms": round(pauses.longest, 1),
        "requests_with_gc_full": pauses.requests, "gc_frozen": gc_freeze,
        "response_bytes_p50": len(server.floor_body),
        "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print("RESULT " + json.dumps(result), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--readers", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--gc-freeze", action="store_true",
                        help="gc.freeze() the warmed worker before timing (a deployment option)")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.db, args.tier, args.seed, args.readers)
        return 0
    if args.step == "measure":
        measure(args.db, args.tier, args.seed, args.readers, args.rounds, args.gc_freeze)
        return 0
    return run_steps(__file__, args.db, [
        "--tier", args.tier, "--seed", str(args.seed), "--readers", str(args.readers),
        "--rounds", str(args.rounds), *(["--gc-freeze"] if args.gc_freeze else [])])

if __name__ == "__main__":
    sys.exit(main())
