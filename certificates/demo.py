"""Demo data this app adds on top of lms.demo (called at the end of seed_demo; idempotent).

One default template per kind for the demo organisation (with a drawn logo and signature), then
the documents of the past long cohort, so the demo shows issued PDFs, a verification page and a
revoked document.
"""

import io
import random
from datetime import timedelta

from django.core.files.images import ImageFile
from django.db.models import Q
from PIL import Image as PILImage
from PIL import ImageDraw

from learners.models import Attendance, Enrolment, SkillValidation

from . import services
from .models import Certificate, CertificateKind, CertificateTemplate

ORGANISATION = {
    "organisation_name": "La Fabrique du Tremplin",
    "organisation_address": "Fab lab du Tremplin, 12 rue des Jacobins\n80000 Amiens",
    "siret": "73282932000074",
    "activity_declaration_number": "32800123480",
    "activity_declaration_region": "Hauts-de-France",
    "qualiopi_number": "QUA-2025-0042",
    "legal_representative": "Claire Dubois",
    "legal_representative_title": "Présidente",
    "place": "Amiens",
}
TEMPLATES = {
    CertificateKind.END_OF_TRAINING: (
        "Attestation de fin de formation – modèle général",
        [("paragraph", "Félicitations pour votre parcours au fab lab !")],
    ),
    CertificateKind.COMPLETION: ("Certificat de réalisation – modèle du ministère", []),
    CertificateKind.SKILLS: ("Attestation de compétences – badges maker", []),
}


def _png(draw_fn, size) -> ImageFile:
    image = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw_fn(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer


def _demo_image(title: str, draw_fn, size):
    from wagtail.images.models import Image

    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = _png(draw_fn, size)
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    image.save()
    return image


def _draw_logo(draw):
    green, gold = (11, 93, 75, 255), (201, 162, 39, 255)
    draw.rounded_rectangle((0, 0, 150, 150), radius=28, fill=green)
    # A springboard: a ramp and a rising dot.
    draw.polygon([(22, 120), (128, 120), (128, 104)], fill=(255, 255, 255, 255))
    draw.ellipse((84, 34, 116, 66), fill=gold)
    draw.rectangle((170, 30, 176, 120), fill=gold)
    from PIL import ImageFont

    try:
        font = ImageFont.truetype("static/fonts/DejaVuSerif-Bold.ttf", 40)
        small = ImageFont.truetype("static/fonts/DejaVuSans.ttf", 22)
    except OSError:
        font = small = ImageFont.load_default()
    draw.text((196, 22), "La Fabrique", fill=green, font=font)
    draw.text((196, 70), "du Tremplin", fill=green, font=font)
    draw.text((198, 122), "fab lab · Amiens", fill=(80, 80, 80, 255), font=small)


def _draw_signature(draw):
    rng = random.Random("signature-claire-dubois")
    points, x = [], 10
    while x < 330:
        points.append((x, 60 + rng.randint(-28, 28)))
        x += rng.randint(8, 18)
    draw.line(points, fill=(20, 40, 110, 255), width=4, joint="curve")
    draw.line([(30, 100), (300, 92)], fill=(20, 40, 110, 255), width=3)
    # The organisation's round stamp beside the signature.
    draw.ellipse((360, 10, 470, 120), outline=(11, 93, 75, 200), width=5)
    draw.ellipse((378, 28, 452, 102), outline=(11, 93, 75, 200), width=2)


def _templates(course_pages):
    logo = _demo_image("Logo La Fabrique du Tremplin", _draw_logo, (560, 160))
    signature = _demo_image("Signature et cachet – Claire Dubois", _draw_signature, (480, 130))
    templates = {}
    for kind, (name, texts) in TEMPLATES.items():
        template = CertificateTemplate.objects.filter(name=name).first()
        if template is None:
            template = CertificateTemplate(
                name=name,
                kind=kind,
                is_default=not CertificateTemplate.objects.filter(kind=kind, is_default=True).exists(),
                logo=logo,
                signature=signature,
                texts=texts,
                **ORGANISATION,
            )
            template.full_clean()
            template.save()
            if kind == CertificateKind.SKILLS:
                template.courses.set(course_pages)
                template.save()
        templates[kind] = template
    return templates


def _attendance_for_past_cohort(cohort) -> None:
    """The closed cohort's roll-calls, if nobody recorded them (learners' demo fills the running
    cohorts only): most present, some late or absent, drop-outs absent after they left."""
    enrolments = list(
        Enrolment.objects.filter(
            cohort=cohort, status__in=[Enrolment.Status.COMPLETED, Enrolment.Status.DROPPED_OUT]
        )
    )
    if not enrolments or Attendance.objects.filter(enrolment__in=enrolments).exists():
        return
    rng = random.Random(f"certificates-demo-{cohort.code}")
    rows = []
    for session in cohort.sessions.order_by("date", "start_time"):
        for enrolment in enrolments:
            gone = enrolment.dropout_date is not None and session.date > enrolment.dropout_date
            roll = rng.random()
            if gone or roll < 0.06:
                status, minutes = Attendance.Status.ABSENT_UNJUSTIFIED, 0
            elif roll < 0.10:
                status, minutes = Attendance.Status.ABSENT_JUSTIFIED, 0
            elif roll < 0.16:
                status, minutes = Attendance.Status.LATE, max(0, session.planned_minutes - 20)
            else:
                status, minutes = Attendance.Status.PRESENT, session.planned_minutes
            rows.append(Attendance(session=session, enrolment=enrolment, status=status, minutes=minutes))
    Attendance.objects.bulk_create(rows, batch_size=1000)


def _skills_for_past_cohort(cohort, trainer) -> None:
    completed = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.COMPLETED).order_by("pk")
    )
    if not completed or SkillValidation.objects.filter(enrolment__in=completed).exists():
        return
    skills = list(cohort.course.skills.all().order_by("name"))
    for i, enrolment in enumerate(completed):
        for j, skill in enumerate(skills):
            if (i + j) % 3 == 2:
                continue  # not every skill for everyone: the attestation says which
            SkillValidation.objects.get_or_create(
                learner_id=enrolment.learner_id,
                skill=skill,
                level=min(skill.max_level, 1 + (i + j) % 2),
                withdrawn_at=None,
                defaults={
                    "enrolment": enrolment,
                    "validated_on": cohort.end_date - timedelta(days=30 + j),
                    "validated_by": trainer,
                },
            )


