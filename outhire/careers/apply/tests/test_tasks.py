"""The apply flow's tasks keep the names they were queued under before the flow was a package."""

from __future__ import annotations

from outhire.careers.apply import tasks


def test_it_keeps_the_task_names_queued_tasks_and_the_beat_schedule_use():
    assert tasks.send_apply_confirmation.name == (
        "outhire.careers.apply_tasks.send_apply_confirmation"
    )
    assert tasks.read_resume_text.name == "outhire.careers.apply_tasks.read_resume_text"
    assert tasks.purge_apply_uploads.name == "outhire.careers.apply_tasks.purge_apply_uploads"
