/* reportgen's map of the papers: a canvas, no library, nothing fetched (render/papermap.py writes the data).
   Hover shows a paper's title, a click opens it, the search box finds papers by title, the wheel, a drag
   and the buttons zoom and pan, a click on a theme in the legend picks it out.  window.reportgenMap
   exposes the state the browser tests read. */
(function () {
  "use strict";
  var box = document.getElementById("paper-map");
  var data = JSON.parse(document.getElementById("paper-map-data").textContent);
  var canvas = box.querySelector("canvas"), ctx = canvas.getContext("2d"), base = document.createElement("canvas");
  var tip = box.querySelector(".map-tip"), input = box.querySelector("input[type=search]");
  var found = box.querySelector(".map-found"), legend = box.querySelector(".map-legend");
  var n = data.x.length, lower = data.title.map(function (t) { return t.toLowerCase(); });
  var view = { k: 1, x: 0, y: 0 }, width = 0, height = 0, hovered = -1, picked = null, theme = -1;
  var state = { drawn: 0, points: n, hovered: null, matches: [] };
  window.reportgenMap = state;

  function colour(i) { return data.t[i] < 0 ? data.other : data.themes[data.t[i]].colour; }
  function sx(i) { return (data.x[i] * view.k + view.x); }
  function sy(i) { return (data.y[i] * view.k + view.y); }
  state.screenOf = function (i) { return [sx(i), sy(i)]; };
  state.indexOf = function (title) { return data.title.indexOf(title); };

  function fit() {  /* the points' extent (data.w by data.h) fills the canvas, less a margin */
    var m = 24, k = Math.min((width - 2 * m) / data.w, (height - 2 * m) / data.h);
    view = { k: k, x: (width - k * data.w) / 2, y: (height - k * data.h) / 2 };
  }

  function resize() {
    var ratio = window.devicePixelRatio || 1;
    width = box.querySelector(".map-canvas").clientWidth; height = Math.max(320, Math.min(640, width * data.h / data.w));
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    canvas.style.width = width + "px"; canvas.style.height = height + "px";
    base.width = canvas.width; base.height = canvas.height;
  }

  function shown(i) { return picked === null ? (theme < 0 || data.t[i] === theme) : picked.has(i); }

  function draw() {  /* points and names into the base layer; present() puts it on screen */
    var c = base.getContext("2d"), ratio = window.devicePixelRatio || 1;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, height);
    var r = radius(), drawn = 0, faded = picked !== null || theme >= 0;
    for (var pass = 0; pass < 2; pass++) {  /* faded points first, so the picked ones sit on top */
      for (var i = 0; i < n; i++) {
        var on = shown(i);
        if ((pass === 0) === (faded && on)) continue;
        var x = sx(i), y = sy(i);
        if (x >= -r && y >= -r && x <= width + r && y <= height + r) drawn++;
        c.globalAlpha = faded && !on ? 0.15 : 0.85;
        c.fillStyle = colour(i);
        c.beginPath(); c.arc(x, y, faded && on ? r + 1.2 : r, 0, 6.2832); c.fill();
      }
    }
    c.globalAlpha = 1;
    labels(c);
    state.drawn = drawn;
    present();
  }

  function present() {  /* the base layer, and the hovered paper's ring: a hover redraws no point */
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(base, 0, 0);
    var ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (hovered >= 0) {
      ctx.strokeStyle = "#1d1d1f"; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(sx(hovered), sy(hovered), radius() + 3, 0, 6.2832); ctx.stroke();
    }
  }

  var pending = false;
  function later() {  /* one redraw per frame however many wheel or drag events arrive */
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; draw(); });
  }

  function radius() { return n > 10000 ? 1.6 : 2.6; }

  function labels(ctx) {  /* theme names at their centres, largest first; a name that would overlap one drawn is skipped */
    var taken = [];
    ctx.font = "600 11px 'DejaVu Sans', system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
    data.themes.forEach(function (t, index) {
      if (theme >= 0 && index !== theme) return;
      var x = t.cx * view.k + view.x, y = t.cy * view.k + view.y, w = ctx.measureText(t.name).width + 4, h = 14;
      var b = [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
      if (b[2] < 0 || b[0] > width || b[3] < 0 || b[1] > height) return;
      if (taken.some(function (o) { return b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]; })) return;
      taken.push(b);
      ctx.lineJoin = "round"; ctx.lineWidth = 3.5; ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(t.name, x, y + 0.5);  /* a halo, not a box: the points around a name stay visible */
      ctx.fillStyle = "#1d1d1f"; ctx.fillText(t.name, x, y + 0.5);
    });
  }

  function nearest(px, py) {
    var best = -1, bestD = 64;  /* within 8 px */
    for (var i = 0; i < n; i++) {
      if (!shown(i) && (picked !== null || theme >= 0)) continue;
      var dx = sx(i) - px, dy = sy(i) - py, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }

  function at(event) { var rect = canvas.getBoundingClientRect(); return [event.clientX - rect.left, event.clientY - rect.top]; }

  function hover(i, px, py) {
    hovered = i;
    state.hovered = i >= 0 ? data.title[i] : null;
    if (i < 0) { tip.hidden = true; } else {
      tip.textContent = "";
      var strong = document.createElement("strong"); strong.textContent = data.title[i]; tip.appendChild(strong);
      var small = document.createElement("span");
      small.textContent = data.t[i] < 0 ? "Other" : data.themes[data.t[i]].name; tip.appendChild(small);
      tip.hidden = false;
      tip.style.left = Math.min(px + 12, width - tip.offsetWidth - 4) + "px";
      tip.style.top = (py + 14 + tip.offsetHeight > height ? py - tip.offsetHeight - 10 : py + 14) + "px";
    }
    canvas.style.cursor = i >= 0 && data.href[i] ? "pointer" : "default";
    present();
  }

  function open(i) {
    var href = data.href[i];
    if (!href) return;
    if (href.charAt(0) === "#") { window.location.hash = href; } else { window.open(href, "_blank", "noopener"); }
  }

  function zoom(factor, px, py) {
    view.x = px - (px - view.x) * factor; view.y = py - (py - view.y) * factor; view.k *= factor; later();
  }

  var drag = null;
  canvas.addEventListener("mousedown", function (e) { drag = { p: at(e), x: view.x, y: view.y, moved: false }; });
  window.addEventListener("mouseup", function () { setTimeout(function () { drag = null; }, 0); });
  canvas.addEventListener("mousemove", function (e) {
    var p = at(e);
    if (drag && (Math.abs(p[0] - drag.p[0]) + Math.abs(p[1] - drag.p[1]) > 3 || drag.moved)) {
      drag.moved = true; view.x = drag.x + p[0] - drag.p[0]; view.y = drag.y + p[1] - drag.p[1]; tip.hidden = true; later(); return;
    }
    hover(nearest(p[0], p[1]), p[0], p[1]);
  });
  canvas.addEventListener("mouseleave", function () { hover(-1, 0, 0); });
  canvas.addEventListener("click", function (e) {
    if (drag && drag.moved) return;
    var p = at(e), i = nearest(p[0], p[1]);
    if (i >= 0) open(i);
  });
  canvas.addEventListener("wheel", function (e) {
    e.preventDefault(); var p = at(e); zoom(e.deltaY < 0 ? 1.25 : 0.8, p[0], p[1]);
  }, { passive: false });
  canvas.addEventListener("dblclick", function () { fit(); draw(); });
  box.querySelector(".map-in").addEventListener("click", function () { zoom(1.5, width / 2, height / 2); });
  box.querySelector(".map-out").addEventListener("click", function () { zoom(1 / 1.5, width / 2, height / 2); });
  box.querySelector(".map-reset").addEventListener("click", function () {
    fit(); theme = -1; picked = null; input.value = ""; search(); draw();
  });

  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), matches = [];
    if (words.length) {
      for (var i = 0; i < n; i++) {
        if (words.every(function (w) { return lower[i].indexOf(w) >= 0; })) matches.push(i);
      }
    }
    picked = words.length ? new Set(matches) : null;
    state.matches = matches.map(function (i) { return data.title[i]; });
    found.textContent = "";
    if (words.length) {
      var head = document.createElement("p");
      head.textContent = matches.length === 1 ? "1 paper matches" : matches.length + " papers match";
      found.appendChild(head);
      var list = document.createElement("ol");
      matches.slice(0, 8).forEach(function (i) {
        var item = document.createElement("li"), button = document.createElement("button");
        button.type = "button"; button.textContent = data.title[i];
        button.addEventListener("click", function () {
          view.x += width / 2 - sx(i); view.y += height / 2 - sy(i); hover(i, width / 2, height / 2);
        });
        item.appendChild(button); list.appendChild(item);
      });
      found.appendChild(list);
    }
    draw();
  }
  input.addEventListener("input", search);

  data.themes.forEach(function (t, index) {
    var item = document.createElement("li"), button = document.createElement("button");
    button.type = "button";
    var swatch = document.createElement("span"); swatch.className = "map-swatch"; swatch.style.background = t.colour;
    button.appendChild(swatch); button.appendChild(document.createTextNode(t.name));
    button.addEventListener("click", function () {
      theme = theme === index ? -1 : index;
      Array.prototype.forEach.call(legend.querySelectorAll("button"), function (b, j) { b.setAttribute("aria-pressed", String(j === theme)); });
      draw();
    });
    item.appendChild(button); legend.appendChild(item);
  });

  box.classList.add("map-live");
  if (box.parentNode.tagName === "FIGURE") box.parentNode.classList.add("live-map");  /* its static picture steps aside */
  resize(); fit(); draw();
  window.addEventListener("resize", function () { resize(); fit(); draw(); });
  window.reportgenMapReady = true;
})();
