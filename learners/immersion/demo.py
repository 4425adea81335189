"""Demo data this sub-app adds on top of lms.demo (called at the end of seed_demo; idempotent).

The past cohort's placements get signatures, tutor links, evaluations and a few weeks of hours.
Demo tutor links use a known secret so that the tutor page can be tried:
/tuteur/<link id>/demo-tuteur-<placement id>/ (link ids are printed by `seed_demo` callers
through `context["tutor_links"]`).
"""

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

DEMO_NAMESPACE = uuid.UUID("6f1c2f8e-3d44-4c55-9a0b-7e1b2c3d4e5f")


def seed(context: dict) -> None:
    from learners.models import Placement

    from .models import CompanyHours, EvaluationSkill, PlacementEvaluation, PlacementEvent, TutorLink
    from .services import _hash, validate_skills_from_evaluation

    coordinator = context["users"]["coordination"]
    cohort = context["cohorts"]["long_past"]
    skills = context["skills"]
    placements = list(
        Placement.objects.filter(enrolment__cohort=cohort).select_related("tutor").order_by("pk")
    )
    context["tutor_links"] = []
    for n, placement in enumerate(placements):
        signed = timezone.make_aware(datetime.combine(placement.start_date - timedelta(days=10), time(14, 0)))
        if placement.signed_by_company_at is None:
            Placement.objects.filter(pk=placement.pk).update(
                signed_by_organisation_at=signed,
                signed_by_company_at=signed + timedelta(days=1),
                signed_by_learner_at=signed,
            )
            for action in ("sent", "signed", "started", "ended"):
                PlacementEvent.objects.create(
                    placement=placement,
                    from_status="",
                    to_status=placement.status,
                    action=action,
                    by=coordinator,
                )
        if not placement.skills.exists():
            placement.skills.set(
                [skills["Découpe laser"], skills["Impression 3D"], skills["Modélisation 3D"]]
            )

        link_id = uuid.uuid5(DEMO_NAMESPACE, f"placement-{placement.pk}")
        token = f"demo-tuteur-{placement.pk}"
        link = TutorLink.objects.filter(pk=link_id).first()
        if link is None:
            now = timezone.now()
            link = TutorLink.objects.create(
                id=link_id,
                placement=placement,
                token_hash=_hash(token),
                created_by=coordinator,
                expires_at=now + timedelta(days=120),
                sent_to=placement.tutor.email,
            )
        context["tutor_links"].append(f"/tuteur/{link.pk}/{token}/")

        kinds = ["mid", "final"] if n == 0 else (["mid"] if n == 1 else [])
        for kind in kinds:
            if PlacementEvaluation.objects.filter(placement=placement, kind=kind).exists():
                continue
            day = placement.start_date + timedelta(days=90 if kind == "mid" else 178)
            evaluation = PlacementEvaluation.objects.create(
                placement=placement,
                kind=kind,
                tutor_name=f"{placement.tutor.first_name} {placement.tutor.last_name}",
                punctuality=4 if kind == "final" else 3,
                teamwork=4,
                comments="Très investie, apprend vite. À travailler : la préparation des fichiers."
                if kind == "mid"
                else "A pris en charge seule les commandes de découpe laser. Une vraie recrue.",
                submitted_at=timezone.make_aware(datetime.combine(day, time(17, 0))),
                link=link,
            )
            levels = {"Découpe laser": 1 if kind == "mid" else 2, "Impression 3D": 1, "Modélisation 3D": 0}
            for name, level in levels.items():
                EvaluationSkill.objects.create(evaluation=evaluation, skill=skills[name], level=level)
            if kind == "final":
                validate_skills_from_evaluation(evaluation=evaluation, by=coordinator)

        if n == 0 and not CompanyHours.objects.filter(placement=placement).exists():
            monday = placement.start_date - timedelta(days=placement.start_date.weekday())
            for week in range(4):
                CompanyHours.objects.create(
                    placement=placement,
                    week_start=monday + timedelta(days=7 * week),
                    hours=35 if week else 28,
                    comment="" if week else "Arrivée le mardi",
                    recorded_by=coordinator,
                )
