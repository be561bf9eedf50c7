"""Per-client set-up of hiring (pipeline templates, disposition reasons) and the editing of one
requisition's own stages; the approval chain's set-up page is outhire.approvals.views.

Templates, stages and reasons are the provider's tools: its staff assigned to the client with
write rights shape them. Everything is fetched through `get_visible_or_404`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.lib.forms import apply_errors
from outhire.pipeline.models import Application
from outhire.requisitions import services
from outhire.requisitions.forms import (
    DispositionForm,
    PipelineTemplateForm,
    StageAddForm,
    StageFormSet,
    StageRenameForm,
)
from outhire.requisitions.models import (
    DispositionReason,
    PipelineTemplate,
    Requisition,
    Stage,
    TemplateStage,
)
from outhire.requisitions.services import dispositions_ensure
from outhire.requisitions.views import (
    _require_staff_writer,
    _requisition,
    _staff_client,
)

# --- Pipeline templates --------------------------------------------------------------------------


@login_required
@require_GET
def template_list(request: HttpRequest, slug: str) -> HttpResponse:
    client = _staff_client(request, slug)
    templates = PipelineTemplate.objects.filter(client=client).prefetch_related("stages")
    return render(
        request, "requisitions/template_list.html", {"client": client, "templates": templates}
    )


def _template_form(request, client: Client, template: PipelineTemplate | None) -> HttpResponse:
    if request.method == "POST":
        form = PipelineTemplateForm(request.POST)
        formset = StageFormSet(request.POST, prefix="stages")
        if form.is_valid() and formset.is_valid():
            stages = [
                (row["name"].strip(), row["kind"])
                for row in formset.cleaned_data
                if row.get("name", "").strip()
            ]
            try:
                saved = services.pipeline_template_save(
                    client=client,
                    template=template,
                    name=form.cleaned_data["name"],
                    is_default=form.cleaned_data["is_default"],
                    stages=stages,
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Template “%(name)s” saved.") % {"name": saved.name})
                return redirect("requisitions:template_list", slug=client.slug)
        status = 400
    else:
        if template is not None:
            form = PipelineTemplateForm(
                initial={"name": template.name, "is_default": template.is_default}
            )
            rows = TemplateStage.objects.filter(template=template)
            initial = [{"name": s.name, "kind": s.kind} for s in rows]
        else:
            form = PipelineTemplateForm()
            initial = [{"name": n, "kind": k.value} for n, k in services.DEFAULT_STAGES]
        formset = StageFormSet(initial=initial, prefix="stages")
        status = 200
    return render(
        request,
        "requisitions/template_form.html",
        {"client": client, "template": template, "form": form, "formset": formset},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest, slug: str) -> HttpResponse:
    client = _staff_client(request, slug)
    return _template_form(request, client, None)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pipeline_template_id: int) -> HttpResponse:
    template = get_visible_or_404(
        request.access,
        PipelineTemplate.objects.select_related("client"),
        write=True,
        pk=pipeline_template_id,
    )
    _require_staff_writer(request, template.client_id)
    return _template_form(request, template.client, template)


# --- A requisition's own stages ------------------------------------------------------------------


def _stages_target(request: HttpRequest, requisition_id: int) -> Requisition:
    requisition = _requisition(request, requisition_id, write=True)
    _require_staff_writer(request, requisition.client_id)
    return requisition


def _stages_page(request, requisition: Requisition, status: int = 200, **forms) -> HttpResponse:
    stages = list(requisition.stages.all())
    active = [s for s in stages if not s.archived]
    counts = dict(
        Application.objects.filter(requisition=requisition, status=Application.Status.ACTIVE)
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    for stage in stages:
        stage.active_count = counts.get(stage.pk, 0)
    return render(
        request,
        "requisitions/stage_list.html",
        {
            "requisition": requisition,
            "stages": active,
            "archived": [s for s in stages if s.archived],
            "add_form": forms.get("add_form") or StageAddForm(stages=active),
            "errors": forms.get("errors", []),
            "failed_stage": forms.get("failed_stage"),
            "rename_form": forms.get("rename_form"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_list(request: HttpRequest, requisition_id: int) -> HttpResponse:
    requisition = _stages_target(request, requisition_id)
    if request.method == "GET":
        return _stages_page(request, requisition)
    if "copy" in request.POST:
        # A draft has no stages of its own yet: take the template's now, to shape them early.
        if not requisition.stages.exists():
            services.stages_copy(requisition)
            messages.success(request, _("The template's stages are copied; edit them below."))
        return redirect("requisitions:stage_list", requisition_id=requisition.pk)
    active = list(requisition.stages.filter(archived=False))
    form = StageAddForm(request.POST, stages=active)
    if form.is_valid():
        data = form.cleaned_data
        after = next((s for s in active if s.pk == data["after"]), None)
        try:
            services.stage_add(
                requisition=requisition,
                name=data["name"],
                kind=data["kind"],
                after=after,
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Stage “%(name)s” added.") % {"name": data["name"]})
            return redirect("requisitions:stage_list", requisition_id=requisition.pk)
    return _stages_page(request, requisition, status=400, add_form=form)


def _stage(request: HttpRequest, requisition_id: int, stage_id: int) -> tuple[Requisition, Stage]:
    requisition = _stages_target(request, requisition_id)
    stage = get_visible_or_404(
        request.access, Stage, write=True, pk=stage_id, requisition=requisition, archived=False
    )
    stage.requisition = requisition
    return requisition, stage


def _stage_refused(request, requisition, stage, error: ValidationError) -> HttpResponse:
    return _stages_page(request, requisition, status=400, errors=error.messages, failed_stage=stage)


@login_required
@require_POST
def stage_rename(request: HttpRequest, requisition_id: int, stage_id: int) -> HttpResponse:
    requisition, stage = _stage(request, requisition_id, stage_id)
    form = StageRenameForm(request.POST)
    if not form.is_valid():
        return _stages_page(request, requisition, status=400, rename_form=form, failed_stage=stage)
    old = stage.name
    try:
        services.stage_rename(
            stage=stage, name=form.cleaned_data["name"], by=request.user, request=request
        )
    except ValidationError as error:
        stage.name = old
        return _stage_refused(request, requisition, stage, error)
    messages.success(request, _("“%(old)s” is now “%(name)s”.") % {"old": old, "name": stage.name})
    return redirect("requisitions:stage_list", requisition_id=requisition.pk)


@login_required
@require_POST
def stage_move(request: HttpRequest, requisition_id: int, stage_id: int) -> HttpResponse:
    requisition, stage = _stage(request, requisition_id, stage_id)
    try:
        services.stage_move(
            stage=stage, up=request.POST.get("direction") == "up", by=request.user, request=request
        )
    except ValidationError as error:
        return _stage_refused(request, requisition, stage, error)
    messages.success(request, _("“%(name)s” moved.") % {"name": stage.name})
    return redirect("requisitions:stage_list", requisition_id=requisition.pk)


@login_required
@require_POST
def stage_archive(request: HttpRequest, requisition_id: int, stage_id: int) -> HttpResponse:
    requisition, stage = _stage(request, requisition_id, stage_id)
    try:
        services.stage_archive(stage=stage, by=request.user, request=request)
    except ValidationError as error:
        return _stage_refused(request, requisition, stage, error)
    messages.success(
        request, _("“%(name)s” is archived; its history is kept.") % {"name": stage.name}
    )
    return redirect("requisitions:stage_list", requisition_id=requisition.pk)


# --- Disposition reasons -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def disposition_list(request: HttpRequest, slug: str) -> HttpResponse:
    client = _staff_client(request, slug)
    form = DispositionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.disposition_add(
                    client=client,
                    name=form.cleaned_data["name"],
                    applies_to=form.cleaned_data["applies_to"],
                    by=request.user,
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Reason added."))
                return redirect("requisitions:disposition_list", slug=client.slug)
        status = 400
    else:
        dispositions_ensure(client)
    reasons = DispositionReason.objects.filter(client=client)
    return render(
        request,
        "requisitions/disposition_list.html",
        {"client": client, "reasons": reasons, "form": form},
        status=status,
    )


@login_required
@require_POST
def disposition_deactivate(request: HttpRequest, slug: str, disposition_id: int) -> HttpResponse:
    """Deactivate a reason (or, with active=1, bring it back)."""
    client = _staff_client(request, slug)
    reason = get_visible_or_404(
        request.access, DispositionReason, write=True, pk=disposition_id, client=client
    )
    active = request.POST.get("active") == "1"
    services.disposition_set_active(reason=reason, active=active, by=request.user, request=request)
    messages.success(
        request,
        (_("“%(name)s” is active again.") if active else _("“%(name)s” is deactivated."))
        % {"name": reason.name},
    )
    return redirect("requisitions:disposition_list", slug=client.slug)
