"""Exports to other tools (network/exports.py, manage.py export_network):
what networkx, a CSV reader and a JSON parser read back is what was written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import numpy as np
import pytest
from django.core.management import CommandError, call_command

from network import exports

# Every attribute type (text, integer, float, boolean) and missing values;
# Thai, quotes, markup, a line break and a control character in the text.
NODES: list[dict[str, Any]] = [
    {
        "id": "org-1",
        "label": 'สำนักงาน ก.พ.ร. "OPDC" <&>',
        "name": "สำนักงานคณะกรรมการพัฒนาระบบราชการ\nชั้น ๕",
        "name_en": "Office of the Public Sector Development Commission",
        "sector": "gov_central",
        "degree": 2,
        "strength": 3.75,
        "betweenness": 0.125,
        "articulation": True,
        "ei_sector": -0.5,
        "x": 0.25,
        "y": -0.5,
    },
    {
        "id": "org-2",
        "label": '=HYPERLINK("http://evil","กรม")',
        "name": "กรมการปกครอง",
        "name_en": None,
        "sector": "gov_regional",
        "degree": 1,
        "strength": 2.5,
        "betweenness": 0.0,
        "articulation": False,
        "ei_sector": 1.0,
        "x": 1.0,
        "y": 0.75,
    },
    {
        "id": "org-3",
        "label": "มูลนิธิ\x01ชุมชนยะลา",
        "name": "มูลนิธิชุมชนยะลา",
        "name_en": "Yala Community Foundation",
        "sector": "civil_society",
        "degree": 1,
        "strength": 1.25,
        "betweenness": 0.0,
        "articulation": False,
        "ei_sector": None,
        "x": -1.0,
        "y": 0.0,
    },
    {
        "id": "org-4",
        "label": "ม.อ.",
        "name": "มหาวิทยาลัยสงขลานครินทร์",
        "name_en": "Prince of Songkla University",
        "sector": "academia",
        "degree": 0,
        "strength": 0.0,
        "betweenness": 0.0,
        "articulation": False,
        "ei_sector": None,
        "x": 0.0,
        "y": 1.0,
    },
]
EDGES: list[dict[str, Any]] = [
    {
        "source": "org-1",
        "target": "org-2",
        "weight": 2.5,
        "kinds": "group;action",
        "first": "2024-01-15",
        "last": "2024-06-30",
        "count": 3,
    },
    {
        "source": "org-3",
        "target": "org-1",
        "weight": 1.25,
        "kinds": "pledge",
        "first": "2024-03-01",
        "last": "2024-03-01",
        "count": 1,
    },
]
META = {
    "generator": "Saphan",
    "level": "organisation",
    "scope": "all",
    "start": None,
    "end": "2024-12-31",
    "computed_at": "2025-01-02T03:04:05+00:00",
    "betweenness_sample": None,
}


def written(
    fmt: str, nodes: list[dict[str, Any]] = NODES, edges: list[dict[str, Any]] = EDGES
) -> bytes:
    out = io.BytesIO()
    exports.write(fmt, out, nodes=nodes, edges=edges, meta=META)
    return out.getvalue()


def expected_attributes(node: dict[str, Any]) -> dict[str, Any]:
    """What a reader should find: no key for a missing value, the control
    character dropped (XML cannot hold it)."""
    return {
        key: value.replace("\x01", "") if isinstance(value, str) else value
        for key, value in node.items()
        if key != "id" and value is not None
    }


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def assert_same_graph(graph: nx.Graph) -> None:
    assert not graph.is_directed()
    assert set(graph.nodes) == {node["id"] for node in NODES}
    for node in NODES:
        found = {key: value for key, value in graph.nodes[node["id"]].items() if key != "viz"}
        assert found == expected_attributes(node)
        for key, value in found.items():  # the declared types came back, not text
            assert type(value) is type(node[key]), key
    assert {pair(a, b) for a, b in graph.edges} == {pair(e["source"], e["target"]) for e in EDGES}
    for edge in EDGES:
        found = dict(graph.edges[edge["source"], edge["target"]])
        found.pop("id", None)  # GEXF's edge id
        assert found == {
            key: value for key, value in edge.items() if key not in ("source", "target")
        }


def test_gexf_reads_back_in_networkx_with_the_same_nodes_ties_and_attributes() -> None:
    data = written("gexf")
    assert b'version="1.3"' in data
    assert_same_graph(nx.read_gexf(io.BytesIO(data)))


def test_gexf_places_and_colours_nodes_by_sector() -> None:
    graph = nx.read_gexf(io.BytesIO(written("gexf")))
    colours = {node: graph.nodes[node]["viz"]["color"] for node in graph}
    assert len({(c["r"], c["g"], c["b"]) for c in colours.values()}) == 4  # four sectors
    positions = {node: graph.nodes[node]["viz"]["position"] for node in graph}
    # The layout, stretched to Gephi's scale, y pointing up.
    assert positions["org-2"]["x"] == pytest.approx(1000.0)
    assert positions["org-2"]["y"] == pytest.approx(-750.0)
    assert positions["org-3"]["x"] == pytest.approx(-1000.0)


def test_gexf_says_what_it_holds_in_its_meta() -> None:
    text = written("gexf").decode("utf-8")
    assert '<meta lastmodifieddate="2025-01-02">' in text
    assert "<creator>Saphan</creator>" in text
    assert "level: organisation; scope: all; end: 2024-12-31" in text


def test_graphml_reads_back_in_networkx_with_the_same_nodes_ties_and_attributes() -> None:
    data = written("graphml")
    assert b'attr.name="weight" attr.type="double"' in data
    graph = nx.read_graphml(io.BytesIO(data))
    assert_same_graph(graph)
    assert graph.graph["level"] == "organisation"
    assert graph.graph["generator"] == "Saphan"
    assert "betweenness_sample" not in graph.graph  # None: no value


def read_zip(data: bytes) -> tuple[zipfile.ZipFile, list[dict[str, str]], list[dict[str, str]]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    tables = []
    for name in ("nodes.csv", "edges.csv"):
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no byte-order mark for Excel"
        tables.append(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))))
    return archive, tables[0], tables[1]


def test_csv_zip_holds_node_and_edge_lists_and_a_readme() -> None:
    archive, nodes, edges = read_zip(written("csv"))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv", "readme.txt"]
    assert [row["id"] for row in nodes] == ["org-1", "org-2", "org-3", "org-4"]
    first = nodes[0]
    assert first["label"] == 'สำนักงาน ก.พ.ร. "OPDC" <&>'
    assert first["name"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ\nชั้น ๕"
    assert (first["degree"], first["strength"], first["articulation"]) == ("2", "3.75", "true")
    assert float(first["ei_sector"]) == -0.5
    assert nodes[1]["name_en"] == "" and nodes[2]["ei_sector"] == ""  # no value: empty
    assert [(row["source"], row["target"]) for row in edges] == [
        ("org-1", "org-2"),
        ("org-3", "org-1"),
    ]
    assert edges[0] == {
        "source": "org-1",
        "target": "org-2",
        "weight": "2.5",
        "kinds": "group;action",
        "first": "2024-01-15",
        "last": "2024-06-30",
        "count": "3",
    }
    readme = archive.read("readme.txt").decode("utf-8-sig")
    assert "level: organisation" in readme and "nodes.csv" in readme


def test_csv_keeps_a_formula_looking_label_as_text() -> None:
    _archive, nodes, _edges = read_zip(written("csv"))
    assert nodes[1]["label"] == '\'=HYPERLINK("http://evil","กรม")'
    # Only the spreadsheet format needs it: the graph formats keep the name.
    graph = nx.read_graphml(io.BytesIO(written("graphml")))
    assert graph.nodes["org-2"]["label"] == '=HYPERLINK("http://evil","กรม")'


def test_kumu_json_names_elements_by_id_and_connects_only_existing_ones() -> None:
    blueprint = json.loads(written("kumu").decode("utf-8"))
    elements, connections = blueprint["elements"], blueprint["connections"]
    ids = [element["id"] for element in elements]
    assert ids == ["org-1", "org-2", "org-3", "org-4"]
    assert len(set(ids)) == len(ids)
    assert connections
    for connection in connections:
        assert connection["from"] in ids and connection["to"] in ids
        assert connection["direction"] == "undirected"
    opdc = elements[0]
    assert opdc["label"] == 'สำนักงาน ก.พ.ร. "OPDC" <&>'
    assert opdc["type"] == "gov_central"
    assert opdc["description"] == "สำนักงานคณะกรรมการพัฒนาระบบราชการ\nชั้น ๕"
    assert (opdc["degree"], opdc["strength"], opdc["articulation"]) == (2, 3.75, True)
    assert "name_en" not in elements[1]  # None: no field
    assert connections[0]["tags"] == ["group", "action"]
    assert (connections[0]["weight"], connections[0]["count"]) == (2.5, 3)
    assert blueprint["meta"]["level"] == "organisation"


def test_kumu_connections_tell_apart_elements_with_the_same_label() -> None:
    twins = [
        {"id": "org-1", "label": "สสจ."},
        {"id": "org-2", "label": "สสจ."},
        {"id": "org-3", "label": "อบต."},
    ]
    ties = [{"source": "org-1", "target": "org-3", "weight": 1.0}]
    connection = json.loads(written("kumu", twins, ties))["connections"][0]
    assert (connection["from"], connection["to"]) == ("org-1", "org-3")


TRIO = [
    {"id": "person-1", "label": "สมชาย", "degree": 1},
    {"id": "person-2", "label": "สมหญิง", "degree": 1},
    {"id": "person-3", "label": "ผู้อยู่ลำพัง", "degree": 0},
]
DUO = [{"source": "person-1", "target": "person-2", "weight": 1.0}]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_a_node_without_ties_is_exported_as_a_graph_node(fmt: str) -> None:
    data = written(fmt, TRIO, DUO)
    graph = nx.read_gexf(io.BytesIO(data)) if fmt == "gexf" else nx.read_graphml(io.BytesIO(data))
    assert set(graph.nodes) == {"person-1", "person-2", "person-3"}
    assert graph.degree("person-3") == 0
    assert graph.nodes["person-3"]["label"] == "ผู้อยู่ลำพัง"
    assert graph.number_of_edges() == 1


def test_a_node_without_ties_is_in_the_csv_and_kumu_exports() -> None:
    _archive, nodes, edges = read_zip(written("csv", TRIO, DUO))
    assert [row["id"] for row in nodes] == ["person-1", "person-2", "person-3"]
    assert len(edges) == 1
    elements = json.loads(written("kumu", TRIO, DUO))["elements"]
    assert [element["id"] for element in elements] == ["person-1", "person-2", "person-3"]


def test_an_empty_network_still_makes_readable_files() -> None:
    assert nx.read_gexf(io.BytesIO(written("gexf", [], []))).number_of_nodes() == 0
    assert nx.read_graphml(io.BytesIO(written("graphml", [], []))).number_of_nodes() == 0
    assert json.loads(written("kumu", [], [])) | {"meta": None} == {
        "meta": None,
        "elements": [],
        "connections": [],
    }


def test_it_refuses_a_tie_to_a_node_not_exported_and_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="not exported"):
        written("gexf", TRIO, [{"source": "person-1", "target": "person-9", "weight": 1.0}])
    with pytest.raises(ValueError, match="Unknown"):
        written("pajek")


def test_formats_name_an_extension_and_a_content_type_for_each_format() -> None:
    assert exports.FORMATS == {
        "gexf": ("gexf", "application/gexf+xml"),
        "graphml": ("graphml", "application/graphml+xml"),
        "csv": ("zip", "application/zip"),
        "kumu": ("json", "application/json"),
    }


# --- From the lead's view, and the command --------------------------------------------


def test_rows_turn_a_network_view_into_plain_values() -> None:
    """numpy measures become int / float / bool, NaN and empty text become
    no value, a node without ties stays."""

    def node(index: int, pk: int, **extra: Any) -> SimpleNamespace:
        fields: dict[str, Any] = {
            "index": index,
            "pk": pk,
            "label": f"หน่วย {pk}",
            "name": f"หน่วยงาน {pk}",
            "name_en": "",
            "sector": "academia",
            "sector_label": "สถาบันการศึกษา",
            "kind": "university",
            "kind_label": "มหาวิทยาลัย",
            "province_id": None,
            "province": None,
            "ministry": "",
            "degree": np.int64(1),
            "strength": np.float64(2.5),
            "betweenness": np.float64(0.0),
            "broker_rank": None,
            "component": np.int64(0),
            "community": np.int64(1),
            "articulation": np.bool_(False),
            "ei_sector": np.float64("nan"),
            "reach": np.int64(1),
            "x": np.float64(0.5),
            "y": np.float64(-0.5),
        }
        return SimpleNamespace(**(fields | extra))

    view = SimpleNamespace(
        level="organisation",
        scope="public",
        start=None,
        end=dt.date(2025, 3, 31),
        lab_id=None,
        computed_at=None,
        betweenness_sample=256,
        nodes=[
            node(0, 12),
            node(1, 30, articulation=np.bool_(True)),
            node(2, 7, degree=np.int64(0)),
        ],
        edges=[
            SimpleNamespace(
                a=1,
                b=0,
                weight=np.float64(2.5),
                kinds=("group", "action"),
                first=dt.date(2024, 1, 1),
                last=dt.date(2024, 2, 1),
                count=np.int64(2),
            )
        ],
    )
    nodes, edges = exports.rows(view)  # type: ignore[arg-type]
    assert [n["id"] for n in nodes] == ["org-12", "org-30", "org-7"]
    assert edges == [
        {
            "source": "org-30",
            "target": "org-12",
            "weight": 2.5,
            "kinds": "group;action",
            "first": "2024-01-01",
            "last": "2024-02-01",
            "count": 2,
        }
    ]
    first = nodes[0]
    assert (first["name_en"], first["ministry"], first["ei_sector"]) == (None, None, None)
    for key in ("degree", "community", "component", "reach"):
        assert type(first[key]) is int
    assert type(first["articulation"]) is bool and nodes[1]["articulation"] is True
    assert type(first["strength"]) is float
    meta = exports.meta_for(view)  # type: ignore[arg-type]
    assert meta["betweenness_sample"] == 256 and meta["end"] == "2025-03-31"
    out = io.BytesIO()
    assert exports.write_view("graphml", out, view) == (3, 1)  # type: ignore[arg-type]
    assert set(nx.read_graphml(io.BytesIO(out.getvalue())).nodes) == {"org-12", "org-30", "org-7"}


@pytest.fixture
def tied(db: Any) -> dict[str, Any]:
    """Four organisations: two tied in a public lab and a members-only one,
    a third tied to the first only in the members-only lab, a fourth alone."""
    from directory.services import organisation_create
    from network.models import Level, Tie, TieKind
    from workshops.tests.conftest import make_lab

    orgs = [
        organisation_create(by=None, name_th=name, abbreviation_th=short, sector=sector, kind=kind)
        for name, short, sector, kind in [
            ("กรมส่งเสริมการปกครองท้องถิ่น", "สถ.", "gov_central", "department"),
            ("สำนักงานสาธารณสุขจังหวัดยะลา", "=สสจ.ยะลา", "gov_regional", "provincial_office"),
            ("มูลนิธิเพื่อนหญิง", "", "civil_society", "ngo"),
            ("มหาวิทยาลัยราชภัฏยะลา", "มรย.", "academia", "university"),
        ]
    ]
    public, private = make_lab("ห้องทดลองยาเสพติด"), make_lab("ห้องลับ", visibility="members")

    def tie(a: Any, b: Any, kind: str, day: dt.date, lab: Any) -> None:
        Tie.objects.create(
            level=Level.ORGANISATION,
            kind=kind,
            organisation_a=min(a, b, key=lambda o: o.pk),
            organisation_b=max(a, b, key=lambda o: o.pk),
            date=day,
            lab=lab,
            public=lab.is_public,
            origin=f"test:{lab.pk}",
        )

    tie(orgs[0], orgs[1], TieKind.GROUP, dt.date(2024, 2, 1), public)
    tie(orgs[0], orgs[1], TieKind.ACTION, dt.date(2024, 5, 1), private)
    tie(orgs[0], orgs[2], TieKind.GROUP, dt.date(2024, 8, 1), private)
    return {"orgs": orgs, "public": public, "private": private}


def export(tmp_path: Path, fmt: str, *args: str) -> tuple[Path, str]:
    out = tmp_path / f"network.{exports.FORMATS[fmt][0]}"
    stdout = io.StringIO()
    call_command("export_network", "--format", fmt, *args, str(out), stdout=stdout)
    return out, stdout.getvalue()


def test_the_command_writes_every_lab_by_default_with_isolated_organisations(
    tied: dict[str, Any], tmp_path: Path
) -> None:
    first, second, third, alone = (f"org-{org.pk}" for org in tied["orgs"])
    out, said = export(tmp_path, "gexf")
    graph = nx.read_gexf(out)
    assert {first, second, third, alone} <= set(graph.nodes)
    assert graph.degree(alone) == 0
    assert graph.nodes[first]["label"] == "สถ."
    assert graph.nodes[first]["name"] == "กรมส่งเสริมการปกครองท้องถิ่น"
    assert graph.nodes[third]["label"] == "มูลนิธิเพื่อนหญิง"  # no abbreviation: the name
    assert {pair(a, b) for a, b in graph.edges} == {pair(first, second), pair(first, third)}
    assert graph.edges[first, second]["count"] == 2
    assert graph.edges[first, second]["kinds"] == "action;group"
    assert (graph.edges[first, second]["first"], graph.edges[first, second]["last"]) == (
        "2024-02-01",
        "2024-05-01",
    )
    assert f"{graph.number_of_nodes()} nodes and 2 ties" in said
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # renamed into place


def test_the_command_keeps_to_public_labs_and_windows_and_labs_when_asked(
    tied: dict[str, Any], tmp_path: Path
) -> None:
    first, second, third, _alone = (f"org-{org.pk}" for org in tied["orgs"])
    out, _said = export(tmp_path, "graphml", "--scope", "public")
    graph = nx.read_graphml(out)
    assert {pair(a, b) for a, b in graph.edges} == {pair(first, second)}
    assert graph.edges[first, second]["count"] == 1  # the members-only lab's action left out
    assert graph.graph["scope"] == "public"

    out, _said = export(tmp_path, "graphml", "--from", "2024-04-01", "--to", "2024-06-30")
    graph = nx.read_graphml(out)
    assert {pair(a, b) for a, b in graph.edges} == {pair(first, second)}
    assert graph.edges[first, second]["kinds"] == "action"

    out, _said = export(tmp_path, "kumu", "--lab", str(tied["private"].pk))
    connections = json.loads(out.read_text(encoding="utf-8"))["connections"]
    assert {pair(c["from"], c["to"]) for c in connections} == {
        pair(first, second),
        pair(first, third),
    }


def test_the_command_writes_a_spreadsheet_safe_csv_zip(
    tied: dict[str, Any], tmp_path: Path
) -> None:
    out, _said = export(tmp_path, "csv")
    _archive, nodes, edges = read_zip(out.read_bytes())
    second = f"org-{tied['orgs'][1].pk}"
    assert {row["id"]: row["label"] for row in nodes}[second] == "'=สสจ.ยะลา"
    assert len(edges) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pajek"], "invalid choice"),
        (["--format", "gexf", "--from", "2024-13-01"], "--from: '2024-13-01' is not a date"),
        (["--format", "gexf", "--to", "yesterday"], "--to: 'yesterday' is not a date"),
        (["--format", "gexf", "--from", "2024-05-01", "--to", "2024-01-01"], "is after --to"),
        (["--format", "gexf", "--lab", "999999"], "no lab with id 999999"),
        (["--format", "gexf", "--level", "ministry"], "invalid choice"),
    ],
)
def test_the_command_explains_bad_arguments(
    db: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("export_network", *args, str(tmp_path / "out.gexf"))
    assert not list(tmp_path.iterdir())


def test_the_command_refuses_a_members_only_lab_in_the_public_scope(
    tied: dict[str, Any], tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="members-only"):
        call_command(
            "export_network",
            "--format",
            "gexf",
            "--scope",
            "public",
            "--lab",
            str(tied["private"].pk),
            str(tmp_path / "out.gexf"),
        )


def test_the_command_refuses_a_folder_that_does_not_exist(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not a folder"):
        call_command("export_network", "--format", "csv", str(tmp_path / "nowhere" / "out.zip"))


def test_a_failed_export_leaves_the_previous_file_whole(
    tied: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "network.gexf"
    out.write_bytes(b"the previous export")

    def half_then_fail(fmt: str, stream: Any, view: Any) -> tuple[int, int]:
        stream.write(b"<?xml half")
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_view", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        call_command("export_network", "--format", "gexf", str(out))
    assert out.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["network.gexf"]  # no temporary file left
