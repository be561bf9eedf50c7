"""Availability (one's own working hours, zone, busy times) and the candidate's booking page.

The booking page is public: its link's signed token is the permission, names no person, expires
after two weeks and is revoked by a cancellation. It works without JavaScript: the time-zone
choice is a GET form, a slot a radio button in a POST form.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from outhire.accounts.branding import brand_context
from outhire.accounts.tenancy import public_page
from outhire.interviews import caldav, calendars, ics, services, slots
from outhire.interviews.forms import (
    AvailabilityForm,
    BusyForm,
    CalendarConnectForm,
    CancelForm,
    IcsUploadForm,
    SlotForm,
    slots_by_day,
)
from outhire.interviews.models import BusyTime, CalendarConnection, Interview
from outhire.lib.forms import apply_errors
from outhire.lib.i18n import activate_for_candidate
from outhire.lib.zones import grouped_choices

Status = Interview.Status
IMPORT_HORIZON = timedelta(days=90)


# --- Availability -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    """One's own availability: settings, busy times by hand, a calendar file to import."""
    current = services.availability_of(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    settings_form = AvailabilityForm(
        request.POST if action == "settings" else None,
        initial={
            "time_zone": current.time_zone,
            "hours": slots.format_hours(current.working_hours()),
            "buffer_minutes": current.buffer_minutes,
            "calendar_url": current.calendar_url,
        },
    )
    busy_form = BusyForm(request.POST if action == "busy" else None, zone=current.time_zone)
    upload_form = IcsUploadForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
    )
    status = 200
    if request.method == "POST":
        done = False
        if action == "settings" and settings_form.is_valid():
            try:
                services.availability_save(
                    user=request.user, fields=settings_form.cleaned_data, request=request
                )
                done = True
            except ValidationError as error:
                apply_errors(settings_form, error)
        elif action == "busy" and busy_form.is_valid():
            data = busy_form.cleaned_data
            services.busy_add(
                user=request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                note=data["note"],
            )
            done = True
        elif action == "upload" and upload_form.is_valid():
            done = _import_file(request, current, upload_form)
        if done:
            messages.success(request, _("Your availability is saved."))
            return redirect("interviews:availability")
        status = 400
    now = timezone.now()
    busy = BusyTime.objects.filter(user=request.user, ends_at__gt=now).order_by("starts_at")
    return render(
        request,
        "interviews/availability.html",
        {
            "current": current,
            "settings_form": settings_form,
            "busy_form": busy_form,
            "upload_form": upload_form,
            "busy": busy[:200],
            "busy_count": busy.count(),
            "connection": CalendarConnection.objects.filter(user=request.user).first(),
        },
        status=status,
    )


def _import_file(request: HttpRequest, current, form: IcsUploadForm) -> bool:
    now = timezone.now()
    window = slots.Interval(now - timedelta(days=1), now + IMPORT_HORIZON)
    try:
        read = ics.busy_intervals(
            form.cleaned_data["file"], window=window, time_zone=current.time_zone
        )
    except ics.CalendarError as error:
        form.add_error("file", calendars.error_text(error))
        return False
    count = services.busy_replace(
        user=request.user, source=BusyTime.Source.FILE, intervals=read.intervals
    )
    messages.info(
        request,
        ngettext(
            "%(count)s busy time(s) imported from the file.",
            "%(count)s busy time(s) imported from the file.",
            count,
        )
        % {"count": count},
    )
    for warning in read.warnings:
        messages.warning(request, warning)
    return True


@login_required
@require_POST
def busy_delete(request: HttpRequest, busy_id: int) -> HttpResponse:
    deleted, _kinds = BusyTime.objects.filter(user=request.user, pk=busy_id).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("Removed."))
    return redirect("interviews:availability")


# --- The candidate's booking page ---------------------------------------------------------------


def _from_token(request: HttpRequest, token: str) -> Interview:
    """The link's interview; the rest of the request speaks the candidate's language."""
    interview = services.interview_from_token(token)
    if interview is None:
        raise Http404
    activate_for_candidate(request, interview.application.candidate)
    return interview


def _chosen_zone(request: HttpRequest) -> str:
    """The zone the candidate asked for on this page (the picker or the booking form), if any."""
    zone = request.GET.get("tz") or request.POST.get("tz") or ""
    return zone if slots.is_time_zone(zone) else ""


def _zone(request: HttpRequest, interview: Interview) -> str:
    """The page's zone: the one asked for, else the candidate's own, else the interview's."""
    candidate_zone = interview.application.candidate.time_zone
    if not slots.is_time_zone(candidate_zone):
        candidate_zone = ""
    return _chosen_zone(request) or candidate_zone or interview.time_zone


