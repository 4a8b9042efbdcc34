/* The ballot: once "Gửi phiếu" is pressed, disable it so that a double tap sends one request. The database is
   what refuses a second ballot (the server answers "already voted"); this only spares a useless request.
   Coming back with the browser's back button restores the page from its cache: enable the button again. */
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  if (!form) {
    return;
  }
  var button = form.querySelector("[data-ballot-submit]");
  var label = button.innerHTML;
  form.addEventListener("submit", function (event) {
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    button.disabled = true;
    button.textContent = button.getAttribute("data-sending");
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      button.disabled = false;
      button.innerHTML = label;
    }
  });
})();
