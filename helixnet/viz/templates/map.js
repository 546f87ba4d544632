/* helixnet map page. Every string from the data is shown with textContent or drawn on the
   canvas; nothing from the data is ever parsed as HTML. */
(function () {
  "use strict";
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById("helixnet-data").textContent);
  var KIND = DATA.kind;
  var N = DATA.nodes.length;
  var FADED = "rgba(200,200,200,0.35)";
  var FADED_EDGE = { color: "#d0d0d0", opacity: 0.12 };

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

  /* ---- nodes, edges, network ---- */
  var faded = new Array(N).fill(false);
  var hiddenNow = new Array(N).fill(false);
  var baseColor = new Array(N);
  var baseFont = null;
  var sizes = new Array(N);
  DATA.nodes.forEach(function (n) {
    baseColor[n.id] = n.color;
    sizes[n.id] = n.size;
    if (n.shape === "custom") { n.ctxRenderer = pieRenderer; }
  });
  var edgeBase = DATA.edges.map(function (e) { return e.color; });
  var T1 = performance.now();
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = document.getElementById("hx-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  var T2 = performance.now();

  function pieRenderer(a) {
    var ctx = a.ctx, x = a.x, y = a.y, id = a.id;
    var r = sizes[id], mix = DATA.mix[id], colors = DATA.mixColors;
    return {
      drawNode: function () {
        ctx.globalAlpha = faded[id] ? 0.18 : 1;
        var start = -Math.PI / 2;
        for (var k = 0; k < mix.length; k++) {
          if (mix[k] <= 0) { continue; }
          var end = start + 2 * Math.PI * mix[k];
          ctx.beginPath();
          ctx.moveTo(x, y);
          ctx.arc(x, y, r, start, end);
          ctx.closePath();
          ctx.fillStyle = colors[k];
          ctx.fill();
          start = end;
        }
        ctx.beginPath();
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        ctx.lineWidth = a.state.selected ? 5 : (a.state.hover ? 3 : 1.2);
        ctx.strokeStyle = a.state.selected ? "#222" : (a.state.hover ? "#555" : "#fff");
        ctx.stroke();
        ctx.globalAlpha = 1;
      },
      drawExternalLabel: function () {
        var scale = network.getScale();
        var px = 14 / Math.max(scale, 0.05);
        if (r * scale < 9 && !a.state.selected && !a.state.hover) { return; }
        ctx.globalAlpha = faded[id] ? 0.25 : 1;
        ctx.font = px + "px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "top";
        ctx.lineWidth = px / 4;
        ctx.strokeStyle = "#fff";
        ctx.strokeText(a.label, x, y + r + 3 / scale);
        ctx.fillStyle = "#222";
        ctx.fillText(a.label, x, y + r + 3 / scale);
        ctx.globalAlpha = 1;
      },
      nodeDimensions: { width: 2 * r, height: 2 * r }
    };
  }

  /* ---- ready marks (for tests and the benchmark) ---- */
  network.once("afterDrawing", function () {
    window.__helixnetReady = performance.now();
    window.__helixnetTimes = { script: T0, parsed: T1, network: T2, drawn: window.__helixnetReady };
    document.getElementById("hx-loading").hidden = true;
    document.body.setAttribute("data-helixnet-ready", "1");
  });
  network.on("stabilized", function () { window.__helixnetStabilized = performance.now(); });

  /* ---- tooltip ---- */
  var tooltip = document.getElementById("hx-tooltip");
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
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (p) {
    var rows = nodeRows(p.node);
    showTooltip(KIND === "overview" ? DATA.names[p.node] : DATA.names[p.node], rows.slice(KIND === "overview" ? 0 : 1), p.pointer.DOM);
  });
  network.on("hoverEdge", function (p) { showTooltip(KIND === "overview" ? "Backbone tie" : "Tie", edgeRows(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  /* ---- neighbourhood highlight ---- */
  var highlighted = null;
  function highlight(id) {
    var keep = new Set(network.getConnectedNodes(id));
    keep.add(id);
    var nu = [];
    for (var i = 0; i < N; i++) {
      var f = !keep.has(i);
      if (f !== faded[i] || KIND !== "overview") {
        faded[i] = f;
        if (KIND !== "overview") { nu.push({ id: i, color: f ? FADED : baseColor[i], font: { color: f ? "rgba(0,0,0,0.25)" : "#222" } }); }
      }
    }
    if (nu.length) { nodes.update(nu); }
    var eu = DATA.edges.map(function (e, j) {
      var on = e.from === id || e.to === id;
      return { id: j, color: on ? edgeBase[j] : FADED_EDGE };
    });
    edges.update(eu);
    highlighted = id;
    network.redraw();
  }
  function unhighlight() {
    if (highlighted === null) { return; }
    var nu = [];
    for (var i = 0; i < N; i++) {
      if (faded[i]) {
        faded[i] = false;
        if (KIND !== "overview") { nu.push({ id: i, color: baseColor[i], font: { color: "#222" } }); }
      }
    }
    if (nu.length) { nodes.update(nu); }
    edges.update(DATA.edges.map(function (e, j) { return { id: j, color: edgeBase[j] }; }));
    highlighted = null;
    network.redraw();
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
      var neigh = network.getConnectedNodes(id);
      details.appendChild(el("h3", null, "Connected to (" + neigh.length + ")"));
      var ol2 = el("ol");
      neigh.slice(0, 500).forEach(function (m) {
        var li = el("li");
        li.appendChild(swatch(baseColor[m]));
        li.appendChild(document.createTextNode(DATA.names[m]));
        li.style.cursor = "pointer";
        li.addEventListener("click", function () { select(m); });
        ol2.appendChild(li);
      });
      details.appendChild(ol2);
    }
  }
  function select(id, foundMember) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), KIND === "overview" ? 0.6 : 1.2), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    highlight(id);
    showDetails(id, foundMember);
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(p.nodes[0]);
    } else if (!p.edges.length) {
      unhighlight();
      details.replaceChildren();
    }
  });

  /* ---- search ---- */
  var searchBox = document.getElementById("hx-search");
  var resultsList = document.getElementById("hx-results");
  var searchNames, searchTarget, searchMember;
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
      var h = KIND === "overview" ? DATA.mixColors[DATA.members.helix[i]] : baseColor[i];
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
    for (var i = 0; i < N; i++) { if (!hiddenNow[i]) { nv++; } }
    DATA.edges.forEach(function (e) { if (!hiddenNow[e.from] && !hiddenNow[e.to]) { ev++; } });
    return { nodes: nv, edges: ev };
  }
  var statusLine = document.getElementById("hx-status");
  function applyFilters() {
    var up = [];
    for (var i = 0; i < N; i++) {
      var h = isHidden(i);
      if (h !== hiddenNow[i]) { hiddenNow[i] = h; up.push({ id: i, hidden: h }); }
    }
    if (up.length) { nodes.update(up); }
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
  }
  groups.forEach(function (g) {
    on[g.name] = {};
    boxes[g.name] = {};
    var fs = el("fieldset", "hx-group");
    fs.appendChild(el("legend", null, g.title));
    var buttons = el("div", "hx-buttons");
    var all = el("button", null, "all"), none = el("button", null, "none");
    all.type = "button"; none.type = "button";
    buttons.appendChild(all); buttons.appendChild(none);
    if (g.items.length > 2) { fs.appendChild(buttons); }
    var items = el("div", "hx-items");
    g.items.forEach(function (it) {
      on[g.name][it.code] = true;
      var row = el("label", "hx-item");
      var cb = el("input");
      cb.type = "checkbox";
      cb.checked = true;
      cb.setAttribute("data-filter", g.name);
      cb.setAttribute("data-code", String(it.code));
      cb.addEventListener("change", function () { setFilter(g.name, it.code, cb.checked); });
      boxes[g.name][it.code] = cb;
      row.appendChild(cb);
      if (it.color) { row.appendChild(swatch(it.color)); }
      row.appendChild(el("span", null, it.label));
      row.appendChild(el("span", "hx-count", it.count.toLocaleString("en")));
      items.appendChild(row);
    });
    fs.appendChild(items);
    function every(value) {
      g.items.forEach(function (it) { on[g.name][it.code] = value; boxes[g.name][it.code].checked = value; });
      applyFilters();
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
  if (DATA.legend) { legendGroup(DATA.legend.title, DATA.legend.items, false); }
  if (DATA.edgeLegend && DATA.edgeLegend.length) { legendGroup("Ties", DATA.edgeLegend, true); }
  document.getElementById("hx-size-note").textContent = DATA.sizeNote;
  applyFilters();

  /* ---- a handle for scripts and tests ---- */
  window.__helixnet = {
    network: network, nodes: nodes, edges: edges, data: DATA,
    search: function (q) { searchBox.value = q; renderResults(); return current.map(function (i) { return searchNames[i]; }); },
    select: select, setFilter: setFilter, visibleCounts: visibleCounts,
    clear: function () { network.unselectAll(); unhighlight(); details.replaceChildren(); hideTooltip(); },
    highlighted: function () { return highlighted; },
    faded: function () { return faded.filter(Boolean).length; }
  };
}());
