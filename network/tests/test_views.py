"""The network map's page, data, node details and exports: who may see what,
what a bad query answers, and that the data view's queries do not grow with
the network.

Six organisations: OPDC and OCSC worked together in a public lab; two
provincial offices worked together in a members-only lab (what outsiders
must not see); two more have no tie yet.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from conftest import count_queries
from labs.tests.conftest import lab, make_member, private_lab  # noqa: F401 - fixtures
from network.models import Level, Scope, Snapshot, Tie

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 1)


def _organisation(name: str, abbreviation: str, sector: str):
    from directory.services import organisation_create

    return organisation_create(
        by=None, name_th=name, abbreviation_th=abbreviation, sector=sector, kind="office"
    )


def _tie(a, b, *, in_lab, public: bool, kind: str = "group", day: dt.date = DAY) -> Tie:
    low, high = sorted((a, b), key=lambda org: org.pk)
    return Tie.objects.create(
        level=Level.ORGANISATION,
        kind=kind,
        organisation_a=low,
        organisation_b=high,
        date=day,
        lab=in_lab,
        public=public,
        origin=f"test:{low.pk}-{high.pk}",
    )


def _analyse() -> None:
    from network import services

    services.analyse_all(rebuild_ties=False, quarters=False)


@pytest.fixture
def network(opdc, ocsc, lab, private_lab):  # noqa: F811
    """The six organisations, their ties, analysed."""
    yala = _organisation("สำนักงานสาธารณสุขจังหวัดยะลา", "สสจ.ยะลา", "gov_regional")
    pattani = _organisation("สำนักงานสาธารณสุขจังหวัดปัตตานี", "สสจ.ปัตตานี", "gov_regional")
    _organisation("มหาวิทยาลัยสงขลานครินทร์", "ม.อ.", "academia")
    _organisation("มูลนิธิชุมชนไท", "", "civil_society")
    _tie(opdc, ocsc, in_lab=lab, public=True)
    _tie(opdc, ocsc, in_lab=lab, public=True, kind="session")
    _tie(yala, pattani, in_lab=private_lab, public=False)
    _analyse()
    return {"opdc": opdc, "ocsc": ocsc, "yala": yala, "pattani": pattani}


def _data(client, **params):
    return client.get(reverse("network:data"), params)


def _pairs(payload) -> set[frozenset[int]]:
    pks = [row[payload["fields"].index("pk")] for row in payload["nodes"]]
    return {frozenset((pks[a], pks[b])) for a, b, _weight, _kinds in payload["edges"]}


# --- The page -------------------------------------------------------------------


def test_the_map_page_says_the_network_in_words_and_numbers(client, network):
    response = client.get(reverse("network:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-network-map" in html
    assert 'data-table="communities"' in html
    assert "data-computed" in html
    for fmt in ("gexf", "graphml", "csv", "kumu"):
        assert f'data-export="{fmt}"' in html
    # Nothing comes from another site: the drawing library is served from here.
    assert "vendor/sigma/sigma.min.js" in html and "vendor/graphology/graphology.umd.min.js" in html
    assert "https://" not in html.split("<footer")[0].split("<body")[1]


def test_the_page_offers_its_script_the_data_it_built(client, network, lab):  # noqa: F811
    """The page builds the network for its text alternative; what it offers
    to embed for the map's first paint is what network:data answers, so the
    script need not ask for the network a second time."""
    for params in ({}, {"lab": lab.pk, "from": "2025-01-01"}):
        page = client.get(reverse("network:map"), params)
        embedded = json.loads(json.dumps(page.context["initial_data"](), cls=DjangoJSONEncoder))
        answer = _data(client, **params).json()
        # A window other than the current one is measured now: its time differs.
        assert embedded.pop("computed")["live"] == answer.pop("computed")["live"]
        assert embedded["nodes"] and embedded == answer


def test_the_page_asks_an_administrator_to_run_the_analysis_when_there_is_none(client, db):
    response = client.get(reverse("network:map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-empty" in html and "analyse_network" in html
    assert "data-network-map" not in html


def test_the_data_is_empty_before_any_analysis(client, db):
    payload = _data(client).json()
    assert payload["empty"] is True
    assert "nodes" not in payload


def test_the_lab_list_offers_only_labs_the_user_may_see(
    client,
    client_for,
    charlie,
    network,
    private_lab,  # noqa: F811
    make_member,  # noqa: F811
):
    html = client.get(reverse("network:map")).content.decode()
    assert private_lab.name_th not in html
    member = make_member(private_lab, "participant", "mina@lab.test")
    html = client_for(member).get(reverse("network:map")).content.decode()
    assert private_lab.name_th in html


# --- The data -------------------------------------------------------------------


def test_the_data_is_compact_arrays_with_ties_and_communities(client, network):
    payload = _data(client).json()
    assert payload["empty"] is False
    assert payload["scope"] == Scope.PUBLIC
    fields = payload["fields"]
    assert {"pk", "label", "sector", "community", "x", "y", "degree", "betweenness"} <= set(fields)
    assert all(len(row) == len(fields) for row in payload["nodes"])
    assert len(payload["nodes"]) == 6  # isolated organisations are on the map too
    labels = {row[fields.index("label")] for row in payload["nodes"]}
    assert {"ก.พ.ร.", "ก.พ.", "สสจ.ยะลา"} <= labels
    # One edge per pair, its kinds as a bitmask over payload["kinds"].
    (edge,) = payload["edges"]
    a, b, weight, mask = edge
    kinds = {kind for i, kind in enumerate(payload["kinds"]) if mask & (1 << i)}
    assert kinds == {"group", "session"} and weight > 0
    assert payload["communities"] and payload["computed"]["label"]


def test_members_only_ties_stay_out_of_the_public_network(client, client_for, charlie, network):
    public = {frozenset((network["opdc"].pk, network["ocsc"].pk))}
    assert _pairs(_data(client).json()) == public
    assert _pairs(_data(client_for(charlie)).json()) == public


def test_scope_all_is_for_administrators_only(client, client_for, alice, charlie, network):
    hidden = frozenset((network["yala"].pk, network["pattani"].pk))
    assert _data(client, scope="all").status_code == 403
    response = _data(client_for(charlie), scope="all")
    assert response.status_code == 403 and response.json()["error"]
    assert client_for(charlie).get(reverse("network:map"), {"scope": "all"}).status_code == 403

    payload = _data(client_for(alice)).json()
    assert payload["scope"] == Scope.ALL and hidden in _pairs(payload)
    # An administrator may still look at what everyone sees.
    assert hidden not in _pairs(_data(client_for(alice), scope="public").json())


def test_a_members_only_lab_is_404_for_outsiders(client, client_for, charlie, network, private_lab):  # noqa: F811
    for user in (None, charlie):
        browser = client_for(user) if user else client
        assert _data(browser, lab=private_lab.pk).status_code == 404
        assert browser.get(reverse("network:map"), {"lab": private_lab.pk}).status_code == 404
        assert (
            browser.get(
                reverse("network:export"), {"lab": private_lab.pk, "format": "csv"}
            ).status_code
            == 404
        )
    assert _data(client, lab=999_999).status_code == 404


def test_a_member_sees_their_members_only_lab_s_ties(client_for, network, private_lab, make_member):  # noqa: F811
    member = make_member(private_lab, "participant", "mina@lab.test")
    payload = _data(client_for(member), lab=private_lab.pk).json()
    assert _pairs(payload) == {frozenset((network["yala"].pk, network["pattani"].pk))}
    assert payload["lab"] == private_lab.pk


def test_a_public_lab_filter_shows_that_lab_s_ties(client, network, lab):  # noqa: F811
    payload = _data(client, lab=lab.pk).json()
    assert _pairs(payload) == {frozenset((network["opdc"].pk, network["ocsc"].pk))}
    assert payload["computed"]["live"] is True


def test_the_person_level_needs_signing_in(client, client_for, charlie, network):
    response = _data(client, level="person")
    assert response.status_code == 403 and response.json()["error"]
    assert client.get(reverse("network:node"), {"level": "person", "pk": 1}).status_code == 403
    page = client.get(reverse("network:map"), {"level": "person"})
    assert page.status_code == 302 and reverse("accounts:login") in page["Location"]
    assert (
        client.get(reverse("network:export"), {"level": "person", "format": "csv"}).status_code
        == 403
    )
    payload = _data(client_for(charlie), level="person").json()
    assert payload["level"] == "person"
    page = client_for(charlie).get(reverse("network:map"), {"level": "person"})
    assert page.status_code == 200 and 'data-level="person"' in page.content.decode()


@pytest.mark.parametrize(
    "params, words",
    [
        ({"from": "2025-13-40"}, "2025-13-40"),
        ({"to": "31/01/2025"}, "31/01/2025"),
        ({"from": "2025-02-01", "to": "2025-01-01"}, ""),
        ({"level": "ministry"}, "ministry"),
        ({"lab": "abc"}, "abc"),
        # Digits str.isdigit() takes and int() refuses, or beyond any key.
        ({"lab": "²"}, "²"),
        ({"lab": "9" * 30}, "9" * 30),
        ({"province": "x1"}, "x1"),
        ({"province": "²"}, "²"),
        ({"province": "-1"}, "-1"),
        ({"sector": "nobody"}, "nobody"),
        ({"scope": "everything"}, "everything"),
    ],
)
def test_a_bad_query_is_a_400_with_a_message(client, network, params, words):
    response = _data(client, **params)
    assert response.status_code == 400
    message = response.json()["error"]
    assert message and words in message
    page = client.get(reverse("network:map"), params)
    assert page.status_code == 400 and "data-error" in page.content.decode()
    export = client.get(reverse("network:export"), {**params, "format": "csv"})
    assert export.status_code == 400 and words in export.content.decode()


def test_a_bad_date_says_how_to_write_one(client, network):
    response = _data(client, **{"from": "พรุ่งนี้"})
    assert response.status_code == 400
    message = response.json()["error"]
    assert "พรุ่งนี้" in message and "2025-01-31" in message


def test_a_buddhist_era_date_is_read_as_such(client, network):
    payload = _data(client, **{"from": "2568-01-01", "to": "2568-12-31"}).json()
    assert payload["from"] == "2025-01-01" and payload["to"] == "2025-12-31"
    assert payload["computed"]["live"] is True


# --- A node -----------------------------------------------------------------------


def test_a_node_s_details_partners_and_recommendations(client, network):
    response = client.get(reverse("network:node"), {"pk": network["opdc"].pk})
    assert response.status_code == 200
    detail = response.json()
    assert detail["label"] == "ก.พ.ร." and detail["url"].endswith(f"/{network['opdc'].pk}/")
    assert detail["measures"]["degree"] == 1
    assert detail["summary"] and all(isinstance(line, str) for line in detail["summary"])
    (partner,) = detail["partners"]
    assert partner["pk"] == network["ocsc"].pk and partner["count"] == 2
    assert isinstance(detail["recommendations"], list)


def test_a_node_without_pk_is_400_and_an_unknown_one_404(client, network):
    assert client.get(reverse("network:node")).status_code == 400
    assert client.get(reverse("network:node"), {"pk": 999_999}).status_code == 404


@pytest.mark.parametrize("pk", ["²", "١٢", "abc", "9" * 30])
def test_a_node_pk_that_is_not_a_number_is_400(client, network, pk):
    response = client.get(reverse("network:node"), {"pk": pk})
    assert response.status_code == 400 and pk in response.json()["error"]


def test_a_node_s_members_only_partners_stay_hidden_from_outsiders(client, network):
    detail = client.get(reverse("network:node"), {"pk": network["yala"].pk}).json()
    assert detail["partners"] == []


# --- Exports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt, content_type, extension",
    [
        ("gexf", "application/gexf+xml", "gexf"),
        ("graphml", "application/graphml+xml", "graphml"),
        ("csv", "application/zip", "zip"),
        ("kumu", "application/json", "json"),
    ],
)
def test_exports_download_as_attachments(client, network, fmt, content_type, extension):
    response = client.get(reverse("network:export"), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f'.{extension}"' in disposition
    assert "saphan-network-organisation" in disposition
    body = response.content
    if fmt == "kumu":
        assert len(json.loads(body)["elements"]) == 6
    elif fmt == "csv":
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        assert {"nodes.csv", "edges.csv"} <= set(names)
    else:
        assert body.startswith(b"<?xml") and "ก.พ.ร.".encode() in body


def test_an_export_keeps_the_map_s_sector_filter(client, network):
    body = client.get(
        reverse("network:export"), {"format": "kumu", "sector": "gov_regional"}
    ).content
    kumu = json.loads(body)
    assert {element["label"] for element in kumu["elements"]} == {"สสจ.ยะลา", "สสจ.ปัตตานี"}
    # Their tie is members-only: not in the public export.
    assert kumu["connections"] == []


def test_the_people_s_network_is_exported_for_administrators_only(
    client, client_for, alice, charlie, network
):
    """Who met whom is personal data (PDPA): a signed-in user may look at it
    on the map, but only an administrator takes all of it away in a file."""
    export = reverse("network:export")
    person = {"level": "person", "format": "kumu"}
    assert client.get(export, person).status_code == 403
    assert client_for(charlie).get(export, person).status_code == 403
    assert client_for(charlie).get(export, {"format": "kumu"}).status_code == 200
    response = client_for(alice).get(export, person)
    assert (
        response.status_code == 200 and "saphan-network-person" in response["Content-Disposition"]
    )

    # The map shows charlie no export button on the people level, and tells
    # its script so; the organisations' buttons stay.
    page = client_for(charlie).get(reverse("network:map"), {"level": "person"})
    assert page.status_code == 200 and "data-export=" not in page.content.decode()
    assert _data(client_for(charlie), level="person").json()["exports"] == []
    assert _data(client_for(charlie)).json()["exports"]
    page = client_for(alice).get(reverse("network:map"), {"level": "person"})
    assert 'data-export="csv"' in page.content.decode()
    formats = [fmt for fmt, _label in _data(client_for(alice), level="person").json()["exports"]]
    assert formats == ["gexf", "graphml", "csv", "kumu"]


def test_an_export_needs_a_known_format(client, network):
    assert client.get(reverse("network:export")).status_code == 400
    assert client.get(reverse("network:export"), {"format": "pdf"}).status_code == 400


def test_an_export_before_any_analysis_is_404(client, db):
    assert client.get(reverse("network:export"), {"format": "csv"}).status_code == 404


# --- Queries -----------------------------------------------------------------------


def test_the_data_view_s_queries_do_not_grow_with_the_network(client, network, lab):  # noqa: F811
    url = reverse("network:data")
    small = count_queries(client, url)
    previous = network["ocsc"]
    for number in range(30):
        organisation = _organisation(f"หน่วยงานทดสอบ {number}", f"ทส.{number}", "gov_local")
        _tie(previous, organisation, in_lab=lab, public=True, day=DAY + dt.timedelta(days=number))
        previous = organisation
    _analyse()
    assert Snapshot.objects.filter(current=True, level=Level.ORGANISATION).count() == 2
    payload = client.get(url).json()
    assert len(payload["nodes"]) == 36
    assert count_queries(client, url) == small


def test_only_an_administrator_starts_an_analysis_and_it_runs_in_the_background(
    client_for, alice, charlie, monkeypatch
):
    from network import jobs

    started = []
    monkeypatch.setattr(jobs, "start", lambda: started.append(True) or True)
    url = reverse("network:analyse")
    assert client_for(charlie).post(url).status_code == 403
    assert client_for(alice).get(url).status_code == 405
    response = client_for(alice).post(url)
    assert response.status_code == 302 and started == [True]
    page = client_for(alice).get(reverse("network:map")).content.decode()
    assert f'action="{url}"' in page
    other = client_for(charlie).get(reverse("network:map")).content.decode()
    assert f'action="{url}"' not in other


@pytest.mark.django_db(transaction=True)
def test_the_background_analysis_runs_and_a_second_start_waits_for_it():
    from directory.models import Organisation
    from network import jobs
    from network.models import Snapshot

    Organisation.objects.create(name_th="กรมทดลอง", sector="gov_central", kind="department")
    stale = Snapshot.objects.create(
        level=Level.ORGANISATION,
        scope=Scope.PUBLIC,
        end=dt.date(2020, 1, 1),
        started_at=timezone.now() - jobs.INTERRUPTED_AFTER - dt.timedelta(minutes=1),
    )
    assert jobs.start() is True
    assert jobs.start() is False  # one at a time
    jobs._running.result(timeout=120)
    assert not jobs.is_running()
    # Settled (its process is gone), then pruned by the analysis that succeeded.
    assert not Snapshot.objects.filter(pk=stale.pk, status=Snapshot.Status.RUNNING).exists()
    done = Snapshot.objects.filter(current=True, status=Snapshot.Status.DONE)
    assert done.count() == 4  # both levels, both scopes
