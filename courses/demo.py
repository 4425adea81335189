"""Demo data this app adds on top of lms.demo (called at the end of seed_demo; idempotent)."""

from .models import Audience, CoursePage
from .setup import ensure_publishing_rules

# Which catalogue filters each demo course answers to (slugs from migration 0003).
DEMO_AUDIENCES = {
    "decouverte-decoupe-laser": ["tout-public", "jeunes", "demandeurs-emploi"],
    "artisans-numeriques": ["jeunes", "demandeurs-emploi", "reconversion"],
    "atelier-impression-3d-e2c": ["groupes-partenaires", "jeunes"],
}


def seed(context: dict) -> None:
    """`context` holds what lms.demo built: users, courses, cohorts, partners, companies, learners."""
    ensure_publishing_rules()
    audiences = {a.slug: a for a in Audience.objects.all()}
    for slug, audience_slugs in DEMO_AUDIENCES.items():
        page = CoursePage.objects.filter(slug=slug).first()
        wanted = [audiences[s] for s in audience_slugs if s in audiences]
        if page is None or not wanted or page.audiences.exists():
            continue
        # A new published revision, so that the next edit in the admin keeps these audiences.
        page = page.get_latest_revision_as_object()
        page.audiences = wanted
        page.save_revision().publish()
