"""Text rules the question kinds share: keys, masking a concept's names, words, clauses, quoting the notes,
and the deterministic placing of the right answer. Plain Python."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re

from content.generate.types import kin
from content.notes import NoteConcept
from content.notes.patterns import GENERIC_HEADS, VENDOR_WORDS, is_acronym, spelled_from

MAX_OPTIONS = 4
MASK = "_____"
WORD_RE = re.compile(r"[a-z0-9]+")
WORDS = {2: "TWO", 3: "THREE", 4: "FOUR"}
STOP = {
    "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "is", "are", "be", "by", "with", "it", "its", "as",
    "at", "from", "that", "this", "can", "use", "used", "not", "no", "so", "e", "g", "eg", "ex", "good", "best",
}  # fmt: skip


NOT_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return NOT_SLUG_RE.sub("-", text.casefold()).strip("-") or "x"


def make_key(kind: str, *parts: str) -> str:
    """A stable key of 3-80 characters from the kind and concept names (shortened with a hash when long)."""
    key = "-".join(["n", kind, *(_slug(p) for p in parts)])
    if len(key) > 80:
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:8]
        key = f"{key[:71].rstrip('-')}-{digest}"
    return key


def _names(concept: NoteConcept) -> tuple[str, ...]:
    """The names a stem must not say: the term, its aliases, and each written as one word or as two
    (GroundTruth is also "Ground Truth", Ground Truth also "GroundTruth"). Worked out once per concept."""
    return _with_spellings_cached((concept.term, *concept.aliases))


# Sized for the longest notes read (2 MB: some 30,000 concepts), so that one reading never evicts its own entries.
@functools.lru_cache(maxsize=65536)
def _with_spellings_cached(names: tuple[str, ...]) -> tuple[str, ...]:
    found = list(names)
    for name in names:
        spaced = re.sub(r"(?<=[a-z]{2})(?=[A-Z][a-z]{2})", " ", name)
        joined = re.sub(r"(?<=[A-Za-z]{2}) (?=[A-Z][a-z]{2})", "", name)
        for variant in (spaced, joined):
            if variant != name and variant not in found:
                found.append(variant)
    return tuple(found)


def _name_re(names: list[str]) -> re.Pattern:
    return _compiled_name_re(tuple(names))


@functools.lru_cache(maxsize=4096)
def _compiled_name_re(names: tuple[str, ...]) -> re.Pattern:
    alternatives = sorted({re.escape(n) for n in names if n.strip()}, key=len, reverse=True)
    # Word boundaries that also work for names with punctuation (K-Nearest, Seq2Seq); plurals and possessives too.
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?:'s|s|es)?(?![\w-])", re.IGNORECASE)


def _may_contain(text: str, names: list[str] | tuple[str, ...]) -> bool:
    """A cheap necessary condition for a name match (a substring, ignoring case): most texts name none of the
    names, and this spares compiling and running each concept's pattern on them."""
    folded = _casefolded(text)
    for name in _folded_names(names if type(names) is tuple else tuple(names)):  # noqa: SIM110 (hot path)
        if name in folded:
            return True
    return False


@functools.lru_cache(maxsize=65536)
def _casefolded(text: str) -> str:
    return text.casefold()


@functools.lru_cache(maxsize=65536)
def _folded_names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n.casefold() for n in names if n.strip())


def mask(text: str, names: list[str] | tuple[str, ...]) -> str:
    """`text` with each of `names` replaced by the mask (cached: each kind masks the same facts again)."""
    return _masked(text, names if type(names) is tuple else tuple(names))


@functools.lru_cache(maxsize=131072)
def _masked(text: str, names: tuple[str, ...]) -> str:
    return _name_re(names).sub(MASK, text) if names and _may_contain(text, names) else text


def names_in(text: str, names: list[str]) -> bool:
    return bool(names) and _may_contain(text, names) and bool(_name_re(names).search(text))


@functools.lru_cache(maxsize=131072)
def _words(text: str) -> frozenset[str]:
    """The content words of a text, folded (cached: the same fact is read by several kinds)."""
    return frozenset(w for w in WORD_RE.findall(text.casefold()) if w not in STOP and len(w) > 1)


