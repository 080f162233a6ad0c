from __future__ import annotations

from django.urls import path

from labs import views

app_name = "labs"

challenge = "<int:lab_pk>/challenges/<int:pk>/"

urlpatterns = [
    path("", views.lab_list, name="labs"),
    path("new/", views.lab_create, name="lab_create"),
    path("<int:pk>/", views.lab_detail, name="lab"),
    path("<int:pk>/edit/", views.lab_edit, name="lab_edit"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/new/", views.member_new, name="member_new"),
    path("<int:pk>/members/invite/", views.member_invite, name="member_invite"),
    path("<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<int:pk>/challenges/new/", views.challenge_create, name="challenge_create"),
    path(challenge, views.challenge_detail, name="challenge"),
    path(f"{challenge}edit/", views.challenge_edit, name="challenge_edit"),
    path(f"{challenge}agencies/", views.challenge_agencies, name="challenge_agencies"),
    path(f"{challenge}teams/new/", views.team_create, name="team_create"),
    path(f"{challenge}teams/<int:team_pk>/edit/", views.team_edit, name="team_edit"),
    path(f"{challenge}teams/<int:team_pk>/remove/", views.team_remove, name="team_remove"),
    path(f"{challenge}attachments/", views.attachment_add, name="attachment_add"),
    path(
        f"{challenge}attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        f"{challenge}attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path(f"{challenge}stakeholders/", views.stakeholders, name="stakeholders"),
    path(
        f"{challenge}stakeholders/<int:stakeholder_pk>/move/",
        views.stakeholder_move,
        name="stakeholder_move",
    ),
    path(
        f"{challenge}stakeholders/<int:stakeholder_pk>/remove/",
        views.stakeholder_remove,
        name="stakeholder_remove",
    ),
]
