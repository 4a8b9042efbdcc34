/* Progress of a background job (import): polls the status URL every second and reloads the page
   once the job reaches a state worth showing (previewed, invalid, done, failed).
   Markup: <div id="job-progress" data-status-url="…" data-state="…" data-percent="…" data-rows-word="…"> with a
   .progress-bar inside and an element marked data-job-label. */
(function () {
  "use strict";

  var box = document.getElementById("job-progress");
  if (!box) {
    return;
  }
  var url = box.dataset.statusUrl;
  var startState = box.dataset.state;
  var progress = box.querySelector(".progress");
  var bar = box.querySelector(".progress-bar");
  var label = box.querySelector("[data-job-label]");
  var rowsWord = box.dataset.rowsWord || "";
  var lang = document.documentElement.lang || undefined;

  function count(value) {
    return Number(value).toLocaleString(lang);
  }

  function show(percent) {
    var value = Math.max(0, Math.min(100, parseInt(percent, 10) || 0));
    // Before the first count arrives the bar stays full and animated, as "working".
    bar.style.width = (value || 100) + "%";
    bar.textContent = value ? value + "%" : "";
    progress.setAttribute("aria-valuenow", String(value));
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data.percent);
        label.textContent = data.total
          ? data.state_label + "… " + count(data.processed) + "/" + count(data.total) + " " + rowsWord
          : data.state_label + "…";
        if (data.final && data.state !== startState) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        // Network hiccup or the server restarting: try again a little later.
        window.setTimeout(poll, 5000);
      });
  }

  show(box.dataset.percent);
  window.setTimeout(poll, 1000);
})();
