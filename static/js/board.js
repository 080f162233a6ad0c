/* Saphan live board client (templates/boards/live/*.html). Plain JS, no build step.
 *
 * The websocket protocol it speaks is boards/live/protocol.py (what a client
 * sends) and boards/live/operations.py (what each message does, the events it
 * sends back); the JSON shapes come from boards/selectors.py. One file, in the
 * order a screen lives through:
 *
 *   helpers      el() builds DOM nodes (text always through textContent, never
 *                innerHTML), icon() small line icons, gettext/ngettext/interpolate
 *                from the Django JavaScript catalogue (/jsi18n/), nameOf() picks
 *                name_th / name_en by <html lang>.
 *   org picker   OrgPicker: the directory search (search:suggest?kind=organisation,
 *                Thai-aware: กพร / ก.พ.ร. / OPDC) as an accessible listbox that fills
 *                a hidden id; the join page and stakeholder notes use it.
 *   Board()      everything else, for a board page (participants, facilitators) or
 *                the projector (cfg.mode === "projector": read-only, no outbox):
 *     state        S: what the screen shows, exactly as the server described it in
 *                  the snapshot and the events since: board state, the method's
 *                  definition, me, notes by id (and by client id), themes, votes,
 *                  comments. Optimistic notes (typed, not yet confirmed) live apart
 *                  in S.pending, keyed by their client id, marked "sending…".
 *     outbox       every participant write (note.add/edit/move/delete, links, votes,
 *                  comments) carries a client-made `ref` (and an `id` for adds, votes
 *                  and comments) and is kept in localStorage (one key per board code)
 *                  until the server acks it. After a reconnect and its new snapshot
 *                  the outbox is sent again, in order; the server dedupes adds, votes
 *                  and comments by client id (ack `duplicate: true`), so nothing
 *                  doubles. An `error` answer drops its entry and says why (the message
 *                  comes translated): a failed note stays on screen with the reason.
 *                  Facilitation messages (request()) are not queued: they are for the
 *                  room now, so they are refused while offline.
 *     connection   one WebSocket to /ws/boards/<code>/ (projector: ?view=projector):
 *                  exponential backoff with jitter, a ping every 25 s (a minute of
 *                  silence means a dead socket), the browser's offline/online events,
 *                  a send bucket a little under the server's rate limit (15 burst,
 *                  4/s against 20 and 5/s) so that a long outbox is not refused. Close
 *                  code 4403 (no cookie for this board) sends a phone to the join page.
 *     events       snapshot replaces everything; then batches of events: note (by
 *                  version: older than the one shown is ignored), notes (reveal),
 *                  note.gone, themes (+ assign), board, definition, timer, votes,
 *                  votes.all, dots, comment, comment.gone, link.
 *     rendering    changes mark notes dirty; one animation frame applies them. Zones
 *                  follow definition.layout: columns, grid (power/interest 2x2 with
 *                  axis labels), layers (stacked, deeper downwards), canvas (persona
 *                  cards), free (zones the facilitator draws). Someone else's note in
 *                  private mode is a card face down. The timer corrects for the clock
 *                  skew between the server and the device. The spotlight is an
 *                  overlay on every screen; a redirect moves phones after 2 s.
 *     dialogs      the note form (text, the method's fields and tags, an organisation
 *                  for stakeholder maps) and the note's sheet (edit, move, theme,
 *                  links to the layer below, delete, dots, comments; for facilitators
 *                  spotlight, hide, remove, mark a hope met).
 *     panel        the facilitator's controls (templates/boards/live/_panel.html).
 *   boot         the join page sets up its picker; a board or projector page starts
 *                Board() and leaves it on window.saphanBoard (state, outbox) for
 *                debugging and tests.
 */
