"""Benchmark: the xAPI learning record store through a real HTTP server.

    python bench/xapi_ingest.py --tier S --db both
    python bench/xapi_ingest.py --tier M --db postgres

Each database gets its own benchmark database, never the development one:
var/bench/xapi-<tier>.sqlite3, and learnwork_bench_xapi_<tier> on the server of
LEARNWORK_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/), created when
missing.

Steps, each its own process:
- prepare: migrate, create the benchmark provider and a credential (scope `all`), and fill the
  store through `xapi.services.statements_store` (in-process, untimed) until it holds the
  tier's background statements (S: 50k, M: 1M; kept between runs).
- measure: start gunicorn as `learnwork serve` runs it (sync workers, 2 per core; the
  project's WSGI application plus a bench-only floor route) on a free port, then from 2
  client threads:
  - ingest: POST generated statements (about 1.5 KB each: actor, verb, activity with its
    definition, registration, parent and grouping activities, result with score and duration,
    extensions) in batches of 1, 10, 50 and 100 (S: 2,500 statements per batch size, M: 25,000;
    100k in all), timing every request; the floor is the same body POSTed to a route that
    only reads it.
  - filtered GETs (the default page, 100 statements): by agent, verb, activity, since
    (the last minute), and agent+verb, each with a fixed-seed sample of values; the floor
    is a static body of the median response size.
  - before the GETs the store is read once (untimed: pg_prewarm into the OS cache, or a
    scan), as a server that has been answering for a while has it in memory; afterwards the
    statements the ingest added are deleted (untimed), so every run measures the same store.

Prints one `RESULT {"bench": "xapi_ingest", ...}` line per batch size and one
`RESULT {"bench": "xapi_get", ...}` line per filter, per database. An ingest line names the
server configuration, and on PostgreSQL the settings that decide the WAL's cost (the benchmark
changes none) with what the server wrote while the requests ran: WAL bytes per statement and
full page images (tens of thousands of them at tier M mean a checkpoint started during the
run; see docs/xapi.md). `--batches 50 --skip-gets` measures one batch size alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import benchdb
from benchdb import ensure_postgres_database, run_steps
from benchdb import log as _log

ROOT = Path(__file__).resolve().parent.parent
TIERS = {
    # background statements, statements posted per batch size, GETs per filter, agents, courses
    "S": {"background": 50_000, "per_batch": 2_500, "gets": 100, "agents": 2_000,
          "courses": 300},
    "M": {"background": 1_000_000, "per_batch": 25_000, "gets": 300, "agents": 20_000,
          "courses": 3_000},
}
BATCHES = (1, 10, 50, 100)
CLIENTS = 2
SEED = 20241105
VERBS = ["completed", "passed", "failed", "attempted", "experienced", "answered",
         "progressed", "launched", "initialized", "terminated"]
HOME = "https://academy.example"


# --- databases -------------------------------------------------------------------------------

def database_url(db: str, tier: str) -> str:
    return benchdb.database_url("xapi", db, tier)


def _environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "LEARNWORK_DATABASE_URL": url, "LEARNWORK_SECRET_KEY": "bench-only-not-secret",
        "LEARNWORK_VAR_DIR": str(ROOT / "var"), "LEARNWORK_DEBUG": "false",
        "LEARNWORK_TESTING": "false", "LEARNWORK_TASKS": "database",
        "LEARNWORK_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "learnwork.config.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "bench")]),
    })
    return env


def setup_django(url: str) -> None:
    os.environ.update(_environment(url))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _credential_file(db: str, tier: str) -> Path:
    return ROOT / "var" / "bench" / f"xapi-{db}-{tier.lower()}-credential.json"


# --- statements ------------------------------------------------------------------------------

class Generator:
    """Fixed-seed statements of about 1.5 KB over a pool of agents and courses."""

    def __init__(self, tier: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.agents = TIERS[tier]["agents"]
        self.courses = TIERS[tier]["courses"]

    def agent(self, n: int) -> dict[str, Any]:
        return {"objectType": "Agent", "name": f"Learner {n}",
                "account": {"homePage": HOME, "name": f"learner-{n}"}}

    def statement(self, when: datetime) -> dict[str, Any]:
        rng = self.rng
        learner = rng.randrange(self.agents)
        course = rng.randrange(self.courses)
        module = rng.randrange(12)
        verb = VERBS[min(int(rng.expovariate(0.5)), len(VERBS) - 1)]
        raw = rng.randrange(101)
        return {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "actor": self.agent(learner),
            "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
            "object": {
                "objectType": "Activity",
                "id": f"{HOME}/courses/{course}/modules/{module}",
                "definition": {
                    "name": {"en-US": f"Course {course}, module {module}"},
                    "description": {"en-US": "A module of a practical course on building and "
                                             "running web applications, with exercises."},
                    "type": "http://adlnet.gov/expapi/activities/module",
                },
            },
            "result": {"score": {"scaled": raw / 100, "raw": raw, "min": 0, "max": 100},
                       "success": raw >= 50, "completion": verb == "completed",
                       "duration": f"PT{rng.randrange(1, 90)}M{rng.randrange(60)}S"},
            "context": {
                "registration": str(uuid.UUID(int=learner * 100_003 + course, version=4)),
                "contextActivities": {
                    "parent": [{"objectType": "Activity", "id": f"{HOME}/courses/{course}"}],
                    "grouping": [{"objectType": "Activity", "id": f"{HOME}/programmes/"
                                                                  f"{course % 40}"}],
                    "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/cmi5"}],
                },
                "platform": "Open Academy LMS",
                "language": "en-US",
                "extensions": {f"{HOME}/xapi/extensions/session": rng.randrange(10**9),
                               f"{HOME}/xapi/extensions/device": "desktop"},
            },
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        }


# --- prepare ---------------------------------------------------------------------------------

def prepare(db: str, tier: str) -> None:
    url = database_url(db, tier)
    if db == "postgres":
        ensure_postgres_database(url)
    setup_django(url)
    from django.core.management import call_command

    from learnwork.providers import services as provider_services
    from learnwork.providers.auth import authenticate_basic
    from learnwork.providers.models import Provider
    from learnwork.xapi import services
    from learnwork.xapi.models import Statement

    call_command("migrate", verbosity=0)
    provider = Provider.objects.filter(slug="xapi-bench").first() or \
        provider_services.provider_create(name="xAPI bench", slug="xapi-bench")
    path = _credential_file(db, tier)
    saved = json.loads(path.read_text()) if path.exists() else None
    import base64

    def header(pair: dict[str, str]) -> str:
        return "Basic " + base64.b64encode(f"{pair['key']}:{pair['secret']}".encode()).decode()

    if saved is None or authenticate_basic(header(saved)) is None:
        credential, secret = provider_services.credential_create(
            actor=None, provider=provider, label="bench", scopes=["all"])
        saved = {"key": credential.key, "secret": secret}
        path.write_text(json.dumps(saved))
    principal = authenticate_basic(header(saved))
    if principal is None:
        raise SystemExit(f"[{db}] the bench credential does not authenticate")
    have = Statement.objects.filter(provider_id=provider.pk).count()
    want = TIERS[tier]["background"]
    if have >= want:
        _log(db, f"{have} statements already stored")
        return
    gen = Generator(tier, SEED + have)
    started = time.perf_counter()
    when = datetime.now(UTC) - timedelta(days=120)
    step = timedelta(days=119) / max(1, want - have)
    for done in range(have, want, 1000):
        batch = []
        for _ in range(min(1000, want - done)):
            when += step
            batch.append(gen.statement(when))
        services.statements_store(principal=principal, statements=batch, version="2.0.0")
        if (done // 1000) % 50 == 0:
            rate = (done - have + len(batch)) / (time.perf_counter() - started)
            _log(db, f"filled {done + len(batch)}/{want} ({rate:.0f} statements/s)")
    _analyze(db)


def _analyze(db: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- server ----------------------------------------------------------------------------------

def wsgi_app() -> Callable[..., Any]:
    """The project's WSGI application, with /bench/floor answering a fixed body (gunicorn
    loads this with `xapi_ingest:wsgi_app()`)."""
    from django.core.wsgi import get_wsgi_application

    from learnwork.config.runtime import tune_collector

    django_app = get_wsgi_application()
    # What the project's WSGI module (learnwork.config.wsgi) does in each worker.
    tune_collector()
    floor_body = {"size": 2}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/bench/floor":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length:
                environ["wsgi.input"].read(length)
            query = environ.get("QUERY_STRING", "")
            if query.startswith("size="):
                floor_body["size"] = int(query[5:])
            body = b'["' + b"x" * max(0, floor_body["size"] - 4) + b'"]'
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(body))),
                                      ("X-Experience-API-Version", "2.0.0")])
            return [body]
        return django_app(environ, start_response)

    return app


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The server `learnwork serve` runs: gunicorn's sync workers, 2 per core (at least 2, at
# most 8), one request at a time each. (Threaded workers with kept-alive connections made
# runs differ by chance: when both clients' connections landed in one worker process, its two
# threads shared one interpreter lock and ingest ran on one core's worth of Python.)
WORKERS = max(2, min(8, 2 * (os.cpu_count() or 1)))
SERVER = f"gunicorn sync, {WORKERS} workers (as learnwork serve)"


def start_server(url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    argv = [str(ROOT / ".venv" / "bin" / "gunicorn"), "--chdir", str(ROOT / "bench"),
            "--workers", str(WORKERS),
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
            "xapi_ingest:wsgi_app()"]
    if not Path(argv[0]).exists():
        argv[0] = "gunicorn"
    server = subprocess.Popen(argv, env=_environment(url))
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/xapi/about")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("the server did not start")


class Client:
    def __init__(self, port: int, authorization: str) -> None:
        self.port = port
        self.local = threading.local()
        self.headers = {"Authorization": authorization, "X-Experience-API-Version": "2.0.0"}

    def _connection(self) -> http.client.HTTPConnection:
        if not hasattr(self.local, "connection"):
            self.local.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                               timeout=60)
        return self.local.connection  # type: ignore[no-any-return]

    def call(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            connection = self._connection()
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                content = response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                del self.local.connection
                if attempt == 2:
                    raise
                continue
            return response.status, content, (time.perf_counter() - started) * 1000
        raise AssertionError("unreachable")


def _run_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run jobs from CLIENTS threads; their results in order."""
    results: list[Any] = [None] * len(jobs)
    position = iter(range(len(jobs)))
    lock = threading.Lock()
    failure: list[BaseException] = []

    def worker() -> None:
        while not failure:
            with lock:
                index = next(position, None)
            if index is None:
                return
            try:
                results[index] = jobs[index]()
            except BaseException as exc:  # noqa: BLE001 - reported after the run
                failure.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failure:
        raise failure[0]
    return results


