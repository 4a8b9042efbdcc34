/* The exemplar form: the award select offers the awards of the person or collective picked above it. When the
   picker changes, the list is asked again of the form's look-up (emulation:exemplar-awards); without JavaScript the
   select offers those of the recipient saved or posted, and the form says so when another one is picked. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-awards-url]");
  var select = document.getElementById("id_award");
  var person = document.getElementById("id_person");
  var unit = document.getElementById("id_unit");
  if (!form || !select || !person || !unit) {
    return;
  }
  var url = form.getAttribute("data-awards-url");

  function fill(results) {
    var chosen = select.value;
    while (select.options.length > 1) {
      select.remove(1); // the first option is the empty choice
    }
    results.forEach(function (row) {
      var option = new Option(row.label, row.value);
      option.selected = String(row.value) === chosen;
      select.add(option);
    });
  }

  function refresh() {
    var query = "";
    if (person.value.trim()) {
      query = "person=" + encodeURIComponent(person.value.trim());
    } else if (unit.value.trim()) {
      query = "unit=" + encodeURIComponent(unit.value.trim());
    }
    if (!query) {
      fill([]);
      return;
    }
    fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (answer) {
        fill(answer.results);
      })
      .catch(function () {});
  }

  person.addEventListener("change", refresh);
  unit.addEventListener("change", refresh);
})();
