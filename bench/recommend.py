"""Benchmark: "who can I learn from" suggestions, for quality and speed, on a seeded network.

    python bench/recommend.py --tier S --db both
    python bench/recommend.py --tier M --db sqlite

Each database gets its own benchmark database, never the development one nor another bench's:
var/bench/recommend-<tier>.sqlite3, and learnwork_bench_recommend_<tier> on the server of
LEARNWORK_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/), created when
missing. A `prepare` step (its own process) migrates, imports the ESCO taxonomy and seeds the
tier with `learnwork.seeding.seed`; a rerun reuses what is there.

The `measure` step (another process) works inside one transaction that it rolls back at the end,
so the seeded database is never changed:

1. Hide the future. "I learned from this" marks and follows are ordered by time and the newest
   20 % of each are deleted (inside the transaction). What was hidden is the answer key.
2. Precompute from the remaining 80 % only: `evidence.rebuild()`, the same code the worker runs.
3. Quality. For a fixed-seed sample of reader-goal pairs, the people the reader later learned
   from in that goal skill (a hidden mark on their post tagged with the skill or a narrower one)
   or later followed in it (a hidden follow for the skill or a narrower one, or a follow for
   everything of someone truly strong in it: the seed's hidden expertise, at least the level the
   seed's follows look for) are relevant, less anyone no ranker may suggest (below). A follow
   for everything of someone who is merely famous is not a follow "in that skill": that is what
   keeps a popularity ranking from faking expertise. Three rankers answer, each with the same
   exclusions (the reader, people already followed for everything or for that skill, blocks),
   top 10, from the same people "in the skill" (a post on it or a narrower skill, or the skill
   on their profile):
   - recommender: `selectors.suggestions`, exactly what the page and the API call;
   - popularity: the most-followed of them;
   - friends of friends: those followed by the people the reader follows, by how many of
     them (then by followers).
   Recall@10 and nDCG@10 (binary relevance) are averaged over the pairs with at least one
   relevant person; `ratio_to_best_baseline` is the recommender's nDCG@10 over the better
   baseline's (the recall ratio is printed too).
4. Speed. GET /api/v1/recommendations/people (every goal) through Django's full WSGI handler
   (every middleware, a real session cookie) for up to 200 of the sampled readers and the 20
   who follow the most people, p50/p95/p99 (and p95 of the heavy followers alone); the floor
   is a static JSON body of the median response size through the same handler, interleaved.
   Queries per request are counted for light and heavy readers alike.

Prints one `RESULT {"bench": "recommend", ...}` line per database.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import benchdb
from benchdb import ensure_postgres_database, migrate_and_seed, run_steps
from benchdb import log as _log
from feed import Server, _p, _session_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SEED = 20240611
HIDDEN_SHARE = 0.2
K = 10
SPEED_READERS = 200
HEAVY_READERS = 20


# --- databases -------------------------------------------------------------------------------

def database_url(db: str, tier: str, seed: int) -> str:
    return benchdb.database_url("recommend", db, tier, seed)


def setup_django(url: str) -> None:
    # Refreshes the suggestions would enqueue run in this process, not in a worker.
    benchdb.setup_django(url, LEARNWORK_TASKS="immediate")


def prepare(db: str, tier: str, seed: int) -> None:
    url = database_url(db, tier, seed)
    if db == "postgres":
        ensure_postgres_database(url)
    setup_django(url)
    seeded = migrate_and_seed(db, tier, seed)
    if db == "postgres" and seeded.created_total:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


# --- measure: hiding the future ----------------------------------------------------------------

def _cutoff(times: list[Any]) -> Any:
    """The time from which the newest HIDDEN_SHARE of `times` start."""
    ordered = sorted(times)
    return ordered[int(len(ordered) * (1 - HIDDEN_SHARE))]


def hide_future(db: str) -> dict[str, Any]:
    """Delete (inside the caller's transaction) the newest 20 % of learned marks and follows;
    returns what was hidden, as plain data."""
    from learnwork.posts.models import Reaction
    from learnwork.social.models import Follow

    learned = list(Reaction.objects.filter(kind=Reaction.Kind.LEARNED).values_list(
        "pk", "created", "user_id", "post_id", "post__author_id"))
    follows = list(Follow.objects.values_list("pk", "created", "follower_id", "followee_id"))
    learned_cut = _cutoff([row[1] for row in learned])
    follow_cut = _cutoff([row[1] for row in follows])
    hidden_marks = [row for row in learned if row[1] >= learned_cut]
    hidden_follows = [row for row in follows if row[1] >= follow_cut]
    follow_topics = _topics([row[0] for row in hidden_follows])
    _delete(Reaction, [row[0] for row in hidden_marks])
    _delete(Follow, [row[0] for row in hidden_follows])
    _log(db, f"hid {len(hidden_marks):,} of {len(learned):,} learned marks (from "
             f"{learned_cut:%Y-%m-%d %H:%M}) and {len(hidden_follows):,} of {len(follows):,} "
             f"follows (from {follow_cut:%Y-%m-%d %H:%M})")
    return {
        "marks": [(user, post, author) for _pk, _t, user, post, author in hidden_marks],
        "follows": [(pk, follower, followee) for pk, _t, follower, followee in hidden_follows],
        "topics": follow_topics,
        "learned_total": len(learned), "follows_total": len(follows),
    }


def _topics(follow_ids: list[int]) -> dict[int, set[Any]]:
    from learnwork.social.models import FollowTopic

    found: dict[int, set[Any]] = defaultdict(set)
    for start in range(0, len(follow_ids), 5000):
        for follow_id, skill_id in FollowTopic.objects.filter(
                follow_id__in=follow_ids[start:start + 5000]).values_list("follow_id",
                                                                           "skill_id"):
            found[follow_id].add(skill_id)
    return found


def _delete(model: Any, ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        model.objects.filter(pk__in=ids[start:start + 5000]).delete()


# --- measure: what is known after hiding ---------------------------------------------------------

class Known:
    """The 80 % world as plain data, for the answer key and the two baselines."""

    def __init__(self, *, tier: str, seed: int) -> None:
        from django.db.models import Count

        from learnwork.posts.models import Post, PostSkill
        from learnwork.skills import hierarchy
        from learnwork.skills.models import UserSkill
        from learnwork.social.models import Block, Follow

        self.hierarchy = hierarchy.current()
        self.followers = dict(Follow.objects.order_by().values_list("followee_id")
                              .annotate(n=Count("id")))
        self.everything: dict[int, set[int]] = defaultdict(set)
        self.topics: dict[tuple[int, int], set[Any]] = defaultdict(set)
        self.following: dict[int, set[int]] = defaultdict(set)
        for follower, followee, skill_id in Follow.objects.values_list(
                "follower_id", "followee_id", "topic_links__skill_id"):
            self.following[follower].add(followee)
            if skill_id is None:
                self.everything[follower].add(followee)
            else:
                self.topics[(follower, followee)].add(skill_id)
        self.blocked: dict[int, set[int]] = defaultdict(set)
        for a, b in Block.objects.values_list("blocker_id", "blocked_id"):
            self.blocked[a].add(b)
            self.blocked[b].add(a)
        # Who is "in" which skill: posted on it, or has it on their profile.
        self.post_tags: dict[int, list[Any]] = defaultdict(list)
        self.posters: dict[Any, set[int]] = defaultdict(set)
        for post_id, author_id, skill_id in PostSkill.objects.filter(
                post__visibility__in=[Post.Visibility.EVERYONE, Post.Visibility.MEMBERS]
        ).values_list("post_id", "post__author_id", "skill_id"):
            self.post_tags[post_id].append(skill_id)
            self.posters[skill_id].add(author_id)
        for user_id, skill_id in UserSkill.objects.values_list("user_id", "skill_id"):
            self.posters[skill_id].add(user_id)
        self._below: dict[Any, frozenset[Any]] = {}
        self.strong = _hidden_strengths(tier, seed)
        # The seed's follows look for people at least this good in a skill.
        from learnwork.seeding.stage_follows import FOLLOW_LEVEL

        self.follow_level = FOLLOW_LEVEL

    def below(self, skill_id: Any) -> frozenset[Any]:
        found = self._below.get(skill_id)
        if found is None:
            found = self._below[skill_id] = frozenset(self.hierarchy.below(skill_id))
        return found

    def truly_strong(self, person: int, skill_id: Any) -> bool:
        levels = self.strong.get(person, {})
        return any(levels.get(str(skill), 0.0) >= self.follow_level
                   for skill in self.below(skill_id))

    def posters_in(self, skill_id: Any) -> set[int]:
        found: set[int] = set()
        for skill in self.below(skill_id):
            found |= self.posters.get(skill, set())
        return found

    def excluded(self, reader: int, skill_id: Any) -> set[int]:
        """Whom no ranker may suggest to `reader` for `skill_id` (the recommender's own rules)."""
        out = {reader} | self.everything.get(reader, set()) | self.blocked.get(reader, set())
        for followee in self.following.get(reader, set()):
            topics = self.topics.get((reader, followee))
            if topics and any(skill_id in self.below(t) for t in topics):
                out.add(followee)
        return out


def _hidden_strengths(tier: str, seed: int) -> dict[int, dict[str, float]]:
    """user id -> skill id -> true level: the seed's hidden expertise, replayed from its plan."""
    from learnwork.accounts.models import User
    from learnwork.seeding.people import EMAIL_DOMAIN, plan_people
    from learnwork.seeding.taxonomy import load_taxonomy
    from learnwork.seeding.tiers import get_tier

    ids = dict(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
               .values_list("username", "pk"))
    people = plan_people(seed=seed, count=get_tier(tier).people, taxonomy=load_taxonomy())
    return {ids[p.handle]: dict(p.expertise) for p in people if p.handle in ids}


def answer_key(hidden: dict[str, Any], known: Known,
               goals: dict[int, list[Any]]) -> dict[tuple[int, Any], set[int]]:
    """(reader, goal skill) -> the people they later learned from or followed in that skill."""
    relevant: dict[tuple[int, Any], set[int]] = defaultdict(set)
    for reader, post_id, author in hidden["marks"]:
        tags = known.post_tags.get(post_id, [])
        for goal in goals.get(reader, ()):
            below = known.below(goal)
            if any(tag in below for tag in tags):
                relevant[(reader, goal)].add(author)
    for follow_id, follower, followee in hidden["follows"]:
        topics = hidden["topics"].get(follow_id, set())
        for goal in goals.get(follower, ()):
            below = known.below(goal)
            if topics:
                hit = any(t in below for t in topics)
            else:
                hit = known.truly_strong(followee, goal)
            if hit:
                relevant[(follower, goal)].add(followee)
    for (reader, goal), people in relevant.items():
        people -= known.excluded(reader, goal)
    return {key: people for key, people in relevant.items() if people}


# --- measure: rankers ----------------------------------------------------------------------------

def popularity(known: Known, reader: int, goal: Any) -> list[int]:
    excluded = known.excluded(reader, goal)
    people = [p for p in known.posters_in(goal) if p not in excluded]
    return sorted(people, key=lambda p: (-known.followers.get(p, 0), p))[:K]


def friends_of_friends(known: Known, reader: int, goal: Any) -> list[int]:
    excluded = known.excluded(reader, goal)
    posters = known.posters_in(goal)
    counts: dict[int, int] = defaultdict(int)
    for friend in known.following.get(reader, ()):
        for person in known.following.get(friend, ()):
            if person in posters and person not in excluded:
                counts[person] += 1
    return sorted(counts, key=lambda p: (-counts[p], -known.followers.get(p, 0), p))[:K]


def recommender(users: dict[int, Any], reader: int, goal: Any) -> list[int]:
    from learnwork.recommendations import selectors

    found = selectors.suggestions(reader=users[reader], goal_id=goal, limit=K)
    return [s.person.pk for block in found for s in block.people][:K]


def recall_ndcg(ranked: list[int], relevant: set[int]) -> tuple[float, float]:
    hits = [1.0 if p in relevant else 0.0 for p in ranked[:K]]
    dcg = sum(h / math.log2(i + 2) for i, h in enumerate(hits))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(K, len(relevant))))
    return sum(hits) / len(relevant), dcg / ideal if ideal else 0.0


