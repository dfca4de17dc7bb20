"""The `learnwork` command. In-process where possible, so the tests use the test database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site

from learnwork import cli
from learnwork.accounts.models import User
from learnwork.seeding.demo import (
    DEMO_EMAIL,
    DEMO_HANDLE,
    DEMO_PASSWORD,
    demo_banner,
    prepare_demo,
)
from learnwork.seeding.people import EMAIL_DOMAIN
from learnwork.seeding.sample import create_sample_taxonomy
from learnwork.skills.models import UserSkill

LEARNWORK = Path(sys.executable).parent / "learnwork"


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "worker", "seed", "import-skills", "manage"):
        assert command in out


def test_installed_entry_point_answers_help_without_django():
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNWORK_")}
    done = subprocess.run(  # noqa: S603
        [str(LEARNWORK), "--help"], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "import-skills" in done.stdout


def test_unknown_tier_is_a_clear_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["seed", "--tier", "Q"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unknown tier 'Q'" in err and "S (1,000 people)" in err


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "demo" in capsys.readouterr().out


@pytest.mark.django_db
def test_manage_passes_through_to_django(capsys):
    assert cli.main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_command_seeds_and_reports(capsys):
    create_sample_taxonomy()
    assert cli.main(["seed", "--tier", "xs", "--seed", "2", "--people", "12"]) == 0
    out = capsys.readouterr().out
    assert "12 people" in out
    assert User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count() == 12


@pytest.mark.django_db
def test_seed_without_skills_fails_in_one_line(capsys):
    assert cli.main(["seed", "--tier", "S"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        "learnwork: the ESCO skills are not imported yet: run `learnwork import-skills` first"
    )


def test_worker_refuses_when_tasks_run_inline(capsys, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert cli.main(["worker"]) == 1
    assert "LEARNWORK_TASKS=immediate" in capsys.readouterr().err


def test_busy_port_is_reported_in_one_line():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(cli.CLIError, match=f"port {port} on 127.0.0.1 is already in use"):
            cli.check_port("127.0.0.1", port)


def test_bad_database_url_fails_without_a_traceback(tmp_path):
    env = {**os.environ, "LEARNWORK_DATABASE_URL": "nosuchdb://x/y",
           "LEARNWORK_VAR_DIR": str(tmp_path), "LEARNWORK_SECRET_KEY": "not-the-problem"}
    done = subprocess.run(  # noqa: S603
        [str(LEARNWORK), "seed"], capture_output=True, text=True, env=env, timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("learnwork: configuration error: LEARNWORK_DATABASE_URL")
    assert len(done.stderr.strip().splitlines()) == 1


def test_gunicorn_serves_the_wsgi_app():
    argv = cli.gunicorn_argv(host="::1", port=8001, workers=3, access_log=False)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "learnwork.config.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "[::1]:8001"
    assert argv[argv.index("--workers") + 1] == "3"
    assert "--access-logfile" not in argv


@pytest.mark.django_db
def test_demo_setup_creates_a_ready_account_and_is_idempotent(settings):
    create_sample_taxonomy()
    lines: list[str] = []

    def prepare():
        return prepare_demo(log=lines.append, migrate=False, static=False, skills=False,
                                people=20)

    first = prepare()
    demo = User.objects.get(username=DEMO_HANDLE)
    skills = sorted(UserSkill.objects.filter(user=demo).values_list("skill_id", "level"))
    banner = demo_banner(first, url="http://127.0.0.1:8000", serving=True)

    assert first.demo.created and first.admin.created
    assert demo.check_password(DEMO_PASSWORD)
    address = EmailAddress.objects.get(user=demo)
    assert (address.email, address.verified, address.primary) == (DEMO_EMAIL, True, True)
    assert skills
    assert first.report.people_created == 20
    assert "http://127.0.0.1:8000" in banner
    assert DEMO_EMAIL in banner and DEMO_PASSWORD in banner
    assert first.admin.password in banner
    assert "printed in this terminal" in banner

    second = prepare()

    assert not second.demo.created and not second.admin.created
    assert second.report.people_created == 0
    assert User.objects.filter(username=DEMO_HANDLE).count() == 1
    assert User.objects.filter(is_superuser=True).count() == 1
    assert sorted(UserSkill.objects.filter(user=demo).values_list("skill_id", "level")) == skills
    assert User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count() == 20
    assert "already exists" in demo_banner(second, url="http://x", serving=False)
    assert Site.objects.get(pk=settings.SITE_ID).name == "Learnwork"  # email subjects say who wrote
