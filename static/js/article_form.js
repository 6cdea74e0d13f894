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
