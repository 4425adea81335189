from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CertificateTemplate


class CertificateTemplateViewSet(SnippetViewSet):
    """Templates are edited by coordinators; the mandatory mentions are not among the fields."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Modèles d'attestation")
    add_to_admin_menu = False
    list_display = ["name", "kind", "orientation", "is_default", "updated_at"]
    list_filter = ["kind", "is_default"]
    search_fields = ["name", "organisation_name"]
    copy_view_enabled = True
