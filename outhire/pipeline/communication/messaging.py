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
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.candidates.services import timeline_add
from outhire.lib.i18n import candidate_language, language_name_translated
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
        return [_("Template syntax error: %(error)s") % {"error": error}]
    errors = []
    for node in compiled.nodelist.get_nodes_by_type(TextNode):
        if any(mark in node.s for mark in ("{{", "{%", "{#")):
            errors.append(_("A merge field is not closed: write {{ field_name }}."))
    for node in compiled.nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var
        name = getattr(var, "var", None)
        if not isinstance(name, str) or name not in MERGE_FIELDS:
            shown = name if isinstance(name, str) else str(var)
            errors.append(_("Unknown merge field {{ %(name)s }}.") % {"name": shown})
    return list(dict.fromkeys(errors))


def render(text: str, values: dict[str, str], *, html: bool = False) -> str:
    """`text` with merge `values`; the HTML form escapes the values and keeps line breaks."""
    context = Context({name: values.get(name, "") for name in MERGE_FIELDS}, autoescape=html)
    rendered = _engine().from_string(text).render(context)
    return linebreaks_filter(rendered, autoescape=True) if html else rendered


def preview(template, *, language: str = "") -> dict[str, str]:
    """Subject and body (of a template or a translation) with sample values, for the edit
    page; rendered in `language` (a translation's), else the page's."""
    with translation.override(language or translation.get_language()):
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
        "recruiter_name": (
            recruiter.full_name
            if recruiter
            else _("The %(client)s team") % {"client": requisition.client}
        ),
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
    # The language of the text: a translation's ("de"), "" for the template's own text.
    language: str = ""
    # The languages the template has translations in (a bulk move's drafts, still merged).
    translated: tuple[str, ...] = ()

    @property
    def language_name(self) -> str:
        return language_name_translated(self.language) if self.language else ""

    @property
    def translated_names(self) -> list[str]:
        return [language_name_translated(code) for code in self.translated]


def _text(template: MessageTemplate, application: Application) -> tuple[str, str, str]:
    """(subject, body, language) of `template` for the application's candidate: the
    translation in their language if there is one, else the template's own text."""
    return template.text_for(candidate_language(application.candidate))


def _rendered(application: Application, subject: str, body: str, values: dict) -> tuple[str, str]:
    """Subject and body with the merge values, in the candidate's language (filters such as
    `|date` follow it)."""
    with translation.override(candidate_language(application.candidate)):
        return render(subject, values)[:200], render(body, values)


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
        raise ValidationError(_("That template belongs to another client."))
    if not application.candidate.email:
        raise ValidationError(_("This candidate has no e-mail address."))
    with translation.override(candidate_language(application.candidate)):
        values = merge_values(application, by=by)
    subject, body, _language = _text(template, application)
    subject, body = _rendered(application, subject, body, values)
    return _queue(
        application=application,
        subject=subject,
        body=body,
        template_id=template.pk,
        by=by,
        request=request,
    )


def draft_send(*, application: Application, draft: Draft, by=None, request=None) -> Message:
    """Queue `draft` as the person saw (and maybe edited) it: plain text, sent as written."""
    if not application.candidate.email:
        raise ValidationError(_("This candidate has no e-mail address."))
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
    templates = MessageTemplate.objects.filter(
        client_id=client_id, is_active=True
    ).prefetch_related("translations")
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
    with translation.override(candidate_language(application.candidate)):
        values = merge_values(application, by=by)
    drafts = []
    for t in templates:
        subject, body, language = _text(t, application)
        drafts.append(Draft(t.pk, t.name, *_rendered(application, subject, body, values), language))
    return drafts


def drafts_render(sources: list[Draft], application: Application, *, by=None) -> list[Draft]:
    """`sources` (subject and body still holding merge fields, as in a bulk move) rendered for
    one application's candidate: a template's text left as it was goes in the candidate's
    language when the template has a translation in it; an edited text goes as written."""
    with translation.override(candidate_language(application.candidate)):
        values = merge_values(application, by=by)
    ids = [d.template_id for d in sources if d.template_id is not None]
    templates = {
        t.pk: t
        for t in MessageTemplate.objects.filter(
            client_id=application.client_id, pk__in=ids
        ).prefetch_related("translations")
    } if ids else {}  # fmt: skip
    drafts = []
    for d in sources:
        subject, body, language = d.subject, d.body, ""
        template = templates.get(d.template_id)
        if template is not None and (subject.strip(), body.strip()) == (
            template.subject.strip(),
            template.body.strip(),
        ):
            subject, body, language = _text(template, application)
        drafts.append(
            Draft(d.template_id, d.name, *_rendered(application, subject, body, values), language)
        )
    return drafts


def message_custom(*, application: Application, body: str, by, request=None) -> Message:
    """Queue a message a recruiter wrote for this candidate (on a rejection or bulk move).

    Plain text, sent as written; refused when the candidate has no e-mail address.
    """
    application.candidate.check_processing_allowed("messaging them")
    if not application.candidate.email:
        raise ValidationError(_("This candidate has no e-mail address."))
    body = body.strip()
    if not body:
        raise ValidationError(_("The message is empty."))
    requisition = application.requisition
    with translation.override(candidate_language(application.candidate)):
        subject = _("Your application for %(job)s at %(client)s") % {
            "job": requisition.title,
            "client": requisition.client.name,
        }
    message = Message.objects.create(
        client_id=application.client_id,
        application=application,
        direction=Message.Direction.OUTBOUND,
        status=Message.Status.QUEUED,
        subject=subject[:200],
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
