"""The quality gate every candidate question passes before it joins the bank, and what it records when it
refuses one (a `Rejection`, with the reason, shown in the preview and `load_notes --json`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from content import model as m
from content.generate.text import MASK, leaked_word, names_in


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

    def add(
        self,
        question: m.Question,
        kind: str,
        answer_names: list[str],
        concepts: tuple[str, ...],
        line: int,
        *,
        hint_free: tuple[str, list[str]] | None = None,
    ) -> None:
        """Keep the candidate or record why not. `answer_names` must not appear in the stem; `hint_free`
        ("stem" or "key", names) says where not even a distinctive word of those names may appear (the stem of
        "which term is this?", the right statement of "which statement describes X?")."""
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
        elif hint_free and (
            word := leaked_word(_where(question, hint_free[0]), hint_free[1], self.common_words)
        ):
            reason = f"the {'question text' if hint_free[0] == 'stem' else 'right answer'} gives it away (“{word}”)"
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


def _where(question: m.Question, where: str) -> str:
    if where == "stem":
        return question.stem
    return " ".join(o.text for o in question.options if o.correct)
