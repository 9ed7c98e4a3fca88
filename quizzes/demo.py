"""Demo teaching data for `make run`: the demo instructor's class with the demo learner in it and one assignment,
so that a new user sees the instructor area and an assignment at once. Local use only; idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts import services as class_services
from accounts.demo import DEMO_ACCOUNTS
from accounts.models import Classroom, Enrollment, User
from content.models import Bank
from quizzes import assignments
from quizzes.models import Assignment, Quiz

CLASS_NAME = "MLA-C01 study group"
QUIZ_TITLE = "Week 1: data preparation check"


def _demo(role: str) -> User | None:
    email = next(a["email"] for a in DEMO_ACCOUNTS if a["role"] == role)
    return User.objects.filter(email=email).first()


@transaction.atomic
def ensure_demo_class() -> str:
    """Create what is missing; leave what exists alone. Returns a line saying what it did."""
    instructor, learner = _demo("instructor"), _demo("learner")
    bank = Bank.objects.filter(slug="mla-c01", owner__isnull=True).first()
    if instructor is None or learner is None or bank is None:
        return "Demo class skipped: the demo accounts and the built-in bank are needed first."
    classroom = Classroom.objects.filter(owner=instructor, name=CLASS_NAME).first()
    created = classroom is None
    if created:
        classroom = class_services.classroom_create(owner=instructor, name=CLASS_NAME)
    Enrollment.objects.get_or_create(classroom=classroom, learner=learner)
    quiz = Quiz.objects.filter(owner=instructor, kind=Quiz.Kind.ASSIGNABLE, title=QUIZ_TITLE).first()
    if quiz is None:
        quiz = assignments.quiz_save(
            owner=instructor,
            bank=bank,
            data={
                "title": QUIZ_TITLE,
                "description": "Ten questions on Domain 1 (data preparation), drawn afresh for each attempt.",
                "source": "rules",
                "rules": [{"domain": 1, "count": 10}],
                "blueprint": None,
                "time_limit_minutes": 20,
                "attempts_allowed": 3,
                "opens_at": None,
                "closes_at": None,
                "feedback": Quiz.Feedback.END,
                "shuffle_questions": True,
                "shuffle_options": True,
                "pass_mark": 70.0,
            },
        )
    if not Assignment.objects.filter(classroom=classroom, quiz=quiz).exists():
        assignments.assignment_create(
            classroom=classroom, quiz=quiz, due_at=timezone.now() + timedelta(days=7), by=instructor
        )
    state = "created" if created else "exists"
    return f"  class      {CLASS_NAME} (code {classroom.join_code}), with the demo learner and one assignment ({state})"
