/**
 * The admin's only script, served by the router (no build step, no CDN). Progressive
 * enhancement: every page works without it. It never writes HTML strings: options are
 * created with DOM APIs, so suggestion text cannot become markup.
 */
export const ADMIN_JS = `'use strict';
(function () {
  // Person pickers: fill the <datalist> from the autocomplete endpoint as the user types.
  function picker(input) {
    var list = document.getElementById(input.getAttribute('list'));
    var source = input.getAttribute('data-autocomplete');
    if (!list || !source) return;
    var timer = 0;
    var seq = 0;
    function load() {
      var q = input.value.trim();
      if (/^\\d+ — /.test(q)) return; // a suggestion was picked
      var mine = ++seq;
      fetch(source + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== seq) return; // a newer request is on its way
          while (list.firstChild) list.removeChild(list.firstChild);
          (data.results || []).forEach(function (p) {
            var option = document.createElement('option');
            option.value = p.label;
            list.appendChild(option);
          });
          list.setAttribute('data-loaded', String(mine));
        })
        .catch(function () {});
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    input.addEventListener('focus', function () {
      if (!list.firstChild) load();
    });
  }

  // "Select all" on the ticket list.
  function selectAll(box) {
    var name = box.getAttribute('data-select-all');
    box.addEventListener('change', function () {
      var boxes = box.form ? box.form.querySelectorAll('input[type=checkbox][name="' + name + '"]') : [];
      Array.prototype.forEach.call(boxes, function (b) { b.checked = box.checked; });
    });
  }

  // Bulk action bar: show only the input the chosen action needs.
  function bulk(select) {
    var form = select.form;
    function sync() {
      var a = select.value;
      var assignee = form.querySelector('#bulk-assignee');
      var status = form.querySelector('#bulk-status');
      if (assignee) assignee.closest('.field').hidden = a !== 'assign';
      if (status) status.closest('.field').hidden = a !== 'change_status';
    }
    select.addEventListener('change', sync);
    sync();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll('input[data-autocomplete]'), picker);
    Array.prototype.forEach.call(document.querySelectorAll('input[data-select-all]'), selectAll);
    var action = document.getElementById('bulk-action');
    if (action) bulk(action);
    Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;
