"""manage.py importer_inscriptions: same preview and messages; writes only with --valider."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learners.intake.models import GroupImport
from learners.models import Enrolment, Learner

from .factories import as_excel_french, csv_bytes, example_bytes, open_cohort, partner_with_staff, person

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("importer_inscriptions", *args, stdout=out)
    return out.getvalue()


def test_preview_only_without_valider(tmp_path):
    cohort = open_cohort(code="AN-2027-03")
    path = tmp_path / "groupe.csv"
    path.write_bytes(csv_bytes([person(), person(nom="Bad", date_naissance="31/02/2001")]))
    output = run(str(path), "--session", "AN-2027-03")
    assert "2 lignes, 1 à inscrire, 1 refusées" in output
    assert "Ligne 3 : date de naissance" in output
    assert "rien n'a été enregistré" in output
    assert Learner.objects.count() == 0 and GroupImport.objects.count() == 0
    assert cohort.enrolments.count() == 0


def test_valider_enrols_and_records_the_import(tmp_path):
    partner, _staff = partner_with_staff(name="E2C de la Somme")
    cohort = open_cohort(code="E2C-CLI")
    path = tmp_path / "exemple.csv"
    path.write_bytes(as_excel_french(example_bytes()))
    output = run(str(path), "--session", "E2C-CLI", "--partenaire", "e2c de la somme", "--valider")
    assert "4 personnes inscrites à la session E2C-CLI" in output
    assert Enrolment.objects.filter(cohort=cohort, partner=partner).count() == 4
    record = GroupImport.objects.get()
    assert record.status == GroupImport.Status.DONE and record.created_by is None


def test_unknown_session_partner_or_file(tmp_path):
    open_cohort(code="OK-1")
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes([person()]))
    with pytest.raises(CommandError, match="Session inconnue"):
        run(str(path), "--session", "NOPE")
    with pytest.raises(CommandError, match="Partenaire inconnu"):
        run(str(path), "--session", "OK-1", "--partenaire", "Personne")
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run(str(tmp_path / "absent.csv"), "--session", "OK-1")


def test_refused_file_and_all_rejected_rows_write_nothing(tmp_path):
    open_cohort(code="OK-2")
    path = tmp_path / "f.csv"
    path.write_bytes(b"nom;prenom\nA;B\n")
    with pytest.raises(CommandError, match="Colonnes obligatoires absentes"):
        run(str(path), "--session", "OK-2", "--valider")
    path.write_bytes(csv_bytes([person(genre="?")]))
    with pytest.raises(CommandError, match="Personne n'a été inscrit"):
        run(str(path), "--session", "OK-2", "--valider")
    assert Enrolment.objects.count() == 0
