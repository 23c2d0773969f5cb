// Copy buttons for what is shown once (invitation links, recovery codes, an authenticator secret).
// A button <button type="button" data-copy="#target" data-copied-label="Copied" hidden> copies the
// target's value (an input) or its text (any other element, one line per <li>), says so in its label
// and in the page's polite status region, and is shown only when this script runs (no inline script:
// the content security policy allows none).
(function () {
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.append(status);

  function textOf(target) {
    if ("value" in target && typeof target.value === "string") return target.value;
    const items = target.querySelectorAll("li");
    if (items.length) return Array.from(items, (li) => li.textContent.trim()).join("\n");
    return target.textContent.trim();
  }

  async function copy(text, target) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      console.warn("copy-links: " + e);
      // No clipboard API (an insecure context): select the text for the person's own Ctrl+C.
      if (target && typeof target.select === "function") { target.focus(); target.select(); }
      return false;
    }
  }

  for (const button of document.querySelectorAll("button[data-copy]")) {
    const target = document.querySelector(button.dataset.copy);
    if (!target) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const done = await copy(textOf(target), target);
      if (!done) return;
      button.textContent = button.dataset.copiedLabel || "✓";
      button.dataset.copied = "1";
      status.textContent = button.dataset.copiedLabel || "";
      setTimeout(() => { button.textContent = label; delete button.dataset.copied; }, 2500);
    });
  }
})();
