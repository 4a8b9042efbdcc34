/* The report's edit page: a live preview of the whole report beside the form, refreshed a moment after the
   writer stops typing (the server renders the report's HTML with the unsaved text), and a warning before
   leaving the page with unsaved changes.

   The preview is the PDF's own HTML, whose styles sit in a <style> block; the server links its fonts by their
   static URLs (the PDF reads the same files from the disk). A srcdoc frame obeys this page's
   Content-Security-Policy, which runs no inline style: the block is taken out and given to the frame as a
   constructed stylesheet (CSSOM, which the policy allows). The page keeps the PDF's line width and is scaled
   down to the frame's width, so that its lines wrap where the PDF's do. */
(function () {
  "use strict";

  var form = document.getElementById("report-edit-form");
  var frame = document.getElementById("report-preview");
  if (!form || !frame) {
    return;
  }
  var stateLabel = document.getElementById("preview-state");
  var dirtyNote = document.getElementById("dirty-note");
  var url = form.dataset.previewUrl;
  var timer = null;
  var pending = null;
  var dirty = false;

  function refresh() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    stateLabel.textContent = "Đang cập nhật…";
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", signal: pending.signal })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var css = "";
        var page = html.replace(/<style[^>]*>([\s\S]*?)<\/style>/gi, function (block, text) {
          css += text + "\n";
          return "";
        });
        var scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
        frame.addEventListener(
          "load",
          function () {
            var view = frame.contentWindow;
            var sheet = new view.CSSStyleSheet({ baseURL: window.location.href });
            sheet.replaceSync(css);
            frame.contentDocument.adoptedStyleSheets = [sheet, new view.CSSStyleSheet()];
            fit();
            view.scrollTo(0, scroll);
          },
          { once: true }
        );
        frame.srcdoc = page;
        stateLabel.textContent = "Đã cập nhật " + new Date().toLocaleTimeString("vi-VN");
        frame.dataset.ready = "1";
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          stateLabel.textContent = "Chưa cập nhật được bản xem trước.";
        }
      });
  }

  // Scale the page to the frame's width (never up): a rule of its own constructed sheet, as inline styles are refused.
  function fit() {
    var doc = frame.contentDocument;
    if (!doc || !doc.body || doc.adoptedStyleSheets.length < 2) {
      return;
    }
    var zoom = doc.adoptedStyleSheets[1];
    zoom.replaceSync("");
    var needed = doc.body.getBoundingClientRect().width + 24; // the page and a margin of 12 px either side
    var scale = Math.min(1, doc.documentElement.clientWidth / needed);
    if (scale < 1) {
      zoom.replaceSync("html { zoom: " + scale.toFixed(3) + "; }");
    }
  }

  window.addEventListener("resize", fit);
  form.addEventListener("input", function (event) {
    dirty = true;
    dirtyNote.hidden = false;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 600);
  });
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  refresh();
})();
