"""Fixtures of the careers-site tests (site_fixtures.py), for every test module here."""

from outhire.careers.tests.site_fixtures import (  # noqa: F401 (fixtures)
    _empty_cache,
    globex_job,
    hidden_jobs,
    job,
)
