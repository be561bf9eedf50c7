"""`{% board_card card name move_options %}`: one card of the pipeline board, drawn in Python
(`{% load pipeline_board %}`).

A board shows up to 20 cards per column, and every card a dozen values, links and its move
form; through the template engine that was about 6,700 variable lookups and two thirds of a
2,000-application board's time. Here a card is a few `format_html` calls. The card's name comes
from the template (`{% blind_name %}`: blind review is the screening app's rule), and
`pipeline/_board_card.html` is the one place that draws a card, for the board and for htmx's
answer to a move alike.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from outhire.lib.formatting import date_time
from outhire.pipeline.models import Application

register = template.Library()


def _csrf_input(context) -> SafeString:
    token = context.get("csrf_token")
    if not token:
        return mark_safe("")  # noqa: S308 (constant)
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _facts(card) -> SafeString:
    days = card.days_in_stage
    facts = [f"{days} day{'' if days == 1 else 's'} in stage"]
    if card.source:
        facts.append(card.source_label)
    if card.next_interview:
        facts.append(f"Interview {date_time(card.next_interview)}")
    if card.owner_id and card.owner:
        facts.append(card.owner.full_name or card.owner.email)
    return format_html_join("", "<li>{}</li>", ((fact,) for fact in facts))


def _move_form(card, name: str, move_options: str, csrf: SafeString, back: str) -> SafeString:
    url = card.urls["move"]
    return format_html(
        '<form method="post" action="{url}" hx-post="{url}" class="inline-form move-form"'
        ' data-preview="{preview}">{csrf}'
        '<input type="hidden" name="version" value="{version}">'
        '<input type="hidden" name="next" value="{back}">'
        '<label class="visually-hidden" for="move-{pk}">Move {name} to</label>'
        '<select name="stage" id="move-{pk}">{options}</select>'
        '<button type="submit" class="secondary">Move<span class="visually-hidden"> {name}'
        "</span></button></form>"
        # Reasons and the message to the candidate are on the application's page (one link,
        # so a board of hundreds of cards stays light); the bulk form rejects the ticked ones.
        '<a class="card-close" href="{detail}#actions-heading">Reject or withdraw'
        '<span class="visually-hidden"> {name}</span></a>',
        url=url,
        preview=card.urls["move_preview"],
        csrf=csrf,
        version=card.version,
        back=back,
        pk=card.pk,
        name=name,
        options=move_options,
        detail=card.urls["detail"],
    )


def _reopen_form(card, name: str, csrf: SafeString, back: str) -> SafeString:
    return format_html(
        '<form method="post" action="{url}" class="inline-form">{csrf}'
        '<input type="hidden" name="version" value="{version}">'
        '<input type="hidden" name="next" value="{back}">'
        '<button type="submit" class="secondary">Reopen<span class="visually-hidden"> {name}'
        "</span></button></form>",
        url=card.urls["reopen"],
        csrf=csrf,
        version=card.version,
        back=back,
        name=name,
    )


@register.simple_tag(takes_context=True)
def board_card(context, card, name: str, move_options: str) -> SafeString:
    """The card `<li>` of application `card` (loaded by `board.board_columns` or `board_card`,
    with its details and `urls`), named `name`."""
    cache = context.render_context.setdefault("board_csrf", {})
    if "input" not in cache:
        cache["input"] = _csrf_input(context)
    csrf = cache["input"]
    can_write = context.get("can_write")
    back = context.get("board_url", "")
    active = card.status == Application.Status.ACTIVE
    parts = [
        format_html(
            '<li class="board-card{closed}" id="application-{pk}" data-application="{pk}"'
            "{draggable}>",
            closed="" if active else " closed",
            pk=card.pk,
            draggable=mark_safe(' draggable="true"') if can_write and active else "",  # noqa: S308
        ),
        format_html(
            '<div class="card-head">{tick}<a href="{detail}">{name}</a>{score}</div>',
            tick=format_html(
                '<input type="checkbox" name="applications" value="{}" form="bulk"'
                ' aria-label="Select {}">',
                card.pk,
                name,
            )
            if can_write
            else "",
            detail=card.urls["detail"],
            name=name,
            score=format_html(
                '<span class="card-score" title="Match score, out of 100">{}'
                '<span class="visually-hidden"> match score out of 100</span></span>',
                card.score,
            )
            if card.score is not None
            else "",
        ),
    ]
    if card.candidate.current_title:
        parts.append(format_html('<div class="card-title">{}</div>', card.candidate.current_title))
    parts.append(format_html('<ul class="card-facts">{}</ul>', _facts(card)))
    if card.flags:
        parts.append(
            format_html(
                '<ul class="card-flags">{}</ul>',
                format_html_join(
                    "", '<li class="flag {}">{}</li>', ((f.tone, f.text) for f in card.flags)
                ),
            )
        )
    if not active:
        parts.append(
            format_html('<div><span class="badge">{}</span></div>', card.get_status_display())
        )
    if getattr(card, "error", ""):
        parts.append(format_html('<p class="card-error" role="alert">{}</p>', card.error))
    if can_write:
        if active:
            parts.append(_move_form(card, name, move_options, csrf, back))
        else:
            parts.append(_reopen_form(card, name, csrf, back))
    parts.append(mark_safe("</li>"))  # noqa: S308 (constant)
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped by format_html)
