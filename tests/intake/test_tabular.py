"""lms.tabular: the reading rules shared by inscriptions.md and sorties.md (no database)."""

from datetime import date

import pytest

from lms.tabular import Column, TabularError, normalise_header, parse_bool, parse_date, parse_int, read_table

from .factories import as_excel_french, csv_bytes, example_bytes, person, xlsx_bytes

COLS = [
    Column("nom", required=True),
    Column("prenom", required=True),
    Column("date_naissance"),
    Column("email"),
]


def test_example_file_as_saved_by_french_excel_is_read_with_its_accents():
    table = read_table(as_excel_french(example_bytes()), columns=COLS, filename="exemple.csv")
    assert table.encoding == "cp1252"
    assert table.delimiter == ";"
    assert [r["nom"] for r in table.rows] == ["Benali", "Martin", "Ndiaye", "Lefèvre"]
    assert table.rows[3]["prenom"] == "Théo"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("cp1252", False, "cp1252")],
)
@pytest.mark.parametrize("delimiter", [";", ","])
def test_encodings_and_delimiters_are_detected(encoding, bom, expected, delimiter):
    data = csv_bytes([person(nom="Lefèvre", prenom="Zoé")], delimiter=delimiter, encoding=encoding, bom=bom)
    table = read_table(data, columns=COLS, filename="f.csv")
    assert table.encoding == expected
    assert table.delimiter == delimiter
    assert table.rows[0]["nom"] == "Lefèvre"
    assert table.rows[0]["prenom"] == "Zoé"


def test_quoted_cells_with_the_delimiter_inside():
    data = b'nom,prenom\n"Martin, dit Kiki",Kevin\n'
    table = read_table(data, columns=COLS)
    assert table.rows[0]["nom"] == "Martin, dit Kiki"


@pytest.mark.parametrize("header", ["Prénom", "PRENOM", "prenom", " pré-nom ", "Pre_Nom"])
def test_headers_match_without_case_accents_spaces_or_dashes(header):
    data = f"NOM;{header}\nBenali;Yasmine\n".encode()
    table = read_table(data, columns=COLS)
    assert table.rows[0]["prenom"] == "Yasmine"
    assert normalise_header(header) == "prenom"


def test_unknown_columns_are_ignored_and_listed_as_a_warning():
    data = b"nom;prenom;pointure;couleur\nBenali;Yasmine;38;bleu\n"
    table = read_table(data, columns=COLS)
    assert table.unknown_columns == ["pointure", "couleur"]
    assert "« pointure »" in table.warnings[0] and "« couleur »" in table.warnings[0]
    assert "pointure" not in table.rows[0].cells


def test_missing_required_column_refuses_the_file_with_its_name():
    with pytest.raises(TabularError) as exc:
        read_table(b"nom;email\nBenali;a@b.fr\n", columns=COLS)
    assert "prenom" in exc.value.message


def test_same_column_twice_is_refused():
    with pytest.raises(TabularError) as exc:
        read_table("nom;prenom;Prénom\nA;B;C\n".encode(), columns=COLS)
    assert "même information" in exc.value.message


def test_empty_lines_are_skipped_and_line_numbers_are_those_of_the_file():
    data = b"nom;prenom\n\nBenali;Yasmine\n;;\n\nMartin;Kevin\n"
    table = read_table(data, columns=COLS)
    assert [(r.line, r["nom"]) for r in table.rows] == [(3, "Benali"), (6, "Martin")]


def test_row_limit_refuses_with_the_reason():
    rows = "".join(f"N{i};P{i}\n" for i in range(11))
    with pytest.raises(TabularError) as exc:
        read_table(("nom;prenom\n" + rows).encode(), columns=COLS, max_rows=10)
    assert "plus de 10 lignes" in exc.value.message
    assert len(read_table(("nom;prenom\n" + rows).encode(), columns=COLS, max_rows=11).rows) == 11


def test_default_limit_is_5000_rows():
    rows = "".join(f"N{i};P{i}\n" for i in range(5001))
    with pytest.raises(TabularError) as exc:
        read_table(("nom;prenom\n" + rows).encode(), columns=COLS)
    assert "5\u202f000" in exc.value.message


def test_size_limit_refuses_with_the_reason():
    data = b"nom;prenom\n" + b"Benali;Yasmine\n" * 400_000  # about 6 MB
    with pytest.raises(TabularError) as exc:
        read_table(data, columns=COLS)
    assert "5 Mo" in exc.value.message


def test_empty_file_and_binary_junk_are_refused():
    with pytest.raises(TabularError):
        read_table(b"", columns=COLS)
    with pytest.raises(TabularError):
        read_table(b"\x00\x01\x02garbage" * 10, columns=COLS, filename="x.csv")
    with pytest.raises(TabularError) as exc:
        read_table(b"\xd0\xcf\x11\xe0old excel", columns=COLS, filename="x.xls")
    assert ".xls" in exc.value.message


def test_broken_xlsx_is_refused_not_crashed():
    with pytest.raises(TabularError):
        read_table(b"PK\x03\x04not really a zip", columns=COLS, filename="x.xlsx")


def test_xlsx_first_sheet_with_formula_cells_kept_as_text():
    data = xlsx_bytes(
        [],
        header=["NOM", "Prénom", "date_naissance"],
        raw_rows=[
            ['=HYPERLINK("http://evil.example","clic")', "Yasmine", date(2004, 2, 14)],
            [None, None, None],
        ],
    )
    table = read_table(data, columns=COLS, filename="f.xlsx")
    assert table.format == "xlsx"
    assert table.rows[0]["nom"] == '=HYPERLINK("http://evil.example","clic")'
    assert table.rows[0]["date_naissance"] == "2004-02-14"
    assert len(table.rows) == 1


@pytest.mark.parametrize("cell", ["=1+1", "+33 6 12 34 56 78", "-2", "@SUM(A1)"])
def test_csv_formula_like_cells_stay_as_typed(cell):
    table = read_table(f"nom;prenom\n{cell};X\n".encode(), columns=COLS)
    assert table.rows[0]["nom"] == cell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14/02/2004", date(2004, 2, 14)),
        ("2004-02-14", date(2004, 2, 14)),
        ("4/2/2004", date(2004, 2, 4)),
        ("", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2004", "14-02-2004", "14/02/04", "demain", "2004/02/14"])
def test_bad_dates_say_why_in_french(text):
    with pytest.raises(ValueError) as exc:
        parse_date(text)
    assert "date" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("o", True),
        ("1", True),
        ("vrai", True),
        ("x", True),
        ("X", True),
        ("non", False),
        ("N", False),
        ("0", False),
        ("faux", False),
        ("", None),
        ("  ", None),
    ],
)
def test_yes_no(text, expected):
    assert parse_bool(text) is expected


def test_yes_no_refuses_anything_else():
    with pytest.raises(ValueError) as exc:
        parse_bool("peut-être")
    assert "oui ou non" in str(exc.value)


def test_whole_numbers():
    assert parse_int("7", minimum=0) == 7
    assert parse_int("7.0", minimum=0) == 7
    assert parse_int("", minimum=0) is None
    for bad in ("-1", "deux", "1,5"):
        with pytest.raises(ValueError):
            parse_int(bad, minimum=0)
