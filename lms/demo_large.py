"""`seed_demo --scale large`: a regional network's worth of data on top of the demo, for benchmarks.

20,000 learners, 1,000 cohorts, 25,000 sessions, about 500,000 attendance rows, 20,000
certificates and 100,000 outcomes, written with PostgreSQL's COPY in one transaction (about a
minute here). The shapes are the demo's: same courses, templates and statuses, so every page
shows believable data. Certificates are records with their frozen content and no PDF yet: the
learner's download renders a missing PDF on first request (certificates.views.learner_pdf), so
20,000 PDFs are never rendered up front.

Idempotent: a database that already holds the large cohorts (codes `GR-…`) is left as it is.
Accounts for load tests: `formateur-01`…`formateur-40`, `partenaire-01`…`partenaire-20`,
`stagiaire-00001`…`stagiaire-02000`, all with the demo password.
"""

import copy
import random
import time
import uuid
from datetime import date, timedelta
from datetime import time as dtime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from courses.models import CatalogPage, Cohort, CourseFormat, CourseModule, CoursePage, Skill

from .access import GROUP_NAMES, Role
from .demo import DEMO_PASSWORD, FIRST_NAMES_F, FIRST_NAMES_H, LAST_NAMES, POSTCODES_QPV, _luhn_siret

PREFIX = "GR-"
N_LEARNERS = 20_000
N_COHORTS = 1_000
SESSIONS_PER_COHORT = 25
N_RUNNING = 35
N_OPEN = 35
CLOSED_SIZE = 28
RUNNING_SIZE = 20
OPEN_SIZE = 10
N_TRAINERS = 40
N_PARTNERS = 20
N_LEARNER_ACCOUNTS = 2_000
N_CERTIFICATES = 20_000
N_OUTCOMES = 100_000
N_EXTRA_COURSES = 17

TRADES = [
    ("Fraiseuse numérique", CourseFormat.DISCOVERY),
    ("Électronique et Arduino", CourseFormat.DISCOVERY),
    ("Couture numérique", CourseFormat.DISCOVERY),
    ("Menuiserie assistée par ordinateur", CourseFormat.DISCOVERY),
    ("Réparation d'ordinateurs", CourseFormat.DISCOVERY),
    ("Vidéo et réseaux sociaux", CourseFormat.DISCOVERY),
    ("Modélisation 3D", CourseFormat.DISCOVERY),
    ("Sérigraphie et flocage", CourseFormat.DISCOVERY),
    ("Premiers pas en programmation", CourseFormat.DISCOVERY),
    ("Technicien de fab lab", CourseFormat.LONG),
    ("Fabricant numérique", CourseFormat.LONG),
    ("Médiateur numérique", CourseFormat.LONG),
    ("Réparateur de matériel électronique", CourseFormat.LONG),
    ("Impression 3D pour l'industrie", CourseFormat.LONG),
    ("Atelier partenaire : découverte des métiers du bois", CourseFormat.PARTNER),
    ("Atelier partenaire : électronique", CourseFormat.PARTNER),
    ("Atelier partenaire : objets connectés", CourseFormat.PARTNER),
]
SITUATIONS = [
    "cdi",
    "cdd_6_mois_plus",
    "cdd_moins_6_mois",
    "interim_moins_6_mois",
    "apprentissage",
    "creation_activite",
    "formation_qualifiante",
    "recherche_emploi",
    "inactif",
    "inconnu",
]
TRAINER_SIGNATURE = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def is_seeded() -> bool:
    return Cohort.objects.filter(code__startswith=PREFIX).count() >= N_COHORTS


def counts() -> dict:
    from certificates.models import Certificate
    from courses.models import Session
    from learners.models import Attendance, Learner
    from learners.outcomes.models import Outcome

    return {
        "stagiaires": Learner.objects.count(),
        "sessions de formation": Cohort.objects.count(),
        "séances": Session.objects.count(),
        "émargements": Attendance.objects.count(),
        "attestations": Certificate.objects.count(),
        "sorties": Outcome.objects.count(),
    }


def seed_large(stdout=None) -> bool:
    """Add the large data set; False when it was already there."""
    if connection.vendor != "postgresql":
        raise RuntimeError("--scale large demande PostgreSQL (DATABASE_URL=postgres://…).")
    from .demo import seed_demo

    seed_demo()
    if is_seeded():
        return False
    started = time.monotonic()
    with transaction.atomic():
        _Seeder(stdout).run()
    if stdout:
        stdout.write(f"Jeu de données « large » écrit en {time.monotonic() - started:.0f} s.")
    return True


