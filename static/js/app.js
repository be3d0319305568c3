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
  // A stacked cell is a grid of label and value: a value of several pieces ("Maryam Kaabi | Khuzestan", a
  // status and its "overdue" badge) goes into one box, or each piece would take a row of its own.
  function wrapValue(cell) {
    var pieces = Array.prototype.filter.call(cell.childNodes, function (node) {
      return node.nodeType === 1 || (node.nodeType === 3 && node.textContent.trim() !== "");
    });
    if (pieces.length < 2) {
      return;
    }
    var box = document.createElement("div");
    box.className = "cell-value";
    while (cell.firstChild) {
      box.appendChild(cell.firstChild);
    }
    cell.appendChild(box);
  }
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
          wrapValue(cell);
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
    document.querySelectorAll(".tabs:not(.section-tabs)").forEach(function (tabs) {
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
  // A panel filled later (the meeting's progress) gets its tables labelled too.
  document.addEventListener("fragment-loaded", function (event) {
    event.target.querySelectorAll("table.records").forEach(labelTable);
  });
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

// Sections of a long page as tabs ([data-tabs]: the meeting page). The links are plain anchors and every panel
// shows without script; here one panel shows at a time, the address's #fragment picks it (also #item-3, inside
// a panel, as the forms return to), and the arrow keys move between tabs.
(function () {
  function setUp(set) {
    var tabs = Array.prototype.slice.call(set.querySelectorAll('.section-tabs [role="tab"]'));
    var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute("aria-controls")); });
    if (!tabs.length || panels.indexOf(null) !== -1) {
      return;
    }
    // A panel with data-fragment (the meeting's progress) holds a link to its inside until first shown: then
    // the inside is fetched (X-Fragment: 1) and put in place; on failure the link stays and still works.
    function load(panel) {
      var url = panel.getAttribute("data-fragment");
      if (!url || panel.getAttribute("aria-busy") === "true") {
        return;
      }
      panel.setAttribute("aria-busy", "true");
      fetch(url, {headers: {"X-Fragment": "1"}, credentials: "same-origin"}).then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      }).then(function (html) {
        panel.innerHTML = html;
        panel.removeAttribute("data-fragment");
        panel.dispatchEvent(new CustomEvent("fragment-loaded", {bubbles: true}));
      }).catch(function () {}).then(function () {
        panel.setAttribute("aria-busy", "false");
      });
    }
    function show(index, focus) {
      tabs.forEach(function (tab, i) {
        tab.setAttribute("aria-selected", i === index ? "true" : "false");
        tab.setAttribute("tabindex", i === index ? "0" : "-1");
        panels[i].hidden = i !== index;
      });
      load(panels[index]);
      if (focus) {
        tabs[index].focus();
      }
    }
    function fromAddress() {
      var target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      // A refused form comes back with its message: open the tab that holds it, wherever the address points.
      var refused = set.querySelector(".tab-panel .error, .tab-panel .form-alert");
      if (refused && (!target || !target.contains(refused))) {
        target = refused;
      }
      var panel = target && target.closest(".tab-panel");
      var index = panel ? panels.indexOf(panel) : -1;
      show(index === -1 ? 0 : index, false);
      if (target && target !== panel && index !== -1) {
        target.scrollIntoView();
      }
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function (event) {
        event.preventDefault();
        show(i, false);
        window.history.replaceState(null, "", "#" + panels[i].id);
      });
      tab.addEventListener("keydown", function (event) {
        var step = {ArrowLeft: 1, ArrowRight: -1, Home: -i, End: tabs.length - 1 - i}[event.key];
        if (step === undefined) {
          return;
        }
        if (document.documentElement.dir === "ltr" && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
          step = -step;
        }
        event.preventDefault();
        var next = (i + step + tabs.length) % tabs.length;
        show(next, true);
        window.history.replaceState(null, "", "#" + panels[next].id);
      });
    });
    set.classList.add("js-tabs");
    fromAddress();
    window.addEventListener("hashchange", fromAddress);
  }
  function ready() {
    document.querySelectorAll("[data-tabs]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
