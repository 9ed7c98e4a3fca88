"""The question kinds (see the package docstring): each builds candidates from concepts and hands them to the
gate."""

from __future__ import annotations

import hashlib
import itertools
import re

from content import model as m
from content.generate.gate import Rejection
from content.generate.text import (
    MASK,
    MAX_OPTIONS,
    WORDS,
    _clauses,
    _lower_first,
    _names,
    _order,
    _quote,
    _topic_title,
    _words,
    echoed_word,
    leaked_word,
    make_key,
    mask,
    names_in,
    overlapping,
    points_elsewhere,
    tidy,
)
from content.generate.types import OTHER, same_type
from content.notes import NoteConcept

# The kind each form of question records first in its tags (docs/bank-format.md, `load_notes --json`).
KIND_OF = {"describe-term": "recall", "term-statement": "recall"}
STATEMENT_LOOK = 40  # look-alikes a statement item looks through for wrong statements (the cost stays linear)
THIN_WORDS = 4  # content words a recall item's stem (or right statement) needs to tell a concept apart
# Plural nouns that make a name a category of things ("Python API libraries"), not one of them.
CATEGORY_WORDS = frozenset(
    [
        "libraries",
        "tools",
        "services",
        "options",
        "sdks",
        "apis",
        "types",
        "kinds",
        "methods",
        "ways",
        "products",
    ]
)
# Words that judge rather than describe: a statement made of them says nothing of what the thing is.
EVALUATIVE = frozenset(
    [
        "simplest",
        "simple",
        "easiest",
        "easy",
        "recommended",
        "default",
        "best",
        "better",
        "good",
        "great",
        "fast",
        "faster",
        "fastest",
        "cheap",
        "cheaper",
        "cheapest",
        "popular",
        "common",
        "usual",
        "preferred",
        "standard",
        "basic",
        "new",
        "newer",
        "old",
        "older",
        "classic",
        "modern",
    ]
)


# A side remark (how fast or cheap it is, what it runs on or supports, what AWS now recommends instead, its unit)
# says little of what a thing is: a clue or a description made only of such remarks fits its rivals too.
SIDE_REMARK_RE = re.compile(
    r"^(?:it\s+|_____\s+)?(?:"
    r"(?:trains|runs|works|scales|starts|is|are)\s+(?:very\s+)?"
    r"(?:quick(?:ly)?|fast(?:er)?|cheap(?:ly)?|efficient(?:ly)?)\b"  # "Trains quickly on large tables"
    r"|optimi[sz]ed\s+for\b|supports\b|available\s+(?:in|on|for)\b|also\b"  # "Optimized for multi-core CPUs"
    r"|(?:aws\s+)?(?:now\s+)?recommends\b"  # "AWS now recommends a newer mode instead"
    r"|same\s+units?\b)",  # "Same unit as the target"
    re.I,
)


def side_remark(text: str) -> bool:
    """Whether a fact (or a statement made of one) is only a side remark (`SIDE_REMARK_RE`)."""
    return bool(SIDE_REMARK_RE.match(text.strip()))


# A statement about a named part ("Offline store: history in S3 …" under Feature Store) describes the part, not the
# thing: as a statement on its own it reads as a fragment. A list label ("Features: …") is not a part.
PART_LABEL_RE = re.compile(
    r"^(?!(?:key\s+)?(?:features?|capabilities|use\s+cases?|examples?|pros|cons|benefits|limits|limitations)\s*:)"
    r"[A-Za-z][\w/-]*(?:\s+[\w/-]+){0,2}:\s",
    re.I,
)
# A statement worded as a use ("Good for thousands of similar models"): beside statements that say what things
# are, its form alone gives it away.
USE_RE = re.compile(
    r"^(?:(?:good|best|great|ideal|useful|used|handy)\s+(?:for|when)|use\s+(?:it\s+)?(?:when|for|if)"
    r"|pick\s+(?:it\s+)?when)\b",
    re.I,
)


# Words that every option of a set may share: they tell nothing apart ("Supervised, index-based method.").
GENERIC = frozenset(["supervised", "unsupervised", "method", "model", "models", "algorithm", "technique", "tool",
                     "service", "based", "approach", "way", "type", "kind"])  # fmt: skip


def too_few_words(text: str) -> bool:
    """Fewer than `THIN_WORDS - 1` words that describe rather than judge ("Simplest; recommended default.") or
    name only a class of things ("Supervised, index-based method.")."""
    return len(_words(text) - EVALUATIVE - GENERIC) < THIN_WORDS - 1


