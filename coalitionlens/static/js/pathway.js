// The pathway board's referral ties as lines between organisations' cards. The table below the
// board lists the same ties, so the page says everything without this script.
(function () {
  "use strict";
  var board = document.querySelector("[data-pathway-board]");
  var svg = document.querySelector("[data-pathway-lines]");
  var data = document.getElementById("pathway-ties");
  if (!board || !svg || !data) { return; }
  var ties = JSON.parse(data.textContent);
  var ns = "http://www.w3.org/2000/svg";
  function centre(node, side) {
    var b = board.getBoundingClientRect();
    var r = node.getBoundingClientRect();
    return { x: (side > 0 ? r.right : r.left) - b.left, y: r.top + r.height / 2 - b.top };
  }
  function draw() {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    ties.forEach(function (tie) {
      var a = board.querySelector('[data-node="' + tie.from + '"]');
      var z = board.querySelector('[data-node="' + tie.to + '"]');
      if (!a || !z || a === z) { return; }
      var forward = a.getBoundingClientRect().left <= z.getBoundingClientRect().left;
      var p = centre(a, forward ? 1 : -1);
      var q = centre(z, forward ? -1 : 1);
      var line = document.createElementNS(ns, "line");
      line.setAttribute("x1", p.x); line.setAttribute("y1", p.y);
      line.setAttribute("x2", q.x); line.setAttribute("y2", q.y);
      svg.appendChild(line);
    });
  }
  draw();
  window.addEventListener("resize", draw);
}());
