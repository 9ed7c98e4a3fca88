"""Questions from parsed notes: the kinds the real exam uses, each traced back to the lines it came from.

Plain Python, no Django. `generate(doc, slug=..., title=...)` returns a `Generation`: a `content.model.Bank` and the
candidates the quality gate rejected, with reasons. Deterministic: the same notes give the same questions in the
same order.

Kinds (the tag on each question says which):
- `describe-term`: the concept's facts with its name masked; which term is it? Distractors by likeness: siblings
  under the same heading, then terms sharing a head word, then the rest of the notes.
- `term-statement`: which statement describes the term? Distractor statements come from siblings and never name
  the answer.
- `scenario`: for a group of look-alikes (File vs Pipe vs Fast File mode), a situation built from the facts that
  set one member apart; the options are the group.
- `shared-fact`: multiple response, when several siblings share a fact the others lack ("which two require a VPC").
- `matching`: 3-7 terms of one topic or group to their short descriptions.

Keys come from the kind and the concepts (never the wording), so editing a sentence keeps a learner's history.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from content import model as m
from content.notes import NoteConcept, NotesDocument, NoteTopic

MAX_OPTIONS = 4
MASK = "_____"
WORDS = {2: "TWO", 3: "THREE", 4: "FOUR"}
STOP = {
    "a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "is", "are", "be", "by", "with", "it", "its", "as",
    "at", "from", "that", "this", "can", "use", "used", "not", "no", "so", "e", "g", "eg", "ex", "good", "best",
}  # fmt: skip


@dataclass(frozen=True)
class Rejection:
    kind: str
    concepts: tuple[str, ...]
    reason: str
    line: int


@dataclass
class Generation:
    bank: m.Bank
    rejected: list[Rejection] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def make_key(kind: str, *parts: str) -> str:
    """A stable key of 3-80 characters from the kind and concept names (shortened with a hash when long)."""
    key = "-".join(["n", kind, *(_slug(p) for p in parts)])
    if len(key) > 80:
        digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:8]
        key = f"{key[:71].rstrip('-')}-{digest}"
    return key


def _names(concept: NoteConcept) -> list[str]:
    return [concept.term, *concept.aliases]


def _name_re(names: list[str]) -> re.Pattern:
    return _compiled_name_re(tuple(names))


@functools.lru_cache(maxsize=4096)
def _compiled_name_re(names: tuple[str, ...]) -> re.Pattern:
    alternatives = sorted({re.escape(n) for n in names if n.strip()}, key=len, reverse=True)
    # Word boundaries that also work for names with punctuation (K-Nearest, Seq2Seq); plurals and possessives too.
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?:'s|s|es)?(?![\w-])", re.IGNORECASE)


def _may_contain(text: str, names: list[str]) -> bool:
    """A cheap necessary condition for a name match (a substring, ignoring case): most texts name none of the
    names, and this spares compiling and running each concept's pattern on them."""
    folded = text.casefold()
    return any(n.strip() and n.casefold() in folded for n in names)


def mask(text: str, names: list[str]) -> str:
    return _name_re(names).sub(MASK, text) if names and _may_contain(text, names) else text


def names_in(text: str, names: list[str]) -> bool:
    return bool(names) and _may_contain(text, names) and bool(_name_re(names).search(text))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in STOP and len(w) > 1}


def _clauses(text: str) -> list[str]:
    """A fact split at commas and semicolons that are not inside parentheses."""
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


def _quote(concept: NoteConcept, facts=None) -> str:
    facts = facts if facts is not None else concept.facts
    lines = [f"> **{concept.term}** — {f.text} (line {f.line})" for f in facts[:4]]
    if not lines:
        lines = [f"> **{concept.term}** — {concept.definition} (line {concept.lines[0]})"]
    return "\n>\n".join(lines)


