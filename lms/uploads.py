"""Every uploaded file is checked here: size, then type read from the content (never the name).

`check_upload(upload, kinds=(...), max_bytes=...)` returns the detected kind or raises a
ValidationError in French. Used by the group enrolment and outcome imports, skill evidence,
placement agreements and the badge check on the public verification page.
"""

import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LABELS = {
    "csv": "CSV",
    "xlsx": "Excel (.xlsx)",
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPG",
    "webp": "WebP",
    "heic": "HEIC",
    "svg": "SVG",
    "dxf": "DXF",
    "stl": "STL",
    "json": "JSON",
}
SNIFF_BYTES = 8192


def _head(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[:SNIFF_BYTES])
    if hasattr(upload, "seek"):
        upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def _all(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _size(upload) -> int:
    if isinstance(upload, bytes | bytearray):
        return len(upload)
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_all(upload))
    return size


def _text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:
            return None
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return head.decode("latin-1")


def detect(upload) -> str | None:
    """The kind of file the content shows, or None."""
    head = _head(upload)
    # Some tools write a byte-order mark or blank lines before the signature of a text-like format.
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024] and lead.startswith(b"%PDF-")):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif", b"hevc"):
        return "heic"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(_all(upload))) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return "xlsx" if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else None
    if lead.startswith(b"solid") or (len(head) >= 84 and b"\x00" in head[:84] and _binary_stl(upload)):
        return "stl"
    text = _text(head)
    if text is None:
        return None
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            json.loads(_all(upload).decode("utf-8-sig"))
            return "json"
        except (UnicodeDecodeError, ValueError, RecursionError):  # deep nesting: not our JSON
            pass
    lowered = stripped.lower()
    if lowered.startswith(("<?xml", "<svg", "<!doctype svg", "<!--")):
        # Exports often open with a declaration, a DOCTYPE and comments before <svg.
        return "svg" if "<svg" in lowered else None
    if stripped.startswith(("0\nSECTION", "0\r\nSECTION", "999")):
        return "dxf"
    return "csv"


def _binary_stl(upload) -> bool:
    data = _all(upload)
    if len(data) < 84:
        return False
    triangles = int.from_bytes(data[80:84], "little")
    return len(data) == 84 + 50 * triangles


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _check_size(upload, max_bytes: int) -> None:
    """Size first: nothing else is read from a file too big or empty."""
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("Le fichier est vide."))
    if size > max_bytes:
        raise ValidationError(
            _("Le fichier pèse %(size)s Mo : la limite est de %(max)s Mo.")
            % {"size": _megabytes(size), "max": _megabytes(max_bytes)}
        )


def check_upload(upload, *, kinds, max_bytes: int) -> str:
    """Refuse an upload that is empty, too big, or not one of `kinds` by its content."""
    _check_size(upload, max_bytes)
    kind = detect(upload)
    if kind not in kinds:
        raise ValidationError(
            _("Ce fichier n'est pas accepté : envoyez un fichier %(kinds)s.")
            % {"kinds": ", ".join(LABELS[k] for k in kinds)}
        )
    if kind == "svg" and _svg_is_active(upload):
        raise ValidationError(_("Ce fichier SVG contient du code (script) : il n'est pas accepté."))
    return kind


def _svg_is_active(upload) -> bool:
    import re

    text = _all(upload).decode("utf-8", errors="ignore").lower()
    return bool(re.search(r"<script|\bon[a-z]+\s*=|javascript:", text))


# What a lesson file's extension promises, checked against its content ("text": G-code and the
# like, any text; "zip": office files and archives).
DOCUMENT_KINDS = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "svg": "svg",
    "stl": "stl",
    "dxf": "dxf",
    "gcode": "text",
    "nc": "text",
    "zip": "zip",
    "odt": "zip",
    "docx": "zip",
}


def check_document(upload, *, max_bytes: int) -> None:
    """A Wagtail document (lesson file): not empty, not too big, content matching its extension,
    no SVG carrying script. Wagtail itself checks the extension only."""
    _check_size(upload, max_bytes)
    extension = (getattr(upload, "name", "") or "").rsplit(".", 1)[-1].lower()
    expected = DOCUMENT_KINDS.get(extension)
    head = _head(upload)
    if expected == "zip":
        matches = head.startswith(b"PK\x03\x04")
    elif expected == "text":
        matches = _text(head) is not None
    elif expected is not None:
        matches = detect(upload) == expected
    else:
        matches = True  # an extension Wagtail accepts but we have no rule for
    if not matches:
        raise ValidationError(
            _("Le contenu de ce fichier ne correspond pas à son extension « .%(ext)s ».") % {"ext": extension}
        )
    if expected == "svg" and _svg_is_active(upload):
        raise ValidationError(_("Ce fichier SVG contient du code (script) : il n'est pas accepté."))
