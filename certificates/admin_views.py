"""Coordinator pages in the Wagtail admin: issue a cohort's documents with a progress bar,
list issued documents, revoke, reissue, download a PDF or a cohort's ZIP. Thin views: the
selectors read, the services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import Cohort
from learners.models import Enrolment
from lms.access import is_coordinator
from lms.models import Job

from . import selectors, services
from .forms import KindForm, RevokeForm
from .models import Certificate, CertificateKind
from .views import pdf_not_ready

HOME = {"url": reverse_lazy("wagtailadmin_home"), "label": gettext_lazy("Accueil")}
PER_PAGE = 50


def _coordinator_or_404(request) -> None:
    if not is_coordinator(request.user):
        raise Http404


class CoordinatorPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _coordinator_or_404(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [HOME, {"url": "", "label": self.get_page_title()}]


class CertificateListView(CoordinatorPage):
    template_name = "certificates/admin/certificate_list.html"
    page_title = gettext_lazy("Attestations émises")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        queryset = Certificate.objects.only(
            "number", "kind", "status", "issued_on", "content", "pdf_sha256", "code"
        ).order_by("-issued_at", "-pk")
        if params.get("status") in Certificate.Status.values:
            queryset = queryset.filter(status=params["status"])
        if params.get("kind") in CertificateKind.values:
            queryset = queryset.filter(kind=params["kind"])
        if q := params.get("q", "").strip():
            queryset = queryset.filter(
                Q(number__icontains=q)
                | Q(learner__last_name__icontains=q)
                | Q(learner__first_name__icontains=q)
                | Q(enrolment__cohort__code__icontains=q)
            )
        page = Paginator(queryset, PER_PAGE).get_page(params.get("p"))
        context.update(
            page=page,
            statuses=Certificate.Status.choices,
            kinds=CertificateKind.choices,
            q=q,
            current_status=params.get("status", ""),
            current_kind=params.get("kind", ""),
        )
        return context


class CertificateDetailView(CoordinatorPage):
    template_name = "certificates/admin/certificate_detail.html"

    def get_page_title(self):
        return _("Attestation %(number)s") % {"number": self.certificate.number}

    def get_breadcrumbs_items(self):
        return [
            HOME,
            {"url": reverse("certificates_admin:list"), "label": _("Attestations émises")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        _coordinator_or_404(request)
        self.certificate = selectors.certificate_for_staff(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(certificate=self.certificate, c=self.certificate.content, revoke_form=RevokeForm())
        return context


def certificate_pdf(request, pk):
    certificate = selectors.certificate_for_staff(user=request.user, pk=pk)
    if not services.ensure_pdf(certificate):
        return pdf_not_ready(request, certificate)
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.number}.pdf")


@require_POST
def revoke(request, pk):
    certificate = selectors.certificate_for_staff(user=request.user, pk=pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], by=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request, _("Le document %(number)s est révoqué.") % {"number": certificate.number}
            )
    else:
        messages.error(request, _("Indiquez le motif de la révocation."))
    return redirect("certificates_admin:detail", pk=certificate.pk)


@require_POST
def reissue(request, pk):
    certificate = selectors.certificate_for_staff(user=request.user, pk=pk)
    try:
        new, job = services.reissue_certificate(certificate=certificate, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("certificates_admin:detail", pk=certificate.pk)
    messages.success(
        request,
        _("Nouveau document %(new)s émis ; il remplace %(old)s.")
        % {"new": new.number, "old": certificate.number},
    )
    return redirect("certificates_admin:detail", pk=new.pk)


class CohortListView(CoordinatorPage):
    template_name = "certificates/admin/cohort_list.html"
    page_title = gettext_lazy("Émettre les attestations")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cohorts"] = selectors.cohorts_for_issue(user=self.request.user)
        return context


class CohortIssueView(CoordinatorPage):
    """Who gets a document and who does not (with the reason), then one button for all."""

    template_name = "certificates/admin/cohort_issue.html"

    def dispatch(self, request, *args, **kwargs):
        _coordinator_or_404(request)
        self.cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=kwargs["cohort_id"])
        form = KindForm(request.GET or request.POST or None)
        self.kind = form.cleaned_data["kind"] if form.is_valid() else CertificateKind.END_OF_TRAINING
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Émettre les attestations – %(cohort)s") % {"cohort": self.cohort.code}

    def get_breadcrumbs_items(self):
        return [
            HOME,
            {"url": reverse("certificates_admin:cohorts"), "label": _("Émettre les attestations")},
            {"url": "", "label": self.cohort.code},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = selectors.cohort_issue_rows(cohort=self.cohort, kind=self.kind)
        context.update(
            cohort=self.cohort,
            kind=self.kind,
            kind_label=CertificateKind(self.kind).label,
            kinds=CertificateKind.choices,
            rows=rows,
            eligible=sum(1 for r in rows if not r.reason),
            refused=sum(1 for r in rows if r.reason),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            job = services.start_cohort_issue(cohort=self.cohort, kind=self.kind, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{reverse('certificates_admin:cohort', args=[self.cohort.pk])}?kind={self.kind}")
        return redirect("certificates_admin:job", job_id=job.pk)


@require_POST
def issue_one(request, enrolment_id):
    _coordinator_or_404(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("cohort"), pk=enrolment_id)
    form = KindForm(request.POST)
    if not form.is_valid():
        raise Http404
    back = (
        f"{reverse('certificates_admin:cohort', args=[enrolment.cohort_id])}?kind={form.cleaned_data['kind']}"
    )
    try:
        certificate, job = services.request_certificate(
            enrolment=enrolment, kind=form.cleaned_data["kind"], user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("Document %(number)s émis pour %(learner)s.")
        % {"number": certificate.number, "learner": enrolment.learner},
    )
    return redirect(back)


@require_POST
def cohort_zip(request, cohort_id):
    _coordinator_or_404(request)
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = KindForm(request.POST)
    if not form.is_valid():
        raise Http404
    job = services.start_cohort_zip(cohort=cohort, kind=form.cleaned_data["kind"], user=request.user)
    return redirect("certificates_admin:job", job_id=job.pk)


CERTIFICATE_HANDLERS = (
    "certificates.tasks.issue_cohort",
    "certificates.tasks.cohort_zip",
    "certificates.tasks.render_certificates",
    "certificates.tasks.render_cohort",
)


class JobProgressView(CoordinatorPage):
    """A progress bar that polls /taches/<uuid>/, then the job's outcome: who was skipped and why,
    and the ZIP."""

    template_name = "certificates/admin/job_progress.html"
    page_title = gettext_lazy("Préparation des documents")

    def dispatch(self, request, *args, **kwargs):
        _coordinator_or_404(request)
        self.job = get_object_or_404(Job, pk=kwargs["job_id"], handler__in=CERTIFICATE_HANDLERS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.job.result or {}
        cohort = Cohort.objects.filter(pk=result.get("cohort") or self.job.params.get("cohort")).first()
        context.update(
            job=self.job,
            result=result,
            cohort=cohort,
            kind=result.get("kind") or self.job.params.get("kind", ""),
            status_url=reverse("job_status", args=[self.job.pk]),
        )
        return context


def job_zip(request, job_id):
    _coordinator_or_404(request)
    job = get_object_or_404(Job, pk=job_id, handler__in=CERTIFICATE_HANDLERS, status=Job.Status.DONE)
    name = (job.result or {}).get("zip")
    if not name:
        raise Http404
    from django.core.files.storage import default_storage

    if not default_storage.exists(name):
        raise Http404
    cohort = Cohort.objects.filter(pk=job.result.get("cohort")).first()
    filename = f"attestations-{cohort.code if cohort else 'session'}-{job.result.get('kind', '')}.zip"
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)
