"""The three-phase retention policy applied to every file: active base → intermediate archive →
deletion or anonymisation. `plan()` only reads; `apply()` acts, one transaction per file."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from learners.intake.models import GroupImport
from learners.models import Learner
from learners.outcomes.models import ReportRun

from . import audit, minimise
from .models import RetentionPhase
from .policy import Kind, dates_for, dates_of, learners_with_dates

log = logging.getLogger(__name__)
ARCHIVE, ANONYMISE, DELETE = "archiver", "anonymiser", "supprimer"

LABELS = {
    ARCHIVE: "archiver (fin de la phase active)",
    ANONYMISE: "anonymiser (fin de la conservation légale)",
    DELETE: "supprimer (candidature sans suite)",
}


@dataclass(frozen=True)
class Step:
    learner_id: int
    who: str  # a pseudonym: names never go to logs or cron mail
    action: str
    due: date


def plan(*, today: date | None = None) -> list[Step]:
    today = today or timezone.localdate()
    steps = []
    queryset = learners_with_dates(Learner.objects.select_related("retention").order_by("pk"))
    for learner in queryset.iterator(chunk_size=2000):
        state = getattr(learner, "retention", None)
        phase = state.phase if state else None
        if phase == RetentionPhase.ANONYMISED:
            continue
        d = dates_of(learner)
        who = audit.learner_title(learner)
        if d.kind == Kind.CANDIDATE:
            if today > d.active_until:
                steps.append(Step(learner.pk, who, DELETE, d.active_until))
        elif d.hold_until is not None and today > d.hold_until:
            steps.append(Step(learner.pk, who, ANONYMISE, d.hold_until))
        elif d.hold_until is None and today > d.active_until:
            steps.append(Step(learner.pk, who, ANONYMISE, d.active_until))
        elif today > d.active_until and phase is None:
            steps.append(Step(learner.pk, who, ARCHIVE, d.active_until))
    return steps


def stale_imports(*, today: date | None = None):
    """Group imports older than PRIVACY_IMPORT_DAYS still holding their file's rows (names,
    birth dates, RQTH), except one being enrolled right now."""
    today = today or timezone.localdate()
    limit = timezone.make_aware(
        timezone.datetime.combine(
            today - timedelta(days=settings.PRIVACY_IMPORT_DAYS), timezone.datetime.min.time()
        )
    )
    # Previews never confirmed are abandoned by then: they go too (and the import is cancelled).
    return (
        GroupImport.objects.filter(created_at__lt=limit)
        .exclude(status=GroupImport.Status.COMMITTING)
        .exclude(preview={}, source=b"")
    )


def expired_report_files(*, now=None):
    """Report files made on screen whose download link expired: the run stays in the log."""
    now = now or timezone.now()
    return ReportRun.objects.filter(origin="web", expires_at__lt=now).exclude(file_path="")


def apply(steps: list[Step], *, by=None) -> dict:
    """One transaction per file; a file that fails is logged by pseudonym and the others go on
    (one bad row must not stop the whole nightly run). `failed` lists the pseudonyms."""
    done = {ARCHIVE: 0, ANONYMISE: 0, DELETE: 0, "failed": []}
    for step in steps:
        try:
            with transaction.atomic():
                learner = Learner.objects.select_for_update().filter(pk=step.learner_id).first()
                if learner is None:
                    continue
                audit.record(learner, audit.RETENTION, user=by, data={"action": step.action}, title=step.who)
                if step.action == ARCHIVE:
                    minimise.archive(learner, dates_for(learner))
                elif step.action == ANONYMISE:
                    minimise.anonymise(learner)
                else:
                    minimise.delete_learner(learner)
        except Exception:
            log.exception("conservation : échec pour %s (%s)", step.who, step.action)
            done["failed"].append(step.who)
            continue
        done[step.action] += 1
    return done


def purge_imports(queryset) -> int:
    abandoned = [GroupImport.Status.VALIDATING, GroupImport.Status.PREVIEW]
    with transaction.atomic():
        queryset.filter(status__in=abandoned).update(status=GroupImport.Status.CANCELLED)
        return queryset.update(preview={}, source=b"")


def purge_report_files(queryset) -> int:
    from lms.reporting.services import delete_report_file

    removed = 0
    for run in queryset:
        delete_report_file(run.file_path)
        removed += 1
    queryset.update(file_path="")
    return removed
