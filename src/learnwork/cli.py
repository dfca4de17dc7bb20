"""The `learnwork` command: demo, serve, worker, seed, import-skills, manage.

Django is set up only by the subcommands that need it, so `learnwork --help` stays instant and
works on a machine with no database. Expected failures (bad configuration, unreachable database,
busy port, missing data) end with one line on stderr and a non-zero status, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from django.core.management.base import CommandError
from django.db import DatabaseError

from learnwork.seeding.errors import SeedError
from learnwork.seeding.tiers import TIERS, UnknownTier, get_tier

SETTINGS_MODULE = "learnwork.config.settings"
WSGI_APP = "learnwork.config.wsgi:application"


class CLIError(Exception):
    """A problem the person at the terminal can fix; printed as one line."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["manage"]:
            # Django parses its own options (including --help); argparse would swallow them.
            return manage(args[1:])
        parser = build_parser()
        options = parser.parse_args(args)
        handler: Callable[[argparse.Namespace], int] | None = getattr(options, "handler", None)
        if handler is None:
            parser.print_help()
            return 2
        return handler(options)
    except KeyboardInterrupt:
        return 130
    except (CLIError, CommandError, SeedError) as exc:
        return _fail(str(exc))
    except DatabaseError as exc:
        return _fail(f"database error: {_first_line(exc)}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="learnwork",
        description="Learnwork, a self-hostable learning network.",
        epilog="Configuration comes from LEARNWORK_* environment variables (see .env.example).",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="set up a demo instance with 1,000 people and run it",
        description="Migrate, import the skills, seed a community, create a demo login, then "
        "run the web server and the worker together. Safe to run again: nothing is lost.",
    )
    _add_bind_options(demo)
    demo.add_argument("--no-serve", action="store_true",
                      help="set everything up, then exit instead of serving")
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="run the production web server (gunicorn)")
    _add_bind_options(serve)
    serve.add_argument("--workers", type=_positive, default=_default_workers(),
                       help="gunicorn worker processes (default: %(default)s)")
    serve.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True,
                       help="log every request to stdout (default: on)")
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser("worker", help="run background tasks (emails, indexing, ...)")
    worker.add_argument("--queue-name", default=None, help="queues to process, comma-separated")
    worker.add_argument("--interval", type=float, default=None,
                        help="seconds to wait between polls when the queue is empty")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument("--max-tasks", type=_positive, default=None,
                        help="exit after this many tasks")
    worker.set_defaults(handler=cmd_worker)

    seed = commands.add_parser(
        "seed", help="add a deterministic, realistic community: people, follows, posts, reactions",
        description="Seed people with profiles, skills and goals. The same tier and seed always "
        "give the same people; running again adds only what is missing.",
    )
    tiers = ", ".join(f"{t.name} ({t.description})" for t in TIERS.values())
    seed.add_argument("--tier", type=_tier, default="S", help=f"one of {tiers}; default S")
    seed.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    seed.add_argument("--people", type=_non_negative, default=None,
                      help="seed this many people instead of the tier's size")
    seed.set_defaults(handler=cmd_seed)

    skills = commands.add_parser("import-skills", help="import the ESCO skills taxonomy")
    skills.add_argument("--path", default=None, help="directory with the ESCO CSV files")
    skills.add_argument("--force", action="store_true", help="import even if already loaded")
    skills.set_defaults(handler=cmd_import_skills)

    _add_provider_parser(commands)

    commands.add_parser(
        "manage", help="run a Django management command (learnwork manage help)",
        add_help=False,
    )
    return parser


# Commands -----------------------------------------------------------------------------------


def cmd_demo(options: argparse.Namespace) -> int:
    # Read by settings at import: the demo flag lets the instance generate its own secret key
    # under var/, so it runs with no configuration; DEBUG stays off, as it would in production.
    os.environ["LEARNWORK_DEMO"] = "1"
    os.environ.setdefault("LEARNWORK_DEBUG", "false")
    if not options.no_serve:
        check_port(options.host, options.port)  # fail before minutes of setup, not after
    setup_django()
    check_database()
    from learnwork.config import env
    from learnwork.seeding.demo import demo_banner, prepare_demo

    url = f"http://{_url_host(options.host)}:{options.port}"
    info = prepare_demo(log=_say, url=url,
                        admin_password=env.text("DEMO_ADMIN_PASSWORD") or None)
    print(demo_banner(info, url=url, serving=not options.no_serve), flush=True)
    if options.no_serve:
        return 0
    return run_together(host=options.host, port=options.port)


