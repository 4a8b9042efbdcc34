/* "Thêm dòng" for Django formsets: clones the empty form of <template id="…-row-template"> into the table,
   numbering it with the formset's TOTAL_FORMS. Without JavaScript the blank rows rendered by the server remain. */
(function () {
  "use strict";
  document.querySelectorAll("[data-formset-add]").forEach(function (button) {
    var prefix = button.dataset.prefix;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var form = button.closest("form");
    var body = form.querySelector("[data-formset-body]");
    var template = form.querySelector("template");
    if (!total || !body || !template) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      body.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var row = body.lastElementChild;
      var number = row.querySelector("[data-row-number]");
      if (number) {
        number.textContent = String(index + 1);
      }
      var first = row.querySelector("textarea, input");
      if (first) {
        first.focus();
      }
    });
  });
})();
