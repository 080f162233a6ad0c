"""Outputs and follow-through pages. Each views module lists its own routes:
proposals (actions/views/proposals.py), plans, actions and progress
(views/plans.py), communities and curricula (views/outputs.py),
dashboards and the focal point's commitments (views/dashboards.py), Excel
in and out (views/excel.py), notifications (views/notifications.py)."""

from __future__ import annotations

from actions.views import dashboards, excel, notifications, outputs, plans, proposals

app_name = "actions"

urlpatterns = [
    *proposals.urlpatterns,
    *plans.urlpatterns,
    *outputs.urlpatterns,
    *dashboards.urlpatterns,
    *excel.urlpatterns,
    *notifications.urlpatterns,
]
