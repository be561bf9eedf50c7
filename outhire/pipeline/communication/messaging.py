"""E-mail to candidates: client templates with merge fields, sent on moves or by hand, all logged.

A template is rendered by Django's template engine with only the filters library loaded (no
tags: no `{% include %}`, `{% load %}` or `{% url %}`) on a context of five merge fields, so a
client's template can reach nothing else. Every message, sent or logged, is a `Message` row and
an entry on the candidate's timeline, kept to people who may see that client.

Inbound e-mail parsing is not configured: when a candidate replies, the recruiter logs the reply
by hand (`reply_log`).
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import TextNode, VariableNode
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone

from outhire.accounts import audit
from outhire.candidates.services import timeline_add
from outhire.lib.tasks import enqueue
from outhire.pipeline.models import Application, Message, MessageTemplate, StageEvent
from outhire.requisitions.models import StageKind

MERGE_FIELDS = {
    "candidate_first_name": "Alex",
    "job_title": "Senior Robotics Engineer",
    "client_name": "Acme Robotics",
    "recruiter_name": "Rita Recruiter",
    "careers_url": "https://careers.example/acme-robotics/",
}
# A move recorded after the fact (an import, the demo) does not e-mail anyone.
BACKDATED_AFTER = timedelta(hours=1)


class MergeEngine(Engine):
    """Filters only; no template tags at all."""

    default_builtins = ["django.template.defaultfilters"]


@cache
def _engine() -> MergeEngine:
    return MergeEngine(debug=False, libraries={}, loaders=[])


def template_errors(text: str) -> list[str]:
    """What is wrong with `text` as a message template: syntax errors and unknown merge fields."""
    try:
        compiled = _engine().from_string(text)
    except TemplateSyntaxError as error:
        return [f"Template syntax error: {error}"]
    errors = []
    for node in compiled.nodelist.get_nodes_by_type(TextNode):
        if any(mark in node.s for mark in ("{{", "{%", "{#")):
            errors.append("A merge field is not closed: write {{ field_name }}.")
    for node in compiled.nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var
        name = getattr(var, "var", None)
        if not isinstance(name, str) or name not in MERGE_FIELDS:
            shown = name if isinstance(name, str) else str(var)
            errors.append(f"Unknown merge field {{{{ {shown} }}}}.")
    return list(dict.fromkeys(errors))


def render(text: str, values: dict[str, str], *, html: bool = False) -> str:
    """`text` with merge `values`; the HTML form escapes the values and keeps line breaks."""
    context = Context({name: values.get(name, "") for name in MERGE_FIELDS}, autoescape=html)
    rendered = _engine().from_string(text).render(context)
    return linebreaks_filter(rendered, autoescape=True) if html else rendered


def preview(template: MessageTemplate) -> dict[str, str]:
    """Subject and body with sample values, for the edit page."""
    return {
        "subject": render(template.subject, MERGE_FIELDS),
        "body": render(template.body, MERGE_FIELDS),
    }


def merge_values(application: Application, *, by=None) -> dict[str, str]:
    requisition = application.requisition
    recruiter = by if by is not None and by.is_provider_staff else application.owner
    if recruiter is None:
        recruiter = requisition.recruiters.order_by("pk").first()
    return {
        "candidate_first_name": application.candidate.first_name,
        "job_title": requisition.title,
        "client_name": requisition.client.name,
        "recruiter_name": recruiter.full_name if recruiter else f"The {requisition.client} team",
        "careers_url": f"{settings.SITE_URL}/careers/{requisition.client.slug}/",
    }


def message_send(
    *, application: Application, template: MessageTemplate, by=None, request=None
) -> Message:
    """Queue `template` to the application's candidate; refused when they have no e-mail."""
    if template.client_id != application.client_id:
        raise ValidationError("That template belongs to another client.")
    if not application.candidate.email:
        raise ValidationError("This candidate has no e-mail address.")
    values = merge_values(application, by=by)
    message = Message.objects.create(
        client_id=application.client_id,
        application=application,
        template=template,
        direction=Message.Direction.OUTBOUND,
        status=Message.Status.QUEUED,
        subject=render(template.subject, values)[:200],
        body=render(template.body, values),
        sent_by=by,
    )
    timeline_add(
        application.candidate,
        "message",
        f"E-mail “{message.subject}” ({application.requisition.title})",
        by=by,
        client=application.requisition.client,
        message_id=message.pk,
    )
    audit.record("message.queued", actor=by, request=request, obj=message)
    from outhire.pipeline.tasks import send_message

    enqueue(send_message, message.pk)
    return message


