/* helixnet map view on WebGL: sigma.js with a graphology graph (both vendored and inlined).
   sigma draws no labels and no hover label here: the page places the labels itself (map.js)
   and shows names in its own tooltip, as text. Exposes window.HelixView(container, DATA, state, on).
   Nodes are drawn as GL points and ties as GL lines: one plain draw call each. sigma's default
   programs are instanced, and software WebGL (SwiftShader, what a machine without a GPU and
   headless Chromium use) runs an instanced draw as one draw per instance: 35,871 nodes took
   2 s per frame that way, against milliseconds for the same points. */
window.HelixView = function (container, DATA, state, on) {
  "use strict";
  var FADED = "rgba(200,200,200,0.35)";
  var FADED_EDGE = "rgba(208,208,208,0.12)";
  var N = DATA.nodes.length, M = DATA.edges.length;
  // Sizes: vis-network radii are graph units at zoom 1; sigma's are screen px at the start.
  var SIZE = N > 20000 ? 0.22 : (N > 5000 ? 0.3 : 0.45);
  function rgba(c) {
    if (!c) { return "rgba(141,153,174,0.45)"; }
    if (typeof c === "string") { return c; }
    var h = c.color, a = c.opacity === undefined ? 1 : c.opacity;
    return "rgba(" + parseInt(h.slice(1, 3), 16) + "," + parseInt(h.slice(3, 5), 16) + "," + parseInt(h.slice(5, 7), 16) + "," + a + ")";
  }
  var edgeColor = DATA.edges.map(function (e) { return rgba(e.color); });
  var graph = new graphology.Graph({ type: "mixed", multi: true, allowSelfLoops: true });
  DATA.nodes.forEach(function (n) {
    // sigma's y axis points up, vis-network's down: flip, so that both draw the same picture.
    graph.addNode(String(n.id), { x: n.x, y: -n.y, size: Math.max(1.2, n.size * SIZE), color: state.colors[n.id], type: "point" });
  });
  DATA.edges.forEach(function (e, j) {
    var attrs = { size: Math.max(0.4, e.width * 0.5), color: edgeColor[j], type: e.arrows ? "arrow" : "gl-line" };
    if (e.arrows) { graph.addDirectedEdgeWithKey(String(j), String(e.from), String(e.to), attrs); }
    else { graph.addUndirectedEdgeWithKey(String(j), String(e.from), String(e.to), attrs); }
  });
  function drawHover(context, data) {
    context.beginPath();
    context.arc(data.x, data.y, data.size + 3, 0, Math.PI * 2);
    context.lineWidth = 2;
    context.strokeStyle = "#333";
    context.stroke();
  }
  /* While the camera moves (drag, wheel, animation) nothing can be hovered: the node program
     skips its picking pass (a second draw of every node into an offscreen buffer) and the pointer
     is not looked up (a pixel read-back, which waits for the GPU). The first still frame draws
     the picking buffer again. */
  var moving = function () { return false; };
  var pickingStale = false;  // the last frame was drawn without its picking pass
  var PointProgram = Sigma.rendering.NodePointProgram;
  class PointsNoPickWhileMoving extends PointProgram {
    render(params) {
      var pick = this.pickProgram;
      if (pick && moving()) { this.pickProgram = null; pickingStale = true; }
      else if (pick) { pickingStale = false; }
      try { super.render(params); } finally { this.pickProgram = pick; }
    }
  }
  var renderer = new Sigma(graph, container, {
    renderLabels: false,
    nodeProgramClasses: { point: PointsNoPickWhileMoving },
    edgeProgramClasses: { "gl-line": Sigma.rendering.EdgeLineProgram },
    renderEdgeLabels: false,
    enableEdgeEvents: M <= 5000,
    hideEdgesOnMove: M > 5000,
    defaultDrawNodeHover: drawHover,
    zIndex: true,
    minCameraRatio: 0.01,
    maxCameraRatio: 20,
    // A frame of a long report can run this before the page has laid it out: sigma then starts
    // without a size and draws when it gets one (its window's resize), instead of failing.
    allowInvalidContainer: true,
    nodeReducer: function (key, data) {
      var i = +key;
      var out = { x: data.x, y: data.y, size: data.size, color: state.colors[i], type: data.type, zIndex: 1 };
      if (state.hidden[i]) { out.hidden = true; }
      if (state.faded[i]) { out.color = FADED; out.zIndex = 0; }
      if (i === state.highlighted) { out.highlighted = true; out.zIndex = 2; }
      return out;
    },
    edgeReducer: function (key, data) {
      var e = DATA.edges[+key];
      if (state.hidden[e.from] || state.hidden[e.to]) { return { hidden: true }; }
      var h = state.highlighted;
      if (h !== null && e.from !== h && e.to !== h) { return { size: data.size, color: FADED_EDGE, type: data.type }; }
      return data;
    }
  });
  var camera = renderer.getCamera();
  var captor = renderer.getMouseCaptor();
  moving = function () {
    return camera.isAnimated() || captor.isMoving || (captor.isMouseDown && captor.draggedEvents > 0) || !!captor.currentWheelDirection;
  };
  var pickNode = renderer.getNodeAtPosition.bind(renderer);
  renderer.getNodeAtPosition = function (p) {
    if (moving()) { return null; }
    if (pickingStale) { renderer.render(); }  // the camera has just stopped: draw the picking buffer now
    return pickNode(p);
  };
  var stillTimer = null;
  function redrawWhenStill() {
    clearTimeout(stillTimer);
    stillTimer = setTimeout(function () { if (moving()) { redrawWhenStill(); } else { renderer.scheduleRender(); } }, 120);
  }
  /* The map moves as a picture: while the camera moves (drag, wheel, animation) sigma does not
     draw; the last picture is moved and scaled by a CSS transform, which the compositor applies
     without drawing a point again, and the map is drawn once when it rests. Drawing 35,871 points
     per frame in software WebGL (and copying the canvas back) took 60-120 ms a frame. A change of
     the data (filters, highlight, colours; update() marks it dirty) is drawn at once. */
  var drawnCorners = null;  // graph coordinates of the viewport's corners in the last drawn frame
  var drawnAngle = 0, transformed = false, dirty = true;
  /* Only the ties', the nodes' (and the outlines') layers hold the picture; the others (hover,
     labels; not the pointer's) are hidden while it moves: fewer layers for the compositor. */
  var pictureLayers = [], idleLayers = [];
  function sortLayers() {
    var all = renderer.getCanvases();
    Object.keys(all).forEach(function (k) {
      if (k === "edges" || k === "nodes") { all[k].style.transformOrigin = "0 0"; pictureLayers.push(all[k]); }
      else if (k !== "mouse") { idleLayers.push(all[k]); }
    });
  }
  function placePicture() {
    var now = { cameraState: camera.getState() };  // without it sigma uses the last drawn frame's matrix
    var a = renderer.graphToViewport(drawnCorners[0], now), b = renderer.graphToViewport(drawnCorners[1], now);
    var dim = renderer.getDimensions();
    var t = "translate(" + a.x + "px," + a.y + "px) scale(" + (b.x - a.x) / dim.width + ")";
    pictureLayers.forEach(function (c) { c.style.transform = t; });
    if (!transformed) { idleLayers.forEach(function (c) { c.style.visibility = "hidden"; }); }
    transformed = true;
  }
  function clearPicture() {
    if (!transformed) { return; }
    pictureLayers.forEach(function (c) { c.style.transform = ""; });
    idleLayers.forEach(function (c) { c.style.visibility = ""; });
    transformed = false;
  }
  var drawFrame = renderer.render.bind(renderer);
  renderer.render = function () {
    if (!dirty && drawnCorners && moving() && camera.getState().angle === drawnAngle) {
      if (renderer.renderFrame) { cancelAnimationFrame(renderer.renderFrame); renderer.renderFrame = null; }
      placePicture();
      redrawWhenStill();
      on.camera(1 / camera.getState().ratio, true);
      return renderer;
    }
    dirty = false;
    clearPicture();
    drawFrame();
    var dim = renderer.getDimensions(), drawn = { cameraState: camera.getState() };
    drawnCorners = [renderer.viewportToGraph({ x: 0, y: 0 }, drawn), renderer.viewportToGraph({ x: dim.width, y: dim.height }, drawn)];
    drawnAngle = drawn.cameraState.angle;
    drawOutlines();
    return renderer;
  };
  /* Region outlines: a 2D canvas under sigma's layers, drawn with each full frame and moved
     with the picture. sigma's y axis is flipped against the layout's (see addNode). */
  var outlineCanvas = null;
  if (DATA.outlines && DATA.outlines.length) {
    outlineCanvas = document.createElement("canvas");
    outlineCanvas.className = "hx-outlines";
    outlineCanvas.style.cssText = "position:absolute;inset:0;width:100%;height:100%;pointer-events:none";
    container.insertBefore(outlineCanvas, container.firstChild);
  }
  function drawOutlines() {
    if (!outlineCanvas) { return; }
    var dim = renderer.getDimensions(), dpr = window.devicePixelRatio || 1;
    if (outlineCanvas.width !== Math.round(dim.width * dpr) || outlineCanvas.height !== Math.round(dim.height * dpr)) {
      outlineCanvas.width = Math.round(dim.width * dpr); outlineCanvas.height = Math.round(dim.height * dpr);
    }
    var ctx = outlineCanvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, dim.width, dim.height);
    window.HelixOutlines(ctx, DATA.outlines, layoutToScreen());
  }
  // Layout coordinates -> screen px in the current view (sigma's y axis is the layout's, flipped).
  function layoutToScreen() {
    var at = { cameraState: camera.getState() };
    return function (x, y) { return renderer.graphToViewport({ x: x, y: -y }, at); };
  }
  sortLayers();
  if (outlineCanvas) { outlineCanvas.style.transformOrigin = "0 0"; pictureLayers.push(outlineCanvas); }
  var ready = false;
  renderer.on("afterRender", function () {
    if (!ready) { ready = true; on.ready(); }
    var now = moving();
    if (now) { redrawWhenStill(); }
    on.camera(1 / camera.getState().ratio, now);
  });
  renderer.on("enterNode", function (e) { on.hoverNode(+e.node, { x: e.event.x, y: e.event.y }); });
  renderer.on("leaveNode", function () { on.blur(); });
  renderer.on("enterEdge", function (e) { on.hoverEdge(+e.edge, { x: e.event.x, y: e.event.y }); });
  renderer.on("leaveEdge", function () { on.blur(); });
  renderer.on("downStage", function () { on.blur(); });
  renderer.on("clickNode", function (e) { on.clickNode(+e.node); });
  renderer.on("clickStage", function () { on.clickStage(); });
  renderer.refresh();  // the first picture, now that the handlers listen
  var selectedNode = null;
  return {
    name: "webgl",
    moving: function () { return moving(); },
    raw: { sigma: renderer, graph: graph },
    update: function () { dirty = true; renderer.refresh(); },
    toScreen: function (i) {
      var a = graph.getNodeAttributes(String(i));
      return renderer.graphToViewport({ x: a.x, y: a.y });
    },
    viewTransform: function () {
      var g = graph;
      return function (i) {
        var a = g.getNodeAttributes(String(i));
        return renderer.graphToViewport({ x: a.x, y: a.y });
      };
    },
    layoutToScreen: layoutToScreen,
    screenRadius: function (i) { return renderer.scaleSize(graph.getNodeAttribute(String(i), "size")); },
    select: function (i) { selectedNode = i; },
    selected: function () { return selectedNode === null ? [] : [selectedNode]; },
    unselect: function () { selectedNode = null; },
    focus: function (i, scale) {
      var d = renderer.getNodeDisplayData(String(i));
      if (!d) { return; }
      var ratio = Math.min(camera.getState().ratio, 0.5 / Math.max(scale, 0.5));
      camera.animate({ x: d.x, y: d.y, ratio: ratio }, { duration: 300 });
    },
    fit: function () { camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); },
    /* Frame the given nodes: their box in sigma's framed coordinates is measured on screen at
       the current zoom, and the zoom scaled so that it fills the view less a margin. */
    fitNodes: function (ids) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      ids.forEach(function (i) {
        var d = renderer.getNodeDisplayData(String(i));
        if (!d) { return; }
        x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x); y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
      });
      if (x0 > x1) { return; }
      var st = camera.getState(), dim = renderer.getDimensions(), margin = 60;
      var centre = { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
      var at = { cameraState: { x: centre.x, y: centre.y, ratio: st.ratio, angle: st.angle } };
      var a = renderer.framedGraphToViewport({ x: x0, y: y0 }, at), b = renderer.framedGraphToViewport({ x: x1, y: y1 }, at);
      var need = Math.max(Math.abs(b.x - a.x) / Math.max(1, dim.width - 2 * margin), Math.abs(b.y - a.y) / Math.max(1, dim.height - 2 * margin));
      var ratio = Math.min(1, Math.max(0.01, st.ratio * need));
      camera.animate({ x: centre.x, y: centre.y, ratio: ratio }, { duration: 300 });
    },
    drawnCounts: function () {
      var n = 0, m = 0;
      for (var i = 0; i < N; i++) { if (!state.hidden[i]) { n++; } }
      for (var j = 0; j < M; j++) { var e = DATA.edges[j]; if (!state.hidden[e.from] && !state.hidden[e.to]) { m++; } }
      return { nodes: n, edges: m };
    },
    destroy: function () { clearTimeout(stillTimer); renderer.kill(); },
    canvases: function () {
      dirty = true;
      renderer.refresh();  // draw now, so that the WebGL buffers hold the picture in this task
      return [].slice.call(container.querySelectorAll("canvas"));
    }
  };
};