def _clauses(text: str) -> list[str]:
    """A fact split at commas and semicolons that are not inside parentheses."""
    if "(" not in text:
        return [c.strip() for c in re.split(r"[,;]", text) if c.strip()]
    clauses, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch in ",;" and depth == 0:
            clauses.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    clauses.append("".join(current).strip())
    return [c for c in clauses if c]


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first letter, but not an acronym's (ML, S3)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _topic_title(path: tuple[str, ...]) -> str:
    return " › ".join(path) if path else "Notes"


def unquoted(text: str) -> str:
    """A fact without a quotation mark the notes opened on another line or never closed (`… (variance)."`)."""
    if text.count('"') == 1:
        return re.sub(r'^"|"(?=[.!?]?$)', "", text, count=1)
    return text


def _quote(concept: NoteConcept, facts=None) -> str:
    facts = facts if facts is not None else concept.facts
    lines = [f"> **{concept.term}** — {unquoted(unnumbered(f.text))} (line {f.line})" for f in facts[:4]]
    if not lines:
        lines = [f"> **{concept.term}** — {concept.definition} (line {concept.lines[0]})"]
    return "\n>\n".join(lines)


def _order(key: str, right: list, wrong: list) -> list:
    """Put the right answer(s) at a position derived from the key: deterministic, yet not always first. Options
    are written alike (`alike_in_form`), so that no full stop or capital letter singles one out."""
    options = alike_in_form([*wrong, *right])
    right, options = options[len(wrong) :], options[: len(wrong)]
    for i, item in enumerate(right):
        at = (int(hashlib.sha1(f"{key}{i}".encode(), usedforsecurity=False).hexdigest(), 16)) % (
            len(options) + 1
        )
        options.insert(at, item)
    return options


def alike_in_form(options: list) -> list:
    """Options (`model.Option`) written alike: a lower-case first word ("binning" beside "TF-IDF") capitalised,
    and, when some sentences end with a full stop, one on each sentence that has none."""
    stops = [len(o.text.split()) >= 3 and o.text.rstrip()[-1:] in ".!?…" for o in options]
    sentences = [len(o.text.split()) >= 3 for o in options]
    add_stop = any(stops) and not all(
        stop for stop, sentence in zip(stops, sentences, strict=True) if sentence
    )
    written = []
    for option, sentence in zip(options, sentences, strict=True):
        text = option.text.rstrip()
        first = text.split(maxsplit=1)[0] if text else ""
        if re.fullmatch(r"[a-z][a-z-]*", first):
            text = text[:1].upper() + text[1:]
        if add_stop and sentence and text[-1:] not in ".!?…":
            text += "."
        written.append(option if text == option.text else dataclasses.replace(option, text=text))
    return written


def distinctive_words(
    names: list[str], common: frozenset[str] = frozenset(), *, parts: bool = True
) -> tuple[str, ...]:
    """The words of a concept's names that would point at it on their own ("Minority" in Synthetic Minority
    Oversampling): three letters or more ("Row" in Row deletion, "One" in One-hot encoding), and not a vendor word, a generic head word, or a word `common` to
    several names in these notes ("Training" when many terms start with it)."""
    return _distinctive_words(tuple(names), common, parts)


@functools.lru_cache(maxsize=65536)
def _distinctive_words(names: tuple[str, ...], common: frozenset[str], camel: bool = True) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        # A one-word name in camel case says its parts too: KMeans -> Means, BlazingText -> Blazing, Text.
        words = re.findall(r"[A-Za-z][A-Za-z0-9]+", name)
        parts = [
            p
            for w in words
            if camel and w.casefold() not in VENDOR_WORDS and re.search(r"[a-z][A-Z]|[A-Z][A-Z][a-z]", w)
            for p in re.findall(r"[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])", w)
            if p != w
        ]
        for word in [*words, *parts]:
            folded = word.casefold()
            # Four letters or more, or an acronym inside a longer name ("VPC" in VPC endpoint, "IP" in IP Insights).
            acronym = word.isupper() and len(word) >= 2 and word != name
            if (
                (len(word) >= 3 or acronym)
                and folded not in STOP | GENERIC_HEADS | VENDOR_WORDS
                and folded not in common
            ):
                seen.setdefault(folded, word)
    return tuple(seen.values())


