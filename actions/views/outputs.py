"""A lab's outputs hub, communities of practice and training curricula.

Routes (names under the `actions` namespace):
    labs/<lab_pk>/outputs/                              outputs
    labs/<lab_pk>/communities/new/                      community_create
    communities/<pk>/                                   community
    communities/<pk>/edit/                              community_edit
    communities/<pk>/delete/                            community_delete (POST)
    communities/<pk>/members/                           community_member_add (POST)
    communities/<pk>/members/remove/                    community_member_remove (POST)
    labs/<lab_pk>/curricula/new/                        curriculum_create
    curricula/<pk>/                                     curriculum
    curricula/<pk>/edit/                                curriculum_edit
    curricula/<pk>/delete/                              curriculum_delete (POST)
    curricula/<pk>/modules/new/                         module_add
    curricula/<pk>/modules/<module_pk>/                 module_edit
    curricula/<pk>/modules/<module_pk>/delete/          module_delete (POST)

Views parse, check access through actions.access and labs.access, and call
a selector or a service; they never save a model themselves.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from actions.access import get_community_for_user, get_curriculum_for_user, get_module_for_user
from actions.forms.outputs import CommunityForm, CommunityMemberForm, CurriculumForm, ModuleForm
from actions.models import Community, Curriculum, CurriculumModule
from actions.selectors import outputs as selectors
from actions.services import outputs as services
from directory.models import Organisation, Person
from labs.access import get_lab_for_user
from labs.models import Lab
from lib.forms import add_service_errors


def _lab_for_adding(request: HttpRequest, lab_pk: int) -> Lab:
    lab = get_lab_for_user(request.user, lab_pk)
    if not request.user.has_perm("actions.add_output", lab):
        raise PermissionDenied
    return lab


# --- The hub -----------------------------------------------------------------------


def outputs(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = get_lab_for_user(request.user, lab_pk)
    user = request.user
    return render(
        request,
        "actions/outputs/outputs.html",
        {
            "lab": lab,
            "hub": selectors.outputs_hub(lab=lab),
            "can_add": user.has_perm("actions.add_output", lab),
            "can_propose": user.has_perm("actions.add_proposal", lab),
        },
    )


# --- Communities of practice ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = _lab_for_adding(request, lab_pk)
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(lab=lab, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The community was created. Add its members."))
            return redirect(community)
    return render(
        request,
        "actions/outputs/community_form.html",
        {"form": form, "lab": lab, "community": None},
        status=400 if form.is_bound else 200,
    )


def _community_page(
    request: HttpRequest, community: Community, member_form: CommunityMemberForm | None = None
) -> HttpResponse:
    return render(
        request,
        "actions/outputs/community_detail.html",
        {
            "community": community,
            "lab": community.lab,
            "page": selectors.community_page(community=community),
            "member_form": member_form or CommunityMemberForm(),
            "can_change": request.user.has_perm("actions.add_output", community),
        },
        status=400 if member_form is not None else 200,
    )


def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _community_page(request, get_community_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def community_edit(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, perm="actions.add_output")
    form = CommunityForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(community)
    return render(
        request,
        "actions/outputs/community_form.html",
        {"form": form, "lab": community.lab, "community": community},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def community_delete(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, perm="actions.add_output")
    services.community_delete(community=community, by=request.user)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": community.name})
    return redirect("actions:outputs", lab_pk=community.lab_id)


@login_required
@require_POST
def community_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, perm="actions.add_output")
    form = CommunityMemberForm(request.POST)
    if form.is_valid():
        try:
            services.community_member_add(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The community has a new member."))
            return redirect(f"{community.get_absolute_url()}#members-title")
    return _community_page(request, community, form)


@login_required
@require_POST
def community_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for_user(request.user, pk, perm="actions.add_output")
    person_pk, organisation_pk = (
        request.POST.get("person", ""),
        request.POST.get("organisation", ""),
    )
    services.community_member_remove(
        community=community,
        by=request.user,
        person=get_object_or_404(Person, pk=person_pk) if person_pk.isdigit() else None,
        organisation=get_object_or_404(Organisation, pk=organisation_pk)
        if organisation_pk.isdigit()
        else None,
    )
    messages.success(request, _("The member was removed."))
    return redirect(f"{community.get_absolute_url()}#members-title")


# --- Training curricula -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def curriculum_create(request: HttpRequest, lab_pk: int) -> HttpResponse:
    lab = _lab_for_adding(request, lab_pk)
    form = CurriculumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            curriculum = services.curriculum_create(lab=lab, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The curriculum was created. Add its modules."))
            return redirect(curriculum)
    return render(
        request,
        "actions/outputs/curriculum_form.html",
        {"form": form, "lab": lab, "curriculum": None},
        status=400 if form.is_bound else 200,
    )


def curriculum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk)
    modules = selectors.curriculum_modules(curriculum=curriculum)
    return render(
        request,
        "actions/outputs/curriculum_detail.html",
        {
            "curriculum": curriculum,
            "lab": curriculum.lab,
            "modules": modules,
            "hours": sum((m.hours for m in modules if m.hours is not None), start=0),
            "can_change": request.user.has_perm("actions.add_output", curriculum),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def curriculum_edit(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk, perm="actions.add_output")
    form = CurriculumForm(request.POST or None, curriculum=curriculum)
    if request.method == "POST" and form.is_valid():
        try:
            services.curriculum_update(curriculum=curriculum, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(curriculum)
    return render(
        request,
        "actions/outputs/curriculum_form.html",
        {"form": form, "lab": curriculum.lab, "curriculum": curriculum},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def curriculum_delete(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk, perm="actions.add_output")
    services.curriculum_delete(curriculum=curriculum, by=request.user)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": curriculum.title})
    return redirect("actions:outputs", lab_pk=curriculum.lab_id)


def _module_form_page(
    request: HttpRequest,
    form: ModuleForm,
    curriculum: Curriculum,
    module: CurriculumModule | None,
) -> HttpResponse:
    return render(
        request,
        "actions/outputs/module_form.html",
        {"form": form, "curriculum": curriculum, "lab": curriculum.lab, "module": module},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_add(request: HttpRequest, pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk, perm="actions.add_output")
    people = selectors.lab_people(lab=curriculum.lab)
    form = ModuleForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(curriculum=curriculum, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module was added."))
            return redirect(f"{curriculum.get_absolute_url()}#modules-title")
    return _module_form_page(request, form, curriculum, None)


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk, perm="actions.add_output")
    module = get_module_for_user(request.user, curriculum, module_pk)
    people = selectors.lab_people(lab=curriculum.lab)
    form = ModuleForm(request.POST or None, people=people, module=module)
    if request.method == "POST" and form.is_valid():
        try:
            services.module_save(
                curriculum=curriculum, by=request.user, module=module, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(f"{curriculum.get_absolute_url()}#modules-title")
    return _module_form_page(request, form, curriculum, module)


@login_required
@require_POST
def module_delete(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    curriculum = get_curriculum_for_user(request.user, pk, perm="actions.add_output")
    module = get_module_for_user(request.user, curriculum, module_pk)
    services.module_delete(module=module, by=request.user)
    messages.success(request, _("The module was removed."))
    return redirect(f"{curriculum.get_absolute_url()}#modules-title")


urlpatterns: list[URLPattern] = [
    path("labs/<int:lab_pk>/outputs/", outputs, name="outputs"),
    path("labs/<int:lab_pk>/communities/new/", community_create, name="community_create"),
    path("communities/<int:pk>/", community_detail, name="community"),
    path("communities/<int:pk>/edit/", community_edit, name="community_edit"),
    path("communities/<int:pk>/delete/", community_delete, name="community_delete"),
    path("communities/<int:pk>/members/", community_member_add, name="community_member_add"),
    path(
        "communities/<int:pk>/members/remove/",
        community_member_remove,
        name="community_member_remove",
    ),
    path("labs/<int:lab_pk>/curricula/new/", curriculum_create, name="curriculum_create"),
    path("curricula/<int:pk>/", curriculum_detail, name="curriculum"),
    path("curricula/<int:pk>/edit/", curriculum_edit, name="curriculum_edit"),
    path("curricula/<int:pk>/delete/", curriculum_delete, name="curriculum_delete"),
    path("curricula/<int:pk>/modules/new/", module_add, name="module_add"),
    path("curricula/<int:pk>/modules/<int:module_pk>/", module_edit, name="module_edit"),
    path("curricula/<int:pk>/modules/<int:module_pk>/delete/", module_delete, name="module_delete"),
]
