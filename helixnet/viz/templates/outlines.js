/* Region outlines under a geographic map (DATA.outlines: rings of x, y pairs in the nodes'
   layout coordinates, projected in Python like the nodes). Both views draw them on a 2D canvas
   with the affine map layout -> screen px that they pass in; strokes stay 1 px at any zoom. The
   SVG of the view draws the same rings with the same style. */
(function () {
  "use strict";
  var FILL = "120,130,145", FILL_OPACITY = 0.06, STROKE = "95,105,120", STROKE_OPACITY = 0.55;
  // The rings in screen px: at(x, y) -> {x, y} is affine, so three points give it.
  function screenRings(outlines, at) {
    var o = at(0, 0), ex = at(1, 0), ey = at(0, 1);
    var a = ex.x - o.x, b = ex.y - o.y, c = ey.x - o.x, d = ey.y - o.y;
    var rings = [];
    outlines.forEach(function (region) {
      region.rings.forEach(function (r) {
        var s = new Array(r.length);
        for (var k = 0; k < r.length; k += 2) {
          s[k] = o.x + a * r[k] + c * r[k + 1];
          s[k + 1] = o.y + b * r[k] + d * r[k + 1];
        }
        rings.push(s);
      });
    });
    return rings;
  }
  window.HelixOutlines = function (ctx, outlines, at) {
    ctx.save();
    ctx.beginPath();
    screenRings(outlines, at).forEach(function (s) {
      for (var k = 0; k < s.length; k += 2) {
        if (k === 0) { ctx.moveTo(s[k], s[k + 1]); } else { ctx.lineTo(s[k], s[k + 1]); }
      }
      ctx.closePath();
    });
    ctx.fillStyle = "rgba(" + FILL + "," + FILL_OPACITY + ")";
    ctx.fill("evenodd");
    ctx.lineWidth = 1;
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(" + STROKE + "," + STROKE_OPACITY + ")";
    ctx.stroke();
    ctx.restore();
  };
  // Attributes of one SVG path that draws the outlines as the canvas does.
  window.HelixOutlinesSvg = function (outlines, at) {
    var d = screenRings(outlines, at).map(function (s) {
      var parts = [];
      for (var k = 0; k < s.length; k += 2) { parts.push((k === 0 ? "M" : "L") + s[k].toFixed(1) + " " + s[k + 1].toFixed(1)); }
      return parts.join("") + "Z";
    }).join("");
    return { "class": "hx-outlines", d: d, fill: "rgb(" + FILL + ")", "fill-opacity": FILL_OPACITY, "fill-rule": "evenodd",
      stroke: "rgb(" + STROKE + ")", "stroke-opacity": STROKE_OPACITY, "stroke-width": 1, "stroke-linejoin": "round" };
  };
})();