# --- measure: speed ------------------------------------------------------------------------------

def _speed(readers: list[Any], rounds: int, *, heavy: set[int]) -> dict[str, Any]:
    from django.core import signals
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    # The requests run inside the measuring transaction: the handler must not close the
    # connection at the end of each (as Django's test client does too).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    server = Server()
    sessions = {r.pk: _session_for(r) for r in readers}
    sizes = []
    for reader in readers[:20]:  # warm up, and the floor's size
        status, body, _ms = server.get("/api/v1/recommendations/people",
                                       session=sessions[reader.pk])
        if not status.startswith("200"):
            raise SystemExit(f"the server answered {status}: {body[:300]!r}")
        sizes.append(len(body))
    server.floor_body = json.dumps({"pad": "x" * int(statistics.median(sizes))}).encode()
    timed, floor, timed_heavy = [], [], []
    for _round in range(rounds):
        for reader in readers:
            ms = server.get("/api/v1/recommendations/people", session=sessions[reader.pk])[2]
            timed.append(ms)
            if reader.pk in heavy:
                timed_heavy.append(ms)
            floor.append(server.get("/bench/floor", session=sessions[reader.pk])[2])
    queries = []
    for reader in readers[:20] + readers[-10:]:
        with CaptureQueriesContext(connection) as captured:
            server.get("/api/v1/recommendations/people", session=sessions[reader.pk])
        queries.append(len(captured))
    p95, floor_p95 = _p(timed, 0.95), _p(floor, 0.95)
    return {
        "requests": len(timed), "p50_ms": round(_p(timed, 0.5), 2), "p95_ms": round(p95, 2),
        "p99_ms": round(_p(timed, 0.99), 2), "floor_p50_ms": round(_p(floor, 0.5), 2),
        "floor_p95_ms": round(floor_p95, 2),
        "ratio_to_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
        "p95_heavy_readers_ms": round(_p(timed_heavy, 0.95), 2) if timed_heavy else None,
        "queries_per_request": max(queries), "queries_min": min(queries),
        "response_bytes_p50": int(statistics.median(sizes)),
    }


