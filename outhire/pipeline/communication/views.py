"""Pages for what is said: message templates and messages, comments, notifications.

Every object comes through `get_visible_or_404` or a queryset's `visible_to`, so anything of a
client out of reach answers 404. Messages to candidates are the provider's work: only the
client's provider staff see an application's messages.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts.models import Client, Notification
from outhire.accounts.notifications import notifications_mark_read
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.i18n import candidate_language, language_name_translated
from outhire.pipeline.communication import addresses, messaging, senders
from outhire.pipeline.communication import comments as comment_services
from outhire.pipeline.communication.forms import (
    CommentForm,
    MessageSendForm,
    MessageTemplateForm,
    MessageTemplateTranslationForm,
    ReplyLogForm,
    SenderIdentityForm,
)
from outhire.pipeline.models import (
    Application,
    Comment,
    Message,
    MessageTemplate,
    MessageTemplateTranslation,
    SenderIdentity,
)
from outhire.requisitions.models import Requisition

PER_PAGE = 50


# --- Message templates ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def message_templates(request: HttpRequest, slug: str) -> HttpResponse:
    access = request.access
    client = get_visible_or_404(access, Client, write=request.method == "POST", slug=slug)
    form = MessageTemplateForm()
    if request.method == "POST":
        form = MessageTemplateForm(request.POST, instance=MessageTemplate(client=client))
        if form.is_valid():
            template = form.save()
            messages.success(request, _("Template “%(name)s” saved.") % {"name": template.name})
            return redirect("pipeline:message_template_edit", message_template_id=template.pk)
    return render(
        request,
        "pipeline/messages/template_list.html",
        {
            "client": client,
            "templates": MessageTemplate.objects.filter(client=client),
            "form": form,
            "can_write": access.can_write(client.pk),
            "can_manage": access.can_manage(client.pk),
            "sample": messaging.MERGE_FIELDS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def message_template_edit(request: HttpRequest, message_template_id: int) -> HttpResponse:
    access = request.access
    template = get_visible_or_404(
        access,
        MessageTemplate.objects.select_related("client"),
        write=request.method == "POST",
        pk=message_template_id,
    )
    form = MessageTemplateForm(instance=template)
    shown = template
    if request.method == "POST":
        form = MessageTemplateForm(request.POST, instance=template)
        if form.is_valid():
            if "preview" in request.POST:
                shown = form.save(commit=False)
            else:
                form.save()
                messages.success(request, _("Template saved."))
                return redirect("pipeline:message_template_edit", message_template_id=template.pk)
        else:
            shown = None
    return _template_edit_page(
        request,
        template,
        form=form,
        preview=messaging.preview(shown) if shown is not None else None,
    )


def _template_edit_page(
    request: HttpRequest,
    template: MessageTemplate,
    *,
    form=None,
    preview=None,
    bound: tuple[str, MessageTemplateTranslationForm] | None = None,
    translation_preview=None,
    status: int = 200,
) -> HttpResponse:
    """The template's edit page: the template, and a form per language for its translations
    (`bound`: the language whose form was posted and refused, or previewed)."""
    existing = {t.language: t for t in MessageTemplateTranslation.objects.filter(template=template)}
    translations = []
    for code, _name in settings.LANGUAGES:
        if bound is not None and bound[0] == code:
            translation_form = bound[1]
        else:
            translation_form = MessageTemplateTranslationForm(
                instance=existing.get(code), prefix=f"tr-{code}"
            )
        translations.append(
            {
                "code": code,
                "name": language_name_translated(code),
                "form": translation_form,
                "saved": existing.get(code),
                "preview": translation_preview if bound is not None and bound[0] == code else None,
            }
        )
    return render(
        request,
        "pipeline/messages/template_edit.html",
        {
            "template": template,
            "client": template.client,
            "form": form if form is not None else MessageTemplateForm(instance=template),
            "preview": preview,
            "translations": translations,
            "can_write": request.access.can_write(template.client_id),
            "sample": messaging.MERGE_FIELDS,
        },
        status=status,
    )


@login_required
@require_POST
def message_template_translation(
    request: HttpRequest, message_template_id: int, language: str
) -> HttpResponse:
    """Add, change (or preview) or remove the template's text in one language."""
    template = get_visible_or_404(
        request.access,
        MessageTemplate.objects.select_related("client"),
        write=True,
        pk=message_template_id,
    )
    if language not in dict(settings.LANGUAGES):
        raise Http404
    names = {code: language_name_translated(code) for code, _name in settings.LANGUAGES}
    existing = MessageTemplateTranslation.objects.filter(
        template=template, language=language
    ).first()
    back = reverse("pipeline:message_template_edit", args=[template.pk]) + f"#tr-{language}"
    if "delete" in request.POST:
        if existing is not None:
            existing.delete()
            messages.success(
                request, _("The %(language)s version was removed.") % {"language": names[language]}
            )
        return redirect(back)
    instance = existing or MessageTemplateTranslation(
        client_id=template.client_id, template=template, language=language
    )
    form = MessageTemplateTranslationForm(request.POST, instance=instance, prefix=f"tr-{language}")
    if not form.is_valid():
        return _template_edit_page(request, template, bound=(language, form), status=400)
    if "preview" in request.POST:
        shown = form.save(commit=False)
        return _template_edit_page(
            request,
            template,
            bound=(language, form),
            translation_preview=messaging.preview(shown, language=language),
        )
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        # Someone added this language at the same moment: one row per language, this text.
        MessageTemplateTranslation.objects.filter(template=template, language=language).update(
            subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
    messages.success(
        request, _("The %(language)s version was saved.") % {"language": names[language]}
    )
    return redirect(back)


# --- Sender identity ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sender_identity(request: HttpRequest, slug: str) -> HttpResponse:
    """Who the client's e-mails to candidates come from: its admins and the provider's."""
    access = request.access
    client = get_visible_or_404(access, Client, slug=slug)
    if not access.can_manage(client.pk):
        raise PermissionDenied
    identity = senders.identity_for(client.pk) or SenderIdentity(client=client)
    # What candidates see now: the saved identity, not a refused form's values.
    shown = SenderIdentity(
        client=client,
        from_name=identity.from_name,
        from_address=identity.from_address,
        reply_to=identity.reply_to,
        reply_to_address=identity.reply_to_address,
    )
    form = SenderIdentityForm(instance=identity)
    if request.method == "POST":
        form = SenderIdentityForm(request.POST, instance=identity)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in SenderIdentityForm.Meta.fields}
            try:
                senders.identity_save(client=client, data=data, by=request.user, request=request)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Sender identity saved."))
                return redirect("pipeline:sender_identity", slug=client.slug)
    example = senders.envelope_for(
        Message(pk=1, application_id=1), identity=shown, client_name=client.name
    )
    if shown.reply_to == SenderIdentity.ReplyTo.ADDRESS:
        reply_example = shown.reply_to_address
    elif addresses.enabled():
        reply_example = (
            f"{settings.OUTHIRE_REPLY_LOCAL_PART}+a<application>-<signature>"
            f"@{settings.OUTHIRE_REPLY_DOMAIN}"
        )
    else:
        reply_example = ""
    return render(
        request,
        "pipeline/messages/sender_identity.html",
        {
            "client": client,
            "form": form,
            "from_example": example.from_header,
            "reply_example": reply_example,
            "replies_enabled": addresses.enabled(),
            "from_domains": settings.OUTHIRE_MAIL_FROM_DOMAINS,
        },
    )