def _word_forms(word: str) -> str:
    """A pattern for `word` in any of its plain forms: plurals, and the singular of a plural ("mean" for Means);
    an acronym also at the start of a longer token ("IPv4" for IP)."""
    if word.isupper():
        return rf"(?<![A-Za-z]){re.escape(word)}(?:s|es)?(?![a-z]{{2}})"
    stem = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
    verb = re.match(r"^(.{4,}?)(?:ing|out|ed)$", stem.casefold())
    if verb:  # a name word made from a verb says the verb too: "drops" for Dropout, "Stop" for Early stopping
        root = re.sub(r"([^aeiou])\1$", r"\1", verb.group(1))
        return rf"(?<![\w-])(?:{re.escape(stem)}(?:s|es)?|{re.escape(root)}\w?(?:e|s|es|ed|ing)?)(?![\w-])"
    # Plurals, and for a word of four letters or more its -ed and -ing forms ("starting point" for Warm start).
    more = "|ed|ing" if len(stem) >= 4 else ""
    return rf"(?<![\w-]){re.escape(stem)}(?:s|es{more})?(?![\w-])"


@functools.lru_cache(maxsize=65536)
def _probe(word: str) -> str:
    """What a text must contain (folded) for `_word_forms(word)` to match it: a cheap test before the pattern."""
    stem = word[:-1] if len(word) > 4 and word.endswith("s") else word
    verb = re.match(r"^(.{4,}?)(?:ing|out|ed)$", stem.casefold())
    return re.sub(r"([^aeiou])\1$", r"\1", verb.group(1)) if verb else stem.casefold()


@functools.lru_cache(maxsize=65536)
def _forms_re(word: str, ignore_case: bool) -> re.Pattern:
    """`_word_forms` compiled once per word (a notes file has more distinct words than `re` keeps compiled)."""
    return re.compile(_word_forms(word), re.I if ignore_case else 0)


def leaked_word(text: str, names: list[str], common: frozenset[str] = frozenset()) -> str:
    """The first distinctive word of `names` that `text` contains (in any plain form), or an acronym among them
    that `text` spells out, or ""."""
    return _leaked_word(text, tuple(names), common)


# Plain words that say a name's word in other words ("the k closest points" for K-Nearest Neighbors, "hosts many
# models" for Multi-model endpoint, "the average of the absolute errors" spells Mean Absolute Error).
SYNONYMS = {
    "nearest": ("closest",), "multi": ("many", "multiple", "several"), "mean": ("average",),
    "ui": ("gui", "graphical interface"), "rollback": ("roll back", "return to the old"),
    "binning": ("bucket", "bucketing"), "imputation": ("impute",), "serverless": ("no servers",),
}  # fmt: skip
# The telling words of what exam acronyms stand for ("creates synthetic minority rows" gives SMOTE away even in
# notes that never expand it); lower case, each a pattern matched at the start of a word.
KNOWN_EXPANSIONS = {
    "SMOTE": ("synthetic minority",), "PCA": ("principal component",), "KNN": ("nearest neighbo",),
    "k-NN": ("nearest neighbo",), "RCF": ("random cut",), "NTM": ("neural topic",), "LDA": ("latent dirichlet",),
    "RMSE": ("root mean squ",), "MAE": ("mean absolute error",), "MAPE": ("mean absolute percent",),
    "AUC": ("area under",), "TF-IDF": ("term frequency", "inverse document"), "MICE": ("chained equation",),
    "IAM": ("identity and access",), "KMS": ("key management", r"keys?\b"), "LightGBM": ("gradient boost",),
    "XGBoost": ("extreme gradient",), "GBM": ("gradient boost",), "VPC": ("virtual private",),
    "MWAA": ("airflow",), "AMT": ("automatic model tuning",), "A2I": ("augmented ai",),
    "EFS": ("elastic file",), "EBS": ("elastic block",), "ECR": ("container registry",),
    "SHAP": ("shapley",), "BYOC": ("bring your own container",), "NLP": ("natural language",),
}  # fmt: skip
AS_SPELLED = re.compile(r"\b(?:average|avg)\b", re.I)  # read as "mean" when an acronym may be spelled out


