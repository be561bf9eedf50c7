"""Comments on requisitions and applications between provider staff and the client, @mentions.

Who may read a comment is who may see what it is on: the client's provider staff (and provider
admins) always; the client's own users on a requisition, and on an application only once it
reached them (submitted onwards). An `internal` comment is for provider staff only: it never
reaches client users, in lists, counts, notifications or e-mails.

`@` followed by an e-mail address or a user's full name mentions that user if they may read the
comment; anyone else is left out, and the author is told (without saying whether such a user
exists elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Membership, User
from outhire.accounts.notifications import notification_create
from outhire.accounts.roles import Role
from outhire.accounts.tenancy import Access
from outhire.lib.i18n import user_language
from outhire.pipeline.models import Application, Comment
from outhire.requisitions.models import Requisition

EMAIL_AFTER_AT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WORD_AFTER_AT = re.compile(r"[\w.'-]+")


@dataclass
class CommentResult:
    comment: Comment
    mentioned: list[User] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def sees_internal(access: Access, client_id: int) -> bool:
    role = access.role(client_id)
    return role is not None and role.is_provider


def comments_visible_to(
    access: Access, *, requisition: Requisition, application: Application | None = None
) -> QuerySet[Comment]:
    """The comments `access` may read on the requisition itself, or on one of its applications.

    The caller has already checked that `access` sees the requisition (or the application).
    """
    comments = Comment.objects.visible_to(access).filter(requisition=requisition)
    if application is not None:
        comments = comments.filter(application=application)
    else:
        comments = comments.filter(application__isnull=True)
    if not sees_internal(access, requisition.client_id):
        comments = comments.filter(internal=False)
    return comments.select_related("author")


def readers(
    requisition: Requisition, *, application: Application | None = None, internal: bool = False
) -> dict[int, User]:
    """Everyone who may read a comment on `requisition` (or `application`), by user id."""
    client_users_too = not internal and (
        application is None or application.reached_client_at is not None
    )
    people: dict[int, User] = {}
    memberships = Membership.objects.filter(
        client_id=requisition.client_id, user__is_active=True, client__is_active=True
    ).select_related("user")
    for membership in memberships:
        if Role(membership.role).is_provider or client_users_too:
            people[membership.user_id] = membership.user
    for admin in User.objects.filter(provider_role=Role.ADMIN, is_active=True):
        people[admin.pk] = admin
    return people


def mentions_find(body: str, people: dict[int, User]) -> tuple[list[User], list[str]]:
    """(users of `people` that `body` mentions, the @mentions that match none of them)."""
    by_email = {u.email.lower(): u for u in people.values()}
    by_name = sorted(
        ((u.full_name.lower(), u) for u in people.values() if u.full_name.strip()),
        key=lambda pair: -len(pair[0]),
    )
    found: dict[int, User] = {}
    ignored: list[str] = []
    lowered = body.lower()
    for at in (m.start() for m in re.finditer("@", body)):
        if at > 0 and (body[at - 1].isalnum() or body[at - 1] in "._+-"):
            continue  # the middle of an e-mail address
        rest = body[at + 1 :]
        email = EMAIL_AFTER_AT.match(rest)
        if email:
            user = by_email.get(email.group().lower())
            if user is None:
                ignored.append("@" + email.group())
            else:
                found[user.pk] = user
            continue
        for name, user in by_name:
            end = at + 1 + len(name)
            if lowered.startswith(name, at + 1) and (end == len(body) or not body[end].isalnum()):
                found[user.pk] = user
                break
        else:
            word = WORD_AFTER_AT.match(rest)
            if word:
                ignored.append("@" + word.group())
    return list(found.values()), list(dict.fromkeys(ignored))


def comment_url(comment: Comment) -> str:
    if comment.application_id:
        return reverse("pipeline:application_comments", args=[comment.application_id])
    return reverse("pipeline:requisition_comments", args=[comment.requisition_id])


def comment_add(
    *,
    requisition: Requisition,
    author: User,
    access: Access,
    body: str,
    application: Application | None = None,
    internal: bool = False,
    request=None,
) -> CommentResult:
    """Add a comment; notify (in the app and by e-mail) those mentioned and the hiring team."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if application is not None and application.requisition_id != requisition.pk:
        raise ValidationError(_("That application is not on this requisition."))
    if internal and not sees_internal(access, requisition.client_id):
        raise PermissionDenied(_("Only provider staff can write internal comments."))
    people = readers(requisition, application=application, internal=internal)
    mentioned, ignored = mentions_find(body, people)
    with transaction.atomic():
        comment = Comment(
            client_id=requisition.client_id,
            requisition=requisition,
            application=application,
            author=author,
            body=body,
            internal=internal,
        )
        comment.full_clean()
        comment.save()
        comment.mentions.set(mentioned)
        url = comment_url(comment)
        told = {author.pk}
        for user in mentioned:
            if user.pk in told:
                continue
            told.add(user.pk)
            # Stored as text: written in the reader's language.
            with translation.override(user_language(user)):
                text = _("%(author)s mentioned you in a comment on “%(title)s”") % {
                    "author": author,
                    "title": requisition.title,
                }
            notification_create(
                user=user, client=requisition.client, text=text, url=url, kind="mention"
            )
        team = [requisition.hiring_manager_id, *requisition.recruiters.values_list("pk", flat=True)]
        for user_id in team:
            if user_id is None or user_id in told or user_id not in people:
                continue
            told.add(user_id)
            with translation.override(user_language(people[user_id])):
                text = _("%(author)s commented on “%(title)s”") % {
                    "author": author,
                    "title": requisition.title,
                }
            notification_create(
                user=people[user_id], client=requisition.client, text=text, url=url, kind="comment"
            )
        audit.record(
            "comment.added",
            actor=author,
            request=request,
            obj=comment,
            changes={"internal": internal, "mentions": len(mentioned)},
        )
    return CommentResult(comment=comment, mentioned=mentioned, ignored=ignored)


def comment_delete(*, comment: Comment, by: User, request=None) -> None:
    """Delete a comment; only its author may."""
    if comment.author_id != by.pk:
        raise PermissionDenied(_("Only the author can delete a comment."))
    audit.record("comment.deleted", actor=by, request=request, obj=comment)
    comment.delete()
