// Progress of a certificate batch in the admin: polls the job, reloads the page when it ends.
(function () {
  var box = document.getElementById("job-progress");
  if (box.dataset.finished) { return; }
  var bar = document.getElementById("job-bar"), text = document.getElementById("job-text");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.style.width = data.percent + "%";
        box.firstElementChild.setAttribute("aria-valuenow", data.percent);
        text.textContent = data.status_label + " – " + data.percent + " %" + (data.total ? " (" + data.done + " / " + data.total + ")" : "");
        if (data.finished) { window.location.reload(); } else { setTimeout(poll, 700); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
