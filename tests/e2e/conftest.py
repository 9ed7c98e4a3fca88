"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os

import pytest

from tests.browser import assert_no_violations, chromium, watched_page

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make for set-up would
# otherwise be refused as "async unsafe" although nothing here is concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser, live_server):
    context, page, violations = watched_page(
        browser, live_server.url, viewport={"width": 1100, "height": 900}
    )
    yield page
    assert_no_violations(page, violations)
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page, violations = watched_page(
        browser, live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    assert_no_violations(page, violations)
    context.close()
