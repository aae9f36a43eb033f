// The therapist map: OpenStreetMap tiles when online; the list is always there, so offline (or
// when a tile fails to load) the map stays hidden and the note says why.
(function () {
  "use strict";
  function showMap() {
    var element = document.getElementById("map");
    var note = document.getElementById("map-note");
    var data = JSON.parse(document.getElementById("map-data").textContent);
    if (!element || !window.L || !navigator.onLine || !data.points.length) { return; }
    element.hidden = false;
    var map = window.L.map(element, { scrollWheelZoom: false });
    var layer = window.L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    });
    var failed = false;
    layer.on("tileerror", function () {
      if (failed) { return; }
      failed = true;
      map.remove();
      element.hidden = true;
      note.textContent = "The map could not be loaded (offline?); the list below shows every therapist found.";
    });
    layer.on("load", function () { note.textContent = "Map: OpenStreetMap. The list below has the details."; });
    layer.addTo(map);
    var bounds = [data.origin];
    data.points.forEach(function (p) {
      window.L.marker([p.lat, p.lon], { title: p.rank + ". " + p.name, alt: p.rank + ". " + p.name }).addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    map.fitBounds(bounds, { padding: [20, 20] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showMap);
  } else {
    showMap();
  }
})();
