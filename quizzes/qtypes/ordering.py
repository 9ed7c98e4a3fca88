"""Ordering: put the steps in the right order.

Response: {"order": ["<step key>", ...]}, every step once. With JavaScript the list order is posted (`order`);
without it each step has a position select (`pos-<key>`). Steps are never shown in the right order. Partial
credit: the share of steps in their right place.
"""

from __future__ import annotations

from quizzes.qtypes.base import (
    AnswerKey,
    AnswerText,
    Display,
    Feedback,
    Grade,
    QuestionType,
    ResponseError,
    by_role,
    getlist,
    malformed,
)

STEP = "step"


class Ordering(QuestionType):
    name = "ordering"
    template = "quizzes/types/ordering.html"
    keyboard_help = "Keys: Tab to a step, then the ↑ ↓ buttons move it (or drag it) · Enter checks"

    def answer_key(self, choices):
        return AnswerKey(type=self.name, steps=tuple(c.key for c in by_role(choices, STEP)))

    def parse_form(self, key, data):
        values = getlist(data)
        order = [v for v in values("order") if v]
        if order:
            return {"order": order}
        positions = {}
        for step in key.steps:
            raw = (values(f"pos-{step}") or [""])[-1]
            if not raw:
                raise ResponseError("Give every step a position.")
            try:
                positions[step] = int(raw)
            except ValueError:
                raise ResponseError("Step positions must be numbers.") from None
        if sorted(positions.values()) != list(range(1, len(key.steps) + 1)):
            raise ResponseError(f"Use each position from 1 to {len(key.steps)} exactly once.")
        return {"order": sorted(positions, key=positions.__getitem__)}

    def form_fields(self, response):
        return [("order", key) for key in (response or {}).get("order", [])]

    def validate(self, key, response):
        if not isinstance(response, dict):
            raise malformed()
        order = response.get("order")
        if not isinstance(order, list) or not all(isinstance(s, str) for s in order):
            raise malformed()
        if sorted(order) != sorted(key.steps):
            raise ResponseError("Put every step in the list exactly once.")
        return {"order": list(order)}

    def grade(self, key, response, *, partial_credit):
        order = response["order"]
        correct = order == list(key.steps)
        if correct or not partial_credit:
            return Grade(correct, 1.0 if correct else 0.0)
        in_place = sum(1 for a, b in zip(order, key.steps, strict=True) if a == b)
        return Grade(False, in_place / len(key.steps))

    def display(self, choices, rng, *, shuffle):
        steps = by_role(choices, STEP)
        right = list(steps)
        if len(steps) > 1:
            while steps == right:
                rng.shuffle(steps)
        return Display(steps=steps)

    def feedback(self, display, response, grade):
        by_key = {c.key: c for c in display.steps}
        return Feedback(
            correct=grade.correct,
            score=grade.score,
            your_order=[by_key[k] for k in response.get("order", []) if k in by_key],
            right_order=sorted(display.steps, key=lambda c: c.position),
        )

    def given(self, choices, response):
        text = {c.key: c.text for c in choices if c.role == STEP}
        return AnswerText(tuple(text[k] for k in response.get("order", []) if k in text), ordered=True)

    def right(self, choices):
        return AnswerText(tuple(c.text for c in by_role(choices, STEP)), ordered=True)

    def correct_response(self, key):
        return {"order": list(key.steps)}
