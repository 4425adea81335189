"""Load what a report needs into DataFrames: one query per table, whatever the number of learners.

Each query is built with the ORM (so filters stay readable and portable) and run on a raw cursor
into a DataFrame, skipping model instances; on PostgreSQL the two large tables come through COPY
into pandas' CSV parser. Attended minutes are read from the summary the attendance triggers keep
(learners.AttendanceSummary), not summed here: that is what keeps 100,000 learners fast.
"""

import io
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from courses.models import Cohort, Session
from learners.models import Enrolment
from learners.outcomes.models import Outcome


@dataclass
class ReportFilters:
    year: int | None = None
    course_id: int | None = None
    cohort_codes: list = field(default_factory=list)
    cohort_id: int | None = None
    partner_id: int | None = None

    def as_params(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}

    @classmethod
    def from_params(cls, params: dict) -> "ReportFilters":
        return cls(**{k: params[k] for k in cls.__dataclass_fields__ if k in params})


@dataclass
class ReportData:
    cohorts: pd.DataFrame
    learners: pd.DataFrame
    today: date


def cohort_queryset(filters: ReportFilters):
    qs = Cohort.objects.all()
    if filters.year:
        qs = qs.filter(end_date__year=filters.year)
    if filters.course_id:
        qs = qs.filter(course_id=filters.course_id)
    if filters.cohort_codes:
        qs = qs.filter(code__in=filters.cohort_codes)
    if filters.cohort_id:
        qs = qs.filter(pk=filters.cohort_id)
    if filters.partner_id:
        qs = qs.filter(
            Q(partner_id=filters.partner_id) | Q(enrolments__partner_id=filters.partner_id)
        ).distinct()
    return qs


def counted_enrolments(filters: ReportFilters, cohorts=None):
    """The enrolments a report with these filters counts (entrants only): the one definition,
    also used to tell a learner which reports included them."""
    qs = Enrolment.objects.filter(
        cohort_id__in=cohort_queryset(filters).values("pk") if cohorts is None else cohorts,
        status__in=Enrolment.STARTED,
    )
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    return qs


def _frame(queryset, columns, csv_dtypes=None) -> pd.DataFrame:
    sql, params = queryset.query.sql_with_params()
    if csv_dtypes is not None and connection.vendor == "postgresql":
        return _copy_frame(sql, params, columns, csv_dtypes)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)


def _copy_frame(sql, params, columns, dtypes) -> pd.DataFrame:
    """The same query through COPY … TO STDOUT (CSV) into pandas' C parser: on 100,000 rows this
    skips building a Python tuple and object per value. NULL is written \\N so that it stays
    apart from an empty string; t/f become booleans; dates stay ISO text, as assemble() parses."""
    copy_sql = f"COPY ({connection.ops.compose_sql(sql, params)}) TO STDOUT WITH (FORMAT csv, NULL '\\N')"
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        # Logged like any query (query counts in tests, debug toolbar).
        logged = getattr(cursor, "debug_sql", None)
        with logged(copy_sql) if logged else nullcontext(), cursor.cursor.copy(copy_sql) as copy:
            for block in copy:
                buffer.write(block)
    buffer.seek(0)
    return pd.read_csv(
        buffer,
        names=columns,
        header=None,
        dtype=dtypes,
        na_values=["\\N"],
        keep_default_na=False,
        true_values=["t"],
        false_values=["f"],
    )


def _bool(series: pd.Series) -> pd.Series:
    # NULL means unknown (LearnerProfile): keep it apart from "no".
    return series.astype("boolean")


def load(filters: ReportFilters, *, today: date | None = None) -> ReportData:
    today = today or timezone.localdate()
    tables = fetch(filters, today=today)
    return ReportData(cohorts=tables["cohorts"], learners=assemble(**tables), today=today)


