"""The network map of the demo, in Chromium (WebGL through SwiftShader).

A visitor opens the map, keeps only the regional government, finds a
provincial office with the search box, clicks it on the map and reads who it
should meet, with the reason. Nothing on the page comes from another site.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from network.models import Level, Recommendation, Scope, Snapshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]

SECTOR = "gov_regional"


@pytest.fixture
def demo_network(migration_data):
    """The whole demo, as `manage.py loaddemo` builds it: analysed, with
    who-should-meet-whom (the current organisation network)."""
    call_command("loaddemo", "--allow-production", verbosity=0)
    return Snapshot.objects.get(level=Level.ORGANISATION, scope=Scope.PUBLIC, current=True)


def _advised(snapshot: Snapshot) -> Recommendation:
    """A regional office's first suggestion, to look for on the map."""
    advised = (
        Recommendation.objects.filter(snapshot=snapshot, rank=1, organisation__sector=SECTOR)
        .select_related("organisation", "other_organisation")
        .order_by("organisation_id")
        .first()
    )
    assert advised is not None, "the demo advises no regional office"
    return advised


def test_filter_by_sector_click_an_organisation_and_read_its_recommendations(
    page, live_server, demo_network
):
    advice = _advised(demo_network)
    assert advice is not None, "the demo gives a regional office a suggestion"
    office = advice.organisation
    label = office.abbreviation_th or office.name_th
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else elsewhere.append(request.url)
        ),
    )

    page.goto("/network/")
    page.wait_for_function("window.saphanMap && window.saphanMap.isReady()")
    expect(page.locator("[data-map-message]")).to_be_hidden()
    expect(page.locator("canvas").first).to_be_visible()
    everyone = page.evaluate("saphanMap.visibleCount()")
    assert everyone == page.evaluate("saphanMap.nodeCount()") > 20

    # Only the regional government: fewer nodes, and the address says so.
    page.select_option("#network-sector", SECTOR)
    regional = page.evaluate("saphanMap.visibleCount()")
    assert 0 < regional < everyone
    assert f"sector={SECTOR}" in page.url
    expect(page.locator("[data-export=csv]")).to_have_attribute(
        "href", f"/network/export?sector={SECTOR}&format=csv"
    )
    expect(page.locator("[data-map-legend]")).to_contain_text(str(regional))

    # The search box finds it by its Thai abbreviation and centres the map on it.
    page.locator("#network-search-q").fill(label)
    page.locator(f"[data-search-pk='{office.pk}']").click()
    panel = page.locator("[data-node-panel]")
    expect(panel).to_have_attribute("data-pk", str(office.pk))
    page.locator("[data-panel-close]").click()
    expect(panel).to_be_hidden()

    # Zoom in on it with the wheel (the demo's core is dense), then click it
    # where it is drawn.
    page.locator("[data-network-map]").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the camera's move to it ends
    where = page.evaluate("pk => saphanMap.clientPosition(pk)", office.pk)
    assert where is not None
    page.mouse.move(where["x"], where["y"])
    for _ in range(6):
        page.mouse.wheel(0, -400)
        page.wait_for_timeout(150)
    page.wait_for_timeout(600)
    where = page.evaluate("pk => saphanMap.clientPosition(pk)", office.pk)
    page.mouse.click(where["x"], where["y"])
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-pk", str(office.pk))
    expect(panel.locator("[data-panel-title]")).to_have_text(label)

    # Its recommendations: the other agency, linked to its page, and why.
    other = advice.other_organisation
    first = panel.locator("[data-recommendations] li").first
    expect(first).to_have_attribute("data-recommendation", str(other.pk))
    link = first.locator("a")
    expect(link).to_have_attribute("href", other.get_absolute_url())
    expect(first.locator(".network-reason")).not_to_be_empty()
    expect(panel).to_contain_text(advice.terms[0] if advice.terms else other.name_th)

    # The text alternative names the brokers and communities in words and numbers.
    expect(page.locator("[data-table=communities] tbody tr").first).to_be_visible()
    assert not errors, errors
    assert not elsewhere, elsewhere


def test_a_dense_map_folds_communities_and_a_click_opens_one(page, demo_network):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/network/")
    page.wait_for_function("window.saphanMap && window.saphanMap.isReady()")
    page.locator("[data-network-map]").scroll_into_view_if_needed()
    total = page.evaluate("saphanMap.nodeCount()")
    assert page.evaluate("saphanMap.foldedCount()") == 0  # the demo is small enough

    # As if the demo were a 20,000-node network: fold above 20 nodes in view.
    page.evaluate("saphanMap.setFoldThreshold(20)")
    folded = page.evaluate("saphanMap.foldedCount()")
    assert folded > 0
    assert page.evaluate("saphanMap.visibleCount()") < total
    expect(page.locator("[data-map-status]")).to_contain_text(str(folded))

    # Clicking a folded community opens it (and keeps it open).
    group = page.evaluate("saphanMap.folded()")[0]
    where = page.evaluate("id => saphanMap.groupClientPosition(id)", group)
    before = page.evaluate("saphanMap.visibleCount()")
    page.mouse.click(where["x"], where["y"])
    page.wait_for_function("id => !saphanMap.folded().includes(id)", arg=group)
    assert page.evaluate("saphanMap.visibleCount()") > before
    assert not errors, errors


def test_a_link_from_an_organisation_s_page_opens_the_map_on_it(page, demo_network):
    """The organisation and person pages link to the map with ?focus=<pk>:
    the map selects that node, centres on it and opens its panel, with its
    name and who it should meet."""
    advice = _advised(demo_network)
    office = advice.organisation
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(office.get_absolute_url())
    page.locator("a[data-action=network-map]").click()
    page.wait_for_function("window.saphanMap && window.saphanMap.isReady()")
    assert page.evaluate("saphanMap.selected()") == office.pk

    panel = page.locator("[data-node-panel]")
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("data-pk", str(office.pk))
    expect(panel).to_have_attribute("data-loaded", "")
    expect(panel).to_contain_text(office.name_th)
    first = panel.locator("[data-recommendations] li").first
    expect(first).to_have_attribute("data-recommendation", str(advice.other_organisation.pk))
    expect(first.locator(".network-reason")).not_to_be_empty()

    # The camera moved to it: it is drawn near the middle of the map.
    page.wait_for_timeout(600)  # the camera's move ends
    where = page.evaluate("pk => saphanMap.clientPosition(pk)", office.pk)
    box = page.locator("[data-network-map]").bounding_box()
    assert where is not None and box is not None
    assert abs(where["x"] - (box["x"] + box["width"] / 2)) < box["width"] * 0.1
    assert abs(where["y"] - (box["y"] + box["height"] / 2)) < box["height"] * 0.1
    assert not errors, errors


def test_the_people_s_network_offers_no_download_but_to_administrators(
    page, demo_network, sign_in, charlie
):
    """Who met whom is personal data: a signed-in user sees the people's map
    but no export button, and gets the buttons back on the organisations'."""
    sign_in(page, charlie)
    page.goto("/network/?level=person")
    page.wait_for_function("window.saphanMap && window.saphanMap.isReady()")
    exports = page.locator(".network-exports")
    expect(exports).to_be_hidden()
    assert page.locator("[data-export]").count() == 0

    page.select_option("#network-level", "organisation")
    expect(exports).to_be_visible()
    expect(page.locator("[data-export=gexf]")).to_have_attribute(
        "href", "/network/export?format=gexf"
    )
    page.select_option("#network-level", "person")
    expect(exports).to_be_hidden()
