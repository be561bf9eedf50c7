"""A task whose sending the broker refuses (Redis restarting) is sent again, not dropped."""

from __future__ import annotations

from unittest import mock

import pytest
from kombu.exceptions import OperationalError

from outhire.lib import tasks

pytestmark = pytest.mark.django_db


def test_a_refused_send_is_tried_again(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "RESEND_AFTER", (0, 0, 0))
    task = mock.Mock()
    refused = OperationalError("Error 111 connecting")
    task.delay.side_effect = [refused, refused, None]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue(task, 7, 8)
    assert task.delay.call_args_list == [mock.call(7, 8)] * 3


def test_a_broker_that_stays_away_is_an_error(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(tasks, "RESEND_AFTER", (0, 0, 0))
    task = mock.Mock()
    task.delay.side_effect = OperationalError("Error 111 connecting")
    with pytest.raises(OperationalError), django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue(task, 7)
    assert task.delay.call_count == 4
