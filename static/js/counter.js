// A text box with data-maxchars="N" shows how many characters it holds of the N allowed, as the person types or
// pastes; over the limit the count is marked (the server refuses the text with the field marked, and never cuts
// it). A line break counts as one character, as the server counts it.
(function () {
  "use strict";
  function length(value) { return value.replace(/\r\n/g, "\n").length; }
  document.querySelectorAll("[data-maxchars]").forEach(function (box) {
    var max = parseInt(box.dataset.maxchars, 10);
    if (!max) return;
    var out = document.createElement("p");
    out.className = "char-count";
    out.id = box.id + "-count";
    out.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", out);
    var described = (box.getAttribute("aria-describedby") || "").trim();
    box.setAttribute("aria-describedby", (described + " " + out.id).trim());
    var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
    function update() {
      var n = length(box.value);
      out.textContent = format.format(n) + " / " + format.format(max);
      out.classList.toggle("over", n > max);
    }
    box.addEventListener("input", update);
    update();
  });
})();
