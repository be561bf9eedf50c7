// The booking page's time zone picker, filled in from the browser: a candidate who has not
// chosen a zone yet sees the times in their own at once. Only when the page was not asked for
// a zone (the form carries data-guess-zone) and the browser's zone is one of the options;
// without this script the times show in the interview's zone and the picker still works.
(function () {
  "use strict";
  var form = document.querySelector("form[data-guess-zone]");
  if (!form || !window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var select = form.querySelector("select[name=tz]");
  if (!zone || !select || select.value === zone) return;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) {
      select.value = zone;
      form.submit();
      return;
    }
  }
})();
