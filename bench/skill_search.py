"""Benchmark: skill typeahead search over the full ESCO set.

    python bench/skill_search.py --tier S --db both

The tier is accepted for symmetry with the other benchmarks; the data is always the full ESCO
v1.1.1 set shipped with Learnwork. Each database is measured in its own process (so peak memory
is that of one configuration), on its own benchmark database, never the development one:
var/bench/skill_search.sqlite3, and LEARNWORK_BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/learnwork_bench), created when missing. The taxonomy is
imported first when the database does not hold it yet.

The measured operation is `selectors.skill_search` end to end (freshness check, index lookup,
ranking) over ~500 fixed-seed queries that look like typing: prefixes keystroke by keystroke,
typos, reordered words, alternative labels. The floor is the plainest database answer to the
same keystrokes, `SELECT id, label FROM skill WHERE label LIKE 'q%' LIMIT 10`, in the same run.
Prints one `RESULT {...}` line per database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from benchdb import ensure_postgres_database, run_steps

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/learnwork_bench"
QUERIES = 500
SEED = 20240611


def database_url(db: str) -> str:
    if db == "sqlite":
        path = ROOT / "var" / "bench" / "skill_search.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    return os.environ.get("LEARNWORK_BENCH_POSTGRES_URL", DEFAULT_PG)


def setup_django(db: str) -> None:
    os.environ["LEARNWORK_DATABASE_URL"] = database_url(db)
    os.environ.setdefault("LEARNWORK_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LEARNWORK_VAR_DIR", str(ROOT / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "learnwork.config.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def prepare(db: str) -> None:
    """Migrate and import the taxonomy (skipped when already there)."""
    if db == "postgres":
        ensure_postgres_database(database_url(db))
    setup_django(db)
    from django.core.management import call_command

    from learnwork.skills import services

    call_command("migrate", verbosity=0)
    report = services.taxonomy_import()
    state = "already there" if report.skipped else f"imported in {report.seconds:.1f} s"
    print(f"[{db}] ESCO {state}", file=sys.stderr)


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstln") + word[i + 1:]


def make_queries(labels: list[str], alts: list[str], rng: random.Random) -> list[str]:
    """What people type: keystroke prefixes, typos, reordered words, alternative labels."""
    queries: list[str] = []
    for label in rng.sample(labels, 30):
        typed = label[: min(len(label), rng.randint(6, 14))]
        queries += [typed[:n] for n in range(1, len(typed) + 1)]
    queries = queries[:250]
    multi = [label for label in labels if 2 <= len(label.split()) <= 5]
    for label in rng.sample(multi, 100):
        words = label.split()
        j = max(range(len(words)), key=lambda k: len(words[k]))
        if len(words[j]) >= 5:
            words[j] = _typo(words[j], rng)
        queries.append(" ".join(words).lower())
    for label in rng.sample(multi, 75):
        words = label.split()
        rng.shuffle(words)
        queries.append(" ".join(words))
    for alt in rng.sample(alts, 75):
        queries.append(alt.upper() if rng.random() < 0.2 else alt)
    return queries[:QUERIES]


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 1000) - 1]


def measure(db: str, tier: str) -> None:
    setup_django(db)
    from learnwork.skills import index_cache, selectors
    from learnwork.skills.models import Skill

    rows = list(Skill.objects.values_list("label", "alt_labels"))
    rng = random.Random(SEED)
    labels = sorted(label for label, _alt in rows)
    alts = sorted(a for _label, alt in rows for a in alt.splitlines() if a)
    queries = make_queries(labels, alts, rng)

    index_cache.invalidate()
    started = time.perf_counter()
    index_cache.current_index()
    build_ms = (time.perf_counter() - started) * 1000
    for query in queries[:50]:
        selectors.skill_search(query=query)

    times, floor = [], []
    for query in queries:
        started = time.perf_counter()
        selectors.skill_search(query=query, limit=10)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        list(Skill.objects.order_by().filter(label__startswith=query)
             .values_list("id", "label")[:10])
        floor.append((time.perf_counter() - started) * 1000)

    p95, floor_p95 = _p(times, 0.95), _p(floor, 0.95)
    result = {
        "bench": "skill_search", "tier": tier, "db": db, "queries": len(times),
        "p50_ms": round(_p(times, 0.50), 3), "p95_ms": round(p95, 3),
        "p99_ms": round(_p(times, 0.99), 3), "floor_p95_ms": round(floor_p95, 3),
        "ratio_to_floor": round(p95 / floor_p95, 2), "index_build_ms": round(build_ms, 1),
        "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print("RESULT " + json.dumps(result), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.db)
        return 0
    if args.step == "measure":
        measure(args.db, args.tier)
        return 0
    return run_steps(__file__, args.db, ["--tier", args.tier])

if __name__ == "__main__":
    sys.exit(main())
