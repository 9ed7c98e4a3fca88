"""Chromium for the browser tests (tests/e2e against the live server, tests/faults against gunicorn): Debian's
/usr/bin/chromium driven by Playwright, every page under the site's Content-Security-Policy with any violation
collected, so that the test that caused it fails."""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def chromium():
    """The browser, or a loud failure saying how to get it (never a skip)."""
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


# Chromium reports each violation (an inline script or style, an eval, a resource from elsewhere) both as a
# `securitypolicyviolation` event (collected by this script) and on the console.
_CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


def watched_page(browser, base_url: str, **context_args):
    """A new context and page on `base_url`; returns (context, page, violations)."""
    context = browser.new_context(base_url=base_url, **context_args)
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


def assert_no_violations(page, violations: list[str]) -> None:
    with contextlib.suppress(PlaywrightError):  # a page closed or mid-navigation: the console copy remains
        violations += page.evaluate("window.__cspViolations || []")
    assert not violations, f"Content-Security-Policy violations: {violations}"
