"""Multiple choice (one right option) and multiple response (several, the stem says how many).

Response: {"selected": ["<option key>", ...]}. All or nothing, as on the real exam; with partial credit a
multiple-response answer earns a share per right pick, less one per wrong pick, never below zero.
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

OPTION = "option"


class SingleChoice(QuestionType):
    name = "single"
    template = "quizzes/types/choice.html"
    keyboard_help = "Keys: 1–9 or A–F choose · Enter checks · F flags"

    def answer_key(self, choices):
        options = by_role(choices, OPTION)
        return AnswerKey(
            type=self.name,
            options=tuple(c.key for c in options),
            correct=frozenset(c.key for c in options if c.is_correct),
        )

    def parse_form(self, key, data):
        return {"selected": [v for v in getlist(data)("choice") if v]}

    def _check_count(self, key: AnswerKey, selected: list[str]) -> None:
        if len(selected) != 1:
            raise ResponseError("Choose exactly one answer.")

    def _empty_message(self, key: AnswerKey) -> str:
        return "Choose an answer first."

    def _known(self, key: AnswerKey, response: object) -> list[str]:
        """The selected option keys, refusing a malformed response or an option not in this question."""
        selected = response.get("selected") if isinstance(response, dict) else None
        if not isinstance(selected, list) or not all(isinstance(s, str) for s in selected):
            raise malformed()
        if set(selected) - set(key.options):
            raise ResponseError("That option is not part of this question.")
        return selected

    def validate(self, key, response):
        selected = self._known(key, response)
        if not selected:
            raise ResponseError(self._empty_message(key))
        if len(set(selected)) != len(selected):
            raise ResponseError("The same option was chosen twice.")
        self._check_count(key, selected)
        return {"selected": sorted(selected)}

    def form_fields(self, response):
        return [("choice", key) for key in (response or {}).get("selected", [])]

    def draft(self, key, response):
        selected = self._known(key, response)
        if len(set(selected)) > self._most(key):
            raise ResponseError("Choose one answer only.")
        return {"selected": sorted(set(selected))} if selected else None

    def _most(self, key: AnswerKey) -> int:
        return 1

    def grade(self, key, response, *, partial_credit):
        chosen = set(response["selected"])
        correct = chosen == key.correct
        return Grade(correct, 1.0 if correct else 0.0)

    def display(self, choices, rng, *, shuffle):
        options = by_role(choices, OPTION)
        if shuffle:
            rng.shuffle(options)
        return Display(options=options)

    def feedback(self, display, response, grade):
        selected = set(response.get("selected", []))
        return Feedback(
            correct=grade.correct,
            score=grade.score,
            options=[
                {"choice": c, "chosen": c.key in selected, "right": c.is_correct} for c in display.options
            ],
        )

    def given(self, choices, response):
        chosen = set(response.get("selected", []))
        return AnswerText(tuple(c.text for c in by_role(choices, OPTION) if c.key in chosen))

    def right(self, choices):
        return AnswerText(tuple(c.text for c in by_role(choices, OPTION) if c.is_correct))

    def correct_response(self, key):
        return {"selected": sorted(key.correct)}


class MultipleResponse(SingleChoice):
    name = "multiple"

    def _check_count(self, key, selected):
        if len(selected) != key.choose:
            raise ResponseError(f"Choose exactly {key.choose} options; you chose {len(selected)}.")

    def _empty_message(self, key):
        return f"Choose {key.choose} options."

    def choose(self, key):
        return key.choose

    def _most(self, key):
        # More than asked is saved (the learner may be about to untick one) and graded wrong if submitted.
        return len(key.options)

    def grade(self, key, response, *, partial_credit):
        chosen = set(response["selected"])
        correct = chosen == key.correct
        if correct or not partial_credit:
            return Grade(correct, 1.0 if correct else 0.0)
        hits = len(chosen & key.correct)
        misses = len(chosen - key.correct)
        return Grade(False, max(0.0, (hits - misses) / len(key.correct)))
