"""Bad input, generated: whatever a person types or uploads, the parsers and the public forms
answer with a result or a French error, never an exception (and so never a 500).

Run with HYPOTHESIS_PROFILE=ci (CI does) for a few thousand examples per parser.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lms.tabular import Column, TabularError, parse_bool, parse_date, parse_int, read_table

# Django's own messages in English would mean a string escaped translation.
ENGLISH = re.compile(r"\b(This field|Enter a|Ensure this|Select a valid|is not one of|is required)\b")


def french(message) -> bool:
    text = str(message)
    return bool(text.strip()) and not ENGLISH.search(text)


# Cells as people type them: dates in every shape, words, numbers, spaces, odd characters.
date_like = st.from_regex(r"\A\s*-?\d{0,25}([/.\- ]\d{0,25}){0,3}(T\d\d:\d\d(:\d\d)?)?\s*\Z")
cells = st.one_of(
    st.text(max_size=40),
    date_like,
    st.sampled_from(["oui", "NON", "o", "x", "Vrai", "faux", "1", "0", "", " ", "peut-être", "٣", "ⅷ"]),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
)


@given(cells)
@example("31/02/2024")
@example("99999999999999999999-01-01")
@example("00/00/0000")
@example("2024-13-01")
@example("١٢/٠٣/٢٠٢٤")  # Arabic-Indic digits match \d
def test_dates_are_parsed_or_refused_in_french(value):
    try:
        result = parse_date(value)
    except ValueError as exc:
        assert french(exc)
    else:
        assert result is None or isinstance(result, date)


@given(cells)
def test_yes_no_is_parsed_or_refused_in_french(value):
    try:
        result = parse_bool(value)
    except ValueError as exc:
        assert french(exc)
    else:
        assert result in (True, False, None)


@given(cells, st.sampled_from([None, 0, 1]))
@example("7,0", 0)
@example("-5", 0)
def test_whole_numbers_are_parsed_or_refused_in_french(value, minimum):
    try:
        result = parse_int(value, minimum=minimum)
    except ValueError as exc:
        assert french(exc)
    else:
        assert result is None or (isinstance(result, int) and (minimum is None or result >= minimum))


COLUMNS = [Column("nom", required=True), Column("prenom", required=True), Column("date_naissance")]
HEADERS = st.sampled_from(["nom", "Prénom", "prenom", "date_naissance", "NOM", "x", "", "nom "])
DELIMITERS = st.sampled_from([";", ",", "\t", "|"])


@st.composite
def csv_files(draw):
    delimiter = draw(DELIMITERS)
    header = draw(st.lists(HEADERS, min_size=0, max_size=5))
    rows = draw(st.lists(st.lists(cells, max_size=6), max_size=8))
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    if draw(st.booleans()):
        text = text.replace(
            draw(st.sampled_from(['"', "nom", ";"])), draw(st.sampled_from(['"', '"";', "\x00"]))
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


def _workbook() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["nom", "prenom", "date_naissance"])
    book.active.append(["Durand", "Inès", "12/03/2001"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook()
SHEET_NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
XML_PARTS = st.one_of(
    st.binary(max_size=80),
    st.sampled_from([b"", b"<x/>", b"<<<", b"<worksheet/>", b"<workbook/>"]),
    st.builds(
        lambda ref, kind, value: (
            SHEET_NS
            + f'<row r="1"><c r="{ref}" t="{kind}"><v>{value}</v></c></row></sheetData></worksheet>'.encode()
        ),
        st.sampled_from(["A1", "B2", "??", "XFD1048576", ""]),
        st.sampled_from(["s", "n", "d", "b", "e", "str", "inlineStr"]),
        st.sampled_from(["0", "999", "abc", "-1", "1e400", ""]),
    ),
)


@st.composite
def damaged_workbooks(draw):
    """A real .xlsx with one of its parts replaced: what a crashed Excel or a bad export leaves."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
    victim = draw(st.sampled_from(source.namelist()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, draw(XML_PARTS) if item.filename == victim else source.read(item.filename))
    return out.getvalue()


files = st.one_of(
    csv_files(),
    damaged_workbooks(),
    st.binary(max_size=300),
    st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
    st.binary(max_size=200).map(lambda b: b"\xff\xfe" + b),
    st.binary(max_size=200).map(lambda b: b"\xef\xbb\xbf" + b),
)


@given(files, st.sampled_from(["inscriptions.csv", "x.xlsx", "x.xls", "x.ods", "", "x.txt"]))
@example(b'nom;prenom\n"Durand;Ines\n', "a.csv")
@example(b"\xff\xfe\x00", "a.csv")
def test_tables_are_read_or_refused_in_french(data, filename):
    try:
        table = read_table(data, columns=COLUMNS, filename=filename, max_rows=50, max_bytes=10_000)
    except TabularError as exc:
        assert french(exc.message)
    else:
        assert set(table.columns) <= {"nom", "prenom", "date_naissance"}
        assert all(isinstance(v, str) for row in table.rows for v in row.cells.values())


# The import rules (database lookups included) ------------------------------------------------

INSCRIPTION_HEADER = (
    "nom;prenom;date_naissance;genre;email;telephone;code_postal;niveau_diplome;situation;"
    "inscrit_france_travail;duree_inscription_mois;qpv;code_qpv;zrr;reconversion;rsa;rqth;"
    "consentement_donnees_sensibles"
)


@st.composite
def inscription_files(draw):
    width = len(INSCRIPTION_HEADER.split(";"))
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=4))
    clean = [";".join(c.replace(";", " ").replace("\n", " ").replace("\r", " ") for c in r) for r in rows]
    return ("\n".join([INSCRIPTION_HEADER, *clean]) + "\n").encode("utf-8")


