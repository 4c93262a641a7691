// The feature index: filters window.SAE_FEATURES (written by sae4j into features-data.js) by density and token,
// sorts by a column, and shows 100 rows at a time, so that a dictionary of 16 k features stays quick.
(function () {
  'use strict';
  var data = window.SAE_FEATURES || {rows: []};
  var PAGE = 100;
  var state = {sort: 2, desc: true, page: 0};
  var el = function (id) { return document.getElementById(id); };

  function matches(r, dmin, dmax, token, pagedOnly, dead) {
    if (r[2] === null) { return dead && !pagedOnly && token === '' && isNaN(dmin) && isNaN(dmax); }
    if (!isNaN(dmin) && r[2] < dmin) { return false; }
    if (!isNaN(dmax) && r[2] > dmax) { return false; }
    if (pagedOnly && !r[6]) { return false; }
    if (token !== '' && (r[3] + ' ' + r[5]).toLowerCase().indexOf(token) < 0) { return false; }
    return true;
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }

  function render() {
    var dmin = parseFloat(el('dmin').value);
    var dmax = parseFloat(el('dmax').value);
    var token = el('token').value.trim().toLowerCase();
    var rows = data.rows.filter(function (r) {
      return matches(r, dmin, dmax, token, el('paged').checked, el('dead').checked);
    });
    var c = state.sort;
    rows.sort(function (a, b) {
      var x = a[c] === null ? -Infinity : a[c];
      var y = b[c] === null ? -Infinity : b[c];
      return (x < y ? -1 : x > y ? 1 : a[0] - b[0]) * (state.desc ? -1 : 1);
    });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var body = el('rows');
    body.textContent = '';
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (r) {
      var tr = document.createElement('tr');
      var id = cell(tr, '');
      if (r[6]) {
        var a = document.createElement('a');
        a.href = 'features/f' + r[0] + '.html';
        a.textContent = r[0];
        id.appendChild(a);
      } else {
        id.textContent = r[0];
      }
      cell(tr, r[2] === null ? 'dead' : r[2].toFixed(2), 'num');
      cell(tr, String(r[1]), 'num');
      cell(tr, r[3]);
      cell(tr, r[4] === null ? '' : r[4].toFixed(3), 'num');
      cell(tr, r[5]);
      body.appendChild(tr);
    });
    el('count').textContent = rows.length + ' of ' + data.rows.length + ' features match';
    el('page').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
  }

  ['dmin', 'dmax', 'token', 'paged', 'dead'].forEach(function (id) {
    el(id).addEventListener('input', function () { state.page = 0; render(); });
  });
  el('prev').addEventListener('click', function () { state.page = Math.max(0, state.page - 1); render(); });
  el('next').addEventListener('click', function () { state.page += 1; render(); });
  Array.prototype.forEach.call(document.querySelectorAll('th[data-col]'), function (th) {
    th.addEventListener('click', function () {
      var col = parseInt(th.getAttribute('data-col'), 10);
      state.desc = state.sort === col ? !state.desc : true;
      state.sort = col;
      render();
    });
  });
  render();
}());
