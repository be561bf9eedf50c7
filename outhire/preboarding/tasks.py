"""Pre-boarding e-mails: the new hire's welcome link, and the daily reminders of items due soon
or overdue, to each party (docs/preboarding.md#reminders)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outhire.accounts.models import User
from outhire.accounts.roles import Role
from outhire.lib.i18n import candidate_language, user_language
from outhire.lib.zones import zone_info
from outhire.preboarding import tokens
from outhire.preboarding.models import Checklist, Item, Party

# Items reminded of per run; the rest go on the next (hourly) run.
REMINDER_BATCH = 1000
SOON_DAYS = 3


def welcome_link(checklist: Checklist) -> str:
    return settings.SITE_URL + reverse(
        "preboarding:welcome", args=[tokens.welcome_token(checklist)]
    )


def welcome_message(checklist: Checklist, link: str) -> tuple[str, str]:
    """The welcome e-mail's subject and text, in the new hire's time zone and language: what is
    sent, and what the checklist page shows before anyone sends it."""
    hire = checklist.hire
    candidate = hire.application.candidate
    with (
        timezone.override(zone_info(candidate.time_zone)),
        translation.override(candidate_language(candidate)),
    ):
        body = render_to_string(
            "preboarding/email/welcome.txt", {"checklist": checklist, "hire": hire, "link": link}
        )
        subject = _("Before your first day at %(client)s") % {"client": checklist.client.name}
    return subject, body


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_welcome(checklist_id: int) -> str:
    """E-mail the new hire the link to their pre-boarding page (sent by `checklist_welcome`)."""
    checklist = (
        Checklist.objects.select_related(
            "client", "hire__application__candidate", "hire__requisition"
        )
        .filter(pk=checklist_id, status=Checklist.Status.OPEN, welcomed_at__isnull=False)
        .first()
    )
    if checklist is None:
        return f"checklist {checklist_id} is not open or its welcome was not sent"
    candidate = checklist.hire.application.candidate
    if not candidate.email:
        return f"checklist {checklist_id}: the new hire has no e-mail address"
    subject, body = welcome_message(checklist, welcome_link(checklist))
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [candidate.email]).send()
    return f"checklist {checklist_id}: welcome e-mailed"


def recipients(checklist: Checklist, party: str) -> list[str]:
    """Who hears of a party's items: the new hire; the requisition's recruiters (or the
    client's recruiters); the hiring manager (or the client's admins)."""
    hire = checklist.hire
    if party == Party.NEW_HIRE:
        # Not before someone of the provider sent the welcome, having read it.
        email = hire.application.candidate.email
        return [email] if email and checklist.welcomed_at else []
    if party == Party.PROVIDER:
        from outhire.requisitions.notices import requisition_staff

        return sorted({u.email for u in requisition_staff(hire.requisition) if u.is_active})
    manager = hire.requisition.hiring_manager
    if manager is not None and manager.is_active:
        return [manager.email]
    return sorted(
        User.objects.filter(
            is_active=True,
            memberships__client_id=checklist.client_id,
            memberships__role=Role.CLIENT_ADMIN,
        )
        .values_list("email", flat=True)
        .distinct()
    )


@shared_task
def send_reminders() -> str:
    """One e-mail per checklist and party listing its open items due within SOON_DAYS days or
    overdue. Each item is reminded of once a day at most: `reminded_on` is set by a conditional
    update, so two runs at once (or a run repeated) cannot send the same item twice a day."""
    today = timezone.localdate()
    due = list(
        Item.objects.filter(
            status=Item.Status.OPEN,
            checklist__status=Checklist.Status.OPEN,
            due_on__lte=today + timedelta(days=SOON_DAYS),
        )
        .exclude(reminded_on=today)
        .select_related(
            "checklist__client",
            "checklist__hire__application__candidate",
            "checklist__hire__requisition__hiring_manager",
        )
        .order_by("checklist_id", "party", "due_on", "id")[:REMINDER_BATCH]
    )
    groups: dict[tuple[int, str], list[Item]] = defaultdict(list)
    for item in due:
        groups[(item.checklist_id, item.party)].append(item)
    sent = 0
    for (_checklist_id, party), items in groups.items():
        checklist = items[0].checklist
        to = recipients(checklist, party)
        if not to:
            continue
        with transaction.atomic():
            claimed = [
                item
                for item in items
                if Item.objects.filter(pk=item.pk, status=Item.Status.OPEN)
                .exclude(reminded_on=today)
                .update(reminded_on=today)
            ]
            if not claimed:
                continue
            _send(checklist, party, claimed, to, today)
        sent += 1
    return f"{sent} pre-boarding reminders sent"


def _by_language(checklist: Checklist, party: str, to: list[str]) -> dict[str, list[str]]:
    """The recipients grouped by the language they read: the new hire's, or each user's."""
    if party == Party.NEW_HIRE:
        return {candidate_language(checklist.hire.application.candidate): to}
    languages = {u.email: user_language(u) for u in User.objects.filter(email__in=to)}
    groups: dict[str, list[str]] = defaultdict(list)
    for email in to:
        groups[languages.get(email, settings.LANGUAGE_CODE)].append(email)
    return groups


def _send(checklist: Checklist, party: str, items: list[Item], to: list[str], today) -> None:
    """One e-mail per language among the recipients (one in all for most checklists)."""
    for language, emails in _by_language(checklist, party, to).items():
        with translation.override(language):
            _send_one(checklist, party, items, emails, today)


def _send_one(checklist: Checklist, party: str, items: list[Item], to: list[str], today) -> None:
    hire = checklist.hire
    candidate = hire.application.candidate
    n = len(items)
    if party == Party.NEW_HIRE:
        link = welcome_link(checklist)
        template, zone = "preboarding/email/reminder_new_hire.txt", candidate.time_zone
        subject = ngettext(
            "Before your first day at %(client)s: %(n)s to do",
            "Before your first day at %(client)s: %(n)s to do",
            n,
        ) % {"client": checklist.client.name, "n": n}
    else:
        link = settings.SITE_URL + reverse("preboarding:checklist", args=[hire.pk])
        template, zone = "preboarding/email/reminder_staff.txt", ""
        subject = ngettext(
            "Pre-boarding for %(title)s: %(n)s item(s) due",
            "Pre-boarding for %(title)s: %(n)s item(s) due",
            n,
        ) % {"title": hire.requisition.title, "n": n}
    with timezone.override(zone_info(zone)):
        body = render_to_string(
            template,
            {
                "checklist": checklist,
                "hire": hire,
                "items": items,
                "link": link,
                "today": today,
                "party": Party(party).label,
                "party_key": party,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to).send()
