"""Personas shared by every test, and the rule that a skipped test fails the run."""

from __future__ import annotations

import pytest

from tests.factories import InstructorFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _forget_exam_pools():
    """A test's banks are rolled back and their ids come again in the next test: no draw pool read in one test
    (quizzes.exams.exam_pool, kept per process) is used in another."""
    from quizzes import exams

    exams.forget_pools()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hashing passwords the production way (PBKDF2, slow by design) would dominate the throttling tests."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def student(db):
    return UserFactory(email="student@example.com", display_name="Sam Student", password=PASSWORD)


@pytest.fixture
def other_student(db):
    return UserFactory(email="other@example.com", display_name="Olive Other", password=PASSWORD)


@pytest.fixture
def instructor(db):
    return InstructorFactory(email="teacher@example.com", display_name="Tess Teacher", password=PASSWORD)


@pytest.fixture
def student_client(client, student):
    client.force_login(student, backend="django.contrib.auth.backends.ModelBackend")
    return client


def pytest_sessionfinish(session, exitstatus):
    """CI runs every test: a skip (a missing prerequisite) must fail the run loudly, never pass quietly."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and session.exitstatus == 0:
        reporter.write_line(
            "FAILED: tests were skipped; every test must run (see the skip reasons above).", red=True
        )
        session.exitstatus = 1


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` exercise concurrent connections, which the in-memory SQLite test database (one
    shared cache, table locks) cannot run: they are left out of an SQLite run, not skipped, and `.ci/run` runs
    them in its PostgreSQL pass. The count left out is printed so that nobody mistakes it for a pass."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    left_out = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
