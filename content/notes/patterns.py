"""The shapes the notes parser recognises: line patterns (headings, bullets, definitions in every notation),
the word lists that tell a term from a sentence, and the small text helpers built on them. Plain Python."""

from __future__ import annotations

import functools
import re
import unicodedata

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
    r"^(?:what|who)\s+(?:is|are|was)\s+(?:an?\s+|the\s+)?(.+?)(?:\s+(?:used for|for|good for))?\s*\?$"
    # `What does one-hot encoding do?`, `How does Pipe mode work?`: the answer says what the term does.
    r"|^(?:what|how)\s+(?:does|do)\s+(?:an?\s+|the\s+)?(.+?)\s+(?:do|mean|measure|stand for|show|compute|return"
    r"|work|control|tell you)\s*\?$",
    re.I,
)
# A note to self ("TODO: look up Flex jobs", "[ ] check quotas"): kept as a loose line, never a concept or a fact.
TO_SELF_RE = re.compile(
    r"^(?:\[[ xX]?\]\s*)?(?:todo|to-do|fixme|tbd|xxx|note to self|look up|lookup)\b", re.I
)
# A line about studying, not about the subject: "The majority of exam questions…", "These notes first cover…".
ABOUT_STUDY_RE = re.compile(
    r"\b(?:exam questions|these notes|this course|the exam|certification|it is a good idea to|it is important to"
    r"|are also covered|will go into depth)\b",
    re.I,
)
FENCE_RE = re.compile(r"^\s*(```|~~~)")
TAG_RE = re.compile(r"(?:^|\s)#[A-Za-z][\w/-]*")
WIKI_RE = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]")
MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# A term: 1-6 words, each starting with a letter or digit, allowing inner punctuation used in names.
TERM_WORD = r"(?:&|[A-Za-z0-9][\w\-/&'’+.]*)"
TERM = rf"{TERM_WORD}(?:[ \t]+{TERM_WORD}){{0,5}}"
PAREN = r"(?:\s*\([^()]{1,60}\))?"
QUOTED_DEF_RE = re.compile(r'^["“”]([^"“”]{1,60})["“”]\s*(?:[-–—:=]|::)\s*(.+)$')
BOLD_DEF_RE = re.compile(r"^\*\*([^*]{1,60})\*\*\s*(?:[-–—:=]|::)\s*(.+)$")
DCOLON_RE = re.compile(rf"^({TERM}{PAREN})\s*::\s*(.+)$")
EQUALS_RE = re.compile(rf"^({TERM}{PAREN})\s+=\s+(.+)$")
COLON_RE = re.compile(rf"^({TERM}{PAREN}):\s+(.+)$")
DASH_RE = re.compile(rf"^({TERM}{PAREN})\s+[-–—]\s+(.+)$")
ARROW_RE = re.compile(rf"^({TERM}{PAREN})\s+(?:->|=>|→|⇒)\s+(.+)$")
# `1. Blue/green, all at once — shift all traffic …`: a list item's name may hold a comma when a long dash follows it.
LIST_DASH_RE = re.compile(r"^([A-Z][\w/&+'-]*(?:,?[ \t]+[\w/&+'-]+){1,5})\s+[–—]\s+(.+)$")
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
# `PC1 = trend of points, PC2 = perpendicular sub-trend`: a short name defined after a comma starts a new definition.
COMMA_RUN_SPLIT_RE = re.compile(rf"(?<=,)\s+(?={TERM_WORD}(?:[ \t]+{TERM_WORD}){{0,2}}\s+=\s)")
GLUED_HEADING_RE = re.compile(r"^(.*[a-z0-9)][.!?])([A-Z][A-Za-z0-9 &/-]{2,50}):\s*(\([^()]*\))?\s*$")
ALIAS_RE = re.compile(r"^(.*?)\s*\(([^()]{1,60})\)\s*$")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")
GLUED_SENTENCE_RE = re.compile(
    r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]{2})"
)  # a sentence typed with no space after it
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
                 "endpoint", "endpoints", "format", "formats", "algorithm", "algorithms", "option", "options",
                 "inference"}  # fmt: skip
# A term whose words start another term of the same section and add only these is that term again:
# `Principal Components` is `Principal Component Analysis`, a table's `Real-time` row is `Real-time inference`.
MERGE_TAILS = GENERIC_HEADS | {"analysis", "inference", "inferences", "method", "methods", "technique", "techniques",
                               "approach", "engine", "feature", "features", "capability"}  # fmt: skip
# A "term" starting with one of these is the start of a sentence, not a name.
NOT_TERM_START = {"many", "some", "all", "each", "every", "think", "can", "has", "have", "there", "this", "these",
                  "that", "it", "you", "your", "if", "when", "but", "also", "even", "not", "no", "only", "most",
                  "more", "less", "other", "both", "then", "so", "we", "i", "they", "our", "its", "one", "two",
                  "use", "used", "using", "do", "does", "don't", "is", "are", "was", "were", "be", "will", "should",
                  "must", "may", "might", "could", "would", "e.g.", "ex", "eg", "ie", "i.e.", "like", "just",
                  # "Four kinds: data quality, …" counts what follows; it names nothing.
                  "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few", "various"}  # fmt: skip


SPACES_RE = re.compile(r"\s+")
NOT_KEY_RE = re.compile(r"[^a-z0-9]+")
STRONG_RE = re.compile(r"(\*\*|__)(.+?)\1")
CODE_RE = re.compile(r"`([^`]+)`")


