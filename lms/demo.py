"""Demo data: a believable French tiers-lieu in Amiens. Idempotent: a second run changes nothing.

Everything is keyed on natural keys (usernames, cohort codes, SIRET, names and birth dates) and
created only when missing, so running it on a used database never duplicates or overwrites.
"""

import random
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from courses.models import (
    CatalogPage,
    Cohort,
    CourseFormat,
    CourseModule,
    CoursePage,
    Skill,
    SkillBlock,
    SkillFramework,
    SkillLevel,
)
from courses.services import add_session, generate_sessions
from learners.models import (
    Enrolment,
    HostCompany,
    Learner,
    LearnerProfile,
    Partner,
    PartnerStaff,
    Placement,
    Tutor,
)
from learners.services.accounts import ensure_learner_account
from learners.services.enrolment import change_enrolment_status, enrol_learner

from .access import GROUP_NAMES, Role
from .models import HomePage
from .services import ensure_role_groups

DEMO_PASSWORD = "tremplin-demo"

DEMO_ACCOUNTS = [
    # username, first name, last name, role, email
    ("coordination", "Claire", "Dubois", Role.COORDINATOR, "claire.dubois@fabrique-tremplin.fr"),
    ("formateur", "Karim", "Haddad", Role.TRAINER, "karim.haddad@fabrique-tremplin.fr"),
    ("formatrice", "Léa", "Martin", Role.TRAINER, "lea.martin@fabrique-tremplin.fr"),
    ("afpa", "Nathalie", "Roussel", Role.PARTNER, "nathalie.roussel@afpa.example.fr"),
    ("e2c", "Julien", "Mercier", Role.PARTNER, "julien.mercier@e2c-somme.example.fr"),
    ("stagiaire", "Yasmine", "Benali", Role.LEARNER, "yasmine.benali@example.org"),
]

FIRST_NAMES_F = [
    "Awa",
    "Inès",
    "Chloé",
    "Manon",
    "Fatoumata",
    "Sarah",
    "Camille",
    "Lina",
    "Jade",
    "Aïcha",
    "Océane",
    "Emma",
    "Samira",
    "Louise",
    "Maëlys",
    "Nora",
    "Clara",
    "Zoé",
]
FIRST_NAMES_H = [
    "Kevin",
    "Théo",
    "Mamadou",
    "Lucas",
    "Yanis",
    "Hugo",
    "Bilal",
    "Enzo",
    "Nathan",
    "Rayan",
    "Dylan",
    "Mathis",
    "Karim",
    "Jordan",
    "Moussa",
    "Antoine",
    "Sofiane",
    "Tom",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Ndiaye",
    "Lefèvre",
    "Petit",
    "Diallo",
    "Moreau",
    "Garcia",
    "Fournier",
    "Traoré",
    "Girard",
    "Bonnet",
    "Mercier",
    "Haddad",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Benali",
    "Chevalier",
    "Cissé",
    "Morel",
    "Gauthier",
    "Perrin",
]
# (days from today, start, end) of the discovery workshop's five sessions.
DISCOVERY_SLOTS = [
    (-14, time(9, 0), time(12, 30)),
    (-9, time(9, 0), time(12, 30)),
    (-4, time(9, 0), time(12, 30)),
    (0, time(14, 0), time(17, 0)),
    (7, time(9, 0), time(12, 30)),
]
POSTCODES_QPV = [("80080", "QN08001M"), ("80000", "QN08002M"), ("80090", "QN08003M")]


def _user(username, first, last, role, email):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.is_staff = role == Role.COORDINATOR  # the RQ dashboard uses Django's staff flag
        user.save()
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user


def _luhn_siret(prefix: str) -> str:
    """Complete a 13-digit prefix into a SIRET with a valid Luhn key (demo companies)."""
    from .validators import luhn_ok

    for last in "0123456789":
        if luhn_ok(prefix + last):
            return prefix + last
    raise ValueError(prefix)


