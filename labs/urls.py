from __future__ import annotations

app_name = "labs"

urlpatterns: list = []
