"""Grading responses: pure rules, no database. Each question type's rules live in `quizzes/qtypes/`; these
functions pick the type from the answer key.

`parse_form` turns posted form data into a response; `validate` refuses anything malformed (unknown keys, the
wrong count, the wrong shape) with a `ResponseError` whose message is shown to the learner; only a valid
response is ever graded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quizzes import qtypes
from quizzes.qtypes import AnswerKey, Grade, ResponseError

__all__ = ["AnswerKey", "Grade", "ResponseError", "answer_key", "grade", "parse_form", "validate"]


def answer_key(question_type: str, choices: Sequence) -> AnswerKey:
    return qtypes.get(question_type).answer_key(choices)


def parse_form(key: AnswerKey, data: Mapping) -> dict:
    """Read a response from posted form data (a Django QueryDict or a plain mapping of lists)."""
    return qtypes.get(key.type).parse_form(key, data)


def validate(key: AnswerKey, response: object) -> dict:
    """Return the response in canonical form, or raise ResponseError. Never trusts the shape it is given."""
    return qtypes.get(key.type).validate(key, response)


def grade(key: AnswerKey, response: object, *, partial_credit: bool = False) -> Grade:
    """Grade a response (validated first). Partial credit applies to multiple, ordering and matching only."""
    rules = qtypes.get(key.type)
    return rules.grade(key, rules.validate(key, response), partial_credit=partial_credit)


def correct_response(key: AnswerKey) -> dict:
    return qtypes.get(key.type).correct_response(key)
