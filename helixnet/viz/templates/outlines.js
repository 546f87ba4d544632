/* Region outlines under a geographic map (DATA.outlines: rings of x, y pairs in the nodes'
   layout coordinates, projected in Python like the nodes). Both views draw them on a 2D canvas
   with the affine map layout -> screen px that they pass in; strokes stay 1 px at any zoom. */
window.HelixOutlines = function (ctx, outlines, at) {
  "use strict";
  // at(x, y) -> {x, y} on screen; an affine map, so three points give it.
  var o = at(0, 0), ex = at(1, 0), ey = at(0, 1);
  var a = ex.x - o.x, b = ex.y - o.y, c = ey.x - o.x, d = ey.y - o.y;
  ctx.save();
  ctx.beginPath();
  outlines.forEach(function (region) {
    region.rings.forEach(function (r) {
      for (var k = 0; k < r.length; k += 2) {
        var x = o.x + a * r[k] + c * r[k + 1], y = o.y + b * r[k] + d * r[k + 1];
        if (k === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
      }
      ctx.closePath();
    });
  });
  ctx.fillStyle = "rgba(120,130,145,0.06)";
  ctx.fill("evenodd");
  ctx.lineWidth = 1;
  ctx.lineJoin = "round";
  ctx.strokeStyle = "rgba(95,105,120,0.55)";
  ctx.stroke();
  ctx.restore();
};
