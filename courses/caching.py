"""Whole-page cache of the public catalogue and course pages, for visitors who are not logged in.

Every cached page is keyed on a shared version: publishing, unpublishing, moving or deleting a
page, or changing a cohort, session or enrolment (seats left, next dates) replaces the version, so
the next visitor gets a fresh page. `PUBLIC_PAGE_CACHE_SECONDS` bounds what no signal sees (bulk
imports, the date turning): 5 minutes by default, 0 turns the cache off.
"""

import hashlib
import logging
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

log = logging.getLogger(__name__)
VERSION_KEY = "public-pages:version"
# Only the catalogue's own filters vary a page; any other parameter (tracking tags, junk) is
# served from the plain page's entry, so nobody can fill the cache with `?x=1`, `?x=2`…
VARYING_PARAMS = ("format", "public", "a_venir", "q", "page")


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # a cache that is down holds nothing stale; saving must not fail for it
        log.warning("cache des pages publiques : invalidation impossible", exc_info=True)


def invalidate(**_signal_kwargs) -> None:
    """Forget every cached public page (a signal receiver: takes and ignores the signal's arguments).

    Bumped once the transaction commits: bumped earlier, a visitor could cache the old page again
    between the bump and the commit, and keep it for the whole expiry time."""
    transaction.on_commit(_new_version)


def _cacheable(request) -> bool:
    # No session and no flash message: the visitor is anonymous and the page says nothing personal.
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def _key(request) -> str:
    params = urlencode(
        [(name, request.GET.get(name, "")[:100]) for name in VARYING_PARAMS if name in request.GET]
    )
    address = f"{request.get_host()}{request.path}?{params}"
    # Hashed: a long path or query must not exceed the cache's key length.
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"public-page:{_version()}:{get_language()}:{digest}"


def serve_cached(request, render):
    """`render()` gives the page's response; keep it for the next visitors when they may share it."""
    if not _cacheable(request):
        return render()
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    # Only plain successes that set no cookie (no session, no CSRF token) are shared.
    if (
        response.status_code == 200
        and not response.cookies
        and not getattr(request, "META", {}).get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        try:
            cache.set(_key(request), response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        except Exception:
            log.warning("cache des pages publiques indisponible", exc_info=True)
    return response


class PublicPageCacheMiddleware:
    """Answers a visitor from the cache before Wagtail routes the request (site, page tree and
    view restrictions are 6 queries): a cached page costs no query at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _cacheable(request):
            try:
                cached = cache.get(_key(request))
            except Exception:
                log.warning("cache des pages publiques indisponible", exc_info=True)
                cached = None
            if cached is not None:
                return cached
        return self.get_response(request)