def _skills():
    maker, _ = SkillFramework.objects.get_or_create(
        name="Compétences maker",
        defaults={"description": "Habilitations machines et savoir-faire du fab lab."},
    )
    digital, _ = SkillFramework.objects.get_or_create(
        name="Compétences numériques",
        defaults={"description": "Compétences numériques de base, inspirées du référentiel Pix."},
    )
    spec = {
        (maker, "HAB", "Habilitations machines"): [
            ("Découpe laser", True, SkillLevel.CAN_TEACH),
            ("Impression 3D", True, SkillLevel.CAN_TEACH),
            ("Fraiseuse numérique (CNC)", True, SkillLevel.CAN_TEACH),
        ],
        (maker, "CON", "Conception"): [
            ("Dessin vectoriel", False, SkillLevel.AUTONOMOUS),
            ("Modélisation 3D", False, SkillLevel.AUTONOMOUS),
        ],
        (maker, "FAB", "Fabrication"): [
            ("Mener un projet de fabrication de A à Z", False, SkillLevel.AUTONOMOUS),
            ("Sécurité à l'atelier", False, SkillLevel.DISCOVERY),
        ],
        (digital, "INF", "Information et données"): [
            ("Rechercher et trier l'information", False, SkillLevel.AUTONOMOUS),
        ],
        (digital, "COM", "Communication et collaboration"): [
            ("Travailler en équipe avec des outils en ligne", False, SkillLevel.AUTONOMOUS),
        ],
        (digital, "CRE", "Création de contenus"): [
            ("Présenter son projet (photo, vidéo, texte)", False, SkillLevel.AUTONOMOUS),
        ],
    }
    skills = {}
    for (framework, code, block_name), items in spec.items():
        block, _ = SkillBlock.objects.get_or_create(
            framework=framework, name=block_name, defaults={"code": code}
        )
        for name, machine, max_level in items:
            skills[name], _ = Skill.objects.get_or_create(
                block=block,
                name=name,
                defaults={"is_machine_authorisation": machine, "max_level": max_level},
            )
    return skills