def seed(context: dict) -> None:
    """`context` holds what lms.demo built: users, courses, cohorts, partners, companies, learners."""
    courses = context.get("courses", {})
    _templates([c for slug, c in courses.items() if slug == "artisans-numeriques"])
    past = context["cohorts"]["long_past"]
    coordinator = context["users"]["coordination"]
    _attendance_for_past_cohort(past)
    _skills_for_past_cohort(past, context["users"].get("formatrice"))
    if Certificate.objects.filter(enrolment__cohort=past).exists():
        return
    ids = []
    for kind in (CertificateKind.COMPLETION, CertificateKind.END_OF_TRAINING, CertificateKind.SKILLS):
        for enrolment in Enrolment.objects.filter(cohort=past).filter(
            Q(status=Enrolment.Status.COMPLETED) | Q(status=Enrolment.Status.DROPPED_OUT)
        ):
            try:
                ids.append(
                    services.issue_certificate(enrolment=enrolment, kind=kind, issued_by=coordinator).pk
                )
            except services.CertificateRefused:
                continue  # the admin's issue page lists them with the reason
    services.render_pending(ids=ids)
    # One revoked and reissued document, so the verification page shows both states.
    first = (
        Certificate.objects.filter(pk__in=ids, kind=CertificateKind.END_OF_TRAINING).order_by("pk").first()
    )
    if first is not None:
        services.revoke_certificate(
            certificate=first, reason="Erreur dans l'orthographe du nom, document réémis.", by=coordinator
        )
        new, _job = services.reissue_certificate(certificate=first, by=coordinator)
        services.render_pending(ids=[new.pk])
