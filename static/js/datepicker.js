// A date picker in the reader's calendar: Solar Hijri (Jalali) months for Persian, Gregorian with the Iraqi month
// names for Arabic. It only helps: the input stays a text box that accepts typed dates in any digits, and the
// server reads what the picker writes exactly as if it had been typed (l10n/calendars.py).
// The calendars come from the browser's own Intl data (ICU), so no table of month lengths is kept here.
(function () {
  "use strict";
  var LOCALES = {fa: "fa-IR-u-ca-persian-nu-arabext", ar: "ar-IQ-u-ca-gregory-nu-arab", en: "en-GB-u-ca-gregory"};
  var CALENDAR = {fa: "persian", ar: "gregory", en: "gregory"};
  var DIGITS = {fa: "۰۱۲۳۴۵۶۷۸۹", ar: "٠١٢٣٤٥٦٧٨٩", en: "0123456789"};
  var LABELS = {
    fa: {open: "انتخاب تاریخ از تقویم", prev: "ماه قبل", next: "ماه بعد", today: "امروز", close: "بستن"},
    ar: {open: "اختيار التاريخ من التقويم", prev: "الشهر السابق", next: "الشهر التالي", today: "اليوم", close: "إغلاق"},
    en: {open: "Choose a date", prev: "Previous month", next: "Next month", today: "Today", close: "Close"}
  };
  var DAY = 86400000;

  function partsOf(date, lang) {
    // {year, month, day} of a UTC midnight in the language's calendar, Latin digits.
    var format = new Intl.DateTimeFormat("en-u-ca-" + CALENDAR[lang] + "-nu-latn",
      {timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric"});
    var result = {};
    format.formatToParts(date).forEach(function (part) {
      if (part.type === "year" || part.type === "month" || part.type === "day") {
        result[part.type] = parseInt(part.value, 10);
      }
    });
    return result;
  }

  function firstOfMonth(year, month, lang) {
    // The UTC date on which the calendar's month starts: from an estimate, step until it matches.
    if (CALENDAR[lang] === "gregory") {
      return new Date(Date.UTC(year, month - 1, 1));
    }
    var guess = new Date(Date.UTC(year + 621, 2, 21) + (month - 1) * 30.5 * DAY);
    for (var i = 0; i < 60; i += 1) {
      var p = partsOf(guess, lang);
      if (p.year === year && p.month === month && p.day === 1) {
        return guess;
      }
      // Months are 29 to 31 days: a step of "about this many days" lands within a day or two.
      var diff = (p.year - year) * 365 + (p.month - month) * 30 + (p.day - 1);
      if (diff === 0) {
        diff = (p.year < year || (p.year === year && p.month < month)) ? -1 : 1;
      }
      guess = new Date(guess.getTime() - diff * DAY);
    }
    return guess;
  }

  function localDigits(text, lang) {
    return String(text).replace(/[0-9]/g, function (d) { return DIGITS[lang][+d]; });
  }

  function asciiDigits(text) {
    return String(text).replace(/[۰-۹]/g, function (d) { return d.charCodeAt(0) - 0x06F0; })
      .replace(/[٠-٩]/g, function (d) { return d.charCodeAt(0) - 0x0660; });
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  // What the input shows: the same order the server writes (calendars.format_date "short").
  function written(p, lang) {
    if (lang === "ar") {
      return localDigits(pad(p.day, 2) + "/" + pad(p.month, 2) + "/" + pad(p.year, 4), lang);
    }
    var sep = lang === "en" ? "-" : "/";
    return localDigits(pad(p.year, 4) + sep + pad(p.month, 2) + sep + pad(p.day, 2), lang);
  }

  function typed(value, lang) {
    var m = asciiDigits(value || "").match(/^\s*(\d+)\s*[-/.]\s*(\d+)\s*[-/.]\s*(\d+)\s*$/);
    if (!m) { return null; }
    if (m[1].length === 4) { return {year: +m[1], month: +m[2], day: +m[3]}; }
    if (m[3].length === 4 && lang !== "fa") { return {year: +m[3], month: +m[2], day: +m[1]}; }
    return null;
  }

  function todayParts(lang) {
    var now = new Date();
    return partsOf(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())), lang);
  }

  function button(text, className, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); }
    return b;
  }

  function Picker(input) {
    this.input = input;
    this.lang = input.getAttribute("data-picker") in LOCALES ? input.getAttribute("data-picker") : "en";
    var labels = LABELS[this.lang];
    var wrap = document.createElement("span");
    wrap.className = "date-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    this.toggle = button("", "date-toggle", labels.open);
    this.toggle.setAttribute("aria-expanded", "false");
    wrap.appendChild(this.toggle);
    this.panel = document.createElement("div");
    this.panel.className = "date-panel";
    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", labels.open);
    this.panel.dir = this.lang === "en" ? "ltr" : "rtl";
    wrap.appendChild(this.panel);
    var self = this;
    this.toggle.addEventListener("click", function () { self.panel.hidden ? self.open() : self.close(); });
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { self.close(); self.input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!wrap.contains(event.target)) { self.close(); }
    });
  }

  Picker.prototype.open = function () {
    var shown = typed(this.input.value, this.lang) || todayParts(this.lang);
    this.year = shown.year;
    this.month = shown.month;
    this.render();
    this.panel.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    var focus = this.panel.querySelector(".date-day[aria-current]") || this.panel.querySelector(".date-day");
    if (focus) { focus.focus(); }
  };

  Picker.prototype.close = function () {
    this.panel.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
  };

  Picker.prototype.move = function (step) {
    this.month += step;
    if (this.month < 1) { this.month = 12; this.year -= 1; }
    if (this.month > 12) { this.month = 1; this.year += 1; }
    this.render();
  };

  Picker.prototype.render = function () {
    var lang = this.lang, labels = LABELS[lang], self = this;
    var start = firstOfMonth(this.year, this.month, lang);
    var title = new Intl.DateTimeFormat(LOCALES[lang], {timeZone: "UTC", month: "long", year: "numeric"}).format(start);
    var panel = this.panel;
    panel.textContent = "";
    var head = document.createElement("div");
    head.className = "date-head";
    var prev = button("", "date-prev", labels.prev);
    var next = button("", "date-next", labels.next);
    var caption = document.createElement("strong");
    caption.className = "date-title";
    caption.textContent = title;
    caption.setAttribute("aria-live", "polite");
    prev.addEventListener("click", function () { self.move(-1); });
    next.addEventListener("click", function () { self.move(1); });
    head.appendChild(prev);
    head.appendChild(caption);
    head.appendChild(next);
    panel.appendChild(head);
    var grid = document.createElement("div");
    grid.className = "date-grid";
    // Weeks start on Saturday in Iran and Iraq, on Monday in the English pages.
    var firstWeekday = lang === "en" ? 1 : 6;
    var names = new Intl.DateTimeFormat(LOCALES[lang], {timeZone: "UTC", weekday: "narrow"});
    for (var w = 0; w < 7; w += 1) {
      var cell = document.createElement("span");
      cell.className = "date-weekday";
      // 2026-01-03 was a Saturday (weekday 6); Monday 2026-01-05.
      cell.textContent = names.format(new Date(Date.UTC(2026, 0, 4 + ((firstWeekday + w) % 7))));
      grid.appendChild(cell);
    }
    var offset = (start.getUTCDay() - firstWeekday + 7) % 7;
    for (var e = 0; e < offset; e += 1) {
      grid.appendChild(document.createElement("span"));
    }
    var current = typed(this.input.value, lang);
    var today = todayParts(lang);
    for (var d = start; ; d = new Date(d.getTime() + DAY)) {
      var p = partsOf(d, lang);
      if (p.month !== this.month) { break; }
      var day = button(localDigits(p.day, lang), "date-day");
      day.setAttribute("data-value", written(p, lang));
      if (current && current.year === p.year && current.month === p.month && current.day === p.day) {
        day.setAttribute("aria-current", "date");
      }
      if (today.year === p.year && today.month === p.month && today.day === p.day) {
        day.classList.add("date-today");
      }
      day.addEventListener("click", function (event) {
        self.input.value = event.currentTarget.getAttribute("data-value");
        self.input.dispatchEvent(new Event("change", {bubbles: true}));
        self.close();
        self.input.focus();
      });
      grid.appendChild(day);
    }
    panel.appendChild(grid);
    var foot = document.createElement("div");
    foot.className = "date-foot";
    var todayButton = button(labels.today, "date-today-button");
    todayButton.setAttribute("data-value", written(today, lang));
    todayButton.addEventListener("click", function () {
      self.input.value = written(today, lang);
      self.close();
      self.input.focus();
    });
    foot.appendChild(todayButton);
    panel.appendChild(foot);
  };

  function setUp() {
    if (!window.Intl || !Intl.DateTimeFormat) { return; }
    document.querySelectorAll("input[data-picker]").forEach(function (input) {
      if (!input.disabled && !input.readOnly) { new Picker(input); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
