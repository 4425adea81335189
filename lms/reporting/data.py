"""Load what a report needs into DataFrames: one query per table, whatever the number of learners.

Each query is built with the ORM (so filters stay readable and portable) and run on a raw cursor
into a DataFrame, skipping model instances: that is what keeps 100,000 rows fast.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from courses.models import Cohort, Session
from learners.models import Attendance, Enrolment
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


def _frame(queryset, columns) -> pd.DataFrame:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)


def _bool(series: pd.Series) -> pd.Series:
    # NULL means unknown (LearnerProfile): keep it apart from "no".
    return series.astype("boolean")


def load(filters: ReportFilters, *, today: date | None = None) -> ReportData:
    today = today or timezone.localdate()
    tables = fetch(filters, today=today)
    return ReportData(cohorts=tables["cohorts"], learners=assemble(**tables), today=today)


def fetch(filters: ReportFilters, *, today: date) -> dict:
    """The raw tables, one query each: cohorts, sessions, learners, attended, outcomes."""
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
    enrolments_qs = Enrolment.objects.filter(cohort_id__in=cohort_ids, status__in=Enrolment.STARTED)
    if filters.partner_id:
        enrolments_qs = enrolments_qs.filter(partner_id=filters.partner_id)
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
        ],
    )
    queries["attended"] = (
        # Through the sessions, not the enrolments: one join less on the largest table. Rows of
        # non-entrants (if any) fall away when assemble() joins on the entrants.
        Attendance.objects.filter(
            session__cohort_id__in=cohort_ids,
            status__in=Attendance.ATTENDED,
        )
        .order_by()
        .values("enrolment_id")
        .annotate(total=Sum("minutes"))
        .values_list("enrolment_id", "total"),
        ["enrolment_id", "attended_minutes"],
    )
    queries["outcomes"] = (
        Outcome.objects.filter(enrolment__cohort_id__in=cohort_ids, enrolment__status__in=Enrolment.STARTED)
        .order_by()
        .values_list("enrolment_id", "checkpoint", "situation"),
        ["enrolment_id", "checkpoint", "situation"],
    )
    return _run(queries)


def _run(queries: dict) -> dict:
    """Run the queries, side by side on PostgreSQL when no transaction holds uncommitted rows.

    The database does most of the work (aggregating attendance is the longest); running the
    queries on separate connections lets it use several cores. Inside an atomic block (a test,
    or a caller's transaction) other connections would not see the same data: one at a time."""
    threads = int(getattr(settings, "REPORT_FETCH_THREADS", 3))
    if connection.vendor != "postgresql" or connection.in_atomic_block or threads < 2:
        return {name: _frame(qs, cols) for name, (qs, cols) in queries.items()}

    def one(item):
        name, (qs, cols) = item
        try:
            return name, _frame(qs, cols)
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=threads) as pool:
        # Longest first, so the short ones fill in around it.
        order = sorted(queries.items(), key=lambda item: item[0] not in ("attended", "outcomes", "learners"))
        return dict(pool.map(one, order))


def assemble(cohorts, sessions, learners, attended, outcomes) -> pd.DataFrame:
    """One row per entrant with every column the flags read (pure pandas: the bench's floor too)."""
    frame = learners.merge(
        cohorts[["cohort_id", "start_date", "end_date"]], on="cohort_id", how="left"
    ).merge(sessions, on="cohort_id", how="left")
    frame = frame.merge(attended, on="enrolment_id", how="left")
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
