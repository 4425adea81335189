"""Reads on personal data: the right-of-access export, the reports that included someone, and the
coordinator's privacy page. Query counts do not grow with the size of a learner's file."""

import json
import re
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learners.immersion.models import CompanyHours, EvaluationSkill, PlacementEvaluation
from learners.models import (
    Attendance,
    Enrolment,
    LearnerProfile,
    Placement,
    ProgressNote,
    SkillValidation,
)
from learners.outcomes.models import Outcome, OutcomeChange, ReportRun
from learners.selectors.hours import COUNTED_PLACEMENT_STATUSES
from lms.reporting.data import ReportFilters, counted_enrolments

from .models import Consent, ConsentPurpose, ErasureRequest, LegalHold
from .policy import dates_for


def _dt(value):
    """ISO text; a moment in French time (the learner reads it), not UTC."""
    if not value:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat()


# The profile's fields under French ASCII keys, like the rest of the export (rapport-gen.md's
# words where it has one), with their labels as values rather than codes.
PROFILE_KEYS = {
    "gender": "genre",
    "qualification_level": "niveau_diplome",
    "situation": "situation_a_l_entree",
    "france_travail_registered": "inscrit_france_travail",
    "france_travail_months": "duree_inscription_mois",
    "qpv": "qpv",
    "qpv_code": "code_qpv",
    "zrr": "zrr",
    "career_change": "reconversion",
    "rsa": "rsa",
    "rqth": "rqth",
    "sensitive_consent": "consentement_donnees_sensibles",
    "sensitive_consent_at": "consentement_donnees_sensibles_le",
}


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def reports_including(learner) -> list[dict]:
    """Funder reports produced after the learner entered and whose filters cover one of their
    enrolments. Derived from each run's recorded parameters (no per-run list of people); the
    enrolment's status is today's, so a report made before a later status change may differ."""
    entered = Enrolment.objects.filter(learner=learner, status__in=Enrolment.STARTED)
    first = entered.order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return []
    runs = (
        ReportRun.objects.filter(status=ReportRun.Status.DONE, created_at__gte=first)
        .select_related("created_by")
        .order_by("created_at")
    )
    found = []
    counted_by_filters = {}
    for run in runs:
        # The report's own definition of who it counted, applied to this learner: one query per
        # distinct set of filters (runs mostly repeat the same year), not per run.
        key = json.dumps(run.params, sort_keys=True, default=str)
        if key not in counted_by_filters:
            counted_by_filters[key] = list(
                counted_enrolments(ReportFilters.from_params(run.params))
                .filter(learner=learner)
                .values_list("created_at", "cohort__code")
            )
        cohorts = sorted({code for created, code in counted_by_filters[key] if created <= run.created_at})
        if cohorts:
            found.append(
                {
                    "rapport": run.report.upper(),
                    "produit_le": _dt(run.finished_at or run.created_at),
                    "format": run.file_format,
                    "version_diffusion": run.diffusion,
                    "origine": run.origin,
                    "par": _person(run.created_by),
                    "sessions_concernees": cohorts,
                    "contenu": "totaux par session (aucune ligne nominative)",
                }
            )
    return found


