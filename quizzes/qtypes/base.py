"""What every question type provides, and the shapes they share. Pure Python: no database, no Django.

A type is one class (one module in this package) with every rule the quiz engine needs for it:

- `answer_key(choices)`: the key as shown, from the version's choices;
- `parse_form(key, data)`: posted form data to a response (a small dict, see each type);
- `validate(key, response)`: the response in canonical form, or `ResponseError` with a message for the learner;
- `form_fields(response)`: the form fields that would post the response (to refill a page);
- `draft(key, response)`: a timed exam's answer in progress (it may be incomplete), canonical, or None when
  nothing is chosen; tampered input is refused with `ResponseError` as in `validate`;
- `grade(key, response, partial_credit)`: a `Grade`;
- `display(choices, rng, shuffle)`: the choices in the attempt's order (`Display`), carrying no correctness;
- `feedback(display, response, grade)`: what the learner sees after answering (`Feedback`);
- `given(choices, response)` / `right(choices)`: both answers in words for the results review (`AnswerText`).

Templates follow the same rule: `templates/quizzes/types/<type>.html` holds the type's input and feedback
partials. A new type (true/false, short answer, numerical) is one module here, one template, one line in
`quizzes/qtypes/__init__.py`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol


class ResponseError(ValueError):
    """A response that cannot be graded; the message says what to fix."""


class Choice(Protocol):
    """A choice as the rules read it: a content.models.Choice or a content.models.VersionChoice."""

    key: str
    role: str
    text: str
    rationale: str
    is_correct: bool
    position: int
    match_key: str


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
        """The response that earns full marks (for tests and the admin)."""
        from quizzes.qtypes import get

        return get(self.type).correct_response(self)


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0.0 .. 1.0


@dataclass
class Display:
    """What a question shows, in the attempt's order. Carries no correctness until the item is answered."""

    options: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    prompts: list = field(default_factory=list)
    matches: list = field(default_factory=list)


@dataclass
class Feedback:
    """What the learner sees after answering: every choice marked, and the right answer spelled out."""

    correct: bool
    score: float
    options: list[dict] = field(default_factory=list)  # {choice, chosen, right}
    your_order: list = field(default_factory=list)
    right_order: list = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)  # {prompt, chosen, right, ok}


@dataclass(frozen=True)
class AnswerText:
    lines: tuple[str, ...]
    ordered: bool = False  # an order: shown as a numbered list


def getlist(data: Mapping) -> Any:
    """`data.getlist` for a QueryDict, and the same for a plain mapping of lists."""
    return data.getlist if hasattr(data, "getlist") else (lambda name: list(data.get(name, [])))


def by_role(choices: Sequence[Choice], role: str) -> list:
    return sorted((c for c in choices if c.role == role), key=lambda c: c.position)


def malformed() -> ResponseError:
    return ResponseError("The answer is not in a form this question accepts.")


class QuestionType:
    """The rules of one question type. Subclasses override what differs."""

    name: ClassVar[str]
    template: ClassVar[str]  # the template holding its `input` and `feedback` partials
    keyboard_help: ClassVar[str] = ""
    answerable: ClassVar[bool] = True

    def answer_key(self, choices: Sequence[Choice]) -> AnswerKey:
        raise NotImplementedError

    def parse_form(self, key: AnswerKey, data: Mapping) -> dict:
        raise NotImplementedError

    def validate(self, key: AnswerKey, response: object) -> dict:
        raise NotImplementedError

    def form_fields(self, response: dict | None) -> list[tuple[str, str]]:
        """The form fields that post `response` (the inverse of `parse_form`): how a page that showed an older
        answer is brought up to the one saved."""
        raise NotImplementedError

    def choose(self, key: AnswerKey) -> int:
        """How many options the stem asks for ("Choose 2"): shown on the question, as on the real exam."""
        return 1

    def draft(self, key: AnswerKey, response: object) -> dict | None:
        """Saved as the learner works on a timed exam, graded only at submission. By default a draft must be
        complete (an order is always complete); types whose answers can be half-given override this."""
        return self.validate(key, response)

    def grade(self, key: AnswerKey, response: dict, *, partial_credit: bool) -> Grade:
        raise NotImplementedError

    def grade_draft(self, key: AnswerKey, response: dict | None) -> Grade:
        """A submitted exam answer: an unanswered or incomplete one is wrong, as on the real exam."""
        if response is None:
            return Grade(False, 0.0)
        try:
            return self.grade(key, self.validate(key, response), partial_credit=False)
        except ResponseError:
            return Grade(False, 0.0)

    def display(self, choices: Sequence[Choice], rng: random.Random, *, shuffle: bool) -> Display:
        raise NotImplementedError

    def feedback(self, display: Display, response: dict, grade: Grade) -> Feedback:
        raise NotImplementedError

    def given(self, choices: Sequence[Choice], response: dict) -> AnswerText:
        raise NotImplementedError

    def right(self, choices: Sequence[Choice]) -> AnswerText:
        raise NotImplementedError

    def correct_response(self, key: AnswerKey) -> dict:
        raise NotImplementedError