def _pages(skills, trainers):
    home = HomePage.objects.first()
    if home is None:  # a database migrated before the home page migration existed
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Bienvenue", slug="accueil"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    if not home.intro:
        home.tagline = "Apprendre en fabriquant, trouver sa voie."
        home.intro = (
            "<p>La Fabrique du Tremplin est un fab lab associatif d'Amiens. Nous formons aux métiers "
            "du numérique et de la fabrication des personnes qui cherchent un emploi ou une "
            "nouvelle voie : ateliers découverte, formation « Artisans numériques » labellisée "
            "Grande École du Numérique, immersions en entreprise.</p>"
        )
        home.save_revision().publish()
    catalog = CatalogPage.objects.first()
    if catalog is None:
        catalog = home.add_child(
            instance=CatalogPage(
                title="Nos formations",
                slug="formations",
                intro="<p>Toutes nos formations sont ouvertes aux personnes éloignées de l'emploi. "
                "Elles sont gratuites pour les stagiaires orientés par nos partenaires.</p>",
            )
        )
        catalog.save_revision().publish()

    courses = {}
    spec = [
        dict(
            slug="decouverte-decoupe-laser",
            title="Découverte de la découpe laser",
            format=CourseFormat.DISCOVERY,
            summary="Cinq séances pour passer d'un dessin à un objet découpé au laser : "
            "un porte-clés, une boîte, une lampe.",
            objectives="<ul><li>Utiliser la découpeuse laser en sécurité</li>"
            "<li>Dessiner un objet simple en vectoriel</li><li>Fabriquer et emporter son objet</li></ul>",
            audience="Toute personne curieuse, sans diplôme requis. Groupes de 8 à 12 personnes.",
            prerequisites="Aucun. Savoir utiliser une souris aide, mais on apprend sur place.",
            access_conditions="Sur orientation d'un partenaire ou inscription directe.",
            access_delay="Entrée possible jusqu'à la veille de la première séance.",
            hours_centre=15,
            skills=["Découpe laser", "Dessin vectoriel", "Sécurité à l'atelier"],
            modules=[
                ("Sécurité au fab lab", 3),
                ("Dessin vectoriel", 3),
                ("Découpe laser", 3),
                ("Finitions", 3),
                ("Fabriquer son objet", 3),
            ],
        ),
        dict(
            slug="artisans-numeriques",
            title="Artisans numériques, entrepreneurs et makers",
            format=CourseFormat.LONG,
            gen_label=True,
            summary="Six mois en centre pour apprendre la fabrication numérique, puis six mois "
            "d'immersion dans une entreprise du territoire.",
            objectives="<ul><li>Concevoir et fabriquer avec les machines du fab lab</li>"
            "<li>Mener un projet de fabrication pour un client</li>"
            "<li>Découvrir l'entrepreneuriat et les métiers du numérique</li></ul>",
            audience="Demandeurs d'emploi, jeunes de 16 à 29 ans, personnes en reconversion. "
            "Niveau bac ou infra-bac bienvenu.",
            prerequisites="Aucun diplôme. Un entretien de motivation.",
            access_conditions="Information collective puis entretien individuel.",
            access_delay="Environ un mois entre l'entretien et l'entrée en formation.",
            hours_centre=560,
            hours_company=700,
            rncp_reference="",
            skills=[
                "Découpe laser",
                "Impression 3D",
                "Fraiseuse numérique (CNC)",
                "Modélisation 3D",
                "Mener un projet de fabrication de A à Z",
                "Travailler en équipe avec des outils en ligne",
            ],
            modules=[
                ("Fondamentaux du fab lab", 70),
                ("Conception 2D et 3D", 140),
                ("Machines à commande numérique", 140),
                ("Projet client", 140),
                ("Entrepreneuriat et métiers", 70),
            ],
        ),
        dict(
            slug="atelier-impression-3d-e2c",
            title="Atelier impression 3D pour l'E2C",
            format=CourseFormat.PARTNER,
            summary="Quatre séances pour un groupe de l'École de la 2e Chance : modéliser et "
            "imprimer une pièce utile.",
            objectives="<ul><li>Modéliser une pièce simple</li><li>Lancer une impression 3D</li></ul>",
            audience="Jeunes de l'École de la 2e Chance de la Somme.",
            prerequisites="Aucun.",
            hours_centre=12,
            skills=["Impression 3D", "Modélisation 3D"],
            modules=[("Modéliser", 6), ("Imprimer", 6)],
        ),
    ]
    for item in spec:
        page = CoursePage.objects.filter(slug=item["slug"]).first()
        if page is None:
            page = CoursePage(
                title=item["title"],
                slug=item["slug"],
                format=item["format"],
                summary=item["summary"],
                objectives=item["objectives"],
                audience=item["audience"],
                prerequisites=item["prerequisites"],
                access_conditions=item.get("access_conditions", ""),
                access_delay=item.get("access_delay", ""),
                hours_centre=item.get("hours_centre", 0),
                hours_company=item.get("hours_company", 0),
                gen_label=item.get("gen_label", False),
                contact_name="Claire Dubois, coordinatrice",
                contact_email="formations@fabrique-tremplin.fr",
                contact_phone="03 22 00 00 00",
            )
            for order, (title, hours) in enumerate(item["modules"]):
                page.modules.add(CourseModule(title=title, hours=hours, sort_order=order))
            page.skills = [skills[name] for name in item["skills"]]
            page.trainers = trainers
            catalog.add_child(instance=page)
            page.save_revision().publish()
        courses[item["slug"]] = page
    return courses


