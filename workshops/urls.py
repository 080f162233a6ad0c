from __future__ import annotations

from django.urls import path

from workshops.views import agenda, calendar, files, groups, registration, summary, workshops

app_name = "workshops"

SESSION = "<int:pk>/sessions/<int:session_pk>/"

urlpatterns = [
    path("", workshops.workshop_list, name="workshops"),
    path("new/", workshops.workshop_create, name="workshop_create"),
    path("<int:pk>/", workshops.workshop_detail, name="workshop"),
    path("<int:pk>/edit/", workshops.workshop_edit, name="workshop_edit"),
    # The agenda: sessions, speakers, links to read.
    path("<int:pk>/agenda/", agenda.agenda, name="agenda"),
    path("<int:pk>/sessions/new/", agenda.session_create, name="session_create"),
    path(f"{SESSION}edit/", agenda.session_edit, name="session_edit"),
    path(f"{SESSION}remove/", agenda.session_remove, name="session_remove"),
    path(f"{SESSION}speakers/", agenda.session_speakers, name="session_speakers"),
    path(
        f"{SESSION}speakers/<int:speaker_pk>/remove/", agenda.speaker_remove, name="speaker_remove"
    ),
    path("<int:pk>/links/new/", agenda.link_add, name="link_add"),
    path("<int:pk>/links/<int:link_pk>/remove/", agenda.link_remove, name="link_remove"),
    # Breakout groups of a session.
    path(f"{SESSION}groups/", groups.groups, name="groups"),
    path(f"{SESSION}groups/auto/", groups.groups_auto_assign, name="groups_auto"),
    path(f"{SESSION}groups/move/", groups.group_move, name="group_move"),
    path(f"{SESSION}groups/new/", groups.group_add, name="group_add"),
    path(f"{SESSION}groups/<int:group_pk>/remove/", groups.group_remove, name="group_remove"),
    # Registration, attendance and check-in (views/registration.py).
    path("<int:pk>/register/", registration.register, name="register"),
    path("<int:pk>/cancel/", registration.cancel, name="cancel"),
    path("<int:pk>/attendance/", registration.attendance, name="attendance"),
    path("<int:pk>/checkin/<str:token>/", registration.checkin, name="checkin"),
    path(f"{SESSION}checkin-qr/", registration.checkin_qr, name="checkin_qr"),
    # After the event: the figures (views/summary.py).
    path("<int:pk>/summary/", summary.summary, name="summary"),
    # Photos and files (views/files.py).
    path("<int:pk>/files/", files.files, name="files"),
    path("<int:pk>/files/upload/", files.file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_pk>/", files.file_download, name="file_download"),
    path("<int:pk>/files/<int:file_pk>/thumbnail/", files.file_thumbnail, name="file_thumbnail"),
    path("<int:pk>/files/<int:file_pk>/remove/", files.file_remove, name="file_remove"),
    # Calendars and the printable agenda (views/calendar.py).
    path("<int:pk>/calendar.ics", calendar.ics, name="ics"),
    path("me/calendar.ics", calendar.my_ics, name="my_ics"),
    path("<int:pk>/agenda.pdf", calendar.agenda_pdf, name="agenda_pdf"),
]
