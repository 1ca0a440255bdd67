/*
 * The grid editor of the annual report's tables (wagtail-govdisclosure).
 *
 * Each table is one block whose value is {row: {column: text}}. This script draws
 * its printed grid from the layout the server sends once per table as data
 * (blockDef.meta.grid.layout, from formats/layout.py), one input per number, and
 * adds what makes the grid a form a clerk can fill: moving between cells with the keyboard, the expected sum beside each
 * total as they type, a mismatch marked at once with the rule's message, "fill
 * in the totals", "fill blank cells with 0", pasting a block copied from Excel or WPS (all or nothing), and
 * the publish gate's errors listed above the table and marked on their cells.
 *
 * Everything about the table comes from the server as data (blockDef.meta.grid):
 * cell names, rules with their messages, labels, translated strings. The server
 * stays the authority: it checks everything again when the report is published.
 */
(() => {
  'use strict';

  /* ---- Reading a cell: the same rules as formats/values.py read_cell ---- */

  // Sums are exact: numbers are BigInts scaled by 10^SCALE (amounts have at most 4 places).
  const SCALE = 6;
  const ONE = 10n ** BigInt(SCALE);
  const SEPARATORS = /(?<=\d)[,，](?=\d{3}(?:\D|$))/g;
  const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

  function normalise(text) {
    return String(text).normalize('NFKC').replace(/\s+/g, '').replace(SEPARATORS, '');
  }

  function labelKey(text) {
    return String(text).normalize('NFKC').replace(/\s+/g, '');
  }

  /** What ``raw`` means in a cell: {status, value} with value a scaled BigInt. */
  function readCell(raw, info, placeholders) {
    const text = normalise(raw);
    if (!text) return { status: 'blank', text };
    if (placeholders.has(text) || placeholders.has(String(raw).trim())) {
      return { status: 'placeholder', text };
    }
    if (!NUMBER.test(text)) return { status: 'not_a_number', text };
    const negative = text.startsWith('-');
    const unsigned = text.replace(/^[+-]/, '');
    const [whole, fraction = ''] = unsigned.split('.');
    const places = fraction.replace(/0+$/, '');
    const scaled =
      BigInt(whole || '0') * ONE + BigInt((places.slice(0, SCALE) || '0').padEnd(SCALE, '0'));
    const value = negative ? -scaled : scaled;
    if (value < 0n && info.kind !== 'signed_count') return { status: 'negative', text };
    if (info.kind === 'amount') {
      if (places.length > info.decimals) return { status: 'too_precise', text };
      return { status: 'number', value, text };
    }
    if (places.length > 0) return { status: 'fraction', text };
    return { status: 'number', value, text };
  }

  /** A scaled number as the form writes it: 12, 0.5. */
  function formatNumber(value) {
    const negative = value < 0n;
    const magnitude = negative ? -value : value;
    const whole = magnitude / ONE;
    const fraction = (magnitude % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) =>
      Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match,
    );
  }

  /* ---- A block pasted from a spreadsheet ---- */

  /** Tab-separated text as Excel and WPS copy it (quoted cells may hold tabs and newlines). */
  function parseClipboard(text) {
    const rows = [];
    let row = [];
    let cell = '';
    let quoted = false;
    const source = text.replace(/\r\n?/g, '\n');
    for (let i = 0; i < source.length; i += 1) {
      const char = source[i];
      if (quoted) {
        if (char === '"' && source[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (char === '"') {
          quoted = false;
        } else {
          cell += char;
        }
      } else if (char === '"' && cell === '') {
        quoted = true;
      } else if (char === '\t') {
        row.push(cell);
        cell = '';
      } else if (char === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
      } else {
        cell += char;
      }
    }
    if (cell !== '' || row.length) {
      row.push(cell);
      rows.push(row);
    }
    return rows;
  }

  /* ---- The page's error counts and the tab that opens ---- */

  let errorsTimer = null;

  /** Once the blocks have their errors: recount Wagtail's badges, open the first erring tab. */
  function afterErrorsChanged() {
    window.clearTimeout(errorsTimer);
    errorsTimer = window.setTimeout(() => {
      const app = window.wagtail && window.wagtail.app;
      document.querySelectorAll('[data-controller~="w-count"]').forEach((element) => {
        const counter = app && app.getControllerForElementAndIdentifier(element, 'w-count');
        if (counter) counter.count();
      });
      if (revealed) return;
      revealed = true;
      const first = document.querySelector(
        '[role="tabpanel"] :not([hidden]):is(.error-message, .help-critical)',
      );
      const panel = first && first.closest('[role="tabpanel"]');
      if (!panel || !panel.hidden) return;
      const trigger = document.querySelector(`[aria-controls="${panel.id}"], a[href="#${panel.id}"]`);
      if (trigger) trigger.click();
      first.scrollIntoView({ block: 'center' });
    }, 50);
  }
  let revealed = false;

  /* ---- The grid of one table block ---- */

  class GridEditor {
    constructor(root, data, block, initialError) {
      this.root = root;
      this.data = data;
      this.block = block;
      this.strings = data.strings;
      this.placeholders = new Set(data.placeholders);
      this.rowLabels = new Set(data.rowLabels);
      this.labels = new Set([...data.rowLabels, ...data.headerLabels]);
      this.refs = Object.keys(data.cells);

      // Each total → the parts of every rule computing it, in the declaration's order.
      this.totals = new Map();
      data.rules.forEach((rule) => {
        if (rule.total) {
          if (!this.totals.has(rule.total)) this.totals.set(rule.total, []);
          this.totals.get(rule.total).push(rule.right);
        }
      });

      this.inputs = new Map();
      this.cellElements = new Map();
      this.positions = new Map();
      const lines = new Map();
      root.querySelectorAll('[data-grid-ref]').forEach((element) => {
        const ref = element.dataset.gridRef;
        const input = element.querySelector('input');
        if (!input) return;
        this.inputs.set(ref, input);
        this.cellElements.set(ref, element);
        input.setAttribute('aria-label', data.cells[ref].name);
        const line = Number(element.dataset.gridLine);
        const column = Number(element.dataset.gridColumn);
        if (!lines.has(line)) lines.set(line, []);
        lines.get(line).push({ ref, column });
      });
      this.lines = [...lines.keys()]
        .sort((a, b) => a - b)
        .map((line) => lines.get(line).sort((a, b) => a.column - b.column));
      this.lines.forEach((cells, lineIndex) =>
        cells.forEach((cell, index) =>
          this.positions.set(cell.ref, { line: lineIndex, index, column: cell.column }),
        ),
      );

      this.status = root.querySelector('[data-grid-status]');
      this.message = document.createElement('p');
      this.message.className = 'govdisclosure-grid-editor__message';
      this.message.hidden = true;
      this.live = document.createElement('div');
      this.live.className = 'govdisclosure-grid-editor__live';
      this.status.append(this.message, this.live);
      this.errorsBox = root.querySelector('[data-grid-errors]');

      root.querySelector('[data-grid-fill]').addEventListener('click', () => this.fillTotals());
      root.querySelector('[data-grid-zero]').addEventListener('click', () => this.fillZeros());
      root.addEventListener('input', (event) => this.onInput(event));
      root.addEventListener('keydown', (event) => this.onKeyDown(event));
      root.addEventListener('paste', (event) => this.onPaste(event));
      root.addEventListener('focusin', (event) => {
        if (this.refOf(event.target)) event.target.select();
      });

      this.serverErrors = new Map();
      this.collectServerErrors(initialError);
      this.check();
      root.dataset.gridReady = 'true';
    }

    refOf(element) {
      const cell = element && element.closest && element.closest('[data-grid-ref]');
      return cell && this.root.contains(cell) && element.tagName === 'INPUT'
        ? cell.dataset.gridRef
        : null;
    }

    read(ref) {
      return readCell(this.inputs.get(ref).value, this.data.cells[ref], this.placeholders);
    }

    readAll() {
      const readings = new Map();
      this.refs.forEach((ref) => readings.set(ref, this.read(ref)));
      return readings;
    }

    /** Each total → the sum of its parts, or null while a number it needs is missing. */
    computeTotals(readings) {
      const memo = new Map();
      const value = (ref, visiting) => {
        if (!this.totals.has(ref)) {
          const reading = readings.get(ref);
          return reading && reading.status === 'number' ? reading.value : null;
        }
        if (memo.has(ref)) return memo.get(ref);
        if (visiting.has(ref)) return null; // a cyclic declaration
        let result = null;
        const inner = new Set(visiting).add(ref);
        for (const parts of this.totals.get(ref)) {
          const values = parts.map((part) => value(part, inner));
          if (values.every((v) => v !== null)) {
            result = values.reduce((a, b) => a + b, 0n);
            break;
          }
        }
        memo.set(ref, result);
        return result;
      };
      const computed = new Map();
      this.totals.forEach((parts, ref) => computed.set(ref, value(ref, new Set())));
      return computed;
    }

    /* -- live check -- */

    check() {
      const readings = this.readAll();
      const computed = this.computeTotals(readings);
      const marks = new Map(this.refs.map((ref) => [ref, { state: '', messages: [] }]));
      const problems = [];

      readings.forEach((reading, ref) => {
        const template = this.data.refusals[reading.status];
        if (template) {
          const info = this.data.cells[ref];
          const message = fill(template, {
            cell: info.name,
            value: reading.text,
            decimals: info.decimals,
          });
          marks.get(ref).state = 'invalid';
          marks.get(ref).messages.push(message);
          problems.push({ ref, message });
        }
      });

      this.data.rules.forEach((rule) => {
        const cells = [...rule.left, ...rule.right];
        if (!cells.every((ref) => readings.get(ref).status === 'number')) return;
        const sum = (refs) => refs.reduce((total, ref) => total + readings.get(ref).value, 0n);
        const left = sum(rule.left);
        const right = sum(rule.right);
        if (left === right) return;
        const message = fill(rule.message, {
          left: formatNumber(left),
          right: formatNumber(right),
        });
        const flagged = rule.total ? [rule.total] : cells;
        flagged.forEach((ref) => {
          const mark = marks.get(ref);
          if (!mark.state) mark.state = rule.total ? 'mismatch' : 'balance';
          mark.messages.push(message);
        });
        problems.push({ ref: flagged[0], message });
      });

      marks.forEach((mark, ref) => {
        const element = this.cellElements.get(ref);
        const input = this.inputs.get(ref);
        element.classList.toggle('is-invalid', mark.state === 'invalid');
        element.classList.toggle('is-mismatch', mark.state === 'mismatch');
        element.classList.toggle('is-balance', mark.state === 'balance');
        const server = this.serverErrors.get(ref);
        const messages = [...mark.messages, ...(server || [])];
        if (messages.length) {
          element.title = messages.join('\n');
          input.setAttribute('aria-invalid', 'true');
        } else {
          element.removeAttribute('title');
          input.removeAttribute('aria-invalid');
        }
        const expected = element.querySelector('[data-grid-expected]');
        if (expected) {
          const sum = computed.get(ref);
          if (sum === null || sum === undefined) {
            expected.textContent = '';
            expected.title = this.strings.partsMissing;
          } else {
            const text = formatNumber(sum);
            expected.textContent = fill(this.strings.expected, { value: text });
            expected.title = fill(this.strings.expectedTitle, { value: text });
          }
        }
      });

      this.showProblems(problems, computed);
      this.problems = problems;
    }

    showProblems(problems, computed) {
      this.live.replaceChildren();
      this.live.classList.toggle('has-problems', problems.length > 0);
      if (!problems.length) {
        const blanks = this.refs.filter((ref) => this.read(ref).status === 'blank').length;
        if (blanks) {
          const left = document.createElement('p');
          left.className = 'govdisclosure-grid-editor__blanks';
          left.textContent = fill(this.strings.blanksLeft, { count: blanks });
          this.live.append(left);
          return;
        }
        const anyTotal = [...computed.values()].some((value) => value !== null);
        if (anyTotal) {
          const ok = document.createElement('p');
          ok.className = 'govdisclosure-grid-editor__ok';
          ok.textContent = this.strings.liveOk;
          this.live.append(ok);
        }
        return;
      }
      const heading = document.createElement('p');
      heading.textContent = fill(this.strings.liveProblems, { count: problems.length });
      this.live.append(heading, this.problemList(problems));
    }

    problemList(problems) {
      const list = document.createElement('ul');
      problems.forEach(({ ref, message }) => {
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'govdisclosure-grid-editor__goto';
        button.dataset.gridGoto = ref;
        button.textContent = message;
        button.addEventListener('click', () => this.focusCell(ref));
        item.append(button);
        list.append(item);
      });
      return list;
    }

    say(text, isError = false) {
      this.message.textContent = text;
      this.message.hidden = !text;
      this.message.classList.toggle('is-error', isError);
    }

    /* -- the gate's errors, as the page form put them on the cells -- */

    /** The page form's errors for this table: {cellErrors: {ref: [message]}, messages}. */
    collectServerErrors(error) {
      this.serverErrors.clear();
      this.cellElements.forEach((element) => element.classList.remove('has-server-error'));
      const cells = (error && error.cellErrors) || {};
      Object.entries(cells).forEach(([ref, messages]) => {
        if (!this.cellElements.has(ref) || !messages || !messages.length) return;
        this.serverErrors.set(ref, messages);
        this.cellElements.get(ref).classList.add('has-server-error');
      });
      this.tableMessages = (error && error.messages) || [];
      this.showServerErrors();
    }

    showServerErrors() {
      const errors = [...this.serverErrors].flatMap(([ref, messages]) =>
        messages.map((message) => ({ ref, message })),
      );
      this.errorsBox.replaceChildren();
      this.errorsBox.hidden = errors.length === 0 && !this.tableMessages.length;
      this.tableMessages.forEach((message) => {
        const line = document.createElement('p');
        line.className = 'error-message';
        line.textContent = message;
        this.errorsBox.append(line);
      });
      if (errors.length) {
        const heading = document.createElement('p');
        heading.className = 'govdisclosure-grid-editor__errors-heading';
        heading.textContent = fill(this.strings.serverErrors, { count: errors.length });
        const list = this.problemList(errors);
        // One error message per error: Wagtail's tab and minimap badges count these.
        list.querySelectorAll('li').forEach((item) => item.classList.add('error-message'));
        this.errorsBox.append(heading, list);
      }
      afterErrorsChanged();
    }

    clearServerError(ref) {
      if (!this.serverErrors.has(ref)) return;
      this.serverErrors.delete(ref);
      this.cellElements.get(ref).classList.remove('has-server-error');
      this.showServerErrors();
    }

    /* -- editing -- */

    onInput(event) {
      const ref = this.refOf(event.target);
      if (!ref || this.batch) return;
      // The clerk has acted on the cell: the live check speaks for it until the next save.
      this.clearServerError(ref);
      this.cellElements.get(ref).classList.remove('is-refused');
      this.say('');
      this.check();
    }

    setValue(ref, text) {
      const input = this.inputs.get(ref);
      if (input.value === text) return false;
      input.value = text;
      // Let Wagtail see the change (unsaved-changes warning, live preview).
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      this.clearServerError(ref);
      return true;
    }

    /** Fill every blank or wrong total from its parts (parts are never changed). */
    fillTotals() {
      const readings = this.readAll();
      const computed = this.computeTotals(readings);
      let filled = 0;
      let left = 0;
      this.batch = true;
      try {
        this.refs.forEach((ref) => {
          if (!this.totals.has(ref)) return;
          const value = computed.get(ref);
          const reading = readings.get(ref);
          if (value === null) {
            left += 1;
            return;
          }
          if (reading.status === 'number' && reading.value === value) return;
          this.setValue(ref, formatNumber(value));
          this.flash(ref);
          filled += 1;
        });
      } finally {
        this.batch = false;
      }
      const parts = [
        filled
          ? fill(this.strings.filled, { count: filled })
          : this.strings.nothingToFill,
      ];
      if (left) parts.push(fill(this.strings.notFilled, { count: left }));
      this.say(parts.join(' '));
      this.check();
      return filled;
    }

    /** After the clerk confirms: every blank cell that is not a total gets 0, then the totals. */
    fillZeros() {
      const blanks = this.refs.filter(
        (ref) => !this.totals.has(ref) && this.read(ref).status === 'blank',
      );
      if (!blanks.length) {
        this.say(this.strings.noBlanks);
        this.fillTotals();
        return 0;
      }
      // eslint-disable-next-line no-alert
      if (!window.confirm(fill(this.strings.zeroConfirm, { count: blanks.length }))) return 0;
      this.batch = true;
      try {
        blanks.forEach((ref) => {
          this.setValue(ref, '0');
          this.flash(ref);
        });
      } finally {
        this.batch = false;
      }
      this.fillTotals();
      this.say(`${fill(this.strings.zeroed, { count: blanks.length })} ${this.message.textContent}`);
      return blanks.length;
    }

    flash(ref) {
      const element = this.cellElements.get(ref);
      element.classList.remove('is-filled');
      // Restart the animation.
      void element.offsetWidth; // eslint-disable-line no-void
      element.classList.add('is-filled');
    }

    /* -- keyboard -- */

    neighbour(ref, lines, steps) {
      const here = this.positions.get(ref);
      if (lines) {
        const line = this.lines[here.line + lines];
        if (!line) return null;
        // The cell below or above; a cell spanning several columns takes the nearest.
        let best = line[0];
        line.forEach((cell) => {
          if (Math.abs(cell.column - here.column) < Math.abs(best.column - here.column)) {
            best = cell;
          }
        });
        return best.ref;
      }
      const cell = this.lines[here.line][here.index + steps];
      return cell ? cell.ref : null;
    }

    focusCell(ref) {
      const input = this.inputs.get(ref);
      // A collapsed panel holding the table opens, as for Wagtail's own errors.
      this.root.dispatchEvent(new Event('beforematch', { bubbles: true }));
      input.focus();
      input.select();
      input.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }

    onKeyDown(event) {
      const ref = this.refOf(event.target);
      if (!ref || event.altKey || event.ctrlKey || event.metaKey) return;
      const input = event.target;
      const all = input.selectionStart === 0 && input.selectionEnd === input.value.length;
      let target = null;
      switch (event.key) {
        case 'ArrowUp':
          target = this.neighbour(ref, -1, 0);
          break;
        case 'ArrowDown':
          target = this.neighbour(ref, 1, 0);
          break;
        case 'Enter':
          // Enter moves down as in a spreadsheet; it must not submit the page form.
          event.preventDefault();
          target = this.neighbour(ref, event.shiftKey ? -1 : 1, 0);
          break;
        case 'ArrowLeft':
          if (all || (input.selectionStart === 0 && input.selectionEnd === 0)) {
            target = this.neighbour(ref, 0, -1);
          }
          break;
        case 'ArrowRight':
          if (all || input.selectionStart === input.value.length) {
            target = this.neighbour(ref, 0, 1);
          }
          break;
        default:
          return;
      }
      if (target) {
        event.preventDefault();
        this.focusCell(target);
      }
    }

    /* -- paste -- */

    onPaste(event) {
      const ref = this.refOf(event.target);
      if (!ref || !event.clipboardData) return;
      const text = event.clipboardData.getData('text/plain');
      // Text without a tab or a line break is typed into the cell as usual.
      if (!text || !/[\t\n\r]/.test(text)) return;
      event.preventDefault();
      this.paste(ref, text);
    }

    /** Fill the grid from ``ref`` with a spreadsheet block; all or nothing. */
    paste(ref, text) {
      this.cellElements.forEach((element) => element.classList.remove('is-refused'));
      let rows = parseClipboard(text);
      const isNumberLike = (cell) => {
        const reading = readCell(cell, { kind: 'signed_count', decimals: 0 }, this.placeholders);
        return reading.status !== 'not_a_number' && reading.status !== 'blank';
      };
      // Header lines copied with the block: labels only, and no row's label among them.
      rows = rows.filter((row) => {
        const filled = row.filter((cell) => cell.trim());
        if (!filled.length || filled.some(isNumberLike)) return true;
        const keys = filled.map(labelKey);
        const headerOnly = keys.every((key) => this.labels.has(key));
        return !headerOnly || keys.some((key) => this.rowLabels.has(key));
      });
      // Label columns on the left: each line copied with its labels starts with a run of
      // printed labels and blanks (merged label cells copy as blanks). The shortest such run
      // is the width of the label columns: a longer one ends with blank numbers.
      const runs = rows
        .map((row) => {
          let run = 0;
          let labelled = false;
          const isLabel = (cell) => !cell.trim() || this.labels.has(labelKey(cell));
          while (run < row.length - 1 && isLabel(row[run])) {
            labelled = labelled || Boolean(row[run].trim());
            run += 1;
          }
          return labelled ? run : null;
        })
        .filter((run) => run !== null);
      const labelColumns = runs.length ? Math.min(...runs) : 0;
      rows = rows.map((row) => row.slice(labelColumns));
      const columns = Math.max(0, ...rows.map((row) => row.length));
      const start = this.positions.get(ref);
      const name = this.data.cells[ref].name;
      const refuse = (reason, at) => {
        this.say(fill(this.strings.pasteRefused, { reason }), true);
        if (at) this.cellElements.get(at).classList.add('is-refused');
      };
      if (!rows.length || !columns) {
        refuse(this.strings.pasteEmpty);
        return 0;
      }

      const writes = [];
      for (let i = 0; i < rows.length; i += 1) {
        const line = this.lines[start.line + i];
        for (let j = 0; j < rows[i].length; j += 1) {
          const cell = line && line.find((c) => c.column === start.column + j);
          // A merged cell of the official form copies as its value and blanks after it:
          // a blank that falls outside the table is no number to place.
          if (!cell && !rows[i][j].trim()) continue;
          if (!cell) {
            refuse(fill(this.strings.pasteTooBig, { rows: rows.length, columns, cell: name }));
            return 0;
          }
          const info = this.data.cells[cell.ref];
          const reading = readCell(rows[i][j], info, this.placeholders);
          const template = this.data.refusals[reading.status];
          if (template) {
            const reason = fill(template, {
              cell: info.name,
              value: reading.text,
              decimals: info.decimals,
            });
            refuse(reason, cell.ref);
            return 0;
          }
          let value = '';
          if (reading.status === 'number') value = formatNumber(reading.value);
          else if (reading.status === 'placeholder') value = rows[i][j].trim();
          writes.push([cell.ref, value]);
        }
      }

      this.batch = true;
      try {
        writes.forEach(([target, value]) => {
          this.setValue(target, value);
          this.cellElements.get(target).classList.remove('is-refused');
          this.flash(target);
        });
      } finally {
        this.batch = false;
      }
      this.say(fill(this.strings.pasted, { count: writes.length, cell: name }));
      this.check();
      return writes.length;
    }
  }

  /* ---- The table block Wagtail's StreamField instantiates ---- */

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  const ROLES = { note: 'cell', header: 'columnheader', label: 'rowheader', data: 'cell' };

  /** The grid of a table drawn from its layout: a label per printed cell, an input per number. */
  function drawGrid(data, prefix, label) {
    const { layout, strings } = data;
    const root = element('div', 'govdisclosure-grid-editor');
    root.dataset.govdisclosureGrid = data.table;
    const toolbar = element('div', 'govdisclosure-grid-editor__toolbar');
    const fillButton = element(
      'button',
      'button button-small button-secondary govdisclosure-grid-editor__fill',
      strings.fillTotals,
    );
    fillButton.type = 'button';
    fillButton.dataset.gridFill = '';
    const zeroButton = element(
      'button',
      'button button-small button-secondary govdisclosure-grid-editor__zero',
      strings.fillZeros,
    );
    zeroButton.type = 'button';
    zeroButton.dataset.gridZero = '';
    toolbar.append(fillButton, zeroButton, element('p', 'govdisclosure-grid-editor__hint', strings.hint));
    const status = element('div', 'govdisclosure-grid-editor__status');
    status.dataset.gridStatus = '';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    const errors = element('div', 'govdisclosure-grid-editor__errors');
    errors.dataset.gridErrors = '';
    errors.hidden = true;
    const scroll = element('div', 'govdisclosure-grid-editor__scroll');
    const grid = element('div', 'govdisclosure-grid');
    grid.setAttribute('role', 'table');
    grid.setAttribute('aria-label', label);
    grid.style.gridTemplateColumns = layout.columns;
    layout.cells.forEach(([kind, text, top, left, rowspan, colspan, ref, total, group]) => {
      const cell = element('div', `govdisclosure-grid__cell govdisclosure-grid__cell--${kind}`);
      cell.setAttribute('role', ROLES[kind]);
      cell.style.gridArea = `${top + 1} / ${left + 1} / span ${rowspan} / span ${colspan}`;
      if (total) cell.classList.add('govdisclosure-grid__cell--total');
      if (group) cell.classList.add('govdisclosure-grid__cell--group');
      if (top < layout.headerLines) cell.classList.add('govdisclosure-grid__cell--head');
      if (left < layout.labelWidth) cell.classList.add('govdisclosure-grid__cell--stuck');
      if (kind !== 'data') {
        cell.textContent = text;
      } else {
        const info = data.cells[ref];
        const [, row, column] = ref.split('.');
        const input = element('input');
        input.type = 'text';
        input.name = `${prefix}-${row}-${column}`;
        input.id = input.name;
        input.maxLength = 32;
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.inputMode = info.kind === 'amount' ? 'decimal' : 'numeric';
        input.dataset.govdisclosureCell = ref;
        if (total) input.dataset.govdisclosureTotal = 'true';
        cell.dataset.gridRef = ref;
        cell.dataset.gridLine = String(top);
        cell.dataset.gridColumn = String(left);
        cell.append(input);
        if (total) {
          const expected = element('span', 'govdisclosure-grid__expected');
          expected.dataset.gridExpected = '';
          cell.append(expected);
        }
      }
      grid.append(cell);
    });
    scroll.append(grid);
    root.append(toolbar, status, errors, scroll);
    // Header and label cells stay in view at their own offsets, known once laid out
    // (a grid on a hidden tab has none until the tab opens).
    const stick = () => {
      if (!grid.offsetWidth) return; // on a hidden tab: nothing laid out yet
      // Read every offset, then write: one layout, not one per cell.
      const heads = [...grid.querySelectorAll('.govdisclosure-grid__cell--head')];
      const labels = [...grid.querySelectorAll('.govdisclosure-grid__cell--stuck')];
      const tops = heads.map((cell) => cell.offsetTop);
      const lefts = labels.map((cell) => cell.offsetLeft);
      heads.forEach((cell, index) => {
        cell.style.top = `${tops[index]}px`;
      });
      labels.forEach((cell, index) => {
        cell.style.left = `${lefts[index]}px`;
      });
    };
    if (window.ResizeObserver) new ResizeObserver(stick).observe(grid);
    return root;
  }

  /** A format's editor data, from the page's JSON script element (parsed once). */
  const formats = new Map();
  function tableData(elementId, table) {
    if (!formats.has(elementId)) {
      const script = document.getElementById(elementId);
      const data = script ? JSON.parse(script.textContent) : null;
      if (data) {
        Object.values(data.tables).forEach((info) => {
          Object.entries(info.cells).forEach(([ref, [name, kind, decimals]]) => {
            info.cells[ref] = { name, kind, decimals };
          });
        });
      }
      formats.set(elementId, data);
    }
    const data = formats.get(elementId);
    if (!data || !data.tables[table]) return null;
    const { tables, ...shared } = data;
    return { ...shared, ...tables[table] };
  }

  class TableBlock {
    constructor(blockDef, placeholder, prefix, initialState, initialError) {
      this.blockDef = blockDef;
      this.prefix = prefix;
      const data = tableData(blockDef.meta.gridData, blockDef.meta.table);
      if (!data) {
        // Tables of another format than the report's: the page has no grid for them.
        this.element = element('p', 'error-message');
        placeholder.replaceWith(this.element);
        this.container = window.$ ? window.$(this.element) : [this.element];
        this.state = initialState;
        return;
      }
      const root = drawGrid(data, prefix, blockDef.meta.label);
      placeholder.replaceWith(root);
      this.element = root;
      this.container = window.$ ? window.$(root) : [root];
      this.setInputs(initialState || {});
      this.gridEditor = new GridEditor(root, data, this, initialError);
      const first = root.querySelector('input');
      this.idForLabel = first ? first.id : null;
    }

    setInputs(state) {
      this.element.querySelectorAll('input[data-govdisclosure-cell]').forEach((input) => {
        const [, row, column] = input.dataset.govdisclosureCell.split('.');
        const value = state[row] && state[row][column];
        input.value = value === null || value === undefined ? '' : String(value);
      });
    }

    setState(state) {
      if (!this.gridEditor) {
        this.state = state;
        return;
      }
      this.setInputs(state || {});
      this.gridEditor.check();
    }

    getState() {
      if (!this.gridEditor) return this.state;
      const state = {};
      this.element.querySelectorAll('input[data-govdisclosure-cell]').forEach((input) => {
        const [, row, column] = input.dataset.govdisclosureCell.split('.');
        if (!state[row]) state[row] = {};
        state[row][column] = input.value;
      });
      return state;
    }

    getValue() {
      return this.getState();
    }

    getDuplicatedState() {
      return this.getState();
    }

    setCapabilityOptions() {}

    setError(error) {
      if (!this.gridEditor) return;
      this.gridEditor.collectServerErrors(error);
      this.gridEditor.check();
    }

    getTextLabel() {
      return this.blockDef.meta.label;
    }

    focus(options) {
      const input = this.element.querySelector('input');
      if (input && !(options && options.soft)) input.focus();
    }
  }

  class TableBlockDefinition {
    constructor(name, meta) {
      this.name = name;
      this.meta = meta;
    }

    render(placeholder, prefix, initialState, initialError) {
      return new TableBlock(this, placeholder, prefix, initialState, initialError);
    }
  }

  window.telepath.register('wagtail_govdisclosure.blocks.TableBlock', TableBlockDefinition);
  window.govdisclosureGrid = { readCell, formatNumber, parseClipboard, GridEditor };
})();
