from csp.middleware import CSPMiddleware
from django.conf import settings


class ClientAddressMiddleware:
    """Behind N trusted reverse proxies, take the client's address from X-Forwarded-For.

    Without it every visitor shares the proxy's address, and the per-address rate limits on
    login would lock everyone out at once. Entries added by the client itself are ignored:
    only the last NUM_PROXIES entries were written by proxies we trust.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = settings.NUM_PROXIES
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if proxies and forwarded:
            addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
            if len(addresses) >= proxies:
                request.META["REMOTE_ADDR"] = addresses[-proxies]
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, strict everywhere (settings.CONTENT_SECURITY_POLICY), relaxed on the
    staff back offices listed in settings.CSP_RELAXED_PATHS.

    Wagtail's admin, Django's admin and the RQ dashboard are third-party pages that still carry
    inline scripts and style attributes; they are behind a staff login, so they get
    settings.CSP_RELAXED_DIRECTIVES ('unsafe-inline') instead of being exempt.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path.startswith(tuple(settings.CSP_RELAXED_PATHS)):
            parts.replace = {**settings.CSP_RELAXED_DIRECTIVES, **(parts.replace or {})}
        return parts
