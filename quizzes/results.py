"""Read-only views of attempts: progress while taking one, and the results of a finished one.

Nothing here writes. The score shown is the one stored when the attempt was submitted (`services.attempt_finish`
through `quizzes/scoring.py`); the breakdowns and the review are read from the items and the versions they showed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Sum

from quizzes import review, scoring
from quizzes.models import Assignment, Attempt, AttemptItem, Blueprint
from quizzes.prepared import Prepared


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


# After every practice answer: its SQL is built once (quizzes.prepared).
_PROGRESS = Prepared(
    lambda attempt_id: (
        AttemptItem.objects.filter(attempt_id=attempt_id)
        .values("attempt_id")
        .annotate(total=Count("pk"), answered=Count("answered_at"), correct=Sum("score"))
        .values_list("total", "answered", "correct")
    )
)


def attempt_progress(attempt: Attempt) -> Progress:
    """One aggregate query, whatever the size of the attempt."""
    total, answered, correct = _PROGRESS.first(attempt.pk) or (0, 0, None)
    return Progress(total=total, answered=answered, correct=round(correct or 0.0, 2))


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
    by_domain: list[scoring.DomainScore]
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
        return sum(1 for r in self.review if not r.item.is_answered)

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
        .select_related("version", "question__topic")
        .order_by("position")
    )
    topics: dict[str, Breakdown] = {}
    rows = []
    # After a timed exam every answer is revealed, the unanswered ones too (they count as wrong); after practice
    # an unanswered question keeps its answer hidden, so it can still be practised as unseen.
    exam = attempt.is_exam
    for item in items:
        question = item.question
        if not item.is_answered and not exam:
            rows.append(ReviewItem(item=item, status="unanswered"))
            continue
        rows.append(
            ReviewItem(
                item=item,
                status="right" if item.is_correct else "missed",
                yours=review.given_answer(item.version, item.response) if item.is_answered else None,
                right=review.right_answer(item.version),
            )
        )
        if not item.scored:
            continue  # an unscored (pretest) question counts nowhere
        label = question.topic.title if question.topic else "No topic"
        entry = topics.setdefault(label, Breakdown(label))
        entry.answered += 1
        entry.correct += item.score or 0.0
    return Summary(
        attempt=attempt,
        progress=Progress(
            total=len(items),
            answered=sum(1 for r in rows if r.item.is_answered),
            correct=round(attempt.raw_score, 2),
        ),
        # The domains as scored at submission (Attempt.domain_scores), like the score itself.
        by_domain=scoring.domain_scores_from_rows(attempt.domain_scores),
        by_topic=sorted(topics.values(), key=lambda b: (b.percent, b.label)),
        review=rows,
    )


# --- Timed exams ------------------------------------------------------------------------------------------


def exam_items(attempt: Attempt) -> list[AttemptItem]:
    """Every item of an exam with the version it shows, in one query whatever the exam's length."""
    return list(AttemptItem.objects.filter(attempt=attempt).select_related("version").order_by("position"))


@dataclass
class PastExam:
    attempt: Attempt

    @property
    def figure(self) -> float:
        """What the trend plots: the scaled score, or the percent for a timed test without a scale."""
        a = self.attempt
        return float(a.scaled_score) if a.scaled_score is not None else a.percent


def past_exams(user, *, blueprint=None, limit: int = 20) -> list[PastExam]:
    """Submitted mock exams (of one blueprint, if given) and timed tests, oldest first, for the trend. `user` is
    a user or a user id."""
    rows = Attempt.objects.filter(
        user_id=getattr(user, "pk", user), status=Attempt.Status.SUBMITTED, quiz__mode="exam"
    )
    if blueprint is not None:
        rows = rows.filter(blueprint=blueprint)
    latest = list(rows.select_related("quiz", "blueprint").order_by("-submitted_at")[:limit])
    return [PastExam(a) for a in reversed(latest)]


def trend_points(values: list[float], *, low: float, high: float, width: int = 300, height: int = 80) -> str:
    """SVG polyline points for a series on a fixed scale (low..high), left to right."""
    if not values:
        return ""
    step = width / max(1, len(values) - 1)
    span = (high - low) or 1
    points = []
    for i, value in enumerate(values):
        y = height - (min(max(value, low), high) - low) / span * height
        points.append(f"{round(i * step, 1)},{round(y, 1)}")
    return " ".join(points)


def exams_page(user) -> dict:
    """The mock exams page: each blueprint with the learner's open attempt and past scores."""
    blueprints = list(Blueprint.objects.all())
    open_attempts = {
        a.blueprint_id: a
        for a in Attempt.objects.filter(
            user=user, status=Attempt.Status.IN_PROGRESS, blueprint__isnull=False
        ).select_related("quiz")
    }
    timed_open = list(
        Attempt.objects.filter(
            user=user, status=Attempt.Status.IN_PROGRESS, blueprint__isnull=True, quiz__mode="exam"
        ).select_related("quiz")
    )
    past = past_exams(user)
    return {
        "blueprints": [(b, open_attempts.get(b.pk)) for b in blueprints],
        "timed_open": timed_open,
        "past": list(reversed(past)),
    }


