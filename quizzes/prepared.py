"""Hot lookups whose SQL is built once.

The ORM builds a query's SQL anew on every call. For the lookups every attempt page makes (the attempt with its
quiz, the item with its version, question, topic, domain and bank) that cost more than the database took to
answer (docs/performance.md). A `Prepared` lookup is written as an ordinary queryset; it is compiled once per
database connection, with stand-in values where the real ones go, and from then on only runs: the values are put
in the stand-ins' places, and the row becomes model instances as the ORM's own iterator makes them (the same
converters, the same related objects).

    _ATTEMPT = Prepared(lambda pk, user_id: Attempt.objects.select_related("quiz").filter(pk=pk, user_id=user_id))
    attempt = _ATTEMPT.first(pk, user.pk)  # or None

A `PreparedUpdate` does the same for an UPDATE: the rows to change are an ordinary queryset (its filters may follow
relations), the new values are put in place each time, through each field's own conversion for the database.

    _SAVE = PreparedUpdate(lambda pk: Item.objects.filter(pk=pk, attempt__status="open"), ("response", "score"))
    changed = _SAVE.run((item.pk,), {"response": {...}, "score": 1.0})  # rows changed
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import UpdateQuery

# Values that fit every integer field (a negative one or one past 32767 makes the ORM drop a filter on a small or
# positive field as impossible). Each must appear exactly once among the compiled query's parameters.
STAND_INS = (30_011, 30_013, 30_017, 30_019)


class Prepared:
    """A one-row lookup: `build(*values)` returns the queryset for those values (filters on integers only), of
    model instances or of `values_list()` rows."""

    def __init__(self, build: Callable[..., QuerySet], using: str = DEFAULT_DB_ALIAS):
        self.build = build
        self.using = using

    def first(self, *values: int):
        """The row's model instance (with its `select_related` objects) or its values (a tuple), or None."""
        connection = connections[self.using]
        # On the connection object: one per thread, and it outlives the database connection it wraps.
        compiled = _compiled_on(connection)
        if self not in compiled:
            compiled[self] = _Compiled(self.build(*STAND_INS[: len(values)]), connection, len(values))
        return compiled[self].first(values)


class PreparedUpdate:
    """An UPDATE of `fields` on the rows `build(*values)` selects (filters on integers only)."""

    def __init__(
        self, build: Callable[..., QuerySet], fields: tuple[str, ...], using: str = DEFAULT_DB_ALIAS
    ):
        self.build = build
        self.fields = fields
        self.using = using

    def run(self, values: tuple[int, ...], changes: dict) -> int:
        """Set `changes` (one value, never None, for each of `fields`) on the selected rows; the number changed."""
        if tuple(changes) != self.fields or any(value is None for value in changes.values()):
            # None is written as a literal NULL, so it would change the compiled SQL.
            raise ImproperlyConfigured(f"a prepared update sets {self.fields}, each to a value: {changes}")
        connection = connections[self.using]
        compiled = _compiled_on(connection)
        if self not in compiled:
            compiled[self] = _CompiledUpdate(
                self.build(*STAND_INS[: len(values)]), changes, connection, len(values)
            )
        return compiled[self].run(values, changes)


def _compiled_on(connection) -> dict:
    # On the connection object: one per thread, and it outlives the database connection it wraps.
    return connection.__dict__.setdefault("_prepared_lookups", {})


def _slots(sql: str, params, count: int, start: int = 0) -> list[int]:
    """Where each stand-in sits among the parameters (from `start` on)."""
    slots = []
    for stand_in in STAND_INS[:count]:
        found = [i for i, param in enumerate(params) if i >= start and param == stand_in]
        if len(found) != 1:
            raise ImproperlyConfigured(f"a prepared lookup must use each of its values once: {sql}")
        slots.append(found[0])
    return slots


class _Compiled:
    def __init__(self, queryset: QuerySet, connection, count: int):
        queryset = queryset.order_by()[:1]
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        self.slots = _slots(sql, params, count)
        self.sql, self.params, self.compiler, self.db = sql, list(params), compiler, queryset.db
        klass_info, select = compiler.klass_info, compiler.select
        # What SQLCompiler.results_iter works out for each row it reads, once.
        self.converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        if klass_info is None:  # `values_list()`: the row's values are the answer
            self.model = None
            return
        # What django.db.models.query.ModelIterable works out for each query, once.
        fields = klass_info["select_fields"]
        self.model = klass_info["model"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)

    def first(self, values):
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = int(value)
        with self.compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = tuple(next(iter(self.compiler.apply_converters([row], self.converters))))
        if self.model is None:
            return row
        obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj


class _CompiledUpdate:
    def __init__(self, queryset: QuerySet, changes: dict, connection, count: int):
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(changes)
        sql, params = query.get_compiler(connection=connection).as_sql()
        # SQLUpdateCompiler puts the new values first, one parameter each and in the order given, then the filters.
        self.fields = [query.get_meta().get_field(name) for name in changes]
        if sql.split(" WHERE ", 1)[0].count("%s") != len(self.fields):
            raise ImproperlyConfigured(f"a prepared update takes one parameter per value: {sql}")
        self.slots = _slots(sql, params, count, start=len(self.fields))
        self.sql, self.params, self.connection = sql, list(params), connection

    def run(self, values, changes: dict) -> int:
        params = list(self.params)
        for position, (field, value) in enumerate(zip(self.fields, changes.values(), strict=True)):
            params[position] = field.get_db_prep_save(value, connection=self.connection)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = int(value)
        with self.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.rowcount
