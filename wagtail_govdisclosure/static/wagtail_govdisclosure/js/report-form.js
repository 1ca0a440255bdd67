/*
 * The annual report's form (wagtail-govdisclosure): as the clerk changes the year,
 * a title and slug that still hold their automatic value follow it
 * (「<机关>2022年政府信息公开工作年度报告」, slug 2022). A title or slug the clerk
 * wrote differently is left alone; the server does the same on saving, and the
 * publish gate refuses a title or slug that names another year.
 */
(() => {
  'use strict';

  /** Set a field as if typed. ``input`` only: a ``change`` of the title would make Wagtail
   * propose a slug from the title's text. */
  function setField(input, value) {
    if (!input || input.value === value) return;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function follow(yearInput) {
    const template = yearInput.dataset.govdisclosureTitleTemplate;
    const form = yearInput.form;
    if (!template || !form) return;
    const titleInput = form.querySelector('[name="title"]');
    const slugInput = form.querySelector('[name="slug"]');
    const [before, after] = template.split('{year}');
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const automatic = new RegExp(`^${escape(before)}\\d{4}${escape(after)}$`);
    let previous = yearInput.value;
    const update = () => {
      const year = yearInput.value.trim();
      if (!/^\d{4}$/.test(year) || year === previous) return;
      previous = year;
      if (titleInput && (!titleInput.value || automatic.test(titleInput.value))) {
        setField(titleInput, template.replace('{year}', year));
      }
      // After the title: Wagtail may propose a slug from a changed title.
      if (slugInput && (!slugInput.value || /^\d{4}$/.test(slugInput.value))) {
        setField(slugInput, year);
      }
    };
    yearInput.addEventListener('input', update);
    yearInput.addEventListener('change', update);
  }

  function init() {
    document.querySelectorAll('[data-govdisclosure-title-template]').forEach(follow);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
