"""The network map and what it reads: the page (with its text alternative),
the map's data and a node's details as JSON, and the exports.

Views only parse the query, check access and call `network.selectors`:

- the person-level network is personal data (who met whom, PDPA): signed-in
  users only, and its exports (the whole of it in one file) administrators
  only;
- `scope=all` (members-only labs included) is for administrators only;
- a lab filter names a lab the user may see (`labs.selectors.lab_list`),
  else 404, so members-only labs do not leak through the map either.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from accounts.rules import is_administrator
from directory.models import Organisation, OrganisationAlias, Sector
from labs.models import Lab
from labs.selectors import lab_list
from lib.templatetags.thai import thaidate
from network import jobs, selectors
from network.models import Level, Scope, TieKind
from network.ties import STANDING

# What the map can colour and size nodes by (the first of each is the default).
COLOURS = ("sector", "community")
SIZES = ("degree", "betweenness", "strength", "reach")
# The node columns of the map's data, in order (see static/js/network-map.js).
NODE_FIELDS = (
    "pk",
    "label",
    "name",
    "name_en",
    "sector",
    "province",
    "community",
    "component",
    "degree",
    "strength",
    "betweenness",
    "reach",
    "x",
    "y",
    "broker_rank",
    "articulation",
    "label_en",  # the English abbreviation (organisations)
    "aka",  # other names and abbreviations, "|"-separated, for the search box
)
# Bit i of an edge's kinds is TIE_KINDS[i].
TIE_KINDS: tuple[str, ...] = tuple(TieKind.values)
_KIND_BIT = {kind: 1 << i for i, kind in enumerate(TIE_KINDS)}
# The text alternative lists this many brokers and communities.
TOP_BROKERS = 15
TOP_COMMUNITIES = 20
# Buddhist-era years typed by hand (2568-01-31) are accepted and converted.
_BUDDHIST_OFFSET = 543
MAX_QUERY_PARAM = 40
# The largest primary key (BigAutoField): a larger number is refused before
# it reaches the database, which would fail on it.
MAX_ID = 2**63 - 1
# What the export buttons say (names of formats, not translated).
EXPORT_LABELS = {"gexf": "GEXF", "graphml": "GraphML", "csv": "CSV", "kumu": "Kumu"}


class BadQuery(Exception):
    """A query parameter the views cannot use; the message is for the user."""


@dataclasses.dataclass(frozen=True)
class Query:
    level: str
    scope: str
    lab: Lab | None
    start: dt.date | None
    end: dt.date | None
    sector: str
    province: int | None
    colour: str
    size: str

    @property
    def tie_scope(self) -> str:
        """The scope of the ties read. A lab filter confines the ties to that
        lab, which the user may see (checked in `_parse`): its members see
        its members-only work too."""
        if self.lab is not None and self.lab.visibility != Lab.Visibility.PUBLIC:
            return Scope.ALL
        return self.scope

    def params(self, **extra: Any) -> str:
        """The query string that names this view (for links and exports)."""
        values: dict[str, Any] = {
            "level": self.level if self.level != Level.ORGANISATION else None,
            "scope": self.scope if self.scope != Scope.PUBLIC else None,
            "lab": self.lab.pk if self.lab else None,
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "sector": self.sector or None,
            "province": self.province,
            **extra,
        }
        return urlencode({key: value for key, value in values.items() if value not in (None, "")})


# --- Parsing -------------------------------------------------------------------


def _date(request: HttpRequest, name: str) -> dt.date | None:
    raw = request.GET.get(name, "").strip()[:MAX_QUERY_PARAM]
    if not raw:
        return None
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(
            _("“%(value)s” is not a date: write it as year-month-day, for example 2025-01-31.")
            % {"value": raw}
        ) from None
    if value.year > 2400:  # a Buddhist-era year
        try:
            value = value.replace(year=value.year - _BUDDHIST_OFFSET)
        except ValueError:  # 29 February of a year that is not a leap year in CE
            raise BadQuery(_("“%(value)s” is not a date.") % {"value": raw}) from None
    return value


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()[:MAX_QUERY_PARAM]
    if not raw:
        return None
    # str.isdigit() alone also accepts "²" and other digits int() refuses.
    if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_ID:
        raise BadQuery(_("“%(value)s” is not a number.") % {"value": raw})
    return int(raw)


def _choice(request: HttpRequest, name: str, choices: tuple[str, ...] | list[str]) -> str:
    raw = request.GET.get(name, "").strip()[:MAX_QUERY_PARAM]
    if raw and raw not in choices:
        raise BadQuery(_("“%(value)s” is not a choice here.") % {"value": raw})
    return raw


def _option(request: HttpRequest, name: str, choices: tuple[str, ...]) -> str:
    """A display option of the page (colour, size): the default when unknown."""
    value = request.GET.get(name, "")
    return value if value in choices else choices[0]


def _parse(request: HttpRequest) -> Query:
    """The map's query, checked: raises BadQuery (400), PermissionDenied
    (403: people without signing in, scope ALL without being an
    administrator) or Http404 (a lab the user may not see)."""
    user = request.user
    level = _choice(request, "level", Level.values) or Level.ORGANISATION
    if not selectors.may_see_level(user, level):
        raise PermissionDenied(_("Sign in to see the network of people."))
    allowed = selectors.scope_for(user)
    scope = _choice(request, "scope", Scope.values) or allowed
    if scope == Scope.ALL and allowed != Scope.ALL:
        raise PermissionDenied(_("Only administrators see the work of every lab."))
    start, end = _date(request, "from"), _date(request, "to")
    if start and end and start > end:
        raise BadQuery(_("The start date is after the end date."))
    lab_id = _int(request, "lab")
    lab = None
    if lab_id is not None:
        lab = lab_list(user=user).filter(pk=lab_id).first()
        if lab is None:
            raise Http404
    province = _int(request, "province")
    return Query(
        level=level,
        scope=scope,
        lab=lab,
        start=start,
        end=end,
        sector=_choice(request, "sector", Sector.values),
        province=province,
        colour=_option(request, "colour", COLOURS),
        size=_option(request, "size", SIZES),
    )


def _view(query: Query) -> selectors.NetworkView | None:
    """The network the query names, or None when nothing was analysed yet."""
    if selectors.current_snapshot(level=query.level, scope=query.tie_scope) is None:
        return None
    return selectors.network_view(
        level=query.level,
        scope=query.tie_scope,
        start=query.start,
        end=query.end,
        lab_id=query.lab.pk if query.lab else None,
    )


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _json_query(request: HttpRequest) -> Query | JsonResponse:
    """_parse, with its refusals as JSON (the map's script shows the message)."""
    try:
        return _parse(request)
    except BadQuery as error:
        return _json_error(str(error), 400)
    except PermissionDenied as error:
        return _json_error(str(error) or _("You may not see this."), 403)
    except Http404:
        return _json_error(_("Not found."), 404)


# --- Shaping ---------------------------------------------------------------------


def _computed_label(moment: dt.datetime | None) -> str:
    """“31 มกราคม 2568 14:05” (Buddhist era on Thai pages)."""
    if moment is None:
        return ""
    return f"{thaidate(moment)} {timezone.localtime(moment):%H:%M}"


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _other_names(level: str) -> tuple[dict[int, str], dict[int, str]]:
    """Organisations' English abbreviations and their aliases (OPDC, former
    names), so that the map's search finds an agency by any of its names.
    Two queries, whatever the size of the network."""
    if level != Level.ORGANISATION:
        return {}, {}
    english = dict(
        Organisation.objects.exclude(abbreviation_en="").values_list("pk", "abbreviation_en")
    )
    aliases: dict[int, list[str]] = {}
    for pk, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
        aliases.setdefault(pk, []).append(name)
    return english, {pk: "|".join(names) for pk, names in aliases.items()}


def _node_array(node: Any, english: dict[int, str], aliases: dict[int, str]) -> list[Any]:
    return [
        node.pk,
        node.label,
        node.name,
        node.name_en,
        node.sector,
        node.province_id,
        node.community,
        node.component,
        node.degree,
        _round(node.strength, 3),
        _round(node.betweenness, 6),
        node.reach,
        _round(node.x),
        _round(node.y),
        node.broker_rank,
        1 if node.articulation else 0,
        english.get(node.pk, ""),
        aliases.get(node.pk, ""),
    ]


def _kinds_mask(kinds: tuple[str, ...]) -> int:
    mask = 0
    for kind in kinds:
        mask |= _KIND_BIT.get(kind, 0)
    return mask


def subset(
    view: selectors.NetworkView, *, sector: str, province: int | None
) -> selectors.NetworkView:
    """The view with only the nodes of one sector and/or province and the
    ties among them (nodes renumbered), for exports of a filtered map."""
    if not sector and province is None:
        return view
    kept = [
        node
        for node in view.nodes
        if (not sector or node.sector == sector)
        and (province is None or node.province_id == province)
    ]
    renumber = {node.index: i for i, node in enumerate(kept)}
    return dataclasses.replace(
        view,
        nodes=[dataclasses.replace(node, index=renumber[node.index]) for node in kept],
        edges=[
            dataclasses.replace(edge, a=renumber[edge.a], b=renumber[edge.b])
            for edge in view.edges
            if edge.a in renumber and edge.b in renumber
        ],
    )


def _brokers(view: selectors.NetworkView) -> list[Any]:
    ranked = [node for node in view.nodes if node.broker_rank is not None and node.betweenness > 0]
    return sorted(ranked, key=lambda node: node.broker_rank or 0)[:TOP_BROKERS]


def _community_table(view: selectors.NetworkView) -> list[dict[str, Any]]:
    """The rows of the text alternative's community table: the largest
    communities of two or more, with their members by sector (the largest
    first) and by ministry (the three largest)."""
    rows = []
    for community in [c for c in view.communities if c.size > 1][:TOP_COMMUNITIES]:
        shares = sorted(community.sector_shares, key=lambda share: (-share[1], share[0]))
        rows.append(
            {
                "community": community,
                "sectors": [(label, count) for label, count, _percent in shares],
                "ministries": [
                    (label, count) for _pk, label, count in community.ministries[:3] if label
                ],
            }
        )
    return rows


def _summary_context(query: Query, view: selectors.NetworkView | None) -> dict[str, Any]:
    """What the text alternative (network/_summary.html) shows."""
    if view is None:
        return {"view": None, "query": query}
    return {
        "view": view,
        "query": query,
        "computed_label": _computed_label(view.computed_at),
        "node_count": len(view.nodes),
        "edge_count": len(view.edges),
        "community_count": len(view.communities),
        "single_count": sum(1 for c in view.communities if c.size == 1),
        "brokers": _brokers(view),
        "communities": _community_table(view),
        "top_communities": TOP_COMMUNITIES,
    }


def _running(query: Query) -> Any:
    """The analysis under way, if any (one older than jobs.INTERRUPTED_AFTER
    died with its process: it is settled when the next one starts)."""
    running = selectors.running_snapshot(level=query.level, scope=query.scope)
    if running is not None and running.started_at < timezone.now() - jobs.INTERRUPTED_AFTER:
        return None
    return running


@require_POST
def analyse(request: HttpRequest) -> HttpResponse:
    """An administrator asks for the analysis now, rather than at the next
    scheduled run; it runs in the background (network/jobs.py)."""
    if not is_administrator(request.user):
        raise PermissionDenied
    if jobs.start():
        messages.success(request, _("The analysis has started; refresh this page in a minute."))
    else:
        messages.info(request, _("An analysis is already running."))
    return redirect("network:map")


def _changes(snapshots: list[Any]) -> list[Any]:
    """The last twelve quarters in which the network changed (and now),
    newest first, each with how many had at least one tie."""
    shown, previous = [], None
    for snapshot in snapshots:
        figures = (snapshot.node_count - snapshot.isolated_count, snapshot.tie_count)
        if figures != previous or snapshot.current:
            snapshot.connected = figures[0]
            shown.append(snapshot)
        previous = figures
    return shown[::-1][:12]


# --- Views -----------------------------------------------------------------------


def may_export(user: Any, level: str) -> bool:
    """An export hands over the whole network in one file: the people's (who
    met whom, personal data under the PDPA) only to administrators, although
    any signed-in user may look at it on the map."""
    return level != Level.PERSON or is_administrator(user)


def _export_links(query: Query, user: Any) -> list[tuple[str, str]]:
    """(format, URL) of the page's export buttons; none where `may_export` says no."""
    from network import exports

    if not may_export(user, query.level):
        return []
    url = reverse("network:export")
    return [(fmt, f"{url}?{query.params(format=fmt)}") for fmt in exports.FORMATS]


def _map_data(query: Query, view: selectors.NetworkView | None, user: Any) -> dict[str, Any]:
    """What the map's script draws: network:data's answer, and the same
    embedded in the page for its first paint."""
    from network import exports

    payload: dict[str, Any] = {
        "level": query.level,
        "scope": query.scope,
        "lab": query.lab.pk if query.lab else None,
        "from": query.start.isoformat() if query.start else None,
        "to": query.end.isoformat() if query.end else None,
        "empty": view is None,
        "fields": NODE_FIELDS,
        "kinds": TIE_KINDS,
        # selectors has no public name for these labels yet.
        "sectors": selectors.sector_labels(),
        # The export buttons to show (format, label): none for the people
        # level unless an administrator looks.
        "exports": [[fmt, EXPORT_LABELS.get(fmt, fmt)] for fmt in exports.FORMATS]
        if may_export(user, query.level)
        else [],
    }
    if view is None:
        return payload
    english, aliases = _other_names(query.level)
    payload.update(
        {
            "computed": {
                "at": view.computed_at.isoformat() if view.computed_at else None,
                "label": _computed_label(view.computed_at),
                "live": view.live,
                "sample": view.betweenness_sample,
            },
            "density": _round(view.density, 6),
            "modularity": _round(view.modularity, 6),
            "nodes": [_node_array(node, english, aliases) for node in view.nodes],
            "edges": [
                [edge.a, edge.b, _round(edge.weight, 3), _kinds_mask(edge.kinds)]
                for edge in view.edges
            ],
            "provinces": {
                node.province_id: node.province for node in view.nodes if node.province_id
            },
            "communities": [[c.label, c.size, c.name] for c in view.communities],
        }
    )
    return payload


@require_GET
def network_map(request: HttpRequest) -> HttpResponse:
    if request.GET.get("level") == Level.PERSON and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        query = _parse(request)
    except BadQuery as error:
        return render(
            request,
            "network/map.html",
            {"error": str(error), "labs": lab_list(user=request.user)},
            status=400,
        )
    view = _view(query)
    provinces = (
        sorted(
            {(node.province_id, node.province) for node in view.nodes if node.province_id},
            key=lambda p: p[1],
        )
        if view
        else []
    )
    context = {
        **_summary_context(query, view),
        "labs": lab_list(user=request.user),
        "levels": Level.choices if request.user.is_authenticated else [],
        "sectors": Sector.choices,
        "provinces": provinces,
        "colours": [("sector", _("Sector")), ("community", pgettext("network", "Community"))],
        "sizes": [
            ("degree", _("Partners (degree)")),
            ("betweenness", _("Brokerage (betweenness)")),
            ("strength", _("Strength of ties")),
            ("reach", _("Reach within two steps")),
        ],
        "may_see_all": selectors.scope_for(request.user) == Scope.ALL,
        "node_url": reverse("network:node"),
        "export_url": reverse("network:export"),
        "exports": _export_links(query, request.user),
        # The map's data for its first paint, from the network built above
        # (`{{ initial_data|json_script:"network-data" }}`), so that the
        # script need not ask network:data to build it again. A callable:
        # shaped only when the template embeds it.
        "initial_data": functools.partial(_map_data, query, view, request.user),
        "over_time": _changes(selectors.over_time(level=query.level, scope=query.scope)),
        "may_analyse": is_administrator(request.user),
        "running": _running(query),
    }
    return render(request, "network/map.html", context)


@require_GET
def network_data(request: HttpRequest) -> HttpResponse:
    query = _json_query(request)
    if isinstance(query, JsonResponse):
        return query
    view = _view(query)
    payload = _map_data(query, view, request.user)
    if request.GET.get("summary"):
        # The text alternative for this window, so that the page can swap it
        # when a lab or time filter changes without asking for the network twice.
        payload["summary_html"] = render_to_string(
            "network/_summary.html", _summary_context(query, view), request=request
        )
    return JsonResponse(
        payload, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


@require_GET
def node(request: HttpRequest) -> HttpResponse:
    query = _json_query(request)
    if isinstance(query, JsonResponse):
        return query
    try:
        pk = _int(request, "pk")
    except BadQuery as error:
        return _json_error(str(error), 400)
    if pk is None:
        return _json_error(_("Which node? Give its pk."), 400)
    detail = selectors.node_detail(level=query.level, pk=pk, user=request.user, scope=query.scope)
    if detail is None:
        return _json_error(_("Not found."), 404)
    measures = detail.measures
    payload = {
        "level": detail.level,
        "pk": detail.pk,
        "label": detail.label,
        "name": detail.name,
        "url": detail.url,
        "computed": _computed_label(detail.computed_at),
        "sample": detail.betweenness_sample,
        # The stored measures (NodeMeasure); the map already knows the
        # node's sector and province.
        "measures": None
        if measures is None
        else {
            "degree": measures.degree,
            "strength": _round(measures.strength, 3),
            "betweenness": _round(measures.betweenness, 6),
            "broker_rank": measures.broker_rank,
            "community": measures.community,
            "component": measures.component,
            "articulation": measures.articulation,
            "bridges": measures.bridge_count,
            "ei_sector": _round(measures.ei_sector, 3),
            "reach": measures.reach,
        },
        "summary": [str(sentence) for sentence in detail.summary],
        "partners": [
            {
                "pk": partner.pk,
                "label": partner.label,
                "url": partner.url,
                "kinds": [str(kind) for kind in partner.kinds],
                "count": partner.count,
                # Standing ties (the hierarchy) carry no real date.
                "last": thaidate(partner.last, "short")
                if partner.last and partner.last > STANDING
                else "",
            }
            for partner in detail.partners
        ],
        "recommendations": [
            {
                "pk": row.pk,
                "label": row.label,
                "name": row.name,
                "url": row.url,
                "sector": row.sector_label,
                "score": _round(row.score, 3),
                "reason": str(row.reason),
            }
            for row in detail.recommendations
        ],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    from network import exports

    try:
        query = _parse(request)
        fmt = _choice(request, "format", list(exports.FORMATS))
    except BadQuery as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    if not may_export(request.user, query.level):
        raise PermissionDenied(_("Only administrators may download the network of people."))
    if not fmt:
        return HttpResponse(
            _("Which format? One of: %(formats)s.") % {"formats": ", ".join(exports.FORMATS)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    view = _view(query)
    if view is None:
        raise Http404
    extension, content_type = exports.FORMATS[fmt]
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(query)}.{extension}"'
    # HttpResponse is a file-like object the writers stream into.
    exports.write_view(
        fmt,
        response,  # type: ignore[arg-type]
        subset(view, sector=query.sector, province=query.province),
    )
    return response


def _filename(query: Query) -> str:
    """saphan-network-organisation-2025-01-31 (with the lab and window when set)."""
    parts = ["saphan-network", query.level]
    if query.lab:
        parts.append(f"lab{query.lab.pk}")
    if query.start:
        parts.append(f"from-{query.start.isoformat()}")
    parts.append((query.end or timezone.localdate()).isoformat())
    return "-".join(parts)
