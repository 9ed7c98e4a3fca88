"""Attempt items keep the version of the question they showed: drawing records it, an unchanged bank reuses it,
and an edited bank makes a new one while items already drawn keep theirs (issue 10, versioning step)."""

from __future__ import annotations

import pytest

from content import model as m
from content.loader import load_bank
from content.models import Bank, Question, QuestionVersion
from content.versions import version_hash, version_ids_for
from quizzes import access, presentation, results, services
from quizzes.models import AttemptItem
from tests import builders

pytestmark = pytest.mark.django_db


def _bank(**kw) -> Bank:
    load_bank(builders.sample_bank(**kw))
    return Bank.objects.get(slug="sample")


def test_every_drawn_item_records_the_version_it_showed(student):
    attempt = services.practice_start(user=student, banks=[_bank()], count=None, seed=3)
    items = list(AttemptItem.objects.filter(attempt=attempt).select_related("version", "question__parent"))
    assert len(items) == 6
    for item in items:
        question, version = item.question, item.version
        parent = question.parent
        assert version.question_id == question.pk
        assert version.content_hash == version_hash(
            question.content_hash, parent.content_hash if parent else None
        )
        assert version.stem == question.stem and version.type == question.type
        assert version.scenario == (parent.stem if parent else "")
        assert [c.key for c in version.choice_list()] == list(
            question.choices.order_by("role", "position").values_list("key", flat=True)
        )
        assert [c.is_correct for c in version.choice_list()] == list(
            question.choices.order_by("role", "position").values_list("is_correct", flat=True)
        )


def test_an_unchanged_bank_reuses_its_versions(student, other_student):
    bank = _bank()
    services.practice_start(user=student, banks=[bank], count=None, seed=1)
    made = QuestionVersion.objects.count()
    services.practice_start(user=other_student, banks=[bank], count=None, seed=2)
    assert QuestionVersion.objects.count() == made == 6


def test_editing_a_question_makes_a_new_version_and_old_items_keep_theirs(student):
    bank = _bank()
    first = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    old = AttemptItem.objects.select_related("version").get(attempt=first, question__key="q-single")
    _edit_key_to_pipe_mode(stem="Which mode streams a FIFO?")
    second = services.practice_start(user=student, banks=[bank], count=None, seed=1)
    new = AttemptItem.objects.select_related("version").get(attempt=second, question__key="q-single")
    assert new.question_id == old.question_id and new.version_id != old.version_id
    old.version.refresh_from_db()
    assert old.version.stem == "Which input mode streams objects as files on demand?"
    assert [c.text for c in old.version.choice_list() if c.is_correct] == ["Fast File mode"]
    assert new.version.stem == "Which mode streams a FIFO?"
    assert [c.text for c in new.version.choice_list() if c.is_correct] == ["Pipe mode"]
    assert QuestionVersion.objects.filter(question_id=old.question_id).count() == 2


def test_a_changed_scenario_gives_its_parts_new_versions():
    _bank()
    part = Question.objects.get(key="q-case-infra")
    before = QuestionVersion.objects.get(pk=version_ids_for([part.pk])[part.pk])
    Question.objects.filter(key="q-case").update(
        stem="A bank scores loans every hour.", content_hash="x" * 64
    )
    after = QuestionVersion.objects.get(pk=version_ids_for([part.pk])[part.pk])
    assert after.pk != before.pk
    assert after.scenario == "A bank scores loans every hour." and before.scenario.startswith("A retailer")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_items_drawn_before_versions_the_question_as_it_stands(student):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    _bank()
    services.practice_start(user=student, banks=[Bank.objects.get(slug="sample")], count=2, seed=1)
    executor = MigrationExecutor(connection)
    executor.migrate([("quizzes", "0002_attempt_item_version")])
    old_apps = executor.loader.project_state([("quizzes", "0002_attempt_item_version")]).apps
    old_apps.get_model("quizzes", "AttemptItem").objects.update(version=None)
    old_apps.get_model("content", "QuestionVersion").objects.all().delete()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for item in AttemptItem.objects.select_related("version", "question"):
        assert item.version.question_id == item.question_id
        assert item.version.stem == item.question.stem
    assert QuestionVersion.objects.count() == 2


