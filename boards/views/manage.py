"""Managing boards, methods and personas of a lab.

Routes (names under the `boards` namespace), to be implemented:
    labs/<lab_pk>/boards/                      lab_boards
    labs/<lab_pk>/boards/new/                  board_create   (?workshop=<pk>&session=&group=)
    boards/<pk>/                               manage         settings, participants, exports
    boards/<pk>/edit/                          board_edit
    boards/<pk>/export.<fmt>                   export         csv | xlsx | pdf
    labs/<lab_pk>/methods/                     methods
    labs/<lab_pk>/methods/new/                 method_create  (?copy=<pk>)
    labs/<lab_pk>/methods/<pk>/                method
    labs/<lab_pk>/methods/<pk>/edit/           method_edit
    labs/<lab_pk>/methods/<pk>/delete/         method_delete
    labs/<lab_pk>/personas/                    personas
    labs/<lab_pk>/personas/<pk>/               persona
    labs/<lab_pk>/personas/<pk>/edit/          persona_edit
"""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
