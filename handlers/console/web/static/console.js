// The staff console's only script (the CSP allows no inline code). Pages work without it;
// it only marks the page ready for the browser tests once every chart image has loaded.
"use strict";
(function () {
  function ready() {
    document.body.setAttribute("data-ready", "1");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var images = Array.prototype.slice.call(document.querySelectorAll("img"));
    var waiting = images.filter(function (img) { return !img.complete; });
    if (waiting.length === 0) { ready(); return; }
    var left = waiting.length;
    waiting.forEach(function (img) {
      function done() { left -= 1; if (left === 0) { ready(); } }
      img.addEventListener("load", done);
      img.addEventListener("error", done);
    });
  });
})();
