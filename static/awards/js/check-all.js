/* "Chọn tất cả" buttons of the secretary's console: a button [data-check-all="<selector>"] ticks every checkbox
   matching the selector, or unticks them all when they are all ticked already. Hidden without JavaScript. */
(function () {
  "use strict";
  document.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var boxes = Array.prototype.slice.call(document.querySelectorAll(button.dataset.checkAll));
      var all = boxes.every(function (box) {
        return box.checked;
      });
      boxes.forEach(function (box) {
        box.checked = !all;
      });
    });
  });
})();
