"""Strict readers for settings that come from the environment.

A typo in a production setting must stop the process, not silently become a
default: "ture" is an error, not False.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false")


def envint(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} must be at most {maximum}")
    return value


def envintmap(name: str, default: dict[str, int], *, minimum: int = 0) -> dict[str, int]:
    """`key=number` pairs separated by commas, over `default`; only `default`'s keys are known.

    "screen=3,interview=5" keeps the other keys' defaults; a key set to "off" is left out.
    """
    raw = os.environ.get(name, "").strip()
    result = dict(default)
    if raw == "":
        return result
    for item in filter(None, (part.strip() for part in raw.split(","))):
        key, sep, value = (s.strip() for s in item.partition("="))
        if not sep or key not in default:
            known = ", ".join(default)
            raise ImproperlyConfigured(f"{name}: {item!r} is not key=number with a key of {known}")
        if value.lower() == "off":
            result.pop(key, None)
            continue
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {value!r} ({key}) is not an integer") from None
        if number < minimum:
            raise ImproperlyConfigured(f"{name}: {key}={number} must be at least {minimum}")
        result[key] = number
    return result


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def envlist(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def envchoice(name: str, default: str, choices: set[str]) -> str:
    value = envstr(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(sorted(choices))}")
    return value


def generated_secrets(var_dir: Path) -> dict[str, str]:
    """Secrets for a laptop or demo install, made once and kept in var/secrets.json.

    Production must never run on these: settings refuse them when OUTHIRE_ENV=production.
    """
    path = var_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "OUTHIRE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "OUTHIRE_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
    }
    var_dir.mkdir(parents=True, exist_ok=True)
    # Written with 0600 so other local users cannot read the demo keys.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made them first
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle, indent=2)
    return values
