"""Reads whose SQL Django compiles once per process, then runs with new values; and fewer round
trips for a short transaction on PostgreSQL.

Building and compiling a queryset with joins and subqueries costs Django a few milliseconds of
Python every time, several times what the database spends running it. On the certificate issue
path, which runs the same reads for every document, that was most of the cost added to the PDF
render (issue 6). A `PreparedRead` compiles its queryset once per database, with placeholder
values, keeps the statement and what Django needs to turn rows into objects, and later only
binds the real values, runs the statement and builds the objects the way `ModelIterable` does:
`select_related` objects, annotations and field converters included.
"""

from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.query import get_related_populators


class _Compiled:
    """One statement and how to turn its rows into objects."""

    __slots__ = (
        "sql",
        "params",
        "slots",
        "width",
        "model",
        "start",
        "end",
        "init_list",
        "related",
        "annotations",
        "converters",
    )


class PreparedRead:
    """`build(**placeholders)` returns a model queryset; each placeholder value must reach the
    SQL as a parameter of its own (a lookup value), never folded into its text (LIMIT, slices).
    Calling it with real values returns the model instances, as `list(queryset)` would."""

    def __init__(self, build, **placeholders):
        self.build = build
        self.placeholders = placeholders
        self._compiled = {}

    def _compile(self, using: str) -> _Compiled:
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        queryset = self.build(**self.placeholders).using(using)
        # select_for_update() only compiles inside a transaction; it runs inside the caller's.
        with transaction.atomic(using=using, savepoint=False):
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
        compiled = _Compiled()
        compiled.sql, compiled.params = sql, tuple(params)
        compiled.slots = {}
        for name, sentinel in self.placeholders.items():
            compiled.slots[name] = [
                i for i, value in enumerate(params) if type(value) is type(sentinel) and value == sentinel
            ]
            if not compiled.slots[name]:
                raise ImproperlyConfigured(f"{name!r} is not a parameter of the prepared SQL: {sql}")
        # As ModelIterable: which columns build the model, its select_related objects, its annotations.
        select, klass_info = compiler.select, compiler.klass_info
        compiled.width = len(select)
        compiled.model = klass_info["model"]
        compiled.start, compiled.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        compiled.init_list = [column[0].target.attname for column in select[compiled.start : compiled.end]]
        compiled.related = get_related_populators(klass_info, select, using)
        compiled.annotations = list(compiler.annotation_col_map.items())
        compiled.converters = list(compiler.get_converters([column[0] for column in select]).items())
        self._compiled[key] = compiled
        return compiled

    def bind(self, using: str = DEFAULT_DB_ALIAS, **values) -> tuple[str, list]:
        """The statement and its parameters for these values (for run_together)."""
        compiled = self._compile(using)
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            for position in positions:
                params[position] = values[name]
        return compiled.sql, params

    def hydrate(self, rows, using: str = DEFAULT_DB_ALIAS) -> list:
        """The model instances of rows this read's statement returned."""
        compiled = self._compile(using)
        connection = connections[using]
        objects = []
        for raw in rows:
            row = list(raw[: compiled.width])  # ordering columns may follow the selected ones
            for position, (converters, expression) in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            obj = compiled.model.from_db(using, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.related:
                populator.populate(row, obj)
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        sql, params = self.bind(using, **values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self.hydrate(rows, using)

    def one(self, using: str = DEFAULT_DB_ALIAS, **values):
        """The first row's object, or None."""
        objects = self(using, **values)
        return objects[0] if objects else None


def run_together(statements, using: str = DEFAULT_DB_ALIAS) -> list[list[tuple]]:
    """Run (sql, params) statements in order and return each one's rows.

    On PostgreSQL they travel as one string, in one round trip: Django's psycopg cursor binds
    values on the client, and such a query may hold several statements. Elsewhere, one by one.
    A statement without rows gives []."""
    connection = connections[using]
    results = []
    with connection.cursor() as cursor:
        if not _binds_on_client(connection):
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall() if cursor.description else [])
            return results
        params = [value for _sql, values in statements for value in values]
        cursor.execute("; ".join(sql for sql, _values in statements), params)
        while True:
            results.append(cursor.fetchall() if cursor.description else [])
            if not cursor.nextset():
                break
    if len(results) != len(statements):
        raise ImproperlyConfigured(f"{len(statements)} statements gave {len(results)} results")
    return results


def _binds_on_client(connection) -> bool:
    """PostgreSQL through Django's default cursor, which binds values on the client and sends
    one string that may hold several statements (server-side binding cannot)."""
    return connection.vendor == "postgresql" and not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    )


