from __future__ import annotations

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from outhire.accounts.models import Client, Notification
from outhire.engagements.models import Engagement
from outhire.pipeline.models import Application, Comment, Message, MessageTemplate, StageEvent
from outhire.requisitions.models import Opening, Requisition


def test_seed_demo_adds_six_months_of_hiring_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed-demo", candidates=40, stdout=io.StringIO())
    clients = Client.objects.count()
    assert Engagement.objects.count() == clients
    statuses = set(Requisition.objects.values_list("status", flat=True))
    assert statuses == {"draft", "pending_approval", "open", "on_hold", "filled", "cancelled"}
    assert Requisition.objects.filter(status="pending_approval", approvals__isnull=False).exists()
    now = timezone.now()
    assert Requisition.objects.filter(created_at__lt=now - timedelta(days=60)).exists()
    assert not StageEvent.objects.filter(at__gt=now).exists()
    assert StageEvent.objects.filter(at__lt=now - timedelta(days=30)).exists()
    kinds = set(Application.objects.values_list("status", flat=True))
    assert {"hired", "rejected", "active"} <= kinds
    for requisition in Requisition.objects.filter(status="filled"):
        assert not Opening.objects.filter(requisition=requisition, filled_at__isnull=True).exists()
    assert not Application.objects.filter(requisition__status="filled", status="active").exists()
    assert Comment.objects.filter(internal=True).exists()
    assert Notification.objects.exists()
    assert MessageTemplate.objects.filter(trigger="stage").exists()
    # Moves recorded in the past e-mail no one: the only messages are those of the demo's
    # live applications through the careers apply flow (their confirmations).
    from outhire.pipeline.models import ApplicationAnswer

    applied_now = set(ApplicationAnswer.objects.values_list("application_id", flat=True))
    assert applied_now
    assert set(Message.objects.values_list("application_id", flat=True)) <= applied_now

    counts = (Requisition.objects.count(), Application.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed-demo", candidates=40, stdout=io.StringIO())
    assert (Requisition.objects.count(), Application.objects.count()) == counts
