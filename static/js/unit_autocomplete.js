// The unit picker: a text field (name="…") whose <datalist> is filled with the units
// matching what is typed (data-unit-autocomplete: the suggestions' URL). The field's text
// is what the server reads, so without this script it is still a text field. The chosen
// unit's id goes to data-unit-id, and a "change" event tells the page's other scripts.
(function () {
  "use strict";
  document.querySelectorAll("input[data-unit-autocomplete]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.unitAutocomplete;
    var timer = null;
    var ids = {};
    var asked = "";

    function choose() {
      var id = ids[input.value.trim()] || "";
      if (input.dataset.unitId !== id) {
        input.dataset.unitId = id;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function suggest() {
      var text = input.value.trim();
      if (!text || text === asked || ids[text]) return;
      asked = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (asked !== text) return;
          list.textContent = "";
          data.results.forEach(function (unit) {
            ids[unit.label] = String(unit.id);
            var option = document.createElement("option");
            option.value = unit.label;
            list.appendChild(option);
          });
          choose();
        })
        .catch(function () { /* no suggestions: the field still takes typed text */ });
    }

    input.addEventListener("input", function () {
      choose();
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 200);
    });
  });
})();
