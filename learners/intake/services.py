"""Group enrolment: upload → preview → confirm (one transaction) → login-code sheet.

Files over `INTAKE_BACKGROUND_ROWS` rows are checked and enrolled by durable jobs (lms.jobs);
the GroupImport row keeps the preview and the result either way.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Cohort
from learners.models import Enrolment, EnrolmentEvent, Learner, LearnerProfile
from learners.services.enrolment import ENROLLABLE_COHORT_STATUSES
from lms.access import is_coordinator, partner_of
from lms.jobs import start_job
from lms.services import issue_login_code
from lms.tabular import TabularError

from .imports import build_preview, match_rows, read_enrolment_file
from .models import GroupImport, GroupImportRow

logger = logging.getLogger(__name__)

S = GroupImport.Status


def background_threshold() -> int:
    return getattr(settings, "INTAKE_BACKGROUND_ROWS", 500)


def importable_cohorts(user):
    """Cohorts a user may import into: partners an open cohort (general or theirs), coordinators
    any cohort still taking enrolments."""
    qs = Cohort.objects.select_related("course").order_by("start_date", "code")
    if is_coordinator(user):
        return qs.filter(status__in=ENROLLABLE_COHORT_STATUSES)
    partner = partner_of(user)
    if partner is None:
        return qs.none()
    from django.db.models import Q

    return qs.filter(status=Cohort.Status.OPEN).filter(Q(partner__isnull=True) | Q(partner=partner))


def _check_may_import(*, user, cohort, partner) -> None:
    if user is None:  # the command line runs as the operator
        return
    if is_coordinator(user):
        return
    own = partner_of(user)
    if own is None or partner is None or own.pk != partner.pk:
        raise PermissionDenied
    if not importable_cohorts(user).filter(pk=cohort.pk).exists():
        raise ValidationError(_("Cette session n'est pas ouverte aux inscriptions."))


def _fill_preview(group_import: GroupImport, preview: dict) -> None:
    group_import.preview = preview
    group_import.rows_valid = len(preview["valid"])
    group_import.rows_rejected = len(preview["rejected"])
    group_import.status = S.PREVIEW
    group_import.source = b""  # the preview holds what is needed; do not keep the file


@transaction.atomic
def upload_import(
    *, user, cohort, partner, upload, filename: str = "", background: bool = True
) -> GroupImport:
    """Record an upload and build its preview (now, or in a job for big files).

    A refused file is recorded too (status "refused", with the reason): the person sees why.
    """
    _check_may_import(user=user, cohort=cohort, partner=partner)
    if cohort.status not in ENROLLABLE_COHORT_STATUSES:
        raise ValidationError(_("La session %(code)s est terminée.") % {"code": cohort.code})
    filename = (filename or getattr(upload, "name", "") or "fichier")[-255:]
    group_import = GroupImport(
        cohort=cohort,
        partner=partner,
        created_by=user if user is not None and user.is_authenticated else None,
        file_name=filename,
    )
    try:
        table = read_enrolment_file(upload, filename=filename)
    except TabularError as exc:
        group_import.status = S.REFUSED
        group_import.message = exc.message
        group_import.full_clean()
        group_import.save()
        return group_import
    group_import.file_format = table.format
    group_import.rows_total = len(table.rows)
    if background and len(table.rows) > background_threshold():
        # Keep the bytes for the job; the table is read again there.
        if hasattr(upload, "seek"):
            upload.seek(0)
        group_import.source = upload if isinstance(upload, bytes) else upload.read()
        group_import.status = S.VALIDATING
        group_import.full_clean()
        group_import.save()
        group_import.job = start_job(
            handler="learners.intake.tasks.validate_import_job",
            params={"import": str(group_import.pk)},
            user=user,
            label=_("Vérification de %(name)s") % {"name": filename},
            total=group_import.rows_total,
        )
        group_import.save(update_fields=["job"])
        return group_import
    _fill_preview(group_import, build_preview(table, cohort))
    group_import.full_clean()
    group_import.save()
    return group_import


def validate_import(*, group_import_id, progress=None) -> GroupImport:
    """Build the preview of a big file (job). Idempotent: a finished preview is left alone."""
    with transaction.atomic():
        group_import = (
            GroupImport.objects.select_for_update().select_related("cohort").get(pk=group_import_id)
        )
        if group_import.status != S.VALIDATING:
            return group_import
        try:
            table = read_enrolment_file(bytes(group_import.source), filename=group_import.file_name)
        except TabularError as exc:
            group_import.status = S.REFUSED
            group_import.message = exc.message
            group_import.source = b""
            group_import.save()
            return group_import
        group_import.rows_total = len(table.rows)
        _fill_preview(group_import, build_preview(table, group_import.cohort, progress=progress))
        group_import.save()
        return group_import


def cancel_import(*, group_import: GroupImport, user) -> GroupImport:
    with transaction.atomic():
        group_import = GroupImport.objects.select_for_update().get(pk=group_import.pk)
        if group_import.status not in (S.PREVIEW, S.REFUSED, S.FAILED):
            raise ValidationError(_("Cet import ne peut plus être abandonné."))
        group_import.status = S.CANCELLED
        group_import.preview = {
            k: v for k, v in group_import.preview.items() if k not in ("valid",)
        }  # keep the reasons, drop the personal data that will never be used
        group_import.save(update_fields=["status", "preview"])
    return group_import


def confirm_import(*, group_import: GroupImport, user, background: bool = True) -> GroupImport:
    """Enrol every valid row of the preview, or none: now, or in a job for big files."""
    with transaction.atomic():
        group_import = GroupImport.objects.select_for_update().get(pk=group_import.pk)
        if group_import.status != S.PREVIEW:
            raise ValidationError(_("Cet import n'attend pas de confirmation."))
        if not group_import.rows_valid:
            raise ValidationError(_("Aucune ligne valide : il n'y a personne à inscrire."))
        if group_import.preview.get("blocking"):
            raise ValidationError(" ".join(group_import.preview["blocking"]))
        group_import.confirmed_by = user if user is not None and user.is_authenticated else None
        group_import.confirmed_at = timezone.now()
        group_import.status = S.COMMITTING
        group_import.save(update_fields=["confirmed_by", "confirmed_at", "status"])
        if background and group_import.rows_valid > background_threshold():
            group_import.job = start_job(
                handler="learners.intake.tasks.commit_import_job",
                params={"import": str(group_import.pk)},
                user=user,
                label=_("Inscription de %(name)s") % {"name": group_import.file_name},
                total=group_import.rows_valid,
            )
            group_import.save(update_fields=["job"])
            return group_import
    return run_commit(group_import_id=group_import.pk)


def run_commit(*, group_import_id, progress=None) -> GroupImport:
    """Commit, and record a failure (nothing enrolled) with its reason instead of raising."""
    try:
        return commit_import(group_import_id=group_import_id, progress=progress)
    except ValidationError as exc:
        message = " ".join(exc.messages)
    except IntegrityError:
        # Someone wrote the same person at the same moment: the file is fine, try again.
        logger.warning("Group import %s hit a database constraint", group_import_id, exc_info=True)
        message = _("une autre inscription a eu lieu en même temps. Confirmez à nouveau le fichier.")
    GroupImport.objects.filter(pk=group_import_id, status=S.COMMITTING).update(
        status=S.FAILED,
        message=_("Rien n'a été inscrit : %(reason)s") % {"reason": message},
        finished_at=timezone.now(),
    )
    return GroupImport.objects.get(pk=group_import_id)


@transaction.atomic
def commit_import(*, group_import_id, progress=None) -> GroupImport:
    """All valid rows enrolled in one transaction, or none (a ValidationError rolls back)."""
    group_import = GroupImport.objects.select_for_update().get(pk=group_import_id)
    if group_import.status == S.DONE:
        return group_import  # a job delivered twice
    if group_import.status != S.COMMITTING:
        raise ValidationError(_("Cet import n'attend pas d'inscription."))
    # Lock the cohort: no other enrolment can take the seats counted here.
    cohort = Cohort.objects.select_for_update().get(pk=group_import.cohort_id)
    if cohort.status not in ENROLLABLE_COHORT_STATUSES:
        raise ValidationError(_("La session %(code)s est terminée.") % {"code": cohort.code})
    rows = group_import.preview.get("valid", [])
    total = len(rows)

    # People may have been created or enrolled since the preview: match again.
    matches = match_rows(rows, cohort)
    already = [r["line"] for r in rows if matches[r["line"]]["enrolled"]]
    if already:
        raise ValidationError(
            ngettext(
                "ligne %(lines)s : personne inscrite à la session depuis l'aperçu. "
                "Déposez le fichier à nouveau.",
                "lignes %(lines)s : personnes inscrites à la session depuis l'aperçu. "
                "Déposez le fichier à nouveau.",
                len(already),
            )
            % {"lines": ", ".join(str(n) for n in already[:20])}
        )
    taken = cohort.enrolments.filter(status__in=Enrolment.HOLDS_SEAT).count()
    if taken + total > cohort.capacity:
        raise ValidationError(
            _("la session %(code)s n'a plus que %(free)s places libres pour %(count)s personnes.")
            % {"code": cohort.code, "free": max(0, cohort.capacity - taken), "count": total}
        )

    new_rows = [r for r in rows if not matches[r["line"]]["learner_id"]]
    new_lines = {r["line"] for r in new_rows}
    new_learners = [
        Learner(
            last_name=r["data"]["last_name"],
            first_name=r["data"]["first_name"],
            birth_date=r["data"]["birth_date"],
            email=r["data"]["email"],
            phone=r["data"]["phone"],
            postal_code=r["data"]["postal_code"],
        )
        for r in new_rows
    ]
    # Every value was checked by imports._check_row (lengths, formats, choices) and the database
    # constraints still guard the rest: a full_clean per object would double the commit time.
    learner_by_line = {r["line"]: learner for r, learner in zip(new_rows, new_learners, strict=True)}
    reused_ids = {matches[r["line"]]["learner_id"] for r in rows if r["line"] not in learner_by_line}
    reused = Learner.objects.in_bulk(reused_ids)
    for r in rows:
        if r["line"] not in learner_by_line:
            learner_by_line[r["line"]] = reused[matches[r["line"]]["learner_id"]]

    # Accounts: each person without one gets one (they log in with a code from the sheet).
    # New people get theirs before they are inserted, so that no row is written twice.
    with _ProgressWriter(progress) as report:
        report(0, total)
        reused_without = [learner for learner in reused.values() if not learner.user_id]
        _create_accounts(new_learners + reused_without, report=report, total=total)
    Learner.objects.bulk_create(new_learners, batch_size=500)
    if reused_without:
        Learner.objects.bulk_update(reused_without, ["user"], batch_size=500)
    with_new_account = {id(learner) for learner in new_learners + reused_without}

    # Reporting profiles: created for new people and for known people who have none yet.
    has_profile = set(
        LearnerProfile.objects.filter(learner_id__in=reused_ids).values_list("learner_id", flat=True)
    )
    now = timezone.now()
    profiles = []
    for r in rows:
        learner = learner_by_line[r["line"]]
        if learner.pk in has_profile:
            continue
        d = r["data"]
        profile = LearnerProfile(
            learner=learner,
            gender=d["gender"],
            qualification_level=d["qualification_level"],
            situation=d["situation"],
            france_travail_registered=d["france_travail_registered"],
            france_travail_months=d["france_travail_months"],
            qpv=d["qpv"],
            qpv_code=d["qpv_code"],
            zrr=d["zrr"],
            career_change=d["career_change"],
            rsa=d["rsa"],
            rqth=d["rqth"],
            sensitive_consent=bool(d["sensitive_consent"]),
            sensitive_consent_at=now if d["sensitive_consent"] else None,
        )
        profiles.append(profile)
        has_profile.add(learner.pk)
    LearnerProfile.objects.bulk_create(profiles, batch_size=500)
    from learners.privacy.services import consents_from_import

    consents_from_import(profiles, by=group_import.confirmed_by)

    by = group_import.confirmed_by
    enrolments = [
        Enrolment(
            learner=learner_by_line[r["line"]],
            cohort=cohort,
            partner_id=group_import.partner_id,
            status=Enrolment.Status.ADMITTED,
        )
        for r in rows
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=500)
    comment = _("Inscription de groupe : %(name)s") % {"name": group_import.file_name}
    EnrolmentEvent.objects.bulk_create(
        [
            EnrolmentEvent(enrolment=e, from_status="", to_status=e.status, by=by, comment=comment)
            for e in enrolments
        ],
        batch_size=500,
    )

    results = [
        GroupImportRow(
            group_import=group_import,
            line=r["line"],
            learner=learner_by_line[r["line"]],
            enrolment=enrolment,
            learner_created=r["line"] in new_lines,
            account_created=id(learner_by_line[r["line"]]) in with_new_account,
        )
        for r, enrolment in zip(rows, enrolments, strict=True)
    ]
    GroupImportRow.objects.bulk_create(results, batch_size=500)
    accounts = len(with_new_account)

    group_import.status = S.DONE
    group_import.enrolled = len(enrolments)
    group_import.learners_created = len(new_learners)
    group_import.learners_reused = len(rows) - len(new_learners)
    group_import.accounts_created = accounts
    group_import.finished_at = timezone.now()
    group_import.message = ""
    group_import.save()
    return group_import


def _create_accounts(learners, *, report, total) -> None:
    """Accounts for many learners at once, as learners.services.accounts.ensure_learner_account
    makes one (same username scheme, no usable password, learners' group), in a few queries:
    one per row would take minutes for a 5,000-row file. Sets `learner.user`; the caller saves."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.contrib.auth.models import Group

    from learners.services.accounts import _slug
    from lms.access import GROUP_NAMES, Role

    if not learners:
        return
    User = get_user_model()
    bases = {f"{_slug(lr.first_name)}.{_slug(lr.last_name)}"[:140] for lr in learners}
    # Names that could clash: a base itself, or any "first.last" form (with or without a number).
    taken = set(User.objects.filter(username__in=bases).values_list("username", flat=True))
    taken |= set(
        User.objects.filter(username__regex=r"^[a-z0-9]+\.[a-z0-9]+$").values_list("username", flat=True)
    )
    users = []
    for learner in learners:
        base = f"{_slug(learner.first_name)}.{_slug(learner.last_name)}"[:140]
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        users.append(
            User(
                username=candidate,
                first_name=learner.first_name[:150],
                last_name=learner.last_name[:150],
                email=learner.email,
                # What make_password(None) gives, with one random draw instead of forty.
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20),
            )
        )
    created = []
    for start in range(0, len(users), 500):
        created += User.objects.bulk_create(users[start : start + 500])
        report(min(start + 500, len(users)), max(total, len(users)))
    group, _created = Group.objects.get_or_create(name=GROUP_NAMES[Role.LEARNER])
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in created], batch_size=1000
    )
    for learner, user in zip(learners, created, strict=True):
        learner.user = user


