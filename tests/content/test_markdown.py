"""Markdown rendering: a safe subset of HTML survives, scripts and handlers never do, placeholders stay visible."""

from __future__ import annotations

import pytest

from content import markdown
from content.markdown import render, render_inline


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** and `code`", "<strong>bold</strong> and <code>code</code>"),
        ("Write to /opt/ml/input/data/<channel>", "Write to /opt/ml/input/data/&lt;channel&gt;"),
        ("`/aws/sagemaker/Endpoints/<name>`", "<code>/aws/sagemaker/Endpoints/&lt;name&gt;</code>"),
        ("a < b and c > d", "a &lt; b and c &gt; d"),
        ("<https://docs.aws.amazon.com/>", '<a href="https://docs.aws.amazon.com/" rel="noopener noreferrer nofollow">'
         "https://docs.aws.amazon.com/</a>"),
    ],
)  # fmt: skip
def test_inline_markdown(text, html):
    assert render_inline(text) == html


@pytest.mark.parametrize(
    "text",
    [
        '<script>alert("x")</script> hi',
        '<img src=x onerror="alert(1)">',
        '<div onclick="steal()">text</div>',
        "[link](javascript:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_nothing_that_runs_survives(text):
    html = render(text).casefold()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<img", "<div"):
        assert bad not in html


@pytest.mark.django_db
def test_a_question_version_keeps_its_html_and_hands_it_to_each_process_that_reads_it(monkeypatch, student):
    """Rendered once, when the version is made (issue 13): a worker that reads the version renders none of it."""
    from content.loader import load_bank
    from content.models import Bank, QuestionVersion
    from quizzes import services
    from tests import builders

    load_bank(builders.sample_bank())
    services.practice_start(user=student, banks=[Bank.objects.get(slug="sample")], count=None, seed=1)
    stored = list(QuestionVersion.objects.all())
    assert len(stored) == 6
    for version in stored:
        assert version.rendered["rendering"] == markdown.RENDERING
        assert version.rendered["html"][version.stem] == markdown.render(version.stem)
    monkeypatch.setattr(markdown, "_cache", {})

    def no_rendering(text):
        raise AssertionError(f"rendered again: {text!r}")

    monkeypatch.setattr(markdown, "_convert", no_rendering)
    texts = [text for version in QuestionVersion.objects.all() for text in version.markdown_texts() if text]
    assert len(texts) > 20
    for text in texts:
        assert markdown.render(text)


def test_html_kept_under_another_rendering_policy_is_not_used(monkeypatch):
    monkeypatch.setattr(markdown, "_cache", {})
    markdown.remember({"rendering": "an-older-policy", "html": {"**x**": "<script>old</script>"}})
    assert markdown.render("**x**") == "<p><strong>x</strong></p>"
