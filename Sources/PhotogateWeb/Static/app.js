// Photogate's little JavaScript: every page works without it; this only makes some things
// quicker (keyboard shortcuts, the person picker, live progress). No framework, no CDN.
"use strict";