def _partners():
    afpa, _ = Partner.objects.get_or_create(
        name="AFPA Amiens",
        defaults={
            "kind": Partner.Kind.AFPA,
            "siret": _luhn_siret("8244073930008"),
            "address": "Rue de l'Île Mystérieuse, 80440 Boves",
            "contact_name": "Nathalie Roussel",
            "email": "amiens@afpa.example.fr",
        },
    )
    e2c, _ = Partner.objects.get_or_create(
        name="École de la 2e Chance de la Somme",
        defaults={
            "kind": Partner.Kind.E2C,
            "siret": _luhn_siret("4891234560001"),
            "address": "Boulevard de Beauvillé, 80000 Amiens",
            "contact_name": "Julien Mercier",
            "email": "contact@e2c-somme.example.fr",
        },
    )
    return afpa, e2c


def _companies():
    spec = [
        (
            "Atelier Bois & Laser",
            "Artisanat, agencement",
            "80000",
            "Amiens",
            "5123456780001",
            ("Martine", "Carpentier", "Gérante"),
        ),
        (
            "Picardie Proto 3D",
            "Prototypage industriel",
            "80090",
            "Amiens",
            "8011223340002",
            ("Olivier", "Lemaire", "Responsable d'atelier"),
        ),
        (
            "Enseignes du Beffroi",
            "Signalétique et enseignes",
            "80100",
            "Abbeville",
            "4327788990003",
            ("Sonia", "Bouchez", "Cheffe de fabrication"),
        ),
    ]
    companies = []
    for name, sector, postal, city, prefix, (first, last, role) in spec:
        company, _ = HostCompany.objects.get_or_create(
            siret=_luhn_siret(prefix),
            defaults={"name": name, "sector": sector, "postal_code": postal, "city": city},
        )
        Tutor.objects.get_or_create(
            company=company,
            last_name=last,
            first_name=first,
            defaults={"role": role, "email": f"{first.lower()}.{last.lower()}@example.fr"},
        )
        companies.append(company)
    return companies


def _learner(*, first, last, gender, birth, email=""):
    # Own generator per person: whether a row already exists must not shift the names drawn next.
    rng = random.Random(f"{last}|{first}|{birth}")
    learner, created = Learner.objects.get_or_create(
        last_name=last, first_name=first, birth_date=birth, defaults={"email": email}
    )
    if created:
        postal, qpv_code = rng.choice(POSTCODES_QPV)
        in_qpv = rng.random() < 0.35
        consent = rng.random() < 0.3
        learner.postal_code = postal
        learner.phone = (
            f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        )
        learner.save()
        LearnerProfile.objects.create(
            learner=learner,
            gender=gender,
            qualification_level=rng.choice(["sans", "sans", "3", "3", "4", "4", "5"]),
            situation=rng.choice(
                ["demandeur_emploi", "demandeur_emploi", "neet", "neet", "salarie", "autre"]
            ),
            france_travail_registered=rng.random() < 0.7,
            france_travail_months=rng.randint(1, 30),
            qpv=None if rng.random() < 0.1 else in_qpv,
            qpv_code=qpv_code if in_qpv else "",
            zrr=rng.random() < 0.1,
            career_change=rng.random() < 0.3,
            rsa=rng.random() < 0.25,
            sensitive_consent=consent,
            rqth=(rng.random() < 0.15) if consent else None,
            sensitive_consent_at=timezone.now() if consent else None,
        )
    return learner


def _cohort(code, course, start, end, status, trainers, *, place, capacity=12, partner=None, schedule=None):
    cohort, created = Cohort.objects.get_or_create(
        code=code,
        defaults=dict(
            course=course,
            start_date=start,
            end_date=end,
            status=status,
            place=place,
            capacity=capacity,
            partner=partner,
        ),
    )
    if created:
        cohort.trainers.set(trainers)
        if schedule:
            weekdays, count = schedule
            generate_sessions(
                cohort=cohort,
                weekdays=weekdays,
                start_time=time(9, 0),
                end_time=time(12, 30),
                from_date=start,
                count=count,
                trainer=trainers[0],
            )
    return cohort