def _edit_key_to_pipe_mode(**single):
    """Reload the sample bank with q-single's key moved from Fast File mode to Pipe mode."""
    options = (
        m.Option("File mode", False, "Copies everything first."),
        m.Option("Fast File mode", False, "Not this time."),
        m.Option("Pipe mode", True, "Now the key."),
        m.Option("Amazon EFS", False, "A file system."),
    )
    load_bank(
        builders.sample_bank(
            questions=(
                builders.single(options=options, **single),
                builders.multiple(),
                builders.matching(),
                builders.ordering(),
                builders.case_study(),
            )
        )
    )


def test_an_item_drawn_before_an_edit_is_graded_shown_and_reviewed_as_it_was_drawn(student):
    from django.http import QueryDict

    bank = _bank()
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=5)
    number = AttemptItem.objects.get(attempt=attempt, question__key="q-single").position + 1
    before = access.item_for(attempt, number)
    fast_file = next(c.key for c in before.version.choice_list() if c.text == "Fast File mode")
    _edit_key_to_pipe_mode()
    item = access.item_for(attempt, number)
    assert [c.text for c in item.question.choices.filter(is_correct=True)] == [
        "Pipe mode"
    ]  # the bank changed
    shown = presentation.display_for(attempt, item)
    assert sorted(o.text for o in shown.options) == ["Amazon EFS", "Fast File mode", "File mode", "Pipe mode"]
    data = QueryDict(mutable=True)
    data.setlist("choice", [fast_file])
    item = services.attempt_answer(attempt=attempt, item=item, data=data)
    assert item.is_correct and item.score == 1.0  # right as the learner saw the question
    assert next(o for o in shown.options if o.text == "Fast File mode").rationale == "Streams on demand."
    assert presentation.item_feedback(item, shown).correct
    services.attempt_finish(attempt=attempt)
    row = next(r for r in results.attempt_summary(attempt).review if r.item.pk == item.pk)
    assert row.status == "right"
    assert "Fast File mode" in str(row.right) and "Pipe mode" not in str(row.right)


def test_the_question_page_and_the_review_show_the_stem_as_drawn(client, student):
    bank = _bank()
    attempt = services.practice_start(user=student, banks=[bank], count=None, seed=5)
    item = AttemptItem.objects.select_related("version").get(attempt=attempt, question__key="q-single")
    drawn_stem = item.version.stem
    _edit_key_to_pipe_mode(stem="An edited stem nobody drew?")
    client.force_login(student)
    page = client.get(f"/attempts/{attempt.pk}/q/{item.number}/").content.decode()
    assert drawn_stem.rstrip("?") in page and "An edited stem nobody drew" not in page
    services.attempt_finish(attempt=attempt)
    review = client.get(f"/attempts/{attempt.pk}/summary/?show=all").content.decode()
    assert drawn_stem.rstrip("?") in review and "An edited stem nobody drew" not in review


def test_items_written_in_one_statement_are_the_rows_bulk_create_writes(student):
    """`AttemptItem.objects.create_drawn` skips bulk_create's per-field work (a mock exam's start is hot): its rows
    must be exactly bulk_create's, defaults included, so a new field with a default cannot be missed."""
    attempt = services.practice_start(user=student, banks=[_bank()], count=2, seed=3)
    other = services.practice_start(user=student, banks=[Bank.objects.get(slug="sample")], count=2, seed=3)
    drawn = list(
        AttemptItem.objects.filter(attempt=attempt).values_list("question_id", "version_id", "scored")
    )
    AttemptItem.objects.filter(attempt__in=[attempt, other]).delete()
    AttemptItem.objects.create_drawn(attempt.pk, [(q, v, False) for q, v, _ in drawn])
    AttemptItem.objects.bulk_create(
        [
            AttemptItem(attempt=other, question_id=q, version_id=v, position=i, scored=False)
            for i, (q, v, _) in enumerate(drawn)
        ]
    )
    columns = [f.attname for f in AttemptItem._meta.concrete_fields if f.attname not in {"id", "attempt_id"}]
    written = list(AttemptItem.objects.filter(attempt=attempt).order_by("position").values_list(*columns))
    expected = list(AttemptItem.objects.filter(attempt=other).order_by("position").values_list(*columns))
    assert len(written) == 2 and written == expected
    assert [row[columns.index("scored")] for row in written] == [False, False]
    # SQL NULL, as bulk_create writes it, not JSON null.
    assert AttemptItem.objects.filter(attempt=attempt, response__isnull=True).count() == 2
    assert AttemptItem.objects.filter(attempt=other, response__isnull=True).count() == 2
