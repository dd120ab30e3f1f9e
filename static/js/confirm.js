// Irreversible and money-moving steps ask once more, in one way: a form with data-confirm="<sentence>" opens
// the page's confirmation dialog on submit and is sent only when the person confirms. Without JavaScript the
// form is sent as it is (the server still refuses what is not allowed, and applies each step once).
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var message = dialog.querySelector("[data-confirm-message]");
  var pending = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    pending = { form: form, submitter: event.submitter || null };
    message.textContent = form.dataset.confirm;
    dialog.returnValue = "";
    dialog.showModal();
  }, true);

  dialog.addEventListener("close", function () {
    var step = pending;
    pending = null;
    if (!step || dialog.returnValue !== "confirm") return;
    step.form.dataset.confirmed = "1";
    if (typeof step.form.requestSubmit === "function") step.form.requestSubmit(step.submitter);
    else step.form.submit();
  });
})();