def _enrol(learner, cohort, partner, final_status, coordinator):
    enrolment = Enrolment.objects.filter(learner=learner, cohort=cohort).first()
    if enrolment is not None:
        return enrolment
    start = (
        Enrolment.Status.CANDIDATE
        if final_status == Enrolment.Status.CANDIDATE
        else Enrolment.Status.ADMITTED
    )
    enrolment = enrol_learner(learner=learner, cohort=cohort, partner=partner, status=start, by=coordinator)
    path = {
        Enrolment.Status.IN_TRAINING: [Enrolment.Status.IN_TRAINING],
        Enrolment.Status.COMPLETED: [Enrolment.Status.IN_TRAINING, Enrolment.Status.COMPLETED],
        Enrolment.Status.DROPPED_OUT: [Enrolment.Status.IN_TRAINING, Enrolment.Status.DROPPED_OUT],
    }.get(final_status, [])
    rng = random.Random(f"{learner.pk}|{cohort.code}")
    for step in path:
        kwargs = {}
        if step == Enrolment.Status.DROPPED_OUT:
            kwargs = {
                "dropout_reason": rng.choice(["emploi", "sante", "mobilite", "sans_nouvelles"]),
                "dropout_date": min(cohort.end_date, timezone.localdate()),
                "comment": "Abandon signalé par le prescripteur.",
            }
        enrolment = change_enrolment_status(enrolment=enrolment, to_status=step, by=coordinator, **kwargs)
    return enrolment


