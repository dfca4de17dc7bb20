"""Shared by the benchmarks: each keeps its own throwaway PostgreSQL database."""

from __future__ import annotations

import os
from pathlib import Path
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
