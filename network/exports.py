"""The network, out to other tools: GEXF and GraphML (Gephi, networkx,
Cytoscape), CSV node and edge lists in a zip (spreadsheets, R, pandas) and
Kumu's JSON import format ("blueprints").

The writers know no app model: they take plain rows, so the command
(`manage.py export_network`) and the map page's download write the same
files. A node is a dict with "id" ("org-12", "person-3") and "label", then
its attributes; an edge has "source", "target" (node ids) and "weight",
then its attributes. Attribute values are str, int, float or bool, and None
means "no value": each format leaves the value out (no <attvalue>, no
<data>, an empty CSV cell, no Kumu field). An attribute's type is what its
values are (int and float together make float; anything else mixed makes
text), declared where the format has room for types.

`rows(view)` turns `network.selectors.NetworkView` into those dicts and
`meta_for(view)` says what the file holds (level, scope, window, when it
was computed, the betweenness sample): GEXF <meta>, GraphML graph data,
Kumu's top-level "meta", the CSV zip's readme.txt.

GEXF and GraphML are written as a stream of strings, never a DOM: a
20,000-node, 200,000-tie network writes in a few seconds and little memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils.translation import gettext as _

from lib.xlsx import sheet_safe

if TYPE_CHECKING:
    from network.selectors import NetworkView

Row = dict[str, Any]

# fmt -> (file extension without the dot, content type)
FORMATS: dict[str, tuple[str, str]] = {
    "gexf": ("gexf", "application/gexf+xml"),
    "graphml": ("graphml", "application/graphml+xml"),
    "csv": ("zip", "application/zip"),
    "kumu": ("json", "application/json"),
}

GENERATOR = "Saphan"
NODE_KEYS = ("id", "label")
EDGE_KEYS = ("source", "target", "weight")

# Okabe–Ito, then Tableau: colours told apart by most colour-blind readers.
_PALETTE = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (240, 228, 66),
    (0, 0, 0),
    (148, 103, 189),
    (140, 86, 75),
    (127, 127, 127),
    (188, 189, 34),
)
# Gephi draws a node 10 units wide: a layout in [-1, 1] would be one blob.
_GEPHI_EXTENT = 1000.0
_CHUNK = 1 << 16


# --- Values and columns -------------------------------------------------------------


def _plain(value: Any) -> str | int | float | bool | None:
    """A value as str / int / float / bool / None: numpy scalars (the
    measures are numpy arrays) and dates come in too."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value  # type: ignore[no-any-return]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return _plain(item())
    # Subclasses (TextChoices members, SafeString) as their plain type.
    for plain in (bool, int, float, str):
        if isinstance(value, plain):
            return plain(value)
    return str(value)  # a lazy translation, a Decimal


@dataclass(frozen=True)
class Column:
    name: str
    kind: type  # bool, int, float or str

    def value(self, raw: Any) -> str | int | float | bool | None:
        """The row's value in this column's type (None when it has none)."""
        value = _plain(raw)
        if value is None or type(value) is self.kind:
            return value
        if self.kind is float and type(value) is int:
            return float(value)
        if self.kind is str:
            return _text_of(value)
        return value


def _text_of(value: str | int | float | bool) -> str:
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is float:
        return _float_text(value)
    return str(value)


def _resolve(kinds: set[type]) -> type:
    if kinds == {bool}:
        return bool
    if kinds <= {int, float}:
        return float if float in kinds else int
    return str


def columns(rows: Iterable[Row], *, reserved: Sequence[str] = ()) -> list[Column]:
    """The attributes of these rows, in the order they first appear, each
    with one type. A column with no value in any row is still declared
    (as text), so that every file of one export has the same columns."""
    seen: dict[str, set[type]] = {}
    skip = set(reserved)
    for row in rows:
        for name, raw in row.items():
            if name in skip:
                continue
            kinds = seen.setdefault(name, set())
            value = _plain(raw)
            if value is not None:
                kinds.add(type(value))
    return [Column(name, _resolve(kinds)) for name, kinds in seen.items()]


def _float_text(value: float) -> str:
    """Shortest text that reads back as the same float; INF and NaN in the
    XML Schema spelling (float() reads those too)."""
    if math.isfinite(value):
        return repr(value)
    if math.isnan(value):
        return "NaN"
    return "INF" if value > 0 else "-INF"


# --- XML ----------------------------------------------------------------------------

