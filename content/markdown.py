"""Markdown to safe HTML. Every piece of Markdown shown to a user goes through `render`.

Python-Markdown first, then nh3 (the Rust `ammonia` sanitizer) keeps only a safe subset of tags and attributes:
raw HTML in a bank file or in someone's notes cannot run script or carry event handlers. Angle-bracket placeholders
that are not HTML (`<endpoint-name>`) are shown as written.

Bank content is read far more often than it changes, so each text is rendered once: a question version stores the
HTML of its texts when it is made (`QuestionVersion.rendered`, filled by `rendered_texts`), every version read from
the database hands it to this process's cache (`remember`), and other texts are cached here when first rendered.
Each thread keeps one Markdown converter: building one (its extensions looked up through package entry points) cost
more than converting a short text.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Mapping
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


# Rendered HTML by text, in this process. Bounded: when full, the older half goes.
CACHE_SIZE = 50_000
_cache: dict[str, str] = {}


def _store(text: str, html: str) -> None:
    if len(_cache) >= CACHE_SIZE:
        for old in list(_cache)[: CACHE_SIZE // 2]:
            del _cache[old]
    _cache[text] = html


def _convert(text: str) -> str:
    html = _escape_placeholders(_converter().reset().convert(text or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render(text: str) -> str:
    html = _cache.get(text)
    if html is None:
        html = _convert(text)
        _store(text, html)
    return html


# What the stored HTML was made with: HTML kept by a question version under another policy (tags allowed, Markdown
# or nh3 versions) is not used, and its texts are rendered again.
RENDERING = hashlib.sha256(
    repr((sorted(ALLOWED_TAGS), sorted((k, sorted(v)) for k, v in ALLOWED_ATTRIBUTES.items()), EXTENSIONS,
          _markdown.__version__, getattr(nh3, "__version__", ""))).encode()
).hexdigest()[:16]  # fmt: skip


def rendered_texts(texts: Iterable[str]) -> dict:
    """The HTML of each text, for a question version to keep, with the rendering it was made by."""
    return {"rendering": RENDERING, "html": {text: render(text) for text in texts if text}}


def remember(rendered: Mapping) -> None:
    """Texts a question version keeps rendered (`rendered_texts`), so this process does not render them again."""
    if not rendered or rendered.get("rendering") != RENDERING:
        return
    for text, html in rendered["html"].items():
        if text not in _cache:
            _store(text, html)


@lru_cache(maxsize=50_000)
def render_inline(text: str) -> str:
    """Render a short piece (an option, a step) without wrapping it in a paragraph."""
    html = render(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
