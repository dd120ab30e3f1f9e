// The jewelry pages' behaviour: upload a design with a progress bar, and follow its analysis until it is done.
// Without this script the upload form posts normally and the design page shows a "reload" hint.
(function () {
  "use strict";

  function uploadWithProgress(form) {
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var error = document.getElementById("upload-error");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      event.preventDefault();
      // A file over the limit is refused here, before a byte is sent (the server refuses it too).
      var input = form.querySelector("input[type=file]");
      var chosen = input && input.files && input.files[0];
      if (chosen && form.dataset.maxBytes && chosen.size > Number(form.dataset.maxBytes)) {
        error.textContent = form.dataset.tooLarge;
        error.hidden = false;
        return;
      }
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      error.hidden = true;
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) { return; }
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        status.textContent = status.dataset.uploading + " " + percent + " %";
        if (percent >= 100) { status.textContent = status.dataset.analysing; bar.removeAttribute("value"); }
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
        if (xhr.status < 300 && body && body.redirect) {
          window.location.assign(body.redirect);
          return;
        }
        button.disabled = false;
        bar.hidden = true;
        status.textContent = "";
        error.textContent = (body && body.error && body.error.message) || xhr.statusText;
        error.hidden = false;
      });
      xhr.addEventListener("error", function () {
        button.disabled = false;
        bar.hidden = true;
        error.textContent = xhr.statusText || "Network error";
        error.hidden = false;
      });
      xhr.send(new FormData(form));
    });
  }

  function followAnalysis(section) {
    var bar = document.getElementById("analysis-bar");
    var url = section.dataset.statusUrl;
    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          bar.value = state.progress;
          if (state.status !== "pending") { window.location.reload(); return; }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  var form = document.getElementById("design-upload");
  if (form) { uploadWithProgress(form); }
  var progress = document.getElementById("analysis-progress");
  if (progress) { followAnalysis(progress); }
})();
