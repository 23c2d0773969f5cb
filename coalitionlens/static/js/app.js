// Behaviour shared by every page. Hooked through data-* attributes; the HTML works without it.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form) form.submit();
});

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

// A button with data-copy="<selector>" copies that field's value (a secret shown once).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  if (navigator.clipboard) navigator.clipboard.writeText(field.value);
});