def _remember_zone(interview: Interview, zone: str) -> None:
    """A candidate who books in a zone of their choosing reads later times in it too (the
    portal, the e-mails). Booking in the interview's own zone without having chosen one
    leaves theirs unset, so the next interview shows in its own zone again."""
    candidate = interview.application.candidate
    if zone != candidate.time_zone and (candidate.time_zone or zone != interview.time_zone):
        candidate.time_zone = zone
        candidate.save(update_fields=["time_zone"])


def _page(request: HttpRequest, token: str, interview: Interview, *, form=None, status=200):
    zone = _zone(request, interview)
    now = timezone.now()
    changeable = interview.is_open and (
        interview.starts_at is None or interview.starts_at > now + services.MIN_NOTICE
    )
    offered = services.available_slots(interview, now=now) if changeable else []
    if interview.starts_at is not None:
        offered = [s for s in offered if s != interview.starts_at]
    form = form or SlotForm(offered=offered, zone=zone, initial={"tz": zone})
    # Without a zone asked for or chosen before, the page offers the browser's (a script
    # fills the picker in and sends it; without the script, the interview's zone stays).
    guess = not _chosen_zone(request) and not interview.application.candidate.time_zone
    with timezone.override(zone):
        return _schedule_page(
            request, interview, token, zone, guess, offered, form, changeable, status
        )


def _schedule_page(request, interview, token, zone, guess, offered, form, changeable, status):
    return render(
        request,
        "interviews/schedule.html",
        {
            "interview": interview,
            "token": token,
            "zone": zone,
            "guess_zone": guess,
            "zones": grouped_choices(),
            "days": slots_by_day(offered, zone),
            "form": form,
            "cancel_form": CancelForm(),
            "changeable": changeable,
            "job_title": interview.application.requisition.title,
            **brand_context(interview.client),
        },
        status=status,
    )


@public_page
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate picks a time (or another one), in the time zone of their choice."""
    interview = _from_token(request, token)
    if request.method == "GET":
        return _page(request, token, interview)
    zone = _zone(request, interview)
    here = reverse("interviews:schedule", args=[token]) + f"?tz={zone}"
    if not interview.is_open:
        messages.error(request, _("This interview can no longer be changed."))
        return redirect(here)
    form = SlotForm(request.POST, offered=services.available_slots(interview), zone=zone)
    if not form.is_valid():
        return _page(request, token, interview, form=form, status=400)
    rescheduling = interview.status == Status.SCHEDULED
    # Before booking: the invitation e-mail, sent as the booking commits, is in this zone.
    _remember_zone(interview, zone)
    try:
        services.interview_book(interview=interview, start=form.cleaned_data["slot"], by=None)
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return _page(request, token, interview, form=form, status=409)
    messages.success(
        request,
        _("Your interview is moved; a new invitation is in your inbox.")
        if rescheduling
        else _("Your interview is booked; the invitation is in your inbox."),
    )
    return redirect(here)


@public_page
@require_POST
def schedule_cancel(request: HttpRequest, token: str) -> HttpResponse:
    interview = _from_token(request, token)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.interview_cancel(
            interview=interview, by=None, reason=f"By the candidate: {reason}".strip()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interviews:schedule", token)
    # The link is revoked by the cancellation: say so on a page of its own.
    return render(
        request,
        "interviews/schedule_cancelled.html",
        brand_context(interview.client),
    )


@login_required
@require_http_methods(["GET", "POST"])
def connected_calendar(request: HttpRequest) -> HttpResponse:
    """One's own connected calendar (CalDAV): connect, read now, disconnect."""
    connection = CalendarConnection.objects.filter(user=request.user).first()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = CalendarConnectForm(request.POST if action == "connect" else None)
    if action == "connect" and form.is_valid():
        data = form.cleaned_data
        try:
            connection = calendars.calendar_connect(
                user=request.user,
                server_url=data["server_url"],
                username=data["username"],
                password=data["password"],
                request=request,
            )
        except caldav.CalDAVError as error:
            form.add_error(None, calendars.error_text(error))
        else:
            messages.success(
                request, _("Connected to “%(name)s”.") % {"name": connection.calendar_name}
            )
            return redirect("interviews:connected_calendar")
    elif action == "sync" and connection is not None:
        result = calendars.calendar_sync(connection)
        if result == "failed":
            messages.error(
                request,
                _("Your calendar could not be read: %(error)s") % {"error": connection.error},
            )
        else:
            messages.success(request, _("Your calendar was read again."))
        return redirect("interviews:connected_calendar")
    elif action == "disconnect":
        if calendars.calendar_disconnect(user=request.user, request=request):
            messages.success(request, _("Your calendar is disconnected."))
        return redirect("interviews:connected_calendar")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "interviews/connected_calendar.html",
        {"connection": connection, "form": form},
        status=status,
    )