(function () {
  "use strict";

  // --- helpers -------------------------------------------------------------

  // Django's catalogue, or the English text (static/js/i18n.js).
  var gettext = window.saphanText.gettext;
  var ngettext = window.saphanText.ngettext;
  var fmt = window.saphanText.fmt;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        var value = props[key];
        if (value === undefined || value === null || value === false) return;
        if (key === "className") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key === "dataset") Object.keys(value).forEach(function (k) { node.dataset[k] = value[k]; });
        else if (key === "hidden") node.hidden = Boolean(value);
        else if (key === "disabled") node.disabled = Boolean(value);
        else if (key === "checked") node.checked = Boolean(value);
        else if (key === "value") node.value = value;
        else if (key.indexOf("on") === 0 && typeof value === "function") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {
    comment: "M4 5h16v11H10l-5 4v-4H4z",
    clock: "M12 7v5l3 2M12 3a9 9 0 1 0 0.01 0",
    building: "M3 21h18M5 21V10l7-5 7 5v11M9 21v-6h6v6",
  };

  /* A small line icon (decorative: the button or text beside it says what it is). */
  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "bicon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function button(label, action, extra) {
    var props = { type: "button", className: "btn btn-small", dataset: { action: action } };
    Object.keys(extra || {}).forEach(function (key) {
      if (key === "dataset") Object.assign(props.dataset, extra.dataset);
      else props[key] = extra[key];
    });
    return el("button", props, [label]);
  }

  function lang() {
    return (document.documentElement.lang || "th").slice(0, 2);
  }

  function nameOf(item) {
    if (!item) return "";
    if (lang() === "en" && item.name_en) return item.name_en;
    return item.name_th || item.name_en || item.key || "";
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID().replace(/-/g, "");
    }
    var out = "";
    for (var i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
    return out;
  }

  var refSeq = 0;
  function newRef() {
    refSeq += 1;
    return "r" + Date.now().toString(36) + refSeq.toString(36);
  }

  function snippet(text, length) {
    text = String(text || "");
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // --- the organisation picker (join page, stakeholder notes) ----------------

  /* root holds [data-org-search] (the text box), [data-org-id] (hidden id),
   * [data-org-results] (listbox), [data-org-chosen] and [data-org-free] (hints). */
  var pickerSeq = 0;
  function OrgPicker(root, options) {
    var input = root.querySelector("[data-org-search]");
    var hidden = root.querySelector("[data-org-id]");
    var list = root.querySelector("[data-org-results]");
    var chosen = root.querySelector("[data-org-chosen]");
    var free = root.querySelector("[data-org-free]");
    if (!input || !hidden || !list) return null;
    pickerSeq += 1;
    if (!list.id) list.id = "org-results-" + pickerSeq;
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var url = options.url;
    var items = [];
    var active = -1;
    var seq = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(item) {
      input.value = item.title;
      hidden.value = String(item.id);
      if (chosen) chosen.hidden = false;
      if (free) free.hidden = true;
      close();
      if (options.onPick) options.onPick(item);
    }

    function render(results) {
      items = results;
      list.replaceChildren.apply(list, results.map(function (item, index) {
        var option = el("li", {
          role: "option",
          id: list.id + "-" + index,
          className: "org-option",
          "aria-selected": "false",
          dataset: { orgOption: String(item.id) },
        }, [el("span", { className: "org-option-title", text: item.title }),
          item.subtitle ? el("span", { className: "org-option-sub", text: item.subtitle }) : null]);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(item); });
        return option;
      }));
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (free) free.hidden = true;
      } else {
        close();
        if (free) free.hidden = false;
      }
    }

    // A phone's network drops requests: a failed or refused search is asked
    // again (twice, a second apart) while the same words are still typed.
    function ask(query, mine, tries) {
      window.fetch(url + "?kind=organisation&q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (data) {
        if (mine === seq && input.value.trim() === query) render(data.results || []);
      }).catch(function () {
        if (tries > 0 && mine === seq) window.setTimeout(function () { ask(query, mine, tries - 1); }, 1000);
      });
    }

    var search = debounce(function (query) {
      seq += 1;
      ask(query, seq, 2);
    }, 200);

    input.addEventListener("input", function () {
      hidden.value = "";
      if (chosen) chosen.hidden = true;
      var query = input.value.trim();
      if (query.length < 2) {
        close();
        if (free) free.hidden = true;
        return;
      }
      search(query);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(items.length - 1, active + 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(0, active - 1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 120); });
    return {
      clear: function () { input.value = ""; hidden.value = ""; if (chosen) chosen.hidden = true; close(); },
      value: function () { return hidden.value ? Number(hidden.value) : null; },
      label: function () { return input.value.trim(); },
    };
  }

  function orgPickerNode(idPrefix, labelText, url, current) {
    var root = el("div", { className: "form-field org-picker", dataset: { orgPicker: "" } });
    var inputId = idPrefix + "-org";
    root.append(
      el("label", { for: inputId, text: labelText }),
      el("input", { type: "text", id: inputId, autocomplete: "off", dataset: { orgSearch: "" }, value: current ? current.label : "" }),
      el("input", { type: "hidden", dataset: { orgId: "" }, value: current && current.organisation ? String(current.organisation) : "" }),
      el("ul", { className: "org-results", role: "listbox", id: idPrefix + "-org-results", hidden: true, dataset: { orgResults: "" } }),
      el("p", { className: "org-chosen", hidden: !(current && current.organisation), dataset: { orgChosen: "" } }, [
        el("span", { className: "org-chosen-mark", "aria-hidden": "true", text: "✓" }), " ", gettext("From the directory"),
      ]),
      el("p", { className: "help", hidden: true, dataset: { orgFree: "" } }, [gettext("Not found in the directory.")])
    );
    var picker = OrgPicker(root, { url: url });
    return { node: root, picker: picker };
  }

  function setUpJoinForm(form) {
    var root = form.querySelector("[data-org-picker]");
    if (root) OrgPicker(root, { url: form.dataset.suggestUrl });
    var name = form.querySelector("input[name=display_name]");
    if (name && !name.value) name.focus();
  }

  // --- the board -------------------------------------------------------------

  function Board(app, cfg) {
    var projector = cfg.mode === "projector";
    var OUTBOX_KEY = "saphan.board." + cfg.code + ".outbox";
    var KIND_LABELS = {
      note: [gettext("Add a note"), gettext("Your note")],
      idea: [gettext("Add an idea"), gettext("Your idea")],
      persona: [gettext("Add a persona"), gettext("Name of the persona")],
      story: [gettext("Tell a story"), gettext("Your story")],
      stakeholder: [gettext("Add a stakeholder"), gettext("Who is it? (a group, an agency, a person)")],
    };
    var OUTCOMES = {
      met: gettext("Met"),
      partly: gettext("Partly met"),
      not_met: gettext("Not met"),
    };

    var S = {
      board: null,
      definition: null,
      me: null,
      notes: new Map(), // id -> note payload
      byCid: new Map(), // client id -> note id
      pending: new Map(), // client id -> optimistic note
      themes: [],
      votes: { mine: {}, totals: {} },
      comments: new Map(),
      pendingComments: new Map(),
      participants: 0,
      skew: 0,
      live: false,
      roundFilter: "",
      mineOnly: false,
      dismissedSpotlight: null,
    };

    var zonesBox = app.querySelector("[data-zones]");
    var themesSection = app.querySelector("[data-themes-section]");
    var themesBox = app.querySelector("[data-themes]");
    var panel = app.querySelector("[data-panel]");
    var noteDialog = app.querySelector("[data-dialog=note]");
    var sheet = app.querySelector("[data-dialog=actions]");
    var toasts = app.querySelector("[data-toasts]");
    var announcer = app.querySelector("[data-announce]");
    var zoneEls = new Map(); // zone key -> { section, list, count }
    var noteEls = new Map(); // note key -> element
    var dirty = new Set();
    var full = true;
    var themesDirty = true;
    var frame = 0;
    var fallback = 0;
    var sheetKey = null;
    var inflight = new Map(); // ref -> { msg, done }
    var outbox = loadOutbox();
    var newFromOthers = 0;

    function field(name) {
      return app.querySelector("[data-field='" + name + "']");
    }

    function isFacilitator() {
      return Boolean(S.me && S.me.facilitator);
    }

    // Anonymous notes and comments carry no author on the wire (not even an
    // opaque id that would tie them together); a phone knows its own by the
    // client ids it gave them, kept per board in localStorage.
    var MINE_KEY = OUTBOX_KEY + ":mine";
    var myCids = (function () {
      try {
        var stored = JSON.parse(window.localStorage.getItem(MINE_KEY) || "[]");
        return new Set(Array.isArray(stored) ? stored : []);
      } catch (error) {
        return new Set();
      }
    })();

    function rememberMine(cid) {
      if (projector || !cid || myCids.has(cid)) return;
      myCids.add(cid);
      try {
        window.localStorage.setItem(MINE_KEY, JSON.stringify(Array.from(myCids).slice(-2000)));
      } catch (error) {
        // Storage refused: remembered for this page only.
      }
    }

    function isMine(note) {
      if (note.cid && myCids.has(note.cid)) return true;
      return Boolean(S.me && note.by && note.by === S.me.pid);
    }

    function keyOf(note) {
      return note.id ? "n" + note.id : "c" + note.cid;
    }

    function rules() {
      return (S.definition && S.definition.rules) || {};
    }

    function zones() {
      return (S.definition && S.definition.zones) || [];
    }

    function zoneByKey(key) {
      return zones().filter(function (zone) { return zone.key === key; })[0] || null;
    }

    function allRounds() {
      var seen = {};
      var out = [];
      (rules().rounds || []).concat(rules().round_options || []).forEach(function (round) {
        if (!seen[round.key]) {
          seen[round.key] = true;
          out.push(round);
        }
      });
      return out;
    }

    function roundByKey(key) {
      return allRounds().filter(function (round) { return round.key === key; })[0] || null;
    }

    function canWrite() {
      if (projector || !S.board) return false;
      if (S.board.status !== "open") return false;
      return !S.board.locked || isFacilitator();
    }

    function canChange(note) {
      return !projector && Boolean(note.id) && !note.masked && (isMine(note) || isFacilitator());
    }

    function dotsLeft() {
      var used = 0;
      Object.keys(S.votes.mine).forEach(function (key) { used += Number(S.votes.mine[key]) || 0; });
      return Math.max(0, (S.board ? S.board.dots_per_person : 0) - used);
    }

    function showTotals() {
      return Boolean(S.board && (S.board.votes_revealed || (S.me && S.me.sees_all)));
    }

    // --- feedback ---------------------------------------------------------------

    function toast(text, kind) {
      if (!toasts || !text) return;
      var node = el("div", { className: "board-toast" + (kind === "error" ? " is-error" : ""), role: kind === "error" ? "alert" : "status" }, [
        el("span", { text: text }),
        el("button", { type: "button", className: "board-toast-close", "aria-label": gettext("Close"), onclick: function () { node.remove(); } }, ["✕"]),
      ]);
      toasts.append(node);
      setTimeout(function () { node.remove(); }, kind === "error" ? 9000 : 5000);
    }

    function announce(text) {
      if (!announcer) return;
      announcer.textContent = "";
      setTimeout(function () { announcer.textContent = text; }, 50);
    }

    setInterval(function () {
      if (newFromOthers > 0) {
        announce(fmt(ngettext("%(n)s new note on the board", "%(n)s new notes on the board", newFromOthers), { n: newFromOthers }));
        newFromOthers = 0;
      }
    }, 4000);

    // --- outbox -------------------------------------------------------------------

    function loadOutbox() {
      if (projector) return [];
      try {
        var stored = JSON.parse(window.localStorage.getItem(OUTBOX_KEY) || "[]");
        return Array.isArray(stored) ? stored.filter(function (entry) { return entry && entry.msg && entry.ref; }) : [];
      } catch (error) {
        return [];
      }
    }

    function saveOutbox() {
      if (projector) return;
      try {
        if (outbox.length) window.localStorage.setItem(OUTBOX_KEY, JSON.stringify(outbox));
        else window.localStorage.removeItem(OUTBOX_KEY);
      } catch (error) {
        // Storage full or refused (private browsing): the outbox still lives in memory.
      }
    }

    function takeFromOutbox(ref) {
      for (var i = 0; i < outbox.length; i++) {
        if (outbox[i].ref === ref) {
          var entry = outbox.splice(i, 1)[0];
          saveOutbox();
          return entry;
        }
      }
      return null;
    }

    /* A participant's write: kept until acked, sent now if the board is live. */
    function write(msg) {
      msg.ref = newRef();
      if (msg.type === "note.add" || msg.type === "comment.add") rememberMine(msg.id);
      var entry = { ref: msg.ref, msg: msg };
      outbox.push(entry);
      saveOutbox();
      if (S.live) {
        entry.socket = socketSerial;
        transmit(msg);
      }
      return msg;
    }

    /* A facilitator's message: now or never; done(ack, error). */
    function request(msg, done) {
      if (!S.live) {
        toast(gettext("You are offline: try again when the connection is back."), "error");
        if (done) done(null, { message: "" });
        return false;
      }
      msg.ref = newRef();
      inflight.set(msg.ref, { msg: msg, done: done || null });
      transmit(msg);
      return true;
    }

    // --- connection ----------------------------------------------------------------

    var ws = null;
    var socketSerial = Date.now();
    var attempt = 0;
    var retryTimer = null;
    var pingTimer = null;
    var lastHeard = 0;
    var queue = [];
    var tokens = 15;
    var refilled = Date.now();
    var pumpTimer = null;

    function transmit(msg) {
      queue.push(JSON.stringify(msg));
      pump();
    }

    function pump() {
      clearTimeout(pumpTimer);
      var now = Date.now();
      tokens = Math.min(15, tokens + ((now - refilled) / 1000) * 4);
      refilled = now;
      while (queue.length && tokens >= 1) {
        if (!ws || ws.readyState !== 1) {
          queue = [];
          return;
        }
        ws.send(queue.shift());
        tokens -= 1;
      }
      if (queue.length) pumpTimer = setTimeout(pump, 260);
    }

    function wsUrl() {
      return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + cfg.ws;
    }

    function setConnection(state) {
      var node = field("connection");
      var labels = {
        connecting: gettext("Connecting…"),
        live: gettext("Live"),
        reconnecting: gettext("Reconnecting…"),
        offline: gettext("Offline"),
        refused: gettext("Not connected"),
      };
      if (node) {
        node.dataset.state = state;
        node.textContent = labels[state] || state;
      }
      var banner = app.querySelector("[data-banner=offline]");
      if (banner) banner.hidden = projector ? state !== "offline" : !(state === "offline" || (state === "reconnecting" && attempt > 1));
    }

    function connect() {
      clearTimeout(retryTimer);
      if (ws) return;
      if (navigator.onLine === false) {
        setConnection("offline");
        return;
      }
      setConnection(attempt ? "reconnecting" : "connecting");
      var socket;
      try {
        socket = new window.WebSocket(wsUrl());
      } catch (error) {
        scheduleRetry();
        return;
      }
      ws = socket;
      socketSerial += 1;
      socket.onmessage = function (event) {
        if (ws !== socket) return;
        lastHeard = Date.now();
        onFrame(event.data);
      };
      socket.onopen = function () {
        lastHeard = Date.now();
        startPing();
      };
      socket.onclose = function (event) {
        if (ws !== socket) return;
        dropped();
        if (event.code === 4403) {
          refused();
          return;
        }
        setConnection(navigator.onLine === false ? "offline" : "reconnecting");
        scheduleRetry();
      };
    }

    function dropped() {
      ws = null;
      S.live = false;
      queue = [];
      stopPing();
      inflight.forEach(function (entry) {
        if (entry.done) entry.done(null, { message: gettext("The connection was lost before the board answered; try again.") });
      });
      inflight.clear();
      renderPanel();
    }

    function disconnect() {
      var socket = ws;
      if (!socket) return;
      dropped();
      try {
        socket.close(1000);
      } catch (error) {
        // already closing
      }
    }

    function scheduleRetry() {
      clearTimeout(retryTimer);
      if (navigator.onLine === false) return; // the online event reconnects
      attempt += 1;
      var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1));
      delay = delay / 2 + Math.random() * (delay / 2);
      retryTimer = setTimeout(connect, delay);
    }

    function refused() {
      setConnection("refused");
      if (projector) {
        toast(gettext("Only a facilitator of this board can show the projector view."), "error");
        return;
      }
      // The phone's cookie for this board is gone or no longer valid: join again.
      window.location.assign(cfg.urls.join);
    }

    function startPing() {
      stopPing();
      pingTimer = setInterval(function () {
        if (!ws || ws.readyState !== 1) return;
        if (Date.now() - lastHeard > 60000) {
          // Nothing heard for a minute: the socket is dead even if the browser has not noticed.
          var socket = ws;
          dropped();
          try { socket.close(); } catch (error) { /* closing */ }
          setConnection("reconnecting");
          scheduleRetry();
          return;
        }
        ws.send(JSON.stringify({ type: "ping", ref: "ping" }));
      }, 25000);
    }

    function stopPing() {
      clearInterval(pingTimer);
      pingTimer = null;
    }

    window.addEventListener("offline", function () {
      disconnect();
      clearTimeout(retryTimer);
      setConnection("offline");
    });
    window.addEventListener("online", function () {
      attempt = 0;
      connect();
    });

    // --- frames and events -----------------------------------------------------------

    function onFrame(text) {
      var message;
      try {
        message = JSON.parse(text);
      } catch (error) {
        return;
      }
      if (message.t === "snapshot") onSnapshot(message);
      else if (message.t === "batch") {
        (message.events || []).forEach(applyEvent);
        schedule();
      } else if (message.t === "ack") onAck(message);
      else if (message.t === "error") onError(message);
    }

    function skewFrom(timer) {
      if (timer && typeof timer.now === "number") S.skew = timer.now - Date.now();
    }

    function onSnapshot(message) {
      S.board = message.board;
      S.definition = message.definition;
      S.me = message.me;
      skewFrom(message.board.timer);
      S.notes = new Map();
      S.byCid = new Map();
      (message.notes || []).forEach(function (note) {
        S.notes.set(note.id, note);
        if (note.cid) S.byCid.set(note.cid, note.id);
      });
      S.themes = message.themes || [];
      S.votes = { mine: (message.votes && message.votes.mine) || {}, totals: (message.votes && message.votes.totals) || {} };
      S.comments = new Map();
      (message.comments || []).forEach(function (comment) { S.comments.set(comment.id, comment); });
      S.participants = message.participants || 0;
      rebuildPending();
      S.live = true;
      attempt = 0;
      setConnection("live");
      app.removeAttribute("aria-busy");
      var loading = app.querySelector("[data-loading]");
      if (loading) loading.hidden = true;
      full = true;
      themesDirty = true;
      schedule();
      onBoardState(null);
      // Everything not yet acked goes again, in the order it was written (once
      // per socket: a second snapshot on the same socket, after a sync, sends nothing new).
      outbox.forEach(function (entry) {
        if (entry.socket === socketSerial) return;
        entry.socket = socketSerial;
        transmit(entry.msg);
      });
    }

    /* Optimistic notes: those of the outbox the server does not show yet, and
     * failed ones the person has not dismissed. */
    function rebuildPending() {
      var kept = new Map();
      S.pending.forEach(function (note, cid) {
        if (note.failed && !S.byCid.has(cid)) kept.set(cid, note);
      });
      outbox.forEach(function (entry) {
        var msg = entry.msg;
        if (msg.type === "note.add" && !S.byCid.has(msg.id)) kept.set(msg.id, optimisticNote(msg));
      });
      S.pending = kept;
      S.pendingComments = new Map();
      outbox.forEach(function (entry) {
        var msg = entry.msg;
        if (msg.type === "comment.add") {
          var known = false;
          S.comments.forEach(function (comment) { if (comment.cid === msg.id) known = true; });
          if (!known) S.pendingComments.set(msg.id, pendingComment(msg));
        }
      });
    }

    function optimisticNote(msg) {
      var note = {
        cid: msg.id,
        kind: S.definition && S.definition.note ? S.definition.note.kind : "note",
        zone: msg.zone,
        text: msg.text,
        fields: msg.fields || {},
        tags: msg.tags || [],
        round: S.board ? S.board.round : "",
        theme: null,
        by: S.me ? S.me.pid : "",
        name: S.me ? S.me.name : "",
        org: S.me ? S.me.org : "",
        links: [],
        pending: true,
      };
      if (msg.organisation) note.named = { organisation: msg.organisation, label: "" };
      return note;
    }

    function pendingComment(msg) {
      return { cid: msg.id, note: msg.note, text: msg.text, by: S.me ? S.me.pid : "", name: S.me ? S.me.name : "", pending: true };
    }

    function markDirty(note) {
      dirty.add(keyOf(note));
      if (S.themes.length) themesDirty = true;
    }

    function upsertNote(note, keepLinks) {
      var old = S.notes.get(note.id);
      if (old && !old.masked && !note.masked && typeof old.v === "number" && typeof note.v === "number" && note.v < old.v) {
        return; // an older version than the one shown
      }
      if (old && (keepLinks || note.masked || !note.links)) note.links = old.links || [];
      if (!note.links) note.links = [];
      S.notes.set(note.id, note);
      if (note.cid) {
        S.byCid.set(note.cid, note.id);
        var pending = S.pending.get(note.cid);
        if (pending) {
          S.pending.delete(note.cid);
          dirty.add("c" + note.cid);
        }
      }
      if (!old && !isMine(note)) newFromOthers += 1;
      if (old && old.zone !== note.zone) dirty.add(keyOf(old));
      markDirty(note);
      if (S.board && S.board.spotlight === note.id) renderSpotlight();
      if (sheetKey === keyOf(note)) renderSheet();
    }

    function removeNote(id) {
      var old = S.notes.get(id);
      if (!old) return;
      S.notes.delete(id);
      if (old.cid) S.byCid.delete(old.cid);
      dirty.add(keyOf(old));
      themesDirty = true;
      if (sheetKey === keyOf(old)) closeDialog(sheet);
    }

    function applyEvent(event) {
      switch (event.t) {
        case "note":
          upsertNote(event.note, false);
          break;
        case "notes":
          (event.notes || []).forEach(function (note) { upsertNote(note, true); });
          break;
        case "note.gone":
          removeNote(event.id);
          break;
        case "themes":
          S.themes = event.themes || [];
          Object.keys(event.assign || {}).forEach(function (id) {
            var note = S.notes.get(Number(id));
            if (note) {
              note.theme = event.assign[id];
              markDirty(note);
            }
          });
          themesDirty = true;
          if (sheetKey) renderSheet();
          break;
        case "board":
          var before = S.board;
          S.board = event.board;
          skewFrom(event.board.timer);
          onBoardState(before);
          break;
        case "definition":
          S.definition = event.definition;
          full = true;
          themesDirty = true;
          break;
        case "timer":
          if (S.board) S.board.timer = event.timer;
          skewFrom(event.timer);
          renderTimer();
          renderPanel();
          break;
        case "votes":
          S.votes.totals[event.note] = event.total;
          dirtyId(event.note);
          break;
        case "votes.all":
          S.votes.totals = event.totals || {};
          full = true;
          break;
        case "dots":
          S.votes.mine[event.note] = event.mine;
          dirtyId(event.note);
          renderDots();
          break;
        case "comment":
          var comment = event.comment;
          S.comments.set(comment.id, comment);
          if (comment.cid) S.pendingComments.delete(comment.cid);
          dirtyId(comment.note);
          if (sheetKey === "n" + comment.note) renderComments();
          break;
        case "comment.gone":
          var gone = S.comments.get(event.id);
          S.comments.delete(event.id);
          if (gone) {
            dirtyId(gone.note);
            if (sheetKey === "n" + gone.note) renderComments();
          }
          break;
        case "link":
          var source = S.notes.get(event.source);
          if (source) {
            var links = (source.links || []).filter(function (id) { return id !== event.target; });
            if (event.on) links.push(event.target);
            source.links = links;
            markDirty(source);
            if (sheetKey === keyOf(source)) renderSheet();
          }
          break;
        default:
          break;
      }
    }

    function dirtyId(id) {
      var note = S.notes.get(Number(id));
      if (note) markDirty(note);
    }

    function onAck(message) {
      if (message.ref === "ping") return;
      var asked = inflight.get(message.ref);
      if (asked) {
        inflight.delete(message.ref);
        if (asked.done) asked.done(message, null);
        return;
      }
      var entry = takeFromOutbox(message.ref);
      if (!entry) return;
      var msg = entry.msg;
      if (msg.type === "note.add") {
        var pending = S.pending.get(msg.id);
        if (pending && message.note && S.notes.has(message.note)) {
          S.pending.delete(msg.id);
          dirty.add("c" + msg.id);
        } else if (pending) {
          pending.acked = true;
          pending.id = undefined;
          dirty.add("c" + msg.id);
          // A duplicate has no event behind it: ask for the board as it is.
          if (message.duplicate && S.live) transmit({ type: "sync", ref: newRef() });
        }
        schedule();
      }
      if (msg.type === "comment.add" && message.duplicate && S.live) {
        transmit({ type: "sync", ref: newRef() });
      }
      if (msg.type === "vote.add" && typeof message.left === "number") renderDots();
    }

    function onError(message) {
      var asked = inflight.get(message.ref);
      if (asked) {
        inflight.delete(message.ref);
        if (asked.done) asked.done(null, message);
        toast(message.message, "error");
        renderPanel();
        return;
      }
      var entry = message.ref ? takeFromOutbox(message.ref) : null;
      if (entry && entry.msg.type === "note.add") {
        var pending = S.pending.get(entry.msg.id);
        if (pending) {
          pending.failed = message.message;
          pending.pending = false;
          dirty.add("c" + entry.msg.id);
          schedule();
        }
      }
      if (entry && (entry.msg.type === "vote.add" || entry.msg.type === "vote.remove")) {
        var noteId = entry.msg.note;
        var change = entry.msg.type === "vote.add" ? -1 : 1;
        S.votes.mine[noteId] = Math.max(0, (Number(S.votes.mine[noteId]) || 0) + change);
        dirtyId(noteId);
        schedule();
        renderDots();
      }
      if (entry && entry.msg.type === "comment.add") {
        S.pendingComments.delete(entry.msg.id);
        renderComments();
      }
      toast(message.message, "error");
    }

    // --- board state ----------------------------------------------------------------

    function onBoardState(before) {
      var board = S.board;
      if (!board) return;
      if (!before || before.votes_revealed !== board.votes_revealed || before.locked !== board.locked || before.status !== board.status) {
        full = true;
      }
      if (before && before.spotlight !== board.spotlight) {
        if (before.spotlight) dirtyId(before.spotlight);
        if (board.spotlight) dirtyId(board.spotlight);
      }
      if (before && before.round !== board.round && board.round) {
        var round = roundByKey(board.round);
        if (round) toast(fmt(gettext("Next round: %(round)s"), { round: nameOf(round) }));
      }
      var title = field("title");
      if (title) title.textContent = board.title;
      var prompt = field("prompt");
      if (prompt) {
        prompt.textContent = board.prompt || "";
        prompt.hidden = !board.prompt;
      }
      var banners = {
        closed: board.status !== "open",
        locked: board.locked && board.status === "open",
        private: board.private && !projector,
        anonymous: board.anonymous && !projector,
      };
      Object.keys(banners).forEach(function (name) {
        var node = app.querySelector("[data-banner=" + name + "]");
        if (node) node.hidden = !banners[name];
      });
      renderRedirect();
      renderRound();
      renderDots();
      renderTimer();
      renderSpotlight();
      renderPanel();
      schedule();
    }

    var redirectTimer = null;
    function renderRedirect() {
      var banner = app.querySelector("[data-banner=redirect]");
      var code = S.board && S.board.redirect;
      clearTimeout(redirectTimer);
      if (!banner) return;
      if (!code || code === cfg.code) {
        banner.hidden = true;
        return;
      }
      var target = projector
        ? cfg.urls.projector_pattern.replace("CODE", code)
        : cfg.urls.board_pattern.replace("CODE", code) + "?from=" + encodeURIComponent(cfg.code);
      var link = banner.querySelector("[data-field=redirect-link]");
      if (link) link.href = target;
      banner.hidden = false;
      if (!isFacilitator() || projector) {
        redirectTimer = setTimeout(function () { window.location.assign(target); }, 2000);
      }
    }

    function renderRound() {
      var node = field("round");
      if (!node) return;
      var round = S.board && S.board.round ? roundByKey(S.board.round) : null;
      node.hidden = !round;
      if (round) {
        node.textContent = fmt(gettext("Round: %(round)s"), { round: nameOf(round) });
        node.dataset.color = round.color || "";
      }
      var filter = app.querySelector("[data-round-filter]");
      var select = app.querySelector("[data-control=round-filter]");
      var rounds = rules().rounds || [];
      if (filter && select) {
        filter.hidden = rounds.length === 0;
        var current = select.value;
        select.replaceChildren(el("option", { value: "", text: gettext("All rounds") }));
        rounds.forEach(function (item) { select.append(el("option", { value: item.key, text: nameOf(item) })); });
        select.value = current;
      }
    }

    function renderDots() {
      var node = field("dots");
      var voting = Boolean(rules().voting) && !projector;
      if (node) {
        node.hidden = !voting;
        if (voting && S.board) {
          node.textContent = fmt(gettext("Dots left: %(left)s of %(total)s"), { left: dotsLeft(), total: S.board.dots_per_person });
        }
      }
      var none = dotsLeft() <= 0 || !canWrite();
      app.querySelectorAll("[data-action=vote]").forEach(function (btn) { btn.disabled = none; });
    }

    // --- timer ----------------------------------------------------------------------

    function timerSeconds() {
      var timer = S.board && S.board.timer;
      if (!timer) return null;
      if (timer.ends_at) return Math.max(0, Math.ceil((timer.ends_at - (Date.now() + S.skew)) / 1000));
      if (typeof timer.remaining === "number") return timer.remaining;
      return null;
    }

    function clock(seconds) {
      var m = Math.floor(seconds / 60);
      var s = seconds % 60;
      if (m >= 60) return Math.floor(m / 60) + ":" + String(m % 60).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      return m + ":" + String(s).padStart(2, "0");
    }

    function renderTimer() {
      var node = field("timer");
      if (!node) return;
      var seconds = timerSeconds();
      var timer = S.board && S.board.timer;
      if (seconds === null) {
        node.hidden = true;
        node.removeAttribute("data-state");
        return;
      }
      var paused = !timer.ends_at;
      var state = paused ? "paused" : seconds === 0 ? "done" : "running";
      node.hidden = false;
      node.dataset.state = state;
      var text = clock(seconds);
      var label = state === "paused" ? gettext("paused") : state === "done" ? gettext("Time is up") : "";
      if (node.dataset.text !== text + label) {
        node.dataset.text = text + label;
        node.replaceChildren(
          icon("clock"),
          el("span", { className: "board-timer-clock", dataset: { clock: "" }, text: text }),
          el("span", { className: "board-timer-label", hidden: !label, text: label })
        );
        node.setAttribute("aria-label", fmt(gettext("Timer: %(time)s"), { time: text }) + (label ? " (" + label + ")" : ""));
      }
    }

    setInterval(renderTimer, 250);

    // --- spotlight ----------------------------------------------------------------

    function renderSpotlight() {
      var box = app.querySelector("[data-spotlight]");
      if (!box) return;
      var id = S.board && S.board.spotlight;
      var note = id ? S.notes.get(id) : null;
      if (!note || note.masked || S.dismissedSpotlight === id) {
        box.hidden = true;
        return;
      }
      box.hidden = false;
      box.dataset.note = String(id);
      box.querySelector("[data-field=spotlight-text]").textContent = note.text;
      var by = [note.name, note.org].filter(Boolean).join(" · ");
      box.querySelector("[data-field=spotlight-by]").textContent = by;
      var clear = box.querySelector("[data-action=spotlight-clear]");
      if (clear) clear.hidden = !isFacilitator();
    }

    // --- rendering: zones ---------------------------------------------------------------

    /* One render per frame; the timeout covers windows where animation frames
     * are held back (a projector tab behind another one). */
    function schedule() {
      if (frame) return;
      frame = window.requestAnimationFrame(flush);
      fallback = setTimeout(flush, 250);
    }

    function flush() {
      if (frame) window.cancelAnimationFrame(frame);
      clearTimeout(fallback);
      frame = 0;
      if (!S.definition) return;
      if (full) {
        full = false;
        dirty.clear();
        renderZones();
        noteEls.forEach(function (node) { node.remove(); });
        noteEls.clear();
        S.notes.forEach(placeNote);
        S.pending.forEach(placeNote);
        themesDirty = true;
      } else if (dirty.size) {
        var keys = Array.from(dirty);
        dirty.clear();
        keys.forEach(function (key) {
          var note = key.charAt(0) === "n" ? S.notes.get(Number(key.slice(1))) : S.pending.get(key.slice(1));
          if (note) placeNote(note);
          else {
            var node = noteEls.get(key);
            if (node) node.remove();
            noteEls.delete(key);
          }
        });
      }
      if (themesDirty) renderThemes();
      updateCounts();
      renderDots();
    }

    function renderZones() {
      zoneEls.clear();
      var layout = (S.definition && S.definition.layout) || "columns";
      zonesBox.className = "board-zones layout-" + layout;
      zonesBox.replaceChildren();
      var holder = zonesBox;
      if (layout === "grid") {
        holder = el("div", { className: "bgrid", role: "group", "aria-label": gettext("Power and interest") });
        holder.append(
          el("span", { className: "bgrid-axis bgrid-axis-y", "aria-hidden": "true", text: gettext("Power") + " ↑" }),
          el("span", { className: "bgrid-axis bgrid-axis-x", "aria-hidden": "true", text: gettext("Interest") + " →" })
        );
        zonesBox.append(holder);
      }
      var list = zones();
      list.forEach(function (zone, index) {
        var section = zoneSection(zone, index, list.length, layout);
        if (layout === "grid" && typeof zone.power === "number" && typeof zone.interest === "number") {
          // Placed by the stylesheet from 40rem up; stacked on a phone.
          section.dataset.gridRow = zone.power >= 50 ? "high" : "low";
          section.dataset.gridCol = zone.interest >= 50 ? "high" : "low";
        }
        holder.append(section);
      });
      renderRound();
      renderPanelZones();
    }

    function zoneSection(zone, index, total, layout) {
      var headingId = "zone-" + zone.key;
      var labels = KIND_LABELS[(S.definition.note && S.definition.note.kind) || "note"] || KIND_LABELS.note;
      var section = el("section", {
        className: "bzone tone-" + (zone.color || "yellow"),
        dataset: { zone: zone.key, layer: String(index + 1) },
        "aria-labelledby": headingId,
      });
      var count = el("span", { className: "bzone-count", dataset: { zoneCount: zone.key } });
      var head = el("header", { className: "bzone-head" }, [
        el("h2", { id: headingId, className: "bzone-name" }, [nameOf(zone)]),
        count,
      ]);
      if (!projector) {
        head.append(el("button", {
          type: "button",
          className: "btn btn-primary bzone-add",
          dataset: { action: "add-note", zone: zone.key },
          disabled: !canWrite(),
          "aria-label": labels[0] + ": " + nameOf(zone),
        }, [el("span", { "aria-hidden": "true", text: "+ " }), labels[0]]));
      }
      if (!projector && isFacilitator() && rules().draw_zones) {
        head.append(el("div", { className: "bzone-tools cluster" }, [
          button(gettext("Rename"), "zone-rename", { dataset: { zone: zone.key }, "aria-label": fmt(gettext("Rename the zone %(zone)s"), { zone: nameOf(zone) }) }),
          button(gettext("Remove"), "zone-delete", { dataset: { zone: zone.key }, "aria-label": fmt(gettext("Remove the zone %(zone)s"), { zone: nameOf(zone) }) }),
        ]));
      }
      var notes = el("div", { className: "bzone-notes", dataset: { zoneNotes: zone.key }, role: "list" });
      section.append(head, notes);
      if (layout === "layers" && index < total - 1) {
        section.append(el("p", { className: "bzone-deeper", "aria-hidden": "true", text: "↓ " + gettext("deeper") }));
      }
      if (!projector) {
        notes.addEventListener("dragover", function (event) {
          if (event.dataTransfer && Array.from(event.dataTransfer.types).indexOf("text/x-board-note") !== -1) {
            event.preventDefault();
            section.classList.add("is-drop");
          }
        });
        notes.addEventListener("dragleave", function () { section.classList.remove("is-drop"); });
        notes.addEventListener("drop", function (event) {
          section.classList.remove("is-drop");
          var id = Number(event.dataTransfer.getData("text/x-board-note"));
          var note = S.notes.get(id);
          if (!note || note.zone === zone.key) return;
          event.preventDefault();
          moveNote(note, { zone: zone.key });
        });
      }
      zoneEls.set(zone.key, { section: section, list: notes, count: count });
      return section;
    }

    function updateCounts() {
      zoneEls.forEach(function (zone, key) {
        var shown = zone.list.querySelectorAll(".bnote:not([hidden])").length;
        zone.count.textContent = fmt(ngettext("%(n)s note", "%(n)s notes", shown), { n: shown });
        var add = zone.section.querySelector("[data-action=add-note]");
        if (add) add.disabled = !canWrite();
        zone.section.classList.toggle("is-empty", shown === 0);
        zone.list.dataset.empty = shown === 0 ? gettext("No notes yet") : "";
        void key;
      });
    }

    function visible(note) {
      if (S.mineOnly && !isMine(note)) return false;
      if (S.roundFilter && note.round !== S.roundFilter) return false;
      return true;
    }

    function orderOf(note) {
      return note.id ? note.id : 1e15 + (note.seq || 0);
    }

    function placeNote(note) {
      var key = keyOf(note);
      var old = noteEls.get(key);
      var zone = zoneEls.get(note.zone);
      if (!zone) {
        if (old) old.remove();
        noteEls.delete(key);
        return;
      }
      var hadFocus = old && old.contains(document.activeElement) ? document.activeElement.dataset.action : null;
      var node = buildNote(note);
      node.hidden = !visible(note);
      if (old && old.parentNode === zone.list) {
        old.replaceWith(node);
      } else {
        if (old) old.remove();
        var order = orderOf(note);
        var before = null;
        var children = zone.list.children;
        for (var i = 0; i < children.length; i++) {
          if (Number(children[i].dataset.order) > order) {
            before = children[i];
            break;
          }
        }
        zone.list.insertBefore(node, before);
      }
      noteEls.set(key, node);
      if (hadFocus) {
        var again = node.querySelector("[data-action='" + hadFocus + "']");
        if (again) again.focus();
      }
    }

    function applyFilters() {
      noteEls.forEach(function (node, key) {
        var note = key.charAt(0) === "n" ? S.notes.get(Number(key.slice(1))) : S.pending.get(key.slice(1));
        if (note) node.hidden = !visible(note);
      });
      updateCounts();
    }

    // --- rendering: a note ---------------------------------------------------------------

    function toneOf(note) {
      var round = note.round ? roundByKey(note.round) : null;
      if (round && round.color) return round.color;
      var zone = zoneByKey(note.zone);
      return (zone && zone.color) || "yellow";
    }

    function choiceName(fieldSpec, key) {
      var choice = (fieldSpec.choices || []).filter(function (item) { return item.key === key; })[0];
      return choice ? nameOf(choice) : key;
    }

    function tagName(key) {
      var tag = ((S.definition.note && S.definition.note.tags) || []).filter(function (item) { return item.key === key; })[0];
      return tag ? nameOf(tag) : key;
    }

    function commentsOf(id) {
      var out = [];
      S.comments.forEach(function (comment) { if (comment.note === id) out.push(comment); });
      return out;
    }

    function buildNote(note) {
      var node = el("article", {
        className: "bnote tone-" + toneOf(note),
        role: "listitem",
        dataset: { key: keyOf(note), kind: note.kind || "", zone: note.zone, round: note.round || "", order: String(orderOf(note)) },
      });
      if (note.id) node.dataset.noteId = String(note.id);
      if (note.cid) node.dataset.cid = note.cid;
      var round = note.round ? roundByKey(note.round) : null;
      var chips = el("div", { className: "bnote-chips" });
      if (round && (rules().rounds || []).length) {
        chips.append(el("span", { className: "bnote-chip bnote-round", dataset: { color: round.color || "" }, text: nameOf(round) }));
      }
      if (note.masked) {
        node.classList.add("is-masked");
        node.dataset.masked = "";
        node.setAttribute("aria-label", gettext("A note, face down until the facilitator reveals it"));
        node.append(chips, el("div", { className: "bnote-back", "aria-hidden": "true" }, [el("span", { text: "✱" })]));
        return node;
      }
      var mine = isMine(note);
      if (mine) {
        node.classList.add("is-mine");
        node.dataset.mine = "";
      }
      if (note.hidden) {
        node.classList.add("is-hidden");
        node.dataset.hiddenNote = "";
      }
      if (S.board && S.board.spotlight && note.id === S.board.spotlight) node.classList.add("is-spotlit");
      var theme = note.theme ? S.themes.filter(function (item) { return item.id === note.theme; })[0] : null;
      if (theme) chips.append(el("span", { className: "bnote-chip bnote-theme", dataset: { themeChip: String(theme.id) }, text: "# " + theme.label }));
      var outcome = note.fields && note.fields.outcome;
      if (outcome && OUTCOMES[outcome]) {
        chips.append(el("span", { className: "bnote-chip bnote-outcome", dataset: { outcome: outcome }, text: OUTCOMES[outcome] }));
      }
      if (note.hidden) chips.append(el("span", { className: "bnote-chip bnote-flag", text: gettext("Hidden by the facilitator") }));
      if (chips.childNodes.length) node.append(chips);
      node.append(el("p", { className: "bnote-text", dataset: { field: "text" }, text: note.text }));

      var defFields = (S.definition.note && S.definition.note.fields) || [];
      if (defFields.length && note.fields) {
        var dl = el("dl", { className: "bnote-fields" });
        defFields.forEach(function (spec) {
          var value = note.fields[spec.key];
          if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
          var dd = el("dd");
          if (Array.isArray(value)) {
            value.forEach(function (key) { dd.append(el("span", { className: "tag bnote-tag", text: choiceName(spec, key) })); });
          } else {
            dd.textContent = value;
          }
          dl.append(el("dt", { text: nameOf(spec) }), dd);
        });
        if (dl.childNodes.length) node.append(dl);
      }
      if (note.tags && note.tags.length) {
        node.append(el("p", { className: "bnote-tags" }, note.tags.map(function (key) {
          return el("span", { className: "tag bnote-tag", text: tagName(key) });
        })));
      }
      if (note.named && note.named.label) {
        node.append(el("p", { className: "bnote-named" }, [
          icon("building"),
          el("span", { className: "visually-hidden", text: gettext("Names") + ": " }),
          note.named.label,
        ]));
      }
      if (note.links && note.links.length) {
        var targets = note.links.map(function (id) { return S.notes.get(id); }).filter(Boolean);
        node.append(el("p", { className: "bnote-links", dataset: { links: String(note.links.length) } }, [
          el("span", { "aria-hidden": "true", text: "↓ " }),
          fmt(ngettext("Linked to %(n)s note below", "Linked to %(n)s notes below", note.links.length), { n: note.links.length }),
          targets.length ? el("span", { className: "bnote-link-list", text: ": " + targets.map(function (t) { return snippet(t.masked ? "✱" : t.text, 30); }).join(" · ") }) : null,
        ]));
      }

      var foot = el("footer", { className: "bnote-foot" });
      var byline = el("p", { className: "bnote-by" });
      if (mine) byline.append(el("span", { className: "bnote-you", text: gettext("You") }));
      if (note.name) {
        byline.append(el("span", { className: "bnote-name", text: note.name }));
        if (note.org) byline.append(el("span", { className: "bnote-org", text: note.org }));
      } else if (!mine) {
        byline.append(el("span", { className: "bnote-name muted", text: gettext("Anonymous") }));
      }
      foot.append(byline);

      if (note.pending) {
        foot.append(el("p", { className: "bnote-status", dataset: { status: "sending" } }, [
          el("span", { className: "board-spinner", "aria-hidden": "true" }),
          note.acked ? gettext("Saved") : S.live ? gettext("Sending…") : gettext("Waiting for the connection…"),
        ]));
      }
      if (note.failed) {
        node.classList.add("is-failed");
        node.dataset.failed = "";
        foot.append(el("p", { className: "bnote-status is-error", role: "alert", text: note.failed }));
        foot.append(button(gettext("Remove"), "discard", { dataset: { cid: note.cid } }));
      }

      if (note.id && !projector) {
        var actions = el("div", { className: "bnote-actions" });
        if (rules().voting) {
          var minePoints = Number(S.votes.mine[note.id]) || 0;
          var dots = el("span", { className: "bnote-dots", dataset: { mineDots: String(minePoints) } });
          for (var i = 0; i < minePoints; i++) dots.append(el("span", { className: "bnote-dot", "aria-hidden": "true" }));
          if (minePoints) dots.append(el("span", { className: "visually-hidden", text: fmt(ngettext("your %(n)s dot", "your %(n)s dots", minePoints), { n: minePoints }) }));
          actions.append(
            el("button", {
              type: "button", className: "bnote-btn bnote-vote", dataset: { action: "vote", note: String(note.id) },
              disabled: dotsLeft() <= 0 || !canWrite(), "aria-label": gettext("Give this note a dot"),
            }, [el("span", { "aria-hidden": "true", text: "● +" })]),
            dots
          );
          if (minePoints) {
            actions.append(el("button", {
              type: "button", className: "bnote-btn", dataset: { action: "unvote", note: String(note.id) },
              disabled: !canWrite(), "aria-label": gettext("Take a dot back"),
            }, [el("span", { "aria-hidden": "true", text: "−" })]));
          }
        }
        if (rules().voting && showTotals()) {
          var total = Number(S.votes.totals[note.id]) || 0;
          actions.append(el("span", { className: "bnote-total", dataset: { field: "votes-total" }, text: fmt(ngettext("%(n)s dot", "%(n)s dots", total), { n: total }) }));
        }
        var count = commentsOf(note.id).length;
        actions.append(el("button", {
          type: "button", className: "bnote-btn", dataset: { action: "comments", note: String(note.id) },
          "aria-label": fmt(ngettext("%(n)s comment; read or add", "%(n)s comments; read or add", count), { n: count }),
        }, [icon("comment"), el("span", { "aria-hidden": "true", text: String(count) })]));
        if (isFacilitator()) {
          var spot = S.board && S.board.spotlight === note.id;
          actions.append(el("button", {
            type: "button", className: "bnote-btn" + (spot ? " is-on" : ""), dataset: { action: "spotlight", note: String(note.id) },
            "aria-pressed": spot ? "true" : "false", "aria-label": gettext("Spotlight this note on every screen"),
          }, [el("span", { "aria-hidden": "true", text: spot ? "★" : "☆" })]));
        }
        actions.append(el("button", {
          type: "button", className: "bnote-btn", dataset: { action: "open-actions", note: String(note.id) },
          "aria-label": gettext("More for this note: edit, move, theme, links"), "aria-haspopup": "dialog",
        }, [el("span", { "aria-hidden": "true", text: "⋯" })]));
        foot.append(actions);
      } else if (note.id && projector && rules().voting && showTotals()) {
        var shown = Number(S.votes.totals[note.id]) || 0;
        foot.append(el("span", { className: "bnote-total", text: fmt(ngettext("%(n)s dot", "%(n)s dots", shown), { n: shown }) }));
      }
      node.append(foot);

      if (!projector && canChange(note) && window.matchMedia && window.matchMedia("(pointer: fine)").matches) {
        node.draggable = true;
        node.addEventListener("dragstart", function (event) {
          event.dataTransfer.setData("text/x-board-note", String(note.id));
          event.dataTransfer.effectAllowed = "move";
          node.classList.add("is-dragging");
        });
        node.addEventListener("dragend", function () { node.classList.remove("is-dragging"); });
      }
      return node;
    }

    // --- rendering: themes ---------------------------------------------------------------

    function editingInside(container) {
      var active = document.activeElement;
      return Boolean(active && container.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName));
    }

    if (themesBox) {
      themesBox.addEventListener("focusout", function () {
        setTimeout(function () {
          if (themesDirty && !editingInside(themesBox)) renderThemes();
        }, 0);
      });
    }

    function themeOptions(selected, withNone, exclude) {
      var options = [];
      if (withNone) options.push(el("option", { value: "", text: gettext("No theme") }));
      S.themes.forEach(function (theme) {
        if (exclude && theme.id === exclude) return;
        options.push(el("option", { value: String(theme.id), text: theme.label, selected: theme.id === selected }));
      });
      return options;
    }

    function renderThemes() {
      if (!themesSection || !themesBox) return;
      if (editingInside(themesBox)) {
        themesDirty = true;
        return;
      }
      themesDirty = false;
      themesSection.hidden = S.themes.length === 0;
      if (!S.themes.length) {
        themesBox.replaceChildren();
        return;
      }
      var facilitator = isFacilitator() && !projector;
      var groups = new Map();
      S.themes.forEach(function (theme) { groups.set(theme.id, []); });
      var loose = [];
      S.notes.forEach(function (note) {
        if (note.theme && groups.has(note.theme)) groups.get(note.theme).push(note);
        else loose.push(note);
      });
      var nodes = S.themes.map(function (theme) {
        var notes = groups.get(theme.id);
        var headingId = "theme-" + theme.id;
        var article = el("article", {
          className: "btheme", dataset: { theme: String(theme.id) }, "aria-labelledby": headingId,
        });
        var head = el("header", { className: "btheme-head" }, [
          el("h3", { id: headingId, className: "btheme-label", dataset: { field: "theme-label" }, text: theme.label }),
          el("span", { className: "bzone-count", text: fmt(ngettext("%(n)s note", "%(n)s notes", notes.length), { n: notes.length }) }),
        ]);
        if (theme.suggested && theme.suggested !== theme.label) {
          head.append(el("span", { className: "muted btheme-suggested", text: fmt(gettext("suggested: %(label)s"), { label: theme.suggested }) }));
        }
        article.append(head);
        var list = el("ul", { className: "btheme-notes" });
        notes.forEach(function (note) { list.append(themeNoteItem(note, theme, facilitator)); });
        article.append(list);
        if (facilitator) article.append(themeTools(theme, notes));
        if (!projector) {
          article.addEventListener("dragover", function (event) {
            if (event.dataTransfer && Array.from(event.dataTransfer.types).indexOf("text/x-board-note") !== -1) {
              event.preventDefault();
              article.classList.add("is-drop");
            }
          });
          article.addEventListener("dragleave", function () { article.classList.remove("is-drop"); });
          article.addEventListener("drop", function (event) {
            article.classList.remove("is-drop");
            var note = S.notes.get(Number(event.dataTransfer.getData("text/x-board-note")));
            if (!note || note.theme === theme.id) return;
            event.preventDefault();
            moveNote(note, { theme: theme.id });
          });
        }
        return article;
      });
      if (loose.length && !projector) {
        var article = el("article", { className: "btheme btheme-loose", dataset: { theme: "" } }, [
          el("header", { className: "btheme-head" }, [el("h3", { className: "btheme-label", text: gettext("Not in a theme") })]),
        ]);
        var list = el("ul", { className: "btheme-notes" });
        loose.forEach(function (note) { list.append(themeNoteItem(note, null, facilitator)); });
        article.append(list);
        nodes.push(article);
      }
      themesBox.replaceChildren.apply(themesBox, nodes);
    }

    function themeNoteItem(note, theme, facilitator) {
      var item = el("li", { className: "btheme-note", dataset: { themeNote: String(note.id) } });
      var label = note.masked ? gettext("A note, face down") : snippet(note.text, 140);
      if (facilitator && theme) {
        var checkId = "split-" + theme.id + "-" + note.id;
        item.append(el("input", { type: "checkbox", id: checkId, dataset: { split: String(note.id) } }), el("label", { for: checkId, text: label }));
      } else {
        item.append(el("span", { className: note.masked ? "muted" : "", text: label }));
      }
      if (!projector && canChange(note) && canWrite() && S.themes.length) {
        var select = el("select", {
          className: "btheme-move", dataset: { control: "note-theme", note: String(note.id) },
          "aria-label": fmt(gettext("Theme of the note “%(note)s”"), { note: snippet(note.text, 40) }),
        }, themeOptions(note.theme, true));
        select.value = note.theme ? String(note.theme) : "";
        item.append(select);
      }
      return item;
    }

    function themeTools(theme, notes) {
      var tools = el("div", { className: "btheme-tools cluster" });
      var rename = el("form", { className: "btheme-rename cluster", dataset: { form: "theme-rename", themeId: String(theme.id) } }, [
        el("label", { className: "visually-hidden", for: "theme-label-" + theme.id, text: gettext("New name") }),
        el("input", { type: "text", id: "theme-label-" + theme.id, maxlength: "200", value: theme.label, dataset: { control: "theme-label" } }),
        el("button", { type: "submit", className: "btn btn-small", text: gettext("Rename") }),
      ]);
      tools.append(rename);
      if (S.themes.length > 1) {
        var merge = el("div", { className: "cluster" }, [
          el("label", { className: "visually-hidden", for: "theme-into-" + theme.id, text: gettext("Merge into") }),
          el("select", { id: "theme-into-" + theme.id, dataset: { control: "theme-into", themeId: String(theme.id) } }, themeOptions(null, false, theme.id)),
          button(gettext("Merge into"), "theme-merge", { dataset: { themeId: String(theme.id) } }),
        ]);
        tools.append(merge);
      }
      if (notes.length > 1) tools.append(button(gettext("Split off the ticked notes"), "theme-split", { dataset: { themeId: String(theme.id) } }));
      tools.append(button(gettext("Delete the theme"), "theme-delete", { className: "btn btn-small btn-danger", dataset: { themeId: String(theme.id) } }));
      return tools;
    }

    // --- the facilitator panel ---------------------------------------------------------

    function control(name) {
      return panel ? panel.querySelector("[data-control='" + name + "']") : null;
    }

    function panelButton(name) {
      return panel ? panel.querySelector("[data-action='" + name + "']") : null;
    }

    function renderPanel() {
      if (!panel || !S.board) return;
      var board = S.board;
      var participants = panel.querySelector("[data-field=participants]");
      if (participants) {
        participants.textContent = fmt(ngettext("%(n)s person has joined this board.", "%(n)s people have joined this board.", S.participants), { n: S.participants });
      }
      ["locked", "anonymous", "votes_revealed"].forEach(function (name) {
        var input = control(name);
        if (input) input.checked = Boolean(board[name]);
      });
      var dots = control("dots_per_person");
      if (dots && document.activeElement !== dots) dots.value = board.dots_per_person;
      var limit = control("notes_per_person");
      if (limit && document.activeElement !== limit) limit.value = board.notes_per_person || "";
      var privateOn = panelButton("private-on");
      var reveal = panelButton("reveal");
      if (privateOn) privateOn.hidden = board.private;
      if (reveal) reveal.hidden = !board.private;
      var voting = panel.querySelector("[data-section=voting]");
      if (voting) voting.hidden = !rules().voting;
      var roundsBox = panel.querySelector("[data-section=rounds]");
      var rounds = rules().rounds || [];
      var options = rules().round_options || [];
      if (roundsBox) {
        roundsBox.hidden = !rounds.length && !options.length;
        var select = control("round");
        if (select && document.activeElement !== select) {
          select.replaceChildren.apply(select, [el("option", { value: "", text: gettext("No round") })].concat(rounds.map(function (round) {
            return el("option", { value: round.key, text: nameOf(round) });
          })));
          select.value = board.round || "";
        }
        var add = control("round-add");
        var taken = {};
        rounds.forEach(function (round) { taken[round.key] = true; });
        var free = options.filter(function (round) { return !taken[round.key]; });
        var addBox = panel.querySelector("[data-round-add]");
        if (addBox) addBox.hidden = !free.length;
        if (add && document.activeElement !== add) {
          add.replaceChildren.apply(add, free.map(function (round) { return el("option", { value: round.key, text: nameOf(round) }); }));
        }
      }
      var timer = board.timer || {};
      var running = Boolean(timer.ends_at);
      var paused = !running && typeof timer.remaining === "number";
      var pause = panelButton("timer-pause");
      var resume = panelButton("timer-resume");
      var stop = panelButton("timer-stop");
      if (pause) pause.hidden = !running;
      if (resume) resume.hidden = !paused;
      if (stop) stop.hidden = !running && !paused;
      panel.querySelectorAll("[data-action=spotlight-clear]").forEach(function (btn) { btn.hidden = !board.spotlight; });
      var cancel = panelButton("redirect-cancel");
      if (cancel) cancel.hidden = !board.redirect;
      var zonesBoxPanel = panel.querySelector("[data-section=zones]");
      if (zonesBoxPanel) zonesBoxPanel.hidden = !rules().draw_zones;
      panel.classList.toggle("is-offline", !S.live);
    }

    function renderPanelZones() {
      var select = control("cluster-zone");
      if (!select) return;
      var current = select.value;
      select.replaceChildren.apply(select, [el("option", { value: "", text: gettext("All zones") })].concat(zones().map(function (zone) {
        return el("option", { value: zone.key, text: nameOf(zone) });
      })));
      select.value = current;
      renderPanel();
    }

    function setBoard(fields) {
      request(Object.assign({ type: "board.set" }, fields), function (_ack, error) {
        if (error) renderPanel();
      });
    }

    function setUpPanel() {
      if (!panel) return;
      if (window.matchMedia && window.matchMedia("(max-width: 56rem)").matches) panel.open = false;
      ["locked", "anonymous", "votes_revealed"].forEach(function (name) {
        var input = control(name);
        if (!input) return;
        input.addEventListener("change", function () {
          var fields = {};
          fields[name] = input.checked;
          setBoard(fields);
        });
      });
      var dots = control("dots_per_person");
      if (dots) dots.addEventListener("change", function () {
        var value = parseInt(dots.value, 10);
        if (value >= 1 && value <= 20) setBoard({ dots_per_person: value });
        else renderPanel();
      });
      var limit = control("notes_per_person");
      if (limit) limit.addEventListener("change", function () {
        var value = limit.value.trim() ? parseInt(limit.value, 10) : null;
        if (value === null || (value >= 1 && value <= 50)) setBoard({ notes_per_person: value });
        else renderPanel();
      });
      var round = control("round");
      if (round) round.addEventListener("change", function () { setBoard({ round: round.value || null }); });
      panel.addEventListener("click", function (event) {
        var target = event.target.closest("[data-action], [data-timer-preset]");
        if (!target || !panel.contains(target)) return;
        if (target.dataset.timerPreset) {
          request({ type: "timer", action: "start", seconds: Number(target.dataset.timerPreset) });
          return;
        }
        switch (target.dataset.action) {
          case "private-on":
            setBoard({ private: true });
            break;
          case "reveal":
            setBoard({ private: false });
            break;
          case "round-add":
            var add = control("round-add");
            if (add && add.value) request({ type: "round.add", round: add.value });
            break;
          case "timer-start":
            var minutes = parseFloat(String(control("timer-minutes").value).replace(",", "."));
            var seconds = Math.round(minutes * 60);
            if (!(seconds >= 1 && seconds <= 86400)) {
              toast(gettext("Set the timer from 1 second to 24 hours."), "error");
              return;
            }
            request({ type: "timer", action: "start", seconds: seconds });
            break;
          case "timer-pause":
            request({ type: "timer", action: "pause" });
            break;
          case "timer-resume":
            request({ type: "timer", action: "resume" });
            break;
          case "timer-stop":
            request({ type: "timer", action: "stop" });
            break;
          case "cluster":
            runClustering(target);
            break;
          case "theme-add":
            var label = control("theme-label");
            if (label && label.value.trim()) {
              request({ type: "theme.add", label: label.value.trim() }, function (ack) { if (ack) label.value = ""; });
            }
            break;
          case "zone-add":
            var th = control("zone-name-th");
            var en = control("zone-name-en");
            if (!th.value.trim()) {
              toast(gettext("Give the zone a Thai name."), "error");
              th.focus();
              return;
            }
            var msg = { type: "zone.add", name_th: th.value.trim() };
            if (en.value.trim()) msg.name_en = en.value.trim();
            request(msg, function (ack) {
              if (ack) {
                th.value = "";
                en.value = "";
              }
            });
            break;
          case "redirect":
            var to = control("redirect");
            if (!to || !to.value) return;
            if (!window.confirm(target.dataset.confirmText || gettext("Move the room?"))) return;
            request({ type: "board.redirect", board: Number(to.value) });
            break;
          case "redirect-cancel":
            request({ type: "board.redirect", board: null });
            break;
          default:
            break;
        }
      });
    }

    function runClustering(btn) {
      var status = panel.querySelector("[data-field=cluster-status]");
      var zone = control("cluster-zone");
      var msg = { type: "cluster.run" };
      if (zone && zone.value) msg.zone = zone.value;
      var sent = request(msg, function (ack, error) {
        btn.disabled = false;
        btn.removeAttribute("aria-busy");
        if (ack) {
          status.textContent = fmt(ngettext("%(n)s theme found.", "%(n)s themes found.", ack.themes || 0), { n: ack.themes || 0 });
          if (themesSection) themesSection.scrollIntoView({ behavior: "smooth", block: "start" });
        } else {
          status.textContent = error && error.message ? error.message : "";
        }
      });
      if (sent) {
        btn.disabled = true;
        btn.setAttribute("aria-busy", "true");
        status.replaceChildren(el("span", { className: "board-spinner", "aria-hidden": "true" }), " " + gettext("Grouping the notes… this can take a few seconds."));
      }
    }

    // --- writing ----------------------------------------------------------------

    function moveNote(note, fields) {
      write(Object.assign({ type: "note.move", note: note.id }, fields));
    }

    var noteFormState = null;

    function openDialog(dialog) {
      if (typeof dialog.showModal === "function") {
        if (!dialog.open) dialog.showModal();
      } else {
        dialog.setAttribute("open", "");
      }
    }

    function closeDialog(dialog) {
      if (!dialog) return;
      if (typeof dialog.close === "function" && dialog.open) dialog.close();
      else dialog.removeAttribute("open");
      if (dialog === sheet) sheetKey = null;
    }

    function fieldInput(spec, value, prefix) {
      var id = prefix + "-" + spec.key;
      if (spec.type === "tags") {
        var set = el("fieldset", { className: "form-field board-tags" }, [el("legend", { text: nameOf(spec) })]);
        var chosen = Array.isArray(value) ? value : [];
        (spec.choices || []).forEach(function (choice) {
          var cid = id + "-" + choice.key;
          set.append(el("label", { className: "board-tag-choice", for: cid }, [
            el("input", { type: "checkbox", id: cid, value: choice.key, checked: chosen.indexOf(choice.key) !== -1, dataset: { fieldTag: spec.key } }),
            " ", nameOf(choice),
          ]));
        });
        return set;
      }
      var input = spec.type === "textarea"
        ? el("textarea", { id: id, rows: "2", maxlength: "1000", dataset: { fieldText: spec.key } })
        : el("input", { type: "text", id: id, maxlength: "1000", dataset: { fieldText: spec.key } });
      input.value = typeof value === "string" ? value : "";
      return el("div", { className: "form-field" }, [el("label", { for: id, text: nameOf(spec) }), input]);
    }

    function openNoteForm(options) {
      if (!S.definition || projector) return;
      var editing = options.note || null;
      var kind = (S.definition.note && S.definition.note.kind) || "note";
      var labels = KIND_LABELS[kind] || KIND_LABELS.note;
      var max = (S.definition.note && S.definition.note.max_length) || 500;
      var box = noteDialog.querySelector("[data-note-form-fields]");
      var title = noteDialog.querySelector("[data-field=note-dialog-title]");
      var error = noteDialog.querySelector("[data-field=note-form-error]");
      error.hidden = true;
      var zone = zoneByKey(editing ? editing.zone : options.zone) || zones()[0];
      title.textContent = editing ? gettext("Edit the note") : labels[0] + (zone ? " · " + nameOf(zone) : "");
      var nodes = [];
      if (!editing && zones().length > 1) {
        nodes.push(el("div", { className: "form-field" }, [
          el("label", { for: "note-zone", text: gettext("Zone") }),
          el("select", { id: "note-zone", name: "zone" }, zones().map(function (item) {
            return el("option", { value: item.key, text: nameOf(item), selected: zone && item.key === zone.key });
          })),
        ]));
      }
      var text = el("textarea", { id: "note-text", name: "text", rows: kind === "story" ? "6" : kind === "persona" ? "1" : "4", maxlength: String(max), required: true, "aria-describedby": "note-text-count" });
      text.value = editing ? editing.text : "";
      var counter = el("p", { className: "help board-counter", id: "note-text-count" });
      function count() {
        counter.textContent = fmt(gettext("%(used)s of %(max)s characters"), { used: text.value.length, max: max });
      }
      text.addEventListener("input", count);
      count();
      nodes.push(el("div", { className: "form-field" }, [el("label", { for: "note-text", text: labels[1] }), text, counter]));
      var defFields = (S.definition.note && S.definition.note.fields) || [];
      defFields.forEach(function (spec) {
        nodes.push(fieldInput(spec, editing && editing.fields ? editing.fields[spec.key] : undefined, "note-field"));
      });
      var tags = (S.definition.note && S.definition.note.tags) || [];
      if (tags.length) {
        nodes.push(fieldInput({ key: "__tags", type: "tags", name_th: "ป้ายกำกับ", name_en: "Tags", choices: tags }, editing ? editing.tags : [], "note-tags"));
      }
      var picker = null;
      if (rules().directory) {
        var made = orgPickerNode("note", gettext("An organisation from the directory (optional)"), cfg.urls.suggest, editing && editing.named && editing.named.organisation ? editing.named : null);
        picker = made.picker;
        nodes.push(made.node);
      }
      box.replaceChildren.apply(box, nodes);
      noteFormState = { editing: editing, picker: picker, zone: zone ? zone.key : null };
      openDialog(noteDialog);
      text.focus();
    }

    function submitNoteForm(event) {
      event.preventDefault();
      if (!noteFormState) return;
      var form = noteDialog.querySelector("[data-form=note]");
      var error = noteDialog.querySelector("[data-field=note-form-error]");
      var textInput = form.querySelector("[name=text]");
      var text = textInput.value.trim();
      if (!text) {
        error.textContent = gettext("Write something on the note.");
        error.hidden = false;
        textInput.focus();
        return;
      }
      var defFields = (S.definition.note && S.definition.note.fields) || [];
      var fields = {};
      defFields.forEach(function (spec) {
        if (spec.type === "tags") {
          fields[spec.key] = Array.from(form.querySelectorAll("[data-field-tag='" + spec.key + "']:checked")).map(function (box) { return box.value; });
        } else {
          var input = form.querySelector("[data-field-text='" + spec.key + "']");
          fields[spec.key] = input ? input.value.trim() : "";
        }
      });
      var tags = Array.from(form.querySelectorAll("[data-field-tag='__tags']:checked")).map(function (box) { return box.value; });
      var zoneSelect = form.querySelector("[name=zone]");
      var editing = noteFormState.editing;
      var msg;
      if (editing) {
        msg = { type: "note.edit", note: editing.id, text: text };
      } else {
        msg = { type: "note.add", id: randomId(), zone: zoneSelect ? zoneSelect.value : noteFormState.zone, text: text };
      }
      if (defFields.length) msg.fields = fields;
      if ((S.definition.note && S.definition.note.tags || []).length) msg.tags = tags;
      var picker = noteFormState.picker;
      if (picker) {
        var organisation = picker.value();
        if (organisation) msg.organisation = organisation;
        else if (editing && editing.named && editing.named.organisation) msg.organisation = null;
      }
      write(msg);
      if (!editing) {
        var optimistic = optimisticNote(msg);
        optimistic.seq = Date.now();
        if (picker && msg.organisation) optimistic.named = { organisation: msg.organisation, label: picker.label() };
        S.pending.set(msg.id, optimistic);
        dirty.add("c" + msg.id);
        announce(S.live ? gettext("Your note is on the board.") : gettext("You are offline: your note will be sent when the connection is back."));
      }
      schedule();
      closeDialog(noteDialog);
      noteFormState = null;
    }

    // --- the note's sheet: actions and comments --------------------------------------

    function openSheet(note, focusComment) {
      sheetKey = keyOf(note);
      renderSheet();
      var pendingForm = sheet.querySelector("[data-form=comment]");
      pendingForm.dataset.note = String(note.id);
      openDialog(sheet);
      if (focusComment) pendingForm.querySelector("textarea").focus();
    }

    function sheetNote() {
      if (!sheetKey) return null;
      return sheetKey.charAt(0) === "n" ? S.notes.get(Number(sheetKey.slice(1))) : null;
    }

    function renderSheet() {
      var note = sheetNote();
      if (!note) return;
      var head = sheet.querySelector("[data-sheet-note]");
      var actions = sheet.querySelector("[data-sheet-actions]");
      if (editingInside(actions)) return;
      var zone = zoneByKey(note.zone);
      head.replaceChildren(
        el("p", { className: "muted board-sheet-zone", text: zone ? nameOf(zone) : "" }),
        el("p", { className: "board-sheet-text", text: note.masked ? gettext("A note, face down until the facilitator reveals it") : note.text }),
        el("p", { className: "muted", hidden: !note.name, text: [note.name, note.org].filter(Boolean).join(" · ") })
      );
      var nodes = [];
      if (canChange(note) && canWrite()) {
        nodes.push(el("div", { className: "cluster" }, [
          button(gettext("Edit"), "edit", { dataset: { note: String(note.id) } }),
          isMine(note) ? button(gettext("Delete"), "delete", { className: "btn btn-small btn-danger", dataset: { note: String(note.id) } }) : null,
        ]));
        if (zones().length > 1) {
          nodes.push(el("div", { className: "board-sheet-row" }, [
            el("label", { for: "sheet-zone", text: gettext("Move to") }),
            el("select", { id: "sheet-zone", dataset: { control: "sheet-zone" } }, zones().filter(function (item) { return item.key !== note.zone; }).map(function (item) {
              return el("option", { value: item.key, text: nameOf(item) });
            })),
            button(gettext("Move"), "move", { dataset: { note: String(note.id) } }),
          ]));
        }
        if (S.themes.length) {
          var themeSelect = el("select", { id: "sheet-theme", dataset: { control: "note-theme", note: String(note.id) } }, themeOptions(note.theme, true));
          themeSelect.value = note.theme ? String(note.theme) : "";
          nodes.push(el("div", { className: "board-sheet-row" }, [el("label", { for: "sheet-theme", text: gettext("Theme") }), themeSelect]));
        }
        var links = linkChoices(note);
        if (links) nodes.push(links);
      }
      if (rules().voting && canWrite() && !note.masked) {
        var mine = Number(S.votes.mine[note.id]) || 0;
        nodes.push(el("div", { className: "cluster board-sheet-votes" }, [
          el("span", { text: fmt(gettext("Your dots here: %(n)s · left: %(left)s"), { n: mine, left: dotsLeft() }) }),
          button("● +", "vote", { dataset: { note: String(note.id) }, disabled: dotsLeft() <= 0, "aria-label": gettext("Give this note a dot") }),
          mine ? button("−", "unvote", { dataset: { note: String(note.id) }, "aria-label": gettext("Take a dot back") }) : null,
        ]));
      }
      if (isFacilitator() && !projector) {
        var spot = S.board.spotlight === note.id;
        var moderation = el("div", { className: "cluster board-sheet-moderation" }, [
          button(spot ? gettext("End the spotlight") : gettext("Spotlight"), "spotlight", { dataset: { note: String(note.id) }, "aria-pressed": spot ? "true" : "false" }),
          button(note.hidden ? gettext("Show again") : gettext("Hide"), "hide", { dataset: { note: String(note.id) } }),
          button(gettext("Remove"), "remove", { className: "btn btn-small btn-danger", dataset: { note: String(note.id) } }),
        ]);
        nodes.push(el("h3", { className: "board-sheet-sub", text: gettext("Facilitator") }), moderation);
        if (rules().revisit_zone && note.zone === rules().revisit_zone) {
          var current = (note.fields && note.fields.outcome) || "";
          var marks = el("div", { className: "cluster", role: "group", "aria-label": gettext("At the close: was this hope met?") });
          [["met", OUTCOMES.met], ["partly", OUTCOMES.partly], ["not_met", OUTCOMES.not_met], ["", gettext("Not marked")]].forEach(function (pair) {
            marks.append(button(pair[1], "mark", { dataset: { note: String(note.id), outcome: pair[0] }, "aria-pressed": current === pair[0] ? "true" : "false" }));
          });
          nodes.push(el("p", { className: "muted", text: gettext("At the close: was this hope met?") }), marks);
        }
      }
      actions.replaceChildren.apply(actions, nodes);
      renderComments();
    }

    function linkChoices(note) {
      if (rules().links !== "next_zone") return null;
      var keys = zones().map(function (zone) { return zone.key; });
      var index = keys.indexOf(note.zone);
      if (index < 0 || index >= keys.length - 1) return null;
      var below = keys[index + 1];
      var candidates = [];
      S.notes.forEach(function (other) { if (other.zone === below && !other.masked) candidates.push(other); });
      var set = el("fieldset", { className: "board-links" }, [
        el("legend", { text: fmt(gettext("Link to notes in “%(zone)s” below"), { zone: nameOf(zoneByKey(below)) }) }),
      ]);
      if (!candidates.length) {
        set.append(el("p", { className: "muted", text: gettext("No notes in the layer below yet.") }));
        return set;
      }
      var list = el("ul", { className: "board-link-list" });
      candidates.forEach(function (other) {
        var id = "link-" + note.id + "-" + other.id;
        list.append(el("li", {}, [
          el("input", { type: "checkbox", id: id, checked: (note.links || []).indexOf(other.id) !== -1, dataset: { linkTarget: String(other.id), note: String(note.id) } }),
          el("label", { for: id, text: snippet(other.text, 80) }),
        ]));
      });
      set.append(list);
      return set;
    }

    function renderComments() {
      var note = sheetNote();
      var list = sheet.querySelector("[data-sheet-comments]");
      if (!note || !list) return;
      var items = commentsOf(note.id);
      S.pendingComments.forEach(function (comment) { if (comment.note === note.id) items.push(comment); });
      if (!items.length) {
        list.replaceChildren(el("li", { className: "muted", text: gettext("No comments yet.") }));
      } else {
        list.replaceChildren.apply(list, items.map(function (comment) {
          var item = el("li", { className: "board-comment" + (comment.pending ? " is-pending" : ""), dataset: { comment: comment.id ? String(comment.id) : "" } }, [
            el("p", { className: "board-comment-text", text: comment.text }),
            el("p", { className: "muted board-comment-by" }, [
              comment.name || ((myCids.has(comment.cid) || comment.by === (S.me && S.me.pid)) ? gettext("You") : gettext("Anonymous")),
              comment.pending ? " · " + gettext("Sending…") : "",
            ]),
          ]);
          if (comment.id && !projector && ((myCids.has(comment.cid) || comment.by === (S.me && S.me.pid)) || isFacilitator())) {
            item.append(button(gettext("Delete"), "comment-delete", { dataset: { comment: String(comment.id) } }));
          }
          return item;
        }));
      }
      var form = sheet.querySelector("[data-form=comment]");
      if (form) form.hidden = projector || !canWrite() || note.masked;
    }

    function submitComment(event) {
      event.preventDefault();
      var note = sheetNote();
      var textarea = event.target.querySelector("textarea");
      var text = textarea.value.trim();
      if (!note || !text) return;
      var msg = write({ type: "comment.add", id: randomId(), note: note.id, text: text });
      S.pendingComments.set(msg.id, pendingComment(msg));
      textarea.value = "";
      renderComments();
    }

    // --- clicks ---------------------------------------------------------------------

    function noteFrom(target) {
      var id = target.dataset.note;
      if (!id) {
        var holder = target.closest("[data-note-id]");
        id = holder ? holder.dataset.noteId : "";
      }
      return S.notes.get(Number(id)) || null;
    }

    function onClick(event) {
      var target = event.target.closest("[data-action]");
      if (!target || !app.contains(target) || (panel && panel.contains(target) && target.dataset.action !== "spotlight-clear")) return;
      var action = target.dataset.action;
      var note;
      switch (action) {
        case "add-note":
          openNoteForm({ zone: target.dataset.zone });
          break;
        case "close-dialog":
          closeDialog(target.closest("dialog"));
          break;
        case "open-actions":
          note = noteFrom(target);
          if (note) openSheet(note, false);
          break;
        case "comments":
          note = noteFrom(target);
          if (note) openSheet(note, true);
          break;
        case "vote":
          note = noteFrom(target);
          if (!note) return;
          if (dotsLeft() <= 0) {
            toast(gettext("You have used all your dots."), "error");
            return;
          }
          write({ type: "vote.add", id: randomId(), note: note.id });
          // Shown at once; the server's `dots` event confirms it.
          S.votes.mine[note.id] = (Number(S.votes.mine[note.id]) || 0) + 1;
          markDirty(note);
          schedule();
          if (sheetKey === keyOf(note)) renderSheet();
          break;
        case "unvote":
          note = noteFrom(target);
          if (!note || !(Number(S.votes.mine[note.id]) > 0)) return;
          write({ type: "vote.remove", note: note.id });
          S.votes.mine[note.id] = Number(S.votes.mine[note.id]) - 1;
          markDirty(note);
          schedule();
          if (sheetKey === keyOf(note)) renderSheet();
          break;
        case "edit":
          note = noteFrom(target);
          closeDialog(sheet);
          if (note) openNoteForm({ note: note });
          break;
        case "delete":
          note = noteFrom(target);
          if (!note || !window.confirm(gettext("Delete this note?"))) return;
          write({ type: "note.delete", note: note.id });
          closeDialog(sheet);
          break;
        case "move":
          note = noteFrom(target);
          var select = sheet.querySelector("[data-control=sheet-zone]");
          if (note && select && select.value) moveNote(note, { zone: select.value });
          closeDialog(sheet);
          break;
        case "discard":
          S.pending.delete(target.dataset.cid);
          dirty.add("c" + target.dataset.cid);
          schedule();
          break;
        case "spotlight":
          note = noteFrom(target);
          if (note) request({ type: "board.set", spotlight: S.board.spotlight === note.id ? null : note.id });
          break;
        case "spotlight-clear":
          request({ type: "board.set", spotlight: null });
          break;
        case "spotlight-dismiss":
          S.dismissedSpotlight = S.board ? S.board.spotlight : null;
          renderSpotlight();
          break;
        case "hide":
          note = noteFrom(target);
          if (!note) return;
          if (!note.hidden && !window.confirm(gettext("Hide this note from the room? Its author and facilitators still see it."))) return;
          request({ type: "note.hide", note: note.id, hidden: !note.hidden });
          break;
        case "remove":
          note = noteFrom(target);
          if (!note || !window.confirm(gettext("Remove this note from the board? This is recorded in the audit log."))) return;
          request({ type: "note.remove", note: note.id });
          closeDialog(sheet);
          break;
        case "mark":
          note = noteFrom(target);
          if (note) request({ type: "note.mark", note: note.id, outcome: target.dataset.outcome || null });
          break;
        case "comment-delete":
          if (window.confirm(gettext("Delete this comment?"))) write({ type: "comment.delete", comment: Number(target.dataset.comment) });
          break;
        case "zone-rename":
          var zone = zoneByKey(target.dataset.zone);
          if (!zone) return;
          var nameTh = window.prompt(gettext("Name of the zone (Thai)"), zone.name_th || "");
          if (nameTh === null || !nameTh.trim()) return;
          var nameEn = window.prompt(gettext("Name of the zone (English, optional)"), zone.name_en || "");
          var rename = { type: "zone.rename", zone: zone.key, name_th: nameTh.trim() };
          if (nameEn && nameEn.trim()) rename.name_en = nameEn.trim();
          request(rename);
          break;
        case "zone-delete":
          if (window.confirm(gettext("Remove this zone? Only an empty zone can be removed."))) {
            request({ type: "zone.delete", zone: target.dataset.zone });
          }
          break;
        case "theme-merge":
          var into = app.querySelector("[data-control=theme-into][data-theme-id='" + target.dataset.themeId + "']");
          if (into && into.value) request({ type: "theme.merge", theme: Number(target.dataset.themeId), into: Number(into.value) });
          break;
        case "theme-split":
          var article = target.closest("[data-theme]");
          var ids = Array.from(article.querySelectorAll("[data-split]:checked")).map(function (box) { return Number(box.dataset.split); });
          if (!ids.length) {
            toast(gettext("Tick the notes to split off first."), "error");
            return;
          }
          request({ type: "theme.split", theme: Number(target.dataset.themeId), notes: ids });
          break;
        case "theme-delete":
          if (window.confirm(gettext("Delete this theme? Its notes stay on the board."))) {
            request({ type: "theme.delete", theme: Number(target.dataset.themeId) });
          }
          break;
        default:
          break;
      }
    }

    function onChange(event) {
      var target = event.target;
      if (panel && panel.contains(target)) return;
      if (target.dataset.control === "note-theme") {
        var note = S.notes.get(Number(target.dataset.note));
        if (note) moveNote(note, { theme: target.value ? Number(target.value) : null });
      } else if (target.dataset.linkTarget) {
        write({ type: target.checked ? "note.link" : "note.unlink", source: Number(target.dataset.note), target: Number(target.dataset.linkTarget) });
      } else if (target.dataset.control === "round-filter") {
        S.roundFilter = target.value;
        applyFilters();
      } else if (target.dataset.control === "mine-only") {
        S.mineOnly = target.checked;
        applyFilters();
      }
    }

    function onSubmit(event) {
      var form = event.target;
      if (form.dataset.form === "note") submitNoteForm(event);
      else if (form.dataset.form === "comment") submitComment(event);
      else if (form.dataset.form === "theme-rename") {
        event.preventDefault();
        var input = form.querySelector("input");
        if (input.value.trim()) {
          request({ type: "theme.rename", theme: Number(form.dataset.themeId), label: input.value.trim() });
          input.blur();
        }
      }
    }

    app.addEventListener("click", onClick);
    app.addEventListener("change", onChange);
    app.addEventListener("submit", onSubmit);
    if (noteDialog) {
      noteDialog.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submitNoteForm(event);
      });
      noteDialog.addEventListener("close", function () { noteFormState = null; });
    }
    if (sheet) sheet.addEventListener("close", function () { sheetKey = null; });
    setUpPanel();
    connect();

    return { state: S, outbox: function () { return outbox.slice(); } };
  }

  // --- boot --------------------------------------------------------------------------

  function setUp() {
    var joinForm = document.querySelector("[data-join-form]");
    if (joinForm) setUpJoinForm(joinForm);
    var app = document.querySelector("[data-board-app]");
    var config = document.getElementById("board-config");
    if (app && config) {
      window.saphanBoard = Board(app, JSON.parse(config.textContent));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
