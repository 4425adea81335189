"""Every URL pattern of the site, read from the URL resolver (nothing to keep up to date by hand)."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# Packages whose views and models are the project's own: their admin URLs need a row each.
PROJECT_PACKAGES = ("lms", "courses", "learners", "certificates")


@dataclass(frozen=True)
class Endpoint:
    key: str  # the URL name with its namespace ("trainer:session"), or the route when unnamed
    route: str  # the full route as declared, e.g. "formateur/seance/<int:pk>/"
    pieces: tuple  # (pattern, is_route) per level, to build an example path
    callback: object

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def is_project_view(self) -> bool:
        """A view written here (hooks, viewsets, views_admin), or Wagtail's generic view of one
        of our models (ModelViewSet, SnippetViewSet)."""
        view = self.callback
        while view is not None:
            if (getattr(view, "__module__", "") or "").split(".")[0] in PROJECT_PACKAGES:
                return True
            view_class = getattr(view, "view_class", None)
            if view_class is not None and view_class.__module__.split(".")[0] in PROJECT_PACKAGES:
                return True
            model = (getattr(view, "view_initkwargs", None) or {}).get("model") or getattr(
                view_class, "model", None
            )
            if (
                getattr(model, "_meta", None) is not None
                and model.__module__.split(".")[0] in PROJECT_PACKAGES
            ):
                return True
            view = getattr(view, "__wrapped__", None)
        return False


def _walk(patterns, pieces=(), namespaces=()):
    for pattern in patterns:
        is_route = isinstance(pattern.pattern, RoutePattern)
        here = (*pieces, (str(pattern.pattern), is_route))
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, here, ns)
        elif isinstance(pattern, URLPattern):
            route = "".join(p for p, _ in here)
            key = ":".join((*namespaces, pattern.name)) if pattern.name else route
            yield Endpoint(key=key, route=route, pieces=here, callback=pattern.callback)


def endpoints() -> list[Endpoint]:
    """Every pattern once; a name declared twice (two routes, one name) counts once, first wins."""
    seen, found = set(), []
    for endpoint in _walk(get_resolver().url_patterns):
        if endpoint.key not in seen:
            seen.add(endpoint.key)
            found.append(endpoint)
    return found


DUMMIES = {"int": "987654", "uuid": str(uuid.UUID(int=7)), "path": "x", "slug": "x", "str": "x"}
_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?[^()]*\)")


def example_path(endpoint: Endpoint, values: dict | None = None) -> str:
    """A path that the pattern matches, with `values` for its parameters and dummies elsewhere."""
    values = values or {}
    out = []
    for text, is_route in endpoint.pieces:
        if is_route:
            text = _ROUTE_PARAM.sub(
                lambda m: str(values.get(m["name"], DUMMIES.get(m["conv"] or "str", "x"))), text
            )
        else:
            text = _REGEX_GROUP.sub(lambda m: str(values.get(m["name"] or "", "1")), text)
            text = text.lstrip("^").rstrip("$").replace("/?", "/").replace("\\", "")
            text = text.replace("?", "")
        out.append(text)
    return "/" + "".join(out)