# Characters XML 1.0 cannot hold at all (control characters, lone surrogates):
# dropped, or the whole file would be unreadable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')


def _xml_text(text: str) -> str:
    """Escaped for an attribute value or element text. Line breaks and tabs
    become character references: an XML parser would fold them into spaces
    in an attribute."""
    if not _XML_SPECIAL.search(text):
        return text
    text = _XML_INVALID.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _xml_value(value: str | int | float | bool) -> str:
    kind = type(value)
    if kind is str:
        return _xml_text(value)  # type: ignore[arg-type]
    return _text_of(value)


class _Sink:
    """Collects text and writes it to the binary stream as UTF-8 in chunks:
    one write per string would be the slow part of a big export."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)
        if len(self.parts) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write("".join(self.parts).encode("utf-8"))
            self.parts.clear()


def _meta_items(meta: Row) -> list[tuple[str, str | int | float | bool]]:
    items = []
    for name, raw in meta.items():
        value = _plain(raw)
        if value is not None:
            items.append((name, value))
    return items


def _meta_line(meta: Row) -> str:
    return "; ".join(f"{name}: {_text_of(value)}" for name, value in _meta_items(meta))


# --- GEXF ---------------------------------------------------------------------------

_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GEXF_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
)


def _sector_colours(nodes: Sequence[Row]) -> dict[Any, tuple[int, int, int]]:
    """One colour per sector, given in the sectors' sorted order so that
    one network's exports always agree."""
    sectors = sorted({str(node["sector"]) for node in nodes if node.get("sector") is not None})
    return {sector: _PALETTE[i % len(_PALETTE)] for i, sector in enumerate(sectors)}


def _position_scale(nodes: Sequence[Row]) -> float | None:
    extent = 0.0
    for node in nodes:
        x, y = _plain(node.get("x")), _plain(node.get("y"))
        if not isinstance(x, int | float) or not isinstance(y, int | float):
            return None  # a node without a place: no positions at all
        extent = max(extent, abs(x), abs(y))
    if not nodes or not math.isfinite(extent):
        return None
    return _GEPHI_EXTENT / extent if extent else 1.0


def _gexf_attributes(write: Callable[[str], None], kind: str, cols: list[Column]) -> None:
    write(f'    <attributes class="{kind}" mode="static">\n')
    for col in cols:
        name = _xml_text(col.name)
        write(f'      <attribute id="{name}" title="{name}" type="{_GEXF_TYPES[col.kind]}"/>\n')
    write("    </attributes>\n")


def _gexf_attvalues(row: Row, cols: list[Column]) -> str:
    parts = []
    for col in cols:
        value = col.value(row.get(col.name))
        if value is not None:
            parts.append(f'<attvalue for="{_xml_text(col.name)}" value="{_xml_value(value)}"/>')
    return "<attvalues>" + "".join(parts) + "</attvalues>" if parts else ""


def write_gexf(out: BinaryIO, *, nodes: list[Row], edges: list[Row], meta: Row) -> None:
    """GEXF 1.3 (Gephi 0.10, networkx): typed attributes, labels, weights,
    nodes coloured by sector and placed where the map placed them."""
    node_cols = columns(nodes, reserved=NODE_KEYS)
    edge_cols = columns(edges, reserved=EDGE_KEYS)
    colours = _sector_colours(nodes)
    scale = _position_scale(nodes)
    write = _Sink(out)
    write(_GEXF_HEAD)
    day = _meta_day(meta)
    write(f'  <meta lastmodifieddate="{day}">\n')
    write(f"    <creator>{_xml_text(str(meta.get('generator') or GENERATOR))}</creator>\n")
    write(f"    <description>{_xml_text(_meta_line(meta))}</description>\n")
    write("  </meta>\n")
    write('  <graph defaultedgetype="undirected" mode="static">\n')
    _gexf_attributes(write, "node", node_cols)
    _gexf_attributes(write, "edge", edge_cols)
    write("    <nodes>\n")
    for node in nodes:
        head = f'      <node id="{_xml_text(str(node["id"]))}"'
        label = _plain(node.get("label"))
        if label is not None:
            head += f' label="{_xml_value(label)}"'
        viz = ""
        colour = colours.get(str(node.get("sector")))
        if colour:
            viz += f'<viz:color r="{colour[0]}" g="{colour[1]}" b="{colour[2]}"/>'
        if scale is not None:
            x, y = float(_plain(node["x"])), float(_plain(node["y"]))  # type: ignore[arg-type]
            # Gephi's y axis points up, the map's down.
            viz += f'<viz:position x="{_float_text(x * scale)}" y="{_float_text(0.0 - y * scale)}" z="0.0"/>'
        write(f"{head}>{_gexf_attvalues(node, node_cols)}{viz}</node>\n")
    write("    </nodes>\n")
    write("    <edges>\n")
    for number, edge in enumerate(edges):
        head = (
            f'      <edge id="{number}" source="{_xml_text(str(edge["source"]))}" '
            f'target="{_xml_text(str(edge["target"]))}"'
        )
        weight = _plain(edge.get("weight"))
        if weight is not None:
            head += f' weight="{_float_text(float(weight))}"'
        write(f"{head}>{_gexf_attvalues(edge, edge_cols)}</edge>\n")
    write("    </edges>\n")
    write("  </graph>\n</gexf>\n")
    write.flush()


