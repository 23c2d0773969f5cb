// Behaviour shared by every page. Hooked through data-* attributes; the HTML works without it.

// A <form data-autosubmit> (the language switch) is sent when its select is changed with the mouse
// or a touch. A change made with the keyboard is not sent (arrow keys change a closed select at once:
// the first one would reload the page before the person reached their choice); Enter sends it, and
// the form's own button, hidden while this script runs, is shown for it.
(function () {
  let keyed = null;
  for (const apply of document.querySelectorAll("form[data-autosubmit] [data-autosubmit-apply]")) {
    apply.hidden = true;
  }
  document.addEventListener("keydown", (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.closest("form[data-autosubmit]")) return;
    if (event.key === "Enter") {
      event.preventDefault();
      select.form.submit();
    } else if (event.key !== "Tab" && event.key !== "Shift") {
      keyed = select;
    }
  }, true);
  document.addEventListener("pointerdown", () => { keyed = null; }, true);
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-autosubmit]");
    if (!form) return;
    if (keyed === event.target) {
      const apply = form.querySelector("[data-autosubmit-apply]");
      if (apply) apply.hidden = false;
      return;
    }
    form.submit();
  });
})();

// A create form is sent once: after the first submit its buttons are disabled and a second submit
// (double-click, Enter pressed twice) is dropped. The server's one-time key (kit/once.py) is what
// guarantees one record; this only spares the second request. Listening on window runs after any
// handler on the document that may cancel the submit (a confirmation).
window.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.querySelector("input[name=once_key]")) return;
  if (event.defaultPrevented) return;
  if (form.dataset.sending) {
    event.preventDefault();
    return;
  }
  form.dataset.sending = "1";
  // Disabled after this turn, so the button that was pressed is still sent with the form.
  setTimeout(() => {
    for (const button of form.querySelectorAll("button:not([type]), [type=submit]")) {
      if (button.disabled) continue;
      button.disabled = true;
      button.dataset.onceDisabled = "1";
    }
  }, 0);
});
// Coming back to the page (back button, page cache) gives a usable form again.
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-sending]")) {
    delete form.dataset.sending;
    for (const button of form.querySelectorAll("[data-once-disabled]")) {
      button.disabled = false;
      delete button.dataset.onceDisabled;
    }
  }
});

// A table wider than its box scrolls sideways: its scroll container becomes a named region that takes
// the keyboard focus (tabindex=0), so arrow keys scroll it (WCAG 2.1.1; axe's
// scrollable-region-focusable). Only containers that do scroll get the extra tab stop; a container
// the template already made focusable is left alone. The name is the table's caption, or the
// heading above it.
(function () {
  function headingBefore(el) {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev;
        const inner = prev.querySelector && prev.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner && !prev.querySelector("table")) return inner;
      }
    }
    return document.querySelector("main h1");
  }
  function nameOf(box) {
    const table = box.querySelector("table");
    const caption = table && table.caption;
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    const heading = headingBefore(box);
    return (heading && heading.textContent.trim()) || document.title;
  }
  function mark() {
    for (const box of document.querySelectorAll(".table-responsive")) {
      if (box.dataset.scrollTemplate === undefined) {
        box.dataset.scrollTemplate = box.hasAttribute("tabindex") ? "1" : "0";
      }
      if (box.dataset.scrollTemplate === "1") continue;
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", nameOf(box));
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  mark();
  let timer = null;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(mark, 150); });
  document.addEventListener("htmx:afterSettle", mark);
})();
