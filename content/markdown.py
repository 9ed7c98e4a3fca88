"""Markdown to safe HTML. Every piece of Markdown shown to a user goes through `render`.

Python-Markdown first, then nh3 (the Rust `ammonia` sanitizer) keeps only a safe subset of tags and attributes:
raw HTML in a bank file or in someone's notes cannot run script or carry event handlers. Results are cached by
text: bank content is read far more often than it changes.
"""

from __future__ import annotations

from functools import lru_cache

import markdown as _markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "sub", "sup", "small", "mark",
    "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


@lru_cache(maxsize=50_000)
def render(text: str) -> str:
    html = _markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


@lru_cache(maxsize=50_000)
def render_inline(text: str) -> str:
    """Render a short piece (an option, a step) without wrapping it in a paragraph."""
    html = render(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
