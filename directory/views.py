from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from directory.access import get_organisation_for_user, get_person_for_user


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/home.html", {})


def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/organisation_list.html", {})


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    return render(request, "directory/organisation_detail.html", {"organisation": organisation})


def person_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/person_list.html", {})


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(request, "directory/person_detail.html", {"person": person})
