/* helixnet map view on vis-network's 2D canvas. Labels are not drawn by vis-network: the page
   places them itself (map.js). Exposes window.HelixView(container, DATA, state, on). */
window.HelixView = function (container, DATA, state, on) {
  "use strict";
  var FADED = "rgba(200,200,200,0.35)";
  var FADED_EDGE = { color: "#d0d0d0", opacity: 0.12 };
  var N = DATA.nodes.length;
  var sizes = DATA.nodes.map(function (n) { return n.size; });
  var records = DATA.nodes.map(function (n) {
    var r = {};
    for (var key in n) { if (key !== "label" && key !== "title") { r[key] = n[key]; } }
    r.color = state.colors ? state.colors[n.id] : n.color;
    if (n.shape === "custom") { r.ctxRenderer = pieRenderer; }
    return r;
  });
  var edgeBase = DATA.edges.map(function (e) { return e.color; });
  var nodes = new vis.DataSet(records);
  var edges = new vis.DataSet(DATA.edges);
  var options = JSON.parse(JSON.stringify(DATA.options));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  function pieRenderer(a) {
    var ctx = a.ctx, x = a.x, y = a.y, id = a.id;
    var r = sizes[id], mix = DATA.mix[id], colors = DATA.mixColors;
    return {
      drawNode: function () {
        ctx.globalAlpha = state.faded[id] ? 0.18 : 1;
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
      nodeDimensions: { width: 2 * r, height: 2 * r }
    };
  }

  // Layout coordinates -> screen px in the current view.
  function layoutToScreen() {
    var s = network.getScale(), c = network.getViewPosition();
    var w = container.clientWidth, h = container.clientHeight;
    return function (x, y) { return { x: (x - c.x) * s + w / 2, y: (y - c.y) * s + h / 2 }; };
  }
  if (DATA.outlines && DATA.outlines.length) {
    // The context is in layout coordinates here; the outlines are drawn in screen px.
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
      window.HelixOutlines(ctx, DATA.outlines, layoutToScreen());
      ctx.restore();
    });
  }
  network.once("afterDrawing", function () { on.ready(); });
  network.on("afterDrawing", function () { on.camera(network.getScale()); });
  network.on("stabilized", function () { window.__helixnetStabilized = performance.now(); });
  network.on("hoverNode", function (p) { on.hoverNode(p.node, p.pointer.DOM); });
  network.on("hoverEdge", function (p) { on.hoverEdge(p.edge, p.pointer.DOM); });
  network.on("blurNode", function () { on.blur(); });
  network.on("blurEdge", function () { on.blur(); });
  network.on("dragStart", function () { on.blur(); });
  network.on("zoom", function () { on.blur(); });
  network.on("click", function (p) {
    if (p.nodes.length) { on.clickNode(p.nodes[0]); } else if (!p.edges.length) { on.clickStage(); }
  });

  var shown = { color: new Array(N), hidden: new Array(N).fill(false) };
  var fadedEdges = false;
  return {
    name: "canvas",
    raw: { network: network, nodes: nodes, edges: edges },
    /* Apply state.colors, state.faded, state.hidden and state.highlighted to the drawing. */
    update: function () {
      var nu = [];
      for (var i = 0; i < N; i++) {
        var color = DATA.nodes[i].shape === "custom" ? undefined : (state.faded[i] ? FADED : state.colors[i]);
        var change = null;
        if (color !== undefined && color !== shown.color[i]) { change = { id: i, color: color }; shown.color[i] = color; }
        if (state.hidden[i] !== shown.hidden[i]) { change = change || { id: i }; change.hidden = state.hidden[i]; shown.hidden[i] = state.hidden[i]; }
        if (change) { nu.push(change); }
      }
      if (nu.length) { nodes.update(nu); }
      var h = state.highlighted;
      if (h !== null || fadedEdges) {
        edges.update(DATA.edges.map(function (e, j) {
          var keep = h === null || e.from === h || e.to === h;
          return { id: j, color: keep ? edgeBase[j] : FADED_EDGE };
        }));
        fadedEdges = h !== null;
      }
      network.redraw();
    },
    toScreen: function (i) {
      var p = network.body.nodes[i];
      return network.canvasToDOM({ x: p.x, y: p.y });
    },
    viewTransform: function () {
      var at = layoutToScreen();
      return function (i) {
        var p = network.body.nodes[i];
        return at(p.x, p.y);
      };
    },
    layoutToScreen: layoutToScreen,
    screenRadius: function (i) { return sizes[i] * network.getScale(); },
    select: function (i) { network.selectNodes([i]); },
    selected: function () { return network.getSelectedNodes(); },
    unselect: function () { network.unselectAll(); },
    focus: function (i, scale) {
      network.focus(i, { scale: Math.max(network.getScale(), scale), animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    },
    fit: function () { network.fit({ animation: false }); },
    // vis-network stops fit at zoom 1 unless told: a small region is framed at any zoom.
    fitNodes: function (ids) { network.fit({ nodes: ids, maxZoomLevel: 10, animation: { duration: 300, easingFunction: "easeInOutQuad" } }); },
    drawnCounts: function () { return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }; },
    canvases: function () { network.redraw(); return [].slice.call(container.querySelectorAll("canvas")); },
    destroy: function () { network.destroy(); }
  };
};