def cmd_serve(options: argparse.Namespace) -> int:
    setup_django()
    check_database()
    _warn_unapplied_migrations()
    ensure_static()
    check_port(options.host, options.port)
    argv = gunicorn_argv(host=options.host, port=options.port, workers=options.workers,
                         access_log=options.access_log)
    from django.db import connections

    connections.close_all()
    sys.stdout.flush()
    # exec, so gunicorn's master gets the signals directly and nothing sits in between.
    os.execv(sys.executable, argv)  # noqa: S606
    return 0  # pragma: no cover


def cmd_worker(options: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        raise CLIError(
            "tasks run inline here (LEARNWORK_TASKS=immediate), so there is no queue for a "
            "worker; unset LEARNWORK_TASKS to use the database queue"
        )
    check_database()
    argv: list[str] = []
    if options.queue_name:
        argv += ["--queue-name", options.queue_name]
    if options.interval is not None:
        argv += ["--interval", str(options.interval)]
    if options.batch:
        argv.append("--batch")
    if options.max_tasks:
        argv += ["--max-tasks", str(options.max_tasks)]
    call_command("db_worker", *argv)
    return 0


def cmd_seed(options: argparse.Namespace) -> int:
    setup_django()
    check_database()
    from learnwork.config import env
    from learnwork.seeding import seed

    tier = get_tier(options.tier)
    size = tier.people if options.people is None else options.people
    _say(f"Seeding {size:,} people (tier {tier.name}, seed {options.seed})…")
    report = seed(
        tier=tier.name, seed=options.seed, people=options.people,
        password=env.text("SEED_PASSWORD") or None, log=_say,
    )
    print(report.summary())
    return 0


def cmd_import_skills(options: argparse.Namespace) -> int:
    setup_django()
    check_database()
    argv: list[str] = []
    if options.path:
        argv += ["--path", options.path]
    if options.force:
        argv.append("--force")
    import_skills(argv)
    return 0


def _add_provider_parser(commands: Any) -> None:
    provider = commands.add_parser(
        "provider", help="course providers and their LRS credentials",
        description="Register course providers and manage their LRS credentials (HTTP Basic "
        "key and secret). The secret is printed once; only its digest is stored.")
    actions = provider.add_subparsers(title="actions", metavar="ACTION")
    provider.set_defaults(handler=lambda options: provider.print_help() or 2)
    scopes = {"nargs": "+", "default": None, "metavar": "SCOPE",
              "help": "xAPI scopes (default: statements/write statements/read/mine)"}
    create = actions.add_parser("create", help="register a provider and print a credential")
    create.add_argument("name")
    create.add_argument("--slug", default="", help="short name for addresses (default: NAME)")
    create.add_argument("--admin", default=None, metavar="HANDLE",
                        help="a member who will manage it")
    create.add_argument("--label", default="", help="what the credential is for")
    create.add_argument("--scopes", **scopes)
    create.set_defaults(handler=cmd_provider, action="create")
    credential = actions.add_parser("credential", help="print a new credential for a provider")
    credential.add_argument("slug")
    credential.add_argument("--label", default="", help="what the credential is for")
    credential.add_argument("--scopes", **scopes)
    credential.set_defaults(handler=cmd_provider, action="credential")
    listing = actions.add_parser("list", help="list providers and their credentials")
    listing.set_defaults(handler=cmd_provider, action="listing")
    revoke = actions.add_parser("revoke", help="revoke a credential by its key")
    revoke.add_argument("key")
    revoke.set_defaults(handler=cmd_provider, action="revoke")


def cmd_provider(options: argparse.Namespace) -> int:
    setup_django()
    check_database()
    from learnwork.core.errors import DomainError
    from learnwork.providers import commands

    values = {k: v for k, v in vars(options).items() if k not in ("handler", "action")}
    try:
        getattr(commands, options.action)(**values)
    except DomainError as exc:
        raise CLIError(exc.detail) from exc
    return 0


def manage(rest: Sequence[str]) -> int:
    try:
        setup_django()
    except CLIError as exc:
        return _fail(str(exc))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["learnwork manage", *rest])
    return 0


# Building blocks (also used by tests) --------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.conf import settings

    try:
        # Settings read the environment at import; any error there is a configuration problem
        # (bad LEARNWORK_DATABASE_URL, missing secret key, a flag that is not true/false).
        settings.INSTALLED_APPS  # noqa: B018
    except Exception as exc:
        if type(exc).__name__ in {"UnknownSchemeError", "ParseError"}:
            # dj-database-url's own message lists 18 schemes and never names our variable.
            raise CLIError(
                "configuration error: LEARNWORK_DATABASE_URL is not a database URL we can use; "
                "try sqlite:///var/learnwork.sqlite3 or postgres://user:password@host:5432/name"
            ) from exc
        raise CLIError(f"configuration error: {_first_line(exc)}") from exc
    django.setup()