# --- Messages of an application ---------------------------------------------------------------


def _staff_application(request: HttpRequest, application_id: int, *, write: bool) -> Application:
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("requisition__client", "candidate", "stage"),
        write=write,
        pk=application_id,
    )
    if not comment_services.sees_internal(request.access, application.client_id):
        raise Http404
    return application


@login_required
@require_http_methods(["GET", "POST"])
def application_messages(request: HttpRequest, application_id: int) -> HttpResponse:
    write = request.method == "POST"
    application = _staff_application(request, application_id, write=write)
    send_form = MessageSendForm(client_id=application.client_id)
    reply_form = ReplyLogForm()
    if write:
        action = request.POST.get("action")
        try:
            if action == "send":
                send_form = MessageSendForm(request.POST, client_id=application.client_id)
                if send_form.is_valid():
                    message = messaging.message_send(
                        application=application,
                        template=send_form.cleaned_data["template"],
                        by=request.user,
                        request=request,
                    )
                    messages.success(
                        request, _("E-mail “%(subject)s” queued.") % {"subject": message.subject}
                    )
                    return redirect("pipeline:application_messages", application_id=application.pk)
            elif action == "log":
                reply_form = ReplyLogForm(request.POST)
                if reply_form.is_valid():
                    messaging.reply_log(
                        application=application, by=request.user, request=request,
                        **reply_form.cleaned_data,
                    )  # fmt: skip
                    messages.success(request, _("Reply logged."))
                    return redirect("pipeline:application_messages", application_id=application.pk)
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "pipeline/messages/application_messages.html",
        {
            "application": application,
            "requisition": application.requisition,
            "candidate": application.candidate,
            "messages_log": Message.objects.filter(application=application)
            .select_related("sent_by", "template")
            .prefetch_related("documents"),
            "replies_enabled": addresses.enabled(),
            "send_form": send_form,
            "candidate_language_name": (
                language_name_translated(candidate_language(application.candidate))
                if candidate_language(application.candidate) != settings.LANGUAGE_CODE
                else ""
            ),
            "reply_form": reply_form,
            "can_write": request.access.can_write(application.client_id),
        },
    )


