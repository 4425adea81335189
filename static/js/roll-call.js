/* Roll-call without reloading the page: a tap posts the row's form, then the row, the counters
   and the messages are taken from the page the server answers with. Without JavaScript the same
   forms post and reload normally. */
(function () {
  "use strict";
  var toast = document.querySelector("[data-toast]");

  function swap(doc, selector) {
    var fresh = doc.querySelector(selector);
    var current = document.querySelector(selector);
    if (fresh && current) current.replaceWith(fresh);
    return fresh;
  }

  function say(doc) {
    if (!toast) return;
    var messages = doc.querySelectorAll(".messages .message");
    toast.innerHTML = "";
    messages.forEach(function (m) { toast.appendChild(m.cloneNode(true)); });
    toast.hidden = messages.length === 0;
    clearTimeout(say.timer);
    // Confirmations fade after a few seconds; errors stay until the next tap.
    if (!toast.querySelector(".message-error")) {
      say.timer = setTimeout(function () { toast.hidden = true; }, 4000);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-mark]")) return;
    var button = event.submitter;
    if (!button || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var data = new FormData(form);
    data.append(button.name, button.value);
    var row = form.closest("li[id]");
    row.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = swap(doc, "#" + row.id);
        swap(doc, "[data-stats]");
        swap(doc, "#id_sign_enrolment");
        say(doc);
        var again = fresh && document.getElementById(row.id);
        var pressed = again && again.querySelector("button[aria-pressed=true]");
        if (pressed) pressed.focus();
      })
      .catch(function () { form.submit(); });
  });
})();