def check_database() -> None:
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:
        raise CLIError(
            f"cannot open the {connection.vendor} database: {_first_line(exc)}"
        ) from exc


def check_port(host: str, port: int) -> None:
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # gunicorn sets SO_REUSEADDR too, so a socket lingering in TIME_WAIT is not "in use".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((bare, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CLIError(
                    f"port {port} on {host} is already in use: stop whatever uses it or "
                    f"choose another with --port"
                ) from exc
            raise CLIError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def ensure_static() -> None:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if not root.exists() or (manifest and not (root / manifest).exists()):
        _say(f"Collecting static files into {root}…")
        call_command("collectstatic", interactive=False, verbosity=0)


def import_skills(argv: Sequence[str] = ()) -> None:
    from django.core.management import call_command, get_commands

    if "import_skills" not in get_commands():
        raise CLIError("this installation has no skills importer (import_skills is missing)")
    call_command("import_skills", *argv)


def gunicorn_argv(*, host: str, port: int, workers: int, access_log: bool) -> list[str]:
    argv = [
        sys.executable, "-m", "gunicorn", WSGI_APP,
        "--bind", f"{_url_host(host)}:{port}",
        "--workers", str(workers),
        "--graceful-timeout", "10",
        "--error-logfile", "-",
    ]
    if access_log:
        argv += ["--access-logfile", "-"]
    return argv + _control_socket_args()


def _control_socket_args() -> list[str]:
    # gunicorn >= 25.1 opens a control socket in $HOME by default: two instances on one machine
    # would share it, and a service account's home may be read-only. Keep it with our data.
    from django.conf import settings
    from gunicorn.config import KNOWN_SETTINGS

    if "control_socket" not in {setting.name for setting in KNOWN_SETTINGS}:
        return []
    path = Path(settings.VAR_DIR) / "gunicorn.ctl"
    if len(str(path)) < 100:  # the limit of a Unix socket path, less some margin
        return ["--control-socket", str(path)]
    return ["--no-control-socket"]


class _Stop(Exception):
    pass


def run_together(*, host: str, port: int) -> int:
    """Run the worker and the web server as children until Ctrl-C or SIGTERM, then stop both."""
    base = [sys.executable, "-m", "learnwork.cli"]
    commands = {
        "worker": [*base, "worker"],
        "web server": [*base, "serve", "--host", host, "--port", str(port), "--workers", "2",
                       "--no-access-log"],
    }
    # Children get their own process group, so Ctrl-C reaches only us and each child is told
    # to stop exactly once; a second signal would make the worker abandon its current task.
    children = {
        name: subprocess.Popen(argv, process_group=0)  # noqa: S603
        for name, argv in commands.items()
    }

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    # Set explicitly: a shell starting us in the background may have left SIGINT ignored.
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    raise CLIError(f"the {name} stopped unexpectedly (exit status {code})")
            time.sleep(0.5)
    except _Stop:
        _say("\nStopping the web server and the worker…")
        return 0
    finally:
        # Restored first, so a second Ctrl-C interrupts the graceful wait below.
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        stop_children(list(children.values()))


def stop_children(children: Sequence[subprocess.Popen[Any]], timeout: float = 15) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    try:
        for child in children:
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    except KeyboardInterrupt:
        # Impatient second Ctrl-C: stop waiting for graceful shutdown.
        for child in children:
            if child.poll() is None:
                child.kill()


# Helpers -------------------------------------------------------------------------------------


def _add_bind_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on "
                        "(default: %(default)s; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=_port, default=8000, help="default: %(default)s")


def _default_workers() -> int:
    # Two per core is gunicorn's advice; capped because each worker holds a database connection.
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def _tier(value: str) -> str:
    try:
        return get_tier(value).name
    except UnknownTier as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _positive(value: str) -> int:
    number = _non_negative(value)
    if number == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from exc
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def _port(value: str) -> int:
    number = _positive(value)
    if number > 65535:
        raise argparse.ArgumentTypeError("a port is a number from 1 to 65535")
    return number


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _say(message: str) -> None:
    print(message, flush=True)


def _fail(message: str) -> int:
    print(f"learnwork: {message}", file=sys.stderr)
    return 1


def _warn_unapplied_migrations() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        print(f"learnwork: warning: {len(pending)} database migrations are not applied; "
              f"run `learnwork manage migrate`", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
