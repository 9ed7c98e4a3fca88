"""A mock exam's rows written by one statement on PostgreSQL.

Starting a mock exam writes four tables: the exam's quiz, the quiz's links to its banks, the attempt, and the
attempt's 65 items. Through the ORM that is six round trips to PostgreSQL (BEGIN, four INSERTs, COMMIT), each
paid by the app and by the database, and a start storm is made of little else (docs/performance.md). Here one
INSERT whose WITH clauses insert the other three does it in one: each later row takes the id the earlier one was
given from the clause that inserted it. One statement is one transaction of its own, so the four are written
together or not at all, as `transaction.atomic` would; inside a caller's transaction it runs in a savepoint, so
a refusal (the second open attempt two tabs race to create) leaves that transaction usable.

The columns and values come from the model instances, through each field's own preparation for the database
(`get_db_prep_save` after `pre_save`, as the ORM's INSERT does), so a field added to Quiz or Attempt is written
here without a change; `tests/quizzes/test_exam_insert.py` compares the rows with the ORM's.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Sequence

from django.db import connections, transaction

from quizzes.models import Attempt, AttemptItem, Quiz


def insert_exam(connection, *, quiz: Quiz, bank_ids: Sequence[int], attempt: Attempt, items) -> None:
    """Insert `quiz`, its links to `bank_ids`, `attempt` (of that quiz) and its drawn `items` ((question id,
    version id, scored) each, in order); sets the primary keys of `quiz` and `attempt` as `save` would."""
    quiz_fields = _fields(Quiz, ())
    attempt_fields = _fields(Attempt, ("quiz",))
    params = [f.get_db_prep_save(f.pre_save(quiz, True), connection) for f in quiz_fields]
    params.append(list(bank_ids))
    params += [f.get_db_prep_save(f.pre_save(attempt, True), connection) for f in attempt_fields]
    params += AttemptItem.objects.unnest_params(connection, items)
    # A savepoint inside a caller's transaction (a refused statement would spoil it); none needed outside one.
    guard = (
        transaction.atomic(using=connection.alias) if connection.in_atomic_block else contextlib.nullcontext()
    )
    with guard, connection.cursor() as cursor:
        cursor.execute(_statement(connection.alias), params)
        quiz_id, attempt_id = cursor.fetchone()
    for obj, pk in ((quiz, quiz_id), (attempt, attempt_id)):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    attempt.quiz = quiz


def _fields(model, skip: tuple[str, ...]) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in skip]


@functools.cache
def _statement(alias: str) -> str:
    """The statement's text: the same for every start (names and types from the models' meta, placeholders for
    every value), so PostgreSQL plans it once per connection."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    links = Quiz.banks.through._meta
    quiz_link, bank_link = (links.get_field(name) for name in ("quiz", "bank"))
    quiz_fields = _fields(Quiz, ())
    attempt_fields = _fields(Attempt, ("quiz",))
    marks = ", ".join(["%s"] * len(attempt_fields))
    items = AttemptItem.objects.unnest_insert(connection, attempt_sql="a.id", source="a, ")
    return (
        f"WITH q AS (INSERT INTO {quote(Quiz._meta.db_table)}"  # noqa: S608 (names and placeholders only)
        f" ({', '.join(quote(f.column) for f in quiz_fields)})"
        f" VALUES ({', '.join(['%s'] * len(quiz_fields))}) RETURNING {quote(Quiz._meta.pk.column)} AS id),"
        f" b AS (INSERT INTO {quote(links.db_table)} ({quote(quiz_link.column)}, {quote(bank_link.column)})"
        f" SELECT q.id, u.bank FROM q, unnest(%s::{bank_link.db_type(connection)}[]) AS u(bank)),"
        f" a AS (INSERT INTO {quote(Attempt._meta.db_table)}"
        f" ({quote(Attempt._meta.get_field('quiz').column)}, {', '.join(quote(f.column) for f in attempt_fields)})"
        f" VALUES ((SELECT id FROM q), {marks}) RETURNING {quote(Attempt._meta.pk.column)} AS id),"
        f" i AS ({items})"
        " SELECT q.id, a.id FROM q, a"
    )
