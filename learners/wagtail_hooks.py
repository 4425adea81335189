"""Wagtail admin: the coordinator's dashboard flags learners with repeated unjustified absences."""

from django.conf import settings
from wagtail import hooks
from wagtail.admin.ui.components import Component

from lms.access import is_coordinator

from .selectors.trainer import absence_alerts


class AbsenceAlertPanel(Component):
    name = "absence_alerts"
    template_name = "learners/admin/absence_alerts.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["alerts"] = absence_alerts(user=parent_context["request"].user)
        context["threshold"] = settings.ABSENCE_ALERT_THRESHOLD
        return context


@hooks.register("construct_homepage_panels")
def add_absence_alerts(request, panels):
    if is_coordinator(request.user):
        panels.append(AbsenceAlertPanel())
