"""What a finished attempt's review shows for each question: the learner's answer and the right one, in words.

Each type's wording is its own (`given` and `right` in quizzes/qtypes/). Orders are ordered (numbered) lists;
everything else is a plain list. The right answer is only ever built for an answered question: a question left
unanswered keeps its answer hidden, so it can still be practised as unseen.
"""

from __future__ import annotations

from content.models import Question
from quizzes import qtypes
from quizzes.qtypes import AnswerText

__all__ = ["AnswerText", "given_answer", "right_answer"]


def given_answer(question: Question, response: dict | None) -> AnswerText:
    """The learner's answer in words (uses the question's prefetched choices)."""
    return qtypes.get(question.type).given(list(question.choices.all()), response or {})


def right_answer(question: Question) -> AnswerText:
    """The right answer in words (uses the question's prefetched choices)."""
    return qtypes.get(question.type).right(list(question.choices.all()))
