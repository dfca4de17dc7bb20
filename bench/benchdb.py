"""Shared by the benchmarks: their own throwaway databases, Django set up for them, seeding,
and running each database's prepare and measure steps as processes of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def ensure_postgres_database(url: str) -> None:
    """Create the database named in `url` on its server if it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
                         password=config["PASSWORD"] or None, dbname="postgres",
                         autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"


def database_url(bench: str, db: str, tier: str, seed: int = 1) -> str:
    """This benchmark's own database for the tier (and seed, when not the first):
    var/bench/<bench>-<tier>.sqlite3, or learnwork_bench_<bench>_<tier> on the server of
    LEARNWORK_BENCH_POSTGRES_URL."""
    suffix = tier.lower() if seed == 1 else f"{tier.lower()}_seed{seed}"
    if db == "sqlite":
        path = ROOT / "var" / "bench" / f"{bench}-{suffix.replace('_', '-')}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    server = urlsplit(os.environ.get("LEARNWORK_BENCH_POSTGRES_URL", DEFAULT_SERVER))
    name = f"learnwork_bench_{bench}_{suffix}"
    return urlunsplit((server.scheme, server.netloc, f"/{name}", server.query, ""))


def log(db: str, message: str) -> None:
    print(f"[{db}] {message}", file=sys.stderr, flush=True)


def setup_django(url: str, **environment: str) -> None:
    """Django on `url`, with the settings every in-process benchmark wants (and `environment`'s
    LEARNWORK_* variables on top)."""
    os.environ["LEARNWORK_DATABASE_URL"] = url
    os.environ.setdefault("LEARNWORK_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LEARNWORK_VAR_DIR", str(ROOT / "var"))
    # Every sampled reader is one client; the per-user API limit would cap the passes.
    os.environ["LEARNWORK_API_RATE_LIMIT"] = "1000000/m"
    os.environ["LEARNWORK_DEBUG"] = "false"
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "learnwork.config.settings"
    sys.path.insert(0, str(ROOT / "src"))
    # WhiteNoise warns that static files were never collected; the API needs none.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()


def migrate_and_seed(db: str, tier: str, seed: int, *,
                     before_seed: Callable[[], None] | None = None) -> Any:
    """Migrate, import the ESCO taxonomy and seed the tier with `learnwork seed`'s stages
    (what is there already stays); the seeding report. Django must be set up."""
    from django.core.management import call_command

    from learnwork.seeding import seed as run_seed
    from learnwork.skills import services

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    report = services.taxonomy_import()
    state = "already there" if report.skipped else f"imported in {report.seconds:.1f} s"
    log(db, f"migrated; ESCO {state} ({time.perf_counter() - started:.1f} s)")
    if before_seed is not None:
        before_seed()
    seeded = run_seed(tier=tier, seed=seed, log=lambda line: log(db, line))
    log(db, seeded.summary().replace("\n", f"\n[{db}] "))
    return seeded


def run_steps(script: str, dbs: str, argv: Sequence[str]) -> int:
    """Run `script`'s prepare and then measure step, each in its own process, for each
    database of `dbs` ("sqlite", "postgres" or "both") with the options `argv`; 1 if a step
    failed (the database's later step is skipped), else 0."""
    failed = 0
    for db in (["sqlite", "postgres"] if dbs == "both" else [dbs]):
        for step in ("prepare", "measure"):
            started = time.perf_counter()
            run = subprocess.run([sys.executable, script, *argv, "--db", db, "--step", step],
                                 check=False)
            log(db, f"{step} took {time.perf_counter() - started:.1f} s")
            if run.returncode:
                log(db, f"{step} failed (exit {run.returncode})")
                failed = 1
                break
    return failed