@pytest.fixture
def open_cohort(db):
    from tests.factories import CohortFactory

    start = timezone.localdate() + timedelta(days=30)
    return CohortFactory(status="open", start_date=start, end_date=start + timedelta(days=60))


INSCRIPTION_COLUMNS = INSCRIPTION_HEADER.split(";")
inscription_cells = st.one_of(
    cells,
    st.sampled_from(
        ["F", "H", "sans", "3", "4", "neet", "demandeur_emploi", "QN08001M", "80080", "06 12 34 56 78"]
    ),
)


@given(st.fixed_dictionaries(dict.fromkeys(INSCRIPTION_COLUMNS, inscription_cells)))
@example(dict.fromkeys(INSCRIPTION_COLUMNS, "") | {"nom": "=HYPERLINK()", "date_naissance": "31/12/9999"})
def test_inscription_row_rules_give_values_or_french_errors(row):
    from courses.models import Cohort
    from learners.intake.imports import _check_row
    from lms.tabular import Row

    start = date(2027, 3, 1)
    cohort = Cohort(code="TST-0001", start_date=start, end_date=start + timedelta(days=60))
    values, errors, warnings = _check_row(Row(line=2, cells=row), cohort)
    assert all(french(e) for e in errors) and all(french(w) for w in warnings)


def _database_examples() -> int:
    # Each example of the whole-file previews queries the database: a tenth of the profile.
    from hypothesis import settings as current

    return max(50, current().max_examples // 10)


@settings(max_examples=_database_examples())
@given(data=inscription_files())
def test_inscription_rules_give_a_preview_or_a_french_refusal(open_cohort, data):
    from learners.intake.imports import build_preview, read_enrolment_file

    try:
        table = read_enrolment_file(data, filename="inscriptions.csv")
    except TabularError as exc:
        assert french(exc.message)
        return
    preview = build_preview(table, open_cohort)
    for row in preview["rejected"]:
        assert row["errors"] and all(french(e) for e in row["errors"])


SORTIES_HEADER = (
    "email;nom;prenom;date_naissance;session;echeance;situation;date_constat;metier_numerique;source"
)


@st.composite
def sorties_files(draw):
    width = len(SORTIES_HEADER.split(";"))
    column = st.one_of(cells, st.sampled_from(["sortie", "3_mois", "cdi", "stagiaire", "TST-0001", "a@b.fr"]))
    rows = draw(st.lists(st.lists(column, min_size=width, max_size=width), min_size=1, max_size=4))
    clean = [";".join(c.replace(";", " ").replace("\n", " ").replace("\r", " ") for c in r) for r in rows]
    return ("\n".join([SORTIES_HEADER, *clean]) + "\n").encode("utf-8")


@pytest.mark.django_db
@settings(max_examples=_database_examples())
@given(data=sorties_files())
def test_outcome_rules_give_a_preview_or_a_french_refusal(data):
    from learners.outcomes.imports import preview_import

    try:
        preview = preview_import(data, filename="sorties.csv")
    except TabularError as exc:
        assert french(exc.message)
        return
    for problem in preview.problems:
        assert french(problem)


# Public forms ----------------------------------------------------------------------------------

form_text = st.one_of(
    st.text(max_size=60), date_like, st.sampled_from(["", " ", "true", "false", "2", "cdi"])
)


def _check_form(form):
    valid = form.is_valid()
    for errors in form.errors.values():
        assert all(french(e) for e in errors)
    return valid


@given(form_text)
@example("7K2M-9QXD-0000-0000-0000")
def test_verification_code_form(code):
    from certificates.forms import VerifyForm

    _check_form(VerifyForm({"code": code}))


@given(form_text)
def test_one_time_code_form(code):
    from lms.forms import LoginCodeForm

    _check_form(LoginCodeForm({"code": code}))


@given(situation=form_text, since=form_text, digital=form_text)
@example(situation="cdi", since="9999-12-31", digital="true")
@example(situation="cdi", since="31/02/2024", digital="")
def test_self_reported_follow_up_form(situation, since, digital):
    from learners.outcomes.forms import SelfReportForm

    _check_form(SelfReportForm({"situation": situation, "since": since, "digital_trade": digital}))


@pytest.mark.django_db
@given(
    name=form_text, punctuality=form_text, teamwork=form_text, level=form_text, comments=st.text(max_size=80)
)
def test_tutor_evaluation_form(name, punctuality, teamwork, level, comments):
    from learners.immersion.forms import EvaluationForm
    from tests.factories import SkillFactory

    skill = SkillFactory.build(pk=1, name="Découpe laser", max_level=3)
    form = EvaluationForm(
        {
            "tutor_name": name,
            "punctuality": punctuality,
            "teamwork": teamwork,
            "comments": comments,
            "skill_1": level,
        },
        skills=[skill],
    )
    if _check_form(form):
        assert set(form.skill_levels().values()) <= {0, 1, 2, 3}


@pytest.mark.django_db
@settings(max_examples=_database_examples())  # whole requests; the form itself is fuzzed above
@given(code=form_text)
def test_one_time_code_page_never_fails(client, code):
    response = client.post(reverse("login_code"), {"code": code})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
