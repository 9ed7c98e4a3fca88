"""What a question shows and its feedback: pure rules over an item's version (the question as it was drawn).

Each type's rules live in quizzes/qtypes/. The engine gives them an item's version, so an edited bank never
changes a key, an order or a grade already given; a Question works too (the bank pages and tests use that).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.urls import reverse

from content.models import Question, QuestionVersion
from quizzes import grading, qtypes, review
from quizzes.models import Attempt, AttemptItem
from quizzes.qtypes import Display, Feedback


def answer_key(source: Question | QuestionVersion) -> grading.AnswerKey:
    return grading.answer_key(source.type, review.choices_of(source))


def display_for(attempt: Attempt, item: AttemptItem) -> Display:
    """The attempt's order of an item's choices: the same on every reload (seeded), different per attempt."""
    rng = random.Random(f"{attempt.seed}:{item.question_id}")
    version = item.version
    return qtypes.get(version.type).display(
        list(version.choice_list()), rng, shuffle=attempt.quiz.shuffle_options
    )


def item_feedback(item: AttemptItem, shown: Display) -> Feedback:
    """Only for an answered item: this is where the answer key reaches a page."""
    if not item.is_answered:
        raise ValueError("Feedback is only given for answered questions.")
    result = grading.Grade(correct=bool(item.is_correct), score=item.score or 0.0)
    return qtypes.get(item.version.type).feedback(shown, item.response or {}, result)


def incomplete(key: grading.AnswerKey, response: dict | None) -> str:
    """Why a saved exam answer is not yet a whole one (it would be graded wrong), or "" when it is whole or
    not given at all."""
    if response is None:
        return ""
    try:
        grading.validate(key, response)
    except grading.ResponseError as error:
        return str(error)
    return ""


@dataclass
class ExamCard:
    """One question of a timed exam as its page shows it: the choices in the attempt's order with the learner's
    saved answer filled in. Nothing in it says what is right."""

    item: AttemptItem
    display: Display
    template: str
    selected: set[str] = field(default_factory=set)
    matches: dict[str, str] = field(default_factory=dict)
    choose: int = 1
    incomplete: str = ""
    # Its page and its autosave (`numbered_urls`: reversed once per page, not six times per question).
    url: str = ""
    save_url: str = ""
    previous_url: str = ""
    next_url: str = ""

    @property
    def number(self) -> int:
        return self.item.number


def numbered_urls(name: str, pk: int, numbers) -> dict[int, str]:
    """The URL `name` (an attempt's pk, then a question number) for each of `numbers`, reversed once: an exam page
    links each of its 65 questions several times, and `{% url %}` for each link was a fifth of the page's time."""
    marker = 987654321  # a number no attempt pk and no other part of the URL has
    before, found, after = reverse(name, args=[pk, marker]).partition(f"/{marker}/")
    assert found and str(marker) not in after, f"{name}: the question number must stand alone in the URL"
    return {n: f"{before}/{n}/{after}" for n in numbers}


def exam_cards(attempt: Attempt, items) -> list[ExamCard]:
    """The exam page's cards for `items`, in order, each with its page, autosave, previous and next URLs."""
    cards = [exam_card(attempt, item) for item in items]
    numbers = [card.number for card in cards]
    pages = numbered_urls("quizzes:question", attempt.pk, numbers)
    saves = numbered_urls("quizzes:save", attempt.pk, numbers)
    for card in cards:
        card.url, card.save_url = pages[card.number], saves[card.number]
        card.previous_url, card.next_url = pages.get(card.number - 1, ""), pages.get(card.number + 1, "")
    return cards


def exam_card(attempt: Attempt, item: AttemptItem) -> ExamCard:
    display = display_for(attempt, item)
    response = item.response or {}
    version = item.version
    if order := response.get("order"):
        steps = {step.key: step for step in display.steps}
        if set(order) == set(steps):
            display.steps = [steps[key] for key in order]
    rules = qtypes.get(version.type)
    key = answer_key(version)
    return ExamCard(
        item=item,
        display=display,
        template=rules.template,
        selected=set(response.get("selected", [])),
        matches=dict(response.get("matches", {})),
        choose=rules.choose(key),
        incomplete=incomplete(key, item.response),
    )
