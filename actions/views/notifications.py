"""In-app notifications: the signed-in user's own, and nobody else's.

    notifications/              notifications            list, unread first; POST marks one read
    notifications/<pk>/read/    notification_read        POST: mark read, then open its link
    notifications/read-all/     notifications_read_all   POST: mark all read

A notification is fetched with the user in the query, so another user's
number is a 404 like any missing one.
"""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from actions.models import Notification
from actions.services.notifications import mark_read
from lib.http import safe_next

PER_PAGE = 30


def _mine(request: HttpRequest) -> QuerySet[Notification]:
    # Every view here is login_required: the user is a signed-in User.
    return Notification.objects.filter(user=cast(User, request.user))


def _own(request: HttpRequest, pk: int | str) -> Notification:
    return get_object_or_404(_mine(request), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pk = request.POST.get("notification", "")
        mark_read(user=request.user, notification=_own(request, pk) if pk.isdigit() else None)
        return redirect("actions:notifications")
    rows = _mine(request).order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/notifications.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = _own(request, pk)
    mark_read(user=request.user, notification=notification)
    # Only a link into this site: a stored URL never sends anyone elsewhere.
    return redirect(safe_next(request, notification.url, reverse("actions:notifications")))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    mark_read(user=request.user)
    return redirect(reverse("actions:notifications"))


urlpatterns = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/<int:pk>/read/", notification_read, name="notification_read"),
    path("notifications/read-all/", notifications_read_all, name="notifications_read_all"),
]
