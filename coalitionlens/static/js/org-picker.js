// Organisation picker: turns a <select multiple data-org-picker> into chips plus a search box that
// asks the server for matches as you type. The <select> stays the form's source of truth.
// The search box follows the WAI-ARIA combobox pattern (list autocomplete): the input has
// role=combobox, aria-expanded, aria-controls and aria-activedescendant; the matches are role=option
// items of a named listbox. Down/Up move the highlight, Enter picks the highlighted option (and never
// submits the form), Escape closes the list (or clears the box when it is already closed).
(function () {
  const script = document.getElementById("org-picker-script");
  if (!script) return;
  const pickUrl = script.dataset.pickUrl;
  let serial = 0;

  function enhance(select) {
    serial += 1;
    const listId = "org-picker-list-" + serial;
    const label = ((select.labels[0] || {}).textContent || "").replace("*", "").trim() || "search";
    const wrap = document.createElement("div");
    wrap.className = "org-picker position-relative";
    const chips = document.createElement("div");
    chips.className = "mb-1";
    const input = document.createElement("input");
    input.type = "text";
    input.className = "form-control";
    input.placeholder = script.dataset.placeholder || "…";
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-label", label);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.dataset.pickerFor = select.name;
    const results = document.createElement("ul");
    results.id = listId;
    results.className = "list-group org-picker-list";
    results.setAttribute("role", "listbox");
    results.setAttribute("aria-label", (script.dataset.listLabel || "Matches") + ": " + label);
    results.hidden = true;
    wrap.append(chips, input, results);
    select.after(wrap);
    select.classList.add("picker-enhanced");
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;

    function options() {
      return Array.from(results.querySelectorAll("[role=option][data-pick-id]"));
    }
    function setOpen(open) {
      results.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) highlight(null);
    }
    function highlight(opt) {
      for (const o of options()) {
        o.classList.toggle("active", o === opt);
        o.setAttribute("aria-selected", o === opt ? "true" : "false");
      }
      if (opt) {
        input.setAttribute("aria-activedescendant", opt.id);
        opt.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function current() {
      return results.querySelector("[role=option].active");
    }
    function choose(item) {
      const opt = select.querySelector('option[value="' + CSS.escape(item.dataset.pickId) + '"]');
      if (opt) opt.selected = true;
      input.value = "";
      results.replaceChildren();
      setOpen(false);
      renderChips();
      input.focus();
    }

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
        x.addEventListener("click", () => { opt.selected = false; renderChips(); input.focus(); });
        chip.append(x);
        chips.append(chip);
      }
    }

    let timer = null;
    let asked = 0;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (!q) { results.replaceChildren(); setOpen(false); return; }
        const ticket = ++asked;
        const resp = await fetch(pickUrl + "?q=" + encodeURIComponent(q), { headers: { "HX-Request": "true" } });
        const html = await resp.text();
        if (ticket !== asked) return;  // an older answer arriving late
        results.innerHTML = html;  // server-rendered, escaped by Django templates
        options().forEach((o, i) => { o.id = listId + "-" + i; });
        setOpen(results.children.length > 0);
      }, 200);
    });
    input.addEventListener("keydown", (event) => {
      const opts = options();
      const at = opts.indexOf(current());
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!opts.length) return;
        event.preventDefault();
        setOpen(true);
        const step = event.key === "ArrowDown" ? 1 : -1;
        const next = at < 0 ? (step > 0 ? 0 : opts.length - 1) : (at + step + opts.length) % opts.length;
        highlight(opts[next]);
      } else if (event.key === "Enter") {
        // Enter inside the picker never submits the form.
        event.preventDefault();
        if (!results.hidden && at >= 0) choose(opts[at]);
      } else if (event.key === "Escape") {
        if (!results.hidden) {
          event.preventDefault();
          setOpen(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      }
    });
    input.addEventListener("blur", () => {
      // Later than a click on an option, which chooses it first.
      setTimeout(() => { if (document.activeElement !== input) setOpen(false); }, 150);
    });
    results.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus
    results.addEventListener("click", (event) => {
      const item = event.target.closest("[data-pick-id]");
      if (item) choose(item);
    });
    renderChips();
  }

  document.querySelectorAll("select[data-org-picker]").forEach(enhance);
})();
