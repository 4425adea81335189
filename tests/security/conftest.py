"""Hypothesis profiles for the bad-input tests: a few thousand examples per parser in CI
(HYPOTHESIS_PROFILE=ci, or CI=true), a quick run by default."""

import os

from hypothesis import HealthCheck, settings

_common = dict(
    deadline=None,
    derandomize=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile("ci", max_examples=2000, print_blob=True, **_common)
settings.register_profile("dev", max_examples=200, **_common)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")
)
