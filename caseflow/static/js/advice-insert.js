/* Insert a region's reasoning or the spreading check into the advice text at the cursor.
   Without this script the same buttons submit the form and the server appends the text to
   what was typed, so nothing is lost either way. Loaded as a file: the CSP allows no inline
   script. */
(function () {
  "use strict";

  function spliced(before, text, after) {
    var lead = "";
    if (before && !/\n\n$/.test(before)) lead = /\n$/.test(before) ? "\n" : "\n\n";
    var trail = after && !/^\n/.test(after) ? "\n\n" : "";
    return { value: before + lead + text + trail + after, caret: (before + lead + text).length };
  }

  function insert(button) {
    var form = button.form;
    var area = form && form.querySelector("textarea[name=tekst]");
    if (!area) return false;
    // Never focused: add at the end, as the server does; else at the cursor.
    var touched = area.getAttribute("data-touched") === "1";
    var start = touched ? area.selectionStart : area.value.length;
    var end = touched ? area.selectionEnd : area.value.length;
    var result = spliced(area.value.slice(0, start), button.getAttribute("data-insert"),
      area.value.slice(end));
    area.value = result.value;
    area.focus();
    area.setSelectionRange(result.caret, result.caret);
    var province = button.getAttribute("data-province");
    var select = form.querySelector("select[name=provincie_id]");
    if (province && select && !select.value) select.value = province;
    var status = document.getElementById("invoeg-status");
    if (status) status.textContent = status.getAttribute("data-message");
    return true;
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("textarea[name=tekst]")) {
      event.target.setAttribute("data-touched", "1");
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-insert]");
    if (button && insert(button)) event.preventDefault();
  });
})();