def says_little(text: str) -> bool:
    """Whether a statement (names already hidden) is too thin to stand alone: a side remark, too few words, or a
    statement about a named part of it."""
    return side_remark(text) or too_few_words(text) or bool(PART_LABEL_RE.match(text.strip()))


class Kinds:
    """Mixed into the generator, with `Likeness` (distractors) and `Gate` (`add`)."""

    def recall(self, concept: NoteConcept) -> None:
        """One recall item per concept: "which term is this?" when its facts say enough to tell it apart,
        otherwise "which statement describes it?" (two on one concept would give each other away)."""
        if not self.describe_term(concept):
            self.term_statement(concept)

    def ranked_facts(self, concept: NoteConcept) -> list:
        """The concept's facts, most distinctive first: the most words that no other concept of its heading
        uses, then the order of the notes. Facts that spell a word of the name come last (and are noted in
        `self._leaking`)."""
        cache = self.__dict__.setdefault("_ranked", {})
        if concept.term not in cache:
            names = _names(concept)
            counts = self.topic_words(concept.topic)
            own = _words(" ".join(f.text for f in concept.facts))

            def distinct(words: set[str]) -> int:
                # A word no other concept of the heading uses: counted only by this concept, if at all.
                return sum(1 for w in words if counts.get(w, 0) - (w in own) <= 0)

            facts = [(f, _words(mask(f.text, names))) for f in concept.facts if not points_elsewhere(f.text)]
            facts = [(f, words) for f, words in facts if len(words) >= 2]
            leaking = self.__dict__.setdefault("_leaking", {})[concept.term] = {
                f for f, _ in facts if leaked_word(mask(f.text, names), names, self.common_words)
            }
            cache[concept.term] = [
                f
                for f, _ in sorted(
                    facts,
                    key=lambda pair: (
                        pair[0] in leaking,
                        side_remark(pair[0].text),
                        # The defining sentence first, when it says enough: a clue should say what the thing is,
                        # not only a side remark ("Optimized for multi-core CPUs").
                        not (pair[0] is concept.facts[0] and len(pair[1]) >= THIN_WORDS - 1),
                        -distinct(pair[1]),
                        concept.facts.index(pair[0]),
                    ),
                )
            ]
        return cache[concept.term]

    def topic_words(self, topic: tuple[str, ...]) -> dict[str, int]:
        """How many concepts of a heading use each word in their facts (worked out once per heading)."""
        cache = self.__dict__.setdefault("_topic_words", {})
        if topic not in cache:
            counts: dict[str, int] = {}
            for other in self.by_topic.get(topic, []):
                for word in _words(" ".join(f.text for f in other.facts)):
                    counts[word] = counts.get(word, 0) + 1
            cache[topic] = counts
        return cache[topic]

    def describe_term(self, concept: NoteConcept) -> bool:
        key = make_key("describe", concept.term)
        names = _names(concept)
        ranked = self.ranked_facts(concept)
        # Facts that spell a word of the name ("nearest neighbors" for K-Nearest Neighbors) only when every
        # fact does (then the gate refuses the item and the statement kind is tried).
        leaking = self._leaking[concept.term]  # worked out with the ranking
        usable = [f for f in ranked if f not in leaking]
        # Thin facts ("Decision tree.") and remarks made far from the concept's own lines ("Studio needs an
        # execution role" in a troubleshooting list) say little to tell it apart: only to make up two clues.
        telling = [f for f in usable if not too_few_words(mask(f.text, names)) and not _stray(f, concept)]
        facts = telling[:3]
        facts += [f for f in usable if f not in facts][: max(0, 2 - len(facts))]
        facts = facts or ranked[:3]
        # In the notes' order, the most distinctive three.
        facts = sorted(facts, key=concept.facts.index)
        self.used.setdefault(concept.term, set()).update(f.text for f in facts)
        # A fact that names the concept reads as a gap to fill ("_____ needs an execution role"): "it" there.
        shown = [_full_stop(_it(tidy(mask(f.text, names)))) for f in facts]
        if all(side_remark(f.text) for f in facts):
            self.rejected.append(
                Rejection(
                    "recall",
                    (concept.term,),
                    "only side remarks are left once the term is hidden (how fast or cheap it is, what it "
                    "supports)",
                    concept.lines[0],
                )
            )
            return False
        if sum(len(_words(t)) for t in shown) < THIN_WORDS or (usable and not telling):
            self.rejected.append(
                Rejection(
                    "recall",
                    (concept.term,),
                    "too little left once the term is hidden to tell it apart (fewer than "
                    f"{THIN_WORDS} words)",
                    concept.lines[0],
                )
            )
            return False
        described = "\n".join(f"- {text}" for text in shown)
        shown_text = "\n".join(shown)

        # A look-alike of which the notes say every listed fact too would be a second right answer; one of another
        # family of its sort (a resampling method against a scaling clue) is struck out at a glance.
        def fair(c) -> bool:
            return (
                self.family_rank(c, concept) < 2
                and not _category(c)
                and not overlapping(c.term, concept.term, self.common_words)
                and not names_in(shown_text, _names(c))  # "harmonic mean of precision and …"
                and not names_in(c.term, names)
                and not names_in(concept.term, _names(c))
                and not self.fits_all(shown, c)
            )

        # Of the answer's sort when the notes have two or more such look-alikes; otherwise the nearest others
        # whose sort nothing says (never one of another known sort: a canary shift against inference options).
        # (Each walk looks at a bounded number of look-alikes, so the cost stays linear in the notes.)
        chosen = list(itertools.islice(filter(fair, self.alike(concept, strict=True)), MAX_OPTIONS - 1))
        if len(chosen) < 2:
            nearest = itertools.islice(self.alike(concept), STATEMENT_LOOK)
            rest = (c for c in nearest if c not in chosen and self.may_stand_beside(c, concept) and fair(c))
            chosen += list(itertools.islice(rest, MAX_OPTIONS - 1 - len(chosen)))
        # Two look-alikes from the answer's own heading, or of its family, make a fairer item than a third from
        # elsewhere.
        for keep in (
            lambda c: c.topic == concept.topic,
            lambda c: self.family_rank(c, concept) <= 1,
            lambda c: self.family_rank(c, concept) == 0,
        ):
            near = [c for c in chosen if keep(c)]
            if len(near) >= 2:
                chosen = near
        wrong = [
            m.Option(c.term, False, f"Your notes describe {c.term} differently (line {c.lines[0]}).")
            for c in chosen
        ]
        right = [m.Option(concept.term, True, f"This is what your notes say about {concept.term}.")]
        # Named as an exam names it ("Which tuning strategy …?") when the options are of one known sort.
        stem = f"Which {self._sort_word([concept, *chosen])} matches this description?\n\n{described}"
        return self.add(
            self._single(
                key, "describe-term", concept, stem, _order(key, right, wrong), _quote(concept, facts)
            ),
            "recall",
            names,
            (concept.term,),
            concept.lines[0],
            hint_free=("stem", names),
        )

    def term_statement(self, concept: NoteConcept) -> None:
        key = make_key("statement", concept.term)
        names = _names(concept)
        statement, fact = self._statement_and_fact(concept)
        # Three words that say what it does, not only how good it is ("Simplest; recommended default.").
        if says_little(statement):
            self.rejected.append(
                Rejection(
                    "recall",
                    (concept.term,),
                    "no statement of it says enough once the term is hidden"
                    + (f" (“{statement}”)" if statement else ""),
                    concept.lines[0],
                )
            )
            return False
        wrong = []
        use = bool(USE_RE.match(statement))
        # Statements of look-alikes of the answer's sort first; of other sorts only if fewer than two are fair.
        strict = list(itertools.islice(self.alike(concept, strict=True), STATEMENT_LOOK))
        taken = {c.term for c in strict}
        rest = (c for c in self.alike(concept) if c.term not in taken and self.may_stand_beside(c, concept))
        for other in itertools.chain(strict, itertools.islice(rest, STATEMENT_LOOK)):
            if len(wrong) >= 2 and other.term not in taken:
                break
            if self.family_rank(other, concept) == 2 or _category(other):
                # Of another family of its sort: struck out at a glance. A category line ("Python API libraries
                # → import inside your code"): what it says is true of its members too.
                continue
            text = self._statement_and_fact(other, use=use)[0]
            if (
                text
                # "Same unit as the target" (RMSE's) is true of MAE as well; "Offline store: …" is a fragment.
                and not says_little(text)
                and not overlapping(other.term, concept.term, self.common_words)
                and not names_in(text, names)
                and text.casefold() != statement.casefold()
                and not self.true_of(text, concept)  # a statement also true of the answer is a second answer
            ):
                wrong.append(m.Option(text, False, f"This describes {other.term} (line {other.lines[0]})."))
            if len(wrong) == MAX_OPTIONS - 1:
                break
        if use and sum(bool(USE_RE.match(o.text)) for o in wrong) < min(2, len(wrong)):
            self.rejected.append(
                Rejection(
                    "recall",
                    (concept.term,),
                    "its one telling statement is worded as a use (“Good for …”) and the others' are not: the "
                    f"form would give it away (“{statement}”)",
                    concept.lines[0],
                )
            )
            return False
        right = [m.Option(statement, True, f"Your notes on {concept.term} (line {concept.lines[0]}).")]
        stem = f"Which statement describes **{concept.term}**?"
        return self.add(
            self._single(
                key,
                "term-statement",
                concept,
                stem,
                _order(key, right, wrong),
                # The fact the right statement comes from first.
                _quote(concept, [fact, *(f for f in concept.facts if f is not fact)] if fact else None),
            ),
            "recall",
            [],
            (concept.term,),
            concept.lines[0],
            hint_free=("key", names),
        )

    def _statement_and_fact(
        self, concept: NoteConcept, fresh: bool = False, use: bool = False
    ) -> tuple[str, object]:
        """The concept's most distinctive fact long enough to stand alone, with its name replaced by "it", and the
        fact it came from (for the explanation); one that spells no word of the name and says enough on its own
        (`says_little`) is preferred. `fresh`: one that its recall item did not show, if any (so that one sentence
        is not the whole of several items). `use`: one worded as a use ("Good for …"), if any, to stand beside a
        right statement of that form."""
        names = _names(concept)
        ranked = self.ranked_facts(concept)
        if fresh:
            # One that its recall item did not show first, unless it is thin or a side remark ("AWS now recommends
            # a newer mode instead" describes Pipe Mode by elimination only): then the best one again.
            shown = self.used.get(concept.term, set())
            ranked = sorted(
                ranked,
                key=lambda f: (
                    side_remark(f.text) or too_few_words(mask(f.text, names)),
                    f.text in shown,
                ),
            )
        if use:
            ranked = sorted(ranked, key=lambda f: not USE_RE.match(f.text))
        thin, leaking = [], []
        for fact in ranked:
            text = tidy(mask(fact.text, names))
            if len(text.replace(MASK, "").strip(" .,:;-")) >= 12:
                text = text.replace(MASK, "it")
                text = text[:1].upper() + text[1:] if len(text) <= 220 else text[:217].rstrip() + "…"
                if leaked_word(text, names, self.common_words):
                    leaking.append((text, fact))
                elif says_little(text):
                    thin.append((text, fact))
                else:
                    return text, fact
        return (thin + leaking)[0] if thin or leaking else ("", None)

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
            if (
                not 2 <= len(have) <= 4
            ):  # most facts have one holder: the costlier check below is for the rest
                continue
            # Options of the holders' sort only: an input mode beside storage services ("which two need a VPC?")
            # is struck out by its sort alone. Two of them at least, or the last option is a giveaway.
            sorts = {self.types[c.term] for c in have}
            if len(sorts) != 1:
                continue
            # Siblings first, then look-alikes of that sort from elsewhere in the notes.
            nearby = itertools.chain(
                siblings, itertools.islice(self.alike(have[0], strict=True), STATEMENT_LOOK)
            )
            lack = []
            for c in nearby:
                if (
                    c not in have
                    and c not in lack
                    and self.types[c.term] in sorts
                    and not overlapping(c.term, have[0].term, self.common_words)
                    and not self.true_of(mask(wording[norm], _names(c)), c)
                ):
                    lack.append(c)
                if len(lack) == 6 - len(have):
                    break
            if len(lack) < 2:
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
                tags=("multiple", "shared-fact"),
                concepts=tuple(c.term for c in have),
                options=tuple(options),
                explanation=f"{explanation}\n\nThe others are described differently in your notes.",
                source=self.doc.source,
                source_lines=tuple(sorted({c.lines[0] for c in have})),
            )
            self.add(question, "multiple", [], tuple(c.term for c in have), have[0].lines[0])

    def matching(self, members: list[NoteConcept], title: str) -> None:
        # Terms of the heading's most common sort only (algorithms, not the components PC1 and PC2 beside them).
        # Not the heading's own concept beside its parts (`SageMaker SDKs` over Boto3), nor a category line
        # (`Python API libraries → …`): each would fit several descriptions.
        members = [
            c
            for c in members
            if c.term.casefold() != (title or "").casefold()
            and c.term.split()[-1].casefold() not in CATEGORY_WORDS
        ]
        if not members:
            return
        sorts = [self.types[c.term] for c in members]
        main = max(dict.fromkeys(sorts), key=sorts.count)
        members = [c for c, sort in zip(members, sorts, strict=True) if same_type(sort, main)]
        pairs = []
        chosen = members[:7]
        facts = {}  # the fact each pair's description comes from, quoted in the explanation
        for concept in chosen:
            text, facts[concept.term] = self._statement_and_fact(concept, fresh=True)
            others = [c for c in chosen if c is not concept]
            # A description that spells its own term, names another term of the set, or that the notes also
            # give of another term of the set would give a pair away or match two prompts.
            if (
                text
                and not says_little(text)
                and not leaked_word(text, _names(concept), self.common_words)
                # "Model-based imputation → Trains a model…": a word of its own term no other term of the set has
                and not echoed_word(text, [concept.term], [c.term for c in others])
                and not any(names_in(text, _names(c)) for c in others)
                and not any(self.true_of(text, c) for c in others)
            ):
                pairs.append(m.Pair(concept.term, text if len(text) <= 160 else text[:157].rstrip() + "…"))
        if len(pairs) < 3:
            if len(members) >= 3:
                self.rejected.append(
                    Rejection(
                        "match",
                        tuple(c.term for c in members),
                        "fewer than 3 terms have a description",
                        members[0].lines[0],
                    )
                )
            return
        key = make_key("match", title or "your notes")
        question = m.Question(
            key=key,
            type=m.MATCHING,
            # The heading is the question's topic on the card; the stem names the sort as an exam does.
            stem=f"Match each {self._sort_word([self.by_term[p.prompt] for p in pairs])} to its description.",
            topic=_topic_title(members[0].topic),
            difficulty="medium",
            tags=("match", "matching"),
            concepts=tuple(p.prompt for p in pairs),
            pairs=tuple(pairs),
            explanation="\n\n".join(_quote(self.by_term[p.prompt], [facts[p.prompt]]) for p in pairs),
            source=self.doc.source,
            source_lines=tuple(sorted({self.by_term[p.prompt].lines[0] for p in pairs})),
        )
        self.add(question, "match", [], question.concepts, members[0].lines[0])

    def _sort_word(self, concepts: list[NoteConcept]) -> str:
        """What the concepts are, when all are of one known sort ("tuning strategy", "built-in algorithm");
        "term" otherwise."""
        sorts = {self.types[c.term] for c in concepts}
        return self._kind_word(concepts) if len(sorts) == 1 and OTHER not in sorts else "term"

    def _single(self, key, kind, concept, stem, options, quoted) -> m.Question:
        return m.Question(
            key=key,
            type=m.SINGLE,
            stem=stem,
            topic=_topic_title(concept.topic),
            difficulty="easy" if kind == "term-statement" else "medium",
            tags=(KIND_OF[kind], kind),
            concepts=tuple(
                dict.fromkeys(
                    [concept.term] + [o.text for o in options if o.correct and o.text in self.by_term]
                )
            ),
            options=tuple(options),
            explanation=(
                f"The right statement is {_quoted_sentence(next(o.text for o in options if o.correct))} Your "
                f"notes on **{concept.term}** say:\n\n{quoted}"
                if kind == "term-statement"
                else f"The answer is **{concept.term}**. Your notes say:\n\n{quoted}"
            ),
            source=self.doc.source,
            source_lines=tuple(concept.lines),
        )


def _quoted_sentence(text: str) -> str:
    """A statement in quotation marks that ends a sentence: “… GPUs.”, not “… GPUs.”."""
    return f"“{text}”" if text[-1:] in ".!?…" else f"“{text}”."


def _stray(fact, concept: NoteConcept) -> bool:
    """A fact written more than three lines away from the concept's other facts and from its first line."""
    return (
        all(abs(fact.line - other.line) > 3 for other in concept.facts if other is not fact)
        and abs(fact.line - concept.lines[0]) > 3
    )


def _full_stop(text: str) -> str:
    """A clue as a sentence: with a full stop when the notes left it off ("Shrinks all weights, none to zero")."""
    return f"{text}." if re.search(r"[\w)%]$", text) else text


def _it(text: str) -> str:
    """A clue with the concept's name masked, with "it" in the gap ("It needs an execution role …")."""
    if MASK not in text:
        return text
    text = text.replace(MASK, "it")
    return text[:1].upper() + text[1:] if text.startswith("it") else text


def _category(concept: NoteConcept) -> bool:
    """A name for a kind of things ("Python API libraries"), not one of them (`CATEGORY_WORDS`)."""
    return concept.term.split()[-1].casefold() in CATEGORY_WORDS
