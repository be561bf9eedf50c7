"""The standard e-mail templates every new client starts with, in the provider's voice.

Given to a client when it is created (`accounts.signals.client_created`) and on demand from
its set-up checklist; the client's people change the wording on the templates page. Each uses
only the merge fields of `messaging.MERGE_FIELDS`, which a test checks.
"""

from __future__ import annotations

from django.db import transaction

from outhire.accounts import audit
from outhire.accounts.models import Client
from outhire.pipeline.models import MessageTemplate

Trigger = MessageTemplate.Trigger

# (name, trigger, stage kind, subject, body)
STANDARD_TEMPLATES = [
    ("Thanks for applying", Trigger.STAGE, "applied", "Your application to {{ client_name }}",
     "Dear {{ candidate_first_name }},\n\nThank you for applying for the {{ job_title }} role "
     "at {{ client_name }}. We read every application and will be in touch within a week.\n\n"
     "Best wishes,\n{{ recruiter_name }}"),
    ("Invitation to a phone screen", Trigger.STAGE, "screen", "{{ job_title }}: a short call?",
     "Hi {{ candidate_first_name }},\n\nI would like to talk to you about the {{ job_title }} "
     "role for 20 minutes this week. Reply with a few times that suit you.\n\n"
     "{{ recruiter_name }}"),
    ("Interview invitation", Trigger.MANUAL, "",
     "Interview for {{ job_title }} at {{ client_name }}",
     "Hi {{ candidate_first_name }},\n\nGood news: {{ client_name }} would like to meet you. "
     "I will send you the details shortly.\n\n{{ recruiter_name }}"),
    ("Update on your application", Trigger.REJECTED, "", "Your application for {{ job_title }}",
     "Dear {{ candidate_first_name }},\n\nThank you for your interest in {{ client_name }}. "
     "We have decided not to take your application further this time. Other roles are open "
     "at {{ careers_url }}.\n\nKind regards,\n{{ recruiter_name }}"),
    ("Sorry to see you go", Trigger.WITHDRAWN, "", "Your application for {{ job_title }}",
     "Dear {{ candidate_first_name }},\n\nWe have withdrawn your application as you asked. "
     "We would be glad to hear from you again.\n\n{{ recruiter_name }}"),
]  # fmt: skip


def message_templates_ensure(*, client: Client, by=None, request=None) -> list[MessageTemplate]:
    """Give `client` each standard template it has no template of that name for; the new ones.

    Race-safe: the client's row is locked while it looks, so two calls at once add each
    template once.
    """
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        have = set(MessageTemplate.objects.filter(client=client).values_list("name", flat=True))
        made = [
            MessageTemplate(
                client=client,
                name=name,
                trigger=trigger,
                stage_kind=kind,
                subject=subject,
                body=body,
            )
            for name, trigger, kind, subject, body in STANDARD_TEMPLATES
            if name not in have
        ]
        MessageTemplate.objects.bulk_create(made)
        if made:
            audit.record(
                "message_template.defaults_added",
                actor=by,
                request=request,
                obj=client,
                changes={"templates": [t.name for t in made]},
            )
    return made


def _on_client_created(sender, *, client, by=None, **kwargs) -> None:
    message_templates_ensure(client=client, by=by)
