"""What a finished attempt's review shows for each question: the learner's answer and the right one, in words.

Each type's wording is its own (`given` and `right` in quizzes/qtypes/). Orders are ordered (numbered) lists;
everything else is a plain list. The right answer is only ever built for an answered question: a question left
unanswered keeps its answer hidden, so it can still be practised as unseen.
"""

from __future__ import annotations

from content.models import Question, QuestionVersion
from quizzes import qtypes
from quizzes.qtypes import AnswerText

__all__ = ["AnswerText", "given_answer", "right_answer"]


def choices_of(source: Question | QuestionVersion) -> list:
    """The choices the rules read: a version's as shown (what the engine uses), or a question's prefetched ones."""
    if isinstance(source, QuestionVersion):
        return list(source.choice_list())
    return list(source.choices.all())


def given_answer(source: Question | QuestionVersion, response: dict | None) -> AnswerText:
    """The learner's answer in words."""
    return qtypes.get(source.type).given(choices_of(source), response or {})


def right_answer(source: Question | QuestionVersion) -> AnswerText:
    """The right answer in words."""
    return qtypes.get(source.type).right(choices_of(source))
