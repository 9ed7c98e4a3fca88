"""The quality gate every candidate question passes before it joins the bank, and what it records when it
refuses one (a `Rejection`, with the reason, shown in the preview and `load_notes --json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from content import model as m
from content.generate.text import (
    MASK,
    _claims,
    _names,
    claims,
    echoed_word,
    leaked_word,
    mask,
    names_in,
    said_of,
)


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


class Gate:
    """Mixed into the generator: `questions`, `rejected`, `keys` and `common_words` are set by it."""

    def said(self, concept) -> list[frozenset[str]]:
        """What the notes say of `concept`: the content words of each fact and of each of its clauses, with the
        concept's names masked (worked out once per concept)."""
        cache = self.__dict__.setdefault("_said", {})
        if concept.term not in cache:
            names = _names(concept)
            found: list[frozenset[str]] = []
            for fact in concept.facts:
                text = mask(fact.text, names)
                found.extend(claims(text))
                found.append(frozenset().union(*claims(text)) if claims(text) else frozenset())
            cache[concept.term] = [f for f in found if f]
        return cache[concept.term]

    def _said_words(self, concept) -> frozenset[str]:
        """Every content word the notes say of `concept` (worked out once per concept)."""
        cache = self.__dict__.setdefault("_said_words_cache", {})
        if concept.term not in cache:
            cache[concept.term] = frozenset().union(*self.said(concept))
        return cache[concept.term]

    def true_of(self, text: str, concept) -> bool:
        """Whether a statement (names masked) says something the notes say of `concept`: all of it or one of
        its clauses is said of it, or it contains a whole clause of two or more words said of it ("Scales to
        high throughput, requires VPC" offered against EFS, which requires a VPC too)."""
        said = self.said(concept)
        parts = claims(text)
        whole = frozenset().union(*parts) if parts else frozenset()
        return (
            said_of(whole, said)
            or any(len(p) >= 2 and said_of(p, said) for p in parts)
            or any(len(fact) >= 2 and fact <= whole for fact in said)
        )

    def fits_all(self, texts: list[str], concept) -> bool:
        """Whether all that `texts` say (the facts a stem lists, each clause of each) is also said of
        `concept`: then it is a second defensible answer."""
        said = self.said(concept)
        every = self._said_words(concept)
        for text in texts:
            parts = _claims(text)
            # Cheap first (most look-alikes stop here): some claim of the text must at least use only words said
            # of the concept.
            for part in parts:
                if part <= every:
                    break
            else:
                return False
            whole = frozenset().union(*parts) if parts else frozenset()
            if not (said_of(whole, said) or (parts and all(said_of(p, said) for p in parts))):
                return False
        return bool(texts)

    def add(
        self,
        question: m.Question,
        kind: str,
        answer_names: list[str],
        concepts: tuple[str, ...],
        line: int,
        *,
        hint_free: tuple[str, list[str]] | None = None,
    ) -> bool:
        """Keep the candidate (True) or record why not. `answer_names` must not appear in the stem; `hint_free`
        ("stem" or "key", names) says where not even a distinctive word of those names may appear (the stem of
        "which term is this?", the right statement of "which statement describes X?")."""
        texts = [o.text for o in question.options] or [p.match for p in question.pairs]
        reason = ""
        least = 4 if question.type == m.MULTIPLE else 3  # as the bank file format asks
        if len(texts) < least:
            reason = f"only {len(texts)} options ({least} or more are needed)"
        elif len({t.casefold().strip() for t in texts}) != len(texts):
            reason = "two options are the same"
        elif any(not t.strip() or t.strip() == MASK for t in texts):
            reason = "an option is empty"
        elif answer_names and names_in(question.stem, answer_names):
            reason = "the question text gives the answer away"
        elif hint_free and (
            word := leaked_word(_where(question, hint_free[0]), hint_free[1], self.common_words)
        ):
            reason = f"the {'question text' if hint_free[0] == 'stem' else 'right answer'} gives it away (“{word}”)"
        elif hint_free and (word := _echoed(question, hint_free)):
            reason = (
                f"the question text repeats “{word}” from the answer's name and no other option's"
                if hint_free[0] == "stem"
                else f"the right answer repeats “{word}” from the term and no other option does"
            )
        elif question.type == m.SINGLE and sum(o.correct for o in question.options) != 1:
            reason = "not exactly one right answer"
        elif len(question.stem) > 1500:
            reason = "the question text is too long"
        if reason:
            self.rejected.append(Rejection(kind, concepts, reason, line))
            return False
        if question.key in self.keys:
            return True
        self.keys.add(question.key)
        self.questions.append(question)
        return True


def _echoed(question: m.Question, hint_free: tuple[str, list[str]]) -> str:
    """A word of the answer's name that the stem ("stem": the right option is the name) or the right statement
    ("key": the names are the term's) repeats while no wrong option has it, or ""."""
    where, names = hint_free
    right = [o.text for o in question.options if o.correct] if where == "stem" else names
    return echoed_word(_where(question, where), right, [o.text for o in question.options if not o.correct])


def _where(question: m.Question, where: str) -> str:
    if where == "stem":
        return question.stem
    return " ".join(o.text for o in question.options if o.correct)
