"""HTML pages of groups. Every lookup goes through the access helpers: a group the visitor
may not see is Django's plain 404, the same as a group that does not exist."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tenant_apps.accounts.models import User
from tenant_apps.groups import selectors, services
from tenant_apps.groups.access import (
    GroupAccess,
    GroupNotFound,
    group_access,
    viewer_is_site_admin,
)
from tenant_apps.groups.forms import (
    DecisionForm,
    GroupEditForm,
    GroupForm,
    InvitationForm,
    JoinRequestForm,
    RoleForm,
)
from tenant_apps.groups.models import Group, JoinPolicy, Membership
from tenant_apps.groups.sanitising import rich_text_inline
from tenant_apps.groups.serializers import cover_path

PAGE_SIZE = 20
INVITATION_SESSION_KEY = "groups_invitation_token"


def _login_url(next_path: str) -> str:
    return f"/login/?next={quote(next_path)}"


def login_required[View: Callable[..., HttpResponse]](view: View) -> View:
    """Anonymous visitors go to the SSO login and come back here afterwards."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(_login_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _access(request: HttpRequest, slug: str) -> GroupAccess:
    try:
        return group_access(viewer=request.user, slug=slug)
    except GroupNotFound:
        raise Http404() from None


def _actor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]  # login_required ran first
    return user


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "groups/forbidden.html", {"message": message}, status=403)


def _run(request: HttpRequest, call: Callable[[], object], *, done: str) -> HttpResponse | None:
    """Run a service: a success message, or the rule it broke; None when all went well."""
    try:
        call()
    except services.GroupPermissionDenied as error:
        return _forbidden(request, error.message)
    except services.GroupError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, done)
    return None


def _welcome(request: HttpRequest, group: Group) -> None:
    """The group's welcome message, right after someone joined, as a site message."""
    if group.welcome_message:
        # Sanitised by nh3 when saved, and reduced here to inline markup: the message
        # goes inside a paragraph.
        messages.info(request, mark_safe(rich_text_inline(group.welcome_message)))