def personal_data(learner) -> dict:
    """Everything held about a learner (RGPD right of access), as JSON-ready data."""
    from certificates.models import Certificate

    profile = LearnerProfile.objects.filter(learner=learner).first()
    enrolments = (
        Enrolment.objects.filter(learner=learner)
        .select_related("cohort__course", "partner")
        .prefetch_related("events")
        .order_by("cohort__start_date")
    )
    attendance = (
        Attendance.objects.filter(enrolment__learner=learner)
        .select_related("session__cohort")
        .prefetch_related("amendments")
        .order_by("session__date", "session__start_time")
    )
    validations = (
        SkillValidation.objects.filter(learner=learner).select_related("skill", "validated_by").order_by("pk")
    )
    placements = (
        Placement.objects.filter(enrolment__learner=learner)
        .select_related("company", "tutor", "enrolment__cohort")
        .prefetch_related(
            Prefetch("company_hours", queryset=CompanyHours.objects.order_by("week_start")),
            Prefetch(
                "evaluations",
                queryset=PlacementEvaluation.objects.prefetch_related(
                    Prefetch("skill_levels", queryset=EvaluationSkill.objects.select_related("skill"))
                ),
            ),
        )
        .order_by("start_date")
    )
    outcomes = (
        Outcome.objects.filter(enrolment__learner=learner)
        .select_related("enrolment__cohort")
        .prefetch_related(Prefetch("changes", queryset=OutcomeChange.objects.order_by("at", "pk")))
        .order_by("enrolment__cohort__start_date", "checkpoint")
    )
    notes = (
        ProgressNote.objects.filter(enrolment__learner=learner)
        .select_related("author", "enrolment__cohort")
        .order_by("created_at")
    )
    certificates = Certificate.objects.filter(learner=learner).order_by("issued_at")
    user = learner.user
    data = {
        "exporte_le": _dt(timezone.now()),
        "identite": {
            "nom": learner.last_name,
            "prenom": learner.first_name,
            "date_de_naissance": _dt(learner.birth_date),
            "courriel": learner.email,
            "telephone": learner.phone,
            "code_postal": learner.postal_code,
            "identifiant": user.get_username() if user else None,
            "pseudonyme": str(learner.pseudonym),
            "cree_le": _dt(learner.created_at),
        },
        "profil": None,
        "consentements": [],
        "inscriptions": [],
        "emargements": [],
        "competences": [],
        "immersions": [],
        "sorties": [],
        "certificats": [],
        "notes_de_l_equipe": [],
        "rapports_financeurs": reports_including(learner),
        "conservation": conservation(learner),
    }
    if profile:
        data["profil"] = {}
        for field in LearnerProfile._meta.concrete_fields:
            if field.name in ("id", "learner"):
                continue
            value = getattr(profile, field.attname)
            if field.choices and value:
                value = str(getattr(profile, f"get_{field.name}_display")())
            data["profil"][PROFILE_KEYS.get(field.name, field.name)] = value
        data["profil"]["consentement_donnees_sensibles_le"] = _dt(profile.sensitive_consent_at)
    for c in Consent.objects.filter(learner=learner).order_by("given_at"):
        data["consentements"].append(
            {
                "finalite": c.get_purpose_display(),
                "donne_le": _dt(c.given_at),
                "recueilli_par": c.get_source_display(),
                "retire_le": _dt(c.withdrawn_at),
            }
        )
    statuses = {value: str(label) for value, label in Enrolment.Status.choices}
    for e in enrolments:
        data["inscriptions"].append(
            {
                "formation": e.cohort.course.title,
                "session": e.cohort.code,
                "du": _dt(e.cohort.start_date),
                "au": _dt(e.cohort.end_date),
                "etat": e.get_status_display(),
                "prescripteur": e.partner.name if e.partner else None,
                "motif_abandon": e.get_dropout_reason_display() or None,
                "precisions_abandon": e.dropout_comment or None,
                "historique": [
                    {
                        "de": statuses.get(ev.from_status, ev.from_status),
                        "vers": statuses.get(ev.to_status, ev.to_status),
                        "le": _dt(ev.at),
                        "commentaire": ev.comment,
                    }
                    for ev in e.events.all()
                ],
            }
        )
    for a in attendance:
        data["emargements"].append(
            {
                "session": a.session.cohort.code,
                "date": _dt(a.session.date),
                "debut": _dt(a.session.start_time),
                "fin": _dt(a.session.end_time),
                "presence": a.get_status_display(),
                "minutes": a.minutes,
                "mode": a.get_method_display(),
                "signe_le": _dt(a.signed_at),
                "signature": a.signature or None,
                "corrections": [
                    {
                        "le": _dt(am.at),
                        "motif": am.reason,
                        "avant": am.get_old_status_display(),
                        "apres": am.get_new_status_display(),
                    }
                    for am in a.amendments.all()
                ],
            }
        )
    for v in validations:
        data["competences"].append(
            {
                "competence": v.skill.name,
                "niveau": v.level,
                "validee_le": _dt(v.validated_on),
                "par": _person(v.validated_by),
                "commentaire": v.comment,
                "preuve": v.evidence.name or None,
                "retiree_le": _dt(v.withdrawn_at),
                "motif_retrait": v.withdrawal_reason or None,
            }
        )
    for p in placements:
        data["immersions"].append(
            {
                "entreprise": p.company.name,
                "tuteur": f"{p.tutor.first_name} {p.tutor.last_name}",
                "du": _dt(p.start_date),
                "au": _dt(p.end_date),
                "heures_par_semaine": float(p.weekly_hours),
                "etat": p.get_status_display(),
                "compte_dans_les_heures": p.status in COUNTED_PLACEMENT_STATUSES,
                "heures_en_entreprise": [
                    {"semaine_du": _dt(h.week_start), "heures": float(h.hours), "commentaire": h.comment}
                    for h in p.company_hours.all()
                ],
                "evaluations": [
                    {
                        "evaluation": ev.get_kind_display(),
                        "par": ev.tutor_name,
                        "le": _dt(ev.submitted_at),
                        "ponctualite": ev.get_punctuality_display(),
                        "travail_en_equipe": ev.get_teamwork_display(),
                        "commentaires": ev.comments,
                        "competences": [
                            {"competence": s.skill.name, "niveau_observe": s.level}
                            for s in ev.skill_levels.all()
                        ],
                    }
                    for ev in p.evaluations.all()
                ],
            }
        )
    for o in outcomes:
        data["sorties"].append(
            {
                "session": o.enrolment.cohort.code,
                "echeance": o.get_checkpoint_display(),
                "situation": o.get_situation_display(),
                "categorie": str(o.category_label),
                "constatee_le": _dt(o.observed_on),
                "source": o.get_source_display(),
                "commentaire": o.comment,
                "historique": [
                    {
                        "action": ch.get_action_display(),
                        "origine": ch.get_origin_display(),
                        "le": _dt(ch.at),
                        "avant": ch.before,
                        "apres": ch.after,
                    }
                    for ch in o.changes.all()
                ],
            }
        )
    for c in certificates:
        data["certificats"].append(
            {
                "numero": c.number,
                "type": c.get_kind_display(),
                "emis_le": _dt(c.issued_on),
                "etat": c.get_status_display(),
                "code_de_verification": c.code,
            }
        )
    for n in notes:
        data["notes_de_l_equipe"].append(
            {
                "session": n.enrolment.cohort.code,
                "le": _dt(n.created_at),
                "par": _person(n.author),
                "note": n.text,
            }
        )
    from courses.learning.selectors import learning_data

    data.update(learning_data(learner))
    return data


