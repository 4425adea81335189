"""Every rule of shared/formats/inscriptions.md, through the services the pages and command use."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from learners.intake.models import GroupImport
from learners.intake.services import confirm_import, login_code_sheet, upload_import
from learners.models import Enrolment, Learner, LearnerProfile
from lms.models import LoginCode
from tests.factories import EnrolmentFactory, LearnerFactory, coordinator

from .factories import (
    as_excel_french,
    csv_bytes,
    example_bytes,
    open_cohort,
    partner_with_staff,
    person,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
S = GroupImport.Status


@pytest.fixture
def setting():
    partner, staff = partner_with_staff(name="E2C de la Somme")
    return {"partner": partner, "staff": staff, "cohort": open_cohort()}


def upload(setting, data, name="inscriptions.csv"):
    return upload_import(
        user=setting["staff"],
        cohort=setting["cohort"],
        partner=setting["partner"],
        upload=data,
        filename=name,
    )


def errors_of(group_import):
    return {row["line"]: " ".join(row["errors"]) for row in group_import.preview["rejected"]}


def one_row_error(setting, **overrides):
    group_import = upload(setting, csv_bytes([person(**overrides)]))
    assert group_import.rows_valid == 0, group_import.preview
    return errors_of(group_import)[2]


def test_example_file_saved_by_french_excel_enrols_everyone_in_one_go(setting):
    group_import = upload(setting, as_excel_french(example_bytes()), "inscriptions-exemple.csv")
    assert group_import.status == S.PREVIEW
    assert (group_import.rows_total, group_import.rows_valid, group_import.rows_rejected) == (4, 4, 0)
    assert Learner.objects.count() == 0  # nothing written before confirmation

    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.status == S.DONE
    assert done.enrolled == 4 and done.learners_created == 4 and done.accounts_created == 4
    enrolments = Enrolment.objects.filter(cohort=setting["cohort"]).select_related("learner__profile")
    assert {e.learner.last_name for e in enrolments} == {"Benali", "Martin", "Ndiaye", "Lefèvre"}
    assert all(e.partner == setting["partner"] for e in enrolments)
    assert all(e.status == Enrolment.Status.ADMITTED for e in enrolments)
    assert all(e.events.count() == 1 for e in enrolments)
    theo = Learner.objects.get(last_name="Lefèvre")
    assert theo.first_name == "Théo"
    assert theo.birth_date == date(2006, 6, 22)
    assert theo.user is not None
    kevin = LearnerProfile.objects.get(learner__last_name="Martin")
    assert (kevin.gender, kevin.qualification_level, kevin.situation) == ("H", "3", "demandeur_emploi")
    assert (kevin.france_travail_registered, kevin.france_travail_months, kevin.rsa, kevin.rqth) == (
        True,
        14,
        True,
        False,
    )
    assert kevin.sensitive_consent is True
    yasmine = LearnerProfile.objects.get(learner__last_name="Benali")
    assert (yasmine.qpv, yasmine.qpv_code, yasmine.rqth, yasmine.sensitive_consent) == (
        True,
        "QN08001M",
        None,
        False,
    )
    assert Learner.objects.get(last_name="Benali").phone == "06 12 34 56 78"
    assert done.results.count() == 4


def test_second_upload_of_the_same_file_enrols_no_one_and_says_why(setting):
    first = upload(setting, as_excel_french(example_bytes()))
    confirm_import(group_import=first, user=setting["staff"])
    second = upload(setting, as_excel_french(example_bytes()))
    assert second.rows_valid == 0 and second.rows_rejected == 4
    assert all("déjà inscrite" in msg for msg in errors_of(second).values())
    assert not second.can_confirm
    with pytest.raises(ValidationError):
        confirm_import(group_import=second, user=setting["staff"])
    assert Enrolment.objects.filter(cohort=setting["cohort"]).count() == 4


def test_xlsx_is_accepted_too(setting):
    group_import = upload(setting, xlsx_bytes([person(), person(nom="Petit", prenom="Lina")]), "groupe.xlsx")
    assert group_import.file_format == "xlsx"
    assert group_import.rows_valid == 2


def test_comma_delimited_utf8_with_bom(setting):
    group_import = upload(setting, csv_bytes([person(nom="Lefèvre")], delimiter=",", bom=True))
    assert group_import.rows_valid == 1
    assert group_import.preview["valid"][0]["data"]["last_name"] == "Lefèvre"


def test_formula_like_cells_are_stored_as_text(setting):
    name = '=HYPERLINK("http://evil.example","Cliquez")'
    data = xlsx_bytes([person(nom=name, prenom="@Kevin")])
    group_import = upload(setting, data, "groupe.xlsx")
    assert group_import.rows_valid == 1
    assert any("gardé tel quel" in w for w in group_import.preview["valid"][0]["warnings"])
    confirm_import(group_import=group_import, user=setting["staff"])
    learner = Learner.objects.get()
    assert learner.last_name == name
    assert learner.first_name == "@Kevin"


def test_unknown_columns_are_a_warning_not_an_error(setting):
    header = ["Nom", "PRÉNOM", "Date-Naissance", "genre", "niveau diplome", "situation", "pointure"]
    data = ";".join(header).encode() + b"\nDurand;In\xc3\xa8s;12/03/2001;F;4;neet;38\n"
    group_import = upload(setting, data)
    assert group_import.rows_valid == 1
    assert "pointure" in group_import.preview["warnings"][0]


def test_refused_file_is_recorded_with_its_reason(setting):
    group_import = upload(setting, b"nom;prenom\nA;B\n")
    assert group_import.status == S.REFUSED
    assert "date_naissance" in group_import.message
    assert GroupImport.objects.filter(status=S.REFUSED).count() == 1


def test_row_limit_refuses_the_whole_file(setting, settings):
    settings.TABULAR_MAX_ROWS = 3
    group_import = upload(setting, csv_bytes([person(nom=f"N{i}") for i in range(4)]))
    assert group_import.status == S.REFUSED
    assert "plus de 3 lignes" in group_import.message


def test_size_limit_refuses_the_whole_file(setting, settings):
    settings.TABULAR_MAX_BYTES = 1000
    group_import = upload(setting, csv_bytes([person(nom=f"N{i}") for i in range(30)]))
    assert group_import.status == S.REFUSED
    assert "Mo" in group_import.message


# Each column ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "word"), [("nom", "nom"), ("prenom", "prénom")])
def test_names_are_required(setting, column, word):
    assert word in one_row_error(setting, **{column: ""})


def test_birth_date_required_and_valid(setting):
    assert "obligatoire" in one_row_error(setting, date_naissance="")
    assert "JJ/MM/AAAA" in one_row_error(setting, date_naissance="12.03.2001")
    assert "n'existe pas" in one_row_error(setting, date_naissance="30/02/2001")


def test_age_between_15_and_80_at_cohort_start(setting):
    start = setting["cohort"].start_date
    too_young = start.replace(year=start.year - 15) + timedelta(days=1)
    assert "entre 15 et 80 ans" in one_row_error(setting, date_naissance=too_young.strftime("%d/%m/%Y"))
    just_15 = start.replace(year=start.year - 15)
    assert upload(setting, csv_bytes([person(date_naissance=just_15.isoformat())])).rows_valid == 1
    assert "81 ans" in one_row_error(setting, date_naissance=start.replace(year=start.year - 81).isoformat())


@pytest.mark.parametrize(
    ("value", "stored"), [("F", "F"), ("h", "H"), ("X", "X"), ("femme", "F"), ("Homme", "H"), ("autre", "X")]
)
def test_gender_values(setting, value, stored):
    group_import = upload(setting, csv_bytes([person(genre=value)]))
    assert group_import.preview["valid"][0]["data"]["gender"] == stored


def test_gender_required_and_checked(setting):
    assert "obligatoire" in one_row_error(setting, genre="")
    assert "F, H ou X" in one_row_error(setting, genre="M")


def test_email_optional_but_valid(setting):
    assert upload(setting, csv_bytes([person(email="")])).rows_valid == 1
    assert "adresse électronique" in one_row_error(setting, email="pas-une-adresse")


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("0612345678", "06 12 34 56 78"),
        ("+33 6 12 34 56 78", "06 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),
        ("0033612345678", "06 12 34 56 78"),
        ("06.12.34.56.78", "06 12 34 56 78"),
        ("612345678", "06 12 34 56 78"),
        ("03 22 00 00 00", "03 22 00 00 00"),
    ],
)
def test_french_phone_numbers(setting, value, stored):
    group_import = upload(setting, csv_bytes([person(telephone=value)]))
    assert group_import.preview["valid"][0]["data"]["phone"] == stored


@pytest.mark.parametrize("value", ["12345", "+44 20 7946 0958", "06 12 34 56", "téléphone"])
def test_bad_phone_numbers(setting, value):
    assert "numéro français" in one_row_error(setting, telephone=value)


def test_postal_code(setting):
    assert upload(setting, csv_bytes([person(code_postal="80080")])).rows_valid == 1
    padded = upload(setting, csv_bytes([person(code_postal="1000")]))
    assert padded.preview["valid"][0]["data"]["postal_code"] == "01000"
    assert "5 chiffres" in one_row_error(setting, code_postal="8000A")


@pytest.mark.parametrize("value", ["sans", "3", "4", "5", "6", "7", "8", "SANS"])
def test_qualification_levels(setting, value):
    assert upload(setting, csv_bytes([person(niveau_diplome=value)])).rows_valid == 1


def test_qualification_level_required_and_checked(setting):
    assert "obligatoire" in one_row_error(setting, niveau_diplome="")
    assert "sans, 3, 4" in one_row_error(setting, niveau_diplome="bac")
    assert "sans, 3, 4" in one_row_error(setting, niveau_diplome="2")


@pytest.mark.parametrize("value", ["demandeur_emploi", "neet", "salarie", "etudiant", "independant", "autre"])
def test_situations(setting, value):
    assert upload(setting, csv_bytes([person(situation=value)])).rows_valid == 1


def test_situation_required_and_checked(setting):
    assert "obligatoire" in one_row_error(setting, situation="")
    assert "demandeur_emploi" in one_row_error(setting, situation="chômeur")


@pytest.mark.parametrize(
    "column",
    ["inscrit_france_travail", "qpv", "zrr", "reconversion", "rsa", "consentement_donnees_sensibles"],
)
def test_yes_no_columns(setting, column):
    for value in ("oui", "non", "o", "n", "1", "0", "vrai", "faux", "x", ""):
        assert upload(setting, csv_bytes([person(**{column: value})])).rows_valid == 1, value
    assert "oui ou non" in one_row_error(setting, **{column: "peut-être"})


def test_empty_yes_no_is_unknown_not_no(setting):
    group_import = upload(setting, csv_bytes([person(qpv="", zrr="x", rsa="0")]))
    confirm_import(group_import=group_import, user=setting["staff"])
    profile = LearnerProfile.objects.get()
    assert (profile.qpv, profile.zrr, profile.rsa) == (None, True, False)


def test_months_registered(setting):
    assert upload(setting, csv_bytes([person(duree_inscription_mois="0")])).rows_valid == 1
    assert "0 ou plus" in one_row_error(setting, duree_inscription_mois="-3")
    assert "0 ou plus" in one_row_error(setting, duree_inscription_mois="six")


def test_qpv_code(setting):
    assert upload(setting, csv_bytes([person(qpv="oui", code_qpv="QN08001M")])).rows_valid == 1
    assert "code QPV" in one_row_error(setting, code_qpv="QN 08-001 / M!")
    warned = upload(setting, csv_bytes([person(qpv="non", code_qpv="QN08001M")]))
    assert warned.rows_valid == 1 and warned.preview["valid"][0]["warnings"]


def test_rqth_only_with_consent(setting):
    assert "consentement" in one_row_error(setting, rqth="oui", consentement_donnees_sensibles="")
    assert "consentement" in one_row_error(setting, rqth="non", consentement_donnees_sensibles="non")
    ok = upload(setting, csv_bytes([person(rqth="oui", consentement_donnees_sensibles="oui")]))
    confirm_import(group_import=ok, user=setting["staff"])
    profile = LearnerProfile.objects.get()
    assert profile.rqth is True and profile.sensitive_consent and profile.sensitive_consent_at


# Matching people -------------------------------------------------------------------------------


def test_existing_learner_matched_by_email_is_reused(setting):
    known = LearnerFactory(
        email="Awa.Ndiaye@Example.org", last_name="Ndiaye", first_name="Awa", birth_date=date(1998, 12, 3)
    )
    group_import = upload(
        setting,
        csv_bytes(
            [person(nom="Ndiaye", prenom="Awa", date_naissance="03/12/1998", email="awa.ndiaye@example.org")]
        ),
    )
    assert group_import.preview["valid"][0]["learner_id"] == known.pk
    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.learners_reused == 1 and done.learners_created == 0
    assert Learner.objects.count() == 1
    assert Enrolment.objects.get().learner == known


def test_email_match_with_another_name_is_reused_with_a_warning_that_reveals_nothing(setting):
    LearnerFactory(email="shared@example.org", last_name="Secret", first_name="Person")
    group_import = upload(setting, csv_bytes([person(email="shared@example.org")]))
    row = group_import.preview["valid"][0]
    assert row["learner_id"]
    assert "diffère" in row["warnings"][0]
    assert "Secret" not in row["warnings"][0]


def test_existing_learner_matched_by_name_and_birth_without_case_or_accents(setting):
    known = LearnerFactory(last_name="LEFEVRE", first_name="theo", birth_date=date(2006, 6, 22), email="")
    group_import = upload(
        setting, csv_bytes([person(nom="Lefèvre", prenom="Théo", date_naissance="22/06/2006")])
    )
    assert group_import.preview["valid"][0]["learner_id"] == known.pk
    other_birth = upload(
        setting, csv_bytes([person(nom="Lefèvre", prenom="Théo", date_naissance="23/06/2006")])
    )
    assert other_birth.preview["valid"][0]["learner_id"] is None


def test_reused_learner_with_an_account_gets_no_new_account(setting):
    from tests.factories import learner_user

    learner = LearnerFactory(email="has.account@example.org")
    learner_user(learner=learner)
    group_import = upload(setting, csv_bytes([person(email="has.account@example.org")]))
    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.accounts_created == 0
    assert not done.results.get().account_created


def test_duplicates_within_the_file_are_errors(setting):
    rows = [
        person(nom="Diallo", prenom="Awa", email="awa@example.org"),
        person(nom="DIALLO", prenom="awa"),  # same name and birth date
        person(nom="Autre", prenom="Nom", email="AWA@example.org"),  # same email
        person(nom="Petit", prenom="Lina"),
    ]
    group_import = upload(setting, csv_bytes(rows))
    errors = errors_of(group_import)
    assert set(errors) == {3, 4}
    assert "ligne 2" in errors[3] and "ligne 2" in errors[4]
    assert group_import.rows_valid == 2


def test_person_already_enrolled_in_the_cohort_is_an_error(setting):
    learner = LearnerFactory(email="deja@example.org")
    EnrolmentFactory(learner=learner, cohort=setting["cohort"])
    group_import = upload(setting, csv_bytes([person(email="deja@example.org"), person(nom="Petit")]))
    assert "déjà inscrite à la session" in errors_of(group_import)[2]
    assert group_import.rows_valid == 1


# All or nothing --------------------------------------------------------------------------------


def test_confirming_enrols_only_valid_rows_and_the_import_records_counts(setting):
    rows = [person(nom="A"), person(nom="B", genre="?"), person(nom="C")]
    group_import = upload(setting, csv_bytes(rows))
    assert (group_import.rows_valid, group_import.rows_rejected) == (2, 1)
    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.enrolled == 2
    assert done.created_by == setting["staff"] and done.confirmed_by == setting["staff"]
    assert done.file_name == "inscriptions.csv" and done.finished_at


def test_a_failure_during_commit_rolls_everything_back(setting, monkeypatch):
    group_import = upload(setting, csv_bytes([person(nom=f"N{i}") for i in range(5)]))
    from learners.intake.models import GroupImportRow

    def boom(*args, **kwargs):
        raise RuntimeError("disque plein")

    # Fails after learners, profiles, enrolments and accounts were written: all must vanish.
    monkeypatch.setattr(GroupImportRow.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        confirm_import(group_import=group_import, user=setting["staff"])
    assert Learner.objects.count() == 0
    assert Enrolment.objects.count() == 0
    assert get_user_model().objects.filter(learner__isnull=False).count() == 0


def test_someone_enrolled_between_preview_and_confirm_fails_the_whole_import(setting):
    group_import = upload(setting, csv_bytes([person(nom="A", email="a@example.org"), person(nom="B")]))
    learner = LearnerFactory(email="a@example.org")
    EnrolmentFactory(learner=learner, cohort=setting["cohort"])
    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.status == S.FAILED
    assert "Rien n'a été inscrit" in done.message
    assert Enrolment.objects.count() == 1


def test_cohort_capacity_is_checked_for_the_whole_file(setting):
    setting["cohort"].capacity = 2
    setting["cohort"].save()
    group_import = upload(setting, csv_bytes([person(nom=f"N{i}") for i in range(3)]))
    assert group_import.preview["blocking"]
    with pytest.raises(ValidationError):
        confirm_import(group_import=group_import, user=setting["staff"])
    assert Enrolment.objects.count() == 0


def test_confirming_twice_enrols_once(setting):
    group_import = upload(setting, csv_bytes([person()]))
    confirm_import(group_import=group_import, user=setting["staff"])
    with pytest.raises(ValidationError):
        confirm_import(group_import=group_import, user=setting["staff"])
    assert Enrolment.objects.count() == 1


# Who may import where --------------------------------------------------------------------------


def test_partner_cannot_import_for_another_partner(setting):
    other, _staff = partner_with_staff()
    with pytest.raises(PermissionDenied):
        upload_import(
            user=setting["staff"], cohort=setting["cohort"], partner=other, upload=csv_bytes([person()])
        )


def test_partner_cannot_import_into_a_running_or_other_partners_cohort(setting):
    other, _staff = partner_with_staff()
    for cohort in (open_cohort(status="running"), open_cohort(partner=other)):
        with pytest.raises(ValidationError):
            upload_import(
                user=setting["staff"], cohort=cohort, partner=setting["partner"], upload=csv_bytes([person()])
            )


def test_coordinator_imports_for_any_partner_into_a_running_cohort(setting):
    boss = coordinator()
    cohort = open_cohort(status="running")
    group_import = upload_import(
        user=boss, cohort=cohort, partner=setting["partner"], upload=csv_bytes([person()])
    )
    done = confirm_import(group_import=group_import, user=boss)
    assert done.status == S.DONE and Enrolment.objects.get().partner == setting["partner"]


# Login codes -----------------------------------------------------------------------------------


def test_code_sheet_issues_fresh_codes_for_new_accounts_only(setting):
    LearnerFactory(email="known@example.org")
    group_import = upload(setting, csv_bytes([person(email="known@example.org"), person(nom="Nouveau")]))
    done = confirm_import(group_import=group_import, user=setting["staff"])
    assert done.accounts_created == 2  # the known learner had no account either
    sheet = login_code_sheet(group_import=done, user=setting["staff"])
    assert len(sheet) == 2
    assert all(len(item["code"].replace("-", "")) == 10 for item in sheet)
    again = login_code_sheet(group_import=done, user=setting["staff"])
    # Printing again replaces the codes: one live code per person.
    assert LoginCode.objects.filter(used_at__isnull=True).count() == 2
    assert {i["code"] for i in again}.isdisjoint({i["code"] for i in sheet})


def test_new_accounts_get_free_usernames_in_the_learners_group(setting):
    from tests.factories import UserFactory

    UserFactory(username="awa.diallo")
    UserFactory(username="awa.diallo2")
    rows = [
        person(nom="Diallo", prenom="Awa"),
        person(nom="Diallo", prenom="Awa", date_naissance="01/01/1999"),
    ]
    done = confirm_import(group_import=upload(setting, csv_bytes(rows)), user=setting["staff"])
    names = sorted(Learner.objects.values_list("user__username", flat=True))
    assert names == ["awa.diallo3", "awa.diallo4"]
    users = get_user_model().objects.filter(username__in=names)
    assert all(not u.has_usable_password() for u in users)
    assert all(u.groups.filter(name="Stagiaires").exists() for u in users)
    assert done.accounts_created == 2
