/* Saphan: the network map (templates/network/map.html, network/views.py).
 *
 * Draws the network with sigma.js v3 (WebGL) on a graphology graph, both
 * from npm through scripts/build_assets.py. Plain JS, no build step.
 *
 * - Positions come from the server (x, y of the last analysis): no layout
 *   runs in the browser.
 * - Colour by sector or community, size by a measure, sector and province
 *   filters: client-side, through sigma's nodeReducer / edgeReducer.
 * - Level, lab, scope and time window: the data is fetched again
 *   (network:data, with the text alternative rendered by the server). The
 *   first paint reads the data the page embeds (json_script "network-data")
 *   when it does, rather than asking the server to build the network again.
 * - Folding: when more than FOLD_THRESHOLD nodes would be visible in the
 *   viewport, the largest communities fold into one node each (size = its
 *   members, placed at their centroid, ties summed); zooming in unfolds them,
 *   and so does clicking a folded community. Organisations without any tie
 *   fold together as one "islands of one" node.
 * - Search over labels and names (Thai and English, dots and spaces
 *   ignored: ก.พ.ร. = กพร); choosing a result centres the camera on it.
 * - Clicking a node opens the side panel from network:node: its measures in
 *   words and numbers, its partners and who it should meet.
 * - ?focus=<pk> (the links from organisation and person pages) selects that
 *   node once the map is drawn, as choosing it in the search does.
 * - The export buttons show only where the server allows the export (the
 *   people level: administrators only).
 *
 * window.saphanMap exposes a few read-outs and actions for tests and
 * debugging (see `hook()` at the end).
 */
