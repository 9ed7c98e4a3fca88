"""Markdown to safe HTML. Every piece of Markdown shown to a user goes through `render`.

Python-Markdown first, then nh3 (the Rust `ammonia` sanitizer) keeps only a safe subset of tags and attributes:
raw HTML in a bank file or in someone's notes cannot run script or carry event handlers. Angle-bracket placeholders
that are not HTML (`<endpoint-name>`) are shown as written. Results are cached by
text: bank content is read far more often than it changes. Each thread keeps one Markdown converter: building one
(its extensions looked up through package entry points) cost more than converting a short text.
"""

from __future__ import annotations

import re
import threading
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
# Real HTML element names. Anything else in angle brackets (`/opt/ml/input/data/<channel>`, `<endpoint-name>`) is a
# placeholder the author meant as text: it is escaped and shown, not stripped as an unknown tag.
HTML_ELEMENTS = frozenset({
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body",
    "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
    "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
    "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark",
    "math", "menu", "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param",
    "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select",
    "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
    "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u", "ul", "var",
    "video", "wbr", "xmp",
})  # fmt: skip
TAG_START_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9_.:-]*)")


def _escape_placeholders(html: str) -> str:
    def escape(match: re.Match) -> str:
        return match.group(0) if match.group(2).lower() in HTML_ELEMENTS else "&lt;" + match.group(0)[1:]

    return TAG_START_RE.sub(escape, html)


_local = threading.local()


def _converter() -> _markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    return converter


@lru_cache(maxsize=50_000)
def render(text: str) -> str:
    html = _escape_placeholders(_converter().reset().convert(text or ""))
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
