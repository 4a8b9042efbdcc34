/* Registrations: the ticks of the bulk form (count, quota warning, filter by name, select all / a unit); the
   confirmation of a withdrawal is static/js/confirm.js. Without JavaScript the form still works. */
(function () {
  "use strict";
  var form = document.getElementById("registration-form");
  if (!form) {
    return;
  }
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=pick]"));
  var counter = document.getElementById("picked-count");
  var warning = document.getElementById("quota-warning");
  var limit = form.dataset.quotaLimit === "" ? null : parseInt(form.dataset.quotaLimit, 10);

  function update() {
    var picked = boxes.filter(function (box) { return box.checked; }).length;
    counter.textContent = String(picked);
    if (warning && limit !== null) {
      warning.hidden = picked <= limit;
    }
  }
  function visible(box) {
    return !box.closest("[data-candidate]").classList.contains("d-none");
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });

  form.querySelectorAll("[data-pick-all]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = button.dataset.pickAll === "1";
      boxes.filter(visible).forEach(function (box) { box.checked = on; });
      update();
    });
  });
  form.querySelectorAll("[data-pick-unit]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var row = button.closest("[data-unit-header]").nextElementSibling;
      while (row && row.hasAttribute("data-candidate")) {
        var box = row.querySelector("input[name=pick]");
        if (!row.classList.contains("d-none")) {
          box.checked = true;
        }
        row = row.nextElementSibling;
      }
      update();
    });
  });
  var filter = document.getElementById("candidate-filter");
  if (filter) {
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var needle = filter.value.trim().toLowerCase();
      form.querySelectorAll("[data-candidate]").forEach(function (row) {
        // A class, not the hidden attribute: the rows are d-flex, which would win over [hidden].
        row.classList.toggle("d-none", needle !== "" && row.dataset.name.indexOf(needle) === -1);
      });
    });
  }
  update();
})();
