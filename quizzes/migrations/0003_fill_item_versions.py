"""Give every existing attempt item the version of the question it showed, as the question stands now (nothing
older was kept before versions existed). Mirrors content/versions.py with the historical models."""

import hashlib

from django.db import migrations

CHOICE_FIELDS = ("key", "role", "text", "rationale", "is_correct", "position", "match_key")


def forwards(apps, schema_editor):
    Question = apps.get_model("content", "Question")
    QuestionVersion = apps.get_model("content", "QuestionVersion")
    AttemptItem = apps.get_model("quizzes", "AttemptItem")
    question_ids = set(AttemptItem.objects.filter(version__isnull=True).values_list("question_id", flat=True))
    for question in Question.objects.filter(pk__in=question_ids).select_related("parent"):
        parent = question.parent
        digest = question.content_hash
        if parent is not None:
            digest = hashlib.sha256(f"{digest}:{parent.content_hash}".encode()).hexdigest()
        choices = question.choices.order_by("role", "position")
        version, _ = QuestionVersion.objects.get_or_create(
            question=question,
            content_hash=digest,
            defaults={
                "type": question.type,
                "stem": question.stem,
                "scenario": parent.stem if parent else "",
                "explanation": question.explanation,
                "references": list(question.references),
                "choices": [{name: getattr(c, name) for name in CHOICE_FIELDS} for c in choices],
            },
        )
        AttemptItem.objects.filter(question=question, version__isnull=True).update(version=version)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_attempt_item_version"),
        ("content", "0002_question_versions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
