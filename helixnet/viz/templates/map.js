/* helixnet map page. Every string from the data is shown with textContent or drawn on a canvas
   as text; nothing from the data is ever parsed as HTML. The drawing itself is done by a view
   (view_canvas.js: vis-network; view_webgl.js: sigma.js), defined just before this script. */
(function () {
  "use strict";
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("helixnet-data").textContent);
  var KIND = DATA.kind;
  var N = DATA.nodes.length;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function swatch(color, line) {
    var s = el("span", line ? "hx-line" : "hx-swatch");
    if (line) { s.style.borderTopColor = color; } else { s.style.background = color; }
    return s;
  }
  function table(rows) {
    var t = el("table", "hx-table");
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", null, r[0]));
      tr.appendChild(el("td", null, r[1]));
      t.appendChild(tr);
    });
    return t;
  }

  /* ---- state shared with the view ---- */
  var state = {
    colors: DATA.colorings && DATA.colorBy ? DATA.colorings[DATA.colorBy].slice() : DATA.nodes.map(function (n) { return n.color; }),
    faded: new Array(N).fill(false),
    hidden: new Array(N).fill(false),
    highlighted: null
  };
  var neighbours = DATA.nodes.map(function () { return []; });
  DATA.edges.forEach(function (e) {
    if (e.from !== e.to) { neighbours[e.from].push(e.to); neighbours[e.to].push(e.from); }
  });
  var container = document.getElementById("hx-network");
  var main = document.getElementById("hx-main");
  var T1 = performance.now();
  var view, viewMade = false;
  var readyAt = null;
  var hooks = {
    ready: function () {
      // A view may draw inside its constructor, before this script has its handle on it.
      if (!viewMade) { setTimeout(hooks.ready, 0); return; }
      readyAt = performance.now();
      placeLabels();
      window.__helixnetReady = readyAt;
      window.__helixnetTimes = { script: T0, parsed: T1, view: T2, drawn: readyAt };
      document.getElementById("hx-loading").hidden = true;
      document.body.setAttribute("data-helixnet-ready", "1");
    },
    camera: function (scale, moving) { if (viewMade && readyAt !== null) { cameraMoved(scale, moving); } },
    hoverNode: function (i, p) { tipFrom = "node"; showTooltip(DATA.names[i], nodeRows(i).slice(KIND === "overview" ? 0 : 1), p); },
    hoverEdge: function (j, p) { tipFrom = "edge"; showTooltip(KIND === "overview" ? "Backbone tie" : "Tie", edgeRows(j), p); },
    blur: function () { hideTooltip(); },
    clickNode: function (i) {
      if (KIND === "overview" && DATA.drill) { drillInto(i); return; }
      highlight(i); showDetails(i);
    },
    clickStage: function () { unhighlight(); details.replaceChildren(); }
  };
  view = window.HelixView(container, DATA, state, hooks);
  var T2 = performance.now();

  /* ---- labels: the leading organisations, never overlapping, more as one zooms in ---- */
  var overlay = el("canvas");
  overlay.id = "hx-labels";
  main.appendChild(overlay);
  var octx = overlay.getContext("2d");
  var LABEL_FONT = "12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var LABEL_H = 15, LABEL_PAD = 3, LABEL_MAX = 400, CELL = 80;
  /* The labels follow the map on screen: the clusters' map or, after a drill-down, a
     cluster's members' map (scene is swapped by drillInto/drillBack). */
  var scene = { data: DATA, view: view, state: state, widths: new Float32Array(N) };
  var placed = [];
  var lastScale = null, settleTimer = null;
  function sizeOverlay() {
    var dpr = window.devicePixelRatio || 1;
    var w = main.clientWidth, h = main.clientHeight;
    if (overlay.width !== Math.round(w * dpr) || overlay.height !== Math.round(h * dpr)) {
      overlay.width = Math.round(w * dpr);
      overlay.height = Math.round(h * dpr);
    }
    octx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { w: w, h: h };
  }
  function widthOf(i) {
    var widths = scene.widths;
    if (!widths[i]) { octx.font = LABEL_FONT; widths[i] = octx.measureText(scene.data.nodes[i].label).width + 2 * LABEL_PAD; }
    return widths[i];
  }
  /* Greedy placement by rank (DATA.labelOrder: largest first): a label goes under its node if
     its box meets no box placed before; boxes are kept in a grid of CELL px for the test. */
  function placeLabels() {
    var box = sizeOverlay();
    var view = scene.view, st = scene.state;
    var at = view.viewTransform();
    var grid = new Map();
    placed = [];
    var order = scene.data.labelOrder;
    for (var k = 0; k < order.length && placed.length < LABEL_MAX; k++) {
      var i = order[k];
      if (st.hidden[i] || (st.highlighted !== null && st.faded[i])) { continue; }
      var p = at(i);
      if (p.x < -50 || p.y < -50 || p.x > box.w + 50 || p.y > box.h + 50) { continue; }
      var w = widthOf(i), r = view.screenRadius(i);
      var x0 = p.x - w / 2, y0 = p.y + r + 1, x1 = x0 + w, y1 = y0 + LABEL_H;
      if (x0 < 0 || y0 < 0 || x1 > box.w || y1 > box.h) { continue; }
      var free = true, cells = [];
      for (var cx = Math.floor(x0 / CELL); cx <= Math.floor(x1 / CELL) && free; cx++) {
        for (var cy = Math.floor(y0 / CELL); cy <= Math.floor(y1 / CELL) && free; cy++) {
          var key = cx + "," + cy, list = grid.get(key);
          cells.push(key);
          if (!list) { continue; }
          for (var q = 0; q < list.length; q++) {
            var b = list[q];
            if (x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1) { free = false; break; }
          }
        }
      }
      if (!free) { continue; }
      var item = { i: i, dx: -w / 2, dy: r + 1, x0: x0, y0: y0, x1: x1, y1: y1 };
      cells.forEach(function (c) { var l = grid.get(c); if (l) { l.push(item); } else { grid.set(c, [item]); } });
      placed.push(item);
    }
    drawLabels(box);
  }
  /* While the map is dragged at a fixed zoom the placed labels only move with it; the full
     placement runs when the zoom changes and once the map settles. */
  function moveLabels() {
    var box = sizeOverlay();
    var at = scene.view.viewTransform();
    placed.forEach(function (b) {
      var p = at(b.i);
      b.x0 = p.x + b.dx; b.y0 = p.y + b.dy; b.x1 = b.x0 + scene.widths[b.i]; b.y1 = b.y0 + LABEL_H;
    });
    drawLabels(box);
  }
  function drawLabels(box, items) {
    octx.clearRect(0, 0, box.w, box.h);
    octx.font = LABEL_FONT;
    octx.textBaseline = "top";
    octx.lineJoin = "round";
    octx.lineWidth = 3;
    octx.strokeStyle = "rgba(255,255,255,0.92)";
    octx.fillStyle = "#1d1d1d";
    (items || placed).forEach(function (b) {
      var text = scene.data.nodes[b.i].label;
      octx.strokeText(text, b.x0 + LABEL_PAD, b.y0 + 1);
      octx.fillText(text, b.x0 + LABEL_PAD, b.y0 + 1);
    });
  }
  /* A view that says it is moving (the WebGL one, during a drag, wheel or animation) gets no
     labels until it rests: placing 400 labels takes tens of ms, too long for a frame. */
  var labelsHidden = false;
  function settle() {
    if (scene.view.moving && scene.view.moving()) { settleTimer = setTimeout(settle, 150); return; }
    labelsHidden = false;
    placeLabels();
  }
  function cameraMoved(scale, moving) {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(settle, 150);
    if (moving) {
      if (!labelsHidden) { labelsHidden = true; drawLabels(sizeOverlay(), []); }
      return;
    }
    if (labelsHidden || lastScale === null || Math.abs(scale / lastScale - 1) > 1e-6) { lastScale = scale; labelsHidden = false; placeLabels(); }
    else { moveLabels(); }
  }
  window.addEventListener("resize", function () { placeLabels(); });
  viewMade = true;
  function labelAt(x, y) {
    if (labelsHidden) { return null; }
    for (var k = placed.length - 1; k >= 0; k--) {
      var b = placed[k];
      if (x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1) { return b.i; }
    }
    return null;
  }

  /* ---- tooltip ---- */
  var tooltip = document.getElementById("hx-tooltip");
  var tipFrom = null, labelShown = null;
  function nodeRows(i) { return DATA.info[i]; }
  function edgeRows(j) {
    var e = DATA.edges[j], rows = [];
    var info = DATA.edgeInfo;
    if (KIND === "overview") {
      rows.push(["clusters", DATA.info[e.from][0][1] + " \u2014 " + DATA.info[e.to][0][1]]);
      rows.push(["summed weight", info.weight[j]]);
      rows.push(["ties", info.count[j]]);
    } else {
      rows.push([e.arrows ? "supplier" : "from", DATA.names[e.from]]);
      rows.push([e.arrows ? "customer" : "to", DATA.names[e.to]]);
      rows.push(["weight", info.weight[j]]);
      if (info.count[j]) { rows.push(["shared events", info.count[j]]); }
      if (info.layer.length) { rows.push(["layer", info.layer[j]]); }
    }
    return rows;
  }
  function showTooltip(title, rows, pointer) {
    tooltip.replaceChildren();
    tooltip.appendChild(el("div", "hx-tip-title", title));
    tooltip.appendChild(table(rows));
    var box = container.getBoundingClientRect();
    tooltip.hidden = false;
    var x = box.left + pointer.x + 14, y = box.top + pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) { x = Math.max(4, box.left + pointer.x - w - 14); }
    if (y + h > window.innerHeight - 4) { y = Math.max(4, box.top + pointer.y - h - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; tipFrom = null; }
  // A shortened label shows the full name when the pointer rests on it (over a tie's tooltip,
  // not over a node's).
  main.addEventListener("mousemove", function (ev) {
    if (tipFrom === "node") { return; }
    var box = container.getBoundingClientRect();
    var x = ev.clientX - box.left, y = ev.clientY - box.top;
    var i = labelAt(x, y);
    if (i === null) { if (tipFrom === "label") { hideTooltip(); } return; }
    if (tipFrom === "label" && labelShown === i) { return; }
    labelShown = i;
    tipFrom = "label";
    if (scene.data !== DATA) { showTooltip(scene.data.names[i], scene.data.info[i], { x: x, y: y }); return; }
    showTooltip(DATA.names[i], nodeRows(i).slice(KIND === "overview" ? 0 : 1), { x: x, y: y });
  });
  main.addEventListener("mouseleave", hideTooltip);

  /* ---- neighbourhood highlight ---- */
  function highlight(id) {
    var keep = new Set(neighbours[id]);
    keep.add(id);
    for (var i = 0; i < N; i++) { state.faded[i] = !keep.has(i); }
    state.highlighted = id;
    view.update();
    placeLabels();
  }
  function unhighlight() {
    if (state.highlighted === null) { return; }
    state.faded.fill(false);
    state.highlighted = null;
    view.update();
    placeLabels();
  }

  /* ---- details panel ---- */
  var details = document.getElementById("hx-details");
  function showDetails(id, foundMember) {
    details.replaceChildren();
    var rows = nodeRows(id);
    details.appendChild(el("h2", null, DATA.names[id]));
    details.appendChild(table(KIND === "overview" ? rows : rows.slice(1)));
    if (KIND === "overview") {
      var list = DATA.members.byCluster[id];
      details.appendChild(el("h3", null, "Members (" + list.length + "), strongest first"));
      var ol = el("ol");
      var shown = list.slice(0, 1000);
      if (foundMember !== undefined && shown.indexOf(foundMember) < 0) { shown.unshift(foundMember); }
      shown.forEach(function (m) {
        var li = el("li");
        li.appendChild(swatch(DATA.mixColors[DATA.members.helix[m]]));
        li.appendChild(document.createTextNode(DATA.members.names[m]));
        if (m === foundMember) { li.className = "hx-found"; }
        ol.appendChild(li);
      });
      details.appendChild(ol);
      if (list.length > shown.length) { details.appendChild(el("p", "hx-note", "\u2026 and " + (list.length - shown.length) + " more (search finds them all)")); }
      var found = ol.querySelector(".hx-found");
      if (found) { found.scrollIntoView({ block: "nearest" }); }
    } else {
      var neigh = neighbours[id];
      details.appendChild(el("h3", null, "Connected to (" + neigh.length + ")"));
      var ol2 = el("ol");
      neigh.slice(0, 500).forEach(function (m) {
        var li = el("li");
        li.appendChild(swatch(state.colors[m]));
        li.appendChild(document.createTextNode(DATA.names[m]));
        li.style.cursor = "pointer";
        li.addEventListener("click", function () { select(m); });
        ol2.appendChild(li);
      });
      details.appendChild(ol2);
    }
  }
  function select(id, foundMember) {
    drillBack();
    view.select(id);
    view.focus(id, KIND === "overview" ? 0.6 : 1.2);
    highlight(id);
    showDetails(id, foundMember);
  }

  /* ---- drill-down (overview): a cluster's members on their own map, in the same page ---- */
  var drilled = null, drillBox = null;
  var backButton = el("button", "hx-back", "\u2190 All clusters");
  backButton.type = "button";
  backButton.id = "hx-back";
  backButton.hidden = true;
  backButton.addEventListener("click", function () { drillBack(); });
  main.appendChild(backButton);
  function shortLabel(text) {
    text = text.split(/\s+/).filter(Boolean).join(" ");
    return text.length <= 32 ? text : text.slice(0, 31) + "\u2026";
  }
  /* The members' map is built from DATA.drill (positions from Python) as a page of its own kind
     for the same view code; names still travel as data and are shown as text. */
  function membersData(c) {
    var D = DATA.drill, M = DATA.members;
    var list = M.byCluster[c].filter(function (m) { return D.x[m] !== null; });
    if (!list.length) { list = M.byCluster[c].slice(0, 1); }
    var local = new Map();
    list.forEach(function (m, k) { local.set(m, k); });
    var nodes = list.map(function (m, k) {
      return { id: k, label: shortLabel(M.names[m]), shape: "dot", color: DATA.mixColors[M.helix[m]],
        size: D.r[m] === null ? 8 : D.r[m], x: D.x[m] === null ? 0 : D.x[m], y: D.y[m] === null ? 0 : D.y[m] };
    });
    var edges = [], weights = [];
    for (var t = D.tieBounds[c]; t < D.tieBounds[c + 1]; t++) {
      edges.push({ id: edges.length, from: local.get(D.a[t]), to: local.get(D.b[t]), width: D.width[t], color: { color: "#8d99ae", opacity: 0.45 } });
      weights.push(D.weight[t]);
    }
    var order = nodes.map(function (n, k) { return k; });  // byCluster is strongest first already
    return {
      kind: "members", nodes: nodes, edges: edges, options: DATA.drillOptions, labelOrder: order,
      names: list.map(function (m) { return M.names[m]; }),
      info: list.map(function (m) { return [["helix", DATA.helices[M.helix[m]]], ["cluster", DATA.info[c][0][1]]]; }),
      weights: weights, members: list
    };
  }
  function drillInto(c) {
    if (!DATA.drill) { return; }
    if (drilled !== null) { drillBack(); }
    var sub = membersData(c);
    var subState = { colors: sub.nodes.map(function (n) { return n.color; }), faded: new Array(sub.nodes.length).fill(false),
      hidden: new Array(sub.nodes.length).fill(false), highlighted: null };
    hideTooltip();
    drillBox = el("div");
    drillBox.id = "hx-drill";
    main.insertBefore(drillBox, container.nextSibling);
    container.style.visibility = "hidden";
    drilled = c;
    var subView = null, made = false;
    var subHooks = {
      ready: function () { if (!made) { setTimeout(subHooks.ready, 0); return; } placeLabels(); },
      camera: function (scale, moving) { if (made) { cameraMoved(scale, moving); } },
      hoverNode: function (i, p) { tipFrom = "node"; showTooltip(sub.names[i], sub.info[i], p); },
      hoverEdge: function (j, p) {
        var e = sub.edges[j];
        tipFrom = "edge";
        showTooltip("Tie", [["from", sub.names[e.from]], ["to", sub.names[e.to]], ["weight", sub.weights[j]]], p);
      },
      blur: function () { hideTooltip(); },
      clickNode: function (i) { showMember(c, sub, i); },
      clickStage: function () {}
    };
    subView = window.HelixView(drillBox, sub, subState, subHooks);
    scene = { data: sub, view: subView, state: subState, widths: new Float32Array(sub.nodes.length) };
    made = true;
    lastScale = null;
    backButton.hidden = false;
    showDetails(c);
    subView.update();
  }
  function showMember(c, sub, i) {
    details.replaceChildren();
    details.appendChild(el("h2", null, sub.names[i]));
    details.appendChild(table(sub.info[i]));
  }
  function drillBack() {
    if (drilled === null) { return; }
    scene.view.destroy();
    drillBox.remove();
    drillBox = null;
    drilled = null;
    scene = { data: DATA, view: view, state: state, widths: mainWidths };
    container.style.visibility = "";
    backButton.hidden = true;
    lastScale = null;
    hideTooltip();
    details.replaceChildren();
    placeLabels();
  }
  var mainWidths = scene.widths;

  /* ---- search ---- */
  var searchBox = document.getElementById("hx-search");
  var resultsList = document.getElementById("hx-results");
  var searchNames, searchTarget;
  if (KIND === "overview") {
    searchNames = DATA.members.names;
    searchTarget = DATA.members.cluster;
  } else {
    searchNames = DATA.names;
    searchTarget = null;
  }
  var lowered = searchNames.map(function (s) { return s.toLowerCase(); });
  var current = [];
  function search(q) {
    q = q.trim().toLowerCase();
    var hits = [];
    if (!q) { return hits; }
    for (var i = 0; i < lowered.length; i++) {
      if (lowered[i].indexOf(q) >= 0) { hits.push(i); }
    }
    hits.sort(function (a, b) {
      var pa = lowered[a].indexOf(q) === 0 ? 0 : 1, pb = lowered[b].indexOf(q) === 0 ? 0 : 1;
      return pa - pb || lowered[a].length - lowered[b].length || a - b;
    });
    return hits;
  }
  function openResult(i) {
    if (searchTarget) { select(searchTarget[i], i); } else { select(i); }
  }
  function renderResults() {
    current = search(searchBox.value);
    resultsList.replaceChildren();
    current.slice(0, 50).forEach(function (i, rank) {
      var li = el("li");
      var h = KIND === "overview" ? DATA.mixColors[DATA.members.helix[i]] : state.colors[i];
      li.appendChild(swatch(h));
      li.appendChild(el("span", null, searchNames[i]));
      if (rank === 0) { li.className = "hx-active"; }
      li.addEventListener("click", function () { openResult(i); });
      resultsList.appendChild(li);
    });
    if (current.length > 50) { resultsList.appendChild(el("li", "hx-more", (current.length - 50) + " more: type more of the name")); }
    if (searchBox.value.trim() && !current.length) { resultsList.appendChild(el("li", "hx-more", "no match")); }
  }
  searchBox.addEventListener("input", renderResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && current.length) { openResult(current[0]); }
  });

  /* ---- legend and filters ---- */
  var on = {};
  var groups = DATA.filters;
  function isHidden(i) {
    for (var g = 0; g < groups.length; g++) {
      if (!on[groups[g].name][groups[g].codes[i]]) { return true; }
    }
    return false;
  }
  function visibleCounts() {
    var nv = 0, ev = 0;
    for (var i = 0; i < N; i++) { if (!state.hidden[i]) { nv++; } }
    DATA.edges.forEach(function (e) { if (!state.hidden[e.from] && !state.hidden[e.to]) { ev++; } });
    return { nodes: nv, edges: ev };
  }
  var statusLine = document.getElementById("hx-status");
  function applyFilters() {
    var changed = false;
    for (var i = 0; i < N; i++) {
      var h = isHidden(i);
      if (h !== state.hidden[i]) { state.hidden[i] = h; changed = true; }
    }
    if (changed) { view.update(); if (readyAt !== null) { placeLabels(); } }
    var c = visibleCounts();
    statusLine.textContent = "Showing " + c.nodes.toLocaleString("en") + " of " + N.toLocaleString("en") +
      (KIND === "overview" ? " clusters, " : " organisations, ") + c.edges.toLocaleString("en") + " of " +
      DATA.edges.length.toLocaleString("en") + " ties.";
  }
  var filterBox = document.getElementById("hx-filters");
  var boxes = {};
  function setFilter(name, code, value) {
    on[name][code] = value;
    if (boxes[name] && boxes[name][code]) { boxes[name][code].checked = value; }
    applyFilters();
    if (name === "region") { zoomToShown(); }
  }
  /* A change of the regions shown frames the organisations now shown (the chosen regions'). */
  function zoomToShown() {
    var ids = [];
    for (var i = 0; i < N; i++) { if (!state.hidden[i]) { ids.push(i); } }
    if (ids.length && scene.view === view) { view.fitNodes(ids); }
  }
  groups.forEach(function (g) {
    on[g.name] = {};
    boxes[g.name] = {};
    var fs = el("fieldset", "hx-group");
    fs.setAttribute("data-group", g.name);
    fs.appendChild(el("legend", null, g.title));
    var buttons = el("div", "hx-buttons");
    var all = el("button", null, "all"), none = el("button", null, "none");
    all.type = "button"; none.type = "button";
    buttons.appendChild(all); buttons.appendChild(none);
    if (g.items.length > 2) { fs.appendChild(buttons); }
    var items = el("div", "hx-items");
    var swatches = [];
    g.items.forEach(function (it) {
      var start = (g.off || []).indexOf(it.code) < 0;
      on[g.name][it.code] = start;
      var row = el("label", "hx-item");
      var cb = el("input");
      cb.type = "checkbox";
      cb.checked = start;
      cb.setAttribute("data-filter", g.name);
      cb.setAttribute("data-code", String(it.code));
      cb.addEventListener("change", function () { setFilter(g.name, it.code, cb.checked); });
      boxes[g.name][it.code] = cb;
      row.appendChild(cb);
      if (it.color) { var sw = swatch(it.color); swatches.push(sw); row.appendChild(sw); }
      row.appendChild(el("span", null, it.label));
      row.appendChild(el("span", "hx-count", it.count.toLocaleString("en")));
      items.appendChild(row);
    });
    g.swatches = swatches;
    fs.appendChild(items);
    function every(value) {
      g.items.forEach(function (it) { on[g.name][it.code] = value; boxes[g.name][it.code].checked = value; });
      applyFilters();
      if (g.name === "region") { zoomToShown(); }
    }
    all.addEventListener("click", function () { every(true); });
    none.addEventListener("click", function () { every(false); });
    filterBox.appendChild(fs);
  });
  var legendBox = document.getElementById("hx-legend");
  function legendGroup(title, items, line) {
    var fs = el("fieldset", "hx-group");
    fs.appendChild(el("legend", null, title));
    items.forEach(function (it) {
      var row = el("div", "hx-item");
      row.appendChild(swatch(it.color, line));
      row.appendChild(el("span", null, it.label + (line && it.arrow ? " (arrow: supplier \u2192 customer)" : "")));
      if (it.count !== undefined) { row.appendChild(el("span", "hx-count", it.count.toLocaleString("en"))); }
      fs.appendChild(row);
    });
    legendBox.appendChild(fs);
  }
  /* Colour by helix or by cluster (when clusters are given): the swatches of the other group
     are greyed out, so that the legend always says what the colours mean. */
  var colorBy = DATA.colorBy;
  function setColorBy(key) {
    colorBy = key;
    state.colors = DATA.colorings[key].slice();
    groups.forEach(function (g) {
      g.swatches.forEach(function (s) { s.style.opacity = g.name === key ? "1" : "0.15"; });
    });
    var radio = document.querySelector('input[name="hx-color"][value="' + key + '"]');
    if (radio) { radio.checked = true; }
    view.update();
  }
  if (DATA.colorings) {
    var fs = el("fieldset", "hx-group");
    fs.appendChild(el("legend", null, "Colour by"));
    ["helix", "cluster"].forEach(function (key) {
      var row = el("label", "hx-item");
      var r = el("input");
      r.type = "radio"; r.name = "hx-color"; r.value = key; r.checked = key === colorBy;
      r.addEventListener("change", function () { if (r.checked) { setColorBy(key); } });
      row.appendChild(r);
      row.appendChild(el("span", null, key));
      fs.appendChild(row);
    });
    legendBox.appendChild(fs);
  }
  if (DATA.legend) { legendGroup(DATA.legend.title, DATA.legend.items, false); }
  if (DATA.edgeLegend && DATA.edgeLegend.length) { legendGroup("Ties", DATA.edgeLegend, true); }
  document.getElementById("hx-size-note").textContent = DATA.sizeNote;
  if (DATA.outlinesNote) {
    var sizeNote = document.getElementById("hx-size-note");
    sizeNote.parentNode.insertBefore(el("p", "hx-note", DATA.outlinesNote), sizeNote.nextSibling);
  }
  if (DATA.colorings) {
    groups.forEach(function (g) { g.swatches.forEach(function (s) { s.style.opacity = g.name === colorBy ? "1" : "0.15"; }); });
  }
  applyFilters();

  /* ---- save the current view: PNG (what is drawn) and SVG (rebuilt from the data) ---- */
  function snapshotCanvas() {
    var dpr = window.devicePixelRatio || 1;
    var w = container.clientWidth, h = container.clientHeight;
    var out = el("canvas");
    out.width = Math.round(w * dpr); out.height = Math.round(h * dpr);
    var c = out.getContext("2d");
    c.fillStyle = "#ffffff";
    c.fillRect(0, 0, out.width, out.height);
    scene.view.canvases().concat([overlay]).forEach(function (cv) {
      if (cv.width && cv.height) { c.drawImage(cv, 0, 0, cv.width, cv.height, 0, 0, out.width, out.height); }
    });
    return out;
  }
  function svgOfView() {
    var NS = "http://www.w3.org/2000/svg";
    var w = container.clientWidth, h = container.clientHeight;
    var D = scene.data, st = scene.state, v = scene.view, n = D.nodes.length;
    var at = v.viewTransform();
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("width", String(w)); svg.setAttribute("height", String(h));
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    function add(parent, tag, attrs) {
      var e = document.createElementNS(NS, tag);
      for (var k in attrs) { e.setAttribute(k, String(attrs[k])); }
      parent.appendChild(e);
      return e;
    }
    add(svg, "rect", { x: 0, y: 0, width: w, height: h, fill: "#ffffff" });
    if (DATA.outlines && DATA.outlines.length) { add(svg, "path", window.HelixOutlinesSvg(DATA.outlines, v.layoutToScreen())); }
    var pos = new Array(n);
    function inside(p) { return p.x > -20 && p.y > -20 && p.x < w + 20 && p.y < h + 20; }
    for (var i = 0; i < n; i++) { if (!st.hidden[i]) { pos[i] = at(i); } }
    var ge = add(svg, "g", { "stroke-linecap": "round" });
    D.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b || !(inside(a) || inside(b))) { return; }
      var faded = st.highlighted !== null && e.from !== st.highlighted && e.to !== st.highlighted;
      var col = e.color || {};
      add(ge, "line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: faded ? "#d0d0d0" : (col.color || "#8d99ae"), "stroke-opacity": faded ? 0.12 : (col.opacity || 0.45),
        "stroke-width": Math.max(0.3, (e.width || 1) * 0.5) });
    });
    var gn = add(svg, "g", { stroke: "#ffffff", "stroke-width": 0.8 });
    for (var j = 0; j < n; j++) {
      if (!pos[j] || !inside(pos[j])) { continue; }
      var fill = D.kind === "overview" ? D.mixColors[D.mix[j].indexOf(Math.max.apply(null, D.mix[j]))] : st.colors[j];
      add(gn, "circle", { cx: pos[j].x.toFixed(1), cy: pos[j].y.toFixed(1), r: v.screenRadius(j).toFixed(2),
        fill: st.faded[j] ? "#c8c8c8" : fill, "fill-opacity": st.faded[j] ? 0.35 : 1 });
    }
    var gl = add(svg, "g", { "font-family": "system-ui, sans-serif", "font-size": 12, fill: "#1d1d1d",
      stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke", "dominant-baseline": "hanging" });
    placed.forEach(function (b) {
      var t = add(gl, "text", { x: (b.x0 + LABEL_PAD).toFixed(1), y: (b.y0 + 1).toFixed(1) });
      t.textContent = D.nodes[b.i].label;  // text, never markup
    });
    return new XMLSerializer().serializeToString(svg);
  }
  function download(blob, name) {
    var a = el("a");
    a.download = name;
    a.href = URL.createObjectURL(blob);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  var saveBox = el("div", "hx-buttons hx-save");
  var pngButton = el("button", null, "Save PNG"), svgButton = el("button", null, "Save SVG");
  pngButton.type = "button"; svgButton.type = "button";
  pngButton.id = "hx-save-png"; svgButton.id = "hx-save-svg";
  pngButton.addEventListener("click", function () { snapshotCanvas().toBlob(function (b) { download(b, "helixnet-map.png"); }, "image/png"); });
  svgButton.addEventListener("click", function () { download(new Blob([svgOfView()], { type: "image/svg+xml" }), "helixnet-map.svg"); });
  saveBox.appendChild(pngButton); saveBox.appendChild(svgButton);
  document.getElementById("hx-side").insertBefore(saveBox, document.getElementById("hx-status"));

  /* ---- a handle for scripts and tests ---- */
  window.__helixnet = {
    data: DATA, view: view, network: view.raw.network, nodes: view.raw.nodes, edges: view.raw.edges,
    sigma: view.raw.sigma,
    summary: function () {
      var c = scene.data === DATA ? visibleCounts() : { nodes: scene.data.nodes.length, edges: scene.data.edges.length };
      return { nodes: c.nodes, edges: c.edges, renderer: view.name, labelsShown: placed.length, readyMs: readyAt,
        map: scene.data === DATA ? (KIND === "overview" ? "clusters" : "organisations") : "members", cluster: drilled };
    },
    drill: function (c) { drillInto(c); }, back: function () { drillBack(); },
    shown: function () {  // the map on screen: its names and ties (as index pairs)
      return { names: scene.data.names, ties: scene.data.edges.map(function (e) { return [e.from, e.to]; }) };
    },
    labels: function () {
      return placed.map(function (b) { return { i: b.i, text: scene.data.nodes[b.i].label, x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 }; });
    },
    drawnCounts: function () { return view.drawnCounts(); },
    search: function (q) { searchBox.value = q; renderResults(); return current.map(function (i) { return searchNames[i]; }); },
    select: select, setFilter: setFilter, visibleCounts: visibleCounts, setColorBy: setColorBy,
    selected: function () { return view.selected(); },
    toScreen: function (i) { return view.toScreen(i); },
    fit: function () { view.fit(); placeLabels(); },
    png: function () { return snapshotCanvas().toDataURL("image/png"); },
    svg: svgOfView,
    clear: function () { view.unselect(); unhighlight(); details.replaceChildren(); hideTooltip(); },
    highlighted: function () { return state.highlighted; },
    faded: function () { return state.faded.filter(Boolean).length; }
  };
}());
