"""Typed access to the LEARNWORK_* environment: the only place settings are read from."""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path


def text(name: str, default: str = "") -> str:
    return os.environ.get(f"LEARNWORK_{name}", default)


def flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(f"LEARNWORK_{name}")
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"LEARNWORK_{name} must be true or false, not {raw!r}")


def integer(name: str, default: int) -> int:
    raw = os.environ.get(f"LEARNWORK_{name}")
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"LEARNWORK_{name} must be a whole number, not {raw!r}") from exc


def items(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in text(name, default).split(",") if part.strip()]


def secret_key(var_dir: Path, debug: bool) -> str:
    """The key from the environment; a development instance keeps a generated one under var/.

    Production must set LEARNWORK_SECRET_KEY so every process and host shares one key.
    """
    key = text("SECRET_KEY")
    if key:
        return key
    if not debug:
        raise RuntimeError(
            "LEARNWORK_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


def credential_signing_key(var_dir: Path, generate: bool) -> str:
    """The Ed25519 seed that signs Open Badges credentials (base64 or multibase, see README).

    A development or demo instance keeps a generated one under var/; production sets it (and
    keeps it as safe as the secret key: whoever holds it can issue credentials in its name).
    Unset in production, issuing is switched off rather than signed with a throwaway key.
    """
    key = text("CREDENTIAL_SIGNING_KEY")
    if key or not generate:
        return key.strip()
    path = var_dir / "credential_signing_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = "u" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    path.write_text(key)
    path.chmod(0o600)
    logging.getLogger("learnwork.credentials").warning(
        "LEARNWORK_CREDENTIAL_SIGNING_KEY is not set: generated a credential signing key in %s. "
        "Credentials issued with it only verify while that file is kept.", path,
    )
    return key
