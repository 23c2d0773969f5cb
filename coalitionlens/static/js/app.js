// Behaviour shared by every page. Hooked through data-* attributes; the HTML works without it.
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-autosubmit]");
  if (form) form.submit();
});
