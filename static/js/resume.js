// After sign-in, a form the person sent while signed out is offered again (market/accounts/resume.py). When
// the step is safe to repeat (data-autosubmit), it is sent at once; otherwise the person presses the button.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
})();
