/* The session's rotating QR code: fetched again as soon as the current one expires. */
(function () {
  "use strict";
  var box = document.querySelector("[data-qr-url]");
  if (!box) return;
  var image = box.querySelector("[data-qr-image]");
  var countdown = box.querySelector("[data-qr-countdown]");
  var link = box.querySelector("[data-qr-link]");
  var left = 0, timer = null;

  function tick() {
    left -= 1;
    if (left <= 0) { refresh(); return; }
    countdown.textContent = String(left);
  }

  function refresh() {
    clearInterval(timer);
    fetch(box.getAttribute("data-qr-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        image.innerHTML = data.svg;  // SVG built by the server from its own address
        var svg = image.querySelector("svg");
        if (svg) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", box.getAttribute("data-qr-label")); }
        if (link) { link.href = data.url; }
        left = data.seconds_left;
        countdown.textContent = String(left);
        timer = setInterval(tick, 1000);
      })
      .catch(function () {
        countdown.textContent = "…";
        timer = setTimeout(refresh, 3000);
      });
  }
  refresh();
})();
