"""Board pages. The live board (join, phone, projector) lives under /b/, short
enough to type from a projector (boards/views/live.py); managing boards,
methods and personas sits under the lab (boards/views/manage.py). Each views
module lists its own routes."""

from __future__ import annotations

from boards.views import live, manage

app_name = "boards"

urlpatterns = [*live.urlpatterns, *manage.urlpatterns]
