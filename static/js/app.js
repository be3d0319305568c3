// Small progressive enhancements; every page works without them.
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// One menu group open at a time; a click elsewhere or Escape closes it.
(function () {
  function closeMenus(except) {
    document.querySelectorAll(".menu-group details[open]").forEach(function (menu) {
      if (menu !== except) {
        menu.removeAttribute("open");
      }
    });
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches(".menu-group details") && event.target.open) {
      closeMenus(event.target);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".menu-group")) {
      closeMenus(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closeMenus(null);
    }
  });
})();

// Tables become stacked cards on a phone (app.css): each cell is labelled with its column's header.
// Grids read across (attendance, assessment, medal counts) stay tables and scroll sideways instead.
(function () {
  function labelTable(table) {
    if (table.matches(".attendance-sheet, .medal-counts, .keep-table") || !table.tHead) {
      return;
    }
    var headers = [];
    Array.prototype.forEach.call(table.tHead.rows[table.tHead.rows.length - 1].cells, function (cell) {
      var span = cell.colSpan || 1;
      for (var i = 0; i < span; i += 1) {
        headers.push(cell.textContent.replace(/\s+/g, " ").trim());
      }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", headers[column] || "");
          }
          column += cell.colSpan || 1;
        });
      });
    });
    table.classList.add("stacked");
  }
  function labelAll() {
    document.querySelectorAll("table.records").forEach(labelTable);
  }
  // Tabs marked on the server keep their mark; others are marked by their address.
  function markTabs() {
    document.querySelectorAll(".tabs").forEach(function (tabs) {
      if (tabs.querySelector("[aria-current]")) {
        return;
      }
      var here = window.location.pathname + window.location.search;
      tabs.querySelectorAll("a[href]").forEach(function (link) {
        var url = new URL(link.href, window.location.href);
        if (url.pathname + url.search === here) {
          link.setAttribute("aria-current", "page");
        }
      });
    });
  }
  function ready() {
    labelAll();
    markTabs();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

// The phone menu's button says whether the menu is open.
document.addEventListener("change", function (event) {
  if (event.target.id === "menu-toggle") {
    event.target.setAttribute("aria-expanded", event.target.checked ? "true" : "false");
  }
});
