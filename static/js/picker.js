/* The one picker of the product: a text box with `data-picker-url` (units.common.forms.PickerInput) becomes a
   search-as-you-type field (Tom Select, static/vendor/tom-select/) over that JSON look-up, which answers
   {"results": [{"value", "label", "name", "detail"}]}. The box keeps the chosen values (comma-separated), so the form
   posts what it posted before; without JavaScript it stays a text box where a code or a name is typed.
   The texts come translated from the page (data-picker-*). */
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") {
    return;
  }

  function describe(data, escape) {
    var detail = data.detail ? '<div class="picker-detail">' + escape(data.detail) + "</div>" : "";
    return '<div class="picker-option"><div class="picker-name">' + escape(data.name || data.label) + "</div>" + detail + "</div>";
  }

  function setup(input) {
    var texts = input.dataset;
    var multiple = texts.pickerMultiple !== undefined;
    var items = [];
    try {
      items = JSON.parse(texts.pickerItems || "[]");
    } catch (error) {
      items = [];
    }
    var url = texts.pickerUrl;
    var joiner = url.indexOf("?") === -1 ? "?" : "&";
    // A single choice looks like the other drop-downs of the form; several are shown as removable chips.
    if (!multiple) {
      input.classList.remove("form-control");
      input.classList.add("form-select");
    }
    var picker = new window.TomSelect(input, {
      valueField: "value",
      labelField: "label",
      // The server searches (folded names and codes) and ranks; the box keeps its order and only filters, by
      // these fields, what the last answer brought while the next one is on its way.
      searchField: ["label"],
      sortField: [{ field: "$order" }, { field: "$score" }],
      options: items,
      items: items.map(function (item) { return item.value; }),
      maxItems: multiple ? null : 1,
      delimiter: ",",
      create: false,
      persist: false,
      preload: false,
      placeholder: texts.pickerPlaceholder,
      hidePlaceholder: true,
      loadThrottle: 250,
      maxOptions: 50,
      closeAfterSelect: true,
      // One choice: the search box opens under the field, which shows the chosen person in full (select2's way);
      // several: removable chips with the search box after them.
      plugins: multiple ? { remove_button: { title: texts.pickerRemove } } : { dropdown_input: {} },
      shouldLoad: function (query) {
        return query.trim().length >= 2;
      },
      load: function (query, callback) {
        this.clearOptions(); // the chosen items stay
        fetch(url + joiner + "q=" + encodeURIComponent(query), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error(String(response.status));
            }
            return response.json();
          })
          .then(function (answer) {
            callback(answer.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        option: describe,
        item: multiple
          ? function (data, escape) {
              return "<div>" + escape(data.name || data.label) + "</div>";
            }
          : describe,
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(texts.pickerEmpty) + "</div>";
        },
        not_loading: function (data, escape) {
          return data.input.trim().length < 2 ? '<div class="no-results">' + escape(texts.pickerShort) + "</div>" : null;
        },
        loading: function (data, escape) {
          return '<div class="no-results">' + escape(texts.pickerLoading) + "</div>";
        },
      },
    });
    if (!multiple) {
      // The search box of a single choice sits in the drop-down: typing on the closed field (or the down arrow)
      // opens it, and the key lands in the box.
      picker.control.addEventListener("keydown", function (event) {
        var printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
        if (!picker.isOpen && (printable || event.key === "ArrowDown")) {
          picker.open();
        }
      });
    }
    return picker;
  }

  document.querySelectorAll("input[data-picker-url]").forEach(setup);
})();
