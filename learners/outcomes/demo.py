"""Demo data this sub-app adds on top of lms.demo (called at the end of seed_demo; idempotent)."""


def seed(context: dict) -> None:
    """`context` holds what lms.demo built: users, courses, cohorts, partners, companies, learners."""
