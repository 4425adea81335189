"""Writes on personal data: consents, sensitive fields, erasure requests and their execution."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learners.models import Enrolment, Learner, LearnerProfile
from lms.access import is_coordinator

from . import audit, minimise
from .models import CONSENT_FIELDS, Consent, ConsentPurpose, ErasureRequest, RetentionPhase
from .policy import dates_for


def _require_coordinator(user) -> None:
    if not is_coordinator(user):
        raise PermissionDenied


def _profile(learner) -> LearnerProfile | None:
    return LearnerProfile.objects.select_for_update().filter(learner=learner).first()


# Consents ---------------------------------------------------------------------------------


@transaction.atomic
def give_consent(*, learner, purpose: str, by, source: str = Consent.Source.ADMIN) -> Consent:
    """Record a consent (idempotent: an active one is returned as it is)."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Finalité inconnue."))
    existing = Consent.objects.filter(learner=learner, purpose=purpose, withdrawn_at__isnull=True).first()
    if existing:
        return existing
    now = timezone.now()
    consent = Consent.objects.create(
        learner=learner, purpose=purpose, source=source, recorded_by=by, given_at=now
    )
    if purpose == ConsentPurpose.HEALTH:
        LearnerProfile.objects.filter(learner=learner).update(
            sensitive_consent=True, sensitive_consent_at=now
        )
    audit.record(
        consent, audit.CONSENT_GIVEN, user=by, data={"finalite": purpose}, title=audit.learner_title(learner)
    )
    return consent


@transaction.atomic
def withdraw_consent(*, learner, purpose: str, by) -> int:
    """Withdraw a consent: the fields it allowed are cleared at once and no longer used.
    Returns how many fields held a value."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError(_("Finalité inconnue."))
    now = timezone.now()
    Consent.objects.filter(learner=learner, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=by
    )
    cleared = 0
    profile = _profile(learner)
    if profile is not None:
        for field in CONSENT_FIELDS[purpose]:
            if getattr(profile, field) is not None:
                cleared += 1
            setattr(profile, field, None)
        if purpose == ConsentPurpose.HEALTH:
            profile.sensitive_consent, profile.sensitive_consent_at = False, None
        profile.save()
    consent = Consent.objects.filter(learner=learner, purpose=purpose).order_by("-given_at").first()
    audit.record(
        consent or learner,
        audit.CONSENT_WITHDRAWN,
        user=by,
        data={"finalite": purpose, "champs_effaces": cleared},
        title=audit.learner_title(learner),
    )
    return cleared


def consents_from_import(profiles, *, by) -> None:
    """A partner's enrolment file carries the consents it collected: record them as such."""
    now = timezone.now()
    rows = []
    for profile in profiles:
        if profile.sensitive_consent:
            rows.append(Consent(learner_id=profile.learner_id, purpose=ConsentPurpose.HEALTH))
        if profile.rsa is not None:
            rows.append(Consent(learner_id=profile.learner_id, purpose=ConsentPurpose.SOCIAL_BENEFITS))
    for row in rows:
        row.source, row.recorded_by, row.given_at = Consent.Source.IMPORT, by, now
    Consent.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def has_consent(learner, purpose: str) -> bool:
    return Consent.objects.filter(learner=learner, purpose=purpose, withdrawn_at__isnull=True).exists()


@transaction.atomic
def set_sensitive_fields(*, learner, by, rqth, rsa) -> None:
    """Coordinators only; each value needs its consent, and the change is audited (not the value)."""
    _require_coordinator(by)
    profile = _profile(learner)
    if profile is None:
        raise ValidationError(_("Ce stagiaire n'a pas de profil statistique."))
    for purpose, value in ((ConsentPurpose.HEALTH, rqth), (ConsentPurpose.SOCIAL_BENEFITS, rsa)):
        if value is not None and not has_consent(learner, purpose):
            raise ValidationError(
                _("Sans consentement pour « %(purpose)s », ce champ doit rester vide.")
                % {"purpose": ConsentPurpose(purpose).label}
            )
    changed = [name for name, value in (("rqth", rqth), ("rsa", rsa)) if getattr(profile, name) != value]
    profile.rqth, profile.rsa = rqth, rsa
    profile.full_clean()
    profile.save()
    if changed:
        audit.record(
            profile,
            audit.SENSITIVE_CHANGE,
            user=by,
            data={"champs": changed},
            title=audit.learner_title(learner),
        )


# Erasure ----------------------------------------------------------------------------------


@transaction.atomic
def record_erasure_request(*, learner, by, channel: str, received_on=None, note: str = "") -> ErasureRequest:
    _require_coordinator(by)
    if ErasureRequest.objects.filter(learner=learner, status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError(_("Une demande d'effacement est déjà en attente pour cette personne."))
    request = ErasureRequest(
        learner=learner,
        learner_pseudonym=learner.pseudonym,
        channel=channel,
        note=note,
        recorded_by=by,
        received_on=received_on or timezone.localdate(),
    )
    request.full_clean()
    request.save()
    audit.record(request, audit.ERASURE_REQUESTED, user=by, title=audit.learner_title(learner))
    return request


def erasure_plan(learner) -> dict:
    """What an erasure would remove and keep, for the confirmation page (nothing is written)."""
    dates = dates_for(learner)
    return {
        "dates": dates,
        "removed": minimise.describe_erasure(learner),
        "kept": minimise.describe_holds(learner, dates),
        "deletes_everything": dates.hold_until is None and not minimise.counts_in_statistics(learner),
        # Still training: the coordinator should know the path goes on being recorded.
        "in_training": list(
            learner.enrolments.filter(status=Enrolment.Status.IN_TRAINING)
            .order_by("cohort__code")
            .values_list("cohort__code", flat=True)
        ),
    }


@transaction.atomic
def carry_out_erasure(*, request: ErasureRequest, by) -> ErasureRequest:
    """Remove or anonymise everything not under a legal hold; keep attendance and certificates
    with the hold's end date. Aggregate statistics read the kept rows and stay the same."""
    _require_coordinator(by)
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    learner = Learner.objects.select_for_update().filter(pk=request.learner_id).first()
    if learner is None:
        raise ValidationError(_("Le dossier de cette personne n'existe plus."))
    dates = dates_for(learner)
    if dates.hold_until is None and not minimise.counts_in_statistics(learner):
        summary = {"supprime": True}
        minimise.delete_learner(learner)
        request.learner = None
    else:
        summary = minimise.erase(learner)
        if dates.hold_until:
            reason = _("Preuves exigées par les financeurs (effacement demandé le %(day)s)") % {
                "day": request.received_on.strftime("%d/%m/%Y")
            }
            minimise.place_holds(learner, dates, reason)
        minimise.set_phase(learner, RetentionPhase.ERASED)
        summary["conserve_jusqu_au"] = dates.hold_until.isoformat() if dates.hold_until else None
    request.status = ErasureRequest.Status.DONE
    request.done_by, request.done_at = by, timezone.now()
    request.hold_until = dates.hold_until
    request.summary = summary
    request.note = ""  # free text about the person (how they asked): the request's dates stay
    request.save()
    title = f"Stagiaire {str(request.learner_pseudonym)[:8]}"
    audit.record(request, audit.ERASURE_DONE, user=by, data=summary, title=title)
    return request


@transaction.atomic
def cancel_erasure_request(*, request: ErasureRequest, by) -> None:
    _require_coordinator(by)
    ErasureRequest.objects.filter(pk=request.pk, status=ErasureRequest.Status.PENDING).update(
        status=ErasureRequest.Status.CANCELLED
    )
