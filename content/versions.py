"""Question versions: the record an attempt item keeps of the question it showed (`QuestionVersion`).

`version_ids_for` returns the current version of each question, creating the ones that do not exist yet in one
bulk write, so drawing a quiz costs one query when nothing changed since the last draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db.models import Prefetch

from content import markdown
from content.models import Choice, Question, QuestionVersion

CHOICE_FIELDS = ("key", "role", "text", "rationale", "is_correct", "position", "match_key")


def version_hash(question_hash: str, parent_hash: str | None) -> str:
    """A part's version changes when its case study's scenario changes too."""
    if not parent_hash:
        return question_hash
    return hashlib.sha256(f"{question_hash}:{parent_hash}".encode()).hexdigest()


def snapshot(question: Question) -> QuestionVersion:
    """An unsaved version of a question as it stands (uses prefetched choices and parent)."""
    parent = question.parent
    version = QuestionVersion(
        question=question,
        content_hash=version_hash(question.content_hash, parent.content_hash if parent else None),
        type=question.type,
        stem=question.stem,
        scenario=parent.stem if parent else "",
        explanation=question.explanation,
        references=list(question.references),
        choices=[
            {name: getattr(c, name) for name in CHOICE_FIELDS}
            for c in sorted(question.choices.all(), key=lambda c: (c.role, c.position))
        ],
    )
    version.rendered = markdown.rendered_texts(version.markdown_texts())
    return version


def version_ids_for(question_ids: Iterable[int]) -> dict[int, int]:
    """The id of each question's current version, keyed by question id; missing versions are made here.

    Only ids are read (a version's choices and texts are not decoded), so drawing a 65-question exam stays cheap.
    """
    ids = list(dict.fromkeys(question_ids))
    hashes = {
        pk: version_hash(own, parent)
        for pk, own, parent in Question.objects.filter(pk__in=ids).values_list(
            "pk", "content_hash", "parent__content_hash"
        )
    }

    def current(pks) -> dict[int, int]:
        rows = QuestionVersion.objects.filter(
            question_id__in=pks, content_hash__in={hashes[pk] for pk in pks}
        ).values_list("question_id", "content_hash", "pk")
        return {question: pk for question, content_hash, pk in rows if hashes[question] == content_hash}

    found = current([pk for pk in ids if pk in hashes])
    missing = [pk for pk in ids if pk in hashes and pk not in found]
    if missing:
        questions = (
            Question.objects.filter(pk__in=missing)
            .select_related("parent")
            .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("role", "position")))
        )
        # Another request may make some of them at the same moment: theirs are as good, read them back.
        QuestionVersion.objects.bulk_create([snapshot(q) for q in questions], ignore_conflicts=True)
        found |= current(missing)
    return found