def _order(key: str, right: list, wrong: list) -> list:
    """Put the right answer(s) at a position derived from the key: deterministic, yet not always first."""
    options = list(wrong)
    for i, item in enumerate(right):
        at = (int(hashlib.sha1(f"{key}{i}".encode(), usedforsecurity=False).hexdigest(), 16)) % (
            len(options) + 1
        )
        options.insert(at, item)
    return options


def _outward(positions: list[int], here: int) -> Iterator[int]:
    """The sorted `positions`, nearest to `here` first (the earlier one first at equal distance)."""
    right = bisect.bisect_left(positions, here)
    left = right - 1
    while left >= 0 or right < len(positions):
        if right >= len(positions) or (left >= 0 and here - positions[left] <= positions[right] - here):
            yield positions[left]
            left -= 1
        else:
            yield positions[right]
            right += 1


class _Generator:
    def __init__(self, doc: NotesDocument, slug: str, title: str) -> None:
        self.doc = doc
        self.slug = slug
        self.title = title
        self.concepts = [c for c in doc.concepts if c.facts or c.definition]
        self.by_term = {c.term: c for c in self.concepts}
        self.position = {c.term: i for i, c in enumerate(self.concepts)}
        self._index_groups()
        self.questions: list[m.Question] = []
        self.rejected: list[Rejection] = []
        self.keys: set[str] = set()

    # --- likeness ----------------------------------------------------------------------------------------
    def _index_groups(self) -> None:
        """Concept positions grouped once by topic, head word and parent topic (and by pairs of them), so that
        `similar` walks small groups instead of sorting every concept for every concept."""
        self.groups: dict[tuple, list[int]] = {}
        for i, c in enumerate(self.concepts):
            head = c.term.split()[-1].casefold()
            parent = c.topic[:-1] if len(c.topic) > 1 else None
            keys = [("topic", c.topic), ("head", head), ("topic+head", c.topic, head), ("all",)]
            if parent is not None:
                keys += [("parent", parent), ("parent+head", parent, head)]
            for key in keys:
                self.groups.setdefault(key, []).append(i)

    def similar(self, concept: NoteConcept, at: int | None = None) -> Iterator[NoteConcept]:
        """Other concepts, most alike first: same heading, then same head word, then same parent, then the rest;
        nearer in the notes first within each. Lazy: callers take the first few, so the cost grows with what
        they take, not with the square of the notes' length."""
        here = self.position[concept.term] if at is None else at
        head = concept.term.split()[-1].casefold()
        parent = concept.topic[:-1] if len(concept.topic) > 1 else None

        def same_topic(c):
            return c.topic == concept.topic

        def same_head(c):
            return c.term.split()[-1].casefold() == head

        def same_parent(c):
            return parent is not None and c.topic[:-1] == parent

        # (group to walk, what else must hold) for each rank, best first: the order of the tuple
        # (not same topic, not same head, not same parent, distance).
        tiers = [
            (("topic+head", concept.topic, head), lambda c: True),
            (("topic", concept.topic), lambda c: not same_head(c)),
        ]
        if parent is not None:
            tiers.append((("parent+head", parent, head), lambda c: not same_topic(c)))
        tiers.append((("head", head), lambda c: not same_topic(c) and not same_parent(c)))
        if parent is not None:
            tiers.append((("parent", parent), lambda c: not same_topic(c) and not same_head(c)))
        tiers.append((("all",), lambda c: not same_topic(c) and not same_head(c) and not same_parent(c)))
        for key, keep in tiers:
            for i in _outward(self.groups.get(key, []), here):
                other = self.concepts[i]
                if other.term != concept.term and keep(other):
                    yield other

    # --- the gate ----------------------------------------------------------------------------------------
    def add(
        self, question: m.Question, kind: str, answer_names: list[str], concepts: tuple[str, ...], line: int
    ) -> None:
        texts = [o.text for o in question.options] or [p.match for p in question.pairs]
        reason = ""
        if len(texts) < 3:
            reason = f"only {len(texts)} options (3 or more are needed)"
        elif len({t.casefold().strip() for t in texts}) != len(texts):
            reason = "two options are the same"
        elif any(not t.strip() or t.strip() == MASK for t in texts):
            reason = "an option is empty"
        elif answer_names and names_in(question.stem, answer_names):
            reason = "the question text gives the answer away"
        elif question.type == m.SINGLE and sum(o.correct for o in question.options) != 1:
            reason = "not exactly one right answer"
        elif len(question.stem) > 1500:
            reason = "the question text is too long"
        if reason:
            self.rejected.append(Rejection(kind, concepts, reason, line))
            return
        if question.key in self.keys:
            return
        self.keys.add(question.key)
        self.questions.append(question)

    # --- kinds -------------------------------------------------------------------------------------------
    def describe_term(self, concept: NoteConcept) -> None:
        key = make_key("describe", concept.term)
        names = _names(concept)
        facts = [f for f in concept.facts if len(mask(f.text, names).replace(MASK, "").strip(" .,:;-")) > 8]
        if not facts:
            self.rejected.append(
                Rejection(
                    "describe-term", (concept.term,), "no fact left once the term is hidden", concept.lines[0]
                )
            )
            return
        described = "\n".join(f"- {mask(f.text, names)}" for f in facts[:3])
        distractors = (
            c
            for c in self.similar(concept)
            if not names_in(c.term, names) and not names_in(concept.term, _names(c))
        )
        wrong = [
            m.Option(c.term, False, f"Your notes describe {c.term} differently (line {c.lines[0]}).")
            for c in itertools.islice(distractors, MAX_OPTIONS - 1)
        ]
        right = [m.Option(concept.term, True, f"This is what your notes say about {concept.term}.")]
        stem = f"Which term do these notes describe?\n\n{described}"
        self.add(
            self._single(
                key, "describe-term", concept, stem, _order(key, right, wrong), _quote(concept, facts)
            ),
            "describe-term",
            names,
            (concept.term,),
            concept.lines[0],
        )

    def term_statement(self, concept: NoteConcept) -> None:
        key = make_key("statement", concept.term)
        names = _names(concept)
        statement = self._statement(concept)
        if not statement:
            self.rejected.append(
                Rejection(
                    "term-statement",
                    (concept.term,),
                    "no statement left once the term is hidden",
                    concept.lines[0],
                )
            )
            return
        wrong = []
        for other in self.similar(concept):
            text = self._statement(other)
            if text and not names_in(text, names) and text.casefold() != statement.casefold():
                wrong.append(m.Option(text, False, f"This describes {other.term} (line {other.lines[0]})."))
            if len(wrong) == MAX_OPTIONS - 1:
                break
        right = [m.Option(statement, True, f"Your notes on {concept.term} (line {concept.lines[0]}).")]
        stem = f"Which statement describes **{concept.term}**?"
        self.add(
            self._single(key, "term-statement", concept, stem, _order(key, right, wrong), _quote(concept)),
            "term-statement",
            [],
            (concept.term,),
            concept.lines[0],
        )

    def _statement(self, concept: NoteConcept) -> str:
        names = _names(concept)
        for fact in concept.facts:
            text = mask(fact.text, names).strip()
            if len(text.replace(MASK, "").strip(" .,:;-")) >= 12:
                text = text.replace(MASK, "it")
                return text[:1].upper() + text[1:] if len(text) <= 220 else text[:217].rstrip() + "…"
        return ""

    def scenario(self, members: list[NoteConcept], title: str) -> None:
        all_names = [n for c in members for n in _names(c)]
        for concept in members:
            siblings = [c for c in members if c.term != concept.term]
            other_words = (
                set().union(*(_words(" ".join(f.text for f in c.facts)) for c in siblings))
                if siblings
                else set()
            )
            scored = sorted(
                concept.facts,
                key=lambda f: (-len(_words(f.text) - other_words), concept.facts.index(f)),
            )
            distinct = [f for f in scored if _words(f.text) - other_words][:2]
            if not distinct:
                self.rejected.append(
                    Rejection(
                        "scenario",
                        (concept.term,),
                        "no fact sets it apart from its look-alikes",
                        concept.lines[0],
                    )
                )
                continue
            needs = "\n".join(
                f"- {_lower_first(mask(f.text, all_names).strip().rstrip('.'))}" for f in distinct
            )
            key = make_key("scenario", title, concept.term)
            pad = list(
                itertools.islice(
                    (c for c in self.similar(concept) if c not in members), max(0, 3 - len(members))
                )
            )
            wrong = [
                m.Option(c.term, False, f"Your notes set {c.term} apart differently (line {c.lines[0]}).")
                for c in siblings + pad
            ]
            right = [m.Option(concept.term, True, "Your notes on it match every requirement.")]
            stem = (
                f"A team is choosing between {self._kind(members)} described in your notes. "
                f"They need the one that fits this description:\n\n{needs}\n\nWhich one fits best?"
            )
            explanation_facts = (
                _quote(concept, distinct) + "\n\n" + "\n\n".join(_quote(c, c.facts[:1]) for c in siblings)
            )
            self.add(
                self._single(
                    key,
                    "scenario",
                    concept,
                    stem,
                    _order(key, right, wrong[: MAX_OPTIONS + 1]),
                    explanation_facts,
                ),
                "scenario",
                _names(concept),
                tuple(c.term for c in members),
                concept.lines[0],
            )

    @staticmethod
    def _kind(members: list[NoteConcept]) -> str:
        heads = {c.term.split()[-1].casefold() for c in members}
        if len(heads) == 1 and len(members[0].term.split()) > 1:
            return f"{len(members)} {members[0].term.split()[-1].lower()}s"
        return f"{len(members)} look-alike options"

    def shared_fact(self, siblings: list[NoteConcept]) -> None:
        """Multiple response: a fact that 2+ siblings share and at least one sibling lacks."""
        holders: dict[str, list[NoteConcept]] = {}
        wording: dict[str, str] = {}
        lines: dict[tuple[str, str], int] = {}
        for concept in siblings:
            for fact in concept.facts:
                for clause in _clauses(fact.text):
                    norm = " ".join(sorted(_words(mask(clause, _names(concept)))))
                    if len(norm) >= 5 and len(norm.split()) <= 6:
                        holders.setdefault(norm, [])
                        if concept not in holders[norm]:
                            holders[norm].append(concept)
                        wording.setdefault(norm, clause.strip().rstrip("."))
                        lines.setdefault((norm, concept.term), fact.line)
        for norm, have in holders.items():
            lack = [c for c in siblings if c not in have]
            if not 2 <= len(have) <= 4 or not lack:
                continue
            count = len(have)
            key = make_key("shared", *sorted(c.term for c in have))
            options = [m.Option(c.term, True, f"Your notes say so (line {c.lines[0]}).") for c in have]
            options += [
                m.Option(c.term, False, f"Your notes do not say this of {c.term}.") for c in lack[: 6 - count]
            ]
            options.sort(
                key=lambda o: hashlib.sha1(f"{key}{o.text}".encode(), usedforsecurity=False).hexdigest()
            )
            phrase = wording[norm]
            stem = (
                f"According to your notes, which {WORDS.get(count, str(count)).lower()} of these share this: "
                f"“{_lower_first(phrase)}”? (Choose {WORDS.get(count, str(count))}.)"
            )
            explanation = "\n\n".join(
                f"> **{c.term}** — {wording[norm]} (line {lines[(norm, c.term)]})" for c in have
            )
            question = m.Question(
                key=key,
                type=m.MULTIPLE,
                stem=stem,
                topic=_topic_title(have[0].topic),
                difficulty="medium",
                tags=("shared-fact",),
                concepts=tuple(c.term for c in have),
                options=tuple(options),
                explanation=f"{explanation}\n\nThe others are described differently in your notes.",
                source=self.doc.source,
                source_lines=tuple(sorted({c.lines[0] for c in have})),
            )
            self.add(question, "shared-fact", [], tuple(c.term for c in have), have[0].lines[0])

    def matching(self, members: list[NoteConcept], title: str) -> None:
        pairs = []
        for concept in members[:7]:
            text = self._statement(concept)
            if text:
                pairs.append(m.Pair(concept.term, text if len(text) <= 160 else text[:157].rstrip() + "…"))
        if len(pairs) < 3:
            if len(members) >= 3:
                self.rejected.append(
                    Rejection(
                        "matching",
                        tuple(c.term for c in members),
                        "fewer than 3 terms have a description",
                        members[0].lines[0],
                    )
                )
            return
        key = make_key("match", title)
        question = m.Question(
            key=key,
            type=m.MATCHING,
            stem=f"Match each term from “{title}” to what your notes say about it.",
            topic=_topic_title(members[0].topic),
            difficulty="medium",
            tags=("matching",),
            concepts=tuple(p.prompt for p in pairs),
            pairs=tuple(pairs),
            explanation="\n\n".join(
                _quote(self.by_term[p.prompt], self.by_term[p.prompt].facts[:1]) for p in pairs
            ),
            source=self.doc.source,
            source_lines=tuple(sorted({self.by_term[p.prompt].lines[0] for p in pairs})),
        )
        self.add(question, "matching", [], question.concepts, members[0].lines[0])

    def _single(self, key, kind, concept, stem, options, quoted) -> m.Question:
        return m.Question(
            key=key,
            type=m.SINGLE,
            stem=stem,
            topic=_topic_title(concept.topic),
            difficulty="easy" if kind == "term-statement" else "medium",
            tags=(kind,),
            concepts=tuple(
                dict.fromkeys(
                    [concept.term] + [o.text for o in options if o.correct and o.text in self.by_term]
                )
            ),
            options=tuple(options),
            explanation=f"The answer is **{concept.term}**. Your notes say:\n\n{quoted}",
            source=self.doc.source,
            source_lines=tuple(concept.lines),
        )

    def run(self) -> Generation:
        for concept in self.concepts:
            self.describe_term(concept)
            self.term_statement(concept)
        for group in self.doc.groups:
            members = [self.by_term[t] for t in group.terms if t in self.by_term]
            if len(members) >= 2:
                self.scenario(members, group.title)
        by_topic: dict[tuple[str, ...], list[NoteConcept]] = {}
        for concept in self.concepts:
            by_topic.setdefault(concept.topic, []).append(concept)
        for topic, siblings in by_topic.items():
            if len(siblings) >= 3:
                self.shared_fact(siblings)
                self.matching(siblings, topic[-1] if topic else "your notes")
        used = {q.topic for q in self.questions}
        topics = tuple(
            m.Topic(title=_topic_title(t.path)) for t in self._unique_topics() if _topic_title(t.path) in used
        )
        concepts = tuple(
            m.Concept(
                term=c.term,
                topic=_topic_title(c.topic),
                definition=c.definition,
                aliases=tuple(c.aliases),
                facts=tuple(f.text for f in c.facts),
                line=c.lines[0],
            )
            for c in self.doc.concepts
        )
        order = {t.title: i for i, t in enumerate(topics)}
        questions = sorted(self.questions, key=lambda q: order.get(q.topic, len(order)))
        bank = m.Bank(
            slug=self.slug, title=self.title, topics=topics, questions=tuple(questions), concepts=concepts
        )
        return Generation(bank=bank, rejected=self.rejected)

    def _unique_topics(self):
        seen = set()
        for topic in self.doc.topics:
            if topic.path not in seen:
                seen.add(topic.path)
                yield topic
        for concept in self.doc.concepts:
            if concept.topic not in seen:
                seen.add(concept.topic)
                yield NoteTopic(concept.topic, concept.lines[0])


def generate(doc: NotesDocument, *, slug: str, title: str) -> Generation:
    return _Generator(doc, slug, title).run()
