// Applies the chosen theme before the first paint (a classic script in <head>, not a module, so it
// runs before the body is drawn): 'light' or 'dark' as chosen in Settings, else the system's. The
// choice lives in localStorage ('parley.theme'); views/themeChoice.js changes it.
(function () {
  var KEY = 'parley.theme';
  var dark = window.matchMedia('(prefers-color-scheme: dark)');
  function apply() {
    var chosen = null;
    try { chosen = localStorage.getItem(KEY); } catch (e) { /* storage off: follow the system */ }
    var theme = chosen === 'light' || chosen === 'dark' ? chosen : (dark.matches ? 'dark' : 'light');
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.themeChoice = chosen === 'light' || chosen === 'dark' ? chosen : 'system';
    var meta = document.querySelector('meta[name="theme-color"]');
    if (meta) meta.content = theme === 'dark' ? '#1a1e24' : '#2256c9';
  }
  apply();
  dark.addEventListener('change', apply);
  window.addEventListener('storage', function (e) { if (e.key === KEY) apply(); });
  window.parleyTheme = { apply: apply, key: KEY };
}());