def _form_errors_to_messages(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    tag = request.GET.get("tag", "")
    groups = selectors.group_list(viewer=request.user, q=q, tag=tag)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "groups/list.html",
        {
            "page": page,
            "q": q,
            "tag": tag,
            "is_site_admin": viewer_is_site_admin(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=_actor(request), **form.cleaned_data)
        except services.GroupError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The group has been created."))
            return redirect("group-detail", slug=group.slug)
    return render(request, "groups/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    if not access.can_admin:
        return _forbidden(request, _("Only the group's admins may do this."))
    group = access.group
    initial = {
        "name": group.name,
        "description": group.description,
        "welcome_message": group.welcome_message,
        "visibility": group.visibility,
        "join_policy": group.join_policy,
        "tags": ", ".join(tag.name for tag in group.tags.order_by("name")),
    }
    form = GroupEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = services.GroupChanges(
            name=data["name"],
            description=data["description"],
            welcome_message=data["welcome_message"],
            visibility=data["visibility"],
            join_policy=data["join_policy"],
            tags=data["tags"],
            cover=data["cover"],
            cover_remove=data["cover_remove"],
        )
        try:
            services.group_update(actor=_actor(request), group=group, changes=changes)
        except services.GroupPermissionDenied as error:
            return _forbidden(request, error.message)
        except services.GroupError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The group has been saved."))
            return redirect("group-detail", slug=group.slug)
    return render(
        request,
        "groups/edit.html",
        {"form": form, "group": group, "cover_url": cover_path(group)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def groups_deleted(request: HttpRequest) -> HttpResponse:
    if not viewer_is_site_admin(request.user):
        return _forbidden(request, _("Only site admins may see deleted groups."))
    groups = selectors.groups_deleted(viewer=request.user)
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "groups/deleted.html", {"page": page})


@require_POST
@login_required
def group_restore(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group = selectors.group_deleted_get(viewer=request.user, slug=slug)
    except GroupNotFound:
        raise Http404() from None
    failed = _run(
        request,
        lambda: services.group_restore(actor=_actor(request), group=group),
        done=_("The group has been restored."),
    )
    return failed or redirect("group-detail", slug=slug)


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    own_requests = (
        selectors.join_requests_for(access=access, viewer=request.user).filter(
            user_id=request.user.pk
        )
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "groups/detail.html",
        {
            "access": access,
            "group": access.group,
            "tags": [tag.name for tag in access.group.tags.order_by("name")],
            "own_requests": own_requests,
            "request_form": JoinRequestForm(),
            "login_url": _login_url(request.path),
            "JoinPolicy": JoinPolicy,
            "cover_url": cover_path(access.group),
        },
    )


@require_POST
@login_required
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    failed = _run(
        request,
        lambda: services.membership_join(actor=_actor(request), group=access.group),
        done=_("You are now a member of this group."),
    )
    if failed:
        return failed
    if (
        not access.is_member
        and Membership.objects.filter(group=access.group, user_id=_actor(request).pk).exists()
    ):
        _welcome(request, access.group)  # not again on a double submit
    return redirect("group-detail", slug=slug)


@require_POST
@login_required
def group_request(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your message is too long."))
        return redirect("group-detail", slug=slug)
    failed = _run(
        request,
        lambda: services.join_request_create(
            actor=_actor(request), group=access.group, message=form.cleaned_data["message"]
        ),
        done=_("Your request has been sent to the group's admins."),
    )
    return failed or redirect("group-detail", slug=slug)


@require_POST
@login_required
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    failed = _run(
        request,
        lambda: services.membership_leave(actor=_actor(request), group=access.group),
        done=_("You have left the group."),
    )
    if failed:
        return failed
    try:
        _access(request, slug)
    except Http404:
        return redirect("group-list")  # a secret group is gone from view once left
    return redirect("group-detail", slug=slug)


@require_GET
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    if not request.user.is_authenticated:
        return render(
            request,
            "groups/forbidden.html",
            {
                "message": _("Log in to see who is in this group."),
                "login_url": _login_url(request.get_full_path()),
            },
            status=403,
        )
    if not access.can_see_members:
        return _forbidden(request, _("Only members can see who is in this group."))
    q = request.GET.get("q", "")
    members = selectors.group_members(access=access, q=q)
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = (
        selectors.join_requests_for(access=access, viewer=request.user).filter(status="pending")
        if access.can_admin
        else []
    )
    return render(
        request,
        "groups/members.html",
        {
            "access": access,
            "group": access.group,
            "page": page,
            "q": q,
            "pending": pending,
            "invitations": selectors.invitations_pending(access=access),
            "invitation_form": InvitationForm(),
            "decision_form": DecisionForm(),
            "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
            "may_transfer": access.is_owner or access.is_site_admin,
        },
    )


def _member_or_404(access: GroupAccess, user_id: int) -> Membership:
    try:
        return selectors.member_get(access=access, user_id=user_id)
    except GroupNotFound:
        raise Http404() from None


@require_POST
@login_required
def member_role_change(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    access = _access(request, slug)
    if not access.can_admin:
        return _forbidden(request, _("Only the group's admins may do this."))
    membership = _member_or_404(access, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        _form_errors_to_messages(request, form)
        return redirect("group-members", slug=slug)
    failed = _run(
        request,
        lambda: services.membership_role_change(
            actor=_actor(request),
            group=access.group,
            user_id=membership.user_id,
            role=form.cleaned_data["role"],
        ),
        done=_("The role of %(name)s has been changed.") % {"name": membership.user},
    )
    return failed or redirect("group-members", slug=slug)


def _confirm(
    request: HttpRequest, access: GroupAccess, *, title: str, question: str, button: str
) -> HttpResponse:
    return render(
        request,
        "groups/confirm.html",
        {"group": access.group, "title": title, "question": question, "button": button},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the member."""
    access = _access(request, slug)
    if not access.can_admin:
        return _forbidden(request, _("Only the group's admins may do this."))
    return _member_action_confirmed(
        request,
        access,
        user_id,
        title=_("Remove a member"),
        question=_("Remove %(name)s from the group %(group)s?"),
        button=_("Yes, remove %(name)s"),
        done=_("%(name)s has been removed from the group."),
        action=lambda membership: services.membership_remove(
            actor=_actor(request), group=access.group, user_id=membership.user_id
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ownership_transfer(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """GET asks for confirmation; POST makes the member the owner."""
    access = _access(request, slug)
    if not (access.is_owner or access.is_site_admin):
        return _forbidden(request, _("Only the group's owner may do this."))
    return _member_action_confirmed(
        request,
        access,
        user_id,
        title=_("Transfer ownership"),
        question=_("Make %(name)s the owner of %(group)s? You stay in the group as an admin."),
        button=_("Yes, make %(name)s the owner"),
        done=_("%(name)s is now the owner of the group."),
        action=lambda membership: services.ownership_transfer(
            actor=_actor(request), group=access.group, to_user_id=membership.user_id
        ),
    )


def _member_action_confirmed(
    request: HttpRequest,
    access: GroupAccess,
    user_id: int,
    *,
    title: str,
    question: str,
    button: str,
    done: str,
    action: Callable[[Membership], object],
) -> HttpResponse:
    """An admin action on one member that is confirmed first: GET asks, POST does it."""
    membership = _member_or_404(access, user_id)
    names = {"name": str(membership.user), "group": access.group.name}
    if request.method == "GET":
        return _confirm(
            request, access, title=title, question=question % names, button=button % names
        )
    failed = _run(request, lambda: action(membership), done=done % names)
    return failed or redirect("group-members", slug=access.group.slug)


@require_POST
@login_required
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    access = _access(request, slug)
    if not access.can_admin:
        return _forbidden(request, _("Only the group's admins may do this."))
    try:
        invitation = selectors.invitation_get(access=access, invitation_id=invitation_id)
    except GroupNotFound:
        raise Http404() from None
    failed = _run(
        request,
        lambda: services.invitation_revoke(actor=_actor(request), invitation=invitation),
        done=_("The invitation to %(email)s has been revoked.") % {"email": invitation.email},
    )
    return failed or redirect("group-members", slug=slug)


@require_POST
@login_required
def group_invite(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        _form_errors_to_messages(request, form)
        return redirect("group-members", slug=slug)
    failed = _run(
        request,
        lambda: services.invitation_create(
            actor=_actor(request), group=access.group, **form.cleaned_data
        ),
        done=_("The invitation has been sent."),
    )
    return failed or redirect("group-members", slug=slug)


@require_POST
@login_required
def join_request_decide(
    request: HttpRequest, slug: str, request_id: int, action: str
) -> HttpResponse:
    access = _access(request, slug)
    try:
        join_request = selectors.join_request_get(
            access=access, viewer=request.user, request_id=request_id
        )
    except GroupNotFound:
        raise Http404() from None
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actor = _actor(request)
    call: Callable[[], object]
    if action == "approve":
        call = lambda: services.join_request_approve(  # noqa: E731
            actor=actor, join_request=join_request, reason=reason
        )
        done = _("The request has been approved.")
    elif action == "refuse":
        call = lambda: services.join_request_refuse(  # noqa: E731
            actor=actor, join_request=join_request, reason=reason
        )
        done = _("The request has been refused.")
    elif action == "withdraw":
        call = lambda: services.join_request_withdraw(actor=actor, join_request=join_request)  # noqa: E731
        done = _("Your request has been withdrawn.")
    else:
        raise Http404()
    failed = _run(request, call, done=done)
    if failed:
        return failed
    target = "group-members" if action != "withdraw" else "group-detail"
    return redirect(target, slug=slug)


@require_GET
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: the token moves into the session and out of the URL
    (so it leaks neither through Referer nor history), and survives a first login."""
    request.session[INVITATION_SESSION_KEY] = token
    return redirect("invitation-accept")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest) -> HttpResponse:
    token = request.session.get(INVITATION_SESSION_KEY)
    context: dict[str, Any] = {"has_invitation": bool(token)}
    if not token:
        return render(request, "groups/accept.html", context, status=404)
    if not request.user.is_authenticated:
        context["login_url"] = _login_url(reverse("invitation-accept"))
        return render(request, "groups/accept.html", context)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(actor=_actor(request), token=token)
        except services.GroupError as error:
            request.session.pop(INVITATION_SESSION_KEY, None)
            context["error"] = error.message
            return render(request, "groups/accept.html", context, status=400)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, _("Welcome! You are now a member of this group."))
        _welcome(request, membership.group)
        return redirect("group-detail", slug=membership.group.slug)
    return render(request, "groups/accept.html", context)
