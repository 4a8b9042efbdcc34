/* The report's edit page: a live preview of the whole report beside the form, refreshed a moment after the
   writer stops typing (the server renders the report's HTML with the unsaved text), and a warning before
   leaving the page with unsaved changes.

   The preview is the PDF's own HTML, whose styles sit in a <style> block. A srcdoc frame obeys this page's
   Content-Security-Policy, which runs no inline style: the block is taken out and given to the frame as a
   constructed stylesheet (CSSOM, which the policy allows), its fonts read from the site's static files rather
   than the server's disk. */
(function () {
  "use strict";

  var form = document.getElementById("report-edit-form");
  var frame = document.getElementById("report-preview");
  if (!form || !frame) {
    return;
  }
  var fontsUrl = frame.dataset.fontsUrl;
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
        css = css.replace(/url\((["']?)file:[^)"']*\/fonts\/([^)"']+)\1\)/g, function (found, quote, name) {
          return 'url("' + fontsUrl + name + '")';
        });
        var scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
        frame.addEventListener(
          "load",
          function () {
            var view = frame.contentWindow;
            var sheet = new view.CSSStyleSheet({ baseURL: window.location.href });
            sheet.replaceSync(css);
            frame.contentDocument.adoptedStyleSheets = [sheet];
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
