"""Writes for outcomes: one transaction each, validated, every change kept in the history."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learners.models import Enrolment

from .categories import CHECKPOINT_CHOICES, CHECKPOINT_MONTHS, Checkpoint
from .models import Outcome, OutcomeChange, SelfReportLink


def exit_date(enrolment) -> date:
    """A drop-out leaves on their drop-out date, everyone else at the cohort's end."""
    if enrolment.status == Enrolment.Status.DROPPED_OUT and enrolment.dropout_date:
        return enrolment.dropout_date
    return enrolment.cohort.end_date


def due_date(enrolment, checkpoint: str) -> date:
    return exit_date(enrolment) + relativedelta(months=CHECKPOINT_MONTHS[checkpoint])


def observation_errors(*, enrolment, checkpoint, observed_on, today=None) -> list[str]:
    """The rules of sorties.md on who and when, as French messages (empty list: fine)."""
    today = today or timezone.localdate()
    errors = []
    if enrolment.status not in Enrolment.STARTED:
        errors.append(
            _("%(learner)s n'a pas commencé la session %(code)s (inscription « %(status)s »).")
            % {
                "learner": enrolment.learner,
                "code": enrolment.cohort.code,
                "status": enrolment.get_status_display(),
            }
        )
    if checkpoint not in CHECKPOINT_MONTHS:
        errors.append(_("Échéance inconnue : « %(value)s ».") % {"value": checkpoint})
    elif observed_on is not None:
        if observed_on > today:
            errors.append(_("La date du constat ne peut pas être dans le futur."))
        if checkpoint != Checkpoint.EXIT and observed_on < enrolment.cohort.end_date:
            errors.append(
                _(
                    "Pour l'échéance « %(checkpoint)s », la date du constat ne peut pas précéder "
                    "la fin de la session (%(end)s)."
                )
                % {
                    "checkpoint": dict(CHECKPOINT_CHOICES)[checkpoint],
                    "end": f"{enrolment.cohort.end_date:%d/%m/%Y}",
                }
            )
    return errors


@transaction.atomic
def record_outcome(
    *,
    enrolment,
    checkpoint: str,
    situation: str,
    observed_on: date,
    source: str = "autre",
    digital_trade: bool | None = None,
    situation_since: date | None = None,
    comment: str = "",
    confirmed: bool = True,
    by=None,
    origin: str = OutcomeChange.Origin.SCREEN,
    note: str = "",
) -> Outcome:
    """Create or replace the record of a checkpoint; the previous values stay in the history."""
    enrolment = Enrolment.objects.select_related("cohort", "learner").get(pk=enrolment.pk)
    errors = observation_errors(enrolment=enrolment, checkpoint=checkpoint, observed_on=observed_on)
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.select_for_update().filter(enrolment=enrolment, checkpoint=checkpoint).first()
    before = outcome.snapshot() if outcome else {}
    if outcome is None:
        outcome = Outcome(enrolment=enrolment, checkpoint=checkpoint)
    outcome.situation = situation
    outcome.observed_on = observed_on
    outcome.source = source or "autre"
    outcome.digital_trade = digital_trade
    outcome.situation_since = situation_since
    outcome.confirmed = confirmed
    if comment:
        outcome.comment = comment
    outcome.recorded_by = by if by is not None and getattr(by, "is_authenticated", False) else None
    outcome.full_clean()
    outcome.save()
    after = outcome.snapshot()
    if after != before:
        OutcomeChange.objects.create(
            outcome=outcome,
            action=OutcomeChange.Action.REPLACED if before else OutcomeChange.Action.CREATED,
            origin=origin,
            before=before,
            after=after,
            by=outcome.recorded_by,
            note=note[:300],
        )
    return outcome


@transaction.atomic
def confirm_outcome(*, outcome, by) -> Outcome:
    """A coordinator agrees with a learner's own answer."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.confirmed:
        return outcome
    before = outcome.snapshot()
    outcome.confirmed = True
    outcome.save(update_fields=["confirmed", "updated_at"])
    OutcomeChange.objects.create(
        outcome=outcome,
        action=OutcomeChange.Action.CONFIRMED,
        origin=OutcomeChange.Origin.SCREEN,
        before=before,
        after=outcome.snapshot(),
        by=by,
    )
    return outcome


def link_days() -> int:
    return int(getattr(settings, "OUTCOMES_LINK_DAYS", 60))


@transaction.atomic
def self_report_link(*, enrolment, checkpoint: str) -> SelfReportLink:
    """The learner's personal link for a checkpoint (reused while valid, renewed when expired)."""
    if checkpoint not in CHECKPOINT_MONTHS:
        raise ValidationError(_("Échéance inconnue : « %(value)s ».") % {"value": checkpoint})
    now = timezone.now()
    link, created = SelfReportLink.objects.select_for_update().get_or_create(
        enrolment=enrolment, checkpoint=checkpoint, defaults={"expires_at": now + timedelta(days=link_days())}
    )
    if not created and link.expires_at <= now:
        from .models import new_token

        link.token = new_token()
        link.expires_at = now + timedelta(days=link_days())
        link.answered_at = None
        link.save(update_fields=["token", "expires_at", "answered_at"])
    return link


@transaction.atomic
def answer_self_report(*, link, situation: str, since: date | None, digital_trade: bool | None) -> Outcome:
    """The learner's three answers become the checkpoint's record, to be confirmed by a coordinator."""
    link = SelfReportLink.objects.select_for_update().select_related("enrolment__cohort").get(pk=link.pk)
    if link.expires_at <= timezone.now():
        raise ValidationError(_("Ce lien n'est plus valable. Appelez votre formateur ou votre formatrice."))
    enrolment = link.enrolment
    existing = Outcome.objects.filter(enrolment=enrolment, checkpoint=link.checkpoint).first()
    if existing is not None and existing.confirmed and existing.source != "stagiaire":
        # Keep what a coordinator recorded; the answer still shows in the history for them to see.
        OutcomeChange.objects.create(
            outcome=existing,
            action=OutcomeChange.Action.REPLACED,
            origin=OutcomeChange.Origin.SELF_REPORT,
            before=existing.snapshot(),
            after=existing.snapshot() | {"proposed_situation": situation},
            note=_("Réponse du stagiaire non appliquée : un constat confirmé existe déjà."),
        )
        outcome = existing
    else:
        outcome = record_outcome(
            enrolment=enrolment,
            checkpoint=link.checkpoint,
            situation=situation,
            observed_on=timezone.localdate(),
            source="stagiaire",
            digital_trade=digital_trade,
            situation_since=since,
            confirmed=False,
            origin=OutcomeChange.Origin.SELF_REPORT,
        )
    link.answered_at = timezone.now()
    link.save(update_fields=["answered_at"])
    return outcome
