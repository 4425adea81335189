"""Wagtail admin for certificates: templates (snippet), issue by cohort, issued documents."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from lms.access import is_coordinator

from . import admin_views
from .viewsets import CertificateTemplateViewSet

register_snippet(CertificateTemplateViewSet)


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


admin_patterns = [
    path("", admin_views.CertificateListView.as_view(), name="list"),
    path("<int:pk>/", admin_views.CertificateDetailView.as_view(), name="detail"),
    path("<int:pk>/pdf/", admin_views.certificate_pdf, name="pdf"),
    path("<int:pk>/revoquer/", admin_views.revoke, name="revoke"),
    path("<int:pk>/reemettre/", admin_views.reissue, name="reissue"),
    path("sessions/", admin_views.CohortListView.as_view(), name="cohorts"),
    path("sessions/<int:cohort_id>/", admin_views.CohortIssueView.as_view(), name="cohort"),
    path("sessions/<int:cohort_id>/zip/", admin_views.cohort_zip, name="cohort_zip"),
    path("inscriptions/<int:enrolment_id>/emettre/", admin_views.issue_one, name="issue_one"),
    path("taches/<uuid:job_id>/", admin_views.JobProgressView.as_view(), name="job"),
    path("taches/<uuid:job_id>/zip/", admin_views.job_zip, name="job_zip"),
]


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [path("attestations/", include((admin_patterns, "certificates_admin")))]


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    menu = Menu(
        items=[
            CoordinatorMenuItem(
                _("Émettre les attestations"),
                reverse("certificates_admin:cohorts"),
                icon_name="upload",
                order=100,
            ),
            CoordinatorMenuItem(
                _("Attestations émises"), reverse("certificates_admin:list"), icon_name="doc-full", order=200
            ),
            CoordinatorMenuItem(
                _("Modèles d'attestation"),
                reverse("wagtailsnippets_certificates_certificatetemplate:list"),
                icon_name="doc-full-inverse",
                order=300,
            ),
        ]
    )

    class CoordinatorSubmenu(SubmenuMenuItem):
        def is_shown(self, request):
            return is_coordinator(request.user)

    return CoordinatorSubmenu(_("Attestations"), menu, icon_name="doc-full", order=400)