OUTCOME_COLUMNS = [
    "id",
    "checkpoint",
    "situation",
    "observed_on",
    "source",
    "confirmed",
    "comment",
    "created_at",
    "updated_at",
    "enrolment_id",
]


def copy_rows(cursor, table, columns, rows) -> None:
    """COPY rows (tuples in `columns` order) into a table, then move its id sequence past them."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
        for row in rows:
            out.write_row(row)
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
    )


class _Seeder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.rng = random.Random(10_000)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.cur = None

    def log(self, message):
        if self.stdout:
            self.stdout.write(f"  {message}")

    # -- COPY helpers ------------------------------------------------------------------------
    def ids(self, table, n):
        self.cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - our table names
        start = self.cur.fetchone()[0] + 1
        return list(range(start, start + n))

    def copy(self, table, columns, rows):
        copy_rows(self.cur, table, columns, rows)

    # -- the data ----------------------------------------------------------------------------
    def run(self):
        courses = self.courses()
        with connection.cursor() as django_cursor:
            self.cur = django_cursor.cursor  # psycopg's own cursor, for COPY
            trainers = self.users("formateur-{:02d}", N_TRAINERS, Role.TRAINER, "Formateur")
            partner_users = self.users("partenaire-{:02d}", N_PARTNERS, Role.PARTNER, "Partenaire")
            partners = self.partners(partner_users)
            learners = self.learners()
            cohorts = self.cohorts(courses, trainers)
            sessions = self.sessions(cohorts)
            enrolments = self.enrolments(cohorts, learners, partners)
            self.attendance(sessions, enrolments)
            self.validations(cohorts, enrolments)
            self.outcomes(cohorts, enrolments)
        self.certificates(cohorts, enrolments)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, so the planner uses the indexes at once

    def courses(self):
        catalog = CatalogPage.objects.first()
        skills = list(Skill.objects.order_by("pk"))
        trainers_of = list(CoursePage.objects.filter(live=True).order_by("pk"))
        for i, (trade, fmt) in enumerate(TRADES[:N_EXTRA_COURSES]):
            slug = f"grand-reseau-{i + 1:02d}"
            if CoursePage.objects.filter(slug=slug).exists():
                continue
            long = fmt == CourseFormat.LONG
            page = CoursePage(
                title=f"{'Formation' if long else 'Atelier'} {trade.lower()}",
                slug=slug,
                format=fmt,
                summary=f"{trade} : apprendre en fabriquant, avec un formateur du réseau.",
                objectives=f"<ul><li>Utiliser les outils : {trade.lower()}</li><li>Mener un projet</li></ul>",
                audience="Demandeurs d'emploi, jeunes de 16 à 25 ans, personnes en reconversion.",
                prerequisites="Aucun",
                hours_centre=84 if long else 14,
                hours_company=420 if long else 0,
                contact_name="Coordination du réseau",
                contact_email="formations@fabrique-tremplin.fr",
            )
            page.modules.add(CourseModule(title="Découvrir", hours=7, sort_order=0))
            page.modules.add(CourseModule(title="Fabriquer", hours=7, sort_order=1))
            page.skills = self.rng.sample(skills, 3)
            catalog.add_child(instance=page)
            page.save_revision().publish()
        courses = list(CoursePage.objects.filter(live=True).order_by("pk"))
        self.log(f"{len(courses)} formations ({len(trainers_of)} de la démo)")
        return courses

    def users(self, pattern, n, role, last_name):
        password = make_password(DEMO_PASSWORD)  # hashed once: every account shares it
        group = Group.objects.get(name=GROUP_NAMES[role])
        ids = self.ids("auth_user", n)
        self.copy(
            "auth_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            (
                (
                    uid,
                    password,
                    False,
                    pattern.format(k + 1),
                    f"{k + 1}",
                    last_name,
                    "",
                    False,
                    True,
                    self.now,
                )
                for k, uid in enumerate(ids)
            ),
        )
        self.copy(
            "auth_user_groups",
            ["id", "user_id", "group_id"],
            zip(self.ids("auth_user_groups", n), ids, [group.pk] * n, strict=True),
        )
        self.log(f"{n} comptes {pattern.format(1)}…")
        return ids

    def partners(self, staff_ids):
        kinds = ["mission_locale", "france_travail", "e2c", "afpa", "cap_emploi", "plie"]
        ids = self.ids("learners_partner", N_PARTNERS)
        self.copy(
            "learners_partner",
            ["id", "name", "kind", "siret", "address", "contact_name", "email", "phone"],
            (
                (
                    pid,
                    f"Partenaire du réseau n° {k + 1:02d}",
                    kinds[k % len(kinds)],
                    _luhn_siret(f"{50_000_000_0000 + k:013d}"),
                    "",
                    "",
                    "",
                    "",
                )
                for k, pid in enumerate(ids)
            ),
        )
        self.copy(
            "learners_partnerstaff",
            ["id", "partner_id", "user_id"],
            zip(self.ids("learners_partnerstaff", N_PARTNERS), ids, staff_ids, strict=True),
        )
        return ids

    def learners(self):
        rng = self.rng
        accounts = self.users("stagiaire-{:05d}", N_LEARNER_ACCOUNTS, Role.LEARNER, "Stagiaire")
        ids = self.ids("learners_learner", N_LEARNERS)
        people = []
        for k, lid in enumerate(ids):
            female = k % 5 in (0, 2)
            people.append(
                (
                    lid,
                    rng.choice(LAST_NAMES),
                    rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_H),
                    date(rng.randint(1975, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                    "",
                    "06 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                    rng.choice(POSTCODES_QPV)[0],
                    uuid.UUID(int=rng.getrandbits(128), version=4),
                    self.now,
                    accounts[k] if k < len(accounts) else None,
                    "F" if female else "H",
                )
            )
        self.copy(
            "learners_learner",
            [
                "id",
                "last_name",
                "first_name",
                "birth_date",
                "email",
                "phone",
                "postal_code",
                "pseudonym",
                "created_at",
                "user_id",
            ],
            (p[:10] for p in people),
        )
        tri = [True, False, False, None]
        self.copy(
            "learners_learnerprofile",
            [
                "id",
                "learner_id",
                "gender",
                "qualification_level",
                "situation",
                "france_travail_registered",
                "france_travail_months",
                "qpv",
                "qpv_code",
                "zrr",
                "career_change",
                "rsa",
                "sensitive_consent",
            ],
            (
                (
                    pid,
                    p[0],
                    p[10],
                    rng.choice(["sans", "sans", "3", "3", "4", "4", "5"]),
                    rng.choice(["demandeur_emploi", "demandeur_emploi", "neet", "neet", "salarie", "autre"]),
                    rng.random() < 0.7,
                    rng.randint(1, 30),
                    rng.choice(tri),
                    "",
                    rng.random() < 0.1,
                    rng.random() < 0.3,
                    rng.random() < 0.25,
                    False,
                )
                for pid, p in zip(self.ids("learners_learnerprofile", N_LEARNERS), people, strict=True)
            ),
        )
        self.log(f"{N_LEARNERS} stagiaires, {len(accounts)} avec un compte")
        return ids

    def cohorts(self, courses, trainers):
        rng, today = self.rng, self.today
        n_closed = N_COHORTS - N_RUNNING - N_OPEN
        ids = self.ids("courses_cohort", N_COHORTS)
        cohorts = []
        for k, cid in enumerate(ids):
            course = courses[k % len(courses)]
            if k < n_closed:
                # Ended more than a year ago, so every follow-up checkpoint is due.
                end = today - timedelta(days=380 + (k * 1277) % 1100)
                start, status, size = end - timedelta(days=84), Cohort.Status.CLOSED, CLOSED_SIZE
            elif k < n_closed + N_RUNNING:
                start = today - timedelta(days=20 + (k * 7) % 60)
                end, status, size = start + timedelta(days=84), Cohort.Status.RUNNING, RUNNING_SIZE
            else:
                start = today + timedelta(days=7 + (k * 11) % 150)
                end, status, size = start + timedelta(days=84), Cohort.Status.OPEN, OPEN_SIZE
            pair = rng.sample(trainers, 2)
            cohorts.append(
                {
                    "id": cid,
                    "code": f"{PREFIX}{k + 1:04d}",
                    "course": course,
                    "start": start,
                    "end": end,
                    "status": status,
                    "size": size,
                    "trainers": pair,
                }
            )
        place = "Tiers-lieu du réseau, 80000 Amiens"
        self.copy(
            "courses_cohort",
            [
                "id",
                "code",
                "start_date",
                "end_date",
                "place",
                "capacity",
                "status",
                "created_at",
                "course_id",
            ],
            (
                (
                    c["id"],
                    c["code"],
                    c["start"],
                    c["end"],
                    place,
                    c["size"] + 2,
                    c["status"],
                    self.now,
                    c["course"].pk,
                )
                for c in cohorts
            ),
        )
        pairs = [(c["id"], t) for c in cohorts for t in c["trainers"]]
        self.copy(
            "courses_cohort_trainers",
            ["id", "cohort_id", "user_id"],
            (
                (i, c, t)
                for i, (c, t) in zip(self.ids("courses_cohort_trainers", len(pairs)), pairs, strict=True)
            ),
        )
        self.log(f"{N_COHORTS} sessions de formation")
        self.cohort_list = cohorts
        return cohorts

    def sessions(self, cohorts):
        rows = []
        ids = iter(self.ids("courses_session", N_COHORTS * SESSIONS_PER_COHORT))
        slots = [(dtime(9, 0), dtime(12, 30), 210), (dtime(13, 30), dtime(17, 0), 210)]
        for c in cohorts:
            c["sessions"] = []
            for k in range(SESSIONS_PER_COHORT):
                # Mondays and Thursdays, alternating morning and afternoon.
                day = c["start"] + timedelta(days=(k // 2) * 7 + (3 if k % 2 else 0))
                start, end, minutes = slots[k % 2]
                sid = next(ids)
                c["sessions"].append((sid, day, minutes))
                rows.append((sid, day, start, end, "Atelier", minutes, "", c["id"], c["trainers"][0]))
        self.copy(
            "courses_session",
            [
                "id",
                "date",
                "start_time",
                "end_time",
                "place",
                "planned_minutes",
                "what_to_bring",
                "cohort_id",
                "trainer_id",
            ],
            rows,
        )
        self.log(f"{len(rows)} séances")
        return rows

    def enrolments(self, cohorts, learners, partners):
        rng = self.rng
        slots = sum(c["size"] for c in cohorts)
        # Every learner once, then some a second time (a workshop, then a long training).
        order = list(learners) + rng.sample(learners, slots - len(learners))
        position = 0
        rows = []
        ids = iter(self.ids("learners_enrolment", slots))
        for c in cohorts:
            taken = set()
            c["enrolments"] = []
            while len(c["enrolments"]) < c["size"]:
                lid = order[position % len(order)]
                position += 1
                if lid in taken:
                    continue
                taken.add(lid)
                if c["status"] == Cohort.Status.CLOSED:
                    roll = rng.random()
                    status = "completed" if roll < 0.70 else "dropped_out" if roll < 0.97 else "cancelled"
                elif c["status"] == Cohort.Status.RUNNING:
                    status = "in_training" if rng.random() < 0.9 else "dropped_out"
                else:
                    status = "admitted" if rng.random() < 0.6 else "candidate"
                # Drop-outs leave somewhere in the first half of the sessions.
                left_after = rng.randint(1, 8) if status == "dropped_out" else None
                dropout_date = None
                if left_after is not None:
                    dropout_date = min(c["sessions"][left_after][1], self.today)
                partner = rng.choice(partners) if rng.random() < 0.8 else None
                eid = next(ids)
                c["enrolments"].append((eid, lid, status, left_after, dropout_date))
                rows.append(
                    (
                        eid,
                        status,
                        self.now,
                        rng.choice(["emploi", "sante", "mobilite", "sans_nouvelles"]) if dropout_date else "",
                        "",
                        dropout_date,
                        self.now,
                        c["id"],
                        lid,
                        partner,
                    )
                )
        self.copy(
            "learners_enrolment",
            [
                "id",
                "status",
                "status_changed_at",
                "dropout_reason",
                "dropout_comment",
                "dropout_date",
                "created_at",
                "cohort_id",
                "learner_id",
                "partner_id",
            ],
            rows,
        )
        self.log(f"{len(rows)} inscriptions")
        return rows

    def attendance(self, sessions, enrolments):
        rng = self.rng
        cohorts = self.cohort_list
        rows, sheets = [], []
        att_ids = iter(range(self.ids("learners_attendance", 1)[0], 10**12))
        for c in cohorts:
            for index, (sid, day, minutes) in enumerate(c["sessions"]):
                if day >= self.today:
                    break
                sheets.append(sid)
                for eid, _lid, status, left_after, _dropout in c["enrolments"]:
                    if status not in ("completed", "dropped_out", "in_training"):
                        continue
                    if left_after is not None and index > left_after:
                        continue
                    roll = rng.random()
                    if roll < 0.86:
                        state, done = "present", minutes
                    elif roll < 0.91:
                        state, done = "late", minutes - 20
                    elif roll < 0.95:
                        state, done = "absent_justified", 0
                    else:
                        state, done = "absent_unjustified", 0
                    rows.append(
                        (next(att_ids), state, done, "roll_call", "", self.now, eid, c["trainers"][0], sid)
                    )
        self.copy(
            "learners_attendance",
            [
                "id",
                "status",
                "minutes",
                "method",
                "signature",
                "recorded_at",
                "enrolment_id",
                "recorded_by_id",
                "session_id",
            ],
            rows,
        )
        # Sheets are closed after the rows exist: a closed sheet refuses new rows (trigger).
        trainer_of = {sid: c["trainers"][0] for c in cohorts for sid, _d, _m in c["sessions"]}
        self.copy(
            "learners_attendancesheet",
            ["id", "closed_at", "trainer_signature", "closed_by_id", "session_id"],
            (
                (pk, self.now, TRAINER_SIGNATURE, trainer_of[sid], sid)
                for pk, sid in zip(self.ids("learners_attendancesheet", len(sheets)), sheets, strict=True)
            ),
        )
        self.log(f"{len(rows)} émargements, {len(sheets)} feuilles closes")

    def validations(self, cohorts, enrolments):
        rows = []
        seen = set()
        skills_of = {}
        for c in self.cohort_list:
            course = c["course"]
            if course.pk not in skills_of:
                skills_of[course.pk] = list(course.skills.values_list("pk", flat=True))
            for eid, lid, status, _left, _dropout in c["enrolments"]:
                if status != "completed":
                    continue
                for skill in skills_of[course.pk][:2]:
                    if (lid, skill) in seen:
                        continue
                    seen.add((lid, skill))
                    rows.append((lid, skill, 1, eid, c["end"], c["trainers"][0], self.now))
        self.copy(
            "learners_skillvalidation",
            [
                "id",
                "learner_id",
                "skill_id",
                "level",
                "enrolment_id",
                "validated_on",
                "validated_by_id",
                "comment",
                "evidence",
                "withdrawal_reason",
                "created_at",
            ],
            (
                (pk, lid, skill, level, eid, on, by, "", "", "", at)
                for pk, (lid, skill, level, eid, on, by, at) in zip(
                    self.ids("learners_skillvalidation", len(rows)), rows, strict=True
                )
            ),
        )
        self.log(f"{len(rows)} validations de compétences")

    def outcomes(self, cohorts, enrolments):
        rng = self.rng
        checkpoints = [("sortie", 0), ("3_mois", 91), ("6_mois", 182), ("12_mois", 365)]
        rows = []
        for c in self.cohort_list:
            if c["status"] != Cohort.Status.CLOSED:
                continue
            for eid, _lid, status, _left, dropout in c["enrolments"]:
                if status not in ("completed", "dropped_out"):
                    continue
                for checkpoint, days in checkpoints:
                    if len(rows) >= N_OUTCOMES:
                        break
                    rows.append(
                        (
                            checkpoint,
                            rng.choice(SITUATIONS),
                            (dropout or c["end"]) + timedelta(days=days),
                            eid,
                        )
                    )
        self.copy(
            "outcomes_outcome",
            OUTCOME_COLUMNS,
            (
                (
                    pk,
                    cp,
                    situation,
                    on,
                    "prescripteur" if k % 3 else "autre",
                    True,
                    "",
                    self.now,
                    self.now,
                    eid,
                )
                for k, (pk, (cp, situation, on, eid)) in enumerate(
                    zip(self.ids("outcomes_outcome", len(rows)), rows, strict=True)
                )
            ),
        )
        self.log(f"{len(rows)} sorties")

    def certificates(self, cohorts, enrolments):
        """Certificats de réalisation of the most recent closed cohorts, content frozen as
        `issue_certificate` would freeze it, PDF left to be rendered on first download."""
        from certificates import codes
        from certificates.models import CertificateCounter, CertificateKind, CertificateTemplate
        from certificates.services import verification_url
        from certificates.snapshot import build_content, sha256_of
        from learners.models import Learner

        template = CertificateTemplate.objects.filter(
            kind=CertificateKind.COMPLETION, is_default=True
        ).first()
        if template is None:
            self.log("aucun modèle de certificat de réalisation : pas d'attestations")
            return
        closed = sorted(
            (c for c in self.cohort_list if c["status"] == Cohort.Status.CLOSED),
            key=lambda c: c["end"],
            reverse=True,
        )
        names = {
            pk: (first, last)
            for pk, first, last in Learner.objects.filter(pk__gte=min(e[8] for e in enrolments)).values_list(
                "pk", "first_name", "last_name"
            )
        }
        base_of = {}
        counter = dict(CertificateCounter.objects.values_list("year", "last_number"))
        rows = []
        rng = random.Random(20_000)
        for c in closed:
            for eid, lid, status, left_after, dropout in c["enrolments"]:
                if status not in ("completed", "dropped_out") or len(rows) >= N_CERTIFICATES:
                    continue
                issued_on = c["end"] + timedelta(days=7)
                year = issued_on.year
                counter[year] = counter.get(year, 0) + 1
                number = codes.format_number(year, counter[year])
                code = "".join(rng.choice(codes.ALPHABET) for _ in range(codes.CODE_LENGTH))
                planned = sum(m for _s, _d, m in c["sessions"])
                attended = sum(m for _s, _d, m in c["sessions"][: (left_after + 1 if left_after else None)])
                attended = int(attended * 0.93)
                if c["course"].pk not in base_of:
                    base_of[c["course"].pk] = self._base_content(build_content, template, c)
                content = copy.deepcopy(base_of[c["course"].pk])
                first, last = names[lid]
                content.update(number=number, code=code, verification_url=verification_url(code))
                content["issued_on"] = issued_on.isoformat()
                content["learner"] = {
                    "first_name": first,
                    "last_name": last,
                    "full_name": f"{first} {last.upper()}",
                    "employer": "",
                }
                content["cohort"] = {
                    "code": c["code"],
                    "start_date": c["start"].isoformat(),
                    "end_date": (dropout or c["end"]).isoformat(),
                    "place": "Tiers-lieu du réseau, 80000 Amiens",
                }
                content["hours"] = _hours(planned, attended)
                rows.append(
                    (
                        CertificateKind.COMPLETION.value,
                        year,
                        counter[year],
                        number,
                        code,
                        issued_on,
                        content,
                        sha256_of(content),
                        eid,
                        lid,
                        template.pk,
                    )
                )
        from psycopg.types.json import Jsonb

        with connection.cursor() as django_cursor:
            self.cur = django_cursor.cursor
            self.copy(
                "certificates_certificate",
                [
                    "id",
                    "kind",
                    "year",
                    "sequence",
                    "number",
                    "code",
                    "issued_on",
                    "issued_at",
                    "content",
                    "content_sha256",
                    "badge_sha256",
                    "pdf",
                    "pdf_sha256",
                    "status",
                    "revocation_reason",
                    "enrolment_id",
                    "learner_id",
                    "template_id",
                ],
                (
                    (
                        pk,
                        kind,
                        year,
                        seq,
                        number,
                        code,
                        on,
                        self.now,
                        Jsonb(content),
                        sha,
                        "",
                        "",
                        "",
                        "valid",
                        "",
                        eid,
                        lid,
                        tpl,
                    )
                    for pk, (kind, year, seq, number, code, on, content, sha, eid, lid, tpl) in zip(
                        self.ids("certificates_certificate", len(rows)), rows, strict=True
                    )
                ),
            )
        for year, last in counter.items():
            CertificateCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        self.log(f"{len(rows)} certificats de réalisation (PDF produits à la première demande)")

    def _base_content(self, build_content, template, c):
        from types import SimpleNamespace

        cohort = SimpleNamespace(
            code=c["code"], start_date=c["start"], end_date=c["end"], place="", course=c["course"]
        )
        enrolment = SimpleNamespace(
            learner=SimpleNamespace(first_name="", last_name=""), cohort=cohort, dropout_date=None
        )
        return build_content(
            enrolment=enrolment,
            template=template,
            kind="realisation",
            number="",
            code="",
            issued_on=c["end"],
            hours={},
            validations=[],
            verification_url="",
        )


def _hours(planned: int, attended: int) -> dict:
    def label(minutes):
        hours, rest = divmod(int(minutes), 60)
        return f"{hours} h {rest:02d}" if rest else f"{hours} h"

    return {
        "planned_minutes": planned,
        "attended_minutes": attended,
        "company_minutes": 0,
        "distance_minutes": 0,
        "total_minutes": attended,
        "attendance_rate": round(100 * attended / planned) if planned else None,
        "attended_label": label(attended),
        "company_label": label(0),
        "total_label": label(attended),
        "planned_label": label(planned),
    }
