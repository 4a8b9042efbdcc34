/* The bell's count of unread notifications (templates/notifications/_bell.html): asked once the page has loaded,
   and again when the user comes back to the tab, from the JSON look-up {"unread": n}. The page itself carries no
   count, so that no page pays a database query for it.
   Markup: <a id="notification-bell" data-unread-url="…" data-label="…" data-label-unread="… %(count)s …"> holding
   an element marked data-unread-badge. */
(function () {
  "use strict";

  var bell = document.getElementById("notification-bell");
  if (!bell) {
    return;
  }
  var badge = bell.querySelector("[data-unread-badge]");
  var lang = document.documentElement.lang || undefined;
  var asking = false;

  function show(unread) {
    var count = Math.max(0, parseInt(unread, 10) || 0);
    if (count) {
      badge.textContent = count > 99 ? "99+" : count.toLocaleString(lang);
      badge.hidden = false;
      var label = bell.dataset.labelUnread.replace("%(count)s", count.toLocaleString(lang));
      bell.setAttribute("aria-label", label);
      bell.title = label;
    } else {
      badge.textContent = "";
      badge.hidden = true;
      bell.setAttribute("aria-label", bell.dataset.label);
      bell.title = bell.dataset.label;
    }
  }

  function ask() {
    if (asking) {
      return;
    }
    asking = true;
    fetch(bell.dataset.unreadUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "error" // signed out meanwhile: the look-up would answer with the sign-in page
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        show(data.unread);
      })
      .catch(function () {
        // No count is better than a wrong one: the bell still leads to the list.
      })
      .then(function () {
        asking = false;
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      ask();
    }
  });
  ask();
})();
