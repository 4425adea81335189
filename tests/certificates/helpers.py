import io
import re

from pypdf import PdfReader


def pdf_text(certificate) -> str:
    """The PDF's text with whitespace collapsed (lines wrap anywhere)."""
    certificate.pdf.open("rb")
    try:
        data = certificate.pdf.read()
    finally:
        certificate.pdf.close()
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
