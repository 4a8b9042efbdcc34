/* Certificates on the blanks. The layout form: a button [data-blank-size="W H"] fills the page width and height.
   The decision's print page: a form [data-reload-after-print] opens the PDF in a new tab and, a moment later,
   reloads this page so that it shows the register numbers just given. Without JavaScript both still work (the
   sizes are typed, the page is reloaded by hand). */
(function () {
  "use strict";
  document.querySelectorAll("[data-blank-size]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var size = button.dataset.blankSize.split(" ");
      document.getElementById("id_page_width_mm").value = size[0];
      document.getElementById("id_page_height_mm").value = size[1];
    });
  });
  document.querySelectorAll("[data-reload-after-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.setTimeout(function () {
        window.location.reload();
      }, 2500);
    });
  });
})();
