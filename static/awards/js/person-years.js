/* The grid of a unit's year: fill the empty rows with the usual values in one click (rating "good",
   12 months of service, no absence). Rows with any value entered are left as they are. */
(function () {
  "use strict";
  var button = document.getElementById("fill-defaults");
  if (!button) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    document.querySelectorAll("#person-years [data-row]").forEach(function (row) {
      var rating = row.querySelector("select[name$='-rating']");
      var service = row.querySelector("input[name$='-service_months']");
      var absence = row.querySelector("input[name$='-absence_months']");
      if (rating.value || service.value || absence.value) {
        return;
      }
      rating.value = "good";
      service.value = "12";
      absence.value = "0";
    });
  });
})();
