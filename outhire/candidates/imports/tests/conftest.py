"""Import test helpers: `run`, an import from upload to report (the candidates' fixtures are in
outhire/candidates/conftest.py)."""

from __future__ import annotations

import pytest

from outhire.candidates.imports import uploads
from outhire.candidates.models import ImportJob


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """run(user, data, **options) -> the finished ImportJob (the task runs eagerly)."""

    def go(
        user,
        data: bytes,
        *,
        file_name: str = "candidates.csv",
        resumes: bytes | None = None,
        mapping: list[str] | None = None,
        dry_run: bool = False,
        source_system: str = "Bullhorn",
    ) -> ImportJob:
        job = uploads.import_create(
            by=user,
            data=data,
            file_name=file_name,
            resumes=resumes,
            resumes_name="resumes.zip" if resumes else "",
            source_system=source_system,
        )
        with django_capture_on_commit_callbacks(execute=True):
            uploads.import_start(job=job, by=user, dry_run=dry_run, mapping=mapping)
        job.refresh_from_db()
        return job

    return go