class _OneTrip:
    """What `atomic_begun_by_first_statement` yields: `active`, and `commit_with_next_statement()`."""

    def __init__(self, active: bool):
        self.active = active
        self.begin_pending = active
        self.commit_with = None
        self.committed = False

    def commit_with_next_statement(self, starting: str) -> None:
        """The block's next statement, which must start with `starting` and be its last, also
        commits (nothing happens when not active): the COMMIT's own round trip is saved, and
        Django's commit then finds nothing to do. Nothing may fail after it: the writes are
        committed already, and Django would drop its on_commit hooks."""
        if self.active:
            self.commit_with = starting

    def wrap(self, execute, sql, params, many, context):
        if self.committed:
            # psycopg is in autocommit here: a write now would escape the transaction silently.
            raise transaction.TransactionManagementError("statement after the block's own COMMIT")
        if not (self.begin_pending or self.commit_with):
            return execute(sql, params, many, context)
        if many or not isinstance(sql, str):
            raise transaction.TransactionManagementError("BEGIN or COMMIT cannot join this statement")
        if self.commit_with and not sql.startswith(self.commit_with):
            # Another statement came first (a signal, a lazy load): committing with it would leave
            # the awaited one outside the transaction. Refused before it runs, so all rolls back.
            raise transaction.TransactionManagementError(
                f"the COMMIT awaited {self.commit_with!r}, not {sql[:60]!r}"
            )
        prefix = "BEGIN; " if self.begin_pending else ""
        suffix = "; COMMIT" if self.commit_with else ""
        result = execute(prefix + sql + suffix, params, many, context)
        if self.begin_pending:
            context["cursor"].nextset()  # past BEGIN's empty result, to the statement's own
        self.begin_pending, self.committed = False, bool(self.commit_with)
        return result


@contextmanager
def atomic_begun_by_first_statement(using: str = DEFAULT_DB_ALIAS):
    """`transaction.atomic()` whose BEGIN travels with the block's first statement, and whose
    COMMIT may travel with its last (PostgreSQL).

    psycopg sends BEGIN in a round trip of its own before a transaction's first statement, and
    COMMIT in another; on a short transaction (a certificate's issue or render: two or three
    statements) these are half of its round trips. Here psycopg is left in autocommit inside
    Django's atomic block and "BEGIN; " is put in front of the first statement, which opens the
    transaction; Django then commits or rolls back as usual (psycopg sends COMMIT or ROLLBACK
    since a transaction is open), unless `commit_with_next_statement()` has ended it already.

    Only for an outermost block in autocommit mode, with the server's default isolation level
    (a plain BEGIN would drop a configured one) and client-side binding; otherwise it is
    `transaction.atomic()`. Inside it, Django sees psycopg in autocommit: no `.iterator()`."""
    connection = connections[using]
    outermost = not connection.in_atomic_block and connection.get_autocommit()
    with transaction.atomic(using=using):
        raw = connection.connection
        trip = _OneTrip(
            active=outermost
            and _binds_on_client(connection)
            and raw.isolation_level is None
            and raw.read_only is None
        )
        if not trip.active:
            yield trip
            return
        raw.autocommit = True  # no BEGIN of psycopg's own
        with connection.execute_wrapper(trip.wrap):
            yield trip
