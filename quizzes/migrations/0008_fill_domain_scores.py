"""Attempts submitted before scores were stored per domain get them, computed from their items as
`services.attempt_finish` computes them now, so that every results page reads the stored figures."""

from django.db import migrations


def fill(apps, schema_editor):
    from quizzes import scoring

    Attempt = apps.get_model("quizzes", "Attempt")
    AttemptItem = apps.get_model("quizzes", "AttemptItem")
    for attempt in Attempt.objects.filter(status="submitted", domain_scores=[]).select_related("quiz").iterator():
        items = AttemptItem.objects.filter(attempt=attempt).select_related("question__domain")
        result = scoring.score(
            [
                scoring.Mark(
                    score=item.score or 0.0,
                    answered=item.answered_at is not None,
                    scored=item.scored,
                    domain=item.question.domain.number if item.question.domain_id else None,
                    domain_name=item.question.domain.name if item.question.domain_id else "",
                )
                for item in items
            ],
            exam=attempt.quiz.mode == "exam",
        )
        attempt.domain_scores = result.domain_rows()
        attempt.save(update_fields=["domain_scores"])


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0007_exam_attempts")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
