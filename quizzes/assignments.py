"""Instructors' quizzes taken by learners: what an attempt at one draws, and starting one from an assignment.

An assignable quiz (`Quiz.Kind.ASSIGNABLE`) is built once by an instructor and taken by many. Each attempt draws
its own questions, reproducibly from its seed: the chosen questions, questions drawn by rules, or a mock exam by a
blueprint. An attempt is taken on the same screens as a learner's own sessions: feedback after each answer uses
the practice screens, feedback after submission or after the close date the exam screens (graded at the end).
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Enrollment
from content.models import Question
from quizzes import exams, services
from quizzes import selection as selection_rules
from quizzes.models import Assignment, Attempt, Quiz


class AssignmentRefused(Exception):
    """The learner may not start this assignment now; the message says why and what to do."""


@dataclass(frozen=True)
class Draw:
    questions: list[tuple[int, bool]]  # (question id, scored) in the order they are asked
    short: list[str]  # rules the pool could not fill


def quiz_draw(quiz: Quiz, *, seed: int, user=None) -> Draw:
    """The questions an attempt at `quiz` asks. Retired questions are never drawn."""
    rng = random.Random(seed)
    if quiz.blueprint_id:
        drawn = exams.draw(quiz.blueprint, banks=list(quiz.banks.all()), seed=seed, user=user)
        return Draw([(q.pk, q.scored) for q in drawn], [])
    pool = Question.objects.scorable().filter(bank__in=quiz.banks.all())
    if quiz.rules:
        rows = pool.values_list("pk", "parent_id", "position", "domain__number", "topic_id")
        candidates = [
            selection_rules.Candidate(pk, parent, position, domain, topic=topic)
            for pk, parent, position, domain, topic in rows
        ]
        rules = [selection_rules.Rule(*rule_parts(rule)) for rule in quiz.rules]
        ids, short = selection_rules.rules_draw(candidates, rules, rng)
        if not quiz.shuffle_questions:
            order = {pk: i for i, pk in enumerate(pool.order_by("position").values_list("pk", flat=True))}
            ids.sort(key=order.__getitem__)
        return Draw([(pk, True) for pk in ids], short)
    chosen = pool.filter(pk__in=quiz.questions.values("pk"))
    rows = list(chosen.values_list("pk", "parent_id", "position"))
    if quiz.shuffle_questions:
        ids = selection_rules.draw([selection_rules.Candidate(*row) for row in rows], None, rng)
    else:
        ids = [pk for pk, *_ in sorted(rows, key=lambda row: row[2])]
    return Draw([(pk, True) for pk in ids], [])


def rule_parts(rule: dict) -> tuple[str, int, int]:
    """A stored rule ({"domain": 1, "count": 5} or {"topic": 12, "count": 3}) as (field, value, count)."""
    field = "domain" if "domain" in rule else "topic"
    return field, int(rule[field]), int(rule["count"])


def attempts_used(user, quiz: Quiz) -> int:
    return Attempt.objects.filter(user=user, quiz=quiz).count()


def assignment_start(*, user, assignment: Assignment, seed: int | None = None) -> tuple[Attempt, bool]:
    """Start an attempt at an assigned quiz, or resume the learner's open one. Returns (attempt, new).

    Refused (AssignmentRefused) when the learner is not in the class any more, the quiz is not open, or every
    allowed attempt is used. The deadline is the quiz's time limit from now, and never later than its close:
    an attempt still open at the close is submitted then, with what was saved."""
    quiz = assignment.quiz
    now = timezone.now()
    with transaction.atomic():
        # Serialises two Start presses of one learner (the attempt count below must not be read twice).
        locked = list(
            Enrollment.objects.select_for_update()
            .filter(classroom_id=assignment.classroom_id, learner=user)
            .values_list("pk", flat=True)
        )
        if not locked:
            raise AssignmentRefused("You are no longer in this class, so you cannot start its assignments.")
        open_attempt = (
            Attempt.objects.select_related("quiz")
            .filter(user=user, quiz=quiz, status=Attempt.Status.IN_PROGRESS)
            .first()
        )
        if open_attempt is not None and not services.finish_if_overdue(open_attempt, now):
            return open_attempt, False
        window = quiz.window(now)
        if window == "opens":
            raise AssignmentRefused(
                f"{quiz.title} opens on {timezone.localtime(quiz.opens_at):%d %b %Y at %H:%M}."
            )
        if window == "closed":
            raise AssignmentRefused(
                f"{quiz.title} closed on {timezone.localtime(quiz.closes_at):%d %b %Y at %H:%M}."
            )
        used = attempts_used(user, quiz)
        if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
            raise AssignmentRefused(
                f"You have used all {quiz.attempts_allowed} attempt{'s' if quiz.attempts_allowed != 1 else ''}"
                f" at {quiz.title}."
            )
        seed = seed if seed is not None else secrets.randbits(48)
        drawn = quiz_draw(quiz, seed=seed, user=user).questions
        if not drawn:
            raise AssignmentRefused(
                f"{quiz.title} has no questions to ask (its questions were retired). Tell your instructor."
            )
        deadline = None
        if quiz.time_limit_minutes:
            deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.closes_at and (deadline is None or deadline > quiz.closes_at):
            deadline = quiz.closes_at
        attempt = Attempt.objects.create(
            user=user, quiz=quiz, assignment=assignment, seed=seed, started_at=now, deadline=deadline
        )
        services.attempt_items_create(attempt, drawn)
    return attempt, True


# --- Building and assigning ---------------------------------------------------------------------------------


@transaction.atomic
def quiz_save(*, owner, bank, data: dict, quiz: Quiz | None = None) -> Quiz:
    """Create or update an instructor's quiz from a valid `QuizForm`'s cleaned data. Attempts already made keep
    the questions they drew; later attempts draw by the new settings."""
    quiz = quiz or Quiz(owner=owner, kind=Quiz.Kind.ASSIGNABLE)
    for name in ("title", "description", "blueprint", "time_limit_minutes", "attempts_allowed", "opens_at",
                 "closes_at", "feedback", "shuffle_questions", "shuffle_options", "pass_mark", "rules"):  # fmt: skip
        setattr(quiz, name, data[name])
    # Feedback after each answer is practice; otherwise the exam screens, graded at submission.
    quiz.mode = Quiz.Mode.PRACTICE if quiz.feedback == Quiz.Feedback.IMMEDIATE else Quiz.Mode.EXAM
    chosen = list(data.get("chosen") or []) if data["source"] == "chosen" else []
    if quiz.blueprint_id:
        quiz.question_count = quiz.blueprint.question_count
    elif quiz.rules:
        quiz.question_count = sum(int(r["count"]) for r in quiz.rules)
    else:
        quiz.question_count = len(chosen)
    quiz.save()
    quiz.banks.set([bank])
    quiz.questions.set(chosen)
    return quiz


class AssignError(Exception):
    """The quiz cannot be assigned (or unassigned) so; the message says why."""


def assignment_create(*, classroom, quiz: Quiz, due_at=None, by=None) -> Assignment:
    if Assignment.objects.filter(classroom=classroom, quiz=quiz).exists():
        raise AssignError(f"{quiz.title} is already assigned to {classroom.name}.")
    return Assignment.objects.create(classroom=classroom, quiz=quiz, due_at=due_at, assigned_by=by)


def assignment_delete(*, assignment: Assignment) -> None:
    """Unassign: only while nobody has attempted it (attempts and their grades are never thrown away)."""
    if assignment.attempts.exists():
        raise AssignError(
            f"Learners have attempted {assignment.quiz.title}, so it stays in the gradebook. "
            "Set a close date on the quiz to stop new attempts."
        )
    assignment.delete()
