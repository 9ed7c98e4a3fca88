"""Who may see which attempt. Every view gets attempts and their items through these functions, never through a
bare query, so an attempt id that is not the user's is a 404 whether it exists or not."""

from __future__ import annotations

import functools

from django.db import connection
from django.http import Http404

from accounts.access import classes_taught
from content.models import QuestionVersion
from quizzes.models import Assignment, Attempt, AttemptItem, Quiz
from quizzes.prepared import Prepared


def only_row(queryset):
    """The one row a filter on a unique key matches, or None. Like `.first()` without its ORDER BY, which needs
    nothing here and made the ORM hash every selected column: a fifth of a practice answer's time with the item's
    six joined tables."""
    return next(iter(queryset.order_by()[:1]), None)


# Every attempt page looks these up: their SQL is built once (quizzes.prepared).
_ATTEMPT = Prepared(
    lambda pk, user_id: Attempt.objects.select_related("quiz", "blueprint").filter(pk=pk, user_id=user_id)
)
# What an item's page shows of it: the version it showed, and its question's topic, domain, case study and bank.
_ITEM_RELATED = ("version", "question__topic", "question__domain", "question__parent", "question__bank")
_ITEM = Prepared(
    lambda attempt_id, position: AttemptItem.objects.select_related(*_ITEM_RELATED).filter(
        attempt_id=attempt_id, position=position
    )
)
# A practice answer reads both at once: the item, joined to its attempt only if that is the user's.
_USERS_ITEM = Prepared(
    lambda pk, user_id, position: AttemptItem.objects.select_related(
        "attempt__quiz", "attempt__blueprint", *_ITEM_RELATED
    ).filter(attempt_id=pk, attempt__user_id=user_id, position=position)
)


def attempt_for_user(user, pk: int) -> Attempt:
    """The attempt if it is this user's; 404 otherwise, whether it exists or not."""
    attempt = _ATTEMPT.first(pk, user.pk) if user.is_authenticated else None
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def quizzes_built_by(user):
    """The assignable quizzes an instructor built."""
    if not user.is_authenticated or not user.is_instructor:
        return Quiz.objects.none()
    return Quiz.objects.filter(owner=user, kind=Quiz.Kind.ASSIGNABLE)


def quiz_for_builder(user, pk: int) -> Quiz:
    """An instructor's own assignable quiz; 404 for anyone else's, and for a learner's session."""
    quiz = only_row(quizzes_built_by(user).filter(pk=pk))
    if quiz is None:
        raise Http404("No such quiz.")
    return quiz


