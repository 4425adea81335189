"""Reads whose SQL Django compiles once per process, then runs with new values.

Building and compiling a queryset with joins and subqueries costs Django a few milliseconds of
Python every time, several times what the database spends running it. On the certificate issue
path, which runs the same reads for every document, that was most of the cost added to the PDF
render (issue 6). A `PreparedRead` compiles its queryset once per database, with placeholder
values, keeps the statement and what Django needs to turn rows into objects, and later only
binds the real values, runs the statement and builds the objects the way `ModelIterable` does:
`select_related` objects, annotations and field converters included.
"""

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
        with transaction.atomic(using=using):
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

    def __call__(self, using: str = DEFAULT_DB_ALIAS, **values) -> list:
        compiled = self._compile(using)
        params = list(compiled.params)
        for name, positions in compiled.slots.items():
            for position in positions:
                params[position] = values[name]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
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

    def one(self, using: str = DEFAULT_DB_ALIAS, **values):
        """The first row's object, or None."""
        objects = self(using, **values)
        return objects[0] if objects else None
