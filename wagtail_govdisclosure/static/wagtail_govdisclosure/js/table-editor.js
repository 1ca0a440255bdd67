/*
 * The grid editor of the annual report's tables (wagtail-govdisclosure).
 *
 * Wagtail draws each table block with its grid form_template and each row block
 * as its line of the grid; this script adds what makes the grid a form a clerk
 * can fill: moving between cells with the keyboard, the expected sum beside each
 * total as they type, a mismatch marked at once with the rule's message, "fill
 * in the totals", pasting a block copied from Excel or WPS (all or nothing), and
 * the publish gate's errors listed above the table and marked on their cells.
 *
 * Everything about the table comes from the server as data (blockDef.meta.grid):
 * cell names, rules with their messages, labels, translated strings. The server
 * stays the authority: it checks everything again when the report is published.
 */
(() => {
  'use strict';

  const { StructBlockDefinition } = window.wagtailStreamField.blocks;

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

    /** The page form's errors for this table ({blockErrors: {row: {blockErrors: {column}}}}). */
    collectServerErrors(error) {
      this.serverErrors.clear();
      this.cellElements.forEach((element) => element.classList.remove('has-server-error'));
      const rows = (error && error.blockErrors) || {};
      Object.entries(rows).forEach(([row, rowError]) => {
        Object.entries((rowError && rowError.blockErrors) || {}).forEach(([column, cellError]) => {
          const ref = `${this.data.table}.${row}.${column}`;
          const messages = (cellError && cellError.messages) || [];
          if (!this.cellElements.has(ref) || !messages.length) return;
          this.serverErrors.set(ref, messages);
          this.cellElements.get(ref).classList.add('has-server-error');
        });
      });
      this.showServerErrors();
    }

    showServerErrors() {
      const errors = [...this.serverErrors].flatMap(([ref, messages]) =>
        messages.map((message) => ({ ref, message })),
      );
      this.errorsBox.replaceChildren();
      this.errorsBox.hidden = errors.length === 0;
      if (!errors.length) return;
      const heading = document.createElement('p');
      heading.className = 'govdisclosure-grid-editor__errors-heading';
      heading.textContent = fill(this.strings.serverErrors, { count: errors.length });
      this.errorsBox.append(heading, this.problemList(errors));
    }

    clearServerError(ref) {
      if (!this.serverErrors.has(ref)) return;
      this.serverErrors.delete(ref);
      const [, row, column] = ref.split('.');
      const cell = this.block.childBlocks[row]?.childBlocks[column];
      if (cell) cell.setError(null);
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

  /* ---- The block definitions Wagtail's StreamField instantiates ---- */

  class GridTableBlockDefinition extends StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError, parentCapabilities) {
      const block = super.render(placeholder, prefix, initialState, initialError, parentCapabilities);
      const editor = new GridEditor(block.container[0], this.meta.grid, block, initialError);
      block.gridEditor = editor;
      // The StreamField hands out the page form's errors after drawing its blocks: list
      // them each time they arrive (Wagtail puts each on its cell).
      const setError = block.setError.bind(block);
      block.setError = (error) => {
        setError(error);
        editor.collectServerErrors(error);
        editor.check();
      };
      return block;
    }
  }

  class GridRowBlockDefinition extends StructBlockDefinition {
    constructor(name, childBlockDefs, meta) {
      super(name, childBlockDefs, meta);
      // A row is a line of its table's grid, not a panel of its own.
      this.collapsible = false;
    }
  }

  window.telepath.register('wagtail_govdisclosure.blocks.GridTableBlock', GridTableBlockDefinition);
  window.telepath.register('wagtail_govdisclosure.blocks.GridRowBlock', GridRowBlockDefinition);
  window.govdisclosureGrid = { readCell, formatNumber, parseClipboard, GridEditor };
})();