# --- Comments --------------------------------------------------------------------------------


def _comments_page(
    request: HttpRequest, requisition: Requisition, application: Application | None
) -> HttpResponse:
    access = request.access
    staff = comment_services.sees_internal(access, requisition.client_id)
    form = CommentForm()
    status = 200
    if request.method == "POST":
        if access.read_only:
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                result = comment_services.comment_add(
                    requisition=requisition,
                    application=application,
                    author=request.user,
                    access=access,
                    body=form.cleaned_data["body"],
                    internal=staff and form.cleaned_data["internal"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Comment added."))
                if result.ignored:
                    messages.warning(
                        request,
                        _(
                            "Not notified (no one of that name or address can read this "
                            "comment): %(names)s"
                        )
                        % {"names": ", ".join(result.ignored)},
                    )
                return redirect(comment_services.comment_url(result.comment))
        status = 400
    comments = comment_services.comments_visible_to(
        access, requisition=requisition, application=application
    ).prefetch_related("mentions")
    return render(
        request,
        "pipeline/comments/comment_list.html",
        {
            "requisition": requisition,
            "application": application,
            "comments": comments,
            "form": form,
            "staff": staff,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def requisition_comments(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = get_visible_or_404(
        request.access, Requisition.objects.select_related("client"), pk=requisition_id
    )
    return _comments_page(request, requisition, None)


@login_required
@require_http_methods(["GET", "POST"])
def application_comments(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_visible_or_404(
        request.access,
        Application.objects.select_related("requisition__client", "candidate", "stage"),
        pk=application_id,
    )
    return _comments_page(request, application.requisition, application)


@login_required
@require_POST
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    access = request.access
    comment = get_visible_or_404(access, Comment, pk=comment_id)
    if comment.internal and not comment_services.sees_internal(access, comment.client_id):
        raise Http404
    if comment.application_id and not (
        Application.objects.visible_to(access).filter(pk=comment.application_id).exists()
    ):
        raise Http404
    if access.read_only:
        raise PermissionDenied
    url = comment_services.comment_url(comment)
    comment_services.comment_delete(comment=comment, by=request.user, request=request)
    messages.success(request, _("Comment deleted."))
    return redirect(url)


# --- Notifications ---------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.visible_to(request.access).select_related("client")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pipeline/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = (
        Notification.objects.visible_to(request.access).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    notifications_mark_read(user=request.user, ids=[notification.pk])
    if (
        request.POST.get("open")
        and notification.url.startswith("/")
        and "//" not in notification.url
    ):
        return redirect(notification.url)
    return redirect("pipeline:notification_list")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s notification(s) marked read.",
            "%(count)s notification(s) marked read.",
            count,
        )
        % {"count": count},
    )
    return redirect("pipeline:notification_list")
