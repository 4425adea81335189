"""PDF rendering with xhtml2pdf, shared by attendance sheets, certificates and login-code sheets.

xhtml2pdf refuses files outside its base directory and then silently falls back to Helvetica:
the link callback below resolves fonts and images inside the project (static and media) only.
"""

import io
import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from xhtml2pdf import pisa

logger = logging.getLogger(__name__)

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


_HASHED = re.compile(r"\.[0-9a-f]{12}(\.[^./]+)$")


class PdfRenderError(Exception):
    pass


def link_callback(uri: str, rel: str) -> str:
    """Map /static/… and /media/… URIs to files inside the project; refuse anything else."""
    if uri.startswith(settings.STATIC_URL):
        name = uri.removeprefix(settings.STATIC_URL)
        # In production {% static %} gives the manifest's hashed name (fonts.4cc160d1da14.ttf):
        # the source file is found without it, so a worker needs no collectstatic.
        found = finders.find(name) or finders.find(_HASHED.sub(r"\1", name))
        if found:
            return found
    if uri.startswith(settings.MEDIA_URL):
        path = (Path(settings.MEDIA_ROOT) / uri.removeprefix(settings.MEDIA_URL)).resolve()
        if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and path.exists():
            return str(path)
    if uri.startswith("data:"):
        return uri
    raise PdfRenderError(f"Ressource introuvable pour le PDF : {uri}")


def render_html_to_pdf(html: str) -> bytes:
    out = io.BytesIO()
    status = pisa.CreatePDF(html, dest=out, link_callback=link_callback, encoding="utf-8")
    if status.err:
        raise PdfRenderError(f"xhtml2pdf a signalé {status.err} erreur(s)")
    return out.getvalue()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template (extending pdf/base.html for fonts and A4 pages) to PDF bytes."""
    context = {"font_dir": FONT_DIR, **context}
    return render_html_to_pdf(render_to_string(template_name, context))
