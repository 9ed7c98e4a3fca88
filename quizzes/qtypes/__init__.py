"""The question types the quiz engine can ask, one module each (see `base.py` for what a type provides)."""

from __future__ import annotations

from quizzes.qtypes.base import (
    AnswerKey,
    AnswerText,
    Display,
    Feedback,
    Grade,
    QuestionType,
    ResponseError,
)
from quizzes.qtypes.choice import MultipleResponse, SingleChoice
from quizzes.qtypes.matching import Matching
from quizzes.qtypes.ordering import Ordering

TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SingleChoice(), MultipleResponse(), Ordering(), Matching())
}


def get(name: str) -> QuestionType:
    """The rules of a type; a case study (answered through its parts) or an unknown type is refused."""
    try:
        return TYPES[name]
    except KeyError:
        if name == "case_study":
            raise ResponseError("A case study is answered through its parts.") from None
        raise ResponseError(f"Questions of type {name!r} cannot be answered directly.") from None


__all__ = [
    "TYPES",
    "AnswerKey",
    "AnswerText",
    "Display",
    "Feedback",
    "Grade",
    "QuestionType",
    "ResponseError",
    "get",
]