@functools.lru_cache(maxsize=65536)
def _leaked_word(text: str, names: tuple[str, ...], common: frozenset[str]) -> str:
    folded = text.casefold()
    for word in distinctive_words(names, common):
        if _probe(word) in folded and _forms_re(word, not word.isupper()).search(text):
            return word
        for synonym in SYNONYMS.get(word.casefold(), ()):
            if synonym in folded and _forms_re(synonym, False).search(folded):
                return word
    for name in names:  # what a well-known acronym stands for, when the notes never spell it out
        for phrase in KNOWN_EXPANSIONS.get(name, ()):
            if re.search(rf"(?<![\w-]){phrase}", folded):
                return name
    return _spelled_initials(text, names) or (
        _spelled_initials(AS_SPELLED.sub("mean", text), names) if AS_SPELLED.search(text) else ""
    )


def echoed_word(text: str, names: list[str], others: list[str]) -> str:
    """A word of the answer's names (four letters or more, not a vendor word) that `text` repeats while no other
    option's name has it: "when the instance starts" beside Notebook Instances, Studio and Canvas. Generic words
    ("instance", "endpoint", "model") may not name a concept alone, but they still point at the one option that
    has them. Returns the word, or ""."""
    lowered = text.casefold()
    theirs = set().union(*(_name_words(name) for name in others))
    for name in names:
        for word in re.findall(r"[A-Za-z][A-Za-z0-9]+", name):
            folded = word.casefold()
            if len(folded) < 4 or folded in VENDOR_WORDS or folded in STOP or _singular(folded) in theirs:
                continue
            if _probe(folded) in lowered and _forms_re(folded, True).search(text):
                return word
    return ""


@functools.lru_cache(maxsize=65536)
def _name_words(name: str) -> frozenset[str]:
    """The words of a name, folded and singular (worked out once per name)."""
    return frozenset(_singular(w) for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", name.casefold()))


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _spelled_initials(text: str, names: list[str]) -> str:
    """An acronym among `names` (3+ letters) that `text` spells out: words whose initials give it in turn,
    capitalised as a memory aid ("looks for Patterns, Compressing it, on the Anonymous data" for PCA) or as its
    expansion in any case ("the square root of the mean squared error" for RMSE, "area under the ROC curve" for
    AUC)."""
    acronyms = [n for n in names if is_acronym(n.replace("-", "")) and sum(c.isalpha() for c in n) >= 3]
    if not acronyms:
        return ""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", text) if w[0].isupper()).casefold()
    starts = [m.start() for m in re.finditer(r"(?<![\w-])[A-Za-z]", text)]
    for acronym in acronyms:
        if "".join(c for c in acronym if c.isalpha()).casefold() in initials:
            return acronym
        for part in (p for p in re.split(r"[-/]", acronym) if sum(c.isalpha() for c in p) >= 3):
            if any(spelled_from(part, text[i:]) for i in starts):
                return acronym
    return ""


def common_name_words(names: list[str], at_least: int = 3) -> frozenset[str]:
    """Words found in `at_least` different concept names: shared vocabulary of these notes, not a hint."""
    counts: dict[str, int] = {}
    for name in names:
        for word in {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z0-9]+", name)}:
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= at_least)


def claims(text: str) -> list[frozenset[str]]:
    """What a fact or statement says, as the content words of each clause (names already masked)."""
    return list(_claims(text))


@functools.lru_cache(maxsize=65536)
def _claims(text: str) -> tuple[frozenset[str], ...]:
    return tuple(w for clause in _clauses(text) if len(w := _words(clause)) >= 1)


def said_of(claim: frozenset[str], facts: list[frozenset[str]]) -> bool:
    """Whether `claim` is also said by one of `facts` (each the content words of one fact or clause): all its
    words are there ("Requires a VPC" is said by "…, Single AZ, requires VPC")."""
    return bool(claim) and any(claim <= fact for fact in facts)


