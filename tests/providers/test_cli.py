"""`learnwork provider …`: an operator registers providers and manages credentials."""

from __future__ import annotations

import re

import pytest

from learnwork import cli
from learnwork.providers.auth import authenticate_basic
from learnwork.providers.models import LrsCredential, Provider

from .factories import basic

pytestmark = pytest.mark.django_db


def _printed(out: str) -> tuple[str, str]:
    key = re.search(r"^key:\s+(\S+)$", out, re.M).group(1)
    secret = re.search(r"^secret:\s+(\S+)$", out, re.M).group(1)
    return key, secret


def test_create_prints_a_working_key_and_secret_once(capsys, ana):
    assert cli.main(["provider", "create", "Open Academy", "--admin", "ana",
                     "--scopes", "statements/write", "define"]) == 0
    out = capsys.readouterr().out
    key, secret = _printed(out)
    provider = Provider.objects.get(slug="open-academy")
    assert list(provider.admins.all()) == [ana]
    principal = authenticate_basic(basic(key, secret))
    assert principal.provider_id == provider.pk
    assert principal.scopes == {"statements/write", "define"}
    assert secret not in LrsCredential.objects.get().secret_digest

    assert cli.main(["provider", "list"]) == 0
    listing = capsys.readouterr().out
    assert "open-academy" in listing and key in listing and secret not in listing


def test_credential_and_revoke(capsys):
    cli.main(["provider", "create", "Open Academy"])
    first_key, first_secret = _printed(capsys.readouterr().out)
    assert cli.main(["provider", "credential", "open-academy", "--label", "LMS"]) == 0
    second_key, _secret = _printed(capsys.readouterr().out)
    assert second_key != first_key
    assert cli.main(["provider", "revoke", first_key]) == 0
    assert "Revoked" in capsys.readouterr().out
    assert authenticate_basic(basic(first_key, first_secret)) is None


@pytest.mark.parametrize(("argv", "message"), [
    (["provider", "revoke", "lwk_nope"], "No credential"),
    (["provider", "credential", "nobody"], "no course provider"),
    (["provider", "create", "X", "--scopes", "everything"], "Unknown scope"),
    (["provider", "create", "X", "--admin", "ghost"], "No member"),
])
def test_mistakes_are_one_line_errors(capsys, argv, message):
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("learnwork: ") and message.lower() in err.lower()
    assert len(err.strip().splitlines()) == 1


def test_the_same_name_twice_points_to_the_credential_command(capsys):
    cli.main(["provider", "create", "Open Academy"])
    capsys.readouterr()
    assert cli.main(["provider", "create", "open academy"]) == 1
    assert "learnwork provider credential" in capsys.readouterr().err


def test_provider_without_an_action_prints_help(capsys):
    assert cli.main(["provider"]) == 2
    assert "create" in capsys.readouterr().out
