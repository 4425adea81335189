"""The people and objects the access-control matrix plays with, built once per test module.

Two sides that must never see each other: side A (learner A in cohort A, referred by partner X,
run by `trainer`, placement A with its tutor link) and side B (learner B, cohort B, partner Y,
`other_trainer`). Every URL of the matrix is filled with side A's objects; side B's people are
the "other owner" who must get a 404.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from certificates.models import CertificateKind
from courses.models import Audience
from learners.immersion.services import create_tutor_link
from learners.intake.models import GroupImport
from learners.models import Enrolment
from learners.outcomes.models import Outcome, ReportRun, SelfReportLink
from lms.access import Role
from lms.models import Job
from lms.services import ensure_role_groups
from tests.certificates.factories import CertificateTemplateFactory
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    PartnerFactory,
    SessionFactory,
    SkillFactory,
    UserFactory,
    course_page,
    ensure_site_tree,
    learner_user,
    partner_staff,
)
from tests.immersion.factories import placement as make_placement

ROLES = (
    "anonymous",
    "learner_a",
    "learner_b",
    "partner_x",
    "partner_y",
    "trainer",
    "other_trainer",
    "tutor",
    "coordinator",
)


@dataclass
class World:
    objects: dict = field(default_factory=dict)  # name → value put in URLs
    users: dict = field(default_factory=dict)  # role → user (None for anonymous and the tutor)
    clients: dict = field(default_factory=dict)  # role → logged-in test client

    def __getitem__(self, name):
        return self.objects[name]


def _side(*, trainer, partner, learner_user_, hosted_by=None):
    course = course_page()
    course.trainers.set([trainer])
    course.skills.set([SkillFactory()])
    course.save()  # parental relations are written when the page is saved
    today = timezone.localdate()
    cohort = CohortFactory(
        course=course,
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=30),
        partner=hosted_by,
    )
    cohort.trainers.set([trainer])
    session = SessionFactory(cohort=cohort, date=today, trainer=trainer)
    learner = learner_user_.learner
    enrolment = EnrolmentFactory(
        learner=learner, cohort=cohort, partner=partner, status=Enrolment.Status.IN_TRAINING
    )
    placement = make_placement(enrolment=enrolment)
    link, token = create_tutor_link(placement=placement, by=None)
    return {
        "course": course,
        "cohort": cohort,
        "session": session,
        "learner": learner,
        "enrolment": enrolment,
        "placement": placement,
        "link": link,
        "token": token,
        "course_slug": course.slug,
    }


def build_world(media_root) -> World:
    ensure_site_tree()
    ensure_role_groups()
    world = World()
    coordinator = UserFactory(username="sec-coordination", role=Role.COORDINATOR)
    trainer = UserFactory(username="sec-formateur", role=Role.TRAINER)
    other_trainer = UserFactory(username="sec-autre-formateur", role=Role.TRAINER)
    partner_x, partner_y = PartnerFactory(name="Partenaire X"), PartnerFactory(name="Partenaire Y")
    staff_x = partner_staff(partner=partner_x, username="sec-partenaire-x")
    staff_y = partner_staff(partner=partner_y, username="sec-partenaire-y")
    learner_a = learner_user(username="sec-stagiaire-a")
    learner_b = learner_user(username="sec-stagiaire-b")
    world.users = {
        "anonymous": None,
        "learner_a": learner_a,
        "learner_b": learner_b,
        "partner_x": staff_x,
        "partner_y": staff_y,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "tutor": None,
        "coordinator": coordinator,
    }
    a = _side(trainer=trainer, partner=partner_x, learner_user_=learner_a, hosted_by=partner_x)
    b = _side(trainer=other_trainer, partner=partner_y, learner_user_=learner_b, hosted_by=partner_y)
    ensure_role_groups()  # again, now that the catalogue exists: trainers' page permissions on it

    for kind in CertificateKind.values:
        CertificateTemplateFactory(kind=kind)
    template = CertificateTemplateFactory(kind=CertificateKind.END_OF_TRAINING, is_default=False)
    from certificates.services import issue_certificate

    certificate = issue_certificate(
        enrolment=a["enrolment"], kind=CertificateKind.END_OF_TRAINING, issued_by=coordinator, check=False
    )
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    certificate.pdf_sha256 = "0" * 64
    certificate.badge_sha256 = "1" * 64
    certificate.save(update_fields=["pdf", "pdf_sha256", "badge_sha256"])

    import_a = GroupImport.objects.create(
        cohort=a["cohort"], partner=partner_x, created_by=staff_x, file_name="a.csv", status="preview"
    )
    import_b = GroupImport.objects.create(
        cohort=b["cohort"], partner=partner_y, created_by=staff_y, file_name="b.csv", status="preview"
    )
    job_x = Job.objects.create(handler="tests.job", label="import X", created_by=staff_x)
    job_coordinator = Job.objects.create(
        handler="certificates.tasks.issue_cohort", label="attestations", created_by=coordinator, status="done"
    )
    self_report = SelfReportLink.objects.create(
        enrolment=a["enrolment"], checkpoint="3_mois", expires_at=timezone.now() + timedelta(days=30)
    )
    Outcome.objects.create(
        enrolment=a["enrolment"],
        checkpoint="sortie",
        situation="cdi",
        observed_on=timezone.localdate(),
        source="autre",
    )
    report_file = media_root / "rapport-gen.csv"
    report_file.write_bytes(b"indicateur;valeur\r\n")
    run = ReportRun.objects.create(
        params={},
        file_format="csv",
        created_by=coordinator,
        status=ReportRun.Status.DONE,
        file_name="rapport-gen.csv",
        file_path=str(report_file),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    from wagtail.documents.models import Document

    from learners.privacy.models import CohortFunding, ErasureRequest

    erasure = ErasureRequest.objects.create(
        learner=a["learner"], learner_pseudonym=a["learner"].pseudonym, recorded_by=coordinator
    )
    funding = CohortFunding.objects.create(cohort=a["cohort"])

    from learners.qr import make_token

    document = Document.objects.create(title="Plan de découpe")
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world.objects = {
        **{f"{k}_a": v for k, v in a.items()},
        **{f"{k}_b": v for k, v in b.items()},
        "cohort_a_code": a["cohort"].code,
        "learner_a_ref": a["learner"].pseudonym,
        # The code on the trainer's screen changes every 30 s: made when the URL is.
        "qr_token_a": lambda: make_token(a["session"].pk),
        "certificate_a": certificate,
        "certificate_a_code": certificate.code,
        "template": template,
        "skill": a["course"].skills.first(),
        "framework": a["course"].skills.first().block.framework,
        "audience": Audience.objects.get_or_create(slug="tous", defaults={"name": "Tous"})[0],
        "company_a": a["placement"].company,
        "tutor_a": a["placement"].tutor,
        "import_a": import_a,
        "import_b": import_b,
        "job_x": job_x,
        "job_coordinator": job_coordinator,
        "self_report_token": self_report.token,
        "report_run": run,
        "document": document,
        "document_file": document.file.name.rsplit("/", 1)[-1],
        "queue": 0,
        "json_format": "json",
        "rsa_purpose": "rsa",
        "erasure_a": erasure,
        "funding_a": funding,
        "reset_uid_a": urlsafe_base64_encode(force_bytes(learner_a.pk)),
        "reset_token_a": default_token_generator.make_token(learner_a),
        "coordinator_user": coordinator,
        "group": learner_a.groups.first(),
        "evaluation_kind": "mid",
    }
    for role, user in world.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        world.clients[role] = client
    # The tutor is a visitor who opened their own link once (whatever that leaves in the session).
    world.clients["tutor"].get(f"/tuteur/{a['link'].pk}/{a['token']}/")
    return world
