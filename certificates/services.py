"""Every write about certificates: issue, render, revoke, reissue, ZIP, notify.

Issuing (snapshot + number) is one short transaction; rendering the PDF happens afterwards, in a
job, so the counter row is never locked while xhtml2pdf works.
"""

import hashlib
import logging
import secrets
import time
import zipfile
from tempfile import SpooledTemporaryFile
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Skill
from learners.models import Enrolment, SkillValidation
from learners.selectors.hours import annotated_hours, hours_annotations
from lms.access import is_coordinator
from lms.jobs import start_job
from lms.pdf import PdfRenderError
from lms.prepared import PreparedRead, atomic_begun_by_first_statement, run_together

from . import badges, codes
from .models import Certificate, CertificateKind, CertificateTemplate
from .rendering import render_certificate_pdf
from .selectors import ineligibility_reason
from .snapshot import build_content, sha256_of

logger = logging.getLogger(__name__)

# How often a batch renderer reads the ready count for the progress bar.
PROGRESS_SECONDS = 1.0


class CertificateRefused(ValidationError):
    """The learner does not meet this document's conditions; the message says why."""


def verification_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificates:verify', args=[code])}"


# Placeholders the prepared reads below are compiled with (lms.prepared).
_ID = -987_654_321
_KIND = "\x00kind"


def _template_query(*, course_id, kind):
    own = CertificateTemplate.courses.through.objects.filter(
        certificatetemplate_id=OuterRef("pk"), coursepage_id=course_id
    )
    return (
        CertificateTemplate.objects.filter(kind=kind)
        .select_related("logo", "signature")
        .annotate(own=Exists(own))
        .filter(Q(own=True) | Q(is_default=True))
        .order_by("-own", "pk")[:1]
    )


_TEMPLATE = PreparedRead(_template_query, course_id=_ID, kind=_KIND)


def template_for(*, course, kind: str) -> CertificateTemplate:
    """The course's own template of this kind, else the kind's default (one query)."""
    return _template_or_refusal(_TEMPLATE.one(course_id=course.pk, kind=kind), kind=kind)


def _template_or_refusal(template, *, kind: str) -> CertificateTemplate:
    if template is None:
        raise ValidationError(
            _("Aucun modèle de « %(kind)s » pour cette formation : créez-en un dans Modèles d'attestation.")
            % {"kind": CertificateKind(kind).label}
        )
    return template


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Seule la coordination peut faire cela."))


_ISSUE_READS = (
    *("pk", "status", "dropout_date", "learner_id", "cohort_id"),
    *("learner__first_name", "learner__last_name"),
    *("cohort__code", "cohort__start_date", "cohort__end_date", "cohort__place", "cohort__course_id"),
    *("cohort__course__title", "cohort__course__rncp_reference", "cohort__course__objectives"),
    *("cohort__course__format", "cohort__course__min_attendance_rate"),
)


def _locked_enrolment_query(*, enrolment_id):
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("learner", "cohort__course")
        # What the checks and the snapshot read: the course page alone has some forty columns.
        .only(*_ISSUE_READS)
        .annotate(**hours_annotations())
        .filter(pk=enrolment_id)
        .order_by()
    )


def _live_certificate_query(*, enrolment_id, kind):
    return Certificate.objects.filter(
        enrolment_id=enrolment_id, kind=kind, status=Certificate.Status.VALID
    ).order_by()


def _course_skills_query(*, course_id, learner_id):
    best = SkillValidation.objects.filter(
        learner_id=learner_id, skill_id=OuterRef("pk"), withdrawn_at__isnull=True
    ).order_by("-level", "-validated_on", "-pk")
    return (
        Skill.objects.filter(coursepage__pk=course_id)
        .select_related("block")
        .annotate(
            best_level=Subquery(best.values("level")[:1]),
            best_validated_on=Subquery(best.values("validated_on")[:1]),
        )
    )