def _meta_day(meta: Row) -> str:
    computed = meta.get("computed_at")
    if isinstance(computed, dt.datetime):
        return computed.date().isoformat()
    if isinstance(computed, dt.date):
        return computed.isoformat()
    if isinstance(computed, str) and len(computed) >= 10:
        try:
            return dt.date.fromisoformat(computed[:10]).isoformat()
        except ValueError:
            pass
    return dt.date.today().isoformat()


# --- GraphML ------------------------------------------------------------------------

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _graphml_keys(
    write: Callable[[str], None], domain: str, cols: list[Column], start: int
) -> list[tuple[str, Column]]:
    keyed = []
    for number, col in enumerate(cols, start=start):
        key = f"d{number}"
        write(
            f'  <key id="{key}" for="{domain}" attr.name="{_xml_text(col.name)}" '
            f'attr.type="{_GRAPHML_TYPES[col.kind]}"/>\n'
        )
        keyed.append((key, col))
    return keyed


def _graphml_data(row: Row, keyed: list[tuple[str, Column]]) -> str:
    parts = []
    for key, col in keyed:
        value = col.value(row.get(col.name))
        if value is not None:
            parts.append(f'<data key="{key}">{_xml_value(value)}</data>')
    return "".join(parts)


def write_graphml(out: BinaryIO, *, nodes: list[Row], edges: list[Row], meta: Row) -> None:
    """GraphML, undirected, every attribute a typed <key> (the label and
    the weight too: Gephi reads "label" and "weight" keys as such)."""
    meta_row = dict(_meta_items(meta))
    meta_cols = columns([meta_row])
    node_cols = [Column("label", str)] + columns(nodes, reserved=NODE_KEYS)
    edge_cols = [Column("weight", float)] + columns(edges, reserved=EDGE_KEYS)
    write = _Sink(out)
    write(_GRAPHML_HEAD)
    write(f"  <desc>{_xml_text(_meta_line(meta))}</desc>\n")
    graph_keys = _graphml_keys(write, "graph", meta_cols, 0)
    node_keys = _graphml_keys(write, "node", node_cols, len(graph_keys))
    edge_keys = _graphml_keys(write, "edge", edge_cols, len(graph_keys) + len(node_keys))
    write('  <graph id="G" edgedefault="undirected">\n')
    write(f"    {_graphml_data(meta_row, graph_keys)}\n")
    for node in nodes:
        write(
            f'    <node id="{_xml_text(str(node["id"]))}">{_graphml_data(node, node_keys)}</node>\n'
        )
    for edge in edges:
        write(
            f'    <edge source="{_xml_text(str(edge["source"]))}" '
            f'target="{_xml_text(str(edge["target"]))}">{_graphml_data(edge, edge_keys)}</edge>\n'
        )
    write("  </graph>\n</graphml>\n")
    write.flush()


# --- CSV ----------------------------------------------------------------------------

# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +, -, @) stays
# text behind an apostrophe: names are what people typed. The same rule as
# boards.exports' CSV.


def _csv_cell(value: str | int | float | bool | None) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return sheet_safe(value)  # type: ignore[arg-type]
    if type(value) is float and not math.isfinite(value):
        return "" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return _text_of(value)


