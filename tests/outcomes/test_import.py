"""The rules of shared/formats/sorties.md."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from learners.outcomes.imports import apply_import, preview_import
from learners.outcomes.models import Outcome, OutcomeChange
from lms.tabular import TabularError
from tests.factories import CohortFactory, EnrolmentFactory, LearnerFactory

pytestmark = pytest.mark.django_db

FUTURE = date.today() + timedelta(days=3)
HEADER = "email;nom;prenom;date_naissance;session;echeance;date_constat;situation;metier_numerique;source\n"


@pytest.fixture
def setup():
    cohort = CohortFactory(code="AN-2025-03", start_date=date(2025, 3, 1), end_date=date(2025, 9, 30))
    awa = LearnerFactory(
        last_name="Ndiaye", first_name="Awa", email="awa@example.org", birth_date=date(1998, 12, 3)
    )
    theo = LearnerFactory(last_name="Lefèvre", first_name="Théo", birth_date=date(2006, 6, 22))
    stranger = LearnerFactory(email="autre@example.org")
    return {
        "cohort": cohort,
        "awa": EnrolmentFactory(learner=awa, cohort=cohort, status="completed"),
        "theo": EnrolmentFactory(
            learner=theo,
            cohort=cohort,
            status="dropped_out",
            dropout_reason="sante",
            dropout_date=date(2025, 5, 1),
        ),
        "stranger": stranger,
    }


def csv(*lines, encoding="utf-8"):
    return (HEADER + "\n".join(lines) + "\n").encode(encoding)


def test_valid_rows_by_email_and_by_name_without_accents(setup):
    preview = preview_import(
        csv(
            "AWA@example.org;;;;AN-2025-03;sortie;30/09/2025;cdi;oui;stagiaire",
            ";LEFEVRE;theo;22/06/2006;AN-2025-03;3_mois;2025-12-01;formation_qualifiante;;",
        ),
        filename="s.csv",
    )
    assert preview.problems == []
    assert [(r.enrolment, r.checkpoint, r.situation) for r in preview.rows] == [
        (setup["awa"], "sortie", "cdi"),
        (setup["theo"], "3_mois", "formation_qualifiante"),
    ]
    assert preview.rows[0].digital_trade is True and preview.rows[1].source == "autre"
    assert Outcome.objects.count() == 0  # a preview writes nothing
    assert apply_import(preview) == 2
    assert Outcome.objects.get(enrolment=setup["awa"]).category == "emploi_durable"


def test_windows_1252_and_comma_delimiter(setup):
    content = (
        "Email,Session,Échéance,Date_constat,Situation\n"
        "awa@example.org,AN-2025-03,sortie,01/10/2025,recherche_emploi\n"
    ).encode("cp1252")
    preview = preview_import(content, filename="s.csv")
    assert preview.problems == [] and len(preview.rows) == 1


def test_rejected_rows_say_why(setup):
    preview = preview_import(
        csv(
            "autre@example.org;;;;AN-2025-03;sortie;30/09/2025;cdi;;",  # not enrolled
            "awa@example.org;;;;AN-2025-03;3_mois;15/09/2025;cdi;;",  # 3 months before the cohort's end
            "awa@example.org;;;;AN-2025-03;6_mois;01/04/2026;chomage;;",  # unknown situation
            "awa@example.org;;;;XX-0000;sortie;30/09/2025;cdi;;",  # unknown cohort
            "awa@example.org;;;;AN-2025-03;24_mois;30/09/2025;cdi;;",  # unknown checkpoint
            f"awa@example.org;;;;AN-2025-03;sortie;{FUTURE:%d/%m/%Y};cdi;;",  # future
            "awa@example.org;;;;AN-2025-03;sortie;31/02/2025;cdi;peut-être;",  # bad date and yes/no
            ";Inconnu;Personne;01/01/2000;AN-2025-03;sortie;30/09/2025;cdi;;",
        ),
        filename="s.csv",
    )
    assert preview.rows == []
    messages = {p.line: p.message for p in preview.problems}
    assert "pas inscrit" in messages[2]
    assert "précéder la fin de la session (30/09/2025)" in messages[3]
    assert "situation « chomage » inconnue" in messages[4]
    assert "session « XX-0000 » inconnue" in messages[5]
    assert "échéance « 24_mois » inconnue" in messages[6]
    assert "futur" in messages[7]
    assert "n'existe pas" in messages[8] and "oui ou non" in messages[8]
    assert "aucun stagiaire" in messages[9]


def test_exit_checkpoint_may_precede_the_cohort_end_for_a_drop_out(setup):
    preview = preview_import(csv(";Lefèvre;Théo;2006-06-22;AN-2025-03;sortie;02/05/2025;recherche_emploi;;"))
    assert preview.problems == []


def test_same_learner_checkpoint_twice_in_a_file_is_an_error(setup):
    preview = preview_import(
        csv(
            "awa@example.org;;;;AN-2025-03;sortie;30/09/2025;cdi;;",
            "awa@example.org;;;;AN-2025-03;sortie;30/09/2025;cdd_moins_6_mois;;",
        )
    )
    assert len(preview.rows) == 1 and "ligne 2" in preview.problems[0].message


def test_replacing_keeps_history(setup):
    apply_import(preview_import(csv("awa@example.org;;;;AN-2025-03;sortie;30/09/2025;recherche_emploi;;")))
    preview = preview_import(csv("awa@example.org;;;;AN-2025-03;sortie;15/10/2025;cdi;;"))
    assert preview.replacing == 1
    apply_import(preview)
    outcome = Outcome.objects.get(enrolment=setup["awa"], checkpoint="sortie")
    assert outcome.situation == "cdi"
    changes = list(outcome.changes.values_list("action", "before__situation", "after__situation"))
    assert changes == [("created", None, "recherche_emploi"), ("replaced", "recherche_emploi", "cdi")]
    assert set(outcome.changes.values_list("origin", flat=True)) == {OutcomeChange.Origin.IMPORT}


def test_missing_required_column_refuses_the_file(setup):
    with pytest.raises(TabularError) as exc:
        preview_import(b"email;session;situation\nawa@example.org;AN-2025-03;cdi\n", filename="s.csv")
    assert "echeance" in exc.value.message


def test_command_previews_then_validates(setup, tmp_path, capsys):
    path = tmp_path / "sorties.csv"
    path.write_bytes(
        csv(
            "awa@example.org;;;;AN-2025-03;sortie;30/09/2025;cdi;;",
            "autre@example.org;;;;AN-2025-03;sortie;30/09/2025;cdi;;",
        )
    )
    call_command("importer_sorties", str(path))
    out = capsys.readouterr().out
    assert "1 ligne(s) valide(s)" in out and "Ligne 3" in out and Outcome.objects.count() == 0
    call_command("importer_sorties", str(path), "--valider")
    assert Outcome.objects.count() == 1
