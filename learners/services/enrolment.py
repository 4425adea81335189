"""The enrolment lifecycle: every status change goes through here, dated and recorded."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Cohort

from ..models import Enrolment, EnrolmentEvent

S = Enrolment.Status

ALLOWED_TRANSITIONS = {
    S.CANDIDATE: {S.ADMITTED, S.CANCELLED},
    S.ADMITTED: {S.IN_TRAINING, S.CANCELLED},
    S.IN_TRAINING: {S.COMPLETED, S.DROPPED_OUT},
    S.COMPLETED: set(),
    S.DROPPED_OUT: set(),
    S.CANCELLED: set(),
}

ENROLLABLE_COHORT_STATUSES = (Cohort.Status.DRAFT, Cohort.Status.OPEN, Cohort.Status.RUNNING)


def _check_capacity(cohort: Cohort, *, adding: int = 1) -> None:
    taken = cohort.enrolments.filter(status__in=Enrolment.HOLDS_SEAT).count()
    if taken + adding > cohort.capacity:
        raise ValidationError(
            _("La session %(code)s est complète (%(capacity)s places).")
            % {"code": cohort.code, "capacity": cohort.capacity}
        )


@transaction.atomic
def enrol_learner(*, learner, cohort, partner=None, status=S.ADMITTED, by=None, comment=""):
    """Enrol a learner in a cohort, holding a seat unless they are only a candidate."""
    # Lock the cohort row: two enrolments at once cannot both take the last seat.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status not in ENROLLABLE_COHORT_STATUSES:
        raise ValidationError(
            _("La session %(code)s est terminée : on ne peut plus s'y inscrire.") % {"code": cohort.code}
        )
    if status not in (S.CANDIDATE, S.ADMITTED, S.IN_TRAINING):
        raise ValidationError(_("Une inscription commence comme candidat, admis ou en formation."))
    if Enrolment.objects.filter(learner=learner, cohort=cohort).exists():
        raise ValidationError(
            _("%(learner)s est déjà inscrit(e) à la session %(code)s.")
            % {"learner": learner, "code": cohort.code}
        )
    if status in Enrolment.HOLDS_SEAT:
        _check_capacity(cohort)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                learner=learner, cohort=cohort, partner=partner, status=status
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("%(learner)s est déjà inscrit(e) à la session %(code)s.")
            % {"learner": learner, "code": cohort.code}
        ) from exc
    EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status="", to_status=status, by=by, comment=comment
    )
    return enrolment


@transaction.atomic
def change_enrolment_status(
    *, enrolment, to_status, by=None, comment="", dropout_reason="", dropout_date=None
):
    enrolment = Enrolment.objects.select_for_update().select_related("cohort").get(pk=enrolment.pk)
    from_status = enrolment.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("Impossible de passer de « %(from)s » à « %(to)s ».")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    if to_status == S.DROPPED_OUT:
        if dropout_reason not in Enrolment.DropoutReason.values:
            raise ValidationError(_("Indiquez le motif de l'abandon."))
        dropout_date = dropout_date or timezone.localdate()
        enrolment.dropout_reason = dropout_reason
        enrolment.dropout_comment = comment
        enrolment.dropout_date = dropout_date
    if to_status in Enrolment.HOLDS_SEAT and from_status not in Enrolment.HOLDS_SEAT:
        Cohort.objects.select_for_update().get(pk=enrolment.cohort_id)
        _check_capacity(enrolment.cohort)
    enrolment.status = to_status
    enrolment.status_changed_at = timezone.now()
    enrolment.full_clean()
    enrolment.save()
    EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status=from_status, to_status=to_status, by=by, comment=comment
    )
    return enrolment