def active_consents(learner) -> list:
    return list(Consent.objects.filter(learner=learner, withdrawn_at__isnull=True).order_by("purpose"))


def conservation(learner) -> dict:
    dates = dates_for(learner)
    holds = LegalHold.objects.filter(learner=learner).order_by("kind")
    state = getattr(learner, "retention", None)
    return {
        "phase": state.get_phase_display() if state else "Base active",
        "fin_de_la_phase_active": _dt(dates.active_until),
        "conservation_legale_jusqu_au": _dt(dates.hold_until),
        "pieces_sous_conservation": [
            {"pieces": h.get_kind_display(), "jusqu_au": _dt(h.until), "motif": h.reason} for h in holds
        ],
    }


def privacy_page(learner) -> dict:
    """The coordinator's privacy page of one learner (the profile is read once, for the audit)."""
    profile = LearnerProfile.objects.filter(learner=learner).first()
    consents = list(
        Consent.objects.filter(learner=learner).select_related("recorded_by").order_by("-given_at")
    )
    active = {c.purpose for c in consents if c.active}
    return {
        "learner": learner,
        "profile": profile,
        "consents": consents,
        "purposes": [(value, label, value in active) for value, label in ConsentPurpose.choices],
        "requests": list(
            ErasureRequest.objects.filter(learner=learner).select_related("recorded_by", "done_by")
        ),
        "pending": ErasureRequest.objects.filter(
            learner=learner, status=ErasureRequest.Status.PENDING
        ).first(),
        "holds": list(LegalHold.objects.filter(learner=learner)),
        "dates": dates_for(learner),
        "reports": reports_including(learner),
    }


