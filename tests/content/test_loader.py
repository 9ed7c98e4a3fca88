from __future__ import annotations

from dataclasses import replace

import pytest

from content import model as m
from content.export import bank_from_db
from content.loader import LoadError, choice_key, content_hash, load_bank
from content.models import Bank, Choice, Question
from tests import builders

pytestmark = pytest.mark.django_db


def test_first_load_adds_every_question_with_its_choices():
    report = load_bank(builders.sample_bank())
    assert report.created
    assert sorted(report.added) == sorted(
        ["q-single", "q-multiple", "q-ordering", "q-matching", "q-case", "q-case-infra", "q-case-serve"]
    )
    bank = Bank.objects.get(slug="sample")
    assert bank.questions.count() == 7
    case = Question.objects.get(key="q-case")
    assert [p.key for p in case.parts.order_by("position")] == ["q-case-infra", "q-case-serve"]
    single = Question.objects.get(key="q-single")
    assert single.domain.number == 1 and single.topic.title == "Input modes"
    right = single.choices.get(is_correct=True)
    assert right.text == "Fast File mode" and right.rationale == "Streams on demand."
    steps = Question.objects.get(key="q-ordering").choices.order_by("position")
    assert next(s.text for s in steps) == "Upload model.tar.gz to S3"
    prompts = Choice.objects.filter(question__key="q-matching", role="prompt")
    matches = {c.key: c.text for c in Choice.objects.filter(question__key="q-matching", role="match")}
    assert {p.text: matches[p.match_key] for p in prompts}["DeepAR"] == "Time-series forecasting"


def test_loading_the_same_bank_again_changes_nothing():
    load_bank(builders.sample_bank())
    before = list(Question.objects.values_list("pk", "updated_at", "content_hash"))
    choices_before = list(Choice.objects.values_list("pk", flat=True))
    report = load_bank(builders.sample_bank())
    assert (report.added, report.updated, report.retired) == ([], [], [])
    assert len(report.unchanged) == 7
    assert list(Question.objects.values_list("pk", "updated_at", "content_hash")) == before
    assert list(Choice.objects.values_list("pk", flat=True)) == choices_before
    assert Bank.objects.get().version == 1


def test_edited_bank_updates_adds_and_retires_by_key():
    load_bank(builders.sample_bank())
    first_pk = Question.objects.get(key="q-single").pk
    edited = builders.sample_bank(
        questions=(
            builders.with_stem(builders.single(), "Which mode lets training start at once?"),
            builders.multiple(),
            builders.single(key="q-new", stem="A brand new question?"),
        )
    )
    report = load_bank(edited)
    assert report.updated == ["q-single"]
    assert report.added == ["q-new"]
    assert sorted(report.retired) == sorted(
        ["q-ordering", "q-matching", "q-case", "q-case-infra", "q-case-serve"]
    )
    updated = Question.objects.get(key="q-single")
    assert updated.pk == first_pk, "an edited question keeps its row, so history stays attached"
    assert updated.stem == "Which mode lets training start at once?"
    assert Question.objects.filter(key="q-ordering", retired_at__isnull=False).exists()
    assert Bank.objects.get().version == 2
    # Loading the full bank again brings the retired questions back.
    again = load_bank(builders.sample_bank())
    assert "q-ordering" in again.updated
    assert not Question.objects.get(key="q-ordering").is_retired


def test_option_keys_are_stable_when_options_are_reordered():
    load_bank(builders.sample_bank())
    key_before = Question.objects.get(key="q-single").choices.get(is_correct=True).key
    q = builders.single()
    load_bank(builders.sample_bank(questions=(replace(q, options=tuple(reversed(q.options))),)))
    assert Question.objects.get(key="q-single").choices.get(is_correct=True).key == key_before
    assert key_before == choice_key("option", "Fast  File MODE")


def test_dry_run_writes_nothing_but_reports():
    report = load_bank(builders.sample_bank(), dry_run=True)
    assert report.dry_run and len(report.added) == 7
    assert not Bank.objects.exists()
    assert not Question.objects.exists()


def test_a_failure_midway_leaves_nothing_half_written(monkeypatch):
    from content import loader

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_insert_choices", boom)  # the last write of a load
    with pytest.raises(RuntimeError):
        load_bank(builders.sample_bank())
    assert not Bank.objects.exists()
    assert not Question.objects.exists()


