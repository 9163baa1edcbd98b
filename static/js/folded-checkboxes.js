// Keep each fold's "N of M chosen" current while boxes are ticked; the page works without it.
if (!window.ccFoldedCheckboxes) {
  window.ccFoldedCheckboxes = true;
  document.addEventListener("change", (event) => {
    const fold = event.target.closest && event.target.closest("[data-fold]");
    const count = fold && fold.querySelector("[data-chosen]");
    if (count) count.textContent = fold.querySelectorAll("input:checked").length;
  });
}
