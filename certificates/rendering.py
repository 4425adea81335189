"""Certificate PDF: the frozen content through a Django template and xhtml2pdf."""

import base64
import io
import mimetypes
import re
from datetime import date
from functools import lru_cache

import zxingcpp
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import get_template
from django.utils import translation
from PIL import Image

from lms.pdf import FONT_DIR, render_html_to_pdf

from .models import ActionNature

TEMPLATE = "pdf/certificate.html"
# Pixels per module: whole pixels keep the modules square and crisp once printed.
QR_SCALE = 4


def qr_data_uri(url: str) -> str:
    """The verification address as a QR code PNG, drawn large and shown small (sharp in print).

    zxing-cpp encodes in C++ in a tenth of the time of a pure-Python encoder (segno took 2.5 ms
    a certificate, the largest share of the HTML's cost); Pillow writes the PNG in C."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = memoryview(code.to_image(scale=QR_SCALE, add_quiet_zones=False))
    height, width = pixels.shape
    image = Image.frombuffer("L", (width, height), pixels.tobytes(), "raw", "L", 0, 1).convert("1")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@lru_cache(maxsize=1)
def _template():
    # Parsed once per process: with DEBUG on, Django would re-read the four files on every PDF.
    return get_template(TEMPLATE)


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


def certificate_html(content: dict, *, page_total: int = 1) -> str:
    # A legal French document: French whatever language the worker or request runs in.
    with translation.override(settings.LANGUAGE_CODE):
        return _template().render({**certificate_context(content), "page_total": page_total})


# Page objects of a ReportLab PDF ("/Type /Pages" is the page tree, not a page).
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b")


def render_certificate_pdf(content: dict) -> bytes:
    """The PDF, laid out once. Printing "page 1 / N" with xhtml2pdf's own page count lays the
    whole document out twice (a quarter of the render); a certificate is nearly always one
    page, so it is rendered as one and again only when it turns out longer."""
    pdf = render_html_to_pdf(certificate_html(content, page_total=1))
    pages = len(_PAGE_OBJECT.findall(pdf))
    if pages != 1:
        pdf = render_html_to_pdf(certificate_html(content, page_total=pages))
    return pdf
