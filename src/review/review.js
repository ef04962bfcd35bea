// Sverka review page: the aligned pairs of one document pair (or of a
// memory), checked and corrected by keyboard. Everything the page needs is
// in this file and the JSON in #sverka-data; it makes no network request.
//
// Data (written by src/review.cc):
//   source, target: [[text, [[start, end, kind, key], ...]], ...] the
//     sentences with their anchor tokens (kind: n number, m month, w word or
//     name; offsets in UTF-16 code units, as JavaScript counts).
//   rows: [{s: [sentence indices], t: [...], c: confidence, b: bead type,
//     id: memory unit id (memory pages), os/ot: the stored texts when they
//     are not the sentences joined by a space}].
//
// Rows are never changed in place: every edit builds new row objects, so a
// snapshot for undo is a shallow copy of the array.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('sverka-data').textContent);
  const source = data.source;
  const target = data.target;
  const originals = data.rows;
  const PAGE_SIZE = 100;
  const HISTORY_LIMIT = 500;

  // Which original row each sentence came from: a row's originals are
  // always derived from its sentences, whatever edits brought them there.
  const sourceOrigin = new Int32Array(source.length).fill(-1);
  const targetOrigin = new Int32Array(target.length).fill(-1);
  originals.forEach(function (row, k) {
    row.s.forEach(function (i) { sourceOrigin[i] = k; });
    row.t.forEach(function (i) { targetOrigin[i] = k; });
  });

  let rows = originals.map(function (row) {
    return { s: row.s.slice(), t: row.t.slice(), st: '' };
  });
  let current = 0;     // index into rows
  let side = 0;        // 0 source, 1 target
  let chosen = 0;      // sentence within the current cell
  let view = [];       // indices into rows that pass the filters
  let pinned = new Set();  // rows edited since the filters last changed
  const history = [];

  const $ = function (id) { return document.getElementById(id); };
  const grid = $('grid');
  const rowsBox = $('rows');
  const statusBox = $('status');
  const threshold = $('filter-threshold');
  threshold.value = String(data.threshold);
  $('source-heading').textContent = 'source (' + data.source_language + ')';
  $('target-heading').textContent = 'target (' + data.target_language + ')';

  // ---- rows and what they are -------------------------------------------

  function cellOf(row, which) { return which === 0 ? row.s : row.t; }
  function sentences(which) { return which === 0 ? source : target; }
  function join(list, which) {
    const texts = sentences(which);
    return list.map(function (i) { return texts[i][0]; }).join(' ');
  }
  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; ++i) if (a[i] !== b[i]) return false;
    return true;
  }
  // The original rows whose sentences this row holds, ascending.
  function originsOf(row) {
    const set = new Set();
    row.s.forEach(function (i) { set.add(sourceOrigin[i]); });
    row.t.forEach(function (i) { set.add(targetOrigin[i]); });
    return Array.from(set).sort(function (a, b) { return a - b; });
  }
  // The original row this row still is, or -1 when edits changed it.
  function unchangedOriginal(row) {
    if (row.k !== undefined) return row.k;
    const o = originsOf(row);
    let k = -1;
    if (o.length === 1 && sameList(row.s, originals[o[0]].s) &&
        sameList(row.t, originals[o[0]].t)) {
      k = o[0];
    }
    row.k = k;  // cache: a row object's sentences never change
    return k;
  }
  function confidenceOf(row) {
    const k = unchangedOriginal(row);
    return k < 0 ? null : originals[k].c;
  }
  function beadOf(row) { return row.s.length + '-' + row.t.length; }
  function lowerText(row) {
    if (row.lc === undefined) {
      row.lc = (join(row.s, 0) + '\n' + join(row.t, 1)).toLowerCase();
    }
    return row.lc;
  }

  // ---- filters ----------------------------------------------------------

  function passes(row) {
    if ($('filter-low').checked) {
      const c = confidenceOf(row);
      const limit = parseFloat(threshold.value);
      if (c !== null && !isNaN(limit) && c >= limit) return false;
    }
    if ($('filter-non11').checked && beadOf(row) === '1-1') return false;
    if ($('filter-undecided').checked &&
        (row.st !== '' || unchangedOriginal(row) < 0)) {
      return false;
    }
    const text = $('filter-text').value.trim().toLowerCase();
    if (text !== '' && lowerText(row).indexOf(text) < 0) return false;
    return true;
  }

  function computeView() {
    view = [];
    for (let i = 0; i < rows.length; ++i) {
      if (passes(rows[i]) || pinned.has(rows[i])) view.push(i);
    }
    if (view.length > 0 && view.indexOf(current) < 0) {
      // The nearest row at or after the current one that passes.
      let pos = view.findIndex(function (i) { return i >= current; });
      if (pos < 0) pos = view.length - 1;
      current = view[pos];
      chosen = 0;
    }
  }

  function filtersChanged() {
    pinned = new Set();
    computeView();
    render();
  }

  // ---- anchors ----------------------------------------------------------

  function levenshtein(a, b) {
    if (Math.abs(a.length - b.length) > 3) return 99;
    let prev = [];
    for (let j = 0; j <= b.length; ++j) prev.push(j);
    for (let i = 1; i <= a.length; ++i) {
      const next = [i];
      for (let j = 1; j <= b.length; ++j) {
        next.push(Math.min(prev[j] + 1, next[j - 1] + 1,
                           prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      prev = next;
    }
    return prev[b.length];
  }
  function similarWords(a, b) {
    if (a === b) return true;
    const shorter = Math.min(a.length, b.length);
    if (shorter < 4) return false;
    return levenshtein(a, b) <= Math.max(1, Math.floor(shorter / 4));
  }
  // The keys that occur on both sides of a row: numbers and months exactly,
  // words and names also when spelt a little differently across scripts.
  function sharedKeys(row) {
    if (row.sk !== undefined) return row.sk;
    const left = [], right = [];
    row.s.forEach(function (i) { left.push.apply(left, source[i][1]); });
    row.t.forEach(function (i) { right.push.apply(right, target[i][1]); });
    const shared = new Set();
    left.forEach(function (a) {
      right.forEach(function (b) {
        if (a[2] !== b[2]) return;
        const match = a[2] === 'w' ? similarWords(a[3], b[3]) : a[3] === b[3];
        if (match) {
          shared.add(a[2] + ':' + a[3]);
          shared.add(b[2] + ':' + b[3]);
        }
      });
    });
    row.sk = shared;  // a row object's sentences never change
    return shared;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }
  const KIND_NAMES = { n: 'number', m: 'date', w: 'same word or name' };
  function sentenceHtml(entry, shared) {
    const text = entry[0];
    let html = '', at = 0;
    entry[1].forEach(function (a) {
      if (!shared.has(a[2] + ':' + a[3]) || a[0] < at) return;
      html += escapeHtml(text.slice(at, a[0])) + '<mark class="a-' + a[2] +
              '" title="anchor: ' + KIND_NAMES[a[2]] + '">' +
              escapeHtml(text.slice(a[0], a[1])) + '</mark>';
      at = a[1];
    });
    return html + escapeHtml(text.slice(at));
  }

  // ---- rendering --------------------------------------------------------

  function confidenceClass(c) {
    if (c === null) return 'none';
    const limit = parseFloat(threshold.value);
    if (c >= (isNaN(limit) ? 0.9 : limit)) return 'high';
    return c >= 0.5 ? 'mid' : 'low';
  }

  function cellHtml(row, which, isCurrent, shared) {
    const list = cellOf(row, which);
    const active = isCurrent && side === which;
    let html = '<div role="gridcell" class="cell' + (list.length ? '' : ' empty') +
               (active ? ' side-active' : '') + '" data-side="' + which + '"' +
               (which === 0 ? ' lang="' + escapeHtml(data.source_language) + '"'
                            : ' lang="' + escapeHtml(data.target_language) + '"') +
               '>';
    list.forEach(function (i, n) {
      html += '<span class="sent' + (active && n === chosen ? ' chosen' : '') +
              '" data-n="' + n + '">' +
              sentenceHtml(sentences(which)[i], shared) + '</span>';
    });
    return html + '</div>';
  }

  function rowHtml(index) {
    const row = rows[index];
    const c = confidenceOf(row);
    const edited = unchangedOriginal(row) < 0;
    const bead = beadOf(row);
    const isCurrent = index === current;
    const decision = row.st === 'wrong' ? 'wrong'
                   : row.st === 'confirmed' ? 'confirmed'
                   : edited ? 'edited' : '';
    const shared = sharedKeys(row);
    return '<div role="row" class="row' + (isCurrent ? ' current' : '') +
           (row.st ? ' ' + row.st : '') + (edited ? ' edited' : '') +
           '" id="row-' + index + '" data-index="' + index + '"' +
           (isCurrent ? ' aria-selected="true"' : '') + '>' +
           '<span role="rowheader" class="num">' + (index + 1) + '</span>' +
           '<span role="gridcell" class="conf ' + confidenceClass(c) +
           '" title="aligner confidence">' +
           (c === null ? '—' : c.toFixed(2)) + '</span>' +
           '<span role="gridcell" class="bead' + (bead === '1-1' ? '' : ' odd') +
           '">' + bead + '</span>' +
           cellHtml(row, 0, isCurrent, shared) +
           cellHtml(row, 1, isCurrent, shared) +
           '<span role="gridcell" class="decision">' + decision + '</span></div>';
  }

  let shownPage = -1;  // the page now in the DOM, -1 after a change

  // Moves the highlight from row `previous` to the current row without
  // rebuilding the page, when both are on it; otherwise renders the page.
  function renderCursor(previous) {
    const pos = Math.max(0, view.indexOf(current));
    if (Math.floor(pos / PAGE_SIZE) !== shownPage) { render(); return; }
    [previous, current].forEach(function (index) {
      const element = $('row-' + index);
      if (element) element.outerHTML = rowHtml(index);
    });
    showCurrent();
  }

  function showCurrent() {
    const element = $('row-' + current);
    if (element) {
      grid.setAttribute('aria-activedescendant', element.id);
      element.scrollIntoView({ block: 'nearest' });
    }
  }

  function render() {
    const pos = Math.max(0, view.indexOf(current));
    const page = Math.floor(pos / PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(view.length / PAGE_SIZE));
    const slice = view.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
    rowsBox.innerHTML = slice.length
        ? slice.map(rowHtml).join('')
        : '<p class="nothing">No pair passes the filters.</p>';
    $('page-info').textContent = 'page ' + (page + 1) + ' of ' + pages +
        ' · rows ' + (slice.length ? page * PAGE_SIZE + 1 : 0) + '–' +
        (page * PAGE_SIZE + slice.length) + ' of ' + view.length + ' shown';
    $('prev-page').disabled = page === 0;
    $('next-page').disabled = page + 1 >= pages;
    shownPage = page;
    showCurrent();
    renderSummary();
  }

  function renderSummary() {
    let confirmed = 0, wrong = 0, edited = 0, below = 0, odd = 0;
    const limit = parseFloat(threshold.value);
    rows.forEach(function (row) {
      if (row.st === 'confirmed') ++confirmed;
      if (row.st === 'wrong') ++wrong;
      const c = confidenceOf(row);
      if (c === null) ++edited;
      else if (c < limit) ++below;
      if (beadOf(row) !== '1-1') ++odd;
    });
    $('summary').textContent = rows.length + ' rows (' + originals.length +
        ' as aligned) · ' + below + ' below ' + threshold.value + ' · ' + odd +
        ' not 1-1 · confirmed ' + confirmed + ', wrong ' + wrong +
        ', edited ' + edited;
  }

  function say(message) { statusBox.textContent = message; }

  // ---- moving around ----------------------------------------------------

  function clampChosen() {
    const n = cellOf(rows[current], side).length;
    chosen = Math.max(0, Math.min(chosen, n - 1));
  }
  function moveBy(delta) {
    if (view.length === 0) return;
    let pos = view.indexOf(current);
    pos = Math.max(0, Math.min(view.length - 1, pos + delta));
    const previous = current;
    if (view[pos] !== current) { current = view[pos]; chosen = 0; }
    renderCursor(previous);
  }
  function moveToPosition(pos) {
    if (view.length === 0) return;
    const previous = current;
    current = view[Math.max(0, Math.min(view.length - 1, pos))];
    chosen = 0;
    renderCursor(previous);
  }
  function pageBy(delta) {
    const pos = view.indexOf(current);
    const page = Math.floor(pos / PAGE_SIZE) + delta;
    if (page < 0 || page * PAGE_SIZE >= view.length) return;
    moveToPosition(page * PAGE_SIZE);
  }
  function chooseSide(which) {
    side = which;
    chosen = 0;
    renderCursor(current);
  }
  function chooseSentence(delta) {
    const n = cellOf(rows[current], side).length;
    if (n === 0) { say('this cell is empty'); return; }
    chosen = (chosen + delta + n) % n;
    renderCursor(current);
  }

  // ---- edits ------------------------------------------------------------

  function remember() {
    history.push({ rows: rows.slice(), current: current, side: side,
                   chosen: chosen });
    if (history.length > HISTORY_LIMIT) history.shift();
  }
  function commit(newRows, message) {
    rows = newRows;
    rows.forEach(function (row) { if (row.fresh) { delete row.fresh; pinned.add(row); } });
    current = Math.max(0, Math.min(current, rows.length - 1));
    clampChosen();
    computeView();
    render();
    say(message);
  }
  function makeRow(s, t) { return { s: s, t: t, st: '', fresh: true }; }
  function withStatus(row, st) {
    return { s: row.s, t: row.t, st: st, k: row.k, sk: row.sk, fresh: true };
  }

  function toggleStatus(st) {
    if (view.length === 0) return;
    remember();
    const row = rows[current];
    const next = rows.slice();
    const value = row.st === st ? '' : st;
    next[current] = withStatus(row, value);
    commit(next, 'row ' + (current + 1) + ': ' +
                     (value === '' ? 'decision cleared' : 'marked ' + value));
  }

  function merge() {
    if (current + 1 >= rows.length) { say('the last row has no next row'); return; }
    remember();
    const a = rows[current], b = rows[current + 1];
    const next = rows.slice();
    next.splice(current, 2, makeRow(a.s.concat(b.s), a.t.concat(b.t)));
    commit(next, 'merged rows ' + (current + 1) + ' and ' + (current + 2));
  }

  function split() {
    const row = rows[current];
    const list = cellOf(row, side);
    if (list.length < 2) {
      say('only a cell with two or more sentences can be split');
      return;
    }
    remember();
    const cut = chosen > 0 ? chosen : 1;
    const top = side === 0 ? makeRow(list.slice(0, cut), row.t)
                           : makeRow(row.s, list.slice(0, cut));
    const bottom = side === 0 ? makeRow(list.slice(cut), [])
                              : makeRow([], list.slice(cut));
    const next = rows.slice();
    next.splice(current, 1, top, bottom);
    chosen = 0;
    commit(next, 'row ' + (current + 1) + ' split: ' + (list.length - cut) +
                     ' sentence(s) moved to a new row below');
  }

  // Moves the chosen sentence to the row above (up) or below (down). Only
  // the first sentence of a cell can go up and only the last can go down,
  // so the sentences stay in document order.
  function moveSentence(up) {
    const row = rows[current];
    const list = cellOf(row, side);
    if (list.length === 0) { say('this cell is empty'); return; }
    const neighbour = current + (up ? -1 : 1);
    if (neighbour < 0 || neighbour >= rows.length) {
      say(up ? 'the first row has no row above' : 'the last row has no row below');
      return;
    }
    if (up ? chosen !== 0 : chosen !== list.length - 1) {
      say(up ? 'only the first sentence of a cell can move up ([ to choose it)'
             : 'only the last sentence of a cell can move down (] to choose it)');
      return;
    }
    remember();
    const sentence = list[chosen];
    const rest = up ? list.slice(1) : list.slice(0, -1);
    const other = rows[neighbour];
    const otherList = cellOf(other, side);
    const grown = up ? otherList.concat([sentence]) : [sentence].concat(otherList);
    const changedRow = side === 0 ? makeRow(rest, row.t) : makeRow(row.s, rest);
    const changedOther = side === 0 ? makeRow(grown, other.t) : makeRow(other.s, grown);
    const next = rows.slice();
    next[current] = changedRow;
    next[neighbour] = changedOther;
    let message = 'sentence moved to row ' + (neighbour + 1);
    if (changedRow.s.length === 0 && changedRow.t.length === 0) {
      next.splice(current, 1);
      if (up) current = neighbour;
      message += '; the emptied row is gone';
    }
    chosen = Math.max(0, up ? 0 : rest.length - 1);
    commit(next, message);
  }

  function undo() {
    const last = history.pop();
    if (!last) { say('nothing to undo'); return; }
    rows = last.rows;
    current = last.current;
    side = last.side;
    chosen = last.chosen;
    computeView();
    render();
    say('undone');
  }

  // ---- export -----------------------------------------------------------

  function originalText(k, which) {
    const row = originals[k];
    const stored = which === 0 ? row.os : row.ot;
    return stored !== undefined ? stored : join(cellOf(row, which), which);
  }

  function decisions() {
    const out = [];
    rows.forEach(function (row) {
      const k = unchangedOriginal(row);
      if (k >= 0 && row.st === '') return;
      const action = row.st === 'wrong' ? 'reject' : k < 0 ? 'replace' : 'confirm';
      out.push({
        action: action,
        originals: originsOf(row).map(function (o) {
          return { id: originals[o].id || 0, source: originalText(o, 0),
                   target: originalText(o, 1) };
        }),
        source: join(row.s, 0),
        target: join(row.t, 1),
        bead: beadOf(row),
        confirmed: row.st === 'confirmed'
      });
    });
    return {
      format: 'sverka-review-decisions',
      version: 1,
      source_language: data.source_language,
      target_language: data.target_language,
      origin: data.origin,
      origin_hash: data.origin_hash,
      decisions: out
    };
  }

  function exportDecisions() {
    const json = JSON.stringify(decisions(), null, 1);
    const text = $('export-text');
    text.value = json;
    $('export-name').textContent = data.export_name;
    $('export').hidden = false;
    try {
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = data.export_name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    } catch (e) {
      say('download refused; copy the text in the box');
    }
    text.focus();
    text.select();
    say(decisions().decisions.length + ' decisions exported');
  }

  function closePanels() {
    $('export').hidden = true;
    $('help').hidden = true;
    $('help-button').setAttribute('aria-expanded', 'false');
    grid.focus();
  }
  function toggleHelp() {
    const help = $('help');
    help.hidden = !help.hidden;
    $('help-button').setAttribute('aria-expanded', String(!help.hidden));
    grid.focus();
  }

  // ---- input ------------------------------------------------------------

  const keys = {
    j: function () { moveBy(1); },
    ArrowDown: function () { moveBy(1); },
    k: function () { moveBy(-1); },
    ArrowUp: function () { moveBy(-1); },
    h: function () { chooseSide(0); },
    ArrowLeft: function () { chooseSide(0); },
    l: function () { chooseSide(1); },
    ArrowRight: function () { chooseSide(1); },
    '[': function () { chooseSentence(-1); },
    ']': function () { chooseSentence(1); },
    c: function () { toggleStatus('confirmed'); },
    w: function () { toggleStatus('wrong'); },
    m: merge,
    s: split,
    u: function () { moveSentence(true); },
    d: function () { moveSentence(false); },
    z: undo,
    n: function () { pageBy(1); },
    PageDown: function () { pageBy(1); },
    p: function () { pageBy(-1); },
    PageUp: function () { pageBy(-1); },
    g: function () { moveToPosition(0); },
    Home: function () { moveToPosition(0); },
    G: function () { moveToPosition(view.length - 1); },
    End: function () { moveToPosition(view.length - 1); },
    '/': function () { $('filter-text').focus(); },
    e: exportDecisions,
    '?': toggleHelp,
    Escape: closePanels
  };

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target && (target.tagName === 'INPUT' ||
                              target.tagName === 'TEXTAREA');
    if (typing) {
      if (event.key === 'Escape' || (event.key === 'Enter' &&
                                     target.id === 'filter-text')) {
        event.preventDefault();
        closePanels();
      }
      return;
    }
    if (target && target.tagName === 'BUTTON' &&
        (event.key === 'Enter' || event.key === ' ')) {
      return;
    }
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  rowsBox.addEventListener('click', function (event) {
    const rowElement = event.target.closest('.row');
    if (!rowElement) return;
    const previous = current;
    current = Number(rowElement.dataset.index);
    const cell = event.target.closest('.cell');
    if (cell) side = Number(cell.dataset.side);
    const sentence = event.target.closest('.sent');
    chosen = sentence ? Number(sentence.dataset.n) : 0;
    renderCursor(previous);
    grid.focus();
  });

  ['filter-low', 'filter-non11', 'filter-undecided'].forEach(function (id) {
    $(id).addEventListener('change', filtersChanged);
  });
  threshold.addEventListener('input', filtersChanged);
  $('filter-text').addEventListener('input', filtersChanged);
  $('export-button').addEventListener('click', exportDecisions);
  $('export-close').addEventListener('click', closePanels);
  $('help-button').addEventListener('click', toggleHelp);
  $('prev-page').addEventListener('click', function () { pageBy(-1); grid.focus(); });
  $('next-page').addEventListener('click', function () { pageBy(1); grid.focus(); });

  // For tests and for the curious: the page's state, read-only.
  window.sverkaReview = {
    rows: function () {
      return rows.map(function (row) {
        return { source: join(row.s, 0), target: join(row.t, 1),
                 bead: beadOf(row), confidence: confidenceOf(row),
                 decision: row.st };
      });
    },
    current: function () { return current; },
    visible: function () { return view.length; },
    decisions: decisions
  };

  computeView();
  render();
  grid.focus();
  say('j/k move, c confirm, w wrong, m merge, s split, u/d move a sentence, ' +
      'e export, ? all keys');
})();