def fetch(filters: ReportFilters, *, today: date) -> dict:
    """The raw tables, one query each: cohorts, sessions, learners (with their attended minutes),
    outcomes."""
    cohorts_qs = cohort_queryset(filters)
    cohort_ids = cohorts_qs.values("pk")

    queries = {}
    queries["cohorts"] = (
        cohorts_qs.order_by("start_date", "code").values_list(
            "pk", "code", "course__title", "start_date", "end_date"
        ),
        ["cohort_id", "code", "course_title", "start_date", "end_date"],
    )
    queries["sessions"] = (
        Session.objects.filter(cohort_id__in=cohort_ids)
        .order_by()
        .values("cohort_id")
        .annotate(planned=Sum("planned_minutes"), held=Sum("planned_minutes", filter=Q(date__lte=today)))
        .values_list("cohort_id", "planned", "held"),
        ["cohort_id", "planned_minutes", "held_minutes"],
    )
    enrolments_qs = counted_enrolments(filters, cohorts=cohort_ids)
    queries["learners"] = (
        enrolments_qs.order_by().values_list(
            "pk",
            "cohort_id",
            "learner_id",
            "status",
            "dropout_date",
            "learner__birth_date",
            "learner__profile__gender",
            "learner__profile__qualification_level",
            "learner__profile__situation",
            "learner__profile__france_travail_registered",
            "learner__profile__qpv",
            "learner__profile__zrr",
            # Kept by triggers on attendance: no sum over millions of attendance rows here.
            "attendance_summary__attended_minutes",
        ),
        [
            "enrolment_id",
            "cohort_id",
            "learner_id",
            "status",
            "dropout_date",
            "birth_date",
            "gender",
            "qualification_level",
            "situation",
            "france_travail_registered",
            "qpv",
            "zrr",
            "attended_minutes",
        ],
        {"status": str, "gender": str, "qualification_level": str, "situation": str},
    )
    # Records of non-entrants need no filtering here: assemble() places each record on its
    # entrant's row and drops the others. Unfiltered, that spares joining 100,000 enrolments.
    outcomes_qs = Outcome.objects.all()
    if filters.as_params():
        outcomes_qs = outcomes_qs.filter(enrolment__cohort_id__in=cohort_ids)
    queries["outcomes"] = (
        outcomes_qs.order_by().values_list("enrolment_id", "checkpoint", "situation"),
        ["enrolment_id", "checkpoint", "situation"],
        {"checkpoint": str, "situation": str},
    )
    return _run(queries)


def _run(queries: dict) -> dict:
    """Run the queries, side by side on PostgreSQL when no transaction holds uncommitted rows.

    The database does much of the work; running the queries on separate connections lets it use
    several cores. Inside an atomic block (a test,
    or a caller's transaction) other connections would not see the same data: one at a time."""
    threads = int(getattr(settings, "REPORT_FETCH_THREADS", 3))
    if connection.vendor != "postgresql" or connection.in_atomic_block or threads < 2:
        return {name: _frame(*query) for name, query in queries.items()}

    def one(item):
        name, query = item
        try:
            return name, _frame(*query)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=threads) as pool:
        # Longest first, so the short ones fill in around it.
        order = sorted(queries.items(), key=lambda item: item[0] not in ("outcomes", "learners"))
        return dict(pool.map(one, order))


def assemble(cohorts, sessions, learners, outcomes) -> pd.DataFrame:
    """One row per entrant with every column the flags read (pure pandas: the bench's floor too)."""
    frame = learners.merge(
        cohorts[["cohort_id", "start_date", "end_date"]], on="cohort_id", how="left"
    ).merge(sessions, on="cohort_id", how="left")
    for col in ("planned_minutes", "held_minutes", "attended_minutes"):
        frame[col] = pd.to_numeric(frame[col]).fillna(0).astype("int64")
    for col in ("france_travail_registered", "qpv", "zrr"):
        frame[col] = _bool(frame[col])
    start = pd.to_datetime(frame["start_date"])
    birth = pd.to_datetime(frame["birth_date"])
    before_birthday = (start.dt.month < birth.dt.month) | (
        (start.dt.month == birth.dt.month) & (start.dt.day < birth.dt.day)
    )
    frame["age"] = start.dt.year - birth.dt.year - before_birthday.astype("int64")
    frame["one"] = 1
    # A drop-out leaves on their drop-out date, everyone else at the cohort's end.
    dropped = frame["status"].eq("dropped_out") & frame["dropout_date"].notna()
    frame["exit_date"] = pd.to_datetime(frame["end_date"]).where(
        ~dropped, pd.to_datetime(frame["dropout_date"])
    )
    # Few distinct values: categories make the flags' isin() tests cheap on 100,000 rows.
    for col in ("status", "gender", "qualification_level", "situation"):
        frame[col] = frame[col].astype("category")
    if len(outcomes):
        position = pd.Index(frame["enrolment_id"])
        checkpoints = outcomes["checkpoint"].astype("category")
        situations = outcomes["situation"].astype("category")
        for checkpoint in checkpoints.cat.categories:
            mask = (checkpoints == checkpoint).to_numpy()
            rows = position.get_indexer(outcomes["enrolment_id"].to_numpy()[mask])
            column = pd.Categorical([None] * len(frame), categories=situations.cat.categories)
            column[rows[rows >= 0]] = situations.to_numpy()[mask][rows >= 0]
            frame[f"situation_{checkpoint}"] = column
    return frame
