from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("Attestations et certificats")

    def ready(self):
        # Registered before Wagtail builds a fallback policy from Django model permissions:
        # the certificate admin follows lms.access (coordinators), not per-model grants.
        from wagtail.permissions import register_permission_policy

        from .models import CertificateTemplate
        from .permissions import CoordinatorPolicy

        register_permission_policy(CertificateTemplate, CoordinatorPolicy(CertificateTemplate))