class _ProgressWriter:
    """Writes job progress from inside the import's transaction.

    Writes made in that transaction stay invisible to the progress page until it commits, so on
    PostgreSQL progress goes through a second connection. Elsewhere (SQLite, inline runs) it is
    skipped: the job's final state is written by lms.jobs anyway.
    """

    def __init__(self, progress):
        self.progress = progress
        self.side = None

    def __enter__(self):
        if self.progress is None:
            return lambda done, total: None
        if connection.vendor == "postgresql" and getattr(self.progress, "job", None) is not None:
            self.side = connections.create_connection("default")
            return self._write
        return self.progress

    def _write(self, done, total):
        job = self.progress.job
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE lms_job SET progress_done = %s, heartbeat_at = %s WHERE id = %s",
                    [done, timezone.now(), job.pk],
                )
        except Exception:  # progress is a nicety: never fail the import for it
            logger.warning("Progress of job %s not written", job.pk, exc_info=True)

    def __exit__(self, *exc):
        if self.side is not None:
            self.side.close()
        return False


def login_code_sheet(*, group_import: GroupImport, user) -> list[dict]:
    """Issue fresh one-time codes for the people whose account this import created and who have
    not logged in yet. Codes are never stored in clear: each printing replaces the previous codes.
    """
    if group_import.status != S.DONE:
        raise ValidationError(_("Les codes sont disponibles une fois les inscriptions faites."))
    rows = (
        group_import.results.filter(account_created=True, learner__user__isnull=False)
        .filter(learner__user__last_login__isnull=True, learner__user__is_active=True)
        .select_related("learner__user")
        .order_by("learner__last_name", "learner__first_name")
    )
    sheet = []
    with transaction.atomic():
        for row in rows:
            code = issue_login_code(user=row.learner.user, created_by=user)
            sheet.append({"learner": row.learner, "username": row.learner.user.username, "code": code})
    return sheet


def render_code_sheet(*, group_import: GroupImport, sheet: list[dict]) -> bytes:
    """The PDF to cut and hand out: one card per person with their code and where to type it."""
    from lms.pdf import render_pdf

    return render_pdf(
        "pdf/intake_codes.html",
        {
            "imp": group_import,
            "sheet": sheet,
            "login_url": f"{settings.SITE_URL}/connexion/code/",
            "valid_hours": settings.LOGIN_CODE_VALID_HOURS,
            "organisation_name": settings.ORGANISATION_NAME,
            "printed_at": timezone.now(),
        },
    )
