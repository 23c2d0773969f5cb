// Organisation picker: turns a <select multiple data-org-picker> into chips plus a search box that
// asks the server for matches as you type. The <select> stays the form's source of truth.
(function () {
  const script = document.getElementById("org-picker-script");
  if (!script) return;
  const pickUrl = script.dataset.pickUrl;

  function enhance(select) {
    const wrap = document.createElement("div");
    wrap.className = "org-picker";
    const chips = document.createElement("div");
    chips.className = "mb-1";
    const input = document.createElement("input");
    input.type = "search";
    input.className = "form-control";
    input.placeholder = script.dataset.placeholder || "…";
    input.setAttribute("aria-label", (select.labels[0] || {}).textContent || "search");
    input.dataset.pickerFor = select.name;
    const results = document.createElement("div");
    results.className = "list-group";
    results.setAttribute("role", "listbox");
    wrap.append(chips, input, results);
    select.after(wrap);
    select.classList.add("picker-enhanced");

    function renderChips() {
      chips.replaceChildren();
      for (const opt of select.selectedOptions) {
        const chip = document.createElement("span");
        chip.className = "badge text-bg-primary chip";
        chip.textContent = opt.textContent;
        chip.dataset.chipFor = select.name;
        const x = document.createElement("button");
        x.type = "button";
        x.className = "btn-close btn-close-white btn-sm";
        x.setAttribute("aria-label", (script.dataset.removeLabel || "Remove") + " " + opt.textContent);
        x.addEventListener("click", () => { opt.selected = false; renderChips(); });
        chip.append(x);
        chips.append(chip);
      }
    }

    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q) { results.replaceChildren(); return; }
        const resp = await fetch(pickUrl + "?q=" + encodeURIComponent(q), { headers: { "HX-Request": "true" } });
        results.innerHTML = await resp.text();  // server-rendered, escaped by Django templates
      }, 200);
    });
    results.addEventListener("click", (event) => {
      const btn = event.target.closest("[data-pick-id]");
      if (!btn) return;
      const opt = select.querySelector('option[value="' + CSS.escape(btn.dataset.pickId) + '"]');
      if (opt) opt.selected = true;
      input.value = "";
      results.replaceChildren();
      renderChips();
    });
    renderChips();
  }

  document.querySelectorAll("select[data-org-picker]").forEach(enhance);
})();
