"""Wagtail's document form with Tremplin's upload checks (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django.conf import settings
from wagtail.documents.forms import BaseDocumentForm

from .uploads import check_document


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload: the stored file was checked when it came in.
        if upload is not None and "file" in self.changed_data:
            check_document(upload, max_bytes=settings.DOCUMENT_MAX_BYTES)
        return upload

    def _post_clean(self):
        # A refused file is never put on the document, so Wagtail's model check would add
        # "L'extension de fichier « » n'est pas autorisée" after our message: skip it then.
        if "file" in self.errors:
            return
        super()._post_clean()
