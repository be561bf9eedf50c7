"""Engagements, intakes and intake templates in the staff app and client portal.

Provider staff work here; a client's admins and hiring managers may read their own client's
engagements and intakes. Anything out of reach answers 404; a write by someone who may only
read answers 403. Intake templates are the provider's: for client users they do not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.engagements import selectors, services
from outhire.engagements.forms import (
    ClientChoiceForm,
    EngagementFilterForm,
    EngagementForm,
    IntakeForm,
    IntakeTemplateForm,
    PhaseForm,
    SlaTermEndForm,
    SlaTermForm,
    TemplateCopyForm,
)
from outhire.engagements.models import Engagement, Intake, IntakeTemplate, SlaTerm
from outhire.lib import formatting
from outhire.lib.forms import apply_errors
from outhire.lib.navigation import redirect_next


def _require_staff(request: HttpRequest) -> None:
    if not request.access.is_provider_staff:
        raise Http404


def _clients(request: HttpRequest, ids) -> Client:
    return Client.objects.filter(pk__in=list(ids), is_active=True).order_by("name")


def _editable_clients(request: HttpRequest, check) -> list[int]:
    return [cid for cid in request.access.client_ids if check(request.access, cid)]


def _client_from_query(request: HttpRequest, allowed: list[int]) -> Client | None:
    """The client named by ?client=<slug>, when the caller may act for it; 404 otherwise."""
    slug = request.GET.get("client") or request.POST.get("client_slug") or ""
    if not slug:
        return None
    client = Client.objects.filter(slug=slug, pk__in=allowed).first()
    if client is None:
        raise Http404
    return client


# --- Engagements -----------------------------------------------------------------------------


@login_required
@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    readable = selectors.readable_client_ids(request.access)
    form = EngagementFilterForm(request.GET or None, clients=_clients(request, readable))
    engagements = (
        selectors.engagements_visible(request.access)
        .select_related("client", "account_lead")
        .prefetch_related("phases")
        .annotate(intake_count=Count("intakes"))
        .order_by("client__name", "-starts_on", "id")
    )
    if form.is_bound and form.is_valid():
        if form.cleaned_data["client"]:
            engagements = engagements.filter(client=form.cleaned_data["client"])
        if form.cleaned_data["status"]:
            engagements = engagements.filter(status=form.cleaned_data["status"])
    can_create = bool(_editable_clients(request, selectors.can_edit_engagement))
    return render(
        request,
        "engagements/engagement_list.html",
        {"form": form, "engagements": engagements, "can_create": can_create},
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    allowed = _editable_clients(request, selectors.can_edit_engagement)
    if not allowed:
        raise PermissionDenied
    client = _client_from_query(request, allowed)
    if client is None:
        return render(
            request,
            "engagements/client_chooser.html",
            {"clients": _clients(request, allowed), "title": _("New engagement")},
        )
    form = EngagementForm(
        request.POST if request.method == "POST" else None,
        instance=Engagement(client=client),
        client=client,
        initial=services.engagement_defaults(client),
    )
    context = {"form": form, "client": client}
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                engagement = services.engagement_create(
                    client=client, by=request.user, fields=fields, request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Engagement “%(name)s” created.") % {"name": engagement.name}
                )
                return redirect_next(
                    request, "engagements:engagement_detail", engagement_id=engagement.pk
                )
        return render(request, "engagements/engagement_form.html", context, status=400)
    return render(request, "engagements/engagement_form.html", context)


def _terms(engagement: Engagement) -> list[SlaTerm]:
    # `evaluated`: a term billed for a period is ended, never removed (services.sla_term_delete).
    terms = list(engagement.sla_terms.annotate(evaluated=Count("results")))
    for term in terms:
        term.engagement = engagement  # its description names the currency: no query per term
    return terms


def _engagement_context(request: HttpRequest, engagement: Engagement, **forms) -> dict:
    can_edit = selectors.can_edit_engagement(request.access, engagement.client_id)
    return {
        "engagement": engagement,
        "client": engagement.client,
        "phases": list(engagement.phases.all()),
        "current_phase": engagement.current_phase,
        "intakes": selectors.intakes_visible(request.access)
        .filter(engagement=engagement)
        .select_related("hiring_manager"),
        "can_edit": can_edit,
        "can_add_intake": selectors.can_edit_intake(request.access, engagement.client_id),
        "phase_form": (forms.get("phase_form") or PhaseForm()) if can_edit else None,
        # The money terms are the provider's and the client's finance: not for hiring managers.
        "sees_fees": can_edit or request.access.is_provider_staff,
        "sla_terms": _terms(engagement),
        "sla_term_form": (
            forms.get("sla_term_form")
            or SlaTermForm(
                prefix="sla", initial={"starts_on": timezone.localdate(), "threshold": 80}
            )
        )
        if can_edit
        else None,
    }


@login_required
@require_GET
def engagement_detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.get_engagement(request.access, engagement_id)
    return render(
        request, "engagements/engagement_detail.html", _engagement_context(request, engagement)
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_edit(request: HttpRequest, engagement_id: int) -> HttpResponse:
    write = request.method == "POST"
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    form = EngagementForm(
        request.POST if write else None, instance=engagement, client=engagement.client
    )
    context = {"form": form, "client": engagement.client, "engagement": engagement}
    if write:
        if form.is_valid():
            fields = {
                name: form.cleaned_data[name]
                for name in form.Meta.fields
                if not form.fields[name].disabled
            }
            # The form wrote into the instance while validating; start from what is stored.
            stored = selectors.get_engagement(request.access, engagement_id, write=True)
            try:
                services.engagement_update(
                    engagement=stored, by=request.user, fields=fields, request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Engagement saved."))
                return redirect_next(
                    request, "engagements:engagement_detail", engagement_id=engagement.pk
                )
        return render(request, "engagements/engagement_form.html", context, status=400)
    return render(request, "engagements/engagement_form.html", context)


@login_required
@require_POST
def phase_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    form = PhaseForm(request.POST)
    if form.is_valid():
        try:
            services.phase_add(
                engagement=engagement, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Phase added."))
            return redirect("engagements:engagement_detail", engagement_id=engagement.pk)
    context = _engagement_context(request, engagement, phase_form=form)
    return render(request, "engagements/engagement_detail.html", context, status=400)


@login_required
@require_POST
def sla_term_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    form = SlaTermForm(
        request.POST,
        prefix="sla",  # the phase form on the same page has its own "starts_on"
        instance=SlaTerm(client_id=engagement.client_id, engagement=engagement),
    )
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.sla_term_add(
                engagement=engagement, fields=fields, by=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("SLA-linked fee term added."))
            return redirect(
                reverse("engagements:engagement_detail", args=[engagement.pk]) + "#sla-terms"
            )
    context = _engagement_context(request, engagement, sla_term_form=form)
    return render(request, "engagements/engagement_detail.html", context, status=400)


@login_required
@require_POST
def sla_term_delete(request: HttpRequest, engagement_id: int, sla_term_id: int) -> HttpResponse:
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    term = engagement.sla_terms.filter(pk=sla_term_id).first()
    if term is None:
        raise Http404
    try:
        services.sla_term_delete(term=term, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("SLA-linked fee term removed."))
    return redirect(reverse("engagements:engagement_detail", args=[engagement.pk]) + "#sla-terms")


@login_required
@require_POST
def sla_term_end(request: HttpRequest, engagement_id: int, sla_term_id: int) -> HttpResponse:
    engagement = selectors.get_engagement(request.access, engagement_id, write=True)
    term = engagement.sla_terms.filter(pk=sla_term_id).first()
    if term is None:
        raise Http404
    form = SlaTermEndForm(request.POST, prefix=f"end-{term.pk}")
    if form.is_valid():
        try:
            services.sla_term_end(
                term=term, ends_on=form.cleaned_data["ends_on"], by=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The term ends on %(day)s: later periods are not evaluated.")
                % {"day": formatting.calendar_date(form.cleaned_data["ends_on"])},
            )
            return redirect(
                reverse("engagements:engagement_detail", args=[engagement.pk]) + "#sla-terms"
            )
    messages.error(
        request,
        _("The term was not ended: %(errors)s") % {"errors": " ".join(_form_errors(form))},
    )
    context = _engagement_context(request, engagement)
    return render(request, "engagements/engagement_detail.html", context, status=400)


def _form_errors(form) -> list[str]:
    return [str(message) for messages_ in form.errors.values() for message in messages_]


# --- Intakes ---------------------------------------------------------------------------------


@login_required
@require_GET
def intake_list(request: HttpRequest) -> HttpResponse:
    intakes = (
        selectors.intakes_visible(request.access)
        .select_related("client", "engagement", "hiring_manager", "requisition")
        .order_by("-created_at", "-id")
    )
    slug = request.GET.get("client")
    if slug:
        intakes = intakes.filter(client__slug=slug)
    can_create = bool(_editable_clients(request, selectors.can_edit_intake))
    return render(
        request, "engagements/intake_list.html", {"intakes": intakes, "can_create": can_create}
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    allowed = _editable_clients(request, selectors.can_edit_intake)
    if not allowed:
        raise PermissionDenied
    client = _client_from_query(request, allowed)
    if client is None:
        chooser = ClientChoiceForm(
            clients=_clients(request, allowed),
            templates=selectors.templates_visible(request.access),
        )
        return render(request, "engagements/intake_start.html", {"form": chooser})
    instance = Intake(client=client)
    template_id = request.GET.get("template")
    if template_id:
        template = selectors.templates_visible(request.access).filter(pk=template_id).first()
        if template is None or template.client_id not in (None, client.pk):
            raise Http404
        for name, value in services.intake_initial_from_template(template).items():
            setattr(instance, name, value)
    engagement_id = request.GET.get("engagement")
    if engagement_id:
        instance.engagement = Engagement.objects.filter(client=client, pk=engagement_id).first()
    elif engagement := Engagement.objects.filter(client=client, status="active").first():
        instance.engagement = engagement
    form = IntakeForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        client=client,
        questions=list(instance.answers),
    )
    context = {"form": form, "client": client, "template": instance.template}
    if request.method == "POST":
        if form.is_valid():
            fields = form.intake_fields()
            if instance.template_id:
                fields["template"] = instance.template
            try:
                intake = services.intake_create(
                    client=client, by=request.user, fields=fields, request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Intake for %(title)s saved as a draft.") % {"title": intake.job_title},
                )
                _warn_unknown(request, form)
                return redirect("engagements:intake_detail", intake_id=intake.pk)
        return render(request, "engagements/intake_form.html", context, status=400)
    return render(request, "engagements/intake_form.html", context)


def _warn_unknown(request: HttpRequest, form: IntakeForm) -> None:
    if form.unknown_skills:
        messages.warning(
            request,
            _("Kept as free text, not in the skills taxonomy: %(skills)s")
            % {"skills": ", ".join(form.unknown_skills)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def intake_detail(request: HttpRequest, intake_id: int) -> HttpResponse:
    """The intake: a form while it is a draft and the caller may edit, read-only otherwise."""
    write = request.method == "POST"
    intake = selectors.get_intake(request.access, intake_id, write=write)
    editable = intake.status == Intake.Status.DRAFT and selectors.can_edit_intake(
        request.access, intake.client_id
    )
    if write and not editable:
        messages.error(request, _("A submitted intake cannot be edited."))
        return redirect("engagements:intake_detail", intake_id=intake.pk)
    context = {"intake": intake, "client": intake.client, "editable": editable}
    if not editable:
        context["requisition_url"] = _requisition_url(intake)
        return render(request, "engagements/intake_detail.html", context)
    form = IntakeForm(
        request.POST if write else None,
        instance=intake,
        client=intake.client,
        questions=list(intake.answers),
    )
    context["form"] = form
    if write:
        if form.is_valid():
            try:
                services.intake_update(
                    intake=intake, by=request.user, fields=form.intake_fields(), request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Intake saved."))
                _warn_unknown(request, form)
                return redirect("engagements:intake_detail", intake_id=intake.pk)
        return render(request, "engagements/intake_form.html", context, status=400)
    return render(request, "engagements/intake_form.html", context)


def _requisition_url(intake: Intake) -> str | None:
    requisition = getattr(intake, "requisition", None)
    if requisition is None:
        return None
    try:
        return reverse("requisitions:requisition_detail", kwargs={"requisition_id": requisition.pk})
    except NoReverseMatch:
        return None


@login_required
@require_POST
def intake_submit(request: HttpRequest, intake_id: int) -> HttpResponse:
    intake = selectors.get_intake(request.access, intake_id, write=True)
    try:
        requisition = services.intake_submit(intake=intake, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("engagements:intake_detail", intake_id=intake.pk)
    messages.success(
        request,
        _("Requisition %(reference)s drafted from this intake.")
        % {"reference": requisition.reference},
    )
    try:
        return redirect(
            reverse("requisitions:requisition_detail", kwargs={"requisition_id": requisition.pk})
        )
    except NoReverseMatch:
        return redirect("engagements:intake_detail", intake_id=intake.pk)


# --- Intake templates ------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    templates = selectors.templates_visible(request.access).select_related("client")
    return render(
        request,
        "engagements/template_list.html",
        {
            "templates": templates,
            "can_create": request.access.can_write_provider_data,
        },
    )


def _template_clients(request: HttpRequest):
    return _clients(
        request,
        [cid for cid in request.access.client_ids if request.access.can_write(cid)],
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _template_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, intake_template_id: int) -> HttpResponse:
    template = selectors.get_template(
        request.access, intake_template_id, write=request.method == "POST"
    )
    return _template_form(request, template)


def _template_form(request: HttpRequest, template: IntakeTemplate | None) -> HttpResponse:
    write = request.method == "POST"
    if write and not request.access.can_write_provider_data:
        raise PermissionDenied
    clients = _template_clients(request)
    form = IntakeTemplateForm(request.POST if write else None, instance=template, clients=clients)
    copy_form = (
        TemplateCopyForm(clients=clients.exclude(pk=template.client_id or 0))
        if template is not None
        else None
    )
    can_edit = template is None or selectors.can_edit_template(request.access, template.client_id)
    context = {"form": form, "template": template, "copy_form": copy_form, "can_edit": can_edit}
    if write:
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if not selectors.can_edit_template(
                request.access, fields["client"].pk if fields["client"] else None
            ):
                form.add_error(
                    "client", _("Only provider admins may keep a template for every client.")
                )
            else:
                if template is not None:
                    template.refresh_from_db()
                try:
                    template = services.template_save(
                        template=template, fields=fields, by=request.user, request=request
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(
                        request, _("Intake template “%(name)s” saved.") % {"name": template.name}
                    )
                    return redirect("engagements:template_edit", intake_template_id=template.pk)
        return render(request, "engagements/template_form.html", context, status=400)
    return render(request, "engagements/template_form.html", context)


@login_required
@require_POST
def template_copy(request: HttpRequest, intake_template_id: int) -> HttpResponse:
    template = selectors.get_template(request.access, intake_template_id)
    if not request.access.can_write_provider_data:
        raise PermissionDenied
    clients = _template_clients(request)
    form = TemplateCopyForm(request.POST, clients=clients)
    if not form.is_valid():
        context = {
            "form": IntakeTemplateForm(instance=template, clients=clients),
            "template": template,
            "copy_form": form,
            "can_edit": selectors.can_edit_template(request.access, template.client_id),
        }
        return render(request, "engagements/template_form.html", context, status=400)
    copy = services.template_copy(
        template=template, to_client=form.cleaned_data["client"], by=request.user, request=request
    )
    messages.success(
        request,
        _("Copied to %(client)s; adapt this copy for them.") % {"client": copy.client.name},
    )
    return redirect("engagements:template_edit", intake_template_id=copy.pk)
