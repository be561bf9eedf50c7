"""Periodic jobs of invoicing."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_overdue_reminders() -> str:
    """E-mail a reminder for each overdue invoice, at most once per invoice per day (hourly)."""
    from outhire.billing.services import overdue_reminders_send

    return f"{overdue_reminders_send()} overdue reminder(s) sent"