# --- measure ------------------------------------------------------------------------------------

def measure(db: str, tier: str, seed: int, pairs_wanted: int, rounds: int) -> None:
    setup_django(database_url(db, tier, seed))
    from django.db import transaction

    from learnwork.accounts.models import User
    from learnwork.recommendations import evidence
    from learnwork.seeding.people import EMAIL_DOMAIN
    from learnwork.skills.models import LearningGoal

    rng = random.Random(SAMPLE_SEED + seed)
    with transaction.atomic():
        hidden = hide_future(db)
        started = time.perf_counter()
        built = evidence.rebuild()
        rebuild_s = time.perf_counter() - started
        _log(db, f"evidence from the 80 %: {built.rows:,} rows for {built.people:,} people in "
                 f"{rebuild_s:.1f} s")
        known = Known(tier=tier, seed=seed)
        goals: dict[int, list[Any]] = defaultdict(list)
        for user_id, skill_id in LearningGoal.objects.filter(
                user__email__endswith=f"@{EMAIL_DOMAIN}").values_list("user_id", "skill_id"):
            goals[user_id].append(skill_id)
        key = answer_key(hidden, known, goals)
        pairs = sorted(key, key=lambda pair: (pair[0], str(pair[1])))
        sample = rng.sample(pairs, min(pairs_wanted, len(pairs)))
        users = User.objects.in_bulk({reader for reader, _goal in sample})
        totals: dict[str, list[tuple[float, float]]] = defaultdict(list)
        overlap: list[float] = []
        followers: dict[str, list[int]] = defaultdict(list)
        started = time.perf_counter()
        for reader, goal in sample:
            relevant = key[(reader, goal)]
            ranked = {"recommender": recommender(users, reader, goal),
                      "popularity": popularity(known, reader, goal),
                      "friends_of_friends": friends_of_friends(known, reader, goal)}
            for name, people in ranked.items():
                totals[name].append(recall_ndcg(people, relevant))
                followers[name] += [known.followers.get(p, 0) for p in people]
            if ranked["recommender"]:
                overlap.append(len(set(ranked["recommender"]) & set(ranked["popularity"]))
                               / len(ranked["recommender"]))
        quality_s = time.perf_counter() - started
        means = {name: (statistics.mean(r for r, _n in rows), statistics.mean(n for _r, n in rows))
                 for name, rows in totals.items()}
        readers = list(users.values())
        rng.shuffle(readers)
        # The heaviest followers too: the most people to leave out, and the most closeness.
        heavy = sorted((pk for pk in goals if known.following.get(pk)),
                       key=lambda pk: (-len(known.following[pk]), pk))[:HEAVY_READERS]
        heavy_users = list(User.objects.filter(pk__in=heavy))
        speed = _speed(readers[:SPEED_READERS - len(heavy_users)] + heavy_users, rounds,
                       heavy={u.pk for u in heavy_users})
        speed["heaviest_follows"] = max((len(known.following[pk]) for pk in heavy), default=0)
        transaction.set_rollback(True)

    best = max(means["popularity"][1], means["friends_of_friends"][1])
    best_recall = max(means["popularity"][0], means["friends_of_friends"][0])
    result = {
        "bench": "recommend", "tier": tier, "db": db, **speed,
        **{f"recall_at_10_{name}": round(r, 4) for name, (r, _n) in means.items()},
        **{f"ndcg_at_10_{name}": round(n, 4) for name, (_r, n) in means.items()},
        "ratio_to_best_baseline": round(means["recommender"][1] / best, 2) if best else None,
        "recall_ratio_to_best_baseline": (round(means["recommender"][0] / best_recall, 2)
                                          if best_recall else None),
        # Variety: how much of the list the most-followed would have given anyway.
        "popularity_overlap_recommender": round(statistics.mean(overlap), 3) if overlap else None,
        **{f"followers_p50_{name}": statistics.median(values) if values else None
           for name, values in followers.items()},
        "pairs": len(sample), "pairs_with_answers": len(pairs),
        "relevant_per_pair_p50": statistics.median(len(key[p]) for p in sample),
        "hidden_learned": len(hidden["marks"]), "learned_total": hidden["learned_total"],
        "hidden_follows": len(hidden["follows"]), "follows_total": hidden["follows_total"],
        "evidence_rows": built.rows, "rebuild_s": round(rebuild_s, 1),
        "quality_pass_s": round(quality_s, 1),
        "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print("RESULT " + json.dumps(result), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=1000,
                        help="reader-goal pairs scored for quality")
    parser.add_argument("--rounds", type=int, default=2,
                        help="timed requests per sampled reader (up to 200 readers)")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.db, args.tier, args.seed)
        return 0
    if args.step == "measure":
        measure(args.db, args.tier, args.seed, args.pairs, args.rounds)
        return 0
    return run_steps(__file__, args.db, [
        "--tier", args.tier, "--seed", str(args.seed), "--pairs", str(args.pairs),
        "--rounds", str(args.rounds)])

if __name__ == "__main__":
    sys.exit(main())
