/* Live turnout of the open polls on the secretary's console: every 3 seconds the fragment at data-turnout-url
   replaces the box's content ("Đã bỏ phiếu 6/9", who voted and who has not — the server never sends what).
   Markup: <div data-turnout-url="…"> around the fragment; the fragment's data-poll-state says when to stop. */
(function () {
  "use strict";

  var PERIOD = 3000;
  var RETRY = 10000;

  function follow(box) {
    var url = box.dataset.turnoutUrl;

    function state() {
      var fragment = box.querySelector("[data-poll-state]");
      return fragment ? fragment.dataset.pollState : "open";
    }

    function refresh() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          if (response.status === 403 || response.status === 404) {
            return null; // signed out or the poll is gone: stop quietly
          }
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          if (html === null) {
            return;
          }
          box.innerHTML = html;
          if (state() === "open") {
            window.setTimeout(refresh, PERIOD);
          }
        })
        .catch(function () {
          // Network hiccup or the server restarting: try again a little later.
          window.setTimeout(refresh, RETRY);
        });
    }

    if (state() === "open") {
      window.setTimeout(refresh, PERIOD);
    }
  }

  document.querySelectorAll("[data-turnout-url]").forEach(follow);
})();
