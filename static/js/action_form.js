/* The action form and the progress form (templates/actions/plans/).
 *
 * Action form: empty supporting-agency boxes beyond the first are hidden,
 * and "Another agency" shows the next one. Without JavaScript every box shows.
 *
 * Progress form: the percent buttons (0, 25, 50, 75, 100) and the number box
 * are one answer; choosing a button clears the number, typing a number
 * clears the buttons, so what is sent is what the person sees.
 */
(function () {
  "use strict";

  document.querySelectorAll("[data-supporting]").forEach(function (fieldset) {
    var rows = Array.prototype.slice.call(fieldset.querySelectorAll("[data-supporting-rows] > div"));
    var button = fieldset.querySelector("[data-add-supporting]");
    var shownEmpty = false;
    rows.forEach(function (row) {
      var input = row.querySelector("input");
      var empty = input && !input.value.trim() && !row.querySelector(".errorlist");
      if (empty && shownEmpty) row.hidden = true;
      if (empty) shownEmpty = true;
    });
    if (!button) return;
    var update = function () { button.hidden = !rows.some(function (row) { return row.hidden; }); };
    button.addEventListener("click", function () {
      var next = rows.find(function (row) { return row.hidden; });
      if (!next) return;
      next.hidden = false;
      next.querySelector("input").focus();
      update();
    });
    update();
  });

  document.querySelectorAll("[data-percent]").forEach(function (group) {
    var exact = group.querySelector("input[type=number]");
    var radios = group.querySelectorAll("input[type=radio]");
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () { if (exact) exact.value = ""; });
    });
    if (exact) {
      exact.addEventListener("input", function () {
        if (exact.value !== "") radios.forEach(function (radio) { radio.checked = false; });
      });
    }
  });
})();
