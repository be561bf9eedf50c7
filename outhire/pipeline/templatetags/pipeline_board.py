"""`{% board_card card name move_options %}`: one card of the pipeline board, drawn in Python
(`{% load pipeline_board %}`).

A board shows up to 20 cards per column, and every card a dozen values, links and its move
form; through the template engine that was about 6,700 variable lookups and two thirds of a
2,000-application board's time. Here a card is a few f-strings, each value from the database
escaped with the standard library's `html.escape` (Django's `format_html` and
`conditional_escape` cost a third of the render again, through their lazy-string wrappers).
The card's name comes from the template (`{% blind_name %}`: blind review is the screening
app's rule). The board and htmx's answer to a move (`_card_response.html`) both draw their
cards with this tag.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outhire.lib.formatting import date_time
from outhire.pipeline.models import Application

register = template.Library()


def _csrf_input(context) -> str:
    token = context.get("csrf_token")
    if not token:
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def _words() -> dict[str, str]:
    """The card's fixed words in the active language, looked up and escaped once per board."""
    words = {
        "move_to": _("Move %(name)s to"),
        "move": _("Move"),
        "close": _("Reject or withdraw"),
        "reopen": _("Reopen"),
        "select": _("Select %(name)s"),
        "score_title": _("Match score, out of 100"),
        "score_hidden": _("match score out of 100"),
        "interview": _("Interview %(when)s"),
    }
    return {key: escape(text) for key, text in words.items()}


def _days_in_stage(days: int, seen: dict[int, str]) -> str:
    """The escaped "3 days in stage": a board has a few dozen distinct values among its cards."""
    if days not in seen:
        text = ngettext("%(days)s day in stage", "%(days)s days in stage", days)
        seen[days] = escape(text % {"days": days})
    return seen[days]


def _facts(card, words: dict[str, str], days_seen: dict[int, str]) -> str:
    """The card's facts as `<li>`s, every one escaped."""
    facts = [_days_in_stage(card.days_in_stage, days_seen)]
    if card.source:
        facts.append(escape(card.source_label))
    if card.next_interview:
        facts.append(words["interview"] % {"when": escape(date_time(card.next_interview))})
    if card.owner_id and card.owner:
        facts.append(escape(card.owner.full_name or card.owner.email))
    return "".join(f"<li>{fact}</li>" for fact in facts)


def _move_form(card, name: str, move_options: str, csrf: str, back: str, words) -> str:
    url = escape(card.urls["move"])
    return (
        f'<form method="post" action="{url}" hx-post="{url}" class="inline-form move-form"'
        f' data-preview="{escape(card.urls["move_preview"])}">{csrf}'
        f'<input type="hidden" name="version" value="{card.version}">'
        f'<input type="hidden" name="next" value="{back}">'
        f'<label class="visually-hidden" for="move-{card.pk}">'
        f"{words['move_to'] % {'name': name}}</label>"
        f'<select name="stage" id="move-{card.pk}">{move_options}</select>'
        f'<button type="submit" class="secondary">{words["move"]}'
        f'<span class="visually-hidden"> {name}'
        "</span></button></form>"
        # Reasons and the message to the candidate are on the application's page (one link,
        # so a board of hundreds of cards stays light); the bulk form rejects the ticked ones.
        f'<a class="card-close" href="{escape(card.urls["detail"])}#actions-heading">'
        f'{words["close"]}<span class="visually-hidden"> {name}</span></a>'
    )


def _reopen_form(card, name: str, csrf: str, back: str, words) -> str:
    return (
        f'<form method="post" action="{escape(card.urls["reopen"])}" class="inline-form">{csrf}'
        f'<input type="hidden" name="version" value="{card.version}">'
        f'<input type="hidden" name="next" value="{back}">'
        f'<button type="submit" class="secondary">{words["reopen"]}'
        f'<span class="visually-hidden"> {name}'
        "</span></button></form>"
    )


@register.simple_tag(takes_context=True)
def board_card(context, card, name: str, move_options: str) -> SafeString:
    """The card `<li>` of application `card` (loaded by `board.board_columns` or `board_card`,
    with its details and `urls`), named `name`. Every value from the database is escaped here
    (`escape`); `move_options` is already-escaped HTML (`views._options`)."""
    cache = context.render_context.setdefault("board_card", {})
    if "csrf" not in cache:
        cache["csrf"] = _csrf_input(context)
        cache["back"] = escape(context.get("board_url", ""))
        cache["words"] = _words()
        cache["days"] = {}
    csrf, back, words = cache["csrf"], cache["back"], cache["words"]
    can_write = context.get("can_write")
    active = card.status == Application.Status.ACTIVE
    name = escape(name)
    detail = escape(card.urls["detail"])
    closed = "" if active else " closed"
    draggable = ' draggable="true"' if can_write and active else ""
    parts = [
        f'<li class="board-card{closed}" id="application-{card.pk}"'
        f' data-application="{card.pk}"{draggable}><div class="card-head">'
    ]
    if can_write:
        parts.append(
            f'<input type="checkbox" name="applications" value="{card.pk}" form="bulk"'
            f' aria-label="{words["select"] % {"name": name}}">'
        )
    parts.append(f'<a href="{detail}">{name}</a>')
    if card.score is not None:
        parts.append(
            f'<span class="card-score" title="{words["score_title"]}">{int(card.score)}'
            f'<span class="visually-hidden"> {words["score_hidden"]}</span></span>'
        )
    parts.append("</div>")
    if card.candidate.current_title:
        parts.append(f'<div class="card-title">{escape(card.candidate.current_title)}</div>')
    parts.append(f'<ul class="card-facts">{_facts(card, words, cache["days"])}</ul>')
    if card.flags:
        flags = "".join(
            f'<li class="flag {escape(f.tone)}">{escape(f.text)}</li>' for f in card.flags
        )
        parts.append(f'<ul class="card-flags">{flags}</ul>')
    if not active:
        status = escape(card.get_status_display())
        parts.append(f'<div><span class="badge">{status}</span></div>')
    if getattr(card, "error", ""):
        parts.append(f'<p class="card-error" role="alert">{escape(card.error)}</p>')
    if can_write:
        if active:
            parts.append(_move_form(card, name, move_options, csrf, back, words))
        else:
            parts.append(_reopen_form(card, name, csrf, back, words))
    parts.append("</li>")
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