POINTING_RE = re.compile(
    r"\b(?:above|below|these|those|the following|previous(?:ly)?|aforementioned)\b|^(?:then|after that|next)\b",
    re.I,
)


def points_elsewhere(text: str) -> bool:
    """A fact that only makes sense beside the notes ("Can feed any of the modes above")."""
    return bool(POINTING_RE.search(text))


DATED_ASIDE_RE = re.compile(
    r"\s*\([^()]*\b(?:for now|currently|at the moment|as of (?:now|today)|for the time being|so far)\b[^()]*\)",
    re.I,
)


def unnumbered(text: str) -> str:
    """A fact without the notes' list numbering ("Parameters 1) …", "2) …")."""
    return re.sub(r"^(?:[A-Z][a-z]+:?\s+)?\d{1,2}[.)]\s+", "", text)


@functools.lru_cache(maxsize=65536)
def tidy(text: str) -> str:
    """A fact as a stem or an option shows it: without the notes' list numbering ("Parameters 1) …", "2) …") or a
    trailing arrow."""
    text = unnumbered(text.strip())
    # A remark that dates ("(CSV-only for now)"): the notes' moment, not a fact to learn or to tell an answer by.
    if "(" in text:
        text = DATED_ASIDE_RE.sub("", text)
    # A setting's name opening the fact ("max_depth that controls tree complexity", from "Parameters: 1) …"): a
    # sentence about the setting.
    text = re.sub(r"^([a-z][a-z0-9]*_[a-z0-9_]+)\s+(?:that|which)\s+", r"The \1 parameter ", text)
    text = re.sub(r"\s*(?:->|→|=>)\s*$", "", text)
    # A table's cue column ("Use when: spiky traffic") reads as a clue of its own ("Suits spiky traffic").
    cue = re.match(r"^(?:use when|pick when|use it when|when)\s*:\s*(.+)$", text, re.I)
    if cue:
        text = f"Suits {_lower_first(cue.group(1))}"
    text = re.sub(r"^(Best for|Good for|Used for|Use for)\s*:\s*", r"\1 ", text, flags=re.I)
    text = unquoted(text)
    # A sentence the notes began in lower case ("… regression. optimizes variants …").
    text = LOWER_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    text = written_out(text)
    return text[:1].upper() + text[1:] if text[:1].islower() and not text[:2].isupper() else text


# A learner's shorthand as an item writer would spell it out: "id outliers" (identify), "Ids, bounds"
# (identifies), "Good for finds …" (finding), an arrow inside a sentence ("unit within SageMaker → organize users"),
# "Needed by -> …", "(KMS...)". Verbs only from a short list, so that "Good for logs" stays as it is.
MANY = {"10": "tens", "100": "hundreds", "1000": "thousands"}
GERUNDS = {
    "finds": "finding", "detects": "detecting", "identifies": "identifying", "ids": "identifying",
    "predicts": "predicting", "classifies": "classifying", "reduces": "reducing", "converts": "converting",
    "spots": "spotting", "catches": "catching", "removes": "removing", "discovers": "discovering",
    "id": "identifying",
}  # fmt: skip
SHORTHAND = (
    (re.compile(r"\b(for|at) id\b(?= [a-z])"), r"\1 identifying"),
    (re.compile(r"\b(to|can|will) id\b(?= [a-z])"), r"\1 identify"),
    (re.compile(r"^Id\b(?= [a-z])"), "Identify"),
    (re.compile(r"^Ids\b(?=[ ,])"), "Identifies"),
    (
        re.compile(
            r"\b((?:[Gg]ood|[Bb]est|[Gg]reat|[Ii]deal|[Uu]seful|[Uu]sed) for:?|[Ww]orkload:) ("
            + "|".join(GERUNDS)
            + r")\b"
        ),
        # "Good for: finds" -> "Good for finding"; "workload:" keeps its colon.
        lambda m: (
            f"{m.group(1).removesuffix(':') if 'for' in m.group(1) else m.group(1)} {GERUNDS[m.group(2)]}"
        ),
    ),
    (re.compile(r"\s*\.{3}\s*(?=\))"), ""),  # "(KMS...)"
    (re.compile(r"\bto (onto|into)\b"), r"\1"),  # "copies the data to onto the volume"
    (re.compile(r"\bE2E\b"), "end-to-end"),
    (re.compile(r"\b(?:big|huge) (?:search )?spaces\b"), "large search spaces"),  # "Fastest for big spaces"
    (re.compile(r"\besp\.(?= )"), "especially"),
    (re.compile(r"\b(10|100|1000)s (?=[A-Za-z])"), lambda m: f"{MANY[m.group(1)]} of "),  # "100s GB"
    (
        re.compile(r"^(?:E\.g\.|Eg\.?|Ex:|Ex\.|For ex(?:ample)?[.:,]?)\s+(?=[A-Za-z])", re.I),
        "",
    ),  # "E.g. Upload CSV data…"
    (re.compile(r"^([A-Z][a-z]+ by)\s*(?:->|→|=>)\s*"), r"\1 "),  # "Needed by -> distance-based models"
    (re.compile(r"(?<=\w)\s+(?:->|→|=>)\s+(?=\w)"), ": "),  # "unit within SageMaker → organize users"
)


