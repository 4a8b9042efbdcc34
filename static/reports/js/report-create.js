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
})();
