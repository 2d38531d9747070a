// The OAuth callback page: hand the verification code to Teams (the sign-in popup closes), or show it for typing
// when the page is not inside a Teams popup. Served by the bot so the page's CSP allows scripts from itself only.
(function () {
  const fallback = document.getElementById("fallback");
  const code = document.getElementById("code");
  if (!fallback || !code) return;
  const showCode = () => { fallback.hidden = false; };
  setTimeout(showCode, 3000);
  if (window.microsoftTeams) {
    window.microsoftTeams.app.initialize()
      .then(() => window.microsoftTeams.authentication.notifySuccess(code.textContent.trim()))
      .catch(showCode);
  } else {
    showCode();
  }
})();
