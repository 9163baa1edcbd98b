// Show only the parts of the question form that the chosen kind of answer uses. Without
// this script every part shows, and the server ignores what the kind does not use.
(function () {
  function update(form) {
    var kind = form.querySelector('[name="kind"]');
    if (!kind) return;
    form.querySelectorAll("[data-kinds]").forEach(function (part) {
      part.hidden = part.dataset.kinds.split(" ").indexOf(kind.value) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-question-form]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "kind") update(form);
      });
    });
  });
})();
