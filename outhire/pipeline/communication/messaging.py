"""E-mail to candidates: client templates with merge fields, sent on moves or by hand, all logged.

A template is rendered by Django's template engine with only the filters library loaded (no
tags: no `{% include %}`, `{% load %}` or `{% url %}`) on a context of five merge fields, so a
client's template can reach nothing else. Every message, sent or logged, is a `Message` row and
an entry on the candidate's timeline, kept to people who may see that client.

With a reply domain (docs/email.md), replies come back by themselves (`inbound`); a reply sent
to someone's own mailbox is logged by hand (`reply_log`).
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Draft:
    """An e-mail to one candidate as a person will see it before it goes: from a client's
    template (`template_id`), rendered, and possibly edited by that person."""

    template_id: int | None
    name: str
    subject: str
    body: str


def _queue(
    *, application: Application, subject: str, body: str, template_id=None, by=None, request=None
) -> Message:
    application.candidate.check_processing_allowed("messaging them")
    message = Message.objects.create(
        client_id=application.client_id,
        application=application,
        template_id=template_id,
        direction=Message.Direction.OUTBOUND,
        status=Message.Status.QUEUED,
        subject=subject[:200],
        body=body,
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


def message_send(
    *, application: Application, template: MessageTemplate, by=None, request=None
) -> Message:
    """Queue `template` to the application's candidate; refused when they have no e-mail."""
    if template.client_id != application.client_id:
        raise ValidationError("That template belongs to another client.")
    if not application.candidate.email:
        raise ValidationError("This candidate has no e-mail address.")
    values = merge_values(application, by=by)
    return _queue(
        application=application,
        subject=render(template.subject, values),
        body=render(template.body, values),
        template_id=template.pk,
        by=by,
        request=request,
    )


def draft_send(*, application: Application, draft: Draft, by=None, request=None) -> Message:
    """Queue `draft` as the person saw (and maybe edited) it: plain text, sent as written."""
    if not application.candidate.email:
        raise ValidationError("This candidate has no e-mail address.")
    template_id = draft.template_id
    if template_id is not None and not (
        MessageTemplate.objects.filter(client_id=application.client_id, pk=template_id).exists()
    ):
        template_id = None  # not this client's: the message is sent, without the link
    return _queue(
        application=application,
        subject=draft.subject.strip(),
        body=draft.body.strip(),
        template_id=template_id,
        by=by,
        request=request,
    )


def templates_for_move(client_id: int, *, kind: str, to_kind: str) -> list[MessageTemplate]:
    """The client's active templates a move of `kind` (a StageEvent kind) to a stage of
    `to_kind` triggers."""
    templates = MessageTemplate.objects.filter(client_id=client_id, is_active=True)
    if kind == StageEvent.Kind.REJECTED:
        return list(templates.filter(trigger=MessageTemplate.Trigger.REJECTED))
    if kind == StageEvent.Kind.WITHDRAWN:
        return list(templates.filter(trigger=MessageTemplate.Trigger.WITHDRAWN))
    if kind in {StageEvent.Kind.MOVED, StageEvent.Kind.HIRED, StageEvent.Kind.CREATED}:
        if to_kind == StageKind.SOURCED:
            return []  # people who never applied get no automatic e-mail
        return list(templates.filter(trigger=MessageTemplate.Trigger.STAGE, stage_kind=to_kind))
    return []


def move_drafts(
    application: Application,
    *,
    kind: str,
    to_kind: str,
    by=None,
    templates: list[MessageTemplate] | None = None,
) -> list[Draft]:
    """The e-mails a move would send the candidate, rendered for them: what a person is shown
    (and may edit or skip) before making the move. None without an e-mail address, nor while
    processing of the person's data is stopped (restricted or objected to)."""
    if not application.candidate.email or application.candidate.processing_stopped:
        return []
    if templates is None:
        templates = templates_for_move(application.client_id, kind=kind, to_kind=to_kind)
    values = merge_values(application, by=by)
    return [
        Draft(t.pk, t.name, render(t.subject, values)[:200], render(t.body, values))
        for t in templates
    ]


def drafts_render(sources: list[Draft], application: Application, *, by=None) -> list[Draft]:
    """`sources` (subject and body still holding merge fields, as in a bulk move) rendered for
    one application's candidate."""
    values = merge_values(application, by=by)
    return [
        Draft(d.template_id, d.name, render(d.subject, values)[:200], render(d.body, values))
        for d in sources
    ]


def message_custom(*, application: Application, body: str, by, request=None) -> Message:
    """Queue a message a recruiter wrote for this candidate (on a rejection or bulk move).

    Plain text, sent as written; refused when the candidate has no e-mail address.
    """
    application.candidate.check_processing_allowed("messaging them")
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
    return templates_for_move(event.client_id, kind=event.kind, to_kind=event.to_kind)


def on_stage_event(event_id: int, drafts: list[Draft] | None = None) -> list[Message]:
    """Send what a stage event triggers; called once the move is committed.

    `drafts`: what the person who moved it saw and chose to send (maybe edited, maybe none);
    None when no person was shown anything (the API, a candidate's own answer to an offer),
    and the client's templates go as they are.
    """
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
    if not application.candidate.email or application.candidate.processing_stopped:
        # Closing the application of someone whose processing is stopped is allowed; telling
        # them about it by the client's templates is not.
        return []
    if drafts is not None:
        return [draft_send(application=application, draft=d, by=event.by) for d in drafts]
    return [
        message_send(application=application, template=template, by=event.by)
        for template in templates_for(event)
    ]