def message_custom(*, application: Application, body: str, by, request=None) -> Message:
    """Queue a message a recruiter wrote for this candidate (on a rejection or bulk move).

    Plain text, sent as written; refused when the candidate has no e-mail address.
    """
    if not application.candidate.email:
        raise ValidationError("This candidate has no e-mail address.")
    body = body.strip()
    if not body:
        raise ValidationError("The message is empty.")
    requisition = application.requisition
    message = Message.objects.create(
        client_id=application.client_id,
        application=application,
        direction=Message.Direction.OUTBOUND,
        status=Message.Status.QUEUED,
        subject=f"Your application for {requisition.title} at {requisition.client.name}"[:200],
        body=body,
        sent_by=by,
    )
    timeline_add(
        application.candidate,
        "message",
        f"E-mail “{message.subject}”",
        by=by,
        client=requisition.client,
        message_id=message.pk,
    )
    audit.record("message.queued", actor=by, request=request, obj=message)
    from outhire.pipeline.tasks import send_message

    enqueue(send_message, message.pk)
    return message


def reply_log(*, application: Application, subject: str, body: str, by, request=None) -> Message:
    """Record a candidate's reply that the recruiter read in their own mailbox."""
    message = Message(
        client_id=application.client_id,
        application=application,
        direction=Message.Direction.INBOUND,
        status=Message.Status.LOGGED,
        subject=subject.strip()[:200] or "(no subject)",
        body=body.strip(),
        sent_by=by,
        sent_at=timezone.now(),
    )
    message.full_clean()
    message.save()
    timeline_add(
        application.candidate,
        "message",
        f"Reply logged: “{message.subject}” ({application.requisition.title})",
        by=by,
        client=application.requisition.client,
        message_id=message.pk,
    )
    audit.record("message.reply_logged", actor=by, request=request, obj=message)
    return message


def templates_for(event: StageEvent) -> list[MessageTemplate]:
    """The client's active templates that `event` triggers."""
    templates = MessageTemplate.objects.filter(client_id=event.client_id, is_active=True)
    if event.kind == StageEvent.Kind.REJECTED:
        return list(templates.filter(trigger=MessageTemplate.Trigger.REJECTED))
    if event.kind == StageEvent.Kind.WITHDRAWN:
        return list(templates.filter(trigger=MessageTemplate.Trigger.WITHDRAWN))
    if event.kind in {StageEvent.Kind.MOVED, StageEvent.Kind.HIRED, StageEvent.Kind.CREATED}:
        if event.to_kind == StageKind.SOURCED:
            return []  # people who never applied get no automatic e-mail
        return list(
            templates.filter(trigger=MessageTemplate.Trigger.STAGE, stage_kind=event.to_kind)
        )
    return []


def on_stage_event(event_id: int) -> list[Message]:
    """Send the templates a stage event triggers; called once the move is committed."""
    event = (
        StageEvent.objects.select_related(
            "application__candidate", "application__requisition__client", "by"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.at < timezone.now() - BACKDATED_AFTER:
        return []
    application = event.application
    if not application.candidate.email:
        return []
    return [
        message_send(application=application, template=template, by=event.by)
        for template in templates_for(event)
    ]
