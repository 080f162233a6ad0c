from __future__ import annotations

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/focal-points/",
        views.organisation_focal_points,
        name="organisation_focal_points",
    ),
    path("organisations/<int:pk>/merge/", views.organisation_merge, name="organisation_merge"),
    path(
        "organisations/<int:pk>/merge/<int:other>/",
        views.organisation_merge_confirm,
        name="organisation_merge_confirm",
    ),
    path("people/", views.person_list, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/affiliations/new/", views.affiliation_add, name="affiliation_add"),
    path(
        "people/<int:pk>/affiliations/<int:affiliation_pk>/end/",
        views.affiliation_end,
        name="affiliation_end",
    ),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("people/<int:pk>/merge/<int:other>/", views.person_merge_confirm, name="person_merge_confirm"),
]