(function () {
  "use strict";

  // Django's catalogue, or the English text (static/js/i18n.js).
  var gettext = window.saphanText.gettext;
  var ngettext = window.saphanText.ngettext;
  var fmt = window.saphanText.fmt;

  // --- settings ----------------------------------------------------------------

  // Above this many nodes in view, communities fold (WebGL draws more, but a
  // reader cannot see more).
  var FOLD_THRESHOLD = 3000;
  // Edges are not drawn while the camera moves above this many.
  var HIDE_EDGES_ON_MOVE = 20000;
  var SEARCH_RESULTS = 10;
  // Fold groups besides communities: nodes without a tie, and nodes new since
  // the last analysis (the server gives them community -1).
  var ISOLATES = "isolated";
  var UNMEASURED = -1;

  // Okabe–Ito and neighbours: told apart by most colour-blind readers; the
  // legend names each in words anyway.
  var SECTOR_COLOURS = {
    gov_central: "#0072b2",
    gov_regional: "#009e73",
    gov_local: "#56b4e9",
    civil_society: "#cc79a7",
    academia: "#e69f00",
    private: "#d55e00",
    international: "#b59a00",
    community: "#6b4f3a"
  };
  var UNKNOWN_COLOUR = "#8a99a8";
  // Paul Tol's "muted" scheme, then three Okabe–Ito colours; later communities grey.
  var COMMUNITY_COLOURS = [
    "#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
    "#cc6677", "#882255", "#aa4499", "#0072b2", "#e69f00", "#d55e00"
  ];
  var OTHER_COMMUNITY = "#b6bfc8";
  var EDGE_COLOUR = "#c4ccd4";
  var FOLDED_EDGE_COLOUR = "#8d99a6";
  var DIMMED = "#e3e7eb";

  // --- small helpers -----------------------------------------------------------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else if (key.indexOf("on") === 0) node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : value);
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function number(value, digits) {
    var lang = document.documentElement.lang || undefined;
    return Number(value).toLocaleString(lang, digits === undefined ? undefined : {
      maximumFractionDigits: digits
    });
  }

  // ก.พ.ร. -> กพร, "OPDC " -> opdc: what people type for an agency.
  function squeeze(text) {
    return (text || "").normalize("NFC").toLowerCase().replace(/[\s.\-_,()'"’]/g, "");
  }

  // The width and height of the nodes `indexes` take up, in graph units.
  function bounds(indexes, nodes) {
    var left = Infinity, right = -Infinity, bottom = Infinity, top = -Infinity;
    indexes.forEach(function (i) {
      var node = nodes[i];
      if (node.x < left) left = node.x;
      if (node.x > right) right = node.x;
      if (node.y < bottom) bottom = node.y;
      if (node.y > top) top = node.y;
    });
    return indexes.length ? { width: right - left, height: top - bottom } : { width: 0, height: 0 };
  }

  // The node the address asks for (?focus=<pk>), or null.
  function focusFromAddress() {
    var raw = new URLSearchParams(window.location.search).get("focus");
    return raw && /^[0-9]+$/.test(raw) ? Number(raw) : null;
  }

  function webglAvailable() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext("webgl2") || canvas.getContext("webgl"));
    } catch (error) {
      return false;
    }
  }

  // --- the map -----------------------------------------------------------------

  function NetworkMap(root) {
    this.root = root;
    this.container = root.querySelector("[data-network-map]");
    this.message = root.querySelector("[data-map-message]");
    this.status = root.querySelector("[data-map-status]");
    this.legend = root.querySelector("[data-map-legend]");
    this.panel = root.querySelector("[data-node-panel]");
    this.form = document.querySelector("[data-network-form]");
    this.summary = document.querySelector("[data-network-summary]");
    this.searchBox = root.querySelector("[data-network-search]");
    this.exportsBox = document.querySelector(".network-exports");
    this.urls = {
      data: this.container.getAttribute("data-data-url"),
      node: this.container.getAttribute("data-node-url"),
      map: this.container.getAttribute("data-map-url"),
      exports: this.container.getAttribute("data-export-url")
    };
    this.foldThreshold = FOLD_THRESHOLD;
    this.renderer = null;
    this.graph = null;
    this.nodes = [];
    this.selected = null;
    this.folded = new Set();
    this.pinned = new Set();
    this.request = 0;
    this.loads = 0;
    this.ready = false;
    this.focus = focusFromAddress();
  }

  NetworkMap.prototype.start = function () {
    var self = this;
    if (this.form) {
      var submit = this.form.querySelector("[data-submit]");
      if (submit) submit.hidden = true; // changes apply at once
      this.form.addEventListener("submit", function (event) {
        event.preventDefault();
        self.load();
      });
      this.form.addEventListener("change", function (event) {
        if (event.target.hasAttribute("data-refetch")) self.load();
        else if (event.target.hasAttribute("data-filter")) self.applyFilters();
      });
    }
    this.setUpSearch();
    this.setUpPanel();
    if (!webglAvailable()) {
      this.fail(gettext("This browser cannot draw the map (WebGL is off or unavailable). The tables below show the network in words and numbers."));
      return;
    }
    // sigma is loaded only now: its script itself fails where WebGL is off.
    var missing = function () {
      self.fail(gettext("The map's drawing library is missing on this server (run scripts/build_assets.py). The tables below show the network in words and numbers."));
    };
    var script = document.createElement("script");
    script.src = this.container.getAttribute("data-sigma-src");
    script.onload = function () {
      if (!window.graphology || !window.Sigma) missing();
      else self.load();
    };
    script.onerror = missing;
    document.head.appendChild(script);
  };

  NetworkMap.prototype.fail = function (text) {
    this.message.hidden = false;
    this.message.textContent = text;
    this.message.setAttribute("role", "alert");
    this.container.classList.add("is-unavailable");
    if (this.searchBox) this.searchBox.hidden = true;
  };

  // The form's values: what names this view (for data, links and exports).
  NetworkMap.prototype.values = function () {
    var values = {};
    if (!this.form) return values;
    new FormData(this.form).forEach(function (value, key) {
      if (value !== "") values[key] = value;
    });
    if (values.level === "organisation") delete values.level;
    if (values.colour === "sector") delete values.colour;
    if (values.size === "degree") delete values.size;
    return values;
  };

  function query(values, keys) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (key) {
      if (!keys || keys.indexOf(key) !== -1) params.set(key, values[key]);
    });
    return params.toString();
  }

  var DATA_KEYS = ["level", "scope", "lab", "from", "to"];
  var EXPORT_KEYS = DATA_KEYS.concat(["sector", "province"]);

  NetworkMap.prototype.remember = function () {
    var values = this.values();
    var search = query(values);
    window.history.replaceState(null, "", this.urls.map + (search ? "?" + search : ""));
    var exportQuery = query(values, EXPORT_KEYS);
    var base = this.urls.exports;
    Array.prototype.forEach.call(document.querySelectorAll("[data-export]"), function (link) {
      var format = "format=" + encodeURIComponent(link.getAttribute("data-export"));
      link.href = base + "?" + (exportQuery ? exportQuery + "&" : "") + format;
    });
  };

  // The data embedded in the page, if it is for what the form asks now (a
  // browser may restore other form values on reload); read once.
  NetworkMap.prototype.embedded = function (values) {
    var script = document.getElementById("network-data");
    if (!script) return null;
    script.remove();
    var data;
    try {
      data = JSON.parse(script.textContent);
    } catch (error) {
      return null;
    }
    var same = data && (values.level || "organisation") === data.level &&
      (!values.scope || values.scope === data.scope) &&
      (values.lab || "") === (data.lab === null ? "" : String(data.lab)) &&
      (values.from || "") === (data.from || "") && (values.to || "") === (data.to || "");
    return same ? data : null;
  };

  NetworkMap.prototype.load = function () {
    var self = this;
    var values = this.values();
    var ticket = ++this.request;
    // The page's text alternative already describes the first window.
    var first = this.loads++ === 0;
    var embedded = first ? this.embedded(values) : null;
    if (embedded) {
      this.receive(embedded);
      return Promise.resolve();
    }
    var url = this.urls.data + "?" + query(values, DATA_KEYS) + (first ? "" : "&summary=1");
    this.setStatus(gettext("Loading the map…"));
    this.root.setAttribute("aria-busy", "true");
    return window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (ticket !== self.request) return; // a newer request is on its way
        self.root.removeAttribute("aria-busy");
        if (!result.ok) {
          self.setStatus(result.body.error || gettext("The map could not be loaded."), true);
          return;
        }
        self.receive(result.body);
      })
      .catch(function () {
        if (ticket !== self.request) return;
        self.root.removeAttribute("aria-busy");
        self.setStatus(gettext("The map could not be loaded. Check the connection and try again."), true);
      });
  };

  NetworkMap.prototype.receive = function (data) {
    this.updateExports(data.exports || []);
    this.remember();
    if (data.summary_html !== undefined && this.summary) {
      this.summary.innerHTML = data.summary_html; // rendered (and escaped) by the server
    }
    this.show(data);
  };

  // Shows the export buttons the server allows ([format, label] pairs),
  // adding any the page was rendered without (it was on the people level).
  NetworkMap.prototype.updateExports = function (formats) {
    var box = this.exportsBox;
    if (!box) return;
    // Not `hidden`: the box is a flex .cluster, whose display wins over it.
    box.style.display = formats.length ? "" : "none";
    formats.forEach(function (pair) {
      if (box.querySelector("[data-export='" + pair[0] + "']")) return;
      box.appendChild(document.createTextNode(" "));
      box.appendChild(el("a", { className: "btn btn-secondary btn-small", "data-export": pair[0], download: true, text: pair[1] }));
    });
  };

  NetworkMap.prototype.setStatus = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("is-error", !!isError);
  };

  // --- building the graph ------------------------------------------------------

  NetworkMap.prototype.show = function (data) {
    this.data = data;
    this.level = data.level;
    this.closePanel();
    this.selected = null;
    this.folded = new Set();
    this.pinned = new Set();
    if (this.renderer) {
      this.renderer.kill();
      this.renderer = null;
    }
    if (data.empty || !data.nodes || !data.nodes.length) {
      this.focus = null;
      this.graph = null;
      this.nodes = [];
      this.byPk = new Map();
      this.message.hidden = false;
      this.message.textContent = data.empty
        ? gettext("The network has not been analysed yet.")
        : gettext("No one to show in this window.");
      this.legend.textContent = "";
      this.setStatus("");
      if (this.searchBox) this.searchBox.hidden = true;
      this.updateProvinces(data.provinces || {});
      return;
    }
    this.message.hidden = true;
    this.readNodes(data);
    this.updateProvinces(data.provinces || {});
    this.buildGraph(data);
    this.computeFilters();
    try {
      this.renderer = new window.Sigma(this.graph, this.container, {
        allowInvalidContainer: true,
        renderEdgeLabels: false,
        defaultEdgeColor: EDGE_COLOUR,
        labelFont: "Sarabun, 'Noto Sans Thai', 'Loma', sans-serif",
        labelSize: 13,
        labelWeight: "600",
        labelColor: { color: "#17222d" },
        labelRenderedSizeThreshold: 7,
        zIndex: true,
        minCameraRatio: 0.02,
        // Nodes grow a little when zooming in (sigma's default, the square
        // root, makes them cover each other in a dense map).
        zoomToSizeRatioFunction: function (ratio) { return Math.pow(ratio, 0.3); },
        maxCameraRatio: 3,
        hideEdgesOnMove: this.edges.length > HIDE_EDGES_ON_MOVE,
        nodeReducer: this.nodeReducer.bind(this),
        edgeReducer: this.edgeReducer.bind(this)
      });
    } catch (error) {
      if (window.console) window.console.error(error);
      this.graph = null;
      this.fail(gettext("This browser cannot draw the map (WebGL is off or unavailable). The tables below show the network in words and numbers."));
      return;
    }
    this.bindRenderer();
    if (this.searchBox) this.searchBox.hidden = false;
    this.applyFilters();
    this.ready = true;
    this.showFocus();
  };

  // The node the address named (?focus=), selected as the search would;
  // once, on the map it was asked for.
  NetworkMap.prototype.showFocus = function () {
    var pk = this.focus;
    this.focus = null;
    if (pk === null) return;
    var node = this.byPk.get(pk);
    if (node) this.select(node, { centre: true });
    else this.setStatus(gettext("What the link points to is not on this map."));
  };

  NetworkMap.prototype.readNodes = function (data) {
    var fields = data.fields;
    var at = {};
    fields.forEach(function (name, i) { at[name] = i; });
    // English pages label agencies by their English abbreviation when there is one.
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    var nodes = data.nodes.map(function (row, i) {
      return {
        i: i,
        key: "n" + i,
        pk: row[at.pk],
        label: (english && row[at.label_en]) || row[at.label] || row[at.name] || "",
        aka: [row[at.label], row[at.label_en]].concat((row[at.aka] || "").split("|")),
        name: row[at.name] || "",
        nameEn: row[at.name_en] || "",
        sector: row[at.sector] || "",
        province: row[at.province],
        community: row[at.community],
        degree: row[at.degree] || 0,
        strength: row[at.strength] || 0,
        betweenness: row[at.betweenness] || 0,
        reach: row[at.reach] || 0,
        x: row[at.x] || 0,
        // The server's y grows downwards (screen, GEXF flips it); sigma's upwards.
        y: -(row[at.y] || 0),
        brokerRank: row[at.broker_rank],
        articulation: !!row[at.articulation]
      };
    });
    nodes.forEach(function (node) {
      node.group = node.degree === 0 ? ISOLATES : node.community;
      // The label first (abbreviations rank above names), then every other name.
      node.search = [squeeze(node.label), squeeze(node.name), squeeze(node.nameEn)].concat(
        node.aka.filter(Boolean).map(squeeze));
    });
    this.nodes = nodes;
    this.byPk = new Map(nodes.map(function (node) { return [node.pk, node]; }));
    this.edges = data.edges;
    this.communityNames = new Map((data.communities || []).map(function (row) {
      return [row[0], { size: row[1], name: row[2] }];
    }));
  };

  NetworkMap.prototype.buildGraph = function () {
    var graph = new window.graphology.UndirectedGraph();
    var groups = new Map();
    this.nodes.forEach(function (node) {
      graph.addNode(node.key, { x: node.x, y: node.y, label: node.label, size: 3, color: UNKNOWN_COLOUR });
      var group = groups.get(node.group);
      if (!group) groups.set(node.group, group = { id: node.group, members: [], x: 0, y: 0 });
      group.members.push(node.i);
      group.x += node.x;
      group.y += node.y;
    });
    // A folded community is one more node, hidden until it folds.
    groups.forEach(function (group) {
      if (group.members.length < 2) return;
      group.x /= group.members.length;
      group.y /= group.members.length;
      group.key = "c" + group.id;
      graph.addNode(group.key, { x: group.x, y: group.y, size: 8, label: "", color: OTHER_COMMUNITY, group: group.id });
    });
    this.edges.forEach(function (edge, j) {
      var weight = edge[2] || 1;
      graph.addEdgeWithKey("e" + j, "n" + edge[0], "n" + edge[1], {
        a: edge[0],
        b: edge[1],
        size: 0.4 + Math.min(3, Math.log1p(weight) * 0.6),
        color: EDGE_COLOUR
      });
    });
    this.graph = graph;
    this.groups = groups;
    // Ties summed into folded communities: edges are added once and kept
    // (dropping an edge makes sigma re-process the whole graph), shown while
    // their key is in foldedSizes.
    this.foldedSizes = new Map();
    this.groupLook = new Map();
    var box = bounds(this.nodes.map(function (node) { return node.i; }), this.nodes);
    this.extent = { width: Math.max(1e-9, box.width), height: Math.max(1e-9, box.height) };
  };

  NetworkMap.prototype.bindRenderer = function () {
    var self = this;
    var renderer = this.renderer;
    renderer.on("clickNode", function (event) {
      var attributes = self.graph.getNodeAttributes(event.node);
      if (attributes.group !== undefined) self.openGroup(attributes.group);
      else self.select(self.nodes[Number(event.node.slice(1))], { centre: false });
    });
    renderer.on("enterNode", function () { self.container.classList.add("is-pointing"); });
    renderer.on("leaveNode", function () { self.container.classList.remove("is-pointing"); });
    var timer = null;
    renderer.getCamera().on("updated", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { self.updateFolding(); }, 200);
    });
  };

  // --- what is shown -----------------------------------------------------------

  NetworkMap.prototype.control = function (name) {
    return this.form ? this.form.elements.namedItem(name) : null;
  };

  NetworkMap.prototype.option = function (name, fallback) {
    var control = this.control(name);
    return control && control.value ? control.value : fallback;
  };

  NetworkMap.prototype.applyFilters = function () {
    this.remember();
    if (!this.graph) return;
    this.computeFilters();
    if (!this.renderer) return;
    this.updateFolding(true);
    this.drawLegend();
  };

  // Which nodes pass the filters, their colours and sizes, and the folded
  // communities' look: what the reducers read.
  NetworkMap.prototype.computeFilters = function () {
    var sector = this.option("sector", "");
    var province = this.option("province", "");
    var colourBy = this.option("colour", "sector");
    var sizeBy = this.option("size", "degree");
    var passes = new Uint8Array(this.nodes.length);
    var colours = new Array(this.nodes.length);
    var max = 0;
    this.nodes.forEach(function (node) {
      max = Math.max(max, node[sizeBy] || 0);
    });
    var counts = new Map();
    var self = this;
    this.nodes.forEach(function (node) {
      var ok = (!sector || node.sector === sector) && (!province || String(node.province) === province);
      passes[node.i] = ok ? 1 : 0;
      colours[node.i] = colourBy === "community" ? self.communityColour(node.community) : SECTOR_COLOURS[node.sector] || UNKNOWN_COLOUR;
      var value = node[sizeBy] || 0;
      node.size = 3 + 12 * Math.sqrt(max > 0 ? value / max : 0);
      if (ok) counts.set(node.group, (counts.get(node.group) || 0) + 1);
    });
    this.passes = passes;
    this.colours = colours;
    this.groupCounts = counts;
    this.colourBy = colourBy;
    this.sizeBy = sizeBy;
    var biggest = 1;
    counts.forEach(function (count) { biggest = Math.max(biggest, count); });
    this.groups.forEach(function (group) {
      if (!group.key) return;
      var count = counts.get(group.id) || 0;
      var name = group.id === ISOLATES
        ? gettext("No tie yet")
        : group.id === UNMEASURED
        ? gettext("New since the last analysis")
        : (self.communityNames.get(group.id) || {}).name || fmt(gettext("Community %(number)s"), { number: group.id + 1 });
      // Kept beside the graph and applied by the reducer: an attribute change
      // per community would make sigma refresh once per community.
      self.groupLook.set(group.id, {
        size: 6 + 22 * Math.sqrt(count / biggest),
        label: name + " (" + number(count) + ")",
        color: group.id === ISOLATES ? UNKNOWN_COLOUR : self.groupColour(group, colourBy)
      });
    });
  };

  NetworkMap.prototype.communityColour = function (community) {
    return community >= 0 && community < COMMUNITY_COLOURS.length ? COMMUNITY_COLOURS[community] : OTHER_COMMUNITY;
  };

  // A folded community in sector colours takes its most common sector's.
  NetworkMap.prototype.groupColour = function (group, colourBy) {
    if (colourBy === "community") return this.communityColour(group.id);
    var tally = {};
    var best = "";
    var nodes = this.nodes;
    group.members.forEach(function (i) {
      var sector = nodes[i].sector;
      tally[sector] = (tally[sector] || 0) + 1;
      if (!best || tally[sector] > tally[best]) best = sector;
    });
    return SECTOR_COLOURS[best] || UNKNOWN_COLOUR;
  };

  NetworkMap.prototype.visible = function (i) {
    return this.passes[i] === 1 && !this.folded.has(this.nodes[i].group);
  };

  NetworkMap.prototype.nodeReducer = function (key, attributes) {
    var shown = Object.assign({}, attributes);
    if (attributes.group !== undefined) {
      Object.assign(shown, this.groupLook.get(attributes.group));
      shown.hidden = !this.folded.has(attributes.group) || !(this.groupCounts.get(attributes.group) > 0);
      shown.forceLabel = !shown.hidden;
      shown.zIndex = 1; // above the nodes around it, so that a click opens it
      return shown;
    }
    var i = Number(key.slice(1));
    var node = this.nodes[i];
    shown.hidden = !this.visible(i);
    shown.size = node.size;
    shown.color = this.colours[i];
    if (this.selected !== null) {
      if (i === this.selected.i) {
        shown.highlighted = true;
        shown.forceLabel = true;
        shown.zIndex = 2;
      } else if (this.neighbours && this.neighbours.has(i)) {
        shown.zIndex = 1;
      } else {
        shown.color = DIMMED;
        shown.label = "";
      }
    }
    return shown;
  };

  NetworkMap.prototype.edgeReducer = function (key, attributes) {
    if (attributes.folded) {
      var size = this.foldedSizes.get(key);
      return { size: size || 1, color: FOLDED_EDGE_COLOUR, hidden: size === undefined };
    }
    var shown = Object.assign({}, attributes);
    shown.hidden = !this.visible(attributes.a) || !this.visible(attributes.b);
    if (!shown.hidden && this.selected !== null) {
      var touches = attributes.a === this.selected.i || attributes.b === this.selected.i;
      shown.color = touches ? "#17222d" : DIMMED;
      shown.zIndex = touches ? 1 : 0;
    }
    return shown;
  };

  // --- folding -----------------------------------------------------------------

  // Nodes passing the filters inside the viewport, counted per fold group.
  NetworkMap.prototype.inView = function () {
    var renderer = this.renderer;
    var width = this.container.offsetWidth;
    var height = this.container.offsetHeight;
    var a = renderer.viewportToGraph({ x: 0, y: 0 });
    var b = renderer.viewportToGraph({ x: width, y: height });
    var left = Math.min(a.x, b.x), right = Math.max(a.x, b.x);
    var bottom = Math.min(a.y, b.y), top = Math.max(a.y, b.y);
    var perGroup = new Map();
    var total = 0;
    var passes = this.passes;
    this.nodes.forEach(function (node) {
      if (!passes[node.i] || node.x < left || node.x > right || node.y < bottom || node.y > top) return;
      total += 1;
      perGroup.set(node.group, (perGroup.get(node.group) || 0) + 1);
    });
    return { total: total, perGroup: perGroup };
  };

  NetworkMap.prototype.updateFolding = function (force) {
    if (!this.renderer) return;
    var view = this.inView();
    var folded = new Set();
    var shown = view.total;
    if (shown > this.foldThreshold) {
      var self = this;
      var candidates = [];
      view.perGroup.forEach(function (count, id) {
        var group = self.groups.get(id);
        if (group && group.key && !self.pinned.has(id)) candidates.push([id, count]);
      });
      candidates.sort(function (x, y) { return y[1] - x[1]; });
      for (var k = 0; k < candidates.length && shown > this.foldThreshold; k++) {
        folded.add(candidates[k][0]);
        shown -= candidates[k][1] - 1;
      }
    }
    var changed = folded.size !== this.folded.size;
    if (!changed) folded.forEach(function (id) { if (!this.folded.has(id)) changed = true; }, this);
    if (changed) {
      this.folded = folded;
      this.rebuildFoldedEdges();
    } else if (force) {
      this.rebuildFoldedEdges();
    }
    if (changed || force) {
      this.renderer.refresh();
      this.drawLegend();
    }
    this.describe(view.total);
  };

  // Ties with an end inside a folded community, summed per pair of what is shown.
  NetworkMap.prototype.rebuildFoldedEdges = function () {
    var graph = this.graph;
    var sizes = this.foldedSizes = new Map();
    if (!this.folded.size) return;
    var folded = this.folded;
    var nodes = this.nodes;
    var passes = this.passes;
    var sums = new Map();
    this.edges.forEach(function (edge) {
      var a = edge[0], b = edge[1];
      if (!passes[a] || !passes[b]) return;
      var groupA = nodes[a].group, groupB = nodes[b].group;
      var foldA = folded.has(groupA), foldB = folded.has(groupB);
      if (!foldA && !foldB) return; // drawn as itself
      var endA = foldA ? "c" + groupA : "n" + a;
      var endB = foldB ? "c" + groupB : "n" + b;
      if (endA === endB) return;
      var key = endA < endB ? endA + "|" + endB : endB + "|" + endA;
      sums.set(key, (sums.get(key) || 0) + (edge[2] || 1));
    });
    sums.forEach(function (weight, pair) {
      var key = "f" + pair;
      sizes.set(key, 0.6 + Math.min(5, Math.log1p(weight) * 0.7));
      if (!graph.hasEdge(key)) {
        var ends = pair.split("|");
        graph.addEdgeWithKey(key, ends[0], ends[1], { folded: true });
      }
    });
  };

  // Click on a folded community (or its legend entry): open it and zoom to it.
  NetworkMap.prototype.openGroup = function (id) {
    var group = this.groups.get(id);
    if (!group) return;
    this.pinned.add(id);
    this.folded.delete(id);
    this.rebuildFoldedEdges();
    this.renderer.refresh();
    var box = bounds(group.members, this.nodes);
    var spread = Math.max(box.width / this.extent.width, box.height / this.extent.height);
    var centre = this.renderer.getNodeDisplayData(group.key);
    if (centre) {
      this.renderer.getCamera().animate(
        { x: centre.x, y: centre.y, ratio: Math.min(1, Math.max(0.02, spread * 1.3)) },
        { duration: 400 }
      );
    }
    this.updateFolding();
  };

  NetworkMap.prototype.describe = function (inView) {
    var total = this.nodes.length;
    var passing = 0;
    for (var i = 0; i < total; i++) passing += this.passes[i];
    var values = { shown: number(inView), passing: number(passing), total: number(total) };
    var text;
    if (passing < total) {
      text = fmt(gettext("%(shown)s in view; %(passing)s of %(total)s match the filters."), values);
    } else {
      text = this.level === "person"
        ? fmt(ngettext("%(shown)s of %(total)s person in view.", "%(shown)s of %(total)s people in view.", total), values)
        : fmt(ngettext("%(shown)s of %(total)s organisation in view.", "%(shown)s of %(total)s organisations in view.", total), values);
    }
    if (this.folded.size) {
      text += " " + fmt(ngettext(
        "%(count)s community is folded into one circle: zoom in or click it to open it.",
        "%(count)s communities are folded into one circle each: zoom in or click one to open it.",
        this.folded.size), { count: number(this.folded.size) });
    }
    this.setStatus(text);
  };

  // --- legend ------------------------------------------------------------------

  NetworkMap.prototype.drawLegend = function () {
    var legend = this.legend;
    legend.textContent = "";
    var self = this;
    var list = el("ul", { className: "network-legend-list" });
    if (this.colourBy === "community") {
      legend.appendChild(el("p", { className: "network-legend-title", text: gettext("Colour: community (largest first)") }));
      var shown = 0;
      this.communityNames.forEach(function (info, label) {
        if (shown >= COMMUNITY_COLOURS.length || label < 0 || info.size < 2) return;
        shown += 1;
        list.appendChild(self.legendItem(self.communityColour(label),
          fmt(gettext("%(number)s. %(name)s"), { number: label + 1, name: info.name || "" }), info.size));
      });
      list.appendChild(self.legendItem(OTHER_COMMUNITY, gettext("Other communities"), null));
    } else {
      legend.appendChild(el("p", { className: "network-legend-title", text: gettext("Colour: sector") }));
      var tally = {};
      this.nodes.forEach(function (node) {
        if (self.passes[node.i]) tally[node.sector] = (tally[node.sector] || 0) + 1;
      });
      var sectors = this.data.sectors || {};
      Object.keys(sectors).forEach(function (code) {
        if (tally[code]) list.appendChild(self.legendItem(SECTOR_COLOURS[code] || UNKNOWN_COLOUR, sectors[code], tally[code]));
      });
      if (tally[""]) list.appendChild(self.legendItem(UNKNOWN_COLOUR, gettext("Sector not known"), tally[""]));
    }
    legend.appendChild(list);
    var sizeControl = this.control("size");
    var sizeLabel = sizeControl && sizeControl.selectedIndex >= 0 ? sizeControl.options[sizeControl.selectedIndex].text : "";
    legend.appendChild(el("p", { className: "network-legend-note", text: fmt(gettext("Size: %(measure)s."), { measure: sizeLabel }) }));
    if (this.folded.size) {
      legend.appendChild(el("p", { className: "network-legend-note", text: gettext("A large labelled circle is a community folded into one: its size is its members, its lines the ties summed.") }));
    }
  };

  NetworkMap.prototype.legendItem = function (colour, label, count) {
    return el("li", null, [
      el("span", { className: "network-swatch", style: "background:" + colour, "aria-hidden": "true" }),
      label + (count === null ? "" : " (" + number(count) + ")")
    ]);
  };

  NetworkMap.prototype.updateProvinces = function (provinces) {
    var select = this.control("province");
    if (!select) return;
    var current = select.value;
    var first = select.options[0];
    select.textContent = "";
    select.appendChild(first);
    Object.keys(provinces)
      .map(function (pk) { return [pk, provinces[pk]]; })
      .sort(function (a, b) { return a[1].localeCompare(b[1], "th"); })
      .forEach(function (pair) {
        select.appendChild(el("option", { value: pair[0], text: pair[1], selected: pair[0] === current }));
      });
    if (current && !provinces[current]) select.value = "";
  };

  // --- search ------------------------------------------------------------------

  NetworkMap.prototype.setUpSearch = function () {
    var self = this;
    if (!this.searchBox) return;
    var input = this.searchBox.querySelector("input");
    var results = this.searchBox.querySelector("[data-search-results]");
    this.searchInput = input;
    this.searchResults = results;
    input.addEventListener("input", function () { self.showMatches(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = results.querySelector("button");
        if (first) first.click();
      } else if (event.key === "Escape") {
        input.value = "";
        results.textContent = "";
      } else if (event.key === "ArrowDown") {
        var button = results.querySelector("button");
        if (button) {
          event.preventDefault();
          button.focus();
        }
      }
    });
    results.addEventListener("keydown", function (event) {
      var item = event.target.closest("li");
      if (!item) return;
      var next = event.key === "ArrowDown" ? item.nextElementSibling : event.key === "ArrowUp" ? item.previousElementSibling : null;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (next) next.querySelector("button").focus();
        else if (event.key === "ArrowUp") input.focus();
      }
    });
  };

  NetworkMap.prototype.matches = function (text) {
    var wanted = squeeze(text);
    if (!wanted || !this.nodes.length) return [];
    var scored = [];
    var passes = this.passes;
    this.nodes.forEach(function (node) {
      if (!passes[node.i]) return;
      var best = 0;
      node.search.forEach(function (field, k) {
        if (!field) return;
        var score = field === wanted ? 4 : field.indexOf(wanted) === 0 ? 3 : field.indexOf(wanted) > 0 ? 1 : 0;
        if (score && k === 0) score += 0.5; // the label (abbreviation) first
        best = Math.max(best, score);
      });
      if (best) scored.push([best, node]);
    });
    scored.sort(function (a, b) { return b[0] - a[0] || b[1].degree - a[1].degree; });
    return scored.slice(0, SEARCH_RESULTS).map(function (pair) { return pair[1]; });
  };

  NetworkMap.prototype.showMatches = function (text) {
    var self = this;
    var results = this.searchResults;
    results.textContent = "";
    if (!squeeze(text)) return;
    var found = this.matches(text);
    if (!found.length) {
      results.appendChild(el("li", { className: "muted", text: gettext("Nothing in the map matches (the sector and province filters apply).") }));
      return;
    }
    found.forEach(function (node) {
      var detail = [node.name !== node.label ? node.name : "", node.nameEn].filter(Boolean).join(" · ");
      results.appendChild(el("li", null, [
        el("button", {
          type: "button",
          className: "link-button",
          "data-search-pk": node.pk,
          onclick: function () {
            results.textContent = "";
            self.searchInput.value = node.label;
            self.select(node, { centre: true });
          }
        }, [el("strong", { text: node.label }), detail ? " " : null, detail ? el("span", { className: "muted", text: detail }) : null])
      ]));
    });
  };

  // --- selection and the panel ---------------------------------------------------

  NetworkMap.prototype.select = function (node, options) {
    if (!node || !this.renderer) return;
    this.selected = node;
    var neighbours = new Set();
    this.graph.forEachNeighbor(node.key, function (key) {
      if (key.charAt(0) === "n") neighbours.add(Number(key.slice(1)));
    });
    this.neighbours = neighbours;
    if (this.passes[node.i] === 0) {
      // Chosen from a panel while the filters hide it: show everything again.
      ["sector", "province"].forEach(function (name) {
        var control = this.control(name);
        if (control) control.value = "";
      }, this);
      this.applyFilters();
    }
    if (this.folded.has(node.group)) {
      this.pinned.add(node.group);
      this.folded.delete(node.group);
      this.rebuildFoldedEdges();
    }
    this.renderer.refresh();
    if (options && options.centre) {
      var display = this.renderer.getNodeDisplayData(node.key);
      if (display) {
        var camera = this.renderer.getCamera();
        camera.animate({ x: display.x, y: display.y, ratio: Math.min(camera.ratio, 0.25) }, { duration: 350 });
      }
    }
    this.openPanel(node);
  };

  NetworkMap.prototype.setUpPanel = function () {
    var self = this;
    var close = this.panel.querySelector("[data-panel-close]");
    close.addEventListener("click", function () {
      self.closePanel();
      self.selected = null;
      self.neighbours = null;
      if (self.renderer) self.renderer.refresh();
    });
  };

  NetworkMap.prototype.closePanel = function () {
    this.panel.hidden = true;
    this.panel.removeAttribute("data-loaded");
  };

  NetworkMap.prototype.openPanel = function (node) {
    var self = this;
    var title = this.panel.querySelector("[data-panel-title]");
    var body = this.panel.querySelector("[data-panel-body]");
    this.panel.hidden = false;
    this.panel.removeAttribute("data-loaded");
    this.panel.setAttribute("data-pk", node.pk);
    title.textContent = node.label;
    body.textContent = "";
    body.appendChild(el("p", { className: "muted", text: gettext("Loading…") }));
    var values = this.values();
    var params = query(values, ["level", "scope"]);
    var url = this.urls.node + "?" + (params ? params + "&" : "") + "pk=" + encodeURIComponent(node.pk);
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!self.selected || self.selected.pk !== node.pk) return;
        body.textContent = "";
        if (!result.ok) {
          body.appendChild(el("p", { role: "alert", text: result.data.error || gettext("The details could not be loaded.") }));
          return;
        }
        self.fillPanel(title, body, result.data);
        self.panel.setAttribute("data-loaded", "");
      })
      .catch(function () {
        body.textContent = "";
        body.appendChild(el("p", { role: "alert", text: gettext("The details could not be loaded.") }));
      });
  };

  NetworkMap.prototype.fillPanel = function (title, body, data) {
    var self = this;
    title.textContent = "";
    title.appendChild(data.url ? el("a", { href: data.url, text: data.label }) : document.createTextNode(data.label));
    if (data.name && data.name !== data.label) body.appendChild(el("p", { className: "network-panel-name", text: data.name }));
    var m = data.measures;
    var known = this.byPk && this.byPk.get(data.pk);
    var sector = known && this.level === data.level ? (this.data.sectors || {})[known.sector] : "";
    var province = known && this.level === data.level ? (this.data.provinces || {})[known.province] : "";
    // Facts the sentences below do not give; the measures are in the sentences,
    // worded by the server with their numbers.
    var facts = [[gettext("Sector"), sector], [gettext("Province"), province]];
    if (m && m.broker_rank) facts.push([gettext("Broker rank"), number(m.broker_rank)]);
    if (m) facts.push([gettext("Community"), number(m.community + 1)]);
    var list = el("dl", { className: "dl network-panel-measures" });
    facts.forEach(function (row) {
      if (!row[1]) return;
      list.appendChild(el("dt", { text: row[0] }));
      list.appendChild(el("dd", { text: String(row[1]) }));
    });
    if (list.childNodes.length) body.appendChild(list);
    if (data.summary && data.summary.length) {
      body.appendChild(el("ul", { className: "network-panel-summary" }, data.summary.map(function (sentence) {
        return el("li", { text: sentence });
      })));
    }

    body.appendChild(el("h3", { text: gettext("Who should meet") }));
    if (data.recommendations.length) {
      body.appendChild(el("ol", { className: "network-recommendations", "data-recommendations": true },
        data.recommendations.map(function (row) {
          var onMap = self.level === data.level && self.byPk && self.byPk.get(row.pk);
          return el("li", { "data-recommendation": row.pk }, [
            row.url ? el("a", { href: row.url, text: row.label }) : el("span", { text: row.label }),
            row.name && row.name !== row.label ? el("span", { className: "muted", text: " " + row.name }) : null,
            row.sector ? el("span", { className: "muted", text: " · " + row.sector }) : null,
            el("p", { className: "network-reason", text: row.reason }),
            onMap ? el("button", {
              type: "button",
              className: "link-button",
              text: gettext("Show on the map"),
              onclick: function () { self.select(onMap, { centre: true }); }
            }) : null
          ]);
        })));
    } else {
      body.appendChild(el("p", { className: "muted", text: gettext("No suggestion yet: too little is known about its work, or it already works with everyone alike.") }));
    }

    body.appendChild(el("h3", { text: gettext("Works with") }));
    if (data.partners.length) {
      body.appendChild(el("ul", { className: "network-partners" }, data.partners.map(function (row) {
        var meta = [row.kinds.join(", "), fmt(ngettext("%(count)s time", "%(count)s times", row.count), { count: number(row.count) })];
        if (row.last) meta.push(fmt(gettext("last %(date)s"), { date: row.last }));
        return el("li", null, [
          row.url ? el("a", { href: row.url, text: row.label }) : el("span", { text: row.label }),
          el("span", { className: "muted", text: " · " + meta.join(" · ") })
        ]);
      })));
    } else {
      body.appendChild(el("p", { className: "muted", text: gettext("No tie yet.") }));
    }
    if (data.computed) {
      body.appendChild(el("p", { className: "muted network-panel-computed", text: fmt(gettext("Measures last computed %(when)s."), { when: data.computed }) }));
    }
  };

  // --- for tests and debugging ---------------------------------------------------

  NetworkMap.prototype.hook = function () {
    var self = this;
    return {
      isReady: function () { return self.ready && !!self.renderer && !self.root.hasAttribute("aria-busy"); },
      nodeCount: function () { return self.nodes.length; },
      // Nodes drawn now (not filtered out and not folded), and folded communities.
      visibleCount: function () {
        var count = 0;
        for (var i = 0; i < self.nodes.length; i++) if (self.visible(i)) count += 1;
        return count;
      },
      foldedCount: function () { return self.folded.size; },
      setFoldThreshold: function (value) {
        self.foldThreshold = value;
        self.updateFolding(true);
      },
      // Where a node is drawn, in the browser window's coordinates (what a
      // mouse click takes), or null when it is not drawn.
      clientPosition: function (pk) {
        var node = self.byPk && self.byPk.get(pk);
        if (!node || !self.renderer || !self.visible(node.i)) return null;
        var point = self.renderer.graphToViewport({ x: node.x, y: node.y });
        var box = self.container.getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      // The folded communities (their ids) and where one is drawn.
      folded: function () { return Array.from(self.folded); },
      groupClientPosition: function (id) {
        var group = self.groups && self.groups.get(id);
        if (!group || !group.key || !self.folded.has(id)) return null;
        var point = self.renderer.graphToViewport({ x: group.x, y: group.y });
        var box = self.container.getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      select: function (pk) { self.select(self.byPk.get(pk), { centre: true }); },
      selected: function () { return self.selected ? self.selected.pk : null; }
    };
  };

  function setUp() {
    var root = document.querySelector(".network-layout");
    if (!root || !root.querySelector("[data-network-map]")) return;
    var map = new NetworkMap(root);
    window.saphanMap = map.hook();
    map.start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
