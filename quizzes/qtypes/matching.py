"""Matching: each prompt to one of the answers. The answers of one question are distinct (the bank format
says so), so a response that gives two prompts the same answer is refused.

Response: {"matches": {"<prompt key>": "<match key>"}}, every prompt once. Partial credit: the share of
prompts matched rightly.
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

PROMPT, MATCH = "prompt", "match"


class Matching(QuestionType):
    name = "matching"
    template = "quizzes/types/matching.html"
    keyboard_help = "Keys: in an item's row, type a letter to pick that answer · Enter checks"

    def answer_key(self, choices):
        return AnswerKey(type=self.name, pairs={c.key: c.match_key for c in by_role(choices, PROMPT)})

    def parse_form(self, key, data):
        values = getlist(data)
        return {"matches": {prompt: (values(f"match-{prompt}") or [""])[-1] for prompt in key.pairs}}

    def _shape(self, response: object) -> dict[str, str]:
        matches = response.get("matches") if isinstance(response, dict) else None
        if not isinstance(matches, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in matches.items()
        ):
            raise malformed()
        return matches

    def validate(self, key, response):
        matches = self._shape(response)
        if set(matches) != set(key.pairs) or any(not v for v in matches.values()):
            raise ResponseError("Match every item.")
        if not set(matches.values()) <= set(key.pairs.values()):
            raise ResponseError("That match is not part of this question.")
        if len(set(matches.values())) != len(matches):
            raise ResponseError("Each answer belongs to one item only: give every item a different answer.")
        return {"matches": {k: matches[k] for k in sorted(matches)}}

    def form_fields(self, response):
        return [(f"match-{prompt}", match) for prompt, match in (response or {}).get("matches", {}).items()]

    def draft(self, key, response):
        given = {k: v for k, v in self._shape(response).items() if v}
        if set(given) - set(key.pairs) or not set(given.values()) <= set(key.pairs.values()):
            raise ResponseError("That match is not part of this question.")
        if len(set(given.values())) != len(given):
            raise ResponseError("Each answer belongs to one item only: give every item a different answer.")
        return {"matches": {k: given[k] for k in sorted(given)}} if given else None

    def grade(self, key, response, *, partial_credit):
        matches = response["matches"]
        right = sum(1 for prompt, match in matches.items() if key.pairs[prompt] == match)
        correct = right == len(key.pairs)
        if correct or not partial_credit:
            return Grade(correct, 1.0 if correct else 0.0)
        return Grade(False, right / len(key.pairs))

    def display(self, choices, rng, *, shuffle):
        prompts = by_role(choices, PROMPT)
        matches = by_role(choices, MATCH)
        rng.shuffle(matches)
        return Display(prompts=prompts, matches=matches)

    def feedback(self, display, response, grade):
        match_by_key = {c.key: c for c in display.matches}
        chosen = response.get("matches", {})
        return Feedback(
            correct=grade.correct,
            score=grade.score,
            matches=[
                {
                    "prompt": p,
                    "chosen": match_by_key.get(chosen.get(p.key, "")),
                    "right": match_by_key.get(p.match_key),
                    "ok": chosen.get(p.key) == p.match_key,
                }
                for p in display.prompts
            ],
        )

    def given(self, choices, response):
        matches = {c.key: c.text for c in choices if c.role == MATCH}
        chosen = response.get("matches", {})
        return AnswerText(
            tuple(f"{p.text} → {matches.get(chosen.get(p.key, ''), '—')}" for p in by_role(choices, PROMPT))
        )

    def right(self, choices):
        matches = {c.key: c.text for c in choices if c.role == MATCH}
        return AnswerText(
            tuple(f"{p.text} → {matches.get(p.match_key, '?')}" for p in by_role(choices, PROMPT))
        )

    def correct_response(self, key):
        return {"matches": dict(key.pairs)}
