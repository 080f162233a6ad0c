from __future__ import annotations

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.network_map, name="map"),
    path("data.json", views.network_data, name="data"),
    path("node.json", views.node, name="node"),
    path("export", views.export, name="export"),
    path("analyse", views.analyse, name="analyse"),
]
