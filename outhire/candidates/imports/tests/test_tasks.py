"""Import tasks keep the names they were queued under before imports were a package."""

from __future__ import annotations

from outhire.candidates.imports import tasks


def test_it_keeps_the_task_names_queued_runs_and_the_beat_schedule_use():
    assert tasks.run_import.name == "outhire.candidates.tasks.run_import"
    assert tasks.fail_stale_imports.name == "outhire.candidates.tasks.fail_stale_imports"
    assert tasks.purge_import_files.name == "outhire.candidates.tasks.purge_import_files"
