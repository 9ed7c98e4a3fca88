from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]


def _clean_env(**env: str) -> dict[str, str]:
    """The environment of a fresh shell: no Django settings, and no developer's `.env` unless a test names one."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**clean, "DJANGO_ENV_FILE": "", **env}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_debug_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="a-long-random-production-key-" + "x7Kp2Qm9Zr4Lt8Wv" * 3,
        DJANGO_ALLOWED_HOSTS="quizwright.example.com",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_debug_off_without_secret_key_refuses_to_start():
    result = _manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_bad_boolean_in_environment_fails_loudly():
    result = _manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_env_helpers_read_and_reject(monkeypatch):
    monkeypatch.setenv("X_BOOL", "Yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.com, b.com,,")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 1) == 42
    assert env_list("X_LIST") == ["a.com", "b.com"]
    assert env_bool("X_MISSING", default=True) is True
    monkeypatch.setenv("X_INT", "forty")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be a whole number"):
        env_int("X_INT", 1)


def test_sqlite_connection_uses_wal_and_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
    # The test database is in memory, where SQLite reports 'memory' for the journal; on disk it is 'wal'.
    assert journal in {"wal", "memory"}
    assert synchronous == 1  # NORMAL
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_sqlite_file_database_is_in_wal_mode(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_clean_env(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="1",
            DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


@pytest.mark.django_db
def test_deployed_static_files_collect_with_hashed_names_and_every_page_link_exists(
    client, settings, tmp_path
):
    """Deployments serve `collectstatic` output with hashed names: a missing file would only break there."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # (Changing STORAGES resets Django's lazy static storage, and the settings fixture restores it after.)
    call_command("collectstatic", "--no-input", verbosity=0)
    html = client.get("/").content.decode()
    links = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert any(re.search(r"css/app\.[0-9a-f]{12}\.css$", link) for link in links)
    assert any("htmx" in link for link in links)  # django-htmx's bundled copy, never a CDN
    for link in links:
        assert (tmp_path / link).is_file(), link
    # whitenoise keeps a compressed copy wherever compression pays (it skips tiny files).
    css = next(link for link in links if link.endswith(".css"))
    assert (tmp_path / f"{css}.gz").is_file() or (tmp_path / f"{css}.br").is_file()


def _settings_value(name: str, **env: str) -> subprocess.CompletedProcess:
    script = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_clean_env(DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _write_dev_env(path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "config" / "write_dev_env.py"), str(path)], check=True)


def test_make_runs_env_file_lets_every_command_run_without_extra_environment(tmp_path):
    env_file = tmp_path / ".env"
    _write_dev_env(env_file)
    result = _manage("check", DJANGO_ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert _settings_value("DEBUG", DJANGO_ENV_FILE=str(env_file)).stdout.strip() == "True"


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    _write_dev_env(env_file)
    result = _settings_value("DEBUG", DJANGO_ENV_FILE=str(env_file), DJANGO_DEBUG="0")
    assert result.stdout.strip() == "False", result.stderr


def test_a_named_env_file_that_is_missing_fails_loudly(tmp_path):
    result = _manage("check", DJANGO_ENV_FILE=str(tmp_path / "nope.env"))
    assert result.returncode != 0
    assert "DJANGO_ENV_FILE names" in result.stderr


def test_the_dev_env_file_has_a_fresh_key_and_is_never_overwritten(tmp_path):
    env_file = tmp_path / ".env"
    _write_dev_env(env_file)
    first = env_file.read_text()
    assert "DJANGO_DEBUG=1" in first
    key = re.search(r"^DJANGO_SECRET_KEY=(\S+)$", first, re.M).group(1)
    assert len(key) >= 50
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"
    _write_dev_env(env_file)
    assert env_file.read_text() == first
    other = tmp_path / "other" / ".env"
    other.parent.mkdir()
    _write_dev_env(other)
    assert re.search(r"^DJANGO_SECRET_KEY=(\S+)$", other.read_text(), re.M).group(1) != key


def test_the_dev_env_file_keeps_the_key_of_an_older_checkout(tmp_path):
    (tmp_path / ".dev-secret-key").write_text("an-older-generated-key-0123456789\n")
    _write_dev_env(tmp_path / ".env")
    assert "DJANGO_SECRET_KEY=an-older-generated-key-0123456789" in (tmp_path / ".env").read_text()


def test_the_sqlite_busy_timeout_is_20_seconds_unless_the_environment_says_otherwise(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    read = "DATABASES['default']['OPTIONS']['timeout']"
    assert _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url).stdout.strip() == "20"
    assert (
        _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url, DJANGO_SQLITE_TIMEOUT="2").stdout.strip()
        == "2"
    )
    assert (
        _settings_value(read, DJANGO_DEBUG="1", DJANGO_SQLITE_TIMEOUT="2").stdout.strip() == "2"
    )  # db.sqlite3
    refused = _settings_value(read, DJANGO_DEBUG="1", DJANGO_SQLITE_TIMEOUT="soon")
    assert "DJANGO_SQLITE_TIMEOUT must be a whole number" in refused.stderr


def test_postgresql_behind_pgbouncer_can_run_without_server_side_cursors_or_persistent_connections():
    """PgBouncer in transaction mode (docs/operations.md, "Past one machine"): a connection per request, and no
    named cursor that would outlive its transaction."""
    url = "postgres://quiz@db.internal:6432/quizwright"
    read = (
        "DATABASES['default']['CONN_MAX_AGE'], settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS']"
    )
    assert _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url).stdout.strip() == "60 False"
    behind_pgbouncer = _settings_value(
        read,
        DJANGO_DEBUG="1",
        DATABASE_URL=url,
        DATABASE_CONN_MAX_AGE="0",
        DATABASE_DISABLE_SERVER_SIDE_CURSORS="1",
    )
    assert behind_pgbouncer.stdout.strip() == "0 True", behind_pgbouncer.stderr


def test_postgresql_prepares_hot_statements_unless_turned_off():
    """psycopg prepares a statement once a connection has run it five times, so PostgreSQL plans the hot lookups
    once; behind a PgBouncer without prepared-statement support it must be off (docs/operations.md)."""
    url = "postgres://quiz@db.internal:5432/quizwright"
    read = "DATABASES['default'].get('OPTIONS')"
    on = _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url)
    assert on.stdout.strip() == "{'server_side_binding': True, 'prepare_threshold': 5}", on.stderr
    off = _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert off.stdout.strip() in ("None", "{}"), off.stderr
    # Options in the URL stay.
    ssl = _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url + "?sslmode=require")
    assert "'sslmode': 'require'" in ssl.stdout and "'prepare_threshold': 5" in ssl.stdout, ssl.stderr


def test_postgresql_runs_on_the_projects_backend_with_health_checks():
    """config/postgresql checks a reused connection's socket before asking the server (one round trip fewer)."""
    url = "postgres://quiz@db.internal:5432/quizwright"
    read = "DATABASES['default']['ENGINE'], settings.DATABASES['default']['CONN_HEALTH_CHECKS']"
    result = _settings_value(read, DJANGO_DEBUG="1", DATABASE_URL=url)
    assert result.stdout.strip() == "config.postgresql True", result.stderr
