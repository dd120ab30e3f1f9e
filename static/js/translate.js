// The "Translate" piece (templates/_macros/translate.html): a form.party-translate asks the server for the
// machine translation of the text above it and shows it in place, marked as machine-made, beside the kept
// original (without JavaScript the form posts and the page comes back with it). A phrasebook's buttons insert
// their sentence into the text box named by data-phrasebook-for, at the cursor.
(function () {
  "use strict";
  document.querySelectorAll("form[data-party-translate]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (result) {
          if (!result.ok) throw new Error(result.body.error ? result.body.error.message : "");
          var box = document.createElement("div");
          box.className = "party-translation";
          box.lang = result.body.translation.target.replace("_", "-");
          var label = document.createElement("p");
          label.className = "party-machine muted";
          label.textContent = form.querySelector(".party-machine-label").textContent;
          var text = document.createElement("p");
          text.className = "rfq-text";
          text.textContent = result.body.translation.text;
          box.appendChild(label);
          box.appendChild(text);
          form.replaceWith(box);
        })
        .catch(function (error) {
          button.disabled = false;
          form.removeAttribute("aria-busy");
          var note = form.querySelector(".party-error") || document.createElement("p");
          note.className = "party-error error";
          note.setAttribute("role", "alert");
          note.textContent = error.message || button.textContent;
          form.appendChild(note);
        });
    });
  });
  document.querySelectorAll("details[data-phrasebook-for]").forEach(function (book) {
    var box = document.getElementById(book.dataset.phrasebookFor);
    if (!box) return;
    // Until the writer has been in the box, a sentence goes at the end of what it holds, not before it.
    var visited = false;
    box.addEventListener("focus", function () { visited = true; });
    book.querySelectorAll("button[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () {
        var sentence = button.dataset.insert;
        var start = visited ? box.selectionStart : box.value.length;
        var end = visited ? box.selectionEnd : box.value.length;
        var before = box.value.slice(0, start), after = box.value.slice(end);
        // Japanese and Chinese sentences follow each other without a space; other languages take one.
        var gap = before && !/\s$/.test(before) ? (/[\u3000-\u9fff\uff00-\uffef]$/.test(before) ? "" : " ") : "";
        box.value = before + gap + sentence + after;
        var caret = (before + gap + sentence).length;
        box.focus();
        box.setSelectionRange(caret, caret);
        box.dispatchEvent(new Event("input", {bubbles: true}));
      });
    });
  });
})();
