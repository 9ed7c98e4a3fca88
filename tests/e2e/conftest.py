"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make for set-up would
# otherwise be refused as "async unsafe" although nothing here is concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: sudo apt-get update && sudo apt-get install -y chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Every page a browser test opens runs under the site's Content-Security-Policy; a violation (an inline script or
# style, an eval, a resource from elsewhere) fails the test that caused it. Chromium reports each one both as a
# `securitypolicyviolation` event (collected by this script) and on the console.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def _watched_page(browser, live_server, **context_args):
    context = browser.new_context(base_url=live_server.url, **context_args)
    context.add_init_script(_CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context, page, violations


def _assert_no_violations(page, violations: list[str]) -> None:
    with contextlib.suppress(PlaywrightError):  # a page closed or mid-navigation: the console copy remains
        violations += page.evaluate("window.__cspViolations || []")
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture
def page(browser, live_server):
    context, page, violations = _watched_page(browser, live_server, viewport={"width": 1100, "height": 900})
    yield page
    _assert_no_violations(page, violations)
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page, violations = _watched_page(
        browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    _assert_no_violations(page, violations)
    context.close()