@transaction.atomic
def seed_demo(stdout=None) -> dict:
    rng = random.Random(20261121)
    ensure_role_groups()
    users = {
        username: _user(username, first, last, role, email)
        for username, first, last, role, email in DEMO_ACCOUNTS
    }
    coordinator = users["coordination"]
    trainers = [users["formateur"], users["formatrice"]]
    skills = _skills()
    courses = _pages(skills, trainers)
    afpa, e2c = _partners()
    PartnerStaff.objects.get_or_create(user=users["afpa"], defaults={"partner": afpa})
    PartnerStaff.objects.get_or_create(user=users["e2c"], defaults={"partner": e2c})
    companies = _companies()

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    place = "La Fabrique du Tremplin, 12 rue des Jacobins, 80000 Amiens"
    discovery = _cohort(
        f"DL-{monday:%Y-%m}",
        courses["decouverte-decoupe-laser"],
        today - timedelta(days=14),
        today + timedelta(days=14),
        Cohort.Status.RUNNING,
        [trainers[0]],
        place=place,
    )
    if not discovery.sessions.exists():
        # Five sessions, the fourth this afternoon, so the demo always has a roll-call to try.
        for offset, start, end in DISCOVERY_SLOTS:
            add_session(
                cohort=discovery,
                date=today + timedelta(days=offset),
                start_time=start,
                end_time=end,
                trainer=trainers[0],
                what_to_bring="Une clé USB et le dessin de votre objet" if offset == 0 else "",
            )
    long_start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    long_running = _cohort(
        f"AN-{long_start:%Y-%m}",
        courses["artisans-numeriques"],
        long_start,
        long_start + timedelta(days=364),
        Cohort.Status.RUNNING,
        trainers[::-1],
        place=place,
        capacity=16,
        schedule=([0, 1, 3], 60),
    )
    next_start = date(long_start.year + 1, 3, 1)
    long_next = _cohort(
        f"AN-{next_start:%Y-%m}",
        courses["artisans-numeriques"],
        next_start,
        next_start + timedelta(days=364),
        Cohort.Status.OPEN,
        trainers,
        place=place,
        capacity=16,
    )
    past_start = date(long_start.year - 1, 9, 1)
    long_past = _cohort(
        f"AN-{past_start:%Y-%m}",
        courses["artisans-numeriques"],
        past_start,
        past_start + timedelta(days=364),
        Cohort.Status.RUNNING,
        trainers,
        place=place,
        capacity=16,
        schedule=([1, 3], 12),
    )
    partner_start = monday + timedelta(days=14)
    e2c_cohort = _cohort(
        f"E2C-3D-{partner_start:%Y-%m}",
        courses["atelier-impression-3d-e2c"],
        partner_start,
        partner_start + timedelta(days=14),
        Cohort.Status.OPEN,
        [trainers[1]],
        place=place,
        partner=e2c,
        schedule=([2, 4], 4),
    )

    # ~40 learners with varied profiles; the demo learner account is the first.
    S = Enrolment.Status
    yasmine = _learner(
        first="Yasmine",
        last="Benali",
        gender="F",
        birth=date(2004, 2, 14),
        email="yasmine.benali@example.org",
    )
    if yasmine.user_id is None:
        yasmine.user = users["stagiaire"]
        yasmine.save(update_fields=["user"])
    people = [yasmine]
    for i in range(39):
        female = i % 5 in (0, 2)  # about 40 % women, as in such trainings
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_H)
        last = rng.choice(LAST_NAMES)
        birth = date(rng.randint(1975, 2008), rng.randint(1, 12), rng.randint(1, 28))
        people.append(_learner(first=first, last=last, gender="F" if female else "H", birth=birth))

    plan = [
        (discovery, people[0:11], [S.IN_TRAINING] * 10 + [S.DROPPED_OUT], afpa),
        (long_running, [people[0]] + people[11:24], [S.IN_TRAINING] * 12 + [S.DROPPED_OUT] * 2, afpa),
        (long_next, people[24:30], [S.CANDIDATE] * 3 + [S.ADMITTED] * 3, None),
        (long_past, people[30:40], [S.COMPLETED] * 8 + [S.DROPPED_OUT] * 2, e2c),
        (e2c_cohort, people[31:37], [S.ADMITTED] * 6, e2c),
    ]
    for cohort, learners, statuses, partner in plan:
        for learner, final_status in zip(learners, statuses, strict=True):
            _enrol(learner, cohort, partner, final_status, coordinator)
    if long_past.status != Cohort.Status.CLOSED:
        long_past.status = Cohort.Status.CLOSED
        long_past.save(update_fields=["status"])

    # Immersions of the past cohort's learners, one per host company.
    for enrolment, company in zip(
        Enrolment.objects.filter(cohort=long_past, status=S.COMPLETED).order_by("pk")[:3],
        companies,
        strict=False,
    ):
        if not enrolment.placements.exists():
            Placement.objects.create(
                enrolment=enrolment,
                company=company,
                tutor=company.tutors.first(),
                start_date=past_start + timedelta(days=182),
                end_date=long_past.end_date,
                weekly_hours=35,
                schedule="Du lundi au vendredi, 9 h – 17 h",
                place=f"{company.city}",
                objectives="Fabriquer des pièces pour les clients de l'atelier.",
                tasks="Préparation des fichiers, réglage des machines, finitions.",
                evaluation_method="Évaluation à mi-parcours et finale par le tuteur.",
                status=Placement.Status.ENDED,
            )

    ensure_learner_account(learner=yasmine)
    context = {
        "users": users,
        "courses": courses,
        "skills": skills,
        "partners": {"afpa": afpa, "e2c": e2c},
        "companies": companies,
        "cohorts": {
            "discovery": discovery,
            "long_running": long_running,
            "long_next": long_next,
            "long_past": long_past,
            "e2c": e2c_cohort,
        },
        "learners": people,
        "demo_learner": yasmine,
    }
    # Each app adds what it owns (attendance, certificates…), in dependency order.
    from certificates.demo import seed as seed_certificates
    from courses.demo import seed as seed_courses
    from courses.learning.demo import seed as seed_learning
    from learners.demo import seed as seed_learners
    from learners.immersion.demo import seed as seed_immersion
    from learners.intake.demo import seed as seed_intake
    from learners.outcomes.demo import seed as seed_outcomes
    from learners.privacy.demo import seed as seed_privacy

    seed_courses(context)
    seed_learners(context)
    seed_intake(context)
    seed_immersion(context)
    seed_outcomes(context)
    seed_certificates(context)
    seed_privacy(context)
    seed_learning(context)
    return context
