/* Drawn signatures on a canvas, sent as a PNG data URL in a hidden field. No dependency.
   Markup: <div data-signature-pad> <canvas> <input type=hidden name=signature> <button data-clear> */
(function () {
  "use strict";

  function setup(root) {
    var canvas = root.querySelector("canvas");
    var input = root.querySelector("input[name=signature]");
    var clear = root.querySelector("[data-clear]");
    var form = root.closest("form");
    var ctx = canvas.getContext("2d");
    var drawing = false, empty = true, last = null;

    function reset() {
      // A fixed bitmap (5:2) whatever the screen, so every signature prints the same size.
      canvas.width = 600;
      canvas.height = 240;
      ctx.fillStyle = "#ffffff";  // an opaque background prints the same everywhere
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.lineWidth = 4;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#0d1b3e";
      empty = true;
      input.value = "";
      root.classList.remove("is-signed");
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height)
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 2, 0, 2 * Math.PI);
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var p = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      last = p;
      empty = false;
    });
    function stop() {
      if (!drawing) return;
      drawing = false;
      if (!empty) {
        input.value = canvas.toDataURL("image/png");
        root.classList.add("is-signed");
      }
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    if (clear) clear.addEventListener("click", reset);
    if (form) {
      form.addEventListener("submit", function (event) {
        var status = root.querySelector("[data-signature-status]");
        if (empty || !input.value) {
          event.preventDefault();
          if (status) status.textContent = status.getAttribute("data-empty-message");
          canvas.focus();
        }
      });
    }
    reset();
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setup);

  // "Faire signer" buttons pick the learner in the pad's list and bring the pad into view.
  // Delegated: roll-call rows are replaced after each tap.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-sign-for]");
    if (!button) return;
    var select = document.getElementById(button.getAttribute("data-target"));
    if (!select) return;
    event.preventDefault();
    select.value = button.getAttribute("data-sign-for");
    var pad = select.closest("section");
    pad.scrollIntoView({ behavior: "smooth", block: "start" });
    var canvas = pad.querySelector("canvas");
    if (canvas) canvas.focus({ preventScroll: true });
  });
})();
