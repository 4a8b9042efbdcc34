/* New report: show only the period fields of the chosen kind (the form still validates every field). */
(function () {
  "use strict";
  var form = document.getElementById("report-create-form");
  if (!form) {
    return;
  }
  var kind = form.querySelector("[name=kind]");
  function show() {
    form.querySelectorAll("[data-kind-part]").forEach(function (part) {
      part.hidden = part.dataset.kindPart.split(" ").indexOf(kind.value) < 0;
    });
  }
  kind.addEventListener("change", show);
  show();
  // A cluster's report is of the cluster's year.
  var group = form.querySelector("[name=group]");
  var year = form.querySelector("[name=year]");
  if (group && year) {
    group.addEventListener("change", function () {
      var chosen = group.options[group.selectedIndex];
      if (chosen && chosen.dataset.year) {
        year.value = chosen.dataset.year;
      }
    });
  }
})();
