/*
 * The interface's words in Saphan's scripts: Django's JavaScript catalogue
 * (gettext, ngettext, interpolate from {% url 'javascript-catalog' %}, loaded
 * before this file) or, if it failed to load, the English text itself.
 *
 *   var text = window.saphanText;
 *   text.gettext("Saved"); text.ngettext("%(n)s note", "%(n)s notes", n);
 *   text.fmt(gettext("%(n)s notes"), { n: 3 });   // named placeholders
 */
(function () {
  "use strict";

  var gettext = typeof window.gettext === "function" ? window.gettext : function (text) { return text; };
  var ngettext = typeof window.ngettext === "function" ? window.ngettext : function (one, many, n) {
    return n === 1 ? one : many;
  };
  var interpolate = typeof window.interpolate === "function" ? window.interpolate : function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return String(values[key]); });
  };

  window.saphanText = {
    gettext: gettext,
    ngettext: ngettext,
    fmt: function (text, values) {
      return interpolate(text, values, true);
    }
  };
})();
