"""What a finished attempt's review shows for each question: the learner's answer and the right one, in words.

One function per question type for each side, chosen from a table (`GIVEN`, `RIGHT`), so a new type adds its
two functions here and nothing else changes. Orders are ordered (numbered) lists; everything else is a plain
list. The right answer is only ever built for an answered question: a question left unanswered keeps its answer
hidden, so it can still be practised as unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from content.models import Choice, Question


@dataclass(frozen=True)
class AnswerText:
    lines: tuple[str, ...]
    ordered: bool = False  # an order: shown as a numbered list


def _by_role(choices: Sequence[Choice], role: str) -> list[Choice]:
    return sorted((c for c in choices if c.role == role), key=lambda c: c.position)


def _given_options(choices: Sequence[Choice], response: dict) -> AnswerText:
    chosen = set(response.get("selected", []))
    return AnswerText(tuple(c.text for c in _by_role(choices, Choice.Role.OPTION) if c.key in chosen))


def _right_options(choices: Sequence[Choice]) -> AnswerText:
    return AnswerText(tuple(c.text for c in _by_role(choices, Choice.Role.OPTION) if c.is_correct))


def _given_order(choices: Sequence[Choice], response: dict) -> AnswerText:
    text = {c.key: c.text for c in choices if c.role == Choice.Role.STEP}
    return AnswerText(tuple(text[k] for k in response.get("order", []) if k in text), ordered=True)


def _right_order(choices: Sequence[Choice]) -> AnswerText:
    return AnswerText(tuple(c.text for c in _by_role(choices, Choice.Role.STEP)), ordered=True)


def _given_matches(choices: Sequence[Choice], response: dict) -> AnswerText:
    matches = {c.key: c.text for c in choices if c.role == Choice.Role.MATCH}
    chosen = response.get("matches", {})
    return AnswerText(
        tuple(
            f"{p.text} → {matches.get(chosen.get(p.key, ''), '—')}"
            for p in _by_role(choices, Choice.Role.PROMPT)
        )
    )


def _right_matches(choices: Sequence[Choice]) -> AnswerText:
    matches = {c.key: c.text for c in choices if c.role == Choice.Role.MATCH}
    return AnswerText(
        tuple(f"{p.text} → {matches.get(p.match_key, '?')}" for p in _by_role(choices, Choice.Role.PROMPT))
    )


GIVEN: dict[str, Callable[[Sequence[Choice], dict], AnswerText]] = {
    Question.Type.SINGLE: _given_options,
    Question.Type.MULTIPLE: _given_options,
    Question.Type.ORDERING: _given_order,
    Question.Type.MATCHING: _given_matches,
}
RIGHT: dict[str, Callable[[Sequence[Choice]], AnswerText]] = {
    Question.Type.SINGLE: _right_options,
    Question.Type.MULTIPLE: _right_options,
    Question.Type.ORDERING: _right_order,
    Question.Type.MATCHING: _right_matches,
}


def given_answer(question: Question, response: dict | None) -> AnswerText:
    """The learner's answer in words (uses the question's prefetched choices)."""
    return GIVEN[question.type](list(question.choices.all()), response or {})


def right_answer(question: Question) -> AnswerText:
    """The right answer in words (uses the question's prefetched choices)."""
    return RIGHT[question.type](list(question.choices.all()))
