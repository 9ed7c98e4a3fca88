"""Small typed readers for settings from the environment.

Each one fails loudly (ImproperlyConfigured naming the variable) on a value it cannot read, so a typo in a
deployment's environment stops the process at start-up instead of quietly falling back to a default.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def load_env_file(default: Path) -> Path | None:
    """Read the local development settings file (`.env`, written by `make run`) into the environment.

    Variables already in the environment win over the file, so a deployment's own settings are never replaced.
    `DJANGO_ENV_FILE` names another file, or turns the file off when empty (the tests do, so that they behave the
    same with or without a developer's `.env`). A file named that way must exist; the default one may be absent.
    Returns the file read, if any.
    """
    named = os.environ.get("DJANGO_ENV_FILE")
    if named is not None and not named.strip():
        return None
    path = Path(named) if named else default
    if not path.is_file():
        if named:
            raise ImproperlyConfigured(f"DJANGO_ENV_FILE names {named!r}, which is not a file")
        return None
    load_dotenv(path, override=False)
    return path