# Something `SHORTHAND` may rewrite (one scan; most facts have none of it).
SHORTHAND_HINT = re.compile(
    r"\bids?\b|\b10+s\b|\.\.\.|->|→|=>|\bto [oi]nto\b|\be2e\b|\besp\.|\bspaces\b|^(?:e\.?g|ex|for ex)|\b(?:"
    + "|".join(GERUNDS)
    + r")\b",
    re.I,
)


def written_out(text: str) -> str:
    """`text` with the learner's shorthand spelled out (`SHORTHAND`); only a text with an arrow or a ":" after
    it keeps an arrow."""
    if not SHORTHAND_HINT.search(text):
        return text
    if ":" in text and re.search(r"(?:->|→|=>)", text):
        return text  # already a "label: value" line; an arrow there is part of a formula or a flow
    for pattern, replacement in SHORTHAND:
        text = pattern.sub(replacement, text)
    return text


LOWER_START_RE = re.compile(r"((?<![\w.])(?!(?:approx|incl)\.)[a-z]{4,}[.!?] )([a-z])(?=[a-z])")


def overlapping(a: str, b: str, common: frozenset[str] = frozenset()) -> bool:
    """Whether two names share a distinctive word that is not the head word of both ("Spot" in Spot instances
    and Managed Spot Training, "Python" in Python API libraries and SageMaker Python SDK): such terms are
    usually one thing and a part or kind of it, so neither is a fair wrong answer for the other. Siblings that
    share only their head word (Data parallelism, Model parallelism) are not."""
    wa, wb = a.casefold().split(), b.casefold().split()
    # One name inside the other, spaced otherwise: GroundTruth and Ground Truth Plus (not File Mode and Fast File
    # Mode, whose shared words are generic).
    ja, jb = "".join(wa), "".join(wb)
    if min(len(ja), len(jb)) >= 6 and (
        (ja in jb and not set(wa) <= set(wb)) or (jb in ja and not set(wb) <= set(wa))
    ):
        return True
    # Siblings that differ in one word at one place (Random oversampling, Random undersampling) are two of a kind.
    if len(wa) == len(wb) and sum(x != y for x, y in zip(wa, wb, strict=True)) == 1:
        return kin(a, b)
    # The head: the last word of each, and any words both end with ("traffic shifting" of Canary and Linear).
    heads = {wa[-1], wb[-1]} if wa and wb else set()
    while wa and wb and wa[-1] == wb[-1]:
        heads.add(wa.pop())
        wb.pop()
    # Whole words only: CloudWatch and CloudTrail share a camel-case part, yet each is a fair wrong answer for
    # the other. Names of one family (`types.kin`) are never offered against each other either.
    mine = {w.casefold() for w in distinctive_words([a], common, parts=False)} - heads
    theirs = {w.casefold() for w in distinctive_words([b], common, parts=False)} - heads
    return bool(mine & theirs) or kin(a, b)
