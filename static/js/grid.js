/* The power/interest grid of a challenge's stakeholders (templates/labs/_grid.html).
 *
 * On a grid marked data-editable, each stakeholder (a button placed at
 * left = interest %, bottom = power %) can be dragged with a mouse, a pen or a
 * finger (pointer events), or moved with the arrow keys when focused (steps of
 * 5, of 1 with Shift). Each drop or key move is POSTed as JSON to the
 * stakeholder's data-move-url through saphan.fetch (CSRF token included); the
 * server's answer is the position kept. If the server refuses, the stakeholder
 * goes back where it was and the message is announced.
 *
 * Without JavaScript the dots stay where the server drew them and the table's
 * number forms move stakeholders.
 */
(function () {
  "use strict";

  var KEY_STEP = 5;
  var SAVE_DELAY = 350; // ms after the last key press

  function clamp(value) {
    return Math.max(0, Math.min(100, Math.round(value)));
  }

  function quadrantOf(power, interest) {
    if (power >= 50) return interest >= 50 ? "manage_closely" : "keep_satisfied";
    return interest >= 50 ? "keep_informed" : "monitor";
  }

  function place(dot, power, interest) {
    dot.style.left = interest + "%";
    dot.style.bottom = power + "%";
    dot.dataset.power = String(power);
    dot.dataset.interest = String(interest);
    dot.dataset.quadrant = quadrantOf(power, interest);
  }

  function setUpGrid(grid) {
    var status = grid.parentNode.querySelector("[data-grid-status]");
    var quadrantLabels = {};
    grid.querySelectorAll(".grid-quadrant").forEach(function (cell) {
      quadrantLabels[cell.dataset.quadrant] = cell.textContent.trim();
    });

    function announce(text) {
      if (status) status.textContent = text;
    }

    function describe(dot) {
      var label = dot.getAttribute("title") || dot.textContent.trim();
      var text = label + ": " + dot.dataset.power + " / " + dot.dataset.interest +
        " (" + (quadrantLabels[dot.dataset.quadrant] || "") + ")";
      dot.setAttribute("aria-label", text);
      return text;
    }

    function updateRow(dot) {
      // The table beside the grid, on the same page, follows the dot.
      var row = document.querySelector('[data-stakeholder-row="' + dot.dataset.stakeholder + '"]');
      if (!row) return;
      var power = row.querySelector("input[name=power]");
      var interest = row.querySelector("input[name=interest]");
      if (power) power.value = dot.dataset.power;
      if (interest) interest.value = dot.dataset.interest;
      var quadrant = row.querySelector("[data-quadrant-label]");
      if (quadrant) quadrant.textContent = quadrantLabels[dot.dataset.quadrant] || "";
    }

    function save(dot, previous) {
      dot.classList.add("is-saving");
      return window.saphan.fetch(dot.dataset.moveUrl, {
        method: "POST",
        json: { power: Number(dot.dataset.power), interest: Number(dot.dataset.interest) }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) throw result.data;
        place(dot, result.data.power, result.data.interest);
        dot.dataset.savedPower = String(result.data.power);
        dot.dataset.savedInterest = String(result.data.interest);
        updateRow(dot);
        announce(describe(dot));
      }).catch(function (data) {
        place(dot, previous.power, previous.interest);
        describe(dot);
        var message = grid.dataset.error;
        if (data && data.errors) {
          var all = [];
          Object.keys(data.errors).forEach(function (field) {
            data.errors[field].forEach(function (error) { all.push(error.message || error); });
          });
          if (all.length) message = all.join(" ");
        }
        announce(message);
      }).then(function () {
        dot.classList.remove("is-saving");
      });
    }

    function saved(dot) {
      return {
        power: Number(dot.dataset.savedPower || dot.dataset.power),
        interest: Number(dot.dataset.savedInterest || dot.dataset.interest)
      };
    }

    grid.querySelectorAll("[data-move-url]").forEach(function (dot) {
      var drag = null;
      var timer = null;
      dot.dataset.savedPower = dot.dataset.power;
      dot.dataset.savedInterest = dot.dataset.interest;
      dot.setAttribute("aria-describedby", "grid-help");

      function positionAt(event) {
        var rect = grid.getBoundingClientRect();
        return {
          interest: clamp(((event.clientX - rect.left) / rect.width) * 100),
          power: clamp(((rect.bottom - event.clientY) / rect.height) * 100)
        };
      }

      dot.addEventListener("pointerdown", function (event) {
        if (event.button !== 0) return;
        event.preventDefault();
        dot.focus();
        dot.setPointerCapture(event.pointerId);
        drag = { id: event.pointerId, moved: false, previous: saved(dot) };
        dot.classList.add("is-dragging");
      });
      dot.addEventListener("pointermove", function (event) {
        if (!drag || event.pointerId !== drag.id) return;
        var at = positionAt(event);
        drag.moved = true;
        place(dot, at.power, at.interest);
      });
      function end(event) {
        if (!drag || event.pointerId !== drag.id) return;
        var current = drag;
        drag = null;
        dot.classList.remove("is-dragging");
        if (dot.hasPointerCapture(event.pointerId)) dot.releasePointerCapture(event.pointerId);
        if (event.type === "pointercancel") {
          place(dot, current.previous.power, current.previous.interest);
          return;
        }
        if (current.moved) save(dot, current.previous);
      }
      dot.addEventListener("pointerup", end);
      dot.addEventListener("pointercancel", end);

      dot.addEventListener("keydown", function (event) {
        var step = event.shiftKey ? 1 : KEY_STEP;
        var power = Number(dot.dataset.power);
        var interest = Number(dot.dataset.interest);
        switch (event.key) {
          case "ArrowUp": power += step; break;
          case "ArrowDown": power -= step; break;
          case "ArrowRight": interest += step; break;
          case "ArrowLeft": interest -= step; break;
          default: return;
        }
        event.preventDefault();
        var previous = saved(dot);
        place(dot, clamp(power), clamp(interest));
        announce(describe(dot));
        clearTimeout(timer);
        timer = setTimeout(function () { save(dot, previous); }, SAVE_DELAY);
      });
    });
  }

  function setUp() {
    document.querySelectorAll("[data-grid][data-editable]").forEach(setUpGrid);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
