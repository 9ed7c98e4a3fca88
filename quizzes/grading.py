"""Grading responses: pure rules, no database.

A question's answer key (`AnswerKey`) is built from its choices; a learner's response is a small dict whose
shape depends on the question type:

- single:   {"selected": ["<option key>"]}
- multiple: {"selected": ["<option key>", ...]}
- ordering: {"order": ["<step key>", ...]}              every step once
- matching: {"matches": {"<prompt key>": "<match key>"}} every prompt once

`parse_form` turns posted form data into that shape; `validate` refuses anything malformed (unknown keys, the
wrong count, the wrong shape) with a `ResponseError` whose message is shown to the learner; only a valid
response is ever graded. As on the real exam, multiple response, ordering and matching are all-or-nothing;
practice quizzes may turn on partial credit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SINGLE, MULTIPLE, ORDERING, MATCHING = "single", "multiple", "ordering", "matching"


class ResponseError(ValueError):
    """A response that cannot be graded; the message says what to fix."""


@dataclass(frozen=True)
class AnswerKey:
    type: str
    options: tuple[str, ...] = ()  # single/multiple: every option key
    correct: frozenset[str] = frozenset()  # single/multiple: the right option keys
    steps: tuple[str, ...] = ()  # ordering: step keys in the right order
    pairs: Mapping[str, str] = field(default_factory=dict)  # matching: prompt key -> match key

    @property
    def choose(self) -> int:
        return len(self.correct)

    def correct_response(self) -> dict:
        if self.type in (SINGLE, MULTIPLE):
            return {"selected": sorted(self.correct)}
        if self.type == ORDERING:
            return {"order": list(self.steps)}
        return {"matches": dict(self.pairs)}


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0.0 .. 1.0


def parse_form(key: AnswerKey, data: Mapping) -> dict:
    """Read a response from posted form data (a Django QueryDict or a plain mapping of lists)."""
    getlist = data.getlist if hasattr(data, "getlist") else (lambda name: list(data.get(name, [])))
    if key.type in (SINGLE, MULTIPLE):
        return {"selected": [v for v in getlist("choice") if v]}
    if key.type == ORDERING:
        # Without JavaScript each step has a position select (`pos-<key>`); with it, the list order is posted.
        order = [v for v in getlist("order") if v]
        if order:
            return {"order": order}
        positions = {}
        for step in key.steps:
            raw = (getlist(f"pos-{step}") or [""])[-1]
            if not raw:
                raise ResponseError("Give every step a position.")
            try:
                positions[step] = int(raw)
            except ValueError:
                raise ResponseError("Step positions must be numbers.") from None
        if sorted(positions.values()) != list(range(1, len(key.steps) + 1)):
            raise ResponseError(f"Use each position from 1 to {len(key.steps)} exactly once.")
        return {"order": sorted(positions, key=positions.__getitem__)}
    if key.type == MATCHING:
        return {"matches": {prompt: (getlist(f"match-{prompt}") or [""])[-1] for prompt in key.pairs}}
    raise ResponseError(f"Questions of type {key.type!r} cannot be answered directly.")


def validate(key: AnswerKey, response: object) -> dict:
    """Return the response in canonical form, or raise ResponseError. Never trusts the shape it is given."""
    if not isinstance(response, dict):
        raise ResponseError("The answer is not in a form this question accepts.")
    if key.type in (SINGLE, MULTIPLE):
        selected = response.get("selected")
        if not isinstance(selected, list) or not all(isinstance(s, str) for s in selected):
            raise ResponseError("The answer is not in a form this question accepts.")
        if not selected:
            raise ResponseError(
                "Choose an answer first." if key.type == SINGLE else f"Choose {key.choose} options."
            )
        unknown = set(selected) - set(key.options)
        if unknown:
            raise ResponseError("That option is not part of this question.")
        if len(set(selected)) != len(selected):
            raise ResponseError("The same option was chosen twice.")
        if key.type == SINGLE and len(selected) != 1:
            raise ResponseError("Choose exactly one answer.")
        if key.type == MULTIPLE and len(selected) != key.choose:
            raise ResponseError(f"Choose exactly {key.choose} options; you chose {len(selected)}.")
        return {"selected": sorted(selected)}
    if key.type == ORDERING:
        order = response.get("order")
        if not isinstance(order, list) or not all(isinstance(s, str) for s in order):
            raise ResponseError("The answer is not in a form this question accepts.")
        if sorted(order) != sorted(key.steps):
            raise ResponseError("Put every step in the list exactly once.")
        return {"order": list(order)}
    if key.type == MATCHING:
        matches = response.get("matches")
        if not isinstance(matches, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in matches.items()
        ):
            raise ResponseError("The answer is not in a form this question accepts.")
        if set(matches) != set(key.pairs):
            raise ResponseError("Match every item.")
        if any(not v for v in matches.values()):
            raise ResponseError("Match every item.")
        if not set(matches.values()) <= set(key.pairs.values()):
            raise ResponseError("That match is not part of this question.")
        return {"matches": {k: matches[k] for k in sorted(matches)}}
    raise ResponseError(f"Questions of type {key.type!r} cannot be answered directly.")


def grade(key: AnswerKey, response: object, *, partial_credit: bool = False) -> Grade:
    """Grade a response (validated first). Partial credit applies to multiple, ordering and matching only."""
    response = validate(key, response)
    if key.type in (SINGLE, MULTIPLE):
        chosen = set(response["selected"])
        correct = chosen == key.correct
        if correct or key.type == SINGLE or not partial_credit:
            return Grade(correct, 1.0 if correct else 0.0)
        # Each right pick earns a share; each wrong pick cancels one; never below zero.
        hits = len(chosen & key.correct)
        misses = len(chosen - key.correct)
        return Grade(False, max(0.0, (hits - misses) / len(key.correct)))
    if key.type == ORDERING:
        order = response["order"]
        correct = order == list(key.steps)
        if correct or not partial_credit:
            return Grade(correct, 1.0 if correct else 0.0)
        in_place = sum(1 for a, b in zip(order, key.steps, strict=True) if a == b)
        return Grade(False, in_place / len(key.steps))
    matches = response["matches"]
    right = sum(1 for prompt, match in matches.items() if key.pairs[prompt] == match)
    correct = right == len(key.pairs)
    if correct or not partial_credit:
        return Grade(correct, 1.0 if correct else 0.0)
    return Grade(False, right / len(key.pairs))
