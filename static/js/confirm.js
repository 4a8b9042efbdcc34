/* Any button with `data-confirm` asks before its form is sent (withdrawing registrations, ending a council
   session). Without JavaScript the button still works. */
(function () {
  "use strict";
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
})();
