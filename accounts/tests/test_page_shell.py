"""The page shell every page shares (templates/base.html) and the error pages."""

from __future__ import annotations

from django.template import loader
from django.urls import reverse


def test_every_page_has_the_skip_link_landmarks_and_one_search_box(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert page.count('role="search"') == 1
    assert 'name="q"' in page and 'for="site-search-q"' in page
    assert "PDPA" in page
    assert "//cdn" not in page and "googleapis" not in page


def test_the_nav_shows_admin_only_to_staff(client_for, alice, charlie):
    admin_url = reverse("admin:index")
    assert (
        f'href="{admin_url}"' in client_for(alice).get(reverse("accounts:profile")).content.decode()
    )
    assert (
        f'href="{admin_url}"'
        not in client_for(charlie).get(reverse("accounts:profile")).content.decode()
    )


def test_messages_render_as_alerts(client_for, charlie):
    response = client_for(charlie).post(
        reverse("accounts:profile"),
        {"display_name": "C", "language": "th", "time_zone": "Asia/Bangkok"},
        follow=True,
    )
    assert 'class="alert alert-success" role="status"' in response.content.decode()


def test_a_missing_page_uses_the_designed_404(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert 'class="error-code"' in page and "404" in page
    assert 'class="skip-link"' in page


def test_a_refused_page_uses_the_designed_403(client_for, charlie):
    response = client_for(charlie).get(reverse("audit:log"))

    assert response.status_code == 403
    assert 'class="error-code"' in response.content.decode()


def test_the_500_page_renders_without_a_request(db):
    # Django's server_error renders it with no context at all.
    html = loader.get_template("500.html").render()

    assert "500" in html and "css/saphan.css" in html
