"""Media on an S3-compatible bucket (moto's S3 server standing in for it): certificates rendered
by a worker and GEN reports are written to the bucket and downloaded through Django."""

import socket
import uuid

import pytest

from certificates import services
from certificates.models import CertificateKind
from tests.certificates.factories import finished_cohort, templates_for_every_kind
from tests.factories import learner_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3(settings):
    import boto3
    from moto import server as server_module  # in requirements-dev: its absence is a failure

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    bucket = f"tremplin-{uuid.uuid4().hex[:12]}"  # moto keeps buckets in memory across servers
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-west-3",
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "eu-west-3",
                "access_key": "test",
                "secret_key": "test",
                "location": "media",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": "path",
            },
        },
    }
    yield lambda: [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    server.stop()


def test_certificate_pdf_goes_to_the_bucket_and_downloads_through_django(client, s3):
    templates_for_every_kind()
    _cohort, (enrolment,) = finished_cohort(learners=1)
    certificate = services.issue_certificate(enrolment=enrolment, kind=CertificateKind.COMPLETION)
    services.render_pending(ids=[certificate.pk])
    certificate.refresh_from_db()
    assert f"media/{certificate.pdf.name}" in s3()
    client.force_login(learner_user(learner=enrolment.learner))
    response = client.get(f"/mes-documents/{certificate.code}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_report_written_by_a_worker_is_read_back_from_the_bucket(s3):
    from lms.reporting.services import delete_report_file, open_report_file, save_report_file

    name = save_report_file("0000-essai.csv", b"Indicateur;Valeur\r\nEntrants;12\r\n")
    assert not name.startswith("/") and f"media/{name}" in s3()
    with open_report_file(name) as handle:
        assert handle.read().startswith(b"Indicateur;Valeur")
    delete_report_file(name)
    assert f"media/{name}" not in s3()
