// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target) {
    target.insertAdjacentHTML(
      "afterbegin",
      '<p class="message message-error" role="alert">Something went wrong. Please try again.</p>'
    );
  }
});
