// Upload page: send the chosen files one by one to the per-file endpoint and show a
// progress bar. Without JavaScript the form posts all files at once and still works.
(function () {
  "use strict";
  const form = document.getElementById("import-upload-form");
  if (!form || !window.fetch || !window.FormData) return;
  const input = form.querySelector("input[type=file]");
  const area = document.getElementById("import-progress-area");
  const bar = document.getElementById("import-progress-bar");
  const barBox = bar.parentElement;
  const text = document.getElementById("import-progress-text");
  const results = document.getElementById("import-results");
  const doneLink = document.getElementById("import-done-link");
  const t = JSON.parse(document.getElementById("import-upload-i18n").textContent);
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const badge = {
    imported: "text-bg-success",
    duplicate: "text-bg-warning",
    rejected: "text-bg-danger",
    queued: "text-bg-info",
  };

  function setProgress(done, total) {
    const percent = total ? Math.round((done * 100) / total) : 0;
    bar.style.width = percent + "%";
    bar.textContent = percent + "%";
    barBox.setAttribute("aria-valuenow", String(percent));
    text.textContent = t.progress.replace("%(done)s", done).replace("%(total)s", total);
  }

  function addResult(name, status, message, url) {
    const item = document.createElement("li");
    item.className = "list-group-item d-flex justify-content-between align-items-start gap-2";
    item.dataset.status = status;
    const body = document.createElement("div");
    const label = document.createElement("span");
    label.className = "badge me-2 " + (badge[status] || "text-bg-secondary");
    label.textContent = t[status] || status;
    body.appendChild(label);
    body.appendChild(document.createTextNode(message || name));
    item.appendChild(body);
    if (url) {
      const link = document.createElement("a");
      link.href = url;
      link.className = "btn btn-sm btn-outline-secondary";
      link.textContent = status === "queued" ? t.follow : t.review;
      item.appendChild(link);
    }
    results.appendChild(item);
  }

  form.addEventListener("submit", async function (event) {
    const files = Array.from(input.files || []);
    if (!files.length) return; // let the server say the field is required
    event.preventDefault();
    form.querySelector("button[type=submit]").disabled = true;
    area.classList.remove("d-none");
    results.replaceChildren();
    setProgress(0, files.length);
    for (let i = 0; i < files.length; i++) {
      const data = new FormData();
      data.append("file", files[i], files[i].name);
      try {
        const response = await fetch(form.dataset.fileUrl, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": csrf },
          credentials: "same-origin",
        });
        const payload = await response.json();
        addResult(files[i].name, payload.status, payload.message, payload.url);
      } catch (error) {
        addResult(files[i].name, "rejected", files[i].name + "：" + t.network, null);
      }
      setProgress(i + 1, files.length);
    }
    bar.classList.remove("progress-bar-animated");
    doneLink.classList.remove("d-none");
    form.querySelector("button[type=submit]").disabled = false;
    input.value = "";
  });
})();
