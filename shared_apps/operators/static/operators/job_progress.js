// Polls the job's JSON status; once it is finished, the server-rendered result (link or
// error) is fetched and put into the role=status live region, so that screen readers
// announce it. Without JavaScript a meta refresh reloads the page instead.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var progress = document.getElementById("job-progress");
  var region = document.getElementById("job-status");
  var label = box.querySelector("[data-job-label]");
  var steps = { queued: 1, running: 2, done: 3, failed: 3 };
  var delay = 300;

  function showResult() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("job-status");
        if (fresh) { region.innerHTML = fresh.innerHTML; } else { window.location.reload(); }
      })
      .catch(function () { window.location.reload(); });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        progress.value = steps[job.status] || 1;
        progress.textContent = job.status_label;
        if (label && label.textContent !== job.status_label) { label.textContent = job.status_label; }
        if (job.finished) { showResult(); return; }
        delay = Math.min(delay * 1.5, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, delay);
})();
