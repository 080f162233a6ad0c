/* Saphan: the little JavaScript every page shares. Plain JS, no build step.
 *
 * - the phone menu toggle (the menu stays open when this file never runs);
 * - window.saphan.fetch(): fetch() with the CSRF token and same-origin cookies;
 * - confirm dialogs: <form data-confirm="Revoke this token?"> or
 *   <button data-confirm="…"> asks before submitting;
 * - copy buttons: <button data-copy="#id" data-copied="Copied" hidden> copies
 *   that element's text (shown only where the clipboard API exists).
 */
(function () {
  "use strict";

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(name + "=") === 0) {
        return decodeURIComponent(part.slice(name.length + 1));
      }
    }
    return null;
  }

  function csrfToken() {
    // The cookie is the source (CSRF_COOKIE_HTTPONLY is off); a form's hidden
    // input is the fallback for pages served before the cookie was set.
    var fromCookie = readCookie("csrftoken");
    if (fromCookie) return fromCookie;
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function saphanFetch(url, options) {
    options = options || {};
    var method = (options.method || "GET").toUpperCase();
    var headers = new Headers(options.headers || {});
    if (["GET", "HEAD", "OPTIONS", "TRACE"].indexOf(method) === -1) {
      headers.set("X-CSRFToken", csrfToken());
    }
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    if (options.json !== undefined) {
      headers.set("Content-Type", "application/json");
      options.body = JSON.stringify(options.json);
      delete options.json;
    }
    options.headers = headers;
    options.credentials = options.credentials || "same-origin";
    return window.fetch(url, options);
  }

  function setUpMenu() {
    var toggle = document.querySelector("[data-nav-toggle]");
    if (!toggle) return;
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) return;
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function setUpConfirm() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
      }
    });
  }

  function setUpCopy() {
    if (!navigator.clipboard) return;
    var buttons = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var source = document.querySelector(button.getAttribute("data-copy"));
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = button.getAttribute("data-copied");
          if (label) button.textContent = label;
        });
      });
    });
  }

  function setUp() {
    setUpMenu();
    setUpConfirm();
    setUpCopy();
  }

  window.saphan = window.saphan || {};
  window.saphan.csrfToken = csrfToken;
  window.saphan.fetch = saphanFetch;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