def _csv_member(archive: zipfile.ZipFile, name: str, rows: list[Row], cols: list[Column]) -> None:
    with archive.open(name, "w") as raw:
        # utf-8-sig: the byte-order mark tells Excel the file is UTF-8 (Thai).
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow([col.name for col in cols])
        for row in rows:
            writer.writerow([_csv_cell(col.value(row.get(col.name))) for col in cols])
        text.flush()
        text.detach()


def _readme(meta: Row, node_cols: list[Column], edge_cols: list[Column]) -> str:
    lines = [
        _("A network exported from Saphan."),
        "",
        *(f"{name}: {_text_of(value)}" for name, value in _meta_items(meta)),
        "",
        _("nodes.csv: one row per organisation or person, isolated ones included."),
        _("Columns: %(columns)s") % {"columns": ", ".join(col.name for col in node_cols)},
        "",
        _(
            "edges.csv: one row per pair that worked together (undirected): weight is "
            "the sum of the weights of its kinds of tie, count the pieces of evidence, "
            "first and last their dates, kinds the kinds of tie separated by ';'."
        ),
        _("Columns: %(columns)s") % {"columns": ", ".join(col.name for col in edge_cols)},
        "",
        _(
            "The files are UTF-8 with a byte-order mark. An empty cell means no value. "
            "Text that begins with = + - or @ has an apostrophe in front of it, so that "
            "a spreadsheet does not run it as a formula."
        ),
    ]
    return "\r\n".join(lines) + "\r\n"


def write_csv(out: BinaryIO, *, nodes: list[Row], edges: list[Row], meta: Row) -> None:
    """A zip of nodes.csv, edges.csv and readme.txt (what the files hold)."""
    node_cols = [Column("id", str), Column("label", str)] + columns(nodes, reserved=NODE_KEYS)
    edge_cols = [Column("source", str), Column("target", str), Column("weight", float)]
    edge_cols += columns(edges, reserved=EDGE_KEYS)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _csv_member(archive, "nodes.csv", nodes, node_cols)
        _csv_member(archive, "edges.csv", edges, edge_cols)
        archive.writestr("readme.txt", "\ufeff" + _readme(meta, node_cols, edge_cols))


# --- Kumu ---------------------------------------------------------------------------


def _json_value(value: str | int | float | bool | None) -> str | int | float | bool | None:
    if type(value) is float and not math.isfinite(value):  # JSON has no NaN or infinity
        return None
    return value


def _fields(row: Row, cols: list[Column]) -> Iterator[tuple[str, Any]]:
    for col in cols:
        value = _json_value(col.value(row.get(col.name)))
        if value is not None:
            yield col.name, value


def kumu_element(node: Row, cols: list[Column]) -> Row:
    """An element: Kumu's "id" (connections name it, since labels such as
    abbreviations can repeat), "label", "type" (the sector, which Kumu
    colours by), "description" (the full name), then custom fields."""
    element: Row = {"id": str(node["id"]), "label": _plain(node.get("label")) or str(node["id"])}
    sector = _plain(node.get("sector_label")) or _plain(node.get("sector"))
    if sector is not None:
        element["type"] = sector
    name = _plain(node.get("name"))
    if name and name != element["label"]:
        element["description"] = name
    for field, value in _fields(node, cols):
        element.setdefault(field, value)
    return element


def kumu_connection(edge: Row, cols: list[Column]) -> Row:
    """A connection between two element ids, undirected, its kinds of tie
    as Kumu tags."""
    source, target = str(edge["source"]), str(edge["target"])
    connection: Row = {
        "id": f"{source}--{target}",
        "from": source,
        "to": target,
        "direction": "undirected",
    }
    weight = _json_value(_plain(edge.get("weight")))
    if weight is not None:
        connection["weight"] = float(weight)
    kinds = _plain(edge.get("kinds"))
    if kinds:
        connection["tags"] = [kind for kind in str(kinds).split(";") if kind]
    connection.update(_fields(edge, cols))
    return connection


def write_kumu(out: BinaryIO, *, nodes: list[Row], edges: list[Row], meta: Row) -> None:
    """Kumu's JSON import ("blueprint"): {"elements": [...], "connections":
    [...]}, plus "meta" (Kumu reads only the keys it knows)."""
    node_cols = columns(nodes, reserved=NODE_KEYS)
    edge_cols = [c for c in columns(edges, reserved=EDGE_KEYS) if c.name != "kinds"]
    write = _Sink(out)

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)

    write('{"meta": ' + dump({k: _json_value(v) for k, v in _meta_items(meta)}))
    write(',\n"elements": [')
    for number, node in enumerate(nodes):
        write(("," if number else "") + "\n" + dump(kumu_element(node, node_cols)))
    write('\n],\n"connections": [')
    for number, edge in enumerate(edges):
        write(("," if number else "") + "\n" + dump(kumu_connection(edge, edge_cols)))
    write("\n]}\n")
    write.flush()


