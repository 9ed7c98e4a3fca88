"""Markdown rendering: a safe subset of HTML survives, scripts and handlers never do, placeholders stay visible."""

from __future__ import annotations

import pytest

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