def assignment_for_learner(user, pk: int) -> Assignment:
    """An assignment of a class the learner is in; 404 otherwise."""
    assignment = (
        only_row(
            Assignment.objects.select_related("quiz", "classroom").filter(
                pk=pk, classroom__enrollments__learner=user
            )
        )
        if user.is_authenticated
        else None
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def assignment_for_teacher(user, pk: int) -> Assignment:
    """An assignment of a class the user teaches (owner or co-instructor); 404 otherwise."""
    assignment = only_row(
        Assignment.objects.select_related("quiz", "classroom").filter(
            pk=pk, classroom__in=classes_taught(user)
        )
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return assignment


def attempt_for_teacher(user, pk: int) -> Attempt:
    """A learner's attempt at an assignment of a class the user teaches; 404 otherwise (an attempt at a
    learner's own practice is theirs alone)."""
    attempt = only_row(
        Attempt.objects.select_related("quiz", "blueprint", "user", "assignment__classroom").filter(
            pk=pk, assignment__classroom__in=classes_taught(user)
        )
    )
    if attempt is None:
        raise Http404("No such attempt.")
    return attempt


def item_for(attempt: Attempt, number: int) -> AttemptItem:
    """Item `number` (1-based) of an attempt already checked by `attempt_for_user`, with the version it showed,
    its question's topic, domain and bank, in one query."""
    item = _ITEM.first(attempt.pk, number - 1)
    if item is None:
        raise Http404("No such question in this attempt.")
    item.attempt = attempt  # the attempt already read and checked: reading `item.attempt` costs no query
    return item


def users_item(user, pk: int, number: int) -> AttemptItem:
    """Item `number` (1-based) of attempt `pk` with its attempt (as `attempt_for_user` and `item_for` give them),
    in one query; 404 when the attempt is not this user's, whether it exists or not, or has no such item."""
    item = _USERS_ITEM.first(pk, user.pk, number - 1) if user.is_authenticated else None
    if item is None:
        raise Http404("No such question in this attempt.")
    return item


def exam_item_for(user, pk: int, number: int) -> AttemptItem:
    """An exam's autosave in one query: item `number` of attempt `pk` if the attempt is this user's (404
    otherwise, as `attempt_for_user`), with the attempt, quiz and version columns that saving reads.

    The hottest request of an exam (issue 13's load targets: 170 saves a second). Profiling showed the ORM
    spending most of the request building this four-table query, so it is written out once (`_exam_item_sql`)
    and its values go through the same converters the ORM would apply. The save that follows checks the
    attempt's status again in its own statement (`services.exam_save`)."""
    if not user.is_authenticated:
        raise Http404("No such question in this attempt.")
    sql, fields = _exam_item_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, user.pk, number - 1])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such question in this attempt.")
    values = {}
    for (name, field), value in zip(fields, row, strict=True):
        col = field.get_col(field.model._meta.db_table)
        for convert in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            value = convert(value, col, connection)
        values[name] = value
    quiz = Quiz(id=values["quiz_id"], mode=values["mode"], shuffle_options=values["shuffle_options"],
                question_count=values["question_count"])  # fmt: skip
    attempt = Attempt(id=pk, user_id=user.pk, quiz=quiz, status=values["status"], deadline=values["deadline"],
                      seed=values["seed"])  # fmt: skip
    version = QuestionVersion(id=values["version_id"], question_id=values["question_id"], type=values["type"],
                              choices=values["choices"])  # fmt: skip
    return AttemptItem(
        id=values["id"], attempt=attempt, question_id=values["question_id"], version=version,
        position=values["position"], save_seq=values["save_seq"], response=values["response"],
        answered_at=values["answered_at"], flagged=values["flagged"],
    )  # fmt: skip


@functools.cache
def _exam_item_sql(vendor: str) -> tuple[str, list]:
    """The exam item query, from the models' table and column names, and the fields its columns hold."""
    item, attempt, quiz, version = (m._meta for m in (AttemptItem, Attempt, Quiz, QuestionVersion))
    q = connection.ops.quote_name
    wanted = [
        ("i", item, ("id", "position", "question_id", "version_id", "save_seq", "response", "answered_at", "flagged")),
        ("a", attempt, ("status", "deadline", "seed", "quiz_id")),
        ("z", quiz, ("mode", "shuffle_options", "question_count")),
        ("v", version, ("type", "choices")),
    ]  # fmt: skip
    columns, fields = [], []
    for alias, meta, names in wanted:
        for name in names:
            field = meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name)
            columns.append(f"{alias}.{q(field.column)}")
            fields.append((name, field.target_field if field.is_relation else field))
    # Identifiers come from the models' metadata, quoted; the only values are the three query parameters.
    sql = (
        f"SELECT {', '.join(columns)} FROM {q(item.db_table)} i"  # noqa: S608
        f" JOIN {q(attempt.db_table)} a ON a.{q('id')} = i.{q(item.get_field('attempt').column)}"
        f" JOIN {q(quiz.db_table)} z ON z.{q('id')} = a.{q(attempt.get_field('quiz').column)}"
        f" JOIN {q(version.db_table)} v ON v.{q('id')} = i.{q(item.get_field('version').column)}"
        f" WHERE i.{q(item.get_field('attempt').column)} = %s AND a.{q(attempt.get_field('user').column)} = %s"
        f" AND i.{q('position')} = %s"
    )
    return sql, fields