SECTION_TITLES = [
    ("identite", _("Identité")),
    ("profil", _("Profil statistique")),
    ("consentements", _("Consentements")),
    ("inscriptions", _("Inscriptions")),
    ("emargements", _("Émargements")),
    ("competences", _("Compétences")),
    ("immersions", _("Immersions en entreprise")),
    ("sorties", _("Sorties et suivi")),
    ("certificats", _("Certificats et attestations")),
    ("notes_de_l_equipe", _("Notes de l'équipe")),
    ("rapports_financeurs", _("Rapports envoyés aux financeurs")),
    ("conservation", _("Conservation")),
]


# Keys of the export read as French words in the PDF (the JSON keeps plain ASCII keys).
LABELS = {
    "prenom": _("Prénom"),
    "telephone": _("Téléphone"),
    "cree_le": _("Créé le"),
    "date_de_naissance": _("Date de naissance"),
    "etat": _("État"),
    "finalite": _("Finalité"),
    "donne_le": _("Donné le"),
    "retire_le": _("Retiré le"),
    "precisions_abandon": _("Précisions sur l'abandon"),
    "debut": _("Début"),
    "signe_le": _("Signé le"),
    "competence": _("Compétence"),
    "validee_le": _("Validée le"),
    "retiree_le": _("Retirée le"),
    "ponctualite": _("Ponctualité"),
    "travail_en_equipe": _("Travail en équipe"),
    "echeance": _("Échéance"),
    "categorie": _("Catégorie"),
    "constatee_le": _("Constatée le"),
    "emis_le": _("Émis le"),
    "numero": _("Numéro"),
    "code_de_verification": _("Code de vérification"),
    "produit_le": _("Produit le"),
    "version_diffusion": _("Version diffusion"),
    "sessions_concernees": _("Sessions concernées"),
    "fin_de_la_phase_active": _("Fin de la phase active"),
    "conservation_legale_jusqu_au": _("Conservation légale jusqu'au"),
    "pieces_sous_conservation": _("Pièces sous conservation"),
    "jusqu_au": _("Jusqu'au"),
    "presence": _("Présence"),
    "consentement_donnees_sensibles_le": _("Consentement aux données sensibles donné le"),
}
TIME = re.compile(r"^\d{2}:\d{2}:\d{2}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _profile_field(key: str):
    name = next((field for field, french in PROFILE_KEYS.items() if french == key), key)
    try:
        return LearnerProfile._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(key: str) -> str:
    if key in LABELS:
        return str(LABELS[key])
    field = _profile_field(key)  # a profile field: its French name
    return str(field.verbose_name) if field is not None else key.replace("_", " ")


def _text(value, key: str = "") -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    if isinstance(value, str) and value.startswith("data:image/"):
        return str(_("signature enregistrée (image)"))
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, str) and ISO_DATE.match(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, str) and TIME.match(value):
        return value[:5].replace(":", " h ", 1)
    field = _profile_field(key) if key and isinstance(value, str) else None
    if field is not None and field.choices:  # a profile choice: its label, not its code
        return str(dict(field.choices).get(value, value))
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)} : {_text(v, k)}" for k, v in value.items())
    if isinstance(value, list):
        return " ; ".join(_text(v) for v in value) or "—"
    return str(value)


def pdf_sections(data: dict) -> list[dict]:
    """The export as titled blocks of (label, text) pairs, for the PDF template."""
    sections = []
    for key, title in SECTION_TITLES:
        value = data.get(key)
        records = value if isinstance(value, list) else [value] if value else []
        sections.append(
            {"title": title, "records": [[(_label(k), _text(v, k)) for k, v in r.items()] for r in records]}
        )
    return sections
