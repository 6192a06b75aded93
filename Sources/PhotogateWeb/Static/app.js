// Photogate's little JavaScript: every page works without it; this only makes some things
// quicker (keyboard shortcuts, choosing a face by clicking it, drawing a box round a missed
// face, a note while photos are sent). No framework, no CDN.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  shortcuts();
  faceChooser();
  boxDrawing();
  uploadNote();
  copyButtons();
});

// A key named by a link's data-key follows that link ("n": the next photo needing a decision),
// unless the person is typing.
function shortcuts() {
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const link = document.querySelector(`a[data-key="${CSS.escape(event.key)}"]`);
    if (link) {
      event.preventDefault();
      link.click();
    }
  });
}

// Clicking a face on the photo opens its form in the panel, ready to type a name.
function faceChooser() {
  for (const link of document.querySelectorAll(".face-link")) {
    link.addEventListener("click", (event) => {
      const item = document.querySelector(link.getAttribute("href"));
      if (!item) return;
      event.preventDefault();
      for (const chosen of document.querySelectorAll(".face-item.chosen")) chosen.classList.remove("chosen");
      item.classList.add("chosen");
      const details = item.querySelector("details");
      if (details) details.open = true;
      item.scrollIntoView({ block: "nearest" });
      const input = item.querySelector("input[name=person]");
      if (input) input.focus();
    });
  }
}

// Dragging on the photo draws a box round a face the detector missed; its pixels (in the
// photo's own size) go into the "face that was missed" form.
function boxDrawing() {
  const frame = document.querySelector(".photo-frame");
  const field = document.getElementById("drawn-box");
  if (!frame || !field) return;
  const svg = frame.querySelector("svg");
  const drawn = svg.querySelector(".drawn");
  const width = Number(frame.dataset.width), height = Number(frame.dataset.height);
  let start = null;
  const point = (event) => {
    const rect = svg.getBoundingClientRect();
    return {
      x: Math.max(0, Math.min(width, (event.clientX - rect.left) / rect.width * width)),
      y: Math.max(0, Math.min(height, (event.clientY - rect.top) / rect.height * height)),
    };
  };
  const box = (a, b) => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) });
  svg.addEventListener("pointerdown", (event) => {
    if (event.target.closest(".face-link")) return;
    start = point(event);
    frame.classList.add("drawing");
    svg.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  svg.addEventListener("pointermove", (event) => {
    if (!start) return;
    const b = box(start, point(event));
    drawn.setAttribute("x", b.x); drawn.setAttribute("y", b.y);
    drawn.setAttribute("width", b.w); drawn.setAttribute("height", b.h);
    drawn.hidden = false;
  });
  svg.addEventListener("pointerup", (event) => {
    if (!start) return;
    const b = box(start, point(event));
    start = null;
    frame.classList.remove("drawing");
    if (b.w < 8 || b.h < 8) { drawn.hidden = true; return; }
    field.value = [b.x, b.y, b.w, b.h].map(Math.round).join(",");
    const person = document.querySelector("#draw-form input[name=person]");
    if (person) person.focus();
  });
}

// Sending hundreds of photos takes a while: say so, and stop a second click sending them twice.
function uploadNote() {
  const form = document.getElementById("batch-form");
  if (!form) return;
  form.addEventListener("submit", () => {
    const note = form.querySelector(".sending");
    if (note) note.hidden = false;
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
  });
}

// A button with data-copy puts the text of the element it names on the clipboard (the audit
// log's head hash, to note down); without JavaScript the hash is there to select.
function copyButtons() {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy)?.textContent ?? "";
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select it and copy";
      }
    });
  }
}