# --- One entry point ----------------------------------------------------------------

_WRITERS: dict[str, Callable[..., None]] = {
    "gexf": write_gexf,
    "graphml": write_graphml,
    "csv": write_csv,
    "kumu": write_kumu,
}


def write(fmt: str, out: BinaryIO, *, nodes: list[Row], edges: list[Row], meta: Row) -> None:
    """Write the network to `out` in `fmt` (one of FORMATS). Edges whose
    ends are not among the nodes are a caller's bug: refused."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(f"Unknown network export format {fmt!r}") from None
    ids = {str(node["id"]) for node in nodes}
    if len(ids) != len(nodes):
        raise ValueError("Two nodes share an id")
    for edge in edges:
        if str(edge["source"]) not in ids or str(edge["target"]) not in ids:
            raise ValueError(f"Tie {edge['source']}–{edge['target']} names a node not exported")
    writer(out, nodes=nodes, edges=edges, meta=meta)


# --- From the network view ----------------------------------------------------------

_PREFIX = {"organisation": "org", "person": "person"}


def node_id(level: str, pk: int) -> str:
    return f"{_PREFIX.get(level, level)}-{pk}"


def _or_none(value: Any) -> Any:
    """Empty text is no value ("" and None alike are left out)."""
    return None if value == "" else value


def _float_or_none(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def rows(view: NetworkView) -> tuple[list[Row], list[Row]]:
    """The view's nodes (isolated ones too) and ties as export rows."""
    nodes: list[Row] = []
    ids: dict[int, str] = {}
    for node in view.nodes:
        key = node_id(view.level, node.pk)
        ids[node.index] = key
        nodes.append(
            {
                "id": key,
                "label": node.label or node.name,
                "name": _or_none(node.name),
                "name_en": _or_none(node.name_en),
                "sector": _or_none(node.sector),
                "sector_label": _or_none(str(node.sector_label or "")),
                "kind": _or_none(node.kind),
                "kind_label": _or_none(str(node.kind_label or "")),
                "province": _or_none(node.province),
                "ministry": _or_none(node.ministry),
                "community": int(node.community),
                "component": int(node.component),
                "degree": int(node.degree),
                "strength": float(node.strength),
                "betweenness": float(node.betweenness),
                "broker_rank": None if node.broker_rank is None else int(node.broker_rank),
                "articulation": bool(node.articulation),
                "ei_sector": _float_or_none(node.ei_sector),
                "reach": int(node.reach),
                "x": _float_or_none(node.x),
                "y": _float_or_none(node.y),
            }
        )
    edges: list[Row] = []
    for edge in view.edges:
        if edge.a not in ids or edge.b not in ids:
            continue  # an end filtered out of the view
        edges.append(
            {
                "source": ids[edge.a],
                "target": ids[edge.b],
                "weight": float(edge.weight),
                "kinds": ";".join(str(kind) for kind in edge.kinds),
                "first": edge.first.isoformat() if edge.first else None,
                "last": edge.last.isoformat() if edge.last else None,
                "count": int(edge.count),
            }
        )
    return nodes, edges


def meta_for(view: NetworkView) -> Row:
    """What an export holds, for the file's header or readme."""
    computed = view.computed_at
    return {
        "generator": GENERATOR,
        "level": str(view.level),
        "scope": str(view.scope),
        "start": view.start.isoformat() if view.start else None,
        "end": view.end.isoformat() if view.end else None,
        "lab": view.lab_id,
        "computed_at": computed.isoformat() if computed else None,
        "betweenness_sample": view.betweenness_sample,
    }


def write_view(fmt: str, out: BinaryIO, view: NetworkView) -> tuple[int, int]:
    """Write a NetworkView in `fmt`; returns (nodes, ties) written."""
    nodes, edges = rows(view)
    write(fmt, out, nodes=nodes, edges=edges, meta=meta_for(view))
    return len(nodes), len(edges)