def test_retire_only_questions_from_the_files_loaded():
    a = replace(builders.single(key="q-a"), source="a.md")
    b = replace(builders.single(key="q-b", stem="Other?"), source="b.md")
    load_bank(builders.sample_bank(questions=(a, b)), sources={"a.md", "b.md"})
    report = load_bank(builders.sample_bank(questions=(a,)), sources={"a.md"})
    assert report.retired == []
    report = load_bank(builders.sample_bank(questions=()), sources={"a.md"})
    assert report.retired == ["q-a"]


def test_a_question_records_its_file_name_never_a_server_path():
    question = replace(builders.single(key="q-a"), source="/srv/quizwright/content/builtin/core.md")
    load_bank(builders.sample_bank(questions=(question,)), sources={question.source})
    assert Question.objects.get(key="q-a").source == "core.md"


def test_a_moved_checkout_still_retires_what_left_its_file():
    a = replace(builders.single(key="q-a"), source="/old/place/a.md")
    b = replace(builders.single(key="q-b", stem="Other?"), source="/old/place/a.md")
    load_bank(builders.sample_bank(questions=(a, b)), sources={"/old/place/a.md"})
    # Rows written by an older release kept the full path; a load from the new folder must still match them.
    Question.objects.filter(key="q-b").update(source="/old/place/a.md")
    moved = replace(a, source="/new/place/a.md")
    report = load_bank(builders.sample_bank(questions=(moved,)), sources={"/new/place/a.md"})
    assert report.retired == ["q-b"]
    assert report.unchanged == ["q-a"]


def test_shifted_lines_are_refreshed_without_counting_as_an_update():
    question = replace(builders.single(key="q-a"), source="a.md", source_lines=(10,))
    load_bank(builders.sample_bank(questions=(question,)), sources={"a.md"})
    updated_at = Question.objects.get(key="q-a").updated_at
    report = load_bank(
        builders.sample_bank(questions=(replace(question, source_lines=(14,)),)), sources={"a.md"}
    )
    assert report.summary()["updated"] == 0 and report.unchanged == ["q-a"]
    row = Question.objects.get(key="q-a")
    assert row.source_lines == [14] and row.updated_at == updated_at


def test_a_bank_owned_by_someone_else_cannot_be_overwritten(student, other_student):
    load_bank(builders.sample_bank(slug="mine"), owner=student)
    with pytest.raises(LoadError, match="belongs to someone else"):
        load_bank(builders.sample_bank(slug="mine"), owner=other_student)


def test_export_reads_back_what_was_loaded():
    bank = builders.sample_bank()
    load_bank(bank)
    exported = bank_from_db(Bank.objects.get(slug="sample"))
    assert exported.questions == bank.questions
    assert exported.domains == bank.domains
    assert [t.title for t in exported.topics] == [t.title for t in bank.topics]


def test_case_study_parts_inherit_the_case_domain():
    case = builders.case_study()
    parts = tuple(replace(p, domain=None) for p in case.parts)
    load_bank(builders.sample_bank(questions=(replace(case, parts=parts),)))
    assert Question.objects.get(key="q-case-infra").domain.number == 3


def test_concepts_from_notes_are_stored_and_pruned():
    concepts = (m.Concept("Pipe mode", "Input modes", "Streams data", ("Pipe",), ("Streams data",), 4),)
    load_bank(builders.sample_bank(concepts=concepts))
    bank = Bank.objects.get()
    assert bank.concepts.get().aliases == ["Pipe"]
    load_bank(builders.sample_bank(concepts=()))
    assert not bank.concepts.exists()


def test_content_hash_is_stable_across_releases():
    """Every stored question carries this hash: if the way it is computed changes, every question of every bank
    looks edited on the next load. These values were computed by the first release."""
    assert content_hash(builders.single(), "Input modes", 1) == (
        "211c4af994870f6b4baf8cdf7907d2296a9509db8f537e4e2df20c26fb79c016"
    )
    assert content_hash(builders.case_study(), "Deployment", 3) == (
        "0ad3ebb3b2934db55e2a804451458e5cf542749fff0b2dc43050143c4f5e07a5"
    )
    assert content_hash(builders.single(), "Input modes", 2) != content_hash(
        builders.single(), "Input modes", 1
    )