def _norm(text: str) -> str:
    if text.isascii():  # the common case: NFKC and the quotes below leave ASCII as it is
        return " ".join(text.split())  # (the same whitespace as `SPACES_RE` and `strip`)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return SPACES_RE.sub(" ", text).strip()


@functools.lru_cache(maxsize=65536)
def _key(term: str) -> str:
    """A term folded for comparison: lower case, letters and digits, single spaces (cached: asked of the same
    terms and facts again and again)."""
    return NOT_KEY_RE.sub(" ", term.casefold()).strip()


def _clean_inline(text: str) -> str:
    if "[" in text:
        text = WIKI_RE.sub(lambda m: m.group(2) or m.group(1), text)
        text = MD_LINK_RE.sub(r"\1", text)
    if "*" in text or "__" in text:
        text = STRONG_RE.sub(r"\2", text)
    if "`" in text:
        text = CODE_RE.sub(r"\1", text)
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
    if _abbreviates(inner, name):
        # `Data Preparation (data prep)`: a short form of the name.
        return name, [inner], ""
    old = OLD_NAME_RE.match(inner)
    if old:
        # `SageMaker Canvas (was Data Wrangler)`: the old name is another name for it, not a fact.
        return name, [old.group(1).strip()], ""
    if is_acronym(name) and expansion(name, inner) == inner:
        return name, [inner], ""
    return name, [], inner


def _abbreviates(short: str, name: str) -> bool:
    """Each word of `short` starts the matching word of `name`: "data prep" for Data Preparation."""
    a, b = short.casefold().split(), name.casefold().split()
    return len(a) == len(b) >= 2 and all(y.startswith(x) for x, y in zip(a, b, strict=True)) and a != b


OLD_NAME_RE = re.compile(
    r"^(?:was|formerly|previously|aka|a\.k\.a\.?|also called|also known as|renamed from|now called)\s+(.{2,40})$",
    re.I,
)
EXPANSION_SKIP = {"of", "by", "and", "for", "the", "a", "an", "to", "in", "on", "with", "&"}


def is_acronym(name: str) -> bool:
    """MICE, SMOTE, MWAA, S3, IoT: short, one word, mostly capitals."""
    letters = [c for c in name if c.isalpha()]
    return (
        " " not in name
        and 2 <= len(name) <= 8
        and len(letters) >= 2
        and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)
    )


def expansion(acronym: str, text: str) -> str:
    """The words at the start of `text` that spell out `acronym` ("Multiple Imputation by Chained Equations"
    for MICE, "Synthetic Minority Over-sampling Technique" for SMOTE), or "". Each word gives the next letter
    with its first letter, and may give the letters after it too (TEchnique); small words may give none."""
    return _expansion(acronym, text, split_hyphens=True) or _expansion(acronym, text, split_hyphens=False)


def spelled_from(acronym: str, text: str) -> bool:
    """Whether `text` starts with words that spell `acronym` out (an acronym word in between may be skipped:
    "Area Under the ROC Curve" spells AUC)."""
    return bool(_expansion(acronym, text, split_hyphens=True, skip_acronyms=True))


def _expansion(acronym: str, text: str, *, split_hyphens: bool, skip_acronyms: bool = False) -> str:
    letters = [c.casefold() for c in acronym if c.isalnum()]
    head = text[:200].replace("-", " ") if split_hyphens else text[:200]
    spans = list(re.finditer(r"[A-Za-z0-9][\w'’-]*|&", head))
    words = [s.group() for s in spans]

    @functools.cache
    def match(i: int, w: int) -> int:
        """Number of words used to spell letters[i:] from word w on, or -1."""
        if i == len(letters):
            return 0
        if w == len(words):
            return -1
        word = words[w].casefold()
        if word in EXPANSION_SKIP or (skip_acronyms and words[w].isupper() and len(words[w]) >= 2 and i > 0):
            rest = match(i, w + 1)
            if rest >= 0:
                return rest + 1
        if not word.startswith(letters[i]):
            return -1
        # The word gives letters[i:i+k] when those letters appear in it in order, the first at its start
        # (when spotting an expansion in running text, only an acronym word gives more than one letter).
        at, k = 1, 1
        while True:
            if skip_acronyms and not words[w].isupper():
                rest = match(i + 1, w + 1)
                return rest + 1 if rest >= 0 else -1
            rest = match(i + k, w + 1)
            if rest >= 0:
                return rest + 1
            if i + k >= len(letters):
                return -1
            found = word.find(letters[i + k], at)
            if found < 0:
                return -1
            at, k = found + 1, k + 1

    used = match(0, 0)
    if used <= 1 or used > len(letters) + 3:
        return ""
    end = spans[used - 1].end()
    return text[:end].strip()


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


# A full stop that ends these is not the end of a sentence: "(e.g. 10% of traffic)" stays one fact.
ABBREVIATIONS = (
    "e.g.",
    "i.e.",
    "eg.",
    "ie.",
    "vs.",
    "approx.",
    "incl.",
    "cf.",
    "esp.",
)  # not "etc.": it often ends one


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences: split after . ! ? before a capital, a digit or a quote, but never after an
    abbreviation or inside parentheses still open."""
    sentences: list[str] = []
    text = GLUED_SENTENCE_RE.sub(" ", text)  # "…before training.When …"
    for part in SENTENCE_SPLIT_RE.split(text):
        part = part.strip()
        if not part:
            continue
        if sentences and (
            sentences[-1].casefold().endswith(ABBREVIATIONS)
            or sentences[-1].count("(") > sentences[-1].count(")")
        ):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences
