"""Read-only views of attempts: progress while taking one, and the results of a finished one.

Nothing here writes. The score shown is the one stored when the attempt was submitted (`services.attempt_finish`
through `quizzes/scoring.py`); the breakdowns and the review are read from the items and the versions they showed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from quizzes import review
from quizzes.models import Attempt, AttemptItem


@dataclass
class Progress:
    total: int
    answered: int
    correct: float

    @property
    def percent_done(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def percent_correct(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0

    @property
    def unanswered(self) -> int:
        return self.total - self.answered


def attempt_progress(attempt: Attempt) -> Progress:
    """One aggregate query, whatever the size of the attempt."""
    totals = AttemptItem.objects.filter(attempt=attempt).aggregate(
        total=Count("pk"), answered=Count("answered_at"), correct=Sum("score")
    )
    return Progress(
        total=totals["total"], answered=totals["answered"], correct=round(totals["correct"] or 0.0, 2)
    )


@dataclass
class Breakdown:
    label: str
    answered: int = 0
    correct: float = 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


REVIEW_FILTERS = ("all", "missed", "flagged", "right")


@dataclass
class ReviewItem:
    """One question of a finished attempt as its review shows it. `yours` and `right` are None when the question
    was never answered: its answer stays hidden."""

    item: AttemptItem
    status: str  # right, missed, unanswered
    yours: review.AnswerText | None = None
    right: review.AnswerText | None = None

    def shown_by(self, which: str) -> bool:
        if which == "all":
            return True
        if which == "flagged":
            return self.item.flagged
        return self.status == which


@dataclass
class Summary:
    attempt: Attempt
    progress: Progress
    by_domain: list[Breakdown]
    by_topic: list[Breakdown]
    review: list[ReviewItem]

    @property
    def missed(self) -> list[ReviewItem]:
        return [r for r in self.review if r.status == "missed"]

    @property
    def flagged(self) -> list[ReviewItem]:
        return [r for r in self.review if r.item.flagged]

    @property
    def unanswered(self) -> int:
        return sum(1 for r in self.review if r.status == "unanswered")

    def counts(self) -> dict[str, int]:
        return {which: sum(1 for r in self.review if r.shown_by(which)) for which in REVIEW_FILTERS}

    def showing(self, which: str) -> list[ReviewItem]:
        return [r for r in self.review if r.shown_by(which)]

    def default_filter(self) -> str:
        return "missed" if self.missed else "all"


def attempt_summary(attempt: Attempt) -> Summary:
    """The results of a finished attempt. The score is the one stored when it was submitted (`attempt_finish`);
    the breakdowns and the review are read from its items and the versions they showed, in one query whatever
    its size."""
    items = list(
        AttemptItem.objects.filter(attempt=attempt)
        .select_related("version", "question__domain", "question__topic")
        .order_by("position")
    )
    domains: dict[str, Breakdown] = {}
    topics: dict[str, Breakdown] = {}
    rows = []
    for item in items:
        question = item.question
        if not item.is_answered:
            rows.append(ReviewItem(item=item, status="unanswered"))
            continue
        rows.append(
            ReviewItem(
                item=item,
                status="right" if item.is_correct else "missed",
                yours=review.given_answer(item.version, item.response),
                right=review.right_answer(item.version),
            )
        )
        domain_label = str(question.domain) if question.domain else "No domain"
        topic_label = question.topic.title if question.topic else "No topic"
        for table, label in ((domains, domain_label), (topics, topic_label)):
            entry = table.setdefault(label, Breakdown(label))
            entry.answered += 1
            entry.correct += item.score or 0.0
    return Summary(
        attempt=attempt,
        progress=Progress(
            total=len(items),
            answered=sum(1 for r in rows if r.status != "unanswered"),
            correct=round(attempt.raw_score, 2),
        ),
        by_domain=sorted(domains.values(), key=lambda b: b.label),
        by_topic=sorted(topics.values(), key=lambda b: (b.percent, b.label)),
        review=rows,
    )
