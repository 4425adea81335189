// Progress of a funder report being produced: polls the job, reloads the page when it ends.
(function () {
  var box = document.getElementById("tr-progress");
  var bar = document.getElementById("tr-progress-bar");
  var status = document.getElementById("tr-progress-status");
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
      bar.value = d.percent || 0;
      status.textContent = d.error || d.status_label;
      if (d.finished) { if (!d.error) { window.location.reload(); } return; }
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
