/* The nomination form: the movement is asked of a thematic award (theo đợt, chuyên đề) and the date of the act of
   an ad hoc one (đột xuất). A field wrapped in [data-kind-field="<kind>"] shows only while the kind select says
   that kind, or while it holds an error; without JavaScript every field shows and the server drops the others. */
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  if (!kind) {
    return;
  }
  var fields = document.querySelectorAll("[data-kind-field]");
  function update() {
    fields.forEach(function (field) {
      var invalid = field.querySelector(".is-invalid") !== null;
      field.hidden = field.getAttribute("data-kind-field") !== kind.value && !invalid;
    });
  }
  kind.addEventListener("change", update);
  update();
})();
