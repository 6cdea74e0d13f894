// The article form's body blocks: add a block of a kind (cloned from the formset's empty
// form), move blocks up and down, remove them. Positions are renumbered in page order
// before every submit, so the server saves what the editor sees.
(function () {
  "use strict";
  var container = document.getElementById("blocks");
  var template = document.getElementById("block-template");
  if (!container || !template) return;
  var prefix = container.dataset.prefix;
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var labels = {};
  (container.dataset.kindLabels || "").split("|").forEach(function (pair) {
    var parts = pair.split("=");
    labels[parts[0]] = parts[1];
  });

  function field(block, name) {
    return block.querySelector("[name$='-" + name + "']");
  }

  function visible() {
    return Array.prototype.filter.call(container.querySelectorAll("[data-block]"), function (b) {
      return !b.classList.contains("d-none");
    });
  }

  function dress(block) {
    var kind = field(block, "kind").value;
    block.querySelector(".block-kind-label").textContent = labels[kind] || kind;
    block.querySelector(".block-text").classList.toggle("d-none", kind === "photo");
    block.querySelector(".block-photo").classList.toggle("d-none", kind !== "photo");
  }

  function renumber() {
    visible().forEach(function (block, i) {
      field(block, "position").value = i + 1;
      block.querySelector(".block-number").textContent = "#" + (i + 1);
    });
  }

  function add(kind) {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var block = holder.firstElementChild;
    field(block, "kind").value = kind;
    container.appendChild(block);
    total.value = index + 1;
    dress(block);
    renumber();
    var input = block.querySelector(kind === "photo" ? "input[type=file]" : "textarea");
    if (input) input.focus();
  }

  document.querySelectorAll("[data-add-block]").forEach(function (button) {
    button.addEventListener("click", function () {
      add(button.dataset.addBlock);
    });
  });

  container.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var block = button.closest("[data-block]");
    if (button.dataset.move === "up") {
      var before = block.previousElementSibling;
      while (before && before.classList.contains("d-none")) before = before.previousElementSibling;
      if (before) container.insertBefore(block, before);
    } else if (button.dataset.move === "down") {
      var after = block.nextElementSibling;
      while (after && after.classList.contains("d-none")) after = after.nextElementSibling;
      if (after) container.insertBefore(after, block);
    } else if (button.hasAttribute("data-remove")) {
      var del = field(block, "DELETE");
      if (del) del.checked = true;
      block.classList.add("d-none");
    } else {
      return;
    }
    renumber();
  });

  container.querySelectorAll("[data-block]").forEach(function (block) {
    var del = field(block, "DELETE");
    if (del && del.checked) block.classList.add("d-none");
    dress(block);
  });
  renumber();
  document.getElementById("article-form").addEventListener("submit", renumber);
})();

// The interviewee and the initiatives follow the chosen unit: the person select offers
// only the unit's people (each option lists its units in data-units), the initiative
// checkboxes show the unit's initiatives (data-unit), and the search box filters them by
// what is typed. Checked initiatives always stay in view; the server checks the person.
(function () {
  "use strict";
  var region = document.getElementById("id_region");
  var person = document.getElementById("id_person");
  var search = document.getElementById("initiative-search");
  var picker = document.getElementById("initiative-picker");
  var empty = document.getElementById("initiative-empty");
  if (!region) return;

  // The unit picker is a text field that keeps the chosen unit's id in data-unit-id.
  function unitOf(field) {
    return field.dataset.unitId !== undefined ? field.dataset.unitId : field.value;
  }

  function people() {
    if (!person) return;
    var unit = unitOf(region);
    Array.prototype.forEach.call(person.options, function (option) {
      if (!option.value) return;
      var units = " " + (option.dataset.units || "") + " ";
      option.hidden = Boolean(unit) && units.indexOf(" " + unit + " ") < 0;
    });
    if (person.selectedOptions.length && person.selectedOptions[0].hidden) person.value = "";
  }

  function initiatives() {
    if (!picker) return;
    var unit = unitOf(region);
    var words = (search ? search.value : "").trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    picker.querySelectorAll(".form-check").forEach(function (row) {
      var box = row.querySelector("input");
      var text = row.textContent.toLowerCase();
      var ofUnit = !unit || box.dataset.unit === unit;
      var matches = words.every(function (word) { return text.indexOf(word) >= 0; });
      var show = box.checked || (ofUnit && matches);
      row.classList.toggle("d-none", !show);
      if (show) shown += 1;
    });
    if (empty) empty.classList.toggle("d-none", shown > 0);
  }

  region.addEventListener("change", function () { people(); initiatives(); });
  if (search) {
    search.addEventListener("input", initiatives);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not submitting
    });
  }
  people();
  initiatives();
})();
