"""The operator console on the hub's domain (/operator/). Views only call the operator
services and selectors; every change goes through them, and so into the audit trail."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shared_apps.operators import selectors, services
from shared_apps.operators.access import console_actor, operator_required
from shared_apps.operators.downloads import export_download_response
from shared_apps.operators.forms import (
    AuditFilterForm,
    DeleteConfirmForm,
    DomainAddForm,
    DomainChangeForm,
    OrganisationCreateForm,
    OrganisationImportForm,
    OrganisationSearchForm,
)
from shared_apps.operators.models import JobKind
from tenants.errors import OrganisationInputError, OrganisationNotFound, TenancyError
from tenants.models import Organisation

PAGE_SIZE = 25


@require_GET
@operator_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    search = OrganisationSearchForm(request.GET)
    if search.is_valid():
        filters = search.cleaned_data
        status = 200
    else:
        # An unknown filter value: say so and show everything rather than guess.
        filters, status = {}, 400
    found = selectors.organisations_for_operator(
        q=filters.get("q", ""), status=filters.get("status", ""), kind=filters.get("kind", "")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "operators/organisation_list.html",
        {"search": search, "page": page, "query_string": query.urlencode()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@operator_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.organisation_provision_start(
                actor=console_actor(request), **form.cleaned_data
            )
        except OrganisationInputError as error:
            _errors_on_form(form, error.errors)
        else:
            return redirect("operator-job", job_id=job.pk)
    status = 400 if form.errors else 200
    return render(request, "operators/organisation_new.html", {"form": form}, status=status)


@require_GET
@operator_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.operator_job_get(job_id=job_id)
    if job is None:
        raise Http404
    download_url = (
        reverse("operator-export-download", kwargs={"export_id": job.export_id})
        if job.export_id
        else ""
    )
    return render(
        request,
        "operators/job.html",
        {
            "job": job,
            "is_provisioning": job.kind == JobKind.PROVISION,
            "download_url": download_url,
            "status_url": reverse("operator-api-job", kwargs={"job_id": job.pk}),
        },
    )


@require_GET
@operator_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail_page(request, _organisation(slug))


@require_POST
@operator_required
def organisation_domains(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    actor = console_actor(request)
    if "action" in request.POST:
        change = DomainChangeForm(request.POST)
        if not change.is_valid():
            messages.error(request, _("That domain change was not understood."))
            return redirect("operator-organisation", slug=slug)
        domain, action = change.cleaned_data["domain"], change.cleaned_data["action"]
        try:
            if action == "remove":
                services.domain_remove(actor=actor, slug=slug, domain=domain)
                messages.success(request, _("Domain %(domain)s removed.") % {"domain": domain})
            else:
                services.domain_make_primary(actor=actor, slug=slug, domain=domain)
                messages.success(
                    request, _("%(domain)s is now the primary domain.") % {"domain": domain}
                )
        except OrganisationInputError as error:
            messages.error(request, "; ".join(error.errors.values()))
        return redirect("operator-organisation", slug=slug)
    form = DomainAddForm(request.POST)
    if form.is_valid():
        try:
            services.domain_add(actor=actor, slug=slug, **form.cleaned_data)
        except OrganisationInputError as error:
            _errors_on_form(form, error.errors)
        else:
            messages.success(
                request, _("Domain %(domain)s added.") % {"domain": form.cleaned_data["domain"]}
            )
            return redirect("operator-organisation", slug=slug)
    return _detail_page(request, organisation, domain_form=form, status=400)


@require_POST
@operator_required
def organisation_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    _organisation(slug)
    services.organisation_suspend(actor=console_actor(request), slug=slug)
    messages.success(request, _("The organisation is suspended: its site answers 503."))
    return redirect("operator-organisation", slug=slug)


@require_POST
@operator_required
def organisation_resume(request: HttpRequest, slug: str) -> HttpResponse:
    _organisation(slug)
    services.organisation_resume(actor=console_actor(request), slug=slug)
    messages.success(request, _("The organisation is active again."))
    return redirect("operator-organisation", slug=slug)


@require_POST
@operator_required
def organisation_export(request: HttpRequest, slug: str) -> HttpResponse:
    _organisation(slug)
    job = services.organisation_export_start(actor=console_actor(request), slug=slug)
    return redirect("operator-job", job_id=job.pk)


@require_POST
@operator_required
def organisation_stats(request: HttpRequest, slug: str) -> HttpResponse:
    _organisation(slug)
    services.organisation_stats_refresh_now(actor=console_actor(request), slug=slug)
    messages.success(request, _("The size was measured just now."))
    return redirect("operator-organisation", slug=slug)


@require_GET
@operator_required
def organisation_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Step one: what exists as an export, with the offer to make one."""
    check = _deletion_check(slug)
    return render(request, "operators/delete.html", {"check": check})


