// A draft application saves itself while the applicant types (market/programmes/views.py, ``application``): the
// form is posted as "Save draft" would post it, asking for JSON, a moment after the last change. The status line
// says "saving", "saved at …" or why not, and a refused answer is marked on its field as the page would mark it.
// Without JavaScript nothing changes: the "Save draft" button posts the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var delay = parseInt(form.getAttribute("data-autosave-delay") || "1500", 10);
  var timer = null;
  var inFlight = false;
  var again = false;

  function show(state, text) {
    status.hidden = false;
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  function clearMarks() {
    form.querySelectorAll("[data-autosave-error]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid='true']").forEach(function (node) {
      node.removeAttribute("aria-invalid");
      node.removeAttribute("aria-describedby");
      var box = node.closest(".field");
      if (box) box.classList.remove("has-error");
    });
  }

  function mark(errors) {
    Object.keys(errors || {}).forEach(function (name) {
      var control = form.querySelector("[name='" + name + "']");
      if (!control) return;
      var message = document.createElement("p");
      message.className = "error";
      message.id = name + "-error";
      message.setAttribute("data-autosave-error", "");
      message.textContent = errors[name];
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", message.id);
      var box = control.closest(".field") || control.parentNode;
      box.classList.add("has-error");
      box.appendChild(message);
    });
  }

  function save() {
    timer = null;
    if (inFlight) { again = true; return; }
    inFlight = true;
    var data = new FormData(form);
    data.set("action", "save");
    show("saving", form.getAttribute("data-saving"));
    // A control named "action" (the form has buttons so named) shadows form.action: read the attribute.
    fetch(form.getAttribute("action") || window.location.href, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) { return {ok: response.ok, body: body}; });
      })
      .then(function (result) {
        clearMarks();
        if (result.ok && result.body.saved) {
          show("saved", result.body.message);
        } else {
          mark(result.body.errors);
          show("error", result.body.message || form.getAttribute("data-failed"));
        }
      })
      .catch(function () { show("error", form.getAttribute("data-failed")); })
      .then(function () {
        inFlight = false;
        if (again) { again = false; save(); }
      });
  }

  function changed(event) {
    if (event.target.type === "file") return;
    show("pending", form.getAttribute("data-pending"));
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { if (timer) window.clearTimeout(timer); });
})();