# The reads of an issue, compiled once per process: compiling them cost Django more than the
# database's work, and on a slow machine a fifth of the PDF render itself.
# Lock the enrolment: two clicks at once for the same learner queue up on it, and the second
# finds the first one's certificate (_LIVE_CERTIFICATE, read after the lock) instead of issuing.
_LOCKED_ENROLMENT = PreparedRead(_locked_enrolment_query, enrolment_id=_ID)
_LIVE_CERTIFICATE = PreparedRead(_live_certificate_query, enrolment_id=_ID, kind=_KIND)
# The course's skills with this learner's best live validation of each (None when not validated).
_COURSE_SKILLS = PreparedRead(_course_skills_query, course_id=_ID, learner_id=_ID - 1)


def _validations_of(skills) -> list:
    """The best validations carried by _COURSE_SKILLS rows (`best_level`, `best_validated_on`),
    shaped as the few SkillValidation fields the checks and the snapshot read."""
    return [
        SimpleNamespace(skill_id=skill.pk, level=skill.best_level, validated_on=skill.best_validated_on)
        for skill in skills
        if skill.best_level is not None
    ]


def _issue(**arguments) -> Certificate:
    # Issuing is a few short statements: BEGIN goes with the first one, COMMIT with the insert.
    with atomic_begun_by_first_statement() as trip:
        return _issue_in_transaction(trip=trip, **arguments)


def _issue_in_transaction(
    *, trip, enrolment_id, kind, issued_by, hours, validations, supersedes, check
) -> Certificate:
    enrolment = _LOCKED_ENROLMENT.one(enrolment_id=enrolment_id)
    if enrolment is None:
        raise Enrolment.DoesNotExist
    if supersedes is not None:
        old = Certificate.objects.select_for_update().get(pk=supersedes.pk)
        if Certificate.objects.filter(supersedes=old).exists():
            raise ValidationError(_("Ce document a déjà été remplacé."))
        if old.status == Certificate.Status.VALID:
            old.status = Certificate.Status.SUPERSEDED
            old.save(update_fields=["status"])
    course = enrolment.cohort.course
    issued_on = timezone.localdate()
    # In one round trip: the live certificate, read once the lock is held (a statement of its
    # own, so it sees a concurrent issue that committed while this one waited), the skills, the
    # template and the year's next number. The number is taken before the checks: returning the
    # live certificate, a refusal or an error all roll back, which gives it back (no gap).
    live_rows, skill_rows, template_rows, counter_rows = run_together(
        [
            _LIVE_CERTIFICATE.bind(enrolment_id=enrolment.pk, kind=kind),
            _COURSE_SKILLS.bind(course_id=course.pk, learner_id=enrolment.learner_id),
            _TEMPLATE.bind(course_id=course.pk, kind=kind),
            codes.counter_statement(issued_on.year),
        ]
    )
    if live_rows and supersedes is None:
        transaction.set_rollback(True)
        (existing,) = _LIVE_CERTIFICATE.hydrate(live_rows)
        existing.created_now = False
        return existing
    if hours is None:
        hours = annotated_hours(enrolment)
    skills = _COURSE_SKILLS.hydrate(skill_rows)
    templates = _TEMPLATE.hydrate(template_rows)
    template = _template_or_refusal(templates[0] if templates else None, kind=kind)
    # No counter row yet: the year's first number.
    sequence = counter_rows[0][0] if counter_rows else codes.next_sequence(issued_on.year)
    if validations is None:
        validations = _validations_of(skills)
    if check:
        reason = ineligibility_reason(
            enrolment=enrolment,
            kind=kind,
            hours=hours,
            validations=validations,
            course_skill_ids=[skill.pk for skill in skills],
        )
        if reason:
            raise CertificateRefused(reason)
    certificate = _new_certificate(
        enrolment=enrolment,
        template=template,
        kind=kind,
        issued_on=issued_on,
        sequence=sequence,
        issued_by=issued_by,
        hours=hours,
        validations=validations,
        skills=skills,
        supersedes=supersedes,
    )
    trip.commit_with_next_statement(f"INSERT INTO {connection.ops.quote_name(Certificate._meta.db_table)} ")
    certificate.save()
    return certificate


