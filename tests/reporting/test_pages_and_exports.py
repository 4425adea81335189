"""The reporting page, background exports and the command line give the same numbers."""

import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from learners.outcomes.models import ReportRun
from lms.models import Job
from tests.factories import UserFactory, coordinator, trainer

from . import dataset
from .test_indicators import EXPECTED, HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return dataset.build()


@pytest.fixture
def coord_client(client):
    client.force_login(coordinator())
    return client


def test_page_shows_table_charts_and_data_tables(coord_client, data):
    response = coord_client.get(reverse("reporting_gen"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and html.count('aria-hidden="true" focusable="false"') >= 2
    assert "Données du graphique" in html
    rows = response.context["rows"]
    assert ";".join(rows[-1]) == EXPECTED["TOTAL"]


def test_page_filters_and_bad_input(coord_client, data):
    response = coord_client.get(reverse("reporting_gen"), {"annee": "2025", "formation": data["course_a"].pk})
    assert [r[0] for r in response.context["rows"]] == ["A-2025", "TOTAL"]
    bad = coord_client.get(reverse("reporting_gen"), {"annee": "abc", "partenaire": "999999"})
    assert bad.status_code == 200 and "rows" not in bad.context


def test_page_is_for_coordinators_only(client, data):
    client.force_login(trainer())
    assert client.get(reverse("reporting_gen")).status_code in (302, 404)
    client.force_login(UserFactory())
    assert client.get(reverse("reporting_gen")).status_code in (302, 404)


def test_xlsx_export_in_background_matches_the_screen(coord_client, data, django_capture_on_commit_callbacks):
    screen = coord_client.get(reverse("reporting_gen")).context["rows"]
    with django_capture_on_commit_callbacks(execute=True):
        response = coord_client.post(reverse("reporting_gen_export"), {"format": "xlsx"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting_run", args=[run.pk])
    job = Job.objects.get(pk=run.job_id)
    assert (job.queue, job.status) == ("reports", Job.Status.DONE)
    run.refresh_from_db()
    assert run.status == "done" and len(run.sha256) == 64 and run.created_by is not None
    detail = coord_client.get(reverse("reporting_run", args=[run.pk]))
    assert reverse("reporting_run_download", args=[run.pk]) in detail.content.decode()
    download = coord_client.get(reverse("reporting_run_download", args=[run.pk]))
    content = b"".join(download.streaming_content)
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
    assert list(sheets) == ["Rapport", "Profil", "Sorties", "Définitions", "Paramètres"]
    table = sheets["Rapport"]
    assert list(table.columns) == HEADER.split(";")

    def same(a, b):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return ("" if pd.isna(a) else str(a)) == b

    assert len(table) == len(screen)
    for reopened, shown in zip(table.astype(object).itertuples(index=False), screen, strict=True):
        assert all(same(a, b) for a, b in zip(reopened, shown, strict=True)), (reopened, shown)


def test_download_link_expires(coord_client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coord_client.post(reverse("reporting_gen_export"), {"format": "csv", "diffusion": "on"})
    run = ReportRun.objects.get()
    assert run.diffusion
    from datetime import timedelta

    from django.utils import timezone

    ReportRun.objects.filter(pk=run.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = coord_client.get(reverse("reporting_run_download", args=[run.pk]))
    assert response.status_code == 302


def test_command_line_csv_and_run_recorded(data, tmp_path):
    target = tmp_path / "gen.csv"
    call_command("rapport_gen", "--annee", "2025", "--format", "csv", "--sortie", str(target))
    text = target.read_bytes().decode("utf-8-sig")
    assert text.split("\r\n")[0] == HEADER
    assert text.split("\r\n")[1] == EXPECTED["A-2025"]
    run = ReportRun.objects.get()
    assert run.origin == "cli" and run.params == {"year": 2025}
    import hashlib

    assert run.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def test_command_line_xlsx_by_session_with_diffusion(data, tmp_path):
    target = tmp_path / "gen.xlsx"
    call_command(
        "rapport_gen",
        "--session",
        "A-2025",
        "B-2025",
        "--format",
        "xlsx",
        "--sortie",
        str(target),
        "--diffusion",
    )
    table = pd.read_excel(target, sheet_name="Rapport")
    assert list(table["session"]) == ["A-2025", "B-2025", "TOTAL"]
    assert table.loc[0, "entrants"] == "<5"


def test_command_refuses_unknown_session(data, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Session inconnue : ZZZ"):
        call_command(
            "rapport_gen", "--session", "ZZZ", "--format", "csv", "--sortie", str(tmp_path / "x.csv")
        )


def test_formula_like_cells_are_neutralised(data):
    from lms.reporting.data import ReportFilters
    from lms.reporting.exports import to_csv
    from lms.reporting.services import build_report

    page = data["course_a"]
    page.title = '=HYPERLINK("http://x")'
    page.save()
    text = to_csv(build_report(ReportFilters(cohort_codes=["A-2025"]))).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text and ';"=HYPERLINK' not in text


def test_page_query_count_constant(coord_client, data, django_assert_max_num_queries):
    from tests.factories import EnrolmentFactory

    with django_assert_max_num_queries(40) as before:
        coord_client.get(reverse("reporting_gen"))
    for _ in range(15):
        EnrolmentFactory(cohort=data["a"], status="completed")
    with django_assert_max_num_queries(len(before.captured_queries)):
        coord_client.get(reverse("reporting_gen"))
