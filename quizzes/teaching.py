"""What instructors read: a class's gradebook, a learner's attempts, and a quiz's item analysis. Read-only; the
number of queries of each does not grow with the class (pinned by tests)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Classroom, Enrollment
from content.models import QuestionVersion
from quizzes import itemstats, scoring
from quizzes.models import Assignment, Attempt, AttemptItem

NOT_STARTED, IN_PROGRESS, SUBMITTED, MISSED = "Not started", "In progress", "Submitted", "Missed"


@dataclass
class Cell:
    """One learner's standing on one assignment."""

    attempts: int = 0
    best: float | None = None  # percent, over submitted attempts
    last: float | None = None  # percent of the latest submitted attempt
    last_attempt: int | None = None  # its id, for the review link
    status: str = NOT_STARTED


@dataclass
class GradebookRow:
    learner: object
    joined_at: object
    cells: list[Cell]


@dataclass
class Gradebook:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[GradebookRow]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        header = ["Learner", "E-mail"]
        for a in self.assignments:
            header += [f"{a.quiz.title}: best %", f"{a.quiz.title}: last %", f"{a.quiz.title}: status",
                       f"{a.quiz.title}: attempts"]  # fmt: skip
        writer.writerow(header)
        for row in self.rows:
            line = [_safe(row.learner.name), _safe(row.learner.email)]
            for cell in row.cells:
                line += ["" if cell.best is None else cell.best, "" if cell.last is None else cell.last,
                         cell.status, cell.attempts]  # fmt: skip
            writer.writerow(line)
        return out.getvalue()


def _safe(text: str) -> str:
    """A spreadsheet would run a cell that starts like a formula: such names are written as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gradebook(classroom: Classroom, now=None) -> Gradebook:
    """Learners × assignments: best and last score, status and attempt count (three queries)."""
    now = now or timezone.now()
    assignments = list(classroom.assignments.select_related("quiz").order_by("due_at", "pk"))
    enrollments = list(
        Enrollment.objects.filter(classroom=classroom).select_related("learner").order_by("learner__email")
    )
    rows = {
        e.learner_id: GradebookRow(e.learner, e.joined_at, [Cell() for _ in assignments]) for e in enrollments
    }
    column = {a.pk: i for i, a in enumerate(assignments)}
    attempts = (
        Attempt.objects.filter(assignment__in=assignments, user_id__in=list(rows))
        .order_by("started_at", "pk")
        .values_list("pk", "user_id", "assignment_id", "status", "raw_score", "max_score")
    )
    for pk, user_id, assignment_id, status, raw, maximum in attempts:
        cell = rows[user_id].cells[column[assignment_id]]
        cell.attempts += 1
        if status == Attempt.Status.SUBMITTED:
            percent = scoring.percent(raw, maximum)
            cell.best = percent if cell.best is None else max(cell.best, percent)
            cell.last, cell.last_attempt = percent, pk
            if cell.status != IN_PROGRESS:
                cell.status = SUBMITTED
        else:
            cell.status = IN_PROGRESS
    for row in rows.values():
        for a, cell in zip(assignments, row.cells, strict=True):
            if cell.status == NOT_STARTED and a.is_overdue(now):
                cell.status = MISSED
    ordered = sorted(rows.values(), key=lambda r: (r.learner.name.casefold(), r.learner.email))
    return Gradebook(classroom, assignments, ordered)


def learner_attempts(classroom: Classroom, learner_id: int) -> list[Attempt]:
    """A learner's attempts at this class's assignments, newest first."""
    return list(
        Attempt.objects.filter(assignment__classroom=classroom, user_id=learner_id)
        .select_related("quiz", "assignment")
        .order_by("-started_at")
    )


# --- Item analysis ------------------------------------------------------------------------------------------


@dataclass
class ItemRow:
    """One question version of the analysis, for the page and `item_stats --json`."""

    number: int
    version: QuestionVersion
    stats: itemstats.ItemStats
    options: list[tuple[str, str, bool, int]] = field(default_factory=list)  # key, text, right, chosen
    bank_slug: str = ""
    question_key: str = ""
    bank_id: int | None = None  # the page offers an edit link to those who may edit this bank

    def as_json(self) -> dict:
        s = self.stats
        return {
            "question": self.question_key,
            "version": self.version.pk,
            "type": self.version.type,
            "n": s.n,
            "facility": s.facility,
            "discrimination": s.discrimination,
            "options": [{"key": k, "text": t, "correct": r, "chosen": c} for k, t, r, c in self.options],
            "flags": s.flags,
        }


@dataclass
class ItemAnalysis:
    attempts: int  # first attempts analysed
    rows: list[ItemRow]

    @property
    def flagged(self) -> list[ItemRow]:
        return [r for r in self.rows if r.stats.flags]


def first_attempts(attempts: QuerySet[Attempt]) -> list[int]:
    """The first submitted attempt of each learner."""
    first: dict[int, int] = {}
    rows = (
        attempts.filter(status=Attempt.Status.SUBMITTED)
        .order_by("started_at", "pk")
        .values_list("pk", "user_id")
    )
    for pk, user_id in rows:
        first.setdefault(user_id, pk)
    return list(first.values())


def item_analysis(attempts: QuerySet[Attempt]) -> ItemAnalysis:
    """Item statistics over the first submitted attempt of each learner among `attempts` (three queries)."""
    ids = first_attempts(attempts)
    items = list(
        AttemptItem.objects.filter(attempt_id__in=ids, scored=True).values_list(
            "attempt_id", "version_id", "score", "response"
        )
    )
    versions = {
        v.pk: v
        for v in QuestionVersion.objects.filter(pk__in={row[1] for row in items}).select_related(
            "question__bank"
        )
    }
    options = {
        pk: [(c.key, c.is_correct) for c in v.choice_list() if c.role == "option"]
        for pk, v in versions.items()
    }
    marks = [
        itemstats.Mark(
            attempt=attempt_id,
            question=version_id,
            mark=score or 0.0,
            chosen=tuple(response.get("selected", ())) if isinstance(response, dict) else (),
        )
        for attempt_id, version_id, score, response in items
    ]
    stats = itemstats.analyse(marks, options)
    rows = []
    for number, (pk, s) in enumerate(
        sorted(stats.items(), key=lambda pair: (versions[pair[0]].question.position, pair[0])), start=1
    ):
        v = versions[pk]
        rows.append(
            ItemRow(
                number,
                v,
                s,
                [
                    (c.key, c.text, c.is_correct, s.option_counts.get(c.key, 0))
                    for c in v.choice_list()
                    if c.role == "option"
                ],
                v.question.bank.slug,
                v.question.key,
                v.question.bank_id,
            )
        )
    return ItemAnalysis(len(ids), rows)