def first_unanswered(attempt: Attempt) -> int | None:
    position = (
        AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=True)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    return None if position is None else position + 1


@dataclass
class ChartRow:
    label: str
    percent: int
    correct: float
    total: int
    y: int  # the row's top in the SVG
    number: int | None = None

    @property
    def short_label(self) -> str:
        """What fits beside a bar; the table beside the chart has the full name."""
        return f"Domain {self.number}" if self.number is not None else "No domain"

    @property
    def width(self) -> int:
        return 3 * self.percent  # the bars start at x = 90 and 300 px is 100 %

    @property
    def text_x(self) -> int:
        """The figure sits after its bar, or inside a bar too long to leave room."""
        return 94 if self.percent > 80 else 96 + self.width


@dataclass
class ExamResults:
    """A submitted timed exam's figures, all as stored at submission: the score, the domains (chart and
    table), the time used, and how this attempt sits among the learner's other ones."""

    attempt: Attempt
    domains: list[ChartRow]
    chart_height: int
    pass_x: float | None  # where the passing share sits on the chart, if the exam has one
    seconds_used: int
    seconds_allowed: int
    past: list[PastExam]
    trend: str
    trend_low: float
    trend_high: float
    unscored: int

    @property
    def pass_line_x(self) -> int | None:
        return None if self.pass_x is None else round(90 + self.pass_x)

    @property
    def has_scale(self) -> bool:
        return self.attempt.scaled_score is not None


ROW_HEIGHT = 34


def exam_results(attempt: Attempt, summary: Summary) -> ExamResults:
    rows = []
    for i, d in enumerate(scoring.domain_scores_from_rows(attempt.domain_scores)):
        rows.append(
            ChartRow(
                label=d.label,
                percent=d.percent,
                correct=d.correct,
                total=d.total,
                y=i * ROW_HEIGHT,
                number=d.number,
            )
        )
    blueprint = attempt.blueprint
    past = past_exams(attempt.user_id, blueprint=blueprint)
    if blueprint is None:  # a timed test of one's own is compared with the others, not with the mocks
        past = [p for p in past if p.attempt.blueprint_id is None]
    low, high = (blueprint.scale_min, blueprint.scale_max) if blueprint else (0, 100)
    allowed = int((attempt.deadline - attempt.started_at).total_seconds()) if attempt.deadline else 0
    return ExamResults(
        attempt=attempt,
        domains=rows,
        chart_height=max(ROW_HEIGHT, len(rows) * ROW_HEIGHT),
        pass_x=round(300 * blueprint.pass_fraction, 1) if blueprint else round(3 * attempt.quiz.pass_mark, 1),
        seconds_used=min(attempt.seconds_used, allowed) if allowed else attempt.seconds_used,
        seconds_allowed=allowed,
        past=past,
        trend=trend_points([p.figure for p in past], low=low, high=high),
        trend_low=low,
        trend_high=high,
        unscored=sum(1 for r in summary.review if not r.item.scored),
    )


@dataclass
class LearnerAssignment:
    """An assignment as its learner sees it on the dashboard."""

    assignment: object
    attempts: int = 0
    best: float | None = None
    open_attempt: int | None = None
    last_attempt: int | None = None

    @property
    def attempts_left(self) -> int | None:
        allowed = self.assignment.quiz.attempts_allowed
        return None if allowed is None else max(0, allowed - self.attempts)

    @property
    def action(self) -> str:
        """What the learner can do now: continue, start, again, or why not (opens, closed, used)."""
        if self.open_attempt:
            return "continue"
        window = self.assignment.quiz.window()
        if window != "open":
            return window
        if self.attempts_left == 0:
            return "used"
        return "again" if self.attempts else "start"


def learner_assignments(user) -> list[LearnerAssignment]:
    """The assignments of every class the learner is in, soonest due first, with their attempts (two queries)."""
    found = {
        a.pk: LearnerAssignment(a)
        for a in Assignment.objects.filter(classroom__enrollments__learner=user)
        .select_related("quiz", "classroom")
        .order_by(F("due_at").asc(nulls_last=True), "pk")
    }
    rows = (
        Attempt.objects.filter(user=user, assignment_id__in=list(found))
        .order_by("started_at", "pk")
        .values_list("pk", "assignment_id", "status", "raw_score", "max_score")
    )
    for pk, assignment_id, status, raw, maximum in rows:
        entry = found[assignment_id]
        entry.attempts += 1
        if status == Attempt.Status.IN_PROGRESS:
            entry.open_attempt = pk
        else:
            percent = scoring.percent(raw, maximum)
            entry.best = percent if entry.best is None else max(entry.best, percent)
            entry.last_attempt = pk
    return list(found.values())
