// Site-wide behaviour of base.html (no inline handlers: the CSP forbids them).
(function () {
  "use strict";
  // A <select data-autosubmit> sends its form when changed (the language switch).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
