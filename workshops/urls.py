from __future__ import annotations

app_name = "workshops"

urlpatterns: list = []