def _new_certificate(
    *, enrolment, template, kind, issued_on, sequence, issued_by, hours, validations, skills, supersedes=None
) -> Certificate:
    """An unsaved certificate with its number, code and frozen content, validated field by field."""
    number = codes.format_number(issued_on.year, sequence)
    code = codes.new_code()
    content = build_content(
        enrolment=enrolment,
        template=template,
        kind=kind,
        number=number,
        code=codes.format_code(code),
        issued_on=issued_on,
        hours=hours,
        validations=validations,
        verification_url=verification_url(code),
        supersedes_number=supersedes.number if supersedes is not None else "",
        course_skills=skills,
    )
    certificate = Certificate(
        learner=enrolment.learner,
        enrolment=enrolment,
        template=template,
        kind=kind,
        year=issued_on.year,
        sequence=sequence,
        number=number,
        code=code,
        issued_on=issued_on,
        issued_by=issued_by if issued_by is not None and issued_by.is_authenticated else None,
        content=content,
        content_sha256=sha256_of(content),
        supersedes=supersedes,
    )
    if kind == CertificateKind.SKILLS:
        certificate.badge_sha256 = badges.credential_hash(
            badges.build_credential(content, site_url=settings.SITE_URL)
        )
    # Field validation here; the unique and check constraints are enforced by the database in
    # this same transaction (checking them in Python first would add eight queries per issue).
    certificate.full_clean(
        exclude=["pdf", "learner", "enrolment", "template", "supersedes", "issued_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    certificate.created_now = True
    return certificate


def issue_certificate(
    *, enrolment, kind, issued_by=None, hours=None, validations=None, check=True
) -> Certificate:
    """The learner's live certificate of this kind, issued now if they have none (idempotent).

    The PDF is rendered later (`render_pending`). Raises CertificateRefused with the reason
    when the conditions are not met.
    """
    try:
        return _issue(
            enrolment_id=enrolment.pk,
            kind=kind,
            issued_by=issued_by,
            hours=hours,
            validations=validations,
            supersedes=None,
            check=check,
        )
    except IntegrityError:
        # The partial unique constraint caught a race the lock did not (another database
        # client): the transaction rolled back, number included; return the winner's row.
        existing = Certificate.objects.filter(
            enrolment_id=enrolment.pk, kind=kind, status=Certificate.Status.VALID
        ).first()
        if existing is None:
            raise
        existing.created_now = False
        return existing


@transaction.atomic
def _issue_chunk(*, rows, kind, issued_by, cohort) -> tuple[list, list]:
    """Issue a chunk of a cohort's preview rows in one transaction: one lock query, one template,
    one counter update for the whole chunk, one insert. Returns (certificates, refusals)."""
    live = Certificate.objects.filter(enrolment=OuterRef("pk"), kind=kind, status=Certificate.Status.VALID)
    # Locked in primary-key order, as every chunk does, so two batches cannot deadlock.
    locked = {
        e.pk: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .filter(pk__in=[row.enrolment.pk for row in rows])
        .select_related("learner")
        .annotate(live_certificate=Subquery(live.values("pk")[:1]))
        .order_by("pk")
    }
    live_ids = [e.live_certificate for e in locked.values() if e.live_certificate is not None]
    existing = {c.pk: c for c in Certificate.objects.filter(pk__in=live_ids)} if live_ids else {}
    course = cohort.course
    template = template_for(course=course, kind=kind)
    skills = list(Skill.objects.filter(coursepage__pk=course.pk).select_related("block"))
    skill_ids = [skill.pk for skill in skills]
    results, refusals, fresh = [], [], []
    for row in rows:
        enrolment = locked.get(row.enrolment.pk)
        if enrolment is None:
            refusals.append((row, _("Inscription supprimée entre-temps.")))
            continue
        enrolment.cohort = cohort
        if enrolment.live_certificate is not None:
            certificate = existing[enrolment.live_certificate]
            certificate.created_now = False
            results.append(certificate)
            continue
        reason = ineligibility_reason(
            enrolment=enrolment,
            kind=kind,
            hours=row.hours,
            validations=row.validations,
            course_skill_ids=skill_ids,
        )
        if reason:
            refusals.append((row, reason))
            continue
        fresh.append((row, enrolment))
        results.append(None)
    if fresh:
        issued_on = timezone.localdate()
        last = codes.next_sequence(issued_on.year, count=len(fresh))
        created = []
        for offset, (row, enrolment) in enumerate(fresh):
            created.append(
                _new_certificate(
                    enrolment=enrolment,
                    template=template,
                    kind=kind,
                    issued_on=issued_on,
                    sequence=last - len(fresh) + 1 + offset,
                    issued_by=issued_by,
                    hours=row.hours,
                    validations=row.validations,
                    skills=skills,
                )
            )
        Certificate.objects.bulk_create(created)
        slots = iter(created)
        results = [c if c is not None else next(slots) for c in results]
    return results, refusals


def issue_batch(*, rows, kind, issued_by, cohort) -> tuple[list, list]:
    """issue_certificate() for a cohort's preview rows (cohort_issue_rows), a chunk per transaction.

    Same guarantees: a learner who already has a live certificate gets it back, numbers stay
    gap-free (the chunk takes its numbers in the same transaction as its rows), conditions are
    checked again. If another client's insert slips past the locks, the chunk rolls back whole
    and is issued one by one. Returns (certificates, [(row, reason), …])."""
    try:
        return _issue_chunk(rows=rows, kind=kind, issued_by=issued_by, cohort=cohort)
    except IntegrityError:
        certificates, refusals = [], []
        for row in rows:
            try:
                certificates.append(
                    issue_certificate(
                        enrolment=row.enrolment,
                        kind=kind,
                        issued_by=issued_by,
                        hours=row.hours,
                        validations=row.validations,
                    )
                )
            except CertificateRefused as exc:
                refusals.append((row, " ".join(exc.messages)))
        return certificates, refusals


def request_certificate(*, enrolment, kind, user):
    """One learner, from the admin: issue now, render in a job. Returns (certificate, job or None)."""
    _require_coordinator(user)
    certificate = issue_certificate(enrolment=enrolment, kind=kind, issued_by=user)
    job = None
    if not certificate.is_ready:
        job = start_job(
            handler="certificates.tasks.render_certificates",
            params={"ids": [certificate.pk]},
            queue="pdf",
            user=user,
            label=_("PDF de %(number)s") % {"number": certificate.number},
            total=1,
        )
    return certificate, job


def start_cohort_issue(*, cohort, kind, user):
    """Issue a whole cohort in the background; the job's page shows a progress bar."""
    _require_coordinator(user)
    if kind not in CertificateKind.values:
        raise ValidationError(_("Type de document inconnu."))
    template_for(course=cohort.course, kind=kind)  # fail now, not in the job, if none exists
    return start_job(
        handler="certificates.tasks.issue_cohort",
        params={"cohort": cohort.pk, "kind": kind},
        queue="pdf",
        user=user,
        label=_("%(kind)s – %(cohort)s") % {"kind": CertificateKind(kind).label, "cohort": cohort.code},
    )


def start_cohort_zip(*, cohort, kind, user):
    _require_coordinator(user)
    return start_job(
        handler="certificates.tasks.cohort_zip",
        params={"cohort": cohort.pk, "kind": kind},
        queue="pdf",
        user=user,
        label=_("ZIP %(kind)s – %(cohort)s") % {"kind": CertificateKind(kind).label, "cohort": cohort.code},
    )


_RELAXED_COMMIT = "SET LOCAL synchronous_commit TO OFF; "


def _store_rendered(certificate: Certificate) -> None:
    """Write the PDF's name, hash and time in one statement, written once (an ORM update is
    compiled anew for each of a batch's PDFs).

    On PostgreSQL the same round trip lets this transaction's commit return before its WAL
    reaches the disk. Only for this write: if the server crashed within the next few hundred
    milliseconds the row would read "not rendered" again and be rendered anew, which the claim
    does anyway. Issuing (number, code, content) keeps the durable commit."""
    fields = [Certificate._meta.get_field(name) for name in ("pdf", "pdf_sha256", "rendered_at")]
    values = [field.get_db_prep_save(getattr(certificate, field.attname), connection) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table, pk = quote(Certificate._meta.db_table), quote(Certificate._meta.pk.column)
    relaxed = _RELAXED_COMMIT if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"{relaxed}UPDATE {table} SET {columns} WHERE {pk} = %s",  # noqa: S608 - names from the model, values bound
            [*values, certificate.pk],
        )


def _claim_query(scope: Q):
    return (
        Certificate.objects.filter(scope, pdf_sha256="")
        .select_related("learner")
        .only("pk", "year", "number", "content", "pdf", "learner__email")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")
    )


# A single certificate's claim (the one just issued, a download): the same read, compiled once.
_CLAIM_ONE = PreparedRead(lambda pk: _claim_query(Q(pk=pk)), pk=_ID)


def render_next(*, scope: Q, notify: bool = True, pk=None) -> Certificate | None:
    """Claim one certificate in `scope` that has no PDF yet, render and store it.

    The row lock is held while rendering and skipped by other workers, so several workers share a
    batch without rendering anything twice; a worker that dies releases its row with its
    connection, and the next claim picks it up. Returns None when nothing is left to claim.
    """
    with atomic_begun_by_first_statement() as trip:
        # `pk`: the scope is that one certificate (render_pending(ids=[pk])).
        certificate = _CLAIM_ONE.one(pk=pk) if pk is not None else _claim_query(scope).first()
        if certificate is None:
            return None
        data = render_certificate_pdf(certificate.content)
        # A random part in the name: files are never reachable by guessing a number.
        name = f"{certificate.year}/{certificate.number}-{secrets.token_hex(8)}.pdf"
        certificate.pdf.save(name, ContentFile(data), save=False)
        certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
        certificate.rendered_at = timezone.now()
        trip.commit_with_next_statement(_RELAXED_COMMIT)
        _store_rendered(certificate)
        if notify and certificate.learner.email:
            transaction.on_commit(lambda pk=certificate.pk: notify_learner(certificate_id=pk), robust=True)
    return certificate


def render_pending(
    *,
    ids=None,
    scope: Q | None = None,
    expected=None,
    progress=None,
    wait_seconds=0.0,
    on_rendered=None,
    notify: bool = True,
) -> int:
    """Render the certificates of `ids` (or of `scope`) that have no PDF yet; returns how many
    are ready.

    `expected` (a number, or a callable giving one) is how many should end up ready: while fewer
    are, and until `wait_seconds` have passed, keep waiting for the ones other workers render or
    that are still being issued, claiming any they drop. While there is something to claim, the
    ready count (and progress) is read at most every PROGRESS_SECONDS, not after every PDF.
    """
    if ids is not None:
        ids = list(ids)
        scope, expected = Q(pk__in=ids), len(ids)
    deadline = time.monotonic() + wait_seconds
    next_count = 0.0
    while True:
        rendered = render_next(scope=scope, notify=notify, pk=ids[0] if ids and len(ids) == 1 else None)
        if rendered is not None:
            if on_rendered:
                on_rendered(rendered)
            if expected == 1:  # the one certificate asked for: no count needed
                if progress:
                    progress(1)
                return 1
            if time.monotonic() < next_count:
                continue
        ready = Certificate.objects.filter(scope).exclude(pdf_sha256="").count()
        next_count = time.monotonic() + PROGRESS_SECONDS
        if progress:
            progress(ready)
        target = expected() if callable(expected) else expected
        if target is not None and ready >= target:
            return ready
        if rendered is not None:
            continue
        if target is None or time.monotonic() >= deadline:
            return ready
        time.sleep(0.1)


def ensure_pdf(certificate: Certificate, *, wait_seconds: float = 10.0) -> bool:
    """Make sure a download finds its PDF: one still waiting for its job, or loaded in bulk
    without one (`seed_demo --scale large`), is rendered now, or awaited while a worker holds it.
    False for a revoked document, when the wait runs out or when rendering fails (logged; the
    caller says "en préparation" rather than answering a 500). No e-mail: the person is
    downloading it."""
    if not certificate.is_ready and certificate.status != Certificate.Status.REVOKED:
        try:
            render_pending(ids=[certificate.pk], wait_seconds=wait_seconds, notify=False)
        except (PdfRenderError, OSError):
            logger.exception("certificat %s : rendu à la demande impossible", certificate.number)
            return False
        certificate.refresh_from_db()
    return certificate.is_ready


def notify_learner(*, certificate_id) -> bool:
    """Tell the learner their document is ready, once (the flag is set before sending)."""
    certificate = Certificate.objects.select_related("learner").get(pk=certificate_id)
    email = certificate.learner.email
    if not email or certificate.status != Certificate.Status.VALID:
        return False
    claimed = Certificate.objects.filter(pk=certificate_id, email_sent_at__isnull=True).update(
        email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    content = certificate.content
    body = _(
        "Bonjour %(first_name)s,\n\n"
        "Votre document « %(kind)s » pour la formation « %(title)s » est prêt.\n"
        "Vous pouvez le télécharger dans votre espace : %(space)s\n\n"
        "Numéro : %(number)s\n"
        "Un employeur peut vérifier ce document ici : %(verify)s\n\n"
        "%(organisation)s"
    ) % {
        "first_name": content["learner"]["first_name"],
        "kind": content["kind_label"],
        "title": content["course"]["title"],
        "space": settings.SITE_URL + reverse("learner_space:home"),
        "number": certificate.number,
        "verify": content["verification_url"],
        "organisation": content["organisation"]["name"],
    }
    send_mail(
        _("Votre %(kind)s est prêt") % {"kind": content["kind_label"].lower()},
        body,
        None,
        [email],
        fail_silently=False,
    )
    return True


@transaction.atomic
def revoke_certificate(*, certificate, reason: str, by) -> Certificate:
    _require_coordinator(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de la révocation.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REVOKED:
        return certificate
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason
    certificate.full_clean(exclude=["pdf", "learner", "enrolment", "template", "supersedes", "issued_by"])
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    return certificate


def reissue_certificate(*, certificate, by):
    """A new certificate from today's data that replaces this one; both are kept.
    Returns (new certificate, render job)."""
    _require_coordinator(by)
    new = _issue(
        enrolment_id=certificate.enrolment_id,
        kind=certificate.kind,
        issued_by=by,
        hours=None,
        validations=None,
        supersedes=certificate,
        # A coordinator reissues to correct a document: the conditions were checked the first time.
        check=False,
    )
    job = start_job(
        handler="certificates.tasks.render_certificates",
        params={"ids": [new.pk]},
        queue="pdf",
        user=by,
        label=_("PDF de %(number)s") % {"number": new.number},
        total=1,
    )
    return new, job


def build_zip(*, cohort, kind, progress=None) -> str:
    """All live PDFs of a cohort for one kind in one ZIP (stored, not deflated: PDFs are already
    compressed). Returns the storage name."""
    certificates = list(
        Certificate.objects.filter(enrolment__cohort=cohort, kind=kind, status=Certificate.Status.VALID)
        .exclude(pdf_sha256="")
        .only("number", "pdf", "content")
        .order_by("number")
    )
    with SpooledTemporaryFile(max_size=50 * 1024 * 1024) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for i, certificate in enumerate(certificates, start=1):
                learner = certificate.content["learner"]
                filename = f"{certificate.number}_{learner['last_name']}_{learner['first_name']}.pdf"
                with certificate.pdf.open("rb") as pdf:
                    archive.writestr(_safe_name(filename), pdf.read())
                if progress:
                    progress(i, len(certificates))
        tmp.seek(0)
        name = f"certificats/zip/{cohort.code}-{kind}-{secrets.token_hex(8)}.zip"
        return default_storage.save(name, File(tmp))


def _safe_name(filename: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in filename)