def _p(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


# --- measure ---------------------------------------------------------------------------------

def measure(db: str, tier: str, batches: tuple[int, ...] = BATCHES, gets: bool = True) -> None:
    url = database_url(db, tier)
    saved = json.loads(_credential_file(db, tier).read_text())
    import base64

    authorization = "Basic " + base64.b64encode(
        f"{saved['key']}:{saved['secret']}".encode()).decode()
    setup_django(url)
    from learnwork.xapi.models import Statement

    mark = Statement.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    background = Statement.objects.count()
    server, port = start_server(url)
    try:
        client = Client(port, authorization)
        for batch in batches:
            _ingest(db, tier, client, batch)
        if gets:
            _warm(db)
            for name, paths in _get_plans(tier).items():
                _gets(db, tier, client, name, paths,
                      background + TIERS[tier]["per_batch"] * len(batches))
    finally:
        server.terminate()
        server.wait(timeout=30)
        _forget_after(db, mark)


def _ingest(db: str, tier: str, client: Client, batch: int) -> None:
    per_batch = TIERS[tier]["per_batch"]
    gen = Generator(tier, SEED * 7 + batch + int(time.time()))
    now = datetime.now(UTC)
    bodies = []
    for _ in range(per_batch // batch):
        group = [gen.statement(now) for _ in range(batch)]
        bodies.append(json.dumps(group if batch > 1 else group[0]).encode())
    sizes = [len(b) / batch for b in bodies]
    # Warm up each worker's connections and code paths, untimed.
    _run_parallel([lambda b=b: client.call("POST", "/bench/floor", b) for b in bodies[:4]])

    def post(body: bytes) -> float:
        status, content, ms = client.call("POST", "/xapi/statements", body)
        if status != 200:
            raise SystemExit(f"[{db}] POST answered {status}: {content[:300]!r}")
        return ms

    wal_before = _wal_counters()
    started = time.perf_counter()
    timings = _run_parallel([lambda b=b: post(b) for b in bodies])
    elapsed = time.perf_counter() - started
    wal_after = _wal_counters()
    floors = _run_parallel([lambda b=b: client.call("POST", "/bench/floor", b)[2]
                            for b in bodies[:max(50, len(bodies) // 10)]])
    p95, floor_p95 = _p(timings, 0.95), _p(floors, 0.95)
    statements = len(bodies) * batch
    result: dict[str, Any] = {
        "bench": "xapi_ingest", "tier": tier, "db": db, "batch": batch,
        "statements": statements, "requests": len(bodies),
        "statements_per_s": round(statements / elapsed, 1),
        "p50_ms": round(_p(timings, 0.5), 2), "p95_ms": round(p95, 2),
        "floor_p95_ms": round(floor_p95, 2),
        "ratio_to_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
        "statement_bytes": round(statistics.mean(sizes)), "clients": CLIENTS,
        "server": SERVER,
    }
    if wal_before and wal_after:
        # The whole server's WAL while the requests ran (other databases' writes included).
        # After a checkpoint starts, each index page's first change is a full page image:
        # tens of thousands of them at tier M mean a checkpoint started during the run.
        result.update({
            "wal_bytes_per_statement": round((wal_after[0] - wal_before[0]) / statements),
            "wal_full_page_images": wal_after[1] - wal_before[1],
            "pg_settings": _pg_settings(),
        })
    print("RESULT " + json.dumps(result), flush=True)


# The server settings that decide how much WAL an ingest writes and how often it pays full
# page images; printed with each PostgreSQL result, as the benchmark changes none of them.
PG_SETTINGS = ("shared_buffers", "max_wal_size", "checkpoint_timeout", "wal_compression",
               "full_page_writes", "synchronous_commit")


def _wal_counters() -> tuple[int, int] | None:
    """(WAL bytes, full page images) so far, on PostgreSQL 14 or newer."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    if connection.pg_version < 140000:  # type: ignore[attr-defined]
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT wal_bytes, wal_fpi FROM pg_stat_wal")
        wal_bytes, fpi = cursor.fetchone()
    return int(wal_bytes), int(fpi)


def _pg_settings() -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)",
                       [list(PG_SETTINGS)])
        # "16384x8kB" (pages of 8 kB), "1024MB", "300s", "on".
        return {name: f"{setting}{'x' if unit and unit[0].isdigit() else ''}{unit or ''}"
                for name, setting, unit in cursor.fetchall()}


def _get_plans(tier: str) -> dict[str, list[str]]:
    rng = random.Random(SEED)
    count = TIERS[tier]["gets"]
    gen = Generator(tier, SEED)

    def agent() -> str:
        return quote(json.dumps(gen.agent(rng.randrange(gen.agents)), separators=(",", ":")))

    def verb() -> str:
        return quote(f"http://adlnet.gov/expapi/verbs/{rng.choice(VERBS)}")

    def activity() -> str:
        return quote(f"{HOME}/courses/{rng.randrange(gen.courses)}/modules/{rng.randrange(12)}")

    def since() -> str:
        moment = datetime.now(UTC) - timedelta(seconds=rng.randrange(30, 90))
        return quote(moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))

    base = "/xapi/statements?"
    return {
        "agent": [f"{base}agent={agent()}" for _ in range(count)],
        "verb": [f"{base}verb={verb()}" for _ in range(count)],
        "activity": [f"{base}activity={activity()}" for _ in range(count)],
        "since": [f"{base}since={since()}" for _ in range(count)],
        "agent_verb": [f"{base}agent={agent()}&verb={verb()}" for _ in range(count)],
    }


def _gets(db: str, tier: str, client: Client, name: str, paths: list[str],
          stored: int) -> None:
    def get(path: str) -> tuple[float, int, int]:
        status, content, ms = client.call("GET", path)
        if status != 200:
            raise SystemExit(f"[{db}] GET {path[:120]} answered {status}: {content[:300]!r}")
        return ms, len(content), content.count(b'"stored"')

    for path in paths[:5]:
        get(path)
    results = _run_parallel([lambda p=p: get(p) for p in paths])
    timings = [ms for ms, _size, _n in results]
    size = int(statistics.median(size for _ms, size, _n in results))
    client.call("GET", f"/bench/floor?size={size}")
    floors = _run_parallel([lambda: client.call("GET", "/bench/floor")[2]
                            for _ in range(len(paths))])
    p95, floor_p95 = _p(timings, 0.95), _p(floors, 0.95)
    print("RESULT " + json.dumps({
        "bench": "xapi_get", "tier": tier, "db": db, "filter": name, "requests": len(paths),
        "stored": stored,
        "p50_ms": round(_p(timings, 0.5), 2), "p95_ms": round(p95, 2),
        "p99_ms": round(_p(timings, 0.99), 2), "floor_p95_ms": round(floor_p95, 2),
        "ratio_to_floor": round(p95 / floor_p95, 2) if floor_p95 else None,
        "statements_per_page_p50": statistics.median(n for _ms, _size, n in results),
        "response_bytes_p50": size,
    }), flush=True)


def _warm(db: str) -> None:
    """Read the store once, untimed, into the operating system's cache, as on a server that
    has been answering for a while (right after a bulk load, reads would measure the disk)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_prewarm'")
            if cursor.fetchone():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
                for relation in ("xapi_statement", "xapi_statement_pkey",
                                 "xapi_statementkey_pkey", "xapi_stmt_provider_stored"):
                    cursor.execute("SELECT pg_prewarm(%s, 'read')", [relation])
                _log(db, f"warmed in {time.perf_counter() - started:.1f} s")
                return
        cursor.execute("SELECT sum(length(data)) FROM xapi_statement")
        cursor.execute("SELECT count(*) FROM xapi_statementkey")
    _log(db, f"warmed in {time.perf_counter() - started:.1f} s")


def _forget_after(db: str, mark: int) -> None:
    """Delete what the ingest step added, so the next run starts from the same store."""
    from django.db import connection, transaction

    from learnwork.xapi.models import Statement, StatementKey

    with transaction.atomic():
        StatementKey.objects.filter(statement_id__gt=mark).delete()
        removed, _detail = Statement.objects.filter(seq__gt=mark).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE xapi_statement")
            cursor.execute("VACUUM ANALYZE xapi_statementkey")
    _log(db, f"removed the {removed} statements the run added")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--batches", default=",".join(map(str, BATCHES)),
                        help="batch sizes to ingest, comma-separated (default: %(default)s)")
    parser.add_argument("--skip-gets", action="store_true",
                        help="only ingest; no filtered GETs")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    batches = tuple(int(b) for b in args.batches.split(","))
    if args.step == "prepare":
        prepare(args.db, args.tier)
        return 0
    if args.step == "measure":
        measure(args.db, args.tier, batches, gets=not args.skip_gets)
        return 0
    return run_steps(__file__, args.db, [
        "--tier", args.tier, "--batches", args.batches,
        *(["--skip-gets"] if args.skip_gets else [])])

if __name__ == "__main__":
    sys.exit(main())
