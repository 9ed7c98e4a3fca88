"""The headers every response carries: a Content-Security-Policy without inline script, style or eval; a
Permissions-Policy; and, for a signed-in user, `Cache-Control: private, no-store`."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/dashboard/"])
def test_every_page_has_a_strict_content_security_policy(student_client, url):
    directives = _directives(student_client.get(url))
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"] and directives["form-action"] == ["'self'"]
    everything = " ".join(v for values in directives.values() for v in values)
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything and "*" not in everything


def test_no_page_template_holds_an_inline_script_style_or_handler():
    """What the policy would block, caught before a browser meets it: every script is a file."""
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        html = path.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style\b",
            r"\sstyle=\"",
            r"\son[a-z]+=\"",
            r"hx-on",
        ):
            offenders += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, html)]
    assert not offenders


def test_htmx_is_told_not_to_inject_styles_or_evaluate(client):
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles":false' in html and '"allowEval":false' in html


def test_every_response_has_a_permissions_policy(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_signed_in_pages_are_never_stored(student_client):
    for url in ("/dashboard/", reverse("content:bank_list"), reverse("accounts:profile")):
        cache = student_client.get(url)["Cache-Control"]
        assert "private" in cache and "no-store" in cache, url


def test_public_pages_to_anonymous_visitors_are_not_marked_private(client):
    assert "private" not in client.get("/").get("Cache-Control", "")
