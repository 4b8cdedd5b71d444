(function () {
  "use strict";
  var form = document.getElementById("action-filters");
  var table = document.getElementById("actions-table");
  if (!form || !table) { return; }
  form.hidden = false;
  var market = document.getElementById("filter-market");
  var region = document.getElementById("filter-region");
  var lever = document.getElementById("filter-lever");
  var count = document.getElementById("filter-count");
  // one body per action: its row and its details row are shown or hidden together
  var rows = table.tBodies;
  function apply() {
    var m = market.value, r = region.value, l = lever.value, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!m || (" " + row.getAttribute("data-markets") + " ").indexOf(" " + m + " ") >= 0) &&
               (!r || row.getAttribute("data-region") === r) &&
               (!l || row.getAttribute("data-lever") === l);
      row.hidden = !ok;
      if (ok) { shown++; }
    }
    count.textContent = String(shown);
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  apply();
}());
