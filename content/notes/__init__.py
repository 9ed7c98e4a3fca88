"""The notes parser: study notes as people really write them, turned into topics, concepts and look-alike groups.

Plain Python, no Django. `parse_notes(text)` never crashes: input that cannot be notes at all (not UTF-8, binary,
over 10 MB) raises one `NotesError`; everything else gives a `NotesDocument`, and any line that could not be
placed is kept in `loose_lines` with a reason, never silently dropped.

What it understands (see tests/content/test_notes_parser.py for examples of each):
- headings: Markdown `#` lines, short title-like lines without sentence punctuation, lines ending with `:`, and a
  heading glued to the end of the previous sentence (`...endpoint.SageMaker Input Modes: (...)`);
- bullets `-`, `*`, `•`, `+`, numbered `1)` / `1.`, tab or space indentation (or none at all);
- definitions `Term = def`, `Term: def`, `Term::def`, `"Term" - def`, `Term – def`, `**Term** – def`,
  `Term (ALIAS): def`, several run together in one paragraph, and `Heading: Term: def` prefixes;
- an indented line under a definition, or a line right below it, adds facts to that concept;
- comparisons (`A vs. B` headings) and siblings sharing a head word (`File Mode`, `Pipe Mode`) form groups;
- a line that opens with the name of a concept defined elsewhere (its term, an alias, the term without its
  vendor prefix, a distinctive last word or its initials: `KDS` for Kinesis Data Streams) is a fact of it;
- the same term defined twice is one concept with its facts merged;
- copy junk (lone bullets, `Screenshot:`, blog footers) is skipped; Obsidian front matter, callouts, tags and
  wiki links are handled.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from content.formats.text import TextError, decode_text
from content.model import SourceError


class NotesError(SourceError):
    """Input that cannot be notes at all (binary, not UTF-8, too large): the one error the parser raises."""


@dataclass(frozen=True)
class NoteTopic:
    path: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class NoteFact:
    text: str
    line: int


@dataclass(frozen=True)
class NoteConcept:
    term: str
    aliases: tuple[str, ...]
    definition: str
    facts: tuple[NoteFact, ...]
    topic: tuple[str, ...]
    lines: tuple[int, ...]


@dataclass(frozen=True)
class NoteGroup:
    title: str
    terms: tuple[str, ...]
    topic: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class LooseLine:
    line: int
    text: str
    topic: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class NotesDocument:
    source: str
    topics: list[NoteTopic]
    concepts: list[NoteConcept]
    groups: list[NoteGroup]
    loose_lines: list[LooseLine]


# --- Patterns ------------------------------------------------------------------------------------------------

JUNK = {
    "comments", "post a comment", "labels", "labels:", "share", "share this", "newer post", "older post", "home",
    "subscribe to: post comments (atom)", "screenshot", "screenshot:", "image", "image:", "read more",
    "no comments:", "no comments", "email this", "blogthis!", "share to twitter", "share to facebook",
}  # fmt: skip
BULLET_RE = re.compile(r"^(?:[-*•+◦▪‣·]|\d{1,3}[.)]|[a-zA-Z][.)](?=\s))\s+")
LONE_BULLET_RE = re.compile(r"^\s*(?:[-*•+◦▪‣·]|\d{1,3}[.)])?\s*$")
MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ORG_HEADING_RE = re.compile(
    r"^(\*{1,6})[ \t]+(\S.*)$"
)  # Emacs org-mode: only in files that use `** ` headings
ORG_META_RE = re.compile(r"^(#\+\w+:|:[A-Z_]+:)")
TABLE_SEP_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:[|+]\s*:?-{2,}:?\s*)*\|?$")
QA_RE = re.compile(r"^(q|question|a|answer)\s*[:.)]\s+(.+)$", re.I)
WHAT_IS_RE = re.compile(
    r"^(?:what|who)\s+(?:is|are|was)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:used for|for|good for))?\s*\?$", re.I
)
# A note to self ("TODO: look up Flex jobs", "[ ] check quotas"): kept as a loose line, never a concept or a fact.
TO_SELF_RE = re.compile(
    r"^(?:\[[ xX]?\]\s*)?(?:todo|to-do|fixme|tbd|xxx|note to self|look up|lookup)\b", re.I
)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
TAG_RE = re.compile(r"(?:^|\s)#[A-Za-z][\w/-]*")
WIKI_RE = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# A term: 1-6 words, each starting with a letter or digit, allowing inner punctuation used in names.
TERM_WORD = r"(?:&|[A-Za-z0-9][\w\-/&'’+.]*)"
TERM = rf"{TERM_WORD}(?:[ \t]+{TERM_WORD}){{0,5}}"
PAREN = r"(?:\s*\([^()]{1,40}\))?"
QUOTED_DEF_RE = re.compile(r'^["“”]([^"“”]{1,60})["“”]\s*(?:[-–—:=]|::)\s*(.+)$')
BOLD_DEF_RE = re.compile(r"^\*\*([^*]{1,60})\*\*\s*(?:[-–—:=]|::)\s*(.+)$")
DCOLON_RE = re.compile(rf"^({TERM}{PAREN})\s*::\s*(.+)$")
EQUALS_RE = re.compile(rf"^({TERM}{PAREN})\s+=\s+(.+)$")
COLON_RE = re.compile(rf"^({TERM}{PAREN}):\s+(.+)$")
DASH_RE = re.compile(rf"^({TERM}{PAREN})\s+[-–—]\s+(.+)$")
ARROW_RE = re.compile(rf"^({TERM}{PAREN})\s+(?:->|=>|→|⇒)\s+(.+)$")
SETEXT_RE = re.compile(r"^(=+|-+)\s*$")  # a Markdown heading underline (or, on its own, a horizontal rule)
RULE_RE = re.compile(r"^(?:[-*_=]\s*){3,}$")
EQ_HEADING_RE = re.compile(r"^(={1,6})\s+(.+?)(?:\s+=+)?\s*$")  # AsciiDoc `== Title`, MediaWiki `== Title ==`
DEF_LIST_RE = re.compile(r"^:\s+(.+)$")  # a definition list's `: definition` line under its term
# Prose: `Amazon EFS is a shared file system …`, `Overfitting is when …`, `Pipe mode refers to …`.
PROSE_DEF_RE = re.compile(
    r"^(?P<term>[^,;:()]+?(?:\s*\([^()]{1,40}\))?)\s+(?P<verb>is|are|refers to|means|lets you|allows you to)\s+"
    r"(?P<rest>(?P<next>\w+).*)$"
)
PROSE_OPENERS = {"a", "an", "the", "when", "where", "how", "what", "used", "one", "another"}
# Where a new definition starts inside a paragraph: after a sentence end, `Term =` or `Term (X):`.
RUN_SPLIT_RE = re.compile(rf"(?<=[.!?\"”])\s+(?=(?:{TERM}){PAREN}\s*(?:=\s|:\s))")
GLUED_HEADING_RE = re.compile(r"^(.*[a-z0-9)][.!?])([A-Z][A-Za-z0-9 &/-]{2,50}):\s*(\([^()]*\))?\s*$")
ALIAS_RE = re.compile(r"^(.*?)\s*\(([^()]{1,40})\)\s*$")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
SMALL_WORDS = {
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "for",
    "to",
    "in",
    "on",
    "vs",
    "vs.",
    "with",
    "by",
    "&",
    "at",
    "as",
    "via",
}
STOP_TERMS = {"ex", "e.g", "eg", "i.e", "ie", "note", "notes", "tip", "good for", "think", "steps to start", "features",
              "capabilities", "parameters", "benefits", "other ways", "example", "examples", "use", "why", "how", "when",
              "fixes", "fix", "see", "troubleshooting", "security", "provider examples", "q", "a", "question",
              "answer",
              # Notes to self: reported as loose lines, never concepts.
              "todo", "to do", "to-do", "fixme", "tbd", "tk", "xxx", "reminder", "remember", "note to self",
              "look up", "lookup", "check", "review", "revisit", "questions", "open question",
              # Qualifiers that open a line ("Optional → …"), not names.
              "optional", "required", "important", "default", "recommended", "warning", "caution"}  # fmt: skip
# Vendor words that people leave out when they name a service again ("Firehose" for "Amazon Data Firehose").
VENDOR_WORDS = {"amazon", "aws", "sagemaker", "ai", "apache"}
# Last words too generic to stand for one concept on their own ("the Mode", "the Service").
GENERIC_HEADS = {"mode", "modes", "service", "services", "store", "job", "jobs", "type", "types", "data", "model",
                 "models", "file", "files", "system", "tool", "tools", "api", "instance", "instances", "learning",
                 "endpoint", "endpoints", "format", "formats", "algorithm", "algorithms", "option", "options"}  # fmt: skip
# A "term" starting with one of these is the start of a sentence, not a name.
NOT_TERM_START = {"many", "some", "all", "each", "every", "think", "can", "has", "have", "there", "this", "these",
                  "that", "it", "you", "your", "if", "when", "but", "also", "even", "not", "no", "only", "most",
                  "more", "less", "other", "both", "then", "so", "we", "i", "they", "our", "its", "one", "two",
                  "use", "used", "using", "do", "does", "don't", "is", "are", "was", "were", "be", "will", "should",
                  "must", "may", "might", "could", "would", "e.g.", "ex", "eg", "ie", "i.e.", "like", "just"}  # fmt: skip


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"\s+", " ", text).strip()


def _key(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", term.casefold()).strip()


def _clean_inline(text: str) -> str:
    text = WIKI_RE.sub(lambda m: m.group(2) or m.group(1), text)
    text = MD_LINK_RE.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return text


def _is_junk(text: str) -> bool:
    bare = text.strip().strip("-*•").strip().casefold()
    return bare in JUNK or bare.startswith("posted by ") or bare.startswith("labels:")


def _looks_like_heading(text: str) -> bool:
    """A short title-like line: no sentence end, few words, no definition separator."""
    if not text or len(text) > 70 or text[-1] in ".!?,;" or "=" in text or "::" in text:
        return False
    words = text.rstrip(":").split()
    if not 1 <= len(words) <= 9:
        return False
    if re.search(r"\s[-–—]\s", text):
        return False
    if text.endswith(":"):
        return True
    # Without a colon, most words should be capitalised (a title), or the line is short.
    content = [w for w in words if w.casefold() not in SMALL_WORDS]
    capital = sum(1 for w in content if w[:1].isupper() or w[:1].isdigit())
    return bool(content) and (capital >= max(1, len(content) - 1) or len(words) <= 3)


def _is_term(term: str) -> bool:
    bare = term.strip().strip('"“”*').strip()
    if not bare or len(bare) > 60 or bare.casefold() in STOP_TERMS:
        return False
    if bare[0] in "(-–" or bare.endswith((".", ",")) or ":" in bare:
        return False
    words = bare.split()
    if len(words) > 6 or words[0].casefold().rstrip(",") in NOT_TERM_START:
        return False
    # A term is a name: a lower-case first word is only allowed for short technical names (e.g. 'max_depth').
    return not (bare[0].islower() and not re.match(r"^[a-z][a-z0-9_]*$", words[0]))


def _is_name(term: str) -> bool:
    """A name rather than a phrase: every word but the small ones is capitalised or technical (`S3`, `max_depth`).

    Arrows in notes often mean "leads to" (`Python API libraries → import inside your code`), so only a name on
    the left of one makes a definition.
    """
    name = _split_alias(term.strip())[0]
    words = [w for w in name.split() if w.casefold() not in SMALL_WORDS]
    if not words or not _is_term(name):
        return False
    # A short name may end in a common noun: `Glue crawlers`, `Fast File mode`.
    if len(name.split()) <= 3 and len(words) >= 2:
        words = words[:-1]
    return all(w[:1].isupper() or w[:1].isdigit() or re.search(r"[A-Z0-9_]", w[1:]) for w in words)


def _prose_definition(sentence: str) -> tuple[str, str] | None:
    """`Term is a …` at the start of a line: the term if it looks like a name (`Amazon EFS`, `XGBoost`), or a single
    word introduced as a definition (`Overfitting is when …`); the rest of the line is its definition."""
    if not sentence.rstrip().endswith((".", "!", "?")):
        return None  # a title-like line (`SageMaker AI is the heart of the exam`) stays a heading
    match = PROSE_DEF_RE.match(sentence)
    if not match:
        return None
    term = match.group("term").strip()
    words = term.split()
    if not _is_term(term) or words[0].casefold() in {"a", "an", "the"} or len(words) > 5:
        return None
    name_like = sum(1 for w in words if w[:1].isupper()) >= 2 or any(
        re.search(r"[A-Z].*[A-Z]|\d", w) for w in words
    )
    opener = match.group("next").casefold() in PROSE_OPENERS or match.group("verb") in ("refers to", "means")
    if not (name_like or (len(words) == 1 and opener)):
        return None
    return term, match.group("rest").strip()


def _split_alias(term: str) -> tuple[str, list[str], str]:
    """`K-Nearest Neighbors (KNN)` -> ('K-Nearest Neighbors', ['KNN'], ''); a qualifier becomes a note."""
    match = ALIAS_RE.match(term)
    if not match:
        return term.strip(), [], ""
    name, inner = match.group(1).strip(), match.group(2).strip()
    if not name:
        return term.strip(), [], ""
    is_alias = (" " not in inner and any(c.isupper() for c in inner)) or (
        inner.isupper() and len(inner) <= 12
    )
    if is_alias:
        return name, [inner], ""
    return name, [], inner


def _short_names(term: str, aliases: list[str]) -> list[str]:
    """The names a concept may be called by again later in the notes, each as a `_key`."""
    names = [term, *aliases]
    words = [w for w in re.split(r"\s+", term) if w]
    bare = [w for w in words if w.casefold() not in VENDOR_WORDS]
    if bare and len(bare) < len(words):
        names.append(" ".join(bare))
    last = words[-1] if len(words) >= 2 else ""
    if last[:1].isupper() and len(last) >= 4 and last.casefold() not in GENERIC_HEADS:
        names.append(last)
    capitals = [w for w in bare if w[:1].isupper()]
    if len(capitals) >= 2 and len(capitals) == len(bare):
        names.append("".join(w[0] for w in capitals))
    return [k for k in dict.fromkeys(_key(n) for n in names) if k]


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_SPLIT_RE.split(text) if p.strip()]
    return parts or ([text.strip()] if text.strip() else [])


@dataclass
class _Concept:
    term: str
    aliases: list[str] = field(default_factory=list)
    definition: str = ""
    facts: list[NoteFact] = field(default_factory=list)
    topic: tuple[str, ...] = ()
    lines: list[int] = field(default_factory=list)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.topics: list[NoteTopic] = []
        self.concepts: dict[str, _Concept] = {}
        self.order: list[str] = []
        self.loose: list[LooseLine] = []
        self.comparisons: list[tuple[str, tuple[str, ...], int, list[str]]] = []  # title, topic, line, keys
        self.md_path: list[tuple[int, str]] = []  # (level, title)
        self.plain: list[tuple[float, str]] = []  # (indent, title)
        self.last: _Concept | None = None
        self.last_indent = -1
        self.last_line = -10
        # A name-like heading ("SageMaker Studio") owns the description right below it.
        self.heading_concept: tuple[str, int, float] | None = None
        # Every name a concept may be called by (see `_short_names`) -> the keys of the concepts it names.
        self.names: dict[str, set[str]] = {}

    # topic bookkeeping
    @property
    def path(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.md_path) + tuple(t for _, t in self.plain)

    def _enter(self, title: str, line: int, indent: float = 0) -> None:
        self.topics.append(NoteTopic(self.path, line))
        if re.search(r"\bvs\.?\b|\bversus\b", title, re.I):
            self.comparisons.append((title, self.path, line, []))
        self.last = None
        name = _split_alias(title)[0]
        words = name.split()
        name_like = _is_term(name) and len(words) <= 4 and not any(w.casefold() in SMALL_WORDS for w in words)
        self.heading_concept = (title, line, indent) if name_like else None

    def md_heading(self, level: int, title: str, line: int) -> None:
        self.md_path = [(lv, t) for lv, t in self.md_path if lv < level] + [(level, title)]
        self.plain = []
        self._enter(title, line)

    def plain_heading(self, title: str, indent: float, line: int) -> None:
        # A heading ending with ':' (or a comparison) sits below a plain title at the same indentation.
        leaf = title.endswith(":") or re.search(r"\bvs\.?\s|\bversus\b", title, re.I)
        effective = indent + (0.5 if leaf else 0)
        title = title.rstrip(":").strip()
        self.plain = [(i, t) for i, t in self.plain if i < effective] + [(effective, title)]
        self._enter(title, line, indent)

    # concepts
    def define(self, term: str, definition: str, line: int, indent: int) -> None:
        term = _norm(_clean_inline(term)).strip('"“” ')
        name, aliases, qualifier = _split_alias(term)
        definition = _norm(_clean_inline(definition))
        key = _key(name)
        if not key:
            return
        concept = self.concepts.get(key)
        if concept is None:
            concept = _Concept(term=name, topic=self.path)
            self.concepts[key] = concept
            self.order.append(key)
        for alias in aliases:
            if alias not in concept.aliases:
                concept.aliases.append(alias)
        for name_key in _short_names(concept.term, concept.aliases):
            self.names.setdefault(name_key, set()).add(key)
        if not concept.definition:
            concept.definition = definition
        elif definition and _key(definition) not in _key(concept.definition):
            concept.definition = f"{concept.definition} {definition}"
        texts = [qualifier] if qualifier else []
        texts += _sentences(definition)
        self._add_facts(concept, texts, line)
        concept.lines.append(line)
        if self.comparisons and self.comparisons[-1][1] == self.path and key not in self.comparisons[-1][3]:
            self.comparisons[-1][3].append(key)
        self.last, self.last_indent, self.last_line = concept, indent, line

    def _add_facts(self, concept: _Concept, texts: list[str], line: int) -> None:
        known = {_key(f.text) for f in concept.facts}
        for text in texts:
            if text and _key(text) and _key(text) not in known:
                concept.facts.append(NoteFact(text, line))
                known.add(_key(text))

    def fact(self, text: str, line: int) -> None:
        assert self.last is not None
        text = _norm(_clean_inline(text))
        self._add_facts(self.last, _sentences(text), line)
        if self.last.definition and len(self.last.definition) < 400:
            self.last.definition = f"{self.last.definition} {text}".strip()
        elif not self.last.definition:
            self.last.definition = text
        self.last.lines.append(line)
        self.last_line = line

    def loose_line(self, text: str, line: int, reason: str) -> None:
        self.loose.append(LooseLine(line, text.strip(), self.path, reason))

    # one line
    def feed(self, raw: str, number: int, after_blank: bool) -> None:
        cells = raw.strip().split("\t")
        if len(cells) == 2 and all(c.strip() for c in cells) and _is_term(_clean_inline(cells[0].strip())):
            # `Term<TAB>definition`: a flash-card export (Anki, Quizlet) or a two-column paste from a spreadsheet.
            indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
            self.define(cells[0].strip(), cells[1].strip(), number, indent)
            return
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        text = expanded.strip()
        if not text or LONE_BULLET_RE.match(text) or _is_junk(text):
            return
        heading = MD_HEADING_RE.match(text)
        if heading:
            title = _norm(_clean_inline(TAG_RE.sub("", heading.group(2)))).rstrip(":")
            if title:
                self.md_heading(len(heading.group(1)), title, number)
            return
        bullet = BULLET_RE.match(text)
        body = text[bullet.end() :].strip() if bullet else text
        body_indent = indent + (2 if bullet else 0)
        if not body or _is_junk(body):
            return
        glued = GLUED_HEADING_RE.match(body)
        if glued:
            self.feed_text(glued.group(1), number, indent, bool(bullet), after_blank)
            self.plain_heading(glued.group(2) + ":", 0, number)
            return
        self.feed_text(body, number, body_indent, bool(bullet), after_blank)

    def feed_text(self, body: str, number: int, indent: int, bulleted: bool, after_blank: bool) -> None:
        if TO_SELF_RE.match(body):
            self.loose_line(body, number, "a note to self, not a fact")
            return
        pieces = self._definitions(body)
        if pieces:
            prefix, defs = pieces
            if prefix:
                self.plain_heading(prefix + ":", indent, number)
            for term, definition in defs:
                self.define(term, definition, number, indent)
            return
        deeper = (
            self.last is not None
            and indent > self.last_indent
            and indent > 0
            and number - self.last_line <= 3
        )
        comparison = re.search(r"\bvs\.?\s|\bversus\b", body, re.I)
        if (
            self.heading_concept is not None
            and self.last is None
            and not body.endswith(":")
            and not comparison
        ):
            title, _, heading_indent = self.heading_concept
            if bulleted or indent <= heading_indent:
                self.define(title, body, number, -1)
                return
        if not bulleted and not deeper and self._heading_here(body):
            self.plain_heading(body, indent, number)
            return
        # A continuation of the concept above: indented deeper, or prose on the very next line.
        next_line = (
            self.last is not None and not bulleted and not after_blank and number == self.last_line + 1
        )
        if deeper or next_line:
            self.fact(body, number)
            return
        if self._fact_of_named_concept(body, number):
            return
        self.loose_line(body, number, "no definition or heading found")

    def named_concept(self, text: str) -> tuple[str, str] | None:
        """(concept key, name as written) for the one concept whose name `text` opens with, if exactly one."""
        words = _key(text).split()
        for size in range(min(6, len(words)), 0, -1):
            name = " ".join(words[:size])
            keys = self.names.get(name)
            if keys is not None:
                if len(keys) != 1:
                    # Ambiguous ("SageMaker" for many): better loose than attached to the wrong one.
                    return None
                written = " ".join(re.split(r"\s+", text.strip())[:size]).strip(".,;:!?()\"'")
                return next(iter(keys)), written
        return None

    def _fact_of_named_concept(self, body: str, number: int) -> bool:
        """`Firehose can convert JSON to Parquet`: a sentence about a concept named earlier becomes its fact."""
        if len(body.split()) < 3:
            return False
        found = self.named_concept(body)
        if found is None:
            return False
        key, written = found
        concept = self.concepts[key]
        written_key = _key(written)
        if written_key != _key(concept.term) and written_key not in {_key(a) for a in concept.aliases}:
            # The short name the learner uses is an alias: stems must mask it too, or they give the answer away.
            concept.aliases.append(written)
        text = _norm(_clean_inline(body))
        self._add_facts(concept, _sentences(text), number)
        concept.lines.append(number)
        if self.comparisons and self.comparisons[-1][1] == self.path and key not in self.comparisons[-1][3]:
            self.comparisons[-1][3].append(key)
        return True

    def _heading_here(self, body: str) -> bool:
        if _looks_like_heading(body):
            return True
        # Notes pasted without blank lines: a short line with no sentence punctuation after a full sentence.
        words = body.split()
        return (
            len(words) <= 10
            and (body[0].isupper() or body[0].isdigit())
            and body[-1] not in ".!?,;:)"
            and body.count("(") == body.count(")")
            and not re.search(r"\s[-–—]\s|=|→|->", body)
        )

    def _definitions(self, body: str) -> tuple[str, list[tuple[str, str]]] | None:
        """Definitions in one line or paragraph; with the heading prefix in `Heading: Term = …`, if any."""
        for pattern in (QUOTED_DEF_RE, BOLD_DEF_RE):
            match = pattern.match(body)
            if match and _is_term(match.group(1)) and match.group(2).strip():
                return "", [(match.group(1), match.group(2).strip())]
        match = DCOLON_RE.match(body)
        if match and _is_term(match.group(1)):
            return "", [(match.group(1), match.group(2).strip())]
        prefix = ""
        # `Heading: Term = def` or `Heading: Term: def`: the first part names a sub-topic.
        head = COLON_RE.match(body)
        if head and _is_term(head.group(1)):
            rest = head.group(2).strip()
            if (EQUALS_RE.match(rest) or COLON_RE.match(rest)) and _is_term(
                (EQUALS_RE.match(rest) or COLON_RE.match(rest)).group(1)
            ):
                prefix, body = head.group(1), rest
        chunks = [c.strip() for c in RUN_SPLIT_RE.split(body) if c.strip()]
        found: list[tuple[str, str]] = []
        for chunk in chunks:
            pair = None
            for pattern in (EQUALS_RE, COLON_RE, DASH_RE, ARROW_RE):
                match = pattern.match(chunk)
                if pattern is ARROW_RE and match and not _is_name(match.group(1)):
                    continue  # `URL of S3 bucket for output → model saved to S3`: an arrow that means "leads to"
                if match and _is_term(match.group(1)) and re.search(r"[^\W\d_]{2}", match.group(2)):
                    pair = (match.group(1), match.group(2).strip())
                    break
            if pair is None:
                if not found:
                    prose = _prose_definition(body)
                    return ("", [prose]) if prose else None
                term, definition = found[-1]
                found[-1] = (term, f"{definition} {chunk}")
            else:
                found.append(pair)
        if not found:
            return None
        return prefix, found

    def document(self) -> NotesDocument:
        concepts = [
            NoteConcept(
                term=c.term,
                aliases=tuple(c.aliases),
                definition=c.definition,
                facts=tuple(c.facts),
                topic=c.topic,
                lines=tuple(sorted(set(c.lines))),
            )
            for c in (self.concepts[k] for k in self.order)
        ]
        return NotesDocument(self.source, self.topics, concepts, self._groups(concepts), self.loose)

    def _groups(self, concepts: list[NoteConcept]) -> list[NoteGroup]:
        groups: list[NoteGroup] = []
        seen: set[tuple[str, ...]] = set()
        by_key = {_key(c.term): c for c in concepts}
        for title, topic, line, keys in self.comparisons:
            # The sides of `KDS vs Firehose` name concepts that may be defined anywhere in the notes.
            sides = re.split(r"\s+(?:vs\.?|versus)\s+", title.rstrip(":"), flags=re.I)
            named = [self.named_concept(side) for side in sides if len(sides) >= 2]
            keys = list(dict.fromkeys([*keys, *(n[0] for n in named if n is not None)]))
            terms = tuple(by_key[k].term for k in keys if k in by_key)
            if len(terms) >= 2 and terms not in seen:
                seen.add(terms)
                groups.append(NoteGroup(title, terms, topic, line))
        # Siblings under one heading whose names end in the same word: File Mode, Pipe Mode, Fast File Mode.
        by_topic: dict[tuple[str, ...], list[NoteConcept]] = {}
        for concept in concepts:
            by_topic.setdefault(concept.topic, []).append(concept)
        for topic, members in by_topic.items():
            heads: dict[str, list[NoteConcept]] = {}
            for concept in members:
                words = concept.term.split()
                if len(words) >= 2:
                    heads.setdefault(words[-1].casefold(), []).append(concept)
            for _head, same in heads.items():
                terms = tuple(c.term for c in same)
                if len(same) >= 2 and terms not in seen:
                    seen.add(terms)
                    title = " vs ".join(terms)
                    groups.append(NoteGroup(title, terms, topic, min(c.lines[0] for c in same)))
        return groups


def _decode(text: str | bytes, source: str) -> str:
    try:
        return decode_text(text, source)
    except TextError as error:
        raise NotesError(error.source, error.line, error.message) from None


def parse_notes(text: str | bytes, *, source: str = "notes") -> NotesDocument:
    lines = _decode(text, source).split("\n")
    parser = _Parser(source)
    start = 0
    # Obsidian/Jekyll front matter is metadata, not notes.
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() == "---"), None)
        if end is not None:
            start = end + 1
    # Emacs org-mode marks headings with stars at the start of a line (`* Topic`, `** Subtopic`); a Markdown file
    # uses `*` only for bullets, so stars are headings only in a file that also has a `** ` line.
    org = any(
        ORG_HEADING_RE.match(line) and line.startswith("**") and not line.rstrip().endswith("**")
        for line in lines
    )
    fenced = False
    after_blank = True
    first = True
    table = _Table(parser)
    flashcard = _Flashcard(parser)
    skip: set[int] = set()  # lines already used by the line above them (heading underlines, definitions)
    for index in range(start, len(lines)):
        raw, number = lines[index], index + 1
        if FENCE_RE.match(raw):
            fenced = not fenced
            continue
        if fenced:
            continue
        stripped = raw.strip()
        if not stripped:
            after_blank = True
            flashcard.flush()
            continue
        if stripped.startswith("|") or (table.open and "|" in stripped):
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            table.row(stripped, number, header=bool(TABLE_SEP_RE.match(following)) and "-" in following)
            after_blank = first = False
            continue
        table.close()
        qa = QA_RE.match(stripped)
        if qa:
            flashcard.line(qa.group(1)[0].casefold(), qa.group(2).strip(), number)
            after_blank = first = False
            continue
        flashcard.flush()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if index in skip:
            continue
        if RULE_RE.match(stripped):
            after_blank = True  # a horizontal rule separates like a blank line
            continue
        if (
            SETEXT_RE.match(following)
            and len(following) >= 2
            and not BULLET_RE.match(stripped)
            and len(stripped) <= 100
            and not stripped.endswith((".", "!", "?"))
        ):
            # `Title` over `=====` or `-----`: a Markdown (setext) heading of level 1 or 2.
            title = _norm(_clean_inline(stripped)).rstrip(":")
            if title:
                parser.md_heading(1 if following[0] == "=" else 2, title, number)
            skip.add(index + 1)
            after_blank = first = False
            continue
        eq_heading = EQ_HEADING_RE.match(stripped)
        if eq_heading:
            title = _norm(_clean_inline(eq_heading.group(2))).rstrip(":")
            if title:
                parser.md_heading(len(eq_heading.group(1)), title, number)
            after_blank = first = False
            continue
        if (
            DEF_LIST_RE.match(following)
            and not DEF_LIST_RE.match(stripped)
            and _is_term(_clean_inline(stripped))
        ):
            # Pandoc/PHP Markdown Extra definition list: `Term` then `: definition` lines.
            parser.define(stripped, DEF_LIST_RE.match(following).group(1), index + 2, 0)
            parser.last.lines.insert(0, number)
            skip.add(index + 1)
            after_blank = first = False
            continue
        definition_line = DEF_LIST_RE.match(stripped)
        if definition_line and parser.last is not None and parser.last_line >= number - 2:
            parser.fact(definition_line.group(1), number)  # a further `: definition` of the same term
            after_blank = first = False
            continue
        if org and ORG_HEADING_RE.match(raw):
            heading = ORG_HEADING_RE.match(raw)
            title = _norm(_clean_inline(re.sub(r"\s+:[\w:@]+:\s*$", "", heading.group(2)))).rstrip(":")
            if title:
                parser.md_heading(len(heading.group(1)), title, number)
            after_blank = first = False
            continue
        if ORG_META_RE.match(stripped):
            title = re.match(r"^#\+title:\s*(.+)$", stripped, re.I)
            if title:
                parser.topics.append(NoteTopic((_norm(title.group(1)),), number))
            else:
                parser.loose_line(stripped, number, "org-mode setting")
            after_blank = first = False
            continue
        if stripped.startswith(">"):
            # A callout or quote: a remark about the notes, kept as loose text so nothing is lost.
            inner = stripped.lstrip("> ").strip()
            if inner and not re.match(r"^\[![\w-]+\]", inner):
                parser.loose_line(inner, number, "quote or callout")
            after_blank = False
            continue
        if stripped.startswith("<!--") or stripped.startswith("!["):
            parser.loose_line(stripped, number, "comment, table or image")
            after_blank = False
            continue
        if first and not MD_HEADING_RE.match(stripped) and len(stripped) <= 80 and stripped[-1] not in ".!?":
            # The first line of a file is its title: a topic of its own, not the parent of every other.
            parser.topics.append(NoteTopic((_norm(_clean_inline(stripped)).rstrip(":"),), number))
        else:
            parser.feed(raw, number, after_blank)
        first = False
        after_blank = False
    flashcard.flush()
    return parser.document()


class _Table:
    """A Markdown or org-mode table: each body row whose first cell is a term defines it by the second cell; any
    further cells become facts named by their column header (`Latency: milliseconds`)."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser
        self.open = False
        self.header: list[str] = []

    def row(self, text: str, number: int, header: bool) -> None:
        if TABLE_SEP_RE.match(text):
            self.open = True
            return
        cells = [_norm(_clean_inline(cell)) for cell in text.strip().strip("|").split("|")]
        if header:
            self.open, self.header = True, cells
            return
        self.open = True
        filled = [cell for cell in cells if cell]
        if len(cells) < 2 or len(filled) < 2 or not _is_term(cells[0]) or not cells[1]:
            self.parser.loose_line(text, number, "table row without a term and a definition")
            return
        definition = cells[1].rstrip(".") + "."
        self.parser.define(cells[0], definition, number, 0)
        extra = []
        for column, cell in enumerate(cells[2:], start=2):
            if cell:
                name = self.header[column] if column < len(self.header) and self.header[column] else ""
                extra.append(f"{name}: {cell}" if name else cell)
        if extra:
            self.parser.fact(". ".join(e.rstrip(".") for e in extra) + ".", number)

    def close(self) -> None:
        self.open, self.header = False, []


class _Flashcard:
    """`Q: What is Pipe mode?` followed by `A: …`: the question names the term and the answer defines it. A question
    that names no term (or has no answer) is reported as loose text."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser
        self.question: tuple[str, int] | None = None

    def line(self, kind: str, text: str, number: int) -> None:
        if kind == "q":
            self.flush()
            self.question = (text, number)
            return
        if self.question is None:
            self.parser.loose_line(text, number, "answer without a question")
            return
        question, line = self.question
        self.question = None
        what = WHAT_IS_RE.match(question)
        term = _norm(_clean_inline(what.group(1))).strip('"“”') if what else ""
        if term and _is_term(term):
            self.parser.define(term, text, number, 0)
            self.parser.last.lines.insert(0, line)
        else:
            self.parser.loose_line(f"{question} {text}", line, "question and answer that name no term")

    def flush(self) -> None:
        if self.question is not None:
            self.parser.loose_line(self.question[0], self.question[1], "question without an answer")
            self.question = None
