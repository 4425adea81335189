// A background job's progress bar: polls the job's JSON status, reloads the page when it ends.
(function () {
  var box = document.querySelector("[data-job-url]");
  if (!box) { return; }
  var url = box.dataset.jobUrl;
  if (!url) { setTimeout(function () { location.reload(); }, 3000); return; }
  var bar = box.querySelector(".progress"), fill = bar.querySelector("span"), pct = document.getElementById("job-percent");
  function tick() {
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (d) {
      fill.style.width = d.percent + "%"; bar.setAttribute("aria-valuenow", d.percent);
      if (pct) { pct.textContent = d.percent + " %"; }
      if (d.finished) { location.reload(); } else { setTimeout(tick, 1500); }
    }).catch(function () { setTimeout(tick, 4000); });
  }
  setTimeout(tick, 1000);
})();
