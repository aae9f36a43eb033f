// The demo's sign-in page: "Use" fills in a demo account's username and password.
(function () {
  "use strict";
  document.querySelectorAll(".use-account").forEach(function (button) {
    button.addEventListener("click", function () {
      document.getElementById("username").value = button.dataset.username;
      document.getElementById("password").value = button.dataset.password;
      document.getElementById("password").form.querySelector("button[type=submit]").focus();
    });
  });
})();
