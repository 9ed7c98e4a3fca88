"""`item_stats QUIZ [--class ID] [--json]`: the item analysis of an instructor's quiz, as its page shows it."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from quizzes import teaching
from quizzes.models import Attempt, Quiz


class Command(BaseCommand):
    help = (
        "Print each question's facility index, discrimination index and option counts over the first submitted "
        "attempt of each learner at an instructor's quiz (all its classes, or one), with the flags the "
        "instructor's page shows. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "quiz", type=int, help="The quiz's id (in its page's address: /teach/quizzes/ID/)."
        )
        parser.add_argument(
            "--class", dest="classroom", type=int, help="Only the attempts of this class's id."
        )
        parser.add_argument("--json", action="store_true", help="One JSON object on standard output.")

    def handle(self, *args, quiz: int, classroom: int | None, json: bool, **options):
        found = Quiz.objects.filter(pk=quiz, kind=Quiz.Kind.ASSIGNABLE).first()
        if found is None:
            self.stderr.write(f"No instructor's quiz has the id {quiz}.")
            sys.exit(1)
        attempts = Attempt.objects.filter(quiz=found)
        if classroom is not None:
            attempts = attempts.filter(assignment__classroom_id=classroom)
        analysis = teaching.item_analysis(attempts)
        if json:
            self.stdout.write(_json({"quiz": found.pk, "title": found.title, "attempts": analysis.attempts,
                                     "questions": [row.as_json() for row in analysis.rows]}))  # fmt: skip
            return
        self.stdout.write(f"{found.title}: {analysis.attempts} first attempt(s)")
        self.stdout.write(f"{'#':>3}  {'question':<40} {'n':>4} {'facility':>9} {'discrim.':>9}  flags")
        for row in analysis.rows:
            s = row.stats
            discrimination = "-" if s.discrimination is None else f"{s.discrimination:.1f}%"
            self.stdout.write(
                f"{row.number:>3}  {row.question_key[:40]:<40} {s.n:>4} {s.facility:>8.1f}% {discrimination:>9}  "
                + "; ".join(s.flags)
            )


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
