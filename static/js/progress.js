// Progress bars drawn from data-percent (no inline style: the Content-Security-Policy forbids them).
(function () {
  function draw(root) {
    (root || document).querySelectorAll("[data-percent]").forEach(function (fill) {
      var value = Math.max(0, Math.min(100, parseFloat(fill.dataset.percent) || 0));
      fill.style.width = value + "%";
    });
  }
  window.tremplinDrawProgress = draw;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(); });
  } else {
    draw();
  }
})();
