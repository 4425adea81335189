"""Certificate PDF: the frozen content through a Django template and xhtml2pdf."""

import base64
import mimetypes
from datetime import date

import segno
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from lms.pdf import FONT_DIR, render_html_to_pdf

from .models import ActionNature

TEMPLATE = "pdf/certificate.html"


def qr_data_uri(url: str) -> str:
    # Drawn large and shown small: sharp in print and easy for a phone to read.
    return segno.make(url, error="m").png_data_uri(scale=10, border=0, dark="#1a1a1a")


def image_data_uri(name: str) -> str:
    """Images go in as data URIs: read through the storage (local disk or S3 alike) and outside
    xhtml2pdf's resource policy, which refuses files outside the project folder."""
    if not name:
        return ""
    try:
        with default_storage.open(name, "rb") as image:
            data = image.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def certificate_context(content: dict) -> dict:
    cohort = content["cohort"]
    organisation = content["organisation"]
    return {
        "c": content,
        "logo": image_data_uri(organisation.get("logo", "")),
        "signature": image_data_uri(organisation.get("signature", "")),
        "start_date": date.fromisoformat(cohort["start_date"]),
        "end_date": date.fromisoformat(cohort["end_date"]),
        "issued_on": date.fromisoformat(content["issued_on"]),
        "skills": [
            {**skill, "validated_on": date.fromisoformat(skill["validated_on"])}
            for skill in content["skills"]
        ],
        "qr": qr_data_uri(content["verification_url"]),
        "natures": [
            (value, label, value == content["action_nature"]) for value, label in ActionNature.choices
        ],
        "font_dir": FONT_DIR,
        "organisation_name": content["organisation"]["name"],
    }


def certificate_html(content: dict) -> str:
    # A legal French document: French whatever language the worker or request runs in.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATE, certificate_context(content))


def render_certificate_pdf(content: dict) -> bytes:
    return render_html_to_pdf(certificate_html(content))