@require_http_methods(["GET", "POST"])
@operator_required
def organisation_delete_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Step two: type the slug (and, without an export, say so) to delete."""
    check = _deletion_check(slug)
    form = DeleteConfirmForm(_posted(request), slug=slug, needs_force=check.latest_export is None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_delete(
                actor=console_actor(request), slug=slug, force=check.latest_export is None
            )
        except TenancyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s was deleted.") % {"name": check.organisation.name},
            )
            return redirect("operator-console")
    return render(
        request,
        "operators/delete_confirm.html",
        {"check": check, "form": form},
        status=400 if form.errors else 200,
    )


@require_GET
@operator_required
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    return export_download_response(actor=console_actor(request), export_id=export_id)


@require_http_methods(["GET", "POST"])
@operator_required
def organisation_import(request: HttpRequest) -> HttpResponse:
    form = OrganisationImportForm(
        _posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["archive"]
        try:
            with tempfile.TemporaryDirectory(prefix="plein-import-") as folder:
                # Under its uploaded name, so that messages name the file the operator sent.
                archive = Path(folder) / Path(upload.name or "upload.tar.gz").name
                with archive.open("wb") as spooled:
                    for chunk in upload.chunks():
                        spooled.write(chunk)
                organisation = services.organisation_import(
                    actor=console_actor(request),
                    archive=archive,
                    slug=data["slug"] or None,
                    domain=data["domain"] or None,
                    name=data["name"] or None,
                )
        except OrganisationInputError as error:
            _errors_on_form(form, error.errors, default_field="archive")
        except TenancyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s was imported.") % {"name": organisation.name})
            return redirect("operator-organisation", slug=organisation.slug)
    return render(
        request, "operators/import.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@operator_required
def audit_list(request: HttpRequest) -> HttpResponse:
    filters_form = AuditFilterForm(request.GET)
    filters: dict[str, Any] = filters_form.cleaned_data if filters_form.is_valid() else {}
    entries = selectors.audit_entries(
        organisation_slug=filters.get("organisation", ""),
        action=filters.get("action", ""),
        actor=filters.get("actor", ""),
        outcome=filters.get("outcome", ""),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "operators/audit_list.html",
        {"filters": filters_form, "page": page, "query_string": query.urlencode()},
        status=200 if filters_form.is_valid() else 400,
    )


def _posted(request: HttpRequest) -> Any:
    # An empty POST is still a submission (its errors are shown), unlike a GET.
    return request.POST if request.method == "POST" else None


def _organisation(slug: str) -> Organisation:
    try:
        return selectors.organisation_for_operator(slug=slug)
    except OrganisationNotFound as error:
        raise Http404 from error


def _deletion_check(slug: str) -> selectors.DeletionCheck:
    try:
        return selectors.organisation_deletion_check(slug=slug)
    except OrganisationNotFound as error:
        raise Http404 from error


def _detail_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    domain_form: DomainAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    slug = organisation.slug
    return render(
        request,
        "operators/organisation_detail.html",
        {
            "organisation": organisation,
            "stats": getattr(organisation, "operator_stats", None),
            "domains": sorted(
                organisation.domains.all(), key=lambda d: (not d.is_primary, d.domain)
            ),
            "domain_form": domain_form or DomainAddForm(),
            "exports": selectors.organisation_exports(slug=slug)[:5],
            "jobs": selectors.organisation_jobs(slug=slug),
            "entries": selectors.audit_entries(organisation_slug=slug)[:20],
        },
        status=status,
    )


def _errors_on_form(form: Any, errors: dict[str, str], *, default_field: str | None = None) -> None:
    """Put the service's per-field messages on the form's fields (else above the form)."""
    for field, message in errors.items():
        if field in form.fields:
            form.add_error(field, message)
        elif default_field is not None:
            form.add_error(default_field, message)
        else:
            form.add_error(None, message)
