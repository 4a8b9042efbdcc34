/* The one picker of the product: a text box with `data-picker-url` (units.common.forms.PickerInput) becomes a
   search-as-you-type field (Tom Select, static/vendor/tom-select/) over that JSON look-up, which answers
   {"results": [{"value", "label", "name", "detail"}], "more": true|false}. The box keeps the chosen values
   (comma-separated), so the form posts what it posted before; without JavaScript it stays a text box where a code
   or a name is typed. The texts come translated from the page (data-picker-*). */
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") {
    return;
  }

  // The row that says the look-up found more than it sent: not an option, it cannot be chosen.
  var MORE = "\u0000more";

  function describe(data, escape) {
    if (data.value === MORE) {
      return '<div class="picker-more">' + escape(data.label) + "</div>";
    }
    var detail = data.detail ? '<div class="picker-detail">' + escape(data.detail) + "</div>" : "";
    return '<div class="picker-option"><div class="picker-name">' + escape(data.name || data.label) + "</div>" + detail + "</div>";
  }

  function setup(input) {
    var texts = input.dataset;
    var multiple = texts.pickerMultiple !== undefined;
    var minChars = parseInt(texts.pickerMin || "2", 10);
    // The values of the look-up's last answer: those, and only those, are offered (see `score`).
    var answered = {};
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
      // The server searches (folded names and codes, a unit's parent too) and ranks: the box shows its last answer
      // as it came, without filtering it again by what it shows (a unit found by its full name shows its short one).
      searchField: ["label"],
      score: function () {
        return function (item) {
          return answered[item.value] ? 1 : 0;
        };
      },
      sortField: [{ field: "$order" }],
      options: items,
      items: items.map(function (item) { return item.value; }),
      maxItems: multiple ? null : 1,
      delimiter: ",",
      create: false,
      persist: false,
      // Units: the first ones of the tree as soon as the field opens; staff: after two letters.
      preload: minChars === 0 ? "focus" : false,
      placeholder: texts.pickerPlaceholder,
      hidePlaceholder: true,
      loadThrottle: 250,
      // The box is refreshed at each key, not 300 ms later: a late refresh opened the drop-down again after a
      // choice made quickly, and took the focus from the next field.
      refreshThrottle: 0,
      maxOptions: 50,
      closeAfterSelect: true,
      // One choice: the search box opens under the field, which shows the chosen person in full (select2's way);
      // several: removable chips with the search box after them.
      plugins: multiple
        ? { remove_button: { title: texts.pickerRemove } }
        : Object.assign(
            { dropdown_input: {} },
            texts.pickerClear !== undefined ? { clear_button: { title: texts.pickerRemove } } : {}
          ),
      shouldLoad: function (query) {
        return query.trim().length >= minChars;
      },
      load: function (query, callback) {
        this.clearOptions(); // the chosen items stay
        answered = {};
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
            var results = answer.results.slice();
            if (answer.more) {
              results.push({ value: MORE, label: texts.pickerMore, disabled: true });
            }
            answered = {};
            results.forEach(function (row) {
              answered[row.value] = true;
            });
            // With the search box in the drop-down, Tom Select misses the blur when the focus leaves from that box
            // (a choice made, then the next field): an answer arriving after it would open the drop-down again and
            // take the focus back from the field the person is typing in.
            if (picker.isFocused && !picker.wrapper.contains(document.activeElement)) {
              picker.blur();
            }
            callback(results);
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
          return data.input.trim().length < minChars
            ? '<div class="no-results">' + escape(texts.pickerShort) + "</div>"
            : null;
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
